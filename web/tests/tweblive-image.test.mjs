// Image messages in Chromium, the port way: pages/tweblive-image.html uses only TWebLive's
// documented API (createIM → login → enterRoom; sendImageMessage({roomID, file});
// EVENT.IM_IMAGE_MESSAGE_RECEIVED) and loads the SDK with a script tag from liveroom's
// origin while the page itself is on another loopback origin. So the upload
// (POST /api/rooms/{room}/images), the WebSocket and the images all go across origins.
// User A sends a PNG the browser drew (canvas.toBlob) as a File and then through the
// <input type=file> element; user B gets IM_IMAGE_MESSAGE_RECEIVED with the same uuid and
// size and its <img> of the URL loads at that width. A text file is refused with 60024, an
// image over 5 MiB with 80002, a call without a file with 2251.
//
// liveroom serves the SDK from web/sdk/dist (LIVEROOM_WEB_DIR), so the current build runs.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, writeFile, mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { userSig, SDKAPPID } from '../sdk/testing/helpers.mjs';
import { pngBytes } from '../sdk/testing/png.mjs';
import { browserSuite, poll } from './browser.mjs';

process.env.LIVEROOM_WEB_DIR ??= fileURLToPath(new URL('../', import.meta.url));

const PAGE = new URL('./pages/tweblive-image.html', import.meta.url);
const env = browserSuite();
let server;
let browser;
let site;
let tmp;

before(async () => {
  ({ server, browser } = await env.ready);
  site = await servePage(server.addr);
  tmp = await mkdtemp(join(tmpdir(), 'liveroom-image-test-'));
});
after(async () => {
  await site?.close();
  if (tmp) await rm(tmp, { recursive: true, force: true });
});

/** The app's own web server: the page alone on its origin, the SDK from liveroom's. */
async function servePage(addr) {
  const html = (await readFile(PAGE, 'utf8')).replace('<script src="SDK_SRC">', `<script src="http://${addr}/sdk/tweblive.js">`);
  assert.ok(html.includes(`<script src="http://${addr}/sdk/tweblive.js">`), 'the page loads the SDK from liveroom');
  const http = createServer((req, res) => {
    if (new URL(req.url, 'http://x').pathname === '/app/images.html') {
      res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' }).end(html);
    } else {
      res.writeHead(404).end();
    }
  });
  await new Promise((r) => http.listen(0, '127.0.0.1', r));
  return {
    origin: `http://127.0.0.1:${http.address().port}`,
    close: () => { http.closeAllConnections(); return new Promise((r) => http.close(r)); },
  };
}

async function open(role, userid, roomid) {
  const context = await browser.newContext();
  const page = await context.newPage();
  page.errors = [];
  page.on('pageerror', (e) => page.errors.push(String(e)));
  const q = new URLSearchParams({ role, sdkappid: String(SDKAPPID), roomid, userid, usersig: await userSig(server.addr, userid) });
  await page.goto(`${site.origin}/app/images.html?${q}`);
  await poll(async () => {
    const s = await page.evaluate(() => window.state);
    return s.inRoom || s.errors.length ? s : null;
  }, { timeoutMs: 15000, what: `${userid} in the room` });
  assert.deepEqual((await page.evaluate(() => window.state)).errors, []);
  return page;
}

/** Waits for B's <img> of `uuid` and returns its natural size. */
function loadedImage(page, uuid) {
  return poll(() => page.evaluate((id) => {
    const img = document.getElementById(`img-${id}`);
    return img && img.complete && img.naturalWidth > 0
      ? { naturalWidth: img.naturalWidth, naturalHeight: img.naturalHeight, src: img.src, href: img.parentElement.href }
      : null;
  }, uuid), { timeoutMs: 15000, what: `the <img> of ${uuid} loaded` });
}

test('a page on another origin sends images with sendImageMessage; the other user gets IM_IMAGE_MESSAGE_RECEIVED and the <img> loads', { timeout: 90000 }, async () => {
  const roomID = 'img8941';
  const a = await open('owner', 'img_alice', roomID);
  const b = await open('member', 'img_bob', roomID);
  assert.notEqual(new URL(site.origin).port, server.addr.split(':')[1], 'page and liveroom on different origins');
  const liveroom = `http://${server.addr}`;

  // 1. A File built from the PNG bytes the browser encoded.
  const sent = await a.evaluate(async () => window.sendImage(await window.makePng(320, 180)));
  assert.equal(sent.code, 0, JSON.stringify(sent));
  assert.equal(sent.type, 'TIMImageElem');
  assert.equal(sent.flow, 'out');
  assert.equal(sent.status, 'success');
  assert.equal(sent.imageFormat, 3);
  assert.deepEqual(sent.infos.map((i) => i.type), [0, 1, 2]);
  for (const info of sent.infos) {
    assert.ok(info.url.startsWith(`${liveroom}/images/`), `absolute URL against the server: ${info.url}`);
    assert.deepEqual([info.width, info.height], [320, 180]);
    assert.ok(info.size > 0);
  }

  await poll(async () => (await b.evaluate(() => window.state.received.length)) >= 1, { timeoutMs: 15000, what: 'IM_IMAGE_MESSAGE_RECEIVED at B' });
  const [got] = await b.evaluate(() => window.state.received);
  assert.equal(got.name, 't_image_message_received');
  assert.equal(got.from, 'img_alice');
  assert.equal(got.flow, 'in');
  assert.equal(got.uuid, sent.uuid);
  assert.deepEqual(got.infos, sent.infos);
  const img = await loadedImage(b, sent.uuid);
  assert.equal(img.naturalWidth, 320);
  assert.equal(img.naturalHeight, 180);
  assert.equal(img.src, sent.infos.find((i) => i.type === 2).url);
  assert.equal(img.href, sent.infos.find((i) => i.type === 0).url);
  // The bytes are readable across origins too (CORS on /images).
  assert.equal(await b.evaluate(async (url) => (await (await fetch(url)).blob()).size, got.infos[0].url), got.infos[0].size);

  // 2. The <input type=file> element itself, as TWebLive accepts it.
  const file = join(tmp, 'picked.png');
  await writeFile(file, pngBytes(96, 64));
  await a.setInputFiles('#image-input', file);
  const picked = await a.evaluate(() => window.sendImage(document.getElementById('image-input')));
  assert.equal(picked.code, 0, JSON.stringify(picked));
  assert.deepEqual([picked.infos[0].width, picked.infos[0].height], [96, 64]);
  const img2 = await loadedImage(b, picked.uuid);
  assert.equal(img2.naturalWidth, 96);

  // 3. Refusals: the server's code and message, and the SDK's own for no file.
  const text = await a.evaluate(() => window.sendImage(new File(['not a picture'], 'note.txt', { type: 'text/plain' })));
  assert.equal(text.rejected, true);
  assert.equal(text.code, 60024);
  assert.match(text.message, /JPEG, PNG, GIF or WebP/);
  const big = await a.evaluate(async () => {
    const png = await window.makePng(8, 8);
    return window.sendImage(new File([png, new Uint8Array(5 * 1024 * 1024)], 'big.png', { type: 'image/png' }));
  });
  assert.equal(big.rejected, true);
  assert.equal(big.code, 80002, JSON.stringify(big));
  const none = await a.evaluate(() => window.sendImage(undefined));
  assert.equal(none.rejected, true);
  assert.equal(none.code, 2251);
  assert.match(none.message, /choose an image/);
  const emptyInput = await a.evaluate(() => {
    const input = document.createElement('input');
    input.type = 'file';
    return window.sendImage(input);
  });
  assert.equal(emptyInput.code, 2251);

  // A received nothing of its own, B nothing of the refused ones.
  await a.waitForTimeout(300);
  assert.deepEqual(await a.evaluate(() => window.state.received), []);
  assert.equal((await b.evaluate(() => window.state.received)).length, 2);
  assert.deepEqual(await a.evaluate(() => window.state.errors), []);
  assert.deepEqual(await b.evaluate(() => window.state.errors), []);
  assert.deepEqual(a.errors, []);
  assert.deepEqual(b.errors, []);
  await a.context().close();
  await b.context().close();
});
