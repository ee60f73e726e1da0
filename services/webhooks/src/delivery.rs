//! One endpoint's sender: takes its queue in order, gathers member events for
//! [`MEMBER_BATCH_WINDOW`], signs each POST and tries it until a 2xx answer or
//! `max_attempts`, waiting [`backoff`] between tries.

use std::sync::Arc;
use std::time::Duration;

use hmac::{Hmac, Mac};
use liveroom_auth::AppRegistry;
use liveroom_telemetry::metrics;
use sha2::Sha256;
use tokio::sync::mpsc;

use crate::{EndpointConfig, Event, MAX_MEMBERS_PER_EVENT, MEMBER_BATCH_WINDOW};

/// Most events taken into one member batch.
const MAX_BATCH: usize = 4096;
/// Longest wait between two attempts.
const MAX_BACKOFF: Duration = Duration::from_secs(30);

/// The wait after failed attempt `attempt` (1-based): 1 s, 2 s, 4 s, ... at most 30 s.
pub fn backoff(attempt: u32) -> Duration {
    Duration::from_secs(1u64 << attempt.saturating_sub(1).min(16)).min(MAX_BACKOFF)
}

/// The `X-Liveroom-Signature` value's hex part: HMAC-SHA256 with the app's `secret` over
/// `"<timestamp>.<body>"`.
pub fn sign(secret: &str, timestamp: u64, body: &str) -> String {
    // HMAC accepts keys of any length, so this cannot fail.
    let mut mac = Hmac::<Sha256>::new_from_slice(secret.as_bytes()).expect("HMAC takes any key length");
    mac.update(timestamp.to_string().as_bytes());
    mac.update(b".");
    mac.update(body.as_bytes());
    mac.finalize().into_bytes().iter().map(|b| format!("{b:02x}")).collect()
}

/// Merges the member events of a batch: one `member.joined` and one `member.left` per room
/// (at the place of the first), their `userIDs` in order, split at
/// [`MAX_MEMBERS_PER_EVENT`]. Other events keep their place.
pub(crate) fn coalesce(batch: Vec<Event>) -> Vec<Event> {
    let mut out: Vec<Event> = Vec::with_capacity(batch.len());
    for event in batch {
        if event.event.is_member() {
            let same = out.iter_mut().rev().find(|e| {
                e.event == event.event
                    && e.sdkappid == event.sdkappid
                    && e.room_id == event.room_id
                    && users(e).len() < MAX_MEMBERS_PER_EVENT
            });
            if let Some(into) = same {
                let more: Vec<serde_json::Value> = users(&event).to_vec();
                if let Some(list) = into.data.get_mut("userIDs").and_then(|v| v.as_array_mut()) {
                    list.extend(more);
                }
                continue;
            }
        }
        out.push(event);
    }
    out
}

fn users(e: &Event) -> &[serde_json::Value] {
    e.data.get("userIDs").and_then(|v| v.as_array()).map(Vec::as_slice).unwrap_or(&[])
}

pub(crate) async fn run(index: usize, config: EndpointConfig, mut rx: mpsc::Receiver<Event>, apps: Arc<AppRegistry>) {
    let client = awc::Client::builder().timeout(Duration::from_secs(config.timeout_secs)).finish();
    while let Some(first) = rx.recv().await {
        let mut batch = vec![first];
        if batch[0].event.is_member() {
            let until = tokio::time::Instant::now() + MEMBER_BATCH_WINDOW;
            while batch.len() < MAX_BATCH {
                match tokio::time::timeout_at(until, rx.recv()).await {
                    Ok(Some(event)) => batch.push(event),
                    _ => break,
                }
            }
        }
        for event in coalesce(batch) {
            deliver(index, &client, &config, &apps, &event).await;
        }
    }
}

async fn deliver(index: usize, client: &awc::Client, config: &EndpointConfig, apps: &AppRegistry, event: &Event) {
    let Some(app) = apps.app(event.sdkappid) else { return };
    let body = match serde_json::to_string(event) {
        Ok(b) => b,
        Err(_) => return,
    };
    for attempt in 1..=config.max_attempts {
        let [timestamp, signature] = crate::signature_headers(app.secret.expose(), &body);
        let sent = client
            .post(&config.url)
            .insert_header(("content-type", "application/json"))
            .insert_header(("x-liveroom-event", event.event.name()))
            .insert_header(("x-liveroom-delivery", event.id.as_str()))
            .insert_header(timestamp)
            .insert_header(signature)
            .send_body(body.clone())
            .await;
        let failure = match sent {
            Ok(res) if res.status().is_success() => {
                metrics().chat.webhooks.with_label_values(&["delivered"]).inc();
                return;
            }
            Ok(res) => format!("answered {}", res.status().as_u16()),
            Err(e) => e.to_string(),
        };
        // The URL is not logged: it may carry the receiver's own token.
        tracing::warn!(
            endpoint = index,
            event = event.event.name(),
            id = event.id,
            attempt,
            failure,
            "webhook not accepted"
        );
        if attempt < config.max_attempts {
            metrics().chat.webhooks.with_label_values(&["retried"]).inc();
            tokio::time::sleep(backoff(attempt)).await;
        }
    }
    metrics().chat.webhooks.with_label_values(&["dead"]).inc();
    tracing::error!(
        endpoint = index,
        event = event.event.name(),
        id = event.id,
        "webhook given up after every attempt"
    );
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::EventKind;
    use serde_json::json;

    fn member(kind: EventKind, room: &str, user: &str) -> Event {
        Event::new(kind, 1, room, json!({ "userIDs": [user] }))
    }

    #[test]
    fn member_events_merge_per_room_and_kind_and_the_rest_keep_their_place() {
        let batch = vec![
            member(EventKind::MemberJoined, "r", "a"),
            member(EventKind::MemberJoined, "s", "x"),
            Event::new(EventKind::StreamStarted, 1, "r", json!({})),
            member(EventKind::MemberLeft, "r", "a"),
            member(EventKind::MemberJoined, "r", "b"),
        ];
        let out = coalesce(batch);
        let shape: Vec<(EventKind, &str, serde_json::Value)> =
            out.iter().map(|e| (e.event, e.room_id.as_str(), e.data["userIDs"].clone())).collect();
        assert_eq!(
            shape,
            vec![
                (EventKind::MemberJoined, "r", json!(["a", "b"])),
                (EventKind::MemberJoined, "s", json!(["x"])),
                (EventKind::StreamStarted, "r", serde_json::Value::Null),
                (EventKind::MemberLeft, "r", json!(["a"])),
            ]
        );
        let many: Vec<Event> =
            (0..MAX_MEMBERS_PER_EVENT + 3).map(|i| member(EventKind::MemberJoined, "r", &format!("u{i}"))).collect();
        let out = coalesce(many);
        assert_eq!(out.len(), 2);
        assert_eq!(users(&out[0]).len(), MAX_MEMBERS_PER_EVENT);
        assert_eq!(users(&out[1]).len(), 3);
    }

    #[test]
    fn backoff_doubles_to_thirty_seconds() {
        let waits: Vec<u64> = (1..=7).map(|a| backoff(a).as_secs()).collect();
        assert_eq!(waits, vec![1, 2, 4, 8, 16, 30, 30]);
        assert_eq!(backoff(u32::MAX), MAX_BACKOFF);
    }

    #[test]
    fn the_signature_is_hmac_sha256_over_timestamp_dot_body() {
        // Computed independently: Python's hmac.new(b"key", b'1733600000.{"id":"e1"}', sha256).
        assert_eq!(
            sign("key", 1_733_600_000, r#"{"id":"e1"}"#),
            "680d6d405cf698e34eb0acdee35dd70b694d8d1ee30966b7512797ffda2f4e0d"
        );
        assert_ne!(sign("key", 12, "{}"), sign("key", 13, "{}"), "the timestamp is signed");
        assert_ne!(sign("key", 12, "{}"), sign("other", 12, "{}"));
    }
}
