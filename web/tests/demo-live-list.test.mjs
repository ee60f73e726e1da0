// The live list tells the truth, on a PC (1280x800) and on a phone (390x844): with one room
// whose anchor is on the pusher page and one room nobody uses, the home page shows both
// as idle ("Not live now", no live badge, no picture); once the anchor goes live the room
// moves to the live section by itself (the list refreshes itself, no reload) with a "LIVE"
// badge and its stream's thumbnail (/live/<stream>.jpg, loaded, refreshed every few
// seconds) while the other stays idle; once the anchor stops it moves back. The member
// count shown is the server's memberCount ("N in the room", the anchor included). On the
// phone nothing scrolls sideways. Screenshots of the list go to test-artifacts/.

import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';

import { userSig } from '../sdk/testing/helpers.mjs';
import {
  demoSuite, openPage, tid, signInThroughDialog, demoReady, poll, ARTIFACTS, SDKAPPID, PC, PHONE,
} from './demo-server.mjs';

const SIZES = { pc: PC, mobile: PHONE };

const env = demoSuite();
before(async () => { await env.ready; });

/** A room made through the HTTP API by `userID`, nobody in it. */
async function createIdleRoom(userID, title) {
  const sig = await userSig(env.server.addr, userID);
  const res = await fetch(`http://${env.server.addr}/api/rooms?sdkappid=${SDKAPPID}&identifier=${userID}&usersig=${encodeURIComponent(sig)}`, {
    method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ title }),
  });
  const body = await res.json();
  assert.equal(res.status, 201, JSON.stringify(body));
  return body.roomId;
}

/** The room as the API lists it (memberCount, live). */
async function apiRoom(roomID) {
  const res = await fetch(`http://${env.server.addr}/api/rooms/${roomID}?sdkappid=${SDKAPPID}`);
  return (await res.json()).room;
}

/**
 * What the home page shows of a room: in which section its card is, the texts of its
 * badges, the live badge's, its cover picture (the first <img> over the cover whose src is
 * not a data: URL, i.e. not the generated avatar) and the member count.
 */
function shown(page, roomID) {
  return page.evaluate((id) => {
    const cards = [...document.querySelectorAll(`[data-testid="room-card"][data-room="${id}"]`)];
    if (cards.length !== 1) return { cards: cards.length };
    const card = cards[0];
    const section = card.closest('[data-testid="live-rooms"]') ? 'live' : card.closest('[data-testid="idle-rooms"]') ? 'idle' : 'none';
    const badges = [...card.querySelectorAll('.badge')].filter((b) => b.offsetParent !== null).map((b) => b.textContent.trim());
    const img = [...card.querySelectorAll('.room-cover img')].find((i) => !i.src.startsWith('data:')) || null;
    const members = card.querySelector('[data-testid="room-members"]');
    return {
      cards: 1,
      section,
      badges,
      liveBadges: badges.filter((t) => /\blive\b/i.test(t)),
      thumbnail: img && {
        src: img.src,
        path: new URL(img.src).pathname,
        complete: img.complete,
        naturalWidth: img.naturalWidth,
        visible: img.offsetParent !== null && !img.hidden,
      },
      members: members && members.offsetParent !== null ? members.textContent.trim() : null,
      y: card.getBoundingClientRect().top + window.scrollY,
    };
  }, roomID);
}

/** Polls `shown` until `ok(state)`; fails with the last state seen. */
async function waitShown(page, roomID, ok, what, timeoutMs = 30000) {
  let last;
  try {
    return await poll(async () => {
      last = await shown(page, roomID);
      return ok(last) ? last : null;
    }, { timeoutMs, intervalMs: 250, what });
  } catch (err) {
    err.message += ` (last seen: ${JSON.stringify(last)})`;
    throw err;
  }
}

function assertIdle(state, who) {
  assert.equal(state.cards, 1, `${who}: one card`);
  assert.deepEqual(state.liveBadges, [], `${who}: an idle room has no live badge (badges: ${JSON.stringify(state.badges)})`);
  assert.equal(state.thumbnail, null, `${who}: an idle room has no stream picture`);
  assert.equal(state.section, 'idle', `${who}: in the "not live" section`);
}

/** A screenshot of the screen scrolled to the list (its top just under the sticky header). */
async function listScreenshot(page, name) {
  await page.evaluate(() => {
    const top = document.querySelector('[data-testid="room-list"]').getBoundingClientRect().top + window.scrollY;
    window.scrollTo(0, top - document.querySelector('.topbar').offsetHeight - 12);
  });
  await page.waitForTimeout(300);
  const path = join(ARTIFACTS, name);
  await page.screenshot({ path });
  return path;
}

for (const [size, contextOptions] of Object.entries(SIZES)) {
  test(`live list: live rooms first with a badge and a thumbnail, idle rooms apart, kept up to date, ${size} (${contextOptions.viewport.width}x${contextOptions.viewport.height})`, { timeout: 180000 }, async () => {
    const anchorID = `star_${size}`;
    const idleID = await createIdleRoom(`quiet_${size}`, `Quiet corner ${size}`);

    // The anchor creates a room on the pusher page but does not start yet.
    const anchor = await openPage(env, `/pusher.html?sdkappid=${SDKAPPID}&resolution=720p`);
    await anchor.locator(tid('login-dialog')).waitFor();
    await signInThroughDialog(anchor, anchorID);
    await anchor.locator(tid('create-room-dialog')).waitFor();
    await anchor.fill(tid('create-room-title'), `Streaming ${size}`);
    await anchor.click(tid('create-room-submit'));
    await demoReady(anchor);
    const roomID = new URL(anchor.url()).searchParams.get('room');

    // The list before anyone streams: both rooms idle.
    const home = await openPage(env, `/?sdkappid=${SDKAPPID}`, { ...contextOptions });
    await home.locator(`${tid('room-list')}[aria-busy="false"]`).waitFor({ state: 'attached' });
    assertIdle(await waitShown(home, idleID, (s) => s.cards === 1, 'the idle room listed'), 'the unused room');
    assertIdle(await waitShown(home, roomID, (s) => s.cards === 1, 'the anchor\'s room listed'), 'the anchor\'s room before going live');

    // The anchor goes live: the room moves to the live section without a reload.
    await anchor.click(tid('start-push'));
    await poll(async () => (await anchor.locator(tid('push-state')).getAttribute('data-state')) === 'live', { what: 'the anchor live' });
    const stream = `${SDKAPPID}_${roomID}_${anchorID}_main`;
    const live = await waitShown(home, roomID,
      (s) => s.section === 'live' && s.thumbnail && s.thumbnail.complete && s.thumbnail.naturalWidth > 0 && s.thumbnail.visible,
      'the live room in the live section with its thumbnail loaded');
    assert.deepEqual(live.liveBadges, ['LIVE'], `the live room has a live badge (badges: ${JSON.stringify(live.badges)})`);
    assert.equal(live.thumbnail.path, `/live/${stream}.jpg`, 'the thumbnail is the stream\'s JPEG');
    assert.ok(await home.locator(`${tid('room-card')}[data-room="${roomID}"] ${tid('room-live-badge')}`).isVisible(), 'the live badge is visible');
    // The member count is the server's (the anchor counts: it is not "watching").
    const api = await apiRoom(roomID);
    assert.equal(api.live, true);
    await waitShown(home, roomID, (s) => s.members === `${api.memberCount} in the room`, `"${api.memberCount} in the room" on the live card`, 15000);
    assert.ok(api.memberCount >= 1, `the anchor is in the room (memberCount ${api.memberCount})`);

    // The other room stays idle, below the live section.
    const idle = await shown(home, idleID);
    assertIdle(idle, 'the unused room while the other is live');
    assert.ok(live.y < idle.y, `the live section comes first (live card at y=${live.y}, idle card at y=${idle.y})`);

    // The thumbnail follows the stream: a new picture is fetched every few seconds.
    const fresh = await waitShown(home, roomID,
      (s) => s.thumbnail && s.thumbnail.src !== live.thumbnail.src && s.thumbnail.naturalWidth > 0,
      'the thumbnail refreshed', 20000);
    assert.equal(fresh.thumbnail.path, `/live/${stream}.jpg`);

    if (size === 'mobile') {
      const scroll = await home.evaluate(() => document.scrollingElement.scrollWidth);
      assert.ok(scroll <= contextOptions.viewport.width, `nothing overflows sideways (scrollWidth ${scroll})`);
    }
    await listScreenshot(home, `demo-live-list-${size}.png`);

    if (size === 'pc') {
      // A thumbnail that cannot load (e.g. 404 before the stream's first keyframe) leaves
      // the generated cover in its place; the room is still live.
      const broken = await openPage(env, null, { ...contextOptions });
      await broken.route('**/live/*.jpg*', (route) => route.fulfill({ status: 404, body: 'no keyframe yet' }));
      await broken.goto(new URL(`/?sdkappid=${SDKAPPID}`, env.origin).href);
      const card = `${tid('live-rooms')} ${tid('room-card')}[data-room="${roomID}"]`;
      await broken.locator(card).waitFor();
      await poll(() => broken.locator(`${card} ${tid('room-thumbnail')}`).evaluate((img) => img.complete), { what: 'the failed thumbnail settled' });
      assert.equal(await broken.locator(`${card} ${tid('room-thumbnail')}`).isVisible(), false, 'a thumbnail that failed is not shown');
      assert.equal(await broken.locator(`${card} .cover-letter`).isVisible(), true, 'the generated cover shows instead');
      assert.equal(await broken.locator(`${card} ${tid('room-live-badge')}`).isVisible(), true, 'still marked live');
      await broken.context().close();
    }

    // The anchor stops: the room moves back to the idle section, without its picture.
    await anchor.click(tid('stop-push'));
    await poll(async () => (await anchor.locator(tid('push-state')).getAttribute('data-state')) === 'idle', { what: 'the anchor stopped' });
    assertIdle(await waitShown(home, roomID, (s) => s.section === 'idle', 'the room back in the idle section'), 'the anchor\'s room after stopping');
    assertIdle(await shown(home, idleID), 'the unused room at the end');
    if (size === 'mobile') {
      const scroll = await home.evaluate(() => document.scrollingElement.scrollWidth);
      assert.ok(scroll <= contextOptions.viewport.width, `nothing overflows sideways once idle (scrollWidth ${scroll})`);
    }
    await listScreenshot(home, `demo-live-list-stopped-${size}.png`);

    assert.deepEqual(home.errors, []);
    assert.deepEqual(anchor.errors, []);
    await home.context().close();
    await anchor.context().close();
  });
}

test('live list: each section pages on its own (live=true / live=false, "Show more"), and a refresh keeps what is shown', { timeout: 60000 }, async () => {
  // The directory answered by the test (page.route): 2 live rooms and 30 idle ones, at
  // most 20 a page (as if that were the server's maximum), so pages follow `nextCursor`.
  const room = (i, live) => ({
    sdkappid: SDKAPPID, roomId: `${live ? 7100 : 7200}${String(i).padStart(2, '0')}`, anchorId: `${live ? 'on' : 'off'}_${i}`,
    title: `${live ? 'Live' : 'Idle'} room ${i}`, avatar: '', createdAt: 1795508585 - i, memberCount: live ? 5 - i : 0, live,
    streams: live ? [{ streamID: `${SDKAPPID}_${7100 + i}_on_${i}_main`, userID: `on_${i}` }] : [],
    ...(live ? { thumbnail: `/live/${SDKAPPID}_${7100 + i}_on_${i}_main.jpg` } : {}),
  });
  const rooms = { true: [0, 1].map((i) => room(i, true)), false: Array.from({ length: 30 }, (_, i) => room(i, false)) };
  const asked = [];
  const page = await openPage(env, null, { viewport: { width: 1280, height: 800 } });
  await page.route(/\/api\/rooms\?/, (route) => {
    const q = new URL(route.request().url()).searchParams;
    asked.push({ live: q.get('live'), limit: Number(q.get('limit')), cursor: Number(q.get('cursor') || 0) });
    const all = rooms[q.get('live')] || [...rooms.true, ...rooms.false];
    const { limit, cursor } = asked.at(-1);
    const next = cursor + Math.min(limit, 20);
    route.fulfill({
      contentType: 'application/json',
      body: JSON.stringify({ code: 0, rooms: all.slice(cursor, next), total: all.length, nextCursor: next < all.length ? next : null }),
    });
  });
  await page.route('**/live/*.jpg*', (route) => route.fulfill({ status: 404, body: '' }));
  await page.goto(new URL(`/?sdkappid=${SDKAPPID}`, env.origin).href);
  await page.locator(`${tid('room-list')}[aria-busy="false"]`).waitFor({ state: 'attached' });

  const count = (sel) => page.locator(`${tid(sel)} ${tid('room-card')}`).count();
  assert.equal(await count('live-rooms'), 2);
  assert.equal(await count('idle-rooms'), 24, 'a page of idle rooms');
  assert.ok(asked.some((a) => a.live === 'false' && a.cursor === 20 && a.limit === 4), `the rest of the page by its cursor: ${JSON.stringify(asked)}`);
  assert.equal(await page.textContent(tid('live-count')), '2');
  assert.equal(await page.textContent(tid('idle-count')), '30');
  assert.equal(await page.locator(tid('more-live')).isVisible(), false);
  assert.ok(asked.every((a) => a.live === 'true' || a.live === 'false'), `every request names its kind: ${JSON.stringify(asked)}`);
  assert.deepEqual((await page.locator(`${tid('live-rooms')} ${tid('room-card')}`).evaluateAll((els) => els.map((e) => e.dataset.live))), ['true', 'true']);

  asked.length = 0;
  await page.click(tid('more-idle'));
  await poll(async () => (await count('idle-rooms')) === 30, { what: '30 idle rooms after "Show more"' });
  assert.equal(await page.locator(tid('more-idle')).isVisible(), false, 'no more to show');
  assert.ok(asked.some((a) => a.live === 'false' && a.cursor === 20 && a.limit === 28), `48 asked for, the server's pages followed: ${JSON.stringify(asked)}`);

  // A refresh asks again for all that is shown, and shows the same.
  asked.length = 0;
  await page.click(tid('refresh-rooms'));
  await poll(() => asked.filter((a) => a.live === 'false').length >= 2 && asked.some((a) => a.live === 'true'), { what: 'the refresh\'s requests' });
  await page.waitForTimeout(300);
  assert.equal(await count('idle-rooms'), 30);
  assert.equal(await count('live-rooms'), 2);
  assert.deepEqual(page.errors, []);
  await page.context().close();
});
