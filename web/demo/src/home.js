// Home: the live list (room directory) and "go live" (creates a room for the signed-in user).

import {
  app, h, icon, button, avatarImg, dialog, field, toast, listRooms, createDirectoryRoom,
  restoreSession, pageUrl, colorOf, compact, errorText, SDKAPPID, DEFAULT_SDKAPPID,
} from './common.js';
import { mountHeader, openLogin } from './header.js';

const REFRESH_MS = 10000;

const root = document.getElementById('app');
const headerRoot = h('div');
const grid = h('div', { class: 'room-grid', 'data-testid': 'room-list', 'aria-busy': 'true' });
const status = h('div', { class: 'list-status' });
const goLive = button('Go live', { cls: 'btn btn-primary btn-lg', iconName: 'broadcast', testid: 'go-live', onclick: () => startLive() });
const refresh = button('', { cls: 'icon-btn', iconName: 'refresh', testid: 'refresh-rooms', title: 'Refresh', onclick: () => load(true) });

root.replaceChildren(headerRoot, h('main', { class: 'home' },
  h('section', { class: 'hero' },
    h('div', { class: 'hero-text' },
      h('span', { class: 'eyebrow' }, h('span', { class: 'dot-live' }), 'Sub-second live video'),
      h('h1', {}, 'Go live in seconds. Watch with friends.'),
      h('p', { class: 'lead' }, 'Stream from your camera over WebRTC, chat and send likes in real time. Viewers watch with under a second of delay, or through HLS / FLV.'),
      h('div', { class: 'hero-actions' }, goLive,
        SDKAPPID !== DEFAULT_SDKAPPID ? h('span', { class: 'pill', 'data-testid': 'sdkappid-badge' }, `SDKAppID ${SDKAPPID}`) : null)),
    h('div', { class: 'hero-art', 'aria-hidden': 'true' },
      h('div', { class: 'art-screen' }, h('div', { class: 'art-live' }, h('span', { class: 'dot-live' }), 'LIVE'),
        h('div', { class: 'art-hearts' }, icon('heart'), icon('heart'), icon('heart'))),
      h('div', { class: 'art-chat' }, h('i'), h('i'), h('i')))),
  h('section', { class: 'list-section' },
    h('div', { class: 'section-head' }, h('h2', {}, 'Live rooms'), refresh),
    status,
    grid)));
mountHeader(headerRoot);

/**
 * A room of the live list: a cover (coverMedia, statusBadge, viewersBadge) over its info.
 * Each part reads the room on its own, so the directory's coming fields slot in where they
 * belong: a `live` flag in statusBadge (and the list's order), a stream thumbnail in
 * coverMedia (an <img> over the letter cover, which stays as its fallback).
 */
function card(room) {
  const mine = !!app.userID && room.anchorId === app.userID;
  const href = mine ? pageUrl('/pusher.html', { room: room.roomId }) : pageUrl('/player.html', { room: room.roomId, anchor: room.anchorId, title: room.title });
  return h('a', { class: 'room-card', href, 'data-testid': 'room-card', 'data-room': room.roomId, 'data-anchor': room.anchorId },
    h('div', { class: 'room-cover', style: `--c:${colorOf(room.roomId + room.anchorId)}` },
      coverMedia(room), statusBadge(room, mine), viewersBadge(room)),
    h('div', { class: 'room-info' },
      avatarImg(room.avatar, room.anchorId, 'avatar avatar-sm'),
      h('div', { class: 'room-text' },
        h('div', { class: 'room-title', 'data-testid': 'room-title' }, room.title || `Room ${room.roomId}`),
        h('div', { class: 'muted' }, `${room.anchorId} · #${room.roomId}`))));
}

/** What fills the cover: the anchor's avatar, else the title's first letter. */
function coverMedia(room) {
  return room.avatar
    ? avatarImg(room.avatar, room.anchorId, 'cover-avatar')
    : h('span', { class: 'cover-letter' }, (room.title || room.anchorId || '?').trim().slice(0, 1).toUpperCase());
}

/** The badge in the cover's corner: whose room it is. */
function statusBadge(room, mine) {
  return h('span', { class: 'badge badge-live', 'data-testid': 'room-status' }, h('span', { class: 'dot-live' }), mine ? 'Your room' : 'Live room');
}

function viewersBadge(room) {
  return h('span', { class: 'badge badge-viewers', 'data-testid': 'room-members' }, icon('eye'), compact(room.memberCount || 0));
}

let loading = false;
async function load(manual) {
  if (loading) return;
  loading = true;
  refresh.classList.add('spin');
  try {
    const rooms = await listRooms();
    grid.replaceChildren(...rooms.map(card));
    status.replaceChildren();
    if (!rooms.length) {
      status.replaceChildren(h('div', { class: 'empty', 'data-testid': 'empty-rooms' },
        icon('broadcast', 'icon icon-xl'), h('h3', {}, 'Nobody is live right now'), h('p', { class: 'muted' }, 'Be the first: press “Go live” and start your own room.')));
    }
    if (manual) toast(`${rooms.length} room${rooms.length === 1 ? '' : 's'}`);
  } catch (err) {
    status.replaceChildren(h('div', { class: 'empty error', 'data-testid': 'rooms-error' }, icon('alert', 'icon icon-xl'), h('h3', {}, 'Could not load the rooms'), h('p', { class: 'muted' }, errorText(err))));
  } finally {
    loading = false;
    grid.setAttribute('aria-busy', 'false');
    refresh.classList.remove('spin');
  }
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
await load(false);
setInterval(() => {
  if (!document.hidden) load(false);
}, REFRESH_MS);
