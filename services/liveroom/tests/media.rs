//! The WebRTC media plane against a running `liveroom serve`: interop with an independent
//! WebRTC stack (aiortc from PyPI) over WHIP / WHEP, and bad input on every media surface
//! (HTTP signalling, WebSocket signalling, raw UDP) refused cleanly without hurting others.

mod common;

use std::path::PathBuf;
use std::process::Command;
use std::time::Duration;

use common::ice::*;
use common::*;
use serde_json::json;

#[test]
fn aiortc_publishes_over_whip_and_plays_over_whep() {
    let server = Server::start("");
    let script = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/interop/aiortc_whip_whep.py");
    let out = Command::new(python())
        .arg(script)
        .args(["--server", &server.url(""), "--sdkappid", &APP.to_string(), "--room", "7001", "--seconds", "4"])
        .output()
        .expect("run the aiortc client (scripts/test-all.sh installs aiortc into target/pyenv)");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "aiortc client failed:\n{stdout}\n{}", String::from_utf8_lossy(&out.stderr));
    let report: serde_json::Value = serde_json::from_str(stdout.lines().last().unwrap_or("{}")).expect("JSON report");
    assert_eq!(report["published_codec"], "H264", "{report}");
    assert_eq!(report["played_codec"], "H264", "{report}");
    assert!(report["video_frames"].as_u64().unwrap_or(0) >= 30, "{report}");
    assert_eq!((report["width"].as_u64(), report["height"].as_u64()), (Some(640), Some(360)), "{report}");
    assert!(report["audio_frames"].as_u64().unwrap_or(0) > 0, "{report}");
    // aiortc offered RTX: the answer names the stream retransmissions go on.
    assert_eq!(report["whep_rtx_ssrc_group"].as_array().map(Vec::len), Some(2), "{report}");
}

/// A media socket bound to every interface (`--udp 0.0.0.0:0`, no `media.advertise`)
/// announces the machine's own addresses, each on the bound port, UDP ranked above ICE-TCP,
/// and never the unspecified address (which reaches nobody).
#[actix_web::test]
async fn a_media_port_bound_to_every_interface_never_announces_0_0_0_0() {
    let server = Server::start_with(&["serve", "--udp", "0.0.0.0:0"], "");
    create_room(&server, "anchor", "37").await;
    let whip = format!("/whip?sdkappid={APP}&roomid=37&userid=anchor");
    let (status, _, answer) = server.post_sdp(&whip, "application/sdp", Some(&sig("anchor")), &h264_offer()).await;
    assert_eq!(status, 201, "{answer}");
    let candidates: Vec<Vec<&str>> =
        answer.lines().filter_map(|l| l.strip_prefix("a=candidate:")).map(|c| c.split_whitespace().collect()).collect();
    assert!(!candidates.is_empty(), "{answer}");
    let port = server.media.rsplit(':').next().unwrap_or_default();
    assert_ne!(port, "0", "the bound port, not the configured 0");
    for c in &candidates {
        let ip: std::net::IpAddr = c[4].parse().expect("an IP address");
        assert!(!ip.is_unspecified(), "{c:?} in {answer}");
        assert_eq!(c[5], port, "{c:?}");
    }
    let priority = |c: &Vec<&str>| c[3].parse::<u32>().expect("priority");
    let lowest_udp = candidates.iter().filter(|c| c[2].eq_ignore_ascii_case("udp")).map(priority).min();
    let highest_tcp = candidates.iter().filter(|c| c[2].eq_ignore_ascii_case("tcp")).map(priority).max();
    assert!(lowest_udp > highest_tcp, "{answer}");
    let rtp: Vec<&Vec<&str>> = candidates.iter().filter(|c| c[1] == "1").collect();
    let mut priorities: Vec<u32> = rtp.iter().map(|c| priority(c)).collect();
    priorities.sort_unstable();
    priorities.dedup();
    assert_eq!(priorities.len(), rtp.len(), "each candidate its own priority: {answer}");
}

/// The room list tells the truth: a room where someone streams comes first, says `live`,
/// names its stream and a thumbnail of it (a JPEG of the latest keyframe, served at
/// `/live/<stream>.jpg`); an idle room does not; `live=true` / `live=false` list each kind
/// apart; and when the stream stops the room is idle again.
#[test]
fn the_room_list_shows_live_rooms_first_with_a_thumbnail() {
    // Stream starts and stops also reach the operator's backend (webhooks).
    let hooks = hooks::Receiver::start(0);
    let server = Server::start(&format!("[[webhooks]]\nurl = \"{}/streams\"\n", hooks.url));
    let system = actix_web::rt::System::new();
    system.block_on(create_room(&server, "idle-owner", "7010"));
    // aiortc creates room 7011 and streams 640x360 into it as "anchor" for 10 s.
    let script = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/interop/aiortc_whip_whep.py");
    let mut publisher = Command::new(python())
        .arg(script)
        .args(["--server", &server.url(""), "--sdkappid", &APP.to_string(), "--room", "7011", "--seconds", "10"])
        .stdout(std::process::Stdio::null())
        .spawn()
        .expect("run the aiortc client (scripts/test-all.sh installs aiortc into target/pyenv)");
    let list = |query: &'static str| {
        let server = &server;
        async move {
            let (status, body) = server.get(&format!("/api/rooms?sdkappid={APP}{query}")).await;
            assert_eq!(status, 200, "{body}");
            let v: serde_json::Value = serde_json::from_str(&body).expect("JSON");
            v["rooms"].as_array().cloned().unwrap_or_default()
        }
    };
    system.block_on(async {
        wait_until("room 7011 is listed first, live", Duration::from_secs(30), || async {
            let rooms = list("").await;
            rooms.first().is_some_and(|r| r["roomId"] == "7011" && r["live"] == true)
        })
        .await;
        let rooms = list("").await;
        let stream = format!("{APP}_7011_anchor_main");
        assert_eq!(rooms[0]["streams"][0]["streamID"], stream.as_str(), "{rooms:?}");
        assert_eq!(rooms[0]["streams"][0]["userID"], "anchor");
        assert_eq!(rooms[0]["thumbnail"], format!("/live/{stream}.jpg").as_str());
        let idle = rooms.iter().find(|r| r["roomId"] == "7010").expect("the idle room is listed");
        assert_eq!(idle["live"], false, "{idle}");
        assert!(idle.get("thumbnail").is_none(), "{idle}");
        let live_only = list("&live=true").await;
        assert_eq!(live_only.iter().map(|r| r["roomId"].clone()).collect::<Vec<_>>(), vec![json!("7011")]);
        let idle_only = list("&live=false").await;
        assert!(idle_only.iter().all(|r| r["live"] == false) && idle_only.iter().any(|r| r["roomId"] == "7010"));

        // The thumbnail: a JPEG of the 640x360 picture, shrunk to at most 480 wide.
        let jpeg = std::rc::Rc::new(std::cell::RefCell::new(Vec::new()));
        wait_until("a thumbnail", Duration::from_secs(10), || {
            let (jpeg, url) = (jpeg.clone(), server.url(&format!("/live/{stream}.jpg")));
            async move {
                let Ok(mut res) = awc::Client::default().get(url).send().await else { return false };
                let ok = res.status() == 200
                    && res.headers().get("content-type").is_some_and(|v| v == "image/jpeg")
                    && res.headers().get("cache-control").is_some_and(|v| v.to_str().unwrap_or("").contains("max-age"));
                *jpeg.borrow_mut() = res.body().limit(1 << 20).await.map(|b| b.to_vec()).unwrap_or_default();
                ok
            }
        })
        .await;
        let jpeg = jpeg.borrow().clone();
        assert_eq!(&jpeg[..2], &[0xff, 0xd8], "a JPEG");
        let sof = jpeg.windows(2).position(|w| w == [0xff, 0xc0]).expect("a baseline JPEG frame header");
        let height = u16::from_be_bytes([jpeg[sof + 5], jpeg[sof + 6]]);
        let width = u16::from_be_bytes([jpeg[sof + 7], jpeg[sof + 8]]);
        assert_eq!((width, height), (320, 180));
        // No stream, no thumbnail.
        assert_eq!(server.get(&format!("/live/{APP}_7010_idle-owner_main.jpg")).await.0, 404);
    });
    let status = publisher.wait().expect("the publisher ends");
    assert!(status.success(), "the aiortc publisher failed");
    let stream = format!("{APP}_7011_anchor_main");
    let started = hooks.accepted("stream.started");
    assert_eq!(started.len(), 1, "{:?}", hooks.seen());
    assert_eq!(
        (started[0].json["roomID"].as_str(), started[0].json["data"]["streamID"].as_str()),
        (Some("7011"), Some(stream.as_str()))
    );
    assert_eq!(started[0].json["data"]["userID"], "anchor");
    system.block_on(async {
        wait_until("stream.stopped", Duration::from_secs(15), || async {
            !hooks.accepted("stream.stopped").is_empty()
        })
        .await;
        let stopped = &hooks.accepted("stream.stopped")[0];
        assert_eq!(stopped.json["data"]["streamID"], stream.as_str());
        let secs = stopped.json["data"]["durationSecs"].as_u64().expect("durationSecs");
        assert!((7..=11).contains(&secs), "streamed about 10 s: {secs}");
        wait_until("room 7011 is idle again", Duration::from_secs(15), || async {
            list("&live=true").await.is_empty()
        })
        .await;
    });
}

/// RFC 7675: consent to send lasts 30 s after the last check. A client that checks every
/// 5–6 s (aiortc's own default is 4–6 s) must get the stream as sent: no flapping to
/// "disconnected" and back, no stall until the next keyframe after each check.
#[test]
fn peers_checking_consent_every_5_to_6_s_get_every_frame() {
    let server = Server::start("");
    let script = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/interop/aiortc_whip_whep.py");
    let out = Command::new(python())
        .arg(script)
        .args(["--server", &server.url(""), "--sdkappid", &APP.to_string(), "--room", "7002"])
        .args(["--seconds", "20", "--consent-interval", "5,6"])
        .output()
        .expect("run the aiortc client (scripts/test-all.sh installs aiortc into target/pyenv)");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "aiortc client failed:\n{stdout}\n{}", String::from_utf8_lossy(&out.stderr));
    let report: serde_json::Value = serde_json::from_str(stdout.lines().last().unwrap_or("{}")).expect("JSON report");
    // The publisher sends 30 frames a second; a stall waiting for a keyframe lasts seconds.
    let gap = report["longest_video_gap_s"].as_f64().expect("longest_video_gap_s");
    assert!(gap < 0.5, "video stalled for {gap} s: {report}");
    let fps = report["video_fps"].as_f64().expect("video_fps");
    assert!(fps >= 27.0, "{fps} frames per second: {report}");
    let metrics = actix_web::rt::System::new().block_on(async { server.get("/metrics").await.1 });
    assert_eq!(metric(&metrics, r#"liveroom_media_peer_states_total{state="disconnected"}"#), 0.0, "{report}");
    assert_eq!(metric(&metrics, r#"liveroom_media_peer_states_total{state="connected"}"#), 2.0, "{report}");
}

#[actix_web::test]
async fn whip_and_whep_refuse_bad_requests_with_codes() {
    let server = Server::start("");
    create_room(&server, "anchor", "31").await;
    let anchor = sig("anchor");
    let whip = format!("/whip?sdkappid={APP}&roomid=31&userid=anchor");
    // No token, wrong token, wrong content type, garbage SDP, an offer with no usable codec.
    let (status, _, body) = server.post_sdp(&whip, "application/sdp", None, "v=0").await;
    assert_eq!(status, 401, "{body}");
    let (status, _, body) = server.post_sdp(&whip, "application/sdp", Some("garbage"), "v=0").await;
    assert_eq!(status, 401, "{body}");
    assert!(body.contains("70003"), "{body}");
    let (status, _, body) = server.post_sdp(&whip, "text/plain", Some(&anchor), "v=0").await;
    assert_eq!((status, body.contains("60024")), (415, true), "{body}");
    let (status, _, body) = server.post_sdp(&whip, "application/sdp", Some(&anchor), "this is not sdp").await;
    assert_eq!((status, body.contains("60020")), (400, true), "{body}");
    let (status, _, body) = server.post_sdp(&whip, "application/sdp", Some(&anchor), OFFER_NO_CODEC).await;
    assert_eq!(status, 400, "{body}");
    assert!(body.contains("60021") || body.contains("60020"), "{body}");
    // Only the room's owner (and the publishers it allowed) publishes; unknown rooms are 404.
    let (status, _, body) = server
        .post_sdp(
            &format!("/whip?sdkappid={APP}&roomid=31&userid=mallory"),
            "application/sdp",
            Some(&sig("mallory")),
            "v=0",
        )
        .await;
    assert_eq!((status, body.contains("60027")), (403, true), "{body}");
    let (status, _, body) = server
        .post_sdp(&format!("/whip?sdkappid={APP}&roomid=404&userid=anchor"), "application/sdp", Some(&anchor), "v=0")
        .await;
    assert_eq!((status, body.contains("10015")), (404, true), "{body}");
    // Nothing to play yet.
    let (status, _, body) = server
        .post_sdp(
            &format!("/whep?sdkappid={APP}&roomid=31&userid=viewer"),
            "application/sdp",
            Some(&sig("viewer")),
            "v=0",
        )
        .await;
    assert_eq!((status, body.contains("60022")), (404, true), "{body}");
    // Oversized offers are refused before parsing.
    let huge = "a".repeat(70 * 1024);
    let (status, _, _) = server.post_sdp(&whip, "application/sdp", Some(&anchor), &huge).await;
    assert!(status == 400 || status == 413, "oversized offer: {status}");
    let (status, _) = server.send_json("DELETE", "/whip/0123456789abcdef0123456789abcdef", json!(null)).await;
    assert_eq!(status, 404);
    let (status, _) = server.send_json("PATCH", "/whip/0123456789abcdef0123456789abcdef", json!(null)).await;
    assert_eq!(status, 404);
    let (_, metrics) = server.get("/metrics").await;
    for reason in ["no_media", "no_usable_codec"] {
        assert!(metrics.contains(&format!("liveroom_media_offers_refused_total{{reason=\"{reason}\"}}")), "{reason}");
    }
}

async fn patch(server: &Server, path: &str, content_type: &str, if_match: Option<&str>, body: &str) -> (u16, String) {
    let (status, body, _) = patch_with_tag(server, path, content_type, if_match, body).await;
    (status, body)
}

/// `PATCH`, answering the status, the body and the `ETag`.
async fn patch_with_tag(
    server: &Server,
    path: &str,
    content_type: &str,
    if_match: Option<&str>,
    body: &str,
) -> (u16, String, Option<String>) {
    // The resources these tests patch are the anchor's: its UserSig is the credential.
    let mut req = awc::Client::default()
        .patch(server.url(path))
        .insert_header(("Content-Type", content_type))
        .insert_header(("Authorization", format!("Bearer {}", sig("anchor"))));
    if let Some(tag) = if_match {
        req = req.insert_header(("If-Match", tag));
    }
    let mut res = req.send_body(body.to_owned()).await.expect("PATCH");
    let bytes = res.body().await.expect("body");
    let etag = res.headers().get("ETag").and_then(|v| v.to_str().ok()).map(str::to_owned);
    (res.status().as_u16(), String::from_utf8_lossy(&bytes).into_owned(), etag)
}

/// `DELETE` with an optional bearer UserSig; answers the status.
async fn delete(server: &Server, path: &str, bearer: Option<&str>) -> u16 {
    let mut req = awc::Client::default().delete(server.url(path));
    if let Some(token) = bearer {
        req = req.insert_header(("Authorization", format!("Bearer {token}")));
    }
    req.send().await.expect("DELETE").status().as_u16()
}

/// Trickle ICE and ICE restarts over WHIP `PATCH` (RFC 9725 §4.3): candidates are
/// acknowledged, a wrong entity tag is 412, new credentials restart ICE (200, the
/// server's new credentials, a new entity tag; the old ufrag stops reaching the session),
/// bad fragments 400.
#[actix_web::test]
async fn whip_patch_takes_trickled_candidates_and_restarts_ice() {
    let server = Server::start("");
    create_room(&server, "anchor", "35").await;
    let whip = format!("/whip?sdkappid={APP}&roomid=35&userid=anchor");
    let (status, location, answer) =
        server.post_sdp(&whip, "application/sdp", Some(&sig("anchor")), &h264_offer()).await;
    assert_eq!(status, 201, "{answer}");
    let resource = location.expect("Location");
    // The server's candidates: UDP, and ICE-TCP (passive) on the same port number, ranked
    // below UDP so that clients use TCP only when UDP fails.
    let candidates: Vec<Vec<&str>> =
        answer.lines().filter_map(|l| l.strip_prefix("a=candidate:")).map(|c| c.split_whitespace().collect()).collect();
    let udp = candidates.iter().find(|c| c[2].eq_ignore_ascii_case("udp")).expect("a UDP candidate");
    let tcp = candidates.iter().find(|c| c[2].eq_ignore_ascii_case("tcp")).expect("an ICE-TCP candidate");
    assert_eq!(udp[5], tcp[5], "the same port number");
    assert!(tcp.windows(2).any(|w| w == ["tcptype", "passive"]), "{tcp:?}");
    let priority = |c: &Vec<&str>| c[3].parse::<u32>().expect("priority");
    assert!(priority(udp) > priority(tcp), "UDP first: {udp:?} / {tcp:?}");
    let tag = format!("\"{}\"", resource.rsplit('/').next().unwrap_or_default());
    let trickle =
        "a=ice-ufrag:abcd\r\na=ice-pwd:abcdefghijklmnopqrstuvwx\r\nm=video 9 UDP/TLS/RTP/SAVPF 120\r\na=mid:0\r\n\
        a=candidate:1 1 udp 2122260223 127.0.0.1 50000 typ host\r\na=end-of-candidates\r\n";
    let frag = "application/trickle-ice-sdpfrag";

    assert_eq!(patch(&server, &resource, frag, Some(&tag), trickle).await.0, 204);
    assert_eq!(
        patch(&server, &resource, frag, None, "a=candidate:2 1 tcp 1 127.0.0.1 9 typ host tcptype active\r\n").await.0,
        204
    );
    let (status, body) = patch(&server, &resource, "application/sdp", Some(&tag), trickle).await;
    assert_eq!((status, body.contains("60024")), (415, true), "{body}");
    assert_eq!(patch(&server, &resource, frag, Some("\"someone-else\""), trickle).await.0, 412);
    let (status, body) =
        patch(&server, &resource, frag, Some(&tag), "a=candidate:1 1 udp x 127.0.0.1 9 typ host\r\n").await;
    assert_eq!((status, body.contains("60020")), (400, true), "{body}");
    let (status, body) = patch(&server, &resource, frag, Some("*"), "a=ice-ufrag:only\r\n").await;
    assert_eq!((status, body.contains("ice-pwd")), (400, true), "half a restart: {body}");

    // The ICE restart.
    let old_ufrag = attribute(&answer, "ice-ufrag").expect("answer ufrag").to_owned();
    let old_pwd = attribute(&answer, "ice-pwd").expect("answer pwd").to_owned();
    let restart = trickle
        .replace("ice-ufrag:abcd", "ice-ufrag:wxyz")
        .replace("abcdefghijklmnopqrstuvwx", "a-brand-new-password-123");
    let (status, body, new_tag) = patch_with_tag(&server, &resource, frag, Some("*"), &restart).await;
    assert_eq!(status, 200, "{body}");
    let new_tag = new_tag.expect("a restart answers a new ETag");
    assert_ne!(new_tag, tag);
    let new_ufrag = attribute(&body, "ice-ufrag").expect("new ufrag").to_owned();
    let new_pwd = attribute(&body, "ice-pwd").expect("new pwd");
    assert!(new_ufrag != old_ufrag && new_pwd != old_pwd, "new server credentials: {body}");
    assert!(body.starts_with("a=ice-lite\r\n"), "{body}");
    assert!(body.contains("m=video 9 UDP/TLS/RTP/SAVPF 120\r\na=mid:0\r\n"), "{body}");
    let media_port = server.media.rsplit(':').next().expect("port");
    assert!(
        body.lines().any(|l| l.starts_with("a=candidate:") && l.contains(&format!(" {media_port} typ host"))),
        "the server's candidate: {body}"
    );
    assert!(body.ends_with("a=end-of-candidates\r\n"), "{body}");
    let restart_candidates: Vec<&str> = body.lines().filter(|l| l.starts_with("a=candidate:")).collect();
    let mut unique = restart_candidates.clone();
    unique.sort_unstable();
    unique.dedup();
    assert_eq!(unique.len(), restart_candidates.len(), "each candidate once: {body}");
    assert!(restart_candidates.iter().any(|c| c.contains(" tcp ")), "the ICE-TCP candidate too: {body}");
    // The old entity tag names the old ICE session; the client's new credentials are
    // the session's now (a trickle with them is no restart).
    assert_eq!(patch(&server, &resource, frag, Some(&tag), trickle).await.0, 412);
    assert_eq!(patch(&server, &resource, frag, Some(&new_tag), &restart).await.0, 204);
    // Checks with the old server ufrag no longer reach the session; with the new one they do.
    assert!(!ufrag_reaches(&server, &old_ufrag).await, "the old ufrag is unknown");
    assert!(ufrag_reaches(&server, &new_ufrag).await, "the new ufrag finds the session");
    let (_, after) = server.get("/metrics").await;
    assert_eq!(metric(&after, "liveroom_ice_restarts_total"), 1.0);
    assert_eq!(metric(&after, "liveroom_trickle_candidates_total"), 4.0, "four candidates counted");

    assert_eq!(delete(&server, &resource, None).await, 401, "DELETE needs the credential that created it");
    assert_eq!(delete(&server, &resource, Some(&sig("mallory"))).await, 401, "another user's UserSig");
    assert_eq!(delete(&server, &resource, Some(&sig("anchor"))).await, 200);
    assert_eq!(patch(&server, &resource, frag, Some(&new_tag), trickle).await.0, 404);
}

/// `restartIce` over the SDK's WebSocket: the session's own publish is restarted with the
/// client's new credentials and answered with a whole SDP answer (ICE-lite, new server
/// credentials, the same DTLS fingerprint and role, the server's candidates in every
/// section), after which only the new server ufrag reaches the session. Another session's
/// leg, an offer without credentials, and an anonymous session are refused with codes.
#[actix_web::test]
async fn websocket_ice_restart_answers_a_whole_sdp_for_the_sessions_own_leg() {
    let server = Server::start("");
    create_room(&server, "anchor", "36").await;
    let mut anchor = Client::connect(&server).await;
    anchor.ok("login", json!({ "userID": "anchor", "userSig": sig("anchor"), "scope": "rtc" })).await;
    let published = anchor.ok("publish", json!({ "roomID": "36", "sdp": h264_offer() })).await;
    let stream_id = published["streamID"].as_str().expect("streamID").to_owned();
    let first = published["sdp"].as_str().expect("answer").to_owned();
    let old_ufrag = attribute(&first, "ice-ufrag").expect("ufrag").to_owned();
    assert!(ufrag_reaches(&server, &old_ufrag).await, "the first ufrag reaches the session");

    let offer = h264_offer()
        .replace("ice-ufrag:abcd", "ice-ufrag:wxyz")
        .replace("abcdefghijklmnopqrstuvwx", "a-brand-new-password-123")
        .replace("o=- 1 2", "o=- 1 3");
    let restarted = anchor.ok("restartIce", json!({ "streamID": stream_id, "sdp": offer })).await;
    let answer = restarted["sdp"].as_str().expect("a whole answer");
    let new_ufrag = attribute(answer, "ice-ufrag").expect("new ufrag").to_owned();
    assert_ne!(new_ufrag, old_ufrag, "{answer}");
    assert_ne!(attribute(answer, "ice-pwd"), attribute(&first, "ice-pwd"), "{answer}");
    assert!(answer.contains("a=ice-lite"), "{answer}");
    for same in ["fingerprint", "setup", "mid"] {
        assert_eq!(attribute(answer, same), attribute(&first, same), "{same} stays: {answer}");
    }
    let sections: Vec<&str> = answer.split("\r\nm=").skip(1).collect();
    assert!(!sections.is_empty(), "{answer}");
    let media_port = server.media.rsplit(':').next().expect("port");
    for section in &sections {
        assert!(section.contains(&format!(" {media_port} typ host")), "the server's candidate: {section}");
        assert!(section.contains("a=end-of-candidates"), "{section}");
    }
    assert!(!ufrag_reaches(&server, &old_ufrag).await, "the old ufrag is unknown");
    assert!(ufrag_reaches(&server, &new_ufrag).await, "the new ufrag finds the session");
    let (_, metrics) = server.get("/metrics").await;
    assert_eq!(metric(&metrics, "liveroom_ice_restarts_total"), 1.0);

    // Refusals, each with its code; none of them touches the leg.
    let e = anchor.request("restartIce", json!({ "streamID": stream_id, "sdp": "v=0\r\n" })).await;
    assert_eq!(e["code"], 60020, "an offer without credentials: {e}");
    let short = offer.replace("a-brand-new-password-123", "short");
    let e = anchor.request("restartIce", json!({ "streamID": stream_id, "sdp": short })).await;
    assert_eq!(e["code"], 60020, "a password too short for ICE: {e}");
    let e = anchor.request("restartIce", json!({ "playID": 77, "sdp": offer })).await;
    assert_eq!(e["code"], 60025, "no such play: {e}");
    let e = anchor.request("restartIce", json!({ "sdp": offer })).await;
    assert_eq!(e["code"], 10004, "no leg named: {e}");
    let mut other = Client::connect(&server).await;
    other.ok("login", json!({ "userID": "viewer", "userSig": sig("viewer"), "scope": "rtc" })).await;
    let e = other.request("restartIce", json!({ "streamID": stream_id, "sdp": offer })).await;
    assert_eq!(e["code"], 60025, "another session's publish: {e}");
    let mut anon = Client::connect(&server).await;
    let e = anon.request("restartIce", json!({ "streamID": stream_id, "sdp": offer })).await;
    assert_eq!(e["code"], 60004, "not logged in: {e}");
    assert!(ufrag_reaches(&server, &new_ufrag).await, "the leg is untouched by the refusals");
    let (_, metrics) = server.get("/metrics").await;
    assert_eq!(metric(&metrics, "liveroom_ice_restarts_total"), 1.0);
}

#[actix_web::test]
async fn websocket_media_signalling_checks_login_ownership_and_input() {
    let server = Server::start("");
    create_room(&server, "anchor", "32").await;
    let mut anon = Client::connect(&server).await;
    assert_eq!(anon.request("publish", json!({ "roomID": "32", "sdp": "v=0" })).await["code"], 60004);
    assert_eq!(anon.request("play", json!({ "roomID": "32", "sdp": "v=0" })).await["code"], 60004);
    let mut viewer = Client::connect(&server).await;
    viewer.ok("login", json!({ "userID": "viewer", "userSig": sig("viewer"), "scope": "rtc" })).await;
    assert_eq!(
        viewer.request("publish", json!({ "roomID": "32", "sdp": "v=0" })).await["code"],
        60027,
        "only the owner and allowed publishers publish"
    );
    assert_eq!(viewer.request("play", json!({ "roomID": "32", "sdp": "v=0" })).await["code"], 60022);
    assert_eq!(viewer.request("stopPlay", json!({ "playID": 12345 })).await["code"], 60025);
    assert_eq!(
        viewer.request("publish", json!({ "roomID": "32", "sdp": "x", "streamID": "bad id!" })).await["code"],
        10004
    );
    let mut anchor = Client::connect(&server).await;
    anchor.ok("login", json!({ "userID": "anchor", "userSig": sig("anchor"), "scope": "rtc" })).await;
    assert_eq!(anchor.request("publish", json!({ "roomID": "32", "sdp": "not sdp" })).await["code"], 60020);
    assert_eq!(anchor.request("unpublish", json!({ "streamID": "nothing" })).await["code"], 60022);
    // An RTC login does not kick the same user's chat session.
    let mut chat = Client::connect(&server).await;
    chat.login("anchor").await;
    let mut rtc_again = Client::connect(&server).await;
    rtc_again.ok("login", json!({ "userID": "anchor", "userSig": sig("anchor"), "scope": "rtc" })).await;
    chat.ok("ping", json!({})).await;
    assert_eq!(anchor.wait_close(5).await, Some(4001), "a second RTC login kicks the first RTC session");
}

#[actix_web::test]
async fn garbage_on_the_media_port_is_dropped_and_counted() {
    let server = Server::start("");
    let socket = std::net::UdpSocket::bind("127.0.0.1:0").unwrap();
    let target: std::net::SocketAddr = server.media.parse().unwrap();
    let mut stun_unknown = vec![0x00, 0x01, 0x00, 0x0c, 0x21, 0x12, 0xA4, 0x42];
    stun_unknown.extend_from_slice(&[9; 12]);
    stun_unknown.extend_from_slice(&[0x00, 0x06, 0x00, 0x07]);
    stun_unknown.extend_from_slice(b"nope:x\0\0");
    let datagrams: Vec<Vec<u8>> = vec![
        vec![],
        vec![0xff; 1200],
        vec![0x80, 0x60, 0, 1, 0, 0, 0, 1],
        vec![22, 254, 253, 0, 0],
        vec![0x00, 0x01, 0xff, 0xff],
        stun_unknown,
    ];
    for _ in 0..50 {
        for d in &datagrams {
            let _ = socket.send_to(d, target);
        }
    }
    tokio::time::sleep(Duration::from_millis(300)).await;
    let (_, metrics) = server.get("/metrics").await;
    for reason in ["unknown_ufrag", "not_webrtc", "unknown_address"] {
        assert!(
            metrics.contains(&format!("liveroom_udp_datagrams_dropped_total{{reason=\"{reason}\"}}")),
            "{reason}: {metrics}"
        );
    }
    // The engine still answers: a bad offer gets its proper error, not a timeout.
    create_room(&server, "anchor", "33").await;
    let (status, _, body) = server
        .post_sdp(
            &format!("/whip?sdkappid={APP}&roomid=33&userid=anchor"),
            "application/sdp",
            Some(&sig("anchor")),
            "nope",
        )
        .await;
    assert_eq!((status, body.contains("60020")), (400, true), "{body}");
    assert_eq!(server.get("/healthz").await.0, 200);
}

/// Whether the server closes the connection within `within` (reads until EOF or error).
async fn closed_within(conn: &mut tokio::net::TcpStream, within: Duration) -> bool {
    use tokio::io::AsyncReadExt;
    let mut buf = [0u8; 256];
    let read_to_end = async {
        loop {
            match conn.read(&mut buf).await {
                Ok(0) | Err(_) => return,
                Ok(_) => {}
            }
        }
    };
    tokio::time::timeout(within, read_to_end).await.is_ok()
}

/// ICE-TCP on the media port number takes only ICE: a connection whose first frame is not
/// STUN, one with an oversized frame, one that says nothing, one whose check is for no
/// known peer (it would hold a slot with a check every few seconds): each is closed and
/// counted.
#[actix_web::test]
async fn ice_tcp_closes_connections_that_are_not_ice() {
    use tokio::io::AsyncWriteExt;
    use tokio::net::TcpStream;
    let server = Server::start("");
    let media: std::net::SocketAddr = server.media.parse().expect("media address");
    let mut silent = TcpStream::connect(media).await.expect("connect");
    let (_, before) = server.get("/metrics").await;

    let mut not_ice = TcpStream::connect(media).await.expect("connect");
    not_ice.write_all(&[0, 4, 0xff, 1, 2, 3]).await.expect("write");
    assert!(closed_within(&mut not_ice, Duration::from_secs(3)).await, "a first frame that is not STUN");

    let mut oversized = TcpStream::connect(media).await.expect("connect");
    oversized.write_all(&[0x40, 0x00, 0x00, 0x01]).await.expect("write");
    assert!(closed_within(&mut oversized, Duration::from_secs(3)).await, "a 16 KiB frame");

    let mut unknown = TcpStream::connect(media).await.expect("connect");
    let check = stun_binding("nobody");
    let mut framed = (check.len() as u16).to_be_bytes().to_vec();
    framed.extend_from_slice(&check);
    unknown.write_all(&framed).await.expect("write");
    assert!(closed_within(&mut unknown, Duration::from_secs(2)).await, "a check for an unknown ufrag closes at once");

    let (_, after) = server.get("/metrics").await;
    let delta = |reason: &str| {
        let name = format!("liveroom_udp_datagrams_dropped_total{{reason=\"{reason}\"}}");
        metric(&after, &name) - metric(&before, &name)
    };
    assert_eq!(delta("not_webrtc"), 1.0);
    assert_eq!(delta("bad_tcp_frame"), 1.0);
    assert_eq!(delta("unknown_ufrag"), 1.0);
    let refused = "liveroom_limit_refusals_total{limit=\"ice_tcp_unknown\"}";
    assert_eq!(metric(&after, refused) - metric(&before, refused), 1.0);
    // Nothing sent within the first-frame timeout (5 s).
    assert!(closed_within(&mut silent, Duration::from_secs(8)).await, "a silent connection");
}

#[actix_web::test]
async fn a_media_session_in_a_room_does_not_replace_the_users_chat_membership() {
    let server = Server::start("");
    create_room(&server, "anchor", "34").await;
    let mut chat = Client::connect(&server).await;
    chat.login("carol").await;
    chat.ok("enterRoom", json!({ "roomID": "34" })).await;
    let mut rtc = Client::connect(&server).await;
    rtc.ok("login", json!({ "userID": "carol", "userSig": sig("carol"), "scope": "rtc" })).await;
    rtc.ok("enterRoom", json!({ "roomID": "34" })).await;
    let mut anchor = Client::connect(&server).await;
    anchor.login("anchor").await;
    anchor.ok("enterRoom", json!({ "roomID": "34" })).await;
    anchor.ok("sendText", json!({ "roomID": "34", "text": "hello both" })).await;
    for c in [&mut chat, &mut rtc] {
        c.wait_for("text", 5, |v| v["event"] == "message" && v["data"]["payload"]["text"] == "hello both").await;
    }
    chat.ok("sendText", json!({ "roomID": "34", "text": "still a member" })).await;
    let info = anchor.ok("getRoomInfo", json!({ "roomID": "34" })).await;
    assert_eq!(info["memberCount"], 3);
}

/// One address may hold only so many ICE-TCP connections (4,300 from one client used to
/// take all 4,096 slots): the next is closed at once and counted.
#[actix_web::test]
async fn ice_tcp_connections_are_capped_per_address() {
    use tokio::net::TcpStream;
    let server = Server::start("");
    let media: std::net::SocketAddr = server.media.parse().expect("media address");
    let mut held = Vec::new();
    for _ in 0..32 {
        held.push(TcpStream::connect(media).await.expect("connect"));
    }
    let mut extra = TcpStream::connect(media).await.expect("the kernel still accepts");
    assert!(closed_within(&mut extra, Duration::from_secs(2)).await, "the 33rd connection of one address");
    assert!(!closed_within(&mut held[0], Duration::from_millis(300)).await, "the first 32 stay");
    let (_, metrics) = server.get("/metrics").await;
    assert!(metric(&metrics, "liveroom_limit_refusals_total{limit=\"ice_tcp_per_addr\"}") >= 1.0);
    drop(held);
    // Their slots come back once the server has seen them close (bounded retries).
    let mut given_back = false;
    for _ in 0..20 {
        let mut again = TcpStream::connect(media).await.expect("connect");
        if !closed_within(&mut again, Duration::from_millis(300)).await {
            given_back = true;
            break;
        }
    }
    assert!(given_back, "slots are given back when connections close");
}

/// The connection test page's `probe`: anyone may ask (no login, no room), the answer
/// carries every candidate of the node, a client address runs two at once, the leg closes
/// with its session and after 15 s whatever the client does, and a session that probes is
/// not dropped as a stalled handshake.
#[actix_web::test]
async fn connection_tests_answer_anyone_and_are_bounded_in_number_and_time() {
    let server = Server::start("[server]\nlimit_exempt = []\n[chat]\nhandshake_timeout_secs = 1\n");
    let mut visitor = Client::connect(&server).await;
    let answered = visitor.ok("probe", json!({ "sdp": h264_offer() })).await;
    assert_eq!(answered["expiresIn"], 15, "{answered}");
    let answer = answered["sdp"].as_str().expect("an answer").to_owned();
    assert!(answer.contains("a=ice-lite") && answer.contains("typ host"), "{answer}");
    let media_port = server.media.rsplit(':').next().expect("port");
    assert!(answer.contains(&format!(" {media_port} typ host")), "the node's media port is offered: {answer}");
    let first = attribute(&answer, "ice-ufrag").expect("ufrag").to_owned();
    assert!(ufrag_reaches(&server, &first).await, "the probe leg answers ICE checks");

    // Two per address at once; the third is refused with its code; other media is not
    // counted against it.
    let bad = visitor.request("probe", json!({ "sdp": "not sdp" })).await;
    assert_eq!(bad["code"], 60020, "{bad}");
    let second = visitor.ok("probe", json!({ "sdp": h264_offer() })).await;
    let second = attribute(second["sdp"].as_str().expect("sdp"), "ice-ufrag").expect("ufrag").to_owned();
    let refused = visitor.request("probe", json!({ "sdp": h264_offer() })).await;
    assert_eq!(refused["code"], 60028, "{refused}");
    create_room(&server, "anchor", "37").await;
    let mut anchor = Client::connect(&server).await;
    anchor.ok("login", json!({ "userID": "anchor", "userSig": sig("anchor"), "scope": "rtc" })).await;
    anchor.ok("publish", json!({ "roomID": "37", "sdp": h264_offer() })).await;
    let (_, metrics) = server.get("/metrics").await;
    assert_eq!(metric(&metrics, "liveroom_connection_tests_total"), 2.0);
    assert_eq!(metric(&metrics, "liveroom_media_streams"), 1.0, "a probe is no stream");

    // Past the handshake time, the probing session is still there.
    tokio::time::sleep(Duration::from_millis(1500)).await;
    visitor.ok("ping", json!({})).await;

    // A session's probes close with it.
    visitor.send_raw(tokio_tungstenite::tungstenite::Message::Close(None));
    visitor.wait_close(5).await;
    wait_until("the closed session's probes close", Duration::from_secs(5), || async {
        !ufrag_reaches(&server, &first).await && !ufrag_reaches(&server, &second).await
    })
    .await;

    // A probe whose session stays does not outlive its 15 s (this one never connects, so
    // the engine's timer for unconnected peers may end it first; the browser test of the
    // page holds a connected one to its end).
    let mut patient = Client::connect(&server).await;
    let kept = patient.ok("probe", json!({ "sdp": h264_offer() })).await;
    let kept = attribute(kept["sdp"].as_str().expect("sdp"), "ice-ufrag").expect("ufrag").to_owned();
    assert!(ufrag_reaches(&server, &kept).await);
    wait_until("the probe closes", Duration::from_secs(20), || async { !ufrag_reaches(&server, &kept).await }).await;
    patient.ok("ping", json!({})).await;
}
