#!/usr/bin/env python3
"""The vendored crates under third_party/ are the published crates plus patch files.

Each third_party/<dir>/vendor.toml names the crate, its version and the sha256 of the
.crate file crates.io serves, the paths of the published crate left out, and the patch
files applied in order (git apply, -p1). This script rebuilds each tree from those and:

  check   (the CI step) fails, listing the differences, when a vendored tree is not
          exactly the published crate plus its patches;
  regen   rewrites the vendored tree from them (after editing a patch, or upgrading:
          change version and sha256, make the patches apply again, then regen).

Only vendor.toml, PATCHES.md and the patch files live in a vendored folder without
coming from the crate. The .crate comes from cargo's download cache when present, else
from https://static.crates.io (the registry cargo itself uses), and is checked against
the pinned sha256 either way.

Usage: scripts/ops/vendored.py check|regen [dir ...]   (default: every third_party/* with
a vendor.toml)
"""
import hashlib
import glob
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
import tomllib
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
THIRD = os.path.join(ROOT, "third_party")


def crate_bytes(name, version, sha256):
    """The .crate file, from cargo's cache or crates.io, checked against its sha256."""
    home = os.environ.get("CARGO_HOME", os.path.expanduser("~/.cargo"))
    for path in glob.glob(os.path.join(home, "registry", "cache", "*", f"{name}-{version}.crate")):
        data = open(path, "rb").read()
        if hashlib.sha256(data).hexdigest() == sha256:
            return data
    url = f"https://static.crates.io/crates/{name}/{name}-{version}.crate"
    with urllib.request.urlopen(url, timeout=120) as r:
        data = r.read(200 << 20)
    got = hashlib.sha256(data).hexdigest()
    if got != sha256:
        sys.exit(f"{name} {version}: {url} has sha256 {got}, vendor.toml pins {sha256}")
    return data


def build(folder, spec, work):
    """The tree the spec describes, built under work/; returns its path."""
    name, version = spec["crate"], spec["version"]
    data = crate_bytes(name, version, spec["sha256"])
    archive = os.path.join(work, "crate.tar.gz")
    open(archive, "wb").write(data)
    with tarfile.open(archive) as t:
        try:
            t.extractall(work, filter="data")
        except TypeError:  # a Python without extraction filters (before 3.11.4)
            t.extractall(work)
    tree = os.path.join(work, f"{name}-{version}")
    for rel in spec.get("remove", []):
        path = os.path.join(tree, rel)
        if os.path.isdir(path) and not os.path.islink(path):
            shutil.rmtree(path)
        elif os.path.lexists(path):
            os.remove(path)
        else:
            sys.exit(f"{folder}: remove names {rel}, which {name} {version} does not have")
    for patch in spec["patches"]:
        path = os.path.join(THIRD, folder, patch)
        res = subprocess.run(["git", "apply", "-p1", "--whitespace=nowarn", path], cwd=tree,
                             capture_output=True, text=True)
        if res.returncode != 0:
            sys.exit(f"{folder}: {patch} does not apply to {name} {version}:\n{res.stderr}")
    return tree


def own_files(folder, spec):
    """Files of the vendored folder that do not come from the crate."""
    return {"vendor.toml", "PATCHES.md", *spec["patches"]}


def files(tree, skip=()):
    out = {}
    for base, dirs, names in os.walk(tree):
        dirs.sort()
        for n in names:
            path = os.path.join(base, n)
            rel = os.path.relpath(path, tree)
            if rel in skip:
                continue
            out[rel] = open(path, "rb").read() if not os.path.islink(path) else os.readlink(path).encode()
    return out


def load(folder):
    spec = tomllib.load(open(os.path.join(THIRD, folder, "vendor.toml"), "rb"))
    if "patches" not in spec:
        spec["patches"] = sorted(os.path.relpath(p, os.path.join(THIRD, folder))
                                 for p in glob.glob(os.path.join(THIRD, folder, "patches", "*.patch")))
    return spec


def main():
    if len(sys.argv) < 2 or sys.argv[1] not in ("check", "regen"):
        sys.exit(__doc__)
    mode, folders = sys.argv[1], sys.argv[2:]
    if not folders:
        folders = sorted(d for d in os.listdir(THIRD) if os.path.exists(os.path.join(THIRD, d, "vendor.toml")))
    bad = 0
    for folder in folders:
        spec = load(folder)
        with tempfile.TemporaryDirectory() as work:
            tree = build(folder, spec, work)
            want = files(tree)
            own = own_files(folder, spec)
            have = files(os.path.join(THIRD, folder), skip=own)
            if mode == "regen":
                for rel in have:
                    if rel not in want:
                        os.remove(os.path.join(THIRD, folder, rel))
                for rel, data in want.items():
                    dest = os.path.join(THIRD, folder, rel)
                    os.makedirs(os.path.dirname(dest), exist_ok=True)
                    shutil.copy2(os.path.join(tree, rel), dest)
                for base, dirs, names in os.walk(os.path.join(THIRD, folder), topdown=False):
                    if not os.listdir(base):
                        os.rmdir(base)
                print(f"{folder}: {spec['crate']} {spec['version']} + {len(spec['patches'])} patch(es) written")
                continue
            diff = sorted(set(want) ^ set(have)) + sorted(r for r in set(want) & set(have) if want[r] != have[r])
            if diff:
                bad += 1
                print(f"FAIL {folder}: the tree is not {spec['crate']} {spec['version']} plus its patches:")
                for rel in diff[:40]:
                    why = "missing" if rel not in have else "not in the crate or patches" if rel not in want else "differs"
                    print(f"  {rel}: {why}")
                print(f"  (edit a patch and run scripts/ops/vendored.py regen {folder}; see {folder}/PATCHES.md)")
            else:
                print(f"ok {folder}: {spec['crate']} {spec['version']} + {len(spec['patches'])} patch(es), "
                      f"{len(have)} files identical")
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
