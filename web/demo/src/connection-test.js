// Connection test: can this browser reach the server's chat WebSocket, and WebRTC media
// over UDP and over ICE-TCP? Like LiveKit's connection test, on liveroom's `probe` command
// (docs/protocol.md): the server answers an offer with every candidate it announces; the
// page keeps only one transport's candidates, waits for the peer connection to connect and
// reads the winning candidate pair and its round trip from getStats.
//
// For tests: window.connectionTest (the result, kept up to date) and
// window.liveroomProbe(transport) (opens a probe leg with only 'udp' or 'tcp' candidates and
// resolves the connected RTCPeerConnection; the caller closes it).

import { h, icon, button, pageUrl, restoreSession, SDKAPPID } from './common.js';
import { mountHeader } from './header.js';

const WS_OPEN_MS = 8000; // the WebSocket must open within this
const REQUEST_MS = 10000; // a probe request must be answered within this
const CONNECT_MS = 8000; // a probe leg must connect within this
const RTT_SAMPLES = 5; // getStats samples of the round trip...
const RTT_EVERY_MS = 500; // ...this far apart (about 2 s in all)
const DOC = 'docs/operations.md, “The connection test page”';

const wsUrl = `${location.protocol === 'https:' ? 'wss:' : 'ws:'}//${location.host}/im?sdkappid=${SDKAPPID}`;

// ---- signalling: one WebSocket for the page (a probe leg lives as long as its session) ----

let socket = null; // {ws, request(cmd, data)} once open

function openSocket() {
  return new Promise((resolve, reject) => {
    let ws;
    try {
      ws = new WebSocket(wsUrl);
    } catch (err) {
      reject(new Error(err.message));
      return;
    }
    const pending = new Map(); // id -> {resolve, reject, timer}
    let nextId = 1;
    const fail = (why) => {
      for (const p of pending.values()) {
        clearTimeout(p.timer);
        p.reject(new Error(why));
      }
      pending.clear();
    };
    const timer = setTimeout(() => {
      ws.close();
      reject(new Error(`no answer within ${WS_OPEN_MS / 1000} s`));
    }, WS_OPEN_MS);
    ws.addEventListener('open', () => {
      clearTimeout(timer);
      resolve({
        ws,
        request(cmd, data) {
          if (ws.readyState !== WebSocket.OPEN) return Promise.reject(new Error('the WebSocket is closed'));
          const id = nextId++;
          return new Promise((res, rej) => {
            const t = setTimeout(() => {
              pending.delete(id);
              rej(new Error(`the server did not answer \u201c${cmd}\u201d within ${REQUEST_MS / 1000} s`));
            }, REQUEST_MS);
            pending.set(id, { resolve: res, reject: rej, timer: t });
            ws.send(JSON.stringify({ id, cmd, data }));
          });
        },
      });
    });
    ws.addEventListener('message', (e) => {
      if (typeof e.data !== 'string') return;
      // One WebSocket message may carry several frames, one a line.
      for (const line of e.data.split('\n')) {
        if (!line) continue;
        let frame;
        try {
          frame = JSON.parse(line);
        } catch {
          continue;
        }
        const p = frame.id !== undefined ? pending.get(frame.id) : null;
        if (!p) continue; // events and stray responses
        pending.delete(frame.id);
        clearTimeout(p.timer);
        if (frame.code === 0) p.resolve(frame.data || {});
        else {
          const err = new Error(frame.message || `error ${frame.code}`);
          err.code = frame.code;
          p.reject(err);
        }
      }
    });
    ws.addEventListener('error', () => {
      clearTimeout(timer);
      reject(new Error('the connection failed'));
    });
    ws.addEventListener('close', (e) => {
      clearTimeout(timer);
      if (socket && socket.ws === ws) socket = null;
      fail(`the WebSocket closed (${e.code})`);
      reject(new Error(`the connection closed (${e.code})`)); // no-op once open
    });
  });
}

async function signalling() {
  if (socket && socket.ws.readyState === WebSocket.OPEN) return socket;
  socket = await openSocket();
  return socket;
}

// ---- SDP and candidates ----------------------------------------------------------------

/** `a=candidate:F C transport prio addr port typ type [tcptype t] ...` -> fields, or null. */
function parseCandidate(line) {
  const f = line.replace(/^a=candidate:/, '').trim().split(/\s+/);
  if (f.length < 8 || f[6] !== 'typ') return null;
  const c = { protocol: f[2].toLowerCase(), address: f[4], port: Number(f[5]), type: f[7] };
  const t = f.indexOf('tcptype');
  if (t > 0 && f[t + 1]) c.tcpType = f[t + 1];
  return c;
}

/** The answer with only `transport`'s candidate lines (everything else kept). */
function keepTransport(sdp, transport) {
  const kept = [];
  let count = 0;
  for (const line of sdp.split(/\r?\n/)) {
    if (line.startsWith('a=candidate:')) {
      const c = parseCandidate(line);
      if (!c || c.protocol !== transport) continue;
      count += 1;
    }
    kept.push(line);
  }
  return { sdp: kept.join('\r\n'), count };
}

/** The answer's candidates, each one once (an answer may repeat one, e.g. per component). */
function candidatesOf(sdp) {
  const seen = new Map();
  for (const line of sdp.split(/\r?\n/)) {
    const c = line.startsWith('a=candidate:') ? parseCandidate(line) : null;
    if (c) seen.set(`${c.protocol} ${c.address} ${c.port} ${c.type} ${c.tcpType || ''}`, c);
  }
  return [...seen.values()];
}

/** Loopback, private (RFC 1918, ULA), link-local or CGNAT; names other than localhost are not. */
function isPrivate(address) {
  const a = String(address || '').toLowerCase().replace(/^\[|\]$/g, '');
  if (a === 'localhost' || a.endsWith('.localhost') || a.endsWith('.local')) return true;
  const v4 = /^(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(a);
  if (v4) {
    const [x, y] = [Number(v4[1]), Number(v4[2])];
    return x === 10 || x === 127 || x === 0 || (x === 172 && y >= 16 && y <= 31) || (x === 192 && y === 168)
      || (x === 169 && y === 254) || (x === 100 && y >= 64 && y <= 127);
  }
  if (a.includes(':')) return a === '::1' || a === '::' || /^f[cd]/.test(a) || /^fe[89ab]/.test(a);
  return false;
}

// ---- a probe leg -------------------------------------------------------------------------

let lastAnswer = null; // the candidates of the last probe answer

function waitConnected(pc, ms) {
  return new Promise((resolve, reject) => {
    const done = (fn, v) => {
      clearTimeout(timer);
      pc.removeEventListener('connectionstatechange', check);
      fn(v);
    };
    const check = () => {
      const s = pc.connectionState;
      if (s === 'connected') done(resolve);
      else if (s === 'failed' || s === 'closed') done(reject, new Error(`the connection ${s}`));
    };
    const timer = setTimeout(() => done(reject, new Error(`not connected within ${ms / 1000} s (the browser found no working path; state ${pc.connectionState})`)), ms);
    pc.addEventListener('connectionstatechange', check);
    check();
  });
}

/**
 * Opens a probe leg with only `transport` ('udp' or 'tcp') candidates of the server's
 * answer; resolves the connected RTCPeerConnection (the caller closes it). The leg lives
 * until the server ends it (15 s), the page's WebSocket closes or the caller closes it.
 */
async function liveroomProbe(transport) {
  if (transport !== 'udp' && transport !== 'tcp') throw new Error(`transport is 'udp' or 'tcp', not ${transport}`);
  const s = await signalling();
  const pc = new RTCPeerConnection(); // no iceServers: the server's own candidates only
  try {
    pc.addTransceiver('audio', { direction: 'sendonly' });
    await pc.setLocalDescription(await pc.createOffer());
    let answer;
    try {
      answer = await s.request('probe', { sdp: pc.localDescription.sdp });
    } catch (err) {
      if (err.code === 60028) {
        const busy = new Error('too many connection tests from your address at once: wait 15 s and run again (60028)');
        busy.code = 60028;
        throw busy;
      }
      if (err.code === 60020) throw new Error(`the server could not use this browser\u2019s offer (60020: ${err.message})`);
      throw err;
    }
    lastAnswer = candidatesOf(answer.sdp);
    const { sdp, count } = keepTransport(answer.sdp, transport);
    if (!count) {
      throw new Error(transport === 'tcp'
        ? 'the server announces no ICE-TCP candidate (media.ice_tcp is off)'
        : 'the server announces no UDP candidate');
    }
    await pc.setRemoteDescription({ type: 'answer', sdp });
    await waitConnected(pc, CONNECT_MS);
    return pc;
  } catch (err) {
    pc.close();
    throw err;
  }
}
window.liveroomProbe = liveroomProbe;

/** The winning candidate pair: the transport's selected one, else a succeeded nominated one. */
async function selectedPair(pc) {
  const stats = await pc.getStats();
  let pair = null;
  stats.forEach((r) => {
    if (!pair && r.type === 'transport' && r.selectedCandidatePairId) pair = stats.get(r.selectedCandidatePairId) || null;
  });
  if (!pair) {
    stats.forEach((r) => {
      if (!pair && r.type === 'candidate-pair' && r.state === 'succeeded' && r.nominated) pair = r;
    });
  }
  if (!pair) return null;
  const cand = (id) => {
    const c = stats.get(id);
    if (!c) return null;
    const out = { protocol: c.protocol, type: c.candidateType, address: c.address ?? c.ip ?? null, port: c.port };
    if (c.tcpType) out.tcpType = c.tcpType;
    return out;
  };
  return { pair, local: cand(pair.localCandidateId), remote: cand(pair.remoteCandidateId) };
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** One transport's step: {ok, rttMs, rttNote?, local, remote} or {ok: false, error}. */
async function testTransport(transport) {
  let pc;
  try {
    pc = await liveroomProbe(transport);
    const rtts = [];
    let found = null;
    for (let i = 0; i < RTT_SAMPLES; i++) {
      if (i) await sleep(RTT_EVERY_MS);
      const sel = await selectedPair(pc);
      if (!sel) continue;
      found = sel;
      if (typeof sel.pair.currentRoundTripTime === 'number') rtts.push(sel.pair.currentRoundTripTime * 1000);
    }
    if (!found) return { ok: false, error: 'connected, but the browser reports no selected candidate pair' };
    const rttMs = rtts.length ? Math.round(median(rtts) * 10) / 10 : null;
    const out = { ok: true, rttMs, local: found.local, remote: found.remote };
    if (rttMs === null) out.rttNote = 'the browser has not measured a round trip yet';
    return out;
  } catch (err) {
    return { ok: false, error: err.message || String(err), busy: err.code === 60028 };
  } finally {
    if (pc) pc.close();
  }
}

// ---- the page ----------------------------------------------------------------------------

const root = document.getElementById('app');
const headerRoot = h('div');
const verdictBox = h('section', { class: 'card conn-verdict', 'data-testid': 'conn-verdict', 'aria-live': 'polite' });
const runAgain = button('Run again', { cls: 'btn btn-primary', iconName: 'refresh', testid: 'conn-run-again', onclick: () => run() });
const steps = {
  signalling: stepCard('signalling', 'Server connection', 'The chat WebSocket every page opens first.'),
  udp: stepCard('udp', 'WebRTC over UDP', 'Live video\u2019s usual path: the lowest delay.'),
  tcp: stepCard('tcp', 'WebRTC over TCP', 'ICE-TCP: the fallback for networks that block UDP.'),
};
const candBox = h('div', { class: 'conn-cands', 'data-testid': 'conn-candidates' });
const warnBox = h('div', { class: 'dev-note conn-warn', 'data-testid': 'conn-private-warning', hidden: true });

root.replaceChildren(headerRoot, h('main', { class: 'conn' },
  h('div', { class: 'conn-head' },
    h('div', {},
      h('h1', {}, 'Connection test'),
      h('p', { class: 'lead' }, 'Checks whether live video reaches this server from your network: the server connection, then WebRTC over UDP and over TCP.')),
    runAgain),
  verdictBox,
  warnBox,
  h('div', { class: 'conn-steps' }, steps.signalling.el, steps.udp.el, steps.tcp.el),
  h('section', { class: 'card conn-section' },
    h('h2', {}, 'Candidates the server announces'),
    h('p', { class: 'muted' }, 'The addresses this server tells browsers to send media to (ICE candidates in its answer).'),
    candBox)));
mountHeader(headerRoot, { center: h('div', { class: 'page-title' }, icon('wifi'), h('b', {}, 'Connection test')) });

function stepCard(key, title, about) {
  const state = h('span', { class: 'conn-state', 'data-testid': `conn-${key}-state` });
  const detail = h('div', { class: 'conn-detail', 'data-testid': `conn-${key}-detail` });
  const el = h('section', { class: 'card conn-step', 'data-testid': `conn-step-${key}` },
    h('div', { class: 'conn-step-head' }, h('div', {}, h('h3', {}, title), h('p', { class: 'muted' }, about)), state),
    detail);
  return {
    el,
    set(st, text, ...lines) {
      el.dataset.state = st;
      state.dataset.state = st;
      state.textContent = text;
      detail.replaceChildren(...lines.filter(Boolean));
    },
  };
}

const fmtMs = (ms) => (ms < 10 ? ms.toFixed(1) : String(Math.round(ms)));
const where = (c) => (c ? `${c.protocol}${c.tcpType ? ` (${c.tcpType})` : ''} ${c.type || '?'} ${c.address || '(hidden)'}${c.port ? `:${c.port}` : ''}` : 'unknown');

function transportLines(r) {
  if (!r.ok) return [h('p', { class: 'conn-error' }, r.error)];
  return [
    h('p', {}, h('b', {}, 'Round trip: '), h('span', { 'data-testid': 'conn-rtt' }, r.rttMs === null ? `not measured (${r.rttNote})` : `${fmtMs(r.rttMs)} ms`)),
    h('p', { class: 'conn-pair' }, h('b', {}, 'Winning pair: '), h('span', {}, `this browser ${where(r.local)}`), ' \u2192 ', h('span', {}, `server ${where(r.remote)}`)),
  ];
}

function renderCandidates(cands) {
  if (!cands) {
    candBox.replaceChildren(h('p', { class: 'muted' }, 'None known: the server did not answer a probe.'));
    return;
  }
  if (!cands.length) {
    candBox.replaceChildren(h('p', { class: 'conn-error' }, 'The server\u2019s answer carries no candidate at all.'));
    return;
  }
  candBox.replaceChildren(h('table', { class: 'conn-table' },
    h('thead', {}, h('tr', {}, h('th', {}, 'Transport'), h('th', {}, 'Address'), h('th', {}, 'Port'), h('th', {}, 'Type'))),
    h('tbody', {}, cands.map((c) => h('tr', { 'data-testid': 'conn-candidate' },
      h('td', {}, c.protocol.toUpperCase()), h('td', { class: 'conn-addr' }, c.address), h('td', {}, String(c.port)),
      h('td', {}, c.type + (c.tcpType ? ` (${c.tcpType})` : '')))))));
}

function verdictOf(t) {
  if (!t.signalling.ok) {
    return ['no_signalling', `This page cannot reach the server\u2019s WebSocket (tried ${wsUrl}: ${t.signalling.error}). Check that the server runs and that any proxy in between passes WebSocket upgrades.`];
  }
  if (t.udp.ok) {
    return ['udp', t.udp.rttMs === null
      ? 'Your network is fine for live video: WebRTC over UDP (the browser has not measured the round trip yet).'
      : `Your network is fine for live video: WebRTC over UDP, ${fmtMs(t.udp.rttMs)} ms round trip.`];
  }
  if (t.udp.busy || t.tcp.busy) {
    // The server refused to start a test (earlier ones from this address still run):
    // nothing is known about the network yet.
    return ['busy', 'The server is still running earlier tests from your address. Wait 15 seconds and run the test again.'];
  }
  if (t.tcp.ok) {
    const udp = (t.candidates || []).find((c) => c.protocol === 'udp');
    const target = udp ? `${udp.address.includes(':') ? `[${udp.address}]` : udp.address}:${udp.port}` : `${location.hostname} (its media port)`;
    return ['tcp_only', `UDP is blocked on your network; video still works over TCP with a little more delay. Ask your network administrator to allow UDP to ${target}.`];
  }
  return ['none', 'WebRTC cannot reach this server from your network. The CDN player (LL-HLS / HTTP-FLV) still works.'];
}

function renderVerdict(t) {
  const good = t.verdict === 'udp';
  const kind = t.state === 'running' ? 'running' : good ? 'ok' : t.verdict === 'tcp_only' ? 'warn' : 'fail';
  verdictBox.dataset.verdict = t.verdict || '';
  verdictBox.dataset.kind = kind;
  if (t.state === 'running') {
    verdictBox.replaceChildren(h('div', { class: 'conn-verdict-icon' }, h('div', { class: 'spinner' })),
      h('div', {}, h('h2', {}, 'Testing your connection\u2026'), h('p', { class: 'muted' }, 'This takes up to half a minute.')));
    return;
  }
  verdictBox.replaceChildren(
    h('div', { class: 'conn-verdict-icon' }, icon(good ? 'bolt' : t.verdict === 'tcp_only' ? 'wifi' : 'alert', 'icon icon-xl')),
    h('div', { class: 'conn-verdict-text' },
      h('h2', { 'data-testid': 'conn-verdict-text' }, t.verdictText),
      t.verdict === 'none' ? h('p', {}, h('a', { class: 'link-btn', href: pageUrl('/') }, 'Open the live list'), ' and pick \u201cCDN\u201d on a player to watch that way.') : null,
      good ? null : h('p', { class: 'muted', 'data-testid': 'conn-operator-note' }, 'Operators: ', h('code', {}, DOC), ' explains each result and what to change.')));
}

let generation = 0;

async function run() {
  const gen = ++generation;
  runAgain.disabled = true;
  const t = { state: 'running', signalling: null, udp: null, tcp: null, candidates: [], verdict: null, verdictText: '' };
  window.connectionTest = t;
  renderVerdict(t);
  warnBox.hidden = true;
  steps.signalling.set('running', 'Testing\u2026', h('p', { class: 'muted' }, wsUrl));
  steps.udp.set('waiting', 'Waiting');
  steps.tcp.set('waiting', 'Waiting');
  candBox.replaceChildren(h('p', { class: 'muted' }, 'Asking the server\u2026'));
  const stale = () => gen !== generation;

  // Step 1: the WebSocket. A fresh one each run, so each run tests it.
  if (socket) socket.ws.close();
  socket = null;
  try {
    await signalling();
    t.signalling = { ok: true };
    steps.signalling.set('ok', 'Works', h('p', {}, 'Connected to ', h('code', {}, wsUrl)));
  } catch (err) {
    t.signalling = { ok: false, error: err.message };
    steps.signalling.set('fail', 'Fails', h('p', { class: 'conn-error' }, `${wsUrl}: ${err.message}`));
  }
  if (stale()) return;

  if (t.signalling.ok) {
    // Steps 2 and 3: UDP, then ICE-TCP, one after the other (a client address may run 2 at once).
    for (const transport of ['udp', 'tcp']) {
      steps[transport].set('running', 'Testing\u2026');
      lastAnswer = null;
      const r = await testTransport(transport);
      if (stale()) return;
      t[transport] = r;
      if (lastAnswer && !t.candidates.length) t.candidates = lastAnswer;
      steps[transport].set(r.ok ? 'ok' : 'fail', r.ok ? 'Works' : 'Fails', ...transportLines(r));
    }
    renderCandidates(t.candidates.length ? t.candidates : null);
  } else {
    t.udp = { ok: false, error: 'not tested: no server connection' };
    t.tcp = { ok: false, error: 'not tested: no server connection' };
    steps.udp.set('skipped', 'Not tested');
    steps.tcp.set('skipped', 'Not tested');
    renderCandidates(null);
  }

  // Every announced address private or loopback while the page is not: the server was
  // not told its public address.
  if (t.candidates.length && !isPrivate(location.hostname) && t.candidates.every((c) => isPrivate(c.address))) {
    warnBox.replaceChildren(icon('alert'), h('div', {},
      h('b', {}, 'The server announces only private addresses. '),
      `Every candidate (${[...new Set(t.candidates.map((c) => c.address))].join(', ')}) is a private or loopback address, which browsers outside the server\u2019s network cannot reach. Operators: set `,
      h('code', {}, 'media.advertise'), ' to the public address (or ', h('code', {}, 'media.stun_server'), '); see ', h('code', {}, DOC), '.'));
    warnBox.hidden = false;
  }

  // The server holds each test's leg until it ends (15 s) or this session closes: closing
  // the session now frees them, so another run (or another tab) may test at once.
  if (socket) socket.ws.close();
  socket = null;

  [t.verdict, t.verdictText] = verdictOf(t);
  t.state = 'done';
  renderVerdict(t);
  runAgain.disabled = false;
}

restoreSession();
run();
