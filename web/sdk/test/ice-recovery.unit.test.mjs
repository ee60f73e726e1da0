// Node unit tests of IceRecovery (rtc-base.js), the SDK's answer to a media leg's network
// breaking, over a fake peer connection and signalling client: when it restarts ICE, what
// it sends, and when it gives the leg up so that the Pusher / Player set it up anew. The
// browser end to end (a real network path cut under Chromium) is tests/sdk-rtc.test.mjs.

import test from 'node:test';
import assert from 'node:assert/strict';

import { IceRecovery } from '../src/rtc-base.js';

class FakePc extends EventTarget {
  constructor() {
    super();
    this.connectionState = 'connected';
    this.iceGatheringState = 'complete';
    this.localDescription = null;
    this.offers = [];
    this.answers = [];
  }

  async createOffer(options) {
    this.offers.push(options);
    return { type: 'offer', sdp: `v=0\r\na=ice-ufrag:new${this.offers.length}\r\n` };
  }

  async setLocalDescription(d) {
    this.localDescription = d;
  }

  async setRemoteDescription(d) {
    this.answers.push(d);
  }

  become(state) {
    this.connectionState = state;
    this.dispatchEvent(new Event('connectionstatechange'));
  }
}

class FakeSignal {
  constructor(answer) {
    this.connected = true;
    this.requests = [];
    this._answer = answer;
  }

  async request(cmd, data) {
    this.requests.push({ cmd, data });
    return this._answer(cmd, data);
  }
}

const quiet = { info() {}, debug() {}, warn() {} };
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function recovery(pc, signal, lost) {
  return new IceRecovery({ pc, signal, leg: { streamID: 's1' }, log: quiet, onLost: (why) => lost.push(why), graceMs: 30, timeoutMs: 200 });
}

test('a leg disconnected past the grace restarts ICE on the same connection', async () => {
  const pc = new FakePc();
  const signal = new FakeSignal(() => ({ sdp: 'v=0\r\na=ice-ufrag:server2\r\n' }));
  const lost = [];
  const ice = recovery(pc, signal, lost);
  pc.become('disconnected');
  ice.update('disconnected');
  await sleep(60);
  assert.deepEqual(pc.offers, [{ iceRestart: true }]);
  assert.deepEqual(signal.requests, [{ cmd: 'restartIce', data: { streamID: 's1', sdp: 'v=0\r\na=ice-ufrag:new1\r\n' } }]);
  assert.deepEqual(pc.answers, [{ type: 'answer', sdp: 'v=0\r\na=ice-ufrag:server2\r\n' }]);
  pc.become('connected');
  await sleep(10);
  assert.equal(ice.restarts, 1);
  assert.deepEqual(lost, []);
});

test('a disconnection that heals within the grace restarts nothing', async () => {
  const pc = new FakePc();
  const signal = new FakeSignal(() => ({ sdp: 'v=0\r\n' }));
  const lost = [];
  const ice = recovery(pc, signal, lost);
  pc.become('disconnected');
  ice.update('disconnected');
  pc.become('connected');
  ice.update('connected');
  await sleep(60);
  assert.deepEqual(signal.requests, []);
  assert.equal(ice.restarts, 0);
});

test('a failed leg restarts at once; a refused restart gives the leg up', async () => {
  const pc = new FakePc();
  const signal = new FakeSignal(() => Promise.reject(Object.assign(new Error('no such media resource'), { code: 60025 })));
  const lost = [];
  const ice = recovery(pc, signal, lost);
  pc.become('failed');
  ice.update('failed');
  await sleep(10);
  assert.equal(signal.requests.length, 1);
  assert.equal(lost.length, 1);
  assert.match(lost[0], /ICE restart failed \(no such media resource\)/);
  ice.update('failed');
  await sleep(10);
  assert.equal(signal.requests.length, 1, 'given up: no second restart');
});

test('a restart that does not connect in time gives the leg up', async () => {
  const pc = new FakePc();
  const signal = new FakeSignal(() => ({ sdp: 'v=0\r\n' }));
  const lost = [];
  const ice = recovery(pc, signal, lost);
  pc.become('failed');
  ice.update('failed');
  await sleep(300);
  assert.equal(ice.restarts, 0);
  assert.deepEqual(lost, ['ICE restart failed (did not connect in time)']);
});

test('the server hearing nothing restarts even a connection the browser thinks is up', async () => {
  const pc = new FakePc();
  const signal = new FakeSignal(() => ({ sdp: 'v=0\r\n' }));
  const lost = [];
  const ice = recovery(pc, signal, lost);
  ice.update('disconnected', { server: true });
  await sleep(60);
  assert.equal(signal.requests.length, 1);
  assert.equal(ice.restarts, 1);
  // The browser's own view says connected: a browser-side disconnection that healed is no reason.
  ice.update('disconnected');
  await sleep(60);
  assert.equal(signal.requests.length, 1);
});

test('a stopped recovery, or one whose signalling is down, does nothing', async () => {
  const pc = new FakePc();
  const signal = new FakeSignal(() => ({ sdp: 'v=0\r\n' }));
  const lost = [];
  const ice = recovery(pc, signal, lost);
  pc.become('disconnected');
  ice.update('disconnected');
  ice.stop();
  await sleep(60);
  const down = new FakeSignal(() => ({ sdp: 'v=0\r\n' }));
  down.connected = false;
  const other = recovery(pc, down, lost);
  other.update('failed');
  await sleep(10);
  assert.deepEqual([signal.requests, down.requests, lost], [[], [], []]);
});
