//! Media sessions per user and per client address on this node.
//!
//! Owns: the count of live media legs (publishes and plays, from the SDK's WebSocket,
//! WHIP / WHEP, or another node's gateway) per user and per client address, and the
//! refusal when a new one would go over. A leg is counted from before its offer reaches the
//! media engine (a [`Reservation`], so concurrent offers cannot slip past the limit) until
//! the engine reports it gone (`SfuEvent::PeerGone`), whatever ended it.
//!
//! Counted where the leg lives: the room's node. A user whose legs live on several nodes is
//! bounded on each of them.
//!
//! Connection tests (`probe`, anonymous) are counted apart: a few per client address and
//! a bounded number on the node, so the test page cannot be used to hold media legs.
//!
//! Must not: talk to the engine or the network; it only counts.

use std::collections::HashMap;
use std::net::IpAddr;

use liveroom_protocol::{ErrorCode, UserId};
use liveroom_sfu::PeerId;
use liveroom_telemetry::metrics;
use parking_lot::Mutex;
use serde::{Deserialize, Serialize};

use crate::host::Refusal;

/// Who asks for a media leg.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MediaClient {
    /// The app.
    pub sdkappid: u64,
    /// The authenticated user.
    pub user: UserId,
    /// The client's address; `None` when it is exempt from per-address limits (a trusted
    /// local proxy that forwarded no address).
    #[serde(default)]
    pub addr: Option<IpAddr>,
}

/// The limits.
#[derive(Debug, Clone, Copy)]
pub struct MediaLimits {
    /// Legs one user may hold on this node.
    pub per_user: u32,
    /// Legs one client address may hold on this node.
    pub per_addr: u32,
}

impl Default for MediaLimits {
    fn default() -> Self {
        Self { per_user: 20, per_addr: 200 }
    }
}

/// Connection tests one client address may run at once (UDP and ICE-TCP side by side).
pub const PROBES_PER_ADDR: u32 = 2;
/// Connection tests the node runs at once.
pub const PROBES_PER_NODE: u32 = 64;

/// Who holds a counted leg.
#[derive(Debug, Clone)]
enum Holder {
    Client(MediaClient),
    Probe(Option<IpAddr>),
}

#[derive(Default)]
struct Counts {
    by_user: HashMap<(u64, UserId), u32>,
    by_addr: HashMap<IpAddr, u32>,
    probes_by_addr: HashMap<IpAddr, u32>,
    probes: u32,
    legs: HashMap<PeerId, Holder>,
}

fn decrement(map: &mut HashMap<IpAddr, u32>, addr: IpAddr) {
    if let Some(n) = map.get_mut(&addr) {
        *n = n.saturating_sub(1);
        if *n == 0 {
            map.remove(&addr);
        }
    }
}

impl Counts {
    fn release(&mut self, client: &MediaClient) {
        let key = (client.sdkappid, client.user.clone());
        if let Some(n) = self.by_user.get_mut(&key) {
            *n = n.saturating_sub(1);
            if *n == 0 {
                self.by_user.remove(&key);
            }
        }
        if let Some(addr) = client.addr {
            decrement(&mut self.by_addr, addr);
        }
    }

    fn release_holder(&mut self, holder: &Holder) {
        match holder {
            Holder::Client(client) => self.release(client),
            Holder::Probe(addr) => {
                self.probes = self.probes.saturating_sub(1);
                if let Some(addr) = addr {
                    decrement(&mut self.probes_by_addr, *addr);
                }
            }
        }
    }
}

/// The counts of one node. See the module docs.
#[derive(Default)]
pub struct MediaQuota {
    limits: MediaLimits,
    counts: Mutex<Counts>,
}

/// A counted leg not yet answered by the engine: [`Reservation::bind`] it to the engine's
/// peer, or drop it (the offer failed) to give the count back.
pub struct Reservation<'a> {
    quota: &'a MediaQuota,
    holder: Option<Holder>,
}

impl MediaQuota {
    /// Counts under `limits`.
    pub fn new(limits: MediaLimits) -> Self {
        Self { limits, counts: Mutex::default() }
    }

    /// Counts one more leg of `client`, or refuses with `QuotaExceeded`.
    pub fn reserve(&self, client: &MediaClient) -> Result<Reservation<'_>, Refusal> {
        let mut counts = self.counts.lock();
        let user = counts.by_user.get(&(client.sdkappid, client.user.clone())).copied().unwrap_or(0);
        if user >= self.limits.per_user {
            metrics().chat.limit_refusals.with_label_values(&["media_per_user"]).inc();
            return Err(Refusal {
                code: ErrorCode::QuotaExceeded,
                message: format!("at most {} media sessions per user on this node", self.limits.per_user),
            });
        }
        if let Some(addr) = client.addr {
            if counts.by_addr.get(&addr).copied().unwrap_or(0) >= self.limits.per_addr {
                metrics().chat.limit_refusals.with_label_values(&["media_per_addr"]).inc();
                return Err(Refusal {
                    code: ErrorCode::QuotaExceeded,
                    message: format!("at most {} media sessions per client address", self.limits.per_addr),
                });
            }
            *counts.by_addr.entry(addr).or_default() += 1;
        }
        *counts.by_user.entry((client.sdkappid, client.user.clone())).or_default() += 1;
        Ok(Reservation { quota: self, holder: Some(Holder::Client(client.clone())) })
    }

    /// Counts one more connection test from `addr` (`None`: exempt from the address
    /// limit), or refuses with `QuotaExceeded`.
    pub fn reserve_probe(&self, addr: Option<IpAddr>) -> Result<Reservation<'_>, Refusal> {
        let mut counts = self.counts.lock();
        if counts.probes >= PROBES_PER_NODE {
            metrics().chat.limit_refusals.with_label_values(&["probe_per_node"]).inc();
            return Err(Refusal {
                code: ErrorCode::QuotaExceeded,
                message: format!("this node runs {PROBES_PER_NODE} connection tests already; try again shortly"),
            });
        }
        if let Some(addr) = addr {
            if counts.probes_by_addr.get(&addr).copied().unwrap_or(0) >= PROBES_PER_ADDR {
                metrics().chat.limit_refusals.with_label_values(&["probe_per_addr"]).inc();
                return Err(Refusal {
                    code: ErrorCode::QuotaExceeded,
                    message: format!("at most {PROBES_PER_ADDR} connection tests at once per client address"),
                });
            }
            *counts.probes_by_addr.entry(addr).or_default() += 1;
        }
        counts.probes += 1;
        Ok(Reservation { quota: self, holder: Some(Holder::Probe(addr)) })
    }

    /// The engine dropped `peer`: its count is given back.
    pub fn release(&self, peer: PeerId) {
        let mut counts = self.counts.lock();
        if let Some(holder) = counts.legs.remove(&peer) {
            counts.release_holder(&holder);
        }
    }

    /// Connection tests running on this node.
    pub fn probes(&self) -> u32 {
        self.counts.lock().probes
    }

    /// Legs `user` holds here.
    pub fn legs_of(&self, sdkappid: u64, user: &UserId) -> u32 {
        self.counts.lock().by_user.get(&(sdkappid, user.clone())).copied().unwrap_or(0)
    }
}

impl Reservation<'_> {
    /// The engine answered with `peer`: the count stays until the peer is gone.
    pub fn bind(mut self, peer: PeerId) {
        if let Some(holder) = self.holder.take() {
            self.quota.counts.lock().legs.insert(peer, holder);
        }
    }
}

impl Drop for Reservation<'_> {
    fn drop(&mut self) {
        if let Some(holder) = self.holder.take() {
            self.quota.counts.lock().release_holder(&holder);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn client(user: &str, addr: Option<&str>) -> MediaClient {
        MediaClient { sdkappid: 1, user: UserId::new(user).unwrap(), addr: addr.map(|a| a.parse().unwrap()) }
    }

    #[test]
    fn legs_are_bounded_per_user_and_per_address_and_given_back() {
        let q = MediaQuota::new(MediaLimits { per_user: 2, per_addr: 3 });
        let eve = client("eve", Some("192.0.2.1"));
        q.reserve(&eve).unwrap().bind(PeerId(1));
        q.reserve(&eve).unwrap().bind(PeerId(2));
        let refused = q.reserve(&eve).err().expect("a third leg of one user");
        assert_eq!(refused.code, ErrorCode::QuotaExceeded);
        // Another user from the same address: the address limit.
        q.reserve(&client("mallory", Some("192.0.2.1"))).unwrap().bind(PeerId(3));
        assert!(q.reserve(&client("trudy", Some("192.0.2.1"))).is_err());
        assert!(q.reserve(&client("trudy", Some("192.0.2.2"))).is_ok(), "another address");
        q.release(PeerId(1));
        assert_eq!(q.legs_of(1, &eve.user), 1);
        assert!(q.reserve(&eve).is_ok(), "a leg that ended gives its place back");
    }

    #[test]
    fn a_failed_offer_gives_its_reservation_back() {
        let q = MediaQuota::new(MediaLimits { per_user: 1, per_addr: 1 });
        let c = client("u", Some("192.0.2.9"));
        drop(q.reserve(&c).unwrap());
        q.reserve(&c).unwrap().bind(PeerId(7));
        assert!(q.reserve(&c).is_err());
        q.release(PeerId(7));
        q.release(PeerId(7));
        assert_eq!(q.legs_of(1, &c.user), 0);
        let counts = q.counts.lock();
        assert!(counts.by_addr.is_empty() && counts.by_user.is_empty() && counts.legs.is_empty());
    }

    #[test]
    fn connection_tests_are_bounded_per_address_and_per_node_apart_from_media() {
        let q = MediaQuota::new(MediaLimits { per_user: 1, per_addr: 1 });
        let addr: IpAddr = "192.0.2.7".parse().unwrap();
        q.reserve(&client("u", Some("192.0.2.7"))).unwrap().bind(PeerId(1));
        for i in 0..PROBES_PER_ADDR {
            q.reserve_probe(Some(addr)).unwrap().bind(PeerId(10 + u64::from(i)));
        }
        assert_eq!(q.reserve_probe(Some(addr)).err().map(|r| r.code), Some(ErrorCode::QuotaExceeded));
        q.release(PeerId(10));
        q.reserve_probe(Some(addr)).unwrap().bind(PeerId(20));
        // The node-wide bound holds for addresses that are each under their own.
        let mut n = u64::from(q.probes());
        let mut held = Vec::new();
        while n < u64::from(PROBES_PER_NODE) {
            let other: IpAddr = format!("198.51.100.{}", n % 250).parse().unwrap();
            held.push(q.reserve_probe(Some(other)).unwrap());
            n += 1;
        }
        assert!(q.reserve_probe(Some("203.0.113.1".parse().unwrap())).is_err());
        assert!(q.reserve_probe(None).is_err(), "exempt addresses count towards the node's bound");
        drop(held);
        assert_eq!(q.probes(), PROBES_PER_ADDR);
        assert_eq!(q.legs_of(1, &UserId::new("u").unwrap()), 1, "media legs are counted apart");
    }
}
