// Replays in the demo: the home page's "Replays" row lists the app's finished recordings
// (GET /api/recordings, newest first, at most 20: the room's title, the date, the length as
// m:ss) and a card opens the replay page, which plays the recording's VOD HLS playlist with
// hls.js (the package the SDK bundles) and seeks in it; `engine=mp4` plays the recording's
// MP4 file instead. With no recordings, or a server that does not record (the listing
// answers an error), the row is hidden.
//
// The recordings are real: a server whose test app has `record = true`, ffmpeg publishing
// a 640x360 test picture and a tone over RTMP for 4 s; the recording finishes
// `recording.reconnect_gap_secs` (1 s) after the encoder stops. PC (1280x800) and phone
// (390x844, with a real browser's autoplay policy: the page asks for a tap). Screenshots
// go to test-artifacts/.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';

import { userSig } from '../sdk/testing/helpers.mjs';
import { createRoom } from './browser.mjs';
import {
  demoSuite, openPage, tid, demoReady, poll, screenshot, rawScreenshot, launchAutoplayBlocked, SDKAPPID, PC, PHONE,
} from './demo-server.mjs';

const env = demoSuite({ record: true, serverConfig: '[rtmp]\nlisten = "127.0.0.1:0"\n[recording]\nreconnect_gap_secs = 1\n' });
let blocked;
before(async () => {
  await env.ready;
  blocked = await launchAutoplayBlocked();
});

const encoders = new Set();
after(async () => {
  for (const ffmpeg of encoders) ffmpeg.kill('SIGKILL');
  await blocked?.close();
});

const apiGet = async (path) => (await fetch(`http://${env.server.addr}${path}`, { signal: AbortSignal.timeout(5000) })).json();

/**
 * A finished recording of a new room `title`: ffmpeg publishes 4 s over RTMP, then the
 * listing is polled until the recording is `finished`. Resolves the listing's entry.
 */
async function recordRoom(title) {
  const room = `rep${randomBytes(3).toString('hex')}`;
  await createRoom(env.server.addr, SDKAPPID, 'anchor', room, title);
  const streamID = `${SDKAPPID}_${room}_anchor_main`;
  const sig = await userSig(env.server.addr, 'anchor');
  const ffmpeg = spawn('ffmpeg', [
    '-hide_banner', '-loglevel', 'error', '-re',
    '-f', 'lavfi', '-i', 'testsrc2=size=640x360:rate=30',
    '-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=48000',
    '-t', '4', '-c:v', 'libx264', '-preset', 'ultrafast', '-tune', 'zerolatency', '-g', '30',
    '-pix_fmt', 'yuv420p', '-c:a', 'aac', '-f', 'flv',
    `${env.server.rtmp}/${streamID}?userid=anchor&usersig=${encodeURIComponent(sig)}`,
  ], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  ffmpeg.stderr.on('data', (c) => { stderr += c; });
  encoders.add(ffmpeg);
  const exit = await new Promise((r) => ffmpeg.once('exit', (code, signal) => r({ code, signal })));
  encoders.delete(ffmpeg);
  assert.equal(exit.code, 0, `ffmpeg: ${JSON.stringify(exit)} ${stderr}`);
  const rec = await poll(async () => {
    const body = await apiGet(`/api/recordings?sdkappid=${SDKAPPID}&roomID=${room}`);
    assert.equal(body.code, 0, JSON.stringify(body));
    const r = body.recordings.find((x) => x.streamID === streamID);
    return r && r.state === 'finished' ? r : null;
  }, { timeoutMs: 20000, intervalMs: 250, what: `the recording of ${streamID} finished` });
  assert.equal(rec.roomID, room);
  assert.equal(rec.publications, 1);
  assert.ok(rec.durationSecs > 3.5 && rec.durationSecs < 4.6, `about 4 s recorded: ${JSON.stringify(rec)}`);
  assert.match(rec.playlist, new RegExp(`^/vod/${SDKAPPID}/${streamID}/[^/]+/index\\.m3u8$`));
  assert.deepEqual(rec.files, [rec.playlist, rec.playlist.replace(/index\.m3u8$/, 'recording.mp4')]);
  const playlist = await (await fetch(`http://${env.server.addr}${rec.playlist}`)).text();
  assert.match(playlist, /#EXT-X-PLAYLIST-TYPE:VOD/);
  assert.match(playlist, /#EXT-X-ENDLIST/);
  return rec;
}

/** The home page's replay cards, in order: {id, room, title, date, started, length, href}. */
const replayCards = (page) => page.locator(`${tid('replays')} ${tid('replay-card')}`).evaluateAll((cards) => cards.map((c) => ({
  id: c.dataset.id,
  room: c.dataset.room,
  title: c.querySelector('[data-testid="replay-title"]').textContent,
  date: c.querySelector('[data-testid="replay-date"]').textContent,
  started: Number(c.querySelector('[data-testid="replay-date"]').dataset.started),
  length: c.querySelector('[data-testid="replay-length"]').textContent,
  href: c.getAttribute('href'),
  visible: c.offsetParent !== null,
})));

/** Waits for the home page's first listing of the rooms and of the replays. */
async function homeLoaded(page) {
  await page.locator(`${tid('room-list')}[aria-busy="false"]`).waitFor({ state: 'attached' });
  await page.locator(`${tid('replays-section')}[aria-busy="false"]`).waitFor({ state: 'attached' });
  await demoReady(page);
}

/** The replay page's video as the test sees it. */
const videoState = (page) => page.evaluate(() => {
  const r = window.__liveroomReplay;
  if (!r) return null;
  const v = r.video;
  return {
    engine: r.engine, t: v.currentTime, paused: v.paused, ended: v.ended, duration: v.duration,
    width: v.videoWidth, height: v.videoHeight, readyState: v.readyState,
    state: document.querySelector('[data-testid="replay-stage"]').dataset.state,
    src: v.currentSrc,
  };
});

/**
 * The replay page plays `rec`: the video advances at 640x360, its duration is the
 * recording's; a seek to 2 s lands there and plays on from it (a frame at >= 2 s is
 * presented); the end shows "Watch again".
 */
async function playsAndSeeks(page, rec, what) {
  const first = await poll(async () => {
    const s = await videoState(page);
    return s && s.t > 0.2 && s.width > 0 ? s : null;
  }, { timeoutMs: 20000, intervalMs: 100, what: `${what}: playback started` });
  const later = await poll(async () => {
    const s = await videoState(page);
    return s && (s.t > first.t + 0.4 || s.ended) ? s : null;
  }, { timeoutMs: 5000, intervalMs: 100, what: `${what}: currentTime advances` });
  const detail = JSON.stringify({ first, later });
  assert.deepEqual([later.width, later.height], [640, 360], detail);
  assert.ok(Math.abs(later.duration - rec.durationSecs) < 0.35, `the video lasts as the recording (${rec.durationSecs} s): ${detail}`);

  const seek = await page.evaluate(async () => {
    const v = window.__liveroomReplay.video;
    v.pause();
    const seeked = new Promise((r) => v.addEventListener('seeked', r, { once: true }));
    v.currentTime = 2;
    await seeked;
    const at = v.currentTime;
    const frame = new Promise((r) => v.requestVideoFrameCallback((_now, meta) => r(meta.mediaTime)));
    await v.play();
    return { at, frame: await frame, state: document.querySelector('[data-testid="replay-stage"]').dataset.state };
  });
  assert.ok(Math.abs(seek.at - 2) < 0.1, `seeked to 2 s: ${JSON.stringify(seek)}`);
  assert.ok(seek.frame >= 1.9 && seek.frame < 3, `a frame from 2 s on is shown after the seek: ${JSON.stringify(seek)}`);
  await poll(async () => {
    const s = await videoState(page);
    return s && s.t > 2.3 ? s : null;
  }, { timeoutMs: 5000, intervalMs: 100, what: `${what}: playing on after the seek` });

  // The end: the page offers to watch again (the browser's controls still seek).
  const end = await poll(async () => {
    const s = await videoState(page);
    return s && s.ended && s.state === 'ended' ? s : null;
  }, { timeoutMs: 8000, intervalMs: 100, what: `${what}: the end` });
  assert.ok(await page.locator(tid('replay-again')).isVisible(), 'a "Watch again" button at the end');
  return { first, later, seek, end };
}

test('no recordings: the Replays row is hidden; a server that does not record hides it too', { timeout: 60000 }, async () => {
  const body = await apiGet(`/api/recordings?sdkappid=${SDKAPPID}`);
  assert.deepEqual(body, { code: 0, recordings: [] });
  const page = await openPage(env, `/?sdkappid=${SDKAPPID}`, { ...PC });
  await homeLoaded(page);
  assert.equal(await page.locator(tid('replays-section')).isVisible(), false, 'no replays: no row');
  assert.equal(await page.locator(tid('replay-card')).count(), 0);

  // The listing's answer when recording is not configured on the server.
  const off = await openPage(env, null, { ...PC });
  await off.route(/\/api\/recordings\?/, (route) => route.fulfill({
    status: 404, contentType: 'application/json', body: JSON.stringify({ code: 60025, message: 'recording is not configured on this node' }),
  }));
  await off.goto(new URL(`/?sdkappid=${SDKAPPID}`, env.origin).href);
  await homeLoaded(off);
  assert.equal(await off.locator(tid('replays-section')).isVisible(), false, 'recording off: no row');
  assert.equal(await off.locator(tid('rooms-error')).count(), 0, 'the rooms are not affected');

  // A listing with recordings in every state: only the finished ones, newest first, 20.
  const now = Math.floor(Date.now() / 1000);
  const recording = (i, state, durationSecs = 65.4) => {
    const streamID = `${SDKAPPID}_mock${i}_anna_main`;
    const id = `${now - i * 600}-${i}`;
    const dir = `/vod/${SDKAPPID}/${streamID}/${id}`;
    return {
      id, sdkappid: SDKAPPID, streamID, roomID: `mock${i}`, startedAt: now - i * 600, endedAt: now - i * 600 + 70,
      durationSecs, bytes: 1000, publications: 1, state, playlist: `${dir}/index.m3u8`,
      files: state === 'finished' ? [`${dir}/index.m3u8`, `${dir}/recording.mp4`] : [],
    };
  };
  const listing = [recording(0, 'recording'), recording(1, 'truncated'), recording(2, 'finished', 3661.2),
    ...Array.from({ length: 24 }, (_, i) => recording(i + 3, 'finished', i === 0 ? 4.001 : 65.4))];
  const many = await openPage(env, null, { ...PC });
  await many.route(/\/api\/recordings\?/, (route) => route.fulfill({ contentType: 'application/json', body: JSON.stringify({ code: 0, recordings: listing }) }));
  await many.goto(new URL(`/?sdkappid=${SDKAPPID}`, env.origin).href);
  await homeLoaded(many);
  assert.ok(await many.locator(tid('replays-section')).isVisible());
  const cards = await replayCards(many);
  assert.equal(cards.length, 20, 'at most 20 replays');
  assert.equal(await many.textContent(tid('replays-count')), '20');
  assert.deepEqual(cards.map((c) => c.id), listing.filter((r) => r.state === 'finished').slice(0, 20).map((r) => r.id), 'finished only, in the listing\'s order (newest first)');
  assert.deepEqual(cards.slice(0, 3).map((c) => c.length), ['1:01:01', '0:04', '1:05']);
  assert.equal(cards[0].title, 'Room mock2', 'a room that is gone: its id');
  assert.equal(cards[0].href, `/replay.html?sdkappid=${SDKAPPID}&vod=${encodeURIComponent(listing[2].playlist)}`);

  for (const p of [page, off, many]) {
    assert.deepEqual(p.errors, []);
    await p.context().close();
  }
});

let firstRec;

test('a finished recording is listed under the live list and plays when clicked (hls.js): 640x360, seeking, the end; the MP4 plays too', { timeout: 120000 }, async (t) => {
  const t0 = Date.now();
  firstRec = await recordRoom('Morning replay');
  t.diagnostic(`recorded and finished in ${Date.now() - t0} ms: ${JSON.stringify(firstRec)}`);

  const home = await openPage(env, `/?sdkappid=${SDKAPPID}`, { ...PC });
  await homeLoaded(home);
  await home.locator(`${tid('replay-card')}[data-id="${firstRec.id}"]`).waitFor();
  const [card] = await replayCards(home);
  assert.equal(card.id, firstRec.id);
  assert.equal(card.room, firstRec.roomID);
  assert.equal(card.title, 'Morning replay', 'the room\'s title');
  assert.equal(card.length, '0:04', 'the length as m:ss');
  assert.equal(card.started, firstRec.startedAt);
  assert.ok(card.date.length > 0 && card.visible, JSON.stringify(card));
  assert.equal(await home.textContent(tid('replays-count')), '1');
  // Under the live list: below the rooms' sections.
  const y = (sel) => home.locator(tid(sel)).evaluate((el) => el.getBoundingClientRect().top);
  assert.ok((await y('replays-section')) > (await y('live-section')), 'the replays come after the live rooms');
  await home.locator(tid('replays-section')).scrollIntoViewIfNeeded();
  await screenshot(home, 'demo-replays-home-pc.png');

  // A click opens the replay page, which plays the recording with hls.js.
  await home.click(`${tid('replay-card')}[data-id="${firstRec.id}"]`);
  await home.waitForURL(/\/replay\.html\?/);
  const played = await playsAndSeeks(home, firstRec, 'hls.js');
  assert.equal(played.first.engine, 'hlsjs');
  assert.match(played.first.src, /^blob:/, 'MSE (hls.js)');
  await demoReady(home);
  assert.equal(await home.textContent(tid('replay-title')), 'Morning replay');
  assert.equal(await home.textContent(tid('replay-anchor')), 'anchor');
  assert.equal(await home.textContent(tid('replay-length')), '0:04');
  assert.equal(await home.getAttribute(tid('replay-download'), 'href'), firstRec.files[1]);
  assert.equal(await home.locator(tid('replay-room-link')).isVisible(), true, 'the room still exists: a link to it');
  await screenshot(home, 'demo-replay-pc.png');

  // "Watch again" starts over.
  await home.click(tid('replay-again'));
  await poll(async () => {
    const s = await videoState(home);
    return s && !s.paused && s.t > 0.2 && s.t < 2 ? s : null;
  }, { timeoutMs: 5000, intervalMs: 100, what: 'playing again from the start' });
  t.diagnostic(`hls.js: ${JSON.stringify(played)}`);

  // The recording's MP4 file, played by the element itself.
  const mp4 = await openPage(env, `/replay.html?sdkappid=${SDKAPPID}&engine=mp4&vod=${encodeURIComponent(firstRec.playlist)}`, { ...PC });
  const mp4Played = await playsAndSeeks(mp4, firstRec, 'MP4');
  assert.equal(mp4Played.first.engine, 'mp4');
  assert.equal(new URL(mp4Played.first.src).pathname, firstRec.files[1]);
  t.diagnostic(`MP4: ${JSON.stringify(mp4Played)}`);

  // A replay that is not there (deleted): the page says so.
  const gone = await openPage(env, `/replay.html?sdkappid=${SDKAPPID}&vod=${encodeURIComponent(firstRec.playlist.replace(firstRec.id, '1-1'))}`, { ...PC });
  await gone.locator(tid('replay-error')).waitFor({ timeout: 15000 });
  assert.match(await gone.textContent(tid('replay-error-detail')), /not on the server/);

  for (const p of [home, mp4, gone]) {
    assert.deepEqual(p.errors, []);
    await p.context().close();
  }
});

test('on a phone: the row scrolls inside the page, a tap opens the replay, which asks for a tap to play and plays', { timeout: 120000 }, async (t) => {
  assert.ok(firstRec, 'the previous test recorded');
  const second = await recordRoom('Evening replay');

  const home = await openPage(env, `/?sdkappid=${SDKAPPID}`, { ...PHONE });
  await homeLoaded(home);
  await home.locator(`${tid('replay-card')}[data-id="${second.id}"]`).waitFor();
  const cards = await replayCards(home);
  assert.deepEqual(cards.map((c) => c.id), [second.id, firstRec.id], 'newest first');
  assert.deepEqual(cards.map((c) => c.title), ['Evening replay', 'Morning replay']);
  assert.equal(await home.evaluate(() => document.documentElement.scrollWidth), 390, 'nothing scrolls sideways');
  const row = await home.locator(tid('replays')).boundingBox();
  assert.ok(row.x >= 0 && row.x + row.width <= 390, JSON.stringify(row));
  await home.locator(tid('replays-section')).scrollIntoViewIfNeeded();
  await screenshot(home, 'demo-replays-home-mobile.png');
  await home.tap(`${tid('replay-card')}[data-id="${second.id}"]`);
  await home.waitForURL(/\/replay\.html\?/);
  await playsAndSeeks(home, second, 'phone');
  const stage = await home.locator(tid('replay-stage')).boundingBox();
  assert.deepEqual([stage.x, stage.width], [0, 390], 'the video spans the screen');
  assert.ok(Math.abs(stage.height - 390 * 9 / 16) < 1, JSON.stringify(stage));
  assert.equal(await home.evaluate(() => document.documentElement.scrollWidth), 390);
  await screenshot(home, 'demo-replay-mobile.png');

  // A browser that wants a gesture for sound: the page shows its play button (watched
  // without evaluating anything in the page: an evaluation counts as a gesture).
  const phone = await openPage(env, null, { ...PHONE, browser: blocked });
  await phone.context().addInitScript(() => {
    let last = '';
    setInterval(() => {
      const stage = document.querySelector('[data-testid="replay-stage"]');
      const btn = document.querySelector('[data-testid="replay-play"]');
      const v = window.__liveroomReplay && window.__liveroomReplay.video;
      const what = stage && stage.dataset.state === 'ready' && btn && !btn.hidden ? 'ready' : stage && stage.dataset.state === 'playing' && v && v.currentTime > 0 ? 'playing' : '';
      if (what && what !== last) {
        last = what;
        const r = btn.getBoundingClientRect();
        console.info(`[demo-test] replay: ${JSON.stringify({ what, x: r.x + r.width / 2, y: r.y + r.height / 2 })}`);
      }
    }, 100);
  });
  const reports = [];
  phone.on('console', (m) => {
    if (m.text().startsWith('[demo-test] replay: ')) reports.push(JSON.parse(m.text().slice('[demo-test] replay: '.length)));
  });
  await phone.goto(new URL(`/replay.html?sdkappid=${SDKAPPID}&vod=${encodeURIComponent(second.playlist)}`, env.origin).href);
  await poll(() => reports.length > 0, { timeoutMs: 15000, intervalMs: 100, what: 'the replay page ready or playing' });
  assert.equal(reports[0].what, 'ready', `autoplay refused: the play button (${JSON.stringify(reports)})`);
  await rawScreenshot(phone, 'demo-replay-mobile-tap-to-play.png', { scale: PHONE.deviceScaleFactor });
  await phone.touchscreen.tap(reports[0].x, reports[0].y);
  await poll(() => reports.some((r) => r.what === 'playing'), { timeoutMs: 10000, intervalMs: 100, what: 'playing after the tap' });
  t.diagnostic(JSON.stringify(reports));

  for (const p of [home, phone]) {
    assert.deepEqual(p.errors, []);
    await p.context().close();
  }
});
