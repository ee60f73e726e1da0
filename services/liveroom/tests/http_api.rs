//! The HTTP API (directory, admin moderation, dev UserSig) and operational endpoints.

mod common;

use std::time::Duration;

use common::*;
use serde_json::json;

#[actix_web::test]
async fn directory_lists_creates_and_destroys_rooms() {
    let server = Server::start("");
    let (status, body) = server.send_json("GET", &format!("/api/rooms?sdkappid={APP}"), json!(null)).await;
    assert_eq!(status, 200);
    assert_eq!(body["rooms"].as_array().unwrap().len(), 0);
    let (status, body) = server
        .send_json(
            "POST",
            &format!("/api/rooms?{}", server.auth("anna")),
            json!({ "title": "Anna live", "anchorId": "anna" }),
        )
        .await;
    assert_eq!(status, 201, "{body}");
    let room = body["roomId"].as_str().unwrap().to_owned();
    // Someone else may not create a room in anna's name.
    let (status, body) = server
        .send_json("POST", &format!("/api/rooms?{}", server.auth("bert")), json!({ "title": "x", "anchorId": "anna" }))
        .await;
    assert_eq!((status, body["code"].as_u64()), (403, Some(10007)));

    let mut viewer = Client::connect(&server).await;
    viewer.ok("enterRoom", json!({ "roomID": room })).await;
    let (_, body) = server.send_json("GET", &format!("/api/rooms?sdkappid={APP}"), json!(null)).await;
    let listed = &body["rooms"][0];
    assert_eq!(listed["roomId"], room.as_str());
    assert_eq!(listed["anchorId"], "anna");
    assert_eq!(listed["title"], "Anna live");
    assert_eq!(listed["memberCount"], 1);

    let (status, _) =
        server.send_json("DELETE", &format!("/api/rooms/{room}?{}", server.auth("bert")), json!(null)).await;
    assert_eq!(status, 403, "only the owner or admin destroys");
    let (status, _) =
        server.send_json("DELETE", &format!("/api/rooms/{room}?{}", server.auth("anna")), json!(null)).await;
    assert_eq!(status, 200);
    let closed = viewer.wait_for("dismissed", 5, |v| v["event"] == "roomClosed").await;
    assert_eq!(closed["data"]["reason"], "dismissed");
    let (status, _) = server.send_json("GET", &format!("/api/rooms/{room}?sdkappid={APP}"), json!(null)).await;
    assert_eq!(status, 404);
    assert_eq!(viewer.request("enterRoom", json!({ "roomID": room })).await["code"], 10015);
}

/// `chat.room_expiry_secs`: a room nobody is in (and nobody streams in) for that long is
/// removed from the directory and the live list; a room with a member stays. (The rule
/// itself, time as input, is tested in `liveroom_node::expiry`.)
#[actix_web::test]
async fn idle_rooms_expire_and_rooms_in_use_stay() {
    let server = Server::start("[chat]\nroom_expiry_secs = 2\n");
    create_room(&server, "anna", "idle").await;
    create_room(&server, "bert", "busy").await;
    let mut member = Client::connect(&server).await;
    member.ok("enterRoom", json!({ "roomID": "busy" })).await;
    let listed = || async {
        let (_, body) = server.send_json("GET", &format!("/api/rooms?sdkappid={APP}"), json!(null)).await;
        body["rooms"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["roomId"].as_str().unwrap_or("").to_owned())
            .collect::<Vec<_>>()
    };
    wait_until("the idle room expired", Duration::from_secs(15), || async {
        !listed().await.contains(&"idle".to_owned())
    })
    .await;
    let (status, _) = server.send_json("GET", &format!("/api/rooms/idle?sdkappid={APP}"), json!(null)).await;
    assert_eq!(status, 404);
    // Three more time-to-lives: the room with a member is still there.
    tokio::time::sleep(Duration::from_secs(6)).await;
    assert_eq!(listed().await, vec!["busy".to_owned()]);
    let metrics = server.get("/metrics").await.1;
    assert_eq!(metric(&metrics, "liveroom_rooms_expired_total"), 1.0);
}

#[actix_web::test]
async fn admin_mutes_kicks_filters_and_dismisses() {
    let server = Server::start("");
    create_room(&server, "owner", "42").await;
    let mut kim = Client::connect(&server).await;
    kim.login("kim").await;
    kim.ok("enterRoom", json!({ "roomID": "42" })).await;
    let admin = server.auth(ADMIN);

    // Non-admin UserSigs and bad ones are refused.
    let (status, body) = server
        .send_json(
            "POST",
            &format!("/api/admin/rooms/42/mute?{}", server.auth("kim")),
            json!({ "userID": "kim", "seconds": 60 }),
        )
        .await;
    assert_eq!((status, body["code"].as_u64()), (403, Some(10007)));
    let (status, body) = server
        .send_json(
            "POST",
            &format!("/api/admin/rooms/42/mute?sdkappid={APP}&identifier={ADMIN}&usersig=garbage"),
            json!({ "userID": "kim", "seconds": 60 }),
        )
        .await;
    assert_eq!(status, 401, "{body}");

    let (status, body) = server
        .send_json("POST", &format!("/api/admin/rooms/42/mute?{admin}"), json!({ "userID": "kim", "seconds": 60 }))
        .await;
    assert_eq!(status, 200, "{body}");
    kim.wait_for("muted notice", 5, |v| v["event"] == "muted").await;
    assert_eq!(kim.request("sendText", json!({ "roomID": "42", "text": "hi" })).await["code"], 10017);
    server
        .send_json("POST", &format!("/api/admin/rooms/42/mute?{admin}"), json!({ "userID": "kim", "seconds": 0 }))
        .await;
    kim.ok("sendText", json!({ "roomID": "42", "text": "free again" })).await;

    let (status, _) =
        server.send_json("PUT", &format!("/api/admin/banned-words?{admin}"), json!({ "words": ["Spoiler"] })).await;
    assert_eq!(status, 200);
    let (_, body) = server.send_json("GET", &format!("/api/admin/banned-words?{admin}"), json!(null)).await;
    assert_eq!(body["words"][0], "spoiler");
    assert_eq!(kim.request("sendText", json!({ "roomID": "42", "text": "big SPOILER ahead" })).await["code"], 80001);
    let (status, _) = server
        .send_json("PUT", &format!("/api/admin/banned-words?{admin}"), json!({ "words": ["x".repeat(65)] }))
        .await;
    assert_eq!(status, 400);

    let (status, body) =
        server.send_json("POST", &format!("/api/admin/rooms/42/kick?{admin}"), json!({ "userID": "kim" })).await;
    assert_eq!((status, body["wasMember"].as_bool()), (200, Some(true)));
    let closed = kim.wait_for("kicked from room", 5, |v| v["event"] == "roomClosed").await;
    assert_eq!(closed["data"]["reason"], "kicked");
    assert_eq!(kim.request("sendText", json!({ "roomID": "42", "text": "x" })).await["code"], 60005);

    kim.ok("enterRoom", json!({ "roomID": "42" })).await;
    let (status, _) = server.send_json("POST", &format!("/api/admin/rooms/42/dismiss?{admin}"), json!(null)).await;
    assert_eq!(status, 200);
    kim.wait_for("dismissed", 5, |v| v["event"] == "roomClosed" && v["data"]["reason"] == "dismissed").await;
    let (status, body) =
        server.send_json("POST", &format!("/api/admin/rooms/nope/kick?{admin}"), json!({ "userID": "kim" })).await;
    assert_eq!((status, body["code"].as_u64()), (404, Some(10015)));
}

#[actix_web::test]
async fn a_server_killed_and_started_again_keeps_rooms_publishers_and_banned_words() {
    let mut server = Server::start("");
    let admin = server.auth(ADMIN);
    create_room(&server, "anchor", "kept").await;
    create_room(&server, "anchor", "gone").await;
    let (status, _) = server
        .send_json(
            "PUT",
            &format!("/api/rooms/kept/publishers?{}", server.auth("anchor")),
            json!({ "userIDs": ["guest"] }),
        )
        .await;
    assert_eq!(status, 200);
    let (status, _) =
        server.send_json("DELETE", &format!("/api/rooms/gone?{}", server.auth("anchor")), json!(null)).await;
    assert_eq!(status, 200);
    let (status, _) =
        server.send_json("PUT", &format!("/api/admin/banned-words?{admin}"), json!({ "words": ["Spoiler"] })).await;
    assert_eq!(status, 200);

    // A crash, not a clean stop: what was answered must already be on disk.
    server.restart();

    let (status, body) = server.send_json("GET", &format!("/api/rooms/kept?sdkappid={APP}"), json!(null)).await;
    let room = &body["room"];
    assert_eq!((status, room["anchorId"].as_str(), room["title"].as_str()), (200, Some("anchor"), Some("t")), "{body}");
    let (status, _) = server.send_json("GET", &format!("/api/rooms/gone?sdkappid={APP}"), json!(null)).await;
    assert_eq!(status, 404, "a destroyed room stays destroyed");
    let (_, body) =
        server.send_json("GET", &format!("/api/rooms/kept/publishers?{}", server.auth("anchor")), json!(null)).await;
    assert_eq!(body["userIDs"], json!(["guest"]));
    let (_, body) = server.send_json("GET", &format!("/api/admin/banned-words?{admin}"), json!(null)).await;
    assert_eq!(body["words"], json!(["spoiler"]));
    let mut kim = Client::connect(&server).await;
    kim.login("kim").await;
    kim.ok("enterRoom", json!({ "roomID": "kept" })).await;
    assert_eq!(kim.request("sendText", json!({ "roomID": "kept", "text": "big SPOILER" })).await["code"], 80001);
    kim.ok("sendText", json!({ "roomID": "kept", "text": "fine" })).await;
    // The id stays taken by its owner.
    let (status, body) = server
        .send_json("POST", &format!("/api/rooms?{}", server.auth("bert")), json!({ "title": "x", "roomId": "kept" }))
        .await;
    assert_eq!((status, body["code"].as_u64()), (409, Some(10021)), "{body}");
}

#[test]
fn two_servers_on_one_configured_data_directory_the_second_refuses_to_start() {
    let data = TempDir::new("data");
    let extra = format!("[server]\ndata_dir = \"{}\"\n", data.0.display());
    let _first = Server::start(&extra);
    assert!(data.0.join("liveroom.redb").exists(), "the store is in server.data_dir");
    let config = data.0.join("second.toml");
    std::fs::write(
        &config,
        format!("[[apps]]\nsdkappid = {APP}\nsecret = \"{SECRET}\"\n[media]\nenabled = false\n{extra}"),
    )
    .unwrap();
    let mut second = std::process::Command::new(env!("CARGO_BIN_EXE_liveroom"))
        .args(["serve", "--http", "127.0.0.1:0", "--config"])
        .arg(&config)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let deadline = std::time::Instant::now() + Duration::from_secs(20);
    let status = loop {
        if let Some(status) = second.try_wait().unwrap() {
            break status;
        }
        assert!(std::time::Instant::now() < deadline, "the second server kept running on a store in use");
        std::thread::sleep(Duration::from_millis(50));
    };
    assert!(!status.success());
    let mut err = String::new();
    std::io::Read::read_to_string(&mut second.stderr.take().unwrap(), &mut err).unwrap();
    assert!(err.contains("in use by another liveroom"), "{err}");
}

#[actix_web::test]
async fn bad_http_input_is_refused_with_json_errors() {
    let server = Server::start("");
    let admin = server.auth(ADMIN);
    let (status, body) =
        server.send_json("POST", &format!("/api/admin/rooms/42/mute?{admin}"), json!({ "user": "x" })).await;
    assert_eq!((status, body["code"].as_u64()), (400, Some(10004)));
    let (status, body) = server.send_json("GET", "/api/rooms?sdkappid=notanumber", json!(null)).await;
    assert_eq!((status, body["code"].as_u64()), (400, Some(10004)));
    let (status, body) = server.send_json("GET", "/api/rooms?sdkappid=5", json!(null)).await;
    assert_eq!((status, body["code"].as_u64()), (401, Some(70020)));
    let (status, _) = server.send_json("GET", &format!("/api/rooms/..%2F..%2Fetc?sdkappid={APP}"), json!(null)).await;
    assert_eq!(status, 400);
}

#[actix_web::test]
async fn dev_usersig_endpoint_signs_only_when_enabled() {
    let server = Server::start("");
    let (status, body) =
        server.send_json("POST", &format!("/api/dev/usersig?sdkappid={APP}"), json!({ "userID": "dev1" })).await;
    assert_eq!(status, 200);
    let sig = body["userSig"].as_str().unwrap().to_owned();
    assert!(liveroom_auth::usersig::verify(&sig, APP, SECRET, "dev1", now()).is_ok());
    let off = Server::start("[dev]\nusersig_endpoint = false\n");
    let (status, body) =
        off.send_json("POST", &format!("/api/dev/usersig?sdkappid={APP}"), json!({ "userID": "dev1" })).await;
    assert_eq!((status, body["code"].as_u64()), (403, Some(10007)));
}

#[actix_web::test]
async fn health_ready_and_metrics() {
    let server = Server::start("");
    assert_eq!(server.get("/healthz").await.0, 200);
    assert_eq!(server.get("/readyz").await.0, 200);
    create_room(&server, "owner", "5").await;
    let mut c = Client::connect(&server).await;
    c.login("mia").await;
    c.ok("enterRoom", json!({ "roomID": "5" })).await;
    c.ok("sendText", json!({ "roomID": "5", "text": "m" })).await;
    c.wait_for("own copy", 5, |v| v["event"] == "message" && v["data"]["type"] == "TIMTextElem").await;
    tokio::time::sleep(Duration::from_millis(100)).await;
    let (status, text) = server.get("/metrics").await;
    assert_eq!(status, 200);
    for name in [
        "liveroom_connections 1",
        "liveroom_rooms 1",
        "liveroom_room_members 1",
        "liveroom_messages_in_total{type=\"text\"} 1",
        "liveroom_fanout_latency_seconds_bucket",
        "liveroom_actor_mailbox_depth{actor=\"room\"} 0",
    ] {
        assert!(text.contains(name), "metrics lack {name}:\n{text}");
    }
    let out: u64 =
        text.lines().find_map(|l| l.strip_prefix("liveroom_messages_out_total ")).and_then(|v| v.parse().ok()).unwrap();
    assert!(out >= 2, "tip + text delivered: {out}");
}

#[actix_web::test]
async fn sigint_closes_sessions_with_going_away_and_exits_cleanly() {
    let mut server = Server::start("");
    create_room(&server, "owner", "6").await;
    let mut c = Client::connect(&server).await;
    c.ok("enterRoom", json!({ "roomID": "6" })).await;
    let status = server.interrupt().expect("liveroom exited after SIGINT");
    assert!(status.success(), "exit status {status:?}");
    assert_eq!(c.wait_close(5).await, Some(4101));
}

#[actix_web::test]
async fn serves_the_sdk_bundles_with_validators() {
    let server = Server::start("");
    let (status, body) = server.get("/sdk/tweblive.js").await;
    assert_eq!(status, 200);
    assert!(body.contains("globalThis.TWebLive"), "script bundle sets the global");
    assert!(body.contains("t_im_ready"), "constants are in the bundle");
    let (status, body) = server.get("/sdk/tweblive.esm.js").await;
    assert_eq!(status, 200);
    assert!(body.contains("export"), "ES module build");
    let client = awc::Client::default();
    let res = client.get(server.url("/sdk/tweblive.js")).send().await.unwrap();
    let tag = res.headers().get("ETag").unwrap().to_str().unwrap().to_owned();
    assert!(res.headers().get("Content-Type").unwrap().to_str().unwrap().starts_with("text/javascript"));
    let res = client.get(server.url("/sdk/tweblive.js")).insert_header(("If-None-Match", tag)).send().await.unwrap();
    assert_eq!(res.status().as_u16(), 304);
    // Stored compressed at build time: gzip to clients that take it, the plain file otherwise.
    let fetch = |encoding: &'static str| {
        let req =
            client.get(server.url("/sdk/tweblive.js")).no_decompress().insert_header(("Accept-Encoding", encoding));
        async move {
            let mut res = req.send().await.unwrap();
            let enc = res.headers().get("Content-Encoding").map(|v| v.to_str().unwrap().to_owned());
            let vary = res.headers().get("Vary").map(|v| v.to_str().unwrap().to_owned());
            (enc, vary, res.body().limit(8 << 20).await.unwrap())
        }
    };
    let (enc, vary, gz) = fetch("gzip, deflate, br").await;
    assert_eq!(enc.as_deref(), Some("gzip"));
    assert!(vary.unwrap_or_default().to_ascii_lowercase().contains("accept-encoding"));
    let (enc, _, plain) = fetch("identity").await;
    assert_eq!(enc, None);
    assert!(gz.len() * 3 < plain.len(), "{} compressed vs {} plain", gz.len(), plain.len());
    let mut unpacked = Vec::new();
    std::io::Read::read_to_end(&mut flate2::read::GzDecoder::new(&gz[..]), &mut unpacked).unwrap();
    assert_eq!(unpacked, plain.to_vec());
}

/// The signature a receiver checks: HMAC-SHA256 with the app secret over
/// `"<X-Liveroom-Timestamp>.<body>"`, hex.
fn expected_signature(timestamp: &str, body: &str) -> String {
    use hmac::Mac;
    let mut mac = hmac::Hmac::<sha2::Sha256>::new_from_slice(SECRET.as_bytes()).unwrap();
    mac.update(format!("{timestamp}.{body}").as_bytes());
    mac.finalize().into_bytes().iter().map(|b| format!("{b:02x}")).collect()
}

/// `[[webhooks]]`: room created and destroyed reach every endpoint that takes them, signed,
/// retried with the same delivery id after a refusal; member events only where listed,
/// batched per room; a dead endpoint is given up on (counted) without slowing anything.
#[actix_web::test]
async fn webhooks_are_signed_retried_filtered_and_batched() {
    let all = hooks::Receiver::start(1);
    let members = hooks::Receiver::start(0);
    let config = format!(
        "[[webhooks]]\nurl = \"{}/all\"\n\n[[webhooks]]\nurl = \"{}/members\"\nevents = [\"member.joined\", \"member.left\"]\napp = {APP}\n\n[[webhooks]]\nurl = \"http://127.0.0.1:9/dead\"\nmax_attempts = 2\ntimeout_secs = 1\n",
        all.url, members.url
    );
    let server = Server::start(&config);
    let (status, body) = server
        .send_json(
            "POST",
            &format!("/api/rooms?{}", server.auth("anna")),
            json!({ "title": "Hooked", "anchorId": "anna" }),
        )
        .await;
    assert_eq!(status, 201, "{body}");
    let room = body["roomId"].as_str().unwrap().to_owned();

    // room.created: refused once, accepted on the retry about a second later, same id.
    wait_until("room.created accepted", Duration::from_secs(10), || async { !all.accepted("room.created").is_empty() })
        .await;
    let tries: Vec<_> = all.seen().into_iter().filter(|r| r.event == "room.created").collect();
    assert_eq!(tries.iter().map(|r| r.status).collect::<Vec<_>>(), vec![500, 200], "{tries:?}");
    assert_eq!(tries[0].delivery, tries[1].delivery, "a retry carries the same delivery id");
    let created = &tries[1];
    assert_eq!(created.path, "/all");
    assert_eq!(created.json["event"], "room.created");
    assert_eq!((created.json["sdkappid"].as_u64(), created.json["roomID"].as_str()), (Some(APP), Some(room.as_str())));
    assert_eq!(
        (created.json["data"]["owner"].as_str(), created.json["data"]["title"].as_str()),
        (Some("anna"), Some("Hooked"))
    );
    assert_eq!(created.json["id"], created.delivery.as_str());
    let ts: u64 = created.timestamp.parse().expect("a unix timestamp");
    assert!(ts.abs_diff(now()) < 60, "fresh: {ts}");
    assert_eq!(created.signature, format!("v1={}", expected_signature(&created.timestamp, &created.body)));
    assert!(members.seen().iter().all(|r| r.event != "room.created"), "not listed there");

    // Members: two entries within a second make one member.joined; only the listed endpoint.
    let mut a = Client::connect(&server).await;
    a.login("alice").await;
    let mut b = Client::connect(&server).await;
    b.login("bob").await;
    a.ok("enterRoom", json!({ "roomID": room })).await;
    b.ok("enterRoom", json!({ "roomID": room })).await;
    wait_until("member.joined", Duration::from_secs(10), || async { !members.accepted("member.joined").is_empty() })
        .await;
    let joined = members.accepted("member.joined");
    assert_eq!(joined.len(), 1, "batched: {joined:?}");
    assert_eq!(joined[0].json["data"]["userIDs"], json!(["alice", "bob"]));
    assert_eq!(joined[0].signature, format!("v1={}", expected_signature(&joined[0].timestamp, &joined[0].body)));
    b.ok("exitRoom", json!({ "roomID": room })).await;
    wait_until("member.left", Duration::from_secs(10), || async { !members.accepted("member.left").is_empty() }).await;
    assert_eq!(members.accepted("member.left")[0].json["data"]["userIDs"], json!(["bob"]));
    assert!(all.seen().iter().all(|r| !r.event.starts_with("member.")), "member events only where listed");

    // room.dismissed with its reason.
    let (status, _) =
        server.send_json("DELETE", &format!("/api/rooms/{room}?{}", server.auth("anna")), json!(null)).await;
    assert_eq!(status, 200);
    wait_until("room.dismissed", Duration::from_secs(10), || async { !all.accepted("room.dismissed").is_empty() })
        .await;
    assert_eq!(all.accepted("room.dismissed")[0].json["data"]["reason"], "destroyed");

    // The dead endpoint: two attempts a second apart, then given up and counted; chat
    // never waited for it.
    wait_until("the dead endpoint is given up on", Duration::from_secs(15), || async {
        metric(&server.get("/metrics").await.1, "liveroom_webhooks_total{outcome=\"dead\"}") >= 2.0
    })
    .await;
    let (_, metrics) = server.get("/metrics").await;
    assert!(metric(&metrics, "liveroom_webhooks_total{outcome=\"delivered\"}") >= 4.0, "{metrics}");
    assert!(metric(&metrics, "liveroom_webhooks_total{outcome=\"retried\"}") >= 1.0);
}

#[test]
fn a_bad_webhook_entry_stops_the_server_with_its_reason() {
    for (entry, want) in [
        ("url = \"ftp://x\"", "not an http:// or https:// URL"),
        ("url = \"http://127.0.0.1:1/\"\nevents = [\"stream.start\"]", "unknown webhook event"),
        ("url = \"http://127.0.0.1:1/\"\nmax_attempts = 0", "max_attempts"),
    ] {
        let dir = TempDir::new("hooks");
        let file = dir.0.join("liveroom.toml");
        std::fs::write(&file, format!("[[webhooks]]\n{entry}\n")).unwrap();
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_liveroom"))
            .args(["config", "check"])
            .arg(&file)
            .output()
            .expect("run liveroom config check");
        let text = format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
        assert!(!out.status.success() && text.contains(want), "{entry}: {text}");
    }
}
