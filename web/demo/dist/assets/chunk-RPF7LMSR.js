/* liveroom demo. Built by web/demo/build.mjs from web/demo/src; do not edit. */
import {
  SDKAPPID,
  api,
  avatarImg,
  colorOf,
  h,
  icon,
  pageUrl
} from "./chunk-CFZER32E.js";

// src/replays.js
function listRecordings({ roomID, streamID, limit = 50 } = {}) {
  const q = new URLSearchParams({ limit: String(limit) });
  if (roomID) q.set("roomID", roomID);
  if (streamID) q.set("streamID", streamID);
  return api(`/api/recordings?${q}`).then((d) => d.recordings || []);
}
var finished = (recordings) => recordings.filter((r) => r.state === "finished" && r.playlist);
function parsePlaylist(path) {
  const m = /^\/vod\/(\d+)\/([^/?#]+)\/([^/?#]+)\/index\.m3u8$/.exec(path || "");
  if (!m) return null;
  try {
    return { sdkappid: Number(m[1]), streamID: decodeURIComponent(m[2]), id: decodeURIComponent(m[3]) };
  } catch {
    return null;
  }
}
function anchorOf(streamID, roomID) {
  const prefix = `${SDKAPPID}_${roomID}_`;
  if (!streamID || !streamID.startsWith(prefix)) return "";
  return streamID.slice(prefix.length).replace(/_(main|aux)$/, "");
}
function lengthText(seconds) {
  const s = Math.max(0, Math.floor(Number(seconds) || 0));
  const hh = Math.floor(s / 3600);
  const mm = Math.floor(s % 3600 / 60);
  const ss = String(s % 60).padStart(2, "0");
  return hh ? `${hh}:${String(mm).padStart(2, "0")}:${ss}` : `${mm}:${ss}`;
}
var SHORT = { month: "short", day: "numeric", hour: "2-digit", minute: "2-digit" };
function dateText(unixSeconds) {
  const d = new Date(unixSeconds * 1e3);
  const opts = d.getFullYear() === (/* @__PURE__ */ new Date()).getFullYear() ? SHORT : { ...SHORT, year: "numeric" };
  return d.toLocaleString(void 0, opts);
}
var fullDateText = (unixSeconds) => new Date(unixSeconds * 1e3).toLocaleString(void 0, { dateStyle: "full", timeStyle: "short" });
var replayUrl = (rec, title) => pageUrl("/replay.html", { vod: rec.playlist, title });
function replayCard(rec, title) {
  const anchor = anchorOf(rec.streamID, rec.roomID);
  return h(
    "a",
    {
      class: "room-card replay-card",
      href: replayUrl(rec, title),
      "data-testid": "replay-card",
      "data-id": rec.id,
      "data-room": rec.roomID,
      "data-stream": rec.streamID,
      title: `${title || `Room ${rec.roomID}`} \u2014 ${fullDateText(rec.startedAt)}`
    },
    h(
      "div",
      { class: "room-cover", style: `--c:${colorOf(rec.roomID + anchor)}` },
      h("span", { class: "replay-mark" }, icon("play")),
      h("span", { class: "badge badge-length", "data-testid": "replay-length" }, lengthText(rec.durationSecs))
    ),
    h(
      "div",
      { class: "room-info" },
      avatarImg("", anchor || rec.roomID, "avatar avatar-sm"),
      h(
        "div",
        { class: "room-text" },
        h("div", { class: "room-title", "data-testid": "replay-title" }, title || `Room ${rec.roomID}`),
        h(
          "div",
          { class: "muted" },
          h("span", { "data-testid": "replay-date", "data-started": String(rec.startedAt) }, dateText(rec.startedAt)),
          ` \xB7 #${rec.roomID}`
        )
      )
    )
  );
}

export {
  listRecordings,
  finished,
  parsePlaylist,
  anchorOf,
  lengthText,
  dateText,
  fullDateText,
  replayCard
};
