// The script-tag bundle served by liveroom (/sdk/tweblive.js) gives pages a working global
// TWebLive: two Chromium pages chat through it.

import { test, before } from 'node:test';
import assert from 'node:assert/strict';

import { userSig, SDKAPPID } from '../sdk/testing/helpers.mjs';
import { browserSuite, poll, createRoom } from './browser.mjs';

const env = browserSuite();
let server;
let pages;
let browser;
before(async () => ({ server, pages, browser } = await env.ready));

test('pages using <script src="/sdk/tweblive.js"> chat through the global TWebLive', { timeout: 60000 }, async () => {
  await createRoom(server.addr, SDKAPPID, 'host', '8901');
  const open = async (user) => {
    const page = await (await browser.newContext()).newPage();
    const sig = await userSig(server.addr, user);
    const q = new URLSearchParams({ server: `http://${server.addr}`, sdkappid: String(SDKAPPID), user, sig, room: '8901' });
    await page.goto(`${pages.origin}/bundle-im.html?${q}`);
    await poll(() => page.evaluate(() => window.state.ready || window.state.error), { what: `${user} ready` });
    assert.equal(await page.evaluate(() => window.state.error), null);
    return page;
  };
  const alice = await open('alice');
  const bob = await open('bob');
  assert.equal(await bob.evaluate(() => TWebLive.EVENT.IM_READY), 't_im_ready');
  assert.equal(await bob.evaluate(() => TWebLive.TYPES.MSG_PRIORITY_HIGH), 'High');
  await bob.evaluate(() => window.im.sendTextMessage({ roomID: '8901', text: 'hi from the bundle' }));
  const got = await poll(() => alice.evaluate(() => window.state.received[0]), { what: 'message at alice' });
  assert.deepEqual(got, { name: 't_text_message_received', text: 'hi from the bundle', nick: 'Nick bob', from: 'bob' });
});
