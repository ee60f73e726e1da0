//! `liveroom-load chaos`: a checker that cannot be fooled, in the manner of Jepsen. Three
//! (or more) `liveroom node` processes and a real etcd on loopback; one room; senders on two
//! nodes and members on every node, all timed by this process's one clock. A nemesis
//! SIGKILLs the room's owner (and starts a replacement node), SIGSTOPs the owner past its
//! lease and SIGCONTs it, pauses etcd for 10 s, and drains and restarts nodes, one event
//! after another. Members whose connection drops reconnect to a live node and resume with
//! their `lastSeq` and incarnation, as the SDK does.
//!
//! Every acknowledgement and every delivery is recorded; the run fails on any acknowledged
//! message some member never got, any message delivered twice to one member, any
//! delivery out of order, any `gap` (something the room lost), any change of incarnation
//! (the room restarted, which one failure must not cause), and any sequence number
//! acknowledged for two different messages (two owners acknowledging at once).

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::{bail, Context};
use liveroom_cluster::{Directory, EtcdDirectory};
use parking_lot::Mutex;
use serde_json::{json, Value};

use crate::cluster::{Ws, PREFIX};
use crate::media::{BENCH_APP, BENCH_SECRET};
use crate::server::{Etcd, Spawned};

const ROOM: &str = "990";

/// `liveroom-load chaos`.
#[derive(clap::Args)]
pub struct ChaosArgs {
    /// The liveroom binary.
    #[arg(long)]
    server_bin: PathBuf,
    /// Nodes in the cluster.
    #[arg(long, default_value_t = 3)]
    nodes: usize,
    /// Nemesis events, one after another.
    #[arg(long, default_value_t = 20)]
    events: usize,
    /// The events, cycled in this order: `kill` (SIGKILL the owner, start a new node),
    /// `pause` (SIGSTOP the owner past its lease, then SIGCONT), `etcd` (SIGSTOP etcd for
    /// 10 s), `restart` (drain a node that does not own the room and start a new one).
    #[arg(long, default_value = "kill,pause,etcd,restart", value_delimiter = ',')]
    nemesis: Vec<String>,
    /// The nodes' lease TTL, seconds.
    #[arg(long, default_value_t = 2)]
    lease_ttl: u64,
    /// Messages per second from each of the two senders.
    #[arg(long, default_value_t = 10)]
    rate: u32,
    /// Members per node besides the senders.
    #[arg(long, default_value_t = 2)]
    members_per_node: usize,
    /// Longest the whole run may take, seconds.
    #[arg(long, default_value_t = 1200)]
    max_seconds: u64,
}

/// The live nodes clients may connect to, by node id.
#[derive(Default)]
struct Roster {
    addrs: Mutex<BTreeMap<String, String>>,
}

impl Roster {
    fn pick(&self, salt: usize) -> Option<String> {
        let addrs = self.addrs.lock();
        addrs.values().nth(salt % addrs.len().max(1)).cloned()
    }
}

/// One message a member received.
struct Delivery {
    seq: u64,
    id: String,
}

/// What one member saw, across its reconnections.
#[derive(Default)]
struct Seen {
    deliveries: Vec<Delivery>,
    gaps: Vec<Value>,
    reconnects: usize,
}

/// One acknowledgement.
struct Ack {
    seq: u64,
    id: String,
    text: String,
    /// When it was sent and when the acknowledgement came.
    sent: Instant,
    at: Instant,
}

fn url(addr: &str) -> String {
    format!("ws://{addr}/im?sdkappid={BENCH_APP}")
}

/// A member of the room: keeps a connection (reconnecting and resuming as the SDK does),
/// records every delivery, and when `send` is set sends a numbered message every period.
struct Participant {
    user: String,
    ws: Option<Ws>,
    seen: Seen,
    last_seq: Option<u64>,
    incarnation: Option<u64>,
}

impl Participant {
    fn new(user: String) -> Self {
        Self { user, ws: None, seen: Seen::default(), last_seq: None, incarnation: None }
    }

    /// Moves what the connection received into the record.
    fn absorb(&mut self) {
        let Some(ws) = &mut self.ws else { return };
        let debug = std::env::var_os("LIVEROOM_LOAD_SERVER_LOGS").is_some();
        for (frame, _) in ws.backlog.drain(..) {
            if debug {
                let seqs: Vec<u64> = match frame["event"].as_str() {
                    Some("message") => frame["data"]["seq"].as_u64().into_iter().collect(),
                    Some("history") => frame["data"]["messages"]
                        .as_array()
                        .into_iter()
                        .flatten()
                        .filter_map(|m| m["seq"].as_u64())
                        .collect(),
                    _ => Vec::new(),
                };
                if seqs.iter().any(|s| self.seen.deliveries.iter().any(|d| d.seq == *s)) {
                    eprintln!("chaos: {} got again {seqs:?} in {frame}", self.user);
                }
            }
            match frame["event"].as_str() {
                Some("message") => record(&mut self.seen, &mut self.last_seq, &frame["data"]),
                Some("history") => {
                    for m in frame["data"]["messages"].as_array().into_iter().flatten() {
                        record(&mut self.seen, &mut self.last_seq, m);
                    }
                }
                Some("gap") => self.seen.gaps.push(frame),
                _ => {}
            }
        }
    }

    /// Connects (to the node `salt` picks) and enters, resuming where it left off.
    async fn ensure(&mut self, roster: &Roster, salt: usize) -> bool {
        if self.ws.as_ref().is_some_and(|w| !w.closed) {
            return true;
        }
        if self.ws.take().is_some() {
            self.seen.reconnects += 1;
        }
        let Some(addr) = roster.pick(salt) else { return false };
        if std::env::var_os("LIVEROOM_LOAD_SERVER_LOGS").is_some() {
            eprintln!("chaos: {} connects to {addr} (last seq {:?})", self.user, self.last_seq);
        }
        let connect = tokio::time::timeout(Duration::from_secs(5), Ws::connect(&url(&addr), &self.user)).await;
        let Ok(Ok(mut ws)) = connect else { return false };
        let mut enter = json!({ "roomID": ROOM });
        if let Some(last) = self.last_seq {
            enter["lastSeq"] = json!(last);
            if let Some(inc) = self.incarnation {
                enter["incarnation"] = json!(inc);
            }
        }
        let entered = tokio::time::timeout(Duration::from_secs(10), ws.request("enterRoom", enter)).await;
        self.ws = Some(ws);
        self.absorb();
        match entered {
            Ok(Ok(v)) if v["code"] == 0 => {
                if let Some(inc) = v["data"]["incarnation"].as_u64() {
                    self.incarnation = Some(inc);
                }
                true
            }
            _ => {
                self.ws = None;
                false
            }
        }
    }
}

fn record(seen: &mut Seen, last_seq: &mut Option<u64>, m: &Value) {
    if let Some(seq) = m["seq"].as_u64() {
        seen.deliveries.push(Delivery { seq, id: m["ID"].as_str().unwrap_or_default().to_owned() });
        *last_seq = Some(last_seq.map_or(seq, |l| l.max(seq)));
    }
}

/// The cluster under test: etcd, the nodes (by id), and an observer that reads placement.
struct Cluster {
    bin: PathBuf,
    config: String,
    etcd: Etcd,
    nodes: BTreeMap<String, Spawned>,
    roster: Arc<Roster>,
    observer: EtcdDirectory,
    next_id: usize,
}

impl Cluster {
    async fn start(args: &ChaosArgs) -> anyhow::Result<Self> {
        let etcd = Etcd::start()?;
        let config = format!(
            "[[apps]]\nsdkappid = {BENCH_APP}\nsecret = \"{BENCH_SECRET}\"\n[log]\nlevel = \"warn\"\n[media]\nudp = \"127.0.0.1:0\"\n\
             [chat]\nsend_rate = 1000\nroom_rate = 1000\nroom_burst = 1000\n\
             [cluster]\nprefix = \"{PREFIX}\"\nlease_ttl_secs = {}\ndrain_timeout_secs = 5\nlink_token = \"chaos-link-token-0123456789\"\n",
            args.lease_ttl
        );
        let observer = etcd.observer(PREFIX, Duration::from_secs(30)).await?;
        let mut cluster = Self {
            bin: args.server_bin.clone(),
            config,
            etcd,
            nodes: BTreeMap::new(),
            roster: Arc::new(Roster::default()),
            observer,
            next_id: 0,
        };
        for _ in 0..args.nodes {
            cluster.add_node()?;
        }
        tokio::time::sleep(Duration::from_millis(500)).await;
        Ok(cluster)
    }

    fn add_node(&mut self) -> anyhow::Result<String> {
        let id = format!("chaos-{}", self.next_id);
        self.next_id += 1;
        let node =
            Spawned::start_with(&self.bin, &["node", "--etcd", &self.etcd.endpoint, "--node-id", &id], &self.config)?;
        self.roster.addrs.lock().insert(id.clone(), node.addr.clone());
        self.nodes.insert(id.clone(), node);
        Ok(id)
    }

    /// The node that owns the room now.
    async fn owner(&self) -> anyhow::Result<String> {
        let room = liveroom_protocol::RoomId::new(ROOM)?;
        let p = self.observer.place_room(BENCH_APP, &room).await.map_err(|e| anyhow::anyhow!("placement: {e}"))?;
        if !self.nodes.contains_key(&p.node.0) {
            bail!("the room is placed on {}, not a node of this run", p.node.0);
        }
        Ok(p.node.0)
    }
}

/// What the nemesis did and how long the room took to acknowledge again.
struct Event {
    kind: String,
    node: String,
    started: Instant,
    takeover: Option<Duration>,
}

pub async fn run(args: ChaosArgs) -> anyhow::Result<()> {
    let deadline = Instant::now() + Duration::from_secs(args.max_seconds);
    let mut cluster = Cluster::start(&args).await?;
    let mut anchor =
        Ws::connect(&url(&cluster.roster.pick(0).context("a node")?), "anchor").await.context("anchor connects")?;
    anchor.ok("createRoom", json!({ "roomID": ROOM, "name": "chaos" })).await?;
    drop(anchor);

    // Senders on the first two nodes, members on every node.
    let mut participants = Vec::new();
    for s in 0..2 {
        participants.push((Participant::new(format!("sender-{s}")), Some(s)));
    }
    for n in 0..args.nodes {
        for m in 0..args.members_per_node {
            participants.push((Participant::new(format!("member-{n}-{m}")), None));
        }
    }
    for (i, (p, _)) in participants.iter_mut().enumerate() {
        if !p.ensure(&cluster.roster, i).await {
            bail!("{} could not enter the room", p.user);
        }
    }
    let acks: Arc<Mutex<Vec<Ack>>> = Arc::default();
    let refused = Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let stop = Arc::new(std::sync::atomic::AtomicBool::new(false));
    let period = Duration::from_secs_f64(1.0 / f64::from(args.rate.max(1)));
    let mut tasks = Vec::new();
    for (i, (mut p, sender)) in participants.into_iter().enumerate() {
        let (roster, acks, stop, refused) = (cluster.roster.clone(), acks.clone(), stop.clone(), refused.clone());
        tasks.push(tokio::spawn(async move {
            let mut n = 0u64;
            let mut salt = i;
            while !stop.load(std::sync::atomic::Ordering::Acquire) {
                if !p.ensure(&roster, salt).await {
                    salt += 1;
                    tokio::time::sleep(Duration::from_millis(200)).await;
                    continue;
                }
                let ws = p.ws.as_mut().expect("connected");
                match sender {
                    Some(s) => {
                        let started = Instant::now();
                        n += 1;
                        let text = format!("s{s}-{n}");
                        let res = tokio::time::timeout(
                            Duration::from_secs(12),
                            ws.request("sendText", json!({ "roomID": ROOM, "text": text })),
                        )
                        .await;
                        match res {
                            Ok(Ok(v)) if v["code"] == 0 => {
                                let m = &v["data"]["message"];
                                acks.lock().push(Ack {
                                    seq: m["seq"].as_u64().unwrap_or(0),
                                    id: m["ID"].as_str().unwrap_or_default().to_owned(),
                                    text,
                                    sent: started,
                                    at: Instant::now(),
                                });
                            }
                            Ok(Ok(_)) => {
                                refused.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                            }
                            // A hung connection (its node paused): try another node.
                            Ok(Err(_)) | Err(_) => {
                                ws.closed = true;
                                salt += 1;
                            }
                        }
                        p.absorb();
                        tokio::time::sleep(period.saturating_sub(started.elapsed())).await;
                    }
                    None => {
                        ws.pump(Duration::from_millis(300), |_| false).await;
                        p.absorb();
                    }
                }
                if p.ws.as_ref().is_some_and(|w| w.closed) {
                    salt += 1;
                }
            }
            // Whatever is still on its way.
            if let Some(ws) = p.ws.as_mut() {
                ws.pump(Duration::from_millis(500), |_| false).await;
            }
            p.absorb();
            p
        }));
    }

    let mut events: Vec<Event> = Vec::new();
    let kinds = if args.nemesis.is_empty() { vec!["kill".to_owned()] } else { args.nemesis.clone() };
    for i in 0..args.events {
        if Instant::now() > deadline {
            bail!("the run hit its {} s bound after {i} events", args.max_seconds);
        }
        tokio::time::sleep(Duration::from_secs(3)).await;
        let kind = kinds[i % kinds.len()].clone();
        let owner = cluster.owner().await?;
        let started = Instant::now();
        let node = match kind.as_str() {
            "kill" => {
                cluster.roster.addrs.lock().remove(&owner);
                if let Some(mut n) = cluster.nodes.remove(&owner) {
                    n.kill();
                }
                cluster.add_node()?;
                owner
            }
            "pause" => {
                let addr = cluster.roster.addrs.lock().remove(&owner);
                let n = cluster.nodes.get(&owner).context("owner")?;
                n.pause()?;
                tokio::time::sleep(Duration::from_secs(args.lease_ttl + 4)).await;
                n.resume()?;
                if let Some(addr) = addr {
                    cluster.roster.addrs.lock().insert(owner.clone(), addr);
                }
                owner
            }
            "etcd" => {
                cluster.etcd.pause()?;
                tokio::time::sleep(Duration::from_secs(10)).await;
                cluster.etcd.resume()?;
                "etcd".to_owned()
            }
            "restart" => {
                let other = cluster.nodes.keys().find(|id| **id != owner).cloned().context("another node")?;
                cluster.roster.addrs.lock().remove(&other);
                if let Some(mut n) = cluster.nodes.remove(&other) {
                    n.terminate()?;
                    let _ = tokio::task::spawn_blocking(move || n.wait_exit(Duration::from_secs(30))).await;
                }
                cluster.add_node()?;
                other
            }
            other => bail!("unknown nemesis event {other:?} (kill, pause, etcd, restart)"),
        };
        // The room must acknowledge again (bounded): a message sent after the event began.
        let takeover = loop {
            if let Some(a) = acks.lock().iter().find(|a| a.sent > started) {
                break Some(a.at.duration_since(started));
            }
            if started.elapsed() > Duration::from_secs(60) {
                break None;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        };
        eprintln!("event {i}: {kind} {node}: acknowledging again after {takeover:?}");
        events.push(Event { kind, node, started, takeover });
        if takeover.is_none() {
            break;
        }
    }
    // Let paused members catch up, then stop.
    tokio::time::sleep(Duration::from_secs(5)).await;
    stop.store(true, std::sync::atomic::Ordering::Release);
    let mut participants = Vec::new();
    for t in tasks {
        participants.push(t.await?);
    }
    let acks = std::mem::take(&mut *acks.lock());
    check(&args, &events, &acks, &participants, refused.load(std::sync::atomic::Ordering::Relaxed))
}

fn check(
    args: &ChaosArgs,
    events: &[Event],
    acks: &[Ack],
    participants: &[Participant],
    refused: usize,
) -> anyhow::Result<()> {
    let mut problems: Vec<String> = Vec::new();
    // One message per acknowledged sequence number.
    let mut by_seq: HashMap<u64, &str> = HashMap::new();
    for a in acks {
        if let Some(other) = by_seq.insert(a.seq, &a.text) {
            if other != a.text {
                problems.push(format!("seq {} acknowledged for both {other:?} and {:?}: two owners", a.seq, a.text));
            }
        }
    }
    let incarnations: HashSet<&str> = acks.iter().filter_map(|a| a.id.split('-').next()).collect();
    if incarnations.len() > 1 {
        problems.push(format!("the room restarted: acknowledged under incarnations {incarnations:?}"));
    }
    let (mut lost, mut duplicated, mut out_of_order, mut delivered) = (0usize, 0usize, 0usize, 0usize);
    for p in participants {
        let mut got = HashSet::new();
        let mut last = 0u64;
        let mut twice = Vec::new();
        for d in &p.seen.deliveries {
            delivered += 1;
            if !got.insert(d.seq) {
                duplicated += 1;
                twice.push(d.seq);
            } else if d.seq < last {
                out_of_order += 1;
                problems.push(format!("{} got seq {} after {last}", p.user, d.seq));
            }
            last = last.max(d.seq);
            if let Some(inc) = d.id.split('-').next() {
                if !incarnations.is_empty() && !incarnations.contains(inc) {
                    problems.push(format!("{} got {} of another incarnation", p.user, d.id));
                }
            }
        }
        if !twice.is_empty() {
            problems.push(format!(
                "{} got {} messages twice, first {:?}",
                p.user,
                twice.len(),
                &twice[..twice.len().min(5)]
            ));
        }
        let missed: Vec<u64> = acks.iter().map(|a| a.seq).filter(|s| !got.contains(s)).collect();
        if !missed.is_empty() {
            lost += missed.len();
            problems.push(format!(
                "{} never got {} acknowledged messages, first {:?} (its last: {:?}, reconnects {})",
                p.user,
                missed.len(),
                &missed[..missed.len().min(5)],
                p.seen.deliveries.last().map(|d| d.seq),
                p.seen.reconnects
            ));
        }
        if !p.seen.gaps.is_empty() {
            problems.push(format!("{} was told of gaps: {:?}", p.user, p.seen.gaps));
        }
    }
    if duplicated > 0 {
        problems.push(format!("{duplicated} deliveries were duplicates"));
    }
    if out_of_order > 0 {
        problems.push(format!("{out_of_order} deliveries came out of order"));
    }
    let unrecovered: Vec<String> =
        events.iter().filter(|e| e.takeover.is_none()).map(|e| format!("{} {}", e.kind, e.node)).collect();
    if !unrecovered.is_empty() {
        problems.push(format!("the room never acknowledged again after {unrecovered:?}"));
    }
    if events.len() < args.events {
        problems.push(format!("only {} of {} nemesis events ran", events.len(), args.events));
    }
    let mut takeovers: BTreeMap<&str, Vec<f64>> = BTreeMap::new();
    for e in events {
        if let Some(t) = e.takeover {
            takeovers.entry(&e.kind).or_default().push((t.as_secs_f64() * 1000.0).round());
        }
    }
    let first = events.first().map(|e| e.started);
    let report = json!({
        "scenario": "chaos",
        "nodes": args.nodes,
        "lease_ttl_s": args.lease_ttl,
        "events": events.iter().map(|e| json!({
            "kind": e.kind,
            "node": e.node,
            "at_s": first.map(|f| (e.started.duration_since(f).as_secs_f64() * 10.0).round() / 10.0),
            "takeover_ms": e.takeover.map(|t| (t.as_secs_f64() * 1000.0).round()),
        })).collect::<Vec<_>>(),
        "takeover_ms_by_kind": takeovers,
        "members": participants.len(),
        "reconnects": participants.iter().map(|p| p.seen.reconnects).sum::<usize>(),
        "acknowledged": acks.len(),
        "refused_retryable": refused,
        "delivered": delivered,
        "lost": lost,
        "duplicated": duplicated,
        "out_of_order": out_of_order,
        "problems": problems,
    });
    println!("{}", serde_json::to_string_pretty(&report)?);
    if !problems.is_empty() {
        bail!("the checker found {} problems", problems.len());
    }
    Ok(())
}
