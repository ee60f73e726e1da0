//! One RTMP stream's media, from message bodies to what the node forwards: H.264 access
//! units (for the CDN packager, unchanged) with their RTP payloads (for WebRTC viewers,
//! repacketized, not re-encoded), and AAC frames (for the packager, unchanged) with their
//! Opus transcode (for WebRTC viewers). A feed state machine: no I/O, no clock.
//!
//! What an encoder may do and what happens (docs/media.md, "RTMP ingest"):
//! - frames before the first keyframe, or before the decoder configuration, are dropped
//!   (counted `no_keyframe`): no viewer could decode them;
//! - B-frames (a composition time) keep their order and times: the packager writes the
//!   composition offsets, WebRTC viewers get them in decode order (counted `b_frames`
//!   once per stream; browsers play them, with the encoder's reordering delay);
//! - timestamp jumps are taken out by the [`Timeline`];
//! - codecs other than H.264 / AAC are dropped, counted once per stream, and logged.

use std::sync::Arc;

use bytes::{BufMut, Bytes, BytesMut};
use liveroom_telemetry::metrics;
use rtc::rtp::codec::h264::H264Payloader;
use rtc::rtp::packetizer::Payloader;

use crate::aac2opus::{Aac2Opus, OpusFrame};
use crate::tags::{self, AacConfig, Audio, AvcConfig, TagError, Video};
use crate::timeline::Timeline;

/// RTP payload size: fits any path's MTU with SRTP and ICE-TCP framing.
const RTP_MTU: usize = 1200;
const NAL_SPS: u8 = 7;
const NAL_PPS: u8 = 8;
const NAL_AUD: u8 = 9;

/// One H.264 access unit.
#[derive(Debug, Clone)]
pub struct VideoFrame {
    /// Decode time, ms on the stream's timeline.
    pub dts_ms: u64,
    /// Presentation time, ms (later than `dts_ms` for frames B-frames refer to).
    pub pts_ms: u64,
    /// An IDR.
    pub keyframe: bool,
    /// The parameter sets in force.
    pub config: Arc<AvcConfig>,
    /// The NAL units (access unit delimiters removed).
    pub nalus: Vec<Bytes>,
    /// The same access unit as RTP payloads (SPS and PPS before each keyframe); the last
    /// one carries the marker bit.
    pub rtp: Vec<Bytes>,
    /// The audio configuration in force (encoders send it before the first frames), so
    /// a consumer starting at this frame knows the stream has audio.
    pub audio: Option<Arc<AacConfig>>,
}

/// One AAC frame.
#[derive(Debug, Clone)]
pub struct AudioFrame {
    /// Presentation time, ms on the stream's timeline.
    pub pts_ms: u64,
    /// The configuration in force.
    pub config: Arc<AacConfig>,
    /// The raw AAC frame.
    pub aac: Bytes,
    /// Opus frames the transcode completed with it.
    pub opus: Vec<OpusFrame>,
}

/// What a message became.
#[derive(Debug, Clone)]
pub enum Media {
    /// A video frame.
    Video(VideoFrame),
    /// An audio frame.
    Audio(AudioFrame),
}

/// Events counted once per stream.
#[derive(Debug, Default)]
struct Once {
    b_frames: bool,
    video_codec: bool,
    audio_codec: bool,
    transcode: bool,
}

/// See the module docs.
pub struct Pipeline {
    stream: String,
    timeline: Timeline,
    avc: Option<Arc<AvcConfig>>,
    started: bool,
    aac: Option<Arc<AacConfig>>,
    transcoder: Option<Aac2Opus>,
    transcode_errors: u64,
    payloader: H264Payloader,
    once: Once,
}

impl Pipeline {
    /// The media of stream `stream` (named in logs).
    pub fn new(stream: String) -> Self {
        Self {
            stream,
            timeline: Timeline::default(),
            avc: None,
            started: false,
            aac: None,
            transcoder: None,
            transcode_errors: 0,
            payloader: H264Payloader::default(),
            once: Once::default(),
        }
    }

    /// The video configuration, once the encoder sent it.
    pub fn video_config(&self) -> Option<&Arc<AvcConfig>> {
        self.avc.as_ref()
    }

    /// Whether audio is flowing (its configuration arrived).
    pub fn has_audio(&self) -> bool {
        self.aac.is_some()
    }

    fn time(&mut self, ts: u32) -> u64 {
        let jumps = self.timeline.jumps;
        let t = self.timeline.map(ts);
        if self.timeline.jumps > jumps {
            metrics().ingest.events.with_label_values(&["timestamp_jump"]).inc();
            tracing::info!(stream = self.stream, "RTMP timestamps jumped: the timeline goes on without the gap");
        }
        t
    }

    fn unsupported(&mut self, video: bool, e: &TagError) {
        let flag = if video { &mut self.once.video_codec } else { &mut self.once.audio_codec };
        if !std::mem::replace(flag, true) {
            let event = if matches!(e, TagError::Unsupported(_)) { "unsupported_codec" } else { "malformed" };
            metrics().ingest.events.with_label_values(&[event]).inc();
            tracing::warn!(stream = self.stream, error = %e, video, "RTMP media dropped");
        }
    }

    /// A video message stamped `ts`.
    pub fn video(&mut self, ts: u32, body: &Bytes) -> Option<Media> {
        let parsed = match tags::video(body) {
            Ok(v) => v,
            Err(e) => {
                self.unsupported(true, &e);
                return None;
            }
        };
        match parsed {
            Video::Nothing => None,
            Video::Config(c) => {
                tracing::info!(stream = self.stream, profile = c.profile_level_id(), "RTMP video configuration");
                self.avc = Some(Arc::new(c));
                None
            }
            Video::Frame { keyframe, composition_ms, data } => {
                let dts_ms = self.time(ts);
                let Some(config) = self.avc.clone() else {
                    metrics().ingest.events.with_label_values(&["no_keyframe"]).inc();
                    return None;
                };
                if !self.started && !keyframe {
                    metrics().ingest.events.with_label_values(&["no_keyframe"]).inc();
                    return None;
                }
                self.started = true;
                if composition_ms != 0 && !std::mem::replace(&mut self.once.b_frames, true) {
                    metrics().ingest.events.with_label_values(&["b_frames"]).inc();
                    tracing::info!(
                        stream = self.stream,
                        "the encoder sends B-frames: WebRTC viewers see them after the encoder's reordering delay \
                         (set bframes=0 for the lowest latency)"
                    );
                }
                let pts_ms = (dts_ms as i64 + i64::from(composition_ms)).max(0) as u64;
                let nalus: Vec<Bytes> =
                    tags::nal_units(&data, config.length_size).into_iter().filter(|n| n[0] & 0x1f != NAL_AUD).collect();
                if nalus.is_empty() {
                    return None;
                }
                let rtp = self.packetize(&config, keyframe, &nalus);
                let audio = self.aac.clone();
                Some(Media::Video(VideoFrame { dts_ms, pts_ms, keyframe, config, nalus, rtp, audio }))
            }
        }
    }

    fn packetize(&mut self, config: &AvcConfig, keyframe: bool, nalus: &[Bytes]) -> Vec<Bytes> {
        let in_band = nalus.iter().any(|n| n[0] & 0x1f == NAL_SPS) && nalus.iter().any(|n| n[0] & 0x1f == NAL_PPS);
        let sets: &[&Bytes] = if keyframe && !in_band { &[&config.sps, &config.pps] } else { &[] };
        let size = sets.iter().map(|s| s.len() + 4).sum::<usize>() + nalus.iter().map(|n| n.len() + 4).sum::<usize>();
        let mut annex_b = BytesMut::with_capacity(size);
        for n in sets.iter().copied().chain(nalus) {
            annex_b.put_slice(&[0, 0, 0, 1]);
            annex_b.put_slice(n);
        }
        self.payloader.payload(RTP_MTU, &annex_b.freeze()).unwrap_or_default()
    }

    /// An audio message stamped `ts`.
    pub fn audio(&mut self, ts: u32, body: &Bytes) -> Option<Media> {
        let parsed = match tags::audio(body) {
            Ok(a) => a,
            Err(e) => {
                self.unsupported(false, &e);
                return None;
            }
        };
        match parsed {
            Audio::Config(c) => {
                if self.aac.as_deref() != Some(&c) {
                    tracing::info!(
                        stream = self.stream,
                        rate = c.sample_rate,
                        channels = c.channels,
                        "RTMP audio configuration"
                    );
                    self.transcoder = match Aac2Opus::new(&c) {
                        Ok(t) => Some(t),
                        Err(e) => {
                            metrics().ingest.events.with_label_values(&["transcode_error"]).inc();
                            tracing::warn!(stream = self.stream, error = %e, "no Opus for WebRTC viewers");
                            None
                        }
                    };
                    self.aac = Some(Arc::new(c));
                }
                None
            }
            Audio::Frame(aac) => {
                let pts_ms = self.time(ts);
                let config = self.aac.clone()?;
                let opus = match &mut self.transcoder {
                    Some(t) => {
                        let out = t.push(pts_ms, &aac);
                        if t.errors > self.transcode_errors {
                            self.transcode_errors = t.errors;
                            metrics().ingest.events.with_label_values(&["transcode_error"]).inc();
                            if !std::mem::replace(&mut self.once.transcode, true) {
                                tracing::warn!(stream = self.stream, "AAC frames that do not decode are skipped");
                            }
                        }
                        out
                    }
                    None => Vec::new(),
                };
                Some(Media::Audio(AudioFrame { pts_ms, config, aac, opus }))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SPS: &[u8] = &[0x67, 0x42, 0xc0, 0x0d, 0xd9, 0x01, 0x41, 0x9f, 0x9f, 0x01, 0x10];
    const PPS: &[u8] = &[0x68, 0xce, 0x3c, 0x80];

    fn config_tag() -> Bytes {
        let mut b = vec![0x17, 0, 0, 0, 0, 1, 0x42, 0xc0, 0x0d, 0xff, 0xe1, 0, SPS.len() as u8];
        b.extend_from_slice(SPS);
        b.extend_from_slice(&[1, 0, PPS.len() as u8]);
        b.extend_from_slice(PPS);
        Bytes::from(b)
    }

    fn frame_tag(keyframe: bool, cts: i32, nal: &[u8]) -> Bytes {
        let c = cts.to_be_bytes();
        let mut b = vec![if keyframe { 0x17 } else { 0x27 }, 1, c[1], c[2], c[3]];
        b.extend_from_slice(&(nal.len() as u32).to_be_bytes());
        b.extend_from_slice(nal);
        Bytes::from(b)
    }

    #[test]
    fn frames_before_the_first_keyframe_are_dropped_and_keyframes_carry_their_parameter_sets() {
        let mut p = Pipeline::new("s".into());
        assert!(p.video(0, &frame_tag(true, 0, &[0x65, 1])).is_none(), "no configuration yet");
        assert!(p.video(0, &config_tag()).is_none());
        assert!(p.video(33, &frame_tag(false, 0, &[0x41, 1])).is_none(), "no keyframe yet");
        let Some(Media::Video(k)) = p.video(66, &frame_tag(true, 0, &[0x65, 1, 2])) else { panic!("keyframe") };
        assert!(k.keyframe);
        assert_eq!(k.nalus, vec![Bytes::from_static(&[0x65, 1, 2])]);
        // SPS and PPS aggregated in one STAP-A (type 24) before the IDR.
        assert_eq!(k.rtp.len(), 2);
        assert_eq!(k.rtp[0][0] & 0x1f, 24);
        assert_eq!(k.rtp[1][..], [0x65, 1, 2]);
        let Some(Media::Video(d)) = p.video(99, &frame_tag(false, 0, &[0x41, 3])) else { panic!("delta") };
        assert_eq!((d.dts_ms, d.rtp.len()), (99, 1), "on the connection's timeline, from its first message");
    }

    #[test]
    fn b_frames_keep_their_presentation_times_and_big_frames_are_fragmented() {
        let mut p = Pipeline::new("s".into());
        p.video(0, &config_tag());
        let mut idr = vec![0x65];
        idr.extend(std::iter::repeat_n(7u8, 5000));
        let Some(Media::Video(k)) = p.video(1000, &frame_tag(true, 66, &idr)) else { panic!() };
        assert_eq!((k.dts_ms, k.pts_ms), (0, 66));
        // STAP-A + FU-A fragments of at most 1200 bytes.
        assert!(k.rtp.len() >= 6 && k.rtp.iter().all(|p| p.len() <= RTP_MTU));
        let Some(Media::Video(b)) = p.video(1033, &frame_tag(false, -33, &[0x01, 9])) else { panic!() };
        assert_eq!((b.dts_ms, b.pts_ms), (33, 0));
    }

    #[test]
    fn audio_waits_for_its_configuration_and_other_codecs_are_dropped() {
        let mut p = Pipeline::new("s".into());
        assert!(p.audio(0, &Bytes::from_static(&[0xaf, 1, 1, 2])).is_none());
        assert!(p.audio(0, &Bytes::from_static(&[0x2f, 1, 2])).is_none());
        assert!(p.video(0, &Bytes::from_static(&[0x12, 0, 0])).is_none());
        assert!(!p.has_audio());
        p.audio(0, &Bytes::from_static(&[0xaf, 0, 0x11, 0x90]));
        assert!(p.has_audio());
        let Some(Media::Audio(a)) = p.audio(21, &Bytes::from_static(&[0xaf, 1, 1, 2])) else { panic!() };
        assert_eq!(a.config.sample_rate, 48_000);
    }
}
