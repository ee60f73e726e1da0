//! The CDN relay: turns a live WebRTC stream into LL-HLS and HTTP-FLV that any HTTP cache
//! or CDN can serve.
//!
//! Owns: RTP into access units ([`depacketize`]), the stream clock ([`timeline`]), Opus →
//! AAC-LC ([`opus2aac`]), the containers ([`fmp4`], [`flv`], with [`h264`] for decoder
//! configuration), the LL-HLS playlist ([`llhls`]), the FLV GOP cache ([`gop`]), the
//! per-stream [`packager`] that ties them together, the [`origin`] that holds what every
//! packager published, its HTTP handlers ([`http`]), and the thread packagers run on
//! ([`relay`]).
//!
//! Must not: know about rooms, users or the SFU (the node decides what to package and feeds
//! packets in), read the clock or do I/O in its media logic (packagers are feed / poll
//! state machines given the time), or grow memory with the number of viewers beyond each
//! viewer's bounded queue.

pub mod depacketize;
pub mod flv;
pub mod fmp4;
pub mod gop;
pub mod h264;
pub mod http;
pub mod llhls;
pub mod opus2aac;
pub mod origin;
pub mod packager;
pub mod relay;
pub mod thumbnail;
pub mod timeline;

pub use origin::{LiveStream, Origin};
pub use packager::{Action, Packager};
pub use relay::RelayRuntime;
