//! The media engine: one thread, one UDP socket, every peer connection of the node.
//!
//! Datagrams are demultiplexed (STUN by the ICE ufrag the peer connection chose, everything
//! else by source address), fed to the peer's sans-I/O state machine, and everything the
//! peer then wants to send is sent at once. RTP read from a publisher is forwarded to the
//! stream's connected viewer legs once the burst of datagrams that carried it has been
//! read ([`crate::fanout`]: payload type, SSRC and sequence numbers rewritten per leg, each
//! leg's own SRTP context, `sendmmsg` / UDP GSO batches, large bursts shared with fan-out
//! threads): no channel, no actor message, no trip through the leg's interceptor pipeline.
//! NACKs are answered from one packet cache per stream ([`crate::packet_cache`]), on the
//! leg's RTX stream when it has one; sender reports are the fan-out's.

use std::collections::{BTreeSet, HashMap};
use std::net::SocketAddr;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use bytes::BytesMut;
use rtc::crypto::{self, RTCCryptoProvider, SignatureScheme};
use rtc::ice::tcp_type::TcpType;
use rtc::interceptor::{Registry, Slot};
use rtc::media_stream::MediaStreamTrack;
use rtc::peer_connection::certificate::{CertificateParams, RTCCertificate};
use rtc::peer_connection::configuration::interceptor_registry::register_default_interceptors;
use rtc::peer_connection::configuration::media_engine::{MediaEngine, MIME_TYPE_H264, MIME_TYPE_OPUS, MIME_TYPE_VP8};
use rtc::peer_connection::configuration::setting_engine::SettingEngineBuilder;
use rtc::peer_connection::configuration::RTCConfigurationBuilder;
use rtc::peer_connection::event::{RTCPeerConnectionEvent, RTCTrackEvent};
use rtc::peer_connection::message::{RTCMessage, TaggedRTCMessage};
use rtc::peer_connection::sdp::RTCSessionDescription;
use rtc::peer_connection::state::RTCPeerConnectionState;
use rtc::peer_connection::transport::{
    CandidateConfig, CandidateHostConfig, RTCDtlsRole, RTCIceCandidate, RTCIceCandidateInit,
};
use rtc::peer_connection::{RTCPeerConnection, RTCPeerConnectionBuilder};
use rtc::rtcp::payload_feedbacks::picture_loss_indication::PictureLossIndication;
use rtc::rtcp::transport_feedbacks::transport_layer_nack::TransportLayerNack;
use rtc::rtp;

use rtc::rtp_transceiver::rtp_sender::{
    RTCPFeedback, RTCRtpCodec, RTCRtpCodecParameters, RTCRtpCodingParameters, RTCRtpEncodingParameters,
    RTCRtpRtxParameters, RtpCodecKind,
};
use rtc::rtp_transceiver::RTCRtpReceiverId;
use rtc::sansio::Protocol;
use rtc::shared::{TaggedBytesMut, TransportContext, TransportProtocol};
use tokio::net::UdpSocket;
use tokio::sync::mpsc;

use liveroom_telemetry::metrics;

use crate::announce;
use crate::arrival;
use crate::degrade::{Level, UpstreamLoss, Verdict, ViewerHealth};
use crate::demux::{self, Kind};
use crate::fanout::{Burst, Fanned, Fanout, Forwarded, Leg, LegTracks, Legs, Route};
use crate::ingest::{IngestBatch, IngestStart, IngestTracks};
use crate::kernel_drops;
use crate::keyframe::{self, KeyframeTap};
use crate::leg::{LegTrack, Rtx, VideoGate};
use crate::packet_cache::PacketCache;
use crate::sdp;
use crate::srtp::LegSrtp;
use crate::tcp::{IceTcp, Inbound};
use crate::{
    Answer, Command, IceRestart, PeerId, SfuConfig, SfuError, SfuEvent, SfuHandle, TapInfo, TapMedia, TapPacket,
};

/// Largest datagram read (MTU-sized media; bigger is not WebRTC).
const MAX_DATAGRAM: usize = 2048;
/// Datagrams handled per wake-up before looking at commands and timers again.
const READ_BATCH: usize = 64;
/// Peers whose timeout is handled per turn of the loop: handling hundreds at once (their
/// timers fall due together) would hold up the media waiting in the socket.
const TIMEOUTS_PER_TURN: usize = 16;
/// How often the kernel's drop count of the media socket is read.
const KERNEL_DROPS_INTERVAL: Duration = Duration::from_secs(5);
/// Most packets one NACK may have sent again.
const MAX_RETRANSMIT_PER_NACK: usize = 64;

/// Whether an engine stream is a connection test's ([`crate::SfuHandle::probe`]).
fn is_probe(stream: &str) -> bool {
    stream.starts_with(crate::PROBE_STREAM_PREFIX)
}

/// Starts the engine thread; returns its handle and its event stream.
pub fn start(config: SfuConfig) -> std::io::Result<(SfuHandle, mpsc::UnboundedReceiver<SfuEvent>)> {
    let socket = bind_media_socket(config.bind)?;
    let bound = socket.local_addr()?;
    let tcp_listener = if config.ice_tcp { bind_tcp_listener(bound) } else { None };
    let mut facts = announce::Facts::default();
    if bound.ip().is_unspecified() && config.advertise.is_empty() {
        facts = announce::discover();
        if let Some(server) = &config.stun_server {
            facts.stun = announce::stun_mapped(&socket, server, Duration::from_secs(3));
            if facts.stun.is_none() {
                tracing::warn!(server, "media: the STUN server did not answer; the public address is not known");
            }
        }
    }
    let announce::Announced { addrs: announced, warnings } = announce::choose(bound, &config.advertise, &facts);
    for warning in warnings {
        tracing::warn!("{warning}");
    }
    let config_ice_tcp = tcp_listener.is_some();
    let engine_announced = announced.clone();
    let (tx, rx) = mpsc::unbounded_channel();
    let (ingest_tx, ingest_rx) = mpsc::channel(crate::ingest::INGEST_QUEUE);
    let (events_tx, events_rx) = mpsc::unbounded_channel();
    std::thread::Builder::new().name("liveroom-media".into()).spawn(move || {
        let runtime = match tokio::runtime::Builder::new_current_thread().enable_all().build() {
            Ok(rt) => rt,
            Err(e) => {
                tracing::error!(error = %e, "media engine runtime failed to start");
                return;
            }
        };
        runtime.block_on(async move {
            let tcp = tcp_listener.and_then(|l| tokio::net::TcpListener::from_std(l).ok()).map(IceTcp::start);
            match UdpSocket::from_std(socket) {
                Ok(socket) => match Engine::new(socket, engine_announced, config, events_tx, tcp) {
                    Ok(engine) => engine.run(rx, ingest_rx).await,
                    Err(e) => tracing::error!(error = %e, "media engine failed to start"),
                },
                Err(e) => tracing::error!(error = %e, "media socket unusable"),
            }
        });
    })?;
    tracing::info!(udp = %bound, announced = ?announced, ice_tcp = config_ice_tcp, "media engine started");
    Ok((SfuHandle { tx, ingest: ingest_tx, announced }, events_rx))
}

/// Socket buffer size asked for (the kernel caps it at `net.core.{r,w}mem_max`): a fan-out
/// burst keeps the engine thread busy for milliseconds, and publishers' packets that
/// arrive meanwhile must wait in the socket, not be dropped by it.
const SOCKET_BUFFER_BYTES: usize = 8 << 20;

fn bind_media_socket(addr: SocketAddr) -> std::io::Result<std::net::UdpSocket> {
    let socket =
        socket2::Socket::new(socket2::Domain::for_address(addr), socket2::Type::DGRAM, Some(socket2::Protocol::UDP))?;
    // Best effort: a smaller buffer still works, just drops sooner under load.
    let _ = socket.set_recv_buffer_size(SOCKET_BUFFER_BYTES);
    let _ = socket.set_send_buffer_size(SOCKET_BUFFER_BYTES);
    socket.set_nonblocking(true)?;
    socket.bind(&addr.into())?;
    let std_socket: std::net::UdpSocket = socket.into();
    arrival::enable(&std_socket);
    tracing::debug!(
        recv = socket2::SockRef::from(&std_socket).recv_buffer_size().unwrap_or(0),
        send = socket2::SockRef::from(&std_socket).send_buffer_size().unwrap_or(0),
        "media socket buffers"
    );
    Ok(std_socket)
}

/// The ICE-TCP listener on the media socket's address (same port number); `None`, with a
/// warning, when the port is taken: the node then serves UDP only.
fn bind_tcp_listener(addr: SocketAddr) -> Option<std::net::TcpListener> {
    let listener = std::net::TcpListener::bind(addr).and_then(|l| l.set_nonblocking(true).map(|()| l));
    match listener {
        Ok(l) => Some(l),
        Err(e) => {
            tracing::warn!(%addr, error = %e, "ICE-TCP disabled: its port could not be bound");
            None
        }
    }
}

/// A publisher's track.
struct InTrack {
    kind: RtpCodecKind,
    media: TapMedia,
    receiver: RTCRtpReceiverId,
    ssrc: u32,
    codec: RTCRtpCodec,
}

enum Role {
    Publisher {
        tracks: HashMap<String, InTrack>,
        live: bool,
    },
    Subscriber {
        /// The leg's tracks until it connects; then they live in the stream's
        /// [`Legs`], with the SRTP context taken from the peer connection.
        waiting: Option<Vec<LegTrack>>,
        /// DTLS is up (the leg can be made).
        connected: bool,
        health: ViewerHealth,
    },
}

impl Route {
    fn protocol(self) -> TransportProtocol {
        match self {
            Route::Udp(_) => TransportProtocol::UDP,
            Route::Tcp(_) => TransportProtocol::TCP,
        }
    }

    fn addr(self) -> SocketAddr {
        match self {
            Route::Udp(a) | Route::Tcp(a) => a,
        }
    }
}

struct Peer {
    pc: RTCPeerConnection,
    ufrag: String,
    stream: String,
    role: Role,
    addrs: Vec<Route>,
    /// The peer connection's next timeout, as filed in [`Engine::timers`].
    deadline: Option<Instant>,
    /// Until the connection first comes up: when it is dropped if it has not.
    connect_by: Option<Instant>,
}

struct Stream {
    publisher: PeerId,
    subscribers: Vec<PeerId>,
    last_pli: Option<Instant>,
    /// Consumers of a copy of every packet (the CDN packager).
    taps: Vec<mpsc::Sender<TapPacket>>,
    /// The publisher's offer has an audio section.
    offered_audio: bool,
    /// Recent video packets, for subscribers' NACKs.
    cache: PacketCache,
    /// The connected viewers' legs: what the fan-out sends to.
    legs: Legs,
    /// What the node loses from the publisher, not to be blamed on viewers.
    upstream: UpstreamLoss,
}

impl Stream {
    /// A stream of `publisher`, with nobody watching yet.
    fn new(publisher: PeerId, offered_audio: bool) -> Self {
        Self {
            publisher,
            subscribers: Vec::new(),
            last_pli: None,
            taps: Vec::new(),
            offered_audio,
            cache: PacketCache::default(),
            legs: Legs::default(),
            upstream: UpstreamLoss::default(),
        }
    }
}

struct Engine {
    socket: UdpSocket,
    /// The addresses in our candidates, best first (never empty, never unspecified).
    announced: Vec<SocketAddr>,
    config: SfuConfig,
    events: mpsc::UnboundedSender<SfuEvent>,
    peers: HashMap<PeerId, Peer>,
    by_ufrag: HashMap<String, PeerId>,
    by_addr: HashMap<Route, PeerId>,
    /// ICE-TCP connections (`None` when the TCP port could not be bound or is off).
    tcp: Option<IceTcp>,
    streams: HashMap<String, Stream>,
    next_peer: u64,
    unknown_drops: u64,
    /// Built once; each peer gets a clone (its negotiation state lives in it).
    media_template: MediaEngine,
    /// One DTLS certificate for every peer: generating one per peer costs a key pair each.
    certificate: RTCCertificate,
    crypto: Arc<dyn RTCCryptoProvider>,
    /// The threads a large fan-out is spread over.
    fanout: Fanout,
    /// Packets read in the current burst, by stream, forwarded when the burst ends so each
    /// leg gets a frame's packets together (one GSO send).
    pending: Vec<(String, Vec<Forwarded>)>,
    /// Every peer's next timeout, soonest first: asking each peer connection on every
    /// wake-up cost ≈ 1 µs per peer through its handler pipeline.
    timers: BTreeSet<(Instant, PeerId)>,
    /// When the media socket's kernel drop count is read next, and its last value.
    next_drop_check: Instant,
    kernel_drops: Option<u64>,
    /// The kernel's arrival stamp of the datagram being handled (UDP), for the packets
    /// it carries to be forwarded with.
    received_at: Option<Instant>,
    /// Streams fed from inside the node ([`crate::ingest`]), by their publisher id.
    ingests: HashMap<PeerId, IngestPeer>,
}

/// An ingested stream's publisher side.
struct IngestPeer {
    stream: String,
    tracks: Vec<IngestTrack>,
    live: bool,
    ended: Arc<AtomicBool>,
}

/// One track of an ingested stream, stamped as a publisher's would be.
struct IngestTrack {
    kind: RtpCodecKind,
    media: TapMedia,
    codec: RTCRtpCodec,
    ssrc: u32,
    payload_type: u8,
    sequence: u16,
}

/// The RTCP feedback liveroom's video codecs announce (publishers' and ingested streams').
fn video_feedback() -> Vec<RTCPFeedback> {
    [("goog-remb", ""), ("transport-cc", ""), ("ccm", "fir"), ("nack", ""), ("nack", "pli")]
        .into_iter()
        .map(|(typ, parameter)| RTCPFeedback { typ: typ.into(), parameter: parameter.into() })
        .collect()
}

/// Codecs liveroom forwards: Opus; H.264 packetization-mode 1 (the CDN path needs it)
/// and VP8 (WebRTC-only rooms), each with RTX.
fn media_engine() -> Result<MediaEngine, SfuError> {
    let mut engine = MediaEngine::default();
    let feedback = video_feedback;
    let codec = |mime: &str, clock_rate: u32, channels: u16, fmtp: &str, rtcp_feedback: Vec<RTCPFeedback>, pt: u8| {
        RTCRtpCodecParameters {
            rtp_codec: RTCRtpCodec {
                mime_type: mime.into(),
                clock_rate,
                channels,
                sdp_fmtp_line: fmtp.into(),
                rtcp_feedback,
            },
            payload_type: pt,
        }
    };
    let register = |engine: &mut MediaEngine, c: RTCRtpCodecParameters, kind| {
        engine.register_codec(c, kind).map_err(|e| SfuError::Unavailable(format!("codec registration: {e}")))
    };
    register(
        &mut engine,
        codec(MIME_TYPE_OPUS, 48000, 2, "minptime=10;useinbandfec=1", vec![], 111),
        RtpCodecKind::Audio,
    )?;
    let video = [
        (MIME_TYPE_H264, "level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42e01f", 102u8, 103u8),
        (MIME_TYPE_H264, "level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42001f", 127, 104),
        (MIME_TYPE_H264, "level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=4d001f", 125, 105),
        (MIME_TYPE_H264, "level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=640c1f", 108, 109),
        (MIME_TYPE_VP8, "", 96, 97),
    ];
    for (mime, fmtp, pt, rtx) in video {
        register(&mut engine, codec(mime, 90000, 0, fmtp, feedback(), pt), RtpCodecKind::Video)?;
        register(&mut engine, codec("video/rtx", 90000, 0, &format!("apt={pt}"), vec![], rtx), RtpCodecKind::Video)?;
    }
    Ok(engine)
}

/// A media engine offering exactly a stream's codecs (a subscriber leg then never
/// advertises a codec this stream will not send).
fn media_engine_for(codecs: &[(RtpCodecKind, RTCRtpCodec)]) -> Result<MediaEngine, SfuError> {
    let mut engine = MediaEngine::default();
    for (kind, codec) in codecs {
        let (pt, rtx) = match kind {
            RtpCodecKind::Audio => (111, None),
            _ => (102, Some(103)),
        };
        engine
            .register_codec(RTCRtpCodecParameters { rtp_codec: codec.clone(), payload_type: pt }, *kind)
            .map_err(|e| SfuError::Unavailable(format!("codec registration: {e}")))?;
        if let Some(rtx) = rtx {
            let rtx_codec = RTCRtpCodec {
                mime_type: "video/rtx".into(),
                clock_rate: 90000,
                channels: 0,
                sdp_fmtp_line: format!("apt={pt}"),
                rtcp_feedback: vec![],
            };
            engine
                .register_codec(RTCRtpCodecParameters { rtp_codec: rtx_codec, payload_type: rtx }, *kind)
                .map_err(|e| SfuError::Unavailable(format!("codec registration: {e}")))?;
        }
    }
    Ok(engine)
}

/// The ICE ufrag an answer of ours carries (the demultiplexer's key for the peer).
fn local_ufrag(answer: &str) -> Result<String, SfuError> {
    sdp::attribute(answer, "ice-ufrag")
        .map(str::to_owned)
        .ok_or_else(|| SfuError::Unavailable("answer without ice-ufrag".into()))
}

/// The primary payload type an RTX codec repairs (`apt=` in its fmtp, RFC 4588 §8.1).
fn rtx_apt(codec: &RTCRtpCodec) -> Option<u8> {
    codec.sdp_fmtp_line.split(';').find_map(|p| p.trim().strip_prefix("apt=")?.parse().ok())
}

fn tap_media(codec: &RTCRtpCodec) -> TapMedia {
    let mime = codec.mime_type.to_ascii_lowercase();
    if mime == MIME_TYPE_OPUS.to_ascii_lowercase() {
        TapMedia::Opus
    } else if mime == MIME_TYPE_VP8.to_ascii_lowercase() {
        TapMedia::Vp8
    } else {
        TapMedia::H264
    }
}

fn is_acceptable(codec: &RTCRtpCodec) -> bool {
    let mime = codec.mime_type.to_ascii_lowercase();
    mime == MIME_TYPE_OPUS.to_ascii_lowercase()
        || mime == MIME_TYPE_VP8.to_ascii_lowercase()
        || (mime == MIME_TYPE_H264.to_ascii_lowercase() && codec.sdp_fmtp_line.contains("packetization-mode=1"))
}

impl Engine {
    fn new(
        socket: UdpSocket,
        announced: Vec<SocketAddr>,
        config: SfuConfig,
        events: mpsc::UnboundedSender<SfuEvent>,
        tcp: Option<IceTcp>,
    ) -> Result<Self, SfuError> {
        let crypto = crypto::default_provider().map_err(|e| SfuError::Unavailable(format!("crypto: {e:?}")))?;
        let params = CertificateParams::new(vec!["liveroom".to_owned()])
            .map_err(|e| SfuError::Unavailable(format!("certificate params: {e}")))?;
        let certificate = RTCCertificate::generate(crypto.crypto(), SignatureScheme::EcdsaP256Sha256, params)
            .map_err(|e| SfuError::Unavailable(format!("certificate: {e}")))?;
        let fanout = Fanout::new(config.fanout_threads, &socket);
        tracing::info!(threads = fanout.threads(), "media fan-out threads");
        Ok(Self {
            socket,
            announced,
            config,
            events,
            peers: HashMap::new(),
            by_ufrag: HashMap::new(),
            by_addr: HashMap::new(),
            tcp,
            streams: HashMap::new(),
            next_peer: 1,
            unknown_drops: 0,
            media_template: media_engine()?,
            certificate,
            crypto,
            fanout,
            pending: Vec::new(),
            timers: BTreeSet::new(),
            next_drop_check: Instant::now() + KERNEL_DROPS_INTERVAL,
            received_at: None,
            kernel_drops: None,
            ingests: HashMap::new(),
        })
    }

    async fn run(mut self, mut commands: mpsc::UnboundedReceiver<Command>, mut ingest: mpsc::Receiver<IngestBatch>) {
        let mut buf = vec![0u8; MAX_DATAGRAM];
        loop {
            let deadline = self.next_deadline();
            tokio::select! {
                biased;
                Some(inbound) = next_tcp(&mut self.tcp) => match inbound {
                    Inbound::Frame { from, data } => self.datagram(&data, Route::Tcp(from)),
                    Inbound::Closed { from } => self.tcp_closed(from),
                },
                cmd = commands.recv() => match cmd {
                    None | Some(Command::Shutdown) => break,
                    Some(cmd) => self.command(cmd),
                },
                Some(batch) = ingest.recv() => self.ingest_batch(batch),
                res = self.socket.readable() => {
                    if res.is_ok() {
                        self.drain(&mut buf);
                    }
                },
                _ = tokio::time::sleep_until(deadline.into()) => self.timeouts(Instant::now()),
            }
            self.forward_pending();
        }
        let ids: Vec<PeerId> = self.peers.keys().chain(self.ingests.keys()).copied().collect();
        for id in ids {
            self.remove_peer(id, "shutdown");
        }
        tracing::info!("media engine stopped");
    }

    /// Reads what is queued on the socket (up to a batch) before re-arming the select.
    fn drain(&mut self, buf: &mut [u8]) {
        for _ in 0..READ_BATCH {
            match arrival::try_recv(&self.socket, buf) {
                Ok((n, from, arrival)) => {
                    self.received_at = Some(arrival);
                    self.datagram(&buf[..n], Route::Udp(from));
                    self.received_at = None;
                }
                Err(_) => break,
            }
        }
    }

    fn next_deadline(&mut self) -> Instant {
        let fallback = Instant::now() + Duration::from_secs(1);
        self.timers.first().map_or(fallback, |(at, _)| *at).min(fallback).min(self.next_drop_check)
    }

    /// Counts what the kernel dropped at the media socket since the last look.
    fn count_kernel_drops(&mut self, now: Instant) {
        self.next_drop_check = now + KERNEL_DROPS_INTERVAL;
        let Ok(bound) = self.socket.local_addr() else { return };
        let Some(total) = kernel_drops::media_socket_drops(bound.port()) else { return };
        if let Some(before) = self.kernel_drops {
            let new = total.saturating_sub(before);
            if new > 0 {
                metrics().media.udp_socket_drops.inc_by(new);
                tracing::warn!(dropped = new, "the kernel dropped media datagrams: the engine is not keeping up");
            }
        }
        self.kernel_drops = Some(total);
    }

    fn timeouts(&mut self, now: Instant) {
        if now >= self.next_drop_check {
            self.count_kernel_drops(now);
            self.drop_unconnected(now);
        }
        let mut due = Vec::new();
        while let Some(&(at, id)) = self.timers.first() {
            if at > now || due.len() == TIMEOUTS_PER_TURN {
                break;
            }
            self.timers.pop_first();
            if let Some(peer) = self.peers.get_mut(&id) {
                peer.deadline = None;
                due.push(id);
            }
        }
        for id in due {
            if let Some(peer) = self.peers.get_mut(&id) {
                if let Err(e) = peer.pc.handle_timeout(now) {
                    tracing::debug!(peer = id.0, error = %e, "timeout handling failed");
                }
            }
            self.drive(id);
        }
    }

    /// Drops the peers whose connection did not come up in time (checked with the kernel
    /// drop count, every [`KERNEL_DROPS_INTERVAL`]).
    fn drop_unconnected(&mut self, now: Instant) {
        let late: Vec<PeerId> =
            self.peers.iter().filter(|(_, p)| p.connect_by.is_some_and(|at| at <= now)).map(|(id, _)| *id).collect();
        for id in late {
            tracing::info!(peer = id.0, "media session never connected: dropped");
            metrics().media.unconnected_dropped.inc();
            self.remove_peer(id, "never_connected");
        }
    }

    /// Files a peer's next timeout again after something may have changed it.
    fn rearm(&mut self, id: PeerId) {
        let Some(peer) = self.peers.get_mut(&id) else { return };
        let next = peer.pc.poll_timeout();
        if next != peer.deadline {
            if let Some(old) = peer.deadline {
                self.timers.remove(&(old, id));
            }
            if let Some(at) = next {
                self.timers.insert((at, id));
            }
            peer.deadline = next;
        }
    }

    fn command(&mut self, cmd: Command) {
        match cmd {
            Command::Publish { stream, offer, reply } => {
                let result = self.publish(stream, offer);
                count_refusal(&result);
                let _ = reply.send(result);
            }
            Command::Ingest { stream, audio, reply } => {
                let _ = reply.send(self.ingest(stream, audio));
            }
            Command::Subscribe { stream, offer, reply } => {
                let result = self.subscribe(stream, offer);
                count_refusal(&result);
                let _ = reply.send(result);
            }
            Command::Close { peer } => self.remove_peer(peer, "closed by signalling"),
            Command::RestartIce { peer, ufrag, pwd, reply } => {
                let _ = reply.send(self.restart_ice(peer, &ufrag, &pwd));
            }
            Command::AttachTap { stream, tap, reply } => {
                let result = match self.streams.get_mut(&stream) {
                    Some(s) => {
                        s.taps.push(tap);
                        Ok(TapInfo { audio: s.offered_audio })
                    }
                    None => Err(SfuError::NotLive(stream)),
                };
                let _ = reply.send(result);
            }
            Command::DetachTap { stream } => {
                if let Some(s) = self.streams.get_mut(&stream) {
                    s.taps.clear();
                }
            }
            Command::RequestKeyframe { stream } => self.request_keyframe(&stream),
            Command::Shutdown => {}
        }
    }

    /// A peer connection whose ICE credentials the `rtc` crate draws at random (and draws
    /// again on an ICE restart, which fixed ones would defeat); the demultiplexer learns
    /// the ufrag from the answer.
    ///
    /// A publisher gets webrtc-rs' default interceptors (NACKs to it, receiver reports, TWCC
    /// feedback so its bitrate ramps up). A viewer's leg gets none: its media never passes
    /// them (the fast path), its NACKs, keyframe requests and reports reach the engine
    /// through the tap, and on a leg that receives nothing their timers would only cost.
    fn new_peer_connection(&self, mut media: MediaEngine, publisher: bool) -> Result<RTCPeerConnection, SfuError> {
        let settings = SettingEngineBuilder::new()
            .with_lite(true)
            .with_answering_dtls_role(RTCDtlsRole::Server)
            .with_ice_timeouts(Some(self.config.ice_disconnected_timeout), Some(self.config.ice_failed_timeout), None)
            .with_crypto_provider(self.crypto.clone())
            .build();
        let mut registry = Registry::new().with(Slot::from(keyframe::SLOT), KeyframeTap::default());
        if publisher {
            registry = register_default_interceptors(registry, &mut media)
                .map_err(|e| SfuError::Unavailable(format!("interceptors: {e}")))?;
        }
        RTCPeerConnectionBuilder::new()
            .with_configuration(
                RTCConfigurationBuilder::new().with_certificates(vec![self.certificate.clone()]).build(),
            )
            .with_setting_engine(settings)
            .with_media_engine(media)
            .with_interceptor_registry(registry)
            .build(Instant::now())
            .map_err(|e| SfuError::Unavailable(format!("peer connection: {e}")))
    }

    /// The node's candidates: for each announced address, best first, a UDP host
    /// candidate and, with ICE-TCP, a passive TCP one on the same port number.
    fn host_candidates(&self) -> Result<Vec<RTCIceCandidateInit>, SfuError> {
        let mut candidates = Vec::new();
        for (rank, addr) in self.announced.iter().enumerate() {
            candidates.push(host_candidate(*addr, rank, "udp", TcpType::Unspecified)?);
            if self.tcp.is_some() {
                candidates.push(host_candidate(*addr, rank, "tcp", TcpType::Passive)?);
            }
        }
        Ok(candidates)
    }

    /// Applies the offer, adds our host candidates and produces the answer.
    fn answer(&self, pc: &mut RTCPeerConnection, offer: String) -> Result<String, SfuError> {
        let offer = RTCSessionDescription::offer(offer).map_err(|e| SfuError::BadOffer(e.to_string()))?;
        pc.set_remote_description(Instant::now(), offer).map_err(|e| SfuError::BadOffer(e.to_string()))?;
        for init in self.host_candidates()? {
            pc.add_local_candidate(init).map_err(|e| SfuError::Unavailable(format!("candidate: {e}")))?;
        }
        // Non-trickle: our host candidates are all there is (a=end-of-candidates).
        pc.add_local_candidate(RTCIceCandidateInit::default())
            .map_err(|e| SfuError::Unavailable(format!("end of candidates: {e}")))?;
        let answer = pc.create_answer(None).map_err(|e| match e.to_string() {
            m if m.contains("no codecs") || m.contains("NoCodecs") => SfuError::NoUsableCodec,
            m => SfuError::BadOffer(m),
        })?;
        let sdp = answer.sdp.clone();
        pc.set_local_description(Instant::now(), answer).map_err(|e| SfuError::BadOffer(e.to_string()))?;
        if !sdp::has_media(&sdp) {
            return Err(SfuError::NoUsableCodec);
        }
        Ok(sdp::candidates_in_every_section(&sdp))
    }

    /// An ICE restart asked for by the client (new credentials of its own): the peer's
    /// remote description is applied again with them, which makes the `rtc` answerer draw
    /// new local credentials; DTLS and the SRTP keys stay. The old ufrag stops reaching
    /// the peer.
    fn restart_ice(&mut self, id: PeerId, ufrag: &str, pwd: &str) -> Result<IceRestart, SfuError> {
        if !sdp::valid_ice_credentials(ufrag, pwd) {
            return Err(SfuError::BadOffer(
                "ICE credentials: a ufrag of 4, a pwd of 22 to 256 visible characters".into(),
            ));
        }
        let current = self
            .peers
            .get(&id)
            .and_then(|p| p.pc.remote_description())
            .map(|d| d.sdp.clone())
            .ok_or(SfuError::UnknownPeer)?;
        let offer = RTCSessionDescription::offer(sdp::with_remote_credentials(&current, ufrag, pwd))
            .map_err(|e| SfuError::BadOffer(e.to_string()))?;
        let Some(peer) = self.peers.get_mut(&id) else { return Err(SfuError::UnknownPeer) };
        let now = Instant::now();
        peer.pc.set_remote_description(now, offer).map_err(|e| SfuError::BadOffer(e.to_string()))?;
        let answer = peer.pc.create_answer(None).map_err(|e| SfuError::BadOffer(e.to_string()))?;
        let sdp = answer.sdp.clone();
        peer.pc.set_local_description(now, answer).map_err(|e| SfuError::BadOffer(e.to_string()))?;
        let new_ufrag = local_ufrag(&sdp)?;
        let new_pwd =
            sdp::attribute(&sdp, "ice-pwd").ok_or_else(|| SfuError::Unavailable("answer without ice-pwd".into()))?;
        // The answer repeats the candidates in each media section: keep each once.
        let mut candidates: Vec<String> = Vec::new();
        for candidate in sdp.lines().filter_map(|l| l.trim_end().strip_prefix("a=candidate:")) {
            if !candidates.iter().any(|c| c == candidate) {
                candidates.push(candidate.to_owned());
            }
        }
        let old = std::mem::replace(&mut peer.ufrag, new_ufrag.clone());
        self.by_ufrag.remove(&old);
        self.by_ufrag.insert(new_ufrag.clone(), id);
        if candidates.is_empty() {
            for init in self.host_candidates()? {
                candidates.push(init.candidate.trim_start_matches("candidate:").to_owned());
            }
        }
        let answer = sdp::with_candidates(&sdp, &candidates);
        metrics().media.ice_restarts.inc();
        tracing::info!(peer = id.0, "ICE restarted");
        self.drive(id);
        Ok(IceRestart { ufrag: new_ufrag, pwd: new_pwd.to_owned(), candidates, sdp: answer })
    }

    fn register(&mut self, pc: RTCPeerConnection, ufrag: String, stream: String, role: Role) -> PeerId {
        let id = PeerId(self.next_peer);
        self.next_peer += 1;
        self.by_ufrag.insert(ufrag.clone(), id);
        metrics().media.peers.with_label_values(&[role_label(&role)]).inc();
        let connect_by = Some(Instant::now() + self.config.connect_timeout);
        self.peers.insert(id, Peer { pc, ufrag, stream, role, addrs: Vec::new(), deadline: None, connect_by });
        self.rearm(id);
        id
    }

    fn publish(&mut self, stream: String, offer: String) -> Result<Answer, SfuError> {
        // A connection test is a publisher nobody can subscribe to (its name is no stream
        // id); its media is dropped like a stream without viewers.
        if !sdp::has_media(&offer) {
            return Err(SfuError::WrongDirection("audio or video"));
        }
        if self.streams.contains_key(&stream) {
            return Err(SfuError::AlreadyPublishing(stream));
        }
        let offered_audio = offer.lines().any(|l| l.starts_with("m=audio ") && !l.starts_with("m=audio 0 "));
        let mut pc = self.new_peer_connection(self.media_template.clone(), true)?;
        let sdp = self.answer(&mut pc, offer)?;
        let ufrag = local_ufrag(&sdp)?;
        let peer = self.register(pc, ufrag, stream.clone(), Role::Publisher { tracks: HashMap::new(), live: false });
        let stream_name = stream.clone();
        self.streams.insert(stream, Stream::new(peer, offered_audio));
        if !is_probe(&stream_name) {
            metrics().media.streams.inc();
        }
        Ok(Answer { peer, sdp })
    }

    fn subscribe(&mut self, stream: String, offer: String) -> Result<Answer, SfuError> {
        if !sdp::has_media(&offer) {
            return Err(SfuError::WrongDirection("audio or video"));
        }
        let publisher =
            self.streams.get(&stream).map(|s| s.publisher).ok_or_else(|| SfuError::NotLive(stream.clone()))?;
        let codecs: Vec<(RtpCodecKind, RTCRtpCodec)> = match self.peers.get(&publisher).map(|p| &p.role) {
            Some(Role::Publisher { tracks, live: true }) => {
                tracks.values().map(|t| (t.kind, t.codec.clone())).collect()
            }
            _ => match self.ingests.get(&publisher) {
                Some(IngestPeer { tracks, live: true, .. }) => {
                    tracks.iter().map(|t| (t.kind, t.codec.clone())).collect()
                }
                _ => return Err(SfuError::NotLive(stream)),
            },
        };
        let mut pc = self.new_peer_connection(media_engine_for(&codecs)?, false)?;
        let mut planned = Vec::new();
        for (i, (kind, codec)) in codecs.into_iter().enumerate() {
            let ssrc: u32 = rand::random();
            // Video offers an RTX stream; the peer connection drops it if the viewer's
            // offer has no `video/rtx`.
            let rtx = (kind == RtpCodecKind::Video).then(|| RTCRtpRtxParameters { ssrc: rand::random() });
            let track = MediaStreamTrack::new(
                format!("liveroom-{stream}"),
                format!("{stream}-{i}"),
                format!("{stream}-{i}"),
                kind,
                vec![RTCRtpEncodingParameters {
                    rtp_coding_parameters: RTCRtpCodingParameters { ssrc: Some(ssrc), rtx, ..Default::default() },
                    codec: codec.clone(),
                    ..Default::default()
                }],
            );
            let sender = pc.add_track(track).map_err(|e| SfuError::Unavailable(format!("add track: {e}")))?;
            planned.push((kind, sender, ssrc, codec));
        }
        let sdp = self.answer(&mut pc, offer)?;
        let ufrag = local_ufrag(&sdp)?;
        let mut tracks = Vec::new();
        for (kind, sender, ssrc, codec) in planned {
            let Some(mut s) = pc.rtp_sender(sender) else { continue };
            let params = s.get_parameters();
            let pt = params
                .rtp_parameters
                .codecs
                .iter()
                .find(|c| {
                    c.rtp_codec.mime_type.eq_ignore_ascii_case(&codec.mime_type)
                        && c.rtp_codec.sdp_fmtp_line == codec.sdp_fmtp_line
                })
                .or_else(|| {
                    params
                        .rtp_parameters
                        .codecs
                        .iter()
                        .find(|c| c.rtp_codec.mime_type.eq_ignore_ascii_case(&codec.mime_type))
                })
                .map(|c| c.payload_type);
            // The viewer's RTX payload type for this codec, if RTX survived negotiation.
            let rtx_ssrc = params.encodings.iter().find_map(|e| e.rtp_coding_parameters.rtx.as_ref()).map(|r| r.ssrc);
            let rtx = pt.zip(rtx_ssrc).and_then(|(pt, rtx_ssrc)| {
                params
                    .rtp_parameters
                    .codecs
                    .iter()
                    .find(|c| {
                        c.rtp_codec.mime_type.eq_ignore_ascii_case("video/rtx") && rtx_apt(&c.rtp_codec) == Some(pt)
                    })
                    .map(|c| Rtx::new(rtx_ssrc, c.payload_type))
            });
            match pt {
                Some(payload_type) => {
                    let track = LegTrack::new(kind, ssrc, payload_type, codec.clock_rate);
                    tracks.push(match rtx {
                        Some(rtx) => track.with_rtx(rtx),
                        None => track,
                    })
                }
                None => {
                    tracing::debug!(stream, mime = codec.mime_type, "subscriber did not accept a codec; track skipped")
                }
            }
        }
        if tracks.is_empty() {
            return Err(SfuError::NoUsableCodec);
        }
        let peer = self.register(
            pc,
            ufrag,
            stream.clone(),
            Role::Subscriber { waiting: Some(tracks), connected: false, health: ViewerHealth::default() },
        );
        if let Some(s) = self.streams.get_mut(&stream) {
            s.subscribers.push(peer);
        }
        Ok(Answer { peer, sdp })
    }

    /// A closed ICE-TCP connection: its route no longer leads to a peer.
    fn tcp_closed(&mut self, from: SocketAddr) {
        if let Some(tcp) = &mut self.tcp {
            tcp.closed(from);
        }
        if let Some(id) = self.by_addr.remove(&Route::Tcp(from)) {
            if let Some(peer) = self.peers.get_mut(&id) {
                peer.addrs.retain(|r| *r != Route::Tcp(from));
            }
        }
    }

    fn datagram(&mut self, data: &[u8], from: Route) {
        let peer = match demux::classify(data) {
            Kind::Stun => match demux::local_ufrag(data) {
                Ok(ufrag) => self.by_ufrag.get(ufrag).copied(),
                Err(_) => self.by_addr.get(&from).copied(),
            },
            Kind::Dtls | Kind::Rtp => self.by_addr.get(&from).copied(),
            Kind::Other => None,
        };
        let Some(id) = peer else {
            let reason = match demux::classify(data) {
                Kind::Stun => "unknown_ufrag",
                Kind::Other => "not_webrtc",
                _ => "unknown_address",
            };
            metrics().media.datagrams_dropped.with_label_values(&[reason]).inc();
            if let Route::Tcp(addr) = from {
                // A connection is a slot held: one whose checks are for no known peer is
                // closed at once (dropping its write queue ends it), not left to idle out.
                metrics().chat.limit_refusals.with_label_values(&["ice_tcp_unknown"]).inc();
                self.tcp_closed(addr);
            }
            self.unknown_drops += 1;
            if self.unknown_drops.is_power_of_two() {
                tracing::debug!(from = ?from, drops = self.unknown_drops, "datagram for no known peer dropped");
            }
            return;
        };
        let Some(p) = self.peers.get_mut(&id) else { return };
        let new_address = !p.addrs.contains(&from);
        let message = TaggedBytesMut {
            now: Instant::now(),
            transport: TransportContext {
                local_addr: self.announced[0],
                peer_addr: from.addr(),
                ecn: None,
                transport_protocol: from.protocol(),
            },
            message: BytesMut::from(data),
        };
        match p.pc.handle_read(message) {
            // Learn a peer's address (first check, network change) only from a STUN check the
            // peer connection accepted: a forged USERNAME must not redirect its traffic.
            Ok(()) if new_address && demux::classify(data) == Kind::Stun => {
                p.addrs.push(from);
                self.by_addr.insert(from, id);
            }
            Ok(()) => {}
            Err(e) => {
                metrics().media.datagrams_dropped.with_label_values(&["refused_by_peer"]).inc();
                tracing::trace!(peer = id.0, error = %e, "datagram refused by the peer");
            }
        }
        self.drive(id);
    }

    fn send_pending(socket: &UdpSocket, tcp: &mut Option<IceTcp>, peer: &mut Peer) {
        while let Some(out) = peer.pc.poll_write() {
            let route = match out.transport.transport_protocol {
                TransportProtocol::TCP => Route::Tcp(out.transport.peer_addr),
                _ => Route::Udp(out.transport.peer_addr),
            };
            if !send_to(socket, tcp, route, &out.message) {
                metrics().media.send_errors.inc();
            }
        }
    }

    /// Runs a peer until it has nothing more to say: sends its datagrams, handles its
    /// events, forwards its media.
    fn drive(&mut self, id: PeerId) {
        let mut forwarded: Vec<Forwarded> = Vec::new();
        let mut nacked: Vec<(u32, u16)> = Vec::new();
        let kernel_arrival = self.received_at.take();
        let mut became_live = false;
        let mut connected = false;
        let mut keyframe_wanted = false;
        let mut gone: Option<&'static str> = None;
        {
            let Some(peer) = self.peers.get_mut(&id) else { return };
            Self::send_pending(&self.socket, &mut self.tcp, peer);
            while let Some(event) = peer.pc.poll_event() {
                match event {
                    RTCPeerConnectionEvent::OnConnectionStateChangeEvent(state) => {
                        let name = state_name(state);
                        if matches!(name, "connected" | "disconnected" | "failed" | "closed") {
                            metrics().media.peer_states.with_label_values(&[name]).inc();
                        }
                        let _ = self.events.send(SfuEvent::PeerState { peer: id, state: name });
                        match state {
                            RTCPeerConnectionState::Connected => {
                                connected = true;
                                peer.connect_by = None;
                            }
                            RTCPeerConnectionState::Failed => gone = Some("failed"),
                            RTCPeerConnectionState::Closed => gone = Some("closed"),
                            _ => {}
                        }
                    }
                    RTCPeerConnectionEvent::OnTrack(RTCTrackEvent::OnOpen(init)) => {
                        if let Role::Publisher { tracks, live } = &mut peer.role {
                            if let Some(receiver) = peer.pc.rtp_receiver(init.receiver_id) {
                                let track = receiver.track();
                                let kind = track.kind();
                                let ssrc = track.ssrcs().next();
                                let codec = ssrc.and_then(|s| track.codec(s).cloned());
                                if let (Some(ssrc), Some(codec)) = (ssrc, codec) {
                                    if is_acceptable(&codec) {
                                        tracks.insert(
                                            init.track_id.clone(),
                                            InTrack {
                                                kind,
                                                media: tap_media(&codec),
                                                receiver: init.receiver_id,
                                                ssrc,
                                                codec,
                                            },
                                        );
                                        if !*live {
                                            *live = true;
                                            became_live = true;
                                        }
                                    } else {
                                        tracing::info!(
                                            codec = codec.mime_type,
                                            "publisher track with an unsupported codec ignored"
                                        );
                                    }
                                }
                            }
                        }
                    }
                    _ => {}
                }
            }
            while let Some(TaggedRTCMessage { now: arrival, message, .. }) = peer.pc.poll_read() {
                if let (RTCMessage::RtcpPacket(_, packets), Role::Subscriber { health, .. }) =
                    (&message, &mut peer.role)
                {
                    let stream = self.streams.get_mut(&peer.stream);
                    let (upstream, mut leg) = match stream {
                        Some(s) => (Some(&s.upstream), s.legs.get_mut(id)),
                        None => (None, None),
                    };
                    // Only PLI / FIR, NACKs and receiver reports reach here (see `keyframe`).
                    for p in packets {
                        if keyframe::asks_for_keyframe(p.as_ref()) {
                            keyframe_wanted = true;
                        }
                        if let Some(nack) = p.as_any().downcast_ref::<TransportLayerNack>() {
                            let room = MAX_RETRANSMIT_PER_NACK.saturating_sub(nacked.len());
                            let asked = nack.nacks.iter().flat_map(|pair| pair.packet_list());
                            nacked.extend(asked.take(room).map(|seq| (nack.media_ssrc, seq)));
                            continue;
                        }
                        let blocks = keyframe::reception_reports(p.as_ref());
                        if blocks.is_empty() {
                            continue;
                        }
                        // Reports before the leg exists have nothing to say about it.
                        let Some(leg) = leg.as_deref_mut() else { continue };
                        let fraction = |kind: RtpCodecKind| {
                            let ssrc = leg.tracks.iter().find(|t| t.kind == kind).map(|t| t.ssrc)?;
                            blocks.iter().find(|b| b.ssrc == ssrc).map(|b| b.fraction_lost)
                        };
                        // Judged by the loss on the viewer's own path.
                        let own_path = |video: bool, f: Option<u8>| match upstream {
                            Some(u) => u.on_viewer_path(video, f),
                            None => f,
                        };
                        let video = own_path(true, fraction(RtpCodecKind::Video));
                        let audio = own_path(false, fraction(RtpCodecKind::Audio));
                        let now = Instant::now();
                        let tracks = &mut leg.tracks;
                        let gate = |tracks: &mut LegTracks, gate: VideoGate| {
                            tracks.iter_mut().for_each(|t| t.set_gate(gate));
                        };
                        match health.report(video, audio, now) {
                            Verdict::Keep => {}
                            Verdict::KeyframesOnly => {
                                metrics().media.viewers_degraded.with_label_values(&["keyframes_only"]).inc();
                                gate(tracks, VideoGate::KeyframesOnly { inside: false });
                                tracing::info!(peer = id.0, "viewer cannot keep up: video sent as keyframes only");
                            }
                            Verdict::DropVideo => {
                                metrics().media.viewers_degraded.with_label_values(&["audio_only"]).inc();
                                gate(tracks, VideoGate::Closed);
                                tracing::info!(peer = id.0, "viewer cannot keep up: video paused, audio goes on");
                            }
                            Verdict::RestoreVideo => {
                                metrics().media.viewers_degraded.with_label_values(&["restored"]).inc();
                                gate(tracks, VideoGate::AwaitKeyframe { since: now });
                                keyframe_wanted = true;
                                tracing::info!(peer = id.0, "viewer recovered: video resumes from a keyframe");
                            }
                            Verdict::Disconnect => {
                                metrics().media.viewers_degraded.with_label_values(&["disconnected"]).inc();
                                tracing::info!(peer = id.0, "viewer cannot keep up even with audio only: disconnected");
                                let _ = self.events.send(SfuEvent::PeerState { peer: id, state: "closed" });
                                gone = Some("slow_viewer");
                            }
                        }
                    }
                    continue;
                }
                if let (RTCMessage::RtpPacket(track_id, packet), Role::Publisher { tracks, .. }) = (message, &peer.role)
                {
                    if let Some(t) = tracks.get(&track_id) {
                        if let Some(s) = self.streams.get_mut(&peer.stream) {
                            let video = t.kind == RtpCodecKind::Video;
                            s.upstream.record(video, packet.header.sequence_number, Instant::now());
                        }
                        metrics().media.rtp_packets_in.inc();
                        metrics().media.rtp_bytes_in.inc_by(packet.payload.len() as u64);
                        let arrival = kernel_arrival.unwrap_or(arrival);
                        forwarded.push(Forwarded { kind: t.kind, media: t.media, packet, arrival });
                    }
                }
            }
            Self::send_pending(&self.socket, &mut self.tcp, peer);
        }
        self.rearm(id);
        let stream = self.peers.get(&id).map(|p| p.stream.clone()).unwrap_or_default();
        if became_live {
            let _ = self.events.send(SfuEvent::StreamLive { stream: stream.clone(), peer: id });
            tracing::info!(stream, peer = id.0, "stream live");
        }
        if connected {
            if let Some(Peer { role: Role::Subscriber { connected, health, .. }, .. }) = self.peers.get_mut(&id) {
                *connected = true;
                let full = health.level() == Level::Full;
                let old_route = self.streams.get(&stream).and_then(|s| s.legs.get(id)).map(|leg| leg.route);
                self.make_leg(id);
                // A new leg's video starts at the keyframe asked for right here. A leg that
                // was only "disconnected" a while (consent checks late) never stopped
                // sending and keeps its place in the stream: gating it again would stall
                // its video until the next keyframe. One whose path changed (an ICE
                // restart) may have lost packets on the way: a keyframe, without the gate.
                if let Some(old_route) = old_route {
                    let peer_route = self.peers.get(&id).and_then(|p| selected_route(&p.pc));
                    if peer_route != old_route {
                        self.request_keyframe(&stream);
                    }
                } else {
                    if let Some(leg) = self.streams.get_mut(&stream).and_then(|s| s.legs.get_mut(id)) {
                        if full {
                            let since = Instant::now();
                            leg.tracks.iter_mut().for_each(|t| t.set_gate(VideoGate::AwaitKeyframe { since }));
                        }
                    }
                    self.request_keyframe(&stream);
                }
            }
        }
        self.sync_leg(id);
        if keyframe_wanted {
            self.request_keyframe(&stream);
        }
        if !nacked.is_empty() {
            self.retransmit(id, &nacked);
        }
        if !forwarded.is_empty() {
            match self.pending.iter_mut().find(|(s, _)| *s == stream) {
                Some((_, batch)) => batch.append(&mut forwarded),
                None => self.pending.push((stream, forwarded)),
            }
        }
        if let Some(reason) = gone {
            self.remove_peer(id, reason);
        }
    }

    /// Forwards what the last read burst brought, stream by stream.
    fn forward_pending(&mut self) {
        let mut pending = std::mem::take(&mut self.pending);
        for (stream, packets) in pending.drain(..) {
            self.forward(&stream, packets);
        }
        // Keep the allocation for the next burst.
        self.pending = pending;
    }

    /// Sends a burst of a publisher's packets to every connected subscriber of the stream
    /// (on several threads when it has many, [`crate::fanout`]).
    fn forward(&mut self, stream: &str, packets: Vec<Forwarded>) {
        let Engine { streams, socket, tcp, fanout, .. } = self;
        let Some(s) = streams.get_mut(stream) else { return };
        for f in &packets {
            if f.kind == RtpCodecKind::Video {
                s.cache.insert(&f.packet);
            }
        }
        if !s.taps.is_empty() {
            Self::tap(&mut s.taps, &packets);
        }
        let burst = Arc::new(Burst::new(packets));
        let fanned = fanout.forward(&mut s.legs, &burst, socket);
        Self::send_tcp(socket, tcp, &fanned);
        fanned.count();
    }

    /// Queues what a fan-out left for ICE-TCP legs on their connections.
    fn send_tcp(socket: &UdpSocket, tcp: &mut Option<IceTcp>, fanned: &Fanned) {
        for (to, datagram) in &fanned.tcp {
            if !send_to(socket, tcp, Route::Tcp(*to), datagram) {
                metrics().media.send_errors.inc();
            }
        }
    }

    /// Sends a subscriber the video packets its NACK named, from the stream's cache, under
    /// the leg sequence numbers they had.
    fn retransmit(&mut self, id: PeerId, asked: &[(u32, u16)]) {
        let Engine { streams, peers, socket, tcp, fanout, .. } = self;
        let Some(peer) = peers.get(&id) else { return };
        let Some(s) = streams.get_mut(&peer.stream) else { return };
        let Some(leg) = s.legs.get_mut(id) else { return };
        let (resent, fanned) = fanout.retransmit(leg, asked, &s.cache, socket);
        Self::send_tcp(socket, tcp, &fanned);
        fanned.count();
        metrics().media.retransmissions.inc_by(resent);
    }

    /// Makes a connected viewer's leg, with the SRTP context its peer connection produced:
    /// from then on the fan-out sends its media.
    fn make_leg(&mut self, id: PeerId) {
        let Some(peer) = self.peers.get_mut(&id) else { return };
        let Role::Subscriber { waiting, connected: true, .. } = &mut peer.role else { return };
        if waiting.is_none() {
            return;
        }
        let Some(s) = self.streams.get_mut(&peer.stream) else { return };
        // DTLS completes before the connection reports Connected; until the context exists
        // this is retried on each drive.
        let Some(context) = peer.pc.take_local_srtp_context() else { return };
        let keys = peer.pc.take_local_srtp_keys();
        let srtp = LegSrtp::new(context, keys.as_ref(), self.crypto.crypto());
        let path = if srtp.in_place() { "in_place" } else { "context" };
        metrics().media.viewer_legs.with_label_values(&[path]).inc();
        let tracks = waiting.take().unwrap_or_default();
        s.legs.insert(Leg::new(id, selected_route(&peer.pc), tracks, srtp));
    }

    /// Keeps a viewer's leg sending where its peer connection does (the selected pair can
    /// change, an ICE restart changes it).
    fn sync_leg(&mut self, id: PeerId) {
        let Some(peer) = self.peers.get(&id) else { return };
        match &peer.role {
            Role::Subscriber { waiting: Some(_), connected: true, .. } => self.make_leg(id),
            Role::Subscriber { .. } => {}
            Role::Publisher { .. } => return,
        }
        let Some(peer) = self.peers.get(&id) else { return };
        if let Some(leg) = self.streams.get_mut(&peer.stream).and_then(|s| s.legs.get_mut(id)) {
            leg.route = selected_route(&peer.pc);
        }
    }

    /// Copies a batch to the stream's taps; a tap that is full loses the packets (and its
    /// consumer sees the sequence gap), a closed one is forgotten.
    fn tap(taps: &mut Vec<mpsc::Sender<TapPacket>>, packets: &[Forwarded]) {
        taps.retain(|tap| {
            for Forwarded { media, packet: p, arrival, .. } in packets {
                let copy = TapPacket {
                    media: *media,
                    sequence: p.header.sequence_number,
                    timestamp: p.header.timestamp,
                    marker: p.header.marker,
                    payload: p.payload.clone(),
                    arrival: *arrival,
                };
                match tap.try_send(copy) {
                    Ok(()) => {}
                    Err(mpsc::error::TrySendError::Full(_)) => metrics().media.tap_drops.inc(),
                    Err(mpsc::error::TrySendError::Closed(_)) => return false,
                }
            }
            true
        });
    }

    /// Asks the stream's publisher for a keyframe (PLI), at most once per `pli_interval`.
    fn request_keyframe(&mut self, stream: &str) {
        let Some(s) = self.streams.get_mut(stream) else { return };
        let now = Instant::now();
        if s.last_pli.is_some_and(|t| now.duration_since(t) < self.config.pli_interval) {
            return;
        }
        s.last_pli = Some(now);
        let publisher = s.publisher;
        let Some(peer) = self.peers.get_mut(&publisher) else { return };
        let Role::Publisher { tracks, .. } = &peer.role else { return };
        let video: Vec<(RTCRtpReceiverId, u32)> =
            tracks.values().filter(|t| t.kind == RtpCodecKind::Video).map(|t| (t.receiver, t.ssrc)).collect();
        for (receiver, media_ssrc) in video {
            if let Some(mut r) = peer.pc.rtp_receiver(receiver) {
                if r.write_rtcp(now, vec![Box::new(PictureLossIndication { sender_ssrc: 0, media_ssrc })]).is_ok() {
                    metrics().media.plis_sent.inc();
                }
            }
        }
        Self::send_pending(&self.socket, &mut self.tcp, peer);
        self.rearm(publisher);
    }

    fn remove_peer(&mut self, id: PeerId, reason: &'static str) {
        if self.ingests.contains_key(&id) {
            return self.remove_ingest(id, reason);
        }
        let Some(mut peer) = self.peers.remove(&id) else { return };
        if let Some(at) = peer.deadline {
            self.timers.remove(&(at, id));
        }
        metrics().media.peers.with_label_values(&[role_label(&peer.role)]).dec();
        let _ = peer.pc.close();
        Self::send_pending(&self.socket, &mut self.tcp, &mut peer);
        self.by_ufrag.remove(&peer.ufrag);
        for route in &peer.addrs {
            if self.by_addr.get(route) == Some(&id) {
                self.by_addr.remove(route);
            }
            // Dropping its write queue closes the peer's ICE-TCP connection.
            if let (Route::Tcp(addr), Some(tcp)) = (route, &mut self.tcp) {
                tcp.closed(*addr);
            }
        }
        match peer.role {
            Role::Publisher { .. } => {
                if self.streams.get(&peer.stream).is_some_and(|s| s.publisher == id) {
                    if let Some(stream) = self.streams.remove(&peer.stream) {
                        if !is_probe(&peer.stream) {
                            metrics().media.streams.dec();
                        }
                        let _ = self.events.send(SfuEvent::StreamEnded { stream: peer.stream.clone(), peer: id });
                        tracing::info!(stream = peer.stream, peer = id.0, reason, "stream ended");
                        for sub in stream.subscribers {
                            self.remove_peer(sub, "stream ended");
                        }
                    }
                }
            }
            Role::Subscriber { .. } => {
                if let Some(s) = self.streams.get_mut(&peer.stream) {
                    s.subscribers.retain(|p| *p != id);
                    s.legs.remove(id);
                }
            }
        }
        tracing::debug!(peer = id.0, reason, "peer removed");
        let _ = self.events.send(SfuEvent::PeerGone { peer: id });
    }
}

/// Ingested streams ([`crate::ingest`]).
impl Engine {
    fn ingest(&mut self, stream: String, audio: bool) -> Result<IngestStart, SfuError> {
        if self.streams.contains_key(&stream) {
            return Err(SfuError::AlreadyPublishing(stream));
        }
        let peer = PeerId(self.next_peer);
        self.next_peer += 1;
        let ended = Arc::new(AtomicBool::new(false));
        self.ingests
            .insert(peer, IngestPeer { stream: stream.clone(), tracks: Vec::new(), live: false, ended: ended.clone() });
        self.streams.insert(stream, Stream::new(peer, audio));
        metrics().media.streams.inc();
        Ok(IngestStart { peer, ended })
    }

    fn ingest_tracks(tracks: &IngestTracks) -> Vec<IngestTrack> {
        let mut out = Vec::new();
        if tracks.h264_profile.is_some() {
            let fmtp = format!(
                "level-asymmetry-allowed=1;packetization-mode=1;profile-level-id={}",
                tracks.profile_level_id()
            );
            let codec = RTCRtpCodec {
                mime_type: MIME_TYPE_H264.into(),
                clock_rate: 90000,
                channels: 0,
                sdp_fmtp_line: fmtp,
                rtcp_feedback: video_feedback(),
            };
            out.push(IngestTrack {
                kind: RtpCodecKind::Video,
                media: TapMedia::H264,
                codec,
                ssrc: rand::random(),
                payload_type: 102,
                sequence: rand::random(),
            });
        }
        if tracks.audio {
            let codec = RTCRtpCodec {
                mime_type: MIME_TYPE_OPUS.into(),
                clock_rate: 48000,
                channels: 2,
                sdp_fmtp_line: "minptime=10;useinbandfec=1".into(),
                rtcp_feedback: vec![],
            };
            out.push(IngestTrack {
                kind: RtpCodecKind::Audio,
                media: TapMedia::Opus,
                codec,
                ssrc: rand::random(),
                payload_type: 111,
                sequence: rand::random(),
            });
        }
        out
    }

    /// Stamps an ingest's payloads and forwards them like a publisher's packets.
    fn ingest_batch(&mut self, batch: IngestBatch) {
        let Some(ingest) = self.ingests.get_mut(&batch.peer) else { return };
        if let (Some(tracks), true) = (&batch.tracks, ingest.tracks.is_empty()) {
            ingest.tracks = Self::ingest_tracks(tracks);
        }
        let now = Instant::now();
        let mut forwarded = Vec::with_capacity(batch.packets.len());
        for p in batch.packets {
            let kind = if p.video { RtpCodecKind::Video } else { RtpCodecKind::Audio };
            let Some(t) = ingest.tracks.iter_mut().find(|t| t.kind == kind) else { continue };
            metrics().media.rtp_packets_in.inc();
            metrics().media.rtp_bytes_in.inc_by(p.payload.len() as u64);
            let header = rtp::header::Header {
                version: 2,
                marker: p.marker,
                payload_type: t.payload_type,
                sequence_number: t.sequence,
                timestamp: p.timestamp,
                ssrc: t.ssrc,
                ..Default::default()
            };
            t.sequence = t.sequence.wrapping_add(1);
            forwarded.push(Forwarded {
                kind,
                media: t.media,
                packet: rtp::Packet { header, payload: p.payload },
                arrival: now,
            });
        }
        if forwarded.is_empty() {
            return;
        }
        let stream = ingest.stream.clone();
        if !std::mem::replace(&mut ingest.live, true) {
            let _ = self.events.send(SfuEvent::StreamLive { stream: stream.clone(), peer: batch.peer });
            tracing::info!(stream, peer = batch.peer.0, "ingested stream live");
        }
        self.forward(&stream, forwarded);
    }

    fn remove_ingest(&mut self, id: PeerId, reason: &'static str) {
        let Some(ingest) = self.ingests.remove(&id) else { return };
        ingest.ended.store(true, Ordering::Relaxed);
        if let Some(stream) = self.streams.remove(&ingest.stream) {
            metrics().media.streams.dec();
            let _ = self.events.send(SfuEvent::StreamEnded { stream: ingest.stream.clone(), peer: id });
            tracing::info!(stream = ingest.stream, peer = id.0, reason, "ingested stream ended");
            for sub in stream.subscribers {
                self.remove_peer(sub, "stream ended");
            }
        }
        let _ = self.events.send(SfuEvent::PeerGone { peer: id });
    }
}

/// Sends one datagram now (UDP) or queues it on its ICE-TCP connection; false if refused.
/// Where a viewer's media goes: the selected ICE pair, which the connection itself sends
/// DTLS and SRTCP to. Read from the connection each time, since a viewer's connection sends
/// almost nothing to learn it from, and an ICE restart changes it.
/// A host candidate at `addr`, the `rank`-th announced address (0 = best). RFC 8445
/// §5.1.2.1: priority = 2^24 type preference (126, host) + 2^8 local preference + 256 −
/// component, the local preference unique per address (RFC 6544 §4.2 for TCP: 2^13 × 4
/// for passive, plus a per-address part).
fn host_candidate(
    addr: SocketAddr,
    rank: usize,
    network: &str,
    tcp_type: TcpType,
) -> Result<RTCIceCandidateInit, SfuError> {
    let rank = u32::try_from(rank).unwrap_or(u32::MAX).min(1000);
    let local_preference = if network == "tcp" { (1 << 13) * 4 + (8191 - rank) } else { 65535 - rank };
    let candidate = CandidateHostConfig {
        base_config: CandidateConfig {
            network: network.to_owned(),
            address: addr.ip().to_string(),
            port: addr.port(),
            component: 1,
            priority: (1 << 24) * 126 + (1 << 8) * local_preference + 255,
            ..Default::default()
        },
        tcp_type,
    }
    .new_candidate_host()
    .map_err(|e| SfuError::Unavailable(format!("host candidate: {e}")))?;
    RTCIceCandidate::from(&candidate).to_json().map_err(|e| SfuError::Unavailable(e.to_string()))
}

fn selected_route(pc: &RTCPeerConnection) -> Option<Route> {
    pc.selected_remote().map(|(addr, protocol)| match protocol {
        TransportProtocol::TCP => Route::Tcp(addr),
        _ => Route::Udp(addr),
    })
}

fn send_to(socket: &UdpSocket, tcp: &mut Option<IceTcp>, route: Route, data: &[u8]) -> bool {
    match (route, tcp) {
        // Non-blocking: a full socket buffer drops the datagram (media tolerates it).
        (Route::Udp(to), _) => socket.try_send_to(data, to).is_ok(),
        (Route::Tcp(to), Some(tcp)) => tcp.send(to, data),
        (Route::Tcp(_), None) => false,
    }
}

/// What ICE-TCP connections say next; pending forever without ICE-TCP.
async fn next_tcp(tcp: &mut Option<IceTcp>) -> Option<Inbound> {
    match tcp {
        Some(tcp) => tcp.next().await,
        None => std::future::pending().await,
    }
}

fn count_refusal(result: &Result<Answer, SfuError>) {
    if let Err(e) = result {
        let reason = match e {
            SfuError::BadOffer(_) => "bad_offer",
            SfuError::NoUsableCodec => "no_usable_codec",
            SfuError::WrongDirection(_) => "no_media",
            SfuError::AlreadyPublishing(_) => "already_publishing",
            SfuError::NotLive(_) => "not_live",
            SfuError::Unavailable(_) => "unavailable",
            SfuError::UnknownPeer => "unknown_peer",
        };
        metrics().media.offers_refused.with_label_values(&[reason]).inc();
    }
}

fn role_label(role: &Role) -> &'static str {
    match role {
        Role::Publisher { .. } => "publisher",
        Role::Subscriber { .. } => "subscriber",
    }
}

fn state_name(state: RTCPeerConnectionState) -> &'static str {
    match state {
        RTCPeerConnectionState::New => "new",
        RTCPeerConnectionState::Connecting => "connecting",
        RTCPeerConnectionState::Connected => "connected",
        RTCPeerConnectionState::Disconnected => "disconnected",
        RTCPeerConnectionState::Failed => "failed",
        RTCPeerConnectionState::Closed => "closed",
        _ => "unknown",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_demultiplexer_key_is_the_answer_s_ufrag() {
        assert_eq!(local_ufrag("v=0\r\na=ice-ufrag:abcd\r\n").as_deref(), Ok("abcd"));
        assert!(local_ufrag("v=0\r\n").is_err());
    }
}
