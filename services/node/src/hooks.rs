//! What this node tells the operator's backend ([`liveroom_webhooks`]): each event is sent
//! by the one node where the thing happened, so a cluster sends it once: a room's creation
//! and removal by the node that wrote the directory, a stream's start and stop by the node
//! its media reaches (the room's), member changes by the room's node.
//!
//! Owns: what each event carries. Callers say what happened; nothing here waits.

use liveroom_cluster::RoomRecord;
use liveroom_protocol::{RoomId, UserId};
use liveroom_webhooks::{Event, EventKind, Webhooks};
use serde_json::json;

/// Why a room left the directory (`room.dismissed`'s `reason`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Removal {
    /// Its owner destroyed it.
    Destroyed,
    /// The administrator dismissed it.
    Dismissed,
    /// It stayed idle past `chat.room_expiry_secs`.
    Expired,
}

impl Removal {
    fn name(self) -> &'static str {
        match self {
            Removal::Destroyed => "destroyed",
            Removal::Dismissed => "dismissed",
            Removal::Expired => "expired",
        }
    }
}

/// `room.created`.
pub fn room_created(hooks: &Webhooks, record: &RoomRecord) {
    if hooks.wants(EventKind::RoomCreated) {
        let data = json!({ "owner": record.owner, "title": record.title, "createdAt": record.created_at });
        hooks.emit(Event::new(EventKind::RoomCreated, record.sdkappid, record.room_id.as_str(), data));
    }
}

/// `room.dismissed`.
pub fn room_removed(hooks: &Webhooks, sdkappid: u64, room: &RoomId, why: Removal) {
    if hooks.wants(EventKind::RoomDismissed) {
        hooks.emit(Event::new(EventKind::RoomDismissed, sdkappid, room.as_str(), json!({ "reason": why.name() })));
    }
}

/// `stream.started` / `stream.stopped`; `seconds` how long it was live (when it stopped).
pub fn stream_changed(
    hooks: &Webhooks,
    sdkappid: u64,
    room: &RoomId,
    stream_id: &str,
    user: &UserId,
    live: bool,
    seconds: Option<u64>,
) {
    let kind = if live { EventKind::StreamStarted } else { EventKind::StreamStopped };
    if hooks.wants(kind) {
        let mut data = json!({ "streamID": stream_id, "userID": user });
        if let Some(s) = seconds {
            data["durationSecs"] = json!(s);
        }
        hooks.emit(Event::new(kind, sdkappid, room.as_str(), data));
    }
}

/// `member.joined` / `member.left` for one user (the sender batches them per room).
pub fn member_changed(hooks: &Webhooks, sdkappid: u64, room: &RoomId, user: &UserId, joined: bool) {
    let kind = if joined { EventKind::MemberJoined } else { EventKind::MemberLeft };
    if hooks.wants(kind) {
        hooks.emit(Event::new(kind, sdkappid, room.as_str(), json!({ "userIDs": [user] })));
    }
}

/// `recording.finished`, with the recording's files (paths under `/vod/`).
pub fn recording_finished(hooks: &Webhooks, meta: &liveroom_recorder::Meta) {
    if hooks.wants(EventKind::RecordingFinished) {
        let data = json!({
            "streamID": meta.stream_id,
            "recordingID": meta.id,
            "state": meta.state,
            "startedAt": meta.started_at,
            "endedAt": meta.ended_at,
            "durationSecs": (meta.duration_secs * 1000.0).round() / 1000.0,
            "bytes": meta.bytes,
            "publications": meta.publications,
            "files": meta.files.iter().map(|f| format!("/vod/{f}")).collect::<Vec<_>>(),
        });
        hooks.emit(Event::new(EventKind::RecordingFinished, meta.sdkappid, &meta.room_id, data));
    }
}
