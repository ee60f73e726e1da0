//! The origin's live streams: what each packager publishes (LL-HLS playlist and media,
//! HTTP-FLV headers, GOP cache and viewers) and what the HTTP handlers read. Blocking
//! playlist reload and preload-hint part requests wait here, on a version counter the
//! packager bumps with each part, bounded by a timeout.
//!
//! Memory is bounded: the playlist keeps a sliding window, the GOP cache a byte cap, and
//! each FLV viewer a byte budget of queued tags; a viewer over it is disconnected.

use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use bytes::Bytes;
use parking_lot::{Mutex, RwLock};
use tokio::sync::{mpsc, watch};

use liveroom_telemetry::metrics;

use crate::gop::GopCache;
use crate::llhls::Playlist;
use crate::thumbnail::{Keyframe, Thumbnails};

/// Most bytes queued for one FLV viewer before it counts as too slow.
pub const FLV_VIEWER_BUDGET: usize = 4 << 20;
/// Tags queued for one FLV viewer at most (the byte budget usually bites first).
const FLV_VIEWER_TAGS: usize = 4096;

/// A stream published on this node's origin.
pub struct LiveStream {
    /// The stream id (`<sdkappid>_<roomid>_<userid>_main`).
    pub id: String,
    /// Distinguishes this publication's media URIs from an earlier one's.
    pub epoch: String,
    state: Mutex<State>,
    version: watch::Sender<u64>,
}

struct State {
    playlist: Playlist,
    flv_headers: Vec<Bytes>,
    gop: GopCache,
    viewers: Vec<FlvViewer>,
    ended: bool,
    /// The latest keyframe (for thumbnails), and how many came so far.
    keyframe: Option<Keyframe>,
    keyframes: u64,
}

struct FlvViewer {
    tx: mpsc::Sender<Bytes>,
    queued: Arc<AtomicUsize>,
}

/// What queueing a tag for a viewer did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Sent {
    Queued,
    /// The response ended (the viewer left).
    Closed,
    /// Over its byte budget or tag limit: the viewer is not keeping up.
    TooSlow,
}

impl FlvViewer {
    fn send(&self, tag: &Bytes) -> Sent {
        if self.tx.is_closed() {
            return Sent::Closed;
        }
        if self.queued.load(Ordering::Relaxed) + tag.len() > FLV_VIEWER_BUDGET {
            return Sent::TooSlow;
        }
        match self.tx.try_send(tag.clone()) {
            Ok(()) => {
                self.queued.fetch_add(tag.len(), Ordering::Relaxed);
                Sent::Queued
            }
            Err(mpsc::error::TrySendError::Full(_)) => Sent::TooSlow,
            Err(mpsc::error::TrySendError::Closed(_)) => Sent::Closed,
        }
    }
}

/// What an FLV viewer's response reads: tags, and the byte count to release as it goes.
pub struct FlvSubscription {
    /// Tags in order; ends when the stream ends or the viewer was dropped.
    pub tags: mpsc::Receiver<Bytes>,
    /// Bytes queued and not yet written; the reader subtracts what it takes.
    pub queued: Arc<AtomicUsize>,
}

/// Why a wait for a playlist or part ended without it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WaitError {
    /// It did not appear in time.
    Timeout,
    /// The stream ended first (or the publication was replaced).
    Gone,
}

impl LiveStream {
    fn new(id: String, epoch: String) -> Self {
        let prefix = format!("{id}/{epoch}-");
        Self {
            id,
            epoch,
            state: Mutex::new(State {
                playlist: Playlist::new(prefix),
                flv_headers: Vec::new(),
                gop: GopCache::default(),
                viewers: Vec::new(),
                ended: false,
                keyframe: None,
                keyframes: 0,
            }),
            version: watch::channel(0).0,
        }
    }

    /// Keeps the latest keyframe (its parameter sets and AVC sample; shared, not copied).
    pub fn set_keyframe(&self, sps: Bytes, pps: Bytes, sample: Bytes) {
        let mut state = self.state.lock();
        state.keyframes += 1;
        state.keyframe = Some(Keyframe { sps, pps, sample, number: state.keyframes });
    }

    /// The latest keyframe, if one came.
    pub fn keyframe(&self) -> Option<Keyframe> {
        self.state.lock().keyframe.clone()
    }

    /// Changes the playlist and wakes the requests waiting on it.
    pub fn update_playlist<R>(&self, change: impl FnOnce(&mut Playlist) -> R) -> R {
        let result = change(&mut self.state.lock().playlist);
        self.version.send_modify(|v| *v += 1);
        result
    }

    /// Changes of the playlist (and the end of the stream), for a follower such as a
    /// recorder: the value only counts up.
    pub fn changes(&self) -> watch::Receiver<u64> {
        self.version.subscribe()
    }

    /// Reads the playlist.
    pub fn read_playlist<R>(&self, read: impl FnOnce(&Playlist) -> R) -> R {
        read(&self.state.lock().playlist)
    }

    /// Sets the tags every new FLV viewer gets first (header, metadata, sequence headers);
    /// `broadcast` = also send the last of them to current viewers (a new sequence header).
    pub fn set_flv_headers(&self, headers: Vec<Bytes>, broadcast: Option<Bytes>) {
        let mut s = self.state.lock();
        s.flv_headers = headers;
        if let Some(tag) = broadcast {
            Self::fan_out(&mut s.viewers, &tag);
        }
    }

    /// Publishes one FLV tag: into the GOP cache and to every viewer.
    pub fn flv_tag(&self, tag: Bytes, keyframe: bool) {
        let mut s = self.state.lock();
        if s.flv_headers.is_empty() {
            return;
        }
        if keyframe {
            s.gop.keyframe(tag.clone());
        } else {
            s.gop.push(tag.clone());
        }
        Self::fan_out(&mut s.viewers, &tag);
    }

    fn fan_out(viewers: &mut Vec<FlvViewer>, tag: &Bytes) {
        viewers.retain(|v| match v.send(tag) {
            Sent::Queued => true,
            Sent::Closed => false,
            Sent::TooSlow => {
                // Dropping its sender ends the response: the player reconnects at a keyframe.
                metrics().cdn.slow_viewers_dropped.inc();
                false
            }
        });
    }

    /// A new FLV viewer: headers, then the GOP cache, then live tags. `None` when the
    /// stream has no video yet or ended.
    pub fn subscribe_flv(&self) -> Option<FlvSubscription> {
        let mut s = self.state.lock();
        if s.ended || s.flv_headers.is_empty() {
            return None;
        }
        let (tx, rx) = mpsc::channel(FLV_VIEWER_TAGS);
        let queued = Arc::new(AtomicUsize::new(0));
        let viewer = FlvViewer { tx, queued: queued.clone() };
        let start: Vec<Bytes> = s.flv_headers.iter().chain(s.gop.tags()).cloned().collect();
        if start.iter().all(|t| viewer.send(t) == Sent::Queued) {
            s.viewers.push(viewer);
        }
        Some(FlvSubscription { tags: rx, queued })
    }

    /// Number of open FLV viewers.
    pub fn flv_viewers(&self) -> usize {
        self.state.lock().viewers.len()
    }

    /// Ends the publication: EXT-X-ENDLIST, FLV responses finish.
    pub fn end(&self) {
        {
            let mut s = self.state.lock();
            s.ended = true;
            s.playlist.end();
            s.viewers.clear();
        }
        self.version.send_modify(|v| *v += 1);
    }

    /// Whether the publication ended.
    pub fn ended(&self) -> bool {
        self.state.lock().ended
    }

    /// Returns once the publication ended (woken by [`LiveStream::end`], no polling).
    pub async fn until_ended(&self) {
        let mut changes = self.version.subscribe();
        while !self.ended() {
            if changes.changed().await.is_err() {
                return;
            }
        }
    }

    /// Waits (at most `timeout`) until `ready` holds on the playlist, then returns `read`
    /// of it.
    pub async fn wait_for<R>(
        &self,
        timeout: Duration,
        ready: impl Fn(&Playlist) -> bool,
        read: impl Fn(&Playlist) -> R,
    ) -> Result<R, WaitError> {
        let mut changes = self.version.subscribe();
        let deadline = tokio::time::Instant::now() + timeout;
        loop {
            {
                let s = self.state.lock();
                if ready(&s.playlist) {
                    return Ok(read(&s.playlist));
                }
                if s.ended {
                    return Err(WaitError::Gone);
                }
            }
            match tokio::time::timeout_at(deadline, changes.changed()).await {
                Ok(Ok(())) => {}
                Ok(Err(_)) => return Err(WaitError::Gone),
                Err(_) => return Err(WaitError::Timeout),
            }
        }
    }
}

/// Every stream this node's origin serves.
#[derive(Default)]
pub struct Origin {
    streams: RwLock<HashMap<String, Arc<LiveStream>>>,
    /// The streams' JPEG thumbnails, made when asked for.
    pub thumbnails: Thumbnails,
}

impl Origin {
    /// An empty origin.
    pub fn new() -> Arc<Self> {
        Arc::new(Self::default())
    }

    /// Starts a publication of `id` (replacing an ended or stale one).
    pub fn publish(&self, id: &str) -> Arc<LiveStream> {
        let epoch = format!("{:x}", rand::random::<u32>());
        let stream = Arc::new(LiveStream::new(id.to_owned(), epoch));
        if let Some(old) = self.streams.write().insert(id.to_owned(), stream.clone()) {
            old.end();
        }
        stream
    }

    /// The publication of `id`, live or recently ended.
    pub fn get(&self, id: &str) -> Option<Arc<LiveStream>> {
        self.streams.read().get(id).cloned()
    }

    /// Forgets `stream` if it is still the publication of its id.
    pub fn remove(&self, stream: &Arc<LiveStream>) {
        let mut streams = self.streams.write();
        if streams.get(&stream.id).is_some_and(|s| Arc::ptr_eq(s, stream)) {
            streams.remove(&stream.id);
        }
    }

    /// Stream ids being served.
    pub fn stream_ids(&self) -> Vec<String> {
        self.streams.read().keys().cloned().collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::llhls::Part;

    #[tokio::test]
    async fn a_blocked_request_wakes_when_the_part_arrives() {
        let origin = Origin::new();
        let s = origin.publish("1_2_u_main");
        s.update_playlist(|p| {
            p.set_init(Bytes::from_static(b"init"));
            p.start_segment();
        });
        let waiter = {
            let s = s.clone();
            tokio::spawn(async move { s.wait_for(Duration::from_secs(5), |p| p.has(0, Some(0)), |p| p.render()).await })
        };
        tokio::time::sleep(Duration::from_millis(20)).await;
        s.update_playlist(|p| p.add_part(Part { duration: 0.2, independent: true, data: Bytes::from_static(b"x") }));
        let text = waiter.await.unwrap().unwrap();
        assert!(text.contains("-0.0.m4s"));
        let r = s.wait_for(Duration::from_millis(30), |p| p.has(5, Some(0)), |_| ()).await;
        assert_eq!(r, Err(WaitError::Timeout));
    }

    #[tokio::test(start_paused = true)]
    async fn until_ended_wakes_on_the_end_and_not_before() {
        let origin = Origin::new();
        let s = origin.publish("1_2_u_main");
        let waiter = {
            let s = s.clone();
            tokio::spawn(async move { s.until_ended().await })
        };
        // Other changes (a part) do not end the wait, however long it runs.
        s.update_playlist(|p| p.set_init(Bytes::from_static(b"init")));
        tokio::time::sleep(Duration::from_secs(3600)).await;
        assert!(!waiter.is_finished());
        s.end();
        tokio::time::timeout(Duration::from_millis(1), waiter).await.expect("woken by the end").unwrap();
        s.until_ended().await; // already ended: returns at once
    }

    #[tokio::test]
    async fn flv_viewers_get_headers_then_the_gop_and_a_slow_one_is_dropped() {
        let origin = Origin::new();
        let s = origin.publish("x");
        assert!(s.subscribe_flv().is_none(), "no video yet");
        s.set_flv_headers(vec![Bytes::from_static(b"H")], None);
        s.flv_tag(Bytes::from_static(b"K"), true);
        s.flv_tag(Bytes::from_static(b"p"), false);
        let mut v = s.subscribe_flv().unwrap();
        for want in [&b"H"[..], b"K", b"p"] {
            assert_eq!(&v.tags.recv().await.unwrap()[..], want);
        }
        // A viewer that never reads is dropped once over its budget; the stream goes on.
        let _slow = s.subscribe_flv().unwrap();
        let big = Bytes::from(vec![0u8; 64 * 1024]);
        for _ in 0..(FLV_VIEWER_BUDGET / big.len() + 2) {
            s.flv_tag(big.clone(), false);
            while let Ok(t) = v.tags.try_recv() {
                v.queued.fetch_sub(t.len(), Ordering::Relaxed);
            }
        }
        assert_eq!(s.flv_viewers(), 1, "the reading viewer stays");
        s.end();
        while v.tags.recv().await.is_some() {}
        assert!(s.ended());
    }
}
