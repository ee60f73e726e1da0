//! The chat protocol decoder must never panic, whatever a client sends.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = liveroom_protocol::decode_request(text);
    }
});
