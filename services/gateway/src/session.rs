//! The chat WebSocket: one actix-ws session per client, bridged to a UserActor.
//!
//! One task per connection does both directions: it drains the session's
//! [`OutboundQueue`] into WebSocket messages (closing with the queue's code), and reads
//! client frames (size check, per-connection frame rate, decode once, hand to the actor),
//! with server pings and an idle timeout. One task instead of a reader and a writer keeps
//! an idle connection small (see docs/BENCHMARKS.md).

use std::num::NonZeroU32;
use std::sync::Arc;
use std::time::Instant;

use actix::{Actor, Addr};
use actix_web::{web, HttpRequest, HttpResponse};
use actix_ws::{AggregatedMessage, CloseCode as WsCloseCode, CloseReason, ProtocolError};
use governor::{Quota, RateLimiter};
use liveroom_node::outbound::{FrameKind, Next};
use liveroom_node::user::{Disconnected, Incoming, UserActor};
use liveroom_node::{OutboundQueue, SessionId};
use liveroom_protocol::server::error_frame;
use liveroom_protocol::{decode_request, CloseCode, ErrorCode, Priority, MAX_FRAME_BYTES};
use liveroom_telemetry::metrics;
use serde::Deserialize;

use crate::{ApiError, Gateway};

/// Frames above this size break the WebSocket codec and end the session; frames between
/// [`MAX_FRAME_BYTES`] and this get a `FrameTooLarge` error and the session goes on.
const CODEC_MAX_FRAME: usize = 4 * MAX_FRAME_BYTES;

#[derive(Deserialize)]
pub(crate) struct ImQuery {
    sdkappid: u64,
}

pub(crate) async fn upgrade(
    req: HttpRequest,
    body: web::Payload,
    query: web::Query<ImQuery>,
    gw: web::Data<Gateway>,
) -> Result<HttpResponse, actix_web::Error> {
    let sdkappid = query.sdkappid;
    if gw.host.apps().app(sdkappid).is_none() {
        return Err(ApiError::with(ErrorCode::UnknownApp, format!("unknown SDKAppID {sdkappid}")).into());
    }
    let (response, session, stream) = actix_ws::handle(&req, body)?;
    let stream =
        stream.max_frame_size(CODEC_MAX_FRAME).aggregate_continuations().max_continuation_size(CODEC_MAX_FRAME);
    let id = SessionId::next();
    let queue = OutboundQueue::new(gw.host.config().queue);
    let user = UserActor::new(id, sdkappid, gw.host.clone(), queue.clone()).start();
    actix_web::rt::spawn(run(stream, session, user, queue, gw.into_inner()));
    Ok(response)
}

fn push_error(queue: &OutboundQueue, id: Option<u64>, code: ErrorCode, message: &str) {
    metrics().chat.protocol_errors.with_label_values(&[&code.value().to_string()]).inc();
    queue.push(error_frame(id, code, message).into(), Priority::High, FrameKind::Control, Instant::now());
}

/// What ended a session, for the UserActor and metrics.
type EndReason = &'static str;

async fn run(
    mut stream: actix_ws::AggregatedMessageStream,
    mut session: actix_ws::Session,
    user: Addr<UserActor>,
    queue: OutboundQueue,
    gw: Arc<Gateway>,
) {
    let limits = &gw.host.config().session;
    let rate = NonZeroU32::new(limits.frame_rate.max(1)).expect("max(1)");
    let burst = NonZeroU32::new(limits.frame_rate.max(1).saturating_mul(2)).expect("non-zero");
    let limiter = RateLimiter::direct(Quota::per_second(rate).allow_burst(burst));
    let mut violations = 0u32;
    let mut last_heard = Instant::now();
    let mut ping = tokio::time::interval(gw.config.ping_interval);
    ping.tick().await;
    let reason: EndReason = loop {
        tokio::select! {
            next = queue.next() => match next {
                Next::Frame(frame) => {
                    if session.text(frame).await.is_err() {
                        break "client";
                    }
                }
                Next::Close(code) => {
                    let reason = CloseReason { code: WsCloseCode::Other(code.value()), description: Some(code.reason().into()) };
                    let _ = session.close(Some(reason)).await;
                    return user.do_send(Disconnected("server"));
                }
            },
            msg = stream.recv() => {
                let msg = match msg {
                    None => break "client",
                    Some(Ok(m)) => m,
                    Some(Err(ProtocolError::Overflow)) => {
                        push_error(&queue, None, ErrorCode::FrameTooLarge, "frame exceeds the WebSocket size cap; closing");
                        queue.close(CloseCode::PolicyViolation);
                        continue;
                    }
                    Some(Err(_)) => break "protocol_error",
                };
                last_heard = Instant::now();
                match msg {
                    AggregatedMessage::Text(text) => {
                        if limiter.check().is_err() {
                            violations += 1;
                            push_error(&queue, None, ErrorCode::Flood, ErrorCode::Flood.default_message());
                            if violations > limits.max_violations {
                                queue.close(CloseCode::PolicyViolation);
                            }
                            continue;
                        }
                        violations = 0;
                        match decode_request(&text) {
                            Ok(req) => {
                                let id = req.id;
                                if user.try_send(Incoming(req)).is_err() {
                                    push_error(&queue, id, ErrorCode::Busy, ErrorCode::Busy.default_message());
                                }
                            }
                            Err(e) => push_error(&queue, e.id, e.code, &e.message),
                        }
                    }
                    AggregatedMessage::Binary(_) => {
                        push_error(&queue, None, ErrorCode::BinaryUnsupported, ErrorCode::BinaryUnsupported.default_message());
                    }
                    AggregatedMessage::Ping(bytes) => {
                        if session.pong(&bytes).await.is_err() {
                            break "client";
                        }
                    }
                    AggregatedMessage::Pong(_) => {}
                    AggregatedMessage::Close(_) => break "client",
                }
            }
            _ = ping.tick() => {
                if last_heard.elapsed() > gw.config.idle_timeout {
                    queue.close(CloseCode::IdleTimeout);
                    continue;
                }
                if session.ping(b"").await.is_err() {
                    break "client";
                }
            }
        }
    };
    // The client is gone: nothing more will be written.
    queue.close(CloseCode::ServerGoingAway);
    user.do_send(Disconnected(reason));
}
