//! The RTMP ingest scenario: N ffmpeg processes publish a looped H.264 + AAC recording over
//! RTMP (`-c copy`: the encoders cost nothing here), each into its own room. The server
//! repacketizes the video for WebRTC, transcodes the AAC to Opus and packages LL-HLS and
//! HTTP-FLV from every stream.
//!
//! Reports the server's CPU per RTMP stream (percent of one core) and its resident memory,
//! the CPU of the ffmpeg senders apart. `--no-audio` publishes the same video without
//! audio: the difference is the AAC → Opus transcode's share. `--record` records every
//! stream as well: recording's share, and the bytes per second it writes.

use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::{bail, Context};
use serde_json::json;

use crate::media::{self, load_average, round, unix_secs, ANCHOR, BENCH_APP, BENCH_SECRET};
use crate::server::{cpu_seconds, rss_bytes, Spawned};

/// Flags of the RTMP scenario.
#[derive(clap::Args, Debug)]
pub struct RtmpArgs {
    /// Start this liveroom binary on free loopback ports.
    #[arg(long)]
    server_bin: PathBuf,
    /// RTMP streams published at once (one room each).
    #[arg(long, default_value_t = 10)]
    streams: usize,
    /// Seconds measured.
    #[arg(long, default_value_t = 20)]
    duration: u64,
    /// Seconds after every stream went live, before measuring.
    #[arg(long, default_value_t = 3)]
    warmup: u64,
    /// Video bitrate of the looped recording.
    #[arg(long, default_value_t = 1500)]
    bitrate_kbps: u32,
    /// Publish video only (the transcode's share is the difference).
    #[arg(long)]
    no_audio: bool,
    /// Record every stream too (the app's `record = true`): recording's share of the CPU
    /// and its disk write rate.
    #[arg(long)]
    record: bool,
}

/// Kills the senders on drop.
struct Senders(Vec<Child>);

impl Drop for Senders {
    fn drop(&mut self) {
        for c in &mut self.0 {
            let _ = c.kill();
            let _ = c.wait();
        }
    }
}

/// A 10 s 640x360 30 fps H.264 (2 s GOP, no B-frames) + AAC 48 kHz stereo recording.
fn recording(path: &std::path::Path, bitrate_kbps: u32, audio: bool) -> anyhow::Result<()> {
    let mut c = Command::new("ffmpeg");
    c.args(["-hide_banner", "-loglevel", "error", "-y"]).args([
        "-f",
        "lavfi",
        "-i",
        "testsrc2=size=640x360:rate=30:duration=10",
    ]);
    if audio {
        c.args(["-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000:duration=10", "-ac", "2"]);
        c.args(["-c:a", "aac", "-b:a", "128k"]);
    }
    let rate = format!("{bitrate_kbps}k");
    c.args(["-c:v", "libx264", "-preset", "veryfast", "-tune", "zerolatency", "-g", "60"])
        .args(["-b:v", &rate, "-maxrate", &rate, "-bufsize", &rate, "-pix_fmt", "yuv420p"])
        .arg(path);
    let status = c.status().context("ffmpeg (Debian package ffmpeg) is needed")?;
    if !status.success() {
        bail!("ffmpeg could not make the recording");
    }
    Ok(())
}

fn metric(text: &str, name: &str) -> f64 {
    text.lines().find_map(|l| l.strip_prefix(name)?.trim().parse().ok()).unwrap_or(0.0)
}

pub async fn run(args: RtmpArgs) -> anyhow::Result<()> {
    if args.streams == 0 || args.streams > 200 {
        bail!("--streams must be 1..=200");
    }
    let dir = std::env::temp_dir().join(format!("liveroom-load-rtmp-{}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
    let clip = dir.join("clip.flv");
    recording(&clip, args.bitrate_kbps, !args.no_audio)?;
    let recordings = dir.join("recordings");
    let config = format!(
        "[[apps]]\nsdkappid = {BENCH_APP}\nsecret = \"{BENCH_SECRET}\"\nrecord = {}\n[log]\nlevel = \"warn\"\n\
         [media]\nudp = \"127.0.0.1:0\"\n[rtmp]\nlisten = \"127.0.0.1:0\"\nmax_connections = 256\n\
         max_per_address = 256\n[chat]\nmax_rooms_per_user = 1000\nroom_creations_per_minute = 100000\n\
         [recording]\ndir = \"{}\"\n",
        args.record,
        recordings.display()
    );
    let server = Spawned::start(&args.server_bin, &config)?;
    let rtmp = server.rtmp.clone().context("the server did not report its RTMP address")?;
    let addr = server.addr.clone();
    let sig = liveroom_auth::usersig::sign(BENCH_APP, BENCH_SECRET, ANCHOR, unix_secs(), 86_400);
    let mut senders = Senders(Vec::new());
    for i in 0..args.streams {
        let room = format!("rtmp-{i}");
        media::create_room(&addr, &room).await?;
        let url = format!("{rtmp}/{BENCH_APP}_{room}_{ANCHOR}_main?userid={ANCHOR}&usersig={sig}");
        let child = Command::new("ffmpeg")
            .args(["-hide_banner", "-loglevel", "error", "-re", "-stream_loop", "-1"])
            .arg("-i")
            .arg(&clip)
            .args(["-c", "copy", "-f", "flv", &url])
            .stdin(Stdio::null())
            .spawn()
            .context("starting an ffmpeg sender")?;
        senders.0.push(child);
    }
    // Every stream live.
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let m = crate::http::request(&addr, "GET", "/metrics", &[], b"").await?;
        if metric(&m.body, "liveroom_rtmp_streams") as usize == args.streams {
            break;
        }
        if Instant::now() > deadline {
            bail!("only {} of {} RTMP streams went live", metric(&m.body, "liveroom_rtmp_streams"), args.streams);
        }
        tokio::time::sleep(Duration::from_millis(250)).await;
    }
    tokio::time::sleep(Duration::from_secs(args.warmup)).await;
    let pids: Vec<u32> = senders.0.iter().map(Child::id).collect();
    let sender_cpu = || pids.iter().map(|p| cpu_seconds(*p).unwrap_or(0.0)).sum::<f64>();
    let written = |m: &str| metric(m, "liveroom_recording_bytes_total");
    let before = crate::http::request(&addr, "GET", "/metrics", &[], b"").await?;
    let (server0, senders0, t0) = (cpu_seconds(server.pid())?, sender_cpu(), Instant::now());
    tokio::time::sleep(Duration::from_secs(args.duration)).await;
    let elapsed = t0.elapsed().as_secs_f64();
    let server_cpu = cpu_seconds(server.pid())? - server0;
    let senders_cpu = sender_cpu() - senders0;
    let m = crate::http::request(&addr, "GET", "/metrics", &[], b"").await?;
    let live = metric(&m.body, "liveroom_rtmp_streams") as usize;
    if live != args.streams {
        bail!("{} of {} streams were still live at the end", live, args.streams);
    }
    let per_stream_pct = server_cpu / elapsed / args.streams as f64 * 100.0;
    let record_rate = (written(&m.body) - written(&before.body)) / elapsed / args.streams as f64;
    let report = json!({
        "scenario": "rtmp",
        "streams": args.streams,
        "audio": !args.no_audio,
        "record": args.record,
        "recording_bytes_per_s_per_stream": round(record_rate, 0),
        "bitrate_kbps": args.bitrate_kbps,
        "seconds": round(elapsed, 1),
        "server_cpu_pct_of_core": round(server_cpu / elapsed * 100.0, 1),
        "server_cpu_pct_per_stream": round(per_stream_pct, 2),
        "senders_cpu_pct_of_core": round(senders_cpu / elapsed * 100.0, 1),
        "server_rss_mib": round(rss_bytes(server.pid())? as f64 / (1 << 20) as f64, 1),
        "rtmp_bytes_in": metric(&m.body, "liveroom_rtmp_bytes_in_total"),
        "cdn_parts": metric(&m.body, "liveroom_cdn_parts_total"),
        "load_average": load_average(),
    });
    println!(
        "RTMP ingest: {} streams ({}{}), server {:.1} % of a core = {:.2} % per stream, RSS {} MiB (senders {:.1} %)",
        args.streams,
        if args.no_audio { "video only" } else { "H.264 + AAC" },
        if args.record { ", recorded" } else { "" },
        server_cpu / elapsed * 100.0,
        per_stream_pct,
        report["server_rss_mib"],
        senders_cpu / elapsed * 100.0
    );
    println!("{report}");
    drop(senders);
    let _ = std::fs::remove_dir_all(&dir);
    Ok(())
}
