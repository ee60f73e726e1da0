// The SDK's Pusher and Player in Debian's Chromium (fake camera and microphone) against a
// real liveroom: the page imports the SDK's ES modules from /sdk/. One browser context
// pushes 720p, another plays it; the player must decode frames that keep increasing at
// 1280x720, notice the stream ending on stopPush, and play again by itself when the
// anchor pushes again.

import { test, before } from 'node:test';
import assert from 'node:assert/strict';

import { userSig, SDKAPPID } from '../sdk/testing/helpers.mjs';
import { browserSuite, poll, createRoom as createRoomVia } from './browser.mjs';
import { startLossyRelay } from './lossy-relay.mjs';

const env = browserSuite();
let server;
let pages;
let browser;
before(async () => ({ server, pages, browser } = await env.ready));

function createRoom(anchor, roomId) {
  return createRoomVia(server.addr, SDKAPPID, anchor, roomId);
}

async function sdkPage() {
  const page = await (await browser.newContext()).newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(`${pages.origin}/sdk-rtc.html`);
  await poll(() => page.evaluate(() => window.ready === true), { timeoutMs: 10000, what: 'SDK page loaded' });
  page.errors = errors;
  return page;
}

async function roomUrl(room, user, extra = '') {
  const sig = await userSig(server.addr, user);
  return `room://sdkappid=${SDKAPPID}&roomid=${room}&userid=${user}&usersig=${sig}${extra}`;
}

const states = (page, who) => page.evaluate((w) => window.events
  .filter((e) => e.who === w && e.name === window.TWebLive.EVENT.RTC_CONNECTION_STATE_CHANGED)
  .map((e) => e.data.state), who);
const count = (page, name) => page.evaluate((n) => window.eventsOf(n).length, name);

/** Creates the page's Player (`window.player`, its events recorded) and starts `url`. */
function startPlayer(page, url) {
  return page.evaluate(async ({ server: s, url: u }) => {
    const player = window.TWebLive.createPlayer({ server: s });
    window.player = player;
    window.record(player, 'player');
    player.setRenderView({ elementID: 'view' });
    await player.startPlay(u);
  }, { server: `ws://${server.addr}`, url });
}

/** Waits until the player's frames pass `min + 30` at 1280x720; returns the stats. */
async function framesKeepIncreasing(page, what) {
  const first = await poll(async () => {
    const s = await page.evaluate(() => window.inboundVideo(window.player._pc));
    return s && s.framesDecoded > 0 ? s : null;
  }, { timeoutMs: 20000, what: `${what}: first decoded frames` });
  return poll(async () => {
    const s = await page.evaluate(() => window.inboundVideo(window.player._pc));
    return s && s.framesDecoded > first.framesDecoded + 30 && s.frameWidth === 1280 && s.frameHeight === 720 ? s : null;
  }, { timeoutMs: 30000, what: `${what}: frames keep increasing at 1280x720` });
}

test('Pusher pushes 720p, Player plays it, follows stopPush and a new startPush by itself', { timeout: 150000 }, async () => {
  const room = '8901';
  const server_ = `ws://${server.addr}`;
  await createRoom('anchor', room);

  // ---- the anchor ------------------------------------------------------------------------
  const pub = await sdkPage();
  const pushUrl = await roomUrl(room, 'anchor', '&livedomainname=live.example.com');
  const pushed = await pub.evaluate(async ({ server: s, url }) => {
    const pusher = window.TWebLive.createPusher({ userID: 'anchor', server: s });
    window.pusher = pusher;
    window.record(pusher, 'pusher');
    const ok = await pusher.checkSystemRequirements();
    await pusher.setRenderView({ elementID: 'view', audio: true, video: '720p' });
    const preview = document.querySelector('#view video');
    const res = await pusher.startPush(url);
    return {
      ok,
      res,
      pushing: pusher.isPushing(),
      preview: !!preview && preview.muted,
      camera: typeof pusher.getCurrentCamera(),
      liveUrl: pusher.getLiveStreamURL(),
    };
  }, { server: server_, url: pushUrl });
  assert.equal(pushed.ok, true);
  assert.equal(pushed.pushing, true);
  assert.equal(pushed.preview, true, 'a muted preview <video> inside #view');
  assert.equal(pushed.camera, 'string');
  assert.equal(pushed.res.streamID, `${SDKAPPID}_${room}_anchor_main`);
  assert.equal(pushed.liveUrl, `https://live.example.com/live/${SDKAPPID}_${room}_anchor_main.flv`);
  await poll(async () => (await states(pub, 'pusher')).includes('CONNECTED'), { what: 'pusher CONNECTED' });
  assert.deepEqual((await states(pub, 'pusher')).slice(0, 2), ['CONNECTING', 'CONNECTED']);
  assert.equal(await pub.evaluate(() => window.videoCodec(window.pusher._pc)), 'video/H264');
  // RTC_NETWORK_QUALITY comes every ~2 s with an uplink grade.
  const quality = await poll(() => pub.evaluate(() => window.eventsOf(window.TWebLive.EVENT.RTC_NETWORK_QUALITY).at(-1)), { timeoutMs: 8000, what: 'RTC_NETWORK_QUALITY' });
  assert.ok(quality.data.uplinkNetworkQuality >= 1 && quality.data.uplinkNetworkQuality <= 6, JSON.stringify(quality));

  // ---- the viewer ------------------------------------------------------------------------
  const view = await sdkPage();
  const playUrl = await roomUrl(room, 'viewer');
  await startPlayer(view, playUrl);
  await framesKeepIncreasing(view, 'first push');
  await poll(async () => (await count(view, 't_playing')) >= 1, { what: 'PLAYER_PLAYING' });
  await poll(async () => (await states(view, 'player')).includes('CONNECTED'), { what: 'player CONNECTED' });
  assert.equal(await view.evaluate(() => window.player.isPlaying()), true);
  assert.equal(await view.evaluate(() => document.querySelectorAll('#view video').length), 1);
  assert.equal(await view.evaluate(() => window.videoCodec(window.player._pc)), 'video/H264');

  // Player controls: exact rejections only without tracks; volume; pause / resume video.
  const controls = await view.evaluate(async () => {
    const p = window.player;
    const E = window.TWebLive.EVENT;
    p.setPlayoutVolume(40);
    const volume = document.querySelector('#view video').volume;
    await p.pauseAudio();
    await p.resumeAudio();
    const pausesBefore = window.eventsOf(E.PLAYER_PAUSE).length;
    await p.pauseVideo();
    const paused = !p.isPlaying() && window.eventsOf(E.PLAYER_PAUSE).length === pausesBefore + 1;
    await p.resumeVideo();
    return { volume, paused, playing: p.isPlaying() };
  });
  assert.deepEqual(controls, { volume: 0.4, paused: true, playing: true });

  // ---- the anchor stops: the player sees the stream end --------------------------------
  const pausesBefore = await count(view, 't_pause');
  await pub.evaluate(() => window.pusher.stopPush());
  assert.equal(await pub.evaluate(() => window.pusher.isPushing()), false);
  assert.equal(await pub.evaluate(() => document.querySelectorAll('#view video').length), 0, 'stopPush closes the local stream and its preview');
  assert.equal((await states(pub, 'pusher')).at(-1), 'DISCONNECTED');
  await poll(async () => (await count(view, 't_pause')) > pausesBefore, { timeoutMs: 15000, what: 'PLAYER_PAUSE after stopPush' });
  assert.equal(await view.evaluate(() => window.player.isPlaying()), false);
  assert.equal((await states(view, 'player')).at(-1), 'RECONNECTING');

  // ---- the anchor pushes again: the player resumes by itself ---------------------------
  const playingBefore = await count(view, 't_playing');
  await pub.evaluate(async (url) => {
    await window.pusher.setRenderView({ elementID: 'view', audio: true, video: '720p' });
    await window.pusher.startPush(url);
  }, pushUrl);
  await poll(async () => (await count(view, 't_playing')) > playingBefore, { timeoutMs: 30000, what: 'PLAYER_PLAYING again' });
  await framesKeepIncreasing(view, 'second push');
  assert.equal((await states(view, 'player')).at(-1), 'CONNECTED');
  assert.equal(await view.evaluate(() => window.player.isPlaying()), true);

  await view.evaluate(() => window.player.stopPlay());
  assert.equal(await view.evaluate(() => window.player.isPlaying()), false);
  await pub.evaluate(() => window.pusher.stopPush());
  assert.deepEqual(pub.errors, []);
  assert.deepEqual(view.errors, []);
});

/** The server's `liveroom_ice_restarts_total`. */
async function iceRestarts() {
  const text = await (await fetch(`http://${server.addr}/metrics`)).text();
  const line = text.split('\n').find((l) => l.startsWith('liveroom_ice_restarts_total'));
  return line ? Number(line.split(' ').pop()) : 0;
}

/**
 * Sends the page's first peer connection through `relay` (the network it starts on): its
 * first answer's UDP candidate is pointed at the relay. Later answers (an ICE restart's)
 * are left alone, so once the relay is cut the browser can only recover on the direct path,
 * as after a move from one network to another.
 */
async function startOnRelay(page, relay) {
  await page.exposeFunction('relayTo', (port) => relay.forwardTo(port));
  await page.evaluate(async (relayPort) => {
    const { throughRelay } = await import(new URL('./ice.mjs', location.href).href);
    const setRemote = RTCPeerConnection.prototype.setRemoteDescription;
    let first = true;
    RTCPeerConnection.prototype.setRemoteDescription = async function (desc) {
      if (first && desc && desc.type === 'answer') {
        first = false;
        const [sdp, serverPort] = throughRelay(desc.sdp, relayPort);
        await window.relayTo(serverPort);
        return setRemote.call(this, { type: 'answer', sdp });
      }
      return setRemote.call(this, desc);
    };
  }, relay.port);
}

test('a network change is healed by an ICE restart over the WebSocket: same stream, same peer connections, no pause', { timeout: 150000 }, async () => {
  const room = '8905';
  const server_ = `ws://${server.addr}`;
  await createRoom('anchor5', room);
  const pushPath = await startLossyRelay({ dropEvery: 0 });
  const playPath = await startLossyRelay({ dropEvery: 0 });
  try {
    const pub = await sdkPage();
    await startOnRelay(pub, pushPath);
    const pushUrl = await roomUrl(room, 'anchor5');
    await pub.evaluate(async ({ server: s, url }) => {
      const pusher = window.TWebLive.createPusher({ userID: 'anchor5', server: s });
      window.pusher = pusher;
      window.record(pusher, 'pusher');
      await pusher.setRenderView({ elementID: 'view', audio: true, video: '720p' });
      await pusher.startPush(url);
      window.firstPc = pusher._pc;
    }, { server: server_, url: pushUrl });
    const view = await sdkPage();
    await startOnRelay(view, playPath);
    await startPlayer(view, await roomUrl(room, 'viewer5'));
    await framesKeepIncreasing(view, 'through the relays');
    assert.ok(pushPath.stats.fromBrowser > 100 && playPath.stats.rtp > 100, `both legs run through their relays: ${JSON.stringify([pushPath.stats, playPath.stats])}`);
    await view.evaluate(() => { window.firstPc = window.player._pc; });
    const restartsBefore = await iceRestarts();
    const pausesBefore = await count(view, 't_pause');
    const streamID = await pub.evaluate(() => window.pusher._streamID);

    // ---- the anchor's network goes away -------------------------------------------------
    pushPath.cut();
    await poll(async () => (await states(pub, 'pusher')).includes('RECONNECTING'), { timeoutMs: 20000, what: 'pusher RECONNECTING after the cut' });
    await poll(() => pub.evaluate(() => window.pusher._ice && window.pusher._ice.restarts === 1), { timeoutMs: 30000, what: 'the pusher restarted ICE' });
    await poll(async () => (await states(pub, 'pusher')).at(-1) === 'CONNECTED', { timeoutMs: 10000, what: 'pusher CONNECTED again' });
    const pusher = await pub.evaluate(() => ({ samePc: window.pusher._pc === window.firstPc, streamID: window.pusher._streamID, pushing: window.pusher.isPushing() }));
    assert.deepEqual(pusher, { samePc: true, streamID, pushing: true }, 'the same stream on the same peer connection');
    assert.equal(await iceRestarts(), restartsBefore + 1);
    await framesKeepIncreasing(view, 'after the anchor moved');
    assert.equal(await view.evaluate(() => window.player._pc === window.firstPc), true, 'the viewer never played again');
    assert.equal(await count(view, 't_pause'), pausesBefore, 'the viewer saw no pause');
    assert.ok(pushPath.stats.cutOff > 0, 'the browser was cut off from the old path');

    // ---- the viewer's network goes away -------------------------------------------------
    playPath.cut();
    await poll(() => view.evaluate(() => window.player._ice && window.player._ice.restarts === 1), { timeoutMs: 30000, what: 'the player restarted ICE' });
    await framesKeepIncreasing(view, 'after the viewer moved');
    assert.equal(await view.evaluate(() => window.player._pc === window.firstPc), true, 'the same play leg');
    assert.equal(await count(view, 't_pause'), pausesBefore, 'still no pause');
    assert.equal((await states(view, 'player')).at(-1), 'CONNECTED');
    assert.equal(await iceRestarts(), restartsBefore + 2);
    assert.ok(playPath.stats.cutOff > 0, 'the viewer was cut off from the old path');

    await view.evaluate(() => window.player.stopPlay());
    await pub.evaluate(() => window.pusher.stopPush());
    assert.deepEqual(pub.errors, []);
    assert.deepEqual(view.errors, []);
  } finally {
    pushPath.close();
    playPath.close();
  }
});

test('Pusher / Player argument checks and exact error texts in the browser', { timeout: 60000 }, async () => {
  const room = '8902';
  await createRoom('anchor2', room);
  const page = await sdkPage();
  const url = await roomUrl(room, 'anchor2');
  const result = await page.evaluate(async ({ server: s, url: u }) => {
    const T = window.TWebLive;
    const out = {};
    out.noOptions = await window.errorOf(() => T.createPusher());
    out.emptyOptions = await window.errorOf(() => T.createPusher({}));
    const pusher = T.createPusher({ userID: 'anchor2', server: s });
    out.renderNoOptions = await window.errorOf(() => pusher.setRenderView());
    out.beforeView = pusher.getCurrentCamera();
    out.mismatch = await window.errorOf(() => pusher.startPush(u.replace('userid=anchor2', 'userid=someone')));
    out.protocol = await window.errorOf(() => pusher.startPush('rtmp://x'));
    await pusher.setRenderView({ elementID: 'view', audio: false, video: '480p' });
    out.noAudioStop = await window.errorOf(() => pusher.stopMicrophone());
    out.noAudioStart = await window.errorOf(() => pusher.startMicrophone());
    const track = document.querySelector('#view video').srcObject.getVideoTracks()[0];
    out.size = [track.getSettings().width, track.getSettings().height];
    await pusher.stopCamera();
    out.cameraOff = track.readyState;
    await pusher.startCamera();
    out.cameraBack = document.querySelector('#view video').srcObject.getVideoTracks().length;
    out.stopNotPushing = await window.errorOf(() => pusher.stopPush());
    out.cameras = (await pusher.getCameraList()).length > 0;
    out.mics = (await pusher.getMicrophoneList()).length > 0;
    // off(name, handler) really removes (1.3.1 removed nothing).
    let calls = 0;
    const h = () => { calls += 1; };
    pusher.on(T.EVENT.RTC_CLIENT_ERROR, h);
    pusher.off(T.EVENT.RTC_CLIENT_ERROR, h);
    pusher._emit(T.EVENT.RTC_CLIENT_ERROR, {});
    out.offWorks = calls === 0;

    const player = T.createPlayer({ server: s });
    player.setRenderView({ elementID: 'view' });
    // A CDN URL starts CDN playback (nothing there: it retries until stopPlay).
    out.cdn = await window.errorOf(() => player.startPlay('https://flv=' + encodeURIComponent('http://127.0.0.1:9/live/a.flv') + '&hls=' + encodeURIComponent('http://127.0.0.1:9/live/a.m3u8')));
    player.stopPlay();
    out.otherScheme = await player.startPlay('rtmp://x/y');
    out.noAudioPlayer = await window.errorOf(() => player.pauseAudio());
    out.noVideoPlayer = await window.errorOf(() => player.resumeVideo());
    out.playing = player.isPlaying();
    return out;
  }, { server: `ws://${server.addr}`, url });
  assert.deepEqual(result, {
    noOptions: '请填入 pusher 配置！',
    emptyOptions: '请填入 pusher 配置！',
    renderNoOptions: '请传入配置',
    beforeView: undefined,
    mismatch: 'userID 与 createPusher() 时传入的 userID 不匹配！',
    protocol: 'Unsupported protocol!',
    noAudioStop: 'No Audio Track!',
    noAudioStart: 'No Audio Track!',
    size: [640, 480],
    cameraOff: 'ended',
    cameraBack: 1,
    stopNotPushing: null,
    cameras: true,
    mics: true,
    offWorks: true,
    cdn: null,
    otherScheme: undefined,
    noAudioPlayer: 'No Audio Track!',
    noVideoPlayer: 'No Video Track!',
    playing: false,
  });
});

test('a failing startPush emits RTC_CLIENT_ERROR (non-owner publish is refused)', { timeout: 60000 }, async () => {
  const room = '8903';
  await createRoom('owner3', room);
  const page = await sdkPage();
  const url = await roomUrl(room, 'intruder3');
  const r = await page.evaluate(async ({ server: s, url: u }) => {
    const pusher = window.TWebLive.createPusher({ userID: 'intruder3', server: s });
    window.record(pusher, 'pusher');
    await pusher.setRenderView({ elementID: 'view', audio: true, video: true });
    let code = null;
    try { await pusher.startPush(u); } catch (e) { code = e.code; }
    return { code, pushing: pusher.isPushing(), errors: window.eventsOf(window.TWebLive.EVENT.RTC_CLIENT_ERROR).map((e) => e.data.code) };
  }, { server: `ws://${server.addr}`, url });
  assert.deepEqual(r, { code: 60027, pushing: false, errors: [60027] });
});

test('RTC_CLIENT_BANNED when the same user logs in for media elsewhere (4001)', { timeout: 60000 }, async () => {
  const room = '8904';
  await createRoom('anchor4', room);
  const page = await sdkPage();
  const url = await roomUrl(room, 'anchor4');
  await page.evaluate(async ({ server: s, url: u }) => {
    const pusher = window.TWebLive.createPusher({ userID: 'anchor4', server: s });
    window.pusher = pusher;
    window.record(pusher, 'pusher');
    await pusher.setRenderView({ elementID: 'view', audio: true, video: '480p' });
    await pusher.startPush(u);
  }, { server: `ws://${server.addr}`, url });
  // Another media session of anchor4 (as a second pusher tab would open).
  const { default: WebSocket } = await import('ws');
  const other = new WebSocket(`ws://${server.addr}/im?sdkappid=${SDKAPPID}`);
  await new Promise((r) => other.once('open', r));
  other.send(JSON.stringify({ id: 1, cmd: 'login', data: { userID: 'anchor4', userSig: await userSig(server.addr, 'anchor4'), scope: 'rtc' } }));
  const banned = await poll(() => page.evaluate(() => window.eventsOf(window.TWebLive.EVENT.RTC_CLIENT_BANNED)[0]), { timeoutMs: 10000, what: 'RTC_CLIENT_BANNED' });
  assert.deepEqual(banned.data, { reason: 'multipleAccount' });
  assert.equal(await page.evaluate(() => window.pusher.isPushing()), false);
  assert.equal((await states(page, 'pusher')).at(-1), 'DISCONNECTED');
  other.close();
});
