//! Room messages in the shape TWebLive apps read (TIM `Message` fields).

use serde::{Deserialize, Serialize};

use crate::ids::{RoomId, UserId};

/// Delivery priority (TWebLive `TYPES.MSG_PRIORITY_*`). Under load the room drops
/// `Lowest` first, then `Low`, then `Normal`; `High` last.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, Default)]
pub enum Priority {
    /// Dropped first.
    Lowest,
    /// Dropped second.
    Low,
    /// The default.
    #[default]
    Normal,
    /// Kept longest (TWebLive uses it for `stopPush`).
    High,
}

impl Priority {
    /// All priorities, lowest first.
    pub const ALL: [Priority; 4] = [Priority::Lowest, Priority::Low, Priority::Normal, Priority::High];

    /// Index 0 (Lowest) ..= 3 (High).
    pub fn index(self) -> usize {
        self as usize
    }

    /// The label used in metrics.
    pub fn label(self) -> &'static str {
        match self {
            Priority::Lowest => "lowest",
            Priority::Low => "low",
            Priority::Normal => "normal",
            Priority::High => "high",
        }
    }
}

/// The content of a message, tagged by TIM element type.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(tag = "type", content = "payload")]
pub enum MessagePayload {
    /// A text message.
    #[serde(rename = "TIMTextElem")]
    Text {
        /// The text.
        text: String,
    },
    /// A custom message (likes, "push started", `push_stopped`, app data).
    #[serde(rename = "TIMCustomElem")]
    Custom {
        /// The app's data string (`"like"`, `"startPush"`, `"push_stopped"`, ...).
        data: String,
        /// Free text.
        description: String,
        /// Free text.
        extension: String,
    },
    /// A membership tip (join / leave).
    #[serde(rename = "TIMGroupTipElem")]
    GroupTip {
        /// 1 = member joined, 2 = member quit.
        #[serde(rename = "operationType")]
        operation_type: u8,
        /// The members concerned.
        #[serde(rename = "userIDList")]
        user_id_list: Vec<UserId>,
        /// Member count after the change.
        #[serde(rename = "memberNum")]
        member_num: u64,
    },
}

impl MessagePayload {
    /// Body bytes counted against the message size cap.
    pub fn body_len(&self) -> usize {
        match self {
            MessagePayload::Text { text } => text.len(),
            MessagePayload::Custom { data, description, extension } => data.len() + description.len() + extension.len(),
            MessagePayload::GroupTip { .. } => 0,
        }
    }

    /// Whether this is a like (TWebLive demo convention: custom `data:"like"`).
    pub fn is_like(&self) -> bool {
        matches!(self, MessagePayload::Custom { data, .. } if data == "like")
    }
}

/// Operation type of a join tip.
pub const TIP_MEMBER_JOINED: u8 = 1;
/// Operation type of a leave tip.
pub const TIP_MEMBER_QUIT: u8 = 2;
/// `from` of server-originated messages (like aggregates).
pub const SYSTEM_SENDER: &str = "@TIM#SYSTEM";

/// A message as delivered to room members (and kept in the room's history).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ChatMessage {
    /// Unique message id.
    #[serde(rename = "ID")]
    pub id: String,
    /// Type and content.
    #[serde(flatten)]
    pub payload: MessagePayload,
    /// `"GROUP" + roomID`.
    #[serde(rename = "conversationID")]
    pub conversation_id: String,
    /// Always `"GROUP"`.
    #[serde(rename = "conversationType")]
    pub conversation_type: &'static str,
    /// The room.
    pub to: RoomId,
    /// The sender (`@TIM#SYSTEM` for server messages).
    pub from: String,
    /// Unix seconds when the room accepted it.
    pub time: u64,
    /// Priority it was sent with.
    pub priority: Priority,
    /// Sender's nick at send time.
    pub nick: String,
    /// Sender's avatar URL at send time.
    pub avatar: String,
    /// The room's gap-free sequence number.
    pub seq: u64,
    /// The sender's own id for this message, echoed so it can match its optimistic copy.
    #[serde(rename = "clientMsgID", skip_serializing_if = "Option::is_none")]
    pub client_msg_id: Option<String>,
}
