#!/usr/bin/env bash
# A short run of every benchmark scenario, to prove the scenarios still work end to end.
# Full runs and their figures: docs/BENCHMARKS.md. Usage: smoke.sh [target dir]
set -euo pipefail
bin=${1:-target/release}
"$bin/liveroom-load" chat --server-bin "$bin/liveroom" --members 300 --rate 20 --duration 3 --warmup 1
"$bin/liveroom-load" media --server-bin "$bin/liveroom" --subscribers 5 --duration 3 --warmup 1 --max-loss-pct 1
# The same with the subscribers taking the server's GSO messages whole (UDP_GRO).
"$bin/liveroom-load" media --server-bin "$bin/liveroom" --subscribers 5 --duration 3 --warmup 1 --max-loss-pct 1 --receiver-gro
# A publisher paced like a browser's (a frame's packets spread out, not sent together).
"$bin/liveroom-load" media --server-bin "$bin/liveroom" --subscribers 5 --duration 3 --warmup 1 --max-loss-pct 1 --pace-factor 2.5
# The server pinned to one CPU, the load generator to the others, its receivers polling.
"$bin/liveroom-load" media --server-bin "$bin/liveroom" --subscribers 5 --duration 3 --warmup 1 --max-loss-pct 1 --receiver-gro --pin --busy-poll
# 80 viewers over two fan-out threads (a stream of 64 or more is split between them).
LIVEROOM_MEDIA__FANOUT_THREADS=2 \
  "$bin/liveroom-load" media --server-bin "$bin/liveroom" --subscribers 80 --duration 3 --warmup 1 --max-loss-pct 1
# 5 % of the RTP reaching each subscriber dropped: NACK and the server's retransmissions
# must repair the video (audio has no NACK).
"$bin/liveroom-load" media --server-bin "$bin/liveroom" --subscribers 5 --duration 3 --warmup 1 --drop-pct 5 --max-video-loss-pct 0.5
# The same with subscribers that offer RTX, as browsers do: the repairs must come on RTX
# streams.
"$bin/liveroom-load" media --server-bin "$bin/liveroom" --subscribers 5 --duration 3 --warmup 1 --drop-pct 5 --max-video-loss-pct 0.5 --rtx --expect-rtx
# Viewers without AES-GCM (their SRTP goes through the rtc context, not in place), with
# loss repaired through that path too.
"$bin/liveroom-load" media --server-bin "$bin/liveroom" --subscribers 5 --duration 3 --warmup 1 --drop-pct 5 --max-video-loss-pct 0.5 --srtp aes-cm
# One viewer of four loses 40 %: the server must pause its video (audio only) while the
# clean viewers lose nothing.
"$bin/liveroom-load" media --server-bin "$bin/liveroom" --subscribers 4 --duration 6 --warmup 1 --drop-pct 40 \
    --lossy-subscribers 1 --expect-degraded 1 --max-clean-video-loss-pct 0.5
"$bin/liveroom-load" cdn --server-bin "$bin/liveroom" --viewers 20 --format flv --duration 3 --warmup 1
"$bin/liveroom-load" cdn --server-bin "$bin/liveroom" --viewers 20 --format hls --duration 3 --warmup 1
# RTMP publishers (ffmpeg, -c copy): ingest, AAC → Opus, packaging.
"$bin/liveroom-load" rtmp --server-bin "$bin/liveroom" --streams 2 --duration 3 --warmup 1
"$bin/liveroom-load" chat --server-bin "$bin/liveroom" --members 300 --rate 20 --duration 3 --warmup 1 --nodes 3
"$bin/liveroom-load" failover --server-bin "$bin/liveroom" --runs 1
"$bin/liveroom-load" drain --server-bin "$bin/liveroom" --runs 1 --messages 60
# The checker under a short nemesis: the owner SIGKILLed, then the new owner paused past its
# lease (the full 20-event run: docs/BENCHMARKS.md "Chaos").
"$bin/liveroom-load" chaos --server-bin "$bin/liveroom" --events 2 --nemesis kill,pause
