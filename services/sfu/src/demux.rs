//! Telling apart what arrives on the node's one UDP port (RFC 7983), and reading the ICE
//! username of a STUN binding request so a new peer can be found by its ufrag.
//!
//! Everything here borrows the receive buffer and allocates nothing: it runs per packet.

/// What a datagram is, by its first byte (RFC 7983 §7).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// 0–3: STUN (ICE connectivity checks).
    Stun,
    /// 20–63: DTLS (handshake, then the SRTP keys).
    Dtls,
    /// 128–191: RTP or RTCP (SRTP / SRTCP).
    Rtp,
    /// Anything else (TURN channel data, ZRTP, garbage).
    Other,
}

/// Classifies a datagram.
pub fn classify(datagram: &[u8]) -> Kind {
    match datagram.first() {
        Some(0..=3) => Kind::Stun,
        Some(20..=63) => Kind::Dtls,
        Some(128..=191) => Kind::Rtp,
        _ => Kind::Other,
    }
}

const STUN_HEADER: usize = 20;
const MAGIC_COOKIE: [u8; 4] = [0x21, 0x12, 0xA4, 0x42];
const ATTR_USERNAME: u16 = 0x0006;
/// RFC 8489: USERNAME is at most 513 bytes.
const MAX_USERNAME: usize = 513;

/// Why a STUN message could not give a username.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum StunError {
    /// Shorter than a STUN header, or lengths that run past the datagram.
    #[error("truncated STUN message")]
    Truncated,
    /// No magic cookie: not RFC 5389+ STUN.
    #[error("not a STUN message (no magic cookie)")]
    NotStun,
    /// No USERNAME attribute.
    #[error("STUN message has no USERNAME")]
    NoUsername,
    /// USERNAME is longer than RFC 8489 allows, or not `local:remote` UTF-8.
    #[error("malformed STUN USERNAME")]
    BadUsername,
}

/// The local ufrag (the part before `:`) of the USERNAME of a STUN message: which of our
/// peers a connectivity check is for.
pub fn local_ufrag(datagram: &[u8]) -> Result<&str, StunError> {
    if datagram.len() < STUN_HEADER {
        return Err(StunError::Truncated);
    }
    // RFC 7983: a STUN message starts with a byte of 0–3 (what `classify` calls STUN).
    if datagram[4..8] != MAGIC_COOKIE || datagram[0] > 3 {
        return Err(StunError::NotStun);
    }
    let body_len = usize::from(u16::from_be_bytes([datagram[2], datagram[3]]));
    let end = STUN_HEADER.checked_add(body_len).ok_or(StunError::Truncated)?;
    let body = datagram.get(STUN_HEADER..end).ok_or(StunError::Truncated)?;
    let mut at = 0usize;
    while at + 4 <= body.len() {
        let kind = u16::from_be_bytes([body[at], body[at + 1]]);
        let len = usize::from(u16::from_be_bytes([body[at + 2], body[at + 3]]));
        let value = body.get(at + 4..at + 4 + len).ok_or(StunError::Truncated)?;
        if kind == ATTR_USERNAME {
            if len > MAX_USERNAME {
                return Err(StunError::BadUsername);
            }
            let text = std::str::from_utf8(value).map_err(|_| StunError::BadUsername)?;
            return text.split_once(':').map(|(local, _)| local).ok_or(StunError::BadUsername);
        }
        // Attributes are padded to 4 bytes.
        at += 4 + len.div_ceil(4) * 4;
    }
    Err(StunError::NoUsername)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn binding_request(username: &[u8]) -> Vec<u8> {
        let mut attrs = Vec::new();
        attrs.extend_from_slice(&ATTR_USERNAME.to_be_bytes());
        attrs.extend_from_slice(&(username.len() as u16).to_be_bytes());
        attrs.extend_from_slice(username);
        while attrs.len() % 4 != 0 {
            attrs.push(0);
        }
        // PRIORITY attribute after it, to prove we skip nothing we need.
        attrs.extend_from_slice(&[0x00, 0x24, 0x00, 0x04, 1, 2, 3, 4]);
        let mut msg = vec![0x00, 0x01];
        msg.extend_from_slice(&(attrs.len() as u16).to_be_bytes());
        msg.extend_from_slice(&MAGIC_COOKIE);
        msg.extend_from_slice(&[7; 12]);
        msg.extend_from_slice(&attrs);
        msg
    }

    #[test]
    fn classifies_by_first_byte() {
        assert_eq!(classify(&[0x00, 1]), Kind::Stun);
        assert_eq!(classify(&[22]), Kind::Dtls);
        assert_eq!(classify(&[0x80, 0x60]), Kind::Rtp);
        assert_eq!(classify(&[0x90]), Kind::Rtp);
        assert_eq!(classify(&[64]), Kind::Other);
        assert_eq!(classify(&[]), Kind::Other);
    }

    #[test]
    fn reads_the_local_ufrag() {
        let msg = binding_request(b"srvUfrag1:browserUfrag");
        assert_eq!(local_ufrag(&msg), Ok("srvUfrag1"));
        let odd = binding_request(b"abc:d");
        assert_eq!(local_ufrag(&odd), Ok("abc"));
    }

    #[test]
    fn refuses_malformed_messages() {
        assert_eq!(local_ufrag(&[0, 1, 0]), Err(StunError::Truncated));
        let mut msg = binding_request(b"a:b");
        msg[4] = 0;
        assert_eq!(local_ufrag(&msg), Err(StunError::NotStun));
        let mut msg = binding_request(b"a:b");
        msg[3] = 200; // body length beyond the datagram
        assert_eq!(local_ufrag(&msg), Err(StunError::Truncated));
        assert_eq!(local_ufrag(&binding_request(b"nocolon")), Err(StunError::BadUsername));
        // Regression (cargo fuzz run media_demux): a cookie and a USERNAME behind a first
        // byte that is not STUN's is not STUN.
        for first in [0xfd, 0x2e, 4] {
            let mut msg = binding_request(b"a:b");
            msg[0] = first;
            assert_eq!(local_ufrag(&msg), Err(StunError::NotStun), "first byte {first}");
        }
        assert_eq!(local_ufrag(&binding_request(&[0xff, 0xfe, b':'])), Err(StunError::BadUsername));
        let mut msg = binding_request(b"a:b");
        msg[21] = 0x07; // not USERNAME any more
        assert_eq!(local_ufrag(&msg), Err(StunError::NoUsername));
    }

    proptest::proptest! {
        #[test]
        fn never_panics(bytes in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..600)) {
            let _ = classify(&bytes);
            let _ = local_ufrag(&bytes);
        }

        #[test]
        fn never_panics_with_a_valid_header(mut body in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..300), declared in 0u16..400) {
            let mut msg = vec![0x00, 0x01];
            msg.extend_from_slice(&declared.to_be_bytes());
            msg.extend_from_slice(&MAGIC_COOKIE);
            msg.extend_from_slice(&[0; 12]);
            msg.append(&mut body);
            let _ = local_ufrag(&msg);
        }
    }
}
