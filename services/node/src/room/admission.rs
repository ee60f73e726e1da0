//! Per-room inbound admission: a token bucket whose admission threshold rises as priority
//! falls, so under load the room drops LOWEST first, then LOW, then NORMAL, and HIGH last.
//!
//! Tokens refill at `rate` per second up to `burst`. A message needs the bucket to hold at
//! least its priority's threshold and then takes one token:
//! LOWEST ¾·burst, LOW ½·burst, NORMAL 1, HIGH −burst (HIGH may borrow one burst ahead).
//! Any single priority alone still gets the full rate; mixed, the higher ones win.

use std::time::Instant;

use liveroom_protocol::Priority;

/// The room's admission state.
#[derive(Debug, Clone)]
pub struct Admission {
    rate: f64,
    burst: f64,
    tokens: f64,
    last: Instant,
}

impl Admission {
    /// A full bucket admitting `rate` messages per second with bursts of `burst`.
    pub fn new(rate: u32, burst: u32, now: Instant) -> Self {
        let burst = f64::from(burst.max(1));
        Self { rate: f64::from(rate.max(1)), burst, tokens: burst, last: now }
    }

    fn threshold(&self, priority: Priority) -> f64 {
        match priority {
            Priority::Lowest => 0.75 * self.burst,
            Priority::Low => 0.5 * self.burst,
            Priority::Normal => 1.0,
            Priority::High => -self.burst + 1.0,
        }
    }

    /// Whether a message of `priority` is admitted at `now` (taking a token if so).
    pub fn admit(&mut self, priority: Priority, now: Instant) -> bool {
        let elapsed = now.saturating_duration_since(self.last).as_secs_f64();
        self.last = now;
        self.tokens = (self.tokens + elapsed * self.rate).min(self.burst);
        if self.tokens >= self.threshold(priority) {
            self.tokens -= 1.0;
            true
        } else {
            false
        }
    }

    /// Whether the room is currently over its rate (NORMAL would be refused).
    pub fn saturated(&self) -> bool {
        self.tokens < 1.0
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;

    /// Offers `per_tick` messages of each priority every 10 ms for `secs` seconds.
    fn run(rate: u32, per_tick: [u32; 4], secs: u64) -> [u32; 4] {
        let t0 = Instant::now();
        let mut a = Admission::new(rate, rate, t0);
        let mut admitted = [0u32; 4];
        for tick in 0..(secs * 100) {
            let now = t0 + Duration::from_millis(tick * 10);
            for p in Priority::ALL.iter().rev() {
                for _ in 0..per_tick[p.index()] {
                    if a.admit(*p, now) {
                        admitted[p.index()] += 1;
                    }
                }
            }
        }
        admitted
    }

    #[test]
    fn under_rate_everything_passes() {
        // 10/s of each priority = 40/s total at rate 40: all admitted (burst absorbs jitter).
        let t0 = Instant::now();
        let mut a = Admission::new(40, 40, t0);
        for i in 0..40 {
            let p = Priority::ALL[i % 4];
            assert!(a.admit(p, t0 + Duration::from_millis(25 * i as u64)), "message {i}");
        }
    }

    #[test]
    fn overload_drops_lowest_then_low_then_normal() {
        // Offer 100/s of each priority at rate 40 for 10 s.
        let got = run(40, [1, 1, 1, 1], 10);
        let [lowest, low, normal, high] = got;
        assert!(high >= 380, "high kept: {got:?}");
        assert!(normal < high && low <= normal && lowest <= low, "ordering: {got:?}");
        assert!(lowest < 10, "lowest nearly all dropped: {got:?}");
        let total: u32 = got.iter().sum();
        assert!(total <= 40 * 10 + 80, "bounded by rate plus bursts: {got:?}");
    }

    #[test]
    fn a_single_priority_alone_gets_the_full_rate() {
        let got = run(40, [1, 0, 0, 0], 10);
        assert!(got[0] >= 380, "{got:?}");
    }
}
