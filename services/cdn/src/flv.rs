//! FLV muxing for HTTP-FLV (Adobe "Video File Format Specification" v10.1, §E.2–E.4 and
//! the AVC / AAC extensions in §E.4.2.1 and §E.4.3.1): the file header, `onMetaData`, the
//! AVC and AAC sequence headers, and one tag per video frame or audio frame.

use bytes::{BufMut, Bytes, BytesMut};

use crate::h264::VideoConfig;
use crate::opus2aac::AudioConfig;

const TAG_AUDIO: u8 = 8;
const TAG_VIDEO: u8 = 9;
const TAG_SCRIPT: u8 = 18;
/// Tag header (11 bytes) plus the PreviousTagSize that follows the data (4 bytes).
const TAG_OVERHEAD: usize = 15;
/// SoundFormat 10 (AAC), rate 3 (44 kHz: always for AAC), 16-bit, stereo (§E.4.2.1).
const AAC_SOUND_FLAGS: u8 = 0xaf;
/// CodecID 7 (AVC) with FrameType 1 (key) or 2 (inter).
const AVC_KEY: u8 = 0x17;
const AVC_INTER: u8 = 0x27;

/// The 9-byte FLV header plus PreviousTagSize0.
pub fn header(has_audio: bool) -> Bytes {
    let flags = if has_audio { 0x05 } else { 0x01 };
    Bytes::from(vec![b'F', b'L', b'V', 1, flags, 0, 0, 0, 9, 0, 0, 0, 0])
}

fn tag(kind: u8, timestamp_ms: u32, body: &[&[u8]]) -> Bytes {
    let size: usize = body.iter().map(|b| b.len()).sum();
    let mut b = BytesMut::with_capacity(size + TAG_OVERHEAD);
    b.put_u8(kind);
    b.put_uint(size as u64, 3);
    b.put_uint(u64::from(timestamp_ms & 0x00ff_ffff), 3);
    b.put_u8((timestamp_ms >> 24) as u8); // TimestampExtended
    b.put_uint(0, 3); // StreamID
    for part in body {
        b.put_slice(part);
    }
    b.put_u32((size + 11) as u32);
    b.freeze()
}

/// AMF0 (Action Message Format 0) values for `onMetaData`.
fn amf0_string(b: &mut BytesMut, s: &str) {
    b.put_u16(s.len() as u16);
    b.put_slice(s.as_bytes());
}

/// `onMetaData` with the picture size and codec ids (§E.5).
pub fn metadata(video: &VideoConfig, has_audio: bool) -> Bytes {
    let mut b = BytesMut::with_capacity(256);
    b.put_u8(2); // string
    amf0_string(&mut b, "onMetaData");
    b.put_u8(8); // ECMA array
    let mut fields: Vec<(&str, f64)> =
        vec![("width", f64::from(video.width)), ("height", f64::from(video.height)), ("videocodecid", 7.0)];
    if has_audio {
        fields.extend([("audiocodecid", 10.0), ("audiosamplerate", 48_000.0), ("stereo", 1.0)]);
    }
    b.put_u32(fields.len() as u32);
    for (name, value) in fields {
        amf0_string(&mut b, name);
        b.put_u8(0); // number
        b.put_f64(value);
    }
    amf0_string(&mut b, "");
    b.put_u8(9); // object end
    tag(TAG_SCRIPT, 0, &[&b])
}

/// The AVC sequence header (AVCPacketType 0: the decoder configuration record).
pub fn avc_sequence_header(video: &VideoConfig, timestamp_ms: u32) -> Bytes {
    tag(TAG_VIDEO, timestamp_ms, &[&[AVC_KEY, 0, 0, 0, 0], &video.decoder_configuration_record()])
}

/// One video frame (AVCPacketType 1) of AVC length-prefixed NAL units, decoded at
/// `timestamp_ms` and shown `composition_ms` later (B-frames; WebRTC H.264 has none).
pub fn avc_frame(sample: &[u8], keyframe: bool, timestamp_ms: u32, composition_ms: i32) -> Bytes {
    let flags = if keyframe { AVC_KEY } else { AVC_INTER };
    let c = composition_ms.to_be_bytes();
    tag(TAG_VIDEO, timestamp_ms, &[&[flags, 1, c[1], c[2], c[3]], sample])
}

/// The AAC sequence header (AACPacketType 0: AudioSpecificConfig).
pub fn aac_sequence_header(audio: &AudioConfig, timestamp_ms: u32) -> Bytes {
    tag(TAG_AUDIO, timestamp_ms, &[&[AAC_SOUND_FLAGS, 0], &audio.specific_config])
}

/// One raw AAC frame (AACPacketType 1).
pub fn aac_frame(frame: &[u8], timestamp_ms: u32) -> Bytes {
    tag(TAG_AUDIO, timestamp_ms, &[&[AAC_SOUND_FLAGS, 1], frame])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::h264::tests::{PPS, SPS_640X360};

    #[test]
    fn tags_have_sizes_and_extended_timestamps() {
        let t = aac_frame(&[1, 2, 3], 0x0102_0304);
        assert_eq!(t[0], TAG_AUDIO);
        assert_eq!(&t[1..4], &[0, 0, 5]);
        assert_eq!(&t[4..8], &[0x02, 0x03, 0x04, 0x01]);
        assert_eq!(&t[11..16], &[0xaf, 1, 1, 2, 3]);
        assert_eq!(&t[16..], &[0, 0, 0, 16]);
    }

    #[test]
    fn header_and_sequence_headers() {
        assert_eq!(&header(true)[..5], b"FLV\x01\x05");
        let v = VideoConfig::new(Bytes::from_static(SPS_640X360), Bytes::from_static(PPS)).unwrap();
        let seq = avc_sequence_header(&v, 0);
        assert_eq!(&seq[11..16], &[0x17, 0, 0, 0, 0]);
        assert_eq!(seq[16], 1, "configurationVersion");
        let meta = metadata(&v, true);
        assert_eq!(meta[0], TAG_SCRIPT);
        assert!(meta.windows(10).any(|w| w == b"onMetaData"));
    }
}
