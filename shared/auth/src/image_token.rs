//! Tokens that vouch for an image uploaded to liveroom (`POST /api/rooms/{room}/images`),
//! so an image message (`sendImage`) can only carry an image this app's server accepted,
//! for that room and that sender: nobody can post a message pointing at a URL of their
//! choosing (a tracking pixel, an image elsewhere) or another user's upload.
//!
//! The token is an HMAC-SHA256 over every field the message shows, keyed with the app's
//! secret and a purpose label (so it can never pass for a UserSig's MAC), in URL-safe
//! base64 without padding. Stateless: any node of the cluster checks it.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use hmac::{Hmac, Mac};
use sha2::Sha256;

type HmacSha256 = Hmac<Sha256>;

/// What an image token vouches for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImageClaims<'a> {
    /// The app.
    pub sdkappid: u64,
    /// The room the image was uploaded to.
    pub room: &'a str,
    /// The uploader, the only user who may send it.
    pub user: &'a str,
    /// The image's id (TIM `uuid`).
    pub uuid: &'a str,
    /// Where it is served (a path on the server).
    pub url: &'a str,
    /// TIM `imageFormat` (1 JPG, 2 GIF, 3 PNG, 255 other).
    pub format: u8,
    /// Pixels.
    pub width: u32,
    /// Pixels.
    pub height: u32,
    /// Bytes.
    pub size: u64,
}

impl ImageClaims<'_> {
    fn mac(&self, secret: &str) -> HmacSha256 {
        // HMAC accepts keys of any length, so this cannot fail.
        let mut mac = HmacSha256::new_from_slice(secret.as_bytes()).expect("HMAC takes any key length");
        // Lengths before the text fields: no two claims share a byte string.
        let text = format!(
            "liveroom.image.v1\n{}\n{}:{}\n{}:{}\n{}:{}\n{}:{}\n{}\n{}x{}\n{}\n",
            self.sdkappid,
            self.room.len(),
            self.room,
            self.user.len(),
            self.user,
            self.uuid.len(),
            self.uuid,
            self.url.len(),
            self.url,
            self.format,
            self.width,
            self.height,
            self.size
        );
        mac.update(text.as_bytes());
        mac
    }

    /// The token for these claims under the app's `secret`.
    pub fn sign(&self, secret: &str) -> String {
        URL_SAFE_NO_PAD.encode(self.mac(secret).finalize().into_bytes())
    }

    /// Whether `token` was made for exactly these claims under `secret` (compared in
    /// constant time).
    pub fn verify(&self, secret: &str, token: &str) -> bool {
        let Ok(bytes) = URL_SAFE_NO_PAD.decode(token.as_bytes()) else { return false };
        self.mac(secret).verify_slice(&bytes).is_ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn claims() -> ImageClaims<'static> {
        ImageClaims {
            sdkappid: 1400000000,
            room: "r1",
            user: "alice",
            uuid: "0123abcd",
            url: "/images/local/1400000000/r1/0123abcd.png",
            format: 3,
            width: 64,
            height: 48,
            size: 1234,
        }
    }

    proptest::proptest! {
        /// A token made up without the secret never verifies.
        #[test]
        fn made_up_tokens_never_verify(token in "[A-Za-z0-9_-]{0,64}") {
            proptest::prop_assert!(!claims().verify("secret", &token));
        }
    }

    #[test]
    fn a_token_vouches_for_its_claims_only() {
        let token = claims().sign("secret");
        assert!(claims().verify("secret", &token));
        assert!(!claims().verify("other secret", &token));
        assert!(!claims().verify("secret", "not base64!"));
        assert!(!claims().verify("secret", ""));
        let changed: [ImageClaims; 8] = [
            ImageClaims { sdkappid: 1, ..claims() },
            ImageClaims { room: "r2", ..claims() },
            ImageClaims { user: "mallory", ..claims() },
            ImageClaims { uuid: "0123abce", ..claims() },
            ImageClaims { url: "https://evil.example/pixel.png", ..claims() },
            ImageClaims { format: 1, ..claims() },
            ImageClaims { width: 6400, ..claims() },
            ImageClaims { size: 1, ..claims() },
        ];
        for c in changed {
            assert!(!c.verify("secret", &token), "{c:?}");
        }
        // Field boundaries are unambiguous.
        let a = ImageClaims { room: "r1\n5:alice", user: "", ..claims() };
        let b = ImageClaims { room: "r1", user: "alice", ..claims() };
        assert_ne!(a.sign("k"), b.sign("k"));
    }
}
