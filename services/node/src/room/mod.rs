//! A live room's state and rules: membership, sequence numbers, history, admission,
//! likes, moderation and fan-out into members' outbound queues.
//!
//! [`Room`] is a plain struct (time is passed in) so its rules are tested without actors;
//! [`actor::RoomActor`] owns one and feeds it messages.

pub mod actor;
pub mod admission;
pub mod replica;

use std::collections::{HashMap, VecDeque};
use std::sync::Arc;
use std::time::{Duration, Instant};

use bytestring::ByteString;
use liveroom_protocol::message::{SYSTEM_SENDER, TIP_MEMBER_JOINED, TIP_MEMBER_QUIT};
use liveroom_protocol::server::{error_frame, ServerEvent};
use liveroom_protocol::{ChatMessage, ErrorCode, MessagePayload, Priority, RoomId, UserId};
use liveroom_telemetry::metrics;
use parking_lot::RwLock;

use crate::outbound::{FrameKind, OutboundQueue};
use crate::SessionId;
use admission::Admission;
use liveroom_cluster::NodeId;

/// Limits and behaviour of every room on a node.
#[derive(Debug, Clone)]
pub struct RoomConfig {
    /// Messages per second a room accepts before dropping by priority.
    pub rate: u32,
    /// Burst size of the room's admission bucket.
    pub burst: u32,
    /// Messages kept for resume.
    pub history_len: usize,
    /// Messages delivered on enter.
    pub history_on_enter: usize,
    /// Most members in one room on this node.
    pub max_members: usize,
    /// Longest a message waits to be fanned out with others. The window grows with the
    /// room (5 µs per member) up to this, so small rooms add no delay and big rooms write
    /// several messages per socket write.
    pub max_batch: Duration,
}

impl Default for RoomConfig {
    fn default() -> Self {
        Self {
            rate: 40,
            burst: 40,
            history_len: 1000,
            history_on_enter: 100,
            max_members: 100_000,
            max_batch: Duration::from_millis(50),
        }
    }
}

/// What a member leaves behind when removed from a room, so its session can react.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RoomNotice {
    /// The member was removed: `reason` is `kicked`, `dismissed` or `replaced`.
    Removed {
        /// The room.
        room_id: RoomId,
        /// Why.
        reason: &'static str,
    },
}

/// A member's nick and avatar.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Profile {
    /// Display name.
    pub nick: String,
    /// Avatar URL.
    pub avatar: String,
}

/// A callback that tells a member's session about [`RoomNotice`]s.
pub type Notifier = Arc<dyn Fn(RoomNotice) + Send + Sync>;

/// Another node's gateway as seen by a room it owns: members connected there are reached
/// through it, and a fan-out batch crosses the network once per gateway node.
pub trait GatewayPort: Send + Sync {
    /// The gateway node.
    fn node(&self) -> &NodeId;
    /// Queues one frame for one member session on that node.
    fn deliver(&self, room: &RoomId, session: SessionId, frame: ByteString, priority: Priority, kind: FrameKind);
    /// Queues frames for every member of `room` on that node; `last_seq` is the room's
    /// sequence number after them.
    fn fanout(&self, room: &RoomId, frames: &[(ByteString, Priority)], kind: FrameKind, last_seq: u64);
    /// Tells that node the room moved to `node`.
    fn moved(&self, room: &RoomId, node: &NodeId);
    /// Tells that node this owner gave the room up (another node took it while this one
    /// had no lease): its members must enter again wherever the room is now.
    fn relinquished(&self, room: &RoomId);
    /// The connection this port uses (members are detached per connection).
    fn link_id(&self) -> u64;
}

/// Where a member's frames go.
#[derive(Clone)]
pub enum Sink {
    /// A session connected to this node.
    Queue(OutboundQueue),
    /// A session connected to another node.
    Gateway(Arc<dyn GatewayPort>),
}

/// One member (a session) of the room.
#[derive(Clone)]
pub struct Member {
    /// Where the session's frames go.
    pub sink: Sink,
    /// The logged-in user, or `None` for an anonymous viewer.
    pub user: Option<UserId>,
    /// Nick and avatar (stamped on this member's join / leave tips).
    pub profile: Profile,
    /// Tells the session when the room removes it.
    pub notify: Notifier,
}

/// The app-wide banned-word list, shared by all rooms of an app.
#[derive(Default)]
pub struct BannedWords(RwLock<Arc<Vec<String>>>);

impl BannedWords {
    /// Replaces the list (words are matched case-insensitively as substrings).
    pub fn set(&self, words: Vec<String>) {
        let words = words.into_iter().map(|w| w.to_lowercase()).filter(|w| !w.is_empty()).collect();
        *self.0.write() = Arc::new(words);
    }

    /// The current list.
    pub fn get(&self) -> Arc<Vec<String>> {
        self.0.read().clone()
    }

    /// Whether `text` contains a banned word.
    pub fn hits(&self, text: &str) -> bool {
        let words = self.get();
        if words.is_empty() {
            return false;
        }
        let lower = text.to_lowercase();
        words.iter().any(|w| lower.contains(w.as_str()))
    }
}

/// A message about to be accepted.
struct Draft {
    payload: MessagePayload,
    from: String,
    nick: String,
    avatar: String,
    priority: Priority,
    client_msg_id: Option<String>,
    is_tip: bool,
}

struct Stored {
    seq: u64,
    is_tip: bool,
    /// The message object as JSON.
    json: ByteString,
}

/// Most changes a room holds back while its follower has not confirmed them; beyond, posts
/// are refused (`Unreplicated`) rather than queued without end.
pub const MAX_HELD: usize = 4096;

/// An accepted change waiting for the follower to hold it: the message (fanned out once
/// held) and the sender's answer.
struct Held {
    /// The replication version that carries it.
    version: u64,
    /// The message, its fan-out frame and priority.
    message: Option<(Stored, ByteString, Priority)>,
    /// The sender's session, request id and answer.
    ack: Option<(SessionId, u64, ByteString)>,
    /// A session told once the change is final (a muted user's notice).
    notice: Option<(SessionId, ByteString)>,
    /// Told when the change is final (an admin's mute), or refused.
    settled: Option<Settled>,
}

/// The answer to a change that waits for the follower: `Ok` once it holds it.
pub type Settled = tokio::sync::oneshot::Sender<Result<(), ErrorCode>>;

/// What the room still has to send its follower.
#[derive(Default)]
struct Unsent {
    messages: Vec<(u64, bool, String)>,
    mutes: bool,
    likes: bool,
    streams: bool,
}

/// A live stream of the room.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct LiveStream {
    /// The stream id.
    #[serde(rename = "streamID")]
    pub stream_id: String,
    /// Its publisher.
    #[serde(rename = "userID")]
    pub user: UserId,
}

/// Result of entering a room.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Entered {
    /// `JoinedSuccess` or `AlreadyInGroup`.
    pub status: std::borrow::Cow<'static, str>,
    /// Members after entering.
    pub member_count: u64,
    /// The room's last sequence number.
    pub last_seq: u64,
    /// Changes every time the room is created anew (a `lastSeq` from another incarnation
    /// means nothing).
    pub incarnation: u32,
    /// Streams live in the room now.
    pub streams: Vec<LiveStream>,
}

/// A message a member asks the room to accept.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct Post {
    /// The sending session.
    pub session: SessionId,
    /// The sender.
    pub user: UserId,
    /// Sender's nick.
    pub nick: String,
    /// Sender's avatar.
    pub avatar: String,
    /// Content.
    pub payload: MessagePayload,
    /// Priority.
    pub priority: Priority,
    /// Sender's id for the message.
    pub client_msg_id: Option<String>,
    /// Request id to answer (the room answers the sender directly).
    pub request_id: Option<u64>,
}

/// Room info for `getRoomInfo` and the directory.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct RoomInfo {
    /// The room.
    #[serde(rename = "roomID")]
    pub room_id: RoomId,
    /// Owner.
    #[serde(rename = "ownerID")]
    pub owner: UserId,
    /// Members now.
    #[serde(rename = "memberCount")]
    pub member_count: u64,
    /// Last sequence number.
    #[serde(rename = "lastSeq")]
    pub last_seq: u64,
}

/// Where an entering member resumes.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Resume {
    /// The last sequence number the member has.
    pub last_seq: Option<u64>,
    /// The incarnation that number belongs to, when known.
    pub incarnation: Option<u32>,
    /// A gateway re-attaching a member it already had here: no join tip.
    pub quiet: bool,
}

fn push_sink(
    room: &RoomId,
    sink: &Sink,
    session: SessionId,
    frame: ByteString,
    priority: Priority,
    kind: FrameKind,
    now: Instant,
) {
    match sink {
        Sink::Queue(q) => {
            q.push(frame, priority, kind, now);
        }
        Sink::Gateway(g) => g.deliver(room, session, frame, priority, kind),
    }
}

/// A live room. See the module docs.
pub struct Room {
    sdkappid: u64,
    room_id: RoomId,
    owner: UserId,
    incarnation: u32,
    config: RoomConfig,
    seq: u64,
    history: VecDeque<Stored>,
    members: HashMap<SessionId, Member>,
    by_user: HashMap<UserId, SessionId>,
    admission: Admission,
    pending_likes: u64,
    mutes: HashMap<UserId, u64>,
    banned: Arc<BannedWords>,
    last_count_sent: u64,
    /// Accepted messages not yet fanned out (frame, priority).
    pending: Vec<(ByteString, Priority)>,
    last_flush: Instant,
    streams: Vec<LiveStream>,
    /// Gateway nodes with members here, and how many.
    gateways: HashMap<NodeId, (Arc<dyn GatewayPort>, usize)>,
    /// The last sequence number members were given (with a follower: held by it).
    committed: u64,
    /// With a follower: changes are held until it confirms them ([`Room::commit`]).
    replicated: bool,
    /// Whether posts are taken (not while the owner has no follower it needs).
    accepting: bool,
    /// The last replication version handed out ([`Room::take_changes`]).
    version: u64,
    held: VecDeque<Held>,
    unsent: Unsent,
    /// Members who came and went since the last [`Room::take_member_changes`] (true =
    /// joined), when someone takes them ([`Room::record_member_changes`]); recorded whether
    /// or not the tip itself was shed.
    member_changes: Option<Vec<(bool, UserId)>>,
}

/// Everything a room is, apart from its local sessions' queues: what a draining owner hands
/// to the room's next owner.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct RoomState {
    /// The app.
    pub sdkappid: u64,
    /// The room.
    pub room_id: RoomId,
    /// The room's owner (anchor).
    pub owner: UserId,
    /// Kept across a hand-off, so members' `lastSeq` stays meaningful.
    pub incarnation: u32,
    /// The last sequence number.
    pub seq: u64,
    /// `(seq, is_tip, message JSON)`, oldest first.
    pub history: Vec<(u64, bool, String)>,
    /// Muted users and until when (unix seconds).
    pub mutes: Vec<(UserId, u64)>,
    /// Likes counted but not yet aggregated.
    pub pending_likes: u64,
    /// Live streams.
    pub streams: Vec<LiveStream>,
    /// Every member: its session, the node its socket is on, its user and profile.
    pub members: Vec<MemberState>,
}

/// One member in a [`RoomState`].
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct MemberState {
    /// The session.
    pub session: SessionId,
    /// The node the session is connected to.
    pub node: NodeId,
    /// The user, or `None` for an anonymous viewer.
    pub user: Option<UserId>,
    /// Nick and avatar.
    pub profile: Profile,
}

impl Room {
    /// A new, empty room.
    pub fn new(
        sdkappid: u64,
        room_id: RoomId,
        owner: UserId,
        config: RoomConfig,
        banned: Arc<BannedWords>,
        now: Instant,
    ) -> Self {
        Self {
            sdkappid,
            room_id,
            owner,
            incarnation: rand::random(),
            admission: Admission::new(config.rate, config.burst, now),
            config,
            seq: 0,
            history: VecDeque::new(),
            members: HashMap::new(),
            by_user: HashMap::new(),
            pending_likes: 0,
            mutes: HashMap::new(),
            banned,
            last_count_sent: 0,
            member_changes: None,
            pending: Vec::new(),
            last_flush: now,
            streams: Vec::new(),
            gateways: HashMap::new(),
            committed: 0,
            replicated: false,
            accepting: true,
            version: 0,
            held: VecDeque::new(),
            unsent: Unsent::default(),
        }
    }

    /// A room from a previous owner's [`RoomState`]. `member_of` turns each member into a
    /// [`Member`] reached through its node.
    pub fn adopt(
        state: RoomState,
        config: RoomConfig,
        banned: Arc<BannedWords>,
        now: Instant,
        mut member_of: impl FnMut(&MemberState) -> Option<Member>,
    ) -> Self {
        let mut room = Room::new(state.sdkappid, state.room_id, state.owner, config, banned, now);
        room.incarnation = state.incarnation;
        room.seq = state.seq;
        room.committed = state.seq;
        room.history =
            state.history.into_iter().map(|(seq, is_tip, json)| Stored { seq, is_tip, json: json.into() }).collect();
        room.mutes = state.mutes.into_iter().collect();
        room.pending_likes = state.pending_likes;
        room.streams = state.streams;
        for m in &state.members {
            if let Some(member) = member_of(m) {
                room.insert_member(m.session, member);
            }
        }
        room
    }

    /// This room's state; members on this node are listed under `local`.
    pub fn export(&self, local: &NodeId) -> RoomState {
        RoomState {
            sdkappid: self.sdkappid,
            room_id: self.room_id.clone(),
            owner: self.owner.clone(),
            incarnation: self.incarnation,
            seq: self.seq,
            history: self.history.iter().map(|s| (s.seq, s.is_tip, s.json.to_string())).collect(),
            mutes: self.mutes.iter().map(|(u, t)| (u.clone(), *t)).collect(),
            pending_likes: self.pending_likes,
            streams: self.streams.clone(),
            members: self
                .members
                .iter()
                .map(|(session, m)| MemberState {
                    session: *session,
                    node: match &m.sink {
                        Sink::Queue(_) => local.clone(),
                        Sink::Gateway(g) => g.node().clone(),
                    },
                    user: m.user.clone(),
                    profile: m.profile.clone(),
                })
                .collect(),
        }
    }

    /// Tells every gateway node with members that the room moved to `node`.
    pub fn announce_move(&self, node: &NodeId) {
        for (port, _) in self.gateways.values() {
            port.moved(&self.room_id, node);
        }
    }

    /// Tells every gateway with members that this owner gave the room up.
    pub fn announce_relinquished(&self) {
        for (port, _) in self.gateways.values() {
            port.relinquished(&self.room_id);
        }
    }

    /// Drops every member without telling anyone (the room moved; its new owner has them).
    pub fn forget_members(&mut self) {
        let sessions: Vec<SessionId> = self.members.keys().copied().collect();
        for session in sessions {
            self.remove_member(session);
        }
        self.pending.clear();
    }

    /// The room's incarnation.
    pub fn incarnation(&self) -> u32 {
        self.incarnation
    }

    fn insert_member(&mut self, session: SessionId, member: Member) {
        if let Sink::Gateway(g) = &member.sink {
            let entry = self.gateways.entry(g.node().clone()).or_insert_with(|| (g.clone(), 0));
            entry.0 = g.clone();
            entry.1 += 1;
        }
        if let Some(user) = &member.user {
            self.by_user.insert(user.clone(), session);
        }
        self.members.insert(session, member);
        metrics().chat.members.inc();
    }

    /// Removes a member and, if its user was speaking through this session, that mapping
    /// too; the flag says so (the user really left, rather than moved to another session).
    fn remove_member(&mut self, session: SessionId) -> Option<(Member, bool)> {
        let member = self.members.remove(&session)?;
        metrics().chat.members.dec();
        let was_users_session = match &member.user {
            Some(user) if self.by_user.get(user) == Some(&session) => {
                self.by_user.remove(user);
                true
            }
            _ => false,
        };
        if let Sink::Gateway(g) = &member.sink {
            if let Some(entry) = self.gateways.get_mut(g.node()) {
                entry.1 -= 1;
                if entry.1 == 0 {
                    self.gateways.remove(g.node());
                }
            }
        }
        Some((member, was_users_session))
    }

    /// Forgets, without tips, every member that came through the node link `link_id` (it
    /// broke; the gateway re-attaches them over a new one).
    pub fn detach_gateway(&mut self, link_id: u64) -> usize {
        let sessions: Vec<SessionId> = self
            .members
            .iter()
            .filter(|(_, m)| matches!(&m.sink, Sink::Gateway(g) if g.link_id() == link_id))
            .map(|(s, _)| *s)
            .collect();
        for session in &sessions {
            self.remove_member(*session);
        }
        sessions.len()
    }

    /// Queues a frame for one member.
    fn push_to(&self, session: SessionId, frame: ByteString, priority: Priority, kind: FrameKind, now: Instant) {
        if let Some(member) = self.members.get(&session) {
            push_sink(&self.room_id, &member.sink, session, frame, priority, kind, now);
        }
    }

    /// Queues frames for every member: one push per local session, one message per
    /// gateway node.
    fn broadcast(&self, frames: &[(ByteString, Priority)], kind: FrameKind, now: Instant) {
        for member in self.members.values() {
            if let Sink::Queue(q) = &member.sink {
                q.push_all(frames.iter().cloned(), kind, now);
            }
        }
        for (port, _) in self.gateways.values() {
            port.fanout(&self.room_id, frames, kind, self.committed);
        }
    }

    /// The room id.
    pub fn id(&self) -> &RoomId {
        &self.room_id
    }

    /// The app.
    pub fn sdkappid(&self) -> u64 {
        self.sdkappid
    }

    /// Whether `session` is a member.
    pub fn is_member(&self, session: SessionId) -> bool {
        self.members.contains_key(&session)
    }

    /// Members now.
    pub fn member_count(&self) -> u64 {
        self.members.len() as u64
    }

    /// The owner.
    pub fn owner(&self) -> &UserId {
        &self.owner
    }

    /// Info for `getRoomInfo`.
    pub fn info(&self) -> RoomInfo {
        RoomInfo {
            room_id: self.room_id.clone(),
            owner: self.owner.clone(),
            member_count: self.member_count(),
            last_seq: self.committed,
        }
    }

    /// Adds a session (or reports it is already in). Delivers recent history, or on resume
    /// exactly the messages after `last_seq` (with a `gap` event for what is gone).
    pub fn enter(
        &mut self,
        session: SessionId,
        member: Member,
        last_seq: Option<u64>,
        now_unix: u64,
        now: Instant,
    ) -> Result<Entered, ErrorCode> {
        self.enter_with(session, member, Resume { last_seq, incarnation: None, quiet: false }, now_unix, now)
    }

    /// As [`Room::enter`], with the resume point's incarnation (a `lastSeq` of an earlier
    /// incarnation gets a `gap` notice) and `quiet` for a gateway re-attaching its members
    /// (no join tip).
    pub fn enter_with(
        &mut self,
        session: SessionId,
        member: Member,
        resume: Resume,
        now_unix: u64,
        now: Instant,
    ) -> Result<Entered, ErrorCode> {
        let last_seq = resume.last_seq;
        if resume.quiet {
            // A gateway re-attaching a session after a failure: if its user entered again
            // on another session meanwhile (it reconnected elsewhere), that one stays.
            let newer = member.user.as_ref().and_then(|u| self.by_user.get(u)).is_some_and(|s| *s != session);
            if newer {
                return Err(ErrorCode::SessionReplaced);
            }
        }
        if resume.quiet && self.members.contains_key(&session) {
            // A gateway re-attaching a member this room still has (its old link has not
            // been seen closing yet): the new entry replaces the old, silently.
            self.remove_member(session);
        }
        if self.members.contains_key(&session) {
            return Ok(self.entered("AlreadyInGroup"));
        }
        if self.members.len() >= self.config.max_members {
            return Err(ErrorCode::Busy);
        }
        // Pending messages are already in history: fan them out before the newcomer joins,
        // so it gets each message exactly once (from history, not again from the batch).
        self.flush(now);
        let mut replaced = false;
        if let Some(user) = &member.user {
            if let Some(old) = self.by_user.get(user).copied() {
                // The same user on a new session (re-login elsewhere): swap silently.
                if let Some((old_member, _)) = self.remove_member(old) {
                    (old_member.notify)(RoomNotice::Removed { room_id: self.room_id.clone(), reason: "replaced" });
                }
                replaced = true;
            }
        }
        let restarted = match (resume.last_seq, resume.incarnation) {
            (Some(last), Some(inc)) => inc != self.incarnation || last > self.committed,
            (Some(last), None) => last > self.committed,
            _ => false,
        };
        let user = member.user.clone();
        let profile = member.profile.clone();
        self.insert_member(session, member);
        if restarted {
            // The room was started anew (its owner died): what came after the member's
            // last message may be gone, and it is told so.
            let from = last_seq.unwrap_or(0) + 1;
            let gap = ServerEvent::Restarted { room_id: &self.room_id, from, restarted: true };
            self.push_to(session, gap.encode().into(), Priority::High, FrameKind::Control, now);
            self.deliver_history(session, None, now);
        } else {
            self.deliver_history(session, last_seq, now);
        }
        if let Some(user) = user {
            if !replaced && !resume.quiet {
                self.tip(TIP_MEMBER_JOINED, user, profile, now_unix, now);
            }
        }
        // The newcomer learns the count from this answer; if it changes back before the
        // next push (someone leaves), an unchanged count would never be sent again and the
        // newcomer would keep the old one: the next push goes out whatever it says.
        self.last_count_sent = u64::MAX;
        Ok(self.entered("JoinedSuccess"))
    }

    fn entered(&self, status: &'static str) -> Entered {
        Entered {
            status: status.into(),
            member_count: self.member_count(),
            last_seq: self.committed,
            incarnation: self.incarnation,
            streams: self.streams.clone(),
        }
    }

    fn deliver_history(&self, session: SessionId, last_seq: Option<u64>, now: Instant) {
        let (mut picked, resumed): (Vec<&Stored>, bool) = match last_seq {
            Some(last) if last <= self.committed => {
                let oldest = self.history.front().map_or(self.committed + 1, |s| s.seq);
                if last + 1 < oldest {
                    let gap = ServerEvent::Gap { room_id: &self.room_id, from: last + 1, to: oldest - 1 };
                    self.push_to(session, gap.encode().into(), Priority::High, FrameKind::Control, now);
                }
                (self.history.iter().filter(|s| s.seq > last).collect(), true)
            }
            _ => {
                let mut recent: Vec<&Stored> =
                    self.history.iter().rev().filter(|s| !s.is_tip).take(self.config.history_on_enter).collect();
                recent.reverse();
                (recent, false)
            }
        };
        // Keep one history frame under the batch cap: send in slices of at most 100.
        let room = serde_json::to_string(&self.room_id).expect("room ids serialize");
        for chunk in picked.chunks_mut(100) {
            let mut frame = String::with_capacity(64 + chunk.iter().map(|s| s.json.len() + 1).sum::<usize>());
            frame.push_str("{\"event\":\"history\",\"data\":{\"roomID\":");
            frame.push_str(&room);
            frame.push_str(if resumed { ",\"resumed\":true" } else { ",\"resumed\":false" });
            frame.push_str(",\"messages\":[");
            for (i, s) in chunk.iter().enumerate() {
                if i > 0 {
                    frame.push(',');
                }
                frame.push_str(&s.json);
            }
            frame.push_str("]}}");
            self.push_to(session, frame.into(), Priority::High, FrameKind::Control, now);
        }
        if picked.is_empty() {
            let frame = format!(
                "{{\"event\":\"history\",\"data\":{{\"roomID\":{room},\"resumed\":{resumed},\"messages\":[]}}}}"
            );
            self.push_to(session, frame.into(), Priority::High, FrameKind::Control, now);
        }
    }

    /// Removes a session; returns whether it was a member.
    pub fn leave(&mut self, session: SessionId, now_unix: u64, now: Instant) -> bool {
        let Some((member, users_session)) = self.remove_member(session) else {
            return false;
        };
        if let (Some(user), true) = (member.user, users_session) {
            self.tip(TIP_MEMBER_QUIT, user, member.profile, now_unix, now);
        }
        true
    }

    /// A session of this room logged in: it now speaks for `user`.
    pub fn identify(&mut self, session: SessionId, user: UserId, profile: Profile, now_unix: u64, now: Instant) {
        let Some(member) = self.members.get_mut(&session) else {
            return;
        };
        if member.user.as_ref() == Some(&user) {
            return;
        }
        member.user = Some(user.clone());
        member.profile = profile.clone();
        if let Some(old) = self.by_user.insert(user.clone(), session) {
            if old != session {
                if let Some((old_member, _)) = self.remove_member(old) {
                    (old_member.notify)(RoomNotice::Removed { room_id: self.room_id.clone(), reason: "replaced" });
                }
                return;
            }
        }
        self.tip(TIP_MEMBER_JOINED, user, profile, now_unix, now);
    }

    /// From now on, keeps who joins and leaves for [`Room::take_member_changes`].
    pub fn record_member_changes(&mut self) {
        self.member_changes.get_or_insert_with(Vec::new);
    }

    /// Who joined (true) and left (false) since the last call, in order.
    pub fn take_member_changes(&mut self) -> Vec<(bool, UserId)> {
        self.member_changes.as_mut().map(std::mem::take).unwrap_or_default()
    }

    fn tip(&mut self, operation_type: u8, user: UserId, profile: Profile, now_unix: u64, now: Instant) {
        if let Some(changes) = &mut self.member_changes {
            // Taken after every change; the bound only matters if nobody takes them.
            if changes.len() < 10_000 {
                changes.push((operation_type == TIP_MEMBER_JOINED, user.clone()));
            }
        }
        // Tips are the first thing shed under load, like LOWEST messages.
        if !self.admission.admit(Priority::Lowest, now) {
            metrics().chat.messages_dropped.with_label_values(&["room_rate", "lowest"]).inc();
            return;
        }
        let payload = MessagePayload::GroupTip {
            operation_type,
            user_id_list: vec![user.clone()],
            member_num: self.member_count(),
        };
        let draft = Draft {
            payload,
            from: user.to_string(),
            nick: profile.nick,
            avatar: profile.avatar,
            priority: Priority::Lowest,
            client_msg_id: None,
            is_tip: true,
        };
        self.accept(draft, None, now_unix, now);
        metrics().chat.messages_in.with_label_values(&["tip"]).inc();
    }

    /// Accepts or refuses a member's message. The room answers the sender itself (so its
    /// ack precedes the fan-out of its own message) and fans out to every member.
    pub fn post(&mut self, post: Post, now_unix: u64, now: Instant) -> Result<u64, ErrorCode> {
        let result = self.try_post(&post, now_unix, now);
        if let Err(code) = result {
            self.refuse(&post, code, now);
        }
        result
    }

    /// Answers a post's sender with an error.
    pub fn refuse(&self, post: &Post, code: ErrorCode, now: Instant) {
        if let Some(id) = post.request_id {
            let frame = error_frame(Some(id), code, code.default_message());
            self.push_to(post.session, frame.into(), Priority::High, FrameKind::Control, now);
        }
    }

    fn try_post(&mut self, post: &Post, now_unix: u64, now: Instant) -> Result<u64, ErrorCode> {
        if !self.members.contains_key(&post.session) {
            return Err(ErrorCode::NotInRoom);
        }
        if !self.accepting || self.held.len() >= MAX_HELD {
            metrics().chat.messages_dropped.with_label_values(&["unreplicated", post.priority.label()]).inc();
            return Err(ErrorCode::Unreplicated);
        }
        if let Some(until) = self.mutes.get(&post.user).copied() {
            if until > now_unix {
                return Err(ErrorCode::Muted);
            }
            self.mutes.remove(&post.user);
        }
        match &post.payload {
            MessagePayload::Text { text } if self.banned.hits(text) => return Err(ErrorCode::BannedWord),
            MessagePayload::Custom { description, .. } if self.banned.hits(description) => {
                return Err(ErrorCode::BannedWord)
            }
            _ => {}
        }
        if !self.admission.admit(post.priority, now) {
            if post.payload.is_like() {
                // Over the rate, likes are counted into the next aggregate, not lost.
                self.pending_likes += 1;
                self.unsent.likes = true;
                metrics().chat.likes_folded.inc();
                self.ack_folded_like(post, now);
                return Ok(0);
            }
            metrics().chat.messages_dropped.with_label_values(&["room_rate", post.priority.label()]).inc();
            return Err(ErrorCode::RateLimited);
        }
        let kind = match post.payload {
            MessagePayload::Text { .. } => "text",
            _ => "custom",
        };
        metrics().chat.messages_in.with_label_values(&[kind]).inc();
        let draft = Draft {
            payload: post.payload.clone(),
            from: post.user.to_string(),
            nick: post.nick.clone(),
            avatar: post.avatar.clone(),
            priority: post.priority,
            client_msg_id: post.client_msg_id.clone(),
            is_tip: false,
        };
        let ack_to = post.request_id.map(|id| (post.session, id));
        Ok(self.accept(draft, ack_to, now_unix, now))
    }

    fn ack_folded_like(&mut self, post: &Post, now: Instant) {
        if let Some(id) = post.request_id {
            let frame: ByteString = format!("{{\"id\":{id},\"code\":0,\"data\":{{\"folded\":true}}}}").into();
            if self.replicated {
                // Acknowledged once the follower holds the count it went into.
                let ack = Some((post.session, id, frame));
                self.held.push_back(Held {
                    version: self.version + 1,
                    message: None,
                    ack,
                    notice: None,
                    settled: None,
                });
            } else {
                self.push_to(post.session, frame, Priority::High, FrameKind::Control, now);
            }
        }
    }

    /// Assigns the next sequence number, records the message and fans it out. When
    /// `ack_to` names a member's request, its answer is queued before the fan-out.
    fn accept(&mut self, draft: Draft, ack_to: Option<(SessionId, u64)>, now_unix: u64, now: Instant) -> u64 {
        self.seq += 1;
        let seq = self.seq;
        let priority = draft.priority;
        let msg = ChatMessage {
            id: format!("{:08x}-{seq}", self.incarnation),
            payload: draft.payload,
            conversation_id: format!("GROUP{}", self.room_id),
            conversation_type: "GROUP",
            to: self.room_id.clone(),
            from: draft.from,
            time: now_unix,
            priority,
            nick: draft.nick,
            avatar: draft.avatar,
            seq,
            client_msg_id: draft.client_msg_id,
        };
        let json = serde_json::to_string(&msg).expect("messages serialize");
        let frame: ByteString = format!("{{\"event\":\"message\",\"data\":{json}}}").into();
        let ack = ack_to.map(|(session, request_id)| {
            let ack = format!("{{\"id\":{request_id},\"code\":0,\"data\":{{\"message\":{json}}}}}");
            (session, request_id, ByteString::from(ack))
        });
        let stored = Stored { seq, is_tip: draft.is_tip, json: json.into() };
        if self.replicated {
            // Nobody hears of it before the follower holds it (see `commit`).
            self.unsent.messages.push((seq, stored.is_tip, stored.json.to_string()));
            self.held.push_back(Held {
                version: self.version + 1,
                message: Some((stored, frame, priority)),
                ack,
                notice: None,
                settled: None,
            });
        } else {
            self.release(Some((stored, frame, priority)), ack, now);
        }
        seq
    }

    /// Makes an accepted change final: the sender's answer first, then the message into
    /// history and the fan-out batch.
    fn release(
        &mut self,
        message: Option<(Stored, ByteString, Priority)>,
        ack: Option<(SessionId, u64, ByteString)>,
        now: Instant,
    ) {
        if let Some((session, _, frame)) = ack {
            self.push_to(session, frame, Priority::High, FrameKind::Control, now);
        }
        if let Some((stored, frame, priority)) = message {
            self.committed = stored.seq;
            self.history.push_back(stored);
            while self.history.len() > self.config.history_len {
                self.history.pop_front();
            }
            self.pending.push((frame, priority));
        }
    }

    // ----- replication (the owner's side; the actor drives it) -----

    /// Whether changes wait for a follower.
    pub fn is_replicated(&self) -> bool {
        self.replicated
    }

    /// Starts holding changes for a follower (`true`), or makes everything final at once
    /// from now on (`false`: no other node to copy to; what was held is released).
    pub fn set_replicated(&mut self, replicated: bool, now: Instant) {
        self.replicated = replicated;
        if !replicated {
            self.unsent = Unsent::default();
            self.commit(u64::MAX, now);
        }
    }

    /// Takes posts (`true`) or refuses them with `Unreplicated` (the owner has no
    /// follower while it needs one).
    pub fn set_accepting(&mut self, accepting: bool) {
        self.accepting = accepting;
    }

    /// Changes held back now.
    pub fn held_len(&self) -> usize {
        self.held.len()
    }

    /// The changes since the last batch, as the next batch; `None` when there are none.
    pub fn take_changes(&mut self) -> Option<replica::Changes> {
        let u = std::mem::take(&mut self.unsent);
        if u.messages.is_empty() && !u.mutes && !u.likes && !u.streams {
            return None;
        }
        self.version += 1;
        Some(replica::Changes {
            version: self.version,
            messages: u.messages,
            mutes: u.mutes.then(|| self.mutes.iter().map(|(u, t)| (u.clone(), *t)).collect()),
            likes: u.likes.then_some(self.pending_likes),
            streams: u.streams.then(|| self.streams.clone()),
        })
    }

    /// An empty batch (a keep-alive, so the follower knows its owner still runs the room).
    pub fn keepalive(&mut self) -> replica::Changes {
        self.version += 1;
        replica::Changes { version: self.version, ..Default::default() }
    }

    /// The whole state for a new follower (messages held back included: once the
    /// follower has it, they are final), and the version it stands for.
    pub fn snapshot(&mut self) -> (RoomState, u64) {
        self.unsent = Unsent::default();
        self.version += 1;
        let mut history: Vec<(u64, bool, String)> =
            self.history.iter().map(|s| (s.seq, s.is_tip, s.json.to_string())).collect();
        history.extend(
            self.held.iter().filter_map(|h| h.message.as_ref()).map(|(s, _, _)| (s.seq, s.is_tip, s.json.to_string())),
        );
        let excess = history.len().saturating_sub(self.config.history_len);
        history.drain(..excess);
        let state = RoomState {
            sdkappid: self.sdkappid,
            room_id: self.room_id.clone(),
            owner: self.owner.clone(),
            incarnation: self.incarnation,
            seq: self.seq,
            history,
            mutes: self.mutes.iter().map(|(u, t)| (u.clone(), *t)).collect(),
            pending_likes: self.pending_likes,
            streams: self.streams.clone(),
            members: Vec::new(),
        };
        (state, self.version)
    }

    /// The follower holds every change up to `version`: those are answered and fanned out.
    pub fn commit(&mut self, version: u64, now: Instant) {
        while self.held.front().is_some_and(|h| h.version <= version) {
            let Some(h) = self.held.pop_front() else { break };
            self.release(h.message, h.ack, now);
            if let Some((session, frame)) = h.notice {
                self.push_to(session, frame, Priority::High, FrameKind::Control, now);
            }
            if let Some(settled) = h.settled {
                let _ = settled.send(Ok(()));
            }
        }
    }

    /// Drops every change held back (this owner lost the room): their senders are told
    /// to retry (`code`); nothing of them was acknowledged or delivered.
    pub fn refuse_held(&mut self, code: ErrorCode, now: Instant) {
        for h in std::mem::take(&mut self.held) {
            if let Some(settled) = h.settled {
                let _ = settled.send(Err(code));
            }
            if let Some((session, id, _)) = h.ack {
                let frame = error_frame(Some(id), code, code.default_message());
                self.push_to(session, frame.into(), Priority::High, FrameKind::Control, now);
            }
        }
        self.unsent = Unsent::default();
    }

    /// The current fan-out batching window (see [`RoomConfig::max_batch`]).
    pub fn batch_window(&self) -> Duration {
        (Duration::from_micros(5) * self.members.len() as u32).min(self.config.max_batch)
    }

    /// When the pending batch must be flushed: `None` = nothing pending, zero = now.
    pub fn flush_due(&self, now: Instant) -> Option<Duration> {
        if self.pending.is_empty() {
            return None;
        }
        Some(self.batch_window().saturating_sub(now.saturating_duration_since(self.last_flush)))
    }

    /// Fans every pending message out to every member: one queue lock and at most one
    /// writer wake-up per member per batch.
    pub fn flush(&mut self, now: Instant) {
        self.last_flush = now;
        if self.pending.is_empty() {
            return;
        }
        let pending = std::mem::take(&mut self.pending);
        self.broadcast(&pending, FrameKind::RoomMessage, now);
        self.pending = pending;
        self.pending.clear();
    }

    /// Periodic work: the like aggregate and the member count.
    pub fn tick(&mut self, now_unix: u64, now: Instant, send_member_count: bool) {
        if self.pending_likes > 0 {
            let count = std::mem::take(&mut self.pending_likes);
            self.unsent.likes = true;
            let payload = MessagePayload::Custom {
                data: "like".into(),
                description: String::new(),
                extension: format!("{{\"count\":{count}}}"),
            };
            let draft = Draft {
                payload,
                from: SYSTEM_SENDER.into(),
                nick: String::new(),
                avatar: String::new(),
                priority: Priority::Low,
                client_msg_id: None,
                is_tip: false,
            };
            self.accept(draft, None, now_unix, now);
            metrics().chat.messages_in.with_label_values(&["like_aggregate"]).inc();
        }
        let count = self.member_count();
        if send_member_count && count != self.last_count_sent {
            self.last_count_sent = count;
            let frame: ByteString = ServerEvent::MemberCount { room_id: &self.room_id, count }.encode().into();
            self.broadcast(&[(frame, Priority::Lowest)], FrameKind::Control, now);
        }
    }

    /// A stream of the room went live (`live`) or ended: every member is told at once
    /// (after any pending messages), and members entering later get the list on enter.
    pub fn stream_changed(&mut self, stream: LiveStream, live: bool, now: Instant) {
        self.flush(now);
        let known = self.streams.iter().position(|s| s.stream_id == stream.stream_id);
        match (live, known) {
            (true, None) => self.streams.push(stream.clone()),
            (false, Some(i)) => {
                self.streams.remove(i);
            }
            _ => return,
        }
        self.unsent.streams = self.replicated;
        let (room_id, stream_id, user_id) = (&self.room_id, stream.stream_id.as_str(), stream.user.as_str());
        let event = if live {
            ServerEvent::StreamAdded { room_id, stream_id, user_id }
        } else {
            ServerEvent::StreamRemoved { room_id, stream_id, user_id }
        };
        let frame: ByteString = event.encode().into();
        self.broadcast(&[(frame, Priority::High)], FrameKind::Control, now);
    }

    /// Streams live now.
    pub fn streams(&self) -> &[LiveStream] {
        &self.streams
    }

    /// Mutes `user` until `until` (unix seconds; 0 unmutes) and tells the user's session.
    /// In a replicated room the answer waits until the follower holds the mute: the
    /// returned receiver is told then (or of the refusal, when this owner loses the room).
    pub fn mute(
        &mut self,
        user: &UserId,
        until: u64,
        now: Instant,
    ) -> Option<tokio::sync::oneshot::Receiver<Result<(), ErrorCode>>> {
        if until == 0 {
            self.mutes.remove(user);
        } else {
            self.mutes.insert(user.clone(), until);
        }
        self.unsent.mutes = self.replicated;
        let notice =
            self.by_user.get(user).map(|s| (*s, ServerEvent::Muted { room_id: &self.room_id, until }.encode().into()));
        if self.replicated {
            let (tx, rx) = tokio::sync::oneshot::channel();
            let held = Held { version: self.version + 1, message: None, ack: None, notice, settled: Some(tx) };
            self.held.push_back(held);
            return Some(rx);
        }
        if let Some((session, frame)) = notice {
            self.push_to(session, frame, Priority::High, FrameKind::Control, now);
        }
        None
    }

    /// Removes `user` from the room; returns whether they were in it.
    pub fn kick(&mut self, user: &UserId, now_unix: u64, now: Instant) -> bool {
        self.flush(now);
        let Some(session) = self.by_user.get(user).copied() else {
            return false;
        };
        let frame = ServerEvent::RoomClosed { room_id: &self.room_id, reason: "kicked" }.encode();
        self.push_to(session, frame.into(), Priority::High, FrameKind::Control, now);
        if let Some(member) = self.members.get(&session) {
            (member.notify)(RoomNotice::Removed { room_id: self.room_id.clone(), reason: "kicked" });
        }
        self.leave(session, now_unix, now)
    }

    /// Tells every member the room is gone and empties it.
    pub fn dismiss(&mut self, now: Instant) {
        self.flush(now);
        let frame: ByteString = ServerEvent::RoomClosed { room_id: &self.room_id, reason: "dismissed" }.encode().into();
        self.broadcast(&[(frame, Priority::High)], FrameKind::Control, now);
        let sessions: Vec<SessionId> = self.members.keys().copied().collect();
        for session in sessions {
            if let Some((member, _)) = self.remove_member(session) {
                (member.notify)(RoomNotice::Removed { room_id: self.room_id.clone(), reason: "dismissed" });
            }
        }
    }

    /// The messages after `after` still in history (oldest first), as JSON objects.
    pub fn history_after(&self, after: u64) -> impl Iterator<Item = (u64, &str)> {
        self.history.iter().filter(move |s| s.seq > after).map(|s| (s.seq, &*s.json))
    }
}

#[cfg(test)]
mod tests;
