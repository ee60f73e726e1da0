// Where the SDK finds liveroom when an app passes no `server` option.
//
// A page that loads the SDK from liveroom (`<script src="https://live.example.com/sdk/tweblive.js">`,
// the way a TWebLive page ports: swap the script) talks to the server the script came
// from, whatever origin the page itself is on. The script-tag bundle records its own
// address while it runs (`document.currentScript`); the ES module records its
// `import.meta.url`. When neither is known (the SDK bundled into an app's own code), the
// page's origin is the default. An explicit `server` always wins.

let scriptOrigin = null;

/** Remembers the origin of the SDK's own URL (ignored when it is not an http(s) URL). */
export function rememberScriptOrigin(url) {
  try {
    const u = new URL(url);
    if (u.protocol === 'http:' || u.protocol === 'https:') scriptOrigin = u.origin;
  } catch {
    // Not a URL (an inlined bundle): keep the page's origin as the default.
  }
}

/** The default server: the SDK's own origin, else the page's; null outside a page. */
export function defaultServer() {
  if (scriptOrigin) return scriptOrigin;
  const loc = globalThis.location;
  if (loc && loc.host) return `${loc.protocol}//${loc.host}`;
  return null;
}
