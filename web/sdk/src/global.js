// Entry of the script-tag bundle (dist/tweblive.js): `<script src="/sdk/tweblive.js">`
// gives the page a global `TWebLive`, like TWebLive 1.x's UMD build, with no TRTC / TIM
// globals needed.
import TWebLive from './index.js';

globalThis.TWebLive = TWebLive;
