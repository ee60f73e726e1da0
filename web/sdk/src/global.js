// Entry of the script-tag bundle (dist/tweblive.js): `<script src="/sdk/tweblive.js">`
// gives the page a global `TWebLive`, like TWebLive 1.x's UMD build, with no TRTC / TIM
// globals needed.
import TWebLive from './index.js';
import { rememberScriptOrigin } from './server.js';

// While this script runs, the page's `document.currentScript` is this very script tag:
// its address is where liveroom is (see server.js).
if (typeof document !== 'undefined' && document.currentScript && document.currentScript.src) {
  rememberScriptOrigin(document.currentScript.src);
}

globalThis.TWebLive = TWebLive;
