//! Where recordings live on disk, and how much disk they may take.
//!
//! Layout: `<dir>/<sdkappid>/<stream id>/<recording id>/` holding `index.m3u8` (EVENT while
//! recording, VOD when finished), `init-<n>.mp4`, `seg-<n>.m4s`, `recording.mp4` (and
//! `recording-<n>.mp4` when the picture's configuration changed mid-way), `meta.json`.
//! Served under `/vod/` with the same path.
//!
//! Disk: the bytes of every recording count against `max_bytes`; a write that would pass
//! it deletes the oldest finished recordings first (`when_full = "delete_oldest"`) or
//! stops the recording that wanted to write (`"refuse"`). A recording in progress is never
//! deleted to make room.

use std::path::{Path, PathBuf};

use parking_lot::Mutex;
use serde::{Deserialize, Serialize};

use liveroom_telemetry::metrics;

/// What to do when a write would pass the disk quota.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum WhenFull {
    /// Delete the oldest finished recordings.
    DeleteOldest,
    /// Stop the recording that wanted to write.
    Refuse,
}

/// A recording's state.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum State {
    /// Being written.
    Recording,
    /// Complete: VOD playlist and MP4 written.
    Finished,
    /// Stopped early (the disk quota with `refuse`, a write error): what was written plays.
    Truncated,
}

/// What `meta.json` says about a recording (and the listing returns).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Meta {
    /// `<unix milliseconds>-<hex>`, unique per stream.
    pub id: String,
    /// The app.
    pub sdkappid: u64,
    /// The stream recorded.
    #[serde(rename = "streamID")]
    pub stream_id: String,
    /// Its room.
    #[serde(rename = "roomID")]
    pub room_id: String,
    /// Unix seconds of the first segment.
    pub started_at: u64,
    /// Unix seconds of the end (0 while recording).
    pub ended_at: u64,
    /// Seconds of media.
    pub duration_secs: f64,
    /// Bytes on disk.
    pub bytes: u64,
    /// Publications joined into it (1 + reconnections within the gap).
    pub publications: u32,
    /// State.
    pub state: State,
    /// Its files under `/vod/` (playlist first, then the MP4s), once finished.
    pub files: Vec<String>,
}

impl Meta {
    /// The recording's folder relative to the store (and to `/vod/`).
    pub fn path(&self) -> String {
        format!("{}/{}/{}", self.sdkappid, self.stream_id, self.id)
    }
}

/// Why a write was not done.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The quota is reached and `when_full = "refuse"` (or nothing finished is left to delete).
    #[error("the recordings' disk quota is full")]
    Full,
    /// The file system said no.
    #[error("recording file: {0}")]
    Io(#[from] std::io::Error),
}

/// The recordings directory. See the module docs.
pub struct Store {
    dir: PathBuf,
    max_bytes: u64,
    when_full: WhenFull,
    used: Mutex<u64>,
}

/// Bytes of the media and playlists under `path` (`meta.json` files are not counted: a
/// few hundred bytes each, written outside the quota).
fn dir_size(path: &Path) -> u64 {
    let Ok(entries) = std::fs::read_dir(path) else { return 0 };
    entries
        .flatten()
        .map(|e| match e.file_type() {
            Ok(t) if t.is_dir() => dir_size(&e.path()),
            Ok(_) if e.file_name() == "meta.json" => 0,
            Ok(_) => e.metadata().map_or(0, |m| m.len()),
            Err(_) => 0,
        })
        .sum()
}

/// Whether a path segment is safe to join (no separators, no `..`, bounded).
pub fn safe_name(name: &str) -> bool {
    !name.is_empty()
        && name.len() <= 128
        && name != "."
        && name != ".."
        && name.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'.'))
}

impl Store {
    /// The store at `dir` (created), counting what is there already.
    pub fn open(dir: PathBuf, max_bytes: u64, when_full: WhenFull) -> std::io::Result<Self> {
        std::fs::create_dir_all(&dir)?;
        let used = dir_size(&dir);
        let store = Self { dir, max_bytes, when_full, used: Mutex::new(used) };
        // Recordings a crash left half-written are kept as truncated.
        for mut meta in store.list(None) {
            if meta.state == State::Recording {
                meta.state = State::Truncated;
                let _ = store.write_meta(&meta);
            }
        }
        Ok(store)
    }

    /// The folder of a recording.
    pub fn folder(&self, meta: &Meta) -> PathBuf {
        self.dir.join(meta.sdkappid.to_string()).join(&meta.stream_id).join(&meta.id)
    }

    /// A file under the store, if the relative path is made of safe names.
    pub fn file(&self, relative: &str) -> Option<PathBuf> {
        let parts: Vec<&str> = relative.split('/').collect();
        (parts.len() == 4 && parts.iter().all(|p| safe_name(p)))
            .then(|| parts.iter().fold(self.dir.clone(), |p, s| p.join(s)))
    }

    /// Bytes the recordings take.
    pub fn used(&self) -> u64 {
        *self.used.lock()
    }

    /// Writes `data` as `name` in the recording's folder, within the quota.
    pub fn write(&self, meta: &Meta, name: &str, data: &[u8]) -> Result<(), StoreError> {
        self.make_room(data.len() as u64, meta)?;
        let folder = self.folder(meta);
        std::fs::create_dir_all(&folder)?;
        let path = folder.join(name);
        let old = std::fs::metadata(&path).map_or(0, |m| m.len());
        let tmp = folder.join(format!(".{name}.tmp"));
        std::fs::write(&tmp, data)?;
        std::fs::rename(&tmp, &path)?;
        let mut used = self.used.lock();
        *used = (*used + data.len() as u64).saturating_sub(old);
        metrics().cdn.recording_bytes.inc_by(data.len() as u64);
        Ok(())
    }

    /// Appends `data` to `name` (the MP4 being assembled), within the quota.
    pub fn append(&self, meta: &Meta, name: &str, data: &[u8]) -> Result<(), StoreError> {
        use std::io::Write;
        self.make_room(data.len() as u64, meta)?;
        let mut f = std::fs::OpenOptions::new().create(true).append(true).open(self.folder(meta).join(name))?;
        f.write_all(data)?;
        *self.used.lock() += data.len() as u64;
        metrics().cdn.recording_bytes.inc_by(data.len() as u64);
        Ok(())
    }

    /// Saves a recording's `meta.json` (not counted: a few hundred bytes).
    pub fn write_meta(&self, meta: &Meta) -> std::io::Result<()> {
        let folder = self.folder(meta);
        std::fs::create_dir_all(&folder)?;
        let tmp = folder.join(".meta.json.tmp");
        std::fs::write(&tmp, serde_json::to_vec_pretty(meta).map_err(std::io::Error::other)?)?;
        std::fs::rename(tmp, folder.join("meta.json"))
    }

    fn make_room(&self, bytes: u64, writing: &Meta) -> Result<(), StoreError> {
        if *self.used.lock() + bytes <= self.max_bytes {
            return Ok(());
        }
        if self.when_full == WhenFull::Refuse {
            metrics().cdn.recordings_stopped.with_label_values(&["quota"]).inc();
            return Err(StoreError::Full);
        }
        let mut finished: Vec<Meta> =
            self.list(None).into_iter().filter(|m| m.state != State::Recording && m.id != writing.id).collect();
        finished.sort_by_key(|m| (m.started_at, m.id.clone()));
        for old in finished {
            if *self.used.lock() + bytes <= self.max_bytes {
                break;
            }
            tracing::info!(recording = old.path(), "oldest recording deleted: the disk quota is full");
            metrics().cdn.recordings_deleted.with_label_values(&["quota"]).inc();
            self.remove(&old)?;
        }
        if *self.used.lock() + bytes <= self.max_bytes {
            Ok(())
        } else {
            metrics().cdn.recordings_stopped.with_label_values(&["quota"]).inc();
            Err(StoreError::Full)
        }
    }

    /// Deletes a recording's folder.
    pub fn remove(&self, meta: &Meta) -> std::io::Result<()> {
        let folder = self.folder(meta);
        let size = dir_size(&folder);
        std::fs::remove_dir_all(&folder)?;
        let mut used = self.used.lock();
        *used = used.saturating_sub(size);
        Ok(())
    }

    /// Every recording (of one app, or all), newest first.
    pub fn list(&self, sdkappid: Option<u64>) -> Vec<Meta> {
        let mut out = Vec::new();
        let apps: Vec<PathBuf> = match sdkappid {
            Some(app) => vec![self.dir.join(app.to_string())],
            None => std::fs::read_dir(&self.dir).map(|d| d.flatten().map(|e| e.path()).collect()).unwrap_or_default(),
        };
        for app in apps {
            let Ok(streams) = std::fs::read_dir(&app) else { continue };
            for stream in streams.flatten() {
                let Ok(recordings) = std::fs::read_dir(stream.path()) else { continue };
                for r in recordings.flatten() {
                    let Ok(text) = std::fs::read(r.path().join("meta.json")) else { continue };
                    if let Ok(meta) = serde_json::from_slice::<Meta>(&text) {
                        out.push(meta);
                    }
                }
            }
        }
        out.sort_by(|a, b| b.started_at.cmp(&a.started_at).then(b.id.cmp(&a.id)));
        out
    }

    /// One recording.
    pub fn get(&self, sdkappid: u64, stream_id: &str, id: &str) -> Option<Meta> {
        if !safe_name(stream_id) || !safe_name(id) {
            return None;
        }
        let path = self.dir.join(sdkappid.to_string()).join(stream_id).join(id).join("meta.json");
        serde_json::from_slice(&std::fs::read(path).ok()?).ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn meta(id: &str, started_at: u64, state: State) -> Meta {
        Meta {
            id: id.into(),
            sdkappid: 1400,
            stream_id: "1400_r_a_main".into(),
            room_id: "r".into(),
            started_at,
            ended_at: 0,
            duration_secs: 0.0,
            bytes: 0,
            publications: 1,
            state,
            files: vec![],
        }
    }

    fn temp(tag: &str) -> PathBuf {
        let d = std::env::temp_dir().join(format!("liveroom-store-{tag}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&d);
        d
    }

    #[test]
    fn a_full_disk_deletes_the_oldest_finished_recording_never_the_one_in_progress() {
        let dir = temp("oldest");
        let store = Store::open(dir.clone(), 1000, WhenFull::DeleteOldest).unwrap();
        let (old, newer, live) =
            (meta("1-a", 1, State::Finished), meta("2-b", 2, State::Finished), meta("3-c", 3, State::Recording));
        for m in [&old, &newer, &live] {
            store.write_meta(m).unwrap();
        }
        store.write(&old, "seg-0.m4s", &[0; 400]).unwrap();
        store.write(&newer, "seg-0.m4s", &[0; 400]).unwrap();
        store.write(&live, "seg-0.m4s", &[0; 150]).unwrap();
        assert_eq!(store.used(), 950);
        store.write(&live, "seg-1.m4s", &[0; 300]).unwrap();
        let left: Vec<String> = store.list(None).into_iter().map(|m| m.id).collect();
        assert_eq!(left, vec!["3-c".to_owned(), "2-b".to_owned()], "only the oldest went");
        assert_eq!(store.used(), 850);
        // Nothing finished can make room for this: refused.
        store.remove(&newer).unwrap();
        assert!(matches!(store.write(&live, "seg-2.m4s", &[0; 900]), Err(StoreError::Full)));
        let _ = std::fs::remove_dir_all(dir);
    }

    #[test]
    fn refuse_keeps_what_is_there_and_a_restart_marks_half_written_ones_truncated() {
        let dir = temp("refuse");
        let store = Store::open(dir.clone(), 500, WhenFull::Refuse).unwrap();
        let (old, live) = (meta("1-a", 1, State::Finished), meta("2-b", 2, State::Recording));
        store.write_meta(&old).unwrap();
        store.write_meta(&live).unwrap();
        store.write(&old, "seg-0.m4s", &[0; 400]).unwrap();
        assert!(matches!(store.write(&live, "seg-0.m4s", &[0; 200]), Err(StoreError::Full)));
        assert_eq!(store.list(None).len(), 2);
        drop(store);
        let again = Store::open(dir.clone(), 500, WhenFull::Refuse).unwrap();
        assert_eq!(again.used(), 400, "what is on disk is counted at start");
        assert_eq!(again.get(1400, "1400_r_a_main", "2-b").unwrap().state, State::Truncated);
        assert!(again.file("1400/1400_r_a_main/1-a/seg-0.m4s").is_some());
        assert!(again.file("1400/../../etc/passwd").is_none() && again.file("1400/x/y").is_none());
        let _ = std::fs::remove_dir_all(dir);
    }
}
