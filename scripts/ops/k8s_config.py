#!/usr/bin/env python3
"""Runs the liveroom StatefulSet's `config` init container command outside Kubernetes:
the ConfigMap's liveroom.toml and the example Secret's apps.toml in a temp folder, the
downward-API addresses set to documentation addresses, the binary under test instead of
/usr/local/bin/liveroom. The command ends with `liveroom config check`; this also checks
that the placeholders were filled in.

    k8s_config.py LIVEROOM_BIN WORKDIR
"""
import os
import subprocess
import sys

import yaml

bin_path, work = sys.argv[1], sys.argv[2]
base, apps, run = (os.path.join(work, d) for d in ("base", "apps", "run"))
for d in (base, apps, run):
    os.makedirs(d, exist_ok=True)
cm = yaml.safe_load(open("k8s/liveroom/configmap.yaml"))
open(os.path.join(base, "liveroom.toml"), "w").write(cm["data"]["liveroom.toml"])
secret = yaml.safe_load(open("k8s/examples/apps-secret.example.yaml"))
open(os.path.join(apps, "apps.toml"), "w").write(secret["stringData"]["apps.toml"])
open(os.path.join(apps, "link-token"), "w").write(secret["stringData"]["link-token"])

sts = yaml.safe_load(open("k8s/liveroom/statefulset.yaml"))
init = next(c for c in sts["spec"]["template"]["spec"]["initContainers"] if c["name"] == "config")
mounts = {m["name"]: m["mountPath"] for m in init["volumeMounts"]}
script = init["args"][0]
for name, local in (("config", base), ("apps", apps), ("run", run)):
    script = script.replace(mounts[name], local)
script = script.replace("/usr/local/bin/liveroom", bin_path)
assert init["command"] == ["/bin/sh", "-c"], init["command"]
env = {"PATH": "/usr/bin:/bin", "HOST_IP": "203.0.113.7", "POD_IP": "10.1.2.3"}
r = subprocess.run(["/bin/sh", "-c", script], env=env, capture_output=True, text=True, timeout=30)
print(r.stdout.strip(), r.stderr.strip())
if r.returncode != 0:
    sys.exit(f"the init container's command failed ({r.returncode})")
merged = open(os.path.join(run, "liveroom.toml")).read()
token = secret["stringData"]["link-token"]
for want in ('advertise = "203.0.113.7:9000"', 'advertise_http = "10.1.2.3:8080"', f'link_token = "{token}"', "[[apps]]"):
    if want not in merged:
        sys.exit(f"merged configuration lacks {want!r}")
if "@HOST_IP@" in merged or "@POD_IP@" in merged or "@LINK_TOKEN@" in merged:
    sys.exit("placeholders left in the merged configuration")
print(f"merged configuration: {len(merged.splitlines())} lines, addresses and link token filled in, 1 app")
