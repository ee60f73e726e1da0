// The demo on a phone-sized screen (390x844, isMobile, hasTouch) in a Chromium with a real
// browser's autoplay policy: the player page shows "tap to play" (PLAYER_AUTOPLAY_NOT_ALLOWED),
// a tap starts WebRTC playback, the video uses the whole screen with the chat below the
// picture, and a signed-in phone viewer chats and likes. Screenshots go to test-artifacts/.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';

import {
  demoSuite, openPage, tid, demoReady, goLive, framesKeepIncreasing, signInThroughDialog, screenshot,
  launchAutoplayBlocked, watchAutoplay, rawScreenshot, poll, SDKAPPID, PHONE,
} from './demo-server.mjs';

const env = demoSuite();
let blocked;
before(async () => {
  await env.ready;
  blocked = await launchAutoplayBlocked();
});
after(async () => {
  await blocked?.close();
});

test('demo on a phone: tap to play, full-screen video, chat over it', { timeout: 180000 }, async () => {
  const { page: anchor, roomID } = await goLive(env, 'mobi', { title: 'Morning run 🏃' });
  for (const text of ['good morning everyone!', 'we start in a minute 🙌']) {
    await anchor.fill(tid('chat-input'), text);
    await anchor.press(tid('chat-input'), 'Enter');
  }

  // Every Playwright evaluation or locator query runs with a user gesture, which would
  // unlock autoplay: until the page has refused to autoplay, the test only listens to it
  // (an init script reports the player's first state, see watchAutoplay).
  const phone = await openPage(env, null, { ...PHONE, browser: blocked });
  const autoplay = await watchAutoplay(env, phone, `/player.html?sdkappid=${SDKAPPID}&room=${roomID}&anchor=mobi`);
  assert.equal(autoplay.first, 'tap-to-play', 'the page asks for a tap when the browser refuses to autoplay');
  await rawScreenshot(phone, 'demo-player-mobile-tap-to-play.png', { scale: PHONE.deviceScaleFactor });
  await phone.waitForTimeout(2000);
  assert.deepEqual(autoplay.events, ['tap-to-play'], 'nothing plays before the tap');
  // A real touch on the button (no locator query first: it would count as a gesture).
  await phone.touchscreen.tap(autoplay.tapAt.x, autoplay.tapAt.y);
  await poll(() => autoplay.events.includes('playing'), { timeoutMs: 10000, what: 'playing after the tap' });
  assert.deepEqual(autoplay.events, ['tap-to-play', 'playing']);
  await phone.locator(tid('tap-to-play')).waitFor({ state: 'hidden' });
  await demoReady(phone);
  await framesKeepIncreasing(phone, 1280, 720, 'phone viewer');
  await poll(async () => (await phone.locator(tid('player-state')).getAttribute('data-state')) === 'live', { what: 'phone player live' });
  assert.equal(await phone.evaluate(() => document.querySelector('#player-view video').paused), false);

  // Layout: the stage fills the screen; the (landscape) picture sits at the top with the
  // controls under it, and the chat fills the screen below them (demo-watching checks more).
  const stage = await phone.locator('.stage').boundingBox();
  const controls = await phone.locator('.controls').boundingBox();
  const chat = await phone.locator(tid('chat')).boundingBox();
  assert.deepEqual([stage.x, stage.y, stage.width, stage.height], [0, 0, 390, 844]);
  assert.ok(chat.y >= controls.y + controls.height && Math.round(chat.y + chat.height) === 844 && chat.width === 390, JSON.stringify({ chat, controls }));
  assert.equal(await phone.evaluate(() => document.documentElement.scrollWidth), 390, 'no horizontal scrolling');

  // The history reached the phone; it signs in from the chat box and chats.
  await phone.locator(`${tid('chat-message')}[data-from="mobi"]`).nth(1).waitFor();
  await phone.tap(tid('chat-input'));
  await phone.locator(tid('login-dialog')).waitFor();
  await signInThroughDialog(phone, 'pocket');
  await phone.fill(tid('chat-input'), 'watching from my phone 📱');
  await phone.tap(tid('chat-send'));
  await anchor.locator(`${tid('chat-message')}[data-from="pocket"]`).waitFor({ timeout: 10000 });
  for (let i = 0; i < 2; i++) await phone.tap(tid('like-button'));
  await poll(async () => (await anchor.textContent(tid('like-count'))) === '2', { what: 'phone likes at the anchor' });
  await phone.waitForTimeout(600);
  await screenshot(phone, 'demo-player-mobile.png');

  // The live list and the pusher page on a phone too.
  const list = await openPage(env, `/?sdkappid=${SDKAPPID}`, { ...PHONE });
  await list.locator(tid('room-card')).first().waitFor();
  assert.equal(await list.evaluate(() => document.documentElement.scrollWidth), 390);
  await screenshot(list, 'demo-home-mobile.png');
  const { page: phonePusher } = await goLive(env, 'pocketcam', { title: 'Phone cam', resolution: '480p', contextOptions: { ...PHONE } });
  assert.equal(await phonePusher.evaluate(() => document.documentElement.scrollWidth), 390);
  await screenshot(phonePusher, 'demo-pusher-mobile.png');
  await phonePusher.click(tid('stop-push'));

  assert.deepEqual(phone.errors, []);
  assert.deepEqual(anchor.errors, []);
});
