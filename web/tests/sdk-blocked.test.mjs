// A connection the browser blocks, in Debian's Chromium against a real liveroom: the SDK's
// calls fail at once with 60090 and the likely cause instead of timing out.
//
// Local Network Access: the page is served as http://app.example.com:<port> (the name
// mapped to 127.0.0.1, that address and port declared public with
// --ip-address-space-overrides, the origin treated as secure so the permission can be
// granted) and liveroom listens on 127.0.0.1, a loopback address. Chromium blocks the
// WebSocket (net::ERR_BLOCKED_BY_LOCAL_NETWORK_ACCESS_CHECKS) unless the site was granted
// local-network access; IM login, Pusher.startPush and Player.startPlay must each reject
// within 3 s (instead of after 10 s / 15 s) with the Local Network Access cause, and work
// once the permission is granted. A page on a private origin and a port where nothing
// listens get the plain "could not connect".

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:net';

import { SDKAPPID, startServer, userSig } from '../sdk/testing/helpers.mjs';
import { launchChromium, poll, servePages } from './browser.mjs';

const PUBLIC_HOST = 'app.example.com';
let server;
let publicPages;
let privatePages;
let browser;

before(async () => {
  server = await startServer();
  publicPages = await servePages();
  privatePages = await servePages();
  const port = new URL(publicPages.origin).port;
  browser = await launchChromium({
    args: [
      `--host-resolver-rules=MAP ${PUBLIC_HOST} 127.0.0.1`,
      `--ip-address-space-overrides=127.0.0.1:${port}=public`,
      `--unsafely-treat-insecure-origin-as-secure=http://${PUBLIC_HOST}:${port}`,
    ],
  });
});

after(async () => {
  await browser?.close();
  await publicPages?.close();
  await privatePages?.close();
  await server?.stop();
});

/** The SDK test page at `origin` in a fresh context; `console` collects its console lines. */
async function sdkPage(origin, contextOptions = {}) {
  const page = await (await browser.newContext(contextOptions)).newPage();
  page.console = [];
  page.on('console', (m) => page.console.push(m.text()));
  await page.goto(`${origin}/sdk-rtc.html`);
  await poll(() => page.evaluate(() => window.ready === true), { timeoutMs: 10000, what: 'SDK page loaded' });
  return page;
}

/** In the page: IM login, Pusher.startPush or Player.startPlay; its outcome and duration. */
const IN_PAGE = async ({ kind, server: s, sdkAppID, userID, userSig: sig }) => {
  const T = window.TWebLive;
  const url = `room://sdkappid=${sdkAppID}&roomid=4001&userid=${userID}&usersig=${sig}`;
  const started = performance.now();
  try {
    if (kind === 'im') {
      const im = T.createIM({ SDKAppID: sdkAppID, server: s });
      im.setLogLevel(4);
      await im.login({ userID, userSig: sig });
    } else if (kind === 'pusher') {
      const pusher = T.createPusher({ userID, server: s });
      pusher.setLogLevel(4);
      window.record(pusher, 'pusher');
      await pusher.setRenderView({ elementID: 'view', audio: true, video: '480p' });
      await pusher.startPush(url);
    } else {
      const player = T.createPlayer({ server: s });
      player.setLogLevel(4);
      window.record(player, 'player');
      player.setRenderView({ elementID: 'view' });
      await player.startPlay(url);
    }
    return { ok: true, ms: performance.now() - started };
  } catch (e) {
    return { ok: false, ms: performance.now() - started, code: e.code, message: e.message, data: e.data };
  }
};

async function attempt(page, kind, serverUrl, userID) {
  const sig = await userSig(server.addr, userID);
  return page.evaluate(IN_PAGE, { kind, server: serverUrl, sdkAppID: SDKAPPID, userID, userSig: sig });
}

const clientErrors = (page) => page.evaluate(() => window.eventsOf(window.TWebLive.EVENT.RTC_CLIENT_ERROR).map((e) => ({ who: e.who, ...e.data })));

test('a public page and liveroom on loopback: Chromium blocks it (Local Network Access) and the SDK says so at once', { timeout: 90000 }, async () => {
  const origin = `http://${PUBLIC_HOST}:${new URL(publicPages.origin).port}`;
  const serverUrl = `http://${server.addr}`;
  const page = await sdkPage(origin);
  assert.equal(await page.evaluate(() => window.isSecureContext), true);

  for (const kind of ['im', 'pusher', 'player']) {
    const r = await attempt(page, kind, serverUrl, `lna_${kind}`);
    assert.equal(r.ok, false, `${kind} must fail`);
    assert.ok(r.ms < 3000, `${kind} rejected after ${Math.round(r.ms)} ms`);
    assert.equal(r.code, 60090, `${kind}: ${r.message}`);
    assert.deepEqual(r.data, { cause: 'localNetworkAccess', server: `ws://${server.addr}` });
    assert.match(r.message, new RegExp(`^could not connect to ws://${server.addr.replace(/\./g, '\\.')}: `));
    assert.match(r.message, /this page \(http:\/\/app\.example\.com:\d+\) is on a public address and the server on this device \(loopback\) \(Local Network Access\)/);
    assert.match(r.message, /when Chromium asks/);
  }
  assert.ok(page.console.some((line) => line.includes('ERR_BLOCKED_BY_LOCAL_NETWORK_ACCESS_CHECKS')), 'Chromium says why, in its console only');
  const errors = await clientErrors(page);
  assert.deepEqual(errors.map((e) => [e.who, e.code]), [['pusher', 60090], ['player', 60090]]);
  assert.match(errors[0].message, /^startPush failed: could not connect to ws:\/\/.*Local Network Access/);
  assert.match(errors[1].message, /^startPlay failed: could not connect to ws:\/\/.*Local Network Access/);
  await page.context().close();

  // The same page once the site may access the local network: it logs in.
  const allowed = await sdkPage(origin, { permissions: ['local-network-access'] });
  const r = await attempt(allowed, 'im', serverUrl, 'lna_allowed');
  assert.deepEqual([r.ok, r.message], [true, undefined]);
  await allowed.context().close();
});

test('a private page and a port where nothing listens: "could not connect" at once, not a time-out', { timeout: 60000 }, async () => {
  const probe = createServer();
  await new Promise((r) => probe.listen(0, '127.0.0.1', r));
  const closed = probe.address().port;
  await new Promise((r) => probe.close(r));

  const page = await sdkPage(privatePages.origin);
  const r = await attempt(page, 'im', `http://127.0.0.1:${closed}`, 'nobody_home');
  assert.equal(r.ok, false);
  assert.ok(r.ms < 3000, `rejected after ${Math.round(r.ms)} ms`);
  assert.equal(r.code, 60090);
  assert.deepEqual(r.data, { cause: 'unreachable', server: `ws://127.0.0.1:${closed}` });
  assert.equal(r.message, `could not connect to ws://127.0.0.1:${closed} (nothing answered there, or the network, a proxy or the browser refused the connection)`);
  await page.context().close();
});
