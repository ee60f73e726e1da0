// The replay page: a finished recording (VOD) played from the start, with the browser's
// own controls (seek, pause, volume, full screen):
//   /replay.html?vod=/vod/<sdkappid>/<streamID>/<recordingID>/index.m3u8[&title=…]
// (the live list's replay cards link here; docs/cdn.md "Recording").
//
// Engines, as the SDK's CDN playback chooses them (web/sdk/src/cdn.js): native HLS where
// the browser has it (Safari, iOS) — but not Chromium, which says "maybe" and is not
// trusted with it —, else hls.js through MSE (the same npm package and version the SDK
// bundles, loaded only by this page), else native HLS, else the recording's MP4 file.
// `?engine=native|hlsjs|mp4` forces one (debugging, tests).

import { h, icon, button, query, restoreSession, getRoom, pageUrl, absoluteUrl, avatarImg, errorText } from './common.js';
import { mountHeader } from './header.js';
import { listRecordings, parsePlaylist, anchorOf, lengthText, dateText, fullDateText } from './replays.js';

const HLS_MIME = 'application/vnd.apple.mpegurl';
const MSE_TYPE = 'video/mp4; codecs="avc1.42E01E,mp4a.40.2"';
const ENGINES = ['native', 'hlsjs', 'mp4'];

const vod = query.get('vod') || '';
const target = parsePlaylist(vod);
let title = query.get('title') || '';

const root = document.getElementById('app');
const headerRoot = h('div');
const main = h('main', { class: 'replay-page' });
root.replaceChildren(headerRoot, main);
mountHeader(headerRoot, { center: h('div', { class: 'page-title' }, icon('play'), h('span', {}, 'Replay')) });

if (!target) {
  main.replaceChildren(h('section', { class: 'gate card', 'data-testid': 'gate' }, icon('alert', 'icon icon-xl'),
    h('h2', {}, 'No replay to play'), h('p', { class: 'muted' }, 'Pick a replay from the list.'),
    h('a', { class: 'btn btn-primary', href: pageUrl('/') }, 'Live rooms and replays')));
  window.__liveroomDemoReady = true;
  throw new Error('no replay');
}

// ---- layout --------------------------------------------------------------------------------

const video = h('video', { class: 'replay-video', 'data-testid': 'replay-video', controls: true, playsinline: true, 'webkit-playsinline': true, preload: 'auto' });
video.playsInline = true;
const overlay = h('div', { class: 'stage-overlay', 'data-testid': 'replay-overlay' });
const playBtn = button('Play', { cls: 'btn btn-primary btn-lg tap-to-play', iconName: 'play', testid: 'replay-play', onclick: () => play() });
const againBtn = button('Watch again', { cls: 'btn btn-primary btn-lg tap-to-play', iconName: 'refresh', testid: 'replay-again', onclick: () => { video.currentTime = 0; play(); } });
playBtn.hidden = true;
againBtn.hidden = true;
const stage = h('section', { class: 'replay-stage', 'data-testid': 'replay-stage' },
  video, h('div', { class: 'replay-badge', 'data-testid': 'replay-badge' }, icon('play'), 'REPLAY'), overlay, playBtn, againBtn);
const titleEl = h('h1', { class: 'watch-title', 'data-testid': 'replay-title' });
const anchorBox = h('div', { class: 'anchor-box', 'data-testid': 'replay-anchor-box' });
const actions = h('div', { class: 'replay-actions' });
const backBtn = h('a', { class: 'round-btn back-btn', href: pageUrl('/'), title: 'Live rooms and replays', 'aria-label': 'Live rooms and replays' }, icon('back'));
main.replaceChildren(stage, h('section', { class: 'watch-info replay-info' }, backBtn, anchorBox, titleEl, actions));

/** What the page knows of the recording (from the listing, once it answered). */
let rec = null;
let room = null;

function renderInfo() {
  const roomID = rec ? rec.roomID : '';
  const anchor = rec ? anchorOf(rec.streamID, rec.roomID) : '';
  const name = title || (room && room.title) || (roomID ? `Room ${roomID}` : 'Replay');
  titleEl.textContent = name;
  document.title = `${name} — Replay — liveroom`;
  const meta = rec
    ? [`Room #${roomID}`, h('span', { 'data-testid': 'replay-date', 'data-started': String(rec.startedAt), title: fullDateText(rec.startedAt) }, dateText(rec.startedAt)),
      h('span', { 'data-testid': 'replay-length' }, lengthText(rec.durationSecs)), rec.state === 'recording' ? 'still being recorded' : null]
    : ['Recorded live'];
  anchorBox.replaceChildren(avatarImg('', anchor || roomID || '?', 'avatar'),
    h('div', {}, h('b', { 'data-testid': 'replay-anchor' }, anchor || '…'),
      h('div', { class: 'muted', 'data-testid': 'replay-meta' }, meta.filter(Boolean).flatMap((m, i) => (i ? [' · ', m] : [m])))));
  const links = [];
  if (room) {
    links.push(h('a', { class: 'btn btn-sm', 'data-testid': 'replay-room-link', href: pageUrl('/player.html', { room: room.roomId, anchor: room.anchorId, title: room.title }) },
      icon(room.live ? 'broadcast' : 'user'), h('span', { class: 'btn-label' }, room.live ? 'Watch live now' : 'Go to the room')));
  }
  mp4Files().forEach((file, i, all) => {
    links.push(h('a', { class: 'btn btn-sm btn-ghost', 'data-testid': 'replay-download', href: file, download: '' },
      h('span', { class: 'btn-label' }, all.length > 1 ? `MP4, part ${i + 1}` : 'Download MP4')));
  });
  actions.replaceChildren(...links);
}

/** The recording's MP4 file(s): as listed, else the usual name next to the playlist. */
function mp4Files() {
  const listed = rec && Array.isArray(rec.files) ? rec.files.filter((f) => /\.mp4$/.test(f)) : [];
  if (listed.length || (rec && rec.state !== 'finished')) return listed;
  return [vod.replace(/index\.m3u8$/, 'recording.mp4')];
}

// ---- state ---------------------------------------------------------------------------------

const OVERLAYS = {
  loading: ['spinner', 'Loading the replay…'],
  error: ['alert', 'The replay cannot be played'],
};

function setState(s, detail) {
  stage.dataset.state = s;
  if (s !== 'ready') playBtn.hidden = true;
  againBtn.hidden = s !== 'ended';
  const o = OVERLAYS[s];
  overlay.hidden = !o;
  if (!o) return;
  const [iconName, text] = o;
  const visual = iconName === 'spinner' ? h('div', { class: 'spinner' }) : icon(iconName, 'icon icon-xl');
  const links = [];
  if (s === 'error') {
    links.push(button('Try again', { cls: 'btn btn-primary', iconName: 'refresh', testid: 'replay-retry', onclick: () => location.reload() }));
    for (const file of mp4Files().slice(0, 1)) links.push(h('a', { class: 'btn btn-ghost', href: file, download: '' }, 'Download MP4'));
  }
  overlay.replaceChildren(...[visual, h('div', { class: 'overlay-title', 'data-testid': `replay-${s}` }, text),
    detail ? h('div', { class: 'overlay-detail', 'data-testid': 'replay-error-detail' }, detail) : null,
    links.length ? h('div', { class: 'gate-actions' }, links) : null].filter(Boolean));
}
setState('loading');

let failed = false;
function fail(detail) {
  if (failed) return;
  failed = true;
  console.warn('replay failed:', detail);
  setState('error', detail);
}

video.addEventListener('playing', () => setState('playing'));
video.addEventListener('pause', () => {
  if (!video.ended && !failed && stage.dataset.state !== 'ready') setState('paused');
});
video.addEventListener('ended', () => setState('ended'));
video.addEventListener('seeking', () => { if (stage.dataset.state === 'ended') setState('paused'); });

/** play(); a refusal (autoplay with sound needs a tap first) shows the play button. */
function play() {
  const p = video.play();
  if (p && typeof p.catch === 'function') {
    p.catch((err) => {
      if (err && err.name === 'NotAllowedError') {
        setState('ready');
        playBtn.hidden = false;
      } else if (err && err.name !== 'AbortError') {
        console.warn('play() failed:', err.message);
      }
    });
  }
}

// ---- engines ---------------------------------------------------------------------------------

function chooseEngine() {
  const forced = query.get('engine');
  if (ENGINES.includes(forced)) return forced;
  const nativeHls = !!video.canPlayType(HLS_MIME);
  const brands = (navigator.userAgentData && navigator.userAgentData.brands) || [];
  const chromium = brands.some((b) => /Chromium/i.test(b.brand));
  let mse = false;
  try {
    const MS = window.MediaSource || window.ManagedMediaSource;
    mse = !!MS && MS.isTypeSupported(MSE_TYPE);
  } catch {
    mse = false;
  }
  if (nativeHls && !chromium) return 'native';
  if (mse) return 'hlsjs';
  if (nativeHls) return 'native';
  return 'mp4';
}

const MEDIA_ERR = ['', 'aborted', 'network error', 'cannot decode', 'format not supported'];
/** The element's own errors (native HLS, MP4). */
video.addEventListener('error', () => {
  if (replay.engine === 'hlsjs') return; // hls.js reports its own
  const e = video.error;
  fail(e ? `${MEDIA_ERR[e.code] || 'error'}${e.message ? `: ${e.message}` : ''}` : 'the video failed');
});

function attachSrc(src) {
  video.src = src;
  play();
}

async function attachHlsjs() {
  let Hls;
  try {
    ({ default: Hls } = await import('hls.js/dist/hls.light.min.mjs'));
  } catch (err) {
    fail(`loading hls.js failed: ${err.message}`);
    return;
  }
  if (!Hls.isSupported()) {
    fail('This browser cannot play HLS.');
    return;
  }
  const hls = new Hls({ enableWorker: false, startPosition: 0 });
  replay.hls = hls;
  let recovered = false;
  hls.on(Hls.Events.ERROR, (_event, data) => {
    if (!data.fatal) return;
    if (data.type === Hls.ErrorTypes.MEDIA_ERROR && !recovered) {
      recovered = true;
      hls.recoverMediaError();
      return;
    }
    const status = data.response && data.response.code;
    fail(status === 404 ? 'This recording is not on the server (any more).' : `hls.js ${data.type}: ${data.details}${status ? ` (HTTP ${status})` : ''}`);
    hls.destroy();
  });
  hls.on(Hls.Events.MANIFEST_PARSED, () => play());
  hls.loadSource(absoluteUrl(vod));
  hls.attachMedia(video);
}

const replay = { video, engine: chooseEngine(), hls: null };
window.__liveroomReplay = replay;

if (replay.engine === 'hlsjs') await attachHlsjs();
else if (replay.engine === 'native') attachSrc(vod);
else attachSrc(mp4Files()[0]);

// ---- what it is ----------------------------------------------------------------------------

renderInfo();
await restoreSession();
try {
  rec = (await listRecordings({ streamID: target.streamID, limit: 200 })).find((r) => r.id === target.id) || null;
} catch (err) {
  console.warn('recordings:', errorText(err));
}
if (rec) {
  try {
    room = await getRoom(rec.roomID);
  } catch {
    room = null; // closed or expired
  }
}
renderInfo();
window.__liveroomDemoReady = true;
