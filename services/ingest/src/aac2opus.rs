//! AAC (as RTMP encoders send it) into Opus (as WebRTC viewers need it), once per stream:
//! FDK AAC decodes (the `fdk-aac` crate, the same library the CDN path encodes with),
//! rubato resamples when the AAC rate is not 48 kHz, libopus encodes 20 ms stereo frames.
//! No codec code of our own.
//!
//! Timing: each AAC frame comes with its presentation time (ms on the connection's
//! timeline). Opus frames are stamped on a 48 kHz clock from the first frame on; a frame
//! more than [`MAX_DRIFT`] away from where the last one ended (a gap, a jump) restarts the
//! clock at its own time and drops the samples not yet encoded.

use bytes::Bytes;
use fdk_aac::dec::{Decoder, Transport};
use rubato::{FftFixedIn, Resampler};

use crate::tags::AacConfig;

/// Opus' clock and the rate it encodes at.
pub const OPUS_RATE: u32 = 48_000;
/// Samples per channel in one 20 ms Opus frame.
pub const OPUS_FRAME: usize = 960;
/// Opus bitrate: stereo music at 48 kHz, as browsers send it.
const OPUS_BITRATE: i32 = 96_000;
/// Largest difference between a frame's time and where the audio so far ends that is
/// taken as jitter (100 ms at 48 kHz).
const MAX_DRIFT: u64 = 4_800;
/// The decoder's output buffer: 2048 samples × 8 channels is FDK's largest frame.
const MAX_DECODED: usize = 2048 * 8;

/// One encoded Opus frame.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OpusFrame {
    /// Presentation time, 48 kHz ticks.
    pub pts: u64,
    /// The Opus packet.
    pub data: Bytes,
}

/// Why the transcoder could not start.
#[derive(Debug, thiserror::Error)]
pub enum TranscodeError {
    /// FDK AAC refused the AudioSpecificConfig.
    #[error("aac decoder: {0}")]
    Decoder(String),
    /// The resampler refused the rates.
    #[error("resampler: {0}")]
    Resampler(String),
    /// libopus refused the encoder settings.
    #[error("opus encoder: {0}")]
    Encoder(String),
}

/// One stream's AAC → Opus transcoder. See the module docs.
pub struct Aac2Opus {
    decoder: Decoder,
    rate: u32,
    resampler: Option<(FftFixedIn<f32>, [Vec<f32>; 2])>,
    encoder: opus::Encoder,
    /// Interleaved stereo at 48 kHz, not yet encoded.
    pcm: Vec<i16>,
    /// Presentation time of `pcm[0]`.
    pcm_pts: Option<u64>,
    decoded: Vec<i16>,
    encoded: Vec<u8>,
    /// Frames that did not decode or encode (counted, skipped).
    pub errors: u64,
}

impl Aac2Opus {
    /// A transcoder for AAC described by `config`.
    pub fn new(config: &AacConfig) -> Result<Self, TranscodeError> {
        let mut decoder = Decoder::new(Transport::Raw);
        decoder.config_raw(&config.specific_config).map_err(|e| TranscodeError::Decoder(e.to_string()))?;
        // Surround is downmixed by the decoder; mono stays mono (and is doubled below).
        decoder.set_max_output_channels(2).map_err(|e| TranscodeError::Decoder(e.to_string()))?;
        let mut encoder = opus::Encoder::new(OPUS_RATE, opus::Channels::Stereo, opus::Application::Audio)
            .map_err(|e| TranscodeError::Encoder(e.to_string()))?;
        encoder.set_bitrate(opus::Bitrate::Bits(OPUS_BITRATE)).map_err(|e| TranscodeError::Encoder(e.to_string()))?;
        let mut t = Self {
            decoder,
            rate: 0,
            resampler: None,
            encoder,
            pcm: Vec::with_capacity(8 * 1024),
            pcm_pts: None,
            decoded: vec![0; MAX_DECODED],
            encoded: vec![0; 4000],
            errors: 0,
        };
        t.set_rate(config.sample_rate)?;
        Ok(t)
    }

    fn set_rate(&mut self, rate: u32) -> Result<(), TranscodeError> {
        if rate == self.rate {
            return Ok(());
        }
        self.rate = rate;
        self.resampler = if rate == OPUS_RATE {
            None
        } else {
            let r = FftFixedIn::<f32>::new(rate as usize, OPUS_RATE as usize, 1024, 2, 2)
                .map_err(|e| TranscodeError::Resampler(e.to_string()))?;
            Some((r, [Vec::with_capacity(2048), Vec::with_capacity(2048)]))
        };
        Ok(())
    }

    /// Feeds one raw AAC frame presented at `pts_ms`; returns the Opus frames completed.
    pub fn push(&mut self, pts_ms: u64, frame: &[u8]) -> Vec<OpusFrame> {
        if self.decoder.fill(frame).is_err() || self.decoder.decode_frame(&mut self.decoded).is_err() {
            self.errors += 1;
            return Vec::new();
        }
        let info = self.decoder.stream_info();
        let (channels, samples, rate) =
            (info.numChannels.max(1) as usize, info.frameSize.max(0) as usize, info.sampleRate.max(0) as u32);
        if channels > 2 || samples * channels > self.decoded.len() || rate == 0 {
            self.errors += 1;
            return Vec::new();
        }
        if self.set_rate(rate).is_err() {
            self.errors += 1;
            return Vec::new();
        }
        let pts = pts_ms * u64::from(OPUS_RATE) / 1000;
        let end = self.pcm_pts.map(|p| p + (self.pcm.len() / 2) as u64);
        if end.is_none_or(|end| end.abs_diff(pts) > MAX_DRIFT) {
            self.pcm.clear();
            self.pcm_pts = Some(pts);
        }
        let decoded = &self.decoded[..samples * channels];
        let sample = |i: usize, c: usize| decoded[i * channels + c.min(channels - 1)];
        match &mut self.resampler {
            None => {
                for i in 0..samples {
                    self.pcm.push(sample(i, 0));
                    self.pcm.push(sample(i, 1));
                }
            }
            Some((resampler, input)) => {
                for i in 0..samples {
                    input[0].push(f32::from(sample(i, 0)) / 32768.0);
                    input[1].push(f32::from(sample(i, 1)) / 32768.0);
                }
                while input[0].len() >= resampler.input_frames_next() {
                    let n = resampler.input_frames_next();
                    let out = match resampler.process(&[&input[0][..n], &input[1][..n]], None) {
                        Ok(out) => out,
                        Err(_) => {
                            self.errors += 1;
                            input.iter_mut().for_each(Vec::clear);
                            break;
                        }
                    };
                    input.iter_mut().for_each(|v| {
                        v.drain(..n);
                    });
                    for (l, r) in out[0].iter().zip(&out[1]) {
                        self.pcm.push((l * 32767.0).clamp(-32768.0, 32767.0) as i16);
                        self.pcm.push((r * 32767.0).clamp(-32768.0, 32767.0) as i16);
                    }
                }
            }
        }
        let mut frames = Vec::new();
        let mut at = 0;
        while self.pcm.len() - at >= OPUS_FRAME * 2 {
            let pts = self.pcm_pts.unwrap_or(0) + (at / 2) as u64;
            match self.encoder.encode(&self.pcm[at..at + OPUS_FRAME * 2], &mut self.encoded) {
                Ok(n) => frames.push(OpusFrame { pts, data: Bytes::copy_from_slice(&self.encoded[..n]) }),
                Err(_) => self.errors += 1,
            }
            at += OPUS_FRAME * 2;
        }
        self.pcm.drain(..at);
        self.pcm_pts = self.pcm_pts.map(|p| p + (at / 2) as u64);
        frames
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use fdk_aac::enc::{AudioObjectType, BitRate, ChannelMode, Encoder, EncoderParams};

    /// `frames` AAC-LC frames of a 440 Hz tone at `rate`, with their AudioSpecificConfig.
    fn tone(rate: u32, frames: usize) -> (AacConfig, Vec<Vec<u8>>) {
        let enc = Encoder::new(EncoderParams {
            bit_rate: BitRate::Cbr(128_000),
            sample_rate: rate,
            transport: fdk_aac::enc::Transport::Raw,
            channels: ChannelMode::Stereo,
            audio_object_type: AudioObjectType::Mpeg4LowComplexity,
        })
        .unwrap();
        let info = enc.info().unwrap();
        let asc = Bytes::copy_from_slice(&info.confBuf[..info.confSize as usize]);
        let mut out = Vec::new();
        let mut buf = vec![0u8; 4096];
        let mut n = 0usize;
        while out.len() < frames {
            let pcm: Vec<i16> = (0..2048)
                .map(|i| {
                    let t = (n + i / 2) as f32 / rate as f32;
                    ((t * 440.0 * std::f32::consts::TAU).sin() * 8000.0) as i16
                })
                .collect();
            n += 1024;
            let r = enc.encode(&pcm, &mut buf).unwrap();
            if r.output_size > 0 {
                out.push(buf[..r.output_size].to_vec());
            }
        }
        (AacConfig { specific_config: asc, sample_rate: rate, channels: 2 }, out)
    }

    fn run(rate: u32) -> Vec<OpusFrame> {
        let (config, frames) = tone(rate, 50);
        let mut t = Aac2Opus::new(&config).unwrap();
        let mut out = Vec::new();
        for (i, f) in frames.iter().enumerate() {
            out.extend(t.push((i as u64 * 1024 * 1000) / u64::from(rate), f));
        }
        assert_eq!(t.errors, 0);
        out
    }

    #[test]
    fn forty_eight_khz_aac_becomes_continuous_20_ms_opus_frames() {
        let out = run(48_000);
        // 50 frames × 1024 samples ≈ 1.07 s: about 53 Opus frames (the decoder's delay aside).
        assert!((48..=54).contains(&out.len()), "{} frames", out.len());
        assert!(out.windows(2).all(|w| w[1].pts == w[0].pts + OPUS_FRAME as u64));
        let mut dec = opus::Decoder::new(48_000, opus::Channels::Stereo).unwrap();
        let mut pcm = vec![0i16; 960 * 2];
        assert_eq!(dec.decode(&out[30].data, &mut pcm, false).unwrap(), 960);
        assert!(pcm.iter().any(|s| s.abs() > 2000), "the tone is there");
    }

    #[test]
    fn forty_four_one_khz_aac_is_resampled_to_48() {
        let out = run(44_100);
        // 50 × 1024 / 44100 ≈ 1.16 s ≈ 58 frames at 48 kHz, minus the resampler's delay.
        assert!((50..=58).contains(&out.len()), "{} frames", out.len());
        assert!(out.windows(2).all(|w| w[1].pts == w[0].pts + OPUS_FRAME as u64));
    }

    #[test]
    fn a_jump_in_time_restarts_the_clock_and_garbage_is_counted() {
        let (config, frames) = tone(48_000, 20);
        let mut t = Aac2Opus::new(&config).unwrap();
        let mut out = Vec::new();
        for (i, f) in frames[..10].iter().enumerate() {
            out.extend(t.push(i as u64 * 64 / 3, f));
        }
        let before = out.len();
        for (i, f) in frames[10..].iter().enumerate() {
            out.extend(t.push(10_000 + i as u64 * 64 / 3, f));
        }
        assert!(out[before..].first().unwrap().pts >= 10_000 * 48);
        assert!(t.push(10_500, &[0xff, 0x00, 0x12]).is_empty());
        assert!(t.errors >= 1);
    }
}
