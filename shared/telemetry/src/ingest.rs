use prometheus::{IntCounter, IntCounterVec, IntGauge, Opts, Registry};

/// RTMP ingest metrics (OBS / ffmpeg publishers).
pub struct IngestMetrics {
    /// RTMP connections by outcome (`published`, `refused_auth`, `refused_room`,
    /// `refused_limit`, `refused_request`, `protocol_error`, `timeout`).
    pub connections: IntCounterVec,
    /// RTMP streams being published on this node.
    pub streams: IntGauge,
    /// Bytes read from RTMP publishers.
    pub bytes_in: IntCounter,
    /// What the ingest corrected or could not use, by event (`timestamp_jump`,
    /// `b_frames`, `no_keyframe`, `unsupported_codec`, `transcode_error`, `stall`).
    pub events: IntCounterVec,
}

impl IngestMetrics {
    pub(crate) fn register(r: &Registry) -> prometheus::Result<Self> {
        let m = Self {
            connections: IntCounterVec::new(
                Opts::new("liveroom_rtmp_connections_total", "RTMP connections, by outcome"),
                &["outcome"],
            )?,
            streams: IntGauge::new("liveroom_rtmp_streams", "RTMP streams being published on this node")?,
            bytes_in: IntCounter::new("liveroom_rtmp_bytes_in_total", "Bytes read from RTMP publishers")?,
            events: IntCounterVec::new(
                Opts::new(
                    "liveroom_rtmp_events_total",
                    "What the RTMP ingest corrected or dropped, by event (timestamp_jump, b_frames, \
                     no_keyframe, unsupported_codec, transcode_error, stall)",
                ),
                &["event"],
            )?,
        };
        r.register(Box::new(m.connections.clone()))?;
        r.register(Box::new(m.streams.clone()))?;
        r.register(Box::new(m.bytes_in.clone()))?;
        r.register(Box::new(m.events.clone()))?;
        Ok(m)
    }
}
