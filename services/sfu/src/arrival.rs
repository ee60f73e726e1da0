//! When a datagram reached the node: reads from the media socket that carry the kernel's
//! receive timestamp (`SO_TIMESTAMPNS`), so that forwarding latency counts the time a
//! packet waited in the socket while the engine was busy (a fan-out burst), not only the
//! time from the engine's read.
//!
//! Owns: the socket option and the `recvmsg` with its control message. Must not: interpret
//! the datagram (the engine's demultiplexer does).

use std::net::SocketAddr;
use std::time::{Duration, Instant, SystemTime};

use tokio::io::Interest;
use tokio::net::UdpSocket;

/// A kernel timestamp further in the past than this is taken for a wall-clock step (NTP),
/// not a wait, and the read time is used instead.
const MAX_PLAUSIBLE_WAIT: Duration = Duration::from_secs(1);

/// Asks the kernel to stamp each datagram it queues on `socket`. Without it (another OS,
/// an old kernel) arrivals are read times.
pub fn enable(socket: &std::net::UdpSocket) {
    #[cfg(target_os = "linux")]
    {
        use nix::sys::socket::{setsockopt, sockopt::ReceiveTimestampns};
        if let Err(e) = setsockopt(socket, ReceiveTimestampns, &true) {
            tracing::warn!(error = %e, "no kernel receive timestamps: forwarding latency counts from the engine's read");
        }
    }
    #[cfg(not(target_os = "linux"))]
    let _ = socket;
}

/// Reads one queued datagram without waiting: its length, source and arrival.
pub fn try_recv(socket: &UdpSocket, buf: &mut [u8]) -> std::io::Result<(usize, SocketAddr, Instant)> {
    socket.try_io(Interest::READABLE, || recv_stamped(socket, buf)).map(|(n, from, stamp)| {
        let now = Instant::now();
        let arrival = stamp.map_or(now, |at| arrival_from(at, SystemTime::now(), now));
        (n, from, arrival)
    })
}

/// The `Instant` of a wall-clock kernel stamp `at`, given the clocks read together now.
fn arrival_from(at: SystemTime, wall_now: SystemTime, now: Instant) -> Instant {
    match wall_now.duration_since(at) {
        Ok(waited) if waited <= MAX_PLAUSIBLE_WAIT => now.checked_sub(waited).unwrap_or(now),
        _ => now,
    }
}

#[cfg(target_os = "linux")]
fn recv_stamped(socket: &UdpSocket, buf: &mut [u8]) -> std::io::Result<(usize, SocketAddr, Option<SystemTime>)> {
    use nix::sys::socket::{recvmsg, ControlMessageOwned, MsgFlags, SockaddrLike, SockaddrStorage};
    use std::io::IoSliceMut;
    use std::os::fd::AsRawFd;
    let mut cmsg = nix::cmsg_space!(nix::sys::time::TimeSpec);
    let mut iov = [IoSliceMut::new(buf)];
    let msg = recvmsg::<SockaddrStorage>(socket.as_raw_fd(), &mut iov, Some(&mut cmsg), MsgFlags::MSG_DONTWAIT)
        .map_err(std::io::Error::from)?;
    let mut stamp = None;
    for c in msg.cmsgs().map_err(std::io::Error::from)? {
        if let ControlMessageOwned::ScmTimestampns(ts) = c {
            let (secs, nanos) = (u64::try_from(ts.tv_sec()), u32::try_from(ts.tv_nsec()));
            if let (Ok(secs), Ok(nanos)) = (secs, nanos) {
                stamp = SystemTime::UNIX_EPOCH.checked_add(Duration::new(secs, nanos));
            }
        }
    }
    let from = msg
        .address
        .and_then(|a| match a.family() {
            Some(nix::sys::socket::AddressFamily::Inet) => {
                a.as_sockaddr_in().map(|v4| SocketAddr::from(std::net::SocketAddrV4::from(*v4)))
            }
            Some(nix::sys::socket::AddressFamily::Inet6) => {
                a.as_sockaddr_in6().map(|v6| SocketAddr::from(std::net::SocketAddrV6::from(*v6)))
            }
            _ => None,
        })
        .ok_or_else(|| std::io::Error::other("datagram without an IP source address"))?;
    Ok((msg.bytes, from, stamp))
}

#[cfg(not(target_os = "linux"))]
fn recv_stamped(socket: &UdpSocket, buf: &mut [u8]) -> std::io::Result<(usize, SocketAddr, Option<SystemTime>)> {
    socket.try_recv_from(buf).map(|(n, from)| (n, from, None))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_stamp_becomes_the_instant_it_names() {
        let now = Instant::now();
        let wall = SystemTime::now();
        let at = wall - Duration::from_millis(3);
        assert_eq!(arrival_from(at, wall, now), now - Duration::from_millis(3));
    }

    #[test]
    fn a_wall_clock_step_falls_back_to_the_read_time() {
        let now = Instant::now();
        let wall = SystemTime::now();
        assert_eq!(arrival_from(wall + Duration::from_secs(5), wall, now), now, "stamp in the future");
        assert_eq!(arrival_from(wall - Duration::from_secs(30), wall, now), now, "stamp long ago");
    }

    /// A datagram read after waiting in the socket arrives when the kernel queued it.
    #[tokio::test]
    async fn the_wait_in_the_socket_counts() {
        let std_socket = std::net::UdpSocket::bind("127.0.0.1:0").expect("bind");
        std_socket.set_nonblocking(true).expect("nonblocking");
        enable(&std_socket);
        let socket = UdpSocket::from_std(std_socket).expect("tokio socket");
        let to = socket.local_addr().expect("addr");
        let sender = std::net::UdpSocket::bind("127.0.0.1:0").expect("bind");
        let mut buf = [0u8; 64];
        // Linux turns receive stamping on for the whole stack in deferred work and stamps a
        // datagram that raced it at read time. On a freshly booted, busy machine the first
        // few datagrams can be such; a later one must carry its queueing time.
        for _attempt in 0..10 {
            sender.send_to(b"hello", to).expect("send");
            let sent = Instant::now();
            tokio::time::sleep(Duration::from_millis(30)).await;
            socket.readable().await.expect("readable");
            let (n, from, arrival) = try_recv(&socket, &mut buf).expect("a datagram");
            assert_eq!(&buf[..n], b"hello");
            assert_eq!(from, sender.local_addr().expect("addr"));
            assert!(matches!(try_recv(&socket, &mut buf), Err(e) if e.kind() == std::io::ErrorKind::WouldBlock));
            if !cfg!(target_os = "linux") {
                return;
            }
            if Instant::now().duration_since(arrival) >= Duration::from_millis(25) {
                assert!(arrival <= sent + Duration::from_millis(5), "stamped when queued");
                return;
            }
        }
        panic!("in 10 datagrams, none counted its 30 ms in the socket");
    }
}
