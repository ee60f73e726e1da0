#!/usr/bin/env bash
# Operations checks: Kubernetes manifests, container image, Prometheus rules, the Grafana
# dashboard and the example configuration, against the real binary.
#
#   LIVEROOM_BIN=target/release/liveroom bash scripts/ops-check.sh
#
# Steps (each counted in the last line, "ops: N passed, M failed"):
#   - every k8s/ manifest against the Kubernetes OpenAPI schemas (kubernetes-validate,
#     strict, two Kubernetes versions); the ServiceMonitors against prometheus-operator's
#     schemas (npm @kubernetes-models/prometheus-operator); kustomizations complete
#   - policy scans: checkov (Kubernetes, Dockerfile) and hadolint; every accepted finding
#     is a skip annotation / comment with its reason next to the resource
#   - promtool: check rules, unit-test rules, check the example Prometheus configs
#   - the dashboard is what scripts/ops/gen_dashboard.py generates
#   - deploy/liveroom.example.toml names every option of `liveroom config default`
#   - a real etcd + `liveroom node` + a little traffic, scraped by a real Prometheus:
#     every metric name in every rule and dashboard expression exists, every expression
#     evaluates, and Prometheus evaluates every rule without error
#   - the runtime image stage, without Docker: a bare Debian bookworm root filesystem
#     (debootstrap, cached under target/ops/), only the binary copied in, `liveroom serve`
#     run inside it (unshare + chroot, non-root) until /healthz answers
#
# Installs what it needs on Debian 12 (apt packages, a venv at target/opsenv with pinned
# versions, npm packages from scripts/ops/crd/package-lock.json into target/ops/crd).
# All traffic stays on 127.0.0.1; every wait is bounded; everything started is stopped.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
BIN=${LIVEROOM_BIN:-target/release/liveroom}
case "$BIN" in /*) ;; *) BIN="$ROOT/$BIN" ;; esac
OPS="$ROOT/target/ops"
VENV="$ROOT/target/opsenv"
PY="$VENV/bin/python"
ROOTFS="$OPS/rootfs-bookworm"
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
# checkov: no calls home for guidelines (there is no network but the registries).
export BC_SKIP_MAPPING=TRUE CHECKOV_RUN_SCA_PACKAGE_SCAN_V2=false

mkdir -p "$OPS"
TMP=$(mktemp -d "$OPS/run.XXXXXX")
PIDS="$TMP/pids"
: >"$PIDS"
PASSED=0
FAILED=0
FAILED_NAMES=()
PENDING_LINES=()

say() { printf '\n== %s\n' "$*"; }

# Stops every process this run started (recorded by pid in $PIDS), TERM then KILL.
cleanup() {
  local pid
  if [ -s "$PIDS" ]; then
    while read -r pid; do
      kill -TERM "$pid" 2>/dev/null || true
    done <"$PIDS"
    for _ in $(seq 1 50); do
      local alive=0
      while read -r pid; do
        if kill -0 "$pid" 2>/dev/null; then alive=1; fi
      done <"$PIDS"
      [ "$alive" -eq 0 ] && break
      sleep 0.1
    done
    while read -r pid; do
      kill -KILL "$pid" 2>/dev/null || true
    done <"$PIDS"
  fi
  rm -rf "$TMP"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# Stops (TERM, then KILL after 5 s) the processes recorded after line $1 of $PIDS.
stop_pids_after() {
  local pid pids alive
  pids=$(tail -n +"$(($1 + 1))" "$PIDS")
  [ -n "$pids" ] || return 0
  for pid in $pids; do kill -TERM "$pid" 2>/dev/null || true; done
  for _ in $(seq 1 50); do
    alive=0
    for pid in $pids; do
      if kill -0 "$pid" 2>/dev/null; then alive=1; fi
    done
    [ "$alive" -eq 0 ] && return 0
    sleep 0.1
  done
  for pid in $pids; do kill -KILL "$pid" 2>/dev/null || true; done
}

# Runs one step in a subshell with errexit in force; counts it.
step() {
  local name=$1
  shift
  say "$name"
  local rc=0 before
  before=$(wc -l <"$PIDS")
  set +e
  (
    set -euo pipefail
    "$@"
  )
  rc=$?
  set -e
  stop_pids_after "$before"
  if [ "$rc" -eq 0 ]; then
    PASSED=$((PASSED + 1))
    echo "-- PASS: $name"
  else
    FAILED=$((FAILED + 1))
    FAILED_NAMES+=("$name")
    echo "-- FAIL: $name (exit $rc)"
  fi
}

# Starts a command in the background, records its pid; stdout/stderr to a log file.
spawn() {
  local log=$1
  shift
  "$@" >"$log" 2>&1 &
  echo $! >>"$PIDS"
  echo $!
}

free_ports() { "$PY" "$ROOT/scripts/ops/free_ports.py" "$@"; }

# Waits (at most $2 seconds) until URL $1 answers 2xx; gives up early when process $3
# (if given) has exited.
wait_http() {
  local url=$1 timeout=$2 pid=${3:-}
  for _ in $(seq 1 $((timeout * 5))); do
    if curl -fsS --max-time 2 -o /dev/null "$url" 2>/dev/null; then return 0; fi
    if [ -n "$pid" ] && ! kill -0 "$pid" 2>/dev/null; then
      echo "process $pid exited before $url answered" >&2
      return 1
    fi
    sleep 0.2
  done
  echo "timed out after ${timeout}s waiting for $url" >&2
  return 1
}

# ------------------------------------------------------------------------------------
# Tools

install_tools() {
  local need=()
  command -v curl >/dev/null || need+=(curl)
  command -v debootstrap >/dev/null || need+=(debootstrap)
  command -v unshare >/dev/null || need+=(util-linux)
  [ -x /usr/bin/promtool ] && [ -x /usr/bin/prometheus ] || need+=(prometheus)
  command -v etcd >/dev/null || need+=(etcd-server)
  command -v node >/dev/null && command -v npm >/dev/null || need+=(nodejs npm)
  python3 -c 'import venv, ensurepip' 2>/dev/null || need+=(python3-venv)
  if [ ${#need[@]} -gt 0 ]; then
    echo "installing Debian packages: ${need[*]}"
    $SUDO apt-get update -qq
    $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
  fi
  if [ ! -x "$PY" ]; then
    python3 -m venv "$VENV"
  fi
  if ! cmp -s "$ROOT/scripts/ops/requirements.txt" "$VENV/.ops-requirements" 2>/dev/null; then
    "$VENV/bin/pip" install -q --disable-pip-version-check \
      -r "$ROOT/scripts/ops/requirements.txt" -c "$ROOT/scripts/ops/constraints.txt"
    cp "$ROOT/scripts/ops/requirements.txt" "$VENV/.ops-requirements"
  fi
  if ! cmp -s "$ROOT/scripts/ops/crd/package-lock.json" "$OPS/crd/package-lock.json" 2>/dev/null \
    || [ ! -d "$OPS/crd/node_modules" ]; then
    mkdir -p "$OPS/crd"
    cp "$ROOT/scripts/ops/crd/package.json" "$ROOT/scripts/ops/crd/package-lock.json" "$OPS/crd/"
    (cd "$OPS/crd" && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
  fi
  cp "$ROOT/scripts/ops/crd/validate.mjs" "$OPS/crd/validate.mjs"
  "$VENV/bin/kubernetes-validate" --version
  "$VENV/bin/checkov" --version
  "$VENV/bin/hadolint" --version
  promtool --version 2>&1 | sed -n 1,1p
  etcd --version | sed -n 1,1p
  "$BIN" --version
}

# ------------------------------------------------------------------------------------
# Kubernetes manifests

k8s_files() {
  # Every manifest except kustomizations (not Kubernetes objects) and the Prometheus
  # Operator's custom resources (validated against their own schemas below).
  find k8s -name '*.yaml' ! -name kustomization.yaml ! -path 'k8s/monitoring/*' | sort
}

validate_k8s() {
  echo "kustomization.yaml files are kustomize configuration, not Kubernetes objects: checked by the kustomize step"
  echo "k8s/monitoring/*.yaml are Prometheus Operator custom resources: checked against their CRD schema in the next step"
  local v
  for v in 1.30.0 1.37.0; do
    # shellcheck disable=SC2046
    "$VENV/bin/kubernetes-validate" --strict --kubernetes-version "$v" $(k8s_files)
  done
}

validate_crds() {
  "$PY" - "$TMP/crs.json" <<'EOF'
import glob, json, sys, yaml
docs = []
for f in sorted(glob.glob("k8s/monitoring/*.yaml")):
    if f.endswith("kustomization.yaml"):
        continue
    docs += [{"file": f, "doc": d} for d in yaml.safe_load_all(open(f)) if d]
assert docs, "no custom resources found under k8s/monitoring"
json.dump(docs, open(sys.argv[1], "w"))
EOF
  node "$OPS/crd/validate.mjs" "$TMP/crs.json"
}

check_kustomizations() {
  "$PY" "$ROOT/scripts/ops/check_kustomize.py" k8s
  if command -v kubectl >/dev/null; then
    local d
    for d in k8s k8s/monitoring k8s/loadtest; do
      kubectl kustomize "$d" >"$TMP/kustomized.yaml"
      echo "kubectl kustomize $d: $(grep -c '^kind:' "$TMP/kustomized.yaml") objects"
    done
  else
    echo "kubectl not installed: kustomize build skipped (resources checked by check_kustomize.py above)"
  fi
}

policy_scan_k8s() {
  # Accepted findings are checkov.io/skipN annotations (with the reason) on the resources.
  "$VENV/bin/checkov" -d k8s --framework kubernetes --compact --skip-download --quiet \
    --output cli >"$TMP/checkov-k8s.txt" 2>"$TMP/checkov-k8s.err" || {
    cat "$TMP/checkov-k8s.txt" "$TMP/checkov-k8s.err"
    return 1
  }
  "$VENV/bin/checkov" -d k8s --framework kubernetes --compact --skip-download \
    --output cli 2>/dev/null | grep -E '^(Passed|kubernetes scan)' || true
  echo "skipped with reasons:"
  grep -rhoE 'checkov\.io/skip[0-9]+: CKV_K8S_[0-9]+=.*' k8s | sed 's/^/  /'
}

lint_scripts() {
  "$VENV/bin/shellcheck" scripts/ops-check.sh
  echo "shellcheck: scripts/ops-check.sh clean"
}

lint_dockerfile() {
  "$VENV/bin/hadolint" Dockerfile
  echo "hadolint: clean (ignored rules carry their reason next to them in the Dockerfile)"
  "$VENV/bin/checkov" -f Dockerfile --framework dockerfile --compact --skip-download --quiet \
    --output cli >"$TMP/checkov-docker.txt" 2>&1 || {
    cat "$TMP/checkov-docker.txt"
    return 1
  }
  "$VENV/bin/checkov" -f Dockerfile --framework dockerfile --compact --skip-download \
    --output cli 2>/dev/null | grep -E '^Passed' || true
  grep -oE 'checkov:skip=CKV_DOCKER_[0-9]+: .*' Dockerfile | sed 's/^/  skipped: /'
}

# ------------------------------------------------------------------------------------
# Prometheus rules, configs, dashboard, example config

promtool_rules() {
  promtool check rules deploy/prometheus/rules/*.yml
}

promtool_tests() {
  promtool test rules deploy/prometheus/tests/*.test.yml
}

promtool_configs() {
  promtool check config --syntax-only deploy/prometheus/prometheus.yml
  (cd deploy/prometheus && promtool check config prometheus.yml >/dev/null)
  # Debian's Prometheus is built without Kubernetes service discovery, so promtool
  # refuses kubernetes_sd_configs. Check everything else of that file: the same config
  # with each kubernetes_sd_configs replaced by an empty static_configs.
  echo "prometheus-kubernetes.yml: kubernetes_sd_configs replaced by static_configs for Debian's promtool (built without Kubernetes discovery)"
  "$PY" - deploy/prometheus/prometheus-kubernetes.yml "$TMP/prometheus-k8s-static.yml" <<'EOF'
import sys, yaml
cfg = yaml.safe_load(open(sys.argv[1]))
n = 0
for job in cfg["scrape_configs"]:
    if job.pop("kubernetes_sd_configs", None) is not None:
        job["static_configs"] = [{"targets": []}]
        n += 1
assert n, "no kubernetes_sd_configs found"
cfg["rule_files"] = []
yaml.safe_dump(cfg, open(sys.argv[2], "w"))
EOF
  promtool check config "$TMP/prometheus-k8s-static.yml"
}

runbooks() {
  "$PY" scripts/ops/check_runbooks.py deploy/prometheus/rules/*.yml
}

dashboard_current() {
  "$PY" scripts/ops/gen_dashboard.py >"$TMP/dashboard.json"
  if ! cmp -s "$TMP/dashboard.json" deploy/grafana/liveroom.json; then
    echo "deploy/grafana/liveroom.json is not what scripts/ops/gen_dashboard.py generates; regenerate it:" >&2
    echo "  python3 scripts/ops/gen_dashboard.py > deploy/grafana/liveroom.json" >&2
    diff -u deploy/grafana/liveroom.json "$TMP/dashboard.json" | sed -n 1,40p >&2
    return 1
  fi
  "$PY" -c 'import json,sys; d=json.load(open(sys.argv[1])); print(d["title"], len(d["panels"]), "panels")' deploy/grafana/liveroom.json
}

# The configuration the StatefulSet's init container builds (ConfigMap + the example
# Secret's apps.toml, downward-API addresses filled in), by running its own command with
# the paths moved into a temp folder; and the image's default configuration.
k8s_config() {
  "$PY" scripts/ops/k8s_config.py "$BIN" "$TMP/k8s-config"
  # The image's own configuration listens on every interface with no [[apps]]: it must
  # refuse to start (no development app, no dev UserSig endpoint exposed) until an
  # operator mounts a configuration with apps.
  if "$BIN" config check deploy/container/liveroom-image.toml 2>"$TMP/image-check.txt"; then
    echo "the image's default configuration must refuse to start without [[apps]]" >&2
    return 1
  fi
  grep -q "not a loopback address" "$TMP/image-check.txt"
  echo "image config refused as it should: $(head -c 160 "$TMP/image-check.txt")"
}

example_config() {
  "$BIN" config check deploy/liveroom.example.toml
  "$BIN" config default >"$TMP/default.toml"
  "$PY" "$ROOT/scripts/ops/check_example_config.py" "$TMP/default.toml" deploy/liveroom.example.toml "$TMP/apps-uncommented.toml"
  "$BIN" config check "$TMP/apps-uncommented.toml"
}

# ------------------------------------------------------------------------------------
# A running liveroom scraped by a real Prometheus

scrape_check() {
  local etcd_client etcd_peer http udp prom
  read -r etcd_client etcd_peer http udp prom <<<"$(free_ports 5)"
  mkdir -p "$TMP/etcd" "$TMP/prom"

  local etcd_pid liveroom_pid prom_pid
  etcd_pid=$(spawn "$TMP/etcd.log" etcd --name ops-check --data-dir "$TMP/etcd" \
    --listen-client-urls "http://127.0.0.1:$etcd_client" --advertise-client-urls "http://127.0.0.1:$etcd_client" \
    --listen-peer-urls "http://127.0.0.1:$etcd_peer" --initial-advertise-peer-urls "http://127.0.0.1:$etcd_peer" \
    --initial-cluster "ops-check=http://127.0.0.1:$etcd_peer")
  wait_http "http://127.0.0.1:$etcd_client/health" 30 "$etcd_pid" || { tail -20 "$TMP/etcd.log"; return 1; }
  echo "etcd on 127.0.0.1:$etcd_client"

  cat >"$TMP/liveroom.toml" <<EOF
[[apps]]
sdkappid = 1400000000
secret = "ops-check-secret-0123456789"
[server]
shutdown_timeout_secs = 2
[media]
udp = "127.0.0.1:$udp"
[chat]
# Low enough that the traffic's burst of sends is partly dropped (user_rate).
send_rate = 1
[cluster]
lease_ttl_secs = 2
link_token = "ops-check-link-token-0123456789"
EOF
  liveroom_pid=$(spawn "$TMP/liveroom.log" "$BIN" node --config "$TMP/liveroom.toml" \
    --etcd "http://127.0.0.1:$etcd_client" --node-id ops-check --http "127.0.0.1:$http")
  wait_http "http://127.0.0.1:$http/readyz" 30 "$liveroom_pid" || { tail -20 "$TMP/liveroom.log"; return 1; }
  echo "liveroom node on 127.0.0.1:$http (media udp 127.0.0.1:$udp)"
  curl -fsS "http://127.0.0.1:$http/metrics" >"$TMP/metrics-before.txt"

  "$PY" scripts/ops/traffic.py --http "127.0.0.1:$http" --udp "127.0.0.1:$udp" \
    --bin "$BIN" --secret ops-check-secret-0123456789
  sleep 0.5
  curl -fsS "http://127.0.0.1:$http/metrics" >"$TMP/metrics-after.txt"
  "$PY" scripts/ops/metric_families.py "$TMP/metrics-before.txt" "$TMP/metrics-after.txt" | tee "$TMP/preinit.txt"

  # Prometheus with the rules (group intervals removed so they evaluate every second).
  mkdir -p "$TMP/rules"
  "$PY" - "$TMP/rules" deploy/prometheus/rules/*.yml <<'EOF'
import os, sys, yaml
out = sys.argv[1]
for f in sys.argv[2:]:
    doc = yaml.safe_load(open(f))
    for g in doc["groups"]:
        g.pop("interval", None)
    yaml.safe_dump(doc, open(os.path.join(out, os.path.basename(f)), "w"), sort_keys=False)
EOF
  cat >"$TMP/prometheus.yml" <<EOF
global:
  scrape_interval: 1s
  scrape_timeout: 1s
  evaluation_interval: 1s
rule_files:
  - $TMP/rules/*.yml
scrape_configs:
  - job_name: liveroom
    static_configs:
      - targets: ["127.0.0.1:$http"]
  - job_name: etcd
    static_configs:
      - targets: ["127.0.0.1:$etcd_client"]
EOF
  prom_pid=$(spawn "$TMP/prometheus.log" prometheus --config.file="$TMP/prometheus.yml" \
    --storage.tsdb.path="$TMP/prom" --web.listen-address="127.0.0.1:$prom" \
    --storage.tsdb.retention.time=1h)
  wait_http "http://127.0.0.1:$prom/-/ready" 30 "$prom_pid" || { tail -20 "$TMP/prometheus.log"; return 1; }
  echo "prometheus on 127.0.0.1:$prom"
  # Wait (bounded) until both targets were scraped and the touched families arrived.
  "$PY" - "http://127.0.0.1:$prom" "$TMP/metrics-after.txt" <<'EOF'
import json, re, sys, time, urllib.request
prom, after = sys.argv[1], sys.argv[2]
want = {re.match(r"[a-zA-Z_:][a-zA-Z0-9_:]*", l).group(0) for l in open(after) if l.strip() and not l.startswith("#")}
want.add("etcd_server_has_leader")
deadline = time.time() + 30
while True:
    t = json.load(urllib.request.urlopen(prom + "/api/v1/targets", timeout=5))["data"]["activeTargets"]
    up = {x["labels"]["job"]: x["health"] for x in t}
    names = set(json.load(urllib.request.urlopen(prom + "/api/v1/label/__name__/values", timeout=5))["data"])
    if up.get("liveroom") == "up" and up.get("etcd") == "up" and want <= names:
        print(f"scraped: targets {up}; all {len(want)} series names of liveroom's /metrics present")
        break
    if time.time() > deadline:
        print(f"after 30 s: targets {up}; not scraped: {sorted(want - names)}")
        break
    time.sleep(0.5)
EOF
  # shellcheck disable=SC2046
  "$PY" scripts/ops/promcheck.py --prom "http://127.0.0.1:$prom" \
    --rules deploy/prometheus/rules/*.yml --dashboards deploy/grafana/*.json | tee "$TMP/promcheck.txt"
}

# ------------------------------------------------------------------------------------
# The runtime image stage in a bare Debian root filesystem

debian_mirror() {
  # The Debian archive apt already uses (deb822 .sources or one-line .list), not a
  # hard-coded host.
  "$PY" - <<'EOF'
import glob, re
cands = []
for f in sorted(glob.glob("/etc/apt/sources.list.d/*.sources")):
    for stanza in re.split(r"\n\s*\n", open(f).read()):
        fields = {}
        for line in stanza.splitlines():
            if line.startswith("#") or ":" not in line:
                continue
            k, v = line.split(":", 1)
            fields[k.strip().lower()] = v.strip()
        if fields.get("enabled", "yes").lower() == "no":
            continue
        if "deb" in fields.get("types", "").split() and "bookworm" in fields.get("suites", "").split():
            cands += fields.get("uris", "").split()
for f in ["/etc/apt/sources.list"] + sorted(glob.glob("/etc/apt/sources.list.d/*.list")):
    try:
        lines = open(f).read().splitlines()
    except OSError:
        continue
    for line in lines:
        m = re.match(r"^\s*deb\s+(?:\[[^\]]*\]\s+)?(\S+)\s+bookworm\s", line)
        if m:
            cands.append(m.group(1))
mirror = next((u for u in cands if not re.search(r"security", u)), None)
if not mirror:
    raise SystemExit("no Debian bookworm archive in /etc/apt/sources.list*")
print(mirror.rstrip("/"))
EOF
}

ensure_rootfs() {
  if [ -f "$ROOTFS/.liveroom-ops-rootfs" ]; then
    echo "cached root filesystem: $ROOTFS"
    return 0
  fi
  local mirror
  mirror=$(debian_mirror)
  echo "debootstrap --variant=minbase bookworm (mirror from apt sources: $mirror)"
  rm -rf "$ROOTFS.partial"
  timeout 600 debootstrap --variant=minbase bookworm "$ROOTFS.partial" "$mirror" >"$OPS/debootstrap.log" 2>&1 || {
    tail -20 "$OPS/debootstrap.log"
    return 1
  }
  rm -rf "$ROOTFS"
  mv "$ROOTFS.partial" "$ROOTFS"
  date -u +%FT%TZ >"$ROOTFS/.liveroom-ops-rootfs"
}

rootfs_run() {
  ensure_rootfs
  grep -q '^VERSION_CODENAME=bookworm' "$ROOTFS/etc/os-release"
  install -D -m 0755 "$BIN" "$ROOTFS/usr/local/bin/liveroom"
  # Which shared libraries does the binary need, and does bookworm's base have them?
  local missing=() lib
  while read -r lib; do
    [ -n "$lib" ] || continue
    if [ ! -e "$ROOTFS$lib" ]; then
      missing+=("$lib")
      install -D -m 0644 "$lib" "$ROOTFS$lib"
    fi
  done < <(ldd "$BIN" | awk '/=>/ {print $3} !/=>/ && $1 ~ /^\// {print $1}')
  echo "shared libraries needed: $(ldd "$BIN" | awk '{print $1}' | tr '\n' ' ')"
  local port udp
  read -r port udp <<<"$(free_ports 2)"
  # A fresh mount + pid namespace (its own /proc), chroot, uid 10001 as in the image.
  local pid unshare_bin chroot_bin
  unshare_bin=$(command -v unshare)
  chroot_bin=$(PATH="$PATH:/usr/sbin:/sbin" command -v chroot)
  # As the Dockerfile: the image's default configuration at /etc/liveroom/liveroom.toml.
  install -D -m 0644 deploy/container/liveroom-image.toml "$ROOTFS/etc/liveroom/liveroom.toml"
  # Refused there too (no [[apps]] on 0.0.0.0); the run below uses loopback addresses.
  if "$chroot_bin" --userspec=10001:10001 "$ROOTFS" /usr/local/bin/liveroom config check /etc/liveroom/liveroom.toml; then
    echo "the image's default configuration must refuse to start without [[apps]]" >&2
    return 1
  fi
  # It binds 0.0.0.0:8080 / 9000; this run uses free loopback ports instead.
  printf '[server]\nshutdown_timeout_secs = 2\n[media]\nudp = "127.0.0.1:%s"\n' "$udp" >"$ROOTFS/etc/liveroom/ops-check.toml"
  pid=$(spawn "$TMP/rootfs-liveroom.log" env -i PATH=/usr/local/bin:/usr/bin:/bin HOME=/nonexistent \
    "$unshare_bin" --mount --pid --fork --kill-child --mount-proc="$ROOTFS/proc" \
    "$chroot_bin" --userspec=10001:10001 "$ROOTFS" \
    /usr/local/bin/liveroom serve --config /etc/liveroom/ops-check.toml --http "127.0.0.1:$port")
  if ! wait_http "http://127.0.0.1:$port/healthz" 30 "$pid"; then
    cat "$TMP/rootfs-liveroom.log"
    return 1
  fi
  echo "/healthz: $(curl -fsS "http://127.0.0.1:$port/healthz")"
  wait_http "http://127.0.0.1:$port/readyz" 10
  echo "/readyz: $(curl -fsS "http://127.0.0.1:$port/readyz")"
  local sdk
  sdk=$(curl -fsS "http://127.0.0.1:$port/sdk/tweblive.js" | wc -c)
  echo "/sdk/tweblive.js: $sdk bytes (embedded)"
  [ "$sdk" -gt 1000 ]
  echo "/: HTTP $(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/") (the demo, when the binary embeds one)"
  curl -fsS "http://127.0.0.1:$port/metrics" >"$TMP/rootfs-metrics.txt"
  grep -q '^liveroom_connections ' "$TMP/rootfs-metrics.txt"
  grep -E 'listening on|media on' "$TMP/rootfs-liveroom.log"
  grep -q "media on udp://127.0.0.1:$udp" "$TMP/rootfs-liveroom.log"
  # SIGTERM (what Kubernetes sends after preStop) must stop it cleanly within the drain
  # timeout: liveroom is pid 1 of the namespace, the only child of unshare.
  local child
  child=$(awk '{print $1}' "/proc/$pid/task/$pid/children" 2>/dev/null)
  [ -n "$child" ] || { echo "cannot find liveroom under unshare ($pid)" >&2; return 1; }
  kill -TERM "$child"
  for _ in $(seq 1 50); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.2
  done
  if kill -0 "$pid" 2>/dev/null; then
    echo "liveroom did not stop within 10 s of SIGTERM" >&2
    return 1
  fi
  wait "$pid" 2>/dev/null || true
  grep -q 'stopped' "$TMP/rootfs-liveroom.log" && echo "stopped cleanly after SIGTERM"
  if [ ${#missing[@]} -gt 0 ]; then
    echo "FAIL: the binary needs libraries bookworm's base system lacks (copied in for this run): ${missing[*]}" >&2
    echo "the runtime stage of the Dockerfile must install their packages" >&2
    return 1
  fi
  echo "ran with nothing but the binary added to a bare bookworm root filesystem"
}

# ------------------------------------------------------------------------------------

if [ ! -x "$BIN" ]; then
  echo "no liveroom binary at $BIN (set LIVEROOM_BIN, or cargo build --release -p liveroom)" >&2
  echo "ops: 0 passed, 1 failed"
  exit 1
fi
# Every step tests the same binary, even if it is rebuilt while this runs.
cp "$BIN" "$TMP/liveroom"
echo "testing $BIN (copied to $TMP/liveroom)"
BIN="$TMP/liveroom"

step "tools installed" install_tools
if [ "$FAILED" -gt 0 ]; then
  echo "ops: $PASSED passed, $FAILED failed"
  exit 1
fi
step "k8s manifests match the Kubernetes schemas (kubernetes-validate)" validate_k8s
step "ServiceMonitors match the prometheus-operator CRD schema" validate_crds
step "kustomizations list every manifest" check_kustomizations
step "policy scan of k8s/ (checkov)" policy_scan_k8s
step "Dockerfile lint and policy scan (hadolint, checkov)" lint_dockerfile
step "shellcheck of this script" lint_scripts
step "promtool check rules" promtool_rules
step "promtool test rules" promtool_tests
step "promtool check config (example Prometheus configs)" promtool_configs
step "every alert has a runbook in docs/operations.md" runbooks
step "Grafana dashboard is generated" dashboard_current
step "example config names every option with its default" example_config
step "Kubernetes and image configuration pass liveroom config check" k8s_config
step "rules and dashboard against a scraped liveroom + etcd" scrape_check
if [ -f "$TMP/promcheck.txt" ]; then
  while IFS= read -r line; do
    case "$line" in
      "STEP "*": PASS"*) PASSED=$((PASSED + 1)) ;;
      "STEP "*": FAIL"*) FAILED=$((FAILED + 1)); FAILED_NAMES+=("${line#STEP }") ;;
      "STEP "*": PENDING"*) PENDING_LINES+=("${line#STEP }") ;;
    esac
  done <"$TMP/promcheck.txt"
fi
step "liveroom runs in a bare Debian bookworm root filesystem" rootfs_run

say "summary"
if [ -f "$TMP/preinit.txt" ]; then
  grep '^PRE-INIT' "$TMP/preinit.txt" || true
fi
for line in "${PENDING_LINES[@]+"${PENDING_LINES[@]}"}"; do
  echo "pending (not counted): $line"
done
for name in "${FAILED_NAMES[@]+"${FAILED_NAMES[@]}"}"; do
  echo "failed: $name"
done
echo "ops: $PASSED passed, $FAILED failed"
[ "$FAILED" -eq 0 ]
