//! Streams that come from inside the node rather than from a WebRTC peer (RTMP ingest):
//! the ingest hands the engine RTP payloads it made, the engine stamps them as a
//! publisher's track would be (SSRC, payload type, sequence numbers) and forwards them to
//! the stream's viewers and taps like any publisher's packets.
//!
//! An ingested stream has no peer connection: keyframe requests have nobody to go to (an
//! RTMP encoder sends keyframes on its own interval), its end is the [`Ingest`] being
//! dropped or closed.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use bytes::Bytes;
use tokio::sync::mpsc;

use crate::{Command, PeerId};

/// Batches queued for the engine from every ingest at most: a full queue makes ingests
/// wait (their TCP publishers slow down), it never drops.
pub const INGEST_QUEUE: usize = 256;

/// One RTP payload of an ingested stream.
#[derive(Debug, Clone)]
pub struct IngestPacket {
    /// Video (H.264) or audio (Opus).
    pub video: bool,
    /// RTP timestamp (90 kHz video, 48 kHz Opus).
    pub timestamp: u32,
    /// Last packet of a video frame.
    pub marker: bool,
    /// The payload.
    pub payload: Bytes,
}

/// What an ingested stream carries, told with its first packets.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IngestTracks {
    /// H.264's `profile_idc` (from the SPS), when there is video.
    pub h264_profile: Option<u8>,
    /// Whether there is Opus audio.
    pub audio: bool,
}

impl IngestTracks {
    /// The SDP `profile-level-id` a browser offers for this profile (browsers match the
    /// profile and its constraint byte, not the level; the SPS in the stream is what the
    /// decoder reads).
    pub fn profile_level_id(&self) -> &'static str {
        match self.h264_profile {
            Some(0x42) => "42e01f",
            Some(0x4d) => "4d001f",
            _ => "64001f",
        }
    }
}

pub(crate) struct IngestStart {
    pub(crate) peer: PeerId,
    pub(crate) ended: Arc<AtomicBool>,
}

pub(crate) struct IngestBatch {
    pub(crate) peer: PeerId,
    pub(crate) tracks: Option<IngestTracks>,
    pub(crate) packets: Vec<IngestPacket>,
}

/// An ingested stream's way into the engine; dropping it ends the stream.
pub struct Ingest {
    pub(crate) peer: PeerId,
    pub(crate) packets: mpsc::Sender<IngestBatch>,
    pub(crate) commands: mpsc::UnboundedSender<Command>,
    pub(crate) tracks_sent: bool,
    /// Set by the engine when it ended the stream (unpublished, shutdown).
    pub(crate) ended: Arc<AtomicBool>,
}

impl Ingest {
    /// The stream's publisher id (what [`crate::SfuEvent`]s name).
    pub fn peer(&self) -> PeerId {
        self.peer
    }

    /// Whether the tracks were told (the stream is live from its first packets on).
    pub fn has_tracks(&self) -> bool {
        self.tracks_sent
    }

    /// Sends packets; `tracks` with the first ones. False once the engine ended the stream
    /// or stopped.
    pub async fn send(&mut self, tracks: Option<IngestTracks>, packets: Vec<IngestPacket>) -> bool {
        if tracks.is_some() {
            self.tracks_sent = true;
        }
        self.packets.send(IngestBatch { peer: self.peer, tracks, packets }).await.is_ok()
            && !self.ended.load(Ordering::Relaxed)
    }
}

impl Drop for Ingest {
    fn drop(&mut self) {
        let _ = self.commands.send(Command::Close { peer: self.peer });
    }
}
