#!/usr/bin/env python3
"""Checks every PromQL expression of the alert / recording rules and the Grafana
dashboards against a real Prometheus that has scraped a running liveroom (and etcd).

    promcheck.py --prom http://127.0.0.1:PORT --rules FILE... --dashboards FILE...

For each expression: the metric names are extracted with a real PromQL parser
(promql-parser, PyPI) and each must be among the names Prometheus scraped
(/api/v1/label/__name__/values) or be a recording rule's name; names ending in
_bucket / _sum / _count must belong to a histogram (or summary) family per Prometheus'
metadata; and the expression must evaluate without error at /api/v1/query.

Feature groups: names of features a binary may not have yet (the CDN relay's
liveroom_cdn_*, the process collector's process_*) are "pending" while the scraped target
exports no name of that group at all: listed, not failed (OPS_PENDING_FAIL=1 fails them).
As soon as one name of a group exists, every name of the group must.

Prints one line per finding and "STEP <name>: PASS|FAIL|PENDING <detail>" lines that
scripts/ops-check.sh counts. Exit status 1 if any step failed. Loopback only.
"""

import argparse
import json
import os
import re
import sys
import time
import urllib.parse
import urllib.request

import promql_parser
import yaml

GROUPS = {
    "cdn": ("liveroom_cdn_", "the CDN relay's metrics"),
    "process": ("process_", "the process collector (CPU, memory, fds)"),
}
HIST_SUFFIXES = ("_bucket", "_sum", "_count")
GRAFANA_VARS = {
    "__rate_interval": "1m",
    "__interval": "15s",
    "__range": "1h",
    "job": "liveroom",
    "instance": ".*",
    "etcd_job": "etcd",
}


def get(prom, path, params=None, timeout=10):
    url = prom + path
    if params:
        url += "?" + urllib.parse.urlencode(params, doseq=True)
    try:
        with urllib.request.urlopen(url, timeout=timeout) as r:
            return json.loads(r.read().decode())
    except urllib.error.HTTPError as e:  # Prometheus answers 400 / 422 with a JSON error
        try:
            return json.loads(e.read().decode())
        except ValueError:
            return {"status": "error", "error": f"HTTP {e.code}"}


def names_in(expr):
    """(metric name, job or None) pairs a PromQL expression selects, from its syntax
    tree; job is the value of an equality matcher on the job label."""
    tree = promql_parser.parse(expr)
    found = set()

    def walk(node):
        if node is None:
            return
        if isinstance(node, list):
            for n in node:
                walk(n)
            return
        if isinstance(node, promql_parser.VectorSelector):
            job = next((m.value for m in node.matchers.matchers
                        if m.name == "job" and m.op == promql_parser.MatchOp.Equal), None)
            if node.name:
                found.add((node.name, job))
            for m in node.matchers.matchers:
                if m.name == "__name__":
                    if m.op != promql_parser.MatchOp.Equal:
                        raise ValueError(f"regex __name__ matcher in {expr!r}: cannot verify")
                    found.add((m.value, job))
            return
        if isinstance(node, promql_parser.MatrixSelector):
            walk(node.vector_selector)
            return
        for attr in ("lhs", "rhs", "expr", "param", "args"):
            if hasattr(node, attr):
                walk(getattr(node, attr))

    walk(tree)
    return found


def substitute(expr):
    """Grafana template variables -> values that make a valid query."""
    def repl(m):
        name = m.group(1) or m.group(2) or m.group(3)
        if name not in GRAFANA_VARS:
            raise ValueError(f"unknown Grafana variable ${name} in {expr!r}")
        return GRAFANA_VARS[name]
    return re.sub(r"\$\{(\w+)(?::\w+)?\}|\[\[(\w+)\]\]|\$(\w+)", repl, expr)


def rule_exprs(files):
    out, recorded = [], set()
    for f in files:
        doc = yaml.safe_load(open(f))
        for g in doc.get("groups", []):
            for r in g.get("rules", []):
                name = r.get("record") or r.get("alert")
                out.append((f"{os.path.basename(f)}:{g['name']}:{name}", r["expr"]))
                if "record" in r:
                    recorded.add(r["record"])
    return out, recorded


def dashboard_exprs(files):
    out = []

    def panels(ps):
        for p in ps:
            yield p
            yield from panels(p.get("panels", []))

    for f in files:
        d = json.load(open(f))
        for p in panels(d.get("panels", [])):
            for t in p.get("targets", []):
                if t.get("expr"):
                    out.append((f"{os.path.basename(f)}:panel {p.get('id')} {p.get('title')!r}:{t.get('refId')}", t["expr"], False))
        for v in d.get("templating", {}).get("list", []):
            if v.get("type") == "query":
                q = v["query"]["query"] if isinstance(v.get("query"), dict) else v.get("query")
                m = re.fullmatch(r"\s*label_values\((.*),\s*(\w+)\s*\)\s*", q or "")
                if not m:
                    out.append((f"{os.path.basename(f)}:variable {v['name']}", q, False))
                else:
                    out.append((f"{os.path.basename(f)}:variable {v['name']}", m.group(1), True))
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--prom", required=True)
    ap.add_argument("--rules", nargs="*", default=[])
    ap.add_argument("--dashboards", nargs="*", default=[])
    ap.add_argument("--rules-health-timeout", type=float, default=30)
    args = ap.parse_args()
    if not re.match(r"^http://127\.0\.0\.1:\d+$", args.prom):
        sys.exit("--prom must be http://127.0.0.1:PORT")
    pending_fail = os.environ.get("OPS_PENDING_FAIL") == "1"

    scraped = set(get(args.prom, "/api/v1/label/__name__/values")["data"])
    meta = get(args.prom, "/api/v1/metadata").get("data", {})
    # Which job exports which name: a name used with job="liveroom" must come from liveroom
    # (etcd exports process_* too, for instance).
    by_job = {}
    r = get(args.prom, "/api/v1/query", {"query": 'group by (__name__, job) ({__name__=~".+"})'})
    for sample in r["data"]["result"]:
        by_job.setdefault(sample["metric"]["__name__"], set()).add(sample["metric"].get("job"))
    active = {g: any(n.startswith(prefix) and "liveroom" in jobs for n, jobs in by_job.items())
              for g, (prefix, _) in GROUPS.items()}
    print(f"prometheus has {len(scraped)} metric names; jobs {sorted({j for js in by_job.values() for j in js if j})}; "
          "feature groups exported by job=liveroom: "
          + ", ".join(f"{g}={'yes' if a else 'no'}" for g, a in active.items()))

    rules, recorded = rule_exprs(args.rules)
    dash = dashboard_exprs(args.dashboards)
    failed_steps = 0

    def family_type(name):
        for suffix in HIST_SUFFIXES:
            if name.endswith(suffix):
                base = name[: -len(suffix)]
                types = {m.get("type") for m in meta.get(base, [])}
                if types & {"histogram", "summary"}:
                    return base, types
        return None, None

    def check_names(label, items):
        nonlocal failed_steps
        missing, pending = {}, {}
        n_names = 0
        for where, expr, *_ in items:
            try:
                names = names_in(substitute(expr) if label == "dashboard" else expr)
            except (ValueError, Exception) as e:  # parse errors are reported by evaluation too
                missing.setdefault(f"<unparsable: {e}>", []).append(where)
                continue
            for n, job in sorted(names, key=lambda x: (x[0], x[1] or "")):
                n_names += 1
                if n in recorded:
                    continue
                present = n in scraped and (job is None or job in by_job.get(n, set()))
                if present:
                    if n.endswith("_bucket") and family_type(n)[0] is None:
                        missing.setdefault(f"{n} (not a histogram bucket per metadata)", []).append(where)
                    continue
                group = next((g for g, (p, _) in GROUPS.items() if n.startswith(p)), None)
                if group and not active[group]:
                    pending.setdefault(group, {}).setdefault(n, []).append(where)
                elif n in scraped:
                    others = sorted(j for j in by_job.get(n, set()) if j)
                    missing.setdefault(f'{n}{{job="{job}"}} (exported by {others} only)', []).append(where)
                else:
                    missing.setdefault(n, []).append(where)
        for n, wheres in sorted(missing.items()):
            print(f"  MISSING {n}: not scraped from the running liveroom/etcd; used by {len(wheres)} expression(s), e.g. {wheres[0]}")
        for g, names in sorted(pending.items()):
            print(f"  PENDING {g} ({GROUPS[g][1]}): not exported by this binary yet: {', '.join(sorted(names))}")
        ok = not missing and not (pending and pending_fail)
        status = "PASS" if ok else "FAIL"
        detail = f"{len(items)} expressions, {n_names} metric references"
        if missing:
            detail += f"; missing: {', '.join(sorted(missing))}"
        print(f"STEP {label} metric names exist: {status} ({detail})")
        for g, names in sorted(pending.items()):
            print(f"STEP {label} metric names of {g}: PENDING ({len(names)} names: {', '.join(sorted(names))})")
        if not ok:
            failed_steps += 1

    def check_eval(label, items):
        nonlocal failed_steps
        bad = []
        for where, expr, *rest in items:
            is_series = rest and rest[0]
            q = substitute(expr) if label == "dashboard" else expr
            if is_series:
                r = get(args.prom, "/api/v1/series", {"match[]": q, "start": time.time() - 300})
            else:
                r = get(args.prom, "/api/v1/query", {"query": q})
            if r.get("status") != "success":
                bad.append((where, r.get("error")))
        for where, err in bad:
            print(f"  INVALID {where}: {err}")
        status = "FAIL" if bad else "PASS"
        print(f"STEP {label} expressions evaluate: {status} ({len(items) - len(bad)}/{len(items)} valid)")
        if bad:
            failed_steps += 1

    check_names("rules", rules)
    check_eval("rules", rules)
    if args.dashboards:
        check_names("dashboard", dash)
        check_eval("dashboard", dash)

    # The rules as Prometheus itself loaded and evaluated them.
    if args.rules:
        deadline = time.time() + args.rules_health_timeout
        while True:
            groups = get(args.prom, "/api/v1/rules")["data"]["groups"]
            rules_seen = [r for g in groups for r in g["rules"]]
            unevaluated = [g["name"] for g in groups if g.get("lastEvaluation", "").startswith("0001-")]
            if not unevaluated or time.time() > deadline:
                break
            time.sleep(1)
        unhealthy = [(r["name"], r.get("lastError")) for r in rules_seen if r.get("health") != "ok"]
        for name, err in unhealthy:
            print(f"  UNHEALTHY rule {name}: {err}")
        expected = len(rules)
        ok = not unhealthy and not unevaluated and len(rules_seen) == expected
        print(f"STEP rules loaded and evaluated by prometheus: {'PASS' if ok else 'FAIL'} "
              f"({len(rules_seen)}/{expected} rules, {len(unhealthy)} unhealthy, groups never evaluated: {unevaluated or 'none'})")
        if not ok:
            failed_steps += 1
    sys.exit(1 if failed_steps else 0)


if __name__ == "__main__":
    main()
