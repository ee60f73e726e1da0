// Pure helpers of the WebRTC half (no browser globals): capture profiles, codec
// preference, network-quality grading. Unit-tested in node (sdk/test/media.test.mjs).

/**
 * Camera profiles (tweblive-api.md §3). 480p / 720p / 1080p / 1080p_2 are TRTC 4.6's camera
 * values; 480p_2 / 720p_2 exist only in TRTC's screen table, so the camera gets the screen
 * table's 30 fps variants for them.
 */
export const CAMERA_PROFILES = Object.freeze({
  '480p': Object.freeze({ width: 640, height: 480, frameRate: 15, bitrate: 900 }),
  '480p_2': Object.freeze({ width: 640, height: 480, frameRate: 30, bitrate: 1000 }),
  '720p': Object.freeze({ width: 1280, height: 720, frameRate: 15, bitrate: 1500 }),
  '720p_2': Object.freeze({ width: 1280, height: 720, frameRate: 30, bitrate: 3000 }),
  '1080p': Object.freeze({ width: 1920, height: 1080, frameRate: 15, bitrate: 2000 }),
  '1080p_2': Object.freeze({ width: 1920, height: 1080, frameRate: 30, bitrate: 4000 }),
});

/** Screen-share profiles (TRTC 4.6 screen table; 1080p_2 as TRTC intended it). */
export const SCREEN_PROFILES = Object.freeze({
  '480p': Object.freeze({ width: 640, height: 480, frameRate: 5, bitrate: 900 }),
  '480p_2': Object.freeze({ width: 640, height: 480, frameRate: 30, bitrate: 1000 }),
  '720p': Object.freeze({ width: 1280, height: 720, frameRate: 5, bitrate: 1200 }),
  '720p_2': Object.freeze({ width: 1280, height: 720, frameRate: 30, bitrate: 3000 }),
  '1080p': Object.freeze({ width: 1920, height: 1080, frameRate: 5, bitrate: 1600 }),
  '1080p_2': Object.freeze({ width: 1920, height: 1080, frameRate: 30, bitrate: 4000 }),
});

/** Audio profiles: `true` / other strings = standard, `"high"` = high (kbps). */
export const AUDIO_PROFILES = Object.freeze({
  standard: Object.freeze({ sampleRate: 48000, channelCount: 1, bitrate: 40 }),
  high: Object.freeze({ sampleRate: 48000, channelCount: 1, bitrate: 128 }),
});

/** `video: true` captures this profile; an unknown profile string gets TRTC's default. */
export const DEFAULT_VIDEO_PROFILE = '720p';
export const FALLBACK_VIDEO_PROFILE = '480p';
export const DEFAULT_SCREEN_PROFILE = '1080p';

function positive(v, fallback) {
  const n = Number(v);
  return Number.isFinite(n) && n > 0 ? n : fallback;
}

/**
 * The profile `setRenderView({video})` asks for: null for no video; a profile object
 * `{width, height, frameRate, bitrate}` otherwise. `true` → 720p; a known string → that
 * profile; an unknown string (e.g. the demo's "360p") → 480p, TRTC's default; an object →
 * its fields, missing ones from 480p.
 */
export function videoProfile(video, { screen = false } = {}) {
  const table = screen ? SCREEN_PROFILES : CAMERA_PROFILES;
  if (video === false || video === null || video === undefined) return null;
  if (video === true) return { ...table[screen ? DEFAULT_SCREEN_PROFILE : DEFAULT_VIDEO_PROFILE] };
  if (typeof video === 'string') {
    const known = Object.prototype.hasOwnProperty.call(table, video) ? table[video] : null;
    return { ...(known || table[screen ? DEFAULT_SCREEN_PROFILE : FALLBACK_VIDEO_PROFILE]) };
  }
  if (typeof video === 'object') {
    const base = table[FALLBACK_VIDEO_PROFILE];
    return {
      width: positive(video.width, base.width),
      height: positive(video.height, base.height),
      frameRate: positive(video.frameRate, base.frameRate),
      bitrate: positive(video.bitrate, base.bitrate),
    };
  }
  return null;
}

/** The audio profile for `setRenderView({audio})`: null for none. */
export function audioProfile(audio) {
  if (audio === false || audio === null || audio === undefined) return null;
  if (audio === 'high') return { ...AUDIO_PROFILES.high };
  return { ...AUDIO_PROFILES.standard };
}

/** getUserMedia video constraints for a profile (and an optional device id). */
export function videoConstraints(profile, deviceId) {
  if (!profile) return false;
  const c = {
    width: { ideal: profile.width },
    height: { ideal: profile.height },
    frameRate: { ideal: profile.frameRate },
  };
  if (deviceId) c.deviceId = { exact: deviceId };
  return c;
}

/** getUserMedia audio constraints for a profile (and an optional device id). */
export function audioConstraints(profile, deviceId) {
  if (!profile) return false;
  const c = {
    sampleRate: profile.sampleRate,
    channelCount: profile.channelCount,
    echoCancellation: true,
    noiseSuppression: true,
    autoGainControl: true,
  };
  if (deviceId) c.deviceId = { exact: deviceId };
  return c;
}

/**
 * Codec list for `setCodecPreferences`: H.264 with packetization-mode=1 first (the server's
 * CDN path needs H.264; constrained baseline 42e01f before others), then the rest in
 * the browser's order. Returns a new array.
 */
export function preferH264(codecs) {
  const isH264 = (c) =>
    /^video\/h264$/i.test(c.mimeType) && /packetization-mode=1/.test(c.sdpFmtpLine || '');
  const rank = (c) => (/profile-level-id=42e01f/i.test(c.sdpFmtpLine || '') ? 0 : 1);
  const h264 = codecs.filter(isH264).sort((a, b) => rank(a) - rank(b));
  return [...h264, ...codecs.filter((c) => !isH264(c))];
}

/**
 * Network quality 0–6 as TRTC reports it (0 unknown, 1 excellent, 2 good, 3 poor, 4 bad,
 * 5 very bad, 6 disconnected), from the packet loss of the last interval (0–1) and the
 * round-trip time (ms):
 *
 * | quality | loss      | and RTT    |
 * |---------|-----------|------------|
 * | 1       | ≤ 1 %     | ≤ 100 ms   |
 * | 2       | ≤ 3 %     | ≤ 200 ms   |
 * | 3       | ≤ 8 %     | ≤ 400 ms   |
 * | 4       | ≤ 15 %    | ≤ 800 ms   |
 * | 5       | worse     |            |
 * | 6       | the peer connection is not connected (while it should be) |
 * | 0       | no measurement (nothing sent / received yet)             |
 *
 * The worse of the two criteria wins. A missing RTT counts as 0.
 */
export function networkQuality({ connected = true, loss, rtt } = {}) {
  if (!connected) return 6;
  if (loss === undefined || loss === null || !Number.isFinite(loss)) return 0;
  const r = Number.isFinite(rtt) ? rtt : 0;
  const limits = [
    [0.01, 100],
    [0.03, 200],
    [0.08, 400],
    [0.15, 800],
  ];
  for (let i = 0; i < limits.length; i += 1) {
    if (loss <= limits[i][0] && r <= limits[i][1]) return i + 1;
  }
  return 5;
}

/** Loss fraction between two counter samples `{lost, received}` (undefined when no data). */
export function lossBetween(prev, cur) {
  if (!cur) return undefined;
  const lost = Math.max(0, (cur.lost || 0) - ((prev && prev.lost) || 0));
  const received = Math.max(0, (cur.received || 0) - ((prev && prev.received) || 0));
  if (lost + received === 0) return undefined;
  return lost / (lost + received);
}
