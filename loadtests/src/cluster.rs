//! Cluster scenarios on three `liveroom node` processes and a real etcd, all on loopback:
//! how long a room is gone after its owner is killed (SIGKILL), and how much a drain
//! (SIGTERM) of the owner interrupts continuous chat, with loss and duplicates counted.

use std::collections::HashSet;
use std::path::PathBuf;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use anyhow::{bail, Context};
use futures_util::{SinkExt, StreamExt};
use liveroom_cluster::{Directory, EtcdDirectory};
use serde_json::{json, Value};
use tokio::sync::mpsc;
use tokio_tungstenite::tungstenite::Message;

use crate::media::{BENCH_APP, BENCH_SECRET};
use crate::server::{Etcd, Spawned};

const ROOM: &str = "880";
pub(crate) const PREFIX: &str = "/bench";

/// `liveroom-load failover`.
#[derive(clap::Args)]
pub struct FailoverArgs {
    /// The liveroom binary.
    #[arg(long)]
    server_bin: PathBuf,
    /// Independent runs (a fresh etcd and three nodes each).
    #[arg(long, default_value_t = 5)]
    runs: usize,
    /// The nodes' lease TTL, seconds (how long a dead node's rooms stay placed on it).
    #[arg(long, default_value_t = 2)]
    lease_ttl: u64,
}

/// `liveroom-load drain`.
#[derive(clap::Args)]
pub struct DrainArgs {
    /// The liveroom binary.
    #[arg(long)]
    server_bin: PathBuf,
    /// Independent runs.
    #[arg(long, default_value_t = 3)]
    runs: usize,
    /// Messages per second from the sender.
    #[arg(long, default_value_t = 20)]
    rate: u32,
    /// Messages per run (the drain starts after a third of them).
    #[arg(long, default_value_t = 150)]
    messages: usize,
}

struct Cluster {
    nodes: Vec<Spawned>,
    observer: EtcdDirectory,
    _etcd: Etcd,
}

impl Cluster {
    async fn start(bin: &std::path::Path, lease_ttl: u64) -> anyhow::Result<Self> {
        let etcd = Etcd::start()?;
        let config = format!(
            "[[apps]]\nsdkappid = {BENCH_APP}\nsecret = \"{BENCH_SECRET}\"\n[log]\nlevel = \"warn\"\n[media]\nudp = \"127.0.0.1:0\"\n\
             [chat]\nsend_rate = 1000\nroom_rate = 1000\nroom_burst = 1000\n\
             [cluster]\nprefix = \"{PREFIX}\"\nlease_ttl_secs = {lease_ttl}\ndrain_timeout_secs = 10\nlink_token = \"bench-link-token-0123456789\"\n"
        );
        let mut nodes = Vec::new();
        for i in 0..3 {
            let id = format!("bench-{i}");
            nodes.push(Spawned::start_with(bin, &["node", "--etcd", &etcd.endpoint, "--node-id", &id], &config)?);
        }
        let observer = etcd.observer(PREFIX, Duration::from_secs(5)).await?;
        tokio::time::sleep(Duration::from_millis(500)).await;
        Ok(Self { nodes, observer, _etcd: etcd })
    }

    fn url(&self, i: usize) -> String {
        format!("ws://{}/im?sdkappid={BENCH_APP}", self.nodes[i].addr)
    }

    async fn owner(&self) -> anyhow::Result<usize> {
        let room = liveroom_protocol::RoomId::new(ROOM)?;
        let p = self.observer.place_room(BENCH_APP, &room).await.map_err(|e| anyhow::anyhow!("{e}"))?;
        p.node.0.strip_prefix("bench-").and_then(|n| n.parse().ok()).context("placed on a bench node")
    }

    /// Creates the room and places it (the anchor enters); returns the owner's index.
    async fn room(&self) -> anyhow::Result<(Ws, usize)> {
        let mut anchor = Ws::connect(&self.url(0), "anchor").await?;
        anchor.ok("createRoom", json!({ "roomID": ROOM, "name": "bench" })).await?;
        anchor.ok("enterRoom", json!({ "roomID": ROOM })).await?;
        let owner = self.owner().await?;
        Ok((anchor, owner))
    }
}

/// A chat client: answers by id; everything else is queued.
pub(crate) struct Ws {
    tx: mpsc::UnboundedSender<Message>,
    rx: mpsc::UnboundedReceiver<Option<Value>>,
    next_id: u64,
    pub(crate) backlog: Vec<(Value, Instant)>,
    pub(crate) closed: bool,
}

impl Ws {
    pub(crate) async fn connect(url: &str, user: &str) -> anyhow::Result<Self> {
        let (ws, _) = tokio_tungstenite::connect_async(url).await.context("connect")?;
        let (mut sink, mut stream) = ws.split();
        let (tx, mut out) = mpsc::unbounded_channel::<Message>();
        let (frames, rx) = mpsc::unbounded_channel();
        tokio::spawn(async move {
            while let Some(m) = out.recv().await {
                if sink.send(m).await.is_err() {
                    break;
                }
            }
        });
        tokio::spawn(async move {
            while let Some(Ok(msg)) = stream.next().await {
                if let Message::Text(t) = msg {
                    for line in t.as_str().split('\n') {
                        if let Ok(v) = serde_json::from_str(line) {
                            let _ = frames.send(Some(v));
                        }
                    }
                }
            }
            let _ = frames.send(None);
        });
        let mut ws = Self { tx, rx, next_id: 1, backlog: Vec::new(), closed: false };
        let now = SystemTime::now().duration_since(UNIX_EPOCH)?.as_secs();
        let sig = liveroom_auth::usersig::sign(BENCH_APP, BENCH_SECRET, user, now, 86_400);
        ws.ok("login", json!({ "userID": user, "userSig": sig })).await?;
        Ok(ws)
    }

    pub(crate) fn fire(&mut self, cmd: &str, data: Value) -> u64 {
        let id = self.next_id;
        self.next_id += 1;
        let _ = self.tx.send(Message::text(json!({ "id": id, "cmd": cmd, "data": data }).to_string()));
        id
    }

    pub(crate) async fn request(&mut self, cmd: &str, data: Value) -> anyhow::Result<Value> {
        let id = self.fire(cmd, data);
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match tokio::time::timeout(left, self.rx.recv()).await {
                Ok(Some(Some(v))) if v["id"] == id => return Ok(v),
                Ok(Some(Some(v))) => self.backlog.push((v, Instant::now())),
                Ok(_) => {
                    self.closed = true;
                    bail!("connection closed waiting for {cmd}")
                }
                Err(_) => bail!("no answer to {cmd}"),
            }
        }
    }

    pub(crate) async fn ok(&mut self, cmd: &str, data: Value) -> anyhow::Result<Value> {
        let v = self.request(cmd, data).await?;
        if v["code"] != 0 && !(cmd == "createRoom" && v["code"] == 10025) {
            bail!("{cmd} failed: {v}");
        }
        Ok(v)
    }

    /// Reads frames for up to `wait`, until `done` holds for one.
    pub(crate) async fn pump(&mut self, wait: Duration, done: impl Fn(&Value) -> bool) -> bool {
        if self.backlog.iter().any(|(v, _)| done(v)) {
            return true;
        }
        let deadline = Instant::now() + wait;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match tokio::time::timeout(left, self.rx.recv()).await {
                Ok(Some(Some(v))) => {
                    let hit = done(&v);
                    self.backlog.push((v, Instant::now()));
                    if hit {
                        return true;
                    }
                }
                Ok(_) => {
                    self.closed = true;
                    return false;
                }
                Err(_) => return false,
            }
        }
    }
}

fn has_text(v: &Value, text: &str) -> bool {
    v["event"] == "message" && v["data"]["payload"]["text"] == text
}

/// `(seq, arrival)` of every message in frames (live and history).
fn seqs(frames: &[(Value, Instant)]) -> Vec<(u64, Instant)> {
    let mut out = Vec::new();
    for (f, at) in frames {
        match f["event"].as_str() {
            Some("message") => out.extend(f["data"]["seq"].as_u64().map(|s| (s, *at))),
            Some("history") => out.extend(
                f["data"]["messages"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .filter_map(|m| m["seq"].as_u64())
                    .map(|s| (s, *at)),
            ),
            _ => {}
        }
    }
    out
}

fn summary(ms: &[f64]) -> Value {
    let mut v = ms.to_vec();
    v.sort_by(|a, b| a.total_cmp(b));
    let pick = |q: f64| v.get(((v.len() as f64 - 1.0) * q).round() as usize).copied().unwrap_or(0.0);
    json!({ "runs": v.len(), "min": pick(0.0), "p50": pick(0.5), "max": pick(1.0), "all": v })
}

/// Time from SIGKILL of a room's owner to a message sent on one surviving node being
/// delivered on the other.
pub async fn failover(args: FailoverArgs) -> anyhow::Result<()> {
    let mut recoveries = Vec::new();
    for run in 0..args.runs {
        let mut cluster = Cluster::start(&args.server_bin, args.lease_ttl).await?;
        let (_anchor, owner) = cluster.room().await?;
        let (x, y) = ((owner + 1) % 3, (owner + 2) % 3);
        let mut talker = Ws::connect(&cluster.url(x), "talker").await?;
        let mut listener = Ws::connect(&cluster.url(y), "listener").await?;
        talker.ok("enterRoom", json!({ "roomID": ROOM })).await?;
        listener.ok("enterRoom", json!({ "roomID": ROOM })).await?;
        talker.ok("sendText", json!({ "roomID": ROOM, "text": "before" })).await?;
        if !listener.pump(Duration::from_secs(5), |v| has_text(v, "before")).await {
            bail!("no delivery before the kill");
        }
        cluster.nodes[owner].kill();
        let killed = Instant::now();
        let mut n = 0;
        let recovered = loop {
            if killed.elapsed() > Duration::from_secs(30) {
                bail!("run {run}: the room did not come back in 30 s");
            }
            n += 1;
            let text = format!("after {n}");
            let res = talker.request("sendText", json!({ "roomID": ROOM, "text": text })).await?;
            if res["code"] == 0 && listener.pump(Duration::from_secs(2), |v| has_text(v, &text)).await {
                break killed.elapsed();
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        };
        recoveries.push((recovered.as_secs_f64() * 1000.0).round());
        eprintln!("run {run}: recovered in {recovered:?}");
    }
    let report = json!({
        "scenario": "failover",
        "lease_ttl_s": args.lease_ttl,
        "recovery_ms": summary(&recoveries),
    });
    println!("{}", serde_json::to_string_pretty(&report)?);
    Ok(())
}

/// Continuous chat while the room's owner drains: the longest pause in delivery on another
/// node, the slowest acknowledgement, and lost or duplicated messages.
pub async fn drain(args: DrainArgs) -> anyhow::Result<()> {
    let mut pauses = Vec::new();
    let mut slowest_acks = Vec::new();
    let (mut lost, mut duplicated) = (0usize, 0usize);
    for run in 0..args.runs {
        let mut cluster = Cluster::start(&args.server_bin, 2).await?;
        let (mut anchor, owner) = cluster.room().await?;
        anchor.ok("exitRoom", json!({ "roomID": ROOM })).await?;
        let (x, y) = ((owner + 1) % 3, (owner + 2) % 3);
        let mut sender = Ws::connect(&cluster.url(x), "sender").await?;
        sender.ok("enterRoom", json!({ "roomID": ROOM })).await?;
        let mut receivers = Vec::new();
        for (name, node) in [("far", y), ("near", owner)] {
            let mut ws = Ws::connect(&cluster.url(node), name).await?;
            ws.ok("enterRoom", json!({ "roomID": ROOM })).await?;
            receivers.push(ws);
        }
        // Receivers read in the background so arrival times are real.
        let readers: Vec<_> = receivers
            .into_iter()
            .map(|mut ws| {
                tokio::spawn(async move {
                    let end = Instant::now() + Duration::from_secs(120);
                    while Instant::now() < end && !ws.closed {
                        if ws.pump(Duration::from_millis(500), |v| has_text(v, "stop")).await {
                            break;
                        }
                    }
                    ws
                })
            })
            .collect();
        let period = Duration::from_secs_f64(1.0 / f64::from(args.rate.max(1)));
        let mut acked = Vec::new();
        let mut slowest = Duration::ZERO;
        for i in 0..args.messages {
            if i == args.messages / 3 {
                cluster.nodes[owner].terminate()?;
            }
            let started = Instant::now();
            let res = sender.request("sendText", json!({ "roomID": ROOM, "text": format!("m{i}") })).await?;
            if res["code"] != 0 {
                bail!("run {run}: message {i} refused: {res}");
            }
            slowest = slowest.max(started.elapsed());
            acked.extend(res["data"]["message"]["seq"].as_u64());
            tokio::time::sleep(period.saturating_sub(started.elapsed())).await;
        }
        sender.ok("sendText", json!({ "roomID": ROOM, "text": "stop" })).await?;
        let status = cluster.nodes[owner].wait_exit(Duration::from_secs(30))?;
        if !status.success() {
            bail!("run {run}: the drained node exited with {status}");
        }
        let mut got = Vec::new();
        for r in readers {
            got.push(r.await?);
        }
        let far = got.remove(0);
        let near = got.remove(0);
        // The drained node's member reconnects elsewhere and resumes.
        let mut near_seqs: Vec<u64> = seqs(&near.backlog).into_iter().map(|(s, _)| s).collect();
        let last = near_seqs.iter().max().copied().unwrap_or(0);
        let mut back = Ws::connect(&cluster.url(x), "near").await?;
        back.ok("enterRoom", json!({ "roomID": ROOM, "lastSeq": last })).await?;
        back.pump(Duration::from_secs(5), |v| has_text(v, "stop")).await;
        near_seqs.extend(seqs(&back.backlog).into_iter().map(|(s, _)| s));
        let far_seqs = seqs(&far.backlog);
        for (who, list) in [("far", far_seqs.iter().map(|(s, _)| *s).collect::<Vec<_>>()), ("near", near_seqs)] {
            let set: HashSet<u64> = list.iter().copied().collect();
            duplicated += list.len() - set.len();
            let missing = acked.iter().filter(|a| !set.contains(a)).count();
            lost += missing;
            if missing > 0 {
                eprintln!("run {run}: {who} missed {missing} acknowledged messages");
            }
        }
        // The longest pause between deliveries on the far node beyond the send period.
        let pause =
            far_seqs.windows(2).map(|w| w[1].1.duration_since(w[0].1)).max().unwrap_or_default().saturating_sub(period);
        pauses.push((pause.as_secs_f64() * 1000.0).round());
        slowest_acks.push((slowest.as_secs_f64() * 1000.0).round());
        eprintln!("run {run}: longest extra pause {pause:?}, slowest ack {slowest:?}");
    }
    let report = json!({
        "scenario": "drain",
        "rate_msg_per_s": args.rate,
        "messages_per_run": args.messages,
        "delivery_pause_ms": summary(&pauses),
        "slowest_ack_ms": summary(&slowest_acks),
        "lost": lost,
        "duplicated": duplicated,
    });
    println!("{}", serde_json::to_string_pretty(&report)?);
    if lost > 0 || duplicated > 0 {
        bail!("messages were lost or duplicated");
    }
    Ok(())
}
