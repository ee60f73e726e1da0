// The CDN engines' libraries, bundled into the SDK from npm (versions pinned in
// web/package-lock.json) and evaluated only when a CDN startPlay first needs them
// (cdn.js loadCdnLibs): mpegts.js touches `self` when loaded.
import Hls from 'hls.js/dist/hls.light.min.mjs';
import mpegts from 'mpegts.js';

export { Hls, mpegts };
