// TWebLive Player (tweblive-api.md §4), WebRTC engine on liveroom's SFU.
//
// startPlay('room://sdkappid=&roomid=&userid=&usersig=') opens:
//   - the media session, logged in with scope "rtc" as `userid`: `play` / `stopPlay`;
//   - a room watch (room-watch.js) to hear `streamAdded` / `streamRemoved`: through the
//     page's IM when it is in the room (a viewer then counts once in the member count),
//     else through an anonymous session of its own that `enterRoom`s the room.
// It resolves once both are in (before media plays). Then, in the background, it plays the
// room's latest live stream (the enterRoom answer's `streams`, else the owner's main
// stream); while nothing is live (60022) it waits for `streamAdded` (re-trying every 5 s
// in case an event was missed during a reconnect).
//
// When the play leg's network breaks (the peer connection disconnected for 1.5 s or failed,
// or the server hears nothing), it first restarts ICE over the media WebSocket
// (`restartIce`, rtc-base.js IceRecovery): the same play and peer connection, no pause.
// When the stream ends (streamRemoved, the ICE restart was refused or did not connect, the
// server reports the play leg failed / closed, the media WebSocket dropped) it emits
// PLAYER_PAUSE and RTC_CONNECTION_STATE_CHANGED → RECONNECTING, and plays again by itself
// as soon as a stream is live: PLAYER_PLAYING and → CONNECTED follow.
//
// Connection state: startPlay → CONNECTING; the play leg connected (pc or mediaState) →
// CONNECTED; lost → RECONNECTING; stopPlay or a fatal error → DISCONNECTED.
// RTC_NETWORK_QUALITY every 2 s: downlink from the loss of received packets over the
// interval and the candidate pair's RTT (media.js networkQuality); uplink 0.
//
// CDN URLs (`https://flv=…&hls=…`) play through liveroom's CDN origin (or any CDN) with
// the engine cdn.js chooses for this browser (native HLS, FLV with mpegts.js, LL-HLS with
// hls.js; `cdnEngine` forces one); see cdn.js for the events and reconnects. The engine is
// chosen at every startPlay: a CDN URL ends a WebRTC session and vice versa.

import { CdnPlayback } from './cdn.js';
import { EVENT } from './constants.js';
import { lossBetween, networkQuality } from './media.js';
import { IceRecovery, RtcBase, STATE, backoff, candidateRtt, sleep, videoIn, waitIceGathering } from './rtc-base.js';
import { RoomWatch, getPageIM } from './room-watch.js';
import { CODE_RETRY } from './signal.js';
import { parseCdnUrl, playEngine, parseRtcUrl } from './urls.js';

const NO_AUDIO = 'No Audio Track!';
const NO_VIDEO = 'No Video Track!';
/** Errors after which playing again cannot help. */
const FATAL = new Set([10004, 10007, 10015, 60004, 60020, 60021, 70001, 70002, 70003, 70004, 70005, 70009, 70013, 70014, 70020, 70107]);
const WAIT_STREAM_MS = 5000;

export class Player extends RtcBase {
  /**
   * @param {object} [options] ignored by TWebLive 1.x; here `server` (liveroom's
   *   ws(s)/http(s) base, default: the page's origin), `WebSocket`, and `cdnEngine`
   *   ('auto' default, 'native', 'flv' or 'hlsjs': forces the CDN engine).
   */
  constructor(options) {
    super('[liveroom Player]', options || {});
    this._cdnEngine = (options && options.cdnEngine) || 'auto';
    this._cdn = null;
    this._elementID = null;
    this._config = {};
    this._key = null; // sdkappid/roomid/userid of the current session
    this._params = null;
    this._rtc = null;
    this._watch = null;
    this._want = false; // play whenever a stream is live
    this._pc = null;
    this._ice = null; // the play leg's IceRecovery
    this._playID = null;
    this._streamID = null;
    this._target = undefined; // stream id to ask for next
    this._gen = 0;
    this._loopToken = 0;
    this._wake = null;
    this._video = null;
    this._tracks = { audio: null, video: null };
    this._playing = false;
    this._volume = 1;
    this._audioPaused = false;
    this._videoPaused = false;
    this._qualityPrev = null;
  }

  emit(eventName, data) {
    this._emit(eventName, data);
  }

  /**
   * Merged into the CDN config, read at the next CDN startPlay: `poster` (URL, or
   * `{src, style: 'default'|'stretch'|'cover'}`), `width` / `height` (px), `autoplay`
   * (default true), `wording` ({code: text}, given as PLAYER_ERROR `data.message`), and
   * liveroom's `cdnEngine` (as the createPlayer option).
   */
  setCustomConfig(options) {
    if (options && typeof options === 'object') this._config = { ...this._config, ...options };
  }

  setRenderView(options) {
    this._elementID = options && options.elementID;
  }

  isPlaying() {
    return this._cdn ? this._cdn.playing : this._playing;
  }

  /**
   * @param {string} url `room://...` (WebRTC) or `https://flv=…&hls=…` (CDN, not available)
   */
  async startPlay(url) {
    const engine = playEngine(url);
    if (engine === 'cdn') {
      this._startCdn(parseCdnUrl(url));
      return undefined;
    }
    if (engine !== 'webrtc') return undefined;
    const p = parseRtcUrl(url);
    this._stopCdn();
    const key = `${p.sdkappid}/${p.roomid}/${p.userid}`;
    if (this._key === key && this._rtc) {
      // Joined already: play (again) the room's stream.
      this._want = true;
      if (!this._pc) this._setState(STATE.CONNECTING);
      this._loop();
      return undefined;
    }
    if (this._key) this._teardownAll();
    this._key = key;
    this._params = p;
    this._want = true;
    this._setState(STATE.CONNECTING);
    const rtc = this._newSignal(p.sdkappid, 'rtc');
    const watch = new RoomWatch({
      roomID: String(p.roomid),
      sdkAppID: p.sdkappid,
      base: baseOf(rtc),
      im: getPageIM(),
      openSession: () => this._newSignal(p.sdkappid, undefined),
      onAdded: (data) => watch === this._watch && this._onStreamAdded(data),
      onRemoved: (data) => watch === this._watch && this._onStreamRemoved(data),
      onResync: () => watch === this._watch && this._wakeUp(),
      log: this._log,
    });
    this._rtc = rtc;
    this._watch = watch;
    rtc.on('mediaState', (ev) => rtc === this._rtc && this._onMediaState(ev.data));
    rtc.on(EVENT.IM_NET_STATE_CHANGED, (ev) => rtc === this._rtc && this._onRtcNet(ev.data));
    rtc.on(EVENT.IM_KICKED_OUT, (ev) => rtc === this._rtc && this._onKicked(ev.data));
    try {
      const [, streams] = await Promise.all([
        rtc.login({ userID: p.userid, userSig: p.usersig }),
        watch.start(),
      ]);
      if (streams.length) this._target = streams[streams.length - 1].streamID;
    } catch (err) {
      if (this._rtc === rtc) {
        this._clientError(err, 'startPlay failed');
        this._teardownAll();
      }
      throw err;
    }
    this._startQuality(() => this._sampleQuality());
    this._loop();
    return undefined;
  }

  /**
   * WebRTC: stops rendering; stays joined (startPlay with the same URL plays again).
   * CDN: stops and destroys the playback and removes its video from the container.
   */
  stopPlay() {
    if (this._cdn) {
      this._stopCdn();
      return;
    }
    this._want = false;
    this._dropPc(false);
    this._setState(STATE.DISCONNECTED);
  }

  /**
   * Resumes playback after the autoplay policy blocked it (call from a user gesture), or
   * after pausePlay / pauseVideo. CDN: also works (1.3.1 threw a TypeError there).
   */
  resumePlay() {
    if (this._cdn) {
      this._cdn.resume();
      return;
    }
    const v = this._video;
    if (!v) return;
    v.play().catch((err) => this._onPlayRefused(err));
  }

  /** liveroom extension: pauses playback (CDN: the element; WebRTC: the video element). */
  pausePlay() {
    if (this._cdn) {
      this._cdn.pause();
      return;
    }
    if (this._video) this._video.pause();
    this._setPlaying(false);
  }

  async pauseAudio() {
    if (this._cdn) {
      this._audioPaused = true;
      this._cdn.setMuted(true);
      return;
    }
    const t = this._tracks.audio;
    if (!t) throw new Error(NO_AUDIO);
    this._audioPaused = true;
    t.enabled = false;
  }

  async resumeAudio() {
    if (this._cdn) {
      this._audioPaused = false;
      this._cdn.setMuted(false);
      return;
    }
    const t = this._tracks.audio;
    if (!t) throw new Error(NO_AUDIO);
    this._audioPaused = false;
    t.enabled = true;
  }

  async pauseVideo() {
    if (this._cdn) {
      this._cdn.pause();
      return;
    }
    const t = this._tracks.video;
    if (!t) throw new Error(NO_VIDEO);
    this._videoPaused = true;
    t.enabled = false;
    this._setPlaying(false);
  }

  async resumeVideo() {
    if (this._cdn) {
      this._cdn.resume();
      return;
    }
    const t = this._tracks.video;
    if (!t) throw new Error(NO_VIDEO);
    this._videoPaused = false;
    t.enabled = true;
    this._setPlaying(true);
  }

  /** 0–100 (a non-number means 100). */
  setPlayoutVolume(volume) {
    const n = typeof volume === 'number' && Number.isFinite(volume) ? volume : 100;
    this._volume = Math.min(100, Math.max(0, n)) / 100;
    if (this._video) this._video.volume = this._volume;
    if (this._cdn) this._cdn.setVolume(this._volume);
  }

  // ---- CDN -------------------------------------------------------------------------------

  _startCdn(urls) {
    const doc = globalThis.document;
    const container = this._elementID && doc ? doc.getElementById(this._elementID) : null;
    if (!container) throw new Error(`no element with id "${this._elementID}" (call setRenderView first)`);
    const engine = this._config.cdnEngine || this._cdnEngine;
    if (this._key) this._teardownAll();
    if (this._video) {
      this._video.remove();
      this._video = null;
    }
    this._stopCdn();
    const cdn = new CdnPlayback({
      urls,
      container,
      config: this._config,
      engine,
      emit: (name, data) => {
        if (this._cdn === cdn) this._emit(name, data);
      },
      log: this._log,
      audio: { muted: this._audioPaused, volume: this._volume },
    });
    this._cdn = cdn;
    cdn.start();
  }

  _stopCdn() {
    const cdn = this._cdn;
    if (!cdn) return;
    cdn.stop();
    this._cdn = null;
  }

  // ---- session -------------------------------------------------------------------------

  _teardownAll() {
    this._want = false;
    this._dropPc(false);
    this._stopQuality();
    for (const s of [this._rtc, this._watch]) if (s) s.close();
    this._rtc = null;
    this._watch = null;
    this._key = null;
    this._target = undefined;
    this._setState(STATE.DISCONNECTED);
  }

  _signals() {
    return [this._rtc, this._watch].filter(Boolean);
  }

  /** Plays until it works, while wanted. A newer loop supersedes a running one. */
  async _loop() {
    const token = ++this._loopToken;
    const current = () => token === this._loopToken && this._want && !this._pc && this._rtc;
    for (let attempt = 0; current(); ) {
      const rtc = this._rtc;
      try {
        await this._playOnce(rtc);
        return;
      } catch (err) {
        if (err.code === 'superseded') continue;
        if (!current() || rtc !== this._rtc) return;
        if (err.code === 60022) {
          // Nothing live (or not the stream we asked for): wait for streamAdded.
          this._target = undefined;
          await this._waitStream(WAIT_STREAM_MS);
          attempt = 0;
          continue;
        }
        if (FATAL.has(err.code)) {
          this._clientError(err, 'play failed');
          this._emit(EVENT.PLAYER_ERROR, { code: err.code, reason: err.message });
          this._want = false;
          this._setState(STATE.DISCONNECTED);
          return;
        }
        if (err.code !== CODE_RETRY) this._clientError(err, 'play failed, retrying');
        await Promise.race([sleep(backoff(attempt)), this._waitStream(60000)]);
        attempt += 1;
      }
    }
  }

  _waitStream(ms) {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      const prev = this._wake;
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this._wake = () => {
        if (prev) prev();
        done();
      };
    });
  }

  _wakeUp() {
    const w = this._wake;
    this._wake = null;
    if (w) w();
  }

  async _playOnce(rtc) {
    const gen = ++this._gen;
    const p = this._params;
    const pc = new RTCPeerConnection();
    pc.addTransceiver('video', { direction: 'recvonly' });
    pc.addTransceiver('audio', { direction: 'recvonly' });
    const tracks = { audio: null, video: null };
    let attached = false;
    pc.ontrack = (ev) => {
      tracks[ev.track.kind] = ev.track;
      if (attached && pc === this._pc) this._attach(tracks); // a late track
    };
    pc.onconnectionstatechange = () => this._onPcState(pc);
    let answer;
    try {
      await pc.setLocalDescription(await pc.createOffer());
      await waitIceGathering(pc);
      const body = { roomID: String(p.roomid), sdp: pc.localDescription.sdp };
      if (this._target) body.streamID = this._target;
      answer = await rtc.request('play', body);
    } catch (err) {
      pc.close();
      throw err;
    }
    if (gen !== this._gen || rtc !== this._rtc || !this._want) {
      pc.close();
      rtc.request('stopPlay', { playID: answer.playID }).catch(() => {});
      throw Object.assign(new Error('superseded'), { code: 'superseded' });
    }
    this._pc = pc;
    this._playID = answer.playID;
    this._streamID = answer.streamID;
    this._qualityPrev = null;
    this._ice = new IceRecovery({
      pc,
      signal: rtc,
      leg: { playID: answer.playID },
      log: this._log,
      onLost: (why) => {
        if (pc === this._pc) this._dropPc(true, why);
      },
    });
    try {
      await pc.setRemoteDescription({ type: 'answer', sdp: answer.sdp });
    } catch (err) {
      if (pc === this._pc) this._dropPc(false);
      throw err;
    }
    attached = true;
    if (tracks.video || tracks.audio) this._attach(tracks);
    this._log.info('playing', answer.streamID);
  }

  /** Renders the remote tracks into the container's <video>. */
  _attach(tracks) {
    this._tracks = { ...tracks };
    if (tracks.audio) tracks.audio.enabled = !this._audioPaused;
    if (tracks.video) tracks.video.enabled = !this._videoPaused;
    let video;
    try {
      video = videoIn(this._elementID, { muted: false, objectFit: 'contain' });
    } catch (err) {
      this._clientError(err, 'setRenderView');
      return;
    }
    if (video !== this._video) {
      this._video = video;
      video.addEventListener('playing', () => {
        if (this._pc && !this._videoPaused) this._setPlaying(true);
      });
    }
    video.volume = this._volume;
    video.srcObject = new MediaStream([tracks.video, tracks.audio].filter(Boolean));
    video.play().catch((err) => this._onPlayRefused(err));
  }

  _onPlayRefused(err) {
    if (err && err.name === 'NotAllowedError') {
      this._emit(EVENT.PLAYER_AUTOPLAY_NOT_ALLOWED);
    } else if (err && err.name !== 'AbortError') {
      this._log.warn('play() failed:', err.message);
    }
  }

  _setPlaying(on) {
    if (on === this._playing) return;
    this._playing = on;
    this._emit(on ? EVENT.PLAYER_PLAYING : EVENT.PLAYER_PAUSE);
  }

  /** Forgets the current play leg; with `rejoin` plays again when a stream is live. */
  _dropPc(rejoin, why) {
    this._gen += 1;
    const pc = this._pc;
    const playID = this._playID;
    this._pc = null;
    this._playID = null;
    this._streamID = null;
    this._tracks = { audio: null, video: null };
    if (this._ice) this._ice.stop();
    this._ice = null;
    if (pc) {
      pc.ontrack = null;
      pc.onconnectionstatechange = null;
      pc.close();
      if (playID && this._rtc && this._rtc.connected) {
        this._rtc.request('stopPlay', { playID }).catch(() => {});
      }
    }
    if (this._video) this._video.srcObject = null;
    this._setPlaying(false);
    if (rejoin && this._want) {
      this._log.info('stream lost:', why);
      this._setState(STATE.RECONNECTING);
      this._loop();
    }
  }

  _onPcState(pc) {
    if (pc !== this._pc) return;
    // Our own close() ends in 'closed'; only a failure means the leg was lost.
    if (pc.connectionState === 'closed') return;
    if (this._ice) this._ice.update(pc.connectionState);
    // A failed transport is first restarted (IceRecovery), which plays again if it cannot.
    this._applyLegState(pc.connectionState, () => {});
  }

  _onMediaState(data) {
    if (!data || !this._playID || data.playID !== this._playID) return;
    if (this._ice && data.state === 'disconnected') this._ice.update('disconnected', { server: true });
    this._applyLegState(data.state, (state) => this._dropPc(true, `server reports the play leg ${state}`));
  }


  _onRtcNet(state) {
    if (state === 'connecting') {
      // The server ends a session's plays with the session; play again once restored
      // (requests queue until then).
      if (this._pc) this._dropPc(true, 'signalling lost');
      else if (this._want) this._setState(STATE.RECONNECTING);
    } else if (state === 'connected') {
      this._wakeUp();
    }
  }

  _onKicked(reason) {
    this._emit(EVENT.RTC_CLIENT_BANNED, { reason });
    this._teardownAll();
  }

  _onStreamAdded(data) {
    if (!data || !this._params || String(data.roomID) !== String(this._params.roomid)) return;
    if (!this._pc) this._target = data.streamID;
    this._wakeUp();
  }

  _onStreamRemoved(data) {
    if (!data || !this._streamID || data.streamID !== this._streamID) return;
    this._dropPc(true, 'the stream ended');
  }

  async _sampleQuality() {
    const pc = this._pc;
    if (!this._rtc) return null;
    if (!pc) return this._want ? { uplinkNetworkQuality: 0, downlinkNetworkQuality: this._state === STATE.CONNECTING ? 0 : 6 } : null;
    const connected = pc.connectionState === 'connected';
    if (!connected) return { uplinkNetworkQuality: 0, downlinkNetworkQuality: 6 };
    const stats = await pc.getStats();
    const cur = { lost: 0, received: 0 };
    stats.forEach((s) => {
      if (s.type === 'inbound-rtp') {
        cur.lost += s.packetsLost || 0;
        cur.received += s.packetsReceived || 0;
      }
    });
    const loss = lossBetween(this._qualityPrev, cur);
    this._qualityPrev = cur;
    return {
      uplinkNetworkQuality: 0,
      downlinkNetworkQuality: networkQuality({ connected, loss, rtt: candidateRtt(stats) }),
    };
  }
}

/** The ws(s) base URL a signal client connects to (null when it has none). */
function baseOf(signal) {
  try {
    return signal._base();
  } catch {
    return null;
  }
}
