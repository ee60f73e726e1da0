//! The CDN relay: turns a live WebRTC stream into LL-HLS and HTTP-FLV that any HTTP cache
//! or CDN can serve.
//!
//! Owns (so far): [`depacketize`], H.264 RTP into access units. The packagers (fMP4 for
//! LL-HLS, FLV), Opus → AAC and the origin handlers come with the CDN relay issue.
//!
//! Must not: do I/O or read the clock in its media logic (feed / poll state machines, as
//! the packagers will be), or know about rooms and users.

pub mod depacketize;
