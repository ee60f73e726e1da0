//! The chat WebSocket's framing: the handshake, a response body that writes a session's
//! [`OutboundQueue`] straight onto the connection, and the decoder of client frames.
//!
//! Why not `actix_ws::handle` here (the node link still uses it): actix-ws puts a
//! 32-slot channel and a forwarding body between a session and its connection. With tens
//! of thousands of idle viewers that channel is about 2 KB each, and every fanned-out
//! batch costs two task wake-ups (session task, then the connection) instead of one.
//! Here the connection's own task polls the queue. The framing itself is actix-http's
//! WebSocket codec, the same one actix-ws uses.
//!
//! Must not: interpret frames (the session does) or buffer more than one client frame.

use std::pin::Pin;
use std::task::{Context, Poll};

use actix_http::ws::{Codec, Frame, Item, Message, ProtocolError};
use actix_web::body::{BodyStream, MessageBody};
use actix_web::web::{Bytes, BytesMut};
use actix_web::{web, HttpRequest, HttpResponse};
use bytestring::ByteString;
use futures_util::{Stream, StreamExt};
use liveroom_node::outbound::Next;
use liveroom_node::OutboundQueue;
use tokio::sync::oneshot;

/// Answers the upgrade with a body that writes `queue` to the socket. The returned
/// receiver resolves `Ok` once the server's close frame is written and `Err` when the
/// body went away without one (the connection broke), so the session's reader can stop.
pub(crate) fn handshake(
    req: &HttpRequest,
    queue: OutboundQueue,
) -> Result<(HttpResponse, oneshot::Receiver<()>), actix_web::Error> {
    let (done_tx, done_rx) = oneshot::channel();
    let body = OutboundBody { queue, codec: Codec::new(), finished: false, closed: Some(done_tx) };
    let response = actix_http::ws::handshake(req.head())?.message_body(BodyStream::new(body).boxed())?;
    Ok((response.into(), done_rx))
}

/// The response body of an upgraded chat connection.
struct OutboundBody {
    queue: OutboundQueue,
    codec: Codec,
    finished: bool,
    /// Told when the close frame is written; dropped unused when the connection broke.
    closed: Option<oneshot::Sender<()>>,
}

impl OutboundBody {
    fn encode(&mut self, message: Message, payload_len: usize) -> Bytes {
        use actix_codec::Encoder;
        let mut buf = BytesMut::with_capacity(payload_len + 14);
        // Encoding a server frame into a growable buffer cannot fail.
        let _ = self.codec.encode(message, &mut buf);
        buf.freeze()
    }
}

impl Stream for OutboundBody {
    type Item = Result<Bytes, std::convert::Infallible>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = self.get_mut();
        if this.finished {
            return Poll::Ready(None);
        }
        let (message, len) = match this.queue.poll_next(cx) {
            Poll::Pending => return Poll::Pending,
            Poll::Ready(Next::Frame(text)) => {
                let len = text.len();
                (Message::Text(text), len)
            }
            Poll::Ready(Next::Ping) => (Message::Ping(Bytes::new()), 0),
            Poll::Ready(Next::Pong(payload)) => {
                let len = payload.len();
                (Message::Pong(Bytes::from(payload)), len)
            }
            Poll::Ready(Next::Close(code)) => {
                this.finished = true;
                if let Some(closed) = this.closed.take() {
                    let _ = closed.send(());
                }
                let reason = actix_http::ws::CloseReason {
                    code: actix_http::ws::CloseCode::Other(code.value()),
                    description: Some(code.reason().into()),
                };
                (Message::Close(Some(reason)), 125)
            }
        };
        Poll::Ready(Some(Ok(this.encode(message, len))))
    }
}

impl Drop for OutboundBody {
    fn drop(&mut self) {
        // Nothing will be written any more: rooms stop queueing for this session.
        self.queue.close(liveroom_protocol::CloseCode::ServerGoingAway);
    }
}

/// A client frame, continuations joined.
pub(crate) enum ClientFrame {
    /// A text message.
    Text(ByteString),
    /// A binary message (chat is text only).
    Binary,
    /// A ping with its payload.
    Ping(Bytes),
    /// A pong.
    Pong,
    /// The client's close frame.
    Close,
}

/// Why reading client frames stopped.
#[derive(Debug)]
pub(crate) enum ReadError {
    /// A frame (or a message of continuations) above the size cap.
    Overflow,
    /// Anything else the codec or the connection reported.
    Protocol,
}

/// Decodes the request payload of an upgraded connection into [`ClientFrame`]s.
pub(crate) struct ClientFrames {
    payload: web::Payload,
    buf: BytesMut,
    codec: Codec,
    max_message: usize,
    /// A fragmented message being joined: (is text, bytes so far).
    partial: Option<(bool, BytesMut)>,
    /// The client sent no more bytes.
    payload_ended: bool,
    /// Reading stopped (end of payload with nothing left, or a bad frame).
    ended: bool,
}

impl ClientFrames {
    /// Reads `payload`, refusing frames and joined messages above `max_message` bytes.
    pub(crate) fn new(payload: web::Payload, max_message: usize) -> Self {
        Self {
            payload,
            buf: BytesMut::new(),
            codec: Codec::new().max_size(max_message),
            max_message,
            partial: None,
            payload_ended: false,
            ended: false,
        }
    }

    /// The next frame; `None` once the client's side ended. Cancel-safe: everything read
    /// so far is kept in `self`.
    pub(crate) async fn recv(&mut self) -> Option<Result<ClientFrame, ReadError>> {
        use actix_codec::Decoder;
        loop {
            if self.ended {
                return None;
            }
            match self.codec.decode(&mut self.buf) {
                Ok(Some(frame)) => match self.join(frame) {
                    Ok(Some(frame)) => return Some(Ok(frame)),
                    // A fragment was joined: decode what else is buffered.
                    Ok(None) => continue,
                    Err(e) => return Some(Err(self.stop(e))),
                },
                Ok(None) => {}
                Err(ProtocolError::Overflow) => return Some(Err(self.stop(ReadError::Overflow))),
                Err(_) => return Some(Err(self.stop(ReadError::Protocol))),
            }
            if self.payload_ended {
                self.ended = true;
                return None;
            }
            match self.payload.next().await {
                Some(Ok(bytes)) if self.buf.is_empty() => self.buf = BytesMut::from(bytes),
                Some(Ok(bytes)) => self.buf.extend_from_slice(&bytes),
                Some(Err(_)) => return Some(Err(self.stop(ReadError::Protocol))),
                None => self.payload_ended = true,
            }
        }
    }

    /// The stream cannot be resynchronised after a bad frame: reading stops.
    fn stop(&mut self, error: ReadError) -> ReadError {
        self.ended = true;
        self.buf = BytesMut::new();
        self.partial = None;
        error
    }

    fn join(&mut self, frame: Frame) -> Result<Option<ClientFrame>, ReadError> {
        let text = |bytes: Bytes| ByteString::try_from(bytes).map(ClientFrame::Text).map_err(|_| ReadError::Protocol);
        Ok(Some(match frame {
            Frame::Text(bytes) => text(bytes)?,
            Frame::Binary(_) => ClientFrame::Binary,
            Frame::Ping(bytes) => ClientFrame::Ping(bytes),
            Frame::Pong(_) => ClientFrame::Pong,
            Frame::Close(_) => ClientFrame::Close,
            Frame::Continuation(item) => {
                let (first, part, last) = match item {
                    Item::FirstText(b) => (Some(true), b, false),
                    Item::FirstBinary(b) => (Some(false), b, false),
                    Item::Continue(b) => (None, b, false),
                    Item::Last(b) => (None, b, true),
                };
                match (first, self.partial.as_mut()) {
                    (Some(is_text), None) => self.partial = Some((is_text, BytesMut::from(&part[..]))),
                    (None, Some((_, joined))) => {
                        if joined.len() + part.len() > self.max_message {
                            return Err(ReadError::Overflow);
                        }
                        joined.extend_from_slice(&part);
                    }
                    // A first fragment inside a message, or a continuation without one.
                    _ => return Err(ReadError::Protocol),
                }
                if !last {
                    return Ok(None);
                }
                let (is_text, joined) = self.partial.take().ok_or(ReadError::Protocol)?;
                if is_text {
                    text(joined.freeze())?
                } else {
                    ClientFrame::Binary
                }
            }
        }))
    }
}
