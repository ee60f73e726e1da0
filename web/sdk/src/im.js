// TWebLive-compatible IM (tweblive-api.md §5) over liveroom's chat WebSocket
// (docs/protocol.md).
//
// One WebSocket per IM instance, opened on the first command. Requests are JSON frames
// `{id, cmd, data}`; the server answers `{id, code, data|message}` and pushes events
// `{event, data}`, several frames per WebSocket message separated by `\n`.
//
// The connection repairs itself: after an unexpected close it reports `connecting`,
// retries with backoff (0.5 s doubling to 10 s, ±25 % jitter), logs in again with the
// stored UserSig, re-enters the current room with the highest `seq` it processed there
// (the server replays exactly the messages after it; duplicates are dropped by `seq`),
// then reports `connected`. Close codes 4000–4099 end the session (4001 / 4002 also raise
// IM_KICKED_OUT); 4100–4199 and network failures reconnect.
//
// A connection opened for a call when none was open (the first one, or the first after
// the session ended) is not retried: if it closes before it ever opened, the calls waiting
// for it fail at once with 60090 and the likely cause (blocked.js), instead of timing out.
//
// liveroom extension: EVENT.IM_MEMBER_COUNT_CHANGED `{roomID, count}` whenever the current
// room's member count is learnt anew (the enterRoom answer, also after a reconnect) or
// changes (the server's `memberCount` push, at most every 5 s). The IM also keeps the
// current room's live streams (enterRoom's `streams`, `streamAdded` / `streamRemoved`) for
// a WebRTC Player on the same page, which then hears them through this IM instead of
// entering the room a second time (room-watch.js): one viewer, one member.
//
// Images (sendImageMessage) take two steps: the bytes go over HTTP to the same server
// (`POST <server>/api/rooms/{roomID}/images`, with the stored UserSig), then the upload's
// answer goes into the room with the WebSocket command `sendImage`. Image messages carry
// server paths; the SDK makes every `imageInfoArray[].url` absolute against the server
// (sent, live, history), so a page on another origin can show them.

import { connectFailure } from './blocked.js';
import { EVENT, TYPES } from './constants.js';
import { Emitter } from './emitter.js';
import { Logger } from './logger.js';
import { defaultServer } from './server.js';

/** Code of SDK-side failures: request timed out, or the connection broke under it. */
export const CODE_RETRY = 60010;
/**
 * Code of SDK-side failures: the connection to liveroom never opened (refused, unreachable
 * or blocked by the browser). `data` is `{cause, server}` (blocked.js). The server never
 * sends it.
 */
export const CODE_CONNECT = 60090;
/** sendImageMessage without a file (TIM's MESSAGE_IMAGE_SELECT_FILE_FIRST). */
export const CODE_NO_IMAGE = 2251;
/** sendImageMessage with an empty file (TIM's MESSAGE_FILE_IS_EMPTY). */
export const CODE_EMPTY_FILE = 2108;
/** The server's "log in first" (the same code sendTextMessage gets from it). */
const CODE_LOGIN_FIRST = 60004;

const SYSTEM_SENDER = '@TIM#SYSTEM';
const DEFAULTS = {
  requestTimeout: 10000,
  uploadTimeout: 60000,
  reconnectMinDelay: 500,
  reconnectMaxDelay: 10000,
  pingInterval: 25000,
};
/** How many own message ids are remembered to drop their echoes. */
const OWN_IDS_MAX = 1000;
/**
 * After entering a room, its member count is asked again once this much later unless the
 * server told it meanwhile: the enterRoom answer is a snapshot (it may count a session
 * that was just leaving), and the server pushes a count only when it differs from the one
 * it last told the room (at most every 5 s), so a member who entered in between could keep
 * a stale one.
 */
const COUNT_CHECK_MS = 6000;

function imError(code, message, data) {
  const err = new Error(message);
  err.code = code;
  if (data !== undefined) err.data = data;
  return err;
}

function roomIdOf(value) {
  return value === undefined || value === null ? undefined : String(value);
}

/** Drops `undefined` fields so the server's strict decoder only sees what was given. */
function compact(obj) {
  const out = {};
  for (const [k, v] of Object.entries(obj)) if (v !== undefined) out[k] = v;
  return out;
}

function randomPrefix() {
  const c = globalThis.crypto;
  if (c && typeof c.randomUUID === 'function') return c.randomUUID().slice(0, 8);
  return Math.floor(Math.random() * 0xffffffff).toString(16).padStart(8, '0');
}

/** A Set that forgets its oldest entries beyond `max`. */
class BoundedSet {
  constructor(max) {
    this.max = max;
    this.set = new Set();
  }
  add(v) {
    this.set.add(v);
    if (this.set.size > this.max) this.set.delete(this.set.values().next().value);
  }
  has(v) {
    return this.set.has(v);
  }
  delete(v) {
    return this.set.delete(v);
  }
}

export class IM {
  /**
   * @param {object} options
   * @param {number} options.SDKAppID the application id (required).
   * @param {string} [options.server] ws(s):// or http(s):// base of the liveroom server;
   *   default: the page's origin.
   * @param {Function} [options.WebSocket] WebSocket constructor (default: the global one).
   * @param {number} [options.requestTimeout] ms before a request fails with 60010 (10000).
   * @param {number} [options.uploadTimeout] ms before an image upload fails with 60010 (60000).
   * @param {Function} [options.fetch] fetch implementation for image uploads (default: the global one).
   * @param {number} [options.reconnectMinDelay] first reconnect delay in ms (500).
   * @param {number} [options.reconnectMaxDelay] longest reconnect delay in ms (10000).
   * @param {number} [options.pingInterval] ms between keepalive pings (25000).
   */
  constructor(options) {
    if (!options || !options.SDKAppID) throw new Error('请传入 IM 配置！');
    this._sdkAppID = options.SDKAppID;
    this._server = options.server;
    this._WebSocket = options.WebSocket;
    this._fetch = options.fetch;
    this._opts = {};
    for (const k of Object.keys(DEFAULTS)) {
      const v = Number(options[k]);
      this._opts[k] = Number.isFinite(v) && v > 0 ? v : DEFAULTS[k];
    }
    this._log = new Logger('[liveroom IM]', 1);
    this._emitter = new Emitter(this._log);

    this._ws = null;
    /** 'idle' | 'connecting' (opening or restoring) | 'backoff' | 'open' */
    this._conn = 'idle';
    this._net = null; // last IM_NET_STATE_CHANGED value emitted
    this._attempt = 0;
    this._reconnectTimer = null;
    this._pingTimer = null;
    this._shut = false;

    this._nextId = 0;
    this._pending = new Map(); // id -> request
    this._queue = []; // requests waiting for the connection

    this._user = null; // {userID, userSig} once logged in
    this._ready = false;
    this._room = null; // the current room (filters incoming messages)
    this._inRoom = false; // the server confirmed we are in `_room` (restored on reconnect)
    this._lastSeq = new Map(); // roomID -> highest seq processed
    this._incarnation = new Map(); // roomID -> the room incarnation those seqs belong to
    this._kickReason = null;
    this._memberCount = null; // the current room's count last given by IM_MEMBER_COUNT_CHANGED
    this._streams = []; // the current room's live streams [{streamID, userID}]
    this._roomListeners = new Set(); // SDK-internal (room-watch.js): told of room changes
    this._countCheck = null; // timer: ask the count again after entering (COUNT_CHECK_MS)
    this._countCheckMs = COUNT_CHECK_MS;

    this._clientMsgPrefix = randomPrefix();
    this._clientMsgCounter = 0;
    this._ownClientMsgIDs = new BoundedSet(OWN_IDS_MAX);
    this._ownMessageIDs = new BoundedSet(OWN_IDS_MAX);
  }

  // ---- public API (tweblive-api.md §5) -------------------------------------------------

  /** 0 normal, 1 release, 2 warn, 3 error, 4 none. */
  setLogLevel(level) {
    this._log.setLevel(level);
  }

  on(eventName, handler, context) {
    this._emitter.on(eventName, handler, context);
  }

  off(eventName, handler, context) {
    this._emitter.off(eventName, handler, context);
  }

  /** Resolves `{code: 0, data}`; `data.repeatLogin` when already logged in. */
  async login(options = {}) {
    const { userID, userSig } = options || {};
    const data = (await this._call('login', compact({ userID, userSig }))) || {};
    if (data.repeatLogin) {
      // A repeat login with a fresh UserSig extends the session: keep the newest one.
      if (this._user && this._user.userID === userID) this._user.userSig = userSig;
      return { code: 0, data: { errorInfo: 'repeat login', ...data } };
    }
    this._user = { userID: data.userID || userID, userSig };
    this._kickReason = null;
    if (!this._ready) {
      this._ready = true;
      // Like TWebLive: IM_READY comes after the login promise has resolved.
      setTimeout(() => {
        if (this._ready && !this._shut) this._emit(EVENT.IM_READY);
      }, 0);
    }
    return { code: 0, data };
  }

  /** Resolves undefined. The server also leaves every room (the session turns anonymous). */
  async logout() {
    if (this._conn === 'idle' && !this._user) return undefined;
    await this._call('logout');
    this._user = null;
    this._leaveCurrent();
    this._lastSeq.clear();
    this._setNotReady();
    return undefined;
  }

  /** Resolves `{code: 0, data: {group}}`; rejects 10021 / 10025 when the id exists. */
  async createRoom(options = {}) {
    const { name, roomID, notification, introduction, avatar } = options || {};
    const body = compact({
      roomID: roomID === '' ? undefined : roomIdOf(roomID),
      name,
      notification,
      introduction,
      avatar,
    });
    const data = await this._call('createRoom', body);
    return { code: 0, data };
  }

  /**
   * Joins a room (anonymously too) and makes it the current room. Resolves
   * `{code: 0, data: {status, groupID, ...}}` with `status` `JoinedSuccess` or
   * `AlreadyInGroup`.
   */
  async enterRoom(roomID) {
    const room = roomIdOf(roomID);
    const previous = this._room;
    const previousIn = this._inRoom;
    if (room !== previous) this._setRoom(room, false); // the history frame arrives before the answer
    const body = this._resumeBody(room);
    try {
      const data = await this._call('enterRoom', body);
      this._noteIncarnation(room, data);
      if (this._room === room) this._entered(room, data);
      return { code: 0, data };
    } catch (err) {
      if (this._room === room && previous !== room) this._setRoom(previous, previousIn);
      throw err;
    }
  }

  /** The current room and whether the server confirmed we are in it; tells room listeners. */
  _setRoom(room, inRoom) {
    if (room === this._room && inRoom === this._inRoom) return;
    if (room !== this._room) {
      this._memberCount = null;
      this._streams = [];
    }
    if (room !== this._room || !inRoom) this._cancelCountCheck();
    this._room = room;
    this._inRoom = inRoom;
    this._tellRoomListeners('room');
  }

  /** An enterRoom answer for the current room (a first enter or a re-enter after a reconnect). */
  _entered(room, data) {
    if (data && Array.isArray(data.streams)) {
      this._streams = data.streams.map((st) => ({ streamID: st.streamID, userID: st.userID }));
    }
    this._setRoom(room, true);
    if (data && typeof data.memberCount === 'number') {
      this._setMemberCount(room, data.memberCount);
      this._cancelCountCheck();
      this._countCheck = setTimeout(() => this._checkCount(room), this._countCheckMs);
    }
  }

  /** Asks the current room's member count again (see COUNT_CHECK_MS). */
  _checkCount(room) {
    this._countCheck = null;
    if (this._shut || this._room !== room || !this._inRoom || this._conn !== 'open') return;
    this._call('getRoomInfo', { roomID: room }).then(
      (data) => this._setMemberCount(room, Number(data && data.memberCount)),
      (err) => this._log.debug('getRoomInfo failed', err.code, err.message),
    );
  }

  _cancelCountCheck() {
    clearTimeout(this._countCheck);
    this._countCheck = null;
  }

  /** IM_MEMBER_COUNT_CHANGED when the current room's count differs from the last given. */
  _setMemberCount(room, count, batch) {
    if (room !== this._room || !Number.isFinite(count) || count === this._memberCount) return;
    this._memberCount = count;
    const data = { roomID: room, count };
    // In a batch: after the messages that came before it (only the last count is given).
    if (batch) {
      batch.delete(EVENT.IM_MEMBER_COUNT_CHANGED);
      batch.set(EVENT.IM_MEMBER_COUNT_CHANGED, [data]);
    } else {
      this._emit(EVENT.IM_MEMBER_COUNT_CHANGED, data);
    }
  }

  // ---- the current room for a Player on the same page (room-watch.js) ----------------

  /**
   * Whether this IM is a member of `roomID` now (the server confirmed it), or with
   * `entering` also while its enterRoom is on the way.
   */
  _isInRoom(roomID, { entering = false } = {}) {
    return !this._shut && (this._inRoom || entering) && this._room === roomIdOf(roomID);
  }

  /** The current room's live streams (a copy). */
  _liveStreams() {
    return this._streams.map((st) => ({ ...st }));
  }

  /**
   * SDK-internal: `listener(kind, data)` is called with 'room' when the current room or
   * membership changes, 'streamAdded' / 'streamRemoved' (the server's data) for the
   * current room, and 'restored' when the connection came back (events may have been
   * missed). Returns the function that removes it.
   */
  _listenRoom(listener) {
    this._roomListeners.add(listener);
    return () => this._roomListeners.delete(listener);
  }

  _tellRoomListeners(kind, data) {
    for (const listener of [...this._roomListeners]) {
      try {
        listener(kind, data);
      } catch (err) {
        this._log.error('room listener failed', err);
      }
    }
  }

  /** The enterRoom body: with the resume point (last seq and its incarnation) if any. */
  _resumeBody(room) {
    const body = { roomID: room };
    const seen = this._lastSeq.get(room);
    if (seen) {
      body.lastSeq = seen;
      const incarnation = this._incarnation.get(room);
      if (incarnation !== undefined) body.incarnation = incarnation;
    }
    return body;
  }

  _noteIncarnation(room, data) {
    if (data && typeof data.incarnation === 'number') this._incarnation.set(room, data.incarnation);
  }

  /** Resolves `{code: 0, data: {groupID}}` and clears the current room. */
  async exitRoom(roomID) {
    const room = roomIdOf(roomID);
    const data = await this._call('exitRoom', { roomID: room });
    if (this._room === room) this._leaveCurrent();
    this._lastSeq.delete(room);
    return { code: 0, data };
  }

  /** Sets nick and / or avatar (other profile fields of TIM are ignored). */
  async setMyProfile(options = {}) {
    const { nick, avatar } = options || {};
    const data = await this._call('setMyProfile', compact({ nick, avatar }));
    return { code: 0, data };
  }

  /** Resolves the plain object `{code: 0, data: {nick, avatar}}`. */
  async getMyProfile() {
    const data = (await this._call('getMyProfile')) || {};
    return { code: 0, data: { nick: data.nick, avatar: data.avatar } };
  }

  /** Resolves `{code: 0, data: {message}}`. */
  sendTextMessage(options = {}) {
    const { roomID, text, priority } = options || {};
    return this._sendMessage('sendText', {
      roomID: roomIdOf(roomID),
      text,
      priority: priority || TYPES.MSG_PRIORITY_NORMAL,
    });
  }

  /** Resolves `{code: 0, data: {message}}` (`{folded: true}` for a like the room folded). */
  sendCustomMessage(options = {}) {
    const { roomID, data = '', description = '', extension = '', priority } = options || {};
    return this._sendMessage('sendCustom', {
      roomID: roomIdOf(roomID),
      data,
      description,
      extension,
      priority: priority || TYPES.MSG_PRIORITY_NORMAL,
    });
  }

  /**
   * Sends an image: `file` is a File / Blob or an `<input type=file>` element (its first
   * file). Uploads it to the server (`POST /api/rooms/{roomID}/images`), then sends it
   * into the room. Resolves `{code: 0, data: {message}}` (a TIMImageElem message whose
   * `imageInfoArray[].url` are absolute URLs on the server); rejects with the server's
   * `{code, message}` (60024 not JPEG / PNG / GIF / WebP, 80002 too big, 10023 too many,
   * ...), 2251 without a file, 2108 with an empty one, 60004 when not logged in.
   */
  async sendImageMessage(options = {}) {
    const { roomID, file, priority } = options || {};
    const room = roomIdOf(roomID);
    const blob = imageBlobOf(file);
    if (!blob) {
      throw imError(CODE_NO_IMAGE, 'sendImageMessage: choose an image first (file: a File / Blob or an <input type=file> with a file chosen)');
    }
    if (blob.size === 0) throw imError(CODE_EMPTY_FILE, 'sendImageMessage: the file is empty');
    if (this._shut) throw imError(CODE_RETRY, 'IM shut down');
    if (!this._user) throw imError(CODE_LOGIN_FIRST, 'log in first');
    if (room === undefined || room === '') throw imError(10004, 'sendImageMessage: roomID is required');
    const image = await this._uploadImage(room, blob);
    const res = await this._sendMessage('sendImage', {
      roomID: room,
      image,
      priority: priority || TYPES.MSG_PRIORITY_NORMAL,
    });
    if (res.data && res.data.message) this._absoluteImageUrls(res.data.message);
    return res;
  }

  /** POSTs the image to the server; resolves the upload's answer, unchanged. */
  async _uploadImage(room, blob) {
    const base = this._httpBase();
    const fetchFn = this._fetch || globalThis.fetch;
    if (typeof fetchFn !== 'function') throw imError(CODE_RETRY, 'no fetch implementation');
    const { userID, userSig } = this._user;
    const q = new URLSearchParams({ sdkappid: String(this._sdkAppID), identifier: userID, usersig: userSig });
    const url = `${base}/api/rooms/${encodeURIComponent(room)}/images?${q}`;
    const type = blob.type && /^[\w.+-]+\/[\w.+-]+$/.test(blob.type) ? blob.type : 'application/octet-stream';
    const abort = typeof AbortController === 'function' ? new AbortController() : null;
    const timer = abort && setTimeout(() => abort.abort(), this._opts.uploadTimeout);
    // Named by its origin only: the URL carries the UserSig.
    const where = base.replace(/^(https?:\/\/[^/]+).*$/i, '$1');
    let res;
    let text;
    try {
      res = await fetchFn(url, {
        method: 'POST',
        headers: { 'Content-Type': type },
        body: blob,
        mode: 'cors',
        credentials: 'omit',
        signal: abort ? abort.signal : undefined,
      });
      text = await res.text();
    } catch (err) {
      const timedOut = abort && abort.signal.aborted;
      throw imError(CODE_RETRY, timedOut
        ? `image upload to ${where} timed out after ${this._opts.uploadTimeout / 1000} s`
        : `image upload to ${where} failed: ${(err && err.message) || err}`);
    } finally {
      clearTimeout(timer);
    }
    let body = null;
    try {
      body = JSON.parse(text);
    } catch {
      // not JSON (a proxy's error page)
    }
    if (res.ok && body && Array.isArray(body.imageInfoArray) && body.uuid) return body;
    if (body && typeof body.code === 'number' && body.code !== 0) {
      throw imError(body.code, body.message || `image upload refused (HTTP ${res.status})`);
    }
    throw imError(CODE_RETRY, `image upload to ${where} failed: HTTP ${res.status}`);
  }

  /** Makes a TIMImageElem message's image URLs absolute against the server (in place). */
  _absoluteImageUrls(msg) {
    const infos = msg && msg.payload && msg.payload.imageInfoArray;
    if (!Array.isArray(infos)) return msg;
    let base = null;
    for (const info of infos) {
      if (!info || typeof info.url !== 'string' || !info.url.startsWith('/') || info.url.startsWith('//')) continue;
      try {
        base ??= this._httpBase();
      } catch {
        return msg;
      }
      info.url = base + info.url;
    }
    return msg;
  }

  /** Tells the room the stream ended; viewers get IM_PUSH_STOPPED with the postscript. */
  async stopPush(options = {}) {
    const { roomID, postscript = '' } = options || {};
    const data = await this._call('stopPush', { roomID: roomIdOf(roomID), postscript });
    if (data && data.message) this._decorateOwn(data.message);
    return { code: 0, data };
  }

  /**
   * Not part of TWebLive: closes the connection for good and cancels every timer
   * (tests, single-page apps tearing down). Pending requests reject with 60010.
   */
  _shutdown() {
    if (this._shut) return;
    this._shut = true;
    this._cancelCountCheck();
    this._tellRoomListeners('room');
    clearTimeout(this._reconnectTimer);
    this._reconnectTimer = null;
    this._stopPing();
    const ws = this._ws;
    this._ws = null;
    this._conn = 'idle';
    if (ws) this._detach(ws, true);
    this._failAll(imError(CODE_RETRY, 'IM shut down'));
  }

  // ---- requests ------------------------------------------------------------------------

  async _sendMessage(cmd, body) {
    const clientMsgID = `${this._clientMsgPrefix}-${++this._clientMsgCounter}`;
    this._ownClientMsgIDs.add(clientMsgID);
    try {
      const data = await this._call(cmd, compact({ ...body, clientMsgID }));
      if (data && data.message) this._decorateOwn(data.message);
      return { code: 0, data };
    } catch (err) {
      // Refused for sure: no echo will come. (On 60010 it may still have been accepted.)
      if (err.code !== CODE_RETRY) this._ownClientMsgIDs.delete(clientMsgID);
      throw err;
    }
  }

  _decorateOwn(message) {
    message.flow = 'out';
    message.status = 'success';
  }

  /** An application request: waits for the connection (queued) and for its answer. */
  _call(cmd, data) {
    return this._request(cmd, data, false);
  }

  /** An SDK-internal request on the current socket, even while it is being restored. */
  _rawCall(cmd, data) {
    return this._request(cmd, data, true);
  }

  _request(cmd, data, internal) {
    return new Promise((resolve, reject) => {
      if (this._shut) {
        reject(imError(CODE_RETRY, 'IM shut down'));
        return;
      }
      const req = { cmd, data, resolve, reject, id: 0, ws: null, timer: null };
      req.timer = setTimeout(() => this._timeout(req), this._opts.requestTimeout);
      if (internal || this._conn === 'open') {
        this._transmit(req);
      } else {
        this._queue.push(req);
        this._ensureConnection();
      }
    });
  }

  _transmit(req) {
    const ws = this._ws;
    if (!ws) {
      this._settle(req, imError(CODE_RETRY, 'not connected'));
      return;
    }
    req.id = ++this._nextId;
    req.ws = ws;
    this._pending.set(req.id, req);
    const frame = { id: req.id, cmd: req.cmd };
    if (req.data !== undefined) frame.data = req.data;
    try {
      ws.send(JSON.stringify(frame));
      this._log.debug('->', req.cmd, req.id);
    } catch (err) {
      this._pending.delete(req.id);
      this._settle(req, imError(CODE_RETRY, `send failed: ${err && err.message}`));
    }
  }

  _timeout(req) {
    req.timer = null;
    const queued = this._queue.indexOf(req);
    if (queued !== -1) this._queue.splice(queued, 1);
    if (req.id) this._pending.delete(req.id);
    req.reject(
      imError(CODE_RETRY, `${req.cmd} timed out after ${this._opts.requestTimeout / 1000} s`),
    );
  }

  _settle(req, err, data) {
    clearTimeout(req.timer);
    req.timer = null;
    if (err) req.reject(err);
    else req.resolve(data);
  }

  _flushQueue() {
    const queue = this._queue;
    this._queue = [];
    for (const req of queue) this._transmit(req);
  }

  _failAll(err) {
    const queue = this._queue;
    this._queue = [];
    for (const req of queue) this._settle(req, err);
    const pending = [...this._pending.values()];
    this._pending.clear();
    for (const req of pending) this._settle(req, err);
  }

  _failPendingOf(ws, err) {
    for (const [id, req] of [...this._pending]) {
      if (req.ws === ws) {
        this._pending.delete(id);
        this._settle(req, err);
      }
    }
  }

  // ---- connection ----------------------------------------------------------------------

  /** The server's ws(s) base URL. */
  _base() {
    // No `server`: the origin the SDK was loaded from, else the page's (server.js).
    const base = this._server || defaultServer();
    if (!base) {
      throw imError(CODE_RETRY, 'no server: pass {server} to the IM options');
    }
    return String(base).replace(/\/+$/, '').replace(/^http(s?):/i, 'ws$1:');
  }

  /** The server's http(s) base URL (uploads, image URLs): the same server as `_base`. */
  _httpBase() {
    return this._base().replace(/^ws(s?):/i, 'http$1:');
  }

  _ensureConnection() {
    if (this._shut || this._conn !== 'idle') return;
    if (this._net === TYPES.NET_STATE_DISCONNECTED) this._setNet(TYPES.NET_STATE_CONNECTING);
    this._openSocket(true);
  }

  /** `first`: no session to restore, so a socket that never opens is not retried. */
  _openSocket(first) {
    let base;
    let WS;
    try {
      base = this._base();
      WS = this._WebSocket || globalThis.WebSocket;
      if (typeof WS !== 'function') throw imError(CODE_RETRY, 'no WebSocket implementation');
    } catch (err) {
      this._giveUp(err);
      return;
    }
    let ws;
    try {
      ws = new WS(`${base}/im?sdkappid=${encodeURIComponent(this._sdkAppID)}`);
    } catch (err) {
      // The browser refused at once (mixed content, a malformed URL).
      this._giveUp(this._connectError(base, err && err.message));
      return;
    }
    this._ws = ws;
    this._conn = 'connecting';
    let opened = false;
    ws.onopen = () => {
      opened = true;
      if (ws === this._ws) this._restore(ws);
    };
    ws.onmessage = (ev) => {
      if (ws === this._ws) this._onData(ev.data);
    };
    ws.onerror = () => {
      // a close event follows
    };
    ws.onclose = (ev) => {
      if (ws !== this._ws) return;
      if (first && !opened) {
        this._ws = null;
        this._detach(ws, false);
        this._giveUp(this._connectError(base));
      } else {
        this._onClose(ws, ev.code, ev.reason);
      }
    };
  }

  /** 60090 with the likely cause; the message names the server, never the UserSig. */
  _connectError(base, detail) {
    const loc = globalThis.location;
    const page = loc && { url: loc.href, secure: globalThis.isSecureContext };
    const { cause, server, message } = connectFailure(base, page, detail);
    return imError(CODE_CONNECT, message, { cause, server });
  }

  /** No connection could be opened: every waiting call fails with `err`. */
  _giveUp(err) {
    this._log.error('cannot open the chat connection:', err.message);
    this._conn = 'idle';
    this._failAll(err);
    this._setNet(TYPES.NET_STATE_DISCONNECTED);
  }

  /** After (re)connecting: log in again, re-enter the current room, then go 'open'. */
  async _restore(ws) {
    try {
      if (this._user) {
        try {
          await this._rawCall('login', { userID: this._user.userID, userSig: this._user.userSig });
        } catch (err) {
          if (err.code === CODE_RETRY || ws !== this._ws) throw err;
          // The stored credentials are refused now: carry on anonymously.
          this._log.warn('re-login refused:', err.code, err.message);
          this._user = null;
          if (err.code === 70001) this._kick(TYPES.KICKED_OUT_USERSIG_EXPIRED);
          else this._setNotReady();
        }
      }
      if (this._room && this._inRoom && ws === this._ws) {
        const room = this._room;
        const body = this._resumeBody(room);
        try {
          const data = await this._rawCall('enterRoom', body);
          this._noteIncarnation(room, data);
          if (this._room === room) this._entered(room, data);
        } catch (err) {
          if (err.code === CODE_RETRY || ws !== this._ws) throw err;
          this._log.warn(`re-entering room ${room} refused:`, err.code, err.message);
          if (this._room === room) this._leaveCurrent();
          this._lastSeq.delete(room);
        }
      }
    } catch (err) {
      this._log.warn('restoring the session failed:', err.code, err.message);
      if (ws === this._ws) this._dropSocket(ws);
      return;
    }
    if (ws !== this._ws || this._shut) return;
    this._conn = 'open';
    this._attempt = 0;
    this._startPing(ws);
    this._setNet(TYPES.NET_STATE_CONNECTED);
    this._flushQueue();
    // Back in the room after a reconnect: events may have been missed meanwhile.
    if (this._room && this._inRoom) this._tellRoomListeners('restored');
  }

  _onClose(ws, code, reason) {
    this._ws = null;
    this._stopPing();
    this._detach(ws, false);
    this._failPendingOf(ws, imError(CODE_RETRY, `connection lost (${code}); retry`));
    if (this._shut) return;
    this._log.info('chat connection closed', code, reason || '');
    if (code >= 4000 && code <= 4099) {
      this._endSession(code, reason);
      return;
    }
    this._scheduleReconnect();
  }

  /** A close that must not be retried by the SDK (kicked, policy violation). */
  _endSession(code, reason) {
    this._conn = 'idle';
    let kick = null;
    if (code === 4001) kick = TYPES.KICKED_OUT_MULT_ACCOUNT;
    if (code === 4002) kick = TYPES.KICKED_OUT_USERSIG_EXPIRED;
    if (kick && !this._kickReason) this._kick(kick);
    this._user = null;
    this._setNotReady();
    this._leaveCurrent();
    this._lastSeq.clear();
    this._failAll(imError(CODE_RETRY, `connection closed (${code} ${reason || ''})`.trim()));
    this._setNet(TYPES.NET_STATE_DISCONNECTED);
  }

  _scheduleReconnect() {
    this._conn = 'backoff';
    this._setNet(TYPES.NET_STATE_CONNECTING);
    const { reconnectMinDelay: min, reconnectMaxDelay: max } = this._opts;
    const base = Math.min(max, min * 2 ** Math.min(this._attempt, 30));
    this._attempt += 1;
    const delay = Math.round(base * (0.75 + Math.random() * 0.5));
    this._log.info(`reconnecting in ${delay} ms`);
    clearTimeout(this._reconnectTimer);
    this._reconnectTimer = setTimeout(() => {
      this._reconnectTimer = null;
      if (!this._shut && this._conn === 'backoff') this._openSocket();
    }, delay);
  }

  /** Gives up on a socket that is silent or half-open and goes through the close path. */
  _dropSocket(ws) {
    if (ws !== this._ws) return;
    this._detach(ws, true);
    this._onClose(ws, 1006, 'dropped by the client');
  }

  _detach(ws, close) {
    ws.onopen = null;
    ws.onmessage = null;
    // Not null: Node's `ws` throws the error of a socket closed while still connecting
    // when nothing listens for it.
    ws.onerror = () => {};
    ws.onclose = null;
    if (close) {
      try {
        ws.close();
      } catch {
        // already closed
      }
    }
  }

  _startPing(ws) {
    this._stopPing();
    this._pingTimer = setInterval(() => {
      if (ws !== this._ws || this._conn !== 'open') return;
      this._rawCall('ping').catch((err) => {
        if (err.code === CODE_RETRY && ws === this._ws) this._dropSocket(ws);
      });
    }, this._opts.pingInterval);
  }

  _stopPing() {
    clearInterval(this._pingTimer);
    this._pingTimer = null;
  }

  // ---- incoming ------------------------------------------------------------------------

  _onData(raw) {
    let text = raw;
    if (typeof text !== 'string') {
      try {
        text = new TextDecoder().decode(raw);
      } catch {
        text = String(raw);
      }
    }
    const batch = new Map(); // event name -> items, in order of first appearance
    for (const line of text.split('\n')) {
      if (!line.trim()) continue;
      let frame;
      try {
        frame = JSON.parse(line);
      } catch {
        this._log.warn('unreadable frame from the server');
        continue;
      }
      if (frame && frame.event !== undefined) this._onEvent(frame.event, frame.data || {}, batch);
      else if (frame && frame.id !== undefined) this._onResponse(frame);
    }
    this._flushBatch(batch);
  }

  _onResponse(frame) {
    const req = this._pending.get(frame.id);
    if (!req) return;
    this._pending.delete(frame.id);
    if (frame.code === 0) {
      const data = frame.data;
      // Remember our own message now, before its echo (which may be in this same batch).
      if (data && data.message) {
        if (data.message.ID) this._ownMessageIDs.add(data.message.ID);
      }
      this._settle(req, null, data);
    } else {
      this._settle(req, imError(frame.code, frame.message || `error ${frame.code}`, frame.data));
    }
  }

  _onEvent(event, data, batch) {
    switch (event) {
      case 'message':
        this._acceptMessage(data, batch, 'live');
        break;
      case 'history': {
        const roomID = roomIdOf(data.roomID);
        if (!data.resumed && roomID !== undefined) this._lastSeq.delete(roomID);
        const source = data.resumed ? 'resume' : 'history';
        for (const msg of data.messages || []) this._acceptMessage(msg, batch, source);
        break;
      }
      case 'gap':
        if (data.restarted) {
          // The room's node failed and the room started anew: numbering restarts.
          this._log.warn(`room ${data.roomID} restarted: messages from ${data.from} on may be lost`);
          this._lastSeq.delete(roomIdOf(data.roomID));
        } else {
          this._log.warn(`messages ${data.from}..${data.to} of room ${data.roomID} are lost`);
        }
        break;
      case 'lost':
        this._log.warn(`${data.count} low-priority messages were dropped (slow connection)`);
        break;
      case 'kicked':
        this._flushBatch(batch);
        this._kick(data.reason);
        break;
      case 'roomClosed': {
        const roomID = roomIdOf(data.roomID);
        this._log.warn(`removed from room ${roomID}: ${data.reason}`);
        if (this._room === roomID) this._leaveCurrent();
        this._lastSeq.delete(roomID);
        break;
      }
      case 'muted':
        this._log.info(`muted in room ${data.roomID} until ${data.until}`);
        break;
      case 'error':
        this._log.warn('server error', data.code, data.message);
        break;
      case 'memberCount':
        // liveroom extension: TWebLive has no member count event.
        if (roomIdOf(data.roomID) === this._room) this._cancelCountCheck();
        this._setMemberCount(roomIdOf(data.roomID), Number(data.count), batch);
        break;
      case 'streamAdded':
      case 'streamRemoved': {
        // Not an IM event: kept for a Player on this page (room-watch.js).
        if (roomIdOf(data.roomID) !== this._room || !data.streamID) break;
        this._streams = this._streams.filter((st) => st.streamID !== data.streamID);
        if (event === 'streamAdded') this._streams.push({ streamID: data.streamID, userID: data.userID });
        this._tellRoomListeners(event, data);
        break;
      }
      default:
        // mediaState and future events: nothing in the TWebLive API carries them
        break;
    }
  }

  /**
   * @param {object} msg a Message object
   * @param {Map} batch
   * @param {'live'|'history'|'resume'} source
   */
  _acceptMessage(msg, batch, source) {
    if (!msg || typeof msg !== 'object') return;
    const room = roomIdOf(msg.to);
    if (typeof msg.seq === 'number') {
      const seen = this._lastSeq.get(room) || 0;
      if (msg.seq <= seen) return; // already delivered
      this._lastSeq.set(room, msg.seq);
    }
    // Our own message (TWebLive never delivers those through events).
    if (msg.clientMsgID && this._ownClientMsgIDs.has(msg.clientMsgID)) {
      this._ownClientMsgIDs.delete(msg.clientMsgID);
      return;
    }
    if (msg.ID && this._ownMessageIDs.has(msg.ID)) {
      this._ownMessageIDs.delete(msg.ID);
      return;
    }
    if (room === undefined || room !== this._room) return;

    msg.flow = this._user && msg.from === this._user.userID ? 'out' : 'in';
    msg.status = 'success';
    const payload = msg.payload || {};
    switch (msg.type) {
      case 'TIMTextElem':
        add(batch, EVENT.IM_TEXT_MESSAGE_RECEIVED, msg);
        break;
      case 'TIMCustomElem':
        if (payload.data === 'push_stopped') {
          // A stale stop notice from the initial history would mislead; a resumed one
          // was missed live during a reconnect and is delivered.
          if (source !== 'history') add(batch, EVENT.IM_PUSH_STOPPED, payload.description ?? '');
          break;
        }
        if (payload.data === 'like') msg.likeCount = likeCount(msg);
        add(batch, EVENT.IM_CUSTOM_MESSAGE_RECEIVED, msg);
        break;
      case 'TIMImageElem':
        this._absoluteImageUrls(msg);
        add(batch, EVENT.IM_IMAGE_MESSAGE_RECEIVED, msg);
        break;
      case 'TIMGroupTipElem':
        if (source === 'history') break; // join / leave long ago is noise
        if (payload.operationType === 1) add(batch, EVENT.IM_REMOTE_USER_JOIN, msg);
        else if (payload.operationType === 2) add(batch, EVENT.IM_REMOTE_USER_LEAVE, msg);
        break;
      default:
        break;
    }
  }

  _flushBatch(batch) {
    for (const [name, items] of batch) {
      if (items.length === 0) continue;
      if (name === EVENT.IM_PUSH_STOPPED) {
        for (const postscript of items) this._emit(name, postscript);
      } else if (name === EVENT.IM_MEMBER_COUNT_CHANGED) {
        this._emit(name, items[items.length - 1]);
      } else {
        this._emit(name, items);
      }
    }
    batch.clear();
  }

  // ---- state ---------------------------------------------------------------------------

  _leaveCurrent() {
    this._setRoom(null, false);
  }

  _kick(reason) {
    this._kickReason = reason;
    this._emit(EVENT.IM_KICKED_OUT, reason);
    this._user = null;
    this._setNotReady();
  }

  _setNotReady() {
    if (!this._ready) return;
    this._ready = false;
    this._emit(EVENT.IM_NOT_READY);
  }

  _setNet(state) {
    if (this._net === state) return;
    this._net = state;
    this._emit(EVENT.IM_NET_STATE_CHANGED, state);
  }

  _emit(name, data) {
    this._emitter.emit(name, data);
  }
}

/**
 * The image to send: a Blob / File, or the first file of an `<input type=file>` (or of a
 * FileList / array); null when there is none.
 */
function imageBlobOf(file) {
  if (!file || typeof file !== 'object') return null;
  const isBlob = (v) => !!v && typeof v === 'object'
    && ((typeof Blob === 'function' && v instanceof Blob) || (typeof v.size === 'number' && typeof v.slice === 'function'));
  if (isBlob(file)) return file;
  const list = file.files !== undefined ? file.files : file;
  if (list && typeof list === 'object' && typeof list.length === 'number' && list.length > 0 && isBlob(list[0])) return list[0];
  return null;
}

function add(batch, name, item) {
  let items = batch.get(name);
  if (!items) {
    items = [];
    batch.set(name, items);
  }
  items.push(item);
}

/** 1 for a single like; N for the server's aggregate (`extension` `{"count":N}`). */
function likeCount(msg) {
  if (msg.from === SYSTEM_SENDER) {
    try {
      const n = Number(JSON.parse(msg.payload.extension || '{}').count);
      if (Number.isFinite(n) && n >= 0) return n;
    } catch {
      // fall through
    }
  }
  return 1;
}
