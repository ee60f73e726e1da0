//! The H.264 depacketizer takes every byte a publisher sends; it must never panic and
//! never emit an empty or oversized frame.
#![no_main]

use bytes::Bytes;
use libfuzzer_sys::fuzz_target;
use liveroom_cdn::depacketize::{H264Depacketizer, Output, MAX_ACCESS_UNIT_BYTES};

fuzz_target!(|data: &[u8]| {
    let mut d = H264Depacketizer::new();
    // Records: seq (2), ts (4), marker (1), len (1), payload.
    let mut rest = data;
    while rest.len() >= 8 {
        let seq = u16::from_be_bytes([rest[0], rest[1]]);
        let ts = u32::from_be_bytes([rest[2], rest[3], rest[4], rest[5]]);
        let marker = rest[6] & 1 == 1;
        let len = (rest[7] as usize).min(rest.len() - 8);
        let payload = Bytes::copy_from_slice(&rest[8..8 + len]);
        rest = &rest[8 + len..];
        for out in d.push(seq, ts, marker, &payload) {
            if let Output::AccessUnit(au) = out {
                assert!(!au.nalus.is_empty());
                assert!(au.nalus.iter().map(|n| n.len()).sum::<usize>() <= MAX_ACCESS_UNIT_BYTES);
            }
        }
    }
});
