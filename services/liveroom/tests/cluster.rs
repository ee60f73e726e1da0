//! `liveroom node`: three node processes sharing one real etcd (Debian's etcd-server on
//! loopback, non-default ports): chat across nodes, an owner killed with SIGKILL, a drain
//! during continuous chat, and etcd going away and coming back.

mod common;

use std::collections::{HashMap, HashSet};
use std::time::{Duration, Instant};

use common::ice::*;
use common::images::*;
use common::*;
use liveroom_cluster::{Directory, EtcdDirectory, NodeId, NodeInfo};
use serde_json::{json, Value};

const PREFIX: &str = "/lrtest";
const CLUSTER: &str = "[cluster]\nlease_ttl_secs = 2\nprefix = \"/lrtest\"\ndrain_timeout_secs = 10\n\n[chat]\nsend_rate = 100\nroom_rate = 200\nroom_burst = 200\n";

fn node(etcd: &Etcd, id: &str) -> Server {
    Server::start_with(&["node", "--etcd", &etcd.endpoint, "--node-id", id], CLUSTER)
}

/// Three nodes, each ready (registered).
async fn three_nodes(etcd: &Etcd) -> Vec<Server> {
    let nodes = vec![node(etcd, "node-a"), node(etcd, "node-b"), node(etcd, "node-c")];
    for n in &nodes {
        assert_eq!(n.get("/readyz").await.0, 200);
    }
    // Every node's watch sees the others before placements start.
    tokio::time::sleep(Duration::from_millis(300)).await;
    nodes
}

/// A directory client that reads placements (marked draining so nothing is placed on it).
async fn observer(etcd: &Etcd) -> EtcdDirectory {
    let info = NodeInfo {
        http: String::new(),
        media: String::new(),
        draining: true,
        lease: 0,
        load: 0,
        internal: String::new(),
    };
    EtcdDirectory::connect(
        std::slice::from_ref(&etcd.endpoint),
        PREFIX,
        NodeId("observer".into()),
        &info,
        Duration::from_secs(5),
        100,
    )
    .await
    .expect("observer joins etcd")
}

/// Index (in `nodes`) of the node that owns `room` now.
async fn owner_index(obs: &EtcdDirectory, room: &str) -> usize {
    let id = liveroom_protocol::RoomId::new(room).unwrap();
    let placement = obs.place_room(APP, &id).await.expect("placement");
    ["node-a", "node-b", "node-c"].iter().position(|n| *n == placement.node.0).expect("placed on a test node")
}

async fn member(server: &Server, user: &str, room: &str) -> Client {
    let mut c = Client::connect(server).await;
    c.login(user).await;
    c.ok("enterRoom", json!({ "roomID": room })).await;
    c
}

fn text_of(v: &Value) -> Option<&str> {
    (v["event"] == "message").then(|| v["data"]["payload"]["text"].as_str()).flatten()
}

/// Waits for a message with `text`; it stays in the backlog (after what came before it).
async fn wait_text(c: &mut Client, text: &str, secs: u64) -> Value {
    if let Some(v) = c.backlog.iter().find(|v| text_of(v) == Some(text)) {
        return v.clone();
    }
    let t = text.to_owned();
    let found = c.wait_for(text, secs, move |v| text_of(v) == Some(t.as_str())).await;
    c.backlog.push(found.clone());
    found
}

/// The sum of every series whose line starts with `name` (all label sets of a family).
fn metric_sum(body: &str, name: &str) -> f64 {
    body.lines().filter(|l| l.starts_with(name)).filter_map(|l| l.rsplit(' ').next()?.parse::<f64>().ok()).sum()
}

#[actix_web::test]
async fn members_on_three_nodes_chat_in_one_room() {
    let etcd = Etcd::start();
    let nodes = three_nodes(&etcd).await;
    create_room(&nodes[0], "owner", "601").await;
    let mut clients = Vec::new();
    for (i, n) in nodes.iter().enumerate() {
        clients.push(member(n, &format!("user-{i}"), "601").await);
    }
    let obs = observer(&etcd).await;
    let owner = owner_index(&obs, "601").await;
    for (i, c) in clients.iter_mut().enumerate() {
        c.ok("sendText", json!({ "roomID": "601", "text": format!("hello from {i}") })).await;
    }
    // Everyone gets every message, with the same sequence number everywhere.
    let mut seqs: Vec<Vec<u64>> = Vec::new();
    for c in clients.iter_mut() {
        let mut mine = Vec::new();
        for i in 0..3 {
            let m = wait_text(c, &format!("hello from {i}"), 10).await;
            mine.push(m["data"]["seq"].as_u64().unwrap());
        }
        seqs.push(mine);
    }
    assert!(seqs.windows(2).all(|w| w[0] == w[1]), "sequence numbers differ between nodes: {seqs:?}");
    // Room info answered by the owner from any node.
    let info = clients[(owner + 1) % 3].ok("getRoomInfo", json!({ "roomID": "601" })).await;
    assert_eq!(info["memberCount"], 3, "{info}");
    // Fan-out crossed the links; the gateway nodes count their remote members.
    let (_, metrics) = nodes[(owner + 1) % 3].get("/metrics").await;
    assert!(metric_sum(&metrics, "liveroom_cluster_link_frames_total{dir=\"in\"}") > 0.0, "{metrics}");
    assert_eq!(metric_sum(&metrics, "liveroom_cluster_gateway_members"), 1.0);
    assert!(metric_sum(&metrics, "liveroom_cluster_nodes") >= 3.0);

    // An image uploaded through one node is sent to everyone and served by every node
    // (proxied to the node that holds it).
    let (status, image) = upload_image(&nodes[1], "601", Some("user-1"), PNG_4X3.to_vec()).await;
    assert_eq!(status, 201, "{image}");
    let url = image["imageInfoArray"][0]["url"].as_str().expect("url").to_owned();
    assert!(url.starts_with("/images/node-b/"), "{url}");
    clients[1].ok("sendImage", json!({ "roomID": "601", "image": image })).await;
    let got = clients[2].wait_for("the image", 10, |f| f["data"]["type"] == "TIMImageElem").await;
    assert_eq!(got["data"]["payload"]["imageInfoArray"], image["imageInfoArray"]);
    for n in &nodes {
        let (status, headers, body) = fetch(n, &url).await;
        assert_eq!((status, body.as_slice()), (200, PNG_4X3), "from {}", n.addr);
        assert!(headers.get("cache-control").is_some_and(|v| v.to_str().unwrap_or("").contains("immutable")));
    }
}

/// The room's owner is killed (SIGKILL) during chat. Its follower, which holds every
/// message the owner acknowledged, takes the room over when the owner's lease expires;
/// members on the other nodes re-attach and resume exactly: every acknowledged message
/// once, in order, one incarnation, no `gap`.
#[actix_web::test]
async fn a_killed_owners_follower_carries_the_room_on_and_nothing_acknowledged_is_lost() {
    let etcd = Etcd::start();
    let mut nodes = three_nodes(&etcd).await;
    create_room(&nodes[0], "owner", "602").await;
    let mut seed = member(&nodes[0], "seed", "602").await;
    let obs = observer(&etcd).await;
    let owner = owner_index(&obs, "602").await;
    seed.ok("exitRoom", json!({ "roomID": "602" })).await;
    let (x, y) = ((owner + 1) % 3, (owner + 2) % 3);
    let mut on_x = member(&nodes[x], "talker", "602").await;
    let mut on_y = member(&nodes[y], "listener", "602").await;
    let mut acked: Vec<u64> = Vec::new();
    let mut ids: HashSet<String> = HashSet::new();
    let send = async |c: &mut Client, text: String| -> Option<(u64, String)> {
        let res = c.request("sendText", json!({ "roomID": "602", "text": text })).await;
        (res["code"] == 0).then(|| {
            let m = &res["data"]["message"];
            (m["seq"].as_u64().unwrap(), m["ID"].as_str().unwrap_or_default().to_owned())
        })
    };
    for i in 0..20 {
        let (seq, id) = send(&mut on_x, format!("before {i}")).await.expect("acknowledged while the owner lives");
        acked.push(seq);
        ids.insert(id);
    }
    wait_text(&mut on_y, "before 19", 10).await;
    // The follower holds the room's state (the metric of copies on the other nodes).
    let mut copies = 0.0;
    for i in [x, y] {
        copies += metric_sum(&nodes[i].get("/metrics").await.1, "liveroom_cluster_replicas");
    }
    assert_eq!(copies, 1.0, "one follower keeps the room's copy");
    // An admin's mute, answered through another node: answered means the follower holds it.
    let admin = nodes[x].auth(ADMIN);
    let mute = json!({ "userID": "listener", "seconds": 600 });
    let (status, body) = nodes[x].send_json("POST", &format!("/api/admin/rooms/602/mute?{admin}"), mute).await;
    assert_eq!(status, 200, "{body}");

    nodes[owner].kill();
    let killed = Instant::now();
    // The follower takes the room when the owner's lease (2 s) expires and the gateways
    // re-attach; until then sends fail (retryable) and are not acknowledged.
    let mut n = 0;
    let recovered = loop {
        assert!(killed.elapsed() < Duration::from_secs(20), "the room did not come back");
        n += 1;
        if let Some((seq, id)) = send(&mut on_x, format!("after {n}")).await {
            acked.push(seq);
            ids.insert(id);
            break killed.elapsed();
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    };
    for i in 0..10 {
        let (seq, id) = send(&mut on_x, format!("later {i}")).await.expect("acknowledged by the new owner");
        acked.push(seq);
        ids.insert(id);
    }
    eprintln!("failover: the follower acknowledged again {recovered:?} after SIGKILL (lease 2 s)");
    assert!(recovered < Duration::from_secs(8), "recovery took {recovered:?}");
    wait_text(&mut on_y, "later 9", 10).await;
    wait_text(&mut on_x, "later 9", 10).await;
    for (who, c) in [("listener", &on_y), ("talker", &on_x)] {
        assert!(!c.backlog.iter().any(|v| v["event"] == "gap"), "{who} was told of a gap: {:?}", c.backlog);
        check_exactly_once(&seqs_in(&c.backlog), &acked, who);
    }
    // One incarnation: message ids are `<incarnation>-<seq>`.
    let incarnations: HashSet<&str> = ids.iter().filter_map(|id| id.split('-').next()).collect();
    assert_eq!(incarnations.len(), 1, "the room restarted: {ids:?}");
    assert!(acked.windows(2).all(|w| w[1] > w[0]), "seqs went backwards: {acked:?}");
    let muted = on_y.request("sendText", json!({ "roomID": "602", "text": "still muted?" })).await;
    assert_eq!(muted["code"], 10017, "the mute answered before the owner died holds: {muted}");
    let now_owner = owner_index(&obs, "602").await;
    assert_ne!(now_owner, owner);
    let (_, metrics) = nodes[now_owner].get("/metrics").await;
    assert_eq!(metric_sum(&metrics, "liveroom_cluster_migrations_total{kind=\"promoted\"}"), 1.0, "{metrics}");
}

#[actix_web::test]
async fn draining_the_owner_during_chat_loses_and_duplicates_nothing() {
    let etcd = Etcd::start();
    let mut nodes = three_nodes(&etcd).await;
    create_room(&nodes[0], "owner", "603").await;
    let mut seed = member(&nodes[0], "seed", "603").await;
    let obs = observer(&etcd).await;
    let owner = owner_index(&obs, "603").await;
    seed.ok("exitRoom", json!({ "roomID": "603" })).await;
    let (x, y) = ((owner + 1) % 3, (owner + 2) % 3);
    let mut sender = member(&nodes[x], "sender", "603").await;
    let mut far = member(&nodes[y], "far", "603").await;
    let mut near = member(&nodes[owner], "near", "603").await;

    const TOTAL: usize = 120;
    let mut acked = Vec::new();
    let mut drained = false;
    let mut sent_at = Vec::new();
    for i in 0..TOTAL {
        if i == TOTAL / 3 {
            nodes[owner].terminate_async();
            drained = true;
        }
        let started = Instant::now();
        let res = sender.request("sendText", json!({ "roomID": "603", "text": format!("m{i}") })).await;
        assert_eq!(res["code"], 0, "message {i} was refused during the drain: {res}");
        acked.push(res["data"]["message"]["seq"].as_u64().unwrap());
        sent_at.push(started.elapsed());
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    assert!(drained);
    let status = nodes[owner].wait_exit(20).expect("the drained node exited");
    assert!(status.success(), "drained node exit status {status:?}");
    let slowest = sent_at.iter().max().unwrap();
    eprintln!("drain: slowest send acknowledged in {slowest:?}");

    // The member on the drained node was told to reconnect; it resumes on another node.
    assert_eq!(near.wait_close(15).await, Some(4101));
    let mut seen: Vec<u64> = seqs_in(&near.backlog);
    let last = *seen.iter().max().unwrap_or(&0);
    let mut back = Client::connect(&nodes[x]).await;
    back.login("near").await;
    // The resumed history arrives before the answer.
    let resumed = back.ok("enterRoom", json!({ "roomID": "603", "lastSeq": last })).await;
    assert_eq!(resumed["status"], "JoinedSuccess", "{resumed}");
    seen.extend(seqs_in(&back.backlog));
    check_exactly_once(&seen, &acked, "member of the drained node");

    wait_text(&mut far, &format!("m{}", TOTAL - 1), 10).await;
    let far_seen = seqs_in(&far.backlog);
    check_exactly_once(&far_seen, &acked, "member on another node");
    // The room moved with its state: the sequence numbers continued.
    assert!(acked.windows(2).all(|w| w[1] > w[0]), "seqs went backwards: {acked:?}");
    assert_ne!(owner_index(&obs, "603").await, owner);
}

fn seqs_in(frames: &[Value]) -> Vec<u64> {
    let mut out = Vec::new();
    for f in frames {
        match f["event"].as_str() {
            Some("message") => out.extend(f["data"]["seq"].as_u64()),
            Some("history") => {
                out.extend(f["data"]["messages"].as_array().unwrap().iter().filter_map(|m| m["seq"].as_u64()))
            }
            _ => {}
        }
    }
    out
}

/// Every acknowledged message seen, none twice, in order.
fn check_exactly_once(seen: &[u64], acked: &[u64], who: &str) {
    let mut unique = HashSet::new();
    for s in seen {
        assert!(unique.insert(*s), "{who} got seq {s} twice: {seen:?}");
    }
    for a in acked {
        assert!(unique.contains(a), "{who} never got acknowledged seq {a}: {seen:?}");
    }
    assert!(seen.windows(2).all(|w| w[1] > w[0]), "{who} got messages out of order: {seen:?}");
}

/// etcd and the nodes often start together: a node whose etcd does not answer yet waits
/// for it (with backoff, up to 30 s) instead of exiting, and is ready once it answers.
#[actix_web::test]
async fn a_node_started_before_etcd_waits_for_it() {
    let ports = Etcd::free_ports();
    let endpoint = format!("http://127.0.0.1:{}", ports.0);
    let starting = std::thread::spawn(move || {
        Server::start_with(&["node", "--etcd", &endpoint, "--node-id", "node-early"], CLUSTER)
    });
    std::thread::sleep(Duration::from_secs(2));
    assert!(!starting.is_finished(), "the node waits for etcd rather than starting without it");
    let etcd = Etcd::start_on(ports);
    let node = starting.join().expect("the node started once etcd answered");
    assert_eq!(node.get("/readyz").await.0, 200);
    let obs = observer(&etcd).await;
    assert!(obs.live_nodes().iter().any(|(id, _)| id.0 == "node-early"), "registered in etcd");
}

#[actix_web::test]
async fn rooms_keep_working_while_etcd_is_down() {
    let mut etcd = Etcd::start();
    let nodes = three_nodes(&etcd).await;
    create_room(&nodes[0], "owner", "604").await;
    create_room(&nodes[0], "owner", "605").await;
    let mut a = member(&nodes[0], "ann", "604").await;
    let mut b = member(&nodes[1], "bob", "604").await;
    let mut c = member(&nodes[2], "cat", "604").await;

    etcd.stop();
    // Placed rooms need nothing from etcd: chat across nodes goes on.
    for i in 0..5 {
        a.ok("sendText", json!({ "roomID": "604", "text": format!("down {i}") })).await;
    }
    wait_text(&mut b, "down 4", 10).await;
    wait_text(&mut c, "down 4", 10).await;
    // A room not placed yet cannot be: a clear, bounded error.
    let started = Instant::now();
    let res = b.request("enterRoom", json!({ "roomID": "605" })).await;
    assert_eq!(res["code"], 60010, "{res}");
    assert!(started.elapsed() < Duration::from_secs(9), "refusal took {:?}", started.elapsed());

    etcd.resume();
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let res = b.request("enterRoom", json!({ "roomID": "605" })).await;
        if res["code"] == 0 {
            break;
        }
        assert!(Instant::now() < deadline, "placement did not recover: {res}");
        tokio::time::sleep(Duration::from_millis(300)).await;
    }
    // The first room still works, and the nodes are still registered (leases kept).
    c.ok("sendText", json!({ "roomID": "604", "text": "after etcd" })).await;
    wait_text(&mut a, "after etcd", 10).await;
    tokio::time::sleep(Duration::from_secs(3)).await;
    let obs = observer(&etcd).await;
    assert!(obs.live_nodes().iter().filter(|(id, _)| id.0.starts_with("node-")).count() == 3);
}

#[actix_web::test]
async fn webrtc_published_through_one_node_and_played_from_another_flows_to_the_owner() {
    let etcd = Etcd::start();
    let nodes = three_nodes(&etcd).await;
    create_room(&nodes[0], "anchor", "606").await;
    // Place the room (a member enters), then publish through one other node and play
    // from the third.
    let _placer = member(&nodes[0], "placer", "606").await;
    let obs = observer(&etcd).await;
    let owner = owner_index(&obs, "606").await;
    let (via, play) = ((owner + 1) % 3, (owner + 2) % 3);
    let script = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/interop/aiortc_whip_whep.py");
    let child = std::process::Command::new(python())
        .arg(script)
        .args(["--server", &nodes[via].url(""), "--play-server", &nodes[play].url("")])
        .args([
            "--sdkappid",
            &APP.to_string(),
            "--secret",
            SECRET,
            "--room",
            "606",
            "--seconds",
            "6",
            "--codec",
            "h264",
        ])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("run the aiortc client (scripts/test-all.sh installs aiortc into target/pyenv)");
    let publisher = ChildGuard::new(child);

    // While it plays: LL-HLS and HTTP-FLV of the stream from the two nodes that do not
    // package it (proxied from the owner).
    let stream = format!("{APP}_606_anchor_main");
    let deadline = Instant::now() + Duration::from_secs(20);
    let playlist = loop {
        let (status, body) = nodes[play].get(&format!("/live/{stream}.m3u8")).await;
        if status == 200 && body.contains("#EXT-X-PART:") {
            break body;
        }
        assert!(Instant::now() < deadline, "no LL-HLS playlist through node {play}: {status} {body}");
        tokio::time::sleep(Duration::from_millis(250)).await;
    };
    let part = playlist
        .lines()
        .find_map(|l| l.strip_prefix("#EXT-X-PART:").and_then(|p| p.split("URI=\"").nth(1)))
        .and_then(|u| u.split('"').next())
        .map(str::to_owned)
        .expect("a part URI");
    let client = awc::Client::builder().timeout(Duration::from_secs(10)).finish();
    let mut res = client.get(nodes[via].url(&format!("/live/{part}"))).send().await.expect("GET part");
    assert_eq!(res.status(), 200, "part {part} through node {via}");
    let body = res.body().limit(16 << 20).await.expect("part body");
    assert_eq!(&body[4..8], b"moof", "a CMAF fragment");
    let mut flv = client.get(nodes[via].url(&format!("/live/{stream}.flv"))).send().await.expect("GET flv");
    assert_eq!(flv.status(), 200);
    let head = futures_util::StreamExt::next(&mut flv).await.expect("FLV bytes").expect("FLV body");
    assert_eq!(&head[..3], b"FLV");
    drop(flv);

    let out = publisher.wait_with_output();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "aiortc client failed:\n{stdout}\n{}", String::from_utf8_lossy(&out.stderr));
    let report: Value = serde_json::from_str(stdout.lines().last().unwrap_or("{}")).expect("JSON report");
    // Both SDP answers came from the owner: media goes straight to its UDP port.
    assert_eq!(report["whip_media"], nodes[owner].media.as_str(), "{report}");
    assert_eq!(report["whep_media"], nodes[owner].media.as_str(), "{report}");
    assert!(report["video_frames"].as_u64().unwrap_or(0) >= 20, "{report}");
    assert!(report["audio_frames"].as_u64().unwrap_or(0) > 0, "{report}");
}

/// A media leg set up through a node that does not own the room lives on the owner. Its
/// ICE restarts through the first node (the SDK's `restartIce`, WHIP `PATCH`) must reach
/// it there, or a publisher whose network changed would lose its stream.
#[actix_web::test]
async fn ice_restarts_through_another_node_reach_the_leg_on_the_rooms_node() {
    let etcd = Etcd::start();
    let nodes = three_nodes(&etcd).await;
    create_room(&nodes[0], "anchor", "607").await;
    let _placer = member(&nodes[0], "placer", "607").await;
    let obs = observer(&etcd).await;
    let owner = owner_index(&obs, "607").await;
    let via = (owner + 1) % 3;
    let owner_port = nodes[owner].media.rsplit(':').next().expect("port").to_owned();
    let restart_offer = h264_offer()
        .replace("ice-ufrag:abcd", "ice-ufrag:wxyz")
        .replace("abcdefghijklmnopqrstuvwx", "a-brand-new-password-123");

    // Over the WebSocket.
    let mut anchor = Client::connect(&nodes[via]).await;
    anchor.ok("login", json!({ "userID": "anchor", "userSig": sig("anchor"), "scope": "rtc" })).await;
    let published = anchor.ok("publish", json!({ "roomID": "607", "sdp": h264_offer() })).await;
    let stream_id = published["streamID"].as_str().expect("streamID").to_owned();
    let first = attribute(published["sdp"].as_str().expect("answer"), "ice-ufrag").expect("ufrag").to_owned();
    assert!(ufrag_reaches(&nodes[owner], &first).await, "the leg lives on the owner");
    let restarted = anchor.ok("restartIce", json!({ "streamID": stream_id, "sdp": restart_offer })).await;
    let answer = restarted["sdp"].as_str().expect("a whole answer");
    assert!(answer.contains(&format!(" {owner_port} typ host")), "the owner's candidate: {answer}");
    let second = attribute(answer, "ice-ufrag").expect("new ufrag").to_owned();
    assert!(!ufrag_reaches(&nodes[owner], &first).await, "the old ufrag is unknown on the owner");
    assert!(ufrag_reaches(&nodes[owner], &second).await, "the new ufrag reaches the leg on the owner");

    // Over WHIP PATCH, a second stream of the same anchor.
    let whip = format!("/whip?sdkappid={APP}&roomid=607&userid=anchor&streamid={APP}_607_anchor_second");
    let (status, location, whip_answer) =
        nodes[via].post_sdp(&whip, "application/sdp", Some(&sig("anchor")), &h264_offer()).await;
    assert_eq!(status, 201, "{whip_answer}");
    let resource = location.expect("Location");
    let fragment = "a=ice-ufrag:pqrs\r\na=ice-pwd:another-new-password-45\r\n";
    let mut res = awc::Client::default()
        .patch(nodes[via].url(&resource))
        .insert_header(("Content-Type", "application/trickle-ice-sdpfrag"))
        .insert_header(("If-Match", "*"))
        .insert_header(("Authorization", format!("Bearer {}", sig("anchor"))))
        .send_body(fragment)
        .await
        .expect("PATCH");
    let body = String::from_utf8_lossy(&res.body().await.expect("body")).into_owned();
    assert_eq!(res.status(), 200, "{body}");
    assert!(body.contains(&format!(" {owner_port} typ host")), "the owner's candidate: {body}");
    let whip_ufrag = attribute(&body, "ice-ufrag").expect("new ufrag").to_owned();
    assert!(ufrag_reaches(&nodes[owner], &whip_ufrag).await, "the WHIP leg's new ufrag reaches the owner");
    let (_, metrics) = nodes[owner].get("/metrics").await;
    assert_eq!(metric_sum(&metrics, "liveroom_ice_restarts_total"), 2.0, "both restarted on the owner");
}

/// Nodes whose etcd leases expired while etcd was out of reach (a partition the test cuts)
/// or paused (SIGSTOP) register again under new leases once etcd answers: before, they
/// kept renewing their dead leases for good, `/nodes/` stayed empty, nothing could be
/// placed and `/readyz` said 200 all along. Now they are not ready while their lease is
/// unconfirmed, come back registered, keep the rooms they ran and place new ones.
#[actix_web::test]
async fn nodes_register_again_after_etcd_was_partitioned_or_paused() {
    let etcd = Etcd::start();
    let target: std::net::SocketAddr = etcd.endpoint.trim_start_matches("http://").parse().expect("etcd address");
    let proxy = CuttableProxy::start(target);
    let through = format!("http://{}", proxy.addr);
    let nodes: Vec<Server> = ["node-a", "node-b"]
        .iter()
        .map(|id| Server::start_with(&["node", "--etcd", &through, "--node-id", id], CLUSTER))
        .collect();
    for n in &nodes {
        wait_until("a node is ready", Duration::from_secs(10), || async { n.get("/readyz").await.0 == 200 }).await;
    }
    create_room(&nodes[0], "anchor", "901").await;
    let mut alice = member(&nodes[0], "alice", "901").await;
    let obs = observer(&etcd).await;

    for fault in ["partition", "pause"] {
        match fault {
            "partition" => proxy.cut(),
            _ => etcd.pause(),
        }
        for n in &nodes {
            wait_until(
                &format!("{fault}: a node without a confirmed lease reports not ready"),
                Duration::from_secs(8),
                || async { n.get("/readyz").await.0 == 503 },
            )
            .await;
        }
        // Past the 2 s lease, then etcd answers again; the leases are gone by then.
        tokio::time::sleep(Duration::from_secs(4)).await; // the fault's length is the point
        match fault {
            "partition" => proxy.mend(),
            _ => etcd.unpause(),
        }
        for n in &nodes {
            wait_until(&format!("{fault}: the node is ready again"), Duration::from_secs(15), || async {
                n.get("/readyz").await.0 == 200
            })
            .await;
        }
        wait_until(&format!("{fault}: both nodes registered in etcd"), Duration::from_secs(10), || async {
            obs.nodes()
                .await
                .map(|n| n.iter().filter(|(id, _)| id.0.starts_with("node-")).count() == 2)
                .unwrap_or(false)
        })
        .await;
        // New rooms are placed again, through either node.
        for (i, n) in nodes.iter().enumerate() {
            let room = format!("{fault}-{i}");
            create_room(n, "anchor", &room).await;
            let mut c = member(n, &format!("new{i}"), &room).await;
            c.ok("sendText", json!({ "roomID": room, "text": "placed" })).await;
            wait_text(&mut c, "placed", 5).await;
        }
        // The room that lived through it still carries chat.
        let text = format!("after the {fault}");
        alice.ok("sendText", json!({ "roomID": "901", "text": text })).await;
        wait_text(&mut alice, &text, 5).await;
    }
    for n in &nodes {
        let (_, metrics) = n.get("/metrics").await;
        assert!(metric_sum(&metrics, "liveroom_cluster_reregistrations_total") >= 2.0, "{metrics}");
    }
}

/// The room's owner is paused (SIGSTOP) past its lease: its follower takes the room over
/// (placement epoch grows) and the members on the live nodes go on. When the old owner
/// comes back it is fenced: the first change it tries to copy to the new owner is refused
/// (or it finds the room placed elsewhere when it registers anew), it acknowledges nothing
/// more and gives the room up, and its members re-attach to the new owner. No sequence
/// number is ever acknowledged for two different messages; one room again, heard by all.
#[actix_web::test]
async fn a_paused_owner_gives_its_room_up_when_it_comes_back() {
    let etcd = Etcd::start();
    let nodes = three_nodes(&etcd).await;
    create_room(&nodes[0], "owner", "610").await;
    let mut clients = Vec::new();
    for (i, n) in nodes.iter().enumerate() {
        clients.push(member(n, &format!("m{i}"), "610").await);
    }
    let obs = observer(&etcd).await;
    let old = owner_index(&obs, "610").await;
    let others: Vec<usize> = (0..3).filter(|i| *i != old).collect();

    // Every acknowledgement, by sequence number: two different messages acknowledged
    // under one number would be two owners acknowledging at once (split brain).
    let mut acks: HashMap<u64, String> = HashMap::new();
    nodes[old].pause();
    // The others' links to the paused owner time out (6 s), its lease (2 s) is long gone:
    // they re-attach their members to the room placed anew (bounded wait).
    let again = others[0];
    wait_until("the room is placed on another node", Duration::from_secs(20), || async {
        let id = liveroom_protocol::RoomId::new("610").unwrap();
        obs.place_room(APP, &id).await.is_ok_and(|p| p.node.0 != ["node-a", "node-b", "node-c"][old])
    })
    .await;
    let c = &mut clients[again];
    let mut sent = false;
    for _ in 0..50 {
        let res = c.request("sendText", json!({ "roomID": "610", "text": "during" })).await;
        if res["code"] == 0 {
            note_ack(&mut acks, &res);
            sent = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(200)).await; // while members re-attach
    }
    assert!(sent, "the members on the live nodes never chatted while the owner was paused");
    nodes[old].unpause();

    // Everyone hears everyone again, whichever node they are on (bounded wait while the
    // returning node registers again and gives the room up).
    for round in 0..40 {
        let mut all = true;
        for (i, c) in clients.iter_mut().enumerate() {
            let text = format!("round {round} from {i}");
            let res = c.request("sendText", json!({ "roomID": "610", "text": text })).await;
            if res["code"] == 0 {
                note_ack(&mut acks, &res);
            } else {
                all = false;
            }
        }
        if all {
            let mut heard = true;
            for c in clients.iter_mut() {
                for i in 0..3 {
                    let t = format!("round {round} from {i}");
                    heard &= c.try_wait_for(1500, |v| text_of(v) == Some(t.as_str())).await.is_some();
                }
            }
            if heard {
                let (_, metrics) = nodes[old].get("/metrics").await;
                assert_eq!(metric_sum(&metrics, "liveroom_cluster_rooms_relinquished_total"), 1.0, "{metrics}");
                return;
            }
        }
        tokio::time::sleep(Duration::from_millis(500)).await;
    }
    panic!("after the old owner came back, the members never heard each other again");
}

/// Records an acknowledged message under its sequence number; panics when another message
/// was acknowledged under the same number (two owners at once).
fn note_ack(acks: &mut HashMap<u64, String>, res: &Value) {
    let m = &res["data"]["message"];
    let (seq, text) = (m["seq"].as_u64().unwrap(), m["payload"]["text"].as_str().unwrap().to_owned());
    if let Some(other) = acks.insert(seq, text.clone()) {
        assert_eq!(other, text, "two messages acknowledged as seq {seq}: split brain");
    }
}

/// Banned words set through one node's admin API reach every node within a second (they
/// are stored in etcd and watched), so a room owned by another node filters them too.
#[actix_web::test]
async fn banned_words_set_on_one_node_filter_rooms_on_every_node() {
    let etcd = Etcd::start();
    let nodes = three_nodes(&etcd).await;
    let obs = observer(&etcd).await;
    // A room owned by a node other than the one the words are set through.
    let mut room = None;
    for i in 0..20 {
        let id = format!("bw{i}");
        create_room(&nodes[0], "owner", &id).await;
        if owner_index(&obs, &id).await != 0 {
            room = Some(id);
            break;
        }
    }
    let room = room.expect("some room placed on another node");
    let admin = |n: &Server| format!("/api/admin/banned-words?{}", n.auth(ADMIN));
    let (status, body) = nodes[0].send_json("PUT", &admin(&nodes[0]), json!({ "words": ["forbidden"] })).await;
    assert_eq!(status, 200, "{body}");
    let started = Instant::now();
    for n in &nodes[1..] {
        wait_until("the words reach the other node", Duration::from_secs(1), || async {
            n.send_json("GET", &admin(n), Value::Null).await.1["words"] == json!(["forbidden"])
        })
        .await;
    }
    assert!(started.elapsed() < Duration::from_secs(1), "{:?}", started.elapsed());
    let mut c = member(&nodes[0], "talker", &room).await;
    let refused = c.request("sendText", json!({ "roomID": room, "text": "this is FORBIDDEN" })).await;
    assert_eq!(refused["code"], 80001, "the room's owner filters the words: {refused}");
}

/// Nodes with internal listeners (as k8s/ runs them) reach each other's node link there:
/// a room's chat crosses nodes while their public ports serve no link.
#[actix_web::test]
async fn nodes_link_over_their_internal_listeners() {
    let etcd = Etcd::start();
    let config = format!("{CLUSTER}\n[server]\ninternal_http = \"127.0.0.1:0\"\n");
    let nodes: Vec<Server> = ["node-a", "node-b"]
        .iter()
        .map(|id| Server::start_with(&["node", "--etcd", &etcd.endpoint, "--node-id", id], &config))
        .collect();
    for n in &nodes {
        assert!(n.internal.is_some());
        wait_until("a node is ready", Duration::from_secs(10), || async { n.get("/readyz").await.0 == 200 }).await;
    }
    create_room(&nodes[0], "owner", "620").await;
    let mut a = member(&nodes[0], "ia", "620").await;
    let mut b = member(&nodes[1], "ib", "620").await;
    a.ok("sendText", json!({ "roomID": "620", "text": "over the internal link" })).await;
    wait_text(&mut b, "over the internal link", 10).await;
    b.ok("sendText", json!({ "roomID": "620", "text": "and back" })).await;
    wait_text(&mut a, "and back", 10).await;
}

/// A cluster down to one node runs its rooms without a follower and says so
/// (`liveroom_rooms_unreplicated`), acknowledging at once; when a second node comes up the
/// room takes it as follower, and that copy then carries the room through its owner's death.
#[actix_web::test]
async fn a_lone_node_runs_rooms_unreplicated_until_a_second_node_takes_the_copy() {
    let etcd = Etcd::start();
    let mut first = node(&etcd, "node-a");
    assert_eq!(first.get("/readyz").await.0, 200);
    create_room(&first, "owner", "620").await;
    let mut alone = member(&first, "alone", "620").await;
    alone.ok("sendText", json!({ "roomID": "620", "text": "alone" })).await;
    assert_eq!(metric(&first.get("/metrics").await.1, "liveroom_rooms_unreplicated"), 1.0);

    let second = node(&etcd, "node-b");
    assert_eq!(second.get("/readyz").await.0, 200);
    wait_until("the room takes the new node as its follower", Duration::from_secs(10), || async {
        metric(&second.get("/metrics").await.1, "liveroom_cluster_replicas") == 1.0
            && metric(&first.get("/metrics").await.1, "liveroom_rooms_unreplicated") == 0.0
    })
    .await;
    let mut far = member(&second, "far", "620").await;
    let acked = alone.ok("sendText", json!({ "roomID": "620", "text": "copied" })).await;
    let seq = acked["message"]["seq"].as_u64().expect("a sequence number");
    wait_text(&mut far, "copied", 10).await;

    first.kill();
    // The copy carries the room on: the member on the second node resumes, nothing lost.
    let mut n = 0;
    loop {
        n += 1;
        assert!(n < 100, "the room never came back on its follower");
        let res = far.request("sendText", json!({ "roomID": "620", "text": "on b" })).await;
        if res["code"] == 0 {
            assert_eq!(res["data"]["message"]["seq"].as_u64(), Some(seq + 1), "{res}");
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(!far.backlog.iter().any(|v| v["event"] == "gap"), "{:?}", far.backlog);
    // Alone again: the room says it runs without a follower.
    assert_eq!(metric(&second.get("/metrics").await.1, "liveroom_rooms_unreplicated"), 1.0);
}

/// Webhooks in a cluster: every node has the same `[[webhooks]]`, and each event is sent
/// once, by the node where it happened (the room's node for members, the node that wrote
/// the directory for creation and removal).
#[actix_web::test]
async fn each_webhook_event_is_sent_once_by_one_node() {
    let etcd = Etcd::start();
    let receiver = hooks::Receiver::start(0);
    let config = format!(
        "{CLUSTER}\n[[webhooks]]\nurl = \"{}/h\"\nevents = [\"room.created\", \"room.dismissed\", \"member.joined\"]\n",
        receiver.url
    );
    let nodes: Vec<Server> = ["node-a", "node-b", "node-c"]
        .iter()
        .map(|id| Server::start_with(&["node", "--etcd", &etcd.endpoint, "--node-id", id], &config))
        .collect();
    for n in &nodes {
        assert_eq!(n.get("/readyz").await.0, 200);
    }
    tokio::time::sleep(Duration::from_millis(300)).await; // the nodes' watches see each other
    create_room(&nodes[0], "owner", "650").await;
    let mut clients = Vec::new();
    for (i, n) in nodes.iter().enumerate() {
        clients.push(member(n, &format!("user-{i}"), "650").await);
    }
    wait_until("member.joined for all three", Duration::from_secs(10), || async {
        let users: Vec<Value> = receiver
            .accepted("member.joined")
            .iter()
            .flat_map(|r| r.json["data"]["userIDs"].as_array().cloned().unwrap_or_default())
            .collect();
        users.len() >= 3
    })
    .await;
    tokio::time::sleep(Duration::from_millis(1500)).await; // a duplicate would have arrived by now (batch window 1 s)
    assert_eq!(receiver.accepted("room.created").len(), 1, "{:?}", receiver.seen());
    let mut users: Vec<Value> = receiver
        .accepted("member.joined")
        .iter()
        .flat_map(|r| r.json["data"]["userIDs"].as_array().cloned().unwrap_or_default())
        .collect();
    users.sort_by_key(|v| v.to_string());
    assert_eq!(users, vec![json!("user-0"), json!("user-1"), json!("user-2")], "each join once");
    let (status, _) =
        nodes[2].send_json("DELETE", &format!("/api/rooms/650?{}", nodes[2].auth("owner")), json!(null)).await;
    assert_eq!(status, 200);
    wait_until("room.dismissed", Duration::from_secs(10), || async { !receiver.accepted("room.dismissed").is_empty() })
        .await;
    tokio::time::sleep(Duration::from_millis(500)).await; // room for a duplicate to show
    assert_eq!(receiver.accepted("room.dismissed").len(), 1);
}

/// RTMP in a cluster: the node an encoder reaches is the stream's origin even when another
/// node owns the room. The room (on its node) hears of the stream, LL-HLS is served through
/// the room's node (proxied to the origin), and a WebRTC viewer that asks the room's node
/// is answered by the origin (its media candidate), plays H.264 and the tone.
#[actix_web::test]
async fn an_rtmp_stream_on_one_node_is_played_through_the_rooms_node() {
    let etcd = Etcd::start();
    let a = node(&etcd, "node-a");
    let b = Server::start_with(
        &["node", "--etcd", &etcd.endpoint, "--node-id", "node-b"],
        &format!("{CLUSTER}\n[rtmp]\nlisten = \"127.0.0.1:0\"\n"),
    );
    for n in [&a, &b] {
        assert_eq!(n.get("/readyz").await.0, 200);
    }
    tokio::time::sleep(Duration::from_millis(300)).await;
    let obs = observer(&etcd).await;
    // A room node-a owns.
    let mut room = String::new();
    for i in 0..20 {
        let candidate = format!("rtmp-{i}");
        create_room(&a, "anchor", &candidate).await;
        let _placer = member(&a, "placer", &candidate).await;
        if owner_index(&obs, &candidate).await == 0 {
            room = candidate;
            break;
        }
    }
    assert!(!room.is_empty(), "no room landed on node-a in 20 tries");
    let mut viewer = member(&a, "viewer", &room).await;
    let stream = format!("{APP}_{room}_anchor_main");
    let url =
        format!("{}/{stream}?userid=anchor&usersig={}", b.rtmp.as_deref().expect("RTMP on node-b"), sig("anchor"));
    let encoder = std::process::Command::new("ffmpeg")
        .args(["-hide_banner", "-loglevel", "error", "-re"])
        .args(["-f", "lavfi", "-i", "testsrc2=size=640x360:rate=30", "-f", "lavfi", "-i", "sine=frequency=440"])
        .args(["-t", "14", "-c:v", "libx264", "-preset", "ultrafast", "-tune", "zerolatency", "-g", "30"])
        .args(["-pix_fmt", "yuv420p", "-c:a", "aac", "-f", "flv", &url])
        .stdin(std::process::Stdio::null())
        .spawn()
        .expect("ffmpeg runs");
    let _encoder = ChildGuard::new(encoder);
    let added = viewer.wait_for("streamAdded on the room's node", 15, |v| v["event"] == "streamAdded").await;
    assert_eq!(added["data"]["streamID"], stream.as_str());
    wait_until("LL-HLS through the room's node", Duration::from_secs(10), || async {
        a.get(&format!("/live/{stream}.m3u8")).await.0 == 200
    })
    .await;

    let script = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/interop/aiortc_whip_whep.py");
    let out = std::process::Command::new(python())
        .arg(script)
        .args(["--server", &a.url(""), "--sdkappid", &APP.to_string(), "--room", &room, "--secret", SECRET])
        .args(["--seconds", "4", "--play-only"])
        .output()
        .expect("run the aiortc client (scripts/test-all.sh installs aiortc into target/pyenv)");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "aiortc failed: {}\n{stdout}", String::from_utf8_lossy(&out.stderr));
    let played: Value = serde_json::from_str(stdout.lines().last().unwrap_or("{}")).expect("the client's JSON line");
    assert_eq!(played["whep_media"].as_str(), Some(b.media.as_str()), "answered by the origin: {played}");
    assert_eq!((played["width"].as_u64(), played["height"].as_u64()), (Some(640), Some(360)), "{played}");
}
