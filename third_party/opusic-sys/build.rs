//! liveroom patch (see PATCHES.md): libopus is compiled with the `cc` crate from the source
//! lists of its own `Makefile.unix` build, so building needs a C compiler and nothing else
//! (upstream drives libopus' CMake build). Float build, portable C only: no SIMD paths and no
//! run-time CPU detection, and no DRED / OSCE / deep PLC (their sources are not vendored).

use std::fs;
use std::path::Path;

/// The file names of `var` in one of libopus' `*_sources.mk` lists (`VAR = \ a.c \ b.c`).
fn sources(mk: &str, var: &str) -> Vec<String> {
    let text = fs::read_to_string(Path::new("opus").join(mk)).unwrap_or_else(|err| panic!("opus/{mk}: {err}"));
    let mut out = Vec::new();
    let mut inside = false;
    for line in text.lines() {
        let line = line.trim();
        if !inside {
            if let Some(rest) = line.strip_prefix(var) {
                inside = rest.trim_start().starts_with('=');
            }
            continue;
        }
        let name = line.trim_end_matches('\\').trim();
        if !name.is_empty() {
            out.push(format!("opus/{name}"));
        }
        if !line.ends_with('\\') {
            break;
        }
    }
    assert!(!out.is_empty(), "opus/{mk} lists no {var}");
    out
}

fn main() {
    println!("cargo:rerun-if-changed=opus");
    println!("cargo:rerun-if-changed=build.rs");

    let version = fs::read_to_string("opus/package_version").expect("opus/package_version");
    let version = version
        .trim()
        .strip_prefix("PACKAGE_VERSION=")
        .expect("PACKAGE_VERSION=\"…\" in opus/package_version");

    let mut build = cc::Build::new();
    for (mk, var) in [
        ("silk_sources.mk", "SILK_SOURCES"),
        ("silk_sources.mk", "SILK_SOURCES_FLOAT"),
        ("celt_sources.mk", "CELT_SOURCES"),
        ("opus_sources.mk", "OPUS_SOURCES"),
        ("opus_sources.mk", "OPUS_SOURCES_FLOAT"),
    ] {
        build.files(sources(mk, var));
    }
    build
        .include("opus/include")
        .include("opus/silk")
        .include("opus/silk/float")
        .include("opus/celt")
        .include("opus")
        .define("OPUS_BUILD", None)
        .define("USE_ALLOCA", None)
        .define("HAVE_LRINT", None)
        .define("HAVE_LRINTF", None)
        .define("PACKAGE_VERSION", version)
        // As upstream's CMake build: always optimised, even in a debug profile.
        .opt_level(2)
        .warnings(false)
        .compile("opus");
}
