// CDN playback logic without a browser: the engine choice, the CDN URL forms, error codes,
// the poster, and CdnPlayback's event semantics over a fake <video> and fake engines
// (the real engines in Chromium: web/tests/cdn.test.mjs).

import { test } from 'node:test';
import assert from 'node:assert/strict';

import { CdnPlayback, cdnCandidates, detectCdnSupport, flvErrorData, hlsErrorData, mediaErrorData, posterCss, unplayableError } from '../src/cdn.js';
import { EVENT, parseCdnUrl, playEngine } from '../src/index.js';

const BOTH = { flv: 'http://h/live/a.flv', hls: 'http://h/live/a.m3u8' };
const IOS = { nativeHls: true, mse: false, chromium: false };
const SAFARI = { nativeHls: true, mse: true, chromium: false };
const CHROME = { nativeHls: true, mse: true, chromium: true }; // Chromium ≥ 2025 says "maybe"
const OLD_CHROME = { nativeHls: false, mse: true, chromium: true };
const FIREFOX = { nativeHls: false, mse: true, chromium: false };
const NOTHING = { nativeHls: false, mse: false, chromium: false };

test('engine choice: native HLS on Safari / iOS, else FLV over MSE, else hls.js', () => {
  assert.deepEqual(cdnCandidates(BOTH, IOS), ['native']);
  assert.deepEqual(cdnCandidates(BOTH, SAFARI), ['native', 'flv', 'hlsjs']);
  assert.deepEqual(cdnCandidates(BOTH, CHROME), ['flv', 'hlsjs', 'native']);
  assert.deepEqual(cdnCandidates(BOTH, OLD_CHROME), ['flv', 'hlsjs']);
  assert.deepEqual(cdnCandidates(BOTH, FIREFOX), ['flv', 'hlsjs']);
  assert.deepEqual(cdnCandidates(BOTH, NOTHING), []);
});

test('engine choice skips engines whose URL is absent', () => {
  const hls = { flv: '', hls: BOTH.hls };
  const flv = { flv: BOTH.flv, hls: '' };
  assert.deepEqual(cdnCandidates(hls, FIREFOX), ['hlsjs']);
  assert.deepEqual(cdnCandidates(hls, CHROME), ['hlsjs', 'native']);
  assert.deepEqual(cdnCandidates(flv, IOS), []);
  assert.deepEqual(cdnCandidates(flv, SAFARI), ['flv']);
  assert.deepEqual(cdnCandidates({ flv: '', hls: '' }, SAFARI), []);
});

test('a forced engine (cdnEngine) is the only candidate when its URL is there', () => {
  assert.deepEqual(cdnCandidates(BOTH, CHROME, 'hlsjs'), ['hlsjs']);
  assert.deepEqual(cdnCandidates(BOTH, IOS, 'flv'), ['flv'], 'forced even where the browser lacks MSE');
  assert.deepEqual(cdnCandidates(BOTH, FIREFOX, 'native'), ['native']);
  assert.deepEqual(cdnCandidates({ flv: '', hls: BOTH.hls }, CHROME, 'flv'), []);
  assert.deepEqual(cdnCandidates(BOTH, CHROME, 'auto'), ['flv', 'hlsjs', 'native']);
  assert.throws(() => cdnCandidates(BOTH, CHROME, 'flash'), { message: 'unknown cdnEngine "flash" (use native, flv, hlsjs or auto)' });
});

test('detectCdnSupport reads canPlayType, MediaSource.isTypeSupported and the UA brands', () => {
  const g = {
    document: { createElement: () => ({ canPlayType: (t) => (t === 'application/vnd.apple.mpegurl' ? 'maybe' : '') }) },
    MediaSource: { isTypeSupported: (t) => t === 'video/mp4; codecs="avc1.42E01E,mp4a.40.2"' },
    navigator: { userAgentData: { brands: [{ brand: 'Chromium', version: '156' }] } },
  };
  assert.deepEqual(detectCdnSupport(g), { nativeHls: true, mse: true, chromium: true });
  // iPhone: no MediaSource (ManagedMediaSource counts), no userAgentData.
  assert.deepEqual(detectCdnSupport({ document: g.document, navigator: {} }), { nativeHls: true, mse: false, chromium: false });
  assert.deepEqual(detectCdnSupport({ document: g.document, ManagedMediaSource: g.MediaSource }).mse, true);
  assert.deepEqual(detectCdnSupport({}), { nativeHls: false, mse: false, chromium: false });
});

test('CDN URLs: either order, percent-decoded, liveroom origin URLs with port', () => {
  const flv = 'http://127.0.0.1:8080/live/1400000000_1001_anchor_main.flv';
  const hls = 'http://127.0.0.1:8080/live/1400000000_1001_anchor_main.m3u8';
  const a = 'https://flv=' + encodeURIComponent(flv) + '&hls=' + encodeURIComponent(hls);
  const b = 'https://hls=' + encodeURIComponent(hls) + '&flv=' + encodeURIComponent(flv);
  assert.deepEqual(parseCdnUrl(a), { flv, hls });
  assert.deepEqual(parseCdnUrl(b), { flv, hls });
  assert.equal(playEngine(a), 'cdn');
  assert.equal(playEngine(b), 'cdn');
  // An encoded inner "&hls=" is part of the FLV URL, not a separator.
  const tricky = 'http://h/x.flv?a=1&hls=2&名=値';
  assert.deepEqual(parseCdnUrl('https://flv=' + encodeURIComponent(tricky) + '&hls=' + encodeURIComponent(hls)), { flv: tricky, hls });
  // A bad escape is kept raw rather than throwing.
  assert.deepEqual(parseCdnUrl('https://flv=http%3A%2F%2Fh%2Fa%ZZ.flv'), { flv: 'http%3A%2F%2Fh%2Fa%ZZ.flv', hls: '' });
});

test('PLAYER_ERROR codes: element, hls.js and mpegts.js errors; nothing playable', () => {
  assert.deepEqual(mediaErrorData({ code: 3 }), { code: 3, reason: 'MEDIA_ERR_DECODE' });
  assert.deepEqual(mediaErrorData({ code: 4 }), { code: 4, reason: 'MEDIA_ERR_SRC_NOT_SUPPORTED' });
  assert.deepEqual(hlsErrorData({ type: 'networkError', details: 'manifestLoadError' }), { code: 2048, reason: 'hls.js networkError: manifestLoadError' });
  assert.deepEqual(hlsErrorData({ type: 'networkError', details: 'fragLoadError' }).code, 2);
  assert.deepEqual(hlsErrorData({ type: 'mediaError', details: 'bufferAppendError' }).code, 3);
  assert.deepEqual(flvErrorData('NetworkError', 'HttpStatusCodeInvalid', { msg: 'status 404' }), { code: 2, reason: 'mpegts.js NetworkError: HttpStatusCodeInvalid (status 404)' });
  assert.deepEqual(flvErrorData('MediaError', 'MediaMSEError', {}).code, 1002);
  assert.deepEqual(unplayableError({ flv: '', hls: '' }), { code: 12, reason: 'empty play URL' });
  assert.equal(unplayableError({ flv: 'x', hls: '' }).code, 5);
  assert.equal(unplayableError({ flv: 'x', hls: 'y' }).code, 4);
});

test('poster: a URL string, or TcPlayer object form {src, style}', () => {
  assert.deepEqual(posterCss('https://p/a.png'), { backgroundImage: 'url("https://p/a.png")', backgroundSize: 'auto' });
  assert.deepEqual(posterCss({ src: 'a.png', style: 'stretch' }), { backgroundImage: 'url("a.png")', backgroundSize: '100% 100%' });
  assert.deepEqual(posterCss({ src: 'a.png', style: 'cover' }).backgroundSize, 'cover');
  assert.deepEqual(posterCss({ src: 'a.png', style: 'default' }).backgroundSize, 'auto');
  assert.deepEqual(posterCss({ src: 'a"b).png' }).backgroundImage, 'url("a\\"b).png")', 'quoted');
  assert.equal(posterCss({ style: 'cover' }), null);
  assert.equal(posterCss(''), null);
  assert.equal(posterCss(undefined), null);
});

// ---- CdnPlayback over fakes ----------------------------------------------------------------

class FakeNode extends EventTarget {
  constructor(doc, tag) {
    super();
    this.ownerDocument = doc;
    this.tagName = tag;
    this.style = {};
    this.attrs = {};
    this.children = [];
    this.parent = null;
  }

  setAttribute(k, v) {
    this.attrs[k] = v;
  }

  removeAttribute(k) {
    delete this.attrs[k];
  }

  appendChild(c) {
    c.parent = this;
    this.children.push(c);
  }

  remove() {
    if (this.parent) this.parent.children = this.parent.children.filter((c) => c !== this);
    this.parent = null;
  }
}

class FakeVideo extends FakeNode {
  constructor(doc) {
    super(doc, 'VIDEO');
    this.paused = true;
    this.currentTime = 0;
    this.muted = false;
    this.volume = 1;
    this.error = null;
    this.buffered = { length: 0 };
    this.seekable = { length: 0 };
    this.refuse = null; // an error name play() rejects with
  }

  play() {
    if (this.refuse) return Promise.reject(Object.assign(new Error('refused'), { name: this.refuse }));
    this.paused = false;
    return Promise.resolve();
  }

  pause() {
    if (this.paused) return;
    this.paused = true;
    this.dispatchEvent(new Event('pause'));
  }

  load() {}

  /** The media plays: time advances, 'playing' fires. */
  frames(t) {
    this.currentTime = t;
    this.dispatchEvent(new Event('playing'));
    this.dispatchEvent(new Event('timeupdate'));
  }
}

function fakeDoc() {
  const doc = { createElement: (tag) => (tag === 'video' ? new FakeVideo(doc) : new FakeNode(doc, tag.toUpperCase())) };
  return doc;
}

/** A fake mpegts.js whose players the test drives. */
function fakeMpegts() {
  const players = [];
  const lib = {
    Events: { ERROR: 'error', LOADING_COMPLETE: 'loading_complete' },
    LoggingControl: {},
    getFeatureList: () => ({ mseLivePlayback: true }),
    createPlayer(source, config) {
      const handlers = {};
      const p = {
        source,
        config,
        destroyed: false,
        on: (name, fn) => { handlers[name] = fn; },
        fire: (name, ...args) => handlers[name](...args),
        attachMediaElement() {},
        load() {},
        pause() {},
        unload() {},
        detachMediaElement() {},
        destroy() { p.destroyed = true; },
      };
      players.push(p);
      return p;
    },
  };
  return { lib, players };
}

function session({ config = {}, refuse = null } = {}) {
  const doc = fakeDoc();
  const container = new FakeNode(doc, 'DIV');
  const events = [];
  const { lib, players } = fakeMpegts();
  const cdn = new CdnPlayback({
    urls: BOTH,
    container,
    config,
    engine: 'flv',
    emit: (name, data) => events.push(data === undefined ? name : [name, data]),
    log: { info() {}, warn() {}, debug() {} },
    audio: { muted: false, volume: 0.5 },
    support: FIREFOX,
    loadLibs: async () => ({ mpegts: lib, Hls: null }),
  });
  cdn.video.refuse = refuse;
  return { cdn, container, events, players, video: cdn.video };
}

const tick = () => new Promise((r) => setTimeout(r, 0));

test('CdnPlayback: playing / pause / waiting events, once each, and stop() cleans up', async () => {
  const { cdn, container, events, players, video } = session({ config: { poster: { src: 'p.png', style: 'cover' }, width: 640, height: 360 } });
  const wrap = container.children[0];
  assert.deepEqual([wrap.style.width, wrap.style.height], ['640px', '360px']);
  assert.equal(cdn.poster.style.backgroundSize, 'cover');
  assert.notEqual(cdn.poster.style.display, 'none', 'the poster shows until the video plays');
  assert.equal(video.volume, 0.5);
  assert.equal(cdn.start(), true);
  await tick();
  assert.equal(players.length, 1);
  assert.equal(players[0].source.url, BOTH.flv);
  assert.equal(players[0].source.isLive, true);
  video.frames(0.5);
  video.frames(0.7); // a second 'playing' is not a second PLAYER_PLAYING
  assert.equal(cdn.playing, true);
  assert.equal(cdn.poster.style.display, 'none');
  video.dispatchEvent(new Event('waiting'));
  cdn.pause();
  assert.equal(cdn.playing, false);
  cdn.resume();
  video.frames(1);
  cdn.setMuted(true);
  assert.equal(video.muted, true);
  cdn.stop();
  assert.equal(players[0].destroyed, true);
  assert.equal(container.children.length, 0, 'its elements leave the container');
  video.frames(2); // late element events after stop are ignored
  assert.deepEqual(events, [EVENT.PLAYER_PLAYING, EVENT.PLAYER_WAITING, EVENT.PLAYER_PAUSE, EVENT.PLAYER_PLAYING, EVENT.PLAYER_PAUSE]);
});

test('CdnPlayback: an outage emits PLAYER_PAUSE and ONE PLAYER_ERROR, retries, plays again', async (t) => {
  t.mock.timers.enable({ apis: ['setTimeout', 'setInterval', 'Date'] });
  const { cdn, events, players, video } = session({ config: { wording: { 13: 'ended!' } } });
  cdn.start();
  await Promise.resolve();
  await Promise.resolve();
  await Promise.resolve();
  assert.equal(players.length, 1);
  video.frames(1);
  players[0].fire('loading_complete'); // the server closed the live FLV: stream ended
  assert.equal(players[0].destroyed, true);
  assert.deepEqual(events, [EVENT.PLAYER_PLAYING, EVENT.PLAYER_PAUSE, [EVENT.PLAYER_ERROR, { code: 13, reason: 'the live stream has ended', message: 'ended!' }]]);
  // Retry after the backoff (1 s ± 25 %); it fails again (404): no second PLAYER_ERROR.
  t.mock.timers.tick(1300);
  for (let i = 0; i < 5; i += 1) await Promise.resolve();
  assert.equal(players.length, 2);
  players[1].fire('error', 'NetworkError', 'HttpStatusCodeInvalid', { msg: '404' });
  t.mock.timers.tick(2600); // second backoff: 2 s ± 25 %
  for (let i = 0; i < 5; i += 1) await Promise.resolve();
  assert.equal(players.length, 3);
  assert.equal(events.filter((e) => Array.isArray(e) && e[0] === EVENT.PLAYER_ERROR).length, 1);
  video.frames(0.2); // back
  assert.deepEqual(events.slice(3), [EVENT.PLAYER_PLAYING]);
  assert.equal(cdn.playing, true);
  // A stall (no progress for 12 s while playing is wanted) is an outage too.
  t.mock.timers.tick(13000);
  assert.equal(players[2].destroyed, true);
  assert.deepEqual(events.slice(4), [EVENT.PLAYER_PAUSE, [EVENT.PLAYER_ERROR, { code: 2, reason: 'no playback progress for 12 s' }]]);
  cdn.stop();
});

test('CdnPlayback: autoplay refused → PLAYER_AUTOPLAY_NOT_ALLOWED once; resume() plays', async () => {
  const { cdn, events, video } = session({ refuse: 'NotAllowedError' });
  cdn.start();
  await tick();
  await tick();
  assert.deepEqual(events, [EVENT.PLAYER_AUTOPLAY_NOT_ALLOWED]);
  try {
    // A reconnect while blocked does not report it again.
    cdn._attach();
    await tick();
    await tick();
    assert.deepEqual(events, [EVENT.PLAYER_AUTOPLAY_NOT_ALLOWED]);
    cdn.resume(); // the app asked, outside a gesture: refused again, reported again
    await tick();
    assert.deepEqual(events, [EVENT.PLAYER_AUTOPLAY_NOT_ALLOWED, EVENT.PLAYER_AUTOPLAY_NOT_ALLOWED]);
    video.refuse = null; // a user gesture
    cdn.resume();
    await tick();
    assert.equal(video.paused, false);
    video.frames(0.1);
    assert.deepEqual(events.slice(2), [EVENT.PLAYER_PLAYING]);
  } finally {
    cdn.stop();
  }
});

test('CdnPlayback: autoplay false waits for resume(); nothing playable → PLAYER_ERROR 12', async () => {
  const { cdn, video, events } = session({ config: { autoplay: false } });
  cdn.start();
  await tick();
  assert.equal(video.paused, true);
  cdn.resume();
  assert.equal(video.paused, false);
  cdn.stop();
  assert.deepEqual(events, []);

  const doc = fakeDoc();
  const got = [];
  const none = new CdnPlayback({
    urls: { flv: '', hls: '' },
    container: new FakeNode(doc, 'DIV'),
    config: {},
    emit: (n, d) => got.push([n, d]),
    log: { info() {}, warn() {}, debug() {} },
    support: SAFARI,
  });
  assert.equal(none.start(), false);
  assert.deepEqual(got, [[EVENT.PLAYER_ERROR, { code: 12, reason: 'empty play URL' }]]);
  none.stop();
});
