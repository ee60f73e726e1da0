//! Which RTP packets start a video keyframe, by codec, read from the payload alone.
//!
//! Owns: the payload-format rules (RFC 6184 for H.264, RFC 7741 for VP8) the fast path
//! needs to start a viewer's video at a keyframe (a new viewer, a resumed one) and to send
//! a slow viewer keyframes only. Must not: depacketize or allocate; a malformed payload is
//! simply "not a keyframe start".

use crate::TapMedia;

/// H.264 NAL unit types (RFC 6184 §5.2, H.264 Table 7-1).
const NAL_IDR: u8 = 5;
const NAL_SPS: u8 = 7;
const NAL_STAP_A: u8 = 24;
const NAL_FU_A: u8 = 28;

/// Whether this packet is the first of a keyframe (an H.264 IDR access unit, or the SPS
/// that precedes it; a VP8 key frame's first partition).
pub fn starts_keyframe(media: TapMedia, payload: &[u8]) -> bool {
    match media {
        TapMedia::H264 => h264_starts_keyframe(payload),
        TapMedia::Vp8 => vp8_starts_keyframe(payload),
        TapMedia::Opus => false,
    }
}

fn h264_starts_keyframe(payload: &[u8]) -> bool {
    let Some(&first) = payload.first() else { return false };
    let starts = |nal_type: u8| nal_type == NAL_IDR || nal_type == NAL_SPS;
    match first & 0x1f {
        NAL_STAP_A => {
            // Aggregated NAL units, each behind a 16-bit size.
            let mut rest = &payload[1..];
            while let [hi, lo, nal, ..] = rest {
                if starts(nal & 0x1f) {
                    return true;
                }
                let size = usize::from(u16::from_be_bytes([*hi, *lo]));
                match rest.get(2 + size..) {
                    Some(next) if size > 0 => rest = next,
                    _ => return false,
                }
            }
            false
        }
        // A fragment: only the one with the start bit begins the NAL unit.
        NAL_FU_A => payload.get(1).is_some_and(|header| header & 0x80 != 0 && starts(header & 0x1f)),
        nal_type => starts(nal_type),
    }
}

fn vp8_starts_keyframe(payload: &[u8]) -> bool {
    let Some(&descriptor) = payload.first() else { return false };
    // S (start of partition) set and partition index 0.
    if descriptor & 0x10 == 0 || descriptor & 0x07 != 0 {
        return false;
    }
    let mut at = 1;
    if descriptor & 0x80 != 0 {
        // Extension byte: I (picture id), L (TL0PICIDX), T / K (TID / KEYIDX).
        let Some(&ext) = payload.get(at) else { return false };
        at += 1;
        if ext & 0x80 != 0 {
            let Some(&picture_id) = payload.get(at) else { return false };
            at += if picture_id & 0x80 != 0 { 2 } else { 1 };
        }
        if ext & 0x40 != 0 {
            at += 1;
        }
        if ext & 0x30 != 0 {
            at += 1;
        }
    }
    // The VP8 payload header's P bit is 0 for a key frame (RFC 7741 §4.3).
    payload.get(at).is_some_and(|header| header & 0x01 == 0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn h264_idr_and_sps_start_keyframes_whatever_the_packetization() {
        assert!(starts_keyframe(TapMedia::H264, &[0x65, 0x88])); // single IDR
        assert!(starts_keyframe(TapMedia::H264, &[0x67, 0x42])); // single SPS
        assert!(!starts_keyframe(TapMedia::H264, &[0x41, 0x9a])); // non-IDR slice
        assert!(starts_keyframe(TapMedia::H264, &[0x7c, 0x85, 0])); // FU-A start of an IDR
        assert!(!starts_keyframe(TapMedia::H264, &[0x7c, 0x05, 0])); // FU-A middle of an IDR
        assert!(!starts_keyframe(TapMedia::H264, &[0x7c, 0x81, 0])); // FU-A start of a P slice
                                                                     // STAP-A with SPS and PPS (what browsers send before an IDR).
        assert!(starts_keyframe(TapMedia::H264, &[0x78, 0, 2, 0x67, 0x42, 0, 2, 0x68, 0xce]));
        // STAP-A with an SEI and an IDR second.
        assert!(starts_keyframe(TapMedia::H264, &[0x78, 0, 1, 0x06, 0, 2, 0x65, 0x88]));
        assert!(!starts_keyframe(TapMedia::H264, &[0x78, 0, 1, 0x06, 0, 2, 0x41, 0x9a]));
        assert!(!starts_keyframe(TapMedia::H264, &[0x78, 0, 9, 0x06])); // truncated
        assert!(!starts_keyframe(TapMedia::H264, &[]));
    }

    #[test]
    fn vp8_key_frames_are_told_from_interframes() {
        assert!(starts_keyframe(TapMedia::Vp8, &[0x10, 0x00])); // S, partition 0, key frame
        assert!(!starts_keyframe(TapMedia::Vp8, &[0x10, 0x01])); // interframe
        assert!(!starts_keyframe(TapMedia::Vp8, &[0x00, 0x00])); // not a partition start
                                                                 // X with a 15-bit picture id (what Chromium sends), then a key frame.
        assert!(starts_keyframe(TapMedia::Vp8, &[0x90, 0x80, 0x81, 0x23, 0x50]));
        assert!(!starts_keyframe(TapMedia::Vp8, &[0x90, 0x80, 0x81, 0x23, 0x51]));
        // X with a 7-bit picture id, TL0PICIDX and TID.
        assert!(starts_keyframe(TapMedia::Vp8, &[0x90, 0xe0, 0x05, 0x01, 0x40, 0x00]));
        assert!(!starts_keyframe(TapMedia::Vp8, &[0x90, 0x80]));
        assert!(!starts_keyframe(TapMedia::Opus, &[0x10, 0x00]));
    }

    proptest! {
        #[test]
        fn never_panics(payload in proptest::collection::vec(any::<u8>(), 0..64)) {
            starts_keyframe(TapMedia::H264, &payload);
            starts_keyframe(TapMedia::Vp8, &payload);
        }
    }
}
