//! A room's copy on its follower node, and the changes its owner sends to keep it current.
//!
//! Owns: [`Changes`] (one replication batch on the wire), [`Replica`] (the follower's copy:
//! what the room would carry on with if its owner died) and the rules applying a batch to
//! it: in order, no sequence number skipped, never from an older placement epoch.
//!
//! Must not: hold members or sockets (members re-attach to whichever node owns the room),
//! or talk to the network: the node host feeds batches in and takes the copy out when it
//! promotes the room.

use std::time::Instant;

use liveroom_cluster::NodeId;
use liveroom_protocol::UserId;
use serde::{Deserialize, Serialize};

use super::{LiveStream, RoomState};

/// Changes of a room's state since the previous batch, numbered by `version`: what the
/// owner must know its follower holds before it acknowledges a sender.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Changes {
    /// The version this batch brings the copy to (one more than the previous batch's).
    pub version: u64,
    /// Accepted messages `(seq, is_tip, message JSON)`, in sequence order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub messages: Vec<(u64, bool, String)>,
    /// Every mute now, when they changed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mutes: Option<Vec<(UserId, u64)>>,
    /// Likes counted but not yet aggregated, when the count changed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub likes: Option<u64>,
    /// Live streams, when they changed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub streams: Option<Vec<LiveStream>>,
}

impl Changes {
    /// Whether the batch carries nothing (a keep-alive).
    pub fn is_empty(&self) -> bool {
        self.messages.is_empty() && self.mutes.is_none() && self.likes.is_none() && self.streams.is_none()
    }
}

/// Why a batch was not applied.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ReplicaError {
    /// The batch comes from an owner whose placement is older than one this node knows.
    #[error("stale placement epoch {got} (this node knows {known})")]
    Stale {
        /// The sender's epoch.
        got: u64,
        /// The newest epoch known here.
        known: u64,
    },
    /// The batch does not follow the copy (a batch was lost, or there is no copy): the
    /// owner sends the whole state again.
    #[error("the batch does not follow this copy (copy at version {have}, batch {got})")]
    OutOfStep {
        /// The copy's version.
        have: u64,
        /// The batch's version.
        got: u64,
    },
}

/// A room's copy on its follower.
#[derive(Debug, Clone)]
pub struct Replica {
    /// The room's state (no members).
    pub state: RoomState,
    /// The last batch applied.
    pub version: u64,
    /// The owner's placement epoch.
    pub epoch: u64,
    /// The owner node.
    pub owner: NodeId,
    /// When the owner last sent anything.
    pub updated: Instant,
}

impl Replica {
    /// A copy from the owner's whole state.
    pub fn new(state: RoomState, version: u64, epoch: u64, owner: NodeId, now: Instant) -> Self {
        Self { state, version, epoch, owner, updated: now }
    }

    /// Applies the owner's next batch; keeps at most `history_len` messages.
    pub fn apply(
        &mut self,
        epoch: u64,
        changes: Changes,
        history_len: usize,
        now: Instant,
    ) -> Result<(), ReplicaError> {
        if epoch < self.epoch {
            return Err(ReplicaError::Stale { got: epoch, known: self.epoch });
        }
        if changes.version != self.version + 1 {
            return Err(ReplicaError::OutOfStep { have: self.version, got: changes.version });
        }
        let mut seq = self.state.seq;
        for (s, _, _) in &changes.messages {
            if *s != seq + 1 {
                return Err(ReplicaError::OutOfStep { have: self.version, got: changes.version });
            }
            seq = *s;
        }
        self.state.seq = seq;
        self.state.history.extend(changes.messages);
        let excess = self.state.history.len().saturating_sub(history_len);
        self.state.history.drain(..excess);
        if let Some(mutes) = changes.mutes {
            self.state.mutes = mutes;
        }
        if let Some(likes) = changes.likes {
            self.state.pending_likes = likes;
        }
        if let Some(streams) = changes.streams {
            self.state.streams = streams;
        }
        self.version = changes.version;
        self.epoch = epoch;
        self.updated = now;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use liveroom_protocol::RoomId;

    fn state() -> RoomState {
        RoomState {
            sdkappid: 1,
            room_id: RoomId::new("r").unwrap(),
            owner: UserId::new("o").unwrap(),
            incarnation: 7,
            seq: 2,
            history: vec![(1, false, "{}".into()), (2, false, "{}".into())],
            mutes: Vec::new(),
            pending_likes: 0,
            streams: Vec::new(),
            members: Vec::new(),
        }
    }

    fn batch(version: u64, seqs: &[u64]) -> Changes {
        Changes {
            version,
            messages: seqs.iter().map(|s| (*s, false, format!("{{\"seq\":{s}}}"))).collect(),
            ..Default::default()
        }
    }

    #[test]
    fn batches_apply_in_order_and_history_stays_bounded() {
        let now = Instant::now();
        let mut r = Replica::new(state(), 4, 10, NodeId("a".into()), now);
        r.apply(10, batch(5, &[3, 4]), 3, now).unwrap();
        assert_eq!(r.state.seq, 4);
        assert_eq!(r.state.history.iter().map(|h| h.0).collect::<Vec<_>>(), vec![2, 3, 4]);
        r.apply(12, Changes { version: 6, likes: Some(9), ..Default::default() }, 3, now).unwrap();
        assert_eq!((r.state.pending_likes, r.epoch, r.version), (9, 12, 6));
    }

    #[test]
    fn a_skipped_batch_or_sequence_number_is_refused_and_nothing_changes() {
        let now = Instant::now();
        let mut r = Replica::new(state(), 4, 10, NodeId("a".into()), now);
        assert!(matches!(r.apply(10, batch(6, &[3]), 100, now), Err(ReplicaError::OutOfStep { .. })));
        assert!(matches!(r.apply(10, batch(5, &[4]), 100, now), Err(ReplicaError::OutOfStep { .. })));
        assert_eq!((r.state.seq, r.version, r.state.history.len()), (2, 4, 2));
    }

    #[test]
    fn an_older_epoch_is_fenced() {
        let now = Instant::now();
        let mut r = Replica::new(state(), 4, 10, NodeId("a".into()), now);
        assert_eq!(r.apply(9, batch(5, &[3]), 100, now), Err(ReplicaError::Stale { got: 9, known: 10 }));
        assert_eq!(r.state.seq, 2);
    }
}
