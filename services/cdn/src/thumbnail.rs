//! JPEG thumbnails of live streams (`/live/<stream>.jpg`): the stream's latest keyframe,
//! decoded by OpenH264 and encoded by `jpeg-encoder`, made only when someone asks and
//! served from memory for [`FRESH_FOR`] after that.
//!
//! Owns: each stream's last JPEG and when it was made; the decodes, at most
//! [`MAX_PARALLEL`] at once on blocking threads and one per stream however many ask.
//!
//! Must not: decode anything nobody asked for, decode on an async thread, or keep the
//! JPEGs of streams nobody asked about lately.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::{Duration, Instant};

use bytes::Bytes;
use parking_lot::Mutex;
use tokio::sync::Semaphore;

/// A thumbnail is served this long before it is made again from a newer keyframe.
pub const FRESH_FOR: Duration = Duration::from_secs(3);
/// Widest thumbnail: a wider picture is shrunk by a whole factor to at most this.
pub const MAX_WIDTH: usize = 480;
/// Decodes running at once on this node; more wait (up to [`WAIT_FOR_DECODE`]).
pub const MAX_PARALLEL: usize = 2;
/// A request waits this long for a decode slot, then gets 503.
const WAIT_FOR_DECODE: Duration = Duration::from_secs(2);
/// A keyframe larger than this is not decoded (a 1080p IDR is ~100–300 KB).
const MAX_KEYFRAME_BYTES: usize = 4 << 20;
/// Pictures larger than this are not decoded (4K).
const MAX_PIXELS: usize = 3840 * 2160;
/// JPEGs not asked for in this long are forgotten.
const FORGET_AFTER: Duration = Duration::from_secs(30);
/// JPEG quality (1–100).
const QUALITY: u8 = 75;

/// A stream's latest keyframe, as the packager saw it.
#[derive(Debug, Clone)]
pub struct Keyframe {
    /// SPS NAL unit (no start code).
    pub sps: Bytes,
    /// PPS NAL unit.
    pub pps: Bytes,
    /// The frame's NAL units, each behind a 4-byte big-endian length (AVC format).
    pub sample: Bytes,
    /// Counts the keyframes of the stream: a thumbnail of this one is still current.
    pub number: u64,
}

/// Why there is no thumbnail.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ThumbnailError {
    /// No keyframe yet (the stream just started, or is not H.264).
    #[error("no keyframe yet")]
    NoKeyframe,
    /// Every decode slot stayed busy.
    #[error("too many thumbnails being made")]
    Busy,
    /// The keyframe did not decode (or is too large to).
    #[error("the keyframe did not decode: {0}")]
    Decode(String),
}

/// The keyframe as an H.264 Annex B byte stream: SPS, PPS, then the frame's NAL units.
pub fn annex_b(keyframe: &Keyframe) -> Result<Vec<u8>, ThumbnailError> {
    let mut out = Vec::with_capacity(keyframe.sample.len() + keyframe.sps.len() + keyframe.pps.len() + 16);
    for nal in [&keyframe.sps[..], &keyframe.pps[..]] {
        out.extend_from_slice(&[0, 0, 0, 1]);
        out.extend_from_slice(nal);
    }
    let mut rest = &keyframe.sample[..];
    while !rest.is_empty() {
        let (len, tail) = rest.split_at_checked(4).ok_or_else(|| ThumbnailError::Decode("truncated sample".into()))?;
        let len = u32::from_be_bytes([len[0], len[1], len[2], len[3]]) as usize;
        let (nal, tail) =
            tail.split_at_checked(len).ok_or_else(|| ThumbnailError::Decode("truncated NAL unit".into()))?;
        out.extend_from_slice(&[0, 0, 0, 1]);
        out.extend_from_slice(nal);
        rest = tail;
    }
    Ok(out)
}

/// Decodes the keyframe and encodes it as a JPEG at most [`MAX_WIDTH`] wide. CPU only.
pub fn jpeg_of(keyframe: &Keyframe) -> Result<Vec<u8>, ThumbnailError> {
    if keyframe.sample.len() > MAX_KEYFRAME_BYTES {
        return Err(ThumbnailError::Decode(format!("keyframe of {} bytes", keyframe.sample.len())));
    }
    let stream = annex_b(keyframe)?;
    let mut decoder = openh264::decoder::Decoder::new().map_err(|e| ThumbnailError::Decode(e.to_string()))?;
    let decode_err = |e: openh264::Error| ThumbnailError::Decode(e.to_string());
    // The decoder may hold the picture back until it is told the stream ended.
    let (rgb, width, height) = {
        let mut picture = None;
        for nal in openh264::nal_units(&stream) {
            if let Some(yuv) = decoder.decode(nal).map_err(decode_err)? {
                picture = Some(to_rgb(&yuv)?);
            }
        }
        match picture {
            Some(p) => p,
            None => {
                let flushed = decoder.flush_remaining().map_err(decode_err)?;
                let yuv = flushed.first().ok_or_else(|| ThumbnailError::Decode("no picture".into()))?;
                to_rgb(yuv)?
            }
        }
    };
    let (rgb, width, height) = shrink(&rgb, width, height, MAX_WIDTH);
    let mut jpeg = Vec::with_capacity(width * height / 4);
    let encoder = jpeg_encoder::Encoder::new(&mut jpeg, QUALITY);
    let (w, h) = (
        u16::try_from(width).map_err(|_| ThumbnailError::Decode("too wide".into()))?,
        u16::try_from(height).map_err(|_| ThumbnailError::Decode("too tall".into()))?,
    );
    encoder.encode(&rgb, w, h, jpeg_encoder::ColorType::Rgb).map_err(|e| ThumbnailError::Decode(e.to_string()))?;
    Ok(jpeg)
}

fn to_rgb(yuv: &openh264::decoder::DecodedYUV<'_>) -> Result<(Vec<u8>, usize, usize), ThumbnailError> {
    use openh264::formats::YUVSource;
    let (width, height) = yuv.dimensions();
    if width == 0 || height == 0 || width * height > MAX_PIXELS {
        return Err(ThumbnailError::Decode(format!("picture of {width}x{height}")));
    }
    let mut rgb = vec![0u8; width * height * 3];
    yuv.write_rgb8(&mut rgb);
    Ok((rgb, width, height))
}

/// Shrinks an RGB picture by the smallest whole factor that makes it at most `max_width`
/// wide, each output pixel the mean of its factor × factor block.
fn shrink(rgb: &[u8], width: usize, height: usize, max_width: usize) -> (Vec<u8>, usize, usize) {
    let factor = width.div_ceil(max_width).max(1);
    if factor == 1 {
        return (rgb.to_vec(), width, height);
    }
    let (w, h) = ((width / factor).max(1), (height / factor).max(1));
    let mut out = vec![0u8; w * h * 3];
    let area = (factor * factor) as u32;
    for y in 0..h {
        for x in 0..w {
            let mut sum = [0u32; 3];
            for dy in 0..factor {
                let row = (y * factor + dy) * width;
                for dx in 0..factor {
                    let at = (row + x * factor + dx) * 3;
                    for (c, s) in sum.iter_mut().enumerate() {
                        *s += u32::from(rgb[at + c]);
                    }
                }
            }
            let at = (y * w + x) * 3;
            for (c, s) in sum.iter().enumerate() {
                out[at + c] = (s / area) as u8;
            }
        }
    }
    (out, w, h)
}

struct Made {
    at: Instant,
    keyframe: u64,
    jpeg: Bytes,
}

type Slot = Arc<tokio::sync::Mutex<Option<Made>>>;

/// The thumbnails of this node's streams. See the module docs.
pub struct Thumbnails {
    slots: Mutex<HashMap<String, (Instant, Slot)>>,
    decodes: Semaphore,
}

impl Default for Thumbnails {
    fn default() -> Self {
        Self { slots: Mutex::new(HashMap::new()), decodes: Semaphore::new(MAX_PARALLEL) }
    }
}

impl Thumbnails {
    /// The JPEG of `key`'s (a publication's) latest keyframe at `now`: the one made less
    /// than [`FRESH_FOR`] ago (or from the same keyframe), else a new one from `latest`.
    pub async fn get(
        &self,
        key: &str,
        latest: Option<Keyframe>,
        now: Instant,
    ) -> Result<(Bytes, bool), ThumbnailError> {
        let slot = {
            let mut slots = self.slots.lock();
            slots.retain(|_, (asked, _)| now.saturating_duration_since(*asked) < FORGET_AFTER);
            let entry = slots.entry(key.to_owned()).or_insert_with(|| (now, Slot::default()));
            entry.0 = now;
            entry.1.clone()
        };
        let mut made = slot.lock().await;
        if let Some(m) = made.as_ref() {
            let same = latest.as_ref().is_none_or(|k| k.number == m.keyframe);
            if same || now.saturating_duration_since(m.at) < FRESH_FOR {
                return Ok((m.jpeg.clone(), false));
            }
        }
        let keyframe = latest.ok_or(ThumbnailError::NoKeyframe)?;
        let _permit = tokio::time::timeout(WAIT_FOR_DECODE, self.decodes.acquire())
            .await
            .map_err(|_| ThumbnailError::Busy)?
            .map_err(|_| ThumbnailError::Busy)?;
        let number = keyframe.number;
        let jpeg = tokio::task::spawn_blocking(move || jpeg_of(&keyframe))
            .await
            .map_err(|e| ThumbnailError::Decode(e.to_string()))??;
        let jpeg = Bytes::from(jpeg);
        *made = Some(Made { at: now, keyframe: number, jpeg: jpeg.clone() });
        Ok((jpeg, true))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A real 64x64 H.264 keyframe: OpenH264's encoder makes one of a known picture.
    fn keyframe_of(width: usize, height: usize, number: u64) -> Keyframe {
        use openh264::encoder::Encoder;
        use openh264::formats::{RgbSliceU8, YUVBuffer};
        // Left half red, right half blue.
        let mut rgb = vec![0u8; width * height * 3];
        for y in 0..height {
            for x in 0..width {
                let at = (y * width + x) * 3;
                if x < width / 2 {
                    rgb[at] = 220;
                } else {
                    rgb[at + 2] = 220;
                }
            }
        }
        let yuv = YUVBuffer::from_rgb_source(RgbSliceU8::new(&rgb, (width, height)));
        let mut encoder = Encoder::new().unwrap();
        let stream = encoder.encode(&yuv).unwrap().to_vec();
        let (mut sps, mut pps, mut sample) = (Bytes::new(), Bytes::new(), Vec::new());
        for nal in openh264::nal_units(&stream) {
            let nal = nal.strip_prefix(&[0, 0, 0, 1]).or_else(|| nal.strip_prefix(&[0, 0, 1])).unwrap();
            match nal[0] & 0x1f {
                7 => sps = Bytes::copy_from_slice(nal),
                8 => pps = Bytes::copy_from_slice(nal),
                _ => {
                    sample.extend_from_slice(&(nal.len() as u32).to_be_bytes());
                    sample.extend_from_slice(nal);
                }
            }
        }
        Keyframe { sps, pps, sample: Bytes::from(sample), number }
    }

    #[test]
    fn a_keyframe_becomes_a_jpeg_of_its_picture() {
        let jpeg = jpeg_of(&keyframe_of(64, 64, 1)).unwrap();
        assert_eq!(&jpeg[..3], &[0xff, 0xd8, 0xff], "JPEG start of image");
        assert_eq!(&jpeg[jpeg.len() - 2..], &[0xff, 0xd9], "JPEG end of image");
        // The frame header (SOF0) says 64x64.
        let sof = jpeg.windows(2).position(|w| w == [0xff, 0xc0]).expect("SOF0");
        let (h, w) =
            (u16::from_be_bytes([jpeg[sof + 5], jpeg[sof + 6]]), u16::from_be_bytes([jpeg[sof + 7], jpeg[sof + 8]]));
        assert_eq!((w, h), (64, 64));
    }

    #[test]
    fn wide_pictures_shrink_by_a_whole_factor_averaging_blocks() {
        // 4x2, shrunk to at most 2 wide: factor 2, each pixel the mean of its 2x2 block.
        let rgb: Vec<u8> = [[0, 0, 0], [100, 100, 100], [50, 50, 50], [50, 50, 50]]
            .iter()
            .cycle()
            .take(8)
            .flatten()
            .copied()
            .collect();
        let (out, w, h) = shrink(&rgb, 4, 2, 2);
        assert_eq!((w, h), (2, 1));
        assert_eq!(out, vec![50, 50, 50, 50, 50, 50]);
        assert_eq!(shrink(&rgb, 4, 2, 480).1, 4, "small pictures are kept as they are");
    }

    #[test]
    fn broken_keyframes_are_errors_not_panics() {
        let mut k = keyframe_of(64, 64, 1);
        k.sample = Bytes::from_static(&[0, 0, 0, 9, 1, 2]);
        assert!(matches!(jpeg_of(&k), Err(ThumbnailError::Decode(_))));
        k.sample = Bytes::from_static(&[0, 0, 0, 3, 0x65, 0x88, 0x84]);
        assert!(jpeg_of(&k).is_err());
    }

    #[tokio::test]
    async fn a_thumbnail_is_made_once_while_fresh_and_again_from_a_newer_keyframe() {
        let thumbnails = Thumbnails::default();
        let t0 = Instant::now();
        assert_eq!(thumbnails.get("s", None, t0).await, Err(ThumbnailError::NoKeyframe));
        let (first, made) = thumbnails.get("s", Some(keyframe_of(64, 64, 1)), t0).await.unwrap();
        assert!(made);
        // Asked again within FRESH_FOR, even with a newer keyframe: the same JPEG.
        let (again, made) =
            thumbnails.get("s", Some(keyframe_of(64, 64, 2)), t0 + Duration::from_secs(1)).await.unwrap();
        assert!(!made);
        assert_eq!(first, again);
        // Later, the same keyframe: still no decode; a newer one: a new JPEG.
        let later = t0 + FRESH_FOR + Duration::from_secs(1);
        assert!(!thumbnails.get("s", Some(keyframe_of(64, 64, 1)), later).await.unwrap().1);
        assert!(thumbnails.get("s", Some(keyframe_of(64, 64, 2)), later).await.unwrap().1);
    }
}
