//! RTP and RTCP parsing (webrtc-rs, after SRTP decryption) must not panic on hostile
//! packets: a publisher or viewer controls every byte it sends us.
#![no_main]

use libfuzzer_sys::fuzz_target;
use rtc::shared::marshal::Unmarshal;

fuzz_target!(|data: &[u8]| {
    let mut buf = data;
    let _ = rtc::rtp::packet::Packet::unmarshal(&mut buf);
    let mut buf = data;
    let _ = rtc::rtcp::packet::unmarshal(&mut buf);
});
