//! The liveroom wire protocol.
//!
//! Owns: every type that crosses a socket between a client and a node (JSON frames of the
//! chat WebSocket, message objects in TWebLive / TIM shape), the error codes and WebSocket
//! close codes, and the typed ids ([`RoomId`], [`UserId`]). `docs/protocol.md` describes
//! the same thing for client authors; keep the two in step.
//!
//! Must not: know about actors, sockets or the clock. Decoding is bounded and never panics
//! on input (see the property tests and `fuzz/`).

pub mod client;
pub mod codes;
pub mod ids;
pub mod message;
pub mod server;
pub mod stream_id;
pub mod text;

pub use client::{decode_request, ClientCommand, DecodeError, MediaLeg, Request, MAX_FRAME_BYTES, MAX_SDP_BYTES};
pub use codes::{CloseCode, ErrorCode};
pub use ids::{IdError, RoomId, UserId};
pub use message::{ChatMessage, MessagePayload, Priority};
pub use stream_id::{own_stream_id, StreamIdError};
pub use text::check_display_text;
