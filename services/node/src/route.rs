//! A room as seen from this node: where its actor lives and how to reach it.
//!
//! Owns: [`RoomRef`], the location-transparent handle sessions and stream actors talk to.
//! It sends the same typed messages to a local [`RoomActor`] or, over the node link, to the
//! room's owner elsewhere; it follows a room that moved (drain hand-off) and re-attaches
//! this node's members when the owner's link breaks (failover), resuming each from the
//! last sequence number it received.
//!
//! Must not: hold room state (the owner's actor does), or make a call per fanned-out
//! message: fan-out arrives once per batch and is pushed into local queues here.

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Weak};
use std::time::{Duration, Instant};

use bytestring::ByteString;
use liveroom_cluster::NodeId;
use liveroom_protocol::{ErrorCode, Priority, RoomId, UserId};
use liveroom_telemetry::metrics;
use parking_lot::Mutex;

use crate::host::NodeHost;
use crate::link::{Link, LinkError, LinkFault, LinkReply, LinkRequest, RoomKey};
use crate::outbound::FrameKind;
use crate::room::actor::{
    Dismiss, Enter, GetInfo, GetStreams, Identify, Kick, Leave, LocalRoom, Mute, PostMessage, StreamChanged,
};
use crate::room::{Entered, LiveStream, Member, Post, Profile, Resume, RoomInfo, RoomNotice, Sink};
use crate::SessionId;

/// How many times a request follows `Moved` answers before giving up.
const MAX_HOPS: usize = 4;
/// How long a gateway keeps trying to re-attach its members after the owner's link broke.
pub const REATTACH_WINDOW: Duration = Duration::from_secs(30);

/// Where a room's actor is, seen from here.
#[derive(Clone)]
pub(crate) enum Target {
    /// On this node.
    Local(LocalRoom),
    /// On the node at the other end of this link.
    Remote(Arc<Link>),
}

struct Tracked {
    member: Member,
    /// The last message this member got (history on enter, then fan-out).
    last_seq: u64,
    /// The node the member is entered at (a re-attach moves only the members of the node
    /// it replaces).
    at: Option<NodeId>,
    /// The session's own enter is on its way: a re-attach leaves it alone (the enter
    /// resumes it itself; entering it twice would deliver what it missed twice).
    entering: bool,
    /// While the member (re-)enters at the owner, fan-out batches wait here: the owner's
    /// history answers up to the number in its reply, and of the waiting batches only
    /// what comes after it is delivered (so nothing arrives twice or out of order).
    parked: Option<Vec<ParkedBatch>>,
}

/// A fan-out batch held for a member while it (re-)enters, with the number it ends at.
type ParkedBatch = (Vec<(ByteString, Priority)>, u64);

/// Most fan-out batches one member may have parked while it (re-)enters.
const MAX_PARKED: usize = 4096;

impl Tracked {
    fn new(member: Member) -> Self {
        Self { member, last_seq: 0, at: None, entering: false, parked: None }
    }

    /// Pushes the messages of a batch ending at `last_seq` that this member has not had.
    fn push_batch(&mut self, frames: &[(ByteString, Priority)], last_seq: u64, now: Instant) {
        let first = (last_seq + 1).saturating_sub(frames.len() as u64);
        if first > self.last_seq + 1 {
            // The batch does not follow what this member has: it is not (or not yet)
            // entered where the batch comes from (a re-attach in progress). Nothing is
            // delivered or counted; its (re-)enter brings what it missed from history.
            return;
        }
        let skip = if self.last_seq >= first { (self.last_seq + 1 - first) as usize } else { 0 };
        if skip < frames.len() {
            if let Sink::Queue(q) = &self.member.sink {
                q.push_all(frames[skip..].iter().cloned(), FrameKind::RoomMessage, now);
            }
        }
        self.last_seq = self.last_seq.max(last_seq);
    }

    /// The member is in at the owner `at`, which delivered its history up to `entered_seq`.
    fn attached(&mut self, at: Option<NodeId>, entered_seq: u64, now: Instant) {
        self.last_seq = entered_seq;
        self.at = at;
        self.entering = false;
        for (frames, last) in self.parked.take().unwrap_or_default() {
            self.push_batch(&frames, last, now);
        }
    }
}

struct Handle {
    key: RoomKey,
    host: Weak<NodeHost>,
    target: Mutex<Option<Target>>,
    members: Mutex<HashMap<SessionId, Tracked>>,
    incarnation: Mutex<Option<u32>>,
    reattaching: AtomicBool,
    /// The largest placement epoch an owner stamped its pushes with: pushes stamped lower
    /// come from an owner that lost the room and are dropped.
    owner_epoch: std::sync::atomic::AtomicU64,
}

/// The answer to [`RoomRef::post`]: `Err` when the room could not take the post (the
/// caller answers the sender; otherwise the room did).
pub type PostResult = std::pin::Pin<Box<dyn std::future::Future<Output = Result<(), ErrorCode>>>>;

/// A location-transparent handle to a room. Clones share it.
#[derive(Clone)]
pub struct RoomRef(Arc<Handle>);

impl RoomRef {
    pub(crate) fn new(key: RoomKey, host: Weak<NodeHost>) -> Self {
        Self(Arc::new(Handle {
            key,
            host,
            target: Mutex::new(None),
            members: Mutex::new(HashMap::new()),
            incarnation: Mutex::new(None),
            reattaching: AtomicBool::new(false),
            owner_epoch: std::sync::atomic::AtomicU64::new(0),
        }))
    }

    /// Whether a push stamped with `epoch` comes from the room's current owner as far as
    /// this gateway knows: not from one with a smaller epoch than one already seen (a
    /// fenced owner that has not given the room up yet). 0 = unstamped, accepted.
    pub fn accepts_epoch(&self, epoch: u64) -> bool {
        if epoch == 0 {
            return true;
        }
        let seen = self.0.owner_epoch.fetch_max(epoch, Ordering::AcqRel);
        if epoch < seen {
            metrics().cluster.stale_pushes.inc();
            tracing::debug!(room = %self.0.key.room, epoch, seen, "push from a stale owner dropped");
            return false;
        }
        true
    }

    /// The room id.
    pub fn room_id(&self) -> &RoomId {
        &self.0.key.room
    }

    /// The room.
    pub fn key(&self) -> &RoomKey {
        &self.0.key
    }

    pub(crate) fn ptr_eq(&self, other: &RoomRef) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
    }

    /// Members this node entered through this handle.
    pub fn member_count(&self) -> usize {
        self.0.members.lock().len()
    }

    /// The node the handle reaches the room at now (this node for a local room).
    fn target_node(&self) -> Option<NodeId> {
        match &*self.0.target.lock() {
            Some(Target::Remote(link)) => Some(link.node().clone()),
            Some(Target::Local(_)) => self.0.host.upgrade().map(|h| h.directory().local_node().clone()),
            None => None,
        }
    }

    /// The owner node, when it is another node.
    pub fn remote_node(&self) -> Option<NodeId> {
        match &*self.0.target.lock() {
            Some(Target::Remote(link)) => Some(link.node().clone()),
            _ => None,
        }
    }

    fn host(&self) -> Result<Arc<NodeHost>, ErrorCode> {
        self.0.host.upgrade().ok_or(ErrorCode::Busy)
    }

    /// The current target, resolved again when the local actor stopped or the link closed.
    async fn target(&self) -> Result<Target, ErrorCode> {
        let current = self.0.target.lock().clone();
        match current {
            Some(Target::Local(l)) if l.is_alive() => return Ok(Target::Local(l)),
            Some(Target::Remote(link)) if link.is_open() => return Ok(Target::Remote(link)),
            _ => {}
        }
        let target = self.host()?.resolve(&self.0.key).await?;
        self.set_target(target.clone());
        Ok(target)
    }

    fn set_target(&self, target: Target) {
        let was_remote = matches!(&*self.0.target.lock(), Some(Target::Remote(_)));
        let is_remote = matches!(target, Target::Remote(_));
        let n = self.0.members.lock().len() as i64;
        match (was_remote, is_remote) {
            (false, true) => metrics().cluster.remote_members.add(n),
            (true, false) => metrics().cluster.remote_members.sub(n),
            _ => {}
        }
        *self.0.target.lock() = Some(target);
    }

    pub(crate) fn set_local(&self, local: LocalRoom) {
        self.set_target(Target::Local(local));
    }

    pub(crate) fn set_remote(&self, link: Arc<Link>) {
        self.set_target(Target::Remote(link));
    }

    /// Every member of this handle is at `node` now (the room moved there with them).
    pub(crate) fn members_moved_to(&self, node: &NodeId) {
        for t in self.0.members.lock().values_mut() {
            if !t.entering {
                t.at = Some(node.clone());
            }
        }
    }

    /// Follows a `Moved` answer or push.
    async fn follow(&self, node: &NodeId) -> Result<(), ErrorCode> {
        let host = self.host()?;
        self.members_moved_to(node);
        if node == host.directory().local_node() {
            let target = host.resolve(&self.0.key).await?;
            self.set_target(target);
        } else {
            let link = host.links().get(node).await.map_err(|e| e.error_code())?;
            self.set_remote(link);
        }
        Ok(())
    }

    /// Runs `remote` against the owner's link, following moves; `local` when the room is here.
    async fn call<T>(
        &self,
        local: impl AsyncFnOnce(LocalRoom) -> Result<T, ErrorCode>,
        remote: impl Fn() -> LinkRequest,
        reply: impl Fn(LinkReply) -> Option<T>,
    ) -> Result<T, ErrorCode> {
        let mut local = Some(local);
        for _ in 0..MAX_HOPS {
            match self.target().await? {
                Target::Local(l) => match local.take() {
                    Some(f) => return f(l).await,
                    None => return Err(ErrorCode::Busy),
                },
                Target::Remote(link) => match link.request(remote()).await {
                    Ok(r) => return reply(r).ok_or(ErrorCode::Internal),
                    Err(LinkError::Fault(LinkFault::Moved { node })) => self.follow(&node).await?,
                    Err(e) => return Err(e.error_code()),
                },
            }
        }
        Err(ErrorCode::Busy)
    }

    /// The link to the room's owner, or `None` when the room lives here.
    pub async fn owner_link(&self) -> Result<Option<Arc<Link>>, ErrorCode> {
        Ok(match self.target().await? {
            Target::Local(_) => None,
            Target::Remote(link) => Some(link),
        })
    }

    /// Enters `member` (a session of this node); frames start flowing before the answer.
    pub async fn enter(
        &self,
        session: SessionId,
        member: Member,
        last_seq: Option<u64>,
        incarnation: Option<u32>,
    ) -> Result<Entered, ErrorCode> {
        let tracked = Tracked { entering: true, parked: Some(Vec::new()), ..Tracked::new(member.clone()) };
        let fresh = self.0.members.lock().insert(session, tracked).is_none();
        if fresh && self.remote_node().is_some() {
            metrics().cluster.remote_members.inc();
        }
        let resume = Resume { last_seq, incarnation, quiet: false };
        let result = self.enter_at_owner(session, member, resume).await;
        match &result {
            Ok(entered) => {
                let at = self.target_node();
                if let Some(t) = self.0.members.lock().get_mut(&session) {
                    t.attached(at, entered.last_seq, Instant::now());
                }
                *self.0.incarnation.lock() = Some(entered.incarnation);
                if let Ok(host) = self.host() {
                    host.track_handle(self);
                }
            }
            Err(_) if fresh => {
                self.untrack(session);
            }
            Err(_) => {
                if let Some(t) = self.0.members.lock().get_mut(&session) {
                    t.entering = false;
                    t.parked = None;
                }
            }
        }
        result
    }

    async fn enter_at_owner(&self, session: SessionId, member: Member, resume: Resume) -> Result<Entered, ErrorCode> {
        let (user, profile) = (member.user.clone(), member.profile.clone());
        let key = self.0.key.clone();
        self.call(
            async move |l: LocalRoom| l.ask(Enter { session, member, resume }).await?,
            || LinkRequest::Enter {
                key: key.clone(),
                session,
                user: user.clone(),
                profile: profile.clone(),
                last_seq: resume.last_seq,
                incarnation: resume.incarnation,
                quiet: resume.quiet,
            },
            |r| match r {
                LinkReply::Entered { entered } => Some(entered),
                _ => None,
            },
        )
        .await
    }

    fn untrack(&self, session: SessionId) -> Option<Member> {
        let removed = self.0.members.lock().remove(&session).map(|t| t.member);
        if removed.is_some() && self.remote_node().is_some() {
            metrics().cluster.remote_members.dec();
        }
        if self.0.members.lock().is_empty() {
            if let Ok(host) = self.host() {
                host.untrack_handle(self);
            }
        }
        removed
    }

    /// A session leaves (fire and forget).
    pub fn leave(&self, session: SessionId) {
        self.untrack(session);
        let key = self.0.key.clone();
        self.fire(move |l| l.try_send(Leave { session }), move || LinkRequest::Leave { key: key.clone(), session });
    }

    /// A member session logged in (fire and forget).
    pub fn identify(&self, session: SessionId, user: UserId, profile: Profile) {
        if let Some(t) = self.0.members.lock().get_mut(&session) {
            t.member.user = Some(user.clone());
            t.member.profile = profile.clone();
        }
        let key = self.0.key.clone();
        let (u, p) = (user.clone(), profile.clone());
        self.fire(
            move |l| l.try_send(Identify { session, user: u.clone(), profile: p.clone() }),
            move || LinkRequest::Identify { key: key.clone(), session, user: user.clone(), profile: profile.clone() },
        );
    }

    /// A stream of the room went live or ended (from its StreamActor; fire and forget).
    pub fn stream_changed(&self, stream_id: String, user: UserId, live: bool) {
        let key = self.0.key.clone();
        let (s, u) = (stream_id.clone(), user.clone());
        self.fire(
            move |l| l.try_send(StreamChanged { stream_id: s.clone(), user: u.clone(), live }),
            move || LinkRequest::StreamChanged {
                key: key.clone(),
                stream_id: stream_id.clone(),
                user: user.clone(),
                live,
            },
        );
    }

    /// Sends without waiting for the room: at once to a live local actor or an open link
    /// (so a session's messages keep their order), else after resolving the room.
    fn fire(
        &self,
        local: impl Fn(&LocalRoom) -> Result<(), ErrorCode> + Send + 'static,
        remote: impl Fn() -> LinkRequest + Send + 'static,
    ) {
        let current = self.0.target.lock().clone();
        match current {
            Some(Target::Local(l)) if l.is_alive() => {
                let _ = local(&l);
            }
            Some(Target::Remote(link)) if link.is_open() => {
                let started = link.start(remote());
                let this = self.clone();
                actix::spawn(async move {
                    if let Err(LinkError::Fault(LinkFault::Moved { node })) = link.finish(started).await {
                        if this.follow(&node).await.is_ok() {
                            this.fire_resolved(local, remote).await;
                        }
                    }
                });
            }
            _ => {
                let this = self.clone();
                actix::spawn(async move { this.fire_resolved(local, remote).await });
            }
        }
    }

    async fn fire_resolved(
        &self,
        local: impl Fn(&LocalRoom) -> Result<(), ErrorCode>,
        remote: impl Fn() -> LinkRequest,
    ) {
        for _ in 0..MAX_HOPS {
            match self.target().await {
                Ok(Target::Local(l)) => {
                    let _ = local(&l);
                    return;
                }
                Ok(Target::Remote(link)) => match link.request(remote()).await {
                    Err(LinkError::Fault(LinkFault::Moved { node })) => {
                        if self.follow(&node).await.is_err() {
                            return;
                        }
                    }
                    _ => return,
                },
                Err(_) => return,
            }
        }
    }

    /// Posts a message. The room answers the sender through its queue; an error here means
    /// the room could not be reached (the caller answers the sender).
    pub fn post(&self, post: Post, owner_only: bool) -> PostResult {
        let current = self.0.target.lock().clone();
        let key = self.0.key.clone();
        let this = self.clone();
        // Sent now (in order with this session's other posts); only the answer is awaited.
        let sent: Option<Result<_, LinkError>> = match &current {
            Some(Target::Local(l)) if l.is_alive() => {
                let wait = l.ask_now(PostMessage { post: post.clone(), owner_only });
                return Box::pin(async move { wait.await.and_then(|r| r) }) as PostResult;
            }
            Some(Target::Remote(link)) if link.is_open() => {
                Some(link.start(LinkRequest::Post { key: key.clone(), post: post.clone(), owner_only }))
            }
            _ => None,
        };
        Box::pin(async move {
            if let (Some(started), Some(Target::Remote(link))) = (sent, current) {
                match link.finish(started).await {
                    Ok(_) => return Ok(()),
                    Err(LinkError::Fault(LinkFault::Moved { node })) => this.follow(&node).await?,
                    Err(e) => return Err(e.error_code()),
                }
            }
            let p = post.clone();
            this.call(
                async move |l: LocalRoom| l.ask(PostMessage { post: p, owner_only }).await?,
                || LinkRequest::Post { key: key.clone(), post: post.clone(), owner_only },
                |_| Some(()),
            )
            .await
        })
    }

    /// Room info.
    pub async fn info(&self) -> Result<RoomInfo, ErrorCode> {
        let key = self.0.key.clone();
        self.call(
            async |l: LocalRoom| l.ask(GetInfo).await,
            || LinkRequest::Info { key: key.clone() },
            |r| match r {
                LinkReply::Info { info } => Some(info),
                _ => None,
            },
        )
        .await
    }

    /// The room's live streams.
    pub async fn streams(&self) -> Result<Vec<LiveStream>, ErrorCode> {
        let key = self.0.key.clone();
        self.call(
            async |l: LocalRoom| l.ask(GetStreams).await,
            || LinkRequest::Streams { key: key.clone() },
            |r| match r {
                LinkReply::Streams { streams } => Some(streams),
                _ => None,
            },
        )
        .await
    }

    /// Admin: mutes `user` until `until` (0 unmutes).
    pub async fn mute(&self, user: UserId, until: u64) -> Result<(), ErrorCode> {
        let key = self.0.key.clone();
        let u = user.clone();
        self.call(
            async move |l: LocalRoom| l.ask(Mute { user: u, until }).await.and_then(|done| done),
            || LinkRequest::Mute { key: key.clone(), user: user.clone(), until },
            |_| Some(()),
        )
        .await
    }

    /// Admin: removes `user`; whether they were a member.
    pub async fn kick(&self, user: UserId) -> Result<bool, ErrorCode> {
        let key = self.0.key.clone();
        let u = user.clone();
        self.call(
            async move |l: LocalRoom| l.ask(Kick { user: u }).await,
            || LinkRequest::Kick { key: key.clone(), user: user.clone() },
            |r| match r {
                LinkReply::Flag { value } => Some(value),
                _ => None,
            },
        )
        .await
    }

    /// Admin: dismisses the room.
    pub async fn dismiss(&self) -> Result<(), ErrorCode> {
        let key = self.0.key.clone();
        self.call(async |l: LocalRoom| l.ask(Dismiss).await, || LinkRequest::Dismiss { key: key.clone() }, |_| Some(()))
            .await
    }

    // ----- pushes from the owner -----

    /// Frames for every member here.
    pub(crate) fn on_fanout(&self, frames: &[(ByteString, Priority)], kind: FrameKind, last_seq: u64) {
        let now = Instant::now();
        let mut members = self.0.members.lock();
        if kind != FrameKind::RoomMessage {
            for t in members.values() {
                if let Sink::Queue(q) = &t.member.sink {
                    q.push_all(frames.iter().cloned(), kind, now);
                }
            }
            return;
        }
        for t in members.values_mut() {
            match &mut t.parked {
                Some(parked) if parked.len() < MAX_PARKED => parked.push((frames.to_vec(), last_seq)),
                Some(_) => tracing::warn!(room = %self.0.key.room, "a re-entering member's parked fan-out is full"),
                None => t.push_batch(frames, last_seq, now),
            }
        }
    }

    /// A frame for one member here.
    pub(crate) fn on_deliver(&self, session: SessionId, frame: ByteString, priority: Priority, kind: FrameKind) {
        if let Some(t) = self.0.members.lock().get(&session) {
            if let Sink::Queue(q) = &t.member.sink {
                q.push(frame, priority, kind, Instant::now());
            }
        }
    }

    /// The room removed a member here.
    pub(crate) fn on_removed(&self, session: SessionId, reason: &str) {
        let reason = match reason {
            "kicked" => "kicked",
            "dismissed" => "dismissed",
            _ => "replaced",
        };
        if let Some(member) = self.untrack(session) {
            (member.notify)(RoomNotice::Removed { room_id: self.0.key.room.clone(), reason });
        }
    }

    /// The room moved.
    pub(crate) fn on_moved(&self, node: NodeId) {
        let this = self.clone();
        actix::spawn(async move {
            if let Err(code) = this.follow(&node).await {
                tracing::warn!(room = %this.0.key.room, node = %node.0, ?code, "could not follow a moved room");
            }
        });
    }

    /// Marks where members resume from after a hand-off of a local room.
    /// Every member of this node's local run of the room (entered at `local`) got the
    /// messages up to `seq` from it.
    pub(crate) fn note_seq(&self, local: &NodeId, seq: u64) {
        for t in self.0.members.lock().values_mut() {
            if t.at.as_ref() == Some(local) {
                t.last_seq = t.last_seq.max(seq);
            }
        }
    }

    /// This node's members of the room, for a hand-off (the new owner reaches them here).
    pub(crate) fn local_member(&self, session: SessionId) -> Option<Member> {
        self.0.members.lock().get(&session).map(|t| t.member.clone())
    }

    /// Whether this handle's owner is reached over `link`'s node.
    pub(crate) fn targets_node(&self, node: &NodeId) -> bool {
        matches!(&*self.0.target.lock(), Some(Target::Remote(l)) if l.node() == node)
    }

    /// The owner's link broke: find the room's owner again (the same node if it is still
    /// alive, else the node the room was placed on anew) and enter every member there,
    /// each resuming after the last message it received.
    pub(crate) async fn reattach(&self, dead: NodeId) {
        self.reattach_inner(dead, true).await
    }

    /// The owner `from` gave the room up (another node owns it now): enter every member
    /// wherever the room is placed now, each resuming after the last message it received.
    pub(crate) async fn reattach_from(&self, from: NodeId) {
        self.reattach_inner(from, false).await
    }

    async fn reattach_inner(&self, dead: NodeId, wait_for_dead: bool) {
        if self.0.reattaching.swap(true, Ordering::AcqRel) {
            return;
        }
        let started = Instant::now();
        let Ok(host) = self.host() else {
            return;
        };
        *self.0.target.lock() = None;
        let mut attempt = 0u32;
        while started.elapsed() < REATTACH_WINDOW {
            attempt += 1;
            if attempt > 1 {
                tokio::time::sleep(Duration::from_millis(100)).await;
            }
            if self.0.members.lock().is_empty() {
                break;
            }
            // While the old owner is still a live node (its lease holds), only it may own
            // the room: try to reach it again without asking etcd. Once its lease expired
            // (the watch removed it), the room is placed anew.
            let target = if wait_for_dead && host.directory().node_info(&dead).is_some() {
                match host.links().get(&dead).await {
                    Ok(link) => Target::Remote(link),
                    Err(_) => continue,
                }
            } else {
                match host.resolve(&self.0.key).await {
                    Ok(t) => t,
                    Err(_) => continue,
                }
            };
            if let Target::Remote(link) = &target {
                if link.node() == &dead && (!link.is_open() || !wait_for_dead) {
                    continue;
                }
            }
            self.set_target(target);
            let incarnation = *self.0.incarnation.lock();
            let members: Vec<(SessionId, Member)> = self
                .0
                .members
                .lock()
                .iter_mut()
                // Members entered at the node being replaced; one that entered the room where
                // it is now (its own enter raced this re-attach) stays as it is.
                .filter(|(_, t)| !t.entering && t.at.as_ref().is_none_or(|at| *at == dead))
                .map(|(s, t)| {
                    // Every one of them holds fan-out back from now: once the first is in,
                    // the new owner's batches reach this node, and a member still waiting
                    // its turn must not take them before its own history.
                    t.parked.get_or_insert_with(Vec::new);
                    (*s, t.member.clone())
                })
                .collect();
            let mut failed = false;
            for (session, member) in members {
                // From the member's own last message; its fan-out waits until it is in.
                let last = {
                    let mut all = self.0.members.lock();
                    let Some(t) = all.get_mut(&session) else { continue };
                    t.parked.get_or_insert_with(Vec::new);
                    t.last_seq
                };
                let resume = Resume { last_seq: Some(last), incarnation, quiet: true };
                match self.enter_at_owner(session, member, resume).await {
                    Ok(entered) => {
                        *self.0.incarnation.lock() = Some(entered.incarnation);
                        let at = self.target_node();
                        if let Some(t) = self.0.members.lock().get_mut(&session) {
                            t.attached(at, entered.last_seq, Instant::now());
                        }
                    }
                    Err(ErrorCode::SessionReplaced) => {
                        // Its user is in the room on a newer session (it reconnected
                        // elsewhere): this one is done.
                        if let Some(member) = self.untrack(session) {
                            (member.notify)(RoomNotice::Removed {
                                room_id: self.0.key.room.clone(),
                                reason: "replaced",
                            });
                        }
                    }
                    Err(_) => {
                        failed = true;
                        break;
                    }
                }
            }
            if !failed {
                metrics().cluster.migrations.with_label_values(&["reattach"]).inc();
                tracing::info!(
                    room = %self.0.key.room,
                    after_ms = started.elapsed().as_millis() as u64,
                    "members re-attached to the room's owner"
                );
                break;
            }
            *self.0.target.lock() = None;
        }
        // Whoever could not be re-attached in time stops holding fan-out back.
        for t in self.0.members.lock().values_mut() {
            if !t.entering {
                t.parked = None;
            }
        }
        self.0.reattaching.store(false, Ordering::Release);
    }
}

pub(crate) use Target as RouteTarget;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pushes_from_an_owner_older_than_one_seen_are_dropped() {
        let key = RoomKey { sdkappid: 1, room: RoomId::new("r").unwrap() };
        let room = RoomRef::new(key, Weak::new());
        assert!(room.accepts_epoch(0), "unstamped pushes pass");
        assert!(room.accepts_epoch(7));
        assert!(room.accepts_epoch(7), "the same owner again");
        assert!(room.accepts_epoch(12), "a newer owner took the room");
        assert!(!room.accepts_epoch(7), "the old owner is stale now");
        assert!(room.accepts_epoch(12));
        assert!(room.accepts_epoch(0));
    }

    fn batch(seqs: std::ops::RangeInclusive<u64>) -> (Vec<(ByteString, Priority)>, u64) {
        let last = *seqs.end();
        (seqs.map(|s| (ByteString::from(format!("m{s}")), Priority::Normal)).collect(), last)
    }

    /// A member waiting to re-enter must not take a new owner's batch that does not follow
    /// what it has (it would skip the messages in between for good): the chaos checker
    /// found exactly that loss when the first re-attached member made the new owner fan out
    /// to this node before the others were in.
    #[test]
    fn a_batch_that_does_not_follow_the_members_last_message_is_not_taken() {
        let q = crate::outbound::OutboundQueue::new(crate::QueueLimits::default());
        let member =
            Member { sink: Sink::Queue(q.clone()), user: None, profile: Profile::default(), notify: Arc::new(|_| {}) };
        let mut t = Tracked::new(member);
        t.last_seq = 389;
        let now = Instant::now();
        let (frames, last) = batch(400..=400);
        t.push_batch(&frames, last, now);
        assert_eq!((t.last_seq, q.len()), (389, 0), "a hole: nothing taken, nothing counted");
        let (frames, last) = batch(385..=391);
        t.push_batch(&frames, last, now);
        assert_eq!((t.last_seq, q.len()), (391, 2), "what follows is taken, what it had is skipped");
        // Parked while it re-enters: replayed after its history.
        t.parked = Some(Vec::new());
        let (frames, last) = batch(392..=395);
        t.parked.as_mut().unwrap().push((frames, last));
        t.attached(Some(NodeId("b".into())), 393, now);
        assert_eq!((t.last_seq, q.len()), (395, 4), "history to 393, then 394 and 395 from the parked batch");
    }
}
