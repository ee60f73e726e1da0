// RTMP ingest played over WebRTC in Debian's Chromium: ffmpeg (an independent RTMP
// encoder, as OBS is) publishes a room's stream (H.264 640x360 test picture + a 440 Hz AAC
// tone) to liveroom's RTMP listener; the SDK's Player, started as a viewer of the room,
// plays it over WebRTC: decoded video frames keep increasing at 640x360 (the H.264 access
// units repacketized for RTP) and the audio track is live and loud (AAC transcoded to
// Opus). When the encoder stops, the player notices the stream ended (PLAYER_PAUSE,
// RTC_CONNECTION_STATE_CHANGED → RECONNECTING), as it does when a browser anchor stops.
// The server side (LL-HLS / FLV packaging, refusals): services/liveroom/tests/rtmp.rs.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';

import { userSig, SDKAPPID } from '../sdk/testing/helpers.mjs';
import { browserSuite, poll, createRoom } from './browser.mjs';

const env = browserSuite({ serverConfig: '[rtmp]\nlisten = "127.0.0.1:0"\n' });
let server;
let pages;
let browser;
before(async () => ({ server, pages, browser } = await env.ready));

const encoders = new Set();
after(() => { for (const ffmpeg of encoders) ffmpeg.kill('SIGKILL'); });

/** ffmpeg publishing 30 s of a 640x360 test picture and a 440 Hz tone to `url`. */
function publish(url) {
  const ffmpeg = spawn('ffmpeg', [
    '-hide_banner', '-loglevel', 'error', '-re',
    '-f', 'lavfi', '-i', 'testsrc2=size=640x360:rate=30',
    '-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=48000',
    '-t', '30', '-c:v', 'libx264', '-preset', 'ultrafast', '-tune', 'zerolatency', '-g', '30',
    '-pix_fmt', 'yuv420p', '-c:a', 'aac', '-b:a', '96k', '-f', 'flv', url,
  ], { stdio: ['ignore', 'ignore', 'pipe'] });
  ffmpeg.stderrText = '';
  ffmpeg.stderr.on('data', (c) => { ffmpeg.stderrText += c; });
  ffmpeg.exited = new Promise((r) => ffmpeg.once('exit', (code, signal) => r({ code, signal })));
  encoders.add(ffmpeg);
  ffmpeg.exited.then(() => encoders.delete(ffmpeg));
  return ffmpeg;
}

/** Inbound video and audio stats of the page's player, read from its peer connection. */
const inbound = (page) => page.evaluate(async () => {
  const pc = window.player && window.player._pc;
  if (!pc) return null;
  const out = { video: null, audio: null };
  (await pc.getStats()).forEach((s) => {
    if (s.type !== 'inbound-rtp') return;
    if (s.kind === 'video') {
      out.video = { framesDecoded: s.framesDecoded || 0, frameWidth: s.frameWidth || 0, frameHeight: s.frameHeight || 0 };
    } else if (s.kind === 'audio') {
      out.audio = {
        packetsReceived: s.packetsReceived || 0,
        totalSamplesReceived: s.totalSamplesReceived || 0,
        audioLevel: s.audioLevel || 0,
        totalAudioEnergy: s.totalAudioEnergy || 0,
      };
    }
  });
  return out;
});

const states = (page) => page.evaluate(() => window.events
  .filter((e) => e.who === 'player' && e.name === window.TWebLive.EVENT.RTC_CONNECTION_STATE_CHANGED)
  .map((e) => e.data.state));
const count = (page, name) => page.evaluate((n) => window.eventsOf(n).length, name);

test('an RTMP-published stream plays over WebRTC: video frames advance at 640x360, audio is live, the end is noticed', { timeout: 80000 }, async (t) => {
  const room = `rtmp-${randomBytes(4).toString('hex')}`;
  await createRoom(server.addr, SDKAPPID, 'anchor', room);
  const streamID = `${SDKAPPID}_${room}_anchor_main`;
  assert.match(server.rtmp, /^rtmp:\/\/127\.0\.0\.1:\d+\/live$/);

  const page = await (await browser.newContext()).newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(`${pages.origin}/sdk-rtc.html`);
  await poll(() => page.evaluate(() => window.ready === true), { timeoutMs: 10000, what: 'SDK page loaded' });

  const ffmpeg = publish(`${server.rtmp}/${streamID}?userid=anchor&usersig=${encodeURIComponent(await userSig(server.addr, 'anchor'))}`);
  try {
    // The stream is live once the origin packages it.
    await poll(async () => {
      if (ffmpeg.exitCode !== null) throw new Error(`ffmpeg exited (${ffmpeg.exitCode}): ${ffmpeg.stderrText}`);
      const res = await fetch(`http://${server.addr}/live/${streamID}.m3u8`, { signal: AbortSignal.timeout(2000) });
      await res.arrayBuffer();
      return res.status === 200;
    }, { timeoutMs: 15000, intervalMs: 200, what: `the RTMP stream ${streamID} live` });

    // ---- the viewer --------------------------------------------------------------------
    const viewerSig = await userSig(server.addr, 'viewer');
    await page.evaluate(async ({ server: s, url }) => {
      const player = window.TWebLive.createPlayer({ server: s });
      window.player = player;
      window.record(player, 'player');
      player.setRenderView({ elementID: 'view' });
      await player.startPlay(url);
    }, { server: `ws://${server.addr}`, url: `room://sdkappid=${SDKAPPID}&roomid=${room}&userid=viewer&usersig=${viewerSig}` });

    const first = await poll(async () => {
      const s = await inbound(page);
      return s && s.video && s.video.framesDecoded > 0 && s.audio && s.audio.packetsReceived > 0 ? s : null;
    }, { timeoutMs: 20000, intervalMs: 200, what: 'first decoded video frames and audio packets' });
    const t0 = Date.now();
    const later = await poll(async () => {
      const s = await inbound(page);
      return s && s.video.framesDecoded > first.video.framesDecoded + 30 && Date.now() - t0 >= 3000 ? s : null;
    }, { timeoutMs: 10000, intervalMs: 250, what: 'video frames keep increasing' });
    const seconds = (Date.now() - t0) / 1000;
    const detail = JSON.stringify({ first, later, seconds });
    assert.deepEqual([later.video.frameWidth, later.video.frameHeight], [640, 360], detail);
    // 30 fps sent: well over half of them decoded.
    assert.ok(later.video.framesDecoded - first.video.framesDecoded > 15 * seconds, detail);
    // Opus at 20 ms a packet: ~50 packets a second, and a loud tone in them.
    assert.ok(later.audio.packetsReceived - first.audio.packetsReceived > 25 * seconds, detail);
    assert.ok(later.audio.totalSamplesReceived > first.audio.totalSamplesReceived, detail);
    assert.ok(later.audio.totalAudioEnergy > first.audio.totalAudioEnergy, detail);
    assert.ok(later.audio.audioLevel > 0.01, detail);

    await poll(async () => (await count(page, 't_playing')) >= 1, { timeoutMs: 10000, what: 'PLAYER_PLAYING' });
    assert.equal((await states(page)).at(-1), 'CONNECTED');
    assert.equal(await page.evaluate(() => window.player.isPlaying()), true);
    assert.equal(await page.evaluate(() => window.player._streamID), streamID);
    assert.equal(await page.evaluate(() => window.videoCodec(window.player._pc)), 'video/H264');

    // ---- the encoder stops: the player sees the stream end -----------------------------
    const pausesBefore = await count(page, 't_pause');
    const stoppedAt = Date.now();
    ffmpeg.kill('SIGTERM');
    await ffmpeg.exited;
    await poll(async () => (await count(page, 't_pause')) > pausesBefore, { timeoutMs: 15000, what: 'PLAYER_PAUSE after the encoder stopped' });
    assert.equal(await page.evaluate(() => window.player.isPlaying()), false);
    assert.equal((await states(page)).at(-1), 'RECONNECTING');
    t.diagnostic(`${detail}; stream end noticed in ${Date.now() - stoppedAt} ms`);

    await page.evaluate(() => window.player.stopPlay());
    assert.deepEqual(errors, []);
  } finally {
    ffmpeg.kill('SIGKILL');
  }
});
