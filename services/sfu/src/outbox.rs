//! Batched sends on the node's one UDP socket: the datagrams a fan-out produces for many
//! subscribers leave in `sendmmsg` calls of up to [`BATCH`] messages instead of one
//! `sendto` each, and consecutive datagrams to one address (a video frame's packets to one
//! viewer) travel as one UDP GSO message (`UDP_SEGMENT`), which the kernel splits late.
//!
//! Owns: the pending datagrams and the preallocated message headers. Must not: wait for
//! the socket. A datagram the kernel refuses (full send buffer) is dropped and counted,
//! as a lost packet is what media tolerates; the next one is still tried.
//!
//! GSO needs equal-sized segments (the last may be shorter) and one segment size per
//! message; a `sendmmsg` call gives every message the same control message, so a call
//! groups messages that fit one segment size. A kernel or route that refuses GSO turns it
//! off for the socket. Off Linux (a developer's laptop) datagrams go out one `sendto` at a
//! time.

use std::net::SocketAddr;
use std::os::fd::AsFd;

use bytes::BytesMut;
#[cfg(target_os = "linux")]
use nix::sys::socket::{MultiHeaders, SockaddrStorage};

/// Most messages per `sendmmsg` call.
pub const BATCH: usize = 64;
/// Datagrams queued before a push sends them.
const QUEUE: usize = 512;
/// Most segments in one GSO message (the kernel's `UDP_MAX_SEGMENTS` is 64 or more).
const MAX_SEGMENTS: usize = 64;
/// Most bytes in one GSO message (a UDP datagram's limit, less headers).
const MAX_GSO_BYTES: usize = 65_000;

/// Datagrams waiting to be sent.
pub struct Outbox {
    pending: Vec<(SocketAddr, BytesMut)>,
    /// The current call's messages (reused).
    messages: Vec<Message>,
    headers: Headers,
    /// Whether GSO is tried (until the kernel refuses it once).
    gso: bool,
}

/// Consecutive pending datagrams sent as one message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Message {
    /// Index of its first datagram in the call's slice.
    start: usize,
    /// Datagrams in it (more than one only with GSO).
    count: usize,
    /// Length of its first datagram (the segment size when `count > 1`).
    segment: usize,
}

/// `sendmmsg`'s message headers, allocated once: without control messages, and with room
/// for one `UDP_SEGMENT` each.
#[cfg(target_os = "linux")]
struct Headers {
    plain: MultiHeaders<SockaddrStorage>,
    gso: MultiHeaders<SockaddrStorage>,
}
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
        let headers = Headers {
            plain: MultiHeaders::preallocate(BATCH, None),
            gso: MultiHeaders::preallocate(BATCH, Some(nix::cmsg_space!(u16))),
        };
        #[cfg(not(target_os = "linux"))]
        let headers = ();
        Self {
            pending: Vec::with_capacity(QUEUE),
            messages: Vec::with_capacity(BATCH),
            headers,
            gso: cfg!(target_os = "linux"),
        }
    }
}

impl Outbox {
    /// An outbox that never uses GSO (one datagram per message).
    pub fn without_gso() -> Self {
        Self { gso: false, ..Self::default() }
    }

    /// Whether GSO is (still) in use.
    pub fn uses_gso(&self) -> bool {
        self.gso
    }

    /// Queues a datagram; sends the queue when it is long.
    pub fn push(&mut self, socket: &impl AsFd, to: SocketAddr, datagram: BytesMut) -> Flushed {
        self.pending.push((to, datagram));
        if self.pending.len() >= QUEUE {
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
        let mut done = Flushed::default();
        let mut from = 0;
        while from < self.pending.len() {
            let rest = &self.pending[from..];
            let segment = plan(rest, self.gso, &mut self.messages);
            done.calls += 1;
            let taken = send_call(&mut self.headers, socket, rest, &self.messages, segment);
            if taken == 0 && segment.is_some() {
                // The first message failed with GSO: try it again without before blaming
                // the datagrams (and keep GSO off if that works).
                let plain = plan(rest, false, &mut self.messages);
                done.calls += 1;
                if send_call(&mut self.headers, socket, rest, &self.messages, plain) > 0 {
                    tracing::info!("UDP GSO refused by the kernel; sending one datagram per message");
                    self.gso = false;
                    done.sent += 1;
                    from += 1;
                    continue;
                }
            }
            let sent: usize = self.messages[..taken].iter().map(|m| m.count).sum();
            done.sent += sent;
            from += sent;
            if let Some(refused) = self.messages.get(taken) {
                // The kernel refused the message after the ones it took: drop that one.
                done.failed += refused.count;
                from += refused.count;
            }
        }
        self.pending.clear();
        done
    }
}

/// Groups the start of `pending` into the messages of one call; returns the call's GSO
/// segment size (`None`: no control message).
fn plan(pending: &[(SocketAddr, BytesMut)], gso: bool, messages: &mut Vec<Message>) -> Option<u16> {
    messages.clear();
    let mut segment: Option<usize> = None;
    let mut largest_single = 0;
    let mut i = 0;
    while i < pending.len() && messages.len() < BATCH {
        let (to, first) = &pending[i];
        let mut m = Message { start: i, count: 1, segment: first.len() };
        if gso && first.len() <= usize::from(u16::MAX) {
            let mut bytes = first.len();
            while let Some((next_to, next)) = pending.get(m.start + m.count) {
                if next_to != to
                    || next.len() > m.segment
                    || m.count == MAX_SEGMENTS
                    || bytes + next.len() > MAX_GSO_BYTES
                {
                    break;
                }
                m.count += 1;
                bytes += next.len();
                if next.len() < m.segment {
                    break; // only the last segment may be shorter
                }
            }
        }
        // One segment size per call: a multi-segment message must match it, a single
        // datagram must not exceed it.
        let fits = match (m.count > 1, segment) {
            (true, Some(s)) => s == m.segment,
            (true, None) => largest_single <= m.segment,
            (false, Some(s)) => m.segment <= s,
            (false, None) => true,
        };
        if !fits {
            break;
        }
        if m.count > 1 {
            segment = Some(m.segment);
        } else {
            largest_single = largest_single.max(m.segment);
        }
        i += m.count;
        messages.push(m);
    }
    segment.and_then(|s| u16::try_from(s).ok())
}

/// One `sendmmsg`: how many of `messages` (from the first) the kernel took.
#[cfg(target_os = "linux")]
fn send_call(
    headers: &mut Headers,
    socket: &impl AsFd,
    pending: &[(SocketAddr, BytesMut)],
    messages: &[Message],
    segment: Option<u16>,
) -> usize {
    use nix::sys::socket::{sendmmsg, ControlMessage, MsgFlags};
    use std::io::IoSlice;
    use std::os::fd::AsRawFd;
    let Some(last) = messages.last() else { return 0 };
    // Declared first: the control message borrows it for as long as the headers.
    let size = segment.unwrap_or(0);
    let datagrams: Vec<IoSlice<'_>> = pending[..last.start + last.count].iter().map(|(_, d)| IoSlice::new(d)).collect();
    let slices: Vec<&[IoSlice<'_>]> = messages.iter().map(|m| &datagrams[m.start..m.start + m.count]).collect();
    let addrs: Vec<Option<SockaddrStorage>> =
        messages.iter().map(|m| Some(SockaddrStorage::from(pending[m.start].0))).collect();
    let fd = socket.as_fd().as_raw_fd();
    let flags = MsgFlags::MSG_DONTWAIT;
    match segment {
        Some(_) => sendmmsg(fd, &mut headers.gso, &slices, &addrs, [ControlMessage::UdpGsoSegments(&size)], flags)
            .map(|r| r.count()),
        None => sendmmsg(fd, &mut headers.plain, &slices, &addrs, [], flags).map(|r| r.count()),
    }
    .unwrap_or(0)
}

/// Elsewhere: one `sendto` per datagram (the plan has no GSO), stopping at the first
/// refusal.
#[cfg(not(target_os = "linux"))]
fn send_call(
    _: &mut Headers,
    socket: &impl AsFd,
    pending: &[(SocketAddr, BytesMut)],
    messages: &[Message],
    _: Option<u16>,
) -> usize {
    let socket = socket2::SockRef::from(socket);
    messages.iter().take_while(|m| socket.send_to(&pending[m.start].1, &pending[m.start].0.into()).is_ok()).count()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A sending socket and `n` receiving ones (reads time out after 2 s), on loopback.
    fn sockets(n: usize) -> (std::net::UdpSocket, Vec<std::net::UdpSocket>) {
        let bind = || std::net::UdpSocket::bind("127.0.0.1:0").unwrap();
        let receivers: Vec<std::net::UdpSocket> = (0..n).map(|_| bind()).collect();
        for r in &receivers {
            r.set_read_timeout(Some(std::time::Duration::from_secs(2))).unwrap();
        }
        (bind(), receivers)
    }

    #[test]
    fn batches_reach_every_destination_in_order() {
        let (sender, receivers) = sockets(3);
        let mut outbox = Outbox::default();
        let n = QUEUE + 5;
        let mut total = Flushed::default();
        for i in 0..n {
            let to = receivers[i % 3].local_addr().unwrap();
            let f = outbox.push(&sender, to, BytesMut::from(format!("d{i:04}").as_bytes()));
            total.sent += f.sent;
            total.calls += f.calls;
        }
        assert_eq!(total.sent, QUEUE, "a full queue left on push");
        assert_eq!(total.calls, QUEUE / BATCH, "in calls of {BATCH} messages");
        assert_eq!(outbox.len(), 5);
        let rest = outbox.flush(&sender);
        assert_eq!((rest.sent, rest.failed, rest.calls), (5, 0, 1));
        assert!(outbox.is_empty());
        let mut buf = [0u8; 64];
        for (k, r) in receivers.iter().enumerate() {
            for i in (k..n).step_by(3) {
                let (len, from) = r.recv_from(&mut buf).unwrap();
                assert_eq!(from, sender.local_addr().unwrap());
                assert_eq!(&buf[..len], format!("d{i:04}").as_bytes());
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

    fn queued(items: &[(u16, usize)]) -> Vec<(SocketAddr, BytesMut)> {
        items
            .iter()
            .map(|(port, len)| (SocketAddr::from(([127, 0, 0, 1], *port)), BytesMut::from(&vec![0u8; *len][..])))
            .collect()
    }

    #[test]
    fn a_frame_to_each_viewer_becomes_one_message_and_a_call_shares_one_segment_size() {
        let mut messages = Vec::new();
        // Viewer 1 and 2 get a frame of 1200, 1200, 700; viewer 3 one short packet.
        let pending = queued(&[(1, 1200), (1, 1200), (1, 700), (2, 1200), (2, 1200), (2, 700), (3, 100)]);
        let segment = plan(&pending, true, &mut messages);
        assert_eq!(segment, Some(1200));
        assert_eq!(
            messages,
            vec![
                Message { start: 0, count: 3, segment: 1200 },
                Message { start: 3, count: 3, segment: 1200 },
                Message { start: 6, count: 1, segment: 100 },
            ]
        );
        // A different segment size starts the next call; a larger single ends this one.
        let pending = queued(&[(1, 1000), (1, 1000), (2, 900), (2, 900)]);
        plan(&pending, true, &mut messages);
        assert_eq!(messages.len(), 1);
        let pending = queued(&[(1, 1000), (1, 1000), (2, 1100)]);
        plan(&pending, true, &mut messages);
        assert_eq!(messages.len(), 1);
        // A shorter segment ends a message; without GSO every datagram is its own message.
        let pending = queued(&[(1, 1000), (1, 500), (1, 1000)]);
        plan(&pending, true, &mut messages);
        assert_eq!(messages[0].count, 2);
        assert_eq!(plan(&pending, false, &mut messages), None);
        assert_eq!(messages.len(), 3);
    }

    #[test]
    fn gso_messages_arrive_as_separate_datagrams_in_order() {
        let (sender, receivers) = sockets(3);
        let mut outbox = Outbox::default();
        let frame = |viewer: usize| -> Vec<Vec<u8>> {
            (0..5).map(|i| vec![(viewer * 16 + i) as u8; if i == 4 { 300 } else { 1100 }]).collect()
        };
        for (v, r) in receivers.iter().enumerate() {
            for d in frame(v) {
                outbox.push(&sender, r.local_addr().unwrap(), BytesMut::from(&d[..]));
            }
        }
        let f = outbox.flush(&sender);
        assert_eq!((f.sent, f.failed), (15, 0));
        if cfg!(target_os = "linux") && outbox.uses_gso() {
            assert_eq!(f.calls, 1, "three viewers' frames in one call");
        }
        let mut buf = [0u8; 2048];
        for (v, r) in receivers.iter().enumerate() {
            for want in frame(v) {
                let (len, _) = r.recv_from(&mut buf).unwrap();
                assert_eq!(&buf[..len], &want[..]);
            }
        }
    }
}
