//! Recordings over HTTP: the listing (`GET /api/recordings`, anyone, like the room list: the
//! demo's replays row), deletion (`DELETE /api/admin/recordings/{stream}/{id}`, the app's
//! administrator), and the files (`GET /vod/<sdkappid>/<stream>/<id>/<file>`, anyone, as the
//! live LL-HLS is: playlists, segments, MP4s with byte ranges and conditional requests).
//! This node's recordings only (a cluster lists and serves each node's own).

use actix_files::NamedFile;
use actix_web::http::header;
use actix_web::{web, HttpRequest, HttpResponse};
use serde::Deserialize;
use serde_json::json;

use liveroom_protocol::ErrorCode;
use liveroom_telemetry::metrics;

use crate::api::{admin, known_app, AuthQuery};
use crate::error::ApiError;
use crate::Gateway;

/// Most recordings one listing answers with.
const MAX_LISTED: usize = 200;

/// `/vod/`; the API routes live in the `/api` scope ([`crate::api`]).
pub(crate) fn configure(cfg: &mut web::ServiceConfig) {
    cfg.route("/vod/{app}/{stream}/{id}/{file}", web::get().to(file))
        .route("/vod/{app}/{stream}/{id}/{file}", web::head().to(file));
}

#[derive(Deserialize)]
pub(crate) struct ListQuery {
    sdkappid: u64,
    #[serde(rename = "roomID", default)]
    room_id: Option<String>,
    #[serde(rename = "streamID", default)]
    stream_id: Option<String>,
    #[serde(default)]
    limit: Option<usize>,
}

fn recorder(gw: &Gateway) -> Result<std::sync::Arc<liveroom_recorder::Recorder>, ApiError> {
    gw.host
        .recorder()
        .ok_or_else(|| ApiError::with(ErrorCode::ResourceNotFound, "recording is not configured on this node"))
}

/// The app's recordings, newest first (optionally of one room or stream).
pub(crate) async fn list(gw: web::Data<Gateway>, q: web::Query<ListQuery>) -> Result<HttpResponse, ApiError> {
    known_app(&gw, q.sdkappid)?;
    let recorder = recorder(&gw)?;
    let limit = q.limit.unwrap_or(50).clamp(1, MAX_LISTED);
    let (app, room, stream) = (q.sdkappid, q.room_id.clone(), q.stream_id.clone());
    let store = recorder.store().clone();
    let all = web::block(move || store.list(Some(app)))
        .await
        .map_err(|e| ApiError::with(ErrorCode::Internal, e.to_string()))?;
    let chosen: Vec<serde_json::Value> = all
        .into_iter()
        .filter(|m| room.as_ref().is_none_or(|r| *r == m.room_id) && stream.as_ref().is_none_or(|s| *s == m.stream_id))
        .take(limit)
        .map(|m| {
            let mut v = serde_json::to_value(&m).unwrap_or_default();
            v["playlist"] = json!(format!("/vod/{}/index.m3u8", m.path()));
            v["files"] = json!(m.files.iter().map(|f| format!("/vod/{f}")).collect::<Vec<_>>());
            v
        })
        .collect();
    Ok(HttpResponse::Ok().json(json!({ "code": 0, "recordings": chosen })))
}

/// Deletes a finished recording (the administrator only; one in progress is refused).
pub(crate) async fn delete(
    gw: web::Data<Gateway>,
    path: web::Path<(String, String)>,
    q: web::Query<AuthQuery>,
) -> Result<HttpResponse, ApiError> {
    admin(&gw, &q)?;
    let recorder = recorder(&gw)?;
    let (stream, id) = path.into_inner();
    let Some(meta) = recorder.store().get(q.sdkappid, &stream, &id) else {
        return Err(ApiError::with(ErrorCode::ResourceNotFound, "no such recording"));
    };
    if meta.state == liveroom_recorder::State::Recording {
        return Err(ApiError::with(ErrorCode::InvalidParameter, "the recording is in progress"));
    }
    let store = recorder.store().clone();
    web::block(move || store.remove(&meta))
        .await
        .map_err(|e| ApiError::with(ErrorCode::Internal, e.to_string()))?
        .map_err(|e| ApiError::with(ErrorCode::Internal, e.to_string()))?;
    metrics().cdn.recordings_deleted.with_label_values(&["api"]).inc();
    Ok(HttpResponse::Ok().json(json!({ "code": 0 })))
}

/// A recording's file.
async fn file(
    gw: web::Data<Gateway>,
    req: HttpRequest,
    path: web::Path<(String, String, String, String)>,
) -> HttpResponse {
    let not_found =
        || HttpResponse::NotFound().content_type("text/plain; charset=utf-8").body("no such recording file");
    let Ok(recorder) = recorder(&gw) else { return not_found() };
    let (app, stream, id, name) = path.into_inner();
    if name.starts_with('.') || name == "meta.json" {
        return not_found();
    }
    let Some(file) = recorder.store().file(&format!("{app}/{stream}/{id}/{name}")) else { return not_found() };
    let Ok(named) = NamedFile::open_async(file).await else { return not_found() };
    let playlist = name.ends_with(".m3u8");
    let content_type = if playlist { "application/vnd.apple.mpegurl" } else { "video/mp4" };
    let mut res = named
        .set_content_type(content_type.parse().unwrap_or(mime_guess::mime::APPLICATION_OCTET_STREAM))
        .use_last_modified(true)
        .into_response(&req);
    // Segments never change; the playlist does while recording.
    let cache = if playlist { "public, max-age=1" } else { "public, max-age=31536000, immutable" };
    if let Ok(v) = header::HeaderValue::from_str(cache) {
        res.headers_mut().insert(header::CACHE_CONTROL, v);
    }
    if let Ok(v) = header::HeaderValue::from_str("*") {
        res.headers_mut().insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, v);
    }
    res
}

#[derive(Deserialize)]
pub(crate) struct Switch {
    #[serde(rename = "roomID")]
    room_id: String,
    #[serde(rename = "streamID", default)]
    stream_id: Option<String>,
}

/// `POST /api/admin/recordings`: the administrator starts recording a room (its streams
/// packaged on this node, now and until stopped) or one of its streams.
pub(crate) async fn start(
    gw: web::Data<Gateway>,
    q: web::Query<AuthQuery>,
    body: web::Json<Switch>,
) -> Result<HttpResponse, ApiError> {
    switch(&gw, &q, &body, true)
}

/// `POST /api/admin/recordings/stop`: the administrator stops recording a room or a stream
/// (its recording finishes now, without waiting for the publisher to come back).
pub(crate) async fn stop(
    gw: web::Data<Gateway>,
    q: web::Query<AuthQuery>,
    body: web::Json<Switch>,
) -> Result<HttpResponse, ApiError> {
    switch(&gw, &q, &body, false)
}

fn switch(gw: &Gateway, q: &AuthQuery, body: &Switch, start: bool) -> Result<HttpResponse, ApiError> {
    admin(gw, q)?;
    let room = liveroom_protocol::RoomId::new(&body.room_id)
        .map_err(|e| ApiError::with(ErrorCode::InvalidParameter, e.to_string()))?;
    let streams = gw
        .host
        .switch_recording(q.sdkappid, &room, body.stream_id.as_deref(), start)
        .map_err(|r| ApiError::with(r.code, r.message))?;
    Ok(HttpResponse::Ok().json(json!({ "code": 0, "streams": streams })))
}
