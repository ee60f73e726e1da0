#!/usr/bin/env python3
"""Every alert in the rule files has a runbook section in docs/operations.md
("### AlertName") and a `runbook` annotation that links to it."""
import re
import sys

import yaml

doc = open("docs/operations.md").read()
sections = set(re.findall(r"^### (\w+)\s*$", doc, re.M))
bad, n = [], 0
for f in sys.argv[1:]:
    for g in yaml.safe_load(open(f))["groups"]:
        for r in g["rules"]:
            if "alert" not in r:
                continue
            n += 1
            name = r["alert"]
            if name not in sections:
                bad.append(f"{f}: {name} has no '### {name}' section in docs/operations.md")
            want = f"docs/operations.md#{name.lower()}"
            got = r.get("annotations", {}).get("runbook")
            if got != want:
                bad.append(f"{f}: {name} runbook annotation is {got!r}, want {want!r}")
for b in bad:
    print("FAIL", b)
print(f"{n} alerts, {len(sections)} runbook sections")
sys.exit(1 if bad else 0)
