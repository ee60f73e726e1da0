//! Server → client frames.
//!
//! A WebSocket text message carries one or more frames separated by `\n` (JSON never
//! contains a raw newline), so a busy session gets several frames per WebSocket message.
//! A frame is either a response `{"id", "code", "message"?, "data"?}` or an event
//! `{"event", "data"}`.

use serde::Serialize;
use serde_json::Value;

use crate::codes::ErrorCode;
use crate::ids::RoomId;
use crate::message::ChatMessage;

/// Encodes a success response.
pub fn ok_response(id: u64, data: Value) -> String {
    serde_json::json!({ "id": id, "code": 0, "data": data }).to_string()
}

/// Encodes an error response (or, with `id = None`, an unsolicited error event).
pub fn error_frame(id: Option<u64>, code: ErrorCode, message: &str) -> String {
    match id {
        Some(id) => serde_json::json!({ "id": id, "code": code, "message": message }).to_string(),
        None => serde_json::json!({ "event": "error", "data": { "code": code, "message": message } }).to_string(),
    }
}

/// Every event the server pushes.
#[derive(Debug, Serialize)]
#[serde(tag = "event", content = "data", rename_all = "camelCase")]
pub enum ServerEvent<'a> {
    /// A room message (text, custom, tip).
    Message(&'a ChatMessage),
    /// Recent history on enter, or the missed messages on resume.
    History {
        /// The room.
        #[serde(rename = "roomID")]
        room_id: &'a RoomId,
        /// Oldest first.
        messages: Vec<&'a ChatMessage>,
        /// True when these are exactly the messages after the client's `lastSeq`.
        resumed: bool,
    },
    /// Messages the client can no longer get: `from..=to` fell out of the history window.
    Gap {
        /// The room.
        #[serde(rename = "roomID")]
        room_id: &'a RoomId,
        /// First missing sequence number.
        from: u64,
        /// Last missing sequence number.
        to: u64,
    },
    /// The room was started anew after its owner node failed: messages from `from` on
    /// (of the earlier incarnation) may be lost. Sent as a `gap` event without `to`.
    #[serde(rename = "gap")]
    Restarted {
        /// The room.
        #[serde(rename = "roomID")]
        room_id: &'a RoomId,
        /// First sequence number that may be missing.
        from: u64,
        /// Always true.
        restarted: bool,
    },
    /// This session's outbound queue overflowed and `count` messages were dropped.
    Lost {
        /// How many messages were dropped since the last notice.
        count: u64,
    },
    /// The session is being closed because of the reason given.
    Kicked {
        /// `multipleAccount`, `userSigExpired`, ...
        reason: &'a str,
    },
    /// The session was removed from a room (admin kick, or room dismissed).
    RoomClosed {
        /// The room.
        #[serde(rename = "roomID")]
        room_id: &'a RoomId,
        /// `kicked` or `dismissed`.
        reason: &'a str,
    },
    /// The session's user was muted or unmuted in a room.
    Muted {
        /// The room.
        #[serde(rename = "roomID")]
        room_id: &'a RoomId,
        /// Unix second the mute ends; 0 = unmuted.
        until: u64,
    },
    /// A stream in a room went live.
    StreamAdded {
        /// The room.
        #[serde(rename = "roomID")]
        room_id: &'a RoomId,
        /// The stream id.
        #[serde(rename = "streamID")]
        stream_id: &'a str,
        /// Its publisher.
        #[serde(rename = "userID")]
        user_id: &'a str,
    },
    /// A stream in a room ended.
    StreamRemoved {
        /// The room.
        #[serde(rename = "roomID")]
        room_id: &'a RoomId,
        /// The stream id.
        #[serde(rename = "streamID")]
        stream_id: &'a str,
        /// Its publisher.
        #[serde(rename = "userID")]
        user_id: &'a str,
    },
    /// The WebRTC connection of one of this session's publish / play legs changed state.
    MediaState {
        /// `streamID` for a publish leg.
        #[serde(rename = "streamID")]
        stream_id: &'a str,
        /// `playID` for a play leg, 0 for a publish leg.
        #[serde(rename = "playID")]
        play_id: u64,
        /// `connecting`, `connected`, `disconnected`, `failed`, `closed`.
        state: &'a str,
    },
    /// Periodic member count of a room.
    MemberCount {
        /// The room.
        #[serde(rename = "roomID")]
        room_id: &'a RoomId,
        /// Members now.
        count: u64,
    },
}

impl ServerEvent<'_> {
    /// Encodes the event as one frame.
    pub fn encode(&self) -> String {
        serde_json::to_string(self).expect("server events always serialize")
    }
}
