//! The addresses a node announces in its ICE candidates.
//!
//! A media socket bound to an unspecified address (`0.0.0.0`, `[::]`) receives on every
//! interface, but `0.0.0.0` in a candidate reaches nobody. Unless the operator names the
//! addresses (`media.advertise`), the node announces what it finds: the address a STUN
//! server saw (when one is configured), the Kubernetes host and pod IPs the manifest passes
//! in (`HOST_IP`, `POD_IP`), the source address of the default route, then every other
//! interface address that is up — at most [`MAX_ADDRESSES`], and never an unspecified one.
//!
//! [`choose`] is the decision, free of I/O (tested with made-up machines);
//! [`discover`] gathers the facts from this machine and [`stun_mapped`] asks a STUN server.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr, ToSocketAddrs, UdpSocket};
use std::time::{Duration, Instant};

/// Most addresses a node announces (one UDP and one TCP candidate each): enough for a
/// public, a private and a container address; hosts with dozens of bridges stay readable.
pub const MAX_ADDRESSES: usize = 6;

/// What a node knows about where it can be reached.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Facts {
    /// The address a STUN server saw the media socket's datagrams come from.
    pub stun: Option<SocketAddr>,
    /// Addresses from the environment (Kubernetes' downward API: `HOST_IP`, `POD_IP`).
    pub env: Vec<IpAddr>,
    /// The source address of the default route (what the kernel would send from).
    pub default_route: Option<IpAddr>,
    /// Addresses of the interfaces that are up, loopback included.
    pub interfaces: Vec<IpAddr>,
}

/// The decision: what to announce, and what the operator should hear about it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Announced {
    /// The candidates' addresses, best first.
    pub addrs: Vec<SocketAddr>,
    /// Warnings to log once at start.
    pub warnings: Vec<String>,
}

/// Chooses the announced addresses for a socket bound to `bound`. `explicit` (the
/// operator's `media.advertise`) wins outright; a socket bound to one address announces it.
pub fn choose(bound: SocketAddr, explicit: &[SocketAddr], facts: &Facts) -> Announced {
    if !explicit.is_empty() {
        return Announced { addrs: explicit.to_vec(), warnings: Vec::new() };
    }
    if !bound.ip().is_unspecified() {
        return Announced { addrs: vec![bound], warnings: Vec::new() };
    }
    let port = bound.port();
    // A socket bound to 0.0.0.0 takes IPv4 only; one bound to [::] takes both (dual stack).
    let family_ok = |ip: &IpAddr| bound.is_ipv6() || ip.is_ipv4();
    let usable = |ip: &IpAddr| family_ok(ip) && !ip.is_unspecified() && !ip.is_multicast() && !is_link_local(ip);

    let mut addrs: Vec<SocketAddr> = Vec::new();
    let mut push = |addr: SocketAddr| {
        if addrs.len() < MAX_ADDRESSES && !addrs.contains(&addr) {
            addrs.push(addr);
        }
    };
    if let Some(mapped) = facts.stun.filter(|a| usable(&a.ip())) {
        push(mapped);
    }
    let rest = facts
        .env
        .iter()
        .chain(facts.default_route.iter())
        .chain(facts.interfaces.iter().filter(|ip| !ip.is_loopback()));
    for ip in rest.filter(|ip| usable(ip)) {
        push(SocketAddr::new(*ip, port));
    }

    let mut warnings = Vec::new();
    if addrs.is_empty() {
        let loopback = if bound.is_ipv6() { IpAddr::V6(Ipv6Addr::LOCALHOST) } else { IpAddr::V4(Ipv4Addr::LOCALHOST) };
        addrs.push(SocketAddr::new(loopback, port));
        warnings.push(format!(
            "media: no interface address found besides loopback; announcing {loopback} only, so only clients on \
             this machine can reach the media port (set media.advertise)"
        ));
    } else if !addrs.iter().any(|a| is_public(&a.ip())) {
        let list: Vec<String> = addrs.iter().map(|a| a.ip().to_string()).collect();
        warnings.push(format!(
            "media: announcing only private addresses ({}); clients outside these networks cannot reach the media \
             port: set media.advertise to the public address (or port forward), or media.stun_server to learn it",
            list.join(", ")
        ));
    }
    Announced { addrs, warnings }
}

/// Whether an address can be reached from the internet (not loopback, private, link-local,
/// shared (CGNAT, 100.64/10), documentation or unique-local).
pub fn is_public(ip: &IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => {
            let [a, b, ..] = v4.octets();
            !(v4.is_loopback()
                || v4.is_private()
                || v4.is_link_local()
                || v4.is_unspecified()
                || v4.is_documentation()
                || v4.is_broadcast()
                || (a == 100 && (64..128).contains(&b)))
        }
        IpAddr::V6(v6) => {
            let first = v6.segments()[0];
            !(v6.is_loopback()
                || v6.is_unspecified()
                || (first & 0xfe00) == 0xfc00 // unique local
                || (first & 0xffc0) == 0xfe80 // link local
                || (first == 0x2001 && v6.segments()[1] == 0x0db8)) // documentation
        }
    }
}

fn is_link_local(ip: &IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => v4.is_link_local(),
        IpAddr::V6(v6) => (v6.segments()[0] & 0xffc0) == 0xfe80,
    }
}

/// Gathers this machine's facts (no STUN): the environment's `HOST_IP` / `POD_IP`, the
/// default route's source address and the addresses of the interfaces that are up.
pub fn discover() -> Facts {
    let env = ["HOST_IP", "POD_IP"]
        .iter()
        .filter_map(|name| std::env::var(name).ok())
        .filter_map(|v| v.trim().parse::<IpAddr>().ok())
        .collect();
    Facts { stun: None, env, default_route: default_route_source(), interfaces: interface_addresses() }
}

/// The address the kernel sends from towards the internet: a connected UDP socket picks
/// its source by the routing table, and connecting sends nothing.
fn default_route_source() -> Option<IpAddr> {
    let socket = UdpSocket::bind((Ipv4Addr::UNSPECIFIED, 0)).ok()?;
    // 192.0.2.1 (TEST-NET-1): only the route lookup matters, nothing is sent there.
    socket.connect((Ipv4Addr::new(192, 0, 2, 1), 9)).ok()?;
    let ip = socket.local_addr().ok()?.ip();
    (!ip.is_unspecified()).then_some(ip)
}

#[cfg(target_os = "linux")]
fn interface_addresses() -> Vec<IpAddr> {
    use nix::net::if_::InterfaceFlags;
    let Ok(addrs) = nix::ifaddrs::getifaddrs() else { return Vec::new() };
    addrs
        .filter(|a| a.flags.contains(InterfaceFlags::IFF_UP) && a.flags.contains(InterfaceFlags::IFF_RUNNING))
        .filter_map(|a| {
            let addr = a.address?;
            if let Some(v4) = addr.as_sockaddr_in() {
                Some(IpAddr::V4(v4.ip()))
            } else {
                addr.as_sockaddr_in6().map(|v6| IpAddr::V6(v6.ip()))
            }
        })
        .collect()
}

#[cfg(not(target_os = "linux"))]
fn interface_addresses() -> Vec<IpAddr> {
    Vec::new()
}

/// Asks `server` (`host:port`) from `socket` (the media socket, before the engine owns it)
/// what address its datagrams come from: a STUN binding request (RFC 8489), sent up to
/// three times within `timeout`. `None` when no answer came or the server is unknown.
/// The socket is left non-blocking.
pub fn stun_mapped(socket: &UdpSocket, server: &str, timeout: Duration) -> Option<SocketAddr> {
    use rtc::stun::message::{Getter, Message, TransactionId, BINDING_REQUEST, BINDING_SUCCESS};
    use rtc::stun::xoraddr::XorMappedAddress;

    let local = socket.local_addr().ok()?;
    let target = server.to_socket_addrs().ok()?.find(|a| a.is_ipv4() == local.is_ipv4() || local.is_ipv6())?;
    let mut request = Message::new();
    request.build(&[Box::new(TransactionId::new()), Box::new(BINDING_REQUEST)]).ok()?;
    socket.set_nonblocking(false).ok()?;
    let deadline = Instant::now() + timeout;
    let mut answer = None;
    let mut buf = [0u8; 1500];
    'attempts: for attempt in 0..3u32 {
        if socket.send_to(&request.raw, target).is_err() {
            break;
        }
        let until = (Instant::now() + timeout / 3).min(deadline);
        while let Some(left) = until.checked_duration_since(Instant::now()).filter(|d| !d.is_zero()) {
            if socket.set_read_timeout(Some(left)).is_err() {
                break 'attempts;
            }
            let Ok((n, from)) = socket.recv_from(&mut buf) else { break };
            if from != target {
                continue;
            }
            let mut response = Message::new();
            if response.unmarshal_binary(&buf[..n]).is_err()
                || response.typ != BINDING_SUCCESS
                || response.transaction_id != request.transaction_id
            {
                continue;
            }
            let mut mapped = XorMappedAddress::default();
            if mapped.get_from(&response).is_ok() {
                answer = Some(SocketAddr::new(mapped.ip, mapped.port));
                break 'attempts;
            }
        }
        tracing::debug!(attempt, server, "no STUN answer yet");
    }
    // Handed back as the engine needs it.
    let _ = socket.set_read_timeout(None);
    let _ = socket.set_nonblocking(true);
    answer
}

#[cfg(test)]
mod tests {
    use super::*;

    fn addr(s: &str) -> SocketAddr {
        s.parse().unwrap()
    }
    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    #[test]
    fn an_unspecified_bind_announces_the_machine_s_addresses_never_0_0_0_0() {
        let facts = Facts {
            stun: None,
            env: vec![],
            default_route: Some(ip("192.168.1.20")),
            interfaces: vec![ip("127.0.0.1"), ip("192.168.1.20"), ip("172.17.0.1"), ip("::1"), ip("fe80::1")],
        };
        let a = choose(addr("0.0.0.0:9000"), &[], &facts);
        assert_eq!(a.addrs, vec![addr("192.168.1.20:9000"), addr("172.17.0.1:9000")]);
        assert!(a.addrs.iter().all(|a| !a.ip().is_unspecified()));
        // Only private addresses: the operator is told that outside clients cannot reach it.
        assert_eq!(a.warnings.len(), 1, "{:?}", a.warnings);
        assert!(a.warnings[0].contains("media.advertise"));
    }

    #[test]
    fn stun_and_kubernetes_addresses_come_first_and_a_public_one_silences_the_warning() {
        let facts = Facts {
            stun: Some(addr("203.0.113.7:41000")),
            env: vec![ip("10.1.2.3"), ip("10.244.0.5")],
            default_route: Some(ip("10.244.0.5")),
            interfaces: vec![ip("10.244.0.5"), ip("127.0.0.1")],
        };
        let a = choose(addr("0.0.0.0:9000"), &[], &facts);
        assert_eq!(a.addrs, vec![addr("203.0.113.7:41000"), addr("10.1.2.3:9000"), addr("10.244.0.5:9000")]);
        // 203.0.113/24 is documentation space, so not "public" by the rule: use a real one.
        let facts = Facts { stun: Some(addr("81.2.69.160:41000")), ..facts };
        assert!(choose(addr("0.0.0.0:9000"), &[], &facts).warnings.is_empty());
    }

    #[test]
    fn explicit_and_specific_addresses_win() {
        let facts = Facts { interfaces: vec![ip("192.168.1.20")], ..Facts::default() };
        let a = choose(addr("0.0.0.0:9000"), &[addr("81.2.69.160:30000")], &facts);
        assert_eq!((a.addrs, a.warnings.len()), (vec![addr("81.2.69.160:30000")], 0));
        let a = choose(addr("127.0.0.1:9000"), &[], &facts);
        assert_eq!(a.addrs, vec![addr("127.0.0.1:9000")]);
    }

    #[test]
    fn a_machine_with_only_loopback_announces_loopback_and_says_so() {
        let facts = Facts { interfaces: vec![ip("127.0.0.1")], ..Facts::default() };
        let a = choose(addr("0.0.0.0:9000"), &[], &facts);
        assert_eq!(a.addrs, vec![addr("127.0.0.1:9000")]);
        assert!(a.warnings[0].contains("loopback"));
    }

    #[test]
    fn an_ipv4_socket_announces_no_ipv6_and_many_interfaces_are_capped() {
        let facts = Facts {
            interfaces: (1..=20).map(|i| ip(&format!("172.18.{i}.1"))).chain([ip("2001:db8::5")]).collect(),
            ..Facts::default()
        };
        let a = choose(addr("0.0.0.0:9000"), &[], &facts);
        assert_eq!(a.addrs.len(), MAX_ADDRESSES);
        assert!(a.addrs.iter().all(SocketAddr::is_ipv4));
        let a = choose(addr("[::]:9000"), &[], &Facts { interfaces: vec![ip("2001:db8::5")], ..Facts::default() });
        assert_eq!(a.addrs, vec![addr("[2001:db8::5]:9000")]);
    }

    #[test]
    fn public_means_reachable_from_the_internet() {
        for a in ["81.2.69.160", "2a00:1450::1"] {
            assert!(is_public(&ip(a)), "{a}");
        }
        for a in [
            "10.0.0.1",
            "172.16.5.4",
            "192.168.0.1",
            "100.64.0.1",
            "127.0.0.1",
            "169.254.1.1",
            "fd00::1",
            "fe80::1",
            "::1",
        ] {
            assert!(!is_public(&ip(a)), "{a}");
        }
    }

    #[test]
    fn a_stun_server_tells_the_mapped_address() {
        // A STUN server of our own on loopback answers with the address it saw.
        use rtc::stun::message::{Message, Setter, BINDING_SUCCESS};
        use rtc::stun::xoraddr::XorMappedAddress;
        let server = UdpSocket::bind("127.0.0.1:0").unwrap();
        let server_addr = server.local_addr().unwrap();
        let answering = std::thread::spawn(move || {
            let mut buf = [0u8; 1500];
            server.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
            let (n, from) = server.recv_from(&mut buf).unwrap();
            let mut request = Message::new();
            request.unmarshal_binary(&buf[..n]).unwrap();
            let mut response = Message::new();
            response.typ = BINDING_SUCCESS;
            response.transaction_id = request.transaction_id;
            response.write_header();
            XorMappedAddress { ip: from.ip(), port: from.port() }.add_to(&mut response).unwrap();
            server.send_to(&response.raw, from).unwrap();
        });
        let media = UdpSocket::bind("127.0.0.1:0").unwrap();
        media.set_nonblocking(true).unwrap();
        let mapped = stun_mapped(&media, &server_addr.to_string(), Duration::from_secs(3));
        answering.join().unwrap();
        assert_eq!(mapped, Some(media.local_addr().unwrap()));
        // The socket is handed back non-blocking, as the engine needs it.
        let mut buf = [0u8; 4];
        assert_eq!(media.recv_from(&mut buf).unwrap_err().kind(), std::io::ErrorKind::WouldBlock);
    }

    #[test]
    fn no_stun_answer_is_none_within_the_time_out() {
        let silent = UdpSocket::bind("127.0.0.1:0").unwrap();
        let media = UdpSocket::bind("127.0.0.1:0").unwrap();
        let started = Instant::now();
        assert_eq!(stun_mapped(&media, &silent.local_addr().unwrap().to_string(), Duration::from_millis(300)), None);
        assert!(started.elapsed() < Duration::from_secs(2));
    }
}
