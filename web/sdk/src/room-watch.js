// How a WebRTC Player hears its room's `streamAdded` / `streamRemoved` (docs/protocol.md).
//
// Only the room's members hear them, and every member counts in the room's member count
// (IM_MEMBER_COUNT_CHANGED, the live list's `memberCount`). A viewer's page usually has
// its IM in the room already, for the chat: then the Player listens through that IM and
// adds no member of its own, so a viewer counts once, not twice. Otherwise (no IM on the
// page, an IM of another SDKAppID or server, in another room or not in it yet) the Player
// enters the room with an anonymous session of its own, as before: anonymous because a
// logged-in session would take the room membership away from the same user's chat session
// (the server keeps one member per user), and anonymous members make no join / leave tips.
//
// It moves between the two as the page's IM enters and leaves the room: its own session
// closes as soon as the IM starts entering (so the IM's enterRoom answer does not count it)
// and opens when the IM has left. Around a move or a reconnect an event may be missed:
// `onResync` then tells the Player to look again (its play loop also retries every 5 s
// while nothing plays, so a missed event only delays).

import { EVENT } from './constants.js';

/** The page's IM (TWebLive.createIM's singleton), which Players may listen through. */
let pageIM = null;

export function setPageIM(im) {
  pageIM = im;
}

export function getPageIM() {
  return pageIM;
}

export class RoomWatch {
  /**
   * @param {object} o
   * @param {string} o.roomID
   * @param {number|string} o.sdkAppID
   * @param {string} o.base the server's ws(s) base URL the Player uses
   * @param {object|null} o.im the page's IM, or null
   * @param {() => object} o.openSession a new anonymous SignalClient
   * @param {(data: object) => void} o.onAdded streamAdded's data
   * @param {(data: object) => void} o.onRemoved streamRemoved's data
   * @param {() => void} o.onResync events may have been missed: look again
   * @param {object} o.log a Logger
   */
  constructor({ roomID, sdkAppID, base, im, openSession, onAdded, onRemoved, onResync, log }) {
    this._roomID = String(roomID);
    this._im = im && sameServer(im, sdkAppID, base) ? im : null;
    this._openSession = openSession;
    this._onAdded = onAdded;
    this._onRemoved = onRemoved;
    this._onResync = onResync;
    this._log = log;
    this._own = null; // our own anonymous session, while the IM is not in the room
    this._unlisten = null;
    this._closed = false;
    this._handedOver = false; // our session closed for the IM, which is not in yet
    this._logLevel = undefined;
  }

  /** True while listening through the page's IM (no member of its own). */
  get shared() {
    return !this._own && this._sharesIM();
  }

  /** Starts listening; resolves the room's live streams `[{streamID, userID}]` now. */
  async start() {
    if (this._im) this._unlisten = this._im._listenRoom((kind, data) => this._fromIM(kind, data));
    if (this._sharesIM()) return this._im._liveStreams();
    const entered = await this._enterOwn();
    return (entered && entered.data && entered.data.streams) || [];
  }

  setLogLevel(level) {
    this._logLevel = level;
    if (this._own) this._own.setLogLevel(level);
  }

  close() {
    this._closed = true;
    if (this._unlisten) this._unlisten();
    this._unlisten = null;
    this._closeOwn();
  }

  _sharesIM() {
    return !!this._im && this._im._isInRoom(this._roomID);
  }

  /** The IM is in the room, or entering it. */
  _imComing() {
    return !!this._im && this._im._isInRoom(this._roomID, { entering: true });
  }

  _fromIM(kind, data) {
    if (this._closed) return;
    if (kind === 'room') {
      if (this._imComing()) {
        if (this._own) {
          this._log.debug(`listening to room ${this._roomID} through the page's IM`);
          this._closeOwn();
          this._handedOver = true;
        }
        if (this._handedOver && this._sharesIM()) {
          // Events between our session's close and the IM's entering were not heard.
          this._handedOver = false;
          this._onResync();
        }
      } else if (!this._own) {
        this._handedOver = false;
        this._log.debug(`the page's IM left room ${this._roomID}: entering it anonymously`);
        this._enterOwn().then(() => this._onResync(), (err) => {
          // Superseded (closed, or the IM is back in the room), or failed: the play loop
          // still retries every few seconds.
          if (this._closed || this._imComing()) return;
          this._log.warn(`entering room ${this._roomID} to hear its streams failed:`, err.code, err.message);
        });
      }
      return;
    }
    if (!this._sharesIM() || this._own) return;
    if (kind === 'streamAdded') this._onAdded(data);
    else if (kind === 'streamRemoved') this._onRemoved(data);
    else if (kind === 'restored') this._onResync();
  }

  async _enterOwn() {
    const s = this._openSession();
    if (this._logLevel !== undefined) s.setLogLevel(this._logLevel);
    this._own = s;
    s.on('streamAdded', (ev) => this._own === s && this._onAdded(ev.data));
    s.on('streamRemoved', (ev) => this._own === s && this._onRemoved(ev.data));
    s.on(EVENT.IM_NET_STATE_CHANGED, (ev) => {
      if (this._own === s && ev.data === 'connected') this._onResync();
    });
    try {
      return await s.enterRoom(this._roomID);
    } catch (err) {
      if (this._own === s) this._closeOwn();
      throw err;
    }
  }

  _closeOwn() {
    const s = this._own;
    this._own = null;
    if (s) s.close();
  }
}

/** Whether `im` talks to the same app on the same server as a Player on `base`. */
function sameServer(im, sdkAppID, base) {
  try {
    return String(im._sdkAppID) === String(sdkAppID) && im._base() === base;
  } catch {
    return false;
  }
}
