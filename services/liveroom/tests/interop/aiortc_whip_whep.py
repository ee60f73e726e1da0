#!/usr/bin/env python3
"""Interop test: liveroom's WebRTC SFU against aiortc, an independent non-browser WebRTC stack.

One aiortc peer publishes a synthetic moving picture (640x360) and a 400 Hz tone over WHIP;
a second aiortc peer plays the same stream over WHEP (recvonly audio + video) and counts the
frames it decodes for --seconds. H.264 is forced with setCodecPreferences when aiortc can
encode it (it can when PyAV ships libx264), VP8 otherwise.

Usage:
    python aiortc_whip_whep.py --server http://127.0.0.1:PORT --sdkappid N --room R [--seconds S]
                               [--codec auto|h264|vp8] [--consent-interval LO,HI] [--debug]

The server must run with `[dev] usersig_endpoint = true`. Prints one JSON line, DELETEs the
WHIP and WHEP resources, and exits 0; exits 1 with a `FAIL:` line on stderr otherwise.
Traffic goes only to loopback: the server URL and its ICE candidates must be 127.0.0.1 /
localhost, and aiortc gathers only a 127.0.0.1 host candidate, with no STUN server.

Needs: python3 -m venv target/pyenv && target/pyenv/bin/pip install aiortc==1.16.0
(stdlib otherwise, no numpy). The room may already exist if the anchor owns it (reruns).
"""

import argparse
import array
import asyncio
import fractions
import ipaddress
import json
import logging
import math
import sys
import time
import urllib.error
import urllib.parse
import urllib.request

import aioice.ice
import av
from aiortc import (
    RTCConfiguration,
    RTCPeerConnection,
    RTCRtpSender,
    RTCSessionDescription,
)
from aiortc.mediastreams import AudioStreamTrack, MediaStreamError, VideoStreamTrack
from aiortc.rtcconfiguration import RTCBundlePolicy

WIDTH, HEIGHT = 640, 360
MIN_VIDEO_FRAMES = 30
HTTP_TIMEOUT = 10.0  # each HTTP request
CONNECT_TIMEOUT = 15.0  # ICE + DTLS of one peer
WHEP_RETRY_FOR = 20.0  # WHEP answers 404 (60022) until the publisher's media flows
TONE_HZ = 400  # 48000 / 400 = 120 samples per period: a 20 ms frame holds 8 whole periods

# Loopback only: aioice would otherwise offer every non-loopback address of the machine.
aioice.ice.get_host_addresses = lambda use_ipv4, use_ipv6: ["127.0.0.1"] if use_ipv4 else []


def space_consent_checks(lo, hi):
    """Both peers send an ICE consent check (RFC 7675) every lo..hi seconds, drawn evenly.

    aioice waits CONSENT_INTERVAL x (0.8 + 0.4 r) between checks, r from its `random` module:
    a module of our own there draws r so that the wait falls in [lo, hi]."""
    import random as real_random
    import types

    mid = (lo + hi) / 2
    aioice.ice.CONSENT_INTERVAL = mid

    def r():
        wait = lo + (hi - lo) * real_random.random()
        return (wait / mid - 0.8) / 0.4

    aioice.ice.random = types.SimpleNamespace(random=r)


class Fail(Exception):
    pass


# ---------------------------------------------------------------------------------------------
# Synthetic media


class MovingPattern(VideoStreamTrack):
    """640x360 yuv420p: a diagonal luma ramp that scrolls, plus a white square that moves."""

    def __init__(self):
        super().__init__()
        self.n = 0
        self.ramp = bytes(i & 0xFF for i in range(256 + WIDTH + HEIGHT))
        self.u = bytes([90]) * (WIDTH // 2 * HEIGHT // 2)
        self.v = bytes([200]) * (WIDTH // 2 * HEIGHT // 2)

    async def recv(self):
        pts, time_base = await self.next_timestamp()
        shift = (self.n * 3) & 0xFF
        rows = [self.ramp[shift + y : shift + y + WIDTH] for y in range(HEIGHT)]
        # a 64x64 white square running along the picture
        bx = (self.n * 8) % (WIDTH - 64)
        by = (self.n * 4) % (HEIGHT - 64)
        square = b"\xeb" * 64
        for y in range(by, by + 64):
            r = rows[y]
            rows[y] = r[:bx] + square + r[bx + 64 :]
        frame = av.VideoFrame(WIDTH, HEIGHT, "yuv420p")
        frame.planes[0].update(b"".join(rows))
        frame.planes[1].update(self.u)
        frame.planes[2].update(self.v)
        frame.pts = pts
        frame.time_base = time_base
        self.n += 1
        return frame


class Tone(AudioStreamTrack):
    """48 kHz mono s16 sine, 20 ms frames, paced in real time."""

    RATE = 48000
    SAMPLES = 960

    def __init__(self):
        super().__init__()
        period = self.RATE // TONE_HZ
        one = array.array("h", (int(8000 * math.sin(2 * math.pi * i / period)) for i in range(period)))
        self.payload = (one * (self.SAMPLES // period)).tobytes()
        self._t0 = None
        self._ts = 0

    async def recv(self):
        if self.readyState != "live":
            raise MediaStreamError
        if self._t0 is None:
            self._t0 = time.time()
        else:
            self._ts += self.SAMPLES
            wait = self._t0 + self._ts / self.RATE - time.time()
            if wait > 0:
                await asyncio.sleep(wait)
        frame = av.AudioFrame(format="s16", layout="mono", samples=self.SAMPLES)
        frame.planes[0].update(self.payload)
        frame.pts = self._ts
        frame.sample_rate = self.RATE
        frame.time_base = fractions.Fraction(1, self.RATE)
        return frame


# ---------------------------------------------------------------------------------------------
# HTTP (stdlib, run in a thread so the event loop keeps pacing media)


def _http(method, url, body=None, headers=None):
    data = None
    headers = dict(headers or {})
    if body is not None:
        data = body if isinstance(body, bytes) else body.encode()
    req = urllib.request.Request(url, data=data, method=method, headers=headers)
    try:
        with urllib.request.urlopen(req, timeout=HTTP_TIMEOUT) as resp:
            return resp.status, dict(resp.headers), resp.read().decode()
    except urllib.error.HTTPError as e:
        return e.code, dict(e.headers), e.read().decode(errors="replace")
    except (urllib.error.URLError, OSError) as e:
        raise Fail(f"{method} {url}: {e}") from e


DEBUG = logging.getLogger("interop")


async def http(method, url, body=None, headers=None):
    if body and "application/sdp" in (headers or {}).get("Content-Type", ""):
        DEBUG.debug("%s %s offer:\n%s", method, url, body)
    st, hdrs, text = await asyncio.to_thread(_http, method, url, body, headers)
    DEBUG.debug("-> %s %s\n%s", st, hdrs.get("Location", ""), text)
    return st, hdrs, text


def check_loopback_url(server):
    host = urllib.parse.urlsplit(server).hostname or ""
    if host != "localhost":
        try:
            if not ipaddress.ip_address(host).is_loopback:
                raise ValueError
        except ValueError:
            raise Fail(f"--server must be a loopback address (127.0.0.1 / localhost), got {host!r}")


def check_loopback_candidates(sdp, what):
    for line in sdp.splitlines():
        if line.startswith("a=candidate:"):
            addr = line.split()[4]
            try:
                ok = ipaddress.ip_address(addr).is_loopback
            except ValueError:
                ok = False
            if not ok:
                raise Fail(f"{what} answer has a non-loopback candidate, refusing to connect: {line}")


def first_candidate(sdp):
    """`host:port` of the answer's first ICE candidate (where media goes)."""
    for line in sdp.splitlines():
        if line.startswith("a=candidate:"):
            parts = line.split()
            return f"{parts[4]}:{parts[5]}"
    return None


def section_lines(sdp, kind):
    """The lines of the first `m=<kind>` section."""
    lines, section = [], None
    for line in sdp.splitlines():
        if line.startswith("m="):
            if section == kind:
                break
            section = line[2:].split()[0]
        elif section == kind:
            lines.append(line)
    return lines


def m_section(sdp, kind):
    """(payload types in order, {pt: encoding name}) of the first `m=<kind>` section."""
    section = None
    pts = []
    rtpmap = {}
    for line in sdp.splitlines():
        if line.startswith("m="):
            if section == kind:
                break
            parts = line.split()
            section = line[2:].split()[0]
            if section == kind:
                pts = parts[3:] if len(parts) > 3 and parts[1] != "0" else []
        elif section == kind and line.startswith("a=rtpmap:"):
            pt, enc = line[len("a=rtpmap:") :].split(" ", 1)
            rtpmap[pt] = enc.split("/")[0]
    return pts, rtpmap


def negotiated_codec(sdp, kind):
    """Encoding name of the first payload type of the first `m=<kind>` section."""
    pts, rtpmap = m_section(sdp, kind)
    return rtpmap.get(pts[0]) if pts else None


def record_payload_types(receiver, seen):
    """Note the RTP payload types a receiver gets (aiortc has no public hook for this)."""
    inner = getattr(receiver, "_handle_rtp_packet", None)
    if inner is None:
        return

    async def handle(packet, *a, **kw):
        seen[packet.payload_type] = seen.get(packet.payload_type, 0) + 1
        return await inner(packet, *a, **kw)

    receiver._handle_rtp_packet = handle


# ---------------------------------------------------------------------------------------------


def new_pc():
    # iceServers=[]: aiortc's default is a public STUN server. Bundle policy stays BALANCED:
    # with MAX_BUNDLE, aiortc 1.16.0 keeps only the *last* m-section's candidates for the shared
    # transport (setRemoteDescription's `iceCandidates[iceTransport] = media`), and liveroom, like
    # RFC 8843 allows, puts its candidates only in the first (tagged) m-section, so aiortc would
    # never start connectivity checks. BALANCED gathers per m-section, then drops the bundled ones.
    return RTCPeerConnection(RTCConfiguration(iceServers=[], bundlePolicy=RTCBundlePolicy.BALANCED))


async def wait_connected(pc, what):
    deadline = time.monotonic() + CONNECT_TIMEOUT
    while pc.connectionState != "connected":
        if pc.connectionState in ("failed", "closed"):
            raise Fail(f"{what}: connection {pc.connectionState}")
        if time.monotonic() > deadline:
            raise Fail(
                f"{what}: not connected after {CONNECT_TIMEOUT:.0f}s "
                f"(ice={pc.iceConnectionState}, connection={pc.connectionState})"
            )
        await asyncio.sleep(0.05)


def h264_encoder_available():
    try:
        av.codec.Codec("libx264", "w")
        return True
    except Exception:
        return False


class Counter:
    def __init__(self):
        self.video_frames = 0
        self.changed_frames = 0
        self.sizes = {}
        self.audio_frames = 0
        self.audio_sq = 0.0
        self.audio_samples = 0
        self.first_video_at = None
        self.last_video_at = None
        self.longest_video_gap = 0.0
        self.errors = []
        self._last_luma = None


async def consume(track, counter, stop_at):
    try:
        while True:
            left = stop_at - time.monotonic()
            if left <= 0:
                return
            try:
                frame = await asyncio.wait_for(track.recv(), timeout=left)
            except asyncio.TimeoutError:
                return
            if time.monotonic() > stop_at:
                return
            if track.kind == "video":
                now = time.monotonic()
                if counter.first_video_at is None:
                    counter.first_video_at = now
                else:
                    counter.longest_video_gap = max(counter.longest_video_gap, now - counter.last_video_at)
                counter.last_video_at = now
                counter.video_frames += 1
                size = (frame.width, frame.height)
                counter.sizes[size] = counter.sizes.get(size, 0) + 1
                luma = hash(bytes(frame.planes[0]))
                if counter._last_luma is not None and luma != counter._last_luma:
                    counter.changed_frames += 1
                counter._last_luma = luma
            else:
                counter.audio_frames += 1
                if frame.format.name == "s16":  # numpy-free: read the packed s16 plane
                    # the plane's buffer is padded: keep samples x channels values
                    n = frame.samples * len(frame.layout.channels)
                    samples = array.array("h", bytes(frame.planes[0]))[:n:8]
                    counter.audio_sq += sum(s * s for s in samples)
                    counter.audio_samples += len(samples)
    except MediaStreamError:
        return
    except Exception as e:  # surfaced by the caller
        counter.errors.append(f"{track.kind} receiver: {e!r}")


async def run(args):
    server = args.server.rstrip("/")
    check_loopback_url(server)
    # WHEP may go to another node of a cluster than WHIP.
    play_server = (args.play_server or args.server).rstrip("/")
    check_loopback_url(play_server)
    app = args.sdkappid
    room = args.room
    out = {}
    pub = new_pc()
    sub = new_pc()
    resources = []  # (Location path, the UserSig that created it) to DELETE
    tasks = []
    passed = False
    try:
        # --- UserSigs and the room
        sigs = {}
        for user in ("anchor", "viewer"):
            if args.secret:
                # A cluster node has no dev endpoint: sign as the app's backend would, with
                # Tencent's reference library.
                from TLSSigAPIv2 import TLSSigAPIv2

                sigs[user] = TLSSigAPIv2(app, args.secret).gen_sig(user, 3600)
                continue
            st, _, body = await http(
                "POST",
                f"{server}/api/dev/usersig?sdkappid={app}",
                json.dumps({"userID": user}),
                {"Content-Type": "application/json"},
            )
            if st != 200:
                raise Fail(f"dev usersig for {user}: HTTP {st} {body}")
            sigs[user] = json.loads(body)["userSig"]
        if args.play_only:
            out["published_codec"] = "H264"
        st, _, body = (201, {}, "") if args.play_only else await http(
            "POST",
            f"{server}/api/rooms?sdkappid={app}&identifier=anchor&usersig={urllib.parse.quote(sigs['anchor'], safe='')}",
            json.dumps({"title": "aiortc interop", "roomId": room}),
            {"Content-Type": "application/json"},
        )
        if args.play_only:
            out["room"] = "exists (played only)"
        elif st == 201:
            out["room"] = "created"
        elif st == 409 and '"code":10025' in body.replace(" ", ""):
            out["room"] = "existed (owned by anchor)"
        else:
            raise Fail(f"create room {room}: HTTP {st} {body}")

        # --- WHIP publish (unless someone else publishes: --play-only)
        if not args.play_only:
            await publish(args, pub, server, app, room, sigs, out, resources)

        # --- WHEP play
        await play(args, sub, play_server, app, room, sigs, out, resources, tasks)
        passed = True
    finally:
        for t in tasks:
            t.cancel()
        delete_errors = []
        for loc, token in resources:
            base = play_server if loc.startswith("/whep/") else server
            try:
                # RFC 9725: the resource is ended with the credential that created it.
                st, _, body = await http("DELETE", f"{base}{loc}", None, {"Authorization": f"Bearer {token}"})
                if st != 200:
                    delete_errors.append(f"DELETE {loc}: HTTP {st} {body}")
            except Fail as e:
                delete_errors.append(str(e))
        for pc in (sub, pub):
            try:
                await asyncio.wait_for(pc.close(), timeout=5)
            except Exception:
                pass
        if delete_errors and passed:
            raise Fail("; ".join(delete_errors))
        for e in delete_errors:
            print(f"also: {e}", file=sys.stderr)


async def publish(args, pub, server, app, room, sigs, out, resources):
    """Publishes the moving pattern and the tone over WHIP as `anchor`."""
    want_h264 = h264_encoder_available() if args.codec == "auto" else args.codec == "h264"
    vt = pub.addTransceiver(MovingPattern(), direction="sendonly")
    pub.addTransceiver(Tone(), direction="sendonly")
    caps = RTCRtpSender.getCapabilities("video").codecs
    wanted = "video/H264" if want_h264 else "video/VP8"
    prefs = [c for c in caps if c.mimeType == wanted]
    if not prefs:
        raise Fail(f"aiortc offers no {wanted}")
    vt.setCodecPreferences(prefs)
    await pub.setLocalDescription(await pub.createOffer())  # gathers candidates: non-trickle
    st, hdrs, body = await http(
        "POST",
        f"{server}/whip?sdkappid={app}&roomid={room}&userid=anchor",
        pub.localDescription.sdp,
        {"Content-Type": "application/sdp", "Authorization": f"Bearer {sigs['anchor']}"},
    )
    if st != 201:
        raise Fail(f"WHIP POST: HTTP {st} {body}")
    loc = hdrs.get("Location") or hdrs.get("location")
    if not loc or not loc.startswith("/whip/"):
        raise Fail(f"WHIP POST: bad Location {loc!r}")
    resources.append((loc, sigs["anchor"]))
    check_loopback_candidates(body, "WHIP")
    out["whip_media"] = first_candidate(body)
    out["published_codec"] = negotiated_codec(body, "video")
    out["published_audio_codec"] = negotiated_codec(body, "audio")
    if out["published_codec"] != wanted.split("/")[1]:
        raise Fail(f"WHIP answer chose video {out['published_codec']}, offered only {wanted}")
    await pub.setRemoteDescription(RTCSessionDescription(sdp=body, type="answer"))
    await wait_connected(pub, "WHIP publisher")


async def play(args, sub, play_server, app, room, sigs, out, resources, tasks):
    """Plays the room's stream over WHEP as `viewer` and judges what arrives."""
    stream = f"&streamid={args.stream}" if args.stream else ""
    sub_video = sub.addTransceiver("video", direction="recvonly")
    sub.addTransceiver("audio", direction="recvonly")
    video_pts = {}
    record_payload_types(sub_video.receiver, video_pts)
    counter = Counter()
    pending_tracks = []
    sub.on("track", pending_tracks.append)
    await sub.setLocalDescription(await sub.createOffer())
    deadline = time.monotonic() + WHEP_RETRY_FOR
    attempts = 0
    while True:
        attempts += 1
        st, hdrs, body = await http(
            "POST",
            f"{play_server}/whep?sdkappid={app}&roomid={room}&userid=viewer{stream}",
            sub.localDescription.sdp,
            {"Content-Type": "application/sdp", "Authorization": f"Bearer {sigs['viewer']}"},
        )
        if st == 201:
            break
        if st == 404 and "60022" in body and time.monotonic() < deadline:
            await asyncio.sleep(0.25)
            continue
        raise Fail(f"WHEP POST (attempt {attempts}): HTTP {st} {body}")
    out["whep_attempts"] = attempts
    loc = hdrs.get("Location") or hdrs.get("location")
    if not loc or not loc.startswith("/whep/"):
        raise Fail(f"WHEP POST: bad Location {loc!r}")
    resources.append((loc, sigs["viewer"]))
    check_loopback_candidates(body, "WHEP")
    out["whep_media"] = first_candidate(body)
    whep_answer = body
    out["played_audio_codec"] = negotiated_codec(body, "audio")
    # aiortc offers video/rtx, so the answer must announce the RTX stream the server
    # retransmits on (RFC 4588 + RFC 5576: a=ssrc-group:FID <media> <rtx>).
    if "rtx/90000" in sub.localDescription.sdp:
        groups = [l.split()[1:] for l in section_lines(body, "video") if l.startswith("a=ssrc-group:FID ")]
        declared = {l.split()[0][len("a=ssrc:") :] for l in section_lines(body, "video") if l.startswith("a=ssrc:")}
        if len(groups) != 1 or len(groups[0]) != 2 or not set(groups[0]) <= declared:
            raise Fail(f"WHEP answer: no RTX stream announced for the video: {groups} / {declared}")
        out["whep_rtx_ssrc_group"] = groups[0]
    started = time.monotonic()
    stop_at = started + args.seconds
    await sub.setRemoteDescription(RTCSessionDescription(sdp=body, type="answer"))
    kinds = sorted(t.kind for t in pending_tracks)
    if kinds != ["audio", "video"]:
        raise Fail(f"WHEP: expected an audio and a video track, got {kinds}")
    tasks.extend(asyncio.ensure_future(consume(t, counter, stop_at)) for t in pending_tracks)
    await wait_connected(sub, "WHEP viewer")
    await asyncio.wait_for(asyncio.gather(*tasks), timeout=args.seconds + 5)

    # --- results
    (w, h), _ = max(counter.sizes.items(), key=lambda kv: kv[1]) if counter.sizes else ((None, None), 0)
    _, rtpmap = m_section(whep_answer, "video")
    out["played_codec"] = "+".join(sorted({rtpmap.get(str(pt), f"pt{pt}") for pt in video_pts})) or None
    out["whep_answer_first_video_codec"] = negotiated_codec(whep_answer, "video")
    received_names = {rtpmap.get(str(pt)) for pt in video_pts}
    rms = math.sqrt(counter.audio_sq / counter.audio_samples) if counter.audio_samples else 0.0
    out.update(
        video_frames=counter.video_frames,
        width=w,
        height=h,
        audio_frames=counter.audio_frames,
        changed_video_frames=counter.changed_frames,
        first_video_frame_s=round(counter.first_video_at - started, 3) if counter.first_video_at else None,
        # frames per second from the first video frame to the end, and the longest stall
        video_fps=round((counter.video_frames - 1) / (stop_at - counter.first_video_at), 2)
        if counter.first_video_at and stop_at > counter.first_video_at
        else None,
        longest_video_gap_s=round(counter.longest_video_gap, 3),
        audio_rms=round(rms),
        seconds=args.seconds,
    )
    out = {k: out[k] for k in ("published_codec", "video_frames", "width", "height", "audio_frames")} | out
    print(json.dumps(out), flush=True)

    problems = list(counter.errors)
    if counter.video_frames < MIN_VIDEO_FRAMES:
        problems.append(f"only {counter.video_frames} video frames (< {MIN_VIDEO_FRAMES})")
    if counter.sizes and set(counter.sizes) != {(WIDTH, HEIGHT)}:
        problems.append(f"video frame sizes {counter.sizes}, expected only {WIDTH}x{HEIGHT}")
    if counter.video_frames >= 2 and counter.changed_frames < counter.video_frames // 2:
        problems.append(f"picture hardly moves: {counter.changed_frames} of {counter.video_frames} frames changed")
    if video_pts and out["published_codec"] not in received_names:
        problems.append(f"viewer got video as {out['played_codec']}, published as {out['published_codec']}")
    if counter.audio_frames == 0:
        problems.append("no audio frames")
    elif rms < 500:
        problems.append(f"audio is (near) silent: RMS {rms:.0f}, the tone decodes to ~4000")
    if problems:
        raise Fail("; ".join(problems))


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--server", required=True, help="http://127.0.0.1:PORT")
    p.add_argument("--play-server", help="node to play from over WHEP (default: --server)")
    p.add_argument("--sdkappid", required=True, type=int)
    p.add_argument("--secret", help="the app secret: sign UserSigs here instead of asking the dev endpoint")
    p.add_argument("--room", required=True)
    p.add_argument("--seconds", type=float, default=6.0)
    p.add_argument(
        "--codec",
        choices=("auto", "h264", "vp8"),
        default="auto",
        help="video codec to publish; auto = H.264 when PyAV has libx264, else VP8",
    )
    p.add_argument(
        "--consent-interval",
        help="LO,HI: both peers send ICE consent checks every LO..HI seconds (aioice: 4..6)",
    )
    p.add_argument(
        "--play-only",
        action="store_true",
        help="only play (the room exists and someone else publishes, e.g. ffmpeg over RTMP)",
    )
    p.add_argument("--stream", help="the stream id to play (default: the room owner's main stream)")
    p.add_argument("--debug", action="store_true", help="log aiortc/aioice and print SDPs to stderr")
    args = p.parse_args()
    if args.debug:
        logging.basicConfig(level=logging.DEBUG, stream=sys.stderr)
    if args.consent_interval:
        lo, hi = (float(x) for x in args.consent_interval.split(","))
        if not 0 < lo <= hi:
            p.error("--consent-interval LO,HI with 0 < LO <= HI")
        space_consent_checks(lo, hi)
    budget = args.seconds + HTTP_TIMEOUT * 8 + CONNECT_TIMEOUT * 2 + WHEP_RETRY_FOR + 30
    try:
        asyncio.run(asyncio.wait_for(run(args), timeout=budget))
    except Fail as e:
        print(f"FAIL: {e}", file=sys.stderr)
        sys.exit(1)
    except asyncio.TimeoutError:
        print(f"FAIL: the whole test took longer than {budget:.0f}s", file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    main()
