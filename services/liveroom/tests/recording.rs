//! Recording to VOD end to end: an app with `record = true`; ffmpeg publishes over RTMP;
//! when the stream ends (and its publisher did not come back within the gap) the
//! recording is a VOD HLS playlist and one MP4 under `/vod/`, listed by the API, announced
//! by the `recording.finished` webhook; ffprobe judges both (duration within 1 s of what
//! was published, audio and video together). A publisher that reconnects within the gap
//! continues the same recording behind a discontinuity, and its MP4 stays one continuous
//! file. Only the administrator deletes.

mod common;

use std::process::{Command, Stdio};
use std::time::Duration;

use common::probe::{download_hls, ffprobe};
use common::*;
use serde_json::{json, Value};

const REC_APP: u64 = 1_400_000_077;
const REC_SECRET: &str = "recording-test-secret-0123456789";

fn config(hooks_url: &str, gap_secs: u32) -> String {
    format!(
        "[[apps]]\nsdkappid = {REC_APP}\nsecret = \"{REC_SECRET}\"\nrecord = true\n\n[rtmp]\nlisten = \"127.0.0.1:0\"\n\n\
         [recording]\nreconnect_gap_secs = {gap_secs}\n\n[[webhooks]]\nurl = \"{hooks_url}/rec\"\n"
    )
}

fn rec_sig(user: &str) -> String {
    liveroom_auth::usersig::sign(REC_APP, REC_SECRET, user, now(), 86_400)
}

async fn create_rec_room(server: &Server, room: &str) {
    let auth = format!("sdkappid={REC_APP}&identifier=anchor&usersig={}", rec_sig("anchor"));
    let (status, body) =
        server.send_json("POST", &format!("/api/rooms?{auth}"), json!({ "title": "t", "roomId": room })).await;
    assert_eq!(status, 201, "{body}");
}

/// ffmpeg publishing `seconds` of a 640x360 picture and a tone over RTMP; waits for it.
fn publish(server: &Server, stream: &str, seconds: u32) {
    let url = format!("{}/{stream}?userid=anchor&usersig={}", server.rtmp.as_deref().unwrap(), rec_sig("anchor"));
    let out = Command::new("ffmpeg")
        .args(["-hide_banner", "-loglevel", "error", "-re"])
        .args(["-f", "lavfi", "-i", "testsrc2=size=640x360:rate=30", "-f", "lavfi", "-i", "sine=frequency=440"])
        .args(["-t", &seconds.to_string(), "-c:v", "libx264", "-preset", "ultrafast", "-tune", "zerolatency"])
        .args(["-g", "30", "-pix_fmt", "yuv420p", "-c:a", "aac", "-f", "flv", &url])
        .stdin(Stdio::null())
        .output()
        .expect("ffmpeg runs");
    assert!(out.status.success(), "ffmpeg: {}", String::from_utf8_lossy(&out.stderr));
}

async fn finished(hooks: &common::hooks::Receiver) -> Value {
    wait_until("recording.finished", Duration::from_secs(30), || async {
        !hooks.accepted("recording.finished").is_empty()
    })
    .await;
    hooks.accepted("recording.finished")[0].json.clone()
}

async fn fetch(server: &Server, path: &str, range: Option<&str>) -> (u16, awc::http::header::HeaderMap, bytes::Bytes) {
    let mut req = awc::Client::builder().timeout(Duration::from_secs(30)).finish().get(server.url(path));
    if let Some(r) = range {
        req = req.insert_header(("Range", r));
    }
    let mut res = req.send().await.expect("GET");
    let body = res.body().limit(256 << 20).await.expect("body");
    (res.status().as_u16(), res.headers().clone(), body)
}

fn duration(probe_json: &Value) -> f64 {
    probe_json["format"]["duration"].as_str().and_then(|d| d.parse().ok()).unwrap_or(0.0)
}

fn format_probe(path: &std::path::Path) -> Value {
    let out = Command::new("ffprobe")
        .args(["-v", "error", "-show_format", "-show_streams", "-of", "json"])
        .arg(path)
        .output()
        .expect("ffprobe runs");
    assert!(out.status.success(), "ffprobe: {}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).unwrap()
}

/// Downloads the recording's VOD playlist and MP4; returns (playlist text, dir, mp4 path).
async fn download(server: &Server, event: &Value) -> (String, TempDir, std::path::PathBuf) {
    let files: Vec<String> =
        event["data"]["files"].as_array().unwrap().iter().map(|f| f.as_str().unwrap().to_owned()).collect();
    let playlist_path = files.iter().find(|f| f.ends_with("index.m3u8")).expect("a playlist");
    let mp4_path = files.iter().find(|f| f.ends_with("recording.mp4")).expect("an MP4");
    let (status, headers, playlist) = fetch(server, playlist_path, None).await;
    assert_eq!(status, 200);
    assert_eq!(headers.get("content-type").unwrap(), "application/vnd.apple.mpegurl");
    let playlist = String::from_utf8(playlist.to_vec()).unwrap();
    let dir = TempDir::new("rec");
    let base = server.url(playlist_path.trim_end_matches("/index.m3u8"));
    download_hls(&playlist, &base, &dir.0).await;
    let (status, _, mp4) = fetch(server, mp4_path, None).await;
    assert_eq!(status, 200);
    let head = awc::Client::default().head(server.url(mp4_path)).send().await.expect("HEAD");
    assert_eq!(head.status().as_u16(), 200, "HEAD, as tools probe");
    let mp4_file = dir.0.join("recording.mp4");
    std::fs::write(&mp4_file, &mp4).unwrap();
    // Byte ranges, as players seek.
    let (status, headers, part) = fetch(server, mp4_path, Some("bytes=0-1023")).await;
    assert_eq!((status, part.len()), (206, 1024));
    assert_eq!(headers.get("content-range").unwrap().to_str().unwrap(), format!("bytes 0-1023/{}", mp4.len()));
    (playlist, dir, mp4_file)
}

#[actix_web::test]
async fn a_recorded_stream_is_a_vod_playlist_and_one_mp4() {
    let hooks = common::hooks::Receiver::start(0);
    let server = Server::start(&config(&hooks.url, 2));
    create_rec_room(&server, "rec1").await;
    let stream = format!("{REC_APP}_rec1_anchor_main");
    publish(&server, &stream, 8);
    let event = finished(&hooks).await;
    assert_eq!((event["roomID"].as_str(), event["data"]["streamID"].as_str()), (Some("rec1"), Some(stream.as_str())));
    assert_eq!((event["data"]["state"].as_str(), event["data"]["publications"].as_u64()), (Some("finished"), Some(1)));
    let recorded = event["data"]["durationSecs"].as_f64().unwrap();
    assert!((recorded - 8.0).abs() < 1.0, "recorded {recorded} s of 8");

    let (playlist, dir, mp4) = download(&server, &event).await;
    assert!(playlist.contains("#EXT-X-PLAYLIST-TYPE:VOD") && playlist.ends_with("#EXT-X-ENDLIST\n"), "{playlist}");
    let probe = ffprobe(&dir.0.join("index.m3u8"));
    probe.assert_h264_aac("the VOD playlist", (640, 360), 6.5);
    let (v, a) = (probe.dts("video"), probe.dts("audio"));
    assert!((v[0] - a[0]).abs() < 0.1 && (v[v.len() - 1] - a[a.len() - 1]).abs() < 0.15, "A/V: {v:?} / {a:?}");
    let mp4_probe = format_probe(&mp4);
    let seconds = duration(&mp4_probe);
    assert!((seconds - 8.0).abs() < 1.0, "the MP4 lasts {seconds} s: {mp4_probe}");
    ffprobe(&mp4).assert_h264_aac("the MP4", (640, 360), 6.5);

    // Listed (anyone may list, like the rooms), then deleted by the administrator only.
    let (status, body) = server.get(&format!("/api/recordings?sdkappid={REC_APP}&roomID=rec1")).await;
    assert_eq!(status, 200, "{body}");
    let listed: Value = serde_json::from_str(&body).unwrap();
    let rec = &listed["recordings"][0];
    assert_eq!(rec["id"], event["data"]["recordingID"]);
    assert_eq!(rec["playlist"].as_str().unwrap(), event["data"]["files"][0].as_str().unwrap());
    let id = rec["id"].as_str().unwrap();
    let delete = |user: &'static str| {
        let sig = liveroom_auth::usersig::sign(REC_APP, REC_SECRET, user, now(), 3600);
        format!("/api/admin/recordings/{stream}/{id}?sdkappid={REC_APP}&identifier={user}&usersig={sig}")
    };
    let (status, _) = server.send_json("DELETE", &delete("anchor"), json!({})).await;
    assert_ne!(status, 200, "only the administrator deletes");
    let (status, body) = server.send_json("DELETE", &delete(ADMIN), json!({})).await;
    assert_eq!(status, 200, "{body}");
    let (status, _, _) = fetch(&server, event["data"]["files"][0].as_str().unwrap(), None).await;
    assert_eq!(status, 404, "gone");
    for bad in [format!("/vod/{REC_APP}/{stream}/{id}/meta.json"), format!("/vod/{REC_APP}/..%2F..%2Fetc/x/passwd")] {
        assert_eq!(fetch(&server, &bad, None).await.0, 404, "{bad}");
    }
}

#[actix_web::test]
async fn a_publisher_that_reconnects_within_the_gap_continues_the_recording() {
    let hooks = common::hooks::Receiver::start(0);
    let server = Server::start(&config(&hooks.url, 6));
    create_rec_room(&server, "rec2").await;
    let stream = format!("{REC_APP}_rec2_anchor_main");
    publish(&server, &stream, 5);
    // The encoder restarts (a crash, a network change): the same stream id again.
    publish(&server, &stream, 5);
    let event = finished(&hooks).await;
    assert_eq!(event["data"]["publications"], 2, "{event}");
    assert_eq!(hooks.accepted("recording.finished").len(), 1, "one recording, not two");
    let (playlist, dir, mp4) = download(&server, &event).await;
    assert_eq!(playlist.matches("#EXT-X-DISCONTINUITY").count(), 1, "{playlist}");
    let probe = ffprobe(&dir.0.join("index.m3u8"));
    let video = probe.dts("video");
    assert!(video.len() > 200, "both runs are in the playlist: {} frames", video.len());
    // One MP4 with continuous time: about 10 s, decode times only going forward.
    let mp4_probe = ffprobe(&mp4);
    mp4_probe.assert_h264_aac("the joined MP4", (640, 360), 8.5);
    let seconds = duration(&format_probe(&mp4));
    let recorded = event["data"]["durationSecs"].as_f64().unwrap();
    assert!((seconds - recorded).abs() < 1.0 && seconds > 8.0, "MP4 {seconds} s, recorded {recorded} s");
}

/// An app that does not record everything: the administrator starts recording a room
/// while its stream is live and stops it; the recording finishes at once (not after the
/// gap, the stream still live) with what was recorded in between. Only the administrator
/// may, and a stream that is not live is refused.
#[actix_web::test]
async fn the_administrator_starts_and_stops_recording_a_room() {
    let hooks = common::hooks::Receiver::start(0);
    let server = Server::start(&format!(
        "[rtmp]\nlisten = \"127.0.0.1:0\"\n\n[recording]\nreconnect_gap_secs = 30\n\n[[webhooks]]\nurl = \"{}/rec\"\n",
        hooks.url
    ));
    create_room(&server, "anchor", "rec3").await;
    let stream = format!("{APP}_rec3_anchor_main");
    let url = format!("{}/{stream}?userid=anchor&usersig={}", server.rtmp.as_deref().unwrap(), sig("anchor"));
    let encoder = Command::new("ffmpeg")
        .args(["-hide_banner", "-loglevel", "error", "-re"])
        .args(["-f", "lavfi", "-i", "testsrc2=size=640x360:rate=30", "-f", "lavfi", "-i", "sine=frequency=440"])
        .args(["-t", "20", "-c:v", "libx264", "-preset", "ultrafast", "-tune", "zerolatency", "-g", "30"])
        .args(["-pix_fmt", "yuv420p", "-c:a", "aac", "-f", "flv", &url])
        .stdin(Stdio::null())
        .spawn()
        .expect("ffmpeg runs");
    let _encoder = ChildGuard::new(encoder);
    wait_until("the stream is packaged", Duration::from_secs(15), || async {
        server.get(&format!("/live/{stream}.m3u8")).await.0 == 200
    })
    .await;
    let switch = |user: &str, what: &str| {
        format!("/api/admin/recordings{what}?sdkappid={APP}&identifier={user}&usersig={}", sig(user))
    };
    let (status, _) = server.send_json("POST", &switch("anchor", ""), json!({ "roomID": "rec3" })).await;
    assert_ne!(status, 200, "only the administrator starts recordings");
    let (status, body) = server
        .send_json("POST", &switch(ADMIN, ""), json!({ "roomID": "rec3", "streamID": format!("{APP}_rec3_x_main") }))
        .await;
    assert_ne!(status, 200, "a stream that is not live: {body}");
    let (status, body) = server.send_json("POST", &switch(ADMIN, ""), json!({ "roomID": "rec3" })).await;
    assert_eq!((status, body["streams"][0].as_str()), (200, Some(stream.as_str())), "{body}");
    tokio::time::sleep(Duration::from_secs(4)).await;
    let stopped_at = std::time::Instant::now();
    let (status, body) = server.send_json("POST", &switch(ADMIN, "/stop"), json!({ "roomID": "rec3" })).await;
    assert_eq!(status, 200, "{body}");
    let event = finished(&hooks).await;
    assert!(stopped_at.elapsed() < Duration::from_secs(10), "finished at once, not after the 30 s gap");
    let seconds = event["data"]["durationSecs"].as_f64().unwrap();
    assert!((2.0..7.0).contains(&seconds), "recorded between start and stop: {seconds} s");
    assert_eq!(event["data"]["state"], "finished");
    let (_, dir, mp4) = download(&server, &event).await;
    ffprobe(&dir.0.join("index.m3u8")).assert_h264_aac("the VOD playlist", (640, 360), 1.5);
    ffprobe(&mp4).assert_h264_aac("the MP4", (640, 360), 1.5);
}
