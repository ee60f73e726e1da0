//! Recordings: a live stream's CMAF segments, as the CDN packager made them, kept on disk as
//! a VOD HLS playlist and one MP4, within a disk quota.
//!
//! Owns: following a publication on the origin and writing its segments ([`recorder`]),
//! the VOD playlist text ([`vod`]), joining fragments into one MP4 ([`mp4`]), and the
//! directory with its layout, listing and quota ([`store`]).
//!
//! Must not: know rooms, users or apps' policies (the node decides what to record and who
//! may list or delete), re-encode anything, or hold a recording in memory (segments go to
//! disk as they complete; the MP4 is assembled from the files).

pub mod mp4;
pub mod recorder;
pub mod store;
pub mod vod;

pub use recorder::Recorder;
pub use store::{Meta, State, Store, WhenFull};
