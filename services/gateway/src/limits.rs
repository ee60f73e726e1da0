//! What one client may hold at once: its address, found behind trusted proxies, and the
//! counters that bound connections and creations per address and per user.
//!
//! Owns: [`Limits`] (the settings), [`client_addr`] (the address a request is charged to),
//! [`AddrSlots`] (a count per address with a guard that gives the slot back on drop) and
//! [`Budget`] (the node's count of sessions). Media sessions and room creations are
//! bounded in the node crate, where every path to them passes.
//!
//! Must not: block, or grow without bound: every map here loses an entry when its count
//! returns to zero.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use actix_web::HttpRequest;
use ipnet::IpNet;
use parking_lot::Mutex;

/// Per-address and per-user limits of the gateway (`[server]` and `[chat]` settings).
#[derive(Debug, Clone)]
pub struct Limits {
    /// WebSocket sessions (chat and media signalling) one client address may hold.
    pub sessions_per_addr: u32,
    /// Sessions one address may hold that have neither logged in nor entered a room yet.
    /// Applies to exempt peers too (by their own address when they forward none): a
    /// handshake takes milliseconds, so only a flood of idle upgrades reaches it.
    pub handshakes_per_addr: u32,
    /// WebSocket sessions the whole node may hold: below the process's descriptor limit,
    /// with room left for probes, HTTP calls and the node link.
    pub max_sessions: usize,
    /// Peers whose own address is not limited: a reverse proxy on the same machine, load
    /// tests. Their `X-Forwarded-For` (the last address not in this list) is limited
    /// instead, when they send one.
    pub exempt: Vec<IpNet>,
}

impl Default for Limits {
    fn default() -> Self {
        Self { sessions_per_addr: 1000, handshakes_per_addr: 256, max_sessions: 60_000, exempt: default_exempt() }
    }
}

/// Loopback: a reverse proxy on the same machine.
pub fn default_exempt() -> Vec<IpNet> {
    ["127.0.0.0/8", "::1/128"].iter().filter_map(|n| n.parse().ok()).collect()
}

/// The address a request is charged to, or `None` when it comes from an exempt peer that
/// forwards no client address. Behind an exempt (trusted) proxy, the right-most address of
/// `X-Forwarded-For` that is not itself exempt is the client.
pub fn client_addr(req: &HttpRequest, exempt: &[IpNet]) -> Option<IpAddr> {
    let peer = req.peer_addr()?.ip();
    let trusted = |ip: &IpAddr| exempt.iter().any(|n| n.contains(ip));
    if !trusted(&peer) {
        return Some(peer);
    }
    let forwarded = req.headers().get("x-forwarded-for")?.to_str().ok()?;
    forwarded.rsplit(',').filter_map(|a| a.trim().parse::<IpAddr>().ok()).find(|ip| !trusted(ip))
}

/// A count per address, each below a maximum.
#[derive(Default)]
pub struct AddrSlots {
    held: Arc<Mutex<HashMap<IpAddr, u32>>>,
}

/// One slot of an address, given back when dropped.
pub struct AddrSlot {
    held: Arc<Mutex<HashMap<IpAddr, u32>>>,
    addr: IpAddr,
}

impl AddrSlots {
    /// Takes a slot of `addr` if it holds fewer than `max`.
    pub fn try_take(&self, addr: IpAddr, max: u32) -> Option<AddrSlot> {
        let mut held = self.held.lock();
        let count = held.entry(addr).or_insert(0);
        if *count >= max {
            if *count == 0 {
                held.remove(&addr);
            }
            return None;
        }
        *count += 1;
        Some(AddrSlot { held: self.held.clone(), addr })
    }

    /// Slots `addr` holds now.
    pub fn held(&self, addr: IpAddr) -> u32 {
        self.held.lock().get(&addr).copied().unwrap_or(0)
    }
}

impl Drop for AddrSlot {
    fn drop(&mut self) {
        let mut held = self.held.lock();
        if let Some(count) = held.get_mut(&self.addr) {
            *count = count.saturating_sub(1);
            if *count == 0 {
                held.remove(&self.addr);
            }
        }
    }
}

/// A node-wide count below a maximum (WebSocket sessions).
#[derive(Default)]
pub struct Budget {
    used: Arc<AtomicUsize>,
}

/// One unit of a [`Budget`], given back when dropped.
pub struct BudgetSlot(Arc<AtomicUsize>);

impl Budget {
    /// Takes one unit if fewer than `max` are in use.
    pub fn try_take(&self, max: usize) -> Option<BudgetSlot> {
        self.used
            .fetch_update(Ordering::AcqRel, Ordering::Acquire, |n| (n < max).then_some(n + 1))
            .ok()
            .map(|_| BudgetSlot(self.used.clone()))
    }
}

impl Drop for BudgetSlot {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::AcqRel);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use actix_web::test::TestRequest;

    #[test]
    fn slots_are_bounded_per_address_and_given_back() {
        let slots = AddrSlots::default();
        let a: IpAddr = "192.0.2.1".parse().unwrap();
        let b: IpAddr = "192.0.2.2".parse().unwrap();
        let held: Vec<_> = (0..3).map(|_| slots.try_take(a, 3).expect("under the limit")).collect();
        assert!(slots.try_take(a, 3).is_none(), "a fourth slot of one address");
        assert!(slots.try_take(b, 3).is_some(), "another address is not affected");
        drop(held);
        assert_eq!(slots.held(a), 0);
        assert!(slots.held.lock().get(&a).is_none(), "an address with no slot leaves the map");
        assert!(slots.try_take(a, 0).is_none());
        assert!(slots.held.lock().is_empty());
    }

    #[test]
    fn the_budget_is_bounded() {
        let budget = Budget::default();
        let one = budget.try_take(2).unwrap();
        let _two = budget.try_take(2).unwrap();
        assert!(budget.try_take(2).is_none());
        drop(one);
        assert!(budget.try_take(2).is_some());
    }

    #[test]
    fn a_trusted_proxy_forwards_the_client_address() {
        let exempt = default_exempt();
        let direct = TestRequest::default().peer_addr("198.51.100.7:5000".parse().unwrap()).to_http_request();
        assert_eq!(client_addr(&direct, &exempt), Some("198.51.100.7".parse().unwrap()));
        let local = TestRequest::default().peer_addr("127.0.0.1:5000".parse().unwrap()).to_http_request();
        assert_eq!(client_addr(&local, &exempt), None, "a local peer with nothing forwarded is exempt");
        let proxied = TestRequest::default()
            .peer_addr("127.0.0.1:5000".parse().unwrap())
            .insert_header(("x-forwarded-for", "203.0.113.9, 198.51.100.1, 127.0.0.1"))
            .to_http_request();
        assert_eq!(client_addr(&proxied, &exempt), Some("198.51.100.1".parse().unwrap()));
        // A stranger's own X-Forwarded-For is not believed.
        let spoofed = TestRequest::default()
            .peer_addr("198.51.100.7:5000".parse().unwrap())
            .insert_header(("x-forwarded-for", "203.0.113.9"))
            .to_http_request();
        assert_eq!(client_addr(&spoofed, &exempt), Some("198.51.100.7".parse().unwrap()));
        assert_eq!(client_addr(&local, &[]), Some("127.0.0.1".parse().unwrap()), "nothing exempt");
    }
}
