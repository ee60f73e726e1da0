// What Pusher and Player share: the event model, the logger, the connection state
// (RTC_CONNECTION_STATE_CHANGED), RTC_CLIENT_ERROR, and peer-connection helpers.

import { EVENT } from './constants.js';
import { Emitter } from './emitter.js';
import { Logger } from './logger.js';
import { SignalClient } from './signal.js';

export const STATE = Object.freeze({
  DISCONNECTED: 'DISCONNECTED',
  CONNECTING: 'CONNECTING',
  RECONNECTING: 'RECONNECTING',
  CONNECTED: 'CONNECTED',
});

/** How often RTC_NETWORK_QUALITY is reported (TRTC: every ~2 s). */
export const QUALITY_INTERVAL_MS = 2000;

export class RtcBase {
  constructor(prefix, options = {}) {
    this._server = options.server;
    this._WebSocket = options.WebSocket;
    this._log = new Logger(prefix, 1);
    this._emitter = new Emitter(this._log);
    this._state = STATE.DISCONNECTED;
    this._qualityTimer = null;
  }

  on(eventName, handler, context) {
    this._emitter.on(eventName, handler, context);
  }

  off(eventName, handler, context) {
    this._emitter.off(eventName, handler, context);
  }

  /** -1 trace, 0 debug, 1 info, 2 warn, 3 error, 4 none. */
  setLogLevel(level) {
    this._log.setLevel(level);
    for (const s of this._signals()) s.setLogLevel(level);
  }

  /** Signal clients to keep in step with setLogLevel (overridden). */
  _signals() {
    return [];
  }

  _emit(name, data) {
    this._emitter.emit(name, data);
  }

  _setState(state) {
    if (state === this._state) return;
    const prevState = this._state;
    this._state = state;
    this._log.debug('connection state', prevState, '->', state);
    this._emit(EVENT.RTC_CONNECTION_STATE_CHANGED, { prevState, state });
  }

  /** RTC_CLIENT_ERROR with `{code, message}` (the event 1.x never managed to emit). */
  /**
   * Applies a leg's connection state (the peer connection's, or the server's `mediaState`):
   * connected → CONNECTED, disconnected → RECONNECTING, failed / closed → `onLost(state)`.
   */
  _applyLegState(state, onLost) {
    if (state === 'connected') this._setState(STATE.CONNECTED);
    else if (state === 'disconnected') this._setState(STATE.RECONNECTING);
    else if (state === 'failed' || state === 'closed') onLost(state);
  }

  _clientError(err, context) {
    const data = {
      code: err && err.code !== undefined ? err.code : 0,
      message: `${context}: ${(err && err.message) || String(err)}`,
    };
    this._log.warn(data.message);
    this._emit(EVENT.RTC_CLIENT_ERROR, data);
  }

  _newSignal(sdkAppID, scope) {
    return new SignalClient({
      sdkAppID,
      server: this._server,
      WebSocket: this._WebSocket,
      scope,
      logLevel: this._log.level,
    });
  }

  _startQuality(sample) {
    this._stopQuality();
    this._qualityTimer = setInterval(async () => {
      try {
        const data = await sample();
        if (data && this._qualityTimer) this._emit(EVENT.RTC_NETWORK_QUALITY, data);
      } catch (err) {
        this._log.debug('getStats failed', err);
      }
    }, QUALITY_INTERVAL_MS);
  }

  _stopQuality() {
    clearInterval(this._qualityTimer);
    this._qualityTimer = null;
  }
}

/** Resolves once ICE gathering is complete (the server takes complete offers), ≤ 3 s. */
export function waitIceGathering(pc, timeoutMs = 3000) {
  if (pc.iceGatheringState === 'complete') return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      pc.removeEventListener('icegatheringstatechange', check);
      resolve();
    };
    const check = () => {
      if (pc.iceGatheringState === 'complete') done();
    };
    const timer = setTimeout(done, timeoutMs);
    pc.addEventListener('icegatheringstatechange', check);
  });
}

/** Round-trip time (ms) of the selected ICE candidate pair, if the stats have it. */
export function candidateRtt(stats) {
  let rtt;
  stats.forEach((s) => {
    if (s.type === 'candidate-pair' && (s.nominated || s.selected) && s.state === 'succeeded') {
      if (typeof s.currentRoundTripTime === 'number') rtt = s.currentRoundTripTime * 1000;
    }
  });
  return rtt;
}

export function sleep(ms) {
  return new Promise((r) => setTimeout(r, ms));
}

/** Backoff for media retries: 1 s doubling to 10 s, ±25 % jitter. */
export function backoff(attempt) {
  const base = Math.min(10000, 1000 * 2 ** Math.min(attempt, 10));
  return Math.round(base * (0.75 + Math.random() * 0.5));
}

/** Creates (or finds) the `<video>` this SDK renders into inside `elementID`. */
export function videoIn(elementID, { muted = false, objectFit = 'cover' } = {}) {
  const doc = globalThis.document;
  const container = elementID && doc ? doc.getElementById(elementID) : null;
  if (!container) throw new Error(`no element with id "${elementID}"`);
  let video = container.querySelector('video[data-liveroom]');
  if (!video) {
    video = doc.createElement('video');
    video.setAttribute('data-liveroom', '');
    video.autoplay = true;
    video.playsInline = true;
    video.setAttribute('playsinline', '');
    video.style.width = '100%';
    video.style.height = '100%';
    video.style.display = 'block';
    container.appendChild(video);
  }
  video.muted = muted;
  video.style.objectFit = objectFit;
  return video;
}
