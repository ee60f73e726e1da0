#!/usr/bin/env python3
"""A little traffic against a liveroom on loopback, so that labelled metrics (counter and
gauge vectors that print nothing until touched) appear on /metrics.

    traffic.py --http 127.0.0.1:PORT --udp 127.0.0.1:PORT [--sdkappid 1400000000]

Needs the dev UserSig endpoint (the embedded development app) and a low chat.send_rate
(the caller's config sets 1/s) so that a burst of sends is partly dropped. Touches:
sessions_closed, messages_in, messages_out, messages_dropped (user_rate), likes_folded /
messages_in{like}, actor_mailbox_depth, protocol_errors, auth_failures, media peers and
streams (a WHIP publisher whose ICE never completes), media_offers_refused,
udp_datagrams_dropped. Everything goes to 127.0.0.1 only; every wait is bounded.
"""

import argparse
import asyncio
import json
import socket
import subprocess
import sys
import urllib.error
import urllib.request

import websockets

ROOM = "opscheck"

# A complete non-trickle H.264 offer (sendonly). ICE never completes (nobody answers the
# server's STUN), which is fine: the publisher peer and the stream exist until it times out.
OFFER_H264 = (
    "v=0\r\no=- 4611731400430051336 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n"
    "a=group:BUNDLE 0\r\na=msid-semantic: WMS ops\r\n"
    "m=video 9 UDP/TLS/RTP/SAVPF 102\r\nc=IN IP4 0.0.0.0\r\na=rtcp:9 IN IP4 0.0.0.0\r\n"
    "a=ice-ufrag:opsx\r\na=ice-pwd:opscheckopscheckopscheck\r\na=ice-options:trickle\r\n"
    "a=fingerprint:sha-256 00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF:00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF\r\n"
    "a=setup:actpass\r\na=mid:0\r\na=sendonly\r\na=msid:ops video0\r\na=rtcp-mux\r\na=rtcp-rsize\r\n"
    "a=rtpmap:102 H264/90000\r\na=rtcp-fb:102 nack\r\na=rtcp-fb:102 nack pli\r\n"
    "a=fmtp:102 level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42e01f\r\n"
    "a=ssrc:1001 cname:ops\r\n"
    "a=candidate:1 1 udp 2130706431 127.0.0.1 9 typ host\r\na=end-of-candidates\r\n"
)
# Syntactically valid, no usable codec (as services/liveroom/tests/media.rs).
OFFER_NO_CODEC = (
    "v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\na=group:BUNDLE 0\r\n"
    "m=video 9 UDP/TLS/RTP/SAVPF 120\r\nc=IN IP4 0.0.0.0\r\na=mid:0\r\na=sendonly\r\na=rtcp-mux\r\n"
    "a=ice-ufrag:abcd\r\na=ice-pwd:abcdefghijklmnopqrstuvwx\r\n"
    "a=fingerprint:sha-256 00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF:00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF\r\n"
    "a=setup:actpass\r\na=rtpmap:120 X-UNKNOWN/90000\r\n"
)


def loopback_only(hostport):
    host = hostport.rsplit(":", 1)[0]
    if host not in ("127.0.0.1", "localhost"):
        sys.exit(f"refusing to send traffic to {host}: loopback only")


def http(method, url, body=None, headers=None, timeout=5):
    data = None
    hdrs = dict(headers or {})
    if body is not None:
        if isinstance(body, (dict, list)):
            data = json.dumps(body).encode()
            hdrs.setdefault("Content-Type", "application/json")
        else:
            data = body.encode()
    req = urllib.request.Request(url, data=data, method=method, headers=hdrs)
    try:
        with urllib.request.urlopen(req, timeout=timeout) as r:
            return r.status, r.read().decode()
    except urllib.error.HTTPError as e:
        return e.code, e.read().decode()


async def recv_answer(ws, want_id, timeout=5.0):
    """Reads frames until the response with id `want_id`; returns it."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while True:
        left = deadline - loop.time()
        if left <= 0:
            raise TimeoutError(f"no answer to request {want_id}")
        msg = await asyncio.wait_for(ws.recv(), left)
        if isinstance(msg, bytes):
            continue
        for line in msg.split("\n"):
            if not line:
                continue
            frame = json.loads(line)
            if frame.get("id") == want_id:
                return frame


async def command(ws, rid, cmd, data=None):
    await ws.send(json.dumps({"id": rid, "cmd": cmd, "data": data or {}}))
    return await recv_answer(ws, rid)


async def chat(base_ws, app, sig_alice, sig_bob):
    url = f"{base_ws}/im?sdkappid={app}"
    report = {}
    async with websockets.connect(url, open_timeout=5, close_timeout=2) as alice, \
            websockets.connect(url, open_timeout=5, close_timeout=2) as bob, \
            websockets.connect(url, open_timeout=5, close_timeout=2) as viewer:
        a = await command(alice, 1, "login", {"userID": "alice", "userSig": sig_alice})
        assert a.get("code") == 0, a
        c = await command(alice, 2, "enterRoom", {"roomID": ROOM})
        assert c.get("code") == 0, c
        b = await command(bob, 1, "login", {"userID": "bob", "userSig": sig_bob})
        assert b.get("code") == 0, b
        await command(bob, 2, "enterRoom", {"roomID": ROOM})
        await command(viewer, 1, "enterRoom", {"roomID": ROOM})
        # A burst over chat.send_rate (1/s, burst 2): the rest are dropped (user_rate).
        codes = []
        for i in range(6):
            r = await command(alice, 10 + i, "sendText", {"roomID": ROOM, "text": f"ops check {i}"})
            codes.append(r.get("code"))
        r = await command(bob, 20, "sendCustom", {"roomID": ROOM, "data": "like"})
        codes.append(r.get("code"))
        report["send_codes"] = codes
        # A refused frame (protocol error) and a bad UserSig (auth failure).
        r = await command(viewer, 30, "noSuchCommand", {})
        report["bad_command_code"] = r.get("code")
        r = await command(viewer, 31, "login", {"userID": "mallory", "userSig": "not-a-usersig"})
        report["bad_login_code"] = r.get("code")
        await asyncio.sleep(0.3)
    # The context managers closed all three sessions (sessions_closed{reason="client"}).
    return report


def media(base_http, app, sig_alice, udp):
    report = {}
    q = f"sdkappid={app}&roomid={ROOM}&userid=alice"
    auth = {"Authorization": f"Bearer {sig_alice}", "Content-Type": "application/sdp"}
    status, _ = http("POST", f"{base_http}/whip?{q}", OFFER_H264, auth)
    report["whip_h264_status"] = status
    status, _ = http("POST", f"{base_http}/whip?{q}&streamid={app}_{ROOM}_alice_nocodec", OFFER_NO_CODEC, auth)
    report["whip_no_codec_status"] = status
    # A datagram that is not WebRTC at all.
    host, port = udp.rsplit(":", 1)
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        for _ in range(3):
            s.sendto(b"liveroom ops-check: not a WebRTC datagram", (host, int(port)))
    return report


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--http", required=True, help="host:port of liveroom's HTTP")
    ap.add_argument("--udp", required=True, help="host:port of liveroom's media UDP")
    ap.add_argument("--sdkappid", type=int, default=1400000000)
    ap.add_argument("--bin", help="the liveroom binary: sign UserSigs with `liveroom usersig` (a cluster node has no dev endpoint)")
    ap.add_argument("--secret", help="the app secret, with --bin")
    args = ap.parse_args()
    loopback_only(args.http)
    loopback_only(args.udp)
    base = f"http://{args.http}"
    app = args.sdkappid
    sigs = {}
    for user in ("alice", "bob"):
        if args.bin:
            env = {"LIVEROOM_SECRET": args.secret or "", "PATH": "/usr/bin:/bin"}
            out = subprocess.run([args.bin, "usersig", "--sdkappid", str(app), "--user", user],
                                 env=env, capture_output=True, text=True, check=True)
            sigs[user] = out.stdout.strip()
            continue
        status, body = http("POST", f"{base}/api/dev/usersig?sdkappid={app}", {"userID": user})
        if status != 200:
            sys.exit(f"dev usersig for {user}: HTTP {status} {body}")
        sigs[user] = json.loads(body)["userSig"]
    status, body = http("POST", f"{base}/api/rooms?sdkappid={app}&identifier=alice&usersig={sigs['alice']}",
                        {"title": "ops check", "roomId": ROOM})
    if status not in (201, 409):
        sys.exit(f"create room: HTTP {status} {body}")
    report = {"create_room_status": status}
    report.update(asyncio.run(asyncio.wait_for(chat(f"ws://{args.http}", app, sigs["alice"], sigs["bob"]), 30)))
    report.update(media(base, app, sigs["alice"], args.udp))
    status, body = http("GET", f"{base}/api/rooms?sdkappid={app}")
    report["rooms_listed"] = len(json.loads(body).get("rooms", [])) if status == 200 else None
    print(json.dumps(report))


if __name__ == "__main__":
    main()
