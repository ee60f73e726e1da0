//! The CDN relay end to end: an independent WebRTC client (aiortc) publishes H.264 + Opus
//! over WHIP into a running `liveroom serve`; the origin serves it as LL-HLS and HTTP-FLV,
//! and ffprobe (no code of ours) must read both with the published codecs and size and
//! monotonic timestamps. Also: blocking playlist reload, caching headers, ETag and ranges,
//! CORS, the end of a stream (EXT-X-ENDLIST, FLV closed), and bad paths answering 404.

mod common;

use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::probe::ffprobe;
use common::*;
use futures_util::StreamExt;

fn publish(server: &Server, room: &str, seconds: u32) -> ChildGuard {
    let script = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/interop/aiortc_whip_whep.py");
    let child = Command::new(python())
        .arg(script)
        .args(["--server", &server.url(""), "--sdkappid", &APP.to_string(), "--room", room])
        .args(["--seconds", &seconds.to_string(), "--codec", "h264"])
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .spawn()
        .expect("run the aiortc client (scripts/test-all.sh installs aiortc into target/pyenv)");
    ChildGuard::new(child)
}

async fn get(url: &str, headers: &[(&str, &str)]) -> (u16, awc::http::header::HeaderMap, bytes::Bytes) {
    let client = awc::Client::builder().timeout(Duration::from_secs(15)).finish();
    let mut req = client.get(url);
    for (k, v) in headers {
        req = req.insert_header((*k, *v));
    }
    let mut res = req.send().await.expect("GET");
    let body = res.body().limit(64 << 20).await.expect("body");
    (res.status().as_u16(), res.headers().clone(), body)
}

fn header<'a>(h: &'a awc::http::header::HeaderMap, name: &str) -> &'a str {
    h.get(name).and_then(|v| v.to_str().ok()).unwrap_or("")
}

/// The `(msn, part)` of the playlist's preload hint.
fn preload_hint(playlist: &str) -> Option<(u64, u32)> {
    let line = playlist.lines().find(|l| l.starts_with("#EXT-X-PRELOAD-HINT:"))?;
    let uri = line.split("URI=\"").nth(1)?.trim_end_matches('"');
    let (_, name) = uri.rsplit_once('-')?;
    let (msn, part) = name.trim_end_matches(".m4s").split_once('.')?;
    Some((msn.parse().ok()?, part.parse().ok()?))
}

#[actix_web::test]
async fn a_webrtc_stream_is_served_as_ll_hls_and_flv() {
    let server = Server::start("");
    let room = "7101";
    let stream = format!("{APP}_{room}_anchor_main");
    let mut publisher = publish(&server, room, 14);
    let m3u8 = server.url(&format!("/live/{stream}.m3u8"));
    let flv_url = server.url(&format!("/live/{stream}.flv"));

    // The playlist appears once the stream is live and the first part is packaged.
    let deadline = Instant::now() + Duration::from_secs(40);
    let playlist = loop {
        let (status, headers, body) = get(&m3u8, &[("Origin", "http://player.example")]).await;
        if status == 200 {
            assert_eq!(header(&headers, "content-type"), "application/vnd.apple.mpegurl");
            assert_eq!(header(&headers, "cache-control"), "public, max-age=1");
            assert_eq!(header(&headers, "access-control-allow-origin"), "*", "players on other origins");
            break String::from_utf8(body.to_vec()).unwrap();
        }
        assert!(matches!(status, 404), "unexpected status {status} while waiting for the playlist");
        assert!(Instant::now() < deadline, "no playlist within 40 s");
        actix_web::rt::time::sleep(Duration::from_millis(250)).await;
    };
    for tag in [
        "#EXT-X-PART-INF:PART-TARGET=",
        "#EXT-X-SERVER-CONTROL:CAN-BLOCK-RELOAD=YES",
        "#EXT-X-MAP:URI=",
        "#EXT-X-PRELOAD-HINT:TYPE=PART",
    ] {
        assert!(playlist.contains(tag), "{tag} missing:\n{playlist}");
    }

    // Blocking reload: ask for the hinted part; the answer waits for it and lists it.
    let (msn, part) = preload_hint(&playlist).expect("a preload hint");
    let asked = Instant::now();
    let (status, _, body) = get(&format!("{m3u8}?_HLS_msn={msn}&_HLS_part={part}"), &[]).await;
    let waited = asked.elapsed();
    let text = String::from_utf8_lossy(&body);
    assert_eq!(status, 200, "{text}");
    assert!(text.contains(&format!("-{msn}.{part}.m4s")), "the blocked playlist has the part:\n{text}");
    assert!(waited < Duration::from_secs(2), "a 200 ms part took {waited:?}");
    // The preload-hinted part itself blocks until published, then is immutable media.
    let uri = |name: &str| server.url(&format!("/live/{name}"));
    let hinted = preload_hint(&text).unwrap();
    let prefix = text.split("#EXT-X-MAP:URI=\"").nth(1).unwrap().split("init").next().unwrap().to_owned();
    let (status, headers, part_bytes) = get(&uri(&format!("{prefix}{}.{}.m4s", hinted.0, hinted.1)), &[]).await;
    assert_eq!(status, 200);
    assert!(part_bytes.len() > 100 && &part_bytes[4..8] == b"moof", "a part is a CMAF fragment");
    assert_eq!(header(&headers, "cache-control"), "public, max-age=31536000, immutable");
    // Refusals of the blocking protocol.
    let (status, _, _) = get(&format!("{m3u8}?_HLS_msn={}", msn + 10), &[]).await;
    assert_eq!(status, 400, "too far ahead");
    let (status, _, _) = get(&format!("{m3u8}?_HLS_part=1"), &[]).await;
    assert_eq!(status, 400, "part without msn");

    // Init segment: ETag revalidation and byte ranges.
    let init = uri(&format!("{prefix}init0.mp4"));
    let (status, headers, body) = get(&init, &[]).await;
    assert_eq!((status, &body[4..8]), (200, &b"ftyp"[..]));
    let etag = header(&headers, "etag").to_owned();
    assert!(!etag.is_empty());
    let (status, _, _) = get(&init, &[("If-None-Match", &etag)]).await;
    assert_eq!(status, 304);
    let (status, headers, slice) = get(&init, &[("Range", "bytes=0-99")]).await;
    assert_eq!((status, slice.len()), (206, 100));
    assert_eq!(header(&headers, "content-range"), format!("bytes 0-99/{}", body.len()));
    let (status, _, _) = get(&init, &[("Range", "bytes=99999999-")]).await;
    assert_eq!(status, 416, "unsatisfiable");
    let (status, _, whole) = get(&init, &[("Range", "pages=1-2")]).await;
    assert_eq!((status, whole.len()), (200, body.len()), "a malformed Range is ignored");

    // Bad names: never a file, always 404.
    for bad in [
        "/live/nosuch_main.m3u8".to_owned(),
        "/live/..%2F..%2Fetc%2Fpasswd.m3u8".to_owned(),
        format!("/live/{stream}/..%2F..%2Fetc%2Fpasswd"),
        format!("/live/{stream}/0000-1.m4s"),
        format!("/live/{stream}.mp4"),
        format!("/live/{stream}/{}", "9".repeat(300)),
    ] {
        let (status, _, _) = get(&server.url(&bad), &[]).await;
        assert_eq!(status, 404, "{bad}");
    }

    // HTTP-FLV: the first bytes come at once (GOP cache), then it streams.
    let client = awc::Client::builder().timeout(Duration::from_secs(60)).finish();
    let asked = Instant::now();
    let mut res = client.get(&flv_url).send().await.expect("FLV GET");
    assert_eq!(res.status().as_u16(), 200);
    assert_eq!(header(res.headers(), "content-type"), "video/x-flv");
    let mut flv = Vec::new();
    let mut first_byte = None;
    let read_until = Instant::now() + Duration::from_secs(5);
    while Instant::now() < read_until {
        match actix_web::rt::time::timeout(Duration::from_secs(2), res.next()).await {
            Ok(Some(Ok(chunk))) => {
                first_byte.get_or_insert(asked.elapsed());
                flv.extend_from_slice(&chunk);
            }
            Ok(other) => panic!("FLV ended early: {other:?}"),
            Err(_) => panic!("FLV stalled"),
        }
    }
    assert!(flv.starts_with(b"FLV\x01\x05"), "FLV header with audio and video");
    assert!(first_byte.unwrap() < Duration::from_secs(1), "FLV starts at once: {first_byte:?}");
    let dir = TempDir::new("cdn");
    std::fs::write(dir.0.join("live.flv"), &flv).unwrap();
    ffprobe(&dir.0.join("live.flv")).assert_h264_aac("HTTP-FLV", (640, 360), 3.0);

    // The publisher leaves: the FLV response ends and the playlist gets EXT-X-ENDLIST.
    let deadline = Instant::now() + Duration::from_secs(40);
    while publisher.child().try_wait().unwrap().is_none() {
        assert!(Instant::now() < deadline, "the aiortc client did not finish");
        actix_web::rt::time::sleep(Duration::from_millis(200)).await;
    }
    assert!(publisher.child().wait().unwrap().success(), "the aiortc client failed");
    let flv_end =
        actix_web::rt::time::timeout(Duration::from_secs(10), async { while let Some(Ok(_)) = res.next().await {} })
            .await;
    assert!(flv_end.is_ok(), "the FLV response did not end with the stream");
    let deadline = Instant::now() + Duration::from_secs(10);
    let ended = loop {
        let (_, _, body) = get(&m3u8, &[]).await;
        let text = String::from_utf8(body.to_vec()).unwrap();
        if text.contains("#EXT-X-ENDLIST") {
            break text;
        }
        assert!(Instant::now() < deadline, "no EXT-X-ENDLIST after the stream ended:\n{text}");
        actix_web::rt::time::sleep(Duration::from_millis(200)).await;
    };

    // The whole window as a player would fetch it, judged by ffprobe.
    let (index, segments) = common::probe::download_hls(&ended, &server.url("/live"), &dir.0).await;
    assert!(segments >= 5, "{segments} segments:\n{ended}");
    ffprobe(&index).assert_h264_aac("LL-HLS", (640, 360), segments as f64 * 0.8);

    // The metrics saw it.
    let (_, metrics) = server.get("/metrics").await;
    for name in
        ["liveroom_cdn_segments_total", "liveroom_cdn_parts_total", "liveroom_cdn_bytes_served_total{format=\"flv\"}"]
    {
        let value: f64 = metrics
            .lines()
            .find(|l| l.starts_with(name))
            .and_then(|l| l.rsplit(' ').next()?.parse().ok())
            .unwrap_or_else(|| panic!("{name} missing"));
        assert!(value > 0.0, "{name} = {value}");
    }
}

/// An app with `cdn_relay = false` gets WebRTC only: its streams never appear on the origin.
#[actix_web::test]
async fn an_app_without_cdn_relay_is_not_packaged() {
    const QUIET_APP: u64 = 1_400_000_002;
    let server = Server::start(&format!(
        "[[apps]]\nsdkappid = {QUIET_APP}\nsecret = \"another-test-secret-0123456789\"\ncdn_relay = false\n"
    ));
    let script = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/interop/aiortc_whip_whep.py");
    let mut publisher = ChildGuard::new(
        Command::new(python())
            .arg(script)
            .args(["--server", &server.url(""), "--sdkappid", &QUIET_APP.to_string(), "--room", "7102"])
            .args(["--seconds", "5", "--codec", "h264"])
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .spawn()
            .expect("run the aiortc client"),
    );
    let m3u8 = server.url(&format!("/live/{QUIET_APP}_7102_anchor_main.m3u8"));
    let deadline = Instant::now() + Duration::from_secs(40);
    // While it is published and played over WebRTC, the origin has nothing.
    while publisher.child().try_wait().unwrap().is_none() {
        assert!(Instant::now() < deadline, "the aiortc client did not finish");
        let (status, _, _) = get(&m3u8, &[]).await;
        assert_eq!(status, 404, "relay is off for this app");
        actix_web::rt::time::sleep(Duration::from_millis(300)).await;
    }
    assert!(publisher.child().wait().unwrap().success(), "the WebRTC path itself works for this app");
    let (_, metrics) = server.get("/metrics").await;
    assert!(metrics.lines().any(|l| l == "liveroom_cdn_parts_total 0"), "nothing was packaged");
}
