//! RTMP ingest end to end: ffmpeg (an independent RTMP client, as OBS and hardware
//! encoders are) publishes H.264 + AAC into a running `liveroom serve`; the room hears of
//! the stream (chat event, webhook), the origin serves it as LL-HLS and HTTP-FLV without
//! transcoding, and ffprobe judges both. Also: B-frames survive with their composition
//! times, the query may follow the stream key (OBS) or the app, and wrong, expired or
//! missing UserSigs, unknown rooms and other users' stream ids are refused and counted.
//! WebRTC playback of an RTMP stream in Chromium: web/tests/rtmp-webrtc.test.mjs.

mod common;

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::probe::{download_hls, ffprobe};
use common::*;
use serde_json::json;

const RTMP: &str = "[rtmp]\nlisten = \"127.0.0.1:0\"\n";

/// ffmpeg publishing a 640x360 test picture and a 440 Hz tone for `seconds` to `url`;
/// `extra` are output options (B-frames, RTMP app / playpath).
fn ffmpeg(url: &str, seconds: u32, extra: &[&str]) -> Command {
    let mut c = Command::new("ffmpeg");
    c.args(["-hide_banner", "-loglevel", "error", "-re"])
        .args(["-f", "lavfi", "-i", "testsrc2=size=640x360:rate=30"])
        .args(["-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000"])
        .args(["-t", &seconds.to_string(), "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p"])
        .args(["-g", "30", "-c:a", "aac", "-b:a", "96k"])
        .args(extra)
        .args(["-f", "flv", url])
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped());
    c
}

fn publish_url(server: &Server, stream: &str, user: &str, usersig: &str) -> String {
    format!("{}/{stream}?userid={user}&usersig={usersig}", server.rtmp.as_deref().expect("RTMP is on"))
}

async fn metric_value(server: &Server, name: &str) -> f64 {
    let (_, metrics) = server.get("/metrics").await;
    metric(&metrics, name)
}

/// Waits for the stream's playlist to list EXT-X-ENDLIST; returns it.
async fn ended_playlist(server: &Server, stream: &str) -> String {
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let (status, text) = server.get(&format!("/live/{stream}.m3u8")).await;
        if status == 200 && text.contains("#EXT-X-ENDLIST") {
            return text;
        }
        assert!(Instant::now() < deadline, "no ended playlist for {stream}: {status} {text}");
        actix_web::rt::time::sleep(Duration::from_millis(200)).await;
    }
}

#[actix_web::test]
async fn an_rtmp_stream_is_a_room_stream_served_as_ll_hls_and_flv() {
    let hooks = common::hooks::Receiver::start(0);
    let server = Server::start(&format!("{RTMP}\n[[webhooks]]\nurl = \"{}/streams\"\n", hooks.url));
    create_room(&server, "anchor", "7201").await;
    let stream = format!("{APP}_7201_anchor_main");
    let mut viewer = Client::connect(&server).await;
    viewer.login("viewer").await;
    viewer.ok("enterRoom", json!({ "roomID": "7201" })).await;

    let url = publish_url(&server, &stream, "anchor", &sig("anchor"));
    let publisher = ChildGuard::new(ffmpeg(&url, 8, &["-tune", "zerolatency"]).spawn().expect("ffmpeg runs"));
    let added = viewer.wait_for("streamAdded", 15, |v| v["event"] == "streamAdded").await;
    assert_eq!(
        (added["data"]["streamID"].as_str(), added["data"]["userID"].as_str()),
        (Some(&*stream), Some("anchor"))
    );

    // HTTP-FLV while it is live (once packaging started): judged by ffprobe as it arrives.
    wait_until("the playlist", Duration::from_secs(10), || async {
        server.get(&format!("/live/{stream}.m3u8")).await.0 == 200
    })
    .await;
    let flv = {
        let client = awc::Client::builder().timeout(Duration::from_secs(20)).finish();
        let mut res = client.get(server.url(&format!("/live/{stream}.flv"))).send().await.expect("FLV GET");
        assert_eq!(res.status().as_u16(), 200);
        let mut flv = Vec::new();
        let until = Instant::now() + Duration::from_secs(4);
        while Instant::now() < until {
            use futures_util::StreamExt;
            match actix_web::rt::time::timeout(Duration::from_secs(2), res.next()).await {
                Ok(Some(Ok(chunk))) => flv.extend_from_slice(&chunk),
                other => panic!("FLV ended or stalled: {other:?}"),
            }
        }
        flv
    };
    let dir = TempDir::new("rtmp");
    std::fs::write(dir.0.join("live.flv"), &flv).unwrap();
    ffprobe(&dir.0.join("live.flv")).assert_h264_aac("HTTP-FLV from RTMP", (640, 360), 2.5);

    let out = publisher.wait_with_output();
    assert!(out.status.success(), "ffmpeg failed: {}", String::from_utf8_lossy(&out.stderr));
    viewer.wait_for("streamRemoved", 15, |v| v["event"] == "streamRemoved").await;

    // The whole LL-HLS window, as packaged from the RTMP stream without transcoding.
    let ended = ended_playlist(&server, &stream).await;
    let (index, segments) = download_hls(&ended, &server.url("/live"), &dir.0).await;
    assert!(segments >= 5, "{segments} segments:\n{ended}");
    assert!(!ended.contains("#EXT-X-DISCONTINUITY"), "one init segment from the first keyframe on:\n{ended}");
    let probe = ffprobe(&index);
    probe.assert_h264_aac("LL-HLS from RTMP", (640, 360), 6.0);
    // AAC as ffmpeg sent it (mono, 48 kHz): not the Opus round trip's stereo.
    assert_eq!(probe.stream("audio")["channels"], 1);
    // Audio and video cover the same time (A/V in sync within 100 ms at both ends).
    let (v, a) = (probe.dts("video"), probe.dts("audio"));
    assert!((v[0] - a[0]).abs() < 0.1, "starts: video {} audio {}", v[0], a[0]);
    assert!((v[v.len() - 1] - a[a.len() - 1]).abs() < 0.15, "ends: video {} audio {}", v[v.len() - 1], a[a.len() - 1]);

    wait_until("stream.stopped", Duration::from_secs(10), || async { !hooks.accepted("stream.stopped").is_empty() })
        .await;
    let started = hooks.accepted("stream.started");
    assert_eq!(started.len(), 1, "{:?}", hooks.seen());
    assert_eq!(started[0].json["data"]["streamID"], stream.as_str());
    assert_eq!(metric_value(&server, "liveroom_rtmp_connections_total{outcome=\"published\"}").await, 1.0);
    assert_eq!(metric_value(&server, "liveroom_rtmp_streams").await, 0.0);
}

#[actix_web::test]
async fn b_frames_keep_their_order_and_the_query_may_follow_the_app() {
    let server = Server::start(RTMP);
    create_room(&server, "anchor", "7202").await;
    let stream = format!("{APP}_7202_anchor_main");
    // OBS-like: the server URL carries the query on the app, the key is the bare id;
    // x264's B-frames.
    let app = format!("live?userid=anchor&usersig={}", sig("anchor"));
    let base = server.rtmp.clone().unwrap();
    let url = format!("{base}/{stream}");
    let out =
        ffmpeg(&url, 6, &["-bf", "2", "-rtmp_app", &app, "-rtmp_playpath", &stream]).output().expect("ffmpeg runs");
    assert!(out.status.success(), "ffmpeg failed: {}", String::from_utf8_lossy(&out.stderr));
    let ended = ended_playlist(&server, &stream).await;
    let dir = TempDir::new("rtmp-b");
    let (index, _) = download_hls(&ended, &server.url("/live"), &dir.0).await;
    let probe = ffprobe(&index);
    probe.assert_h264_aac("LL-HLS with B-frames", (640, 360), 3.0);
    // Presentation times differ from decode times (reordered frames), and are unique.
    let packets = probe.json["packets"].as_array().unwrap();
    let video_index = probe.stream("video")["index"].as_u64();
    let mut pts: Vec<f64> = packets
        .iter()
        .filter(|p| p["stream_index"].as_u64() == video_index)
        .filter_map(|p| p["pts_time"].as_str()?.parse().ok())
        .collect();
    let reordered = pts.windows(2).filter(|w| w[1] < w[0]).count();
    assert!(reordered > 10, "B-frames come before the frames they precede in display order: {reordered}");
    pts.sort_by(f64::total_cmp);
    assert!(pts.windows(2).all(|w| w[1] > w[0]), "every frame has its own presentation time");
    assert_eq!(metric_value(&server, "liveroom_rtmp_events_total{event=\"b_frames\"}").await, 1.0);
}

#[actix_web::test]
async fn publishes_without_a_valid_usersig_for_an_existing_room_are_refused() {
    let server = Server::start(RTMP);
    create_room(&server, "anchor", "7203").await;
    let stream = format!("{APP}_7203_anchor_main");
    let base = server.rtmp.clone().unwrap();
    let expired = liveroom_auth::usersig::sign(APP, SECRET, "anchor", now() - 7200, 60);
    let other_app = liveroom_auth::usersig::sign(APP, "some-other-secret-0123456789", "anchor", now(), 3600);
    let cases: Vec<(&str, String)> = vec![
        ("no query", format!("{base}/{stream}")),
        ("wrong sig", publish_url(&server, &stream, "anchor", &other_app)),
        ("expired sig", publish_url(&server, &stream, "anchor", &expired)),
        ("another user's sig", publish_url(&server, &stream, "anchor", &sig("mallory"))),
        ("another user's stream", publish_url(&server, &stream, "mallory", &sig("mallory"))),
        ("unknown room", publish_url(&server, &format!("{APP}_7299_anchor_main"), "anchor", &sig("anchor"))),
        (
            "not a member of the room's publishers",
            publish_url(&server, &format!("{APP}_7203_guest_main"), "guest", &sig("guest")),
        ),
    ];
    for (what, url) in &cases {
        let started = Instant::now();
        let out = ffmpeg(url, 3, &[]).output().expect("ffmpeg runs");
        assert!(!out.status.success(), "{what}: the publish was accepted");
        assert!(started.elapsed() < Duration::from_secs(8), "{what}: refused only after {:?}", started.elapsed());
        let (status, _) = server.get(&format!("/live/{stream}.m3u8")).await;
        assert_eq!(status, 404, "{what}: nothing is served");
    }
    let refused = metric_value(&server, "liveroom_rtmp_connections_total{outcome=\"refused_auth\"}").await
        + metric_value(&server, "liveroom_rtmp_connections_total{outcome=\"refused_room\"}").await
        + metric_value(&server, "liveroom_rtmp_connections_total{outcome=\"refused_request\"}").await;
    assert_eq!(refused, cases.len() as f64, "every refusal is counted");
    assert_eq!(metric_value(&server, "liveroom_rtmp_connections_total{outcome=\"refused_room\"}").await, 1.0);

    // Not RTMP at all: closed without a word, counted.
    use std::io::Write;
    let addr = base.trim_start_matches("rtmp://").trim_end_matches("/live").to_owned();
    let mut tcp = std::net::TcpStream::connect(&addr).unwrap();
    tcp.write_all(b"GET / HTTP/1.1\r\nHost: x\r\n\r\n").unwrap();
    tcp.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
    let mut buf = [0u8; 64];
    assert_eq!(std::io::Read::read(&mut tcp, &mut buf).unwrap_or(0), 0, "closed");
    wait_until("the protocol error is counted", Duration::from_secs(5), || async {
        metric_value(&server, "liveroom_rtmp_connections_total{outcome=\"protocol_error\"}").await == 1.0
    })
    .await;
}

/// An encoder that stops sending without closing (paused, its network gone) ends its
/// stream after `stall_timeout_secs`: viewers see it go, the metric says why, and the same
/// stream id can be published again at once.
#[actix_web::test]
async fn a_paused_encoder_ends_its_stream_after_the_stall_timeout() {
    let server = Server::start(&format!("{RTMP}stall_timeout_secs = 2\n"));
    create_room(&server, "anchor", "7204").await;
    let stream = format!("{APP}_7204_anchor_main");
    let mut viewer = Client::connect(&server).await;
    viewer.login("viewer").await;
    viewer.ok("enterRoom", json!({ "roomID": "7204" })).await;
    let url = publish_url(&server, &stream, "anchor", &sig("anchor"));
    let mut encoder = ChildGuard::new(ffmpeg(&url, 30, &["-tune", "zerolatency"]).spawn().expect("ffmpeg runs"));
    viewer.wait_for("streamAdded", 15, |v| v["event"] == "streamAdded").await;
    let pid = encoder.child().id().to_string();
    assert!(Command::new("kill").args(["-STOP", &pid]).status().unwrap().success());
    let paused = Instant::now();
    viewer.wait_for("streamRemoved", 10, |v| v["event"] == "streamRemoved").await;
    let took = paused.elapsed();
    assert!(took >= Duration::from_millis(1500) && took < Duration::from_secs(6), "ended after {took:?}");
    assert_eq!(metric_value(&server, "liveroom_rtmp_events_total{event=\"stall\"}").await, 1.0);
    let _ = Command::new("kill").args(["-KILL", &pid]).status();
    let _ = encoder.child().wait();

    // The id is free again: a new encoder publishes under it.
    let again = ChildGuard::new(ffmpeg(&url, 3, &["-tune", "zerolatency"]).spawn().expect("ffmpeg runs"));
    let added = viewer.wait_for("streamAdded again", 15, |v| v["event"] == "streamAdded").await;
    assert_eq!(added["data"]["streamID"], stream.as_str());
    let out = again.wait_with_output();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
}

/// aiortc (an independent WebRTC stack) plays an RTMP stream over WHEP: H.264 frames of the
/// published size that keep changing, and the tone as Opus (transcoded from AAC).
fn play_with_aiortc(server_url: &str, play_url: &str, room: &str, secret: Option<&str>) -> serde_json::Value {
    let script = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/interop/aiortc_whip_whep.py");
    let mut c = Command::new(python());
    c.arg(script)
        .args(["--server", server_url, "--play-server", play_url, "--sdkappid", &APP.to_string(), "--room", room])
        .args(["--seconds", "4", "--play-only"]);
    if let Some(secret) = secret {
        c.args(["--secret", secret]);
    }
    let out = c.output().expect("run the aiortc client (scripts/test-all.sh installs aiortc into target/pyenv)");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "aiortc failed: {}\n{stdout}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_str(stdout.lines().last().unwrap_or("{}")).expect("the client's JSON line")
}

#[actix_web::test]
async fn an_independent_webrtc_client_plays_an_rtmp_stream() {
    let server = Server::start(RTMP);
    create_room(&server, "anchor", "7205").await;
    let stream = format!("{APP}_7205_anchor_main");
    let url = publish_url(&server, &stream, "anchor", &sig("anchor"));
    let encoder = ChildGuard::new(ffmpeg(&url, 12, &["-tune", "zerolatency"]).spawn().expect("ffmpeg runs"));
    let played = play_with_aiortc(&server.url(""), &server.url(""), "7205", None);
    assert_eq!((played["width"].as_u64(), played["height"].as_u64()), (Some(640), Some(360)), "{played}");
    assert_eq!(played["played_audio_codec"], "opus", "{played}");
    drop(encoder);
}
