//! Recording a stream: a follower of its publication on the origin that writes every
//! completed CMAF segment to the [`Store`] as it appears (the playlist's window holds 8 s,
//! ample for a follower woken on each change), and when the stream ends waits
//! `reconnect_gap` for the same stream id to be published again — a publisher that
//! reconnected continues the same recording behind a discontinuity — before it finishes:
//! the VOD playlist, one MP4 ([`crate::mp4`]), `meta.json`, and the caller's callback
//! (the `recording.finished` webhook).

use std::collections::{HashMap, HashSet};
use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use bytes::Bytes;
use parking_lot::Mutex;

use liveroom_cdn::{LiveStream, Origin};
use liveroom_telemetry::metrics;

use crate::mp4;
use crate::store::{Meta, State, Store, StoreError};
use crate::vod::{self, Entry};

/// How often a finished publication's origin is looked at for a new one.
const REPUBLISH_POLL: Duration = Duration::from_millis(250);

fn unix_now() -> u64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs())
}

/// What is called when a recording finished (with its final meta).
pub type OnFinished = Arc<dyn Fn(&Meta) + Send + Sync>;

/// The recordings of a node: which streams are being recorded, and the store.
pub struct Recorder {
    store: Arc<Store>,
    origin: Arc<Origin>,
    reconnect_gap: Duration,
    active: Mutex<HashSet<(u64, String)>>,
    /// Stop signals of the recordings in progress.
    stops: Mutex<HashMap<(u64, String), tokio::sync::watch::Sender<bool>>>,
    on_finished: Mutex<Option<OnFinished>>,
}

/// One segment written, as the MP4 assembly needs it.
struct Written {
    file: String,
    init_file: String,
    /// Which publication (from 0) it came from.
    publication: u32,
}

impl Recorder {
    /// A recorder writing into `store` the streams published on `origin`.
    pub fn new(store: Arc<Store>, origin: Arc<Origin>, reconnect_gap: Duration) -> Arc<Self> {
        Arc::new(Self {
            store,
            origin,
            reconnect_gap,
            active: Mutex::new(HashSet::new()),
            stops: Mutex::new(HashMap::new()),
            on_finished: Mutex::new(None),
        })
    }

    /// The store (listing, serving, deleting).
    pub fn store(&self) -> &Arc<Store> {
        &self.store
    }

    /// Calls `f` for every finished recording.
    pub fn set_on_finished(&self, f: OnFinished) {
        *self.on_finished.lock() = Some(f);
    }

    /// Whether `stream_id` of `sdkappid` is being recorded (or waits for its publisher to
    /// come back).
    pub fn is_recording(&self, sdkappid: u64, stream_id: &str) -> bool {
        self.active.lock().contains(&(sdkappid, stream_id.to_owned()))
    }

    /// Finishes the recording of `stream_id` now (without waiting for its publisher to come
    /// back); false if it is not being recorded.
    pub fn stop(&self, sdkappid: u64, stream_id: &str) -> bool {
        match self.stops.lock().get(&(sdkappid, stream_id.to_owned())) {
            Some(stop) => stop.send(true).is_ok(),
            None => false,
        }
    }

    /// Records `live` (a publication of `stream_id`) unless it is recorded already: a
    /// recording waiting for its publisher to come back takes the new publication itself.
    /// Spawned on the current runtime.
    pub fn follow(self: &Arc<Self>, sdkappid: u64, room_id: &str, live: Arc<LiveStream>) {
        let key = (sdkappid, live.id.clone());
        if !self.active.lock().insert(key.clone()) {
            return;
        }
        let (stop, stopped) = tokio::sync::watch::channel(false);
        self.stops.lock().insert(key.clone(), stop);
        let this = self.clone();
        let room_id = room_id.to_owned();
        tokio::spawn(async move {
            metrics().cdn.recordings.inc();
            let meta = this.record(sdkappid, room_id, live, stopped).await;
            metrics().cdn.recordings.dec();
            this.stops.lock().remove(&key);
            this.active.lock().remove(&key);
            if let Some(meta) = meta {
                tracing::info!(recording = meta.path(), seconds = meta.duration_secs, state = ?meta.state, "recording finished");
                let callback = this.on_finished.lock().clone();
                if let Some(f) = callback {
                    f(&meta);
                }
            }
        });
    }

    async fn record(
        self: &Arc<Self>,
        sdkappid: u64,
        room_id: String,
        mut live: Arc<LiveStream>,
        mut stopped: tokio::sync::watch::Receiver<bool>,
    ) -> Option<Meta> {
        let started_at = unix_now();
        let started_ms = SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_millis());
        let mut meta = Meta {
            // Milliseconds first: ids of one stream sort in the order they started.
            id: format!("{started_ms}-{:04x}", rand::random::<u16>()),
            sdkappid,
            stream_id: live.id.clone(),
            room_id,
            started_at,
            ended_at: 0,
            duration_secs: 0.0,
            bytes: 0,
            publications: 1,
            state: State::Recording,
            files: Vec::new(),
        };
        let store = self.store.clone();
        if let Err(e) = blocking(store.clone(), {
            let meta = meta.clone();
            move |s| s.write_meta(&meta).map_err(StoreError::from)
        })
        .await
        {
            tracing::warn!(error = %e, stream = meta.stream_id, "recording not started");
            return None;
        }
        tracing::info!(recording = meta.path(), "recording started");
        let mut entries: Vec<Entry> = Vec::new();
        let mut written: Vec<Written> = Vec::new();
        let mut inits: Vec<Bytes> = Vec::new();
        let mut publication = 0u32;
        let mut truncated = false;
        'publications: loop {
            let mut changes = live.changes();
            let mut last: Option<u64> = None;
            let mut first_of_publication = true;
            loop {
                let segments = live.read_playlist(|p| p.completed_after(last));
                for s in segments {
                    last = Some(s.msn);
                    let init_index = match inits.iter().position(|i| *i == s.init.1) {
                        Some(i) => i,
                        None => {
                            inits.push(s.init.1.clone());
                            inits.len() - 1
                        }
                    };
                    let init_file = format!("init-{init_index}.mp4");
                    let file = format!("seg-{:05}.m4s", written.len());
                    let (m, i, f, d, new_init) =
                        (meta.clone(), s.init.1.clone(), file.clone(), s.data.clone(), init_index + 1 == inits.len());
                    let init_name = init_file.clone();
                    let result = blocking(store.clone(), move |st| {
                        if new_init {
                            st.write(&m, &init_name, &i)?;
                        }
                        st.write(&m, &f, &d)
                    })
                    .await;
                    if let Err(e) = result {
                        tracing::warn!(error = %e, recording = meta.path(), "recording stopped");
                        truncated = true;
                        break 'publications;
                    }
                    meta.bytes += s.data.len() as u64;
                    meta.duration_secs += s.duration;
                    entries.push(Entry {
                        file: file.clone(),
                        duration: s.duration,
                        init: init_file.clone(),
                        discontinuity: first_of_publication && publication > 0,
                    });
                    first_of_publication = false;
                    written.push(Written { file, init_file, publication });
                    // The playlist and the listing follow the recording as it grows.
                    let text = vod::render(&entries, false);
                    let m = meta.clone();
                    let _ = blocking(store.clone(), move |st| {
                        st.write(&m, "index.m3u8", text.as_bytes())?;
                        st.write_meta(&m).map_err(StoreError::from)
                    })
                    .await;
                }
                if live.ended() && live.read_playlist(|p| p.completed_after(last).is_empty()) {
                    break;
                }
                tokio::select! {
                    changed = changes.changed() => if changed.is_err() { break },
                    _ = stopped.changed() => {
                        tracing::info!(recording = meta.path(), "recording stopped by the API");
                        break 'publications;
                    }
                }
            }
            // Ended: wait for the publisher to come back.
            let deadline = tokio::time::Instant::now() + self.reconnect_gap;
            loop {
                if let Some(next) = self.origin.get(&meta.stream_id).filter(|l| l.epoch != live.epoch) {
                    tracing::info!(recording = meta.path(), "the publisher came back: the recording goes on");
                    live = next;
                    publication += 1;
                    meta.publications += 1;
                    continue 'publications;
                }
                if tokio::time::Instant::now() >= deadline {
                    break 'publications;
                }
                tokio::select! {
                    _ = tokio::time::sleep(REPUBLISH_POLL) => {}
                    _ = stopped.changed() => break 'publications,
                }
            }
        }
        meta.ended_at = unix_now();
        if entries.is_empty() {
            let m = meta.clone();
            let _ = blocking(store.clone(), move |st| st.remove(&m).map_err(StoreError::from)).await;
            tracing::info!(recording = meta.path(), "nothing was recorded: removed");
            return None;
        }
        let text = vod::render(&entries, true);
        let m = meta.clone();
        let _ = blocking(store.clone(), move |st| st.write(&m, "index.m3u8", text.as_bytes())).await;
        let (m, total) = (meta.clone(), meta.duration_secs);
        let mp4s = blocking(store.clone(), move |st| write_mp4s(st, &m, &written, &inits, total)).await;
        let folder = meta.path();
        meta.files = vec![format!("{folder}/index.m3u8")];
        match mp4s {
            Ok(files) => meta.files.extend(files.into_iter().map(|f| format!("{folder}/{f}"))),
            Err(e) => {
                tracing::warn!(error = %e, recording = meta.path(), "no MP4 for this recording");
                truncated = true;
            }
        }
        meta.bytes = meta.bytes.max(1);
        meta.state = if truncated { State::Truncated } else { State::Finished };
        let m = meta.clone();
        let _ = blocking(store, move |st| st.write_meta(&m).map_err(StoreError::from)).await;
        Some(meta)
    }
}

/// The recording's MP4s: one per distinct init segment in a row (a change of picture size
/// needs a new file), each publication's decode times continuing the previous one's.
fn write_mp4s(
    store: &Store,
    meta: &Meta,
    written: &[Written],
    inits: &[Bytes],
    total: f64,
) -> Result<Vec<String>, StoreError> {
    let folder = store.folder(meta);
    let bad = |e: mp4::Mp4Error| StoreError::Io(std::io::Error::other(e.to_string()));
    let mut files = Vec::new();
    let mut current: Option<(String, String)> = None; // (init file, mp4 name)
    let mut sequence = 0u32;
    let mut previous: Option<(u32, mp4::Spans)> = None;
    let mut shift: HashMap<u32, i64> = HashMap::new();
    let mut scales = HashMap::new();
    for w in written {
        if current.as_ref().is_none_or(|(init, _)| *init != w.init_file) {
            let name = if files.is_empty() {
                "recording.mp4".to_owned()
            } else {
                format!("recording-{}.mp4", files.len() + 1)
            };
            let index: usize = w.init_file.trim_start_matches("init-").trim_end_matches(".mp4").parse().unwrap_or(0);
            let init = inits.get(index).ok_or(StoreError::Io(std::io::Error::other("missing init")))?;
            // One file per init: its duration is the whole recording's only when it is the
            // only one (the VOD playlist has the exact lengths).
            let head = mp4::head(init, total).map_err(bad)?;
            let _ = std::fs::remove_file(folder.join(&name));
            store.append(meta, &name, &head)?;
            scales = mp4::timescales(init).map_err(bad)?;
            files.push(name.clone());
            current = Some((w.init_file.clone(), name));
            previous = None;
            shift.clear();
            sequence = 0;
        }
        let data = std::fs::read(folder.join(&w.file))?;
        let spans = mp4::spans(&data).map_err(bad)?;
        if let Some((publication, prev)) = &previous {
            if *publication != w.publication {
                shift = mp4::continuation(prev, &spans, &scales);
            }
        }
        let out = mp4::retime(&data, &shift, &mut sequence).map_err(bad)?;
        let moved = mp4::spans(&out).map_err(bad)?;
        if let Some((_, name)) = &current {
            store.append(meta, name, &out)?;
        }
        previous = Some((w.publication, moved));
    }
    Ok(files)
}

async fn blocking<T: Send + 'static>(
    store: Arc<Store>,
    f: impl FnOnce(&Store) -> Result<T, StoreError> + Send + 'static,
) -> Result<T, StoreError> {
    tokio::task::spawn_blocking(move || f(&store))
        .await
        .unwrap_or_else(|e| Err(StoreError::Io(std::io::Error::other(e.to_string()))))
}
