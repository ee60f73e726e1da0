//! Real media for publishers: a few seconds of H.264 (constrained baseline, one IDR per
//! second, SPS / PPS before each IDR) encoded once by ffmpeg (Debian's package), and a
//! tone encoded by libopus (the `opus` crate), both looped by the sender. The CDN packager
//! needs decodable media; the synthetic payloads of the forwarding benchmark are not.
//! Frames are packetized once, here, by webrtc-rs' RFC 6184 payloader (STAP-A for the
//! parameter sets, FU-A above the payload size), so the sender only writes them.

use std::process::{Command, Stdio};

use anyhow::{bail, Context};
use bytes::{BufMut, Bytes, BytesMut};
use rtc::rtp::codec::h264::H264Payloader;
use rtc::rtp::packetizer::Payloader;

/// One looped recording.
pub struct Replay {
    /// Access units, each as its RTP payloads (the last one carries the marker bit).
    pub frames: Vec<Vec<Bytes>>,
    /// 20 ms Opus packets.
    pub audio: Vec<Bytes>,
}

/// Splits an Annex B stream into NAL units.
fn nal_units(stream: &[u8]) -> Vec<Bytes> {
    let mut starts = Vec::new();
    let mut i = 0;
    while i + 3 <= stream.len() {
        if stream[i] == 0 && stream[i + 1] == 0 && stream[i + 2] == 1 {
            starts.push(i + 3);
            i += 3;
        } else {
            i += 1;
        }
    }
    starts
        .iter()
        .enumerate()
        .map(|(k, &s)| {
            let mut end = starts.get(k + 1).map_or(stream.len(), |n| n - 3);
            // A 4-byte start code leaves a zero before the next unit.
            while end > s && stream[end - 1] == 0 {
                end -= 1;
            }
            Bytes::copy_from_slice(&stream[s..end])
        })
        .filter(|n| !n.is_empty())
        .collect()
}

impl Replay {
    /// Encodes `seconds` of a 1280x720 test picture at `bitrate_kbps`, 30 fps, as RTP
    /// payloads of at most `payload_size` bytes.
    pub fn generate(seconds: u32, bitrate_kbps: u32, payload_size: usize) -> anyhow::Result<Self> {
        let rate = format!("{bitrate_kbps}k");
        let out = Command::new("ffmpeg")
            .args(["-loglevel", "error", "-f", "lavfi", "-i", "testsrc2=size=1280x720:rate=30", "-t"])
            .arg(seconds.to_string())
            .args(["-c:v", "libx264", "-profile:v", "baseline", "-pix_fmt", "yuv420p", "-g", "30", "-bf", "0"])
            .args(["-threads", "1", "-b:v", &rate, "-maxrate", &rate, "-bufsize", &rate])
            .args(["-x264-params", "aud=1:repeat-headers=1", "-f", "h264", "-"])
            .stdin(Stdio::null())
            .output()
            .context("running ffmpeg (Debian package ffmpeg)")?;
        if !out.status.success() {
            bail!("ffmpeg failed: {}", String::from_utf8_lossy(&out.stderr));
        }
        // Access unit delimiters (type 9) start each frame.
        let mut frames: Vec<Vec<Bytes>> = Vec::new();
        for nal in nal_units(&out.stdout) {
            if nal[0] & 0x1f == 9 {
                frames.push(Vec::new());
            } else if let Some(f) = frames.last_mut() {
                f.push(nal);
            }
        }
        frames.retain(|f| !f.is_empty());
        if frames.is_empty() || !frames[0].iter().any(|n| n[0] & 0x1f == 5) {
            bail!("ffmpeg's stream does not start with an IDR frame");
        }
        let mut payloader = H264Payloader::default();
        let frames = frames
            .into_iter()
            .map(|nalus| {
                let mut annex_b = BytesMut::new();
                for n in &nalus {
                    annex_b.put_slice(&[0, 0, 0, 1]);
                    annex_b.put_slice(n);
                }
                payloader.payload(payload_size, &annex_b.freeze())
            })
            .collect::<Result<Vec<_>, _>>()?;
        let mut encoder = opus::Encoder::new(48_000, opus::Channels::Stereo, opus::Application::Audio)?;
        let audio = (0..50)
            .map(|i| {
                let pcm: Vec<i16> = (0..960 * 2)
                    .map(|s| {
                        let t = (i * 960 + s / 2) as f32 / 48_000.0;
                        ((t * 440.0 * std::f32::consts::TAU).sin() * 6000.0) as i16
                    })
                    .collect();
                encoder.encode_vec(&pcm, 1500).map(Bytes::from)
            })
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Self { frames, audio })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_annex_b() {
        let s = [0, 0, 0, 1, 0x67, 1, 2, 0, 0, 1, 0x68, 3, 0, 0, 0, 1, 0x65, 4];
        let n = nal_units(&s);
        assert_eq!(n.len(), 3);
        assert_eq!(&n[0][..], &[0x67, 1, 2]);
        assert_eq!(&n[1][..], &[0x68, 3]);
        assert_eq!(&n[2][..], &[0x65, 4]);
    }
}
