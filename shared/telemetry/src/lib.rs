//! Telemetry: log setup and every Prometheus metric liveroom exports.
//!
//! Owns: the process-wide metric registry ([`metrics`]), the metric names and label sets
//! (one place, so dashboards and alert rules have one source of truth), and the `tracing`
//! subscriber setup. Metrics are statics because hot paths (fan-out, packet forwarding)
//! must not look anything up.
//!
//! Must not: depend on any other liveroom crate, or record unbounded label values (room
//! and user ids never become labels).

mod cdn;
mod chat;
mod cluster;
mod ingest;
mod logging;
mod media;

use std::sync::LazyLock;

pub use cdn::CdnMetrics;
pub use chat::{ChatMetrics, LIMITS};
pub use cluster::{ClusterMetrics, ETCD_OPS, LINK_OPS};
pub use ingest::IngestMetrics;
pub use logging::{init_logging, LogFormat};
pub use media::MediaMetrics;
pub use prometheus;

/// All of liveroom's metrics.
pub struct Metrics {
    /// The registry `/metrics` renders.
    pub registry: prometheus::Registry,
    /// Chat: sessions, rooms, messages.
    pub chat: ChatMetrics,
    /// Media: streams, peers, RTP.
    pub media: MediaMetrics,
    /// CDN relay: packaging and the origin.
    pub cdn: CdnMetrics,
    /// Cluster: nodes, placements, migrations, the node link, etcd.
    pub cluster: ClusterMetrics,
    /// RTMP ingest.
    pub ingest: IngestMetrics,
}

static METRICS: LazyLock<Metrics> = LazyLock::new(|| {
    let registry = prometheus::Registry::new();
    let chat = ChatMetrics::register(&registry).expect("chat metric definitions are valid");
    let media = MediaMetrics::register(&registry).expect("media metric definitions are valid");
    let cdn = CdnMetrics::register(&registry).expect("cdn metric definitions are valid");
    let cluster = ClusterMetrics::register(&registry).expect("cluster metric definitions are valid");
    let ingest = IngestMetrics::register(&registry).expect("ingest metric definitions are valid");
    // CPU and memory of this process (process_cpu_seconds_total, process_resident_memory_bytes...).
    #[cfg(target_os = "linux")]
    registry
        .register(Box::new(prometheus::process_collector::ProcessCollector::for_self()))
        .expect("the process collector registers once");
    Metrics { registry, chat, media, cdn, cluster, ingest }
});

/// The process-wide metrics.
pub fn metrics() -> &'static Metrics {
    &METRICS
}

/// Renders every metric in the Prometheus text format.
pub fn render() -> String {
    use prometheus::Encoder;
    let mut out = Vec::with_capacity(16 * 1024);
    prometheus::TextEncoder::new()
        .encode(&METRICS.registry.gather(), &mut out)
        .expect("text encoding into a Vec cannot fail");
    String::from_utf8(out).expect("the text encoder writes UTF-8")
}
