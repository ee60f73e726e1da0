//! Batched sends on the node's one UDP socket: the datagrams a fan-out produces for many
//! subscribers leave in `sendmmsg` calls of up to [`BATCH`] instead of one `sendto` each.
//!
//! Owns: the pending datagrams and the preallocated message headers. Must not: wait for
//! the socket. A datagram the kernel refuses (full send buffer) is dropped and counted,
//! as a lost packet is what media tolerates; the next one is still tried.
//!
//! UDP GSO is not used: it needs consecutive equal-sized segments to the same address,
//! and a fan-out sends each packet once to many addresses. Off Linux (a developer's
//! laptop) the batch goes out one `sendto` at a time.

use std::net::SocketAddr;
use std::os::fd::AsFd;

use bytes::BytesMut;
#[cfg(target_os = "linux")]
use nix::sys::socket::{MultiHeaders, SockaddrStorage};

/// Most datagrams per `sendmmsg` call.
pub const BATCH: usize = 64;

/// Datagrams waiting to be sent.
pub struct Outbox {
    pending: Vec<(SocketAddr, BytesMut)>,
    headers: Headers,
}

/// `sendmmsg`'s message headers, allocated once.
#[cfg(target_os = "linux")]
type Headers = MultiHeaders<SockaddrStorage>;
#[cfg(not(target_os = "linux"))]
type Headers = ();

/// What a flush did.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Flushed {
    /// Datagrams the kernel took.
    pub sent: usize,
    /// Datagrams it refused (dropped).
    pub failed: usize,
    /// System calls made.
    pub calls: usize,
}

impl Default for Outbox {
    fn default() -> Self {
        #[cfg(target_os = "linux")]
        let headers = MultiHeaders::preallocate(BATCH, None);
        #[cfg(not(target_os = "linux"))]
        let headers = ();
        Self { pending: Vec::with_capacity(BATCH), headers }
    }
}

impl Outbox {
    /// Queues a datagram; sends the batch when it is full.
    pub fn push(&mut self, socket: &impl AsFd, to: SocketAddr, datagram: BytesMut) -> Flushed {
        self.pending.push((to, datagram));
        if self.pending.len() >= BATCH {
            self.flush(socket)
        } else {
            Flushed::default()
        }
    }

    /// Datagrams queued and not yet sent.
    pub fn len(&self) -> usize {
        self.pending.len()
    }

    /// Whether nothing is queued.
    pub fn is_empty(&self) -> bool {
        self.pending.is_empty()
    }

    /// Sends everything queued, in order.
    pub fn flush(&mut self, socket: &impl AsFd) -> Flushed {
        let Outbox { pending, headers } = self;
        let mut done = Flushed::default();
        let mut from = 0;
        while from < pending.len() {
            let batch = &pending[from..(from + BATCH).min(pending.len())];
            done.calls += 1;
            let sent = send_batch(headers, socket, batch);
            done.sent += sent;
            from += sent;
            if sent < batch.len() {
                // The kernel refused the datagram after the ones it took: drop that one.
                done.failed += 1;
                from += 1;
            }
        }
        pending.clear();
        done
    }
}

/// One `sendmmsg`: how many of `batch` (from its start) the kernel took.
#[cfg(target_os = "linux")]
fn send_batch(headers: &mut Headers, socket: &impl AsFd, batch: &[(SocketAddr, BytesMut)]) -> usize {
    use nix::sys::socket::{sendmmsg, MsgFlags};
    use std::io::IoSlice;
    use std::os::fd::AsRawFd;
    let addrs: Vec<Option<SockaddrStorage>> = batch.iter().map(|(to, _)| Some(SockaddrStorage::from(*to))).collect();
    let slices: Vec<[IoSlice<'_>; 1]> = batch.iter().map(|(_, d)| [IoSlice::new(d)]).collect();
    let fd = socket.as_fd().as_raw_fd();
    sendmmsg(fd, headers, &slices, &addrs, [], MsgFlags::MSG_DONTWAIT).map(|r| r.count()).unwrap_or(0)
}

/// Elsewhere: one `sendto` per datagram, stopping at the first refusal.
#[cfg(not(target_os = "linux"))]
fn send_batch(_: &mut Headers, socket: &impl AsFd, batch: &[(SocketAddr, BytesMut)]) -> usize {
    let socket = socket2::SockRef::from(socket);
    batch.iter().take_while(|(to, d)| socket.send_to(d, &(*to).into()).is_ok()).count()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn batches_reach_every_destination_in_order() {
        let sender = std::net::UdpSocket::bind("127.0.0.1:0").unwrap();
        let receivers: Vec<std::net::UdpSocket> =
            (0..3).map(|_| std::net::UdpSocket::bind("127.0.0.1:0").unwrap()).collect();
        for r in &receivers {
            r.set_read_timeout(Some(std::time::Duration::from_secs(2))).unwrap();
        }
        let mut outbox = Outbox::default();
        let n = BATCH * 2 + 5;
        let mut total = Flushed::default();
        for i in 0..n {
            let to = receivers[i % 3].local_addr().unwrap();
            let f = outbox.push(&sender, to, BytesMut::from(format!("d{i}").as_bytes()));
            total.sent += f.sent;
            total.calls += f.calls;
        }
        assert_eq!(total.sent, BATCH * 2, "two full batches left on push");
        assert_eq!(outbox.len(), 5);
        let rest = outbox.flush(&sender);
        assert_eq!((rest.sent, rest.failed, rest.calls), (5, 0, 1));
        assert!(outbox.is_empty());
        let mut buf = [0u8; 64];
        for (k, r) in receivers.iter().enumerate() {
            for i in (k..n).step_by(3) {
                let (len, from) = r.recv_from(&mut buf).unwrap();
                assert_eq!(from, sender.local_addr().unwrap());
                assert_eq!(&buf[..len], format!("d{i}").as_bytes());
            }
        }
    }

    #[test]
    fn a_refused_datagram_is_dropped_and_the_rest_still_go() {
        let sender = std::net::UdpSocket::bind("127.0.0.1:0").unwrap();
        let receiver = std::net::UdpSocket::bind("127.0.0.1:0").unwrap();
        receiver.set_read_timeout(Some(std::time::Duration::from_secs(2))).unwrap();
        let mut outbox = Outbox::default();
        outbox.push(&sender, receiver.local_addr().unwrap(), BytesMut::from(&b"a"[..]));
        // An IPv6 destination on an IPv4 socket: the kernel refuses it (EAFNOSUPPORT / EINVAL).
        outbox.push(&sender, "[::1]:9".parse().unwrap(), BytesMut::from(&b"x"[..]));
        outbox.push(&sender, receiver.local_addr().unwrap(), BytesMut::from(&b"b"[..]));
        let f = outbox.flush(&sender);
        assert_eq!((f.sent, f.failed), (2, 1));
        let mut buf = [0u8; 8];
        for want in [b"a", b"b"] {
            let (len, _) = receiver.recv_from(&mut buf).unwrap();
            assert_eq!(&buf[..len], want);
        }
    }
}
