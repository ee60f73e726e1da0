use prometheus::{exponential_buckets, Histogram, HistogramOpts, IntCounter, IntCounterVec, IntGauge, Opts, Registry};

/// WebRTC media metrics (the SFU).
pub struct MediaMetrics {
    /// Streams being published on this node.
    pub streams: IntGauge,
    /// Peer connections by role.
    pub peers: prometheus::IntGaugeVec,
    /// RTP packets received from publishers.
    pub rtp_packets_in: IntCounter,
    /// RTP payload bytes received from publishers.
    pub rtp_bytes_in: IntCounter,
    /// RTP packets written to subscribers.
    pub rtp_packets_out: IntCounter,
    /// RTP payload bytes written to subscribers.
    pub rtp_bytes_out: IntCounter,
    /// Keyframe requests (PLI) sent to publishers.
    pub plis_sent: IntCounter,
    /// NACK feedback packets received from subscribers.
    pub nacks_received: IntCounter,
    /// Packets subscribers asked to be sent again.
    pub nacked_packets: IntCounter,
    /// Packets sent again from the stream's packet cache, answering NACKs.
    pub retransmissions: IntCounter,
    /// NACKed packets not sent again: the same packet went to the same viewer too recently
    /// or too often already.
    pub retransmissions_suppressed: IntCounter,
    /// Viewer legs connected, by how their RTP is protected: `in_place` (AES-GCM, written
    /// and encrypted once) or `context` (AES-CM / HMAC-SHA1, through the `rtc` context,
    /// which costs more CPU per packet).
    pub viewer_legs: IntCounterVec,
    /// Datagrams dropped before reaching a peer, by reason.
    pub datagrams_dropped: IntCounterVec,
    /// Datagrams the socket refused to send (buffer full, unreachable).
    pub send_errors: IntCounter,
    /// Datagrams the kernel dropped at the media socket (receive buffer full).
    pub udp_socket_drops: IntCounter,
    /// ICE restarts done (WHIP / WHEP `PATCH` with new credentials).
    pub ice_restarts: IntCounter,
    /// Peers dropped because their connection never came up in time.
    pub unconnected_dropped: IntCounter,
    /// ICE candidates received by WHIP / WHEP `PATCH` (trickle).
    pub trickle_candidates: IntCounter,
    /// Connection tests (the test page's `probe`) answered.
    pub connection_tests: IntCounter,
    /// Peer connection state changes, by the state entered (`connected`, `disconnected`,
    /// `failed`, `closed`): a client that flaps to `disconnected` and back is checking ICE
    /// consent too rarely or losing its path.
    pub peer_states: IntCounterVec,
    /// Slow viewers acted on: `keyframes_only`, `audio_only`, `restored`, `disconnected`.
    pub viewers_degraded: IntCounterVec,
    /// Offers refused, by reason.
    pub offers_refused: IntCounterVec,
    /// Packets a full tap (the CDN packager) lost.
    pub tap_drops: IntCounter,
    /// Time from a viewer's video being (re)started to the first keyframe it was sent.
    pub keyframe_wait: Histogram,
    /// Time from a publisher's packet reaching the node (its kernel receive stamp) to the
    /// system call that sent a viewer's copy, per datagram.
    pub forwarding_latency: Histogram,
}

impl MediaMetrics {
    pub(crate) fn register(r: &Registry) -> prometheus::Result<Self> {
        let m = Self {
            streams: IntGauge::new("liveroom_media_streams", "Streams being published on this node")?,
            peers: prometheus::IntGaugeVec::new(
                Opts::new("liveroom_media_peers", "WebRTC peer connections, by role"),
                &["role"],
            )?,
            rtp_packets_in: IntCounter::new("liveroom_rtp_packets_in_total", "RTP packets received from publishers")?,
            rtp_bytes_in: IntCounter::new("liveroom_rtp_bytes_in_total", "RTP payload bytes received from publishers")?,
            rtp_packets_out: IntCounter::new("liveroom_rtp_packets_out_total", "RTP packets written to subscribers")?,
            rtp_bytes_out: IntCounter::new("liveroom_rtp_bytes_out_total", "RTP payload bytes written to subscribers")?,
            plis_sent: IntCounter::new("liveroom_plis_sent_total", "Keyframe requests (PLI) sent to publishers")?,
            nacks_received: IntCounter::new(
                "liveroom_nacks_received_total",
                "NACK feedback packets received from subscribers",
            )?,
            nacked_packets: IntCounter::new(
                "liveroom_nacked_packets_total",
                "RTP packets subscribers asked to be retransmitted",
            )?,
            retransmissions: IntCounter::new(
                "liveroom_rtp_retransmissions_total",
                "RTP packets sent again from the stream's packet cache, answering NACKs",
            )?,
            retransmissions_suppressed: IntCounter::new(
                "liveroom_rtp_retransmissions_suppressed_total",
                "NACKed RTP packets not sent again: sent to that viewer too recently or too often already",
            )?,
            viewer_legs: IntCounterVec::new(
                Opts::new(
                    "liveroom_viewer_legs_total",
                    "Viewer legs connected, by SRTP path: in_place (AES-GCM) or context (AES-CM / HMAC-SHA1, costlier)",
                ),
                &["srtp"],
            )?,
            datagrams_dropped: IntCounterVec::new(
                Opts::new(
                    "liveroom_udp_datagrams_dropped_total",
                    "Datagrams dropped before reaching a peer, by reason",
                ),
                &["reason"],
            )?,
            send_errors: IntCounter::new(
                "liveroom_udp_send_errors_total",
                "Datagrams the media socket could not send",
            )?,
            trickle_candidates: IntCounter::new(
                "liveroom_trickle_candidates_total",
                "ICE candidates received by WHIP / WHEP PATCH (trickle)",
            )?,
            connection_tests: IntCounter::new(
                "liveroom_connection_tests_total",
                "Connection tests (the test page's probe legs) answered",
            )?,
            peer_states: IntCounterVec::new(
                Opts::new("liveroom_media_peer_states_total", "Peer connection state changes, by the state entered"),
                &["state"],
            )?,
            viewers_degraded: IntCounterVec::new(
                Opts::new(
                    "liveroom_viewers_degraded_total",
                    "Viewers whose receiver reports showed sustained loss, by action",
                ),
                &["action"],
            )?,
            offers_refused: IntCounterVec::new(
                Opts::new("liveroom_media_offers_refused_total", "SDP offers refused, by reason"),
                &["reason"],
            )?,
            udp_socket_drops: IntCounter::new(
                "liveroom_udp_socket_drops_total",
                "Datagrams the kernel dropped at the media socket because its receive buffer was full",
            )?,
            unconnected_dropped: IntCounter::new(
                "liveroom_media_unconnected_dropped_total",
                "Media sessions dropped because their connection never came up in time",
            )?,
            ice_restarts: IntCounter::new(
                "liveroom_ice_restarts_total",
                "ICE restarts done (WHIP / WHEP PATCH with new credentials)",
            )?,
            tap_drops: IntCounter::new(
                "liveroom_media_tap_drops_total",
                "Packets the CDN packager's full input queue lost",
            )?,
            keyframe_wait: Histogram::with_opts(
                HistogramOpts::new(
                    "liveroom_keyframe_wait_seconds",
                    "Time from a viewer's video being started or resumed to the first keyframe sent to it",
                )
                .buckets(exponential_buckets(0.025, 2.0, 10)?),
            )?,
            forwarding_latency: Histogram::with_opts(
                HistogramOpts::new(
                    "liveroom_forwarding_latency_seconds",
                    "Time from a publisher's packet reaching the node (its kernel receive stamp) to the send of \
                     a viewer's copy",
                )
                // Fine around the 5 ms the SFU is held to, coarse beyond.
                .buckets(vec![
                    0.000_125, 0.000_25, 0.000_5, 0.001, 0.002, 0.003, 0.004, 0.005, 0.006, 0.008, 0.012, 0.025, 0.05,
                    0.1, 0.25,
                ]),
            )?,
        };
        for role in ["publisher", "subscriber"] {
            m.peers.with_label_values(&[role]);
        }
        for reason in [
            "unknown_ufrag",
            "unknown_address",
            "not_webrtc",
            "refused_by_peer",
            "bad_tcp_frame",
            "tcp_connection_limit",
        ] {
            m.datagrams_dropped.with_label_values(&[reason]);
        }
        for reason in ["bad_offer", "no_usable_codec", "no_media", "already_publishing", "not_live", "unavailable"] {
            m.offers_refused.with_label_values(&[reason]);
        }
        for state in ["connected", "disconnected", "failed", "closed"] {
            m.peer_states.with_label_values(&[state]);
        }
        for action in ["keyframes_only", "audio_only", "restored", "disconnected"] {
            m.viewers_degraded.with_label_values(&[action]);
        }
        for path in ["in_place", "context"] {
            m.viewer_legs.with_label_values(&[path]);
        }
        r.register(Box::new(m.tap_drops.clone()))?;
        r.register(Box::new(m.ice_restarts.clone()))?;
        r.register(Box::new(m.unconnected_dropped.clone()))?;
        r.register(Box::new(m.udp_socket_drops.clone()))?;
        r.register(Box::new(m.keyframe_wait.clone()))?;
        r.register(Box::new(m.forwarding_latency.clone()))?;
        r.register(Box::new(m.streams.clone()))?;
        r.register(Box::new(m.peers.clone()))?;
        r.register(Box::new(m.rtp_packets_in.clone()))?;
        r.register(Box::new(m.rtp_bytes_in.clone()))?;
        r.register(Box::new(m.rtp_packets_out.clone()))?;
        r.register(Box::new(m.rtp_bytes_out.clone()))?;
        r.register(Box::new(m.plis_sent.clone()))?;
        r.register(Box::new(m.nacks_received.clone()))?;
        r.register(Box::new(m.nacked_packets.clone()))?;
        r.register(Box::new(m.retransmissions.clone()))?;
        r.register(Box::new(m.retransmissions_suppressed.clone()))?;
        r.register(Box::new(m.viewer_legs.clone()))?;
        r.register(Box::new(m.datagrams_dropped.clone()))?;
        r.register(Box::new(m.send_errors.clone()))?;
        r.register(Box::new(m.trickle_candidates.clone()))?;
        r.register(Box::new(m.connection_tests.clone()))?;
        r.register(Box::new(m.viewers_degraded.clone()))?;
        r.register(Box::new(m.peer_states.clone()))?;
        r.register(Box::new(m.offers_refused.clone()))?;
        Ok(m)
    }
}
