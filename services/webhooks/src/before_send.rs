//! The before-send callback (as Tencent IM's "callback before sending a group message"):
//! the app's backend sees each chat message before the room takes it, and may let it
//! through, refuse it (the sender gets 60029 with the backend's reason) or rewrite it.
//!
//! Owns: the `[before_send]` settings, the request (JSON, signed like the webhooks, event
//! `message.before_send`), the answer's meaning, the timeout and the bound on calls in
//! flight, and what a failure means (`on_failure`: `allow` or `refuse`).
//!
//! Must not: keep a message waiting longer than `timeout_ms`, or wait for a free slot (no
//! slot is a failure, decided like any other).

use std::sync::Arc;
use std::time::Duration;

use liveroom_auth::AppRegistry;
use liveroom_telemetry::metrics;
use serde::{Deserialize, Serialize};
use tokio::sync::Semaphore;

/// `[before_send]`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct BeforeSendConfig {
    /// Where each message is POSTed before the room takes it; empty (the default) = off.
    pub url: String,
    /// Only this app's messages; none = every app's.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub app: Option<u64>,
    /// Longest wait for the answer, milliseconds (default 500; 50–5000).
    pub timeout_ms: u64,
    /// When the backend does not answer in time, answers an error or nonsense, or too many
    /// calls are in flight: `"allow"` (the default: chat keeps working when the backend is
    /// down) or `"refuse"` (nothing unchecked is ever shown).
    pub on_failure: String,
    /// Calls in flight at once on a node (default 256); beyond it, a failure.
    pub max_in_flight: u32,
}

impl Default for BeforeSendConfig {
    fn default() -> Self {
        Self { url: String::new(), app: None, timeout_ms: 500, on_failure: "allow".into(), max_in_flight: 256 }
    }
}

impl BeforeSendConfig {
    /// Checks the section (startup refuses a bad one).
    pub fn check(&self) -> Result<(), String> {
        if self.url.is_empty() {
            return Ok(());
        }
        if !crate::http_url(&self.url) {
            return Err(format!("[before_send] url {:?} is not an http:// or https:// URL", self.url));
        }
        if !(50..=5000).contains(&self.timeout_ms) {
            return Err("[before_send] timeout_ms must be 50-5000".into());
        }
        if !matches!(self.on_failure.as_str(), "allow" | "refuse") {
            return Err(format!("[before_send] on_failure must be \"allow\" or \"refuse\", not {:?}", self.on_failure));
        }
        if self.max_in_flight == 0 {
            return Err("[before_send] max_in_flight must be at least 1".into());
        }
        Ok(())
    }
}

/// A message the room is about to take.
#[derive(Debug, Clone, Serialize)]
pub struct Proposed<'a> {
    /// The app.
    pub sdkappid: u64,
    /// The room.
    #[serde(rename = "roomID")]
    pub room_id: &'a str,
    /// The sender.
    pub from: &'a str,
    /// TIM element type (`TIMTextElem`, `TIMCustomElem`, `TIMImageElem`).
    #[serde(rename = "type")]
    pub kind: &'a str,
    /// TIM payload.
    pub payload: serde_json::Value,
    /// The sender's own id of the message, if any.
    #[serde(rename = "clientMsgID", skip_serializing_if = "Option::is_none")]
    pub client_msg_id: Option<&'a str>,
}

/// What to do with the message.
#[derive(Debug, Clone, PartialEq)]
pub enum Decision {
    /// Take it as sent.
    Allow,
    /// Take it with this payload instead (of the same type; the caller checks it).
    Rewrite(serde_json::Value),
    /// Refuse it; the sender is told why.
    Refuse(String),
}

#[derive(Deserialize)]
struct Answer {
    action: String,
    #[serde(default)]
    payload: Option<serde_json::Value>,
    #[serde(default)]
    message: Option<String>,
}

/// Longest answer read.
const MAX_ANSWER_BYTES: usize = 64 * 1024;
/// Longest refusal reason passed to the sender.
const MAX_REASON_CHARS: usize = 200;

/// The node's callback. See the module docs.
pub struct BeforeSend {
    config: BeforeSendConfig,
    apps: Arc<AppRegistry>,
    slots: Arc<Semaphore>,
}

thread_local! {
    static CLIENT: awc::Client = awc::Client::builder().disable_timeout().finish();
}

impl BeforeSend {
    /// The callback of `config`, `None` when it is off.
    pub fn new(config: BeforeSendConfig, apps: Arc<AppRegistry>) -> Option<Self> {
        if config.url.is_empty() {
            return None;
        }
        let slots = Arc::new(Semaphore::new(config.max_in_flight as usize));
        Some(Self { config, apps, slots })
    }

    /// Whether messages of `sdkappid` go through it.
    pub fn covers(&self, sdkappid: u64) -> bool {
        self.config.app.is_none_or(|a| a == sdkappid)
    }

    /// What the backend says of `message` (or what `on_failure` says when it cannot).
    /// Runs on an actix arbiter (the HTTP client is per thread).
    pub async fn decide(&self, message: &Proposed<'_>) -> Decision {
        let outcome = match self.ask(message).await {
            Ok(Decision::Allow) => ("allowed", Decision::Allow),
            Ok(Decision::Rewrite(p)) => ("rewritten", Decision::Rewrite(p)),
            Ok(Decision::Refuse(m)) => ("refused", Decision::Refuse(m)),
            Err(why) => {
                tracing::warn!(why, "the before-send callback failed");
                if self.config.on_failure == "refuse" {
                    ("failed_refused", Decision::Refuse("the app could not check this message; try again".into()))
                } else {
                    ("failed_allowed", Decision::Allow)
                }
            }
        };
        metrics().chat.before_send.with_label_values(&[outcome.0]).inc();
        outcome.1
    }

    async fn ask(&self, message: &Proposed<'_>) -> Result<Decision, String> {
        let Ok(_slot) = self.slots.clone().try_acquire_owned() else {
            return Err(format!("{} calls in flight already", self.config.max_in_flight));
        };
        let app = self.apps.app(message.sdkappid).ok_or("unknown app")?;
        let body = serde_json::json!({ "event": "message.before_send", "message": message }).to_string();
        let [timestamp, signature] = crate::signature_headers(app.secret.expose(), &body);
        let request = CLIENT.with(|c| {
            c.post(&self.config.url)
                .timeout(Duration::from_millis(self.config.timeout_ms))
                .insert_header(("content-type", "application/json"))
                .insert_header(("x-liveroom-event", "message.before_send"))
                .insert_header(timestamp)
                .insert_header(signature)
        });
        let deadline = Duration::from_millis(self.config.timeout_ms);
        let answer = tokio::time::timeout(deadline, async move {
            let mut res = request.send_body(body).await.map_err(|e| e.to_string())?;
            if !res.status().is_success() {
                return Err(format!("answered {}", res.status().as_u16()));
            }
            let bytes = res.body().limit(MAX_ANSWER_BYTES).await.map_err(|e| e.to_string())?;
            serde_json::from_slice::<Answer>(&bytes).map_err(|e| format!("not an answer: {e}"))
        })
        .await
        .map_err(|_| format!("no answer in {} ms", self.config.timeout_ms))??;
        match answer.action.as_str() {
            "allow" => Ok(Decision::Allow),
            "refuse" => {
                let reason: String = answer.message.unwrap_or_default().chars().take(MAX_REASON_CHARS).collect();
                Ok(Decision::Refuse(if reason.is_empty() { "the app refused this message".into() } else { reason }))
            }
            "rewrite" => answer.payload.map(Decision::Rewrite).ok_or_else(|| "rewrite without a payload".into()),
            other => Err(format!("unknown action {:?}", other.chars().take(20).collect::<String>())),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_section_is_checked() {
        assert!(BeforeSendConfig::default().check().is_ok(), "off");
        let on = BeforeSendConfig { url: "http://127.0.0.1:1/cb".into(), ..BeforeSendConfig::default() };
        assert!(on.check().is_ok());
        assert!(BeforeSendConfig { url: "file:///etc".into(), ..on.clone() }.check().is_err());
        assert!(BeforeSendConfig { timeout_ms: 10, ..on.clone() }.check().is_err());
        assert!(BeforeSendConfig { on_failure: "maybe".into(), ..on.clone() }.check().is_err());
        assert!(BeforeSendConfig { max_in_flight: 0, ..on }.check().is_err());
    }
}
