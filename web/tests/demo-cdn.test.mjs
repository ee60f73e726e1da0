// The demo's CDN player: an anchor goes live through the pusher page; viewers open the
// player page in CDN mode, once HLS only (`https://hls=…`) and once FLV only
// (`https://flv=…`), built from this server's `/live/<streamid>.m3u8` / `.flv`. The video
// element's currentTime must advance. Needs the server's CDN origin and the SDK's CDN
// engine; without them this fails (with the page's error and the origin's HTTP status).

import { test, before } from 'node:test';
import assert from 'node:assert/strict';

import { demoSuite, openPage, tid, demoReady, goLive, screenshot, poll, SDKAPPID } from './demo-server.mjs';

const env = demoSuite();
let live;
before(async () => {
  await env.ready;
  live = await goLive(env, 'cdnanchor', { title: 'CDN test live' });
});

async function originStatus(path) {
  try {
    const res = await fetch(`${env.origin}${path}`, { signal: AbortSignal.timeout(4000) });
    await res.body?.cancel();
    return `${res.status} ${res.headers.get('content-type') || ''}`;
  } catch (e) {
    return `fetch failed: ${e.message}`;
  }
}

/** liveroom's CDN counters (frames dropped for want of a keyframe, etc.), for a failure. */
async function cdnMetrics() {
  try {
    const res = await fetch(`http://${env.server.addr}/metrics`, { signal: AbortSignal.timeout(4000) });
    return (await res.text()).split('\n').filter((l) => l.startsWith('liveroom_cdn_') && !/_(bucket|sum|count)[{ ]/.test(l)).join('\n    ');
  } catch (e) {
    return `metrics: ${e.message}`;
  }
}

async function playsCdn(format) {
  const { roomID } = live;
  const stream = `${SDKAPPID}_${roomID}_cdnanchor_main`;
  const page = await openPage(env, `/player.html?sdkappid=${SDKAPPID}&room=${roomID}&anchor=cdnanchor&mode=cdn&format=${format}`);
  await demoReady(page);
  const url = await page.evaluate(() => window.__liveroomPlayUrl);
  const ext = format === 'hls' ? 'm3u8' : 'flv';
  assert.equal(url, `https://${format}=${encodeURIComponent(`${env.origin}/live/${stream}.${ext}`)}`);
  const currentTime = () => page.evaluate(() => {
    const v = document.querySelector('#player-view video');
    return v ? v.currentTime : -1;
  });
  let first;
  try {
    first = await poll(async () => {
      const t = await currentTime();
      return t > 0.5 ? t : null;
    }, { timeoutMs: 45000, intervalMs: 500, what: `${format.toUpperCase()} playback starting` });
    const later = await poll(async () => {
      const t = await currentTime();
      return t > first + 2 ? t : null;
    }, { timeoutMs: 20000, intervalMs: 500, what: `${format.toUpperCase()} currentTime advancing` });
    assert.ok(later > first);
    const size = await page.evaluate(() => {
      const v = document.querySelector('#player-view video');
      return [v.videoWidth, v.videoHeight];
    });
    assert.deepEqual(size, [1280, 720], 'plays at the published 720p');
  } catch (err) {
    const overlay = await page.locator(tid('player-overlay')).textContent().catch(() => '');
    const state = await page.locator(tid('player-state')).getAttribute('data-state').catch(() => '');
    err.message += `\n  player state: ${state}; overlay: ${JSON.stringify(overlay)}`
      + `\n  GET /live/${stream}.${ext}: ${await originStatus(`/live/${stream}.${ext}`)}`
      + `\n  page errors: ${JSON.stringify(page.errors)}`
      + `\n  liveroom CDN metrics:\n    ${await cdnMetrics()}`;
    await screenshot(page, `demo-player-cdn-${format}-failed.png`).catch(() => {});
    throw err;
  }
  await poll(async () => (await page.locator(tid('player-state')).getAttribute('data-state')) === 'live', { timeoutMs: 5000, what: 'player state live' });
  await screenshot(page, `demo-player-cdn-${format}.png`);
  assert.deepEqual(page.errors, []);
  await page.context().close();
}

test('demo CDN player: HLS currentTime advances', { timeout: 120000 }, async () => {
  await playsCdn('hls');
});

test('demo CDN player: FLV currentTime advances', { timeout: 120000 }, async () => {
  await playsCdn('flv');
});
