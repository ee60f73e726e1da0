//! The contract every [`Directory`] implementation must meet, as one test suite that takes
//! an implementation: the in-memory directory runs it in unit tests, the etcd directory
//! against a real etcd server (`tests/etcd.rs`).

use liveroom_protocol::{RoomId, UserId};

use crate::{CreateOutcome, Directory, NewRoom};

fn user(u: &str) -> UserId {
    UserId::new(u).expect("valid test user")
}

/// Runs every check against `dir`, using rooms of app `app` (pick one no other test uses).
/// Panics with a message on the first broken rule.
pub async fn run(dir: &dyn Directory, app: u64) {
    let id = RoomId::new("42").expect("valid room id");
    let mk = |owner: &str| NewRoom { title: "t".into(), ..NewRoom::new(user(owner)) };

    // create-if-absent
    assert!(matches!(dir.create_room(app, Some(id.clone()), mk("a"), 5).await.unwrap(), CreateOutcome::Created(_)));
    assert!(matches!(dir.create_room(app, Some(id.clone()), mk("a"), 6).await.unwrap(), CreateOutcome::ExistsOwned(_)));
    assert!(matches!(
        dir.create_room(app, Some(id.clone()), mk("b"), 7).await.unwrap(),
        CreateOutcome::TakenByOther(_)
    ));
    let got = dir.get_room(app, &id).await.unwrap().expect("created room is readable");
    assert_eq!((got.owner.as_str(), got.title.as_str(), got.created_at), ("a", "t", 5));

    // generated ids are numeric and distinct
    let CreateOutcome::Created(r1) = dir.create_room(app, None, mk("c"), 8).await.unwrap() else { panic!("created") };
    let CreateOutcome::Created(r2) = dir.create_room(app, None, mk("c"), 9).await.unwrap() else { panic!("created") };
    assert!(r1.room_id.as_str().parse::<u32>().is_ok());
    assert_ne!(r1.room_id, r2.room_id);

    // listing: this app only, newest first
    let list = dir.list_rooms(app).await.unwrap();
    assert_eq!(list.len(), 3);
    assert_eq!(list[0].created_at, 9);
    assert!(dir.list_rooms(app + 1).await.unwrap().is_empty());

    // allowed publishers: replaced whole, readable back, only for rooms that exist
    assert!(got.publishers.is_empty());
    let set = dir.set_publishers(app, &id, vec![user("p1"), user("p2")]).await.unwrap().expect("room exists");
    assert_eq!(set.publishers, vec![user("p1"), user("p2")]);
    let got = dir.get_room(app, &id).await.unwrap().expect("readable");
    assert!(got.may_publish(&user("p2"), false) && got.may_publish(&user("a"), false));
    assert!(!got.may_publish(&user("z"), false) && got.may_publish(&user("z"), true));
    assert_eq!(got.title, "t", "setting publishers keeps the rest of the record");
    let missing = RoomId::new("no-such-room").expect("valid room id");
    assert!(dir.set_publishers(app, &missing, vec![user("p1")]).await.unwrap().is_none());
    assert!(dir.get_room(app, &missing).await.unwrap().is_none(), "no record appears for a missing room");

    // activity: recorded, never moved back, kept with the rest of the record
    assert_eq!((got.last_active_at, got.idle_since()), (0, 5), "idle since creation");
    assert!(dir.touch_room(app, &id, 50).await.unwrap());
    assert!(dir.touch_room(app, &id, 40).await.unwrap());
    let got = dir.get_room(app, &id).await.unwrap().expect("readable");
    assert_eq!((got.last_active_at, got.idle_since()), (50, 50));
    assert_eq!(got.publishers, vec![user("p1"), user("p2")], "touching keeps the rest of the record");
    assert!(got.expired(50 + 3600, 3600, false) && !got.expired(50 + 3599, 3600, false));
    assert!(!got.expired(50 + 3600, 3600, true), "an active room never expires");
    assert!(!got.expired(u64::MAX, 0, false), "a time-to-live of 0 keeps rooms for good");
    assert!(!dir.touch_room(app, &missing, 50).await.unwrap());
    assert!(dir.get_room(app, &missing).await.unwrap().is_none(), "touching creates nothing");

    // placement is stable for every caller until the room goes away
    let p1 = dir.place_room(app, &id).await.unwrap();
    let p2 = dir.place_room(app, &id).await.unwrap();
    assert_eq!(p1, p2);
    assert_eq!(&p1.node, dir.local_node());

    // app settings shared by every node: what is stored is what every node reads
    if let Some((_, mut changed)) = dir.banned_words() {
        let words = vec!["spoiler".to_owned(), "scam".to_owned()];
        dir.set_banned_words(app, words.clone()).await.unwrap();
        let deadline = tokio::time::Instant::now() + std::time::Duration::from_secs(5);
        loop {
            let (all, _) = dir.banned_words().expect("still shared");
            if all.get(&app) == Some(&words) {
                break;
            }
            let waited = tokio::time::timeout_at(deadline, changed.changed()).await;
            assert!(matches!(waited, Ok(Ok(()))), "the stored banned words never showed: {all:?}");
        }
        dir.set_banned_words(app, Vec::new()).await.unwrap();
    }

    // removal
    assert!(dir.remove_room(app, &id).await.unwrap());
    assert!(!dir.remove_room(app, &id).await.unwrap());
    assert!(dir.get_room(app, &id).await.unwrap().is_none());
    assert!(dir.remove_room(app, &r1.room_id).await.unwrap());
    assert!(dir.remove_room(app, &r2.room_id).await.unwrap());
}

/// Fencing and hand-off between two nodes `a` and `b` of one cluster (they share a store):
/// only the owner at its current epoch records a follower; a hand-off moves the placement
/// to a larger epoch, after which the old owner is fenced. Uses rooms of app `app`.
pub async fn fencing(a: &dyn Directory, b: &dyn Directory, app: u64) {
    let id = RoomId::new("fenced").expect("valid room id");
    a.create_room(app, Some(id.clone()), NewRoom::new(user("f")), 1).await.unwrap();
    let placed = a.place_room(app, &id).await.unwrap();
    assert_eq!(b.place_room(app, &id).await.unwrap(), placed, "one placement for every caller");
    let (owner, other) = if &placed.node == a.local_node() { (a, b) } else { (b, a) };

    assert!(owner.set_follower(app, &id, placed.epoch, other.local_node()).await.unwrap());
    assert!(
        !owner.set_follower(app, &id, placed.epoch - 1, other.local_node()).await.unwrap(),
        "a stale epoch records no follower"
    );
    assert!(
        !other.set_follower(app, &id, placed.epoch, owner.local_node()).await.unwrap(),
        "a node that does not own the room records no follower"
    );

    // Hand-off: the placement moves with a larger epoch; the old owner is fenced from then.
    let moved = other.hand_off(app, &id, owner.local_node()).await.unwrap();
    assert_eq!(&moved.node, other.local_node());
    assert!(moved.epoch > placed.epoch, "epochs grow: {} then {}", placed.epoch, moved.epoch);
    assert_eq!(owner.place_room(app, &id).await.unwrap(), moved);
    assert!(!owner.set_follower(app, &id, placed.epoch, other.local_node()).await.unwrap(), "the old owner is fenced");
    assert!(owner.hand_off(app, &id, owner.local_node()).await.is_err(), "no hand-off from a node that lost the room");
    assert!(other.set_follower(app, &id, moved.epoch, owner.local_node()).await.unwrap());

    assert!(a.remove_room(app, &id).await.unwrap());
}
