//! The origin's HTTP handlers (actix-web), TWebLive's paths (tweblive-api.md §9):
//!
//! - `GET /live/<stream>.m3u8` — the LL-HLS media playlist; `?_HLS_msn=M[&_HLS_part=P]`
//!   blocks until that segment / part exists (RFC 8216bis §6.2.5.2);
//! - `GET /live/<stream>/<epoch>-init<N>.mp4`, `<epoch>-<msn>.m4s`, `<epoch>-<msn>.<part>.m4s`
//!   — init, segments and parts, immutable, with ETag and byte ranges; the next part (the
//!   preload hint) blocks until it is published;
//! - `GET /live/<stream>.flv` — HTTP-FLV, chunked, starting at the latest keyframe;
//! - `GET /live/<stream>.jpg` — a JPEG thumbnail of the latest keyframe.
//!
//! Names are validated before anything is looked up: a stream id is 1–128 characters of
//! `[A-Za-z0-9_-]`, media names are parsed into numbers, and anything else is a 404 —
//! no path ever reaches a file system.

use std::pin::Pin;
use std::sync::atomic::Ordering;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;

use actix_web::http::header;
use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse};
use bytes::Bytes;
use futures_core::Stream;
use serde::Deserialize;

use liveroom_telemetry::metrics;

use crate::llhls::TARGET_DURATION;
use crate::origin::{FlvSubscription, LiveStream, Origin, WaitError};
use crate::thumbnail::ThumbnailError;

/// Longest a blocking playlist request waits (three target durations, RFC 8216bis).
const BLOCK_TIMEOUT: Duration = Duration::from_secs(3 * TARGET_DURATION as u64);
/// Longest a request for the next part waits.
const PART_TIMEOUT: Duration = Duration::from_secs(3);
const IMMUTABLE: &str = "public, max-age=31536000, immutable";

/// Whether `id` may be a stream id.
pub fn valid_stream_id(id: &str) -> bool {
    (1..=128).contains(&id.len()) && id.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
}

/// A media file name inside a stream's folder.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MediaName<'a> {
    /// `<epoch>-init<N>.mp4`
    Init(&'a str, u32),
    /// `<epoch>-<msn>.m4s`
    Segment(&'a str, u64),
    /// `<epoch>-<msn>.<part>.m4s`
    Part(&'a str, u64, u32),
}

/// Parses a media file name; `None` for anything else.
pub fn parse_media_name(name: &str) -> Option<MediaName<'_>> {
    let (epoch, rest) = name.split_once('-')?;
    if epoch.is_empty() || epoch.len() > 16 || !epoch.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    let digits = |s: &str| !s.is_empty() && s.len() <= 12 && s.bytes().all(|b| b.is_ascii_digit());
    if let Some(n) = rest.strip_prefix("init").and_then(|r| r.strip_suffix(".mp4")) {
        return if digits(n) { Some(MediaName::Init(epoch, n.parse().ok()?)) } else { None };
    }
    let stem = rest.strip_suffix(".m4s")?;
    match stem.split_once('.') {
        None if digits(stem) => Some(MediaName::Segment(epoch, stem.parse().ok()?)),
        Some((msn, part)) if digits(msn) && digits(part) => {
            Some(MediaName::Part(epoch, msn.parse().ok()?, part.parse().ok()?))
        }
        _ => None,
    }
}

fn not_found() -> HttpResponse {
    HttpResponse::NotFound().content_type("text/plain; charset=utf-8").body("no such stream or media")
}

fn bad_request(message: &'static str) -> HttpResponse {
    HttpResponse::BadRequest().content_type("text/plain; charset=utf-8").body(message)
}

fn count(format: &str, bytes: usize) {
    metrics().cdn.requests.with_label_values(&[format]).inc();
    metrics().cdn.bytes_served.with_label_values(&[format]).inc_by(bytes as u64);
}

#[derive(Debug, Deserialize)]
struct BlockingQuery {
    #[serde(rename = "_HLS_msn")]
    msn: Option<u64>,
    #[serde(rename = "_HLS_part")]
    part: Option<u32>,
}

/// Decrements a gauge when dropped (the request ended, however).
struct GaugeGuard(&'static str);

impl GaugeGuard {
    fn new(format: &'static str) -> Self {
        metrics().cdn.viewers.with_label_values(&[format]).inc();
        Self(format)
    }
}

impl Drop for GaugeGuard {
    fn drop(&mut self) {
        metrics().cdn.viewers.with_label_values(&[self.0]).dec();
    }
}

async fn playlist(req: &HttpRequest, stream: Arc<LiveStream>) -> HttpResponse {
    let query = match web::Query::<BlockingQuery>::from_query(req.query_string()) {
        Ok(q) => q.into_inner(),
        Err(_) => return bad_request("_HLS_msn and _HLS_part must be non-negative integers"),
    };
    let text = match (query.msn, query.part) {
        (None, Some(_)) => return bad_request("_HLS_part needs _HLS_msn"),
        (None, None) => stream.read_playlist(|p| p.render()),
        (Some(msn), part) => {
            if stream.read_playlist(|p| p.too_far_ahead(msn)) {
                return bad_request("_HLS_msn is more than two segments ahead of the playlist");
            }
            let _waiting = GaugeGuard::new("hls");
            match stream.wait_for(BLOCK_TIMEOUT, |p| p.has(msn, part), |p| p.render()).await {
                Ok(text) => text,
                Err(WaitError::Gone) => stream.read_playlist(|p| p.render()),
                Err(WaitError::Timeout) => {
                    return HttpResponse::ServiceUnavailable().body("the requested part did not appear in time")
                }
            }
        }
    };
    let ready = stream.read_playlist(|p| p.last_position().is_some());
    if !ready && !stream.ended() {
        // Live but nothing packaged yet: players retry a 404 for a moment.
        return HttpResponse::NotFound().insert_header((header::RETRY_AFTER, "1")).body("stream starting");
    }
    count("hls", text.len());
    HttpResponse::Ok()
        .content_type("application/vnd.apple.mpegurl")
        // Short: a cache must not hold the live edge back.
        .insert_header((header::CACHE_CONTROL, "public, max-age=1"))
        .body(text)
}

/// Serves immutable media bytes with ETag and single byte ranges.
/// Every media file (init, segment, part) is fragmented MP4.
const MEDIA_TYPE: &str = "video/mp4";

fn media(req: &HttpRequest, body: Bytes, etag: String) -> HttpResponse {
    let etag_value = format!("\"{etag}\"");
    if req.headers().get(header::IF_NONE_MATCH).and_then(|v| v.to_str().ok()) == Some(etag_value.as_str()) {
        return HttpResponse::NotModified()
            .insert_header((header::ETAG, etag_value))
            .insert_header((header::CACHE_CONTROL, IMMUTABLE))
            .finish();
    }
    let total = body.len() as u64;
    // A malformed Range is ignored (RFC 9110 §14.2); an unsatisfiable one is a 416; several
    // ranges get the whole body (allowed, and no multipart for media).
    let range = req
        .headers()
        .get(header::RANGE)
        .and_then(|v| v.to_str().ok())
        .and_then(|r| http_range_header::parse_range_header(r).ok())
        .map(|parsed| parsed.validate(total));
    let single = match range {
        Some(Err(_)) => {
            return HttpResponse::build(StatusCode::RANGE_NOT_SATISFIABLE)
                .insert_header((header::CONTENT_RANGE, format!("bytes */{total}")))
                .finish()
        }
        Some(Ok(ranges)) if ranges.len() == 1 => Some(ranges[0].clone()),
        _ => None,
    };
    if let Some(r) = single {
        let (start, end) = (*r.start(), *r.end());
        let part = body.slice(start as usize..=end as usize);
        count("hls", part.len());
        return HttpResponse::PartialContent()
            .content_type(MEDIA_TYPE)
            .insert_header((header::CONTENT_RANGE, format!("bytes {start}-{end}/{total}")))
            .insert_header((header::ETAG, etag_value))
            .insert_header((header::CACHE_CONTROL, IMMUTABLE))
            .insert_header((header::ACCEPT_RANGES, "bytes"))
            .body(part);
    }
    count("hls", body.len());
    HttpResponse::Ok()
        .content_type(MEDIA_TYPE)
        .insert_header((header::ETAG, etag_value))
        .insert_header((header::CACHE_CONTROL, IMMUTABLE))
        .insert_header((header::ACCEPT_RANGES, "bytes"))
        .body(body)
}

async fn media_file(req: HttpRequest, path: web::Path<(String, String)>, origin: web::Data<Origin>) -> HttpResponse {
    let (id, name) = path.into_inner();
    if !valid_stream_id(&id) {
        return not_found();
    }
    let Some(media_name) = parse_media_name(&name) else { return not_found() };
    let Some(stream) = origin.get(&id) else { return elsewhere(&req, &id).await };
    let epoch = match media_name {
        MediaName::Init(e, _) | MediaName::Segment(e, _) | MediaName::Part(e, _, _) => e,
    };
    if epoch != stream.epoch {
        return not_found();
    }
    let etag = format!("{}-{name}", stream.epoch);
    let found = match media_name {
        MediaName::Init(_, n) => stream.read_playlist(|p| p.init(n)),
        MediaName::Segment(_, msn) => stream.read_playlist(|p| p.segment(msn)),
        MediaName::Part(_, msn, part) => {
            let next = stream.read_playlist(|p| p.is_next_part(msn, part));
            if next {
                let _waiting = GaugeGuard::new("hls");
                // Ends early when the segment completes without this part (it never comes).
                stream
                    .wait_for(
                        PART_TIMEOUT,
                        |p| p.part(msn, part).is_some() || p.segment(msn).is_some(),
                        |p| p.part(msn, part),
                    )
                    .await
                    .ok()
                    .flatten()
            } else {
                stream.read_playlist(|p| p.part(msn, part))
            }
        }
    };
    match found {
        Some(body) => media(&req, body, etag),
        None => not_found(),
    }
}

/// An FLV viewer's response body: the subscription's tags, releasing their bytes from the
/// viewer's budget as the connection takes them.
struct FlvBody {
    sub: FlvSubscription,
    _viewer: GaugeGuard,
}

impl Stream for FlvBody {
    type Item = Result<Bytes, std::convert::Infallible>;
    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        match self.sub.tags.poll_recv(cx) {
            Poll::Ready(Some(tag)) => {
                self.sub.queued.fetch_sub(tag.len(), Ordering::Relaxed);
                metrics().cdn.bytes_served.with_label_values(&["flv"]).inc_by(tag.len() as u64);
                Poll::Ready(Some(Ok(tag)))
            }
            Poll::Ready(None) => Poll::Ready(None),
            Poll::Pending => Poll::Pending,
        }
    }
}

fn flv(stream: &LiveStream) -> HttpResponse {
    let Some(sub) = stream.subscribe_flv() else {
        return HttpResponse::NotFound().insert_header((header::RETRY_AFTER, "1")).body("stream not live yet");
    };
    metrics().cdn.requests.with_label_values(&["flv"]).inc();
    HttpResponse::Ok()
        .content_type("video/x-flv")
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .streaming(FlvBody { sub, _viewer: GaugeGuard::new("flv") })
}

/// `GET /live/<stream>.jpg`: a JPEG of the stream's latest keyframe (made at most every
/// few seconds, only when asked; see [`crate::thumbnail`]). 404 while there is none or
/// once the stream ended, 503 when every decode slot stays busy.
async fn thumbnail(origin: &Origin, stream: &LiveStream) -> HttpResponse {
    if stream.ended() {
        return not_found();
    }
    let key = format!("{}/{}", stream.id, stream.epoch);
    match origin.thumbnails.get(&key, stream.keyframe(), std::time::Instant::now()).await {
        Ok((jpeg, _)) => {
            count("jpg", jpeg.len());
            HttpResponse::Ok()
                .content_type("image/jpeg")
                .insert_header((header::CACHE_CONTROL, "public, max-age=2"))
                .body(jpeg)
        }
        Err(ThumbnailError::NoKeyframe) => not_found(),
        Err(ThumbnailError::Busy) => HttpResponse::ServiceUnavailable()
            .insert_header((header::RETRY_AFTER, "1"))
            .content_type("text/plain")
            .body("busy making thumbnails"),
        Err(e) => {
            tracing::debug!(stream = stream.id, error = %e, "no thumbnail");
            not_found()
        }
    }
}

async fn live(req: HttpRequest, name: web::Path<String>, origin: web::Data<Origin>) -> HttpResponse {
    let name = name.into_inner();
    let (id, kind) = match name.rsplit_once('.') {
        Some((id, "m3u8")) => (id, "m3u8"),
        Some((id, "flv")) => (id, "flv"),
        Some((id, "jpg")) => (id, "jpg"),
        _ => return not_found(),
    };
    if !valid_stream_id(id) {
        return not_found();
    }
    let Some(stream) = origin.get(id) else { return elsewhere(&req, id).await };
    if kind == "jpg" {
        return thumbnail(&origin, &stream).await;
    }
    if kind == "flv" {
        if stream.ended() {
            return not_found();
        }
        return flv(&stream);
    }
    playlist(&req, stream).await
}

/// Registers the origin routes (GET and HEAD) on an actix-web app.
pub fn configure(origin: Arc<Origin>) -> impl FnOnce(&mut web::ServiceConfig) {
    configure_with(origin, None)
}

/// Answers requests for streams this origin does not have (in a cluster, by fetching them
/// from the node that packages them). Gets the request and the validated stream id.
pub type Elsewhere = Arc<
    dyn Fn(HttpRequest, String) -> std::pin::Pin<Box<dyn std::future::Future<Output = HttpResponse>>> + Send + Sync,
>;

struct Fallback(Option<Elsewhere>);

async fn elsewhere(req: &HttpRequest, id: &str) -> HttpResponse {
    match req.app_data::<web::Data<Fallback>>().and_then(|f| f.0.clone()) {
        Some(f) => f(req.clone(), id.to_owned()).await,
        None => not_found(),
    }
}

/// As [`configure`], with `fallback` for streams that are not here.
pub fn configure_with(origin: Arc<Origin>, fallback: Option<Elsewhere>) -> impl FnOnce(&mut web::ServiceConfig) {
    move |cfg| {
        let get_or_head =
            || web::route().guard(actix_web::guard::Any(actix_web::guard::Get()).or(actix_web::guard::Head()));
        cfg.app_data(web::Data::from(origin))
            .app_data(web::Data::new(Fallback(fallback)))
            .route("/live/{name}", get_or_head().to(live))
            .route("/live/{id}/{file}", get_or_head().to(media_file));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_validated() {
        assert!(valid_stream_id("1400000000_1001_anna_main"));
        for bad in ["", "..", "a/b", "a.b", "%2e%2e", &"x".repeat(129)] {
            assert!(!valid_stream_id(bad), "{bad}");
        }
        assert_eq!(parse_media_name("ab12-init0.mp4"), Some(MediaName::Init("ab12", 0)));
        assert_eq!(parse_media_name("ab12-15.m4s"), Some(MediaName::Segment("ab12", 15)));
        assert_eq!(parse_media_name("ab12-15.3.m4s"), Some(MediaName::Part("ab12", 15, 3)));
        for bad in [
            "ab12-..m4s",
            "-1.m4s",
            "zz-1.m4s",
            "ab12-1.m4s.mp4",
            "ab12-init.mp4",
            "ab12-1.2.3.m4s",
            "ab12-99999999999999.m4s",
        ] {
            assert_eq!(parse_media_name(bad), None, "{bad}");
        }
    }
}
