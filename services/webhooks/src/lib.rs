//! Webhooks: the operator's backend learns what happens in its rooms without polling.
//!
//! Owns: the `[[webhooks]]` endpoints ([`EndpointConfig`]), the event schema ([`Event`],
//! documented in docs/http-api.md), the signature (HMAC-SHA256 with the app's secret over
//! `"<timestamp>.<body>"`), and delivery: a bounded queue and one sender per endpoint,
//! events in order, retries with backoff, a dead-letter count. Member events are batched
//! per room for [`MEMBER_BATCH_WINDOW`].
//!
//! Also the before-send callback ([`BeforeSend`]): a message checked by the backend
//! before a room takes it.
//!
//! Must not: block or slow the caller ([`Webhooks::emit`] never waits; a full queue loses
//! the event and counts it), let one endpoint delay another, or log a secret or a
//! signature.

mod before_send;
mod delivery;

use std::sync::Arc;
use std::time::Duration;

use liveroom_auth::AppRegistry;
use liveroom_telemetry::metrics;
use serde::{Deserialize, Serialize};
use tokio::sync::mpsc;

pub use before_send::{BeforeSend, BeforeSendConfig, Decision, Proposed};
pub use delivery::{backoff, sign};

/// Events one endpoint may have waiting; beyond it new events are dropped (and counted).
pub const QUEUE_CAPACITY: usize = 1024;
/// How long member events of a room are gathered into one POST.
pub const MEMBER_BATCH_WINDOW: Duration = Duration::from_secs(1);
/// Most user ids in one member event.
pub const MAX_MEMBERS_PER_EVENT: usize = 500;

/// What happened.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum EventKind {
    /// A room was created.
    #[serde(rename = "room.created")]
    RoomCreated,
    /// A room was destroyed by its owner, dismissed by the administrator or expired.
    #[serde(rename = "room.dismissed")]
    RoomDismissed,
    /// A stream's media started to flow.
    #[serde(rename = "stream.started")]
    StreamStarted,
    /// A stream ended.
    #[serde(rename = "stream.stopped")]
    StreamStopped,
    /// Users entered a room (batched; only when an endpoint lists it).
    #[serde(rename = "member.joined")]
    MemberJoined,
    /// Users left a room (batched; only when an endpoint lists it).
    #[serde(rename = "member.left")]
    MemberLeft,
    /// A stream's recording finished: its files are written.
    #[serde(rename = "recording.finished")]
    RecordingFinished,
}

impl EventKind {
    /// Every kind.
    pub const ALL: [EventKind; 7] = [
        EventKind::RoomCreated,
        EventKind::RoomDismissed,
        EventKind::StreamStarted,
        EventKind::StreamStopped,
        EventKind::MemberJoined,
        EventKind::MemberLeft,
        EventKind::RecordingFinished,
    ];

    /// The name on the wire and in `events = [...]`.
    pub fn name(self) -> &'static str {
        match self {
            EventKind::RoomCreated => "room.created",
            EventKind::RoomDismissed => "room.dismissed",
            EventKind::StreamStarted => "stream.started",
            EventKind::StreamStopped => "stream.stopped",
            EventKind::MemberJoined => "member.joined",
            EventKind::MemberLeft => "member.left",
            EventKind::RecordingFinished => "recording.finished",
        }
    }

    /// The kind named `name`.
    pub fn parse(name: &str) -> Option<EventKind> {
        EventKind::ALL.into_iter().find(|k| k.name() == name)
    }

    fn is_member(self) -> bool {
        matches!(self, EventKind::MemberJoined | EventKind::MemberLeft)
    }
}

/// One event, as the endpoint receives it (the JSON body of the POST).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Event {
    /// Unique id of this event (the same on every retry: deduplicate on it).
    pub id: String,
    /// What happened.
    pub event: EventKind,
    /// When, unix milliseconds.
    pub time: u64,
    /// The app.
    pub sdkappid: u64,
    /// The room.
    #[serde(rename = "roomID")]
    pub room_id: String,
    /// Details by kind (docs/http-api.md).
    pub data: serde_json::Value,
}

impl Event {
    /// An event of `kind` in `room` now, with `data`.
    pub fn new(kind: EventKind, sdkappid: u64, room_id: &str, data: serde_json::Value) -> Self {
        let time = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_millis() as u64)
            .unwrap_or(0);
        Self {
            id: format!("{:032x}", rand::random::<u128>()),
            event: kind,
            time,
            sdkappid,
            room_id: room_id.into(),
            data,
        }
    }
}

/// One `[[webhooks]]` entry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EndpointConfig {
    /// Where events are POSTed (`http://` or `https://`).
    pub url: String,
    /// The events sent; empty = every event but the member ones, which are sent only when
    /// listed (`member.joined`, `member.left`).
    #[serde(default)]
    pub events: Vec<String>,
    /// Only this app's events; none = every app's.
    #[serde(default)]
    pub app: Option<u64>,
    /// Attempts per event before it counts as dead (default 6: about 30 s of retries).
    #[serde(default = "default_attempts")]
    pub max_attempts: u32,
    /// Seconds one attempt may take (default 5).
    #[serde(default = "default_timeout")]
    pub timeout_secs: u64,
}

fn default_attempts() -> u32 {
    6
}

fn default_timeout() -> u64 {
    5
}

/// Why an endpoint's configuration is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ConfigError {
    /// Not an http(s) URL.
    #[error("webhook url {0:?} is not an http:// or https:// URL")]
    Url(String),
    /// An unknown event name.
    #[error("unknown webhook event {0:?} (known: room.created, room.dismissed, stream.started, stream.stopped, member.joined, member.left)")]
    Event(String),
    /// A bound out of range.
    #[error("webhook {0}: max_attempts must be 1-20 and timeout_secs 1-60")]
    Bounds(String),
}

/// Whether `url` is an `http://` or `https://` URL of a sane length.
pub(crate) fn http_url(url: &str) -> bool {
    let lower = url.to_ascii_lowercase();
    (lower.starts_with("http://") || lower.starts_with("https://")) && url.len() <= 2048
}

/// The headers that sign `body` with the app's `secret` now: `X-Liveroom-Timestamp` and
/// `X-Liveroom-Signature: v1=<hex>` (see [`sign`]).
pub(crate) fn signature_headers(secret: &str, body: &str) -> [(&'static str, String); 2] {
    let timestamp =
        std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_secs()).unwrap_or(0);
    [
        ("x-liveroom-timestamp", timestamp.to_string()),
        ("x-liveroom-signature", format!("v1={}", sign(secret, timestamp, body))),
    ]
}

impl EndpointConfig {
    /// Checks the entry (startup refuses a bad one).
    pub fn check(&self) -> Result<(), ConfigError> {
        if !http_url(&self.url) {
            return Err(ConfigError::Url(self.url.clone()));
        }
        if let Some(bad) = self.events.iter().find(|e| EventKind::parse(e).is_none()) {
            return Err(ConfigError::Event(bad.clone()));
        }
        if !(1..=20).contains(&self.max_attempts) || !(1..=60).contains(&self.timeout_secs) {
            return Err(ConfigError::Bounds(self.url.clone()));
        }
        Ok(())
    }

    /// Whether `kind` events of `sdkappid` go to this endpoint.
    pub fn wants(&self, kind: EventKind, sdkappid: u64) -> bool {
        self.app.is_none_or(|a| a == sdkappid) && self.takes(kind)
    }

    /// Whether this endpoint takes `kind` events (of its app or apps).
    fn takes(&self, kind: EventKind) -> bool {
        if self.events.is_empty() {
            return !kind.is_member();
        }
        self.events.iter().any(|e| e == kind.name())
    }
}

struct Endpoint {
    config: EndpointConfig,
    queue: mpsc::Sender<Event>,
}

/// The node's webhooks: cheap to clone; [`Webhooks::none`] when none are configured.
#[derive(Clone, Default)]
pub struct Webhooks {
    endpoints: Arc<Vec<Endpoint>>,
}

impl Webhooks {
    /// No endpoints: [`Webhooks::emit`] does nothing.
    pub fn none() -> Self {
        Self::default()
    }

    /// Starts one sender per endpoint on the current actix arbiter (call inside the actix
    /// system). `apps` holds the secrets events are signed with.
    pub fn start(configs: Vec<EndpointConfig>, apps: Arc<AppRegistry>) -> Self {
        let endpoints = configs
            .into_iter()
            .enumerate()
            .map(|(index, config)| {
                let (tx, rx) = mpsc::channel(QUEUE_CAPACITY);
                actix_rt::spawn(delivery::run(index, config.clone(), rx, apps.clone()));
                Endpoint { config, queue: tx }
            })
            .collect();
        Self { endpoints: Arc::new(endpoints) }
    }

    /// Whether some endpoint takes `kind` events (of any app): callers skip building
    /// events nobody takes.
    pub fn wants(&self, kind: EventKind) -> bool {
        self.endpoints.iter().any(|e| e.config.takes(kind))
    }

    /// Queues `event` for every endpoint that takes it. Never waits: a full queue drops
    /// the event for that endpoint and counts it.
    pub fn emit(&self, event: Event) {
        for endpoint in self.endpoints.iter().filter(|e| e.config.wants(event.event, event.sdkappid)) {
            if endpoint.queue.try_send(event.clone()).is_err() {
                metrics().chat.webhooks.with_label_values(&["dropped"]).inc();
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn endpoint(events: &[&str], app: Option<u64>) -> EndpointConfig {
        EndpointConfig {
            url: "http://127.0.0.1:9/hook".into(),
            events: events.iter().map(|e| e.to_string()).collect(),
            app,
            max_attempts: 6,
            timeout_secs: 5,
        }
    }

    #[test]
    fn endpoints_take_what_they_list_and_member_events_only_when_listed() {
        let all = endpoint(&[], None);
        assert!(all.wants(EventKind::StreamStarted, 1) && all.wants(EventKind::RoomCreated, 2));
        assert!(!all.wants(EventKind::MemberJoined, 1), "member events only when listed");
        let some = endpoint(&["member.joined", "room.dismissed"], Some(7));
        assert!(some.wants(EventKind::MemberJoined, 7) && some.wants(EventKind::RoomDismissed, 7));
        assert!(!some.wants(EventKind::MemberJoined, 8), "another app");
        assert!(!some.wants(EventKind::StreamStarted, 7));
        assert!(endpoint(&["stream.started"], None).check().is_ok());
        assert_eq!(endpoint(&["stream.start"], None).check(), Err(ConfigError::Event("stream.start".into())));
        let mut bad = endpoint(&[], None);
        bad.url = "ftp://x".into();
        assert!(matches!(bad.check(), Err(ConfigError::Url(_))));
        bad.url = "https://x".into();
        bad.max_attempts = 0;
        assert!(matches!(bad.check(), Err(ConfigError::Bounds(_))));
    }

    #[test]
    fn the_wire_names_are_the_documented_ones() {
        for kind in EventKind::ALL {
            assert_eq!(serde_json::to_value(kind).unwrap(), serde_json::json!(kind.name()));
            assert_eq!(EventKind::parse(kind.name()), Some(kind));
        }
    }
}
