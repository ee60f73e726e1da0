#!/usr/bin/env python3
"""Compares liveroom's /metrics right after start (BEFORE) with after the traffic (AFTER):
metric families declared (# TYPE) that print no sample until touched are label vectors
without children. Dashboards and alerts show "no data" for them on a fresh node, so
they should be pre-initialised (with_label_values for the known label values).

    metric_families.py BEFORE AFTER
"""
import re
import sys


def parse(path):
    types, samples = {}, {}
    for line in open(path):
        if line.startswith("# TYPE "):
            _, _, name, kind = line.split()[:4]
            types[name] = kind
        elif line.strip() and not line.startswith("#"):
            m = re.match(r"([a-zA-Z_:][a-zA-Z0-9_:]*)(\{([^}]*)\})?", line)
            name = m.group(1)
            labels = tuple(sorted(re.findall(r'([a-zA-Z_][a-zA-Z0-9_]*)="', m.group(3) or "")))
            samples.setdefault(name, set()).add(labels)
    return types, samples


def family_has_samples(name, kind, samples):
    if kind in ("histogram", "summary"):
        return any(n in samples for n in (name + "_bucket", name + "_count", name))
    return name in samples


tb, sb = parse(sys.argv[1])
ta, sa = parse(sys.argv[2])
n = 0
for name, kind in sorted(ta.items()):
    if family_has_samples(name, kind, sb):
        continue
    labels = sorted({l for ls in sa.get(name, set()) for l in ls if l != "le"})
    after = "after the traffic: labels " + ",".join(labels) if name in sa else "still empty after the traffic"
    print(f"PRE-INIT {name} ({kind}): prints nothing until touched; {after}")
    n += 1
print(f"{len(ta)} metric families; {n} print nothing on a fresh node")
