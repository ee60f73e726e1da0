//! Tencent UserSig v2 (`tls-sig-api-v2`): HMAC-SHA256 over a fixed text, in zlib-compressed
//! JSON, in URL-safe base64 with Tencent's own alphabet (`+`→`*`, `/`→`-`, `=`→`_`).
//!
//! The byte layout follows the reference libraries (Go `TLSSigAPI.go`, Python
//! `TLSSigAPIv2.py`); see `shared/tweblive-api.md` §10 of the project.

use std::io::Read;

use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use flate2::read::ZlibDecoder;
use flate2::write::ZlibEncoder;
use flate2::Compression;
use hmac::{Hmac, Mac};
use serde_json::{Map, Value};
use sha2::Sha256;

type HmacSha256 = Hmac<Sha256>;

/// Longest UserSig text accepted. Real ones are 150–400 characters; a PrivateMapKey
/// userbuf adds about 100.
pub const MAX_USERSIG_LEN: usize = 2048;
/// Most bytes a UserSig may inflate to (a zip bomb stops here).
const MAX_INFLATED_LEN: usize = 4096;

/// Why a UserSig was refused. Each variant is one distinct, user-actionable cause.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SigError {
    /// The UserSig is the empty string.
    #[error("UserSig is empty")]
    Empty,
    /// Longer than [`MAX_USERSIG_LEN`].
    #[error("UserSig is longer than {MAX_USERSIG_LEN} characters")]
    TooLong,
    /// Not base64 in Tencent's URL-safe alphabet.
    #[error("UserSig is not valid base64 (Tencent URL-safe alphabet)")]
    NotBase64,
    /// The decoded bytes are not a zlib stream, or inflate past the size cap.
    #[error("UserSig is not a valid zlib stream")]
    NotZlib,
    /// The inflated bytes are not the expected JSON object.
    #[error("UserSig content is not valid JSON: {0}")]
    BadJson(String),
    /// `TLS.ver` is not "2.0".
    #[error("UserSig version is not 2.0")]
    UnsupportedVersion,
    /// Signed for another SDKAppID.
    #[error("UserSig was issued for another SDKAppID")]
    AppMismatch,
    /// Signed for another user.
    #[error("UserSig was issued for another user")]
    UserMismatch,
    /// `now > time + expire`.
    #[error("UserSig has expired")]
    Expired,
    /// The HMAC does not match: wrong key, or the content was altered.
    #[error("UserSig signature does not match (wrong key or altered content)")]
    BadSignature,
}

/// The verified content of a UserSig.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UserSigClaims {
    /// The user (`TLS.identifier`).
    pub identifier: String,
    /// The app (`TLS.sdkappid`).
    pub sdkappid: u64,
    /// Issue time, unix seconds (`TLS.time`).
    pub time: u64,
    /// Validity in seconds from `time` (`TLS.expire`).
    pub expire: u64,
    /// The raw PrivateMapKey userbuf, when present.
    pub userbuf: Option<Vec<u8>>,
}

impl UserSigClaims {
    /// The unix second after which the UserSig is no longer valid.
    pub fn expires_at(&self) -> u64 {
        self.time.saturating_add(self.expire)
    }
}

fn content_to_sign(identifier: &str, sdkappid: u64, time: u64, expire: u64, userbuf_b64: Option<&str>) -> String {
    let mut text =
        format!("TLS.identifier:{identifier}\nTLS.sdkappid:{sdkappid}\nTLS.time:{time}\nTLS.expire:{expire}\n");
    if let Some(buf) = userbuf_b64 {
        text.push_str("TLS.userbuf:");
        text.push_str(buf);
        text.push('\n');
    }
    text
}

fn mac(key: &str, text: &str) -> HmacSha256 {
    // HMAC accepts keys of any length, so this cannot fail.
    let mut mac = HmacSha256::new_from_slice(key.as_bytes()).expect("HMAC takes any key length");
    mac.update(text.as_bytes());
    mac
}

fn to_tencent_base64(bytes: &[u8]) -> String {
    STANDARD
        .encode(bytes)
        .chars()
        .map(|c| match c {
            '+' => '*',
            '/' => '-',
            '=' => '_',
            other => other,
        })
        .collect()
}

fn from_tencent_base64(text: &str) -> Result<Vec<u8>, SigError> {
    let standard: String = text
        .chars()
        .map(|c| match c {
            '*' => '+',
            '-' => '/',
            '_' => '=',
            other => other,
        })
        .collect();
    STANDARD.decode(standard).map_err(|_| SigError::NotBase64)
}

/// Signs a UserSig for `identifier` in app `sdkappid` with `key`, issued at `now` (unix
/// seconds) and valid for `expire` seconds. Same output format as `tls-sig-api-v2`.
pub fn sign(sdkappid: u64, key: &str, identifier: &str, now: u64, expire: u64) -> String {
    let sig =
        STANDARD.encode(mac(key, &content_to_sign(identifier, sdkappid, now, expire, None)).finalize().into_bytes());
    let mut doc = Map::new();
    doc.insert("TLS.ver".into(), Value::from("2.0"));
    doc.insert("TLS.identifier".into(), Value::from(identifier));
    doc.insert("TLS.sdkappid".into(), Value::from(sdkappid));
    doc.insert("TLS.expire".into(), Value::from(expire));
    doc.insert("TLS.time".into(), Value::from(now));
    doc.insert("TLS.sig".into(), Value::from(sig));
    let json = Value::Object(doc).to_string();
    let mut encoder = ZlibEncoder::new(Vec::new(), Compression::default());
    std::io::Write::write_all(&mut encoder, json.as_bytes()).expect("writing to a Vec cannot fail");
    let compressed = encoder.finish().expect("finishing into a Vec cannot fail");
    to_tencent_base64(&compressed)
}

/// Decodes a UserSig without checking the signature (for `liveroom usersig --decode` and
/// error reporting). Validates the encoding, size and JSON shape.
pub fn decode(usersig: &str) -> Result<(UserSigClaims, Vec<u8>, Option<String>), SigError> {
    if usersig.is_empty() {
        return Err(SigError::Empty);
    }
    if usersig.len() > MAX_USERSIG_LEN {
        return Err(SigError::TooLong);
    }
    let compressed = from_tencent_base64(usersig)?;
    let mut inflated = Vec::with_capacity(512);
    ZlibDecoder::new(compressed.as_slice())
        .take(MAX_INFLATED_LEN as u64 + 1)
        .read_to_end(&mut inflated)
        .map_err(|_| SigError::NotZlib)?;
    if inflated.len() > MAX_INFLATED_LEN {
        return Err(SigError::NotZlib);
    }
    let doc: Map<String, Value> = serde_json::from_slice(&inflated).map_err(|e| SigError::BadJson(e.to_string()))?;
    match doc.get("TLS.ver") {
        Some(Value::String(v)) if v == "2.0" => {}
        Some(_) => return Err(SigError::UnsupportedVersion),
        None => return Err(SigError::BadJson("missing TLS.ver".into())),
    }
    let identifier = match doc.get("TLS.identifier") {
        Some(Value::String(s)) => s.clone(),
        _ => return Err(SigError::BadJson("TLS.identifier must be a string".into())),
    };
    let sdkappid = json_u64(&doc, "TLS.sdkappid")?;
    let time = json_u64(&doc, "TLS.time")?;
    let expire = json_u64(&doc, "TLS.expire")?;
    let sig_b64 = match doc.get("TLS.sig") {
        Some(Value::String(s)) => s.clone(),
        _ => return Err(SigError::BadJson("TLS.sig must be a string".into())),
    };
    let sig = STANDARD.decode(&sig_b64).map_err(|_| SigError::BadSignature)?;
    let userbuf_b64 = match doc.get("TLS.userbuf") {
        None => None,
        Some(Value::String(s)) => Some(s.clone()),
        Some(_) => return Err(SigError::BadJson("TLS.userbuf must be a string".into())),
    };
    let userbuf = match &userbuf_b64 {
        Some(b) => Some(STANDARD.decode(b).map_err(|_| SigError::BadJson("TLS.userbuf is not base64".into()))?),
        None => None,
    };
    Ok((UserSigClaims { identifier, sdkappid, time, expire, userbuf }, sig, userbuf_b64))
}

/// Tencent's libraries write numbers; accept decimal strings too, as some ports do.
fn json_u64(doc: &Map<String, Value>, key: &str) -> Result<u64, SigError> {
    match doc.get(key) {
        Some(Value::Number(n)) => {
            n.as_u64().ok_or_else(|| SigError::BadJson(format!("{key} must be a non-negative integer")))
        }
        Some(Value::String(s)) => {
            s.parse().map_err(|_| SigError::BadJson(format!("{key} must be a non-negative integer")))
        }
        _ => Err(SigError::BadJson(format!("missing {key}"))),
    }
}

/// Verifies `usersig` for `identifier` in app `sdkappid` with `key` at time `now`.
///
/// Checks, in the reference order: app, user, expiry, signature (constant-time).
pub fn verify(usersig: &str, sdkappid: u64, key: &str, identifier: &str, now: u64) -> Result<UserSigClaims, SigError> {
    let (claims, sig, userbuf_b64) = decode(usersig)?;
    if claims.sdkappid != sdkappid {
        return Err(SigError::AppMismatch);
    }
    if claims.identifier != identifier {
        return Err(SigError::UserMismatch);
    }
    if now > claims.expires_at() {
        return Err(SigError::Expired);
    }
    let text = content_to_sign(&claims.identifier, claims.sdkappid, claims.time, claims.expire, userbuf_b64.as_deref());
    mac(key, &text).verify_slice(&sig).map_err(|_| SigError::BadSignature)?;
    Ok(claims)
}

#[cfg(test)]
mod tests {
    use super::*;

    const KEY: &str = "5bd2850fff3ecb11d7c805251c51ee463a25727bddc2385f3fa8bfee1bb93b5e";

    #[test]
    fn sign_then_verify() {
        let sig = sign(1400000000, KEY, "alice", 1_700_000_000, 86400);
        let claims = verify(&sig, 1400000000, KEY, "alice", 1_700_000_100).unwrap();
        assert_eq!(claims.identifier, "alice");
        assert_eq!(claims.expires_at(), 1_700_086_400);
    }

    #[test]
    fn each_failure_has_its_own_error() {
        let sig = sign(1400000000, KEY, "alice", 1_700_000_000, 100);
        let now = 1_700_000_050;
        assert_eq!(verify(&sig, 1400000000, "other-key", "alice", now), Err(SigError::BadSignature));
        assert_eq!(verify(&sig, 1400000001, KEY, "alice", now), Err(SigError::AppMismatch));
        assert_eq!(verify(&sig, 1400000000, KEY, "bob", now), Err(SigError::UserMismatch));
        assert_eq!(verify(&sig, 1400000000, KEY, "alice", 1_700_000_101), Err(SigError::Expired));
        assert_eq!(verify("", 1400000000, KEY, "alice", now), Err(SigError::Empty));
        assert!(verify(&sig[..sig.len() / 2], 1400000000, KEY, "alice", now).is_err());
        assert_eq!(verify("@@@@not base64@@@", 1400000000, KEY, "alice", now), Err(SigError::NotBase64));
        let not_zlib = to_tencent_base64(b"plain bytes, no zlib header");
        assert_eq!(verify(&not_zlib, 1400000000, KEY, "alice", now), Err(SigError::NotZlib));
        let mut enc = ZlibEncoder::new(Vec::new(), Compression::default());
        std::io::Write::write_all(&mut enc, b"{not json").unwrap();
        let bad_json = to_tencent_base64(&enc.finish().unwrap());
        assert!(matches!(verify(&bad_json, 1400000000, KEY, "alice", now), Err(SigError::BadJson(_))));
        let long = "A".repeat(MAX_USERSIG_LEN + 1);
        assert_eq!(verify(&long, 1400000000, KEY, "alice", now), Err(SigError::TooLong));
    }

    #[test]
    fn truncated_sig_is_rejected_with_an_encoding_error() {
        let sig = sign(1400000000, KEY, "alice", 1_700_000_000, 100);
        for cut in [1, 10, sig.len() - 8, sig.len() - 1] {
            let err = verify(&sig[..cut], 1400000000, KEY, "alice", 1_700_000_001).unwrap_err();
            assert!(
                matches!(err, SigError::NotBase64 | SigError::NotZlib | SigError::BadJson(_)),
                "cut {cut}: {err:?}"
            );
        }
    }

    #[test]
    fn zip_bomb_is_bounded() {
        let mut enc = ZlibEncoder::new(Vec::new(), Compression::best());
        std::io::Write::write_all(&mut enc, &vec![b' '; 1 << 20]).unwrap();
        let bomb = to_tencent_base64(&enc.finish().unwrap());
        assert!(bomb.len() <= MAX_USERSIG_LEN);
        assert_eq!(verify(&bomb, 1, KEY, "a", 0), Err(SigError::NotZlib));
    }

    proptest::proptest! {
        #[test]
        fn decoder_never_panics(input in "\\PC{0,600}") {
            let _ = verify(&input, 1400000000, KEY, "alice", 1_700_000_000);
        }

        #[test]
        fn decoder_never_panics_on_compressed_garbage(bytes in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..400)) {
            let mut enc = ZlibEncoder::new(Vec::new(), Compression::fast());
            std::io::Write::write_all(&mut enc, &bytes).unwrap();
            let wrapped = to_tencent_base64(&enc.finish().unwrap());
            let _ = verify(&wrapped, 1400000000, KEY, "alice", 1_700_000_000);
        }

        #[test]
        fn roundtrip_any_valid_user(user in "[A-Za-z0-9_-]{1,32}", app in 1u64..u32::MAX as u64, t in 0u64..4_000_000_000, exp in 1u64..100_000_000) {
            let sig = sign(app, KEY, &user, t, exp);
            let claims = verify(&sig, app, KEY, &user, t).unwrap();
            proptest::prop_assert_eq!(claims.identifier, user);
        }
    }
}
