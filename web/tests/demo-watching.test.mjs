// "N watching" tells the truth and keeps up, on a PC (1280x800) and on a phone (390x844):
// an anchor goes live, three viewers join one by one (then one leaves), and the anchor's
// and the first viewer's "N watching" follow the true number of viewers (the server tells
// the member count at most every 5 s, so the test polls). A viewer's WebRTC player shares
// its chat's room membership (sdk/src/room-watch.js), so a viewer counts once. On the
// phone the player uses the screen as phone live apps do: the video element spans the
// screen's width and most of its height, the controls stay off the chat, and nothing
// scrolls sideways. Screenshots of both pages at both sizes go to test-artifacts/.

import { test, before } from 'node:test';
import assert from 'node:assert/strict';

import {
  demoSuite, openPage, tid, demoReady, goLive, framesKeepIncreasing, signInThroughDialog, screenshot, poll, SDKAPPID, PC, PHONE,
} from './demo-server.mjs';

const SIZES = { pc: PC, mobile: PHONE };

const env = demoSuite();
before(async () => { await env.ready; });

/** The "N watching" shown on `page`: the badge over the video and the chat's head. */
async function watching(page) {
  const badge = page.locator(tid('watching-count'));
  const shown = (await badge.count()) > 0;
  return {
    badge: shown ? (await badge.textContent()).trim() : null,
    chat: (await page.textContent(tid('chat-members'))).trim(),
    visible: shown && (await badge.isVisible()),
  };
}

/** Waits until `page` shows `n` watching (badge and chat head); the count comes ≤ 5 s late. */
async function showsWatching(page, n, who) {
  const want = `${n} watching`;
  let last;
  try {
    await poll(async () => {
      last = await watching(page);
      return last.badge === want && last.chat === want && last.visible;
    }, { timeoutMs: 20000, intervalMs: 250, what: `${who} shows "${want}"` });
  } catch (err) {
    err.message += ` (last seen: ${JSON.stringify(last)})`;
    throw err;
  }
}

const box = (page, sel) => page.locator(sel).first().boundingBox();
const intersects = (a, b) => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

for (const [size, contextOptions] of Object.entries(SIZES)) {
  test(`"N watching" follows the viewers live, anchor and viewer, ${size} (${contextOptions.viewport.width}x${contextOptions.viewport.height})`, { timeout: 240000 }, async () => {
    const anchorID = `host_${size}`;
    const { page: anchor, roomID } = await goLive(env, anchorID, { title: `Counting ${size}`, contextOptions: { ...contextOptions } });
    await showsWatching(anchor, 0, 'the anchor alone');
    for (const text of ['welcome, everyone!', 'tell me where you watch from']) {
      await anchor.fill(tid('chat-input'), text);
      await anchor.press(tid('chat-input'), 'Enter');
    }

    const viewers = [];
    for (let i = 1; i <= 3; i++) {
      const viewer = await openPage(env, `/player.html?sdkappid=${SDKAPPID}&room=${roomID}&anchor=${anchorID}`, { ...contextOptions });
      await demoReady(viewer);
      await poll(async () => (await viewer.locator(tid('player-state')).getAttribute('data-state')) === 'live', { timeoutMs: 30000, what: `viewer ${i} plays` });
      viewers.push(viewer);
      await showsWatching(anchor, i, `the anchor with ${i} viewer(s)`);
      await showsWatching(viewers[0], i, `viewer 1 with ${i} viewer(s)`);
    }
    await framesKeepIncreasing(viewers[0], 1280, 720, `viewer 1 (${size})`);

    if (size === 'pc') {
      // Viewer 1 signs in from the chat box: its chat leaves and re-enters the room (its
      // player listens on its own meanwhile), and once the server has told the count
      // again (≤ 5 s) it is still 3: nobody counts twice.
      await viewers[0].click(tid('chat-input'));
      await signInThroughDialog(viewers[0], `fan_${size}`);
      await viewers[0].waitForTimeout(6000);
      await showsWatching(anchor, 3, 'the anchor after a viewer signed in');
      await showsWatching(viewers[0], 3, 'viewer 1 after signing in');
      assert.equal(await viewers[0].locator(tid('player-state')).getAttribute('data-state'), 'live');
    }

    if (size === 'mobile') {
      const { width: W, height: H } = contextOptions.viewport;
      for (const [name, page] of [['player', viewers[0]], ['pusher', anchor]]) {
        const scroll = await page.evaluate(() => document.scrollingElement.scrollWidth);
        assert.ok(scroll <= W, `${name}: nothing overflows sideways (scrollWidth ${scroll})`);
      }
      // The video element spans the screen (a landscape picture sits at its top, full width).
      const video = await box(viewers[0], `${tid('player-view')} video`);
      assert.ok(video.x <= 2 && video.width >= W - 4, `video spans the width: ${JSON.stringify(video)}`);
      assert.ok(video.height >= 0.6 * H, `video covers most of the height: ${JSON.stringify(video)}`);
      // The controls stay off the chat, and off the picture's corners.
      const list = await box(viewers[0], tid('chat-list'));
      const picture = await viewers[0].evaluate(() => {
        const v = document.querySelector('#player-view video');
        const r = v.getBoundingClientRect();
        const scale = Math.min(r.width / v.videoWidth, r.height / v.videoHeight);
        const fit = getComputedStyle(v).objectFit;
        if (fit === 'cover') return { x: r.x, y: r.y, width: r.width, height: r.height, fit };
        // contain: where object-position puts the picture inside the element
        const w = v.videoWidth * scale;
        const h = v.videoHeight * scale;
        const [px, py] = getComputedStyle(v).objectPosition.split(' ').map((p, i) => (p.endsWith('%')
          ? (parseFloat(p) / 100) * ((i ? r.height : r.width) - (i ? h : w)) : parseFloat(p)));
        return { x: r.x + px, y: r.y + py, width: w, height: h, fit };
      });
      // Not letterboxed in mid-screen: a landscape picture sits at the top, under the header.
      assert.ok(picture.width >= W - 4, `the picture is full width: ${JSON.stringify(picture)}`);
      assert.ok(picture.y <= 0.2 * H, `the picture sits at the top of the screen: ${JSON.stringify(picture)}`);
      for (const control of ['fullscreen', 'mute-button']) {
        const c = await box(viewers[0], tid(control));
        assert.ok(c, `${control} is shown`);
        assert.ok(!intersects(c, list), `${control} ${JSON.stringify(c)} does not cover the chat ${JSON.stringify(list)}`);
        if (picture.fit === 'contain') {
          assert.ok(!intersects(c, picture), `${control} ${JSON.stringify(c)} is off the picture ${JSON.stringify(picture)}`);
        }
      }

      // A portrait stream fills the screen edge to edge, the controls in a rail above the
      // chat. player.js picks that from the video's size; the fake camera is landscape, so
      // the layout is forced here.
      await viewers[0].evaluate(() => {
        document.body.dataset.fit = 'cover';
        document.body.style.setProperty('--video-ratio', '1.7778');
      });
      assert.equal(await viewers[0].evaluate(() => getComputedStyle(document.querySelector('#player-view video')).objectFit), 'cover');
      const full = await box(viewers[0], `${tid('player-view')} video`);
      assert.deepEqual([full.x, full.y, full.width, full.height], [0, 0, W, H]);
      const portraitList = await box(viewers[0], tid('chat-list'));
      for (const control of ['fullscreen', 'mute-button']) {
        const c = await box(viewers[0], tid(control));
        assert.ok(!intersects(c, portraitList), `portrait: ${control} ${JSON.stringify(c)} does not cover the chat ${JSON.stringify(portraitList)}`);
      }
      await screenshot(viewers[0], 'demo-watching-player-mobile-portrait.png');
      await viewers[0].evaluate(() => { document.body.dataset.fit = 'contain'; document.body.style.setProperty('--video-ratio', '0.5625'); });
    }

    await viewers[0].waitForTimeout(600);
    await screenshot(viewers[0], `demo-watching-player-${size}.png`);
    await screenshot(anchor, `demo-watching-pusher-${size}.png`);

    // One leaves: both pages count down.
    await viewers[2].context().close();
    await showsWatching(anchor, 2, 'the anchor after one left');
    await showsWatching(viewers[0], 2, 'viewer 1 after one left');

    await anchor.click(tid('stop-push'));
    for (const p of [anchor, ...viewers.slice(0, 2)]) assert.deepEqual(p.errors, []);
    for (const p of [anchor, ...viewers.slice(0, 2)]) await p.context().close();
  });
}
