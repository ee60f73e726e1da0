//! WebRTC signalling over HTTP: WHIP (RFC 9725) to publish, WHEP to play.
//!
//! `POST /whip?sdkappid=&roomid=&userid=[&streamid=]` and `POST /whep?sdkappid=&roomid=&userid=[&streamid=]`
//! take an SDP offer (`application/sdp`) with the user's UserSig as `Authorization: Bearer`
//! and answer `201 Created` with the SDP answer and a `Location` resource that `DELETE`
//! ends. The answer comes from this node's media engine, so ICE points at its UDP port.

use std::collections::HashMap;

use actix_web::http::header;
use actix_web::{web, HttpRequest, HttpResponse};
use liveroom_auth::Identity;
use liveroom_node::unix_now;
use liveroom_node::user::{auth_error_code, auth_error_label};
use liveroom_node::Refusal;
use liveroom_protocol::{ErrorCode, RoomId, UserId};
use liveroom_sfu::PeerId;
use liveroom_telemetry::metrics;
use parking_lot::Mutex;
use serde::Deserialize;

use crate::{ApiError, Gateway};

/// Largest SDP offer accepted (a browser's is 4–10 KB).
const MAX_SDP_BYTES: usize = 64 * 1024;

/// Live WHIP / WHEP resources: unguessable id → peer.
#[derive(Default)]
pub struct Resources(Mutex<HashMap<String, PeerId>>);

impl Resources {
    fn insert(&self, peer: PeerId) -> String {
        let id: String = (0..16).map(|_| format!("{:02x}", rand::random::<u8>())).collect();
        self.0.lock().insert(id.clone(), peer);
        id
    }

    fn remove(&self, id: &str) -> Option<PeerId> {
        self.0.lock().remove(id)
    }
}

pub(crate) fn configure(cfg: &mut web::ServiceConfig) {
    cfg.route("/whip", web::post().to(whip))
        .route("/whip/{resource}", web::delete().to(delete_resource))
        .route("/whip/{resource}", web::patch().to(patch_resource))
        .route("/whep", web::post().to(whep))
        .route("/whep/{resource}", web::delete().to(delete_resource))
        .route("/whep/{resource}", web::patch().to(patch_resource));
}

#[derive(Deserialize)]
struct MediaQuery {
    sdkappid: u64,
    roomid: String,
    userid: String,
    #[serde(default)]
    streamid: Option<String>,
}

fn bearer(req: &HttpRequest) -> Result<&str, ApiError> {
    req.headers()
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(str::trim)
        .ok_or_else(|| ApiError::with(ErrorCode::UserSigEmpty, "send the UserSig as Authorization: Bearer <UserSig>"))
}

fn authenticate(gw: &Gateway, req: &HttpRequest, q: &MediaQuery) -> Result<Identity, ApiError> {
    gw.host.apps().authenticate(q.sdkappid, &q.userid, bearer(req)?, unix_now()).map_err(|e| {
        metrics().chat.auth_failures.with_label_values(&[auth_error_label(&e)]).inc();
        ApiError::with(auth_error_code(&e), e.to_string())
    })
}

fn offer(req: &HttpRequest, body: &web::Bytes) -> Result<String, ApiError> {
    let content_type = req.headers().get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or("");
    if !content_type.starts_with("application/sdp") {
        return Err(ApiError::code(ErrorCode::UnsupportedMediaType));
    }
    if body.len() > MAX_SDP_BYTES {
        return Err(ApiError::with(ErrorCode::InvalidSdp, format!("offer is larger than {MAX_SDP_BYTES} bytes")));
    }
    String::from_utf8(body.to_vec()).map_err(|_| ApiError::with(ErrorCode::InvalidSdp, "offer is not UTF-8"))
}

/// A caller's own stream id (letters, digits, `_ -`, ≤ 128), or `None` for TWebLive's
/// convention `<sdkappid>_<roomid>_<userid>_main`.
fn stream_id(q: &MediaQuery) -> Result<Option<String>, ApiError> {
    match &q.streamid {
        Some(s) if !s.is_empty() => {
            if s.len() > 128 || !s.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-') {
                return Err(ApiError::with(
                    ErrorCode::InvalidParameter,
                    "streamid: at most 128 letters, digits, _ or -",
                ));
            }
            Ok(Some(s.clone()))
        }
        _ => Ok(None),
    }
}

fn room_id(q: &MediaQuery) -> Result<RoomId, ApiError> {
    RoomId::new(&q.roomid).map_err(|e| ApiError::with(ErrorCode::InvalidParameter, e.to_string()))
}

fn refused(r: Refusal) -> ApiError {
    ApiError::with(r.code, r.message)
}

fn created(kind: &str, resource: &str, sdp: String) -> HttpResponse {
    HttpResponse::Created()
        .content_type("application/sdp")
        .insert_header((header::LOCATION, format!("/{kind}/{resource}")))
        .insert_header((header::ETAG, format!("\"{resource}\"")))
        .body(sdp)
}

async fn whip(
    req: HttpRequest,
    body: web::Bytes,
    q: web::Query<MediaQuery>,
    gw: web::Data<Gateway>,
) -> Result<HttpResponse, ApiError> {
    let caller = authenticate(&gw, &req, &q)?;
    let offer = offer(&req, &body)?;
    let room = room_id(&q)?;
    let user = UserId::new(&caller.user_id).map_err(|e| ApiError::with(ErrorCode::InvalidUserId, e.to_string()))?;
    let wanted = stream_id(&q)?;
    let (stream, answer) =
        gw.host.publish(q.sdkappid, &room, &user, caller.is_admin, wanted, offer, None).await.map_err(refused)?;
    let resource = gw.media_resources.insert(answer.peer);
    tracing::info!(stream, room = %room, user = %user, peer = answer.peer.0, "WHIP publish");
    Ok(created("whip", &resource, answer.sdp))
}

async fn whep(
    req: HttpRequest,
    body: web::Bytes,
    q: web::Query<MediaQuery>,
    gw: web::Data<Gateway>,
) -> Result<HttpResponse, ApiError> {
    let caller = authenticate(&gw, &req, &q)?;
    let offer = offer(&req, &body)?;
    let room = room_id(&q)?;
    let (stream, answer) = gw.host.play(q.sdkappid, &room, stream_id(&q)?, offer, None).await.map_err(refused)?;
    let resource = gw.media_resources.insert(answer.peer);
    tracing::info!(stream, room = %room, user = caller.user_id, peer = answer.peer.0, "WHEP play");
    Ok(created("whep", &resource, answer.sdp))
}

async fn delete_resource(path: web::Path<String>, gw: web::Data<Gateway>) -> Result<HttpResponse, ApiError> {
    let peer = gw.media_resources.remove(&path).ok_or_else(|| ApiError::code(ErrorCode::ResourceNotFound))?;
    gw.host.close_peer(peer);
    Ok(HttpResponse::Ok().finish())
}

/// Trickle ICE and ICE restarts are not offered yet: the server is ICE-lite and answers
/// with its one candidate, so clients send complete offers (RFC 9725 §4.3.1 lets a server
/// refuse PATCH with 405).
async fn patch_resource() -> HttpResponse {
    HttpResponse::MethodNotAllowed().insert_header((header::ALLOW, "POST, DELETE")).finish()
}
