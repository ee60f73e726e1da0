// liveroom browser SDK: a drop-in for TWebLive 1.x (tweblive-api.md §1).
//
//   import TWebLive from './sdk/src/index.js';
//   const im = TWebLive.createIM({ SDKAppID: 1400000001 });
//   const pusher = TWebLive.createPusher({ userID: 'anchor' });
//   const player = TWebLive.createPlayer();
//
// Pusher and Player take one extra option TWebLive does not have: `server`, the base URL
// of the liveroom server, as IM does (default: the origin the SDK was loaded from, else
// the page's: see server.js); Player also `cdnEngine`, to force the CDN playback engine.

import { CDN_ENGINES, cdnCandidates, detectCdnSupport, posterCss } from './cdn.js';
import { EVENT, TYPES } from './constants.js';
import { Emitter } from './emitter.js';
import { IM } from './im.js';
import { Player } from './player.js';
import { Pusher } from './pusher.js';
import { setPageIM } from './room-watch.js';
import { rememberScriptOrigin } from './server.js';
import {
  buildStreamId,
  liveStreamUrl,
  parseCdnUrl,
  parseRoomUrl,
  parseRtcUrl,
  playEngine,
} from './urls.js';

// The ES module build records where it was loaded from (`/sdk/tweblive.esm.js` on
// liveroom: that server is the default). In the script-tag bundle `import.meta` is empty
// and global.js records the script's address instead.
rememberScriptOrigin(import.meta.url);

let imInstance = null;

export default class TWebLive {
  /**
   * The IM singleton: the first call creates it, later calls return the same instance
   * and ignore their options (as TWebLive 1.x).
   * @param {{SDKAppID: number, server?: string, WebSocket?: Function}} options
   */
  static createIM(options) {
    if (!imInstance) {
      imInstance = new IM(options);
      // A WebRTC Player of the same app and server listens to its room through it.
      setPageIM(imInstance);
    }
    return imInstance;
  }

  /**
   * A new Pusher (tweblive-api.md §3).
   * @param {{userID: string, screenCapture?: boolean, server?: string}} options
   */
  static createPusher(options) {
    return new Pusher(options);
  }

  /**
   * A new Player (tweblive-api.md §4). TWebLive ignores the options; liveroom reads
   * `server` and `cdnEngine` ('auto' | 'native' | 'flv' | 'hlsjs') from them.
   * @param {{server?: string, cdnEngine?: string}} [options]
   */
  static createPlayer(options) {
    return new Player(options);
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
  Pusher,
  Player,
  Emitter,
  EVENT,
  TYPES,
  parseRoomUrl,
  parseCdnUrl,
  buildStreamId,
  liveStreamUrl,
  parseRtcUrl,
  playEngine,
  CDN_ENGINES,
  cdnCandidates,
  detectCdnSupport,
  posterCss,
};
