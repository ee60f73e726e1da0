// A stand-in CDN origin for the Player's CDN tests that need no liveroom: it serves the
// checked-in test media (fixtures/cdn, made by its make.sh) as a *live* stream, with CORS:
//   GET /live/test.flv    HTTP-FLV, chunked, paced in real time from the first tag;
//   GET /live/test.m3u8   a sliding live playlist of 1 s CMAF fMP4 segments (+ /live/hls/*)
// The stream is live from start() for DURATION_S; end() stops it at once (FLV responses
// close, the playlist and new requests get 404), start() makes it live again from 0, as a
// stream whose anchor pushes again.

import { createServer } from 'node:http';
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const DIR = fileURLToPath(new URL('./fixtures/cdn/', import.meta.url));
const FLV = readFileSync(DIR + 'stream.flv');
const SEGMENTS = readdirSync(DIR + 'hls').filter((f) => /^seg\d+\.m4s$/.test(f)).length;
export const DURATION_S = SEGMENTS; // 1 s segments
export const WIDTH = 320;
export const HEIGHT = 240;
const WINDOW = 6; // segments in the live playlist
const HEAD_START_S = 3; // the playlist starts with this much already "recorded"

/** FLV tags of the fixture: [{ts, start, end}] over FLV (header: FLV[0..13)). */
function flvTags(buf) {
  const tags = [];
  let at = 13;
  while (at + 11 <= buf.length) {
    const size = buf.readUIntBE(at + 1, 3);
    const ts = buf.readUIntBE(at + 4, 3) | (buf[at + 7] << 24);
    const end = at + 11 + size + 4;
    if (end > buf.length) break;
    tags.push({ ts, start: at, end });
    at = end;
  }
  return tags;
}
const TAGS = flvTags(FLV);

export async function startCdnOrigin() {
  let startedAt = Date.now();
  let live = true;
  const flvResponses = new Set();
  const requests = [];
  const elapsed = () => (Date.now() - startedAt) / 1000;
  const isLive = () => live && elapsed() < DURATION_S;

  const server = createServer((req, res) => {
    const path = new URL(req.url, 'http://x').pathname;
    requests.push(path);
    const cors = { 'Access-Control-Allow-Origin': '*', 'Cache-Control': 'no-cache' };
    if (req.method === 'OPTIONS') {
      res.writeHead(204, { ...cors, 'Access-Control-Allow-Headers': '*' }).end();
      return;
    }
    if (path === '/live/test.flv') {
      if (!isLive()) return res.writeHead(404, cors).end();
      res.writeHead(200, { ...cors, 'Content-Type': 'video/x-flv' });
      res.write(FLV.subarray(0, 13));
      const t0 = Date.now();
      let next = 0;
      const tick = () => {
        if (!live) return done();
        const now = Date.now() - t0 + 500; // half a second ahead, like a GOP cache
        while (next < TAGS.length && TAGS[next].ts <= now) {
          res.write(FLV.subarray(TAGS[next].start, TAGS[next].end));
          next += 1;
        }
        if (next >= TAGS.length) done();
      };
      const timer = setInterval(tick, 40);
      const done = () => {
        clearInterval(timer);
        flvResponses.delete(entry);
        res.end();
      };
      const entry = { done };
      flvResponses.add(entry);
      res.on('close', () => {
        clearInterval(timer);
        flvResponses.delete(entry);
      });
      tick();
      return undefined;
    }
    if (path === '/live/test.m3u8') {
      if (!isLive()) return res.writeHead(404, cors).end();
      const available = Math.min(SEGMENTS, Math.floor(elapsed() + HEAD_START_S));
      const first = Math.max(0, available - WINDOW);
      const lines = ['#EXTM3U', '#EXT-X-VERSION:7', '#EXT-X-TARGETDURATION:1', `#EXT-X-MEDIA-SEQUENCE:${first}`, '#EXT-X-MAP:URI="hls/init.mp4"'];
      for (let i = first; i < available; i += 1) lines.push('#EXTINF:1.000000,', `hls/seg${i}.m4s`);
      res.writeHead(200, { ...cors, 'Content-Type': 'application/vnd.apple.mpegurl' }).end(lines.join('\n') + '\n');
      return undefined;
    }
    const m = /^\/live\/hls\/(init\.mp4|seg\d+\.m4s)$/.exec(path);
    if (m) {
      try {
        res.writeHead(200, { ...cors, 'Content-Type': 'video/mp4' }).end(readFileSync(DIR + 'hls/' + m[1]));
      } catch {
        res.writeHead(404, cors).end();
      }
      return undefined;
    }
    res.writeHead(404, cors).end();
    return undefined;
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  const origin = `http://127.0.0.1:${server.address().port}`;
  return {
    origin,
    flvUrl: `${origin}/live/test.flv`,
    hlsUrl: `${origin}/live/test.m3u8`,
    requests,
    /** The stream goes live (again) from its beginning. */
    start() {
      startedAt = Date.now();
      live = true;
    },
    /** The stream ends now. */
    end() {
      live = false;
      for (const r of [...flvResponses]) r.done();
    },
    close() {
      live = false;
      for (const r of [...flvResponses]) r.done();
      server.closeAllConnections();
      return new Promise((r) => server.close(r));
    },
  };
}

/** The Player's CDN play URL (tweblive-api.md §9), flv first or hls first. */
export function cdnPlayUrl({ flv, hls }, hlsFirst = false) {
  const f = flv === undefined ? '' : 'flv=' + encodeURIComponent(flv);
  const h = hls === undefined ? '' : 'hls=' + encodeURIComponent(hls);
  return 'https://' + (hlsFirst ? [h, f] : [f, h]).filter(Boolean).join('&');
}
