// The demo app end to end in Chromium (fake camera) against a real liveroom: an anchor signs
// in, creates a room from the live list and goes live at 720p on the pusher page; a viewer
// opens it from the live list and plays it over WebRTC (frames decoded, increasing, at
// 1280x720); chat with nick / avatar / time, the emoji picker, likes, join tips, a refused
// message marked as failed, and stopPush reaching the viewer as the push-stopped notice.
// Screenshots of the pusher and player pages go to test-artifacts/.

import { test, before } from 'node:test';
import assert from 'node:assert/strict';

import { userSig } from '../sdk/testing/helpers.mjs';
import {
  demoSuite, openPage, tid, signInThroughDialog, demoReady, framesKeepIncreasing, screenshot, poll, SDKAPPID,
} from './demo-server.mjs';

const env = demoSuite();
before(async () => { await env.ready; });

const texts = (page, sel) => page.locator(sel).allTextContents();
const attr = (page, sel, name) => page.locator(sel).first().getAttribute(name);

test('demo: go live from the live list, watch over WebRTC, chat, like, profile, stop', { timeout: 240000 }, async () => {
  // ---- the anchor: live list → sign in → create a room → pusher page -----------------------
  const anchor = await openPage(env, `/?sdkappid=${SDKAPPID}`);
  // A new server: the list loads and is empty.
  await anchor.locator(`${tid('room-list')}[aria-busy="false"]`).waitFor({ state: 'attached' });
  await anchor.locator(tid('empty-rooms')).waitFor();
  assert.equal(await anchor.locator(tid('room-card')).count(), 0);
  await screenshot(anchor, 'demo-home-empty-pc.png');
  await anchor.click(tid('go-live'));
  await anchor.locator(tid('login-dialog')).waitFor();
  assert.match(await anchor.locator(tid('dev-note')).textContent(), /development only/i, 'the dev sign-in is labelled as such');
  assert.equal(await anchor.inputValue(tid('login-sdkappid')), String(SDKAPPID));
  await screenshot(anchor, 'demo-login-pc.png');
  await signInThroughDialog(anchor, 'anna');
  await anchor.locator(tid('create-room-dialog')).waitFor();
  await anchor.fill(tid('create-room-title'), 'Anna cooks live');
  await Promise.all([anchor.waitForURL(/\/pusher\.html\?/), anchor.click(tid('create-room-submit'))]);
  const roomID = new URL(anchor.url()).searchParams.get('room');
  assert.match(roomID, /^\d+$/);
  await demoReady(anchor);
  assert.equal(await anchor.locator(`${tid('preview')} video`).count(), 1, 'camera preview');
  assert.equal(await anchor.inputValue(tid('resolution-select')), '720p');
  assert.equal(await attr(anchor, tid('push-state'), 'data-state'), 'idle');
  assert.equal(await anchor.locator(tid('live-badge')).isVisible(), false);

  await anchor.click(tid('start-push'));
  await anchor.locator(tid('live-badge')).waitFor({ state: 'visible', timeout: 20000 });
  await poll(async () => (await attr(anchor, tid('push-state'), 'data-state')) === 'live', { what: 'pusher live' });
  assert.equal(await anchor.locator(tid('live-notice')).isVisible(), true, '"you are live" notice');
  assert.match(await anchor.textContent(tid('live-notice')), /you are live/i);
  assert.equal(await anchor.locator(tid('resolution-select')).isDisabled(), true, 'resolution is fixed while live');
  await poll(async () => (await anchor.textContent(tid('elapsed'))) >= '00:02', { timeoutMs: 8000, what: 'elapsed time counting' });
  const stream = await anchor.evaluate(() => window.__liveroomPusher._streamID);
  assert.equal(stream, `${SDKAPPID}_${roomID}_anna_main`);

  // Share link and QR code for viewers.
  const link = await anchor.inputValue(tid('share-link'));
  const linkUrl = new URL(link);
  assert.equal(linkUrl.pathname, '/player.html');
  assert.equal(linkUrl.searchParams.get('room'), roomID);
  assert.equal(linkUrl.searchParams.get('anchor'), 'anna');
  assert.equal(linkUrl.searchParams.get('sdkappid'), String(SDKAPPID));
  assert.ok(await anchor.locator(`${tid('share-qr')} svg path`).count() === 1, 'QR code drawn');

  // Camera and microphone toggles.
  await anchor.click(tid('toggle-mic'));
  assert.equal(await attr(anchor, tid('toggle-mic'), 'aria-pressed'), 'false');
  assert.equal(await anchor.evaluate(() => document.querySelector('#preview video').srcObject.getAudioTracks()[0].enabled), false);
  await anchor.click(tid('toggle-mic'));
  assert.equal(await attr(anchor, tid('toggle-mic'), 'aria-pressed'), 'true');
  await anchor.click(tid('toggle-camera'));
  await anchor.locator(tid('camera-off')).waitFor({ state: 'visible' });
  await anchor.click(tid('toggle-camera'));
  await anchor.locator(tid('camera-off')).waitFor({ state: 'hidden' });

  // ---- the viewer: live list → the room → WebRTC playback ----------------------------------
  const viewer = await openPage(env, `/?sdkappid=${SDKAPPID}`);
  const card = viewer.locator(`${tid('room-card')}[data-room="${roomID}"]`);
  await card.waitFor({ timeout: 15000 });
  assert.equal(await card.locator(tid('room-title')).textContent(), 'Anna cooks live');
  await Promise.all([viewer.waitForURL(/\/player\.html\?/), card.click()]);
  await demoReady(viewer);
  const stats = await framesKeepIncreasing(viewer, 1280, 720, 'viewer');
  assert.ok(stats.framesDecoded > 30);
  await poll(async () => (await attr(viewer, tid('player-state'), 'data-state')) === 'live', { what: 'player live' });
  assert.equal(await viewer.locator(tid('player-overlay')).isVisible(), false);
  assert.equal(await viewer.locator(tid('tap-to-play')).isVisible(), false);
  assert.equal(await viewer.textContent(tid('anchor-name')), 'anna');

  // Player controls: pause / resume, mute, volume.
  await viewer.click(tid('pause-button'));
  await viewer.locator(tid('overlay-paused')).waitFor();
  assert.equal(await viewer.evaluate(() => window.__liveroomPlayer.isPlaying()), false);
  await viewer.click(tid('resume-button'));
  await poll(async () => (await attr(viewer, tid('player-state'), 'data-state')) === 'live', { what: 'resumed' });
  await viewer.click(tid('mute-button'));
  assert.equal(await attr(viewer, tid('mute-button'), 'aria-pressed'), 'true');
  assert.equal(await viewer.evaluate(() => window.__liveroomPlayer._tracks.audio.enabled), false);
  await viewer.click(tid('mute-button'));
  await viewer.locator(tid('volume-slider')).evaluate((el) => {
    el.value = '35';
    el.dispatchEvent(new Event('input', { bubbles: true }));
  });
  assert.equal(await viewer.evaluate(() => document.querySelector('#player-view video').volume), 0.35);
  await framesKeepIncreasing(viewer, 1280, 720, 'viewer after the controls');

  // ---- chat: the viewer signs in from the chat box, edits the profile ----------------------
  await viewer.click(tid('chat-input'));
  await viewer.locator(tid('login-dialog')).waitFor();
  await signInThroughDialog(viewer, 'ben');
  // The anchor sees ben join.
  await poll(async () => (await texts(anchor, `${tid('chat-tip')}[data-kind="join"]`)).some((t) => t.includes('ben')), { what: 'join tip at the anchor' });

  await viewer.click(tid('user-chip'));
  await viewer.click(tid('profile-button'));
  await viewer.locator(tid('profile-dialog')).waitFor();
  await viewer.fill(tid('profile-nick'), 'Ben B');
  const avatarOption = viewer.locator(tid('profile-avatar-option')).nth(2);
  const avatarUrl = await avatarOption.getAttribute('data-avatar');
  await avatarOption.click();
  await screenshot(viewer, 'demo-profile-pc.png');
  await viewer.click(tid('profile-save'));
  await viewer.locator(tid('profile-dialog')).waitFor({ state: 'detached' });
  assert.equal(await viewer.textContent(tid('user-nick')), 'Ben B');
  assert.equal(await viewer.evaluate(async () => (await window.__liveroomIM.getMyProfile()).data.nick), 'Ben B');

  // A message with an emoji from the picker.
  await viewer.fill(tid('chat-input'), 'hello from ben ');
  await viewer.click(tid('emoji-button'));
  await viewer.locator(tid('emoji-panel')).waitFor();
  await viewer.click(`${tid('emoji')}[data-emoji="👋"]`);
  assert.equal(await viewer.inputValue(tid('chat-input')), 'hello from ben 👋');
  await viewer.press(tid('chat-input'), 'Enter');
  const own = viewer.locator(`${tid('chat-message')}[data-from="ben"]`).last();
  await poll(async () => (await own.getAttribute('data-status')) === 'success', { what: 'own message sent' });

  const atAnchor = anchor.locator(`${tid('chat-message')}[data-from="ben"]`).last();
  await atAnchor.waitFor({ timeout: 10000 });
  assert.equal(await atAnchor.locator(tid('chat-text')).textContent(), 'hello from ben 👋');
  assert.equal(await atAnchor.locator(tid('chat-nick')).textContent(), 'Ben B');
  assert.equal(await atAnchor.locator(tid('chat-avatar')).getAttribute('src'), avatarUrl);
  assert.match(await atAnchor.locator(tid('chat-time')).textContent(), /^\d\d:\d\d$/);
  assert.ok(await atAnchor.locator(tid('chat-avatar')).evaluate((img) => img.complete && img.naturalWidth > 0), 'the avatar image loads');

  // The anchor answers with the send button.
  await anchor.fill(tid('chat-input'), 'welcome Ben! 🎉');
  await anchor.click(tid('chat-send'));
  const reply = viewer.locator(`${tid('chat-message')}[data-from="anna"]`).last();
  await reply.waitFor({ timeout: 10000 });
  assert.equal(await reply.locator(tid('chat-text')).textContent(), 'welcome Ben! 🎉');
  assert.equal(await reply.locator(tid('chat-nick')).textContent(), 'anna');

  // Empty messages are refused locally.
  const before_ = await viewer.locator(tid('chat-message')).count();
  await viewer.fill(tid('chat-input'), '   ');
  await viewer.click(tid('chat-send'));
  assert.equal(await viewer.locator(tid('chat-message')).count(), before_);

  // ---- likes ---------------------------------------------------------------------------------
  for (let i = 0; i < 3; i++) await viewer.click(tid('like-button'));
  assert.equal(await viewer.textContent(tid('like-count')), '3');
  await poll(async () => (await anchor.locator(tid('like-heart')).count()) > 0, { timeoutMs: 10000, intervalMs: 100, what: 'hearts float at the anchor' });
  await poll(async () => (await anchor.textContent(tid('like-count'))) === '3', { what: 'anchor counts 3 likes' });
  await anchor.click(tid('like-button'));
  await poll(async () => (await viewer.textContent(tid('like-count'))) === '4', { what: 'viewer counts 4 likes' });

  // ---- a refused message is marked as failed ----------------------------------------------
  const adminSig = await userSig(env.server.addr, 'administrator');
  const banned = await fetch(`http://${env.server.addr}/api/admin/banned-words?sdkappid=${SDKAPPID}&identifier=administrator&usersig=${encodeURIComponent(adminSig)}`, {
    method: 'PUT', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ words: ['spoiler'] }),
  });
  assert.equal(banned.status, 200, await banned.text());
  await viewer.fill(tid('chat-input'), 'big spoiler ahead');
  await viewer.press(tid('chat-input'), 'Enter');
  const failed = viewer.locator(`${tid('chat-message')}[data-from="ben"]`).last();
  await poll(async () => (await failed.getAttribute('data-status')) === 'fail', { what: 'refused message marked failed' });
  assert.match(await failed.locator(tid('chat-error')).textContent(), /not allow/);
  assert.equal(await failed.locator(tid('chat-retry')).count(), 1);

  // ---- screenshots -------------------------------------------------------------------------
  await anchor.waitForTimeout(1500); // let the hearts settle
  await screenshot(anchor, 'demo-pusher-pc.png');
  await screenshot(viewer, 'demo-player-pc.png');
  await screenshot(await openPage(env, `/?sdkappid=${SDKAPPID}`).then(async (p) => { await p.locator(tid('room-card')).first().waitFor(); return p; }), 'demo-home-pc.png');

  // ---- stopPush reaches the viewer as the push-stopped notice ------------------------------
  await anchor.click(tid('stop-push'));
  await anchor.locator(tid('live-badge')).waitFor({ state: 'hidden' });
  await poll(async () => (await texts(viewer, `${tid('chat-tip')}[data-kind="push-stopped"]`)).some((t) => /ended/.test(t)), { timeoutMs: 15000, what: 'push-stopped notice at the viewer' });
  await viewer.locator(tid('overlay-ended')).waitFor({ timeout: 15000 });
  assert.equal(await attr(viewer, tid('player-state'), 'data-state'), 'ended');
  assert.match(await viewer.textContent(tid('overlay-detail')), /Thanks for watching/);
  assert.equal(await viewer.locator(tid('watch-time')).isVisible(), false, 'the watch timer stops');
  await poll(async () => (await anchor.locator(`${tid('preview')} video`).count()) === 1, { what: 'the preview comes back after stopping' });
  assert.equal(await attr(anchor, tid('push-state'), 'data-state'), 'idle');
  await screenshot(viewer, 'demo-player-ended-pc.png');

  // ---- live again: the viewer resumes by itself -------------------------------------------
  await anchor.click(tid('start-push'));
  await anchor.locator(tid('live-badge')).waitFor({ state: 'visible', timeout: 20000 });
  await poll(async () => (await attr(viewer, tid('player-state'), 'data-state')) === 'live', { timeoutMs: 30000, what: 'viewer plays the new live' });
  await framesKeepIncreasing(viewer, 1280, 720, 'viewer, second live');
  assert.ok((await texts(viewer, `${tid('chat-tip')}[data-kind="live-started"]`)).length >= 2, 'live-started notices');
  await anchor.click(tid('stop-push'));

  assert.deepEqual(anchor.errors, []);
  assert.deepEqual(viewer.errors, []);
});
