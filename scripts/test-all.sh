#!/usr/bin/env bash
# Runs every liveroom test: format, lints, unit + property + integration tests, the
# UserSig interop check against Tencent's reference library, and benchmark smokes.
# Installs what the tests need on a clean Debian machine (run as root, or with sudo).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

say() { printf '\n==> %s\n' "$*"; }
disk() { df -h --output=avail,size "$root" | tail -1 | awk '{print "disk: " $1 " free of " $2}'; }

need_apt=()
command -v node >/dev/null || need_apt+=(nodejs npm)
[ -x /usr/bin/chromium ] || need_apt+=(chromium)
command -v etcd >/dev/null || need_apt+=(etcd-server)
command -v ffprobe >/dev/null || need_apt+=(ffmpeg)   # judges LL-HLS / FLV output
python3 -c 'import venv' 2>/dev/null || need_apt+=(python3-venv)
if [ ${#need_apt[@]} -gt 0 ]; then
  say "installing Debian packages: ${need_apt[*]}"
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO=sudo
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need_apt[@]}"
fi

say "Python tools (Tencent's tls-sig-api-v2 reference library, aiortc)"
venv="$root/target/pyenv"
if [ ! -x "$venv/bin/python" ]; then
  python3 -m venv "$venv"
fi
"$venv/bin/pip" install -q --disable-pip-version-check tls-sig-api-v2==1.1 aiortc==1.16.0
export LIVEROOM_PYTHON="$venv/bin/python"

disk
say "vendored crates: each third_party/ tree is its published crate plus its patch files"
python3 scripts/ops/vendored.py check

say "cargo fmt --check"
cargo fmt --all -- --check

say "cargo clippy"
cargo clippy --workspace --all-targets -- -D warnings

say "build"
cargo build --workspace --all-targets

log="$root/target/test-all.log"
: > "$log"

say "tests"
cargo test --workspace --no-fail-fast -- --test-threads=2 2>&1 | tee -a "$log"

say "browser SDK and WebRTC interop tests (node --test; Debian's Chromium via playwright-core)"
(cd web && npm ci --no-audit --no-fund --loglevel=error \
  && node sdk/build.mjs --check \
  && node demo/build.mjs --check \
  && LIVEROOM_BIN="$root/target/debug/liveroom" node --test sdk/test/ tests/) 2>&1 | tee -a "$log"

say "benchmark smoke (short runs; full figures: docs/BENCHMARKS.md)"
bash loadtests/smoke.sh target/debug
LIVEROOM_BIN="$root/target/debug/liveroom" node loadtests/latency/latency.mjs --smoke

disk
if [ "${LIVEROOM_PRUNE_DEBUG_BUILD:-0}" = 1 ]; then
  say "removing the debug build (its tests are done) before the release build"
  rm -rf "$root/target/debug"
  disk
fi

say "the run command needs only Rust: the crates that once needed cmake / protoc, built with both hidden"
bash scripts/ops/fresh-build.sh

say "operations: manifests, policy scan, Prometheus rules and dashboard, the release binary in a bare Debian root"
cargo build --release -p liveroom
OPS_PENDING_FAIL=1 LIVEROOM_BIN="$root/target/release/liveroom" bash scripts/ops-check.sh 2>&1 | tee -a "$log"


# One closing line over every runner: cargo's "N passed; M failed" and node's "# pass N".
passed=$(awk '/^test result:/ {p += $4} /^# pass / {p += $3} /^ops: [0-9]+ passed/ {p += $2} END {print p + 0}' "$log")
failed=$(awk '/^test result:/ {f += $6} /^# fail / {f += $3} /^ops: [0-9]+ passed/ {f += $4} END {print f + 0}' "$log")
echo
echo "tests: $passed passed, $failed failed"
