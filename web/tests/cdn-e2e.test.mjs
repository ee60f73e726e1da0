// CDN playback end to end through liveroom's own origin: a Chromium anchor publishes with
// the SDK (fake camera, 640x480), and viewers play it with the SDK's Player from
// `https://flv=<…/live/<sdkappid>_<roomid>_<userid>_main.flv>&hls=<….m3u8>` on liveroom
// (http on 127.0.0.1): forced FLV (mpegts.js), then forced LL-HLS (hls.js); the video's
// currentTime must pass 2 s at the published size. The stream stopping and coming back
// must be followed; and with autoplay blocked (user-gesture-required, unmuted),
// PLAYER_AUTOPLAY_NOT_ALLOWED must come and resumePlay from a click must play.
//
// Needs liveroom's CDN origin (LL-HLS + HTTP-FLV at /live/…): without it these tests fail
// (by design: they never pass vacuously).

import { test, before } from 'node:test';
import assert from 'node:assert/strict';

import { userSig, SDKAPPID } from '../sdk/testing/helpers.mjs';
import { browserSuite, createRoom, launchChromium, poll } from './browser.mjs';
import { cdnPlayUrl } from './cdn-origin.mjs';

const env = browserSuite();
let server;
let pages;
let browser;
before(async () => ({ server, pages, browser } = await env.ready));

const ROOM = '8951';
const ANCHOR = 'cdn_anchor';
const WIDTH = 640;
const HEIGHT = 480;

async function sdkPage(b, query) {
  const page = await (await b.newContext()).newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.errors = errors;
  await page.goto(`${pages.origin}/sdk-cdn.html${query ? `?${new URLSearchParams(query)}` : ''}`);
  await poll(() => page.evaluate(() => window.ready === true), { timeoutMs: 15000, what: 'SDK page loaded' });
  return page;
}

function streamUrls() {
  const base = `http://${server.addr}/live/${SDKAPPID}_${ROOM}_${ANCHOR}_main`;
  return { flv: `${base}.flv`, hls: `${base}.m3u8` };
}

const videoState = (page) => page.evaluate(() => {
  const v = document.querySelector('#view video');
  return v && { t: v.currentTime, w: v.videoWidth, h: v.videoHeight, paused: v.paused, muted: v.muted };
});
const count = (page, name) => page.evaluate((n) => window.eventsOf(n).length, name);

async function advances(page, what, { min = 2, timeoutMs = 45000 } = {}) {
  const from = (await videoState(page))?.t || 0;
  return poll(async () => {
    const s = await videoState(page);
    return s && s.t > from + min && s.w === WIDTH && s.h === HEIGHT ? s : null;
  }, { timeoutMs, what: `${what}: currentTime past ${(from + min).toFixed(1)} s at ${WIDTH}x${HEIGHT}` });
}

let pusherPage;
async function push() {
  await pusherPage.evaluate(async ({ server: s, url }) => {
    if (!window.pusher) {
      window.pusher = window.TWebLive.createPusher({ userID: url.match(/userid=([^&]+)/)[1], server: s });
      window.record(window.pusher, 'pusher');
    }
    await window.pusher.setRenderView({ elementID: 'view', audio: true, video: '480p' });
    await window.pusher.startPush(url);
  }, { server: `ws://${server.addr}`, url: `room://sdkappid=${SDKAPPID}&roomid=${ROOM}&userid=${ANCHOR}&usersig=${await userSig(server.addr, ANCHOR)}` });
}

/** Waits until liveroom's origin serves the stream's playlist (fails loudly if it never does). */
async function originServes() {
  const { hls, flv } = streamUrls();
  let last = 'no answer';
  try {
    return await poll(async () => {
      try {
        const res = await fetch(hls, { signal: AbortSignal.timeout(5000) });
        last = `GET ${hls} → ${res.status}`;
        const body = await res.text();
        return res.ok && /#EXTM3U/.test(body) && /#EXTINF|#EXT-X-PART:/.test(body) ? body : null;
      } catch (e) {
        last = `GET ${hls} → ${e.message}`;
        return null;
      }
    }, { timeoutMs: 30000, intervalMs: 500, what: 'the origin to serve the playlist' });
  } catch {
    throw new Error(`liveroom's CDN origin does not serve the live stream (${last}); FLV would be ${flv}`);
  }
}

test('the anchor publishes and liveroom serves LL-HLS for it', { timeout: 90000 }, async () => {
  await createRoom(server.addr, SDKAPPID, ANCHOR, ROOM);
  pusherPage = await sdkPage(browser);
  await push();
  assert.equal(await pusherPage.evaluate(() => window.pusher.isPushing()), true);
  const playlist = await originServes();
  assert.match(playlist, /#EXT-X-PART-INF|#EXT-X-PART:/, 'LL-HLS parts');
  const cors = await fetch(streamUrls().hls, { headers: { Origin: pages.origin } });
  assert.ok(cors.headers.get('access-control-allow-origin'), 'CORS on the playlist');
});

test('FLV through mpegts.js, then LL-HLS through hls.js, from liveroom, at the published size', { timeout: 180000 }, async () => {
  assert.ok(pusherPage, 'the anchor is publishing (previous test)');
  const page = await sdkPage(browser);
  const url = cdnPlayUrl(streamUrls());
  await page.evaluate(async (u) => {
    const player = window.TWebLive.createPlayer({ cdnEngine: 'flv' });
    window.player = player;
    window.record(player, 'player');
    player.setRenderView({ elementID: 'view' });
    await player.startPlay(u);
  }, url);
  assert.equal(await page.evaluate(() => window.player._cdn.engine), 'flv');
  await advances(page, 'FLV from liveroom');
  assert.equal(await page.evaluate(() => window.player.isPlaying()), true);
  assert.ok((await count(page, 't_playing')) >= 1);

  // Same player, next startPlay forces hls.js (the engine is chosen at every startPlay).
  await page.evaluate(async (u) => {
    window.player.setCustomConfig({ cdnEngine: 'hlsjs' });
    await window.player.startPlay(u);
  }, cdnPlayUrl(streamUrls(), true));
  const info = await page.evaluate(() => ({ engine: window.player._cdn.engine, ll: window.player._cdn._inst && window.player._cdn._inst.hls.config.lowLatencyMode }));
  assert.deepEqual(info, { engine: 'hlsjs', ll: true });
  await advances(page, 'LL-HLS from liveroom');
  assert.equal(await page.evaluate(() => window.player.isPlaying()), true);
  assert.equal(await count(page, 't_error'), 0, JSON.stringify(await page.evaluate(() => window.eventsOf('t_error'))));

  // The anchor stops and pushes again: the viewer follows by itself.
  const playing = await count(page, 't_playing');
  await pusherPage.evaluate(() => window.pusher.stopPush());
  await poll(async () => (await count(page, 't_pause')) >= 1, { timeoutMs: 40000, what: 'PLAYER_PAUSE after stopPush' });
  await push();
  await poll(async () => (await count(page, 't_playing')) > playing, { timeoutMs: 60000, what: 'PLAYER_PLAYING after the anchor pushed again' });
  await advances(page, 'LL-HLS after the restart');
  await page.evaluate(() => window.player.stopPlay());
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('from liveroom with autoplay blocked: PLAYER_AUTOPLAY_NOT_ALLOWED, resumePlay after a click plays', { timeout: 150000 }, async () => {
  assert.ok(pusherPage, 'the anchor is publishing');
  await originServes();
  const strict = await launchChromium({ args: ['--autoplay-policy=user-gesture-required'] });
  try {
    for (const engine of ['flv', 'hlsjs']) {
      // The page starts the player itself: a Playwright evaluate would count as a gesture.
      const page = await sdkPage(strict, { play: cdnPlayUrl(streamUrls()), engine });
      await poll(async () => (await count(page, 't_autoplay_not_allowed')) === 1, { timeoutMs: 20000, what: `${engine}: PLAYER_AUTOPLAY_NOT_ALLOWED` });
      assert.equal(await page.evaluate(() => window.player.isPlaying()), false);
      await page.evaluate(() => {
        const b = document.createElement('button');
        b.id = 'tap';
        b.textContent = 'play';
        b.onclick = () => window.player.resumePlay();
        document.body.appendChild(b);
      });
      await page.click('#tap');
      await poll(async () => (await count(page, 't_playing')) >= 1, { timeoutMs: 30000, what: `${engine}: PLAYER_PLAYING after the click` });
      assert.equal((await videoState(page)).muted, false);
      await advances(page, `${engine} after the click`);
      await page.evaluate(() => window.player.stopPlay());
      assert.deepEqual(page.errors, []);
      await page.context().close();
    }
  } finally {
    await strict.close();
  }
  await pusherPage.evaluate(() => window.pusher.stopPush());
});
