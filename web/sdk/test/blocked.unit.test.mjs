// A connection that never opens: the likely cause from the page's and the server's
// addresses (mixed content, Local Network Access, plain could-not-connect), and the IM /
// Player calls waiting for it failing at once with 60090 instead of timing out — while a
// session that was open keeps reconnecting with backoff as before.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import WebSocket from 'ws';

import { EVENT } from '../src/constants.js';
import { addressSpace, connectFailure } from '../src/blocked.js';
import { CODE_CONNECT, IM } from '../src/im.js';
import { Player } from '../src/player.js';
import { record, sleep, waitUntil } from '../testing/helpers.mjs';

const SIG = 'eJyrVgrxCdYrSy1SslIy0jNQ0gHzM1NS80ryM9PArFQjA0MTc0MjA1MTYyMA';

test('address spaces of hosts as the URL parser writes them', () => {
  const cases = {
    loopback: ['127.0.0.1', '127.8.9.10', '[::1]', 'localhost', 'LocalHost', 'app.localhost', '[::ffff:7f00:1]', ''],
    local: ['10.0.0.5', '172.16.0.1', '172.31.255.255', '192.168.1.20', '169.254.3.4', '[fc00::1]', '[fd12:3456::1]', '[fe80::1]', '[febf::1]', 'printer.local', 'box.local.', '[::ffff:c0a8:101]'],
    public: ['8.8.8.8', '172.15.0.1', '172.32.0.1', '192.169.0.1', '11.0.0.1', '[2001:db8::1]', '[fec0::1]', 'app.example.com', 'local', 'localhost.example.com', '[::]'],
  };
  for (const [space, hosts] of Object.entries(cases)) {
    for (const host of hosts) assert.equal(addressSpace(host), space, host);
  }
  assert.equal(addressSpace(new URL('ws://127.1:9/').hostname), 'loopback');
});

test('the likely cause of a connection that never opened', () => {
  const cause = (server, url) => connectFailure(server, url && { url }).cause;
  // A public page and a loopback or private server: Chromium's Local Network Access.
  assert.equal(cause('ws://127.0.0.1:8080', 'https://app.example.com/live'), 'localNetworkAccess');
  assert.equal(cause('ws://localhost:8080', 'http://app.example.com/'), 'localNetworkAccess');
  assert.equal(cause('wss://192.168.1.20', 'https://app.example.com/'), 'localNetworkAccess');
  assert.equal(cause('wss://[fd00::2]:8443', 'https://8.8.8.8/'), 'localNetworkAccess');
  assert.equal(cause('wss://live.local', 'https://app.example.com/'), 'localNetworkAccess');
  // An https page and a ws: / http: server: mixed content (loopback counts as secure).
  assert.equal(cause('ws://live.example.com', 'https://app.example.com/'), 'mixedContent');
  assert.equal(cause('http://live.example.com', 'https://app.example.com/'), 'mixedContent');
  assert.equal(cause('ws://192.168.1.20:8080', 'https://app.example.com/'), 'mixedContent', 'blocked before any local network check');
  assert.equal(cause('ws://10.0.0.5', 'https://10.0.0.9/'), 'mixedContent');
  assert.equal(cause('ws://127.0.0.1:8080', 'https://127.0.0.1:8443/'), 'unreachable');
  // A private page and a loopback server: local network access too.
  assert.equal(cause('ws://127.0.0.1:8080', 'http://printer.local/'), 'localNetworkAccess');
  assert.equal(cause('ws://[::1]:8080', 'https://192.168.1.2/'), 'localNetworkAccess');
  // Same side of the fence, a server more public than the page, or nothing to compare
  // with: plain could-not-connect.
  assert.equal(cause('ws://10.0.0.5:8080', 'http://192.168.1.2:3000/'), 'unreachable');
  assert.equal(cause('ws://127.0.0.1:8080', 'http://localhost:3000/'), 'unreachable');
  assert.equal(cause('wss://live.example.com', 'http://127.0.0.1:3000/'), 'unreachable');
  assert.equal(cause('wss://live.example.com', 'https://app.example.com/'), 'unreachable');
  assert.equal(cause('ws://127.0.0.1:8080', undefined), 'unreachable');
  assert.equal(cause('not a url', 'https://app.example.com/'), 'unreachable');

  const lna = connectFailure('ws://127.0.0.1:8080/', { url: 'https://app.example.com/live?usersig=x' });
  assert.equal(lna.server, 'ws://127.0.0.1:8080');
  assert.match(lna.message, /^could not connect to ws:\/\/127\.0\.0\.1:8080: /);
  assert.match(lna.message, /\(https:\/\/app\.example\.com\) is on a public address/);
  assert.match(lna.message, /Local Network Access/);
  assert.match(lna.message, /when Chromium asks/);
  assert.doesNotMatch(lna.message, /usersig/, 'the page origin only');
  assert.match(connectFailure('ws://127.0.0.1:8080', { url: 'http://app.example.com/' }).message, /serve the page over https \(Chromium only asks on https: pages\)/);
  assert.match(connectFailure('ws://127.0.0.1:8080', { url: 'http://app.example.com/', secure: true }).message, /when Chromium asks/);
  assert.match(connectFailure('ws://127.0.0.1:8080', { url: 'https://10.1.2.3/' }).message, /this page \(https:\/\/10\.1\.2\.3\) is on the local network and the server on this device \(loopback\).*serve the page from this device too/);
  assert.match(connectFailure('ws://live.example.com', { url: 'https://app.example.com/' }).message, /mixed content.*wss:\/\//);
  assert.equal(connectFailure('ws://10.0.0.5:8080', { url: 'http://10.0.0.9/' }).message, 'could not connect to ws://10.0.0.5:8080 (nothing answered there, or the network, a proxy or the browser refused the connection)');
  assert.equal(connectFailure('ws://h:1', null, "Failed to construct 'WebSocket'").message, "could not connect to ws://h:1: Failed to construct 'WebSocket'");
});

/** A port on 127.0.0.1 where nothing listens. */
async function closedPort() {
  const srv = createServer();
  await new Promise((r) => srv.listen(0, '127.0.0.1', r));
  const { port } = srv.address();
  await new Promise((r) => srv.close(r));
  return port;
}

/** `promise`'s outcome, or a rejection after `ms` (the old code waited out the 10 s time-out). */
function within(ms, promise) {
  let timer;
  const late = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`still pending after ${ms} ms`)), ms);
  });
  return Promise.race([promise, late]).finally(() => clearTimeout(timer));
}

test('login against a port where nothing listens rejects at once with 60090, not a 10 s time-out', async (t) => {
  const port = await closedPort();
  const im = new IM({ SDKAppID: 1400000001, server: `http://127.0.0.1:${port}`, WebSocket });
  im.setLogLevel(4);
  t.after(() => im._shutdown());
  const net = record(im, [EVENT.IM_NET_STATE_CHANGED]);
  const started = Date.now();
  await assert.rejects(within(3000, im.login({ userID: 'alice', userSig: SIG })), (err) => {
    assert.equal(err.code, CODE_CONNECT);
    assert.equal(err.code, 60090);
    assert.equal(err.message, `could not connect to ws://127.0.0.1:${port} (nothing answered there, or the network, a proxy or the browser refused the connection)`);
    assert.deepEqual(err.data, { cause: 'unreachable', server: `ws://127.0.0.1:${port}` });
    assert.ok(!err.message.includes(SIG));
    return true;
  });
  assert.ok(Date.now() - started < 2000, `rejected after ${Date.now() - started} ms`);
  assert.deepEqual(net.map((e) => e.data), ['disconnected']);
  assert.equal(im._conn, 'idle', 'no reconnect loop for a session that never opened');
});

/** A WebSocket stand-in: sockets open (and answer every command) unless `refuse` says so. */
function fakeSockets() {
  const env = { sockets: 0, refuse: () => false };
  env.WebSocket = class {
    constructor(url) {
      this.url = url;
      env.sockets += 1;
      const refused = env.refuse(url);
      if (refused instanceof Error) throw refused;
      setTimeout(() => {
        if (refused) this.onclose?.({ code: 1006, reason: '' });
        else this.onopen?.({});
      }, 1);
    }
    send(text) {
      const f = JSON.parse(text);
      setTimeout(() => this.onmessage?.({ data: JSON.stringify({ id: f.id, code: 0, data: { userID: f.data?.userID } }) }), 1);
    }
    close() {}
  };
  return env;
}

function fakeIM(env, extra = {}) {
  const im = new IM({ SDKAppID: 1400000001, server: 'ws://127.0.0.1:8080', WebSocket: env.WebSocket, reconnectMinDelay: 20, reconnectMaxDelay: 40, ...extra });
  im.setLogLevel(4);
  return im;
}

/** Runs `fn` as if in a page at `href`. */
async function onPage(href, fn) {
  const saved = Object.getOwnPropertyDescriptor(globalThis, 'location');
  Object.defineProperty(globalThis, 'location', { value: new URL(href), configurable: true });
  try {
    return await fn();
  } finally {
    if (saved) Object.defineProperty(globalThis, 'location', saved);
    else delete globalThis.location;
  }
}

test('on a public page a blocked local server is reported as Local Network Access; the next call tries again', async (t) => {
  const env = fakeSockets();
  env.refuse = () => true;
  const im = fakeIM(env);
  t.after(() => im._shutdown());
  await onPage('https://app.example.com/live', async () => {
    await assert.rejects(within(1000, im.login({ userID: 'alice', userSig: SIG })), (err) => {
      assert.equal(err.code, 60090);
      assert.equal(err.data.cause, 'localNetworkAccess');
      assert.match(err.message, /Local Network Access/);
      return true;
    });
    await sleep(100); // > the reconnect delays
    assert.equal(env.sockets, 1, 'not retried');
    env.refuse = () => false;
    assert.equal((await im.login({ userID: 'alice', userSig: SIG })).code, 0);
    assert.equal(env.sockets, 2);
  });
});

test('a WebSocket constructor that throws (mixed content) fails the call at once with the cause', async (t) => {
  const env = fakeSockets();
  env.refuse = () => Object.assign(new Error("Failed to construct 'WebSocket': An insecure WebSocket connection may not be initiated from a page loaded over HTTPS."), { name: 'SecurityError', code: 18 });
  const im = fakeIM(env, { server: 'http://live.example.com' });
  t.after(() => im._shutdown());
  await onPage('https://app.example.com/', async () => {
    await assert.rejects(within(1000, im.enterRoom('r1')), (err) => {
      assert.equal(err.code, 60090);
      assert.deepEqual(err.data, { cause: 'mixedContent', server: 'ws://live.example.com' });
      return true;
    });
  });
});

test('after a session was open, sockets that never open are retried with backoff and calls wait', async (t) => {
  const env = fakeSockets();
  const im = fakeIM(env);
  t.after(() => im._shutdown());
  const net = record(im, [EVENT.IM_NET_STATE_CHANGED]);
  await im.login({ userID: 'alice', userSig: SIG });
  let refusals = 0;
  env.refuse = () => refusals++ < 3;
  im._ws.onclose({ code: 1006, reason: '' });
  const profile = im.getMyProfile();
  await waitUntil(() => net.at(-1)?.data === 'connected' && refusals > 3, { what: 'recovery', timeoutMs: 3000 });
  assert.equal((await profile).code, 0);
  assert.deepEqual(net.map((e) => e.data), ['connected', 'connecting', 'connected']);
  assert.equal(env.sockets, 5);
});

test('Player.startPlay against a server that refuses rejects at once and emits RTC_CLIENT_ERROR', async () => {
  const port = await closedPort();
  const player = new Player({ server: `ws://127.0.0.1:${port}`, WebSocket });
  player.setLogLevel(4);
  const errors = record(player, [EVENT.RTC_CLIENT_ERROR]);
  const states = record(player, [EVENT.RTC_CONNECTION_STATE_CHANGED]);
  const url = `room://sdkappid=1400000001&roomid=1001&userid=viewer&usersig=${SIG}`;
  await assert.rejects(within(3000, player.startPlay(url)), (err) => err.code === 60090);
  assert.equal(errors.length, 1);
  assert.equal(errors[0].data.code, 60090);
  assert.match(errors[0].data.message, new RegExp(`^startPlay failed: could not connect to ws://127\\.0\\.0\\.1:${port}`));
  assert.ok(!errors[0].data.message.includes(SIG));
  assert.deepEqual(states.map((e) => e.data.state), ['CONNECTING', 'DISCONNECTED']);
});
