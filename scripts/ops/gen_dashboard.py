#!/usr/bin/env python3
"""Generates deploy/grafana/liveroom.json, the Grafana dashboard for liveroom.

    python3 scripts/ops/gen_dashboard.py > deploy/grafana/liveroom.json

scripts/ops-check.sh fails when the committed JSON differs from this output, and checks
every expression in it against a running liveroom + etcd scraped by a real Prometheus.
Only metrics that liveroom (shared/telemetry) or etcd export may appear; the CDN row uses
the CDN relay's metrics and is verified once a binary exports them.
"""

import json
import sys

DS = {"type": "prometheus", "uid": "${datasource}"}
SEL = 'job="$job", instance=~"$instance"'
ETCD = 'job="$etcd_job"'
RI = "$__rate_interval"

_next_id = [0]


def _id():
    _next_id[0] += 1
    return _next_id[0]


def target(expr, legend="", ref="A", instant=False):
    t = {"datasource": DS, "expr": expr, "legendFormat": legend or "__auto", "refId": ref, "range": not instant}
    if instant:
        t["instant"] = True
    return t


def panel(kind, title, targets, x, y, w=8, h=7, unit="short", description="", **extra):
    p = {
        "id": _id(),
        "type": kind,
        "title": title,
        "description": description,
        "datasource": DS,
        "gridPos": {"x": x, "y": y, "w": w, "h": h},
        "targets": [target(*t) if isinstance(t, tuple) else t for t in targets],
        "fieldConfig": {"defaults": {"unit": unit}, "overrides": []},
        "options": {},
    }
    if kind == "timeseries":
        p["fieldConfig"]["defaults"]["custom"] = {"drawStyle": "line", "lineWidth": 1, "fillOpacity": 10}
        p["options"] = {"legend": {"displayMode": "table", "placement": "bottom", "calcs": ["lastNotNull", "max"]},
                        "tooltip": {"mode": "multi", "sort": "desc"}}
    if kind == "stat":
        p["options"] = {"reduceOptions": {"calcs": ["lastNotNull"], "fields": "", "values": False},
                        "colorMode": "value", "graphMode": "area", "textMode": "auto"}
    p.update(extra)
    return p


def row(title, y, collapsed=False):
    return {"id": _id(), "type": "row", "title": title, "collapsed": collapsed, "gridPos": {"x": 0, "y": y, "w": 24, "h": 1},
            "panels": []}


def text(title, content, x, y, w=24, h=3):
    return {"id": _id(), "type": "text", "title": title, "gridPos": {"x": x, "y": y, "w": w, "h": h},
            "options": {"mode": "markdown", "content": content}}


def p50_p99(histogram):
    """The p50 and p99 targets of a liveroom histogram, over all instances."""
    return [
        (f"histogram_quantile({q}, sum by (le) (rate({histogram}_bucket{{{SEL}}}[{RI}])))", name, ref)
        for q, name, ref in ((0.5, "p50", "A"), (0.99, "p99", "B"))
    ]


def ts(title, targets, x, y, **kw):
    return panel("timeseries", title, targets, x, y, **kw)


def stat(title, expr, x, y, unit="short", **kw):
    return panel("stat", title, [(expr, "", "A", True)], x, y, w=kw.pop("w", 4), h=kw.pop("h", 4), unit=unit, **kw)


def build():
    panels = []
    y = 0

    # --- Cluster overview ------------------------------------------------------------
    panels.append(row("Cluster overview", y)); y += 1
    panels += [
        stat("Nodes up", f'sum(up{{job="$job"}})', 0, y, description="liveroom targets Prometheus scrapes successfully"),
        stat("Connections", f"sum(liveroom_connections{{{SEL}}})", 4, y, description="open chat WebSocket sessions"),
        stat("Rooms", f"sum(liveroom_rooms{{{SEL}}})", 8, y, description="live rooms owned by the selected nodes"),
        stat("Room members", f"sum(liveroom_room_members{{{SEL}}})", 12, y),
        stat("Streams", f"sum(liveroom_media_streams{{{SEL}}})", 16, y, description="WebRTC streams being published"),
        stat("WebRTC subscribers", f'sum(liveroom_media_peers{{{SEL}, role="subscriber"}})', 20, y),
    ]
    y += 4
    panels += [
        ts("Nodes up", [(f'up{{job="$job"}}', "{{instance}}")], 0, y, description="1 = scraped; a node that drops to 0 had its rooms moved (see LiveroomRoomsFailingOver)"),
        ts("Chat deliveries / s", [(f"sum by (instance) (rate(liveroom_messages_out_total{{{SEL}}}[{RI}]))", "{{instance}}")], 8, y, unit="ops"),
        ts("Messages accepted / s", [(f"sum by (type) (rate(liveroom_messages_in_total{{{SEL}}}[{RI}]))", "{{type}}")], 16, y, unit="ops"),
    ]
    y += 7

    # --- Per node --------------------------------------------------------------------
    panels.append(row("Per node", y)); y += 1
    panels += [
        ts("Connections", [(f"liveroom_connections{{{SEL}}}", "{{instance}}")], 0, y),
        ts("Rooms", [(f"liveroom_rooms{{{SEL}}}", "{{instance}}")], 8, y),
        ts("Room members", [(f"liveroom_room_members{{{SEL}}}", "{{instance}}")], 16, y),
    ]
    y += 7
    panels += [
        ts("Sessions closed / s by reason", [(f"sum by (instance, reason) (rate(liveroom_sessions_closed_total{{{SEL}}}[{RI}]))", "{{instance}} {{reason}}")], 0, y, unit="ops"),
        ts("Actor mailbox depth", [(f"max by (instance, actor) (liveroom_actor_mailbox_depth{{{SEL}}})", "{{instance}} {{actor}}")], 8, y,
           description="messages waiting in actor mailboxes; a growing backlog means a saturated node"),
        ts("Refused frames / s by code", [(f"sum by (instance, code) (rate(liveroom_protocol_errors_total{{{SEL}}}[{RI}]))", "{{instance}} {{code}}")], 16, y, unit="ops",
           description="error codes answered to clients (docs/protocol.md); 60010 = busy (etcd unreachable, or the room's owner unreachable)"),
    ]
    y += 7
    panels += [
        ts("Failed logins / s by reason", [(f"sum by (instance, reason) (rate(liveroom_auth_failures_total{{{SEL}}}[{RI}]))", "{{instance}} {{reason}}")], 0, y, unit="ops"),
        ts("Deliveries per accepted message", [(f"sum by (instance) (rate(liveroom_messages_out_total{{{SEL}}}[{RI}])) / sum by (instance) (rate(liveroom_messages_in_total{{{SEL}}}[{RI}]))", "{{instance}}")], 8, y,
           description="average fan-out: deliveries written per message accepted"),
        ts("Members per room (average)", [(f"sum by (instance) (liveroom_room_members{{{SEL}}}) / sum by (instance) (liveroom_rooms{{{SEL}}})", "{{instance}}")], 16, y),
    ]
    y += 7

    # --- Chat --------------------------------------------------------------------------
    panels.append(row("Chat", y)); y += 1
    panels += [
        ts("Fan-out latency", [
            (f"histogram_quantile(0.5, sum by (le) (rate(liveroom_fanout_latency_seconds_bucket{{{SEL}}}[{RI}])))", "p50", "A"),
            (f"histogram_quantile(0.99, sum by (le) (rate(liveroom_fanout_latency_seconds_bucket{{{SEL}}}[{RI}])))", "p99", "B"),
            (f"sum(rate(liveroom_fanout_latency_seconds_sum{{{SEL}}}[{RI}])) / sum(rate(liveroom_fanout_latency_seconds_count{{{SEL}}}[{RI}]))", "mean", "C"),
        ], 0, y, unit="s", description="room accepts a message -> a session writes it"),
        ts("Messages dropped / s", [(f"sum by (reason, priority) (rate(liveroom_messages_dropped_total{{{SEL}}}[{RI}]))", "{{reason}} {{priority}}")], 8, y, unit="ops",
           description="room_rate / user_rate: over the configured rates (LOWEST first); slow_consumer: a session's queue overflowed"),
        ts("Likes folded / s", [(f"sum(rate(liveroom_likes_folded_total{{{SEL}}}[{RI}]))", "folded")], 16, y, unit="ops",
           description="likes merged into the room's periodic aggregate instead of delivered one by one"),
    ]
    y += 7
    panels.append(panel("heatmap", "Fan-out latency distribution",
                        [target(f"sum by (le) (increase(liveroom_fanout_latency_seconds_bucket{{{SEL}}}[{RI}]))", "{{le}}")],
                        0, y, w=24, h=7, unit="s", options={"calculate": False, "yAxis": {"unit": "s"}},
                        ))
    panels[-1]["targets"][0]["format"] = "heatmap"
    y += 7
    panels.append(text("Per-room drill-down",
                       "Room and user ids are never metric labels (unbounded cardinality, shared/telemetry), so Prometheus has no "
                       "per-room series. For one room use the directory: `GET /api/rooms?sdkappid=N` (member counts) and "
                       "`GET /api/rooms/{roomId}?sdkappid=N`, and the node logs (fields `room`, `user`, `node`).", 0, y, h=3))
    y += 3

    # --- Media ---------------------------------------------------------------------------
    panels.append(row("Media (WebRTC)", y)); y += 1
    panels += [
        ts("Streams and peers", [
            (f"sum by (instance) (liveroom_media_streams{{{SEL}}})", "{{instance}} streams", "A"),
            (f"sum by (instance, role) (liveroom_media_peers{{{SEL}}})", "{{instance}} {{role}}s", "B"),
        ], 0, y),
        ts("RTP packets / s", [
            (f"sum by (instance) (rate(liveroom_rtp_packets_in_total{{{SEL}}}[{RI}]))", "{{instance}} in", "A"),
            (f"sum by (instance) (rate(liveroom_rtp_packets_out_total{{{SEL}}}[{RI}]))", "{{instance}} out", "B"),
        ], 8, y, unit="pps"),
        ts("RTP payload bit rate", [
            (f"8 * sum by (instance) (rate(liveroom_rtp_bytes_in_total{{{SEL}}}[{RI}]))", "{{instance}} in", "A"),
            (f"8 * sum by (instance) (rate(liveroom_rtp_bytes_out_total{{{SEL}}}[{RI}]))", "{{instance}} out", "B"),
        ], 16, y, unit="bps"),
    ]
    y += 7
    panels += [
        ts("Send errors (share of packets out)", [(f"sum by (instance) (rate(liveroom_udp_send_errors_total{{{SEL}}}[{RI}])) / clamp_min(sum by (instance) (rate(liveroom_rtp_packets_out_total{{{SEL}}}[{RI}])), 1)", "{{instance}}")], 0, y, unit="percentunit",
           description="server-side loss: datagrams the media socket could not send. Loss on the way to clients is not measured yet."),
        ts("Datagrams dropped / s by reason", [(f"sum by (instance, reason) (rate(liveroom_udp_datagrams_dropped_total{{{SEL}}}[{RI}]))", "{{instance}} {{reason}}")], 8, y, unit="ops",
           description="unknown_ufrag / unknown_address / not_webrtc: from no known peer (late packets, scans); refused_by_peer: a peer's state machine refused it"),
        ts("Keyframe requests (PLI) / s", [(f"sum by (instance) (rate(liveroom_plis_sent_total{{{SEL}}}[{RI}]))", "{{instance}}")], 16, y, unit="ops"),
    ]
    y += 7
    panels += [
        ts("Offers refused, and viewers connected by SRTP path / s", [
            (f"sum by (instance, reason) (rate(liveroom_media_offers_refused_total{{{SEL}}}[{RI}]))", "{{instance}} refused: {{reason}}", "A"),
            (f"sum by (instance, srtp) (rate(liveroom_viewer_legs_total{{{SEL}}}[{RI}]))", "{{instance}} viewers connected, SRTP {{srtp}}", "B"),
        ], 0, y, unit="ops",
           description="viewers on the context path (AES-CM / HMAC-SHA1, clients without AES-GCM) cost about a third more CPU per packet"),
        ts("Subscribers per stream (average)", [(f'sum by (instance) (liveroom_media_peers{{{SEL}, role="subscriber"}}) / sum by (instance) (liveroom_media_streams{{{SEL}}})', "{{instance}}")], 8, y),
        ts("Forwarding ratio (packets out per packet in)", [(f"sum by (instance) (rate(liveroom_rtp_packets_out_total{{{SEL}}}[{RI}])) / sum by (instance) (rate(liveroom_rtp_packets_in_total{{{SEL}}}[{RI}]))", "{{instance}}")], 16, y,
           description="about the number of subscribers per published track when nothing is lost"),
    ]
    y += 7
    panels += [
        ts("Forwarding latency (packet in -> viewer's copy sent)", p50_p99("liveroom_forwarding_latency_seconds"), 0, y,
           unit="s", description="inside the media engine: grows with the viewers one engine thread serves"),
        ts("Keyframe wait (video start or resume -> first keyframe)", p50_p99("liveroom_keyframe_wait_seconds"), 8, y,
           unit="s", description="how long a new or resumed viewer waits for its first picture"),
        ts("Loss repair and slow viewers / s", [
            (f"sum by (instance) (rate(liveroom_nacked_packets_total{{{SEL}}}[{RI}]))", "{{instance}} packets NACKed", "A"),
            (f"sum by (instance) (rate(liveroom_rtp_retransmissions_total{{{SEL}}}[{RI}]))", "{{instance}} sent again", "B"),
            (f"sum by (instance) (rate(liveroom_rtp_retransmissions_suppressed_total{{{SEL}}}[{RI}]))", "{{instance}} not sent again (too soon / too often)", "F"),
            (f"sum by (instance, action) (rate(liveroom_viewers_degraded_total{{{SEL}}}[{RI}]))", "{{instance}} viewers {{action}}", "C"),
            (f"sum by (instance) (rate(liveroom_ice_restarts_total{{{SEL}}}[{RI}]))", "{{instance}} ICE restarts", "D"),
            (f"sum by (instance) (rate(liveroom_udp_socket_drops_total{{{SEL}}}[{RI}]))", "{{instance}} dropped by the kernel", "E"),
        ], 16, y, unit="ops", description="NACKed packets neither sent again nor suppressed were older than the stream's packet cache; a packet goes to a viewer at most 4 times, 100 ms apart; kernel drops mean the media engine fell behind"),
    ]
    y += 7

    # --- CDN relay (metrics being added) -------------------------------------------------
    panels.append(row("CDN relay (LL-HLS / HTTP-FLV) - needs a liveroom with the CDN metrics", y)); y += 1
    panels += [
        ts("Relayed streams", [(f"sum by (instance) (liveroom_cdn_streams{{{SEL}}})", "{{instance}}")], 0, y),
        ts("Viewers by format", [(f"sum by (format) (liveroom_cdn_viewers{{{SEL}}})", "{{format}}")], 8, y),
        ts("Bytes served by format", [(f"8 * sum by (format) (rate(liveroom_cdn_bytes_served_total{{{SEL}}}[{RI}]))", "{{format}}")], 16, y, unit="bps"),
    ]
    y += 7
    panels += [
        ts("Segments and parts cut / s", [
            (f"sum by (instance) (rate(liveroom_cdn_segments_total{{{SEL}}}[{RI}]))", "{{instance}} segments", "A"),
            (f"sum by (instance) (rate(liveroom_cdn_parts_total{{{SEL}}}[{RI}]))", "{{instance}} parts", "B"),
        ], 0, y, unit="ops"),
        ts("Packager lag", [
            (f"histogram_quantile(0.5, sum by (le) (rate(liveroom_cdn_packager_lag_seconds_bucket{{{SEL}}}[{RI}])))", "p50", "A"),
            (f"histogram_quantile(0.99, sum by (le) (rate(liveroom_cdn_packager_lag_seconds_bucket{{{SEL}}}[{RI}])))", "p99", "B"),
        ], 8, y, unit="s", description="a frame's first packet arriving -> its LL-HLS part published"),
        ts("Origin requests / s by format", [(f"sum by (format) (rate(liveroom_cdn_requests_total{{{SEL}}}[{RI}]))", "{{format}}")], 16, y, unit="reqps"),
    ]
    y += 7
    panels += [
        ts("Frames dropped by the packager / s", [(f"sum by (instance, reason) (rate(liveroom_cdn_frames_dropped_total{{{SEL}}}[{RI}]))", "{{instance}} {{reason}}")], 0, y, unit="ops"),
        ts("Slow FLV viewers dropped / s", [(f"sum by (instance) (rate(liveroom_cdn_slow_viewers_dropped_total{{{SEL}}}[{RI}]))", "{{instance}}")], 8, y, unit="ops"),
        ts("Transcode errors / s (Opus -> AAC)", [(f"sum by (instance) (rate(liveroom_cdn_transcode_errors_total{{{SEL}}}[{RI}]))", "{{instance}}")], 16, y, unit="ops"),
    ]
    y += 7

    # --- etcd --------------------------------------------------------------------------------
    panels.append(row("etcd", y)); y += 1
    panels += [
        stat("Members up", f"sum(up{{{ETCD}}})", 0, y),
        stat("Has leader", f"min(etcd_server_has_leader{{{ETCD}}})", 4, y),
        stat("Leader changes (1h)", f"max(increase(etcd_server_leader_changes_seen_total{{{ETCD}}}[1h]))", 8, y),
        stat("DB size / quota", f"max(etcd_mvcc_db_total_size_in_bytes{{{ETCD}}} / etcd_server_quota_backend_bytes{{{ETCD}}})", 12, y, unit="percentunit"),
        stat("Keys", f"max(etcd_debugging_mvcc_keys_total{{{ETCD}}})", 16, y),
        stat("Failed proposals / s", f"sum(rate(etcd_server_proposals_failed_total{{{ETCD}}}[{RI}]))", 20, y, unit="ops"),
    ]
    y += 4
    panels += [
        ts("gRPC requests / s by code", [(f"sum by (grpc_code) (rate(grpc_server_handled_total{{{ETCD}}}[{RI}]))", "{{grpc_code}}")], 0, y, unit="ops"),
        ts("WAL fsync p99", [(f"histogram_quantile(0.99, sum by (instance, le) (rate(etcd_disk_wal_fsync_duration_seconds_bucket{{{ETCD}}}[{RI}])))", "{{instance}}")], 8, y, unit="s"),
        ts("Backend commit p99", [(f"histogram_quantile(0.99, sum by (instance, le) (rate(etcd_disk_backend_commit_duration_seconds_bucket{{{ETCD}}}[{RI}])))", "{{instance}}")], 16, y, unit="s"),
    ]
    y += 7
    # --- cluster (liveroom's side: placement, hand-offs, node link, etcd calls) ----------
    panels.append(row("Cluster (placement, hand-offs, node link, etcd from liveroom)", y)); y += 1
    panels += [
        ts("Nodes seen in etcd, draining", [
            (f"max by (instance) (liveroom_cluster_nodes{{{SEL}}})", "{{instance}} sees", "A"),
            (f"max by (instance) (liveroom_cluster_draining{{{SEL}}})", "{{instance}} draining", "B"),
        ], 0, y, description="live nodes each node sees through its etcd watch (all should agree), and which node is draining"),
        ts("Placements and migrations / s", [
            (f"sum by (where) (rate(liveroom_cluster_placements_total{{{SEL}}}[{RI}]))", "placed {{where}}", "A"),
            (f"sum by (kind) (rate(liveroom_cluster_migrations_total{{{SEL}}}[{RI}]))", "{{kind}}", "B"),
        ], 8, y, unit="ops", description="rooms placed; drain hand-offs out / in / failed; gateways re-attaching members after an owner failed"),
        ts("Node links and gateway members", [
            (f"sum by (instance) (liveroom_cluster_links{{{SEL}}})", "{{instance}} links", "A"),
            (f"sum by (instance) (liveroom_cluster_gateway_members{{{SEL}}})", "{{instance}} in remote rooms", "B"),
        ], 16, y, description="open node-to-node links; sessions in rooms owned by another node"),
    ]
    y += 7
    panels += [
        ts("Node link traffic", [(f"8 * sum by (instance, dir) (rate(liveroom_cluster_link_bytes_total{{{SEL}}}[{RI}]))", "{{instance}} {{dir}}")],
           0, y, unit="bps", description="JSON frames on the node links: room fan-out crosses once per gateway node"),
        ts("Node link request p99 by operation", [(f"histogram_quantile(0.99, sum by (op, le) (rate(liveroom_cluster_link_request_seconds_bucket{{{SEL}}}[{RI}])))", "{{op}}")],
           8, y, unit="s", description="round trip of node link requests (enter, post, adopt...) from the asking node"),
        ts("etcd from liveroom: p99 and errors", [
            (f"histogram_quantile(0.99, sum by (op, le) (rate(liveroom_cluster_etcd_request_seconds_bucket{{{SEL}}}[{RI}])))", "p99 {{op}}", "A"),
            (f"sum by (op) (rate(liveroom_cluster_etcd_errors_total{{{SEL}}}[{RI}]))", "errors/s {{op}}", "B"),
        ], 16, y, unit="s", description="liveroom's etcd calls (placement, hand-off, registration, directory reads) and their failures"),
    ]
    y += 7
    panels += [
        ts("Node link errors / s by kind", [(f"sum by (instance, kind) (rate(liveroom_cluster_link_errors_total{{{SEL}}}[{RI}]))", "{{instance}} {{kind}}")],
           0, y, unit="ops", description="links closed, dial failures, request timeouts, undecodable frames"),
    ]
    y += 7

    variables = [
        {"name": "datasource", "label": "Prometheus", "type": "datasource", "query": "prometheus", "current": {},
         "hide": 0, "refresh": 1},
        {"name": "job", "label": "liveroom job", "type": "custom", "query": "liveroom", "current": {"text": "liveroom", "value": "liveroom"},
         "options": [{"text": "liveroom", "value": "liveroom", "selected": True}], "hide": 0},
        {"name": "instance", "label": "node", "type": "query", "datasource": DS,
         "query": {"query": 'label_values(liveroom_connections{job="$job"}, instance)', "refId": "instance"},
         "definition": 'label_values(liveroom_connections{job="$job"}, instance)',
         "multi": True, "includeAll": True, "allValue": ".*", "current": {"text": "All", "value": "$__all"},
         "refresh": 2, "sort": 1, "hide": 0},
        {"name": "etcd_job", "label": "etcd job", "type": "custom", "query": "etcd", "current": {"text": "etcd", "value": "etcd"},
         "options": [{"text": "etcd", "value": "etcd", "selected": True}], "hide": 0},
    ]
    return {
        "__inputs": [],
        "title": "liveroom",
        "uid": "liveroom-overview",
        "description": "liveroom cluster: nodes, chat, WebRTC media, CDN relay, etcd (generated by scripts/ops/gen_dashboard.py)",
        "tags": ["liveroom"],
        "timezone": "browser",
        "editable": True,
        "graphTooltip": 1,
        "schemaVersion": 39,
        "version": 1,
        "refresh": "30s",
        "time": {"from": "now-3h", "to": "now"},
        "templating": {"list": variables},
        "annotations": {"list": []},
        "links": [],
        "panels": panels,
    }


if __name__ == "__main__":
    json.dump(build(), sys.stdout, indent=2, sort_keys=False)
    sys.stdout.write("\n")
