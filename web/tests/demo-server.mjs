// Setup of the demo app's browser tests: a liveroom server, the origin the demo is served
// from, Chromium, and helpers to drive the demo's pages.
//
// The demo is served by liveroom itself at `/` (embedded files, or from disk with
// LIVEROOM_WEB_DIR, which this file sets to web/ so the current web/demo/dist and
// web/sdk/dist are used without rebuilding the binary). A binary that does not serve the
// demo yet is bridged by a small same-origin proxy (web/demo/dist and web/sdk/dist from
// disk, everything else — /api, /im, /live — forwarded to liveroom); the suite logs which
// one it uses. DEMO_REQUIRE_EMBED=1 makes a missing `/` a failure instead.

import { createServer, request as httpRequest } from 'node:http';
import { connect } from 'node:net';
import { readFile } from 'node:fs/promises';
import { mkdirSync, writeFileSync } from 'node:fs';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { before, after } from 'node:test';

import { startServer, SDKAPPID } from '../sdk/testing/helpers.mjs';
import { chromium } from 'playwright-core';

import { CHROMIUM, launchChromium, poll } from './browser.mjs';

export { SDKAPPID, poll };

const WEB = fileURLToPath(new URL('../', import.meta.url));
const DEMO_DIST = join(WEB, 'demo/dist');
const SDK_DIST = join(WEB, 'sdk/dist');
export const ARTIFACTS = fileURLToPath(new URL('../../test-artifacts/', import.meta.url));

/** The two screens the demo is checked on: a PC (1280x800) and a phone (390x844). */
export const PC = { viewport: { width: 1280, height: 800 } };
export const PHONE = {
  viewport: { width: 390, height: 844 },
  deviceScaleFactor: 2,
  isMobile: true,
  hasTouch: true,
  userAgent: 'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Mobile Safari/537.36',
};

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.json': 'application/json',
};

/** Does liveroom at `addr` serve the demo at `/`? */
async function servesDemo(addr) {
  try {
    const res = await fetch(`http://${addr}/`, { signal: AbortSignal.timeout(5000) });
    const body = await res.text();
    if (!res.ok || !body.includes('/assets/home.js')) return false;
    const js = await fetch(`http://${addr}/assets/player.js`, { signal: AbortSignal.timeout(5000) });
    return js.ok;
  } catch {
    return false;
  }
}

/** Same-origin bridge: demo + SDK files from disk, everything else proxied to liveroom. */
async function demoProxy(addr) {
  const [host, port] = [addr.split(':')[0], Number(addr.split(':')[1])];
  const server = createServer(async (req, res) => {
    const path = new URL(req.url, 'http://x').pathname;
    let file = null;
    if (path === '/' || path.endsWith('.html') || path.startsWith('/assets/')) {
      const rel = normalize(decodeURIComponent(path === '/' ? '/index.html' : path)).replace(/^[/\\]+/, '');
      if (!rel.includes('..')) file = join(DEMO_DIST, rel);
    } else if (path === '/sdk/tweblive.esm.js' || path === '/sdk/tweblive.js') {
      file = join(SDK_DIST, path.slice(5));
    }
    if (file) {
      try {
        const body = await readFile(file);
        res.writeHead(200, { 'Content-Type': TYPES[extname(file)] || 'application/octet-stream', 'Cache-Control': 'no-store' }).end(body);
      } catch {
        res.writeHead(404).end('not found');
      }
      return;
    }
    const up = httpRequest({ host, port, method: req.method, path: req.url, headers: { ...req.headers, host: addr } }, (r) => {
      res.writeHead(r.statusCode, r.headers);
      r.pipe(res);
    });
    up.on('error', () => res.writeHead(502).end());
    req.pipe(up);
  });
  server.on('upgrade', (req, socket, head) => {
    const up = connect(port, host, () => {
      const lines = [`${req.method} ${req.url} HTTP/1.1`];
      for (let i = 0; i < req.rawHeaders.length; i += 2) {
        const name = req.rawHeaders[i];
        lines.push(`${name}: ${name.toLowerCase() === 'host' ? addr : req.rawHeaders[i + 1]}`);
      }
      up.write(`${lines.join('\r\n')}\r\n\r\n`);
      if (head && head.length) up.write(head);
      up.pipe(socket);
      socket.pipe(up);
    });
    const end = () => {
      up.destroy();
      socket.destroy();
    };
    up.on('error', end);
    socket.on('error', end);
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  return {
    origin: `http://127.0.0.1:${server.address().port}`,
    close: () => new Promise((r) => {
      server.closeAllConnections?.();
      server.close(r);
    }),
  };
}

/**
 * before / after hooks of a demo test file: liveroom, the demo origin and one Chromium.
 * `await suite.ready` gives `{server, origin, browser, embedded}`. `serverConfig` is TOML
 * added to the server's config and `record` records the test app's streams (startServer's
 * `config` and `record`).
 */
export function demoSuite({ serverConfig, record } = {}) {
  const env = { contexts: [] };
  let settle;
  env.ready = new Promise((resolve, reject) => { settle = { resolve, reject }; });
  before(async () => {
    try {
      process.env.LIVEROOM_WEB_DIR ??= WEB;
      env.server = await startServer({ ...(serverConfig ? { config: serverConfig } : {}), ...(record ? { record } : {}) });
      env.embedded = await servesDemo(env.server.addr);
      if (env.embedded) {
        env.origin = `http://${env.server.addr}`;
        console.log(`# demo served by liveroom at ${env.origin}`);
      } else {
        if (process.env.DEMO_REQUIRE_EMBED === '1') throw new Error(`liveroom at ${env.server.addr} does not serve the demo at /`);
        env.proxy = await demoProxy(env.server.addr);
        env.origin = env.proxy.origin;
        console.log(`# liveroom does not serve the demo at / yet: same-origin proxy ${env.origin} -> ${env.server.addr}`);
      }
      env.browser = await launchChromium();
      mkdirSync(ARTIFACTS, { recursive: true });
      settle.resolve(env);
    } catch (e) {
      settle.reject(e);
      throw e;
    }
  });
  after(async () => {
    for (const c of env.contexts) await c.close().catch(() => {});
    await env.browser?.close();
    await env.proxy?.close();
    await env.server?.stop();
  });
  return env;
}

/**
 * A Chromium like browser.mjs's, but with the default autoplay policy of a real browser
 * (unmuted playback needs a user gesture), for the "tap to play" path.
 */
export function launchAutoplayBlocked() {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
      '--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream',
      '--autoplay-policy=document-user-activation-required',
    ],
  });
}

/**
 * Opens `url` (on the demo origin) in `page` without evaluating anything in it (every
 * Playwright evaluation or locator query carries a user gesture, which unlocks autoplay).
 * An init script watches the player and reports over the console: 'tap-to-play' once the
 * button has been shown for a moment and the video element holds the stream's audio and
 * video tracks (no further play() is coming), 'playing' whenever the player goes live. Resolves with
 * `{first, events, tapAt}`: the first report, the list of all reports so far (kept up to
 * date) and the centre of the tap-to-play button at the first report.
 */
export async function watchAutoplay(env, page, url, timeoutMs = 30000) {
  await page.context().addInitScript(() => {
    let last = null;
    let shownSince = 0;
    setInterval(() => {
      const tap = document.querySelector('[data-testid="tap-to-play"]');
      const state = document.querySelector('[data-testid="player-state"]');
      const video = document.querySelector('#player-view video');
      const kinds = video && video.srcObject ? video.srcObject.getTracks().map((t) => t.kind).sort().join() : '';
      const shown = tap && !tap.hidden && kinds === 'audio,video';
      shownSince = shown ? shownSince || Date.now() : 0;
      // 'tap-to-play' once the button's entrance animation is over (it has its place).
      const what = state && state.dataset.state === 'live' ? 'playing'
        : shown && Date.now() - shownSince > 600 ? 'tap-to-play' : null;
      if (what && what !== last) {
        last = what;
        const r = tap.getBoundingClientRect();
        console.info(`[demo-test] autoplay: ${JSON.stringify({ what, x: r.x + r.width / 2, y: r.y + r.height / 2 })}`);
      }
    }, 100);
  });
  const events = [];
  let first;
  const told = new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no tap-to-play or playing within ${timeoutMs} ms`)), timeoutMs);
    page.on('console', (m) => {
      const text = m.text();
      if (!text.startsWith('[demo-test] autoplay: ')) return;
      const e = JSON.parse(text.slice('[demo-test] autoplay: '.length));
      events.push(e.what);
      if (!first) {
        first = e;
        clearTimeout(timer);
        resolve();
      }
    });
  });
  await page.goto(new URL(url, env.origin).href);
  await told;
  return { first: first.what, events, tapAt: { x: first.x, y: first.y } };
}

/** A new browser context + page with console / page errors collected. */
export async function openPage(env, url, contextOptions = {}) {
  const browser = contextOptions.browser || env.browser;
  delete contextOptions.browser;
  const context = await browser.newContext({ viewport: { width: 1366, height: 820 }, ...contextOptions });
  env.contexts.push(context);
  const page = await context.newPage();
  page.errors = [];
  page.on('pageerror', (e) => page.errors.push(String(e)));
  page.setDefaultTimeout(15000);
  if (url) await page.goto(new URL(url, env.origin).href);
  return page;
}

export const tid = (id) => `[data-testid="${id}"]`;

/** Signs in through the demo's dialog (opens it with the header button if needed). */
export async function signInThroughDialog(page, userID) {
  if (!(await page.locator(tid('login-dialog')).isVisible())) await page.click(tid('login-button'));
  await page.fill(tid('login-userid'), userID);
  await page.click(tid('login-submit'));
  await page.locator(tid('user-nick')).waitFor({ state: 'visible', timeout: 15000 });
}

/** Waits for the page script's end-of-setup flag. */
export function demoReady(page, timeoutMs = 20000) {
  return page.waitForFunction(() => window.__liveroomDemoReady === true, null, { timeout: timeoutMs });
}

/** Inbound video stats of the demo player's peer connection (the SDK's `_pc`). */
export function inboundVideo(page) {
  return page.evaluate(async () => {
    const pc = window.__liveroomPlayer && window.__liveroomPlayer._pc;
    if (!pc) return null;
    let out = null;
    (await pc.getStats()).forEach((s) => {
      if (s.type === 'inbound-rtp' && s.kind === 'video') {
        out = { framesDecoded: s.framesDecoded || 0, frameWidth: s.frameWidth || 0, frameHeight: s.frameHeight || 0 };
      }
    });
    return out;
  });
}

/** Asserts decoded frames keep increasing at width x height; returns the last stats. */
export async function framesKeepIncreasing(page, width, height, what) {
  const first = await poll(async () => {
    const s = await inboundVideo(page);
    return s && s.framesDecoded > 0 ? s : null;
  }, { timeoutMs: 30000, what: `${what}: first decoded frames` });
  return poll(async () => {
    const s = await inboundVideo(page);
    return s && s.framesDecoded > first.framesDecoded + 30 && s.frameWidth === width && s.frameHeight === height ? s : null;
  }, { timeoutMs: 30000, what: `${what}: frames keep increasing at ${width}x${height}` });
}

export async function screenshot(page, name) {
  const path = join(ARTIFACTS, name);
  await page.screenshot({ path });
  return path;
}

/**
 * A screenshot straight from the DevTools protocol: unlike page.screenshot it evaluates
 * nothing in the page, so it gives the page no user gesture (see watchAutoplay).
 */
export async function rawScreenshot(page, name, { scale = 1 } = {}) {
  const cdp = await page.context().newCDPSession(page);
  try {
    const { width, height } = page.viewportSize();
    const { data } = await cdp.send('Page.captureScreenshot', { format: 'png', clip: { x: 0, y: 0, width, height, scale } });
    const path = join(ARTIFACTS, name);
    writeFileSync(path, Buffer.from(data, 'base64'));
    return path;
  } finally {
    await cdp.detach().catch(() => {});
  }
}

/**
 * Goes live through the demo's pusher page (sign in, create the room, start at
 * `resolution`); resolves {page, roomID}.
 */
export async function goLive(env, userID, { title = `${userID} live`, resolution = '720p', contextOptions } = {}) {
  const page = await openPage(env, `/pusher.html?sdkappid=${SDKAPPID}&resolution=${resolution}`, contextOptions);
  await page.locator(tid('login-dialog')).waitFor();
  await signInThroughDialog(page, userID);
  await page.locator(tid('create-room-dialog')).waitFor();
  await page.fill(tid('create-room-title'), title);
  await page.click(tid('create-room-submit'));
  await demoReady(page);
  const roomID = new URL(page.url()).searchParams.get('room');
  await page.click(tid('start-push'));
  await page.locator(tid('live-badge')).waitFor({ state: 'visible', timeout: 20000 });
  await poll(async () => (await page.locator(tid('push-state')).getAttribute('data-state')) === 'live', { what: `${userID} live` });
  return { page, roomID };
}
