//! The whole CDN packager on hostile input: any RTP a publisher sends (video and audio
//! interleaved) must never panic it, and the playlist it publishes must stay well formed.
#![no_main]

use std::time::{Duration, Instant};

use bytes::Bytes;
use libfuzzer_sys::fuzz_target;
use liveroom_cdn::{Origin, Packager};

fuzz_target!(|data: &[u8]| {
    let origin = Origin::new();
    let stream = origin.publish("fuzz");
    let mut p = Packager::new(stream.clone(), true);
    let start = Instant::now();
    // Records: kind+marker (1), seq (2), ts (4), len (1), payload.
    let mut rest = data;
    let mut i = 0u64;
    while rest.len() >= 8 {
        let (video, marker) = (rest[0] & 1 == 1, rest[0] & 2 == 2);
        let seq = u16::from_be_bytes([rest[1], rest[2]]);
        let ts = u32::from_be_bytes([rest[3], rest[4], rest[5], rest[6]]);
        let len = (rest[7] as usize).min(rest.len() - 8);
        let payload = Bytes::copy_from_slice(&rest[8..8 + len]);
        rest = &rest[8 + len..];
        let at = start + Duration::from_millis(i * 5);
        i += 1;
        if video {
            p.video_rtp(seq, ts, marker, &payload, at, at);
        } else {
            p.audio_rtp(ts, &payload, at);
        }
    }
    p.finish(start + Duration::from_secs(60));
    let text = stream.read_playlist(|pl| pl.render());
    assert!(text.starts_with("#EXTM3U\n") && text.ends_with("#EXT-X-ENDLIST\n"));
});
