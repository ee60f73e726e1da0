//! The UserSig decoder must never panic, and must never accept a forged signature.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        let result = liveroom_auth::usersig::verify(text, 1_400_000_000, "fuzz-key", "alice", 1_700_000_000);
        // The fuzzer does not know the key, so anything it makes up must be refused.
        assert!(result.is_err(), "a made-up UserSig verified: {text:?}");
    }
});
