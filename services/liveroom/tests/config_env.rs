//! Configuration from the environment, through the real binary: `LIVEROOM_<SECTION>__<KEY>`
//! overrides the file, and `LIVEROOM_*` variables that name no section are left alone.

use std::process::Command;

#[test]
fn environment_variables_override_the_file() {
    let dir = std::env::temp_dir().join(format!("liveroom-env-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("c.toml");
    std::fs::write(&file, "[server]\nhttp = \"127.0.0.1:1111\"\n").unwrap();
    let run = |envs: &[(&str, &str)]| {
        let out = Command::new(env!("CARGO_BIN_EXE_liveroom"))
            .args(["config", "check"])
            .arg(&file)
            .envs(envs.iter().copied())
            .output()
            .unwrap();
        (
            out.status.success(),
            String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr),
        )
    };
    let (ok, text) = run(&[]);
    assert!(ok && text.contains("listening on 127.0.0.1:1111"), "{text}");
    let (ok, text) = run(&[("LIVEROOM_SERVER__HTTP", "127.0.0.1:2222"), ("LIVEROOM_SECRET", "not-a-section")]);
    assert!(ok && text.contains("listening on 127.0.0.1:2222"), "{text}");
    let (ok, text) = run(&[("LIVEROOM_SERVER__BOGUS", "1")]);
    assert!(!ok && text.contains("bogus"), "unknown keys from the environment are errors too: {text}");
    let _ = std::fs::remove_dir_all(&dir);
}

/// `serve --udp` sets the media port (before, only `LIVEROOM_MEDIA__UDP` or the file did),
/// and a log written to a pipe carries no colour codes (colour only on a terminal).
#[test]
fn the_udp_flag_sets_the_media_port_and_piped_logs_are_plain() {
    use std::io::{BufRead, BufReader};
    let free = std::net::UdpSocket::bind("127.0.0.1:0").unwrap().local_addr().unwrap();
    // No configuration file: the data directory is ./liveroom-data, so run in a scratch one.
    let dir = std::env::temp_dir().join(format!("liveroom-udp-flag-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_liveroom"))
        .current_dir(&dir)
        .args(["serve", "--http", "127.0.0.1:0", "--udp", &free.to_string(), "--log-level", "info"])
        .env_remove("RUST_LOG")
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let stdout = child.stdout.take().unwrap();
    let mut seen = Vec::new();
    for line in BufReader::new(stdout).lines().map_while(Result::ok).take(40) {
        let done = line.contains("liveroom serving");
        seen.push(line);
        if done {
            break;
        }
    }
    let _ = child.kill();
    let _ = child.wait();
    let _ = std::fs::remove_dir_all(&dir);
    let text = seen.join("\n");
    assert!(text.contains(&format!("liveroom: media on udp://{free}")), "{text}");
    assert!(text.contains("liveroom serving"), "{text}");
    assert!(!text.contains('\u{1b}'), "colour codes in a piped log: {text}");
}
