/* liveroom demo. Built by web/demo/build.mjs from web/demo/src; do not edit. */
import {
  anchorOf,
  dateText,
  fullDateText,
  lengthText,
  listRecordings,
  parsePlaylist
} from "./chunk-RPF7LMSR.js";
import {
  absoluteUrl,
  avatarImg,
  button,
  errorText,
  getRoom,
  h,
  icon,
  mountHeader,
  pageUrl,
  query,
  restoreSession
} from "./chunk-CFZER32E.js";

// src/replay.js
var HLS_MIME = "application/vnd.apple.mpegurl";
var MSE_TYPE = 'video/mp4; codecs="avc1.42E01E,mp4a.40.2"';
var ENGINES = ["native", "hlsjs", "mp4"];
var vod = query.get("vod") || "";
var target = parsePlaylist(vod);
var title = query.get("title") || "";
var root = document.getElementById("app");
var headerRoot = h("div");
var main = h("main", { class: "replay-page" });
root.replaceChildren(headerRoot, main);
mountHeader(headerRoot, { center: h("div", { class: "page-title" }, icon("play"), h("span", {}, "Replay")) });
if (!target) {
  main.replaceChildren(h(
    "section",
    { class: "gate card", "data-testid": "gate" },
    icon("alert", "icon icon-xl"),
    h("h2", {}, "No replay to play"),
    h("p", { class: "muted" }, "Pick a replay from the list."),
    h("a", { class: "btn btn-primary", href: pageUrl("/") }, "Live rooms and replays")
  ));
  window.__liveroomDemoReady = true;
  throw new Error("no replay");
}
var video = h("video", { class: "replay-video", "data-testid": "replay-video", controls: true, playsinline: true, "webkit-playsinline": true, preload: "auto" });
video.playsInline = true;
var overlay = h("div", { class: "stage-overlay", "data-testid": "replay-overlay" });
var playBtn = button("Play", { cls: "btn btn-primary btn-lg tap-to-play", iconName: "play", testid: "replay-play", onclick: () => play() });
var againBtn = button("Watch again", { cls: "btn btn-primary btn-lg tap-to-play", iconName: "refresh", testid: "replay-again", onclick: () => {
  video.currentTime = 0;
  play();
} });
playBtn.hidden = true;
againBtn.hidden = true;
var stage = h(
  "section",
  { class: "replay-stage", "data-testid": "replay-stage" },
  video,
  h("div", { class: "replay-badge", "data-testid": "replay-badge" }, icon("play"), "REPLAY"),
  overlay,
  playBtn,
  againBtn
);
var titleEl = h("h1", { class: "watch-title", "data-testid": "replay-title" });
var anchorBox = h("div", { class: "anchor-box", "data-testid": "replay-anchor-box" });
var actions = h("div", { class: "replay-actions" });
var backBtn = h("a", { class: "round-btn back-btn", href: pageUrl("/"), title: "Live rooms and replays", "aria-label": "Live rooms and replays" }, icon("back"));
main.replaceChildren(stage, h("section", { class: "watch-info replay-info" }, backBtn, anchorBox, titleEl, actions));
var rec = null;
var room = null;
function renderInfo() {
  const roomID = rec ? rec.roomID : "";
  const anchor = rec ? anchorOf(rec.streamID, rec.roomID) : "";
  const name = title || room && room.title || (roomID ? `Room ${roomID}` : "Replay");
  titleEl.textContent = name;
  document.title = `${name} \u2014 Replay \u2014 liveroom`;
  const meta = rec ? [
    `Room #${roomID}`,
    h("span", { "data-testid": "replay-date", "data-started": String(rec.startedAt), title: fullDateText(rec.startedAt) }, dateText(rec.startedAt)),
    h("span", { "data-testid": "replay-length" }, lengthText(rec.durationSecs)),
    rec.state === "recording" ? "still being recorded" : null
  ] : ["Recorded live"];
  anchorBox.replaceChildren(
    avatarImg("", anchor || roomID || "?", "avatar"),
    h(
      "div",
      {},
      h("b", { "data-testid": "replay-anchor" }, anchor || "\u2026"),
      h("div", { class: "muted", "data-testid": "replay-meta" }, meta.filter(Boolean).flatMap((m, i) => i ? [" \xB7 ", m] : [m]))
    )
  );
  const links = [];
  if (room) {
    links.push(h(
      "a",
      { class: "btn btn-sm", "data-testid": "replay-room-link", href: pageUrl("/player.html", { room: room.roomId, anchor: room.anchorId, title: room.title }) },
      icon(room.live ? "broadcast" : "user"),
      h("span", { class: "btn-label" }, room.live ? "Watch live now" : "Go to the room")
    ));
  }
  mp4Files().forEach((file, i, all) => {
    links.push(h(
      "a",
      { class: "btn btn-sm btn-ghost", "data-testid": "replay-download", href: file, download: "" },
      h("span", { class: "btn-label" }, all.length > 1 ? `MP4, part ${i + 1}` : "Download MP4")
    ));
  });
  actions.replaceChildren(...links);
}
function mp4Files() {
  const listed = rec && Array.isArray(rec.files) ? rec.files.filter((f) => /\.mp4$/.test(f)) : [];
  if (listed.length || rec && rec.state !== "finished") return listed;
  return [vod.replace(/index\.m3u8$/, "recording.mp4")];
}
var OVERLAYS = {
  loading: ["spinner", "Loading the replay\u2026"],
  error: ["alert", "The replay cannot be played"]
};
function setState(s, detail) {
  stage.dataset.state = s;
  if (s !== "ready") playBtn.hidden = true;
  againBtn.hidden = s !== "ended";
  const o = OVERLAYS[s];
  overlay.hidden = !o;
  if (!o) return;
  const [iconName, text] = o;
  const visual = iconName === "spinner" ? h("div", { class: "spinner" }) : icon(iconName, "icon icon-xl");
  const links = [];
  if (s === "error") {
    links.push(button("Try again", { cls: "btn btn-primary", iconName: "refresh", testid: "replay-retry", onclick: () => location.reload() }));
    for (const file of mp4Files().slice(0, 1)) links.push(h("a", { class: "btn btn-ghost", href: file, download: "" }, "Download MP4"));
  }
  overlay.replaceChildren(...[
    visual,
    h("div", { class: "overlay-title", "data-testid": `replay-${s}` }, text),
    detail ? h("div", { class: "overlay-detail", "data-testid": "replay-error-detail" }, detail) : null,
    links.length ? h("div", { class: "gate-actions" }, links) : null
  ].filter(Boolean));
}
setState("loading");
var failed = false;
function fail(detail) {
  if (failed) return;
  failed = true;
  console.warn("replay failed:", detail);
  setState("error", detail);
}
video.addEventListener("playing", () => setState("playing"));
video.addEventListener("pause", () => {
  if (!video.ended && !failed && stage.dataset.state !== "ready") setState("paused");
});
video.addEventListener("ended", () => setState("ended"));
video.addEventListener("seeking", () => {
  if (stage.dataset.state === "ended") setState("paused");
});
function play() {
  const p = video.play();
  if (p && typeof p.catch === "function") {
    p.catch((err) => {
      if (err && err.name === "NotAllowedError") {
        setState("ready");
        playBtn.hidden = false;
      } else if (err && err.name !== "AbortError") {
        console.warn("play() failed:", err.message);
      }
    });
  }
}
function chooseEngine() {
  const forced = query.get("engine");
  if (ENGINES.includes(forced)) return forced;
  const nativeHls = !!video.canPlayType(HLS_MIME);
  const brands = navigator.userAgentData && navigator.userAgentData.brands || [];
  const chromium = brands.some((b) => /Chromium/i.test(b.brand));
  let mse = false;
  try {
    const MS = window.MediaSource || window.ManagedMediaSource;
    mse = !!MS && MS.isTypeSupported(MSE_TYPE);
  } catch {
    mse = false;
  }
  if (nativeHls && !chromium) return "native";
  if (mse) return "hlsjs";
  if (nativeHls) return "native";
  return "mp4";
}
var MEDIA_ERR = ["", "aborted", "network error", "cannot decode", "format not supported"];
video.addEventListener("error", () => {
  if (replay.engine === "hlsjs") return;
  const e = video.error;
  fail(e ? `${MEDIA_ERR[e.code] || "error"}${e.message ? `: ${e.message}` : ""}` : "the video failed");
});
function attachSrc(src) {
  video.src = src;
  play();
}
async function attachHlsjs() {
  let Hls;
  try {
    ({ default: Hls } = await import("./chunk-B5VUE5KQ.js"));
  } catch (err) {
    fail(`loading hls.js failed: ${err.message}`);
    return;
  }
  if (!Hls.isSupported()) {
    fail("This browser cannot play HLS.");
    return;
  }
  const hls = new Hls({ enableWorker: false, startPosition: 0 });
  replay.hls = hls;
  let recovered = false;
  hls.on(Hls.Events.ERROR, (_event, data) => {
    if (!data.fatal) return;
    if (data.type === Hls.ErrorTypes.MEDIA_ERROR && !recovered) {
      recovered = true;
      hls.recoverMediaError();
      return;
    }
    const status = data.response && data.response.code;
    fail(status === 404 ? "This recording is not on the server (any more)." : `hls.js ${data.type}: ${data.details}${status ? ` (HTTP ${status})` : ""}`);
    hls.destroy();
  });
  hls.on(Hls.Events.MANIFEST_PARSED, () => play());
  hls.loadSource(absoluteUrl(vod));
  hls.attachMedia(video);
}
var replay = { video, engine: chooseEngine(), hls: null };
window.__liveroomReplay = replay;
if (replay.engine === "hlsjs") await attachHlsjs();
else if (replay.engine === "native") attachSrc(vod);
else attachSrc(mp4Files()[0]);
renderInfo();
await restoreSession();
try {
  rec = (await listRecordings({ streamID: target.streamID, limit: 200 })).find((r) => r.id === target.id) || null;
} catch (err) {
  console.warn("recordings:", errorText(err));
}
if (rec) {
  try {
    room = await getRoom(rec.roomID);
  } catch {
    room = null;
  }
}
renderInfo();
window.__liveroomDemoReady = true;
