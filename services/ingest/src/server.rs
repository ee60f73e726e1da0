//! The RTMP listener: accepts TCP connections, runs each one's [`Connection`] and
//! [`Pipeline`], and hands decisions and media to its owner through [`Publishers`] and
//! [`Sink`]. The only I/O in this crate.
//!
//! Bounds: connections in total and per address; before a publish is accepted a
//! connection may send [`PRE_PUBLISH_BYTES`] and take `publish_timeout`; a publisher that
//! sends nothing for `stall_timeout` is dropped (its stream ends, counted `stall`).

use std::collections::HashMap;
use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;
use std::time::Duration;

use liveroom_telemetry::metrics;
use parking_lot::Mutex;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::time::Instant;

use crate::connection::{Connection, Event, StreamKey};
use crate::media::{Media, Pipeline};

/// What a connection may send before its publish is accepted (the handshake is 3 KiB,
/// connect / createStream / publish a few hundred bytes).
pub const PRE_PUBLISH_BYTES: usize = 64 * 1024;

/// A publish to decide on.
#[derive(Debug, Clone)]
pub struct PublishRequest {
    /// What the URL named.
    pub key: StreamKey,
    /// Who connected.
    pub peer: SocketAddr,
}

/// A refused publish: the client is told `reason`; `outcome` labels the metric.
#[derive(Debug, Clone)]
pub struct Refusal {
    /// `refused_auth`, `refused_room`, `refused_request`, `refused_limit`.
    pub outcome: &'static str,
    /// Told to the client and logged (never a secret).
    pub reason: String,
}

/// Decides on publish requests (auth, the room, quotas) and makes the stream.
#[async_trait::async_trait(?Send)]
pub trait Publishers: 'static {
    /// Accepts `request` with the stream's sink, or refuses it.
    async fn publish(&self, request: &PublishRequest) -> Result<Box<dyn Sink>, Refusal>;
}

/// Where an accepted stream's media goes.
#[async_trait::async_trait(?Send)]
pub trait Sink {
    /// One frame; `false` when the server ended the stream (unpublished, kicked): the
    /// connection is closed.
    async fn media(&mut self, media: Media) -> bool;
    /// The publisher left (or was dropped): the stream ends.
    async fn end(&mut self, reason: &'static str);
}

/// The listener's limits.
#[derive(Debug, Clone)]
pub struct ServerConfig {
    /// Connections at once, in total.
    pub max_connections: usize,
    /// Connections at once from one address.
    pub max_per_address: usize,
    /// Time from connecting to an accepted publish.
    pub publish_timeout: Duration,
    /// A publisher silent this long is dropped.
    pub stall_timeout: Duration,
}

impl Default for ServerConfig {
    fn default() -> Self {
        Self {
            max_connections: 64,
            max_per_address: 4,
            publish_timeout: Duration::from_secs(10),
            stall_timeout: Duration::from_secs(10),
        }
    }
}

#[derive(Default)]
struct Counts {
    total: usize,
    by_address: HashMap<IpAddr, usize>,
}

/// Holds one connection's place in the counts.
struct Slot {
    counts: Arc<Mutex<Counts>>,
    ip: IpAddr,
}

impl Drop for Slot {
    fn drop(&mut self) {
        let mut c = self.counts.lock();
        c.total -= 1;
        if let Some(n) = c.by_address.get_mut(&self.ip) {
            *n -= 1;
            if *n == 0 {
                c.by_address.remove(&self.ip);
            }
        }
    }
}

/// Serves RTMP publishers on `listener` until the task is dropped. Runs inside a
/// `tokio::task::LocalSet` (an actix arbiter): connections are local tasks, so the owner's
/// decisions may use actors.
pub async fn serve(listener: TcpListener, publishers: Arc<dyn Publishers>, config: ServerConfig) {
    let counts = Arc::new(Mutex::new(Counts::default()));
    loop {
        let (socket, peer) = match listener.accept().await {
            Ok(a) => a,
            Err(e) => {
                tracing::warn!(error = %e, "RTMP accept failed");
                tokio::time::sleep(Duration::from_millis(100)).await;
                continue;
            }
        };
        let slot = {
            let mut c = counts.lock();
            let here = c.by_address.get(&peer.ip()).copied().unwrap_or(0);
            if c.total >= config.max_connections || here >= config.max_per_address {
                None
            } else {
                c.total += 1;
                *c.by_address.entry(peer.ip()).or_default() += 1;
                Some(Slot { counts: counts.clone(), ip: peer.ip() })
            }
        };
        let Some(slot) = slot else {
            metrics().ingest.connections.with_label_values(&["refused_limit"]).inc();
            tracing::info!(%peer, "RTMP connection refused: too many connections");
            continue;
        };
        let (publishers, config) = (publishers.clone(), config.clone());
        tokio::task::spawn_local(async move {
            let _slot = slot;
            let outcome = run(socket, peer, publishers.as_ref(), &config).await;
            metrics().ingest.connections.with_label_values(&[outcome]).inc();
        });
    }
}

/// One connection, to its end; returns its outcome (the metric label).
async fn run(
    mut socket: TcpStream,
    peer: SocketAddr,
    publishers: &dyn Publishers,
    config: &ServerConfig,
) -> &'static str {
    let _ = socket.set_nodelay(true);
    let mut conn = Connection::new();
    let mut buf = vec![0u8; 64 * 1024];
    let mut received = 0usize;
    let publish_by = Instant::now() + config.publish_timeout;
    let mut stream: Option<(Box<dyn Sink>, Pipeline, String)> = None;
    let outcome = loop {
        let deadline = match stream {
            None => publish_by,
            Some(_) => Instant::now() + config.stall_timeout,
        };
        let n = match tokio::time::timeout_at(deadline, socket.read(&mut buf)).await {
            Err(_) => break if stream.is_some() { "stall" } else { "timeout" },
            Ok(Ok(0)) | Ok(Err(_)) => break if stream.is_some() { "published" } else { "closed_early" },
            Ok(Ok(n)) => n,
        };
        received += n;
        metrics().ingest.bytes_in.inc_by(n as u64);
        if stream.is_none() && received > PRE_PUBLISH_BYTES {
            tracing::info!(%peer, "RTMP connection closed: too much data before publishing");
            break "protocol_error";
        }
        let events = match conn.feed(&buf[..n]) {
            Ok(e) => e,
            Err(e) => {
                tracing::info!(%peer, error = %e, "RTMP connection closed");
                break if stream.is_some() { "published" } else { "protocol_error" };
            }
        };
        let mut end: Option<&'static str> = None;
        for event in events {
            let is_video = matches!(event, Event::Video { .. });
            match event {
                Event::Publish { request_id, app, key } => {
                    let request = PublishRequest { key: StreamKey::parse(&app, &key), peer };
                    match publishers.publish(&request).await {
                        Ok(sink) => {
                            if conn.accept(request_id).is_err() {
                                end = Some("protocol_error");
                                break;
                            }
                            let id = request.key.stream_id.clone();
                            tracing::info!(%peer, stream = id, "RTMP publish accepted");
                            metrics().ingest.streams.inc();
                            stream = Some((sink, Pipeline::new(id.clone()), id));
                        }
                        Err(refusal) => {
                            tracing::info!(
                                %peer,
                                stream = request.key.stream_id,
                                reason = refusal.reason,
                                "RTMP publish refused"
                            );
                            let _ = conn.reject(request_id, &refusal.reason);
                            end = Some(refusal.outcome);
                            break;
                        }
                    }
                }
                Event::Video { timestamp, data } | Event::Audio { timestamp, data } => {
                    let Some((sink, pipeline, _)) = &mut stream else { continue };
                    let media =
                        if is_video { pipeline.video(timestamp, &data) } else { pipeline.audio(timestamp, &data) };
                    if let Some(m) = media {
                        if !sink.media(m).await {
                            end = Some("published");
                            break;
                        }
                    }
                }
                Event::Finished => {
                    end = Some("published");
                    break;
                }
            }
        }
        let out = conn.output();
        if !out.is_empty() && socket.write_all(&out).await.is_err() {
            break end.unwrap_or(if stream.is_some() { "published" } else { "closed_early" });
        }
        if let Some(outcome) = end {
            break outcome;
        }
    };
    if let Some((mut sink, _, id)) = stream {
        if outcome == "stall" {
            metrics().ingest.events.with_label_values(&["stall"]).inc();
        }
        let reason = if outcome == "stall" { "stalled" } else { "publisher left" };
        sink.end(reason).await;
        metrics().ingest.streams.dec();
        tracing::info!(%peer, stream = id, reason, "RTMP stream ended");
    }
    let _ = socket.shutdown().await;
    outcome
}
