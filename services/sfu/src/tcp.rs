//! ICE-TCP on the media port number, for networks that block UDP: passive TCP candidates
//! (RFC 6544), each connection carrying ICE, DTLS and SRTP framed by a 16-bit length
//! (RFC 4571).
//!
//! Owns: the listener, one task per connection (reading frames, writing queued frames)
//! and the bounds on what a connection may cost: at most [`MAX_CONNECTIONS`], at most
//! [`MAX_CONNECTIONS_PER_ADDR`] from one address, a first frame within
//! [`FIRST_FRAME_TIMEOUT`] that is STUN, frames no larger than a datagram, closed after
//! [`IDLE_TIMEOUT`] without a frame (and by the engine at once when its checks are for no
//! known peer). Must not: decide which peer a frame
//! belongs to (the engine demultiplexes TCP frames like UDP datagrams) or block the engine:
//! a connection whose queue is full loses the frame, as a congested UDP path would.

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use bytes::{BufMut, BytesMut};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::mpsc;

use liveroom_telemetry::metrics;

/// Most ICE-TCP connections open at once.
pub const MAX_CONNECTIONS: usize = 4096;
/// Most ICE-TCP connections open at once from one address (a browser needs one per peer
/// connection; a NAT shares an address among a few).
pub const MAX_CONNECTIONS_PER_ADDR: usize = 32;
/// A connection must send its first frame (a STUN check) this soon.
pub const FIRST_FRAME_TIMEOUT: Duration = Duration::from_secs(5);
/// A connection with no frame for this long is closed (ICE consent checks come every few
/// seconds).
pub const IDLE_TIMEOUT: Duration = Duration::from_secs(30);
/// Largest frame taken (a datagram's worth).
pub const MAX_FRAME: usize = 2048;
/// Frames queued for one connection's writer.
const WRITE_QUEUE: usize = 512;

/// What connection tasks tell the engine.
#[derive(Debug)]
pub enum Inbound {
    /// A frame from the client at `from`.
    Frame {
        /// The client's address (its TCP connection).
        from: SocketAddr,
        /// The frame, without its length prefix.
        data: BytesMut,
    },
    /// The connection from `from` closed.
    Closed {
        /// The client's address.
        from: SocketAddr,
    },
}

/// The node's ICE-TCP side: what the connections' tasks report, and their write queues.
pub struct IceTcp {
    writers: HashMap<SocketAddr, mpsc::Sender<BytesMut>>,
    open: Arc<AtomicUsize>,
    inbound: mpsc::Receiver<Inbound>,
    accepted: mpsc::Receiver<Accepted>,
}

impl IceTcp {
    /// Accepts connections on `listener` until the engine goes; their frames come from
    /// [`IceTcp::next`].
    pub fn start(listener: TcpListener) -> Self {
        let (inbound_tx, inbound) = mpsc::channel(4096);
        let (accepted_tx, accepted) = mpsc::channel(64);
        let open = Arc::new(AtomicUsize::new(0));
        tokio::spawn(accept_loop(listener, inbound_tx, accepted_tx, open.clone()));
        Self { writers: HashMap::new(), open, inbound, accepted }
    }

    /// The next frame or closed connection. Accepted connections' write queues are taken
    /// in first, so the answer to a connection's first check has somewhere to go.
    /// Cancel-safe (the engine waits on it in a `select!`).
    pub async fn next(&mut self) -> Option<Inbound> {
        loop {
            tokio::select! {
                biased;
                Some(accepted) = self.accepted.recv() => {
                    self.writers.insert(accepted.from, accepted.writer);
                }
                inbound = self.inbound.recv() => return inbound,
            }
        }
    }

    /// Forgets a closed connection.
    pub fn closed(&mut self, from: SocketAddr) {
        self.writers.remove(&from);
    }

    /// Queues a frame for the client at `to`; false if there is no such connection or its
    /// queue is full (the frame is lost).
    pub fn send(&mut self, to: SocketAddr, data: &[u8]) -> bool {
        let Some(writer) = self.writers.get(&to) else { return false };
        let mut frame = BytesMut::with_capacity(2 + data.len());
        let Ok(len) = u16::try_from(data.len()) else { return false };
        frame.put_u16(len);
        frame.put_slice(data);
        writer.try_send(frame).is_ok()
    }

    /// Connections open now.
    pub fn open_connections(&self) -> usize {
        self.open.load(Ordering::Relaxed)
    }
}

/// A new connection's write queue, handed to the engine.
#[derive(Debug)]
pub struct Accepted {
    /// The client's address.
    pub from: SocketAddr,
    /// Frames for it.
    pub writer: mpsc::Sender<BytesMut>,
}

async fn accept_loop(
    listener: TcpListener,
    inbound: mpsc::Sender<Inbound>,
    accepted: mpsc::Sender<Accepted>,
    open: Arc<AtomicUsize>,
) {
    let per_addr: Arc<std::sync::Mutex<HashMap<std::net::IpAddr, usize>>> = Arc::default();
    loop {
        let (stream, from) = match listener.accept().await {
            Ok(conn) => conn,
            Err(e) => {
                tracing::debug!(error = %e, "ICE-TCP accept failed");
                tokio::time::sleep(Duration::from_millis(50)).await;
                continue;
            }
        };
        if open.load(Ordering::Relaxed) >= MAX_CONNECTIONS {
            metrics().media.datagrams_dropped.with_label_values(&["tcp_connection_limit"]).inc();
            continue;
        }
        {
            let mut held = per_addr.lock().unwrap_or_else(|e| e.into_inner());
            let count = held.entry(from.ip()).or_insert(0);
            if *count >= MAX_CONNECTIONS_PER_ADDR {
                metrics().chat.limit_refusals.with_label_values(&["ice_tcp_per_addr"]).inc();
                continue;
            }
            *count += 1;
        }
        let _ = stream.set_nodelay(true);
        let (writer, queue) = mpsc::channel(WRITE_QUEUE);
        if accepted.send(Accepted { from, writer }).await.is_err() {
            return; // the engine is gone
        }
        open.fetch_add(1, Ordering::Relaxed);
        let (inbound, open, per_addr) = (inbound.clone(), open.clone(), per_addr.clone());
        tokio::spawn(async move {
            let reason = serve(stream, from, &inbound, queue).await;
            tracing::debug!(%from, reason, "ICE-TCP connection closed");
            let _ = inbound.send(Inbound::Closed { from }).await;
            open.fetch_sub(1, Ordering::Relaxed);
            let mut held = per_addr.lock().unwrap_or_else(|e| e.into_inner());
            if let Some(count) = held.get_mut(&from.ip()) {
                *count -= 1;
                if *count == 0 {
                    held.remove(&from.ip());
                }
            }
        });
    }
}

/// Runs one connection until it closes; says why.
async fn serve(
    stream: TcpStream,
    from: SocketAddr,
    inbound: &mpsc::Sender<Inbound>,
    mut queue: mpsc::Receiver<BytesMut>,
) -> &'static str {
    let (mut reader, mut writer) = stream.into_split();
    let read = async {
        let mut decoder = Decoder::default();
        let mut buf = vec![0u8; 8192];
        let mut first = true;
        loop {
            let wait = if first { FIRST_FRAME_TIMEOUT } else { IDLE_TIMEOUT };
            let n = match tokio::time::timeout(wait, reader.read(&mut buf)).await {
                Err(_) => return "timed out",
                Ok(Err(_)) => return "read error",
                Ok(Ok(0)) => return "closed by the client",
                Ok(Ok(n)) => n,
            };
            decoder.extend(&buf[..n]);
            loop {
                match decoder.next_frame() {
                    Ok(Some(frame)) => {
                        // A connection starts with an ICE check (STUN), or it is not ICE.
                        if first && frame.first().is_none_or(|b| *b > 3) {
                            metrics().media.datagrams_dropped.with_label_values(&["not_webrtc"]).inc();
                            return "not ICE";
                        }
                        first = false;
                        if inbound.send(Inbound::Frame { from, data: frame }).await.is_err() {
                            return "engine gone";
                        }
                    }
                    Ok(None) => break,
                    Err(reason) => {
                        metrics().media.datagrams_dropped.with_label_values(&["bad_tcp_frame"]).inc();
                        return reason;
                    }
                }
            }
        }
    };
    let write = async {
        while let Some(frame) = queue.recv().await {
            if writer.write_all(&frame).await.is_err() {
                return "write error";
            }
        }
        "engine closed it"
    };
    tokio::select! {
        reason = read => reason,
        reason = write => reason,
    }
}

/// RFC 4571 framing: a 16-bit big-endian length, then the frame.
#[derive(Default)]
struct Decoder {
    buffered: BytesMut,
}

impl Decoder {
    fn extend(&mut self, data: &[u8]) {
        self.buffered.extend_from_slice(data);
    }

    /// The next whole frame; an error for one larger than [`MAX_FRAME`] or empty.
    fn next_frame(&mut self) -> Result<Option<BytesMut>, &'static str> {
        let [hi, lo, ..] = self.buffered[..] else { return Ok(None) };
        let len = usize::from(u16::from_be_bytes([hi, lo]));
        if len == 0 || len > MAX_FRAME {
            return Err("frame too large or empty");
        }
        if self.buffered.len() < 2 + len {
            return Ok(None);
        }
        let mut frame = self.buffered.split_to(2 + len);
        Ok(Some(frame.split_off(2)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn frames_split_anywhere_come_out_whole() {
        let mut d = Decoder::default();
        let stream = [&[0u8, 3, 1, 2, 3][..], &[0, 1, 9][..]].concat();
        d.extend(&stream[..1]);
        assert_eq!(d.next_frame(), Ok(None));
        d.extend(&stream[1..4]);
        assert_eq!(d.next_frame(), Ok(None));
        d.extend(&stream[4..]);
        assert_eq!(d.next_frame().unwrap().as_deref(), Some(&[1u8, 2, 3][..]));
        assert_eq!(d.next_frame().unwrap().as_deref(), Some(&[9u8][..]));
        assert_eq!(d.next_frame(), Ok(None));
    }

    #[test]
    fn oversized_and_empty_frames_are_refused() {
        let mut d = Decoder::default();
        d.extend(&[0x10, 0x00]);
        assert!(d.next_frame().is_err());
        let mut d = Decoder::default();
        d.extend(&[0, 0]);
        assert!(d.next_frame().is_err());
    }

    proptest! {
        #[test]
        fn any_byte_stream_is_decoded_or_refused_without_panic(chunks in proptest::collection::vec(proptest::collection::vec(any::<u8>(), 0..300), 0..20)) {
            let mut d = Decoder::default();
            for c in chunks {
                d.extend(&c);
                while let Ok(Some(frame)) = d.next_frame() {
                    prop_assert!(!frame.is_empty() && frame.len() <= MAX_FRAME);
                }
            }
        }
    }
}
