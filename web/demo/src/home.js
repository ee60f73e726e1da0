// Home: the live list (room directory), the replays (finished recordings) and "go live"
// (creates a room for the signed-in user).

import {
  app, h, icon, button, avatarImg, dialog, field, toast, listRooms, createDirectoryRoom,
  restoreSession, pageUrl, colorOf, compact, errorText, getRoom, SDKAPPID, DEFAULT_SDKAPPID,
} from './common.js';
import { mountHeader, openLogin } from './header.js';
import { listRecordings, finished, replayCard } from './replays.js';

const REFRESH_MS = 10000; // the list
const THUMB_MS = 6000; // the live rooms' thumbnails (liveroom serves each one for 2–3 s)
const PAGE = 24; // rooms per "Show more"
const REPLAYS = 20; // finished recordings shown
const REPLAYS_MS = 30000; // the replays (a recording finishes some seconds after its live)

const root = document.getElementById('app');
const headerRoot = h('div');
const status = h('div', { class: 'list-status' });
const goLive = button('Go live', { cls: 'btn btn-primary btn-lg', iconName: 'broadcast', testid: 'go-live', onclick: () => startLive() });
const refresh = button('', { cls: 'icon-btn', iconName: 'refresh', testid: 'refresh-rooms', title: 'Refresh', onclick: () => { load(true); loadReplays(); } });

/**
 * One part of the list, fetched on its own (`GET /api/rooms?live=true|false`): the live
 * rooms (the fullest first) or the others (the newest first). `want` rooms are shown
 * (a page more with each "Show more"); each refresh asks for them again from the start.
 */
function section(live) {
  const s = {
    want: PAGE,
    cards: new Map(), // roomId -> card element (kept across refreshes while unchanged)
    grid: h('div', { class: 'room-grid', 'data-testid': live ? 'live-rooms' : 'idle-rooms' }),
    count: h('span', { class: 'pill section-count', 'data-testid': live ? 'live-count' : 'idle-count' }, '0'),
    more: button('Show more', {
      cls: 'btn btn-sm more-rooms',
      testid: live ? 'more-live' : 'more-idle',
      onclick: () => { s.want += PAGE; load(false); },
    }),
  };
  s.more.hidden = true;
  return s;
}
const liveRooms = section(true);
const idleRooms = section(false);
liveRooms.empty = h('div', { class: 'empty', 'data-testid': 'empty-rooms', hidden: true },
  icon('broadcast', 'icon icon-xl'), h('h3', {}, 'Nobody is live right now'), h('p', { class: 'muted' }, 'Be the first: press “Go live” and start your own room.'));
const idleBlock = h('section', { class: 'list-section idle-section', 'data-testid': 'idle-section', hidden: true },
  h('div', { class: 'section-head' }, h('h2', {}, 'Not live now', idleRooms.count)),
  h('p', { class: 'muted section-note' }, 'Rooms where nobody streams at the moment. Open one to wait for its anchor and chat.'),
  idleRooms.grid, h('div', { class: 'more-row' }, idleRooms.more));
const liveDot = h('span', { class: 'dot-live idle' });
const list = h('div', { class: 'room-lists', 'data-testid': 'room-list', 'aria-busy': 'true' },
  h('section', { class: 'list-section live-section', 'data-testid': 'live-section' },
    h('div', { class: 'section-head' }, h('h2', {}, liveDot, 'Live now', liveRooms.count), refresh),
    status, liveRooms.empty, liveRooms.grid, h('div', { class: 'more-row' }, liveRooms.more)),
  idleBlock);

// Replays: the app's finished recordings, newest first, in one row. Hidden when there are
// none, and when the server does not record (its listing answers an error).
const replays = {
  row: h('div', { class: 'replay-row', 'data-testid': 'replays' }),
  count: h('span', { class: 'pill section-count', 'data-testid': 'replays-count' }, '0'),
  key: '',
};
const replaysBlock = h('section', { class: 'list-section replays-section', 'data-testid': 'replays-section', 'aria-busy': 'true', hidden: true },
  h('div', { class: 'section-head' }, h('h2', {}, icon('play', 'icon section-icon'), 'Replays', replays.count)),
  h('p', { class: 'muted section-note' }, 'Recorded lives, the newest first. Pick one to watch it from the start, or skip ahead.'),
  replays.row);
list.append(replaysBlock);

root.replaceChildren(headerRoot, h('main', { class: 'home' },
  h('section', { class: 'hero' },
    h('div', { class: 'hero-text' },
      h('span', { class: 'eyebrow' }, h('span', { class: 'dot-live' }), 'Sub-second live video'),
      h('h1', {}, 'Go live in seconds. Watch with friends.'),
      h('p', { class: 'lead' }, 'Stream from your camera over WebRTC, chat and send likes in real time. Viewers watch with under a second of delay, or through HLS / FLV.'),
      h('div', { class: 'hero-actions' }, goLive,
        h('a', { class: 'btn btn-lg btn-ghost conn-link', href: pageUrl('/connection-test.html'), 'data-testid': 'connection-test-link' }, icon('wifi'), h('span', { class: 'btn-label' }, 'Connection test')),
        SDKAPPID !== DEFAULT_SDKAPPID ? h('span', { class: 'pill', 'data-testid': 'sdkappid-badge' }, `SDKAppID ${SDKAPPID}`) : null)),
    h('div', { class: 'hero-art', 'aria-hidden': 'true' },
      h('div', { class: 'art-screen' }, h('div', { class: 'art-live' }, h('span', { class: 'dot-live' }), 'LIVE'),
        h('div', { class: 'art-hearts' }, icon('heart'), icon('heart'), icon('heart'))),
      h('div', { class: 'art-chat' }, h('i'), h('i'), h('i')))),
  list));
mountHeader(headerRoot);

/**
 * A room of the live list: a cover (coverMedia, badges, membersBadge) over its info. A live
 * room's cover is its stream's thumbnail (over the generated cover, which shows while the
 * picture loads or if it fails) with a "LIVE" badge; an idle room has neither.
 * `card.update(room)` refreshes what may change in place (title, members, link).
 */
function card(room, mine) {
  const el = h('a', { class: 'room-card', 'data-testid': 'room-card', 'data-room': room.roomId, 'data-anchor': room.anchorId, 'data-live': String(!!room.live) });
  const title = h('div', { class: 'room-title', 'data-testid': 'room-title' });
  const members = membersBadge();
  const thumb = room.live && room.thumbnail ? thumbnail(room.thumbnail) : null;
  el.append(
    h('div', { class: 'room-cover', style: `--c:${colorOf(room.roomId + room.anchorId)}` },
      coverMedia(room), thumb, badges(room, mine), members),
    h('div', { class: 'room-info' },
      avatarImg(room.avatar, room.anchorId, 'avatar avatar-sm'),
      h('div', { class: 'room-text' }, title, h('div', { class: 'muted' }, `${room.anchorId} · #${room.roomId}`))));
  el.update = (r) => {
    el.href = mine ? pageUrl('/pusher.html', { room: r.roomId }) : pageUrl('/player.html', { room: r.roomId, anchor: r.anchorId, title: r.title });
    title.textContent = r.title || `Room ${r.roomId}`;
    members.set(r.memberCount || 0, !!r.live);
  };
  el.refreshThumbnail = thumb ? thumb.refresh : () => {};
  el.update(room);
  return el;
}

/** What the cover shows under a thumbnail, or alone: the anchor's avatar, else the title's first letter. */
function coverMedia(room) {
  return room.avatar
    ? avatarImg(room.avatar, room.anchorId, 'cover-avatar')
    : h('span', { class: 'cover-letter' }, (room.title || room.anchorId || '?').trim().slice(0, 1).toUpperCase());
}

/**
 * The stream's thumbnail (`/live/<streamID>.jpg`, the latest keyframe): shown once loaded,
 * reloaded by `refresh()` with a fresh query (a new picture is fetched aside and swapped in
 * when it has loaded, so the cover never blinks, and a failed reload keeps the last one).
 * Until a picture loads (404 before the stream's first keyframe) the generated cover shows.
 */
function thumbnail(path) {
  const img = h('img', { class: 'cover-thumb', alt: '', 'data-testid': 'room-thumbnail', draggable: 'false', hidden: true });
  const url = () => `${path}${path.includes('?') ? '&' : '?'}t=${Date.now()}`;
  img.addEventListener('load', () => { img.hidden = false; });
  img.addEventListener('error', () => { if (!img.naturalWidth) img.hidden = true; });
  img.src = url();
  let pending = null;
  img.refresh = () => {
    if (pending) return;
    if (!img.naturalWidth) { img.src = url(); return; } // nothing shown yet: just try again
    pending = new Image();
    pending.onload = () => { img.src = pending.src; pending = null; };
    pending.onerror = () => { pending = null; };
    pending.src = url();
  };
  return img;
}

/** The cover's top-left badges: "LIVE" on a live room, "Your room" on the viewer's own. */
function badges(room, mine) {
  return h('div', { class: 'cover-badges' },
    room.live ? h('span', { class: 'badge badge-live', 'data-testid': 'room-live-badge' }, h('span', { class: 'dot-live' }), 'LIVE') : null,
    mine ? h('span', { class: 'badge badge-mine', 'data-testid': 'room-mine-badge' }, 'Your room') : null);
}

/**
 * How many are in the room: the server's `memberCount`, every session in the room, the
 * anchor's included (so it is not a viewer count). Hidden on an empty idle room.
 */
function membersBadge() {
  const text = h('span', {});
  const el = h('span', { class: 'badge badge-viewers', 'data-testid': 'room-members' }, icon('user'), text);
  el.set = (n, live) => {
    text.textContent = `${compact(n)} in the room`;
    el.title = `${n} ${n === 1 ? 'person' : 'people'} in the room now, the anchor included`;
    el.hidden = !live && n === 0;
  };
  return el;
}

/** `want` rooms of one kind, a page after another (`nextCursor`); {rooms, total, more}. */
async function fetchRooms(live, want) {
  const rooms = [];
  let cursor = null;
  let total = 0;
  do {
    const q = new URLSearchParams({ live: String(live), limit: String(Math.min(200, want - rooms.length)) });
    if (cursor !== null) q.set('cursor', String(cursor));
    const page = await listRooms(q);
    if (!page.rooms.length) break;
    rooms.push(...page.rooms);
    total = page.total;
    cursor = page.nextCursor ?? null;
  } while (cursor !== null && rooms.length < want);
  return { rooms, total, more: cursor !== null };
}

/** Room titles by room id: from the rooms listed, else asked once (null: the room is gone). */
const titles = new Map();

/** Shows `rooms` in section `s`, reusing the cards of rooms whose kind did not change. */
function render(s, { rooms, total, more }) {
  const cards = new Map();
  const els = rooms.map((room) => {
    titles.set(room.roomId, room.title || '');
    const mine = !!app.userID && room.anchorId === app.userID;
    const key = [room.roomId, !!room.live, mine, room.thumbnail || '', room.avatar || '', room.anchorId].join('\n');
    let el = s.cards.get(room.roomId);
    if (el && el.key === key) el.update(room);
    else {
      el = card(room, mine);
      el.key = key;
    }
    cards.set(room.roomId, el);
    return el;
  });
  s.cards = cards;
  s.grid.replaceChildren(...els);
  s.count.textContent = compact(total);
  s.more.hidden = !more;
}

let loading = null;
let again = false;
let toastDue = false; // a manual refresh ends with a toast of what it found
/** Fetches both sections and shows them; a call during a load runs once more after it. */
async function load(manual) {
  if (manual) toastDue = true;
  if (loading) {
    again = true;
    return loading;
  }
  loading = (async () => {
    refresh.classList.add('spin');
    try {
      do {
        again = false;
        try {
          const [live, idle] = await Promise.all([fetchRooms(true, liveRooms.want), fetchRooms(false, idleRooms.want)]);
          // The two answers may come from listings a moment apart: a room in both is live.
          const liveIds = new Set(live.rooms.map((r) => r.roomId));
          idle.rooms = idle.rooms.filter((r) => !liveIds.has(r.roomId));
          render(liveRooms, live);
          render(idleRooms, idle);
          liveRooms.empty.hidden = live.rooms.length > 0;
          liveDot.classList.toggle('idle', live.rooms.length === 0);
          idleBlock.hidden = idle.rooms.length === 0;
          status.replaceChildren();
          if (toastDue && !again) {
            toastDue = false;
            toast(`${live.total} live, ${idle.total} not live`);
          }
        } catch (err) {
          toastDue = false;
          status.replaceChildren(h('div', { class: 'empty error', 'data-testid': 'rooms-error' }, icon('alert', 'icon icon-xl'), h('h3', {}, 'Could not load the rooms'), h('p', { class: 'muted' }, errorText(err))));
        }
      } while (again);
    } finally {
      list.setAttribute('aria-busy', 'false');
      refresh.classList.remove('spin');
      loading = null;
    }
  })();
  return loading;
}

/** The titles of `roomIDs` not known yet (`GET /api/rooms/{id}`, each asked once). */
async function learnTitles(roomIDs) {
  const unknown = [...new Set(roomIDs)].filter((id) => !titles.has(id));
  await Promise.all(unknown.map((id) => getRoom(id).then(
    (room) => { titles.set(id, (room && room.title) || ''); },
    () => { titles.set(id, null); }, // closed or expired: "Room #id"
  )));
}

let replaysLoading = null;
/** Fetches the finished recordings and shows them (a failure hides the row, as none would). */
function loadReplays() {
  replaysLoading ??= (async () => {
    let recs = [];
    try {
      recs = finished(await listRecordings({ limit: 50 })).slice(0, REPLAYS);
      await learnTitles(recs.map((r) => r.roomID));
    } catch (err) {
      if (err.code === -1 && replays.key) return; // unreachable for a moment: keep what is shown
      recs = []; // recording is not configured on this server: no replays
    }
    const key = JSON.stringify(recs.map((r) => [r.id, r.streamID, titles.get(r.roomID) || '', r.durationSecs]));
    if (key !== replays.key) {
      replays.key = key;
      replays.row.replaceChildren(...recs.map((r) => replayCard(r, titles.get(r.roomID) || '')));
    }
    replays.count.textContent = compact(recs.length);
    replaysBlock.hidden = recs.length === 0;
    replaysBlock.setAttribute('aria-busy', 'false');
  })().finally(() => { replaysLoading = null; });
  return replaysLoading;
}

function refreshThumbnails() {
  for (const el of liveRooms.cards.values()) el.refreshThumbnail();
}

async function startLive() {
  if (!app.session && !(await openLogin('Sign in to start your own live room.'))) return;
  const titleInput = h('input', { class: 'input', 'data-testid': 'create-room-title', maxlength: '60', value: `${app.nick}'s live` });
  const room = await dialog({
    title: 'Create your live room',
    subtitle: 'Viewers see the title in the live list.',
    testid: 'create-room-dialog',
    body: field('Title', titleInput),
    actions: [
      { label: 'Cancel' },
      {
        label: 'Create room',
        primary: true,
        testid: 'create-room-submit',
        onclick: async () => {
          const title = titleInput.value.trim();
          if (!title) throw new Error('Give your room a title.');
          return createDirectoryRoom(app.session, title);
        },
      },
    ],
  });
  if (room && room.roomId) location.href = pageUrl('/pusher.html', { room: room.roomId });
}

let lastUser = app.userID;
app.on(() => {
  if (app.userID !== lastUser) {
    lastUser = app.userID;
    load(false);
  }
});
await restoreSession();
// The rooms first: their titles name the replays.
await load(false);
await loadReplays();
// The list keeps itself up to date while it is shown: a room that goes live or stops
// moves between the sections, and the live rooms' pictures follow their streams.
setInterval(() => {
  if (!document.hidden) load(false);
}, REFRESH_MS);
setInterval(() => {
  if (!document.hidden) refreshThumbnails();
}, THUMB_MS);
setInterval(() => {
  if (!document.hidden) loadReplays();
}, REPLAYS_MS);
document.addEventListener('visibilitychange', () => {
  if (!document.hidden) {
    load(false);
    loadReplays();
  }
});
window.__liveroomDemoReady = true;
