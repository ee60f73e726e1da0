//! The node link: typed actor messages between the nodes of a cluster.
//!
//! Owns: the wire types ([`LinkFrame`]: requests with replies, and pushes), one
//! connection's request/reply bookkeeping ([`Link`]), the registry of connections by node
//! ([`Links`]), and [`LinkPort`], through which a room reaches its members on another node.
//!
//! Must not: touch sockets. The gateway carries frames over a WebSocket (one text message
//! per frame) and feeds received frames to [`crate::NodeHost::link_frame`]; this module
//! only produces and consumes those frames. A link is bounded: a peer that cannot keep up
//! is disconnected (its gateway then re-attaches its members), never buffered without end.

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use async_trait::async_trait;
use bytestring::ByteString;
use liveroom_cluster::NodeId;
use liveroom_protocol::{ErrorCode, Priority, RoomId, UserId};
use liveroom_telemetry::metrics;
use parking_lot::Mutex;
use serde::{Deserialize, Serialize};
use tokio::sync::{mpsc, oneshot};

use crate::outbound::FrameKind;
use crate::room::{Entered, GatewayPort, LiveStream, Post, Profile, RoomInfo, RoomState};
use crate::SessionId;

/// Frames one link may have queued for its socket before it counts as stalled.
pub const LINK_QUEUE: usize = 65_536;
/// Longest a request waits for its reply.
pub const REQUEST_TIMEOUT: Duration = Duration::from_secs(5);

/// One message on a link.
#[derive(Debug, Serialize, Deserialize)]
#[serde(tag = "t", rename_all = "snake_case")]
pub enum LinkFrame {
    /// A request; the peer answers with a [`LinkFrame::Reply`] of the same id.
    Request {
        /// Correlates the reply.
        id: u64,
        /// What is asked.
        body: LinkRequest,
    },
    /// The answer to a request.
    Reply {
        /// The request's id.
        id: u64,
        /// The outcome.
        body: Result<LinkReply, LinkFault>,
    },
    /// A one-way message (fan-out, a member's frame, a notice).
    Push {
        /// What is pushed.
        body: LinkPush,
    },
}

/// A room, cluster-wide.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct RoomKey {
    /// The app.
    pub sdkappid: u64,
    /// The room.
    pub room: RoomId,
}

/// What a gateway asks of a room's owner (and an owner of a room's next owner).
#[derive(Debug, Serialize, Deserialize)]
#[serde(tag = "op", rename_all = "snake_case")]
pub enum LinkRequest {
    /// A session on the asking node enters the room.
    Enter {
        /// The room.
        key: RoomKey,
        /// The session.
        session: SessionId,
        /// Its user, or none for an anonymous viewer.
        user: Option<UserId>,
        /// Its profile.
        profile: Profile,
        /// Resume after this sequence number.
        last_seq: Option<u64>,
        /// ... of this incarnation.
        incarnation: Option<u32>,
        /// A re-attach after a link break or a move: no join tip.
        quiet: bool,
    },
    /// A session leaves.
    Leave {
        /// The room.
        key: RoomKey,
        /// The session.
        session: SessionId,
    },
    /// A member session logged in.
    Identify {
        /// The room.
        key: RoomKey,
        /// The session.
        session: SessionId,
        /// The user.
        user: UserId,
        /// The profile.
        profile: Profile,
    },
    /// A member posts (the room answers the sender through a push).
    Post {
        /// The room.
        key: RoomKey,
        /// The post.
        post: Post,
        /// Owner-only (stopPush).
        owner_only: bool,
    },
    /// Room info.
    Info {
        /// The room.
        key: RoomKey,
    },
    /// The room's live streams.
    Streams {
        /// The room.
        key: RoomKey,
    },
    /// Admin mute.
    Mute {
        /// The room.
        key: RoomKey,
        /// The user.
        user: UserId,
        /// Until (unix seconds; 0 unmutes).
        until: u64,
    },
    /// Admin kick.
    Kick {
        /// The room.
        key: RoomKey,
        /// The user.
        user: UserId,
    },
    /// Admin dismiss.
    Dismiss {
        /// The room.
        key: RoomKey,
    },
    /// A stream of the room went live or ended (its StreamActor is on another node).
    StreamChanged {
        /// The room.
        key: RoomKey,
        /// The stream.
        stream_id: String,
        /// Its publisher.
        user: UserId,
        /// Live or ended.
        live: bool,
    },
    /// A draining owner hands a room to the asked node.
    Adopt {
        /// The room's whole state.
        state: Box<RoomState>,
        /// The placement epoch the sender held (the placement moves only from it).
        epoch: u64,
    },
    /// Publish media into a room owned by the asked node.
    Publish {
        /// The room.
        key: RoomKey,
        /// The publisher.
        user: UserId,
        /// The publisher is the app's administrator.
        is_admin: bool,
        /// The stream id, or the default.
        stream_id: Option<String>,
        /// The SDP offer.
        offer: String,
        /// Who asks, counted against the media limits on the room's node.
        #[serde(default)]
        client: Option<crate::MediaClient>,
    },
    /// Play a stream of a room owned by the asked node.
    Play {
        /// The room.
        key: RoomKey,
        /// The stream id, or the room's main stream.
        stream_id: Option<String>,
        /// The SDP offer.
        offer: String,
        /// Who asks, counted against the media limits on the room's node.
        #[serde(default)]
        client: Option<crate::MediaClient>,
    },
    /// End a media leg on the asked node.
    ClosePeer {
        /// The peer.
        peer: u64,
    },
    /// Restart the ICE of a media leg on the asked node with the client's new credentials.
    RestartIce {
        /// The peer.
        peer: u64,
        /// The client's new ICE username fragment.
        ufrag: String,
        /// The client's new ICE password.
        pwd: String,
    },
    /// Stop a stream published on the asked node.
    Unpublish {
        /// The stream.
        stream_id: String,
    },
    /// Liveness and latency probe.
    Ping,
    /// The room's owner keeps the asked node's copy current (the asked node is the room's
    /// follower): the whole state (`snapshot`, a new follower) or the next changes. The
    /// answer says the copy holds them; a [`LinkFault::Fenced`] says a newer owner exists.
    Replicate {
        /// The room.
        key: RoomKey,
        /// The sender's placement epoch.
        epoch: u64,
        /// The whole state, for a new follower.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        snapshot: Option<Box<RoomState>>,
        /// The changes (with a snapshot: only its version).
        changes: crate::room::replica::Changes,
    },
    /// The owner no longer needs the asked node's copy (the room stopped or moved).
    DropReplica {
        /// The room.
        key: RoomKey,
        /// The sender's placement epoch.
        epoch: u64,
    },
}

impl LinkRequest {
    /// A metrics label.
    pub fn label(&self) -> &'static str {
        match self {
            LinkRequest::Enter { .. } => "enter",
            LinkRequest::Leave { .. } => "leave",
            LinkRequest::Identify { .. } => "identify",
            LinkRequest::Post { .. } => "post",
            LinkRequest::Info { .. } => "info",
            LinkRequest::Streams { .. } => "streams",
            LinkRequest::Mute { .. } => "mute",
            LinkRequest::Kick { .. } => "kick",
            LinkRequest::Dismiss { .. } => "dismiss",
            LinkRequest::StreamChanged { .. } => "stream_changed",
            LinkRequest::Adopt { .. } => "adopt",
            LinkRequest::Publish { .. } => "publish",
            LinkRequest::Play { .. } => "play",
            LinkRequest::ClosePeer { .. } => "close_peer",
            LinkRequest::RestartIce { .. } => "restart_ice",
            LinkRequest::Unpublish { .. } => "unpublish",
            LinkRequest::Ping => "ping",
            LinkRequest::Replicate { .. } => "replicate",
            LinkRequest::DropReplica { .. } => "drop_replica",
        }
    }
}

/// A successful answer.
#[derive(Debug, Serialize, Deserialize)]
#[serde(tag = "r", rename_all = "snake_case")]
pub enum LinkReply {
    /// Done, nothing to return.
    Done,
    /// Entered.
    Entered {
        /// The room's answer.
        entered: Entered,
    },
    /// Room info.
    Info {
        /// The info.
        info: RoomInfo,
    },
    /// Live streams.
    Streams {
        /// The streams.
        streams: Vec<LiveStream>,
    },
    /// A yes / no answer (kick: was a member).
    Flag {
        /// The answer.
        value: bool,
    },
    /// A media leg was set up on the answering node.
    Media {
        /// The stream id.
        stream_id: String,
        /// The SDP answer.
        sdp: String,
        /// The peer (for close).
        peer: u64,
    },
    /// A media leg's ICE was restarted on the answering node.
    IceRestarted {
        /// The server's new ICE username fragment.
        ufrag: String,
        /// The server's new ICE password.
        pwd: String,
        /// The server's candidates.
        candidates: Vec<String>,
        /// The whole new answer.
        sdp: String,
    },
}

/// A failed request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "f", rename_all = "snake_case")]
pub enum LinkFault {
    /// The room lives on `node` now: ask there.
    Moved {
        /// The room's owner.
        node: NodeId,
    },
    /// Refused with a client-facing code.
    Refused {
        /// The wire value of the [`ErrorCode`].
        code: u32,
        /// The message.
        message: String,
    },
    /// A replication request from an owner whose placement is older than one the asked
    /// node knows: the sender lost the room and must stop acknowledging.
    Fenced {
        /// The newest epoch the asked node knows.
        epoch: u64,
    },
}

impl LinkFault {
    /// A refusal with `code`'s default message.
    pub fn code(code: ErrorCode) -> Self {
        LinkFault::Refused { code: code.value(), message: code.default_message().to_owned() }
    }

    /// The client-facing code (a move the caller could not follow is `Busy`).
    pub fn error_code(&self) -> ErrorCode {
        match self {
            LinkFault::Moved { .. } => ErrorCode::Busy,
            LinkFault::Fenced { .. } => ErrorCode::Unreplicated,
            LinkFault::Refused { code, .. } => ErrorCode::from_value(*code).unwrap_or(ErrorCode::Internal),
        }
    }
}

/// What an owner pushes to a gateway node (and a draining owner to everyone).
#[derive(Debug, Serialize, Deserialize)]
#[serde(tag = "op", rename_all = "snake_case")]
pub enum LinkPush {
    /// One frame for one member session.
    Deliver {
        /// The room.
        key: RoomKey,
        /// The session.
        session: SessionId,
        /// The frame (JSON text).
        frame: String,
        /// Its priority.
        priority: Priority,
        /// Counted as a room message delivery (else a control frame).
        message: bool,
        /// The sender's placement epoch for the room: a gateway that has seen a larger one
        /// drops the push (it comes from a stale owner). 0 = unknown.
        #[serde(default)]
        epoch: u64,
    },
    /// Frames for every member of the room on the receiving node.
    Fanout {
        /// The room.
        key: RoomKey,
        /// The frames and their priorities.
        frames: Vec<(String, Priority)>,
        /// Room messages (else control frames).
        message: bool,
        /// The room's sequence number after these frames.
        last_seq: u64,
        /// The sender's placement epoch for the room: a gateway that has seen a larger one
        /// drops the push (it comes from a stale owner). 0 = unknown.
        #[serde(default)]
        epoch: u64,
    },
    /// The room removed a member (`kicked`, `dismissed`, `replaced`).
    Removed {
        /// The room.
        key: RoomKey,
        /// The session.
        session: SessionId,
        /// Why.
        reason: String,
        /// The sender's placement epoch for the room: a gateway that has seen a larger one
        /// drops the push (it comes from a stale owner). 0 = unknown.
        #[serde(default)]
        epoch: u64,
    },
    /// The room moved to `node` (a drain hand-off).
    Moved {
        /// The room.
        key: RoomKey,
        /// The new owner.
        node: NodeId,
    },
    /// The sender gave the room up: another node placed it while the sender had no etcd
    /// lease. The gateway enters its members again wherever the room is now.
    Relinquished {
        /// The room.
        key: RoomKey,
    },
}

/// A request that failed on the link itself.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LinkError {
    /// The connection is gone.
    #[error("node link to {0} is closed")]
    Closed(String),
    /// No reply in time.
    #[error("node link to {0} timed out")]
    Timeout(String),
    /// The peer could not be reached.
    #[error("cannot reach node {0}: {1}")]
    Unreachable(String, String),
    /// The answer was a fault.
    #[error("refused: {0:?}")]
    Fault(LinkFault),
}

impl LinkError {
    /// The client-facing code.
    pub fn error_code(&self) -> ErrorCode {
        match self {
            LinkError::Fault(f) => f.error_code(),
            _ => ErrorCode::Busy,
        }
    }
}

/// A request waiting for its reply: where the answer goes, when it left, its operation.
type Pending = (oneshot::Sender<Result<LinkReply, LinkFault>>, Instant, &'static str);

/// A request sent with [`Link::start`], to await with [`Link::finish`].
pub type Started = Result<(u64, oneshot::Receiver<Result<LinkReply, LinkFault>>), LinkError>;

/// One connection to a peer node. Clones of the `Arc` share it.
pub struct Link {
    id: u64,
    node: NodeId,
    tx: mpsc::Sender<String>,
    pending: Mutex<HashMap<u64, Pending>>,
    next_id: AtomicU64,
    closed: AtomicBool,
}

impl Link {
    /// A link to `node`; the transport writes what the receiver yields to its socket.
    pub fn new(node: NodeId) -> (Arc<Link>, mpsc::Receiver<String>) {
        let (tx, rx) = mpsc::channel(LINK_QUEUE);
        static NEXT_ID: AtomicU64 = AtomicU64::new(1);
        let link = Arc::new(Link {
            id: NEXT_ID.fetch_add(1, Ordering::Relaxed),
            node,
            tx,
            pending: Mutex::new(HashMap::new()),
            next_id: AtomicU64::new(1),
            closed: AtomicBool::new(false),
        });
        (link, rx)
    }

    /// The peer node.
    pub fn node(&self) -> &NodeId {
        &self.node
    }

    /// This connection's process-unique id.
    pub fn id(&self) -> u64 {
        self.id
    }

    /// Whether the connection is still up.
    pub fn is_open(&self) -> bool {
        !self.closed.load(Ordering::Acquire) && !self.tx.is_closed()
    }

    fn send_frame(&self, frame: &LinkFrame) -> bool {
        if !self.is_open() {
            return false;
        }
        let text = match serde_json::to_string(frame) {
            Ok(t) => t,
            Err(e) => {
                tracing::error!(error = %e, "link frame did not serialize");
                return false;
            }
        };
        let len = text.len() as u64;
        match self.tx.try_send(text) {
            Ok(()) => {
                metrics().cluster.link_bytes.with_label_values(&["out"]).inc_by(len);
                metrics().cluster.link_frames.with_label_values(&["out"]).inc();
                true
            }
            Err(_) => {
                // A peer that cannot keep up is cut off; its members are re-attached.
                tracing::warn!(node = %self.node.0, "node link queue full: closing it");
                self.close();
                false
            }
        }
    }

    /// Sends a request and waits for its answer.
    pub async fn request(&self, body: LinkRequest) -> Result<LinkReply, LinkError> {
        let pending = self.start(body);
        self.finish(pending).await
    }

    /// Sends a request now (so requests leave in call order); [`Link::finish`] awaits it.
    pub fn start(
        &self,
        body: LinkRequest,
    ) -> Result<(u64, oneshot::Receiver<Result<LinkReply, LinkFault>>), LinkError> {
        let id = self.next_id.fetch_add(1, Ordering::Relaxed);
        let (tx, rx) = oneshot::channel();
        let label = body.label();
        self.pending.lock().insert(id, (tx, Instant::now(), label));
        if !self.send_frame(&LinkFrame::Request { id, body }) {
            self.pending.lock().remove(&id);
            return Err(LinkError::Closed(self.node.0.clone()));
        }
        Ok((id, rx))
    }

    /// Waits for the answer of a started request.
    pub async fn finish(&self, started: Started) -> Result<LinkReply, LinkError> {
        let (id, rx) = started?;
        match tokio::time::timeout(REQUEST_TIMEOUT, rx).await {
            Ok(Ok(Ok(reply))) => Ok(reply),
            Ok(Ok(Err(fault))) => Err(LinkError::Fault(fault)),
            Ok(Err(_)) => Err(LinkError::Closed(self.node.0.clone())),
            Err(_) => {
                self.pending.lock().remove(&id);
                metrics().cluster.link_errors.with_label_values(&["timeout"]).inc();
                Err(LinkError::Timeout(self.node.0.clone()))
            }
        }
    }

    /// Answers a request of the peer.
    pub fn reply(&self, id: u64, body: Result<LinkReply, LinkFault>) {
        self.send_frame(&LinkFrame::Reply { id, body });
    }

    /// Pushes a one-way message.
    pub fn push(&self, body: LinkPush) {
        self.send_frame(&LinkFrame::Push { body });
    }

    /// A reply arrived.
    pub(crate) fn complete(&self, id: u64, body: Result<LinkReply, LinkFault>) {
        if let Some((tx, started, label)) = self.pending.lock().remove(&id) {
            metrics().cluster.link_latency.with_label_values(&[label]).observe(started.elapsed().as_secs_f64());
            let _ = tx.send(body);
        }
    }

    /// The transport ended: every waiting request fails.
    pub fn close(&self) {
        self.closed.store(true, Ordering::Release);
        self.pending.lock().clear();
    }
}

/// Opens connections to peer nodes (the gateway implements it with a WebSocket client).
#[async_trait(?Send)]
pub trait Dialer: Send + Sync + 'static {
    /// Connects to `node` and returns the live link (already registered in [`Links`]).
    async fn dial(&self, node: &NodeId) -> Result<Arc<Link>, LinkError>;
}

/// Every open link of this node, one per peer node (the newest wins).
#[derive(Default)]
pub struct Links {
    by_node: Mutex<HashMap<NodeId, Arc<Link>>>,
    dialer: std::sync::OnceLock<Arc<dyn Dialer>>,
    /// One dial at a time per peer (a dead peer's connect timeout delays no other).
    dialing: Mutex<HashMap<NodeId, Arc<tokio::sync::Mutex<()>>>>,
}

impl Links {
    /// Sets how to dial peers (once, at start).
    pub fn set_dialer(&self, dialer: Arc<dyn Dialer>) {
        let _ = self.dialer.set(dialer);
    }

    /// Registers a new connection (dialed or accepted).
    pub fn register(&self, link: Arc<Link>) {
        let mut map = self.by_node.lock();
        map.insert(link.node().clone(), link);
        metrics().cluster.links.set(map.len() as i64);
    }

    /// Forgets a closed connection (if it is still the registered one).
    pub fn unregister(&self, link: &Arc<Link>) {
        let mut map = self.by_node.lock();
        if map.get(link.node()).is_some_and(|l| Arc::ptr_eq(l, link)) {
            map.remove(link.node());
        }
        metrics().cluster.links.set(map.len() as i64);
    }

    /// The open link to `node`, dialing it if there is none.
    pub async fn get(&self, node: &NodeId) -> Result<Arc<Link>, LinkError> {
        if let Some(link) = self.by_node.lock().get(node).filter(|l| l.is_open()).cloned() {
            return Ok(link);
        }
        // One dial at a time per peer, so concurrent callers share the connection.
        let lock = self.dialing.lock().entry(node.clone()).or_default().clone();
        let _guard = lock.lock().await;
        if let Some(link) = self.by_node.lock().get(node).filter(|l| l.is_open()).cloned() {
            return Ok(link);
        }
        let dialer = self
            .dialer
            .get()
            .ok_or_else(|| LinkError::Unreachable(node.0.clone(), "this node has no node link".into()))?;
        match dialer.dial(node).await {
            Ok(link) => Ok(link),
            Err(e) => {
                metrics().cluster.link_errors.with_label_values(&["dial"]).inc();
                Err(e)
            }
        }
    }
}

/// A room's way to its members on one gateway node, over that node's link.
pub struct LinkPort {
    link: Arc<Link>,
    sdkappid: u64,
    /// The room's placement epoch here (its cell, shared with the room's handle).
    epoch: Arc<AtomicU64>,
}

impl LinkPort {
    /// A port for a room of app `sdkappid` over `link`, stamping its pushes with the epoch
    /// in `epoch`.
    pub fn new(link: Arc<Link>, sdkappid: u64, epoch: Arc<AtomicU64>) -> Arc<Self> {
        Arc::new(Self { link, sdkappid, epoch })
    }

    fn epoch(&self) -> u64 {
        self.epoch.load(Ordering::Acquire)
    }

    fn key(&self, room: &RoomId) -> RoomKey {
        RoomKey { sdkappid: self.sdkappid, room: room.clone() }
    }

    /// Tells the gateway a member was removed.
    pub fn removed(&self, room: &RoomId, session: SessionId, reason: &str) {
        let reason = reason.to_owned();
        self.link.push(LinkPush::Removed { key: self.key(room), session, reason, epoch: self.epoch() });
    }

    /// Tells the gateway the room moved.
    pub fn moved(&self, room: &RoomId, node: &NodeId) {
        self.link.push(LinkPush::Moved { key: self.key(room), node: node.clone() });
    }

    /// Tells the gateway this node gave the room up.
    pub fn relinquished(&self, room: &RoomId) {
        self.link.push(LinkPush::Relinquished { key: self.key(room) });
    }
}

impl GatewayPort for LinkPort {
    fn node(&self) -> &NodeId {
        self.link.node()
    }

    fn deliver(&self, room: &RoomId, session: SessionId, frame: ByteString, priority: Priority, kind: FrameKind) {
        self.link.push(LinkPush::Deliver {
            key: self.key(room),
            session,
            frame: frame.to_string(),
            priority,
            message: kind == FrameKind::RoomMessage,
            epoch: self.epoch(),
        });
    }

    fn fanout(&self, room: &RoomId, frames: &[(ByteString, Priority)], kind: FrameKind, last_seq: u64) {
        self.link.push(LinkPush::Fanout {
            key: self.key(room),
            frames: frames.iter().map(|(f, p)| (f.to_string(), *p)).collect(),
            message: kind == FrameKind::RoomMessage,
            last_seq,
            epoch: self.epoch(),
        });
    }

    fn moved(&self, room: &RoomId, node: &NodeId) {
        LinkPort::moved(self, room, node);
    }

    fn relinquished(&self, room: &RoomId) {
        LinkPort::relinquished(self, room);
    }

    fn link_id(&self) -> u64 {
        self.link.id()
    }
}
