//! Images sent in chat (`IM.sendImageMessage`): the upload (`POST
//! /api/rooms/{room}/images`), the files on disk, and their serving
//! (`GET /images/{node}/{app}/{room}/{file}`, proxied to the node that holds them).
//!
//! Owns: [`ImageStore`] (the folder, the per-room and per-node bounds, the sweep of rooms
//! that are gone), content checks (the type is read from the bytes: JPEG, PNG, GIF, WebP;
//! dimensions from the header with `imagesize`, never decoded here) and the token that lets
//! exactly that upload be sent as a message ([`liveroom_auth::image_token`]).
//!
//! An image lives on the node that took the upload; its URL names that node, and any node
//! answers for it by proxying there. Files are named by a random id and never change, so
//! they are served as immutable for a year.
//!
//! Must not: decode images, serve anything but the files it wrote (every path part is
//! checked against what it writes), or hold an upload in memory beyond the size cap.

use std::collections::HashMap;
use std::net::IpAddr;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

use actix_web::http::header;
use actix_web::{web, HttpRequest, HttpResponse};
use futures_util::StreamExt;
use liveroom_auth::ImageClaims;
use liveroom_node::creation_rate::Buckets;
use liveroom_protocol::message::image_format;
use liveroom_protocol::{ErrorCode, RoomId};
use liveroom_telemetry::metrics;
use parking_lot::Mutex;
use serde_json::json;

use crate::{ApiError, Gateway};

/// Uploads one user may make a minute on a node.
pub const UPLOADS_PER_USER_PER_MINUTE: u32 = 20;
/// Uploads one client address may make a minute on a node.
pub const UPLOADS_PER_ADDR_PER_MINUTE: u32 = 60;
/// Largest width or height taken (a browser decodes what it is sent: no pixel bombs).
pub const MAX_SIDE: u32 = 16_384;
/// Most pixels taken.
pub const MAX_PIXELS: u64 = 40_000_000;

/// Settings (`[chat]` `image_max_bytes`, `images_per_room`, `image_store_max_mb`).
#[derive(Debug, Clone)]
pub struct ImageConfig {
    /// The folder (`<data dir>/images`); `None`: uploads are refused (no usable folder).
    pub dir: Option<PathBuf>,
    /// Largest upload, bytes.
    pub max_bytes: u64,
    /// Most images one room keeps on a node.
    pub per_room: u32,
    /// Most bytes the node keeps in all.
    pub store_max_bytes: u64,
}

impl Default for ImageConfig {
    fn default() -> Self {
        Self { dir: None, max_bytes: 5 * 1024 * 1024, per_room: 500, store_max_bytes: 2048 * 1024 * 1024 }
    }
}

/// An image type, from its first bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Jpeg,
    Png,
    Gif,
    Webp,
}

impl Kind {
    fn sniff(bytes: &[u8]) -> Option<Kind> {
        if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
            Some(Kind::Jpeg)
        } else if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
            Some(Kind::Png)
        } else if bytes.starts_with(b"GIF87a") || bytes.starts_with(b"GIF89a") {
            Some(Kind::Gif)
        } else if bytes.len() >= 12 && &bytes[..4] == b"RIFF" && &bytes[8..12] == b"WEBP" {
            Some(Kind::Webp)
        } else {
            None
        }
    }

    fn extension(self) -> &'static str {
        match self {
            Kind::Jpeg => "jpg",
            Kind::Png => "png",
            Kind::Gif => "gif",
            Kind::Webp => "webp",
        }
    }

    fn from_extension(ext: &str) -> Option<Kind> {
        [Kind::Jpeg, Kind::Png, Kind::Gif, Kind::Webp].into_iter().find(|k| k.extension() == ext)
    }

    fn mime(self) -> &'static str {
        match self {
            Kind::Jpeg => "image/jpeg",
            Kind::Png => "image/png",
            Kind::Gif => "image/gif",
            Kind::Webp => "image/webp",
        }
    }

    fn tim_format(self) -> u8 {
        match self {
            Kind::Jpeg => image_format::JPG,
            Kind::Png => image_format::PNG,
            Kind::Gif => image_format::GIF,
            Kind::Webp => image_format::OTHER,
        }
    }

    fn matches(self, detected: imagesize::ImageType) -> bool {
        matches!(
            (self, detected),
            (Kind::Jpeg, imagesize::ImageType::Jpeg)
                | (Kind::Png, imagesize::ImageType::Png)
                | (Kind::Gif, imagesize::ImageType::Gif)
                | (Kind::Webp, imagesize::ImageType::Webp)
        )
    }
}

/// Why an upload's bytes are refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ContentError {
    /// Not JPEG, PNG, GIF or WebP by its bytes.
    #[error("not a JPEG, PNG, GIF or WebP image (the type is read from the content, not the name)")]
    UnknownType,
    /// The header does not parse.
    #[error("the image's header is damaged: {0}")]
    Damaged(String),
    /// Too many pixels.
    #[error("the image is {0}x{1}: at most {MAX_SIDE} pixels a side and {MAX_PIXELS} in all")]
    TooLarge(u32, u32),
}

/// What the bytes are: type and dimensions.
fn inspect(bytes: &[u8]) -> Result<(Kind, u32, u32), ContentError> {
    let kind = Kind::sniff(bytes).ok_or(ContentError::UnknownType)?;
    let detected = imagesize::image_type(bytes).map_err(|e| ContentError::Damaged(e.to_string()))?;
    if !kind.matches(detected) {
        return Err(ContentError::UnknownType);
    }
    let size = imagesize::blob_size(bytes).map_err(|e| ContentError::Damaged(e.to_string()))?;
    let (w, h) = (u32::try_from(size.width).unwrap_or(u32::MAX), u32::try_from(size.height).unwrap_or(u32::MAX));
    if w == 0 || h == 0 {
        return Err(ContentError::Damaged("zero width or height".into()));
    }
    if w > MAX_SIDE || h > MAX_SIDE || u64::from(w) * u64::from(h) > MAX_PIXELS {
        return Err(ContentError::TooLarge(w, h));
    }
    Ok((kind, w, h))
}

/// A room's folder name: the id in hex (room ids may hold characters a path must not).
fn room_folder(room: &RoomId) -> String {
    room.as_str().bytes().map(|b| format!("{b:02x}")).collect()
}

fn room_from_folder(name: &str) -> Option<RoomId> {
    if !name.len().is_multiple_of(2) || !name.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    let bytes: Option<Vec<u8>> =
        (0..name.len()).step_by(2).map(|i| u8::from_str_radix(&name[i..i + 2], 16).ok()).collect();
    RoomId::new(&String::from_utf8(bytes?).ok()?).ok()
}

/// A file name the store writes: 32 lowercase hex digits and a known extension.
fn parse_file(name: &str) -> Option<(&str, Kind)> {
    let (id, ext) = name.split_once('.')?;
    let ok = id.len() == 32 && id.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b));
    Some((id, Kind::from_extension(ext)?)).filter(|_| ok)
}

fn valid_node(node: &str) -> bool {
    !node.is_empty()
        && node.len() <= 64
        && node.bytes().all(|b| b.is_ascii_alphanumeric() || b"-_.".contains(&b))
        && node != "."
        && node != ".."
}

/// The node's images. See the module docs.
pub struct ImageStore {
    config: ImageConfig,
    /// Bytes on disk, counted at start and on each write and removal.
    stored: AtomicU64,
    /// Images per room (app, room folder), counted from disk on first use.
    per_room: Mutex<HashMap<(u64, String), u32>>,
    by_user: Buckets<(u64, String)>,
    by_addr: Buckets<IpAddr>,
}

impl ImageStore {
    /// A store over `config.dir` (created if missing; what is there is counted).
    pub fn new(config: ImageConfig) -> Self {
        let mut config = config;
        let mut stored = 0;
        if let Some(dir) = &config.dir {
            match std::fs::create_dir_all(dir) {
                Ok(()) => stored = folder_bytes(dir, 3),
                Err(e) => {
                    tracing::warn!(dir = %dir.display(), error = %e, "the image folder cannot be created: image uploads are refused (set server.data_dir)");
                    config.dir = None;
                }
            }
        }
        Self {
            config,
            stored: AtomicU64::new(stored),
            per_room: Mutex::default(),
            by_user: Buckets::per_minute(UPLOADS_PER_USER_PER_MINUTE),
            by_addr: Buckets::per_minute(UPLOADS_PER_ADDR_PER_MINUTE),
        }
    }

    fn room_dir(&self, sdkappid: u64, room: &RoomId) -> Option<PathBuf> {
        Some(self.config.dir.as_ref()?.join(sdkappid.to_string()).join(room_folder(room)))
    }

    fn room_count(&self, sdkappid: u64, room: &RoomId, dir: &Path) -> u32 {
        let key = (sdkappid, room_folder(room));
        *self
            .per_room
            .lock()
            .entry(key)
            .or_insert_with(|| std::fs::read_dir(dir).map(|d| d.filter_map(Result::ok).count() as u32).unwrap_or(0))
    }

    /// Removes the images of rooms the directory no longer has (expired, destroyed):
    /// `exists` answers for one room; rooms it cannot answer for are kept. Returns how
    /// many rooms' images went.
    pub async fn sweep<F, Fut>(&self, exists: F) -> usize
    where
        F: Fn(u64, RoomId) -> Fut,
        Fut: std::future::Future<Output = Option<bool>>,
    {
        let Some(dir) = &self.config.dir else { return 0 };
        let mut removed = 0;
        let Ok(apps) = std::fs::read_dir(dir) else { return 0 };
        for app in apps.filter_map(Result::ok).take(10_000) {
            let Some(sdkappid) = app.file_name().to_str().and_then(|s| s.parse::<u64>().ok()) else { continue };
            let Ok(rooms) = std::fs::read_dir(app.path()) else { continue };
            for room in rooms.filter_map(Result::ok).take(100_000) {
                let name = room.file_name().to_string_lossy().into_owned();
                let Some(id) = room_from_folder(&name) else { continue };
                if exists(sdkappid, id).await == Some(false) {
                    let bytes = folder_bytes(&room.path(), 1);
                    if std::fs::remove_dir_all(room.path()).is_ok() {
                        self.stored.fetch_sub(bytes.min(self.stored.load(Ordering::Relaxed)), Ordering::Relaxed);
                        self.per_room.lock().remove(&(sdkappid, name));
                        removed += 1;
                    }
                }
            }
        }
        removed
    }
}

/// Bytes of the files under `dir`, `depth` folders down.
fn folder_bytes(dir: &Path, depth: u32) -> u64 {
    let Ok(entries) = std::fs::read_dir(dir) else { return 0 };
    entries
        .filter_map(Result::ok)
        .map(|e| match e.metadata() {
            Ok(m) if m.is_file() => m.len(),
            Ok(m) if m.is_dir() && depth > 0 => folder_bytes(&e.path(), depth - 1),
            _ => 0,
        })
        .sum()
}

fn refuse(label: &str, code: ErrorCode, message: impl Into<String>) -> ApiError {
    metrics().chat.images.with_label_values(&[label]).inc();
    ApiError::with(code, message)
}

/// `POST /api/rooms/{room}/images`: the request body is the image. Who may: any user of
/// the app with a valid UserSig, into a room that exists; bounded per user and per
/// address a minute, per room and per node. Answers TIM's image payload and the token
/// `sendImage` takes with it.
pub(crate) async fn upload(
    gw: web::Data<Gateway>,
    req: HttpRequest,
    q: web::Query<crate::api::AuthQuery>,
    path: web::Path<String>,
    mut body: web::Payload,
) -> Result<HttpResponse, ApiError> {
    let store = &gw.images;
    let caller = crate::api::authenticate(&gw, &q)?;
    let room = crate::api::room_id(&path)?;
    let addr = crate::limits::client_addr(&req, &gw.config.limits.exempt);
    if !store.by_user.allow(&(q.sdkappid, caller.user_id.clone())) || addr.is_some_and(|a| !store.by_addr.allow(&a)) {
        return Err(refuse(
            "rate",
            ErrorCode::RateLimited,
            format!(
                "at most {UPLOADS_PER_USER_PER_MINUTE} image uploads a minute per user and {UPLOADS_PER_ADDR_PER_MINUTE} per address"
            ),
        ));
    }
    let record = gw
        .host
        .directory()
        .get_room(q.sdkappid, &room)
        .await
        .map_err(|e| ApiError::with(ErrorCode::Busy, e.to_string()))?;
    if record.is_none() {
        return Err(ApiError::code(ErrorCode::RoomNotFound));
    }
    let Some(dir) = store.room_dir(q.sdkappid, &room) else {
        return Err(refuse(
            "unavailable",
            ErrorCode::Busy,
            "this server keeps no images: its data folder is not usable (server.data_dir)",
        ));
    };
    let max = store.config.max_bytes;
    let declared = req.headers().get(header::CONTENT_LENGTH).and_then(|v| v.to_str().ok()?.parse::<u64>().ok());
    if declared.is_some_and(|n| n > max) {
        return Err(too_big(max));
    }
    if store.stored.load(Ordering::Relaxed) + declared.unwrap_or(max) > store.config.store_max_bytes {
        return Err(refuse("store_full", ErrorCode::Busy, "this server's image store is full; try again later"));
    }
    if store.room_count(q.sdkappid, &room, &dir) >= store.config.per_room {
        return Err(refuse(
            "room_full",
            ErrorCode::QuotaExceeded,
            format!("this room keeps at most {} images", store.config.per_room),
        ));
    }
    let mut bytes = web::BytesMut::new();
    while let Some(chunk) = body.next().await {
        let chunk = chunk.map_err(|e| ApiError::with(ErrorCode::InvalidParameter, format!("reading the body: {e}")))?;
        if bytes.len() as u64 + chunk.len() as u64 > max {
            return Err(too_big(max));
        }
        bytes.extend_from_slice(&chunk);
    }
    if bytes.is_empty() {
        return Err(refuse(
            "invalid",
            ErrorCode::InvalidParameter,
            "the request body is empty: send the image's bytes",
        ));
    }
    let (kind, width, height) = inspect(&bytes).map_err(|e| {
        let code =
            if e == ContentError::UnknownType { ErrorCode::UnsupportedMediaType } else { ErrorCode::InvalidParameter };
        refuse("invalid", code, e.to_string())
    })?;
    let uuid = format!("{:032x}", rand::random::<u128>());
    let file = format!("{uuid}.{}", kind.extension());
    let size = bytes.len() as u64;
    let write_dir = dir.clone();
    let write_name = file.clone();
    web::block(move || {
        std::fs::create_dir_all(&write_dir)?;
        let tmp = write_dir.join(format!(".{write_name}.part"));
        std::fs::write(&tmp, &bytes)?;
        std::fs::rename(&tmp, write_dir.join(&write_name))
    })
    .await
    .map_err(|e| ApiError::with(ErrorCode::Internal, e.to_string()))?
    .map_err(|e| {
        tracing::warn!(error = %e, "an image could not be written");
        refuse("write_failed", ErrorCode::Busy, "the image could not be stored")
    })?;
    store.stored.fetch_add(size, Ordering::Relaxed);
    *store.per_room.lock().entry((q.sdkappid, room_folder(&room))).or_default() += 1;
    let node = &gw.host.directory().local_node().0;
    let url = format!("/images/{node}/{}/{}/{file}", q.sdkappid, room_folder(&room));
    let format = kind.tim_format();
    let claims = ImageClaims {
        sdkappid: q.sdkappid,
        room: room.as_str(),
        user: &caller.user_id,
        uuid: &uuid,
        url: &url,
        format,
        width,
        height,
        size,
    };
    let token = gw.host.apps().sign_image(&claims).ok_or_else(|| ApiError::code(ErrorCode::UnknownApp))?;
    metrics().chat.images.with_label_values(&["stored"]).inc();
    // TIM's image payload as a message carries it, and the token.
    let payload = liveroom_protocol::MessagePayload::image(uuid, format, url, width, height, size);
    let mut answer = serde_json::to_value(&payload).map_err(|e| ApiError::with(ErrorCode::Internal, e.to_string()))?;
    let mut answer = answer["payload"].take();
    answer["token"] = json!(token);
    Ok(HttpResponse::Created().json(answer))
}

fn too_big(max: u64) -> ApiError {
    refuse("too_large", ErrorCode::MessageTooLong, format!("the image is larger than {max} bytes"))
        .with_status(actix_web::http::StatusCode::PAYLOAD_TOO_LARGE)
}

fn not_found() -> HttpResponse {
    HttpResponse::NotFound().content_type("text/plain; charset=utf-8").body("no such image")
}

/// `GET /images/{node}/{app}/{room}/{file}`: anyone may read (the URL is the capability,
/// as TIM's image URLs); the file from here, or proxied from the node that holds it.
pub(crate) async fn serve(
    gw: web::Data<Gateway>,
    req: HttpRequest,
    path: web::Path<(String, String, String, String)>,
) -> HttpResponse {
    let (node, app, room, file) = path.into_inner();
    let (Some(sdkappid), Some(_), Some((_, kind))) =
        (app.parse::<u64>().ok(), room_from_folder(&room), parse_file(&file))
    else {
        return not_found();
    };
    if !valid_node(&node) {
        return not_found();
    }
    let local = gw.host.directory().local_node();
    if node != local.0 {
        return crate::cdn_proxy::forward(&gw.host, &req, &liveroom_cluster::NodeId(node))
            .await
            .unwrap_or_else(not_found);
    }
    let Some(dir) = &gw.images.config.dir else { return not_found() };
    let full = dir.join(sdkappid.to_string()).join(&room).join(&file);
    let etag = format!("\"{file}\"");
    if req.headers().get(header::IF_NONE_MATCH).is_some_and(|v| v.as_bytes() == etag.as_bytes()) {
        return HttpResponse::NotModified().insert_header((header::ETAG, etag)).finish();
    }
    match web::block(move || std::fs::read(full)).await {
        Ok(Ok(bytes)) => HttpResponse::Ok()
            .content_type(kind.mime())
            .insert_header((header::CACHE_CONTROL, "public, max-age=31536000, immutable"))
            .insert_header((header::ETAG, etag))
            .insert_header((header::X_CONTENT_TYPE_OPTIONS, "nosniff"))
            .insert_header((header::CONTENT_SECURITY_POLICY, "default-src 'none'; sandbox"))
            .insert_header((header::CROSS_ORIGIN_RESOURCE_POLICY, "cross-origin"))
            .body(bytes),
        _ => not_found(),
    }
}

/// Sweeps the images of rooms that are gone every `every` (after the first wait).
pub fn spawn_sweeper(gw: Arc<Gateway>, every: std::time::Duration) {
    actix::spawn(async move {
        let mut tick = actix::clock::interval(every);
        tick.tick().await;
        loop {
            tick.tick().await;
            let directory = gw.host.directory().clone();
            let removed = gw
                .images
                .sweep(|sdkappid, room| {
                    let directory = directory.clone();
                    async move { directory.get_room(sdkappid, &room).await.ok().map(|r| r.is_some()) }
                })
                .await;
            if removed > 0 {
                tracing::info!(rooms = removed, "removed the images of rooms that are gone");
            }
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    const PNG_1X1: &[u8] = &[
        0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44, 0x52, 0x00, 0x00,
        0x00, 0x03, 0x00, 0x00, 0x00, 0x02, 0x08, 0x06, 0x00, 0x00, 0x00,
    ];

    #[test]
    fn the_type_comes_from_the_bytes_and_the_size_from_the_header() {
        assert_eq!(inspect(PNG_1X1), Ok((Kind::Png, 3, 2)));
        assert_eq!(inspect(b"<svg xmlns='http://www.w3.org/2000/svg'/>"), Err(ContentError::UnknownType));
        assert!(matches!(inspect(b"GIF89a"), Err(ContentError::Damaged(_))), "a header cut short");
        assert_eq!(inspect(b"\xFF\xD8\xFFnot really"), inspect(b"\xFF\xD8\xFFnot really"));
        let mut huge = PNG_1X1.to_vec();
        huge[16..20].copy_from_slice(&20_000u32.to_be_bytes());
        assert_eq!(inspect(&huge), Err(ContentError::TooLarge(20_000, 2)));
        let mut zero = PNG_1X1.to_vec();
        zero[16..20].copy_from_slice(&0u32.to_be_bytes());
        assert!(matches!(inspect(&zero), Err(ContentError::Damaged(_))));
    }

    proptest::proptest! {
        /// Any bytes: no panic; whatever is taken starts with its type's magic and has
        /// bounded, non-zero dimensions.
        #[test]
        fn any_upload_is_judged_without_panicking(prefix in 0usize..4, body in proptest::collection::vec(proptest::num::u8::ANY, 0..256)) {
            let magic: [&[u8]; 4] = [b"\xFF\xD8\xFF", b"\x89PNG\r\n\x1a\n", b"GIF89a", b"RIFF\0\0\0\0WEBPVP8 "];
            let mut bytes = magic[prefix].to_vec();
            bytes.extend(body);
            if let Ok((kind, w, h)) = inspect(&bytes) {
                proptest::prop_assert_eq!(Kind::sniff(&bytes), Some(kind));
                proptest::prop_assert!(w > 0 && h > 0 && w <= MAX_SIDE && h <= MAX_SIDE);
                proptest::prop_assert!(u64::from(w) * u64::from(h) <= MAX_PIXELS);
            }
        }
    }

    #[actix_web::test]
    async fn the_sweep_removes_the_images_of_rooms_that_are_gone_and_keeps_the_rest() {
        let dir = std::env::temp_dir().join(format!("liveroom-images-{:x}", rand::random::<u64>()));
        let config = ImageConfig { dir: Some(dir.clone()), ..ImageConfig::default() };
        let (kept, gone, unknown) =
            (RoomId::new("kept").unwrap(), RoomId::new("gone").unwrap(), RoomId::new("u").unwrap());
        for room in [&kept, &gone, &unknown] {
            let folder = dir.join("7").join(room_folder(room));
            std::fs::create_dir_all(&folder).unwrap();
            std::fs::write(folder.join("0123456789abcdef0123456789abcdef.png"), [0u8; 100]).unwrap();
        }
        std::fs::create_dir_all(dir.join("not-an-app")).unwrap();
        let store = ImageStore::new(config);
        assert_eq!(store.stored.load(Ordering::Relaxed), 300, "what is on disk is counted at start");
        let removed = store
            .sweep(|app, room| {
                let answer = match room.as_str() {
                    "kept" => Some(true),
                    "gone" => Some(false),
                    _ => None, // the directory did not answer: kept
                };
                async move {
                    assert_eq!(app, 7);
                    answer
                }
            })
            .await;
        assert_eq!(removed, 1);
        assert!(!dir.join("7").join(room_folder(&gone)).exists());
        assert!(dir.join("7").join(room_folder(&kept)).exists() && dir.join("7").join(room_folder(&unknown)).exists());
        assert_eq!(store.stored.load(Ordering::Relaxed), 200);
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn paths_are_only_what_the_store_writes() {
        let room = RoomId::new("room 1/..").unwrap_or_else(|_| RoomId::new("r-1").unwrap());
        assert_eq!(room_from_folder(&room_folder(&room)), Some(room));
        assert_eq!(room_from_folder("2e2e"), RoomId::new("..").ok());
        assert_eq!(room_from_folder("zz"), None);
        assert!(parse_file("0123456789abcdef0123456789abcdef.png").is_some());
        for bad in ["../x.png", "0123456789abcdef0123456789abcdef.svg", "0123456789ABCDEF0123456789abcdef.png", "x.png"]
        {
            assert!(parse_file(bad).is_none(), "{bad}");
        }
        assert!(valid_node("node-a") && !valid_node("..") && !valid_node("a/b") && !valid_node(""));
    }
}
