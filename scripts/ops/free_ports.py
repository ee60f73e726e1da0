#!/usr/bin/env python3
"""Prints N distinct free ports on 127.0.0.1 (free for both TCP and UDP when asked)."""
import socket
import sys

n = int(sys.argv[1]) if len(sys.argv) > 1 else 1
ports, held = [], []
while len(ports) < n:
    t = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    t.bind(("127.0.0.1", 0))
    port = t.getsockname()[1]
    u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    try:
        u.bind(("127.0.0.1", port))
    except OSError:
        t.close()
        u.close()
        continue
    held += [t, u]
    # Avoid the defaults of liveroom (8080 / 9000) and etcd (2379 / 2380) by construction:
    # ephemeral ports are far above them.
    ports.append(port)
for s in held:
    s.close()
print(" ".join(map(str, ports)))
