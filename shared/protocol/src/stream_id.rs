//! Who owns a stream id: TWebLive's convention `<sdkappid>_<roomid>_<userid>_<suffix>`
//! (`_main` for a user's camera) made a rule.
//!
//! A publisher may only use its own stream ids: the prefix names its app, the room it
//! publishes in and its own user id, and the suffix is 1–32 letters, digits or `-` (no
//! `_`, so that the user id a stream id names is the text between the room's prefix and
//! the last `_`). Stream ids are one namespace for the whole app (`/live/<id>.m3u8`), so a
//! user who could choose any id could take over another broadcaster's stream.
//!
//! One ambiguity is left, and handled elsewhere: when both room ids and user ids contain
//! `_`, two different (room, user) pairs can spell the same stream id (`r` + `a_2` and
//! `r_a` + `2`). The second publisher of a live id is refused (`AlreadyPublishing`), and a
//! WebRTC play only serves streams published in the room it names.

use crate::ids::{RoomId, UserId};

/// Longest suffix after the user id.
pub const MAX_STREAM_SUFFIX: usize = 32;

/// Why a wanted stream id is not the caller's.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum StreamIdError {
    /// The id does not start with the caller's `<sdkappid>_<roomid>_<userid>_`.
    #[error("stream id {wanted:?} is not yours: it must start with {prefix:?}")]
    NotOwn {
        /// The id asked for.
        wanted: String,
        /// The caller's own prefix.
        prefix: String,
    },
    /// The suffix after the prefix is empty, too long, or has characters other than
    /// letters, digits and `-`.
    #[error("the stream id's suffix must be 1-{MAX_STREAM_SUFFIX} letters, digits or -")]
    BadSuffix,
}

/// The prefix of every stream id published in a room: `<sdkappid>_<roomid>_`.
pub fn room_prefix(sdkappid: u64, room: &RoomId) -> String {
    format!("{sdkappid}_{room}_")
}

/// The caller's own prefix: `<sdkappid>_<roomid>_<userid>_`.
pub fn own_prefix(sdkappid: u64, room: &RoomId, user: &UserId) -> String {
    format!("{}{user}_", room_prefix(sdkappid, room))
}

/// The stream id `user` publishes under in `room`: `wanted` if it is the caller's own,
/// else the default `<sdkappid>_<roomid>_<userid>_main`.
pub fn own_stream_id(
    sdkappid: u64,
    room: &RoomId,
    user: &UserId,
    wanted: Option<&str>,
) -> Result<String, StreamIdError> {
    let prefix = own_prefix(sdkappid, room, user);
    let Some(wanted) = wanted.filter(|w| !w.is_empty()) else {
        return Ok(format!("{prefix}main"));
    };
    let Some(suffix) = wanted.strip_prefix(&prefix) else {
        return Err(StreamIdError::NotOwn { wanted: wanted.to_owned(), prefix });
    };
    if suffix.is_empty()
        || suffix.len() > MAX_STREAM_SUFFIX
        || !suffix.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
    {
        return Err(StreamIdError::BadSuffix);
    }
    Ok(wanted.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn room(r: &str) -> RoomId {
        RoomId::new(r).unwrap()
    }

    fn user(u: &str) -> UserId {
        UserId::new(u).unwrap()
    }

    #[test]
    fn the_default_and_own_ids_are_accepted() {
        assert_eq!(own_stream_id(1400000000, &room("r1"), &user("alice"), None).unwrap(), "1400000000_r1_alice_main");
        assert_eq!(
            own_stream_id(1, &room("r1"), &user("alice"), Some("1_r1_alice_screen-2")).unwrap(),
            "1_r1_alice_screen-2"
        );
    }

    #[test]
    fn another_users_or_rooms_id_is_refused() {
        // The takeover that was observed: eve in her own room asks for the victim's id.
        let err = own_stream_id(1400000000, &room("everoom"), &user("eve"), Some("1400000000_victimroom_anchor2_main"));
        assert!(matches!(err, Err(StreamIdError::NotOwn { .. })));
        // Right room, another user.
        let err = own_stream_id(1, &room("r"), &user("eve"), Some("1_r_anchor_main"));
        assert!(matches!(err, Err(StreamIdError::NotOwn { .. })));
        // Another app.
        assert!(own_stream_id(2, &room("r"), &user("eve"), Some("1_r_eve_main")).is_err());
        // User `b` may not reach into `b_c`'s ids in the same room.
        assert_eq!(own_stream_id(1, &room("r"), &user("b"), Some("1_r_b_c_main")), Err(StreamIdError::BadSuffix));
        assert_eq!(own_stream_id(1, &room("r"), &user("b"), Some("1_r_b_")), Err(StreamIdError::BadSuffix));
    }

    fn id_text(max: usize) -> impl Strategy<Value = String> {
        proptest::string::string_regex(&format!("[a-z0-9_]{{1,{max}}}")).expect("regex")
    }

    proptest! {
        /// Random apps, rooms, users and wanted ids never let a user publish outside its own
        /// streams: whatever is accepted starts with the caller's own prefix, and names the
        /// caller as the user between that prefix and the suffix.
        #[test]
        fn a_user_never_publishes_outside_its_own_streams(
            app in 1u64..4,
            r in id_text(6),
            u in id_text(6),
            other_room in id_text(6),
            other_user in id_text(6),
            suffix in "[a-z0-9_-]{0,6}",
            pick in 0u8..4,
        ) {
            let (r, u) = (room(&r), user(&u));
            let wanted = match pick {
                0 => format!("{app}_{r}_{u}_{suffix}"),
                1 => format!("{app}_{other_room}_{other_user}_{suffix}"),
                2 => format!("{app}_{r}_{other_user}_{suffix}"),
                _ => format!("{}_{r}_{u}_{suffix}", app + 1),
            };
            if let Ok(id) = own_stream_id(app, &r, &u, Some(&wanted)) {
                let prefix = own_prefix(app, &r, &u);
                prop_assert!(id.starts_with(&prefix));
                let rest = &id[prefix.len()..];
                prop_assert!(!rest.is_empty() && !rest.contains('_'));
                // The user a stream id names: between the room's prefix and the last `_`.
                let room_prefix = format!("{app}_{r}_");
                let named = &id[room_prefix.len()..id.rfind('_').unwrap()];
                prop_assert_eq!(named, u.as_str());
            }
        }
    }
}
