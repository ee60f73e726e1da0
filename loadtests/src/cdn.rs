//! The CDN origin scenario: one WHIP publisher looping real H.264 + Opus (see [`Replay`]),
//! packaged by the server for LL-HLS and HTTP-FLV, and N HTTP viewers on loopback.
//!
//! - FLV viewers hold one chunked HTTP/1.1 response each and parse the FLV tags: time to
//!   the first video keyframe tag, tags and bytes received.
//! - HLS viewers behave like an LL-HLS player on one keep-alive connection: a blocking
//!   playlist request for the next part (`_HLS_msn` / `_HLS_part`), then that part, again.
//!
//! Reports viewers served, egress, server CPU per viewer-second and viewers per server core,
//! time to first frame for FLV and to first part for HLS, request errors, and the server's
//! CDN metrics (slow viewers dropped).

use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::{bail, Context};
use futures_util::StreamExt;
use serde_json::json;
use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpStream;

use crate::media::{self, load_average, round, Shared, SrtpChoice, Templates, ANCHOR, BENCH_APP, BENCH_SECRET, ROOM};
use crate::replay::Replay;
use crate::server::{cpu_seconds, rss_bytes, Spawned};
use crate::stats::Latency;

/// Flags of the CDN scenario.
#[derive(clap::Args, Debug)]
pub struct CdnArgs {
    /// Start this liveroom binary on free loopback ports.
    #[arg(long)]
    server_bin: PathBuf,
    /// Concurrent viewers.
    #[arg(long, default_value_t = 200)]
    viewers: usize,
    /// `flv` or `hls`.
    #[arg(long, default_value = "flv")]
    format: String,
    /// Seconds measured.
    #[arg(long, default_value_t = 20)]
    duration: u64,
    /// Seconds after every viewer started, before measuring.
    #[arg(long, default_value_t = 3)]
    warmup: u64,
    /// Video bitrate of the looped recording.
    #[arg(long, default_value_t = 1500)]
    bitrate_kbps: u32,
    /// Viewers started per second.
    #[arg(long, default_value_t = 200)]
    join_rate: u32,
}

#[derive(Default)]
struct Counters {
    bytes: AtomicU64,
    /// FLV tags or HLS parts received.
    units: AtomicU64,
    errors: AtomicU64,
    ended: AtomicU64,
    /// Failed HLS requests by kind and status, e.g. `part 404`.
    statuses: parking_lot::Mutex<std::collections::BTreeMap<String, u64>>,
}

impl Counters {
    fn failed(&self, what: &str, status: u16) {
        self.errors.fetch_add(1, Ordering::Relaxed);
        *self.statuses.lock().entry(format!("{what} {status}")).or_default() += 1;
    }
}

fn stream_id() -> String {
    format!("{BENCH_APP}_{ROOM}_{ANCHOR}_main")
}

/// A chunked (`Transfer-Encoding: chunked`) response body read as a plain byte stream.
struct Chunked<R> {
    r: R,
    left: usize,
    started: bool,
}

impl<R: tokio::io::AsyncBufRead + Unpin> Chunked<R> {
    async fn read_exact(&mut self, mut out: &mut [u8]) -> anyhow::Result<()> {
        while !out.is_empty() {
            if self.left == 0 {
                let mut line = String::new();
                if self.started {
                    self.r.read_line(&mut line).await?; // the CRLF after the previous chunk
                    line.clear();
                }
                self.started = true;
                if self.r.read_line(&mut line).await? == 0 || line.len() > 32 {
                    bail!("chunk size line");
                }
                self.left = usize::from_str_radix(line.trim().split(';').next().unwrap_or(""), 16)?;
                if self.left == 0 {
                    bail!("end of body");
                }
            }
            let n = self.left.min(out.len());
            self.r.read_exact(&mut out[..n]).await?;
            self.left -= n;
            out = &mut out[n..];
        }
        Ok(())
    }
}

/// An FLV viewer: one response until `stop`; records the time to the first keyframe.
async fn flv_viewer(addr: String, counters: Arc<Counters>, ttff: Latency, stop: Arc<AtomicBool>) -> anyhow::Result<()> {
    let started = Instant::now();
    let mut s = TcpStream::connect(&addr).await?;
    s.write_all(format!("GET /live/{}.flv HTTP/1.1\r\nHost: {addr}\r\n\r\n", stream_id()).as_bytes()).await?;
    let mut r = BufReader::with_capacity(64 * 1024, s);
    let mut head = Vec::new();
    while !head.ends_with(b"\r\n\r\n") {
        let b = r.read_u8().await?;
        head.push(b);
        if head.len() > 8192 {
            bail!("oversized response head");
        }
    }
    if !head.starts_with(b"HTTP/1.1 200") {
        bail!("FLV answered {}", String::from_utf8_lossy(&head[..head.len().min(40)]));
    }
    let mut r = Chunked { r, left: 0, started: false };
    let mut file_header = [0u8; 13];
    r.read_exact(&mut file_header).await?;
    let mut first_key = false;
    let mut tag_head = [0u8; 11];
    let mut body = Vec::with_capacity(64 * 1024);
    while !stop.load(Ordering::Relaxed) {
        if r.read_exact(&mut tag_head).await.is_err() {
            counters.ended.fetch_add(1, Ordering::Relaxed);
            return Ok(());
        }
        let size = u32::from_be_bytes([0, tag_head[1], tag_head[2], tag_head[3]]) as usize + 4;
        body.resize(size, 0);
        r.read_exact(&mut body).await?;
        counters.units.fetch_add(1, Ordering::Relaxed);
        counters.bytes.fetch_add((11 + size) as u64, Ordering::Relaxed);
        if !first_key && tag_head[0] == 9 && body.first() == Some(&0x17) && body.get(1) == Some(&1) {
            first_key = true;
            ttff.record_batch(&mut vec![started.elapsed().as_micros() as u64]);
        }
    }
    Ok(())
}

/// One keep-alive HTTP/1.1 connection for an HLS viewer.
struct Conn {
    r: BufReader<TcpStream>,
    addr: String,
}

impl Conn {
    async fn get(&mut self, path: &str) -> anyhow::Result<(u16, Vec<u8>)> {
        let req = format!("GET {path} HTTP/1.1\r\nHost: {}\r\n\r\n", self.addr);
        self.r.get_mut().write_all(req.as_bytes()).await?;
        let mut head = Vec::new();
        while !head.ends_with(b"\r\n\r\n") {
            head.push(self.r.read_u8().await?);
            if head.len() > 8192 {
                bail!("oversized response head");
            }
        }
        let text = String::from_utf8_lossy(&head).to_ascii_lowercase();
        let status: u16 = text.split(' ').nth(1).and_then(|s| s.parse().ok()).context("status")?;
        let len: usize = text
            .lines()
            .find_map(|l| l.strip_prefix("content-length:"))
            .and_then(|v| v.trim().parse().ok())
            .context("HLS answers carry Content-Length")?;
        let mut body = vec![0u8; len];
        self.r.read_exact(&mut body).await?;
        Ok((status, body))
    }
}

/// `(prefix, msn, part)` of a playlist's preload hint.
fn preload_hint(playlist: &str) -> Option<(String, u64, u32)> {
    let line = playlist.lines().find(|l| l.starts_with("#EXT-X-PRELOAD-HINT:"))?;
    let uri = line.split("URI=\"").nth(1)?.trim_end_matches('"');
    let (prefix, name) = uri.rsplit_once('-')?;
    let (msn, part) = name.strip_suffix(".m4s")?.split_once('.')?;
    Some((prefix.to_owned(), msn.parse().ok()?, part.parse().ok()?))
}

/// An LL-HLS viewer, as a low-latency player: a blocking playlist request for the next
/// part (`_HLS_msn` / `_HLS_part`), then that part if the playlist lists it, or on to the
/// next segment if the segment ended first. Until `stop`.
async fn hls_viewer(addr: String, counters: Arc<Counters>, ttff: Latency, stop: Arc<AtomicBool>) -> anyhow::Result<()> {
    let started = Instant::now();
    let mut c = Conn { r: BufReader::with_capacity(64 * 1024, TcpStream::connect(&addr).await?), addr: addr.clone() };
    let base = format!("/live/{}.m3u8", stream_id());
    let (status, body) = c.get(&base).await?;
    if status != 200 {
        bail!("playlist answered {status}");
    }
    let (prefix, mut msn, mut part) = preload_hint(&String::from_utf8_lossy(&body)).context("no preload hint")?;
    let mut first = true;
    while !stop.load(Ordering::Relaxed) {
        let (status, body) = c.get(&format!("{base}?_HLS_msn={msn}&_HLS_part={part}")).await?;
        let text = String::from_utf8_lossy(&body);
        if status != 200 {
            counters.failed("playlist", status);
            continue;
        }
        if text.contains("#EXT-X-ENDLIST") {
            counters.ended.fetch_add(1, Ordering::Relaxed);
            return Ok(());
        }
        if !text.contains(&format!("-{msn}.{part}.m4s\"")) {
            // The segment ended before this part: the next one starts a new segment.
            (msn, part) = (msn + 1, 0);
            continue;
        }
        let (status, bytes) = c.get(&format!("/live/{prefix}-{msn}.{part}.m4s")).await?;
        if status != 200 {
            counters.failed("part", status);
        } else {
            counters.units.fetch_add(1, Ordering::Relaxed);
            counters.bytes.fetch_add(bytes.len() as u64, Ordering::Relaxed);
            if first {
                first = false;
                ttff.record_batch(&mut vec![started.elapsed().as_micros() as u64]);
            }
        }
        part += 1;
    }
    Ok(())
}

/// Runs the scenario and prints the report.
pub async fn run(args: CdnArgs) -> anyhow::Result<()> {
    if !matches!(args.format.as_str(), "flv" | "hls") {
        bail!("--format must be flv or hls");
    }
    let config = format!(
        "[[apps]]\nsdkappid = {BENCH_APP}\nsecret = \"{BENCH_SECRET}\"\n[log]\nlevel = \"warn\"\n\
         [media]\nudp = \"127.0.0.1:0\"\n[server]\nmax_connections = 200000\n"
    );
    let server = Spawned::start(&args.server_bin, &config)?;
    let addr = server.addr.clone();
    let pid = server.pid();
    let shared = Shared::new();
    let result = scenario(&args, &addr, pid, shared.clone()).await;
    shared.stop();
    drop(server);
    result
}

async fn scenario(args: &CdnArgs, addr: &str, pid: u32, shared: Arc<Shared>) -> anyhow::Result<()> {
    let replay = Arc::new(Replay::generate(4, args.bitrate_kbps, media::VIDEO_PACKET)?);
    let templates = Templates::new(false, SrtpChoice::Browser)?;
    media::create_room(addr, ROOM).await?;
    let (pub_tx, pub_thread) =
        media::start_publisher(addr, &templates, &shared, args.bitrate_kbps, Some(replay)).await?;
    // The origin answers once the first part is packaged.
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let r = crate::http::request(addr, "GET", &format!("/live/{}.m3u8", stream_id()), &[], b"").await?;
        if r.status == 200 && r.body.contains("#EXT-X-PART:") {
            break;
        }
        if Instant::now() > deadline {
            bail!("the stream was not packaged within 20 s (last answer {})", r.status);
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    let rss_base = rss_bytes(pid)?;
    let counters = Arc::new(Counters::default());
    let ttff = Latency::new();
    let stop = Arc::new(AtomicBool::new(false));
    let join_start = Instant::now();
    let mut tasks = Vec::with_capacity(args.viewers);
    let gap = Duration::from_secs(1) / args.join_rate.max(1);
    for _ in 0..args.viewers {
        let (addr, counters, ttff, stop) = (addr.to_owned(), counters.clone(), ttff.clone(), stop.clone());
        let hls = args.format == "hls";
        tasks.push(tokio::spawn(async move {
            let errors = counters.clone();
            let res = if hls {
                hls_viewer(addr, counters, ttff, stop).await
            } else {
                flv_viewer(addr, counters, ttff, stop).await
            };
            if res.is_err() {
                errors.errors.fetch_add(1, Ordering::Relaxed);
            }
            res.err().map(|e| e.to_string())
        }));
        tokio::time::sleep(gap).await;
    }
    let join_secs = join_start.elapsed().as_secs_f64();
    tokio::time::sleep(Duration::from_secs(args.warmup)).await;
    let rss_loaded = rss_bytes(pid)?;
    let (cpu0, own0) = (cpu_seconds(pid)?, cpu_seconds(std::process::id())?);
    let (bytes0, units0, errors0) = (
        counters.bytes.load(Ordering::Relaxed),
        counters.units.load(Ordering::Relaxed),
        counters.errors.load(Ordering::Relaxed),
    );
    let t0 = Instant::now();
    tokio::time::sleep(Duration::from_secs(args.duration)).await;
    let window = t0.elapsed().as_secs_f64();
    let (cpu1, own1) = (cpu_seconds(pid)?, cpu_seconds(std::process::id())?);
    let bytes = counters.bytes.load(Ordering::Relaxed) - bytes0;
    let units = counters.units.load(Ordering::Relaxed) - units0;
    let errors = counters.errors.load(Ordering::Relaxed) - errors0;
    let statuses = counters.statuses.lock().clone();
    let metrics = crate::http::request(addr, "GET", "/metrics", &[], b"").await.map(|r| r.body).unwrap_or_default();
    // Viewers first, while the stream still runs: each ends at its next unit (a tag or a
    // part later). Bounded by the timeout below.
    stop.store(true, Ordering::Relaxed);
    let results = futures_util::stream::iter(tasks)
        .then(|t| async move { tokio::time::timeout(Duration::from_secs(10), t).await })
        .collect::<Vec<_>>()
        .await;
    let failures: Vec<String> =
        results.into_iter().filter_map(|r| r.ok().and_then(|j| j.ok()).flatten()).take(3).collect();
    shared.stop();
    drop(pub_tx);
    let _ = pub_thread.join();

    let server_cores = (cpu1 - cpu0) / window;
    let (samples, p50, p99, max) = ttff.summary();
    let cdn_metric = |name: &str| -> Option<f64> {
        metrics.lines().find(|l| l.starts_with(name)).and_then(|l| l.rsplit(' ').next()?.parse().ok())
    };
    let report = json!({
        "scenario": "cdn",
        "format": args.format,
        "viewers": args.viewers,
        "join_seconds": round(join_secs, 2),
        "duration_s": round(window, 2),
        "bitrate_kbps": args.bitrate_kbps,
        "egress_mbps": round(bytes as f64 * 8.0 / window / 1e6, 1),
        "egress_mbps_per_viewer": round(bytes as f64 * 8.0 / window / 1e6 / args.viewers.max(1) as f64, 3),
        "units_per_s": round(units as f64 / window, 0),
        "unit": if args.format == "hls" { "part" } else { "tag" },
        "errors": errors,
        "errors_by_status": statuses,
        "first_frame_ms": { "samples": samples, "p50": p50, "p99": p99, "max": max },
        "server_cores_used": round(server_cores, 3),
        "server_cpu_ms_per_viewer_s": round((cpu1 - cpu0) * 1000.0 / (window * args.viewers.max(1) as f64), 3),
        "viewers_per_server_core": if server_cores > 0.0 { Some(round(args.viewers as f64 / server_cores, 0)) } else { None },
        "load_generator_cores_used": round((own1 - own0) / window, 3),
        "server_rss_mb": round(rss_loaded as f64 / 1e6, 1),
        "server_rss_kb_per_viewer": round(rss_loaded.saturating_sub(rss_base) as f64 / 1e3 / args.viewers.max(1) as f64, 1),
        "slow_viewers_dropped": cdn_metric("liveroom_cdn_slow_viewers_dropped_total"),
        "tap_drops": cdn_metric("liveroom_media_tap_drops_total"),
        "load_average_at_end": load_average(),
        "viewer_failures": failures,
    });
    println!("{}", serde_json::to_string_pretty(&report)?);
    let expected_rate = args.bitrate_kbps as f64 / 1000.0 * 0.5;
    if errors > 0 || samples < args.viewers as u64 {
        bail!("{errors} errors; {samples} of {} viewers got a first frame", args.viewers);
    }
    if (bytes as f64 * 8.0 / window / 1e6 / args.viewers.max(1) as f64) < expected_rate {
        bail!("viewers received less than half the stream's bitrate");
    }
    Ok(())
}
