// SignalClient (the Pusher / Player WebSocket) against a real liveroom: login carries
// scope "rtc" (so it coexists with the same user's chat session), media errors come back
// with their codes, a second rtc login of the user kicks the first (4001), and the room
// watcher hears streamRemoved-style events only as an anonymous member.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import WebSocket from 'ws';

import { EVENT } from '../src/constants.js';
import { SignalClient } from '../src/signal.js';
import { IMPool, SDKAPPID, nextEvent, startServer, uid, userSig } from '../testing/helpers.mjs';

let server;
let pool;
const signals = [];

before(async () => {
  server = await startServer();
  pool = new IMPool(server.addr);
});

after(async () => {
  for (const s of signals) s.close();
  pool?.shutdown();
  await server?.stop();
});

function signal(scope) {
  const s = new SignalClient({ sdkAppID: SDKAPPID, server: `ws://${server.addr}`, WebSocket, scope, logLevel: 4 });
  signals.push(s);
  return s;
}

test('an rtc login coexists with the same user chat session; media errors carry codes', async () => {
  const user = uid('anchor');
  const room = uid('r');
  const im = await pool.loggedIn(user);
  await im.createRoom({ roomID: room });
  await im.enterRoom(room);
  const sig = await userSig(server.addr, user);
  const rtc = signal('rtc');
  const kicked = [];
  im.on(EVENT.IM_KICKED_OUT, (ev) => kicked.push(ev));
  await rtc.login({ userID: user, userSig: sig });
  assert.equal(rtc.connected, true);
  // A complete but bogus offer: refused as invalid SDP (60020), not as "log in first".
  await assert.rejects(rtc.request('publish', { roomID: room, sdp: 'v=0\r\n' }), (e) => e.code === 60020);
  await assert.rejects(rtc.request('play', { roomID: room, sdp: 'v=0\r\n' }), (e) => [60020, 60022].includes(e.code));
  await assert.rejects(rtc.request('unpublish', { streamID: 'nope' }), (e) => e.code === 60022);
  await assert.rejects(rtc.request('stopPlay', { playID: 12345 }), (e) => e.code === 60025);
  // The chat session was not kicked by the rtc login.
  const sent = await im.sendTextMessage({ roomID: room, text: 'still here' });
  assert.equal(sent.code, 0);
  assert.deepEqual(kicked, []);
});

test('a second rtc login of the same user kicks the first with multipleAccount', async () => {
  const user = uid('dup');
  const sig = await userSig(server.addr, user);
  const first = signal('rtc');
  await first.login({ userID: user, userSig: sig });
  const kicked = nextEvent(first, EVENT.IM_KICKED_OUT, { timeoutMs: 5000 });
  const second = signal('rtc');
  await second.login({ userID: user, userSig: sig });
  assert.equal((await kicked).data, 'multipleAccount');
  assert.equal(second.connected, true);
});

test('an anonymous watcher enters a room and does not disturb members', async () => {
  const owner = uid('own');
  const room = uid('w');
  const im = await pool.loggedIn(owner);
  await im.createRoom({ roomID: room });
  const watch = signal(undefined);
  const entered = await watch.enterRoom(room);
  assert.equal(entered.data.status, 'JoinedSuccess');
  assert.deepEqual(entered.data.streams, []);
});
