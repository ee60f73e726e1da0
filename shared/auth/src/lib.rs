//! UserSig v2 and the app registry.
//!
//! Owns: the Tencent `tls-sig-api-v2` UserSig algorithm (sign and verify, byte-compatible
//! with the reference libraries), the [`Secret`] wrapper that keeps app keys out of logs,
//! the [`AppRegistry`] that maps an SDKAppID to its key and admin identifier, and the
//! [`image_token`]s that vouch for uploaded images.
//!
//! Must not: do I/O, read the clock (callers pass `now`), or log anything: a caller that
//! logs an error gets a message that never contains a key or a signature.

pub mod image_token;
mod registry;
mod secret;
pub mod usersig;

pub use image_token::ImageClaims;
pub use registry::{validate_user_id, App, AppRegistry, AuthError, Identity, MAX_USER_ID_LEN};
pub use secret::Secret;
pub use usersig::{sign, verify, SigError, UserSigClaims};
