//! `liveroom-load`: benchmark scenarios against a liveroom server on loopback.
//!
//! Owns: load generation and measurement (deliveries, latency percentiles, server CPU and
//! memory from `/proc`). Must not: send traffic anywhere but loopback — the target URL is
//! checked — or run unbounded: every scenario has a fixed duration and connection count.

// The media report is one large `json!` literal.
#![recursion_limit = "256"]

mod cdn;
mod chaos;
mod chat;
mod cluster;
mod http;
mod media;
mod replay;
mod rtmp;
mod server;
mod stats;

use clap::{Parser, Subcommand};

#[derive(Parser)]
#[command(name = "liveroom-load", about = "liveroom benchmark scenarios (loopback only)")]
struct Cli {
    #[command(subcommand)]
    scenario: Scenario,
}

#[derive(Subcommand)]
enum Scenario {
    /// N WebSocket members in one room, one sender at R msg/s.
    Chat(chat::ChatArgs),
    /// One WHIP publisher (synthetic H.264 + Opus) and N WHEP subscribers.
    Media(media::MediaArgs),
    /// One WHIP publisher (real H.264 + Opus) and N LL-HLS or HTTP-FLV viewers.
    Cdn(cdn::CdnArgs),
    /// N ffmpeg processes publish H.264 + AAC over RTMP: server CPU per stream.
    Rtmp(rtmp::RtmpArgs),
    /// Three nodes and etcd: time from SIGKILL of a room's owner to chat working again.
    Failover(cluster::FailoverArgs),
    /// Three nodes and etcd: chat pause, loss and duplicates while the owner drains.
    Drain(cluster::DrainArgs),
    /// Nodes and etcd under a nemesis (owner killed, paused, etcd paused, nodes restarted):
    /// every acknowledged message delivered exactly once, in order, to every member.
    Chaos(chaos::ChaosArgs),
}

fn main() -> anyhow::Result<()> {
    let cli = Cli::parse();
    // Thousands of sockets: lift the soft fd limit to the hard one (the spawned server
    // inherits it).
    let _ = rlimit::increase_nofile_limit(u64::MAX);
    let runtime = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build()?;
    match cli.scenario {
        Scenario::Chat(args) => runtime.block_on(chat::run(args)),
        Scenario::Media(args) => runtime.block_on(media::run(args)),
        Scenario::Cdn(args) => runtime.block_on(cdn::run(args)),
        Scenario::Rtmp(args) => runtime.block_on(rtmp::run(args)),
        Scenario::Failover(args) => runtime.block_on(cluster::failover(args)),
        Scenario::Drain(args) => runtime.block_on(cluster::drain(args)),
        Scenario::Chaos(args) => runtime.block_on(chaos::run(args)),
    }
}
