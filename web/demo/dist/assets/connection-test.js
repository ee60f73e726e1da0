/* liveroom demo. Built by web/demo/build.mjs from web/demo/src; do not edit. */
import {
  SDKAPPID,
  button,
  h,
  icon,
  mountHeader,
  pageUrl,
  restoreSession
} from "./chunk-CFZER32E.js";

// src/connection-test.js
var WS_OPEN_MS = 8e3;
var REQUEST_MS = 1e4;
var CONNECT_MS = 8e3;
var RTT_SAMPLES = 5;
var RTT_EVERY_MS = 500;
var DOC = "docs/operations.md, \u201CThe connection test page\u201D";
var wsUrl = `${location.protocol === "https:" ? "wss:" : "ws:"}//${location.host}/im?sdkappid=${SDKAPPID}`;
var socket = null;
function openSocket() {
  return new Promise((resolve, reject) => {
    let ws;
    try {
      ws = new WebSocket(wsUrl);
    } catch (err) {
      reject(new Error(err.message));
      return;
    }
    const pending = /* @__PURE__ */ new Map();
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
      reject(new Error(`no answer within ${WS_OPEN_MS / 1e3} s`));
    }, WS_OPEN_MS);
    ws.addEventListener("open", () => {
      clearTimeout(timer);
      resolve({
        ws,
        request(cmd, data) {
          if (ws.readyState !== WebSocket.OPEN) return Promise.reject(new Error("the WebSocket is closed"));
          const id = nextId++;
          return new Promise((res, rej) => {
            const t = setTimeout(() => {
              pending.delete(id);
              rej(new Error(`the server did not answer \u201C${cmd}\u201D within ${REQUEST_MS / 1e3} s`));
            }, REQUEST_MS);
            pending.set(id, { resolve: res, reject: rej, timer: t });
            ws.send(JSON.stringify({ id, cmd, data }));
          });
        }
      });
    });
    ws.addEventListener("message", (e) => {
      if (typeof e.data !== "string") return;
      for (const line of e.data.split("\n")) {
        if (!line) continue;
        let frame;
        try {
          frame = JSON.parse(line);
        } catch {
          continue;
        }
        const p = frame.id !== void 0 ? pending.get(frame.id) : null;
        if (!p) continue;
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
    ws.addEventListener("error", () => {
      clearTimeout(timer);
      reject(new Error("the connection failed"));
    });
    ws.addEventListener("close", (e) => {
      clearTimeout(timer);
      if (socket && socket.ws === ws) socket = null;
      fail(`the WebSocket closed (${e.code})`);
      reject(new Error(`the connection closed (${e.code})`));
    });
  });
}
async function signalling() {
  if (socket && socket.ws.readyState === WebSocket.OPEN) return socket;
  socket = await openSocket();
  return socket;
}
function parseCandidate(line) {
  const f = line.replace(/^a=candidate:/, "").trim().split(/\s+/);
  if (f.length < 8 || f[6] !== "typ") return null;
  const c = { protocol: f[2].toLowerCase(), address: f[4], port: Number(f[5]), type: f[7] };
  const t = f.indexOf("tcptype");
  if (t > 0 && f[t + 1]) c.tcpType = f[t + 1];
  return c;
}
function keepTransport(sdp, transport) {
  const kept = [];
  let count = 0;
  for (const line of sdp.split(/\r?\n/)) {
    if (line.startsWith("a=candidate:")) {
      const c = parseCandidate(line);
      if (!c || c.protocol !== transport) continue;
      count += 1;
    }
    kept.push(line);
  }
  return { sdp: kept.join("\r\n"), count };
}
function candidatesOf(sdp) {
  const seen = /* @__PURE__ */ new Map();
  for (const line of sdp.split(/\r?\n/)) {
    const c = line.startsWith("a=candidate:") ? parseCandidate(line) : null;
    if (c) seen.set(`${c.protocol} ${c.address} ${c.port} ${c.type} ${c.tcpType || ""}`, c);
  }
  return [...seen.values()];
}
function isPrivate(address) {
  const a = String(address || "").toLowerCase().replace(/^\[|\]$/g, "");
  if (a === "localhost" || a.endsWith(".localhost") || a.endsWith(".local")) return true;
  const v4 = /^(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(a);
  if (v4) {
    const [x, y] = [Number(v4[1]), Number(v4[2])];
    return x === 10 || x === 127 || x === 0 || x === 172 && y >= 16 && y <= 31 || x === 192 && y === 168 || x === 169 && y === 254 || x === 100 && y >= 64 && y <= 127;
  }
  if (a.includes(":")) return a === "::1" || a === "::" || /^f[cd]/.test(a) || /^fe[89ab]/.test(a);
  return false;
}
var lastAnswer = null;
function waitConnected(pc, ms) {
  return new Promise((resolve, reject) => {
    const done = (fn, v) => {
      clearTimeout(timer);
      pc.removeEventListener("connectionstatechange", check);
      fn(v);
    };
    const check = () => {
      const s = pc.connectionState;
      if (s === "connected") done(resolve);
      else if (s === "failed" || s === "closed") done(reject, new Error(`the connection ${s}`));
    };
    const timer = setTimeout(() => done(reject, new Error(`not connected within ${ms / 1e3} s (the browser found no working path; state ${pc.connectionState})`)), ms);
    pc.addEventListener("connectionstatechange", check);
    check();
  });
}
async function liveroomProbe(transport) {
  if (transport !== "udp" && transport !== "tcp") throw new Error(`transport is 'udp' or 'tcp', not ${transport}`);
  const s = await signalling();
  const pc = new RTCPeerConnection();
  try {
    pc.addTransceiver("audio", { direction: "sendonly" });
    await pc.setLocalDescription(await pc.createOffer());
    let answer;
    try {
      answer = await s.request("probe", { sdp: pc.localDescription.sdp });
    } catch (err) {
      if (err.code === 60028) {
        const busy = new Error("too many connection tests from your address at once: wait 15 s and run again (60028)");
        busy.code = 60028;
        throw busy;
      }
      if (err.code === 60020) throw new Error(`the server could not use this browser\u2019s offer (60020: ${err.message})`);
      throw err;
    }
    lastAnswer = candidatesOf(answer.sdp);
    const { sdp, count } = keepTransport(answer.sdp, transport);
    if (!count) {
      throw new Error(transport === "tcp" ? "the server announces no ICE-TCP candidate (media.ice_tcp is off)" : "the server announces no UDP candidate");
    }
    await pc.setRemoteDescription({ type: "answer", sdp });
    await waitConnected(pc, CONNECT_MS);
    return pc;
  } catch (err) {
    pc.close();
    throw err;
  }
}
window.liveroomProbe = liveroomProbe;
async function selectedPair(pc) {
  const stats = await pc.getStats();
  let pair = null;
  stats.forEach((r) => {
    if (!pair && r.type === "transport" && r.selectedCandidatePairId) pair = stats.get(r.selectedCandidatePairId) || null;
  });
  if (!pair) {
    stats.forEach((r) => {
      if (!pair && r.type === "candidate-pair" && r.state === "succeeded" && r.nominated) pair = r;
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
var sleep = (ms) => new Promise((r) => setTimeout(r, ms));
function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}
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
      if (typeof sel.pair.currentRoundTripTime === "number") rtts.push(sel.pair.currentRoundTripTime * 1e3);
    }
    if (!found) return { ok: false, error: "connected, but the browser reports no selected candidate pair" };
    const rttMs = rtts.length ? Math.round(median(rtts) * 10) / 10 : null;
    const out = { ok: true, rttMs, local: found.local, remote: found.remote };
    if (rttMs === null) out.rttNote = "the browser has not measured a round trip yet";
    return out;
  } catch (err) {
    return { ok: false, error: err.message || String(err), busy: err.code === 60028 };
  } finally {
    if (pc) pc.close();
  }
}
var root = document.getElementById("app");
var headerRoot = h("div");
var verdictBox = h("section", { class: "card conn-verdict", "data-testid": "conn-verdict", "aria-live": "polite" });
var runAgain = button("Run again", { cls: "btn btn-primary", iconName: "refresh", testid: "conn-run-again", onclick: () => run() });
var steps = {
  signalling: stepCard("signalling", "Server connection", "The chat WebSocket every page opens first."),
  udp: stepCard("udp", "WebRTC over UDP", "Live video\u2019s usual path: the lowest delay."),
  tcp: stepCard("tcp", "WebRTC over TCP", "ICE-TCP: the fallback for networks that block UDP.")
};
var candBox = h("div", { class: "conn-cands", "data-testid": "conn-candidates" });
var warnBox = h("div", { class: "dev-note conn-warn", "data-testid": "conn-private-warning", hidden: true });
root.replaceChildren(headerRoot, h(
  "main",
  { class: "conn" },
  h(
    "div",
    { class: "conn-head" },
    h(
      "div",
      {},
      h("h1", {}, "Connection test"),
      h("p", { class: "lead" }, "Checks whether live video reaches this server from your network: the server connection, then WebRTC over UDP and over TCP.")
    ),
    runAgain
  ),
  verdictBox,
  warnBox,
  h("div", { class: "conn-steps" }, steps.signalling.el, steps.udp.el, steps.tcp.el),
  h(
    "section",
    { class: "card conn-section" },
    h("h2", {}, "Candidates the server announces"),
    h("p", { class: "muted" }, "The addresses this server tells browsers to send media to (ICE candidates in its answer)."),
    candBox
  )
));
mountHeader(headerRoot, { center: h("div", { class: "page-title" }, icon("wifi"), h("b", {}, "Connection test")) });
function stepCard(key, title, about) {
  const state = h("span", { class: "conn-state", "data-testid": `conn-${key}-state` });
  const detail = h("div", { class: "conn-detail", "data-testid": `conn-${key}-detail` });
  const el = h(
    "section",
    { class: "card conn-step", "data-testid": `conn-step-${key}` },
    h("div", { class: "conn-step-head" }, h("div", {}, h("h3", {}, title), h("p", { class: "muted" }, about)), state),
    detail
  );
  return {
    el,
    set(st, text, ...lines) {
      el.dataset.state = st;
      state.dataset.state = st;
      state.textContent = text;
      detail.replaceChildren(...lines.filter(Boolean));
    }
  };
}
var fmtMs = (ms) => ms < 10 ? ms.toFixed(1) : String(Math.round(ms));
var where = (c) => c ? `${c.protocol}${c.tcpType ? ` (${c.tcpType})` : ""} ${c.type || "?"} ${c.address || "(hidden)"}${c.port ? `:${c.port}` : ""}` : "unknown";
function transportLines(r) {
  if (!r.ok) return [h("p", { class: "conn-error" }, r.error)];
  return [
    h("p", {}, h("b", {}, "Round trip: "), h("span", { "data-testid": "conn-rtt" }, r.rttMs === null ? `not measured (${r.rttNote})` : `${fmtMs(r.rttMs)} ms`)),
    h("p", { class: "conn-pair" }, h("b", {}, "Winning pair: "), h("span", {}, `this browser ${where(r.local)}`), " \u2192 ", h("span", {}, `server ${where(r.remote)}`))
  ];
}
function renderCandidates(cands) {
  if (!cands) {
    candBox.replaceChildren(h("p", { class: "muted" }, "None known: the server did not answer a probe."));
    return;
  }
  if (!cands.length) {
    candBox.replaceChildren(h("p", { class: "conn-error" }, "The server\u2019s answer carries no candidate at all."));
    return;
  }
  candBox.replaceChildren(h(
    "table",
    { class: "conn-table" },
    h("thead", {}, h("tr", {}, h("th", {}, "Transport"), h("th", {}, "Address"), h("th", {}, "Port"), h("th", {}, "Type"))),
    h("tbody", {}, cands.map((c) => h(
      "tr",
      { "data-testid": "conn-candidate" },
      h("td", {}, c.protocol.toUpperCase()),
      h("td", { class: "conn-addr" }, c.address),
      h("td", {}, String(c.port)),
      h("td", {}, c.type + (c.tcpType ? ` (${c.tcpType})` : ""))
    )))
  ));
}
function verdictOf(t) {
  if (!t.signalling.ok) {
    return ["no_signalling", `This page cannot reach the server\u2019s WebSocket (tried ${wsUrl}: ${t.signalling.error}). Check that the server runs and that any proxy in between passes WebSocket upgrades.`];
  }
  if (t.udp.ok) {
    return ["udp", t.udp.rttMs === null ? "Your network is fine for live video: WebRTC over UDP (the browser has not measured the round trip yet)." : `Your network is fine for live video: WebRTC over UDP, ${fmtMs(t.udp.rttMs)} ms round trip.`];
  }
  if (t.udp.busy || t.tcp.busy) {
    return ["busy", "The server is still running earlier tests from your address. Wait 15 seconds and run the test again."];
  }
  if (t.tcp.ok) {
    const udp = (t.candidates || []).find((c) => c.protocol === "udp");
    const target = udp ? `${udp.address.includes(":") ? `[${udp.address}]` : udp.address}:${udp.port}` : `${location.hostname} (its media port)`;
    return ["tcp_only", `UDP is blocked on your network; video still works over TCP with a little more delay. Ask your network administrator to allow UDP to ${target}.`];
  }
  return ["none", "WebRTC cannot reach this server from your network. The CDN player (LL-HLS / HTTP-FLV) still works."];
}
function renderVerdict(t) {
  const good = t.verdict === "udp";
  const kind = t.state === "running" ? "running" : good ? "ok" : t.verdict === "tcp_only" ? "warn" : "fail";
  verdictBox.dataset.verdict = t.verdict || "";
  verdictBox.dataset.kind = kind;
  if (t.state === "running") {
    verdictBox.replaceChildren(
      h("div", { class: "conn-verdict-icon" }, h("div", { class: "spinner" })),
      h("div", {}, h("h2", {}, "Testing your connection\u2026"), h("p", { class: "muted" }, "This takes up to half a minute."))
    );
    return;
  }
  verdictBox.replaceChildren(
    h("div", { class: "conn-verdict-icon" }, icon(good ? "bolt" : t.verdict === "tcp_only" ? "wifi" : "alert", "icon icon-xl")),
    h(
      "div",
      { class: "conn-verdict-text" },
      h("h2", { "data-testid": "conn-verdict-text" }, t.verdictText),
      t.verdict === "none" ? h("p", {}, h("a", { class: "link-btn", href: pageUrl("/") }, "Open the live list"), " and pick \u201CCDN\u201D on a player to watch that way.") : null,
      good ? null : h("p", { class: "muted", "data-testid": "conn-operator-note" }, "Operators: ", h("code", {}, DOC), " explains each result and what to change.")
    )
  );
}
var generation = 0;
async function run() {
  const gen = ++generation;
  runAgain.disabled = true;
  const t = { state: "running", signalling: null, udp: null, tcp: null, candidates: [], verdict: null, verdictText: "" };
  window.connectionTest = t;
  renderVerdict(t);
  warnBox.hidden = true;
  steps.signalling.set("running", "Testing\u2026", h("p", { class: "muted" }, wsUrl));
  steps.udp.set("waiting", "Waiting");
  steps.tcp.set("waiting", "Waiting");
  candBox.replaceChildren(h("p", { class: "muted" }, "Asking the server\u2026"));
  const stale = () => gen !== generation;
  if (socket) socket.ws.close();
  socket = null;
  try {
    await signalling();
    t.signalling = { ok: true };
    steps.signalling.set("ok", "Works", h("p", {}, "Connected to ", h("code", {}, wsUrl)));
  } catch (err) {
    t.signalling = { ok: false, error: err.message };
    steps.signalling.set("fail", "Fails", h("p", { class: "conn-error" }, `${wsUrl}: ${err.message}`));
  }
  if (stale()) return;
  if (t.signalling.ok) {
    for (const transport of ["udp", "tcp"]) {
      steps[transport].set("running", "Testing\u2026");
      lastAnswer = null;
      const r = await testTransport(transport);
      if (stale()) return;
      t[transport] = r;
      if (lastAnswer && !t.candidates.length) t.candidates = lastAnswer;
      steps[transport].set(r.ok ? "ok" : "fail", r.ok ? "Works" : "Fails", ...transportLines(r));
    }
    renderCandidates(t.candidates.length ? t.candidates : null);
  } else {
    t.udp = { ok: false, error: "not tested: no server connection" };
    t.tcp = { ok: false, error: "not tested: no server connection" };
    steps.udp.set("skipped", "Not tested");
    steps.tcp.set("skipped", "Not tested");
    renderCandidates(null);
  }
  if (t.candidates.length && !isPrivate(location.hostname) && t.candidates.every((c) => isPrivate(c.address))) {
    warnBox.replaceChildren(icon("alert"), h(
      "div",
      {},
      h("b", {}, "The server announces only private addresses. "),
      `Every candidate (${[...new Set(t.candidates.map((c) => c.address))].join(", ")}) is a private or loopback address, which browsers outside the server\u2019s network cannot reach. Operators: set `,
      h("code", {}, "media.advertise"),
      " to the public address (or ",
      h("code", {}, "media.stun_server"),
      "); see ",
      h("code", {}, DOC),
      "."
    ));
    warnBox.hidden = false;
  }
  if (socket) socket.ws.close();
  socket = null;
  [t.verdict, t.verdictText] = verdictOf(t);
  t.state = "done";
  renderVerdict(t);
  runAgain.disabled = false;
}
restoreSession();
run();
