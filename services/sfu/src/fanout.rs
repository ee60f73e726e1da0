//! The forwarding fast path's fan-out: a stream's connected viewer legs, kept side by side,
//! and the threads a publisher's burst is spread over when a stream has many viewers.
//!
//! Owns: each leg's outbound SRTP context (taken from its peer connection once DTLS is
//! up: nothing else writes RTP or RTCP on a viewer leg), its tracks' rewrite state and its
//! route; the fan-out threads and, per thread, the outbox and buffers its datagrams go
//! through. Must not: touch peer connections, ICE-TCP connections (their datagrams go back
//! to the engine) or decide who is degraded (the engine does, and sets the leg's gate).

use std::cell::RefCell;
use std::collections::HashMap;
use std::net::SocketAddr;
use std::os::fd::AsFd;
use std::panic::AssertUnwindSafe;
use std::sync::{mpsc, Arc};
use std::time::{Duration, Instant, SystemTime};

use bytes::BytesMut;
use prometheus::local::LocalHistogram;
use rtc::rtp;
use rtc::rtp_transceiver::rtp_sender::RtpCodecKind;
use smallvec::SmallVec;

use liveroom_telemetry::metrics;

use crate::frames;
use crate::leg::{Admit, LegTrack};
use crate::outbox::{Flushed, Outbox};
use crate::packet_cache::PacketCache;
use crate::srtp::{LegSrtp, ARENA_BLOCK};
use crate::{PeerId, TapMedia};

/// How often a leg's tracks get a sender report.
const SENDER_REPORT_INTERVAL: Duration = Duration::from_secs(1);

/// Fewer legs than this are fanned out on the engine thread: handing a burst to another
/// thread costs more than it saves.
const PARALLEL_MIN_LEGS: usize = 64;

/// Where a peer's packets come from and go to: a UDP address, or an ICE-TCP connection.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Route {
    /// A UDP source / destination address.
    Udp(SocketAddr),
    /// The remote address of an ICE-TCP connection.
    Tcp(SocketAddr),
}

/// A packet read from a publisher, waiting for the end of the read burst to be forwarded.
pub struct Forwarded {
    /// Audio or video.
    pub kind: RtpCodecKind,
    /// Its codec, as far as keyframe detection and the CDN tap care.
    pub media: TapMedia,
    /// The packet as the publisher sent it.
    pub packet: rtp::Packet,
    /// When its datagram reached the node (the kernel's receive stamp, or the read).
    pub arrival: Instant,
}

/// A leg's tracks: audio and video fit inline.
pub type LegTracks = SmallVec<[LegTrack; 2]>;

/// A viewer's connected leg: what the fast path needs to send it media.
pub struct Leg {
    /// Its peer connection.
    pub peer: PeerId,
    /// The selected ICE pair's remote end (`None` until the peer connection wrote to it).
    pub route: Option<Route>,
    /// Its tracks (one per publisher track the viewer accepted), inline: a burst walks
    /// hundreds of legs, and a separate allocation per leg was a cache miss per leg.
    pub tracks: LegTracks,
    srtp: LegSrtp,
    next_report: Instant,
}

impl Leg {
    /// A leg that protects what it sends with `srtp`.
    pub fn new(peer: PeerId, route: Option<Route>, tracks: Vec<LegTrack>, srtp: LegSrtp) -> Self {
        let tracks = tracks.into_iter().collect();
        Self { peer, route, tracks, srtp, next_report: Instant::now() + SENDER_REPORT_INTERVAL }
    }
}

/// A stream's connected legs, contiguous so a burst walks them in order (and splits them
/// between threads).
#[derive(Default)]
pub struct Legs {
    legs: Vec<Leg>,
    index: HashMap<PeerId, usize>,
}

impl Legs {
    /// Adds (or replaces) a peer's leg.
    pub fn insert(&mut self, leg: Leg) {
        match self.index.get(&leg.peer) {
            Some(&at) => self.legs[at] = leg,
            None => {
                self.index.insert(leg.peer, self.legs.len());
                self.legs.push(leg);
            }
        }
    }

    /// Removes a peer's leg.
    pub fn remove(&mut self, peer: PeerId) -> Option<Leg> {
        let at = self.index.remove(&peer)?;
        let leg = self.legs.swap_remove(at);
        if let Some(moved) = self.legs.get(at) {
            self.index.insert(moved.peer, at);
        }
        Some(leg)
    }

    /// A peer's leg.
    pub fn get_mut(&mut self, peer: PeerId) -> Option<&mut Leg> {
        self.index.get(&peer).map(|&at| &mut self.legs[at])
    }

    /// Rebuilds the index after legs were lost.
    fn reindex(&mut self) {
        self.index = self.legs.iter().enumerate().map(|(at, leg)| (leg.peer, at)).collect();
    }

    /// A peer's leg.
    pub fn get(&self, peer: PeerId) -> Option<&Leg> {
        self.index.get(&peer).map(|&at| &self.legs[at])
    }

    /// Connected legs.
    pub fn len(&self) -> usize {
        self.legs.len()
    }

    /// Whether no leg is connected.
    pub fn is_empty(&self) -> bool {
        self.legs.is_empty()
    }
}

/// What a fan-out left for the engine: its counts, and the datagrams for ICE-TCP legs.
#[derive(Default)]
pub struct Fanned {
    /// RTP packets sent.
    pub packets: u64,
    /// Their payload bytes.
    pub bytes: u64,
    /// Packets SRTP refused to protect, and datagrams the kernel refused.
    pub send_errors: u64,
    /// Datagrams for legs on ICE-TCP, to be queued on their connections.
    pub tcp: Vec<(SocketAddr, BytesMut)>,
}

impl Fanned {
    fn absorb(&mut self, other: Fanned) {
        self.packets += other.packets;
        self.bytes += other.bytes;
        self.send_errors += other.send_errors;
        self.tcp.extend(other.tcp);
    }

    /// Adds the counts to the node's metrics.
    pub fn count(&self) {
        let media = &metrics().media;
        media.rtp_packets_out.inc_by(self.packets);
        media.rtp_bytes_out.inc_by(self.bytes);
        if self.send_errors > 0 {
            media.send_errors.inc_by(self.send_errors);
        }
    }
}

/// A thread's outbox, datagram arena and latency samples, reused burst after burst.
struct Lane {
    outbox: Outbox,
    /// Where datagrams are written and encrypted (see [`LegSrtp::seal_rtp`]).
    arena: BytesMut,
    /// `liveroom_forwarding_latency_seconds`, observed without atomics and flushed once
    /// per burst (one sample per datagram sent).
    latency: LocalHistogram,
}

thread_local! {
    // One per thread that fans out (the engine thread and each fan-out thread): the
    // outbox's `sendmmsg` headers are not `Send`, and a thread never needs two.
    static LANE: RefCell<Lane> = RefCell::new(Lane {
        outbox: Outbox::default(),
        arena: BytesMut::with_capacity(ARENA_BLOCK),
        latency: metrics().media.forwarding_latency.local(),
    });
}

/// One publisher burst, as every leg sees it (shared with the fan-out threads).
pub struct Burst {
    /// The packets, in arrival order.
    pub packets: Vec<Forwarded>,
    /// Which of them start a keyframe.
    pub keyframe_starts: Vec<bool>,
    /// The earliest arrival (the kernel's receive stamp where it has one): forwarding
    /// latency is counted from it.
    pub first_arrival: Instant,
}

impl Burst {
    /// A burst of `packets`, with their keyframe starts found once for every leg.
    pub fn new(packets: Vec<Forwarded>) -> Self {
        let keyframe_starts = packets
            .iter()
            .map(|f| f.kind == RtpCodecKind::Video && frames::starts_keyframe(f.media, &f.packet.payload))
            .collect();
        let first_arrival = packets.iter().map(|f| f.arrival).min().unwrap_or_else(Instant::now);
        Self { packets, keyframe_starts, first_arrival }
    }
}

/// A run of legs lent to a fan-out thread for one burst, and what comes back.
struct Job {
    legs: Vec<Leg>,
    burst: Arc<Burst>,
}

struct Done {
    legs: Vec<Leg>,
    fanned: Fanned,
}

/// A fan-out thread: it blocks on its queue between bursts (no spinning, which would cost
/// CPU on every burst), sends its legs' share and hands the legs back.
struct Worker {
    jobs: mpsc::Sender<Job>,
    done: mpsc::Receiver<Done>,
}

/// The fan-out threads beside the engine thread. Legs are owned by the engine: for a
/// large burst the tail of a stream's legs is moved to the threads, sent to there while
/// the engine thread sends to the rest, and moved back before the next burst, so gates,
/// routes and NACKs are never handled concurrently with a fan-out.
pub struct Fanout {
    workers: Vec<Worker>,
}

impl Fanout {
    /// Fans out over `threads` threads, the engine thread included (1: it alone); the
    /// others send on their own handle of `socket`.
    pub fn new(threads: usize, socket: &impl AsFd) -> Self {
        let mut workers = Vec::new();
        for i in 1..threads.max(1) {
            match Self::spawn(i, socket) {
                Ok(worker) => workers.push(worker),
                Err(e) => {
                    tracing::warn!(error = %e, "fan-out thread not started; fewer threads fan out");
                    break;
                }
            }
        }
        Self { workers }
    }

    fn spawn(i: usize, socket: &impl AsFd) -> std::io::Result<Worker> {
        let socket = socket2::SockRef::from(socket).try_clone()?;
        let (jobs, job_rx) = mpsc::channel::<Job>();
        let (done_tx, done) = mpsc::channel::<Done>();
        std::thread::Builder::new().name(format!("liveroom-fanout-{i}")).spawn(move || {
            while let Ok(mut job) = job_rx.recv() {
                let fanned = std::panic::catch_unwind(AssertUnwindSafe(|| fan_out(&mut job.legs, &job.burst, &socket)))
                    .unwrap_or_else(|_| {
                        tracing::error!("fan-out thread panicked sending a burst; its legs are handed back");
                        Fanned::default()
                    });
                drop(job.burst);
                if done_tx.send(Done { legs: job.legs, fanned }).is_err() {
                    break;
                }
            }
        })?;
        Ok(Worker { jobs, done })
    }

    /// Threads a large fan-out is spread over, the engine thread included.
    pub fn threads(&self) -> usize {
        self.workers.len() + 1
    }

    /// Sends a burst to every leg: each leg's packets are rewritten, protected with its
    /// SRTP context and queued together (a frame to one viewer becomes one GSO send).
    /// Returns once every datagram is with the kernel (or queued for ICE-TCP) and every
    /// leg is back in `legs`, in its place.
    pub fn forward<S: AsFd>(&self, legs: &mut Legs, burst: &Arc<Burst>, socket: &S) -> Fanned {
        let count = legs.legs.len();
        let parts = if count >= PARALLEL_MIN_LEGS { self.threads().min(count / (PARALLEL_MIN_LEGS / 2)) } else { 1 };
        if parts <= 1 {
            return fan_out(&mut legs.legs, burst, socket);
        }
        let chunk = count.div_ceil(parts);
        // The tail goes to the threads, one chunk each; they come back in reverse order,
        // which puts every leg back where the index says it is.
        let mut lent = Vec::with_capacity(parts - 1);
        for worker in &self.workers[..parts - 1] {
            let part = legs.legs.split_off(legs.legs.len().saturating_sub(chunk));
            match worker.jobs.send(Job { legs: part, burst: burst.clone() }) {
                Ok(()) => lent.push(worker),
                Err(mpsc::SendError(job)) => {
                    legs.legs.extend(job.legs);
                    break;
                }
            }
        }
        let mut out = fan_out(&mut legs.legs, burst, socket);
        let mut lost = false;
        for worker in lent.iter().rev() {
            match worker.done.recv() {
                Ok(done) => {
                    legs.legs.extend(done.legs);
                    out.absorb(done.fanned);
                }
                Err(_) => lost = true,
            }
        }
        if lost {
            tracing::error!("a fan-out thread stopped; the viewers it held are no longer sent media");
            legs.reindex();
        }
        out
    }

    /// Sends a leg the video packets its NACK named, from the stream's cache, under the
    /// leg sequence numbers they had (on its RTX stream when it negotiated one). Returns
    /// how many went, and the ICE-TCP datagrams.
    pub fn retransmit<S: AsFd>(
        &self,
        leg: &mut Leg,
        asked: &[(u32, u16)],
        cache: &PacketCache,
        socket: &S,
    ) -> (u64, Fanned) {
        LANE.with(|lane| {
            let Lane { outbox, arena, .. } = &mut *lane.borrow_mut();
            let mut out = Fanned::default();
            let Some(route) = leg.route else { return (0, out) };
            let mut resent = 0u64;
            let now = Instant::now();
            for (ssrc, leg_sequence) in asked {
                let Some(track) = leg.tracks.iter_mut().find(|t| t.ssrc == *ssrc && t.kind == RtpCodecKind::Video)
                else {
                    continue;
                };
                let Some(packet) = track.source_of(*leg_sequence).and_then(|source| cache.get(source)) else {
                    continue;
                };
                if !track.may_resend(*leg_sequence, now) {
                    metrics().media.retransmissions_suppressed.inc();
                    continue;
                }
                let (header, payload) = track.retransmission(&packet.header, *leg_sequence, &packet.payload);
                if let Ok(datagram) = leg.srtp.seal_rtp(arena, &header, &payload) {
                    resent += 1;
                    queue(outbox, socket, route, datagram, &mut out);
                }
            }
            out.send_errors += outbox.flush(socket).failed as u64;
            (resent, out)
        })
    }
}

/// Sends a burst to a run of legs on the calling thread.
fn fan_out<S: AsFd>(legs: &mut [Leg], burst: &Burst, socket: &S) -> Fanned {
    LANE.with(|lane| {
        let Lane { outbox, arena, latency } = &mut *lane.borrow_mut();
        let now = Instant::now();
        let mut out = Fanned::default();
        let observe = |flushed: Flushed, out: &mut Fanned| {
            out.send_errors += flushed.failed as u64;
            if flushed.sent > 0 {
                let seconds = burst.first_arrival.elapsed().as_secs_f64();
                (0..flushed.sent).for_each(|_| latency.observe(seconds));
            }
        };
        for leg in legs.iter_mut() {
            let Some(route) = leg.route else { continue };
            let report_due = now >= leg.next_report;
            if report_due {
                leg.next_report = now + SENDER_REPORT_INTERVAL;
            }
            for track in leg.tracks.iter_mut() {
                let kind = track.kind;
                let of_kind = burst.packets.iter().zip(&burst.keyframe_starts).filter(|(f, _)| f.kind == kind);
                for (Forwarded { packet, .. }, keyframe_start) in of_kind {
                    // Padding-only packets are the publisher's bandwidth probes, not media.
                    let admit = if packet.payload.is_empty() {
                        Admit::Skip
                    } else {
                        track.admit(*keyframe_start, packet.header.marker, now)
                    };
                    match admit {
                        Admit::Skip => {
                            track.skip();
                            continue;
                        }
                        Admit::Send => {}
                        Admit::SendAfterWait(waited) => metrics().media.keyframe_wait.observe(waited.as_secs_f64()),
                    }
                    let header = track.rewrite(&packet.header);
                    match leg.srtp.seal_rtp(arena, &header, &packet.payload) {
                        Ok(datagram) => {
                            track.sent(&header, packet.payload.len(), now);
                            out.packets += 1;
                            out.bytes += packet.payload.len() as u64;
                            let flushed = queue(outbox, socket, route, datagram, &mut out);
                            observe(flushed, &mut out);
                        }
                        Err(_) => out.send_errors += 1,
                    }
                }
                if report_due {
                    let report = track.sender_report(now, SystemTime::now());
                    if let Some(Ok(datagram)) = report.map(|r| leg.srtp.seal_rtcp(&r)) {
                        let flushed = queue(outbox, socket, route, datagram, &mut out);
                        out.send_errors += flushed.failed as u64;
                    }
                }
            }
        }
        let flushed = outbox.flush(socket);
        observe(flushed, &mut out);
        latency.flush();
        out
    })
}

/// Queues a datagram: UDP ones into the outbox (sent in batches), ICE-TCP ones for the
/// engine. Returns what the outbox sent meanwhile.
fn queue<S: AsFd>(outbox: &mut Outbox, socket: &S, route: Route, datagram: BytesMut, out: &mut Fanned) -> Flushed {
    match route {
        Route::Udp(to) => outbox.push(socket, to, datagram),
        Route::Tcp(to) => {
            out.tcp.push((to, datagram));
            Flushed::default()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rtc::peer_connection::LocalSrtpKeys;
    use rtc::shared::marshal::Unmarshal;
    use rtc::srtp::context::Context;
    use rtc::srtp::protection_profile::ProtectionProfile;

    const KEY: [u8; 16] = [7; 16];
    const SALT: [u8; 12] = [9; 12];

    fn context() -> Context {
        let provider = rtc::crypto::default_provider().expect("crypto provider");
        Context::new(&KEY, &SALT, ProtectionProfile::AeadAes128Gcm, None, None, provider.crypto()).expect("context")
    }

    /// A leg whose RTP is encrypted in place (AES-128-GCM), as a browser's is.
    fn video_leg(peer: u64, to: Option<SocketAddr>) -> Leg {
        let track = LegTrack::new(RtpCodecKind::Video, 0x1000 + peer as u32, 102, 90_000);
        let keys = LocalSrtpKeys {
            profile: ProtectionProfile::AeadAes128Gcm,
            master_key: KEY.to_vec(),
            master_salt: SALT.to_vec(),
        };
        let provider = rtc::crypto::default_provider().expect("crypto provider");
        let srtp = LegSrtp::new(context(), Some(&keys), provider.crypto());
        assert!(srtp.in_place());
        Leg::new(PeerId(peer), to.map(Route::Udp), vec![track], srtp)
    }

    /// A frame of `n` H.264 FU-A packets (the first starts an IDR), from source SSRC 42.
    fn frame(n: u16) -> Vec<Forwarded> {
        (0..n)
            .map(|i| {
                let start = if i == 0 { 0x80 } else { 0 };
                let mut payload = vec![0x7c, start | 5];
                payload.extend(std::iter::repeat_n(i as u8, 1000));
                Forwarded {
                    kind: RtpCodecKind::Video,
                    media: TapMedia::H264,
                    packet: rtp::Packet {
                        header: rtp::Header {
                            version: 2,
                            payload_type: 96,
                            sequence_number: 500 + i,
                            timestamp: 3000,
                            ssrc: 42,
                            marker: i + 1 == n,
                            ..Default::default()
                        },
                        payload: payload.into(),
                    },
                    arrival: Instant::now(),
                }
            })
            .collect()
    }

    #[test]
    fn removing_a_leg_keeps_the_others_reachable() {
        let mut legs = Legs::default();
        for i in 0..4 {
            legs.insert(video_leg(i, None));
        }
        assert!(legs.remove(PeerId(1)).is_some());
        assert!(legs.remove(PeerId(1)).is_none());
        assert_eq!(legs.len(), 3);
        for id in [0, 2, 3] {
            assert_eq!(legs.get(PeerId(id)).map(|l| l.peer), Some(PeerId(id)));
        }
        assert!(legs.remove(PeerId(3)).is_some());
        assert_eq!(legs.get(PeerId(2)).map(|l| l.peer), Some(PeerId(2)));
    }

    /// 150 viewers over 3 threads: each gets the whole frame once, in order, under its own
    /// SSRC and payload type, protected so that its keys open it.
    #[test]
    fn a_burst_split_over_threads_reaches_every_leg_whole() {
        let viewers = 150;
        let sender = std::net::UdpSocket::bind("127.0.0.1:0").expect("bind");
        let receivers: Vec<std::net::UdpSocket> =
            (0..viewers).map(|_| std::net::UdpSocket::bind("127.0.0.1:0").expect("bind")).collect();
        let mut legs = Legs::default();
        for (i, r) in receivers.iter().enumerate() {
            r.set_read_timeout(Some(Duration::from_secs(2))).expect("timeout");
            legs.insert(video_leg(i as u64, Some(r.local_addr().expect("addr"))));
        }
        // A leg whose route is not known yet gets nothing and costs nothing.
        legs.insert(video_leg(10_000, None));
        let order: Vec<PeerId> = legs.legs.iter().map(|l| l.peer).collect();
        let fanout = Fanout::new(3, &sender);
        assert_eq!(fanout.threads(), 3);
        let burst = Arc::new(Burst::new(frame(5)));
        assert_eq!(burst.keyframe_starts, [true, false, false, false, false]);
        let fanned = fanout.forward(&mut legs, &burst, &sender);
        let back: Vec<PeerId> = legs.legs.iter().map(|l| l.peer).collect();
        assert_eq!(back, order, "every leg is back in its place");
        assert!(legs.index.iter().all(|(peer, &at)| legs.legs[at].peer == *peer));
        assert_eq!(fanned.packets, 5 * viewers as u64);
        assert_eq!(fanned.send_errors, 0);
        assert!(fanned.tcp.is_empty());

        let mut open = context();
        let mut buf = [0u8; 2048];
        for (i, r) in receivers.iter().enumerate() {
            let mut sequences = Vec::new();
            while sequences.len() < 5 {
                let (len, _) = r.recv_from(&mut buf).expect("every packet of the frame arrives");
                if len < 2 || (200..=206).contains(&buf[1]) {
                    continue; // a sender report
                }
                let plain = open.decrypt_rtp(&buf[..len]).expect("the leg's keys open it");
                let mut reader = &plain[..];
                let header = rtp::Header::unmarshal(&mut reader).expect("header");
                assert_eq!(header.ssrc, 0x1000 + i as u32);
                assert_eq!(header.payload_type, 102);
                assert_eq!(header.timestamp, 3000);
                let k = sequences.len();
                assert_eq!(reader.len(), 1002);
                assert_eq!(reader[2], k as u8, "packets in order");
                assert_eq!(header.marker, k == 4);
                sequences.push(header.sequence_number);
            }
            assert!(sequences.windows(2).all(|w| w[1] == w[0].wrapping_add(1)), "gap-free: {sequences:?}");
        }
    }
}
