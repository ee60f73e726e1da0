// Why a connection to liveroom failed before it ever opened, in words an integrator can
// act on (docs/sdk.md, "When the browser blocks the connection").
//
// A browser that refuses a connection tells the page nothing: the WebSocket closes with
// 1006 before `open` (or its constructor throws), a fetch rejects with a bare TypeError.
// The likely cause follows from the page's address and the server's:
//   - mixed content: an https: page and a ws: / http: server. Browsers block it outright,
//     except to loopback (127.0.0.0/8, ::1, localhost), which counts as secure.
//   - Local Network Access (Chromium: fetch since 142, WebSockets since 147): a page on a
//     public address and a server on a loopback or private one, or a page on a private
//     address and a server on loopback. Allowed only once the user grants the site
//     local-network access, which Chromium asks for in secure contexts (https: pages) only.
//   - otherwise: the server is down or unreachable, or something on the way refused it.
// Hosts are judged as written: only IP literals, localhost and *.local are known to be
// local, so a public name that resolves to a private address counts as public here.

const DOCS = 'docs/sdk.md, "When the browser blocks the connection"';

/** From the most private to the most public: a request up this list is a local one. */
const SPACES = ['loopback', 'local', 'public'];
const WHERE = { loopback: 'this device (loopback)', local: 'the local network', public: 'a public address' };

/** 'loopback', 'local' (private) or 'public': the address space of a URL's hostname. */
export function addressSpace(hostname) {
  const host = String(hostname).toLowerCase().replace(/\.$/, '');
  if (host === '') return 'loopback'; // a file: page, which Chromium treats as localhost
  if (host === 'localhost' || host.endsWith('.localhost')) return 'loopback';
  if (host.endsWith('.local')) return 'local';
  const v4 = ipv4(host);
  if (v4) return ipv4Space(v4);
  if (host.startsWith('[')) return ipv6Space(host.slice(1, -1));
  return 'public';
}

function ipv4(host) {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(host);
  if (!m) return null;
  const octets = m.slice(1).map(Number);
  return octets.every((o) => o <= 255) ? octets : null;
}

function ipv4Space([a, b]) {
  if (a === 127) return 'loopback';
  if (a === 10 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168) || (a === 169 && b === 254)) {
    return 'local';
  }
  return 'public';
}

/** `addr` as the URL parser writes it: lower case, `::` compressed, IPv4-mapped in hex. */
function ipv6Space(addr) {
  if (addr === '::1') return 'loopback';
  const mapped = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(addr);
  if (mapped) {
    const hi = parseInt(mapped[1], 16);
    return ipv4Space([hi >> 8, hi & 0xff]);
  }
  const first = parseInt(addr.split(':')[0] || '0', 16);
  if ((first & 0xfe00) === 0xfc00 || (first & 0xffc0) === 0xfe80) return 'local';
  return 'public';
}

/**
 * The likely cause of a connection to `server` (ws(s): or http(s): URL) that never opened,
 * from the page `{url, secure}` (absent outside a browser; `secure` is its
 * `isSecureContext`, by default whether it is https:), and the message to show. `detail`
 * is what the browser said, if anything (a constructor's exception).
 * @returns {{cause: 'mixedContent'|'localNetworkAccess'|'unreachable', server: string, message: string}}
 */
export function connectFailure(server, page, detail) {
  let target = null;
  try {
    target = new URL(server);
  } catch {
    // not a URL: only "could not connect" can be said
  }
  const shown = target ? `${target.protocol}//${target.host}${target.pathname.replace(/\/$/, '')}` : String(server);
  let from = null;
  try {
    from = page && page.url ? new URL(page.url) : null;
  } catch {
    // no page to compare with
  }
  const prefix = `could not connect to ${shown}`;
  if (target && from) {
    const serverSpace = addressSpace(target.hostname);
    const insecure = target.protocol === 'ws:' || target.protocol === 'http:';
    if (from.protocol === 'https:' && insecure && serverSpace !== 'loopback') {
      return {
        cause: 'mixedContent',
        server: shown,
        message: `${prefix}: this page is https: and the browser blocks unencrypted ws: / http: connections from it (mixed content); serve liveroom over https and give the SDK its wss:// or https:// address (${DOCS})`,
      };
    }
    const pageSpace = addressSpace(from.hostname);
    if (SPACES.indexOf(serverSpace) < SPACES.indexOf(pageSpace)) {
      const secure = page.secure ?? from.protocol === 'https:';
      const ask = secure ? 'allow this site to access the local network when Chromium asks' : 'serve the page over https (Chromium only asks on https: pages) and allow local network access';
      const move = pageSpace === 'public'
        ? 'serve the page from a private address too, or give liveroom a public address'
        : 'serve the page from this device too, or have liveroom listen on a local network address';
      return {
        cause: 'localNetworkAccess',
        server: shown,
        message: `${prefix}: the browser probably blocked it because this page (${from.origin}) is on ${WHERE[pageSpace]} and the server on ${WHERE[serverSpace]} (Local Network Access); ${ask}, or ${move} (${DOCS})`,
      };
    }
  }
  return {
    cause: 'unreachable',
    server: shown,
    message: detail ? `${prefix}: ${detail}` : `${prefix} (nothing answered there, or the network, a proxy or the browser refused the connection)`,
  };
}
