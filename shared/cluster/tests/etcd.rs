//! The etcd directory against a real etcd server (Debian's etcd-server, started here on
//! loopback with non-default ports and a throwaway data dir).

use std::net::TcpListener;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use liveroom_cluster::{conformance, Directory, DirectoryError, EtcdDirectory, NodeId, NodeInfo};
use liveroom_protocol::RoomId;

struct Etcd {
    child: Child,
    endpoint: String,
    dir: std::path::PathBuf,
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

impl Etcd {
    fn start() -> Self {
        let dir = std::env::temp_dir().join(format!("liveroom-etcd-{}-{}", std::process::id(), free_port()));
        let (client, peer) = (free_port(), free_port());
        let endpoint = format!("http://127.0.0.1:{client}");
        let peer_url = format!("http://127.0.0.1:{peer}");
        let child = Command::new(std::env::var("ETCD_BIN").unwrap_or_else(|_| "etcd".into()))
            .args(["--name", "t", "--data-dir"])
            .arg(&dir)
            .args(["--listen-client-urls", &endpoint, "--advertise-client-urls", &endpoint])
            .args(["--listen-peer-urls", &peer_url, "--initial-advertise-peer-urls", &peer_url])
            .args(["--initial-cluster", &format!("t={peer_url}"), "--log-level", "error"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start etcd (Debian package etcd-server; scripts/test-all.sh installs it)");
        Self { child, endpoint, dir }
    }
}

impl Drop for Etcd {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

fn info() -> NodeInfo {
    NodeInfo {
        http: "127.0.0.1:1".into(),
        media: "127.0.0.1:2".into(),
        draining: false,
        lease: 0,
        load: 0,
        internal: String::new(),
    }
}

async fn connect(etcd: &Etcd, node: &str, ttl: Duration) -> EtcdDirectory {
    let deadline = Instant::now() + Duration::from_secs(15);
    loop {
        match EtcdDirectory::connect(
            std::slice::from_ref(&etcd.endpoint),
            "/lrtest",
            NodeId(node.into()),
            &info(),
            ttl,
            1000,
        )
        .await
        {
            Ok(d) => return d,
            Err(e) if Instant::now() < deadline => {
                let _ = e;
                tokio::time::sleep(Duration::from_millis(200)).await;
            }
            Err(e) => panic!("etcd did not come up: {e}"),
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn etcd_directory_meets_the_contract_and_fails_over() {
    let mut etcd = Etcd::start();
    let a = connect(&etcd, "node-a", Duration::from_secs(2)).await;
    conformance::run(&a, 1).await;

    // Both nodes are registered under their leases.
    let b = connect(&etcd, "node-b", Duration::from_secs(2)).await;
    tokio::time::sleep(Duration::from_millis(300)).await; // each sees the other (watch)
    conformance::fencing(&a, &b, 2).await;
    let mut nodes: Vec<String> = a.nodes().await.unwrap().into_iter().map(|(n, _)| n.0).collect();
    nodes.sort();
    assert_eq!(nodes, ["node-a", "node-b"]);

    // A room is placed on one of the live nodes and stays there for everyone while it
    // lives...
    let room = RoomId::new("77").unwrap();
    let on_a = a.place_room(5, &room).await.unwrap();
    assert!(["node-a", "node-b"].contains(&on_a.node.0.as_str()), "{on_a:?}");
    assert_eq!(b.place_room(5, &room).await.unwrap(), on_a);

    // ...and when the owner dies (its lease expires: no revoke, no keep-alive), the other
    // takes it over with a larger epoch.
    let (dead, b) = if on_a.node.0 == "node-a" { (a, b) } else { (b, a) };
    let survivor = b.local_node().0.clone();
    drop(dead);
    let deadline = Instant::now() + Duration::from_secs(10);
    let moved = loop {
        let p = b.place_room(5, &room).await.unwrap();
        if p.node.0 == survivor {
            break p;
        }
        assert!(Instant::now() < deadline, "placement did not move after the owner's lease expired");
        tokio::time::sleep(Duration::from_millis(200)).await;
    };
    assert!(moved.epoch > on_a.epoch, "epochs grow: {} then {}", on_a.epoch, moved.epoch);
    assert_eq!(b.nodes().await.unwrap().len(), 1);

    // A clean leave releases at once.
    b.leave().await.unwrap();
    let c = connect(&etcd, "node-c", Duration::from_secs(5)).await;
    assert_eq!(c.place_room(5, &room).await.unwrap().node.0, "node-c");

    // etcd unreachable: a clear, bounded error instead of a hang.
    let _ = etcd.child.kill();
    let _ = etcd.child.wait();
    let started = Instant::now();
    let err = c.get_room(5, &room).await.unwrap_err();
    assert!(matches!(err, DirectoryError::Unavailable(_)), "{err:?}");
    assert!(started.elapsed() < Duration::from_secs(10), "failed fast: {:?}", started.elapsed());
}

/// A room whose owner died is placed on its live follower (which holds its state), not
/// on whichever node placement would pick: over several rooms, so chance cannot pass it.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_room_without_an_owner_goes_to_its_follower() {
    let etcd = Etcd::start();
    let nodes = [
        connect(&etcd, "node-a", Duration::from_secs(2)).await,
        connect(&etcd, "node-b", Duration::from_secs(2)).await,
        connect(&etcd, "node-c", Duration::from_secs(2)).await,
    ];
    tokio::time::sleep(Duration::from_millis(300)).await; // every node sees the others
                                                          // Rooms owned by node-a, each with a follower: alternately b and c.
    let mut followers = Vec::new();
    for i in 0..8 {
        let room = RoomId::new(&format!("f{i}")).unwrap();
        let placed = nodes[0].reclaim_room(9, &room).await.unwrap();
        assert_eq!(placed.node.0, "node-a");
        let follower = nodes[1 + i % 2].local_node().clone();
        assert!(nodes[0].set_follower(9, &room, placed.epoch, &follower).await.unwrap());
        followers.push((room, follower, placed.epoch));
    }
    let [a, b, c] = nodes;
    drop(a); // its lease expires: no revoke
    let deadline = Instant::now() + Duration::from_secs(10);
    for (room, follower, epoch) in &followers {
        // Asked by the node that is not the follower, so placement cannot just pick itself.
        let asker = if follower == b.local_node() { &c } else { &b };
        let placed = loop {
            let p = asker.place_room(9, room).await.unwrap();
            if p.node.0 != "node-a" {
                break p;
            }
            assert!(Instant::now() < deadline, "the owner's placement never expired");
            tokio::time::sleep(Duration::from_millis(200)).await;
        };
        assert_eq!(&placed.node, follower, "room {room} was not placed on its follower");
        assert!(placed.epoch > *epoch);
    }
}
