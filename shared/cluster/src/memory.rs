use std::collections::HashMap;

use async_trait::async_trait;
use liveroom_protocol::RoomId;
use parking_lot::Mutex;

use crate::{CreateOutcome, Directory, DirectoryError, NewRoom, NodeId, Placement, RoomRecord};

/// The single-node [`Directory`]: everything in one map, every room placed locally.
pub struct MemoryDirectory {
    node: NodeId,
    max_rooms_per_app: usize,
    max_rooms_per_user: usize,
    rooms: Mutex<HashMap<(u64, RoomId), RoomRecord>>,
}

impl MemoryDirectory {
    /// A directory for node `node` that holds at most `max_rooms_per_app` rooms per app.
    pub fn new(node: NodeId, max_rooms_per_app: usize) -> Self {
        Self { node, max_rooms_per_app, max_rooms_per_user: usize::MAX, rooms: Mutex::new(HashMap::new()) }
    }

    /// The same, with at most `max` rooms per owner.
    pub fn with_rooms_per_user(self, max: usize) -> Self {
        Self { max_rooms_per_user: max, ..self }
    }
}

#[async_trait]
impl Directory for MemoryDirectory {
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
        let mut rooms = self.rooms.lock();
        let room_id = match room_id {
            Some(id) => {
                if let Some(existing) = rooms.get(&(sdkappid, id.clone())) {
                    return Ok(if existing.owner == room.owner {
                        CreateOutcome::ExistsOwned(existing.clone())
                    } else {
                        CreateOutcome::TakenByOther(existing.clone())
                    });
                }
                id
            }
            None => loop {
                let id = crate::random_room_id();
                if !rooms.contains_key(&(sdkappid, id.clone())) {
                    break id;
                }
            },
        };
        let in_app = rooms.values().filter(|r| r.sdkappid == sdkappid);
        let (mut total, mut owned) = (0, 0);
        for r in in_app {
            total += 1;
            owned += usize::from(r.owner == room.owner);
        }
        if total >= self.max_rooms_per_app {
            return Err(DirectoryError::RoomLimit(self.max_rooms_per_app));
        }
        if owned >= self.max_rooms_per_user && !room.owner_is_admin {
            return Err(DirectoryError::UserRoomLimit(self.max_rooms_per_user));
        }
        let record = room.to_record(sdkappid, room_id.clone(), now);
        rooms.insert((sdkappid, room_id), record.clone());
        Ok(CreateOutcome::Created(record))
    }

    async fn get_room(&self, sdkappid: u64, room_id: &RoomId) -> Result<Option<RoomRecord>, DirectoryError> {
        Ok(self.rooms.lock().get(&(sdkappid, room_id.clone())).cloned())
    }

    async fn list_rooms(&self, sdkappid: u64) -> Result<Vec<RoomRecord>, DirectoryError> {
        let mut list: Vec<RoomRecord> =
            self.rooms.lock().values().filter(|r| r.sdkappid == sdkappid).cloned().collect();
        list.sort_by(|a, b| b.created_at.cmp(&a.created_at).then_with(|| a.room_id.cmp(&b.room_id)));
        Ok(list)
    }

    async fn remove_room(&self, sdkappid: u64, room_id: &RoomId) -> Result<bool, DirectoryError> {
        Ok(self.rooms.lock().remove(&(sdkappid, room_id.clone())).is_some())
    }

    async fn set_publishers(
        &self,
        sdkappid: u64,
        room_id: &RoomId,
        publishers: Vec<liveroom_protocol::UserId>,
    ) -> Result<Option<RoomRecord>, DirectoryError> {
        let mut rooms = self.rooms.lock();
        Ok(rooms.get_mut(&(sdkappid, room_id.clone())).map(|r| {
            r.publishers = publishers;
            r.clone()
        }))
    }

    async fn place_room(&self, _sdkappid: u64, _room_id: &RoomId) -> Result<Placement, DirectoryError> {
        Ok(Placement { node: self.node.clone(), epoch: 1 })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use liveroom_protocol::UserId;

    fn user(u: &str) -> UserId {
        UserId::new(u).unwrap()
    }

    #[tokio::test]
    async fn meets_the_directory_contract() {
        crate::conformance::run(&MemoryDirectory::new(NodeId("n1".into()), 100), 7).await;
    }

    #[tokio::test]
    async fn create_if_absent() {
        let d = MemoryDirectory::new(NodeId("n1".into()), 10);
        let id = RoomId::new("42").unwrap();
        let mk = |owner: &str| {
            let room = NewRoom { title: "t".into(), ..NewRoom::new(user(owner)) };
            d.create_room(1, Some(id.clone()), room, 5)
        };
        assert!(matches!(mk("a").await.unwrap(), CreateOutcome::Created(_)));
        assert!(matches!(mk("a").await.unwrap(), CreateOutcome::ExistsOwned(_)));
        assert!(matches!(mk("b").await.unwrap(), CreateOutcome::TakenByOther(_)));
        assert_eq!(d.list_rooms(1).await.unwrap().len(), 1);
        assert!(d.list_rooms(2).await.unwrap().is_empty());
        assert!(d.remove_room(1, &id).await.unwrap());
        assert!(!d.remove_room(1, &id).await.unwrap());
    }

    #[tokio::test]
    async fn assigns_ids_and_enforces_limit() {
        let d = MemoryDirectory::new(NodeId("n1".into()), 2);
        for _ in 0..2 {
            let out = d.create_room(1, None, NewRoom::new(user("a")), 1).await.unwrap();
            let CreateOutcome::Created(r) = out else { panic!("expected created") };
            assert!(r.room_id.as_str().parse::<u32>().is_ok());
        }
        let err = d.create_room(1, None, NewRoom::new(user("a")), 1).await.unwrap_err();
        assert_eq!(err, DirectoryError::RoomLimit(2));
    }

    #[tokio::test]
    async fn rooms_are_bounded_per_owner_but_the_administrators() {
        let d = MemoryDirectory::new(NodeId("n1".into()), 100).with_rooms_per_user(2);
        for _ in 0..2 {
            assert!(matches!(d.create_room(1, None, NewRoom::new(user("a")), 1).await, Ok(CreateOutcome::Created(_))));
        }
        let err = d.create_room(1, None, NewRoom::new(user("a")), 1).await.unwrap_err();
        assert_eq!(err, DirectoryError::UserRoomLimit(2));
        assert!(d.create_room(1, None, NewRoom::new(user("b")), 1).await.is_ok(), "another owner");
        let admin = || NewRoom { owner_is_admin: true, ..NewRoom::new(user("administrator")) };
        for _ in 0..5 {
            assert!(d.create_room(1, None, admin(), 1).await.is_ok(), "the administrator's rooms");
        }
    }
}
