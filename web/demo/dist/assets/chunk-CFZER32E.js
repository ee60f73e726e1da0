/* liveroom demo. Built by web/demo/build.mjs from web/demo/src; do not edit. */

// src/common.js
import TWebLive from "/sdk/tweblive.esm.js";
var EVENT = TWebLive.EVENT;
var TYPES = TWebLive.TYPES;
var DEFAULT_SDKAPPID = 14e8;
var KEY_SDKAPPID = "liveroom.demo.sdkappid";
var KEY_SESSION = "liveroom.demo.session";
var RESOLUTIONS = [
  { id: "480p", label: "480p", detail: "640\xD7480" },
  { id: "720p", label: "720p HD", detail: "1280\xD7720" },
  { id: "1080p", label: "1080p Full HD", detail: "1920\xD71080" }
];
var query = new URLSearchParams(location.search);
function sdkAppID() {
  const q = query.get("sdkappid");
  if (q && /^\d+$/.test(q)) {
    localStorage.setItem(KEY_SDKAPPID, q);
    return Number(q);
  }
  const s = localStorage.getItem(KEY_SDKAPPID);
  return s && /^\d+$/.test(s) ? Number(s) : DEFAULT_SDKAPPID;
}
function setSdkAppID(n) {
  localStorage.setItem(KEY_SDKAPPID, String(n));
}
var SDKAPPID = sdkAppID();
function pageUrl(page, params = {}) {
  const p = new URLSearchParams();
  if (SDKAPPID !== DEFAULT_SDKAPPID) p.set("sdkappid", String(SDKAPPID));
  for (const [k, v] of Object.entries(params)) if (v !== void 0 && v !== null && v !== "") p.set(k, String(v));
  const s = p.toString();
  return `${page}${s ? `?${s}` : ""}`;
}
function absoluteUrl(relative) {
  return new URL(relative, location.href).href;
}
var ApiError = class extends Error {
  constructor(code, message, status) {
    super(message);
    this.code = code;
    this.status = status;
  }
};
async function api(path, { method = "GET", body, auth } = {}) {
  const url = new URL(path, location.origin);
  url.searchParams.set("sdkappid", String(SDKAPPID));
  if (auth) {
    url.searchParams.set("identifier", auth.userID);
    url.searchParams.set("usersig", auth.userSig);
  }
  let res;
  try {
    res = await fetch(url, {
      method,
      headers: body ? { "Content-Type": "application/json" } : void 0,
      body: body ? JSON.stringify(body) : void 0,
      signal: AbortSignal.timeout(1e4)
    });
  } catch (err) {
    throw new ApiError(-1, `The server cannot be reached (${err.message})`, 0);
  }
  let data = null;
  try {
    data = await res.json();
  } catch {
  }
  if (!res.ok || data && data.code) {
    throw new ApiError(data ? data.code : res.status, data && data.message || `HTTP ${res.status}`, res.status);
  }
  return data;
}
async function devUserSig(userID) {
  try {
    const data = await api("/api/dev/usersig", { method: "POST", body: { userID } });
    return { userSig: data.userSig, expire: data.expire };
  } catch (err) {
    if (err.status === 403) {
      throw new ApiError(err.code, "This server does not issue development UserSigs (its dev endpoint is off). Sign UserSigs on your backend.", 403);
    }
    throw err;
  }
}
var listRooms = (query2) => api(`/api/rooms${query2 ? `?${query2}` : ""}`).then((d) => ({ rooms: d.rooms || [], total: d.total ?? (d.rooms || []).length, nextCursor: d.nextCursor ?? null }));
var getRoom = (roomID) => api(`/api/rooms/${encodeURIComponent(roomID)}`).then((d) => d.room);
var createDirectoryRoom = (auth, title) => api("/api/rooms", { method: "POST", body: { title }, auth }).then((d) => d.room || { roomId: d.roomId, title, anchorId: auth.userID });
var deleteDirectoryRoom = (auth, roomID) => api(`/api/rooms/${encodeURIComponent(roomID)}`, { method: "DELETE", auth });
function streamIdOf(roomID, anchorID) {
  return `${SDKAPPID}_${roomID}_${anchorID}_main`;
}
var USER_ID_RE = /^[A-Za-z0-9_\-@.]{1,32}$/;
function loadSession() {
  try {
    const s = JSON.parse(localStorage.getItem(KEY_SESSION) || "null");
    if (!s || s.sdkAppID !== SDKAPPID || !s.userID || !s.userSig) return null;
    if (s.expiresAt && s.expiresAt * 1e3 < Date.now() + 6e4) return null;
    return s;
  } catch {
    return null;
  }
}
var app = {
  im: TWebLive.createIM({ SDKAppID: SDKAPPID }),
  session: loadSession(),
  profile: null,
  ready: false,
  net: "connected",
  listeners: /* @__PURE__ */ new Set(),
  on(fn) {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  },
  changed() {
    for (const fn of this.listeners) {
      try {
        fn(this);
      } catch (err) {
        console.error(err);
      }
    }
  },
  get userID() {
    return this.session ? this.session.userID : null;
  },
  get nick() {
    return this.profile && this.profile.nick || this.userID;
  }
};
window.__liveroomIM = app.im;
app.im.setLogLevel(1);
app.im.on(EVENT.IM_READY, () => {
  app.ready = true;
  app.changed();
});
app.im.on(EVENT.IM_NOT_READY, () => {
  app.ready = false;
  app.changed();
});
app.im.on(EVENT.IM_NET_STATE_CHANGED, ({ data }) => {
  app.net = data;
  app.changed();
});
app.im.on(EVENT.IM_KICKED_OUT, ({ data }) => {
  const why = {
    [TYPES.KICKED_OUT_MULT_ACCOUNT]: "You signed in somewhere else, so this page was signed out.",
    [TYPES.KICKED_OUT_MULT_DEVICE]: "You signed in on another device, so this page was signed out.",
    [TYPES.KICKED_OUT_USERSIG_EXPIRED]: "Your sign-in expired. Please sign in again."
  }[data] || `Signed out (${data}).`;
  toast(why, "error", 6e3);
  forgetSession();
});
function forgetSession() {
  localStorage.removeItem(KEY_SESSION);
  app.session = null;
  app.profile = null;
  app.ready = false;
  app.changed();
}
async function restoreSession() {
  if (!app.session) return false;
  try {
    await app.im.login({ userID: app.session.userID, userSig: app.session.userSig });
    await loadProfile();
    return true;
  } catch (err) {
    console.warn("stored sign-in refused:", err.code, err.message);
    forgetSession();
    return false;
  }
}
async function loadProfile() {
  try {
    const r = await app.im.getMyProfile();
    app.profile = r.data || {};
  } catch {
    app.profile = {};
  }
  app.changed();
}
async function signIn(userID) {
  const { userSig, expire } = await devUserSig(userID);
  const r = await app.im.login({ userID, userSig });
  const expiresAt = r && r.data && r.data.expiresAt || Math.floor(Date.now() / 1e3) + (expire || 86400);
  app.session = { sdkAppID: SDKAPPID, userID, userSig, expiresAt };
  localStorage.setItem(KEY_SESSION, JSON.stringify(app.session));
  await loadProfile();
}
async function signOut() {
  try {
    await app.im.logout();
  } catch (err) {
    console.warn("logout:", err.message);
  }
  forgetSession();
}
async function saveProfile({ nick, avatar }) {
  const r = await app.im.setMyProfile({ nick, avatar });
  app.profile = { ...app.profile || {}, ...r.data || { nick, avatar } };
  app.changed();
}
var AVATARS = [1, 2, 3, 4, 5, 6, 7, 8].map((i) => absoluteUrl(`/assets/avatars/a${i}.svg`));
var PALETTE = ["#ff6b6b", "#f7b731", "#20bf6b", "#0fb9b1", "#2d98da", "#8854d0", "#fa8231", "#eb3b5a"];
function hashOf(s) {
  let h2 = 0;
  for (const ch of String(s)) h2 = h2 * 31 + ch.codePointAt(0) >>> 0;
  return h2;
}
function colorOf(s) {
  return PALETTE[hashOf(s) % PALETTE.length];
}
function letterAvatar(name) {
  const letter = (Array.from(String(name || "?").trim())[0] || "?").toUpperCase();
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64"><rect width="64" height="64" rx="32" fill="${colorOf(name)}"/><text x="32" y="41" font-family="system-ui,sans-serif" font-size="28" font-weight="700" fill="#fff" text-anchor="middle">${letter.replace(/[<&>"]/g, "")}</text></svg>`;
  return `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`;
}
function avatarImg(url, name, cls = "avatar", testid) {
  const img = h("img", { class: cls, alt: "", "data-testid": testid, draggable: "false" });
  const fallback = letterAvatar(name);
  img.addEventListener("error", () => {
    if (img.src !== fallback) img.src = fallback;
  });
  img.src = url && /^https?:\/\//.test(url) ? url : fallback;
  return img;
}
function h(tag, props, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(props || {})) {
    if (v === void 0 || v === null || v === false) continue;
    if (k.startsWith("on") && typeof v === "function") el.addEventListener(k.slice(2), v);
    else if (k === "class") el.className = v;
    else if (k === "html") el.innerHTML = v;
    else if (k === "value") el.value = v;
    else el.setAttribute(k, v === true ? "" : String(v));
  }
  append(el, children);
  return el;
}
function append(el, children) {
  for (const c of children) {
    if (c === null || c === void 0 || c === false) continue;
    if (Array.isArray(c)) append(el, c);
    else el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
}
var ICONS = {
  heart: '<path d="M12 21s-7.5-4.6-9.6-9.1C.9 8.6 3 5 6.6 5c2.1 0 3.6 1.2 4.4 2.5C11.8 6.2 13.3 5 15.4 5 19 5 21.1 8.6 19.6 11.9 17.5 16.4 12 21 12 21z"/>',
  mic: '<path d="M12 14a3 3 0 0 0 3-3V5a3 3 0 0 0-6 0v6a3 3 0 0 0 3 3z"/><path d="M19 11a7 7 0 0 1-14 0M12 18v3" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round"/>',
  micOff: '<path d="M15 10.6V5a3 3 0 0 0-5.9-.8z M9 9v2a3 3 0 0 0 4.4 2.6z"/><path d="M19 11a7 7 0 0 1-11.6 5.3M5 11a7 7 0 0 0 .5 2.6M12 18v3M3 3l18 18" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round"/>',
  cam: '<rect x="2" y="6" width="13" height="12" rx="3"/><path d="M16 10.5 22 7v10l-6-3.5z"/>',
  camOff: '<path d="M2 8.5V15a3 3 0 0 0 3 3h9.2zM15 13.8V9a3 3 0 0 0-3-3H7.2zM16 10.5 22 7v10l-6-3.5z"/><path d="M3 3l18 18" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round"/>',
  play: '<path d="M7 4.5v15a1 1 0 0 0 1.5.9l12-7.5a1 1 0 0 0 0-1.8l-12-7.5A1 1 0 0 0 7 4.5z"/>',
  pause: '<rect x="6" y="4" width="4" height="16" rx="1.2"/><rect x="14" y="4" width="4" height="16" rx="1.2"/>',
  volume: '<path d="M4 9h3.5L12 5v14l-4.5-4H4z"/><path d="M15.5 8.5a5 5 0 0 1 0 7M18 6a8.5 8.5 0 0 1 0 12" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round"/>',
  volumeOff: '<path d="M4 9h3.5L12 5v14l-4.5-4H4z"/><path d="M16 9l6 6M22 9l-6 6" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round"/>',
  share: '<path d="M18 8a3 3 0 1 0-2.8-4A3 3 0 0 0 18 8zM6 15a3 3 0 1 0 0-6 3 3 0 0 0 0 6zm12 7a3 3 0 1 0 0-6 3 3 0 0 0 0 6z"/><path d="M8.6 10.5l6.8-4M8.6 13.5l6.8 4" fill="none" stroke="currentColor" stroke-width="2"/>',
  copy: '<rect x="8" y="8" width="12" height="12" rx="2.5" fill="none" stroke="currentColor" stroke-width="2"/><path d="M16 8V6a2 2 0 0 0-2-2H6a2 2 0 0 0-2 2v8a2 2 0 0 0 2 2h2" fill="none" stroke="currentColor" stroke-width="2"/>',
  smile: '<circle cx="12" cy="12" r="9" fill="none" stroke="currentColor" stroke-width="2"/><circle cx="9" cy="10" r="1.3"/><circle cx="15" cy="10" r="1.3"/><path d="M8 14.5a4.5 4.5 0 0 0 8 0" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round"/>',
  send: '<path d="M3.4 20.4 21 12 3.4 3.6 3.4 10l12.6 2-12.6 2z"/>',
  user: '<circle cx="12" cy="8" r="4"/><path d="M4 21a8 8 0 0 1 16 0z"/>',
  edit: '<path d="M4 20h4L19 9l-4-4L4 16z M14 6l4 4" fill="none" stroke="currentColor" stroke-width="2" stroke-linejoin="round"/>',
  logout: '<path d="M15 4h3a2 2 0 0 1 2 2v12a2 2 0 0 1-2 2h-3M10 17l-5-5 5-5M5 12h11" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round"/>',
  close: '<path d="M6 6l12 12M18 6 6 18" fill="none" stroke="currentColor" stroke-width="2.2" stroke-linecap="round"/>',
  refresh: '<path d="M20 11a8 8 0 1 0-2.3 5.7M20 4v7h-7" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round"/>',
  eye: '<path d="M1.5 12S5.5 5 12 5s10.5 7 10.5 7-4 7-10.5 7S1.5 12 1.5 12z" fill="none" stroke="currentColor" stroke-width="2"/><circle cx="12" cy="12" r="3"/>',
  back: '<path d="M15 5l-7 7 7 7" fill="none" stroke="currentColor" stroke-width="2.4" stroke-linecap="round" stroke-linejoin="round"/>',
  broadcast: '<circle cx="12" cy="12" r="2.5"/><path d="M7.8 16.2a6 6 0 0 1 0-8.4M16.2 7.8a6 6 0 0 1 0 8.4M4.9 19.1a10 10 0 0 1 0-14.2M19.1 4.9a10 10 0 0 1 0 14.2" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round"/>',
  bolt: '<path d="M13 2 4 14h7l-1 8 9-12h-7z"/>',
  wifi: '<path d="M2 8.5a15 15 0 0 1 20 0M5.5 12a10 10 0 0 1 13 0M9 15.5a5 5 0 0 1 6 0" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round"/><circle cx="12" cy="19" r="1.6"/>',
  fullscreen: '<path d="M4 9V4h5M20 9V4h-5M4 15v5h5M20 15v5h-5" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round"/>',
  alert: '<path d="M12 3 2 21h20z" fill="none" stroke="currentColor" stroke-width="2" stroke-linejoin="round"/><path d="M12 10v5" stroke="currentColor" stroke-width="2" stroke-linecap="round"/><circle cx="12" cy="18" r="1.2"/>',
  image: '<rect x="3" y="4" width="18" height="16" rx="3" fill="none" stroke="currentColor" stroke-width="2"/><circle cx="8.5" cy="9.5" r="1.8"/><path d="M4 18l5-5.5 3.5 3.5 2.5-2.5L20 18z"/>',
  settings: '<circle cx="12" cy="12" r="3" fill="none" stroke="currentColor" stroke-width="2"/><path d="M12 2v3M12 19v3M4.9 4.9 7 7M17 17l2.1 2.1M2 12h3M19 12h3M4.9 19.1 7 17M17 7l2.1-2.1" stroke="currentColor" stroke-width="2" stroke-linecap="round"/>'
};
function icon(name, cls = "icon") {
  return h("span", { class: cls, "aria-hidden": "true", html: `<svg viewBox="0 0 24 24" fill="currentColor">${ICONS[name] || ""}</svg>` });
}
function button(label, { iconName, cls = "btn", testid, onclick, title, type = "button" } = {}) {
  return h(
    "button",
    { class: cls, type, "data-testid": testid, onclick, title, "aria-label": title || void 0 },
    iconName ? icon(iconName) : null,
    label ? h("span", { class: "btn-label" }, label) : null
  );
}
function clock(unixSeconds) {
  const d = new Date(unixSeconds * 1e3);
  return `${String(d.getHours()).padStart(2, "0")}:${String(d.getMinutes()).padStart(2, "0")}`;
}
function duration(ms) {
  const s = Math.max(0, Math.floor(ms / 1e3));
  const hh = Math.floor(s / 3600);
  const mm = String(Math.floor(s % 3600 / 60)).padStart(2, "0");
  const ss = String(s % 60).padStart(2, "0");
  return hh ? `${hh}:${mm}:${ss}` : `${mm}:${ss}`;
}
function watchingBadge() {
  const num = h("b", {}, "0");
  const el = h(
    "div",
    { class: "watching", "data-testid": "watching-count", title: "Watching now", hidden: true },
    icon("eye"),
    num,
    h("span", { class: "watching-label" }, " watching")
  );
  return {
    el,
    set(n) {
      num.textContent = compact(n);
      el.dataset.count = String(n);
      el.hidden = false;
    }
  };
}
function compact(n) {
  if (n >= 1e6) return `${(n / 1e6).toFixed(1).replace(/\.0$/, "")}M`;
  if (n >= 1e4) return `${(n / 1e3).toFixed(1).replace(/\.0$/, "")}k`;
  return String(n);
}
function errorText(err) {
  if (!err) return "Unknown error";
  const known = {
    80001: "That message contains words this room does not allow.",
    10017: "You are muted in this room.",
    10023: "You are sending too fast. Slow down a little.",
    10007: "You do not have permission to do that.",
    10015: "This live room does not exist any more.",
    10010: "This live room was closed.",
    60010: "The server did not answer in time. Check your connection."
  };
  return known[err.code] || err.message || String(err);
}
var toastBox = null;
function toast(text, kind = "info", ms = 3200) {
  if (!toastBox) {
    toastBox = h("div", { class: "toasts", role: "status", "aria-live": "polite" });
    document.body.append(toastBox);
  }
  const t = h(
    "div",
    { class: `toast toast-${kind}`, "data-testid": "toast", "data-kind": kind },
    icon(kind === "error" ? "alert" : kind === "live" ? "broadcast" : "bolt"),
    h("span", {}, text)
  );
  toastBox.append(t);
  setTimeout(() => {
    t.classList.add("toast-out");
    setTimeout(() => t.remove(), 400);
  }, ms);
  return t;
}
function dialog({ title, subtitle, body, actions = [], testid, dismissable = true }) {
  return new Promise((resolve) => {
    const error = h("div", { class: "dialog-error", "data-testid": testid ? `${testid}-error` : void 0, hidden: true });
    const close = (v) => {
      overlay.classList.add("closing");
      setTimeout(() => overlay.remove(), 160);
      document.removeEventListener("keydown", onKey);
      resolve(v);
    };
    const onKey = (e) => {
      if (e.key === "Escape" && dismissable) close(void 0);
    };
    const buttons = actions.map((a) => {
      const b = button(a.label, { cls: a.primary ? "btn btn-primary" : "btn btn-ghost", testid: a.testid, type: a.primary ? "submit" : "button" });
      b.addEventListener("click", async (e) => {
        e.preventDefault();
        if (b.disabled) return;
        error.hidden = true;
        if (!a.onclick) {
          close(a.value);
          return;
        }
        b.disabled = true;
        b.classList.add("busy");
        try {
          const v = await a.onclick();
          if (v !== false) close(v === void 0 ? a.value : v);
        } catch (err) {
          error.textContent = errorText(err);
          error.hidden = false;
        } finally {
          b.disabled = false;
          b.classList.remove("busy");
        }
      });
      return b;
    });
    const form = h(
      "form",
      { class: "dialog", "data-testid": testid, role: "dialog", "aria-modal": "true", onsubmit: (e) => e.preventDefault() },
      h(
        "div",
        { class: "dialog-head" },
        h("div", {}, h("h2", {}, title), subtitle ? h("p", { class: "muted" }, subtitle) : null),
        dismissable ? button("", { cls: "icon-btn", iconName: "close", title: "Close", onclick: () => close(void 0) }) : null
      ),
      h("div", { class: "dialog-body" }, body),
      error,
      h("div", { class: "dialog-actions" }, buttons)
    );
    const overlay = h("div", { class: "overlay", onmousedown: (e) => {
      if (e.target === overlay && dismissable) close(void 0);
    } }, form);
    document.body.append(overlay);
    document.addEventListener("keydown", onKey);
    const first = form.querySelector("input, select, textarea");
    if (first) setTimeout(() => first.focus(), 30);
  });
}
function field(label, input, hint) {
  return h("label", { class: "field" }, h("span", { class: "field-label" }, label), input, hint ? h("span", { class: "field-hint" }, hint) : null);
}
async function copyText(text) {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    const ta = h("textarea", { style: "position:fixed;opacity:0" });
    ta.value = text;
    document.body.append(ta);
    ta.select();
    let ok = false;
    try {
      ok = document.execCommand("copy");
    } catch {
      ok = false;
    }
    ta.remove();
    return ok;
  }
}
var isMobileLayout = () => window.matchMedia("(max-width: 760px)").matches;

// src/header.js
var hooks = { before: [], after: [] };
function onSignIn({ before, after }) {
  if (before) hooks.before.push(before);
  if (after) hooks.after.push(after);
}
async function openLogin(reason) {
  if (app.session) return true;
  const userInput = h("input", { class: "input", "data-testid": "login-userid", placeholder: "e.g. anna", autocomplete: "username", maxlength: "32", spellcheck: "false", value: new URLSearchParams(location.search).get("login") || void 0 });
  const appInput = h("input", { class: "input", "data-testid": "login-sdkappid", inputmode: "numeric", value: String(SDKAPPID) });
  const advanced = h(
    "details",
    { class: "advanced" },
    h("summary", {}, "Application"),
    field("SDKAppID", appInput, `The liveroom application to use (default ${DEFAULT_SDKAPPID}).`)
  );
  const body = h(
    "div",
    { class: "stack" },
    reason ? h("p", { class: "lead" }, reason) : null,
    field("User ID", userInput, "Letters, digits and _ - @ . \u2014 up to 32 characters."),
    advanced,
    h(
      "div",
      { class: "dev-note", "data-testid": "dev-note" },
      icon("alert"),
      h(
        "div",
        {},
        h("b", {}, "Development sign-in. "),
        "The UserSig is issued by this server\u2019s ",
        h("code", {}, "POST /api/dev/usersig"),
        ", which signs for anyone and is meant for development only. A real deployment signs UserSigs on its own backend."
      )
    )
  );
  const ok = await dialog({
    title: "Sign in",
    subtitle: "Chat, like and go live with a user ID.",
    testid: "login-dialog",
    body,
    actions: [{
      label: "Sign in",
      primary: true,
      testid: "login-submit",
      onclick: async () => {
        const userID = userInput.value.trim();
        const appID = appInput.value.trim();
        if (!/^\d+$/.test(appID)) throw new Error("The SDKAppID is a number.");
        if (Number(appID) !== SDKAPPID) {
          setSdkAppID(appID);
          const u = new URL(location.href);
          u.searchParams.set("sdkappid", appID);
          u.searchParams.set("login", userID);
          location.href = u.href;
          return false;
        }
        if (!USER_ID_RE.test(userID)) throw new Error("Enter a user ID: letters, digits and _ - @ . (up to 32).");
        for (const fn of hooks.before) await fn();
        try {
          await signIn(userID);
        } finally {
          for (const fn of hooks.after) await fn();
        }
        toast(`Welcome, ${app.nick}!`);
        return true;
      }
    }]
  });
  return ok === true;
}
async function openProfile() {
  if (!app.session) return;
  const current = app.profile || {};
  const nickInput = h("input", { class: "input", "data-testid": "profile-nick", maxlength: "32", value: current.nick || app.userID });
  let chosen = current.avatar || "";
  const urlInput = h("input", { class: "input", "data-testid": "profile-avatar-url", placeholder: "https://\u2026", value: chosen && !AVATARS.includes(chosen) ? chosen : "" });
  const preview = h("div", { class: "profile-preview" });
  const renderPreview = () => {
    preview.replaceChildren(
      avatarImg(chosen, nickInput.value || app.userID, "avatar avatar-lg"),
      h("div", {}, h("b", {}, nickInput.value || app.userID), h("div", { class: "muted" }, `@${app.userID}`))
    );
  };
  const options = AVATARS.map((url, i) => {
    const b = h("button", { type: "button", class: "avatar-option", "data-testid": "profile-avatar-option", "data-avatar": url, "aria-label": `Avatar ${i + 1}` }, avatarImg(url, "", "avatar"));
    b.addEventListener("click", () => {
      chosen = url;
      urlInput.value = "";
      mark();
      renderPreview();
    });
    return b;
  });
  const letter = h("button", { type: "button", class: "avatar-option", "data-testid": "profile-avatar-none", "aria-label": "No picture" }, h("img", { class: "avatar", src: letterAvatar(app.userID), alt: "" }));
  letter.addEventListener("click", () => {
    chosen = "";
    urlInput.value = "";
    mark();
    renderPreview();
  });
  const mark = () => {
    for (const o of options) o.classList.toggle("selected", o.dataset.avatar === chosen);
    letter.classList.toggle("selected", !chosen);
  };
  urlInput.addEventListener("input", () => {
    chosen = urlInput.value.trim();
    mark();
    renderPreview();
  });
  nickInput.addEventListener("input", renderPreview);
  mark();
  renderPreview();
  await dialog({
    title: "Edit profile",
    subtitle: "Your nick and picture appear on every message you send.",
    testid: "profile-dialog",
    body: h(
      "div",
      { class: "stack" },
      preview,
      field("Nickname", nickInput),
      h("div", { class: "field" }, h("span", { class: "field-label" }, "Picture"), h("div", { class: "avatar-grid" }, letter, options)),
      field("\u2026or an image URL", urlInput, "Must start with http:// or https://")
    ),
    actions: [
      { label: "Cancel" },
      {
        label: "Save",
        primary: true,
        testid: "profile-save",
        onclick: async () => {
          const nick = nickInput.value.trim();
          if (!nick) throw new Error("Choose a nickname.");
          if (chosen && !/^https?:\/\//.test(chosen)) throw new Error("The picture URL must start with http:// or https://");
          await saveProfile({ nick, avatar: chosen });
          toast("Profile saved");
        }
      }
    ]
  });
}
function mountHeader(root, { center } = {}) {
  const userBox = h("div", { class: "header-user" });
  const netBadge = h("div", { class: "net-badge", "data-testid": "net-state", hidden: true });
  const render = () => {
    netBadge.hidden = app.net === "connected" || !app.session;
    netBadge.replaceChildren(icon("wifi"), h("span", {}, app.net === "connecting" ? "Reconnecting\u2026" : "Offline"));
    if (!app.session) {
      userBox.replaceChildren(button("Sign in", { cls: "btn btn-primary btn-sm", iconName: "user", testid: "login-button", onclick: () => openLogin() }));
      return;
    }
    const menu = h(
      "div",
      { class: "menu", "data-testid": "user-menu", hidden: true },
      h("div", { class: "menu-head" }, h("b", {}, app.nick), h("span", { class: "muted" }, `@${app.userID}`)),
      button("Edit profile", { cls: "menu-item", iconName: "edit", testid: "profile-button", onclick: () => {
        menu.hidden = true;
        openProfile();
      } }),
      button("Sign out", { cls: "menu-item", iconName: "logout", testid: "logout-button", onclick: async () => {
        menu.hidden = true;
        await signOut();
        toast("Signed out");
      } })
    );
    const chip = h(
      "button",
      { class: "user-chip", type: "button", "data-testid": "user-chip", "aria-haspopup": "menu" },
      avatarImg(app.profile && app.profile.avatar, app.nick, "avatar avatar-sm", "user-avatar"),
      h("span", { class: "user-nick", "data-testid": "user-nick" }, app.nick)
    );
    chip.addEventListener("click", (e) => {
      e.stopPropagation();
      menu.hidden = !menu.hidden;
    });
    document.addEventListener("click", (e) => {
      if (!menu.contains(e.target)) menu.hidden = true;
    });
    userBox.replaceChildren(chip, menu);
  };
  app.on(render);
  render();
  root.replaceChildren(h(
    "header",
    { class: "topbar" },
    h(
      "a",
      { class: "brand", href: pageUrl("/"), "data-testid": "brand" },
      h("span", { class: "brand-mark" }, icon("broadcast")),
      h("span", { class: "brand-name" }, "liveroom")
    ),
    h("div", { class: "topbar-center" }, center || null),
    netBadge,
    userBox
  ));
}

export {
  TWebLive,
  EVENT,
  DEFAULT_SDKAPPID,
  RESOLUTIONS,
  query,
  SDKAPPID,
  pageUrl,
  absoluteUrl,
  api,
  devUserSig,
  listRooms,
  getRoom,
  createDirectoryRoom,
  deleteDirectoryRoom,
  streamIdOf,
  app,
  restoreSession,
  colorOf,
  avatarImg,
  h,
  icon,
  button,
  clock,
  duration,
  watchingBadge,
  compact,
  errorText,
  toast,
  dialog,
  field,
  copyText,
  isMobileLayout,
  onSignIn,
  openLogin,
  mountHeader
};
