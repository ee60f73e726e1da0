//! The Directory: which rooms exist, with their directory metadata, and which node owns
//! each live room.
//!
//! Owns: the [`Directory`] trait and its contract; [`MemoryDirectory`] (one node, nothing
//! kept), [`EmbeddedDirectory`] (one node, rooms and app settings kept in a file under the
//! data directory: what `liveroom serve` uses) and [`EtcdDirectory`] (a cluster). Actors
//! and gateways never know which one they run on.
//!
//! Must not: sit on a per-message or per-packet path (callers cache what they need), or
//! depend on actors, sockets or `services/*`.
//!
//! Contract: `create_room` is create-if-absent and atomic (two callers racing for one id
//! get one `Created` and one `ExistsOwned` / `TakenByOther`); `place_room` returns the same
//! placement to every caller until the owner goes away, and a new placement always has a
//! larger epoch than the one it replaces (fencing for stale owners).

pub mod conformance;
mod embedded;
mod etcd;
mod memory;

use async_trait::async_trait;
use liveroom_protocol::{RoomId, UserId};
use serde::{Deserialize, Serialize};

pub use embedded::{EmbeddedDirectory, StoreError, STORE_FILE};
pub use etcd::EtcdDirectory;
pub use memory::MemoryDirectory;

/// What a node publishes about itself in the directory.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NodeInfo {
    /// HTTP / WebSocket address clients and peers use.
    pub http: String,
    /// UDP media address.
    pub media: String,
    /// Whether the node is draining (takes no new rooms).
    pub draining: bool,
    /// The node's etcd lease: placements on the node are bound to it.
    #[serde(default)]
    pub lease: i64,
    /// Rooms the node owns (placement prefers the least loaded node).
    #[serde(default)]
    pub load: u64,
    /// Where other nodes reach the node link when it has an internal listener of its own
    /// (`server.internal_http`); empty = at `http`.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub internal: String,
}

/// A node of the cluster (in single-node mode, the one node).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct NodeId(pub String);

/// A room as listed in the directory (what the demo's live list shows).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RoomRecord {
    /// The app the room belongs to.
    pub sdkappid: u64,
    /// The room id.
    #[serde(rename = "roomId")]
    pub room_id: RoomId,
    /// The owner (TWebLive: the anchor).
    #[serde(rename = "anchorId")]
    pub owner: UserId,
    /// Title / name.
    pub title: String,
    /// Notice text.
    pub notification: String,
    /// Introduction.
    pub introduction: String,
    /// Room avatar URL.
    pub avatar: String,
    /// Unix seconds of creation.
    #[serde(rename = "createdAt")]
    pub created_at: u64,
    /// Users besides the owner who may publish in the room (TRTC's anchors), set by the
    /// owner or the administrator. At most [`MAX_PUBLISHERS`].
    #[serde(default)]
    pub publishers: Vec<UserId>,
    /// Unix seconds when the room was last seen active (members or a stream), written by
    /// the node running it every so often; 0 = never since creation.
    #[serde(rename = "lastActiveAt", default)]
    pub last_active_at: u64,
}

/// Every app's banned words by SDKAppID, and a receiver that changes when they change.
pub type BannedWordsView = (std::collections::HashMap<u64, Vec<String>>, tokio::sync::watch::Receiver<u64>);

/// Most users one room may allow to publish besides its owner.
pub const MAX_PUBLISHERS: usize = 50;

impl RoomRecord {
    /// Whether `user` may publish in this room: its owner, an allowed publisher, or (with
    /// `is_admin`) the app's administrator.
    pub fn may_publish(&self, user: &UserId, is_admin: bool) -> bool {
        is_admin || &self.owner == user || self.publishers.contains(user)
    }

    /// Unix seconds since when the room is known idle: its last activity, or its creation.
    pub fn idle_since(&self) -> u64 {
        self.last_active_at.max(self.created_at)
    }

    /// Whether the room has been idle `ttl` seconds at `now` (unix seconds) and is not
    /// `active` now (0 = rooms never expire).
    pub fn expired(&self, now: u64, ttl: u64, active: bool) -> bool {
        ttl > 0 && !active && now.saturating_sub(self.idle_since()) >= ttl
    }
}

/// What a caller gives to create a room.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewRoom {
    /// The owner (the caller).
    pub owner: UserId,
    /// Title / name.
    pub title: String,
    /// Notice text.
    pub notification: String,
    /// Introduction.
    pub introduction: String,
    /// Room avatar URL.
    pub avatar: String,
    /// The owner is the app's administrator: not bounded by the per-user room limit (only
    /// by the app's).
    pub owner_is_admin: bool,
}

impl NewRoom {
    /// A room owned by `owner` with empty texts.
    pub fn new(owner: UserId) -> Self {
        Self {
            owner,
            title: String::new(),
            notification: String::new(),
            introduction: String::new(),
            avatar: String::new(),
            owner_is_admin: false,
        }
    }
}

impl NewRoom {
    /// The directory record of this room under `room_id`, created at `now`.
    pub fn to_record(&self, sdkappid: u64, room_id: RoomId, now: u64) -> RoomRecord {
        RoomRecord {
            sdkappid,
            room_id,
            owner: self.owner.clone(),
            title: self.title.clone(),
            notification: self.notification.clone(),
            introduction: self.introduction.clone(),
            avatar: self.avatar.clone(),
            created_at: now,
            publishers: Vec::new(),
            last_active_at: 0,
        }
    }
}

/// A fresh server-assigned room id: numeric, so it also works as a TRTC-style room id.
pub(crate) fn random_room_id() -> RoomId {
    let n: u32 = rand::Rng::random_range(&mut rand::rng(), 100_000..u32::MAX);
    RoomId::new(&n.to_string()).expect("digits are a valid room id")
}

/// What `create_room` did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CreateOutcome {
    /// The room was created.
    Created(RoomRecord),
    /// A room with that id exists and the caller owns it (Tencent 10025).
    ExistsOwned(RoomRecord),
    /// A room with that id exists and someone else owns it (Tencent 10021).
    TakenByOther(RoomRecord),
}

/// Where a room's actor runs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Placement {
    /// The owning node.
    pub node: NodeId,
    /// Increases on every new placement of the room.
    pub epoch: u64,
}

/// Directory failures.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DirectoryError {
    /// The backing store is unreachable; try again later.
    #[error("directory unavailable: {0}")]
    Unavailable(String),
    /// The app reached its room limit.
    #[error("too many rooms in this app (limit {0})")]
    RoomLimit(usize),
    /// The owner reached its room limit.
    #[error("you own too many rooms (limit {0}); destroy one first")]
    UserRoomLimit(usize),
}

/// Which rooms exist and where they live. See the crate docs for the contract.
#[async_trait]
pub trait Directory: Send + Sync + 'static {
    /// This node's id.
    fn local_node(&self) -> &NodeId;

    /// Creates a room if its id is free. `room_id: None` asks for a fresh numeric id.
    async fn create_room(
        &self,
        sdkappid: u64,
        room_id: Option<RoomId>,
        room: NewRoom,
        now: u64,
    ) -> Result<CreateOutcome, DirectoryError>;

    /// The room's record, if it exists.
    async fn get_room(&self, sdkappid: u64, room_id: &RoomId) -> Result<Option<RoomRecord>, DirectoryError>;

    /// Every room of an app, newest first.
    async fn list_rooms(&self, sdkappid: u64) -> Result<Vec<RoomRecord>, DirectoryError>;

    /// Removes a room; returns whether it existed.
    async fn remove_room(&self, sdkappid: u64, room_id: &RoomId) -> Result<bool, DirectoryError>;

    /// Replaces the users besides the owner who may publish in a room; `None` if the room
    /// does not exist.
    async fn set_publishers(
        &self,
        sdkappid: u64,
        room_id: &RoomId,
        publishers: Vec<UserId>,
    ) -> Result<Option<RoomRecord>, DirectoryError>;

    /// Records that the room was active at `at` (unix seconds; never moves it back);
    /// `false` if the room does not exist.
    async fn touch_room(&self, sdkappid: u64, room_id: &RoomId, at: u64) -> Result<bool, DirectoryError>;

    /// Where the room's actor runs, placing it if it has no live owner: on the least-loaded
    /// live node that is not draining.
    async fn place_room(&self, sdkappid: u64, room_id: &RoomId) -> Result<Placement, DirectoryError>;

    /// Moves the room's placement from `from` (a draining owner) to this node. Fails if
    /// `from` no longer owns it.
    async fn hand_off(&self, sdkappid: u64, room_id: &RoomId, from: &NodeId) -> Result<Placement, DirectoryError> {
        let _ = (sdkappid, room_id, from);
        Err(DirectoryError::Unavailable("a single node has no one to hand rooms to".into()))
    }

    /// A live node's published info (from the cache the directory keeps current).
    fn node_info(&self, node: &NodeId) -> Option<NodeInfo> {
        let _ = node;
        None
    }

    /// Every live node (from the cache).
    fn live_nodes(&self) -> Vec<(NodeId, NodeInfo)> {
        Vec::new()
    }

    /// Publishes this node's draining flag and load.
    async fn publish_state(&self, draining: bool, load: u64) -> Result<(), DirectoryError> {
        let _ = (draining, load);
        Ok(())
    }

    /// Whether this node's registration is in place (its lease alive and acknowledged
    /// recently): a node that is not registered must not report ready.
    fn is_registered(&self) -> bool {
        true
    }

    /// Grows each time this node registered again under a new lease (its old lease was
    /// lost): the rooms it still runs must then be claimed again ([`Directory::reclaim_room`]).
    /// `None` for a directory without leases.
    fn registrations(&self) -> Option<tokio::sync::watch::Receiver<u64>> {
        None
    }

    /// Whether rooms keep a follower on another node (a cluster: the owner replicates to it
    /// and it takes the room over when the owner dies). `false` for a single node.
    fn replicates(&self) -> bool {
        false
    }

    /// Records `follower` as the room's follower, if this node still holds the room's
    /// placement at `epoch`: `Ok(false)` when it does not (another node owns the room now,
    /// or the placement lapsed): the caller is fenced and must stop acknowledging. The
    /// record lives as long as the follower's lease, and [`Directory::place_room`] prefers
    /// a live follower when the room has no owner.
    async fn set_follower(
        &self,
        sdkappid: u64,
        room_id: &RoomId,
        epoch: u64,
        follower: &NodeId,
    ) -> Result<bool, DirectoryError> {
        let _ = (sdkappid, room_id, epoch, follower);
        Ok(true)
    }

    /// Claims a room this node runs under its current lease if nobody holds its placement;
    /// answers the placement in force (another node's: the room was placed there while this
    /// node had no lease, and this node must give it up).
    async fn reclaim_room(&self, sdkappid: u64, room_id: &RoomId) -> Result<Placement, DirectoryError> {
        self.place_room(sdkappid, room_id).await
    }

    /// Stores an app's banned words where every node reads them (etcd in a cluster). A
    /// directory without shared settings keeps nothing: the node applies them itself.
    async fn set_banned_words(&self, sdkappid: u64, words: Vec<String>) -> Result<(), DirectoryError> {
        let _ = (sdkappid, words);
        Ok(())
    }

    /// Every app's banned words as stored ([`Directory::set_banned_words`]), and a receiver
    /// that changes whenever they change; `None` without shared settings.
    fn banned_words(&self) -> Option<BannedWordsView> {
        None
    }

    /// Records that this node serves `stream_id` (for CDN requests reaching other nodes).
    async fn register_stream(&self, stream_id: &str) -> Result<(), DirectoryError> {
        let _ = stream_id;
        Ok(())
    }

    /// Forgets a stream this node served.
    async fn unregister_stream(&self, stream_id: &str) -> Result<(), DirectoryError> {
        let _ = stream_id;
        Ok(())
    }

    /// The node that serves `stream_id`, if another node registered it.
    async fn stream_node(&self, stream_id: &str) -> Result<Option<NodeId>, DirectoryError> {
        let _ = stream_id;
        Ok(None)
    }

    /// Every stream some node registered (from memory: the room listing asks it often).
    /// Empty for a directory of one node, whose streams the node itself knows.
    fn registered_streams(&self) -> Vec<String> {
        Vec::new()
    }
}
