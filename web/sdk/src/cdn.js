// CDN playback for the Player (tweblive-api.md §4): `startPlay('https://flv=…&hls=…')`.
//
// Engines (names as the `cdnEngine` option, a liveroom extension):
//   'native'  HLS on the <video> element itself (Safari, iOS);
//   'flv'     HTTP-FLV through MSE with mpegts.js (every browser with MediaSource);
//   'hlsjs'   HLS (LL-HLS: `lowLatencyMode`) through MSE with hls.js.
// Both libraries are bundled into the SDK (npm, pinned in web/package-lock.json) and loaded
// lazily (the first CDN startPlay evaluates them), never fetched from elsewhere.
//
// Automatic choice, made again at every startPlay (cdnCandidates): native HLS where the
// element can play it (`canPlayType('application/vnd.apple.mpegurl')`) — except in
// Chromium, which answers "maybe" since 2025 but has no low-latency HLS, so it goes on to
// — FLV through MSE, then hls.js, then native HLS as a last resort; an engine whose URL is
// absent is skipped.
//
// Semantics: element `playing` → PLAYER_PLAYING, `pause` → PLAYER_PAUSE, `waiting` →
// PLAYER_WAITING. An outage (network error, the stream ended, no progress for STALL_MS)
// emits PLAYER_PAUSE (if it was playing) and one PLAYER_ERROR `{code, reason}` (codes of
// tweblive-api.md §8), then retries with backoff (1 s doubling to 10 s) until the stream is
// back: PLAYER_PLAYING again. A refused autoplay (play() → NotAllowedError) emits
// PLAYER_AUTOPLAY_NOT_ALLOWED; `resume()` from a user gesture plays.

import { EVENT } from './constants.js';

export const CDN_ENGINES = Object.freeze(['native', 'flv', 'hlsjs']);
const HLS_MIME = 'application/vnd.apple.mpegurl';
const MSE_TYPE = 'video/mp4; codecs="avc1.42E01E,mp4a.40.2"';
/** No playback progress for this long while playing is wanted = the stream is lost. */
export const STALL_MS = 12000;
/** After a pause longer than this, resuming jumps to the live edge. */
const LIVE_JUMP_AFTER_MS = 3000;

/** What the browser can do for CDN playback. */
export function detectCdnSupport(g = globalThis) {
  let nativeHls = false;
  try {
    nativeHls = !!g.document.createElement('video').canPlayType(HLS_MIME);
  } catch {
    nativeHls = false;
  }
  let mse = false;
  try {
    const MS = g.MediaSource || g.ManagedMediaSource || g.WebKitMediaSource;
    mse = !!MS && typeof MS.isTypeSupported === 'function' && MS.isTypeSupported(MSE_TYPE);
  } catch {
    mse = false;
  }
  const brands = (g.navigator && g.navigator.userAgentData && g.navigator.userAgentData.brands) || [];
  const chromium = brands.some((b) => /Chromium/i.test(b.brand));
  return { nativeHls, mse, chromium };
}

/**
 * The engines to try, best first, for `urls` ({flv, hls}; '' = absent) on a browser with
 * `support` (detectCdnSupport). `forced` (one of CDN_ENGINES) yields just that engine
 * when its URL is present; 'auto' / undefined chooses. Empty = nothing playable.
 */
export function cdnCandidates(urls, support, forced) {
  const has = (engine) => (engine === 'flv' ? !!urls.flv : !!urls.hls);
  if (forced && forced !== 'auto') {
    if (!CDN_ENGINES.includes(forced)) throw new Error(`unknown cdnEngine "${forced}" (use ${CDN_ENGINES.join(', ')} or auto)`);
    return has(forced) ? [forced] : [];
  }
  const order = [];
  if (support.nativeHls && !support.chromium) order.push('native');
  if (support.mse) order.push('flv', 'hlsjs');
  if (support.nativeHls) order.push('native');
  return [...new Set(order)].filter(has);
}

/** The PLAYER_ERROR when nothing can be played: 12 empty URL, 5 FLV without MSE, 4 format. */
export function unplayableError(urls) {
  if (!urls.flv && !urls.hls) return { code: 12, reason: 'empty play URL' };
  if (!urls.hls) return { code: 5, reason: 'FLV playback needs MediaSource, which this browser lacks' };
  return { code: 4, reason: 'this browser cannot play HLS or FLV' };
}

const MEDIA_ERR = ['', 'MEDIA_ERR_ABORTED', 'MEDIA_ERR_NETWORK', 'MEDIA_ERR_DECODE', 'MEDIA_ERR_SRC_NOT_SUPPORTED'];

/** A <video> MediaError as PLAYER_ERROR data: code 1–4 with reason MEDIA_ERR_*. */
export function mediaErrorData(error) {
  const code = (error && error.code) || 2;
  return { code, reason: MEDIA_ERR[code] || 'MEDIA_ERR_NETWORK' };
}

/** An hls.js fatal error as PLAYER_ERROR data (2048 playlist fetch, 2 network, 3 media). */
export function hlsErrorData(data) {
  const details = (data && data.details) || 'unknown';
  if (data && data.type === 'networkError') return { code: /^(manifest|level)/.test(details) ? 2048 : 2, reason: `hls.js networkError: ${details}` };
  if (data && data.type === 'mediaError') return { code: 3, reason: `hls.js mediaError: ${details}` };
  return { code: 1002, reason: `hls.js ${(data && data.type) || 'error'}: ${details}` };
}

/** An mpegts.js error as PLAYER_ERROR data (network → 2, media → 1002, as flv.js in TcPlayer). */
export function flvErrorData(type, detail, info) {
  const msg = info && info.msg ? ` (${info.msg})` : '';
  if (type === 'NetworkError') return { code: 2, reason: `mpegts.js NetworkError: ${detail}${msg}` };
  return { code: 1002, reason: `mpegts.js ${type}: ${detail}${msg}` };
}

/**
 * `setCustomConfig({poster})` as CSS for the poster layer: a URL string, or TcPlayer's
 * object form `{src, style}` with style 'default' (centred, original size), 'stretch'
 * (fill, ratio not kept) or 'cover'. null when there is no poster.
 */
export function posterCss(poster) {
  const src = typeof poster === 'string' ? poster : poster && typeof poster === 'object' ? poster.src : '';
  if (!src || typeof src !== 'string') return null;
  const style = (poster && typeof poster === 'object' && poster.style) || 'default';
  const size = style === 'stretch' ? '100% 100%' : style === 'cover' ? 'cover' : 'auto';
  return { backgroundImage: `url(${JSON.stringify(src)})`, backgroundSize: size };
}

/** Backoff for CDN reconnects: 1 s doubling to 10 s, ±25 % jitter. */
function retryDelay(attempt) {
  const base = Math.min(10000, 1000 * 2 ** Math.min(attempt, 10));
  return Math.round(base * (0.75 + Math.random() * 0.5));
}

let libs = null;
/** hls.js and mpegts.js, evaluated on first use (mpegts.js touches `self` when loaded). */
export function loadCdnLibs() {
  if (!libs) libs = import('./cdn-libs.js').then((m) => ({ Hls: m.Hls, mpegts: m.mpegts }));
  return libs;
}

/**
 * One CDN play session into `container`; Player owns it between startPlay and stopPlay.
 */
export class CdnPlayback {
  /**
   * @param {object} o
   * @param {{flv: string, hls: string}} o.urls
   * @param {HTMLElement} o.container
   * @param {object} o.config setCustomConfig's (poster, width, height, autoplay, wording)
   * @param {string} [o.engine] forced engine, or 'auto'
   * @param {(name: string, data?: any) => void} o.emit
   * @param {object} o.log Logger
   * @param {{muted: boolean, volume: number}} o.audio
   */
  constructor({ urls, container, config, engine, emit, log, audio, support, loadLibs }) {
    this.urls = urls;
    this._container = container;
    this._config = config || {};
    this._emitRaw = emit;
    this._log = log;
    this._muted = !!(audio && audio.muted);
    this._volume = audio && typeof audio.volume === 'number' ? audio.volume : 1;
    this._loadLibs = loadLibs || loadCdnLibs;
    this.candidates = cdnCandidates(urls, support || detectCdnSupport(), engine);
    this._index = 0;
    this.engine = this.candidates[0] || null;
    this._want = this._config.autoplay !== false; // play (vs. stay paused) once attached
    this._inst = null;
    this._gen = 0;
    this._attempt = 0;
    this._retryTimer = null;
    this._watchTimer = null;
    this._outage = false;
    this._blocked = false;
    this._playing = false;
    this._pausedAt = 0;
    this._progress = { t: -1, at: 0 };
    this._stopped = false;
    this._buildDom();
  }

  get playing() {
    return this._playing;
  }

  /** Starts playing (in the background); false when nothing is playable here. */
  start() {
    if (!this.engine) {
      this._error(unplayableError(this.urls));
      return false;
    }
    this._watchTimer = setInterval(() => this._watch(), 1000);
    this._attach();
    return true;
  }

  /** Stops and destroys the playback and removes its elements from the container. */
  stop() {
    this._stopped = true;
    this._detach();
    clearInterval(this._watchTimer);
    clearTimeout(this._retryTimer);
    this._setPlaying(false);
    this._wrap.remove();
  }

  /** pauseVideo / pausePlay: pauses the element (PLAYER_PAUSE comes from it). */
  pause() {
    this._want = false;
    this._pausedAt = Date.now();
    this.video.pause();
  }

  /**
   * resumeVideo / resumePlay: plays again — also after a refused autoplay (call it from a
   * user gesture). After a longer pause it jumps to the live edge.
   */
  resume() {
    const wasPaused = !this._want || this.video.paused;
    this._want = true;
    this._blocked = false;
    if (!this._inst) return; // reconnecting: plays once attached
    if (wasPaused && this._pausedAt && Date.now() - this._pausedAt > LIVE_JUMP_AFTER_MS) this._jumpLive();
    this._pausedAt = 0;
    this._progress = { t: this.video.currentTime, at: Date.now() };
    this._play();
  }

  setMuted(muted) {
    this._muted = !!muted;
    this.video.muted = this._muted;
  }

  setVolume(volume) {
    this._volume = volume;
    this.video.volume = volume;
  }

  // ---- DOM -------------------------------------------------------------------------------

  _buildDom() {
    const doc = this._container.ownerDocument;
    const wrap = doc.createElement('div');
    wrap.setAttribute('data-liveroom-cdn', '');
    const size = (v) => (typeof v === 'number' && Number.isFinite(v) && v > 0 ? `${v}px` : '100%');
    Object.assign(wrap.style, { position: 'relative', overflow: 'hidden', width: size(this._config.width), height: size(this._config.height), background: '#000' });
    const video = doc.createElement('video');
    video.setAttribute('data-liveroom', '');
    video.playsInline = true;
    video.setAttribute('playsinline', '');
    video.setAttribute('webkit-playsinline', '');
    video.autoplay = false; // play() is ours, so a refusal is seen
    video.muted = this._muted;
    video.volume = this._volume;
    Object.assign(video.style, { width: '100%', height: '100%', display: 'block', objectFit: 'contain' });
    wrap.appendChild(video);
    const css = posterCss(this._config.poster);
    if (css) {
      const poster = doc.createElement('div');
      poster.setAttribute('data-liveroom-poster', '');
      Object.assign(poster.style, {
        position: 'absolute',
        inset: '0',
        pointerEvents: 'none',
        backgroundRepeat: 'no-repeat',
        backgroundPosition: 'center',
        ...css,
      });
      wrap.appendChild(poster);
      this.poster = poster;
    } else {
      this.poster = null;
    }
    this._container.appendChild(wrap);
    this._wrap = wrap;
    this.video = video;
    const on = (name, fn) => video.addEventListener(name, (ev) => !this._stopped && fn(ev));
    on('playing', () => this._onPlaying());
    on('pause', () => this._setPlaying(false));
    on('waiting', () => this._emit(EVENT.PLAYER_WAITING));
    on('timeupdate', () => this._noteProgress());
    on('error', () => {
      if (this._inst && this._inst.kind === 'native' && video.error) this._fail(mediaErrorData(video.error));
    });
    on('ended', () => {
      if (this._inst) this._fail({ code: 13, reason: 'the live stream has ended' });
    });
  }

  // ---- engines ---------------------------------------------------------------------------

  async _attach() {
    const gen = ++this._gen;
    const engine = this.candidates[this._index];
    this.engine = engine;
    this._progress = { t: -1, at: Date.now() };
    let lib;
    try {
      lib = engine === 'native' ? null : await this._loadLibs();
    } catch (err) {
      this._error({ code: 4, reason: `loading the ${engine} engine failed: ${err.message}` });
      return;
    }
    if (gen !== this._gen || this._stopped) return;
    const fail = (data, format) => gen === this._gen && this._fail(data, format);
    try {
      if (engine === 'native') this._inst = this._native();
      else if (engine === 'flv') this._inst = this._flv(lib.mpegts, fail);
      else this._inst = this._hlsjs(lib.Hls, fail);
    } catch (err) {
      fail({ code: 4, reason: `${engine}: ${err.message}` }, true);
      return;
    }
    if (!this._inst) return; // _flv / _hlsjs failed already
    this._log.info('CDN playback with', engine);
    if (this._want) this._play();
  }

  _native() {
    const video = this.video;
    video.src = this.urls.hls;
    video.load();
    return {
      kind: 'native',
      destroy() {
        video.removeAttribute('src');
        video.load();
      },
      liveEdge() {
        const s = video.seekable;
        return s && s.length ? s.end(s.length - 1) - 1 : null;
      },
    };
  }

  _flv(mpegts, fail) {
    if (!mpegts.getFeatureList().mseLivePlayback) {
      fail({ code: 5, reason: 'FLV playback needs MediaSource, which this browser lacks' }, true);
      return null;
    }
    const video = this.video;
    // mpegts.js logs to the console by itself: follow setLogLevel instead.
    const level = typeof this._log.level === 'number' ? this._log.level : 1;
    Object.assign(mpegts.LoggingControl, {
      enableVerbose: level < 0,
      enableDebug: level <= 0,
      enableInfo: level <= 0,
      enableWarn: level <= 2,
      enableError: level <= 3,
    });
    const player = mpegts.createPlayer(
      { type: 'flv', isLive: true, url: this.urls.flv, hasAudio: true, hasVideo: true },
      {
        enableWorker: false,
        enableStashBuffer: false,
        isLive: true,
        lazyLoad: false,
        autoCleanupSourceBuffer: true,
        // Catch up by playing faster above 1 s behind the live edge (back to 0.5 s), and
        // jump when more than 3 s behind: a viewer's delay should not depend on when it
        // joined or how long the tab stalled.
        liveSync: true,
        liveSyncMaxLatency: 1.0,
        liveSyncTargetLatency: 0.5,
        liveSyncPlaybackRate: 1.2,
        liveBufferLatencyChasing: true,
        liveBufferLatencyMaxLatency: 3.0,
        liveBufferLatencyMinRemain: 0.5,
      },
    );
    player.on(mpegts.Events.ERROR, (type, detail, info) => fail(flvErrorData(type, detail, info), type !== 'NetworkError'));
    player.on(mpegts.Events.LOADING_COMPLETE, () => fail({ code: 13, reason: 'the live stream has ended' }));
    player.attachMediaElement(video);
    player.load();
    return {
      kind: 'flv',
      destroy() {
        try {
          player.pause();
          player.unload();
          player.detachMediaElement();
        } finally {
          player.destroy();
        }
      },
      liveEdge() {
        const b = video.buffered;
        return b && b.length ? b.end(b.length - 1) - 0.5 : null;
      },
    };
  }

  _hlsjs(Hls, fail) {
    if (!Hls.isSupported()) {
      fail({ code: 4, reason: 'hls.js needs MediaSource, which this browser lacks' }, true);
      return null;
    }
    const hls = new Hls({
      lowLatencyMode: true,
      // Up to 1.5x speed to get back to the playlist's PART-HOLD-BACK after a late join
      // or a stall (hls.js' default, 1, never catches up).
      maxLiveSyncPlaybackRate: 1.5,
      enableWorker: false,
      liveDurationInfinity: true,
      backBufferLength: 10,
      manifestLoadingMaxRetry: 1,
      levelLoadingMaxRetry: 2,
    });
    let recovered = false;
    hls.on(Hls.Events.ERROR, (event, data) => {
      if (!data.fatal) return;
      if (data.type === Hls.ErrorTypes.MEDIA_ERROR && !recovered) {
        recovered = true;
        hls.recoverMediaError();
        return;
      }
      fail(hlsErrorData(data), data.type !== Hls.ErrorTypes.NETWORK_ERROR);
    });
    hls.loadSource(this.urls.hls);
    hls.attachMedia(this.video);
    return {
      kind: 'hlsjs',
      hls,
      destroy() {
        hls.destroy();
      },
      liveEdge() {
        return hls.liveSyncPosition;
      },
    };
  }

  _detach() {
    this._gen += 1;
    const inst = this._inst;
    this._inst = null;
    if (inst) {
      try {
        inst.destroy();
      } catch (err) {
        this._log.debug('destroying the CDN engine:', err);
      }
    }
  }

  // ---- playing, outages ------------------------------------------------------------------

  _play() {
    const p = this.video.play();
    if (p && typeof p.catch === 'function') {
      p.catch((err) => {
        if (this._stopped) return;
        if (err && err.name === 'NotAllowedError') {
          if (!this._blocked) {
            this._blocked = true;
            this._pausedAt = Date.now();
            this._emit(EVENT.PLAYER_AUTOPLAY_NOT_ALLOWED);
          }
        } else if (err && err.name !== 'AbortError') {
          this._log.warn('play() failed:', err.message);
        }
      });
    }
  }

  _jumpLive() {
    const edge = this._inst && this._inst.liveEdge();
    if (typeof edge === 'number' && Number.isFinite(edge) && edge > this.video.currentTime) {
      this.video.currentTime = edge;
    }
  }

  _onPlaying() {
    if (this.poster) this.poster.style.display = 'none';
    this._blocked = false;
    this._outage = false;
    this._attempt = 0;
    this._noteProgress();
    this._setPlaying(true);
  }

  _noteProgress() {
    const t = this.video.currentTime;
    if (t !== this._progress.t) this._progress = { t, at: Date.now() };
  }

  /** Watchdog: an attached engine that makes no progress while playing is wanted failed. */
  _watch() {
    if (!this._inst || !this._want || this._blocked || this.video.paused) return;
    this._noteProgress();
    if (Date.now() - this._progress.at > STALL_MS) {
      this._fail({ code: 2, reason: `no playback progress for ${STALL_MS / 1000} s` });
    }
  }

  /** An outage: drop the engine, tell the app once, retry with backoff. */
  _fail(data, formatProblem = false) {
    if (this._stopped) return;
    this._log.warn('CDN playback failed:', data.code, data.reason);
    this._detach();
    this._setPlaying(false);
    if (!this._outage) {
      this._outage = true;
      this._error(data);
    }
    // A format / decode problem: the next candidate engine may do better.
    if (formatProblem && this.candidates.length > 1) this._index = (this._index + 1) % this.candidates.length;
    clearTimeout(this._retryTimer);
    this._retryTimer = setTimeout(() => {
      if (!this._stopped) this._attach();
    }, retryDelay(this._attempt++));
  }

  _error(data) {
    const wording = this._config.wording;
    const out = { code: data.code, reason: data.reason };
    if (wording && typeof wording === 'object' && wording[data.code] !== undefined) out.message = wording[data.code];
    this._emit(EVENT.PLAYER_ERROR, out);
  }

  _setPlaying(on) {
    if (on === this._playing) return;
    this._playing = on;
    this._emit(on ? EVENT.PLAYER_PLAYING : EVENT.PLAYER_PAUSE);
  }

  _emit(name, data) {
    if (!this._stopped || name === EVENT.PLAYER_PAUSE) this._emitRaw(name, data);
  }
}
