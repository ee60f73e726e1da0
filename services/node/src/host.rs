//! The node host: finds or starts room actors (here, or through the node link on the
//! room's owner), and keeps the session registry (one session per user and app: a second
//! login kicks the first).

use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Weak};
use std::time::{Duration, Instant};

use actix::prelude::*;
use liveroom_auth::AppRegistry;
use liveroom_cluster::{Directory, DirectoryError, NodeId};
use liveroom_protocol::{CloseCode, ErrorCode, RoomId, UserId};
use liveroom_telemetry::metrics;
use parking_lot::Mutex;

use liveroom_sfu::{Answer, IceRestart, PeerId, SfuError, SfuEvent, SfuHandle};

use crate::link::{Links, RoomKey};
use crate::outbound::OutboundQueue;
use crate::room::actor::{LocalRoom, RoomActor};
use crate::room::{BannedWords, Room};
use crate::route::{RoomRef, RouteTarget};
use crate::stream::{Media, StreamActor, Subscribed, Unpublish};
use crate::user::{Kicked, UserActor};
use crate::{ChatConfig, SessionId};

/// Per-session limits.
#[derive(Debug, Clone)]
pub struct SessionLimits {
    /// Messages per second one session may send (burst = 2×).
    pub send_rate: u32,
    /// Frames per second one connection may send before getting `Flood` errors (burst = 2×).
    pub frame_rate: u32,
    /// Flood errors in a row after which the connection is closed.
    pub max_violations: u32,
    /// Rooms one session may be in at once.
    pub max_rooms: usize,
    /// How long an empty room actor lives on.
    pub room_idle_stop: Duration,
    /// A session that has neither logged in nor entered a room this long after it
    /// connected is closed (`handshakeTimeout`, 4004).
    pub handshake_timeout: Duration,
    /// Rooms one user, and one client address, may create per minute on this node.
    pub room_creations_per_minute: u32,
}

impl Default for SessionLimits {
    fn default() -> Self {
        Self {
            send_rate: 10,
            frame_rate: 50,
            max_violations: 50,
            max_rooms: 10,
            room_idle_stop: Duration::from_secs(300),
            handshake_timeout: Duration::from_secs(10),
            room_creations_per_minute: 10,
        }
    }
}

/// Which kind of session a login is: one chat (IM) session and one media (RTC) session per
/// user may coexist (TWebLive's IM and TRTC log in separately); a second login of the same
/// kind kicks the first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum LoginScope {
    /// Chat.
    Im,
    /// Media signalling (pusher / player).
    Rtc,
}

struct SessionEntry {
    session: SessionId,
    addr: Addr<UserActor>,
}

/// The node's actor host. Shared by every gateway worker.
pub struct NodeHost {
    me: Weak<NodeHost>,
    directory: Arc<dyn Directory>,
    apps: Arc<AppRegistry>,
    config: ChatConfig,
    room_threads: Vec<ArbiterHandle>,
    rooms: Mutex<HashMap<RoomKey, LocalRoom>>,
    handles: Mutex<HashMap<RoomKey, RoomRef>>,
    links: Links,
    draining: AtomicBool,
    users: Mutex<HashMap<(u64, UserId, LoginScope), SessionEntry>>,
    queues: Mutex<HashMap<SessionId, OutboundQueue>>,
    banned: Mutex<HashMap<u64, Arc<BannedWords>>>,
    media: Option<SfuHandle>,
    relay: Option<Arc<crate::relay::RelayHost>>,
    /// Streams published here: their room and their actor.
    streams: Mutex<HashMap<String, (RoomKey, Addr<StreamActor>)>>,
    /// Media legs per user and per client address.
    media_quota: crate::media_quota::MediaQuota,
    /// Room creations per user and per address.
    creations: crate::creation_rate::CreationRate,
    media_peers: Mutex<HashMap<PeerId, Addr<StreamActor>>>,
    /// Media legs set up on other nodes for sessions here: local alias → (link, peer there).
    remote_peers: Mutex<HashMap<PeerId, (Arc<crate::link::Link>, u64)>>,
    /// Streams published on other nodes by sessions here.
    remote_streams: Mutex<HashMap<String, Arc<crate::link::Link>>>,
    /// Copies of rooms other nodes own, kept here as their follower.
    pub(crate) replicas: Mutex<HashMap<RoomKey, crate::peers::ReplicaSlot>>,
    /// Where this node's events go ([`crate::hooks`]).
    webhooks: std::sync::OnceLock<liveroom_webhooks::Webhooks>,
    /// The app's check of each chat message before its room takes it, when configured.
    before_send: std::sync::OnceLock<Arc<liveroom_webhooks::BeforeSend>>,
}

/// A follower drops the copy of a room whose owner, still alive, has sent nothing for this
/// long (it chose another follower, or the room stopped without saying so).
pub const REPLICA_SILENCE: Duration = Duration::from_secs(60);

/// Local aliases of peers on other nodes start here (engine peer ids stay far below).
const REMOTE_PEER_BASE: u64 = 1 << 62;

/// A refused media request: a wire code and a message for the client.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal {
    /// The code.
    pub code: ErrorCode,
    /// What went wrong.
    pub message: String,
}

impl From<ErrorCode> for Refusal {
    fn from(code: ErrorCode) -> Self {
        Self { code, message: code.default_message().to_owned() }
    }
}

impl Refusal {
    fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        Self { code, message: message.into() }
    }
}

/// What the client is told when the room's node refused a media request or could not be asked.
fn refusal_from_link(e: crate::link::LinkError) -> Refusal {
    match e {
        crate::link::LinkError::Fault(crate::link::LinkFault::Refused { code, message }) => {
            Refusal::new(ErrorCode::from_value(code).unwrap_or(ErrorCode::Internal), message)
        }
        e => Refusal::new(ErrorCode::Busy, e.to_string()),
    }
}

impl From<SfuError> for Refusal {
    fn from(e: SfuError) -> Self {
        let code = match &e {
            SfuError::BadOffer(_) | SfuError::WrongDirection(_) => ErrorCode::InvalidSdp,
            SfuError::NoUsableCodec => ErrorCode::NoUsableCodec,
            SfuError::AlreadyPublishing(_) => ErrorCode::AlreadyPublishing,
            SfuError::NotLive(_) => ErrorCode::StreamNotLive,
            SfuError::Unavailable(_) => ErrorCode::Busy,
            SfuError::UnknownPeer => ErrorCode::ResourceNotFound,
        };
        Self { code, message: e.to_string() }
    }
}

impl NodeHost {
    /// A host with `room_threads` threads for room actors. Must run inside an actix System.
    pub fn new(
        directory: Arc<dyn Directory>,
        apps: Arc<AppRegistry>,
        config: ChatConfig,
        room_threads: usize,
        media: Option<SfuHandle>,
        relay: Option<Arc<crate::relay::RelayHost>>,
    ) -> Arc<Self> {
        let room_threads = (0..room_threads.max(1)).map(|_| Arbiter::new().handle()).collect();
        let media_limits = config.media;
        let creations = crate::creation_rate::CreationRate::new(config.session.room_creations_per_minute);
        Arc::new_cyclic(|me| Self {
            me: me.clone(),
            directory,
            apps,
            config,
            room_threads,
            rooms: Mutex::new(HashMap::new()),
            handles: Mutex::new(HashMap::new()),
            links: Links::default(),
            draining: AtomicBool::new(false),
            users: Mutex::new(HashMap::new()),
            queues: Mutex::new(HashMap::new()),
            banned: Mutex::new(HashMap::new()),
            media,
            relay,
            streams: Mutex::new(HashMap::new()),
            media_quota: crate::media_quota::MediaQuota::new(media_limits),
            creations,
            media_peers: Mutex::new(HashMap::new()),
            remote_peers: Mutex::new(HashMap::new()),
            remote_streams: Mutex::new(HashMap::new()),
            replicas: Mutex::new(HashMap::new()),
            webhooks: std::sync::OnceLock::new(),
            before_send: std::sync::OnceLock::new(),
        })
    }

    /// Has the app's backend check each chat message first (once, before serving).
    pub fn set_before_send(&self, callback: liveroom_webhooks::BeforeSend) {
        let _ = self.before_send.set(Arc::new(callback));
    }

    /// The before-send callback, when configured.
    pub fn before_send(&self) -> Option<&Arc<liveroom_webhooks::BeforeSend>> {
        self.before_send.get()
    }

    /// Sends this node's events to the configured webhooks (once, before serving).
    pub fn set_webhooks(&self, webhooks: liveroom_webhooks::Webhooks) {
        let _ = self.webhooks.set(webhooks);
    }

    /// The webhooks events go to (none until [`NodeHost::set_webhooks`]).
    pub fn webhooks(&self) -> &liveroom_webhooks::Webhooks {
        self.webhooks.get_or_init(liveroom_webhooks::Webhooks::none)
    }

    /// The apps.
    pub fn apps(&self) -> &AppRegistry {
        &self.apps
    }

    /// The directory.
    pub fn directory(&self) -> &Arc<dyn Directory> {
        &self.directory
    }

    /// The CDN origin, when this node packages streams.
    pub fn origin(&self) -> Option<Arc<liveroom_cdn::Origin>> {
        self.relay.as_ref().map(|r| r.origin())
    }

    /// Whether `user` (from `addr`; none when exempt) may create a room now; counts the
    /// creation and the refusal. The administrator is not limited.
    pub fn allow_room_creation(
        &self,
        sdkappid: u64,
        user: &str,
        is_admin: bool,
        addr: Option<std::net::IpAddr>,
    ) -> Result<(), Refusal> {
        if is_admin || self.creations.allow(sdkappid, user, addr) {
            return Ok(());
        }
        liveroom_telemetry::metrics().chat.limit_refusals.with_label_values(&["room_creation_rate"]).inc();
        Err(Refusal::new(
            ErrorCode::RateLimited,
            format!("at most {} rooms a minute per user and per address; try later", self.creations.per_minute()),
        ))
    }

    /// The chat configuration.
    pub fn config(&self) -> &ChatConfig {
        &self.config
    }

    /// The banned-word list of an app.
    pub fn banned_words(&self, sdkappid: u64) -> Arc<BannedWords> {
        self.banned.lock().entry(sdkappid).or_default().clone()
    }

    /// Sets an app's banned words: stored in the directory (etcd in a cluster, where every
    /// node follows them, [`NodeHost::follow_banned_words`]) and applied here at once.
    pub async fn set_banned_words(&self, sdkappid: u64, words: Vec<String>) -> Result<(), DirectoryError> {
        self.directory.set_banned_words(sdkappid, words.clone()).await?;
        self.banned_words(sdkappid).set(words);
        Ok(())
    }

    /// Applies the apps' banned words stored in the directory now and whenever they change
    /// (a cluster: a change made through any node reaches this one).
    pub fn follow_banned_words(self: &Arc<Self>) {
        let Some((now, mut changes)) = self.directory.banned_words() else { return };
        self.apply_banned_words(now);
        let host = Arc::downgrade(self);
        actix::spawn(async move {
            while changes.changed().await.is_ok() {
                let Some(host) = host.upgrade() else { break };
                if let Some((all, _)) = host.directory.banned_words() {
                    host.apply_banned_words(all);
                }
            }
        });
    }

    fn apply_banned_words(&self, all: HashMap<u64, Vec<String>>) {
        for app in self.apps.apps() {
            self.banned_words(app.sdkappid).set(all.get(&app.sdkappid).cloned().unwrap_or_default());
        }
    }

    /// The node links.
    pub fn links(&self) -> &Links {
        &self.links
    }

    /// Whether this node is draining.
    pub fn is_draining(&self) -> bool {
        self.draining.load(Ordering::Acquire)
    }

    /// Rooms whose actor runs here.
    pub fn rooms_owned(&self) -> usize {
        self.rooms.lock().values().filter(|r| r.is_alive()).count()
    }

    pub(crate) fn local_room(&self, key: &RoomKey) -> Option<LocalRoom> {
        self.rooms.lock().get(key).filter(|r| r.is_alive()).cloned()
    }

    pub(crate) fn local_rooms(&self) -> Vec<(RoomKey, LocalRoom)> {
        self.rooms.lock().iter().filter(|(_, r)| r.is_alive()).map(|(k, r)| (k.clone(), r.clone())).collect()
    }

    /// The room's handle if the room is live here or this node has members in it (no
    /// directory call).
    pub fn live_room(&self, sdkappid: u64, room_id: &RoomId) -> Option<RoomRef> {
        let key = RoomKey { sdkappid, room: room_id.clone() };
        let has_members = self.handles.lock().get(&key).is_some_and(|h| h.member_count() > 0);
        if self.local_room(&key).is_some() || has_members {
            Some(self.handle(key))
        } else {
            None
        }
    }

    /// Whether a stream whose id starts with `prefix` is published on this node.
    pub fn streams_in(&self, prefix: &str) -> bool {
        self.streams.lock().keys().any(|id| id.starts_with(prefix))
    }

    /// The room's handle; whether the room exists is known on first use.
    pub async fn room(self: &Arc<Self>, sdkappid: u64, room_id: &RoomId) -> Result<RoomRef, ErrorCode> {
        Ok(self.handle(RoomKey { sdkappid, room: room_id.clone() }))
    }

    /// This node's one handle of a room (pushes from the owner reach members through it).
    pub(crate) fn handle(&self, key: RoomKey) -> RoomRef {
        self.handles.lock().entry(key.clone()).or_insert_with(|| RoomRef::new(key, self.me.clone())).clone()
    }

    pub(crate) fn handle_if_any(&self, key: &RoomKey) -> Option<RoomRef> {
        self.handles.lock().get(key).cloned()
    }

    pub(crate) fn handles(&self) -> Vec<RoomRef> {
        self.handles.lock().values().cloned().collect()
    }

    pub(crate) fn track_handle(&self, handle: &RoomRef) {
        self.handles.lock().entry(handle.key().clone()).or_insert_with(|| handle.clone());
    }

    pub(crate) fn untrack_handle(&self, handle: &RoomRef) {
        let mut handles = self.handles.lock();
        if handles.get(handle.key()).is_some_and(|h| h.ptr_eq(handle) && h.member_count() == 0) {
            handles.remove(handle.key());
        }
    }

    /// Where the room lives: its actor here (started if the room is placed here), or the
    /// link to its owner.
    pub(crate) async fn resolve(&self, key: &RoomKey) -> Result<RouteTarget, ErrorCode> {
        if let Some(local) = self.local_room(key) {
            return Ok(RouteTarget::Local(local));
        }
        let record = self
            .directory
            .get_room(key.sdkappid, &key.room)
            .await
            .map_err(directory_error)?
            .ok_or(ErrorCode::RoomNotFound)?;
        let placement = self.directory.place_room(key.sdkappid, &key.room).await.map_err(directory_error)?;
        if &placement.node == self.directory.local_node() {
            return Ok(RouteTarget::Local(self.start_room(key, record.owner, None, placement.epoch)));
        }
        let link = self.links.get(&placement.node).await.map_err(|e| {
            tracing::warn!(error = %e, node = %placement.node.0, "room owner unreachable");
            ErrorCode::Busy
        })?;
        Ok(RouteTarget::Remote(link))
    }

    /// Starts the room's actor here under placement `epoch`: from a previous owner's
    /// state (`adopted`, a hand-off), from the copy this node keeps as the room's follower
    /// (a promotion: the room carries on with its sequence numbers, history and mutes), or
    /// fresh.
    pub(crate) fn start_room(&self, key: &RoomKey, owner: UserId, adopted: Option<Room>, epoch: u64) -> LocalRoom {
        self.start_room_at(key, owner, adopted, Arc::new(AtomicU64::new(epoch)))
    }

    /// [`NodeHost::start_room`] with the room's epoch cell given: the ports of members an
    /// adopted room brings along stamp their pushes from the same cell.
    pub(crate) fn start_room_at(
        &self,
        key: &RoomKey,
        owner: UserId,
        adopted: Option<Room>,
        epoch_cell: Arc<AtomicU64>,
    ) -> LocalRoom {
        let epoch = epoch_cell.load(Ordering::Acquire);
        let mut rooms = self.rooms.lock();
        if let Some(r) = rooms.get(key).filter(|r| r.is_alive()) {
            if adopted.is_none() {
                return r.clone();
            }
        }
        let thread = &self.room_threads[shard(key, self.room_threads.len())];
        let alive = Arc::new(AtomicBool::new(true));
        let now = Instant::now();
        let adopted = adopted.or_else(|| {
            let replica = self.take_replica(key)?;
            metrics().cluster.migrations.with_label_values(&["promoted"]).inc();
            tracing::info!(
                room = %key.room,
                seq = replica.state.seq,
                old_owner = %replica.owner.0,
                epoch,
                "room promoted from this node's copy"
            );
            Some(Room::adopt(replica.state, self.config.room.clone(), self.banned_words(key.sdkappid), now, |_| None))
        });
        let room = adopted.unwrap_or_else(|| {
            Room::new(
                key.sdkappid,
                key.room.clone(),
                owner,
                self.config.room.clone(),
                self.banned_words(key.sdkappid),
                now,
            )
        });
        let epoch = epoch_cell;
        let replication = self
            .directory
            .replicates()
            .then(|| crate::room::actor::Replication::new(self.me.clone(), key.clone(), epoch.clone()));
        let host = self.me.clone();
        let stop_key = key.clone();
        let stop_alive = alive.clone();
        let on_stop = Box::new(move || {
            if let Some(host) = host.upgrade() {
                let mut rooms = host.rooms.lock();
                if rooms.get(&stop_key).is_some_and(|r| Arc::ptr_eq(&r.alive_flag(), &stop_alive)) {
                    rooms.remove(&stop_key);
                }
                drop(rooms);
                // A handle nobody is in (admin or info calls) goes with the room.
                let mut handles = host.handles.lock();
                if handles.get(&stop_key).is_some_and(|h| h.member_count() == 0) {
                    handles.remove(&stop_key);
                }
            }
        });
        let idle = self.config.session.room_idle_stop;
        let actor_alive = alive.clone();
        let relay = self.relay.clone();
        let webhooks = self.webhooks().clone();
        let addr = RoomActor::start_in_arbiter(thread, move |_| {
            let actor = RoomActor::with_relay(room, idle, actor_alive, on_stop, relay).with_webhooks(&webhooks);
            match replication {
                Some(r) => actor.replicated_by(r),
                None => actor,
            }
        });
        let r = LocalRoom::new(key.room.clone(), addr, alive, epoch);
        rooms.insert(key.clone(), r.clone());
        drop(rooms);
        if let Some(h) = self.handle_if_any(key) {
            let previous = h.remote_node();
            h.set_local(r.clone());
            if let Some(node) = previous.filter(|_| h.member_count() > 0) {
                // This node's members entered the room at its previous owner: they enter
                // here now, each resuming after the last message it received.
                actix::spawn(async move { h.reattach_from(node).await });
            }
        }
        r
    }

    /// The node that keeps a copy of `key` (a room owned here): the least-loaded other
    /// live node that is not draining, ties broken by the room; `avoid` (a node that just
    /// failed) only when there is no other.
    pub(crate) fn choose_follower(&self, key: &RoomKey, avoid: Option<&NodeId>) -> Option<NodeId> {
        let local = self.directory.local_node();
        let candidates: Vec<(NodeId, u64)> = self
            .directory
            .live_nodes()
            .into_iter()
            .filter(|(id, info)| id != local && !info.draining && info.lease != 0)
            .map(|(id, info)| (id, info.load))
            .collect();
        let score = |id: &NodeId| {
            let mut h = std::collections::hash_map::DefaultHasher::new();
            (key, &id.0).hash(&mut h);
            h.finish()
        };
        let best = |skip: Option<&NodeId>| {
            candidates.iter().filter(|(id, _)| Some(id) != skip).min_by_key(|(id, load)| (*load, score(id))).cloned()
        };
        best(avoid).or_else(|| if avoid.is_some() { None } else { best(None) }).map(|(id, _)| id)
    }

    pub(crate) fn set_draining(&self, draining: bool) {
        self.draining.store(draining, Ordering::Release);
    }

    /// Registers a logged-in session; a previous session of the same user is kicked.
    pub fn claim_user(
        &self,
        sdkappid: u64,
        user: &UserId,
        scope: LoginScope,
        session: SessionId,
        addr: Addr<UserActor>,
    ) {
        let previous = self.users.lock().insert((sdkappid, user.clone(), scope), SessionEntry { session, addr });
        if let Some(prev) = previous {
            if prev.session != session {
                prev.addr.do_send(Kicked(CloseCode::KickedMultipleAccount));
            }
        }
    }

    /// Unregisters a session's login (only if it is still the registered one).
    pub fn release_user(&self, sdkappid: u64, user: &UserId, scope: LoginScope, session: SessionId) {
        let mut users = self.users.lock();
        let key = (sdkappid, user.clone(), scope);
        if users.get(&key).is_some_and(|e| e.session == session) {
            users.remove(&key);
        }
    }

    /// The session of a logged-in user, if connected here.
    pub fn user_session(&self, sdkappid: u64, user: &UserId) -> Option<Addr<UserActor>> {
        self.users.lock().get(&(sdkappid, user.clone(), LoginScope::Im)).map(|e| e.addr.clone())
    }

    /// Tracks a session's queue so shutdown can close it.
    pub fn register_queue(&self, session: SessionId, queue: OutboundQueue) {
        self.queues.lock().insert(session, queue);
    }

    /// Forgets a session's queue.
    pub fn unregister_queue(&self, session: SessionId) {
        self.queues.lock().remove(&session);
    }

    /// Sessions connected now.
    pub fn session_count(&self) -> usize {
        self.queues.lock().len()
    }

    /// Closes every session with `code` (shutdown, drain).
    pub fn close_all_sessions(&self, code: CloseCode) {
        for queue in self.queues.lock().values() {
            queue.close(code);
        }
    }
}

impl NodeHost {
    pub(crate) async fn room_record(
        &self,
        sdkappid: u64,
        room_id: &RoomId,
    ) -> Result<liveroom_cluster::RoomRecord, Refusal> {
        let record = self
            .directory
            .get_room(sdkappid, room_id)
            .await
            .map_err(|e| Refusal::new(ErrorCode::Busy, e.to_string()))?;
        Ok(record.ok_or(ErrorCode::RoomNotFound)?)
    }

    pub(crate) fn media_quota(&self) -> &crate::media_quota::MediaQuota {
        &self.media_quota
    }

    /// The administrator's recording switch: `start` (or stop) recording room `room_id`
    /// (its streams packaged on this node, now and until stopped) or one stream of it.
    /// Returns the streams whose recording started or stopped now.
    pub fn switch_recording(
        &self,
        sdkappid: u64,
        room_id: &RoomId,
        stream_id: Option<&str>,
        start: bool,
    ) -> Result<Vec<String>, Refusal> {
        let Some(relay) = self.relay.as_ref().filter(|r| r.recorder().is_some()) else {
            return Err(Refusal::new(ErrorCode::ResourceNotFound, "recording is not configured on this node"));
        };
        let key = RoomKey { sdkappid, room: room_id.clone() };
        let here: Vec<String> = self
            .streams
            .lock()
            .iter()
            .filter(|(id, (room, _))| *room == key && stream_id.is_none_or(|s| s == id.as_str()))
            .map(|(id, _)| id.clone())
            .collect();
        match (stream_id, start) {
            (None, true) => Ok(relay.record_room(sdkappid, room_id.as_str(), &here)),
            (None, false) => {
                relay.stop_recording_room(sdkappid, room_id.as_str(), &here);
                Ok(here)
            }
            (Some(id), _) if here.is_empty() => Err(Refusal::new(
                ErrorCode::StreamNotLive,
                format!("stream {id} is not live in this room on this node"),
            )),
            (Some(id), true) if relay.record_stream(sdkappid, room_id.as_str(), id) => Ok(here),
            (Some(id), true) => {
                Err(Refusal::new(ErrorCode::StreamNotLive, format!("stream {id} is not packaged on this node")))
            }
            (Some(id), false) => match self.recorder().is_some_and(|r| r.stop(sdkappid, id)) {
                true => Ok(here),
                false => Err(Refusal::new(ErrorCode::ResourceNotFound, format!("stream {id} is not being recorded"))),
            },
        }
    }

    /// The recorder, when recording is configured.
    pub fn recorder(&self) -> Option<Arc<liveroom_recorder::Recorder>> {
        self.relay.as_ref().and_then(|r| r.recorder())
    }

    pub(crate) fn relay(&self) -> Option<&Arc<crate::relay::RelayHost>> {
        self.relay.as_ref()
    }

    pub(crate) fn sfu(&self) -> Result<SfuHandle, Refusal> {
        self.media.clone().ok_or_else(|| Refusal::new(ErrorCode::Busy, "media is not enabled on this node"))
    }

    /// Publishes a user's media into a room. Who may: the room's owner, the users its owner
    /// or the administrator allowed ([`liveroom_cluster::RoomRecord::publishers`]), and the
    /// administrator; under one of the caller's own stream ids
    /// (`<sdkappid>_<roomid>_<userid>_<suffix>`, [`liveroom_protocol::own_stream_id`]).
    /// Checked here, on the node the request reached, and again on the room's node.
    /// Returns the stream id and the SDP answer; a StreamActor then follows the stream and
    /// tells the room when it goes live and when it ends.
    pub async fn publish(
        self: &Arc<Self>,
        client: &crate::MediaClient,
        room_id: &RoomId,
        is_admin: bool,
        stream_id: Option<String>,
        offer: String,
        queue: Option<OutboundQueue>,
    ) -> Result<(String, Answer), Refusal> {
        let (sdkappid, user) = (client.sdkappid, &client.user);
        let record = self.room_record(sdkappid, room_id).await?;
        if !record.may_publish(user, is_admin) {
            return Err(ErrorCode::PublishNotAllowed.into());
        }
        let stream_id = liveroom_protocol::own_stream_id(sdkappid, room_id, user, stream_id.as_deref())
            .map_err(|e| Refusal::new(ErrorCode::StreamIdNotOwn, e.to_string()))?;
        let room = self.room(sdkappid, room_id).await?;
        if let Some(link) = room.owner_link().await? {
            // The SDP answer comes from the room's owner: media flows straight to its UDP port.
            let key = room.key().clone();
            let request = crate::link::LinkRequest::Publish {
                key,
                user: user.clone(),
                is_admin,
                stream_id: Some(stream_id),
                offer,
                client: Some(client.clone()),
            };
            let (stream_id, answer) = self.remote_media(&link, request).await?;
            self.remote_streams.lock().insert(stream_id.clone(), link);
            return Ok((stream_id, answer));
        }
        let sfu = self.sfu()?;
        let reservation = self.media_quota.reserve(client)?;
        let answer = sfu.publish(stream_id.clone(), offer).await?;
        reservation.bind(answer.peer);
        let key = RoomKey { sdkappid, room: room_id.clone() };
        self.start_stream(key, stream_id.clone(), user.clone(), room, sfu, answer.peer, queue);
        Ok((stream_id, answer))
    }

    /// Follows a stream the engine accepted (a WebRTC publish, an RTMP ingest): its
    /// StreamActor tells the room when it goes live and ends; the directory learns where
    /// it is so CDN requests reaching other nodes find it.
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn start_stream(
        self: &Arc<Self>,
        key: RoomKey,
        stream_id: String,
        user: UserId,
        room: RoomRef,
        sfu: SfuHandle,
        peer: PeerId,
        queue: Option<OutboundQueue>,
    ) {
        let thread = &self.room_threads[shard(&key, self.room_threads.len())];
        let actor =
            StreamActor::new(stream_id.clone(), key.room.clone(), user, room, sfu, peer, queue, Arc::downgrade(self));
        let addr = StreamActor::start_in_arbiter(thread, move |_| actor);
        self.streams.lock().insert(stream_id.clone(), (key, addr.clone()));
        self.media_peers.lock().insert(peer, addr);
        let directory = self.directory.clone();
        tokio::spawn(async move {
            if let Err(e) = directory.register_stream(&stream_id).await {
                tracing::warn!(error = %e, stream = stream_id, "could not register the stream in the directory");
            }
        });
    }

    async fn remote_media(
        &self,
        link: &Arc<crate::link::Link>,
        request: crate::link::LinkRequest,
    ) -> Result<(String, Answer), Refusal> {
        match link.request(request).await {
            Ok(crate::link::LinkReply::Media { stream_id, sdp, peer }) => {
                static NEXT_ALIAS: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(REMOTE_PEER_BASE);
                let alias = PeerId(NEXT_ALIAS.fetch_add(1, Ordering::Relaxed));
                self.remote_peers.lock().insert(alias, (link.clone(), peer));
                Ok((stream_id, Answer { peer: alias, sdp }))
            }
            Ok(_) => Err(Refusal::new(ErrorCode::Internal, "unexpected answer from the room's node")),
            Err(e) => Err(refusal_from_link(e)),
        }
    }

    /// Plays a room's stream: `stream_id`, or by default the owner's main stream (or the
    /// room's only live stream). Returns the stream id and the SDP answer.
    /// Only a stream published in `room_id` is played (stream ids are app-wide: a viewer
    /// of one room never gets another room's stream by naming it). `client` is counted
    /// against the media limits (none: a request from a node of an older version).
    ///
    /// Where: a stream is played on the node it is published on. That is the room's node
    /// for WebRTC publishes (they go there), but an RTMP stream is on the node its encoder
    /// reached: a node plays its own streams whichever node owns the room, and the room's
    /// node sends a play for a stream it does not have to the stream's node (the
    /// directory knows it).
    pub async fn play(
        self: &Arc<Self>,
        sdkappid: u64,
        client: Option<&crate::MediaClient>,
        room_id: &RoomId,
        stream_id: Option<String>,
        offer: String,
        queue: Option<OutboundQueue>,
    ) -> Result<(String, Answer), Refusal> {
        let record = self.room_record(sdkappid, room_id).await?;
        let key = RoomKey { sdkappid, room: room_id.clone() };
        if let Some(actor) = stream_id.as_deref().and_then(|id| self.local_stream(&key, id)) {
            let stream_id = stream_id.unwrap_or_default();
            return self.subscribe(client, stream_id, actor, offer, queue).await;
        }
        let room = self.room(sdkappid, room_id).await?;
        if let Some(link) = room.owner_link().await? {
            let request =
                crate::link::LinkRequest::Play { key: room.key().clone(), stream_id, offer, client: client.cloned() };
            return self.remote_media(&link, request).await;
        }
        let stream_id = match stream_id {
            Some(s) => s,
            None => {
                let main = format!("{sdkappid}_{room_id}_{}_main", record.owner);
                let live = match self.live_room(sdkappid, room_id) {
                    Some(room) => room.streams().await.unwrap_or_default(),
                    None => Vec::new(),
                };
                if live.iter().any(|s| s.stream_id == main) || live.is_empty() {
                    main
                } else {
                    live[0].stream_id.clone()
                }
            }
        };
        if let Some(actor) = self.local_stream(&key, &stream_id) {
            return self.subscribe(client, stream_id, actor, offer, queue).await;
        }
        // Published on another node (RTMP): only a stream the room lists as live is looked
        // for there, and that node checks again that it belongs to this room.
        let listed = match self.live_room(sdkappid, room_id) {
            Some(room) => room.streams().await.unwrap_or_default().iter().any(|s| s.stream_id == stream_id),
            None => false,
        };
        let node = if listed { self.directory.stream_node(&stream_id).await.ok().flatten() } else { None };
        match node.filter(|n| n != self.directory.local_node()) {
            Some(node) => {
                let link = self.links.get(&node).await.map_err(refusal_from_link)?;
                let request =
                    crate::link::LinkRequest::Play { key, stream_id: Some(stream_id), offer, client: client.cloned() };
                self.remote_media(&link, request).await
            }
            None => Err(Refusal::new(ErrorCode::StreamNotLive, format!("stream {stream_id} is not live in this room"))),
        }
    }

    /// The actor of `stream_id` if it is published on this node in room `key`.
    fn local_stream(&self, key: &RoomKey, stream_id: &str) -> Option<Addr<StreamActor>> {
        self.streams.lock().get(stream_id).filter(|(room, _)| room == key).map(|(_, actor)| actor.clone())
    }

    /// A viewer leg of a stream published on this node.
    async fn subscribe(
        &self,
        client: Option<&crate::MediaClient>,
        stream_id: String,
        actor: Addr<StreamActor>,
        offer: String,
        queue: Option<OutboundQueue>,
    ) -> Result<(String, Answer), Refusal> {
        let sfu = self.sfu()?;
        let reservation = client.map(|c| self.media_quota.reserve(c)).transpose()?;
        let answer = sfu.subscribe(stream_id.clone(), offer).await?;
        if let Some(r) = reservation {
            r.bind(answer.peer);
        }
        self.media_peers.lock().insert(answer.peer, actor.clone());
        actor.do_send(Subscribed { peer: answer.peer, play_id: answer.peer.0, queue });
        Ok((stream_id, answer))
    }

    /// Restarts a media session's ICE with the client's new credentials (WHIP / WHEP
    /// `PATCH`, the SDK's `restartIce`); answers the server's new ones. A leg set up on the
    /// room's node through this one is restarted there.
    pub async fn restart_ice(&self, peer: PeerId, ufrag: String, pwd: String) -> Result<IceRestart, Refusal> {
        let remote = self.remote_peers.lock().get(&peer).cloned();
        let Some((link, remote)) = remote else {
            return Ok(self.sfu()?.restart_ice(peer, ufrag, pwd).await?);
        };
        match link.request(crate::link::LinkRequest::RestartIce { peer: remote, ufrag, pwd }).await {
            Ok(crate::link::LinkReply::IceRestarted { ufrag, pwd, candidates, sdp }) => {
                Ok(IceRestart { ufrag, pwd, candidates, sdp })
            }
            Ok(_) => Err(Refusal::new(ErrorCode::Internal, "unexpected answer from the room's node")),
            Err(e) => Err(refusal_from_link(e)),
        }
    }

    /// Whether a media leg may still be up: a local leg until the engine reports it gone; a
    /// leg on another node until it is closed through this one.
    pub fn media_leg_alive(&self, peer: PeerId) -> bool {
        self.media_peers.lock().contains_key(&peer) || self.remote_peers.lock().contains_key(&peer)
    }

    /// Answers a connection test (the test page's `probe`): a media leg on this node that
    /// connects like a publisher's and carries nothing anywhere, closed after
    /// [`liveroom_protocol::client::PROBE_LIFETIME_SECS`] whatever the client does. Anyone
    /// may ask (a visitor who cannot connect has often not logged in); `addr` bounds how
    /// many run at once per client address, and the node bounds them all.
    pub async fn probe(&self, addr: Option<std::net::IpAddr>, offer: String) -> Result<Answer, Refusal> {
        let sfu = self.sfu()?;
        let reservation = self.media_quota.reserve_probe(addr)?;
        let answer = sfu.probe(offer).await?;
        reservation.bind(answer.peer);
        metrics().media.connection_tests.inc();
        let peer = answer.peer;
        actix::spawn(async move {
            actix::clock::sleep(Duration::from_secs(liveroom_protocol::client::PROBE_LIFETIME_SECS)).await;
            sfu.close(peer);
        });
        Ok(answer)
    }

    /// Ends a publish or play leg (WHIP / WHEP DELETE, `stopPlay`, session end).
    pub fn close_peer(&self, peer: PeerId) {
        if let Some((link, remote)) = self.remote_peers.lock().remove(&peer) {
            actix::spawn(async move {
                let _ = link.request(crate::link::LinkRequest::ClosePeer { peer: remote }).await;
            });
            return;
        }
        if let Some(sfu) = &self.media {
            sfu.close(peer);
        }
    }

    /// Stops publishing `stream_id`; false if it is not published here.
    pub fn unpublish(&self, stream_id: &str) -> bool {
        if let Some(link) = self.remote_streams.lock().remove(stream_id) {
            let stream_id = stream_id.to_owned();
            actix::spawn(async move {
                let _ = link.request(crate::link::LinkRequest::Unpublish { stream_id }).await;
            });
            return true;
        }
        match self.streams.lock().get(stream_id) {
            Some((_, actor)) => {
                actor.do_send(Unpublish);
                true
            }
            None => false,
        }
    }

    /// Hands a media engine event to the StreamActor its peer belongs to.
    pub fn route_media_event(&self, event: SfuEvent) {
        let peer = match &event {
            SfuEvent::StreamLive { peer, .. }
            | SfuEvent::StreamEnded { peer, .. }
            | SfuEvent::PeerState { peer, .. } => *peer,
            SfuEvent::PeerGone { peer } => {
                // The engine's last word about a peer: its count and its route go.
                self.media_quota.release(*peer);
                self.media_peers.lock().remove(peer);
                return;
            }
        };
        if let Some(actor) = self.media_peers.lock().get(&peer) {
            actor.do_send(Media(event));
        }
    }

    pub(crate) fn forget_stream(&self, stream_id: &str, publisher: PeerId, subscribers: impl Iterator<Item = PeerId>) {
        self.streams.lock().remove(stream_id);
        let directory = self.directory.clone();
        let registered = stream_id.to_owned();
        actix::spawn(async move {
            let _ = directory.unregister_stream(&registered).await;
        });
        let mut peers = self.media_peers.lock();
        peers.remove(&publisher);
        for p in subscribers {
            peers.remove(&p);
        }
    }
}

fn shard(key: &RoomKey, n: usize) -> usize {
    let mut h = std::collections::hash_map::DefaultHasher::new();
    key.hash(&mut h);
    (h.finish() % n as u64) as usize
}

fn directory_error(e: DirectoryError) -> ErrorCode {
    tracing::warn!(error = %e, "directory call failed");
    ErrorCode::Busy
}
