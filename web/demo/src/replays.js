// Replays: the app's recordings (`GET /api/recordings`, docs/http-api.md "Recordings"), as
// the live list shows them (replay cards) and as the replay page names them.

import { h, icon, api, avatarImg, colorOf, pageUrl, SDKAPPID } from './common.js';

/**
 * The app's recordings, newest first, as the server lists them (`roomID` / `streamID`
 * narrow the listing; `limit` at most 200). Rejects with the API's error, e.g. when
 * recording is not configured on the server.
 */
export function listRecordings({ roomID, streamID, limit = 50 } = {}) {
  const q = new URLSearchParams({ limit: String(limit) });
  if (roomID) q.set('roomID', roomID);
  if (streamID) q.set('streamID', streamID);
  return api(`/api/recordings?${q}`).then((d) => d.recordings || []);
}

/** Only the finished ones (not the recordings still being written, nor truncated ones). */
export const finished = (recordings) => recordings.filter((r) => r.state === 'finished' && r.playlist);

/**
 * A recording's playlist path, `/vod/<sdkappid>/<streamID>/<id>/index.m3u8`, taken apart;
 * null for anything else (the replay page plays recordings of this server only).
 */
export function parsePlaylist(path) {
  const m = /^\/vod\/(\d+)\/([^/?#]+)\/([^/?#]+)\/index\.m3u8$/.exec(path || '');
  if (!m) return null;
  try {
    return { sdkappid: Number(m[1]), streamID: decodeURIComponent(m[2]), id: decodeURIComponent(m[3]) };
  } catch {
    return null;
  }
}

/** The publisher of a room stream `<sdkappid>_<roomID>_<userID>_main` (else ''). */
export function anchorOf(streamID, roomID) {
  const prefix = `${SDKAPPID}_${roomID}_`;
  if (!streamID || !streamID.startsWith(prefix)) return '';
  return streamID.slice(prefix.length).replace(/_(main|aux)$/, '');
}

/** A length as m:ss (h:mm:ss from an hour on). */
export function lengthText(seconds) {
  const s = Math.max(0, Math.floor(Number(seconds) || 0));
  const hh = Math.floor(s / 3600);
  const mm = Math.floor((s % 3600) / 60);
  const ss = String(s % 60).padStart(2, '0');
  return hh ? `${hh}:${String(mm).padStart(2, '0')}:${ss}` : `${mm}:${ss}`;
}

const SHORT = { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' };
/** When a recording started, short ("Dec 8, 14:05"; with the year when not this one). */
export function dateText(unixSeconds) {
  const d = new Date(unixSeconds * 1000);
  const opts = d.getFullYear() === new Date().getFullYear() ? SHORT : { ...SHORT, year: 'numeric' };
  return d.toLocaleString(undefined, opts);
}

/** The full date, for titles. */
export const fullDateText = (unixSeconds) => new Date(unixSeconds * 1000).toLocaleString(undefined, { dateStyle: 'full', timeStyle: 'short' });

/** The replay page of a recording. */
export const replayUrl = (rec, title) => pageUrl('/replay.html', { vod: rec.playlist, title });

/**
 * A replay card (the room cards' look): a generated cover with a play mark and the length,
 * the room's title (`title`, else "Room #R"), the anchor, the room and the date.
 */
export function replayCard(rec, title) {
  const anchor = anchorOf(rec.streamID, rec.roomID);
  return h('a', {
    class: 'room-card replay-card', href: replayUrl(rec, title), 'data-testid': 'replay-card',
    'data-id': rec.id, 'data-room': rec.roomID, 'data-stream': rec.streamID,
    title: `${title || `Room ${rec.roomID}`} — ${fullDateText(rec.startedAt)}`,
  },
  h('div', { class: 'room-cover', style: `--c:${colorOf(rec.roomID + anchor)}` },
    h('span', { class: 'replay-mark' }, icon('play')),
    h('span', { class: 'badge badge-length', 'data-testid': 'replay-length' }, lengthText(rec.durationSecs))),
  h('div', { class: 'room-info' },
    avatarImg('', anchor || rec.roomID, 'avatar avatar-sm'),
    h('div', { class: 'room-text' },
      h('div', { class: 'room-title', 'data-testid': 'replay-title' }, title || `Room ${rec.roomID}`),
      h('div', { class: 'muted' }, h('span', { 'data-testid': 'replay-date', 'data-started': String(rec.startedAt) }, dateText(rec.startedAt)),
        ` · #${rec.roomID}`))));
}
