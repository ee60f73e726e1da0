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
    /// An image uploaded to liveroom (TIM's image payload).
    #[serde(rename = "TIMImageElem")]
    Image {
        /// The image's id.
        uuid: String,
        /// 1 JPG, 2 GIF, 3 PNG, 255 other (WebP) ([`image_format`]).
        #[serde(rename = "imageFormat")]
        image_format: u8,
        /// The original, the large and the thumbnail (TIM's `type` 0, 1, 2); liveroom keeps
        /// the original only, so the three name the same file.
        #[serde(rename = "imageInfoArray")]
        image_info_array: Vec<ImageInfo>,
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
            MessagePayload::Image { uuid, image_info_array, .. } => {
                uuid.len() + image_info_array.iter().map(|i| i.url.len() + 16).sum::<usize>()
            }
        }
    }

    /// An image message's payload: `url` served, in TIM's three sizes (all the original).
    pub fn image(uuid: String, image_format: u8, url: String, width: u32, height: u32, size: u64) -> Self {
        let info = |kind| ImageInfo { url: url.clone(), width, height, size, kind };
        MessagePayload::Image { uuid, image_format, image_info_array: vec![info(0), info(1), info(2)] }
    }

    /// Whether this is a like (TWebLive demo convention: custom `data:"like"`).
    pub fn is_like(&self) -> bool {
        matches!(self, MessagePayload::Custom { data, .. } if data == "like")
    }
}

/// One size of an image (TIM `imageInfoArray` entry).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImageInfo {
    /// Where it is served: a path on the liveroom server (`/images/...`); the SDK makes it
    /// absolute against the server it talks to.
    pub url: String,
    /// Pixels.
    pub width: u32,
    /// Pixels.
    pub height: u32,
    /// Bytes.
    pub size: u64,
    /// 0 original, 1 large, 2 thumbnail.
    #[serde(rename = "type")]
    pub kind: u8,
}

/// TIM `imageFormat` values.
pub mod image_format {
    /// JPEG.
    pub const JPG: u8 = 1;
    /// GIF.
    pub const GIF: u8 = 2;
    /// PNG.
    pub const PNG: u8 = 3;
    /// Anything else (liveroom: WebP).
    pub const OTHER: u8 = 255;
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
