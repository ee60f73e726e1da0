#!/usr/bin/env node
// Glass-to-glass latency of liveroom's three playback paths, on this machine.
//
// A publisher page (Debian's Chromium, headless, through playwright-core from
// web/node_modules) draws the wall-clock time as a black / white block pattern onto a
// 640x360 canvas every animation frame (pages/pattern.js), captures it with
// canvas.captureStream(30) and publishes it with the SDK's Pusher (H.264) to a `liveroom
// serve` started here on 127.0.0.1. Viewer pages, each in its own browser context, play it
// with the SDK's Player — WebRTC (`room://…`), LL-HLS (hls.js, `cdnEngine: 'hlsjs'`) and
// HTTP-FLV (mpegts.js, `cdnEngine: 'flv'`) — decode the pattern of every presented frame
// (requestVideoFrameCallback) and compute latency = expected display time − drawn time.
// Then new viewers measure time to first frame (startPlay → first decoded frame) per
// CDN engine (and WebRTC).
//
// With --publisher rtmp the stream comes in over RTMP instead, as from OBS: the server also
// listens for RTMP (`[rtmp] listen = "127.0.0.1:0"`), node itself draws the same pattern
// (its wall clock, the pages' convention) into 640x360 gray frames every 1/30 s and pipes
// them to an ffmpeg (libx264 ultrafast / zerolatency, GOP 30, no B-frames, plus a 440 Hz
// AAC tone) that publishes to rtmp://…/live/<sdkappid>_<room>_<anchor>_main?userid=…&usersig=…;
// liveroom repacketizes the H.264 for WebRTC (AAC → Opus) and packages LL-HLS / FLV. The
// viewers are the same.
//
//   node loadtests/latency/latency.mjs            # 5 s warm-up, 20 s window, 3 TTFF trials
//   node loadtests/latency/latency.mjs --smoke    # a few seconds per path; exit 0 iff sane
//   node loadtests/latency/latency.mjs --publisher rtmp [--smoke]   # RTMP ingest (ffmpeg)
//
// Options: --publisher sdk|rtmp (who publishes: the SDK's Pusher in Chromium, the default,
//   or ffmpeg over RTMP), --join-after S (the stream runs this long before the viewers
//   join; 5), --warmup S (after every viewer's first frame; 5), --duration S (the window;
//   20), --ttff-trials N (new viewers per path; 3), --paths rtc,hlsjs,flv, --bitrate KBPS
//   (the publisher's video, 1500), --json-only, --dump FILE (the window's raw samples, JSON).
// Env: LIVEROOM_BIN (default target/debug/liveroom), CHROMIUM_PATH (default /usr/bin/chromium);
// ffmpeg on the PATH for --publisher rtmp.
// Output on stdout: a human-readable table, then one JSON line (the last line; `publisher`
// says which, `publisherStats` its figures); progress on stderr. Exit 0 when every check
// passed (each path decoded frames, latency p95 within 10 s, every new viewer got a frame,
// the page clocks agree, the RTMP publisher still running), 1 otherwise, 2 on the overall
// timeout (58 s with --smoke). Everything listens on 127.0.0.1 only.

import { createServer } from 'node:http';
import { readFile, readdir } from 'node:fs/promises';
import { readFileSync, existsSync, writeFileSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { spawn, execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { createRequire } from 'node:module';
import { extname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';

import { selfTest, encodeCells, decodePixels, COLS, ROWS } from './pages/pattern.js';

const HERE = fileURLToPath(new URL('.', import.meta.url));
const REPO = resolve(HERE, '../..');
const PAGES = join(HERE, 'pages');
const SDK_ENTRY = join(REPO, 'web/sdk/src/index.js');
const webRequire = createRequire(join(REPO, 'web/package.json'));
const { chromium } = webRequire('playwright-core');
const { build } = webRequire('esbuild');

const BINARY = process.env.LIVEROOM_BIN || join(REPO, 'target/debug/liveroom');
const { userSig, SDKAPPID } = await import('../../web/sdk/testing/helpers.mjs');

// ---- options ------------------------------------------------------------------------------

function parseArgs(argv) {
  const o = { dump: null, smoke: false, joinAfter: 5, warmup: 5, duration: 20, ttffTrials: 3, paths: ['rtc', 'hlsjs', 'flv'], bitrate: 1500, jsonOnly: false, publisher: 'sdk' };
  const set = new Set();
  for (let i = 0; i < argv.length; i += 1) {
    const a = argv[i];
    const val = () => {
      const v = argv[i + 1];
      if (v === undefined) throw new Error(`${a} needs a value`);
      i += 1;
      return v;
    };
    const num = (min, max) => {
      const n = Number(val());
      if (!Number.isFinite(n) || n < min || n > max) throw new Error(`${a}: between ${min} and ${max}`);
      return n;
    };
    if (a === '--smoke') o.smoke = true;
    else if (a === '--json-only') o.jsonOnly = true;
    else if (a === '--dump') o.dump = val();
    else if (a === '--warmup') { o.warmup = num(0, 120); set.add('warmup'); }
    else if (a === '--join-after') { o.joinAfter = num(0, 120); set.add('join'); }
    else if (a === '--duration') { o.duration = num(1, 600); set.add('duration'); }
    else if (a === '--ttff-trials') { o.ttffTrials = num(0, 20); set.add('ttff'); }
    else if (a === '--bitrate') o.bitrate = num(100, 10000);
    else if (a === '--publisher') {
      o.publisher = val();
      if (!['sdk', 'rtmp'].includes(o.publisher)) throw new Error(`--publisher: sdk or rtmp, not ${o.publisher}`);
    }
    else if (a === '--paths') {
      o.paths = val().split(',').filter(Boolean);
      for (const p of o.paths) if (!['rtc', 'hlsjs', 'flv'].includes(p)) throw new Error(`unknown path ${p}`);
    } else if (a === '--help' || a === '-h') {
      const head = readFileSync(fileURLToPath(import.meta.url), 'utf8').split('\n').slice(1);
      console.log(head.slice(0, head.findIndex((l) => !l.startsWith('//'))).join('\n'));
      process.exit(0);
    } else throw new Error(`unknown option ${a}`);
  }
  if (o.smoke) {
    if (!set.has('warmup')) o.warmup = 2;
    if (!set.has('join')) o.joinAfter = 2;
    if (!set.has('duration')) o.duration = 4;
    if (!set.has('ttff')) o.ttffTrials = 1;
  }
  return o;
}

const opts = parseArgs(process.argv.slice(2));
const log = (...a) => { if (!opts.jsonOnly) console.error(`[latency ${(performance.now() / 1000).toFixed(1)}s]`, ...a); };
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const nowWall = () => performance.timeOrigin + performance.now();

/** Polls `fn` until truthy (bounded). */
async function poll(fn, { timeoutMs, intervalMs = 100, what }) {
  const deadline = Date.now() + timeoutMs;
  let last;
  while (Date.now() < deadline) {
    last = await fn();
    if (last) return last;
    await sleep(intervalMs);
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}; last ${JSON.stringify(last)}`);
}

// ---- machine figures ----------------------------------------------------------------------

const loadavg = () => readFileSync('/proc/loadavg', 'utf8').trim().split(/\s+/).slice(0, 3).map(Number);
function cpuTotals() {
  const f = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
  const idle = f[3] + (f[4] || 0);
  return { total: f.reduce((a, b) => a + b, 0), idle };
}
/** utime + stime (clock ticks) of a process, or null. */
function procTicks(pid) {
  try {
    const s = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = s.slice(s.lastIndexOf(')') + 2).split(' ');
    return { ppid: Number(f[1]), ticks: Number(f[11]) + Number(f[12]) };
  } catch {
    return null;
  }
}
/** Ticks of every live descendant of this process, except the pids in `exclude` and theirs: {pid: ticks}. */
async function descendantTicks(exclude) {
  const skip = new Set(exclude.map(String));
  const all = {};
  for (const name of await readdir('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const t = procTicks(name);
    if (t) all[name] = t;
  }
  const out = {};
  const mine = new Set([String(process.pid)]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const [pid, t] of Object.entries(all)) {
      if (!mine.has(pid) && mine.has(String(t.ppid)) && !skip.has(pid)) {
        mine.add(pid);
        out[pid] = t.ticks;
        grew = true;
      }
    }
  }
  return out;
}
const HZ = 100; // USER_HZ on Linux

// ---- statistics ---------------------------------------------------------------------------

function quantile(sorted, q) {
  if (!sorted.length) return null;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[i];
}
function summary(values) {
  const s = [...values].sort((a, b) => a - b);
  const r = (v) => (v === null ? null : Math.round(v * 10) / 10);
  return { n: s.length, min: r(s[0] ?? null), p50: r(quantile(s, 0.5)), p95: r(quantile(s, 0.95)), max: r(s.at(-1) ?? null) };
}

// ---- the server ---------------------------------------------------------------------------

// As web/sdk/testing/helpers.mjs's startServer (same dev app and config), plus an info log
// of the media / CDN crates kept (last LOG_LINES lines) for the diagnostics of a failure.
const LOG_LINES = 200;
const LOG_FILTER = 'warn,liveroom_sfu=info,liveroom_node=info,liveroom_cdn=info';
// `extraConfig` is TOML appended to the config; with an `[rtmp]` section the result also has
// `rtmp`, the RTMP base the server prints (`liveroom: rtmp on rtmp://127.0.0.1:PORT/live`,
// before its `listening on` line).
async function startServer({ timeoutMs = 15000, extraConfig = '' } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'liveroom-latency-'));
  const config = join(dir, 'liveroom.toml');
  writeFileSync(config, `[[apps]]\nsdkappid = ${SDKAPPID}\nsecret = "some-secret"\n[dev]\nusersig_endpoint = true\n[media]\nudp = "127.0.0.1:0"\n${extraConfig}`);
  const wantRtmp = /^\s*\[rtmp\]/m.test(extraConfig);
  const child = spawn(BINARY, ['serve', '--config', config, '--http', '127.0.0.1:0', '--log-level', LOG_FILTER], { stdio: ['ignore', 'pipe', 'pipe'] });
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  const lines = [];
  let partial = '';
  const onData = (chunk) => {
    const parts = (partial + chunk.toString()).split('\n');
    partial = parts.pop();
    for (const l of parts) {
      lines.push(l);
      if (lines.length > LOG_LINES) lines.shift();
    }
  };
  child.stdout.on('data', onData);
  child.stderr.on('data', onData);
  let rtmp = null;
  const addr = await new Promise((resolveAddr, reject) => {
    const timer = setTimeout(() => { child.kill('SIGKILL'); reject(new Error(`liveroom did not start within ${timeoutMs} ms:\n${lines.join('\n')}`)); }, timeoutMs);
    const look = () => {
      const m = lines.map((l) => /liveroom: listening on http:\/\/([0-9.]+:\d+)/.exec(l)).find(Boolean);
      if (wantRtmp) rtmp = lines.map((l) => /liveroom: rtmp on (rtmp:\/\/[0-9.]+:\d+\/live)\b/.exec(l)).find(Boolean)?.[1] ?? null;
      if (m && wantRtmp && !rtmp) { clearTimeout(timer); child.kill('SIGKILL'); reject(new Error(`liveroom listens on ${m[1]} but printed no "liveroom: rtmp on rtmp://…" line before:\n${lines.join('\n')}`)); return; }
      if (m) { clearTimeout(timer); child.stdout.off('data', look); child.stderr.off('data', look); resolveAddr(m[1]); }
    };
    child.stdout.on('data', look);
    child.stderr.on('data', look);
    child.once('exit', (code) => { clearTimeout(timer); reject(new Error(`liveroom exited (${code}) before listening:\n${lines.join('\n')}`)); });
  });
  async function stop() {
    process.removeListener('exit', killOnExit);
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      const t = setTimeout(() => child.kill('SIGKILL'), 3000);
      await exited;
      clearTimeout(t);
    }
    rmSync(dir, { recursive: true, force: true });
  }
  return { addr, rtmp, stop, child, log: () => lines.join('\n') };
}

// ---- the page server ----------------------------------------------------------------------

async function servePages() {
  const sdk = (await build({ entryPoints: [SDK_ENTRY], bundle: true, format: 'esm', target: 'es2020', write: false, logLevel: 'silent' })).outputFiles[0].contents;
  const types = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript' };
  const files = {};
  for (const f of ['publisher.html', 'viewer.html', 'pattern.js']) files[`/${f}`] = await readFile(join(PAGES, f));
  files['/sdk/index.js'] = sdk;
  const server = createServer((req, res) => {
    const path = new URL(req.url, 'http://x').pathname;
    const body = files[path];
    if (!body) return res.writeHead(404).end();
    res.writeHead(200, { 'Content-Type': types[extname(path)] || 'application/octet-stream', 'Cache-Control': 'no-store' }).end(body);
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  return { origin: `http://127.0.0.1:${server.address().port}`, close: () => new Promise((r) => { server.closeAllConnections?.(); server.close(r); }) };
}

// ---- the RTMP publisher (--publisher rtmp) -------------------------------------------------

// Node draws the pattern itself, as the publisher page does, and an ffmpeg (libx264, AAC)
// publishes it to liveroom's RTMP listener like an OBS would.
const FRAME_W = 640;
const FRAME_H = 360;
const FPS = 30;
const FRAME_MS = 1000 / FPS;

/** The pattern of (timeMs, seq) as one 640x360 8-bit gray frame (cells 40 x 45 px). */
function renderGray(timeMs, seq) {
  const cells = encodeCells(timeMs, seq);
  const frame = Buffer.allocUnsafe(FRAME_W * FRAME_H);
  const line = Buffer.allocUnsafe(FRAME_W);
  for (let r = 0; r < ROWS; r += 1) {
    for (let c = 0; c < COLS; c += 1) {
      line.fill(cells[r * COLS + c] ? 255 : 0, Math.round((c * FRAME_W) / COLS), Math.round(((c + 1) * FRAME_W) / COLS));
    }
    for (let y = Math.round((r * FRAME_H) / ROWS); y < Math.round(((r + 1) * FRAME_H) / ROWS); y += 1) line.copy(frame, y * FRAME_W);
  }
  return frame;
}

/** renderGray's frames decode (as RGBA) to what was drawn. Throws otherwise. */
function renderSelfTest() {
  for (const [t, seq] of [[1.7e12 + 1234.5, 0], [1.8e12 + 0.1, 65535], [Date.now(), 4242]]) {
    const g = renderGray(t, seq);
    const rgba = new Uint8ClampedArray(FRAME_W * FRAME_H * 4);
    for (let i = 0; i < g.length; i += 1) {
      rgba[4 * i] = rgba[4 * i + 1] = rgba[4 * i + 2] = g[i];
      rgba[4 * i + 3] = 255;
    }
    const d = decodePixels(rgba, FRAME_W, FRAME_H);
    if (!d || Math.abs(d.timeMs - t) > 0.051 || d.seq !== seq) throw new Error(`gray frame self-test: ${t} ${seq} → ${JSON.stringify(d)}`);
  }
}

/**
 * Starts ffmpeg publishing to `url` and a frame clock feeding it: frame slot n is due at
 * start + n / 30 s; when it is due, node draws the wall-clock time (nowWall(), the clock
 * the pages use) and writes the frame to ffmpeg's stdin. When the previous frame is still
 * queued (stdin.write returned false and no 'drain' yet) the slot's frame is dropped
 * (counted, its counter skipped, as a browser capture drops a drawing) rather than queued;
 * a slot the timer overslept (the machine busy) is not drawn (counted).
 *
 * ffmpeg stamps each frame with the wall-clock time it read it
 * (`-use_wallclock_as_timestamps 1 -framerate 30`; the flv muxer's variable-frame-rate sync
 * keeps the frames on the 30 fps grid), so a frame not sent is a gap in the stream, as in a
 * browser's capture, and the stream's timeline keeps to the wall clock. `-r 30` on the input
 * would make ffmpeg ignore those stamps and count frames instead: every frame not sent would
 * put the timeline 33 ms further behind the wall clock for good (1.7 s after a smoke run's
 * viewer start-up on this 2-core machine). ffmpeg takes 3–4 ms from the write to the FLV tag
 * (p50 on a quiet machine; see the tone below).
 */
function startRtmpPublisher({ url, bitrate }) {
  const args = [
    '-hide_banner', '-loglevel', 'error', '-nostdin',
    '-use_wallclock_as_timestamps', '1', '-f', 'rawvideo', '-pix_fmt', 'gray', '-s', `${FRAME_W}x${FRAME_H}`, '-framerate', String(FPS), '-i', 'pipe:0',
    // The tone comes from a filter graph, not a second input (`-f lavfi -i sine=…`): with
    // two inputs ffmpeg 5.1 reads each in a thread and its main loop polls them, sleeping
    // 10 ms whenever the video input has nothing, so each frame waited 0–10 ms more (write →
    // FLV tag p50 8–10 ms, p95 13–14, against 3–4 and 4–7 this way, 2–3 without audio, on a
    // quiet machine). The sine is made on demand, in step with the video's timestamps, as
    // the lavfi input's was; the flv muxer sends its AAC frames interleaved by timestamp,
    // i.e. in bursts at each video frame, as an encoder's RTMP output does.
    // -shortest: ffmpeg ends with its stdin (the tone alone would run on, flat out).
    '-filter_complex', 'sine=frequency=440:sample_rate=48000[tone]', '-map', '0:v', '-map', '[tone]', '-shortest',
    '-c:v', 'libx264', '-preset', 'ultrafast', '-tune', 'zerolatency', '-g', String(FPS), '-bf', '0',
    '-pix_fmt', 'yuv420p', '-b:v', `${bitrate}k`, '-c:a', 'aac', '-b:a', '96k',
    '-progress', 'pipe:1', '-stats_period', '0.25',
    '-f', 'flv', url,
  ];
  const child = spawn('ffmpeg', args, { stdio: ['pipe', 'pipe', 'pipe'] });
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  let stderr = '';
  child.stderr.on('data', (c) => { stderr = (stderr + c).slice(-4000); });
  // -progress: key=value lines, a block every 0.25 s (frame=, out_time_us=, drop_frames=,
  // dup_frames=, …) ending with progress=; kept with the wall-clock time it ended.
  const progress = {};
  let block = null;
  let partial = '';
  child.stdout.on('data', (c) => {
    const parts = (partial + c).split('\n');
    partial = parts.pop();
    for (const l of parts) {
      const i = l.indexOf('=');
      if (i > 0) progress[l.slice(0, i).trim()] = l.slice(i + 1).trim();
      if (l.startsWith('progress=')) block = { wall: nowWall(), outMs: Number(progress.out_time_us) / 1000, frame: Number(progress.frame) || 0 };
    }
  });
  let exit = null;
  let spawnError = null;
  const exited = new Promise((r) => child.once('exit', (code, signal) => { exit = { code, signal }; r(exit); }));
  child.once('error', (e) => { spawnError = e.message; });
  let stdinError = null;
  child.stdin.on('error', (e) => { stdinError = e.message; }); // EPIPE once ffmpeg is gone

  const st = { drawn: 0, backpressureDrops: 0, missedSlots: 0, late: [] };
  let seq = 0;
  let next = 1;
  let timer = null;
  let stopped = false;
  let start = null;
  const tick = () => {
    if (stopped) return;
    const now = performance.now();
    const due = Math.floor((now - start) / FRAME_MS);
    if (due >= next) {
      st.missedSlots += due - next;
      if (st.late.length < 30 * 60 * 10) st.late.push([nowWall(), now - (start + due * FRAME_MS)]);
      next = due + 1;
      if (child.stdin.writable && !child.stdin.writableNeedDrain) {
        child.stdin.write(renderGray(nowWall(), seq));
        st.drawn += 1;
      } else {
        st.backpressureDrops += 1;
      }
      seq = (seq + 1) & 0xffff;
    }
    timer = setTimeout(tick, Math.max(0, start + next * FRAME_MS - performance.now()));
  };
  // ffmpeg reads its input only once it has connected and published over RTMP: the first
  // frame waits in the pipe, and the clock (slot 1 one frame later) starts when ffmpeg has
  // taken it (the slots of the connection's time are not counted as dropped).
  const startClock = () => {
    if (stopped || start !== null) return;
    start = performance.now();
    timer = setTimeout(tick, FRAME_MS);
  };
  seq = 1;
  st.drawn = 1;
  if (child.stdin.write(renderGray(nowWall(), 0))) startClock();
  else child.stdin.once('drain', startClock);

  return {
    child,
    /** Null while ffmpeg runs, else why it does not. */
    failure: () => (spawnError ? `ffmpeg: ${spawnError}` : exit ? `ffmpeg exited (${exit.code ?? exit.signal}): ${stderr.trim() || 'no output'}` : null),
    stderr: () => stderr,
    /** Counters now (frames drawn, dropped; ffmpeg's encoded frames and stream time per -progress). */
    snapshot: () => ({
      t: performance.now(),
      progress: block,
      drawn: st.drawn,
      backpressureDrops: st.backpressureDrops,
      missedSlots: st.missedSlots,
      encoded: Number(progress.frame) || 0,
      ffmpegDrops: Number(progress.drop_frames) || 0,
      ffmpegDups: Number(progress.dup_frames) || 0,
    }),
    /** How late the frame clock woke for the slots due in [from, to) (wall ms), ms. */
    lateMs: (from, to) => st.late.filter(([t]) => t >= from && t < to).map(([, l]) => l),
    stdinError: () => stdinError,
    async stop() {
      stopped = true;
      clearTimeout(timer);
      if (exit === null && !spawnError) {
        child.stdin.destroy();
        child.kill('SIGTERM');
        const t = setTimeout(() => child.kill('SIGKILL'), 3000);
        await exited;
        clearTimeout(t);
      }
      process.removeListener('exit', killOnExit);
    },
  };
}

// ---- the run ------------------------------------------------------------------------------

const PATH_NAMES = { rtc: 'WebRTC (SDK Player, room://)', hlsjs: 'LL-HLS (hls.js, lowLatencyMode)', flv: 'HTTP-FLV (mpegts.js)' };
// A new viewer plays this long; the median latency of its last second is reported.
const SETTLE_S = opts.smoke ? 1 : 3;
const ROOM = String(7000 + (process.pid % 1000));
const ANCHOR = 'lat_anchor';

const res = { server: null, pages: null, browser: null, publisher: null, encoder: null };
let cleaning = null;
async function cleanup() {
  cleaning ??= (async () => {
    const step = async (what, fn) => {
      try { await Promise.race([fn(), sleep(8000).then(() => { throw new Error('timeout'); })]); } catch (e) { log(`cleanup: ${what}: ${e.message}`); }
    };
    if (res.encoder) await step('ffmpeg', () => res.encoder.stop());
    if (res.publisher) await step('stopPush', () => res.publisher.evaluate(() => window.pusher && window.pusher.stopPush()));
    if (res.browser) await step('browser', () => res.browser.close());
    if (res.pages) await step('page server', () => res.pages.close());
    if (res.server) await step('liveroom', () => res.server.stop());
  })();
  return cleaning;
}

const budgetS = 90 + opts.joinAfter + opts.warmup + opts.duration + opts.ttffTrials * 30 * (opts.paths.length);
const watchdog = setTimeout(async () => {
  console.error(`latency: overall timeout (${budgetS} s); shutting down`);
  await cleanup();
  process.exit(2);
}, (opts.smoke ? Math.min(budgetS, 58) : budgetS) * 1000);
watchdog.unref();
for (const sig of ['SIGINT', 'SIGTERM']) {
  process.once(sig, async () => {
    console.error(`latency: ${sig}; shutting down`);
    await cleanup();
    process.exit(130);
  });
}

/** Offset of a page's wall clock from ours (ms; best of 5 round trips) and its uncertainty. */
async function clockOffset(page) {
  let best = null;
  for (let i = 0; i < 5; i += 1) {
    const a = nowWall();
    const p = await page.evaluate(() => window.wall());
    const b = nowWall();
    if (!best || b - a < best.rtt) best = { offset: p - (a + b) / 2, rtt: b - a };
  }
  return { offsetMs: Math.round(best.offset * 100) / 100, uncertaintyMs: Math.round((best.rtt / 2) * 100) / 100 };
}

async function newPage(file) {
  const context = await res.browser.newContext({ viewport: { width: 700, height: 420 } });
  const page = await context.newPage();
  page.errors = [];
  page.on('pageerror', (e) => page.errors.push(String(e)));
  await page.goto(`${res.pages.origin}/${file}`);
  await poll(() => page.evaluate(() => window.ready === true), { timeoutMs: 15000, what: `${file} loaded` });
  return page;
}

function urls(addr) {
  const base = `http://${addr}/live/${SDKAPPID}_${ROOM}_${ANCHOR}_main`;
  const flv = `${base}.flv`;
  const hls = `${base}.m3u8`;
  return { flv, hls, cdn: `https://flv=${encodeURIComponent(flv)}&hls=${encodeURIComponent(hls)}` };
}

async function playUrl(mode, viewerId) {
  if (mode === 'rtc') {
    const sig = await userSig(res.server.addr, viewerId);
    return `room://sdkappid=${SDKAPPID}&roomid=${ROOM}&userid=${viewerId}&usersig=${sig}`;
  }
  return urls(res.server.addr).cdn;
}

let viewerSerial = 0;
async function startViewer(mode) {
  const page = await newPage('viewer.html');
  viewerSerial += 1;
  const url = await playUrl(mode, `lat_viewer${viewerSerial}`);
  const info = await page.evaluate((a) => window.startViewer(a), { mode, url, server: `ws://${res.server.addr}` });
  if (info.engine !== mode) throw new Error(`${mode}: the Player chose ${info.engine}`);
  return page;
}

async function main() {
  selfTest();
  const load0 = loadavg();
  log(`load average ${load0.join(' ')}; binary ${BINARY}`);
  if (!existsSync(BINARY)) throw new Error(`liveroom binary not found: ${BINARY}`);
  if (opts.publisher === 'rtmp') renderSelfTest();
  res.server = await startServer({ extraConfig: opts.publisher === 'rtmp' ? '[rtmp]\nlisten = "127.0.0.1:0"\n' : '' });
  log(`liveroom on ${res.server.addr}${res.server.rtmp ? `, RTMP on ${res.server.rtmp}` : ''}`);
  res.pages = await servePages();
  res.browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
      '--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream',
      '--autoplay-policy=no-user-gesture-required',
      '--disable-background-timer-throttling', '--disable-renderer-backgrounding',
      '--disable-backgrounding-occluded-windows',
    ],
  });
  const browserVersion = res.browser.version();

  // The room and the publisher.
  const anchorSig = await userSig(res.server.addr, ANCHOR);
  const roomRes = await fetch(`http://${res.server.addr}/api/rooms?sdkappid=${SDKAPPID}&identifier=${ANCHOR}&usersig=${encodeURIComponent(anchorSig)}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ title: 'latency benchmark', roomId: ROOM }),
    signal: AbortSignal.timeout(5000),
  });
  if (roomRes.status !== 201) throw new Error(`creating room ${ROOM}: ${roomRes.status} ${await roomRes.text()}`);
  const streamID = `${SDKAPPID}_${ROOM}_${ANCHOR}_main`;
  let pub = null; // the publisher page (sdk)
  let enc = null; // node's frames + ffmpeg (rtmp)
  if (opts.publisher === 'rtmp') {
    enc = startRtmpPublisher({ url: `${res.server.rtmp}/${streamID}?userid=${ANCHOR}&usersig=${encodeURIComponent(anchorSig)}`, bitrate: opts.bitrate });
    res.encoder = enc;
    await poll(async () => {
      const failure = enc.failure();
      if (failure) throw new Error(failure);
      return enc.snapshot().encoded > 10;
    }, { timeoutMs: 20000, what: 'ffmpeg encoding the frames' });
    log(`publishing ${streamID} over RTMP: ffmpeg libx264 ${FRAME_W}x${FRAME_H} ${FPS} fps, ${opts.bitrate} kbps, GOP ${FPS}, AAC`);
  } else {
    pub = await newPage('publisher.html');
    res.publisher = pub;
    const pushed = await pub.evaluate((a) => window.publish(a), {
      url: `room://sdkappid=${SDKAPPID}&roomid=${ROOM}&userid=${ANCHOR}&usersig=${anchorSig}`,
      server: `ws://${res.server.addr}`,
      bitrate: opts.bitrate,
    });
    const out0 = await poll(async () => {
      const o = await pub.evaluate(() => window.outbound());
      return o && o.framesSent > 10 ? o : null;
    }, { timeoutMs: 20000, what: 'the publisher sending video' });
    log(`publishing ${pushed.streamID}: ${out0.codec} ${out0.width}x${out0.height} (${out0.encoder})`);
  }
  // An RTMP stream is live once the origin packages it (it always does), whatever the paths.
  if (enc || opts.paths.some((p) => p !== 'rtc')) {
    const { hls } = urls(res.server.addr);
    let last = 'no answer';
    try {
      await poll(async () => {
        const failure = enc && enc.failure();
        if (failure) throw new Error(failure);
        try {
          const r = await fetch(hls, { signal: AbortSignal.timeout(3000) });
          const body = await r.text();
          last = `${r.status} ${body.slice(0, 200)}`;
          return r.ok && /#EXT-X-PART:/.test(body);
        } catch (e) {
          last = e.message;
          return false;
        }
      }, { timeoutMs: 30000, intervalMs: 300, what: `the origin serving ${hls}` });
    } catch (e) {
      if (enc) {
        const metrics = await fetch(`http://${res.server.addr}/metrics`, { signal: AbortSignal.timeout(3000) })
          .then((r) => r.text()).then((t) => t.split('\n').filter((l) => /^liveroom_(rtmp|cdn)/.test(l)).join('; ')).catch((err) => err.message);
        throw new Error(`the origin does not serve ${hls} for the RTMP stream: ${e.message}; last answer ${JSON.stringify(last)}; encoder ${JSON.stringify(enc.snapshot())}, ffmpeg's stderr ${JSON.stringify(enc.stderr())}; metrics: ${metrics}\nliveroom's log (last ${LOG_LINES} lines):\n${res.server.log()}`);
      }
      // Say what there was: the playlist's answer, the publisher's stats, the CDN metrics.
      const out = await pub.evaluate(() => window.outbound()).catch((err) => err.message);
      const metrics = await fetch(`http://${res.server.addr}/metrics`, { signal: AbortSignal.timeout(3000) })
        .then((r) => r.text()).then((t) => t.split('\n').filter((l) => /^liveroom_cdn/.test(l)).join('; ')).catch((e) => e.message);
      const stuck = typeof out === 'object' && out && out.keyFramesEncoded <= 1 && out.pliCount === 0 && /segments_total 0/.test(metrics);
      const diagnosis = stuck
        ? 'DIAGNOSIS: the CDN packager never got a usable keyframe and never asked for one: the publisher sent only its first IDR and received no PLI. '
          + 'If liveroom_cdn_frames_dropped_total{reason="no_keyframe"} is 0, the tap missed the whole IDR and depacketize.rs (waiting_for_keyframe) drops frames silently; '
          + 'if it counts every frame, the tap got the IDR without its SPS / PPS and packager.rs drops every frame for want of a video config; neither requests a keyframe. '
        : '';
      throw new Error(`${diagnosis}the origin does not serve ${hls} after 30 s: last answer ${JSON.stringify(last)}; publisher ${JSON.stringify(out)}; states ${JSON.stringify(await pub.evaluate(() => window.states).catch(() => null))}; metrics: ${metrics}\nliveroom's log (last ${LOG_LINES} lines):\n${res.server.log()}`);
    }
    log(`the origin serves LL-HLS${enc ? ' (the RTMP stream is live)' : ''}`);
  }
  // Viewers join a stream that has been live a while, as real viewers do: right after the
  // publish starts, the CDN engines start from the first (short) GOPs / segments and keep
  // that extra latency for the whole session.
  log(`letting the stream run ${opts.joinAfter} s before the viewers join`);
  await sleep(opts.joinAfter * 1000);

  // Steady-state viewers, one per path, all at once.
  const viewers = {};
  for (const mode of opts.paths) viewers[mode] = await startViewer(mode);
  await Promise.all(opts.paths.map((mode) => poll(() => viewers[mode].evaluate(() => window.firstDecodedAt), { timeoutMs: 30000, what: `${mode}: a first decoded frame` })));
  log(`all viewers decode; warming up ${opts.warmup} s`);
  await sleep(opts.warmup * 1000);

  // The RTMP publisher's pattern is drawn by this process: its clock is the reference.
  const clocks = { publisher: pub ? await clockOffset(pub) : { offsetMs: 0, uncertaintyMs: 0 } };
  for (const mode of opts.paths) clocks[mode] = await clockOffset(viewers[mode]);
  const failedBefore = {};
  for (const mode of opts.paths) failedBefore[mode] = await viewers[mode].evaluate(() => window.failed);
  const notBrowser = [res.server.child.pid, ...(enc ? [enc.child.pid] : [])];
  const pubBefore = pub ? await pub.evaluate(async () => ({ drawn: window.drawn, out: await window.outbound() })) : enc.snapshot();
  const enc0 = enc && procTicks(enc.child.pid);
  const cpu0 = cpuTotals();
  const srv0 = procTicks(res.server.child.pid);
  const kids0 = await descendantTicks(notBrowser);
  const from = nowWall();
  log(`measuring for ${opts.duration} s`);
  await sleep(opts.duration * 1000);
  const to = nowWall();
  const cpu1 = cpuTotals();
  const srv1 = procTicks(res.server.child.pid);
  const kids1 = await descendantTicks(notBrowser);
  const enc1 = enc && procTicks(enc.child.pid);
  const load1 = loadavg();
  const pubAfter = pub ? await pub.evaluate(async () => ({ drawn: window.drawn, out: await window.outbound() })) : enc.snapshot();
  const encFailure = enc && enc.failure();
  const windowS = (to - from) / 1000;
  let browserTicks = 0;
  for (const [pid, t] of Object.entries(kids1)) if (pid in kids0) browserTicks += t - kids0[pid];

  const paths = {};
  const raw = {};
  for (const mode of opts.paths) {
    const c = await viewers[mode].evaluate(([a, b]) => window.collect(a, b), [from, to]);
    raw[mode] = c.samples;
    const s = c.samples;
    const display = s.map((x) => x[2] - x[3]);
    const bufferAhead = c.buffer.map((b) => b[1]);
    // Pairing check: the decoded time minus the frame's media time (both from one
    // requestVideoFrameCallback) moves only slowly (capture timing, clock drift) when the
    // pixels read are the frame the metadata describes; a frame more than 20 ms off the
    // median of its 15 neighbours (a frame interval is 33 ms) counts as mismatched.
    const residual = s.map((x) => x[3] - x[8]);
    const dev = residual.map((r, i) => Math.abs(r - quantile(residual.slice(Math.max(0, i - 7), i + 8).sort((a, b) => a - b), 0.5)));
    let skipped = 0;
    for (let i = 1; i < s.length; i += 1) skipped += Math.max(0, ((s[i][4] - s[i - 1][4] + 65536) % 65536) - 1);
    paths[mode] = {
      name: PATH_NAMES[mode],
      frames: s.length,
      fps: Math.round((s.length / windowS) * 10) / 10,
      undecoded: c.failed - failedBefore[mode],
      skippedFrames: skipped,
      mismatchedFrames: dev.filter((d) => d > 20).length,
      pairingJitterMs: summary(dev).p95,
      video: c.videoSize,
      latencyMs: summary(display),
      presentedLatencyMs: summary(s.map((x) => x[1] - x[3])),
      callbackLatencyMs: summary(s.map((x) => x[0] - x[3])),
      receiveLatencyMs: s.length && s[0][7] !== null ? summary(s.map((x) => x[7] - x[3])) : null,
      decodeMs: summary(s.map((x) => x[5])),
      bufferAheadMs: bufferAhead.length ? summary(bufferAhead.map((b) => b * 1000)) : null,
      rtcReceiver: c.rtc,
      playerErrors: c.errors,
      pageErrors: viewers[mode].errors,
    };
  }
  for (const mode of opts.paths) await viewers[mode].context().close();
  if (opts.dump) writeFileSync(opts.dump, JSON.stringify({ from, to, samples: raw }));

  // Time to first frame of new viewers, one at a time.
  const ttff = {};
  const ttffModes = ['flv', 'hlsjs', 'rtc'].filter((m) => opts.paths.includes(m));
  for (const mode of opts.ttffTrials > 0 ? ttffModes : []) {
    const trials = [];
    for (let i = 0; i < opts.ttffTrials; i += 1) {
      const page = await startViewer(mode);
      try {
        await poll(() => page.evaluate(() => window.firstDecodedAt), { timeoutMs: 20000, intervalMs: 50, what: `${mode}: first frame of a new viewer` });
        // Then SETTLE_S more of playing: the latency this session settles at (a CDN player
        // keeps the latency it joined at, within the engine's catch-up rules).
        await sleep(SETTLE_S * 1000);
        const r = await page.evaluate((settle) => {
          const last = window.samples.filter((x) => x[0] >= window.firstDecodedAt + (settle - 1) * 1000).map((x) => x[2] - x[3]).sort((a, b) => a - b);
          return { startedAt: window.startedAt, firstFrameAt: window.firstFrameAt, firstDecodedAt: window.firstDecodedAt, first: window.samples[0], settled: last.length ? last[last.length >> 1] : null };
        }, SETTLE_S);
        trials.push({
          firstFrameMs: Math.round(r.firstFrameAt - r.startedAt),
          firstDecodedMs: Math.round(r.firstDecodedAt - r.startedAt),
          firstFrameLatencyMs: Math.round(r.first[2] - r.first[3]),
          settledLatencyMs: r.settled === null ? null : Math.round(r.settled),
        });
      } catch (e) {
        trials.push({ error: e.message });
      }
      await page.context().close();
      await sleep(500);
    }
    const ok = trials.filter((t) => !t.error);
    ttff[mode] = { name: PATH_NAMES[mode], trials, ttffMs: summary(ok.map((t) => t.firstDecodedMs)) };
    log(`TTFF ${mode}: ${trials.map((t) => t.error ? 'error' : `${t.firstDecodedMs} ms`).join(', ')}`);
  }

  const load2 = loadavg();
  const fps = (n) => Math.round((n / windowS) * 10) / 10;
  let publisherStats;
  if (enc) {
    const end = enc.snapshot();
    publisherStats = {
      size: [FRAME_W, FRAME_H],
      codec: 'video/H264',
      encoder: `ffmpeg libx264 over RTMP (-preset ultrafast -tune zerolatency -g ${FPS} -bf 0, ${FPS} fps stamped by the wall clock; AAC 96 kb/s)`,
      bitrateKbps: opts.bitrate,
      drawnFps: fps(pubAfter.drawn - pubBefore.drawn),
      encodedFps: fps(pubAfter.encoded - pubBefore.encoded),
      keyframes: null,
      gopFrames: FPS,
      encodeMsPerFrame: null,
      qualityLimitation: null,
      // In the window: frames dropped because ffmpeg had not taken the previous one yet,
      // slots the frame clock overslept, and how late it woke for its slots.
      backpressureDrops: pubAfter.backpressureDrops - pubBefore.backpressureDrops,
      missedSlots: pubAfter.missedSlots - pubBefore.missedSlots,
      clockLateMs: summary(enc.lateMs(from, to)),
      // The stream's time (ffmpeg's out_time) gained over the window minus the wall-clock
      // time that passed (between two -progress reports): ≈ 0 when the timeline keeps to
      // real time.
      timelineDriftMs: pubBefore.progress && pubAfter.progress
        ? Math.round((pubAfter.progress.outMs - pubBefore.progress.outMs) - (pubAfter.progress.wall - pubBefore.progress.wall))
        : null,
      ffmpegDropFrames: end.ffmpegDrops,
      ffmpegDupFrames: end.ffmpegDups,
    };
  } else {
    const pubOut = pubAfter.out || {};
    const pubIn = pubBefore.out || {};
    publisherStats = {
      size: [pubOut.width, pubOut.height],
      codec: pubOut.codec,
      encoder: pubOut.encoder,
      bitrateKbps: opts.bitrate,
      drawnFps: fps(pubAfter.drawn - pubBefore.drawn),
      encodedFps: fps((pubOut.framesEncoded || 0) - (pubIn.framesEncoded || 0)),
      keyframes: (pubOut.keyFramesEncoded || 0) - (pubIn.keyFramesEncoded || 0),
      encodeMsPerFrame: pubOut.encodeMsPerFrame === null ? null : Math.round(pubOut.encodeMsPerFrame * 10) / 10,
      qualityLimitation: pubOut.qualityLimitationReason,
    };
  }
  const result = {
    bench: 'latency',
    date: new Date().toISOString(),
    smoke: opts.smoke,
    binary: BINARY,
    binaryBuilt: statSync(BINARY).mtime.toISOString(),
    git: gitState(),
    chromium: browserVersion,
    cores: (await import('node:os')).cpus().length,
    joinAfterS: opts.joinAfter,
    warmupS: opts.warmup,
    windowS: Math.round(windowS * 10) / 10,
    publisher: opts.publisher,
    publisherStats,
    paths,
    ttff,
    clockOffsetsMs: clocks,
    load: {
      loadavgStart: load0,
      loadavgWindowEnd: load1,
      loadavgEnd: load2,
      machineBusyCores: Math.round((((cpu1.total - cpu0.total) - (cpu1.idle - cpu0.idle)) / (cpu1.total - cpu0.total)) * (await import('node:os')).cpus().length * 100) / 100,
      serverCores: srv0 && srv1 ? Math.round(((srv1.ticks - srv0.ticks) / HZ / windowS) * 100) / 100 : null,
      browserCores: Math.round((browserTicks / HZ / windowS) * 100) / 100,
      encoderCores: enc0 && enc1 ? Math.round(((enc1.ticks - enc0.ticks) / HZ / windowS) * 100) / 100 : null,
    },
  };

  // Checks (the smoke's pass / fail; reported in a full run too).
  const problems = [];
  for (const mode of opts.paths) {
    const p = paths[mode];
    if (p.frames < Math.min(10, 2 * windowS)) problems.push(`${mode}: only ${p.frames} frames decoded in ${windowS.toFixed(1)} s`);
    else if (!(p.latencyMs.p95 > 0 && p.latencyMs.p95 < 10000)) problems.push(`${mode}: latency p95 ${p.latencyMs.p95} ms is not within (0, 10 s)`);
  }
  for (const [mode, t] of Object.entries(ttff)) {
    if (!t.trials.length || t.trials.some((x) => x.error)) problems.push(`${mode}: a new viewer got no frame: ${JSON.stringify(t.trials)}`);
  }
  if (encFailure) problems.push(`the RTMP publisher stopped during the window: ${encFailure}`);
  for (const [who, c] of Object.entries(clocks)) {
    if (Math.abs(c.offsetMs - clocks.publisher.offsetMs) > 5 + c.uncertaintyMs) problems.push(`${who}: page clock differs from the publisher's by ${(c.offsetMs - clocks.publisher.offsetMs).toFixed(1)} ms`);
  }
  // Not failures, but make the figures less exact (see the README's caveats).
  const warnings = [];
  for (const mode of opts.paths) {
    const p = paths[mode];
    if (p.mismatchedFrames > p.frames * 0.05) warnings.push(`${mode}: ${p.mismatchedFrames} of ${p.frames} frames' pixels do not match their callback metadata`);
    if (p.fps < 0.75 * publisherStats.drawnFps) warnings.push(`${mode}: ${p.fps} fps presented of ${publisherStats.drawnFps} drawn (CPU starved?)`);
  }
  if (enc) {
    const ps = publisherStats;
    if (ps.backpressureDrops || ps.missedSlots) warnings.push(`the RTMP publisher sent no frame for ${ps.backpressureDrops + ps.missedSlots} of the window's slots (${ps.backpressureDrops} ffmpeg had not taken the previous frame, ${ps.missedSlots} overslept; frame clock late p95 ${ps.clockLateMs.p95} ms)`);
    if (Math.abs(ps.timelineDriftMs) > 200) warnings.push(`the RTMP stream's time moved ${ps.timelineDriftMs} ms off the wall clock over the window`);
    if (ps.ffmpegDropFrames || ps.ffmpegDupFrames) warnings.push(`ffmpeg dropped ${ps.ffmpegDropFrames} and duplicated ${ps.ffmpegDupFrames} frames`);
  }
  if (result.load.machineBusyCores > 0.9 * result.cores) warnings.push(`the machine was saturated (${result.load.machineBusyCores} of ${result.cores} cores busy; liveroom ${result.load.serverCores}, Chromium ${result.load.browserCores}${enc ? `, ffmpeg ${result.load.encoderCores}` : ''})`);
  result.ok = problems.length === 0;
  result.problems = problems;
  result.warnings = warnings;

  if (!opts.jsonOnly) printTable(result);
  console.log(JSON.stringify(result));
  return result.ok;
}

function gitState() {
  try {
    const head = execFileSync('git', ['-C', REPO, 'rev-parse', '--short', 'HEAD'], { encoding: 'utf8', timeout: 5000 }).trim();
    const dirty = execFileSync('git', ['-C', REPO, 'status', '--porcelain', '--untracked-files=no'], { encoding: 'utf8', timeout: 5000 }).trim() !== '';
    return `${head}${dirty ? '+dirty' : ''}`;
  } catch {
    return null;
  }
}

function printTable(r) {
  const f = (v) => (v === null || v === undefined ? '—' : `${Math.round(v)}`);
  const lines = [];
  lines.push('');
  const ps = r.publisherStats;
  const source = r.publisher === 'rtmp'
    ? `RTMP publisher: ffmpeg libx264 ${ps.size.join('x')}, drawn ${ps.drawnFps} fps, encoded ${ps.encodedFps} fps, GOP ${ps.gopFrames}`
    : `SDK publisher: ${ps.size.join('x')} ${ps.codec}, drawn ${ps.drawnFps} fps, encoded ${ps.encodedFps} fps, ${ps.keyframes} keyframes`;
  lines.push(`Glass-to-glass latency, ${r.windowS} s window after ${r.warmupS} s warm-up, viewers joined ${r.joinAfterS} s into the stream (${source})`);
  lines.push('| path | frames | fps | p50 ms | p95 ms | max ms | min ms | skipped | decode p50 / max ms | buffered p50 ms |');
  lines.push('|---|---|---|---|---|---|---|---|---|---|');
  for (const p of Object.values(r.paths)) {
    const l = p.latencyMs;
    lines.push(`| ${p.name} | ${p.frames} | ${p.fps} | ${f(l.p50)} | ${f(l.p95)} | ${f(l.max)} | ${f(l.min)} | ${p.skippedFrames} | ${p.decodeMs.p50 ?? '—'} / ${p.decodeMs.max ?? '—'} | ${p.bufferAheadMs ? f(p.bufferAheadMs.p50) : '—'} |`);
  }
  if (Object.keys(r.ttff).length) {
    lines.push('');
    lines.push('Time to first frame of a new viewer (startPlay → first decoded frame)');
    lines.push(`| path | trials (ms) | p50 ms | max ms | latency of the first frame (ms) | latency after ${SETTLE_S} s (ms) |`);
    lines.push('|---|---|---|---|---|---|');
    for (const t of Object.values(r.ttff)) {
      const each = (k) => t.trials.map((x) => (x.error ? '—' : f(x[k]))).join(', ');
      lines.push(`| ${t.name} | ${t.trials.map((x) => x.error ? 'error' : x.firstDecodedMs).join(', ')} | ${f(t.ttffMs.p50)} | ${f(t.ttffMs.max)} | ${each('firstFrameLatencyMs')} | ${each('settledLatencyMs')} |`);
    }
  }
  lines.push('');
  lines.push(`load average ${r.load.loadavgStart.join(' ')} (start), ${r.load.loadavgWindowEnd.join(' ')} (window end); machine busy ${r.load.machineBusyCores} of ${r.cores} cores, liveroom ${r.load.serverCores}, Chromium ${r.load.browserCores}${r.load.encoderCores !== null ? `, ffmpeg ${r.load.encoderCores}` : ''}`);
  for (const w of r.warnings) lines.push(`warning: ${w}`);
  lines.push(r.ok ? 'checks: ok' : `checks FAILED: ${r.problems.join('; ')}`);
  console.log(lines.join('\n'));
}

let ok = false;
try {
  ok = await main();
} catch (e) {
  console.error(`latency: ${e.stack || e.message}`);
} finally {
  await cleanup();
  clearTimeout(watchdog);
}
process.exit(ok ? 0 : 1);
