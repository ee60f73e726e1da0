//! Chat over real WebSockets against a running `liveroom serve`.

mod common;

use std::time::{Duration, Instant};

use common::images::*;
use common::*;
use serde_json::{json, Value};

#[actix_web::test]
async fn chat_round_trip_with_profiles_tips_and_anonymous_viewers() {
    let server = Server::start("");
    let mut anchor = Client::connect(&server).await;
    anchor.login("anchor").await;
    let created = anchor.ok("createRoom", json!({ "roomID": "1001", "name": "My live" })).await;
    assert_eq!(created["group"]["roomId"], "1001");
    let entered = anchor.ok("enterRoom", json!({ "roomID": "1001" })).await;
    assert_eq!(entered["status"], "JoinedSuccess");

    // An anonymous viewer may enter (numeric room id, as TWebLive apps pass it) and read.
    let mut viewer = Client::connect(&server).await;
    assert_eq!(viewer.ok("enterRoom", json!({ "roomID": 1001 })).await["status"], "JoinedSuccess");
    // A history frame always comes on enter, empty here (tips are not history).
    let history = viewer.wait_for("history", 5, |v| v["event"] == "history").await;
    assert_eq!(history["data"]["messages"].as_array().map(Vec::len), Some(0));
    let again = viewer.ok("enterRoom", json!({ "roomID": "1001" })).await;
    assert_eq!(again["status"], "AlreadyInGroup");
    assert_eq!(again["memberCount"], 2);
    let refused = viewer.request("sendText", json!({ "roomID": "1001", "text": "hi" })).await;
    assert_eq!(refused["code"], 60004, "anonymous may not send: {refused}");

    let mut carol = Client::connect(&server).await;
    carol.login("carol").await;
    carol.ok("setMyProfile", json!({ "nick": "Carol ☀", "avatar": "https://example.com/c.png" })).await;
    assert_eq!(carol.ok("getMyProfile", json!({})).await["nick"], "Carol ☀");
    carol.ok("enterRoom", json!({ "roomID": "1001" })).await;

    // The anchor sees carol's join tip; nobody sees one for the anonymous viewer.
    let tip = anchor
        .wait_for("join tip", 5, |v| v["event"] == "message" && v["data"]["payload"]["userIDList"][0] == "carol")
        .await;
    assert_eq!(tip["data"]["payload"]["operationType"], 1);
    assert_eq!(tip["data"]["payload"]["userIDList"][0], "carol");
    assert_eq!(tip["data"]["nick"], "Carol ☀");
    assert_eq!(tip["data"]["avatar"], "https://example.com/c.png");

    let ack = carol.ok("sendText", json!({ "roomID": "1001", "text": "hello room", "clientMsgID": "c-1" })).await;
    assert_eq!(ack["message"]["payload"]["text"], "hello room");
    let seq = ack["message"]["seq"].as_u64().unwrap();
    for client in [&mut anchor, &mut viewer] {
        let m = client.wait_for("carol's text", 5, |v| v["event"] == "message" && v["data"]["seq"] == seq).await;
        let d = &m["data"];
        assert_eq!(d["type"], "TIMTextElem");
        assert_eq!(d["from"], "carol");
        assert_eq!(d["nick"], "Carol ☀");
        assert_eq!(d["avatar"], "https://example.com/c.png");
        assert_eq!(d["to"], "1001");
        assert_eq!(d["conversationID"], "GROUP1001");
        assert_eq!(d["priority"], "Normal");
        assert_eq!(d["clientMsgID"], "c-1");
        assert!(d["time"].as_u64().unwrap() >= now() - 5);
        assert!(d["ID"].as_str().is_some());
    }

    let custom = carol
        .ok(
            "sendCustom",
            json!({ "roomID": "1001", "data": "like", "description": "", "extension": "", "priority": "Low" }),
        )
        .await;
    assert_eq!(custom["message"]["type"], "TIMCustomElem");
    let m = viewer.wait_for("custom", 5, |v| v["event"] == "message" && v["data"]["type"] == "TIMCustomElem").await;
    assert_eq!(m["data"]["payload"]["data"], "like");
    assert_eq!(m["data"]["priority"], "Low");

    let info = viewer.ok("getRoomInfo", json!({ "roomID": "1001" })).await;
    assert_eq!(info["memberCount"], 3);

    // Leaving produces a leave tip.
    carol.ok("exitRoom", json!({ "roomID": "1001" })).await;
    let tip = anchor
        .wait_for("leave tip", 5, |v| v["event"] == "message" && v["data"]["payload"]["operationType"] == 2)
        .await;
    assert_eq!(tip["data"]["payload"]["userIDList"][0], "carol");
    let err = carol.request("sendText", json!({ "roomID": "1001", "text": "x" })).await;
    assert_eq!(err["code"], 60005, "not in room: {err}");
}

#[actix_web::test]
async fn create_and_enter_errors_follow_tencent_codes() {
    let server = Server::start("");
    let mut a = Client::connect(&server).await;
    a.login("alice").await;
    let mut b = Client::connect(&server).await;
    b.login("bob").await;
    a.ok("createRoom", json!({ "roomID": "r1", "name": "x" })).await;
    assert_eq!(a.request("createRoom", json!({ "roomID": "r1", "name": "x" })).await["code"], 10025);
    assert_eq!(b.request("createRoom", json!({ "roomID": "r1", "name": "x" })).await["code"], 10021);
    let assigned = b.ok("createRoom", json!({ "name": "auto" })).await;
    assert!(assigned["group"]["roomId"].as_str().unwrap().parse::<u32>().is_ok());
    assert_eq!(b.request("enterRoom", json!({ "roomID": "nope" })).await["code"], 10015);
    let mut anon = Client::connect(&server).await;
    assert_eq!(anon.request("createRoom", json!({ "roomID": "r2" })).await["code"], 60004);
}

#[actix_web::test]
async fn second_login_kicks_the_first_with_multiple_account() {
    let server = Server::start("");
    create_room(&server, "anchor", "500").await;
    let mut first = Client::connect(&server).await;
    first.login("dave").await;
    first.ok("enterRoom", json!({ "roomID": "500" })).await;
    let mut second = Client::connect(&server).await;
    second.login("dave").await;
    let kicked = first.wait_for("kick", 5, |v| v["event"] == "kicked").await;
    assert_eq!(kicked["data"]["reason"], "multipleAccount");
    assert_eq!(first.wait_close(5).await, Some(4001));
    // The new session works, and logging in again on it is a repeat login.
    let again = second.ok("login", json!({ "userID": "dave", "userSig": sig("dave") })).await;
    assert_eq!(again["repeatLogin"], true);
    second.ok("enterRoom", json!({ "roomID": "500" })).await;
    second.ok("sendText", json!({ "roomID": "500", "text": "still here" })).await;
    // Another user on an already logged-in session is refused.
    assert_eq!(second.request("login", json!({ "userID": "erin", "userSig": sig("erin") })).await["code"], 60009);
}

#[actix_web::test]
async fn expired_usersig_kicks_with_usersig_expired() {
    let server = Server::start("");
    let mut c = Client::connect(&server).await;
    c.ok("login", json!({ "userID": "frank", "userSig": sig_expiring("frank", 2) })).await;
    let kicked = c.wait_for("expiry kick", 6, |v| v["event"] == "kicked").await;
    assert_eq!(kicked["data"]["reason"], "userSigExpired");
    assert_eq!(c.wait_close(5).await, Some(4002));
    // An already expired UserSig is refused at login with 70001.
    let mut d = Client::connect(&server).await;
    let old = liveroom_auth::usersig::sign(APP, SECRET, "frank", now() - 100, 10);
    assert_eq!(d.request("login", json!({ "userID": "frank", "userSig": old })).await["code"], 70001);
}

#[actix_web::test]
async fn login_failures_each_have_their_code() {
    let server = Server::start("");
    let mut c = Client::connect(&server).await;
    let wrong_key = liveroom_auth::usersig::sign(APP, "other-secret", "gina", now(), 100);
    let wrong_app = liveroom_auth::usersig::sign(APP + 1, SECRET, "gina", now(), 100);
    let cases = [
        (json!({ "userID": "gina", "userSig": wrong_key }), 70009),
        (json!({ "userID": "gina", "userSig": wrong_app }), 70014),
        (json!({ "userID": "gina", "userSig": sig("hank") }), 70013),
        (json!({ "userID": "gina", "userSig": "" }), 70002),
        (json!({ "userID": "gina", "userSig": "%%%notbase64" }), 70003),
        (json!({ "userID": "x".repeat(33), "userSig": sig("gina") }), 70107),
        (json!({ "userID": "bad id", "userSig": sig("gina") }), 70107),
    ];
    for (data, code) in cases {
        let res = c.request("login", data.clone()).await;
        assert_eq!(res["code"], code, "{data} -> {res}");
        assert!(res["message"].as_str().is_some_and(|m| !m.is_empty()));
    }
    // The session survived all of that.
    c.login("gina").await;
    // Unknown SDKAppID is refused at the upgrade.
    let (status, body) = server.get("/im?sdkappid=42").await;
    assert_eq!(status, 401, "{body}");
    assert!(body.contains("70020"));
}

#[actix_web::test]
async fn stop_push_reaches_viewers_as_high_priority_push_stopped() {
    let server = Server::start("");
    let mut anchor = Client::connect(&server).await;
    anchor.login("anchor").await;
    anchor.ok("createRoom", json!({ "roomID": "77" })).await;
    anchor.ok("enterRoom", json!({ "roomID": "77" })).await;
    let mut viewer = Client::connect(&server).await;
    viewer.login("vic").await;
    viewer.ok("enterRoom", json!({ "roomID": "77" })).await;
    anchor.ok("stopPush", json!({ "roomID": "77", "postscript": "bye for now", "clientMsgID": "stop-1" })).await;
    let m = viewer
        .wait_for("push_stopped", 5, |v| v["event"] == "message" && v["data"]["payload"]["data"] == "push_stopped")
        .await;
    assert_eq!(m["data"]["priority"], "High");
    assert_eq!(m["data"]["payload"]["description"], "bye for now");
    assert_eq!(m["data"]["clientMsgID"], "stop-1");
    assert_eq!(viewer.request("stopPush", json!({ "roomID": "77", "postscript": "fake" })).await["code"], 10007);
}

#[actix_web::test]
async fn room_rate_limit_drops_low_priorities_first_and_counts() {
    let server = Server::start("[chat]\nroom_rate = 20\nroom_burst = 20\nsend_rate = 1000\nframe_rate = 1000\n");
    create_room(&server, "owner", "9").await;
    let mut reader = Client::connect(&server).await;
    reader.ok("enterRoom", json!({ "roomID": "9" })).await;
    let mut senders = Vec::new();
    for i in 0..4 {
        let mut s = Client::connect(&server).await;
        s.login(&format!("s{i}")).await;
        s.ok("enterRoom", json!({ "roomID": "9" })).await;
        senders.push(s);
    }
    reader.drain_for(300).await;
    // 3 s of rounds every 100 ms: one HIGH (10/s, under the room's 20/s) and, from each of
    // 4 senders, one NORMAL, LOW and LOWEST (40/s each): the room is far over its rate.
    let mut acked = std::collections::HashMap::<&str, u32>::new();
    let mut ids = Vec::new();
    for round in 0..30 {
        let id =
            senders[0].fire("sendText", json!({ "roomID": "9", "text": format!("High {round}"), "priority": "High" }));
        ids.push((0, id, "High"));
        for (i, s) in senders.iter_mut().enumerate() {
            for p in ["Normal", "Low", "Lowest"] {
                let id =
                    s.fire("sendText", json!({ "roomID": "9", "text": format!("{p} {round} {i}"), "priority": p }));
                ids.push((i, id, p));
            }
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    for (i, id, p) in ids {
        let res = senders[i].wait_for("send answer", 10, |v| v["id"] == id).await;
        match res["code"].as_u64() {
            Some(0) => *acked.entry(p).or_default() += 1,
            Some(10023) => {}
            other => panic!("unexpected answer {other:?}: {res}"),
        }
    }
    let got = messages(&reader.drain_for(1500).await);
    let mut received = std::collections::HashMap::<String, u32>::new();
    for m in &got {
        if m["type"] == "TIMTextElem" {
            *received.entry(m["priority"].as_str().unwrap().to_owned()).or_default() += 1;
        }
    }
    // Everything acknowledged was delivered; nothing refused was.
    for p in ["High", "Normal", "Low", "Lowest"] {
        assert_eq!(
            received.get(p).copied().unwrap_or(0),
            acked.get(p).copied().unwrap_or(0),
            "priority {p}: acked {acked:?} vs received {received:?}"
        );
    }
    let count = |p: &str| acked.get(p).copied().unwrap_or(0);
    assert_eq!(count("High"), 30, "HIGH under the rate is never dropped: {acked:?}");
    assert!(
        count("Normal") > count("Low") && count("Low") >= count("Lowest"),
        "LOWEST, then LOW, then NORMAL: {acked:?}"
    );
    assert!(count("Lowest") <= 5, "LOWEST nearly all dropped: {acked:?}");
    assert!(count("Normal") >= 35, "NORMAL gets most of the rest of the rate: {acked:?}");
    let (_, metrics) = server.get("/metrics").await;
    assert!(
        metrics
            .lines()
            .any(|l| l.starts_with("liveroom_messages_dropped_total{priority=\"lowest\",reason=\"room_rate\"}")),
        "dropped counted"
    );
}

#[actix_web::test]
async fn likes_over_the_rate_are_folded_not_lost() {
    let server = Server::start("[chat]\nroom_rate = 5\nroom_burst = 5\nsend_rate = 1000\nframe_rate = 1000\n");
    create_room(&server, "owner", "10").await;
    let mut reader = Client::connect(&server).await;
    reader.ok("enterRoom", json!({ "roomID": "10" })).await;
    let mut fan = Client::connect(&server).await;
    fan.login("fan").await;
    fan.ok("enterRoom", json!({ "roomID": "10" })).await;
    let ids: Vec<u64> = (0..60).map(|_| fan.fire("sendCustom", json!({ "roomID": "10", "data": "like" }))).collect();
    for id in ids {
        let res = fan.wait_for("like ack", 10, |v| v["id"] == id).await;
        assert_eq!(res["code"], 0, "likes are never refused: {res}");
    }
    // Aggregates go out on the room's 1 s tick.
    let frames = reader.drain_for(2500).await;
    let mut total = 0u64;
    let mut aggregates = 0;
    for m in messages(&frames) {
        if m["payload"]["data"] == "like" {
            if m["from"] == "@TIM#SYSTEM" {
                aggregates += 1;
                let ext: Value = serde_json::from_str(m["payload"]["extension"].as_str().unwrap()).unwrap();
                total += ext["count"].as_u64().unwrap();
            } else {
                total += 1;
            }
        }
    }
    assert_eq!(total, 60, "every like counted once");
    assert!(aggregates >= 1);
}

#[actix_web::test]
async fn enter_gets_last_100_and_resume_gets_exactly_what_was_missed() {
    let server =
        Server::start("[chat]\nroom_rate = 10000\nroom_burst = 10000\nsend_rate = 10000\nframe_rate = 10000\n");
    create_room(&server, "owner", "11").await;
    let mut talker = Client::connect(&server).await;
    talker.login("talker").await;
    talker.ok("enterRoom", json!({ "roomID": "11" })).await;
    for i in 0..120 {
        talker.fire("sendText", json!({ "roomID": "11", "text": format!("m{i}") }));
    }
    talker.wait_for("last ack", 10, |v| v["data"]["message"]["payload"]["text"] == "m119").await;

    let mut late = Client::connect(&server).await;
    late.login("late").await;
    late.ok("enterRoom", json!({ "roomID": "11" })).await;
    let history = late.wait_for("history", 5, |v| v["event"] == "history").await;
    let texts: Vec<&str> = history["data"]["messages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["payload"]["text"].as_str().unwrap())
        .collect();
    assert_eq!(texts.len(), 100);
    assert_eq!(texts[0], "m20");
    assert_eq!(texts[99], "m119");
    let mut seen: Vec<u64> =
        history["data"]["messages"].as_array().unwrap().iter().map(|m| m["seq"].as_u64().unwrap()).collect();
    // Receive a few live ones, then drop the connection.
    for i in 0..5 {
        talker.ok("sendText", json!({ "roomID": "11", "text": format!("live{i}") })).await;
    }
    let frames = late.drain_for(500).await;
    seen.extend(messages(&frames).iter().map(|m| m["seq"].as_u64().unwrap()));
    let last_seq = *seen.iter().max().unwrap();
    drop(late);
    tokio::time::sleep(Duration::from_millis(300)).await;
    for i in 0..30 {
        talker.fire("sendText", json!({ "roomID": "11", "text": format!("missed{i}") }));
    }
    talker.wait_for("last missed ack", 10, |v| v["data"]["message"]["payload"]["text"] == "missed29").await;

    let mut back = Client::connect(&server).await;
    back.login("late").await;
    back.ok("enterRoom", json!({ "roomID": "11", "lastSeq": last_seq })).await;
    talker.ok("sendText", json!({ "roomID": "11", "text": "after" })).await;
    let frames = back.drain_for(800).await;
    let resumed = frames.iter().find(|f| f["event"] == "history").expect("resume history");
    assert_eq!(resumed["data"]["resumed"], true);
    let got: Vec<u64> = messages(&frames).iter().map(|m| m["seq"].as_u64().unwrap()).collect();
    let first = got[0];
    assert_eq!(first, last_seq + 1, "resumes right after the last seen message");
    assert!(got.windows(2).all(|w| w[1] == w[0] + 1), "gap-free and duplicate-free: {got:?}");
    let texts: Vec<String> =
        messages(&frames).iter().filter_map(|m| m["payload"]["text"].as_str().map(str::to_owned)).collect();
    let missed: Vec<String> = (0..30).map(|i| format!("missed{i}")).collect();
    assert_eq!(texts.iter().filter(|t| t.starts_with("missed")).cloned().collect::<Vec<_>>(), missed);
    assert_eq!(texts.last().map(String::as_str), Some("after"));
    assert!(seen.iter().all(|s| !got.contains(s)), "nothing seen before is repeated");
}

#[actix_web::test]
async fn bad_input_gets_codes_and_the_session_survives() {
    let server = Server::start("");
    create_room(&server, "owner", "12").await;
    let mut c = Client::connect(&server).await;
    c.send_text("{not json");
    assert_eq!(c.wait_for("invalid json", 5, |v| v["event"] == "error").await["data"]["code"], 60001);
    assert_eq!(c.request("teleport", json!({})).await["code"], 60002);
    assert_eq!(c.request("sendText", json!({ "roomID": "12", "text": "x" })).await["code"], 60004);
    assert_eq!(c.request("enterRoom", json!({ "roomID": "../etc" })).await["code"], 10004);
    assert_eq!(c.request("enterRoom", json!({})).await["code"], 10004);
    c.login("ivy").await;
    assert_eq!(c.request("sendText", json!({ "roomID": "12", "text": "x" })).await["code"], 60005);
    c.ok("enterRoom", json!({ "roomID": "12" })).await;
    let long = "x".repeat(12 * 1024 + 1);
    assert_eq!(c.request("sendText", json!({ "roomID": "12", "text": long })).await["code"], 80002);
    // Oversized frame (over 32 KiB): refused with its code as the answer to its request
    // (the error names the request's id), session goes on.
    c.send_text(format!("{{\"id\":99,\"cmd\":\"ping\",\"pad\":\"{}\"}}", "y".repeat(40 * 1024)));
    assert_eq!(c.wait_for("frame too large", 5, |v| v["id"] == 99).await["code"], 60003);
    c.send_raw(tokio_tungstenite::tungstenite::Message::binary(vec![1u8, 2, 3]));
    assert_eq!(c.wait_for("binary", 5, |v| v["data"]["code"] == 60008).await["event"], "error");
    c.ok("ping", json!({})).await;
    let sent = c.ok("sendText", json!({ "roomID": "12", "text": "still alive" })).await;
    assert_eq!(sent["message"]["payload"]["text"], "still alive");
}

#[actix_web::test]
async fn per_user_send_limit_and_connection_flood_are_bounded() {
    let server = Server::start("[chat]\nsend_rate = 5\nframe_rate = 20\n");
    create_room(&server, "owner", "13").await;
    let mut c = Client::connect(&server).await;
    c.login("jay").await;
    c.ok("enterRoom", json!({ "roomID": "13" })).await;
    let ids: Vec<u64> =
        (0..30).map(|i| c.fire("sendText", json!({ "roomID": "13", "text": format!("{i}") }))).collect();
    let mut limited = 0;
    let mut ok = 0;
    let frames = c.drain_for(1500).await;
    for id in &ids {
        if let Some(r) = frames.iter().find(|f| f["id"] == *id) {
            match r["code"].as_u64() {
                Some(0) => ok += 1,
                Some(10023) => limited += 1,
                _ => {}
            }
        }
    }
    let floods = frames.iter().filter(|f| f["data"]["code"] == 60007).count();
    assert!((5..=15).contains(&ok), "send limit keeps a burst: ok {ok}");
    assert!(limited + floods >= 10, "the rest is refused: limited {limited}, flood {floods}");
    // After a pause the session works again.
    tokio::time::sleep(Duration::from_millis(1500)).await;
    c.ok("ping", json!({})).await;

    // A connection that keeps flooding is closed as a policy violation.
    let mut flooder = Client::connect(&server).await;
    for _ in 0..400 {
        flooder.send_text(r#"{"cmd":"ping"}"#);
    }
    assert_eq!(flooder.wait_close(10).await, Some(4003));
}

#[actix_web::test]
async fn slow_reader_loses_low_priority_and_never_slows_others() {
    // 12 MB in all: more than loopback socket buffers can hide.
    const SLOW_N: usize = 1500;
    let server = Server::start(
        "[chat]\nroom_rate = 100000\nroom_burst = 100000\nsend_rate = 100000\nframe_rate = 100000\nqueue_max_frames = 64\nqueue_stall_secs = 3\n",
    );
    create_room(&server, "owner", "14").await;
    // A raw socket that enters and then never reads.
    let url = format!("ws://{}/im?sdkappid={APP}", server.addr);
    let (mut slow, _) = tokio_tungstenite::connect_async(url).await.unwrap();
    {
        use futures_util::SinkExt;
        slow.send(tokio_tungstenite::tungstenite::Message::text(
            r#"{"id":1,"cmd":"enterRoom","data":{"roomID":"14"}}"#,
        ))
        .await
        .unwrap();
    }
    let mut fast = Client::connect(&server).await;
    fast.ok("enterRoom", json!({ "roomID": "14" })).await;
    let mut talker = Client::connect(&server).await;
    talker.login("talker").await;
    talker.ok("enterRoom", json!({ "roomID": "14" })).await;
    tokio::time::sleep(Duration::from_millis(200)).await;
    let start = Instant::now();
    let payload = "z".repeat(8000);
    for i in 0..SLOW_N {
        talker.fire("sendText", json!({ "roomID": "14", "text": format!("{i} {payload}"), "priority": "Low" }));
    }
    let mut got = 0;
    while got < SLOW_N {
        let f = fast.wait_for("message", 20, |v| v["event"] == "message" && v["data"]["type"] == "TIMTextElem").await;
        assert_eq!(f["data"]["payload"]["text"].as_str().unwrap().split(' ').next().unwrap(), got.to_string());
        got += 1;
    }
    assert!(start.elapsed() < Duration::from_secs(20), "fast reader got all {SLOW_N} in {:?}", start.elapsed());
    // The slow reader's queue overflowed: it lost LOW messages and was told, or was cut off.
    tokio::time::sleep(Duration::from_secs(4)).await;
    use futures_util::StreamExt;
    let mut lost = 0u64;
    let mut texts = 0u64;
    let mut close = None;
    let deadline = Instant::now() + Duration::from_secs(20);
    while Instant::now() < deadline {
        match tokio::time::timeout(Duration::from_secs(2), slow.next()).await {
            Ok(Some(Ok(tokio_tungstenite::tungstenite::Message::Text(t)))) => {
                for line in t.as_str().split('\n') {
                    let v: Value = serde_json::from_str(line).unwrap();
                    if v["event"] == "lost" {
                        lost += v["data"]["count"].as_u64().unwrap();
                    } else if v["event"] == "message" {
                        texts += 1;
                    }
                }
            }
            Ok(Some(Ok(tokio_tungstenite::tungstenite::Message::Close(f)))) => {
                close = f.map(|f| u16::from(f.code));
                break;
            }
            Ok(Some(Ok(_))) => {}
            _ => break,
        }
    }
    assert!(lost > 0 || close == Some(4100), "slow reader was told of losses ({lost}) or closed as slow ({close:?})");
    assert!(texts < SLOW_N as u64, "slow reader did not get everything: {texts}");
    let (_, metrics) = server.get("/metrics").await;
    assert!(metrics.contains("reason=\"slow_consumer\""), "slow-consumer drops are counted");
}

/// The server's side of WebSocket framing, seen with raw frames: fragments are joined,
/// pings answered with their payload, binary refused, an over-cap fragmented message
/// refused and closed (4003), and the client's own close answered with 1000.
#[actix_web::test]
async fn websocket_fragments_pings_and_closes_follow_rfc_6455() {
    use futures_util::{SinkExt, StreamExt};
    use tokio_tungstenite::tungstenite::protocol::frame::coding::{Data, OpCode};
    use tokio_tungstenite::tungstenite::protocol::frame::Frame;
    use tokio_tungstenite::tungstenite::Message;

    type Ws = tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>>;
    async fn next(ws: &mut Ws) -> Message {
        match tokio::time::timeout(Duration::from_secs(5), ws.next()).await {
            Ok(Some(Ok(m))) => m,
            other => panic!("no frame from the server: {other:?}"),
        }
    }
    async fn next_json(ws: &mut Ws) -> Value {
        loop {
            match next(ws).await {
                Message::Text(t) => return serde_json::from_str(t.as_str()).expect("JSON"),
                Message::Ping(_) | Message::Pong(_) => continue,
                other => panic!("expected text, got {other:?}"),
            }
        }
    }
    async fn close_code(ws: &mut Ws) -> u16 {
        loop {
            match next(ws).await {
                Message::Close(Some(f)) => return u16::from(f.code),
                Message::Close(None) => panic!("close without a code"),
                _ => continue,
            }
        }
    }
    let fragment =
        |data: &str, op: Data, fin: bool| Message::Frame(Frame::message(data.to_owned(), OpCode::Data(op), fin));

    let server = Server::start("");
    let url = format!("ws://{}/im?sdkappid={APP}", server.addr);
    let (mut ws, _) = tokio_tungstenite::connect_async(url.clone()).await.expect("connect");

    // A login split over three frames is one request.
    let login = json!({ "id": 7, "cmd": "login", "data": { "userID": "frag", "userSig": sig("frag") } }).to_string();
    let (a, rest) = login.split_at(10);
    let (b, c) = rest.split_at(rest.len() / 2);
    ws.send(fragment(a, Data::Text, false)).await.expect("send");
    ws.send(fragment(b, Data::Continue, false)).await.expect("send");
    ws.send(fragment(c, Data::Continue, true)).await.expect("send");
    let answer = next_json(&mut ws).await;
    assert_eq!((answer["id"].as_u64(), answer["code"].as_u64()), (Some(7), Some(0)), "{answer}");

    // A ping is answered with the same payload.
    ws.send(Message::Ping(b"are you there".to_vec().into())).await.expect("send");
    loop {
        match next(&mut ws).await {
            Message::Pong(p) => {
                assert_eq!(&p[..], b"are you there");
                break;
            }
            Message::Ping(_) => continue,
            other => panic!("expected the pong, got {other:?}"),
        }
    }

    // Binary is refused and the session goes on.
    ws.send(Message::Binary(vec![1, 2, 3].into())).await.expect("send");
    let refused = next_json(&mut ws).await;
    assert_eq!(refused["data"]["code"], 60008, "{refused}");
    ws.send(Message::text(json!({ "id": 8, "cmd": "getMyProfile", "data": {} }).to_string())).await.expect("send");
    assert_eq!(next_json(&mut ws).await["code"], 0);

    // The client's close gets the normal-closure answer.
    ws.send(Message::Close(None)).await.expect("send");
    assert_eq!(close_code(&mut ws).await, 1000);

    // A message of fragments above the cap (4 × 32 KiB) is refused and the socket closed.
    let (mut big, _) = tokio_tungstenite::connect_async(url).await.expect("connect");
    let chunk = "x".repeat(40 * 1024);
    big.send(fragment(&chunk, Data::Text, false)).await.expect("send");
    for _ in 0..3 {
        big.send(fragment(&chunk, Data::Continue, false)).await.expect("send");
    }
    let _ = big.send(fragment(&chunk, Data::Continue, true)).await;
    let refused = next_json(&mut big).await;
    assert_eq!(refused["data"]["code"], 60003, "{refused}");
    assert_eq!(close_code(&mut big).await, 4003);
}

/// `IM.sendImageMessage`: the image is uploaded (type read from its bytes, size and
/// pixel count capped, bounded per room and per user), kept with the room's data (a
/// restart keeps it), served immutable with TIM's `imageInfoArray` sizes, and sent as a
/// `TIMImageElem` only by its uploader, to its room, unchanged.
#[actix_web::test]
async fn images_are_uploaded_checked_kept_served_and_sent_by_their_uploader_only() {
    let mut server =
        Server::start("[server]\nlimit_exempt = []\n[chat]\nimage_max_bytes = 4096\nimages_per_room = 3\n");
    create_room(&server, "anchor", "img1").await;
    create_room(&server, "anchor", "img2").await;
    let mut alice = Client::connect(&server).await;
    alice.login("alice").await;
    alice.ok("enterRoom", json!({ "roomID": "img1" })).await;
    let mut bob = Client::connect(&server).await;
    bob.login("bob").await;
    bob.ok("enterRoom", json!({ "roomID": "img1" })).await;

    let (status, image) = upload_image(&server, "img1", Some("alice"), PNG_4X3.to_vec()).await;
    assert_eq!(status, 201, "{image}");
    assert_eq!(image["imageFormat"], 3, "{image}");
    let sizes = image["imageInfoArray"].as_array().expect("imageInfoArray");
    assert_eq!(sizes.len(), 3, "original, large, thumbnail: {image}");
    for (i, info) in sizes.iter().enumerate() {
        assert_eq!(
            (info["type"].as_u64(), info["width"].as_u64(), info["height"].as_u64()),
            (Some(i as u64), Some(4), Some(3))
        );
        assert_eq!(info["size"].as_u64(), Some(PNG_4X3.len() as u64));
    }
    let url = sizes[0]["url"].as_str().expect("url").to_owned();
    assert!(url.starts_with("/images/local/") && url.ends_with(".png"), "{url}");
    let (status, headers, body) = fetch(&server, &url).await;
    assert_eq!((status, body.as_slice()), (200, PNG_4X3));
    assert_eq!(headers.get("content-type").and_then(|v| v.to_str().ok()), Some("image/png"));
    let cache = headers.get("cache-control").and_then(|v| v.to_str().ok()).unwrap_or_default();
    assert!(cache.contains("immutable") && cache.contains("max-age=31536000"), "{cache}");
    assert_eq!(headers.get("x-content-type-options").and_then(|v| v.to_str().ok()), Some("nosniff"));

    // Sent as it was answered: everyone in the room gets TIM's image payload.
    let sent = alice.ok("sendImage", json!({ "roomID": "img1", "image": image, "clientMsgID": "i1" })).await;
    assert_eq!(sent["message"]["type"], "TIMImageElem", "{sent}");
    let got =
        bob.wait_for("the image message", 5, |f| f["event"] == "message" && f["data"]["type"] == "TIMImageElem").await;
    let message = &got["data"];
    assert_eq!((message["type"].as_str(), message["from"].as_str()), (Some("TIMImageElem"), Some("alice")));
    assert_eq!(message["payload"]["uuid"], image["uuid"]);
    assert_eq!(message["payload"]["imageInfoArray"], image["imageInfoArray"]);

    // Only the uploader, only to that room, only unchanged.
    bob.ok("enterRoom", json!({ "roomID": "img2" })).await;
    let e = bob.request("sendImage", json!({ "roomID": "img1", "image": image })).await;
    assert_eq!(e["code"], 10007, "another user's upload: {e}");
    alice.ok("enterRoom", json!({ "roomID": "img2" })).await;
    let e = alice.request("sendImage", json!({ "roomID": "img2", "image": image })).await;
    assert_eq!(e["code"], 10007, "another room: {e}");
    let mut tampered = image.clone();
    for info in tampered["imageInfoArray"].as_array_mut().unwrap() {
        info["url"] = json!("https://tracker.example/pixel.png");
    }
    let e = alice.request("sendImage", json!({ "roomID": "img1", "image": tampered })).await;
    assert_eq!(e["code"], 10007, "a URL of the sender's choosing: {e}");
    let mut anon = Client::connect(&server).await;
    anon.ok("enterRoom", json!({ "roomID": "img1" })).await;
    assert_eq!(anon.request("sendImage", json!({ "roomID": "img1", "image": image })).await["code"], 60004);
    assert!(bob.try_wait_for(300, |f| f["event"] == "message" && f["data"]["type"] == "TIMImageElem").await.is_none());

    // Uploads refused, each with its status and code; nothing is stored for them.
    let (status, e) = upload_image(&server, "img1", None, PNG_4X3.to_vec()).await;
    assert_eq!((status, e["code"].as_u64().map(|c| c / 10000)), (401, Some(7)), "no valid UserSig: {e}");
    let svg = b"<svg xmlns='http://www.w3.org/2000/svg' onload='alert(1)'/>".to_vec();
    let (status, e) = upload_image(&server, "img1", Some("alice"), svg).await;
    assert_eq!((status, e["code"].as_u64()), (415, Some(60024)), "an SVG: {e}");
    let (status, e) = upload_image(&server, "img1", Some("alice"), b"plain text pretending".to_vec()).await;
    assert_eq!((status, e["code"].as_u64()), (415, Some(60024)), "{e}");
    let mut big = PNG_4X3.to_vec();
    big.resize(5000, 0);
    let (status, e) = upload_image(&server, "img1", Some("alice"), big).await;
    assert_eq!((status, e["code"].as_u64()), (413, Some(80002)), "over image_max_bytes: {e}");
    let mut bomb = PNG_4X3.to_vec();
    bomb[16..20].copy_from_slice(&100_000u32.to_be_bytes());
    let (status, e) = upload_image(&server, "img1", Some("alice"), bomb).await;
    assert_eq!((status, e["code"].as_u64()), (400, Some(10004)), "a pixel bomb: {e}");
    let (status, e) = upload_image(&server, "nosuchroom", Some("alice"), PNG_4X3.to_vec()).await;
    assert_eq!((status, e["code"].as_u64()), (404, Some(10015)), "{e}");
    let (status, e) = upload_image(&server, "img1", Some("alice"), Vec::new()).await;
    assert_eq!(status, 400, "{e}");
    // images_per_room = 3.
    for _ in 0..2 {
        assert_eq!(upload_image(&server, "img1", Some("bob"), PNG_4X3.to_vec()).await.0, 201);
    }
    let (status, e) = upload_image(&server, "img1", Some("bob"), PNG_4X3.to_vec()).await;
    assert_eq!((status, e["code"].as_u64()), (429, Some(60028)), "the room's images are capped: {e}");
    // 20 a minute per user, counted before anything else is looked at.
    for i in 0..20 {
        let (status, e) = upload_image(&server, "nosuchroom", Some("carol"), PNG_4X3.to_vec()).await;
        assert_eq!(status, 404, "upload {i}: {e}");
    }
    let (status, e) = upload_image(&server, "img2", Some("carol"), PNG_4X3.to_vec()).await;
    assert_eq!((status, e["code"].as_u64()), (429, Some(10023)), "uploads per user are rate-limited: {e}");
    assert_eq!(upload_image(&server, "img2", Some("dave"), PNG_4X3.to_vec()).await.0, 201, "another user is not");

    // Only files the store wrote are served.
    for path in [
        format!("/images/local/{APP}/696d6731/..%2F..%2Fliveroom.toml"),
        format!("/images/local/{APP}/..%2F/x.png"),
        format!("/images/local/{APP}/696d6731/00000000000000000000000000000000.png"),
        format!("/images/other-node/{APP}/696d6731/00000000000000000000000000000000.png"),
        url.replace("/images/local/", "/images/local/../local/"),
    ] {
        assert_eq!(fetch(&server, &path).await.0, 404, "{path}");
    }

    // Kept with the room's data: a killed and restarted server still serves it.
    server.restart();
    let (status, _, body) = fetch(&server, &url).await;
    assert_eq!((status, body.as_slice()), (200, PNG_4X3));
    let (_, metrics) = server.get("/metrics").await;
    assert_eq!(metric(&metrics, "liveroom_chat_images_total{outcome=\"stored\"}"), 0.0, "a new process counts anew");
}

/// The backend's answer to a before-send call, by the message's text.
fn backend(call: &Value) -> (u16, String, Duration) {
    let text = call["message"]["payload"]["text"].as_str().unwrap_or_default();
    let ok = |v: Value| (200, v.to_string(), Duration::ZERO);
    if text.contains("forbidden") {
        ok(json!({ "action": "refuse", "message": "no forbidden words here" }))
    } else if text.contains("rewrite me") {
        ok(json!({ "action": "rewrite", "payload": { "text": "[edited by the app]" } }))
    } else if text.contains("into an image") {
        ok(json!({ "action": "rewrite", "payload": { "uuid": "x", "imageFormat": 3, "imageInfoArray": [] } }))
    } else if text.contains("slow") {
        (200, json!({ "action": "allow" }).to_string(), Duration::from_millis(1500))
    } else if text.contains("garbage") {
        (200, "<html>not json</html>".into(), Duration::ZERO)
    } else {
        ok(json!({ "action": "allow" }))
    }
}

/// `[before_send]`: the app's backend sees each message first (signed) and lets it through,
/// refuses it (60029 with its reason, nobody gets it) or rewrites it; a backend that is
/// slow or answers nonsense is a failure, decided by `on_failure`; likes skip it; the
/// sender's messages stay in order.
#[actix_web::test]
async fn before_send_callback_allows_refuses_rewrites_and_fails_as_configured() {
    for on_failure in ["allow", "refuse"] {
        let receiver = hooks::Receiver::answering(backend);
        let server = Server::start(&format!(
            "[before_send]\nurl = \"{}/check\"\ntimeout_ms = 300\non_failure = \"{on_failure}\"\n",
            receiver.url
        ));
        create_room(&server, "anchor", "cb1").await;
        let mut alice = Client::connect(&server).await;
        alice.login("alice").await;
        alice.ok("enterRoom", json!({ "roomID": "cb1" })).await;
        let mut bob = Client::connect(&server).await;
        bob.login("bob").await;
        bob.ok("enterRoom", json!({ "roomID": "cb1" })).await;

        alice.ok("sendText", json!({ "roomID": "cb1", "text": "hello" })).await;
        let e = alice.request("sendText", json!({ "roomID": "cb1", "text": "a forbidden thing" })).await;
        assert_eq!((e["code"].as_u64(), e["message"].as_str()), (Some(60029), Some("no forbidden words here")), "{e}");
        let sent = alice.ok("sendText", json!({ "roomID": "cb1", "text": "please rewrite me" })).await;
        assert_eq!(sent["message"]["payload"]["text"], "[edited by the app]", "{sent}");
        let e = alice.request("sendText", json!({ "roomID": "cb1", "text": "turn me into an image" })).await;
        assert_eq!(e["code"], 60029, "a rewrite may not change the type: {e}");
        alice.ok("sendCustom", json!({ "roomID": "cb1", "data": "like" })).await;
        let slow = alice.request("sendText", json!({ "roomID": "cb1", "text": "slow backend" })).await;
        let garbage = alice.request("sendText", json!({ "roomID": "cb1", "text": "garbage answer" })).await;
        if on_failure == "allow" {
            assert_eq!((slow["code"].as_u64(), garbage["code"].as_u64()), (Some(0), Some(0)), "{slow} {garbage}");
        } else {
            assert_eq!((slow["code"].as_u64(), garbage["code"].as_u64()), (Some(60029), Some(60029)));
        }
        alice.ok("sendText", json!({ "roomID": "cb1", "text": "last" })).await;

        // Bob got exactly what was let through, in the order it was sent (frames before
        // the last one wait in his backlog).
        bob.wait_for("the last message", 5, |f| f["event"] == "message" && f["data"]["payload"]["text"] == "last")
            .await;
        let mut got: Vec<String> = messages(&bob.backlog)
            .iter()
            .filter(|m| m["type"] == "TIMTextElem")
            .filter_map(|m| m["payload"]["text"].as_str().map(str::to_owned))
            .collect();
        got.push("last".into());
        let mut want = vec!["hello", "[edited by the app]"];
        if on_failure == "allow" {
            want.extend(["slow backend", "garbage answer"]);
        }
        want.push("last");
        assert_eq!(got, want, "on_failure = {on_failure}");

        // Every checked message reached the backend signed; the like did not.
        let calls = receiver.seen();
        assert_eq!(calls.len(), 7, "{calls:?}");
        for call in &calls {
            assert_eq!(call.event, "message.before_send");
            assert_eq!(call.json["message"]["from"], "alice");
            assert_eq!(call.json["message"]["roomID"], "cb1");
            assert_eq!(call.json["message"]["type"], "TIMTextElem");
            use hmac::Mac;
            let mut mac = hmac::Hmac::<sha2::Sha256>::new_from_slice(SECRET.as_bytes()).unwrap();
            mac.update(format!("{}.{}", call.timestamp, call.body).as_bytes());
            let hex: String = mac.finalize().into_bytes().iter().map(|b| format!("{b:02x}")).collect();
            assert_eq!(call.signature, format!("v1={hex}"));
        }
        let (_, metrics) = server.get("/metrics").await;
        let failed = format!(
            "liveroom_before_send_total{{outcome=\"failed_{}\"}}",
            if on_failure == "allow" { "allowed" } else { "refused" }
        );
        assert_eq!(metric(&metrics, &failed), 2.0, "{metrics}");
        assert_eq!(metric(&metrics, "liveroom_before_send_total{outcome=\"refused\"}"), 1.0);
    }
}
