//! The chat fan-out scenario: N WebSocket members in one room, one sender at R msg/s.
//!
//! Reports deliveries per second, end-to-end latency (send → member receipt, same clock)
//! p50 / p99 / max, server CPU seconds per million deliveries, and server RSS per idle
//! connection.

use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use anyhow::{bail, Context};
use futures_util::{SinkExt, StreamExt};
use serde_json::json;
use tokio::sync::Semaphore;
use tokio_tungstenite::tungstenite::protocol::WebSocketConfig;
use tokio_tungstenite::tungstenite::Message;

use crate::server::{cpu_seconds, rss_bytes, Spawned};
use crate::stats::Latency;

const BENCH_APP: u64 = 1_400_000_099;
const BENCH_SECRET: &str = "bench-secret-not-for-production";
const ROOM: &str = "bench";

/// Flags of the chat scenario.
#[derive(clap::Args, Debug)]
pub struct ChatArgs {
    /// Start this liveroom binary on a free loopback port (with benchmark limits).
    #[arg(long, conflicts_with = "url")]
    server_bin: Option<PathBuf>,
    /// Use a running server instead (`ws://127.0.0.1:8080`); loopback only.
    #[arg(long)]
    url: Option<String>,
    /// With --url: the server's pid, for CPU and memory figures.
    #[arg(long)]
    server_pid: Option<u32>,
    /// With --url: the app to use.
    #[arg(long, default_value_t = BENCH_APP)]
    sdkappid: u64,
    /// With --url: that app's secret (to sign the sender's UserSig).
    #[arg(long, env = "LIVEROOM_SECRET", default_value = BENCH_SECRET, hide_env_values = true)]
    secret: String,
    /// Members in the room.
    #[arg(long, default_value_t = 10_000)]
    members: usize,
    /// Messages per second from the sender.
    #[arg(long, default_value_t = 30)]
    rate: u32,
    /// Seconds of measured sending.
    #[arg(long, default_value_t = 20)]
    duration: u64,
    /// Seconds of sending before measuring.
    #[arg(long, default_value_t = 3)]
    warmup: u64,
    /// Bytes of padding per message.
    #[arg(long, default_value_t = 100)]
    payload: usize,
    /// Connections opened concurrently while joining.
    #[arg(long, default_value_t = 200)]
    connect_concurrency: usize,
    /// With --server-bin: cluster nodes to spread the members over (1 = `liveroom serve`;
    /// more = `liveroom node` processes sharing a real etcd, members round-robin).
    #[arg(long, default_value_t = 1)]
    nodes: usize,
    /// With --server-bin and one node: run it as `liveroom node` on a real etcd (a cluster
    /// of one: its rooms run without a follower), the baseline of the follower's cost.
    #[arg(long)]
    cluster: bool,
    /// With several nodes: the sender and every member connect to the room's owner (the
    /// other nodes only keep its follower copy), to measure what replication costs.
    #[arg(long)]
    members_on_owner: bool,
}

/// CPU seconds of every process in `pids`.
fn cpu_of(pids: &[u32]) -> anyhow::Result<Option<f64>> {
    if pids.is_empty() {
        return Ok(None);
    }
    Ok(Some(pids.iter().map(|p| cpu_seconds(*p)).sum::<anyhow::Result<f64>>()?))
}

/// Resident memory of every process in `pids`.
fn rss_of(pids: &[u32]) -> anyhow::Result<Option<u64>> {
    if pids.is_empty() {
        return Ok(None);
    }
    Ok(Some(pids.iter().map(|p| rss_bytes(*p)).sum::<anyhow::Result<u64>>()?))
}

fn unix_micros() -> u64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_micros() as u64).unwrap_or(0)
}

fn check_loopback(url: &str) -> anyhow::Result<()> {
    let host = url
        .split("://")
        .nth(1)
        .and_then(|rest| rest.split('/').next())
        .map(|hp| {
            if hp.starts_with('[') {
                hp.split(']').next().unwrap_or(hp).trim_start_matches('[')
            } else {
                hp.split(':').next().unwrap_or(hp)
            }
        })
        .unwrap_or_default();
    let ok =
        host == "localhost" || host == "::1" || host.parse::<std::net::Ipv4Addr>().is_ok_and(|ip| ip.is_loopback());
    if !ok {
        bail!("refusing to load {host:?}: benchmarks only target loopback");
    }
    Ok(())
}

struct Shared {
    deliveries: AtomicU64,
    /// WebSocket messages received (a message carries one fan-out batch).
    socket_messages: AtomicU64,
    joined: AtomicUsize,
    failed: AtomicUsize,
    latency: Latency,
}

/// The code of the answer to request `id` among the frames of a WebSocket message.
fn answer_code(text: &str, id: u64) -> Option<u64> {
    text.split('\n')
        .filter_map(|f| serde_json::from_str::<serde_json::Value>(f).ok())
        .find(|v| v["id"] == id)
        .and_then(|v| v["code"].as_u64())
}

/// Extracts the send timestamp from every message event in a WebSocket text message.
fn record(text: &str, shared: &Shared, now_us: u64, samples: &mut Vec<u64>) -> u64 {
    let mut n = 0;
    for frame in text.split('\n') {
        if !frame.starts_with("{\"event\":\"message\"") {
            continue;
        }
        n += 1;
        if let Some(pos) = frame.find("\"text\":\"t=") {
            let digits: String = frame[pos + 10..].chars().take_while(char::is_ascii_digit).collect();
            if let Ok(sent) = digits.parse::<u64>() {
                samples.push(now_us.saturating_sub(sent));
            }
        }
    }
    if samples.len() >= 256 {
        shared.latency.record_batch(samples);
    }
    n
}

async fn member(url: String, shared: Arc<Shared>, permits: Arc<Semaphore>, stop: Arc<tokio::sync::Notify>) {
    let permit = permits.acquire_owned().await;
    // One unsplit stream: a member writes once, so a split's lock would only cost.
    let config = WebSocketConfig::default().read_buffer_size(4096).write_buffer_size(0);
    let Ok((mut stream, _)) = tokio_tungstenite::connect_async_with_config(url, Some(config), true).await else {
        shared.failed.fetch_add(1, Ordering::Relaxed);
        return;
    };
    let enter = json!({ "id": 1, "cmd": "enterRoom", "data": { "roomID": ROOM } }).to_string();
    if stream.send(Message::text(enter)).await.is_err() {
        shared.failed.fetch_add(1, Ordering::Relaxed);
        return;
    }
    // Wait for the enter answer before counting as joined.
    loop {
        match stream.next().await {
            Some(Ok(Message::Text(t))) => {
                let Some(code) = answer_code(t.as_str(), 1) else {
                    continue;
                };
                if code != 0 {
                    shared.failed.fetch_add(1, Ordering::Relaxed);
                    return;
                }
                break;
            }
            Some(Ok(_)) => {}
            _ => {
                shared.failed.fetch_add(1, Ordering::Relaxed);
                return;
            }
        }
    }
    drop(permit);
    shared.joined.fetch_add(1, Ordering::Relaxed);
    let mut samples = Vec::with_capacity(256);
    let stopped = stop.notified();
    tokio::pin!(stopped);
    loop {
        tokio::select! {
            msg = stream.next() => match msg {
                Some(Ok(Message::Text(t))) => {
                    let n = record(t.as_str(), &shared, unix_micros(), &mut samples);
                    shared.deliveries.fetch_add(n, Ordering::Relaxed);
                    shared.socket_messages.fetch_add(1, Ordering::Relaxed);
                }
                Some(Ok(_)) => {}
                _ => break,
            },
            _ = &mut stopped => break,
        }
    }
    shared.latency.record_batch(&mut samples);
}

/// A logged-in sender in the room (created if needed).
async fn sender_session(
    url: &str,
    app: u64,
    secret: &str,
) -> anyhow::Result<(
    futures_util::stream::SplitSink<
        tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>>,
        Message,
    >,
    futures_util::stream::SplitStream<
        tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>>,
    >,
)> {
    let (ws, _) = tokio_tungstenite::connect_async(url).await.context("sender connect")?;
    let (mut sender, mut sender_in) = ws.split();
    let now = SystemTime::now().duration_since(UNIX_EPOCH)?.as_secs();
    let sig = liveroom_auth::usersig::sign(app, secret, "bench-sender", now, 86_400);
    for (id, cmd, data) in [
        (1, "login", json!({ "userID": "bench-sender", "userSig": sig })),
        (2, "createRoom", json!({ "roomID": ROOM, "name": "benchmark" })),
        (3, "enterRoom", json!({ "roomID": ROOM })),
    ] {
        sender.send(Message::text(json!({ "id": id, "cmd": cmd, "data": data }).to_string())).await?;
        loop {
            let msg = tokio::time::timeout(Duration::from_secs(10), sender_in.next()).await.context("sender answer")?;
            let Some(Ok(Message::Text(t))) = msg else { bail!("sender connection ended") };
            if let Some(code) = answer_code(t.as_str(), id) {
                // 10025: the room exists from an earlier run against the same server.
                if code != 0 && code != 10025 {
                    bail!("{cmd} failed: {t}");
                }
                break;
            }
        }
    }
    Ok((sender, sender_in))
}

/// What the sender thread does now.
#[derive(Clone, Copy, PartialEq, Eq)]
#[repr(u8)]
enum Phase {
    Paused = 0,
    Sending = 1,
    Stopped = 2,
}

/// The sender on a thread and runtime of its own: sends at the rate while [`Phase::Sending`],
/// and records each acknowledgement's latency (send to answer) in `acks`.
struct SenderThread {
    phase: Arc<std::sync::atomic::AtomicU8>,
    sent: Arc<AtomicU64>,
    thread: std::thread::JoinHandle<anyhow::Result<()>>,
}

impl SenderThread {
    fn start(url: String, app: u64, secret: String, rate: u32, payload: usize, acks: Latency) -> anyhow::Result<Self> {
        let phase = Arc::new(std::sync::atomic::AtomicU8::new(Phase::Paused as u8));
        let sent = Arc::new(AtomicU64::new(0));
        let (ready_tx, ready_rx) = std::sync::mpsc::channel();
        let (p, n) = (phase.clone(), sent.clone());
        let thread = std::thread::Builder::new().name("sender".into()).spawn(move || {
            let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build()?;
            runtime.block_on(async move {
                let session = sender_session(&url, app, &secret).await;
                let (mut out, mut answers) = match session {
                    Ok(s) => {
                        let _ = ready_tx.send(Ok(()));
                        s
                    }
                    Err(e) => {
                        let _ = ready_tx.send(Err(format!("{e:#}")));
                        return Err(e);
                    }
                };
                let sent_at: Arc<parking_lot::Mutex<std::collections::HashMap<u64, Instant>>> = Arc::default();
                let reader = {
                    let sent_at = sent_at.clone();
                    tokio::spawn(async move {
                        let mut samples = Vec::new();
                        while let Some(Ok(msg)) = answers.next().await {
                            let Message::Text(t) = msg else { continue };
                            for line in t.as_str().split('\n') {
                                let Ok(v) = serde_json::from_str::<serde_json::Value>(line) else { continue };
                                let Some(id) = v["id"].as_u64() else { continue };
                                if let Some(at) = sent_at.lock().remove(&id) {
                                    samples.push(at.elapsed().as_micros() as u64);
                                }
                            }
                            if samples.len() >= 16 {
                                acks.record_batch(&mut samples);
                            }
                        }
                        acks.record_batch(&mut samples);
                    })
                };
                let pad = "x".repeat(payload);
                let period = Duration::from_secs_f64(1.0 / f64::from(rate.max(1)));
                let mut ticker = tokio::time::interval(period);
                ticker.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
                let mut id = 10u64;
                loop {
                    ticker.tick().await;
                    match p.load(Ordering::Acquire) {
                        x if x == Phase::Stopped as u8 => break,
                        x if x == Phase::Paused as u8 => continue,
                        _ => {}
                    }
                    id += 1;
                    let text = format!("t={} {pad}", unix_micros());
                    let frame = json!({ "id": id, "cmd": "sendText", "data": { "roomID": ROOM, "text": text } });
                    sent_at.lock().insert(id, Instant::now());
                    out.send(Message::text(frame.to_string())).await?;
                    n.fetch_add(1, Ordering::Release);
                }
                // Answers still on their way are waited for (bounded), then the reader ends.
                tokio::time::sleep(Duration::from_millis(500)).await;
                let _ = out.close().await;
                let _ = tokio::time::timeout(Duration::from_secs(5), reader).await;
                Ok(())
            })
        })?;
        match ready_rx.recv_timeout(Duration::from_secs(30)) {
            Ok(Ok(())) => Ok(Self { phase, sent, thread }),
            Ok(Err(e)) => bail!("sender: {e}"),
            Err(_) => bail!("the sender did not log in within 30 s"),
        }
    }

    fn set(&self, phase: Phase) {
        self.phase.store(phase as u8, Ordering::Release);
    }

    /// Messages sent so far.
    fn sent(&self) -> u64 {
        self.sent.load(Ordering::Acquire)
    }

    /// Stops sending and waits for the last answers (bounded).
    fn stop(self) -> anyhow::Result<()> {
        self.set(Phase::Stopped);
        self.thread.join().map_err(|_| anyhow::anyhow!("the sender thread panicked"))?
    }
}

/// Index of the node (`bench-<i>`) that owns the benchmark room.
async fn room_owner(etcd: &crate::server::Etcd) -> anyhow::Result<usize> {
    use liveroom_cluster::Directory;
    let observer = etcd.observer("/bench", Duration::from_secs(5)).await?;
    let room = liveroom_protocol::RoomId::new(ROOM)?;
    let p = observer.place_room(BENCH_APP, &room).await.map_err(|e| anyhow::anyhow!("placement: {e}"))?;
    p.node.0.strip_prefix("bench-").and_then(|n| n.parse().ok()).context("placed on a bench node")
}

/// Runs the scenario and prints the report.
pub async fn run(args: ChatArgs) -> anyhow::Result<()> {
    let config = format!(
        "[[apps]]\nsdkappid = {BENCH_APP}\nsecret = \"{BENCH_SECRET}\"\n[log]\nlevel = \"warn\"\n[media]\nudp = \"127.0.0.1:0\"\n[server]\nmax_connections = 200000\n\
         [chat]\nroom_rate = 100000\nroom_burst = 100000\nsend_rate = 100000\nframe_rate = 100000\nmax_members = 1000000\n"
    );
    let mut etcd = None;
    let mut spawned = Vec::new();
    if let Some(bin) = &args.server_bin {
        if args.nodes <= 1 && !args.cluster {
            spawned.push(Spawned::start(bin, &config)?);
        } else {
            let e = crate::server::Etcd::start()?;
            // As deployed (k8s/liveroom/configmap.yaml): the node link on the internal
            // listener's own worker, not behind the members' sockets.
            let config = config.replace("[server]\n", "[server]\ninternal_http = \"127.0.0.1:0\"\n");
            let cluster =
                format!("{config}[cluster]\nprefix = \"/bench\"\nlink_token = \"bench-link-token-0123456789\"\n");
            for i in 0..args.nodes.max(1) {
                let id = format!("bench-{i}");
                spawned.push(Spawned::start_with(bin, &["node", "--etcd", &e.endpoint, "--node-id", &id], &cluster)?);
            }
            etcd = Some(e);
            // Every node's watch sees the others before the room is placed.
            tokio::time::sleep(Duration::from_millis(500)).await;
        }
    }
    let _etcd = etcd;
    let (bases, pids, app, secret): (Vec<String>, Vec<u32>, u64, String) = match (spawned.is_empty(), &args.url) {
        (false, _) => (
            spawned.iter().map(|s| format!("ws://{}", s.addr)).collect(),
            spawned.iter().map(Spawned::pid).collect(),
            BENCH_APP,
            BENCH_SECRET.to_owned(),
        ),
        (true, Some(url)) => (
            vec![url.trim_end_matches('/').to_owned()],
            args.server_pid.into_iter().collect(),
            args.sdkappid,
            args.secret.clone(),
        ),
        (true, None) => bail!("give --server-bin or --url"),
    };
    for base in &bases {
        check_loopback(base)?;
    }
    let mut urls: Vec<String> = bases.iter().map(|b| format!("{b}/im?sdkappid={app}")).collect();

    // The room is created (and placed) by a first session of the sender.
    let first = sender_session(&urls[0], app, &secret).await?;
    if args.members_on_owner && urls.len() > 1 {
        // Everyone on the owner: the sender moves there (the room is placed by now).
        let owner = room_owner(_etcd.as_ref().context("a cluster")?).await?;
        urls = vec![urls[owner].clone()];
    }
    drop(first);
    // The sender is a client of its own, not one of the load generator's members: its
    // answers must not wait behind the members' deliveries in this process's runtime.
    let acks = Latency::new();
    let sender = SenderThread::start(urls[0].clone(), app, secret.clone(), args.rate, args.payload, acks.clone())?;
    tokio::time::sleep(Duration::from_millis(500)).await;
    let rss_base = rss_of(&pids)?;

    // Members join.
    let shared = Arc::new(Shared {
        deliveries: AtomicU64::new(0),
        socket_messages: AtomicU64::new(0),
        joined: AtomicUsize::new(0),
        failed: AtomicUsize::new(0),
        latency: Latency::new(),
    });
    let permits = Arc::new(Semaphore::new(args.connect_concurrency.max(1)));
    let stop = Arc::new(tokio::sync::Notify::new());
    let join_start = Instant::now();
    let mut tasks = Vec::with_capacity(args.members);
    for i in 0..args.members {
        let url = urls[i % urls.len()].clone();
        tasks.push(tokio::spawn(member(url, shared.clone(), permits.clone(), stop.clone())));
    }
    let join_deadline = Instant::now() + Duration::from_secs(120);
    while shared.joined.load(Ordering::Relaxed) + shared.failed.load(Ordering::Relaxed) < args.members {
        if Instant::now() > join_deadline {
            bail!("members did not join within 120 s");
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let joined = shared.joined.load(Ordering::Relaxed);
    let join_secs = join_start.elapsed().as_secs_f64();
    tokio::time::sleep(Duration::from_secs(2)).await;
    let rss_idle = rss_of(&pids)?;

    // Sending: warm-up, then the measured window.
    sender.set(Phase::Sending);
    tokio::time::sleep(Duration::from_secs(args.warmup)).await;
    sender.set(Phase::Paused);
    tokio::time::sleep(Duration::from_millis(500)).await;
    shared.latency.reset();
    acks.reset();
    let d0 = shared.deliveries.load(Ordering::Relaxed);
    let w0 = shared.socket_messages.load(Ordering::Relaxed);
    let cpu0 = cpu_of(&pids)?;
    let own_cpu0 = cpu_seconds(std::process::id())?;
    let t0 = Instant::now();
    let sent0 = sender.sent();
    sender.set(Phase::Sending);
    tokio::time::sleep(Duration::from_secs(args.duration)).await;
    sender.set(Phase::Paused);
    let sent = sender.sent() - sent0;
    let send_secs = t0.elapsed().as_secs_f64();
    // Drain: wait until deliveries stop growing (bounded).
    let mut last = shared.deliveries.load(Ordering::Relaxed);
    for _ in 0..50 {
        tokio::time::sleep(Duration::from_millis(200)).await;
        let now = shared.deliveries.load(Ordering::Relaxed);
        if now == last && now - d0 >= sent * joined as u64 {
            break;
        }
        last = now;
    }
    let cpu1 = cpu_of(&pids)?;
    let own_cpu1 = cpu_seconds(std::process::id())?;
    let window_secs = t0.elapsed().as_secs_f64();
    let delivered = shared.deliveries.load(Ordering::Relaxed) - d0;
    let socket_messages = shared.socket_messages.load(Ordering::Relaxed) - w0;
    stop.notify_waiters();
    for t in tasks {
        let _ = tokio::time::timeout(Duration::from_secs(5), t).await;
    }
    let (samples, p50, p99, max) = shared.latency.summary();
    sender.stop()?;
    let (ack_samples, ack_p50, ack_p99, ack_max) = acks.summary();
    let expected = sent * joined as u64;
    let report = json!({
        "scenario": "chat",
        "nodes": bases.len(),
        "members": joined,
        "failed_connections": shared.failed.load(Ordering::Relaxed),
        "join_seconds": (join_secs * 10.0).round() / 10.0,
        "rate_msg_per_s": args.rate,
        "sent": sent,
        "deliveries": delivered,
        "expected_deliveries": expected,
        "delivered_fraction": if expected > 0 { delivered as f64 / expected as f64 } else { 0.0 },
        "deliveries_per_s": (delivered as f64 / send_secs).round(),
        "socket_messages_per_s": (socket_messages as f64 / send_secs).round(),
        "latency_ms": { "samples": samples, "p50": p50, "p99": p99, "max": max },
        "ack_ms": { "samples": ack_samples, "p50": ack_p50, "p99": ack_p99, "max": ack_max },
        "members_on_owner": args.members_on_owner,
        "server_cpu_s_per_million_deliveries": match (cpu0, cpu1) {
            (Some(a), Some(b)) if delivered > 0 => Some(((b - a) / delivered as f64 * 1e6 * 100.0).round() / 100.0),
            _ => None,
        },
        "server_cores_used": match (cpu0, cpu1) {
            (Some(a), Some(b)) => Some(((b - a) / window_secs * 100.0).round() / 100.0),
            _ => None,
        },
        "load_generator_cores_used": ((own_cpu1 - own_cpu0) / window_secs * 100.0).round() / 100.0,
        "server_rss_bytes_per_idle_connection": match (rss_base, rss_idle) {
            (Some(a), Some(b)) if joined > 0 => Some((b.saturating_sub(a)) / joined as u64),
            _ => None,
        },
    });
    println!("{}", serde_json::to_string_pretty(&report)?);
    if shared.failed.load(Ordering::Relaxed) > 0 || delivered < expected {
        bail!("not every member joined or not every message was delivered");
    }
    Ok(())
}
