//! The actor host of a liveroom node.
//!
//! Owns: the [`room::actor::RoomActor`] (one per live room: membership, sequence numbers,
//! history, admission by priority, likes, moderation, fan-out), the [`user::UserActor`]
//! (one per client session: login state, rooms entered, per-user limits), the per-session
//! [`outbound::OutboundQueue`] that makes a slow client lose low-priority messages instead
//! of slowing its room, and the [`host::NodeHost`] that finds rooms through the
//! [`liveroom_cluster::Directory`] and keeps the session registry; the StreamActor and the
//! CDN relay triggers ([`relay`]); in a cluster, the node link's messages ([`link`]), the
//! location-transparent room handle ([`route`]) and what a node does for its peers
//! (answering link requests, adopting rooms, draining: [`peers`]).
//!
//! Must not: touch sockets or HTTP (the gateway owns those and talks to actors with typed
//! messages), or put an actor message on a per-delivery path: a room fans out by pushing
//! one shared frame into each member's queue.

pub mod creation_rate;
pub mod expiry;
pub mod hooks;
pub mod host;
pub mod link;
pub mod media_quota;
pub mod outbound;
pub mod peers;
pub mod relay;
pub mod room;
pub mod route;
pub mod rtmp;
pub mod stream;
pub mod user;

use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

pub use host::{LoginScope, NodeHost, Refusal, SessionLimits};
pub use media_quota::{MediaClient, MediaLimits};
pub use outbound::{OutboundQueue, QueueLimits};
pub use room::RoomConfig;

/// Identifies one client session, unique across the cluster: rooms key members by it
/// whichever node their socket is on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
pub struct SessionId(pub u64);

impl SessionId {
    /// A new session id: a random per-process prefix (24 bits) and a counter (40 bits).
    pub fn next() -> Self {
        static NEXT: AtomicU64 = AtomicU64::new(1);
        static PREFIX: std::sync::OnceLock<u64> = std::sync::OnceLock::new();
        let prefix = *PREFIX.get_or_init(|| (rand::random::<u64>() & 0xff_ffff) << 40);
        SessionId(prefix | (NEXT.fetch_add(1, Ordering::Relaxed) & ((1 << 40) - 1)))
    }
}

/// Unix seconds now.
pub fn unix_now() -> u64 {
    SystemTime::now().duration_since(UNIX_EPOCH).unwrap_or(Duration::ZERO).as_secs()
}

/// Everything the chat side of a node can be tuned with.
#[derive(Debug, Clone, Default)]
pub struct ChatConfig {
    /// Room limits.
    pub room: RoomConfig,
    /// Per-session outbound queue limits.
    pub queue: QueueLimits,
    /// Per-session limits.
    pub session: SessionLimits,
    /// Media sessions per user and per address.
    pub media: MediaLimits,
}
