//! The chat WebSocket: one session per client, bridged to a UserActor.
//!
//! The connection's response body writes the session's [`OutboundQueue`] (see
//! [`crate::socket`]); one task per connection reads client frames (size check,
//! per-connection frame rate, decode once, hand to the actor) and keeps the server pings
//! and the idle timeout. Keeping the writer in the connection itself keeps an idle
//! connection small and a fan-out batch at one wake-up (see docs/BENCHMARKS.md).

use std::num::NonZeroU32;
use std::sync::Arc;
use std::time::Instant;

use actix::{Actor, Addr};
use actix_web::{web, HttpRequest, HttpResponse};
use governor::{Quota, RateLimiter};
use liveroom_node::outbound::FrameKind;
use liveroom_node::user::{Disconnected, Incoming, UserActor};
use liveroom_node::{OutboundQueue, SessionId};
use liveroom_protocol::server::error_frame;
use liveroom_protocol::{decode_request, CloseCode, ErrorCode, Priority, MAX_FRAME_BYTES};
use liveroom_telemetry::metrics;
use serde::Deserialize;

use crate::limits::{AddrSlot, BudgetSlot};
use crate::socket::{ClientFrame, ClientFrames, ReadError};
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
    let addr = crate::limits::client_addr(&req, &gw.config.limits.exempt);
    let slots = take_slots(addr, &gw)?;
    let handshake = take_handshake(addr.or_else(|| req.peer_addr().map(|p| p.ip())), &gw)?;
    let queue = OutboundQueue::new(gw.host.config().queue);
    let (response, written_close) = crate::socket::handshake(&req, queue.clone())?;
    let frames = ClientFrames::new(body, CODEC_MAX_FRAME);
    let id = SessionId::next();
    let mut user = UserActor::new(id, sdkappid, gw.host.clone(), queue.clone()).with_addr(addr);
    if let Some(handshake) = handshake {
        user = user.with_handshake(Box::new(handshake));
    }
    let user = user.start();
    actix_web::rt::spawn(async move {
        run(frames, written_close, user, queue, gw.into_inner()).await;
        drop(slots);
    });
    Ok(response)
}

/// A slot of the address's handshakes in progress (429 beyond the limit), held by the
/// session's actor until it logs in or enters a room.
fn take_handshake(addr: Option<std::net::IpAddr>, gw: &Gateway) -> Result<Option<AddrSlot>, ApiError> {
    let Some(ip) = addr else { return Ok(None) };
    let max = gw.config.limits.handshakes_per_addr;
    match gw.handshakes.try_take(ip, max) {
        Some(slot) => Ok(Some(slot)),
        None => {
            metrics().chat.limit_refusals.with_label_values(&["handshakes_per_addr"]).inc();
            Err(ApiError::with(
                ErrorCode::QuotaExceeded,
                format!("at most {max} connections per address that have not logged in or entered a room"),
            ))
        }
    }
}

/// What a session holds while it lives: one unit of the node's session budget and one
/// slot of its client address (none for an exempt peer).
type SessionSlots = (BudgetSlot, Option<AddrSlot>);

/// Refuses the upgrade (429) when the node or the client's address holds its most
/// sessions. The node's budget stays below the descriptor limit with room for probes.
fn take_slots(addr: Option<std::net::IpAddr>, gw: &Gateway) -> Result<SessionSlots, ApiError> {
    let limits = &gw.config.limits;
    let refuse = |limit: &str, message: String| {
        metrics().chat.limit_refusals.with_label_values(&[limit]).inc();
        ApiError::with(ErrorCode::QuotaExceeded, message)
    };
    let budget = gw.sessions.try_take(limits.max_sessions).ok_or_else(|| {
        refuse("sessions_node", format!("this node holds its most sessions ({}); try another", limits.max_sessions))
    })?;
    let addr = match addr {
        Some(ip) => Some(gw.session_addrs.try_take(ip, limits.sessions_per_addr).ok_or_else(|| {
            refuse("sessions_per_addr", format!("at most {} sessions per client address", limits.sessions_per_addr))
        })?),
        None => None,
    };
    Ok((budget, addr))
}

fn push_error(queue: &OutboundQueue, id: Option<u64>, code: ErrorCode, message: &str) {
    metrics().chat.protocol_errors.with_label_values(&[&code.value().to_string()]).inc();
    queue.push(error_frame(id, code, message).into(), Priority::High, FrameKind::Control, Instant::now());
}

/// What ended a session, for the UserActor and metrics.
type EndReason = &'static str;

async fn run(
    mut frames: ClientFrames,
    mut written_close: tokio::sync::oneshot::Receiver<()>,
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
            written = &mut written_close => {
                // The close frame went out (the server closed), or the connection broke.
                break if written.is_ok() { "server" } else { "client" };
            }
            frame = frames.recv() => {
                let frame = match frame {
                    None => break "client",
                    Some(Ok(f)) => f,
                    Some(Err(ReadError::Overflow)) => {
                        push_error(&queue, None, ErrorCode::FrameTooLarge, "frame exceeds the WebSocket size cap; closing");
                        queue.close(CloseCode::PolicyViolation);
                        continue;
                    }
                    Some(Err(ReadError::Protocol)) => break "protocol_error",
                };
                last_heard = Instant::now();
                // Every frame counts against the rate (text, binary, ping and pong alike): a
                // flood of control frames costs the server as much as one of requests.
                if !matches!(frame, ClientFrame::Close) {
                    if limiter.check().is_err() {
                        violations += 1;
                        push_error(&queue, None, ErrorCode::Flood, ErrorCode::Flood.default_message());
                        if violations > limits.max_violations {
                            queue.close(CloseCode::PolicyViolation);
                        }
                        continue;
                    }
                    violations = 0;
                }
                match frame {
                    ClientFrame::Text(text) => {
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
                    ClientFrame::Binary => {
                        push_error(&queue, None, ErrorCode::BinaryUnsupported, ErrorCode::BinaryUnsupported.default_message());
                    }
                    ClientFrame::Ping(bytes) => queue.pong(&bytes),
                    ClientFrame::Pong => {}
                    ClientFrame::Close => {
                        queue.close(CloseCode::Normal);
                        break "client";
                    }
                }
            }
            _ = ping.tick() => {
                if last_heard.elapsed() > gw.config.idle_timeout {
                    queue.close(CloseCode::IdleTimeout);
                    continue;
                }
                queue.ping();
            }
        }
    };
    // Whatever ended the session, the socket gets its close frame (unless it is gone).
    queue.close(CloseCode::ServerGoingAway);
    user.do_send(Disconnected(reason));
}
