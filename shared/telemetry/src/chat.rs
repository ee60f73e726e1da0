use prometheus::{
    exponential_buckets, Histogram, HistogramOpts, IntCounter, IntCounterVec, IntGauge, IntGaugeVec, Opts, Registry,
};

/// Chat (IM) metrics: sessions, rooms, members, messages, fan-out.
pub struct ChatMetrics {
    /// Open WebSocket sessions.
    pub connections: IntGauge,
    /// Sessions closed, by reason (`client`, `kicked`, `expired`, `slow_consumer`, ...).
    pub sessions_closed: IntCounterVec,
    /// Live rooms on this node.
    pub rooms: IntGauge,
    /// Rooms removed for being idle past `chat.room_expiry_secs`.
    pub rooms_expired: IntCounter,
    /// Room memberships on this node (a session in two rooms counts twice).
    pub members: IntGauge,
    /// Messages accepted by rooms, by type (`text`, `custom`, `tip`, `like_aggregate`).
    pub messages_in: IntCounterVec,
    /// Messages written to sessions (one per message per member).
    pub messages_out: IntCounter,
    /// Messages dropped, by reason and priority.
    pub messages_dropped: IntCounterVec,
    /// Likes folded into an aggregate instead of being delivered one by one.
    pub likes_folded: IntCounter,
    /// Seconds from a room accepting a message to a session writing it.
    pub fanout_latency: Histogram,
    /// Messages waiting in room actors' mailboxes, by actor kind.
    pub mailbox_depth: IntGaugeVec,
    /// Client frames refused, by error code.
    pub protocol_errors: IntCounterVec,
    /// Failed logins and admin calls, by reason.
    pub auth_failures: IntCounterVec,
    /// Image uploads, by outcome (`stored`, `too_large`, `invalid`, `rate`, `room_full`,
    /// `store_full`, `unavailable`, `write_failed`).
    pub images: IntCounterVec,
    /// Webhook events, by outcome (`delivered`, `retried`, `dead`, `dropped`: a full
    /// queue).
    pub webhooks: IntCounterVec,
    /// Before-send callbacks, by outcome (`allowed`, `rewritten`, `refused`,
    /// `failed_allowed`, `failed_refused`).
    pub before_send: IntCounterVec,
    /// Requests refused because a per-user, per-address or per-node limit was reached, by
    /// limit.
    pub limit_refusals: IntCounterVec,
}

/// The limits [`ChatMetrics::limit_refusals`] counts.
pub const LIMITS: [&str; 10] = [
    "sessions_per_addr",
    "handshakes_per_addr",
    "sessions_node",
    "handshake_timeout",
    "rooms_per_user",
    "room_creation_rate",
    "media_per_user",
    "media_per_addr",
    "ice_tcp_per_addr",
    "ice_tcp_unknown",
];

impl ChatMetrics {
    pub(crate) fn register(r: &Registry) -> prometheus::Result<Self> {
        let m = Self {
            connections: IntGauge::new("liveroom_connections", "Open client WebSocket sessions")?,
            sessions_closed: IntCounterVec::new(
                Opts::new("liveroom_sessions_closed_total", "Client sessions closed, by reason"),
                &["reason"],
            )?,
            rooms: IntGauge::new("liveroom_rooms", "Live rooms owned by this node")?,
            rooms_expired: IntCounter::new(
                "liveroom_rooms_expired_total",
                "Rooms removed by this node for being idle past chat.room_expiry_secs",
            )?,
            members: IntGauge::new("liveroom_room_members", "Room memberships on this node")?,
            messages_in: IntCounterVec::new(
                Opts::new("liveroom_messages_in_total", "Messages accepted by rooms, by type"),
                &["type"],
            )?,
            messages_out: IntCounter::new(
                "liveroom_messages_out_total",
                "Messages written to client sessions (one per message per member)",
            )?,
            messages_dropped: IntCounterVec::new(
                Opts::new("liveroom_messages_dropped_total", "Messages dropped, by reason and priority"),
                &["reason", "priority"],
            )?,
            likes_folded: IntCounter::new(
                "liveroom_likes_folded_total",
                "Likes folded into a periodic aggregate because the room was over its rate",
            )?,
            fanout_latency: Histogram::with_opts(
                HistogramOpts::new(
                    "liveroom_fanout_latency_seconds",
                    "Seconds from a room accepting a message to a session writing it",
                )
                .buckets(exponential_buckets(0.0005, 2.0, 14)?),
            )?,
            mailbox_depth: IntGaugeVec::new(
                Opts::new("liveroom_actor_mailbox_depth", "Messages waiting in actor mailboxes, by actor kind"),
                &["actor"],
            )?,
            protocol_errors: IntCounterVec::new(
                Opts::new("liveroom_protocol_errors_total", "Client frames refused, by error code"),
                &["code"],
            )?,
            auth_failures: IntCounterVec::new(
                Opts::new("liveroom_auth_failures_total", "Failed UserSig authentications, by reason"),
                &["reason"],
            )?,
            images: IntCounterVec::new(
                Opts::new("liveroom_chat_images_total", "Image uploads, by outcome"),
                &["outcome"],
            )?,
            webhooks: IntCounterVec::new(
                Opts::new("liveroom_webhooks_total", "Webhook events, by outcome"),
                &["outcome"],
            )?,
            before_send: IntCounterVec::new(
                Opts::new("liveroom_before_send_total", "Before-send callbacks, by outcome"),
                &["outcome"],
            )?,
            limit_refusals: IntCounterVec::new(
                Opts::new(
                    "liveroom_limit_refusals_total",
                    "Requests refused because a per-user, per-address or per-node limit was reached, by limit",
                ),
                &["limit"],
            )?,
        };
        m.touch_known_labels();
        r.register(Box::new(m.connections.clone()))?;
        r.register(Box::new(m.sessions_closed.clone()))?;
        r.register(Box::new(m.rooms.clone()))?;
        r.register(Box::new(m.rooms_expired.clone()))?;
        r.register(Box::new(m.members.clone()))?;
        r.register(Box::new(m.messages_in.clone()))?;
        r.register(Box::new(m.messages_out.clone()))?;
        r.register(Box::new(m.messages_dropped.clone()))?;
        r.register(Box::new(m.likes_folded.clone()))?;
        r.register(Box::new(m.fanout_latency.clone()))?;
        r.register(Box::new(m.mailbox_depth.clone()))?;
        r.register(Box::new(m.protocol_errors.clone()))?;
        r.register(Box::new(m.auth_failures.clone()))?;
        r.register(Box::new(m.images.clone()))?;
        r.register(Box::new(m.webhooks.clone()))?;
        r.register(Box::new(m.before_send.clone()))?;
        r.register(Box::new(m.limit_refusals.clone()))?;
        Ok(m)
    }

    /// Creates the series dashboards and alert rules refer to, so they exist (at 0) from
    /// the first scrape instead of appearing only after the first event.
    fn touch_known_labels(&self) {
        for reason in
            ["client", "kicked", "expired", "server", "slow_consumer", "idle", "protocol", "handshake_timeout"]
        {
            self.sessions_closed.with_label_values(&[reason]);
        }
        for kind in ["text", "custom", "tip", "like_aggregate"] {
            self.messages_in.with_label_values(&[kind]);
        }
        for reason in ["room_rate", "user_rate", "slow_consumer"] {
            for priority in ["high", "normal", "low", "lowest"] {
                self.messages_dropped.with_label_values(&[reason, priority]);
            }
        }
        self.mailbox_depth.with_label_values(&["room"]);
        for limit in LIMITS {
            self.limit_refusals.with_label_values(&[limit]);
        }
        // 60010: a room owned by another node (the cluster alert watches it).
        for code in ["60010", "60001", "60002"] {
            self.protocol_errors.with_label_values(&[code]);
        }
        for reason in
            ["unknown_app", "invalid_user_id", "bad_signature", "expired", "not_base64", "not_zlib", "bad_json"]
        {
            self.auth_failures.with_label_values(&[reason]);
        }
        for outcome in ["stored", "too_large", "invalid", "rate", "room_full", "store_full"] {
            self.images.with_label_values(&[outcome]);
        }
        for outcome in ["delivered", "retried", "dead", "dropped"] {
            self.webhooks.with_label_values(&[outcome]);
        }
    }
}
