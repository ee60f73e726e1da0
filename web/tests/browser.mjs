// Shared pieces of the browser tests: Debian's Chromium through playwright-core (never a
// downloaded browser), a static server for the test pages, and liveroom's HTTP API.

import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { before, after } from 'node:test';
import { chromium } from 'playwright-core';
import { build } from 'esbuild';

import { startServer } from '../sdk/testing/helpers.mjs';

const PAGES = fileURLToPath(new URL('./pages/', import.meta.url));
// The SDK's ES modules, served under /sdk/ (pages import '/sdk/index.js').
const SDK_SRC = fileURLToPath(new URL('../sdk/src/', import.meta.url));
// The checked-in bundles, served under /dist/ (what liveroom embeds).
const SDK_DIST = fileURLToPath(new URL('../sdk/dist/', import.meta.url));
export const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

let sdkBundle = null;
/**
 * /sdk/index.js for the pages: the SDK's sources bundled in memory as an ES module (they
 * import hls.js and mpegts.js from node_modules, which a browser cannot resolve), so the
 * tests always run the current sources, not web/sdk/dist.
 */
function sdkModule() {
  sdkBundle ??= build({
    entryPoints: [join(SDK_SRC, 'index.js')],
    bundle: true,
    format: 'esm',
    target: 'es2020',
    write: false,
    logLevel: 'silent',
  }).then((r) => r.outputFiles[0].contents);
  return sdkBundle;
}

/** Debian's Chromium; `args` are added to the usual flags, replacing one of the same name. */
export async function launchChromium({ args = [] } = {}) {
  const name = (flag) => flag.split('=')[0];
  const extra = new Set(args.map(name));
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--use-fake-device-for-media-stream',
      '--use-fake-ui-for-media-stream',
      '--autoplay-policy=no-user-gesture-required',
    ].filter((flag) => !extra.has(name(flag))).concat(args),
  });
}

/**
 * Serves tests/pages on 127.0.0.1, sdk/src under /sdk/ (/sdk/index.js bundled, see
 * sdkModule) and sdk/dist under /dist/; resolves {origin, close}.
 */
export async function servePages() {
  const types = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.mjs': 'text/javascript' };
  const server = createServer(async (req, res) => {
    let path;
    try {
      path = normalize(decodeURIComponent(new URL(req.url, 'http://x').pathname)).replace(/^([/\\])+/, '');
    } catch {
      res.writeHead(400).end();
      return;
    }
    if (path.includes('..') || path.includes('\0')) { res.writeHead(400).end(); return; }
    // After normalize() and the '..' check, the path cannot leave its root.
    const file = path.startsWith('sdk/') ? join(SDK_SRC, path.slice(4))
      : path.startsWith('dist/') ? join(SDK_DIST, path.slice(5)) : join(PAGES, path);
    try {
      const body = path === 'sdk/index.js' ? await sdkModule() : await readFile(file);
      res.writeHead(200, { 'Content-Type': types[extname(path)] || 'application/octet-stream' }).end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address();
  return { origin: `http://127.0.0.1:${port}`, close: () => new Promise((r) => server.close(r)) };
}

/**
 * Registers the usual before / after hooks of a browser test file: a liveroom server, the
 * page server and one Chromium. `await suite.ready` gives `{server, pages, browser}`
 * (node runs a file's `before` hooks concurrently, so other hooks must await it).
 * `serverConfig` is TOML added to the server's config (startServer's `config`).
 */
export function browserSuite({ serverConfig } = {}) {
  const env = {};
  let settle;
  env.ready = new Promise((resolve, reject) => { settle = { resolve, reject }; });
  before(async () => {
    try {
      env.server = await startServer(serverConfig ? { config: serverConfig } : undefined);
      env.pages = await servePages();
      env.browser = await launchChromium();
      settle.resolve(env);
    } catch (e) {
      settle.reject(e);
      throw e;
    }
  });
  after(async () => {
    await env.browser?.close();
    await env.pages?.close();
    await env.server?.stop();
  });
  return env;
}

/** Creates room `roomId` owned by `anchor` through liveroom's HTTP API (expects 201). */
export async function createRoom(addr, sdkAppID, anchor, roomId, title = 'test room') {
  const { userSig } = await import('../sdk/testing/helpers.mjs');
  const sig = await userSig(addr, anchor);
  const res = await fetch(`http://${addr}/api/rooms?sdkappid=${sdkAppID}&identifier=${anchor}&usersig=${encodeURIComponent(sig)}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ title, roomId }),
  });
  if (res.status !== 201) throw new Error(`creating room ${roomId}: ${res.status} ${await res.text()}`);
}

/** Polls `fn` until it returns a truthy value (bounded). */
export async function poll(fn, { timeoutMs = 20000, intervalMs = 250, what = 'condition' } = {}) {
  const deadline = Date.now() + timeoutMs;
  let last;
  while (Date.now() < deadline) {
    last = await fn();
    if (last) return last;
    await new Promise((r) => setTimeout(r, intervalMs));
  }
  throw new Error(`timed out waiting for ${what}; last value ${JSON.stringify(last)}`);
}
