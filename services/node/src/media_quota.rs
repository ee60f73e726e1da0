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

#[derive(Default)]
struct Counts {
    by_user: HashMap<(u64, UserId), u32>,
    by_addr: HashMap<IpAddr, u32>,
    legs: HashMap<PeerId, MediaClient>,
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
            if let Some(n) = self.by_addr.get_mut(&addr) {
                *n = n.saturating_sub(1);
                if *n == 0 {
                    self.by_addr.remove(&addr);
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
    client: Option<MediaClient>,
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
        Ok(Reservation { quota: self, client: Some(client.clone()) })
    }

    /// The engine dropped `peer`: its count is given back.
    pub fn release(&self, peer: PeerId) {
        let mut counts = self.counts.lock();
        if let Some(client) = counts.legs.remove(&peer) {
            counts.release(&client);
        }
    }

    /// Legs `user` holds here.
    pub fn legs_of(&self, sdkappid: u64, user: &UserId) -> u32 {
        self.counts.lock().by_user.get(&(sdkappid, user.clone())).copied().unwrap_or(0)
    }
}

impl Reservation<'_> {
    /// The engine answered with `peer`: the count stays until the peer is gone.
    pub fn bind(mut self, peer: PeerId) {
        if let Some(client) = self.client.take() {
            self.quota.counts.lock().legs.insert(peer, client);
        }
    }
}

impl Drop for Reservation<'_> {
    fn drop(&mut self) {
        if let Some(client) = self.client.take() {
            self.quota.counts.lock().release(&client);
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
}
