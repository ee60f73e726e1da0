//! Typed identifiers, validated once at the edge.

use std::fmt;
use std::sync::Arc;

use serde::{Deserialize, Serialize};

/// Why an id was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum IdError {
    /// Empty string.
    #[error("{0} is empty")]
    Empty(&'static str),
    /// Longer than allowed.
    #[error("{0} is longer than {1} bytes")]
    TooLong(&'static str, usize),
    /// Contains a character outside the allowed set.
    #[error("{0} may only contain letters, digits and {1}")]
    BadChar(&'static str, &'static str),
}

fn check(kind: &'static str, value: &str, max: usize, extra: &'static str) -> Result<(), IdError> {
    if value.is_empty() {
        return Err(IdError::Empty(kind));
    }
    if value.len() > max {
        return Err(IdError::TooLong(kind, max));
    }
    if !value.bytes().all(|b| b.is_ascii_alphanumeric() || extra.as_bytes().contains(&b)) {
        return Err(IdError::BadChar(kind, extra));
    }
    Ok(())
}

/// A room (TWebLive: an AVChatRoom group id; the demo uses the numeric RTC room id).
/// 1–48 bytes of letters, digits, `_ - @ # .` (Tencent's group id limit is 48 bytes).
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(transparent)]
pub struct RoomId(Arc<str>);

/// Longest room id.
pub const MAX_ROOM_ID_LEN: usize = 48;

impl RoomId {
    /// Validates and wraps a room id.
    pub fn new(value: &str) -> Result<Self, IdError> {
        check("roomID", value, MAX_ROOM_ID_LEN, "_-@#.")?;
        Ok(Self(value.into()))
    }

    /// The id as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl<'de> Deserialize<'de> for RoomId {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        // TWebLive coerces numeric room ids to strings; accept both.
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Raw {
            Text(String),
            Number(u64),
        }
        let text = match Raw::deserialize(d)? {
            Raw::Text(s) => s,
            Raw::Number(n) => n.to_string(),
        };
        RoomId::new(&text).map_err(serde::de::Error::custom)
    }
}

impl fmt::Display for RoomId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl fmt::Debug for RoomId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "RoomId({})", self.0)
    }
}

/// A user: 1–32 bytes of letters, digits, `_ - @ .`.
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(transparent)]
pub struct UserId(Arc<str>);

/// Longest user id (Tencent's documented limit).
pub const MAX_USER_ID_LEN: usize = 32;

impl UserId {
    /// Validates and wraps a user id.
    pub fn new(value: &str) -> Result<Self, IdError> {
        check("userID", value, MAX_USER_ID_LEN, "_-@.")?;
        Ok(Self(value.into()))
    }

    /// The id as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl<'de> Deserialize<'de> for UserId {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        UserId::new(&text).map_err(serde::de::Error::custom)
    }
}

impl fmt::Display for UserId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl fmt::Debug for UserId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "UserId({})", self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn room_ids() {
        assert!(RoomId::new("12345").is_ok());
        assert!(RoomId::new("@TGS#a1b2").is_ok());
        assert_eq!(RoomId::new(""), Err(IdError::Empty("roomID")));
        assert!(matches!(RoomId::new(&"1".repeat(49)), Err(IdError::TooLong(..))));
        assert!(matches!(RoomId::new("a/b"), Err(IdError::BadChar(..))));
        let from_number: RoomId = serde_json::from_str("42").unwrap();
        assert_eq!(from_number.as_str(), "42");
    }

    #[test]
    fn user_ids() {
        assert!(UserId::new("alice_01-x").is_ok());
        assert!(matches!(UserId::new(&"u".repeat(33)), Err(IdError::TooLong(..))));
        assert!(matches!(UserId::new("al ice"), Err(IdError::BadChar(..))));
    }
}
