//! Embeds the browser SDK bundles (`web/sdk/dist`) and the demo app (`web/demo/dist` when it
//! exists, else `web/demo`) into the binary, so `liveroom serve` needs no build step.
//! Writes `$OUT_DIR/web_assets.rs`: a table of (URL path, bytes, gzip of the bytes, ETag)
//! built at compile time, so text files are compressed once here instead of per request.

use std::fmt::Write as _;
use std::io::Write as _;
use std::path::{Path, PathBuf};

/// FNV-1a: a validator that changes with the content; not a security property.
fn fnv(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in bytes {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

/// Files a browser may load: no build scripts, tests, dot files or dependencies.
fn servable(path: &Path) -> bool {
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or_default();
    !(name.starts_with('.')
        || name == "node_modules"
        || name == "build.mjs"
        || name.contains(".test.")
        || name.ends_with(".md"))
}

/// Text formats worth compressing (images and fonts are compressed already).
fn compressible(path: &Path) -> bool {
    matches!(
        path.extension().and_then(|e| e.to_str()),
        Some("js" | "mjs" | "css" | "html" | "svg" | "json" | "map" | "txt")
    )
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    enc.write_all(bytes).expect("writing to memory");
    enc.finish().expect("writing to memory")
}

fn walk(dir: &Path, prefix: &str, out: &mut Vec<(String, PathBuf)>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    let mut entries: Vec<_> = entries.filter_map(Result::ok).map(|e| e.path()).collect();
    entries.sort();
    for path in entries {
        if !servable(&path) {
            continue;
        }
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or_default().to_owned();
        if path.is_dir() {
            walk(&path, &format!("{prefix}{name}/"), out);
        } else {
            out.push((format!("{prefix}{name}"), path));
        }
    }
}

fn main() {
    let manifest = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"));
    let web = manifest.join("../../web").canonicalize().expect("web/ exists beside services/");
    let sdk = web.join("sdk/dist");
    let demo = if web.join("demo/dist").is_dir() { web.join("demo/dist") } else { web.join("demo") };
    println!("cargo:rerun-if-changed={}", sdk.display());
    println!("cargo:rerun-if-changed={}", web.join("demo").display());

    let mut files = Vec::new();
    walk(&sdk, "/sdk/", &mut files);
    walk(&demo, "/", &mut files);
    let out_dir = PathBuf::from(std::env::var("OUT_DIR").expect("cargo sets OUT_DIR"));
    let mut code =
        String::from("/// (URL path, content, its gzip when that is smaller, ETag) of every embedded file.\n");
    code.push_str("pub(crate) static EMBEDDED: &[Asset] = &[\n");
    for (i, (url, path)) in files.into_iter().enumerate() {
        let bytes = std::fs::read(&path).expect("embedded web file is readable");
        let gz = compressible(&path).then(|| gzip(&bytes)).filter(|gz| gz.len() + 256 < bytes.len()).map(|gz| {
            let gz_path = out_dir.join(format!("asset-{i}.gz"));
            std::fs::write(&gz_path, gz).expect("OUT_DIR is writable");
            format!("Some(include_bytes!({:?}))", gz_path.display())
        });
        let gz = gz.unwrap_or_else(|| "None".to_owned());
        let _ = writeln!(
            code,
            "    ({url:?}, include_bytes!({:?}), {gz}, \"\\\"{:016x}\\\"\"),",
            path.display(),
            fnv(&bytes)
        );
    }
    code.push_str("];\n");
    std::fs::write(out_dir.join("web_assets.rs"), code).expect("OUT_DIR is writable");
}
