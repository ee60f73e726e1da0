//! The single-node [`Directory`] that survives a restart: [`MemoryDirectory`] in front of
//! an embedded database file (redb) under the node's data directory.
//!
//! What a user configures is written to the file, and synced, before the call answers:
//! rooms (their records and allowed publishers) and each app's banned words. Placements are
//! not stored: a restarted node starts its rooms again (a new incarnation). Reads come from
//! memory; the file is read once, at open.
//!
//! The file is locked while open: a second process on the same data directory gets
//! [`StoreError::InUse`] instead of a shared, corrupted store.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use async_trait::async_trait;
use liveroom_protocol::{RoomId, UserId};
use redb::{Database, ReadableDatabase, ReadableTable, TableDefinition};

use crate::{
    BannedWordsView, CreateOutcome, Directory, DirectoryError, MemoryDirectory, NewRoom, NodeId, Placement, RoomRecord,
};

/// `"{sdkappid}/{room}"` → JSON [`RoomRecord`].
const ROOMS: TableDefinition<&str, &[u8]> = TableDefinition::new("rooms");
/// sdkappid → JSON list of banned words.
const BANNED_WORDS: TableDefinition<u64, &[u8]> = TableDefinition::new("banned_words");
/// `"schema"` → the layout version of this file.
const META: TableDefinition<&str, u64> = TableDefinition::new("meta");
/// The layout this code writes and reads.
const SCHEMA: u64 = 1;

/// The file's name inside the data directory.
pub const STORE_FILE: &str = "liveroom.redb";

/// Opening the store failed.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// Another process holds the store open.
    #[error("{0} is in use by another liveroom process")]
    InUse(PathBuf),
    /// The directory or file cannot be created, read or written.
    #[error("cannot open {path}: {reason}")]
    Open {
        /// The file.
        path: PathBuf,
        /// Why.
        reason: String,
    },
    /// The file was written by a newer liveroom.
    #[error("{path} has layout version {found}; this liveroom reads version {SCHEMA}")]
    Schema {
        /// The file.
        path: PathBuf,
        /// Its version.
        found: u64,
    },
}

/// A change to write.
enum Write {
    Room(RoomRecord),
    RemoveRoom(u64, RoomId),
    BannedWords(u64, Vec<String>),
}

/// [`MemoryDirectory`] whose rooms and app settings are also kept in a file.
pub struct EmbeddedDirectory {
    memory: MemoryDirectory,
    db: Arc<Database>,
    path: PathBuf,
    /// One change at a time, memory and file in the same order (shared by joined handles).
    writes: Arc<tokio::sync::Mutex<()>>,
}

impl EmbeddedDirectory {
    /// Opens (creating if needed) the store in `data_dir` and loads what it holds into a
    /// [`MemoryDirectory`] for node `node` with at most `max_rooms_per_app` rooms per app.
    pub fn open(data_dir: &Path, node: NodeId, max_rooms_per_app: usize) -> Result<Self, StoreError> {
        let path = data_dir.join(STORE_FILE);
        let open_err = |reason: String| StoreError::Open { path: path.clone(), reason };
        std::fs::create_dir_all(data_dir).map_err(|e| open_err(e.to_string()))?;
        let db = match Database::create(&path) {
            Ok(db) => db,
            Err(redb::DatabaseError::DatabaseAlreadyOpen) => return Err(StoreError::InUse(path)),
            Err(e) => return Err(open_err(e.to_string())),
        };
        let (rooms, banned) = load(&db, &path).map_err(|e| match e {
            Loaded::Schema(found) => StoreError::Schema { path: path.clone(), found },
            Loaded::Store(e) => open_err(e.to_string()),
        })?;
        let memory = MemoryDirectory::new(node, max_rooms_per_app);
        memory.load(rooms, banned);
        Ok(Self { memory, db: Arc::new(db), path, writes: Arc::new(tokio::sync::Mutex::new(())) })
    }

    /// The same, with at most `max` rooms per owner.
    pub fn with_rooms_per_user(self, max: usize) -> Self {
        Self { memory: self.memory.with_rooms_per_user(max), ..self }
    }

    /// Node `node`'s handle on this same directory and file ([`MemoryDirectory::join`]:
    /// for the contract's fencing checks).
    pub fn join(&self, node: NodeId) -> Self {
        Self {
            memory: self.memory.join(node),
            db: self.db.clone(),
            path: self.path.clone(),
            writes: self.writes.clone(),
        }
    }

    /// The store's file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Writes `change` and syncs it to disk, off the async threads.
    async fn store(&self, change: Write) -> Result<(), DirectoryError> {
        let db = self.db.clone();
        let written = tokio::task::spawn_blocking(move || write(&db, change))
            .await
            .map_err(|e| DirectoryError::Unavailable(format!("store: {e}")))?;
        written.map_err(|e| {
            tracing::error!(error = %e, path = %self.path.display(), "writing the store failed");
            DirectoryError::Unavailable(format!("store: {e}"))
        })
    }
}

enum Loaded {
    Schema(u64),
    Store(redb::Error),
}

impl<E: Into<redb::Error>> From<E> for Loaded {
    fn from(e: E) -> Self {
        Loaded::Store(e.into())
    }
}

type Contents = (Vec<RoomRecord>, HashMap<u64, Vec<String>>);

/// Every room and setting in the file; creates the tables of a new file.
fn load(db: &Database, path: &Path) -> Result<Contents, Loaded> {
    let tx = db.begin_write()?;
    {
        let mut meta = tx.open_table(META)?;
        let found = meta.get("schema")?.map(|v| v.value());
        match found {
            None => {
                meta.insert("schema", SCHEMA)?;
            }
            Some(SCHEMA) => {}
            Some(other) => return Err(Loaded::Schema(other)),
        }
        tx.open_table(ROOMS)?;
        tx.open_table(BANNED_WORDS)?;
    }
    tx.commit()?;
    let tx = db.begin_read()?;
    let mut rooms = Vec::new();
    for item in tx.open_table(ROOMS)?.iter()? {
        let (key, value) = item?;
        match serde_json::from_slice::<RoomRecord>(value.value()) {
            Ok(room) => rooms.push(room),
            // One unreadable record must not take the node down: it is reported and left.
            Err(e) => tracing::error!(key = key.value(), error = %e, file = %path.display(), "unreadable room record"),
        }
    }
    let mut banned = HashMap::new();
    for item in tx.open_table(BANNED_WORDS)?.iter()? {
        let (app, value) = item?;
        match serde_json::from_slice::<Vec<String>>(value.value()) {
            Ok(words) => {
                banned.insert(app.value(), words);
            }
            Err(e) => tracing::error!(app = app.value(), error = %e, file = %path.display(), "unreadable banned words"),
        }
    }
    Ok((rooms, banned))
}

fn room_key(sdkappid: u64, room_id: &RoomId) -> String {
    format!("{sdkappid}/{}", room_id.as_str())
}

/// One change in one synced transaction.
fn write(db: &Database, change: Write) -> Result<(), redb::Error> {
    let tx = db.begin_write()?;
    match change {
        Write::Room(record) => {
            let value = json(&record)?;
            tx.open_table(ROOMS)?.insert(room_key(record.sdkappid, &record.room_id).as_str(), value.as_slice())?;
        }
        Write::RemoveRoom(app, id) => {
            tx.open_table(ROOMS)?.remove(room_key(app, &id).as_str())?;
        }
        Write::BannedWords(app, words) => {
            let value = json(&words)?;
            tx.open_table(BANNED_WORDS)?.insert(app, value.as_slice())?;
        }
    }
    tx.commit()?;
    Ok(())
}

fn json<T: serde::Serialize>(value: &T) -> Result<Vec<u8>, redb::Error> {
    serde_json::to_vec(value).map_err(|e| redb::Error::Corrupted(e.to_string()))
}

#[async_trait]
impl Directory for EmbeddedDirectory {
    fn local_node(&self) -> &NodeId {
        self.memory.local_node()
    }

    async fn create_room(
        &self,
        sdkappid: u64,
        room_id: Option<RoomId>,
        room: NewRoom,
        now: u64,
    ) -> Result<CreateOutcome, DirectoryError> {
        let _turn = self.writes.lock().await;
        let outcome = self.memory.create_room(sdkappid, room_id, room, now).await?;
        if let CreateOutcome::Created(record) = &outcome {
            if let Err(e) = self.store(Write::Room(record.clone())).await {
                self.memory.remove_room(sdkappid, &record.room_id).await?;
                return Err(e);
            }
        }
        Ok(outcome)
    }

    async fn get_room(&self, sdkappid: u64, room_id: &RoomId) -> Result<Option<RoomRecord>, DirectoryError> {
        self.memory.get_room(sdkappid, room_id).await
    }

    async fn list_rooms(&self, sdkappid: u64) -> Result<Vec<RoomRecord>, DirectoryError> {
        self.memory.list_rooms(sdkappid).await
    }

    async fn remove_room(&self, sdkappid: u64, room_id: &RoomId) -> Result<bool, DirectoryError> {
        let _turn = self.writes.lock().await;
        if self.memory.get_room(sdkappid, room_id).await?.is_none() {
            return Ok(false);
        }
        self.store(Write::RemoveRoom(sdkappid, room_id.clone())).await?;
        self.memory.remove_room(sdkappid, room_id).await
    }

    async fn touch_room(&self, sdkappid: u64, room_id: &RoomId, at: u64) -> Result<bool, DirectoryError> {
        let _turn = self.writes.lock().await;
        let Some(mut record) = self.memory.get_room(sdkappid, room_id).await? else { return Ok(false) };
        if record.last_active_at >= at {
            return Ok(true);
        }
        record.last_active_at = at;
        self.store(Write::Room(record)).await?;
        self.memory.touch_room(sdkappid, room_id, at).await
    }

    async fn set_publishers(
        &self,
        sdkappid: u64,
        room_id: &RoomId,
        publishers: Vec<UserId>,
    ) -> Result<Option<RoomRecord>, DirectoryError> {
        let _turn = self.writes.lock().await;
        let Some(mut record) = self.memory.get_room(sdkappid, room_id).await? else { return Ok(None) };
        record.publishers = publishers.clone();
        self.store(Write::Room(record)).await?;
        self.memory.set_publishers(sdkappid, room_id, publishers).await
    }

    async fn place_room(&self, sdkappid: u64, room_id: &RoomId) -> Result<Placement, DirectoryError> {
        self.memory.place_room(sdkappid, room_id).await
    }

    async fn hand_off(&self, sdkappid: u64, room_id: &RoomId, from: &NodeId) -> Result<Placement, DirectoryError> {
        self.memory.hand_off(sdkappid, room_id, from).await
    }

    async fn set_follower(
        &self,
        sdkappid: u64,
        room_id: &RoomId,
        epoch: u64,
        follower: &NodeId,
    ) -> Result<bool, DirectoryError> {
        self.memory.set_follower(sdkappid, room_id, epoch, follower).await
    }

    async fn set_banned_words(&self, sdkappid: u64, words: Vec<String>) -> Result<(), DirectoryError> {
        let _turn = self.writes.lock().await;
        self.store(Write::BannedWords(sdkappid, words.clone())).await?;
        self.memory.set_banned_words(sdkappid, words).await
    }

    fn banned_words(&self) -> Option<BannedWordsView> {
        self.memory.banned_words()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Dir(PathBuf);
    impl Dir {
        fn new(tag: &str) -> Self {
            static N: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(0);
            let n = N.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            Self(std::env::temp_dir().join(format!("liveroom-store-{tag}-{}-{n}", std::process::id())))
        }
    }
    impl Drop for Dir {
        fn drop(&mut self) {
            let _ = std::fs::remove_dir_all(&self.0);
        }
    }

    fn open(dir: &Dir) -> EmbeddedDirectory {
        EmbeddedDirectory::open(&dir.0, NodeId("n1".into()), 100).expect("store opens")
    }

    fn user(u: &str) -> UserId {
        UserId::new(u).unwrap()
    }

    #[tokio::test]
    async fn meets_the_directory_contract() {
        let dir = Dir::new("contract");
        crate::conformance::run(&open(&dir), 7).await;
    }

    #[tokio::test]
    async fn fences_and_hands_off_between_two_nodes() {
        let dir = Dir::new("fencing");
        let a = open(&dir);
        crate::conformance::fencing(&a, &a.join(NodeId("n2".into())), 7).await;
    }

    #[tokio::test]
    async fn rooms_publishers_and_banned_words_outlive_the_process() {
        let dir = Dir::new("reopen");
        let id = RoomId::new("kept").unwrap();
        let gone = RoomId::new("gone").unwrap();
        {
            let d = open(&dir);
            let room = NewRoom { title: "Friday show".into(), ..NewRoom::new(user("anchor")) };
            d.create_room(9, Some(id.clone()), room, 5).await.unwrap();
            d.create_room(9, Some(gone.clone()), NewRoom::new(user("anchor")), 6).await.unwrap();
            d.set_publishers(9, &id, vec![user("guest")]).await.unwrap();
            d.remove_room(9, &gone).await.unwrap();
            d.set_banned_words(9, vec!["spoiler".into()]).await.unwrap();
            d.set_banned_words(10, vec!["a".into(), "b".into()]).await.unwrap();
        }
        let d = open(&dir);
        let room = d.get_room(9, &id).await.unwrap().expect("the room survived");
        assert_eq!((room.title.as_str(), room.owner.as_str(), room.created_at), ("Friday show", "anchor", 5));
        assert_eq!(room.publishers, vec![user("guest")]);
        assert!(d.get_room(9, &gone).await.unwrap().is_none(), "a removed room stays removed");
        let (banned, _) = d.banned_words().expect("the store keeps settings");
        assert_eq!(banned.get(&9), Some(&vec!["spoiler".to_owned()]));
        assert_eq!(banned.get(&10).map(Vec::len), Some(2));
        // Ids stay taken across the restart.
        let again = d.create_room(9, Some(id.clone()), NewRoom::new(user("other")), 7).await.unwrap();
        assert!(matches!(again, CreateOutcome::TakenByOther(_)));
    }

    #[tokio::test]
    async fn a_second_process_on_the_same_data_directory_is_refused() {
        let dir = Dir::new("lock");
        let _first = open(&dir);
        match EmbeddedDirectory::open(&dir.0, NodeId("n2".into()), 100) {
            Err(StoreError::InUse(path)) => assert!(path.ends_with(STORE_FILE)),
            other => panic!("expected InUse, got {:?}", other.map(|d| d.path().to_owned())),
        }
    }

    #[tokio::test]
    async fn limits_hold_over_rooms_loaded_from_the_file() {
        let dir = Dir::new("limits");
        {
            let d = open(&dir).with_rooms_per_user(2);
            for _ in 0..2 {
                d.create_room(3, None, NewRoom::new(user("a")), 1).await.unwrap();
            }
        }
        let d = open(&dir).with_rooms_per_user(2);
        let err = d.create_room(3, None, NewRoom::new(user("a")), 1).await.unwrap_err();
        assert_eq!(err, DirectoryError::UserRoomLimit(2));
    }

    #[tokio::test]
    async fn a_file_from_a_newer_layout_is_refused_not_overwritten() {
        let dir = Dir::new("schema");
        std::fs::create_dir_all(&dir.0).unwrap();
        {
            let db = Database::create(dir.0.join(STORE_FILE)).unwrap();
            let tx = db.begin_write().unwrap();
            tx.open_table(META).unwrap().insert("schema", SCHEMA + 1).unwrap();
            tx.commit().unwrap();
        }
        match EmbeddedDirectory::open(&dir.0, NodeId("n1".into()), 100) {
            Err(StoreError::Schema { found, .. }) => assert_eq!(found, SCHEMA + 1),
            other => panic!("expected a schema error, got {:?}", other.map(|d| d.path().to_owned())),
        }
    }
}
