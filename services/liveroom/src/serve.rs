//! `liveroom serve`: wires the directory, the actor host and the gateway into one
//! actix-web server, and shuts it down cleanly on Ctrl-C / SIGTERM.

use std::sync::Arc;
use std::time::Duration;

use actix_web::{App, HttpServer};
use anyhow::Context;
use liveroom_auth::AppRegistry;
use liveroom_cluster::{Directory, EmbeddedDirectory, EtcdDirectory, MemoryDirectory, NodeId, NodeInfo, StoreError};
use liveroom_gateway::Gateway;
use liveroom_node::NodeHost;
use liveroom_protocol::CloseCode;
use liveroom_telemetry::{init_logging, LogFormat};

use crate::config::{Config, DataDir};

/// Whether this process is a whole single-node deployment or one node of a cluster.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Mode {
    /// `liveroom serve`: rooms and settings in an embedded store under this data
    /// directory, no etcd.
    Single(DataDir),
    /// `liveroom node`: the etcd directory; this data directory keeps only chat images.
    Cluster(DataDir),
}

/// How often the images of rooms that are gone (expired, destroyed) are removed.
const IMAGE_SWEEP_INTERVAL: Duration = Duration::from_secs(600);

/// Runs until Ctrl-C or SIGTERM.
pub fn run(config: Config, mode: Mode) -> anyhow::Result<()> {
    let format = if config.log.format == "json" { LogFormat::Json } else { LogFormat::Text };
    init_logging(format, &config.log.level);
    actix_web::rt::System::new().block_on(serve(config, mode))
}

/// The single node's directory: the embedded store in `data_dir`, or (when the default
/// folder cannot be used) memory only, said loudly.
fn single_directory(config: &Config, data_dir: &DataDir) -> anyhow::Result<Arc<dyn Directory>> {
    let node = NodeId(config.server.node_id.clone());
    let (path, configured) = match data_dir {
        DataDir::Configured(p) => (p, true),
        DataDir::Default(p) => (p, false),
    };
    match EmbeddedDirectory::open(path, node.clone(), config.chat.max_rooms_per_app) {
        Ok(store) => {
            tracing::info!(file = %store.path().display(), "rooms and app settings are kept in the data directory");
            Ok(Arc::new(store.with_rooms_per_user(config.chat.max_rooms_per_user)))
        }
        Err(e) if configured => Err(e).context("opening server.data_dir"),
        Err(e) => {
            let why = match &e {
                StoreError::InUse(_) => "another liveroom uses it; give each server its own server.data_dir",
                _ => "set server.data_dir to a writable folder",
            };
            tracing::warn!(
                error = %e,
                "rooms and app settings are kept IN MEMORY ONLY: a restart forgets them ({why})"
            );
            Ok(Arc::new(
                MemoryDirectory::new(node, config.chat.max_rooms_per_app)
                    .with_rooms_per_user(config.chat.max_rooms_per_user),
            ))
        }
    }
}

/// The directory for `mode`; in cluster mode also the etcd handle (to update and leave).
/// How long a starting node waits for etcd to answer before it gives up.
const ETCD_STARTUP_WAIT: Duration = Duration::from_secs(30);

async fn directory_for(
    config: &Config,
    mode: &Mode,
    info: &NodeInfo,
) -> anyhow::Result<(Arc<dyn Directory>, Option<Arc<EtcdDirectory>>)> {
    let node = NodeId(config.server.node_id.clone());
    Ok(match mode {
        Mode::Single(data_dir) => (single_directory(config, data_dir)?, None),
        Mode::Cluster(_) => {
            let c = &config.cluster;
            // etcd and the nodes often start together (a Kubernetes roll-out, a test): an
            // etcd that is not answering yet is waited for, with backoff, for a bounded time.
            let deadline = tokio::time::Instant::now() + ETCD_STARTUP_WAIT;
            let mut pause = Duration::from_millis(250);
            let dir = loop {
                let attempt = EtcdDirectory::connect(
                    &c.etcd,
                    &c.prefix,
                    node.clone(),
                    info,
                    Duration::from_secs(c.lease_ttl_secs),
                    config.chat.max_rooms_per_app,
                )
                .await;
                match attempt {
                    Ok(dir) => break dir,
                    Err(e) if tokio::time::Instant::now() + pause < deadline => {
                        tracing::warn!(error = %e, retry_in_ms = pause.as_millis() as u64, "etcd not reachable yet");
                        tokio::time::sleep(pause).await;
                        pause = (pause * 2).min(Duration::from_secs(5));
                    }
                    Err(e) => return Err(e).context("registering with etcd"),
                }
            };
            tracing::info!(etcd = ?c.etcd, node = %config.server.node_id, "registered in the cluster");
            let dir = Arc::new(dir.with_rooms_per_user(config.chat.max_rooms_per_user));
            (dir.clone(), Some(dir))
        }
    })
}

async fn serve(config: Config, mode: Mode) -> anyhow::Result<()> {
    let (apps, dev_app) = config.apps_or_dev();
    if dev_app {
        let app = &apps[0];
        // Printed (not logged) on purpose: the embedded dev app exists only for local use,
        // and its secret is new on every start.
        println!("liveroom: no [[apps]] configured; using a development app for this run only:");
        println!("  SDKAppID {}  secret {}  (dev UserSigs: POST /api/dev/usersig)", app.sdkappid, app.secret.expose());
    }
    let registry = Arc::new(AppRegistry::new(apps));
    let (media, media_events) = if config.media.enabled {
        let sfu_config = config.media.sfu_config().map_err(anyhow::Error::msg)?;
        let (handle, events) = liveroom_sfu::start(sfu_config).context("starting the media engine")?;
        let announced: Vec<String> = handle.announced().iter().map(ToString::to_string).collect();
        println!("liveroom: media on udp://{}", handle.local_addr());
        println!("liveroom: media candidates {}", announced.join(", "));
        (Some(handle), Some(events))
    } else {
        (None, None)
    };
    let mut info = NodeInfo {
        http: config.server.http.to_string(),
        media: media.as_ref().map(|m| m.local_addr().to_string()).unwrap_or_default(),
        draining: false,
        lease: 0,
        load: 0,
        internal: String::new(),
    };
    let (directory, etcd) = directory_for(&config, &mode, &info).await?;
    let relay = match &media {
        Some(sfu) => Some(
            liveroom_node::relay::RelayHost::start(sfu.clone(), registry.clone()).context("starting the CDN relay")?,
        ),
        None => None,
    };
    let (Mode::Single(data_dir) | Mode::Cluster(data_dir)) = &mode;
    let data_path = match data_dir {
        DataDir::Configured(p) | DataDir::Default(p) => p.clone(),
    };
    if let Some(relay) = &relay {
        start_recorder(&config, &data_path, relay)?;
    }
    let host = NodeHost::new(
        directory,
        registry.clone(),
        config.chat_config(),
        config.server.room_threads,
        media.clone(),
        relay,
    );
    if let Some(recorder) = host.recorder() {
        let hooks_host = Arc::downgrade(&host);
        recorder.set_on_finished(Arc::new(move |meta| {
            if let Some(host) = hooks_host.upgrade() {
                liveroom_node::hooks::recording_finished(host.webhooks(), meta);
            }
        }));
    }
    if !config.webhooks.is_empty() {
        host.set_webhooks(liveroom_webhooks::Webhooks::start(config.webhooks.clone(), registry.clone()));
        tracing::info!(endpoints = config.webhooks.len(), "webhooks on");
    }
    if let Some(callback) = liveroom_webhooks::BeforeSend::new(config.before_send.clone(), registry.clone()) {
        host.set_before_send(callback);
        tracing::info!(on_failure = config.before_send.on_failure, "before-send callback on");
    }
    if let Some(mut events) = media_events {
        let host = host.clone();
        actix_web::rt::spawn(async move {
            while let Some(event) = events.recv().await {
                tracing::debug!(?event, "media event");
                host.route_media_event(event);
            }
        });
    }
    start_rtmp(&config, matches!(mode, Mode::Cluster(_)), &host, media.is_some()).await?;
    let budget = descriptor_budget(&config);
    let mut gateway_config = config.gateway_config(dev_app, budget.sessions);
    gateway_config.images.dir = Some(data_path.join("images"));
    if matches!(mode, Mode::Cluster(_)) {
        let token = config.cluster.link_token.as_ref().map(|t| t.expose().to_owned()).filter(|t| !t.is_empty());
        if token.is_none() {
            // Only reachable with cluster.insecure_open_link = true (checked at start).
            tracing::warn!(
                "cluster.insecure_open_link: the node link is OPEN: any host that reaches it can act as a node"
            );
        }
        host.links().set_dialer(liveroom_gateway::link::WsDialer::new(&host, token.clone()));
        host.publish_load_every(Duration::from_secs(2));
        host.reclaim_rooms_on_reregistration();
        host.promote_followed_rooms();
        gateway_config.cluster = Some(liveroom_gateway::ClusterLinkConfig { link_token: token });
    }
    // Banned words as stored (the data directory, or etcd where every node follows them).
    host.follow_banned_words();
    host.start_room_expiry(Duration::from_secs(config.chat.room_expiry_secs));
    let gateway = Gateway::new(host.clone(), gateway_config);
    liveroom_gateway::images::spawn_sweeper(gateway.clone(), IMAGE_SWEEP_INTERVAL);
    if gateway.config.dev_usersig {
        tracing::warn!("the dev UserSig endpoint is on: anyone who reaches this server can sign in as anyone");
    }

    let workers = if config.server.workers == 0 {
        std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1)
    } else {
        config.server.workers
    };
    let gw = gateway.clone();
    let server = HttpServer::new(move || {
        App::new()
            .wrap(liveroom_gateway::cors())
            .wrap(actix_web::middleware::from_fn(liveroom_gateway::private_paths_without_cors))
            .configure(liveroom_gateway::configure(gw.clone()))
    })
    .workers(workers)
    // A push server writes small frames: with Nagle on, a frame that follows an
    // unacknowledged one waits for the peer's delayed ACK (up to 40 ms).
    .tcp_nodelay(true)
    .max_connections(budget.connections_per_worker(workers))
    .backlog(4096)
    .disable_signals()
    .shutdown_timeout(config.server.shutdown_timeout_secs)
    .bind(config.server.http)
    .with_context(|| format!("binding {}", config.server.http))?;
    for addr in server.addrs() {
        // Tests and scripts read this line to find the port when binding port 0.
        println!("liveroom: listening on http://{addr}");
    }
    // The internal listener: one worker of its own, so probes and the node link never
    // wait behind client work.
    let internal = match config.server.internal_http {
        Some(bind) => {
            let gw = gateway.clone();
            let server =
                HttpServer::new(move || App::new().configure(liveroom_gateway::configure_internal(gw.clone())))
                    .workers(1)
                    .tcp_nodelay(true)
                    .max_connections(1024)
                    .disable_signals()
                    .shutdown_timeout(config.server.shutdown_timeout_secs)
                    .bind(bind)
                    .with_context(|| format!("binding server.internal_http {bind}"))?;
            for addr in server.addrs() {
                println!("liveroom: internal on http://{addr}");
            }
            let addr = server.addrs().first().copied();
            Some((server.run(), addr))
        }
        None => None,
    };
    if let (Some(etcd), Some(addr)) = (&etcd, server.addrs().first()) {
        info.http = if config.cluster.advertise_http.is_empty() {
            addr.to_string()
        } else {
            config.cluster.advertise_http.clone()
        };
        if let Some((_, Some(bound))) = &internal {
            info.internal = if config.cluster.advertise_internal.is_empty() {
                bound.to_string()
            } else {
                config.cluster.advertise_internal.clone()
            };
        }
        etcd.update_info(&info).await.context("publishing this node's address in etcd")?;
    }
    let internal = internal.map(|(server, _)| {
        let handle = server.handle();
        actix_web::rt::spawn(server);
        handle
    });
    let server = server.run();
    let handle = server.handle();
    gateway.set_ready(true);
    tracing::info!(http = %config.server.http, workers, node = %config.server.node_id, "liveroom serving");

    let drain_timeout = Duration::from_secs(config.cluster.drain_timeout_secs);
    let stopper = actix_web::rt::spawn(async move {
        wait_for_signal().await;
        gateway.set_ready(false);
        if matches!(mode, Mode::Cluster(_)) {
            // The preStop path: rooms go to other nodes before the sessions are told to leave.
            tracing::info!("draining: handing rooms to other nodes");
            let report = host.drain(drain_timeout).await;
            tracing::info!(
                handed_off = report.handed_off,
                kept = report.kept,
                sessions_left = report.sessions_left,
                "drained"
            );
        }
        tracing::info!("shutting down: closing sessions");
        host.close_all_sessions(CloseCode::ServerGoingAway);
        // Let writers send their close frames before the workers stop.
        tokio::time::sleep(Duration::from_millis(300)).await;
        if let Some(internal) = internal {
            internal.stop(true).await;
        }
        handle.stop(true).await;
    });
    server.await.context("HTTP server")?;
    stopper.abort();
    if let Some(media) = media {
        media.shutdown();
    }
    if let Some(etcd) = etcd {
        // Releases this node's registration and placements at once, not after the TTL.
        if let Err(e) = etcd.leave().await {
            tracing::warn!(error = %e, "could not leave the cluster cleanly");
        }
    }
    tracing::info!("stopped");
    Ok(())
}

/// The recordings' store and recorder (the apps with `record = true` use it).
fn start_recorder(
    config: &Config,
    data_dir: &std::path::Path,
    relay: &Arc<liveroom_node::relay::RelayHost>,
) -> anyhow::Result<()> {
    let section = &config.recording;
    let dir = if section.dir.trim().is_empty() { data_dir.join("recordings") } else { section.dir.trim().into() };
    let max = section.max_disk_mb.saturating_mul(1 << 20);
    let store = match liveroom_recorder::Store::open(dir.clone(), max, section.when_full) {
        Ok(store) => store,
        // Only an app that records everything needs the folder at start; without one,
        // recording (the administrator's switch) is off and the node runs.
        Err(e) if !config.apps.iter().any(|a| a.record) => {
            tracing::warn!(dir = %dir.display(), error = %e, "recording off: its folder could not be opened");
            return Ok(());
        }
        Err(e) => return Err(e).with_context(|| format!("opening the recordings folder {}", dir.display())),
    };
    tracing::info!(dir = %dir.display(), used_mb = store.used() >> 20, max_mb = section.max_disk_mb, "recordings");
    let gap = Duration::from_secs(section.reconnect_gap_secs);
    relay.set_recorder(liveroom_recorder::Recorder::new(Arc::new(store), relay.origin(), gap));
    Ok(())
}

/// The RTMP listener, when configured (or by default under `serve`), on this arbiter: its
/// connections decide through the node's actors.
async fn start_rtmp(config: &Config, cluster: bool, host: &Arc<NodeHost>, media: bool) -> anyhow::Result<()> {
    let Some((addr, explicit)) = config.rtmp.listen_addr(cluster).map_err(anyhow::Error::msg)? else {
        return Ok(());
    };
    if !media {
        if explicit {
            anyhow::bail!("rtmp.listen needs the media engine (media.enabled = true)");
        }
        return Ok(());
    }
    let listener = match tokio::net::TcpListener::bind(addr).await {
        Ok(l) => l,
        Err(e) if !explicit => {
            tracing::warn!(%addr, error = %e, "RTMP ingest off: its default port could not be bound");
            return Ok(());
        }
        Err(e) => return Err(e).with_context(|| format!("binding rtmp.listen {addr}")),
    };
    if let Ok(bound) = listener.local_addr() {
        // Tests and scripts read this line to find the port when binding port 0.
        println!("liveroom: rtmp on rtmp://{bound}/live");
    }
    let publishers = liveroom_node::rtmp::RtmpPublishers::new(host.clone());
    actix_web::rt::spawn(liveroom_ingest::serve(listener, publishers, config.rtmp.server_config()));
    Ok(())
}

/// What the process's file descriptors allow: the soft limit is raised to the hard one,
/// then the client-facing connections are kept below it with room for everything else.
struct DescriptorBudget {
    /// WebSocket sessions the node may hold.
    sessions: usize,
    /// Connections of all workers together (sessions plus HTTP calls and probes).
    connections: usize,
}

/// Descriptors kept for what is not a client connection: the media socket and ICE-TCP,
/// the node link and etcd, log files, the internal listener and its probes.
const RESERVED_DESCRIPTORS: usize = 512;
/// Connections kept free for HTTP calls and probes when the sessions are all taken.
const HTTP_HEADROOM: usize = 256;

impl DescriptorBudget {
    fn connections_per_worker(&self, workers: usize) -> usize {
        (self.connections / workers.max(1)).max(1)
    }
}

fn descriptor_budget(config: &Config) -> DescriptorBudget {
    let limit = match rlimit::increase_nofile_limit(u64::MAX) {
        Ok(limit) => limit as usize,
        Err(e) => {
            tracing::warn!(error = %e, "could not read or raise the descriptor limit; assuming 1024");
            1024
        }
    };
    let workers = if config.server.workers == 0 {
        std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1)
    } else {
        config.server.workers
    };
    let usable = limit.saturating_sub(RESERVED_DESCRIPTORS).max(HTTP_HEADROOM * 2);
    let connections = (config.server.max_connections.saturating_mul(workers)).min(usable);
    let derived = connections.saturating_sub(HTTP_HEADROOM).max(1);
    let sessions = if config.server.max_sessions == 0 { derived } else { config.server.max_sessions.min(derived) };
    if config.server.max_connections.saturating_mul(workers) > usable {
        tracing::warn!(
            descriptor_limit = limit,
            connections,
            "server.max_connections lowered to fit the process's descriptor limit"
        );
    }
    tracing::info!(descriptor_limit = limit, connections, sessions, "connection budget");
    DescriptorBudget { sessions, connections }
}

async fn wait_for_signal() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{signal, SignalKind};
        let mut term = match signal(SignalKind::terminate()) {
            Ok(s) => s,
            Err(_) => {
                let _ = tokio::signal::ctrl_c().await;
                return;
            }
        };
        tokio::select! {
            _ = tokio::signal::ctrl_c() => {}
            _ = term.recv() => {}
        }
    }
    #[cfg(not(unix))]
    {
        let _ = tokio::signal::ctrl_c().await;
    }
}
