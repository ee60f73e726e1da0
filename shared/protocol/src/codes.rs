//! Error codes and WebSocket close codes.
//!
//! Error codes follow Tencent IM's numbers where Tencent has one for the same condition
//! (so TWebLive apps that switch on them keep working); liveroom's own conditions use the
//! 60000 range. `docs/protocol.md` lists them all.

use serde::{Serialize, Serializer};

/// A request's outcome code (0 = success) carried in responses and error frames.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ErrorCode {
    /// Internal server error (Tencent 10002).
    Internal,
    /// Missing or malformed parameter (Tencent 10004).
    InvalidParameter,
    /// Not allowed for this user in this room (Tencent 10007).
    PermissionDenied,
    /// The room was dismissed (Tencent 10010).
    RoomDismissed,
    /// No room with that id (Tencent 10015).
    RoomNotFound,
    /// The sender is muted in this room (Tencent 10017).
    Muted,
    /// Room id already used by another owner (Tencent 10021).
    RoomIdTaken,
    /// Send rate limit hit, per user or per room (Tencent 10023).
    RateLimited,
    /// Room id exists and the caller owns it (Tencent 10025).
    RoomExistsOwned,
    /// UserSig expired (Tencent 70001).
    UserSigExpired,
    /// UserSig empty (Tencent 70002).
    UserSigEmpty,
    /// UserSig is not base64 / too long (Tencent 70003: UserSig invalid).
    UserSigEncoding,
    /// UserSig is not a zlib stream (liveroom split of 70003).
    UserSigCompression,
    /// UserSig content is not valid JSON or has the wrong version (Tencent 70005).
    UserSigContent,
    /// UserSig signature mismatch: wrong key or altered (Tencent 70009).
    UserSigSignature,
    /// UserSig issued for another user (Tencent 70013).
    UserSigUserMismatch,
    /// UserSig issued for another SDKAppID (Tencent 70014).
    UserSigAppMismatch,
    /// Unknown SDKAppID (Tencent 70020).
    UnknownApp,
    /// Invalid user id (Tencent 70107 family; liveroom: bad format).
    InvalidUserId,
    /// Text hit the banned-word filter (Tencent 80001).
    BannedWord,
    /// Message body too long (Tencent 80002).
    MessageTooLong,
    /// Frame is not valid JSON (liveroom).
    InvalidJson,
    /// Unknown `cmd` (liveroom).
    UnknownCommand,
    /// Frame larger than the cap (liveroom).
    FrameTooLarge,
    /// Command needs a logged-in session (liveroom).
    NotLoggedIn,
    /// Command names a room the session has not entered (liveroom).
    NotInRoom,
    /// Session already entered the maximum number of rooms (liveroom).
    TooManyRooms,
    /// Too many frames from this connection (liveroom).
    Flood,
    /// Binary frames are not part of the protocol (liveroom).
    BinaryUnsupported,
    /// Session is logged in as another user; log out first (liveroom).
    AlreadyLoggedIn,
    /// The server is shedding load or shutting down; retry later (liveroom).
    Busy,
    /// The room's owner cannot keep a copy of the message on another node right now (its
    /// follower is gone or it is being fenced), so it acknowledges nothing; retry shortly
    /// (liveroom).
    Unreplicated,
    /// A session re-attached after a node failure is superseded: the same user entered the
    /// room on a newer session meanwhile (liveroom).
    SessionReplaced,
    /// The SDP offer could not be parsed or applied (liveroom).
    InvalidSdp,
    /// The SDP offer has no codec the server forwards (liveroom).
    NoUsableCodec,
    /// Nothing is published under that stream id (liveroom).
    StreamNotLive,
    /// The stream is already being published (liveroom).
    AlreadyPublishing,
    /// The request body has the wrong content type (liveroom).
    UnsupportedMediaType,
    /// No media resource with that id (liveroom).
    ResourceNotFound,
    /// The stream id is not the caller's own `<sdkappid>_<roomid>_<userid>_<suffix>`
    /// (liveroom).
    StreamIdNotOwn,
    /// The caller may not publish in this room: only its owner, the publishers the owner or
    /// the administrator allowed, and the administrator may (liveroom).
    PublishNotAllowed,
    /// A per-user or per-address limit is reached (connections, rooms, media sessions)
    /// (liveroom).
    QuotaExceeded,
    /// The app's backend refused the message (`[before_send]` callback), or did not answer
    /// and the callback fails closed (liveroom).
    MessageRefused,
}

/// Reserved for the browser SDK, never sent by the server: a connection the browser could
/// not open (blocked as mixed content or by Local Network Access, or nothing answered);
/// see docs/sdk.md. No [`ErrorCode`] may take this value.
pub const SDK_CONNECT_FAILED: u32 = 60090;

impl ErrorCode {
    /// Every code (to map a wire value back).
    pub const ALL: [ErrorCode; 43] = [
        ErrorCode::Internal,
        ErrorCode::InvalidParameter,
        ErrorCode::PermissionDenied,
        ErrorCode::RoomDismissed,
        ErrorCode::RoomNotFound,
        ErrorCode::Muted,
        ErrorCode::RoomIdTaken,
        ErrorCode::RateLimited,
        ErrorCode::RoomExistsOwned,
        ErrorCode::UserSigExpired,
        ErrorCode::UserSigEmpty,
        ErrorCode::UserSigEncoding,
        ErrorCode::UserSigCompression,
        ErrorCode::UserSigContent,
        ErrorCode::UserSigSignature,
        ErrorCode::UserSigUserMismatch,
        ErrorCode::UserSigAppMismatch,
        ErrorCode::UnknownApp,
        ErrorCode::InvalidUserId,
        ErrorCode::BannedWord,
        ErrorCode::MessageTooLong,
        ErrorCode::InvalidJson,
        ErrorCode::UnknownCommand,
        ErrorCode::FrameTooLarge,
        ErrorCode::NotLoggedIn,
        ErrorCode::NotInRoom,
        ErrorCode::TooManyRooms,
        ErrorCode::Flood,
        ErrorCode::BinaryUnsupported,
        ErrorCode::AlreadyLoggedIn,
        ErrorCode::Busy,
        ErrorCode::Unreplicated,
        ErrorCode::SessionReplaced,
        ErrorCode::InvalidSdp,
        ErrorCode::NoUsableCodec,
        ErrorCode::StreamNotLive,
        ErrorCode::AlreadyPublishing,
        ErrorCode::UnsupportedMediaType,
        ErrorCode::ResourceNotFound,
        ErrorCode::StreamIdNotOwn,
        ErrorCode::PublishNotAllowed,
        ErrorCode::QuotaExceeded,
        ErrorCode::MessageRefused,
    ];

    /// The code with this wire value.
    pub fn from_value(value: u32) -> Option<Self> {
        Self::ALL.into_iter().find(|c| c.value() == value)
    }

    /// The numeric code sent on the wire.
    pub fn value(self) -> u32 {
        use ErrorCode::*;
        match self {
            Internal => 10002,
            InvalidParameter => 10004,
            PermissionDenied => 10007,
            RoomDismissed => 10010,
            RoomNotFound => 10015,
            Muted => 10017,
            RoomIdTaken => 10021,
            RateLimited => 10023,
            RoomExistsOwned => 10025,
            UserSigExpired => 70001,
            UserSigEmpty => 70002,
            UserSigEncoding => 70003,
            UserSigCompression => 70004,
            UserSigContent => 70005,
            UserSigSignature => 70009,
            UserSigUserMismatch => 70013,
            UserSigAppMismatch => 70014,
            UnknownApp => 70020,
            InvalidUserId => 70107,
            BannedWord => 80001,
            MessageTooLong => 80002,
            InvalidJson => 60001,
            UnknownCommand => 60002,
            FrameTooLarge => 60003,
            NotLoggedIn => 60004,
            NotInRoom => 60005,
            TooManyRooms => 60006,
            Flood => 60007,
            BinaryUnsupported => 60008,
            AlreadyLoggedIn => 60009,
            Busy => 60010,
            Unreplicated => 60011,
            SessionReplaced => 60012,
            InvalidSdp => 60020,
            NoUsableCodec => 60021,
            StreamNotLive => 60022,
            AlreadyPublishing => 60023,
            UnsupportedMediaType => 60024,
            ResourceNotFound => 60025,
            StreamIdNotOwn => 60026,
            PublishNotAllowed => 60027,
            QuotaExceeded => 60028,
            MessageRefused => 60029,
        }
    }

    /// A short default message for the code.
    pub fn default_message(self) -> &'static str {
        use ErrorCode::*;
        match self {
            Internal => "internal server error",
            InvalidParameter => "invalid parameter",
            PermissionDenied => "permission denied",
            RoomDismissed => "the room was dismissed",
            RoomNotFound => "no room with that id",
            Muted => "you are muted in this room",
            RoomIdTaken => "room id is used by another owner",
            RateLimited => "send rate limit exceeded",
            RoomExistsOwned => "room already exists and you own it",
            UserSigExpired => "UserSig has expired",
            UserSigEmpty => "UserSig is empty",
            UserSigEncoding => "UserSig is not valid base64 or is too long",
            UserSigCompression => "UserSig is not a valid zlib stream",
            UserSigContent => "UserSig content is not valid",
            UserSigSignature => "UserSig signature does not match",
            UserSigUserMismatch => "UserSig was issued for another user",
            UserSigAppMismatch => "UserSig was issued for another SDKAppID",
            UnknownApp => "unknown SDKAppID",
            InvalidUserId => "invalid user id",
            BannedWord => "text contains a banned word",
            MessageTooLong => "message is too long",
            InvalidJson => "frame is not valid JSON",
            UnknownCommand => "unknown command",
            FrameTooLarge => "frame is too large",
            NotLoggedIn => "log in first",
            NotInRoom => "enter the room first",
            TooManyRooms => "too many rooms on one session",
            Flood => "too many frames; slow down",
            BinaryUnsupported => "binary frames are not supported",
            AlreadyLoggedIn => "already logged in as another user; log out first",
            Busy => "server busy; retry later",
            Unreplicated => "the room cannot keep a copy of your message on another node right now; retry shortly",
            SessionReplaced => "this user entered the room on a newer session",
            InvalidSdp => "invalid SDP offer",
            NoUsableCodec => "the offer has no usable codec (H.264 packetization-mode=1 or VP8, Opus)",
            StreamNotLive => "the stream is not live",
            AlreadyPublishing => "the stream is already being published",
            UnsupportedMediaType => "the body must be application/sdp",
            ResourceNotFound => "no such media resource",
            StreamIdNotOwn => {
                "the stream id must be <sdkappid>_<roomid>_<userid>_<suffix> with your own user id and this room"
            }
            PublishNotAllowed => "only the room's owner and the publishers it allowed may publish in this room",
            QuotaExceeded => "a per-user or per-address limit is reached",
            MessageRefused => "the app refused this message",
        }
    }
}

impl Serialize for ErrorCode {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_u32(self.value())
    }
}

/// WebSocket close codes the server uses (4000–4999, private use).
///
/// 4000–4099: do not reconnect automatically (the user must act). 4100–4199: reconnect
/// with backoff, resuming from the last sequence number.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CloseCode {
    /// The same user logged in elsewhere (TWebLive `multipleAccount`).
    KickedMultipleAccount,
    /// The UserSig expired (TWebLive `userSigExpired`).
    UserSigExpired,
    /// Repeated protocol violations.
    PolicyViolation,
    /// The session could not keep up even with high-priority messages.
    SlowConsumer,
    /// The server is shutting down or draining; reconnect (possibly elsewhere).
    ServerGoingAway,
    /// No traffic (not even pings) for too long.
    IdleTimeout,
    /// The answer to the client's own close (RFC 6455 normal closure).
    Normal,
    /// The connection neither logged in nor entered a room in time.
    HandshakeTimeout,
}

impl CloseCode {
    /// The numeric close code.
    pub fn value(self) -> u16 {
        match self {
            CloseCode::KickedMultipleAccount => 4001,
            CloseCode::UserSigExpired => 4002,
            CloseCode::PolicyViolation => 4003,
            CloseCode::SlowConsumer => 4100,
            CloseCode::ServerGoingAway => 4101,
            CloseCode::IdleTimeout => 4102,
            CloseCode::Normal => 1000,
            CloseCode::HandshakeTimeout => 4004,
        }
    }

    /// The close reason text.
    pub fn reason(self) -> &'static str {
        match self {
            CloseCode::KickedMultipleAccount => "multipleAccount",
            CloseCode::UserSigExpired => "userSigExpired",
            CloseCode::PolicyViolation => "policyViolation",
            CloseCode::SlowConsumer => "slowConsumer",
            CloseCode::ServerGoingAway => "serverGoingAway",
            CloseCode::IdleTimeout => "idleTimeout",
            CloseCode::Normal => "normal",
            CloseCode::HandshakeTimeout => "handshakeTimeout",
        }
    }

    /// Whether a client should reconnect by itself after this close.
    pub fn should_reconnect(self) -> bool {
        self.value() >= 4100
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_server_code_takes_the_sdk_s_reserved_value() {
        assert!(ErrorCode::from_value(SDK_CONNECT_FAILED).is_none());
    }
}
