use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use async_trait::async_trait;
use liveroom_protocol::RoomId;
use parking_lot::Mutex;

use crate::{BannedWordsView, CreateOutcome, Directory, DirectoryError, NewRoom, NodeId, Placement, RoomRecord};

/// The single-node [`Directory`]: everything in one map, every room placed locally.
///
/// [`MemoryDirectory::join`] gives another node a handle on the same directory (a cluster
/// inside one process, for tests of the contract): placements then carry growing epochs,
/// hand-offs and followers as in etcd, and [`MemoryDirectory::leave`] plays a node whose
/// lease expired. Rooms hosted on it never replicate ([`Directory::replicates`] is false):
/// a real cluster runs on etcd.
pub struct MemoryDirectory {
    node: NodeId,
    max_rooms_per_app: usize,
    max_rooms_per_user: usize,
    shared: Arc<Shared>,
}

/// What every handle of one directory shares.
struct Shared {
    state: Mutex<State>,
    banned_changed: tokio::sync::watch::Sender<u64>,
}

#[derive(Default)]
struct State {
    rooms: HashMap<(u64, RoomId), RoomRecord>,
    live: HashSet<NodeId>,
    placements: HashMap<(u64, RoomId), Placement>,
    followers: HashMap<(u64, RoomId), NodeId>,
    banned: HashMap<u64, Vec<String>>,
    /// Grows with every placement and hand-off (etcd's revision): a room's epochs only grow.
    revision: u64,
}

impl MemoryDirectory {
    /// A directory for node `node` that holds at most `max_rooms_per_app` rooms per app.
    pub fn new(node: NodeId, max_rooms_per_app: usize) -> Self {
        let mut state = State::default();
        state.live.insert(node.clone());
        let shared = Arc::new(Shared { state: Mutex::new(state), banned_changed: tokio::sync::watch::Sender::new(0) });
        Self { node, max_rooms_per_app, max_rooms_per_user: usize::MAX, shared }
    }

    /// The same, with at most `max` rooms per owner.
    pub fn with_rooms_per_user(self, max: usize) -> Self {
        Self { max_rooms_per_user: max, ..self }
    }

    /// Node `node`'s handle on this same directory (it joins as a live node).
    pub fn join(&self, node: NodeId) -> Self {
        self.shared.state.lock().live.insert(node.clone());
        Self { node, shared: self.shared.clone(), ..*self }
    }

    /// This node leaves, as when its lease expires: its placements lapse (the next
    /// `place_room` places its rooms again, on their follower when it is live) and it
    /// records no follower until it joins again.
    pub fn leave(&self) {
        let mut state = self.shared.state.lock();
        state.live.remove(&self.node);
        let node = &self.node;
        state.placements.retain(|_, p| &p.node != node);
        state.followers.retain(|_, f| f != node);
    }

    /// Puts every room and app setting in `rooms` / `banned` (what an embedded store
    /// loaded at start).
    pub(crate) fn load(&self, rooms: Vec<RoomRecord>, banned: HashMap<u64, Vec<String>>) {
        let mut state = self.shared.state.lock();
        state.rooms.extend(rooms.into_iter().map(|r| ((r.sdkappid, r.room_id.clone()), r)));
        state.banned = banned;
        drop(state);
        self.shared.banned_changed.send_modify(|n| *n += 1);
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
        let rooms = &mut self.shared.state.lock().rooms;
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
        Ok(self.shared.state.lock().rooms.get(&(sdkappid, room_id.clone())).cloned())
    }

    async fn list_rooms(&self, sdkappid: u64) -> Result<Vec<RoomRecord>, DirectoryError> {
        let mut list: Vec<RoomRecord> =
            self.shared.state.lock().rooms.values().filter(|r| r.sdkappid == sdkappid).cloned().collect();
        list.sort_by(|a, b| b.created_at.cmp(&a.created_at).then_with(|| a.room_id.cmp(&b.room_id)));
        Ok(list)
    }

    async fn remove_room(&self, sdkappid: u64, room_id: &RoomId) -> Result<bool, DirectoryError> {
        let key = (sdkappid, room_id.clone());
        let mut state = self.shared.state.lock();
        state.placements.remove(&key);
        state.followers.remove(&key);
        Ok(state.rooms.remove(&key).is_some())
    }

    async fn touch_room(&self, sdkappid: u64, room_id: &RoomId, at: u64) -> Result<bool, DirectoryError> {
        let rooms = &mut self.shared.state.lock().rooms;
        Ok(rooms.get_mut(&(sdkappid, room_id.clone())).map(|r| r.last_active_at = r.last_active_at.max(at)).is_some())
    }

    async fn set_publishers(
        &self,
        sdkappid: u64,
        room_id: &RoomId,
        publishers: Vec<liveroom_protocol::UserId>,
    ) -> Result<Option<RoomRecord>, DirectoryError> {
        let rooms = &mut self.shared.state.lock().rooms;
        Ok(rooms.get_mut(&(sdkappid, room_id.clone())).map(|r| {
            r.publishers = publishers;
            r.clone()
        }))
    }

    /// The placement in force; a room without one goes to its live follower, else to the
    /// calling node, one epoch above the last.
    async fn place_room(&self, sdkappid: u64, room_id: &RoomId) -> Result<Placement, DirectoryError> {
        let key = (sdkappid, room_id.clone());
        let mut state = self.shared.state.lock();
        if !state.live.contains(&self.node) {
            return Err(DirectoryError::Unavailable(format!("{} is not registered", self.node.0)));
        }
        if let Some(p) = state.placements.get(&key) {
            return Ok(p.clone());
        }
        let follower = state.followers.remove(&key).filter(|f| state.live.contains(f));
        state.revision += 1;
        let placement = Placement { node: follower.unwrap_or_else(|| self.node.clone()), epoch: state.revision };
        state.placements.insert(key, placement.clone());
        Ok(placement)
    }

    async fn hand_off(&self, sdkappid: u64, room_id: &RoomId, from: &NodeId) -> Result<Placement, DirectoryError> {
        let key = (sdkappid, room_id.clone());
        let mut guard = self.shared.state.lock();
        let state = &mut *guard;
        match state.placements.get_mut(&key) {
            Some(p) if &p.node == from && state.live.contains(&self.node) => {
                state.revision += 1;
                *p = Placement { node: self.node.clone(), epoch: state.revision };
                let moved = p.clone();
                state.followers.remove(&key);
                Ok(moved)
            }
            _ => Err(DirectoryError::Unavailable(format!("{} no longer owns the room", from.0))),
        }
    }

    async fn set_follower(
        &self,
        sdkappid: u64,
        room_id: &RoomId,
        epoch: u64,
        follower: &NodeId,
    ) -> Result<bool, DirectoryError> {
        let key = (sdkappid, room_id.clone());
        let mut state = self.shared.state.lock();
        if !state.live.contains(follower) {
            return Err(DirectoryError::Unavailable(format!("{} is not a live node", follower.0)));
        }
        let owns = state.placements.get(&key).is_some_and(|p| p.node == self.node && p.epoch == epoch);
        if owns {
            state.followers.insert(key, follower.clone());
        }
        Ok(owns)
    }

    async fn set_banned_words(&self, sdkappid: u64, words: Vec<String>) -> Result<(), DirectoryError> {
        self.shared.state.lock().banned.insert(sdkappid, words);
        self.shared.banned_changed.send_modify(|n| *n += 1);
        Ok(())
    }

    fn banned_words(&self) -> Option<BannedWordsView> {
        let rx = self.shared.banned_changed.subscribe();
        Some((self.shared.state.lock().banned.clone(), rx))
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
    async fn fences_and_hands_off_between_two_nodes() {
        let a = MemoryDirectory::new(NodeId("a".into()), 100);
        let b = a.join(NodeId("b".into()));
        crate::conformance::fencing(&a, &b, 7).await;
    }

    #[tokio::test]
    async fn a_room_whose_owner_left_goes_to_its_live_follower_at_a_larger_epoch() {
        let a = MemoryDirectory::new(NodeId("a".into()), 100);
        let b = a.join(NodeId("b".into()));
        let c = a.join(NodeId("c".into()));
        let id = RoomId::new("r").unwrap();
        a.create_room(1, Some(id.clone()), NewRoom::new(user("o")), 1).await.unwrap();
        let first = a.place_room(1, &id).await.unwrap();
        assert_eq!(first.node, NodeId("a".into()));
        assert!(a.set_follower(1, &id, first.epoch, &NodeId("b".into())).await.unwrap());
        a.leave();
        let next = c.place_room(1, &id).await.unwrap();
        assert_eq!(next.node, NodeId("b".into()), "the follower holds the room's state");
        assert!(next.epoch > first.epoch);
        assert_eq!(b.place_room(1, &id).await.unwrap(), next);
        assert!(a.place_room(1, &id).await.is_err(), "a node without a lease places nothing");
        assert!(!b.set_follower(1, &id, first.epoch, &NodeId("c".into())).await.unwrap(), "a stale epoch");
        assert!(b.set_follower(1, &id, next.epoch, &NodeId("c".into())).await.unwrap());
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
