// Port check: pages/tweblive-port.html is written only against TWebLive 1.x's documented
// API (createPusher → setRenderView → startPush('room://…'); createPlayer → setRenderView →
// startPlay('room://…'); createIM → IM_READY → login → enterRoom → sendTextMessage), loads
// the SDK only through <script src="/sdk/tweblive.js"> and uses the global TWebLive. It
// runs unchanged on liveroom: the page is served on the same origin as liveroom — a small
// front (as an app's own web server would be) answers the page itself and passes every
// other request, WebSocket upgrades included (/sdk/tweblive.js, /im, /api), to liveroom —
// an anchor pushes, a viewer plays, and they chat both ways. The same page also runs on an
// origin of its own that liveroom is not behind, loading the SDK from liveroom's origin
// (`<script src="http://<liveroom>/sdk/tweblive.js">`): the SDK then talks to the server
// it came from.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { createServer, request } from 'node:http';
import { connect } from 'node:net';

import { userSig, SDKAPPID } from '../sdk/testing/helpers.mjs';
import { browserSuite, poll } from './browser.mjs';

const PAGE = new URL('./pages/tweblive-port.html', import.meta.url);
const PAGE_PATH = '/port-check/tweblive-port.html';
const env = browserSuite();
let server;
let browser;
let front;
let elsewhere;
before(async () => {
  ({ server, browser } = await env.ready);
  front = await startFront(server.addr);
  elsewhere = await startFront(server.addr, { proxy: false });
});
after(() => Promise.all([front?.close(), elsewhere?.close()]));

/**
 * The app's web server: serves the page and, with `proxy`, passes everything else to
 * liveroom at `addr`. Without it the page is alone on its origin and loads the SDK from
 * liveroom's (the script tag's address is the only change).
 */
async function startFront(addr, { proxy = true } = {}) {
  const [host, port] = addr.split(':');
  let html = await readFile(PAGE, 'utf8');
  if (!proxy) {
    html = html.replace('<script src="/sdk/tweblive.js"></script>', `<script src="http://${addr}/sdk/tweblive.js"></script>`);
    assert.ok(html.includes(`http://${addr}/sdk/tweblive.js`), 'the page loads the SDK from liveroom');
  }
  const http = createServer((req, res) => {
    if (new URL(req.url, 'http://x').pathname === PAGE_PATH) {
      res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' }).end(html);
      return;
    }
    if (!proxy) {
      res.writeHead(404).end();
      return;
    }
    const up = request({ host, port, method: req.method, path: req.url, headers: { ...req.headers, host: addr } }, (r) => {
      res.writeHead(r.statusCode, r.headers);
      r.pipe(res);
    });
    up.on('error', () => res.destroy());
    req.pipe(up);
  });
  http.on('upgrade', (req, socket, head) => {
    if (!proxy) {
      socket.destroy();
      return;
    }
    const up = connect(Number(port), host, () => {
      const lines = [`${req.method} ${req.url} HTTP/1.1`];
      for (let i = 0; i < req.rawHeaders.length; i += 2) {
        lines.push(`${req.rawHeaders[i]}: ${/^host$/i.test(req.rawHeaders[i]) ? addr : req.rawHeaders[i + 1]}`);
      }
      up.write(lines.join('\r\n') + '\r\n\r\n');
      if (head.length) up.write(head);
      socket.pipe(up).pipe(socket);
    });
    const drop = () => { socket.destroy(); up.destroy(); };
    up.on('error', drop);
    socket.on('error', drop);
  });
  await new Promise((r) => http.listen(0, '127.0.0.1', r));
  return {
    origin: `http://127.0.0.1:${http.address().port}`,
    close: () => { http.closeAllConnections(); return new Promise((r) => http.close(r)); },
  };
}

async function open(role, userid, roomid, site = front) {
  const context = await browser.newContext();
  const url = `${site.origin}${PAGE_PATH}`;
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.errors = errors;
  const q = new URLSearchParams({ role, sdkappid: String(SDKAPPID), roomid, userid, usersig: await userSig(server.addr, userid) });
  await page.goto(`${url}?${q}`);
  return page;
}

const state = (page) => page.evaluate(() => window.state);

test('a TWebLive page ported unchanged: anchor pushes, viewer plays over WebRTC, both chat', { timeout: 150000 }, async () => {
  await portedPage(front, '8931', 'port');
});

test('the same page on an origin of its own, the SDK loaded from liveroom: it talks to liveroom', { timeout: 150000 }, async () => {
  assert.notEqual(new URL(elsewhere.origin).port, server.addr.split(':')[1]);
  await portedPage(elsewhere, '8932', 'away');
});

/** The port check on `site`: anchor pushes, viewer plays, both chat. */
async function portedPage(site, roomid, prefix) {
  const anchorID = `${prefix}_anchor`;
  const viewerID = `${prefix}_viewer`;
  const anchor = await open('anchor', anchorID, roomid, site);
  await poll(async () => {
    const s = await state(anchor);
    return s.pushing || s.errors.length ? s : null;
  }, { timeoutMs: 40000, what: 'the anchor pushing' });
  let a = await state(anchor);
  assert.deepEqual(a.errors, []);
  assert.equal(a.enterStatus, 'JoinedSuccess');
  assert.equal(a.liveStreamURL, `https://${new URL(site.origin).host}/live/${SDKAPPID}_${roomid}_${anchorID}_main.flv`);
  assert.ok(a.events.includes('t_im_ready'));
  await poll(async () => (await state(anchor)).events.includes('t_connection_state_changed'), { what: 'pusher connection state' });

  const viewer = await open('viewer', viewerID, roomid, site);
  await poll(async () => {
    const s = await state(viewer);
    return s.playing || s.errors.length ? s : null;
  }, { timeoutMs: 40000, what: 'the viewer playing (PLAYER_PLAYING)' });
  assert.deepEqual((await state(viewer)).errors, []);
  // Frames really arrive: the viewer's <video> inside #player-container advances at 1280x720.
  const first = await viewer.evaluate(() => document.querySelector('#player-container video').currentTime);
  await poll(() => viewer.evaluate((t0) => {
    const v = document.querySelector('#player-container video');
    return v.currentTime > t0 + 2 && v.videoWidth === 1280 && v.videoHeight === 720;
  }, first), { timeoutMs: 30000, what: 'viewer video advancing at 1280x720' });

  // Chat both ways: each side receives the other's text (never its own).
  assert.equal(await viewer.evaluate(() => window.sendText('hello from the viewer')), 'hello from the viewer');
  await poll(async () => (await state(anchor)).received.length >= 1, { timeoutMs: 15000, what: 'IM_TEXT_MESSAGE_RECEIVED at the anchor' });
  assert.deepEqual((await state(anchor)).received, [{ name: 't_text_message_received', from: viewerID, text: 'hello from the viewer' }]);
  await anchor.evaluate(() => window.sendText('welcome'));
  await poll(async () => (await state(viewer)).received.some((m) => m.text === 'welcome'), { timeoutMs: 15000, what: 'IM_TEXT_MESSAGE_RECEIVED at the viewer' });
  const v = await state(viewer);
  assert.deepEqual(v.received.filter((m) => m.text === 'welcome'), [{ name: 't_text_message_received', from: anchorID, text: 'welcome' }]);
  assert.ok(!v.received.some((m) => m.from === viewerID), 'no echo of its own message');
  a = await state(anchor);
  assert.deepEqual(a.errors, []);
  assert.deepEqual(anchor.errors, []);
  assert.deepEqual(viewer.errors, []);
  await viewer.evaluate(() => window.player.stopPlay());
  await anchor.evaluate(() => window.pusher.stopPush());
  await viewer.context().close();
  await anchor.context().close();
}
