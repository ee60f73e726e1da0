/* liveroom demo. Built by web/demo/build.mjs from web/demo/src; do not edit. */
import {
  createChat,
  qrSvg
} from "./chunk-CF7OLQK5.js";
import {
  EVENT,
  RESOLUTIONS,
  SDKAPPID,
  TWebLive,
  absoluteUrl,
  app,
  button,
  copyText,
  createDirectoryRoom,
  deleteDirectoryRoom,
  dialog,
  duration,
  errorText,
  field,
  getRoom,
  h,
  icon,
  mountHeader,
  openLogin,
  pageUrl,
  query,
  restoreSession,
  streamIdOf,
  toast,
  watchingBadge
} from "./chunk-CFZER32E.js";

// src/pusher.js
var POSTSCRIPT = "The live has ended. Thanks for watching!";
var root = document.getElementById("app");
var headerRoot = h("div");
var titleEl = h("div", { class: "page-title", "data-testid": "room-title" });
var main = h("main", { class: "studio-page" });
root.replaceChildren(headerRoot, main);
mountHeader(headerRoot, { center: titleEl });
function gate(iconName, title, text, actions = []) {
  main.replaceChildren(h(
    "section",
    { class: "gate card", "data-testid": "gate" },
    icon(iconName, "icon icon-xl"),
    h("h2", {}, title),
    h("p", { class: "muted" }, text),
    h("div", { class: "gate-actions" }, actions)
  ));
}
async function ensureSignedIn() {
  if (await restoreSession()) return;
  await new Promise((resolve) => {
    const ask = async () => {
      if (await openLogin("Sign in to go live.")) resolve();
    };
    gate("broadcast", "Sign in to go live", "Your user ID becomes the anchor of the room.", [
      button("Sign in", { cls: "btn btn-primary", iconName: "user", testid: "gate-login", onclick: ask }),
      h("a", { class: "btn btn-ghost", href: pageUrl("/") }, "Back to the live list")
    ]);
    ask();
  });
}
async function ensureRoom() {
  let roomID2 = query.get("room");
  if (!roomID2) {
    const room3 = await new Promise((resolve) => {
      const titleInput = h("input", { class: "input", "data-testid": "create-room-title", maxlength: "60", value: `${app.nick}'s live` });
      const error = h("div", { class: "dialog-error", hidden: true });
      const submit = button("Create room", {
        cls: "btn btn-primary",
        testid: "create-room-submit",
        type: "submit",
        onclick: async (e) => {
          e.preventDefault();
          error.hidden = true;
          const title = titleInput.value.trim();
          if (!title) {
            error.textContent = "Give your room a title.";
            error.hidden = false;
            return;
          }
          submit.disabled = true;
          try {
            resolve(await createDirectoryRoom(app.session, title));
          } catch (err) {
            error.textContent = errorText(err);
            error.hidden = false;
          } finally {
            submit.disabled = false;
          }
        }
      });
      main.replaceChildren(h(
        "form",
        { class: "gate card", "data-testid": "create-room-dialog", onsubmit: (e) => e.preventDefault() },
        icon("broadcast", "icon icon-xl"),
        h("h2", {}, "Create your live room"),
        h("p", { class: "muted" }, "Viewers see the title in the live list."),
        field("Title", titleInput),
        error,
        h("div", { class: "gate-actions" }, submit)
      ));
    });
    roomID2 = room3.roomId;
    history.replaceState(null, "", pageUrl("/pusher.html", { room: roomID2 }));
    return room3;
  }
  let room2;
  try {
    room2 = await getRoom(roomID2);
  } catch (err) {
    gate("alert", "Room not found", `Room #${roomID2}: ${errorText(err)}`, [h("a", { class: "btn btn-primary", href: pageUrl("/") }, "Back to the live list")]);
    throw err;
  }
  if (room2.anchorId !== app.userID) {
    gate("alert", "This is not your room", `Room #${roomID2} belongs to ${room2.anchorId}. You can watch it, or start your own room.`, [
      h("a", { class: "btn btn-primary", href: pageUrl("/player.html", { room: roomID2, anchor: room2.anchorId, title: room2.title }) }, "Watch it"),
      h("a", { class: "btn btn-ghost", href: pageUrl("/") }, "Back to the live list")
    ]);
    throw new Error("not the owner");
  }
  return room2;
}
await ensureSignedIn();
var room = await ensureRoom();
var roomID = String(room.roomId);
var me = app.userID;
titleEl.replaceChildren(h("span", { class: "dot-live idle" }), h("b", {}, room.title || `Room ${roomID}`), h("span", { class: "muted" }, ` #${roomID}`));
document.title = `${room.title || roomID} \u2014 Go live \u2014 liveroom`;
var viewerLink = absoluteUrl(pageUrl("/player.html", { room: roomID, anchor: me, title: room.title }));
var cdnLink = absoluteUrl(pageUrl("/player.html", { room: roomID, anchor: me, title: room.title, mode: "cdn" }));
var preview = h("div", { id: "preview", class: "video-box", "data-testid": "preview" });
var cameraOff = h("div", { class: "stage-overlay camera-off", hidden: true, "data-testid": "camera-off" }, icon("camOff", "icon icon-xl"), h("span", {}, "Your camera is off"));
var stageMsg = h("div", { class: "stage-overlay stage-msg", hidden: true, "data-testid": "stage-message" });
var liveBadge = h("div", { class: "live-badge", "data-testid": "live-badge", hidden: true }, h("span", { class: "dot-live" }), "LIVE");
var elapsed = h("div", { class: "elapsed", "data-testid": "elapsed", hidden: true }, "00:00");
var watching = watchingBadge();
var stateBadge = h("div", { class: "state-badge", "data-testid": "push-state", "data-state": "idle" }, "Preview");
var quality = h("div", { class: "quality", "data-testid": "network-quality", title: "Upload quality", hidden: true }, h("i"), h("i"), h("i"), h("i"), h("i"));
var banner = h("div", { class: "stage-banner", "data-testid": "live-notice", hidden: true });
var resSelect = h(
  "select",
  { class: "select", "data-testid": "resolution-select", "aria-label": "Resolution" },
  RESOLUTIONS.map((r) => h("option", { value: r.id }, `${r.label} \xB7 ${r.detail}`))
);
resSelect.value = RESOLUTIONS.some((r) => r.id === query.get("resolution")) ? query.get("resolution") : "720p";
var micBtn = h("button", { class: "round-btn", type: "button", "data-testid": "toggle-mic", "aria-pressed": "true", title: "Microphone" }, icon("mic"));
var camBtn = h("button", { class: "round-btn", type: "button", "data-testid": "toggle-camera", "aria-pressed": "true", title: "Camera" }, icon("cam"));
var shareBtn = button("", { cls: "round-btn share-btn", iconName: "share", testid: "share-button", title: "Invite viewers", onclick: () => shareDialog() });
var startBtn = button("Start live", { cls: "btn btn-live", iconName: "broadcast", testid: "start-push" });
var stopBtn = button("End live", { cls: "btn btn-danger", iconName: "close", testid: "stop-push" });
stopBtn.hidden = true;
var shareInput = h("input", { class: "input share-input", readonly: true, "data-testid": "share-link", value: viewerLink });
var qrBox = h("div", { class: "qr", "data-testid": "share-qr", html: qrSvg(viewerLink) });
var sharePanel = h(
  "section",
  { class: "card share", "data-testid": "share-panel" },
  h(
    "div",
    { class: "share-text" },
    h("h3", {}, icon("share"), "Invite viewers"),
    h("p", { class: "muted" }, "Send this link or let them scan the code. It opens the low-latency WebRTC player; the CDN (HLS / FLV) player is one tap away."),
    h(
      "div",
      { class: "share-row" },
      shareInput,
      button("Copy", { cls: "btn btn-ghost", iconName: "copy", testid: "copy-link", onclick: async () => toast(await copyText(viewerLink) ? "Link copied" : "Copy failed \u2014 select the link") })
    ),
    h(
      "div",
      { class: "share-links" },
      h("a", { href: viewerLink, target: "_blank", rel: "noopener", "data-testid": "open-viewer" }, "Open the player"),
      h("a", { href: cdnLink, target: "_blank", rel: "noopener", "data-testid": "open-cdn-viewer" }, "CDN player (HLS / FLV)"),
      button("Close room", { cls: "link-btn danger", testid: "close-room", onclick: () => closeRoom() })
    )
  ),
  qrBox
);
var chat = createChat({ roomID });
var stage = h(
  "section",
  { class: "stage" },
  preview,
  cameraOff,
  stageMsg,
  chat.likeLayer,
  banner,
  h("div", { class: "stage-top" }, h("div", { class: "stage-left" }, liveBadge, elapsed, watching.el), h("div", { class: "stage-right" }, quality, stateBadge)),
  h(
    "div",
    { class: "controls" },
    h("div", { class: "controls-group" }, micBtn, camBtn, h("div", { class: "select-wrap" }, icon("settings"), resSelect), shareBtn),
    h("div", { class: "controls-group" }, startBtn, stopBtn)
  )
);
main.replaceChildren(h("div", { class: "watch-layout" }, h("div", { class: "watch-main" }, stage, sharePanel), chat.el));
app.im.on(EVENT.IM_MEMBER_COUNT_CHANGED, ({ data }) => {
  if (data.roomID !== roomID) return;
  const viewers = Math.max(0, data.count - 1);
  watching.set(viewers);
  chat.setWatching(viewers);
});
try {
  await app.im.enterRoom(roomID);
} catch (err) {
  toast(`Chat unavailable: ${errorText(err)}`, "error");
}
var pusher = TWebLive.createPusher({ userID: me });
window.__liveroomPusher = pusher;
pusher.setLogLevel(1);
var pushing = false;
var startedAt = 0;
var timer = null;
var micOn = true;
var camOn = true;
function setState(state, text) {
  stateBadge.dataset.state = state;
  stateBadge.textContent = text;
}
function showStageMessage(text, iconName = "alert") {
  stageMsg.hidden = !text;
  if (text) stageMsg.replaceChildren(icon(iconName, "icon icon-xl"), h("span", {}, text));
}
pusher.on(EVENT.RTC_CONNECTION_STATE_CHANGED, ({ data }) => {
  if (!pushing) return;
  if (data.state === "CONNECTED") setState("live", "Connected");
  else if (data.state === "CONNECTING") setState("connecting", "Connecting\u2026");
  else if (data.state === "RECONNECTING") setState("reconnecting", "Reconnecting\u2026");
  else if (data.state === "DISCONNECTED") setState("idle", "Disconnected");
});
pusher.on(EVENT.RTC_NETWORK_QUALITY, ({ data }) => {
  const q = data.uplinkNetworkQuality;
  quality.hidden = !pushing || !q;
  const bars = q >= 6 ? 0 : Math.max(0, 6 - q);
  quality.dataset.level = String(q);
  [...quality.children].forEach((b, i) => b.classList.toggle("on", i < bars));
});
pusher.on(EVENT.RTC_CLIENT_BANNED, () => {
  toast("You went live from another page, so this one stopped.", "error", 6e3);
  afterStopped(false);
});
pusher.on(EVENT.RTC_CLIENT_ERROR, ({ data }) => console.warn("pusher error", data));
async function openPreview() {
  showStageMessage("");
  preview.classList.add("loading");
  try {
    await pusher.setRenderView({ elementID: "preview", audio: true, video: resSelect.value });
    micOn = true;
    camOn = true;
    renderToggles();
    return true;
  } catch (err) {
    const denied = err && (err.name === "NotAllowedError" || err.name === "SecurityError");
    showStageMessage(denied ? "Allow camera and microphone access to go live." : `Camera unavailable: ${err.message || err.name}`);
    return false;
  } finally {
    preview.classList.remove("loading");
  }
}
function renderToggles() {
  micBtn.replaceChildren(icon(micOn ? "mic" : "micOff"));
  camBtn.replaceChildren(icon(camOn ? "cam" : "camOff"));
  micBtn.setAttribute("aria-pressed", String(micOn));
  camBtn.setAttribute("aria-pressed", String(camOn));
  micBtn.classList.toggle("off", !micOn);
  camBtn.classList.toggle("off", !camOn);
  micBtn.title = micOn ? "Mute microphone" : "Unmute microphone";
  camBtn.title = camOn ? "Turn camera off" : "Turn camera on";
  cameraOff.hidden = camOn;
}
micBtn.addEventListener("click", async () => {
  try {
    if (micOn) await pusher.stopMicrophone();
    else await pusher.startMicrophone();
    micOn = !micOn;
    renderToggles();
    toast(micOn ? "Microphone on" : "Microphone muted");
  } catch (err) {
    toast(`Microphone: ${err.message}`, "error");
  }
});
camBtn.addEventListener("click", async () => {
  camBtn.disabled = true;
  try {
    if (camOn) await pusher.stopCamera();
    else await pusher.startCamera();
    camOn = !camOn;
    renderToggles();
  } catch (err) {
    toast(`Camera: ${err.message}`, "error");
  } finally {
    camBtn.disabled = false;
  }
});
resSelect.addEventListener("change", () => {
  if (!pushing) openPreview();
});
function tick() {
  elapsed.textContent = duration(Date.now() - startedAt);
}
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
startBtn.addEventListener("click", async () => {
  if (pushing) return;
  startBtn.disabled = true;
  resSelect.disabled = true;
  setState("connecting", "Connecting\u2026");
  try {
    if (!document.querySelector("#preview video") && !await openPreview()) throw new Error("no camera");
    const url = `room://livedomainname=${location.host}&sdkappid=${SDKAPPID}&roomid=${roomID}&userid=${me}&usersig=${app.session.userSig}&streamid=${streamIdOf(roomID, me)}`;
    pushing = true;
    await pusher.startPush(url);
    startedAt = Date.now();
    tick();
    timer = setInterval(tick, 1e3);
    liveBadge.hidden = false;
    elapsed.hidden = false;
    startBtn.hidden = true;
    stopBtn.hidden = false;
    document.body.classList.add("is-live");
    titleEl.querySelector(".dot-live").classList.remove("idle");
    setState("live", "Live");
    showBanner("You are live! Share the link so people can watch.");
    app.im.sendCustomMessage({ roomID, data: "startPush", description: `${app.nick} started the live`, extension: "" }).catch((err) => console.warn("startPush notice:", err.message));
  } catch (err) {
    pushing = false;
    setState("error", "Not live");
    if (err.message !== "no camera") toast(`Could not go live: ${errorText(err)}`, "error", 6e3);
    resSelect.disabled = false;
  } finally {
    startBtn.disabled = false;
  }
});
async function afterStopped(notify) {
  pushing = false;
  clearInterval(timer);
  liveBadge.hidden = true;
  elapsed.hidden = true;
  quality.hidden = true;
  stopBtn.hidden = true;
  startBtn.hidden = false;
  resSelect.disabled = false;
  document.body.classList.remove("is-live");
  titleEl.querySelector(".dot-live").classList.add("idle");
  setState("idle", "Preview");
  if (notify) {
    try {
      await app.im.stopPush({ roomID, postscript: POSTSCRIPT });
    } catch (err) {
      console.warn("IM stopPush:", err.message);
    }
  }
  await openPreview();
}
stopBtn.addEventListener("click", async () => {
  stopBtn.disabled = true;
  try {
    await pusher.stopPush();
    toast(`Live ended after ${elapsed.textContent}`);
    await afterStopped(true);
  } finally {
    stopBtn.disabled = false;
  }
});
function shareDialog() {
  dialog({
    title: "Invite viewers",
    subtitle: "Scan the code or send the link.",
    testid: "share-dialog",
    body: h(
      "div",
      { class: "share-dialog" },
      h("div", { class: "qr", html: qrSvg(viewerLink) }),
      h("input", { class: "input", readonly: true, value: viewerLink })
    ),
    actions: [{ label: "Copy link", primary: true, onclick: async () => {
      toast(await copyText(viewerLink) ? "Link copied" : "Copy failed");
    } }]
  });
}
async function closeRoom() {
  const ok = await dialog({
    title: "Close this room?",
    subtitle: "It leaves the live list and viewers are sent away.",
    body: h("p", { class: "muted" }, `Room #${roomID} \u201C${room.title}\u201D`),
    actions: [{ label: "Keep it" }, { label: "Close room", primary: true, testid: "close-room-confirm", value: true }]
  });
  if (!ok) return;
  if (pushing) {
    await pusher.stopPush();
    await app.im.stopPush({ roomID, postscript: POSTSCRIPT }).catch(() => {
    });
    pushing = false;
  }
  try {
    await deleteDirectoryRoom(app.session, roomID);
  } catch (err) {
    toast(`Could not close the room: ${errorText(err)}`, "error");
    return;
  }
  location.href = pageUrl("/");
}
window.addEventListener("beforeunload", (e) => {
  if (pushing) {
    e.preventDefault();
    e.returnValue = "";
  }
});
app.on(() => {
  if (!app.session) {
    if (pushing) pusher.stopPush();
    pushing = false;
    location.href = pageUrl("/");
  }
});
renderToggles();
await openPreview();
window.__liveroomDemoReady = true;
