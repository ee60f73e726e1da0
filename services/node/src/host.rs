//! The node host: finds or starts room actors, and keeps the session registry (one
//! session per user and app: a second login kicks the first).

use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::sync::atomic::AtomicBool;
use std::sync::Arc;
use std::time::{Duration, Instant};

use actix::prelude::*;
use liveroom_auth::AppRegistry;
use liveroom_cluster::{Directory, DirectoryError};
use liveroom_protocol::{CloseCode, ErrorCode, RoomId, UserId};
use parking_lot::Mutex;

use crate::outbound::OutboundQueue;
use crate::room::actor::{RoomActor, RoomRef};
use crate::room::{BannedWords, Room};
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
}

impl Default for SessionLimits {
    fn default() -> Self {
        Self {
            send_rate: 10,
            frame_rate: 50,
            max_violations: 50,
            max_rooms: 10,
            room_idle_stop: Duration::from_secs(300),
        }
    }
}

type RoomKey = (u64, RoomId);

struct SessionEntry {
    session: SessionId,
    addr: Addr<UserActor>,
}

/// The node's actor host. Shared by every gateway worker.
pub struct NodeHost {
    directory: Arc<dyn Directory>,
    apps: Arc<AppRegistry>,
    config: ChatConfig,
    room_threads: Vec<ArbiterHandle>,
    rooms: Mutex<HashMap<RoomKey, RoomRef>>,
    users: Mutex<HashMap<(u64, UserId), SessionEntry>>,
    queues: Mutex<HashMap<SessionId, OutboundQueue>>,
    banned: Mutex<HashMap<u64, Arc<BannedWords>>>,
}

impl NodeHost {
    /// A host with `room_threads` threads for room actors. Must run inside an actix System.
    pub fn new(
        directory: Arc<dyn Directory>,
        apps: Arc<AppRegistry>,
        config: ChatConfig,
        room_threads: usize,
    ) -> Arc<Self> {
        let room_threads = (0..room_threads.max(1)).map(|_| Arbiter::new().handle()).collect();
        Arc::new(Self {
            directory,
            apps,
            config,
            room_threads,
            rooms: Mutex::new(HashMap::new()),
            users: Mutex::new(HashMap::new()),
            queues: Mutex::new(HashMap::new()),
            banned: Mutex::new(HashMap::new()),
        })
    }

    /// The apps.
    pub fn apps(&self) -> &AppRegistry {
        &self.apps
    }

    /// The directory.
    pub fn directory(&self) -> &Arc<dyn Directory> {
        &self.directory
    }

    /// The chat configuration.
    pub fn config(&self) -> &ChatConfig {
        &self.config
    }

    /// The banned-word list of an app.
    pub fn banned_words(&self, sdkappid: u64) -> Arc<BannedWords> {
        self.banned.lock().entry(sdkappid).or_default().clone()
    }

    /// The running room actor, if any (no directory call).
    pub fn live_room(&self, sdkappid: u64, room_id: &RoomId) -> Option<RoomRef> {
        self.rooms.lock().get(&(sdkappid, room_id.clone())).filter(|r| r.is_alive()).cloned()
    }

    /// The room's actor, started if the room exists in the directory but is not running.
    pub async fn room(self: &Arc<Self>, sdkappid: u64, room_id: &RoomId) -> Result<RoomRef, ErrorCode> {
        if let Some(r) = self.live_room(sdkappid, room_id) {
            return Ok(r);
        }
        let record = self
            .directory
            .get_room(sdkappid, room_id)
            .await
            .map_err(directory_error)?
            .ok_or(ErrorCode::RoomNotFound)?;
        let placement = self.directory.place_room(sdkappid, room_id).await.map_err(directory_error)?;
        if &placement.node != self.directory.local_node() {
            // Cross-node rooms arrive with the cluster; until then every room is local.
            return Err(ErrorCode::Busy);
        }
        let key = (sdkappid, room_id.clone());
        let mut rooms = self.rooms.lock();
        if let Some(r) = rooms.get(&key).filter(|r| r.is_alive()) {
            return Ok(r.clone());
        }
        let thread = &self.room_threads[shard(&key, self.room_threads.len())];
        let alive = Arc::new(AtomicBool::new(true));
        let room = Room::new(
            sdkappid,
            room_id.clone(),
            record.owner,
            self.config.room.clone(),
            self.banned_words(sdkappid),
            Instant::now(),
        );
        let host = Arc::downgrade(self);
        let stop_key = key.clone();
        let stop_alive = alive.clone();
        let on_stop = Box::new(move || {
            if let Some(host) = host.upgrade() {
                let mut rooms = host.rooms.lock();
                if rooms.get(&stop_key).is_some_and(|r| Arc::ptr_eq(&r.alive_flag(), &stop_alive)) {
                    rooms.remove(&stop_key);
                }
            }
        });
        let idle = self.config.session.room_idle_stop;
        let actor_alive = alive.clone();
        let addr = RoomActor::start_in_arbiter(thread, move |_| RoomActor::new(room, idle, actor_alive, on_stop));
        let r = RoomRef::new(room_id.clone(), addr, alive);
        rooms.insert(key, r.clone());
        Ok(r)
    }

    /// Registers a logged-in session; a previous session of the same user is kicked.
    pub fn claim_user(&self, sdkappid: u64, user: &UserId, session: SessionId, addr: Addr<UserActor>) {
        let previous = self.users.lock().insert((sdkappid, user.clone()), SessionEntry { session, addr });
        if let Some(prev) = previous {
            if prev.session != session {
                prev.addr.do_send(Kicked(CloseCode::KickedMultipleAccount));
            }
        }
    }

    /// Unregisters a session's login (only if it is still the registered one).
    pub fn release_user(&self, sdkappid: u64, user: &UserId, session: SessionId) {
        let mut users = self.users.lock();
        let key = (sdkappid, user.clone());
        if users.get(&key).is_some_and(|e| e.session == session) {
            users.remove(&key);
        }
    }

    /// The session of a logged-in user, if connected here.
    pub fn user_session(&self, sdkappid: u64, user: &UserId) -> Option<Addr<UserActor>> {
        self.users.lock().get(&(sdkappid, user.clone())).map(|e| e.addr.clone())
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

fn shard(key: &RoomKey, n: usize) -> usize {
    let mut h = std::collections::hash_map::DefaultHasher::new();
    key.hash(&mut h);
    (h.finish() % n as u64) as usize
}

fn directory_error(e: DirectoryError) -> ErrorCode {
    tracing::warn!(error = %e, "directory call failed");
    ErrorCode::Busy
}
