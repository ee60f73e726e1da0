//! The HTTP API: room directory (what the demo's live list uses), admin moderation calls,
//! and the dev-only UserSig endpoint. Authenticated calls carry Tencent REST-style query
//! parameters: `sdkappid`, `identifier`, `usersig`.

use actix_web::{web, HttpResponse};
use liveroom_auth::Identity;
use liveroom_cluster::{CreateOutcome, DirectoryError, NewRoom, RoomRecord, MAX_PUBLISHERS};
use liveroom_node::hooks::Removal;
use liveroom_node::unix_now;
use liveroom_node::user::{auth_error_code, auth_error_label};
use liveroom_protocol::client::MAX_ROOM_TEXT_BYTES;
use liveroom_protocol::{ErrorCode, RoomId, UserId};
use liveroom_telemetry::metrics;
use serde::Deserialize;
use serde_json::json;

use crate::listing::{self, ListedRoom};
use crate::{ApiError, Gateway};
use liveroom_node::room::LiveStream;

/// Most banned words per app, and longest word.
const MAX_BANNED_WORDS: usize = 1000;
const MAX_BANNED_WORD_BYTES: usize = 64;
/// Most rooms one list answer carries, and how many it carries unless asked.
const MAX_LISTED_ROOMS: usize = 200;
const DEFAULT_LISTED_ROOMS: usize = 50;
/// How long one app's listing is served from memory before the directory is asked again.
const LISTING_TTL: std::time::Duration = std::time::Duration::from_secs(2);
/// Longest mute (seconds): 30 days.
const MAX_MUTE_SECONDS: u64 = 30 * 86_400;

pub(crate) fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(
        web::scope("/api")
            .route("/rooms", web::get().to(list_rooms))
            .route("/rooms", web::post().to(create_room))
            .route("/rooms/{room}", web::get().to(get_room))
            .route("/rooms/{room}", web::delete().to(destroy_room))
            .route("/rooms/{room}/publishers", web::get().to(get_publishers))
            .route("/rooms/{room}/publishers", web::put().to(set_publishers))
            .route("/rooms/{room}/images", web::post().to(crate::images::upload))
            .route("/admin/rooms/{room}/mute", web::post().to(mute))
            .route("/admin/rooms/{room}/kick", web::post().to(kick))
            .route("/admin/rooms/{room}/dismiss", web::post().to(dismiss))
            .route("/admin/banned-words", web::get().to(get_banned_words))
            .route("/admin/banned-words", web::put().to(set_banned_words))
            .route("/recordings", web::get().to(crate::recordings::list))
            .route("/admin/recordings", web::post().to(crate::recordings::start))
            .route("/admin/recordings/stop", web::post().to(crate::recordings::stop))
            .route("/admin/recordings/{stream}/{id}", web::delete().to(crate::recordings::delete))
            .route("/dev/usersig", web::post().to(dev_usersig)),
    );
}

#[derive(Deserialize)]
struct AppQuery {
    sdkappid: u64,
}

#[derive(Deserialize)]
struct ListQuery {
    sdkappid: u64,
    /// Rooms per page (1–200, default 50).
    #[serde(default)]
    limit: Option<usize>,
    /// Where the page starts: the `nextCursor` of the previous page.
    #[serde(default)]
    cursor: Option<usize>,
    /// Only live rooms (`true`) or only the others (`false`); omitted = all.
    #[serde(default)]
    live: Option<bool>,
}

#[derive(Deserialize)]
pub(crate) struct AuthQuery {
    pub(crate) sdkappid: u64,
    identifier: String,
    usersig: String,
}

type ApiResult = Result<HttpResponse, ApiError>;

pub(crate) fn authenticate(gw: &Gateway, q: &AuthQuery) -> Result<Identity, ApiError> {
    gw.host.apps().authenticate(q.sdkappid, &q.identifier, &q.usersig, unix_now()).map_err(|e| {
        metrics().chat.auth_failures.with_label_values(&[auth_error_label(&e)]).inc();
        ApiError::with(auth_error_code(&e), e.to_string())
    })
}

pub(crate) fn admin(gw: &Gateway, q: &AuthQuery) -> Result<Identity, ApiError> {
    let id = authenticate(gw, q)?;
    if !id.is_admin {
        return Err(ApiError::with(ErrorCode::PermissionDenied, "this call needs the app's administrator UserSig"));
    }
    Ok(id)
}

pub(crate) fn known_app(gw: &Gateway, sdkappid: u64) -> Result<(), ApiError> {
    match gw.host.apps().app(sdkappid) {
        Some(_) => Ok(()),
        None => Err(ApiError::with(ErrorCode::UnknownApp, format!("unknown SDKAppID {sdkappid}"))),
    }
}

pub(crate) fn room_id(raw: &str) -> Result<RoomId, ApiError> {
    RoomId::new(raw).map_err(|e| ApiError::with(ErrorCode::InvalidParameter, e.to_string()))
}

fn user_id(raw: &str) -> Result<UserId, ApiError> {
    UserId::new(raw).map_err(|e| ApiError::with(ErrorCode::InvalidUserId, e.to_string()))
}

fn busy(e: impl std::fmt::Display) -> ApiError {
    ApiError::with(ErrorCode::Busy, e.to_string())
}

/// What runs in a room now: its member count and the streams whose media flows. A room
/// running on this node (or with members here) is asked directly; one that runs elsewhere
/// is asked over the node link only when a node registered a stream of it (`live_here`
/// false, `maybe_live` true), so a listing of many idle rooms costs no link calls.
async fn room_state(gw: &Gateway, record: &RoomRecord, maybe_live: bool) -> (u64, Vec<LiveStream>) {
    let room = match gw.host.live_room(record.sdkappid, &record.room_id) {
        Some(room) => room,
        None if maybe_live => match gw.host.room(record.sdkappid, &record.room_id).await {
            Ok(room) => room,
            Err(_) => return (0, Vec::new()),
        },
        None => return (0, Vec::new()),
    };
    let members = room.info().await.map(|i| i.member_count).unwrap_or(0);
    let mut streams = room.streams().await.unwrap_or_default();
    // The owner's stream first: it is what a thumbnail or a player shows.
    streams.sort_by_key(|s| s.user != record.owner);
    (members, streams)
}

/// The app's rooms with what runs in them, live ones first (see [`listing::live_first`]).
async fn listed_rooms(gw: &Gateway, sdkappid: u64) -> Result<Vec<ListedRoom>, DirectoryError> {
    let records = gw.host.directory().list_rooms(sdkappid).await?;
    let app_prefix = format!("{sdkappid}_");
    let registered: Vec<String> =
        gw.host.directory().registered_streams().into_iter().filter(|s| s.starts_with(&app_prefix)).collect();
    let mut rooms = Vec::with_capacity(records.len());
    for record in records {
        let prefix = liveroom_protocol::stream_id::room_prefix(sdkappid, &record.room_id);
        let maybe_live = registered.iter().any(|s| s.starts_with(&prefix));
        let (member_count, streams) = room_state(gw, &record, maybe_live).await;
        rooms.push(ListedRoom { record, member_count, streams });
    }
    listing::live_first(&mut rooms);
    Ok(rooms)
}

/// A room's JSON: its record, `memberCount`, `live`, its live `streams`
/// (`[{streamID, userID}]`, the owner's first) and, when live, `thumbnail`: the path of a
/// JPEG of the first stream's latest keyframe.
fn room_json(room: &ListedRoom) -> serde_json::Value {
    let mut value = json!(room.record);
    value["memberCount"] = json!(room.member_count);
    value["live"] = json!(room.live());
    value["streams"] = json!(room.streams);
    if let Some(first) = room.streams.first() {
        value["thumbnail"] = json!(format!("/live/{}.jpg", first.stream_id));
    }
    value
}

/// `GET /api/rooms?sdkappid=&limit=&cursor=&live=`: one page of the app's rooms, live ones
/// first (the fullest first), then the others newest first; `live=true` lists only live
/// rooms, `live=false` only the others. Anyone may list (the demo's live list does, before
/// login); the listing is made at most once per [`LISTING_TTL`] per app, however many ask
/// at once, so a flood of listings costs the directory (etcd) and the rooms nothing more.
async fn list_rooms(gw: web::Data<Gateway>, q: web::Query<ListQuery>) -> ApiResult {
    known_app(&gw, q.sdkappid)?;
    let limit = q.limit.unwrap_or(DEFAULT_LISTED_ROOMS).clamp(1, MAX_LISTED_ROOMS);
    let start = q.cursor.unwrap_or(0);
    let listed = gw.listings.get(q.sdkappid, LISTING_TTL, || listed_rooms(&gw, q.sdkappid)).await.map_err(busy)?;
    let chosen: Vec<&ListedRoom> = listed.iter().filter(|r| q.live.is_none_or(|live| r.live() == live)).collect();
    let page: Vec<serde_json::Value> = chosen.iter().skip(start).take(limit).map(|r| room_json(r)).collect();
    let next = start + page.len();
    let next_cursor = (next < chosen.len()).then_some(next);
    Ok(HttpResponse::Ok().json(json!({ "code": 0, "rooms": page, "total": chosen.len(), "nextCursor": next_cursor })))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct CreateBody {
    #[serde(default)]
    title: String,
    #[serde(default)]
    anchor_id: Option<String>,
    #[serde(default)]
    room_id: Option<String>,
}

async fn create_room(
    req: actix_web::HttpRequest,
    gw: web::Data<Gateway>,
    q: web::Query<AuthQuery>,
    body: web::Json<CreateBody>,
) -> ApiResult {
    let caller = authenticate(&gw, &q)?;
    let body = body.into_inner();
    let anchor = body.anchor_id.unwrap_or_else(|| caller.user_id.clone());
    if anchor != caller.user_id && !caller.is_admin {
        return Err(ApiError::with(
            ErrorCode::PermissionDenied,
            "anchorId must be the caller unless the caller is administrator",
        ));
    }
    if body.title.len() > MAX_ROOM_TEXT_BYTES {
        return Err(ApiError::with(
            ErrorCode::InvalidParameter,
            format!("title is longer than {MAX_ROOM_TEXT_BYTES} bytes"),
        ));
    }
    liveroom_protocol::check_display_text(&body.title, false)
        .map_err(|why| ApiError::with(ErrorCode::InvalidParameter, format!("title {why}")))?;
    let wanted = body.room_id.as_deref().map(room_id).transpose()?;
    // Counted once the request is valid: a malformed one costs the caller nothing.
    let addr = crate::limits::client_addr(&req, &gw.config.limits.exempt);
    gw.host
        .allow_room_creation(q.sdkappid, &caller.user_id, caller.is_admin, addr)
        .map_err(|r| ApiError::with(r.code, r.message))?;
    let admin_id = gw.host.apps().app(q.sdkappid).map(|a| a.admin.clone()).unwrap_or_default();
    let room = NewRoom { title: body.title, owner_is_admin: anchor == admin_id, ..NewRoom::new(user_id(&anchor)?) };
    match gw.host.directory().create_room(q.sdkappid, wanted, room, unix_now()).await {
        Ok(CreateOutcome::Created(r)) => {
            gw.listings.invalidate(q.sdkappid);
            liveroom_node::hooks::room_created(gw.host.webhooks(), &r);
            tracing::info!(sdkappid = q.sdkappid, room = %r.room_id, owner = %r.owner, "room created");
            Ok(HttpResponse::Created().json(json!({ "code": 0, "roomId": r.room_id, "room": r })))
        }
        Ok(CreateOutcome::ExistsOwned(_)) => Err(ApiError::code(ErrorCode::RoomExistsOwned)),
        Ok(CreateOutcome::TakenByOther(_)) => Err(ApiError::code(ErrorCode::RoomIdTaken)),
        Err(e) => Err(creation_error(e)),
    }
}

/// A directory refusal of a new room: the quotas have codes of their own.
pub(crate) fn creation_error(e: DirectoryError) -> ApiError {
    match e {
        DirectoryError::UserRoomLimit(_) => {
            metrics().chat.limit_refusals.with_label_values(&["rooms_per_user"]).inc();
            ApiError::with(ErrorCode::QuotaExceeded, e.to_string())
        }
        DirectoryError::RoomLimit(_) => ApiError::with(ErrorCode::QuotaExceeded, e.to_string()),
        e => busy(e),
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PublishersBody {
    #[serde(rename = "userIDs")]
    user_ids: Vec<String>,
}

/// The room's record, if the caller is its owner or the administrator.
async fn owned_record(gw: &Gateway, q: &AuthQuery, room: &str) -> Result<RoomRecord, ApiError> {
    let caller = authenticate(gw, q)?;
    let id = room_id(room)?;
    let record = gw.host.directory().get_room(q.sdkappid, &id).await.map_err(busy)?;
    let record = record.ok_or_else(|| ApiError::code(ErrorCode::RoomNotFound))?;
    if record.owner.as_str() != caller.user_id && !caller.is_admin {
        return Err(ApiError::with(ErrorCode::PermissionDenied, "only the room's owner or the administrator may"));
    }
    Ok(record)
}

/// `GET /api/rooms/{room}/publishers`: who besides the owner may publish (owner or admin).
async fn get_publishers(gw: web::Data<Gateway>, q: web::Query<AuthQuery>, path: web::Path<String>) -> ApiResult {
    let record = owned_record(&gw, &q, &path).await?;
    Ok(HttpResponse::Ok().json(json!({ "code": 0, "owner": record.owner, "userIDs": record.publishers })))
}

/// `PUT /api/rooms/{room}/publishers` `{"userIDs": [...]}`: replaces who besides the owner
/// may publish in the room (TRTC's anchors). Owner or admin; at most [`MAX_PUBLISHERS`].
async fn set_publishers(
    gw: web::Data<Gateway>,
    q: web::Query<AuthQuery>,
    path: web::Path<String>,
    body: web::Json<PublishersBody>,
) -> ApiResult {
    let record = owned_record(&gw, &q, &path).await?;
    let mut users = Vec::new();
    for u in &body.user_ids {
        let u = user_id(u)?;
        if !users.contains(&u) {
            users.push(u);
        }
    }
    if users.len() > MAX_PUBLISHERS {
        return Err(ApiError::with(ErrorCode::InvalidParameter, format!("at most {MAX_PUBLISHERS} publishers")));
    }
    let set = gw.host.directory().set_publishers(q.sdkappid, &record.room_id, users).await.map_err(busy)?;
    let set = set.ok_or_else(|| ApiError::code(ErrorCode::RoomNotFound))?;
    tracing::info!(sdkappid = q.sdkappid, room = %set.room_id, publishers = set.publishers.len(), "publishers set");
    Ok(HttpResponse::Ok().json(json!({ "code": 0, "userIDs": set.publishers })))
}

async fn get_room(gw: web::Data<Gateway>, q: web::Query<AppQuery>, path: web::Path<String>) -> ApiResult {
    known_app(&gw, q.sdkappid)?;
    let id = room_id(&path)?;
    let record = gw.host.directory().get_room(q.sdkappid, &id).await.map_err(busy)?;
    let record = record.ok_or_else(|| ApiError::code(ErrorCode::RoomNotFound))?;
    let prefix = liveroom_protocol::stream_id::room_prefix(q.sdkappid, &record.room_id);
    let maybe_live = gw.host.directory().registered_streams().iter().any(|s| s.starts_with(&prefix));
    let (member_count, streams) = room_state(&gw, &record, maybe_live).await;
    let room = ListedRoom { record, member_count, streams };
    Ok(HttpResponse::Ok().json(json!({ "code": 0, "room": room_json(&room) })))
}

async fn remove_room(gw: &Gateway, sdkappid: u64, id: &RoomId, why: Removal) -> ApiResult {
    if let Some(room) = gw.host.live_room(sdkappid, id) {
        let _ = room.dismiss().await;
    }
    if !gw.host.directory().remove_room(sdkappid, id).await.map_err(busy)? {
        return Err(ApiError::code(ErrorCode::RoomNotFound));
    }
    gw.listings.invalidate(sdkappid);
    liveroom_node::hooks::room_removed(gw.host.webhooks(), sdkappid, id, why);
    tracing::info!(sdkappid, room = %id, "room destroyed");
    Ok(HttpResponse::Ok().json(json!({ "code": 0 })))
}

async fn destroy_room(gw: web::Data<Gateway>, q: web::Query<AuthQuery>, path: web::Path<String>) -> ApiResult {
    let caller = authenticate(&gw, &q)?;
    let id = room_id(&path)?;
    let record = gw.host.directory().get_room(q.sdkappid, &id).await.map_err(busy)?;
    let record = record.ok_or_else(|| ApiError::code(ErrorCode::RoomNotFound))?;
    if record.owner.as_str() != caller.user_id && !caller.is_admin {
        return Err(ApiError::with(
            ErrorCode::PermissionDenied,
            "only the room's owner or the administrator may destroy it",
        ));
    }
    remove_room(&gw, q.sdkappid, &id, Removal::Destroyed).await
}

async fn dismiss(gw: web::Data<Gateway>, q: web::Query<AuthQuery>, path: web::Path<String>) -> ApiResult {
    admin(&gw, &q)?;
    remove_room(&gw, q.sdkappid, &room_id(&path)?, Removal::Dismissed).await
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct MuteBody {
    #[serde(rename = "userID")]
    user_id: String,
    /// Seconds of silence; 0 unmutes.
    seconds: u64,
}

async fn live_room_or_404(gw: &Gateway, sdkappid: u64, id: &RoomId) -> Result<liveroom_node::route::RoomRef, ApiError> {
    gw.host.room(sdkappid, id).await.map_err(ApiError::code)
}

async fn mute(
    gw: web::Data<Gateway>,
    q: web::Query<AuthQuery>,
    path: web::Path<String>,
    body: web::Json<MuteBody>,
) -> ApiResult {
    admin(&gw, &q)?;
    let id = room_id(&path)?;
    let user = user_id(&body.user_id)?;
    if body.seconds > MAX_MUTE_SECONDS {
        return Err(ApiError::with(ErrorCode::InvalidParameter, format!("seconds must be at most {MAX_MUTE_SECONDS}")));
    }
    let until = if body.seconds == 0 { 0 } else { unix_now() + body.seconds };
    let room = live_room_or_404(&gw, q.sdkappid, &id).await?;
    room.mute(user.clone(), until).await.map_err(ApiError::code)?;
    tracing::info!(sdkappid = q.sdkappid, room = %id, user = %user, until, "mute set");
    Ok(HttpResponse::Ok().json(json!({ "code": 0, "until": until })))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct KickBody {
    #[serde(rename = "userID")]
    user_id: String,
}

async fn kick(
    gw: web::Data<Gateway>,
    q: web::Query<AuthQuery>,
    path: web::Path<String>,
    body: web::Json<KickBody>,
) -> ApiResult {
    admin(&gw, &q)?;
    let id = room_id(&path)?;
    let user = user_id(&body.user_id)?;
    let room = live_room_or_404(&gw, q.sdkappid, &id).await?;
    let was_member = room.kick(user.clone()).await.map_err(ApiError::code)?;
    tracing::info!(sdkappid = q.sdkappid, room = %id, user = %user, was_member, "kick");
    Ok(HttpResponse::Ok().json(json!({ "code": 0, "wasMember": was_member })))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct WordsBody {
    words: Vec<String>,
}

async fn get_banned_words(gw: web::Data<Gateway>, q: web::Query<AuthQuery>) -> ApiResult {
    admin(&gw, &q)?;
    let words = gw.host.banned_words(q.sdkappid).get();
    Ok(HttpResponse::Ok().json(json!({ "code": 0, "words": *words })))
}

async fn set_banned_words(gw: web::Data<Gateway>, q: web::Query<AuthQuery>, body: web::Json<WordsBody>) -> ApiResult {
    admin(&gw, &q)?;
    let words = body.into_inner().words;
    if words.len() > MAX_BANNED_WORDS || words.iter().any(|w| w.len() > MAX_BANNED_WORD_BYTES) {
        return Err(ApiError::with(
            ErrorCode::InvalidParameter,
            format!("at most {MAX_BANNED_WORDS} words of at most {MAX_BANNED_WORD_BYTES} bytes"),
        ));
    }
    let count = words.len();
    gw.host.set_banned_words(q.sdkappid, words).await.map_err(busy)?;
    tracing::info!(sdkappid = q.sdkappid, count, "banned words set");
    Ok(HttpResponse::Ok().json(json!({ "code": 0, "count": count })))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct DevSigBody {
    #[serde(rename = "userID")]
    user_id: String,
}

async fn dev_usersig(gw: web::Data<Gateway>, q: web::Query<AppQuery>, body: web::Json<DevSigBody>) -> ApiResult {
    if !gw.config.dev_usersig {
        return Err(ApiError::with(
            ErrorCode::PermissionDenied,
            "the dev UserSig endpoint is off (enable dev.usersig_endpoint)",
        ));
    }
    let admin = gw.host.apps().app(q.sdkappid).map(|a| a.admin.clone());
    if admin.as_deref() == Some(body.user_id.as_str()) {
        return Err(ApiError::with(
            ErrorCode::PermissionDenied,
            "the dev UserSig endpoint never signs the app's administrator; sign it with the app secret (liveroom usersig)",
        ));
    }
    let expire = gw.config.dev_usersig_expire;
    let sig = gw
        .host
        .apps()
        .sign(q.sdkappid, &body.user_id, unix_now(), expire)
        .map_err(|e| ApiError::with(auth_error_code(&e), e.to_string()))?;
    Ok(HttpResponse::Ok().json(json!({
        "code": 0,
        "sdkAppID": q.sdkappid,
        "userID": body.user_id,
        "userSig": sig,
        "expire": expire,
        "devOnly": true,
    })))
}
