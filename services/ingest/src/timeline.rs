//! One RTMP connection's clock: its 32-bit millisecond timestamps (shared by audio and
//! video) onto a continuous timeline starting at 0.
//!
//! The wrap at 2^32 ms is followed. A jump further than [`MAX_FORWARD_MS`] ahead or
//! [`MAX_BACK_MS`] behind the latest time seen (an encoder restarting its clock, a
//! switcher changing sources) is taken out: the timeline goes on [`STEP_MS`] after the
//! latest time, so players see continuous media instead of a long gap or time running
//! backwards. Small steps back are kept (audio and video interleave a little out of order).

/// The largest step forward taken as real time (a stalled network delivers late, not
/// stamped later; beyond this the encoder's clock jumped).
pub const MAX_FORWARD_MS: i64 = 3_000;
/// The largest step back taken as interleaving.
pub const MAX_BACK_MS: i64 = 500;
/// Where the timeline goes on after a jump: one frame's time.
pub const STEP_MS: i64 = 20;

/// See the module docs.
#[derive(Debug, Default)]
pub struct Timeline {
    /// `None` until the first timestamp.
    offset: Option<i64>,
    last_raw: u32,
    extended: i64,
    latest: i64,
    /// Jumps taken out so far.
    pub jumps: u64,
}

impl Timeline {
    /// Maps one timestamp (ms) to the continuous timeline (ms).
    pub fn map(&mut self, ts: u32) -> u64 {
        let extended = match self.offset {
            None => i64::from(ts),
            Some(_) => self.extended + i64::from(ts.wrapping_sub(self.last_raw) as i32),
        };
        self.last_raw = ts;
        self.extended = extended;
        let offset = *self.offset.get_or_insert(-extended);
        let mut out = extended + offset;
        if out > self.latest + MAX_FORWARD_MS || out < self.latest - MAX_BACK_MS {
            self.jumps += 1;
            out = self.latest + STEP_MS;
            self.offset = Some(out - extended);
        }
        self.latest = self.latest.max(out);
        out.max(0) as u64
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn starts_at_zero_and_follows_the_wrap() {
        let mut t = Timeline::default();
        assert_eq!(t.map(u32::MAX - 9), 0);
        assert_eq!(t.map(u32::MAX), 9);
        assert_eq!(t.map(30), 40);
        assert_eq!(t.jumps, 0);
    }

    #[test]
    fn a_jump_either_way_continues_after_the_latest_time() {
        let mut t = Timeline::default();
        t.map(1_000);
        assert_eq!(t.map(1_040), 40);
        assert_eq!(t.map(900_000), 60, "an hour ahead");
        assert_eq!(t.map(900_020), 80);
        assert_eq!(t.map(10), 100, "clock restarted");
        assert_eq!(t.jumps, 2);
        // Interleaving a little out of order is not a jump.
        assert_eq!(t.map(0), 90);
        assert_eq!(t.jumps, 2);
    }

    #[test]
    fn a_stall_within_the_limit_keeps_its_real_gap() {
        let mut t = Timeline::default();
        t.map(0);
        assert_eq!(t.map(2_500), 2_500);
        assert_eq!(t.jumps, 0);
    }
}
