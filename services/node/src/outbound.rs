//! The bounded, priority-aware outbound queue between a session's producers (rooms, the
//! session's own actor) and the task that writes to its socket.
//!
//! A slow reader never slows a room: producers only `push`, which never blocks. When the
//! queue is full the oldest message of the lowest queued priority that is not above the
//! incoming one is evicted (LOWEST, then LOW, then NORMAL), and the session is told how
//! many it lost. When only HIGH messages are queued and another HIGH arrives, or when the
//! oldest queued message has waited longer than the stall timeout, the queue closes with
//! [`CloseCode::SlowConsumer`].
//!
//! The socket's writer is the HTTP connection itself: the gateway's response body polls
//! [`OutboundQueue::poll_next`], so a push wakes the task that writes to the socket
//! directly (one wake-up per batch, no channel in between). WebSocket pings and pongs go
//! through the queue too, ahead of data.

use std::collections::VecDeque;
use std::sync::Arc;
use std::task::{Context, Poll, Waker};
use std::time::{Duration, Instant};

use bytestring::ByteString;
use liveroom_protocol::server::ServerEvent;
use liveroom_protocol::{CloseCode, Priority};
use liveroom_telemetry::metrics;
use parking_lot::Mutex;

/// Limits of one session's queue.
#[derive(Debug, Clone, Copy)]
pub struct QueueLimits {
    /// Most frames queued at once.
    pub max_frames: usize,
    /// Longest the oldest queued frame may wait before the session counts as stalled.
    pub stall_timeout: Duration,
    /// Most bytes written as one WebSocket message when several frames are pending.
    pub max_batch_bytes: usize,
}

impl Default for QueueLimits {
    fn default() -> Self {
        Self { max_frames: 512, stall_timeout: Duration::from_secs(10), max_batch_bytes: 64 * 1024 }
    }
}

/// Where a queued frame came from, for metrics.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FrameKind {
    /// A room message fanned out to members (counts as a delivery).
    RoomMessage,
    /// Anything else: responses, history, notices.
    Control,
}

struct Item {
    frame: ByteString,
    priority: Priority,
    kind: FrameKind,
    enqueued_at: Instant,
}

struct State {
    items: VecDeque<Item>,
    per_priority: [usize; 4],
    lost: u64,
    close: Option<CloseCode>,
    /// A WebSocket ping is due (written before data).
    ping: bool,
    /// The payload of the latest ping to answer (a pong answers the most recent one).
    pong: Option<Vec<u8>>,
    /// The writer waiting for something to write.
    writer: Option<Waker>,
}

impl State {
    fn take_writer(&mut self) -> Option<Waker> {
        self.writer.take()
    }
}

struct Shared {
    limits: QueueLimits,
    state: Mutex<State>,
}

/// A session's outbound queue; clones share it.
#[derive(Clone)]
pub struct OutboundQueue(Arc<Shared>);

/// What the writer should do next.
pub enum Next {
    /// Write this text as one WebSocket message.
    Frame(ByteString),
    /// Close the socket with this code (after everything before it was written).
    Close(CloseCode),
    /// Send a WebSocket ping.
    Ping,
    /// Answer a client's ping with this payload.
    Pong(Vec<u8>),
}

impl OutboundQueue {
    /// An empty queue with the given limits. Allocates nothing until the first push.
    pub fn new(limits: QueueLimits) -> Self {
        Self(Arc::new(Shared {
            limits,
            state: Mutex::new(State {
                items: VecDeque::new(),
                per_priority: [0; 4],
                lost: 0,
                close: None,
                ping: false,
                pong: None,
                writer: None,
            }),
        }))
    }

    /// Whether two handles are the same queue.
    pub fn same(&self, other: &OutboundQueue) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
    }

    /// Queues a frame. Never blocks. Returns false when the queue is (now) closed.
    pub fn push(&self, frame: ByteString, priority: Priority, kind: FrameKind, now: Instant) -> bool {
        self.push_all(std::iter::once((frame, priority)), kind, now)
    }

    /// Queues several frames under one lock with at most one wake-up of the writer (a
    /// room's fan-out batch). Returns false when the queue is (now) closed.
    pub fn push_all(
        &self,
        frames: impl IntoIterator<Item = (ByteString, Priority)>,
        kind: FrameKind,
        now: Instant,
    ) -> bool {
        let mut st = self.0.state.lock();
        if st.close.is_some() {
            return false;
        }
        let was_empty = st.items.is_empty();
        for (frame, priority) in frames {
            if !Self::push_locked(&mut st, self.0.limits, frame, priority, kind, now) {
                let writer = st.take_writer();
                drop(st);
                wake(writer);
                return false;
            }
        }
        // A non-empty queue already has a wake-up on its way.
        let writer = if was_empty && !st.items.is_empty() { st.take_writer() } else { None };
        drop(st);
        wake(writer);
        true
    }

    /// Asks the writer to send a WebSocket ping.
    pub fn ping(&self) {
        let mut st = self.0.state.lock();
        st.ping = true;
        let writer = st.take_writer();
        drop(st);
        wake(writer);
    }

    /// Asks the writer to answer a client's ping.
    pub fn pong(&self, payload: &[u8]) {
        let mut st = self.0.state.lock();
        st.pong = Some(payload.to_vec());
        let writer = st.take_writer();
        drop(st);
        wake(writer);
    }

    /// One push under the lock; false = the queue had to close (stalled, or HIGH overflow).
    fn push_locked(
        st: &mut State,
        limits: QueueLimits,
        frame: ByteString,
        priority: Priority,
        kind: FrameKind,
        now: Instant,
    ) -> bool {
        if let Some(oldest) = st.items.front() {
            if now.saturating_duration_since(oldest.enqueued_at) > limits.stall_timeout {
                st.close = Some(CloseCode::SlowConsumer);
                return false;
            }
        }
        if st.items.len() >= limits.max_frames {
            // Evict the lowest queued priority that is not above the incoming one, HIGH never.
            let victim =
                Priority::ALL.iter().take(3).find(|p| **p <= priority && st.per_priority[p.index()] > 0).copied();
            match victim {
                Some(p) => {
                    let pos = st.items.iter().position(|i| i.priority == p).expect("counted item exists");
                    let evicted = st.items.remove(pos).expect("position is in range");
                    st.per_priority[p.index()] -= 1;
                    st.lost += 1;
                    record_drop(evicted.priority);
                }
                None if priority == Priority::High => {
                    st.close = Some(CloseCode::SlowConsumer);
                    return false;
                }
                None => {
                    // Everything queued outranks the newcomer: drop the newcomer.
                    st.lost += 1;
                    record_drop(priority);
                    return true;
                }
            }
        }
        st.per_priority[priority.index()] += 1;
        st.items.push_back(Item { frame, priority, kind, enqueued_at: now });
        true
    }

    /// Asks the writer to close the socket once what is queued has been written.
    pub fn close(&self, code: CloseCode) {
        let mut st = self.0.state.lock();
        if st.close.is_none() {
            st.close = Some(code);
        }
        let writer = st.take_writer();
        drop(st);
        wake(writer);
    }

    /// Whether the queue was closed.
    pub fn is_closed(&self) -> bool {
        self.0.state.lock().close.is_some()
    }

    /// Frames waiting.
    pub fn len(&self) -> usize {
        self.0.state.lock().items.len()
    }

    /// Whether nothing is waiting.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The next thing to write, for the writer (the gateway's WebSocket response body):
    /// a pending pong or ping first, then the queued frames joined into one message (a
    /// `lost` notice first when frames were dropped), or the close once the queue is empty.
    /// One writer at a time: a second waiting writer replaces the first one's wake-up.
    pub fn poll_next(&self, cx: &mut Context<'_>) -> Poll<Next> {
        let mut st = self.0.state.lock();
        if let Some(next) = Self::take_locked(&mut st, self.0.limits, Instant::now()) {
            return Poll::Ready(next);
        }
        if !st.writer.as_ref().is_some_and(|w| w.will_wake(cx.waker())) {
            st.writer = Some(cx.waker().clone());
        }
        Poll::Pending
    }

    /// Non-waiting form of [`OutboundQueue::poll_next`].
    pub fn try_next(&self, now: Instant) -> Option<Next> {
        Self::take_locked(&mut self.0.state.lock(), self.0.limits, now)
    }

    fn take_locked(st: &mut State, limits: QueueLimits, now: Instant) -> Option<Next> {
        if st.close != Some(CloseCode::SlowConsumer) {
            if let Some(payload) = st.pong.take() {
                return Some(Next::Pong(payload));
            }
            if std::mem::take(&mut st.ping) {
                return Some(Next::Ping);
            }
        }
        if st.items.is_empty() && st.lost == 0 {
            return st.close.map(Next::Close);
        }
        if st.close == Some(CloseCode::SlowConsumer) {
            // A stalled session gets no more data, only its close.
            st.items.clear();
            return Some(Next::Close(CloseCode::SlowConsumer));
        }
        let mut out = String::new();
        let mut single: Option<ByteString> = None;
        let mut deliveries = 0u64;
        if st.lost > 0 {
            out.push_str(&ServerEvent::Lost { count: st.lost }.encode());
            st.lost = 0;
        }
        while let Some(item) = st.items.front() {
            let len = item.frame.len();
            let used = out.len() + single.as_ref().map_or(0, |s| s.len());
            if used > 0 && used + len + 1 > limits.max_batch_bytes {
                break;
            }
            let item = st.items.pop_front().expect("front exists");
            st.per_priority[item.priority.index()] -= 1;
            if item.kind == FrameKind::RoomMessage {
                deliveries += 1;
                metrics().chat.fanout_latency.observe(now.saturating_duration_since(item.enqueued_at).as_secs_f64());
            }
            if out.is_empty() && single.is_none() {
                single = Some(item.frame);
            } else {
                if let Some(first) = single.take() {
                    out.push_str(&first);
                }
                if !out.is_empty() {
                    out.push('\n');
                }
                out.push_str(&item.frame);
            }
        }
        if st.items.is_empty() && (st.items.capacity() > 64 || deliveries == 0) {
            // Give memory back after a burst, and after answers and notices (rare, and what
            // an idle viewer last got): idle sessions should stay small. A member receiving
            // room messages keeps its few slots.
            st.items.shrink_to(0);
        }
        if deliveries > 0 {
            metrics().chat.messages_out.inc_by(deliveries);
        }
        Some(Next::Frame(match single {
            Some(frame) if out.is_empty() => frame,
            Some(frame) => {
                out.push('\n');
                out.push_str(&frame);
                ByteString::from(out)
            }
            None => ByteString::from(out),
        }))
    }
}

/// Wakes the writer taken out of the state (after the lock is released).
fn wake(writer: Option<Waker>) {
    if let Some(w) = writer {
        w.wake();
    }
}

fn record_drop(priority: Priority) {
    metrics().chat.messages_dropped.with_label_values(&["slow_consumer", priority.label()]).inc();
}

#[cfg(test)]
mod tests {
    use super::*;

    fn q(max: usize) -> OutboundQueue {
        OutboundQueue::new(QueueLimits {
            max_frames: max,
            stall_timeout: Duration::from_secs(5),
            max_batch_bytes: 1024,
        })
    }

    fn text(n: Next) -> String {
        match n {
            Next::Frame(f) => f.to_string(),
            Next::Close(c) => format!("close:{}", c.value()),
            Next::Ping => "ping".into(),
            Next::Pong(p) => format!("pong:{}", String::from_utf8_lossy(&p)),
        }
    }

    #[test]
    fn batches_in_order() {
        let q = q(10);
        let now = Instant::now();
        for i in 0..3 {
            q.push(format!("m{i}").into(), Priority::Normal, FrameKind::RoomMessage, now);
        }
        assert_eq!(text(q.try_next(now).unwrap()), "m0\nm1\nm2");
        assert!(q.try_next(now).is_none());
    }

    #[test]
    fn evicts_lowest_first_and_reports_loss() {
        let q = q(3);
        let now = Instant::now();
        q.push("low".into(), Priority::Low, FrameKind::RoomMessage, now);
        q.push("lowest".into(), Priority::Lowest, FrameKind::RoomMessage, now);
        q.push("normal".into(), Priority::Normal, FrameKind::RoomMessage, now);
        q.push("high".into(), Priority::High, FrameKind::RoomMessage, now);
        q.push("normal2".into(), Priority::Normal, FrameKind::RoomMessage, now);
        let got = text(q.try_next(now).unwrap());
        assert_eq!(got, "{\"event\":\"lost\",\"data\":{\"count\":2}}\nnormal\nhigh\nnormal2");
    }

    #[test]
    fn lowest_newcomer_is_dropped_when_all_outrank_it() {
        let q = q(2);
        let now = Instant::now();
        q.push("a".into(), Priority::High, FrameKind::Control, now);
        q.push("b".into(), Priority::Normal, FrameKind::RoomMessage, now);
        assert!(q.push("c".into(), Priority::Lowest, FrameKind::RoomMessage, now));
        assert_eq!(text(q.try_next(now).unwrap()), "{\"event\":\"lost\",\"data\":{\"count\":1}}\na\nb");
    }

    #[test]
    fn high_overflow_closes_as_slow_consumer() {
        let q = q(2);
        let now = Instant::now();
        q.push("a".into(), Priority::High, FrameKind::Control, now);
        q.push("b".into(), Priority::High, FrameKind::Control, now);
        assert!(!q.push("c".into(), Priority::High, FrameKind::Control, now));
        assert_eq!(text(q.try_next(now).unwrap()), "close:4100");
    }

    #[test]
    fn stall_closes() {
        let q = q(100);
        let t0 = Instant::now();
        q.push("a".into(), Priority::High, FrameKind::Control, t0);
        assert!(!q.push("b".into(), Priority::Normal, FrameKind::RoomMessage, t0 + Duration::from_secs(6)));
        assert!(q.is_closed());
    }

    #[test]
    fn close_after_queued_frames() {
        let q = q(10);
        let now = Instant::now();
        q.push("bye".into(), Priority::High, FrameKind::Control, now);
        q.close(CloseCode::KickedMultipleAccount);
        assert_eq!(text(q.try_next(now).unwrap()), "bye");
        assert_eq!(text(q.try_next(now).unwrap()), "close:4001");
    }

    #[test]
    fn pings_and_pongs_go_before_data_and_wake_the_writer() {
        use std::sync::atomic::{AtomicUsize, Ordering};
        struct Count(AtomicUsize);
        impl std::task::Wake for Count {
            fn wake(self: Arc<Self>) {
                self.0.fetch_add(1, Ordering::SeqCst);
            }
        }
        let q = q(10);
        let count = Arc::new(Count(AtomicUsize::new(0)));
        let waker = Waker::from(count.clone());
        let mut cx = Context::from_waker(&waker);
        assert!(q.poll_next(&mut cx).is_pending());
        q.push("m".into(), Priority::Normal, FrameKind::RoomMessage, Instant::now());
        assert_eq!(count.0.load(Ordering::SeqCst), 1, "a push wakes the waiting writer");
        q.pong(b"p1");
        q.pong(b"p2");
        q.ping();
        let mut got = Vec::new();
        while let Poll::Ready(n) = q.poll_next(&mut cx) {
            got.push(text(n));
        }
        // Only the latest ping is answered; control frames first.
        assert_eq!(got, ["pong:p2", "ping", "m"]);
        q.close(CloseCode::Normal);
        assert_eq!(count.0.load(Ordering::SeqCst), 2, "a close wakes the writer");
        assert!(matches!(q.poll_next(&mut cx), Poll::Ready(Next::Close(CloseCode::Normal))));
    }

    proptest::proptest! {
        #[test]
        fn never_exceeds_bound_and_never_drops_high_silently(ops in proptest::collection::vec((0usize..4, proptest::bool::ANY), 0..200)) {
            let q = q(8);
            let now = Instant::now();
            let mut pushed_high = 0usize;
            let mut seen_high = 0usize;
            for (i, (p, drain)) in ops.into_iter().enumerate() {
                let pr = Priority::ALL[p];
                if q.push(format!("{}:{i}", pr.label()).into(), pr, FrameKind::RoomMessage, now) && pr == Priority::High {
                    pushed_high += 1;
                }
                proptest::prop_assert!(q.len() <= 8);
                if drain {
                    if let Some(Next::Frame(f)) = q.try_next(now) {
                        seen_high += f.split('\n').filter(|l| l.starts_with("high:")).count();
                    }
                }
            }
            while let Some(Next::Frame(f)) = q.try_next(now) {
                seen_high += f.split('\n').filter(|l| l.starts_with("high:")).count();
            }
            if !q.is_closed() {
                proptest::prop_assert_eq!(pushed_high, seen_high);
            }
        }
    }
}
