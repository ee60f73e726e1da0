//! One RTMP connection's protocol, free of I/O: the handshake and the chunk stream
//! (rml_rtmp's sans-I/O `Handshake` and `ServerSession`), reduced to what a live origin
//! needs: a publish request to decide on, then the stream's audio and video messages.
//! Bytes go in with [`Connection::feed`], bytes to send come out of [`Connection::output`].
//!
//! Connection requests are accepted (the publish request carries the credentials);
//! play requests are refused (viewers use WebRTC, LL-HLS or HTTP-FLV); a second publish on
//! one connection is refused.

use bytes::Bytes;
use rml_rtmp::handshake::{Handshake, HandshakeProcessResult, PeerType};
use rml_rtmp::sessions::{ServerSession, ServerSessionConfig, ServerSessionEvent, ServerSessionResult};

/// Why a connection cannot go on.
#[derive(Debug, thiserror::Error)]
pub enum ProtocolError {
    /// The handshake failed.
    #[error("RTMP handshake: {0}")]
    Handshake(String),
    /// The chunk stream or a command was malformed.
    #[error("RTMP session: {0}")]
    Session(String),
}

/// What the connection asks of its owner.
#[derive(Debug, Clone, PartialEq)]
pub enum Event {
    /// The client asks to publish: decide with [`Connection::accept`] or
    /// [`Connection::reject`].
    Publish {
        /// To answer with.
        request_id: u32,
        /// The application name from `connect` (`live`, maybe with a query).
        app: String,
        /// The stream key from `publish` (maybe with a query).
        key: String,
    },
    /// A video message (an FLV video tag body).
    Video {
        /// RTMP timestamp, ms.
        timestamp: u32,
        /// The body.
        data: Bytes,
    },
    /// An audio message (an FLV audio tag body).
    Audio {
        /// RTMP timestamp, ms.
        timestamp: u32,
        /// The body.
        data: Bytes,
    },
    /// The client stopped publishing (`deleteStream` / `FCUnpublish`).
    Finished,
}

enum State {
    Handshaking(Box<Handshake>),
    Session(Box<ServerSession>),
}

/// See the module docs.
pub struct Connection {
    state: State,
    output: Vec<u8>,
    publishing: bool,
}

impl Connection {
    /// A new server-side connection.
    pub fn new() -> Self {
        Self {
            state: State::Handshaking(Box::new(Handshake::new(PeerType::Server))),
            output: Vec::new(),
            publishing: false,
        }
    }

    /// Bytes to send to the client (taken).
    pub fn output(&mut self) -> Vec<u8> {
        std::mem::take(&mut self.output)
    }

    /// Feeds bytes read from the client.
    pub fn feed(&mut self, bytes: &[u8]) -> Result<Vec<Event>, ProtocolError> {
        let remaining = match &mut self.state {
            State::Handshaking(h) => {
                match h.process_bytes(bytes).map_err(|e| ProtocolError::Handshake(format!("{e:?}")))? {
                    HandshakeProcessResult::InProgress { response_bytes } => {
                        self.output.extend_from_slice(&response_bytes);
                        return Ok(Vec::new());
                    }
                    HandshakeProcessResult::Completed { response_bytes, remaining_bytes } => {
                        self.output.extend_from_slice(&response_bytes);
                        let (session, results) = ServerSession::new(ServerSessionConfig::new())
                            .map_err(|e| ProtocolError::Session(format!("{e:?}")))?;
                        self.state = State::Session(Box::new(session));
                        let mut events = Vec::new();
                        self.results(results, &mut events)?;
                        if remaining_bytes.is_empty() {
                            return Ok(events);
                        }
                        let mut more = self.feed(&remaining_bytes)?;
                        events.append(&mut more);
                        return Ok(events);
                    }
                }
            }
            State::Session(s) => s.handle_input(bytes).map_err(|e| ProtocolError::Session(format!("{e:?}")))?,
        };
        let mut events = Vec::new();
        self.results(remaining, &mut events)?;
        Ok(events)
    }

    fn session(&mut self) -> Result<&mut ServerSession, ProtocolError> {
        match &mut self.state {
            State::Session(s) => Ok(s),
            State::Handshaking(_) => Err(ProtocolError::Session("no session before the handshake".into())),
        }
    }

    fn results(&mut self, results: Vec<ServerSessionResult>, events: &mut Vec<Event>) -> Result<(), ProtocolError> {
        for r in results {
            match r {
                ServerSessionResult::OutboundResponse(packet) => self.output.extend_from_slice(&packet.bytes),
                ServerSessionResult::RaisedEvent(event) => self.event(event, events)?,
                ServerSessionResult::UnhandleableMessageReceived(_) => {}
            }
        }
        Ok(())
    }

    fn event(&mut self, event: ServerSessionEvent, events: &mut Vec<Event>) -> Result<(), ProtocolError> {
        match event {
            ServerSessionEvent::ConnectionRequested { request_id, .. } => {
                let results =
                    self.session()?.accept_request(request_id).map_err(|e| ProtocolError::Session(format!("{e:?}")))?;
                self.results(results, events)?;
            }
            ServerSessionEvent::PublishStreamRequested { request_id, app_name, stream_key, .. } => {
                if std::mem::replace(&mut self.publishing, true) {
                    self.reject(request_id, "one stream per connection")?;
                } else {
                    events.push(Event::Publish { request_id, app: app_name, key: stream_key });
                }
            }
            ServerSessionEvent::PlayStreamRequested { request_id, .. } => {
                self.reject(request_id, "RTMP playback is not offered: play over WebRTC, LL-HLS or HTTP-FLV")?;
            }
            ServerSessionEvent::VideoDataReceived { data, timestamp, .. } => {
                events.push(Event::Video { timestamp: timestamp.value, data })
            }
            ServerSessionEvent::AudioDataReceived { data, timestamp, .. } => {
                events.push(Event::Audio { timestamp: timestamp.value, data })
            }
            ServerSessionEvent::PublishStreamFinished { .. } => events.push(Event::Finished),
            _ => {}
        }
        Ok(())
    }

    /// Accepts the publish request `request_id`.
    pub fn accept(&mut self, request_id: u32) -> Result<(), ProtocolError> {
        let results =
            self.session()?.accept_request(request_id).map_err(|e| ProtocolError::Session(format!("{e:?}")))?;
        self.results(results, &mut Vec::new())
    }

    /// Refuses the request `request_id`, telling the client why.
    pub fn reject(&mut self, request_id: u32, description: &str) -> Result<(), ProtocolError> {
        let results = self
            .session()?
            .reject_request(request_id, "NetStream.Publish.Rejected", description)
            .map_err(|e| ProtocolError::Session(format!("{e:?}")))?;
        self.results(results, &mut Vec::new())
    }
}

impl Default for Connection {
    fn default() -> Self {
        Self::new()
    }
}

/// What a publish request names: `rtmp://host/<app>/<stream id>?<query>`, with the query
/// after the stream key (OBS's "Stream Key" field, ffmpeg's URL) or after the app.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StreamKey {
    /// The application (`live`).
    pub app: String,
    /// The stream id.
    pub stream_id: String,
    /// The query parameters (from both places; the stream key's win).
    pub params: Vec<(String, String)>,
}

impl StreamKey {
    /// Splits an app name and a stream key.
    pub fn parse(app: &str, key: &str) -> Self {
        let (app, app_query) = app.split_once('?').unwrap_or((app, ""));
        let (stream_id, key_query) = key.split_once('?').unwrap_or((key, ""));
        let mut params: Vec<(String, String)> = form_urlencoded::parse(key_query.as_bytes()).into_owned().collect();
        for (k, v) in form_urlencoded::parse(app_query.as_bytes()).into_owned() {
            if !params.iter().any(|(name, _)| *name == k) {
                params.push((k, v));
            }
        }
        Self { app: app.trim_matches('/').to_owned(), stream_id: stream_id.trim_matches('/').to_owned(), params }
    }

    /// A query parameter (case-insensitive name, as TWebLive's are written both ways).
    pub fn param(&self, name: &str) -> Option<&str> {
        self.params.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_query_may_follow_the_stream_key_or_the_app() {
        let k = StreamKey::parse("live", "1400_r1_alice_main?userid=alice&usersig=eJy*a-b_c");
        assert_eq!((k.app.as_str(), k.stream_id.as_str()), ("live", "1400_r1_alice_main"));
        assert_eq!(k.param("userid"), Some("alice"));
        assert_eq!(k.param("UserSig"), Some("eJy*a-b_c"));
        let k = StreamKey::parse("live?userid=bob&usersig=x%2By", "s1");
        assert_eq!((k.stream_id.as_str(), k.param("usersig")), ("s1", Some("x+y")));
        let k = StreamKey::parse("live?userid=bob", "s1?userid=carol");
        assert_eq!(k.param("userid"), Some("carol"));
        assert_eq!(StreamKey::parse("live", "s").param("usersig"), None);
    }

    #[test]
    fn garbage_instead_of_a_handshake_is_an_error() {
        let mut c = Connection::new();
        // Version byte 3 is RTMP; anything else is refused.
        assert!(c.feed(&[0x16, 0x03, 0x01, 0x00]).is_err());
    }
}
