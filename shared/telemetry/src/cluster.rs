use prometheus::{
    exponential_buckets, HistogramOpts, HistogramVec, IntCounter, IntCounterVec, IntGauge, Opts, Registry,
};

/// Cluster metrics: membership, placement, migrations, the node link and etcd.
pub struct ClusterMetrics {
    /// Live nodes this node sees in the directory (itself included).
    pub nodes: IntGauge,
    /// 1 while this node is draining.
    pub draining: IntGauge,
    /// Open node links.
    pub links: IntGauge,
    /// Rooms placed, by where (`local`: this node took the room, `remote`: another node).
    pub placements: IntCounterVec,
    /// Times this node registered again under a new lease after etcd lost its old one.
    pub reregistrations: IntCounter,
    /// 1 while this node is registered in etcd (lease alive and acknowledged).
    pub registered: IntGauge,
    /// Rooms this node gave up after registering again because another node had taken them.
    pub rooms_relinquished: IntCounter,
    /// Room hand-offs and re-attaches, by kind (`handoff_out`, `handoff_in`,
    /// `handoff_failed`, `reattach`).
    pub migrations: IntCounterVec,
    /// Node link frames, by direction (`in`, `out`).
    pub link_frames: IntCounterVec,
    /// Node link bytes, by direction.
    pub link_bytes: IntCounterVec,
    /// Node link failures, by kind (`dial`, `timeout`, `closed`, `bad_frame`).
    pub link_errors: IntCounterVec,
    /// Node link request round trips, by operation.
    pub link_latency: HistogramVec,
    /// etcd calls, by operation.
    pub etcd_latency: HistogramVec,
    /// Failed etcd calls, by operation.
    pub etcd_errors: IntCounterVec,
    /// Members on this node of rooms owned by other nodes.
    pub remote_members: IntGauge,
    /// Rooms owned here that run without a follower because no other node can take one.
    pub rooms_unreplicated: IntGauge,
    /// Copies of other nodes' rooms this node holds as their follower.
    pub replicas: IntGauge,
    /// Rooms this node stopped acknowledging for because a newer owner fenced it.
    pub fenced: IntCounter,
    /// Pushes (frames, removals) a gateway dropped because they came from an owner with a
    /// smaller placement epoch than one it had seen: a stale owner's.
    pub stale_pushes: IntCounter,
}

/// Operations of [`ClusterMetrics::etcd_latency`].
pub const ETCD_OPS: [&str; 8] =
    ["create_room", "get_room", "list_rooms", "remove_room", "place_room", "hand_off", "register", "settings"];
/// Operations of [`ClusterMetrics::link_latency`].
pub const LINK_OPS: [&str; 18] = [
    "enter",
    "leave",
    "identify",
    "post",
    "info",
    "streams",
    "mute",
    "kick",
    "dismiss",
    "stream_changed",
    "adopt",
    "publish",
    "play",
    "close_peer",
    "unpublish",
    "ping",
    "replicate",
    "drop_replica",
];

impl ClusterMetrics {
    pub(crate) fn register(r: &Registry) -> prometheus::Result<Self> {
        let m = Self {
            nodes: IntGauge::new("liveroom_cluster_nodes", "Live nodes in the directory, this one included")?,
            draining: IntGauge::new("liveroom_cluster_draining", "1 while this node is draining")?,
            links: IntGauge::new("liveroom_cluster_links", "Open node-to-node links")?,
            reregistrations: IntCounter::new(
                "liveroom_cluster_reregistrations_total",
                "Times this node registered again under a new etcd lease after its old one was lost",
            )?,
            registered: IntGauge::new(
                "liveroom_cluster_registered",
                "1 while this node is registered in etcd (its lease alive and acknowledged)",
            )?,
            rooms_relinquished: IntCounter::new(
                "liveroom_cluster_rooms_relinquished_total",
                "Rooms given up after registering again because another node had taken them",
            )?,
            placements: IntCounterVec::new(
                Opts::new("liveroom_cluster_placements_total", "Rooms placed, by where the room went"),
                &["where"],
            )?,
            migrations: IntCounterVec::new(
                Opts::new("liveroom_cluster_migrations_total", "Room hand-offs and gateway re-attaches, by kind"),
                &["kind"],
            )?,
            link_frames: IntCounterVec::new(
                Opts::new("liveroom_cluster_link_frames_total", "Node link frames, by direction"),
                &["dir"],
            )?,
            link_bytes: IntCounterVec::new(
                Opts::new("liveroom_cluster_link_bytes_total", "Node link bytes, by direction"),
                &["dir"],
            )?,
            link_errors: IntCounterVec::new(
                Opts::new("liveroom_cluster_link_errors_total", "Node link failures, by kind"),
                &["kind"],
            )?,
            link_latency: HistogramVec::new(
                HistogramOpts::new("liveroom_cluster_link_request_seconds", "Node link request round trips")
                    .buckets(exponential_buckets(0.0001, 2.0, 16)?),
                &["op"],
            )?,
            etcd_latency: HistogramVec::new(
                HistogramOpts::new("liveroom_cluster_etcd_request_seconds", "etcd calls, by operation")
                    .buckets(exponential_buckets(0.0005, 2.0, 14)?),
                &["op"],
            )?,
            etcd_errors: IntCounterVec::new(
                Opts::new("liveroom_cluster_etcd_errors_total", "Failed etcd calls, by operation"),
                &["op"],
            )?,
            remote_members: IntGauge::new(
                "liveroom_cluster_gateway_members",
                "Sessions on this node in rooms owned by other nodes",
            )?,
            rooms_unreplicated: IntGauge::new(
                "liveroom_rooms_unreplicated",
                "Rooms owned by this node running without a follower (no other live node to copy them to)",
            )?,
            replicas: IntGauge::new("liveroom_cluster_replicas", "Rooms of other nodes this node keeps a copy of")?,
            fenced: IntCounter::new(
                "liveroom_cluster_fenced_total",
                "Rooms this node stopped acknowledging for because a newer owner fenced it",
            )?,
            stale_pushes: IntCounter::new(
                "liveroom_cluster_stale_pushes_total",
                "Pushes from an owner with an older placement epoch than one seen, dropped by this gateway",
            )?,
        };
        for w in ["local", "remote"] {
            m.placements.with_label_values(&[w]);
        }
        for k in ["handoff_out", "handoff_in", "handoff_failed", "reattach", "promoted"] {
            m.migrations.with_label_values(&[k]);
        }
        for d in ["in", "out"] {
            m.link_frames.with_label_values(&[d]);
            m.link_bytes.with_label_values(&[d]);
        }
        for k in ["dial", "timeout", "closed", "bad_frame"] {
            m.link_errors.with_label_values(&[k]);
        }
        for op in ETCD_OPS {
            m.etcd_latency.with_label_values(&[op]);
            m.etcd_errors.with_label_values(&[op]);
        }
        for op in LINK_OPS {
            m.link_latency.with_label_values(&[op]);
        }
        r.register(Box::new(m.nodes.clone()))?;
        r.register(Box::new(m.draining.clone()))?;
        r.register(Box::new(m.links.clone()))?;
        r.register(Box::new(m.placements.clone()))?;
        r.register(Box::new(m.reregistrations.clone()))?;
        r.register(Box::new(m.registered.clone()))?;
        r.register(Box::new(m.rooms_relinquished.clone()))?;
        r.register(Box::new(m.migrations.clone()))?;
        r.register(Box::new(m.link_frames.clone()))?;
        r.register(Box::new(m.link_bytes.clone()))?;
        r.register(Box::new(m.link_errors.clone()))?;
        r.register(Box::new(m.link_latency.clone()))?;
        r.register(Box::new(m.etcd_latency.clone()))?;
        r.register(Box::new(m.etcd_errors.clone()))?;
        r.register(Box::new(m.remote_members.clone()))?;
        r.register(Box::new(m.rooms_unreplicated.clone()))?;
        r.register(Box::new(m.replicas.clone()))?;
        r.register(Box::new(m.fenced.clone()))?;
        r.register(Box::new(m.stale_pushes.clone()))?;
        Ok(m)
    }
}
