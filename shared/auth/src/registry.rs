use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use crate::usersig::{self, SigError};
use crate::Secret;

/// One application: an SDKAppID, its key, and the identifier that acts as administrator.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct App {
    /// The SDKAppID (Tencent calls it `sdkappid`).
    pub sdkappid: u64,
    /// The key UserSigs are signed with.
    pub secret: Secret,
    /// The user id whose UserSig authorizes admin REST calls (Tencent: `administrator`).
    #[serde(default = "default_admin")]
    pub admin: String,
    /// Whether streams of this app are relayed to LL-HLS / HTTP-FLV (used by the CDN relay).
    #[serde(default = "default_true")]
    pub cdn_relay: bool,
    /// Whether every stream of this app is recorded (docs/cdn.md, "Recording"). Default false.
    #[serde(default)]
    pub record: bool,
}

fn default_admin() -> String {
    "administrator".to_owned()
}

fn default_true() -> bool {
    true
}

/// Why authentication failed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AuthError {
    /// No app with that SDKAppID is configured here.
    #[error("unknown SDKAppID {0}")]
    UnknownApp(u64),
    /// The user id breaks the rules (1–32 bytes of letters, digits, `_`, `-`, `@`, `.`).
    #[error("invalid user id: {0}")]
    InvalidUserId(&'static str),
    /// The UserSig itself was refused.
    #[error(transparent)]
    Sig(#[from] SigError),
}

/// Who a verified UserSig speaks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Identity {
    /// The app.
    pub sdkappid: u64,
    /// The user.
    pub user_id: String,
    /// Unix second after which the UserSig (and so the session) expires.
    pub expires_at: u64,
    /// Whether this is the app's administrator identifier.
    pub is_admin: bool,
}

/// The apps this server accepts, by SDKAppID.
#[derive(Debug, Clone, Default)]
pub struct AppRegistry {
    apps: HashMap<u64, App>,
}

/// Longest user id, as Tencent's libraries document.
pub const MAX_USER_ID_LEN: usize = 32;

/// Checks a user id against the rules: 1–32 bytes of ASCII letters, digits, `_`, `-`
/// (Tencent's documented set) plus `@` and `.` (used by administrator-style ids).
pub fn validate_user_id(user: &str) -> Result<(), AuthError> {
    if user.is_empty() {
        return Err(AuthError::InvalidUserId("empty"));
    }
    if user.len() > MAX_USER_ID_LEN {
        return Err(AuthError::InvalidUserId("longer than 32 bytes"));
    }
    if !user.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'@' | b'.')) {
        return Err(AuthError::InvalidUserId("only letters, digits, _ - @ . are allowed"));
    }
    Ok(())
}

impl AppRegistry {
    /// A registry of the given apps. A later app with the same SDKAppID replaces an earlier.
    pub fn new(apps: impl IntoIterator<Item = App>) -> Self {
        Self { apps: apps.into_iter().map(|a| (a.sdkappid, a)).collect() }
    }

    /// The app with this SDKAppID.
    pub fn app(&self, sdkappid: u64) -> Option<&App> {
        self.apps.get(&sdkappid)
    }

    /// All apps, in no particular order.
    pub fn apps(&self) -> impl Iterator<Item = &App> {
        self.apps.values()
    }

    /// Verifies that `usersig` speaks for `user_id` in `sdkappid` at `now`.
    pub fn authenticate(&self, sdkappid: u64, user_id: &str, usersig: &str, now: u64) -> Result<Identity, AuthError> {
        validate_user_id(user_id)?;
        let app = self.app(sdkappid).ok_or(AuthError::UnknownApp(sdkappid))?;
        let claims = usersig::verify(usersig, sdkappid, app.secret.expose(), user_id, now)?;
        Ok(Identity {
            sdkappid,
            expires_at: claims.expires_at(),
            user_id: claims.identifier,
            is_admin: user_id == app.admin,
        })
    }

    /// The token vouching for an uploaded image ([`crate::image_token`]); `None` for an
    /// unknown app.
    pub fn sign_image(&self, claims: &crate::ImageClaims<'_>) -> Option<String> {
        Some(claims.sign(self.app(claims.sdkappid)?.secret.expose()))
    }

    /// Whether `token` vouches for exactly `claims` (false for an unknown app).
    pub fn verify_image(&self, claims: &crate::ImageClaims<'_>, token: &str) -> bool {
        self.app(claims.sdkappid).is_some_and(|app| claims.verify(app.secret.expose(), token))
    }

    /// Signs a UserSig with the app's key (dev tooling and tests).
    pub fn sign(&self, sdkappid: u64, user_id: &str, now: u64, expire: u64) -> Result<String, AuthError> {
        validate_user_id(user_id)?;
        let app = self.app(sdkappid).ok_or(AuthError::UnknownApp(sdkappid))?;
        Ok(usersig::sign(sdkappid, app.secret.expose(), user_id, now, expire))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn registry() -> AppRegistry {
        AppRegistry::new([App {
            sdkappid: 7,
            secret: Secret::new("k"),
            admin: "administrator".into(),
            cdn_relay: true,
            record: false,
        }])
    }

    #[test]
    fn authenticates_and_flags_admin() {
        let r = registry();
        let sig = r.sign(7, "administrator", 100, 10).unwrap();
        let id = r.authenticate(7, "administrator", &sig, 105).unwrap();
        assert!(id.is_admin);
        assert_eq!(id.expires_at, 110);
        let sig = r.sign(7, "bob", 100, 10).unwrap();
        assert!(!r.authenticate(7, "bob", &sig, 105).unwrap().is_admin);
    }

    #[test]
    fn rejects_unknown_app_and_bad_ids() {
        let r = registry();
        assert_eq!(r.authenticate(8, "bob", "x", 0), Err(AuthError::UnknownApp(8)));
        assert!(matches!(r.authenticate(7, &"a".repeat(33), "x", 0), Err(AuthError::InvalidUserId(_))));
        assert!(matches!(r.authenticate(7, "a b", "x", 0), Err(AuthError::InvalidUserId(_))));
        assert!(matches!(r.authenticate(7, "", "x", 0), Err(AuthError::InvalidUserId(_))));
    }
}
