// URL helpers shared by Pusher, Player and apps (tweblive-api.md §3, §4, §9).

const PERCENT_ESCAPE = /%[0-9A-Fa-f]{2}/;

/** Percent-decodes `value` when it contains a `%XX` escape; otherwise returns it as is. */
function maybeDecode(value) {
  if (!PERCENT_ESCAPE.test(value)) return value;
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

/** Always percent-decodes (the CDN parts); falls back to the raw text on a bad escape. */
function decode(value) {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

const ROOM_KEYS = ['sdkappid', 'roomid', 'userid', 'usersig', 'streamid', 'livedomainname'];

/**
 * Parses `room://sdkappid=..&roomid=..&userid=..&usersig=..&streamid=..&livedomainname=..`.
 * Keys in any order, case-sensitive, split on `&`; unknown keys are ignored. Values are
 * taken raw like TWebLive 1.3.1, and percent-decoded when they contain `%XX`.
 * `sdkappid` becomes a number; `roomid` a number when it is all decimal digits (TRTC rooms
 * are numeric), else the string. Absent keys are `undefined`.
 * @throws {Error} 'Unsupported protocol!' when the URL does not start with `room://`.
 */
export function parseRoomUrl(url) {
  if (typeof url !== 'string' || !url.startsWith('room://')) {
    throw new Error('Unsupported protocol!');
  }
  const out = {
    sdkappid: undefined,
    roomid: undefined,
    userid: undefined,
    usersig: undefined,
    streamid: undefined,
    livedomainname: undefined,
  };
  for (const part of url.slice('room://'.length).split('&')) {
    const eq = part.indexOf('=');
    if (eq <= 0) continue;
    const key = part.slice(0, eq);
    if (!ROOM_KEYS.includes(key)) continue;
    out[key] = maybeDecode(part.slice(eq + 1));
  }
  if (out.sdkappid !== undefined) out.sdkappid = parseInt(out.sdkappid, 10);
  if (out.roomid !== undefined && /^\d+$/.test(out.roomid)) out.roomid = parseInt(out.roomid, 10);
  return out;
}

/**
 * Parses the Player's CDN URL `https://flv=<enc>&hls=<enc>` or `https://hls=<enc>&flv=<enc>`;
 * either part may be absent. Like TWebLive the text after `https://` is split on the
 * literal `&hls=` / `&flv=` and each part is percent-decoded.
 * @returns {{flv: string, hls: string} | null} '' for an absent part; null when `url` is
 *   not a CDN play URL of that form.
 */
export function parseCdnUrl(url) {
  if (typeof url !== 'string' || !url.startsWith('https://')) return null;
  const rest = url.slice('https://'.length);
  let first;
  let second;
  if (rest.startsWith('flv=')) {
    first = 'flv';
    second = 'hls';
  } else if (rest.startsWith('hls=')) {
    first = 'hls';
    second = 'flv';
  } else {
    return null;
  }
  const sep = `&${second}=`;
  const body = rest.slice(4);
  const at = body.indexOf(sep);
  const out = { flv: '', hls: '' };
  if (at === -1) {
    out[first] = decode(body);
  } else {
    out[first] = decode(body.slice(0, at));
    out[second] = decode(body.slice(at + sep.length));
  }
  return out;
}

/** The CDN stream id TWebLive apps use: `<sdkappid>_<roomid>_<userid>_main`. */
export function buildStreamId(sdkappid, roomid, userid) {
  return `${sdkappid}_${roomid}_${userid}_main`;
}

/** `Pusher.getLiveStreamURL()`'s shape: `https://<domain>/live/<streamid>.flv`. */
export function liveStreamUrl(domain, streamid) {
  return `https://${domain}/live/${streamid}.flv`;
}

/**
 * Which Player engine a `startPlay` URL selects (chosen per call, not fixed by the first
 * one as in 1.3.1): 'webrtc' for `room://`, 'cdn' for `https://flv=…` / `https://hls=…`,
 * null for anything else (startPlay then resolves and does nothing, like the original).
 */
export function playEngine(url) {
  if (typeof url !== 'string') return null;
  if (url.startsWith('room://')) return 'webrtc';
  if (parseCdnUrl(url)) return 'cdn';
  return null;
}

/**
 * Validates a `room://` URL for `Pusher.startPush` / `Player.startPlay`: `parseRoomUrl`
 * plus the checks both need. With `userID` (the Pusher's), `userid` must equal it.
 * @throws {Error} 'Unsupported protocol!', the 1.3.1 user mismatch text, or
 *   'invalid room:// URL: <key> is missing'.
 */
export function parseRtcUrl(url, userID) {
  const p = parseRoomUrl(url);
  if (userID !== undefined && p.userid !== userID) {
    throw new Error('userID 与 createPusher() 时传入的 userID 不匹配！');
  }
  if (!Number.isFinite(p.sdkappid) || p.sdkappid <= 0) {
    throw new Error('invalid room:// URL: sdkappid is missing');
  }
  for (const key of ['roomid', 'userid', 'usersig']) {
    if (p[key] === undefined || p[key] === '') {
      throw new Error(`invalid room:// URL: ${key} is missing`);
    }
  }
  return p;
}
