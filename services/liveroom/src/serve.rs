//! `liveroom serve`: wires the directory, the actor host and the gateway into one
//! actix-web server, and shuts it down cleanly on Ctrl-C / SIGTERM.

use std::sync::Arc;
use std::time::Duration;

use actix_web::{App, HttpServer};
use anyhow::Context;
use liveroom_auth::AppRegistry;
use liveroom_cluster::{MemoryDirectory, NodeId};
use liveroom_gateway::Gateway;
use liveroom_node::NodeHost;
use liveroom_protocol::CloseCode;
use liveroom_telemetry::{init_logging, LogFormat};

use crate::config::Config;

/// Runs a single node until Ctrl-C or SIGTERM.
pub fn run(config: Config) -> anyhow::Result<()> {
    let format = if config.log.format == "json" { LogFormat::Json } else { LogFormat::Text };
    init_logging(format, &config.log.level);
    actix_web::rt::System::new().block_on(serve(config))
}

async fn serve(config: Config) -> anyhow::Result<()> {
    let (apps, dev_app) = config.apps_or_dev();
    if dev_app {
        let app = &apps[0];
        // Printed (not logged) on purpose: the embedded dev app exists only for local use,
        // and its secret is new on every start.
        println!("liveroom: no [[apps]] configured; using a development app for this run only:");
        println!("  SDKAppID {}  secret {}  (dev UserSigs: POST /api/dev/usersig)", app.sdkappid, app.secret.expose());
    }
    let registry = Arc::new(AppRegistry::new(apps));
    let directory =
        Arc::new(MemoryDirectory::new(NodeId(config.server.node_id.clone()), config.chat.max_rooms_per_app));
    let (media, media_events) = if config.media.enabled {
        let sfu_config = config.media.sfu_config().map_err(anyhow::Error::msg)?;
        let (handle, events) = liveroom_sfu::start(sfu_config).context("starting the media engine")?;
        println!("liveroom: media on udp://{}", handle.local_addr());
        (Some(handle), Some(events))
    } else {
        (None, None)
    };
    let host = NodeHost::new(directory, registry, config.chat_config(), config.server.room_threads, media.clone());
    if let Some(mut events) = media_events {
        let host = host.clone();
        actix_web::rt::spawn(async move {
            while let Some(event) = events.recv().await {
                tracing::debug!(?event, "media event");
                host.route_media_event(event);
            }
        });
    }
    let gateway = Gateway::new(host.clone(), config.gateway_config(dev_app));
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
        App::new().wrap(liveroom_gateway::cors()).configure(liveroom_gateway::configure(gw.clone()))
    })
    .workers(workers)
    .max_connections(config.server.max_connections)
    .backlog(4096)
    .disable_signals()
    .shutdown_timeout(config.server.shutdown_timeout_secs)
    .bind(config.server.http)
    .with_context(|| format!("binding {}", config.server.http))?;
    for addr in server.addrs() {
        // Tests and scripts read this line to find the port when binding port 0.
        println!("liveroom: listening on http://{addr}");
    }
    let server = server.run();
    let handle = server.handle();
    gateway.set_ready(true);
    tracing::info!(http = %config.server.http, workers, node = %config.server.node_id, "liveroom serving");

    let stopper = actix_web::rt::spawn(async move {
        wait_for_signal().await;
        tracing::info!("shutting down: closing sessions");
        gateway.set_ready(false);
        host.close_all_sessions(CloseCode::ServerGoingAway);
        // Let writers send their close frames before the workers stop.
        tokio::time::sleep(Duration::from_millis(300)).await;
        handle.stop(true).await;
    });
    server.await.context("HTTP server")?;
    stopper.abort();
    if let Some(media) = media {
        media.shutdown();
    }
    tracing::info!("stopped");
    Ok(())
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
