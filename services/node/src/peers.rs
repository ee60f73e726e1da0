//! What this node does for its peers: answers their node-link requests for rooms it owns,
//! applies their pushes to its members' queues, adopts rooms a draining peer hands over,
//! keeps the copies of rooms it follows and takes such a room over when its owner's lease
//! expires (promotion), and drains itself (handing its rooms to peers) before it exits.
//!
//! Must not: touch sockets (the gateway carries the frames), or block a link's reader:
//! requests for a live room are queued in the room's mailbox at once (so a session's
//! messages keep their order) and answered when the room has handled them.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::{Duration, Instant};

use bytestring::ByteString;
use liveroom_cluster::NodeId;
use liveroom_protocol::{CloseCode, ErrorCode};
use liveroom_sfu::PeerId;
use liveroom_telemetry::metrics;

use crate::host::NodeHost;
use crate::link::{Link, LinkFault, LinkFrame, LinkPort, LinkPush, LinkReply, LinkRequest, RoomKey};
use crate::outbound::FrameKind;
use crate::room::actor::{
    DetachGateway, Dismiss, Enter, GetInfo, GetStreams, Identify, Kick, Leave, LocalRoom, Migrate, Mute, PostMessage,
    StreamChanged,
};
use crate::room::replica::{Replica, ReplicaError};
use crate::room::{Member, Resume, Room, RoomNotice, Sink};

type Answer = Result<LinkReply, LinkFault>;

/// A copy of another node's room kept here ([`crate::room::replica::Replica`]), and
/// whether this node is taking the room over right now (no more changes are applied).
pub struct ReplicaSlot {
    replica: Replica,
    promoting: bool,
}

/// How often a follower checks whether the owners of its copies are still alive.
const OWNERS_CHECK: Duration = Duration::from_millis(200);

/// What a drain did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DrainReport {
    /// Rooms handed to other nodes.
    pub handed_off: usize,
    /// Rooms that could not be handed off (no other node, or it refused).
    pub kept: usize,
    /// Sessions still connected when the drain ended.
    pub sessions_left: usize,
}

impl NodeHost {
    /// One frame received on `link`.
    pub fn link_frame(self: &Arc<Self>, link: &Arc<Link>, text: &str) {
        metrics().cluster.link_frames.with_label_values(&["in"]).inc();
        metrics().cluster.link_bytes.with_label_values(&["in"]).inc_by(text.len() as u64);
        let frame: LinkFrame = match serde_json::from_str(text) {
            Ok(f) => f,
            Err(e) => {
                metrics().cluster.link_errors.with_label_values(&["bad_frame"]).inc();
                tracing::warn!(node = %link.node().0, error = %e, "undecodable node link frame");
                return;
            }
        };
        match frame {
            LinkFrame::Request { id, body } => self.link_request(link, id, body),
            LinkFrame::Reply { id, body } => link.complete(id, body),
            LinkFrame::Push { body } => self.link_push(link, body),
        }
    }

    /// A link ended: the rooms here forget the members that came through it (their gateway
    /// re-attaches them), and this node's members of rooms owned by that node re-attach.
    pub fn link_closed(self: &Arc<Self>, link: &Arc<Link>) {
        link.close();
        self.links().unregister(link);
        metrics().cluster.link_errors.with_label_values(&["closed"]).inc();
        for (_, room) in self.local_rooms() {
            let _ = room.try_send(DetachGateway { link_id: link.id() });
        }
        let dead = link.node().clone();
        for handle in self.handles() {
            if handle.targets_node(&dead) {
                let dead = dead.clone();
                actix::spawn(async move { handle.reattach(dead).await });
            }
        }
        tracing::info!(node = %link.node().0, "node link closed");
    }

    fn link_push(self: &Arc<Self>, link: &Arc<Link>, push: LinkPush) {
        match push {
            LinkPush::Deliver { key, session, frame, priority, message, epoch } => {
                if let Some(h) = self.handle_if_any(&key).filter(|h| h.accepts_epoch(epoch)) {
                    h.on_deliver(session, ByteString::from(frame), priority, kind(message));
                }
            }
            LinkPush::Fanout { key, frames, message, last_seq, epoch } => {
                if let Some(h) = self.handle_if_any(&key).filter(|h| h.accepts_epoch(epoch)) {
                    let frames: Vec<_> = frames.into_iter().map(|(f, p)| (ByteString::from(f), p)).collect();
                    h.on_fanout(&frames, kind(message), last_seq);
                }
            }
            LinkPush::Removed { key, session, reason, epoch } => {
                if let Some(h) = self.handle_if_any(&key).filter(|h| h.accepts_epoch(epoch)) {
                    h.on_removed(session, &reason);
                }
            }
            LinkPush::Relinquished { key } => {
                if let Some(h) = self.handle_if_any(&key) {
                    let from = link.node().clone();
                    actix::spawn(async move { h.reattach_from(from).await });
                }
            }
            LinkPush::Moved { key, node } => {
                if let Some(h) = self.handle_if_any(&key) {
                    h.on_moved(node);
                }
            }
        }
    }

    /// The room's actor, if this node owns the room; else where it lives.
    async fn owned_room(self: &Arc<Self>, key: &RoomKey) -> Result<LocalRoom, LinkFault> {
        if let Some(room) = self.local_room(key) {
            return Ok(room);
        }
        let record = self
            .directory()
            .get_room(key.sdkappid, &key.room)
            .await
            .map_err(|_| LinkFault::code(ErrorCode::Busy))?
            .ok_or_else(|| LinkFault::code(ErrorCode::RoomNotFound))?;
        let placement =
            self.directory().place_room(key.sdkappid, &key.room).await.map_err(|_| LinkFault::code(ErrorCode::Busy))?;
        if &placement.node != self.directory().local_node() {
            return Err(LinkFault::Moved { node: placement.node });
        }
        Ok(self.start_room(key, record.owner, None, placement.epoch))
    }

    fn link_request(self: &Arc<Self>, link: &Arc<Link>, id: u64, body: LinkRequest) {
        // Copies are updated here, in the order the owner sent the changes.
        let body = match body {
            LinkRequest::Replicate { key, epoch, snapshot, changes } => {
                let answer = self.replicate_in(link.node(), key, epoch, snapshot, changes);
                return link.reply(id, answer);
            }
            LinkRequest::DropReplica { key, epoch } => {
                self.drop_replica_in(link.node(), &key, epoch);
                return link.reply(id, Ok(LinkReply::Done));
            }
            body => body,
        };
        // Messages for a live room go into its mailbox now, in the order they arrived.
        let live = match &body {
            LinkRequest::Leave { key, .. }
            | LinkRequest::Identify { key, .. }
            | LinkRequest::Post { key, .. }
            | LinkRequest::StreamChanged { key, .. }
            | LinkRequest::Enter { key, .. } => self.local_room(key),
            _ => None,
        };
        if let Some(room) = live {
            return self.request_for_room(link, id, room, body);
        }
        let (host, link) = (self.clone(), link.clone());
        actix::spawn(async move {
            let answer = host.answer(&link, body).await;
            link.reply(id, answer);
        });
    }

    /// Handles a room request for a room whose actor runs here.
    fn request_for_room(self: &Arc<Self>, link: &Arc<Link>, id: u64, room: LocalRoom, body: LinkRequest) {
        let pending = room_op(link, &room, body);
        let link = link.clone();
        actix::spawn(async move {
            let answer = pending.await;
            link.reply(id, answer);
        });
    }

    async fn answer(self: &Arc<Self>, link: &Arc<Link>, body: LinkRequest) -> Answer {
        let code = |c: ErrorCode| LinkFault::code(c);
        match body {
            LinkRequest::Ping => Ok(LinkReply::Done),
            LinkRequest::Leave { key, .. }
            | LinkRequest::Identify { key, .. }
            | LinkRequest::StreamChanged { key, .. }
                if self.local_room(&key).is_none() =>
            {
                // Nothing to leave or update here; a moved room's new owner has the member.
                match self.owned_room(&key).await {
                    Err(LinkFault::Moved { node }) => Err(LinkFault::Moved { node }),
                    _ => Ok(LinkReply::Done),
                }
            }
            LinkRequest::Adopt { state, epoch } => self.adopt(link, *state, epoch).await,
            LinkRequest::Publish { key, user, is_admin, stream_id, offer, client } => {
                let client = client
                    .filter(|c| c.user == user && c.sdkappid == key.sdkappid)
                    .unwrap_or(crate::MediaClient { sdkappid: key.sdkappid, user, addr: None });
                media_answer(self.publish(&client, &key.room, is_admin, stream_id, offer, None).await)
            }
            LinkRequest::Play { key, stream_id, offer, client } => {
                media_answer(self.play(key.sdkappid, client.as_ref(), &key.room, stream_id, offer, None).await)
            }
            LinkRequest::ClosePeer { peer } => {
                self.close_peer(PeerId(peer));
                Ok(LinkReply::Done)
            }
            LinkRequest::RestartIce { peer, ufrag, pwd } => match self.restart_ice(PeerId(peer), ufrag, pwd).await {
                Ok(r) => {
                    Ok(LinkReply::IceRestarted { ufrag: r.ufrag, pwd: r.pwd, candidates: r.candidates, sdp: r.sdp })
                }
                Err(r) => Err(LinkFault::Refused { code: r.code.value(), message: r.message }),
            },
            LinkRequest::Unpublish { stream_id } => {
                self.unpublish(&stream_id);
                Ok(LinkReply::Done)
            }
            body => {
                let key = match &body {
                    LinkRequest::Enter { key, .. }
                    | LinkRequest::Leave { key, .. }
                    | LinkRequest::Identify { key, .. }
                    | LinkRequest::Post { key, .. }
                    | LinkRequest::StreamChanged { key, .. }
                    | LinkRequest::Info { key }
                    | LinkRequest::Streams { key }
                    | LinkRequest::Mute { key, .. }
                    | LinkRequest::Kick { key, .. }
                    | LinkRequest::Dismiss { key } => key.clone(),
                    _ => return Err(code(ErrorCode::UnknownCommand)),
                };
                let room = self.owned_room(&key).await?;
                match body {
                    LinkRequest::Info { .. } => {
                        room.ask(GetInfo).await.map(|info| LinkReply::Info { info }).map_err(code)
                    }
                    LinkRequest::Streams { .. } => {
                        room.ask(GetStreams).await.map(|streams| LinkReply::Streams { streams }).map_err(code)
                    }
                    LinkRequest::Mute { user, until, .. } => room
                        .ask(Mute { user, until })
                        .await
                        .and_then(|done| done)
                        .map(|_| LinkReply::Done)
                        .map_err(code),
                    LinkRequest::Kick { user, .. } => {
                        room.ask(Kick { user }).await.map(|value| LinkReply::Flag { value }).map_err(code)
                    }
                    LinkRequest::Dismiss { .. } => room.ask(Dismiss).await.map(|_| LinkReply::Done).map_err(code),
                    other => room_op(link, &room, other).await,
                }
            }
        }
    }

    /// Takes over a room from a draining owner: placement first (so nobody else starts
    /// it), then the actor with the whole state; members on other nodes are reached over
    /// links to their nodes, this node's own members through their queues.
    async fn adopt(self: &Arc<Self>, from: &Arc<Link>, state: crate::room::RoomState, _epoch: u64) -> Answer {
        let key = RoomKey { sdkappid: state.sdkappid, room: state.room_id.clone() };
        if self.is_draining() {
            return Err(LinkFault::code(ErrorCode::Busy));
        }
        let mut links: HashMap<NodeId, Arc<Link>> = HashMap::new();
        links.insert(from.node().clone(), from.clone());
        let local = self.directory().local_node().clone();
        for m in &state.members {
            if m.node != local && !links.contains_key(&m.node) {
                if let Ok(link) = self.links().get(&m.node).await {
                    links.insert(m.node.clone(), link);
                }
            }
        }
        let placement = self.directory().hand_off(key.sdkappid, &key.room, from.node()).await.map_err(|e| {
            tracing::warn!(error = %e, room = %key.room, "hand-off placement failed");
            LinkFault::code(ErrorCode::Busy)
        })?;
        // The state comes whole with the hand-off: a copy kept here as follower is stale.
        if self.replicas.lock().remove(&key).is_some() {
            metrics().cluster.replicas.dec();
        }
        let handle = self.handle_if_any(&key);
        let owner = state.owner.clone();
        let epoch = Arc::new(std::sync::atomic::AtomicU64::new(placement.epoch));
        let room =
            Room::adopt(state, self.config().room.clone(), self.banned_words(key.sdkappid), Instant::now(), |m| {
                if m.node == local {
                    return handle.as_ref().and_then(|h| h.local_member(m.session));
                }
                let link = links.get(&m.node)?;
                Some(remote_member(link, &key, &epoch, m.session, m.user.clone(), m.profile.clone()))
            });
        self.start_room_at(&key, owner, Some(room), epoch);
        metrics().cluster.migrations.with_label_values(&["handoff_in"]).inc();
        tracing::info!(room = %key.room, from = %from.node().0, "room adopted");
        Ok(LinkReply::Done)
    }

    /// Drains this node: no new rooms, every room handed to the least-loaded other node,
    /// then every session told to reconnect (elsewhere), waiting up to `timeout` for them
    /// to go.
    pub async fn drain(self: &Arc<Self>, timeout: Duration) -> DrainReport {
        let started = Instant::now();
        self.set_draining(true);
        metrics().cluster.draining.set(1);
        if let Err(e) = self.directory().publish_state(true, self.rooms_owned() as u64).await {
            tracing::warn!(error = %e, "could not publish the draining flag");
        }
        let mut report = DrainReport::default();
        let local = self.directory().local_node().clone();
        for (key, room) in self.local_rooms() {
            let kept = |report: &mut DrainReport| {
                report.kept += 1;
                metrics().cluster.migrations.with_label_values(&["handoff_failed"]).inc();
            };
            // The room's follower first: it holds the room already (drain is a promotion).
            let follower = room
                .ask(crate::room::actor::FollowerNode)
                .await
                .ok()
                .flatten()
                .filter(|n| self.directory().node_info(n).is_some_and(|info| !info.draining));
            let Some(target) = follower.or_else(|| self.drain_target(&key)) else {
                tracing::warn!(room = %key.room, "drain: no other live node to hand the room to");
                kept(&mut report);
                continue;
            };
            let link = match self.links().get(&target).await {
                Ok(l) => l,
                Err(e) => {
                    tracing::warn!(error = %e, node = %target.0, "drain: next owner unreachable");
                    kept(&mut report);
                    continue;
                }
            };
            let handle = self.handle(key.clone());
            let migrate = Migrate { to: link, local: local.clone(), epoch: 0, handle };
            match room.ask(migrate).await {
                Ok(Ok(())) => report.handed_off += 1,
                Ok(Err(e)) => {
                    // Counted by the room actor.
                    tracing::warn!(room = %key.room, error = e, "drain: hand-off failed");
                    report.kept += 1;
                }
                Err(_) => kept(&mut report),
            }
        }
        tracing::info!(handed_off = report.handed_off, kept = report.kept, "drain: rooms handed off");
        self.close_all_sessions(CloseCode::ServerGoingAway);
        while self.session_count() > 0 && started.elapsed() < timeout {
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        report.sessions_left = self.session_count();
        report
    }

    /// The node a draining owner hands `key` to: the least-loaded live node that is not
    /// draining (ties broken by the room, so rooms spread).
    fn drain_target(&self, key: &RoomKey) -> Option<NodeId> {
        use std::hash::{Hash, Hasher};
        let local = self.directory().local_node();
        self.directory()
            .live_nodes()
            .into_iter()
            .filter(|(id, info)| id != local && !info.draining)
            .min_by_key(|(id, info)| {
                let mut h = std::collections::hash_map::DefaultHasher::new();
                (key, &id.0).hash(&mut h);
                (info.load, h.finish())
            })
            .map(|(id, _)| id)
    }

    /// Each time this node registers again under a new etcd lease (its old one was lost
    /// while etcd was paused or out of reach), claims the rooms it still runs under the new
    /// lease, and gives up those another node placed meanwhile.
    pub fn reclaim_rooms_on_reregistration(self: &Arc<Self>) {
        let Some(mut generations) = self.directory().registrations() else { return };
        let host = Arc::downgrade(self);
        actix::spawn(async move {
            while generations.changed().await.is_ok() {
                let Some(host) = host.upgrade() else { break };
                host.reclaim_rooms().await;
            }
        });
    }

    async fn reclaim_rooms(self: &Arc<Self>) {
        let me = self.directory().local_node().clone();
        let (mut kept, mut lost) = (0usize, 0usize);
        let mut pending = self.local_rooms();
        // etcd may still be shaky right after it answered again: a room whose claim failed
        // is tried again (bounded), so it is not left unplaced while it runs here.
        for attempt in 0..5 {
            if attempt > 0 {
                tokio::time::sleep(Duration::from_secs(1)).await;
            }
            let mut failed = Vec::new();
            for (key, room) in pending {
                match self.directory().reclaim_room(key.sdkappid, &key.room).await {
                    Ok(placement) if placement.node == me => {
                        kept += 1;
                        // Under the new epoch, the room records its follower again.
                        let _ = room.try_send(crate::room::actor::Reclaimed { epoch: placement.epoch });
                    }
                    Ok(placement) => {
                        lost += 1;
                        self.relinquish(&key, room, &placement.node);
                    }
                    Err(e) => {
                        tracing::warn!(room = %key.room, error = %e, "could not claim a room again; retrying");
                        failed.push((key, room));
                    }
                }
            }
            pending = failed;
            if pending.is_empty() {
                break;
            }
        }
        tracing::info!(kept, given_up = lost, unclaimed = pending.len(), "rooms claimed again after registering anew");
    }

    /// Gives a room up: another node owns it now. Members on other nodes are told to enter
    /// again there; this node's own members do the same.
    fn relinquish(self: &Arc<Self>, key: &RoomKey, room: LocalRoom, owner: &NodeId) {
        tracing::warn!(room = %key.room, owner = %owner.0, "room placed on another node while this one had no lease: given up");
        // Nothing reaches the actor here any more: requests look the room up again.
        room.alive_flag().store(false, std::sync::atomic::Ordering::Release);
        // The actor marks what its members got, then they re-attach (`reattach_after_relinquish`).
        let _ = room.try_send(crate::room::actor::Relinquish);
    }

    /// Members here of a room this node gave up enter it again wherever it is.
    pub(crate) fn reattach_after_relinquish(&self, key: &RoomKey) {
        if let Some(handle) = self.handle_if_any(key) {
            let me = self.directory().local_node().clone();
            actix::spawn(async move { handle.reattach_from(me).await });
        }
    }

    // ----- the follower's side of replication -----

    /// Applies an owner's replication request to the copy kept here. Refused as `Fenced`
    /// when this node knows a newer placement of the room (it owns the room itself under a
    /// larger epoch, or its copy came from a newer owner); an out-of-step batch is refused
    /// so the owner sends its whole state again.
    fn replicate_in(
        self: &Arc<Self>,
        from: &NodeId,
        key: RoomKey,
        epoch: u64,
        snapshot: Option<Box<crate::room::RoomState>>,
        changes: crate::room::replica::Changes,
    ) -> Answer {
        if let Some(local) = self.local_room(&key) {
            if local.epoch() >= epoch {
                return Err(LinkFault::Fenced { epoch: local.epoch() });
            }
            // This node's own run of the room is the stale one (it was placed anew while
            // this node had no lease): give it up, and keep the newer owner's copy.
            self.relinquish(&key, local, from);
        }
        let now = Instant::now();
        let history_len = self.config().room.history_len;
        let mut replicas = self.replicas.lock();
        if let Some(slot) = replicas.get(&key) {
            if slot.replica.epoch > epoch {
                return Err(LinkFault::Fenced { epoch: slot.replica.epoch });
            }
            if slot.promoting {
                // Being taken over: the sender's lease expired. It learns who owns the
                // room when it tries to record a new follower.
                return Err(LinkFault::code(ErrorCode::Unreplicated));
            }
        }
        if let Some(state) = snapshot {
            let replica = Replica::new(*state, changes.version, epoch, from.clone(), now);
            if replicas.insert(key, ReplicaSlot { replica, promoting: false }).is_none() {
                metrics().cluster.replicas.inc();
            }
            return Ok(LinkReply::Done);
        }
        let Some(slot) = replicas.get_mut(&key) else {
            return Err(LinkFault::code(ErrorCode::Unreplicated));
        };
        match slot.replica.apply(epoch, changes, history_len, now) {
            Ok(()) => {
                slot.replica.owner = from.clone();
                Ok(LinkReply::Done)
            }
            Err(ReplicaError::Stale { known, .. }) => Err(LinkFault::Fenced { epoch: known }),
            Err(e @ ReplicaError::OutOfStep { .. }) => {
                tracing::warn!(room = %key.room, error = %e, "a room's copy fell out of step; the owner sends it whole");
                Err(LinkFault::code(ErrorCode::Unreplicated))
            }
        }
    }

    fn drop_replica_in(&self, from: &NodeId, key: &RoomKey, epoch: u64) {
        let mut replicas = self.replicas.lock();
        let ours =
            replicas.get(key).is_some_and(|s| !s.promoting && s.replica.epoch <= epoch && &s.replica.owner == from);
        if ours && replicas.remove(key).is_some() {
            metrics().cluster.replicas.dec();
        }
    }

    /// The copy of `key`, taken out to run the room here (see [`NodeHost::start_room`]).
    pub(crate) fn take_replica(&self, key: &RoomKey) -> Option<Replica> {
        let slot = self.replicas.lock().remove(key)?;
        metrics().cluster.replicas.dec();
        Some(slot.replica)
    }

    /// Watches the owners of the rooms this node follows: when an owner's lease expired
    /// (it left the live nodes), this node takes the room with a compare-and-swap on its
    /// placement and carries it on from its copy. Copies whose live owner went silent are
    /// dropped.
    pub fn promote_followed_rooms(self: &Arc<Self>) {
        if !self.directory().replicates() {
            return;
        }
        let host = Arc::downgrade(self);
        actix::spawn(async move {
            loop {
                tokio::time::sleep(OWNERS_CHECK).await;
                let Some(host) = host.upgrade() else { break };
                host.check_owners();
            }
        });
    }

    fn check_owners(self: &Arc<Self>) {
        let now = Instant::now();
        let mut orphaned = Vec::new();
        {
            let mut replicas = self.replicas.lock();
            let before = replicas.len();
            replicas.retain(|_, slot| {
                slot.promoting
                    || self.directory().node_info(&slot.replica.owner).is_none()
                    || now.duration_since(slot.replica.updated) < crate::host::REPLICA_SILENCE
            });
            metrics().cluster.replicas.sub((before - replicas.len()) as i64);
            for (key, slot) in replicas.iter_mut() {
                if !slot.promoting && self.directory().node_info(&slot.replica.owner).is_none() {
                    slot.promoting = true;
                    orphaned.push((key.clone(), slot.replica.owner.clone(), slot.replica.state.owner.clone()));
                }
            }
        }
        if !self.directory().is_registered() {
            // Not registered: this node cannot take anything now; the copies wait.
            for (key, _, _) in &orphaned {
                if let Some(slot) = self.replicas.lock().get_mut(key) {
                    slot.promoting = false;
                }
            }
            return;
        }
        for (key, old_owner, room_owner) in orphaned {
            let host = self.clone();
            actix::spawn(async move { host.promote(key, old_owner, room_owner).await });
        }
    }

    async fn promote(self: &Arc<Self>, key: RoomKey, old_owner: NodeId, room_owner: liveroom_protocol::UserId) {
        let started = Instant::now();
        let me = self.directory().local_node().clone();
        match self.directory().reclaim_room(key.sdkappid, &key.room).await {
            Ok(placement) if placement.node == me => {
                // Takes the copy (unless a member's request started the room from it first).
                self.start_room(&key, room_owner, None, placement.epoch);
                tracing::info!(
                    room = %key.room,
                    old_owner = %old_owner.0,
                    epoch = placement.epoch,
                    after_ms = started.elapsed().as_millis() as u64,
                    "took over a room whose owner's lease expired"
                );
            }
            Ok(placement) => {
                tracing::info!(room = %key.room, owner = %placement.node.0, "a followed room is owned elsewhere: copy dropped");
                let mut replicas = self.replicas.lock();
                if replicas.get(&key).is_some_and(|s| s.promoting) && replicas.remove(&key).is_some() {
                    metrics().cluster.replicas.dec();
                }
            }
            Err(e) => {
                tracing::warn!(room = %key.room, error = %e, "could not take over a followed room; retrying");
                if let Some(slot) = self.replicas.lock().get_mut(&key) {
                    slot.promoting = false;
                }
            }
        }
    }

    /// Publishes this node's load every `period` (placement prefers light nodes).
    pub fn publish_load_every(self: &Arc<Self>, period: Duration) {
        let host = Arc::downgrade(self);
        actix::spawn(async move {
            let mut last = None;
            loop {
                tokio::time::sleep(period).await;
                let Some(host) = host.upgrade() else { break };
                let load = host.rooms_owned() as u64;
                let draining = host.is_draining();
                if last != Some((load, draining)) && host.directory().publish_state(draining, load).await.is_ok() {
                    last = Some((load, draining));
                }
            }
        });
    }
}

/// Queues a member's request in the room's mailbox now; the future is its answer.
fn room_op(
    link: &Arc<Link>,
    room: &LocalRoom,
    body: LinkRequest,
) -> std::pin::Pin<Box<dyn std::future::Future<Output = Answer>>> {
    let done = |r: Result<(), ErrorCode>| -> Answer { r.map(|_| LinkReply::Done).map_err(LinkFault::code) };
    let ready =
        |a: Answer| -> std::pin::Pin<Box<dyn std::future::Future<Output = Answer>>> { Box::pin(std::future::ready(a)) };
    match body {
        LinkRequest::Leave { session, .. } => ready(done(room.try_send(Leave { session }))),
        LinkRequest::Identify { session, user, profile, .. } => {
            ready(done(room.try_send(Identify { session, user, profile })))
        }
        LinkRequest::Post { post, owner_only, .. } => {
            let wait = room.ask_now(PostMessage { post, owner_only });
            Box::pin(async move { done(wait.await.and_then(|r| r)) })
        }
        LinkRequest::StreamChanged { stream_id, user, live, .. } => {
            ready(done(room.try_send(StreamChanged { stream_id, user, live })))
        }
        LinkRequest::Enter { key, session, user, profile, last_seq, incarnation, quiet } => {
            let member = remote_member(link, &key, room.epoch_cell(), session, user, profile);
            let wait = room.ask_now(Enter { session, member, resume: Resume { last_seq, incarnation, quiet } });
            Box::pin(async move {
                match wait.await {
                    Ok(Ok(entered)) => Ok(LinkReply::Entered { entered }),
                    Ok(Err(code)) | Err(code) => Err(LinkFault::code(code)),
                }
            })
        }
        _ => ready(Err(LinkFault::code(ErrorCode::UnknownCommand))),
    }
}

fn kind(message: bool) -> FrameKind {
    if message {
        FrameKind::RoomMessage
    } else {
        FrameKind::Control
    }
}

/// A member whose socket is on the node at the other end of `link`.
fn remote_member(
    link: &Arc<Link>,
    key: &RoomKey,
    epoch: &Arc<std::sync::atomic::AtomicU64>,
    session: crate::SessionId,
    user: Option<liveroom_protocol::UserId>,
    profile: crate::room::Profile,
) -> Member {
    let port = LinkPort::new(link.clone(), key.sdkappid, epoch.clone());
    let notify_port = port.clone();
    Member {
        sink: Sink::Gateway(port),
        user,
        profile,
        notify: Arc::new(move |notice| match notice {
            RoomNotice::Removed { room_id, reason } => notify_port.removed(&room_id, session, reason),
        }),
    }
}

fn media_answer(result: Result<(String, liveroom_sfu::Answer), crate::Refusal>) -> Answer {
    match result {
        Ok((stream_id, answer)) => Ok(LinkReply::Media { stream_id, sdp: answer.sdp, peer: answer.peer.0 }),
        Err(r) => Err(LinkFault::Refused { code: r.code.value(), message: r.message }),
    }
}
