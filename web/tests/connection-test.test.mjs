// The demo's connection test page (/connection-test.html, on the server's `probe` command)
// tells the truth in Chromium:
//   a. on a normal server it finds the chat WebSocket, WebRTC over UDP and over ICE-TCP, and
//      says the network is fine (verdict 'udp'); screenshots on a PC and a phone;
//   b. with UDP blocked in the browser (the profile preference webrtc.ip_handling_policy =
//      disable_non_proxied_udp, checked to really gather no UDP candidate where the usual
//      Chromium does) UDP fails, TCP works: verdict 'tcp_only';
//   c. on a server without ICE-TCP and UDP blocked as in b: verdict 'none';
//   d. the server ends a connected probe leg by itself (15 s): the page's own
//      window.liveroomProbe('udp') leaves 'connected' after 12–26 s;
//   e. the home page links to the test.
// Screenshots go to test-artifacts/ like the other demo tests'.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

import { startServer } from '../sdk/testing/helpers.mjs';
import { CHROMIUM } from './browser.mjs';
import {
  demoSuite, openPage, tid, poll, screenshot, SDKAPPID, PC, PHONE,
} from './demo-server.mjs';

const PAGE = `/connection-test.html?sdkappid=${SDKAPPID}`;

const env = demoSuite();
let noTcp = null; // a liveroom without ICE-TCP
const profiles = [];
before(async () => { await env.ready; });
after(async () => {
  await noTcp?.stop();
  for (const dir of profiles) rmSync(dir, { recursive: true, force: true });
});

/**
 * A Chromium whose WebRTC may not use UDP: the profile's preference
 * webrtc.ip_handling_policy = disable_non_proxied_udp (what the policy
 * WebRtcIPHandlingPolicy and extensions set; without a proxy, no UDP at all). The switch
 * --force-webrtc-ip-handling-policy does not do it in Debian's Chromium 156 headless: UDP
 * host candidates are still gathered. Returns a persistent context (closed with the suite).
 */
async function udpBlockedContext(contextOptions = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'liveroom-udp-blocked-'));
  profiles.push(dir);
  mkdirSync(join(dir, 'Default'));
  writeFileSync(join(dir, 'Default', 'Preferences'), JSON.stringify({ webrtc: { ip_handling_policy: 'disable_non_proxied_udp' } }));
  const context = await chromium.launchPersistentContext(dir, {
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    viewport: { width: 1280, height: 800 },
    ...contextOptions,
  });
  env.contexts.push(context);
  return context;
}

/** What this browser gathers for an offer (the transports of its own candidates). */
function gathered(page) {
  return page.evaluate(async () => {
    const pc = new RTCPeerConnection();
    pc.addTransceiver('audio', { direction: 'sendonly' });
    await pc.setLocalDescription(await pc.createOffer());
    await new Promise((r) => {
      const t = setTimeout(r, 5000);
      pc.addEventListener('icegatheringstatechange', () => { if (pc.iceGatheringState === 'complete') { clearTimeout(t); r(); } });
    });
    const found = pc.localDescription.sdp.split(/\r?\n/).filter((l) => l.startsWith('a=candidate:')).map((l) => l.split(' ')[2].toLowerCase());
    pc.close();
    return found;
  });
}

/** Opens the page (in `context` if given) and waits for its result (window.connectionTest, state 'done'). */
async function runTest(url, contextOptions = {}, context = null) {
  let page;
  if (context) {
    page = await context.newPage();
    page.errors = [];
    page.on('pageerror', (e) => page.errors.push(String(e)));
    await page.goto(new URL(url, env.origin).href);
  } else {
    page = await openPage(env, url, contextOptions);
  }
  await page.waitForFunction(() => window.connectionTest && window.connectionTest.state === 'done', null, { timeout: 60000 });
  const result = await page.evaluate(() => window.connectionTest);
  return { page, result };
}

/** The verdict text as shown, and whether it is visible. */
async function shownVerdict(page) {
  const el = page.locator(tid('conn-verdict-text'));
  return { visible: await el.isVisible(), text: (await el.textContent()).trim() };
}

test('a. normal server: signalling, UDP and ICE-TCP work; verdict udp on a PC and a phone', { timeout: 180000 }, async () => {
  for (const [name, size] of [['pc', PC], ['mobile', PHONE]]) {
    const { page, result: r } = await runTest(PAGE, size);
    const why = JSON.stringify(r);
    assert.equal(r.signalling.ok, true, why);
    assert.equal(r.udp.ok, true, why);
    assert.equal(r.udp.remote.protocol, 'udp', why);
    assert.ok(r.udp.rttMs === null || (typeof r.udp.rttMs === 'number' && r.udp.rttMs >= 0), why);
    if (r.udp.rttMs === null) console.log(`# ${name}: Chromium gave no currentRoundTripTime for the UDP pair`);
    assert.equal(r.tcp.ok, true, why);
    assert.equal(r.tcp.remote.protocol, 'tcp', why);
    assert.equal(r.tcp.remote.tcpType, 'passive', why);
    assert.equal(r.verdict, 'udp', why);
    assert.match(r.verdictText, /^Your network is fine for live video: WebRTC over UDP/);
    assert.ok(r.candidates.some((c) => c.protocol === 'udp') && r.candidates.some((c) => c.protocol === 'tcp' && c.tcpType === 'passive'), why);
    const v = await shownVerdict(page);
    assert.equal(v.visible, true);
    assert.equal(v.text, r.verdictText);
    assert.equal(await page.locator(tid('conn-step-udp')).getAttribute('data-state'), 'ok');
    assert.equal(await page.locator(tid('conn-step-tcp')).getAttribute('data-state'), 'ok');
    assert.ok(await page.locator(tid('conn-candidate')).count() >= 2);
    // served from loopback: no "only private addresses" warning
    assert.equal(await page.locator(tid('conn-private-warning')).isVisible(), false);
    const sideways = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(sideways <= 0, `${name}: the page scrolls sideways by ${sideways}px`);
    await screenshot(page, `connection-test-${name}.png`);
    console.log(`# ${name}: ${r.verdictText} udp ${JSON.stringify(r.udp.local)} -> ${JSON.stringify(r.udp.remote)}; tcp -> ${JSON.stringify(r.tcp.remote)}`);
    assert.deepEqual(page.errors, []);

    if (name === 'pc') {
      // "Run again" runs the whole test again.
      await page.click(tid('conn-run-again'));
      await page.waitForFunction(() => window.connectionTest.state === 'done', null, { timeout: 60000 });
      assert.equal(await page.evaluate(() => window.connectionTest.verdict), 'udp');
    }
    await page.context().close();
  }
});

test('b. UDP blocked in the browser: UDP fails, TCP works, verdict tcp_only', { timeout: 120000 }, async () => {
  const context = await udpBlockedContext();
  // The policy really blocks UDP: this Chromium gathers no UDP candidate of its own, while
  // the usual one does.
  const normal = await openPage(env, PAGE, PC);
  const usual = await gathered(normal);
  await normal.context().close();
  const { page, result: r } = await runTest(PAGE, {}, context);
  const protocols = await gathered(page);
  console.log(`# candidates gathered: usual Chromium ${JSON.stringify(usual)}, UDP-blocked ${JSON.stringify(protocols)}`);
  assert.ok(usual.includes('udp'), `the usual Chromium gathers no UDP candidate: ${usual}`);
  assert.ok(!protocols.includes('udp'), `UDP candidates gathered despite the policy: ${protocols}`);
  const why = JSON.stringify(r);
  assert.equal(r.signalling.ok, true, why);
  assert.equal(r.udp.ok, false, why);
  assert.equal(r.tcp.ok, true, why);
  assert.equal(r.tcp.remote.protocol, 'tcp', why);
  assert.equal(r.verdict, 'tcp_only', why);
  assert.match(r.verdictText, /^UDP is blocked on your network; video still works over TCP/);
  assert.match(r.verdictText, /allow UDP to \S+:\d+\.$/);
  assert.equal((await shownVerdict(page)).text, r.verdictText);
  assert.equal(await page.locator(tid('conn-operator-note')).isVisible(), true);
  await screenshot(page, 'connection-test-tcp-only.png');
  console.log(`# ${r.verdictText} (udp: ${r.udp.error})`);
  assert.deepEqual(page.errors, []);
  await context.close();
});

test('c. server without ICE-TCP and UDP blocked: verdict none', { timeout: 120000 }, async () => {
  process.env.LIVEROOM_MEDIA__ICE_TCP = 'false';
  try {
    noTcp = await startServer();
  } finally {
    delete process.env.LIVEROOM_MEDIA__ICE_TCP;
  }
  const context = await udpBlockedContext();
  const { page, result: r } = await runTest(`http://${noTcp.addr}${PAGE}`, {}, context);
  const why = JSON.stringify(r);
  assert.equal(r.signalling.ok, true, why);
  assert.equal(r.udp.ok, false, why);
  assert.equal(r.tcp.ok, false, why);
  assert.ok(!r.candidates.some((c) => c.protocol === 'tcp'), why);
  assert.equal(r.verdict, 'none', why);
  assert.equal(r.verdictText, 'WebRTC cannot reach this server from your network. The CDN player (LL-HLS / HTTP-FLV) still works.');
  assert.equal((await shownVerdict(page)).text, r.verdictText);
  assert.match(await page.locator(tid('conn-operator-note')).textContent(), /docs\/operations\.md/);
  await screenshot(page, 'connection-test-none.png');
  await context.close();
});

test('d. the server ends a connected probe by itself after about 15 s', { timeout: 90000 }, async () => {
  const { page } = await runTest(PAGE, PC);
  const lasted = await page.evaluate(async () => {
    const pc = await window.liveroomProbe('udp');
    const start = Date.now();
    const states = [];
    while (pc.connectionState === 'connected' && Date.now() - start < 30000) {
      await new Promise((r) => setTimeout(r, 200));
    }
    states.push(pc.connectionState);
    pc.close();
    return { ms: Date.now() - start, state: states[0] };
  });
  console.log(`# probe leg left 'connected' after ${lasted.ms} ms (${lasted.state})`);
  assert.notEqual(lasted.state, 'connected', 'still connected after 30 s');
  assert.ok(lasted.ms >= 12000 && lasted.ms <= 26000, JSON.stringify(lasted));
  await page.context().close();
});

test('f. a server still running earlier tests from this address: verdict busy, not a verdict on the network', { timeout: 120000 }, async () => {
  // Per-address limits on loopback too (they exempt it by default).
  process.env.LIVEROOM_SERVER__LIMIT_EXEMPT = '[]';
  let limited;
  try {
    limited = await startServer();
  } finally {
    delete process.env.LIVEROOM_SERVER__LIMIT_EXEMPT;
  }
  try {
    // Another tab from the same address holds the two tests an address may run.
    const { page: holder } = await runTest(`http://${limited.addr}${PAGE}`, PC);
    const held = await holder.evaluate(async () => {
      window.held = [await window.liveroomProbe('udp'), await window.liveroomProbe('tcp')];
      return window.held.map((pc) => pc.connectionState);
    });
    assert.deepEqual(held, ['connected', 'connected']);
    const { page, result: r } = await runTest(`http://${limited.addr}${PAGE}`, PC);
    const why = JSON.stringify(r);
    assert.equal(r.verdict, 'busy', why);
    assert.match(r.udp.error, /60028/, why);
    assert.match((await shownVerdict(page)).text, /Wait 15 seconds/);
    await page.context().close();
    await holder.context().close();
  } finally {
    await limited.stop();
  }
});

test('e. the home page links to the connection test', { timeout: 60000 }, async () => {
  for (const size of [PC, PHONE]) {
    const page = await openPage(env, `/?sdkappid=${SDKAPPID}`, size);
    const link = page.locator(tid('connection-test-link'));
    await link.waitFor({ state: 'visible' });
    await link.click();
    await page.waitForURL(/\/connection-test\.html/);
    await page.locator(tid('conn-verdict')).waitFor();
    await page.context().close();
  }
});
