//! The media plane of a node: one UDP port for every WebRTC peer, and RTP forwarding from
//! publishers to subscribers.
//!
//! Owns: the engine thread ([`engine`]) that holds every peer connection (webrtc-rs'
//! sans-I/O `rtc` crate), the datagram demultiplexer ([`demux`]: STUN by ICE ufrag, the
//! rest by source address), the per-stream forwarding table with its viewer legs and the
//! fan-out threads that help send to them ([`fanout`]), and keyframe requests.
//! Callers talk to it through [`SfuHandle`] (offers in, answers out) and hear back through
//! [`SfuEvent`]s.
//!
//! Must not: know about rooms, users or auth (the gateway and the StreamActor decide who
//! may publish or play; this crate only moves packets), or send an actor message per
//! packet: the forwarding table lives in the engine thread and is changed by commands
//! (fan-out threads only borrow a stream's legs for the length of one burst).

pub mod announce;
pub mod arrival;
pub mod degrade;
pub mod demux;
mod engine;
pub mod fanout;
pub mod frames;
pub mod ingest;
pub mod kernel_drops;
pub mod keyframe;
pub mod leg;
pub mod outbox;
pub mod packet_cache;
pub mod sdp;
pub mod srtp;
pub mod tcp;

use std::net::SocketAddr;
use std::time::Duration;

use tokio::sync::{mpsc, oneshot};

pub use engine::start;
pub use ingest::{Ingest, IngestPacket, IngestTracks};

/// One fan-out thread per core the process may use, at most 8 (a burst to a few thousand
/// viewers is split in chunks of a few hundred; more threads only add hand-offs).
pub fn default_fanout_threads() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get()).min(8)
}

/// Identifies a peer connection on this node.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct PeerId(pub u64);

/// Media settings of a node.
#[derive(Debug, Clone)]
pub struct SfuConfig {
    /// UDP address to bind (all peers share it).
    pub bind: SocketAddr,
    /// Addresses put in ICE candidates (public IP, NodePort...), as the operator names
    /// them; empty = the bound address, or when that is unspecified what [`announce`]
    /// finds.
    pub advertise: Vec<SocketAddr>,
    /// `host:port` of a STUN server asked at start for the node's public address, when
    /// the socket is bound to an unspecified address and `advertise` is empty.
    pub stun_server: Option<String>,
    /// A peer with no ICE traffic for this long counts as disconnected (its media keeps
    /// flowing; the client is told). Clients check consent every 4–6 s (RFC 7675's
    /// randomised 5 s; aiortc's default), so this is three missed checks, not one late one.
    pub ice_disconnected_timeout: Duration,
    /// ... and is dropped after this long more: 15 + 15 s is RFC 7675's 30 s consent
    /// lifetime.
    pub ice_failed_timeout: Duration,
    /// A peer whose connection is not up (ICE and DTLS) this long after its offer was
    /// answered is dropped: a session that never connects holds nothing for long.
    pub connect_timeout: Duration,
    /// Least time between two keyframe requests to one publisher.
    pub pli_interval: Duration,
    /// Also accept ICE over TCP on the same port number (RFC 6544 passive candidates), for
    /// clients whose network blocks UDP.
    pub ice_tcp: bool,
    /// Threads a stream with many viewers is fanned out over (1: the engine thread alone).
    pub fanout_threads: usize,
}

impl Default for SfuConfig {
    fn default() -> Self {
        Self {
            bind: SocketAddr::from(([127, 0, 0, 1], 9000)),
            advertise: Vec::new(),
            stun_server: None,
            ice_disconnected_timeout: Duration::from_secs(15),
            ice_failed_timeout: Duration::from_secs(15),
            connect_timeout: Duration::from_secs(10),
            pli_interval: Duration::from_millis(500),
            ice_tcp: true,
            fanout_threads: default_fanout_threads(),
        }
    }
}

/// Why a media request failed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SfuError {
    /// The SDP offer could not be parsed or applied.
    #[error("invalid SDP offer: {0}")]
    BadOffer(String),
    /// The offer has no codec this server forwards (H.264 packetization-mode 1, VP8, Opus).
    #[error("the offer has no usable codec (need H.264 packetization-mode=1 or VP8 video, Opus audio)")]
    NoUsableCodec,
    /// A publish offer that sends nothing, or a play offer that receives nothing.
    #[error("the offer has no {0} media section")]
    WrongDirection(&'static str),
    /// Someone already publishes this stream.
    #[error("stream {0} is already being published")]
    AlreadyPublishing(String),
    /// Nothing is published under that stream id.
    #[error("stream {0} is not live")]
    NotLive(String),
    /// No such peer (closed, failed, or never there).
    #[error("unknown media session")]
    UnknownPeer,
    /// The engine is gone or overloaded.
    #[error("media engine unavailable: {0}")]
    Unavailable(String),
}

/// An answer to an offer.
#[derive(Debug, Clone)]
pub struct Answer {
    /// The new peer.
    pub peer: PeerId,
    /// The SDP answer.
    pub sdp: String,
}

/// The server's side of an ICE restart: its new credentials and candidates.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IceRestart {
    /// The new local ICE username fragment.
    pub ufrag: String,
    /// The new local ICE password.
    pub pwd: String,
    /// The server's candidates (`a=candidate:` values, without the prefix).
    pub candidates: Vec<String>,
    /// The whole new answer, with the candidates in every section: for clients that
    /// restart by a full offer / answer (the SDK's WebSocket) rather than a fragment.
    pub sdp: String,
}

/// What the engine tells its owner.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SfuEvent {
    /// A publisher's media started flowing for `stream`.
    StreamLive {
        /// The stream id.
        stream: String,
        /// The publisher.
        peer: PeerId,
    },
    /// The publisher of `stream` left (closed, failed, or timed out).
    StreamEnded {
        /// The stream id.
        stream: String,
        /// The publisher.
        peer: PeerId,
    },
    /// A peer's connection state changed.
    PeerState {
        /// The peer.
        peer: PeerId,
        /// `connecting`, `connected`, `disconnected`, `failed`, `closed`.
        state: &'static str,
    },
    /// A peer is gone from the engine, whatever ended it (closed, failed, timed out,
    /// never connected, its stream ended, shutdown). Sent exactly once per peer, last.
    PeerGone {
        /// The peer.
        peer: PeerId,
    },
}

/// The codec of a tapped packet.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TapMedia {
    /// H.264 video (packetization-mode 1).
    H264,
    /// VP8 video.
    Vp8,
    /// Opus audio.
    Opus,
}

/// A copy of one RTP packet a publisher sent, for a consumer beside the subscribers (the
/// CDN packager). Plain data: no `rtc` types cross this boundary.
#[derive(Debug, Clone)]
pub struct TapPacket {
    /// What it carries.
    pub media: TapMedia,
    /// RTP sequence number.
    pub sequence: u16,
    /// RTP timestamp.
    pub timestamp: u32,
    /// RTP marker bit (last packet of a video frame).
    pub marker: bool,
    /// RTP payload.
    pub payload: bytes::Bytes,
    /// When the engine read it.
    pub arrival: std::time::Instant,
}

/// What a tap learns when it attaches.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TapInfo {
    /// The publisher offered audio.
    pub audio: bool,
}

pub(crate) enum Command {
    AttachTap { stream: String, tap: mpsc::Sender<TapPacket>, reply: oneshot::Sender<Result<TapInfo, SfuError>> },
    DetachTap { stream: String },
    RequestKeyframe { stream: String },
    Publish { stream: String, offer: String, reply: oneshot::Sender<Result<Answer, SfuError>> },
    Ingest { stream: String, audio: bool, reply: oneshot::Sender<Result<ingest::IngestStart, SfuError>> },
    Subscribe { stream: String, offer: String, reply: oneshot::Sender<Result<Answer, SfuError>> },
    Close { peer: PeerId },
    RestartIce { peer: PeerId, ufrag: String, pwd: String, reply: oneshot::Sender<Result<IceRestart, SfuError>> },
    Shutdown,
}

/// The engine names of connection tests start with this (`~` is in no stream id).
pub const PROBE_STREAM_PREFIX: &str = "~probe-";

/// A cheap handle to the engine thread.
#[derive(Clone)]
pub struct SfuHandle {
    tx: mpsc::UnboundedSender<Command>,
    ingest: mpsc::Sender<ingest::IngestBatch>,
    announced: Vec<SocketAddr>,
}

impl SfuHandle {
    /// The first address announced to peers (the best one).
    pub fn local_addr(&self) -> SocketAddr {
        self.announced[0]
    }

    /// Every address announced to peers in ICE candidates, best first.
    pub fn announced(&self) -> &[SocketAddr] {
        &self.announced
    }

    async fn ask(
        &self,
        make: impl FnOnce(oneshot::Sender<Result<Answer, SfuError>>) -> Command,
    ) -> Result<Answer, SfuError> {
        let (reply, rx) = oneshot::channel();
        self.tx.send(make(reply)).map_err(|_| SfuError::Unavailable("engine stopped".into()))?;
        rx.await.map_err(|_| SfuError::Unavailable("engine dropped the request".into()))?
    }

    /// Answers a publisher's offer for `stream`.
    pub async fn publish(&self, stream: String, offer: String) -> Result<Answer, SfuError> {
        self.ask(|reply| Command::Publish { stream, offer, reply }).await
    }

    /// A stream fed from inside the node (RTMP ingest), published under `stream`; `audio`:
    /// it is expected to carry audio (what taps are told). Live from its first packets.
    pub async fn ingest(&self, stream: String, audio: bool) -> Result<Ingest, SfuError> {
        let (reply, rx) = oneshot::channel();
        self.tx
            .send(Command::Ingest { stream, audio, reply })
            .map_err(|_| SfuError::Unavailable("engine stopped".into()))?;
        let start = rx.await.map_err(|_| SfuError::Unavailable("engine dropped the request".into()))??;
        Ok(Ingest {
            peer: start.peer,
            packets: self.ingest.clone(),
            commands: self.tx.clone(),
            tracks_sent: false,
            ended: start.ended,
        })
    }

    /// Answers a connection test's offer: a leg that connects like a publisher's, whose
    /// media is dropped, under an engine name no stream id can take. Close it with
    /// [`SfuHandle::close`].
    pub async fn probe(&self, offer: String) -> Result<Answer, SfuError> {
        static NEXT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);
        let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let stream = format!("{PROBE_STREAM_PREFIX}{n}");
        self.ask(|reply| Command::Publish { stream, offer, reply }).await
    }

    /// Answers a subscriber's offer to play `stream`.
    pub async fn subscribe(&self, stream: String, offer: String) -> Result<Answer, SfuError> {
        self.ask(|reply| Command::Subscribe { stream, offer, reply }).await
    }

    /// Sends a copy of every packet `stream`'s publisher sends to `tap` (bounded: a full tap
    /// loses packets, the subscribers never wait). The tap closes when the stream ends.
    pub async fn attach_tap(&self, stream: String, tap: mpsc::Sender<TapPacket>) -> Result<TapInfo, SfuError> {
        let (reply, rx) = oneshot::channel();
        self.tx
            .send(Command::AttachTap { stream, tap, reply })
            .map_err(|_| SfuError::Unavailable("engine stopped".into()))?;
        rx.await.map_err(|_| SfuError::Unavailable("engine dropped the request".into()))?
    }

    /// Stops copying `stream`'s packets to its taps.
    pub fn detach_tap(&self, stream: String) {
        let _ = self.tx.send(Command::DetachTap { stream });
    }

    /// Asks `stream`'s publisher for a keyframe (throttled like subscribers' requests).
    pub fn request_keyframe(&self, stream: String) {
        let _ = self.tx.send(Command::RequestKeyframe { stream });
    }

    /// Restarts a peer's ICE with the client's new credentials (WHIP / WHEP `PATCH`, RFC
    /// 9725 §4.3.2): the media session, its DTLS and SRTP keys stay; the server answers
    /// with new credentials of its own, and checks with the old ones stop working.
    pub async fn restart_ice(&self, peer: PeerId, ufrag: String, pwd: String) -> Result<IceRestart, SfuError> {
        let (reply, rx) = oneshot::channel();
        self.tx
            .send(Command::RestartIce { peer, ufrag, pwd, reply })
            .map_err(|_| SfuError::Unavailable("engine stopped".into()))?;
        rx.await.map_err(|_| SfuError::Unavailable("engine dropped the request".into()))?
    }

    /// Closes a peer (WHIP / WHEP DELETE, session end).
    pub fn close(&self, peer: PeerId) {
        let _ = self.tx.send(Command::Close { peer });
    }

    /// Stops the engine.
    pub fn shutdown(&self) {
        let _ = self.tx.send(Command::Shutdown);
    }
}
