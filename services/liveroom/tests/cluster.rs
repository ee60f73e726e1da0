//! `liveroom node`: several processes sharing one real etcd.

mod common;

use std::time::{Duration, Instant};

use common::*;
use serde_json::json;

const CLUSTER: &str = "[cluster]\nlease_ttl_secs = 2\nprefix = \"/lrtest\"\n";

#[actix_web::test]
async fn nodes_share_the_directory_and_a_dead_owners_room_moves() {
    let etcd = Etcd::start();
    let mut a = Server::start_with(&["node", "--etcd", &etcd.endpoint, "--node-id", "node-a"], CLUSTER);
    let b = Server::start_with(&["node", "--etcd", &etcd.endpoint, "--node-id", "node-b"], CLUSTER);
    assert_eq!(b.get("/readyz").await.0, 200);

    // Both registered, with the addresses they really listen on.
    let observer = liveroom_cluster::EtcdDirectory::connect(
        std::slice::from_ref(&etcd.endpoint),
        "/lrtest",
        liveroom_cluster::NodeId("observer".into()),
        &liveroom_cluster::NodeInfo { http: String::new(), media: String::new(), draining: false },
        Duration::from_secs(5),
        100,
    )
    .await
    .expect("observer joins etcd");
    let nodes = observer.nodes().await.unwrap();
    let http_of = |id: &str| nodes.iter().find(|(n, _)| n.0 == id).map(|(_, i)| i.http.clone());
    assert_eq!(http_of("node-a").as_deref(), Some(a.addr.as_str()));
    assert_eq!(http_of("node-b").as_deref(), Some(b.addr.as_str()));

    // A room created through A is in B's directory too.
    create_room(&a, "owner", "501").await;
    let (status, body) = b.send_json("GET", &format!("/api/rooms/501?sdkappid={APP}"), json!(null)).await;
    assert_eq!(status, 200, "{body}");

    // The room is placed on A when a member enters there; B refuses to host it meanwhile.
    let mut on_a = Client::connect(&a).await;
    on_a.ok("enterRoom", json!({ "roomID": "501" })).await;
    let mut on_b = Client::connect(&b).await;
    assert_eq!(on_b.request("enterRoom", json!({ "roomID": "501" })).await["code"], 60010);

    // A dies: after its lease (2 s) the room is placed on B, which serves it.
    a.kill();
    let killed = Instant::now();
    let deadline = killed + Duration::from_secs(15);
    loop {
        let res = on_b.request("enterRoom", json!({ "roomID": "501" })).await;
        if res["code"] == 0 {
            break;
        }
        assert!(Instant::now() < deadline, "room did not move to B: {res}");
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    let recovery = killed.elapsed();
    on_b.login("talker").await;
    on_b.ok("sendText", json!({ "roomID": "501", "text": "served by B" })).await;
    assert!(recovery < Duration::from_secs(8), "room moved in {recovery:?}");
    eprintln!("room moved to the surviving node {recovery:?} after SIGKILL");
}
