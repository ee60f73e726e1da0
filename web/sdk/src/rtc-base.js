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

/**
 * Resolves what `settled(pc)` says (`true` / `false`) once it says anything on one of
 * `pc`'s `event`s, or `false` after `timeoutMs`.
 */
function waitPc(pc, event, settled, timeoutMs) {
  const now = settled(pc);
  if (now !== undefined) return Promise.resolve(now);
  return new Promise((resolve) => {
    const done = (value) => {
      clearTimeout(timer);
      pc.removeEventListener(event, check);
      resolve(value);
    };
    const check = () => {
      const value = settled(pc);
      if (value !== undefined) done(value);
    };
    const timer = setTimeout(() => done(false), timeoutMs);
    pc.addEventListener(event, check);
  });
}

/** Resolves once ICE gathering is complete (the server takes complete offers), ≤ 3 s. */
export function waitIceGathering(pc, timeoutMs = 3000) {
  return waitPc(pc, 'icegatheringstatechange', (p) => (p.iceGatheringState === 'complete' ? true : undefined), timeoutMs);
}

/** How long a leg may stay disconnected before its ICE is restarted (blips heal alone). */
export const ICE_RESTART_GRACE_MS = 1500;
/** How long a restarted leg has to connect before the SDK sets the leg up anew. */
export const ICE_RESTART_TIMEOUT_MS = 8000;

/**
 * Keeps one media leg alive across a network change. When its peer connection stays
 * disconnected (or fails), or the server says it hears nothing, it restarts ICE over the
 * signalling WebSocket (`restartIce`: an offer with new ICE credentials, the server's
 * answer). The stream, its DTLS session and its viewers stay. If the restart is refused
 * or does not connect in time, `onLost(why)` sets the leg up anew.
 */
export class IceRecovery {
  constructor({ pc, signal, leg, log, onLost, graceMs = ICE_RESTART_GRACE_MS, timeoutMs = ICE_RESTART_TIMEOUT_MS }) {
    this._pc = pc;
    this._graceMs = graceMs;
    this._timeoutMs = timeoutMs;
    this._signal = signal;
    this._leg = leg; // { streamID } or { playID }
    this._log = log;
    this._onLost = onLost;
    this._timer = null;
    this._busy = false;
    this._done = false;
    /** Restarts that connected again. */
    this.restarts = 0;
  }

  /** The peer connection's state (`connectionState`), or the server's view with `server`. */
  update(state, { server = false } = {}) {
    if (this._done) return;
    if (state === 'connected') {
      if (!server) {
        clearTimeout(this._timer);
        this._timer = null;
      }
    } else if (state === 'disconnected') {
      if (!this._timer && !this._busy) {
        this._timer = setTimeout(() => this._restart(server ? 'the server hears nothing' : 'disconnected', server), this._graceMs);
      }
    } else if (state === 'failed') {
      clearTimeout(this._timer);
      this._timer = null;
      if (!this._busy) this._restart('failed', true);
    }
  }

  /** Stops watching (the leg is closed or replaced). */
  stop() {
    this._done = true;
    clearTimeout(this._timer);
    this._timer = null;
  }

  async _restart(why, evenIfConnected) {
    this._timer = null;
    const pc = this._pc;
    if (this._done || this._busy) return;
    if (!evenIfConnected && pc.connectionState === 'connected') return;
    if (!this._signal.connected) return; // the signalling's own recovery sets the leg up anew
    this._busy = true;
    try {
      this._log.info('restarting ICE:', why);
      await pc.setLocalDescription(await pc.createOffer({ iceRestart: true }));
      await waitIceGathering(pc);
      const answer = await this._signal.request('restartIce', { ...this._leg, sdp: pc.localDescription.sdp });
      if (this._done) return;
      await pc.setRemoteDescription({ type: 'answer', sdp: answer.sdp });
      if (!(await waitConnected(pc, this._timeoutMs))) throw new Error('did not connect in time');
      this.restarts += 1;
      this._log.info('ICE restarted');
    } catch (err) {
      if (this._done) return;
      this.stop();
      this._onLost(`ICE restart failed (${(err && err.message) || err})`);
    } finally {
      this._busy = false;
    }
  }
}

/** Resolves whether `pc` is connected within `timeoutMs`. */
function waitConnected(pc, timeoutMs) {
  const settled = (p) => (p.connectionState === 'connected' ? true : p.connectionState === 'closed' ? false : undefined);
  return waitPc(pc, 'connectionstatechange', settled, timeoutMs);
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
