// WebRTC through liveroom's SFU with clients no one here wrote: Debian's Chromium (fake
// camera and microphone) publishes H.264 + Opus over WHIP, a second Chromium plays over
// WHEP, and getStats must show decoded frames that keep increasing at the published size,
// also after both restart ICE over PATCH, over ICE-TCP only, and with a viewer whose
// packets are lost on the way (repaired over RTX).

import { test, before } from 'node:test';
import assert from 'node:assert/strict';

import { userSig, SDKAPPID } from '../sdk/testing/helpers.mjs';
import { browserSuite, poll, createRoom as createRoomVia } from './browser.mjs';
import { startLossyRelay } from './lossy-relay.mjs';

const env = browserSuite();
let server;
let pages;
let browser;
before(async () => ({ server, pages, browser } = await env.ready));

function createRoom(anchor, roomId) {
  return createRoomVia(server.addr, SDKAPPID, anchor, roomId);
}

function mediaUrl(kind, room, user) {
  return `http://${server.addr}/${kind}?sdkappid=${SDKAPPID}&roomid=${room}&userid=${user}`;
}

/** An anchor's Chromium publishing H.264 over WHIP (`extra`: more page parameters). */
async function publishWhip(room, anchor, { width, height, extra = '' }) {
  const pubPage = await (await browser.newContext()).newPage();
  const pubToken = await userSig(server.addr, anchor);
  const whip = mediaUrl('whip', room, anchor);
  await pubPage.goto(`${pages.origin}/whip.html?whip=${encodeURIComponent(whip)}&token=${encodeURIComponent(pubToken)}&codec=H264&width=${width}&height=${height}${extra}`);
  const pub = await poll(() => pubPage.evaluate(() => window.state.phase !== 'starting' && window.state), { what: 'WHIP answer' });
  assert.equal(pub.phase, 'published', JSON.stringify(pub));
  return { pubPage, pub };
}

/**
 * A viewer's Chromium playing the room's stream over WHEP (`extra`: more page parameters;
 * `setup(page)` runs before the page loads). The stream goes live with its first RTP
 * packets; until then WHEP answers 404, so the page is reloaded until it plays.
 */
async function playWhep(room, viewer, { extra = '', setup } = {}) {
  const whep = mediaUrl('whep', room, viewer);
  const viewerToken = await userSig(server.addr, viewer);
  const playPage = await (await browser.newContext()).newPage();
  if (setup) await setup(playPage);
  const play = await poll(async () => {
    await playPage.goto(`${pages.origin}/whep.html?whep=${encodeURIComponent(whep)}&token=${encodeURIComponent(viewerToken)}${extra}`);
    const st = await poll(() => playPage.evaluate(() => window.state.phase !== 'starting' && window.state), { what: 'WHEP answer' });
    return st.phase === 'playing' ? st : null;
  }, { timeoutMs: 20000, intervalMs: 500, what: 'WHEP play accepted' });
  return { playPage, play };
}

test('Chromium publishes H.264 over WHIP and another Chromium plays it over WHEP', { timeout: 90000 }, async () => {
  const room = '8801';
  await createRoom('anchor1', room);
  const { pubPage, pub } = await publishWhip(room, 'anchor1', { width: 1280, height: 720 });
  assert.equal(pub.status, 201);
  assert.match(pub.location, /^\/whip\/[0-9a-f]{32}$/);
  await poll(() => pubPage.evaluate(() => window.state.connection === 'connected'), { what: 'publisher connected' });

  const { playPage, play } = await playWhep(room, 'viewer1');
  assert.equal(play.status, 201);

  const first = await poll(async () => {
    const s = await playPage.evaluate(() => window.videoStats());
    return s && s.framesDecoded > 0 ? s : null;
  }, { timeoutMs: 20000, what: 'first decoded frames' });
  const later = await poll(async () => {
    const s = await playPage.evaluate(() => window.videoStats());
    return s && s.framesDecoded > first.framesDecoded + 30 && s.frameWidth === 1280 && s.frameHeight === 720 ? s : null;
  }, { timeoutMs: 30000, what: 'frames keep increasing at 1280x720' });
  assert.ok(later.framesDecoded > first.framesDecoded);
  assert.ok(later.audio && later.audio.packetsReceived > 0, 'audio flows too');
  const codec = await playPage.evaluate(async () => {
    const stats = await window.pc.getStats();
    let mime = null;
    stats.forEach((s) => { if (s.type === 'codec' && /video/.test(s.mimeType)) mime = s.mimeType; });
    return mime;
  });
  assert.equal(codec, 'video/H264');
  // Chromium offers RTX: the answer it accepted announces the stream retransmissions go on.
  const rtxGroup = await playPage.evaluate(() => /a=ssrc-group:FID \d+ \d+/.test(window.pc.remoteDescription.sdp));
  assert.ok(rtxGroup, 'the WHEP answer has an RTX ssrc-group for the video');
  // Chromium negotiates AES-GCM SRTP, so the frames it just decoded were encrypted in place
  // by the fan-out (services/sfu/src/srtp.rs), not through the rtc context.
  const legs = { inPlace: await metric('liveroom_viewer_legs_total{srtp="in_place"}'), context: await metric('liveroom_viewer_legs_total{srtp="context"}') };
  const srtpCipher = await playPage.evaluate(async () => {
    let cipher = null;
    (await window.pc.getStats()).forEach((s) => { if (s.type === 'transport') cipher = s.srtpCipher; });
    return cipher;
  });
  // The node, as DTLS server, picks its first choice among what Chromium offers.
  assert.equal(srtpCipher, 'SRTP_AEAD_AES_128_GCM');
  assert.ok(legs.inPlace >= 1 && legs.context === 0, `the viewer leg encrypts in place: ${JSON.stringify(legs)}`);

  // ICE restart over PATCH (RFC 9725 §4.3.2) on both sessions: new credentials on both
  // sides, ICE connected again on them, and the viewer keeps decoding.
  for (const [name, page] of [['publisher', pubPage], ['viewer', playPage]]) {
    const r = await page.evaluate(() => window.restartIce());
    assert.equal(r.status, 200, name);
    assert.ok(r.etag, `${name}: a new ETag`);
    assert.notEqual(r.after.remote, r.before.remote, `${name}: the server answered new credentials`);
    assert.notEqual(r.after.local, r.before.local, `${name}: the browser restarted too`);
    await poll(async () => {
      const t = await page.evaluate(async () => ({ ...(await window.transportUfrags()), ice: window.pc.iceConnectionState }));
      return t.local === r.after.local && ['connected', 'completed'].includes(t.ice) ? t : null;
    }, { timeoutMs: 20000, what: `${name}: ICE connected on the new credentials` });
  }
  const resumed = await playPage.evaluate(() => window.videoStats());
  await poll(async () => {
    const s = await playPage.evaluate(() => window.videoStats());
    return s.framesDecoded > resumed.framesDecoded + 30 ? s : null;
  }, { timeoutMs: 20000, what: 'frames keep coming after the ICE restarts' });
});

test('ICE-TCP: with only the TCP candidate, Chromium publishes and plays over TCP on the media port number', { timeout: 90000 }, async () => {
  const room = '8803';
  await createRoom('anchor3', room);
  const { pubPage } = await publishWhip(room, 'anchor3', { width: 640, height: 360, extra: '&transport=tcp' });
  await poll(() => pubPage.evaluate(() => window.state.connection === 'connected'), { timeoutMs: 20000, what: 'publisher connected over TCP' });
  const pubPath = await pubPage.evaluate(() => window.selectedProtocols());
  assert.deepEqual(pubPath, { local: 'tcp', remote: 'tcp', remoteType: 'passive' });

  const { playPage } = await playWhep(room, 'viewer3', { extra: '&transport=tcp' });
  const first = await poll(async () => {
    const s = await playPage.evaluate(() => window.videoStats());
    return s && s.framesDecoded > 0 ? s : null;
  }, { timeoutMs: 20000, what: 'first frames decoded over TCP' });
  await poll(async () => {
    const s = await playPage.evaluate(() => window.videoStats());
    return s.framesDecoded > first.framesDecoded + 30 && s.frameWidth === 640 ? s : null;
  }, { timeoutMs: 30000, what: 'frames keep increasing over TCP' });
  const playPath = await playPage.evaluate(() => window.selectedProtocols());
  assert.deepEqual(playPath, { local: 'tcp', remote: 'tcp', remoteType: 'passive' });
});

test('SDK-style signalling over the WebSocket: the room hears streamAdded / streamRemoved', { timeout: 90000 }, async () => {
  const room = '8802';
  await createRoom('anchor2', room);
  // A chat member of the room (anonymous viewer) watches the room's events.
  const { default: WebSocket } = await import('ws');
  const member = new WebSocket(`ws://${server.addr}/im?sdkappid=${SDKAPPID}`);
  const events = [];
  member.on('message', (d) => String(d).split('\n').forEach((l) => events.push(JSON.parse(l))));
  await new Promise((r) => member.once('open', r));
  member.send(JSON.stringify({ id: 1, cmd: 'enterRoom', data: { roomID: room } }));
  await poll(() => events.find((e) => e.id === 1), { what: 'enterRoom answer' });

  const ws = `ws://${server.addr}/im?sdkappid=${SDKAPPID}`;
  const pubSig = await userSig(server.addr, 'anchor2');
  const pubPage = await (await browser.newContext()).newPage();
  await pubPage.goto(`${pages.origin}/ws-rtc.html?ws=${encodeURIComponent(ws)}&user=anchor2&sig=${encodeURIComponent(pubSig)}&room=${room}&mode=publish`);
  const pub = await poll(() => pubPage.evaluate(() => window.state.phase !== 'starting' && window.state), { what: 'publish answer' });
  assert.equal(pub.phase, 'ok', JSON.stringify(pub));
  assert.equal(pub.streamID, `${SDKAPPID}_${room}_anchor2_main`);
  const added = await poll(() => events.find((e) => e.event === 'streamAdded'), { what: 'streamAdded' });
  assert.deepEqual(added.data, { roomID: room, streamID: pub.streamID, userID: 'anchor2' });
  await poll(() => pubPage.evaluate(() => window.state.events.some((e) => e.event === 'mediaState' && e.data.state === 'connected')), { what: 'publisher mediaState connected' });

  const viewSig = await userSig(server.addr, 'viewer2');
  const playPage = await (await browser.newContext()).newPage();
  await playPage.goto(`${pages.origin}/ws-rtc.html?ws=${encodeURIComponent(ws)}&user=viewer2&sig=${encodeURIComponent(viewSig)}&room=${room}&mode=play`);
  const play = await poll(() => playPage.evaluate(() => window.state.phase !== 'starting' && window.state), { what: 'play answer' });
  assert.equal(play.phase, 'ok', JSON.stringify(play));
  const first = await poll(async () => { const s = await playPage.evaluate(() => window.videoStats()); return s && s.framesDecoded > 0 ? s : null; }, { what: 'frames' });
  await poll(async () => { const s = await playPage.evaluate(() => window.videoStats()); return s.framesDecoded > first.framesDecoded + 20 && s.frameWidth === 640; }, { what: 'frames keep increasing' });

  const stopped = await pubPage.evaluate(() => window.unpublish());
  assert.equal(stopped.code, 0);
  const removed = await poll(() => events.find((e) => e.event === 'streamRemoved'), { what: 'streamRemoved' });
  assert.equal(removed.data.streamID, pub.streamID);
  member.close();
});

async function metric(name) {
  const res = await fetch(`http://${server.addr}/metrics`, { signal: AbortSignal.timeout(4000) });
  const line = (await res.text()).split('\n').find((l) => l.startsWith(name + ' '));
  return line ? Number(line.split(' ')[1]) : 0;
}

test('a viewer that loses 5 % of its RTP gets the video repaired over RTX', { timeout: 90000 }, async (t) => {
  const room = '8804';
  await createRoom('anchor4', room);
  const { pubPage } = await publishWhip(room, 'anchor4', { width: 640, height: 360 });
  await poll(() => pubPage.evaluate(() => window.state.connection === 'connected'), { what: 'publisher connected' });

  // Every 20th RTP packet to the viewer is lost in the relay.
  const relay = await startLossyRelay({ dropEvery: 20 });
  try {
    const retransmittedBefore = await metric('liveroom_rtp_retransmissions_total');
    const { playPage } = await playWhep(room, 'viewer4', {
      extra: `&relay=${relay.port}`,
      setup: (page) => page.exposeFunction('relayTo', (port, video, rtx) => relay.forwardTo(port, video, rtx)),
    });
    const first = await poll(async () => {
      const s = await playPage.evaluate(() => window.videoStats());
      return s && s.framesDecoded > 0 ? s : null;
    }, { timeoutMs: 20000, what: 'first frames decoded through the lossy relay' });
    const later = await poll(async () => {
      const s = await playPage.evaluate(() => window.videoStats());
      return s.framesDecoded > first.framesDecoded + 90 && s.frameWidth === 640 && relay.stats.droppedVideo >= 8 ? s : null;
    }, { timeoutMs: 40000, what: 'frames keep being decoded while packets are lost' });
    const repairs = {
      nacked: await metric('liveroom_nacked_packets_total'),
      retransmitted: (await metric('liveroom_rtp_retransmissions_total')) - retransmittedBefore,
    };
    const detail = JSON.stringify({ later, relay: relay.stats, repairs });
    t.diagnostic(detail);
    assert.ok(later.nackCount > 0, `Chromium asked for the lost packets: ${detail}`);
    if (later.retransmittedPacketsReceived !== undefined) {
      assert.ok(later.retransmittedPacketsReceived > 0, `retransmissions reached Chromium: ${detail}`);
    }
    // Nearly every lost video packet was sent again (a few may still be in flight), on
    // the RTX stream.
    assert.ok(repairs.retransmitted >= relay.stats.droppedVideo * 0.8, `lost video packets resent: ${detail}`);
    assert.ok(relay.stats.rtx > 0, `retransmissions came on the RTX stream the answer announced: ${detail}`);
  } finally {
    relay.close();
  }
});
