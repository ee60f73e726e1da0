//! The cluster [`Directory`] on a real etcd.
//!
//! Key layout under `prefix` (default `/liveroom`):
//!
//! | key | value | lifetime |
//! |---|---|---|
//! | `{prefix}/nodes/{node}` | JSON [`NodeInfo`] | this node's lease |
//! | `{prefix}/rooms/{sdkappid}/{room}` | JSON [`RoomRecord`] | until removed |
//! | `{prefix}/placement/{sdkappid}/{room}` | JSON `{"node": ...}` | the owner node's lease |
//!
//! Placement is a create-if-absent transaction bound to the owner's lease: when the owner
//! dies its lease expires, the key vanishes and the next `place_room` places the room
//! again. The placement key's etcd create-revision is the room's **epoch**: it grows with
//! every placement, so a stale owner can be fenced by comparing epochs.
//!
//! etcd is never on a per-message path: callers cache what they get.

use std::time::Duration;

use async_trait::async_trait;
use etcd_client::{Client, Compare, CompareOp, GetOptions, PutOptions, Txn, TxnOp, TxnOpResponse};
use liveroom_protocol::RoomId;
use serde::{Deserialize, Serialize};

use crate::{CreateOutcome, Directory, DirectoryError, NewRoom, NodeId, Placement, RoomRecord};

/// What a node publishes about itself.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NodeInfo {
    /// HTTP / WebSocket address clients and peers use.
    pub http: String,
    /// UDP media address.
    pub media: String,
    /// Whether the node is draining (takes no new rooms).
    pub draining: bool,
}

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
    keepalive: tokio::task::JoinHandle<()>,
}

fn unavailable(e: etcd_client::Error) -> DirectoryError {
    DirectoryError::Unavailable(e.to_string())
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
        let (mut keeper, mut responses) = client.lease_keep_alive(lease).await.map_err(unavailable)?;
        let period = Duration::from_secs((ttl_secs as u64 / 3).max(1));
        let keepalive = tokio::spawn(async move {
            loop {
                tokio::time::sleep(period).await;
                if keeper.keep_alive().await.is_err() {
                    tracing::warn!("etcd lease keep-alive failed");
                    break;
                }
                if let Ok(None) | Err(_) = responses.message().await {
                    tracing::warn!("etcd lease keep-alive stream ended");
                    break;
                }
            }
        });
        let dir =
            Self { client, prefix: prefix.trim_end_matches('/').to_owned(), node, lease, max_rooms_per_app, keepalive };
        let value = serde_json::to_vec(info).map_err(|e| DirectoryError::Unavailable(e.to_string()))?;
        dir.client
            .clone()
            .put(dir.node_key(&dir.node), value, Some(PutOptions::new().with_lease(lease)))
            .await
            .map_err(unavailable)?;
        Ok(dir)
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

    /// Republishes this node's info (its addresses once bound, or `draining`).
    pub async fn update_info(&self, info: &NodeInfo) -> Result<(), DirectoryError> {
        let value = serde_json::to_vec(info).map_err(|e| DirectoryError::Unavailable(e.to_string()))?;
        self.client
            .clone()
            .put(self.node_key(&self.node), value, Some(PutOptions::new().with_lease(self.lease)))
            .await
            .map_err(unavailable)?;
        Ok(())
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
    }
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
        if self.list_rooms(sdkappid).await?.len() >= self.max_rooms_per_app {
            return Err(DirectoryError::RoomLimit(self.max_rooms_per_app));
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

    async fn get_room(&self, sdkappid: u64, room_id: &RoomId) -> Result<Option<RoomRecord>, DirectoryError> {
        let res = self.client.clone().get(self.room_key(sdkappid, room_id), None).await.map_err(unavailable)?;
        Ok(res.kvs().first().and_then(|kv| serde_json::from_slice(kv.value()).ok()))
    }

    async fn list_rooms(&self, sdkappid: u64) -> Result<Vec<RoomRecord>, DirectoryError> {
        let prefix = format!("{}/rooms/{sdkappid}/", self.prefix);
        let res = self.client.clone().get(prefix, Some(GetOptions::new().with_prefix())).await.map_err(unavailable)?;
        let mut list: Vec<RoomRecord> =
            res.kvs().iter().filter_map(|kv| serde_json::from_slice(kv.value()).ok()).collect();
        list.sort_by(|a, b| b.created_at.cmp(&a.created_at).then_with(|| a.room_id.cmp(&b.room_id)));
        Ok(list)
    }

    async fn remove_room(&self, sdkappid: u64, room_id: &RoomId) -> Result<bool, DirectoryError> {
        let mut client = self.client.clone();
        let deleted = client.delete(self.room_key(sdkappid, room_id), None).await.map_err(unavailable)?.deleted();
        client.delete(self.placement_key(sdkappid, room_id), None).await.map_err(unavailable)?;
        Ok(deleted > 0)
    }

    async fn place_room(&self, sdkappid: u64, room_id: &RoomId) -> Result<Placement, DirectoryError> {
        let key = self.placement_key(sdkappid, room_id);
        let value = serde_json::to_vec(&PlacementValue { node: self.node.0.clone() })
            .map_err(|e| DirectoryError::Unavailable(e.to_string()))?;
        let txn = Txn::new()
            .when([Compare::create_revision(key.clone(), CompareOp::Equal, 0)])
            .and_then([
                TxnOp::put(key.clone(), value, Some(PutOptions::new().with_lease(self.lease))),
                TxnOp::get(key.clone(), None),
            ])
            .or_else([TxnOp::get(key, None)]);
        let res = self.client.clone().txn(txn).await.map_err(unavailable)?;
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
        Ok(Placement { node: NodeId(owner.node), epoch: kv.create_revision() as u64 })
    }
}
