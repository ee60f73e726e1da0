//! The media fan-out scenario: one WHIP publisher sending synthetic H.264 + Opus RTP, and N
//! WHEP subscribers, all webrtc-rs `rtc` peers (full ICE, DTLS client, offerers) on loopback.
//!
//! Every RTP payload carries its send time (µs since a process-wide epoch, big-endian at
//! bytes 2..10), so subscribers measure forwarding latency on the same clock. Only packets
//! *sent* inside the measured window count, so the report's expected and received packets
//! compare the same packets. Reports forwarded packets per second, loss (missing packets
//! and sequence gaps), latency p50 / p99 / max, server CPU per subscriber-second,
//! subscribers per server core, load-generator cores and server RSS per subscriber.
//!
//! Peers are driven sans-I/O like the server's engine: each client thread owns its peers
//! and their sockets (one UDP socket per peer, 127.0.0.1:0) in one `mio` poll loop with a
//! timer heap; the publisher has a thread of its own so its pacing is not disturbed.

use std::cmp::Reverse;
use std::collections::{BinaryHeap, HashMap, VecDeque};
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::sync::{mpsc, Arc, OnceLock};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use anyhow::{bail, Context};
use bytes::{Bytes, BytesMut};
use futures_util::StreamExt;
use liveroom_sfu::keyframe;
use mio::net::UdpSocket;
use mio::{Events, Interest, Poll, Token};
use rtc::crypto::{self, RTCCryptoProvider, SignatureScheme};
use rtc::dtls::extension::extension_use_srtp::SrtpProtectionProfile;
use rtc::interceptor::{Registry, Slot};
use rtc::media_stream::MediaStreamTrack;
use rtc::peer_connection::certificate::{CertificateParams, RTCCertificate};
use rtc::peer_connection::configuration::interceptor_registry::register_default_interceptors;
use rtc::peer_connection::configuration::media_engine::{MediaEngine, MIME_TYPE_H264, MIME_TYPE_OPUS};
use rtc::peer_connection::configuration::setting_engine::SettingEngineBuilder;
use rtc::peer_connection::configuration::RTCConfigurationBuilder;
use rtc::peer_connection::event::RTCPeerConnectionEvent;
use rtc::peer_connection::message::{RTCMessage, TaggedRTCMessage};
use rtc::peer_connection::sdp::RTCSessionDescription;
use rtc::peer_connection::state::RTCPeerConnectionState;
use rtc::peer_connection::transport::{CandidateConfig, CandidateHostConfig, RTCIceCandidate, RTCIceCandidateInit};
use rtc::peer_connection::{RTCPeerConnection, RTCPeerConnectionBuilder};
use rtc::rtp_transceiver::rtp_sender::{
    RTCPFeedback, RTCRtpCodec, RTCRtpCodecParameters, RTCRtpCodingParameters, RTCRtpEncodingParameters, RtpCodecKind,
};
use rtc::rtp_transceiver::{RTCRtpSenderId, RTCRtpTransceiverDirection, RTCRtpTransceiverInit};
use rtc::sansio::Protocol;
use rtc::shared::{TaggedBytesMut, TransportContext, TransportProtocol};
use serde_json::json;

use crate::http;
use crate::replay::Replay;
use crate::server::{cpu_seconds, cpu_split, rss_bytes, Spawned};
use crate::stats::Latency;

pub(crate) const BENCH_APP: u64 = 1_400_000_099;
pub(crate) const BENCH_SECRET: &str = "bench-secret-not-for-production";
pub(crate) const ROOM: &str = "9100";
pub(crate) const ANCHOR: &str = "anchor";
/// Video RTP payload size (the last packet of a frame carries the remainder).
pub(crate) const VIDEO_PACKET: usize = 1200;
const AUDIO_PACKET: usize = 120;
const FPS: u32 = 30;
const AUDIO_PPS: u32 = 50;
/// Send timestamp position in every payload (after the NAL / FU-A or Opus TOC bytes).
const STAMP_AT: usize = 2;
const VIDEO_PT: u8 = 102;
const AUDIO_PT: u8 = 111;
/// The subscribers' `video/rtx` payload type (`apt` = [`VIDEO_PT`]).
const RTX_PT: u8 = 103;
/// Longest a client thread sleeps without looking for new peers and the stop flag.
const IDLE_TICK: Duration = Duration::from_millis(10);
/// Datagrams read from one socket per wake-up before serving the others.
const READ_BURST: usize = 256;

/// Flags of the media scenario.
#[derive(clap::Args, Debug)]
pub struct MediaArgs {
    /// Start this liveroom binary on free loopback ports (HTTP and media UDP).
    #[arg(long)]
    server_bin: PathBuf,
    /// WHEP subscribers (each its own peer connection and UDP socket).
    #[arg(long, default_value_t = 100)]
    subscribers: usize,
    /// Seconds of measured media.
    #[arg(long, default_value_t = 20)]
    duration: u64,
    /// Seconds of media after every subscriber connected, before measuring.
    #[arg(long, default_value_t = 3)]
    warmup: u64,
    /// Video bitrate of the synthetic publisher (30 fps of 1200-byte packets).
    #[arg(long, default_value_t = 1500)]
    bitrate_kbps: u32,
    /// Threads driving the subscribers (the publisher has its own).
    #[arg(long, default_value_t = 1)]
    client_threads: usize,
    /// Fail (exit status) if the loss exceeds this percentage.
    #[arg(long)]
    max_loss_pct: Option<f64>,
    /// Fail if the video loss (after NACK repair; audio is not repaired) exceeds this.
    #[arg(long)]
    max_video_loss_pct: Option<f64>,
    /// WHEP requests in flight while subscribers join.
    #[arg(long, default_value_t = 16)]
    connect_concurrency: usize,
    /// Packet loss to simulate: each subscriber drops this percentage of the RTP datagrams
    /// it receives before its WebRTC stack sees them (so its NACKs and the server's
    /// retransmissions must repair them).
    #[arg(long, default_value_t = 0.0)]
    drop_pct: f64,
    /// Only the first K subscribers simulate `--drop-pct` (default: all of them); the
    /// others are clean, and their video loss is reported separately.
    #[arg(long)]
    lossy_subscribers: Option<usize>,
    /// Simulated loss stops this many seconds after the publisher starts (default: never),
    /// so a paused viewer's recovery can be watched.
    #[arg(long)]
    loss_secs: Option<u64>,
    /// Fail if the clean subscribers' video loss exceeds this (a lossy viewer must not
    /// cost the others anything).
    #[arg(long)]
    max_clean_video_loss_pct: Option<f64>,
    /// Fail unless the server degraded at least this many viewers (keyframes only, the
    /// first step).
    #[arg(long)]
    expect_degraded: Option<u64>,
    /// Subscribers' sockets take the server's UDP GSO messages whole (`UDP_GRO`) and split
    /// them themselves. On loopback the receiving side's kernel work runs in the sender's
    /// system call and is billed to the server; with GRO that work is done once per
    /// message, closer to what a NIC leaves on the sending core.
    #[arg(long)]
    receiver_gro: bool,
    /// Subscribers offer RTX, as browsers do, and the server retransmits on RTX streams.
    /// Off by default: the `rtc` crate's NACK generator does not see packets that came on
    /// RTX and asks for them again and again (the server sends each at most 4 times, the
    /// rest counts in `liveroom_rtp_retransmissions_suppressed_total`), which makes loss
    /// and latency figures those of that client, not of the server.
    #[arg(long)]
    rtx: bool,
    /// The subscribers' threads poll their sockets without sleeping while the scenario
    /// runs. On loopback the server's send wakes a sleeping receiver itself (an
    /// inter-processor interrupt, a hypervisor exit in a VM), work that receivers on other
    /// machines do on their own CPUs; a polling receiver needs no wake-up. Each such thread
    /// takes a whole core: use with `--pin`.
    #[arg(long)]
    busy_poll: bool,
    /// Pin the server to the first CPU this process may use and the load generator to the
    /// others, so neither takes the other's CPU (as on separate machines) and the server's
    /// forwarding latency is its own. Needs at least two CPUs.
    #[arg(long)]
    pin: bool,
    /// Fail unless the subscribers received retransmissions on an RTX stream.
    #[arg(long)]
    expect_rtx: bool,
    /// The SRTP profiles subscribers offer. `browser`: Chromium's list
    /// (AES_CM_128_HMAC_SHA1_80 first, then AEAD_AES_256_GCM and AEAD_AES_128_GCM), from
    /// which the node picks AES-128-GCM; `aes-cm`: only AES_CM_128_HMAC_SHA1_80, as a client
    /// without AES-GCM (the node's costlier path); `gcm`: only AEAD_AES_128_GCM. The run
    /// fails if the node's viewer legs did not take the path the offer implies.
    #[arg(long, value_enum, default_value_t = SrtpChoice::Browser)]
    srtp: SrtpChoice,
    /// Pace each frame's video packets at this multiple of the bit rate, as a browser's
    /// pacer does (Chromium's default factor is 2.5: a 1.5 Mbps frame's packets ≈ 2.6 ms
    /// apart). 0 (the default) sends a frame's packets at once, the worst case for
    /// forwarding latency.
    #[arg(long, default_value_t = 0.0)]
    pace_factor: f64,
}

/// The subscribers' SRTP protection profile (`--srtp`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum SrtpChoice {
    /// What Chromium offers.
    Browser,
    /// SRTP_AES128_CM_HMAC_SHA1_80.
    AesCm,
    /// SRTP_AEAD_AES_128_GCM.
    Gcm,
}

/// Microseconds since the process-wide epoch (the clock of the embedded send times).
fn now_us() -> u64 {
    static EPOCH: OnceLock<Instant> = OnceLock::new();
    EPOCH.get_or_init(Instant::now).elapsed().as_micros() as u64
}

pub(crate) fn unix_secs() -> u64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_secs()).unwrap_or(0)
}

/// State every thread sees.
pub(crate) struct Shared {
    /// Measured window, by send time (µs, `now_us`); `u64::MAX` until set.
    window_start: AtomicU64,
    /// Simulated loss stops at this `now_us` (`--loss-secs`).
    drop_until: AtomicU64,
    window_end: AtomicU64,
    stop: AtomicBool,
    publisher_connected: AtomicBool,
    publisher_failed: AtomicBool,
    connected: AtomicUsize,
    failed: AtomicUsize,
    /// Packets the publisher sent inside the window, per kind.
    sent_video: AtomicU64,
    sent_audio: AtomicU64,
    /// Packets the publisher sent in all.
    sent_total: AtomicU64,
    /// Datagrams a client socket could not send (buffer full).
    send_drops: AtomicU64,
    /// Simulated loss: subscribers drop this many RTP datagrams per million received.
    drop_per_million: AtomicU64,
    /// RTP datagrams the subscribers dropped on purpose.
    dropped_on_purpose: AtomicU64,
    /// RTX packets (retransmissions on their own stream) reaching subscribers.
    rtx_received: AtomicU64,
    /// Subscribers' sockets use `UDP_GRO` (`--receiver-gro`).
    receiver_gro: AtomicBool,
    /// Microseconds between a frame's video packets (`--pace-factor`; 0: all at once).
    pace_us: AtomicU64,
    latency: Latency,
}

impl Shared {
    /// Fresh state: no window, nothing sent.
    pub(crate) fn new() -> Arc<Self> {
        Arc::new(Self {
            window_start: AtomicU64::new(u64::MAX),
            drop_until: AtomicU64::new(u64::MAX),
            window_end: AtomicU64::new(u64::MAX),
            stop: AtomicBool::new(false),
            publisher_connected: AtomicBool::new(false),
            publisher_failed: AtomicBool::new(false),
            connected: AtomicUsize::new(0),
            failed: AtomicUsize::new(0),
            sent_video: AtomicU64::new(0),
            sent_audio: AtomicU64::new(0),
            sent_total: AtomicU64::new(0),
            send_drops: AtomicU64::new(0),
            drop_per_million: AtomicU64::new(0),
            dropped_on_purpose: AtomicU64::new(0),
            rtx_received: AtomicU64::new(0),
            receiver_gro: AtomicBool::new(false),
            pace_us: AtomicU64::new(0),
            latency: Latency::new(),
        })
    }

    /// Tells every client thread to finish.
    pub(crate) fn stop(&self) {
        self.stop.store(true, Ordering::Relaxed);
    }

    fn in_window(&self, stamp: u64) -> bool {
        stamp >= self.window_start.load(Ordering::Relaxed) && stamp < self.window_end.load(Ordering::Relaxed)
    }
}

/// What one subscriber saw.
#[derive(Default, Debug, Clone)]
pub(crate) struct SubResult {
    /// This subscriber simulates loss (`--drop-pct`).
    lossy: bool,
    /// When it reached Connected (µs, `now_us`).
    connected_at: Option<u64>,
    failed: bool,
    /// Packets sent inside the window that arrived (including late ones).
    received: u64,
    /// Of those, video packets (repairable by NACK; audio is not).
    video_received: u64,
    /// Payload bytes of those packets.
    bytes: u64,
    /// Packets skipped by sequence number (inside the window).
    gap_packets: u64,
    /// Packets at or behind the highest sequence seen (retransmissions, reordering).
    late: u64,
}

/// Per-SSRC sequence tracking.
struct Seq {
    last: u16,
}

struct Sub {
    result: SubResult,
    seqs: HashMap<u32, Seq>,
    samples: Vec<u64>,
}

/// One outgoing track of the publisher.
struct OutTrack {
    sender: RTCRtpSenderId,
    ssrc: u32,
    pt: u8,
    seq: u16,
}

struct Pub {
    video: OutTrack,
    audio: OutTrack,
    /// Real media to loop instead of synthetic payloads (the CDN scenario).
    replay: Option<Arc<Replay>>,
    frame_bytes: usize,
    next_frame: Instant,
    next_audio: Instant,
    frames: u32,
    audio_packets: u32,
    /// The server asked for a keyframe (PLI / FIR): the next frame is one.
    keyframe_requested: bool,
    /// Video packets waiting for their paced send time (`--pace-factor`).
    paced: VecDeque<Paced>,
}

/// A video packet of the current frame, due at `at`.
struct Paced {
    at: Instant,
    timestamp: u32,
    marker: bool,
    payload: Vec<u8>,
}

enum Role {
    Publisher(Box<Pub>),
    Subscriber(Box<Sub>),
}

/// A peer connection with its own socket.
pub(crate) struct Client {
    pc: RTCPeerConnection,
    socket: UdpSocket,
    local: SocketAddr,
    armed: Option<Instant>,
    connected: bool,
    role: Role,
    /// Drops `--drop-pct` of its RTP before its WebRTC stack sees it.
    lossy: bool,
}

/// Built once: codecs, certificate and crypto provider shared by every client peer.
pub(crate) struct Templates {
    media: MediaEngine,
    certificate: RTCCertificate,
    crypto: Arc<dyn RTCCryptoProvider>,
    /// The SRTP profiles its peers offer, in order.
    srtp: Vec<SrtpProtectionProfile>,
}

fn video_codec() -> RTCRtpCodec {
    let feedback = [("goog-remb", ""), ("transport-cc", ""), ("ccm", "fir"), ("nack", ""), ("nack", "pli")]
        .into_iter()
        .map(|(typ, parameter)| RTCPFeedback { typ: typ.into(), parameter: parameter.into() })
        .collect();
    RTCRtpCodec {
        mime_type: MIME_TYPE_H264.into(),
        clock_rate: 90000,
        channels: 0,
        sdp_fmtp_line: "level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42e01f".into(),
        rtcp_feedback: feedback,
    }
}

fn audio_codec() -> RTCRtpCodec {
    RTCRtpCodec {
        mime_type: MIME_TYPE_OPUS.into(),
        clock_rate: 48000,
        channels: 2,
        sdp_fmtp_line: "minptime=10;useinbandfec=1".into(),
        rtcp_feedback: vec![],
    }
}

impl Templates {
    /// Peers that offer H.264 and Opus, and RTX for the video when `rtx` (as browsers do).
    pub(crate) fn new(rtx: bool, srtp: SrtpChoice) -> anyhow::Result<Self> {
        let crypto = crypto::default_provider().map_err(|e| anyhow::anyhow!("crypto provider: {e:?}"))?;
        let certificate = RTCCertificate::generate(
            crypto.crypto(),
            SignatureScheme::EcdsaP256Sha256,
            CertificateParams::new(vec!["liveroom-load".to_owned()])?,
        )?;
        let mut media = MediaEngine::default();
        media.register_codec(
            RTCRtpCodecParameters { rtp_codec: audio_codec(), payload_type: AUDIO_PT },
            RtpCodecKind::Audio,
        )?;
        media.register_codec(
            RTCRtpCodecParameters { rtp_codec: video_codec(), payload_type: VIDEO_PT },
            RtpCodecKind::Video,
        )?;
        if rtx {
            let rtx_codec = RTCRtpCodec {
                mime_type: "video/rtx".into(),
                clock_rate: 90000,
                channels: 0,
                sdp_fmtp_line: format!("apt={VIDEO_PT}"),
                rtcp_feedback: vec![],
            };
            media.register_codec(
                RTCRtpCodecParameters { rtp_codec: rtx_codec, payload_type: RTX_PT },
                RtpCodecKind::Video,
            )?;
        }
        let srtp = match srtp {
            SrtpChoice::Browser => vec![
                SrtpProtectionProfile::Srtp_Aes128_Cm_Hmac_Sha1_80,
                SrtpProtectionProfile::Srtp_Aead_Aes_256_Gcm,
                SrtpProtectionProfile::Srtp_Aead_Aes_128_Gcm,
            ],
            SrtpChoice::AesCm => vec![SrtpProtectionProfile::Srtp_Aes128_Cm_Hmac_Sha1_80],
            SrtpChoice::Gcm => vec![SrtpProtectionProfile::Srtp_Aead_Aes_128_Gcm],
        };
        Ok(Self { media, certificate, crypto, srtp })
    }

    /// A full-ICE offerer peer with its own loopback socket, its host candidate added.
    fn peer(&self) -> anyhow::Result<(RTCPeerConnection, UdpSocket, SocketAddr)> {
        let mut media = self.media.clone();
        // The tap hands keyframe requests to the publisher (like a browser, it answers a PLI
        // with a keyframe); the default chain would swallow them.
        let registry = Registry::new().with(Slot::from(keyframe::SLOT), keyframe::KeyframeTap::default());
        let registry = register_default_interceptors(registry, &mut media)?;
        let settings = SettingEngineBuilder::new()
            .with_crypto_provider(self.crypto.clone())
            .with_srtp_protection_profiles(self.srtp.clone())
            .build();
        let mut pc = RTCPeerConnectionBuilder::new()
            .with_configuration(
                RTCConfigurationBuilder::new().with_certificates(vec![self.certificate.clone()]).build(),
            )
            .with_setting_engine(settings)
            .with_media_engine(media)
            .with_interceptor_registry(registry)
            .build(Instant::now())?;
        let std_socket = std::net::UdpSocket::bind("127.0.0.1:0")?;
        std_socket.set_nonblocking(true)?;
        let local = std_socket.local_addr()?;
        let candidate = CandidateHostConfig {
            base_config: CandidateConfig {
                network: "udp".to_owned(),
                address: local.ip().to_string(),
                port: local.port(),
                component: 1,
                ..Default::default()
            },
            ..Default::default()
        }
        .new_candidate_host()?;
        pc.add_local_candidate(RTCIceCandidate::from(&candidate).to_json()?)?;
        Ok((pc, UdpSocket::from_std(std_socket), local))
    }
}

/// Creates the offer and sets it as the local description; returns its SDP.
fn offer(pc: &mut RTCPeerConnection) -> anyhow::Result<String> {
    // Non-trickle: the one host candidate is all there is.
    let _ = pc.add_local_candidate(RTCIceCandidateInit::default());
    let offer = pc.create_offer(None)?;
    let sdp = offer.sdp.clone();
    pc.set_local_description(Instant::now(), offer)?;
    Ok(sdp)
}

fn rejected_sections(answer: &str) -> usize {
    answer.lines().filter(|l| l.starts_with("m=") && l.split(' ').nth(1) == Some("0")).count()
}

fn publisher(t: &Templates, bitrate_kbps: u32, replay: Option<Arc<Replay>>) -> anyhow::Result<(Client, String)> {
    let (mut pc, socket, local) = t.peer()?;
    let mut add = |kind: RtpCodecKind, codec: RTCRtpCodec, name: &str| -> anyhow::Result<(RTCRtpSenderId, u32)> {
        let ssrc: u32 = rand::random();
        let encoding = RTCRtpEncodingParameters {
            rtp_coding_parameters: RTCRtpCodingParameters { ssrc: Some(ssrc), ..Default::default() },
            codec,
            ..Default::default()
        };
        let track =
            MediaStreamTrack::new("bench".into(), format!("bench-{name}"), name.into(), kind, vec![encoding.clone()]);
        let id = pc.add_transceiver_from_track(
            track,
            Some(RTCRtpTransceiverInit {
                direction: RTCRtpTransceiverDirection::Sendonly,
                streams: vec![],
                send_encodings: vec![encoding],
            }),
        )?;
        Ok((RTCRtpSenderId::from(id), ssrc))
    };
    let (video_sender, video_ssrc) = add(RtpCodecKind::Video, video_codec(), "video")?;
    let (audio_sender, audio_ssrc) = add(RtpCodecKind::Audio, audio_codec(), "audio")?;
    let sdp = offer(&mut pc)?;
    let now = Instant::now();
    let publisher = Pub {
        video: OutTrack { sender: video_sender, ssrc: video_ssrc, pt: VIDEO_PT, seq: rand::random() },
        audio: OutTrack { sender: audio_sender, ssrc: audio_ssrc, pt: AUDIO_PT, seq: rand::random() },
        replay,
        frame_bytes: (bitrate_kbps as usize * 1000 / 8 / FPS as usize).max(16),
        next_frame: now,
        next_audio: now,
        frames: 0,
        audio_packets: 0,
        keyframe_requested: false,
        paced: VecDeque::new(),
    };
    let client = Client {
        pc,
        socket,
        local,
        armed: None,
        connected: false,
        role: Role::Publisher(Box::new(publisher)),
        lossy: false,
    };
    Ok((client, sdp))
}

/// After the answer: the payload types negotiated on the publisher's legs.
fn publisher_payload_types(client: &mut Client) -> anyhow::Result<()> {
    let Role::Publisher(p) = &mut client.role else { return Ok(()) };
    for (track, mime) in [(&mut p.video, MIME_TYPE_H264), (&mut p.audio, MIME_TYPE_OPUS)] {
        let mut sender = client.pc.rtp_sender(track.sender).context("publisher sender gone after the answer")?;
        let params = sender.get_parameters();
        track.pt = params
            .rtp_parameters
            .codecs
            .iter()
            .find(|c| c.rtp_codec.mime_type.eq_ignore_ascii_case(mime))
            .map(|c| c.payload_type)
            .with_context(|| format!("{mime} not negotiated with the server"))?;
    }
    Ok(())
}

fn subscriber(t: &Templates) -> anyhow::Result<(Client, String)> {
    let (mut pc, socket, local) = t.peer()?;
    for kind in [RtpCodecKind::Video, RtpCodecKind::Audio] {
        pc.add_transceiver_from_kind(
            kind,
            Some(RTCRtpTransceiverInit {
                direction: RTCRtpTransceiverDirection::Recvonly,
                streams: vec![],
                send_encodings: vec![],
            }),
        )?;
    }
    let sdp = offer(&mut pc)?;
    let sub = Sub { result: SubResult::default(), seqs: HashMap::new(), samples: Vec::with_capacity(512) };
    Ok((
        Client {
            pc,
            socket,
            local,
            armed: None,
            connected: false,
            role: Role::Subscriber(Box::new(sub)),
            lossy: false,
        },
        sdp,
    ))
}

impl Pub {
    /// Sends every frame and audio packet that is due (bounded catch-up).
    fn send_due(&mut self, pc: &mut RTCPeerConnection, now: Instant, shared: &Shared) {
        let frame_period = Duration::from_secs(1) / FPS;
        let audio_period = Duration::from_secs(1) / AUDIO_PPS;
        if now.saturating_duration_since(self.next_frame) > Duration::from_secs(1) {
            self.next_frame = now; // stalled: do not burst a second of media
        }
        if now.saturating_duration_since(self.next_audio) > Duration::from_secs(1) {
            self.next_audio = now;
        }
        for _ in 0..4 {
            if self.next_frame > now {
                break;
            }
            self.next_frame += frame_period;
            self.frame(pc, shared, now);
        }
        while self.paced.front().is_some_and(|p| p.at <= now) {
            let Some(Paced { timestamp, marker, mut payload, .. }) = self.paced.pop_front() else { break };
            self.send_video(pc, shared, timestamp, marker, &mut payload);
        }
        for _ in 0..4 {
            if self.next_audio > now {
                break;
            }
            self.next_audio += audio_period;
            let stamp = now_us();
            let payload = match &self.replay {
                Some(r) => r.audio[self.audio_packets as usize % r.audio.len()].to_vec(),
                None => {
                    let mut payload = vec![0u8; AUDIO_PACKET];
                    payload[0] = 0x78; // Opus TOC: SILK+CELT hybrid, 20 ms, stereo
                    payload[STAMP_AT..STAMP_AT + 8].copy_from_slice(&stamp.to_be_bytes());
                    payload
                }
            };
            let ts = self.audio_packets.wrapping_mul(960);
            self.audio_packets = self.audio_packets.wrapping_add(1);
            if write(pc, &mut self.audio, ts, true, payload.into()) && count_sent(shared, stamp) {
                shared.sent_audio.fetch_add(1, Ordering::Relaxed);
            }
        }
    }

    /// Sends the next frame of the recording (packetized once, in [`Replay::generate`]).
    fn replay_frame(&mut self, pc: &mut RTCPeerConnection, replay: &Replay, shared: &Shared) {
        let ts = self.frames.wrapping_mul(90000 / FPS);
        let payloads = &replay.frames[self.frames as usize % replay.frames.len()];
        self.frames = self.frames.wrapping_add(1);
        for (i, payload) in payloads.iter().enumerate() {
            let marker = i + 1 == payloads.len();
            if write(pc, &mut self.video, ts, marker, payload.clone()) && count_sent(shared, now_us()) {
                shared.sent_video.fetch_add(1, Ordering::Relaxed);
            }
        }
    }

    /// When the next paced video packet is due.
    fn next_paced(&self) -> Option<Instant> {
        self.paced.front().map(|p| p.at)
    }

    /// Stamps a video payload with its send time and sends it.
    fn send_video(&mut self, pc: &mut RTCPeerConnection, shared: &Shared, ts: u32, marker: bool, payload: &mut [u8]) {
        let stamp = now_us();
        payload[STAMP_AT..STAMP_AT + 8].copy_from_slice(&stamp.to_be_bytes());
        if write(pc, &mut self.video, ts, marker, Bytes::copy_from_slice(payload)) && count_sent(shared, stamp) {
            shared.sent_video.fetch_add(1, Ordering::Relaxed);
        }
    }

    fn frame(&mut self, pc: &mut RTCPeerConnection, shared: &Shared, now: Instant) {
        if let Some(replay) = self.replay.clone() {
            return self.replay_frame(pc, &replay, shared);
        }
        let packets = self.frame_bytes.div_ceil(VIDEO_PACKET);
        let ts = self.frames.wrapping_mul(90000 / FPS);
        let key = self.frames.is_multiple_of(2 * FPS) || std::mem::take(&mut self.keyframe_requested);
        self.frames = self.frames.wrapping_add(1);
        let nal_type = if key { 5u8 } else { 1 };
        let pace = Duration::from_micros(shared.pace_us.load(Ordering::Relaxed));
        // A frame not sent out yet when the next is due goes out at once (as a pacer
        // that fell behind would).
        while let Some(Paced { timestamp, marker, mut payload, .. }) = self.paced.pop_front() {
            self.send_video(pc, shared, timestamp, marker, &mut payload);
        }
        for i in 0..packets {
            let len = if i + 1 == packets { self.frame_bytes - i * VIDEO_PACKET } else { VIDEO_PACKET }.max(16);
            let mut payload = vec![0u8; len];
            if packets == 1 {
                payload[0] = 0x60 | nal_type; // single NAL unit
            } else {
                payload[0] = 0x7c; // FU-A indicator (NRI 3, type 28)
                let start = if i == 0 { 0x80 } else { 0 };
                let end = if i + 1 == packets { 0x40 } else { 0 };
                payload[1] = start | end | nal_type;
            }
            let marker = i + 1 == packets;
            if pace.is_zero() || i == 0 {
                self.send_video(pc, shared, ts, marker, &mut payload);
            } else {
                self.paced.push_back(Paced { at: now + pace * i as u32, timestamp: ts, marker, payload });
            }
        }
    }
}

fn write(pc: &mut RTCPeerConnection, track: &mut OutTrack, timestamp: u32, marker: bool, payload: Bytes) -> bool {
    let packet = rtc::rtp::Packet {
        header: rtc::rtp::Header {
            version: 2,
            marker,
            payload_type: track.pt,
            sequence_number: track.seq,
            timestamp,
            ssrc: track.ssrc,
            ..Default::default()
        },
        payload,
    };
    track.seq = track.seq.wrapping_add(1);
    match pc.rtp_sender(track.sender) {
        Some(mut sender) => sender.write_rtp(Instant::now(), packet).is_ok(),
        None => false,
    }
}

/// Receives one datagram, or one GRO message and its segment size (Linux, `UDP_GRO` on).
#[cfg(target_os = "linux")]
fn receive(socket: &UdpSocket, buf: &mut [u8]) -> std::io::Result<(usize, SocketAddr, Option<usize>)> {
    use nix::sys::socket::{recvmsg, ControlMessageOwned, MsgFlags, SockaddrStorage};
    use std::io::IoSliceMut;
    use std::os::fd::AsRawFd;
    let mut cmsg = nix::cmsg_space!(i32);
    let mut iov = [IoSliceMut::new(buf)];
    let msg = recvmsg::<SockaddrStorage>(socket.as_raw_fd(), &mut iov, Some(&mut cmsg), MsgFlags::MSG_DONTWAIT)
        .map_err(std::io::Error::from)?;
    let mut segment = None;
    for c in msg.cmsgs().map_err(std::io::Error::from)? {
        if let ControlMessageOwned::UdpGroSegments(size) = c {
            segment = usize::try_from(size).ok();
        }
    }
    let from = msg
        .address
        .and_then(|a| a.as_sockaddr_in().map(|v4| SocketAddr::from(std::net::SocketAddrV4::from(*v4))))
        .ok_or_else(|| std::io::Error::other("datagram without an IPv4 source"))?;
    Ok((msg.bytes, from, segment))
}

#[cfg(not(target_os = "linux"))]
fn receive(socket: &UdpSocket, buf: &mut [u8]) -> std::io::Result<(usize, SocketAddr, Option<usize>)> {
    socket.recv_from(buf).map(|(n, from)| (n, from, None))
}

/// Counts a packet the publisher wrote; true if it belongs to the measured window.
fn count_sent(shared: &Shared, stamp: u64) -> bool {
    shared.sent_total.fetch_add(1, Ordering::Relaxed);
    shared.in_window(stamp)
}

impl Sub {
    fn record(&mut self, packet: &rtc::rtp::Packet, shared: &Shared, now: u64) {
        let Some(stamp) = packet.payload.get(STAMP_AT..STAMP_AT + 8) else { return };
        let stamp = u64::from_be_bytes(stamp.try_into().unwrap_or_default());
        let in_window = shared.in_window(stamp);
        let seq = packet.header.sequence_number;
        match self.seqs.get_mut(&packet.header.ssrc) {
            None => {
                self.seqs.insert(packet.header.ssrc, Seq { last: seq });
            }
            Some(s) => {
                let ahead = seq.wrapping_sub(s.last);
                if ahead != 0 && ahead < 0x8000 {
                    if in_window {
                        self.result.gap_packets += u64::from(ahead - 1);
                    }
                    s.last = seq;
                } else if in_window {
                    self.result.late += 1;
                }
            }
        }
        if in_window {
            self.result.received += 1;
            if packet.header.payload_type == VIDEO_PT {
                self.result.video_received += 1;
            }
            self.result.bytes += packet.payload.len() as u64;
            self.samples.push(now.saturating_sub(stamp));
            if self.samples.len() >= 512 {
                shared.latency.record_batch(&mut self.samples);
            }
        }
    }
}

/// One client thread: its peers, their sockets, a timer heap.
struct Driver {
    poll: Poll,
    clients: Vec<Client>,
    timers: BinaryHeap<Reverse<(Instant, usize)>>,
    shared: Arc<Shared>,
    buf: Vec<u8>,
    /// Sockets whose queue was not drained in the last turn (edge-triggered readiness).
    pending: Vec<usize>,
    /// Poll without sleeping (`--busy-poll`).
    busy_poll: bool,
    /// State of the simulated-loss generator (xorshift64).
    rng: u64,
}

/// Whether a datagram is (S)RTP media, not STUN, DTLS or RTCP (RFC 7983 / RFC 5761).
fn is_rtp(datagram: &[u8]) -> bool {
    matches!(datagram, [first, second, ..] if (128..=191).contains(first) && !(64..=95).contains(&(second & 0x7f)))
}

impl Driver {
    fn adopt(&mut self, mut client: Client) -> anyhow::Result<()> {
        let idx = self.clients.len();
        #[cfg(target_os = "linux")]
        if self.shared.receiver_gro.load(Ordering::Relaxed) && matches!(client.role, Role::Subscriber(_)) {
            use nix::sys::socket::{setsockopt, sockopt::UdpGroSegment};
            setsockopt(&client.socket, UdpGroSegment, &true).map_err(std::io::Error::from)?;
        }
        self.poll.registry().register(&mut client.socket, Token(idx), Interest::READABLE)?;
        self.clients.push(client);
        // A datagram may have arrived before registration: read once.
        self.pending.push(idx);
        self.drive(idx);
        Ok(())
    }

    /// Handles what a peer produced: state, media, datagrams to send; re-arms its timer.
    fn drive(&mut self, idx: usize) {
        let shared = &self.shared;
        let c = &mut self.clients[idx];
        while let Some(event) = c.pc.poll_event() {
            if let RTCPeerConnectionEvent::OnConnectionStateChangeEvent(state) = event {
                match (&mut c.role, state) {
                    (Role::Publisher(_), RTCPeerConnectionState::Connected) => {
                        c.connected = true;
                        shared.publisher_connected.store(true, Ordering::Relaxed);
                    }
                    (Role::Publisher(_), RTCPeerConnectionState::Failed | RTCPeerConnectionState::Closed) => {
                        c.connected = false;
                        shared.publisher_failed.store(true, Ordering::Relaxed);
                    }
                    (Role::Subscriber(s), RTCPeerConnectionState::Connected) if !c.connected => {
                        c.connected = true;
                        s.result.connected_at = Some(now_us());
                        shared.connected.fetch_add(1, Ordering::Relaxed);
                    }
                    (Role::Subscriber(s), RTCPeerConnectionState::Failed | RTCPeerConnectionState::Closed)
                        if !s.result.failed =>
                    {
                        s.result.failed = true;
                        shared.failed.fetch_add(1, Ordering::Relaxed);
                    }
                    _ => {}
                }
            }
        }
        let now = now_us();
        while let Some(TaggedRTCMessage { message, .. }) = c.pc.poll_read() {
            match (message, &mut c.role) {
                (RTCMessage::RtpPacket(_, packet), Role::Subscriber(s)) => s.record(&packet, shared, now),
                (RTCMessage::RtcpPacket(_, packets), Role::Publisher(p))
                    if packets.iter().any(|p| keyframe::asks_for_keyframe(p.as_ref())) =>
                {
                    p.keyframe_requested = true;
                }
                _ => {}
            }
        }
        while let Some(out) = c.pc.poll_write() {
            if c.socket.send_to(&out.message, out.transport.peer_addr).is_err() {
                shared.send_drops.fetch_add(1, Ordering::Relaxed);
            }
        }
        if let Some(t) = c.pc.poll_timeout() {
            if c.armed != Some(t) {
                c.armed = Some(t);
                self.timers.push(Reverse((t, idx)));
            }
        }
    }

    /// Reads up to `READ_BURST` datagrams (or GRO messages) of one socket; true if more may
    /// be queued.
    fn read(&mut self, idx: usize) -> bool {
        for _ in 0..READ_BURST {
            let c = &self.clients[idx];
            let Ok((n, from, segment)) = receive(&c.socket, &mut self.buf) else { return false };
            let segment = segment.filter(|s| *s > 0).unwrap_or(n.max(1));
            let mut at = 0;
            while at < n {
                let end = (at + segment).min(n);
                self.datagram(idx, at..end, from);
                at = end;
            }
        }
        true
    }

    /// One datagram of `self.buf` for client `idx`.
    fn datagram(&mut self, idx: usize, range: std::ops::Range<usize>, from: SocketAddr) {
        let c = &mut self.clients[idx];
        let data = &self.buf[range];
        let drop_ppm = self.shared.drop_per_million.load(Ordering::Relaxed);
        let dropping = drop_ppm > 0 && now_us() < self.shared.drop_until.load(Ordering::Relaxed);
        if dropping && c.lossy && matches!(c.role, Role::Subscriber(_)) && is_rtp(data) {
            self.rng ^= self.rng << 13;
            self.rng ^= self.rng >> 7;
            self.rng ^= self.rng << 17;
            if self.rng % 1_000_000 < drop_ppm {
                self.shared.dropped_on_purpose.fetch_add(1, Ordering::Relaxed);
                return;
            }
        }
        // SRTP leaves the RTP header readable.
        if matches!(c.role, Role::Subscriber(_)) && is_rtp(data) && data.get(1).is_some_and(|b| b & 0x7f == RTX_PT) {
            self.shared.rtx_received.fetch_add(1, Ordering::Relaxed);
        }
        let message = TaggedBytesMut {
            now: Instant::now(),
            transport: TransportContext {
                local_addr: c.local,
                peer_addr: from,
                ecn: None,
                transport_protocol: TransportProtocol::UDP,
            },
            message: BytesMut::from(data),
        };
        let _ = c.pc.handle_read(message);
        // Media must be consumed as it comes: drive after each datagram.
        self.drive(idx);
    }

    fn run(mut self, incoming: mpsc::Receiver<Client>) -> anyhow::Result<Vec<SubResult>> {
        let mut events = Events::with_capacity(1024);
        while !self.shared.stop.load(Ordering::Relaxed) {
            while let Ok(client) = incoming.try_recv() {
                self.adopt(client)?;
            }
            let now = Instant::now();
            let mut wake = now + IDLE_TICK;
            if let Some(Reverse((t, _))) = self.timers.peek() {
                wake = wake.min(*t);
            }
            for c in &self.clients {
                if let (Role::Publisher(p), true) = (&c.role, c.connected) {
                    wake = wake.min(p.next_frame).min(p.next_audio);
                    if let Some(at) = p.next_paced() {
                        wake = wake.min(at);
                    }
                }
            }
            let timeout = if self.pending.is_empty() && !self.busy_poll {
                wake.saturating_duration_since(now)
            } else {
                Duration::ZERO
            };
            if let Err(e) = self.poll.poll(&mut events, Some(timeout)) {
                if e.kind() != std::io::ErrorKind::Interrupted {
                    return Err(e.into());
                }
            }
            let mut ready: Vec<usize> = std::mem::take(&mut self.pending);
            ready.extend(events.iter().map(|e| e.token().0));
            ready.sort_unstable();
            ready.dedup();
            for idx in ready {
                if idx < self.clients.len() && self.read(idx) {
                    self.pending.push(idx);
                }
            }
            // Timers due now (bounded: a peer re-arming in the past is served next turn).
            let now = Instant::now();
            for _ in 0..self.clients.len() * 2 + 16 {
                match self.timers.peek() {
                    Some(Reverse((t, _))) if *t <= now => {}
                    _ => break,
                }
                let Some(Reverse((t, idx))) = self.timers.pop() else { break };
                let c = &mut self.clients[idx];
                if c.armed != Some(t) {
                    continue; // superseded
                }
                c.armed = None;
                let _ = c.pc.handle_timeout(now);
                self.drive(idx);
            }
            // Publisher pacing.
            for idx in 0..self.clients.len() {
                let c = &mut self.clients[idx];
                if let (Role::Publisher(p), true) = (&mut c.role, c.connected) {
                    p.send_due(&mut c.pc, Instant::now(), &self.shared);
                    self.drive(idx);
                }
            }
        }
        let mut results = Vec::new();
        for c in &mut self.clients {
            if let Role::Subscriber(s) = &mut c.role {
                self.shared.latency.record_batch(&mut s.samples);
                results.push(s.result.clone());
            }
            let _ = c.pc.close();
            while let Some(out) = c.pc.poll_write() {
                let _ = c.socket.send_to(&out.message, out.transport.peer_addr);
            }
        }
        Ok(results)
    }
}

pub(crate) type ClientThread = (mpsc::Sender<Client>, std::thread::JoinHandle<anyhow::Result<Vec<SubResult>>>);

fn client_thread(name: String, shared: Arc<Shared>, busy_poll: bool) -> anyhow::Result<ClientThread> {
    let (tx, rx) = mpsc::channel();
    let driver = Driver {
        poll: Poll::new()?,
        clients: Vec::new(),
        timers: BinaryHeap::new(),
        shared,
        // Room for a whole GRO message (`--receiver-gro`).
        buf: vec![0u8; 65_536],
        pending: Vec::new(),
        busy_poll,
        rng: 0x9e37_79b9_7f4a_7c15,
    };
    let handle = std::thread::Builder::new().name(name).spawn(move || driver.run(rx))?;
    Ok((tx, handle))
}

/// `POST path` with an SDP offer; `(status, body)`.
async fn post_sdp(addr: &str, path: &str, sig: &str, sdp: &str) -> anyhow::Result<http::Response> {
    let auth = format!("Bearer {sig}");
    http::request(
        addr,
        "POST",
        path,
        &[("Authorization", auth.as_str()), ("Content-Type", "application/sdp")],
        sdp.as_bytes(),
    )
    .await
}

/// Plays the stream as `user`: WHEP with retries while the stream is not live (bounded).
async fn whep(addr: String, mut client: Client, sdp: String, user: String) -> anyhow::Result<Client> {
    let sig = liveroom_auth::usersig::sign(BENCH_APP, BENCH_SECRET, &user, unix_secs(), 86_400);
    let path = format!("/whep?sdkappid={BENCH_APP}&roomid={ROOM}&userid={user}");
    for attempt in 0..40 {
        let r = post_sdp(&addr, &path, &sig, &sdp).await?;
        if r.status == 201 {
            if rejected_sections(&r.body) > 0 {
                bail!("{user}: the server rejected a media section:\n{}", r.body);
            }
            client.pc.set_remote_description(Instant::now(), RTCSessionDescription::answer(r.body)?)?;
            return Ok(client);
        }
        let not_live = r.status == 404 || r.body.contains("60022");
        if !not_live || attempt == 39 {
            bail!("{user}: WHEP answered {}: {}", r.status, r.body);
        }
        tokio::time::sleep(Duration::from_millis(250)).await;
    }
    unreachable!("the loop returns or bails")
}

/// Kernel drop counters of the loopback path: (UDP receive-buffer errors, UDP send-buffer
/// errors, packets dropped by a full per-CPU backlog), system-wide.
fn kernel_drops() -> (u64, u64, u64) {
    let snmp = std::fs::read_to_string("/proc/net/snmp").unwrap_or_default();
    let mut udp = snmp.lines().filter(|l| l.starts_with("Udp:"));
    let (names, values) = (udp.next().unwrap_or(""), udp.next().unwrap_or(""));
    let field = |name: &str| {
        let i = names.split_whitespace().position(|n| n == name)?;
        values.split_whitespace().nth(i)?.parse::<u64>().ok()
    };
    let softnet: u64 = std::fs::read_to_string("/proc/net/softnet_stat")
        .unwrap_or_default()
        .lines()
        .filter_map(|l| u64::from_str_radix(l.split_whitespace().nth(1)?, 16).ok())
        .sum();
    (field("RcvbufErrors").unwrap_or(0), field("SndbufErrors").unwrap_or(0), softnet)
}

/// Seconds a process's threads spent runnable but waiting for a CPU (`schedstat`).
fn runqueue_wait_seconds(pid: u32) -> f64 {
    let Ok(tasks) = std::fs::read_dir(format!("/proc/{pid}/task")) else { return 0.0 };
    let ns: u64 = tasks
        .filter_map(Result::ok)
        .filter_map(|t| std::fs::read_to_string(t.path().join("schedstat")).ok())
        .filter_map(|s| s.split_whitespace().nth(1)?.parse::<u64>().ok())
        .sum();
    ns as f64 / 1e9
}

pub(crate) fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .unwrap_or_default()
        .split_whitespace()
        .take(3)
        .collect::<Vec<_>>()
        .join(" ")
}

/// The server's media metrics (`liveroom_media_*`, `liveroom_rtp_*`, `liveroom_udp_*`, PLIs).
async fn media_metrics(addr: &str) -> serde_json::Map<String, serde_json::Value> {
    let mut out = serde_json::Map::new();
    if let Ok(r) = http::request(addr, "GET", "/metrics", &[], &[]).await {
        for line in r.body.lines().filter(|l| {
            [
                "liveroom_media_",
                "liveroom_rtp_",
                "liveroom_udp_",
                "liveroom_plis_",
                "liveroom_nack",
                "liveroom_viewers_",
                "liveroom_viewer_legs_",
            ]
            .iter()
            .any(|p| l.starts_with(p))
        }) {
            if let Some((name, value)) = line.rsplit_once(' ') {
                if let Ok(v) = value.parse::<f64>() {
                    out.insert(name.to_owned(), json!(v));
                }
            }
        }
    }
    out
}

/// The server's forwarding-latency histogram: (upper bound in seconds, cumulative count).
async fn forwarding_histogram(addr: &str) -> Vec<(f64, f64)> {
    let Ok(r) = http::request(addr, "GET", "/metrics", &[], &[]).await else { return Vec::new() };
    r.body
        .lines()
        .filter_map(|l| l.strip_prefix("liveroom_forwarding_latency_seconds_bucket{le=\""))
        .filter_map(|l| {
            let (le, count) = l.split_once("\"} ")?;
            let le = if le == "+Inf" { f64::INFINITY } else { le.parse().ok()? };
            Some((le, count.trim().parse().ok()?))
        })
        .collect()
}

/// p50 / p99 of the histogram's growth between two scrapes, in ms: the upper bound of the
/// bucket each falls in (the server's own packet in → packet out).
fn histogram_quantiles(before: &[(f64, f64)], after: &[(f64, f64)]) -> serde_json::Value {
    let counts: Vec<(f64, f64)> =
        after.iter().map(|(le, n)| (*le, n - before.iter().find(|(b, _)| b == le).map_or(0.0, |(_, c)| *c))).collect();
    let total = counts.last().map_or(0.0, |(_, n)| *n);
    if total <= 0.0 {
        return json!(null);
    }
    let quantile = |q: f64| counts.iter().find(|(_, n)| *n >= q * total).map(|(le, _)| round(le * 1e3, 3));
    json!({ "samples": total, "p50_at_most": quantile(0.5), "p99_at_most": quantile(0.99) })
}

pub(crate) fn round(v: f64, digits: i32) -> f64 {
    let f = 10f64.powi(digits);
    (v * f).round() / f
}

/// Pins every thread of the server to the first CPU this process may use and every
/// thread of this process to the others (`--pin`); threads started later inherit it.
#[cfg(target_os = "linux")]
fn pin_apart(server: u32) -> anyhow::Result<()> {
    use nix::sched::{sched_getaffinity, sched_setaffinity, CpuSet};
    use nix::unistd::Pid;
    let allowed = sched_getaffinity(Pid::from_raw(0))?;
    let cpus: Vec<usize> = (0..CpuSet::count()).filter(|&c| allowed.is_set(c).unwrap_or(false)).collect();
    let [first, rest @ ..] = cpus.as_slice() else { bail!("--pin: no CPU to run on") };
    if rest.is_empty() {
        bail!("--pin needs at least two CPUs, this process may use one");
    }
    let mut server_set = CpuSet::new();
    server_set.set(*first)?;
    let mut client_set = CpuSet::new();
    for &c in rest {
        client_set.set(c)?;
    }
    let pin_tasks = |pid: &str, set: &CpuSet| -> anyhow::Result<()> {
        for task in std::fs::read_dir(format!("/proc/{pid}/task"))? {
            let tid: i32 = task?.file_name().to_string_lossy().parse()?;
            sched_setaffinity(Pid::from_raw(tid), set)?;
        }
        Ok(())
    };
    pin_tasks(&server.to_string(), &server_set)?;
    pin_tasks("self", &client_set)?;
    eprintln!("pinned: server on CPU {first}, load generator on CPUs {rest:?}");
    Ok(())
}

#[cfg(not(target_os = "linux"))]
fn pin_apart(_server: u32) -> anyhow::Result<()> {
    bail!("--pin is only supported on Linux")
}

/// Runs the scenario and prints the report.
pub async fn run(args: MediaArgs) -> anyhow::Result<()> {
    let _ = now_us(); // start the epoch
    let config = format!(
        "[[apps]]\nsdkappid = {BENCH_APP}\nsecret = \"{BENCH_SECRET}\"\n[log]\nlevel = \"warn\"\n\
         [media]\nudp = \"127.0.0.1:0\"\n[server]\nmax_connections = 200000\n"
    );
    let server = Spawned::start(&args.server_bin, &config)?;
    let addr = server.addr.clone();
    let pid = server.pid();
    if args.pin {
        pin_apart(pid)?;
    }
    let templates = Templates::new(args.rtx, args.srtp)?;
    let shared = Shared::new();
    let result = scenario(&args, &addr, pid, &templates, shared.clone()).await;
    shared.stop.store(true, Ordering::Relaxed);
    drop(server);
    result
}

async fn scenario(
    args: &MediaArgs,
    addr: &str,
    pid: u32,
    templates: &Templates,
    shared: Arc<Shared>,
) -> anyhow::Result<()> {
    create_room(addr, ROOM).await?;
    shared.drop_per_million.store((args.drop_pct.clamp(0.0, 100.0) * 10_000.0) as u64, Ordering::Relaxed);
    shared.receiver_gro.store(args.receiver_gro, Ordering::Relaxed);
    if args.pace_factor > 0.0 {
        // A pacer sending at `pace_factor` times the bit rate spaces full packets by this.
        let packet_bits = (VIDEO_PACKET * 8) as f64;
        let interval = packet_bits / (args.pace_factor * f64::from(args.bitrate_kbps) * 1000.0);
        shared.pace_us.store((interval * 1e6) as u64, Ordering::Relaxed);
    }
    if let Some(secs) = args.loss_secs {
        shared.drop_until.store(now_us() + secs * 1_000_000, Ordering::Relaxed);
    }
    let (pub_tx, pub_thread) = start_publisher(addr, templates, &shared, args.bitrate_kbps, None).await?;
    let publisher_connect = Instant::now();
    // Both tracks must be open on the server before the first WHEP (it offers the tracks it has).
    tokio::time::sleep(Duration::from_millis(500)).await;
    let rss_base = rss_bytes(pid)?;

    // Subscribers.
    let mut threads = Vec::new();
    for i in 0..args.client_threads.max(1) {
        threads.push(client_thread(format!("load-subs-{i}"), shared.clone(), args.busy_poll)?);
    }
    let join_start = Instant::now();
    let mut offers = Vec::with_capacity(args.subscribers);
    for _ in 0..args.subscribers {
        let (mut client, sdp) = subscriber(templates)?;
        client.lossy = args.lossy_subscribers.is_none_or(|k| offers.len() < k);
        if let Role::Subscriber(sub) = &mut client.role {
            sub.result.lossy = client.lossy;
        }
        offers.push((client, sdp));
    }
    let mut joins = futures_util::stream::iter(offers.into_iter().enumerate())
        .map(|(k, (client, sdp))| whep(addr.to_owned(), client, sdp, format!("viewer{k}")))
        .buffer_unordered(args.connect_concurrency.max(1));
    let mut signalled = 0usize;
    let mut refused = Vec::new();
    // Bounded: the stream has exactly `subscribers` items, each bounded by its timeouts.
    while let Some(res) = joins.next().await {
        match res {
            Ok(client) => {
                let (tx, _) = &threads[signalled % threads.len()];
                tx.send(client).map_err(|_| anyhow::anyhow!("client thread gone"))?;
                signalled += 1;
            }
            Err(e) => refused.push(e.to_string()),
        }
    }
    drop(joins);
    let deadline = Instant::now() + Duration::from_secs(30 + args.subscribers as u64 / 20);
    while shared.connected.load(Ordering::Relaxed) + shared.failed.load(Ordering::Relaxed) < signalled {
        if Instant::now() > deadline {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let join_secs = join_start.elapsed().as_secs_f64();
    let connected = shared.connected.load(Ordering::Relaxed);
    tokio::time::sleep(Duration::from_secs(1)).await;
    let rss_loaded = rss_bytes(pid)?;

    // Warm-up, then the measured window (by send time).
    tokio::time::sleep(Duration::from_secs(args.warmup)).await;
    let drops0 = kernel_drops();
    let wait0 = (runqueue_wait_seconds(pid), runqueue_wait_seconds(std::process::id()));
    let cpu0 = cpu_seconds(pid)?;
    let split0 = cpu_split(pid)?;
    let histogram0 = forwarding_histogram(addr).await;
    let own0 = cpu_seconds(std::process::id())?;
    let t0 = Instant::now();
    shared.window_start.store(now_us(), Ordering::Relaxed);
    tokio::time::sleep(Duration::from_secs(args.duration)).await;
    shared.window_end.store(now_us(), Ordering::Relaxed);
    let cpu1 = cpu_seconds(pid)?;
    let split1 = cpu_split(pid)?;
    let histogram1 = forwarding_histogram(addr).await;
    let own1 = cpu_seconds(std::process::id())?;
    let window_secs = t0.elapsed().as_secs_f64();
    // Let in-flight packets arrive.
    tokio::time::sleep(Duration::from_millis(1000)).await;
    let sent_total = shared.sent_total.load(Ordering::Relaxed);
    let drops1 = kernel_drops();
    let wait1 = (runqueue_wait_seconds(pid), runqueue_wait_seconds(std::process::id()));
    let server_metrics = media_metrics(addr).await;
    shared.stop.store(true, Ordering::Relaxed);

    let mut results = Vec::new();
    for (tx, handle) in threads {
        drop(tx);
        results.extend(handle.join().map_err(|_| anyhow::anyhow!("client thread panicked"))??);
    }
    drop(pub_tx);
    pub_thread.join().map_err(|_| anyhow::anyhow!("publisher thread panicked"))??;

    let window_start = shared.window_start.load(Ordering::Relaxed);
    let measured: Vec<&SubResult> =
        results.iter().filter(|r| r.connected_at.is_some_and(|t| t <= window_start)).collect();
    let sent_video = shared.sent_video.load(Ordering::Relaxed);
    let sent_audio = shared.sent_audio.load(Ordering::Relaxed);
    let sent = sent_video + sent_audio;
    let expected = sent * measured.len() as u64;
    let received: u64 = measured.iter().map(|r| r.received).sum();
    let gaps: u64 = measured.iter().map(|r| r.gap_packets).sum();
    let late: u64 = measured.iter().map(|r| r.late).sum();
    let received_bytes: u64 = measured.iter().map(|r| r.bytes).sum();
    let lost = expected.saturating_sub(received);
    let expected_video = sent_video * measured.len() as u64;
    let video_received: u64 = measured.iter().map(|r| r.video_received).sum();
    let video_lost = expected_video.saturating_sub(video_received);
    let loss_pct = if expected > 0 { lost as f64 / expected as f64 * 100.0 } else { 100.0 };
    let clean: Vec<&&SubResult> = measured.iter().filter(|r| !r.lossy).collect();
    let clean_expected_video = sent_video * clean.len() as u64;
    let clean_video_lost = clean_expected_video.saturating_sub(clean.iter().map(|r| r.video_received).sum());
    let clean_video_loss_pct =
        (clean_expected_video > 0).then(|| round(clean_video_lost as f64 / clean_expected_video as f64 * 100.0, 4));
    let (samples, p50, p99, max) = shared.latency.summary();
    let server_cpu = cpu1 - cpu0;
    let server_cores = server_cpu / window_secs;
    let n = measured.len();
    let report = json!({
        "scenario": "media",
        "subscribers_requested": args.subscribers,
        "subscribers_connected": connected,
        "subscribers_measured": n,
        "subscribers_refused": refused.len(),
        "subscribers_failed": shared.failed.load(Ordering::Relaxed),
        "join_seconds": round(join_secs, 2),
        "publisher_connect_to_join_start_s": round(join_start.duration_since(publisher_connect).as_secs_f64(), 2),
        "duration_s": round(window_secs, 2),
        "bitrate_kbps": args.bitrate_kbps,
        "pace_factor": args.pace_factor,
        "pinned": args.pin,
        "busy_poll": args.busy_poll,
        "published_packets": { "video": sent_video, "audio": sent_audio,
            "per_s": round(sent as f64 / window_secs, 1) },
        "expected_packets": expected,
        "received_packets": received,
        "lost_packets": lost,
        "loss_pct": round(loss_pct, 4),
        "sequence_gap_packets": gaps,
        "late_packets": late,
        "simulated_loss_pct": args.drop_pct,
        "lossy_subscribers": measured.len() - clean.len(),
        "clean_video_loss_pct": clean_video_loss_pct,
        "video_lost_packets": video_lost,
        "video_loss_pct": if expected_video > 0 { round(video_lost as f64 / expected_video as f64 * 100.0, 4) } else { 100.0 },
        "dropped_on_purpose": shared.dropped_on_purpose.load(Ordering::Relaxed),
        "rtx_packets_received": shared.rtx_received.load(Ordering::Relaxed),
        "subscriber_srtp": format!("{:?}", args.srtp),
        "forwarded_packets_per_s": round(received as f64 / window_secs, 0),
        "forwarded_payload_mbps": round(received_bytes as f64 * 8.0 / window_secs / 1e6, 1),
        "latency_ms": { "samples": samples, "p50": p50, "p99": p99, "max": max },
        "server_cores_used": round(server_cores, 3),
        "server_cpu_s_per_subscriber_s": if n > 0 { Some(round(server_cpu / (n as f64 * window_secs), 6)) } else { None },
        "server_cpu_us_per_forwarded_packet": if received > 0 { Some(round(server_cpu / received as f64 * 1e6, 2)) } else { None },
        // On loopback the kernel part includes the receiving sockets' work, done in the
        // sender's system call; a NIC takes that off the sending core.
        "server_user_us_per_forwarded_packet": if received > 0 { Some(round((split1.0 - split0.0) / received as f64 * 1e6, 2)) } else { None },
        "server_kernel_us_per_forwarded_packet": if received > 0 { Some(round((split1.1 - split0.1) / received as f64 * 1e6, 2)) } else { None },
        "server_forwarding_latency_ms": histogram_quantiles(&histogram0, &histogram1),
        "subscribers_per_server_core": if server_cores > 0.0 { Some(round(n as f64 / server_cores, 0)) } else { None },
        "load_generator_cores_used": round((own1 - own0) / window_secs, 3),
        "client_send_drops": shared.send_drops.load(Ordering::Relaxed),
        "server_rss_bytes_per_subscriber": if connected > 0 { Some(rss_loaded.saturating_sub(rss_base) / connected as u64) } else { None },
        "server_rss_mb": round(rss_loaded as f64 / 1e6, 1),
        "kernel_drops_during_window": { "udp_rcvbuf_errors": drops1.0 - drops0.0,
            "udp_sndbuf_errors": drops1.1 - drops0.1, "softnet_backlog_drops": drops1.2 - drops0.2 },
        "runqueue_wait_s_during_window": { "server": round(wait1.0 - wait0.0, 3),
            "load_generator": round(wait1.1 - wait0.1, 3) },
        "load_average_at_end": load_average(),
        "publisher_packets_sent_total": sent_total,
        "server_media_metrics": server_metrics,
        "refusals": refused.iter().take(3).collect::<Vec<_>>(),
    });
    println!("{}", serde_json::to_string_pretty(&report)?);
    if n < args.subscribers || !refused.is_empty() {
        bail!("only {n} of {} subscribers connected before the measurement", args.subscribers);
    }
    if sent == 0 || received == 0 {
        bail!("no media went through");
    }
    if let Some(max) = args.max_loss_pct {
        if loss_pct > max {
            bail!("loss {loss_pct:.3} % is above --max-loss-pct {max}");
        }
    }
    if let (Some(max), Some(got)) = (args.max_clean_video_loss_pct, clean_video_loss_pct) {
        if got > max {
            bail!("clean subscribers' video loss {got:.3} % is above --max-clean-video-loss-pct {max}");
        }
    }
    if let Some(want) = args.expect_degraded {
        let metric = |action: &str| {
            let name = format!("liveroom_viewers_degraded_total{{action=\"{action}\"}}");
            report["server_media_metrics"][name.as_str()].as_f64().unwrap_or(0.0) as u64
        };
        // A degraded viewer first gets keyframes only, then audio only.
        let got = metric("keyframes_only");
        if got < want {
            bail!("the server degraded {got} viewers, --expect-degraded {want}");
        }
    }
    let srtp_path = if args.srtp == SrtpChoice::AesCm { "context" } else { "in_place" };
    let legs = format!("liveroom_viewer_legs_total{{srtp=\"{srtp_path}\"}}");
    let on_path = report["server_media_metrics"][legs.as_str()].as_f64().unwrap_or(0.0) as u64;
    if on_path < connected as u64 {
        bail!(
            "{on_path} of {connected} viewer legs protect RTP on the {srtp_path} path that --srtp {:?} implies",
            args.srtp
        );
    }
    if args.expect_rtx && report["rtx_packets_received"].as_u64().unwrap_or(0) == 0 {
        bail!("no retransmission came on an RTX stream (--expect-rtx)");
    }
    if let Some(max) = args.max_video_loss_pct {
        let video_loss_pct = report["video_loss_pct"].as_f64().unwrap_or(100.0);
        if video_loss_pct > max {
            bail!("video loss {video_loss_pct:.3} % is above --max-video-loss-pct {max}");
        }
    }
    Ok(())
}

/// Creates a benchmark room (`ROOM` for most scenarios), owned by the anchor.
pub(crate) async fn create_room(addr: &str, room: &str) -> anyhow::Result<()> {
    let anchor_sig = liveroom_auth::usersig::sign(BENCH_APP, BENCH_SECRET, ANCHOR, unix_secs(), 86_400);
    let body = json!({ "title": "bench", "roomId": room }).to_string();
    let r = http::request(
        addr,
        "POST",
        &format!("/api/rooms?sdkappid={BENCH_APP}&identifier={ANCHOR}&usersig={anchor_sig}"),
        &[("Content-Type", "application/json")],
        body.as_bytes(),
    )
    .await?;
    if r.status != 201 {
        bail!("creating the room answered {}: {}", r.status, r.body);
    }

    Ok(())
}

/// The publisher: WHIP, then its own thread sending media until `shared.stop`.
pub(crate) async fn start_publisher(
    addr: &str,
    templates: &Templates,
    shared: &Arc<Shared>,
    bitrate_kbps: u32,
    replay: Option<Arc<Replay>>,
) -> anyhow::Result<ClientThread> {
    let anchor_sig = liveroom_auth::usersig::sign(BENCH_APP, BENCH_SECRET, ANCHOR, unix_secs(), 86_400);
    let (pub_tx, pub_thread) = client_thread("load-publisher".into(), shared.clone(), false)?;
    let (mut publisher, sdp) = publisher(templates, bitrate_kbps, replay)?;
    let r =
        post_sdp(addr, &format!("/whip?sdkappid={BENCH_APP}&roomid={ROOM}&userid={ANCHOR}"), &anchor_sig, &sdp).await?;
    if r.status != 201 {
        bail!("WHIP answered {}: {}", r.status, r.body);
    }
    if rejected_sections(&r.body) > 0 {
        bail!("the server rejected a publisher media section:\n{}", r.body);
    }
    publisher.pc.set_remote_description(Instant::now(), RTCSessionDescription::answer(r.body)?)?;
    publisher_payload_types(&mut publisher)?;
    pub_tx.send(publisher).map_err(|_| anyhow::anyhow!("publisher thread gone"))?;
    let deadline = Instant::now() + Duration::from_secs(15);
    while !shared.publisher_connected.load(Ordering::Relaxed) {
        if Instant::now() > deadline || shared.publisher_failed.load(Ordering::Relaxed) || pub_thread.is_finished() {
            bail!("the publisher did not connect within 15 s");
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    Ok((pub_tx, pub_thread))
}
