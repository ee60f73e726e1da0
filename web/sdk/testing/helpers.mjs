// Test helpers: a real liveroom server process, UserSigs, bounded waits.

import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import WebSocket from 'ws';

import { IM } from '../src/im.js';

export const SDKAPPID = 1400000001;
const HERE = fileURLToPath(new URL('.', import.meta.url));
export const BINARY =
  process.env.LIVEROOM_BIN || resolve(HERE, '../../../target/release/liveroom');

const SECRET = 'some-secret';
const APP = `[[apps]]
sdkappid = ${SDKAPPID}
secret = "${SECRET}"
`;
const CONFIG = `${APP}[dev]
usersig_endpoint = true
[log]
level = "warn"
[media]
udp = "127.0.0.1:0"
`;

/**
 * Starts `liveroom serve` on a free port. Resolves {addr, stop}; `addr` is host:port.
 * `config` is TOML appended to the usual config; when it has an `[rtmp]` section the
 * result also has `rtmp`, the server's RTMP base (`rtmp://127.0.0.1:PORT/live`).
 * `record: true` sets `record = true` on the test app (every stream recorded, docs/cdn.md).
 */
export async function startServer({ timeoutMs = 15000, config: extraConfig = '', record = false } = {}) {
  if (!existsSync(BINARY)) throw new Error(`liveroom binary not found at ${BINARY}`);
  const dir = mkdtempSync(join(tmpdir(), 'liveroom-sdk-test-'));
  const config = join(dir, 'liveroom.toml');
  const base = record ? CONFIG.replace(APP, `${APP}record = true\n`) : CONFIG;
  writeFileSync(config, extraConfig ? `${base}${extraConfig}` : base);
  const wantRtmp = /^\s*\[rtmp\]/m.test(extraConfig);
  const child = spawn(BINARY, ['serve', '--config', config, '--http', '127.0.0.1:0'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  // If the test process dies early, do not leave the server behind.
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  let output = '';
  let rtmp;
  const addr = await new Promise((resolveAddr, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`liveroom did not start within ${timeoutMs} ms:\n${output}`));
    }, timeoutMs);
    const onData = (chunk) => {
      output += chunk.toString();
      const m = /liveroom: listening on http:\/\/([0-9.]+:\d+)/.exec(output);
      // The server prints its RTMP line before the HTTP one.
      if (wantRtmp) rtmp = /liveroom: rtmp on (rtmp:\/\/[0-9.]+:\d+\/live)/.exec(output)?.[1];
      if (m && (!wantRtmp || rtmp)) {
        clearTimeout(timer);
        resolveAddr(m[1]);
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`liveroom exited (${code}) before listening:\n${output}`));
    });
  });
  // Keep draining the pipes so the server never blocks on a full pipe.
  child.stdout.on('data', () => {});
  child.stderr.on('data', () => {});

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
  return { addr, rtmp, stop, child };
}

/**
 * A UserSig from the dev endpoint; the administrator's (which the dev endpoint never
 * signs) from `liveroom usersig` with the app secret, as an app's backend would.
 */
export async function userSig(addr, userID) {
  if (userID === 'administrator') {
    return execFileSync(BINARY, ['usersig', '--sdkappid', String(SDKAPPID), '--user', userID], {
      env: { ...process.env, LIVEROOM_SECRET: SECRET },
      encoding: 'utf8',
    }).trim();
  }
  const res = await fetch(`http://${addr}/api/dev/usersig?sdkappid=${SDKAPPID}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ userID }),
    signal: AbortSignal.timeout(5000),
  });
  if (!res.ok) throw new Error(`usersig: HTTP ${res.status}`);
  const body = await res.json();
  return body.userSig;
}

/** Tracks IM instances so a test file can shut them all down. */
export class IMPool {
  constructor(addr) {
    this.addr = addr;
    this.all = [];
  }

  create(extra = {}) {
    const im = new IM({ SDKAppID: SDKAPPID, server: `ws://${this.addr}`, WebSocket, ...extra });
    im.setLogLevel(4);
    this.all.push(im);
    return im;
  }

  async loggedIn(userID, extra) {
    const im = this.create(extra);
    const sig = await userSig(this.addr, userID);
    await im.login({ userID, userSig: sig });
    return im;
  }

  shutdown() {
    for (const im of this.all) im._shutdown();
    this.all = [];
  }
}

/** Records every event of the given names: [{name, data}]. */
export function record(emitter, names) {
  const events = [];
  for (const name of names) emitter.on(name, (ev) => events.push(ev));
  return events;
}

/** Resolves with the next `{name, data}` of `name` (optionally matching), or rejects. */
export function nextEvent(emitter, name, { timeoutMs = 5000, match = () => true } = {}) {
  return new Promise((resolveEv, reject) => {
    const handler = (ev) => {
      if (!match(ev)) return;
      clearTimeout(timer);
      emitter.off(name, handler);
      resolveEv(ev);
    };
    const timer = setTimeout(() => {
      emitter.off(name, handler);
      reject(new Error(`no ${name} event within ${timeoutMs} ms`));
    }, timeoutMs);
    emitter.on(name, handler);
  });
}

/** Polls `predicate` every 20 ms until true; rejects after `timeoutMs`. */
export async function waitUntil(predicate, { timeoutMs = 5000, what = 'condition' } = {}) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await predicate()) return;
    await sleep(20);
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
}

export function sleep(ms) {
  return new Promise((r) => setTimeout(r, ms));
}

let uniq = 0;
/** A fresh id (room or user) unique within the run. */
export function uid(prefix) {
  uniq += 1;
  return `${prefix}${process.pid % 10000}x${uniq}`;
}
