use prometheus::{
    exponential_buckets, Histogram, HistogramOpts, IntCounter, IntCounterVec, IntGauge, IntGaugeVec, Opts, Registry,
};

/// CDN relay metrics (LL-HLS / HTTP-FLV packaging and the origin).
pub struct CdnMetrics {
    /// Streams being packaged on this node.
    pub streams: IntGauge,
    /// Media segments completed (LL-HLS).
    pub segments: IntCounter,
    /// Partial segments completed (LL-HLS).
    pub parts: IntCounter,
    /// Open viewers by format (`flv`: open HTTP-FLV responses; `hls`: blocked playlist
    /// and part requests in flight).
    pub viewers: IntGaugeVec,
    /// Requests served by format (`hls`, `flv`).
    pub requests: IntCounterVec,
    /// Bytes served by format.
    pub bytes_served: IntCounterVec,
    /// HTTP-FLV viewers dropped for not keeping up.
    pub slow_viewers_dropped: IntCounter,
    /// Frames the packager dropped, by reason (`loss`, `no_keyframe`).
    pub frames_dropped: IntCounterVec,
    /// Seconds from a frame's first packet arriving to its part being published.
    pub packager_lag: Histogram,
    /// Opus packets that failed to decode or AAC frames that failed to encode.
    pub transcode_errors: IntCounter,
    /// Recordings being written (or waiting for their publisher to come back).
    pub recordings: IntGauge,
    /// Bytes written to recordings.
    pub recording_bytes: IntCounter,
    /// Recordings deleted, by reason (`quota`, `api`).
    pub recordings_deleted: IntCounterVec,
    /// Recordings stopped early, by reason (`quota`).
    pub recordings_stopped: IntCounterVec,
}

impl CdnMetrics {
    pub(crate) fn register(r: &Registry) -> prometheus::Result<Self> {
        let m = Self {
            streams: IntGauge::new("liveroom_cdn_streams", "Streams being packaged for LL-HLS and HTTP-FLV")?,
            segments: IntCounter::new("liveroom_cdn_segments_total", "LL-HLS media segments completed")?,
            parts: IntCounter::new("liveroom_cdn_parts_total", "LL-HLS partial segments completed")?,
            viewers: IntGaugeVec::new(
                Opts::new("liveroom_cdn_viewers", "Open CDN viewers: FLV responses, blocked HLS requests"),
                &["format"],
            )?,
            requests: IntCounterVec::new(
                Opts::new("liveroom_cdn_requests_total", "Origin requests served, by format"),
                &["format"],
            )?,
            bytes_served: IntCounterVec::new(
                Opts::new("liveroom_cdn_bytes_served_total", "Bytes the origin served, by format"),
                &["format"],
            )?,
            slow_viewers_dropped: IntCounter::new(
                "liveroom_cdn_slow_viewers_dropped_total",
                "HTTP-FLV viewers disconnected for not keeping up",
            )?,
            frames_dropped: IntCounterVec::new(
                Opts::new(
                    "liveroom_cdn_frames_dropped_total",
                    "Frames the packager dropped, by reason (video: loss, no_keyframe; audio: audio_overlap)",
                ),
                &["reason"],
            )?,
            packager_lag: Histogram::with_opts(
                HistogramOpts::new(
                    "liveroom_cdn_packager_lag_seconds",
                    "Time from a frame's arrival to its LL-HLS part being published",
                )
                .buckets(exponential_buckets(0.01, 2.0, 10)?),
            )?,
            transcode_errors: IntCounter::new(
                "liveroom_cdn_transcode_errors_total",
                "Opus packets that failed to decode or AAC frames that failed to encode",
            )?,
            recordings: IntGauge::new(
                "liveroom_recordings",
                "Recordings being written, or waiting for their publisher to come back",
            )?,
            recording_bytes: IntCounter::new("liveroom_recording_bytes_total", "Bytes written to recordings")?,
            recordings_deleted: IntCounterVec::new(
                Opts::new("liveroom_recordings_deleted_total", "Recordings deleted, by reason (quota, api)"),
                &["reason"],
            )?,
            recordings_stopped: IntCounterVec::new(
                Opts::new("liveroom_recordings_stopped_total", "Recordings stopped early, by reason (quota)"),
                &["reason"],
            )?,
        };
        for format in ["hls", "flv"] {
            // Present from the start, so dashboards and rules see every series.
            m.viewers.with_label_values(&[format]);
        }
        for format in ["hls", "flv", "jpg"] {
            m.requests.with_label_values(&[format]);
            m.bytes_served.with_label_values(&[format]);
        }
        for reason in ["loss", "no_keyframe", "audio_overlap"] {
            m.frames_dropped.with_label_values(&[reason]);
        }
        r.register(Box::new(m.streams.clone()))?;
        r.register(Box::new(m.segments.clone()))?;
        r.register(Box::new(m.parts.clone()))?;
        r.register(Box::new(m.viewers.clone()))?;
        r.register(Box::new(m.requests.clone()))?;
        r.register(Box::new(m.bytes_served.clone()))?;
        r.register(Box::new(m.slow_viewers_dropped.clone()))?;
        r.register(Box::new(m.frames_dropped.clone()))?;
        r.register(Box::new(m.packager_lag.clone()))?;
        r.register(Box::new(m.transcode_errors.clone()))?;
        r.register(Box::new(m.recordings.clone()))?;
        r.register(Box::new(m.recording_bytes.clone()))?;
        r.register(Box::new(m.recordings_deleted.clone()))?;
        r.register(Box::new(m.recordings_stopped.clone()))?;
        Ok(m)
    }
}
