// TWebLive Pusher (tweblive-api.md §3) on liveroom's SFU.
//
// setRenderView captures the camera / microphone (or the screen) and previews it muted
// in a <video> created inside the element. startPush logs in on its own WebSocket
// (`login` scope "rtc"), sends one complete (non-trickle) offer with `publish` (H.264
// packetization-mode=1 preferred, degradationPreference maintain-resolution, the
// profile's bitrate as maxBitrate) and applies the answer.
//
// Connection state (RTC_CONNECTION_STATE_CHANGED):
//   startPush → CONNECTING; pc `connected` or server mediaState `connected` → CONNECTED;
//   pc `disconnected` / mediaState `disconnected` / the WebSocket dropped → RECONNECTING;
//   pc disconnected for 1.5 s, pc `failed`, or the server hearing nothing → an ICE restart
//   over the WebSocket (`restartIce`, rtc-base.js IceRecovery): the same stream, peer
//   connection and viewers, on the network the browser has now; a refused or unconnected
//   restart, mediaState `failed` / `closed`, or the WebSocket restored after a drop (the
//   server ended the session's media) → RECONNECTING and publish again with a fresh peer
//   connection (backoff 1 s → 10 s); stopPush or a fatal error → DISCONNECTED.
// RTC_CLIENT_BANNED: the rtc session was closed with 4001 (same user pushing elsewhere)
//   or 4002 (UserSig expired); data `{reason}`. Pushing stops.
// RTC_NETWORK_QUALITY every 2 s: uplink from the RTCP receiver reports (fractionLost,
//   roundTripTime) of the sent streams, graded by media.js networkQuality; downlink 0.

import { EVENT } from './constants.js';
import {
  audioConstraints,
  audioProfile,
  networkQuality,
  preferH264,
  videoConstraints,
  videoProfile,
} from './media.js';
import {
  IceRecovery,
  RtcBase,
  STATE,
  backoff,
  candidateRtt,
  sleep,
  videoIn,
  waitIceGathering,
} from './rtc-base.js';
import { CODE_RETRY } from './signal.js';
import { liveStreamUrl, parseRtcUrl } from './urls.js';

const NO_AUDIO = 'No Audio Track!';

export class Pusher extends RtcBase {
  /**
   * @param {object} options
   * @param {string} options.userID must equal `userid` of the push URL.
   * @param {boolean} [options.screenCapture] a screen-sharing pusher.
   * @param {string} [options.server] liveroom's ws(s)/http(s) base (default: the page's origin).
   */
  constructor(options) {
    if (!options || typeof options !== 'object' || Object.keys(options).length === 0) {
      throw new Error('请填入 pusher 配置！');
    }
    const md = globalThis.navigator && globalThis.navigator.mediaDevices;
    if (options.screenCapture && !(md && typeof md.getDisplayMedia === 'function')) {
      throw new Error('当前浏览器不支持屏幕分享！');
    }
    super('[liveroom Pusher]', options);
    this._userID = options.userID;
    this._screen = !!options.screenCapture;
    this._stream = null; // local MediaStream
    this._view = null; // {elementID, objectFit, videoProfile, audioProfile, cameraID, microphoneID}
    this._preview = null;
    this._params = null; // parsed push URL
    this._signal = null;
    this._pc = null;
    this._ice = null; // the leg's IceRecovery
    this._streamID = null;
    this._pushing = false;
    this._gen = 0; // bumps on every (re)publish and on stop
    this._retrying = false;
    this._signalLost = false;
  }

  // ---- capture -------------------------------------------------------------------------

  async checkSystemRequirements() {
    const g = globalThis;
    const md = g.navigator && g.navigator.mediaDevices;
    if (!g.RTCPeerConnection || !md || typeof md.getUserMedia !== 'function' || !g.WebSocket) {
      return false;
    }
    if (g.RTCRtpSender && typeof g.RTCRtpSender.getCapabilities === 'function') {
      const caps = g.RTCRtpSender.getCapabilities('video');
      const codecs = (caps && caps.codecs) || [];
      return codecs.some((c) => /^video\/(h264|vp8)$/i.test(c.mimeType));
    }
    return true;
  }

  async getCameraList() {
    return (await globalThis.navigator.mediaDevices.enumerateDevices()).filter(
      (d) => d.kind === 'videoinput',
    );
  }

  async getMicrophoneList() {
    return (await globalThis.navigator.mediaDevices.enumerateDevices()).filter(
      (d) => d.kind === 'audioinput',
    );
  }

  getCurrentCamera() {
    const t = this._track('video');
    return t && !this._screen ? t.getSettings().deviceId : undefined;
  }

  getCurrentMicrophone() {
    const t = this._track('audio');
    return t ? t.getSettings().deviceId : undefined;
  }

  async setCurrentCamera(deviceId) {
    if (!this._stream || this._screen || !this._view || !this._view.videoProfile) return;
    const media = await globalThis.navigator.mediaDevices.getUserMedia({
      video: videoConstraints(this._view.videoProfile, deviceId),
    });
    this._view.cameraID = deviceId;
    await this._swapTrack('video', media.getVideoTracks()[0]);
  }

  async setCurrentMicrophone(deviceId) {
    if (!this._stream || !this._view || !this._view.audioProfile) return;
    const old = this._track('audio');
    const media = await globalThis.navigator.mediaDevices.getUserMedia({
      audio: audioConstraints(this._view.audioProfile, deviceId),
    });
    const track = media.getAudioTracks()[0];
    if (old) track.enabled = old.enabled; // keep a stopMicrophone() mute
    this._view.microphoneID = deviceId;
    await this._swapTrack('audio', track);
  }

  /**
   * (Re)creates the local stream and previews it muted. Resolves once the preview plays.
   * @param {{elementID: string, audio?: boolean|string, video?: boolean|string|object,
   *   objectFit?: string, cameraID?: string, microphoneID?: string,
   *   screenProfile?: string, systemAudio?: boolean}} options
   */
  async setRenderView(options) {
    if (!options || typeof options !== 'object' || Object.keys(options).length === 0) {
      throw new Error('请传入配置');
    }
    const view = {
      elementID: options.elementID,
      objectFit: options.objectFit || 'cover',
      audioProfile: audioProfile(options.audio),
      videoProfile: this._screen
        ? videoProfile(options.screenProfile || true, { screen: true })
        : videoProfile(options.video),
      cameraID: options.cameraID,
      microphoneID: options.microphoneID,
      systemAudio: !!options.systemAudio,
    };
    // A camera pusher given `video` it cannot read still captures (TRTC's default profile).
    if (!this._screen && options.video !== false && !view.videoProfile && options.video !== undefined) {
      view.videoProfile = videoProfile('480p');
    }
    const stream = await this._capture(view);
    this._closeLocal();
    this._view = view;
    this._stream = stream;
    if (this._screen) {
      const vt = stream.getVideoTracks()[0];
      if (vt) {
        try {
          vt.contentHint = 'detail';
        } catch {
          // not supported
        }
        vt.addEventListener('ended', () => this._onScreenEnded(stream));
      }
    }
    const video = videoIn(view.elementID, { muted: true, objectFit: view.objectFit });
    this._preview = video;
    video.srcObject = stream;
    if (this._pushing && this._pc) await this._replaceSenders();
    try {
      await video.play();
    } catch (err) {
      this._log.warn('preview did not start:', err && err.message);
    }
  }

  async _capture(view) {
    const md = globalThis.navigator.mediaDevices;
    if (this._screen) {
      const p = view.videoProfile;
      const display = await md.getDisplayMedia({
        video: { width: p.width, height: p.height, frameRate: p.frameRate },
        audio: view.systemAudio,
      });
      if (!view.systemAudio && view.audioProfile) {
        const mic = await md.getUserMedia({
          audio: audioConstraints(view.audioProfile, view.microphoneID),
        });
        for (const t of mic.getAudioTracks()) display.addTrack(t);
      }
      return display;
    }
    if (!view.audioProfile && !view.videoProfile) return new MediaStream();
    return md.getUserMedia({
      audio: audioConstraints(view.audioProfile, view.microphoneID),
      video: videoConstraints(view.videoProfile, view.cameraID),
    });
  }

  _onScreenEnded(stream) {
    if (stream !== this._stream) return;
    this.stopPush()
      .catch(() => {})
      .then(() => this._emit(EVENT.RTC_SCREEN_CAPTURE_STOPPED));
  }

  _track(kind) {
    if (!this._stream) return undefined;
    return kind === 'video' ? this._stream.getVideoTracks()[0] : this._stream.getAudioTracks()[0];
  }

  /** Puts `track` in the local stream (stopping the old one) and on the sender. */
  async _swapTrack(kind, track) {
    const old = this._track(kind);
    if (old) {
      this._stream.removeTrack(old);
      old.stop();
    }
    this._stream.addTrack(track);
    if (this._preview) this._preview.srcObject = this._stream;
    if (this._pushing && this._pc) {
      const sender = this._sender(kind);
      if (sender) await sender.replaceTrack(track);
      else this._republishSoon('a new track kind'); // needs renegotiation: publish again
    }
  }

  _sender(kind) {
    if (!this._pc) return null;
    const tr = this._pc
      .getTransceivers()
      .find((t) => t.receiver && t.receiver.track && t.receiver.track.kind === kind);
    return tr ? tr.sender : null;
  }

  async _replaceSenders() {
    for (const kind of ['audio', 'video']) {
      const sender = this._sender(kind);
      const track = this._track(kind) || null;
      if (sender) await sender.replaceTrack(track);
      else if (track) this._republishSoon('a new track kind');
    }
  }

  async startCamera() {
    if (this._screen || !this._stream) return;
    if (this._track('video')) return;
    const profile = (this._view && this._view.videoProfile) || videoProfile(true);
    if (this._view) this._view.videoProfile = profile;
    const media = await globalThis.navigator.mediaDevices.getUserMedia({
      video: videoConstraints(profile, this._view && this._view.cameraID),
    });
    await this._swapTrack('video', media.getVideoTracks()[0]);
  }

  async stopCamera() {
    if (this._screen) return;
    const track = this._track('video');
    if (!track) return;
    this._stream.removeTrack(track);
    track.stop();
    const sender = this._sender('video');
    if (sender) await sender.replaceTrack(null);
  }

  async startMicrophone() {
    if (this._screen) return;
    const track = this._track('audio');
    if (!track) throw new Error(NO_AUDIO);
    track.enabled = true;
  }

  async stopMicrophone() {
    if (this._screen) return;
    const track = this._track('audio');
    if (!track) throw new Error(NO_AUDIO);
    track.enabled = false;
  }

  async startScreenCapture() {}

  async stopScreenCapture() {}

  // ---- pushing -------------------------------------------------------------------------

  isPushing() {
    return this._pushing;
  }

  /** `https://<livedomainname>/live/<streamid>.flv` of the last push URL. */
  getLiveStreamURL() {
    const p = this._params;
    if (!p) return '';
    return liveStreamUrl(p.livedomainname, p.streamid || this._streamID || '');
  }

  /**
   * @param {string} url `room://sdkappid=&roomid=&userid=&usersig=[&streamid=][&livedomainname=]`
   * @returns {Promise<{streamID: string}>}
   */
  async startPush(url) {
    const p = parseRtcUrl(url, this._userID);
    if (!this._stream) throw new Error('call setRenderView() before startPush()');
    if (this._pushing) {
      if (this._params && this._params.roomid === p.roomid && this._params.sdkappid === p.sdkappid) {
        return { streamID: this._streamID };
      }
      await this.stopPush();
    }
    this._params = p;
    this._pushing = true;
    this._setState(STATE.CONNECTING);
    try {
      const signal = this._newSignal(p.sdkappid, 'rtc');
      this._signal = signal;
      signal.on('mediaState', (ev) => this._onMediaState(signal, ev.data));
      signal.on(EVENT.IM_NET_STATE_CHANGED, (ev) => this._onNet(signal, ev.data));
      signal.on(EVENT.IM_KICKED_OUT, (ev) => this._onKicked(signal, ev.data));
      await signal.login({ userID: p.userid, userSig: p.usersig });
      await this._publish();
      this._startQuality(() => this._sampleQuality());
      return { streamID: this._streamID };
    } catch (err) {
      this._clientError(err, 'startPush failed');
      await this._teardown();
      throw err;
    }
  }

  /** Stops pushing: unpublish, close the connection, close the local stream (preview ends). */
  async stopPush() {
    if (!this._pushing) return;
    const signal = this._signal;
    const streamID = this._streamID;
    if (signal && streamID && signal.connected) {
      try {
        await signal.request('unpublish', { streamID });
      } catch (err) {
        this._log.debug('unpublish:', err.code, err.message);
      }
    }
    await this._teardown();
    this._closeLocal();
  }

  async _teardown() {
    this._pushing = false;
    this._gen += 1;
    this._stopQuality();
    this._closePc();
    if (this._signal) {
      this._signal.close();
      this._signal = null;
    }
    this._streamID = null;
    this._setState(STATE.DISCONNECTED);
  }

  _closeLocal() {
    if (this._stream) {
      for (const t of this._stream.getTracks()) t.stop();
      this._stream = null;
    }
    if (this._preview) {
      this._preview.srcObject = null;
      this._preview.remove();
      this._preview = null;
    }
  }

  _closePc() {
    const pc = this._pc;
    this._pc = null;
    if (this._ice) this._ice.stop();
    this._ice = null;
    if (pc) {
      pc.onconnectionstatechange = null;
      try {
        pc.close();
      } catch {
        // closed
      }
    }
  }

  /** One publish: a fresh peer connection, a complete offer, the server's answer. */
  async _publish() {
    const gen = ++this._gen;
    const signal = this._signal;
    const p = this._params;
    this._closePc();
    const pc = new RTCPeerConnection();
    const profile = this._view && this._view.videoProfile;
    for (const track of this._stream.getTracks()) {
      const tr = pc.addTransceiver(track, { direction: 'sendonly', streams: [this._stream] });
      const params = tr.sender.getParameters();
      if (track.kind === 'video') {
        const caps = globalThis.RTCRtpSender.getCapabilities('video');
        if (caps && typeof tr.setCodecPreferences === 'function') {
          tr.setCodecPreferences(preferH264(caps.codecs));
        }
        params.degradationPreference = 'maintain-resolution';
      }
      const kbps = track.kind === 'video' ? profile && profile.bitrate : this._view.audioProfile && this._view.audioProfile.bitrate;
      if (kbps && params.encodings && params.encodings[0]) params.encodings[0].maxBitrate = kbps * 1000;
      await tr.sender.setParameters(params).catch(() => {});
    }
    pc.onconnectionstatechange = () => this._onPcState(pc);
    await pc.setLocalDescription(await pc.createOffer());
    await waitIceGathering(pc);
    const body = { roomID: String(p.roomid), sdp: pc.localDescription.sdp };
    if (p.streamid) body.streamID = p.streamid;
    let answer;
    try {
      answer = await signal.request('publish', body);
    } catch (err) {
      pc.close();
      throw err;
    }
    if (gen !== this._gen || signal !== this._signal) {
      pc.close();
      signal.request('unpublish', { streamID: answer.streamID }).catch(() => {});
      throw Object.assign(new Error('superseded'), { code: 'superseded' });
    }
    this._pc = pc;
    this._streamID = answer.streamID;
    this._ice = new IceRecovery({
      pc,
      signal,
      leg: { streamID: answer.streamID },
      log: this._log,
      onLost: (why) => {
        if (pc === this._pc) this._republishSoon(why);
      },
    });
    await pc.setRemoteDescription({ type: 'answer', sdp: answer.sdp });
    this._log.info('publishing', answer.streamID);
    return answer;
  }

  _onPcState(pc) {
    if (pc !== this._pc || !this._pushing) return;
    // Our own close() ends in 'closed'; only a failure means the leg was lost.
    if (pc.connectionState === 'closed') return;
    if (this._ice) this._ice.update(pc.connectionState);
    // A failed transport is first restarted (IceRecovery), which publishes again if it cannot.
    this._applyLegState(pc.connectionState, () => {});
  }

  _onMediaState(signal, data) {
    if (signal !== this._signal || !this._pushing || !data) return;
    if (data.streamID !== this._streamID || data.playID) return;
    // The server hearing nothing may be a one-way break the browser has not noticed; a leg
    // the server reports failed or closed is gone there, and only a new publish helps.
    if (this._ice && data.state === 'disconnected') this._ice.update('disconnected', { server: true });
    this._applyLegState(data.state, (state) => this._republishSoon(`server reports the publish leg ${state}`));
  }

  _onNet(signal, state) {
    if (signal !== this._signal || !this._pushing) return;
    if (state === 'connecting') {
      // The server ends a session's media with the session.
      this._signalLost = true;
      this._closePc();
      this._streamID = null;
      this._setState(STATE.RECONNECTING);
    } else if (state === 'connected' && this._signalLost) {
      this._signalLost = false;
      this._republishSoon('signalling restored');
    }
  }

  _onKicked(signal, reason) {
    if (signal !== this._signal) return;
    this._emit(EVENT.RTC_CLIENT_BANNED, { reason });
    this._teardown();
  }

  /** Publishes again with backoff until it works or pushing stops. */
  async _republishSoon(why) {
    if (!this._pushing || this._retrying) return;
    this._retrying = true;
    this._log.info('publishing again:', why);
    this._setState(STATE.RECONNECTING);
    const old = this._streamID;
    this._closePc();
    try {
      for (let attempt = 0; this._pushing; attempt += 1) {
        const signal = this._signal;
        try {
          if (old && attempt === 0 && signal.connected) {
            await signal.request('unpublish', { streamID: old }).catch(() => {});
          }
          await this._publish();
          return;
        } catch (err) {
          if (err.code === 'superseded' || !this._pushing) return;
          if (err.code === 60023 && this._streamID === null) {
            // The server still holds the old leg: free it, then try again.
            const streamID = this._params.streamid || old;
            if (streamID) await signal.request('unpublish', { streamID }).catch(() => {});
          } else if (err.code !== CODE_RETRY) {
            this._clientError(err, 'publishing again failed');
          }
          await sleep(backoff(attempt));
        }
      }
    } finally {
      this._retrying = false;
    }
  }

  async _sampleQuality() {
    const pc = this._pc;
    if (!this._pushing) return null;
    if (!pc) return { uplinkNetworkQuality: 6, downlinkNetworkQuality: 0 };
    const connected = pc.connectionState === 'connected';
    if (!connected) return { uplinkNetworkQuality: this._state === STATE.CONNECTING ? 0 : 6, downlinkNetworkQuality: 0 };
    const stats = await pc.getStats();
    let loss;
    let rtt;
    stats.forEach((s) => {
      if (s.type === 'remote-inbound-rtp') {
        if (typeof s.fractionLost === 'number') loss = Math.max(loss || 0, s.fractionLost);
        if (typeof s.roundTripTime === 'number') rtt = Math.max(rtt || 0, s.roundTripTime * 1000);
      }
    });
    if (rtt === undefined) rtt = candidateRtt(stats);
    return {
      uplinkNetworkQuality: networkQuality({ connected, loss, rtt }),
      downlinkNetworkQuality: 0,
    };
  }

  _signals() {
    return this._signal ? [this._signal] : [];
  }
}
