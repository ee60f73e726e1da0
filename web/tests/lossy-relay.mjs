// A UDP relay on loopback that loses media on purpose, between one browser and liveroom's
// media port: the browser is given the relay's port in place of the server's UDP candidate,
// the relay forwards every datagram both ways and drops every `dropEvery`-th RTP packet
// going to the browser (STUN, DTLS and RTCP pass), so the browser's NACKs and the server's
// retransmissions must repair the video (`dropEvery: 0` loses nothing). `cut()` breaks the
// path for good, as a network the browser has left. Loopback only; it forwards to the one
// server port it is told. The page side (pointing the answer at the relay) is
// `throughRelay` in pages/ice.mjs.

import { createSocket } from 'node:dgram';

/** RTP, not RTCP (RFC 5761 §4: payload types 64–95 are RTCP) nor STUN / DTLS. */
function isRtp(buf) {
  return buf.length >= 12 && buf[0] >= 128 && buf[0] <= 191 && !((buf[1] & 0x7f) >= 64 && (buf[1] & 0x7f) <= 95);
}

export async function startLossyRelay({ dropEvery = 20 } = {}) {
  const toBrowser = createSocket('udp4'); // the port the browser sends to
  const toServer = createSocket('udp4'); // the relay's side towards the server
  await Promise.all([
    new Promise((r) => toBrowser.bind(0, '127.0.0.1', r)),
    new Promise((r) => toServer.bind(0, '127.0.0.1', r)),
  ]);
  // forwarded / rtp: datagrams towards the browser; fromBrowser: datagrams towards the server.
  const stats = { forwarded: 0, fromBrowser: 0, rtp: 0, dropped: 0, droppedVideo: 0, rtx: 0, cutOff: 0 };
  let cut = false; // the path is broken: nothing passes either way
  // The video's media and RTX SSRCs the answer announced, counted on the way.
  let videoSsrc = null;
  let rtxSsrc = null;
  let browser = null; // the browser's address, learned from its first datagram
  let serverPort = null;
  toBrowser.on('message', (msg, from) => {
    browser = from;
    if (cut) {
      stats.cutOff += 1;
    } else if (serverPort) {
      stats.fromBrowser += 1;
      toServer.send(msg, serverPort, '127.0.0.1');
    }
  });
  toServer.on('message', (msg) => {
    if (!browser) return;
    if (cut) {
      stats.cutOff += 1;
      return;
    }
    if (isRtp(msg)) {
      stats.rtp += 1;
      const ssrc = msg.readUInt32BE(8);
      if (ssrc === rtxSsrc) stats.rtx += 1;
      if (dropEvery > 0 && stats.rtp % dropEvery === 0) {
        stats.dropped += 1;
        if (ssrc === videoSsrc) stats.droppedVideo += 1;
        return;
      }
    }
    stats.forwarded += 1;
    toBrowser.send(msg, browser.port, browser.address);
  });
  return {
    port: toBrowser.address().port,
    stats,
    /** Where the server's media port is, and the video's SSRCs (read from its answer). */
    forwardTo(port, video = null, rtx = null) {
      serverPort = port;
      videoSsrc = video;
      rtxSsrc = rtx;
    },
    /** Breaks the path for good, as a network the browser has left: nothing passes. */
    cut() {
      cut = true;
    },
    close() {
      toBrowser.close();
      toServer.close();
    },
  };
}
