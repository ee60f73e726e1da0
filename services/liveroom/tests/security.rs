//! Who may do what, and how much one client may hold: each test replays an attack that
//! worked against the release build before these rules (issue "Nobody gets in where they
//! don't belong") against the real binary, on loopback.

mod common;

use std::process::Command;
use std::time::Duration;

use common::ice::*;
use common::*;
use futures_util::{SinkExt, StreamExt};
use serde_json::{json, Value};
use tokio_tungstenite::tungstenite::Message;

fn whip(room: &str, user: &str, stream: Option<&str>) -> String {
    let stream = stream.map(|s| format!("&streamid={s}")).unwrap_or_default();
    format!("/whip?sdkappid={APP}&roomid={room}&userid={user}{stream}")
}

/// eve, with her own valid UserSig, tried to publish under another broadcaster's stream id
/// (201 before: the victim was then refused and eve's media served on the victim's
/// playlist). A stream id must be the caller's own, in a room the caller may publish in;
/// the room's owner may allow others.
#[actix_web::test]
async fn a_user_cannot_take_over_another_broadcasters_stream() {
    let server = Server::start("");
    create_room(&server, "anchor2", "victimroom").await;
    create_room(&server, "eve", "everoom").await;
    let eve = sig("eve");
    let victim_id = format!("{APP}_victimroom_anchor2_main");

    // The observed attack: her own room, the victim's stream id.
    let (status, _, body) =
        server.post_sdp(&whip("everoom", "eve", Some(&victim_id)), "application/sdp", Some(&eve), &h264_offer()).await;
    assert_eq!((status, body.contains("60026")), (403, true), "{body}");
    // The victim's room, her own stream id: not allowed to publish there.
    let (status, _, body) =
        server.post_sdp(&whip("victimroom", "eve", None), "application/sdp", Some(&eve), &h264_offer()).await;
    assert_eq!((status, body.contains("60027")), (403, true), "{body}");
    // Over the SDK's WebSocket too.
    let mut ws = Client::connect(&server).await;
    ws.ok("login", json!({ "userID": "eve", "userSig": eve, "scope": "rtc" })).await;
    let refused =
        ws.request("publish", json!({ "roomID": "everoom", "sdp": h264_offer(), "streamID": victim_id })).await;
    assert_eq!(refused["code"], 60026, "{refused}");

    // The real anchor publishes its stream unhindered.
    let (status, _, body) = server
        .post_sdp(&whip("victimroom", "anchor2", None), "application/sdp", Some(&sig("anchor2")), &h264_offer())
        .await;
    assert_eq!(status, 201, "{body}");

    // The owner allows eve: then she publishes in that room, under her own id only.
    let path = format!("/api/rooms/victimroom/publishers?{}", server.auth("anchor2"));
    let (status, body) = server.send_json("PUT", &path, json!({ "userIDs": ["eve"] })).await;
    assert_eq!((status, &body["userIDs"]), (200, &json!(["eve"])), "{body}");
    let (status, body) = server
        .send_json(
            "PUT",
            &format!("/api/rooms/victimroom/publishers?{}", server.auth("eve")),
            json!({ "userIDs": ["eve"] }),
        )
        .await;
    assert_eq!(status, 403, "only the owner or the administrator sets publishers: {body}");
    let (status, _, body) = server
        .post_sdp(&whip("victimroom", "eve", Some(&victim_id)), "application/sdp", Some(&eve), &h264_offer())
        .await;
    assert_eq!((status, body.contains("60026")), (403, true), "still not the anchor's id: {body}");
    let own = format!("{APP}_victimroom_eve_guest");
    let (status, _, body) =
        server.post_sdp(&whip("victimroom", "eve", Some(&own)), "application/sdp", Some(&eve), &h264_offer()).await;
    assert_eq!(status, 201, "an allowed publisher, her own id: {body}");
}

/// `DELETE` and `PATCH` on a WHIP / WHEP resource need the credential that created it
/// (a request without one deleted another user's session before).
#[actix_web::test]
async fn whip_resources_answer_only_their_creator() {
    let server = Server::start("");
    create_room(&server, "anchor", "51").await;
    let (status, location, body) =
        server.post_sdp(&whip("51", "anchor", None), "application/sdp", Some(&sig("anchor")), &h264_offer()).await;
    assert_eq!(status, 201, "{body}");
    let resource = location.expect("Location");
    let call = |method: &'static str, bearer: Option<String>| {
        let url = server.url(&resource);
        async move {
            let client = awc::Client::default();
            let mut req = match method {
                "DELETE" => client.delete(url),
                _ => client.patch(url).insert_header(("Content-Type", "application/trickle-ice-sdpfrag")),
            };
            if let Some(b) = bearer {
                req = req.insert_header(("Authorization", format!("Bearer {b}")));
            }
            let mut res = req.send_body("a=end-of-candidates\r\n").await.expect("request");
            let body = res.body().await.expect("body");
            (res.status().as_u16(), String::from_utf8_lossy(&body).into_owned())
        }
    };
    for method in ["PATCH", "DELETE"] {
        let (status, body) = call(method, None).await;
        assert_eq!((status, body.contains("70002")), (401, true), "{method} without a credential: {body}");
        let (status, body) = call(method, Some(sig("mallory"))).await;
        assert_eq!((status, body.contains("70013")), (401, true), "{method} with another user's: {body}");
    }
    assert_eq!(call("PATCH", Some(sig("anchor"))).await.0, 204, "the creator trickles");
    assert_eq!(call("DELETE", Some(sig("anchor"))).await.0, 200, "the creator ends it");
    assert_eq!(call("DELETE", Some(sig("anchor"))).await.0, 404);
}

/// The dev endpoint never signs the administrator, whatever else it signs.
#[actix_web::test]
async fn the_dev_endpoint_never_signs_the_administrator() {
    let server = Server::start("");
    let path = format!("/api/dev/usersig?sdkappid={APP}");
    let (status, body) = server.send_json("POST", &path, json!({ "userID": ADMIN })).await;
    assert_eq!((status, &body["code"]), (403, &json!(10007)), "{body}");
    let (status, _) = server.send_json("POST", &path, json!({ "userID": "dev1" })).await;
    assert_eq!(status, 200);
    // A page of another origin cannot read it, or the metrics.
    for p in [path.as_str(), "/metrics"] {
        let res = awc::Client::default()
            .post(server.url(p))
            .insert_header(("Origin", "https://evil.example"))
            .insert_header(("Content-Type", "application/json"))
            .send_body(r#"{"userID":"dev2"}"#)
            .await
            .expect("request");
        assert!(res.headers().get("access-control-allow-origin").is_none(), "{p} answers with CORS");
    }
    let res = awc::Client::default()
        .get(server.url("/api/rooms?sdkappid=1400000001"))
        .insert_header(("Origin", "https://app.example"))
        .send()
        .await
        .expect("request");
    assert!(res.headers().get("access-control-allow-origin").is_some(), "the public API keeps CORS");
}

/// Runs `liveroom <args> --config <file with text>`; answers (exited, combined output).
fn start_refused(args: &[&str], config: &str) -> (Option<std::process::ExitStatus>, String) {
    let dir = TempDir::new("refuse");
    let path = dir.0.join("liveroom.toml");
    std::fs::write(&path, config).expect("write config");
    let mut child = Command::new(env!("CARGO_BIN_EXE_liveroom"))
        .args(args)
        .arg("--config")
        .arg(&path)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("start liveroom");
    let deadline = std::time::Instant::now() + Duration::from_secs(10);
    let status = loop {
        if let Ok(Some(status)) = child.try_wait() {
            break Some(status);
        }
        if std::time::Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            break None;
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    let out = child.wait_with_output().expect("output");
    (status, format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr)))
}

/// Configurations that would expose anyone-signs-as-anyone or an open node link refuse to
/// start, each with a message that says what to do.
#[test]
fn unsafe_configurations_refuse_to_start() {
    let apps = format!("[[apps]]\nsdkappid = {APP}\nsecret = \"{SECRET}\"\n");
    let media = "[media]\nudp = \"127.0.0.1:0\"\n";
    // A cluster node without a link token (etcd is never reached: the check comes first).
    let (status, out) =
        start_refused(&["node", "--etcd", "http://127.0.0.1:9", "--node-id", "a"], &format!("{apps}{media}"));
    assert!(status.is_some_and(|s| !s.success()), "{out}");
    assert!(out.contains("cluster.link_token"), "{out}");
    // A cluster node without apps, or with the dev endpoint.
    let token = "[cluster]\nlink_token = \"0123456789abcdef0123\"\n";
    let (status, out) = start_refused(&["node", "--etcd", "http://127.0.0.1:9"], &format!("{media}{token}"));
    assert!(status.is_some_and(|s| !s.success()) && out.contains("[[apps]]"), "{out}");
    let dev = "[dev]\nusersig_endpoint = true\n";
    let (status, out) = start_refused(&["node", "--etcd", "http://127.0.0.1:9"], &format!("{apps}{media}{token}{dev}"));
    assert!(status.is_some_and(|s| !s.success()) && out.contains("dev.usersig_endpoint"), "{out}");
    let short = "[cluster]\nlink_token = \"short\"\n";
    let (status, out) = start_refused(&["node", "--etcd", "http://127.0.0.1:9"], &format!("{apps}{media}{short}"));
    assert!(status.is_some_and(|s| !s.success()) && out.contains("at least 16"), "{out}");
    // `serve` on every interface without apps (the container image's case).
    let (status, out) = start_refused(&["serve", "--http", "0.0.0.0:0"], media);
    assert!(status.is_some_and(|s| !s.success()), "{out}");
    assert!(out.contains("[[apps]]") && out.contains("not a loopback address"), "{out}");
    // The same checks from `config check`, which the k8s init container runs.
    let dir = TempDir::new("check");
    let file = dir.0.join("node.toml");
    std::fs::write(&file, format!("{apps}{media}")).expect("write");
    let out = Command::new(env!("CARGO_BIN_EXE_liveroom"))
        .args(["config", "check", "--node"])
        .arg(&file)
        .output()
        .expect("run");
    assert!(!out.status.success() && String::from_utf8_lossy(&out.stderr).contains("link_token"));
}

/// A stranger who reaches a node's HTTP port cannot join the node link: without the token,
/// or with a wrong one, the upgrade is refused (before: any `?node=` was accepted and could
/// post as the administrator and dismiss rooms).
#[actix_web::test]
async fn the_node_link_refuses_a_stranger() {
    let etcd = Etcd::start();
    let node = Server::start_with(
        &["node", "--etcd", &etcd.endpoint, "--node-id", "node-a"],
        "[cluster]\nprefix = \"/lrsec\"\n",
    );
    assert_eq!(node.get("/readyz").await.0, 200);
    let url = format!("ws://{}/internal/link?node=node-a", node.addr);
    for token in [None, Some("wrong-token-wrong-token")] {
        let mut req =
            tokio_tungstenite::tungstenite::client::IntoClientRequest::into_client_request(url.as_str()).unwrap();
        if let Some(t) = token {
            req.headers_mut().insert("x-liveroom-link-token", t.parse().unwrap());
        }
        match tokio_tungstenite::connect_async(req).await {
            Err(tokio_tungstenite::tungstenite::Error::Http(res)) => assert_eq!(res.status(), 403, "{token:?}"),
            other => panic!("the link accepted a stranger ({token:?}): {:?}", other.map(|_| ())),
        }
    }
    let mut req = tokio_tungstenite::tungstenite::client::IntoClientRequest::into_client_request(url.as_str()).unwrap();
    req.headers_mut().insert("x-liveroom-link-token", LINK_TOKEN.parse().unwrap());
    assert!(tokio_tungstenite::connect_async(req).await.is_ok(), "a node with the token joins");
    let (_, metrics) = node.get("/metrics").await;
    assert_eq!(metric(&metrics, "liveroom_cluster_link_errors_total{kind=\"refused\"}"), 2.0);
}

/// One client held 19,980 WebSocket upgrades without logging in until the process ran out
/// of descriptors and `/healthz` stopped answering. Now: a cap per address, a node-wide
/// budget, and a connection that neither logs in nor enters a room is closed.
#[actix_web::test]
async fn connections_are_bounded_per_address_and_idle_handshakes_are_closed() {
    let server =
        Server::start("[server]\nsessions_per_addr = 3\nlimit_exempt = []\n[chat]\nhandshake_timeout_secs = 1\n");
    let url = format!("ws://{}/im?sdkappid={APP}", server.addr);
    let mut held = Vec::new();
    for _ in 0..3 {
        held.push(tokio_tungstenite::connect_async(url.as_str()).await.expect("under the limit").0);
    }
    match tokio_tungstenite::connect_async(url.as_str()).await {
        Err(tokio_tungstenite::tungstenite::Error::Http(res)) => {
            assert_eq!(res.status(), 429);
            let body = String::from_utf8_lossy(res.body().as_deref().unwrap_or_default()).into_owned();
            assert!(body.contains("60028"), "{body}");
        }
        other => panic!("a fourth session from one address: {:?}", other.map(|_| ())),
    }
    assert_eq!(server.get("/healthz").await.0, 200, "probes still answer");
    // The three never logged in: each is closed with 4004 after the handshake time.
    for ws in &mut held {
        let code = tokio::time::timeout(Duration::from_secs(5), async {
            while let Some(Ok(msg)) = ws.next().await {
                if let Message::Close(Some(frame)) = msg {
                    return Some(u16::from(frame.code));
                }
            }
            None
        })
        .await
        .expect("closed within the handshake time");
        assert_eq!(code, Some(4004));
    }
    // Idle upgrades are capped per address even from an exempt peer (a local proxy that
    // forwards no address): a flood of them from loopback is refused past the cap.
    let local = Server::start("[server]\nhandshakes_per_addr = 4\n");
    let url = format!("ws://{}/im?sdkappid={APP}", local.addr);
    let mut idle = Vec::new();
    for _ in 0..4 {
        idle.push(tokio_tungstenite::connect_async(url.as_str()).await.expect("under the cap").0);
    }
    match tokio_tungstenite::connect_async(url.as_str()).await {
        Err(tokio_tungstenite::tungstenite::Error::Http(res)) => assert_eq!(res.status(), 429),
        other => panic!("a fifth idle upgrade from loopback: {:?}", other.map(|_| ())),
    }
    assert_eq!(local.get("/healthz").await.0, 200, "probes still answer");
    // Closed idle connections give their slots back (bounded wait for the server to see
    // the closes): the cap can be filled again.
    drop(idle);
    let mut again = Vec::new();
    for _ in 0..80 {
        if again.len() == 4 {
            break;
        }
        match tokio_tungstenite::connect_async(url.as_str()).await {
            Ok((ws, _)) => again.push(ws),
            Err(_) => tokio::time::sleep(Duration::from_millis(50)).await,
        }
    }
    assert_eq!(again.len(), 4, "slots come back when idle connections close");
    // A session that logs in frees its slot at once: a fifth connection is then taken.
    let login = json!({ "id": 1, "cmd": "login", "data": { "userID": "quick", "userSig": sig("quick") } });
    again[0].send(Message::text(login.to_string())).await.expect("send login");
    let answered = tokio::time::timeout(Duration::from_secs(5), async {
        while let Some(Ok(Message::Text(text))) = again[0].next().await {
            if text.lines().any(|l| serde_json::from_str::<Value>(l).is_ok_and(|v| v["id"] == 1 && v["code"] == 0)) {
                return true;
            }
        }
        false
    })
    .await;
    assert_eq!(answered, Ok(true), "the login is answered");
    assert!(tokio_tungstenite::connect_async(url.as_str()).await.is_ok(), "the logged-in session's slot is free");

    // Their slots are free again; a client that logs in stays past the handshake time
    // (waiting it out is the point of this step).
    let mut client = Client::connect(&server).await;
    client.login("patient").await;
    tokio::time::sleep(Duration::from_millis(1500)).await;
    client.ok("ping", json!({})).await;
}

/// Every frame counts against the frame rate (binary and ping floods used to pass
/// uncounted); an oversized frame's error names its request; nicks and texts cannot hide
/// characters that change what others see.
#[actix_web::test]
async fn floods_of_any_frame_kind_are_limited_and_hiding_characters_refused() {
    let server = Server::start("[chat]\nframe_rate = 5\n");
    for flood in [Message::Binary(vec![1u8; 4].into()), Message::Ping(vec![7u8; 4].into())] {
        let (mut ws, _) =
            tokio_tungstenite::connect_async(format!("ws://{}/im?sdkappid={APP}", server.addr)).await.expect("connect");
        let mut closed = None;
        for _ in 0..400 {
            if ws.send(flood.clone()).await.is_err() {
                break;
            }
        }
        let _ = tokio::time::timeout(Duration::from_secs(5), async {
            while let Some(Ok(msg)) = ws.next().await {
                if let Message::Close(Some(frame)) = msg {
                    closed = Some(u16::from(frame.code));
                    break;
                }
            }
        })
        .await;
        assert_eq!(closed, Some(4003), "a flood of {flood:?} frames is closed for policy");
    }
    let mut c = Client::connect(&server).await;
    c.login("nick").await;
    let big = format!(r#"{{"id":91,"cmd":"sendText","data":{{"roomID":"r","text":"{}"}}}}"#, "x".repeat(40 * 1024));
    c.send_text(big);
    let err = c.wait_for("the oversized frame's error", 5, |v| v["code"] == 60003).await;
    assert_eq!(err["id"], 91, "{err}");
    let refused = c.request("setMyProfile", json!({ "nick": "evil\u{202e}nimda" })).await;
    assert_eq!(refused["code"], 10004, "{refused}");
    let refused = c.request("setMyProfile", json!({ "nick": "bell\u{7}" })).await;
    assert_eq!(refused["code"], 10004, "{refused}");
}

/// One user created 94,983 rooms in 81 s and nobody else could create one; listings of
/// them slowed the probes. Now rooms are bounded per user and by rate, and the listing is
/// paginated and read once per period.
#[actix_web::test]
async fn rooms_are_bounded_per_user_and_listed_in_pages() {
    let server = Server::start("[chat]\nmax_rooms_per_user = 3\nroom_creations_per_minute = 4\n");
    let server = &server;
    let create = |user: &str, room: &str| {
        let path = format!("/api/rooms?{}", server.auth(user));
        let body = json!({ "title": "t", "roomId": room });
        async move { server.send_json("POST", &path, body).await }
    };
    for r in ["q1", "q2", "q3"] {
        assert_eq!(create("hoarder", r).await.0, 201);
    }
    let (status, body) = create("hoarder", "q4").await;
    assert_eq!((status, &body["code"]), (429, &json!(60028)), "a fourth room of one user: {body}");
    let (status, body) = create("hoarder", "q5").await;
    assert_eq!((status, &body["code"]), (429, &json!(10023)), "a fifth creation in a minute: {body}");
    // Over the WebSocket too.
    let mut ws = Client::connect(server).await;
    ws.login("hoarder").await;
    let refused = ws.request("createRoom", json!({ "roomID": "q6", "name": "x" })).await;
    assert_eq!(refused["code"], 10023, "{refused}");
    // Others are not affected.
    assert_eq!(create("other", "o1").await.0, 201);
    // Pages.
    let (status, page) = server.send_json("GET", &format!("/api/rooms?sdkappid={APP}&limit=2"), Value::Null).await;
    assert_eq!(status, 200);
    assert_eq!((page["rooms"].as_array().map(Vec::len), &page["total"]), (Some(2), &json!(4)), "{page}");
    let next = page["nextCursor"].as_u64().expect("a next page");
    let (_, rest) =
        server.send_json("GET", &format!("/api/rooms?sdkappid={APP}&limit=2&cursor={next}"), Value::Null).await;
    assert_eq!(rest["rooms"].as_array().map(Vec::len), Some(2), "{rest}");
    assert!(rest["nextCursor"].is_null(), "{rest}");
}

/// One user opened 300 WHIP and 1,500 WHEP sessions in seconds. Now media sessions are
/// bounded per user and per address, and one that never connects is dropped soon.
#[actix_web::test]
async fn media_sessions_are_bounded_and_unconnected_ones_expire() {
    // The harness's config ends in its [media] table: these keys land in it.
    let server = Server::start("sessions_per_user = 2\nconnect_timeout_secs = 1\n");
    create_room(&server, "anchor", "71").await;
    let anchor = sig("anchor");
    for suffix in ["a", "b"] {
        let id = format!("{APP}_71_anchor_{suffix}");
        let (status, _, body) =
            server.post_sdp(&whip("71", "anchor", Some(&id)), "application/sdp", Some(&anchor), &h264_offer()).await;
        assert_eq!(status, 201, "{body}");
    }
    let third = format!("{APP}_71_anchor_c");
    let (status, _, body) =
        server.post_sdp(&whip("71", "anchor", Some(&third)), "application/sdp", Some(&anchor), &h264_offer()).await;
    assert_eq!((status, body.contains("60028")), (429, true), "{body}");
    // Nobody connects them: within the timeout plus the sweep period they are dropped and
    // their places come back (bounded wait).
    let deadline = std::time::Instant::now() + Duration::from_secs(12);
    loop {
        let (status, _, _) =
            server.post_sdp(&whip("71", "anchor", Some(&third)), "application/sdp", Some(&anchor), &h264_offer()).await;
        if status == 201 {
            break;
        }
        assert!(std::time::Instant::now() < deadline, "unconnected sessions were never dropped");
        tokio::time::sleep(Duration::from_millis(250)).await;
    }
    let (_, metrics) = server.get("/metrics").await;
    assert!(metric(&metrics, "liveroom_media_unconnected_dropped_total") >= 2.0, "counted");
    assert!(metric(&metrics, "liveroom_limit_refusals_total{limit=\"media_per_user\"}") >= 1.0);
}

/// 5,000 requests for playlists of streams that do not exist caused 5,000 etcd reads:
/// stream locations now come from a watched cache, so misses cost etcd nothing.
#[actix_web::test]
async fn cdn_requests_for_unknown_streams_never_reach_etcd() {
    let etcd = Etcd::start();
    let node = Server::start_with(
        &["node", "--etcd", &etcd.endpoint, "--node-id", "node-n"],
        "[cluster]\nprefix = \"/lrneg\"\n",
    );
    assert_eq!(node.get("/readyz").await.0, 200);
    let etcd_calls = |metrics: &str| -> f64 {
        metrics
            .lines()
            .filter(|l| l.starts_with("liveroom_cluster_etcd_request_seconds_count"))
            .filter_map(|l| l.rsplit(' ').next()?.parse::<f64>().ok())
            .sum()
    };
    let (_, before) = node.get("/metrics").await;
    for i in 0..300 {
        let (status, _) = node.get(&format!("/live/{APP}_nope{i}_u_main.m3u8")).await;
        assert_eq!(status, 404);
    }
    let (_, after) = node.get("/metrics").await;
    // The node's own load publishing may call etcd meanwhile: a handful, never 300.
    let calls = etcd_calls(&after) - etcd_calls(&before);
    assert!(calls < 10.0, "{calls} etcd calls for 300 unknown streams");
}

/// With `server.internal_http` the node link and the metrics are served only on the
/// internal listener (the port k8s/ keeps off the public Service), with the probes; the
/// public port answers neither.
#[actix_web::test]
async fn the_internal_listener_keeps_the_link_and_metrics_off_the_public_port() {
    let etcd = Etcd::start();
    let config = "[server]\ninternal_http = \"127.0.0.1:0\"\n[cluster]\nprefix = \"/lrint\"\n";
    let node = Server::start_with(&["node", "--etcd", &etcd.endpoint, "--node-id", "node-i"], config);
    let internal = node.internal.clone().expect("the internal listener's address");
    let get = |addr: String, path: &'static str| async move {
        let mut res = awc::Client::default().get(format!("http://{addr}{path}")).send().await.expect("GET");
        let body = res.body().limit(4 << 20).await.expect("body");
        (res.status().as_u16(), String::from_utf8_lossy(&body).into_owned())
    };
    assert_eq!(node.get("/metrics").await.0, 404, "no metrics on the public port");
    let (status, metrics) = get(internal.clone(), "/metrics").await;
    assert!(status == 200 && metrics.contains("liveroom_connections"), "{status}");
    assert_eq!(get(internal.clone(), "/healthz").await.0, 200);
    assert_eq!(get(internal.clone(), "/readyz").await.0, 200);
    assert_eq!(node.get("/healthz").await.0, 200, "the probes stay on the public port too");
    let link = |addr: &str| {
        let url = format!("ws://{addr}/internal/link?node=node-x");
        let mut req = tokio_tungstenite::tungstenite::client::IntoClientRequest::into_client_request(url).unwrap();
        req.headers_mut().insert("x-liveroom-link-token", LINK_TOKEN.parse().unwrap());
        tokio_tungstenite::connect_async(req)
    };
    assert!(link(&node.addr).await.is_err(), "no node link on the public port, even with the token");
    assert!(link(&internal).await.is_ok(), "the node link on the internal listener");
}
