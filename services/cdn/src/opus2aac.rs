//! Opus (as WebRTC sends it) into AAC-LC (as FLV players and every HLS client need it),
//! once per stream: libopus decodes (the `opus` crate, libopus built from bundled sources),
//! FDK AAC encodes (the `fdk-aac` crate, also bundled). No codec code of our own.
//!
//! Timing: the caller gives each packet's presentation time on a 48 kHz timeline. A small
//! gap (lost packets) is filled with libopus' loss concealment so the AAC timeline stays
//! continuous; a large gap or a jump backwards restarts the timeline at the new packet.

use bytes::Bytes;
use fdk_aac::enc::{AudioObjectType, BitRate, ChannelMode, Encoder, EncoderParams, Transport};

/// Output sample rate (WebRTC's Opus clock; AAC-LC supports it).
pub const SAMPLE_RATE: u32 = 48_000;
/// Output channels (Opus decodes mono streams to stereo just as well).
pub const CHANNELS: usize = 2;
/// Samples per channel in one AAC-LC frame.
pub const AAC_FRAME_SAMPLES: u64 = 1024;
/// Longest loss concealed rather than restarting the timeline: 200 ms.
const MAX_CONCEALED_SAMPLES: u64 = 9_600;
/// Opus' largest frame: 120 ms at 48 kHz.
const MAX_OPUS_FRAME: usize = 5_760;
/// AAC bitrate: transparent enough for speech and music at 48 kHz stereo.
const AAC_BITRATE: u32 = 128_000;

/// What the containers need to describe the AAC track.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AudioConfig {
    /// AudioSpecificConfig (ISO/IEC 14496-3 §1.6.2.1), as FDK AAC reports it.
    pub specific_config: Bytes,
    /// Samples per second.
    pub sample_rate: u32,
    /// Channel count.
    pub channels: u16,
}

/// One encoded AAC frame.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AacFrame {
    /// Presentation time, 48 kHz ticks.
    pub pts: u64,
    /// Raw AAC (no ADTS header).
    pub data: Bytes,
}

/// Why the transcoder could not start or go on.
#[derive(Debug, thiserror::Error)]
pub enum TranscodeError {
    /// libopus refused to create a decoder.
    #[error("opus decoder: {0}")]
    Decoder(String),
    /// FDK AAC refused the configuration or failed.
    #[error("aac encoder: {0}")]
    Encoder(String),
}

/// One stream's Opus → AAC-LC transcoder. See the module docs.
pub struct Opus2Aac {
    decoder: opus::Decoder,
    encoder: Encoder,
    config: AudioConfig,
    /// Decoded, not yet encoded samples (interleaved stereo).
    pcm: Vec<i16>,
    /// Presentation time of the next AAC frame out.
    next_out_pts: Option<u64>,
    /// Where the next Opus packet is expected on the timeline.
    expected_pts: Option<u64>,
    decoded: Vec<i16>,
    encoded: Vec<u8>,
    /// Packets that did not decode (counted, skipped).
    pub decode_errors: u64,
}

impl Opus2Aac {
    /// A transcoder for one stream.
    pub fn new() -> Result<Self, TranscodeError> {
        let decoder = opus::Decoder::new(SAMPLE_RATE, opus::Channels::Stereo)
            .map_err(|e| TranscodeError::Decoder(e.to_string()))?;
        let encoder = Encoder::new(EncoderParams {
            bit_rate: BitRate::Cbr(AAC_BITRATE),
            sample_rate: SAMPLE_RATE,
            transport: Transport::Raw,
            channels: ChannelMode::Stereo,
            audio_object_type: AudioObjectType::Mpeg4LowComplexity,
        })
        .map_err(|e| TranscodeError::Encoder(e.to_string()))?;
        let info = encoder.info().map_err(|e| TranscodeError::Encoder(e.to_string()))?;
        let size = (info.confSize as usize).min(info.confBuf.len());
        if size < 2 {
            return Err(TranscodeError::Encoder("no AudioSpecificConfig".into()));
        }
        let config = AudioConfig {
            specific_config: Bytes::copy_from_slice(&info.confBuf[..size]),
            sample_rate: SAMPLE_RATE,
            channels: CHANNELS as u16,
        };
        Ok(Self {
            decoder,
            encoder,
            config,
            pcm: Vec::with_capacity(8 * 1024),
            next_out_pts: None,
            expected_pts: None,
            decoded: vec![0; MAX_OPUS_FRAME * CHANNELS],
            encoded: vec![0; 8 * 1024],
            decode_errors: 0,
        })
    }

    /// The AAC track's description.
    pub fn config(&self) -> &AudioConfig {
        &self.config
    }

    /// Feeds one Opus packet presented at `pts` (48 kHz ticks); returns the AAC frames
    /// that became complete.
    pub fn push(&mut self, pts: u64, payload: &[u8]) -> Vec<AacFrame> {
        match self.expected_pts {
            Some(expected) if pts + AAC_FRAME_SAMPLES < expected => {
                // Far behind what was already decoded: a late duplicate, or the publisher's
                // clock restarted. Restart only on a real jump back.
                if expected - pts > MAX_CONCEALED_SAMPLES {
                    self.restart(pts);
                } else {
                    return Vec::new();
                }
            }
            Some(expected) if pts > expected => {
                let gap = pts - expected;
                if gap > MAX_CONCEALED_SAMPLES {
                    self.restart(pts);
                } else {
                    self.conceal(gap);
                }
            }
            Some(_) => {}
            None => self.restart(pts),
        }
        match self.decoder.decode(payload, &mut self.decoded, false) {
            Ok(samples) => {
                self.pcm.extend_from_slice(&self.decoded[..samples * CHANNELS]);
                self.expected_pts = Some(pts + samples as u64);
            }
            Err(_) => {
                self.decode_errors += 1;
                return Vec::new();
            }
        }
        self.encode_ready()
    }

    fn restart(&mut self, pts: u64) {
        self.pcm.clear();
        self.next_out_pts = Some(pts);
        self.expected_pts = Some(pts);
    }

    /// Fills `gap` samples with libopus' packet loss concealment (in 20 ms steps).
    fn conceal(&mut self, gap: u64) {
        let mut left = gap as usize;
        while left > 0 {
            let step = left.min(960);
            // PLC needs a multiple of 2.5 ms (120 samples); round the last step up.
            let step = step.div_ceil(120) * 120;
            match self.decoder.decode(&[], &mut self.decoded[..step * CHANNELS], false) {
                Ok(n) => self.pcm.extend_from_slice(&self.decoded[..n * CHANNELS]),
                Err(_) => self.pcm.extend(std::iter::repeat_n(0, step * CHANNELS)),
            }
            left = left.saturating_sub(step);
        }
        if let Some(e) = self.expected_pts.as_mut() {
            *e += gap;
        }
    }

    fn encode_ready(&mut self) -> Vec<AacFrame> {
        let mut out = Vec::new();
        let frame = AAC_FRAME_SAMPLES as usize * CHANNELS;
        while self.pcm.len() >= frame {
            let info = match self.encoder.encode(&self.pcm[..frame], &mut self.encoded) {
                Ok(info) => info,
                Err(_) => {
                    // Drop the frame's input rather than looping on it.
                    self.pcm.drain(..frame);
                    continue;
                }
            };
            let consumed = info.input_consumed.min(self.pcm.len());
            if consumed == 0 && info.output_size == 0 {
                break;
            }
            self.pcm.drain(..consumed);
            if info.output_size > 0 {
                let pts = self.next_out_pts.unwrap_or(0);
                self.next_out_pts = Some(pts + AAC_FRAME_SAMPLES);
                out.push(AacFrame { pts, data: Bytes::copy_from_slice(&self.encoded[..info.output_size]) });
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// 20 ms Opus packets of a 440 Hz tone, made with libopus' encoder.
    fn tone_packets(count: usize) -> Vec<Vec<u8>> {
        let mut enc = opus::Encoder::new(SAMPLE_RATE, opus::Channels::Stereo, opus::Application::Audio).unwrap();
        (0..count)
            .map(|i| {
                let pcm: Vec<i16> = (0..960 * 2)
                    .map(|s| {
                        let t = (i * 960 + s / 2) as f32 / SAMPLE_RATE as f32;
                        ((t * 440.0 * std::f32::consts::TAU).sin() * 8000.0) as i16
                    })
                    .collect();
                enc.encode_vec(&pcm, 4000).unwrap()
            })
            .collect()
    }

    #[test]
    fn a_second_of_opus_becomes_a_second_of_aac_lc() {
        let mut t = Opus2Aac::new().unwrap();
        // AAC-LC (object type 2), 48 kHz (index 3), 2 channels.
        assert_eq!(&t.config().specific_config[..2], &[0x11, 0x90]);
        let mut frames = Vec::new();
        for (i, p) in tone_packets(50).iter().enumerate() {
            frames.extend(t.push(1000 + i as u64 * 960, p));
        }
        // 48 000 samples in; the encoder holds back at most a few frames.
        assert!((40..=47).contains(&frames.len()), "{} frames", frames.len());
        assert_eq!(frames[0].pts, 1000);
        for w in frames.windows(2) {
            assert_eq!(w[1].pts - w[0].pts, AAC_FRAME_SAMPLES);
        }
        assert!(frames.iter().all(|f| !f.data.is_empty()));
    }

    #[test]
    fn small_losses_are_concealed_and_big_jumps_restart() {
        let packets = tone_packets(60);
        let mut t = Opus2Aac::new().unwrap();
        let mut frames = Vec::new();
        for (i, p) in packets.iter().enumerate().take(30) {
            if i % 5 == 4 {
                continue; // lost
            }
            frames.extend(t.push(i as u64 * 960, p));
        }
        let continuous = frames.windows(2).all(|w| w[1].pts - w[0].pts == AAC_FRAME_SAMPLES);
        assert!(continuous, "concealment keeps the timeline continuous");
        for (i, p) in packets.iter().enumerate().skip(30) {
            frames.extend(t.push(10 * SAMPLE_RATE as u64 + i as u64 * 960, p));
        }
        let last = frames.last().unwrap().pts;
        assert!(last > 10 * SAMPLE_RATE as u64, "the timeline restarted at the jump");
        assert_eq!(t.push(0, &[0xff, 0xff, 0xff]).len(), 0, "garbage far behind is not a panic");
    }
}
