// IM behaviour against a scripted fake WebSocket (cases a live server does not produce on
// demand: like aggregates, close codes, timeouts, duplicate frames, multi-frame messages).

import { test } from 'node:test';
import assert from 'node:assert/strict';

import { EVENT, TYPES } from '../src/index.js';
import { IM } from '../src/im.js';
import { nextEvent, record, sleep, waitUntil } from '../testing/helpers.mjs';

/** A fake server reachable through a WebSocket-like class. */
function fakeServer({ respond = true } = {}) {
  const srv = {
    sockets: [],
    frames: [], // every client frame (parsed), across sockets
    roomSeq: 0,
    respond,
    history: null, // messages for a fresh enterRoom
    memberCount: undefined, // the enterRoom answer's memberCount, when set
    streams: undefined, // the enterRoom answer's streams, when set
  };
  class FakeWebSocket {
    constructor(url) {
      this.url = url;
      this.readyState = 0;
      this.closed = false;
      srv.sockets.push(this);
      setTimeout(() => {
        if (this.closed) return;
        this.readyState = 1;
        this.onopen && this.onopen({});
      }, 1);
    }
    send(text) {
      if (this.readyState !== 1) throw new Error('not open');
      const f = JSON.parse(text);
      srv.frames.push(f);
      if (!srv.respond) return;
      const reply = (data) => this.push({ id: f.id, code: 0, data });
      switch (f.cmd) {
        case 'login':
          reply({ userID: f.data.userID, expiresAt: 1 });
          break;
        case 'enterRoom': {
          const lines = [];
          if (f.data.lastSeq !== undefined) {
            lines.push({ event: 'history', data: { roomID: f.data.roomID, resumed: true, messages: srv.resume || [] } });
          } else if (srv.history) {
            lines.push({ event: 'history', data: { roomID: f.data.roomID, resumed: false, messages: srv.history } });
          }
          const data = { status: 'JoinedSuccess', groupID: f.data.roomID };
          if (srv.memberCount !== undefined) data.memberCount = srv.memberCount;
          if (srv.streams !== undefined) data.streams = srv.streams;
          lines.push({ id: f.id, code: 0, data });
          this.pushMany(lines);
          break;
        }
        case 'sendText':
        case 'sendCustom': {
          const m = msg(f.data.roomID, ++srv.roomSeq, 'me', f.cmd === 'sendText'
            ? { type: 'TIMTextElem', payload: { text: f.data.text } }
            : { type: 'TIMCustomElem', payload: { data: f.data.data, description: f.data.description, extension: f.data.extension } });
          m.clientMsgID = f.data.clientMsgID;
          // the ack and the echo in ONE WebSocket message, as a busy server does
          this.pushMany([{ id: f.id, code: 0, data: { message: m } }, { event: 'message', data: m }]);
          break;
        }
        case 'getRoomInfo':
          reply({ roomID: f.data.roomID, ownerID: 'owner', memberCount: srv.roomInfoCount, lastSeq: 0 });
          break;
        default:
          reply({});
      }
    }
    push(frame) {
      this.pushMany([frame]);
    }
    pushMany(frames) {
      const text = frames.map((x) => JSON.stringify(x)).join('\n');
      setTimeout(() => {
        if (!this.closed) this.onmessage && this.onmessage({ data: text });
      }, 1);
    }
    serverClose(code, reason = '') {
      this.closed = true;
      this.readyState = 3;
      setTimeout(() => this.onclose && this.onclose({ code, reason }), 1);
    }
    close() {
      this.closed = true;
      this.readyState = 3;
    }
  }
  srv.WebSocket = FakeWebSocket;
  srv.last = () => srv.sockets[srv.sockets.length - 1];
  return srv;
}

function msg(room, seq, from, body, extra = {}) {
  return {
    ID: `id-${room}-${seq}`,
    conversationID: `GROUP${room}`,
    conversationType: 'GROUP',
    to: room,
    from,
    time: 1795500000,
    priority: 'Normal',
    nick: from,
    avatar: '',
    seq,
    ...body,
    ...extra,
  };
}
const text = (room, seq, from, t) => msg(room, seq, from, { type: 'TIMTextElem', payload: { text: t } });
const custom = (room, seq, from, data, extension = '', description = '') =>
  msg(room, seq, from, { type: 'TIMCustomElem', payload: { data, description, extension } });
const tip = (room, seq, user, op) =>
  msg(room, seq, user, { type: 'TIMGroupTipElem', payload: { operationType: op, userIDList: [user], memberNum: 2 } });

function makeIM(srv, extra = {}) {
  const im = new IM({
    SDKAppID: 1400000001,
    server: 'ws://fake.test',
    WebSocket: srv.WebSocket,
    reconnectMinDelay: 20,
    reconnectMaxDelay: 100,
    ...extra,
  });
  im.setLogLevel(4);
  return im;
}

const ALL_IM_EVENTS = Object.values(EVENT).filter((v) => !/^t_(playing|pause|waiting|timeupdate|error|autoplay|connection|client|screen|network|rtc)/.test(v));

test('connects to <server>/im?sdkappid=<SDKAppID>; http(s) bases become ws(s); page origin by default', async (t) => {
  const srv = fakeServer();
  const im = makeIM(srv);
  t.after(() => im._shutdown());
  await im.enterRoom('r1');
  assert.equal(srv.last().url, 'ws://fake.test/im?sdkappid=1400000001');

  const im2 = makeIM(srv, { server: 'https://chat.example.com/' });
  t.after(() => im2._shutdown());
  await im2.enterRoom('r1');
  assert.equal(srv.last().url, 'wss://chat.example.com/im?sdkappid=1400000001');

  const saved = Object.getOwnPropertyDescriptor(globalThis, 'location');
  Object.defineProperty(globalThis, 'location', { value: { protocol: 'https:', host: 'live.example.com:8443' }, configurable: true });
  try {
    const im3 = makeIM(srv, { server: undefined });
    t.after(() => im3._shutdown());
    await im3.enterRoom(1001);
    assert.equal(srv.last().url, 'wss://live.example.com:8443/im?sdkappid=1400000001');
    assert.deepEqual(srv.frames.at(-1).data, { roomID: '1001' }, 'numeric room ids are sent as strings');
  } finally {
    if (saved) Object.defineProperty(globalThis, 'location', saved);
    else delete globalThis.location;
  }
});

test('several frames per WebSocket message: one batch per type, arrays never empty, likes counted', async (t) => {
  const srv = fakeServer();
  const im = makeIM(srv);
  t.after(() => im._shutdown());
  await im.login({ userID: 'me', userSig: 'sig' });
  await im.enterRoom('r1');
  const events = record(im, ALL_IM_EVENTS);
  srv.last().pushMany([
    { event: 'message', data: text('r1', 1, 'a', 'one') },
    { event: 'message', data: custom('r1', 2, 'a', 'like') },
    { event: 'message', data: text('r1', 3, 'b', 'two') },
    { event: 'message', data: custom('r1', 4, '@TIM#SYSTEM', 'like', '{"count":37}') },
    { event: 'message', data: tip('r1', 5, 'c', 1) },
    { event: 'message', data: tip('r1', 6, 'd', 2) },
    { event: 'message', data: text('other', 1, 'a', 'other room') },
    { event: 'memberCount', data: { roomID: 'r1', count: 3 } },
    { event: 'lost', data: { count: 2 } },
  ]);
  await waitUntil(() => events.length >= 4, { what: 'batch' });
  await sleep(20);
  assert.deepEqual(events.map((e) => e.name), [
    EVENT.IM_TEXT_MESSAGE_RECEIVED,
    EVENT.IM_CUSTOM_MESSAGE_RECEIVED,
    EVENT.IM_REMOTE_USER_JOIN,
    EVENT.IM_REMOTE_USER_LEAVE,
    EVENT.IM_MEMBER_COUNT_CHANGED,
  ]);
  assert.deepEqual(events[0].data.map((m) => m.payload.text), ['one', 'two']);
  assert.deepEqual(events[1].data.map((m) => [m.from, m.likeCount]), [['a', 1], ['@TIM#SYSTEM', 37]]);
  assert.equal(events[2].data[0].payload.userIDList[0], 'c');
  assert.equal(events[3].data[0].payload.userIDList[0], 'd');
  assert.deepEqual(events[4].data, { roomID: 'r1', count: 3 });
  for (const e of events.slice(0, 4)) assert.ok(e.data.length > 0);
});

test('duplicates by seq are dropped; own echo is dropped by clientMsgID', async (t) => {
  const srv = fakeServer();
  const im = makeIM(srv);
  t.after(() => im._shutdown());
  await im.login({ userID: 'me', userSig: 'sig' });
  await im.enterRoom('r1');
  const events = record(im, ALL_IM_EVENTS);
  const res = await im.sendTextMessage({ roomID: 'r1', text: 'mine' });
  assert.equal(res.data.message.payload.text, 'mine');
  const sent = srv.frames.find((f) => f.cmd === 'sendText');
  assert.match(sent.data.clientMsgID, /.+-\d+$/);
  assert.equal(sent.data.priority, TYPES.MSG_PRIORITY_NORMAL);
  const m2 = text('r1', 2, 'x', 'seq two');
  srv.last().pushMany([{ event: 'message', data: m2 }, { event: 'message', data: m2 }]);
  srv.last().push({ event: 'message', data: text('r1', 1, 'x', 'old seq one') });
  await sleep(30);
  assert.deepEqual(events.map((e) => e.data.map((m) => m.payload.text)), [['seq two']]);
});

test('history: initial history skips push_stopped and tips; resumed history delivers them', async (t) => {
  const srv = fakeServer();
  srv.history = [text('r1', 1, 'a', 'old'), custom('r1', 2, 'a', 'push_stopped', '', 'old stop')];
  const im = makeIM(srv);
  t.after(() => im._shutdown());
  const events = record(im, ALL_IM_EVENTS);
  await im.enterRoom('r1');
  await sleep(20);
  assert.deepEqual(events.map((e) => [e.name, Array.isArray(e.data) ? e.data.map((m) => m.payload.text) : e.data]), [
    [EVENT.IM_NET_STATE_CHANGED, 'connected'],
    [EVENT.IM_TEXT_MESSAGE_RECEIVED, ['old']],
  ]);
  events.length = 0;

  srv.resume = [text('r1', 3, 'a', 'missed'), tip('r1', 4, 'b', 1), custom('r1', 5, 'a', 'push_stopped', '', 'bye')];
  srv.last().serverClose(4101, 'serverGoingAway');
  await waitUntil(() => events.some((e) => e.data === 'connected'), { what: 'reconnect' });
  await sleep(20);
  const enter = srv.frames.filter((f) => f.cmd === 'enterRoom').at(-1);
  assert.deepEqual(enter.data, { roomID: 'r1', lastSeq: 2 });
  assert.deepEqual(events.map((e) => [e.name, Array.isArray(e.data) ? e.data.length : e.data]), [
    [EVENT.IM_NET_STATE_CHANGED, 'connecting'],
    [EVENT.IM_TEXT_MESSAGE_RECEIVED, 1],
    [EVENT.IM_REMOTE_USER_JOIN, 1],
    [EVENT.IM_PUSH_STOPPED, 'bye'],
    [EVENT.IM_NET_STATE_CHANGED, 'connected'],
  ]);
});

test('close 4100: reconnect, re-login with the stored UserSig, re-enter with lastSeq', async (t) => {
  const srv = fakeServer();
  const im = makeIM(srv);
  t.after(() => im._shutdown());
  const events = record(im, ALL_IM_EVENTS);
  await im.login({ userID: 'me', userSig: 'SIG-1' });
  await im.enterRoom('r9');
  srv.last().push({ event: 'message', data: text('r9', 41, 'a', 'x') });
  await waitUntil(() => events.some((e) => e.name === EVENT.IM_TEXT_MESSAGE_RECEIVED), { what: 'text' });
  const before = srv.sockets.length;
  srv.last().serverClose(4100, 'slowConsumer');
  await waitUntil(() => events.filter((e) => e.data === 'connected').length === 2, { what: 'reconnected' });
  assert.equal(srv.sockets.length, before + 1);
  const afterFrames = srv.frames.slice(-2);
  assert.deepEqual(afterFrames.map((f) => [f.cmd, f.data]), [
    ['login', { userID: 'me', userSig: 'SIG-1' }],
    ['enterRoom', { roomID: 'r9', lastSeq: 41 }],
  ]);
  assert.ok(!events.some((e) => e.name === EVENT.IM_NOT_READY || e.name === EVENT.IM_KICKED_OUT));
});

test('reconnect backs off while the server is unreachable, then recovers', async (t) => {
  const srv = fakeServer();
  const im = makeIM(srv);
  t.after(() => im._shutdown());
  const net = record(im, [EVENT.IM_NET_STATE_CHANGED]);
  await im.enterRoom('r1');
  // every new socket fails immediately, three times
  const Real = srv.WebSocket;
  let failures = 0;
  im._WebSocket = class extends Real {
    constructor(url) {
      super(url);
      if (failures < 3) {
        failures += 1;
        this.closed = true;
        setTimeout(() => this.onclose && this.onclose({ code: 1006, reason: '' }), 1);
      }
    }
  };
  srv.last().serverClose(1006);
  await waitUntil(() => net.at(-1)?.data === 'connected' && failures === 3, { what: 'recovery', timeoutMs: 3000 });
  assert.deepEqual(net.map((e) => e.data), ['connected', 'connecting', 'connected']);
});

for (const [code, reason] of [[4001, 'multipleAccount'], [4002, 'userSigExpired']]) {
  test(`close ${code} (no kicked event first): IM_KICKED_OUT ${reason}, not ready, no reconnect`, async (t) => {
    const srv = fakeServer();
    const im = makeIM(srv);
    t.after(() => im._shutdown());
    await im.login({ userID: 'me', userSig: 'sig' });
    await sleep(5); // IM_READY
    const events = record(im, ALL_IM_EVENTS);
    const n = srv.sockets.length;
    srv.last().serverClose(code, reason);
    await waitUntil(() => events.length >= 3, { what: 'events' });
    await sleep(150); // > reconnect delays
    assert.deepEqual(events.map((e) => [e.name, e.data]), [
      [EVENT.IM_KICKED_OUT, reason],
      [EVENT.IM_NOT_READY, undefined],
      [EVENT.IM_NET_STATE_CHANGED, TYPES.NET_STATE_DISCONNECTED],
    ]);
    assert.equal(srv.sockets.length, n, 'no reconnect');
  });
}

test('kicked event then close 4001: one IM_KICKED_OUT only', async (t) => {
  const srv = fakeServer();
  const im = makeIM(srv);
  t.after(() => im._shutdown());
  await im.login({ userID: 'me', userSig: 'sig' });
  await sleep(5);
  const kicks = record(im, [EVENT.IM_KICKED_OUT, EVENT.IM_NOT_READY]);
  const s = srv.last();
  s.push({ event: 'kicked', data: { reason: 'multipleAccount' } });
  await sleep(10);
  s.serverClose(4001, 'multipleAccount');
  await sleep(50);
  assert.deepEqual(kicks.map((e) => [e.name, e.data]), [
    [EVENT.IM_KICKED_OUT, 'multipleAccount'],
    [EVENT.IM_NOT_READY, undefined],
  ]);
});

test('requests time out with code 60010 (10 s by default)', async (t) => {
  const srv = fakeServer({ respond: false });
  const im = makeIM(srv, { requestTimeout: 150 });
  t.after(() => im._shutdown());
  assert.equal(makeIM(srv)._opts.requestTimeout, 10000);
  const started = Date.now();
  await assert.rejects(im.getMyProfile(), (err) => {
    assert.equal(err.code, 60010);
    assert.match(err.message, /timed out/);
    return true;
  });
  assert.ok(Date.now() - started >= 140);
});

test('server errors reject with {code, message}; failed sends leave no stale echo filter', async (t) => {
  const srv = fakeServer();
  const im = makeIM(srv);
  t.after(() => im._shutdown());
  await im.enterRoom('r1');
  srv.respond = false;
  const p = im.sendTextMessage({ roomID: 'r1', text: 'x' });
  await waitUntil(() => srv.frames.some((f) => f.cmd === 'sendText'), { what: 'send' });
  const f = srv.frames.find((x) => x.cmd === 'sendText');
  srv.last().push({ id: f.id, code: 80001, message: 'text hits the banned-word list' });
  await assert.rejects(p, (err) => {
    assert.ok(err instanceof Error);
    assert.equal(err.code, 80001);
    assert.equal(err.message, 'text hits the banned-word list');
    return true;
  });
  assert.equal(im._ownClientMsgIDs.has(f.data.clientMsgID), false);
});

test('getMyProfile resolves the plain {code, data:{nick, avatar}}; setMyProfile sends only nick/avatar', async (t) => {
  const srv = fakeServer();
  const im = makeIM(srv);
  t.after(() => im._shutdown());
  srv.respond = false;
  const p = im.setMyProfile({ nick: 'N', avatar: 'https://a/b.png', gender: 'Gender_Type_Male' });
  await waitUntil(() => srv.frames.length === 1, { what: 'frame' });
  assert.deepEqual(srv.frames[0], { id: srv.frames[0].id, cmd: 'setMyProfile', data: { nick: 'N', avatar: 'https://a/b.png' } });
  srv.last().push({ id: srv.frames[0].id, code: 0, data: { nick: 'N', avatar: 'https://a/b.png' } });
  assert.deepEqual(await p, { code: 0, data: { nick: 'N', avatar: 'https://a/b.png' } });
  const q = im.getMyProfile();
  await waitUntil(() => srv.frames.length === 2, { what: 'frame' });
  srv.last().push({ id: srv.frames[1].id, code: 0, data: { nick: 'N', avatar: '', extra: 1 } });
  assert.deepEqual(await q, { code: 0, data: { nick: 'N', avatar: '' } });
});

test('liveroom extension IM_MEMBER_COUNT_CHANGED: {roomID, count} on entering, on each change of the current room, after a reconnect', async (t) => {
  assert.equal(EVENT.IM_MEMBER_COUNT_CHANGED, 'liveroom_member_count_changed');
  const srv = fakeServer();
  srv.memberCount = 2;
  const im = makeIM(srv);
  t.after(() => im._shutdown());
  const counts = [];
  im.on(EVENT.IM_MEMBER_COUNT_CHANGED, ({ data }) => counts.push(data));
  await im.login({ userID: 'me', userSig: 'sig' });
  await im.enterRoom('r1');
  assert.deepEqual(counts, [{ roomID: 'r1', count: 2 }], 'the enterRoom answer gives the count before enterRoom resolves');

  // The server's pushes: a repeat of the same count, another room's count, and changes.
  srv.last().push({ event: 'memberCount', data: { roomID: 'r1', count: 2 } });
  srv.last().push({ event: 'memberCount', data: { roomID: 'other', count: 9 } });
  srv.last().push({ event: 'memberCount', data: { roomID: 'r1', count: 5 } });
  await waitUntil(() => counts.length === 2, { what: 'count 5' });
  await sleep(20);
  assert.deepEqual(counts, [{ roomID: 'r1', count: 2 }, { roomID: 'r1', count: 5 }]);

  // Several in one WebSocket message: after the messages before it, the last count only.
  const events = record(im, ALL_IM_EVENTS);
  srv.last().pushMany([
    { event: 'memberCount', data: { roomID: 'r1', count: 6 } },
    { event: 'message', data: text('r1', 1, 'a', 'hi') },
    { event: 'memberCount', data: { roomID: 'r1', count: 7 } },
  ]);
  await waitUntil(() => events.length === 2, { what: 'text and count' });
  assert.deepEqual(events.map((e) => e.name), [EVENT.IM_TEXT_MESSAGE_RECEIVED, EVENT.IM_MEMBER_COUNT_CHANGED]);
  assert.deepEqual(events[1].data, { roomID: 'r1', count: 7 });

  // A reconnect re-enters the room: a count that changed meanwhile is given again.
  srv.memberCount = 4;
  srv.last().serverClose(4100, 'slowConsumer');
  await waitUntil(() => counts.some((c) => c.count === 4), { what: 'count after the reconnect' });
  assert.deepEqual(counts.at(-1), { roomID: 'r1', count: 4 });

  // Out of the room: nothing; another room: its own count, even if the number is the same.
  await im.exitRoom('r1');
  srv.last().push({ event: 'memberCount', data: { roomID: 'r1', count: 8 } });
  await sleep(30);
  assert.equal(counts.at(-1).count, 4);
  await im.enterRoom('r2');
  assert.deepEqual(counts.at(-1), { roomID: 'r2', count: 4 });
});

test('the IM keeps the current room\'s live streams for a Player on the page (enterRoom streams, streamAdded / streamRemoved)', async (t) => {
  const srv = fakeServer();
  srv.streams = [{ streamID: 's1', userID: 'anchor' }];
  const im = makeIM(srv);
  t.after(() => im._shutdown());
  const told = [];
  const stop = im._listenRoom((kind, data) => told.push([kind, data && data.streamID]));
  assert.equal(im._isInRoom('r1'), false);
  await im.enterRoom('r1');
  assert.equal(im._isInRoom('r1'), true);
  assert.equal(im._isInRoom('r2'), false);
  assert.deepEqual(im._liveStreams(), [{ streamID: 's1', userID: 'anchor' }]);
  srv.last().push({ event: 'streamAdded', data: { roomID: 'r1', streamID: 's2', userID: 'b' } });
  srv.last().push({ event: 'streamRemoved', data: { roomID: 'r1', streamID: 's1', userID: 'anchor' } });
  srv.last().push({ event: 'streamAdded', data: { roomID: 'other', streamID: 's3', userID: 'c' } });
  await waitUntil(() => told.length >= 4, { what: 'stream events' });
  await sleep(20);
  assert.deepEqual(im._liveStreams(), [{ streamID: 's2', userID: 'b' }]);
  // 'room' as the IM enters (the room is set before the answer, in it with the answer).
  assert.deepEqual(told, [['room', undefined], ['room', undefined], ['streamAdded', 's2'], ['streamRemoved', 's1']]);
  // No IM event carries them.
  const events = record(im, ALL_IM_EVENTS);
  srv.last().push({ event: 'streamAdded', data: { roomID: 'r1', streamID: 's4', userID: 'd' } });
  await waitUntil(() => told.length === 5, { what: 'another stream' });
  assert.deepEqual(events, []);
  // Leaving tells the listeners and forgets the streams; the connection coming back too.
  await im.exitRoom('r1');
  assert.deepEqual(told.at(-1), ['room', undefined]);
  assert.deepEqual(im._liveStreams(), []);
  await im.enterRoom('r1');
  srv.last().serverClose(4100, 'slowConsumer');
  await waitUntil(() => told.some(([kind]) => kind === 'restored'), { what: 'restored' });
  stop();
  const n = told.length;
  await im.exitRoom('r1');
  assert.equal(told.length, n, 'a removed listener hears nothing');
});

test('IM_MEMBER_COUNT_CHANGED: the count on entering is asked again once later, unless the server told it meanwhile', async (t) => {
  const srv = fakeServer();
  srv.memberCount = 5; // the answer counted a session that was just leaving
  srv.roomInfoCount = 4;
  const im = makeIM(srv);
  im._countCheckMs = 40;
  t.after(() => im._shutdown());
  const counts = [];
  im.on(EVENT.IM_MEMBER_COUNT_CHANGED, ({ data }) => counts.push(data.count));
  await im.enterRoom('r1');
  await waitUntil(() => counts.length === 2, { what: 'the count asked again' });
  assert.deepEqual(counts, [5, 4]);
  assert.deepEqual(srv.frames.filter((f) => f.cmd === 'getRoomInfo').map((f) => f.data), [{ roomID: 'r1' }]);

  // A push before the check makes it unnecessary.
  await im.enterRoom('r2');
  srv.last().push({ event: 'memberCount', data: { roomID: 'r2', count: 7 } });
  await sleep(120);
  assert.deepEqual(counts, [5, 4, 5, 7]);
  assert.equal(srv.frames.filter((f) => f.cmd === 'getRoomInfo').length, 1);
  // Leaving before the check cancels it.
  await im.exitRoom('r2');
  await im.enterRoom('r3');
  await im.exitRoom('r3');
  await sleep(120);
  assert.equal(srv.frames.filter((f) => f.cmd === 'getRoomInfo').length, 1);
});
