// IM against a REAL liveroom server (target/release/liveroom).

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';

import WebSocket from 'ws';

import { EVENT, TYPES } from '../src/index.js';
import { IMPool, nextEvent, record, sleep, startServer, uid, userSig, waitUntil } from '../testing/helpers.mjs';

let server;
let pool;

before(async () => {
  server = await startServer();
  pool = new IMPool(server.addr);
});

after(async () => {
  if (pool) pool.shutdown();
  if (server) await server.stop();
});

/** alice creates and enters a fresh room; returns its id. */
async function roomOf(owner) {
  const roomID = uid('room');
  const res = await owner.createRoom({ name: 'test room', roomID });
  assert.equal(res.code, 0);
  const entered = await owner.enterRoom(roomID);
  assert.equal(entered.data.status, TYPES.ENTER_ROOM_SUCCESS);
  return roomID;
}

test('login resolves an imResponse, then IM_READY fires; repeat login is flagged', async () => {
  const im = pool.create();
  const order = [];
  im.on(EVENT.IM_READY, (ev) => order.push(ev));
  const user = uid('u');
  const sig = await userSig(server.addr, user);
  const ready = nextEvent(im, EVENT.IM_READY);
  const res = await im.login({ userID: user, userSig: sig });
  order.push('resolved');
  assert.equal(res.code, 0);
  assert.equal(res.data.userID, user);
  const ev = await ready;
  assert.deepEqual(ev, { name: 't_im_ready', data: undefined });
  assert.deepEqual(order, ['resolved', { name: 't_im_ready', data: undefined }]);

  const again = await im.login({ userID: user, userSig: sig });
  assert.equal(again.code, 0);
  assert.equal(again.data.repeatLogin, true);
  assert.ok(again.data.errorInfo);
  await sleep(50);
  assert.equal(order.length, 2, 'no second IM_READY');

  const profile = await im.getMyProfile();
  assert.deepEqual(profile, { code: 0, data: { nick: user, avatar: '' } });
});

test('bad UserSig rejects with the server code', async () => {
  const im = pool.create();
  await assert.rejects(im.login({ userID: uid('u'), userSig: 'garbage!' }), (err) => {
    assert.equal(typeof err.code, 'number');
    assert.ok(err.code >= 70001 && err.code <= 70020, `code ${err.code}`);
    assert.equal(typeof err.message, 'string');
    return true;
  });
});

test('createRoom / enterRoom / exitRoom shapes and error codes', async () => {
  const alice = await pool.loggedIn(uid('alice'));
  const bob = await pool.loggedIn(uid('bob'));
  const roomID = uid('room');
  const created = await alice.createRoom({ name: '我的直播间', roomID, notification: 'n', introduction: 'i' });
  assert.equal(created.code, 0);
  assert.ok(created.data.group);
  await assert.rejects(alice.createRoom({ name: 'again', roomID }), { code: 10025 });
  await assert.rejects(bob.createRoom({ name: 'mine', roomID }), { code: 10021 });

  const first = await alice.enterRoom(roomID);
  assert.equal(first.code, 0);
  assert.equal(first.data.status, TYPES.ENTER_ROOM_SUCCESS);
  const second = await alice.enterRoom(roomID);
  assert.equal(second.data.status, TYPES.ALREADY_IN_ROOM);
  await assert.rejects(alice.enterRoom(uid('missing')), { code: 10015 });

  const numeric = await alice.createRoom({ name: 'numeric' });
  assert.equal(numeric.code, 0);

  const left = await alice.exitRoom(roomID);
  assert.equal(left.code, 0);
  assert.equal(left.data.groupID, roomID);
});

test('two users chat: nick/avatar visible, sender gets no event for its own message', async () => {
  const aliceID = uid('alice');
  const bobID = uid('bob');
  const alice = await pool.loggedIn(aliceID);
  const bob = await pool.loggedIn(bobID);
  await alice.setMyProfile({ nick: 'Alice', avatar: 'https://example.com/a.png' });
  const prof = await bob.setMyProfile({ nick: 'Bob', avatar: 'https://example.com/b.png', gender: 'x' });
  assert.equal(prof.code, 0);
  assert.deepEqual(await bob.getMyProfile(), {
    code: 0,
    data: { nick: 'Bob', avatar: 'https://example.com/b.png' },
  });

  const names = [
    EVENT.IM_TEXT_MESSAGE_RECEIVED,
    EVENT.IM_CUSTOM_MESSAGE_RECEIVED,
    EVENT.IM_REMOTE_USER_JOIN,
    EVENT.IM_REMOTE_USER_LEAVE,
    EVENT.IM_PUSH_STOPPED,
  ];
  const aliceEvents = record(alice, names);
  const bobEvents = record(bob, names);

  const roomID = await roomOf(alice);
  const joined = nextEvent(alice, EVENT.IM_REMOTE_USER_JOIN, {
    match: (ev) => ev.data.some((m) => m.payload.userIDList.includes(bobID)),
  });
  await bob.enterRoom(roomID);
  const joinEv = await joined;
  assert.ok(Array.isArray(joinEv.data) && joinEv.data.length >= 1);
  assert.equal(joinEv.data[0].type, 'TIMGroupTipElem');
  assert.equal(joinEv.data[0].payload.operationType, 1);
  assert.equal(joinEv.data[0].nick, 'Bob');

  const bobGets = nextEvent(bob, EVENT.IM_TEXT_MESSAGE_RECEIVED);
  const sent = await alice.sendTextMessage({ roomID, text: 'hello bob' });
  assert.equal(sent.code, 0);
  assert.equal(sent.data.message.payload.text, 'hello bob');
  assert.equal(sent.data.message.flow, 'out');
  const got = (await bobGets).data;
  assert.equal(got.length, 1);
  const m = got[0];
  assert.equal(m.type, 'TIMTextElem');
  assert.equal(m.payload.text, 'hello bob');
  assert.equal(m.from, aliceID);
  assert.equal(m.to, roomID);
  assert.equal(m.conversationID, `GROUP${roomID}`);
  assert.equal(m.conversationType, 'GROUP');
  assert.equal(m.nick, 'Alice');
  assert.equal(m.avatar, 'https://example.com/a.png');
  assert.equal(m.priority, TYPES.MSG_PRIORITY_NORMAL);
  assert.equal(m.flow, 'in');
  assert.equal(typeof m.time, 'number');

  const bobCustom = nextEvent(bob, EVENT.IM_CUSTOM_MESSAGE_RECEIVED);
  await alice.sendCustomMessage({ roomID, data: 'startPush', description: 'd', extension: 'e', priority: TYPES.MSG_PRIORITY_HIGH });
  const c = (await bobCustom).data[0];
  assert.deepEqual(c.payload, { data: 'startPush', description: 'd', extension: 'e' });
  assert.equal(c.priority, 'High');
  assert.equal(c.likeCount, undefined);

  const bobLike = nextEvent(bob, EVENT.IM_CUSTOM_MESSAGE_RECEIVED);
  await alice.sendCustomMessage({ roomID, data: 'like' });
  const like = (await bobLike).data[0];
  assert.equal(like.payload.data, 'like');
  assert.equal(like.likeCount, 1);

  // bob answers; once alice has bob's answer, any echo of her own messages would be in.
  const aliceGets = nextEvent(alice, EVENT.IM_TEXT_MESSAGE_RECEIVED);
  await bob.sendTextMessage({ roomID, text: 'hi alice' });
  const back = (await aliceGets).data;
  assert.equal(back[0].nick, 'Bob');
  await sleep(100);

  const aliceTexts = aliceEvents
    .filter((e) => e.name === EVENT.IM_TEXT_MESSAGE_RECEIVED)
    .flatMap((e) => e.data.map((x) => x.payload.text));
  assert.deepEqual(aliceTexts, ['hi alice'], 'alice never gets her own messages');
  assert.equal(aliceEvents.filter((e) => e.name === EVENT.IM_CUSTOM_MESSAGE_RECEIVED).length, 0);
  const bobTexts = bobEvents
    .filter((e) => e.name === EVENT.IM_TEXT_MESSAGE_RECEIVED)
    .flatMap((e) => e.data.map((x) => x.payload.text));
  assert.deepEqual(bobTexts, ['hello bob'], 'bob never gets his own messages');
  for (const e of [...aliceEvents, ...bobEvents]) {
    if (Array.isArray(e.data)) assert.ok(e.data.length > 0, 'arrays are never empty');
  }

  const left = nextEvent(alice, EVENT.IM_REMOTE_USER_LEAVE);
  await bob.exitRoom(roomID);
  const leaveEv = await left;
  assert.equal(leaveEv.data[0].payload.operationType, 2);
  assert.deepEqual(leaveEv.data[0].payload.userIDList, [bobID]);
});

test('anonymous viewer: enters without login, receives, cannot send; sees recent history', async () => {
  const alice = await pool.loggedIn(uid('alice'));
  const roomID = await roomOf(alice);
  await alice.sendTextMessage({ roomID, text: 'before the viewer came' });

  const viewer = pool.create();
  const texts = record(viewer, [EVENT.IM_TEXT_MESSAGE_RECEIVED]);
  const history = nextEvent(viewer, EVENT.IM_TEXT_MESSAGE_RECEIVED);
  const entered = await viewer.enterRoom(roomID);
  assert.equal(entered.data.status, TYPES.ENTER_ROOM_SUCCESS);
  assert.deepEqual((await history).data.map((m) => m.payload.text), ['before the viewer came']);

  const live = nextEvent(viewer, EVENT.IM_TEXT_MESSAGE_RECEIVED);
  await alice.sendTextMessage({ roomID, text: 'live now' });
  const ev = await live;
  assert.equal(ev.data[0].payload.text, 'live now');
  assert.equal(texts.length, 2);

  await assert.rejects(viewer.sendTextMessage({ roomID, text: 'hi' }), { code: 60004 });
  await assert.rejects(viewer.getMyProfile(), { code: 60004 });
});

test('messages of other rooms are filtered by the current room', async () => {
  const alice = await pool.loggedIn(uid('alice'));
  const roomA = await roomOf(alice);
  const roomB = await roomOf(alice);
  const viewer = pool.create();
  await viewer.enterRoom(roomA);
  await viewer.enterRoom(roomB); // current room is now B; still a member of A
  const texts = record(viewer, [EVENT.IM_TEXT_MESSAGE_RECEIVED]);
  await alice.sendTextMessage({ roomID: roomA, text: 'to A' });
  const got = nextEvent(viewer, EVENT.IM_TEXT_MESSAGE_RECEIVED);
  await alice.sendTextMessage({ roomID: roomB, text: 'to B' });
  await got;
  await sleep(100);
  assert.deepEqual(texts.flatMap((e) => e.data.map((m) => m.payload.text)), ['to B']);
});

test('stopPush: viewers get IM_PUSH_STOPPED with the postscript; history does not replay it', async () => {
  const anchor = await pool.loggedIn(uid('anchor'));
  const roomID = await roomOf(anchor);
  const viewer = pool.create();
  await viewer.enterRoom(roomID);
  const other = await pool.loggedIn(uid('other'));
  await other.enterRoom(roomID);
  await assert.rejects(other.stopPush({ roomID, postscript: 'not mine' }), { code: 10007 });

  const anchorEvents = record(anchor, [EVENT.IM_PUSH_STOPPED, EVENT.IM_CUSTOM_MESSAGE_RECEIVED]);
  const viewerCustom = record(viewer, [EVENT.IM_CUSTOM_MESSAGE_RECEIVED]);
  const stopped = nextEvent(viewer, EVENT.IM_PUSH_STOPPED);
  const res = await anchor.stopPush({ roomID, postscript: '直播结束了哦~' });
  assert.equal(res.code, 0);
  assert.equal(res.data.message.priority, 'High');
  const ev = await stopped;
  assert.deepEqual(ev, { name: 't_push_stopped', data: '直播结束了哦~' });

  // A sentinel after the stop notice: when it arrived, the echo to the anchor had too.
  const sentinel = nextEvent(anchor, EVENT.IM_TEXT_MESSAGE_RECEIVED);
  await other.sendTextMessage({ roomID, text: 'sentinel' });
  await sentinel;
  assert.deepEqual(anchorEvents, [], 'the anchor does not get its own stop notice');
  assert.deepEqual(viewerCustom, [], 'push_stopped is not a custom message');

  const late = pool.create();
  const lateEvents = record(late, [EVENT.IM_PUSH_STOPPED, EVENT.IM_CUSTOM_MESSAGE_RECEIVED]);
  const lateText = nextEvent(late, EVENT.IM_TEXT_MESSAGE_RECEIVED);
  await late.enterRoom(roomID);
  assert.equal((await lateText).data[0].payload.text, 'sentinel');
  await sleep(100);
  assert.deepEqual(lateEvents, [], 'no stale stop notice from history');
});

test('second login of the same user kicks the first: IM_KICKED_OUT multipleAccount, no reconnect', async () => {
  const user = uid('dup');
  const first = await pool.loggedIn(user);
  const roomID = await roomOf(first);
  const events = record(first, [EVENT.IM_KICKED_OUT, EVENT.IM_NOT_READY, EVENT.IM_NET_STATE_CHANGED, EVENT.IM_READY]);
  await nextEvent(first, EVENT.IM_READY, { timeoutMs: 1000 }).catch(() => {});
  events.length = 0;

  const kicked = nextEvent(first, EVENT.IM_KICKED_OUT);
  const second = await pool.loggedIn(user);
  const ev = await kicked;
  assert.deepEqual(ev, { name: 't_kicked_out', data: TYPES.KICKED_OUT_MULT_ACCOUNT });
  await waitUntil(() => events.some((e) => e.name === EVENT.IM_NET_STATE_CHANGED), { what: 'disconnected' });
  await sleep(1500); // longer than the first reconnect delay
  assert.deepEqual(events.map((e) => [e.name, e.data]), [
    ['t_kicked_out', 'multipleAccount'],
    ['t_im_not_ready', undefined],
    ['t_net_state_change', 'disconnected'],
  ]);
  assert.equal(first._ws, null, 'the kicked instance did not reconnect');

  // the second session works
  const sent = await second.enterRoom(roomID).then(() => second.sendTextMessage({ roomID, text: 'still here' }));
  assert.equal(sent.code, 0);
  // and the kicked one is refused locally-connected commands until it logs in again
  await assert.rejects(first.sendTextMessage({ roomID, text: 'x' }), { code: 60004 });
});

test('reconnect: abrupt socket loss → connecting → connected, missed messages exactly once', async () => {
  const alice = await pool.loggedIn(uid('alice'));
  const bobFrames = [];
  class SpyWebSocket extends WebSocket {
    send(data, ...rest) {
      bobFrames.push(JSON.parse(data));
      return super.send(data, ...rest);
    }
  }
  const bob = await pool.loggedIn(uid('bob'), { WebSocket: SpyWebSocket });
  const roomID = await roomOf(alice);
  await bob.enterRoom(roomID);

  const viewer = pool.create();
  await viewer.enterRoom(roomID);

  const texts = record(bob, [EVENT.IM_TEXT_MESSAGE_RECEIVED]);
  const vTexts = record(viewer, [EVENT.IM_TEXT_MESSAGE_RECEIVED]);
  const net = record(bob, [EVENT.IM_NET_STATE_CHANGED, EVENT.IM_READY, EVENT.IM_NOT_READY, EVENT.IM_KICKED_OUT]);
  const vNet = record(viewer, [EVENT.IM_NET_STATE_CHANGED]);

  const first = nextEvent(bob, EVENT.IM_TEXT_MESSAGE_RECEIVED);
  await alice.sendTextMessage({ roomID, text: 'm0' });
  const m0seq = (await first).data[0].seq;
  assert.equal(typeof m0seq, 'number');
  await waitUntil(() => vTexts.length === 1, { what: 'viewer m0' });

  const bobConnected = nextEvent(bob, EVENT.IM_NET_STATE_CHANGED, { match: (e) => e.data === 'connected' });
  const viewerConnected = nextEvent(viewer, EVENT.IM_NET_STATE_CHANGED, { match: (e) => e.data === 'connected' });
  bob._ws._socket.destroy();
  viewer._ws._socket.destroy();
  for (let i = 1; i <= 5; i++) await alice.sendTextMessage({ roomID, text: `m${i}` });
  await bobConnected;
  await viewerConnected;
  await alice.sendTextMessage({ roomID, text: 'm6' });

  const want = ['m0', 'm1', 'm2', 'm3', 'm4', 'm5', 'm6'];
  const flat = (evs) => evs.flatMap((e) => e.data.map((m) => m.payload.text));
  await waitUntil(() => flat(texts).length >= want.length && flat(vTexts).length >= want.length, {
    what: 'all messages after reconnect',
  });
  await sleep(200); // any duplicate would arrive now
  assert.deepEqual(flat(texts), want);
  assert.deepEqual(flat(vTexts), want);
  assert.deepEqual(net.map((e) => e.data), ['connecting', 'connected']);
  assert.deepEqual(vNet.map((e) => e.data), ['connecting', 'connected']);
  // the resume really went through lastSeq (not a fresh history + local dedupe), with the
  // room incarnation that number belongs to (from the first enter's answer)
  const enters = bobFrames.filter((f) => f.cmd === 'enterRoom');
  const resume = enters.at(-1);
  assert.equal(typeof resume.data.incarnation, 'number');
  assert.deepEqual(resume.data, { roomID, lastSeq: m0seq, incarnation: resume.data.incarnation });
  const relogin = bobFrames.filter((f) => f.cmd === 'login');
  assert.equal(relogin.length, 2);
  assert.deepEqual(relogin[1].data, relogin[0].data);

  // bob is logged in again (re-login with the stored UserSig) and still in the room
  const aliceGets = nextEvent(alice, EVENT.IM_TEXT_MESSAGE_RECEIVED);
  await bob.sendTextMessage({ roomID, text: 'back' });
  assert.equal((await aliceGets).data[0].payload.text, 'back');
});

test('a request sent while reconnecting waits for the connection and succeeds', async () => {
  const alice = await pool.loggedIn(uid('alice'));
  const roomID = await roomOf(alice);
  const viewer = pool.create();
  await viewer.enterRoom(roomID);
  const got = nextEvent(viewer, EVENT.IM_TEXT_MESSAGE_RECEIVED);
  alice._ws._socket.destroy();
  await sleep(20); // the close is seen; the reconnect timer runs
  const res = await alice.sendTextMessage({ roomID, text: 'queued' });
  assert.equal(res.code, 0);
  assert.equal((await got).data[0].payload.text, 'queued');
});

test('logout: IM_NOT_READY, session anonymous', async () => {
  const alice = await pool.loggedIn(uid('alice'));
  const roomID = await roomOf(alice);
  const notReady = nextEvent(alice, EVENT.IM_NOT_READY);
  assert.equal(await alice.logout(), undefined);
  await notReady;
  await assert.rejects(alice.sendTextMessage({ roomID, text: 'x' }), { code: 60004 });
});

test('liveroom extension IM_MEMBER_COUNT_CHANGED: the count on entering, then the server\'s pushes as members come and go', { timeout: 30000 }, async () => {
  const owner = pool.create();
  const user = uid('host');
  await owner.login({ userID: user, userSig: await userSig(server.addr, user) });
  const counts = [];
  owner.on(EVENT.IM_MEMBER_COUNT_CHANGED, ({ data }) => counts.push(data));
  const roomID = await roomOf(owner);
  assert.deepEqual(counts, [{ roomID, count: 1 }], 'given on entering');

  const viewers = [pool.create(), pool.create()];
  for (const v of viewers) await v.enterRoom(roomID); // anonymous viewers count too
  // The server tells the room at most every 5 s.
  await waitUntil(() => counts.at(-1).count === 3, { timeoutMs: 12000, what: 'count 3 at the owner' });
  await viewers[1].exitRoom(roomID);
  await waitUntil(() => counts.at(-1).count === 2, { timeoutMs: 12000, what: 'count 2 at the owner' });
  assert.ok(counts.every((c) => c.roomID === roomID));
  for (let i = 1; i < counts.length; i++) assert.notEqual(counts[i].count, counts[i - 1].count, 'only changes');
});
