// Media signalling over liveroom's WebSocket (docs/protocol.md: login with scope "rtc",
// publish / unpublish / play / stopPlay, events streamAdded / streamRemoved / mediaState).
//
// It is the IM client's connection machinery (im.js: request ids, timeouts, ping, close
// codes, reconnect with backoff 0.5 s → 10 s, re-login and room re-entry after a
// reconnect) with two changes: `login` carries `scope: "rtc"` when asked, and the media
// events are emitted under their protocol names instead of being dropped.
//
// Events on a SignalClient (handlers get {name, data} like every TWebLive emitter):
//   'streamAdded' / 'streamRemoved' / 'mediaState'  the server's event data
//   EVENT.IM_NET_STATE_CHANGED  'connecting' after a drop, 'connected' once restored
//   EVENT.IM_KICKED_OUT         'multipleAccount' (4001) / 'userSigExpired' (4002)

import { IM } from './im.js';

export { CODE_RETRY } from './im.js';

export const MEDIA_EVENTS = Object.freeze(['streamAdded', 'streamRemoved', 'mediaState']);

export class SignalClient extends IM {
  /**
   * @param {object} o
   * @param {number} o.sdkAppID
   * @param {string} [o.server] ws(s):// or http(s):// base (default: the page's origin)
   * @param {Function} [o.WebSocket]
   * @param {'rtc'} [o.scope] 'rtc' for a pusher / player session; omit for an anonymous
   *   room watcher.
   * @param {number} [o.logLevel]
   */
  constructor({ sdkAppID, server, WebSocket, scope, logLevel = 1, requestTimeout = 15000 }) {
    super({ SDKAppID: sdkAppID, server, WebSocket, requestTimeout });
    this._scope = scope;
    this._log.prefix = scope ? '[liveroom RTC]' : '[liveroom RTC watch]';
    this._log.setLevel(logLevel);
  }

  /** Every login (the first and the ones after a reconnect) carries the scope. */
  _request(cmd, data, internal) {
    const body = cmd === 'login' && this._scope ? { ...data, scope: this._scope } : data;
    return super._request(cmd, body, internal);
  }

  _onEvent(event, data, batch) {
    if (MEDIA_EVENTS.includes(event)) {
      this._emit(event, data);
      return;
    }
    super._onEvent(event, data, batch);
  }

  /** A command; resolves its `data`, rejects Error with `.code`. */
  request(cmd, data) {
    return this._call(cmd, data);
  }

  /** True while the socket is open and restored. */
  get connected() {
    return this._conn === 'open';
  }

  close() {
    this._shutdown();
  }
}
