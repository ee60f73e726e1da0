use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use serde_json::Value;

use super::*;
use crate::outbound::{Next, QueueLimits};

fn queue() -> OutboundQueue {
    OutboundQueue::new(QueueLimits {
        max_frames: 100_000,
        stall_timeout: Duration::from_secs(3600),
        max_batch_bytes: 1 << 30,
    })
}

fn room(rate: u32) -> Room {
    let config = RoomConfig {
        rate,
        burst: rate,
        history_len: 50,
        history_on_enter: 10,
        max_members: 1000,
        max_batch: Duration::from_millis(50),
    };
    Room::new(1, RoomId::new("r1").unwrap(), UserId::new("owner").unwrap(), config, Arc::default(), Instant::now())
}

fn member(q: &OutboundQueue, user: Option<&str>) -> Member {
    Member {
        sink: Sink::Queue(q.clone()),
        user: user.map(|u| UserId::new(u).unwrap()),
        profile: Profile { nick: user.unwrap_or("").into(), avatar: String::new() },
        notify: Arc::new(|_| {}),
    }
}

/// Every JSON frame queued so far.
fn drain(r: &mut Room, q: &OutboundQueue) -> Vec<Value> {
    r.flush(Instant::now());
    let mut out = Vec::new();
    while let Some(Next::Frame(f)) = q.try_next(Instant::now()) {
        out.extend(f.split('\n').map(|l| serde_json::from_str::<Value>(l).unwrap()));
    }
    out
}

fn seqs_of_messages(frames: &[Value]) -> Vec<u64> {
    let mut seqs = Vec::new();
    for f in frames {
        match f["event"].as_str() {
            Some("message") => seqs.push(f["data"]["seq"].as_u64().unwrap()),
            Some("history") => {
                seqs.extend(f["data"]["messages"].as_array().unwrap().iter().map(|m| m["seq"].as_u64().unwrap()))
            }
            _ => {}
        }
    }
    seqs
}

fn text(session: u64, user: &str, text: &str) -> Post {
    Post {
        session: SessionId(session),
        user: UserId::new(user).unwrap(),
        nick: format!("nick-{user}"),
        avatar: "https://a/x.png".into(),
        payload: MessagePayload::Text { text: text.into() },
        priority: Priority::Normal,
        client_msg_id: None,
        request_id: Some(session * 1000),
    }
}

#[test]
fn sequence_is_gap_free_and_messages_carry_profile() {
    let mut r = room(1000);
    let now = Instant::now();
    let (qa, qb) = (queue(), queue());
    r.enter(SessionId(1), member(&qa, Some("alice")), None, 1, now).unwrap();
    r.enter(SessionId(2), member(&qb, None), None, 1, now).unwrap();
    for i in 0..5 {
        r.post(text(1, "alice", &format!("m{i}")), 2, now).unwrap();
    }
    let frames = drain(&mut r, &qb);
    let msgs: Vec<&Value> = frames.iter().filter(|f| f["event"] == "message").collect();
    assert_eq!(msgs.len(), 5, "anonymous member receives all: {frames:?}");
    let seqs: Vec<u64> = msgs.iter().map(|m| m["data"]["seq"].as_u64().unwrap()).collect();
    assert_eq!(seqs, vec![2, 3, 4, 5, 6], "seq 1 was alice's join tip (sent before bob entered)");
    assert_eq!(msgs[0]["data"]["nick"], "nick-alice");
    assert_eq!(msgs[0]["data"]["avatar"], "https://a/x.png");
    assert_eq!(msgs[0]["data"]["type"], "TIMTextElem");
    assert_eq!(msgs[0]["data"]["payload"]["text"], "m0");
    assert_eq!(msgs[0]["data"]["conversationID"], "GROUPr1");
    // The sender gets its ack (with the message) before its own copy.
    let own = drain(&mut r, &qa);
    let ack_pos = own.iter().position(|f| f["id"] == 1000).unwrap();
    let copy_pos = own.iter().position(|f| f["event"] == "message" && f["data"]["seq"] == 2).unwrap();
    assert!(ack_pos < copy_pos);
}

#[test]
fn anonymous_members_make_no_tips_logged_in_ones_do() {
    let mut r = room(1000);
    let now = Instant::now();
    let watcher = queue();
    r.enter(SessionId(1), member(&watcher, None), None, 1, now).unwrap();
    r.enter(SessionId(2), member(&queue(), None), None, 1, now).unwrap();
    r.enter(SessionId(3), member(&queue(), Some("carol")), None, 1, now).unwrap();
    r.leave(SessionId(2), 1, now);
    r.leave(SessionId(3), 1, now);
    let tips: Vec<(u64, String)> = drain(&mut r, &watcher)
        .iter()
        .filter(|f| f["data"]["type"] == "TIMGroupTipElem")
        .map(|f| {
            (
                f["data"]["payload"]["operationType"].as_u64().unwrap(),
                f["data"]["payload"]["userIDList"][0].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    assert_eq!(tips, vec![(1, "carol".to_owned()), (2, "carol".to_owned())]);
}

#[test]
fn enter_delivers_recent_history_without_tips() {
    let mut r = room(1000);
    let now = Instant::now();
    r.enter(SessionId(1), member(&queue(), Some("alice")), None, 1, now).unwrap();
    for i in 0..30 {
        r.post(text(1, "alice", &format!("m{i}")), 2, now).unwrap();
    }
    let late = queue();
    let entered = r.enter(SessionId(2), member(&late, None), None, 3, now).unwrap();
    assert_eq!(entered.status, "JoinedSuccess");
    let frames = drain(&mut r, &late);
    let history: Vec<&Value> = frames.iter().filter(|f| f["event"] == "history").collect();
    assert_eq!(history.len(), 1);
    let texts: Vec<&str> = history[0]["data"]["messages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["payload"]["text"].as_str().unwrap())
        .collect();
    assert_eq!(texts, (20..30).map(|i| format!("m{i}")).collect::<Vec<_>>());
    assert_eq!(history[0]["data"]["resumed"], false);
    assert_eq!(r.enter(SessionId(2), member(&late, None), None, 3, now).unwrap().status, "AlreadyInGroup");
}

#[test]
fn resume_delivers_exactly_what_was_missed() {
    let mut r = room(1000);
    let now = Instant::now();
    r.enter(SessionId(1), member(&queue(), Some("alice")), None, 1, now).unwrap();
    let q = queue();
    r.enter(SessionId(2), member(&q, Some("bob")), None, 1, now).unwrap();
    for i in 0..10 {
        r.post(text(1, "alice", &format!("a{i}")), 2, now).unwrap();
    }
    let first = seqs_of_messages(&drain(&mut r, &q));
    let last_seen = *first.last().unwrap();
    r.leave(SessionId(2), 2, now);
    for i in 0..7 {
        r.post(text(1, "alice", &format!("b{i}")), 3, now).unwrap();
    }
    let q2 = queue();
    r.enter(SessionId(3), member(&q2, Some("bob")), Some(last_seen), 4, now).unwrap();
    let frames = drain(&mut r, &q2);
    let resumed = seqs_of_messages(&frames);
    // Missed: bob's leave tip + 7 messages; then his own join tip arrives live.
    let expected: Vec<u64> = (last_seen + 1..=r.seq).collect();
    assert_eq!(resumed, expected, "{frames:?}");
    let mut all = first.clone();
    all.extend(&resumed);
    all.dedup();
    assert_eq!(all.len(), first.len() + resumed.len(), "no duplicates");
    assert!(frames.iter().all(|f| f["event"] != "gap"));
}

#[test]
fn resume_beyond_history_reports_the_gap() {
    let mut r = room(1000);
    let now = Instant::now();
    r.enter(SessionId(1), member(&queue(), Some("alice")), None, 1, now).unwrap();
    for i in 0..80 {
        r.post(text(1, "alice", &format!("m{i}")), 2, now).unwrap();
    }
    let q = queue();
    r.enter(SessionId(2), member(&q, None), Some(5), 3, now).unwrap();
    let frames = drain(&mut r, &q);
    let gap = frames.iter().find(|f| f["event"] == "gap").expect("gap event");
    let oldest = r.seq - 50 + 1;
    assert_eq!(gap["data"]["from"], 6);
    assert_eq!(gap["data"]["to"], oldest - 1);
    assert_eq!(seqs_of_messages(&frames), (oldest..=r.seq).collect::<Vec<_>>());
}

#[test]
fn over_rate_likes_fold_into_an_aggregate_and_others_are_refused() {
    let mut r = room(10);
    let now = Instant::now();
    let q = queue();
    r.enter(SessionId(1), member(&q, Some("alice")), None, 1, now).unwrap();
    let mut refused = 0;
    for _ in 0..40 {
        if r.post(text(1, "alice", "spam"), 1, now).is_err() {
            refused += 1;
        }
    }
    assert!(refused >= 25, "text beyond the rate is refused: {refused}");
    let like = Post {
        payload: MessagePayload::Custom { data: "like".into(), description: String::new(), extension: String::new() },
        ..text(1, "alice", "")
    };
    for _ in 0..25 {
        r.post(like.clone(), 1, now).unwrap();
    }
    drain(&mut r, &q);
    r.tick(2, now + Duration::from_millis(10), false);
    let frames = drain(&mut r, &q);
    let agg: Vec<&Value> =
        frames.iter().filter(|f| f["event"] == "message" && f["data"]["from"] == SYSTEM_SENDER).collect();
    assert_eq!(agg.len(), 1);
    assert_eq!(agg[0]["data"]["payload"]["data"], "like");
    assert_eq!(agg[0]["data"]["payload"]["extension"], "{\"count\":25}");
}

#[test]
fn moderation_mute_banned_words_kick_dismiss() {
    let mut r = room(1000);
    let now = Instant::now();
    let notices = Arc::new(AtomicUsize::new(0));
    let n = notices.clone();
    let q = queue();
    let m = Member {
        notify: Arc::new(move |_| {
            n.fetch_add(1, Ordering::SeqCst);
        }),
        ..member(&q, Some("alice"))
    };
    r.enter(SessionId(1), m, None, 1, now).unwrap();
    r.mute(&UserId::new("alice").unwrap(), 100, now);
    assert_eq!(r.post(text(1, "alice", "hi"), 50, now), Err(ErrorCode::Muted));
    assert!(r.post(text(1, "alice", "hi"), 101, now).is_ok(), "mute expires");
    r.banned.set(vec!["BadWord".into()]);
    assert_eq!(r.post(text(1, "alice", "a badword here"), 102, now), Err(ErrorCode::BannedWord));
    let frames = drain(&mut r, &q);
    assert!(frames.iter().any(|f| f["event"] == "muted" && f["data"]["until"] == 100));
    assert!(frames.iter().any(|f| f["code"] == 10017));
    assert!(frames.iter().any(|f| f["code"] == 80001));
    assert!(r.kick(&UserId::new("alice").unwrap(), 103, now));
    assert_eq!(r.member_count(), 0);
    assert_eq!(notices.load(Ordering::SeqCst), 1);
    assert!(drain(&mut r, &q).iter().any(|f| f["event"] == "roomClosed" && f["data"]["reason"] == "kicked"));
    let q2 = queue();
    r.enter(SessionId(2), member(&q2, None), None, 1, now).unwrap();
    r.dismiss(now);
    assert!(drain(&mut r, &q2).iter().any(|f| f["event"] == "roomClosed" && f["data"]["reason"] == "dismissed"));
}

#[test]
fn same_user_on_a_new_session_replaces_the_old_one_silently() {
    let mut r = room(1000);
    let now = Instant::now();
    let watcher = queue();
    r.enter(SessionId(9), member(&watcher, None), None, 1, now).unwrap();
    r.enter(SessionId(1), member(&queue(), Some("alice")), None, 1, now).unwrap();
    r.enter(SessionId(2), member(&queue(), Some("alice")), None, 1, now).unwrap();
    assert_eq!(r.member_count(), 2);
    assert!(!r.leave(SessionId(1), 1, now), "old session is already gone");
    let joins = drain(&mut r, &watcher).iter().filter(|f| f["data"]["type"] == "TIMGroupTipElem").count();
    assert_eq!(joins, 1);
}

/// A gateway node as a room sees it, recording what crosses to it.
struct RecordingGateway {
    node: NodeId,
    fanouts: parking_lot::Mutex<Vec<(usize, u64)>>,
    delivered: parking_lot::Mutex<Vec<(SessionId, String)>>,
    link: u64,
}

impl RecordingGateway {
    fn new(node: &str, link: u64) -> Arc<Self> {
        Arc::new(Self { node: NodeId(node.into()), fanouts: Default::default(), delivered: Default::default(), link })
    }
}

impl GatewayPort for RecordingGateway {
    fn node(&self) -> &NodeId {
        &self.node
    }
    fn deliver(&self, _: &RoomId, session: SessionId, frame: ByteString, _: Priority, _: FrameKind) {
        self.delivered.lock().push((session, frame.to_string()));
    }
    fn fanout(&self, _: &RoomId, frames: &[(ByteString, Priority)], kind: FrameKind, last_seq: u64) {
        if kind == FrameKind::RoomMessage {
            self.fanouts.lock().push((frames.len(), last_seq));
        }
    }
    fn moved(&self, _: &RoomId, _: &NodeId) {}
    fn relinquished(&self, _: &RoomId) {}
    fn link_id(&self) -> u64 {
        self.link
    }
}

fn remote(port: &Arc<RecordingGateway>, user: &str) -> Member {
    Member {
        sink: Sink::Gateway(port.clone()),
        user: Some(UserId::new(user).unwrap()),
        profile: Profile::default(),
        notify: Arc::new(|_| {}),
    }
}

#[test]
fn fan_out_crosses_once_per_gateway_node_not_per_member() {
    let mut r = room(1000);
    let now = Instant::now();
    let gw = RecordingGateway::new("b", 7);
    for i in 0..50 {
        r.enter(SessionId(100 + i), remote(&gw, &format!("u{i}")), None, 1, now).unwrap();
    }
    let local = queue();
    r.enter(SessionId(1), member(&local, Some("alice")), None, 1, now).unwrap();
    r.flush(now);
    gw.fanouts.lock().clear();
    for i in 0..3 {
        r.post(text(1, "alice", &format!("m{i}")), 2, now).unwrap();
    }
    r.flush(now);
    // One batch of three messages for the whole node B, whatever its member count.
    assert_eq!(*gw.fanouts.lock(), vec![(3, r.info().last_seq)]);
    // History and acks are per member: the history of each remote member went to it.
    let histories = gw.delivered.lock().iter().filter(|(_, f)| f.contains("\"history\"")).count();
    assert_eq!(histories, 50);
    // Its link breaks: its members are forgotten without tips; local members stay.
    assert_eq!(r.detach_gateway(7), 50);
    assert_eq!(r.member_count(), 1);
    r.post(text(1, "alice", "after"), 3, now).unwrap();
    r.flush(now);
    assert_eq!(gw.fanouts.lock().len(), 1, "no fan-out to a detached gateway");
}

#[test]
fn a_handed_off_room_continues_its_numbers_history_and_mutes() {
    let mut r = room(1000);
    let now = Instant::now();
    let q = queue();
    r.enter(SessionId(1), member(&q, Some("alice")), None, 1, now).unwrap();
    for i in 0..5 {
        r.post(text(1, "alice", &format!("m{i}")), 2, now).unwrap();
    }
    r.mute(&UserId::new("mallory").unwrap(), 999, now);
    let state = r.export(&NodeId("a".into()));
    assert_eq!(state.members.len(), 1);
    assert_eq!(state.members[0].node, NodeId("a".into()));
    // The new owner reaches alice on node a through a gateway port.
    let gw = RecordingGateway::new("a", 1);
    let json = serde_json::to_string(&state).unwrap();
    let state: RoomState = serde_json::from_str(&json).unwrap();
    let mut moved = Room::adopt(state, r.config.clone(), Arc::default(), now, |m| {
        Some(Member { sink: Sink::Gateway(gw.clone()), ..member(&q, m.user.as_ref().map(|u| u.as_str())) })
    });
    assert_eq!((moved.incarnation(), moved.info().last_seq), (r.incarnation(), r.info().last_seq));
    assert_eq!(moved.member_count(), 1);
    let seq = moved.post(text(1, "alice", "next"), 3, now).unwrap();
    assert_eq!(seq, r.info().last_seq + 1, "numbering continues");
    let mallory = Member { sink: Sink::Queue(queue()), ..member(&queue(), Some("mallory")) };
    moved.enter(SessionId(9), mallory, None, 3, now).unwrap();
    assert_eq!(moved.post(text(9, "mallory", "hi"), 4, now), Err(ErrorCode::Muted), "mutes moved too");
    // A member resuming from the old owner's numbers gets exactly what followed.
    let late = queue();
    let resumed = moved
        .enter_with(
            SessionId(5),
            member(&late, None),
            Resume { last_seq: Some(3), incarnation: Some(r.incarnation()), quiet: true },
            4,
            now,
        )
        .unwrap();
    assert_eq!(resumed.incarnation, r.incarnation());
    let seqs = seqs_of_messages(&drain(&mut moved, &late));
    assert_eq!(seqs.first(), Some(&4));
    assert!(seqs.windows(2).all(|w| w[1] == w[0] + 1), "{seqs:?}");
}

#[test]
fn resuming_into_a_restarted_room_is_told_of_the_gap() {
    let mut r = room(1000);
    let now = Instant::now();
    let q = queue();
    let entered = r
        .enter_with(
            SessionId(1),
            member(&q, None),
            Resume { last_seq: Some(40), incarnation: Some(r.incarnation().wrapping_add(1)), quiet: true },
            1,
            now,
        )
        .unwrap();
    assert_eq!(entered.last_seq, 0);
    let frames = drain(&mut r, &q);
    let gap = frames.iter().find(|f| f["event"] == "gap").expect("a gap notice");
    assert_eq!((gap["data"]["from"].as_u64(), gap["data"]["restarted"].as_bool()), (Some(41), Some(true)));
    let history = frames.iter().find(|f| f["event"] == "history").expect("history");
    assert_eq!(history["data"]["resumed"], false, "numbering restarts: the client forgets its lastSeq");
}

#[test]
fn a_quiet_re_attach_replaces_the_members_old_way_in() {
    let mut r = room(1000);
    let now = Instant::now();
    let old = RecordingGateway::new("b", 1);
    let new = RecordingGateway::new("b", 2);
    r.enter(SessionId(5), remote(&old, "bob"), None, 1, now).unwrap();
    let q = queue();
    r.enter(SessionId(1), member(&q, Some("alice")), None, 1, now).unwrap();
    let resume = Resume { last_seq: Some(r.info().last_seq), incarnation: Some(r.incarnation()), quiet: true };
    let again = r.enter_with(SessionId(5), remote(&new, "bob"), resume, 2, now).unwrap();
    assert_eq!(again.status, "JoinedSuccess");
    // The old link's detach (arriving late) no longer removes bob.
    assert_eq!(r.detach_gateway(1), 0);
    assert_eq!(r.member_count(), 2);
    r.post(text(1, "alice", "hi"), 3, now).unwrap();
    r.flush(now);
    assert_eq!(new.fanouts.lock().len(), 1);
    // Alice sees her own join tip, and none for bob's re-attach.
    let frames = drain(&mut r, &q);
    let tips: Vec<&Value> = frames.iter().filter(|f| f["data"]["type"] == "TIMGroupTipElem").collect();
    assert_eq!(tips.len(), 1, "{tips:?}");
    assert_eq!(tips[0]["data"]["payload"]["userIDList"][0], "alice");
}

/// With a follower, an accepted message is neither answered nor heard by anyone before
/// the follower holds it; a new member's resume point is the last message held there.
#[test]
fn with_a_follower_nothing_is_acknowledged_or_delivered_before_it_holds_the_change() {
    let mut r = room(1000);
    let now = Instant::now();
    let (qa, qb) = (queue(), queue());
    r.enter(SessionId(1), member(&qa, Some("alice")), None, 1, now).unwrap();
    r.enter(SessionId(2), member(&qb, Some("bob")), None, 1, now).unwrap();
    r.set_replicated(true, now);
    let (_, base) = r.snapshot();
    r.commit(base, now);
    drain(&mut r, &qa);
    drain(&mut r, &qb);

    r.post(text(1, "alice", "one"), 1, now).unwrap();
    r.post(text(1, "alice", "two"), 1, now).unwrap();
    assert!(drain(&mut r, &qa).is_empty(), "answered before the follower held it");
    assert!(drain(&mut r, &qb).is_empty(), "delivered before the follower held it");
    let info = r.info();
    let changes = r.take_changes().expect("two messages to copy");
    assert_eq!(changes.messages.iter().map(|m| m.0).collect::<Vec<_>>(), vec![info.last_seq + 1, info.last_seq + 2]);
    assert!(r.take_changes().is_none(), "each change is sent once");

    r.commit(changes.version, now);
    let to_alice = drain(&mut r, &qa);
    let answers: Vec<&Value> = to_alice.iter().filter(|f| f["id"] == 1000).collect();
    assert_eq!(answers.len(), 2, "{to_alice:?}");
    assert!(to_alice.iter().position(|f| f["id"] == 1000) < to_alice.iter().position(|f| f["event"] == "message"));
    assert_eq!(seqs_of_messages(&drain(&mut r, &qb)), vec![info.last_seq + 1, info.last_seq + 2]);
    assert_eq!(r.info().last_seq, info.last_seq + 2);
}

/// An owner that lost its room drops what it held: the senders are told to retry
/// (`Unreplicated`), and no member ever hears those messages.
#[test]
fn held_messages_of_a_fenced_owner_are_refused_never_delivered() {
    let mut r = room(1000);
    let now = Instant::now();
    let (qa, qb) = (queue(), queue());
    r.enter(SessionId(1), member(&qa, Some("alice")), None, 1, now).unwrap();
    r.enter(SessionId(2), member(&qb, Some("bob")), None, 1, now).unwrap();
    r.set_replicated(true, now);
    drain(&mut r, &qa);
    drain(&mut r, &qb);
    r.post(text(1, "alice", "lost"), 1, now).unwrap();
    r.refuse_held(ErrorCode::Unreplicated, now);
    r.commit(u64::MAX, now);
    let to_alice = drain(&mut r, &qa);
    assert_eq!(to_alice.len(), 1, "{to_alice:?}");
    assert_eq!(to_alice[0]["code"], 60011);
    assert!(seqs_of_messages(&drain(&mut r, &qb)).is_empty());
    // Without a follower to copy to, posts are refused, not queued.
    r.set_accepting(false);
    assert_eq!(r.post(text(1, "alice", "later"), 1, now), Err(ErrorCode::Unreplicated));
}

/// The snapshot a new follower gets carries the held messages; its copy continues from it.
#[test]
fn a_snapshot_carries_held_messages_and_the_copy_follows_it() {
    let mut r = room(1000);
    let now = Instant::now();
    let qa = queue();
    r.enter(SessionId(1), member(&qa, Some("alice")), None, 1, now).unwrap();
    r.post(text(1, "alice", "before"), 1, now).unwrap();
    r.set_replicated(true, now);
    r.post(text(1, "alice", "held"), 1, now).unwrap();
    let (state, version) = r.snapshot();
    let mut copy = replica::Replica::new(state, version, 5, NodeId("a".into()), now);
    assert_eq!(copy.state.seq, copy.state.history.last().unwrap().0);
    r.post(text(1, "alice", "after"), 1, now).unwrap();
    copy.apply(5, r.take_changes().unwrap(), 50, now).unwrap();
    let promoted = Room::adopt(copy.state, RoomConfig::default(), Arc::default(), now, |_| None);
    assert_eq!(promoted.incarnation(), r.incarnation());
    let texts: Vec<String> = promoted
        .history_after(0)
        .filter_map(|(_, j)| serde_json::from_str::<Value>(j).ok())
        .filter_map(|m| m["payload"]["text"].as_str().map(str::to_owned))
        .collect();
    assert_eq!(texts, vec!["before", "held", "after"]);
}

/// In a replicated room an admin's mute is answered, and the muted user told, only once
/// the follower holds it; a mute the owner could not replicate is refused, not answered.
#[test]
fn a_mute_is_final_only_once_the_follower_holds_it() {
    let mut r = room(1000);
    let now = Instant::now();
    let qa = queue();
    r.enter(SessionId(1), member(&qa, Some("alice")), None, 1, now).unwrap();
    r.set_replicated(true, now);
    drain(&mut r, &qa);
    let alice = UserId::new("alice").unwrap();
    let mut answer = r.mute(&alice, 999, now).expect("a replicated room answers later");
    assert!(answer.try_recv().is_err(), "not answered before the follower holds it");
    assert!(drain(&mut r, &qa).is_empty(), "the muted user is not told yet");
    let changes = r.take_changes().expect("the mute is a change");
    assert_eq!(changes.mutes.as_ref().map(|m| m.len()), Some(1));
    assert_eq!(r.post(text(1, "alice", "muted"), 1, now), Err(ErrorCode::Muted), "the mute applies at once");
    r.commit(changes.version, now);
    assert_eq!(answer.try_recv(), Ok(Ok(())));
    let told = drain(&mut r, &qa);
    assert!(told.iter().any(|f| f["event"] == "muted"), "{told:?}");

    let mut refused = r.mute(&alice, 0, now).expect("answered later");
    r.refuse_held(ErrorCode::Unreplicated, now);
    assert_eq!(refused.try_recv(), Ok(Err(ErrorCode::Unreplicated)));
    // Not replicated: answered at once.
    r.set_replicated(false, now);
    assert!(r.mute(&alice, 0, now).is_none());
}

/// A member who entered while the count was briefly up (its answer said 2) is told the
/// count once it is back where it was (1), though that equals the last count pushed.
#[test]
fn a_newcomer_gets_the_count_even_when_it_returns_to_the_last_one_pushed() {
    let mut r = room(1000);
    let now = Instant::now();
    let first = queue();
    r.enter(SessionId(1), member(&first, None), None, 1, now).unwrap();
    r.tick(1, now, true);
    let counts = |frames: Vec<serde_json::Value>| -> Vec<u64> {
        frames.iter().filter(|f| f["event"] == "memberCount").filter_map(|f| f["data"]["count"].as_u64()).collect()
    };
    assert_eq!(counts(drain(&mut r, &first)), vec![1]);
    let newcomer = queue();
    r.enter(SessionId(2), member(&newcomer, None), None, 2, now).unwrap();
    r.enter(SessionId(3), member(&queue(), None), None, 2, now).unwrap();
    r.leave(SessionId(3), 3, now);
    r.leave(SessionId(1), 3, now);
    r.tick(4, now, true);
    assert_eq!(counts(drain(&mut r, &newcomer)), vec![1], "the newcomer hears the count fell back to 1");
    // With nothing new, nothing more is pushed.
    r.tick(5, now, true);
    assert!(counts(drain(&mut r, &newcomer)).is_empty());
}
