//! The gateway: everything a client reaches over HTTP.
//!
//! Owns: the actix-web routes ([`configure`]): the chat WebSocket (`/im`, one actix-ws
//! session per client, bridged to a [`liveroom_node::user::UserActor`]), the room
//! directory and admin REST API (`/api/...`), the node link between cluster nodes
//! (`/internal/link`, [`link`]), the dev-only UserSig endpoint, and the
//! operational endpoints (`/healthz`, `/readyz`, `/metrics`), the chat images uploaded by
//! `IM.sendImageMessage` ([`images`]), and the embedded SDK and demo pages ([`web_assets`]).
//!
//! Must not: hold room or user state (actors do), or parse a frame twice: each WebSocket
//! frame is size-checked, decoded once into a typed request and handed to the session's
//! actor.

mod api;
mod cdn_proxy;
mod error;
pub mod images;
pub mod limits;
pub mod link;
mod listing;
mod media;
mod recordings;
mod session;
mod socket;
mod web_assets;

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;

use actix_web::{web, HttpResponse};
use liveroom_node::NodeHost;

pub use error::ApiError;

/// Gateway settings.
#[derive(Debug, Clone)]
pub struct GatewayConfig {
    /// Interval of server pings on idle sessions.
    pub ping_interval: Duration,
    /// A session that sends nothing (not even a pong) for this long is closed.
    pub idle_timeout: Duration,
    /// Serve `POST /api/dev/usersig` (mints UserSigs for any user: development only).
    pub dev_usersig: bool,
    /// Validity of dev UserSigs, seconds.
    pub dev_usersig_expire: u64,
    /// Serve the SDK and demo from this `web/` folder instead of the embedded copy
    /// (development only).
    pub web_dir: Option<std::path::PathBuf>,
    /// Cluster mode: accept node links at `/internal/link`.
    pub cluster: Option<ClusterLinkConfig>,
    /// The node link and `/metrics` are served on a separate internal listener
    /// ([`configure_internal`]), not on the public one.
    pub internal_listener: bool,
    /// Per-address, per-user and per-node limits.
    pub limits: limits::Limits,
    /// Chat images: where they are kept and how many.
    pub images: images::ImageConfig,
}

/// How peers' node links are accepted.
#[derive(Debug, Clone, Default)]
pub struct ClusterLinkConfig {
    /// Shared secret peers must send (header `x-liveroom-link-token`). `None` only when
    /// the operator explicitly asked for an open link (`cluster.insecure_open_link`, local
    /// experiments): then any peer that reaches the port may join.
    pub link_token: Option<String>,
}

impl Default for GatewayConfig {
    fn default() -> Self {
        Self {
            ping_interval: Duration::from_secs(20),
            idle_timeout: Duration::from_secs(60),
            dev_usersig: false,
            dev_usersig_expire: 7 * 86_400,
            web_dir: None,
            cluster: None,
            internal_listener: false,
            limits: limits::Limits::default(),
            images: images::ImageConfig::default(),
        }
    }
}

/// Shared state of all gateway workers.
pub struct Gateway {
    /// The actor host.
    pub host: Arc<NodeHost>,
    /// Settings.
    pub config: GatewayConfig,
    media_resources: media::Resources,
    ready: AtomicBool,
    /// WebSocket sessions on this node.
    sessions: limits::Budget,
    /// WebSocket sessions per client address.
    session_addrs: limits::AddrSlots,
    /// Sessions per address not logged in and in no room yet.
    handshakes: limits::AddrSlots,
    /// The room listing per app.
    listings: listing::Listings,
    /// Chat images kept on this node.
    images: images::ImageStore,
}

impl Gateway {
    /// A gateway over `host`; not ready until [`Gateway::set_ready`].
    pub fn new(host: Arc<NodeHost>, config: GatewayConfig) -> Arc<Self> {
        Arc::new(Self {
            host,
            media_resources: media::Resources::default(),
            ready: AtomicBool::new(false),
            sessions: limits::Budget::default(),
            session_addrs: limits::AddrSlots::default(),
            handshakes: limits::AddrSlots::default(),
            listings: listing::Listings::default(),
            images: images::ImageStore::new(config.images.clone()),
            config,
        })
    }

    /// Marks the node ready (registered) or not (starting, draining).
    pub fn set_ready(&self, ready: bool) {
        self.ready.store(ready, Ordering::Release);
    }

    /// Whether `/readyz` answers 200: started, not draining, and registered in the
    /// directory (a cluster node whose etcd lease is gone or unconfirmed is not ready).
    pub fn is_ready(&self) -> bool {
        self.ready.load(Ordering::Acquire) && !self.host.is_draining() && self.host.directory().is_registered()
    }
}

/// Paths no page of another origin may read: the dev UserSig endpoint (a page elsewhere
/// must not mint sessions on a developer's laptop) and the metrics.
const NO_CORS: [&str; 2] = ["/api/dev/usersig", "/metrics"];

/// Strips the CORS headers from the answers (preflights included) of [`NO_CORS`] paths,
/// so a browser on another origin cannot read them. Wrap it outside [`cors`]:
/// `App::new().wrap(cors()).wrap(actix_web::middleware::from_fn(private_paths_without_cors))`.
pub async fn private_paths_without_cors(
    req: actix_web::dev::ServiceRequest,
    next: actix_web::middleware::Next<impl actix_web::body::MessageBody>,
) -> Result<actix_web::dev::ServiceResponse<impl actix_web::body::MessageBody>, actix_web::Error> {
    let private = NO_CORS.contains(&req.path());
    let mut res = next.call(req).await?;
    if private {
        let headers = res.headers_mut();
        let cors: Vec<_> = headers.keys().filter(|k| k.as_str().starts_with("access-control-")).cloned().collect();
        for name in cors {
            headers.remove(name);
        }
    }
    Ok(res)
}

/// CORS for browser clients on other origins (WHIP / WHEP players, pages embedding the
/// SDK, CDN players): any origin, no cookies (authentication travels in headers and query
/// strings). The wildcard rather than an echoed origin keeps responses cacheable by a CDN.
pub fn cors() -> actix_cors::Cors {
    actix_cors::Cors::default()
        .allow_any_origin()
        .send_wildcard()
        .allowed_methods(["GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"])
        // If-Match: WHIP / WHEP trickle and ICE restart PATCHes (RFC 9725 §4.3).
        .allowed_headers([
            actix_web::http::header::AUTHORIZATION,
            actix_web::http::header::CONTENT_TYPE,
            actix_web::http::header::IF_MATCH,
        ])
        .expose_headers([
            actix_web::http::header::LOCATION,
            actix_web::http::header::ETAG,
            actix_web::http::header::CONTENT_RANGE,
            actix_web::http::header::HeaderName::from_static("accept-patch"),
        ])
        .max_age(3600)
}

/// Registers every route on an actix-web app.
pub fn configure(gateway: Arc<Gateway>) -> impl FnOnce(&mut web::ServiceConfig) {
    move |cfg| {
        if let Some(origin) = gateway.host.origin() {
            // Before the catch-all of the web assets. In a cluster, streams packaged on
            // another node are proxied from it.
            let fallback = gateway.config.cluster.as_ref().map(|_| cdn_proxy::fallback(gateway.host.clone()));
            liveroom_cdn::http::configure_with(origin, fallback)(cfg);
        }
        let internal_listener = gateway.config.internal_listener;
        cfg.app_data(web::Data::from(gateway))
            .app_data(web::JsonConfig::default().limit(64 * 1024).error_handler(error::json_error))
            .app_data(web::QueryConfig::default().error_handler(error::query_error))
            .route("/im", web::get().to(session::upgrade));
        if !internal_listener {
            cfg.route("/internal/link", web::get().to(link::accept)).route("/metrics", web::get().to(metrics));
        }
        cfg.route("/healthz", web::get().to(healthz))
            .route("/readyz", web::get().to(readyz))
            .configure(api::configure)
            .configure(media::configure)
            .route("/images/{node}/{app}/{room}/{file}", web::get().to(images::serve))
            .configure(recordings::configure)
            .configure(web_assets::configure);
    }
}

/// Routes of the internal listener (`server.internal_http`): the node link, metrics and
/// the probes. Nothing here is for clients; keep the port off public Services.
pub fn configure_internal(gateway: Arc<Gateway>) -> impl FnOnce(&mut web::ServiceConfig) {
    move |cfg| {
        cfg.app_data(web::Data::from(gateway))
            .route("/internal/link", web::get().to(link::accept))
            .route("/metrics", web::get().to(metrics))
            .route("/healthz", web::get().to(healthz))
            .route("/readyz", web::get().to(readyz));
    }
}

async fn healthz() -> HttpResponse {
    HttpResponse::Ok().body("ok")
}

async fn readyz(gw: web::Data<Gateway>) -> HttpResponse {
    if gw.is_ready() {
        HttpResponse::Ok().body("ready")
    } else {
        HttpResponse::ServiceUnavailable().body("not ready")
    }
}

async fn metrics() -> HttpResponse {
    HttpResponse::Ok().content_type("text/plain; version=0.0.4; charset=utf-8").body(liveroom_telemetry::render())
}
