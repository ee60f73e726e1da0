//! RTMP ingest: OBS, ffmpeg, vMix and hardware encoders publish a room's stream over RTMP.
//!
//! Owns: the RTMP protocol of a publishing connection ([`connection`], on rml_rtmp's
//! sans-I/O session), the FLV tag bodies it carries ([`tags`]), the connection's clock
//! ([`timeline`]), turning its media into what the node forwards ([`media`]: H.264 access
//! units with their RTP payloads, AAC frames with their Opus transcode from
//! [`aac2opus`]), and the listener with its limits ([`server`]).
//!
//! Must not: know about rooms, users, UserSigs or the SFU (the node decides who may publish
//! through [`server::Publishers`] and where media goes through [`server::Sink`]), read the
//! clock in its media logic, or buffer a stream's media (frames are handed on as they
//! complete; a slow sink slows the publisher's TCP connection, nothing queues here).

pub mod aac2opus;
pub mod connection;
pub mod media;
pub mod server;
pub mod tags;
pub mod timeline;

pub use media::{AudioFrame, Media, VideoFrame};
pub use server::{serve, PublishRequest, Publishers, Refusal, ServerConfig, Sink};
