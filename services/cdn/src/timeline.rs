//! One stream's clock: every track's RTP timestamps (32-bit, wrapping, random start) put on
//! one timeline that starts at zero when the stream's first packet arrived, so audio and
//! video line up. A track's offset from the stream start is fixed by the arrival time of
//! its first packet; after that only its RTP timestamps count (arrival jitter does not).

use std::time::Instant;

/// A track's position on the stream timeline.
#[derive(Debug, Clone)]
pub struct TrackClock {
    clock_rate: u32,
    /// (first extended RTP timestamp, its offset from the stream start in ticks)
    anchor: Option<(i64, u64)>,
    last: i64,
}

impl TrackClock {
    /// A clock for a track sampled at `clock_rate` Hz (90 000 video, 48 000 Opus).
    pub fn new(clock_rate: u32) -> Self {
        Self { clock_rate, anchor: None, last: 0 }
    }

    /// The tick (at this track's rate) of RTP timestamp `rtp` that arrived at `arrival`,
    /// for a stream that started at `start`. Never negative.
    pub fn ticks(&mut self, rtp: u32, arrival: Instant, start: Instant) -> u64 {
        let extended = match self.anchor {
            None => {
                let offset = arrival.saturating_duration_since(start).as_secs_f64() * f64::from(self.clock_rate);
                self.anchor = Some((i64::from(rtp), offset as u64));
                i64::from(rtp)
            }
            Some(_) => self.last + i64::from(rtp.wrapping_sub(self.last as u32) as i32),
        };
        self.last = extended;
        let (first, offset) = self.anchor.unwrap_or((extended, 0));
        (offset as i64 + (extended - first)).max(0) as u64
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn offsets_by_first_arrival_then_follows_rtp_across_the_wrap() {
        let start = Instant::now();
        let mut c = TrackClock::new(90_000);
        let first = u32::MAX - 1_000;
        assert_eq!(c.ticks(first, start + Duration::from_millis(100), start), 9_000);
        // Arrival jitter does not move it; the wrap does not either.
        assert_eq!(c.ticks(1_999, start, start), 12_000);
        assert_eq!(c.ticks(4_999, start, start), 15_000);
        // Late packets from either side of the wrap still map backwards correctly.
        assert_eq!(c.ticks(499, start, start), 10_500);
        assert_eq!(c.ticks(first + 500, start, start), 9_500);
    }

    #[test]
    fn never_negative() {
        let start = Instant::now();
        let mut c = TrackClock::new(48_000);
        c.ticks(10_000, start, start);
        assert_eq!(c.ticks(5_000, start, start), 0);
    }
}
