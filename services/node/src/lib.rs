//! The actor host of a liveroom node.
//!
//! Owns: the [`room::actor::RoomActor`] (one per live room: membership, sequence numbers,
//! history, admission by priority, likes, moderation, fan-out), the [`user::UserActor`]
//! (one per client session: login state, rooms entered, per-user limits), the per-session
//! [`outbound::OutboundQueue`] that makes a slow client lose low-priority messages instead
//! of slowing its room, and the [`host::NodeHost`] that finds rooms through the
//! [`liveroom_cluster::Directory`] and keeps the session registry; the StreamActor and the
//! CDN relay triggers ([`relay`]).
//!
//! Must not: touch sockets or HTTP (the gateway owns those and talks to actors with typed
//! messages), or put an actor message on a per-delivery path: a room fans out by pushing
//! one shared frame into each member's queue.

pub mod host;
pub mod outbound;
pub mod relay;
pub mod room;
pub mod stream;
pub mod user;

use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

pub use host::{LoginScope, NodeHost, Refusal, SessionLimits};
pub use outbound::{OutboundQueue, QueueLimits};
pub use room::RoomConfig;

/// Identifies one client session on this node.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct SessionId(pub u64);

impl SessionId {
    /// A new, node-unique session id.
    pub fn next() -> Self {
        static NEXT: AtomicU64 = AtomicU64::new(1);
        SessionId(NEXT.fetch_add(1, Ordering::Relaxed))
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
}
