#!/usr/bin/env python3
"""deploy/liveroom.example.toml documents every option `liveroom config default` prints,
with the default value; options may be commented out (`# key = value`) but must be there.

    check_example_config.py DEFAULT.toml EXAMPLE.toml OUT-with-apps.toml

Also writes OUT-with-apps.toml: the example with its commented [[apps]] block turned on,
so the caller can `liveroom config check` the documented app syntax.
"""
import re
import sys
import tomllib

default_path, example_path, out_path = sys.argv[1:4]
default = tomllib.load(open(default_path, "rb"))
text = open(example_path).read()
example = tomllib.loads(text)


def flat(d, prefix=""):
    out = {}
    for k, v in d.items():
        key = f"{prefix}{k}"
        if isinstance(v, dict):
            out.update(flat(v, key + "."))
        else:
            out[key] = v
    return out


defaults = flat(default)
active = flat(example)
commented = {}
section = ""
for line in text.splitlines():
    m = re.match(r"^\s*\[([a-z_]+)\]\s*$", line)
    if m:
        section = m.group(1)
        continue
    m = re.match(r"^#\s*\[\[([a-z_]+)\]\]\s*$", line)
    if m:
        section = m.group(1)
        continue
    m = re.match(r"^#\s*([a-z_]+)\s*=\s*(.+?)\s*$", line)
    if m:
        try:
            value = tomllib.loads(f"v = {m.group(2)}")["v"]
        except tomllib.TOMLDecodeError:
            continue
        commented[f"{section}.{m.group(1)}" if section else m.group(1)] = value

problems = []
for key, value in sorted(defaults.items()):
    if key == "apps":
        if "apps.sdkappid" not in commented and "apps" not in active:
            problems.append("no [[apps]] example")
        continue
    if key in active:
        if active[key] != value:
            problems.append(f"{key} = {active[key]!r} in the example, default is {value!r}")
    elif key in commented:
        if commented[key] != value:
            problems.append(f"{key} (commented) = {commented[key]!r} in the example, default is {value!r}")
    else:
        problems.append(f"{key} (default {value!r}) is not documented in {example_path}")
for key in sorted(active):
    if key not in defaults:
        problems.append(f"{key} is set in the example but `liveroom config default` does not print it")
extra = sorted(k for k in commented if k not in defaults and not k.startswith("apps."))
if extra:
    print(f"documented but not printed by `config default` (optional options): {', '.join(extra)}")
for p in problems:
    print("FAIL", p)
print(f"{len(defaults)} default options, {len(active)} set in the example, {len(commented)} commented")

# The example with the [[apps]] block uncommented.
out, in_apps = [], False
for line in text.splitlines():
    if re.match(r"^#\s*\[\[apps\]\]\s*$", line):
        in_apps = True
    elif in_apps and not line.startswith("#"):
        in_apps = False
    out.append(re.sub(r"^# ?", "", line, count=1) if in_apps else line)
open(out_path, "w").write("\n".join(out) + "\n")
sys.exit(1 if problems else 0)
