// How a WebRTC Player hears its room (room-watch.js): through the page's IM when that IM
// is in the room (no second member, so a viewer counts once), else through an anonymous
// session of its own; it moves between the two as the IM enters and leaves the room.

import { test } from 'node:test';
import assert from 'node:assert/strict';

import { EVENT } from '../src/constants.js';
import { Emitter } from '../src/emitter.js';
import { Logger } from '../src/logger.js';
import { RoomWatch } from '../src/room-watch.js';
import { sleep, waitUntil } from '../testing/helpers.mjs';

const BASE = 'ws://live.test';

/** The parts of an IM a RoomWatch uses (im.js), driven by the test. */
function fakeIM({ sdkAppID = 1400000001, base = BASE } = {}) {
  const listeners = new Set();
  const im = {
    _sdkAppID: sdkAppID,
    room: null,
    inRoom: false,
    streams: [],
    _base: () => base,
    _isInRoom: (roomID, { entering = false } = {}) => im.room === String(roomID) && (im.inRoom || entering),
    _liveStreams: () => im.streams.map((s) => ({ ...s })),
    _listenRoom(fn) {
      listeners.add(fn);
      return () => listeners.delete(fn);
    },
    listeners,
    tell(kind, data) {
      for (const fn of [...listeners]) fn(kind, data);
    },
    /** enterRoom: the room is set at once, the membership with the answer. */
    entering(roomID) {
      im.room = roomID;
      im.inRoom = false;
      im.tell('room');
    },
    enter(roomID) {
      im.entering(roomID);
      im.inRoom = true;
      im.tell('room');
    },
    leave() {
      im.room = null;
      im.inRoom = false;
      im.tell('room');
    },
  };
  return im;
}

/** Anonymous sessions a RoomWatch opens (SignalClient's surface), recorded. */
function sessions({ streams = [], fail = null } = {}) {
  const opened = [];
  const open = () => {
    const emitter = new Emitter();
    const s = {
      entered: [],
      closed: false,
      on: (name, fn) => emitter.on(name, fn),
      emit: (name, data) => emitter.emit(name, data),
      setLogLevel() {},
      async enterRoom(roomID) {
        s.entered.push(roomID);
        await sleep(5);
        if (fail) throw Object.assign(new Error('no such room'), { code: fail });
        return { code: 0, data: { status: 'JoinedSuccess', streams } };
      },
      close() {
        s.closed = true;
      },
    };
    opened.push(s);
    return s;
  };
  return { open, opened };
}

function watchOf(im, sess, roomID = '1001') {
  const heard = [];
  const watch = new RoomWatch({
    roomID,
    sdkAppID: 1400000001,
    base: BASE,
    im,
    openSession: sess.open,
    onAdded: (d) => heard.push(['added', d.streamID]),
    onRemoved: (d) => heard.push(['removed', d.streamID]),
    onResync: () => heard.push(['resync']),
    log: new Logger('[test]', 4),
  });
  return { watch, heard };
}

test('the page IM is in the room: the Player listens through it and opens no session of its own', async () => {
  const im = fakeIM();
  im.room = '1001';
  im.inRoom = true;
  im.streams = [{ streamID: 's1', userID: 'anchor' }];
  const sess = sessions();
  const { watch, heard } = watchOf(im, sess);
  assert.deepEqual(await watch.start(), [{ streamID: 's1', userID: 'anchor' }]);
  assert.equal(watch.shared, true);
  assert.equal(sess.opened.length, 0, 'no second member in the room');
  im.tell('streamAdded', { roomID: '1001', streamID: 's2' });
  im.tell('streamRemoved', { roomID: '1001', streamID: 's1' });
  im.tell('restored');
  assert.deepEqual(heard, [['added', 's2'], ['removed', 's1'], ['resync']]);
  watch.close();
  assert.equal(im.listeners.size, 0);
  im.tell('streamAdded', { roomID: '1001', streamID: 's3' });
  assert.equal(heard.length, 3, 'nothing after close');
});

test('no page IM, or one of another app or server: an anonymous session of its own enters the room', async () => {
  for (const im of [null, fakeIM({ sdkAppID: 42 }), fakeIM({ base: 'ws://elsewhere.test' })]) {
    if (im) Object.assign(im, { room: '1001', inRoom: true });
    const sess = sessions({ streams: [{ streamID: 's9', userID: 'a' }] });
    const { watch, heard } = watchOf(im, sess);
    assert.deepEqual(await watch.start(), [{ streamID: 's9', userID: 'a' }]);
    assert.equal(watch.shared, false);
    assert.equal(sess.opened.length, 1);
    assert.deepEqual(sess.opened[0].entered, ['1001']);
    sess.opened[0].emit('streamAdded', { roomID: '1001', streamID: 's10' });
    sess.opened[0].emit(EVENT.IM_NET_STATE_CHANGED, 'connecting');
    sess.opened[0].emit(EVENT.IM_NET_STATE_CHANGED, 'connected');
    assert.deepEqual(heard, [['added', 's10'], ['resync']]);
    if (im) assert.equal(im.listeners.size, 0, 'an IM of another app or server is not listened to');
    watch.close();
    assert.equal(sess.opened[0].closed, true);
  }
});

test('the IM enters the room later: the own session closes; it leaves: a new one enters and the Player looks again', async () => {
  const im = fakeIM();
  const sess = sessions();
  const { watch, heard } = watchOf(im, sess);
  await watch.start();
  assert.equal(sess.opened.length, 1);
  im.enter('2002'); // another room: nothing changes
  assert.equal(sess.opened[0].closed, false);
  im.entering('1001');
  assert.equal(sess.opened[0].closed, true, 'closed as the IM starts entering: its enterRoom answer does not count it');
  assert.equal(watch.shared, false);
  assert.deepEqual(heard, []);
  im.enter('1001');
  assert.equal(watch.shared, true);
  assert.deepEqual(heard, [['resync']], 'what came between is looked up again');
  sess.opened[0].emit('streamAdded', { roomID: '1001', streamID: 'stale' });
  im.tell('streamAdded', { roomID: '1001', streamID: 's1' });
  assert.deepEqual(heard, [['resync'], ['added', 's1']], 'a closed session is not heard');

  im.leave();
  assert.equal(sess.opened.length, 2);
  await waitUntil(() => heard.filter(([k]) => k === 'resync').length === 2, { what: 'resync after entering anew' });
  assert.deepEqual(sess.opened[1].entered, ['1001']);
  im.tell('streamAdded', { roomID: '1001', streamID: 'ignored' });
  sess.opened[1].emit('streamRemoved', { roomID: '1001', streamID: 's1' });
  assert.deepEqual(heard.slice(2), [['resync'], ['removed', 's1']]);

  // Back and forth quickly: the session that was entering is dropped quietly.
  im.enter('1001');
  im.leave();
  im.enter('1001');
  await sleep(20);
  assert.ok(sess.opened.slice(1).every((s) => s.closed), 'no session of its own while the IM is in the room');
  watch.close();
});

test('entering on its own fails: start rejects (startPlay rejects), the sessions are closed', async () => {
  const sess = sessions({ fail: 10015 });
  const { watch } = watchOf(null, sess);
  await assert.rejects(watch.start(), { code: 10015 });
  assert.equal(sess.opened[0].closed, true);
  watch.close();
});
