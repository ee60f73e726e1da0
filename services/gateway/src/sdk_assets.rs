//! The browser SDK, embedded in the binary so `liveroom serve` needs no build step:
//! `/sdk/tweblive.js` (script tag, global `TWebLive`) and `/sdk/tweblive.esm.js` (ES module).
//! Built from `web/sdk/src` by `web/sdk/build.mjs`; the test command checks they match.

use actix_web::http::header;
use actix_web::{web, HttpRequest, HttpResponse};

const SCRIPT: &str = include_str!("../../../web/sdk/dist/tweblive.js");
const MODULE: &str = include_str!("../../../web/sdk/dist/tweblive.esm.js");

/// A weak validator that changes with the content (FNV-1a of the bytes).
fn etag(body: &str) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in body.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    format!("\"{h:016x}\"")
}

fn serve(req: &HttpRequest, body: &'static str) -> HttpResponse {
    let tag = etag(body);
    let matches = req.headers().get(header::IF_NONE_MATCH).and_then(|v| v.to_str().ok()) == Some(tag.as_str());
    let mut res = if matches { HttpResponse::NotModified() } else { HttpResponse::Ok() };
    res.content_type("text/javascript; charset=utf-8")
        // Short: a server upgrade must reach browsers soon; the ETag makes revalidation cheap.
        .insert_header((header::CACHE_CONTROL, "public, max-age=300"))
        .insert_header((header::ETAG, tag));
    if matches {
        res.finish()
    } else {
        res.body(body)
    }
}

pub(crate) fn configure(cfg: &mut web::ServiceConfig) {
    cfg.route("/sdk/tweblive.js", web::get().to(|req: HttpRequest| async move { serve(&req, SCRIPT) }))
        .route("/sdk/tweblive.esm.js", web::get().to(|req: HttpRequest| async move { serve(&req, MODULE) }));
}
