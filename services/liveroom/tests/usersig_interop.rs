//! UserSig v2 against implementations no one here wrote: Tencent's reference library
//! (`tls-sig-api-v2` from PyPI) signs, liveroom verifies; liveroom signs, an independent
//! standard-library verifier checks. `scripts/test-all.sh` installs the library into a
//! venv and points `LIVEROOM_PYTHON` at it.

mod common;

use std::path::PathBuf;
use std::process::Command;

use common::python;
use liveroom_auth::usersig::{self, SigError};

const APP: u64 = 1_400_000_777;
const KEY: &str = "5bd2850fff3ecb11d7c805251c51ee463a25727bddc2385f3fa8bfee1bb93b5e";

fn script(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/interop").join(name)
}

fn run(cmd: &mut Command) -> String {
    let out = cmd.output().expect("run helper");
    assert!(
        out.status.success(),
        "{cmd:?} failed (is tls-sig-api-v2 installed? scripts/test-all.sh sets it up):\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap().trim().to_owned()
}

fn reference_sig(user: &str, expire: u64, userbuf: Option<&str>) -> String {
    let mut cmd = Command::new(python());
    cmd.arg(script("usersig_reference.py")).args([APP.to_string(), KEY.into(), user.into(), expire.to_string()]);
    if let Some(buf) = userbuf {
        cmd.arg(buf);
    }
    run(&mut cmd)
}

fn now() -> u64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_secs()
}

#[test]
fn reference_library_sigs_verify_in_liveroom() {
    for user in ["alice", "user_01", "a-b-c", "administrator", "x"] {
        let sig = reference_sig(user, 86_400, None);
        let claims = usersig::verify(&sig, APP, KEY, user, now()).expect("reference sig verifies");
        assert_eq!(claims.identifier, user);
        assert_eq!(claims.expire, 86_400);
        // And through the CLI.
        let out = run(Command::new(env!("CARGO_BIN_EXE_liveroom"))
            .args(["usersig", "--sdkappid", &APP.to_string(), "--user", user, "--verify", &sig])
            .env("LIVEROOM_SECRET", KEY));
        assert!(out.contains("\"valid\":true"), "{out}");
    }
    // A PrivateMapKey-style userbuf is covered by the signature too.
    let sig = reference_sig("bob", 600, Some("000003626f62"));
    let claims = usersig::verify(&sig, APP, KEY, "bob", now()).expect("userbuf sig verifies");
    assert_eq!(claims.userbuf.as_deref(), Some(&[0u8, 0, 3, b'b', b'o', b'b'][..]));
}

#[test]
fn reference_sigs_fail_for_the_right_reasons() {
    let sig = reference_sig("alice", 100, None);
    assert_eq!(usersig::verify(&sig, APP, "wrong-key", "alice", now()), Err(SigError::BadSignature));
    assert_eq!(usersig::verify(&sig, APP + 1, KEY, "alice", now()), Err(SigError::AppMismatch));
    assert_eq!(usersig::verify(&sig, APP, KEY, "mallory", now()), Err(SigError::UserMismatch));
    assert_eq!(usersig::verify(&sig, APP, KEY, "alice", now() + 200), Err(SigError::Expired));
    let out = Command::new(env!("CARGO_BIN_EXE_liveroom"))
        .args(["usersig", "--sdkappid", &APP.to_string(), "--user", "alice", "--verify", &sig])
        .env("LIVEROOM_SECRET", "wrong-key")
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("signature does not match"));
}

#[test]
fn liveroom_sigs_verify_with_an_independent_verifier() {
    for user in ["alice", "user_01", "z"] {
        let sig = run(Command::new(env!("CARGO_BIN_EXE_liveroom"))
            .args(["usersig", "--sdkappid", &APP.to_string(), "--user", user, "--expire", "3600"])
            .env("LIVEROOM_SECRET", KEY));
        let out = run(Command::new(python()).arg(script("usersig_verify.py")).args([
            APP.to_string(),
            KEY.into(),
            user.into(),
            sig.clone(),
        ]));
        assert!(out.contains(&format!("\"identifier\": \"{user}\"")), "{out}");
        assert!(out.contains("\"expire\": 3600"), "{out}");
        // The independent verifier rejects a wrong key, so the check above is meaningful.
        let bad = Command::new(python())
            .arg(script("usersig_verify.py"))
            .args([APP.to_string(), "other".into(), user.into(), sig])
            .output()
            .unwrap();
        assert!(!bad.status.success());
    }
}
