//! The cluster [`Directory`] on a real etcd.
//!
//! Key layout under `prefix` (default `/liveroom`):
//!
//! | key | value | lifetime |
//! |---|---|---|
//! | `{prefix}/nodes/{node}` | JSON [`NodeInfo`] | this node's lease |
//! | `{prefix}/rooms/{sdkappid}/{room}` | JSON [`RoomRecord`] | until removed |
//! | `{prefix}/placement/{sdkappid}/{room}` | JSON `{"node": ...}` | the owner node's lease |
//! | `{prefix}/streams/{stream}` | JSON `{"node": ...}` | the serving node's lease |
//!
//! Placement is a create-if-absent transaction bound to the chosen owner's lease (the
//! least-loaded live node that is not draining, from the watched node cache): when the
//! owner dies its lease expires, the key vanishes and the next `place_room` places the room
//! again. A drain hand-off rewrites the key (compare-and-swap on the old owner) under the
//! new owner's lease. The key's etcd mod-revision is the room's **epoch**: it grows with
//! every placement and hand-off, so a stale owner can be fenced by comparing epochs.
//!
//! etcd is never on a per-message path: callers cache what they get, and node membership
//! comes from a watch, not from reads.

use std::collections::HashMap;
use std::hash::{Hash, Hasher};
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

/// The etcd-backed directory. Cheap to share; every call clones the client handle.
pub struct EtcdDirectory {
    client: Client,
    prefix: String,
    node: NodeId,
    lease: i64,
    max_rooms_per_app: usize,
    max_rooms_per_user: usize,
    keepalive: tokio::task::JoinHandle<()>,
    watchers: Mutex<Vec<tokio::task::JoinHandle<()>>>,
    nodes: Arc<RwLock<HashMap<NodeId, NodeInfo>>>,
    /// Which node serves each stream, kept by a watch: CDN requests for any stream id,
    /// known or not, are answered from it and never reach etcd.
    streams: Arc<RwLock<HashMap<NodeId, PlacementValue>>>,
    info: Mutex<NodeInfo>,
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
        let options = etcd_client::ConnectOptions::new()
            .with_connect_timeout(Duration::from_secs(3))
            .with_timeout(Duration::from_secs(3));
        let mut client = Client::connect(endpoints, Some(options)).await.map_err(unavailable)?;
        let ttl_secs = ttl.as_secs().max(2) as i64;
        let lease = client.lease_grant(ttl_secs, None).await.map_err(unavailable)?.id();
        let (keeper, responses) = client.lease_keep_alive(lease).await.map_err(unavailable)?;
        let period = Duration::from_secs((ttl_secs as u64 / 3).max(1));
        let keepalive = tokio::spawn(keep_alive(client.clone(), lease, period, keeper, responses));
        let info = NodeInfo { lease, ..info.clone() };
        let dir = Self {
            client,
            prefix: prefix.trim_end_matches('/').to_owned(),
            node,
            lease,
            max_rooms_per_app,
            max_rooms_per_user: usize::MAX,
            keepalive,
            watchers: Mutex::new(Vec::new()),
            nodes: Arc::new(RwLock::new(HashMap::new())),
            streams: Arc::new(RwLock::new(HashMap::new())),
            info: Mutex::new(info.clone()),
        };
        timed("register", dir.put_info(&info)).await?;
        let nodes = format!("{}/nodes/", dir.prefix);
        dir.start_watch(nodes, dir.nodes.clone(), |n| metrics().cluster.nodes.set(n as i64)).await?;
        let streams = format!("{}/streams/", dir.prefix);
        dir.start_watch(streams, dir.streams.clone(), |_| {}).await?;
        Ok(dir)
    }

    /// The same directory, allowing at most `max` rooms per owner.
    pub fn with_rooms_per_user(mut self, max: usize) -> Self {
        self.max_rooms_per_user = max;
        self
    }

    async fn put_info(&self, info: &NodeInfo) -> Result<(), DirectoryError> {
        let value = serde_json::to_vec(info).map_err(|e| DirectoryError::Unavailable(e.to_string()))?;
        self.client
            .clone()
            .put(self.node_key(&self.node), value, Some(PutOptions::new().with_lease(self.lease)))
            .await
            .map_err(unavailable)?;
        Ok(())
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
        let revision = reload(self.client.clone(), &prefix, &map, counted).await?;
        let client = self.client.clone();
        let handle = tokio::spawn(async move {
            let mut from = revision + 1;
            loop {
                match watch(client.clone(), &prefix, from, &map, counted).await {
                    Ok(next) => from = next,
                    Err(e) => tracing::warn!(error = %e, prefix, "etcd watch ended; retrying"),
                }
                tokio::time::sleep(Duration::from_millis(500)).await;
                // Anything missed while the watch was down is in a fresh read.
                if let Ok(rev) = reload(client.clone(), &prefix, &map, counted).await {
                    from = rev + 1;
                }
            }
        });
        self.watchers.lock().push(handle);
        Ok(())
    }

    fn node_key(&self, node: &NodeId) -> String {
        format!("{}/nodes/{}", self.prefix, node.0)
    }

    fn room_key(&self, sdkappid: u64, room: &RoomId) -> String {
        format!("{}/rooms/{sdkappid}/{room}", self.prefix)
    }

    fn placement_key(&self, sdkappid: u64, room: &RoomId) -> String {
        format!("{}/placement/{sdkappid}/{room}", self.prefix)
    }

    /// Republishes this node's addresses (once bound).
    pub async fn update_info(&self, info: &NodeInfo) -> Result<(), DirectoryError> {
        let info = {
            let mut current = self.info.lock();
            *current = NodeInfo { lease: self.lease, draining: current.draining, load: current.load, ..info.clone() };
            current.clone()
        };
        timed("register", self.put_info(&info)).await
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
            .unwrap_or_else(|| (self.node.clone(), self.lease))
    }

    /// Every registered (live) node.
    pub async fn nodes(&self) -> Result<Vec<(NodeId, NodeInfo)>, DirectoryError> {
        let prefix = format!("{}/nodes/", self.prefix);
        let res = self
            .client
            .clone()
            .get(prefix.clone(), Some(GetOptions::new().with_prefix()))
            .await
            .map_err(unavailable)?;
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
        self.client.clone().lease_revoke(self.lease).await.map_err(unavailable)?;
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

/// Keeps the lease alive every `period`, surviving etcd outages: the stream is opened again
/// once etcd answers (etcd renews leases when it comes back, so rooms stay placed).
async fn keep_alive(
    mut client: Client,
    lease: i64,
    period: Duration,
    mut keeper: etcd_client::LeaseKeeper,
    mut responses: etcd_client::LeaseKeepAliveStream,
) {
    let mut healthy = true;
    loop {
        tokio::time::sleep(period).await;
        let ok = match keeper.keep_alive().await {
            Ok(()) => match tokio::time::timeout(period.max(Duration::from_secs(1)), responses.message()).await {
                Ok(Ok(Some(resp))) if resp.ttl() > 0 => true,
                Ok(Ok(Some(_))) => {
                    tracing::error!(lease, "this node's etcd lease expired: its rooms may be placed elsewhere");
                    false
                }
                _ => false,
            },
            Err(_) => false,
        };
        if ok {
            if !healthy {
                tracing::info!("etcd lease keep-alive restored");
            }
            healthy = true;
            continue;
        }
        if healthy {
            tracing::warn!("etcd lease keep-alive failed; retrying");
            metrics().cluster.etcd_errors.with_label_values(&["register"]).inc();
        }
        healthy = false;
        if let Ok((k, r)) = client.lease_keep_alive(lease).await {
            keeper = k;
            responses = r;
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
    counted: fn(usize),
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
    counted: fn(usize),
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
            let res = self.client.clone().get(self.room_key(sdkappid, room_id), None).await.map_err(unavailable)?;
            Ok(res.kvs().first().and_then(|kv| serde_json::from_slice(kv.value()).ok()))
        })
        .await
    }

    async fn list_rooms(&self, sdkappid: u64) -> Result<Vec<RoomRecord>, DirectoryError> {
        timed("list_rooms", self.list_rooms_inner(sdkappid)).await
    }

    async fn remove_room(&self, sdkappid: u64, room_id: &RoomId) -> Result<bool, DirectoryError> {
        timed("remove_room", async {
            let mut client = self.client.clone();
            let deleted = client.delete(self.room_key(sdkappid, room_id), None).await.map_err(unavailable)?.deleted();
            client.delete(self.placement_key(sdkappid, room_id), None).await.map_err(unavailable)?;
            Ok(deleted > 0)
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
                let res = self.client.clone().get(key.clone(), None).await.map_err(unavailable)?;
                let Some(kv) = res.kvs().first() else { return Ok(None) };
                let mut record: RoomRecord =
                    serde_json::from_slice(kv.value()).map_err(|e| DirectoryError::Unavailable(e.to_string()))?;
                record.publishers = publishers.clone();
                let value = serde_json::to_vec(&record).map_err(|e| DirectoryError::Unavailable(e.to_string()))?;
                let txn = Txn::new()
                    .when([Compare::mod_revision(key.clone(), CompareOp::Equal, kv.mod_revision())])
                    .and_then([TxnOp::put(key.clone(), value, None)]);
                if self.client.clone().txn(txn).await.map_err(unavailable)?.succeeded() {
                    return Ok(Some(record));
                }
            }
            Err(DirectoryError::Unavailable("the room record kept changing; try again".into()))
        })
        .await
    }

    async fn place_room(&self, sdkappid: u64, room_id: &RoomId) -> Result<Placement, DirectoryError> {
        timed("place_room", async {
            let (owner, lease) = self.choose_owner(sdkappid, room_id);
            match self.place_room_inner(sdkappid, room_id, &owner, lease).await {
                // The chosen node's lease may have just expired: take the room ourselves.
                Err(_) if owner != self.node && !self.info.lock().draining => {
                    self.place_room_inner(sdkappid, room_id, &self.node, self.lease).await
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
                TxnOp::put(key.clone(), new, Some(PutOptions::new().with_lease(self.lease))),
                TxnOp::get(key.clone(), None),
            ]);
            let res = self.client.clone().txn(txn).await.map_err(unavailable)?;
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
        let info = {
            let mut current = self.info.lock();
            if current.draining == draining && current.load == load {
                return Ok(());
            }
            current.draining = draining;
            current.load = load;
            current.clone()
        };
        timed("register", self.put_info(&info)).await
    }

    async fn register_stream(&self, stream_id: &str) -> Result<(), DirectoryError> {
        let value = serde_json::to_vec(&PlacementValue { node: self.node.0.clone() })
            .map_err(|e| DirectoryError::Unavailable(e.to_string()))?;
        timed("register", async {
            self.client
                .clone()
                .put(self.stream_key(stream_id), value, Some(PutOptions::new().with_lease(self.lease)))
                .await
                .map_err(unavailable)?;
            Ok(())
        })
        .await
    }

    async fn unregister_stream(&self, stream_id: &str) -> Result<(), DirectoryError> {
        let value = serde_json::to_vec(&PlacementValue { node: self.node.0.clone() })
            .map_err(|e| DirectoryError::Unavailable(e.to_string()))?;
        let key = self.stream_key(stream_id);
        // Only our own registration (a republish elsewhere may have replaced it).
        let txn = Txn::new()
            .when([Compare::value(key.clone(), CompareOp::Equal, value)])
            .and_then([TxnOp::delete(key, None)]);
        timed("register", async {
            self.client.clone().txn(txn).await.map_err(unavailable)?;
            Ok(())
        })
        .await
    }

    async fn stream_node(&self, stream_id: &str) -> Result<Option<NodeId>, DirectoryError> {
        // From the watched cache: a miss is an answer too, so a flood of requests for
        // streams that do not exist costs no etcd read.
        Ok(self.streams.read().get(&NodeId(stream_id.to_owned())).map(|v| NodeId(v.node.clone())))
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
        if existing.iter().filter(|r| r.owner == room.owner).count() >= self.max_rooms_per_user {
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
            let res = self.client.clone().txn(txn).await.map_err(unavailable)?;
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
        let res = self.client.clone().get(prefix, Some(GetOptions::new().with_prefix())).await.map_err(unavailable)?;
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
        let res = self.client.clone().txn(txn).await.map_err(unavailable)?;
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
