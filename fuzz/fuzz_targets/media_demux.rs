//! The media demultiplexer sees every datagram that reaches the UDP port, from anyone.
#![no_main]

use libfuzzer_sys::fuzz_target;
use liveroom_sfu::demux::{classify, local_ufrag, Kind};

fuzz_target!(|data: &[u8]| {
    let kind = classify(data);
    if let Ok(ufrag) = local_ufrag(data) {
        // A ufrag is only ever read from a STUN message, within the datagram.
        assert_eq!(kind, Kind::Stun);
        assert!(ufrag.len() <= data.len());
    }
});
