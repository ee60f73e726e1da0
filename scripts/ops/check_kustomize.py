#!/usr/bin/env python3
"""Every kustomization under DIR lists files that exist, and every manifest under DIR
(except k8s/examples/, which are never applied) is listed by exactly one kustomization."""
import glob
import os
import sys

import yaml

root = sys.argv[1]
listed, bad = {}, []
for k in sorted(glob.glob(os.path.join(root, "**", "kustomization.yaml"), recursive=True)):
    d = os.path.dirname(k)
    doc = yaml.safe_load(open(k))
    for r in doc.get("resources", []):
        path = os.path.normpath(os.path.join(d, r))
        if os.path.isdir(path):
            continue
        if not os.path.exists(path):
            bad.append(f"{k}: resource {r} does not exist")
        listed.setdefault(path, []).append(k)
    print(f"{k}: {len(doc.get('resources', []))} resources, namespace {doc.get('namespace')}")
for f in sorted(glob.glob(os.path.join(root, "**", "*.yaml"), recursive=True)):
    f = os.path.normpath(f)
    if f.endswith("kustomization.yaml") or f.startswith(os.path.join(root, "examples")):
        continue
    if f not in listed:
        bad.append(f"{f} is in no kustomization")
    elif len(listed[f]) > 1:
        bad.append(f"{f} is in {len(listed[f])} kustomizations")
for b in bad:
    print("FAIL", b)
sys.exit(1 if bad else 0)
