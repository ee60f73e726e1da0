//! H.264 RTP (RFC 6184, packetization-mode 1: single NAL units, STAP-A, FU-A) into access
//! units, for packagers that need whole frames.
//!
//! NAL unit parsing is webrtc-rs' depacketizer (`rtc::rtp::codec::h264::H264Packet`); this
//! module adds what a packager needs around it: frame boundaries (RTP timestamp and
//! marker bit), SPS / PPS tracking, a size cap, and loss handling — a sequence gap drops the
//! broken frame, asks for a keyframe once, and nothing is emitted until the next IDR frame.

use bytes::Bytes;
use rtc::rtp::codec::h264::H264Packet;
use rtc::rtp::packetizer::Depacketizer;

/// Largest access unit accepted (a 4K IDR frame is well below).
pub const MAX_ACCESS_UNIT_BYTES: usize = 8 << 20;

const NAL_IDR: u8 = 5;
const NAL_SPS: u8 = 7;
const NAL_PPS: u8 = 8;

/// One video frame: its NAL units (no start codes or length prefixes).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AccessUnit {
    /// RTP timestamp (90 kHz).
    pub timestamp: u32,
    /// Whether it holds an IDR slice (a packager may start here).
    pub keyframe: bool,
    /// The NAL units, in order.
    pub nalus: Vec<Bytes>,
}

/// What the depacketizer produced for one packet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Output {
    /// A complete frame.
    AccessUnit(AccessUnit),
    /// Packets were lost: ask the publisher for a keyframe (once per loss).
    NeedKeyframe,
}

/// Assembles access units from one H.264 RTP stream. Time is the RTP timestamp only.
pub struct H264Depacketizer {
    nal: H264Packet,
    last_seq: Option<u16>,
    timestamp: Option<u32>,
    nalus: Vec<Bytes>,
    bytes: usize,
    broken: bool,
    waiting_for_keyframe: bool,
    sps: Option<Bytes>,
    pps: Option<Bytes>,
    /// Frames dropped because they were broken or came before a keyframe.
    pub dropped_frames: u64,
}

impl Default for H264Depacketizer {
    fn default() -> Self {
        Self::new()
    }
}

/// A fresh NAL depacketizer producing length-prefixed (AVC) output.
fn avc_depacketizer() -> H264Packet {
    let mut p = H264Packet::default();
    p.is_avc = true;
    p
}

const STAP_A: u8 = 24;

/// Whether a STAP-A payload's length fields tile it exactly. webrtc-rs 0.21's depacketizer
/// indexes past the end when one byte is left after a unit (found by `cargo fuzz run
/// h264_depacketize`), so malformed aggregates are refused before they reach it.
fn stap_a_well_formed(payload: &[u8]) -> bool {
    let mut at = 1;
    while at < payload.len() {
        if at + 2 > payload.len() {
            return false;
        }
        let len = usize::from(u16::from_be_bytes([payload[at], payload[at + 1]]));
        at += 2 + len;
        if len == 0 || at > payload.len() {
            return false;
        }
    }
    true
}

fn nal_type(nalu: &[u8]) -> u8 {
    nalu.first().map_or(0, |b| b & 0x1f)
}

/// Splits AVC (4-byte length-prefixed) output into NAL units; `None` if malformed.
fn split_avc(mut data: Bytes) -> Option<Vec<Bytes>> {
    let mut out = Vec::new();
    while !data.is_empty() {
        if data.len() < 4 {
            return None;
        }
        let len = u32::from_be_bytes([data[0], data[1], data[2], data[3]]) as usize;
        if len == 0 || data.len() < 4 + len {
            return None;
        }
        let _ = data.split_to(4);
        out.push(data.split_to(len));
    }
    Some(out)
}

impl H264Depacketizer {
    /// A depacketizer that waits for the first keyframe.
    pub fn new() -> Self {
        Self {
            nal: avc_depacketizer(),
            last_seq: None,
            timestamp: None,
            nalus: Vec::new(),
            bytes: 0,
            broken: false,
            waiting_for_keyframe: true,
            sps: None,
            pps: None,
            dropped_frames: 0,
        }
    }

    /// The latest SPS seen.
    pub fn sps(&self) -> Option<&Bytes> {
        self.sps.as_ref()
    }

    /// The latest PPS seen.
    pub fn pps(&self) -> Option<&Bytes> {
        self.pps.as_ref()
    }

    /// Feeds one RTP packet (its sequence number, timestamp, marker bit and payload).
    pub fn push(&mut self, seq: u16, timestamp: u32, marker: bool, payload: &Bytes) -> Vec<Output> {
        let mut out = Vec::new();
        if let Some(last) = self.last_seq {
            let expected = last.wrapping_add(1);
            if seq != expected {
                if seq.wrapping_sub(last) > 0x8000 || seq == last {
                    // Late or duplicate (reordered before us): nothing to do with it.
                    return out;
                }
                self.lose(&mut out);
            }
        }
        self.last_seq = Some(seq);
        if self.timestamp.is_some_and(|t| t != timestamp) {
            // The previous frame's last packet (with the marker) was lost or never marked.
            self.finish(&mut out);
        }
        self.timestamp = Some(timestamp);
        let parsed = if nal_type(payload) == STAP_A && !stap_a_well_formed(payload) {
            None
        } else {
            self.nal.depacketize(payload).ok().and_then(split_avc)
        };
        match parsed {
            Some(nalus) => {
                for nalu in nalus {
                    match nal_type(&nalu) {
                        NAL_SPS => self.sps = Some(nalu.clone()),
                        NAL_PPS => self.pps = Some(nalu.clone()),
                        _ => {}
                    }
                    self.bytes += nalu.len();
                    self.nalus.push(nalu);
                }
                if self.bytes > MAX_ACCESS_UNIT_BYTES {
                    self.broken = true;
                    self.nalus.clear();
                }
            }
            None => self.lose(&mut out),
        }
        if marker {
            self.finish(&mut out);
        }
        out
    }

    /// Packets were lost: the frame in progress is broken; ask for a keyframe once.
    fn lose(&mut self, out: &mut Vec<Output>) {
        self.broken = true;
        self.nal = avc_depacketizer();
        if !self.waiting_for_keyframe {
            self.waiting_for_keyframe = true;
            out.push(Output::NeedKeyframe);
        }
    }

    fn finish(&mut self, out: &mut Vec<Output>) {
        let nalus = std::mem::take(&mut self.nalus);
        let broken = std::mem::replace(&mut self.broken, false);
        self.bytes = 0;
        let Some(timestamp) = self.timestamp.take() else { return };
        if nalus.is_empty() {
            return;
        }
        let keyframe = nalus.iter().any(|n| nal_type(n) == NAL_IDR);
        if broken || (self.waiting_for_keyframe && !keyframe) {
            self.dropped_frames += 1;
            return;
        }
        self.waiting_for_keyframe = false;
        out.push(Output::AccessUnit(AccessUnit { timestamp, keyframe, nalus }));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SPS: &[u8] = &[0x67, 0x42, 0xe0, 0x1f, 0xda];
    const PPS: &[u8] = &[0x68, 0xce, 0x3c, 0x80];

    fn stap_a(nalus: &[&[u8]]) -> Bytes {
        let mut v = vec![24u8];
        for n in nalus {
            v.extend_from_slice(&(n.len() as u16).to_be_bytes());
            v.extend_from_slice(n);
        }
        Bytes::from(v)
    }

    /// FU-A fragments of `nalu` in pieces of `size`.
    fn fu_a(nalu: &[u8], size: usize) -> Vec<Bytes> {
        let header = nalu[0];
        let body = &nalu[1..];
        let chunks: Vec<&[u8]> = body.chunks(size).collect();
        chunks
            .iter()
            .enumerate()
            .map(|(i, c)| {
                let mut fu_header = header & 0x1f;
                if i == 0 {
                    fu_header |= 0x80;
                }
                if i == chunks.len() - 1 {
                    fu_header |= 0x40;
                }
                let mut v = vec![(header & 0xe0) | 28, fu_header];
                v.extend_from_slice(c);
                Bytes::from(v)
            })
            .collect()
    }

    fn idr(len: usize) -> Vec<u8> {
        let mut v = vec![0x65];
        v.extend((0..len).map(|i| (i % 251) as u8));
        v
    }

    fn frames(out: Vec<Output>) -> Vec<AccessUnit> {
        out.into_iter().filter_map(|o| if let Output::AccessUnit(a) = o { Some(a) } else { None }).collect()
    }

    #[test]
    fn assembles_a_keyframe_from_stap_a_and_fu_a() {
        let mut d = H264Depacketizer::new();
        let mut out = d.push(1, 9000, false, &stap_a(&[SPS, PPS]));
        let frag = fu_a(&idr(3000), 1000);
        let n = frag.len();
        for (i, f) in frag.iter().enumerate() {
            out.extend(d.push(2 + i as u16, 9000, i == n - 1, f));
        }
        let au = frames(out);
        assert_eq!(au.len(), 1);
        assert!(au[0].keyframe);
        assert_eq!(au[0].timestamp, 9000);
        assert_eq!(au[0].nalus.len(), 3, "SPS, PPS, IDR");
        assert_eq!(&au[0].nalus[2][..], &idr(3000)[..]);
        assert_eq!(d.sps().map(|b| &b[..]), Some(SPS));
        assert_eq!(d.pps().map(|b| &b[..]), Some(PPS));
    }

    #[test]
    fn waits_for_a_keyframe_first() {
        let mut d = H264Depacketizer::new();
        assert!(frames(d.push(1, 3000, true, &Bytes::from_static(&[0x41, 1, 2, 3]))).is_empty());
        assert_eq!(d.dropped_frames, 1);
        let au = frames(d.push(2, 6000, true, &Bytes::from(idr(10))));
        assert!(au[0].keyframe);
        let au = frames(d.push(3, 9000, true, &Bytes::from_static(&[0x41, 4, 5, 6])));
        assert_eq!(au.len(), 1);
        assert!(!au[0].keyframe);
    }

    #[test]
    fn a_gap_drops_the_broken_frame_asks_once_and_resumes_at_the_next_idr() {
        let mut d = H264Depacketizer::new();
        frames(d.push(1, 3000, true, &Bytes::from(idr(10))));
        let frag = fu_a(&[0x41; 3000], 1000);
        // Lose the middle fragment of a delta frame.
        let mut out = d.push(10, 6000, false, &frag[0]);
        out.extend(d.push(12, 6000, true, &frag[2]));
        assert_eq!(out.iter().filter(|o| **o == Output::NeedKeyframe).count(), 1);
        assert!(frames(out).is_empty());
        // More delta frames are dropped until an IDR, with no second keyframe request.
        let out = d.push(13, 9000, true, &Bytes::from_static(&[0x41, 9, 9, 9]));
        assert!(out.is_empty());
        let au = frames(d.push(14, 12000, true, &Bytes::from(idr(10))));
        assert_eq!(au.len(), 1);
        assert!(au[0].keyframe);
        assert_eq!(d.dropped_frames, 2);
    }

    #[test]
    fn a_lost_marker_still_ends_the_frame_at_the_next_timestamp() {
        let mut d = H264Depacketizer::new();
        let mut out = d.push(1, 3000, false, &Bytes::from(idr(10)));
        out.extend(d.push(2, 6000, true, &Bytes::from_static(&[0x41, 1, 1, 1])));
        let au = frames(out);
        assert_eq!(au.iter().map(|a| a.timestamp).collect::<Vec<_>>(), [3000, 6000]);
    }

    /// Regression (cargo fuzz run h264_depacketize): a STAP-A with one stray byte after a
    /// unit made webrtc-rs' depacketizer index out of bounds.
    #[test]
    fn a_truncated_stap_a_is_refused_not_a_panic() {
        let mut d = H264Depacketizer::new();
        frames(d.push(1, 3000, true, &Bytes::from(idr(10))));
        let mut bad = stap_a(&[SPS]).to_vec();
        bad.push(0x01);
        let out = d.push(2, 6000, true, &Bytes::from(bad));
        assert_eq!(out, vec![Output::NeedKeyframe]);
        assert!(!stap_a_well_formed(&[24, 0, 0]));
        assert!(stap_a_well_formed(&stap_a(&[SPS, PPS])));
    }

    #[test]
    fn duplicates_and_late_packets_are_ignored() {
        let mut d = H264Depacketizer::new();
        frames(d.push(100, 3000, true, &Bytes::from(idr(10))));
        assert!(d.push(100, 3000, true, &Bytes::from(idr(10))).is_empty());
        assert!(d.push(90, 2000, true, &Bytes::from(idr(10))).is_empty());
        assert_eq!(frames(d.push(101, 6000, true, &Bytes::from_static(&[0x41, 1, 2]))).len(), 1);
    }

    proptest::proptest! {
        #[test]
        fn never_panics(packets in proptest::collection::vec((0u16..40, 0u32..5, proptest::bool::ANY, proptest::collection::vec(proptest::prelude::any::<u8>(), 0..1500)), 0..60)) {
            let mut d = H264Depacketizer::new();
            for (seq, ts, marker, payload) in packets {
                for o in d.push(seq, ts * 3000, marker, &Bytes::from(payload)) {
                    if let Output::AccessUnit(au) = o {
                        proptest::prop_assert!(!au.nalus.is_empty());
                        proptest::prop_assert!(au.nalus.iter().map(|n| n.len()).sum::<usize>() <= MAX_ACCESS_UNIT_BYTES);
                    }
                }
            }
        }
    }
}
