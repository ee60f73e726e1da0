//! CDN requests (`/live/...`) for streams packaged on another node of the cluster: the
//! node that serves the stream is found in the directory (cached briefly, so etcd is not
//! on the per-request path) and the request is proxied to it, body streamed through.
//! [`forward`] also carries chat images (`/images/...`) to the node that holds them.
//!
//! Must not: proxy twice (a proxied request carries [`PROXIED`] and is answered locally),
//! or follow anything but the registered node of that stream.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::{Duration, Instant};

use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse};
use liveroom_cdn::http::Elsewhere;
use liveroom_cluster::NodeId;
use liveroom_node::NodeHost;
use parking_lot::Mutex;

/// Marks a request one node proxied to another.
pub const PROXIED: &str = "x-liveroom-proxied";
/// How long a stream's location is remembered.
const LOCATION_TTL: Duration = Duration::from_secs(2);
/// Longest wait for the serving node's response head (LL-HLS blocking requests wait 6 s).
const UPSTREAM_TIMEOUT: Duration = Duration::from_secs(10);
/// Request headers passed on.
const FORWARDED: [header::HeaderName; 3] = [header::RANGE, header::IF_NONE_MATCH, header::ACCEPT_ENCODING];
/// Response headers passed back.
const RETURNED: [header::HeaderName; 10] = [
    header::CONTENT_TYPE,
    header::X_CONTENT_TYPE_OPTIONS,
    header::CONTENT_SECURITY_POLICY,
    header::CROSS_ORIGIN_RESOURCE_POLICY,
    header::CACHE_CONTROL,
    header::ETAG,
    header::CONTENT_RANGE,
    header::ACCEPT_RANGES,
    header::RETRY_AFTER,
    header::CONTENT_ENCODING,
];

/// The fallback the CDN routes use for streams not packaged here.
pub fn fallback(host: Arc<NodeHost>) -> Elsewhere {
    let cache = Arc::new(Mutex::new(HashMap::<String, (Option<NodeId>, Instant)>::new()));
    Arc::new(move |req, id| {
        let (host, cache) = (host.clone(), cache.clone());
        Box::pin(async move { proxy(&host, &cache, req, id).await })
    })
}

fn not_here() -> HttpResponse {
    HttpResponse::NotFound().content_type("text/plain; charset=utf-8").body("no such stream or media")
}

async fn locate(
    host: &NodeHost,
    cache: &Mutex<HashMap<String, (Option<NodeId>, Instant)>>,
    id: &str,
) -> Option<NodeId> {
    if let Some((node, at)) = cache.lock().get(id) {
        if at.elapsed() < LOCATION_TTL {
            return node.clone();
        }
    }
    let node = host.directory().stream_node(id).await.ok().flatten();
    let mut map = cache.lock();
    if map.len() > 10_000 {
        map.retain(|_, (_, at)| at.elapsed() < LOCATION_TTL);
    }
    map.insert(id.to_owned(), (node.clone(), Instant::now()));
    node
}

async fn proxy(
    host: &NodeHost,
    cache: &Mutex<HashMap<String, (Option<NodeId>, Instant)>>,
    req: HttpRequest,
    id: String,
) -> HttpResponse {
    if req.headers().contains_key(PROXIED) {
        return not_here();
    }
    let Some(node) = locate(host, cache, &id).await else { return not_here() };
    forward(host, &req, &node).await.unwrap_or_else(not_here)
}

/// Proxies `req` to `node` (path and query as received; range and validators passed on,
/// the answer streamed back). `None`: the request was proxied already (never twice) or
/// the node is not in the directory.
pub(crate) async fn forward(host: &NodeHost, req: &HttpRequest, node: &NodeId) -> Option<HttpResponse> {
    if req.headers().contains_key(PROXIED) || node == host.directory().local_node() {
        return None;
    }
    let info = host.directory().node_info(node)?;
    let path = req.uri().path_and_query().map(|p| p.as_str()).unwrap_or("/");
    let url = format!("http://{}{path}", info.http);
    let client = awc::Client::builder().timeout(UPSTREAM_TIMEOUT).finish();
    let mut upstream = client.request(req.method().clone(), url).insert_header((PROXIED, "1"));
    for name in FORWARDED {
        if let Some(v) = req.headers().get(&name) {
            upstream = upstream.insert_header((name, v.clone()));
        }
    }
    Some(match upstream.send().await {
        Ok(response) => {
            let mut out = HttpResponse::build(response.status());
            for name in RETURNED {
                if let Some(v) = response.headers().get(&name) {
                    out.insert_header((name, v.clone()));
                }
            }
            out.streaming(response)
        }
        Err(e) => {
            tracing::warn!(node = %node.0, error = %e, "proxy to the serving node failed");
            HttpResponse::BadGateway().content_type("text/plain; charset=utf-8").body("the serving node did not answer")
        }
    })
}
