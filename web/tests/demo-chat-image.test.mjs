// The demo's chat sends and shows images, on a PC (1280x800) and on a phone (390x844): a
// signed-in viewer of a live room picks a PNG with the chat's image button (the hidden
// <input type=file accept="image/*">, driven with setInputFiles), sees it at once and then
// from the server; another viewer (anonymous) and the anchor see it as an <img> that loads
// (lazy, with alt text, at most 200 px wide on a PC and 150 px on a phone, shape kept)
// linking to the original in a new tab. A file that is no image is shown as not sent with
// the server's reason. Nothing overflows sideways on the phone. Screenshots
// demo-chat-image-*.png go to test-artifacts/.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { pngBytes } from '../sdk/testing/png.mjs';
import {
  demoSuite, openPage, tid, demoReady, goLive, signInThroughDialog, screenshot, poll, SDKAPPID, PC, PHONE,
} from './demo-server.mjs';

const SIZES = { pc: { options: PC, maxWidth: 200 }, mobile: { options: PHONE, maxWidth: 150 } };
const PICTURE = { width: 640, height: 360 };

const env = demoSuite();
let tmp;
let picture;
let notPicture;
before(async () => {
  await env.ready;
  tmp = await mkdtemp(join(tmpdir(), 'liveroom-demo-image-'));
  picture = join(tmp, 'sunset.png');
  await writeFile(picture, pngBytes(PICTURE.width, PICTURE.height));
  notPicture = join(tmp, 'notes.png');
  await writeFile(notPicture, 'these are notes, not a picture\n');
});
after(async () => {
  if (tmp) await rm(tmp, { recursive: true, force: true });
});

/** The last image message in `page`'s chat once its <img> has loaded: its facts. */
function loadedImage(page, { from, what }) {
  return poll(() => page.evaluate((sender) => {
    const items = [...document.querySelectorAll('[data-testid="chat-message"][data-type="image"]')]
      .filter((li) => !sender || li.dataset.from === sender);
    const li = items[items.length - 1];
    const img = li && li.querySelector('[data-testid="chat-image"]');
    if (!img || !img.complete || img.naturalWidth === 0 || !img.currentSrc.includes('/images/')) return null;
    const r = img.getBoundingClientRect();
    const link = img.closest('a');
    return {
      status: li.dataset.status,
      src: img.currentSrc,
      naturalWidth: img.naturalWidth,
      naturalHeight: img.naturalHeight,
      alt: img.alt,
      loading: img.loading,
      href: link.href,
      target: link.target,
      box: { x: r.x, y: r.y, width: r.width, height: r.height },
    };
  }, from), { timeoutMs: 20000, what });
}

for (const [size, { options, maxWidth }] of Object.entries(SIZES)) {
  test(`the chat sends and shows images, ${size} (${options.viewport.width}x${options.viewport.height})`, { timeout: 180000 }, async () => {
    const anchorID = `pics_${size}`;
    const senderID = `snap_${size}`;
    const { page: anchor, roomID } = await goLive(env, anchorID, { title: `Pictures ${size}`, resolution: '480p', contextOptions: { ...options } });
    const url = `/player.html?sdkappid=${SDKAPPID}&room=${roomID}&anchor=${anchorID}`;

    const sender = await openPage(env, url, { ...options });
    await demoReady(sender);
    await sender.click(tid('chat-input'));
    await signInThroughDialog(sender, senderID);
    const watcher = await openPage(env, url, { ...options });
    await demoReady(watcher);
    await poll(async () => (await watcher.locator(tid('player-state')).getAttribute('data-state')) === 'live', { timeoutMs: 30000, what: 'the watcher plays' });

    // The button opens the file picker: the hidden <input type=file accept="image/*">.
    const input = sender.locator(tid('chat-image-input'));
    assert.equal(await input.getAttribute('accept'), 'image/*');
    assert.equal(await input.isVisible(), false);
    assert.ok(await sender.locator(tid('chat-image-button')).isVisible(), 'the image button is shown');
    const chooser = sender.waitForEvent('filechooser', { timeout: 10000 });
    await sender.click(tid('chat-image-button'));
    await (await chooser).setFiles(picture);

    // The sender: its message, shown at once, then the server's image.
    const own = await loadedImage(sender, { from: senderID, what: 'the sender\'s own image from the server' });
    await poll(async () => (await sender.locator(`${tid('chat-message')}[data-type="image"]`).last().getAttribute('data-status')) === 'success', { what: 'the image sent' });
    assert.equal(own.naturalWidth, PICTURE.width);
    assert.ok(own.src.startsWith(`${env.origin}/images/`) || own.src.includes('/images/'), own.src);

    // The other viewer and the anchor: an <img> that loaded, fitting the chat, linking to the original.
    for (const [who, page] of [['watcher', watcher], ['anchor', anchor]]) {
      const img = await loadedImage(page, { from: senderID, what: `the image in the ${who}'s chat` });
      assert.equal(img.status, 'success');
      assert.equal(img.naturalWidth, PICTURE.width, `${who}: naturalWidth`);
      assert.equal(img.naturalHeight, PICTURE.height, `${who}: naturalHeight`);
      assert.equal(img.loading, 'lazy');
      assert.match(img.alt, new RegExp(`Image from ${senderID}`));
      assert.equal(img.target, '_blank');
      assert.equal(img.href, own.href, `${who}: links to the original`);
      assert.ok(img.box.width > 0 && img.box.width <= maxWidth + 0.5, `${who}: at most ${maxWidth}px wide: ${JSON.stringify(img.box)}`);
      const ratio = img.box.width / img.box.height;
      assert.ok(Math.abs(ratio - PICTURE.width / PICTURE.height) < 0.05, `${who}: shape kept: ${JSON.stringify(img.box)}`);
      const vw = options.viewport.width;
      assert.ok(img.box.x >= 0 && img.box.x + img.box.width <= vw, `${who}: on screen: ${JSON.stringify(img.box)}`);
    }

    // Not an image: not sent, with the server's reason.
    await input.setInputFiles(notPicture);
    const failed = sender.locator(`${tid('chat-message')}[data-type="image"][data-status="fail"]`);
    await failed.waitFor({ timeout: 15000 });
    assert.match(await failed.locator(tid('chat-error')).textContent(), /not a JPEG, PNG, GIF or WebP image/);
    assert.ok(await failed.locator(tid('chat-retry')).isVisible(), 'it can be retried');
    await watcher.waitForTimeout(500);
    assert.equal(await watcher.locator(`${tid('chat-message')}[data-type="image"]`).count(), 1, 'the refused file reached nobody');

    if (size === 'pc') {
      // A click opens the original in a new tab.
      const [tab] = await Promise.all([
        watcher.context().waitForEvent('page', { timeout: 10000 }),
        watcher.locator(tid('chat-image')).last().click(),
      ]);
      await tab.waitForLoadState();
      assert.equal(tab.url(), own.href);
      await tab.close();
    } else {
      for (const [name, page] of [['sender', sender], ['watcher', watcher], ['anchor', anchor]]) {
        const scroll = await page.evaluate(() => document.scrollingElement.scrollWidth);
        assert.ok(scroll <= options.viewport.width, `${name}: nothing overflows sideways (scrollWidth ${scroll})`);
      }
    }

    await sender.waitForTimeout(400);
    await screenshot(watcher, `demo-chat-image-player-${size}.png`);
    await screenshot(sender, `demo-chat-image-sender-${size}.png`);
    await screenshot(anchor, `demo-chat-image-pusher-${size}.png`);

    await anchor.click(tid('stop-push'));
    for (const p of [anchor, sender, watcher]) assert.deepEqual(p.errors, []);
    for (const p of [anchor, sender, watcher]) await p.context().close();
  });
}
