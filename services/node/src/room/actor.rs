//! The RoomActor: one per live room on its owner node, on one of the node's room threads.
//!
//! Lifecycle: started by [`crate::host::NodeHost::room`] on first use; ticks every second
//! (like aggregate, member count); stops when dismissed, or after `idle_stop` with no
//! members. On stop it unregisters from the host. Every member's session is told when the
//! room removes it (kick, dismiss), never through a back-pointer but through its notifier.

use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Weak};
use std::time::{Duration, Instant};

use actix::prelude::*;
use liveroom_cluster::NodeId;
use liveroom_protocol::{ErrorCode, RoomId, UserId};
use liveroom_telemetry::metrics;

use super::replica::Changes;
use super::{Entered, Member, Post, Room, RoomInfo};
use crate::host::NodeHost;
use crate::link::{Link, LinkError, LinkFault, LinkReply, LinkRequest, RoomKey};
use crate::{unix_now, SessionId};

/// Mailbox size of a room: a burst beyond it is refused with `Busy`, never queued unbounded.
pub const ROOM_MAILBOX: usize = 4096;
const TICK: Duration = Duration::from_secs(1);
const MEMBER_COUNT_EVERY_TICKS: u32 = 5;
/// An idle room tells its follower it still runs the room this often (in ticks); the
/// follower drops a copy it has not heard of for [`crate::host::REPLICA_SILENCE`].
const KEEPALIVE_EVERY_TICKS: u32 = 10;

/// The owner's side of a room's replication: its placement epoch, its follower, and what
/// is in flight to it. Changes are acknowledged to senders (and fanned out) once the
/// follower holds them; an owner without a follower it needs refuses posts; an owner a
/// newer one fenced gives the room up.
pub struct Replication {
    host: Weak<NodeHost>,
    key: RoomKey,
    epoch: Arc<AtomicU64>,
    follower: Option<Arc<Link>>,
    /// Grows with each new follower: answers from an earlier one are ignored.
    generation: u64,
    establishing: bool,
    /// A node that just failed as follower, skipped by the next choice.
    avoid: Option<NodeId>,
    /// Counted in `liveroom_rooms_unreplicated`.
    unreplicated: bool,
    fenced: bool,
    idle_ticks: u32,
}

impl Replication {
    /// Replication of `key`, placed here at `epoch` (shared with the room's [`LocalRoom`]).
    pub fn new(host: Weak<NodeHost>, key: RoomKey, epoch: Arc<AtomicU64>) -> Self {
        Self {
            host,
            key,
            epoch,
            follower: None,
            generation: 0,
            establishing: false,
            avoid: None,
            unreplicated: false,
            fenced: false,
            idle_ticks: 0,
        }
    }

    fn epoch(&self) -> u64 {
        self.epoch.load(Ordering::Acquire)
    }

    fn set_unreplicated(&mut self, unreplicated: bool) {
        if self.unreplicated != unreplicated {
            self.unreplicated = unreplicated;
            if unreplicated {
                metrics().cluster.rooms_unreplicated.inc();
            } else {
                metrics().cluster.rooms_unreplicated.dec();
            }
        }
    }
}

/// The actor that owns one [`Room`].
pub struct RoomActor {
    room: Room,
    idle_stop: Duration,
    idle_since: Option<Instant>,
    ticks: u32,
    on_stop: Option<Box<dyn FnOnce() + Send>>,
    alive: Arc<AtomicBool>,
    flush_scheduled: bool,
    relay: Option<Arc<crate::relay::RelayHost>>,
    /// After a hand-off: where messages still arriving here are forwarded.
    moved: Option<crate::route::RoomRef>,
    /// In a cluster: the room's follower and what it holds.
    replication: Option<Replication>,
    /// The room was given up (another node owns it now).
    given_up: bool,
    /// Where member changes go, when an endpoint takes them.
    webhooks: Option<liveroom_webhooks::Webhooks>,
}

impl RoomActor {
    /// Wraps a room. `on_stop` runs once when the actor stops (the host unregisters it).
    pub fn new(room: Room, idle_stop: Duration, alive: Arc<AtomicBool>, on_stop: Box<dyn FnOnce() + Send>) -> Self {
        Self::with_relay(room, idle_stop, alive, on_stop, None)
    }

    /// As [`RoomActor::new`], starting CDN packaging through `relay` when a stream goes live.
    pub fn with_relay(
        room: Room,
        idle_stop: Duration,
        alive: Arc<AtomicBool>,
        on_stop: Box<dyn FnOnce() + Send>,
        relay: Option<Arc<crate::relay::RelayHost>>,
    ) -> Self {
        Self {
            room,
            idle_stop,
            idle_since: Some(Instant::now()),
            ticks: 0,
            on_stop: Some(on_stop),
            alive,
            flush_scheduled: false,
            relay,
            moved: None,
            replication: None,
            given_up: false,
            webhooks: None,
        }
    }

    /// Keeps the room's state on a follower node (a cluster).
    pub fn replicated_by(mut self, replication: Replication) -> Self {
        self.replication = Some(replication);
        self
    }

    // ----- replication -----

    /// Sends the follower what changed (or finds a follower first).
    fn replicate(&mut self, ctx: &mut Context<Self>) {
        let Some(r) = &mut self.replication else { return };
        if r.fenced || !self.room.is_replicated() {
            return;
        }
        let Some(link) = r.follower.clone().filter(|l| l.is_open()) else {
            if r.follower.take().is_some() {
                r.generation += 1;
            }
            self.establish(ctx);
            return;
        };
        if let Some(changes) = self.room.take_changes() {
            self.send_changes(link, None, changes, ctx);
        }
    }

    fn send_changes(
        &mut self,
        link: Arc<Link>,
        snapshot: Option<Box<super::RoomState>>,
        changes: Changes,
        ctx: &mut Context<Self>,
    ) {
        let Some(r) = &mut self.replication else { return };
        r.idle_ticks = 0;
        let (generation, version) = (r.generation, changes.version);
        let request = LinkRequest::Replicate { key: r.key.clone(), epoch: r.epoch(), snapshot, changes };
        let started = link.start(request);
        ctx.spawn(
            async move { link.finish(started).await }
                .into_actor(self)
                .map(move |res, act, ctx| act.replicated(generation, version, res, ctx)),
        );
    }

    /// The follower's answer to the batch that brought it to `version`.
    fn replicated(
        &mut self,
        generation: u64,
        version: u64,
        res: Result<LinkReply, LinkError>,
        ctx: &mut Context<Self>,
    ) {
        let Some(r) = &mut self.replication else { return };
        if r.generation != generation || r.fenced {
            return;
        }
        match res {
            Ok(_) => {
                self.room.commit(version, Instant::now());
                self.room.set_accepting(true);
                self.schedule_flush(ctx);
            }
            Err(LinkError::Fault(LinkFault::Fenced { epoch })) => self.fenced(epoch, ctx),
            Err(e) => {
                let node = r.follower.take().map(|l| l.node().clone());
                tracing::warn!(room = %r.key.room, follower = ?node, error = %e, "the room's follower failed; choosing another");
                r.generation += 1;
                r.avoid = node;
                self.establish(ctx);
            }
        }
    }

    /// Chooses a follower, records it (fenced by this owner's epoch) and sends it the
    /// whole state. With no other node to copy to, the room runs unreplicated and says so.
    fn establish(&mut self, ctx: &mut Context<Self>) {
        let Some(r) = &mut self.replication else { return };
        if r.establishing || r.fenced {
            return;
        }
        let Some(host) = r.host.upgrade() else { return };
        let now = Instant::now();
        let Some(node) = host.choose_follower(&r.key, r.avoid.as_ref()) else {
            if r.avoid.take().is_some() {
                // The only candidate just failed: try it again next tick.
                self.room.set_accepting(false);
                return;
            }
            // No other live node: nothing to copy to. Acknowledge at once and say so.
            r.set_unreplicated(true);
            self.room.set_replicated(false, now);
            self.room.set_accepting(true);
            self.schedule_flush(ctx);
            return;
        };
        r.establishing = true;
        if !self.room.is_replicated() {
            self.room.set_replicated(true, now);
        }
        let (key, epoch) = (r.key.clone(), r.epoch());
        let claim = async move {
            let link = host.links().get(&node).await.map_err(|e| (node.clone(), e.to_string()))?;
            match host.directory().set_follower(key.sdkappid, &key.room, epoch, &node).await {
                Ok(still_owner) => Ok((link, still_owner)),
                Err(e) => Err((node, e.to_string())),
            }
        };
        ctx.spawn(claim.into_actor(self).map(move |res, act, ctx| {
            let Some(r) = &mut act.replication else { return };
            r.establishing = false;
            match res {
                Ok((link, true)) => {
                    r.generation += 1;
                    r.avoid = None;
                    r.follower = Some(link.clone());
                    r.set_unreplicated(false);
                    tracing::debug!(room = %r.key.room, follower = %link.node().0, "room follower chosen");
                    let (state, version) = act.room.snapshot();
                    let changes = Changes { version, ..Default::default() };
                    act.send_changes(link, Some(Box::new(state)), changes, ctx);
                }
                Ok((_, false)) => act.fenced(0, ctx),
                Err((node, e)) => {
                    tracing::warn!(room = %r.key.room, node = %node.0, error = e, "could not make a node the room's follower");
                    r.avoid = Some(node);
                    // Until a follower holds them, nothing more is taken.
                    act.room.set_accepting(false);
                }
            }
        }));
    }

    /// A newer owner exists: nothing held is acknowledged (senders are told to retry),
    /// and the room is given up (members enter again wherever it is now).
    fn fenced(&mut self, newer: u64, ctx: &mut Context<Self>) {
        let Some(r) = &mut self.replication else { return };
        if r.fenced {
            return;
        }
        r.fenced = true;
        r.set_unreplicated(false);
        metrics().cluster.fenced.inc();
        tracing::warn!(room = %r.key.room, epoch = r.epoch(), newer, "a newer owner fenced this room: giving it up");
        self.give_up(ctx);
    }

    fn give_up(&mut self, ctx: &mut Context<Self>) {
        if self.given_up {
            return;
        }
        // Counted here, once, whichever way this node learnt it lost the room.
        self.given_up = true;
        metrics().cluster.rooms_relinquished.inc();
        self.alive.store(false, Ordering::Release);
        let now = Instant::now();
        self.room.refuse_held(ErrorCode::Unreplicated, now);
        // What is final goes out now; this node's members then resume after it (their
        // frames came straight from here, not through the handle that re-attaches them).
        self.room.flush(now);
        if let Some(host) = self.replication.as_ref().and_then(|r| r.host.upgrade()) {
            let key = RoomKey { sdkappid: self.room.sdkappid(), room: self.room.id().clone() };
            if let Some(handle) = host.handle_if_any(&key) {
                handle.note_seq(host.directory().local_node(), self.room.info().last_seq);
            }
            host.reattach_after_relinquish(&key);
        }
        self.room.announce_relinquished();
        self.room.forget_members();
        ctx.stop();
    }

    /// Tells the follower its copy is no longer needed (the room stopped or moved).
    fn drop_replica(&mut self) {
        let Some(r) = &mut self.replication else { return };
        r.set_unreplicated(false);
        if let Some(link) = r.follower.take().filter(|l| l.is_open()) {
            let request = LinkRequest::DropReplica { key: r.key.clone(), epoch: r.epoch() };
            let started = link.start(request);
            actix::spawn(async move {
                let _ = link.finish(started).await;
            });
        }
    }

    fn replication_tick(&mut self, ctx: &mut Context<Self>) {
        let Some(r) = &mut self.replication else { return };
        if r.fenced {
            return;
        }
        r.idle_ticks += 1;
        if r.follower.as_ref().is_some_and(|l| l.is_open()) {
            if r.idle_ticks >= KEEPALIVE_EVERY_TICKS && self.room.is_replicated() {
                let link = r.follower.clone().expect("checked");
                let changes = self.room.take_changes().unwrap_or_else(|| self.room.keepalive());
                self.send_changes(link, None, changes, ctx);
            }
        } else {
            // No follower (none could be chosen, or the room runs alone): try again.
            if r.follower.take().is_some() {
                r.generation += 1;
            }
            self.establish(ctx);
        }
    }
    /// Fans pending messages out now, or schedules it at the end of the batching window.
    /// Sends member changes to `webhooks` (`member.joined` / `member.left`) when an
    /// endpoint takes them.
    pub fn with_webhooks(mut self, webhooks: &liveroom_webhooks::Webhooks) -> Self {
        use liveroom_webhooks::EventKind;
        if webhooks.wants(EventKind::MemberJoined) || webhooks.wants(EventKind::MemberLeft) {
            self.room.record_member_changes();
            self.webhooks = Some(webhooks.clone());
        }
        self
    }

    fn member_hooks(&mut self) {
        let Some(hooks) = &self.webhooks else { return };
        let (sdkappid, room) = (self.room.sdkappid(), self.room.id().clone());
        for (joined, user) in self.room.take_member_changes() {
            crate::hooks::member_changed(hooks, sdkappid, &room, &user, joined);
        }
    }

    fn schedule_flush(&mut self, ctx: &mut Context<Self>) {
        self.member_hooks();
        self.replicate(ctx);
        if self.flush_scheduled {
            return;
        }
        let now = Instant::now();
        match self.room.flush_due(now) {
            None => {}
            Some(wait) if wait.is_zero() => self.room.flush(now),
            Some(wait) => {
                self.flush_scheduled = true;
                ctx.run_later(wait, |act, _| {
                    act.flush_scheduled = false;
                    act.room.flush(Instant::now());
                });
            }
        }
    }

    fn tick(&mut self, ctx: &mut Context<Self>) {
        if self.moved.is_some() {
            return;
        }
        self.ticks = self.ticks.wrapping_add(1);
        let now = Instant::now();
        self.room.tick(unix_now(), now, self.ticks.is_multiple_of(MEMBER_COUNT_EVERY_TICKS));
        self.replication_tick(ctx);
        self.schedule_flush(ctx);
        if self.room.member_count() == 0 {
            let since = *self.idle_since.get_or_insert(now);
            if now.duration_since(since) >= self.idle_stop {
                self.alive.store(false, Ordering::Release);
                ctx.stop();
            }
        } else {
            self.idle_since = None;
        }
    }
}

impl Actor for RoomActor {
    type Context = Context<Self>;

    fn started(&mut self, ctx: &mut Context<Self>) {
        ctx.set_mailbox_capacity(ROOM_MAILBOX);
        ctx.run_interval(TICK, |act, ctx| act.tick(ctx));
        self.establish(ctx);
        metrics().chat.rooms.inc();
        tracing::debug!(room = %self.room.id(), sdkappid = self.room.sdkappid(), "room started");
    }

    fn stopped(&mut self, _ctx: &mut Context<Self>) {
        self.alive.store(false, Ordering::Release);
        if self.replication.as_ref().is_some_and(|r| !r.fenced) {
            self.drop_replica();
        }
        if self.moved.is_none() {
            self.room.dismiss(Instant::now());
        }
        metrics().chat.rooms.dec();
        if let Some(f) = self.on_stop.take() {
            f();
        }
        tracing::debug!(room = %self.room.id(), "room stopped");
    }
}

fn handled() {
    metrics().chat.mailbox_depth.with_label_values(&["room"]).dec();
}

/// Join the room.
#[derive(Message)]
#[rtype(result = "Result<Entered, ErrorCode>")]
pub struct Enter {
    /// The session.
    pub session: SessionId,
    /// Its member entry.
    pub member: Member,
    /// Where it resumes.
    pub resume: super::Resume,
}

impl Handler<Enter> for RoomActor {
    type Result = ResponseFuture<Result<Entered, ErrorCode>>;
    fn handle(&mut self, msg: Enter, ctx: &mut Context<Self>) -> Self::Result {
        handled();
        if let Some(moved) = self.moved.clone() {
            return Box::pin(async move {
                moved.enter(msg.session, msg.member, msg.resume.last_seq, msg.resume.incarnation).await
            });
        }
        let entered = self.room.enter_with(msg.session, msg.member, msg.resume, unix_now(), Instant::now());
        self.schedule_flush(ctx);
        Box::pin(std::future::ready(entered))
    }
}

/// Leave the room.
#[derive(Message)]
#[rtype(result = "()")]
pub struct Leave {
    /// The session.
    pub session: SessionId,
}

impl Handler<Leave> for RoomActor {
    type Result = ();
    fn handle(&mut self, msg: Leave, ctx: &mut Context<Self>) {
        handled();
        if let Some(moved) = &self.moved {
            return moved.leave(msg.session);
        }
        self.room.leave(msg.session, unix_now(), Instant::now());
        self.schedule_flush(ctx);
    }
}

/// A member session logged in.
#[derive(Message)]
#[rtype(result = "()")]
pub struct Identify {
    /// The session.
    pub session: SessionId,
    /// Its user now.
    pub user: UserId,
    /// Its profile.
    pub profile: super::Profile,
}

impl Handler<Identify> for RoomActor {
    type Result = ();
    fn handle(&mut self, msg: Identify, ctx: &mut Context<Self>) {
        handled();
        if let Some(moved) = &self.moved {
            return moved.identify(msg.session, msg.user, msg.profile);
        }
        self.room.identify(msg.session, msg.user, msg.profile, unix_now(), Instant::now());
        self.schedule_flush(ctx);
    }
}

/// A member posts a message; the room answers the sender directly. `Err` only when the
/// sender is not a member (the room has no way to answer it).
#[derive(Message)]
#[rtype(result = "Result<(), ErrorCode>")]
pub struct PostMessage {
    /// The post.
    pub post: Post,
    /// Only the room owner may send this (stopPush).
    pub owner_only: bool,
}

impl Handler<PostMessage> for RoomActor {
    type Result = ResponseFuture<Result<(), ErrorCode>>;
    fn handle(&mut self, msg: PostMessage, ctx: &mut Context<Self>) -> Self::Result {
        handled();
        if let Some(moved) = &self.moved {
            return Box::pin(moved.post(msg.post, msg.owner_only));
        }
        // A session that is not (or not yet, during a re-attach) a member cannot be
        // answered by the room: its caller answers it.
        if !self.room.is_member(msg.post.session) {
            return Box::pin(std::future::ready(Err(ErrorCode::NotInRoom)));
        }
        let now = Instant::now();
        if msg.owner_only && &msg.post.user != self.room.owner() {
            self.room.refuse(&msg.post, ErrorCode::PermissionDenied, now);
        } else {
            let _ = self.room.post(msg.post, unix_now(), now);
            self.schedule_flush(ctx);
        }
        Box::pin(std::future::ready(Ok(())))
    }
}

/// A stream of the room went live or ended (from its StreamActor).
#[derive(Message)]
#[rtype(result = "()")]
pub struct StreamChanged {
    /// The stream id.
    pub stream_id: String,
    /// Its publisher.
    pub user: UserId,
    /// Live now, or ended.
    pub live: bool,
}

impl Handler<StreamChanged> for RoomActor {
    type Result = ();
    fn handle(&mut self, msg: StreamChanged, ctx: &mut Context<Self>) {
        handled();
        if let Some(moved) = &self.moved {
            return moved.stream_changed(msg.stream_id, msg.user, msg.live);
        }
        // Relay triggers: the room owns when its streams are packaged for the CDN.
        let known = self.room.streams().iter().any(|s| s.stream_id == msg.stream_id);
        if let Some(relay) = &self.relay {
            match (msg.live, known) {
                (true, false) => relay.stream_live(self.room.sdkappid(), self.room.id().as_str(), &msg.stream_id),
                (false, true) => relay.stream_ended(&msg.stream_id),
                _ => {}
            }
        }
        let stream = super::LiveStream { stream_id: msg.stream_id, user: msg.user };
        self.room.stream_changed(stream, msg.live, Instant::now());
        self.schedule_flush(ctx);
    }
}

/// The room's live streams.
#[derive(Message)]
#[rtype(result = "Vec<super::LiveStream>")]
pub struct GetStreams;

impl Handler<GetStreams> for RoomActor {
    type Result = MessageResult<GetStreams>;
    fn handle(&mut self, _: GetStreams, _: &mut Context<Self>) -> Self::Result {
        handled();
        MessageResult(self.room.streams().to_vec())
    }
}

/// Room info.
#[derive(Message)]
#[rtype(result = "RoomInfo")]
pub struct GetInfo;

impl Handler<GetInfo> for RoomActor {
    type Result = MessageResult<GetInfo>;
    fn handle(&mut self, _: GetInfo, _: &mut Context<Self>) -> Self::Result {
        handled();
        MessageResult(self.room.info())
    }
}

/// Longest an admin's mute waits for the follower's confirmation before it is answered
/// with a retryable error.
const MUTE_CONFIRM_WAIT: Duration = Duration::from_secs(5);

/// Admin: mute a user until a unix second (0 = unmute). Answered once final (in a
/// cluster: once the room's follower holds it).
#[derive(Message)]
#[rtype(result = "Result<(), ErrorCode>")]
pub struct Mute {
    /// The user.
    pub user: UserId,
    /// Until (unix seconds), 0 = unmute.
    pub until: u64,
}

impl Handler<Mute> for RoomActor {
    type Result = ResponseFuture<Result<(), ErrorCode>>;
    fn handle(&mut self, msg: Mute, ctx: &mut Context<Self>) -> Self::Result {
        handled();
        // In a cluster the answer waits until the follower holds the mute.
        let settled = self.room.mute(&msg.user, msg.until, Instant::now());
        self.schedule_flush(ctx);
        Box::pin(async move {
            match settled {
                None => Ok(()),
                // Not confirmed in time (no follower reachable yet), or dropped unanswered
                // (the room stopped or moved first): the caller is told to try again. The
                // mute holds here and reaches the follower with the next copy; a retry is
                // harmless (it sets the same mute).
                Some(rx) => match tokio::time::timeout(MUTE_CONFIRM_WAIT, rx).await {
                    Ok(Ok(answer)) => answer,
                    _ => Err(ErrorCode::Unreplicated),
                },
            }
        })
    }
}

/// Admin: remove a user from the room.
#[derive(Message)]
#[rtype(result = "bool")]
pub struct Kick {
    /// The user.
    pub user: UserId,
}

impl Handler<Kick> for RoomActor {
    type Result = bool;
    fn handle(&mut self, msg: Kick, ctx: &mut Context<Self>) -> bool {
        handled();
        let kicked = self.room.kick(&msg.user, unix_now(), Instant::now());
        self.schedule_flush(ctx);
        kicked
    }
}

/// Dismiss the room: every member is told and removed, and the actor stops.
#[derive(Message)]
#[rtype(result = "()")]
pub struct Dismiss;

impl Handler<Dismiss> for RoomActor {
    type Result = ();
    fn handle(&mut self, _: Dismiss, ctx: &mut Context<Self>) {
        handled();
        // Before members hear `roomClosed`: whoever enters next must not reach this actor
        // (its mailbox closes with it) but look the room up again.
        self.alive.store(false, Ordering::Release);
        self.room.dismiss(Instant::now());
        ctx.stop();
    }
}

/// Give the room up without dismissing it: another node owns it now (it was placed there
/// while this node had no etcd lease). Gateways with members are told to enter them again
/// wherever the room is; nothing is accepted here any more.
#[derive(Message)]
#[rtype(result = "()")]
pub struct Relinquish;

impl Handler<Relinquish> for RoomActor {
    type Result = ();
    fn handle(&mut self, _: Relinquish, ctx: &mut Context<Self>) {
        handled();
        if let Some(r) = &mut self.replication {
            r.fenced = true;
            r.set_unreplicated(false);
        }
        self.give_up(ctx);
    }
}

/// The room's follower now, if it has one (a drain hands the room to it).
#[derive(Message)]
#[rtype(result = "Option<NodeId>")]
pub struct FollowerNode;

impl Handler<FollowerNode> for RoomActor {
    type Result = Option<NodeId>;
    fn handle(&mut self, _: FollowerNode, _: &mut Context<Self>) -> Option<NodeId> {
        handled();
        let r = self.replication.as_ref()?;
        r.follower.as_ref().filter(|l| l.is_open() && !r.fenced).map(|l| l.node().clone())
    }
}

/// The room was claimed again under a new placement epoch (this node registered anew):
/// its follower is chosen and recorded again under that epoch.
#[derive(Message)]
#[rtype(result = "()")]
pub struct Reclaimed {
    /// The new epoch.
    pub epoch: u64,
}

impl Handler<Reclaimed> for RoomActor {
    type Result = ();
    fn handle(&mut self, msg: Reclaimed, ctx: &mut Context<Self>) {
        handled();
        let Some(r) = &mut self.replication else { return };
        r.epoch.store(msg.epoch, Ordering::Release);
        r.follower = None;
        r.generation += 1;
        self.establish(ctx);
    }
}

/// Forget the members that came through a node link that broke.
#[derive(Message)]
#[rtype(result = "()")]
pub struct DetachGateway {
    /// The link's id.
    pub link_id: u64,
}

impl Handler<DetachGateway> for RoomActor {
    type Result = ();
    fn handle(&mut self, msg: DetachGateway, _: &mut Context<Self>) {
        handled();
        let n = self.room.detach_gateway(msg.link_id);
        if n > 0 {
            tracing::debug!(room = %self.room.id(), members = n, "members of a broken node link detached");
        }
    }
}

/// Hand the room to another node (drain): its state goes to `to`, members on other nodes
/// are told where the room went, and this actor forwards what still reaches it.
#[derive(Message)]
#[rtype(result = "Result<(), String>")]
pub struct Migrate {
    /// The next owner's link.
    pub to: Arc<crate::link::Link>,
    /// This node's id (members here are listed under it).
    pub local: liveroom_cluster::NodeId,
    /// The placement epoch this node holds.
    pub epoch: u64,
    /// This node's handle of the room (its sessions keep using it).
    pub handle: crate::route::RoomRef,
}

impl Handler<Migrate> for RoomActor {
    type Result = ResponseFuture<Result<(), String>>;
    fn handle(&mut self, msg: Migrate, ctx: &mut Context<Self>) -> Self::Result {
        handled();
        if self.moved.is_some() {
            return Box::pin(std::future::ready(Err("the room was already handed off".to_owned())));
        }
        // What the follower has not confirmed yet goes with the state: the next owner holds
        // it once it answers (and members hear it now, before the next owner's messages).
        let now = Instant::now();
        self.room.set_replicated(false, now);
        self.room.flush(now);
        let state = self.room.export(&msg.local);
        let seq = state.seq;
        let request = msg.to.start(crate::link::LinkRequest::Adopt { state: Box::new(state), epoch: msg.epoch });
        let link = msg.to.clone();
        let (tx, rx) = tokio::sync::oneshot::channel();
        // `wait` holds the mailbox while the next owner adopts: nothing is accepted here
        // after the state left, and what queues up meanwhile is forwarded afterwards.
        ctx.wait(async move { link.finish(request).await }.into_actor(self).map(move |res, act, ctx| {
            let outcome = match res {
                Ok(_) => {
                    let to = msg.to.node().clone();
                    act.room.announce_move(&to);
                    act.room.forget_members();
                    act.drop_replica();
                    if let Some(r) = &mut act.replication {
                        // The next owner replicates from here on.
                        r.fenced = true;
                    }
                    msg.handle.note_seq(&msg.local, seq);
                    msg.handle.set_remote(msg.to.clone());
                    msg.handle.members_moved_to(&to);
                    act.moved = Some(msg.handle);
                    metrics().cluster.migrations.with_label_values(&["handoff_out"]).inc();
                    tracing::info!(room = %act.room.id(), to = %to.0, "room handed off");
                    // Messages that still arrive are forwarded for a while; then the actor ends.
                    ctx.run_later(Duration::from_secs(10), |_, ctx| ctx.stop());
                    Ok(())
                }
                Err(e) => {
                    metrics().cluster.migrations.with_label_values(&["handoff_failed"]).inc();
                    // The room stays here: it gets its follower back.
                    if let Some(r) = &mut act.replication {
                        r.follower = None;
                        r.generation += 1;
                    }
                    act.establish(ctx);
                    Err(e.to_string())
                }
            };
            let _ = tx.send(outcome);
        }));
        Box::pin(async move { rx.await.unwrap_or_else(|_| Err("the room stopped during the hand-off".to_owned())) })
    }
}

/// The address of a room actor on this node ([`crate::route::RoomRef`] is the
/// location-transparent handle built on it).
///
/// Every send goes through here so the mailbox-depth gauge stays exact and a full mailbox
/// turns into `Busy` instead of an unbounded queue.
#[derive(Clone)]
pub struct LocalRoom {
    room_id: RoomId,
    addr: Addr<RoomActor>,
    alive: Arc<AtomicBool>,
    epoch: Arc<AtomicU64>,
}

impl LocalRoom {
    pub(crate) fn new(room_id: RoomId, addr: Addr<RoomActor>, alive: Arc<AtomicBool>, epoch: Arc<AtomicU64>) -> Self {
        Self { room_id, addr, alive, epoch }
    }

    /// The placement epoch the room runs under here.
    pub fn epoch(&self) -> u64 {
        self.epoch.load(Ordering::Acquire)
    }

    /// The cell holding it (pushes to gateways are stamped from it).
    pub(crate) fn epoch_cell(&self) -> &Arc<AtomicU64> {
        &self.epoch
    }

    /// The room id.
    pub fn room_id(&self) -> &RoomId {
        &self.room_id
    }

    pub(crate) fn alive_flag(&self) -> Arc<AtomicBool> {
        self.alive.clone()
    }

    /// Whether the actor still runs.
    pub fn is_alive(&self) -> bool {
        self.alive.load(Ordering::Acquire) && self.addr.connected()
    }

    fn depth() -> liveroom_telemetry::prometheus::IntGauge {
        metrics().chat.mailbox_depth.with_label_values(&["room"])
    }

    /// Sends without waiting; `Busy` when the mailbox is full or the room is gone.
    pub fn try_send<M>(&self, msg: M) -> Result<(), ErrorCode>
    where
        M: Message + Send + 'static,
        M::Result: Send,
        RoomActor: Handler<M>,
    {
        Self::depth().inc();
        self.addr.try_send(msg).map_err(|_| {
            Self::depth().dec();
            ErrorCode::Busy
        })
    }

    /// Sends and waits for the answer; `Busy` when the mailbox is full or the room is gone.
    pub async fn ask<M>(&self, msg: M) -> Result<M::Result, ErrorCode>
    where
        M: Message + Send + 'static,
        M::Result: Send,
        RoomActor: Handler<M>,
    {
        self.ask_now(msg).await
    }

    /// Queues the message now (keeping the caller's order) and returns the wait for the
    /// answer.
    pub fn ask_now<M>(&self, msg: M) -> impl std::future::Future<Output = Result<M::Result, ErrorCode>> + use<M>
    where
        M: Message + Send + 'static,
        M::Result: Send,
        RoomActor: Handler<M>,
    {
        Self::depth().inc();
        let request = self.addr.send(msg);
        async move {
            request.await.map_err(|_| {
                // The room stopped before handling it: no handler ran to decrement.
                Self::depth().dec();
                ErrorCode::Busy
            })
        }
    }
}
