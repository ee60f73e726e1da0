// liveroom browser SDK: a drop-in for TWebLive 1.x (tweblive-api.md §1).
//
//   import TWebLive from './sdk/src/index.js';
//   const im = TWebLive.createIM({ SDKAppID: 1400000001 });
//
// Pusher / Player arrive with the WebRTC work.

import { EVENT, TYPES } from './constants.js';
import { Emitter } from './emitter.js';
import { IM } from './im.js';
import { buildStreamId, liveStreamUrl, parseCdnUrl, parseRoomUrl } from './urls.js';

let imInstance = null;

export default class TWebLive {
  /**
   * The IM singleton: the first call creates it, later calls return the same instance
   * and ignore their options (as TWebLive 1.x).
   * @param {{SDKAppID: number, server?: string, WebSocket?: Function}} options
   */
  static createIM(options) {
    if (!imInstance) imInstance = new IM(options);
    return imInstance;
  }

  static get EVENT() {
    return EVENT;
  }

  static get TYPES() {
    return TYPES;
  }
}

export {
  TWebLive,
  IM,
  Emitter,
  EVENT,
  TYPES,
  parseRoomUrl,
  parseCdnUrl,
  buildStreamId,
  liveStreamUrl,
};
