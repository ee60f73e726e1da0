/* liveroom demo. Built by web/demo/build.mjs from web/demo/src; do not edit. */
import {
  createChat,
  qrSvg
} from "./chunk-CF7OLQK5.js";
import {
  EVENT,
  SDKAPPID,
  TWebLive,
  absoluteUrl,
  app,
  avatarImg,
  button,
  copyText,
  devUserSig,
  dialog,
  duration,
  errorText,
  getRoom,
  h,
  icon,
  isMobileLayout,
  mountHeader,
  onSignIn,
  pageUrl,
  query,
  restoreSession,
  streamIdOf,
  toast,
  watchingBadge
} from "./chunk-CFZER32E.js";

// src/player.js
var roomID = query.get("room") || "";
var mode = query.get("mode") === "cdn" ? "cdn" : "webrtc";
var format = ["hls", "flv"].includes(query.get("format")) ? query.get("format") : "auto";
var anchorID = query.get("anchor") || "";
var title = query.get("title") || "";
var root = document.getElementById("app");
var headerRoot = h("div");
var main = h("main", { class: "watch-page" });
var capsule = h("div", { class: "room-capsule", "data-testid": "room-capsule" });
root.replaceChildren(headerRoot, main);
mountHeader(headerRoot, { center: capsule });
if (!roomID) {
  main.replaceChildren(h(
    "section",
    { class: "gate card", "data-testid": "gate" },
    icon("alert", "icon icon-xl"),
    h("h2", {}, "No room to watch"),
    h("p", { class: "muted" }, "Pick a live room from the list."),
    h("a", { class: "btn btn-primary", href: pageUrl("/") }, "Live rooms")
  ));
  throw new Error("no room");
}
var view = h("div", { id: "player-view", class: "video-box", "data-testid": "player-view" });
var overlay = h("div", { class: "stage-overlay", "data-testid": "player-overlay" });
var tapToPlay = button("Tap to play", { cls: "btn btn-primary btn-lg tap-to-play", iconName: "play", testid: "tap-to-play" });
tapToPlay.hidden = true;
var banner = h("div", { class: "stage-banner", "data-testid": "live-notice", hidden: true });
var stateBadge = h("div", { class: "state-badge", "data-testid": "player-state", "data-state": "connecting" }, "Connecting\u2026");
var liveBadge = h("div", { class: "live-badge", "data-testid": "live-badge", hidden: true }, h("span", { class: "dot-live" }), mode === "cdn" ? "LIVE \xB7 CDN" : "LIVE");
var watchTime = h("div", { class: "elapsed", "data-testid": "watch-time", hidden: true }, "00:00");
var watching = watchingBadge();
var pauseBtn = h("button", { class: "round-btn", type: "button", "data-testid": "pause-button", title: "Pause", "aria-pressed": "false" }, icon("pause"));
var muteBtn = h("button", { class: "round-btn", type: "button", "data-testid": "mute-button", title: "Mute", "aria-pressed": "false" }, icon("volume"));
var volume = h("input", { type: "range", min: "0", max: "100", value: "70", class: "volume", "data-testid": "volume-slider", "aria-label": "Volume" });
var modeSwitch = h(
  "div",
  { class: "segmented", role: "tablist", "data-testid": "mode-switch" },
  h("a", { class: mode === "webrtc" ? "active" : "", role: "tab", "data-testid": "mode-webrtc", href: pageUrl("/player.html", { room: roomID, anchor: anchorID, title }), title: "WebRTC, under a second of delay" }, icon("bolt"), h("span", { class: "seg-label" }, "Real-time")),
  h("a", { class: mode === "cdn" ? "active" : "", role: "tab", "data-testid": "mode-cdn", href: pageUrl("/player.html", { room: roomID, anchor: anchorID, title, mode: "cdn" }), title: "HLS / FLV from the CDN origin" }, icon("broadcast"), h("span", { class: "seg-label" }, "CDN"))
);
var fullBtn = button("", { cls: "round-btn", iconName: "fullscreen", testid: "fullscreen", title: "Full screen", onclick: () => toggleFullscreen() });
var shareBtn = button("", { cls: "round-btn", iconName: "share", testid: "share-button", title: "Share", onclick: () => share() });
var anchorBox = h("div", { class: "anchor-box", "data-testid": "anchor-box" });
var roomTitle = h("h1", { class: "watch-title", "data-testid": "room-title" });
var backBtn = h("a", { class: "round-btn back-btn", href: pageUrl("/"), title: "Live rooms", "aria-label": "Live rooms" }, icon("back"));
var chat = createChat({ roomID, onNotice });
var stage = h(
  "section",
  { class: "stage" },
  view,
  overlay,
  chat.likeLayer,
  banner,
  h("div", { class: "stage-top" }, h("div", { class: "stage-left" }, backBtn, liveBadge, watchTime, watching.el), h("div", { class: "stage-right" }, stateBadge)),
  h(
    "div",
    { class: "controls" },
    h("div", { class: "controls-group" }, pauseBtn, muteBtn, volume),
    h("div", { class: "controls-group" }, modeSwitch, shareBtn, fullBtn)
  ),
  tapToPlay
);
var transient = h("div", { class: "transient-tips", "data-testid": "transient-tips" });
stage.append(transient);
main.replaceChildren(h(
  "div",
  { class: "watch-layout" },
  h("div", { class: "watch-main" }, stage, h("section", { class: "watch-info" }, anchorBox, roomTitle)),
  chat.el
));
chat.el.addEventListener("transient-tip", (e) => {
  const t = h("div", { class: "transient-tip" }, e.detail.text);
  transient.append(t);
  setTimeout(() => t.remove(), 2200);
});
function renderInfo() {
  capsule.replaceChildren(
    avatarImg("", anchorID || "?", "avatar"),
    h("div", { class: "capsule-text" }, h("b", {}, anchorID || "\u2026"), h("span", {}, title || `Room ${roomID}`))
  );
  roomTitle.textContent = title || `Room ${roomID}`;
  document.title = `${title || roomID} \u2014 Watch live \u2014 liveroom`;
  anchorBox.replaceChildren(
    avatarImg("", anchorID || "?", "avatar"),
    h("div", {}, h("b", { "data-testid": "anchor-name" }, anchorID || "\u2026"), h("div", { class: "muted" }, `Room #${roomID} \xB7 ${mode === "cdn" ? `CDN (${format === "auto" ? "HLS / FLV" : format.toUpperCase()})` : "WebRTC real-time"}`))
  );
}
renderInfo();
var state = "connecting";
var userPaused = false;
var muted = false;
var ended = false;
var endedNote = "";
var firstPlaying = 0;
var watchTimer = null;
var ENDED = "The live has ended";
var OVERLAYS = {
  connecting: ["spinner", "Connecting\u2026"],
  waiting: ["broadcast", "Waiting for the anchor to go live\u2026"],
  ended: ["broadcast", ENDED],
  paused: ["play", "Paused"],
  error: ["alert", "The stream cannot be played"]
};
function endedDetail(postscript = endedNote) {
  const rest = String(postscript || "").replace(/^the live has ended[.!]?\s*/i, "").trim();
  return `${rest ? `${rest} ` : ""}Stay on this page to watch ${anchorID || "the anchor"}'s next live.`;
}
function stopWatchTimer() {
  clearInterval(watchTimer);
  watchTimer = null;
  firstPlaying = 0;
  watchTime.hidden = true;
}
function setState(s, detail) {
  state = s;
  if (s === "ended" || s === "error") stopWatchTimer();
  stage.dataset.state = s;
  stateBadge.dataset.state = s;
  stateBadge.textContent = { connecting: "Connecting\u2026", waiting: "Waiting", live: "Watching", ended: "Ended", paused: "Paused", error: "Error" }[s] || s;
  liveBadge.hidden = s !== "live" && s !== "paused";
  const o = OVERLAYS[s];
  overlay.hidden = !o;
  if (o) {
    const [iconName, text] = o;
    const visual = iconName === "spinner" ? h("div", { class: "spinner" }) : icon(iconName, "icon icon-xl");
    const actions = [];
    if (s === "paused") actions.push(button("Resume", { cls: "btn btn-primary", iconName: "play", testid: "resume-button", onclick: () => togglePause() }));
    if (s === "error") actions.push(button("Try again", { cls: "btn btn-primary", iconName: "refresh", testid: "retry-play", onclick: () => location.reload() }));
    if (s === "error" && mode === "cdn") actions.push(h("a", { class: "btn btn-ghost", href: pageUrl("/player.html", { room: roomID, anchor: anchorID, title }) }, "Watch in real-time"));
    overlay.replaceChildren(...[
      visual,
      h("div", { class: "overlay-title", "data-testid": `overlay-${s}` }, text),
      detail ? h("div", { class: "overlay-detail", "data-testid": "overlay-detail" }, detail) : null,
      actions.length ? h("div", { class: "gate-actions" }, actions) : null
    ].filter(Boolean));
  }
}
setState("connecting");
function showBanner(text) {
  banner.textContent = text;
  banner.hidden = false;
  banner.classList.remove("pop");
  void banner.offsetWidth;
  banner.classList.add("pop");
  clearTimeout(showBanner.t);
  showBanner.t = setTimeout(() => {
    banner.hidden = true;
  }, 4e3);
}
function onNotice(kind, data) {
  if (kind === "live-started") {
    if (data.time && Date.now() / 1e3 - data.time < 60) showBanner(`${data.nick || data.from} is live now!`);
    ended = false;
  } else if (kind === "push-stopped") {
    ended = true;
    endedNote = data || "";
    if (state !== "live" || mode === "webrtc") setState("ended", endedDetail(data));
    else showBanner(data || `${ENDED}.`);
  }
}
var memberCount = null;
var anchorHere = false;
function renderWatching() {
  if (memberCount === null) return;
  const viewers = Math.max(0, memberCount - (anchorHere ? 1 : 0));
  watching.set(viewers);
  chat.setWatching(viewers);
}
function setAnchorHere(here) {
  if (anchorHere === here) return;
  anchorHere = here;
  renderWatching();
}
var isAnchor = (msgs) => msgs.some((m) => (m.payload && m.payload.userIDList || [m.from]).includes(anchorID));
app.im.on(EVENT.IM_MEMBER_COUNT_CHANGED, ({ data }) => {
  if (data.roomID !== roomID) return;
  memberCount = data.count;
  renderWatching();
});
app.im.on(EVENT.IM_REMOTE_USER_JOIN, ({ data }) => {
  if (anchorID && isAnchor(data)) setAnchorHere(true);
});
app.im.on(EVENT.IM_REMOTE_USER_LEAVE, ({ data }) => {
  if (anchorID && isAnchor(data)) setAnchorHere(false);
});
function onVideoSize(e) {
  const v = e.target;
  if (!(v instanceof HTMLVideoElement) || !v.videoWidth || !v.videoHeight) return;
  const ratio = v.videoHeight / v.videoWidth;
  document.body.dataset.fit = ratio >= 1.25 ? "cover" : "contain";
  document.body.style.setProperty("--video-ratio", ratio.toFixed(4));
}
view.addEventListener("loadedmetadata", onVideoSize, true);
view.addEventListener("resize", onVideoSize, true);
var player = TWebLive.createPlayer();
window.__liveroomPlayer = player;
player.setLogLevel(1);
player.setRenderView({ elementID: "player-view" });
player.on(EVENT.PLAYER_PLAYING, () => {
  setAnchorHere(true);
  tapToPlay.hidden = true;
  ended = false;
  userPaused = false;
  renderControls();
  setState("live");
  if (!firstPlaying) {
    firstPlaying = Date.now();
    watchTime.textContent = duration(0);
    watchTime.hidden = false;
    watchTimer = setInterval(() => {
      watchTime.textContent = duration(Date.now() - firstPlaying);
    }, 1e3);
  }
});
player.on(EVENT.PLAYER_PAUSE, () => {
  if (userPaused) setState("paused");
  else if (ended) setState("ended", endedDetail());
  else if (state === "live") setState("waiting");
});
player.on(EVENT.PLAYER_WAITING, () => {
  if (state === "live") stateBadge.textContent = "Buffering\u2026";
});
player.on(EVENT.PLAYER_AUTOPLAY_NOT_ALLOWED, () => {
  tapToPlay.hidden = false;
  overlay.hidden = true;
  stateBadge.dataset.state = "ready";
  stateBadge.textContent = "Ready";
});
player.on(EVENT.PLAYER_ERROR, ({ data }) => {
  console.warn("player error", data);
  if (ended) setState("ended", endedDetail());
  else setState("error", data && (data.reason || data.message) ? `${data.reason || data.message}${data.code ? ` (${data.code})` : ""}` : void 0);
});
player.on(EVENT.RTC_CONNECTION_STATE_CHANGED, ({ data }) => {
  if (data.state === "RECONNECTING" && state === "live") setState(ended ? "ended" : "waiting", ended ? endedDetail() : void 0);
});
player.on(EVENT.RTC_CLIENT_BANNED, () => {
  setState("error", "You started watching on another page.");
});
tapToPlay.addEventListener("click", () => {
  tapToPlay.hidden = true;
  try {
    player.resumePlay();
  } catch {
    const v = view.querySelector("video");
    if (v) v.play().catch(() => {
      tapToPlay.hidden = false;
    });
  }
});
function renderControls() {
  pauseBtn.replaceChildren(icon(userPaused ? "play" : "pause"));
  pauseBtn.title = userPaused ? "Play" : "Pause";
  pauseBtn.setAttribute("aria-pressed", String(userPaused));
  muteBtn.replaceChildren(icon(muted || Number(volume.value) === 0 ? "volumeOff" : "volume"));
  muteBtn.title = muted ? "Unmute" : "Mute";
  muteBtn.setAttribute("aria-pressed", String(muted));
  volume.style.setProperty("--fill", `${muted ? 0 : volume.value}%`);
}
async function togglePause() {
  try {
    if (userPaused) {
      userPaused = false;
      await player.resumeVideo();
    } else {
      userPaused = true;
      await player.pauseVideo();
      setState("paused");
    }
  } catch (err) {
    userPaused = !userPaused;
    toast(err.message === "No Video Track!" ? "Nothing is playing yet" : err.message, "error");
  }
  renderControls();
}
pauseBtn.addEventListener("click", togglePause);
muteBtn.addEventListener("click", async () => {
  try {
    if (muted) await player.resumeAudio();
    else await player.pauseAudio();
    muted = !muted;
  } catch (err) {
    toast(err.message === "No Audio Track!" ? "This stream has no sound yet" : err.message, "error");
  }
  renderControls();
});
volume.addEventListener("input", () => {
  player.setPlayoutVolume(Number(volume.value));
  renderControls();
});
player.setPlayoutVolume(Number(volume.value));
renderControls();
function toggleFullscreen() {
  if (document.fullscreenElement) {
    document.exitFullscreen();
    return;
  }
  stage.requestFullscreen?.().then(() => {
    if (isMobileLayout() && document.body.dataset.fit !== "cover") screen.orientation?.lock?.("landscape").catch(() => {
    });
  }, () => {
  });
}
async function share() {
  const link = absoluteUrl(pageUrl("/player.html", { room: roomID, anchor: anchorID, title, mode: mode === "cdn" ? "cdn" : void 0 }));
  if (navigator.share && matchMedia("(pointer: coarse)").matches) {
    navigator.share({ title: title || "liveroom", url: link }).catch(() => {
    });
    return;
  }
  dialog({
    title: "Share this live",
    testid: "share-dialog",
    body: h(
      "div",
      { class: "share-dialog" },
      h("div", { class: "qr", "data-testid": "share-qr", html: qrSvg(link) }),
      h("input", { class: "input", readonly: true, value: link, "data-testid": "share-link" })
    ),
    actions: [{ label: "Copy link", primary: true, testid: "copy-link", onclick: async () => {
      toast(await copyText(link) ? "Link copied" : "Copy failed");
    } }]
  });
}
function guestID() {
  let id = sessionStorage.getItem("liveroom.demo.guest");
  if (!id) {
    id = `guest_${Math.random().toString(36).slice(2, 8)}`;
    sessionStorage.setItem("liveroom.demo.guest", id);
  }
  return id;
}
function cdnUrl() {
  const stream = streamIdOf(roomID, anchorID);
  const flv = absoluteUrl(`/live/${stream}.flv`);
  const hls = absoluteUrl(`/live/${stream}.m3u8`);
  if (format === "flv") return `https://flv=${encodeURIComponent(flv)}`;
  if (format === "hls") return `https://hls=${encodeURIComponent(hls)}`;
  return `https://flv=${encodeURIComponent(flv)}&hls=${encodeURIComponent(hls)}`;
}
async function startPlayback() {
  if (mode === "cdn") {
    player.setCustomConfig({
      autoplay: true,
      wording: { 1: "The live has ended", 2: "The live has ended", 4: "This browser cannot play the stream", 13: "The live has ended", 2032: "Network error: could not fetch the stream", 2048: "The stream could not be loaded" }
    });
    window.__liveroomPlayUrl = cdnUrl();
    await player.startPlay(window.__liveroomPlayUrl);
  } else {
    const userID = app.session ? app.session.userID : guestID();
    const userSig = app.session ? app.session.userSig : (await devUserSig(userID)).userSig;
    window.__liveroomPlayUrl = `room://sdkappid=${SDKAPPID}&roomid=${roomID}&userid=${userID}&usersig=${userSig}`;
    await player.startPlay(window.__liveroomPlayUrl);
  }
  if (state === "connecting") setState(ended ? "ended" : "waiting", ended ? endedDetail() : void 0);
}
onSignIn({
  before: async () => {
    try {
      await app.im.exitRoom(roomID);
    } catch {
    }
  },
  after: async () => {
    try {
      await app.im.enterRoom(roomID);
    } catch (err) {
      toast(`Chat unavailable: ${errorText(err)}`, "error");
    }
  }
});
await restoreSession();
try {
  const room = await getRoom(roomID);
  anchorID = anchorID || room.anchorId;
  title = title || room.title;
  renderInfo();
} catch (err) {
  if (err.code === 10015) {
    setState("ended", "This live room was closed.");
    window.__liveroomDemoReady = true;
    throw err;
  }
  if (!anchorID) {
    setState("error", errorText(err));
    throw err;
  }
}
try {
  await app.im.enterRoom(roomID);
} catch (err) {
  toast(`Chat unavailable: ${errorText(err)}`, "error");
}
try {
  await startPlayback();
} catch (err) {
  console.warn("startPlay failed", err);
  setState("error", errorText(err));
}
window.addEventListener("pagehide", () => {
  try {
    player.stopPlay();
  } catch {
  }
});
window.__liveroomDemoReady = true;
