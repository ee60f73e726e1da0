//! How fast one user, and one client address, may create rooms on this node (whichever
//! way: the HTTP API or the chat WebSocket).
//!
//! Owns: a token bucket per key (`per_minute` a minute, the same as a burst). Idle keys are
//! forgotten now and then, so the buckets are as many as the recent creators.
//!
//! Must not: block or read the clock itself beyond governor's own.

use std::hash::Hash;
use std::net::IpAddr;
use std::num::NonZeroU32;
use std::sync::atomic::{AtomicU64, Ordering};

use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};

/// A token bucket per key.
pub struct Buckets<K: Hash + Eq + Clone> {
    limiter: DefaultKeyedRateLimiter<K>,
    checks: AtomicU64,
}

impl<K: Hash + Eq + Clone> Buckets<K> {
    /// Buckets of `per_minute` (at least 1).
    pub fn per_minute(per_minute: u32) -> Self {
        let n = NonZeroU32::new(per_minute.max(1)).expect("max(1)");
        Self { limiter: RateLimiter::keyed(Quota::per_minute(n).allow_burst(n)), checks: AtomicU64::new(0) }
    }

    /// Whether `key` may create one more now (and counts it).
    pub fn allow(&self, key: &K) -> bool {
        if self.checks.fetch_add(1, Ordering::Relaxed) % 1024 == 1023 {
            self.limiter.retain_recent();
        }
        self.limiter.check_key(key).is_ok()
    }
}

/// Room creations per user and per address.
pub struct CreationRate {
    by_user: Buckets<(u64, String)>,
    by_addr: Buckets<IpAddr>,
    per_minute: u32,
}

impl CreationRate {
    /// At most `per_minute` creations a minute per user and per address.
    pub fn new(per_minute: u32) -> Self {
        Self { by_user: Buckets::per_minute(per_minute), by_addr: Buckets::per_minute(per_minute), per_minute }
    }

    /// Whether `user` (from `addr`, none when exempt) may create a room now.
    pub fn allow(&self, sdkappid: u64, user: &str, addr: Option<IpAddr>) -> bool {
        self.by_user.allow(&(sdkappid, user.to_owned())) && addr.is_none_or(|a| self.by_addr.allow(&a))
    }

    /// The configured rate.
    pub fn per_minute(&self) -> u32 {
        self.per_minute
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn creations_are_limited_per_user_and_per_address() {
        let rate = CreationRate::new(2);
        let a: IpAddr = "192.0.2.1".parse().unwrap();
        assert!(rate.allow(1, "eve", Some(a)));
        assert!(rate.allow(1, "eve", None));
        assert!(!rate.allow(1, "eve", None), "a third room in a minute");
        assert!(rate.allow(1, "bob", Some(a)));
        assert!(!rate.allow(1, "carol", Some(a)), "a third room from one address");
        assert!(rate.allow(2, "eve", None), "another app");
    }
}
