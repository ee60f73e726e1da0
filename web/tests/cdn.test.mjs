// The Player's CDN playback (`startPlay('https://flv=…&hls=…')`) in Debian's Chromium
// against a stand-in origin (cdn-origin.mjs: the checked-in test media served as a live
// stream, 320x240). No liveroom needed; cdn-e2e.test.mjs plays liveroom's own origin.
// Covers the engine choice, FLV through mpegts.js, LL-HLS through hls.js, native HLS,
// the PLAYER_* events, poster, pause / resume / mute / volume / stopPlay, a stream that
// ends and comes back, and autoplay refused then resumed from a click.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';

import { launchChromium, servePages, poll } from './browser.mjs';
import { startCdnOrigin, cdnPlayUrl, WIDTH, HEIGHT } from './cdn-origin.mjs';

let origin;
let pages;
let browser;
before(async () => {
  [origin, pages, browser] = await Promise.all([startCdnOrigin(), servePages(), launchChromium()]);
});
after(async () => {
  await browser?.close();
  await pages?.close();
  await origin?.close();
});

async function sdkPage(b = browser, { init, query } = {}) {
  const context = await b.newContext();
  if (init) await context.addInitScript(init);
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(`${pages.origin}/sdk-cdn.html${query ? `?${new URLSearchParams(query)}` : ''}`);
  await poll(() => page.evaluate(() => window.ready === true), { timeoutMs: 15000, what: 'SDK page loaded' });
  page.errors = errors;
  return page;
}

/** Creates window.player (recorded as 'player'), sets options, starts `url`. */
async function play(page, url, { options = {}, config } = {}) {
  await page.evaluate(async ({ url: u, options: o, config: c }) => {
    const player = window.TWebLive.createPlayer(o);
    window.player = player;
    window.record(player, 'player');
    if (c) player.setCustomConfig(c);
    player.setRenderView({ elementID: 'view' });
    await player.startPlay(u);
  }, { url, options, config });
}

const videoState = (page) => page.evaluate(() => {
  const v = document.querySelector('#view video');
  return v && { t: v.currentTime, w: v.videoWidth, h: v.videoHeight, paused: v.paused, muted: v.muted, volume: v.volume };
});
const names = (page) => page.evaluate(() => window.events.map((e) => e.name));
const count = (page, name) => page.evaluate((n) => window.eventsOf(n).length, name);

/** Waits until the video plays past `min` seconds beyond `from` at the fixture's size. */
async function advances(page, what, { from = 0, min = 2, timeoutMs = 40000 } = {}) {
  return poll(async () => {
    const s = await videoState(page);
    return s && s.t > from + min && s.w === WIDTH && s.h === HEIGHT ? s : null;
  }, { timeoutMs, what: `${what}: currentTime past ${from + min} s at ${WIDTH}x${HEIGHT}` });
}

test('engine choice in Chromium: FLV over MSE when both URLs are given; native HLS without MSE', { timeout: 60000 }, async () => {
  origin.start();
  const page = await sdkPage();
  const urls = { flv: origin.flvUrl, hls: origin.hlsUrl };
  const r = await page.evaluate((u) => {
    const T = window;
    const { cdnCandidates, detectCdnSupport } = T.sdk;
    const support = detectCdnSupport();
    return {
      support,
      both: cdnCandidates(u, support),
      hlsOnly: cdnCandidates({ flv: '', hls: u.hls }, support),
      flvOnly: cdnCandidates({ flv: u.flv, hls: '' }, support),
      forced: cdnCandidates(u, support, 'native'),
      canPlay: document.createElement('video').canPlayType('application/vnd.apple.mpegurl'),
    };
  }, urls);
  assert.equal(r.support.mse, true);
  assert.equal(r.support.chromium, true);
  assert.deepEqual(r.both, r.canPlay ? ['flv', 'hlsjs', 'native'] : ['flv', 'hlsjs']);
  assert.deepEqual(r.hlsOnly, r.canPlay ? ['hlsjs', 'native'] : ['hlsjs']);
  assert.deepEqual(r.flvOnly, ['flv']);
  assert.deepEqual(r.forced, ['native']);

  // The same page choosing at startPlay: FLV first.
  await play(page, cdnPlayUrl(urls));
  assert.equal(await page.evaluate(() => window.player._cdn.engine), 'flv');
  await page.evaluate(() => window.player.stopPlay());

  // A browser without MediaSource (as iOS Safari on iPhone) plays HLS on the element.
  const noMse = await sdkPage(browser, { init: () => { delete window.MediaSource; delete window.ManagedMediaSource; } });
  const cands = await noMse.evaluate((u) => window.sdk.cdnCandidates(u, window.sdk.detectCdnSupport()), urls);
  assert.deepEqual(cands, r.canPlay ? ['native'] : []);
  await noMse.context().close();
  await page.context().close();
});

test('FLV through mpegts.js: plays, PLAYER_* events, pause / resume, mute, volume, poster, stopPlay', { timeout: 120000 }, async () => {
  origin.start();
  const page = await sdkPage();
  await play(page, cdnPlayUrl({ flv: origin.flvUrl, hls: origin.hlsUrl }), {
    options: { cdnEngine: 'flv' },
    config: { poster: { src: '/poster.png', style: 'cover' }, autoplay: true },
  });
  const dom = await page.evaluate(() => {
    const p = document.querySelector('#view [data-liveroom-poster]');
    return { videos: document.querySelectorAll('#view video').length, poster: p && { bg: p.style.backgroundImage, size: p.style.backgroundSize } };
  });
  assert.equal(dom.videos, 1);
  assert.deepEqual(dom.poster, { bg: 'url("/poster.png")', size: 'cover' });
  assert.equal(await page.evaluate(() => window.player._cdn.engine), 'flv');
  const s = await advances(page, 'FLV');
  assert.equal(s.paused, false);
  assert.equal(await page.evaluate(() => window.player.isPlaying()), true);
  assert.ok((await count(page, 't_playing')) >= 1, 'PLAYER_PLAYING');
  assert.equal(await page.evaluate(() => document.querySelector('#view [data-liveroom-poster]').style.display), 'none', 'poster hidden once playing');
  assert.equal(await count(page, 't_error'), 0);
  assert.equal(await count(page, 't_autoplay_not_allowed'), 0);

  // Audio off / on, volume.
  await page.evaluate(async () => {
    await window.player.pauseAudio();
    window.player.setPlayoutVolume(30);
  });
  let v = await videoState(page);
  assert.equal(v.muted, true);
  assert.equal(v.volume, 0.3);
  await page.evaluate(() => window.player.resumeAudio());
  assert.equal((await videoState(page)).muted, false);

  // pauseVideo → PLAYER_PAUSE, not playing; resumeVideo → PLAYER_PLAYING, advancing again.
  const playing0 = await count(page, 't_playing');
  await page.evaluate(() => window.player.pauseVideo());
  await poll(async () => (await count(page, 't_pause')) === 1, { timeoutMs: 5000, what: 'PLAYER_PAUSE' });
  assert.equal(await page.evaluate(() => window.player.isPlaying()), false);
  v = await videoState(page);
  assert.equal(v.paused, true);
  await page.evaluate(() => window.player.resumeVideo());
  await poll(async () => (await count(page, 't_playing')) > playing0, { timeoutMs: 10000, what: 'PLAYER_PLAYING after resumeVideo' });
  await advances(page, 'FLV after resume', { from: v.t, min: 1 });

  // pausePlay / resumePlay (liveroom's pair; resumePlay threw on CDN in 1.3.1).
  await page.evaluate(() => window.player.pausePlay());
  await poll(async () => (await count(page, 't_pause')) === 2, { timeoutMs: 5000, what: 'PLAYER_PAUSE (pausePlay)' });
  await page.evaluate(() => window.player.resumePlay());
  await poll(() => page.evaluate(() => window.player.isPlaying()), { timeoutMs: 10000, what: 'playing after resumePlay' });

  // stopPlay: destroyed, the container emptied of its video, nothing more emitted.
  await page.evaluate(() => window.player.stopPlay());
  assert.equal(await page.evaluate(() => window.player.isPlaying()), false);
  assert.equal(await page.evaluate(() => document.querySelectorAll('#view video, #view [data-liveroom-cdn]').length), 0);
  const after = (await names(page)).length;
  await new Promise((r) => setTimeout(r, 1500));
  assert.equal((await names(page)).length, after, 'no events after stopPlay');
  assert.equal(await count(page, 't_error'), 0);
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('LL-HLS through hls.js (lowLatencyMode) plays; the URL may come hls first', { timeout: 120000 }, async () => {
  origin.start();
  const page = await sdkPage();
  await play(page, cdnPlayUrl({ flv: origin.flvUrl, hls: origin.hlsUrl }, true), { config: { cdnEngine: 'hlsjs', poster: 'p.png' } });
  const info = await page.evaluate(() => ({
    engine: window.player._cdn.engine,
    lowLatency: window.player._cdn._inst.hls.config.lowLatencyMode,
    url: window.player._cdn.urls.hls,
    size: document.querySelector('#view [data-liveroom-poster]').style.backgroundSize,
  }));
  assert.deepEqual(info, { engine: 'hlsjs', lowLatency: true, url: origin.hlsUrl, size: 'auto' });
  const from = (await videoState(page)).t;
  await advances(page, 'hls.js', { from });
  assert.equal(await page.evaluate(() => window.player.isPlaying()), true);
  assert.ok((await count(page, 't_playing')) >= 1);
  assert.equal(await count(page, 't_error'), 0);
  await page.evaluate(() => window.player.stopPlay());
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('native HLS on the element when forced (Chromium plays HLS itself since 2025)', { timeout: 120000 }, async (t) => {
  origin.start();
  const page = await sdkPage();
  const canPlay = await page.evaluate(() => document.createElement('video').canPlayType('application/vnd.apple.mpegurl'));
  if (!canPlay) {
    t.skip('this Chromium has no native HLS');
    await page.context().close();
    return;
  }
  await play(page, cdnPlayUrl({ hls: origin.hlsUrl }), { options: { cdnEngine: 'native' } });
  assert.equal(await page.evaluate(() => window.player._cdn.engine), 'native');
  assert.equal(await page.evaluate(() => document.querySelector('#view video').src), origin.hlsUrl);
  const from = (await videoState(page)).t;
  await advances(page, 'native HLS', { from });
  await page.evaluate(() => window.player.stopPlay());
  await page.context().close();
});

for (const engine of ['flv', 'hlsjs']) {
  test(`${engine}: a stream that ends → PLAYER_PAUSE and one PLAYER_ERROR; it comes back → playing again by itself`, { timeout: 150000 }, async () => {
    origin.start();
    const page = await sdkPage();
    await play(page, cdnPlayUrl({ flv: origin.flvUrl, hls: origin.hlsUrl }), {
      options: { cdnEngine: engine },
      config: { wording: { 2: 'network trouble', 13: 'the live you watch has ended', 2048: 'cannot load the playlist' } },
    });
    await advances(page, `${engine} first`, { from: (await videoState(page)).t });
    const playing0 = await count(page, 't_playing');

    origin.end();
    await poll(async () => (await count(page, 't_error')) >= 1, { timeoutMs: 30000, what: 'PLAYER_ERROR after the stream ended' });
    const err = await page.evaluate(() => window.eventsOf(window.TWebLive.EVENT.PLAYER_ERROR)[0].data);
    assert.equal(typeof err.code, 'number');
    assert.equal(typeof err.reason, 'string');
    assert.ok([2, 13, 2048].includes(err.code), JSON.stringify(err));
    assert.equal(typeof err.message, 'string', 'wording gives the message');
    assert.ok((await count(page, 't_pause')) >= 1, 'PLAYER_PAUSE when the stream is lost');
    assert.equal(await page.evaluate(() => window.player.isPlaying()), false);
    // Retries while the stream is down report nothing more.
    await new Promise((r) => setTimeout(r, 4000));
    assert.equal(await count(page, 't_error'), 1, 'one PLAYER_ERROR per outage');

    origin.start();
    await poll(async () => (await count(page, 't_playing')) > playing0, { timeoutMs: 45000, what: 'PLAYER_PLAYING after the stream came back' });
    await advances(page, `${engine} again`, { from: (await videoState(page)).t, min: 1.5 });
    assert.equal(await page.evaluate(() => window.player.isPlaying()), true);
    await page.evaluate(() => window.player.stopPlay());
    assert.deepEqual(page.errors, []);
    await page.context().close();
  });
}

test('nothing to play: PLAYER_ERROR 12 for an empty URL; unknown cdnEngine rejects; other schemes do nothing', { timeout: 60000 }, async () => {
  const page = await sdkPage();
  const r = await page.evaluate(async () => {
    const T = window.TWebLive;
    const player = T.createPlayer();
    window.record(player, 'player');
    player.setCustomConfig({ wording: { 12: 'empty' } });
    player.setRenderView({ elementID: 'view' });
    const resolved = await player.startPlay('https://flv=&hls=');
    const bad = T.createPlayer({ cdnEngine: 'flash' });
    bad.setRenderView({ elementID: 'view' });
    const rejected = await window.errorOf(() => bad.startPlay('https://flv=x'));
    const noView = await window.errorOf(() => T.createPlayer().startPlay('https://flv=x'));
    return { resolved, errors: window.eventsOf(T.EVENT.PLAYER_ERROR).map((e) => e.data), rejected, noView, other: await player.startPlay('rtmp://x') };
  });
  assert.deepEqual(r, {
    resolved: undefined,
    errors: [{ code: 12, reason: 'empty play URL', message: 'empty' }],
    rejected: 'unknown cdnEngine "flash" (use native, flv, hlsjs or auto)',
    noView: 'no element with id "null" (call setRenderView first)',
    other: undefined,
  });
  await page.context().close();
});

test('autoplay refused (user-gesture-required, unmuted): PLAYER_AUTOPLAY_NOT_ALLOWED, then resumePlay from a click plays', { timeout: 120000 }, async () => {
  origin.start();
  const strict = await launchChromium({ args: ['--autoplay-policy=user-gesture-required'] });
  try {
    for (const engine of ['flv', 'hlsjs']) {
      // Started by the page itself: a Playwright evaluate would count as a user gesture.
      const page = await sdkPage(strict, { query: { play: cdnPlayUrl({ flv: origin.flvUrl, hls: origin.hlsUrl }), engine } });
      await poll(async () => (await count(page, 't_autoplay_not_allowed')) === 1, { timeoutMs: 20000, what: `${engine}: PLAYER_AUTOPLAY_NOT_ALLOWED` });
      assert.equal(await page.evaluate(() => window.player.isPlaying()), false);
      assert.equal((await videoState(page)).paused, true);
      // The app's "click to play" button.
      await page.evaluate(() => {
        const b = document.createElement('button');
        b.id = 'tap';
        b.textContent = 'play';
        b.onclick = () => window.player.resumePlay();
        document.body.appendChild(b);
      });
      await page.click('#tap');
      await poll(async () => (await count(page, 't_playing')) >= 1, { timeoutMs: 20000, what: `${engine}: PLAYER_PLAYING after the click` });
      const s = await videoState(page);
      assert.equal(s.muted, false, 'plays with sound');
      await advances(page, `${engine} after the click`, { from: s.t, min: 1 });
      assert.equal(await count(page, 't_autoplay_not_allowed'), 1);
      await page.evaluate(() => window.player.stopPlay());
      assert.deepEqual(page.errors, []);
      await page.context().close();
    }
  } finally {
    await strict.close();
  }
});

test('the checked-in script-tag bundle (dist/tweblive.js) carries both engines', { timeout: 120000 }, async () => {
  origin.start();
  for (const engine of ['flv', 'hlsjs']) {
    const page = await (await browser.newContext()).newPage();
    const errors = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    const q = new URLSearchParams({ play: cdnPlayUrl({ flv: origin.flvUrl, hls: origin.hlsUrl }), engine });
    await page.goto(`${pages.origin}/bundle-cdn.html?${q}`);
    await poll(() => page.evaluate(() => {
      const v = document.querySelector('#player-container video');
      return window.state.events.includes('t_playing') && v.currentTime > 1 && v.videoWidth === 320;
    }), { timeoutMs: 40000, what: `${engine} playing from the bundle` });
    const s = await page.evaluate(() => ({ ...window.state, engine: window.player._cdn.engine }));
    assert.deepEqual(s, { events: ['t_playing'], error: null, engine });
    await page.evaluate(() => window.player.stopPlay());
    assert.deepEqual(errors, []);
    await page.context().close();
  }
});
