/* liveroom TWebLive-compatible SDK. Built by web/sdk/build.mjs; do not edit. */

// sdk/src/constants.js
var EVENT = Object.freeze({
  IM_READY: "t_im_ready",
  IM_NOT_READY: "t_im_not_ready",
  IM_TEXT_MESSAGE_RECEIVED: "t_text_message_received",
  IM_CUSTOM_MESSAGE_RECEIVED: "t_custom_message_received",
  IM_IMAGE_MESSAGE_RECEIVED: "t_image_message_received",
  IM_REMOTE_USER_JOIN: "t_remote_user_join",
  IM_REMOTE_USER_LEAVE: "t_remote_user_leave",
  IM_KICKED_OUT: "t_kicked_out",
  IM_NET_STATE_CHANGED: "t_net_state_change",
  IM_PUSH_STOPPED: "t_push_stopped",
  PLAYER_PLAYING: "t_playing",
  PLAYER_PAUSE: "t_pause",
  PLAYER_WAITING: "t_waiting",
  PLAYER_TIMEUPDATE: "t_timeupdate",
  PLAYER_ERROR: "t_error",
  PLAYER_AUTOPLAY_NOT_ALLOWED: "t_autoplay_not_allowed",
  RTC_CONNECTION_STATE_CHANGED: "t_connection_state_changed",
  RTC_CLIENT_BANNED: "t_client_banned",
  RTC_SCREEN_CAPTURE_STOPPED: "t_screen_capture_stopped",
  RTC_NETWORK_QUALITY: "t_network-quality",
  RTC_CLIENT_ERROR: "t_rtc_client_error"
});
var TYPES = Object.freeze({
  MSG_PRIORITY_HIGH: "High",
  MSG_PRIORITY_NORMAL: "Normal",
  MSG_PRIORITY_LOW: "Low",
  MSG_PRIORITY_LOWEST: "Lowest",
  KICKED_OUT_MULT_ACCOUNT: "multipleAccount",
  KICKED_OUT_MULT_DEVICE: "multipleDevice",
  KICKED_OUT_USERSIG_EXPIRED: "userSigExpired",
  NET_STATE_CONNECTED: "connected",
  NET_STATE_CONNECTING: "connecting",
  NET_STATE_DISCONNECTED: "disconnected",
  ENTER_ROOM_SUCCESS: "JoinedSuccess",
  ALREADY_IN_ROOM: "AlreadyInGroup"
});
var EVENT_KEY_BY_VALUE = new Map(Object.entries(EVENT).map(([k, v]) => [v, k]));
function eventKey(name) {
  return EVENT_KEY_BY_VALUE.get(name) ?? name;
}

// sdk/src/emitter.js
var Emitter = class {
  /**
   * @param {{error: Function}} [logger] where broken callbacks are reported (console).
   */
  constructor(logger) {
    this._logger = logger || console;
    this._listeners = /* @__PURE__ */ new Map();
  }
  on(name, handler, context) {
    if (typeof handler !== "function") return;
    let list = this._listeners.get(name);
    if (!list) {
      list = [];
      this._listeners.set(name, list);
    }
    if (list.some((l) => l.handler === handler && l.context === context)) return;
    list.push({ handler, context });
  }
  off(name, handler, context) {
    const list = this._listeners.get(name);
    if (!list) return;
    if (handler === void 0) {
      this._listeners.delete(name);
      return;
    }
    const kept = list.filter(
      (l) => !(l.handler === handler && (context === void 0 || l.context === context))
    );
    if (kept.length) this._listeners.set(name, kept);
    else this._listeners.delete(name);
  }
  /** Calls every handler of `name` with `{name, data}`; returns how many were called. */
  emit(name, data) {
    const list = this._listeners.get(name);
    if (!list || list.length === 0) return 0;
    const snapshot = list.slice();
    for (const { handler, context } of snapshot) {
      try {
        handler.call(context, { name, data });
      } catch (err) {
        try {
          this._logger.error(`the integrator's callback for EVENT.${eventKey(name)} is broken`, err);
        } catch {
        }
      }
    }
    return snapshot.length;
  }
  /** Number of handlers registered for `name`. */
  listenerCount(name) {
    const list = this._listeners.get(name);
    return list ? list.length : 0;
  }
};

// sdk/src/logger.js
var Logger = class {
  constructor(prefix, level = 1, sink = console) {
    this.prefix = prefix;
    this.level = level;
    this.sink = sink;
  }
  setLevel(level) {
    const n = Number(level);
    if (Number.isInteger(n) && n >= -1 && n <= 4) this.level = n;
  }
  debug(...args) {
    if (this.level <= 0) this.sink.debug(this.prefix, ...args);
  }
  info(...args) {
    if (this.level <= 1) this.sink.info(this.prefix, ...args);
  }
  warn(...args) {
    if (this.level <= 2) this.sink.warn(this.prefix, ...args);
  }
  error(...args) {
    if (this.level <= 3) this.sink.error(this.prefix, ...args);
  }
};

// sdk/src/im.js
var CODE_RETRY = 60010;
var SYSTEM_SENDER = "@TIM#SYSTEM";
var DEFAULTS = {
  requestTimeout: 1e4,
  reconnectMinDelay: 500,
  reconnectMaxDelay: 1e4,
  pingInterval: 25e3
};
var OWN_IDS_MAX = 1e3;
function imError(code, message, data) {
  const err = new Error(message);
  err.code = code;
  if (data !== void 0) err.data = data;
  return err;
}
function roomIdOf(value) {
  return value === void 0 || value === null ? void 0 : String(value);
}
function compact(obj) {
  const out = {};
  for (const [k, v] of Object.entries(obj)) if (v !== void 0) out[k] = v;
  return out;
}
function randomPrefix() {
  const c = globalThis.crypto;
  if (c && typeof c.randomUUID === "function") return c.randomUUID().slice(0, 8);
  return Math.floor(Math.random() * 4294967295).toString(16).padStart(8, "0");
}
var BoundedSet = class {
  constructor(max) {
    this.max = max;
    this.set = /* @__PURE__ */ new Set();
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
};
var IM = class {
  /**
   * @param {object} options
   * @param {number} options.SDKAppID the application id (required).
   * @param {string} [options.server] ws(s):// or http(s):// base of the liveroom server;
   *   default: the page's origin.
   * @param {Function} [options.WebSocket] WebSocket constructor (default: the global one).
   * @param {number} [options.requestTimeout] ms before a request fails with 60010 (10000).
   * @param {number} [options.reconnectMinDelay] first reconnect delay in ms (500).
   * @param {number} [options.reconnectMaxDelay] longest reconnect delay in ms (10000).
   * @param {number} [options.pingInterval] ms between keepalive pings (25000).
   */
  constructor(options) {
    if (!options || !options.SDKAppID) throw new Error("\u8BF7\u4F20\u5165 IM \u914D\u7F6E\uFF01");
    this._sdkAppID = options.SDKAppID;
    this._server = options.server;
    this._WebSocket = options.WebSocket;
    this._opts = {};
    for (const k of Object.keys(DEFAULTS)) {
      const v = Number(options[k]);
      this._opts[k] = Number.isFinite(v) && v > 0 ? v : DEFAULTS[k];
    }
    this._log = new Logger("[liveroom IM]", 1);
    this._emitter = new Emitter(this._log);
    this._ws = null;
    this._conn = "idle";
    this._net = null;
    this._attempt = 0;
    this._reconnectTimer = null;
    this._pingTimer = null;
    this._shut = false;
    this._nextId = 0;
    this._pending = /* @__PURE__ */ new Map();
    this._queue = [];
    this._user = null;
    this._ready = false;
    this._room = null;
    this._inRoom = false;
    this._lastSeq = /* @__PURE__ */ new Map();
    this._kickReason = null;
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
    const data = await this._call("login", compact({ userID, userSig })) || {};
    if (data.repeatLogin) {
      if (this._user && this._user.userID === userID) this._user.userSig = userSig;
      return { code: 0, data: { errorInfo: "repeat login", ...data } };
    }
    this._user = { userID: data.userID || userID, userSig };
    this._kickReason = null;
    if (!this._ready) {
      this._ready = true;
      setTimeout(() => {
        if (this._ready && !this._shut) this._emit(EVENT.IM_READY);
      }, 0);
    }
    return { code: 0, data };
  }
  /** Resolves undefined. The server also leaves every room (the session turns anonymous). */
  async logout() {
    if (this._conn === "idle" && !this._user) return void 0;
    await this._call("logout");
    this._user = null;
    this._leaveCurrent();
    this._lastSeq.clear();
    this._setNotReady();
    return void 0;
  }
  /** Resolves `{code: 0, data: {group}}`; rejects 10021 / 10025 when the id exists. */
  async createRoom(options = {}) {
    const { name, roomID, notification, introduction, avatar } = options || {};
    const body = compact({
      roomID: roomID === "" ? void 0 : roomIdOf(roomID),
      name,
      notification,
      introduction,
      avatar
    });
    const data = await this._call("createRoom", body);
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
    if (room !== previous) {
      this._room = room;
      this._inRoom = false;
    }
    const body = { roomID: room };
    const seen = this._lastSeq.get(room);
    if (seen) body.lastSeq = seen;
    try {
      const data = await this._call("enterRoom", body);
      if (this._room === room) this._inRoom = true;
      return { code: 0, data };
    } catch (err) {
      if (this._room === room && previous !== room) {
        this._room = previous;
        this._inRoom = previousIn;
      }
      throw err;
    }
  }
  /** Resolves `{code: 0, data: {groupID}}` and clears the current room. */
  async exitRoom(roomID) {
    const room = roomIdOf(roomID);
    const data = await this._call("exitRoom", { roomID: room });
    if (this._room === room) this._leaveCurrent();
    this._lastSeq.delete(room);
    return { code: 0, data };
  }
  /** Sets nick and / or avatar (other profile fields of TIM are ignored). */
  async setMyProfile(options = {}) {
    const { nick, avatar } = options || {};
    const data = await this._call("setMyProfile", compact({ nick, avatar }));
    return { code: 0, data };
  }
  /** Resolves the plain object `{code: 0, data: {nick, avatar}}`. */
  async getMyProfile() {
    const data = await this._call("getMyProfile") || {};
    return { code: 0, data: { nick: data.nick, avatar: data.avatar } };
  }
  /** Resolves `{code: 0, data: {message}}`. */
  sendTextMessage(options = {}) {
    const { roomID, text, priority } = options || {};
    return this._sendMessage("sendText", {
      roomID: roomIdOf(roomID),
      text,
      priority: priority || TYPES.MSG_PRIORITY_NORMAL
    });
  }
  /** Resolves `{code: 0, data: {message}}` (`{folded: true}` for a like the room folded). */
  sendCustomMessage(options = {}) {
    const { roomID, data = "", description = "", extension = "", priority } = options || {};
    return this._sendMessage("sendCustom", {
      roomID: roomIdOf(roomID),
      data,
      description,
      extension,
      priority: priority || TYPES.MSG_PRIORITY_NORMAL
    });
  }
  /** Tells the room the stream ended; viewers get IM_PUSH_STOPPED with the postscript. */
  async stopPush(options = {}) {
    const { roomID, postscript = "" } = options || {};
    const data = await this._call("stopPush", { roomID: roomIdOf(roomID), postscript });
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
    clearTimeout(this._reconnectTimer);
    this._reconnectTimer = null;
    this._stopPing();
    const ws = this._ws;
    this._ws = null;
    this._conn = "idle";
    if (ws) this._detach(ws, true);
    this._failAll(imError(CODE_RETRY, "IM shut down"));
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
      if (err.code !== CODE_RETRY) this._ownClientMsgIDs.delete(clientMsgID);
      throw err;
    }
  }
  _decorateOwn(message) {
    message.flow = "out";
    message.status = "success";
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
        reject(imError(CODE_RETRY, "IM shut down"));
        return;
      }
      const req = { cmd, data, resolve, reject, id: 0, ws: null, timer: null };
      req.timer = setTimeout(() => this._timeout(req), this._opts.requestTimeout);
      if (internal || this._conn === "open") {
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
      this._settle(req, imError(CODE_RETRY, "not connected"));
      return;
    }
    req.id = ++this._nextId;
    req.ws = ws;
    this._pending.set(req.id, req);
    const frame = { id: req.id, cmd: req.cmd };
    if (req.data !== void 0) frame.data = req.data;
    try {
      ws.send(JSON.stringify(frame));
      this._log.debug("->", req.cmd, req.id);
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
      imError(CODE_RETRY, `${req.cmd} timed out after ${this._opts.requestTimeout / 1e3} s`)
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
  _url() {
    let base = this._server;
    if (!base) {
      const loc = globalThis.location;
      if (!loc || !loc.host) {
        throw imError(CODE_RETRY, "no server: pass {server} to the IM options");
      }
      base = `${loc.protocol === "https:" ? "wss:" : "ws:"}//${loc.host}`;
    }
    base = String(base).replace(/\/+$/, "").replace(/^http(s?):/i, "ws$1:");
    return `${base}/im?sdkappid=${encodeURIComponent(this._sdkAppID)}`;
  }
  _ensureConnection() {
    if (this._shut || this._conn !== "idle") return;
    if (this._net === TYPES.NET_STATE_DISCONNECTED) this._setNet(TYPES.NET_STATE_CONNECTING);
    this._openSocket();
  }
  _openSocket() {
    let ws;
    try {
      const WS = this._WebSocket || globalThis.WebSocket;
      if (typeof WS !== "function") throw imError(CODE_RETRY, "no WebSocket implementation");
      ws = new WS(this._url());
    } catch (err) {
      this._log.error("cannot open the chat connection:", err && err.message);
      this._conn = "idle";
      this._failAll(err && err.code ? err : imError(CODE_RETRY, String(err && err.message)));
      this._setNet(TYPES.NET_STATE_DISCONNECTED);
      return;
    }
    this._ws = ws;
    this._conn = "connecting";
    ws.onopen = () => {
      if (ws === this._ws) this._restore(ws);
    };
    ws.onmessage = (ev) => {
      if (ws === this._ws) this._onData(ev.data);
    };
    ws.onerror = () => {
    };
    ws.onclose = (ev) => {
      if (ws === this._ws) this._onClose(ws, ev.code, ev.reason);
    };
  }
  /** After (re)connecting: log in again, re-enter the current room, then go 'open'. */
  async _restore(ws) {
    try {
      if (this._user) {
        try {
          await this._rawCall("login", { userID: this._user.userID, userSig: this._user.userSig });
        } catch (err) {
          if (err.code === CODE_RETRY || ws !== this._ws) throw err;
          this._log.warn("re-login refused:", err.code, err.message);
          this._user = null;
          if (err.code === 70001) this._kick(TYPES.KICKED_OUT_USERSIG_EXPIRED);
          else this._setNotReady();
        }
      }
      if (this._room && this._inRoom && ws === this._ws) {
        const room = this._room;
        const body = { roomID: room };
        const seen = this._lastSeq.get(room);
        if (seen) body.lastSeq = seen;
        try {
          await this._rawCall("enterRoom", body);
        } catch (err) {
          if (err.code === CODE_RETRY || ws !== this._ws) throw err;
          this._log.warn(`re-entering room ${room} refused:`, err.code, err.message);
          if (this._room === room) this._leaveCurrent();
          this._lastSeq.delete(room);
        }
      }
    } catch (err) {
      this._log.warn("restoring the session failed:", err.code, err.message);
      if (ws === this._ws) this._dropSocket(ws);
      return;
    }
    if (ws !== this._ws || this._shut) return;
    this._conn = "open";
    this._attempt = 0;
    this._startPing(ws);
    this._setNet(TYPES.NET_STATE_CONNECTED);
    this._flushQueue();
  }
  _onClose(ws, code, reason) {
    this._ws = null;
    this._stopPing();
    this._detach(ws, false);
    this._failPendingOf(ws, imError(CODE_RETRY, `connection lost (${code}); retry`));
    if (this._shut) return;
    this._log.info("chat connection closed", code, reason || "");
    if (code >= 4e3 && code <= 4099) {
      this._endSession(code, reason);
      return;
    }
    this._scheduleReconnect();
  }
  /** A close that must not be retried by the SDK (kicked, policy violation). */
  _endSession(code, reason) {
    this._conn = "idle";
    let kick = null;
    if (code === 4001) kick = TYPES.KICKED_OUT_MULT_ACCOUNT;
    if (code === 4002) kick = TYPES.KICKED_OUT_USERSIG_EXPIRED;
    if (kick && !this._kickReason) this._kick(kick);
    this._user = null;
    this._setNotReady();
    this._leaveCurrent();
    this._lastSeq.clear();
    this._failAll(imError(CODE_RETRY, `connection closed (${code} ${reason || ""})`.trim()));
    this._setNet(TYPES.NET_STATE_DISCONNECTED);
  }
  _scheduleReconnect() {
    this._conn = "backoff";
    this._setNet(TYPES.NET_STATE_CONNECTING);
    const { reconnectMinDelay: min, reconnectMaxDelay: max } = this._opts;
    const base = Math.min(max, min * 2 ** Math.min(this._attempt, 30));
    this._attempt += 1;
    const delay = Math.round(base * (0.75 + Math.random() * 0.5));
    this._log.info(`reconnecting in ${delay} ms`);
    clearTimeout(this._reconnectTimer);
    this._reconnectTimer = setTimeout(() => {
      this._reconnectTimer = null;
      if (!this._shut && this._conn === "backoff") this._openSocket();
    }, delay);
  }
  /** Gives up on a socket that is silent or half-open and goes through the close path. */
  _dropSocket(ws) {
    if (ws !== this._ws) return;
    this._detach(ws, true);
    this._onClose(ws, 1006, "dropped by the client");
  }
  _detach(ws, close) {
    ws.onopen = null;
    ws.onmessage = null;
    ws.onerror = null;
    ws.onclose = null;
    if (close) {
      try {
        ws.close();
      } catch {
      }
    }
  }
  _startPing(ws) {
    this._stopPing();
    this._pingTimer = setInterval(() => {
      if (ws !== this._ws || this._conn !== "open") return;
      this._rawCall("ping").catch((err) => {
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
    if (typeof text !== "string") {
      try {
        text = new TextDecoder().decode(raw);
      } catch {
        text = String(raw);
      }
    }
    const batch = /* @__PURE__ */ new Map();
    for (const line of text.split("\n")) {
      if (!line.trim()) continue;
      let frame;
      try {
        frame = JSON.parse(line);
      } catch {
        this._log.warn("unreadable frame from the server");
        continue;
      }
      if (frame && frame.event !== void 0) this._onEvent(frame.event, frame.data || {}, batch);
      else if (frame && frame.id !== void 0) this._onResponse(frame);
    }
    this._flushBatch(batch);
  }
  _onResponse(frame) {
    const req = this._pending.get(frame.id);
    if (!req) return;
    this._pending.delete(frame.id);
    if (frame.code === 0) {
      const data = frame.data;
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
      case "message":
        this._acceptMessage(data, batch, "live");
        break;
      case "history": {
        const roomID = roomIdOf(data.roomID);
        if (!data.resumed && roomID !== void 0) this._lastSeq.delete(roomID);
        const source = data.resumed ? "resume" : "history";
        for (const msg of data.messages || []) this._acceptMessage(msg, batch, source);
        break;
      }
      case "gap":
        this._log.warn(`messages ${data.from}..${data.to} of room ${data.roomID} are lost`);
        break;
      case "lost":
        this._log.warn(`${data.count} low-priority messages were dropped (slow connection)`);
        break;
      case "kicked":
        this._flushBatch(batch);
        this._kick(data.reason);
        break;
      case "roomClosed": {
        const roomID = roomIdOf(data.roomID);
        this._log.warn(`removed from room ${roomID}: ${data.reason}`);
        if (this._room === roomID) this._leaveCurrent();
        this._lastSeq.delete(roomID);
        break;
      }
      case "muted":
        this._log.info(`muted in room ${data.roomID} until ${data.until}`);
        break;
      case "error":
        this._log.warn("server error", data.code, data.message);
        break;
      default:
        break;
    }
  }
  /**
   * @param {object} msg a Message object
   * @param {Map} batch
   * @param {'live'|'history'|'resume'} source
   */
  _acceptMessage(msg, batch, source) {
    if (!msg || typeof msg !== "object") return;
    const room = roomIdOf(msg.to);
    if (typeof msg.seq === "number") {
      const seen = this._lastSeq.get(room) || 0;
      if (msg.seq <= seen) return;
      this._lastSeq.set(room, msg.seq);
    }
    if (msg.clientMsgID && this._ownClientMsgIDs.has(msg.clientMsgID)) {
      this._ownClientMsgIDs.delete(msg.clientMsgID);
      return;
    }
    if (msg.ID && this._ownMessageIDs.has(msg.ID)) {
      this._ownMessageIDs.delete(msg.ID);
      return;
    }
    if (room === void 0 || room !== this._room) return;
    msg.flow = this._user && msg.from === this._user.userID ? "out" : "in";
    msg.status = "success";
    const payload = msg.payload || {};
    switch (msg.type) {
      case "TIMTextElem":
        add(batch, EVENT.IM_TEXT_MESSAGE_RECEIVED, msg);
        break;
      case "TIMCustomElem":
        if (payload.data === "push_stopped") {
          if (source !== "history") add(batch, EVENT.IM_PUSH_STOPPED, payload.description ?? "");
          break;
        }
        if (payload.data === "like") msg.likeCount = likeCount(msg);
        add(batch, EVENT.IM_CUSTOM_MESSAGE_RECEIVED, msg);
        break;
      case "TIMImageElem":
        add(batch, EVENT.IM_IMAGE_MESSAGE_RECEIVED, msg);
        break;
      case "TIMGroupTipElem":
        if (source === "history") break;
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
      } else {
        this._emit(name, items);
      }
    }
    batch.clear();
  }
  // ---- state ---------------------------------------------------------------------------
  _leaveCurrent() {
    this._room = null;
    this._inRoom = false;
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
};
function add(batch, name, item) {
  let items = batch.get(name);
  if (!items) {
    items = [];
    batch.set(name, items);
  }
  items.push(item);
}
function likeCount(msg) {
  if (msg.from === SYSTEM_SENDER) {
    try {
      const n = Number(JSON.parse(msg.payload.extension || "{}").count);
      if (Number.isFinite(n) && n >= 0) return n;
    } catch {
    }
  }
  return 1;
}

// sdk/src/media.js
var CAMERA_PROFILES = Object.freeze({
  "480p": Object.freeze({ width: 640, height: 480, frameRate: 15, bitrate: 900 }),
  "480p_2": Object.freeze({ width: 640, height: 480, frameRate: 30, bitrate: 1e3 }),
  "720p": Object.freeze({ width: 1280, height: 720, frameRate: 15, bitrate: 1500 }),
  "720p_2": Object.freeze({ width: 1280, height: 720, frameRate: 30, bitrate: 3e3 }),
  "1080p": Object.freeze({ width: 1920, height: 1080, frameRate: 15, bitrate: 2e3 }),
  "1080p_2": Object.freeze({ width: 1920, height: 1080, frameRate: 30, bitrate: 4e3 })
});
var SCREEN_PROFILES = Object.freeze({
  "480p": Object.freeze({ width: 640, height: 480, frameRate: 5, bitrate: 900 }),
  "480p_2": Object.freeze({ width: 640, height: 480, frameRate: 30, bitrate: 1e3 }),
  "720p": Object.freeze({ width: 1280, height: 720, frameRate: 5, bitrate: 1200 }),
  "720p_2": Object.freeze({ width: 1280, height: 720, frameRate: 30, bitrate: 3e3 }),
  "1080p": Object.freeze({ width: 1920, height: 1080, frameRate: 5, bitrate: 1600 }),
  "1080p_2": Object.freeze({ width: 1920, height: 1080, frameRate: 30, bitrate: 4e3 })
});
var AUDIO_PROFILES = Object.freeze({
  standard: Object.freeze({ sampleRate: 48e3, channelCount: 1, bitrate: 40 }),
  high: Object.freeze({ sampleRate: 48e3, channelCount: 1, bitrate: 128 })
});
var DEFAULT_VIDEO_PROFILE = "720p";
var FALLBACK_VIDEO_PROFILE = "480p";
var DEFAULT_SCREEN_PROFILE = "1080p";
function positive(v, fallback) {
  const n = Number(v);
  return Number.isFinite(n) && n > 0 ? n : fallback;
}
function videoProfile(video, { screen = false } = {}) {
  const table = screen ? SCREEN_PROFILES : CAMERA_PROFILES;
  if (video === false || video === null || video === void 0) return null;
  if (video === true) return { ...table[screen ? DEFAULT_SCREEN_PROFILE : DEFAULT_VIDEO_PROFILE] };
  if (typeof video === "string") {
    const known = Object.prototype.hasOwnProperty.call(table, video) ? table[video] : null;
    return { ...known || table[screen ? DEFAULT_SCREEN_PROFILE : FALLBACK_VIDEO_PROFILE] };
  }
  if (typeof video === "object") {
    const base = table[FALLBACK_VIDEO_PROFILE];
    return {
      width: positive(video.width, base.width),
      height: positive(video.height, base.height),
      frameRate: positive(video.frameRate, base.frameRate),
      bitrate: positive(video.bitrate, base.bitrate)
    };
  }
  return null;
}
function audioProfile(audio) {
  if (audio === false || audio === null || audio === void 0) return null;
  if (audio === "high") return { ...AUDIO_PROFILES.high };
  return { ...AUDIO_PROFILES.standard };
}
function videoConstraints(profile, deviceId) {
  if (!profile) return false;
  const c = {
    width: { ideal: profile.width },
    height: { ideal: profile.height },
    frameRate: { ideal: profile.frameRate }
  };
  if (deviceId) c.deviceId = { exact: deviceId };
  return c;
}
function audioConstraints(profile, deviceId) {
  if (!profile) return false;
  const c = {
    sampleRate: profile.sampleRate,
    channelCount: profile.channelCount,
    echoCancellation: true,
    noiseSuppression: true,
    autoGainControl: true
  };
  if (deviceId) c.deviceId = { exact: deviceId };
  return c;
}
function preferH264(codecs) {
  const isH264 = (c) => /^video\/h264$/i.test(c.mimeType) && /packetization-mode=1/.test(c.sdpFmtpLine || "");
  const rank = (c) => /profile-level-id=42e01f/i.test(c.sdpFmtpLine || "") ? 0 : 1;
  const h264 = codecs.filter(isH264).sort((a, b) => rank(a) - rank(b));
  return [...h264, ...codecs.filter((c) => !isH264(c))];
}
function networkQuality({ connected = true, loss, rtt } = {}) {
  if (!connected) return 6;
  if (loss === void 0 || loss === null || !Number.isFinite(loss)) return 0;
  const r = Number.isFinite(rtt) ? rtt : 0;
  const limits = [
    [0.01, 100],
    [0.03, 200],
    [0.08, 400],
    [0.15, 800]
  ];
  for (let i = 0; i < limits.length; i += 1) {
    if (loss <= limits[i][0] && r <= limits[i][1]) return i + 1;
  }
  return 5;
}
function lossBetween(prev, cur) {
  if (!cur) return void 0;
  const lost = Math.max(0, (cur.lost || 0) - (prev && prev.lost || 0));
  const received = Math.max(0, (cur.received || 0) - (prev && prev.received || 0));
  if (lost + received === 0) return void 0;
  return lost / (lost + received);
}

// sdk/src/signal.js
var MEDIA_EVENTS = Object.freeze(["streamAdded", "streamRemoved", "mediaState"]);
var SignalClient = class extends IM {
  /**
   * @param {object} o
   * @param {number} o.sdkAppID
   * @param {string} [o.server] ws(s):// or http(s):// base (default: the page's origin)
   * @param {Function} [o.WebSocket]
   * @param {'rtc'} [o.scope] 'rtc' for a pusher / player session; omit for an anonymous
   *   room watcher.
   * @param {number} [o.logLevel]
   */
  constructor({ sdkAppID, server, WebSocket, scope, logLevel = 1, requestTimeout = 15e3 }) {
    super({ SDKAppID: sdkAppID, server, WebSocket, requestTimeout });
    this._scope = scope;
    this._log.prefix = scope ? "[liveroom RTC]" : "[liveroom RTC watch]";
    this._log.setLevel(logLevel);
  }
  /** Every login (the first and the ones after a reconnect) carries the scope. */
  _request(cmd, data, internal) {
    const body = cmd === "login" && this._scope ? { ...data, scope: this._scope } : data;
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
    return this._conn === "open";
  }
  close() {
    this._shutdown();
  }
};

// sdk/src/rtc-base.js
var STATE = Object.freeze({
  DISCONNECTED: "DISCONNECTED",
  CONNECTING: "CONNECTING",
  RECONNECTING: "RECONNECTING",
  CONNECTED: "CONNECTED"
});
var QUALITY_INTERVAL_MS = 2e3;
var RtcBase = class {
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
    this._log.debug("connection state", prevState, "->", state);
    this._emit(EVENT.RTC_CONNECTION_STATE_CHANGED, { prevState, state });
  }
  /** RTC_CLIENT_ERROR with `{code, message}` (the event 1.x never managed to emit). */
  /**
   * Applies a leg's connection state (the peer connection's, or the server's `mediaState`):
   * connected → CONNECTED, disconnected → RECONNECTING, failed / closed → `onLost(state)`.
   */
  _applyLegState(state, onLost) {
    if (state === "connected") this._setState(STATE.CONNECTED);
    else if (state === "disconnected") this._setState(STATE.RECONNECTING);
    else if (state === "failed" || state === "closed") onLost(state);
  }
  _clientError(err, context) {
    const data = {
      code: err && err.code !== void 0 ? err.code : 0,
      message: `${context}: ${err && err.message || String(err)}`
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
      logLevel: this._log.level
    });
  }
  _startQuality(sample) {
    this._stopQuality();
    this._qualityTimer = setInterval(async () => {
      try {
        const data = await sample();
        if (data && this._qualityTimer) this._emit(EVENT.RTC_NETWORK_QUALITY, data);
      } catch (err) {
        this._log.debug("getStats failed", err);
      }
    }, QUALITY_INTERVAL_MS);
  }
  _stopQuality() {
    clearInterval(this._qualityTimer);
    this._qualityTimer = null;
  }
};
function waitIceGathering(pc, timeoutMs = 3e3) {
  if (pc.iceGatheringState === "complete") return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      pc.removeEventListener("icegatheringstatechange", check);
      resolve();
    };
    const check = () => {
      if (pc.iceGatheringState === "complete") done();
    };
    const timer = setTimeout(done, timeoutMs);
    pc.addEventListener("icegatheringstatechange", check);
  });
}
function candidateRtt(stats) {
  let rtt;
  stats.forEach((s) => {
    if (s.type === "candidate-pair" && (s.nominated || s.selected) && s.state === "succeeded") {
      if (typeof s.currentRoundTripTime === "number") rtt = s.currentRoundTripTime * 1e3;
    }
  });
  return rtt;
}
function sleep(ms) {
  return new Promise((r) => setTimeout(r, ms));
}
function backoff(attempt) {
  const base = Math.min(1e4, 1e3 * 2 ** Math.min(attempt, 10));
  return Math.round(base * (0.75 + Math.random() * 0.5));
}
function videoIn(elementID, { muted = false, objectFit = "cover" } = {}) {
  const doc = globalThis.document;
  const container = elementID && doc ? doc.getElementById(elementID) : null;
  if (!container) throw new Error(`no element with id "${elementID}"`);
  let video = container.querySelector("video[data-liveroom]");
  if (!video) {
    video = doc.createElement("video");
    video.setAttribute("data-liveroom", "");
    video.autoplay = true;
    video.playsInline = true;
    video.setAttribute("playsinline", "");
    video.style.width = "100%";
    video.style.height = "100%";
    video.style.display = "block";
    container.appendChild(video);
  }
  video.muted = muted;
  video.style.objectFit = objectFit;
  return video;
}

// sdk/src/urls.js
var PERCENT_ESCAPE = /%[0-9A-Fa-f]{2}/;
function maybeDecode(value) {
  if (!PERCENT_ESCAPE.test(value)) return value;
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}
function decode(value) {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}
var ROOM_KEYS = ["sdkappid", "roomid", "userid", "usersig", "streamid", "livedomainname"];
function parseRoomUrl(url) {
  if (typeof url !== "string" || !url.startsWith("room://")) {
    throw new Error("Unsupported protocol!");
  }
  const out = {
    sdkappid: void 0,
    roomid: void 0,
    userid: void 0,
    usersig: void 0,
    streamid: void 0,
    livedomainname: void 0
  };
  for (const part of url.slice("room://".length).split("&")) {
    const eq = part.indexOf("=");
    if (eq <= 0) continue;
    const key = part.slice(0, eq);
    if (!ROOM_KEYS.includes(key)) continue;
    out[key] = maybeDecode(part.slice(eq + 1));
  }
  if (out.sdkappid !== void 0) out.sdkappid = parseInt(out.sdkappid, 10);
  if (out.roomid !== void 0 && /^\d+$/.test(out.roomid)) out.roomid = parseInt(out.roomid, 10);
  return out;
}
function parseCdnUrl(url) {
  if (typeof url !== "string" || !url.startsWith("https://")) return null;
  const rest = url.slice("https://".length);
  let first;
  let second;
  if (rest.startsWith("flv=")) {
    first = "flv";
    second = "hls";
  } else if (rest.startsWith("hls=")) {
    first = "hls";
    second = "flv";
  } else {
    return null;
  }
  const sep = `&${second}=`;
  const body = rest.slice(4);
  const at = body.indexOf(sep);
  const out = { flv: "", hls: "" };
  if (at === -1) {
    out[first] = decode(body);
  } else {
    out[first] = decode(body.slice(0, at));
    out[second] = decode(body.slice(at + sep.length));
  }
  return out;
}
function buildStreamId(sdkappid, roomid, userid) {
  return `${sdkappid}_${roomid}_${userid}_main`;
}
function liveStreamUrl(domain, streamid) {
  return `https://${domain}/live/${streamid}.flv`;
}
function playEngine(url) {
  if (typeof url !== "string") return null;
  if (url.startsWith("room://")) return "webrtc";
  if (parseCdnUrl(url)) return "cdn";
  return null;
}
function parseRtcUrl(url, userID) {
  const p = parseRoomUrl(url);
  if (userID !== void 0 && p.userid !== userID) {
    throw new Error("userID \u4E0E createPusher() \u65F6\u4F20\u5165\u7684 userID \u4E0D\u5339\u914D\uFF01");
  }
  if (!Number.isFinite(p.sdkappid) || p.sdkappid <= 0) {
    throw new Error("invalid room:// URL: sdkappid is missing");
  }
  for (const key of ["roomid", "userid", "usersig"]) {
    if (p[key] === void 0 || p[key] === "") {
      throw new Error(`invalid room:// URL: ${key} is missing`);
    }
  }
  return p;
}

// sdk/src/player.js
var NO_AUDIO = "No Audio Track!";
var NO_VIDEO = "No Video Track!";
var FATAL = /* @__PURE__ */ new Set([10004, 10007, 10015, 60004, 60020, 60021, 70001, 70002, 70003, 70004, 70005, 70009, 70013, 70014, 70020, 70107]);
var WAIT_STREAM_MS = 5e3;
var Player = class extends RtcBase {
  /**
   * @param {object} [options] ignored by TWebLive 1.x; here `server` (liveroom's
   *   ws(s)/http(s) base, default: the page's origin) and `WebSocket`.
   */
  constructor(options) {
    super("[liveroom Player]", options || {});
    this._elementID = null;
    this._config = {};
    this._key = null;
    this._params = null;
    this._rtc = null;
    this._watch = null;
    this._want = false;
    this._pc = null;
    this._playID = null;
    this._streamID = null;
    this._target = void 0;
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
  /** Merged into the CDN config (kept for compatibility; the CDN engine is not in this build). */
  setCustomConfig(options) {
    if (options && typeof options === "object") this._config = { ...this._config, ...options };
  }
  setRenderView(options) {
    this._elementID = options && options.elementID;
  }
  isPlaying() {
    return this._playing;
  }
  /**
   * @param {string} url `room://...` (WebRTC) or `https://flv=…&hls=…` (CDN, not available)
   */
  async startPlay(url) {
    const engine = playEngine(url);
    if (engine === "cdn") throw new Error("CDN playback is not available in this build");
    if (engine !== "webrtc") return void 0;
    const p = parseRtcUrl(url);
    const key = `${p.sdkappid}/${p.roomid}/${p.userid}`;
    if (this._key === key && this._rtc) {
      this._want = true;
      if (!this._pc) this._setState(STATE.CONNECTING);
      this._loop();
      return void 0;
    }
    if (this._key) this._teardownAll();
    this._key = key;
    this._params = p;
    this._want = true;
    this._setState(STATE.CONNECTING);
    const rtc = this._newSignal(p.sdkappid, "rtc");
    const watch = this._newSignal(p.sdkappid, void 0);
    this._rtc = rtc;
    this._watch = watch;
    rtc.on("mediaState", (ev) => rtc === this._rtc && this._onMediaState(ev.data));
    rtc.on(EVENT.IM_NET_STATE_CHANGED, (ev) => rtc === this._rtc && this._onRtcNet(ev.data));
    rtc.on(EVENT.IM_KICKED_OUT, (ev) => rtc === this._rtc && this._onKicked(ev.data));
    watch.on("streamAdded", (ev) => watch === this._watch && this._onStreamAdded(ev.data));
    watch.on("streamRemoved", (ev) => watch === this._watch && this._onStreamRemoved(ev.data));
    watch.on(EVENT.IM_NET_STATE_CHANGED, (ev) => {
      if (watch === this._watch && ev.data === "connected") this._wakeUp();
    });
    try {
      const [, entered] = await Promise.all([
        rtc.login({ userID: p.userid, userSig: p.usersig }),
        watch.enterRoom(String(p.roomid))
      ]);
      const streams = entered && entered.data && entered.data.streams || [];
      if (streams.length) this._target = streams[streams.length - 1].streamID;
    } catch (err) {
      if (this._rtc === rtc) {
        this._clientError(err, "startPlay failed");
        this._teardownAll();
      }
      throw err;
    }
    this._startQuality(() => this._sampleQuality());
    this._loop();
    return void 0;
  }
  /** Stops rendering; stays joined (startPlay with the same URL plays again). */
  stopPlay() {
    this._want = false;
    this._dropPc(false);
    this._setState(STATE.DISCONNECTED);
  }
  /** Resumes playback after the autoplay policy blocked it (call from a user gesture). */
  resumePlay() {
    const v = this._video;
    if (!v) return;
    v.play().catch((err) => this._onPlayRefused(err));
  }
  async pauseAudio() {
    const t = this._tracks.audio;
    if (!t) throw new Error(NO_AUDIO);
    this._audioPaused = true;
    t.enabled = false;
  }
  async resumeAudio() {
    const t = this._tracks.audio;
    if (!t) throw new Error(NO_AUDIO);
    this._audioPaused = false;
    t.enabled = true;
  }
  async pauseVideo() {
    const t = this._tracks.video;
    if (!t) throw new Error(NO_VIDEO);
    this._videoPaused = true;
    t.enabled = false;
    this._setPlaying(false);
  }
  async resumeVideo() {
    const t = this._tracks.video;
    if (!t) throw new Error(NO_VIDEO);
    this._videoPaused = false;
    t.enabled = true;
    this._setPlaying(true);
  }
  /** 0–100 (a non-number means 100). */
  setPlayoutVolume(volume) {
    const n = typeof volume === "number" && Number.isFinite(volume) ? volume : 100;
    this._volume = Math.min(100, Math.max(0, n)) / 100;
    if (this._video) this._video.volume = this._volume;
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
    this._target = void 0;
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
        if (err.code === "superseded") continue;
        if (!current() || rtc !== this._rtc) return;
        if (err.code === 60022) {
          this._target = void 0;
          await this._waitStream(WAIT_STREAM_MS);
          attempt = 0;
          continue;
        }
        if (FATAL.has(err.code)) {
          this._clientError(err, "play failed");
          this._emit(EVENT.PLAYER_ERROR, { code: err.code, reason: err.message });
          this._want = false;
          this._setState(STATE.DISCONNECTED);
          return;
        }
        if (err.code !== CODE_RETRY) this._clientError(err, "play failed, retrying");
        await Promise.race([sleep(backoff(attempt)), this._waitStream(6e4)]);
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
    pc.addTransceiver("video", { direction: "recvonly" });
    pc.addTransceiver("audio", { direction: "recvonly" });
    const tracks = { audio: null, video: null };
    let attached = false;
    pc.ontrack = (ev) => {
      tracks[ev.track.kind] = ev.track;
      if (attached && pc === this._pc) this._attach(tracks);
    };
    pc.onconnectionstatechange = () => this._onPcState(pc);
    let answer;
    try {
      await pc.setLocalDescription(await pc.createOffer());
      await waitIceGathering(pc);
      const body = { roomID: String(p.roomid), sdp: pc.localDescription.sdp };
      if (this._target) body.streamID = this._target;
      answer = await rtc.request("play", body);
    } catch (err) {
      pc.close();
      throw err;
    }
    if (gen !== this._gen || rtc !== this._rtc || !this._want) {
      pc.close();
      rtc.request("stopPlay", { playID: answer.playID }).catch(() => {
      });
      throw Object.assign(new Error("superseded"), { code: "superseded" });
    }
    this._pc = pc;
    this._playID = answer.playID;
    this._streamID = answer.streamID;
    this._qualityPrev = null;
    try {
      await pc.setRemoteDescription({ type: "answer", sdp: answer.sdp });
    } catch (err) {
      if (pc === this._pc) this._dropPc(false);
      throw err;
    }
    attached = true;
    if (tracks.video || tracks.audio) this._attach(tracks);
    this._log.info("playing", answer.streamID);
  }
  /** Renders the remote tracks into the container's <video>. */
  _attach(tracks) {
    this._tracks = { ...tracks };
    if (tracks.audio) tracks.audio.enabled = !this._audioPaused;
    if (tracks.video) tracks.video.enabled = !this._videoPaused;
    let video;
    try {
      video = videoIn(this._elementID, { muted: false, objectFit: "contain" });
    } catch (err) {
      this._clientError(err, "setRenderView");
      return;
    }
    if (video !== this._video) {
      this._video = video;
      video.addEventListener("playing", () => {
        if (this._pc && !this._videoPaused) this._setPlaying(true);
      });
    }
    video.volume = this._volume;
    video.srcObject = new MediaStream([tracks.video, tracks.audio].filter(Boolean));
    video.play().catch((err) => this._onPlayRefused(err));
  }
  _onPlayRefused(err) {
    if (err && err.name === "NotAllowedError") {
      this._emit(EVENT.PLAYER_AUTOPLAY_NOT_ALLOWED);
    } else if (err && err.name !== "AbortError") {
      this._log.warn("play() failed:", err.message);
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
    if (pc) {
      pc.ontrack = null;
      pc.onconnectionstatechange = null;
      pc.close();
      if (playID && this._rtc && this._rtc.connected) {
        this._rtc.request("stopPlay", { playID }).catch(() => {
        });
      }
    }
    if (this._video) this._video.srcObject = null;
    this._setPlaying(false);
    if (rejoin && this._want) {
      this._log.info("stream lost:", why);
      this._setState(STATE.RECONNECTING);
      this._loop();
    }
  }
  _onPcState(pc) {
    if (pc !== this._pc) return;
    if (pc.connectionState === "closed") return;
    this._applyLegState(pc.connectionState, () => this._dropPc(true, "peer connection failed"));
  }
  _onMediaState(data) {
    if (!data || !this._playID || data.playID !== this._playID) return;
    this._applyLegState(data.state, (state) => this._dropPc(true, `server reports the play leg ${state}`));
  }
  _onRtcNet(state) {
    if (state === "connecting") {
      if (this._pc) this._dropPc(true, "signalling lost");
      else if (this._want) this._setState(STATE.RECONNECTING);
    } else if (state === "connected") {
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
    this._dropPc(true, "the stream ended");
  }
  async _sampleQuality() {
    const pc = this._pc;
    if (!this._rtc) return null;
    if (!pc) return this._want ? { uplinkNetworkQuality: 0, downlinkNetworkQuality: this._state === STATE.CONNECTING ? 0 : 6 } : null;
    const connected = pc.connectionState === "connected";
    if (!connected) return { uplinkNetworkQuality: 0, downlinkNetworkQuality: 6 };
    const stats = await pc.getStats();
    const cur = { lost: 0, received: 0 };
    stats.forEach((s) => {
      if (s.type === "inbound-rtp") {
        cur.lost += s.packetsLost || 0;
        cur.received += s.packetsReceived || 0;
      }
    });
    const loss = lossBetween(this._qualityPrev, cur);
    this._qualityPrev = cur;
    return {
      uplinkNetworkQuality: 0,
      downlinkNetworkQuality: networkQuality({ connected, loss, rtt: candidateRtt(stats) })
    };
  }
};

// sdk/src/pusher.js
var NO_AUDIO2 = "No Audio Track!";
var Pusher = class extends RtcBase {
  /**
   * @param {object} options
   * @param {string} options.userID must equal `userid` of the push URL.
   * @param {boolean} [options.screenCapture] a screen-sharing pusher.
   * @param {string} [options.server] liveroom's ws(s)/http(s) base (default: the page's origin).
   */
  constructor(options) {
    if (!options || typeof options !== "object" || Object.keys(options).length === 0) {
      throw new Error("\u8BF7\u586B\u5165 pusher \u914D\u7F6E\uFF01");
    }
    const md = globalThis.navigator && globalThis.navigator.mediaDevices;
    if (options.screenCapture && !(md && typeof md.getDisplayMedia === "function")) {
      throw new Error("\u5F53\u524D\u6D4F\u89C8\u5668\u4E0D\u652F\u6301\u5C4F\u5E55\u5206\u4EAB\uFF01");
    }
    super("[liveroom Pusher]", options);
    this._userID = options.userID;
    this._screen = !!options.screenCapture;
    this._stream = null;
    this._view = null;
    this._preview = null;
    this._params = null;
    this._signal = null;
    this._pc = null;
    this._streamID = null;
    this._pushing = false;
    this._gen = 0;
    this._retrying = false;
    this._signalLost = false;
  }
  // ---- capture -------------------------------------------------------------------------
  async checkSystemRequirements() {
    const g = globalThis;
    const md = g.navigator && g.navigator.mediaDevices;
    if (!g.RTCPeerConnection || !md || typeof md.getUserMedia !== "function" || !g.WebSocket) {
      return false;
    }
    if (g.RTCRtpSender && typeof g.RTCRtpSender.getCapabilities === "function") {
      const caps = g.RTCRtpSender.getCapabilities("video");
      const codecs = caps && caps.codecs || [];
      return codecs.some((c) => /^video\/(h264|vp8)$/i.test(c.mimeType));
    }
    return true;
  }
  async getCameraList() {
    return (await globalThis.navigator.mediaDevices.enumerateDevices()).filter(
      (d) => d.kind === "videoinput"
    );
  }
  async getMicrophoneList() {
    return (await globalThis.navigator.mediaDevices.enumerateDevices()).filter(
      (d) => d.kind === "audioinput"
    );
  }
  getCurrentCamera() {
    const t = this._track("video");
    return t && !this._screen ? t.getSettings().deviceId : void 0;
  }
  getCurrentMicrophone() {
    const t = this._track("audio");
    return t ? t.getSettings().deviceId : void 0;
  }
  async setCurrentCamera(deviceId) {
    if (!this._stream || this._screen || !this._view || !this._view.videoProfile) return;
    const media = await globalThis.navigator.mediaDevices.getUserMedia({
      video: videoConstraints(this._view.videoProfile, deviceId)
    });
    this._view.cameraID = deviceId;
    await this._swapTrack("video", media.getVideoTracks()[0]);
  }
  async setCurrentMicrophone(deviceId) {
    if (!this._stream || !this._view || !this._view.audioProfile) return;
    const old = this._track("audio");
    const media = await globalThis.navigator.mediaDevices.getUserMedia({
      audio: audioConstraints(this._view.audioProfile, deviceId)
    });
    const track = media.getAudioTracks()[0];
    if (old) track.enabled = old.enabled;
    this._view.microphoneID = deviceId;
    await this._swapTrack("audio", track);
  }
  /**
   * (Re)creates the local stream and previews it muted. Resolves once the preview plays.
   * @param {{elementID: string, audio?: boolean|string, video?: boolean|string|object,
   *   objectFit?: string, cameraID?: string, microphoneID?: string,
   *   screenProfile?: string, systemAudio?: boolean}} options
   */
  async setRenderView(options) {
    if (!options || typeof options !== "object" || Object.keys(options).length === 0) {
      throw new Error("\u8BF7\u4F20\u5165\u914D\u7F6E");
    }
    const view = {
      elementID: options.elementID,
      objectFit: options.objectFit || "cover",
      audioProfile: audioProfile(options.audio),
      videoProfile: this._screen ? videoProfile(options.screenProfile || true, { screen: true }) : videoProfile(options.video),
      cameraID: options.cameraID,
      microphoneID: options.microphoneID,
      systemAudio: !!options.systemAudio
    };
    if (!this._screen && options.video !== false && !view.videoProfile && options.video !== void 0) {
      view.videoProfile = videoProfile("480p");
    }
    const stream = await this._capture(view);
    this._closeLocal();
    this._view = view;
    this._stream = stream;
    if (this._screen) {
      const vt = stream.getVideoTracks()[0];
      if (vt) {
        try {
          vt.contentHint = "detail";
        } catch {
        }
        vt.addEventListener("ended", () => this._onScreenEnded(stream));
      }
    }
    const video = videoIn(view.elementID, { muted: true, objectFit: view.objectFit });
    this._preview = video;
    video.srcObject = stream;
    if (this._pushing && this._pc) await this._replaceSenders();
    try {
      await video.play();
    } catch (err) {
      this._log.warn("preview did not start:", err && err.message);
    }
  }
  async _capture(view) {
    const md = globalThis.navigator.mediaDevices;
    if (this._screen) {
      const p = view.videoProfile;
      const display = await md.getDisplayMedia({
        video: { width: p.width, height: p.height, frameRate: p.frameRate },
        audio: view.systemAudio
      });
      if (!view.systemAudio && view.audioProfile) {
        const mic = await md.getUserMedia({
          audio: audioConstraints(view.audioProfile, view.microphoneID)
        });
        for (const t of mic.getAudioTracks()) display.addTrack(t);
      }
      return display;
    }
    if (!view.audioProfile && !view.videoProfile) return new MediaStream();
    return md.getUserMedia({
      audio: audioConstraints(view.audioProfile, view.microphoneID),
      video: videoConstraints(view.videoProfile, view.cameraID)
    });
  }
  _onScreenEnded(stream) {
    if (stream !== this._stream) return;
    this.stopPush().catch(() => {
    }).then(() => this._emit(EVENT.RTC_SCREEN_CAPTURE_STOPPED));
  }
  _track(kind) {
    if (!this._stream) return void 0;
    return kind === "video" ? this._stream.getVideoTracks()[0] : this._stream.getAudioTracks()[0];
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
      else this._republishSoon("a new track kind");
    }
  }
  _sender(kind) {
    if (!this._pc) return null;
    const tr = this._pc.getTransceivers().find((t) => t.receiver && t.receiver.track && t.receiver.track.kind === kind);
    return tr ? tr.sender : null;
  }
  async _replaceSenders() {
    for (const kind of ["audio", "video"]) {
      const sender = this._sender(kind);
      const track = this._track(kind) || null;
      if (sender) await sender.replaceTrack(track);
      else if (track) this._republishSoon("a new track kind");
    }
  }
  async startCamera() {
    if (this._screen || !this._stream) return;
    if (this._track("video")) return;
    const profile = this._view && this._view.videoProfile || videoProfile(true);
    if (this._view) this._view.videoProfile = profile;
    const media = await globalThis.navigator.mediaDevices.getUserMedia({
      video: videoConstraints(profile, this._view && this._view.cameraID)
    });
    await this._swapTrack("video", media.getVideoTracks()[0]);
  }
  async stopCamera() {
    if (this._screen) return;
    const track = this._track("video");
    if (!track) return;
    this._stream.removeTrack(track);
    track.stop();
    const sender = this._sender("video");
    if (sender) await sender.replaceTrack(null);
  }
  async startMicrophone() {
    if (this._screen) return;
    const track = this._track("audio");
    if (!track) throw new Error(NO_AUDIO2);
    track.enabled = true;
  }
  async stopMicrophone() {
    if (this._screen) return;
    const track = this._track("audio");
    if (!track) throw new Error(NO_AUDIO2);
    track.enabled = false;
  }
  async startScreenCapture() {
  }
  async stopScreenCapture() {
  }
  // ---- pushing -------------------------------------------------------------------------
  isPushing() {
    return this._pushing;
  }
  /** `https://<livedomainname>/live/<streamid>.flv` of the last push URL. */
  getLiveStreamURL() {
    const p = this._params;
    if (!p) return "";
    return liveStreamUrl(p.livedomainname, p.streamid || this._streamID || "");
  }
  /**
   * @param {string} url `room://sdkappid=&roomid=&userid=&usersig=[&streamid=][&livedomainname=]`
   * @returns {Promise<{streamID: string}>}
   */
  async startPush(url) {
    const p = parseRtcUrl(url, this._userID);
    if (!this._stream) throw new Error("call setRenderView() before startPush()");
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
      const signal = this._newSignal(p.sdkappid, "rtc");
      this._signal = signal;
      signal.on("mediaState", (ev) => this._onMediaState(signal, ev.data));
      signal.on(EVENT.IM_NET_STATE_CHANGED, (ev) => this._onNet(signal, ev.data));
      signal.on(EVENT.IM_KICKED_OUT, (ev) => this._onKicked(signal, ev.data));
      await signal.login({ userID: p.userid, userSig: p.usersig });
      await this._publish();
      this._startQuality(() => this._sampleQuality());
      return { streamID: this._streamID };
    } catch (err) {
      this._clientError(err, "startPush failed");
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
        await signal.request("unpublish", { streamID });
      } catch (err) {
        this._log.debug("unpublish:", err.code, err.message);
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
    if (pc) {
      pc.onconnectionstatechange = null;
      try {
        pc.close();
      } catch {
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
      const tr = pc.addTransceiver(track, { direction: "sendonly", streams: [this._stream] });
      const params = tr.sender.getParameters();
      if (track.kind === "video") {
        const caps = globalThis.RTCRtpSender.getCapabilities("video");
        if (caps && typeof tr.setCodecPreferences === "function") {
          tr.setCodecPreferences(preferH264(caps.codecs));
        }
        params.degradationPreference = "maintain-resolution";
      }
      const kbps = track.kind === "video" ? profile && profile.bitrate : this._view.audioProfile && this._view.audioProfile.bitrate;
      if (kbps && params.encodings && params.encodings[0]) params.encodings[0].maxBitrate = kbps * 1e3;
      await tr.sender.setParameters(params).catch(() => {
      });
    }
    pc.onconnectionstatechange = () => this._onPcState(pc);
    await pc.setLocalDescription(await pc.createOffer());
    await waitIceGathering(pc);
    const body = { roomID: String(p.roomid), sdp: pc.localDescription.sdp };
    if (p.streamid) body.streamID = p.streamid;
    let answer;
    try {
      answer = await signal.request("publish", body);
    } catch (err) {
      pc.close();
      throw err;
    }
    if (gen !== this._gen || signal !== this._signal) {
      pc.close();
      signal.request("unpublish", { streamID: answer.streamID }).catch(() => {
      });
      throw Object.assign(new Error("superseded"), { code: "superseded" });
    }
    this._pc = pc;
    this._streamID = answer.streamID;
    await pc.setRemoteDescription({ type: "answer", sdp: answer.sdp });
    this._log.info("publishing", answer.streamID);
    return answer;
  }
  _onPcState(pc) {
    if (pc !== this._pc || !this._pushing) return;
    if (pc.connectionState === "closed") return;
    this._applyLegState(pc.connectionState, () => this._republishSoon("peer connection failed"));
  }
  _onMediaState(signal, data) {
    if (signal !== this._signal || !this._pushing || !data) return;
    if (data.streamID !== this._streamID || data.playID) return;
    this._applyLegState(data.state, (state) => this._republishSoon(`server reports the publish leg ${state}`));
  }
  _onNet(signal, state) {
    if (signal !== this._signal || !this._pushing) return;
    if (state === "connecting") {
      this._signalLost = true;
      this._closePc();
      this._streamID = null;
      this._setState(STATE.RECONNECTING);
    } else if (state === "connected" && this._signalLost) {
      this._signalLost = false;
      this._republishSoon("signalling restored");
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
    this._log.info("publishing again:", why);
    this._setState(STATE.RECONNECTING);
    const old = this._streamID;
    this._closePc();
    try {
      for (let attempt = 0; this._pushing; attempt += 1) {
        const signal = this._signal;
        try {
          if (old && attempt === 0 && signal.connected) {
            await signal.request("unpublish", { streamID: old }).catch(() => {
            });
          }
          await this._publish();
          return;
        } catch (err) {
          if (err.code === "superseded" || !this._pushing) return;
          if (err.code === 60023 && this._streamID === null) {
            const streamID = this._params.streamid || old;
            if (streamID) await signal.request("unpublish", { streamID }).catch(() => {
            });
          } else if (err.code !== CODE_RETRY) {
            this._clientError(err, "publishing again failed");
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
    const connected = pc.connectionState === "connected";
    if (!connected) return { uplinkNetworkQuality: this._state === STATE.CONNECTING ? 0 : 6, downlinkNetworkQuality: 0 };
    const stats = await pc.getStats();
    let loss;
    let rtt;
    stats.forEach((s) => {
      if (s.type === "remote-inbound-rtp") {
        if (typeof s.fractionLost === "number") loss = Math.max(loss || 0, s.fractionLost);
        if (typeof s.roundTripTime === "number") rtt = Math.max(rtt || 0, s.roundTripTime * 1e3);
      }
    });
    if (rtt === void 0) rtt = candidateRtt(stats);
    return {
      uplinkNetworkQuality: networkQuality({ connected, loss, rtt }),
      downlinkNetworkQuality: 0
    };
  }
  _signals() {
    return this._signal ? [this._signal] : [];
  }
};

// sdk/src/index.js
var imInstance = null;
var TWebLive = class {
  /**
   * The IM singleton: the first call creates it, later calls return the same instance
   * and ignore their options (as TWebLive 1.x).
   * @param {{SDKAppID: number, server?: string, WebSocket?: Function}} options
   */
  static createIM(options) {
    if (!imInstance) imInstance = new IM(options);
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
   * `server` from them.
   * @param {{server?: string}} [options]
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
};
export {
  EVENT,
  Emitter,
  IM,
  Player,
  Pusher,
  TWebLive,
  TYPES,
  buildStreamId,
  TWebLive as default,
  liveStreamUrl,
  parseCdnUrl,
  parseRoomUrl,
  parseRtcUrl,
  playEngine
};
