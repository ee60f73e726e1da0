//! The browser SDK (`/sdk/tweblive.js`, `/sdk/tweblive.esm.js`) and the demo app (`/`),
//! embedded in the binary at compile time (see `build.rs`) so `liveroom serve` needs no
//! build step. The SDK is built from `web/sdk/src` by `web/sdk/build.mjs`; the test command
//! checks the checked-in bundles match their sources.
//!
//! Development: with `dev.web_dir` (or `LIVEROOM_WEB_DIR`) set to a `web/` folder, files are
//! read from disk instead (`sdk/dist/...`, `demo/dist/...` or `demo/...`), so page edits
//! show without rebuilding. Paths are checked component by component: nothing outside
//! that folder can be named.

use std::path::{Component, Path, PathBuf};

use actix_web::http::header;
use actix_web::{web, HttpRequest, HttpResponse};

use crate::Gateway;

/// An embedded file: URL path, content, its gzip (when smaller by enough to matter), ETag.
type Asset = (&'static str, &'static [u8], Option<&'static [u8]>, &'static str);

include!(concat!(env!("OUT_DIR"), "/web_assets.rs"));

/// Longest URL path looked up (longer is no file of ours).
const MAX_PATH: usize = 256;

fn content_type(path: &str) -> String {
    let mime = mime_guess::from_path(path).first_or_octet_stream();
    match mime.type_() {
        mime_guess::mime::TEXT | mime_guess::mime::APPLICATION
            if mime.subtype() != mime_guess::mime::OCTET_STREAM && mime.get_param("charset").is_none() =>
        {
            format!("{mime}; charset=utf-8")
        }
        _ => mime.to_string(),
    }
    .replace("application/javascript", "text/javascript")
}

/// Whether the client takes gzip (`Accept-Encoding`, ignoring q-values other than 0).
fn accepts_gzip(req: &HttpRequest) -> bool {
    req.headers().get_all(header::ACCEPT_ENCODING).filter_map(|v| v.to_str().ok()).flat_map(|v| v.split(',')).any(|e| {
        let mut parts = e.split(';');
        let name = parts.next().unwrap_or("").trim();
        let refused = parts.any(|p| matches!(p.trim(), "q=0" | "q=0.0" | "q=0.00" | "q=0.000"));
        (name.eq_ignore_ascii_case("gzip") || name == "*") && !refused
    })
}

/// A file's bytes: as stored, or gzip-compressed (`Content-Encoding: gzip`).
struct Body {
    bytes: Vec<u8>,
    gzip: bool,
}

fn respond(req: &HttpRequest, path: &str, body: Body, etag: String) -> HttpResponse {
    // The compressed variant is another representation: its own validator.
    let etag = if body.gzip { format!("{}-gz\"", etag.trim_end_matches('"')) } else { etag };
    let matches = req.headers().get(header::IF_NONE_MATCH).and_then(|v| v.to_str().ok()) == Some(etag.as_str());
    let mut res = if matches { HttpResponse::NotModified() } else { HttpResponse::Ok() };
    // Pages revalidate every time (they name the other files); the rest briefly, so a
    // server upgrade reaches browsers soon. The ETag makes revalidation cheap.
    let cache = if path.ends_with(".html") { "no-cache" } else { "public, max-age=300" };
    res.content_type(content_type(path))
        .insert_header((header::CACHE_CONTROL, cache))
        .insert_header((header::ETAG, etag))
        .insert_header((header::VARY, "Accept-Encoding"))
        .insert_header((header::X_CONTENT_TYPE_OPTIONS, "nosniff"));
    if body.gzip {
        res.insert_header((header::CONTENT_ENCODING, "gzip"));
    }
    if matches {
        res.finish()
    } else {
        res.body(body.bytes)
    }
}

/// `url` as a path under `root`, or `None` if it leaves it or names a hidden file.
fn on_disk(root: &Path, url: &str) -> Option<PathBuf> {
    let relative = Path::new(url.trim_start_matches('/'));
    let mut path = root.to_path_buf();
    for part in relative.components() {
        match part {
            Component::Normal(p) if !p.to_string_lossy().starts_with('.') => path.push(p),
            _ => return None,
        }
    }
    Some(path)
}

fn from_disk(root: &Path, url: &str) -> Option<(Vec<u8>, String)> {
    let path = match url.strip_prefix("/sdk/") {
        Some(rest) => on_disk(&root.join("sdk/dist"), rest)?,
        None => {
            let dist = root.join("demo/dist");
            let base = if dist.is_dir() { dist } else { root.join("demo") };
            on_disk(&base, url)?
        }
    };
    let body = std::fs::read(path).ok()?;
    // Development only: a validator that changes with the content is enough.
    let etag = format!("\"{:016x}-{}\"", body.len(), body.iter().fold(0u64, |h, b| h.rotate_left(5) ^ u64::from(*b)));
    Some((body, etag))
}

async fn serve(req: HttpRequest, gw: web::Data<Gateway>) -> HttpResponse {
    let raw = req.path();
    let url = if raw == "/" { "/index.html" } else { raw };
    if url.len() > MAX_PATH {
        return HttpResponse::NotFound().body("not found");
    }
    let found = match &gw.config.web_dir {
        Some(root) => from_disk(root, url).map(|(bytes, tag)| (Body { bytes, gzip: false }, tag)),
        None => EMBEDDED.iter().find(|(p, _, _, _)| *p == url).map(|(_, plain, gz, tag)| {
            let body = match gz {
                Some(gz) if accepts_gzip(&req) => Body { bytes: gz.to_vec(), gzip: true },
                _ => Body { bytes: plain.to_vec(), gzip: false },
            };
            (body, (*tag).to_owned())
        }),
    };
    match found {
        Some((body, etag)) => respond(&req, url, body, etag),
        None => HttpResponse::NotFound().content_type("text/plain; charset=utf-8").body("not found"),
    }
}

/// Registers the catch-all route: call last, after every API route.
pub(crate) fn configure(cfg: &mut web::ServiceConfig) {
    cfg.route("/", web::get().to(serve)).route("/{path:.*}", web::get().to(serve));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn disk_paths_stay_inside_the_root() {
        let root = Path::new("/srv/web");
        assert_eq!(on_disk(root, "/a/b.js"), Some(PathBuf::from("/srv/web/a/b.js")));
        assert_eq!(on_disk(root, "/../etc/passwd"), None);
        assert_eq!(on_disk(root, "/a/../../x"), None);
        assert_eq!(on_disk(root, "/.git/config"), None);
    }

    #[test]
    fn the_sdk_bundles_are_embedded() {
        assert!(EMBEDDED.iter().any(|(p, body, _, _)| *p == "/sdk/tweblive.js" && !body.is_empty()));
        assert!(EMBEDDED.iter().any(|(p, _, _, _)| *p == "/sdk/tweblive.esm.js"));
        assert!(!EMBEDDED.iter().any(|(p, _, _, _)| p.contains("node_modules") || p.ends_with(".mjs")));
        let (_, plain, gz, _) = EMBEDDED.iter().find(|(p, _, _, _)| *p == "/sdk/tweblive.js").unwrap();
        let gz = gz.expect("the SDK bundle is stored compressed too");
        let mut unpacked = Vec::new();
        std::io::Read::read_to_end(&mut flate2::read::GzDecoder::new(gz), &mut unpacked).unwrap();
        assert_eq!(&unpacked[..], *plain, "the gzip variant is the same file");
        assert!(gz.len() * 3 < plain.len());
    }

    #[test]
    fn content_types() {
        assert_eq!(content_type("/sdk/tweblive.js"), "text/javascript; charset=utf-8");
        assert_eq!(content_type("/index.html"), "text/html; charset=utf-8");
        assert_eq!(content_type("/a.png"), "image/png");
    }
}
