//! The node link's transport: one WebSocket per pair of nodes, text frames of
//! [`liveroom_node::link::LinkFrame`] JSON.
//!
//! Owns: the `/internal/link` endpoint peers connect to (accepted only in cluster mode and,
//! when a link token is configured, only with it), the [`WsDialer`] that connects to peers
//! (actix's `awc` client), and one pump task per connection that writes the link's queue
//! to the socket, hands received frames to the host, pings, and reports the end.
//!
//! Must not: interpret frames (the node's `peers` module does), or buffer without bound
//! (the link's queue is bounded; a peer silent for [`LINK_IDLE`], or silent for
//! [`LINK_SILENT_AND_GONE`] once its lease is gone from the directory, is cut off).

use std::sync::Arc;
use std::time::{Duration, Instant};

use actix_web::{web, HttpRequest, HttpResponse};
use async_trait::async_trait;
use futures_util::{SinkExt, StreamExt};
use liveroom_cluster::NodeId;
use liveroom_node::link::{Dialer, Link, LinkError};
use liveroom_node::NodeHost;
use liveroom_protocol::ErrorCode;
use liveroom_telemetry::metrics;
use serde::Deserialize;
use subtle::ConstantTimeEq;

use crate::{ApiError, Gateway};

/// Largest link frame (a room hand-off carries the room's whole history).
pub const MAX_LINK_FRAME: usize = 64 << 20;
/// Interval of link pings.
const LINK_PING: Duration = Duration::from_secs(2);
/// A link that hears nothing (not even a pong) for this long is closed.
const LINK_IDLE: Duration = Duration::from_secs(6);
/// Silence after which a link to a node that has left the directory (its lease expired:
/// a paused or partitioned node) is cut at once instead of after [`LINK_IDLE`]: its rooms
/// have been taken over by their followers, and the members here re-attach to them. More
/// than a ping interval, so a live node's link (pinged both ways every [`LINK_PING`]) is
/// never cut while etcd alone is away.
const LINK_SILENT_AND_GONE: Duration = Duration::from_secs(3);
/// How often a link checks for that.
const LINK_CHECK: Duration = Duration::from_millis(250);

/// Whether the link must be cut: silent too long, or silent and its node gone from the
/// directory.
fn link_dead(host: &NodeHost, link: &Link, heard: Instant) -> bool {
    let silent = heard.elapsed();
    silent > LINK_IDLE || (silent > LINK_SILENT_AND_GONE && host.directory().node_info(link.node()).is_none())
}
/// The header carrying the cluster's link token.
pub const TOKEN_HEADER: &str = "x-liveroom-link-token";

#[derive(Deserialize)]
pub(crate) struct LinkQuery {
    node: String,
}

pub(crate) async fn accept(
    req: HttpRequest,
    body: web::Payload,
    query: web::Query<LinkQuery>,
    gw: web::Data<Gateway>,
) -> Result<HttpResponse, actix_web::Error> {
    let Some(cluster) = &gw.config.cluster else {
        return Err(ApiError::with(ErrorCode::ResourceNotFound, "not a cluster node").into());
    };
    if let Some(token) = &cluster.link_token {
        let given = req.headers().get(TOKEN_HEADER).map(|v| v.as_bytes()).unwrap_or_default();
        if !bool::from(given.ct_eq(token.as_bytes())) {
            metrics().cluster.link_errors.with_label_values(&["refused"]).inc();
            tracing::warn!(peer = ?req.peer_addr(), "node link refused: missing or wrong link token");
            return Err(ApiError::with(ErrorCode::PermissionDenied, "bad node link token").into());
        }
    }
    if query.node.is_empty() || query.node.len() > 128 {
        return Err(ApiError::with(ErrorCode::InvalidParameter, "bad node id").into());
    }
    let (response, session, stream) = actix_ws::handle(&req, body)?;
    let stream = stream.max_frame_size(MAX_LINK_FRAME).aggregate_continuations().max_continuation_size(MAX_LINK_FRAME);
    let (link, rx) = Link::new(NodeId(query.node.clone()));
    gw.host.links().register(link.clone());
    tracing::info!(node = query.node, "node link accepted");
    actix_web::rt::spawn(serve_accepted(gw.host.clone(), link, session, stream, rx));
    Ok(response)
}

async fn serve_accepted(
    host: Arc<NodeHost>,
    link: Arc<Link>,
    mut session: actix_ws::Session,
    mut stream: actix_ws::AggregatedMessageStream,
    mut rx: tokio::sync::mpsc::Receiver<String>,
) {
    use actix_ws::AggregatedMessage as M;
    let mut ping = tokio::time::interval(LINK_PING);
    let mut check = tokio::time::interval(LINK_CHECK);
    let mut heard = Instant::now();
    loop {
        tokio::select! {
            msg = stream.next() => match msg {
                Some(Ok(M::Text(text))) => { heard = Instant::now(); host.link_frame(&link, &text) }
                Some(Ok(M::Ping(b))) => { heard = Instant::now(); let _ = session.pong(&b).await; }
                Some(Ok(M::Pong(_))) => heard = Instant::now(),
                Some(Ok(M::Binary(_))) => {}
                Some(Ok(M::Close(_))) | Some(Err(_)) | None => break,
            },
            out = rx.recv() => match out {
                Some(text) => if session.text(text).await.is_err() { break },
                None => break,
            },
            _ = ping.tick() => if session.ping(b"").await.is_err() { break },
            _ = check.tick() => if link_dead(&host, &link, heard) {
                tracing::warn!(node = %link.node().0, silent_ms = heard.elapsed().as_millis() as u64, "node link silent: closing it");
                break
            },
        }
        if !link.is_open() {
            break;
        }
    }
    let _ = session.close(None).await;
    host.link_closed(&link);
}

/// Connects to peers' `/internal/link` over WebSocket (awc).
pub struct WsDialer {
    host: std::sync::Weak<NodeHost>,
    token: Option<String>,
}

impl WsDialer {
    /// A dialer for `host`'s links, sending `token` if set.
    pub fn new(host: &Arc<NodeHost>, token: Option<String>) -> Arc<Self> {
        Arc::new(Self { host: Arc::downgrade(host), token })
    }
}

#[async_trait(?Send)]
impl Dialer for WsDialer {
    async fn dial(&self, node: &NodeId) -> Result<Arc<Link>, LinkError> {
        let host = self.host.upgrade().ok_or_else(|| LinkError::Closed(node.0.clone()))?;
        let info = host
            .directory()
            .node_info(node)
            .ok_or_else(|| LinkError::Unreachable(node.0.clone(), "not a live node".into()))?;
        let me = host.directory().local_node().0.clone();
        let at = if info.internal.is_empty() { &info.http } else { &info.internal };
        let url = format!("ws://{at}/internal/link?node={me}");
        let connector = awc::Connector::new().connector(NoDelay::default());
        let client = awc::Client::builder().connector(connector).timeout(Duration::from_secs(3)).finish();
        let mut request = client.ws(url).max_frame_size(MAX_LINK_FRAME);
        if let Some(token) = &self.token {
            request = request.header(TOKEN_HEADER, token.as_str());
        }
        let (_, framed) = request.connect().await.map_err(|e| LinkError::Unreachable(node.0.clone(), e.to_string()))?;
        let (link, rx) = Link::new(node.clone());
        host.links().register(link.clone());
        tracing::info!(node = %node.0, "node link dialed");
        actix_web::rt::spawn(serve_dialed(host, link.clone(), framed, rx));
        Ok(link)
    }
}

/// awc's TCP connector with Nagle's algorithm off: the link carries small requests whose
/// answers are waited for (a follower's confirmation holds a chat acknowledgement), and
/// with Nagle on, a second small frame waits for the peer's delayed ACK (~40 ms).
#[derive(Clone)]
struct NoDelay {
    tcp: actix_tls::connect::ConnectorService,
}

impl Default for NoDelay {
    fn default() -> Self {
        Self { tcp: actix_tls::connect::Connector::new(actix_tls::connect::Resolver::default()).service() }
    }
}

impl actix_service::Service<actix_tls::connect::ConnectInfo<awc::http::Uri>> for NoDelay {
    type Response = actix_tls::connect::Connection<awc::http::Uri, actix_rt::net::TcpStream>;
    type Error = actix_tls::connect::ConnectError;
    type Future = futures_util::future::LocalBoxFuture<'static, Result<Self::Response, Self::Error>>;

    fn poll_ready(&self, cx: &mut std::task::Context<'_>) -> std::task::Poll<Result<(), Self::Error>> {
        actix_service::Service::<actix_tls::connect::ConnectInfo<awc::http::Uri>>::poll_ready(&self.tcp, cx)
    }

    fn call(&self, req: actix_tls::connect::ConnectInfo<awc::http::Uri>) -> Self::Future {
        let connecting = self.tcp.call(req);
        Box::pin(async move {
            let connection = connecting.await?;
            let _ = connection.io_ref().set_nodelay(true);
            Ok(connection)
        })
    }
}

async fn serve_dialed(
    host: Arc<NodeHost>,
    link: Arc<Link>,
    framed: actix_codec::Framed<awc::BoxedSocket, awc::ws::Codec>,
    mut rx: tokio::sync::mpsc::Receiver<String>,
) {
    use awc::ws::{Frame, Message};
    let (mut sink, mut stream) = framed.split();
    let mut ping = tokio::time::interval(LINK_PING);
    let mut check = tokio::time::interval(LINK_CHECK);
    let mut heard = Instant::now();
    loop {
        tokio::select! {
            frame = stream.next() => match frame {
                Some(Ok(Frame::Text(bytes))) => {
                    heard = Instant::now();
                    match std::str::from_utf8(&bytes) {
                        Ok(text) => host.link_frame(&link, text),
                        Err(_) => break,
                    }
                }
                Some(Ok(Frame::Ping(b))) => { heard = Instant::now(); let _ = sink.send(Message::Pong(b)).await; }
                Some(Ok(Frame::Pong(_))) => heard = Instant::now(),
                Some(Ok(Frame::Binary(_))) | Some(Ok(Frame::Continuation(_))) => {}
                Some(Ok(Frame::Close(_))) | Some(Err(_)) | None => break,
            },
            out = rx.recv() => match out {
                Some(text) => if sink.send(Message::Text(text.into())).await.is_err() { break },
                None => break,
            },
            _ = ping.tick() => if sink.send(Message::Ping(Default::default())).await.is_err() { break },
            _ = check.tick() => if link_dead(&host, &link, heard) {
                tracing::warn!(node = %link.node().0, silent_ms = heard.elapsed().as_millis() as u64, "node link silent: closing it");
                break
            },
        }
        if !link.is_open() {
            break;
        }
    }
    let _ = sink.send(Message::Close(None)).await;
    host.link_closed(&link);
}
