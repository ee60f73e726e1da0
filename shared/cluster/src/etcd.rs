//! The cluster [`Directory`] on a real etcd.
//!
//! Key layout under `prefix` (default `/liveroom`):
//!
//! | key | value | lifetime |
//! |---|---|---|
//! | `{prefix}/nodes/{node}` | JSON [`NodeInfo`] | this node's lease |
//! | `{prefix}/rooms/{sdkappid}/{room}` | JSON [`RoomRecord`] | until removed |
//! | `{prefix}/placement/{sdkappid}/{room}` | JSON `{"node": ...}` | the owner node's lease |
//! | `{prefix}/followers/{sdkappid}/{room}` | JSON `{"node": ..., "epoch": ...}` | the follower node's lease |
//! | `{prefix}/streams/{stream}` | JSON `{"node": ...}` | the serving node's lease |
//!
//! Placement is a create-if-absent transaction bound to the chosen owner's lease (the
//! least-loaded live node that is not draining, from the watched node cache): when the
//! owner dies its lease expires, the key vanishes and the next `place_room` places the room
//! again. A drain hand-off rewrites the key (compare-and-swap on the old owner) under the
//! new owner's lease. The key's etcd mod-revision is the room's **epoch**: it grows with
//! every placement and hand-off, so a stale owner can be fenced by comparing epochs.
//!
//! A room's follower is recorded by its owner with a transaction that compares the
//! placement's owner and epoch (an owner that lost the room cannot record one); placing a
//! room that has no owner prefers its live follower, which holds the room's state.
//!
//! etcd is never on a per-message path: callers cache what they get, and node membership
//! comes from a watch, not from reads.

use std::collections::{HashMap, HashSet};
use std::hash::{Hash, Hasher};
use std::sync::atomic::{AtomicBool, AtomicI64, AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use async_trait::async_trait;
use etcd_client::{
    Client, Compare, CompareOp, EventType, GetOptions, PutOptions, Txn, TxnOp, TxnOpResponse, WatchOptions,
};
use liveroom_protocol::RoomId;
use liveroom_telemetry::metrics;
use parking_lot::{Mutex, RwLock};
use serde::{Deserialize, Serialize};

use crate::{CreateOutcome, Directory, DirectoryError, NewRoom, NodeId, NodeInfo, Placement, RoomRecord};

#[derive(Serialize, Deserialize)]
struct PlacementValue {
    node: String,
}

#[derive(Serialize, Deserialize)]
struct FollowerValue {
    node: String,
    epoch: u64,
}

/// The etcd client, replaced by a fresh connection when the old one stopped working: the
/// gRPC channel of `etcd-client` does not always come back after its connection broke (a
/// partition, a paused etcd), so an outage ends with a new client.
struct Connection {
    endpoints: Vec<String>,
    current: RwLock<Client>,
}

impl Connection {
    fn options() -> etcd_client::ConnectOptions {
        etcd_client::ConnectOptions::new()
            .with_connect_timeout(Duration::from_secs(3))
            .with_timeout(Duration::from_secs(3))
            .with_keep_alive(Duration::from_secs(2), Duration::from_secs(2))
    }

    async fn open(endpoints: &[String]) -> Result<Arc<Self>, DirectoryError> {
        let client = Client::connect(endpoints, Some(Self::options())).await.map_err(unavailable)?;
        Ok(Arc::new(Self { endpoints: endpoints.to_vec(), current: RwLock::new(client) }))
    }

    /// The client to use now (cheap: a handle).
    fn client(&self) -> Client {
        self.current.read().clone()
    }

    /// Connects anew (bounded by the connect timeout); keeps the old client on failure.
    async fn reconnect(&self) {
        if let Ok(client) = Client::connect(&self.endpoints, Some(Self::options())).await {
            *self.current.write() = client;
            tracing::debug!("etcd client connected anew");
        }
    }
}

/// The etcd-backed directory. Cheap to share; every call clones the client handle.
pub struct EtcdDirectory {
    connection: Arc<Connection>,
    prefix: String,
    node: NodeId,
    /// This node's lease and what lives under it; replaced when etcd lost the lease.
    registration: Arc<Registration>,
    max_rooms_per_app: usize,
    max_rooms_per_user: usize,
    keepalive: tokio::task::JoinHandle<()>,
    watchers: Mutex<Vec<tokio::task::JoinHandle<()>>>,
    nodes: Arc<RwLock<HashMap<NodeId, NodeInfo>>>,
    /// Which node serves each stream, kept by a watch: CDN requests for any stream id,
    /// known or not, are answered from it and never reach etcd.
    streams: Arc<RwLock<HashMap<NodeId, PlacementValue>>>,
    /// App-wide banned words by SDKAppID (as text), kept by a watch.
    banned: Arc<RwLock<HashMap<NodeId, Vec<String>>>>,
    /// Grows on every change of `banned`.
    banned_changed: Arc<tokio::sync::watch::Sender<u64>>,
}

/// This node's registration in etcd: its lease, the node record and the stream records put
/// under it, and whether they are in place now. When etcd answers that the lease is gone
/// (it expired while etcd was paused, partitioned away or restarted from old data), a new
/// lease is granted, the node record and the streams are put again under it, and the
/// generation grows so the node can re-claim the rooms it still runs.
struct Registration {
    connection: Arc<Connection>,
    node_key: String,
    stream_prefix: String,
    node: NodeId,
    ttl: Duration,
    lease: AtomicI64,
    /// The records are in place under `lease`.
    registered: AtomicBool,
    /// Milliseconds after `started` of the last keep-alive etcd acknowledged.
    last_ok_ms: AtomicU64,
    started: Instant,
    info: Mutex<NodeInfo>,
    own_streams: Mutex<HashSet<String>>,
    generation: tokio::sync::watch::Sender<u64>,
}

impl Registration {
    fn client(&self) -> Client {
        self.connection.client()
    }

    fn lease(&self) -> i64 {
        self.lease.load(Ordering::Acquire)
    }

    fn acknowledged(&self) {
        self.last_ok_ms.store(self.started.elapsed().as_millis() as u64, Ordering::Release);
    }

    /// Registered, and etcd acknowledged the lease within its time to live (a node cut off
    /// from etcd for longer may have lost it without knowing yet).
    fn is_registered(&self) -> bool {
        let now = self.started.elapsed().as_millis() as u64;
        let since = now.saturating_sub(self.last_ok_ms.load(Ordering::Acquire));
        self.registered.load(Ordering::Acquire) && Duration::from_millis(since) < self.ttl
    }

    async fn put_info(&self) -> Result<(), DirectoryError> {
        let info = self.info.lock().clone();
        let value = serde_json::to_vec(&info).map_err(|e| DirectoryError::Unavailable(e.to_string()))?;
        let options = PutOptions::new().with_lease(info.lease);
        self.client().put(self.node_key.clone(), value, Some(options)).await.map_err(unavailable)?;
        Ok(())
    }

    async fn put_stream(&self, stream: &str, lease: i64) -> Result<(), DirectoryError> {
        let value = serde_json::to_vec(&PlacementValue { node: self.node.0.clone() })
            .map_err(|e| DirectoryError::Unavailable(e.to_string()))?;
        let key = format!("{}{stream}", self.stream_prefix);
        self.client().put(key, value, Some(PutOptions::new().with_lease(lease))).await.map_err(unavailable)?;
        Ok(())
    }

    /// A new lease, and everything of this node's put again under it.
    async fn renew(&self) -> Result<(), DirectoryError> {
        let lease = self.client().lease_grant(self.ttl.as_secs() as i64, None).await.map_err(unavailable)?.id();
        self.info.lock().lease = lease;
        self.put_info().await?;
        let streams: Vec<String> = self.own_streams.lock().iter().cloned().collect();
        for stream in streams {
            self.put_stream(&stream, lease).await?;
        }
        self.lease.store(lease, Ordering::Release);
        self.acknowledged();
        self.registered.store(true, Ordering::Release);
        self.generation.send_modify(|g| *g += 1);
        metrics().cluster.reregistrations.inc();
        tracing::info!(lease, node = %self.node.0, "registered again in etcd under a new lease");
        Ok(())
    }
}

fn unavailable(e: etcd_client::Error) -> DirectoryError {
    DirectoryError::Unavailable(e.to_string())
}

/// Times an etcd call and counts its failure.
async fn timed<T>(
    op: &'static str,
    call: impl std::future::Future<Output = Result<T, DirectoryError>>,
) -> Result<T, DirectoryError> {
    let started = Instant::now();
    let result = call.await;
    metrics().cluster.etcd_latency.with_label_values(&[op]).observe(started.elapsed().as_secs_f64());
    if result.is_err() {
        metrics().cluster.etcd_errors.with_label_values(&[op]).inc();
    }
    result
}

impl EtcdDirectory {
    /// Connects, takes a lease of `ttl`, registers `node` under it and keeps it alive.
    pub async fn connect(
        endpoints: &[String],
        prefix: &str,
        node: NodeId,
        info: &NodeInfo,
        ttl: Duration,
        max_rooms_per_app: usize,
    ) -> Result<Self, DirectoryError> {
        let connection = Connection::open(endpoints).await?;
        let mut client = connection.client();
        let ttl_secs = ttl.as_secs().max(2) as i64;
        let lease = client.lease_grant(ttl_secs, None).await.map_err(unavailable)?.id();
        let period = Duration::from_secs((ttl_secs as u64 / 3).max(1));
        let prefix = prefix.trim_end_matches('/').to_owned();
        let registration = Arc::new(Registration {
            connection: connection.clone(),
            node_key: format!("{prefix}/nodes/{}", node.0),
            stream_prefix: format!("{prefix}/streams/"),
            node: node.clone(),
            ttl: Duration::from_secs(ttl_secs as u64),
            lease: AtomicI64::new(lease),
            registered: AtomicBool::new(false),
            last_ok_ms: AtomicU64::new(0),
            started: Instant::now(),
            info: Mutex::new(NodeInfo { lease, ..info.clone() }),
            own_streams: Mutex::new(HashSet::new()),
            generation: tokio::sync::watch::channel(0).0,
        });
        timed("register", registration.put_info()).await?;
        registration.registered.store(true, Ordering::Release);
        metrics().cluster.registered.set(1);
        let keepalive = tokio::spawn(keep_alive(registration.clone(), period));
        let dir = Self {
            connection,
            prefix,
            node,
            registration,
            max_rooms_per_app,
            max_rooms_per_user: usize::MAX,
            keepalive,
            watchers: Mutex::new(Vec::new()),
            nodes: Arc::new(RwLock::new(HashMap::new())),
            streams: Arc::new(RwLock::new(HashMap::new())),
            banned: Arc::new(RwLock::new(HashMap::new())),
            banned_changed: Arc::new(tokio::sync::watch::channel(0).0),
        };
        let nodes = format!("{}/nodes/", dir.prefix);
        dir.start_watch(nodes, dir.nodes.clone(), |n| metrics().cluster.nodes.set(n as i64)).await?;
        let streams = format!("{}/streams/", dir.prefix);
        dir.start_watch(streams, dir.streams.clone(), |_| {}).await?;
        let banned = format!("{}/settings/banned-words/", dir.prefix);
        let changed = dir.banned_changed.clone();
        dir.start_watch_notify(banned, dir.banned.clone(), |_| {}, Some(changed)).await?;
        Ok(dir)
    }

    /// The same directory, allowing at most `max` rooms per owner.
    pub fn with_rooms_per_user(mut self, max: usize) -> Self {
        self.max_rooms_per_user = max;
        self
    }

    /// Loads every key under `prefix` into `map` and keeps it current from a watch
    /// (re-established after etcd outages, from a fresh read). `counted` hears the map's
    /// size after each change.
    async fn start_watch<V: serde::de::DeserializeOwned + Send + Sync + 'static>(
        &self,
        prefix: String,
        map: Arc<RwLock<HashMap<NodeId, V>>>,
        counted: fn(usize),
    ) -> Result<(), DirectoryError> {
        self.start_watch_notify(prefix, map, counted, None).await
    }

    /// [`EtcdDirectory::start_watch`], bumping `notify` after every change.
    async fn start_watch_notify<V: serde::de::DeserializeOwned + Send + Sync + 'static>(
        &self,
        prefix: String,
        map: Arc<RwLock<HashMap<NodeId, V>>>,
        counted: fn(usize),
        notify: Option<Arc<tokio::sync::watch::Sender<u64>>>,
    ) -> Result<(), DirectoryError> {
        let changed: Arc<dyn Fn(usize) + Send + Sync> = Arc::new(move |n: usize| {
            counted(n);
            if let Some(tx) = &notify {
                tx.send_modify(|g| *g += 1);
            }
        });
        let revision = reload(self.client(), &prefix, &map, &*changed).await?;
        let connection = self.connection.clone();
        let handle = tokio::spawn(async move {
            let mut from = revision + 1;
            let mut failing = false;
            loop {
                match watch(connection.client(), &prefix, from, &map, &*changed).await {
                    Ok(next) => from = next,
                    // Once per outage at warn level: it retries twice a second.
                    Err(e) if !failing => {
                        tracing::warn!(error = %e, prefix, "etcd watch ended; retrying");
                        failing = true;
                    }
                    Err(e) => tracing::debug!(error = %e, prefix, "etcd watch still down; retrying"),
                }
                tokio::time::sleep(Duration::from_millis(500)).await;
                // Anything missed while the watch was down is in a fresh read.
                if let Ok(rev) = reload(connection.client(), &prefix, &map, &*changed).await {
                    from = rev + 1;
                    if failing {
                        tracing::info!(prefix, "etcd watch restored");
                    }
                    failing = false;
                }
            }
        });
        self.watchers.lock().push(handle);
        Ok(())
    }

    fn room_key(&self, sdkappid: u64, room: &RoomId) -> String {
        format!("{}/rooms/{sdkappid}/{room}", self.prefix)
    }

    fn placement_key(&self, sdkappid: u64, room: &RoomId) -> String {
        format!("{}/placement/{sdkappid}/{room}", self.prefix)
    }

    fn follower_key(&self, sdkappid: u64, room: &RoomId) -> String {
        format!("{}/followers/{sdkappid}/{room}", self.prefix)
    }

    /// The room's recorded follower, when it is a live node that takes rooms (and its lease).
    async fn live_follower(&self, sdkappid: u64, room_id: &RoomId) -> Result<Option<(NodeId, i64)>, DirectoryError> {
        let res = self.client().get(self.follower_key(sdkappid, room_id), None).await.map_err(unavailable)?;
        let Some(kv) = res.kvs().first() else { return Ok(None) };
        let Ok(value) = serde_json::from_slice::<FollowerValue>(kv.value()) else { return Ok(None) };
        let node = NodeId(value.node);
        Ok(self
            .nodes
            .read()
            .get(&node)
            .filter(|info| !info.draining && info.lease != 0)
            .map(|info| (node.clone(), info.lease)))
    }

    /// Republishes this node's addresses (once bound).
    pub async fn update_info(&self, info: &NodeInfo) -> Result<(), DirectoryError> {
        {
            let mut current = self.registration.info.lock();
            *current =
                NodeInfo { lease: current.lease, draining: current.draining, load: current.load, ..info.clone() };
        }
        timed("register", self.registration.put_info()).await
    }

    fn lease(&self) -> i64 {
        self.registration.lease()
    }

    fn client(&self) -> Client {
        self.connection.client()
    }

    fn stream_key(&self, stream: &str) -> String {
        format!("{}/streams/{stream}", self.prefix)
    }

    /// The node a new room goes to: the least-loaded live node that is not draining, ties
    /// broken by a hash of the room (so simultaneous placements spread); this node when
    /// the cache knows no better.
    fn choose_owner(&self, sdkappid: u64, room_id: &RoomId) -> (NodeId, i64) {
        let nodes = self.nodes.read();
        let score = |id: &NodeId| {
            let mut h = std::collections::hash_map::DefaultHasher::new();
            (sdkappid, room_id.as_str(), &id.0).hash(&mut h);
            h.finish()
        };
        nodes
            .iter()
            .filter(|(_, info)| !info.draining && info.lease != 0)
            .min_by_key(|(id, info)| (info.load, score(id)))
            .map(|(id, info)| (id.clone(), info.lease))
            .unwrap_or_else(|| (self.node.clone(), self.lease()))
    }

    /// Every registered (live) node.
    pub async fn nodes(&self) -> Result<Vec<(NodeId, NodeInfo)>, DirectoryError> {
        let prefix = format!("{}/nodes/", self.prefix);
        let res =
            self.client().get(prefix.clone(), Some(GetOptions::new().with_prefix())).await.map_err(unavailable)?;
        Ok(res
            .kvs()
            .iter()
            .filter_map(|kv| {
                let id = kv.key_str().ok()?.strip_prefix(&prefix)?.to_owned();
                Some((NodeId(id), serde_json::from_slice(kv.value()).ok()?))
            })
            .collect())
    }

    /// Revokes this node's lease: its registration and placements vanish at once.
    pub async fn leave(&self) -> Result<(), DirectoryError> {
        self.keepalive.abort();
        self.registration.registered.store(false, Ordering::Release);
        self.client().lease_revoke(self.lease()).await.map_err(unavailable)?;
        Ok(())
    }
}

impl Drop for EtcdDirectory {
    fn drop(&mut self) {
        self.keepalive.abort();
        for w in self.watchers.lock().drain(..) {
            w.abort();
        }
    }
}

/// Keeps the lease alive every `period`, surviving etcd outages: the keep-alive stream is
/// opened again once etcd answers, and when etcd says the lease is gone (it expired while
/// etcd was paused or out of reach) the node registers again under a new one.
async fn keep_alive(reg: Arc<Registration>, period: Duration) {
    let mut stream: Option<(etcd_client::LeaseKeeper, etcd_client::LeaseKeepAliveStream)> = None;
    let mut healthy = true;
    loop {
        tokio::time::sleep(period).await;
        let lease = reg.lease();
        // Every step is bounded: a stream over a connection that a partition broke can hang.
        let wait = period.max(Duration::from_secs(1));
        let mut opening = KeepAlive::Unreachable;
        if stream.is_none() {
            stream = match tokio::time::timeout(wait, reg.connection.client().lease_keep_alive(lease)).await {
                Ok(Ok(opened)) => Some(opened),
                // etcd may answer the opening itself with "lease not found".
                Ok(Err(e)) => {
                    opening = KeepAlive::from_error(&e);
                    None
                }
                Err(_) => None,
            };
        }
        let outcome = match &mut stream {
            None => opening,
            Some((keeper, responses)) => match tokio::time::timeout(wait, keeper.keep_alive()).await {
                Err(_) => KeepAlive::Unreachable,
                Ok(Err(e)) => KeepAlive::from_error(&e),
                Ok(Ok(())) => match tokio::time::timeout(wait, responses.message()).await {
                    Ok(Ok(Some(resp))) if resp.ttl() > 0 => KeepAlive::Alive,
                    Ok(Ok(Some(_))) => KeepAlive::Lost,
                    Ok(Err(e)) => KeepAlive::from_error(&e),
                    Ok(Ok(None)) | Err(_) => KeepAlive::Unreachable,
                },
            },
        };
        metrics().cluster.registered.set(i64::from(reg.is_registered()));
        tracing::trace!(lease, outcome = outcome.name(), "etcd lease keep-alive round");
        match outcome {
            KeepAlive::Alive => {
                reg.acknowledged();
                if !healthy {
                    tracing::info!("etcd lease keep-alive restored");
                }
                healthy = true;
            }
            KeepAlive::Unreachable => {
                if healthy {
                    tracing::warn!("etcd lease keep-alive failed; retrying");
                    metrics().cluster.etcd_errors.with_label_values(&["register"]).inc();
                }
                healthy = false;
                stream = None;
                reg.connection.reconnect().await;
            }
            KeepAlive::Lost => {
                tracing::error!(lease, "this node's etcd lease is gone: registering again under a new one");
                reg.registered.store(false, Ordering::Release);
                healthy = false;
                stream = None;
                if let Err(e) = reg.renew().await {
                    tracing::warn!(error = %e, "could not register again yet; retrying");
                    metrics().cluster.etcd_errors.with_label_values(&["register"]).inc();
                }
            }
        }
    }
}

/// What one keep-alive round learned.
enum KeepAlive {
    /// etcd renewed the lease.
    Alive,
    /// No answer (etcd down, paused or out of reach): try again.
    Unreachable,
    /// etcd answered that the lease no longer exists.
    Lost,
}

impl KeepAlive {
    fn name(&self) -> &'static str {
        match self {
            KeepAlive::Alive => "alive",
            KeepAlive::Unreachable => "unreachable",
            KeepAlive::Lost => "lost",
        }
    }

    fn from_error(e: &etcd_client::Error) -> Self {
        tracing::trace!(error = %e, "etcd lease keep-alive error");
        if e.to_string().contains("lease not found") {
            KeepAlive::Lost
        } else {
            KeepAlive::Unreachable
        }
    }
}

fn node_of(prefix: &str, key: &[u8]) -> Option<NodeId> {
    Some(NodeId(std::str::from_utf8(key).ok()?.strip_prefix(prefix)?.to_owned()))
}

async fn reload<V: serde::de::DeserializeOwned>(
    mut client: Client,
    prefix: &str,
    map: &RwLock<HashMap<NodeId, V>>,
    counted: &(dyn Fn(usize) + Send + Sync),
) -> Result<i64, DirectoryError> {
    let res = client.get(prefix, Some(GetOptions::new().with_prefix())).await.map_err(unavailable)?;
    let fresh: HashMap<NodeId, V> = res
        .kvs()
        .iter()
        .filter_map(|kv| Some((node_of(prefix, kv.key())?, serde_json::from_slice(kv.value()).ok()?)))
        .collect();
    counted(fresh.len());
    *map.write() = fresh;
    Ok(res.header().map(|h| h.revision()).unwrap_or(0))
}

/// Applies changes under `prefix` until the watch ends; returns the revision to resume from.
async fn watch<V: serde::de::DeserializeOwned>(
    mut client: Client,
    prefix: &str,
    from: i64,
    map: &RwLock<HashMap<NodeId, V>>,
    counted: &(dyn Fn(usize) + Send + Sync),
) -> Result<i64, DirectoryError> {
    let options = WatchOptions::new().with_prefix().with_start_revision(from);
    let mut stream = client.watch(prefix, Some(options)).await.map_err(unavailable)?;
    let mut next = from;
    while let Some(resp) = stream.message().await.map_err(unavailable)? {
        if resp.canceled() {
            break;
        }
        for event in resp.events() {
            let Some(kv) = event.kv() else { continue };
            next = next.max(kv.mod_revision() + 1);
            let Some(id) = node_of(prefix, kv.key()) else { continue };
            let mut map = map.write();
            match event.event_type() {
                EventType::Put => {
                    if let Ok(value) = serde_json::from_slice(kv.value()) {
                        map.insert(id, value);
                    }
                }
                EventType::Delete => {
                    map.remove(&id);
                }
            }
            counted(map.len());
        }
    }
    Ok(next)
}

#[async_trait]
impl Directory for EtcdDirectory {
    fn local_node(&self) -> &NodeId {
        &self.node
    }

    async fn create_room(
        &self,
        sdkappid: u64,
        room_id: Option<RoomId>,
        room: NewRoom,
        now: u64,
    ) -> Result<CreateOutcome, DirectoryError> {
        timed("create_room", self.create_room_inner(sdkappid, room_id, room, now)).await
    }

    async fn get_room(&self, sdkappid: u64, room_id: &RoomId) -> Result<Option<RoomRecord>, DirectoryError> {
        timed("get_room", async {
            let res = self.client().get(self.room_key(sdkappid, room_id), None).await.map_err(unavailable)?;
            Ok(res.kvs().first().and_then(|kv| serde_json::from_slice(kv.value()).ok()))
        })
        .await
    }

    async fn list_rooms(&self, sdkappid: u64) -> Result<Vec<RoomRecord>, DirectoryError> {
        timed("list_rooms", self.list_rooms_inner(sdkappid)).await
    }

    async fn remove_room(&self, sdkappid: u64, room_id: &RoomId) -> Result<bool, DirectoryError> {
        timed("remove_room", async {
            let mut client = self.client();
            let deleted = client.delete(self.room_key(sdkappid, room_id), None).await.map_err(unavailable)?.deleted();
            client.delete(self.placement_key(sdkappid, room_id), None).await.map_err(unavailable)?;
            client.delete(self.follower_key(sdkappid, room_id), None).await.map_err(unavailable)?;
            Ok(deleted > 0)
        })
        .await
    }

    async fn touch_room(&self, sdkappid: u64, room_id: &RoomId, at: u64) -> Result<bool, DirectoryError> {
        timed("create_room", async {
            let key = self.room_key(sdkappid, room_id);
            // Read, change, write back only if nobody wrote in between (a few tries).
            for _ in 0..5 {
                let res = self.client().get(key.clone(), None).await.map_err(unavailable)?;
                let Some(kv) = res.kvs().first() else { return Ok(false) };
                let mut record: RoomRecord =
                    serde_json::from_slice(kv.value()).map_err(|e| DirectoryError::Unavailable(e.to_string()))?;
                if record.last_active_at >= at {
                    return Ok(true);
                }
                record.last_active_at = at;
                let value = serde_json::to_vec(&record).map_err(|e| DirectoryError::Unavailable(e.to_string()))?;
                let txn = Txn::new()
                    .when([Compare::mod_revision(key.clone(), CompareOp::Equal, kv.mod_revision())])
                    .and_then([TxnOp::put(key.clone(), value, None)]);
                if self.client().txn(txn).await.map_err(unavailable)?.succeeded() {
                    return Ok(true);
                }
            }
            Err(DirectoryError::Unavailable("the room record kept changing; try again".into()))
        })
        .await
    }

    async fn set_publishers(
        &self,
        sdkappid: u64,
        room_id: &RoomId,
        publishers: Vec<liveroom_protocol::UserId>,
    ) -> Result<Option<RoomRecord>, DirectoryError> {
        timed("create_room", async {
            let key = self.room_key(sdkappid, room_id);
            // Read, change, write back only if nobody wrote in between (a few tries).
            for _ in 0..5 {
                let res = self.client().get(key.clone(), None).await.map_err(unavailable)?;
                let Some(kv) = res.kvs().first() else { return Ok(None) };
                let mut record: RoomRecord =
                    serde_json::from_slice(kv.value()).map_err(|e| DirectoryError::Unavailable(e.to_string()))?;
                record.publishers = publishers.clone();
                let value = serde_json::to_vec(&record).map_err(|e| DirectoryError::Unavailable(e.to_string()))?;
                let txn = Txn::new()
                    .when([Compare::mod_revision(key.clone(), CompareOp::Equal, kv.mod_revision())])
                    .and_then([TxnOp::put(key.clone(), value, None)]);
                if self.client().txn(txn).await.map_err(unavailable)?.succeeded() {
                    return Ok(Some(record));
                }
            }
            Err(DirectoryError::Unavailable("the room record kept changing; try again".into()))
        })
        .await
    }

    async fn place_room(&self, sdkappid: u64, room_id: &RoomId) -> Result<Placement, DirectoryError> {
        timed("place_room", async {
            // A room without an owner goes to its follower, which holds its state.
            let (owner, lease) = match self.live_follower(sdkappid, room_id).await? {
                Some(follower) => follower,
                None => self.choose_owner(sdkappid, room_id),
            };
            match self.place_room_inner(sdkappid, room_id, &owner, lease).await {
                // The chosen node's lease may have just expired: take the room ourselves.
                Err(_) if owner != self.node && !self.registration.info.lock().draining => {
                    self.place_room_inner(sdkappid, room_id, &self.node, self.lease()).await
                }
                other => other,
            }
        })
        .await
    }

    async fn hand_off(&self, sdkappid: u64, room_id: &RoomId, from: &NodeId) -> Result<Placement, DirectoryError> {
        timed("hand_off", async {
            let key = self.placement_key(sdkappid, room_id);
            let old = serde_json::to_vec(&PlacementValue { node: from.0.clone() })
                .map_err(|e| DirectoryError::Unavailable(e.to_string()))?;
            let new = serde_json::to_vec(&PlacementValue { node: self.node.0.clone() })
                .map_err(|e| DirectoryError::Unavailable(e.to_string()))?;
            let txn = Txn::new().when([Compare::value(key.clone(), CompareOp::Equal, old)]).and_then([
                TxnOp::put(key.clone(), new, Some(PutOptions::new().with_lease(self.lease()))),
                TxnOp::get(key.clone(), None),
            ]);
            let res = self.client().txn(txn).await.map_err(unavailable)?;
            if !res.succeeded() {
                return Err(DirectoryError::Unavailable(format!("{} no longer owns the room", from.0)));
            }
            let epoch = res
                .op_responses()
                .into_iter()
                .find_map(|r| match r {
                    TxnOpResponse::Get(g) => g.kvs().first().map(|kv| kv.mod_revision() as u64),
                    _ => None,
                })
                .unwrap_or(0);
            Ok(Placement { node: self.node.clone(), epoch })
        })
        .await
    }

    fn node_info(&self, node: &NodeId) -> Option<NodeInfo> {
        self.nodes.read().get(node).cloned()
    }

    fn live_nodes(&self) -> Vec<(NodeId, NodeInfo)> {
        let mut list: Vec<_> = self.nodes.read().iter().map(|(k, v)| (k.clone(), v.clone())).collect();
        list.sort_by(|a, b| a.0 .0.cmp(&b.0 .0));
        list
    }

    async fn publish_state(&self, draining: bool, load: u64) -> Result<(), DirectoryError> {
        {
            let mut current = self.registration.info.lock();
            if current.draining == draining && current.load == load {
                return Ok(());
            }
            current.draining = draining;
            current.load = load;
        }
        timed("register", self.registration.put_info()).await
    }

    fn is_registered(&self) -> bool {
        self.registration.is_registered()
    }

    async fn set_banned_words(&self, sdkappid: u64, words: Vec<String>) -> Result<(), DirectoryError> {
        let key = format!("{}/settings/banned-words/{sdkappid}", self.prefix);
        let value = serde_json::to_vec(&words).map_err(|e| DirectoryError::Unavailable(e.to_string()))?;
        timed("settings", async {
            self.client().put(key, value, None).await.map_err(unavailable)?;
            Ok(())
        })
        .await
    }

    fn banned_words(&self) -> Option<crate::BannedWordsView> {
        let rx = self.banned_changed.subscribe();
        let all = self.banned.read().iter().filter_map(|(app, w)| Some((app.0.parse().ok()?, w.clone()))).collect();
        Some((all, rx))
    }

    fn registrations(&self) -> Option<tokio::sync::watch::Receiver<u64>> {
        Some(self.registration.generation.subscribe())
    }

    fn replicates(&self) -> bool {
        true
    }

    async fn set_follower(
        &self,
        sdkappid: u64,
        room_id: &RoomId,
        epoch: u64,
        follower: &NodeId,
    ) -> Result<bool, DirectoryError> {
        let Some(lease) = self.nodes.read().get(follower).map(|info| info.lease).filter(|l| *l != 0) else {
            return Err(DirectoryError::Unavailable(format!("{} is not a live node", follower.0)));
        };
        let placement = self.placement_key(sdkappid, room_id);
        let mine = serde_json::to_vec(&PlacementValue { node: self.node.0.clone() })
            .map_err(|e| DirectoryError::Unavailable(e.to_string()))?;
        let value = serde_json::to_vec(&FollowerValue { node: follower.0.clone(), epoch })
            .map_err(|e| DirectoryError::Unavailable(e.to_string()))?;
        let txn = Txn::new()
            .when([
                Compare::value(placement.clone(), CompareOp::Equal, mine),
                Compare::mod_revision(placement, CompareOp::Equal, epoch as i64),
            ])
            .and_then([TxnOp::put(
                self.follower_key(sdkappid, room_id),
                value,
                Some(PutOptions::new().with_lease(lease)),
            )]);
        timed("place_room", async { Ok(self.client().txn(txn).await.map_err(unavailable)?.succeeded()) }).await
    }

    async fn reclaim_room(&self, sdkappid: u64, room_id: &RoomId) -> Result<Placement, DirectoryError> {
        timed("place_room", self.place_room_inner(sdkappid, room_id, &self.node, self.lease())).await
    }

    async fn register_stream(&self, stream_id: &str) -> Result<(), DirectoryError> {
        // Kept, so a new lease gets the stream put again under it.
        self.registration.own_streams.lock().insert(stream_id.to_owned());
        timed("register", self.registration.put_stream(stream_id, self.lease())).await
    }

    async fn unregister_stream(&self, stream_id: &str) -> Result<(), DirectoryError> {
        self.registration.own_streams.lock().remove(stream_id);
        let value = serde_json::to_vec(&PlacementValue { node: self.node.0.clone() })
            .map_err(|e| DirectoryError::Unavailable(e.to_string()))?;
        let key = self.stream_key(stream_id);
        // Only our own registration (a republish elsewhere may have replaced it).
        let txn = Txn::new()
            .when([Compare::value(key.clone(), CompareOp::Equal, value)])
            .and_then([TxnOp::delete(key, None)]);
        timed("register", async {
            self.client().txn(txn).await.map_err(unavailable)?;
            Ok(())
        })
        .await
    }

    async fn stream_node(&self, stream_id: &str) -> Result<Option<NodeId>, DirectoryError> {
        // From the watched cache: a miss is an answer too, so a flood of requests for
        // streams that do not exist costs no etcd read.
        Ok(self.streams.read().get(&NodeId(stream_id.to_owned())).map(|v| NodeId(v.node.clone())))
    }

    fn registered_streams(&self) -> Vec<String> {
        self.streams.read().keys().map(|k| k.0.clone()).collect()
    }
}

impl EtcdDirectory {
    async fn create_room_inner(
        &self,
        sdkappid: u64,
        room_id: Option<RoomId>,
        room: NewRoom,
        now: u64,
    ) -> Result<CreateOutcome, DirectoryError> {
        let existing = self.list_rooms(sdkappid).await?;
        if existing.len() >= self.max_rooms_per_app {
            return Err(DirectoryError::RoomLimit(self.max_rooms_per_app));
        }
        if !room.owner_is_admin && existing.iter().filter(|r| r.owner == room.owner).count() >= self.max_rooms_per_user
        {
            return Err(DirectoryError::UserRoomLimit(self.max_rooms_per_user));
        }
        // A generated id may collide: retry a few times with a fresh one.
        for _ in 0..8 {
            let id = match &room_id {
                Some(id) => id.clone(),
                None => crate::random_room_id(),
            };
            let record = room.to_record(sdkappid, id.clone(), now);
            let key = self.room_key(sdkappid, &id);
            let value = serde_json::to_vec(&record).map_err(|e| DirectoryError::Unavailable(e.to_string()))?;
            let txn = Txn::new()
                .when([Compare::create_revision(key.clone(), CompareOp::Equal, 0)])
                .and_then([TxnOp::put(key.clone(), value, None)])
                .or_else([TxnOp::get(key, None)]);
            let res = self.client().txn(txn).await.map_err(unavailable)?;
            if res.succeeded() {
                return Ok(CreateOutcome::Created(record));
            }
            let existing = res.op_responses().into_iter().find_map(|r| match r {
                TxnOpResponse::Get(g) => {
                    g.kvs().first().and_then(|kv| serde_json::from_slice::<RoomRecord>(kv.value()).ok())
                }
                _ => None,
            });
            match (existing, &room_id) {
                (Some(existing), Some(_)) if existing.owner == room.owner => {
                    return Ok(CreateOutcome::ExistsOwned(existing))
                }
                (Some(existing), Some(_)) => return Ok(CreateOutcome::TakenByOther(existing)),
                (_, None) => continue,
                (None, Some(_)) => return Err(DirectoryError::Unavailable("room vanished during creation".into())),
            }
        }
        Err(DirectoryError::Unavailable("could not find a free room id".into()))
    }

    async fn list_rooms_inner(&self, sdkappid: u64) -> Result<Vec<RoomRecord>, DirectoryError> {
        let prefix = format!("{}/rooms/{sdkappid}/", self.prefix);
        let res = self.client().get(prefix, Some(GetOptions::new().with_prefix())).await.map_err(unavailable)?;
        let mut list: Vec<RoomRecord> =
            res.kvs().iter().filter_map(|kv| serde_json::from_slice(kv.value()).ok()).collect();
        list.sort_by(|a, b| b.created_at.cmp(&a.created_at).then_with(|| a.room_id.cmp(&b.room_id)));
        Ok(list)
    }

    async fn place_room_inner(
        &self,
        sdkappid: u64,
        room_id: &RoomId,
        owner: &NodeId,
        lease: i64,
    ) -> Result<Placement, DirectoryError> {
        let key = self.placement_key(sdkappid, room_id);
        let value = serde_json::to_vec(&PlacementValue { node: owner.0.clone() })
            .map_err(|e| DirectoryError::Unavailable(e.to_string()))?;
        let txn = Txn::new()
            .when([Compare::create_revision(key.clone(), CompareOp::Equal, 0)])
            .and_then([
                TxnOp::put(key.clone(), value, Some(PutOptions::new().with_lease(lease))),
                TxnOp::get(key.clone(), None),
            ])
            .or_else([TxnOp::get(key, None)]);
        let res = self.client().txn(txn).await.map_err(unavailable)?;
        if res.succeeded() {
            let place = if owner == &self.node { "local" } else { "remote" };
            metrics().cluster.placements.with_label_values(&[place]).inc();
        }
        let kv = res
            .op_responses()
            .into_iter()
            .find_map(|r| match r {
                TxnOpResponse::Get(g) => g.kvs().first().cloned(),
                _ => None,
            })
            .ok_or_else(|| DirectoryError::Unavailable("placement vanished".into()))?;
        let owner: PlacementValue =
            serde_json::from_slice(kv.value()).map_err(|e| DirectoryError::Unavailable(e.to_string()))?;
        Ok(Placement { node: NodeId(owner.node), epoch: kv.mod_revision() as u64 })
    }
}
