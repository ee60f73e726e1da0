//! Client → server frames.
//!
//! A frame is one JSON object `{"id": <number>, "cmd": "<name>", "data": {...}}`. It is
//! size-checked before parsing, parsed once into a [`Request`], and every failure maps to a
//! distinct [`ErrorCode`] with the request id when one could be read.

use serde::Deserialize;
use serde_json::value::RawValue;

use crate::codes::ErrorCode;
use crate::ids::RoomId;
use crate::message::Priority;

/// Largest client frame accepted (bytes): room for an SDP offer. Chat message bodies have
/// their own, smaller cap.
pub const MAX_FRAME_BYTES: usize = 32 * 1024;
/// Largest SDP offer in a `publish` / `play` command.
pub const MAX_SDP_BYTES: usize = 24 * 1024;
/// Longest stream id.
pub const MAX_STREAM_ID_BYTES: usize = 128;
/// Largest message body (text, or custom data + description + extension), as Tencent IM.
pub const MAX_MESSAGE_BYTES: usize = 12 * 1024;
/// Longest nick (bytes).
pub const MAX_NICK_BYTES: usize = 64;
/// Longest avatar URL (bytes).
pub const MAX_AVATAR_BYTES: usize = 500;
/// Longest client message id (bytes).
pub const MAX_CLIENT_MSG_ID_BYTES: usize = 64;
/// Longest room name / notification / introduction (bytes).
pub const MAX_ROOM_TEXT_BYTES: usize = 400;

/// One decoded client request.
#[derive(Debug, Clone, PartialEq)]
pub struct Request {
    /// The client's request id, echoed in the response (absent = no response wanted).
    pub id: Option<u64>,
    /// What the client asks for.
    pub command: ClientCommand,
}

/// Every command a client may send.
#[derive(Debug, Clone, PartialEq)]
pub enum ClientCommand {
    /// Authenticate the session as a user.
    Login {
        /// The user id, validated by the session (its own error code).
        user_id: String,
        /// The UserSig.
        user_sig: String,
        /// `rtc` for a media-signalling session (pusher / player), which may coexist with
        /// the same user's chat session; default chat.
        rtc: bool,
    },
    /// Drop the login (the session stays connected as anonymous).
    Logout,
    /// Create a room owned by the caller.
    CreateRoom {
        /// Wanted id; `None` = the server assigns a numeric one.
        room_id: Option<RoomId>,
        /// Display name.
        name: String,
        /// Notice text.
        notification: String,
        /// Introduction text.
        introduction: String,
        /// Room avatar URL.
        avatar: String,
    },
    /// Join a room (anonymous sessions may, receive-only).
    EnterRoom {
        /// The room.
        room_id: RoomId,
        /// Last sequence number seen in an earlier connection: resume after it.
        last_seq: Option<u64>,
        /// The room incarnation `last_seq` belongs to (from the earlier answer), so a room
        /// started anew after a node failure can say what may be lost.
        incarnation: Option<u32>,
    },
    /// Leave a room.
    ExitRoom {
        /// The room.
        room_id: RoomId,
    },
    /// Set nick and / or avatar (stamped on every message sent afterwards).
    SetMyProfile {
        /// New nick, if given.
        nick: Option<String>,
        /// New avatar URL, if given.
        avatar: Option<String>,
    },
    /// Read own profile.
    GetMyProfile,
    /// Send a text message.
    SendText {
        /// The room.
        room_id: RoomId,
        /// The text.
        text: String,
        /// Priority.
        priority: Priority,
        /// Sender-chosen id echoed on delivery.
        client_msg_id: Option<String>,
    },
    /// Send a custom message.
    SendCustom {
        /// The room.
        room_id: RoomId,
        /// Data string.
        data: String,
        /// Description.
        description: String,
        /// Extension.
        extension: String,
        /// Priority.
        priority: Priority,
        /// Sender-chosen id echoed on delivery.
        client_msg_id: Option<String>,
    },
    /// Send an image uploaded with `POST /api/rooms/{room}/images` (its answer, whose
    /// token the server checks).
    SendImage {
        /// The room.
        room_id: RoomId,
        /// The upload's answer.
        image: UploadedImage,
        /// Priority.
        priority: Priority,
        /// Sender-chosen id echoed on delivery.
        client_msg_id: Option<String>,
    },
    /// Tell the room the stream stopped (a HIGH `push_stopped` custom message).
    StopPush {
        /// The room.
        room_id: RoomId,
        /// Text shown to viewers.
        postscript: String,
        /// Sender-chosen id echoed on delivery.
        client_msg_id: Option<String>,
    },
    /// Read room info (member count, owner, last sequence number).
    GetRoomInfo {
        /// The room.
        room_id: RoomId,
    },
    /// Keepalive; answered with an empty success.
    Ping,
    /// Publish media into a room (WebRTC offer in, answer out).
    Publish {
        /// The room.
        room_id: RoomId,
        /// The SDP offer.
        sdp: String,
        /// Stream id; default `<sdkappid>_<roomid>_<userid>_main`.
        stream_id: Option<String>,
    },
    /// Stop publishing.
    Unpublish {
        /// The stream.
        stream_id: String,
    },
    /// Play a room's stream (WebRTC offer in, answer out).
    Play {
        /// The room.
        room_id: RoomId,
        /// The SDP offer.
        sdp: String,
        /// Stream id; default the room owner's main stream.
        stream_id: Option<String>,
    },
    /// Stop playing.
    StopPlay {
        /// The id `play` answered with.
        play_id: u64,
    },
    /// Restart the ICE of one of this session's media legs (the client's network changed):
    /// the client's ICE-restart offer in, the server's answer with new credentials out.
    /// DTLS, the SRTP keys and the stream stay, so viewers see no interruption.
    RestartIce {
        /// Which leg.
        leg: MediaLeg,
        /// The client's offer made with `iceRestart` (new `a=ice-ufrag` / `a=ice-pwd`).
        sdp: String,
    },
    /// A connection test (the connection test page): the client's offer (one `sendonly`
    /// audio m-line is enough; its media is dropped) in, an answer with every candidate of
    /// this node out. No room, no login needed; the leg closes after
    /// [`PROBE_LIFETIME_SECS`], and each address holds few at once.
    Probe {
        /// The SDP offer.
        sdp: String,
    },
}

/// How long a connection test's media leg lives before the server closes it.
pub const PROBE_LIFETIME_SECS: u64 = 15;

/// An uploaded image as `sendImage` names it: the upload's answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UploadedImage {
    /// The image's id.
    pub uuid: String,
    /// TIM `imageFormat`.
    pub image_format: u8,
    /// Where it is served.
    pub url: String,
    /// Pixels.
    pub width: u32,
    /// Pixels.
    pub height: u32,
    /// Bytes.
    pub size: u64,
    /// The server's token vouching for the above, the room and the uploader.
    pub token: String,
}

/// Longest image id, URL and token `sendImage` takes.
const MAX_IMAGE_FIELD_BYTES: usize = 512;

/// One media leg of a session, as `restartIce` names it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MediaLeg {
    /// The session's publish of this stream.
    Publish {
        /// The stream id `publish` answered with.
        stream_id: String,
    },
    /// The session's play with this id.
    Play {
        /// The id `play` answered with.
        play_id: u64,
    },
}

/// A frame that could not be decoded.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct DecodeError {
    /// The request id, when the envelope was readable.
    pub id: Option<u64>,
    /// Code for the client.
    pub code: ErrorCode,
    /// Human-readable detail.
    pub message: String,
}

impl DecodeError {
    fn new(id: Option<u64>, code: ErrorCode, message: impl Into<String>) -> Self {
        let mut message = message.into();
        // serde messages can quote input; keep error frames small (on a char boundary:
        // the quoted input may be any UTF-8).
        if message.len() > 200 {
            let mut cut = 200;
            while !message.is_char_boundary(cut) {
                cut -= 1;
            }
            message.truncate(cut);
        }
        Self { id, code, message }
    }
}

#[derive(Deserialize)]
struct Envelope<'a> {
    #[serde(default)]
    id: Option<u64>,
    cmd: &'a str,
    #[serde(borrow, default)]
    data: Option<&'a RawValue>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct LoginData {
    #[serde(rename = "userID")]
    user_id: String,
    user_sig: String,
    #[serde(default)]
    scope: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CreateRoomData {
    #[serde(rename = "roomID", default)]
    room_id: Option<RoomId>,
    #[serde(default)]
    name: String,
    #[serde(default)]
    notification: String,
    #[serde(default)]
    introduction: String,
    #[serde(default)]
    avatar: String,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct EnterRoomData {
    #[serde(rename = "roomID")]
    room_id: RoomId,
    #[serde(default)]
    last_seq: Option<u64>,
    #[serde(default)]
    incarnation: Option<u32>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RoomOnly {
    #[serde(rename = "roomID")]
    room_id: RoomId,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ProfileData {
    #[serde(default)]
    nick: Option<String>,
    #[serde(default)]
    avatar: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct SendTextData {
    #[serde(rename = "roomID")]
    room_id: RoomId,
    text: String,
    #[serde(default)]
    priority: Priority,
    #[serde(rename = "clientMsgID", default)]
    client_msg_id: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct SendCustomData {
    #[serde(rename = "roomID")]
    room_id: RoomId,
    #[serde(default)]
    data: String,
    #[serde(default)]
    description: String,
    #[serde(default)]
    extension: String,
    #[serde(default)]
    priority: Priority,
    #[serde(rename = "clientMsgID", default)]
    client_msg_id: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct MediaData {
    #[serde(rename = "roomID")]
    room_id: RoomId,
    sdp: String,
    #[serde(rename = "streamID", default)]
    stream_id: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct StreamOnly {
    #[serde(rename = "streamID")]
    stream_id: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RestartIceData {
    #[serde(rename = "streamID", default)]
    stream_id: Option<String>,
    #[serde(rename = "playID", default)]
    play_id: Option<u64>,
    sdp: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SendImageData {
    #[serde(rename = "roomID")]
    room_id: RoomId,
    image: ImageData,
    #[serde(default)]
    priority: Priority,
    #[serde(rename = "clientMsgID", default)]
    client_msg_id: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct ImageData {
    uuid: String,
    image_format: u8,
    image_info_array: Vec<crate::message::ImageInfo>,
    token: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ProbeData {
    sdp: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PlayOnly {
    #[serde(rename = "playID")]
    play_id: u64,
}

fn check_stream_id(id: Option<u64>, value: &str) -> Result<(), DecodeError> {
    if value.is_empty()
        || value.len() > MAX_STREAM_ID_BYTES
        || !value.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
    {
        return Err(DecodeError::new(
            id,
            ErrorCode::InvalidParameter,
            format!("streamID: 1-{MAX_STREAM_ID_BYTES} letters, digits, _ or -"),
        ));
    }
    Ok(())
}

fn media_data(id: Option<u64>, raw: Option<&RawValue>) -> Result<(RoomId, String, Option<String>), DecodeError> {
    let d: MediaData = data(id, raw)?;
    if d.sdp.len() > MAX_SDP_BYTES {
        return Err(DecodeError::new(id, ErrorCode::InvalidSdp, format!("sdp is longer than {MAX_SDP_BYTES} bytes")));
    }
    if let Some(s) = &d.stream_id {
        check_stream_id(id, s)?;
    }
    Ok((d.room_id, d.sdp, d.stream_id))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct StopPushData {
    #[serde(rename = "roomID")]
    room_id: RoomId,
    #[serde(default)]
    postscript: String,
    #[serde(rename = "clientMsgID", default)]
    client_msg_id: Option<String>,
}

fn data<'a, T: Deserialize<'a>>(id: Option<u64>, raw: Option<&'a RawValue>) -> Result<T, DecodeError> {
    let text = raw.map(RawValue::get).unwrap_or("{}");
    serde_json::from_str(text)
        .map_err(|e| DecodeError::new(id, ErrorCode::InvalidParameter, format!("invalid data: {e}")))
}

fn too_long(id: Option<u64>, what: &str, max: usize) -> DecodeError {
    let code = if what == "message" { ErrorCode::MessageTooLong } else { ErrorCode::InvalidParameter };
    DecodeError::new(id, code, format!("{what} is longer than {max} bytes"))
}

fn check_len(id: Option<u64>, what: &str, value: &str, max: usize) -> Result<(), DecodeError> {
    if value.len() > max {
        return Err(too_long(id, what, max));
    }
    Ok(())
}

/// Nicks, room texts and chat text are shown to others: no control characters (line
/// breaks only where `multiline`) and no bidirectional overrides (see [`crate::text`]).
fn check_text(id: Option<u64>, what: &str, value: &str, multiline: bool) -> Result<(), DecodeError> {
    crate::text::check_display_text(value, multiline)
        .map_err(|why| DecodeError::new(id, ErrorCode::InvalidParameter, format!("{what} {why}")))
}

/// The request id of a frame too large to decode as a request, so its error can still
/// name it. The frame is at most the WebSocket codec's cap (4 × [`MAX_FRAME_BYTES`]); one
/// pass over it that skips every other field is cheap at that size.
fn oversize_frame_id(frame: &str) -> Option<u64> {
    #[derive(Deserialize)]
    struct IdOnly {
        #[serde(default)]
        id: Option<u64>,
    }
    serde_json::from_str::<IdOnly>(frame).ok().and_then(|e| e.id)
}

fn check_client_msg_id(id: Option<u64>, value: &Option<String>) -> Result<(), DecodeError> {
    if let Some(v) = value {
        check_len(id, "clientMsgID", v, MAX_CLIENT_MSG_ID_BYTES)?;
    }
    Ok(())
}

/// Decodes one text frame. Checks the size first, then parses once.
pub fn decode_request(frame: &str) -> Result<Request, DecodeError> {
    if frame.len() > MAX_FRAME_BYTES {
        return Err(DecodeError::new(
            oversize_frame_id(frame),
            ErrorCode::FrameTooLarge,
            format!("frame is {} bytes; the limit is {MAX_FRAME_BYTES}", frame.len()),
        ));
    }
    let envelope: Envelope<'_> = serde_json::from_str(frame).map_err(|e| {
        // Tell "not JSON at all" from "JSON but not an envelope".
        if serde_json::from_str::<serde::de::IgnoredAny>(frame).is_ok() {
            DecodeError::new(None, ErrorCode::InvalidParameter, format!("invalid envelope: {e}"))
        } else {
            DecodeError::new(None, ErrorCode::InvalidJson, format!("invalid JSON: {e}"))
        }
    })?;
    let id = envelope.id;
    let raw = envelope.data;
    let command = match envelope.cmd {
        "login" => {
            let d: LoginData = data(id, raw)?;
            let rtc = match d.scope.as_deref() {
                None | Some("im") => false,
                Some("rtc") => true,
                Some(_) => return Err(DecodeError::new(id, ErrorCode::InvalidParameter, "scope must be im or rtc")),
            };
            ClientCommand::Login { user_id: d.user_id, user_sig: d.user_sig, rtc }
        }
        "logout" => ClientCommand::Logout,
        "createRoom" => {
            let d: CreateRoomData = data(id, raw)?;
            for (what, v) in [("name", &d.name), ("notification", &d.notification), ("introduction", &d.introduction)] {
                check_len(id, what, v, MAX_ROOM_TEXT_BYTES)?;
                check_text(id, what, v, what != "name")?;
            }
            check_len(id, "avatar", &d.avatar, MAX_AVATAR_BYTES)?;
            ClientCommand::CreateRoom {
                room_id: d.room_id,
                name: d.name,
                notification: d.notification,
                introduction: d.introduction,
                avatar: d.avatar,
            }
        }
        "enterRoom" => {
            let d: EnterRoomData = data(id, raw)?;
            ClientCommand::EnterRoom { room_id: d.room_id, last_seq: d.last_seq, incarnation: d.incarnation }
        }
        "exitRoom" => ClientCommand::ExitRoom { room_id: data::<RoomOnly>(id, raw)?.room_id },
        "setMyProfile" => {
            let d: ProfileData = data(id, raw)?;
            if let Some(nick) = &d.nick {
                check_len(id, "nick", nick, MAX_NICK_BYTES)?;
                check_text(id, "nick", nick, false)?;
            }
            if let Some(avatar) = &d.avatar {
                check_len(id, "avatar", avatar, MAX_AVATAR_BYTES)?;
            }
            ClientCommand::SetMyProfile { nick: d.nick, avatar: d.avatar }
        }
        "getMyProfile" => ClientCommand::GetMyProfile,
        "sendText" => {
            let d: SendTextData = data(id, raw)?;
            check_len(id, "message", &d.text, MAX_MESSAGE_BYTES)?;
            check_client_msg_id(id, &d.client_msg_id)?;
            check_text(id, "text", &d.text, true)?;
            if d.text.is_empty() {
                return Err(DecodeError::new(id, ErrorCode::InvalidParameter, "text is empty"));
            }
            ClientCommand::SendText {
                room_id: d.room_id,
                text: d.text,
                priority: d.priority,
                client_msg_id: d.client_msg_id,
            }
        }
        "sendCustom" => {
            let d: SendCustomData = data(id, raw)?;
            if d.data.len() + d.description.len() + d.extension.len() > MAX_MESSAGE_BYTES {
                return Err(too_long(id, "message", MAX_MESSAGE_BYTES));
            }
            check_client_msg_id(id, &d.client_msg_id)?;
            ClientCommand::SendCustom {
                room_id: d.room_id,
                data: d.data,
                description: d.description,
                extension: d.extension,
                priority: d.priority,
                client_msg_id: d.client_msg_id,
            }
        }
        "sendImage" => {
            let d: SendImageData = data(id, raw)?;
            check_client_msg_id(id, &d.client_msg_id)?;
            let image = d.image;
            let invalid = |m: &str| DecodeError::new(id, ErrorCode::InvalidParameter, m.to_owned());
            let Some(original) = image.image_info_array.iter().find(|i| i.kind == 0) else {
                return Err(invalid("image.imageInfoArray has no original (type 0): send the upload's answer"));
            };
            if [&image.uuid, &original.url, &image.token]
                .iter()
                .any(|f| f.is_empty() || f.len() > MAX_IMAGE_FIELD_BYTES)
                || image.image_info_array.len() > 3
            {
                return Err(invalid("image is not an upload's answer"));
            }
            ClientCommand::SendImage {
                room_id: d.room_id,
                image: UploadedImage {
                    uuid: image.uuid,
                    image_format: image.image_format,
                    url: original.url.clone(),
                    width: original.width,
                    height: original.height,
                    size: original.size,
                    token: image.token,
                },
                priority: d.priority,
                client_msg_id: d.client_msg_id,
            }
        }
        "stopPush" => {
            let d: StopPushData = data(id, raw)?;
            check_len(id, "message", &d.postscript, MAX_MESSAGE_BYTES)?;
            check_client_msg_id(id, &d.client_msg_id)?;
            ClientCommand::StopPush { room_id: d.room_id, postscript: d.postscript, client_msg_id: d.client_msg_id }
        }
        "getRoomInfo" => ClientCommand::GetRoomInfo { room_id: data::<RoomOnly>(id, raw)?.room_id },
        "ping" => ClientCommand::Ping,
        "publish" => {
            let (room_id, sdp, stream_id) = media_data(id, raw)?;
            ClientCommand::Publish { room_id, sdp, stream_id }
        }
        "unpublish" => {
            let stream_id = data::<StreamOnly>(id, raw)?.stream_id;
            check_stream_id(id, &stream_id)?;
            ClientCommand::Unpublish { stream_id }
        }
        "play" => {
            let (room_id, sdp, stream_id) = media_data(id, raw)?;
            ClientCommand::Play { room_id, sdp, stream_id }
        }
        "probe" => {
            let d: ProbeData = data(id, raw)?;
            if d.sdp.len() > MAX_SDP_BYTES {
                let message = format!("sdp is longer than {MAX_SDP_BYTES} bytes");
                return Err(DecodeError::new(id, ErrorCode::InvalidSdp, message));
            }
            ClientCommand::Probe { sdp: d.sdp }
        }
        "stopPlay" => ClientCommand::StopPlay { play_id: data::<PlayOnly>(id, raw)?.play_id },
        "restartIce" => {
            let d: RestartIceData = data(id, raw)?;
            if d.sdp.len() > MAX_SDP_BYTES {
                let message = format!("sdp is longer than {MAX_SDP_BYTES} bytes");
                return Err(DecodeError::new(id, ErrorCode::InvalidSdp, message));
            }
            let leg = match (d.stream_id, d.play_id) {
                (Some(stream_id), None) => {
                    check_stream_id(id, &stream_id)?;
                    MediaLeg::Publish { stream_id }
                }
                (None, Some(play_id)) => MediaLeg::Play { play_id },
                _ => {
                    return Err(DecodeError::new(
                        id,
                        ErrorCode::InvalidParameter,
                        "restartIce names one leg: streamID (a publish) or playID (a play)",
                    ))
                }
            };
            ClientCommand::RestartIce { leg, sdp: d.sdp }
        }
        other => {
            let mut shown: String = other.chars().take(40).collect();
            if shown.len() < other.len() {
                shown.push('…');
            }
            return Err(DecodeError::new(id, ErrorCode::UnknownCommand, format!("unknown command {shown:?}")));
        }
    };
    Ok(Request { id, command })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_commands() {
        let r = decode_request(r#"{"id":3,"cmd":"login","data":{"userID":"a","userSig":"s"}}"#).unwrap();
        assert_eq!(r.id, Some(3));
        assert_eq!(r.command, ClientCommand::Login { user_id: "a".into(), user_sig: "s".into(), rtc: false });
        let r = decode_request(r#"{"cmd":"enterRoom","data":{"roomID":123,"lastSeq":7}}"#).unwrap();
        assert_eq!(
            r.command,
            ClientCommand::EnterRoom { room_id: RoomId::new("123").unwrap(), last_seq: Some(7), incarnation: None }
        );
        let r =
            decode_request(r#"{"id":1,"cmd":"sendText","data":{"roomID":"r","text":"hi","priority":"High"}}"#).unwrap();
        assert!(matches!(r.command, ClientCommand::SendText { priority: Priority::High, .. }));
        assert_eq!(decode_request(r#"{"cmd":"ping"}"#).unwrap().command, ClientCommand::Ping);
    }

    #[test]
    fn restart_ice_names_exactly_one_leg() {
        let r = decode_request(r#"{"id":2,"cmd":"restartIce","data":{"streamID":"s_1","sdp":"v=0"}}"#).unwrap();
        let publish = MediaLeg::Publish { stream_id: "s_1".into() };
        assert_eq!(r.command, ClientCommand::RestartIce { leg: publish, sdp: "v=0".into() });
        let r = decode_request(r#"{"id":2,"cmd":"restartIce","data":{"playID":9,"sdp":"v=0"}}"#).unwrap();
        assert_eq!(r.command, ClientCommand::RestartIce { leg: MediaLeg::Play { play_id: 9 }, sdp: "v=0".into() });
        let code = |f: &str| decode_request(f).unwrap_err();
        for (frame, want) in [
            (r#"{"id":2,"cmd":"restartIce","data":{"sdp":"v=0"}}"#, ErrorCode::InvalidParameter),
            (
                r#"{"id":2,"cmd":"restartIce","data":{"streamID":"s","playID":1,"sdp":"v=0"}}"#,
                ErrorCode::InvalidParameter,
            ),
            (r#"{"id":2,"cmd":"restartIce","data":{"streamID":"a/b","sdp":"v=0"}}"#, ErrorCode::InvalidParameter),
            (r#"{"id":2,"cmd":"restartIce","data":{"playID":1}}"#, ErrorCode::InvalidParameter),
        ] {
            let e = code(frame);
            assert_eq!((e.code, e.id), (want, Some(2)), "{frame}: {e}");
        }
        let big =
            format!(r#"{{"id":2,"cmd":"restartIce","data":{{"playID":1,"sdp":"{}"}}}}"#, "x".repeat(MAX_SDP_BYTES + 1));
        assert_eq!(code(&big).code, ErrorCode::InvalidSdp);
    }

    #[test]
    fn send_image_takes_the_uploads_answer() {
        let frame = r#"{"id":5,"cmd":"sendImage","data":{"roomID":"r","clientMsgID":"c1","image":{"uuid":"ab","imageFormat":3,"token":"t","imageInfoArray":[{"url":"/images/n/1/r/ab.png","width":4,"height":3,"size":99,"type":0},{"url":"/images/n/1/r/ab.png","width":4,"height":3,"size":99,"type":1}]}}}"#;
        let r = decode_request(frame).unwrap();
        let ClientCommand::SendImage { image, client_msg_id, .. } = r.command else { panic!("{:?}", r.command) };
        assert_eq!((image.url.as_str(), image.width, image.height, image.size), ("/images/n/1/r/ab.png", 4, 3, 99));
        assert_eq!((image.uuid.as_str(), image.image_format, image.token.as_str()), ("ab", 3, "t"));
        assert_eq!(client_msg_id.as_deref(), Some("c1"));
        for bad in [
            r#"{"id":5,"cmd":"sendImage","data":{"roomID":"r","image":{"uuid":"ab","imageFormat":3,"token":"t","imageInfoArray":[]}}}"#,
            r#"{"id":5,"cmd":"sendImage","data":{"roomID":"r","image":{"uuid":"","imageFormat":3,"token":"t","imageInfoArray":[{"url":"/x","width":1,"height":1,"size":1,"type":0}]}}}"#,
            r#"{"id":5,"cmd":"sendImage","data":{"roomID":"r","image":{"uuid":"ab","imageFormat":3,"imageInfoArray":[{"url":"/x","width":1,"height":1,"size":1,"type":0}]}}}"#,
            r#"{"id":5,"cmd":"sendImage","data":{"roomID":"r"}}"#,
        ] {
            assert_eq!(decode_request(bad).unwrap_err().code, ErrorCode::InvalidParameter, "{bad}");
        }
    }

    #[test]
    fn probe_carries_one_bounded_offer() {
        let r = decode_request(r#"{"id":4,"cmd":"probe","data":{"sdp":"v=0"}}"#).unwrap();
        assert_eq!(r.command, ClientCommand::Probe { sdp: "v=0".into() });
        let e = decode_request(r#"{"id":4,"cmd":"probe","data":{}}"#).unwrap_err();
        assert_eq!(e.code, ErrorCode::InvalidParameter);
        let big = format!(r#"{{"id":4,"cmd":"probe","data":{{"sdp":"{}"}}}}"#, "x".repeat(MAX_SDP_BYTES + 1));
        assert_eq!(decode_request(&big).unwrap_err().code, ErrorCode::InvalidSdp);
    }

    #[test]
    fn each_bad_frame_has_its_code() {
        let code = |f: &str| decode_request(f).unwrap_err().code;
        assert_eq!(code("{nope"), ErrorCode::InvalidJson);
        assert_eq!(code("[1,2]"), ErrorCode::InvalidParameter);
        assert_eq!(code(r#"{"id":1,"cmd":"fly"}"#), ErrorCode::UnknownCommand);
        assert_eq!(code(r#"{"id":1,"cmd":"sendText","data":{"roomID":"r"}}"#), ErrorCode::InvalidParameter);
        assert_eq!(
            code(r#"{"id":1,"cmd":"sendText","data":{"roomID":"a/b","text":"x"}}"#),
            ErrorCode::InvalidParameter
        );
        let big = format!(
            r#"{{"id":1,"cmd":"sendText","data":{{"roomID":"r","text":"{}"}}}}"#,
            "x".repeat(MAX_MESSAGE_BYTES + 1)
        );
        assert_eq!(code(&big), ErrorCode::MessageTooLong);
        let huge = "x".repeat(MAX_FRAME_BYTES + 1);
        assert_eq!(code(&huge), ErrorCode::FrameTooLarge);
        let e = decode_request(r#"{"id":9,"cmd":"fly"}"#).unwrap_err();
        assert_eq!(e.id, Some(9));
    }

    /// A frame above the cap (but under the codec's) still names its request in the error.
    #[test]
    fn an_oversized_frame_error_carries_its_id() {
        let big = format!(r#"{{"id":77,"cmd":"sendText","data":{{"roomID":"r","text":"{}"}}}}"#, "x".repeat(64 * 1024));
        let e = decode_request(&big).unwrap_err();
        assert_eq!((e.code, e.id), (ErrorCode::FrameTooLarge, Some(77)));
        assert_eq!(decode_request(&"y".repeat(MAX_FRAME_BYTES + 1)).unwrap_err().id, None);
    }

    #[test]
    fn hiding_characters_in_nicks_names_and_text_are_refused() {
        let code = |f: &str| decode_request(f).unwrap_err();
        for frame in [
            r#"{"id":3,"cmd":"setMyProfile","data":{"nick":"ad\u0000min"}}"#,
            r#"{"id":3,"cmd":"setMyProfile","data":{"nick":"evil\u202enimda"}}"#,
            r#"{"id":3,"cmd":"setMyProfile","data":{"nick":"two\nlines"}}"#,
            r#"{"id":3,"cmd":"sendText","data":{"roomID":"r","text":"\u001b[31mred"}}"#,
            r#"{"id":3,"cmd":"sendText","data":{"roomID":"r","text":"x\u2066y"}}"#,
            r#"{"id":3,"cmd":"createRoom","data":{"name":"a\u202eb"}}"#,
        ] {
            let e = code(frame);
            assert_eq!((e.code, e.id), (ErrorCode::InvalidParameter, Some(3)), "{frame}: {e}");
        }
        assert!(
            decode_request(r#"{"id":3,"cmd":"sendText","data":{"roomID":"r","text":"line one\nline two"}}"#).is_ok()
        );
        assert!(decode_request(r#"{"id":3,"cmd":"setMyProfile","data":{"nick":"مرحبا"}}"#).is_ok());
    }

    /// Regression (found by `cargo fuzz run client_frame`): a serde error quoting multi-byte
    /// input used to be truncated inside a character.
    #[test]
    fn long_error_messages_are_cut_on_char_boundaries() {
        for pad in 0..8 {
            let frame = format!(
                r#"{{"id":1,"cmd":"sendText","data":{{"roomID":"r","text":"x","{}é":1}}}}"#,
                "a".repeat(150 + pad)
            );
            let err = decode_request(&frame).unwrap_err();
            assert_eq!(err.code, ErrorCode::InvalidParameter);
            assert!(err.message.len() <= 200);
        }
    }

    proptest::proptest! {
        #[test]
        fn never_panics_on_text(frame in "\\PC{0,300}") {
            let _ = decode_request(&frame);
        }

        #[test]
        fn never_panics_on_shaped_frames(cmd in "[a-zA-Z]{0,14}", id in proptest::option::of(0u64..u64::MAX), body in "\\PC{0,120}") {
            let frame = match id {
                Some(id) => format!(r#"{{"id":{id},"cmd":"{cmd}","data":{body}}}"#),
                None => format!(r#"{{"cmd":"{cmd}","data":{{"roomID":"{body}"}}}}"#),
            };
            let _ = decode_request(&frame);
        }
    }
}
