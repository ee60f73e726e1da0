/* liveroom demo. Built by web/demo/build.mjs from web/demo/src; do not edit. */

// ../node_modules/hls.js/dist/hls.light.min.mjs
var t = Number.isFinite || function(t2) {
  return "number" == typeof t2 && isFinite(t2);
};
var e = Number.isSafeInteger || function(t2) {
  return "number" == typeof t2 && Math.abs(t2) <= r;
};
var r = Number.MAX_SAFE_INTEGER || 9007199254740991;
var i = (function(t2) {
  return t2.NETWORK_ERROR = "networkError", t2.MEDIA_ERROR = "mediaError", t2.KEY_SYSTEM_ERROR = "keySystemError", t2.MUX_ERROR = "muxError", t2.OTHER_ERROR = "otherError", t2;
})({});
var s = (function(t2) {
  return t2.KEY_SYSTEM_NO_KEYS = "keySystemNoKeys", t2.KEY_SYSTEM_NO_ACCESS = "keySystemNoAccess", t2.KEY_SYSTEM_NO_SESSION = "keySystemNoSession", t2.KEY_SYSTEM_NO_CONFIGURED_LICENSE = "keySystemNoConfiguredLicense", t2.KEY_SYSTEM_LICENSE_REQUEST_FAILED = "keySystemLicenseRequestFailed", t2.KEY_SYSTEM_SERVER_CERTIFICATE_REQUEST_FAILED = "keySystemServerCertificateRequestFailed", t2.KEY_SYSTEM_SERVER_CERTIFICATE_UPDATE_FAILED = "keySystemServerCertificateUpdateFailed", t2.KEY_SYSTEM_SESSION_UPDATE_FAILED = "keySystemSessionUpdateFailed", t2.KEY_SYSTEM_STATUS_OUTPUT_RESTRICTED = "keySystemStatusOutputRestricted", t2.KEY_SYSTEM_STATUS_INTERNAL_ERROR = "keySystemStatusInternalError", t2.KEY_SYSTEM_DESTROY_MEDIA_KEYS_ERROR = "keySystemDestroyMediaKeysError", t2.KEY_SYSTEM_DESTROY_CLOSE_SESSION_ERROR = "keySystemDestroyCloseSessionError", t2.KEY_SYSTEM_DESTROY_REMOVE_SESSION_ERROR = "keySystemDestroyRemoveSessionError", t2.MANIFEST_LOAD_ERROR = "manifestLoadError", t2.MANIFEST_LOAD_TIMEOUT = "manifestLoadTimeOut", t2.MANIFEST_PARSING_ERROR = "manifestParsingError", t2.MANIFEST_INCOMPATIBLE_CODECS_ERROR = "manifestIncompatibleCodecsError", t2.LEVEL_EMPTY_ERROR = "levelEmptyError", t2.PLAYLIST_UNCHANGED_ERROR = "playlistUnchangedError", t2.LEVEL_LOAD_ERROR = "levelLoadError", t2.LEVEL_LOAD_TIMEOUT = "levelLoadTimeOut", t2.LEVEL_PARSING_ERROR = "levelParsingError", t2.LEVEL_SWITCH_ERROR = "levelSwitchError", t2.AUDIO_TRACK_LOAD_ERROR = "audioTrackLoadError", t2.AUDIO_TRACK_LOAD_TIMEOUT = "audioTrackLoadTimeOut", t2.SUBTITLE_LOAD_ERROR = "subtitleTrackLoadError", t2.SUBTITLE_TRACK_LOAD_TIMEOUT = "subtitleTrackLoadTimeOut", t2.FRAG_LOAD_ERROR = "fragLoadError", t2.FRAG_LOAD_TIMEOUT = "fragLoadTimeOut", t2.FRAG_DECRYPT_ERROR = "fragDecryptError", t2.FRAG_PARSING_ERROR = "fragParsingError", t2.FRAG_GAP = "fragGap", t2.REMUX_ALLOC_ERROR = "remuxAllocError", t2.KEY_LOAD_ERROR = "keyLoadError", t2.KEY_LOAD_TIMEOUT = "keyLoadTimeOut", t2.BUFFER_ADD_CODEC_ERROR = "bufferAddCodecError", t2.BUFFER_INCOMPATIBLE_CODECS_ERROR = "bufferIncompatibleCodecsError", t2.BUFFER_APPEND_ERROR = "bufferAppendError", t2.BUFFER_APPENDING_ERROR = "bufferAppendingError", t2.BUFFER_APPEND_NO_PROGRESS = "bufferAppendNoProgress", t2.BUFFER_STALLED_ERROR = "bufferStalledError", t2.BUFFER_FULL_ERROR = "bufferFullError", t2.BUFFER_SEEK_OVER_HOLE = "bufferSeekOverHole", t2.BUFFER_NUDGE_ON_STALL = "bufferNudgeOnStall", t2.ASSET_LIST_LOAD_ERROR = "assetListLoadError", t2.ASSET_LIST_LOAD_TIMEOUT = "assetListLoadTimeout", t2.ASSET_LIST_PARSING_ERROR = "assetListParsingError", t2.INTERSTITIAL_ASSET_ITEM_ERROR = "interstitialAssetItemError", t2.INTERNAL_EXCEPTION = "internalException", t2.INTERNAL_ABORTED = "aborted", t2.ATTACH_MEDIA_ERROR = "attachMediaError", t2.MEDIA_SOURCE_REQUIRES_RESET = "mediaSourceRequiresReset", t2.UNKNOWN = "unknown", t2;
})({});
var n = (function(t2) {
  return t2.MEDIA_ATTACHING = "hlsMediaAttaching", t2.MEDIA_ATTACHED = "hlsMediaAttached", t2.MEDIA_DETACHING = "hlsMediaDetaching", t2.MEDIA_DETACHED = "hlsMediaDetached", t2.MEDIA_ENDED = "hlsMediaEnded", t2.STALL_RESOLVED = "hlsStallResolved", t2.BUFFER_RESET = "hlsBufferReset", t2.BUFFER_CODECS = "hlsBufferCodecs", t2.BUFFER_CREATED = "hlsBufferCreated", t2.BUFFER_APPENDING = "hlsBufferAppending", t2.BUFFER_APPENDED = "hlsBufferAppended", t2.BUFFER_EOS = "hlsBufferEos", t2.BUFFERED_TO_END = "hlsBufferedToEnd", t2.BUFFER_FLUSHING = "hlsBufferFlushing", t2.BUFFER_FLUSHED = "hlsBufferFlushed", t2.MANIFEST_LOADING = "hlsManifestLoading", t2.MANIFEST_LOADED = "hlsManifestLoaded", t2.MANIFEST_PARSED = "hlsManifestParsed", t2.LEVEL_SWITCHING = "hlsLevelSwitching", t2.LEVEL_SWITCHED = "hlsLevelSwitched", t2.LEVEL_LOADING = "hlsLevelLoading", t2.LEVEL_LOADED = "hlsLevelLoaded", t2.LEVEL_UPDATED = "hlsLevelUpdated", t2.LEVEL_PTS_UPDATED = "hlsLevelPtsUpdated", t2.LEVELS_UPDATED = "hlsLevelsUpdated", t2.AUDIO_TRACKS_UPDATED = "hlsAudioTracksUpdated", t2.AUDIO_TRACK_SWITCHING = "hlsAudioTrackSwitching", t2.AUDIO_TRACK_SWITCHED = "hlsAudioTrackSwitched", t2.AUDIO_TRACK_LOADING = "hlsAudioTrackLoading", t2.AUDIO_TRACK_LOADED = "hlsAudioTrackLoaded", t2.AUDIO_TRACK_UPDATED = "hlsAudioTrackUpdated", t2.SUBTITLE_TRACKS_UPDATED = "hlsSubtitleTracksUpdated", t2.SUBTITLE_TRACKS_CLEARED = "hlsSubtitleTracksCleared", t2.SUBTITLE_TRACK_SWITCH = "hlsSubtitleTrackSwitch", t2.SUBTITLE_TRACK_LOADING = "hlsSubtitleTrackLoading", t2.SUBTITLE_TRACK_LOADED = "hlsSubtitleTrackLoaded", t2.SUBTITLE_TRACK_UPDATED = "hlsSubtitleTrackUpdated", t2.SUBTITLE_FRAG_PROCESSED = "hlsSubtitleFragProcessed", t2.CUES_PARSED = "hlsCuesParsed", t2.NON_NATIVE_TEXT_TRACKS_FOUND = "hlsNonNativeTextTracksFound", t2.INIT_PTS_FOUND = "hlsInitPtsFound", t2.FRAG_LOADING = "hlsFragLoading", t2.FRAG_LOAD_EMERGENCY_ABORTED = "hlsFragLoadEmergencyAborted", t2.FRAG_LOADED = "hlsFragLoaded", t2.FRAG_DECRYPTED = "hlsFragDecrypted", t2.FRAG_PARSING_INIT_SEGMENT = "hlsFragParsingInitSegment", t2.FRAG_PARSING_USERDATA = "hlsFragParsingUserdata", t2.FRAG_PARSING_METADATA = "hlsFragParsingMetadata", t2.FRAG_PARSED = "hlsFragParsed", t2.FRAG_BUFFERED = "hlsFragBuffered", t2.FRAG_CHANGED = "hlsFragChanged", t2.FPS_DROP = "hlsFpsDrop", t2.FPS_DROP_LEVEL_CAPPING = "hlsFpsDropLevelCapping", t2.MAX_AUTO_LEVEL_UPDATED = "hlsMaxAutoLevelUpdated", t2.ERROR = "hlsError", t2.DESTROYING = "hlsDestroying", t2.KEY_LOADING = "hlsKeyLoading", t2.KEY_LOADED = "hlsKeyLoaded", t2.LIVE_BACK_BUFFER_REACHED = "hlsLiveBackBufferReached", t2.BACK_BUFFER_REACHED = "hlsBackBufferReached", t2.STEERING_MANIFEST_LOADED = "hlsSteeringManifestLoaded", t2.ASSET_LIST_LOADING = "hlsAssetListLoading", t2.ASSET_LIST_LOADED = "hlsAssetListLoaded", t2.INTERSTITIALS_UPDATED = "hlsInterstitialsUpdated", t2.INTERSTITIALS_BUFFERED_TO_BOUNDARY = "hlsInterstitialsBufferedToBoundary", t2.INTERSTITIAL_ASSET_PLAYER_CREATED = "hlsInterstitialAssetPlayerCreated", t2.INTERSTITIAL_STARTED = "hlsInterstitialStarted", t2.INTERSTITIAL_ASSET_STARTED = "hlsInterstitialAssetStarted", t2.INTERSTITIAL_ASSET_ENDED = "hlsInterstitialAssetEnded", t2.INTERSTITIAL_ASSET_ERROR = "hlsInterstitialAssetError", t2.INTERSTITIAL_ENDED = "hlsInterstitialEnded", t2.INTERSTITIALS_PRIMARY_RESUMED = "hlsInterstitialsPrimaryResumed", t2.PLAYOUT_LIMIT_REACHED = "hlsPlayoutLimitReached", t2.EVENT_CUE_ENTER = "hlsEventCueEnter", t2;
})({});
function a(t2) {
  return t2 && t2.__esModule && Object.prototype.hasOwnProperty.call(t2, "default") ? t2.default : t2;
}
var o;
var l = { exports: {} };
var d;
var h;
var u;
var c;
var f;
var g = o ? l.exports : (o = 1, d = /^(?=((?:[a-zA-Z0-9+\-.]+:)?))\1(?=((?:\/\/[^\/?#]*)?))\2(?=((?:(?:[^?#\/]*\/)*[^;?#\/]*)?))\3((?:;[^?#]*)?)(\?[^#]*)?(#[^]*)?$/, h = /^(?=([^\/?#]*))\1([^]*)$/, u = /(?:\/|^)\.(?=\/)/g, c = /(?:\/|^)\.\.\/(?!\.\.\/)[^\/]*(?=\/)/g, l.exports = f = { buildAbsoluteURL: function(t2, e2, r2) {
  if (r2 = r2 || {}, t2 = t2.trim(), !(e2 = e2.trim())) {
    if (!r2.alwaysNormalize) return t2;
    var i2 = f.parseURL(t2);
    if (!i2) throw new Error("Error trying to parse base URL.");
    return i2.path = f.normalizePath(i2.path), f.buildURLFromParts(i2);
  }
  var s2 = f.parseURL(e2);
  if (!s2) throw new Error("Error trying to parse relative URL.");
  if (s2.scheme) return r2.alwaysNormalize ? (s2.path = f.normalizePath(s2.path), f.buildURLFromParts(s2)) : e2;
  var n2 = f.parseURL(t2);
  if (!n2) throw new Error("Error trying to parse base URL.");
  if (!n2.netLoc && n2.path && "/" !== n2.path[0]) {
    var a2 = h.exec(n2.path);
    n2.netLoc = a2[1], n2.path = a2[2];
  }
  n2.netLoc && !n2.path && (n2.path = "/");
  var o2 = { scheme: n2.scheme, netLoc: s2.netLoc, path: null, params: s2.params, query: s2.query, fragment: s2.fragment };
  if (!s2.netLoc && (o2.netLoc = n2.netLoc, "/" !== s2.path[0])) if (s2.path) {
    var l2 = n2.path, d2 = l2.substring(0, l2.lastIndexOf("/") + 1) + s2.path;
    o2.path = f.normalizePath(d2);
  } else o2.path = n2.path, s2.params || (o2.params = n2.params, s2.query || (o2.query = n2.query));
  return null === o2.path && (o2.path = r2.alwaysNormalize ? f.normalizePath(s2.path) : s2.path), f.buildURLFromParts(o2);
}, parseURL: function(t2) {
  var e2 = d.exec(t2);
  return e2 ? { scheme: e2[1] || "", netLoc: e2[2] || "", path: e2[3] || "", params: e2[4] || "", query: e2[5] || "", fragment: e2[6] || "" } : null;
}, normalizePath: function(t2) {
  for (t2 = t2.split("").reverse().join("").replace(u, ""); t2.length !== (t2 = t2.replace(c, "")).length; ) ;
  return t2.split("").reverse().join("");
}, buildURLFromParts: function(t2) {
  return t2.scheme + t2.netLoc + t2.path + t2.params + t2.query + t2.fragment;
} });
var m = class {
  constructor() {
    this.aborted = false, this.loaded = 0, this.retry = 0, this.total = 0, this.chunkCount = 0, this.bwEstimate = 0, this.loading = { start: 0, first: 0, end: 0 }, this.parsing = { start: 0, end: 0 }, this.buffering = { start: 0, first: 0, end: 0 };
  }
};
var p = (function(t2) {
  return t2.MANIFEST = "manifest", t2.LEVEL = "level", t2.AUDIO_TRACK = "audioTrack", t2.SUBTITLE_TRACK = "subtitleTrack", t2.MEDIA_FRAGMENT = "media-fragment", t2.KEY = "key", t2.STEERING_MANIFEST = "steering-manifest", t2.SERVER_CERTIFICATE = "server-certificate", t2.INTERSTITIAL_ASSET_LIST = "interstitial-asset-list", t2;
})({});
var v = (function(t2) {
  return t2.MAIN = "main", t2.AUDIO = "audio", t2.SUBTITLE = "subtitle", t2;
})({});
var E = { AUDIO: "audio", VIDEO: "video", AUDIOVIDEO: "audiovideo" };
var y = class {
  constructor(t2) {
    this._byteRange = null, this._url = null, this._stats = null, this._streams = null, this.base = void 0, this.relurl = void 0, "string" == typeof t2 && (t2 = { url: t2 }), this.base = t2, (function(t3, e2) {
      const r2 = b(t3, e2);
      r2 && (r2.enumerable = true, Object.defineProperty(t3, e2, r2));
    })(this, "stats");
  }
  setByteRange(t2, e2) {
    const r2 = t2.split("@", 2);
    let i2;
    i2 = 1 === r2.length ? (null == e2 ? void 0 : e2.byteRangeEndOffset) || 0 : parseInt(r2[1]), this._byteRange = [i2, parseInt(r2[0]) + i2];
  }
  get baseurl() {
    return this.base.url;
  }
  get byteRange() {
    return null === this._byteRange ? [] : this._byteRange;
  }
  get byteRangeStartOffset() {
    return this.byteRange[0];
  }
  get byteRangeEndOffset() {
    return this.byteRange[1];
  }
  get elementaryStreams() {
    return null === this._streams && (this._streams = { [E.AUDIO]: null, [E.VIDEO]: null, [E.AUDIOVIDEO]: null }), this._streams;
  }
  set elementaryStreams(t2) {
    this._streams = t2;
  }
  get hasStats() {
    return null !== this._stats;
  }
  get hasStreams() {
    return null !== this._streams;
  }
  get stats() {
    return null === this._stats && (this._stats = new m()), this._stats;
  }
  set stats(t2) {
    this._stats = t2;
  }
  get url() {
    return !this._url && this.relurl && (this._url = g.buildAbsoluteURL(this.baseurl, this.relurl, { alwaysNormalize: true })), this._url || "";
  }
  set url(t2) {
    this._url = t2;
  }
  clearElementaryStreamInfo() {
    const { elementaryStreams: t2 } = this;
    t2[E.AUDIO] = null, t2[E.VIDEO] = null, t2[E.AUDIOVIDEO] = null, this.url = null;
  }
};
function T(t2) {
  return "initSegment" !== t2.sn;
}
function S(t2, e2) {
  return t2.sn === (null == e2 ? void 0 : e2.sn) && t2.level === e2.level;
}
function L(t2, e2) {
  return t2.sn === (null == e2 ? void 0 : e2.sn) && t2.level === e2.level && t2.cc === e2.cc;
}
var A = class extends y {
  constructor(t2, e2) {
    super(e2), this._decryptdata = null, this._programDateTime = null, this._ref = null, this._bitrate = void 0, this.rawProgramDateTime = null, this.tagList = [], this.duration = 0, this.sn = 0, this.levelkeys = void 0, this.type = void 0, this.loader = null, this.keyLoader = null, this.level = -1, this.cc = 0, this.startPTS = void 0, this.endPTS = void 0, this.startDTS = void 0, this.endDTS = void 0, this.start = 0, this.playlistOffset = 0, this.deltaPTS = void 0, this.maxStartPTS = void 0, this.minEndPTS = void 0, this.data = void 0, this.bitrateTest = false, this.title = null, this.initSegment = null, this.endList = void 0, this.gap = void 0, this.urlId = 0, this.type = t2;
  }
  get byteLength() {
    if (this.hasStats) {
      const t2 = this.stats.total;
      if (t2) return t2;
    }
    if (this.byteRange.length) {
      const e2 = this.byteRange[0], r2 = this.byteRange[1];
      if (t(e2) && t(r2)) return r2 - e2;
    }
    return null;
  }
  get bitrate() {
    return this.byteLength ? 8 * this.byteLength / this.duration : this._bitrate ? this._bitrate : null;
  }
  set bitrate(t2) {
    this._bitrate = t2;
  }
  get decryptdata() {
    var t2;
    const { levelkeys: e2 } = this;
    if (!e2 || e2.NONE) return null;
    if (e2.identity) this._decryptdata || (this._decryptdata = e2.identity.getDecryptData(this.sn));
    else if (null == (t2 = this._decryptdata) || !t2.keyId) {
      const t3 = Object.keys(e2);
      if (1 === t3.length) {
        const r2 = this._decryptdata = e2[t3[0]] || null;
        r2 && (this._decryptdata = r2.getDecryptData(this.sn, e2));
      }
    }
    return this._decryptdata;
  }
  get end() {
    return this.start + this.duration;
  }
  get endProgramDateTime() {
    if (null === this.programDateTime) return null;
    const e2 = t(this.duration) ? this.duration : 0;
    return this.programDateTime + 1e3 * e2;
  }
  get encrypted() {
    var t2;
    if (null != (t2 = this._decryptdata) && t2.encrypted) return true;
    if (this.levelkeys) {
      var e2;
      const t3 = Object.keys(this.levelkeys), r2 = t3.length;
      if (r2 > 1 || 1 === r2 && null != (e2 = this.levelkeys[t3[0]]) && e2.encrypted) return true;
    }
    return false;
  }
  get programDateTime() {
    return null === this._programDateTime && this.rawProgramDateTime && (this.programDateTime = Date.parse(this.rawProgramDateTime)), this._programDateTime;
  }
  set programDateTime(e2) {
    t(e2) ? this._programDateTime = e2 : this._programDateTime = this.rawProgramDateTime = null;
  }
  get ref() {
    return T(this) ? (this._ref || (this._ref = { base: this.base, start: this.start, duration: this.duration, sn: this.sn, programDateTime: this.programDateTime }), this._ref) : null;
  }
  addStart(t2) {
    this.setStart(this.start + t2);
  }
  setStart(t2) {
    this.start = t2, this._ref && (this._ref.start = t2);
  }
  setDuration(t2) {
    this.duration = t2, this._ref && (this._ref.duration = t2);
  }
  setKeyFormat(t2) {
    const e2 = this.levelkeys;
    if (e2) {
      var r2;
      const i2 = e2[t2];
      !i2 || null != (r2 = this._decryptdata) && r2.keyId || (this._decryptdata = i2.getDecryptData(this.sn, e2));
    }
  }
  abortRequests() {
    var t2, e2;
    null == (t2 = this.loader) || t2.abort(), null == (e2 = this.keyLoader) || e2.abort();
  }
  setElementaryStreamInfo(t2, e2, r2, i2, s2, n2 = false) {
    const { elementaryStreams: a2 } = this, o2 = a2[t2];
    o2 ? (o2.startPTS = Math.min(o2.startPTS, e2), o2.endPTS = Math.max(o2.endPTS, r2), o2.startDTS = Math.min(o2.startDTS, i2), o2.endDTS = Math.max(o2.endDTS, s2)) : a2[t2] = { startPTS: e2, endPTS: r2, startDTS: i2, endDTS: s2, partial: n2 };
  }
};
var R = class extends y {
  constructor(t2, e2, r2, i2, s2) {
    super(r2), this.fragOffset = 0, this.duration = 0, this.independent = false, this.relurl = void 0, this.fragment = void 0, this.index = void 0, this.gap = false, this.duration = t2.decimalFloatingPoint("DURATION"), this.gap = t2.bool("GAP"), this.independent = t2.bool("INDEPENDENT"), this.relurl = t2.enumeratedString("URI"), this.fragment = e2, this.index = i2;
    const n2 = t2.enumeratedString("BYTERANGE");
    n2 && this.setByteRange(n2, s2), s2 && (this.fragOffset = s2.fragOffset + s2.duration);
  }
  get start() {
    return this.fragment.start + this.fragOffset;
  }
  get end() {
    return this.start + this.duration;
  }
  get loaded() {
    const { elementaryStreams: t2 } = this;
    return !!(t2.audio || t2.video || t2.audiovideo || this.fragment.type === v.SUBTITLE && this.stats.loading.end > 0);
  }
};
function b(t2, e2) {
  const r2 = Object.getPrototypeOf(t2);
  if (r2) {
    const t3 = Object.getOwnPropertyDescriptor(r2, e2);
    return t3 || b(r2, e2);
  }
}
function D(t2, e2, r2) {
  return (e2 = (function(t3) {
    var e3 = (function(t4, e4) {
      if ("object" != typeof t4 || !t4) return t4;
      var r3 = t4[Symbol.toPrimitive];
      if (void 0 !== r3) {
        var i2 = r3.call(t4, e4);
        if ("object" != typeof i2) return i2;
        throw new TypeError("@@toPrimitive must return a primitive value.");
      }
      return ("string" === e4 ? String : Number)(t4);
    })(t3, "string");
    return "symbol" == typeof e3 ? e3 : e3 + "";
  })(e2)) in t2 ? Object.defineProperty(t2, e2, { value: r2, enumerable: true, configurable: true, writable: true }) : t2[e2] = r2, t2;
}
function I() {
  return I = Object.assign ? Object.assign.bind() : function(t2) {
    for (var e2 = 1; e2 < arguments.length; e2++) {
      var r2 = arguments[e2];
      for (var i2 in r2) ({}).hasOwnProperty.call(r2, i2) && (t2[i2] = r2[i2]);
    }
    return t2;
  }, I.apply(null, arguments);
}
function k(t2, e2) {
  var r2 = Object.keys(t2);
  if (Object.getOwnPropertySymbols) {
    var i2 = Object.getOwnPropertySymbols(t2);
    e2 && (i2 = i2.filter((function(e3) {
      return Object.getOwnPropertyDescriptor(t2, e3).enumerable;
    }))), r2.push.apply(r2, i2);
  }
  return r2;
}
function _(t2) {
  for (var e2 = 1; e2 < arguments.length; e2++) {
    var r2 = null != arguments[e2] ? arguments[e2] : {};
    e2 % 2 ? k(Object(r2), true).forEach((function(e3) {
      D(t2, e3, r2[e3]);
    })) : Object.getOwnPropertyDescriptors ? Object.defineProperties(t2, Object.getOwnPropertyDescriptors(r2)) : k(Object(r2)).forEach((function(e3) {
      Object.defineProperty(t2, e3, Object.getOwnPropertyDescriptor(r2, e3));
    }));
  }
  return t2;
}
function C(t2) {
  switch (t2.details) {
    case s.FRAG_LOAD_TIMEOUT:
    case s.KEY_LOAD_TIMEOUT:
    case s.LEVEL_LOAD_TIMEOUT:
    case s.MANIFEST_LOAD_TIMEOUT:
    case s.AUDIO_TRACK_LOAD_TIMEOUT:
    case s.SUBTITLE_TRACK_LOAD_TIMEOUT:
    case s.ASSET_LIST_LOAD_TIMEOUT:
      return true;
  }
  return false;
}
function P(t2) {
  return t2.details.startsWith("key");
}
function x(t2) {
  return P(t2) && !!t2.frag && !t2.frag.decryptdata;
}
function w(t2, e2) {
  const r2 = C(e2);
  return t2.default[(r2 ? "timeout" : "error") + "Retry"];
}
function O(t2, e2) {
  const r2 = "linear" === t2.backoff ? 1 : Math.pow(2, e2);
  return Math.min(r2 * t2.retryDelayMs, t2.maxRetryDelayMs);
}
function M(t2) {
  return _(_({}, t2), { errorRetry: null, timeoutRetry: null });
}
function F(t2, e2, r2, i2) {
  if (!t2) return false;
  const s2 = null == i2 ? void 0 : i2.code, n2 = e2 < t2.maxNumRetry && ((function(t3) {
    return N(t3) || !!t3 && (t3 < 400 || t3 > 499);
  })(s2) || !!r2);
  return t2.shouldRetry ? t2.shouldRetry(t2, e2, r2, i2, n2) : n2;
}
function N(t2) {
  return 0 === t2 && false === navigator.onLine;
}
function $(t2, e2) {
  return e2 > 0 && t2.loadError > 0 && 0 !== t2.loadErrorTime && self.performance.now() - t2.loadErrorTime > e2;
}
var B = class {
  constructor(t2, e2 = 0, r2 = 0) {
    this.halfLife = void 0, this.alpha_ = void 0, this.estimate_ = void 0, this.totalWeight_ = void 0, this.halfLife = t2, this.alpha_ = t2 ? Math.exp(Math.log(0.5) / t2) : 0, this.estimate_ = e2, this.totalWeight_ = r2;
  }
  sample(t2, e2) {
    const r2 = Math.pow(this.alpha_, t2);
    this.estimate_ = e2 * (1 - r2) + r2 * this.estimate_, this.totalWeight_ += t2;
  }
  getTotalWeight() {
    return this.totalWeight_;
  }
  getEstimate() {
    if (this.alpha_) {
      const t2 = 1 - Math.pow(this.alpha_, this.totalWeight_);
      if (t2) return this.estimate_ / t2;
    }
    return this.estimate_;
  }
};
var U = class {
  constructor(t2, e2, r2, i2 = 100) {
    this.defaultEstimate_ = void 0, this.minWeight_ = void 0, this.minDelayMs_ = void 0, this.slow_ = void 0, this.fast_ = void 0, this.defaultTTFB_ = void 0, this.ttfb_ = void 0, this.defaultEstimate_ = r2, this.minWeight_ = 1e-3, this.minDelayMs_ = 50, this.slow_ = new B(t2), this.fast_ = new B(e2), this.defaultTTFB_ = i2, this.ttfb_ = new B(t2);
  }
  update(t2, e2) {
    const { slow_: r2, fast_: i2, ttfb_: s2 } = this;
    r2.halfLife !== t2 && (this.slow_ = new B(t2, r2.getEstimate(), r2.getTotalWeight())), i2.halfLife !== e2 && (this.fast_ = new B(e2, i2.getEstimate(), i2.getTotalWeight())), s2.halfLife !== t2 && (this.ttfb_ = new B(t2, s2.getEstimate(), s2.getTotalWeight()));
  }
  sample(t2, e2) {
    if (e2 <= 0) return;
    const r2 = Math.min(this.minDelayMs_, e2 / 1e5), i2 = 8 * e2, s2 = Math.max(t2, r2) / 1e3, n2 = i2 / s2;
    this.fast_.sample(s2, n2), this.slow_.sample(s2, n2);
  }
  sampleTTFB(t2) {
    const e2 = t2 / 1e3, r2 = Math.sqrt(2) * Math.exp(-Math.pow(e2, 2) / 2);
    this.ttfb_.sample(r2, Math.max(t2, 5));
  }
  canEstimate() {
    return this.fast_.getTotalWeight() >= this.minWeight_;
  }
  getEstimate() {
    return this.canEstimate() ? Math.min(this.fast_.getEstimate(), this.slow_.getEstimate()) : this.defaultEstimate_;
  }
  getEstimateTTFB() {
    return this.ttfb_.getTotalWeight() >= this.minWeight_ ? this.ttfb_.getEstimate() : this.defaultTTFB_;
  }
  get defaultEstimate() {
    return this.defaultEstimate_;
  }
  destroy() {
  }
};
var G = class {
  constructor(t2, e2) {
    this.trace = void 0, this.debug = void 0, this.log = void 0, this.warn = void 0, this.info = void 0, this.error = void 0;
    const r2 = `[${t2}]:`;
    this.trace = V, this.debug = e2.debug.bind(null, r2), this.log = e2.log.bind(null, r2), this.warn = e2.warn.bind(null, r2), this.info = e2.info.bind(null, r2), this.error = e2.error.bind(null, r2);
  }
};
var V = function() {
};
var H = { trace: V, debug: V, log: V, warn: V, info: V, error: V };
function K() {
  return I({}, H);
}
function Y(t2, e2, r2) {
  return e2[t2] ? e2[t2].bind(e2) : (function(t3, e3) {
    const r3 = self.console[t3];
    return r3 ? r3.bind(self.console, `${e3 ? "[" + e3 + "] " : ""}[${t3}] >`) : V;
  })(t2, r2);
}
var W = K();
var j = W;
var q;
var z;
var X = z ? q : (z = 1, q = {});
var Q = a(X);
function Z(t2 = true) {
  if ("undefined" == typeof self) return;
  return (t2 || !self.MediaSource) && self.ManagedMediaSource || self.MediaSource || self.WebKitMediaSource;
}
function J(t2) {
  return t2 instanceof ArrayBuffer || "undefined" != typeof SharedArrayBuffer && t2 instanceof SharedArrayBuffer;
}
var tt = "utf-16";
var et = "utf-16be";
var rt = "utf-16le";
var it = "utf-8";
function st(t2, e2) {
  return e2 + 10 <= t2.length && 73 === t2[e2] && 68 === t2[e2 + 1] && 51 === t2[e2 + 2] && t2[e2 + 3] < 255 && t2[e2 + 4] < 255 && t2[e2 + 6] < 128 && t2[e2 + 7] < 128 && t2[e2 + 8] < 128 && t2[e2 + 9] < 128;
}
function nt(t2, e2) {
  let r2 = 0;
  return r2 = (127 & t2[e2]) << 21, r2 |= (127 & t2[e2 + 1]) << 14, r2 |= (127 & t2[e2 + 2]) << 7, r2 |= 127 & t2[e2 + 3], r2;
}
function at(t2, e2) {
  return st(t2, e2) && nt(t2, e2 + 6) + 10 <= t2.length - e2;
}
function ot(t2, e2) {
  return e2 + 10 <= t2.length && 51 === t2[e2] && 68 === t2[e2 + 1] && 73 === t2[e2 + 2] && t2[e2 + 3] < 255 && t2[e2 + 4] < 255 && t2[e2 + 6] < 128 && t2[e2 + 7] < 128 && t2[e2 + 8] < 128 && t2[e2 + 9] < 128;
}
function lt(t2, e2) {
  const r2 = e2;
  let i2 = 0;
  for (; st(t2, e2); ) {
    i2 += 10;
    i2 += nt(t2, e2 + 6), ot(t2, e2 + 10) && (i2 += 10), e2 += i2;
  }
  if (i2 > 0) return t2.subarray(r2, r2 + i2);
}
function dt(t2, e2 = 0, r2 = 1 / 0) {
  return (function(t3, e3, r3, i2) {
    const s2 = (n2 = t3, J(n2) ? n2 : n2.buffer);
    var n2;
    let a2 = 1;
    "BYTES_PER_ELEMENT" in i2 && (a2 = i2.BYTES_PER_ELEMENT);
    const o2 = (u2 = t3, u2 && J(u2.buffer) && void 0 !== u2.byteLength && void 0 !== u2.byteOffset ? t3.byteOffset : 0), l2 = (o2 + t3.byteLength) / a2, d2 = (o2 + e3) / a2, h2 = Math.floor(Math.max(0, Math.min(d2, l2)));
    var u2;
    return new i2(s2, h2, Math.floor(Math.min(h2 + Math.max(r3, 0), l2)) - h2);
  })(t2, e2, r2, Uint8Array);
}
function ht(t2, e2 = false) {
  const r2 = e2 ? t2.indexOf(0) : t2.length, i2 = (function(t3, e3 = {}) {
    let r3;
    r3 = J(t3) ? new DataView(t3) : new DataView(t3.buffer, t3.byteOffset, t3.byteLength);
    let i3 = 0, { encoding: s2 } = e3;
    if (!s2) {
      const t4 = r3.getUint8(0), e4 = r3.getUint8(1);
      239 == t4 && 187 == e4 && 191 == r3.getUint8(2) ? (s2 = it, i3 = 3) : 254 == t4 && 255 == e4 ? (s2 = et, i3 = 2) : 255 == t4 && 254 == e4 ? (s2 = rt, i3 = 2) : s2 = it;
    }
    if ("undefined" != typeof TextDecoder) return new TextDecoder(s2).decode(r3);
    const { byteLength: n2 } = r3, a2 = s2 !== et;
    let o2, l2 = "";
    for (; i3 < n2; ) {
      switch (s2) {
        case it:
          if (o2 = r3.getUint8(i3), o2 < 128) i3++;
          else if (o2 >= 194 && o2 <= 223) if (i3 + 1 < n2) {
            const t4 = r3.getUint8(i3 + 1);
            t4 >= 128 && t4 <= 191 ? (o2 = (31 & o2) << 6 | 63 & t4, i3 += 2) : i3++;
          } else i3++;
          else if (o2 >= 224 && o2 <= 239) if (i3 + 2 <= n2 - 1) {
            const t4 = r3.getUint8(i3 + 1), e4 = r3.getUint8(i3 + 2);
            t4 >= 128 && t4 <= 191 && e4 >= 128 && e4 <= 191 ? (o2 = (15 & o2) << 12 | (63 & t4) << 6 | 63 & e4, i3 += 3) : i3++;
          } else i3++;
          else if (o2 >= 240 && o2 <= 244) if (i3 + 3 <= n2 - 1) {
            const t4 = r3.getUint8(i3 + 1), e4 = r3.getUint8(i3 + 2), s3 = r3.getUint8(i3 + 3);
            t4 >= 128 && t4 <= 191 && e4 >= 128 && e4 <= 191 && s3 >= 128 && s3 <= 191 ? (o2 = (7 & o2) << 18 | (63 & t4) << 12 | (63 & e4) << 6 | 63 & s3, i3 += 4) : i3++;
          } else i3++;
          else i3++;
          break;
        case et:
        case tt:
        case rt:
          o2 = r3.getUint16(i3, a2), i3 += 2;
      }
      l2 += String.fromCodePoint(o2);
    }
    return l2;
  })(new DataView(t2.buffer, t2.byteOffset, r2), { encoding: it });
  return e2 ? i2 : i2.replace(/\0/g, "");
}
function ut(t2) {
  const e2 = { key: t2.type, description: "", data: "", mimeType: null, pictureType: null };
  if (t2.size < 2) return;
  if (3 !== t2.data[0]) return void console.log("Ignore frame with unrecognized character encoding");
  const r2 = t2.data.subarray(1).indexOf(0);
  if (-1 === r2) return;
  const i2 = ht(dt(t2.data, 1, r2)), s2 = t2.data[2 + r2], n2 = t2.data.subarray(3 + r2).indexOf(0);
  if (-1 === n2) return;
  const a2 = ht(dt(t2.data, 3 + r2, n2));
  let o2;
  var l2;
  return "-->" === i2 ? o2 = ht(dt(t2.data, 4 + r2 + n2)) : o2 = J(l2 = t2.data.subarray(4 + r2 + n2)) ? l2 : 0 == l2.byteOffset && l2.byteLength == l2.buffer.byteLength ? l2.buffer : new Uint8Array(l2).buffer, e2.mimeType = i2, e2.pictureType = s2, e2.description = a2, e2.data = o2, e2;
}
function ct(t2) {
  return "PRIV" === t2.type ? (function(t3) {
    if (t3.size < 2) return;
    const e2 = ht(t3.data, true), r2 = new Uint8Array(t3.data.subarray(e2.length + 1));
    return { key: t3.type, info: e2, data: r2.buffer };
  })(t2) : "W" === t2.type[0] ? (function(t3) {
    if ("WXXX" === t3.type) {
      if (t3.size < 2) return;
      let e3 = 1;
      const r2 = ht(t3.data.subarray(e3), true);
      e3 += r2.length + 1;
      const i2 = ht(t3.data.subarray(e3));
      return { key: t3.type, info: r2, data: i2 };
    }
    const e2 = ht(t3.data);
    return { key: t3.type, info: "", data: e2 };
  })(t2) : "APIC" === t2.type ? ut(t2) : (function(t3) {
    if (t3.size < 2) return;
    if ("TXXX" === t3.type) {
      let e3 = 1;
      const { data: r2 } = t3, i2 = ht(r2.subarray(e3), true);
      e3 += i2.length + 1;
      const s2 = ht(r2.subarray(e3));
      return { key: t3.type, info: i2, data: s2 };
    }
    const e2 = ht(t3.data.subarray(1));
    return { key: t3.type, info: "", data: e2 };
  })(t2);
}
function ft(t2) {
  const e2 = String.fromCharCode(t2[0], t2[1], t2[2], t2[3]), r2 = nt(t2, 4);
  return { type: e2, size: r2, data: t2.subarray(10, 10 + r2) };
}
var gt = 10;
var mt = 10;
function pt(t2) {
  let e2 = 0;
  const r2 = [];
  for (; st(t2, e2); ) {
    const i2 = nt(t2, e2 + 6);
    t2[e2 + 5] >> 6 & 1 && (e2 += gt), e2 += gt;
    const s2 = e2 + i2;
    for (; e2 + mt < s2; ) {
      const i3 = ft(t2.subarray(e2)), s3 = ct(i3);
      s3 && r2.push(s3), e2 += i3.size + gt;
    }
    ot(t2, e2) && (e2 += gt);
  }
  return r2;
}
function vt(t2) {
  return t2 && "PRIV" === t2.key && "com.apple.streaming.transportStreamTimestamp" === t2.info;
}
function Et(t2) {
  if (8 === t2.data.byteLength) {
    const e2 = new Uint8Array(t2.data), r2 = 1 & e2[3];
    let i2 = (e2[4] << 23) + (e2[5] << 15) + (e2[6] << 7) + e2[7];
    return i2 /= 45, r2 && (i2 += 4772185884e-2), Math.round(i2);
  }
}
function yt(t2) {
  const e2 = pt(t2);
  for (const t3 of e2) if (vt(t3)) return Et(t3);
}
function Tt(t2) {
  let e2 = "";
  for (let r2 = 0; r2 < t2.length; r2++) {
    let i2 = t2[r2].toString(16);
    i2.length < 2 && (i2 = "0" + i2), e2 += i2;
  }
  return e2;
}
function St(t2) {
  return Uint8Array.from(t2.replace(/^0x/, "").replace(/([\da-fA-F]{2}) ?/g, "0x$1 ").replace(/ +$/, "").split(" ")).buffer;
}
function Lt(t2) {
  return String.fromCharCode.apply(null, t2);
}
var At = Math.pow(2, 32) - 1;
var Rt = { avc1: 1635148593, avcC: 1635148611, hvc1: 1752589105, hvcC: 1752589123, btrt: 1651798644, dinf: 1684631142, dref: 1685218662, esds: 1702061171, free: 1718773093, ftyp: 1718909296, hdlr: 1751411826, mdat: 1835295092, mdhd: 1835296868, mdia: 1835297121, mfhd: 1835427940, minf: 1835626086, moof: 1836019558, moov: 1836019574, mp4a: 1836069985, ".mp3": 778924083, dac3: 1684103987, "ac-3": 1633889587, mvex: 1836475768, mvhd: 1836476516, pasp: 1885434736, sdtp: 1935963248, stbl: 1937007212, stco: 1937007471, stsc: 1937011555, stsd: 1937011556, stsz: 1937011578, stts: 1937011827, tfdt: 1952867444, tfhd: 1952868452, traf: 1953653094, trak: 1953653099, trun: 1953658222, trex: 1953654136, tkhd: 1953196132, vmhd: 1986881636, smhd: 1936549988 };
var bt = { video: 1, audio: 2, id3: 3, text: 4 };
function Dt(t2, e2) {
  const r2 = t2[e2] << 8 | t2[e2 + 1];
  return r2 < 0 ? 65536 + r2 : r2;
}
function It(t2, e2) {
  const r2 = t2[e2] << 24 | t2[e2 + 1] << 16 | t2[e2 + 2] << 8 | t2[e2 + 3];
  return r2 < 0 ? 4294967296 + r2 : r2;
}
function kt(t2, e2) {
  let r2 = It(t2, e2);
  return r2 *= Math.pow(2, 32), r2 += It(t2, e2 + 4), r2;
}
function _t(t2, e2) {
  let r2 = "";
  for (let i2 = e2; i2 < t2.length; i2++) if (r2 += String.fromCharCode(t2[i2]), 0 === t2[i2]) return r2;
  return null;
}
function Ct(t2, e2) {
  return t2[e2] << 24 | t2[e2 + 1] << 16 | t2[e2 + 2] << 8 | t2[e2 + 3];
}
function Pt(t2, e2, r2) {
  t2[e2] = r2 >> 24, t2[e2 + 1] = r2 >> 16 & 255, t2[e2 + 2] = r2 >> 8 & 255, t2[e2 + 3] = 255 & r2;
}
function xt(t2, e2) {
  const r2 = [];
  return e2.length ? (wt(t2, e2, 0, 0, t2.byteLength, r2), r2) : r2;
}
function wt(t2, e2, r2, i2, s2, n2) {
  const a2 = e2[r2];
  if (4 !== (null == a2 ? void 0 : a2.length)) return;
  const o2 = a2.charCodeAt(0), l2 = a2.charCodeAt(1), d2 = a2.charCodeAt(2), h2 = a2.charCodeAt(3), u2 = e2.length - 1;
  for (let a3 = i2; a3 < s2; ) {
    const i3 = a3 + 8 <= s2, c2 = a3 + 4 <= s2 ? 16777216 * t2[a3] + (t2[a3 + 1] << 16 | t2[a3 + 2] << 8 | t2[a3 + 3]) : It(t2, a3), f2 = c2 > 1 ? a3 + c2 : s2;
    if (i3 && t2[a3 + 4] === o2 && t2[a3 + 5] === l2 && t2[a3 + 6] === d2 && t2[a3 + 7] === h2) {
      const i4 = Math.min(f2, s2);
      r2 === u2 ? n2.push(t2.subarray(a3 + 8, i4)) : wt(t2, e2, r2 + 1, a3 + 8, i4, n2);
    }
    a3 = f2;
  }
}
function Ot(t2) {
  const e2 = [], r2 = t2[0];
  let i2 = 8;
  const s2 = It(t2, i2);
  i2 += 4;
  let n2 = 0, a2 = 0;
  0 === r2 ? (n2 = It(t2, i2), a2 = It(t2, i2 + 4), i2 += 8) : (n2 = kt(t2, i2), a2 = kt(t2, i2 + 8), i2 += 16), i2 += 2;
  let o2 = t2.length + a2;
  const l2 = Dt(t2, i2);
  i2 += 2;
  for (let r3 = 0; r3 < l2; r3++) {
    let r4 = i2;
    const n3 = It(t2, r4);
    r4 += 4;
    const a3 = 2147483647 & n3;
    if (1 === (2147483648 & n3) >>> 31) return j.warn("SIDX has hierarchical references (not supported)"), null;
    const l3 = It(t2, r4);
    r4 += 4, e2.push({ referenceSize: a3, subsegmentDuration: l3, info: { duration: l3 / s2, start: o2, end: o2 + a3 - 1 } }), o2 += a3, r4 += 4, i2 = r4;
  }
  return { earliestPresentationTime: n2, timescale: s2, version: r2, referencesCount: l2, references: e2 };
}
function Mt(t2) {
  const e2 = [], r2 = xt(t2, ["moov", "trak"]);
  for (let t3 = 0; t3 < r2.length; t3++) {
    const i2 = r2[t3], s2 = xt(i2, ["tkhd"])[0];
    if (s2) {
      let t4 = s2[0];
      const r3 = It(s2, 0 === t4 ? 12 : 20), n2 = xt(i2, ["mdia", "mdhd"])[0];
      if (n2) {
        t4 = n2[0];
        const s3 = It(n2, 0 === t4 ? 12 : 20), a2 = xt(i2, ["mdia", "hdlr"])[0];
        if (a2) {
          const t5 = Lt(a2.subarray(8, 12)), n3 = { soun: E.AUDIO, vide: E.VIDEO }[t5], o2 = Ft(xt(i2, ["mdia", "minf", "stbl", "stsd"])[0]);
          n3 ? (e2[r3] = { timescale: s3, type: n3, stsd: o2 }, e2[n3] = _({ timescale: s3, id: r3 }, o2)) : e2[r3] = { timescale: s3, type: t5, stsd: o2 };
        }
      }
    }
  }
  return xt(t2, ["moov", "mvex", "trex"]).forEach(((t3) => {
    const r3 = It(t3, 4), i2 = e2[r3];
    i2 && (i2.default = { duration: It(t3, 12), sampleSize: It(t3, 16), flags: It(t3, 20) });
  })), e2;
}
function Ft(t2) {
  const e2 = t2.subarray(8), r2 = e2.subarray(86), i2 = Lt(e2.subarray(4, 8));
  let s2, n2 = i2;
  const a2 = "enca" === i2 || "encv" === i2;
  if (a2) {
    const t3 = xt(e2, [i2])[0];
    xt(t3.subarray("enca" === i2 ? 28 : 78), ["sinf"]).forEach(((t4) => {
      const e3 = xt(t4, ["schm"])[0];
      if (e3) {
        const r3 = Lt(e3.subarray(4, 8));
        if ("cbcs" === r3 || "cenc" === r3) {
          const e4 = xt(t4, ["frma"])[0];
          e4 && (n2 = Lt(e4));
        }
      }
    }));
  }
  const o2 = n2;
  switch (n2) {
    case "avc1":
    case "avc2":
    case "avc3":
    case "avc4": {
      const t3 = xt(r2, ["avcC"])[0];
      t3 && t3.length > 3 && (n2 += "." + Bt(t3[1]) + Bt(t3[2]) + Bt(t3[3]), s2 = Nt("avc1" === o2 ? "dva1" : "dvav", r2));
      break;
    }
    case "mp4a": {
      const t3 = xt(e2, [i2])[0], r3 = xt(t3.subarray(28), ["esds"])[0];
      if (r3 && r3.length > 7) {
        let t4 = 4;
        if (3 !== r3[t4++]) break;
        t4 = $t(r3, t4), t4 += 2;
        const e3 = r3[t4++];
        if (128 & e3 && (t4 += 2), 64 & e3 && (t4 += r3[t4++]), 4 !== r3[t4++]) break;
        t4 = $t(r3, t4);
        const i3 = r3[t4++];
        if (64 !== i3) break;
        if (n2 += "." + Bt(i3), t4 += 12, 5 !== r3[t4++]) break;
        t4 = $t(r3, t4);
        const s3 = r3[t4++];
        let a3 = (248 & s3) >> 3;
        31 === a3 && (a3 += 1 + ((7 & s3) << 3) + ((224 & r3[t4]) >> 5)), n2 += "." + a3;
      }
      break;
    }
    case "hvc1":
    case "hev1": {
      const t3 = xt(r2, ["hvcC"])[0];
      if (t3 && t3.length > 12) {
        const e3 = t3[1], r3 = ["", "A", "B", "C"][e3 >> 6], i3 = 31 & e3, s3 = It(t3, 2), a3 = (32 & e3) >> 5 ? "H" : "L", o3 = t3[12], l2 = t3.subarray(6, 12);
        n2 += "." + r3 + i3, n2 += "." + (function(t4) {
          let e4 = 0;
          for (let r4 = 0; r4 < 32; r4++) e4 |= (t4 >> r4 & 1) << 31 - r4;
          return e4 >>> 0;
        })(s3).toString(16).toUpperCase(), n2 += "." + a3 + o3;
        let d2 = "";
        for (let t4 = l2.length; t4--; ) {
          const e4 = l2[t4];
          if (e4 || d2) {
            d2 = "." + e4.toString(16).toUpperCase() + d2;
          }
        }
        n2 += d2;
      }
      s2 = Nt("hev1" == o2 ? "dvhe" : "dvh1", r2);
      break;
    }
    case "dvh1":
    case "dvhe":
    case "dvav":
    case "dva1":
    case "dav1":
      n2 = Nt(n2, r2) || n2;
      break;
    case "vp09": {
      const t3 = xt(r2, ["vpcC"])[0];
      if (t3 && t3.length > 6) {
        const e3 = t3[4], r3 = t3[5], i3 = t3[6] >> 4 & 15;
        n2 += "." + Ut(e3) + "." + Ut(r3) + "." + Ut(i3);
      }
      break;
    }
    case "av01": {
      const t3 = xt(r2, ["av1C"])[0];
      if (t3 && t3.length > 2) {
        const e3 = t3[1] >>> 5, i3 = 31 & t3[1], a3 = t3[2] >>> 7 ? "H" : "M", o3 = (64 & t3[2]) >> 6, l2 = (32 & t3[2]) >> 5, d2 = 2 === e3 && o3 ? l2 ? 12 : 10 : o3 ? 10 : 8, h2 = (16 & t3[2]) >> 4, u2 = (8 & t3[2]) >> 3, c2 = (4 & t3[2]) >> 2, f2 = 3 & t3[2], g2 = 1, m2 = 1, p2 = 1, v2 = 0;
        n2 += "." + e3 + "." + Ut(i3) + a3 + "." + Ut(d2) + "." + h2 + "." + u2 + c2 + f2 + "." + Ut(g2) + "." + Ut(m2) + "." + Ut(p2) + "." + v2, s2 = Nt("dav1", r2);
      }
      break;
    }
  }
  return { codec: n2, encrypted: a2, supplemental: s2 };
}
function Nt(t2, e2) {
  const r2 = xt(e2, ["dvvC"]), i2 = r2.length ? r2[0] : xt(e2, ["dvcC"])[0];
  if (i2) {
    const e3 = i2[2] >> 1 & 127, r3 = i2[2] << 5 & 32 | i2[3] >> 3 & 31;
    return t2 + "." + Ut(e3) + "." + Ut(r3);
  }
}
function $t(t2, e2) {
  const r2 = e2 + 5;
  for (; 128 & t2[e2++] && e2 < r2; ) ;
  return e2;
}
function Bt(t2) {
  return ("0" + t2.toString(16).toUpperCase()).slice(-2);
}
function Ut(t2) {
  return (t2 < 10 ? "0" : "") + t2;
}
function Gt(t2, e2) {
  xt(t2, ["moov", "trak"]).forEach(((t3) => {
    const r2 = xt(t3, ["mdia", "minf", "stbl", "stsd"])[0];
    if (!r2) return;
    const i2 = r2.subarray(8);
    let s2 = xt(i2, ["enca"]);
    const n2 = s2.length > 0;
    n2 || (s2 = xt(i2, ["encv"])), s2.forEach(((t4) => {
      xt(n2 ? t4.subarray(28) : t4.subarray(78), ["sinf"]).forEach(((t5) => {
        const r3 = (function(t6) {
          const e3 = xt(t6, ["schm"])[0];
          if (e3) {
            const r4 = Lt(e3.subarray(4, 8));
            if ("cbcs" === r4 || "cenc" === r4) {
              const e4 = xt(t6, ["schi", "tenc"])[0];
              if (e4) return e4;
            }
          }
        })(t5);
        r3 && e2(r3, n2);
      }));
    }));
  }));
}
var Vt;
function Ht(t2) {
  if ("undefined" == typeof TextDecoder) return ht(t2);
  return (Vt || (Vt = new TextDecoder("utf-8"))).decode(t2).replace(/\0/g, "");
}
function Kt(e2, r2, i2, s2, n2) {
  const a2 = {};
  let o2 = false;
  const l2 = (function(t2) {
    const e3 = t2.byteLength, r3 = [];
    for (let i3 = 0; i3 < e3; ) {
      const s3 = i3 + 8 <= e3, n3 = i3 + 4 <= e3 ? 16777216 * t2[i3] + (t2[i3 + 1] << 16 | t2[i3 + 2] << 8 | t2[i3 + 3]) : It(t2, i3), a3 = n3 > 1 ? i3 + n3 : e3;
      if (s3 && 109 === t2[i3 + 4] && 111 === t2[i3 + 5] && 111 === t2[i3 + 6] && 102 === t2[i3 + 7]) {
        const s4 = Math.min(a3, e3);
        for (let e4 = i3 + 8; e4 < s4; ) {
          const n4 = e4 + 8 <= s4, a4 = e4 + 4 <= s4 ? 16777216 * t2[e4] + (t2[e4 + 1] << 16 | t2[e4 + 2] << 8 | t2[e4 + 3]) : It(t2, e4), o3 = a4 > 1 ? e4 + a4 : s4;
          if (n4 && 116 === t2[e4 + 4] && 114 === t2[e4 + 5] && 97 === t2[e4 + 6] && 102 === t2[e4 + 7]) {
            const n5 = Math.min(o3, s4);
            let a5, l3;
            const d3 = [];
            for (let r4 = e4 + 8; r4 < n5; ) {
              const e5 = r4 + 8 <= n5, i4 = r4 + 4 <= n5 ? 16777216 * t2[r4] + (t2[r4 + 1] << 16 | t2[r4 + 2] << 8 | t2[r4 + 3]) : It(t2, r4), s5 = i4 > 1 ? r4 + i4 : n5;
              if (e5 && 116 === t2[r4 + 4]) {
                const e6 = Math.min(s5, n5);
                102 === t2[r4 + 5] && 104 === t2[r4 + 6] && 100 === t2[r4 + 7] ? l3 || (l3 = t2.subarray(r4 + 8, e6)) : 102 === t2[r4 + 5] && 100 === t2[r4 + 6] && 116 === t2[r4 + 7] ? a5 || (a5 = t2.subarray(r4 + 8, e6)) : 114 === t2[r4 + 5] && 117 === t2[r4 + 6] && 110 === t2[r4 + 7] && d3.push(t2.subarray(r4 + 8, e6));
              }
              r4 = s5;
            }
            r3.push({ moofOffset: t2.byteOffset + i3, tfdt: a5, tfhd: l3, truns: d3 });
          }
          e4 = o3;
        }
      }
      i3 = a3;
    }
    return r3;
  })(e2), d2 = e2.byteLength;
  for (let c2 = 0; c2 < l2.length; c2++) {
    const { moofOffset: f2, tfdt: g2, tfhd: m2, truns: p2 } = l2[c2], v2 = It(m2, 4), y2 = r2[v2];
    if (!y2) continue;
    const T2 = a2[v2] || (a2[v2] = { start: NaN, duration: 0, sampleCount: 0, trun: [], timescale: y2.timescale, type: y2.type });
    let S2;
    if (g2) {
      const e3 = g2[0];
      S2 = It(g2, 4), 1 === e3 && (S2 === At ? i2.warn("[mp4-demuxer]: Ignoring assumed invalid signed 64-bit track fragment decode time") : (S2 *= At + 1, S2 += It(g2, 8))), t(S2) && (!t(T2.start) || S2 < T2.start) && (T2.start = S2), n2 && t(S2) && (n2.timeOffset = S2 / n2.timescale);
    }
    const L2 = (null == n2 ? void 0 : n2.trackId) === v2 && y2.type === E.VIDEO, A2 = y2.default, R2 = 16777215 & It(m2, 0);
    let b2, D2 = (null == A2 ? void 0 : A2.duration) || 0, I2 = (null == A2 ? void 0 : A2.sampleSize) || 0, k2 = 8;
    1 & R2 && (k2 += 8), 2 & R2 && (k2 += 4), 8 & R2 && (D2 = It(m2, k2), b2 = m2.byteOffset - e2.byteOffset + k2, k2 += 4), 16 & R2 && (I2 = It(m2, k2));
    let _2 = 0;
    const C2 = 0 != (1 & R2), P2 = !C2 && 0 != (131072 & R2);
    C2 ? (_2 = It(m2, 8), _2 *= Math.pow(2, 32), _2 += It(m2, 12)) : P2 && (_2 = f2);
    let x2 = S2 || 0, w2 = 0, O2 = D2;
    for (let r3 = 0; r3 < p2.length; r3++) {
      const i3 = p2[r3], a3 = It(i3, 4), o3 = T2.sampleCount;
      T2.sampleCount += a3;
      const l3 = 1 & i3[3];
      let c3 = 0;
      const f3 = 4 & i3[3], g3 = 1 & i3[2], m3 = 2 & i3[2], v3 = 4 & i3[2], E2 = 8 & i3[2];
      let y3 = 8;
      if (l3 && (c3 = Ct(i3, y3), y3 += 4), f3) {
        1 & i3[y3 + 1] || void 0 !== T2.keyFrameIndex || (T2.keyFrameIndex = o3), y3 += 4;
      }
      let S3, A3, R3, k3 = _2 + c3;
      if (s2 || 0 !== i3[1] || 6 !== i3[2] || 1 !== i3[3]) {
        s2 && (S3 = [], A3 = { sampleOffset: k3, samples: S3, defaultSampleDurationOffset: b2 }, k3 <= d2 && T2.trun.push(A3));
        for (let r4 = 0; r4 < a3; r4++) {
          let a4, o4, l4;
          g3 ? (s2 && (a4 = i3.byteOffset - e2.byteOffset + y3), O2 = It(i3, y3), y3 += 4) : O2 = D2, m3 ? (R3 = It(i3, y3), y3 += 4) : R3 = I2, v3 && (l4 = 1 & i3[y3 + 1] ? 1 : 0, s2 && (o4 = { isNonSync: l4, dependsOn: 1 == (3 & i3[y3]) ? 1 : 2 }), y3 += 4);
          let h3 = 0;
          if (E2) {
            h3 = 0 === i3[0] ? It(i3, y3) : Ct(i3, y3), y3 += 4;
          }
          if (L2) {
            let t2 = k3, r5 = 0;
            for (; r5 < R3; ) {
              const i4 = It(e2, t2);
              t2 += 4, jt(n2.isHEVCFlavor, e2[t2]) && qt(e2.subarray(t2, t2 + i4), n2.isHEVCFlavor ? 2 : 1, n2.timeOffset + h3 / n2.timescale, n2.samples), t2 += i4, r5 += i4 + 4;
            }
            n2.timeOffset += O2 / n2.timescale;
          }
          if (k3 += R3, k3 <= d2) {
            A3 && void 0 !== a4 && (A3.lastSampleDurationOffset = a4), 0 === l4 && void 0 === T2.keyFrameIndex && (T2.keyFrameIndex = r4, T2.keyFrameStart = x2);
            const e3 = x2 + h3;
            (!t(T2.ptsMin) || e3 < T2.ptsMin) && (T2.ptsMin = e3), (!t(T2.ptsMax) || e3 + O2 > T2.ptsMax) && (T2.ptsMax = e3 + O2), S3 && (S3[r4] = { cts: h3, duration: O2, flags: o4, size: R3 });
          }
          x2 += O2, w2 += O2;
        }
        !w2 && D2 && (w2 += D2 * a3);
      } else {
        var h2, u2;
        const r4 = x2, s3 = k3, o4 = y3;
        let l4 = -1, c4 = 0, f4 = 0, g4 = null != (h2 = null == n2 ? void 0 : n2.timeOffset) ? h2 : 0;
        const m4 = D2 / (null != (u2 = null == n2 ? void 0 : n2.timescale) ? u2 : 1), p3 = true === (null == n2 ? void 0 : n2.isHEVCFlavor), v4 = p3 ? 2 : 1;
        for (let t2 = 0; t2 < a3; t2++) {
          const r5 = 0 === i3[y3] ? i3[y3 + 1] << 16 | i3[y3 + 2] << 8 | i3[y3 + 3] : It(i3, y3), s4 = -1 === l4 && void 0 === T2.keyFrameIndex && 0 == (1 & i3[y3 + 5]);
          y3 += 8;
          const a4 = k3 + r5;
          if (L2) {
            if (r5 > 0) {
              let t3 = k3;
              do {
                const r6 = 0 === e2[t3] ? e2[t3 + 1] << 16 | e2[t3 + 2] << 8 | e2[t3 + 3] : It(e2, t3);
                t3 += 4;
                const i4 = e2[t3], s5 = p3 ? i4 >> 1 & 63 : 31 & i4;
                (p3 ? 39 === s5 || 40 === s5 : 6 === s5) && qt(e2.subarray(t3, t3 + r6), v4, g4, n2.samples), t3 += r6;
              } while (t3 < a4);
            }
            g4 += m4;
          }
          k3 = a4, s4 && (l4 = t2, c4 = k3);
        }
        if (k3 <= d2) f4 = a3;
        else {
          let t2 = s3, e3 = o4;
          for (let r5 = 0; r5 < a3; r5++) {
            if (t2 += 0 === i3[e3] ? i3[e3 + 1] << 16 | i3[e3 + 2] << 8 | i3[e3 + 3] : It(i3, e3), t2 > d2) break;
            f4 = r5 + 1, e3 += 8;
          }
        }
        if (L2 && (n2.timeOffset = g4), -1 !== l4 && c4 <= d2 && void 0 === T2.keyFrameIndex && (T2.keyFrameIndex = l4, T2.keyFrameStart = r4 + l4 * D2), f4) {
          (!t(T2.ptsMin) || r4 < T2.ptsMin) && (T2.ptsMin = r4);
          const e3 = r4 + f4 * D2;
          (!t(T2.ptsMax) || e3 > T2.ptsMax) && (T2.ptsMax = e3);
        }
        const E3 = D2 * a3;
        x2 = r4 + E3, w2 += E3;
      }
    }
    T2.duration += w2, T2.duration && (o2 = true);
  }
  if (!o2) {
    let r3 = 1 / 0, i3 = 0;
    const s3 = xt(e2, ["sidx"]);
    for (let t2 = 0; t2 < s3.length; t2++) {
      const e3 = Ot(s3[t2]);
      if (null != e3 && e3.references) {
        r3 = Math.min(r3, e3.earliestPresentationTime / e3.timescale);
        const t3 = e3.references.reduce(((t4, e4) => t4 + e4.info.duration || 0), 0);
        i3 = Math.max(i3, t3 + e3.earliestPresentationTime / e3.timescale);
      }
    }
    i3 && t(i3) && Object.keys(a2).forEach(((t2) => {
      a2[t2].duration || (a2[t2].duration = i3 * a2[t2].timescale - a2[t2].start);
    }));
  }
  return a2;
}
function Yt(t2, e2) {
  const r2 = new Uint8Array(t2.length + e2.length);
  return r2.set(t2), r2.set(e2, t2.length), r2;
}
function Wt(t2) {
  if (!t2) return false;
  const e2 = t2.substring(0, 4);
  return "hvc1" === e2 || "hev1" === e2 || "dvh1" === e2 || "dvhe" === e2;
}
function jt(t2, e2) {
  if (t2) {
    const t3 = e2 >> 1 & 63;
    return 39 === t3 || 40 === t3;
  }
  return 6 === (31 & e2);
}
function qt(t2, e2, r2, i2) {
  const s2 = zt(t2);
  let n2 = 0;
  n2 += e2;
  let a2 = 0, o2 = 0, l2 = 0;
  for (; n2 < s2.length; ) {
    a2 = 0;
    do {
      if (n2 >= s2.length) break;
      l2 = s2[n2++], a2 += l2;
    } while (255 === l2);
    o2 = 0;
    do {
      if (n2 >= s2.length) break;
      l2 = s2[n2++], o2 += l2;
    } while (255 === l2);
    const t3 = s2.length - n2;
    let e3 = n2;
    if (o2 < t3) n2 += o2;
    else if (o2 > t3) {
      j.error(`Malformed SEI payload. ${o2} is too small, only ${t3} bytes left to parse.`);
      break;
    }
    if (4 === a2) {
      if (181 === s2[e3++]) {
        const t4 = Dt(s2, e3);
        if (e3 += 2, 49 === t4) {
          const t5 = It(s2, e3);
          if (e3 += 4, 1195456820 === t5) {
            const t6 = s2[e3++];
            if (3 === t6) {
              const n3 = s2[e3++], o3 = 64 & n3, l3 = o3 ? 2 + 3 * (31 & n3) : 0, d2 = new Uint8Array(l3);
              if (o3) {
                d2[0] = n3;
                for (let t7 = 1; t7 < l3; t7++) d2[t7] = s2[e3++];
              }
              i2.push({ type: t6, payloadType: a2, pts: r2, bytes: d2 });
            }
          }
        }
      }
    } else if (5 === a2 && o2 > 16) {
      const t4 = [];
      for (let r3 = 0; r3 < 16; r3++) {
        const i3 = s2[e3++].toString(16);
        t4.push(1 == i3.length ? "0" + i3 : i3), 3 !== r3 && 5 !== r3 && 7 !== r3 && 9 !== r3 || t4.push("-");
      }
      const n3 = o2 - 16, l3 = new Uint8Array(n3);
      for (let t5 = 0; t5 < n3; t5++) l3[t5] = s2[e3++];
      i2.push({ payloadType: a2, pts: r2, uuid: t4.join(""), userData: Ht(l3), userDataBytes: l3 });
    }
  }
}
function zt(t2) {
  const e2 = t2.byteLength;
  let r2, i2 = t2.indexOf(3, 3);
  for (; -1 !== i2; ) 0 === t2[i2 - 1] && 0 === t2[i2 - 2] && (r2 || (r2 = [])).push(i2), i2 = t2.indexOf(3, i2 + 1);
  if (!r2) return t2;
  const s2 = e2 - r2.length, n2 = new Uint8Array(s2);
  let a2 = 0, o2 = 0;
  for (let e3 = 0; e3 < s2; o2++, e3++) o2 === r2[a2] && (o2++, a2++), n2[e3] = t2[o2];
  return n2;
}
var Xt = te("userAgent");
var Qt;
var Zt;
var Jt;
function te(t2) {
  try {
    return navigator[t2] || "";
  } catch (t3) {
  }
  return "";
}
function ee() {
  if (void 0 === Qt) {
    const t2 = Xt.match(/Chrome\/(\d+)/i);
    Qt = t2 ? parseInt(t2[1]) : 0;
  }
  return Qt;
}
te("vendor");
var re = { audio: { a3ds: 1, "ac-3": 0.95, "ac-4": 1, alac: 0.9, alaw: 1, dra1: 1, "dts+": 1, "dts-": 1, dtsc: 1, dtse: 1, dtsh: 1, "ec-3": 0.9, enca: 1, fLaC: 0.9, flac: 0.9, FLAC: 0.9, g719: 1, g726: 1, m4ae: 1, mha1: 1, mha2: 1, mhm1: 1, mhm2: 1, mlpa: 1, mp4a: 1, "raw ": 1, Opus: 1, opus: 1, samr: 1, sawb: 1, sawp: 1, sevc: 1, sqcp: 1, ssmv: 1, twos: 1, ulaw: 1 }, video: { avc1: 1, avc2: 1, avc3: 1, avc4: 1, avcp: 1, av01: 0.8, dav1: 0.8, drac: 1, dva1: 1, dvav: 1, dvh1: 0.7, dvhe: 0.7, encv: 1, hev1: 0.75, hvc1: 0.75, mjp2: 1, mp4v: 1, mvc1: 1, mvc2: 1, mvc3: 1, mvc4: 1, resv: 1, rv60: 1, s263: 1, svc1: 1, svc2: 1, "vc-1": 1, vp08: 1, vp09: 0.9 }, text: { stpp: 1, wvtt: 1 }, image: { mjpg: 1 } };
function ie(t2, e2) {
  const r2 = re[e2];
  return !!r2 && !!r2[t2.slice(0, 4)];
}
function se(t2, e2, r2 = true) {
  return !t2.split(",").some(((t3) => !ne(t3, e2, r2)));
}
function ne(t2, e2, r2 = true) {
  var i2;
  const s2 = Z(r2);
  return null != (i2 = null == s2 ? void 0 : s2.isTypeSupported(ae(t2, e2))) && i2;
}
function ae(t2, e2) {
  return `${e2}/mp4;codecs=${t2}`;
}
function oe(t2) {
  if (t2) {
    const e2 = t2.substring(0, 4);
    return re.video[e2];
  }
  return 2;
}
function le(t2) {
  const e2 = /\(Windows.+Firefox\//i.test(Xt);
  return t2.split(",").reduce(((t3, r2) => {
    const i2 = e2 && Wt(r2) ? 9 : re.video[r2];
    return i2 ? (2 * i2 + t3) / (t3 ? 3 : 2) : (re.audio[r2] + t3) / (t3 ? 2 : 1);
  }), 0);
}
var de = {};
var he = /flac|opus|mp4a\.40\.34/i;
function ue(t2, e2 = true) {
  return t2.replace(he, ((t3) => (function(t4, e3 = true) {
    if (de[t4]) return de[t4];
    const r2 = { flac: ["flac", "fLaC", "FLAC"], opus: ["opus", "Opus"], "mp4a.40.34": ["mp3"] }[t4];
    for (let s2 = 0; s2 < r2.length; s2++) {
      var i2;
      if (ne(r2[s2], "audio", e3)) return de[t4] = r2[s2], r2[s2];
      if ("mp3" === r2[s2] && null != (i2 = Z(e3)) && i2.isTypeSupported("audio/mpeg")) return "";
    }
    return t4;
  })(t3.toLowerCase(), e2)));
}
function ce(t2, e2) {
  if (t2 && (t2.length > 4 || -1 !== ["ac-3", "ec-3", "alac", "fLaC", "Opus"].indexOf(t2)) && (fe(t2, "audio") || fe(t2, "video"))) return t2;
  if (e2) {
    const r2 = e2.split(",");
    if (r2.length > 1) {
      if (t2) {
        for (let e3 = r2.length; e3--; ) if (r2[e3].substring(0, 4) === t2.substring(0, 4)) return r2[e3];
      }
      return r2[0];
    }
  }
  return e2 || t2;
}
function fe(t2, e2) {
  return ie(t2, e2) && ne(t2, e2);
}
function ge(t2) {
  const e2 = Z(t2) || { isTypeSupported: () => false };
  return { mpeg: e2.isTypeSupported("audio/mpeg"), mp3: e2.isTypeSupported('audio/mp4; codecs="mp3"'), ac3: false };
}
function me(t2, e2, r2) {
  const i2 = encodeURIComponent(e2), s2 = `${i2}=${encodeURIComponent(r2)}`;
  let n2 = false;
  const a2 = [];
  t2.search.substring(1).split("&").forEach(((t3) => {
    t3 === i2 || t3.startsWith(i2 + "=") ? n2 || (a2.push(s2), n2 = true) : t3 && a2.push(t3);
  })), n2 || a2.push(s2), t2.search = a2.join("&");
}
var pe = ["NONE", "TYPE-0", "TYPE-1", null];
var ve = ["SDR", "PQ", "HLG"];
var Ee = { No: "", Yes: "YES", v2: "v2" };
function ye(t2) {
  const { canSkipUntil: e2, canSkipDateRanges: r2, age: i2 } = t2;
  return e2 && i2 < e2 / 2 ? r2 ? Ee.v2 : Ee.Yes : Ee.No;
}
var Te = class {
  constructor(t2, e2, r2) {
    this.msn = void 0, this.part = void 0, this.skip = void 0, this.msn = t2, this.part = e2, this.skip = r2;
  }
  addDirectives(t2) {
    const e2 = new self.URL(t2);
    return void 0 !== this.msn && me(e2, "_HLS_msn", this.msn.toString()), void 0 !== this.part && me(e2, "_HLS_part", this.part.toString()), this.skip && me(e2, "_HLS_skip", this.skip), e2.href;
  }
};
var Se = class {
  constructor(t2) {
    if (this._attrs = void 0, this.audioCodec = void 0, this.bitrate = void 0, this.codecSet = void 0, this.url = void 0, this.frameRate = void 0, this.height = void 0, this.id = void 0, this.name = void 0, this.supplemental = void 0, this.videoCodec = void 0, this.width = void 0, this.imageCodec = void 0, this.iframes = void 0, this.details = void 0, this.fragmentError = 0, this.loadError = 0, this.loadErrorTime = 0, this.loaded = void 0, this.realBitrate = 0, this.supportedPromise = void 0, this.supportedResult = void 0, this._avgBitrate = 0, this._audioGroups = void 0, this._subtitleGroups = void 0, this._urlId = 0, this.url = [t2.url], this._attrs = [t2.attrs], this.bitrate = t2.bitrate, t2.details && (this.details = t2.details), this.id = t2.id || 0, this.name = t2.name, this.width = t2.width || 0, this.height = t2.height || 0, this.frameRate = t2.attrs.optionalFloat("FRAME-RATE", 0), this._avgBitrate = t2.attrs.decimalInteger("AVERAGE-BANDWIDTH"), this.audioCodec = t2.audioCodec, this.videoCodec = t2.videoCodec, "imageCodec" in t2 && (this.imageCodec = t2.imageCodec), this.codecSet = [t2.videoCodec, t2.audioCodec].filter(((t3) => !!t3)).map(((t3) => t3.substring(0, 4))).join(","), "supplemental" in t2) {
      var e2;
      this.supplemental = t2.supplemental;
      const r2 = null == (e2 = t2.supplemental) ? void 0 : e2.videoCodec;
      r2 && r2 !== t2.videoCodec && (this.codecSet += `,${r2.substring(0, 4)}`);
    }
    "iframes" in t2 && t2.iframes ? this.iframes = true : (this.addGroupId("audio", t2.attrs.AUDIO), this.addGroupId("text", t2.attrs.SUBTITLES));
  }
  get maxBitrate() {
    return Math.max(this.realBitrate, this.bitrate);
  }
  get averageBitrate() {
    return this._avgBitrate || this.realBitrate || this.bitrate;
  }
  get attrs() {
    return this._attrs[0];
  }
  get codecs() {
    return this.attrs.CODECS || "";
  }
  get pathwayId() {
    return this.attrs["PATHWAY-ID"] || ".";
  }
  get videoRange() {
    return this.attrs["VIDEO-RANGE"] || "SDR";
  }
  get score() {
    return this.attrs.optionalFloat("SCORE", 0);
  }
  get uri() {
    return this.url[0] || "";
  }
  hasAudioGroup(t2) {
    return Le(this._audioGroups, t2);
  }
  hasSubtitleGroup(t2) {
    return Le(this._subtitleGroups, t2);
  }
  get audioGroups() {
    return this._audioGroups;
  }
  get subtitleGroups() {
    return this._subtitleGroups;
  }
  addGroupId(t2, e2) {
    if (e2) {
      if ("audio" === t2) {
        let t3 = this._audioGroups;
        t3 || (t3 = this._audioGroups = []), -1 === t3.indexOf(e2) && t3.push(e2);
      } else if ("text" === t2) {
        let t3 = this._subtitleGroups;
        t3 || (t3 = this._subtitleGroups = []), -1 === t3.indexOf(e2) && t3.push(e2);
      }
    }
  }
  get urlId() {
    return 0;
  }
  set urlId(t2) {
  }
  get audioGroupIds() {
    return this.audioGroups ? [this.audioGroupId] : void 0;
  }
  get textGroupIds() {
    return this.subtitleGroups ? [this.textGroupId] : void 0;
  }
  get audioGroupId() {
    var t2;
    return null == (t2 = this.audioGroups) ? void 0 : t2[0];
  }
  get textGroupId() {
    var t2;
    return null == (t2 = this.subtitleGroups) ? void 0 : t2[0];
  }
  addFallback() {
  }
};
function Le(t2, e2) {
  return !(!e2 || !t2) && -1 !== t2.indexOf(e2);
}
function Ae(t2, e2) {
  let r2 = false, i2 = [];
  if (t2 && (r2 = "SDR" !== t2, i2 = [t2]), e2) {
    i2 = e2.allowedVideoRanges || ve.slice(0);
    const t3 = "SDR" !== i2.join("") && !e2.videoCodec;
    r2 = void 0 !== e2.preferHDR ? e2.preferHDR : t3 && (function() {
      if ("function" == typeof matchMedia) {
        const t4 = matchMedia("(dynamic-range: high)"), e3 = matchMedia("bad query");
        if (t4.media !== e3.media) return true === t4.matches;
      }
      return false;
    })(), r2 || (i2 = ["SDR"]);
  }
  return { preferHDR: r2, allowedVideoRanges: i2 };
}
var Re = (t2, e2) => JSON.stringify(t2, /* @__PURE__ */ ((t3) => {
  const e3 = /* @__PURE__ */ new WeakSet();
  return (r2, i2) => {
    if (t3 && (i2 = t3(r2, i2)), "object" == typeof i2 && null !== i2) {
      if (e3.has(i2)) return;
      e3.add(i2);
    }
    return i2;
  };
})(e2));
function be(t2, e2) {
  j.log(`[abr] start candidates with "${t2}" ignored because ${e2}`);
}
function De(t2) {
  return t2.reduce(((t3, e2) => {
    let r2 = t3.groups[e2.groupId];
    r2 || (r2 = t3.groups[e2.groupId] = { tracks: [], channels: { 2: 0 }, hasDefault: false, hasAutoSelect: false }), r2.tracks.push(e2);
    const i2 = e2.channels || "2";
    return r2.channels[i2] = (r2.channels[i2] || 0) + 1, r2.hasDefault = r2.hasDefault || e2.default, r2.hasAutoSelect = r2.hasAutoSelect || e2.autoselect, r2.hasDefault && (t3.hasDefaultAudio = true), r2.hasAutoSelect && (t3.hasAutoSelectAudio = true), t3;
  }), { hasDefaultAudio: false, hasAutoSelectAudio: false, groups: {} });
}
function Ie(t2, e2) {
  var r2;
  return !!t2 && t2 !== (null == (r2 = e2.loadLevelObj) ? void 0 : r2.uri);
}
var ke = class extends G {
  constructor(e2) {
    super("abr", e2.logger), this.hls = void 0, this.lastLevelLoadSec = 0, this.lastLoadedFragLevel = -1, this.firstSelection = -1, this.firstAutoFloor = -1, this._nextAutoLevel = -1, this.nextAutoLevelKey = "", this.audioTracksByGroup = null, this.codecTiers = null, this.timer = -1, this.fragCurrent = null, this.partCurrent = null, this.bitrateTestDelay = 0, this.rebufferNotice = -1, this.supportedCache = {}, this.bwEstimator = void 0, this._abandonRulesCheck = (e3) => {
      var r2;
      const { fragCurrent: i2, partCurrent: s2, hls: a2 } = this;
      if (!a2) return;
      const { autoLevelEnabled: o2, media: l2 } = a2;
      if (!i2 || !l2) return;
      const d2 = performance.now(), h2 = s2 ? s2.stats : i2.stats, u2 = s2 ? s2.duration : i2.duration, c2 = d2 - h2.loading.start, f2 = a2.minAutoLevel, g2 = i2.level, m2 = this._nextAutoLevel;
      if (h2.aborted || h2.loaded && h2.loaded === h2.total || g2 <= f2) return this.clearTimer(), void (this._nextAutoLevel = -1);
      if (!o2) return;
      const p2 = m2 > -1 && m2 !== g2, v2 = !!e3 || p2;
      if (!v2 && (l2.paused || !l2.playbackRate || !l2.readyState)) return;
      const E2 = a2.mainForwardBufferInfo;
      if (!v2 && null === E2) return;
      const y2 = this.bwEstimator.getEstimateTTFB(), T2 = Math.abs(l2.playbackRate);
      if (c2 <= Math.max(y2, u2 / (2 * T2) * 1e3)) return;
      const S2 = E2 ? E2.len / T2 : 0, L2 = h2.loading.first ? h2.loading.first - h2.loading.start : -1, A2 = h2.loaded && L2 > -1, R2 = this.getBwEstimate(), b2 = a2.levels, D2 = b2[g2], I2 = Math.max(h2.loaded, Math.round(u2 * (i2.bitrate || D2.averageBitrate) / 8));
      let k2 = A2 ? c2 - L2 : c2;
      k2 < 1 && A2 && (k2 = Math.min(c2, 8 * h2.loaded / R2));
      const _2 = A2 ? 1e3 * h2.loaded / k2 : 0, C2 = y2 / 1e3, P2 = _2 ? (I2 - h2.loaded) / _2 : 8 * I2 / R2 + C2;
      if (P2 <= S2) return;
      const x2 = _2 ? 8 * _2 : R2, w2 = true === (null == (r2 = (null == e3 ? void 0 : e3.details) || a2.latestLevelDetails) ? void 0 : r2.live), O2 = a2.config.abrBandWidthUpFactor;
      let M2, F2 = Number.POSITIVE_INFINITY;
      for (M2 = g2 - 1; M2 > f2; M2--) {
        const t2 = b2[M2].maxBitrate, e4 = !b2[M2].details || w2;
        if (F2 = this.getTimeToLoadFrag(C2, x2, u2 * t2, e4), F2 < Math.min(S2, u2 + C2)) break;
      }
      if (F2 >= P2) return;
      if (F2 > 10 * u2) return;
      A2 ? this.bwEstimator.sample(c2 - Math.min(y2, L2), h2.loaded) : this.bwEstimator.sampleTTFB(c2);
      const N2 = b2[M2].maxBitrate;
      this.getBwEstimate() * O2 > N2 && (this.firstAutoFloor = Math.min(M2, a2.firstLevel), this.resetEstimator(N2));
      const $2 = this.findBestLevel(N2, f2, M2, 0, S2, 1, 1);
      $2 > -1 && (M2 = $2), this.warn(`Fragment ${i2.sn}${s2 ? " part " + s2.index : ""} of level ${g2} is loading too slowly;
      Fragment duration: ${i2.duration.toFixed(3)}
      Time to underbuffer: ${S2.toFixed(3)} s
      Estimated load time for current fragment: ${P2.toFixed(3)} s
      Estimated load time for down switch fragment: ${F2.toFixed(3)} s
      TTFB estimate: ${0 | L2} ms
      Current BW estimate: ${t(R2) ? 0 | R2 : "Unknown"} bps
      New BW estimate: ${0 | this.getBwEstimate()} bps
      Switching to level ${M2} @ ${0 | N2} bps`), a2.nextLoadLevel = a2.nextAutoLevel = M2, this.clearTimer();
      const B2 = () => {
        this.clearTimer();
        const t2 = this.hls;
        if (this.fragCurrent === i2 && t2.loadLevel === M2 && M2 > 0) {
          const e4 = this.getStarvationDelay();
          if (this.warn(`Aborting inflight request ${M2 > 0 ? "and switching down" : ""}
      Fragment duration: ${i2.duration.toFixed(3)} s
      Time to underbuffer: ${e4.toFixed(3)} s`), i2.abortRequests(), this.fragCurrent = this.partCurrent = null, M2 > f2) {
            let r3 = this.findBestLevel(t2.levels[f2].bitrate, f2, M2, 0, e4, 1, 1);
            -1 === r3 && (r3 = f2), t2.nextLoadLevel = t2.nextAutoLevel = r3, this.firstAutoFloor = Math.min(r3, t2.firstLevel), this.resetEstimator(t2.levels[r3].bitrate);
          }
        }
      };
      p2 || P2 > 2 * F2 ? B2() : this.timer = self.setInterval(B2, 1e3 * F2), a2.trigger(n.FRAG_LOAD_EMERGENCY_ABORTED, { frag: i2, part: s2, stats: h2 });
    }, this.hls = e2, this.bwEstimator = this.initEstimator(), this.registerListeners();
  }
  resetEstimator(t2) {
    this.hls && (t2 && (this.log(`setting initial bwe to ${t2}`), this.hls.config.abrEwmaDefaultEstimate = t2), this.firstSelection = -1, this.bwEstimator = this.initEstimator());
  }
  initEstimator() {
    const t2 = this.hls.config;
    return new U(t2.abrEwmaSlowVoD, t2.abrEwmaFastVoD, t2.abrEwmaDefaultEstimate);
  }
  registerListeners() {
    const t2 = this.hls;
    t2.on(n.MANIFEST_LOADING, this.onManifestLoading, this), t2.on(n.FRAG_LOADING, this.onFragLoading, this), t2.on(n.FRAG_LOADED, this.onFragLoaded, this), t2.on(n.FRAG_BUFFERED, this.onFragBuffered, this), t2.on(n.LEVEL_SWITCHING, this.onLevelSwitching, this), t2.on(n.LEVEL_LOADED, this.onLevelLoaded, this), t2.on(n.LEVELS_UPDATED, this.onLevelsUpdated, this), t2.on(n.MAX_AUTO_LEVEL_UPDATED, this.onMaxAutoLevelUpdated, this), t2.on(n.ERROR, this.onError, this);
  }
  unregisterListeners() {
    const { hls: t2 } = this;
    t2 && (t2.off(n.MANIFEST_LOADING, this.onManifestLoading, this), t2.off(n.FRAG_LOADING, this.onFragLoading, this), t2.off(n.FRAG_LOADED, this.onFragLoaded, this), t2.off(n.FRAG_BUFFERED, this.onFragBuffered, this), t2.off(n.LEVEL_SWITCHING, this.onLevelSwitching, this), t2.off(n.LEVEL_LOADED, this.onLevelLoaded, this), t2.off(n.LEVELS_UPDATED, this.onLevelsUpdated, this), t2.off(n.MAX_AUTO_LEVEL_UPDATED, this.onMaxAutoLevelUpdated, this), t2.off(n.ERROR, this.onError, this));
  }
  destroy() {
    this.unregisterListeners(), this.clearTimer(), this.hls = this._abandonRulesCheck = this.supportedCache = null, this.audioTracksByGroup = this.codecTiers = this.fragCurrent = this.partCurrent = null;
  }
  onManifestLoading(t2, e2) {
    this.lastLoadedFragLevel = -1, this.firstSelection = -1, this.firstAutoFloor = -1, this.lastLevelLoadSec = 0, this.supportedCache = {}, this.fragCurrent = this.partCurrent = null, this.onLevelsUpdated(), this.clearTimer();
  }
  onLevelsUpdated() {
    this.lastLoadedFragLevel > -1 && this.fragCurrent && (this.lastLoadedFragLevel = this.fragCurrent.level), this._nextAutoLevel = -1, this.onMaxAutoLevelUpdated(), this.codecTiers = null, this.audioTracksByGroup = null;
  }
  onMaxAutoLevelUpdated() {
    this.firstSelection = -1, this.nextAutoLevelKey = "";
  }
  onFragLoading(t2, e2) {
    const r2 = e2.frag;
    if (!this.ignoreFragment(r2)) {
      var i2;
      if (!r2.bitrateTest) this.fragCurrent = r2, this.partCurrent = null != (i2 = e2.part) ? i2 : null;
      this.clearTimer(), this.timer = self.setInterval(this._abandonRulesCheck, 100);
    }
  }
  onLevelSwitching(t2, e2) {
    this.clearTimer();
  }
  onError(t2, e2) {
    if (!e2.fatal) switch (e2.details) {
      case s.BUFFER_ADD_CODEC_ERROR:
      case s.BUFFER_APPEND_ERROR:
        this.lastLoadedFragLevel = -1, this.firstSelection = -1;
        break;
      case s.FRAG_LOAD_TIMEOUT: {
        const t3 = e2.frag, { fragCurrent: r2, partCurrent: i2 } = this;
        if (t3 && L(t3, r2)) {
          const e3 = performance.now(), r3 = i2 ? i2.stats : t3.stats, s2 = e3 - r3.loading.start, n2 = r3.loading.first ? r3.loading.first - r3.loading.start : -1;
          if (r3.loaded && n2 > -1) {
            const t4 = this.bwEstimator.getEstimateTTFB();
            this.bwEstimator.sample(s2 - Math.min(t4, n2), r3.loaded);
          } else this.bwEstimator.sampleTTFB(s2);
        }
        break;
      }
    }
  }
  getTimeToLoadFrag(t2, e2, r2, i2) {
    return t2 + r2 / e2 + (i2 ? t2 + this.lastLevelLoadSec : 0);
  }
  onLevelLoaded(e2, r2) {
    const i2 = this.hls.config, { loading: s2 } = r2.stats, n2 = s2.end - s2.first;
    t(n2) && (this.lastLevelLoadSec = n2 / 1e3), r2.details.live ? this.bwEstimator.update(i2.abrEwmaSlowLive, i2.abrEwmaFastLive) : this.bwEstimator.update(i2.abrEwmaSlowVoD, i2.abrEwmaFastVoD), this.timer > -1 && this._abandonRulesCheck(r2.levelInfo);
  }
  onFragLoaded(t2, e2) {
    var r2;
    const { frag: i2, part: s2 } = e2, a2 = s2 ? s2.stats : i2.stats;
    if (i2.type === v.MAIN && this.bwEstimator.sampleTTFB(a2.loading.first - a2.loading.start), !this.ignoreFragment(i2)) {
      if (this.clearTimer(), i2.level === this._nextAutoLevel && (this._nextAutoLevel = -1), this.firstSelection = -1, null != (r2 = this.hls) && r2.config.abrMaxWithRealBitrate) {
        const t3 = s2 ? s2.duration : i2.duration, e3 = this.hls.levels[i2.level], r3 = (e3.loaded ? e3.loaded.bytes : 0) + a2.loaded, n2 = (e3.loaded ? e3.loaded.duration : 0) + t3;
        e3.loaded = { bytes: r3, duration: n2 }, e3.realBitrate = Math.round(8 * r3 / n2);
      }
      if (i2.bitrateTest) {
        const t3 = { stats: a2, frag: i2, part: s2, id: i2.type };
        this.onFragBuffered(n.FRAG_BUFFERED, t3), i2.bitrateTest = false;
      } else this.lastLoadedFragLevel = i2.level;
    }
  }
  onFragBuffered(t2, e2) {
    const { frag: r2, part: i2 } = e2, s2 = null != i2 && i2.stats.loaded ? i2.stats : r2.stats;
    if (s2.aborted) return;
    if (this.ignoreFragment(r2)) return;
    const n2 = ((r2.bitrate || 0) >= 1e5 ? s2.parsing.end : s2.loading.end) - s2.loading.start - Math.min(s2.loading.first - s2.loading.start, this.bwEstimator.getEstimateTTFB());
    this.bwEstimator.sample(n2, s2.loaded), s2.bwEstimate = this.getBwEstimate(), r2.bitrateTest ? this.bitrateTestDelay = n2 / 1e3 : (this.bitrateTestDelay = 0, this.firstAutoFloor > -1 && this.bwEstimator.canEstimate() && (this.firstAutoFloor = -1));
  }
  ignoreFragment(t2) {
    return t2.type !== v.MAIN || "initSegment" === t2.sn;
  }
  clearTimer() {
    this.timer > -1 && (self.clearInterval(this.timer), this.timer = -1);
  }
  get firstAutoLevel() {
    const { hls: t2 } = this;
    if (!t2) return 0;
    const { maxAutoLevel: e2, minAutoLevel: r2 } = t2, i2 = this.getBwEstimate(), s2 = this.getStarvationDelay(), n2 = t2.config.maxStarvationDelay, a2 = this.findBestLevel(i2, r2, e2, s2 / 2, n2, 1, 1);
    if (a2 > -1) return a2;
    const o2 = t2.firstLevel, l2 = -1 === this.firstAutoFloor ? 1 / 0 : this.firstAutoFloor, d2 = Math.min(Math.max(o2, r2), e2, l2);
    return this.warn(`Could not find best starting auto level. Defaulting to first in playlist ${o2} clamped to ${d2}`), d2;
  }
  get forcedAutoLevel() {
    return this.nextAutoLevelKey ? -1 : this._nextAutoLevel;
  }
  get nextAutoLevel() {
    if (!this.hls) return -1;
    const t2 = this.forcedAutoLevel, e2 = this.bwEstimator.canEstimate(), r2 = this.lastLoadedFragLevel > -1;
    if (!(-1 === t2 || e2 && r2 && this.nextAutoLevelKey !== this.getAutoLevelKey())) return t2;
    const i2 = e2 && r2 ? this.getNextABRAutoLevel() : this.firstAutoLevel;
    if (-1 !== t2) {
      const e3 = this.hls.levels;
      if (e3.length > Math.max(t2, i2) && e3[t2].loadError <= e3[i2].loadError) return t2;
    }
    return this._nextAutoLevel = i2, this.nextAutoLevelKey = this.getAutoLevelKey(), i2;
  }
  getAutoLevelKey() {
    return `${this.getBwEstimate()}_${this.getStarvationDelay().toFixed(2)}`;
  }
  getNextABRAutoLevel() {
    const { fragCurrent: t2, partCurrent: e2, hls: r2 } = this;
    if (!r2) return -1;
    if (r2.levels.length <= 1) return r2.loadLevel;
    const { maxAutoLevel: i2, config: s2, minAutoLevel: n2 } = r2, a2 = e2 ? e2.duration : t2 ? t2.duration : 0, o2 = this.getBwEstimate(), l2 = this.getStarvationDelay();
    let d2 = s2.abrBandWidthFactor, h2 = s2.abrBandWidthUpFactor;
    if (l2) {
      const t3 = this.findBestLevel(o2, n2, i2, l2, 0, d2, h2);
      if (t3 >= 0) return this.rebufferNotice = -1, t3;
    }
    let u2 = a2 ? Math.min(a2, s2.maxStarvationDelay) : s2.maxStarvationDelay;
    if (!l2) {
      const t3 = this.bitrateTestDelay;
      if (t3) {
        u2 = (a2 ? Math.min(a2, s2.maxLoadingDelay) : s2.maxLoadingDelay) - t3, this.info(`bitrate test took ${Math.round(1e3 * t3)}ms, set first fragment max fetchDuration to ${Math.round(1e3 * u2)} ms`), d2 = h2 = 1;
      }
    }
    const c2 = this.findBestLevel(o2, n2, i2, l2, u2, d2, h2);
    if (this.rebufferNotice !== c2 && (this.rebufferNotice = c2, this.info(`${l2 ? "rebuffering expected" : "buffer is empty"}, optimal quality level ${c2}`)), c2 > -1) return c2;
    const f2 = r2.levels[n2], g2 = r2.loadLevelObj;
    return g2 && (null == f2 ? void 0 : f2.bitrate) < g2.bitrate ? n2 : r2.loadLevel;
  }
  getStarvationDelay() {
    const t2 = this.hls, e2 = null == t2 ? void 0 : t2.media;
    if (!e2) return 1 / 0;
    const r2 = e2 && 0 !== e2.playbackRate ? Math.abs(e2.playbackRate) : 1, i2 = t2.mainForwardBufferInfo;
    return (i2 ? i2.len : 0) / r2;
  }
  getBwEstimate() {
    return this.bwEstimator.getEstimate();
  }
  findBestLevel(e2, r2, i2, s2, n2, a2, o2) {
    const { hls: l2, lastLoadedFragLevel: d2, fragCurrent: h2, partCurrent: u2 } = this;
    if (!l2) return -1;
    const c2 = s2 + n2, f2 = -1 === d2 ? l2.firstLevel : d2, { levels: g2, allAudioTracks: m2, loadLevel: p2, latestLevelDetails: v2, config: E2 } = l2;
    if (1 === g2.length) return 0;
    const y2 = g2[f2], T2 = !(null == v2 || !v2.live), S2 = -1 === p2 || -1 === d2;
    let L2, A2 = "SDR", R2 = (null == y2 ? void 0 : y2.frameRate) || 0;
    const { audioPreference: b2, videoPreference: D2 } = E2;
    this.audioTracksByGroup || (this.audioTracksByGroup = De(m2));
    let I2 = -1;
    if (S2) {
      if (-1 !== this.firstSelection) return this.firstSelection;
      const s3 = this.codecTiers || (this.codecTiers = (function(t2, e3, r3, i3) {
        return t2.slice(r3, i3 + 1).reduce(((t3, e4, r4) => {
          if (!e4.codecSet) return t3;
          const i4 = e4.audioGroups;
          let s4 = t3[e4.codecSet];
          s4 || (t3[e4.codecSet] = s4 = { minBitrate: 1 / 0, minHeight: 1 / 0, minFramerate: 1 / 0, minIndex: r4, maxScore: 0, videoRanges: { SDR: 0 }, channels: { 2: 0 }, hasDefaultAudio: !i4, fragmentError: 0 }), s4.minBitrate = Math.min(s4.minBitrate, e4.bitrate);
          const n4 = Math.min(e4.height, e4.width);
          return s4.minHeight = Math.min(s4.minHeight, n4), s4.minFramerate = Math.min(s4.minFramerate, e4.frameRate), s4.minIndex = Math.min(s4.minIndex, r4), s4.maxScore = Math.max(s4.maxScore, e4.score), s4.fragmentError += e4.fragmentError, s4.videoRanges[e4.videoRange] = (s4.videoRanges[e4.videoRange] || 0) + 1, t3;
        }), {});
      })(g2, 0, r2, i2)), n3 = (function(e3, r3, i3, s4, n4) {
        const a4 = Object.keys(e3), o4 = null == s4 ? void 0 : s4.channels, l4 = null == s4 ? void 0 : s4.audioCodec, d4 = null == n4 ? void 0 : n4.videoCodec, h4 = o4 && 2 === parseInt(o4);
        let u4 = false, c3 = false, f3 = 1 / 0, g3 = 1 / 0, m3 = 1 / 0, p3 = 1 / 0, v3 = 0, E3 = [];
        const { preferHDR: y3, allowedVideoRanges: T3 } = Ae(r3, n4);
        for (let t2 = a4.length; t2--; ) {
          const r4 = e3[a4[t2]];
          u4 || (u4 = r4.channels[2] > 0), f3 = Math.min(f3, r4.minHeight), g3 = Math.min(g3, r4.minFramerate), m3 = Math.min(m3, r4.minBitrate), T3.filter(((t3) => r4.videoRanges[t3] > 0)).length > 0 && (c3 = true);
        }
        f3 = t(f3) ? f3 : 0, g3 = t(g3) ? g3 : 0;
        const S3 = Math.max(1080, f3), L3 = Math.max(30, g3);
        m3 = t(m3) ? m3 : i3, i3 = Math.max(m3, i3), c3 || (r3 = void 0);
        const A3 = a4.length > 1;
        return { codecSet: a4.reduce(((t2, r4) => {
          const s5 = e3[r4];
          if (r4 === t2) return t2;
          if (E3 = c3 ? T3.filter(((t3) => s5.videoRanges[t3] > 0)) : [], A3) {
            if (s5.minBitrate > i3) return be(r4, `min bitrate of ${s5.minBitrate} > current estimate of ${i3}`), t2;
            if (!s5.hasDefaultAudio) return be(r4, "no renditions with default or auto-select sound found"), t2;
            if (l4 && r4.indexOf(l4.substring(0, 4)) % 5 != 0) return be(r4, `audio codec preference "${l4}" not found`), t2;
            if (o4 && !h4) {
              if (!s5.channels[o4]) return be(r4, `no renditions with ${o4} channel sound found (channels options: ${Object.keys(s5.channels)})`), t2;
            } else if ((!l4 || h4) && u4 && 0 === s5.channels[2]) return be(r4, "no renditions with stereo sound found"), t2;
            if (s5.minHeight > S3) return be(r4, `min resolution of ${s5.minHeight} > maximum of ${S3}`), t2;
            if (s5.minFramerate > L3) return be(r4, `min framerate of ${s5.minFramerate} > maximum of ${L3}`), t2;
            if (!E3.some(((t3) => s5.videoRanges[t3] > 0))) return be(r4, `no variants with VIDEO-RANGE of ${Re(E3)} found`), t2;
            if (d4 && r4.indexOf(d4.substring(0, 4)) % 5 != 0) return be(r4, `video codec preference "${d4}" not found`), t2;
            if (s5.maxScore < v3) return be(r4, `max score of ${s5.maxScore} < selected max of ${v3}`), t2;
          }
          return t2 && (le(r4) >= le(t2) || s5.fragmentError > e3[t2].fragmentError) ? t2 : (p3 = s5.minIndex, v3 = s5.maxScore, r4);
        }), void 0), videoRanges: E3, preferHDR: y3, minFramerate: g3, minBitrate: m3, minIndex: p3 };
      })(s3, A2, e2, b2, D2), { codecSet: a3, videoRanges: o3, minFramerate: l3, minBitrate: d3, minIndex: h3, preferHDR: u3 } = n3;
      I2 = h3, L2 = a3, A2 = u3 ? o3[o3.length - 1] : o3[0], R2 = l3, e2 = Math.max(e2, d3), this.log(`picked start tier ${Re(n3)}`);
    } else L2 = null == y2 ? void 0 : y2.codecSet, A2 = null == y2 ? void 0 : y2.videoRange;
    const k2 = u2 ? u2.duration : h2 ? h2.duration : 0, _2 = this.bwEstimator.getEstimateTTFB() / 1e3, C2 = [];
    for (let l3 = i2; l3 >= r2; l3--) {
      var P2;
      const r3 = g2[l3], h3 = l3 > f2;
      if (!r3) continue;
      if ((L2 && r3.codecSet !== L2 || A2 && r3.videoRange !== A2 || h3 && R2 > r3.frameRate || !h3 && R2 > 0 && R2 < r3.frameRate || null != (P2 = r3.supportedResult) && null != (P2 = P2.decodingInfoResults) && P2.some(((t2) => false === t2.smooth))) && (!S2 || l3 !== I2)) {
        C2.push(l3);
        continue;
      }
      const m3 = r3.details, v3 = (u2 ? null == m3 ? void 0 : m3.partTarget : null == m3 ? void 0 : m3.averagetargetduration) || k2 || 1;
      let y3;
      y3 = h3 ? o2 * e2 : a2 * e2;
      const b3 = k2 && s2 >= 2 * k2 && 0 === n2 ? r3.averageBitrate : r3.maxBitrate, D3 = this.getTimeToLoadFrag(_2, y3, b3 * v3, !m3 || m3.live);
      if (y3 >= b3 && (l3 === d2 || 0 === r3.loadError && 0 === r3.fragmentError || $(r3, E2.errorPenaltyExpireMs)) && (D3 <= _2 || !t(D3) || T2 && !this.bitrateTestDelay || D3 < c2)) {
        const t2 = this.forcedAutoLevel;
        return l3 === p2 || -1 !== t2 && t2 === p2 || (C2.length && this.trace(`Skipped level(s) ${C2.join(",")} of ${i2} max with CODECS and VIDEO-RANGE:"${g2[C2[0]].codecs}" ${g2[C2[0]].videoRange}; not compatible with "${L2}" ${A2}`), this.info(`switch candidate:${f2}->${l3} adjustedbw(${Math.round(y3)})-bitrate=${Math.round(y3 - b3)} ttfb:${_2.toFixed(1)} avgDuration:${v3.toFixed(1)} maxFetchDuration:${c2.toFixed(1)} fetchDuration:${D3.toFixed(1)} firstSelection:${S2} codecSet:${r3.codecSet} videoRange:${r3.videoRange} hls.loadLevel:${p2}`)), S2 && (this.firstSelection = l3), l3;
      }
    }
    return -1;
  }
  set nextAutoLevel(t2) {
    const e2 = this.deriveNextAutoLevel(t2);
    this._nextAutoLevel !== e2 && (this.nextAutoLevelKey = "", this._nextAutoLevel = e2);
  }
  deriveNextAutoLevel(t2) {
    if (!this.hls) return -1;
    const { maxAutoLevel: e2, minAutoLevel: r2 } = this.hls;
    return Math.min(Math.max(t2, r2), e2);
  }
};
var _e = function(t2, e2) {
  let r2 = 0, i2 = t2.length - 1, s2 = null, n2 = null;
  for (; r2 <= i2; ) {
    s2 = (r2 + i2) / 2 | 0, n2 = t2[s2];
    const a2 = e2(n2);
    if (a2 > 0) r2 = s2 + 1;
    else {
      if (!(a2 < 0)) return n2;
      i2 = s2 - 1;
    }
  }
  return null;
};
function Ce(t2, e2, r2 = 0, i2 = 0, s2 = 5e-3) {
  let n2 = null;
  if (t2) {
    n2 = e2[1 + t2.sn - e2[0].sn] || null;
    const i3 = t2.endDTS - r2;
    i3 > 0 && i3 < 15e-7 && (r2 += 15e-7), n2 && t2.level !== n2.level && n2.end <= t2.end && (n2 = e2[2 + t2.sn - e2[0].sn] || null);
  } else 0 === r2 && 0 === e2[0].start && (n2 = e2[0]);
  if (n2 && ((!t2 || t2.level === n2.level) && 0 === Pe(r2, i2, n2) || (function(t3, e3, r3) {
    if (0 === (null == e3 ? void 0 : e3.start) && e3.level < t3.level && (e3.endPTS || 0) > 0) {
      const i3 = e3.tagList.reduce(((t4, e4) => ("INF" === e4[0] && (t4 += parseFloat(e4[1])), t4)), r3);
      return t3.start <= i3;
    }
    return false;
  })(n2, t2, Math.min(s2, i2)))) return n2;
  const a2 = _e(e2, Pe.bind(null, r2, i2));
  return !a2 || a2 === t2 && n2 ? n2 : a2;
}
function Pe(t2 = 0, e2 = 0, r2) {
  if (r2.start <= t2 && r2.start + r2.duration > t2) return 0;
  const i2 = Math.min(e2, r2.duration + (r2.deltaPTS ? r2.deltaPTS : 0));
  return r2.start + r2.duration - i2 <= t2 ? 1 : r2.start - i2 > t2 && r2.start ? -1 : 0;
}
function xe(t2, e2, r2) {
  const i2 = 1e3 * Math.min(e2, r2.duration + (r2.deltaPTS ? r2.deltaPTS : 0));
  return (r2.endProgramDateTime || 0) - i2 > t2;
}
var we = { DoNothing: 0, SendEndCallback: 1, SendAlternateToPenaltyBox: 2, RemoveAlternatePermanently: 3, InsertDiscontinuity: 4, RetryRequest: 5 };
var Oe = { None: 0, MoveAllAlternatesMatchingHost: 1, MoveAllAlternatesMatchingHDCP: 2, MoveAllAlternatesMatchingKey: 4, SwitchToSDR: 8, ResetMediaSource: 16 };
var Me = class extends G {
  constructor(t2) {
    super("error-controller", t2.logger), this.hls = void 0, this.playlistError = 0, this.hls = t2, this.registerListeners();
  }
  registerListeners() {
    const t2 = this.hls;
    t2.on(n.ERROR, this.onError, this), t2.on(n.MANIFEST_LOADING, this.onManifestLoading, this), t2.on(n.LEVEL_UPDATED, this.onLevelUpdated, this);
  }
  unregisterListeners() {
    const t2 = this.hls;
    t2 && (t2.off(n.ERROR, this.onError, this), t2.off(n.ERROR, this.onErrorOut, this), t2.off(n.MANIFEST_LOADING, this.onManifestLoading, this), t2.off(n.LEVEL_UPDATED, this.onLevelUpdated, this));
  }
  destroy() {
    this.unregisterListeners(), this.hls = null;
  }
  startLoad(t2) {
  }
  stopLoad() {
    this.playlistError = 0;
  }
  getVariantLevelIndex(t2) {
    return (null == t2 ? void 0 : t2.type) === v.MAIN ? t2.level : this.getVariantIndex();
  }
  getVariantIndex() {
    var t2;
    const e2 = this.hls, r2 = e2.currentLevel;
    return null != (t2 = e2.loadLevelObj) && t2.details || -1 === r2 ? e2.loadLevel : r2;
  }
  variantHasKey(t2, e2) {
    if (t2) {
      var r2;
      if (null != (r2 = t2.details) && r2.hasKey(e2)) return true;
      const i2 = t2.audioGroups;
      if (i2) {
        return this.hls.allAudioTracks.filter(((t3) => i2.indexOf(t3.groupId) >= 0)).some(((t3) => {
          var r3;
          return null == (r3 = t3.details) ? void 0 : r3.hasKey(e2);
        }));
      }
    }
    return false;
  }
  onManifestLoading() {
    this.playlistError = 0;
  }
  onLevelUpdated() {
    this.playlistError = 0;
  }
  onError(t2, e2) {
    var r2;
    if (e2.fatal) return;
    const n2 = this.hls, a2 = e2.context;
    switch (e2.details) {
      case s.FRAG_LOAD_ERROR:
      case s.FRAG_LOAD_TIMEOUT:
      case s.KEY_LOAD_ERROR:
      case s.KEY_LOAD_TIMEOUT:
        return void (e2.errorAction = this.getFragRetryOrSwitchAction(e2));
      case s.FRAG_PARSING_ERROR:
        if (null != (r2 = e2.frag) && r2.gap) return void (e2.errorAction = $e());
      case s.FRAG_GAP:
      case s.FRAG_DECRYPT_ERROR:
        return e2.errorAction = this.getFragRetryOrSwitchAction(e2), void (e2.errorAction.action = we.SendAlternateToPenaltyBox);
      case s.PLAYLIST_UNCHANGED_ERROR:
      case s.LEVEL_EMPTY_ERROR:
      case s.LEVEL_PARSING_ERROR:
        {
          var o2;
          const t3 = e2.parent === v.MAIN ? e2.level : n2.loadLevel;
          e2.details === s.LEVEL_EMPTY_ERROR && null != (o2 = e2.context) && null != (o2 = o2.levelDetails) && o2.live ? e2.errorAction = this.getPlaylistRetryOrSwitchAction(e2, t3) : (e2.levelRetry = false, e2.errorAction = this.getLevelSwitchAction(e2, t3));
        }
        return;
      case s.LEVEL_LOAD_ERROR:
      case s.LEVEL_LOAD_TIMEOUT:
        return void ("number" == typeof (null == a2 ? void 0 : a2.level) && (e2.errorAction = this.getPlaylistRetryOrSwitchAction(e2, a2.level)));
      case s.AUDIO_TRACK_LOAD_ERROR:
      case s.AUDIO_TRACK_LOAD_TIMEOUT:
      case s.SUBTITLE_LOAD_ERROR:
      case s.SUBTITLE_TRACK_LOAD_TIMEOUT:
        if (a2) {
          const t3 = n2.loadLevelObj;
          if (t3 && (a2.type === p.AUDIO_TRACK && t3.hasAudioGroup(a2.groupId) || a2.type === p.SUBTITLE_TRACK && t3.hasSubtitleGroup(a2.groupId))) return e2.errorAction = this.getPlaylistRetryOrSwitchAction(e2, n2.loadLevel), e2.errorAction.action = we.SendAlternateToPenaltyBox, void (e2.errorAction.flags = Oe.MoveAllAlternatesMatchingHost);
        }
        return;
      case s.KEY_SYSTEM_STATUS_OUTPUT_RESTRICTED:
        return void (e2.errorAction = { action: we.SendAlternateToPenaltyBox, flags: Oe.MoveAllAlternatesMatchingHDCP });
      case s.KEY_SYSTEM_SESSION_UPDATE_FAILED:
      case s.KEY_SYSTEM_STATUS_INTERNAL_ERROR:
      case s.KEY_SYSTEM_NO_SESSION:
        return void (e2.errorAction = { action: we.SendAlternateToPenaltyBox, flags: Oe.MoveAllAlternatesMatchingKey });
      case s.BUFFER_ADD_CODEC_ERROR:
      case s.REMUX_ALLOC_ERROR:
      case s.BUFFER_APPEND_ERROR:
        return void (e2.errorAction || (e2.errorAction = this.getLevelSwitchAction(e2, e2.level)));
      case s.MEDIA_SOURCE_REQUIRES_RESET:
        return e2.errorAction || (e2.errorAction = this.getLevelSwitchAction(e2, e2.level)), void (e2.errorAction.flags |= Oe.ResetMediaSource | Oe.SwitchToSDR);
      case s.INTERNAL_EXCEPTION:
      case s.BUFFER_APPENDING_ERROR:
      case s.BUFFER_APPEND_NO_PROGRESS:
      case s.BUFFER_FULL_ERROR:
      case s.LEVEL_SWITCH_ERROR:
      case s.BUFFER_STALLED_ERROR:
      case s.BUFFER_SEEK_OVER_HOLE:
      case s.BUFFER_NUDGE_ON_STALL:
        return void (e2.errorAction = $e());
    }
    e2.type === i.KEY_SYSTEM_ERROR && (e2.levelRetry = false, e2.errorAction = $e());
  }
  getPlaylistRetryOrSwitchAction(t2, e2) {
    const r2 = w(this.hls.config.playlistLoadPolicy, t2), i2 = this.playlistError++;
    if (F(r2, i2, C(t2), t2.response)) return { action: we.RetryRequest, flags: Oe.None, retryConfig: r2, retryCount: i2 };
    const s2 = this.getLevelSwitchAction(t2, e2);
    return r2 && (s2.retryConfig = r2, s2.retryCount = i2), s2;
  }
  getFragRetryOrSwitchAction(t2) {
    const e2 = this.hls, r2 = this.getVariantLevelIndex(t2.frag), i2 = e2.levels[r2], { fragLoadPolicy: n2, keyLoadPolicy: a2 } = e2.config, o2 = w(P(t2) ? a2 : n2, t2), l2 = e2.levels.reduce(((t3, e3) => t3 + e3.fragmentError), 0);
    if (i2 && (t2.details !== s.FRAG_GAP && i2.fragmentError++, !x(t2))) {
      if (F(o2, l2, C(t2), t2.response)) return { action: we.RetryRequest, flags: Oe.None, retryConfig: o2, retryCount: l2 };
    }
    const d2 = this.getLevelSwitchAction(t2, r2);
    return o2 && (d2.retryConfig = o2, d2.retryCount = l2), d2;
  }
  getLevelSwitchAction(t2, e2) {
    const r2 = this.hls;
    null == e2 && (e2 = r2.loadLevel);
    const i2 = this.hls.levels[e2];
    if (i2) {
      var n2, a2;
      const e3 = t2.details;
      i2.loadError++, i2.loadErrorTime = self.performance.now(), e3 === s.BUFFER_APPEND_ERROR && i2.fragmentError++;
      let d2 = -1;
      const { levels: h2, loadLevel: u2, minAutoLevel: c2, maxAutoLevel: f2 } = r2;
      r2.autoLevelEnabled || r2.config.preserveManualLevelOnError || (r2.loadLevel = -1);
      const g2 = null == (n2 = t2.frag) ? void 0 : n2.type, m2 = (g2 === v.AUDIO && e3 === s.FRAG_PARSING_ERROR || "audio" === t2.sourceBufferName && Fe(t2)) && h2.some((({ audioCodec: t3 }) => i2.audioCodec !== t3)), E2 = "video" === t2.sourceBufferName && Fe(t2) && h2.some((({ codecSet: t3, audioCodec: e4 }) => i2.codecSet !== t3 && i2.audioCodec === e4)), { type: y2, groupId: T2 } = null != (a2 = t2.context) ? a2 : {};
      for (let n3 = h2.length; n3--; ) {
        const a3 = (n3 + u2) % h2.length;
        if (a3 !== u2 && a3 >= c2 && a3 <= f2 && (0 === h2[a3].loadError || $(h2[a3], r2.config.errorPenaltyExpireMs))) {
          var o2, l2;
          const r3 = h2[a3];
          if (e3 === s.FRAG_GAP && g2 === v.MAIN && t2.frag) {
            const e4 = h2[a3].details;
            if (e4) {
              const r4 = Ce(t2.frag, e4.fragments, t2.frag.start);
              if (null != r4 && r4.gap) continue;
            }
          } else {
            if (y2 === p.AUDIO_TRACK && r3.hasAudioGroup(T2) || y2 === p.SUBTITLE_TRACK && r3.hasSubtitleGroup(T2)) continue;
            if (g2 === v.AUDIO && null != (o2 = i2.audioGroups) && o2.some(((t3) => r3.hasAudioGroup(t3))) || g2 === v.SUBTITLE && null != (l2 = i2.subtitleGroups) && l2.some(((t3) => r3.hasSubtitleGroup(t3))) || m2 && i2.audioCodec === r3.audioCodec || E2 && i2.codecSet === r3.codecSet || !m2 && i2.audioCodec !== r3.audioCodec) continue;
          }
          d2 = a3;
          break;
        }
      }
      if (d2 > -1 && r2.loadLevel !== d2) return t2.levelRetry = true, this.playlistError = 0, { action: we.SendAlternateToPenaltyBox, flags: Oe.None, nextAutoLevel: d2 };
    }
    return { action: we.SendAlternateToPenaltyBox, flags: Oe.MoveAllAlternatesMatchingHost };
  }
  onErrorOut(t2, e2) {
    var r2, i2;
    switch (null == (r2 = e2.errorAction) ? void 0 : r2.action) {
      case we.DoNothing:
        break;
      case we.SendAlternateToPenaltyBox:
        this.sendAlternateToPenaltyBox(e2), e2.errorAction.resolved || e2.details === s.FRAG_GAP || e2.details === s.PLAYLIST_UNCHANGED_ERROR || Ne(e2) || (e2.fatal = true);
    }
    ((null == (i2 = e2.errorAction) ? void 0 : i2.flags) || 0) & Oe.ResetMediaSource && this.hls.recoverMediaError(), e2.fatal && this.hls.stopLoad();
  }
  sendAlternateToPenaltyBox(t2) {
    const e2 = this.hls, r2 = t2.errorAction;
    if (!r2) return;
    let i2 = r2.nextAutoLevel;
    if (r2.flags === Oe.None) this.switchLevel(t2, i2);
    else if (r2.flags & Oe.SwitchToSDR) {
      const t3 = this.hls.levels;
      for (let e3 = t3.length; e3--; ) "SDR" !== t3[e3].videoRange ? (t3[e3].fragmentError++, t3[e3].loadError++) : void 0 === i2 && (i2 = e3);
    } else if (r2.flags & Oe.MoveAllAlternatesMatchingHDCP) {
      const i3 = this.getVariantLevelIndex(t2.frag), s3 = e2.levels[i3], n3 = null == s3 ? void 0 : s3.attrs["HDCP-LEVEL"];
      r2.hdcpLevel = n3;
      const a2 = "NONE" === n3;
      n3 && !a2 ? (e2.maxHdcpLevel = pe[pe.indexOf(n3) - 1], r2.resolved = true, this.warn(`Restricting playback to HDCP-LEVEL of "${e2.maxHdcpLevel}" or lower`)) : (a2 && this.warn("HDCP policy resticted output with HDCP-LEVEL=NONE"), r2.flags |= Oe.MoveAllAlternatesMatchingKey);
    }
    if (r2.flags & Oe.MoveAllAlternatesMatchingKey) {
      const e3 = t2.decryptdata;
      if (e3) {
        const i3 = this.hls.levels, a2 = i3.length;
        for (let r3 = a2; r3--; ) {
          var s2, n2;
          if (this.variantHasKey(i3[r3], e3)) this.log(`Banned key found in level ${r3} (${i3[r3].bitrate}bps) or audio group "${null == (s2 = i3[r3].audioGroups) ? void 0 : s2.join(",")}" (${null == (n2 = t2.frag) ? void 0 : n2.type} fragment) ${Tt(e3.keyId || [])}`), i3[r3].fragmentError++, i3[r3].loadError++, this.log(`Removing level ${r3} with key error (${t2.error})`), this.hls.removeLevel(r3);
        }
        const o2 = t2.frag;
        if (this.hls.levels.length < a2) r2.resolved = true;
        else if (o2 && o2.type !== v.MAIN) {
          const t3 = o2.decryptdata;
          t3 && !e3.matches(t3) && (r2.resolved = true);
        }
      }
    }
    r2.resolved || this.switchLevel(t2, i2);
  }
  switchLevel(t2, e2) {
    if (void 0 !== e2 && t2.errorAction && (this.warn(`switching to level ${e2} after ${t2.details}`), this.hls.nextAutoLevel = e2, t2.errorAction.resolved = true, this.hls.nextLoadLevel = this.hls.nextAutoLevel, t2.details === s.BUFFER_ADD_CODEC_ERROR && t2.mimeType && "audiovideo" !== t2.sourceBufferName)) {
      const e3 = t2.mimeType.replace(/^.+codecs=["']?([^"']+).*$/, "$1"), r2 = this.hls.levels;
      for (let i2 = r2.length; i2--; ) r2[i2][`${t2.sourceBufferName}Codec`] === e3 && (this.log(`Removing level ${i2} for ${t2.details} ("${e3}" not supported)`), this.hls.removeLevel(i2));
    }
  }
};
function Fe(t2) {
  const e2 = t2.details;
  return e2 === s.BUFFER_ADD_CODEC_ERROR || e2 === s.MEDIA_SOURCE_REQUIRES_RESET || e2 === s.BUFFER_APPEND_ERROR && !Ne(t2);
}
function Ne(t2) {
  return t2.details === s.BUFFER_APPEND_ERROR && ("QuotaExceededError" === t2.error.name || "InvalidStateError" === t2.error.name);
}
function $e(t2) {
  const e2 = { action: we.DoNothing, flags: Oe.None };
  return t2 && (e2.resolved = true), e2;
}
var Be = /^(\d+)x(\d+)$/;
var Ue = /(.+?)=(".*?"|.*?)(?:,|$)/g;
var Ge = class _Ge {
  constructor(t2, e2) {
    "string" == typeof t2 && (t2 = _Ge.parseAttrList(t2, e2)), I(this, t2);
  }
  get clientAttrs() {
    return Object.keys(this).filter(((t2) => "X-" === t2.substring(0, 2)));
  }
  decimalInteger(t2) {
    const e2 = parseInt(this[t2], 10);
    return e2 > Number.MAX_SAFE_INTEGER ? 1 / 0 : e2;
  }
  hexadecimalInteger(t2) {
    if (this[t2]) {
      let e2 = (this[t2] || "0x").slice(2);
      e2 = (1 & e2.length ? "0" : "") + e2;
      const r2 = new Uint8Array(e2.length / 2);
      for (let t3 = 0; t3 < e2.length / 2; t3++) r2[t3] = parseInt(e2.slice(2 * t3, 2 * t3 + 2), 16);
      return r2;
    }
    return null;
  }
  hexadecimalIntegerAsNumber(t2) {
    const e2 = parseInt(this[t2], 16);
    return e2 > Number.MAX_SAFE_INTEGER ? 1 / 0 : e2;
  }
  decimalFloatingPoint(t2) {
    return parseFloat(this[t2]);
  }
  optionalFloat(t2, e2) {
    const r2 = this[t2];
    return r2 ? parseFloat(r2) : e2;
  }
  enumeratedString(t2) {
    return this[t2];
  }
  enumeratedStringList(t2, e2) {
    const r2 = this[t2];
    return (r2 ? r2.split(/[ ,]+/) : []).reduce(((t3, e3) => (t3[e3.toLowerCase()] = true, t3)), e2);
  }
  bool(t2) {
    return "YES" === this[t2];
  }
  decimalResolution(t2) {
    const e2 = Be.exec(this[t2]);
    if (null !== e2) return { width: parseInt(e2[1], 10), height: parseInt(e2[2], 10) };
  }
  static parseAttrList(t2, e2) {
    let r2;
    const i2 = {};
    for (Ue.lastIndex = 0; null !== (r2 = Ue.exec(t2)); ) {
      const s2 = r2[1].trim();
      let n2 = r2[2];
      const a2 = 0 === n2.indexOf('"') && n2.lastIndexOf('"') === n2.length - 1;
      let o2 = false;
      if (a2) n2 = n2.slice(1, -1);
      else switch (s2) {
        case "IV":
        case "SCTE35-CMD":
        case "SCTE35-IN":
        case "SCTE35-OUT":
          o2 = true;
      }
      if (e2 && (a2 || o2)) ;
      else if (!o2 && !a2) switch (s2) {
        case "CLOSED-CAPTIONS":
          if ("NONE" === n2) break;
        case "ALLOWED-CPC":
        case "CLASS":
        case "ASSOC-LANGUAGE":
        case "AUDIO":
        case "BYTERANGE":
        case "CHANNELS":
        case "CHARACTERISTICS":
        case "CODECS":
        case "DATA-ID":
        case "END-DATE":
        case "GROUP-ID":
        case "ID":
        case "IMPORT":
        case "INSTREAM-ID":
        case "KEYFORMAT":
        case "KEYFORMATVERSIONS":
        case "LANGUAGE":
        case "NAME":
        case "PATHWAY-ID":
        case "QUERYPARAM":
        case "RECENTLY-REMOVED-DATERANGES":
        case "SERVER-URI":
        case "STABLE-RENDITION-ID":
        case "STABLE-VARIANT-ID":
        case "START-DATE":
        case "SUBTITLES":
        case "SUPPLEMENTAL-CODECS":
        case "URI":
        case "VALUE":
        case "VIDEO":
        case "X-ASSET-LIST":
        case "X-ASSET-URI":
          j.warn(`${t2}: attribute ${s2} is missing quotes`);
      }
      i2[s2] = n2;
    }
    return i2;
  }
};
function Ve(t2) {
  return "SCTE35-OUT" === t2 || "SCTE35-IN" === t2 || "SCTE35-CMD" === t2;
}
var He = class {
  constructor(e2, r2, i2 = 0) {
    var s2;
    if (this.attr = void 0, this.tagAnchor = void 0, this.tagOrder = void 0, this._startDate = void 0, this._endDate = void 0, this._dateAtEnd = void 0, this._cue = void 0, this._badValueForSameId = void 0, this.tagAnchor = (null == r2 ? void 0 : r2.tagAnchor) || null, this.tagOrder = null != (s2 = null == r2 ? void 0 : r2.tagOrder) ? s2 : i2, r2) {
      const t2 = r2.attr;
      for (const r3 in t2) if (Object.prototype.hasOwnProperty.call(e2, r3) && e2[r3] !== t2[r3]) {
        j.warn(`DATERANGE tag attribute: "${r3}" does not match for tags with ID: "${e2.ID}"`), this._badValueForSameId = r3;
        break;
      }
      e2 = I(new Ge({}), t2, e2);
    }
    if (this.attr = e2, r2 ? (this._startDate = r2._startDate, this._cue = r2._cue, this._endDate = r2._endDate, this._dateAtEnd = r2._dateAtEnd) : this._startDate = new Date(e2["START-DATE"]), "END-DATE" in e2) {
      const i3 = (null == r2 ? void 0 : r2.endDate) || new Date(e2["END-DATE"]);
      t(i3.getTime()) && (this._endDate = i3);
    }
  }
  get id() {
    return this.attr.ID;
  }
  get class() {
    return this.attr.CLASS;
  }
  get cue() {
    const t2 = this._cue;
    return void 0 === t2 ? this._cue = this.attr.enumeratedStringList(this.attr.CUE ? "CUE" : "X-CUE", { pre: false, post: false, once: false }) : t2;
  }
  get startTime() {
    const { tagAnchor: t2 } = this;
    return null === t2 || null === t2.programDateTime ? (j.warn(`Expected tagAnchor Fragment with PDT set for DateRange "${this.id}": ${t2}`), NaN) : t2.start + (this.startDate.getTime() - t2.programDateTime) / 1e3;
  }
  get startDate() {
    return this._startDate;
  }
  get endDate() {
    const t2 = this._endDate || this._dateAtEnd;
    if (t2) return t2;
    const e2 = this.duration;
    return null !== e2 ? this._dateAtEnd = new Date(this._startDate.getTime() + 1e3 * e2) : null;
  }
  get duration() {
    if ("DURATION" in this.attr) {
      const e2 = this.attr.decimalFloatingPoint("DURATION");
      if (t(e2)) return e2;
    } else if (this._endDate) return (this._endDate.getTime() - this._startDate.getTime()) / 1e3;
    return null;
  }
  get plannedDuration() {
    return "PLANNED-DURATION" in this.attr ? this.attr.decimalFloatingPoint("PLANNED-DURATION") : null;
  }
  get endOnNext() {
    return this.attr.bool("END-ON-NEXT");
  }
  get isInterstitial() {
    return "com.apple.hls.interstitial" === this.class;
  }
  get isValid() {
    return !!this.id && !this._badValueForSameId && t(this.startDate.getTime()) && (null === this.duration || this.duration >= 0) && (!this.endOnNext || !!this.class) && (!this.attr.CUE || !this.cue.pre && !this.cue.post || this.cue.pre !== this.cue.post) && (!this.isInterstitial || "X-ASSET-URI" in this.attr || "X-ASSET-LIST" in this.attr);
  }
  get invalidReason() {
    return this.id ? this._badValueForSameId ? `Date range ${this._badValueForSameId} mismatch` : t(this.startDate.getTime()) ? !this.isInterstitial || "X-ASSET-URI" in this.attr || "X-ASSET-LIST" in this.attr ? this.isValid ? null : "Unknown (check DURATION(|END|NEXT), CLASS, and CUE)" : "Interstitial Date range missing X-ASSET-(LIST|URI)" : "Date range invalid start date" : "Missing ID";
  }
};
var Ke = class {
  constructor(t2) {
    this.PTSKnown = false, this.alignedSliding = false, this.averagetargetduration = void 0, this.endCC = 0, this.endSN = 0, this.fragments = void 0, this.fragmentHint = void 0, this.partList = null, this.dateRanges = void 0, this.dateRangeTagCount = 0, this.live = true, this.iframesOnly = false, this.requestScheduled = -1, this.ageHeader = 0, this.advancedDateTime = void 0, this.updated = true, this.advanced = true, this.misses = 0, this.startCC = 0, this.startSN = 0, this.startTimeOffset = null, this.targetduration = 0, this.totalduration = 0, this.type = null, this.url = void 0, this.m3u8 = "", this.version = null, this.canBlockReload = false, this.canSkipUntil = 0, this.canSkipDateRanges = false, this.skippedSegments = 0, this.recentlyRemovedDateranges = void 0, this.partHoldBack = 0, this.holdBack = 0, this.partTarget = 0, this.preloadHint = void 0, this.renditionReports = void 0, this.tuneInGoal = 0, this.deltaUpdateFailed = void 0, this.driftStartTime = 0, this.driftEndTime = 0, this.driftStart = 0, this.driftEnd = 0, this.encryptedFragments = void 0, this.playlistParsingError = null, this.variableList = null, this.hasVariableRefs = false, this.appliedTimelineOffset = void 0, this.fragments = [], this.encryptedFragments = [], this.dateRanges = {}, this.url = t2;
  }
  reloaded(t2) {
    if (!t2) return this.advanced = true, void (this.updated = true);
    const e2 = this.lastPartSn - t2.lastPartSn, r2 = this.lastPartIndex - t2.lastPartIndex;
    this.updated = this.endSN !== t2.endSN || !!r2 || !!e2 || !this.live, this.advanced = this.endSN > t2.endSN || e2 > 0 || 0 === e2 && r2 > 0, this.updated || this.advanced ? this.misses = 0 : this.misses = t2.misses + 1;
  }
  hasKey(t2) {
    return this.encryptedFragments.some(((e2) => {
      let r2 = e2.decryptdata;
      return r2 || (e2.setKeyFormat(t2.keyFormat), r2 = e2.decryptdata), !!r2 && t2.matches(r2);
    }));
  }
  get hasProgramDateTime() {
    return !!this.fragments.length && t(this.fragments[this.fragments.length - 1].programDateTime);
  }
  get levelTargetDuration() {
    return this.averagetargetduration || this.targetduration || 10;
  }
  get drift() {
    const t2 = this.driftEndTime - this.driftStartTime;
    if (t2 > 0) {
      return 1e3 * (this.driftEnd - this.driftStart) / t2;
    }
    return 1;
  }
  get edge() {
    return this.partEnd || this.fragmentEnd;
  }
  get partEnd() {
    var t2;
    return null != (t2 = this.partList) && t2.length ? this.partList[this.partList.length - 1].end : this.fragmentEnd;
  }
  get fragmentEnd() {
    return this.fragments.length ? this.fragments[this.fragments.length - 1].end : 0;
  }
  get fragmentStart() {
    return this.fragments.length ? this.fragments[0].start : 0;
  }
  get age() {
    return this.advancedDateTime ? Math.max(Date.now() - this.advancedDateTime, 0) / 1e3 : 0;
  }
  get lastPartIndex() {
    var t2;
    return null != (t2 = this.partList) && t2.length ? this.partList[this.partList.length - 1].index : -1;
  }
  get maxPartIndex() {
    const t2 = this.partList;
    if (t2) {
      const e2 = this.lastPartIndex;
      if (-1 !== e2) {
        for (let r2 = t2.length; r2--; ) if (t2[r2].index > e2) return t2[r2].index;
        return e2;
      }
    }
    return 0;
  }
  get lastPartSn() {
    var t2;
    return null != (t2 = this.partList) && t2.length ? this.partList[this.partList.length - 1].fragment.sn : this.endSN;
  }
  get expired() {
    if (this.live && void 0 !== this.advancedDateTime && this.misses < 3) {
      const t2 = this.partEnd - this.fragmentStart;
      return this.age > Math.max(t2, this.totalduration) + this.levelTargetDuration;
    }
    return false;
  }
  get partsExpired() {
    return !!(this.live && this.partTarget && void 0 !== this.advancedDateTime && this.misses < 3) && this.age > 1.5 * (this.partHoldBack || 3 * this.partTarget);
  }
};
function Ye(t2, e2) {
  return t2.length === e2.length && !t2.some(((t3, r2) => t3 !== e2[r2]));
}
function We(t2, e2) {
  return !t2 && !e2 || !(!t2 || !e2) && Ye(t2, e2);
}
var je = 0;
var qe = 1;
function ze(t2) {
  return "AES-128" === t2 || "AES-256" === t2 || "AES-256-CTR" === t2;
}
function Xe(t2) {
  switch (t2) {
    case "AES-128":
    case "AES-256":
      return je;
    case "AES-256-CTR":
      return qe;
    default:
      throw new Error(`invalid full segment method ${t2}`);
  }
}
var Qe = {};
var Ze = class _Ze {
  static clearKeyUriToKeyIdMap() {
    Qe = {};
  }
  static setKeyIdForUri(t2, e2) {
    Qe[t2] = e2;
  }
  static addKeyIdForUri(t2) {
    const e2 = Object.keys(Qe).length % Number.MAX_SAFE_INTEGER, r2 = new Uint8Array(16);
    return new DataView(r2.buffer, 12, 4).setUint32(0, e2), Qe[t2] = r2, r2;
  }
  constructor(t2, e2, r2, i2 = [1], s2 = null, n2) {
    this.uri = void 0, this.method = void 0, this.keyFormat = void 0, this.keyFormatVersions = void 0, this.encrypted = void 0, this.isCommonEncryption = void 0, this.iv = null, this.key = null, this.keyId = null, this.pssh = null, this.scheme = void 0, this.method = t2, this.uri = e2, this.keyFormat = r2, this.keyFormatVersions = i2, this.iv = s2, this.encrypted = !!t2 && "NONE" !== t2, this.isCommonEncryption = this.encrypted && !ze(t2), null != n2 && n2.startsWith("0x") && (this.keyId = new Uint8Array(St(n2)));
  }
  matches(t2) {
    return t2.uri === this.uri && t2.method === this.method && t2.encrypted === this.encrypted && t2.keyFormat === this.keyFormat && Ye(t2.keyFormatVersions, this.keyFormatVersions) && We(t2.iv, this.iv) && We(t2.keyId, this.keyId);
  }
  isSupported() {
    if (this.method) {
      if (ze(this.method) || "NONE" === this.method) return true;
      if ("identity" === this.keyFormat) return "SAMPLE-AES" === this.method;
    }
    return false;
  }
  getDecryptData(t2, e2) {
    if (!this.encrypted || !this.uri) return null;
    if (ze(this.method)) {
      let e3 = this.iv;
      e3 || ("number" != typeof t2 && (j.warn(`missing IV for initialization segment with method="${this.method}" - compliance issue`), t2 = 0), e3 = (function(t3) {
        const e4 = new Uint8Array(16);
        for (let r2 = 12; r2 < 16; r2++) e4[r2] = t3 >> 8 * (15 - r2) & 255;
        return e4;
      })(t2));
      return new _Ze(this.method, this.uri, "identity", this.keyFormatVersions, e3);
    }
    return this;
  }
};
var Je = /#EXT-X-STREAM-INF:([^\r\n]*)(?:[\r\n](?:#[^\r\n]*)?)*([^\r\n]+)|#EXT-X-(I-FRAME-STREAM-INF|SESSION-DATA|SESSION-KEY|DEFINE|CONTENT-STEERING|START):([^\r\n]*)(?:[\r\n]+|$)/g;
var tr = /#EXT-X-MEDIA:(.*)/g;
var er = /^#EXT(?:INF|-X-TARGETDURATION):/m;
var rr = new RegExp([/#EXTINF:\s*(\d+(?:\.\d*)?|\.\d+)?(?:,(.*)\s+)?/.source, /(?!#) *(\S[^\r\n]*)/.source, /#.*/.source].join("|"), "g");
var ir = new RegExp([/#EXT-X-(PROGRAM-DATE-TIME|BYTERANGE|DATERANGE|DEFINE|KEY|MAP|PART|PART-INF|PLAYLIST-TYPE|PRELOAD-HINT|RENDITION-REPORT|SERVER-CONTROL|SKIP|START):(.+)/.source, /#EXT-X-(BITRATE|DISCONTINUITY-SEQUENCE|MEDIA-SEQUENCE|TARGETDURATION|VERSION): *(\d+)/.source, /#EXT-X-(DISCONTINUITY|ENDLIST|GAP|INDEPENDENT-SEGMENTS|I-FRAMES-ONLY)/.source, /(#)([^:]*):(.*)/.source, /(#)(.*)(?:.*)\r?\n?/.source].join("|"));
var sr = class _sr {
  static findGroup(t2, e2) {
    for (let r2 = 0; r2 < t2.length; r2++) {
      const i2 = t2[r2];
      if (i2.id === e2) return i2;
    }
  }
  static resolve(t2, e2) {
    return g.buildAbsoluteURL(e2, t2, { alwaysNormalize: true });
  }
  static isMediaPlaylist(t2) {
    return er.test(t2);
  }
  static parseMasterPlaylist(t2, e2) {
    const r2 = { contentSteering: null, levels: [], iframeVariants: [], playlistParsingError: null, sessionData: null, sessionKeys: null, startTimeOffset: null, variableList: null, hasVariableRefs: false }, i2 = [];
    if (Je.lastIndex = 0, !t2.startsWith("#EXTM3U")) return r2.playlistParsingError = new Error("no EXTM3U delimiter"), r2;
    let s2;
    for (; null != (s2 = Je.exec(t2)); ) if (s2[1]) {
      const t3 = nr(new Ge(s2[1], r2), s2[2], e2, r2, i2);
      t3 && r2.levels.push(t3);
    } else if (s2[3]) {
      const t3 = s2[3], n3 = s2[4];
      switch (t3) {
        case "I-FRAME-STREAM-INF":
          {
            const t4 = new Ge(n3, r2), s3 = nr(t4, t4.URI, e2, r2, i2, true);
            s3 && r2.iframeVariants.push(s3);
          }
          break;
        case "SESSION-DATA": {
          const t4 = new Ge(n3, r2), e3 = t4["DATA-ID"];
          e3 && (null === r2.sessionData && (r2.sessionData = {}), r2.sessionData[e3] = t4);
          break;
        }
        case "SESSION-KEY": {
          const t4 = lr(n3, e2, r2);
          t4.encrypted && t4.isSupported() ? (null === r2.sessionKeys && (r2.sessionKeys = []), r2.sessionKeys.push(t4)) : j.warn(`[Keys] Ignoring invalid EXT-X-SESSION-KEY tag: "${n3}"`);
          break;
        }
        case "DEFINE":
          break;
        case "CONTENT-STEERING": {
          const t4 = new Ge(n3, r2);
          r2.contentSteering = { uri: _sr.resolve(t4["SERVER-URI"], e2), pathwayId: t4["PATHWAY-ID"] || "." };
          break;
        }
        case "START":
          r2.startTimeOffset = dr(n3);
      }
    }
    const n2 = i2.length > 0 && i2.length < r2.levels.length;
    return r2.levels = n2 ? i2 : r2.levels, 0 === r2.levels.length && (r2.playlistParsingError = new Error("no levels found in manifest")), r2;
  }
  static parseMasterPlaylistMedia(t2, e2, r2) {
    let i2;
    const s2 = {}, n2 = r2.levels, a2 = { AUDIO: n2.map(((t3) => ({ id: t3.attrs.AUDIO, audioCodec: t3.audioCodec }))), SUBTITLES: n2.map(((t3) => ({ id: t3.attrs.SUBTITLES, textCodec: t3.textCodec }))), "CLOSED-CAPTIONS": [] };
    let o2 = 0;
    for (tr.lastIndex = 0; null !== (i2 = tr.exec(t2)); ) {
      const t3 = new Ge(i2[1], r2), n3 = t3.TYPE;
      if (n3) {
        const r3 = a2[n3], i3 = s2[n3] || [];
        s2[n3] = i3;
        const l2 = t3.LANGUAGE, d2 = t3["ASSOC-LANGUAGE"], h2 = t3.CHANNELS, u2 = t3.CHARACTERISTICS, c2 = t3["INSTREAM-ID"], f2 = { attrs: t3, bitrate: 0, id: o2++, groupId: t3["GROUP-ID"] || "", name: t3.NAME || l2 || "", type: n3, default: t3.bool("DEFAULT"), autoselect: t3.bool("AUTOSELECT"), forced: t3.bool("FORCED"), lang: l2, url: t3.URI ? _sr.resolve(t3.URI, e2) : "" };
        if (d2 && (f2.assocLang = d2), h2 && (f2.channels = h2), u2 && (f2.characteristics = u2), c2 && (f2.instreamId = c2), null != r3 && r3.length) {
          const t4 = _sr.findGroup(r3, f2.groupId) || r3[0];
          ur(f2, t4, "audioCodec"), ur(f2, t4, "textCodec");
        }
        i3.push(f2);
      }
    }
    return s2;
  }
  static parseLevelPlaylist(e2, r2, i2, s2, n2, a2) {
    var o2;
    const l2 = { url: r2 }, d2 = new Ke(r2), h2 = d2.fragments, u2 = [];
    let c2, f2, g2, m2, p2 = null, v2 = 0, E2 = 0, y2 = 0, T2 = 0, S2 = 0, L2 = null, b2 = new A(s2, l2), D2 = -1, k2 = false, _2 = null;
    if (rr.lastIndex = 0, d2.m3u8 = e2, d2.hasVariableRefs = false, "#EXTM3U" !== (null == (o2 = rr.exec(e2)) ? void 0 : o2[0])) return d2.playlistParsingError = new Error("Missing format identifier #EXTM3U"), d2;
    for (; null !== (c2 = rr.exec(e2)); ) {
      k2 && (k2 = false, b2 = new A(s2, l2), b2.playlistOffset = y2, b2.setStart(y2), b2.sn = v2, b2.cc = T2, S2 && (b2.bitrate = S2), b2.level = i2, p2 && (b2.initSegment = p2, p2.rawProgramDateTime && (b2.rawProgramDateTime = p2.rawProgramDateTime, p2.rawProgramDateTime = null), _2 && (b2.setByteRange(_2), _2 = null)));
      const e3 = c2[1];
      if (e3) {
        b2.duration = parseFloat(e3);
        const t2 = (" " + c2[2]).slice(1);
        b2.title = t2 || null, b2.tagList.push(t2 ? ["INF", e3, t2] : ["INF", e3]);
      } else if (c2[3]) {
        if (t(b2.duration)) {
          var C2;
          b2.playlistOffset = y2, b2.setStart(y2), g2 && gr(b2, g2, d2), b2.sn = v2, b2.level = i2, b2.cc = T2;
          const t2 = (" " + c2[3]).slice(1);
          b2.relurl = t2, cr(b2, L2, u2), L2 = b2, y2 += b2.duration, v2++, E2 = 0;
          const e4 = b2.byteRange;
          if (2 === e4.length && (b2.bitrate = 8 * (e4[1] - e4[0]) / b2.duration | 0), d2.iframesOnly && e4[0] && (null == (C2 = p2) ? void 0 : C2.cc) !== T2) {
            const t3 = new A(s2, l2);
            t3.relurl = b2.relurl, t3.setByteRange(`${Math.min(e4[0], 1316)}@0`), t3.level = i2, t3.sn = "initSegment", g2 && (t3.levelkeys = g2, g2.identity && (t3._decryptdata = g2.identity.getDecryptData(0))), p2 = t3, b2.initSegment = p2;
          }
          h2.push(b2), k2 = true;
        }
      } else {
        if (c2 = c2[0].match(ir), !c2) {
          j.warn("No matches on slow regex match for level playlist!");
          continue;
        }
        for (f2 = 1; f2 < c2.length && void 0 === c2[f2]; f2++) ;
        const e4 = (" " + c2[f2]).slice(1), n3 = (" " + c2[f2 + 1]).slice(1), a3 = c2[f2 + 2] ? (" " + c2[f2 + 2]).slice(1) : null;
        switch (e4) {
          case "BYTERANGE":
            L2 ? b2.setByteRange(n3, L2) : b2.setByteRange(n3);
            break;
          case "PROGRAM-DATE-TIME":
            b2.rawProgramDateTime = n3, b2.tagList.push(["PROGRAM-DATE-TIME", n3]), -1 === D2 && (D2 = h2.length);
            break;
          case "PLAYLIST-TYPE":
            d2.type && mr(d2, e4, c2), d2.type = n3.toUpperCase();
            break;
          case "MEDIA-SEQUENCE":
            0 !== d2.startSN ? mr(d2, e4, c2) : null !== L2 && pr(d2, e4, c2), d2.startSN = parseInt(n3), v2 = d2.startSN + d2.skippedSegments;
            break;
          case "SKIP": {
            d2.skippedSegments && mr(d2, e4, c2);
            const r3 = new Ge(n3, d2), i3 = r3.decimalInteger("SKIPPED-SEGMENTS");
            if (t(i3)) {
              d2.skippedSegments += i3;
              for (let t2 = i3; t2--; ) h2.push(null);
              v2 += i3;
            }
            const s3 = r3.enumeratedString("RECENTLY-REMOVED-DATERANGES");
            s3 && (d2.recentlyRemovedDateranges = (d2.recentlyRemovedDateranges || []).concat(s3.split("	")));
            break;
          }
          case "TARGETDURATION":
            0 !== d2.targetduration && mr(d2, e4, c2), d2.targetduration = Math.max(parseInt(n3), 1);
            break;
          case "VERSION":
            null !== d2.version && mr(d2, e4, c2), d2.version = parseInt(n3);
            break;
          case "INDEPENDENT-SEGMENTS":
          case "DEFINE":
            break;
          case "I-FRAMES-ONLY":
            d2.iframesOnly = true;
            break;
          case "ENDLIST":
            d2.live || mr(d2, e4, c2), d2.live = false;
            break;
          case "#":
            (n3 || a3) && b2.tagList.push(a3 ? [n3, a3] : [n3]);
            break;
          case "DISCONTINUITY":
            T2++, b2.tagList.push(["DIS"]);
            break;
          case "GAP":
            b2.gap = true, b2.tagList.push([e4]);
            break;
          case "BITRATE":
            b2.tagList.push([e4, n3]), S2 = 1e3 * parseInt(n3), t(S2) ? b2.bitrate = S2 : S2 = 0;
            break;
          case "DATERANGE": {
            const t2 = new Ge(n3, d2), e5 = new He(t2, d2.dateRanges[t2.ID], d2.dateRangeTagCount);
            d2.dateRangeTagCount++, e5.isValid || d2.skippedSegments ? d2.dateRanges[e5.id] = e5 : j.log(`Ignoring invalid DATERANGE tag: ${e5.invalidReason}: ${n3}`), b2.tagList.push(["EXT-X-DATERANGE", n3]);
            break;
          }
          case "DISCONTINUITY-SEQUENCE":
            0 !== d2.startCC && mr(d2, e4, c2), d2.startCC = T2 = parseInt(n3), h2.forEach(((t2) => t2 && (t2.cc = T2)));
            break;
          case "KEY": {
            const t2 = lr(n3, r2, d2);
            if (t2.isSupported()) {
              if ("NONE" === t2.method) {
                g2 = void 0;
                break;
              }
              g2 || (g2 = {});
              const e5 = g2[t2.keyFormat];
              null != e5 && e5.matches(t2) || (e5 && (g2 = I({}, g2)), g2[t2.keyFormat] = t2);
            } else j.warn(`[Keys] Ignoring unsupported EXT-X-KEY tag: "${n3}" (light build)`);
            break;
          }
          case "START":
            d2.startTimeOffset = dr(n3);
            break;
          case "MAP": {
            const t2 = new Ge(n3, d2);
            if (b2.duration) {
              const e5 = new A(s2, l2);
              fr(e5, t2, i2, g2), p2 = e5, b2.initSegment = p2, p2.rawProgramDateTime && !b2.rawProgramDateTime && (b2.rawProgramDateTime = p2.rawProgramDateTime);
            } else {
              const e5 = b2.byteRangeEndOffset;
              if (e5) {
                const t3 = b2.byteRangeStartOffset;
                _2 = `${e5 - t3}@${t3}`;
              } else _2 = null;
              fr(b2, t2, i2, g2), p2 = b2, k2 = true;
            }
            p2.cc = T2;
            break;
          }
          case "SERVER-CONTROL":
            m2 && mr(d2, e4, c2), m2 = new Ge(n3), d2.canBlockReload = m2.bool("CAN-BLOCK-RELOAD"), d2.canSkipUntil = m2.optionalFloat("CAN-SKIP-UNTIL", 0), d2.canSkipDateRanges = d2.canSkipUntil > 0 && m2.bool("CAN-SKIP-DATERANGES"), d2.partHoldBack = m2.optionalFloat("PART-HOLD-BACK", 0), d2.holdBack = m2.optionalFloat("HOLD-BACK", 0);
            break;
          case "PART-INF": {
            d2.partTarget && mr(d2, e4, c2);
            const t2 = new Ge(n3);
            d2.partTarget = t2.decimalFloatingPoint("PART-TARGET");
            break;
          }
          case "PART": {
            let t2 = d2.partList;
            t2 || (t2 = d2.partList = []);
            const e5 = E2 > 0 ? t2[t2.length - 1] : void 0, r3 = E2++, i3 = new Ge(n3, d2), s3 = new R(i3, b2, l2, r3, e5);
            t2.push(s3), b2.duration += s3.duration;
            break;
          }
          case "PRELOAD-HINT": {
            const t2 = new Ge(n3, d2);
            d2.preloadHint = t2;
            break;
          }
          case "RENDITION-REPORT": {
            const t2 = new Ge(n3, d2);
            d2.renditionReports = d2.renditionReports || [], d2.renditionReports.push(t2);
            break;
          }
          default:
            j.warn(`line parsed but not handled: ${c2}`);
        }
      }
    }
    L2 && !L2.relurl ? (h2.pop(), y2 -= L2.duration, d2.partList && (d2.fragmentHint = L2)) : d2.partList && (cr(b2, L2, u2), b2.cc = T2, d2.fragmentHint = b2, g2 && gr(b2, g2, d2)), d2.targetduration || (d2.playlistParsingError = new Error("Missing Target Duration"));
    const P2 = h2.length, x2 = h2[0], w2 = h2[P2 - 1];
    if (y2 += d2.skippedSegments * d2.targetduration, y2 > 0 && P2 && w2) {
      d2.averagetargetduration = y2 / P2;
      const t2 = w2.sn;
      d2.endSN = "initSegment" !== t2 ? t2 : 0, d2.live || (w2.endList = true), D2 > 0 && (!(function(t3, e3, r3) {
        if (r3 || (r3 = t3[e3]), !r3) return;
        for (let i3 = e3; i3--; ) {
          const e4 = t3[i3];
          if (!e4) return;
          e4.programDateTime = r3.programDateTime - 1e3 * e4.duration, r3 = e4;
        }
      })(h2, D2, D2 > P2 - 1 ? b2 : null), x2 && u2.unshift(x2));
    }
    return d2.fragmentHint && (y2 += d2.fragmentHint.duration), d2.totalduration = y2, u2.length && d2.dateRangeTagCount && x2 && ar(u2, d2), d2.endCC = T2, d2;
  }
};
function nr(t2, e2, r2, i2, s2, n2) {
  var a2;
  if (void 0 === e2) return null;
  const o2 = e2, l2 = { attrs: t2, bitrate: t2.decimalInteger("BANDWIDTH") || t2.decimalInteger("AVERAGE-BANDWIDTH"), name: t2.NAME, url: sr.resolve(o2, r2) }, d2 = t2.decimalResolution("RESOLUTION");
  d2 && (l2.width = d2.width, l2.height = d2.height), hr(t2.CODECS, l2);
  const h2 = t2["SUPPLEMENTAL-CODECS"];
  return h2 && (l2.supplemental = {}, hr(h2, l2.supplemental)), null != (a2 = l2.unknownCodecs) && a2.length || s2.push(l2), n2 && (l2.iframes = true), l2;
}
function ar(t2, e2) {
  let r2 = t2.length;
  if (!r2) {
    if (!e2.hasProgramDateTime) return;
    {
      const i3 = e2.fragments[e2.fragments.length - 1];
      t2.push(i3), r2++;
    }
  }
  const i2 = t2[r2 - 1], s2 = e2.live ? 1 / 0 : e2.totalduration, n2 = Object.keys(e2.dateRanges);
  for (let o2 = n2.length; o2--; ) {
    const l2 = e2.dateRanges[n2[o2]], d2 = l2.startDate.getTime();
    l2.tagAnchor = i2.ref;
    for (let i3 = r2; i3--; ) {
      var a2;
      if ((null == (a2 = t2[i3]) ? void 0 : a2.sn) < e2.startSN) break;
      const r3 = or(e2, d2, t2, i3, s2);
      if (r3) {
        l2.tagAnchor = r3.ref;
        break;
      }
    }
  }
}
function or(t2, e2, r2, i2, s2) {
  const n2 = r2[i2];
  if (n2) {
    const o2 = n2.programDateTime;
    if (e2 >= o2 || 0 === i2) {
      var a2;
      if (e2 <= o2 + 1e3 * (((null == (a2 = r2[i2 + 1]) ? void 0 : a2.start) || s2) - n2.start)) {
        const s3 = n2.sn - t2.startSN, a3 = t2.fragments;
        if (s3 >= 0 && s3 < a3.length) {
          if (a3.length > r2.length) {
            const n3 = r2[i2 + 1] || a3[a3.length - 1];
            for (let r3 = Math.min(n3.sn - t2.startSN, a3.length - 1); r3 > s3; r3--) {
              const t3 = a3[r3].programDateTime;
              if (e2 >= t3 && e2 < t3 + 1e3 * a3[r3].duration) return a3[r3];
            }
          }
          return a3[s3];
        }
      }
    }
  }
  return null;
}
function lr(t2, e2, r2) {
  var i2, s2;
  const n2 = new Ge(t2, r2), a2 = null != (i2 = n2.METHOD) ? i2 : "", o2 = n2.URI, l2 = n2.hexadecimalInteger("IV"), d2 = n2.KEYFORMATVERSIONS, h2 = null != (s2 = n2.KEYFORMAT) ? s2 : "identity";
  o2 && n2.IV && !l2 && j.error(`Invalid IV: ${n2.IV}`);
  const u2 = o2 ? sr.resolve(o2, e2) : "", c2 = (d2 || "1").split("/").map(Number).filter(Number.isFinite);
  return new Ze(a2, u2, h2, c2, l2, n2.KEYID);
}
function dr(e2) {
  const r2 = new Ge(e2).decimalFloatingPoint("TIME-OFFSET");
  return t(r2) ? r2 : null;
}
function hr(t2, e2) {
  let r2 = (t2 || "").split(/[ ,]+/).filter(((t3) => t3));
  ["video", "audio", "text", "image"].forEach(((t3) => {
    const i2 = r2.filter(((e3) => ie(e3, t3)));
    i2.length && (e2[`${t3}Codec`] = i2.map(((t4) => t4.split("/")[0])).join(","), r2 = r2.filter(((t4) => -1 === i2.indexOf(t4))));
  })), e2.unknownCodecs = r2;
}
function ur(t2, e2, r2) {
  const i2 = e2[r2];
  i2 && (t2[r2] = i2);
}
function cr(t2, e2, r2) {
  t2.rawProgramDateTime ? r2.push(t2) : null != e2 && e2.programDateTime && (t2.programDateTime = e2.endProgramDateTime);
}
function fr(t2, e2, r2, i2) {
  t2.relurl = e2.URI, e2.BYTERANGE && t2.setByteRange(e2.BYTERANGE), t2.level = r2, t2.sn = "initSegment", i2 && (t2.levelkeys = i2), t2.initSegment = null;
}
function gr(t2, e2, r2) {
  t2.levelkeys = e2;
  const { encryptedFragments: i2 } = r2;
  i2.length && i2[i2.length - 1].levelkeys === e2 || !Object.keys(e2).some(((t3) => e2[t3].isCommonEncryption)) || i2.push(t2);
}
function mr(t2, e2, r2) {
  t2.playlistParsingError = new Error(`#EXT-X-${e2} must not appear more than once (${r2[0]})`);
}
function pr(t2, e2, r2) {
  t2.playlistParsingError = new Error(`#EXT-X-${e2} must appear before the first Media Segment (${r2[0]})`);
}
function vr(e2, r2) {
  const i2 = r2.startPTS;
  if (t(i2)) {
    let t2, s2 = 0;
    r2.sn > e2.sn ? (s2 = i2 - e2.start, t2 = e2) : (s2 = e2.start - i2, t2 = r2), t2.duration !== s2 && t2.setDuration(s2);
  } else if (r2.sn > e2.sn) {
    e2.cc === r2.cc && e2.minEndPTS ? r2.setStart(e2.start + (e2.minEndPTS - e2.start)) : r2.setStart(e2.start + e2.duration);
  } else r2.setStart(Math.max(e2.start - r2.duration, 0));
}
function Er(e2, r2, i2, s2, n2, a2, o2, l2) {
  s2 - i2 <= 0 && (l2.warn("Fragment should have a positive duration", r2), s2 = i2 + r2.duration, a2 = n2 + r2.duration);
  let d2 = i2, h2 = s2;
  const u2 = r2.startPTS, c2 = r2.endPTS;
  if (t(u2)) {
    const o3 = Math.abs(u2 - i2);
    e2 && o3 > e2.totalduration ? l2.warn(`media timestamps and playlist times differ by ${o3}s for level ${r2.level} ${e2.url}`) : t(r2.deltaPTS) ? r2.deltaPTS = Math.max(o3, r2.deltaPTS) : r2.deltaPTS = o3, d2 = Math.max(i2, u2), i2 = Math.min(i2, u2), n2 = void 0 !== r2.startDTS ? Math.min(n2, r2.startDTS) : n2, h2 = Math.min(s2, c2), s2 = Math.max(s2, c2), a2 = void 0 !== r2.endDTS ? Math.max(a2, r2.endDTS) : a2;
  }
  const f2 = i2 - r2.start;
  return 0 !== r2.start && r2.setStart(i2), r2.setDuration(s2 - r2.start), r2.startPTS = i2, r2.maxStartPTS = d2, r2.startDTS = n2, r2.endPTS = s2, r2.minEndPTS = h2, r2.endDTS = a2, yr(e2, r2, f2);
}
function yr(t2, e2, r2) {
  var i2;
  const s2 = e2.sn;
  if (!t2 || s2 < t2.startSN || s2 > ((null == (i2 = t2.fragmentHint) ? void 0 : i2.sn) || t2.endSN)) return 0;
  let n2;
  const a2 = s2 - t2.startSN, o2 = t2.fragments;
  for (o2[a2] = e2, n2 = a2; n2 > 0; n2--) vr(o2[n2], o2[n2 - 1]);
  for (n2 = a2; n2 < o2.length - 1; n2++) vr(o2[n2], o2[n2 + 1]);
  return t2.fragmentHint && vr(o2[o2.length - 1], t2.fragmentHint), t2.PTSKnown = t2.alignedSliding = true, r2;
}
function Tr(e2, r2, i2) {
  if (e2 === r2) return;
  let s2 = null;
  const n2 = e2.fragments;
  for (let t2 = n2.length - 1; t2 >= 0; t2--) {
    const e3 = n2[t2].initSegment;
    if (e3) {
      s2 = e3;
      break;
    }
  }
  let a2;
  e2.fragmentHint && delete e2.fragmentHint.endPTS, (function(t2, e3, r3) {
    var i3;
    const s3 = e3.skippedSegments, n3 = Math.max(t2.startSN, e3.startSN) - e3.startSN, a3 = (t2.fragmentHint ? 1 : 0) + (s3 ? e3.endSN : Math.min(t2.endSN, e3.endSN)) - e3.startSN, o3 = e3.startSN - t2.startSN, l3 = e3.fragmentHint ? e3.fragments.concat(e3.fragmentHint) : e3.fragments, d3 = null != (i3 = t2.fragmentHint) && i3.duration ? t2.fragments.concat(t2.fragmentHint) : t2.fragments;
    for (let i4 = n3; i4 <= a3; i4++) {
      const n4 = d3[o3 + i4];
      let a4 = l3[i4];
      if (s3 && !a4 && n4 && (a4 = e3.fragments[i4] = n4), n4 && a4) {
        r3(n4, a4, i4, l3);
        const s4 = n4.relurl, o4 = a4.relurl;
        if (s4 && kr(s4, o4)) return void (e3.playlistParsingError = Sr(`media sequence mismatch ${a4.sn}:`, t2, e3, n4, a4));
        if (n4.cc !== a4.cc) return void (e3.playlistParsingError = Sr(`discontinuity sequence mismatch (${n4.cc}!=${a4.cc})`, t2, e3, n4, a4));
      }
    }
  })(e2, r2, ((e3, i3, n3, o3) => {
    if (i3.cc !== e3.cc && (e3.cc > i3.cc || r2.skippedSegments)) {
      const t2 = e3.cc - i3.cc;
      for (let e4 = n3; e4 < o3.length; e4++) o3[e4].cc += t2;
      r2.endCC = o3[o3.length - 1].cc;
    }
    t(e3.startPTS) && t(e3.endPTS) && (i3.setStart(i3.startPTS = e3.startPTS), i3.startDTS = e3.startDTS, i3.maxStartPTS = e3.maxStartPTS, i3.endPTS = e3.endPTS, i3.endDTS = e3.endDTS, i3.minEndPTS = e3.minEndPTS, i3.setDuration(e3.endPTS - e3.startPTS), i3.duration && (a2 = i3), r2.PTSKnown = r2.alignedSliding = true), e3.hasStreams && (i3.elementaryStreams = e3.elementaryStreams), i3.loader = e3.loader, i3.gap = e3.gap || i3.gap, e3.hasStats && (i3.stats = e3.stats), e3.initSegment && (i3.initSegment = e3.initSegment, s2 = e3.initSegment);
  }));
  const o2 = r2.fragments, l2 = r2.fragmentHint ? o2.concat(r2.fragmentHint) : o2;
  if (s2 && l2.forEach(((t2) => {
    var e3;
    !t2 || t2.initSegment && t2.initSegment.relurl !== (null == (e3 = s2) ? void 0 : e3.relurl) || (t2.initSegment = s2);
  })), r2.skippedSegments) {
    if (r2.deltaUpdateFailed = o2.some(((t2) => !t2)), r2.deltaUpdateFailed) {
      i2.warn("[level-helper] Previous playlist missing segments skipped in delta playlist");
      for (let t2 = r2.skippedSegments; t2--; ) o2.shift();
      r2.startSN = o2[0].sn;
    } else {
      r2.canSkipDateRanges && (r2.dateRanges = (function(t3, e3, r3) {
        const { dateRanges: i3, recentlyRemovedDateranges: s3 } = e3, n3 = I({}, t3);
        s3 && s3.forEach(((t4) => {
          delete n3[t4];
        }));
        const a3 = Object.keys(n3).length;
        if (!a3) return i3;
        return Object.keys(i3).forEach(((t4) => {
          const e4 = n3[t4], s4 = new He(i3[t4].attr, e4);
          s4.isValid ? (n3[t4] = s4, e4 || (s4.tagOrder += a3)) : r3.warn(`Ignoring invalid Playlist Delta Update DATERANGE tag: "${Re(i3[t4].attr)}"`);
        })), n3;
      })(e2.dateRanges, r2, i2));
      const t2 = e2.fragments.filter(((t3) => t3.rawProgramDateTime));
      if (e2.hasProgramDateTime && !r2.hasProgramDateTime) for (let e3 = 1; e3 < l2.length; e3++) null === l2[e3].programDateTime && cr(l2[e3], l2[e3 - 1], t2);
      ar(t2, r2);
    }
    r2.endCC = o2[o2.length - 1].cc;
  } else if (r2.startSN > e2.endSN && o2[0].cc < e2.endCC) {
    const t2 = e2.endCC - o2[0].cc;
    l2.forEach(((e3) => {
      e3.cc += t2;
    })), r2.endCC += t2;
  }
  if (!r2.startCC) {
    var d2;
    const t2 = Rr(e2, r2.startSN - 1);
    r2.startCC = null != (d2 = null == t2 ? void 0 : t2.cc) ? d2 : o2[0].cc;
  }
  if ((function(t2, e3, r3) {
    if (t2 && e3) {
      let i3 = 0;
      for (let s3 = 0, n3 = t2.length; s3 < n3; s3++) {
        const n4 = t2[s3], a3 = e3[s3 + i3];
        n4 && a3 && n4.index === a3.index && n4.fragment.sn === a3.fragment.sn ? r3(n4, a3) : i3--;
      }
    }
  })(e2.partList, r2.partList, ((t2, e3) => {
    e3.elementaryStreams = t2.elementaryStreams, e3.stats = t2.stats, e3.gap = t2.gap || e3.gap;
  })), a2) {
    r2.iframesOnly && (a2.type, v.MAIN);
    Er(r2, a2, a2.startPTS, a2.endPTS, a2.startDTS, a2.endDTS, 0, i2);
  } else Lr(e2, r2);
  o2.length && (r2.totalduration = r2.edge - o2[0].start), r2.driftStartTime = e2.driftStartTime, r2.driftStart = e2.driftStart;
  const h2 = r2.advancedDateTime;
  if (r2.advanced && h2) {
    const t2 = r2.edge;
    r2.driftStart || (r2.driftStartTime = h2, r2.driftStart = t2), r2.driftEndTime = h2, r2.driftEnd = t2;
  } else r2.driftEndTime = e2.driftEndTime, r2.driftEnd = e2.driftEnd, r2.advancedDateTime = e2.advancedDateTime;
  -1 === r2.requestScheduled && (r2.requestScheduled = e2.requestScheduled);
}
function Sr(t2, e2, r2, i2, s2) {
  return new Error(`${t2} ${s2.url}
Playlist starting @${e2.startSN}
${e2.m3u8}

Playlist starting @${r2.startSN}
${r2.m3u8}`);
}
function Lr(t2, e2, r2 = true, i2) {
  const s2 = e2.startSN + e2.skippedSegments - t2.startSN, n2 = t2.fragments, a2 = s2 >= 0;
  let o2 = 0;
  if (a2 && s2 < n2.length) o2 = n2[s2].start, null == i2 || i2.log(`Aligning playlists based on SN ${e2.startSN} (diff: ${o2})`);
  else if (a2 && e2.startSN === t2.endSN + 1) o2 = t2.fragmentEnd, null == i2 || i2.log(`Aligning playlists based on first/last SN ${e2.startSN} (diff: ${o2})`);
  else if (a2 && r2) o2 = t2.fragmentStart + s2 * e2.levelTargetDuration;
  else {
    if (e2.skippedSegments || 0 !== e2.fragmentStart) return o2;
    o2 = t2.fragmentStart, null == i2 || i2.log(`Aligning playlists based on first SN ${e2.startSN} (diff: ${o2})`);
  }
  return (function(t3, e3) {
    if (e3) {
      const r3 = t3.fragments;
      for (let i3 = t3.skippedSegments; i3 < r3.length; i3++) r3[i3].addStart(e3);
      t3.fragmentHint && t3.fragmentHint.addStart(e3);
    }
  })(e2, o2), o2;
}
function Ar(t2, e2 = 1 / 0) {
  let r2 = 1e3 * t2.targetduration;
  if (t2.updated) {
    const i2 = t2.fragments, s2 = 4;
    if (i2.length && r2 * s2 > e2) {
      const t3 = 1e3 * i2[i2.length - 1].duration;
      t3 > 0 && t3 < r2 && (r2 = t3);
    }
  } else r2 /= 2;
  return Math.round(r2);
}
function Rr(t2, e2, r2) {
  var i2;
  if (!t2) return null;
  let s2 = t2.fragments[e2 - t2.startSN];
  return s2 || (s2 = t2.fragmentHint, (null == (i2 = s2) ? void 0 : i2.sn) === e2 ? s2 : r2 && e2 < t2.startSN && r2.sn === e2 ? r2 : null);
}
function br(t2, e2, r2) {
  return t2 ? Dr(t2.partList, e2, r2) : null;
}
function Dr(t2, e2, r2) {
  if (t2) for (let i2 = t2.length; i2--; ) {
    const s2 = t2[i2];
    if (s2.index === r2 && s2.fragment.sn === e2) return s2;
  }
  return null;
}
function Ir(t2) {
  t2.forEach(((t3, e2) => {
    var r2;
    null == (r2 = t3.details) || r2.fragments.forEach(((t4) => {
      t4.level = e2, t4.initSegment && (t4.initSegment.level = e2);
    }));
  }));
}
function kr(t2, e2) {
  return !(t2 === e2 || !e2) && _r(t2) !== _r(e2);
}
function _r(t2) {
  return t2.replace(/\?[^?]*$/, "");
}
var Cr = class extends G {
  constructor(t2, e2) {
    super(e2, t2.logger), this.hls = void 0, this.canLoad = false, this.timer = -1, this.loadingSync = false, this.hls = t2;
  }
  destroy() {
    this.clearTimer(), this.hls = null;
  }
  clearTimer() {
    -1 !== this.timer && (self.clearTimeout(this.timer), this.timer = -1);
  }
  startLoad() {
    this.canLoad = true, this.loadPlaylist();
  }
  stopLoad() {
    this.canLoad = false, this.clearTimer();
  }
  switchParams(t2, e2, r2) {
    const i2 = null == e2 ? void 0 : e2.renditionReports;
    if (i2) {
      let s2 = -1;
      for (let r3 = 0; r3 < i2.length; r3++) {
        const n2 = i2[r3];
        let a2;
        try {
          a2 = new self.URL(n2.URI, e2.url).href;
        } catch (t3) {
          this.warn(`Could not construct new URL for Rendition Report: ${t3}`), a2 = n2.URI || "";
        }
        if (a2 === t2) {
          s2 = r3;
          break;
        }
        a2 === t2.substring(0, a2.length) && (s2 = r3);
      }
      if (-1 !== s2) {
        const t3 = i2[s2], n2 = parseInt(t3["LAST-MSN"]) || e2.lastPartSn;
        let a2 = parseInt(t3["LAST-PART"]) || e2.lastPartIndex;
        if (this.hls.config.lowLatencyMode) {
          const t4 = Math.min(e2.age - e2.partTarget, e2.targetduration);
          a2 >= 0 && t4 > e2.partTarget && (a2 += 1);
        }
        const o2 = r2 && ye(r2);
        return new Te(n2, a2 >= 0 ? a2 : void 0, o2);
      }
    }
  }
  loadPlaylist(t2) {
    this.clearTimer();
  }
  loadingPlaylist(t2, e2) {
    this.clearTimer();
  }
  shouldLoadPlaylist(t2) {
    return this.canLoad && !!t2 && !!t2.url && (!t2.details || t2.details.live);
  }
  getUrlWithDirectives(t2, e2) {
    if (e2) try {
      return e2.addDirectives(t2);
    } catch (t3) {
      this.warn(`Could not construct new URL with HLS Delivery Directives: ${t3}`);
    }
    return t2;
  }
  playlistLoaded(t2, e2, r2) {
    const { details: a2, stats: o2 } = e2, l2 = a2.fragments, d2 = self.performance.now(), h2 = o2.loading.first ? Math.max(0, Math.floor(d2 - o2.loading.first)) : 0;
    a2.advancedDateTime = Date.now() - h2;
    const u2 = this.hls.config.timelineOffset;
    if (u2 !== a2.appliedTimelineOffset) {
      const t3 = Math.max(u2 || 0, 0);
      a2.appliedTimelineOffset = t3, l2.forEach(((e3) => {
        null == e3 || e3.setStart(e3.playlistOffset + t3);
      }));
    }
    if (a2.live || null != r2 && r2.live) {
      var c2;
      const u3 = "levelInfo" in e2 ? e2.levelInfo : e2.track;
      a2.reloaded(r2);
      const f2 = null == (c2 = l2[l2.length - 1]) ? void 0 : c2.type;
      if (a2.misses >= this.hls.config.liveMaxUnchangedPlaylistRefresh) {
        const t3 = new Error(`${f2} playlist ${u3.id} hit max allowed unchanged reloads.`);
        this.warn(t3);
        const { networkDetails: r3, context: l3 } = e2;
        return void this.hls.trigger(n.ERROR, { type: i.NETWORK_ERROR, details: s.PLAYLIST_UNCHANGED_ERROR, fatal: false, url: a2.url, error: t3, reason: t3.message, level: e2.level, parent: f2, context: l3, networkDetails: r3, stats: o2 });
      }
      if (r2) {
        Tr(r2, a2, this);
        const t3 = a2.playlistParsingError;
        if (t3) {
          this.warn(t3);
          const r3 = this.hls;
          if (!r3.config.ignorePlaylistParsingErrors) {
            const { networkDetails: l3 } = e2;
            return void r3.trigger(n.ERROR, { type: i.NETWORK_ERROR, details: s.LEVEL_PARSING_ERROR, fatal: false, url: a2.url, error: t3, reason: t3.message, level: e2.level, parent: f2, networkDetails: l3, stats: o2 });
          }
          a2.playlistParsingError = null;
        }
      }
      -1 === a2.requestScheduled && (a2.requestScheduled = o2.loading.start);
      const g2 = this.hls.mainForwardBufferInfo, m2 = g2 ? g2.end - g2.len : 0, p2 = Ar(a2, 1e3 * (a2.edge - m2));
      a2.requestScheduled + p2 < d2 ? a2.requestScheduled = d2 : a2.requestScheduled <= d2 && (a2.requestScheduled += p2);
      const v2 = e2.deliveryDirectives;
      if (this.log(`live playlist ${t2} ${a2.advanced ? `REFRESHED ${a2.lastPartSn} - ${a2.lastPartIndex}` : a2.updated ? "UPDATED" : `MISSED (received ${a2.lastPartSn} - ${a2.lastPartIndex}${v2 ? ` | requested ${v2.msn} - ${v2.part}` : ""})`}`), !this.canLoad || !a2.live) return;
      let E2, y2, T2;
      if (a2.canBlockReload && a2.advanced) {
        const t3 = this.hls.config.lowLatencyMode, i2 = a2.lastPartSn, s2 = a2.endSN, n2 = a2.lastPartIndex, o3 = i2 === s2;
        -1 !== n2 ? o3 ? (y2 = s2 + 1, T2 = t3 ? 0 : n2) : (y2 = i2, T2 = t3 ? n2 + 1 : a2.maxPartIndex) : y2 = s2 + 1;
        const l3 = a2.age, h3 = l3 + a2.ageHeader;
        let c3 = Math.min(h3 - a2.partTarget, 1.5 * a2.targetduration);
        if (c3 > 0) {
          if (h3 > 3 * a2.targetduration) this.log(`Playlist last advanced ${l3.toFixed(2)}s ago. Omitting segment and part directives.`), y2 = void 0, T2 = void 0;
          else if (null != r2 && r2.tuneInGoal && h3 - a2.partTarget > r2.tuneInGoal) this.warn(`CDN Tune-in goal increased from: ${r2.tuneInGoal} to: ${c3} with playlist age: ${a2.age}`), c3 = 0;
          else {
            const t4 = Math.floor(c3 / a2.targetduration);
            if (y2 += t4, void 0 !== T2) {
              T2 += Math.round(c3 % a2.targetduration / a2.partTarget);
            }
            this.log(`CDN Tune-in age: ${a2.ageHeader}s last advanced ${l3.toFixed(2)}s goal: ${c3} skip sn ${t4} to part ${T2}`);
          }
          a2.tuneInGoal = c3;
        }
        if (E2 = this.getDeliveryDirectives(a2, e2.deliveryDirectives, y2, T2), t3 || !o3) return a2.requestScheduled = d2, void this.loadingPlaylist(u3, E2);
      } else (a2.canBlockReload || a2.canSkipUntil) && (E2 = this.getDeliveryDirectives(a2, e2.deliveryDirectives, y2, T2));
      E2 && void 0 !== y2 && a2.canBlockReload && (a2.requestScheduled = o2.loading.first + Math.max(p2 - 2 * h2, p2 / 2)), this.scheduleLoading(u3, E2, a2);
    } else this.clearTimer();
  }
  scheduleLoading(t2, e2, r2) {
    const i2 = r2 || t2.details;
    if (!i2) return void this.loadingPlaylist(t2, e2);
    const s2 = self.performance.now(), n2 = i2.requestScheduled;
    if (s2 >= n2 && !this.loadingSync) return this.loadingSync = true, this.loadingPlaylist(t2, e2), void (this.loadingSync = false);
    const a2 = Math.max(n2 - s2, 0);
    this.log(`reload live playlist ${t2.name || t2.bitrate + "bps"} in ${Math.round(a2)} ms`), this.clearTimer(), this.timer = self.setTimeout((() => this.loadingPlaylist(t2, e2)), a2);
  }
  getDeliveryDirectives(t2, e2, r2, i2) {
    let s2 = ye(t2);
    return null != e2 && e2.skip && t2.deltaUpdateFailed && (r2 = e2.msn, i2 = e2.part, s2 = Ee.No), new Te(r2, i2, s2);
  }
  checkRetry(t2) {
    const e2 = t2.details, r2 = C(t2), i2 = t2.errorAction, { action: s2, retryCount: n2 = 0, retryConfig: a2 } = i2 || {}, o2 = !!i2 && !!a2 && (s2 === we.RetryRequest || !i2.resolved && s2 === we.SendAlternateToPenaltyBox);
    if (o2) {
      var l2;
      if (n2 >= a2.maxNumRetry) return false;
      if (r2 && null != (l2 = t2.context) && l2.deliveryDirectives) this.warn(`Retrying playlist loading ${n2 + 1}/${a2.maxNumRetry} after "${e2}" without delivery-directives`), this.loadPlaylist();
      else {
        var d2;
        const r3 = N(null == (d2 = t2.response) ? void 0 : d2.code);
        if (this.clearTimer(), r3) this.log("Waiting for connection (offline)"), t2.reason = "offline", this.timer = self.setTimeout((() => this.checkOfflineStatus()), 1e3);
        else {
          const t3 = O(a2, n2);
          this.warn(`Retrying playlist loading ${n2 + 1}/${a2.maxNumRetry} after "${e2}" in ${t3}ms`), this.timer = self.setTimeout((() => this.loadPlaylist()), t3);
        }
      }
      t2.levelRetry = true, i2.resolved = true;
    }
    return o2;
  }
  checkOfflineStatus() {
    this.clearTimer(), N(0) ? this.timer = self.setTimeout((() => this.checkOfflineStatus()), 1e3) : (this.log("Connection restored (online)"), this.loadPlaylist());
  }
};
var Pr = class {
  constructor(t2) {
    this.tracks = void 0, this.queues = { video: [], audio: [], audiovideo: [] }, this.tracks = t2;
  }
  destroy() {
    this.tracks = this.queues = null;
  }
  append(t2, e2, r2) {
    if (null === this.queues || null === this.tracks) return;
    const i2 = this.queues[e2];
    i2.push(t2), 1 !== i2.length || r2 || this.executeNext(e2);
  }
  appendBlocker(t2) {
    return new Promise(((e2) => {
      const r2 = { label: "async-blocker", execute: e2, onStart: () => {
      }, onComplete: () => {
      }, onError: () => {
      } };
      this.append(r2, t2);
    }));
  }
  prependBlocker(t2) {
    return new Promise(((e2) => {
      if (this.queues) {
        const r2 = { label: "async-blocker-prepend", execute: e2, onStart: () => {
        }, onComplete: () => {
        }, onError: () => {
        } };
        this.queues[t2].unshift(r2);
      }
    }));
  }
  removeBlockers() {
    null !== this.queues && [this.queues.video, this.queues.audio, this.queues.audiovideo].forEach(((t2) => {
      var e2;
      const r2 = null == (e2 = t2[0]) ? void 0 : e2.label;
      "async-blocker" === r2 || "async-blocker-prepend" === r2 ? (t2[0].execute(), t2.splice(0, 1)) : "block-audio" === r2 && t2.splice(0, 1);
    }));
  }
  insertNext(t2, e2) {
    null !== this.queues && this.queues[e2].splice(1, 0, ...t2);
  }
  unblockAudio() {
    var t2;
    null !== this.queues && "block-audio" === (null == (t2 = this.current("audio")) ? void 0 : t2.label) && this.shiftAndExecuteNext("audio");
  }
  audioBlocking() {
    return null !== this.queues && this.queues.audio.some(((t2) => "block-audio" === t2.label));
  }
  executeNext(t2) {
    if (null === this.queues || null === this.tracks) return;
    const e2 = this.queues[t2];
    if (e2.length) {
      const i2 = e2[0];
      try {
        i2.execute();
      } catch (e3) {
        var r2;
        if (i2.onError(e3), null === this.queues || null === this.tracks) return;
        const s2 = null == (r2 = this.tracks[t2]) ? void 0 : r2.buffer;
        null != s2 && s2.updating || this.shiftAndExecuteNext(t2);
      }
    }
  }
  shiftAndExecuteNext(t2) {
    null !== this.queues && (this.queues[t2].shift(), this.executeNext(t2));
  }
  current(t2) {
    var e2;
    return (null == (e2 = this.queues) ? void 0 : e2[t2][0]) || null;
  }
  toString() {
    const { queues: t2, tracks: e2 } = this;
    return null === t2 || null === e2 ? "<destroyed>" : `
${this.list("video")}
${this.list("audio")}
${this.list("audiovideo")}}`;
  }
  list(t2) {
    var e2, r2;
    return null != (e2 = this.queues) && e2[t2] || null != (r2 = this.tracks) && r2[t2] ? `${t2}: (${this.listSbInfo(t2)}) ${this.listOps(t2)}` : "";
  }
  listSbInfo(t2) {
    var e2;
    const r2 = null == (e2 = this.tracks) ? void 0 : e2[t2], i2 = null == r2 ? void 0 : r2.buffer;
    return i2 ? `SourceBuffer${i2.updating ? " updating" : ""}${r2.ended ? " ended" : ""}${r2.ending ? " ending" : ""}` : "none";
  }
  listOps(t2) {
    var e2;
    return (null == (e2 = this.queues) ? void 0 : e2[t2].map(((t3) => t3.label)).join(", ")) || "";
  }
};
var xr = { length: 0, start: () => 0, end: () => 0 };
var wr = class _wr {
  static isBuffered(t2, e2) {
    if (t2) {
      const r2 = _wr.getBuffered(t2);
      for (let t3 = r2.length; t3--; ) if (e2 >= r2.start(t3) && e2 <= r2.end(t3)) return true;
    }
    return false;
  }
  static bufferedRanges(t2) {
    if (t2) {
      const e2 = _wr.getBuffered(t2);
      return _wr.timeRangesToArray(e2);
    }
    return [];
  }
  static timeRangesToArray(t2) {
    const e2 = [];
    for (let r2 = 0; r2 < t2.length; r2++) e2.push({ start: t2.start(r2), end: t2.end(r2) });
    return e2;
  }
  static bufferInfo(t2, e2, r2) {
    if (t2) {
      const i2 = _wr.bufferedRanges(t2);
      if (i2.length) return _wr.bufferedInfo(i2, e2, r2);
    }
    return { len: 0, start: e2, end: e2, bufferedIndex: -1 };
  }
  static bufferedInfo(t2, e2, r2) {
    e2 = Math.max(0, e2), t2.length > 1 && t2.sort(((t3, e3) => t3.start - e3.start || e3.end - t3.end));
    let i2 = -1, s2 = [];
    if (r2) for (let n3 = 0; n3 < t2.length; n3++) {
      e2 >= t2[n3].start && e2 <= t2[n3].end && (i2 = n3);
      const a3 = s2.length;
      if (a3) {
        const e3 = s2[a3 - 1].end;
        t2[n3].start - e3 < r2 ? t2[n3].end > e3 && (s2[a3 - 1].end = t2[n3].end) : s2.push(t2[n3]);
      } else s2.push(t2[n3]);
    }
    else s2 = t2;
    let n2, a2 = 0, o2 = e2, l2 = e2;
    for (let t3 = 0; t3 < s2.length; t3++) {
      const d2 = s2[t3].start, h2 = s2[t3].end;
      if (-1 === i2 && e2 >= d2 && e2 <= h2 && (i2 = t3), e2 + r2 >= d2 && e2 < h2) o2 = d2, l2 = h2, a2 = l2 - e2;
      else if (e2 + r2 < d2) {
        n2 = d2;
        break;
      }
    }
    return { len: a2, start: o2 || 0, end: l2 || 0, nextStart: n2, buffered: t2, bufferedIndex: i2 };
  }
  static getBuffered(t2) {
    try {
      return t2.buffered || xr;
    } catch (t3) {
      return j.log("failed to get media.buffered", t3), xr;
    }
  }
};
function Or(t2, e2, r2) {
  Mr(t2, e2, r2), t2.addEventListener(e2, r2);
}
function Mr(t2, e2, r2) {
  t2.removeEventListener(e2, r2);
}
function Fr(t2) {
  let e2 = "";
  const r2 = t2.length;
  for (let i2 = 0; i2 < r2; i2++) e2 += `[${t2.start(i2).toFixed(3)}-${t2.end(i2).toFixed(3)}]`;
  return e2;
}
var Nr = /(avc[1234]|hvc1|hev1|dvh[1e]|vp09|av01)(?:\.[^.,]+)+/;
var $r = "HlsJsTrackRemovedError";
var Br = "HlsJsSourceBufferError";
var Ur = class extends Error {
  constructor(t2) {
    super(t2), this.name = $r;
  }
};
var Gr = class extends G {
  constructor(t2, e2) {
    var r2;
    super("buffer-controller", t2.logger), this.hls = void 0, this.fragmentTracker = void 0, this.fragmentAppendProgress = /* @__PURE__ */ Object.create(null), this.appendsWithoutProgress = /* @__PURE__ */ Object.create(null), this.details = null, this._objectUrl = null, this.operationQueue = null, this.bufferCodecEventsTotal = 0, this.media = null, this.mediaSource = null, this.lastMpegAudioChunk = null, this.lastVideoAppendEnd = 0, this.appendSource = void 0, this.transferData = void 0, this.overrides = void 0, this.appendErrors = { audio: 0, video: 0, audiovideo: 0 }, this.appendError = void 0, this._quotaEvictionPending = {}, this.tracks = {}, this.sourceBuffers = [[null, null], [null, null]], this._onEndStreaming = (t3) => {
      var e3;
      this.hls && "open" === (null == (e3 = this.mediaSource) ? void 0 : e3.readyState) && this.media && !this.media.seeking && this.hls.pauseBuffering();
    }, this._onStartStreaming = (t3) => {
      this.hls && this.hls.resumeBuffering();
    }, this._onMediaSourceOpen = (t3) => {
      const { media: e3, mediaSource: r3 } = this;
      t3 && this.log("Media source opened"), e3 && r3 && (Mr(r3, "sourceopen", this._onMediaSourceOpen), Mr(e3, "emptied", this._onMediaEmptied), this.updateDuration(), this.hls.trigger(n.MEDIA_ATTACHED, { media: e3, mediaSource: r3 }), null !== this.mediaSource && this.checkPendingTracks());
    }, this._onMediaSourceClose = () => {
      if (this.log("Media source closed"), this.media) {
        if (this.isMediaSourceReplaced()) {
          const { currentSrc: t4 } = this.media, e4 = t4 && t4 !== this._objectUrl ? t4 : this.mediaSrc;
          return this.warn(`MediaSource closed after media element switched to another source (${this._objectUrl} > ${e4}) - detaching media`), void this.hls.detachMedia();
        }
        const t3 = this.media.error, { appendError: e3, appendErrors: r3 } = this;
        let a2 = false;
        if (!e3 && t3) {
          a2 = Math.max(++r3.audio, ++r3.video, ++r3.audiovideo) >= this.hls.config.appendErrorMaxRetry;
        }
        const o2 = new Error(`MediaSource closed while media attached${Kr(a2, t3)}`);
        this.warn(o2), this.hls.trigger(n.ERROR, I({ fatal: a2 }, e3, { type: i.MEDIA_ERROR, details: s.MEDIA_SOURCE_REQUIRES_RESET, error: o2 }));
      }
    }, this._onMediaSourceEnded = () => {
      this.log("Media source ended");
    }, this._onMediaEmptied = () => {
      const { mediaSrc: t3, _objectUrl: e3 } = this;
      t3 !== e3 && this.error(`Media element src was set while attaching MediaSource (${e3} > ${t3})`);
    }, this._onMediaError = () => {
      const { media: t3 } = this;
      var e3, r3;
      t3 && this.log(`Media error (code: ${null == (e3 = t3.error) ? void 0 : e3.code}): ${null == (r3 = t3.error) ? void 0 : r3.message}`);
    }, this.hls = t2, this.fragmentTracker = e2, this.appendSource = (r2 = Z(t2.config.preferManagedMediaSource), "undefined" != typeof self && r2 === self.ManagedMediaSource), this.initTracks(), this.registerListeners();
  }
  hasSourceTypes() {
    return Object.keys(this.tracks).length > 0;
  }
  destroy() {
    this.unregisterListeners(), this.details = null, this.lastMpegAudioChunk = null, this.transferData = this.overrides = void 0, this.operationQueue && (this.operationQueue.destroy(), this.operationQueue = null), this.hls = this.fragmentTracker = null, this._onMediaSourceOpen = this._onMediaSourceClose = null, this._onMediaSourceEnded = null, this._onStartStreaming = this._onEndStreaming = null, this._onMediaEmptied = this._onMediaError = null;
  }
  registerListeners() {
    const { hls: t2 } = this;
    t2.on(n.MEDIA_ATTACHING, this.onMediaAttaching, this), t2.on(n.MEDIA_DETACHING, this.onMediaDetaching, this), t2.on(n.MANIFEST_LOADING, this.onManifestLoading, this), t2.on(n.MANIFEST_PARSED, this.onManifestParsed, this), t2.on(n.BUFFER_RESET, this.onBufferReset, this), t2.on(n.BUFFER_APPENDING, this.onBufferAppending, this), t2.on(n.BUFFER_CODECS, this.onBufferCodecs, this), t2.on(n.BUFFER_EOS, this.onBufferEos, this), t2.on(n.BUFFER_FLUSHING, this.onBufferFlushing, this), t2.on(n.LEVEL_UPDATED, this.onLevelUpdated, this), t2.on(n.FRAG_PARSED, this.onFragParsed, this), t2.on(n.FRAG_CHANGED, this.onFragChanged, this), t2.on(n.ERROR, this.onError, this);
  }
  unregisterListeners() {
    const { hls: t2 } = this;
    t2.off(n.MEDIA_ATTACHING, this.onMediaAttaching, this), t2.off(n.MEDIA_DETACHING, this.onMediaDetaching, this), t2.off(n.MANIFEST_LOADING, this.onManifestLoading, this), t2.off(n.MANIFEST_PARSED, this.onManifestParsed, this), t2.off(n.BUFFER_RESET, this.onBufferReset, this), t2.off(n.BUFFER_APPENDING, this.onBufferAppending, this), t2.off(n.BUFFER_CODECS, this.onBufferCodecs, this), t2.off(n.BUFFER_EOS, this.onBufferEos, this), t2.off(n.BUFFER_FLUSHING, this.onBufferFlushing, this), t2.off(n.LEVEL_UPDATED, this.onLevelUpdated, this), t2.off(n.FRAG_PARSED, this.onFragParsed, this), t2.off(n.FRAG_CHANGED, this.onFragChanged, this), t2.off(n.ERROR, this.onError, this);
  }
  transferMedia() {
    const { media: t2, mediaSource: e2 } = this;
    if (!t2) return null;
    const r2 = {};
    if (this.operationQueue) {
      const t3 = this.isUpdating();
      t3 || this.operationQueue.removeBlockers();
      const e3 = this.isQueued();
      (t3 || e3) && this.warn(`Transfering MediaSource with${e3 ? " operations in queue" : ""}${t3 ? " updating SourceBuffer(s)" : ""} ${this.operationQueue}`), this.operationQueue.destroy();
    }
    const i2 = this.transferData;
    return i2 && !this.sourceBufferCount && i2.mediaSource === e2 ? I(r2, i2.tracks) : this.sourceBuffers.forEach(((t3) => {
      const [e3] = t3;
      e3 && (r2[e3] = I({}, this.tracks[e3]), this.removeBuffer(e3)), t3[0] = t3[1] = null;
    })), { media: t2, mediaSource: e2, tracks: r2 };
  }
  initTracks() {
    this.resetAppendProgress(), this.sourceBuffers = [[null, null], [null, null]], this.tracks = {}, this.resetQueue(), this.lastMpegAudioChunk = null, this.lastVideoAppendEnd = 0;
  }
  onManifestLoading() {
    this.bufferCodecEventsTotal = 0, this.details = null, this.resetAppendErrors(), this.resetAppendProgress();
  }
  onManifestParsed(t2, e2) {
    var r2;
    let i2 = 2;
    (e2.audio && !e2.video || !e2.altAudio) && (i2 = 1), this.bufferCodecEventsTotal = i2, this.log(`${i2} bufferCodec event(s) expected.`), null != (r2 = this.transferData) && r2.mediaSource && this.sourceBufferCount && i2 && this.bufferCreated();
  }
  onMediaAttaching(t2, e2) {
    const r2 = this.media = e2.media;
    this.transferData = this.overrides = void 0;
    const i2 = Z(this.appendSource);
    if (i2) {
      const t3 = !!e2.mediaSource;
      (t3 || e2.overrides) && (this.transferData = e2, this.overrides = e2.overrides);
      const n2 = this.mediaSource = e2.mediaSource || new i2();
      if (this.assignMediaSource(n2), t3) this._objectUrl = r2.src, this.attachTransferred();
      else {
        var s2;
        const t4 = this._objectUrl = self.URL.createObjectURL(n2), e3 = this.hls.config, i3 = e3.emeEnabled && r2.mediaKeys ? null == (s2 = e3.emeController) ? void 0 : s2.CDMCleanupPromise : null;
        i3 ? i3.then((() => {
          this.hls && this.setSource(r2, n2, t4);
        })).catch((() => {
        })) : this.setSource(r2, n2, t4);
      }
      Or(r2, "emptied", this._onMediaEmptied), Or(r2, "error", this._onMediaError), this.appendSource && Or(r2, "seeking", this._onStartStreaming);
    }
  }
  setSource(t2, e2, r2) {
    if (this.appendSource) try {
      t2.removeAttribute("src");
      const i2 = self.ManagedMediaSource;
      t2.disableRemotePlayback = t2.disableRemotePlayback || i2 && e2 instanceof i2, Vr(t2), (function(t3, e3) {
        const r3 = self.document.createElement("source");
        r3.type = "video/mp4", r3.src = e3, t3.appendChild(r3);
      })(t2, r2), t2.load();
    } catch (e3) {
      t2.src = r2;
    }
    else t2.src = r2;
  }
  assignMediaSource(t2) {
    var e2, r2;
    this.log(`${(null == (e2 = this.transferData) ? void 0 : e2.mediaSource) === t2 ? "transferred" : "created"} media source: ${null == (r2 = t2.constructor) ? void 0 : r2.name}`), Or(t2, "sourceopen", this._onMediaSourceOpen), Or(t2, "sourceended", this._onMediaSourceEnded), Or(t2, "sourceclose", this._onMediaSourceClose), this.appendSource && (Or(t2, "startstreaming", this._onStartStreaming), Or(t2, "endstreaming", this._onEndStreaming));
  }
  attachTransferred() {
    const t2 = this.media, e2 = this.transferData;
    if (!e2 || !t2) return;
    const r2 = this.tracks, i2 = e2.tracks, s2 = i2 ? Object.keys(i2) : null, a2 = s2 ? s2.length : 0, o2 = () => {
      Promise.resolve().then((() => {
        this.media && this.mediaSourceOpenOrEnded && this._onMediaSourceOpen();
      }));
    };
    if (i2 && s2 && a2) {
      if (!this.tracksReady) return this.hls.config.startFragPrefetch = true, void this.log("attachTransferred: waiting for SourceBuffer track info");
      if (this.log(`attachTransferred: (bufferCodecEventsTotal ${this.bufferCodecEventsTotal})
required tracks: ${Re(r2, ((t3, e3) => "initSegment" === t3 ? void 0 : e3))};
transfer tracks: ${Re(i2, ((t3, e3) => "initSegment" === t3 ? void 0 : e3))}}`), !(function(t3, e3) {
        const r3 = Object.keys(t3), i3 = Object.keys(e3), s3 = r3.length, n2 = i3.length;
        return !s3 || !n2 || s3 === n2 && !r3.some(((t4) => -1 === i3.indexOf(t4)));
      })(i2, r2)) {
        e2.mediaSource = null, e2.tracks = void 0;
        const s3 = t2.currentTime, a3 = this.details, o3 = Math.max(s3, (null == a3 ? void 0 : a3.fragments[0].start) || 0);
        return o3 - s3 > 1 ? void this.log(`attachTransferred: waiting for playback to reach new tracks start time ${s3} -> ${o3}`) : (this.warn(`attachTransferred: resetting MediaSource for incompatible tracks ("${Object.keys(i2)}"->"${Object.keys(r2)}") start time: ${o3} currentTime: ${s3}`), this.onMediaDetaching(n.MEDIA_DETACHING, {}), this.onMediaAttaching(n.MEDIA_ATTACHING, e2), void (t2.currentTime = o3));
      }
      this.transferData = void 0, s2.forEach(((t3) => {
        const e3 = t3, r3 = i2[e3];
        if (r3) {
          const t4 = r3.buffer;
          if (t4) {
            const i3 = this.fragmentTracker, s3 = r3.id;
            if (i3.hasFragments(s3) || i3.hasParts(s3)) {
              const r4 = wr.getBuffered(t4);
              i3.detectEvictedFragments(e3, r4, s3, null, null, true);
            }
            const n2 = Hr(e3), a3 = [e3, t4];
            this.sourceBuffers[n2] = a3, t4.updating && this.operationQueue && this.operationQueue.prependBlocker(e3), this.trackSourceBuffer(e3, r3);
          }
        }
      })), o2(), this.bufferCreated();
    } else this.log("attachTransferred: MediaSource w/o SourceBuffers"), o2();
  }
  get mediaSourceOpenOrEnded() {
    var t2;
    const e2 = null == (t2 = this.mediaSource) ? void 0 : t2.readyState;
    return "open" === e2 || "ended" === e2;
  }
  onMediaDetaching(t2, e2) {
    const r2 = !!e2.transferMedia;
    this.transferData = this.overrides = void 0;
    const { media: i2, mediaSource: s2, _objectUrl: n2 } = this;
    if (s2) {
      if (this.log("media source " + (r2 ? "transferring" : "detaching")), r2) this.sourceBuffers.forEach((([t3]) => {
        t3 && this.removeBuffer(t3);
      })), this.resetQueue();
      else {
        if (this.mediaSourceOpenOrEnded) {
          const t3 = "open" === s2.readyState;
          try {
            const e3 = s2.sourceBuffers;
            for (let r3 = e3.length; r3--; ) t3 && e3[r3].abort(), s2.removeSourceBuffer(e3[r3]);
            t3 && s2.endOfStream();
          } catch (t4) {
            this.warn(`onMediaDetaching: ${t4.message} while calling endOfStream`);
          }
        }
        this.sourceBufferCount && this.onBufferReset();
      }
      Mr(s2, "sourceopen", this._onMediaSourceOpen), Mr(s2, "sourceended", this._onMediaSourceEnded), Mr(s2, "sourceclose", this._onMediaSourceClose), this.appendSource && (Mr(s2, "startstreaming", this._onStartStreaming), Mr(s2, "endstreaming", this._onEndStreaming)), this.mediaSource = null, this._objectUrl = null;
    }
    i2 && (Mr(i2, "emptied", this._onMediaEmptied), Mr(i2, "error", this._onMediaError), Mr(i2, "seeking", this._onStartStreaming), r2 || (n2 && self.URL.revokeObjectURL(n2), this.mediaSrc !== n2 || this.isMediaSourceReplaced(n2) ? this.warn("media|source.src was changed by a third party - skip cleanup") : (i2.removeAttribute("src"), this.appendSource && Vr(i2), i2.load())), this.media = null);
  }
  onBufferReset() {
    this.sourceBuffers.forEach((([t2]) => {
      t2 && this.resetBuffer(t2);
    })), this.initTracks();
  }
  resetBuffer(t2) {
    var e2;
    const r2 = null == (e2 = this.tracks[t2]) ? void 0 : e2.buffer;
    if (this.removeBuffer(t2), r2) try {
      var i2;
      null != (i2 = this.mediaSource) && i2.sourceBuffers.length && this.mediaSource.removeSourceBuffer(r2);
    } catch (e3) {
      this.warn(`onBufferReset ${t2}`, e3);
    }
    delete this.tracks[t2];
  }
  removeBuffer(t2) {
    this.removeBufferListeners(t2), this.sourceBuffers[Hr(t2)] = [null, null];
    const e2 = this.tracks[t2];
    e2 && (this.clearBufferAppendTimeoutId(e2), e2.buffer = void 0);
  }
  resetQueue() {
    this.operationQueue && this.operationQueue.destroy(), this.operationQueue = new Pr(this.tracks);
  }
  onBufferCodecs(t2, e2) {
    var r2;
    const i2 = this.tracks, s2 = Object.keys(e2);
    this.log(`BUFFER_CODECS: "${s2}" (current SB count ${this.sourceBufferCount})`);
    const n2 = "audiovideo" in e2 && (i2.audio || i2.video) || i2.audiovideo && ("audio" in e2 || "video" in e2), a2 = !n2 && this.sourceBufferCount && this.media && s2.some(((t3) => !i2[t3]));
    n2 || a2 ? this.warn(`Unsupported transition between "${Object.keys(i2)}" and "${s2}" SourceBuffers`) : (s2.forEach(((t3) => {
      var r3, s3;
      const n3 = e2[t3], { id: a3, codec: o2, levelCodec: l2, container: d2, metadata: h2, supplemental: u2 } = n3;
      let c2 = i2[t3];
      const f2 = null == (r3 = this.transferData) || null == (r3 = r3.tracks) ? void 0 : r3[t3], g2 = null != f2 && f2.buffer ? f2 : c2, m2 = (null == g2 ? void 0 : g2.pendingCodec) || (null == g2 ? void 0 : g2.codec), p2 = null == g2 ? void 0 : g2.levelCodec;
      c2 || (c2 = i2[t3] = { buffer: void 0, listeners: [], codec: o2, supplemental: u2, container: d2, levelCodec: l2, metadata: h2, id: a3 });
      const v2 = ce(m2, p2), E2 = null == v2 ? void 0 : v2.replace(Nr, "$1");
      let y2 = ce(o2, l2);
      const T2 = null == (s3 = y2) ? void 0 : s3.replace(Nr, "$1");
      y2 && v2 && E2 !== T2 && ("audio" === t3.slice(0, 5) && (y2 = ue(y2, this.appendSource)), this.log(`switching codec ${m2} to ${y2}`), y2 !== (c2.pendingCodec || c2.codec) && (c2.pendingCodec = y2), c2.container = d2, this.appendChangeType(t3, d2, y2));
    })), (this.tracksReady || this.sourceBufferCount) && (e2.tracks = this.sourceBufferTracks), this.sourceBufferCount || (this.bufferCodecEventsTotal > 1 && !this.tracks.video && !e2.video && "main" === (null == (r2 = e2.audio) ? void 0 : r2.id) && (this.log("Main audio-only"), this.bufferCodecEventsTotal = 1), this.mediaSourceOpenOrEnded && this.checkPendingTracks()));
  }
  get sourceBufferTracks() {
    return Object.keys(this.tracks).reduce(((t2, e2) => {
      const r2 = this.tracks[e2];
      return t2[e2] = { id: r2.id, container: r2.container, codec: r2.codec, levelCodec: r2.levelCodec }, t2;
    }), {});
  }
  appendChangeType(t2, e2, r2) {
    const i2 = `${e2};codecs=${r2}`, s2 = { label: `change-type=${i2}`, execute: () => {
      const s3 = this.tracks[t2];
      if (s3) {
        const n2 = s3.buffer;
        null != n2 && n2.changeType && (this.log(`changing ${t2} sourceBuffer type to ${i2}`), n2.changeType(i2), s3.codec = r2, s3.container = e2);
      }
      this.shiftAndExecuteNext(t2);
    }, onStart: () => {
    }, onComplete: () => {
    }, onError: (e3) => {
      this.warn(`Failed to change ${t2} SourceBuffer type`, e3);
    } };
    this.append(s2, t2, this.isPending(this.tracks[t2]));
  }
  blockAudio(t2) {
    var e2;
    const r2 = t2.start, i2 = r2 + 0.05 * t2.duration;
    if (true === (null == (e2 = this.fragmentTracker.getAppendedFrag(r2, v.MAIN)) ? void 0 : e2.gap)) return;
    const s2 = { label: "block-audio", execute: () => {
      var t3, e3;
      (this.lastVideoAppendEnd > i2 || wr.isBuffered(null == (t3 = this.tracks.video) ? void 0 : t3.buffer, i2) || true === (null == (e3 = this.fragmentTracker.getAppendedFrag(i2, v.MAIN)) ? void 0 : e3.gap)) && this.unblockAudio();
    }, onStart: () => {
    }, onComplete: () => {
    }, onError: (t3) => {
      this.warn("Error executing block-audio operation", t3);
    } };
    this.append(s2, "audio", true);
  }
  unblockAudio() {
    this.operationQueue && this.operationQueue.unblockAudio();
  }
  onBufferAppending(e2, r2) {
    const { tracks: a2 } = this, { data: o2, type: l2, parent: d2, frag: h2, part: u2, chunkMeta: c2, offset: f2 } = r2, g2 = c2.buffering[l2], m2 = T(h2) && !u2 && !h2.gap && !c2.partial && !c2.iframe;
    let p2 = null, v2 = false;
    const { sn: E2, cc: y2 } = h2, S2 = self.performance.now();
    g2.start = S2;
    const L2 = h2.stats.buffering, A2 = u2 ? u2.stats.buffering : null;
    0 === L2.start && (L2.start = S2), 0 === (null == A2 ? void 0 : A2.start) && (A2.start = S2);
    const R2 = a2.audio;
    let b2 = false;
    "audio" === l2 && "audio/mpeg" === (null == R2 ? void 0 : R2.container) && (b2 = !this.lastMpegAudioChunk || 1 === c2.id || this.lastMpegAudioChunk.sn !== c2.sn, this.lastMpegAudioChunk = c2);
    const D2 = a2.video, I2 = null == D2 ? void 0 : D2.buffer;
    if (I2 && "initSegment" !== E2 && void 0 !== f2) {
      const t2 = null == R2 ? void 0 : R2.buffer, e3 = u2 || h2;
      if ("audio" === l2 && "main" !== d2 && !D2.ending && !D2.ended && t2 && wr.getBuffered(t2).length) {
        const t3 = e3.start + 0.05 * e3.duration, r3 = wr.getBuffered(I2), i2 = this.currentOp("video");
        r3.length || i2 ? !wr.isBuffered(I2, t3) && this.lastVideoAppendEnd < t3 && this.blockAudio(e3) : this.blockAudio(e3);
      } else if ("video" === l2) {
        const t3 = e3.end, r3 = this.lastVideoAppendEnd - t3;
        this.lastVideoAppendEnd = t3, r3 < 0 || r3 > e3.duration ? this.unblockAudio() : this.isAudioBlocked() && this.executeNext("audio");
      }
    }
    const k2 = (u2 || h2).start, _2 = { label: `append-${l2}`, execute: () => {
      var e3;
      g2.executeStart = self.performance.now();
      const r3 = null == (e3 = this.tracks[l2]) ? void 0 : e3.buffer;
      r3 && (m2 && (p2 = wr.timeRangesToArray(wr.getBuffered(r3)), v2 = jr(Wr(p2, h2), h2)), b2 ? this.updateTimestampOffset(r3, k2, 0.1, l2, E2, y2) : void 0 !== f2 && t(f2) && this.updateTimestampOffset(r3, f2, 1e-6, l2, E2, y2)), this.appendExecutor(o2, l2);
    }, onStart: () => {
    }, onComplete: () => {
      this.clearBufferAppendTimeoutId(this.tracks[l2]);
      const t2 = self.performance.now();
      g2.executeEnd = g2.end = t2, 0 === L2.first && (L2.first = t2), 0 === (null == A2 ? void 0 : A2.first) && (A2.first = t2);
      const e3 = {};
      if (this.sourceBuffers.forEach((([t3, r3]) => {
        t3 && (e3[t3] = wr.getBuffered(r3));
      })), m2) {
        const t3 = this.getFragmentAppendProgress(h2), r3 = e3[l2];
        if (r3 && p2) {
          const e4 = Wr(wr.timeRangesToArray(r3), h2);
          t3.progressed || (t3.progressed = e4 - Wr(p2, h2) > 1e-3);
          const i2 = v2 && jr(e4, h2);
          t3.fullyBuffered[l2] = (void 0 === t3.fullyBuffered[l2] || t3.fullyBuffered[l2]) && i2;
        }
      }
      this.hls.trigger(n.BUFFER_APPENDED, { type: l2, frag: h2, part: u2, chunkMeta: c2, parent: d2, timeRanges: e3 });
    }, onError: (t2) => {
      var e3;
      this.clearBufferAppendTimeoutId(this.tracks[l2]);
      const r3 = t2.code === DOMException.QUOTA_EXCEEDED_ERR || "QuotaExceededError" == t2.name || "quota" in t2;
      if (r3 && !this._quotaEvictionPending[l2]) {
        const t3 = this.getBackBufferEvictionTarget(l2, o2.byteLength, h2.type);
        if (t3 > 0) {
          this._quotaEvictionPending[l2] = true, this.log(`QuotaExceededError on "${l2}" append sn: ${E2} - evicting back buffer to ${t3.toFixed(3)}s and retrying`);
          const e4 = this.getFlushOp(l2, 0, t3), r4 = this.getClearEvictionPendingOp(l2);
          return void this.insertNext([e4, _2, r4], l2);
        }
        this.warn(`QuotaExceededError on "${l2}" sn: ${E2} - no back buffer available to evict`);
      }
      m2 && (this.getFragmentAppendProgress(h2).errored = true);
      const a3 = { type: i.MEDIA_ERROR, parent: d2, details: s.BUFFER_APPEND_ERROR, sourceBufferName: l2, frag: h2, part: u2, chunkMeta: c2, error: t2, err: t2, fatal: false }, f3 = null == (e3 = this.media) ? void 0 : e3.error;
      if (t2.name !== $r || 0 !== this.sourceBufferCount || this.media && 0 !== this.pendingTrackCount) {
        var g3;
        r3 && (a3.details = s.BUFFER_FULL_ERROR);
        const e4 = ++this.appendErrors[l2], i2 = this.hls.config.appendErrorMaxRetry;
        this.warn(`Failed ${e4}/${i2 + 1} times to append segment in "${l2}" sourceBuffer with error: ${t2.message}`), e4 >= i2 && (a3.fatal = !r3);
        const n2 = null == (g3 = this.mediaSource) ? void 0 : g3.readyState;
        "ended" !== n2 && "closed" !== n2 && !f3 || this.isMediaSourceReplaced() || (this.warn(`MediaSource readyState "${n2}" during SourceBuffer${Kr(a3.fatal, f3)}`), a3.details = s.MEDIA_SOURCE_REQUIRES_RESET);
      } else a3.errorAction = $e(true);
      this.appendError = a3, this.hls.trigger(n.ERROR, a3), r3 && this.hls && this.trimBuffers(h2.start, 1);
    } };
    this.log(`queuing "${l2}" append sn: ${E2}${u2 ? " p: " + u2.index : ""} of ${d2} playlist ${h2.level} cc: ${y2} offset: ${f2} bytes: ${o2.byteLength}`), this.append(_2, l2, this.isPending(this.tracks[l2]));
  }
  getClearEvictionPendingOp(t2) {
    return { label: "clear", execute: () => {
      this._quotaEvictionPending[t2] = false, this.shiftAndExecuteNext(t2);
    }, onStart: () => {
    }, onComplete: () => {
    }, onError: () => {
    } };
  }
  getFlushOp(t2, e2, r2) {
    return this.log(`queuing "${t2}" remove ${e2}-${r2}`), { label: "remove", execute: () => {
      this.removeExecutor(t2, e2, r2);
    }, onStart: () => {
    }, onComplete: () => {
      var i2;
      const s2 = null == (i2 = this.tracks[t2]) ? void 0 : i2.buffer;
      this.log(`Remove request ${e2}-${r2} from ${t2} Source Buffer complete > buffer: ${s2 ? Fr(wr.getBuffered(s2)) : "(detached)"}`), this.hls.trigger(n.BUFFER_FLUSHED, { type: t2, start: e2, end: r2 });
    }, onError: (i2) => {
      this.warn(`Failed to remove ${e2}-${r2} from "${t2}" SourceBuffer`, i2), this.hls.trigger(n.BUFFER_FLUSHED, { type: t2, start: 0, end: 0, error: i2 });
    } };
  }
  onBufferFlushing(t2, e2) {
    const { type: r2, startOffset: i2, endOffset: s2 } = e2;
    r2 && "audio" !== r2 || this.unblockAudio(), r2 ? this.append(this.getFlushOp(r2, i2, s2), r2) : this.sourceBuffers.forEach((([t3]) => {
      t3 && this.append(this.getFlushOp(t3, i2, s2), t3);
    }));
  }
  onFragParsed(t2, e2) {
    const { frag: r2, part: i2, chunkMeta: s2 } = e2, a2 = [], o2 = i2 ? i2.elementaryStreams : r2.elementaryStreams;
    o2[E.AUDIOVIDEO] ? a2.push("audiovideo") : (o2[E.AUDIO] && a2.push("audio"), o2[E.VIDEO] && a2.push("video"));
    0 === a2.length && this.log(`Fragments must have at least one ElementaryStreamType set. ${r2.type} ${r2.level} ${i2 ? `part: ${i2.index} of ` : ""}sn: ${r2.sn}`), this.blockBuffers((() => {
      const t3 = self.performance.now();
      r2.stats.buffering.end = t3, i2 && (i2.stats.buffering.end = t3);
      const e3 = i2 ? i2.stats : r2.stats;
      this.checkAppendProgress(r2, i2, s2, a2), this.hls && (this.hls.trigger(n.FRAG_BUFFERED, { frag: r2, part: i2, stats: e3, id: r2.type, chunkMeta: s2 }), !i2 && r2.gap && e3.retry && this.log(`Nothing buffered for ${r2.type} level: ${r2.level} sn: ${r2.sn} retries ${e3.retry}`));
    }), a2).catch(((t3) => {
      this.warn(`Fragment buffered callback ${t3.message}`), this.stepOperationQueue(this.sourceBufferTypes);
    }));
  }
  onFragChanged(t2, e2) {
    var r2, i2;
    const s2 = null == (r2 = this.hls) ? void 0 : r2.config;
    if (!s2) return;
    const { backBufferLength: n2, frontBufferFlushThreshold: a2 } = s2;
    this.trimBuffers(a2, n2, e2.frag, e2.previousFrag);
    const o2 = e2.frag.elementaryStreams, { appendErrors: l2 } = this, d2 = null == (i2 = this.appendError) ? void 0 : i2.sourceBufferName;
    Object.keys(o2).forEach(((t3) => {
      o2[t3] && (l2[t3] = 0, t3 === d2 && (this.appendError = void 0), "audio" === t3 || "video" === t3 ? (l2.audiovideo = 0, "audiovideo" === d2 && (this.appendError = void 0)) : (l2.audio = 0, l2.video = 0, "audiovideo" !== d2 && (this.appendError = void 0)));
    }));
  }
  get bufferedToEnd() {
    return this.sourceBufferCount > 0 && !this.sourceBuffers.some((([t2]) => {
      if (t2) {
        const e2 = this.tracks[t2];
        if (e2) return !e2.ended || e2.ending;
      }
      return false;
    }));
  }
  onBufferEos(t2, e2) {
    var r2;
    this.sourceBuffers.forEach((([t3]) => {
      if (t3) {
        const r3 = this.tracks[t3];
        e2.type && e2.type !== t3 || (r3.ending = true, r3.ended || (r3.ended = true, this.log(`${t3} buffer reached EOS`)));
      }
    }));
    const i2 = false !== (null == (r2 = this.overrides) ? void 0 : r2.endOfStream);
    this.allTracksEnding ? (this.unblockAudio(), i2 ? (this.log("Queueing EOS"), this.blockUntilOpen((() => {
      if (this.tracksEnded(), !this.allTracksEnding) return void this.log("EOS cancelled");
      const { mediaSource: t3 } = this;
      "open" === (null == t3 ? void 0 : t3.readyState) ? (this.log("Calling mediaSource.endOfStream()"), t3.endOfStream(), this.hls.trigger(n.BUFFERED_TO_END, void 0)) : t3 && this.log(`Could not call mediaSource.endOfStream(). mediaSource.readyState: ${t3.readyState}`);
    }))) : (this.tracksEnded(), this.hls.trigger(n.BUFFERED_TO_END, void 0))) : "video" === e2.type && this.unblockAudio();
  }
  get allTracksEnding() {
    return this.sourceBufferCount > 0 && !this.sourceBuffers.some((([t2]) => {
      var e2;
      return t2 && !(null != (e2 = this.tracks[t2]) && e2.ended);
    }));
  }
  tracksEnded() {
    this.sourceBuffers.forEach((([t2]) => {
      if (null !== t2) {
        const e2 = this.tracks[t2];
        e2 && (e2.ending = false);
      }
    }));
  }
  onLevelUpdated(t2, { details: e2 }) {
    e2.fragments.length && (this.details = e2, this.updateDuration());
  }
  updateDuration() {
    this.blockUntilOpen((() => {
      const t2 = this.getDurationAndRange();
      t2 && this.updateMediaSource(t2);
    }));
  }
  onError(e2, r2) {
    if (r2.details === s.BUFFER_APPEND_ERROR && r2.frag) {
      var i2;
      const e3 = null == (i2 = r2.errorAction) ? void 0 : i2.nextAutoLevel;
      t(e3) && e3 !== r2.frag.level && this.resetAppendErrors();
    }
  }
  getBackBufferEvictionTarget(t2, e2, r2) {
    const { media: i2 } = this;
    return i2 ? this.fragmentTracker.getBackBufferEvictionEnd(i2.currentTime, r2, e2) : 0;
  }
  getFragmentAppendProgress(t2) {
    var e2;
    const r2 = Yr(t2);
    let i2 = this.fragmentAppendProgress[r2];
    return (null == (e2 = i2) ? void 0 : e2.stats) !== t2.stats && (i2 = { stats: t2.stats, progressed: false, errored: false, fullyBuffered: /* @__PURE__ */ Object.create(null) }, this.fragmentAppendProgress[r2] = i2), i2;
  }
  checkAppendProgress(t2, e2, r2, a2) {
    if (e2 || !T(t2) || t2.gap || r2.iframe || r2.partial) return;
    const o2 = Yr(t2), l2 = this.fragmentAppendProgress[o2];
    delete this.fragmentAppendProgress[o2];
    const d2 = t2.stats.buffering;
    if (d2.start && !d2.first) return;
    const h2 = (null == l2 ? void 0 : l2.stats) === t2.stats ? l2 : void 0;
    if (null != h2 && h2.errored) return;
    const u2 = a2.length > 0 && a2.every(((t3) => true === (null == h2 ? void 0 : h2.fullyBuffered[t3])));
    if (null != h2 && h2.progressed || u2) return void delete this.appendsWithoutProgress[o2];
    if (!h2 && 0 === a2.length) return;
    const c2 = (this.appendsWithoutProgress[o2] || 0) + 1, f2 = this.hls;
    c2 >= f2.config.appendErrorMaxRetry ? delete this.appendsWithoutProgress[o2] : this.appendsWithoutProgress[o2] = c2, this.warn(`Fragment ${t2.sn} of ${t2.type} playlist ${t2.level} appended ${c2} time${c2 > 1 ? "s" : ""} without buffered range growth`), f2.trigger(n.ERROR, { type: i.MEDIA_ERROR, details: s.BUFFER_APPEND_NO_PROGRESS, fatal: false, frag: t2, chunkMeta: r2, parent: t2.type, appendsWithoutProgress: c2, error: new Error(`Fragment append did not increase buffered coverage (${c2})`) });
  }
  resetAppendProgress() {
    this.fragmentAppendProgress = /* @__PURE__ */ Object.create(null), this.appendsWithoutProgress = /* @__PURE__ */ Object.create(null);
  }
  resetAppendErrors() {
    this.appendErrors = { audio: 0, video: 0, audiovideo: 0 }, this.appendError = void 0;
  }
  trimBuffers(e2, r2, i2, s2) {
    const { hls: n2, details: a2, media: o2 } = this;
    if (!o2 || null === a2) return;
    if (!this.sourceBufferCount) return;
    const l2 = n2.config, d2 = o2.currentTime, h2 = a2.levelTargetDuration;
    r2 = a2.live && null !== l2.liveBackBufferLength ? l2.liveBackBufferLength : r2;
    let u2 = -1 / 0;
    if (t(r2) && r2 >= 0) {
      const t2 = Math.max(r2, h2);
      u2 = Math.floor(d2 / h2) * h2 - t2;
    }
    if (i2) {
      const t2 = this.getLoopBackBufferFlushEnd(i2, null != s2 ? s2 : null);
      t2 > 0 && (u2 = Math.max(u2, t2));
    }
    if (u2 > 0 && this.flushBackBuffer(d2, h2, u2), t(e2) && e2 > 0) {
      const t2 = Math.max(l2.maxBufferLength, e2), r3 = Math.max(t2, h2), i3 = Math.floor(d2 / h2) * h2 + r3;
      this.flushFrontBuffer(d2, h2, i3);
    }
  }
  getLoopBackBufferFlushEnd(t2, e2) {
    var r2;
    const { media: i2 } = this;
    if (false === (null == (r2 = this.hls) ? void 0 : r2.config.loopBackBufferFlush) || null == i2 || !i2.loop || !e2 || t2.level <= e2.level) return 0;
    const { video: s2, audiovideo: n2 } = t2.elementaryStreams;
    if (null != s2 && s2.partial || null != n2 && n2.partial) return 0;
    const a2 = this.getEarliestElementaryStreamStart(t2) - 0.25;
    return a2 <= 0 ? 0 : (this.log(`Flushing lower quality back buffer for loop: level ${t2.level}, range [0-${a2.toFixed(3)}]`), a2);
  }
  getEarliestElementaryStreamStart(t2) {
    const { audio: e2, video: r2, audiovideo: i2 } = t2.elementaryStreams;
    let s2 = t2.start;
    return i2 ? s2 = Math.min(s2, i2.startDTS) : (e2 && (s2 = Math.min(s2, e2.startDTS)), r2 && (s2 = Math.min(s2, r2.startDTS))), s2;
  }
  flushBackBuffer(t2, e2, r2) {
    this.sourceBuffers.forEach((([t3, e3]) => {
      if (e3) {
        const o2 = wr.getBuffered(e3);
        if (o2.length > 0 && r2 > o2.start(0)) {
          var i2, s2, a2;
          this.hls.trigger(n.BACK_BUFFER_REACHED, { bufferEnd: r2 });
          const e4 = this.tracks[t3];
          if (null != (i2 = this.details) && i2.live) this.hls.trigger(n.LIVE_BACK_BUFFER_REACHED, { bufferEnd: r2 });
          else if (null != e4 && e4.ended && (null == (s2 = this.media) || !s2.loop || false === (null == (a2 = this.hls) ? void 0 : a2.config.loopBackBufferFlush))) return void this.log(`Cannot flush ${t3} back buffer while SourceBuffer is in ended state`);
          this.hls.trigger(n.BUFFER_FLUSHING, { startOffset: 0, endOffset: r2, type: t3 });
        }
      }
    }));
  }
  flushFrontBuffer(t2, e2, r2) {
    this.sourceBuffers.forEach((([e3, i2]) => {
      if (i2) {
        const s2 = wr.getBuffered(i2), a2 = s2.length;
        if (a2 < 2) return;
        const o2 = s2.start(a2 - 1), l2 = s2.end(a2 - 1);
        if (r2 > o2 || t2 >= o2 && t2 <= l2) return;
        this.hls.trigger(n.BUFFER_FLUSHING, { startOffset: o2, endOffset: 1 / 0, type: e3 });
      }
    }));
  }
  getDurationAndRange() {
    var e2;
    const { details: r2, mediaSource: i2 } = this;
    if (!r2 || !this.media || "open" !== (null == i2 ? void 0 : i2.readyState)) return null;
    const s2 = r2.edge;
    if (r2.live && this.hls.config.liveDurationInfinity) {
      if (r2.fragments.length && i2.setLiveSeekableRange) {
        const t2 = Math.max(0, r2.fragmentStart);
        return { duration: 1 / 0, start: t2, end: Math.max(t2, s2) };
      }
      return { duration: 1 / 0 };
    }
    const n2 = null == (e2 = this.overrides) ? void 0 : e2.duration;
    if (n2) return t(n2) ? { duration: n2 } : null;
    const a2 = this.media.duration;
    return s2 > (t(i2.duration) ? i2.duration : 0) && s2 > a2 || !t(a2) ? { duration: s2 } : null;
  }
  updateMediaSource({ duration: e2, start: r2, end: i2 }) {
    const s2 = this.mediaSource;
    s2 && this.media && "open" === s2.readyState && (s2.duration !== e2 && (t(e2) && this.log(`Updating MediaSource duration to ${e2.toFixed(3)}`), s2.duration = e2), void 0 !== r2 && void 0 !== i2 && (this.log(`MediaSource duration is set to ${s2.duration}. Setting seekable range to ${r2}-${i2}.`), s2.setLiveSeekableRange(r2, i2)));
  }
  get tracksReady() {
    const t2 = this.pendingTrackCount;
    return t2 > 0 && (t2 >= this.bufferCodecEventsTotal || this.isPending(this.tracks.audiovideo));
  }
  checkPendingTracks() {
    const { bufferCodecEventsTotal: t2, pendingTrackCount: e2, tracks: r2 } = this;
    if (this.log(`checkPendingTracks (pending: ${e2} codec events expected: ${t2}) ${Re(r2)}`), this.tracksReady) {
      var i2;
      const t3 = null == (i2 = this.transferData) ? void 0 : i2.tracks;
      t3 && Object.keys(t3).length ? this.attachTransferred() : this.createSourceBuffers();
    }
  }
  bufferCreated() {
    if (this.sourceBufferCount) {
      const t2 = {};
      this.sourceBuffers.forEach((([e2, r2]) => {
        if (e2) {
          const i2 = this.tracks[e2];
          t2[e2] = { buffer: r2, container: i2.container, codec: i2.codec, supplemental: i2.supplemental, levelCodec: i2.levelCodec, id: i2.id, metadata: i2.metadata };
        }
      })), this.hls.trigger(n.BUFFER_CREATED, { tracks: t2 }), this.log(`SourceBuffers created. Running queue: ${this.operationQueue}`), this.sourceBuffers.forEach((([t3]) => {
        this.executeNext(t3);
      }));
    } else {
      const t2 = new Error("could not create source buffer for media codec(s)");
      this.hls.trigger(n.ERROR, { type: i.MEDIA_ERROR, details: s.BUFFER_INCOMPATIBLE_CODECS_ERROR, fatal: true, error: t2, reason: t2.message });
    }
  }
  createSourceBuffers() {
    const { tracks: t2, sourceBuffers: e2, mediaSource: r2 } = this;
    if (!r2) throw new Error("createSourceBuffers called when mediaSource was null");
    for (const o2 in t2) {
      const l2 = o2, d2 = t2[l2];
      if (this.isPending(d2)) {
        const t3 = this.getTrackCodec(d2, l2), o3 = `${d2.container};codecs=${t3}`;
        d2.codec = t3, this.log(`creating sourceBuffer(${o3})${this.currentOp(l2) ? " Queued" : ""} ${Re(d2)}`);
        try {
          const t4 = r2.addSourceBuffer(o3), i2 = Hr(l2), s2 = [l2, t4];
          e2[i2] = s2, d2.buffer = t4;
        } catch (t4) {
          var a2;
          return this.error(`error while trying to add sourceBuffer: ${t4.message}`), this.shiftAndExecuteNext(l2), null == (a2 = this.operationQueue) || a2.removeBlockers(), delete this.tracks[l2], void this.hls.trigger(n.ERROR, { type: i.MEDIA_ERROR, details: s.BUFFER_ADD_CODEC_ERROR, fatal: false, error: t4, sourceBufferName: l2, mimeType: o3, parent: d2.id });
        }
        this.trackSourceBuffer(l2, d2);
      }
    }
    this.bufferCreated();
  }
  clearBufferAppendTimeoutId(t2) {
    t2 && (self.clearTimeout(t2.bufferAppendTimeoutId), t2.bufferAppendTimeoutId = void 0);
  }
  getTrackCodec(t2, e2) {
    const r2 = t2.supplemental;
    let i2 = t2.codec;
    r2 && ("video" === e2 || "audiovideo" === e2) && se(r2, "video") && (i2 = (function(t3, e3) {
      const r3 = [];
      if (t3) {
        const e4 = t3.split(",");
        for (let t4 = 0; t4 < e4.length; t4++) ie(e4[t4], "video") || r3.push(e4[t4]);
      }
      return e3 && r3.push(e3), r3.join(",");
    })(i2, r2));
    const s2 = ce(i2, t2.levelCodec);
    return s2 ? "audio" === e2.slice(0, 5) ? ue(s2, this.appendSource) : s2 : "";
  }
  trackSourceBuffer(t2, e2) {
    const r2 = e2.buffer;
    if (!r2) return;
    const i2 = this.getTrackCodec(e2, t2);
    this.tracks[t2] = { buffer: r2, codec: i2, container: e2.container, levelCodec: e2.levelCodec, supplemental: e2.supplemental, metadata: e2.metadata, id: e2.id, listeners: [] }, this.removeBufferListeners(t2), this.addBufferListener(t2, "updatestart", this.onSBUpdateStart), this.addBufferListener(t2, "updateend", this.onSBUpdateEnd), this.addBufferListener(t2, "error", this.onSBUpdateError), this.appendSource && this.addBufferListener(t2, "bufferedchange", ((t3, e3) => {
      const r3 = e3.removedRanges;
      null != r3 && r3.length && (this.log(`${t3} buffer removed ${Fr(r3)}`), this.hls.trigger(n.BUFFER_FLUSHED, { type: t3, start: r3.start(0), end: r3.end(r3.length - 1) }));
    }));
  }
  get mediaSrc() {
    var t2;
    const e2 = this.media;
    if (!e2) return;
    return (e2.src ? e2 : (null == (t2 = e2.querySelector) ? void 0 : t2.call(e2, "source")) || e2).src;
  }
  isMediaSourceReplaced(t2 = this._objectUrl) {
    var e2;
    if (!t2) return false;
    const r2 = null == (e2 = this.media) ? void 0 : e2.currentSrc, i2 = this.mediaSrc;
    return !!r2 && r2 !== t2 || !!i2 && i2 !== t2;
  }
  onSBUpdateStart(t2) {
    const e2 = this.currentOp(t2);
    e2 && e2.onStart();
  }
  onSBUpdateEnd(t2) {
    var e2, r2;
    if ("closed" === (null == (e2 = this.mediaSource) ? void 0 : e2.readyState)) return void this.resetBuffer(t2);
    const i2 = this.currentOp(t2);
    if (!i2) return;
    i2.onComplete();
    if (null == (r2 = this.tracks[t2]) || null == (r2 = r2.buffer) ? void 0 : r2.updating) return this.log(`${t2} SourceBuffer updating on "updateend"`), void this.blockUntilOpen((() => {
      this.shiftAndExecuteNext(t2);
    }));
    this.shiftAndExecuteNext(t2);
  }
  onSBUpdateError(t2, e2) {
    var r2;
    const a2 = null == (r2 = this.mediaSource) ? void 0 : r2.readyState, o2 = new Error(`${t2} SourceBuffer error. MediaSource readyState: ${a2}`);
    o2.name = Br, this.error(`${o2.message}`, e2), this.hls.trigger(n.ERROR, { type: i.MEDIA_ERROR, details: s.BUFFER_APPENDING_ERROR, sourceBufferName: t2, error: o2, fatal: false });
    const l2 = this.currentOp(t2);
    l2 && l2.onError(o2);
  }
  updateTimestampOffset(t2, e2, r2, i2, s2, n2) {
    const a2 = e2 - t2.timestampOffset;
    Math.abs(a2) >= r2 && (this.log(`Updating ${i2} SourceBuffer timestampOffset to ${e2} (sn: ${s2} cc: ${n2})`), t2.timestampOffset = e2);
  }
  removeExecutor(e2, r2, i2) {
    const { media: s2, mediaSource: n2 } = this, a2 = this.tracks[e2], o2 = null == a2 ? void 0 : a2.buffer;
    if (!s2 || !n2 || !o2) throw new Error(`Attempting to remove from the ${e2} SourceBuffer, but it does not exist`);
    const l2 = t(s2.duration) ? s2.duration : 1 / 0, d2 = t(n2.duration) ? n2.duration : 1 / 0, h2 = Math.max(0, r2);
    var u2;
    if (h2 >= d2) return null == (u2 = this.currentOp(e2)) || u2.onComplete(), void this.shiftAndExecuteNext(e2);
    const c2 = Math.min(i2, l2, d2);
    if (!(c2 > h2) || a2.ending && !a2.ended) throw new Error(`Cannot remove ${c2 <= h2 ? `invalid range (${h2} >= ${c2}) ` : ""}from the ${e2} SourceBuffer${a2.ending ? " while track ending" : ""}`);
    a2.ended = false, this.log(`Removing [${h2},${c2}] from the ${e2} SourceBuffer`), o2.remove(h2, c2);
  }
  appendExecutor(t2, e2) {
    const r2 = this.tracks[e2], i2 = null == r2 ? void 0 : r2.buffer;
    if (!i2) throw new Ur(`Attempting to append to the ${e2} SourceBuffer, but it does not exist`);
    if (r2.ending = false, r2.ended = false, this.hls.config.appendTimeout !== 1 / 0) {
      const t3 = this.calculateAppendTimeoutTime(i2);
      r2.bufferAppendTimeoutId = self.setTimeout((() => this.appendTimeoutHandler(e2, i2, t3)), t3);
    }
    i2.appendBuffer(t2);
  }
  appendTimeoutHandler(t2, e2, r2) {
    this.log(`Received timeout after ${r2}ms for append on ${t2} source buffer. Aborting and triggering error.`);
    try {
      e2.abort();
    } catch (e3) {
      this.log(`Failed to abort append on ${t2} source buffer after timeout.`);
    }
    const i2 = this.currentOp(t2);
    i2 && i2.onError(new Error(`${t2}-append-timeout`));
  }
  calculateAppendTimeoutTime(t2) {
    let e2 = 10;
    this.details && (e2 = this.details.levelTargetDuration);
    let r2 = 2 * e2 * 1e3;
    if (null === this.media) return r2;
    const i2 = wr.bufferInfo(t2, this.media.currentTime, 0);
    return i2.len ? (r2 = Math.max(1e3 * i2.len, r2), Math.max(this.hls.config.appendTimeout, r2)) : r2;
  }
  blockUntilOpen(t2) {
    if (this.isUpdating() || this.isQueued()) this.blockBuffers(t2).catch(((t3) => {
      this.warn(`SourceBuffer blocked callback ${t3}`), this.stepOperationQueue(this.sourceBufferTypes);
    }));
    else try {
      t2();
    } catch (t3) {
      this.warn(`Callback run without blocking ${this.operationQueue} ${t3}`);
    }
  }
  isUpdating() {
    return this.sourceBuffers.some((([t2, e2]) => t2 && e2.updating));
  }
  isQueued() {
    return this.sourceBuffers.some((([t2]) => t2 && !!this.currentOp(t2)));
  }
  isPending(t2) {
    return !!t2 && !t2.buffer;
  }
  isAudioBlocked() {
    var t2;
    return "block-audio" === (null == (t2 = this.currentOp("audio")) ? void 0 : t2.label);
  }
  isAudioBlocking() {
    return !!this.operationQueue && this.operationQueue.audioBlocking();
  }
  blockBuffers(t2, e2 = this.sourceBufferTypes) {
    if (!e2.length) return this.log("Blocking operation requested, but no SourceBuffers exist"), Promise.resolve().then(t2);
    const { operationQueue: r2 } = this, i2 = 2 === e2.length && this.isAudioBlocking() ? [this.appendBlocker("video")] : e2.map(((t3) => this.appendBlocker(t3)));
    return Promise.all(i2).then(((e3) => {
      r2 === this.operationQueue && (t2(), this.stepOperationQueue(this.sourceBufferTypes));
    }));
  }
  stepOperationQueue(t2) {
    t2.forEach(((t3) => {
      var e2;
      const r2 = null == (e2 = this.tracks[t3]) ? void 0 : e2.buffer;
      !r2 || r2.updating || "audio" === t3 && this.isAudioBlocked() || this.shiftAndExecuteNext(t3);
    }));
  }
  append(t2, e2, r2) {
    this.operationQueue && this.operationQueue.append(t2, e2, r2);
  }
  insertNext(t2, e2) {
    this.operationQueue && this.operationQueue.insertNext(t2, e2);
  }
  appendBlocker(t2) {
    if (this.operationQueue) return this.operationQueue.appendBlocker(t2);
  }
  currentOp(t2) {
    return this.operationQueue ? this.operationQueue.current(t2) : null;
  }
  executeNext(t2) {
    t2 && this.operationQueue && this.operationQueue.executeNext(t2);
  }
  shiftAndExecuteNext(t2) {
    this.operationQueue && this.operationQueue.shiftAndExecuteNext(t2);
  }
  get pendingTrackCount() {
    return Object.keys(this.tracks).reduce(((t2, e2) => t2 + (this.isPending(this.tracks[e2]) ? 1 : 0)), 0);
  }
  get sourceBufferCount() {
    return this.sourceBuffers.reduce(((t2, [e2]) => t2 + (e2 ? 1 : 0)), 0);
  }
  get sourceBufferTypes() {
    return this.sourceBuffers.map((([t2]) => t2)).filter(((t2) => !!t2));
  }
  addBufferListener(t2, e2, r2) {
    const i2 = this.tracks[t2];
    if (!i2) return;
    const s2 = i2.buffer;
    if (!s2) return;
    const n2 = r2.bind(this, t2);
    i2.listeners.push({ event: e2, listener: n2 }), Or(s2, e2, n2);
  }
  removeBufferListeners(t2) {
    const e2 = this.tracks[t2];
    if (!e2) return;
    const r2 = e2.buffer;
    r2 && (e2.listeners.forEach(((t3) => {
      Mr(r2, t3.event, t3.listener);
    })), e2.listeners.length = 0);
  }
};
function Vr(t2) {
  const e2 = t2.querySelectorAll("source");
  [].slice.call(e2).forEach(((e3) => {
    t2.removeChild(e3);
  }));
}
function Hr(t2) {
  return "audio" === t2 ? 1 : 0;
}
function Kr(t2, e2) {
  return `${t2 ? "" : " - triggering recovery"}${e2 ? " with HTMLMediaElement Error: " + e2.message : ""}`;
}
function Yr(t2) {
  return `${t2.type}_${t2.sn}_${t2.level}`;
}
function Wr(t2, e2) {
  const { start: r2, end: i2 } = e2;
  let s2 = 0;
  for (let e3 = 0; e3 < t2.length; e3++) {
    const n2 = t2[e3];
    if (n2.start >= i2) break;
    const a2 = Math.max(r2, n2.start), o2 = Math.min(i2, n2.end);
    o2 > a2 && (s2 += o2 - a2);
  }
  return s2;
}
function jr(t2, e2) {
  return e2.duration - t2 <= 0.05;
}
var qr = "NOT_LOADED";
var zr = "APPENDING";
var Xr = "PARTIAL";
var Qr = "OK";
var Zr = class {
  constructor(t2) {
    this.activePartLists = /* @__PURE__ */ Object.create(null), this.endListFragments = /* @__PURE__ */ Object.create(null), this.fragments = /* @__PURE__ */ Object.create(null), this.timeRanges = /* @__PURE__ */ Object.create(null), this.bufferPadding = 0.2, this.hls = void 0, this.hasGaps = false, this.hls = t2, this._registerListeners();
  }
  _registerListeners() {
    const { hls: t2 } = this;
    t2 && (t2.on(n.MANIFEST_LOADING, this.onManifestLoading, this), t2.on(n.BUFFER_APPENDED, this.onBufferAppended, this), t2.on(n.FRAG_BUFFERED, this.onFragBuffered, this), t2.on(n.FRAG_LOADED, this.onFragLoaded, this));
  }
  _unregisterListeners() {
    const { hls: t2 } = this;
    t2 && (t2.off(n.MANIFEST_LOADING, this.onManifestLoading, this), t2.off(n.BUFFER_APPENDED, this.onBufferAppended, this), t2.off(n.FRAG_BUFFERED, this.onFragBuffered, this), t2.off(n.FRAG_LOADED, this.onFragLoaded, this));
  }
  destroy() {
    this._unregisterListeners(), this.hls = this.fragments = this.activePartLists = this.endListFragments = this.timeRanges = null;
  }
  getAppendedFrag(t2, e2) {
    const r2 = this.activePartLists[e2];
    if (r2) for (let e3 = r2.length; e3--; ) {
      const i2 = r2[e3];
      if (!i2) break;
      if (i2.start <= t2 && t2 <= i2.end && i2.loaded) return i2;
    }
    return this.getBufferedFrag(t2, e2);
  }
  getBufferedFrag(t2, e2) {
    return this.getFragAtPos(t2, e2, true);
  }
  getFragAtPos(t2, e2, r2) {
    const { fragments: i2 } = this, s2 = Object.keys(i2);
    for (let n2 = s2.length; n2--; ) {
      const a2 = i2[s2[n2]];
      if ((null == a2 ? void 0 : a2.body.type) === e2 && (!r2 || a2.buffered)) {
        const e3 = a2.body;
        if (e3.start <= t2 && t2 <= e3.end) return e3;
      }
    }
    return null;
  }
  detectEvictedFragments(t2, e2, r2, i2, s2, a2) {
    this.timeRanges && (this.timeRanges[t2] = e2);
    const o2 = (null == s2 ? void 0 : s2.fragment.sn) || -1;
    Object.keys(this.fragments).forEach(((s3) => {
      const l2 = this.fragments[s3];
      if (!l2 || !this.hls) return;
      const d2 = l2.body;
      if (o2 >= d2.sn) return;
      if (!l2.buffered && (!l2.loaded || a2)) return void (d2.type === r2 && this.removeFragment(d2));
      const h2 = l2.range[t2];
      if (h2) if (0 !== h2.time.length) {
        if (h2.time.some(((t3) => {
          const r3 = !this.isTimeBuffered(t3.startPTS, t3.endPTS, e2);
          return r3 && this.removeFragment(d2), r3;
        })), i2 && i2 !== d2 && ee()) {
          const t3 = i2.endPTS, e3 = d2.startPTS;
          if (t3 && e3 && l2.range.video) {
            const r3 = e3 - t3;
            r3 < 0 && r3 > -0.1 && (this.removeFragment(d2), this.hls.trigger(n.BUFFER_FLUSHING, { startOffset: t3 + 4e-3, endOffset: 1 / 0, type: "video" }));
          }
        }
      } else this.removeFragment(d2);
    }));
  }
  detectPartialFragments(t2) {
    const e2 = this.timeRanges, { frag: r2, part: i2, id: s2 } = t2;
    if (!e2 || !T(r2)) return;
    const n2 = ti(r2), a2 = this.fragments[n2];
    if (!a2 || a2.buffered && r2.gap) return;
    const o2 = !r2.relurl;
    Object.keys(e2).forEach(((t3) => {
      const n3 = r2.elementaryStreams[t3];
      if (!n3) return;
      const l3 = e2[t3], d2 = o2 || true === n3.partial;
      a2.range[t3] = this.getBufferedTimes(r2, i2, d2, l3), this.detectEvictedFragments(t3, l3, s2, r2, i2);
    })), a2.loaded = null;
    const l2 = Object.keys(a2.range);
    if (l2.length) {
      if (this.bufferedEnd(a2, r2), Jr(a2) || this.removeParts(r2.sn - 1, r2.type), !i2) {
        const t3 = Math.min(4e-3, r2.duration);
        l2.some(((e3) => {
          var i3;
          const s3 = null == (i3 = a2.range[e3]) ? void 0 : i3.time, n3 = 0 === s3.length || 1 === s3.length && s3[0].endPTS - s3[0].startPTS < t3;
          return n3 && this.addAsGap(r2), n3;
        }));
      }
    } else this.removeFragment(r2);
  }
  addAsGap(t2) {
    t2.gap = true, this.removeFragment(t2), this.fragBuffered(t2, true);
  }
  bufferedEnd(t2, e2) {
    t2.buffered = true;
    (t2.body.endList = e2.endList || t2.body.endList) && !e2.gap && (this.endListFragments[t2.body.type] = t2);
  }
  removeParts(t2, e2) {
    const r2 = this.activePartLists[e2];
    r2 && (this.activePartLists[e2] = ei(r2, ((e3) => e3.fragment.sn >= t2)));
  }
  fragBuffered(t2, e2) {
    const r2 = ti(t2);
    let i2 = this.fragments[r2];
    return !i2 && e2 && (i2 = this.fragments[r2] = { body: t2, appendedPTS: null, loaded: null, buffered: false, range: /* @__PURE__ */ Object.create(null) }, t2.gap && (this.hasGaps = true)), i2 && (i2.loaded = null, this.bufferedEnd(i2, t2)), i2;
  }
  getBufferedTimes(t2, e2, r2, i2) {
    const s2 = { time: [], partial: r2 }, n2 = t2.start, a2 = t2.end, o2 = t2.minEndPTS || a2, l2 = t2.maxStartPTS || n2;
    for (let t3 = 0; t3 < i2.length; t3++) {
      const e3 = i2.start(t3) - this.bufferPadding, r3 = i2.end(t3) + this.bufferPadding;
      if (l2 >= e3 && o2 <= r3) {
        s2.time.push({ startPTS: Math.max(n2, i2.start(t3)), endPTS: Math.min(a2, i2.end(t3)) });
        break;
      }
      if (n2 < r3 && a2 > e3) {
        const e4 = Math.max(n2, i2.start(t3)), r4 = Math.min(a2, i2.end(t3));
        r4 > e4 && (s2.partial = true, s2.time.push({ startPTS: e4, endPTS: r4 }));
      } else if (a2 <= e3) break;
    }
    return s2;
  }
  getPartialFragment(t2) {
    let e2, r2, i2, s2 = null, n2 = 0;
    const { bufferPadding: a2, fragments: o2 } = this;
    return Object.keys(o2).forEach(((l2) => {
      const d2 = o2[l2];
      d2 && Jr(d2) && (r2 = d2.body.start - a2, i2 = d2.body.end + a2, t2 >= r2 && t2 <= i2 && (e2 = Math.min(t2 - r2, i2 - t2), n2 <= e2 && (s2 = d2.body, n2 = e2)));
    })), s2;
  }
  isEndListAppended(t2) {
    const e2 = this.endListFragments[t2];
    return void 0 !== e2 && (e2.buffered || Jr(e2));
  }
  getState(t2) {
    const e2 = ti(t2), r2 = this.fragments[e2];
    return r2 ? r2.buffered ? Jr(r2) ? Xr : Qr : zr : qr;
  }
  isTimeBuffered(t2, e2, r2) {
    let i2, s2;
    for (let n2 = 0; n2 < r2.length; n2++) {
      if (i2 = r2.start(n2) - this.bufferPadding, s2 = r2.end(n2) + this.bufferPadding, t2 >= i2 && e2 <= s2) return true;
      if (e2 <= i2) return false;
    }
    return false;
  }
  onManifestLoading() {
    this.removeAllFragments();
  }
  onFragLoaded(t2, e2) {
    if (!T(e2.frag) || e2.frag.bitrateTest) return;
    const r2 = e2.frag, i2 = e2.part ? null : e2, s2 = ti(r2);
    this.fragments[s2] = { body: r2, appendedPTS: null, loaded: i2, buffered: false, range: /* @__PURE__ */ Object.create(null) };
  }
  onBufferAppended(t2, e2) {
    const { frag: r2, part: i2, timeRanges: s2 } = e2;
    if (!T(r2)) return;
    const n2 = r2.type;
    if (i2) {
      let t3 = this.activePartLists[n2];
      t3 || (this.activePartLists[n2] = t3 = []), t3.push(i2);
    }
    this.timeRanges = s2;
  }
  onFragBuffered(t2, e2) {
    this.detectPartialFragments(e2);
  }
  hasFragment(t2) {
    const e2 = ti(t2);
    return !!this.fragments[e2];
  }
  hasFragments(t2) {
    const { fragments: e2 } = this, r2 = Object.keys(e2);
    if (!t2) return r2.length > 0;
    for (let i2 = r2.length; i2--; ) {
      const s2 = e2[r2[i2]];
      if ((null == s2 ? void 0 : s2.body.type) === t2) return true;
    }
    return false;
  }
  hasParts(t2) {
    var e2;
    return !(null == (e2 = this.activePartLists[t2]) || !e2.length);
  }
  getBackBufferEvictionEnd(t2, e2, r2) {
    const { fragments: i2 } = this;
    let s2 = 0, n2 = 0;
    const a2 = Object.keys(i2);
    for (let o2 = 0; o2 < a2.length; o2++) {
      const l2 = i2[a2[o2]];
      if (!l2 || !l2.buffered || l2.body.type !== e2) continue;
      const d2 = l2.body;
      if (d2.gap) return 0;
      const h2 = d2.hasStats && d2.stats.loaded || d2.byteLength || d2.bitrate && 8 * d2.bitrate * d2.duration;
      if (d2.end <= t2 && h2 && (s2 += h2, n2 = Math.max(n2, d2.end), s2 >= r2)) return n2;
    }
    return n2 > 0 ? n2 : 0;
  }
  removeFragmentsInRange(t2, e2, r2, i2, s2) {
    i2 && !this.hasGaps || Object.keys(this.fragments).forEach(((n2) => {
      const a2 = this.fragments[n2];
      if (!a2) return;
      const o2 = a2.body;
      o2.type !== r2 || i2 && !o2.gap || o2.start < e2 && o2.end > t2 && (a2.buffered || s2) && this.removeFragment(o2);
    }));
  }
  removeFragment(t2) {
    const e2 = ti(t2);
    t2.clearElementaryStreamInfo();
    const r2 = this.activePartLists[t2.type];
    if (r2) {
      const e3 = t2.sn;
      this.activePartLists[t2.type] = ei(r2, ((t3) => t3.fragment.sn !== e3));
    }
    delete this.fragments[e2], t2.endList && delete this.endListFragments[t2.type];
  }
  gapFragments() {
    return this.hasGaps ? Object.keys(this.fragments).map(((t2) => {
      var e2;
      return null == (e2 = this.fragments[t2]) ? void 0 : e2.body;
    })).filter(((t2) => !(null == t2 || !t2.gap))) : [];
  }
  removeAllFragments() {
    var t2;
    this.fragments = /* @__PURE__ */ Object.create(null), this.endListFragments = /* @__PURE__ */ Object.create(null), this.activePartLists = /* @__PURE__ */ Object.create(null), this.hasGaps = false;
    const e2 = null == (t2 = this.hls) || null == (t2 = t2.latestLevelDetails) ? void 0 : t2.partList;
    e2 && e2.forEach(((t3) => t3.clearElementaryStreamInfo()));
  }
};
function Jr(t2) {
  var e2, r2, i2, s2;
  return t2.buffered && !!(t2.body.gap || null != (e2 = t2.range.video) && e2.partial || null != (r2 = t2.range.audio) && r2.partial || null != (i2 = t2.range.audiovideo) && i2.partial || null != (s2 = t2.range.subs) && s2.partial);
}
function ti(t2) {
  return `${t2.type}_${t2.level}_${t2.sn}`;
}
function ei(t2, e2) {
  return t2.filter(((t3) => {
    const r2 = e2(t3);
    return r2 || t3.clearElementaryStreamInfo(), r2;
  }));
}
var ri = class {
  constructor(t2, e2, r2) {
    this.subtle = void 0, this.aesIV = void 0, this.aesMode = void 0, this.subtle = t2, this.aesIV = e2, this.aesMode = r2;
  }
  decrypt(t2, e2) {
    switch (this.aesMode) {
      case je:
        return this.subtle.decrypt({ name: "AES-CBC", iv: this.aesIV }, e2, t2);
      case qe:
        return this.subtle.decrypt({ name: "AES-CTR", counter: this.aesIV, length: 64 }, e2, t2);
      default:
        throw new Error(`[AESCrypto] invalid aes mode ${this.aesMode}`);
    }
  }
};
var ii = class {
  constructor() {
    this.rcon = [0, 1, 2, 4, 8, 16, 32, 64, 128, 27, 54], this.subMix = [new Uint32Array(256), new Uint32Array(256), new Uint32Array(256), new Uint32Array(256)], this.invSubMix = [new Uint32Array(256), new Uint32Array(256), new Uint32Array(256), new Uint32Array(256)], this.sBox = new Uint32Array(256), this.invSBox = new Uint32Array(256), this.key = new Uint32Array(0), this.ksRows = 0, this.keySize = 0, this.keySchedule = void 0, this.invKeySchedule = void 0, this.initTable();
  }
  uint8ArrayToUint32Array_(t2) {
    const e2 = new DataView(t2), r2 = new Uint32Array(4);
    for (let t3 = 0; t3 < 4; t3++) r2[t3] = e2.getUint32(4 * t3);
    return r2;
  }
  initTable() {
    const t2 = this.sBox, e2 = this.invSBox, r2 = this.subMix, i2 = r2[0], s2 = r2[1], n2 = r2[2], a2 = r2[3], o2 = this.invSubMix, l2 = o2[0], d2 = o2[1], h2 = o2[2], u2 = o2[3], c2 = new Uint32Array(256);
    let f2 = 0, g2 = 0, m2 = 0;
    for (m2 = 0; m2 < 256; m2++) c2[m2] = m2 < 128 ? m2 << 1 : m2 << 1 ^ 283;
    for (m2 = 0; m2 < 256; m2++) {
      let r3 = g2 ^ g2 << 1 ^ g2 << 2 ^ g2 << 3 ^ g2 << 4;
      r3 = r3 >>> 8 ^ 255 & r3 ^ 99, t2[f2] = r3, e2[r3] = f2;
      const o3 = c2[f2], m3 = c2[o3], p2 = c2[m3];
      let v2 = 257 * c2[r3] ^ 16843008 * r3;
      i2[f2] = v2 << 24 | v2 >>> 8, s2[f2] = v2 << 16 | v2 >>> 16, n2[f2] = v2 << 8 | v2 >>> 24, a2[f2] = v2, v2 = 16843009 * p2 ^ 65537 * m3 ^ 257 * o3 ^ 16843008 * f2, l2[r3] = v2 << 24 | v2 >>> 8, d2[r3] = v2 << 16 | v2 >>> 16, h2[r3] = v2 << 8 | v2 >>> 24, u2[r3] = v2, f2 ? (f2 = o3 ^ c2[c2[c2[p2 ^ o3]]], g2 ^= c2[c2[g2]]) : f2 = g2 = 1;
    }
  }
  expandKey(t2) {
    const e2 = this.uint8ArrayToUint32Array_(t2);
    let r2 = true, i2 = 0;
    for (; i2 < e2.length && r2; ) r2 = e2[i2] === this.key[i2], i2++;
    if (r2) return;
    this.key = e2;
    const s2 = this.keySize = e2.length;
    if (4 !== s2 && 6 !== s2 && 8 !== s2) throw new Error("Invalid aes key size=" + s2);
    const n2 = this.ksRows = 4 * (s2 + 6 + 1);
    let a2, o2;
    const l2 = this.keySchedule = new Uint32Array(n2), d2 = this.invKeySchedule = new Uint32Array(n2), h2 = this.sBox, u2 = this.rcon, c2 = this.invSubMix, f2 = c2[0], g2 = c2[1], m2 = c2[2], p2 = c2[3];
    let v2, E2;
    for (a2 = 0; a2 < n2; a2++) a2 < s2 ? v2 = l2[a2] = e2[a2] : (E2 = v2, a2 % s2 == 0 ? (E2 = E2 << 8 | E2 >>> 24, E2 = h2[E2 >>> 24] << 24 | h2[E2 >>> 16 & 255] << 16 | h2[E2 >>> 8 & 255] << 8 | h2[255 & E2], E2 ^= u2[a2 / s2 | 0] << 24) : s2 > 6 && a2 % s2 == 4 && (E2 = h2[E2 >>> 24] << 24 | h2[E2 >>> 16 & 255] << 16 | h2[E2 >>> 8 & 255] << 8 | h2[255 & E2]), l2[a2] = v2 = (l2[a2 - s2] ^ E2) >>> 0);
    for (o2 = 0; o2 < n2; o2++) a2 = n2 - o2, E2 = 3 & o2 ? l2[a2] : l2[a2 - 4], d2[o2] = o2 < 4 || a2 <= 4 ? E2 : f2[h2[E2 >>> 24]] ^ g2[h2[E2 >>> 16 & 255]] ^ m2[h2[E2 >>> 8 & 255]] ^ p2[h2[255 & E2]], d2[o2] = d2[o2] >>> 0;
  }
  networkToHostOrderSwap(t2) {
    return t2 << 24 | (65280 & t2) << 8 | (16711680 & t2) >> 8 | t2 >>> 24;
  }
  decrypt(t2, e2, r2) {
    const i2 = this.keySize + 6, s2 = this.invKeySchedule, n2 = this.invSBox, a2 = this.invSubMix, o2 = a2[0], l2 = a2[1], d2 = a2[2], h2 = a2[3], u2 = this.uint8ArrayToUint32Array_(r2);
    let c2 = u2[0], f2 = u2[1], g2 = u2[2], m2 = u2[3];
    const p2 = new Int32Array(t2), v2 = new Int32Array(p2.length);
    let E2, y2, T2, S2, L2, A2, R2, b2, D2, I2, k2, _2, C2, P2;
    const x2 = this.networkToHostOrderSwap;
    for (; e2 < p2.length; ) {
      for (D2 = x2(p2[e2]), I2 = x2(p2[e2 + 1]), k2 = x2(p2[e2 + 2]), _2 = x2(p2[e2 + 3]), L2 = D2 ^ s2[0], A2 = _2 ^ s2[1], R2 = k2 ^ s2[2], b2 = I2 ^ s2[3], C2 = 4, P2 = 1; P2 < i2; P2++) E2 = o2[L2 >>> 24] ^ l2[A2 >> 16 & 255] ^ d2[R2 >> 8 & 255] ^ h2[255 & b2] ^ s2[C2], y2 = o2[A2 >>> 24] ^ l2[R2 >> 16 & 255] ^ d2[b2 >> 8 & 255] ^ h2[255 & L2] ^ s2[C2 + 1], T2 = o2[R2 >>> 24] ^ l2[b2 >> 16 & 255] ^ d2[L2 >> 8 & 255] ^ h2[255 & A2] ^ s2[C2 + 2], S2 = o2[b2 >>> 24] ^ l2[L2 >> 16 & 255] ^ d2[A2 >> 8 & 255] ^ h2[255 & R2] ^ s2[C2 + 3], L2 = E2, A2 = y2, R2 = T2, b2 = S2, C2 += 4;
      E2 = n2[L2 >>> 24] << 24 ^ n2[A2 >> 16 & 255] << 16 ^ n2[R2 >> 8 & 255] << 8 ^ n2[255 & b2] ^ s2[C2], y2 = n2[A2 >>> 24] << 24 ^ n2[R2 >> 16 & 255] << 16 ^ n2[b2 >> 8 & 255] << 8 ^ n2[255 & L2] ^ s2[C2 + 1], T2 = n2[R2 >>> 24] << 24 ^ n2[b2 >> 16 & 255] << 16 ^ n2[L2 >> 8 & 255] << 8 ^ n2[255 & A2] ^ s2[C2 + 2], S2 = n2[b2 >>> 24] << 24 ^ n2[L2 >> 16 & 255] << 16 ^ n2[A2 >> 8 & 255] << 8 ^ n2[255 & R2] ^ s2[C2 + 3], v2[e2] = x2(E2 ^ c2), v2[e2 + 1] = x2(S2 ^ f2), v2[e2 + 2] = x2(T2 ^ g2), v2[e2 + 3] = x2(y2 ^ m2), c2 = D2, f2 = I2, g2 = k2, m2 = _2, e2 += 4;
    }
    return v2.buffer;
  }
};
var si = class {
  constructor(t2, e2, r2) {
    this.subtle = void 0, this.key = void 0, this.aesMode = void 0, this.subtle = t2, this.key = e2, this.aesMode = r2;
  }
  expandKey() {
    const t2 = (function(t3) {
      switch (t3) {
        case je:
          return "AES-CBC";
        case qe:
          return "AES-CTR";
        default:
          throw new Error(`[FastAESKey] invalid aes mode ${t3}`);
      }
    })(this.aesMode);
    return this.subtle.importKey("raw", this.key, { name: t2 }, false, ["encrypt", "decrypt"]);
  }
};
var ni = class {
  constructor(t2, e2) {
    if (this.logEnabled = true, this.decryptRange = void 0, this.subtle = null, this.softwareDecrypter = null, this.key = null, this.fastAesKey = null, this.remainderData = null, this.currentIV = null, this.currentResult = null, this.useSoftware = void 0, this.enableSoftwareAES = void 0, this.enableSoftwareAES = t2.enableSoftwareAES, true !== e2) try {
      const t3 = self.crypto;
      t3 && (this.subtle = t3.subtle || t3.webkitSubtle);
    } catch (t3) {
    }
    this.useSoftware = !this.subtle;
  }
  destroy() {
    this.subtle = null, this.softwareDecrypter = null, this.key = null, this.fastAesKey = null, this.remainderData = null, this.currentIV = null, this.currentResult = null;
  }
  isSync() {
    return this.useSoftware;
  }
  flush() {
    const { currentResult: t2, remainderData: e2 } = this;
    if (!t2 || e2) return this.reset(), null;
    const r2 = new Uint8Array(t2);
    this.reset();
    const i2 = this.decryptRange;
    return i2 ? 0 === i2.start && i2.end >= r2.length ? r2 : r2.slice(i2.start, i2.end) : (function(t3) {
      const e3 = t3.byteLength, r3 = e3 && new DataView(t3.buffer).getUint8(e3 - 1);
      return r3 ? t3.slice(0, e3 - r3) : t3;
    })(r2);
  }
  reset() {
    this.currentResult = null, this.currentIV = null, this.remainderData = null, this.softwareDecrypter && (this.softwareDecrypter = null);
  }
  decrypt(t2, e2, r2, i2, s2) {
    return this.decryptRange = s2, this.useSoftware || s2 ? new Promise(((s3, n2) => {
      const a2 = ArrayBuffer.isView(t2) ? t2 : new Uint8Array(t2);
      this.softwareDecrypt(a2, e2, r2, i2);
      const o2 = this.flush();
      o2 ? s3(o2.buffer) : n2(new Error("[softwareDecrypt] Failed to decrypt data"));
    })) : this.webCryptoDecrypt(new Uint8Array(t2), e2, r2, i2);
  }
  softwareDecrypt(t2, e2, r2, i2) {
    const { currentIV: s2, currentResult: n2, remainderData: a2 } = this;
    if (i2 !== je || 16 !== e2.byteLength) return j.warn("SoftwareDecrypt: can only handle AES-128-CBC"), null;
    this.logOnce("JS AES decrypt"), a2 && (t2 = Yt(a2, t2), this.remainderData = null);
    const o2 = this.getValidChunk(t2);
    if (!o2.length) return null;
    s2 && (r2 = s2);
    let l2 = this.softwareDecrypter;
    l2 || (l2 = this.softwareDecrypter = new ii()), l2.expandKey(e2);
    const d2 = n2;
    return this.currentResult = l2.decrypt(o2.buffer, 0, r2), this.currentIV = o2.slice(-16).buffer, d2 || null;
  }
  webCryptoDecrypt(t2, e2, r2, i2) {
    if (this.key !== e2 || !this.fastAesKey) {
      if (!this.subtle) return Promise.resolve(this.onWebCryptoError(t2, e2, r2, i2));
      this.key = e2, this.fastAesKey = new si(this.subtle, e2, i2);
    }
    return this.fastAesKey.expandKey().then(((e3) => {
      if (!this.subtle) return Promise.reject(new Error("web crypto not initialized"));
      this.logOnce("WebCrypto AES decrypt");
      return new ri(this.subtle, new Uint8Array(r2), i2).decrypt(t2.buffer, e3);
    })).catch(((s2) => (j.warn(`[decrypter]: WebCrypto Error, disable WebCrypto API, ${s2.name}: ${s2.message}`), this.onWebCryptoError(t2, e2, r2, i2))));
  }
  onWebCryptoError(t2, e2, r2, i2) {
    const s2 = this.enableSoftwareAES;
    if (s2) {
      this.useSoftware = true, this.logEnabled = true, this.softwareDecrypt(t2, e2, r2, i2);
      const s3 = this.flush();
      if (s3) return s3.buffer;
    }
    throw new Error("WebCrypto" + (s2 ? " and softwareDecrypt" : "") + ": failed to decrypt data");
  }
  getValidChunk(t2) {
    let e2 = t2;
    const r2 = t2.length - t2.length % 16;
    return r2 !== t2.length && (e2 = t2.slice(0, r2), this.remainderData = t2.slice(r2)), e2;
  }
  logOnce(t2) {
    this.logEnabled && (j.log(`[decrypter]: ${t2}`), this.logEnabled = false);
  }
};
var ai = Math.pow(2, 17);
var oi = class {
  constructor(t2) {
    this.config = void 0, this.loader = null, this.partLoadTimeout = -1, this.config = t2;
  }
  destroy() {
    this.loader && (this.loader.destroy(), this.loader = null);
  }
  abort() {
    this.loader && this.loader.abort();
  }
  load(t2, e2, r2, n2) {
    const a2 = t2.url;
    if (!a2) return Promise.reject(new ui({ type: i.NETWORK_ERROR, details: s.FRAG_LOAD_ERROR, fatal: false, frag: t2, error: new Error("Fragment does not have a " + (a2 ? "part list" : "url")), networkDetails: null }));
    this.abort();
    const o2 = this.config, l2 = o2.fLoader, d2 = o2.loader;
    return new Promise(((h2, u2) => {
      if (this.loader && this.loader.destroy(), t2.gap) {
        if (t2.tagList.some(((t3) => "GAP" === t3[0]))) return void u2(hi(t2));
        t2.gap = false;
      }
      const c2 = this.loader = l2 ? new l2(o2) : new d2(o2), f2 = li(t2, null, e2);
      t2.loader = c2;
      const g2 = M(o2.fragLoadPolicy.default), m2 = { loadPolicy: g2, timeout: g2.maxLoadTimeMs, maxRetry: 0, retryDelay: 0, maxRetryDelay: 0, highWaterMark: "initSegment" === t2.sn ? 1 / 0 : ai };
      c2.stats.retry = t2.stats.retry, t2.stats = c2.stats;
      const p2 = { onSuccess: (e3, r3, i2, s2) => {
        this.resetLoader(t2, c2);
        let n3 = e3.data;
        i2.resetIV && t2.decryptdata && (t2.decryptdata.iv = new Uint8Array(n3.slice(0, 16)), n3 = n3.slice(16)), h2({ frag: t2, part: null, payload: n3, networkDetails: s2 });
      }, onError: (e3, r3, n3, o3) => {
        this.resetLoader(t2, c2), u2(new ui({ type: i.NETWORK_ERROR, details: s.FRAG_LOAD_ERROR, fatal: false, frag: t2, response: _({ url: a2, data: void 0 }, e3), error: new Error(`HTTP Error ${e3.code} ${e3.text}`), networkDetails: n3, stats: o3 }));
      }, onAbort: (e3, r3, n3) => {
        this.resetLoader(t2, c2), u2(new ui({ type: i.NETWORK_ERROR, details: s.INTERNAL_ABORTED, fatal: false, frag: t2, error: new Error("Aborted"), networkDetails: n3, stats: e3 }));
      }, onTimeout: (e3, r3, n3) => {
        this.resetLoader(t2, c2), u2(new ui({ type: i.NETWORK_ERROR, details: s.FRAG_LOAD_TIMEOUT, fatal: false, frag: t2, error: new Error(`Timeout after ${m2.timeout}ms`), networkDetails: n3, stats: e3 }));
      } };
      if (r2) {
        const e3 = this.gateProgress(r2, n2);
        p2.onProgress = (r3, i2, s2, n3) => e3({ frag: t2, part: null, payload: s2, networkDetails: n3 });
      }
      c2.load(f2, m2, p2);
    }));
  }
  gateProgress(t2, e2) {
    let r2 = t2;
    if (e2) {
      const i2 = [];
      let s2 = false;
      e2.then((() => {
        s2 = true, i2.forEach(((e3) => t2(e3))), i2.length = 0;
      })).catch((() => {
      })), r2 = (e3) => {
        s2 ? t2(e3) : i2.push(e3);
      };
    }
    return r2;
  }
  loadPart(t2, e2, r2) {
    this.abort();
    const n2 = this.config, a2 = n2.fLoader, o2 = n2.loader;
    return new Promise(((l2, d2) => {
      if (this.loader && this.loader.destroy(), t2.gap || e2.gap) return void d2(hi(t2, e2));
      const h2 = this.loader = a2 ? new a2(n2) : new o2(n2), u2 = li(t2, e2);
      t2.loader = h2;
      const c2 = M(n2.fragLoadPolicy.default), f2 = { loadPolicy: c2, timeout: c2.maxLoadTimeMs, maxRetry: 0, retryDelay: 0, maxRetryDelay: 0, highWaterMark: ai };
      e2.stats = h2.stats, h2.load(u2, f2, { onSuccess: (i2, s2, n3, a3) => {
        this.resetLoader(t2, h2), this.updateStatsFromPart(t2, e2);
        const o3 = { frag: t2, part: e2, payload: i2.data, networkDetails: a3 };
        r2(o3), l2(o3);
      }, onError: (r3, n3, a3, o3) => {
        this.resetLoader(t2, h2), d2(new ui({ type: i.NETWORK_ERROR, details: s.FRAG_LOAD_ERROR, fatal: false, frag: t2, part: e2, response: _({ url: u2.url, data: void 0 }, r3), error: new Error(`HTTP Error ${r3.code} ${r3.text}`), networkDetails: a3, stats: o3 }));
      }, onAbort: (r3, n3, a3) => {
        t2.stats.aborted = e2.stats.aborted, this.resetLoader(t2, h2), d2(new ui({ type: i.NETWORK_ERROR, details: s.INTERNAL_ABORTED, fatal: false, frag: t2, part: e2, error: new Error("Aborted"), networkDetails: a3, stats: r3 }));
      }, onTimeout: (r3, n3, a3) => {
        this.resetLoader(t2, h2), d2(new ui({ type: i.NETWORK_ERROR, details: s.FRAG_LOAD_TIMEOUT, fatal: false, frag: t2, part: e2, error: new Error(`Timeout after ${f2.timeout}ms`), networkDetails: a3, stats: r3 }));
      } });
    }));
  }
  updateStatsFromPart(t2, e2) {
    const r2 = t2.stats, i2 = e2.stats, s2 = i2.total;
    if (r2.loaded += i2.loaded, s2) {
      const i3 = Math.round(t2.duration / e2.duration), n3 = Math.min(Math.round(r2.loaded / s2), i3), a3 = (i3 - n3) * Math.round(r2.loaded / n3);
      r2.total = r2.loaded + a3;
    } else r2.total = Math.max(r2.loaded, r2.total);
    const n2 = r2.loading, a2 = i2.loading;
    n2.start ? n2.first += a2.first - a2.start : (n2.start = a2.start, n2.first = a2.first), n2.end = a2.end;
  }
  resetLoader(t2, e2) {
    t2.loader = null, t2.url = null, this.loader === e2 && (self.clearTimeout(this.partLoadTimeout), this.loader = null), e2.destroy();
  }
};
function li(t2, e2 = null, r2) {
  const i2 = e2 || t2, s2 = { type: p.MEDIA_FRAGMENT, frag: t2, part: e2, responseType: "arraybuffer", url: i2.url, headers: {}, rangeStart: 0, rangeEnd: 0 }, n2 = di(t2, e2, r2);
  return n2.resetIV && (s2.resetIV = true), n2.byteRange && (s2.rangeStart = n2.byteRange.start, s2.rangeEnd = n2.byteRange.end), s2;
}
function di(e2, r2 = null, i2) {
  const s2 = {}, n2 = r2 || e2, a2 = n2.byteRangeStartOffset, o2 = n2.byteRangeEndOffset;
  var l2, d2;
  if (t(a2) && t(o2)) if ("initSegment" !== e2.sn && !i2 || "AES-128" !== (d2 = null == (l2 = e2.decryptdata) ? void 0 : l2.method) && "AES-256" !== d2) s2.byteRange = { start: a2, end: o2 };
  else {
    let t2 = 16 * Math.floor(a2 / 16);
    const e3 = 16 * Math.ceil(o2 / 16);
    s2.decryptRange = { start: a2 - t2, end: o2 - t2 }, t2 >= 16 && (s2.resetIV = true, t2 -= 16), s2.byteRange = { start: t2, end: e3 };
  }
  return s2;
}
function hi(t2, e2) {
  const r2 = new Error(`GAP ${t2.gap ? "tag" : "attribute"} found`), n2 = { type: i.MEDIA_ERROR, details: s.FRAG_GAP, fatal: false, frag: t2, error: r2, networkDetails: null };
  return e2 && (n2.part = e2), (e2 || t2).stats.aborted = true, new ui(n2);
}
var ui = class extends Error {
  constructor(t2) {
    super(t2.error.message), this.data = void 0, this.data = t2;
  }
};
var ci = class extends G {
  constructor(t2, e2) {
    super(t2, e2), this._boundTick = void 0, this._tickTimer = null, this._tickInterval = null, this._tickCallCount = 0, this._boundTick = this.tick.bind(this);
  }
  destroy() {
    this.onHandlerDestroying(), this.onHandlerDestroyed();
  }
  onHandlerDestroying() {
    this.clearNextTick(), this.clearInterval();
  }
  onHandlerDestroyed() {
  }
  hasInterval() {
    return !!this._tickInterval;
  }
  hasNextTick() {
    return !!this._tickTimer;
  }
  setInterval(t2) {
    return !this._tickInterval && (this._tickCallCount = 0, this._tickInterval = self.setInterval(this._boundTick, t2), true);
  }
  clearInterval() {
    return !!this._tickInterval && (self.clearInterval(this._tickInterval), this._tickInterval = null, true);
  }
  clearNextTick() {
    return !!this._tickTimer && (self.clearTimeout(this._tickTimer), this._tickTimer = null, true);
  }
  tick() {
    this._tickCallCount++, 1 === this._tickCallCount ? (this.doTick(), this._tickCallCount > 1 && this.tickImmediate(), this._tickCallCount = 0) : (this.log(`possible exception thrown in task-loop (${this.constructor.name}.doTick)`), this._tickCallCount = 0);
  }
  tickImmediate() {
    this.clearNextTick(), this._tickTimer = self.setTimeout(this._boundTick, 0);
  }
  doTick() {
  }
};
var fi = class {
  constructor(t2, e2, r2, i2 = 0, s2 = -1, n2 = false, a2, o2, l2) {
    this.level = void 0, this.sn = void 0, this.part = void 0, this.id = void 0, this.size = void 0, this.partial = void 0, this.iframe = void 0, this.duration = void 0, this.decryptRange = void 0, this.transmuxing = { start: 0, executeStart: 0, executeEnd: 0, end: 0 }, this.buffering = { audio: { start: 0, executeStart: 0, executeEnd: 0, end: 0 }, video: { start: 0, executeStart: 0, executeEnd: 0, end: 0 }, audiovideo: { start: 0, executeStart: 0, executeEnd: 0, end: 0 } }, this.level = t2, this.sn = e2, this.id = r2, this.size = i2, this.part = s2, this.partial = n2, this.duration = a2 || 0, this.decryptRange = l2, this.iframe = o2 || false;
  }
};
function gi(t2, e2) {
  for (let i2 = 0, s2 = t2.length; i2 < s2; i2++) {
    var r2;
    if ((null == (r2 = t2[i2]) ? void 0 : r2.cc) === e2) return t2[i2];
  }
  return null;
}
function mi(t2, e2) {
  const r2 = t2.start + e2;
  t2.setStart(r2);
}
function pi(t2, e2) {
  const r2 = e2.fragments;
  for (let e3 = 0, i2 = r2.length; e3 < i2; e3++) mi(r2[e3], t2);
  e2.fragmentHint && mi(e2.fragmentHint, t2), e2.alignedSliding = true;
}
function vi(t2, e2, r2) {
  t2 && (!(function(t3, e3, r3) {
    if (!(function(t4, e4) {
      return !!(t4 && e4.startCC < t4.endCC && e4.endCC > t4.startCC);
    })(e3, t3)) return;
    const i2 = Math.min(e3.endCC, t3.endCC), s2 = gi(e3.fragments, i2), n2 = gi(t3.fragments, i2);
    if (!s2 || !n2) return;
    const a2 = s2.start - n2.start;
    r3.log(`Aligning playlists using dicontinuity sequence ${i2} (diff: ${a2})`), pi(a2, t3);
  })(e2, t2, r2), e2.alignedSliding || (function(t3, e3, r3) {
    if (!t3.hasProgramDateTime || !e3.hasProgramDateTime) return;
    const i2 = t3.fragments, s2 = e3.fragments;
    if (!i2.length || !s2.length) return;
    let n2, a2;
    const o2 = Math.min(e3.endCC, t3.endCC);
    e3.startCC < o2 && t3.startCC < o2 && (n2 = gi(s2, o2), a2 = gi(i2, o2));
    n2 && a2 || (n2 = s2[Math.floor(s2.length / 2)] || s2.filter(((t4) => !!t4))[0], a2 = gi(i2, n2.cc) || i2[Math.floor(i2.length / 2)]);
    const l2 = n2.programDateTime, d2 = a2.programDateTime;
    if (!l2 || !d2) return;
    const h2 = (d2 - l2) / 1e3;
    if (Math.abs(h2) > Math.max(60, t3.totalduration)) return void r3.log(`Cannot align playlists using PDT without overlap (${Math.abs(h2)} > ${t3.totalduration})`);
    const u2 = h2 - (a2.start - n2.start);
    r3.log(`Aligning playlists using PDT (diff: ${u2})`), pi(u2, t3);
  })(e2, t2, r2), e2.alignedSliding || e2.skippedSegments || Lr(t2, e2, false, r2));
}
var Ei = { STOPPED: "STOPPED", IDLE: "IDLE", KEY_LOADING: "KEY_LOADING", FRAG_LOADING: "FRAG_LOADING", FRAG_LOADING_WAITING_RETRY: "FRAG_LOADING_WAITING_RETRY", PARSING: "PARSING", PARSED: "PARSED", ENDED: "ENDED", ERROR: "ERROR", WAITING_LEVEL: "WAITING_LEVEL" };
var yi = class extends ci {
  constructor(t2, e2, r2, i2, s2) {
    super(i2, t2.logger), this.hls = void 0, this.fragPrevious = null, this.fragCurrent = null, this.fragPlaying = null, this.fragmentTracker = void 0, this.transmuxer = null, this._state = Ei.STOPPED, this.playlistType = void 0, this.media = null, this.mediaBuffer = null, this.config = void 0, this.bitrateTest = false, this.lastCurrentTime = 0, this.nextLoadPosition = 0, this.startPosition = -1, this.startTimeOffset = null, this.retryDate = 0, this.levels = null, this.fragmentLoader = void 0, this.initFragmentLoader = void 0, this.keyLoader = void 0, this.levelLastLoaded = null, this.startFragRequested = false, this.decrypter = void 0, this.initPTS = [], this.buffering = true, this.loadingParts = false, this.loopSn = void 0, this.onMediaSeeking = () => {
      const { config: t3, fragCurrent: e3, media: r3, mediaBuffer: i3, state: s3 } = this, n2 = r3 ? r3.currentTime : 0, a2 = wr.bufferInfo(i3 || r3, n2, t3.maxBufferHole), o2 = a2.len;
      if (this.log(`Media seeking to ${n2}, state: ${s3}, ${o2 ? "in" : "out of"} buffer`), this.state === Ei.ENDED) this.resetLoadingState();
      else if (e3) {
        const r4 = t3.maxFragLookUpTolerance, i4 = e3.start - r4, s4 = e3.start + e3.duration + r4;
        if (!o2 || s4 < a2.start || i4 > a2.end) {
          const t4 = n2 < i4, r5 = n2 > s4;
          (t4 || r5) && (!e3.loader || !r5 && this.isFragmentNearlyDownloaded(e3) ? this.fragPrevious = null : (this.log(`Cancelling fragment load for seek (sn: ${e3.sn}) - ${t4 ? "backward" : "forward"} seek`), e3.abortRequests(), this.resetLoadingState()));
        }
      }
      if (r3) {
        var l2;
        null != (l2 = this.hls) && l2.hasEnoughToStart && !o2 && n2 !== this.startPosition && this.fragmentTracker.removeFragmentsInRange(n2, 1 / 0, this.playlistType, true);
        if (n2 > this.lastCurrentTime && (this.lastCurrentTime = n2), !this.loadingParts) {
          const t4 = Math.max(a2.end, n2), e4 = this.shouldLoadParts(this.getLevelDetails(), t4);
          e4 && (this.log(`LL-Part loading ON after seeking to ${n2} with buffer @${t4}`), this.loadingParts = e4);
        }
      }
      const d2 = !wr.isBuffered(r3, n2);
      this.hls.hasEnoughToStart && !d2 || (this.log(`Setting ${d2 ? "startPosition" : "nextLoadPosition"} to ${n2} for seek without enough to start`), this.nextLoadPosition = n2, d2 ? this.startPosition = n2 : this.lastCurrentTime = n2), o2 < 1 && this.state === Ei.IDLE && this.tickImmediate();
    }, this.onMediaEnded = () => {
      this.log("setting startPosition to 0 because media ended"), this.startPosition = this.nextLoadPosition = this.lastCurrentTime = 0;
    }, this.playlistType = s2, this.hls = t2, this.fragmentLoader = new oi(t2.config), this.initFragmentLoader = new oi(t2.config), this.keyLoader = r2, this.fragmentTracker = e2, this.config = t2.config, this.decrypter = new ni(t2.config);
  }
  registerListeners() {
    const { hls: t2 } = this;
    t2.on(n.MEDIA_ATTACHED, this.onMediaAttached, this), t2.on(n.MEDIA_DETACHING, this.onMediaDetaching, this), t2.on(n.MANIFEST_LOADING, this.onManifestLoading, this), t2.on(n.MANIFEST_LOADED, this.onManifestLoaded, this), t2.on(n.ERROR, this.onError, this);
  }
  unregisterListeners() {
    const { hls: t2 } = this;
    t2.off(n.MEDIA_ATTACHED, this.onMediaAttached, this), t2.off(n.MEDIA_DETACHING, this.onMediaDetaching, this), t2.off(n.MANIFEST_LOADING, this.onManifestLoading, this), t2.off(n.MANIFEST_LOADED, this.onManifestLoaded, this), t2.off(n.ERROR, this.onError, this);
  }
  doTick() {
  }
  onTickEnd() {
    const { media: t2 } = this;
    null != t2 && t2.readyState && false === t2.seeking && (this.lastCurrentTime = t2.currentTime);
  }
  startLoad(t2) {
  }
  stopLoad() {
    if (this.state === Ei.STOPPED) return;
    this.fragmentLoader.abort(), this.initFragmentLoader.abort(), this.keyLoader.abort(this.playlistType);
    const t2 = this.fragCurrent;
    null != t2 && t2.loader && (t2.abortRequests(), this.fragmentTracker.removeFragment(t2)), this.resetTransmuxer(), this.fragCurrent = null, this.fragPrevious = null, this.clearInterval(), this.clearNextTick(), this.state = Ei.STOPPED;
  }
  get startPositionValue() {
    const { nextLoadPosition: t2, startPosition: e2 } = this;
    if (-1 === e2 && t2) {
      const e3 = this.getLevelDetails();
      if (null != e3 && e3.live) {
        return (this.hls.liveSyncPosition || e3.fragmentStart) + this.timelineOffset;
      }
      return t2;
    }
    return e2;
  }
  get bufferingEnabled() {
    return this.buffering;
  }
  get backtrackFragment() {
  }
  set backtrackFragment(t2) {
  }
  get couldBacktrack() {
    return false;
  }
  set couldBacktrack(t2) {
  }
  pauseBuffering() {
    this.buffering = false;
  }
  resumeBuffering() {
    this.buffering = true;
  }
  get inFlightFrag() {
    return { frag: this.fragCurrent, state: this.state };
  }
  _streamEnded(t2, e2) {
    if (e2.live || !this.media) return false;
    const r2 = t2.end || 0, i2 = this.config.timelineOffset || 0;
    if (r2 <= i2) return false;
    const s2 = t2.buffered;
    this.config.maxBufferHole && s2 && s2.length > 1 && (t2 = wr.bufferedInfo(s2, t2.start, 0));
    const n2 = t2.nextStart;
    if (n2 && n2 > i2 && n2 < e2.edge) return false;
    if (this.media.currentTime < t2.start) return false;
    const a2 = e2.partList;
    if (null != a2 && a2.length) {
      const t3 = a2[a2.length - 1];
      return wr.isBuffered(this.media, t3.start + t3.duration / 2);
    }
    const o2 = e2.fragments[e2.fragments.length - 1];
    return this.fragmentTracker.isEndListAppended(o2.type);
  }
  getLevelDetails() {
    if (this.levels && null !== this.levelLastLoaded) return this.levelLastLoaded.details;
  }
  get timelineOffset() {
    const t2 = this.config.timelineOffset;
    var e2;
    return t2 ? (null == (e2 = this.getLevelDetails()) ? void 0 : e2.appliedTimelineOffset) || t2 : 0;
  }
  onMediaAttached(t2, e2) {
    const r2 = this.media = this.mediaBuffer = e2.media;
    Or(r2, "seeking", this.onMediaSeeking), Or(r2, "ended", this.onMediaEnded);
    const i2 = this.config;
    this.levels && i2.autoStartLoad && this.state === Ei.STOPPED && this.startLoad(i2.startPosition);
  }
  onMediaDetaching(t2, e2) {
    this.fragPlaying = null;
    const r2 = !!e2.transferMedia, i2 = this.media;
    if (null === i2) return;
    if (i2.ended && (this.log("MSE detaching and video ended, reset startPosition"), this.startPosition = this.lastCurrentTime = 0), Mr(i2, "seeking", this.onMediaSeeking), Mr(i2, "ended", this.onMediaEnded), this.media = this.mediaBuffer = null, this.loopSn = void 0, r2) return this.resetLoadingState(), void this.resetTransmuxer();
    this.loadingParts = false;
    const { fragmentTracker: s2 } = this, n2 = s2.gapFragments();
    s2.removeAllFragments(), n2.forEach(((t3) => s2.addAsGap(t3))), this.stopLoad();
  }
  onManifestLoading() {
    this.initPTS = [], this.fragPlaying = this.levels = this.levelLastLoaded = this.fragCurrent = null, this.lastCurrentTime = this.nextLoadPosition = 0, this.startPosition = -1, this.startFragRequested = false;
  }
  onError(t2, e2) {
  }
  onManifestLoaded(t2, e2) {
    this.startTimeOffset = e2.startTimeOffset;
  }
  onHandlerDestroying() {
    this.stopLoad(), this.transmuxer && (this.transmuxer.destroy(), this.transmuxer = null), super.onHandlerDestroying(), this.hls = this.onMediaSeeking = this.onMediaEnded = null;
  }
  onHandlerDestroyed() {
    this.state = Ei.STOPPED, this.fragmentLoader && this.fragmentLoader.destroy(), this.initFragmentLoader && this.initFragmentLoader.destroy(), this.keyLoader && this.keyLoader.destroy(), this.decrypter && this.decrypter.destroy(), this.hls = this.decrypter = this.keyLoader = null, this.fragmentLoader = this.initFragmentLoader = this.fragmentTracker = null, super.onHandlerDestroyed();
  }
  loadFragment(t2, e2, r2) {
    this.startFragRequested = true, this._loadFragForPlayback(t2, e2, r2);
  }
  _loadFragForPlayback(t2, e2, r2) {
    this._doFragLoad(t2, e2, r2, ((t3) => {
      const e3 = t3.frag;
      if (this.fragContextChanged(e3)) return this.warn(`${e3.type} sn: ${e3.sn}${t3.part ? " part: " + t3.part.index : ""} of ${this.fragInfo(e3, false, t3.part)} was dropped during download.`), void this.fragmentTracker.removeFragment(e3);
      const r3 = ++e3.stats.chunkCount;
      this.log(`load progress ${e3.type} sn: ${e3.sn}${t3.part ? " part: " + t3.part.index : ""} of ${this.fragInfo(e3, false, t3.part)} chunk: ${r3}`), this._handleFragmentLoadProgress(t3);
    })).then(((t3) => {
      if (!t3) return;
      const e3 = this.state, r3 = t3.frag;
      this.fragContextChanged(r3) ? (e3 === Ei.FRAG_LOADING || !this.fragCurrent && e3 === Ei.PARSING) && (this.fragmentTracker.removeFragment(r3), this.state = Ei.IDLE) : ("payload" in t3 && (this.log(`Loaded ${r3.type} sn: ${r3.sn} of ${this.playlistLabel()} ${r3.level} (bytes ${r3.stats.loaded})`), this.hls.trigger(n.FRAG_LOADED, t3)), this._handleFragmentLoadComplete(t3));
    })).catch(((e3) => {
      this.state !== Ei.STOPPED && this.state !== Ei.ERROR && (this.log(`Frag error ${t2.type} sn:${t2.sn} cc:${t2.cc}: ${(null == e3 ? void 0 : e3.message) || e3}`), this.resetFragmentLoading(t2));
    }));
  }
  clearTrackerIfNeeded(t2) {
    var e2;
    const { fragmentTracker: r2 } = this;
    if (r2.getState(t2) === zr) {
      const e3 = t2.type, i2 = this.getFwdBufferInfo(this.mediaBuffer, e3), s2 = Math.max(t2.duration, i2 ? i2.len : this.config.maxBufferLength), n2 = this.backtrackFragment;
      (1 === (n2 ? t2.sn - n2.sn : 0) || this.reduceMaxBufferLength(s2, t2.duration)) && r2.removeFragment(t2);
    } else 0 === (null == (e2 = this.mediaBuffer) ? void 0 : e2.buffered.length) ? r2.removeAllFragments() : r2.hasParts(t2.type) && (r2.detectPartialFragments({ frag: t2, part: null, stats: t2.stats, id: t2.type }), r2.getState(t2) === Xr && r2.removeFragment(t2));
  }
  checkLiveUpdate(t2) {
    if (t2.updated && !t2.live) {
      const e2 = this.fragmentTracker, r2 = t2.fragments[t2.fragments.length - 1];
      if (r2.endList && !e2.isEndListAppended(this.playlistType)) {
        const t3 = e2.getPartialFragment(r2.end);
        t3 && (e2.removeFragment(t3), e2.fragBuffered(r2, true));
      }
      e2.detectPartialFragments({ frag: r2, part: null, stats: r2.stats, id: r2.type });
    }
    t2.fragments[0] || (t2.deltaUpdateFailed = true);
  }
  waitForLive(t2) {
    const e2 = t2.details;
    return (null == e2 ? void 0 : e2.live) && "EVENT" !== e2.type && void 0 !== e2.advancedDateTime && (e2.expired || this.loadingParts && e2.partsExpired || e2.misses < 3 && e2.partEnd <= this.getLoadPosition());
  }
  flushMainBuffer(t2, e2, r2 = null) {
    if (!(t2 - e2)) return;
    const i2 = { startOffset: t2, endOffset: e2, type: r2 };
    this.hls.trigger(n.BUFFER_FLUSHING, i2);
  }
  _loadInitSegment(t2) {
    const { hls: e2 } = this;
    return this.initFragmentLoader.abort(), e2.trigger(n.FRAG_LOADING, { frag: t2, targetBufferTime: 0 }), this.initFragmentLoader.load(t2).then(((t3) => {
      var e3;
      const r2 = t3.frag;
      if (!this.levels || !L(r2, null == (e3 = this.fragCurrent) ? void 0 : e3.initSegment)) throw new ui({ type: i.NETWORK_ERROR, details: s.INTERNAL_ABORTED, error: new Error("init load aborted"), fatal: false, frag: r2, networkDetails: null });
      return t3;
    })).then(((t3) => {
      const { frag: r2, payload: a2 } = t3, o2 = r2.decryptdata;
      if (a2 && a2.byteLength > 0 && null != o2 && o2.key && o2.iv && ze(o2.method)) {
        const l2 = self.performance.now(), { decryptRange: d2 } = di(r2, null, this.iframesOnly);
        return this.decrypter.decrypt(new Uint8Array(a2), o2.key.buffer, o2.iv.buffer, Xe(o2.method), d2).catch(((t4) => {
          throw e2.trigger(n.ERROR, { type: i.MEDIA_ERROR, details: s.FRAG_DECRYPT_ERROR, fatal: false, error: t4, reason: t4.message, frag: r2 }), this.fragmentLoader.abort(), t4;
        })).then(((i2) => {
          const s2 = self.performance.now();
          return e2.trigger(n.FRAG_DECRYPTED, { frag: r2, part: null, payload: i2, stats: { tstart: l2, tdecrypt: s2 } }), t3.payload = i2, this.completeInitSegmentLoad(t3);
        }));
      }
      return this.completeInitSegmentLoad(t3);
    }));
  }
  completeInitSegmentLoad(t2) {
    const e2 = t2.frag.stats;
    t2.frag.data = new Uint8Array(t2.payload), e2.parsing.start = e2.buffering.start = self.performance.now(), e2.parsing.end = e2.buffering.end = self.performance.now();
  }
  loadInitSegmentIfNeeded(t2) {
    const { initSegment: e2 } = t2;
    if (!this.bitrateTest && T(t2) && e2 && !e2.data) {
      var r2;
      return (!e2.encrypted || null != (r2 = e2.decryptdata) && r2.key ? this._loadInitSegment(e2) : this.keyLoader.load(e2).then((() => this._loadInitSegment(e2)))).catch(((e3) => {
        if (this.state === Ei.STOPPED || this.state === Ei.ERROR) throw e3;
        throw "data" in e3 && (this.fragmentLoader.abort(), this.handleFragLoadError(e3, t2)), this.resetFragmentLoading(t2), e3;
      }));
    }
  }
  unhandledEncryptionError(t2, e2) {
    var r2, a2;
    const o2 = t2.tracks;
    if (o2 && !e2.encrypted && (null != (r2 = o2.audio) && r2.encrypted || null != (a2 = o2.video) && a2.encrypted) && (!this.config.emeEnabled || !this.keyLoader.emeController)) {
      const t3 = this.media, r3 = new Error("EME not supported (light build)");
      return this.warn(r3.message), !t3 || t3.mediaKeys ? false : (this.hls.trigger(n.ERROR, { type: i.KEY_SYSTEM_ERROR, details: s.KEY_SYSTEM_NO_KEYS, fatal: true, error: r3, frag: e2 }), this.resetTransmuxer(), true);
    }
    return false;
  }
  fragContextChanged(t2) {
    const { fragCurrent: e2 } = this;
    return !t2 || !L(t2, e2);
  }
  fragBufferedComplete(t2, e2) {
    const r2 = this.mediaBuffer ? this.mediaBuffer : this.media;
    if (this.log(`Buffered ${t2.type} sn: ${t2.sn}${e2 ? " part: " + e2.index : ""} of ${this.fragInfo(t2, false, e2)} > buffer:${r2 ? Fr(wr.getBuffered(r2)) : "(detached)"})`), T(t2)) {
      var i2;
      if (t2.type !== v.SUBTITLE) {
        const e3 = t2.elementaryStreams;
        if (!Object.keys(e3).some(((t3) => !!e3[t3]))) return void (this.state = Ei.IDLE);
      }
      const r3 = null == (i2 = this.levels) ? void 0 : i2[t2.level];
      null != r3 && r3.fragmentError && (e2 || this.fragmentTracker.getState(t2) !== Xr) && (this.log(`Resetting level fragment error count of ${r3.fragmentError} on frag buffered`), r3.fragmentError = 0, t2.stats.retry = 0);
    }
    this.state = Ei.IDLE;
  }
  _handleFragmentLoadComplete(t2) {
    const { transmuxer: e2 } = this;
    if (!e2) return;
    const r2 = t2.frag, { part: i2, partsLoaded: s2 } = t2, n2 = !s2 || 0 === s2.length || s2.some(((t3) => !t3)), { decryptRange: a2 } = di(r2, i2), o2 = new fi(r2.level, r2.sn, r2.stats.chunkCount + 1, 0, i2 ? i2.index : -1, !n2, r2.duration, this.iframesOnly, a2);
    this.log(`load complete ${r2.type} sn: ${r2.sn}${i2 ? " part: " + i2.index : ""} of ${this.fragInfo(r2, false, i2)}`), e2.flush(o2);
  }
  _handleFragmentLoadProgress(t2) {
  }
  loadKeyFor(t2, e2, r2) {
    var i2;
    let s2 = null;
    return !t2.encrypted || null != (i2 = t2.decryptdata) && i2.key ? t2.encrypted || (s2 = this.keyLoader.loadClear(t2, e2.encryptedFragments, this.startFragRequested), s2 && this.log(`[eme] blocking frag sn: ${t2.sn} load until media-keys acquired`)) : (this.log(`Loading key for ${t2.sn} of [${e2.startSN}-${e2.endSN}], ${this.playlistLabel()} ${t2.level}`), this.state = Ei.KEY_LOADING, s2 = this.keyLoader.load(t2, r2).then(((t3) => {
      if (!this.fragContextChanged(t3.frag)) return this.hls.trigger(n.KEY_LOADED, t3), this.state === Ei.KEY_LOADING && (this.state = Ei.IDLE), t3;
    })), this.hls.trigger(n.KEY_LOADING, { frag: t2 })), s2;
  }
  _doFragLoad(e2, r2, i2 = null, s2) {
    this.fragCurrent = e2;
    const a2 = r2.details;
    if (!this.levels || !a2) throw new Error(`frag load aborted, missing level${a2 ? "" : " detail"}s`);
    const o2 = this.fragPrevious;
    if (!S(e2, o2)) {
      const t2 = this.shouldLoadParts(r2.details, e2.end);
      t2 !== this.loadingParts && (this.log(`LL-Part loading ${t2 ? "ON" : "OFF"} loading sn ${null == o2 ? void 0 : o2.sn}->${e2.sn}`), this.loadingParts = t2);
    }
    if (i2 = Math.max(e2.start, i2 || 0), this.loadingParts) {
      const t2 = a2.partList;
      if (t2 && s2) {
        i2 > a2.fragmentEnd && a2.fragmentHint && (e2 = a2.fragmentHint);
        const l3 = this.getNextPart(t2, e2, i2);
        if (l3 > -1) {
          const d3 = t2[l3];
          if (!S(e2 = this.fragCurrent = d3.fragment, o2) && !this.shouldLoadParts(r2.details, e2.end)) return this.log(`LL-Part loading OFF @${this.playhead} next part: ${this.fragInfo(e2, false, d3)}`), this.loadingParts = false, Promise.resolve(null);
          if (!this.filterReplacedPrimary(d3, r2.details)) return Promise.resolve(null);
          const h3 = this.loadKeyFor(e2, a2);
          if (this.fragContextChanged(e2)) return Promise.resolve(null);
          let u3;
          this.log(`Loading ${e2.type} sn: ${e2.sn} part: ${d3.index} (${l3}/${t2.length - 1}) of ${this.fragInfo(e2, false, d3)} cc: ${e2.cc} [${a2.startSN}-${a2.endSN}], target: ${i2}${d3.byteRange.length ? ` range:${d3.byteRange.join("-")}` : ""}`), this.nextLoadPosition = d3.start + d3.duration, this.state = Ei.FRAG_LOADING;
          const c3 = this.loadInitSegmentIfNeeded(e2);
          if (h3 || c3) {
            const t3 = !!h3;
            u3 = Promise.all([h3, c3]).then((([i3]) => !t3 || i3 && !this.fragContextChanged(i3.frag) ? this.doFragPartsLoad(e2, d3, r2, s2) : null)).catch(((t4) => this.handleFragLoadError(t4, e2)));
          } else u3 = this.doFragPartsLoad(e2, d3, r2, s2).catch(((t3) => this.handleFragLoadError(t3, e2)));
          return this.hls.trigger(n.FRAG_LOADING, { frag: e2, part: d3, targetBufferTime: i2 }), null === this.fragCurrent ? Promise.reject(new Error("frag load aborted, context changed in FRAG_LOADING parts")) : u3;
        }
        if (!e2.url || this.loadedEndOfParts(t2, i2)) return Promise.resolve(null);
      }
    }
    var l2;
    if (this.loadingParts) this.log(`LL-Part loading OFF after next part miss @${i2} Check buffer at sn: ${e2.sn} loaded parts: ${null == (l2 = a2.partList) ? void 0 : l2.filter(((t2) => t2.loaded)).map(((t2) => `[${t2.start}-${t2.end}]`))}`), this.loadingParts = false;
    else if (!e2.url) return Promise.resolve(null);
    if (!this.filterReplacedPrimary(e2, r2.details)) return Promise.resolve(null);
    const d2 = this.loadInitSegmentIfNeeded(e2), h2 = this.loadKeyFor(e2, a2, d2);
    var u2;
    if (this.fragContextChanged(e2)) return this.log(`Context changed in KEY_LOADING sn: ${e2.sn} ${e2.relurl} > ${null == (u2 = this.fragCurrent) ? void 0 : u2.relurl}`), null == d2 || d2.catch((() => null)), null == h2 || h2.catch((() => null)), Promise.resolve(null);
    this.log(`Loading ${e2.type} sn: ${e2.sn} of ${this.fragInfo(e2, false)} cc: ${e2.cc} ${"[" + a2.startSN + "-" + a2.endSN + "]"}, target: ${i2}${e2.byteRange.length ? ` range:${e2.byteRange.join("-")}` : ""}`), t(e2.sn) && !this.bitrateTest && (this.nextLoadPosition = e2.start + e2.duration), this.state = Ei.FRAG_LOADING;
    const c2 = this.config.progressive && e2.type !== v.SUBTITLE;
    let f2;
    return f2 = c2 && h2 ? h2.then(((t2) => !t2 || this.fragContextChanged(t2.frag) ? null : this.fragmentLoader.load(e2, this.iframesOnly, s2, d2))).catch(((t2) => this.handleFragLoadError(t2, e2))) : Promise.all([this.fragmentLoader.load(e2, this.iframesOnly, c2 ? s2 : void 0, c2 ? d2 : void 0), h2, d2]).then((([t2]) => (!c2 && s2 && s2(t2), t2))).catch(((t2) => this.handleFragLoadError(t2, e2))), this.hls.trigger(n.FRAG_LOADING, { frag: e2, targetBufferTime: i2 }), null === this.fragCurrent ? Promise.reject(new Error("frag load aborted, context changed in FRAG_LOADING")) : Promise.all([f2, d2]).then((([t2]) => t2));
  }
  doFragPartsLoad(t2, e2, r2, i2) {
    return new Promise(((s2, a2) => {
      var o2;
      const l2 = [], d2 = null == (o2 = r2.details) ? void 0 : o2.partList, h2 = (e3) => {
        this.fragmentLoader.loadPart(t2, e3, i2).then(((i3) => {
          l2[e3.index] = i3;
          const a3 = i3.part;
          this.hls.trigger(n.FRAG_LOADED, i3);
          const o3 = br(r2.details, t2.sn, e3.index + 1) || Dr(d2, t2.sn, e3.index + 1);
          if (!o3) return s2({ frag: t2, part: a3, partsLoaded: l2 });
          h2(o3);
        })).catch(a2);
      };
      h2(e2);
    }));
  }
  handleFragLoadError(t2, e2) {
    if ("data" in t2) {
      const r2 = t2.data;
      r2.details === s.INTERNAL_ABORTED ? this.handleFragLoadAborted(e2, r2.part) : r2.type !== i.KEY_SYSTEM_ERROR || r2.fatal || (e2.abortRequests(), this.resetStartWhenNotLoaded(), this.resetFragmentLoading(e2)), r2.frag !== e2 ? (r2.frag && this.warn(`${r2.details} error cascading from ${this.fragInfo(r2.frag, false, r2.part)} to ${this.fragInfo(e2, false)}`), this.hls.trigger(n.ERROR, _(_({}, r2), {}, { frag: e2 }))) : this.hls.trigger(n.ERROR, r2);
    } else this.hls.trigger(n.ERROR, { type: i.OTHER_ERROR, details: s.INTERNAL_EXCEPTION, err: t2, error: t2, fatal: true });
    return null;
  }
  _handleTransmuxerFlush(t2) {
    const e2 = this.getCurrentContext(t2);
    if (!e2 || this.state !== Ei.PARSING) return void (this.fragCurrent || this.state === Ei.STOPPED || this.state === Ei.ERROR || (this.state = Ei.IDLE));
    const { frag: r2, part: i2, level: s2 } = e2, n2 = self.performance.now();
    r2.stats.parsing.end = n2, i2 && (i2.stats.parsing.end = n2);
    const a2 = this.getLevelDetails(), o2 = a2 && r2.sn > a2.endSN || this.shouldLoadParts(a2, r2.end);
    o2 !== this.loadingParts && (this.log(`LL-Part loading ${o2 ? "ON" : "OFF"} after parsing segment ending @${r2.end}`), this.loadingParts = o2), this.updateLevelTiming(r2, i2, s2, t2);
  }
  shouldLoadParts(t2, e2) {
    if (this.config.lowLatencyMode) {
      if (!t2) return this.loadingParts;
      if (t2.partList && !this.iframesOnly) {
        var r2;
        const i2 = t2.partList[0];
        if (e2 >= i2.end + ((null == (r2 = t2.fragmentHint) ? void 0 : r2.duration) || 0)) {
          if (this.playhead > i2.start - i2.fragment.duration) return true;
        }
      }
    }
    return false;
  }
  getCurrentContext(t2) {
    const { levels: e2, fragCurrent: r2 } = this, { level: i2, sn: s2, part: n2 } = t2;
    if (null == e2 || !e2[i2]) return this.warn(`Levels object was unset while buffering fragment ${s2} of ${this.playlistLabel()} ${i2}. The current chunk will not be buffered.`), null;
    const a2 = e2[i2], o2 = a2.details, l2 = n2 > -1 ? br(o2, s2, n2) : null, d2 = l2 ? l2.fragment : Rr(o2, s2, r2);
    return d2 ? (r2 && r2 !== d2 && (d2.stats = r2.stats), { frag: d2, part: l2, level: a2 }) : null;
  }
  bufferFragmentData(t2, e2, r2, i2, s2) {
    if (this.state !== Ei.PARSING) return;
    T(e2) && !this.fragContextChanged(e2) && (this.fragPrevious = e2);
    const { data1: a2, data2: o2 } = t2;
    let l2 = a2;
    if (o2 && (l2 = Yt(a2, o2)), !l2.length) return;
    const d2 = this.initPTS[e2.cc], h2 = d2 ? -d2.baseTime / d2.timescale : void 0, u2 = { type: t2.type, frag: e2, part: r2, chunkMeta: i2, offset: h2, parent: e2.type, data: l2 };
    if (this.hls.trigger(n.BUFFER_APPENDING, u2), t2.dropped && t2.independent && !r2) {
      if (s2) return;
      this.flushBufferGap(e2);
    }
  }
  flushBufferGap(t2) {
    const e2 = this.media;
    if (!e2) return;
    if (!wr.isBuffered(e2, e2.currentTime)) return void this.flushMainBuffer(0, t2.start);
    const r2 = e2.currentTime, i2 = wr.bufferInfo(e2, r2, 0), s2 = t2.duration, n2 = Math.min(2 * this.config.maxFragLookUpTolerance, 0.25 * s2), a2 = Math.max(Math.min(t2.start - n2, i2.end - n2), r2 + n2);
    t2.start - a2 > n2 && this.flushMainBuffer(a2, t2.start);
  }
  getFwdBufferInfo(t2, e2) {
    var r2;
    const i2 = this.playhead, s2 = this.lastCurrentTime > i2 || null != (r2 = this.media) && r2.paused ? 0 : this.config.maxBufferHole;
    return this.getFwdBufferInfoAtPos(t2, i2, e2, s2);
  }
  getFwdBufferInfoAtPos(t2, e2, r2, i2) {
    const s2 = wr.bufferInfo(t2, e2, i2);
    if (0 === s2.len && void 0 !== s2.nextStart) {
      const n2 = this.fragmentTracker.getBufferedFrag(e2, r2);
      if (n2 && (s2.nextStart <= n2.end || n2.gap)) {
        const r3 = Math.max(Math.min(s2.nextStart, n2.end) - e2, i2);
        return wr.bufferInfo(t2, e2, r3);
      }
    }
    return s2;
  }
  getMaxBufferLength(t2) {
    const { config: e2 } = this;
    let r2;
    return r2 = t2 ? Math.max(8 * e2.maxBufferSize / t2, e2.maxBufferLength) : e2.maxBufferLength, Math.min(r2, e2.maxMaxBufferLength);
  }
  exceedsMaxBuffer(t2, e2, r2) {
    const i2 = t2.nextStart;
    if (i2 && r2.start > i2) {
      const i3 = t2.buffered;
      if (i3) {
        let s2 = t2.len;
        const n2 = t2.bufferedIndex;
        for (let t3 = i3.length - 1; t3 > n2; t3--) i3[t3].start < r2.start && (s2 += i3[t3].end - i3[t3].start);
        return s2 >= e2;
      }
    }
    return false;
  }
  reduceMaxBufferLength(t2, e2) {
    const r2 = this.config, i2 = Math.max(Math.min(t2 - e2, r2.maxBufferLength), e2 / 2), s2 = Math.max(t2 - 3 * e2, r2.maxMaxBufferLength / 2, i2);
    return s2 >= i2 && (r2.maxMaxBufferLength = s2, this.warn(`Reduce max buffer length to ${s2}s`), true);
  }
  getAppendedFrag(t2) {
    const e2 = this.fragmentTracker ? this.fragmentTracker.getAppendedFrag(t2, this.playlistType) : null;
    return e2 && "fragment" in e2 ? e2.fragment : e2;
  }
  getNextFragment(t2, e2) {
    const r2 = e2.fragments, i2 = r2.length;
    if (!i2) return null;
    const { config: s2 } = this, n2 = e2.fragmentStart, a2 = s2.lowLatencyMode && !!e2.partList;
    let o2 = null;
    if (e2.live) {
      const r3 = s2.initialLiveManifestSize;
      if (i2 < r3) return this.warn(`Not enough fragments to start playback (have: ${i2}, need: ${r3})`), null;
      if (this.startFragRequested || !a2 || this.loadingParts || (this.log("LL-Part loading ON for initial live fragment"), this.loadingParts = true), !e2.PTSKnown && !this.startFragRequested && -1 === this.startPosition || t2 < n2) {
        var l2;
        o2 = this.getInitialLiveFragment(e2);
        const r4 = this.config.startPosition, i3 = this.hls.startPosition, s3 = this.hls.liveSyncPosition, a3 = (null == (l2 = o2) ? void 0 : l2.start) || 0;
        let d3, h3;
        if (-1 !== i3 && i3 >= n2 ? (d3 = i3, h3 = i3 === r4 ? "config" : "next load start") : s3 ? (d3 = s3, h3 = "live edge") : (d3 = t2, h3 = "buffer pos"), d3 < a3 && (d3 = a3, h3 = "live frag start"), d3 < n2 && (d3 = n2, h3 = "playlist start"), this.startPosition != d3 || this.nextLoadPosition != d3) {
          const l3 = e2.live && !this.filterReplacedPrimary(o2, e2) ? -1 : d3;
          this.log(`Setting startPosition to ${l3} next load ${d3} ${-1 === i3 ? "" : `(from ${r4}) `}based on ${h3}. live edge: ${s3} live frag start: ${a3} playlist start: ${n2} buffer pos: ${t2}`), this.startPosition = l3, this.nextLoadPosition = d3;
        }
      }
    } else t2 <= n2 && (o2 = r2[0]);
    if (!o2) {
      const r3 = this.loadingParts ? e2.partEnd : e2.fragmentEnd;
      o2 = this.getFragmentAtPosition(t2, r3, e2);
    }
    let d2 = this.filterReplacedPrimary(o2, e2);
    var h2, u2;
    return !d2 && o2 && (h2 = e2, d2 = (u2 = o2.sn) === h2.endSN && h2.fragmentHint ? h2.fragmentHint : h2.fragments[1 + u2 - h2.startSN] || null, d2 && (this.nextLoadPosition = d2.start)), d2;
  }
  isLoopLoading(t2, e2) {
    if (this.nextLoadPosition <= e2) return false;
    const r2 = this.fragmentTracker.getState(t2);
    if (r2 === Qr) return true;
    if (r2 === Xr) {
      if (t2.gap) return true;
      if (t2.stats.retry > 1) return true;
    }
    return false;
  }
  getNextFragmentLoopLoading(t2, e2, r2, i2, s2) {
    let n2 = null;
    if (t2.gap && (n2 = this.getNextFragment(this.nextLoadPosition, e2), n2 && !n2.gap && r2.nextStart)) {
      const t3 = this.getFwdBufferInfoAtPos(this.mediaBuffer ? this.mediaBuffer : this.media, r2.nextStart, i2, 0);
      if (null !== t3 && r2.len + t3.len >= s2) {
        const t4 = n2.sn;
        return this.loopSn !== t4 && (this.log(`buffer full after gaps in "${i2}" playlist starting at sn: ${t4}`), this.loopSn = t4), null;
      }
    }
    return this.loopSn = void 0, n2;
  }
  get primaryPrefetch() {
    return this.config, false;
  }
  filterReplacedPrimary(t2, e2) {
    return t2 ? (this.config, t2) : t2;
  }
  getNextPart(t2, e2, r2) {
    let i2 = -1, s2 = false, n2 = true;
    for (let a3 = 0, o2 = t2.length; a3 < o2; a3++) {
      const o3 = t2[a3];
      if (n2 = n2 && !o3.independent, i2 > -1 && r2 < o3.start) break;
      const l2 = o3.loaded || o3.gap;
      l2 ? i2 = -1 : (s2 || (o3.independent || n2) && o3.fragment === e2) && (i2 = a3), s2 = l2 && !o3.gap;
    }
    const a2 = t2[i2];
    return a2 && a2.fragment !== e2 && this.log(`Need buffer at ${r2} but next unloaded part starts at ${a2.start} (sn: ${e2.sn} -> ${a2.fragment.sn})`), i2;
  }
  loadedEndOfParts(t2, e2) {
    let r2;
    for (let i2 = t2.length; i2--; ) {
      if (r2 = t2[i2], !r2.loaded) return false;
      if (e2 > r2.start) return true;
    }
    return false;
  }
  getInitialLiveFragment(e2) {
    const r2 = e2.fragments, i2 = this.fragPrevious;
    let s2 = null;
    if (i2) {
      if (e2.hasProgramDateTime && (s2 = (function(e3, r3, i3) {
        if (null === r3 || !Array.isArray(e3) || !e3.length || !t(r3)) return null;
        if (r3 < (e3[0].programDateTime || 0)) return null;
        if (r3 >= (e3[e3.length - 1].endProgramDateTime || 0)) return null;
        for (let t2 = 0; t2 < e3.length; ++t2) {
          const s3 = e3[t2];
          if (xe(r3, i3, s3)) return s3;
        }
        return null;
      })(r2, i2.endProgramDateTime, this.config.maxFragLookUpTolerance), s2 && this.log(`Live playlist, switching playlist, load frag with same PDT: ${i2.programDateTime}`)), !s2) {
        const t2 = i2.sn + 1;
        if (t2 >= e2.startSN && t2 <= e2.endSN) {
          const n2 = r2[t2 - e2.startSN];
          i2.cc === n2.cc && (s2 = n2, this.log(`Live playlist, switching playlist, load frag with next SN: ${s2.sn}`));
        }
        s2 || (s2 = (function(t3, e3, r3) {
          if (t3 && t3.startCC <= e3 && t3.endCC >= e3) {
            let i3 = t3.fragments;
            const { fragmentHint: s3 } = t3;
            let n2;
            return s3 && (i3 = i3.concat(s3)), _e(i3, ((t4) => t4.cc < e3 ? 1 : t4.cc > e3 ? -1 : (n2 = t4, t4.end <= r3 ? 1 : t4.start > r3 ? -1 : 0))), n2 || null;
          }
          return null;
        })(e2, i2.cc, i2.end), s2 && this.log(`Live playlist, switching playlist, load frag with same CC: ${s2.sn}`));
      }
    } else {
      const t2 = this.hls.liveSyncPosition;
      null !== t2 && (s2 = this.getFragmentAtPosition(t2, this.bitrateTest ? e2.fragmentEnd : e2.edge, e2));
    }
    return s2;
  }
  getFragmentAtPosition(t2, e2, r2) {
    const { config: i2 } = this;
    let { fragPrevious: s2 } = this, { fragments: n2, endSN: a2 } = r2;
    const { fragmentHint: o2 } = r2, { maxFragLookUpTolerance: l2 } = i2, d2 = r2.partList, h2 = !!(this.loadingParts && null != d2 && d2.length && o2);
    let u2;
    if (h2 && !this.bitrateTest && d2[d2.length - 1].fragment.sn === o2.sn && (n2 = n2.concat(o2), a2 = o2.sn), s2 && this.fragmentTracker.getState(s2) === qr && (s2 = null), t2 < e2) {
      var c2;
      u2 = Ce(s2, n2, t2, t2 < this.lastCurrentTime || t2 > e2 - l2 || null != (c2 = this.media) && c2.paused || this.loadingParts || !this.startFragRequested ? 0 : l2);
    } else u2 = n2[n2.length - 1];
    if (u2) {
      const t3 = u2.sn, e3 = t3 - r2.startSN, i3 = this.fragmentTracker.getState(u2);
      if ((i3 === Qr || i3 === Xr && u2.gap) && (s2 = u2), S(u2, s2) && (!h2 || d2[0].fragment.sn > t3 || !r2.live || !d2.some(((e4) => e4.fragment.sn === t3 && !e4.loaded && !e4.gap)))) {
        const t4 = n2[e3 + 1];
        u2 = u2.sn < a2 && this.fragmentTracker.getState(t4) !== Qr ? t4 : null;
      }
    }
    return u2;
  }
  alignPlaylists(e2, r2, i2) {
    const s2 = e2.fragments.length;
    if (!s2) return this.warn("No fragments in live playlist"), 0;
    const n2 = e2.fragmentStart, a2 = !r2, o2 = e2.alignedSliding && t(n2);
    if (a2 || !o2 && !n2) {
      vi(i2, e2, this);
      const t2 = e2.fragmentStart;
      return this.log(`Live playlist sliding: ${t2} start-sn: ${r2 ? r2.startSN : "na"}->${e2.startSN} fragments: ${s2}`), t2;
    }
    return n2;
  }
  waitForCdnTuneIn(t2) {
    return t2.live && t2.canBlockReload && t2.partTarget && t2.tuneInGoal > Math.max(t2.partHoldBack, 3 * t2.partTarget);
  }
  setStartPosition(e2, r2) {
    let i2 = this.startPosition;
    i2 < r2 && (i2 = -1);
    const s2 = this.timelineOffset;
    if (-1 === i2) {
      const n2 = null !== this.startTimeOffset, a2 = n2 ? this.startTimeOffset : e2.startTimeOffset;
      if (null !== a2 && t(a2)) i2 = r2 + a2, a2 < 0 && (i2 += e2.edge), i2 = Math.min(Math.max(r2, i2), r2 + e2.totalduration), this.log(`Setting startPosition to ${i2} for start time offset ${a2} found in ${n2 ? "multivariant" : "media"} playlist`), this.startPosition = i2;
      else if (e2.live) {
        const t2 = this.hls.liveSyncPosition;
        i2 = t2 || r2, this.log(`Setting startPosition to -1 to start at ${t2 ? "live edge" : "playlist start"} ${i2}`), this.startPosition = -1;
      } else this.log("setting startPosition to 0 by default"), this.startPosition = i2 = 0;
      this.lastCurrentTime = i2 + s2;
    }
    this.nextLoadPosition = i2 + s2;
  }
  getLoadPosition() {
    var t2;
    const { media: e2 } = this;
    let r2 = 0;
    return null != (t2 = this.hls) && t2.hasEnoughToStart && e2 && !this.iframesOnly ? r2 = e2.currentTime : this.nextLoadPosition >= 0 && (r2 = this.nextLoadPosition), r2;
  }
  get playhead() {
    var e2;
    if (null != (e2 = this.hls) && e2.hasEnoughToStart) {
      var r2;
      const e3 = null == (r2 = this.media) ? void 0 : r2.currentTime;
      return t(e3) ? e3 : this.lastCurrentTime;
    }
    return this.getLoadPosition();
  }
  get iframesOnly() {
    var t2;
    if (this.playlistType !== v.MAIN) return false;
    const e2 = this.getLevelDetails();
    return e2 ? e2.iframesOnly : null == (t2 = this.levelLastLoaded) ? void 0 : t2.iframes;
  }
  handleFragLoadAborted(t2, e2) {
    this.transmuxer && t2.type === this.playlistType && T(t2) && t2.stats.aborted && (this.log(`Fragment ${t2.sn}${e2 ? " part " + e2.index : ""} of ${this.playlistLabel()} ${t2.level} was aborted`), this.resetFragmentLoading(t2));
  }
  resetFragmentLoading(t2) {
    this.state !== Ei.STOPPED && (this.fragCurrent && (this.fragContextChanged(t2) || this.state === Ei.FRAG_LOADING_WAITING_RETRY) || (this.state = Ei.IDLE));
  }
  onFragmentOrKeyLoadError(t2, e2) {
    if (e2.chunkMeta && !e2.frag) {
      const t3 = this.getCurrentContext(e2.chunkMeta);
      t3 && (e2.frag = t3.frag);
    }
    const { frag: r2, part: i2 } = e2;
    if (!r2 || !this.levels || r2.type !== t2) return;
    var n2;
    if (this.fragContextChanged(r2)) return void this.warn(`Frag load error must match current frag to retry ${r2.relurl} > ${null == (n2 = this.fragCurrent) ? void 0 : n2.relurl}`);
    const a2 = e2.details === s.FRAG_GAP;
    a2 && this.fragmentTracker.addAsGap(r2);
    const o2 = e2.errorAction;
    if (!o2) return void (this.state = Ei.ERROR);
    const { action: l2, flags: d2, retryCount: h2 = 0, retryConfig: u2 } = o2, c2 = !!u2, f2 = c2 && l2 === we.RetryRequest, g2 = c2 && !o2.resolved && d2 & Oe.MoveAllAlternatesMatchingHost, m2 = this.hls.latestLevelDetails, p2 = null == m2 ? void 0 : m2.live;
    if (!f2 && g2 && T(r2) && p2 && r2.sn < m2.endSN && !x(e2)) this.resetFragmentErrors(t2), i2 ? i2.gap = true : this.treatAsGap(r2), o2.resolved = true;
    else if ((f2 || g2) && h2 < u2.maxNumRetry) {
      var v2;
      const i3 = N(null == (v2 = e2.response) ? void 0 : v2.code), s2 = O(u2, h2);
      if (this.resetStartWhenNotLoaded(), this.retryDate = self.performance.now() + s2, this.state = Ei.FRAG_LOADING_WAITING_RETRY, o2.resolved = true, i3) return this.log("Waiting for connection (offline)"), this.retryDate = 1 / 0, void (e2.reason = "offline");
      this.warn(`Fragment ${r2.sn} of ${t2} ${r2.level} errored with ${e2.details}, retrying loading ${h2 + 1}/${u2.maxNumRetry} in ${s2}ms`);
    } else if (u2) {
      if (this.resetFragmentErrors(t2), !(h2 < u2.maxNumRetry)) return void this.warn(`${e2.details} reached or exceeded max retry (${h2})`);
      a2 || l2 === we.RemoveAlternatePermanently || (o2.resolved = true);
    } else this.state = l2 === we.SendAlternateToPenaltyBox ? Ei.WAITING_LEVEL : Ei.ERROR;
    this.tickImmediate();
  }
  onSourceBufferError(t2, e2) {
    var r2, i2;
    const { frag: s2, part: n2, sourceBufferName: a2 } = e2, o2 = s2 && (null == (r2 = this.levels) || null == (r2 = r2[s2.level]) ? void 0 : r2.details);
    if (e2.error.name !== Br || (null == s2 ? void 0 : s2.type) !== t2 || !T(s2) || null == o2 || !o2.live) return;
    const l2 = n2 ? 0 === n2.index ? n2 : null : s2, d2 = l2 && a2 ? null == (i2 = l2.elementaryStreams[a2]) ? void 0 : i2.startPTS : void 0;
    if (this.markSourceBufferErrorGap(Rr(o2, s2.sn) || s2), void 0 === d2) return;
    const h2 = Rr(o2, s2.sn - 1);
    h2 && this.fragmentTracker.getState(h2) !== qr && !wr.isBuffered(this.mediaBuffer || this.media, d2 - this.config.maxBufferHole) && this.markSourceBufferErrorGap(h2);
  }
  markSourceBufferErrorGap(t2) {
    this.warn(`Marking fragment ${t2.sn} of ${this.playlistLabel()} ${t2.level} as a gap after a SourceBuffer error`), this.fragmentTracker.addAsGap(t2);
  }
  checkRetryDate() {
    const t2 = self.performance.now(), e2 = this.retryDate, r2 = e2 === 1 / 0;
    (!e2 || t2 >= e2 || r2 && !N(0)) && (r2 && this.log("Connection restored (online)"), this.resetStartWhenNotLoaded(), this.state = Ei.IDLE);
  }
  reduceLengthAndFlushBuffer(t2) {
    if (this.state === Ei.PARSING || this.state === Ei.PARSED) {
      const e2 = t2.frag, r2 = t2.parent, i2 = this.getFwdBufferInfo(this.mediaBuffer, r2), s2 = i2 && i2.len > 0.5;
      s2 && this.reduceMaxBufferLength(i2.len, (null == e2 ? void 0 : e2.duration) || 10);
      const n2 = !s2;
      return n2 ? this.warn(`Buffer full error while media.currentTime (${this.playhead}) is not buffered, flush ${r2} buffer`) : i2.nextStart && e2 && i2.nextStart > e2.start && this.flushMainBuffer(i2.nextStart, Number.POSITIVE_INFINITY, r2 === v.AUDIO ? r2 : void 0), e2 && (this.fragmentTracker.removeFragment(e2), this.nextLoadPosition = e2.start), this.resetLoadingState(), n2;
    }
    return false;
  }
  resetFragmentErrors(t2) {
    t2 === v.AUDIO && (this.fragCurrent = null), this.hls.hasEnoughToStart || (this.startFragRequested = false), this.state !== Ei.STOPPED && (this.state = Ei.IDLE);
  }
  afterBufferFlushed(t2, e2) {
    if (!t2) return;
    const r2 = wr.getBuffered(t2);
    this.fragmentTracker.detectEvictedFragments(e2, r2, this.playlistType), this.state === Ei.ENDED && this.resetLoadingState();
  }
  resetLoadingState() {
    this.log("Reset loading state"), this.fragCurrent = null, this.fragPrevious = null, this.state !== Ei.STOPPED && (this.state = Ei.IDLE);
  }
  resetStartWhenNotLoaded() {
    if (!this.hls.hasEnoughToStart) {
      this.startFragRequested = false;
      const t2 = this.getLevelDetails();
      null != t2 && t2.live ? (this.log("resetting startPosition for live start"), this.startPosition = -1, this.setStartPosition(t2, t2.fragmentStart), this.resetLoadingState()) : this.nextLoadPosition = this.startPosition;
    }
  }
  resetWhenMissingContext(t2) {
    this.log(`Loading context changed while buffering sn ${t2.sn} of ${this.playlistLabel()} ${-1 === t2.level ? "<removed>" : t2.level}. This chunk will not be buffered.`), this.removeUnbufferedFrags(), this.resetStartWhenNotLoaded(), this.resetLoadingState();
  }
  removeUnbufferedFrags(t2 = 0) {
    this.fragmentTracker.removeFragmentsInRange(t2, 1 / 0, this.playlistType, false, true);
  }
  updateLevelTiming(t2, e2, r2, a2) {
    const o2 = r2.details;
    if (!o2) return void this.warn("level.details undefined");
    this.log(`update level timing ${t2.type} sn: ${t2.sn}${e2 ? " part: " + e2.index : ""} of ${this.fragInfo(t2, false, e2)}`);
    if (!Object.keys(t2.elementaryStreams).reduce(((i2, s2) => {
      const l3 = t2.elementaryStreams[s2];
      if (l3) {
        const d3 = l3.endPTS - l3.startPTS;
        if (d3 <= 0) return this.warn(`Could not parse fragment ${t2.sn} ${s2} duration reliably (${d3})`), i2 || false;
        let h3 = 0;
        return a2.partial ? e2 && 0 === a2.part && (h3 = e2.start - l3.startPTS, t2.startPTS = t2.maxStartPTS = l3.startPTS, t2.startDTS = l3.startDTS, 0 !== t2.start && t2.setStart(l3.startPTS), yr(o2, t2, h3)) : h3 = Er(o2, t2, l3.startPTS, l3.endPTS, l3.startDTS, l3.endDTS, this.iframesOnly, this), this.hls.trigger(n.LEVEL_PTS_UPDATED, { details: o2, level: r2, drift: h3, type: s2, frag: t2, part: e2, start: l3.startPTS, end: l3.endPTS }), true;
      }
      return i2;
    }), false)) {
      var l2, d2, h2, u2;
      const a3 = null === (null == (l2 = this.transmuxer) ? void 0 : l2.error), o3 = null != (null == (d2 = this.transmuxer) ? void 0 : d2.error), c2 = (null != (h2 = null == (u2 = this.levels) ? void 0 : u2.length) ? h2 : 0) > 1;
      if ((0 === r2.fragmentError || a3 && (r2.fragmentError < 2 || t2.endList) || o3 && c2) && this.treatAsGap(t2, r2), a3) {
        const a4 = new Error(`Found no media in ${this.playlistLabel()} ${t2.level} ${e2 ? `part: ${e2.index} of ` : ""}sn: ${t2.sn} at playlist time: ${t2.start}. Resetting transmuxer to fallback to playlist timing`);
        if (this.warn(a4.message), this.hls.trigger(n.ERROR, { type: i.MEDIA_ERROR, details: s.FRAG_PARSING_ERROR, fatal: false, error: a4, frag: t2, reason: `Found no media in msn ${t2.sn} of ${this.playlistLabel()} "${r2.url}"` }), !this.hls) return;
        this.resetTransmuxer();
      }
    }
    this.state = Ei.PARSED, this.log(`Parsed ${t2.type} sn: ${t2.sn}${e2 ? " part: " + e2.index : ""} of ${this.fragInfo(t2, false, e2)}`), this.hls.trigger(n.FRAG_PARSED, { frag: t2, part: e2, chunkMeta: a2 });
  }
  playlistLabel() {
    return `${this.playlistType} playlist`;
  }
  fragInfo(t2, e2 = true, r2) {
    var i2, s2;
    return `${t2.type} playlist ${t2.level} (${r2 ? "part" : "frag"}:[${null != (i2 = e2 && !r2 ? t2.startPTS : (r2 || t2).start) ? i2 : NaN}-${null != (s2 = e2 && !r2 ? t2.endPTS : (r2 || t2).end) ? s2 : NaN}]${r2 && "main" === t2.type ? "INDEPENDENT=" + (r2.independent ? "YES" : "NO") : ""})`;
  }
  treatAsGap(t2, e2) {
    e2 && e2.fragmentError++, this.fragmentTracker.addAsGap(t2);
  }
  resetTransmuxer() {
    var t2;
    null == (t2 = this.transmuxer) || t2.reset();
  }
  isFragmentNearlyDownloaded(t2) {
    var e2;
    const r2 = null == (e2 = t2.loader) ? void 0 : e2.stats;
    if (!r2) return false;
    if (r2.total <= 0) return false;
    const i2 = r2.loading.first > 0, s2 = 8 * (r2.total - r2.loaded) / (this.hls.bandwidthEstimate || this.hls.config.abrEwmaDefaultEstimate);
    return i2 && s2 <= 0.15;
  }
  recoverWorkerError(t2) {
    "demuxerWorker" === t2.event && (this.fragmentTracker.removeAllFragments(), this.transmuxer && (this.transmuxer.destroy(), this.transmuxer = null), this.resetStartWhenNotLoaded(), this.resetLoadingState());
  }
  set state(t2) {
    const e2 = this._state;
    e2 !== t2 && (this._state = t2, this.log(`${e2}->${t2}`));
  }
  get state() {
    return this._state;
  }
  calculateOptimalSwitchPoint(t2, e2) {
    let r2 = 0;
    const { hls: i2, media: s2, config: n2, levels: a2, playlistType: o2 } = this, l2 = this.getLevelDetails();
    if (s2 && !s2.paused && a2) {
      var d2;
      const e3 = o2 === v.AUDIO ? X.estimatedAudioBitrate(t2.audioCodec, 128e3) : t2.maxBitrate, s3 = 1 + i2.ttfbEstimate / 1e3, a3 = i2.bandwidthEstimate * n2.abrBandWidthUpFactor;
      r2 = s3 + e3 * (l2 && (this.loadingParts ? l2.partTarget : l2.averagetargetduration) || (null == (d2 = this.fragCurrent) ? void 0 : d2.duration) || 6) / a3, t2.details || (r2 += s3);
    }
    const h2 = this.playhead;
    return { fetchdelay: r2, okToFlushForwardBuffer: !(null != l2 && l2.live) || e2.end - h2 > 1.5 * r2 };
  }
  scheduleTrackSwitch(t2, e2, r2) {
    const { media: i2, playlistType: s2 } = this;
    if (!i2 || !t2) return;
    const n2 = r2 ? this.getBufferedFrag(this.playhead + e2) : null;
    if (n2) {
      const t3 = this.followingBufferedFrag(n2);
      if (t3) {
        var a2;
        this.abortCurrentFrag();
        const e3 = t3.maxStartPTS ? t3.maxStartPTS : t3.start, r3 = t3.duration, i3 = Math.max(n2.end, e3 + Math.min(Math.max(r3 - this.config.maxFragLookUpTolerance, r3 * (this.couldBacktrack ? 0.5 : 0.125)), r3 * (this.couldBacktrack ? 0.75 : 0.25)));
        if (((null == (a2 = this.getLevelDetails()) ? void 0 : a2.fragmentStart) || 0) > i3) return;
        const o2 = s2 === v.MAIN ? null : "audio";
        this.flushMainBuffer(i3, Number.POSITIVE_INFINITY, o2), this.cleanupBackBuffer();
      }
    }
  }
  cleanupBackBuffer() {
    const { media: t2, playlistType: e2 } = this;
    if (!t2) return;
    const r2 = this.getAppendedFrag(this.playhead);
    if (r2 && r2.start > 1) {
      const t3 = e2 === v.AUDIO;
      this.flushMainBuffer(0, r2.start - (t3 ? 0 : 1), t3 ? "audio" : null);
    }
  }
  getBufferedFrag(t2) {
    return this.fragmentTracker.getBufferedFrag(t2, this.playlistType);
  }
  followingBufferedFrag(t2) {
    return t2 ? this.getBufferedFrag(t2.end + 0.5) : null;
  }
  abortCurrentFrag() {
    var t2;
    const e2 = this.fragCurrent;
    switch (this.fragCurrent = null, e2 && (e2.abortRequests(), this.fragmentTracker.removeFragment(e2)), this.state) {
      case Ei.KEY_LOADING:
      case Ei.FRAG_LOADING:
      case Ei.FRAG_LOADING_WAITING_RETRY:
      case Ei.PARSING:
      case Ei.PARSED:
        this.state = Ei.IDLE;
    }
    this.nextLoadPosition = null != (t2 = this.hls) && t2.hasEnoughToStart ? this.playhead : this.lastCurrentTime;
  }
  checkFragPlaying() {
    const t2 = this.media;
    let e2 = null;
    if (t2 && t2.readyState > 1 && false === t2.seeking) {
      const r2 = t2.currentTime;
      if (wr.isBuffered(t2, r2) ? e2 = this.getAppendedFrag(r2) : wr.isBuffered(t2, r2 + 0.1) && (e2 = this.getAppendedFrag(r2 + 0.1)), e2 && (this.backtrackFragment = void 0, !S(e2, this.fragPlaying))) return this.fragPlaying = e2, true;
    }
    return false;
  }
  getBufferOutput() {
    return null;
  }
  nextLevelSwitch() {
    const { levels: t2, media: e2, hls: r2, config: i2, playlistType: s2 } = this;
    if (null != e2 && e2.readyState && t2 && r2 && i2) {
      const e3 = this.getBufferOutput(), i3 = this.getFwdBufferInfo(e3, s2);
      if (!i3) return;
      const n2 = t2[s2 === v.AUDIO ? r2.nextAudioTrack : r2.nextLoadLevel], { fetchdelay: a2, okToFlushForwardBuffer: o2 } = this.calculateOptimalSwitchPoint(n2, i3);
      this.scheduleTrackSwitch(i3, a2, o2);
    }
    this.tickImmediate();
  }
};
var Ti = class _Ti {
  constructor(t2) {
    this.hls = null, this.autoLevelCapping = void 0, this.media = void 0, this.restrictedLevels = void 0, this.timer = void 0, this.observer = void 0, this.clientRect = void 0, this.streamController = void 0, this.hls = t2, this.autoLevelCapping = Number.POSITIVE_INFINITY, this.media = null, this.restrictedLevels = [], this.clientRect = null, this.registerListeners();
  }
  setStreamController(t2) {
    this.streamController = t2;
  }
  destroy() {
    this.hls && this.unregisterListener(), (this.timer || this.observer) && this.stopCapping(), this.media = this.clientRect = this.hls = null, this.streamController = void 0;
  }
  registerListeners() {
    const { hls: t2 } = this;
    t2 && (t2.on(n.FPS_DROP_LEVEL_CAPPING, this.onFpsDropLevelCapping, this), t2.on(n.MEDIA_ATTACHING, this.onMediaAttaching, this), t2.on(n.MANIFEST_PARSED, this.onManifestParsed, this), t2.on(n.LEVELS_UPDATED, this.onLevelsUpdated, this), t2.on(n.BUFFER_CODECS, this.onBufferCodecs, this), t2.on(n.MEDIA_DETACHING, this.onMediaDetaching, this));
  }
  unregisterListener() {
    const { hls: t2 } = this;
    t2 && (t2.off(n.FPS_DROP_LEVEL_CAPPING, this.onFpsDropLevelCapping, this), t2.off(n.MEDIA_ATTACHING, this.onMediaAttaching, this), t2.off(n.MANIFEST_PARSED, this.onManifestParsed, this), t2.off(n.LEVELS_UPDATED, this.onLevelsUpdated, this), t2.off(n.BUFFER_CODECS, this.onBufferCodecs, this), t2.off(n.MEDIA_DETACHING, this.onMediaDetaching, this));
  }
  onFpsDropLevelCapping(t2, e2) {
    if (!this.hls) return;
    const r2 = this.hls.levels[e2.droppedLevel];
    this.isLevelAllowed(r2) && this.restrictedLevels.push({ bitrate: r2.bitrate, height: r2.height, width: r2.width });
  }
  onMediaAttaching(t2, e2) {
    const r2 = e2.media;
    this.clientRect = null, this.hls && (r2 instanceof HTMLVideoElement ? (this.media = r2, this.hls.config.capLevelToPlayerSize && this.observe()) : this.media = null, (this.timer || this.observer) && this.hls.levels.length > 1 && this.detectPlayerSize());
  }
  onManifestParsed(t2, e2) {
    this.restrictedLevels = [], e2.video && this.startCapping(), this.onLevelsUpdated();
  }
  onLevelsUpdated() {
    if (this.hls) {
      if ((this.timer || this.observer) && (t(this.autoLevelCapping) || this.clientRect)) this.detectPlayerSize();
      else if (void 0 === this.observer && void 0 === this.timer) {
        const t2 = this.hls.levels;
        t2.length > 1 && t2.some(((t3) => !!t3.videoCodec)) && this.startCapping();
      }
    }
  }
  onBufferCodecs(t2, e2) {
    e2.video && this.startCapping();
  }
  onMediaDetaching() {
    this.stopCapping(), this.media = null;
  }
  detectPlayerSize() {
    if (this.media) {
      if (this.mediaHeight <= 0 || this.mediaWidth <= 0 || !this.hls) return void (this.clientRect = null);
      const t2 = this.hls.levels;
      if (t2.length > 1) {
        const e2 = this.hls, r2 = this.getMaxLevel(t2.length - 1);
        r2 !== this.autoLevelCapping && e2.logger.log(`Setting autoLevelCapping to ${r2}: ${t2[r2].height}p@${t2[r2].bitrate} for media ${this.mediaWidth}x${this.mediaHeight}`), e2.autoLevelCapping = r2, e2.autoLevelEnabled && e2.autoLevelCapping > this.autoLevelCapping && this.streamController && this.streamController.nextLevelSwitch(), this.autoLevelCapping = e2.autoLevelCapping;
      } else 1 === t2.length && this.stopCapping();
    }
  }
  getMaxLevel(t2) {
    if (!this.hls) return -1;
    const e2 = this.hls.levels;
    if (!e2.length) return -1;
    const r2 = e2.filter(((e3, r3) => this.isLevelAllowed(e3) && r3 <= t2));
    return this.observer || (this.clientRect = null), _Ti.getMaxLevelByMediaSize(r2, this.mediaWidth, this.mediaHeight);
  }
  observe() {
    const t2 = self.ResizeObserver;
    t2 && (this.observer = new t2(((t3) => {
      var e2;
      const r2 = null == (e2 = t3[0]) ? void 0 : e2.contentRect;
      r2 && (this.clientRect = r2, this.detectPlayerSize());
    }))), this.observer && this.media && this.observer.observe(this.media);
  }
  startCapping() {
    var t2;
    this.timer || this.observer || null == (t2 = this.hls) || !t2.config.capLevelToPlayerSize || (self.clearInterval(this.timer), this.timer = void 0, this.autoLevelCapping = Number.POSITIVE_INFINITY, this.observe(), this.observer || (this.timer = self.setInterval(this.detectPlayerSize.bind(this), 1e3)), this.detectPlayerSize());
  }
  stopCapping() {
    this.restrictedLevels = [], this.autoLevelCapping = Number.POSITIVE_INFINITY, this.timer && (self.clearInterval(this.timer), this.timer = void 0), this.observer && (this.observer.disconnect(), this.observer = void 0);
  }
  getDimensions() {
    if (this.clientRect) return this.clientRect;
    const t2 = this.media, e2 = { width: 0, height: 0 };
    if (t2) {
      const r2 = t2.getBoundingClientRect();
      e2.width = r2.width, e2.height = r2.height, e2.width || e2.height || (e2.width = r2.right - r2.left || t2.width || 0, e2.height = r2.bottom - r2.top || t2.height || 0);
    }
    return this.clientRect = e2, e2;
  }
  get mediaWidth() {
    return this.getDimensions().width * this.contentScaleFactor;
  }
  get mediaHeight() {
    return this.getDimensions().height * this.contentScaleFactor;
  }
  get contentScaleFactor() {
    let t2 = 1;
    if (!this.hls) return t2;
    const { ignoreDevicePixelRatio: e2, maxDevicePixelRatio: r2 } = this.hls.config;
    if (!e2) try {
      t2 = self.devicePixelRatio;
    } catch (t3) {
    }
    return Math.min(t2, r2);
  }
  isLevelAllowed(t2) {
    return !this.restrictedLevels.some(((e2) => t2.bitrate === e2.bitrate && t2.width === e2.width && t2.height === e2.height));
  }
  static getMaxLevelByMediaSize(t2, e2, r2) {
    if (null == t2 || !t2.length) return -1;
    let i2 = t2.length - 1;
    const s2 = Math.max(e2, r2);
    for (let e3 = 0; e3 < t2.length; e3 += 1) {
      const r3 = t2[e3];
      if ((r3.width >= s2 || r3.height >= s2) && (n2 = r3, !(a2 = t2[e3 + 1]) || n2.width !== a2.width || n2.height !== a2.height)) {
        i2 = e3;
        break;
      }
    }
    var n2, a2;
    return i2;
  }
};
var Si = class extends G {
  constructor(t2) {
    super("content-steering", t2.logger), this.hls = void 0, this.loader = null, this.uri = null, this.pathwayId = ".", this._pathwayPriority = null, this.timeToLoad = 300, this.reloadTimer = -1, this.updated = 0, this.started = false, this.enabled = true, this.levels = null, this.audioTracks = null, this.subtitleTracks = null, this.penalizedPathways = {}, this.hls = t2, this.registerListeners();
  }
  registerListeners() {
    const t2 = this.hls;
    t2.on(n.MANIFEST_LOADING, this.onManifestLoading, this), t2.on(n.MANIFEST_LOADED, this.onManifestLoaded, this), t2.on(n.MANIFEST_PARSED, this.onManifestParsed, this), t2.on(n.ERROR, this.onError, this);
  }
  unregisterListeners() {
    const t2 = this.hls;
    t2 && (t2.off(n.MANIFEST_LOADING, this.onManifestLoading, this), t2.off(n.MANIFEST_LOADED, this.onManifestLoaded, this), t2.off(n.MANIFEST_PARSED, this.onManifestParsed, this), t2.off(n.ERROR, this.onError, this));
  }
  pathways() {
    return (this.levels || []).reduce(((t2, e2) => (-1 === t2.indexOf(e2.pathwayId) && t2.push(e2.pathwayId), t2)), []);
  }
  get pathwayPriority() {
    return this._pathwayPriority;
  }
  set pathwayPriority(t2) {
    this.updatePathwayPriority(t2);
  }
  startLoad() {
    if (this.started = true, this.clearTimeout(), this.enabled && this.uri) {
      if (this.updated) {
        const t2 = 1e3 * this.timeToLoad - (performance.now() - this.updated);
        if (t2 > 0) return void this.scheduleRefresh(this.uri, t2);
      }
      this.loadSteeringManifest(this.uri);
    }
  }
  stopLoad() {
    this.started = false, this.loader && (this.loader.destroy(), this.loader = null), this.clearTimeout();
  }
  clearTimeout() {
    -1 !== this.reloadTimer && (self.clearTimeout(this.reloadTimer), this.reloadTimer = -1);
  }
  destroy() {
    this.unregisterListeners(), this.stopLoad(), this.hls = null, this.levels = this.audioTracks = this.subtitleTracks = null;
  }
  removeLevel(t2) {
    const e2 = this.levels;
    e2 && (this.levels = e2.filter(((e3) => e3 !== t2)));
  }
  onManifestLoading() {
    this.stopLoad(), this.enabled = true, this.timeToLoad = 300, this.updated = 0, this.uri = null, this.pathwayId = ".", this.levels = this.audioTracks = this.subtitleTracks = null;
  }
  onManifestLoaded(t2, e2) {
    const { contentSteering: r2 } = e2;
    null !== r2 && (this.pathwayId = r2.pathwayId, this.uri = r2.uri, this.started && this.startLoad());
  }
  onManifestParsed(t2, e2) {
    this.audioTracks = e2.audioTracks, this.subtitleTracks = e2.subtitleTracks;
  }
  onError(t2, e2) {
    const { errorAction: r2 } = e2;
    if ((null == r2 ? void 0 : r2.action) === we.SendAlternateToPenaltyBox && r2.flags & Oe.MoveAllAlternatesMatchingHost) {
      const t3 = this.levels;
      let i2 = this._pathwayPriority, n2 = this.pathwayId;
      if (e2.context) {
        const { groupId: r3, pathwayId: i3, type: s2 } = e2.context;
        r3 && t3 ? n2 = this.getPathwayForGroupId(r3, s2, n2) : i3 && (n2 = i3);
      }
      n2 in this.penalizedPathways || (this.penalizedPathways[n2] = performance.now()), !i2 && t3 && (i2 = this.pathways()), i2 && i2.length > 1 && (this.updatePathwayPriority(i2), r2.resolved = this.pathwayId !== n2, r2.resolved || e2.details === s.BUFFER_APPEND_ERROR && !e2.fatal || this.warn(`Could not resolve ${e2.details} ("${e2.error.message}") with content-steering for Pathway: ${n2} levels: ${t3 ? t3.length : t3} priorities: ${Re(i2)} penalized: ${Re(this.penalizedPathways)}`));
    }
  }
  filterParsedLevels(t2) {
    this.levels = t2;
    let e2 = this.getLevelsForPathway(this.pathwayId);
    if (0 === e2.length) {
      const r2 = t2[0].pathwayId;
      this.log(`No levels found in Pathway ${this.pathwayId}. Setting initial Pathway to "${r2}"`), e2 = this.getLevelsForPathway(r2), this.pathwayId = r2;
    }
    return e2.length !== t2.length && this.log(`Found ${e2.length}/${t2.length} levels in Pathway "${this.pathwayId}"`), e2;
  }
  getLevelsForPathway(t2) {
    return null === this.levels ? [] : this.levels.filter(((e2) => t2 === e2.pathwayId));
  }
  updatePathwayPriority(t2) {
    let e2;
    this._pathwayPriority = t2;
    const r2 = this.penalizedPathways, i2 = performance.now();
    Object.keys(r2).forEach(((t3) => {
      i2 - r2[t3] > 3e5 && delete r2[t3];
    }));
    for (let i3 = 0; i3 < t2.length; i3++) {
      const s2 = t2[i3];
      if (s2 in r2) continue;
      if (s2 === this.pathwayId) return;
      const a2 = this.hls.nextLoadLevel, o2 = this.hls.levels[a2];
      if (e2 = this.getLevelsForPathway(s2), e2.length > 0) {
        this.log(`Setting Pathway to "${s2}"`), this.pathwayId = s2, Ir(e2), this.hls.trigger(n.LEVELS_UPDATED, { levels: e2 });
        const t3 = this.hls.levels[a2];
        o2 && t3 && this.levels && (t3.attrs["STABLE-VARIANT-ID"] !== o2.attrs["STABLE-VARIANT-ID"] && t3.bitrate !== o2.bitrate && this.log(`Unstable Pathways change from bitrate ${o2.bitrate} to ${t3.bitrate}`), this.hls.nextLoadLevel = a2);
        break;
      }
    }
  }
  getPathwayForGroupId(t2, e2, r2) {
    const i2 = this.getLevelsForPathway(r2).concat(this.levels || []);
    for (let r3 = 0; r3 < i2.length; r3++) if (e2 === p.AUDIO_TRACK && i2[r3].hasAudioGroup(t2) || e2 === p.SUBTITLE_TRACK && i2[r3].hasSubtitleGroup(t2)) return i2[r3].pathwayId;
    return r2;
  }
  clonePathways(t2) {
    const e2 = this.levels;
    if (!e2) return;
    const r2 = {}, i2 = {};
    t2.forEach(((t3) => {
      const { ID: s2, "BASE-ID": n2, "URI-REPLACEMENT": a2 } = t3;
      if (e2.some(((t4) => t4.pathwayId === s2))) return;
      const o2 = this.getLevelsForPathway(n2).map(((t4) => {
        const e3 = new Ge(t4.attrs);
        e3["PATHWAY-ID"] = s2;
        const n3 = e3.AUDIO && `${e3.AUDIO}_clone_${s2}`, o3 = e3.SUBTITLES && `${e3.SUBTITLES}_clone_${s2}`;
        n3 && (r2[e3.AUDIO] = n3, e3.AUDIO = n3), o3 && (i2[e3.SUBTITLES] = o3, e3.SUBTITLES = o3);
        const l2 = Ai(t4.uri, e3["STABLE-VARIANT-ID"], "PER-VARIANT-URIS", a2), d2 = new Se({ attrs: e3, audioCodec: t4.audioCodec, bitrate: t4.bitrate, height: t4.height, name: t4.name, url: l2, videoCodec: t4.videoCodec, width: t4.width });
        if (t4.audioGroups) for (let e4 = 1; e4 < t4.audioGroups.length; e4++) d2.addGroupId("audio", `${t4.audioGroups[e4]}_clone_${s2}`);
        if (t4.subtitleGroups) for (let e4 = 1; e4 < t4.subtitleGroups.length; e4++) d2.addGroupId("text", `${t4.subtitleGroups[e4]}_clone_${s2}`);
        return d2;
      }));
      e2.push(...o2), Li(this.audioTracks, r2, a2, s2), Li(this.subtitleTracks, i2, a2, s2);
    }));
  }
  loadSteeringManifest(t2) {
    const e2 = this.hls.config, r2 = e2.loader;
    let i2;
    this.loader && this.loader.destroy(), this.loader = new r2(e2);
    try {
      i2 = new self.URL(t2);
    } catch (e3) {
      return this.enabled = false, void this.log(`Failed to parse Steering Manifest URI: ${t2}`);
    }
    if ("data:" !== i2.protocol) {
      const t3 = 0 | (this.hls.bandwidthEstimate || e2.abrEwmaDefaultEstimate);
      me(i2, "_HLS_pathway", this.pathwayId), me(i2, "_HLS_throughput", "" + t3);
    }
    const s2 = { type: p.STEERING_MANIFEST, responseType: "json", url: i2.href }, a2 = e2.steeringManifestLoadPolicy.default, o2 = a2.errorRetry || a2.timeoutRetry || {}, l2 = { loadPolicy: a2, timeout: a2.maxLoadTimeMs, maxRetry: o2.maxNumRetry || 0, retryDelay: o2.retryDelayMs || 0, maxRetryDelay: o2.maxRetryDelayMs || 0 }, d2 = { onSuccess: (t3, e3, r3, s3) => {
      this.log(`Loaded steering manifest: "${i2}"`);
      const a3 = t3.data;
      if (1 !== (null == a3 ? void 0 : a3.VERSION)) return void this.log(`Steering VERSION ${a3.VERSION} not supported!`);
      this.updated = performance.now(), this.timeToLoad = a3.TTL;
      const { "RELOAD-URI": o3, "PATHWAY-CLONES": l3, "PATHWAY-PRIORITY": d3 } = a3;
      if (o3) try {
        this.uri = new self.URL(o3, i2).href;
      } catch (t4) {
        return this.enabled = false, void this.log(`Failed to parse Steering Manifest RELOAD-URI: ${o3}`);
      }
      this.scheduleRefresh(this.uri || r3.url), l3 && this.clonePathways(l3);
      const h2 = { steeringManifest: a3, url: i2.toString() };
      this.hls.trigger(n.STEERING_MANIFEST_LOADED, h2), d3 && this.updatePathwayPriority(d3);
    }, onError: (t3, e3, r3, i3) => {
      if (this.log(`Error loading steering manifest: ${t3.code} ${t3.text} (${e3.url})`), this.stopLoad(), 410 === t3.code) return this.enabled = false, void this.log(`Steering manifest ${e3.url} no longer available`);
      let s3 = 1e3 * this.timeToLoad;
      if (429 !== t3.code) this.scheduleRefresh(this.uri || e3.url, s3);
      else {
        const t4 = this.loader;
        if ("function" == typeof (null == t4 ? void 0 : t4.getResponseHeader)) {
          const e4 = t4.getResponseHeader("Retry-After");
          e4 && (s3 = 1e3 * parseFloat(e4));
        }
        this.log(`Steering manifest ${e3.url} rate limited`);
      }
    }, onTimeout: (t3, e3, r3) => {
      this.log(`Timeout loading steering manifest (${e3.url})`), this.scheduleRefresh(this.uri || e3.url);
    } };
    this.log(`Requesting steering manifest: ${i2}`), this.loader.load(s2, l2, d2);
  }
  scheduleRefresh(t2, e2 = 1e3 * this.timeToLoad) {
    this.clearTimeout(), this.reloadTimer = self.setTimeout((() => {
      var e3;
      const r2 = null == (e3 = this.hls) ? void 0 : e3.media;
      !r2 || r2.ended ? this.scheduleRefresh(t2, 1e3 * this.timeToLoad) : this.loadSteeringManifest(t2);
    }), e2);
  }
};
function Li(t2, e2, r2, i2) {
  t2 && Object.keys(e2).forEach(((s2) => {
    const n2 = t2.filter(((t3) => t3.groupId === s2)).map(((t3) => {
      const n3 = I({}, t3);
      return n3.details = void 0, n3.attrs = new Ge(n3.attrs), n3.url = n3.attrs.URI = Ai(t3.url, t3.attrs["STABLE-RENDITION-ID"], "PER-RENDITION-URIS", r2), n3.groupId = n3.attrs["GROUP-ID"] = e2[s2], n3.attrs["PATHWAY-ID"] = i2, n3;
    }));
    t2.push(...n2);
  }));
}
function Ai(t2, e2, r2, i2) {
  if (e2) {
    const { [r2]: t3 } = i2;
    if (t3) {
      const r3 = t3[e2];
      if (r3) return r3;
    }
  }
  const { HOST: s2, PARAMS: n2 } = i2, a2 = new self.URL(t2);
  return s2 && (a2.hostname = s2), n2 && Object.keys(n2).sort().forEach(((t3) => {
    t3 && me(a2, t3, n2[t3]);
  })), a2.href;
}
var Ri = class {
  constructor(t2) {
    this.hls = void 0, this.isVideoPlaybackQualityAvailable = false, this.timer = void 0, this.media = null, this.lastTime = void 0, this.lastDroppedFrames = 0, this.lastDecodedFrames = 0, this.streamController = void 0, this.hls = t2, this.registerListeners();
  }
  setStreamController(t2) {
    this.streamController = t2;
  }
  registerListeners() {
    this.hls.on(n.MEDIA_ATTACHING, this.onMediaAttaching, this), this.hls.on(n.MEDIA_DETACHING, this.onMediaDetaching, this);
  }
  unregisterListeners() {
    this.hls.off(n.MEDIA_ATTACHING, this.onMediaAttaching, this), this.hls.off(n.MEDIA_DETACHING, this.onMediaDetaching, this);
  }
  destroy() {
    this.timer && clearInterval(this.timer), this.unregisterListeners(), this.isVideoPlaybackQualityAvailable = false, this.media = null;
  }
  onMediaAttaching(t2, e2) {
    const r2 = this.hls.config;
    if (r2.capLevelOnFPSDrop) {
      const t3 = e2.media instanceof self.HTMLVideoElement ? e2.media : null;
      this.media = t3, t3 && "function" == typeof t3.getVideoPlaybackQuality && (this.isVideoPlaybackQualityAvailable = true), self.clearInterval(this.timer), this.timer = self.setInterval(this.checkFPSInterval.bind(this), r2.fpsDroppedMonitoringPeriod);
    }
  }
  onMediaDetaching() {
    this.media = null;
  }
  checkFPS(t2, e2, r2) {
    const i2 = performance.now();
    if (e2) {
      if (this.lastTime) {
        const t3 = i2 - this.lastTime, s2 = r2 - this.lastDroppedFrames, a2 = e2 - this.lastDecodedFrames, o2 = 1e3 * s2 / t3, l2 = this.hls;
        if (l2.trigger(n.FPS_DROP, { currentDropped: s2, currentDecoded: a2, totalDroppedFrames: r2 }), o2 > 0 && s2 > l2.config.fpsDroppedMonitoringThreshold * a2) {
          let t4 = l2.currentLevel;
          l2.logger.warn("drop FPS ratio greater than max allowed value for currentLevel: " + t4), t4 > 0 && (-1 === l2.autoLevelCapping || l2.autoLevelCapping >= t4) && (t4 -= 1, l2.trigger(n.FPS_DROP_LEVEL_CAPPING, { level: t4, droppedLevel: l2.currentLevel }), l2.autoLevelCapping = t4, this.streamController.nextLevelSwitch());
        }
      }
      this.lastTime = i2, this.lastDroppedFrames = r2, this.lastDecodedFrames = e2;
    }
  }
  checkFPSInterval() {
    const t2 = this.media;
    if (t2) if (this.isVideoPlaybackQualityAvailable) {
      const e2 = t2.getVideoPlaybackQuality();
      this.checkFPS(t2, e2.totalVideoFrames, e2.droppedVideoFrames);
    } else this.checkFPS(t2, t2.webkitDecodedFrameCount, t2.webkitDroppedFrameCount);
  }
};
var bi;
var Di = { exports: {} };
var Ii = (bi || (bi = 1, (function(t2) {
  var e2 = Object.prototype.hasOwnProperty, r2 = "~";
  function i2() {
  }
  function s2(t3, e3, r3) {
    this.fn = t3, this.context = e3, this.once = r3 || false;
  }
  function n2(t3, e3, i3, n3, a3) {
    if ("function" != typeof i3) throw new TypeError("The listener must be a function");
    var o3 = new s2(i3, n3 || t3, a3), l2 = r2 ? r2 + e3 : e3;
    return t3._events[l2] ? t3._events[l2].fn ? t3._events[l2] = [t3._events[l2], o3] : t3._events[l2].push(o3) : (t3._events[l2] = o3, t3._eventsCount++), t3;
  }
  function a2(t3, e3) {
    0 == --t3._eventsCount ? t3._events = new i2() : delete t3._events[e3];
  }
  function o2() {
    this._events = new i2(), this._eventsCount = 0;
  }
  Object.create && (i2.prototype = /* @__PURE__ */ Object.create(null), new i2().__proto__ || (r2 = false)), o2.prototype.eventNames = function() {
    var t3, i3, s3 = [];
    if (0 === this._eventsCount) return s3;
    for (i3 in t3 = this._events) e2.call(t3, i3) && s3.push(r2 ? i3.slice(1) : i3);
    return Object.getOwnPropertySymbols ? s3.concat(Object.getOwnPropertySymbols(t3)) : s3;
  }, o2.prototype.listeners = function(t3) {
    var e3 = r2 ? r2 + t3 : t3, i3 = this._events[e3];
    if (!i3) return [];
    if (i3.fn) return [i3.fn];
    for (var s3 = 0, n3 = i3.length, a3 = new Array(n3); s3 < n3; s3++) a3[s3] = i3[s3].fn;
    return a3;
  }, o2.prototype.listenerCount = function(t3) {
    var e3 = r2 ? r2 + t3 : t3, i3 = this._events[e3];
    return i3 ? i3.fn ? 1 : i3.length : 0;
  }, o2.prototype.emit = function(t3, e3, i3, s3, n3, a3) {
    var o3 = r2 ? r2 + t3 : t3;
    if (!this._events[o3]) return false;
    var l2, d2, h2 = this._events[o3], u2 = arguments.length;
    if (h2.fn) {
      switch (h2.once && this.removeListener(t3, h2.fn, void 0, true), u2) {
        case 1:
          return h2.fn.call(h2.context), true;
        case 2:
          return h2.fn.call(h2.context, e3), true;
        case 3:
          return h2.fn.call(h2.context, e3, i3), true;
        case 4:
          return h2.fn.call(h2.context, e3, i3, s3), true;
        case 5:
          return h2.fn.call(h2.context, e3, i3, s3, n3), true;
        case 6:
          return h2.fn.call(h2.context, e3, i3, s3, n3, a3), true;
      }
      for (d2 = 1, l2 = new Array(u2 - 1); d2 < u2; d2++) l2[d2 - 1] = arguments[d2];
      h2.fn.apply(h2.context, l2);
    } else {
      var c2, f2 = h2.length;
      for (d2 = 0; d2 < f2; d2++) switch (h2[d2].once && this.removeListener(t3, h2[d2].fn, void 0, true), u2) {
        case 1:
          h2[d2].fn.call(h2[d2].context);
          break;
        case 2:
          h2[d2].fn.call(h2[d2].context, e3);
          break;
        case 3:
          h2[d2].fn.call(h2[d2].context, e3, i3);
          break;
        case 4:
          h2[d2].fn.call(h2[d2].context, e3, i3, s3);
          break;
        default:
          if (!l2) for (c2 = 1, l2 = new Array(u2 - 1); c2 < u2; c2++) l2[c2 - 1] = arguments[c2];
          h2[d2].fn.apply(h2[d2].context, l2);
      }
    }
    return true;
  }, o2.prototype.on = function(t3, e3, r3) {
    return n2(this, t3, e3, r3, false);
  }, o2.prototype.once = function(t3, e3, r3) {
    return n2(this, t3, e3, r3, true);
  }, o2.prototype.removeListener = function(t3, e3, i3, s3) {
    var n3 = r2 ? r2 + t3 : t3;
    if (!this._events[n3]) return this;
    if (!e3) return a2(this, n3), this;
    var o3 = this._events[n3];
    if (o3.fn) o3.fn !== e3 || s3 && !o3.once || i3 && o3.context !== i3 || a2(this, n3);
    else {
      for (var l2 = 0, d2 = [], h2 = o3.length; l2 < h2; l2++) (o3[l2].fn !== e3 || s3 && !o3[l2].once || i3 && o3[l2].context !== i3) && d2.push(o3[l2]);
      d2.length ? this._events[n3] = 1 === d2.length ? d2[0] : d2 : a2(this, n3);
    }
    return this;
  }, o2.prototype.removeAllListeners = function(t3) {
    var e3;
    return t3 ? (e3 = r2 ? r2 + t3 : t3, this._events[e3] && a2(this, e3)) : (this._events = new i2(), this._eventsCount = 0), this;
  }, o2.prototype.off = o2.prototype.removeListener, o2.prototype.addListener = o2.prototype.on, o2.prefixed = r2, o2.EventEmitter = o2, t2.exports = o2;
})(Di)), Di.exports);
var ki = a(Ii);
function _i(t2, e2) {
  const r2 = Ci(t2.main);
  if (r2 && r2.start <= e2) return r2;
  const i2 = Ci(t2.audio);
  return i2 && i2.start <= e2 ? i2 : null;
}
function Ci(t2) {
  if (!t2) return null;
  switch (t2.state) {
    case Ei.IDLE:
    case Ei.STOPPED:
    case Ei.ENDED:
    case Ei.ERROR:
      return null;
  }
  return t2.frag;
}
function Pi(t2, e2) {
  return e2.getAppendedFrag(t2, v.MAIN) || e2.getPartialFragment(t2);
}
function xi(t2, e2, r2, i2) {
  i2.latestLevelDetails, Pi(e2, r2), i2.config;
}
var wi = (function(t2) {
  return t2.audioId3 = "org.id3", t2.dateRange = "com.apple.quicktime.HLS", t2.emsg = "https://aomedia.org/emsg/ID3", t2.misbklv = "urn:misb:KLV:bin:1910.1", t2;
})({});
function Oi(t2, e2, r2, i2) {
  const s2 = t2.mode;
  if ("disabled" === s2 && (t2.mode = "hidden"), t2.cues && t2.cues.length > 0) {
    const s3 = (function(t3, e3, r3) {
      const i3 = [], s4 = (function(t4, e4) {
        if (e4 <= t4[0].startTime) return 0;
        const r4 = t4.length - 1;
        if (e4 > t4[r4].endTime) return -1;
        let i4, s5 = 0, n2 = r4;
        for (; s5 <= n2; ) if (i4 = Math.floor((n2 + s5) / 2), e4 < t4[i4].startTime) n2 = i4 - 1;
        else {
          if (!(e4 > t4[i4].startTime && s5 < r4)) return i4;
          s5 = i4 + 1;
        }
        return t4[s5].startTime - e4 < e4 - t4[n2].startTime ? s5 : n2;
      })(t3, e3);
      if (s4 > -1) for (let n2 = s4, a2 = t3.length; n2 < a2; n2++) {
        const s5 = t3[n2];
        if (s5.startTime >= e3 && s5.endTime <= r3) i3.push(s5);
        else if (s5.startTime > r3) return i3;
      }
      return i3;
    })(t2.cues, e2, r2);
    for (let e3 = 0; e3 < s3.length; e3++) i2 && !i2(s3[e3]) || t2.removeCue(s3[e3]);
  }
  "disabled" === s2 && (t2.mode = s2);
}
function Mi() {
  if ("undefined" != typeof self) return self.VTTCue || self.TextTrackCue;
}
function Fi(t2, e2, r2, i2, s2) {
  let n2 = new t2(e2, r2, "");
  try {
    n2.value = i2, s2 && (n2.type = s2);
  } catch (a2) {
    n2 = new t2(e2, r2, Re(s2 ? _({ type: s2 }, i2) : i2));
  }
  return n2;
}
var Ni = (() => {
  const t2 = Mi();
  try {
    t2 && new t2(0, Number.POSITIVE_INFINITY, "");
  } catch (t3) {
    return Number.MAX_VALUE;
  }
  return Number.POSITIVE_INFINITY;
})();
var $i = "1.7.4";
var Bi = {};
function Ui(t2, e2) {
  return 255 === t2[e2] && 240 == (246 & t2[e2 + 1]);
}
function Gi(t2, e2) {
  return 1 & t2[e2 + 1] ? 7 : 9;
}
function Vi(t2, e2) {
  return (3 & t2[e2 + 3]) << 11 | t2[e2 + 4] << 3 | (224 & t2[e2 + 5]) >>> 5;
}
function Hi(t2, e2) {
  return e2 + 1 < t2.length && Ui(t2, e2);
}
function Ki(t2, e2) {
  if (Hi(t2, e2)) {
    const r2 = Gi(t2, e2);
    if (e2 + r2 >= t2.length) return false;
    const i2 = Vi(t2, e2);
    if (i2 <= r2) return false;
    const s2 = e2 + i2;
    return s2 === t2.length || Hi(t2, s2);
  }
  return false;
}
function Yi(t2, e2, r2, a2, o2) {
  if (!t2.samplerate) {
    const l2 = (function(t3, e3, r3, a3) {
      const o3 = e3[r3 + 2], l3 = o3 >> 2 & 15;
      if (l3 > 12) {
        const e4 = new Error(`invalid ADTS sampling index:${l3}`);
        return void t3.emit(n.ERROR, n.ERROR, { type: i.MEDIA_ERROR, details: s.FRAG_PARSING_ERROR, fatal: true, error: e4, reason: e4.message });
      }
      const d2 = 1 + (o3 >> 6 & 3), h2 = e3[r3 + 3] >> 6 & 3 | (1 & o3) << 2, u2 = [96e3, 88200, 64e3, 48e3, 44100, 32e3, 24e3, 22050, 16e3, 12e3, 11025, 8e3, 7350][l3];
      let c2, f2 = l3;
      5 !== d2 && 29 !== d2 || (f2 -= 3);
      const g2 = (14 & f2) >> 1, m2 = (1 & f2) << 7 | h2 << 3;
      let p2 = 0;
      if (1 === d2 && l3 >= 6) {
        p2 = 5;
        const t4 = l3 - 3;
        c2 = [p2 << 3 | g2, m2 | (14 & t4) >> 1, (1 & t4) << 7 | 8, 0];
      } else c2 = [d2 << 3 | g2, m2];
      const v2 = "mp4a.40." + (p2 || d2);
      return j.log(`manifest codec:${a3}, parsed codec:${v2}, channels:${h2}, rate:${u2} (ADTS object type:${d2} sampling index:${l3} esds config:[${c2.join(",")}])`), { config: c2, samplerate: u2, channelCount: h2, codec: v2, parsedCodec: v2, manifestCodec: a3 };
    })(e2, r2, a2, o2);
    if (!l2) return;
    I(t2, l2);
  }
}
function Wi(t2) {
  return 9216e4 / t2;
}
function ji(t2, e2, r2, i2, s2) {
  const n2 = i2 + s2 * Wi(t2.samplerate), a2 = (function(t3, e3) {
    const r3 = Gi(t3, e3);
    if (e3 + r3 <= t3.length) {
      const i3 = Vi(t3, e3) - r3;
      if (i3 > 0) return { headerLength: r3, frameLength: i3 };
    }
  })(e2, r2);
  let o2;
  if (a2) {
    const { frameLength: i3, headerLength: s3 } = a2, l3 = s3 + i3, d2 = Math.max(0, r2 + l3 - e2.length);
    d2 ? (o2 = new Uint8Array(l3 - s3), o2.set(e2.subarray(r2 + s3, e2.length), 0)) : o2 = e2.subarray(r2 + s3, r2 + l3);
    const h2 = { unit: o2, pts: n2 };
    return d2 || t2.samples.push(h2), { sample: h2, length: l3, missing: d2 };
  }
  const l2 = e2.length - r2;
  o2 = new Uint8Array(l2), o2.set(e2.subarray(r2, e2.length), 0);
  return { sample: { unit: o2, pts: n2 }, length: l2, missing: -1 };
}
function qi(t2 = "", e2 = 9e4) {
  return { type: t2, id: -1, pid: -1, inputTimeScale: e2, sequenceNumber: -1, samples: [], dropped: 0 };
}
var zi = class {
  constructor() {
    this._audioTrack = void 0, this._id3Track = void 0, this.frameIndex = 0, this.cachedData = null, this.basePTS = null, this.initPTS = null, this.lastPTS = null;
  }
  resetInitSegment(t2, e2, r2, i2) {
    this._id3Track = { type: "id3", id: 3, pid: -1, inputTimeScale: 9e4, sequenceNumber: 0, samples: [], dropped: 0 };
  }
  resetTimeStamp(t2) {
    this.initPTS = t2, this.resetContiguity();
  }
  resetContiguity() {
    this.basePTS = null, this.lastPTS = null, this.frameIndex = 0;
  }
  canParse(t2, e2) {
    return false;
  }
  appendFrame(t2, e2, r2) {
  }
  demux(e2, r2) {
    this.cachedData && (e2 = Yt(this.cachedData, e2), this.cachedData = null);
    let i2, s2 = lt(e2, 0), n2 = s2 ? s2.length : 0;
    const a2 = this._audioTrack, o2 = this._id3Track, l2 = s2 ? yt(s2) : void 0, d2 = e2.length;
    for ((null === this.basePTS || 0 === this.frameIndex && t(l2)) && (this.basePTS = Xi(l2, r2, this.initPTS), this.lastPTS = this.basePTS), null === this.lastPTS && (this.lastPTS = this.basePTS), s2 && s2.length > 0 && o2.samples.push({ pts: this.lastPTS, dts: this.lastPTS, data: s2, type: wi.audioId3, duration: Number.POSITIVE_INFINITY }); n2 < d2; ) {
      if (this.canParse(e2, n2)) {
        const t2 = this.appendFrame(a2, e2, n2);
        t2 ? (this.frameIndex++, this.lastPTS = t2.sample.pts, n2 += t2.length, i2 = n2) : n2 = d2;
      } else at(e2, n2) ? (s2 = lt(e2, n2), o2.samples.push({ pts: this.lastPTS, dts: this.lastPTS, data: s2, type: wi.audioId3, duration: Number.POSITIVE_INFINITY }), n2 += s2.length, i2 = n2) : n2++;
      if (n2 === d2 && i2 !== d2) {
        const t2 = e2.slice(i2);
        this.cachedData ? this.cachedData = Yt(this.cachedData, t2) : this.cachedData = t2;
      }
    }
    return { audioTrack: a2, videoTrack: qi(), id3Track: o2, textTrack: qi() };
  }
  demuxSampleAes(t2, e2, r2) {
    return Promise.reject(new Error(`[${this}] This demuxer does not support Sample-AES decryption`));
  }
  flush(t2) {
    const e2 = this.cachedData;
    return e2 && (this.cachedData = null, this.demux(e2, 0)), { audioTrack: this._audioTrack, videoTrack: qi(), id3Track: this._id3Track, textTrack: qi() };
  }
  destroy() {
    this.cachedData = null, this._audioTrack = this._id3Track = void 0;
  }
};
var Xi = (e2, r2, i2) => {
  if (t(e2)) return 90 * e2;
  return 9e4 * r2 + (i2 ? 9e4 * i2.baseTime / i2.timescale : 0);
};
var Qi = [32, 64, 96, 128, 160, 192, 224, 256, 288, 320, 352, 384, 416, 448, 32, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320, 384, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320, 32, 48, 56, 64, 80, 96, 112, 128, 144, 160, 176, 192, 224, 256, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160];
var Zi = [44100, 48e3, 32e3, 22050, 24e3, 16e3, 11025, 12e3, 8e3];
var Ji = [[0, 72, 144, 12], [0, 0, 0, 0], [0, 72, 144, 12], [0, 144, 144, 12]];
var ts = [0, 1, 1, 4];
function es(t2, e2, r2, i2, s2) {
  if (r2 + 24 > e2.length) return;
  const n2 = rs(e2, r2);
  if (n2 && r2 + n2.frameLength <= e2.length) {
    const a2 = i2 + s2 * (9e4 * n2.samplesPerFrame / n2.sampleRate), o2 = { unit: e2.subarray(r2, r2 + n2.frameLength), pts: a2, dts: a2 };
    return t2.config = [], t2.channelCount = n2.channelCount, t2.samplerate = n2.sampleRate, t2.samples.push(o2), { sample: o2, length: n2.frameLength, missing: 0 };
  }
}
function rs(t2, e2) {
  const r2 = t2[e2 + 1] >> 3 & 3, i2 = t2[e2 + 1] >> 1 & 3, s2 = t2[e2 + 2] >> 4 & 15, n2 = t2[e2 + 2] >> 2 & 3;
  if (1 !== r2 && 0 !== s2 && 15 !== s2 && 3 !== n2) {
    const a2 = t2[e2 + 2] >> 1 & 1, o2 = t2[e2 + 3] >> 6, l2 = 1e3 * Qi[14 * (3 === r2 ? 3 - i2 : 3 === i2 ? 3 : 4) + s2 - 1], d2 = Zi[3 * (3 === r2 ? 0 : 2 === r2 ? 1 : 2) + n2], h2 = 3 === o2 ? 1 : 2, u2 = Ji[r2][i2], c2 = ts[i2], f2 = 8 * u2 * c2, g2 = Math.floor(u2 * l2 / d2 + a2) * c2, m2 = ee();
    return !!m2 && m2 <= 87 && 2 === i2 && l2 >= 224e3 && 0 === o2 && (t2[e2 + 3] = 128 | t2[e2 + 3]), { sampleRate: d2, channelCount: h2, frameLength: g2, samplesPerFrame: f2 };
  }
}
function is(t2, e2) {
  return 255 === t2[e2] && 224 == (224 & t2[e2 + 1]) && 0 != (6 & t2[e2 + 1]);
}
function ss(t2, e2) {
  return e2 + 1 < t2.length && is(t2, e2);
}
function ns(t2, e2) {
  if (e2 + 1 < t2.length && is(t2, e2)) {
    const r2 = 4, i2 = rs(t2, e2);
    let s2 = r2;
    null != i2 && i2.frameLength && (s2 = i2.frameLength);
    const n2 = e2 + s2;
    return n2 === t2.length || ss(t2, n2);
  }
  return false;
}
var as = class {
  constructor(t2, e2, r2) {
    this.keyData = void 0, this.decrypter = void 0, this.keyData = r2, this.decrypter = new ni(e2, true);
  }
  decryptBuffer(t2) {
    return this.decrypter.decrypt(t2, this.keyData.key.buffer, this.keyData.iv.buffer, je, { start: 0, end: t2.byteLength });
  }
  decryptAacSample(t2, e2, r2) {
    const i2 = t2[e2].unit;
    if (i2.length <= 16) return;
    const s2 = i2.subarray(16, i2.length - i2.length % 16), n2 = s2.buffer.slice(s2.byteOffset, s2.byteOffset + s2.length);
    this.decryptBuffer(n2).then(((s3) => {
      const n3 = new Uint8Array(s3);
      i2.set(n3, 16), this.decrypter.isSync() || this.decryptAacSamples(t2, e2 + 1, r2);
    })).catch(r2);
  }
  decryptAacSamples(t2, e2, r2) {
    for (; ; e2++) {
      if (e2 >= t2.length) return void r2();
      if (!(t2[e2].unit.length < 32) && (this.decryptAacSample(t2, e2, r2), !this.decrypter.isSync())) return;
    }
  }
  getAvcEncryptedData(t2) {
    const e2 = 16 * Math.floor((t2.length - 48) / 160) + 16, r2 = new Int8Array(e2);
    let i2 = 0;
    for (let e3 = 32; e3 < t2.length - 16; e3 += 160, i2 += 16) r2.set(t2.subarray(e3, e3 + 16), i2);
    return r2;
  }
  getAvcDecryptedUnit(t2, e2) {
    const r2 = new Uint8Array(e2);
    let i2 = 0;
    for (let e3 = 32; e3 < t2.length - 16; e3 += 160, i2 += 16) t2.set(r2.subarray(i2, i2 + 16), e3);
    return t2;
  }
  decryptAvcSample(t2, e2, r2, i2, s2) {
    const n2 = zt(s2.data), a2 = this.getAvcEncryptedData(n2);
    this.decryptBuffer(a2.buffer).then(((a3) => {
      s2.data = this.getAvcDecryptedUnit(n2, a3), this.decrypter.isSync() || this.decryptAvcSamples(t2, e2, r2 + 1, i2);
    })).catch(i2);
  }
  decryptAvcSamples(t2, e2, r2, i2) {
    if (t2 instanceof Uint8Array) throw new Error("Cannot decrypt samples of type Uint8Array");
    for (; ; e2++, r2 = 0) {
      if (e2 >= t2.length) return void i2();
      const s2 = t2[e2].units;
      for (; !(r2 >= s2.length); r2++) {
        const n2 = s2[r2];
        if (!(n2.data.length <= 48 || 1 !== n2.type && 5 !== n2.type || (this.decryptAvcSample(t2, e2, r2, i2, n2), this.decrypter.isSync()))) return;
      }
    }
  }
};
var os = /\/emsg[-/]ID3/i;
function ls(e2, r2) {
  return t(e2.presentationTime) ? e2.presentationTime / e2.timeScale : r2 + e2.presentationTimeDelta / e2.timeScale;
}
var ds = class {
  constructor() {
    this.VideoSample = null;
  }
  createVideoSample(t2, e2, r2) {
    return { key: t2, frame: false, pts: e2, dts: r2, units: [], length: 0 };
  }
  getLastNalUnit(t2) {
    var e2;
    let r2, i2 = this.VideoSample;
    if (i2 && 0 !== i2.units.length || (i2 = t2[t2.length - 1]), null != (e2 = i2) && e2.units) {
      const t3 = i2.units;
      r2 = t3[t3.length - 1];
    }
    return r2;
  }
  pushAccessUnit(t2, e2) {
    if (t2.units.length && t2.frame) {
      if (void 0 === t2.pts) {
        const r2 = e2.samples, i2 = r2.length;
        if (!i2) return void e2.dropped++;
        {
          const e3 = r2[i2 - 1];
          t2.pts = e3.pts, t2.dts = e3.dts;
        }
      }
      e2.samples.push(t2);
    }
  }
  parseNALu(t2, e2, r2) {
    const i2 = e2.byteLength;
    if (0 === i2) return [];
    const s2 = t2.naluState || 0, n2 = -1 === s2 ? 0 : s2, a2 = [];
    let o2 = 0, l2 = 0, d2 = -1, h2 = 0;
    for (-1 === s2 && (d2 = 0, h2 = this.getNALuType(e2, 0), l2 = 1); l2 < i2; ) {
      const r3 = e2.indexOf(1, l2);
      if (-1 === r3) break;
      l2 = r3 + 1;
      let s3 = r3;
      for (; s3 > 0 && 0 === e2[s3 - 1]; ) s3--;
      const u2 = r3 - s3 + (0 === s3 ? n2 : 0);
      if (u2 < 2) continue;
      const c2 = Math.min(u2, 3), f2 = Math.min(r3 - s3, c2), g2 = c2 - f2;
      if (s3 = r3 - f2, d2 >= 0) a2.push({ data: e2.subarray(d2, s3), type: h2 });
      else {
        const r4 = this.getLastNalUnit(t2.samples);
        r4 && (s3 > 0 ? r4.data = Yt(r4.data, e2.subarray(0, s3)) : g2 > 0 && (r4.data = r4.data.subarray(0, r4.data.byteLength - g2)), r4.state = 0);
      }
      if (!(l2 < i2)) {
        o2 = -1, d2 = -1;
        break;
      }
      d2 = l2, h2 = this.getNALuType(e2, l2);
    }
    if (-1 !== o2) {
      let t3 = i2;
      for (; t3 > 0 && 0 === e2[t3 - 1]; ) t3--;
      o2 = i2 - t3 + (0 === t3 ? n2 : 0);
    }
    if (d2 >= 0) a2.push({ data: e2.subarray(d2), type: h2, state: o2 });
    else if (0 === a2.length && -1 !== o2) {
      const r3 = this.getLastNalUnit(t2.samples);
      r3 && (r3.data = Yt(r3.data, e2), r3.state = o2);
    }
    return t2.naluState = o2, a2;
  }
};
var hs = class {
  constructor(t2) {
    this.data = void 0, this.bytesAvailable = void 0, this.word = void 0, this.bitsAvailable = void 0, this.data = t2, this.bytesAvailable = t2.byteLength, this.word = 0, this.bitsAvailable = 0;
  }
  loadWord() {
    const t2 = this.data, e2 = this.bytesAvailable, r2 = t2.byteLength - e2, i2 = new Uint8Array(4), s2 = Math.min(4, e2);
    if (0 === s2) throw new Error("no bytes available");
    i2.set(t2.subarray(r2, r2 + s2)), this.word = new DataView(i2.buffer).getUint32(0), this.bitsAvailable = 8 * s2, this.bytesAvailable -= s2;
  }
  skipBits(t2) {
    let e2;
    t2 = Math.min(t2, 8 * this.bytesAvailable + this.bitsAvailable), this.bitsAvailable > t2 ? (this.word <<= t2, this.bitsAvailable -= t2) : (e2 = (t2 -= this.bitsAvailable) >> 3, t2 -= e2 << 3, this.bytesAvailable -= e2, this.loadWord(), this.word <<= t2, this.bitsAvailable -= t2);
  }
  readBits(t2) {
    let e2 = Math.min(this.bitsAvailable, t2);
    const r2 = this.word >>> 32 - e2;
    if (t2 > 32 && j.error("Cannot read more than 32 bits at a time"), this.bitsAvailable -= e2, this.bitsAvailable > 0) this.word <<= e2;
    else {
      if (!(this.bytesAvailable > 0)) throw new Error("no bits available");
      this.loadWord();
    }
    return e2 = t2 - e2, e2 > 0 && this.bitsAvailable ? r2 << e2 | this.readBits(e2) : r2;
  }
  skipLZ() {
    let t2;
    for (t2 = 0; t2 < this.bitsAvailable; ++t2) if (0 != (this.word & 2147483648 >>> t2)) return this.word <<= t2, this.bitsAvailable -= t2, t2;
    return this.loadWord(), t2 + this.skipLZ();
  }
  skipUEG() {
    this.skipBits(1 + this.skipLZ());
  }
  skipEG() {
    this.skipBits(1 + this.skipLZ());
  }
  readUEG() {
    const t2 = this.skipLZ();
    return this.readBits(t2 + 1) - 1;
  }
  readEG() {
    const t2 = this.readUEG();
    return 1 & t2 ? 1 + t2 >>> 1 : -1 * (t2 >>> 1);
  }
  readBoolean() {
    return 1 === this.readBits(1);
  }
  readUByte() {
    return this.readBits(8);
  }
};
var us = class extends ds {
  parsePES(t2, e2, r2, i2, s2) {
    const n2 = s2.iframe, a2 = this.parseNALu(t2, r2.data, i2);
    let o2, l2 = this.VideoSample, d2 = false;
    r2.data = null, l2 && a2.length && !t2.audFound && (this.pushAccessUnit(l2, t2), l2 = this.VideoSample = this.createVideoSample(false, r2.pts, r2.dts)), a2.forEach(((i3) => {
      var s3, a3;
      switch (i3.type) {
        case 1: {
          if (n2) break;
          let e3 = false;
          o2 = true;
          const s4 = i3.data;
          if (d2 && s4.length > 4) {
            const t3 = this.readSliceType(s4);
            2 !== t3 && 4 !== t3 && 7 !== t3 && 9 !== t3 || (e3 = true);
          }
          var h2;
          if (e3) null != (h2 = l2) && h2.frame && !l2.key && (this.pushAccessUnit(l2, t2), l2 = this.VideoSample = null);
          l2 || (l2 = this.VideoSample = this.createVideoSample(true, r2.pts, r2.dts)), l2.frame = true, l2.key = e3;
          break;
        }
        case 5:
          o2 = true, null != (s3 = l2) && s3.frame && !l2.key && (this.pushAccessUnit(l2, t2), l2 = this.VideoSample = null), l2 || (l2 = this.VideoSample = this.createVideoSample(true, r2.pts, r2.dts)), l2.key = true, l2.frame = true;
          break;
        case 6:
          if (n2) break;
          o2 = true, qt(i3.data, 1, r2.pts, e2.samples);
          break;
        case 7: {
          var u2, c2;
          o2 = true, d2 = true;
          const e3 = i3.data, r3 = this.readSPS(e3);
          if (!t2.sps || t2.width !== r3.width || t2.height !== r3.height || (null == (u2 = t2.pixelRatio) ? void 0 : u2[0]) !== r3.pixelRatio[0] || (null == (c2 = t2.pixelRatio) ? void 0 : c2[1]) !== r3.pixelRatio[1]) {
            t2.width = r3.width, t2.height = r3.height, t2.pixelRatio = r3.pixelRatio, t2.sps = [e3];
            const i4 = e3.subarray(1, 4);
            let s4 = "avc1.";
            for (let t3 = 0; t3 < 3; t3++) {
              let e4 = i4[t3].toString(16);
              e4.length < 2 && (e4 = "0" + e4), s4 += e4;
            }
            t2.codec = s4;
          }
          break;
        }
        case 8:
          o2 = true, t2.pps = [i3.data];
          break;
        case 9:
          o2 = true, t2.audFound = true, null != (a3 = l2) && a3.frame && (this.pushAccessUnit(l2, t2), l2 = null), l2 || (l2 = this.VideoSample = this.createVideoSample(false, r2.pts, r2.dts));
          break;
        case 12:
          o2 = true;
          break;
        default:
          o2 = false;
      }
      if (l2 && o2) {
        l2.units.push(i3);
      }
    })), i2 && l2 && (this.pushAccessUnit(l2, t2), this.VideoSample = null);
  }
  getNALuType(t2, e2) {
    return 31 & t2[e2];
  }
  readSliceType(t2) {
    const e2 = new hs(t2);
    return e2.readUByte(), e2.readUEG(), e2.readUEG();
  }
  skipScalingList(t2, e2) {
    let r2, i2 = 8, s2 = 8;
    for (let n2 = 0; n2 < t2; n2++) 0 !== s2 && (r2 = e2.readEG(), s2 = (i2 + r2 + 256) % 256), i2 = 0 === s2 ? i2 : s2;
  }
  readSPS(t2) {
    const e2 = new hs(t2);
    let r2, i2, s2, n2 = 0, a2 = 0, o2 = 0, l2 = 0;
    const d2 = e2.readUByte.bind(e2), h2 = e2.readBits.bind(e2), u2 = e2.readUEG.bind(e2), c2 = e2.readBoolean.bind(e2), f2 = e2.skipBits.bind(e2), g2 = e2.skipEG.bind(e2), m2 = e2.skipUEG.bind(e2), p2 = this.skipScalingList.bind(this);
    d2();
    const v2 = d2();
    if (h2(5), f2(3), d2(), m2(), 100 === v2 || 110 === v2 || 122 === v2 || 244 === v2 || 44 === v2 || 83 === v2 || 86 === v2 || 118 === v2 || 128 === v2) {
      const t3 = u2();
      if (3 === t3 && f2(1), m2(), m2(), f2(1), c2()) for (i2 = 3 !== t3 ? 8 : 12, s2 = 0; s2 < i2; s2++) c2() && p2(s2 < 6 ? 16 : 64, e2);
    }
    m2();
    const E2 = u2();
    if (0 === E2) u2();
    else if (1 === E2) for (f2(1), g2(), g2(), r2 = u2(), s2 = 0; s2 < r2; s2++) g2();
    m2(), f2(1);
    const y2 = u2(), T2 = u2(), S2 = h2(1);
    0 === S2 && f2(1), f2(1), c2() && (n2 = u2(), a2 = u2(), o2 = u2(), l2 = u2());
    let L2 = [1, 1];
    if (c2() && c2()) {
      switch (d2()) {
        case 1:
          L2 = [1, 1];
          break;
        case 2:
          L2 = [12, 11];
          break;
        case 3:
          L2 = [10, 11];
          break;
        case 4:
          L2 = [16, 11];
          break;
        case 5:
          L2 = [40, 33];
          break;
        case 6:
          L2 = [24, 11];
          break;
        case 7:
          L2 = [20, 11];
          break;
        case 8:
          L2 = [32, 11];
          break;
        case 9:
          L2 = [80, 33];
          break;
        case 10:
          L2 = [18, 11];
          break;
        case 11:
          L2 = [15, 11];
          break;
        case 12:
          L2 = [64, 33];
          break;
        case 13:
          L2 = [160, 99];
          break;
        case 14:
          L2 = [4, 3];
          break;
        case 15:
          L2 = [3, 2];
          break;
        case 16:
          L2 = [2, 1];
          break;
        case 255:
          L2 = [d2() << 8 | d2(), d2() << 8 | d2()];
      }
    }
    return { width: Math.ceil(16 * (y2 + 1) - 2 * n2 - 2 * a2), height: (2 - S2) * (T2 + 1) * 16 - (S2 ? 2 : 4) * (o2 + l2), pixelRatio: L2 };
  }
};
var cs = 188;
var fs = class _fs {
  constructor(t2, e2, r2, i2) {
    this.logger = void 0, this.observer = void 0, this.config = void 0, this.typeSupported = void 0, this.sampleAes = null, this.pmtParsed = false, this.audioCodec = void 0, this.videoCodec = void 0, this._pmtId = -1, this._videoTrack = void 0, this._audioTrack = void 0, this._id3Track = void 0, this._txtTrack = void 0, this._klvPid = -1, this.aacOverFlow = null, this.remainderData = null, this.videoParser = void 0, this.videoIntegrityChecker = null, this.observer = t2, this.config = e2, this.typeSupported = r2, this.logger = i2, this.videoParser = null;
  }
  static probe(t2, e2) {
    const r2 = _fs.syncOffset(t2);
    return r2 > 0 && e2.warn(`MPEG2-TS detected but first sync word found @ offset ${r2}`), -1 !== r2;
  }
  static syncOffset(t2) {
    const e2 = t2.length;
    let r2 = Math.min(940, e2 - cs) + 1, i2 = 0;
    for (; i2 < r2; ) {
      let s2 = false, n2 = -1, a2 = 0;
      for (let o2 = i2; o2 < e2; o2 += cs) {
        if (71 !== t2[o2] || e2 - o2 !== cs && 71 !== t2[o2 + cs]) {
          if (a2) return -1;
          break;
        }
        if (a2++, -1 === n2 && (n2 = o2, 0 !== n2 && (r2 = Math.min(n2 + 18612, t2.length - cs) + 1)), s2 || (s2 = 0 === gs(t2, o2)), s2 && a2 > 1 && (0 === n2 && a2 > 2 || o2 + cs > r2)) return n2;
      }
      i2++;
    }
    return -1;
  }
  static createTrack(t2, e2) {
    return { container: "video" === t2 || "audio" === t2 ? "video/mp2t" : void 0, type: t2, id: bt[t2], pid: -1, inputTimeScale: 9e4, sequenceNumber: 0, samples: [], dropped: 0, duration: "audio" === t2 ? e2 : void 0 };
  }
  resetInitSegment(t2, e2, r2, i2, s2, n2) {
    this.pmtParsed = false, this._pmtId = -1, this._videoTrack = _fs.createTrack("video"), this._videoTrack.duration = i2, this.videoIntegrityChecker = "skip" === this.config.handleMpegTsVideoIntegrityErrors ? new Ts(this.logger) : null, this._audioTrack = _fs.createTrack("audio", i2), this._id3Track = _fs.createTrack("id3"), this._txtTrack = _fs.createTrack("text"), this._audioTrack.segmentCodec = "aac", this.videoParser = null, this.aacOverFlow = null, this.remainderData = null, this.audioCodec = e2, this.videoCodec = r2, t2 && this.demux(t2, 0, n2, "SAMPLE-AES" === (null == s2 ? void 0 : s2.method));
  }
  resetTimeStamp() {
  }
  resetContiguity() {
    const { _audioTrack: t2, _videoTrack: e2, _id3Track: r2 } = this;
    t2 && (t2.pesData = null), e2 && (e2.pesData = null), r2 && (r2.pesData = null), this.videoParser = null, this.aacOverFlow = null, this.remainderData = null;
  }
  demux(t2, e2, r2, i2 = false, s2 = false) {
    let n2;
    i2 || (this.sampleAes = null);
    const a2 = this._videoTrack, o2 = this.videoIntegrityChecker, l2 = this._audioTrack, d2 = this._id3Track, h2 = this._txtTrack, u2 = r2.iframe;
    let c2 = a2.pid, f2 = a2.pesData, g2 = l2.pid, m2 = d2.pid, p2 = this._klvPid, v2 = l2.pesData, E2 = d2.pesData, y2 = null, T2 = null, S2 = this.pmtParsed, L2 = this._pmtId, A2 = t2.length;
    if (this.remainderData && (A2 = (t2 = Yt(this.remainderData, t2)).length, this.remainderData = null), A2 < cs && !s2) return this.remainderData = t2, { audioTrack: l2, videoTrack: a2, id3Track: d2, textTrack: h2 };
    const R2 = Math.max(0, _fs.syncOffset(t2));
    A2 -= (A2 - R2) % cs, A2 < t2.byteLength && !s2 && (this.remainderData = new Uint8Array(t2.buffer, A2, t2.buffer.byteLength - A2));
    let b2 = 0;
    for (let e3 = R2; e3 < A2; e3 += cs) if (71 === t2[e3]) {
      const s3 = !!(64 & t2[e3 + 1]), A3 = gs(t2, e3);
      let b3;
      if ((48 & t2[e3 + 3]) >> 4 > 1) {
        if (b3 = e3 + 5 + t2[e3 + 4], b3 === e3 + cs) continue;
      } else b3 = e3 + 4;
      switch (A3) {
        case c2:
          s3 && (!f2 || null != o2 && o2.isCorrupted || !(n2 = ys(f2, this.logger)) || (this.readyVideoParser(a2.segmentCodec), null !== this.videoParser && this.videoParser.parsePES(a2, h2, n2, false, r2)), f2 = { data: [], size: 0 }, null == o2 || o2.reset(c2)), null == o2 || o2.handlePacket(t2.subarray(e3)), f2 && (f2.data.push(t2.subarray(b3, e3 + cs)), f2.size += e3 + cs - b3);
          break;
        case g2:
          if (u2) break;
          if (s3) {
            if (v2 && (n2 = ys(v2, this.logger))) switch (l2.segmentCodec) {
              case "aac":
                this.parseAACPES(l2, n2, r2);
                break;
              case "mp3":
                this.parseMPEGPES(l2, n2);
            }
            v2 = { data: [], size: 0 };
          }
          v2 && (v2.data.push(t2.subarray(b3, e3 + cs)), v2.size += e3 + cs - b3);
          break;
        case m2:
          if (u2) break;
          s3 && (E2 && (n2 = ys(E2, this.logger)) && this.parseID3PES(d2, n2), E2 = { data: [], size: 0 }), E2 && (E2.data.push(t2.subarray(b3, e3 + cs)), E2.size += e3 + cs - b3);
          break;
        case p2:
          if (u2) break;
          s3 && (y2 && (n2 = ys(y2, this.logger)) && this.parseKlvPES(d2, n2), y2 = { data: [], size: 0 }), y2 && (y2.data.push(t2.subarray(b3, e3 + cs)), y2.size += e3 + cs - b3);
          break;
        case 0:
          s3 && (b3 += t2[b3] + 1), L2 = this._pmtId = ms(t2, b3);
          break;
        case L2: {
          s3 && (b3 += t2[b3] + 1);
          const n3 = ps(t2, b3, this.typeSupported, i2, this.observer, this.logger, this.config, r2);
          c2 = n3.videoPid, c2 > 0 && (a2.pid = c2, a2.segmentCodec = n3.segmentVideoCodec), g2 = n3.audioPid, g2 > 0 && (l2.pid = g2, l2.segmentCodec = n3.segmentAudioCodec), m2 = n3.id3Pid, m2 > 0 && (d2.pid = m2), p2 = n3.klvPid, p2 > 0 && (this._klvPid = p2), null === T2 || S2 || (this.logger.warn(`MPEG-TS PMT found at ${e3} after unknown PID '${T2}'. Backtracking to sync byte @${R2} to parse all TS packets.`), T2 = null, e3 = R2 - 188), S2 = this.pmtParsed = true;
          break;
        }
        case 17:
        case 8191:
          break;
        default:
          T2 = A3;
      }
    } else b2++;
    b2 > 0 && vs(this.observer, new Error(`Found ${b2} TS packet/s that do not start with 0x47`), r2, void 0, this.logger), a2.pesData = f2, l2.pesData = v2, d2.pesData = E2;
    const D2 = { audioTrack: l2, videoTrack: a2, id3Track: d2, textTrack: h2 };
    return s2 && this.extractRemainingSamples(D2, r2), D2;
  }
  flush(t2, e2) {
    const { remainderData: r2 } = this;
    let i2;
    return this.remainderData = null, i2 = r2 ? this.demux(r2, 0, e2, false, true) : { videoTrack: this._videoTrack, audioTrack: this._audioTrack, id3Track: this._id3Track, textTrack: this._txtTrack }, this.extractRemainingSamples(i2, e2), this.sampleAes ? this.decrypt(i2, this.sampleAes) : i2;
  }
  extractRemainingSamples(t2, e2) {
    const { audioTrack: r2, videoTrack: i2, id3Track: s2, textTrack: n2 } = t2, a2 = i2.pesData, o2 = r2.pesData, l2 = s2.pesData, d2 = this.videoIntegrityChecker;
    let h2;
    if (!a2 || null != d2 && d2.isCorrupted || !(h2 = ys(a2, this.logger)) ? i2.pesData = a2 : (this.readyVideoParser(i2.segmentCodec), null !== this.videoParser && (this.videoParser.parsePES(i2, n2, h2, true, e2), i2.pesData = null)), o2 && (h2 = ys(o2, this.logger))) {
      switch (r2.segmentCodec) {
        case "aac":
          this.parseAACPES(r2, h2, e2);
          break;
        case "mp3":
          this.parseMPEGPES(r2, h2);
      }
      r2.pesData = null;
    } else null != o2 && o2.size && this.logger.log("last AAC PES packet truncated,might overlap between fragments"), r2.pesData = o2;
    l2 && (h2 = ys(l2, this.logger)) ? (this.parseID3PES(s2, h2), s2.pesData = null) : s2.pesData = l2;
  }
  demuxSampleAes(t2, e2, r2, i2) {
    const s2 = this.demux(t2, r2, i2, true, !this.config.progressive), n2 = this.sampleAes = new as(this.observer, this.config, e2);
    return this.decrypt(s2, n2);
  }
  readyVideoParser(t2) {
    null === this.videoParser && "avc" === t2 && (this.videoParser = new us());
  }
  decrypt(t2, e2) {
    return new Promise(((r2) => {
      const { audioTrack: i2, videoTrack: s2 } = t2;
      i2.samples && "aac" === i2.segmentCodec ? e2.decryptAacSamples(i2.samples, 0, (() => {
        s2.samples ? e2.decryptAvcSamples(s2.samples, 0, 0, (() => {
          r2(t2);
        })) : r2(t2);
      })) : s2.samples && e2.decryptAvcSamples(s2.samples, 0, 0, (() => {
        r2(t2);
      }));
    }));
  }
  destroy() {
    this.observer && this.observer.removeAllListeners(), this.config = this.logger = this.observer = null, this.aacOverFlow = this.videoParser = this.remainderData = this.sampleAes = null, this._videoTrack = this._audioTrack = this._id3Track = this._txtTrack = void 0, this.videoIntegrityChecker = null;
  }
  parseAACPES(t2, e2, r2) {
    let i2 = 0;
    const s2 = this.aacOverFlow;
    let n2, a2, o2, l2 = e2.data;
    if (s2) {
      this.aacOverFlow = null;
      const e3 = s2.missing, r3 = s2.sample.unit.byteLength;
      if (-1 === e3) l2 = Yt(s2.sample.unit, l2);
      else {
        const n3 = r3 - e3;
        s2.sample.unit.set(l2.subarray(0, e3), n3), t2.samples.push(s2.sample), i2 = s2.missing;
      }
    }
    for (n2 = i2, a2 = l2.length; n2 < a2 - 1 && !Hi(l2, n2); n2++) ;
    if (n2 !== i2) {
      let t3;
      const e3 = n2 < a2 - 1;
      if (t3 = e3 ? `AAC PES did not start with ADTS header,offset:${n2}` : "No ADTS header found in AAC PES", vs(this.observer, new Error(t3), r2, e3, this.logger), !e3) return;
    }
    if (Yi(t2, this.observer, l2, n2, this.audioCodec), void 0 !== e2.pts) o2 = e2.pts;
    else {
      if (!s2) return void this.logger.warn("[tsdemuxer]: AAC PES unknown PTS");
      {
        const e3 = Wi(t2.samplerate);
        o2 = s2.sample.pts + e3;
      }
    }
    let d2, h2 = 0;
    for (; n2 < a2; ) {
      if (d2 = ji(t2, l2, n2, o2, h2), n2 += d2.length, d2.missing) {
        this.aacOverFlow = d2;
        break;
      }
      for (h2++; n2 < a2 - 1 && !Hi(l2, n2); n2++) ;
    }
  }
  parseMPEGPES(t2, e2) {
    const r2 = e2.data, i2 = r2.length;
    let s2 = 0, n2 = 0;
    const a2 = e2.pts;
    if (void 0 !== a2) for (; n2 < i2; ) if (ss(r2, n2)) {
      const e3 = es(t2, r2, n2, a2, s2);
      if (!e3) break;
      n2 += e3.length, s2++;
    } else n2++;
    else this.logger.warn("[tsdemuxer]: MPEG PES unknown PTS");
  }
  parseAC3PES(t2, e2) {
  }
  parseID3PES(t2, e2) {
    if (void 0 === e2.pts) return void this.logger.warn("[tsdemuxer]: ID3 PES unknown PTS");
    const r2 = I({}, e2, { type: this._videoTrack ? wi.emsg : wi.audioId3, duration: Number.POSITIVE_INFINITY });
    t2.samples.push(r2);
  }
  parseKlvPES(t2, e2) {
    var r2;
    const i2 = null != (r2 = e2.pts) ? r2 : e2.dts;
    if (void 0 === i2) return void this.logger.warn("[tsdemuxer]: KLV PES unknown PTS and DTS");
    const s2 = e2.data;
    if (s2.length < 16) return void this.logger.warn("[tsdemuxer]: KLV PES payload too short");
    let n2 = 0;
    for (; n2 < s2.length; ) {
      var a2;
      if (n2 + 16 > s2.length) break;
      const r3 = n2;
      if (n2 += 16, n2 >= s2.length) break;
      const o2 = s2[n2];
      n2 += 1;
      let l2 = 0;
      if (128 & o2) {
        const t3 = 127 & o2;
        if (0 === t3 || t3 > 4 || n2 + t3 > s2.length) {
          this.logger.warn("[tsdemuxer]: Invalid KLV length encoding");
          break;
        }
        for (let e3 = 0; e3 < t3; e3++) l2 = l2 << 8 | s2[n2 + e3];
        n2 += t3;
      } else l2 = o2;
      if (n2 + l2 > s2.length) {
        this.logger.warn("[tsdemuxer]: KLV value extends beyond PES payload");
        break;
      }
      const d2 = n2 + l2, h2 = s2.subarray(r3, d2), u2 = { data: h2, len: h2.byteLength, pts: i2, dts: null != (a2 = e2.dts) ? a2 : i2, type: wi.misbklv, duration: Number.POSITIVE_INFINITY };
      t2.samples.push(u2), n2 = d2;
    }
  }
};
function gs(t2, e2) {
  return ((31 & t2[e2 + 1]) << 8) + t2[e2 + 2];
}
function ms(t2, e2) {
  return (31 & t2[e2 + 10]) << 8 | t2[e2 + 11];
}
function ps(t2, e2, r2, i2, s2, n2, a2, o2) {
  const l2 = { audioPid: -1, videoPid: -1, id3Pid: -1, klvPid: -1, segmentVideoCodec: "avc", segmentAudioCodec: "aac" }, d2 = e2 + 3 + ((15 & t2[e2 + 1]) << 8 | t2[e2 + 2]) - 4;
  for (e2 += 12 + ((15 & t2[e2 + 10]) << 8 | t2[e2 + 11]); e2 < d2; ) {
    const d3 = gs(t2, e2), h2 = (15 & t2[e2 + 3]) << 8 | t2[e2 + 4];
    switch (t2[e2]) {
      case 207:
        if (!i2) {
          Es("ADTS AAC", n2);
          break;
        }
      case 15:
        -1 === l2.audioPid && (l2.audioPid = d3);
        break;
      case 21:
        -1 === l2.id3Pid && (l2.id3Pid = d3);
        break;
      case 219:
        if (!i2) {
          Es("H.264", n2);
          break;
        }
      case 27:
        -1 === l2.videoPid && (l2.videoPid = d3);
        break;
      case 3:
      case 4:
        r2.mpeg || r2.mp3 ? -1 === l2.audioPid && (l2.audioPid = d3, l2.segmentAudioCodec = "mp3") : n2.log("MPEG audio found, not supported in this browser");
        break;
      case 193:
        if (!i2) {
          Es("AC-3", n2);
          break;
        }
      case 129:
        n2.warn("AC-3 in M2TS support not included in build");
        break;
      case 6:
        if (h2 > 0) {
          let r3 = e2 + 5, i3 = h2;
          for (; i3 > 2; ) {
            switch (t2[r3]) {
              case 106:
                -1 === l2.audioPid && n2.warn("AC-3 in M2TS support not included in build");
                break;
              case 5:
                -1 === l2.klvPid && a2.enableEmsgKLVMetadata && (l2.klvPid = d3, n2.log(`KLV metadata PID found: ${d3}`));
            }
            const e3 = t2[r3 + 1] + 2;
            r3 += e3, i3 -= e3;
          }
        }
        break;
      case 194:
      case 135:
        return vs(s2, new Error("Unsupported EC-3 in M2TS found"), o2, void 0, n2), l2;
      case 36:
        return vs(s2, new Error("Unsupported HEVC in M2TS found"), o2, void 0, n2), l2;
    }
    e2 += h2 + 5;
  }
  return l2;
}
function vs(t2, e2, r2, a2, o2) {
  o2.warn(`parsing error: ${e2.message}`), t2.emit(n.ERROR, n.ERROR, { type: i.MEDIA_ERROR, details: s.FRAG_PARSING_ERROR, fatal: false, levelRetry: a2, chunkMeta: r2, error: e2, reason: e2.message });
}
function Es(t2, e2) {
  e2.log(`${t2} with AES-128-CBC encryption found in unencrypted stream`);
}
function ys(t2, e2) {
  let r2, i2, s2, n2, a2, o2 = 0;
  const l2 = t2.data;
  if (!t2 || 0 === t2.size) return null;
  for (; l2[0].length < 19 && l2.length > 1; ) l2[0] = Yt(l2[0], l2[1]), l2.splice(1, 1);
  r2 = l2[0];
  if (1 === (r2[0] << 16) + (r2[1] << 8) + r2[2]) {
    if (i2 = (r2[4] << 8) + r2[5], i2 && i2 > t2.size - 6) return null;
    const d2 = r2[7];
    192 & d2 && (n2 = 536870912 * (14 & r2[9]) + 4194304 * (255 & r2[10]) + 16384 * (254 & r2[11]) + 128 * (255 & r2[12]) + (254 & r2[13]) / 2, 64 & d2 ? (a2 = 536870912 * (14 & r2[14]) + 4194304 * (255 & r2[15]) + 16384 * (254 & r2[16]) + 128 * (255 & r2[17]) + (254 & r2[18]) / 2, n2 - a2 > 54e5 && (e2.warn(`${Math.round((n2 - a2) / 9e4)}s delta between PTS and DTS, align them`), n2 = a2)) : a2 = n2), s2 = r2[8];
    let h2 = s2 + 9;
    if (t2.size <= h2) return null;
    t2.size -= h2;
    const u2 = new Uint8Array(t2.size);
    for (let t3 = 0, e3 = l2.length; t3 < e3; t3++) {
      r2 = l2[t3];
      let e4 = r2.byteLength;
      if (h2) {
        if (h2 > e4) {
          h2 -= e4;
          continue;
        }
        r2 = r2.subarray(h2), e4 -= h2, h2 = 0;
      }
      u2.set(r2, o2), o2 += e4;
    }
    return i2 && (i2 -= s2 + 3), { data: u2, pts: n2, dts: a2, len: i2 };
  }
  return null;
}
var Ts = class {
  constructor(t2) {
    this.logger = void 0, this.pid = 0, this.lastContinuityCounter = -1, this.integrityState = "ok", this.logger = t2;
  }
  get isCorrupted() {
    return "ok" !== this.integrityState;
  }
  reset(t2) {
    this.pid = t2, this.lastContinuityCounter = -1, this.integrityState = "ok";
  }
  handlePacket(t2) {
    if (t2.byteLength < 4) return;
    const e2 = gs(t2, 0);
    if (e2 !== this.pid) return void this.logger.debug(`Packet PID mismatch, expected ${this.pid} got ${e2}`);
    const r2 = (48 & t2[3]) >> 4;
    if (0 === r2) return;
    const i2 = 15 & t2[3], s2 = this.lastContinuityCounter;
    this.lastContinuityCounter = i2;
    const n2 = 0 != (1 & r2);
    if (0 != (2 & r2) && 0 != t2[4] && 0 != (128 & t2[5])) return;
    if (s2 < 0) return;
    const a2 = n2 ? s2 + 1 & 15 : s2;
    return i2 !== a2 ? (this.logger.warn(`MPEG-TS Continuity Counter check failed for PID='${e2}', CC=${i2}, Expected-CC=${a2} Last-CC=${s2}`), void (this.integrityState = "cc-failed")) : 0 != (128 & t2[1]) ? (this.logger.warn(`MPEG-TS Packet had TEI flag set for PID='${e2}'`), void (this.integrityState = "tei-bit")) : void 0;
  }
};
var Ss = class {
  static getSilentFrame(t2, e2) {
    if ("mp4a.40.2" === t2) {
      if (1 === e2) return new Uint8Array([0, 200, 0, 128, 35, 128]);
      if (2 === e2) return new Uint8Array([33, 0, 73, 144, 2, 25, 0, 35, 128]);
      if (3 === e2) return new Uint8Array([0, 200, 0, 128, 32, 132, 1, 38, 64, 8, 100, 0, 142]);
      if (4 === e2) return new Uint8Array([0, 200, 0, 128, 32, 132, 1, 38, 64, 8, 100, 0, 128, 44, 128, 8, 2, 56]);
      if (5 === e2) return new Uint8Array([0, 200, 0, 128, 32, 132, 1, 38, 64, 8, 100, 0, 130, 48, 4, 153, 0, 33, 144, 2, 56]);
      if (6 === e2) return new Uint8Array([0, 200, 0, 128, 32, 132, 1, 38, 64, 8, 100, 0, 130, 48, 4, 153, 0, 33, 144, 2, 0, 178, 0, 32, 8, 224]);
    } else {
      if (1 === e2) return new Uint8Array([1, 64, 34, 128, 163, 78, 230, 128, 186, 8, 0, 0, 0, 28, 6, 241, 193, 10, 90, 90, 90, 90, 90, 90, 90, 90, 90, 90, 90, 90, 90, 90, 90, 90, 90, 90, 90, 90, 90, 90, 90, 90, 90, 90, 90, 90, 90, 90, 90, 90, 90, 90, 90, 90, 90, 90, 90, 90, 94]);
      if (2 === e2) return new Uint8Array([1, 64, 34, 128, 163, 94, 230, 128, 186, 8, 0, 0, 0, 0, 149, 0, 6, 241, 161, 10, 90, 90, 90, 90, 90, 90, 90, 90, 90, 90, 90, 90, 90, 90, 90, 90, 90, 90, 90, 90, 90, 90, 90, 90, 90, 90, 90, 90, 90, 90, 90, 90, 90, 90, 90, 90, 90, 90, 94]);
      if (3 === e2) return new Uint8Array([1, 64, 34, 128, 163, 94, 230, 128, 186, 8, 0, 0, 0, 0, 149, 0, 6, 241, 161, 10, 90, 90, 90, 90, 90, 90, 90, 90, 90, 90, 90, 90, 90, 90, 90, 90, 90, 90, 90, 90, 90, 90, 90, 90, 90, 90, 90, 90, 90, 90, 90, 90, 90, 90, 90, 90, 90, 90, 94]);
    }
  }
};
var Ls;
var As = { video: new Uint8Array([0, 0, 0, 0, 0, 0, 0, 0, 118, 105, 100, 101, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 86, 105, 100, 101, 111, 72, 97, 110, 100, 108, 101, 114, 0]), audio: new Uint8Array([0, 0, 0, 0, 0, 0, 0, 0, 115, 111, 117, 110, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 83, 111, 117, 110, 100, 72, 97, 110, 100, 108, 101, 114, 0]) };
var Rs = new Uint8Array([0, 0, 0, 0, 0, 0, 0, 0]);
var bs = new Uint8Array([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
var Ds = new Uint8Array([0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0]);
var Is = new Uint8Array([0, 0, 0, 0, 0, 0, 0, 0]);
var ks = new Uint8Array([0, 0, 0, 0, 0, 0, 0, 1]);
var _s = new Uint8Array([105, 115, 111, 109]);
var Cs = new Uint8Array([97, 118, 99, 49]);
var Ps = new Uint8Array([0, 0, 0, 1]);
var xs = class _xs {
  static box(t2, ...e2) {
    let r2 = 8, i2 = e2.length;
    const s2 = i2;
    for (; i2--; ) r2 += e2[i2].byteLength;
    const n2 = new Uint8Array(r2);
    for (Pt(n2, 0, r2), Pt(n2, 4, t2), i2 = 0, r2 = 8; i2 < s2; i2++) n2.set(e2[i2], r2), r2 += e2[i2].byteLength;
    return n2;
  }
  static hdlr(t2) {
    return _xs.box(Rt.hdlr, As[t2]);
  }
  static mdat(t2) {
    return _xs.box(Rt.mdat, t2);
  }
  static mdhd(t2, e2) {
    e2 *= t2;
    const r2 = Math.floor(e2 / (At + 1)), i2 = Math.floor(e2 % (At + 1));
    return _xs.box(Rt.mdhd, new Uint8Array([1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0, 3, t2 >> 24 & 255, t2 >> 16 & 255, t2 >> 8 & 255, 255 & t2, r2 >> 24, r2 >> 16 & 255, r2 >> 8 & 255, 255 & r2, i2 >> 24, i2 >> 16 & 255, i2 >> 8 & 255, 255 & i2, 85, 196, 0, 0]));
  }
  static mdia(t2) {
    return _xs.box(Rt.mdia, _xs.mdhd(t2.timescale || 0, t2.duration || 0), _xs.hdlr(t2.type), _xs.minf(t2));
  }
  static mfhd(t2) {
    return _xs.box(Rt.mfhd, new Uint8Array([0, 0, 0, 0, t2 >> 24, t2 >> 16 & 255, t2 >> 8 & 255, 255 & t2]));
  }
  static minf(t2) {
    return "audio" === t2.type ? _xs.box(Rt.minf, _xs.box(Rt.smhd, Is), _xs.DINF, _xs.stbl(t2)) : _xs.box(Rt.minf, _xs.box(Rt.vmhd, Ds), _xs.DINF, _xs.stbl(t2));
  }
  static moof(t2, e2, r2) {
    return _xs.box(Rt.moof, _xs.mfhd(t2), _xs.traf(r2, e2));
  }
  static moov(t2) {
    let e2 = t2.length;
    const r2 = [];
    for (; e2--; ) r2[e2] = _xs.trak(t2[e2]);
    return _xs.box.apply(null, [Rt.moov, _xs.mvhd(t2[0].timescale || 0, t2[0].duration || 0)].concat(r2).concat(_xs.mvex(t2)));
  }
  static mvex(t2) {
    let e2 = t2.length;
    const r2 = [];
    for (; e2--; ) r2[e2] = _xs.trex(t2[e2]);
    return _xs.box.apply(null, [Rt.mvex, ...r2]);
  }
  static mvhd(t2, e2) {
    e2 *= t2;
    const r2 = Math.floor(e2 / (At + 1)), i2 = Math.floor(e2 % (At + 1)), s2 = new Uint8Array([1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0, 3, t2 >> 24 & 255, t2 >> 16 & 255, t2 >> 8 & 255, 255 & t2, r2 >> 24, r2 >> 16 & 255, r2 >> 8 & 255, 255 & r2, i2 >> 24, i2 >> 16 & 255, i2 >> 8 & 255, 255 & i2, 0, 1, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 64, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 255, 255, 255, 255]);
    return _xs.box(Rt.mvhd, s2);
  }
  static sdtp(t2) {
    const e2 = t2.samples || [], r2 = new Uint8Array(4 + e2.length);
    let i2, s2;
    for (i2 = 0; i2 < e2.length; i2++) s2 = e2[i2].flags, r2[i2 + 4] = s2.dependsOn << 4 | s2.isDependedOn << 2 | s2.hasRedundancy;
    return _xs.box(Rt.sdtp, r2);
  }
  static stbl(t2) {
    return _xs.box(Rt.stbl, _xs.stsd(t2), _xs.box(Rt.stts, Rs), _xs.box(Rt.stsc, Rs), _xs.box(Rt.stsz, bs), _xs.box(Rt.stco, Rs));
  }
  static avc1(t2) {
    let e2, r2, i2, s2 = [], n2 = [];
    for (e2 = 0; e2 < t2.sps.length; e2++) r2 = t2.sps[e2], i2 = r2.byteLength, s2.push(i2 >>> 8 & 255), s2.push(255 & i2), s2 = s2.concat(Array.prototype.slice.call(r2));
    for (e2 = 0; e2 < t2.pps.length; e2++) r2 = t2.pps[e2], i2 = r2.byteLength, n2.push(i2 >>> 8 & 255), n2.push(255 & i2), n2 = n2.concat(Array.prototype.slice.call(r2));
    const a2 = _xs.box(Rt.avcC, new Uint8Array([1, s2[3], s2[4], s2[5], 255, 224 | t2.sps.length].concat(s2).concat([t2.pps.length]).concat(n2))), o2 = t2.width, l2 = t2.height, d2 = t2.pixelRatio[0], h2 = t2.pixelRatio[1];
    return _xs.box(Rt.avc1, new Uint8Array([0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, o2 >> 8 & 255, 255 & o2, l2 >> 8 & 255, 255 & l2, 0, 72, 0, 0, 0, 72, 0, 0, 0, 0, 0, 0, 0, 1, 18, 100, 97, 105, 108, 121, 109, 111, 116, 105, 111, 110, 47, 104, 108, 115, 46, 106, 115, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 24, 17, 17]), a2, _xs.box(Rt.btrt, new Uint8Array([0, 28, 156, 128, 0, 45, 198, 192, 0, 45, 198, 192])), _xs.box(Rt.pasp, new Uint8Array([d2 >> 24, d2 >> 16 & 255, d2 >> 8 & 255, 255 & d2, h2 >> 24, h2 >> 16 & 255, h2 >> 8 & 255, 255 & h2])));
  }
  static esds(t2) {
    const e2 = t2.config, r2 = e2.length;
    return new Uint8Array([0, 0, 0, 0, 3, 23 + r2, 0, 1, 0, 4, 15 + r2, 64, 21, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 5, r2, ...e2, 6, 1, 2]);
  }
  static audioStsd(t2) {
    const e2 = t2.samplerate || 0;
    return new Uint8Array([0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, t2.channelCount || 0, 0, 16, 0, 0, 0, 0, e2 >> 8 & 255, 255 & e2, 0, 0]);
  }
  static mp4a(t2) {
    return _xs.box(Rt.mp4a, _xs.audioStsd(t2), _xs.box(Rt.esds, _xs.esds(t2)));
  }
  static mp3(t2) {
    return _xs.box(Rt[".mp3"], _xs.audioStsd(t2));
  }
  static ac3(t2) {
    return _xs.box(Rt["ac-3"], _xs.audioStsd(t2), _xs.box(Rt.dac3, t2.config));
  }
  static stsd(t2) {
    const { segmentCodec: e2 } = t2;
    if ("audio" === t2.type) {
      if ("aac" === e2) return _xs.box(Rt.stsd, ks, _xs.mp4a(t2));
      if ("mp3" === e2 && "mp3" === t2.codec) return _xs.box(Rt.stsd, ks, _xs.mp3(t2));
    } else {
      if (!t2.pps || !t2.sps) throw new Error("video track missing pps or sps");
      if ("avc" === e2) return _xs.box(Rt.stsd, ks, _xs.avc1(t2));
    }
    throw new Error(`unsupported ${t2.type} segment codec (${e2}/${t2.codec})`);
  }
  static tkhd(t2) {
    const e2 = t2.id, r2 = (t2.duration || 0) * (t2.timescale || 0), i2 = t2.width || 0, s2 = t2.height || 0, n2 = Math.floor(r2 / (At + 1)), a2 = Math.floor(r2 % (At + 1));
    return _xs.box(Rt.tkhd, new Uint8Array([1, 0, 0, 7, 0, 0, 0, 0, 0, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0, 3, e2 >> 24 & 255, e2 >> 16 & 255, e2 >> 8 & 255, 255 & e2, 0, 0, 0, 0, n2 >> 24, n2 >> 16 & 255, n2 >> 8 & 255, 255 & n2, a2 >> 24, a2 >> 16 & 255, a2 >> 8 & 255, 255 & a2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 64, 0, 0, 0, i2 >> 8 & 255, 255 & i2, 0, 0, s2 >> 8 & 255, 255 & s2, 0, 0]));
  }
  static traf(t2, e2) {
    const r2 = _xs.sdtp(t2), i2 = t2.id, s2 = Math.floor(e2 / (At + 1)), n2 = Math.floor(e2 % (At + 1));
    return _xs.box(Rt.traf, _xs.box(Rt.tfhd, new Uint8Array([0, 0, 0, 0, i2 >> 24, i2 >> 16 & 255, i2 >> 8 & 255, 255 & i2])), _xs.box(Rt.tfdt, new Uint8Array([1, 0, 0, 0, s2 >> 24, s2 >> 16 & 255, s2 >> 8 & 255, 255 & s2, n2 >> 24, n2 >> 16 & 255, n2 >> 8 & 255, 255 & n2])), _xs.trun(t2, r2.length + 16 + 20 + 8 + 16 + 8 + 8), r2);
  }
  static trak(t2) {
    return t2.duration = t2.duration || 4294967295, _xs.box(Rt.trak, _xs.tkhd(t2), _xs.mdia(t2));
  }
  static trex(t2) {
    const e2 = t2.id;
    return _xs.box(Rt.trex, new Uint8Array([0, 0, 0, 0, e2 >> 24, e2 >> 16 & 255, e2 >> 8 & 255, 255 & e2, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 1]));
  }
  static trun(t2, e2) {
    const r2 = t2.samples || [], i2 = r2.length, s2 = 12 + 16 * i2, n2 = new Uint8Array(s2);
    let a2, o2, l2, d2, h2, u2;
    for (e2 += 8 + s2, n2.set(["video" === t2.type ? 1 : 0, 0, 15, 1, i2 >>> 24 & 255, i2 >>> 16 & 255, i2 >>> 8 & 255, 255 & i2, e2 >>> 24 & 255, e2 >>> 16 & 255, e2 >>> 8 & 255, 255 & e2], 0), a2 = 0; a2 < i2; a2++) o2 = r2[a2], l2 = o2.duration, d2 = o2.size, h2 = o2.flags, u2 = o2.cts, n2.set([l2 >>> 24 & 255, l2 >>> 16 & 255, l2 >>> 8 & 255, 255 & l2, d2 >>> 24 & 255, d2 >>> 16 & 255, d2 >>> 8 & 255, 255 & d2, h2.isLeading << 2 | h2.dependsOn, h2.isDependedOn << 6 | h2.hasRedundancy << 4 | h2.paddingValue << 1 | h2.isNonSync, 61440 & h2.degradPrio, 15 & h2.degradPrio, u2 >>> 24 & 255, u2 >>> 16 & 255, u2 >>> 8 & 255, 255 & u2], 12 + 16 * a2);
    return _xs.box(Rt.trun, n2);
  }
  static initSegment(t2) {
    const e2 = _xs.moov(t2);
    return Yt(_xs.FTYP, e2);
  }
  static hvc1(t2) {
    return new Uint8Array();
  }
};
Ls = xs, xs.FTYP = Ls.box(Rt.ftyp, _s, Ps, _s, Cs), xs.DINF = Ls.box(Rt.dinf, Ls.box(Rt.dref, new Uint8Array([0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 12, 117, 114, 108, 32, 0, 0, 0, 1])));
function ws(t2, e2 = false) {
  return (function(t3, e3, r2 = 1, i2 = false) {
    const s2 = t3 * e3 * r2;
    return i2 ? Math.round(s2) : s2;
  })(t2, 1e3, 1 / 9e4, e2);
}
function Os(t2) {
  const { baseTime: e2, timescale: r2, trackId: i2 } = t2;
  return `${e2 / r2} (${e2}/${r2}) trackId: ${i2}`;
}
var Ms = 8589934592;
function Fs(t2, e2, r2, i2) {
  return { duration: e2, size: r2, cts: i2, flags: { isLeading: 0, isDependedOn: 0, hasRedundancy: 0, degradPrio: 0, dependsOn: t2 ? 2 : 1, isNonSync: t2 ? 0 : 1, paddingValue: 0 } };
}
var Ns = class extends G {
  constructor(t2, e2, r2, i2) {
    super("mp4-remuxer", i2), this.observer = void 0, this.config = void 0, this.typeSupported = void 0, this.ISGenerated = false, this._initPTS = null, this._initDTS = null, this.nextVideoTs = null, this.nextAudioTs = null, this.videoSampleDuration = null, this.isAudioContiguous = false, this.isVideoContiguous = false, this.videoTrackConfig = void 0, this.observer = t2, this.config = e2, this.typeSupported = r2, this.ISGenerated = false;
  }
  destroy() {
    this.config = this.videoTrackConfig = this._initPTS = this._initDTS = null;
  }
  resetTimeStamp(t2) {
    const e2 = this._initPTS;
    e2 && t2 && t2.trackId === e2.trackId && t2.baseTime === e2.baseTime && t2.timescale === e2.timescale || this.log(`Reset initPTS: ${e2 ? Os(e2) : e2} > ${t2 ? Os(t2) : t2}`), this._initPTS = this._initDTS = t2;
  }
  resetNextTimestamp() {
    this.log("reset next timestamp"), this.isVideoContiguous = false, this.isAudioContiguous = false;
  }
  resetInitSegment() {
    this.log("ISGenerated flag reset"), this.ISGenerated = false, this.videoTrackConfig = void 0;
  }
  getVideoStartPts(t2) {
    let e2 = false;
    const r2 = t2[0].pts, i2 = t2.reduce(((t3, i3) => {
      let s2 = i3.pts, n2 = s2 - t3;
      return n2 < -4294967296 && (e2 = true, s2 = $s(s2, r2), n2 = s2 - t3), n2 > 0 ? t3 : s2;
    }), r2);
    return e2 && this.debug("PTS rollover detected"), i2;
  }
  remux(t2, e2, r2, i2, s2, n2, a2, o2, l2) {
    let d2, h2, u2, c2, f2, g2, m2 = s2, p2 = s2;
    const E2 = !l2.iframe && t2.pid > -1, y2 = e2.pid > -1, T2 = e2.samples.length, S2 = t2.samples.length > 0, L2 = a2 && T2 > 0 || T2 > 1;
    if ((!E2 || S2) && (!y2 || L2) || this.ISGenerated || a2) {
      if (this.ISGenerated) {
        var A2, R2, b2, D2;
        const t3 = this.videoTrackConfig;
        (t3 && (e2.width !== t3.width || e2.height !== t3.height || (null == (A2 = e2.pixelRatio) ? void 0 : A2[0]) !== (null == (R2 = t3.pixelRatio) ? void 0 : R2[0]) || (null == (b2 = e2.pixelRatio) ? void 0 : b2[1]) !== (null == (D2 = t3.pixelRatio) ? void 0 : D2[1])) || !t3 && L2 || null === this.nextAudioTs && S2) && this.resetInitSegment();
      }
      this.ISGenerated || (u2 = this.generateIS(t2, e2, s2, n2));
      const r3 = this.isVideoContiguous;
      let i3, a3 = -1;
      if (L2 && (a3 = (function(t3) {
        for (let e3 = 0; e3 < t3.length; e3++) if (t3[e3].key) return e3;
        return -1;
      })(e2.samples), !r3 && this.config.forceKeyFrameOnDiscontinuity)) if (g2 = true, a3 > 0) {
        this.warn(`Dropped ${a3} out of ${T2} video samples due to a missing keyframe`);
        const t3 = this.getVideoStartPts(e2.samples);
        e2.samples = e2.samples.slice(a3), e2.dropped += a3, p2 += (e2.samples[0].pts - t3) / e2.inputTimeScale, i3 = p2;
      } else -1 === a3 && (this.warn(`No keyframe found out of ${T2} video samples`), g2 = false);
      if (this.ISGenerated) {
        if (S2 && L2 && s2) {
          const r4 = this.getVideoStartPts(e2.samples), i4 = ($s(t2.samples[0].pts, r4) - r4) / e2.inputTimeScale;
          m2 += Math.max(0, i4), p2 += Math.max(0, -i4);
        }
        if (S2) {
          if (t2.samplerate || (this.warn("regenerate InitSegment as audio detected"), u2 = this.generateIS(t2, e2, s2, n2)), h2 = this.remuxAudio(t2, m2, this.isAudioContiguous, n2, y2 || L2 || o2 === v.AUDIO ? p2 : void 0, l2), L2) {
            const i4 = h2 ? h2.endPTS - h2.startPTS : 0;
            e2.inputTimeScale || (this.warn("regenerate InitSegment as video detected"), u2 = this.generateIS(t2, e2, s2, n2)), d2 = this.remuxVideo(e2, p2, r3, i4, l2);
          }
        } else L2 && (d2 = this.remuxVideo(e2, p2, r3, 0, l2));
        d2 && (d2.firstKeyFrame = a3, d2.independent = -1 !== a3, d2.firstKeyFramePTS = i3);
      }
    }
    return this.ISGenerated && this._initPTS && this._initDTS && (r2.samples.length && (f2 = Bs(r2, s2, this._initPTS, this._initDTS)), i2.samples.length && (c2 = Us(i2, s2, this._initPTS))), { audio: h2, video: d2, initSegment: u2, independent: g2, text: c2, id3: f2 };
  }
  computeInitPts(t2, e2, r2, i2) {
    const s2 = Math.round(r2 * e2);
    let n2 = $s(t2, s2);
    if (n2 < s2) for (this.log(`Adjusting PTS for rollover in timeline near ${(s2 - n2) / e2} ${i2}`); n2 < s2; ) n2 += Ms;
    return n2 - s2;
  }
  generateIS(e2, r2, i2, s2) {
    const n2 = e2.samples, a2 = r2.samples, o2 = this.typeSupported, l2 = {}, d2 = this._initPTS, h2 = !d2 || s2;
    let u2, c2, f2, g2 = "audio/mp4", m2 = -1;
    if (h2 && (u2 = c2 = 1 / 0), e2.config && n2.length) {
      switch (e2.timescale = e2.samplerate, e2.segmentCodec) {
        case "mp3":
          o2.mpeg ? (g2 = "audio/mpeg", e2.codec = "") : o2.mp3 && (e2.codec = "mp3");
          break;
        case "ac3":
          e2.codec = "ac-3";
      }
      if (l2.audio = { id: "audio", container: g2, codec: e2.codec, initSegment: "mp3" === e2.segmentCodec && o2.mpeg ? new Uint8Array(0) : xs.initSegment([e2]), metadata: { channelCount: e2.channelCount } }, h2) {
        m2 = e2.id, f2 = e2.inputTimeScale;
        const t2 = this.computeInitPts(n2[0].pts, f2, i2, "audio");
        (!d2 || f2 !== d2.timescale || 0 === i2 && t2 < d2.baseTime) && (u2 = c2 = t2);
      }
    }
    if (r2.sps && r2.pps && a2.length) {
      if (r2.timescale = r2.inputTimeScale, l2.video = { id: "main", container: "video/mp4", codec: r2.codec, initSegment: xs.initSegment([r2]), metadata: { width: r2.width, height: r2.height } }, h2) {
        m2 = r2.id, f2 = r2.inputTimeScale;
        const e3 = this.getVideoStartPts(a2), s3 = $s(a2[0].dts, e3), n3 = this.computeInitPts(s3, f2, i2, "video"), o3 = this.computeInitPts(e3, f2, i2, "video");
        if (!d2 || f2 !== d2.timescale || t(u2) || 0 === i2 && o3 < d2.baseTime) {
          c2 = Math.min(c2, n3);
          const t2 = !d2 && this.isVideoContiguous ? o3 : n3;
          u2 = Math.min(u2, t2);
        }
      }
      this.videoTrackConfig = { width: r2.width, height: r2.height, pixelRatio: r2.pixelRatio };
    }
    if (Object.keys(l2).length) return this.ISGenerated = true, h2 && t(u2) ? (d2 && this.warn(`Timestamps at playlist time: ${s2 ? "" : "~"}${i2} ${u2 / f2} != initPTS: ${d2.baseTime / d2.timescale} (${d2.baseTime}/${d2.timescale}) trackId: ${d2.trackId}`), this.log(`Found initPTS at playlist time: ${i2} offset: ${u2 / f2} (${u2}/${f2}) trackId: ${m2}`), this._initPTS = { baseTime: u2, timescale: f2, trackId: m2 }, this._initDTS = { baseTime: c2, timescale: f2, trackId: m2 }) : u2 = f2 = void 0, { tracks: l2, initPTS: u2, timescale: f2, trackId: m2 };
  }
  remuxVideo(t2, e2, r2, a2, o2) {
    const l2 = t2.inputTimeScale, d2 = t2.samples, h2 = [], u2 = d2.length, c2 = this._initPTS, f2 = c2.baseTime * l2 / c2.timescale;
    let g2, m2, p2 = this.nextVideoTs, v2 = 8, E2 = this.videoSampleDuration, y2 = Number.POSITIVE_INFINITY, T2 = Number.NEGATIVE_INFINITY, S2 = false;
    if (!r2 || null === p2) {
      const t3 = f2 + e2 * l2, i2 = d2[0].pts - $s(d2[0].dts, d2[0].pts);
      ee() && null !== p2 && Math.abs(t3 - i2 - (p2 + f2)) < 15e3 ? r2 = true : p2 = t3 - i2 - f2;
    }
    const L2 = p2 + f2;
    for (let t3 = 0; t3 < u2; t3++) {
      const e3 = d2[t3];
      e3.pts = $s(e3.pts, L2), e3.dts = $s(e3.dts, L2), e3.dts < d2[t3 > 0 ? t3 - 1 : t3].dts && (S2 = true);
    }
    S2 && d2.sort((function(t3, e3) {
      const r3 = t3.dts - e3.dts, i2 = t3.pts - e3.pts;
      return r3 || i2;
    })), g2 = d2[0].dts, m2 = d2[d2.length - 1].dts;
    const A2 = m2 - g2, R2 = A2 ? Math.round(A2 / (u2 - 1)) : E2 || t2.inputTimeScale / 30;
    if (r2) {
      const r3 = g2 - L2, i2 = r3 > R2, s2 = r3 < -1;
      if ((i2 || s2) && (i2 ? this.warn(`${(t2.segmentCodec || "").toUpperCase()}: ${ws(r3, true)} ms (${r3}dts) hole between fragments detected at ${e2.toFixed(3)}`) : this.warn(`${(t2.segmentCodec || "").toUpperCase()}: ${ws(-r3, true)} ms (${r3}dts) overlapping between fragments detected at ${e2.toFixed(3)}`), !s2 || L2 >= d2[0].pts || ee())) {
        g2 = L2;
        const t3 = d2[0].pts - r3;
        if (i2) d2[0].dts = g2, d2[0].pts = t3;
        else {
          let e3 = true;
          for (let i3 = 0; i3 < d2.length && !(d2[i3].dts > t3 && e3); i3++) {
            const t4 = d2[i3].pts;
            if (d2[i3].dts -= r3, d2[i3].pts -= r3, i3 < d2.length - 1) {
              const r4 = d2[i3 + 1].pts;
              e3 = r4 <= d2[i3].pts == r4 <= t4;
            }
          }
        }
        this.log(`Video: Initial PTS/DTS adjusted: ${ws(t3, true)}/${ws(g2, true)}, delta: ${ws(r3, true)} ms`);
      }
    }
    g2 = Math.max(0, g2);
    let b2 = 0, D2 = 0, k2 = g2;
    for (let t3 = 0; t3 < u2; t3++) {
      const e3 = d2[t3], r3 = e3.units, i2 = r3.length;
      let s2 = 0;
      for (let t4 = 0; t4 < i2; t4++) s2 += r3[t4].data.length;
      D2 += s2, b2 += i2, e3.length = s2, e3.dts < k2 ? (e3.dts = k2, k2 += R2 / 4 | 0 || 1) : k2 = e3.dts, y2 = Math.min(e3.pts, y2), T2 = Math.max(e3.pts, T2);
    }
    m2 = d2[u2 - 1].dts;
    const _2 = D2 + 4 * b2 + 8;
    let C2;
    try {
      C2 = new Uint8Array(_2);
    } catch (t3) {
      return void this.observer.emit(n.ERROR, n.ERROR, { type: i.MUX_ERROR, details: s.REMUX_ALLOC_ERROR, fatal: false, chunkMeta: o2, error: t3, bytes: _2, reason: `fail allocating video mdat ${_2}` });
    }
    Pt(C2, 0, _2), Pt(C2, 4, Rt.mdat);
    let P2 = false, x2 = Number.POSITIVE_INFINITY, w2 = Number.POSITIVE_INFINITY, O2 = Number.NEGATIVE_INFINITY, M2 = Number.NEGATIVE_INFINITY;
    for (let t3 = 0; t3 < u2; t3++) {
      const e3 = d2[t3], i2 = e3.units;
      let s2, n2 = 0;
      for (let t4 = 0, e4 = i2.length; t4 < e4; t4++) {
        const e5 = i2[t4], r3 = e5.data, s3 = e5.data.byteLength;
        Pt(C2, v2, s3), v2 += 4, C2.set(r3, v2), v2 += s3, n2 += 4 + s3;
      }
      if (t3 < u2 - 1) E2 = d2[t3 + 1].dts - e3.dts, s2 = d2[t3 + 1].pts - e3.pts;
      else {
        const r3 = this.config, i3 = t3 > 0 ? e3.dts - d2[t3 - 1].dts : R2;
        if (s2 = t3 > 0 ? e3.pts - d2[t3 - 1].pts : R2, r3.stretchShortVideoTrack && null !== this.nextAudioTs) {
          const t4 = Math.floor(r3.maxBufferHole * l2), s3 = (a2 ? y2 + a2 * l2 : this.nextAudioTs + f2) - e3.pts;
          s3 > t4 ? (E2 = s3 - i3, E2 < 0 ? E2 = i3 : P2 = true, this.log(`It is approximately ${s3 / 90} ms to the next segment; using duration ${E2 / 90} ms for the last video frame.`)) : E2 = i3;
        } else E2 = i3;
      }
      let c3 = Math.round(e3.pts - e3.dts);
      if (x2 = Math.min(x2, E2), O2 = Math.max(O2, E2), w2 = Math.min(w2, s2), M2 = Math.max(M2, s2), !r2 && 0 === t3 && c3 > E2) {
        const t4 = Math.round(c3 / R2) * R2;
        t4 - c3 == 1 && (this.log(`pad first CTS ${c3} -> ${t4} of sn: ${o2.sn}`), c3 = t4);
      }
      h2.push(Fs(e3.key, E2, n2, c3));
    }
    if (h2.length) {
      const t3 = ee();
      if (t3) {
        if (t3 < 70) {
          const t4 = h2[0].flags;
          t4.dependsOn = 2, t4.isNonSync = 0;
        }
      } else if ((function() {
        if (void 0 === Jt) {
          const t4 = Xt.match(/Safari\/(\d+)/i);
          Jt = t4 ? parseInt(t4[1]) : 0;
        }
        return Jt;
      })() && M2 - w2 < O2 - x2 && R2 / O2 < 0.025 && 0 === h2[0].cts) {
        this.warn("Found irregular gaps in sample duration. Using PTS instead of DTS to determine MP4 sample duration.");
        let t4 = g2;
        for (let e3 = 0, r3 = h2.length; e3 < r3; e3++) {
          const i2 = t4 + h2[e3].duration, s2 = t4 + h2[e3].cts;
          if (e3 < r3 - 1) {
            const t5 = i2 + h2[e3 + 1].cts;
            h2[e3].duration = t5 - s2;
          } else h2[e3].duration = e3 ? h2[e3 - 1].duration : R2;
          h2[e3].cts = 0, t4 = i2;
        }
      }
    }
    E2 = P2 || !E2 ? R2 : E2;
    const F2 = m2 + E2;
    this.nextVideoTs = p2 = F2 - f2, this.videoSampleDuration = E2, this.isVideoContiguous = true;
    const N2 = { data1: xs.moof(o2.sn, g2, I(t2, { samples: h2 })), data2: C2, startPTS: (y2 - f2) / l2, endPTS: (T2 + E2 - f2) / l2, startDTS: (g2 - f2) / l2, endDTS: p2 / l2, type: "video", hasAudio: false, hasVideo: true, nb: h2.length, dropped: t2.dropped };
    return t2.samples = [], t2.dropped = 0, N2;
  }
  getSamplesPerFrame(t2) {
    switch (t2.segmentCodec) {
      case "mp3":
        return 1152;
      case "ac3":
        return 1536;
      default:
        return 1024;
    }
  }
  remuxAudio(t2, e2, r2, a2, o2, l2) {
    const d2 = t2.inputTimeScale, h2 = d2 / (t2.samplerate ? t2.samplerate : d2), u2 = this.getSamplesPerFrame(t2), c2 = u2 * h2, f2 = this._initPTS, g2 = "mp3" === t2.segmentCodec && this.typeSupported.mpeg, m2 = [], p2 = void 0 !== o2;
    let v2 = t2.samples, E2 = g2 ? 0 : 8, y2 = this.nextAudioTs || -1;
    const T2 = f2.baseTime * d2 / f2.timescale, S2 = T2 + e2 * d2;
    if (this.isAudioContiguous = r2 = r2 || v2.length && y2 > 0 && (a2 && Math.abs(S2 - (y2 + T2)) < 9e3 || Math.abs($s(v2[0].pts, S2) - (y2 + T2)) < 20 * c2), v2.forEach((function(t3) {
      t3.pts = $s(t3.pts, S2);
    })), !r2 || y2 < 0) {
      const t3 = v2.length;
      if (v2 = v2.filter(((t4) => t4.pts >= 0)), t3 !== v2.length && this.warn(`Removed ${v2.length - t3} of ${t3} samples (initPTS ${T2} / ${d2})`), !v2.length) return;
      y2 = 0 === o2 ? 0 : a2 && !p2 ? Math.max(0, S2 - T2) : v2[0].pts - T2;
    }
    if ("aac" === t2.segmentCodec) {
      const e3 = this.config.maxAudioFramesDrift;
      for (let r3 = 0, i2 = y2 + T2; r3 < v2.length; r3++) {
        const s2 = v2[r3], n2 = s2.pts, a3 = n2 - i2, o3 = Math.abs(1e3 * a3 / d2);
        if (a3 <= -e3 * c2 && p2) 0 === r3 && (this.warn(`Audio frame @ ${(n2 / d2).toFixed(3)}s overlaps marker by ${Math.round(1e3 * a3 / d2)} ms.`), this.nextAudioTs = y2 = n2 - T2, i2 = n2);
        else if (a3 >= e3 * c2 && o3 < 1e4 && p2) {
          let e4 = Math.round(a3 / c2);
          for (i2 = n2 - e4 * c2; i2 < T2 && e4 && c2; ) e4--, i2 += c2;
          0 === r3 && (this.nextAudioTs = y2 = i2 - T2), this.warn(`Injecting ${e4} audio frames @ ${((i2 - T2) / d2).toFixed(3)}s due to ${Math.round(1e3 * a3 / d2)} ms gap.`);
          for (let n3 = 0; n3 < e4; n3++) {
            let e5 = Ss.getSilentFrame(t2.parsedCodec || t2.manifestCodec || t2.codec, t2.channelCount);
            e5 || (this.log("Unable to get silent frame for given audio codec; duplicating last frame instead."), e5 = s2.unit.subarray()), v2.splice(r3, 0, { unit: e5, pts: i2 }), i2 += c2, r3++;
          }
        }
        s2.pts = i2, i2 += c2;
      }
    }
    let L2, A2 = null, R2 = null, b2 = 0, D2 = v2.length;
    for (; D2--; ) b2 += v2[D2].unit.byteLength;
    for (let e3 = 0, a3 = v2.length; e3 < a3; e3++) {
      const a4 = v2[e3], o3 = a4.unit;
      let d3 = a4.pts;
      if (null !== R2) {
        m2[e3 - 1].duration = Math.round((d3 - R2) / h2);
      } else {
        if (r2 && "aac" === t2.segmentCodec && (d3 = y2 + T2), A2 = d3, !(b2 > 0)) return;
        b2 += E2;
        try {
          L2 = new Uint8Array(b2);
        } catch (t3) {
          return void this.observer.emit(n.ERROR, n.ERROR, { type: i.MUX_ERROR, details: s.REMUX_ALLOC_ERROR, fatal: false, chunkMeta: l2, error: t3, bytes: b2, reason: `fail allocating audio mdat ${b2}` });
        }
        g2 || (Pt(L2, 0, b2), Pt(L2, 4, Rt.mdat));
      }
      L2 && L2.set(o3, E2);
      const c3 = o3.byteLength;
      E2 += c3, m2.push(Fs(true, u2, c3, 0)), R2 = d3;
    }
    const k2 = m2.length;
    if (!k2) return;
    const _2 = m2[m2.length - 1];
    y2 = R2 - T2, this.nextAudioTs = y2 + h2 * _2.duration;
    const C2 = g2 ? new Uint8Array(0) : xs.moof(t2.sequenceNumber++, A2 / h2, I({}, t2, { samples: m2 }));
    t2.samples = [];
    const P2 = (A2 - T2) / d2, x2 = this.nextAudioTs / d2, w2 = { data1: C2, data2: L2, startPTS: P2, endPTS: x2, startDTS: P2, endDTS: x2, type: "audio", hasAudio: true, hasVideo: false, nb: k2 };
    return this.isAudioContiguous = true, w2;
  }
};
function $s(t2, e2) {
  let r2;
  if (null === e2) return t2;
  for (r2 = e2 < t2 ? -Ms : Ms; Math.abs(t2 - e2) > 4294967296; ) t2 += r2;
  return t2;
}
function Bs(t2, e2, r2, i2) {
  const s2 = t2.samples.length;
  if (!s2) return;
  const n2 = t2.inputTimeScale;
  for (let a3 = 0; a3 < s2; a3++) {
    const s3 = t2.samples[a3];
    s3.pts = $s(s3.pts - r2.baseTime * n2 / r2.timescale, e2 * n2) / n2, s3.dts = $s(s3.dts - i2.baseTime * n2 / i2.timescale, e2 * n2) / n2;
  }
  const a2 = t2.samples;
  return t2.samples = [], { samples: a2 };
}
function Us(t2, e2, r2) {
  const i2 = t2.samples.length;
  if (!i2) return;
  const s2 = t2.inputTimeScale;
  for (let n3 = 0; n3 < i2; n3++) {
    const i3 = t2.samples[n3];
    i3.pts = $s(i3.pts - r2.baseTime * s2 / r2.timescale, e2 * s2) / s2;
  }
  t2.samples.sort(((t3, e3) => t3.pts - e3.pts));
  const n2 = t2.samples;
  return t2.samples = [], { samples: n2 };
}
function Gs(t2, e2, r2 = false) {
  return void 0 !== (null == t2 ? void 0 : t2.start) ? (t2.start + (r2 ? t2.duration : 0)) / t2.timescale : e2;
}
function Vs(t2, e2, r2) {
  const i2 = t2.codec;
  if (i2 && i2.length > 4) return i2;
  if (e2 === E.AUDIO) {
    if ("ec-3" === i2 || "ac-3" === i2 || "alac" === i2) return i2;
    if ("fLaC" === i2 || "Opus" === i2) {
      return ue(i2, false);
    }
    return r2.warn(`Unhandled audio codec "${i2}" in mp4 MAP`), i2 || "mp4a";
  }
  return "mjpg" === i2 ? i2 : (r2.warn(`Unhandled video codec "${i2}" in mp4 MAP`), i2 || "avc1");
}
var Hs;
try {
  Hs = self.performance.now.bind(self.performance);
} catch (t2) {
  Hs = Date.now;
}
var Ks = [{ demux: class {
  constructor(t2, e2, r2, i2 = j) {
    this.remainderData = null, this.timeOffset = 0, this.config = void 0, this.videoTrack = void 0, this.audioTrack = void 0, this.id3Track = void 0, this.txtTrack = void 0, this.initData = void 0, this.logger = void 0, this.config = e2, this.logger = i2;
  }
  resetTimeStamp() {
  }
  resetInitSegment(t2, e2, r2, i2) {
    const s2 = this.videoTrack = qi("video", 1), n2 = this.audioTrack = qi("audio", 1), a2 = this.txtTrack = qi("text", 1);
    if (this.id3Track = qi("id3", 1), this.initData = void 0, this.timeOffset = 0, null == t2 || !t2.byteLength) return;
    const o2 = this.initData = Mt(t2);
    if (o2.video) {
      const { id: t3, timescale: e3, codec: r3, supplemental: i3 } = o2.video;
      s2.id = t3, s2.timescale = a2.timescale = e3, s2.codec = r3, s2.supplemental = i3;
    }
    if (o2.audio) {
      const { id: t3, timescale: e3, codec: r3 } = o2.audio;
      n2.id = t3, n2.timescale = e3, n2.codec = r3;
    }
    a2.id = bt.text, s2.sampleDuration = 0, s2.duration = n2.duration = i2;
  }
  resetContiguity() {
    this.remainderData = null;
  }
  static probe(t2) {
    return (function(t3, e2) {
      const r2 = t3.byteLength;
      for (let i2 = 0; i2 < r2; ) {
        const s2 = It(t3, i2);
        if (s2 > 8 && It(t3, i2 + 4) === Rt[e2]) return true;
        i2 = s2 > 1 ? i2 + s2 : r2;
      }
      return false;
    })(t2, "moof");
  }
  demux(t2, e2, r2) {
    this.timeOffset = e2;
    let i2 = t2;
    const s2 = this.videoTrack, n2 = this.txtTrack;
    if (this.config.progressive) {
      this.remainderData && (i2 = Yt(this.remainderData, t2));
      const e3 = (function(t3) {
        const e4 = { valid: null, remainder: null }, r3 = xt(t3, ["moof"]);
        if (r3.length < 2) return e4.remainder = t3, e4;
        const i3 = r3[r3.length - 1];
        return e4.valid = t3.slice(0, i3.byteOffset - 8), e4.remainder = t3.slice(i3.byteOffset - 8), e4;
      })(i2);
      this.remainderData = e3.remainder, s2.samples = e3.valid || new Uint8Array();
    } else s2.samples = i2;
    const a2 = this.extractID3Track(s2, e2), o2 = this.parseFragment(s2, n2, e2, r2);
    return { videoTrack: s2, audioTrack: this.audioTrack, id3Track: a2, textTrack: this.txtTrack, initData: this.initData, sampleData: o2 };
  }
  flush(t2, e2) {
    const r2 = this.timeOffset, i2 = this.videoTrack, s2 = this.txtTrack;
    i2.samples = this.remainderData || new Uint8Array(), this.remainderData = null;
    const n2 = this.extractID3Track(i2, this.timeOffset), a2 = this.parseFragment(i2, s2, r2, e2);
    return { videoTrack: i2, audioTrack: qi(), id3Track: n2, textTrack: qi(), initData: this.initData, sampleData: a2 };
  }
  parseFragment(t2, e2, r2, i2) {
    const s2 = this.initData;
    if (s2 && i2) {
      const { samples: i3, sampleData: n2 } = (function(t3, e3, r3, i4, s3 = false) {
        const n3 = [];
        return { samples: n3, sampleData: { includeSampleDetails: s3, tracks: Kt(e3.samples, r3, i4, s3, { isHEVCFlavor: Wt(e3.codec), samples: n3, timeOffset: t3, timescale: e3.timescale, trackId: e3.id }) } };
      })(r2, t2, s2, this.logger, false);
      return e2.samples = i3, n2;
    }
    e2.samples = (function(t3, e3) {
      const r3 = [], i3 = e3.samples, s3 = e3.timescale, n2 = e3.id;
      let a2 = false;
      return xt(i3, ["moof"]).map(((o2) => {
        const l2 = o2.byteOffset - 8;
        xt(o2, ["traf"]).map(((o3) => {
          const d2 = xt(o3, ["tfdt"]).map(((t4) => {
            const e4 = t4[0];
            let r4 = It(t4, 4);
            return 1 === e4 && (r4 *= Math.pow(2, 32), r4 += It(t4, 8)), r4 / s3;
          }))[0];
          return void 0 !== d2 && (t3 = d2), xt(o3, ["tfhd"]).map(((d3) => {
            const h2 = It(d3, 4), u2 = 16777215 & It(d3, 0), c2 = 0 != (1 & u2);
            let f2 = 0;
            const g2 = 0 != (2 & u2), m2 = 0 != (8 & u2);
            let p2 = 0;
            const v2 = 0 != (16 & u2);
            let y2 = 0;
            const T2 = 0 != (32 & u2), S2 = !c2 && 0 != (131072 & u2);
            let L2 = 8;
            h2 === n2 && (c2 ? (f2 = It(d3, L2), L2 += 4, f2 *= Math.pow(2, 32), f2 += It(d3, L2), L2 += 4) : S2 && (f2 = l2), g2 && (L2 += 4), m2 && (p2 = It(d3, L2), L2 += 4), v2 && (y2 = It(d3, L2), L2 += 4), T2 && (L2 += 4), "video" === e3.type && (a2 = Wt(e3.codec)), xt(o3, ["trun"]).map(((n3) => {
              const o4 = n3[0], l3 = 16777215 & It(n3, 0), d4 = 0 != (1 & l3);
              let h3 = 0;
              const u3 = 0 != (4 & l3), c3 = 0 != (256 & l3);
              let g3 = 0;
              const m3 = 0 != (512 & l3);
              let v3 = 0;
              const T3 = 0 != (1024 & l3), S3 = 0 != (2048 & l3);
              let L3 = 0;
              const A2 = It(n3, 4);
              let R2 = 8;
              d4 && (h3 = It(n3, R2), R2 += 4), u3 && (R2 += 4);
              let b2 = f2 + h3;
              for (let l4 = 0; l4 < A2; l4++) {
                if (c3 ? (g3 = It(n3, R2), R2 += 4) : g3 = p2, m3 ? (v3 = It(n3, R2), R2 += 4) : v3 = y2, T3 && (R2 += 4), S3 && (L3 = 0 === o4 ? It(n3, R2) : Ct(n3, R2), R2 += 4), e3.type === E.VIDEO) {
                  let e4 = 0;
                  for (; e4 < v3; ) {
                    const n4 = It(i3, b2);
                    b2 += 4, jt(a2, i3[b2]) && qt(i3.subarray(b2, b2 + n4), a2 ? 2 : 1, t3 + L3 / s3, r3), b2 += n4, e4 += n4 + 4;
                  }
                }
                t3 += g3 / s3;
              }
            })));
          }));
        }));
      })), r3;
    })(r2, t2);
  }
  extractID3Track(t2, r2) {
    const i2 = this.id3Track;
    if (t2.samples.length) {
      const s2 = xt(t2.samples, ["emsg"]);
      s2 && s2.forEach(((t3) => {
        const s3 = (function(t4) {
          const r3 = t4[0];
          let i3, s4 = "", n2 = "", a2 = 0, o2 = 0, l2 = 0, d2 = 0, h2 = 4;
          if (0 === r3) {
            const e2 = _t(t4, h2), r4 = null !== e2 ? _t(t4, h2 + e2.length) : null;
            null !== e2 && null !== r4 ? (s4 = e2, n2 = r4, h2 += e2.length + r4.length, a2 = It(t4, h2), h2 += 4, o2 = It(t4, h2), h2 += 4, l2 = It(t4, h2), h2 += 4, d2 = It(t4, h2), h2 += 4) : (j.warn(`Unterminated ${null === e2 ? "scheme_id_uri" : "value"} in parsing emsg box: version 0 box ends inside a string, dropping all of its fields`), h2 = t4.length);
          } else if (1 === r3) {
            a2 = It(t4, h2), h2 += 4;
            const r4 = It(t4, h2);
            h2 += 4;
            const o3 = It(t4, h2);
            h2 += 4, i3 = 2 ** 32 * r4 + o3, e(i3) || (i3 = Number.MAX_SAFE_INTEGER, j.warn("Presentation time exceeds safe integer limit and wrapped to max safe integer in parsing emsg box")), l2 = It(t4, h2), h2 += 4, d2 = It(t4, h2), h2 += 4;
            const u2 = _t(t4, h2), c2 = null !== u2 ? _t(t4, h2 + u2.length) : null;
            null !== u2 && (s4 = u2, h2 += u2.length), null !== c2 ? (n2 = c2, h2 += c2.length) : (j.warn(`Unterminated ${null === u2 ? "scheme_id_uri" : "value"} in parsing emsg box: version 1 box ends inside a string, dropping its ${null === u2 ? "strings and payload" : "value and payload"}`), h2 = t4.length);
          }
          return { schemeIdUri: s4, value: n2, timeScale: a2, presentationTime: i3, presentationTimeDelta: o2, eventDuration: l2, id: d2, payload: t4.subarray(h2, t4.byteLength) };
        })(t3);
        if (os.test(s3.schemeIdUri)) {
          const t4 = ls(s3, r2);
          let e2 = 4294967295 === s3.eventDuration ? Number.POSITIVE_INFINITY : s3.eventDuration / s3.timeScale;
          e2 <= 1e-3 && (e2 = Number.POSITIVE_INFINITY);
          const n2 = s3.payload;
          i2.samples.push({ data: n2, len: n2.byteLength, dts: t4, pts: t4, type: wi.emsg, duration: e2 });
        } else if (this.config.enableEmsgKLVMetadata) {
          const t4 = this.config.emsgKLVSchemaUri || wi.misbklv;
          if (s3.schemeIdUri.startsWith(t4)) {
            const t5 = ls(s3, r2);
            i2.samples.push({ data: s3.payload, len: s3.payload.byteLength, dts: t5, pts: t5, type: wi.misbklv, duration: Number.POSITIVE_INFINITY });
          }
        }
      }));
    }
    return i2;
  }
  demuxSampleAes(t2, e2, r2) {
    return Promise.reject(new Error("The MP4 demuxer does not support SAMPLE-AES decryption"));
  }
  destroy() {
    this.config = null, this.remainderData = null, this.videoTrack = this.audioTrack = this.id3Track = this.txtTrack = void 0, this.initData = void 0;
  }
}, remux: class extends G {
  constructor(t2, e2, r2, i2) {
    super("passthrough-remuxer", i2), this.observer = void 0, this.emitInitSegment = false, this.audioCodec = void 0, this.videoCodec = void 0, this.initData = void 0, this.initPTS = null, this.initTracks = void 0, this.lastEndTime = null, this.isVideoContiguous = false, this.videoOnlyRemux = false, this.decryptdata = null, this.pendingInitSegment = void 0, this.observer = t2;
  }
  destroy() {
    this.observer && this.observer.removeAllListeners(), this.observer = null;
  }
  resetTimeStamp(t2) {
    this.lastEndTime = null;
    const e2 = this.initPTS;
    e2 && t2 && e2.baseTime === t2.baseTime && e2.timescale === t2.timescale || (this.initPTS = t2);
  }
  resetNextTimestamp() {
    this.isVideoContiguous = false, this.lastEndTime = null;
  }
  resetInitSegment(t2, e2, r2, i2) {
    this.audioCodec = e2, this.videoCodec = r2, this.decryptdata = i2, this.pendingInitSegment = t2, this.videoOnlyRemux = false, this.initTracks = void 0, this.initData = void 0, this.emitInitSegment = true;
  }
  generateInitSegment(t2, e2, r2) {
    this.videoOnlyRemux = false;
    let { audioCodec: i2, videoCodec: s2 } = this;
    if (null == t2 || !t2.byteLength) return this.initTracks = void 0, void (this.initData = void 0);
    const { audio: n2, video: a2 } = this.initData = r2 || Mt(t2);
    if (e2) !(function(t3, e3) {
      if (!t3 || !e3) return;
      const r3 = e3.keyId;
      16 === (null == r3 ? void 0 : r3.byteLength) && e3.isCommonEncryption && Gt(t3, ((t4, e4) => {
        const i3 = t4.subarray(8, 24);
        i3.some(((t5) => 0 !== t5)) || (j.log(`[eme] Patching keyId in 'enc${e4 ? "a" : "v"}>sinf>>tenc' box: ${Tt(i3)} -> ${Tt(r3)}`), t4.set(r3, 8));
      }));
    })(t2, e2);
    else {
      const t3 = n2 || a2;
      null != t3 && t3.encrypted && this.warn(`Init segment with encrypted track with has no key ("${t3.codec}")!`);
    }
    n2 && (i2 = Vs(n2, E.AUDIO, this)), a2 && (s2 = Vs(a2, E.VIDEO, this));
    const o2 = {};
    n2 && a2 ? o2.audiovideo = { container: "video/mp4", codec: i2 + "," + s2, supplemental: a2.supplemental, encrypted: a2.encrypted, initSegment: t2, id: "main" } : n2 ? o2.audio = { container: "audio/mp4", codec: i2, encrypted: n2.encrypted, initSegment: t2, id: "audio" } : a2 ? o2.video = { container: "video/mp4", codec: s2, supplemental: a2.supplemental, encrypted: a2.encrypted, initSegment: t2, id: "main" } : this.warn("initSegment does not contain moov or trak boxes."), this.initTracks = o2;
  }
  remux(e2, r2, i2, s2, n2, a2, o2, l2, d2, h2, u2) {
    var c2, f2;
    let { initPTS: g2, lastEndTime: m2 } = this;
    const p2 = { audio: void 0, video: void 0, text: void 0, id3: i2, initSegment: void 0 };
    t(m2) || (m2 = this.lastEndTime = n2 || 0);
    const v2 = r2.samples;
    if (!v2.length) return p2;
    const E2 = this.pendingInitSegment;
    E2 && (this.pendingInitSegment = void 0, this.generateInitSegment(E2, this.decryptdata, h2));
    const y2 = { initPTS: void 0, timescale: void 0, trackId: void 0 };
    let T2 = this.initData;
    if (null != (c2 = T2) && c2.length || (this.generateInitSegment(v2), T2 = this.initData), null == (f2 = T2) || !f2.length) return this.warn("Failed to generate initSegment."), p2;
    this.emitInitSegment && (y2.tracks = this.initTracks, p2.initSegment = y2, this.emitInitSegment = false);
    const S2 = u2 ? u2.tracks : (function(t2, e3, r3, i3, s3 = true) {
      return Kt(t2, e3, i3, s3);
    })(v2, T2, 0, this, false), L2 = T2.audio ? S2[T2.audio.id] : null, A2 = T2.video ? S2[T2.video.id] : null, R2 = !!T2.audio, b2 = !!T2.video;
    let D2 = "";
    R2 && (D2 += "audio"), b2 && (D2 += "video");
    const I2 = Gs(A2, 1 / 0), k2 = Gs(L2, 1 / 0), _2 = Gs(A2, 0, true), C2 = Gs(L2, 0, true);
    let P2 = n2, x2 = 0;
    A2 && L2 && T2.audio && (k2 > _2 || I2 > C2) && this.warn(`audio and video track sample timestamps do not overlap. v: ${I2}-${_2} a: ${k2}-${C2}}`, A2, L2);
    const w2 = !!L2 && (!A2 || !g2 && k2 < I2 || !!g2 && g2.trackId === T2.audio.id), O2 = w2 ? L2 : A2;
    if (!O2) return this.log(`No media samples found in ${l2} ${d2.level} ${-1 === d2.part ? "" : `part: ${d2.part} of`} sn: ${d2.sn} at playlist time: ${n2}`), p2;
    let M2 = v2;
    x2 = w2 ? C2 - k2 : _2 - I2;
    const F2 = O2.timescale, N2 = O2.start - n2 * F2, $2 = w2 ? T2.audio.id : T2.video.id;
    P2 = O2.start / F2;
    if (!(!!g2 && d2.id > 1) && (a2 || !g2) && ((function(t2, e3, r3, i3) {
      if (null === t2) return true;
      const s3 = Math.max(i3, 1), n3 = e3 - t2.baseTime / t2.timescale;
      return Math.abs(n3 - r3) >= s3;
    })(g2, P2, n2, x2) || F2 !== g2.timescale)) {
      let t2 = false;
      const e3 = w2 ? "audio" : "video";
      if (g2) {
        const r3 = 0 !== n2 ? P2 / n2 : 1 + P2 / 1;
        t2 = P2 >= 0 && Math.abs(1 - r3) < 1e-3, this.log(`${e3} timestamps in track ${$2} at playlist time: ${a2 ? "" : "~"}${n2} maps to ${P2} with initPTS: ${g2.baseTime / g2.timescale} (${N2 / F2 - g2.baseTime / g2.timescale}s diff) (${D2}) drift estimate: ${r3} ${t2 ? "(ignoring drift)" : "remapping timestamps (initPTS)"}`);
      }
      t2 || (this.log(`Found initPTS in ${e3} track ${$2} at playlist time: ${n2} offset: ${P2 - n2} (${N2}/${F2})`), g2 = null, y2.initPTS = N2, y2.timescale = F2, y2.trackId = $2);
    }
    g2 ? (y2.initPTS = g2.baseTime, y2.timescale = g2.timescale, y2.trackId = g2.trackId) : (y2.timescale && void 0 !== y2.trackId && void 0 !== y2.initPTS || (this.warn("Could not set initPTS"), y2.initPTS = P2, y2.timescale = 1, y2.trackId = -1), this.initPTS = g2 = { baseTime: y2.initPTS, timescale: y2.timescale, trackId: y2.trackId });
    const B2 = P2 - g2.baseTime / g2.timescale, U2 = B2 + x2, G2 = b2 && void 0 !== (null == O2 ? void 0 : O2.ptsMin) ? O2.ptsMin / O2.timescale - g2.baseTime / g2.timescale : B2, V2 = b2 && null != O2 && O2.ptsMax ? O2.ptsMax / O2.timescale - g2.baseTime / g2.timescale : U2;
    x2 > 0 ? this.lastEndTime = U2 : (this.warn("Duration parsed from mp4 should be greater than zero"), this.resetNextTimestamp());
    const H2 = { data1: M2, data2: void 0, startPTS: G2, startDTS: B2, endPTS: V2, endDTS: U2, type: D2, hasAudio: R2, hasVideo: b2, nb: 1, dropped: 0, encrypted: !!T2.audio && T2.audio.encrypted || !!T2.video && T2.video.encrypted };
    p2.audio = R2 && !b2 ? H2 : void 0, p2.video = b2 ? H2 : void 0;
    const K2 = this.isVideoContiguous, Y2 = null == A2 ? void 0 : A2.sampleCount;
    if (Y2) {
      const t2 = A2.keyFrameIndex, e3 = -1 !== t2;
      H2.nb = Y2, H2.dropped = 0 === t2 || K2 ? 0 : e3 ? t2 : Y2, H2.independent = e3, H2.firstKeyFrame = t2, e3 && A2.keyFrameStart && (H2.firstKeyFramePTS = (A2.keyFrameStart - g2.baseTime) / g2.timescale), K2 || (p2.independent = e3), this.isVideoContiguous || (this.isVideoContiguous = e3), H2.dropped && this.warn(`fmp4 does not start with IDR: firstIDR ${t2}/${Y2} dropped: ${H2.dropped} start: ${H2.firstKeyFramePTS || "NA"}`);
    }
    return p2.initSegment = y2, p2.id3 = Bs(i2, n2, g2, g2), s2.samples.length && (p2.text = Us(s2, n2, g2)), p2;
  }
} }, { demux: fs, remux: Ns }, { demux: class extends zi {
  constructor(t2, e2) {
    super(), this.observer = void 0, this.config = void 0, this.sampleAes = null, this.observer = t2, this.config = e2;
  }
  resetInitSegment(t2, e2, r2, i2) {
    super.resetInitSegment(t2, e2, r2, i2), this._audioTrack = { container: "audio/adts", type: "audio", id: 2, pid: -1, sequenceNumber: 0, segmentCodec: "aac", samples: [], manifestCodec: e2, duration: i2, inputTimeScale: 9e4, dropped: 0 };
  }
  static probe(t2, e2) {
    if (!t2) return false;
    const r2 = lt(t2, 0);
    let i2 = (null == r2 ? void 0 : r2.length) || 0;
    if (ns(t2, i2)) return false;
    for (let r3 = t2.length; i2 < r3; i2++) if (Ki(t2, i2)) return e2.log("ADTS sync word found !"), true;
    return false;
  }
  canParse(t2, e2) {
    return (function(t3, e3) {
      return (function(t4, e4) {
        return e4 + 5 < t4.length;
      })(t3, e3) && Ui(t3, e3) && Vi(t3, e3) <= t3.length - e3;
    })(t2, e2);
  }
  appendFrame(t2, e2, r2) {
    Yi(t2, this.observer, e2, r2, t2.manifestCodec);
    const i2 = ji(t2, e2, r2, this.basePTS, this.frameIndex);
    if (0 === (null == i2 ? void 0 : i2.missing)) return i2;
  }
  demuxSampleAes(t2, e2, r2) {
    const i2 = this.demux(t2, r2), s2 = this.sampleAes = new as(this.observer, this.config, e2);
    return new Promise(((t3) => {
      s2.decryptAacSamples(i2.audioTrack.samples, 0, (() => {
        t3(i2);
      }));
    }));
  }
}, remux: Ns }, { demux: class extends zi {
  resetInitSegment(t2, e2, r2, i2) {
    super.resetInitSegment(t2, e2, r2, i2), this._audioTrack = { container: "audio/mpeg", type: "audio", id: 2, pid: -1, sequenceNumber: 0, segmentCodec: "mp3", samples: [], manifestCodec: e2, duration: i2, inputTimeScale: 9e4, dropped: 0 };
  }
  static probe(t2) {
    if (!t2) return false;
    const e2 = lt(t2, 0);
    let r2 = (null == e2 ? void 0 : e2.length) || 0;
    if (e2 && 11 === t2[r2] && 119 === t2[r2 + 1] && void 0 !== yt(e2) && ((t3, e3) => {
      let r3 = 0, i2 = 5;
      e3 += i2;
      const s2 = new Uint32Array(1), n2 = new Uint32Array(1), a2 = new Uint8Array(1);
      for (; i2 > 0; ) {
        a2[0] = t3[e3];
        const o2 = Math.min(i2, 8), l2 = 8 - o2;
        n2[0] = 4278190080 >>> 24 + l2 << l2, s2[0] = (a2[0] & n2[0]) >> l2, r3 = r3 ? r3 << o2 | s2[0] : s2[0], e3 += 1, i2 -= o2;
      }
      return r3;
    })(t2, r2) <= 16) return false;
    for (let e3 = t2.length; r2 < e3; r2++) if (ns(t2, r2)) return j.log("MPEG Audio sync word found !"), true;
    return false;
  }
  canParse(t2, e2) {
    return (function(t3, e3) {
      return is(t3, e3) && 4 <= t3.length - e3;
    })(t2, e2);
  }
  appendFrame(t2, e2, r2) {
    if (null !== this.basePTS) return es(t2, e2, r2, this.basePTS, this.frameIndex);
  }
}, remux: Ns }];
var Ys = class {
  constructor(t2, e2, r2, i2, s2, n2) {
    this.asyncResult = false, this.logger = void 0, this.observer = void 0, this.typeSupported = void 0, this.config = void 0, this.id = void 0, this.demuxer = void 0, this.remuxer = void 0, this.decrypter = void 0, this.probe = void 0, this.decryptionPromise = null, this.transmuxConfig = void 0, this.currentTransmuxState = void 0, this.observer = t2, this.typeSupported = e2, this.config = r2, this.id = s2, this.logger = n2;
  }
  configure(t2) {
    this.transmuxConfig = t2, this.decrypter && this.decrypter.reset();
  }
  push(t2, e2, r2, a2) {
    if (!this.observer) return Ws(r2);
    const o2 = r2.transmuxing;
    o2.executeStart = Hs();
    const l2 = new Uint8Array(t2), { currentTransmuxState: d2, transmuxConfig: h2 } = this;
    a2 && (this.currentTransmuxState = a2);
    const { contiguous: u2, discontinuity: c2, trackSwitch: f2, accurateTimeOffset: g2, timeOffset: m2, initSegmentChange: p2 } = a2 || d2, { audioCodec: v2, videoCodec: E2, defaultInitPts: y2, duration: T2, initSegmentData: S2 } = h2, L2 = (function(t3, e3) {
      let r3 = null;
      t3.byteLength > 0 && null != (null == e3 ? void 0 : e3.key) && null !== e3.iv && null != e3.method && (r3 = e3);
      return r3;
    })(l2, e2);
    if (L2 && ze(L2.method)) {
      const t3 = this.getDecrypter(), e3 = Xe(L2.method);
      return this.asyncResult = true, this.decryptionPromise = t3.decrypt(l2, L2.key.buffer, L2.iv.buffer, e3, r2.decryptRange).then(((t4) => {
        const e4 = this.push(t4, null, r2);
        return this.decryptionPromise = null, e4;
      })), this.decryptionPromise;
    }
    const A2 = this.needsProbing(c2, f2);
    if (A2) {
      const t3 = r2.iframe && S2 && fs.probe(S2, this.logger) ? S2 : l2, e3 = this.configureTransmuxer(t3);
      if (e3) return this.logger.warn(`[transmuxer] ${e3.message}`), this.observer.emit(n.ERROR, n.ERROR, { type: i.MEDIA_ERROR, details: s.FRAG_PARSING_ERROR, fatal: false, error: e3, reason: e3.message }), o2.executeEnd = Hs(), Ws(r2);
    }
    (c2 || f2 || p2 || A2) && this.resetInitSegment(S2, v2, E2, T2, e2, r2), (c2 || p2 || A2) && this.resetInitialTimestamp(y2), u2 || this.resetContiguity();
    const R2 = this.transmux(l2, L2, m2, g2, r2);
    this.asyncResult = js(R2);
    const b2 = this.currentTransmuxState;
    return b2.contiguous = true, b2.discontinuity = false, b2.trackSwitch = false, o2.executeEnd = Hs(), R2;
  }
  flush(t2) {
    const e2 = t2.transmuxing;
    e2.executeStart = Hs();
    const { decrypter: r2, currentTransmuxState: i2, decryptionPromise: s2 } = this;
    if (s2) return this.asyncResult = true, s2.then((() => this.flush(t2)));
    const n2 = [], { timeOffset: a2 } = i2;
    if (r2) {
      const e3 = r2.flush();
      e3 && n2.push(this.push(e3.buffer, null, t2));
    }
    const { demuxer: o2, remuxer: l2 } = this;
    if (!o2 || !l2) {
      e2.executeEnd = Hs();
      const r3 = [Ws(t2)];
      return this.asyncResult ? Promise.resolve(r3) : r3;
    }
    const d2 = o2.flush(a2, t2);
    return js(d2) ? (this.asyncResult = true, d2.then(((e3) => (this.flushRemux(n2, e3, t2), n2)))) : (this.flushRemux(n2, d2, t2), this.asyncResult ? Promise.resolve(n2) : n2);
  }
  flushRemux(t2, e2, r2) {
    if (!this.remuxer) return;
    const { audioTrack: i2, videoTrack: s2, id3Track: n2, textTrack: a2 } = e2, { accurateTimeOffset: o2, timeOffset: l2 } = this.currentTransmuxState;
    this.logger.log(`[transmuxer.ts]: Flushed ${this.id} sn: ${r2.sn}${r2.part > -1 ? " part: " + r2.part : ""} of ${this.id} playlist ${r2.level}`);
    const d2 = this.remuxer.remux(i2, s2, n2, a2, l2, o2, true, this.id, r2, e2.initData, e2.sampleData);
    t2.push({ remuxResult: d2, chunkMeta: r2 }), r2.transmuxing.executeEnd = Hs();
  }
  resetInitialTimestamp(t2) {
    const { demuxer: e2, remuxer: r2 } = this;
    e2 && r2 && (e2.resetTimeStamp(t2), r2.resetTimeStamp(t2));
  }
  resetContiguity() {
    const { demuxer: t2, remuxer: e2 } = this;
    t2 && e2 && (t2.resetContiguity(), e2.resetNextTimestamp());
  }
  resetInitSegment(t2, e2, r2, i2, s2, n2) {
    const { demuxer: a2, remuxer: o2 } = this;
    a2 && o2 && (a2.resetInitSegment(t2, e2, r2, i2, s2, n2), o2.resetInitSegment(t2, e2, r2, s2));
  }
  destroy() {
    this.demuxer && (this.demuxer.destroy(), this.demuxer = void 0), this.remuxer && (this.remuxer.destroy(), this.remuxer = void 0), this.observer && this.observer.removeAllListeners(), this.decryptionPromise = null, this.decrypter = this.observer = void 0, this.logger = this.config = this.probe = void 0;
  }
  transmux(t2, e2, r2, i2, s2) {
    let n2;
    return n2 = "SAMPLE-AES" === (null == e2 ? void 0 : e2.method) ? this.transmuxSampleAes(t2, e2, r2, i2, s2) : this.transmuxUnencrypted(t2, r2, i2, s2), n2;
  }
  transmuxUnencrypted(t2, e2, r2, i2) {
    const { demuxer: s2, remuxer: n2 } = this;
    if (!s2 || !n2) return Ws(i2);
    const a2 = s2.demux(t2, e2, i2, false, !this.config.progressive), { audioTrack: o2, videoTrack: l2, id3Track: d2, textTrack: h2 } = a2;
    return { remuxResult: n2.remux(o2, l2, d2, h2, e2, r2, false, this.id, i2, a2.initData, a2.sampleData), chunkMeta: i2 };
  }
  transmuxSampleAes(t2, e2, r2, i2, s2) {
    return this.demuxer ? this.demuxer.demuxSampleAes(t2, e2, r2, s2).then(((t3) => ({ remuxResult: this.remuxer.remux(t3.audioTrack, t3.videoTrack, t3.id3Track, t3.textTrack, r2, i2, false, this.id, s2, t3.initData, t3.sampleData), chunkMeta: s2 }))) : Promise.reject(new Error("no demuxer"));
  }
  configureTransmuxer(t2) {
    const { config: e2, observer: r2, typeSupported: i2 } = this;
    if (!r2) return;
    let s2;
    try {
      for (let e3 = 0, r3 = Ks.length; e3 < r3; e3++) {
        var n2;
        if (null != (n2 = Ks[e3].demux) && n2.probe(t2, this.logger)) {
          s2 = Ks[e3];
          break;
        }
      }
    } catch (t3) {
      return t3;
    }
    if (!s2) return new Error("Failed to find demuxer by probing fragment data");
    const a2 = this.demuxer, o2 = this.remuxer, l2 = s2.demux, d2 = s2.remux;
    a2 && a2 instanceof l2 || (this.logger.log(`Using ${l2.name}`), this.demuxer = new l2(r2, e2, i2, this.logger), this.probe = l2.probe), o2 && o2 instanceof d2 || (this.logger.log(`Using ${d2.name}`), this.remuxer = new d2(r2, e2, i2, this.logger));
  }
  needsProbing(t2, e2) {
    return !this.demuxer || !this.remuxer || t2 || e2;
  }
  getDecrypter() {
    let t2 = this.decrypter;
    return t2 || (t2 = this.decrypter = new ni(this.config)), t2;
  }
};
var Ws = (t2) => ({ remuxResult: {}, chunkMeta: t2 });
function js(t2) {
  return "then" in t2 && t2.then instanceof Function;
}
var qs = class {
  constructor(t2, e2, r2, i2, s2) {
    this.audioCodec = void 0, this.videoCodec = void 0, this.initSegmentData = void 0, this.duration = void 0, this.defaultInitPts = void 0, this.audioCodec = t2, this.videoCodec = e2, this.initSegmentData = r2, this.duration = i2, this.defaultInitPts = s2 || null;
  }
};
var zs = class {
  constructor(t2, e2, r2, i2, s2, n2) {
    this.discontinuity = void 0, this.contiguous = void 0, this.accurateTimeOffset = void 0, this.trackSwitch = void 0, this.timeOffset = void 0, this.initSegmentChange = void 0, this.discontinuity = t2, this.contiguous = e2, this.accurateTimeOffset = r2, this.trackSwitch = i2, this.timeOffset = s2, this.initSegmentChange = n2;
  }
};
var Xs = 0;
var Qs = class {
  constructor(t2, e2, r2, a2) {
    this.error = null, this.hls = void 0, this.id = void 0, this.instanceNo = Xs++, this.observer = void 0, this.frag = null, this.part = null, this.useWorker = void 0, this.workerContext = null, this.transmuxer = null, this.onTransmuxComplete = void 0, this.onFlush = void 0, this.onWorkerMessage = (t3) => {
      const e3 = t3.data, r3 = this.hls;
      if (r3 && null != e3 && e3.event && e3.instanceNo === this.instanceNo) switch (e3.event) {
        case "init": {
          var i2;
          const t4 = null == (i2 = this.workerContext) ? void 0 : i2.objectURL;
          t4 && self.URL.revokeObjectURL(t4);
          break;
        }
        case "transmuxComplete":
          this.handleTransmuxComplete(e3.data);
          break;
        case "flush":
          this.onFlush(e3.data);
          break;
        case "workerLog":
          r3.logger[e3.data.logType] && r3.logger[e3.data.logType](e3.data.message);
          break;
        default:
          e3.data = e3.data || {}, e3.data.frag = this.frag, e3.data.part = this.part, e3.data.id = this.id, r3.trigger(e3.event, e3.data);
      }
    }, this.onWorkerError = (t3) => {
      if (!this.hls) return;
      const e3 = new Error(`${t3.message}  (${t3.filename}:${t3.lineno})`);
      this.hls.config.enableWorker = false, this.hls.logger.warn(`Error in "${this.id}" Web Worker, fallback to inline`), this.hls.trigger(n.ERROR, { type: i.OTHER_ERROR, details: s.INTERNAL_EXCEPTION, fatal: false, event: "demuxerWorker", error: e3 });
    };
    const o2 = t2.config;
    this.hls = t2, this.id = e2, this.useWorker = !!o2.enableWorker, this.onTransmuxComplete = r2, this.onFlush = a2;
    const l2 = (t3, e3) => {
      (e3 = e3 || {}).frag = this.frag || void 0, t3 === n.ERROR && (e3.parent = this.id, e3.part = this.part, this.error = e3.error), this.hls.trigger(t3, e3);
    };
    this.observer = new ki(), this.observer.on(n.FRAG_DECRYPTED, l2), this.observer.on(n.ERROR, l2);
    const d2 = ge(o2.preferManagedMediaSource);
    if (this.useWorker && "undefined" != typeof Worker) {
      const r3 = this.hls.logger;
      if (o2.workerPath || "function" == typeof __HLS_WORKER_BUNDLE__) {
        try {
          o2.workerPath ? (r3.log(`loading Web Worker ${o2.workerPath} for "${e2}"`), this.workerContext = (function(t4) {
            const e3 = Bi[t4];
            if (e3) return e3.clientCount++, e3;
            const r4 = new self.URL(t4, self.location.href).href, i2 = { worker: new self.Worker(r4), scriptURL: r4, clientCount: 1 };
            return Bi[t4] = i2, i2;
          })(o2.workerPath)) : (r3.log(`injecting Web Worker for "${e2}"`), this.workerContext = (function() {
            const t4 = Bi[$i];
            if (t4) return t4.clientCount++, t4;
            const e3 = new self.Blob([`var exports={};var module={exports:exports};function define(f){f()};define.amd=true;(${__HLS_WORKER_BUNDLE__.toString()})(true);`], { type: "text/javascript" }), r4 = self.URL.createObjectURL(e3), i2 = { worker: new self.Worker(r4), objectURL: r4, clientCount: 1 };
            return Bi[$i] = i2, i2;
          })());
          const { worker: t3 } = this.workerContext;
          t3.addEventListener("message", this.onWorkerMessage), t3.addEventListener("error", this.onWorkerError), t3.postMessage({ instanceNo: this.instanceNo, cmd: "init", typeSupported: d2, id: e2, config: Re(o2) });
        } catch (i2) {
          r3.warn(`Error setting up "${e2}" Web Worker, fallback to inline`, i2), this.terminateWorker(), this.error = null, this.transmuxer = new Ys(this.observer, d2, o2, "", e2, t2.logger);
        }
        return;
      }
    }
    this.transmuxer = new Ys(this.observer, d2, o2, "", e2, t2.logger);
  }
  reset() {
    if (this.frag = null, this.part = null, this.workerContext) {
      const t2 = this.instanceNo;
      this.instanceNo = Xs++;
      const e2 = this.hls.config, r2 = ge(e2.preferManagedMediaSource);
      this.workerContext.worker.postMessage({ instanceNo: this.instanceNo, cmd: "reset", resetNo: t2, typeSupported: r2, id: this.id, config: Re(e2) });
    }
  }
  terminateWorker() {
    if (this.workerContext) {
      const { worker: t2 } = this.workerContext;
      this.workerContext = null, t2.removeEventListener("message", this.onWorkerMessage), t2.removeEventListener("error", this.onWorkerError), (function(t3) {
        const e2 = Bi[t3 || $i];
        if (e2 && 1 == e2.clientCount--) {
          const { worker: r2, objectURL: i2 } = e2;
          delete Bi[t3 || $i], i2 && self.URL.revokeObjectURL(i2), r2.terminate();
        }
      })(this.hls.config.workerPath);
    }
  }
  destroy() {
    if (this.workerContext) this.terminateWorker(), this.onWorkerMessage = this.onWorkerError = null;
    else {
      const t3 = this.transmuxer;
      t3 && (t3.destroy(), this.transmuxer = null);
    }
    const t2 = this.observer;
    t2 && t2.removeAllListeners(), this.frag = null, this.part = null, this.observer = null, this.hls = null;
  }
  push(t2, e2, r2, i2, s2, n2, a2, o2, l2, d2) {
    var h2, u2;
    l2.transmuxing.start = self.performance.now();
    const { instanceNo: c2, transmuxer: f2 } = this, g2 = n2 ? n2.start : s2.start, m2 = s2.decryptdata, p2 = this.frag, v2 = !p2 || s2.cc !== p2.cc, E2 = !p2 || l2.level !== p2.level, y2 = p2 ? l2.sn - p2.sn : -1, T2 = this.part ? l2.part - this.part.index : -1, S2 = 0 === y2 && l2.id > 1 && l2.id === (null == p2 ? void 0 : p2.stats.chunkCount), L2 = !E2 && (1 === y2 || 0 === y2 && (1 === T2 || S2 && T2 <= 0)), A2 = self.performance.now();
    (E2 || y2 || 0 === s2.stats.parsing.start) && (s2.stats.parsing.start = A2), !n2 || !T2 && L2 || (n2.stats.parsing.start = A2);
    const R2 = !(p2 && (null == (h2 = s2.initSegment) ? void 0 : h2.url) === (null == (u2 = p2.initSegment) ? void 0 : u2.url)), b2 = new zs(v2, L2, o2, E2, g2, R2);
    if (!L2 || v2 || R2) {
      this.hls.logger.log(`[transmuxer-interface]: Starting new transmux session for ${s2.type} sn: ${l2.sn}${l2.part > -1 ? " part: " + l2.part : ""} ${this.id} playlist: ${l2.level} id: ${l2.id}
        discontinuity: ${v2}
        trackSwitch: ${E2}
        contiguous: ${L2}
        accurateTimeOffset: ${o2}
        timeOffset: ${g2}
        initSegmentChange: ${R2}`);
      const t3 = new qs(r2, i2, e2, a2, d2);
      this.configureTransmuxer(t3);
    }
    if (this.frag = s2, this.part = n2, this.workerContext) this.workerContext.worker.postMessage({ instanceNo: c2, cmd: "demux", data: t2, decryptdata: m2, chunkMeta: l2, state: b2 }, t2 instanceof ArrayBuffer ? [t2] : []);
    else if (f2) {
      const e3 = f2.push(t2, m2, l2, b2);
      js(e3) ? e3.then(((t3) => {
        this.handleTransmuxComplete(t3);
      })).catch(((t3) => {
        this.transmuxerError(t3, l2, "transmuxer-interface push error");
      })) : this.handleTransmuxComplete(e3);
    }
  }
  flush(t2) {
    t2.transmuxing.start = self.performance.now();
    const { instanceNo: e2, transmuxer: r2 } = this;
    if (this.workerContext) this.workerContext.worker.postMessage({ instanceNo: e2, cmd: "flush", chunkMeta: t2 });
    else if (r2) {
      const e3 = r2.flush(t2);
      js(e3) ? e3.then(((e4) => {
        this.handleFlushResult(e4, t2);
      })).catch(((e4) => {
        this.transmuxerError(e4, t2, "transmuxer-interface flush error");
      })) : this.handleFlushResult(e3, t2);
    }
  }
  transmuxerError(t2, e2, r2) {
    this.hls && (this.error = t2, this.hls.trigger(n.ERROR, { type: i.MEDIA_ERROR, details: s.FRAG_PARSING_ERROR, chunkMeta: e2, frag: this.frag || void 0, part: this.part || void 0, fatal: false, error: t2, err: t2, reason: r2 }));
  }
  handleFlushResult(t2, e2) {
    t2.forEach(((t3) => {
      this.handleTransmuxComplete(t3);
    })), this.onFlush(e2);
  }
  configureTransmuxer(t2) {
    const { instanceNo: e2, transmuxer: r2 } = this;
    this.workerContext ? this.workerContext.worker.postMessage({ instanceNo: e2, cmd: "configure", config: t2 }) : r2 && r2.configure(t2);
  }
  handleTransmuxComplete(t2) {
    t2.chunkMeta.transmuxing.end = self.performance.now(), this.onTransmuxComplete(t2);
  }
};
function Zs() {
  return self.SourceBuffer || self.WebKitSourceBuffer;
}
function Js() {
  if (!Z()) return false;
  const t2 = Zs();
  return !t2 || t2.prototype && "function" == typeof t2.prototype.appendBuffer && "function" == typeof t2.prototype.remove;
}
function tn() {
  if (!Js()) return false;
  const t2 = Z();
  return "function" == typeof (null == t2 ? void 0 : t2.isTypeSupported) && (["avc1.42E01E,mp4a.40.2", "av01.0.01M.08", "vp09.00.50.08"].some(((e2) => t2.isTypeSupported(ae(e2, "video")))) || ["mp4a.40.2", "fLaC"].some(((e2) => t2.isTypeSupported(ae(e2, "audio")))));
}
var en = 0;
var rn = 1;
var sn = 2;
var nn = class {
  constructor() {
    this.requestTimeout = void 0, this.retryTimeout = void 0, this.retryDelay = 0, this.config = null, this.callbacks = null, this.context = null, this.stats = new m();
  }
  destroy() {
    this.callbacks = this.context = this.config = null, this.abortInternal(), this.stats = null;
  }
  load(t2, e2, r2) {
    const i2 = this.stats;
    if (i2.loading.start) throw new Error("Loader can only be used once.");
    i2.loading.start = self.performance.now(), this.context = t2, this.config = e2, this.callbacks = r2, this.loadInternal();
  }
  abort() {
    var t2;
    this.abortInternal(), null != (t2 = this.callbacks) && t2.onAbort && this.callbacks.onAbort(this.stats, this.context, this.getNetworkDetails());
  }
  loadtimeout() {
    if (!this.config) return;
    const t2 = this.config.loadPolicy.timeoutRetry;
    if (F(t2, this.stats.retry, true)) this.retry(t2);
    else {
      var e2;
      j.warn(`timeout while loading ${null == (e2 = this.context) ? void 0 : e2.url}`);
      const t3 = this.callbacks;
      t3 && (this.abortInternal(), t3.onTimeout(this.stats, this.context, this.getNetworkDetails()));
    }
  }
  retry(t2) {
    const { context: e2, stats: r2 } = this;
    this.retryDelay = O(t2, r2.retry), r2.retry++, j.warn(`${status ? "HTTP Status " + status : "Timeout"} while loading ${null == e2 ? void 0 : e2.url}, retrying ${r2.retry}/${t2.maxNumRetry} in ${this.retryDelay}ms`), this.abortInternal(), this.resetInternalLoader(), self.clearTimeout(this.retryTimeout), this.retryTimeout = self.setTimeout((() => this.loadInternal()), this.retryDelay);
  }
};
var an = class {
  constructor() {
    this.chunks = [], this.dataLength = 0;
  }
  push(t2) {
    this.chunks.push(t2), this.dataLength += t2.length;
  }
  flush() {
    const { chunks: t2, dataLength: e2 } = this;
    let r2;
    return t2.length ? (r2 = 1 === t2.length ? t2[0] : (function(t3, e3) {
      const r3 = new Uint8Array(e3);
      let i2 = 0;
      for (let e4 = 0; e4 < t3.length; e4++) {
        const s2 = t3[e4];
        r3.set(s2, i2), i2 += s2.length;
      }
      return r3;
    })(t2, e2), this.reset(), r2) : new Uint8Array(0);
  }
  reset() {
    this.chunks.length = 0, this.dataLength = 0;
  }
};
function on() {
  if (self.fetch && self.AbortController && self.ReadableStream && self.Request) try {
    return new self.ReadableStream({}), true;
  } catch (t2) {
  }
  return false;
}
var ln = /(\d+)-(\d+)\/(\d+)/;
var dn = class extends nn {
  constructor(t2) {
    super(), this.fetchSetup = void 0, this.request = null, this.response = null, this.controller = null, this.fetchSetup = t2.fetchSetup || hn;
  }
  destroy() {
    this.request = null, super.destroy(), this.response = null, this.controller = null, this.fetchSetup = null;
  }
  abortInternal() {
    self.clearTimeout(this.retryTimeout), this.controller && !this.stats.loading.end && (this.stats.aborted = true, this.controller.abort());
  }
  getNetworkDetails() {
    return this.response;
  }
  resetInternalLoader() {
    this.response = null;
  }
  loadInternal() {
    const { config: e2, context: r2, stats: i2 } = this;
    if (!e2 || !r2) return;
    i2.loading.first = 0, i2.loaded = 0, i2.aborted = false, this.controller = new self.AbortController();
    const s2 = (function(t2, e3) {
      const r3 = { method: "GET", mode: "cors", credentials: "same-origin", signal: e3, headers: new self.Headers(I({}, t2.headers)) };
      t2.rangeEnd && r3.headers.set("Range", "bytes=" + t2.rangeStart + "-" + String(t2.rangeEnd - 1));
      return r3;
    })(r2, this.controller.signal), n2 = "arraybuffer" === r2.responseType, a2 = n2 ? "byteLength" : "length", { maxTimeToFirstByteMs: o2, maxLoadTimeMs: l2 } = e2.loadPolicy;
    this.request = this.fetchSetup(r2, s2), self.clearTimeout(this.requestTimeout), e2.timeout = o2 && t(o2) ? o2 : l2, this.requestTimeout = self.setTimeout((() => {
      this.loadtimeout();
    }), e2.timeout);
    (js(this.request) ? this.request.then(self.fetch) : self.fetch(this.request)).then(((s3) => {
      var a3;
      this.response = s3;
      const o3 = Math.max(self.performance.now(), i2.loading.start);
      if (self.clearTimeout(this.requestTimeout), e2.timeout = l2, this.requestTimeout = self.setTimeout((() => {
        this.loadtimeout();
      }), l2 - (o3 - i2.loading.start)), !s3.ok) {
        const { status: t2, statusText: e3 } = s3;
        throw new un(e3 || "fetch, bad network response", t2, s3);
      }
      i2.loading.first = o3, i2.total = (function(e3) {
        const r3 = e3.get("Content-Range");
        if (r3) {
          const e4 = (function(t2) {
            const e5 = ln.exec(t2);
            if (e5) return parseInt(e5[2]) - parseInt(e5[1]) + 1;
          })(r3);
          if (t(e4)) return e4;
        }
        const i3 = e3.get("Content-Length");
        if (i3) return parseInt(i3);
      })(s3.headers) || i2.total;
      const d2 = null == (a3 = this.callbacks) ? void 0 : a3.onProgress;
      return d2 && t(e2.highWaterMark) ? this.loadProgressively(s3, i2, r2, e2.highWaterMark, d2) : n2 ? s3.arrayBuffer() : "json" === r2.responseType ? s3.json() : s3.text();
    })).then(((s3) => {
      var n3, o3;
      const l3 = this.response;
      if (!l3) throw new Error("loader destroyed");
      self.clearTimeout(this.requestTimeout), i2.loading.end = Math.max(self.performance.now(), i2.loading.first);
      const d2 = s3[a2];
      d2 && (i2.loaded = i2.total = d2);
      const h2 = { url: l3.url, data: s3, code: l3.status }, u2 = null == (n3 = this.callbacks) ? void 0 : n3.onProgress;
      u2 && !t(e2.highWaterMark) && u2(i2, r2, s3, l3), null == (o3 = this.callbacks) || o3.onSuccess(h2, i2, r2, l3);
    })).catch(((t2) => {
      if (self.clearTimeout(this.requestTimeout), i2.aborted) return;
      const s3 = t2 && t2.code || 0, n3 = t2 ? t2.message : null, a3 = e2.loadPolicy.errorRetry;
      var o3;
      F(a3, i2.retry, false, { url: r2.url, data: void 0, code: s3 }) ? this.retry(a3) : (j.error(`${s3} while loading ${r2.url}`), null == (o3 = this.callbacks) || o3.onError({ code: s3, text: n3 }, r2, t2 ? t2.details : null, i2));
    }));
  }
  getCacheAge() {
    let t2 = null;
    if (this.response) {
      const e2 = this.response.headers.get("age");
      t2 = e2 ? parseFloat(e2) : null;
    }
    return t2;
  }
  getResponseHeader(t2) {
    return this.response ? this.response.headers.get(t2) : null;
  }
  loadProgressively(t2, e2, r2, i2 = 0, s2) {
    const n2 = new an(), a2 = t2.body.getReader(), o2 = () => a2.read().then(((a3) => {
      if (a3.done) return n2.dataLength && s2(e2, r2, n2.flush().buffer, t2), Promise.resolve(new ArrayBuffer(0));
      const l2 = a3.value, d2 = l2.length;
      return e2.loaded += d2, d2 < i2 || n2.dataLength ? (n2.push(l2), n2.dataLength >= i2 && s2(e2, r2, n2.flush().buffer, t2)) : s2(e2, r2, l2.buffer, t2), o2();
    })).catch((() => Promise.reject()));
    return o2();
  }
};
function hn(t2, e2) {
  return new self.Request(t2.url, e2);
}
var un = class extends Error {
  constructor(t2, e2, r2) {
    super(t2), this.code = void 0, this.details = void 0, this.code = e2, this.details = r2;
  }
};
var cn = /^age:\s*[\d.]+\s*$/im;
var fn = class extends nn {
  constructor(t2) {
    super(), this.xhrSetup = void 0, this.loader = null, this.xhrSetup = t2.xhrSetup || null;
  }
  destroy() {
    super.destroy(), this.loader = null, this.xhrSetup = null;
  }
  abortInternal() {
    const t2 = this.loader;
    self.clearTimeout(this.requestTimeout), self.clearTimeout(this.retryTimeout), t2 && (t2.onreadystatechange = null, t2.onprogress = null, 4 !== t2.readyState && (this.stats.aborted = true, t2.abort()));
  }
  getNetworkDetails() {
    return this.loader;
  }
  resetInternalLoader() {
    this.loader = null;
  }
  loadInternal() {
    const { config: t2, context: e2 } = this;
    if (!t2 || !e2) return;
    const r2 = this.loader = new self.XMLHttpRequest(), i2 = this.stats;
    i2.loading.first = 0, i2.loaded = 0, i2.aborted = false;
    const s2 = this.xhrSetup;
    s2 ? Promise.resolve().then((() => {
      if (this.loader === r2 && !this.stats.aborted) return s2.call(this, r2, e2.url, e2);
    })).catch(((t3) => {
      if (this.loader === r2 && !this.stats.aborted) return r2.open("GET", e2.url, true), s2.call(this, r2, e2.url, e2);
    })).then((() => {
      this.loader !== r2 || this.stats.aborted || this.openAndSendXhr(r2, e2, t2);
    })).catch(((t3) => {
      var s3;
      null == (s3 = this.callbacks) || s3.onError({ code: r2.status, text: t3.message }, e2, r2, i2);
    })) : this.openAndSendXhr(r2, e2, t2);
  }
  openAndSendXhr(e2, r2, i2) {
    e2.readyState || e2.open("GET", r2.url, true);
    const s2 = r2.headers, { maxTimeToFirstByteMs: n2, maxLoadTimeMs: a2 } = i2.loadPolicy;
    if (s2) for (const t2 in s2) e2.setRequestHeader(t2, s2[t2]);
    r2.rangeEnd && e2.setRequestHeader("Range", `bytes=${r2.rangeStart}-${r2.rangeEnd - 1}`), e2.onreadystatechange = this.readystatechange.bind(this), e2.onprogress = this.loadprogress.bind(this), e2.responseType = r2.responseType, self.clearTimeout(this.requestTimeout), i2.timeout = n2 && t(n2) ? n2 : a2, this.requestTimeout = self.setTimeout(this.loadtimeout.bind(this), i2.timeout), e2.send();
  }
  readystatechange() {
    const { context: t2, loader: e2, stats: r2 } = this;
    if (!t2 || !e2) return;
    const i2 = e2.readyState, s2 = this.config;
    if (!r2.aborted && i2 >= 2 && (0 === r2.loading.first && (r2.loading.first = Math.max(self.performance.now(), r2.loading.start), s2.timeout !== s2.loadPolicy.maxLoadTimeMs && (self.clearTimeout(this.requestTimeout), s2.timeout = s2.loadPolicy.maxLoadTimeMs, this.requestTimeout = self.setTimeout(this.loadtimeout.bind(this), s2.loadPolicy.maxLoadTimeMs - (r2.loading.first - r2.loading.start)))), 4 === i2)) {
      self.clearTimeout(this.requestTimeout), e2.onreadystatechange = null, e2.onprogress = null;
      const i3 = e2.status, l2 = "text" === e2.responseType ? e2.responseText : null;
      if (i3 >= 200 && i3 < 300) {
        const s3 = null != l2 ? l2 : e2.response;
        if (null != s3) {
          var n2, a2;
          r2.loading.end = Math.max(self.performance.now(), r2.loading.first);
          const o3 = "arraybuffer" === e2.responseType ? s3.byteLength : s3.length;
          r2.loaded = r2.total = o3, r2.bwEstimate = 8e3 * r2.total / (r2.loading.end - r2.loading.first);
          const l3 = null == (n2 = this.callbacks) ? void 0 : n2.onProgress;
          l3 && l3(r2, t2, s3, e2);
          const d3 = { url: e2.responseURL, data: s3, code: i3 };
          return t2.rangeEnd && o3 !== t2.rangeEnd - t2.rangeStart && j.warn(`Payload length ${o3} does not match requested Range: bytes=${t2.rangeStart}-${t2.rangeEnd - 1}`), void (null == (a2 = this.callbacks) || a2.onSuccess(d3, r2, t2, e2));
        }
      }
      const d2 = s2.loadPolicy.errorRetry;
      var o2;
      if (F(d2, r2.retry, false, { url: t2.url, data: void 0, code: i3 })) this.retry(d2);
      else j.error(`${i3} while loading ${t2.url}`), null == (o2 = this.callbacks) || o2.onError({ code: i3, text: e2.statusText }, t2, e2, r2);
    }
  }
  loadprogress(t2) {
    const e2 = this.stats;
    e2.loaded = t2.loaded, t2.lengthComputable && (e2.total = t2.total);
  }
  getCacheAge() {
    let t2 = null;
    if (this.loader && cn.test(this.loader.getAllResponseHeaders())) {
      const e2 = this.loader.getResponseHeader("age");
      t2 = e2 ? parseFloat(e2) : null;
    }
    return t2;
  }
  getResponseHeader(t2) {
    return this.loader && new RegExp(`^${t2}:\\s*[\\d.]+\\s*$`, "im").test(this.loader.getAllResponseHeaders()) ? this.loader.getResponseHeader(t2) : null;
  }
};
var gn = { maxTimeToFirstByteMs: 8e3, maxLoadTimeMs: 2e4, timeoutRetry: null, errorRetry: null };
var mn = _(_({ autoStartLoad: true, startPosition: -1, defaultAudioCodec: void 0, debug: false, capLevelOnFPSDrop: false, capLevelToPlayerSize: false, ignoreDevicePixelRatio: false, maxDevicePixelRatio: Number.POSITIVE_INFINITY, preferManagedMediaSource: false, initialLiveManifestSize: 1, maxBufferLength: 30, backBufferLength: 1 / 0, frontBufferFlushThreshold: 1 / 0, loopBackBufferFlush: void 0, startOnSegmentBoundary: false, nextAudioTrackBufferFlushForwardOffset: 0.25, maxBufferSize: 6e7, maxFragLookUpTolerance: 0.25, maxBufferHole: 0.1, detectStallWithCurrentTimeMs: 1250, highBufferWatchdogPeriod: 2, nudgeOffset: 0.1, nudgeMaxRetry: 3, nudgeOnVideoHole: true, skipBufferHolePadding: 0.1, liveSyncMode: "edge", liveSyncDurationCount: 3, liveSyncOnStallIncrease: 1, liveMaxLatencyDurationCount: 1 / 0, liveMaxUnchangedPlaylistRefresh: 1 / 0, liveSyncDuration: void 0, liveMaxLatencyDuration: void 0, maxLiveSyncPlaybackRate: 1, liveDurationInfinity: false, liveBackBufferLength: null, maxMaxBufferLength: 600, enableWorker: true, workerPath: null, enableSoftwareAES: true, startLevel: void 0, startFragPrefetch: false, fpsDroppedMonitoringPeriod: 5e3, fpsDroppedMonitoringThreshold: 0.2, appendErrorMaxRetry: 3, appendTimeout: 1 / 0, ignorePlaylistParsingErrors: false, loader: fn, fLoader: void 0, pLoader: void 0, xhrSetup: void 0, licenseXhrSetup: void 0, licenseResponseCallback: void 0, stretchShortVideoTrack: false, maxAudioFramesDrift: 1, forceKeyFrameOnDiscontinuity: true, handleMpegTsVideoIntegrityErrors: "process", abrEwmaFastLive: 3, abrEwmaSlowLive: 9, abrEwmaFastVoD: 3, abrEwmaSlowVoD: 9, abrEwmaDefaultEstimate: 5e5, abrEwmaDefaultEstimateMax: 5e6, abrBandWidthFactor: 0.95, abrBandWidthUpFactor: 0.7, abrMaxWithRealBitrate: false, abrSwitchInterval: 0, maxStarvationDelay: 4, maxLoadingDelay: 4, minAutoBitrate: 0, emeEnabled: false, widevineLicenseUrl: void 0, drmSystems: {}, drmSystemOptions: {}, requestMediaKeySystemAccessFunc: null, requireKeySystemAccessOnStart: false, reuseKeySessions: false, testBandwidth: true, progressive: false, lowLatencyMode: true, cmcd: void 0, enableDateRangeMetadataCues: true, enableEmsgMetadataCues: true, enableEmsgKLVMetadata: false, enableID3MetadataCues: true, emsgKLVSchemaUri: void 0, enableInterstitialPlayback: false, interstitialAppendInPlace: true, interstitialLiveLookAhead: 10, iframeCacheLimit: 2097152, useMediaCapabilities: false, preserveManualLevelOnError: false, errorPenaltyExpireMs: 0, certLoadPolicy: { default: gn }, keyLoadPolicy: { default: { maxTimeToFirstByteMs: 8e3, maxLoadTimeMs: 2e4, timeoutRetry: { maxNumRetry: 1, retryDelayMs: 1e3, maxRetryDelayMs: 2e4, backoff: "linear" }, errorRetry: { maxNumRetry: 8, retryDelayMs: 1e3, maxRetryDelayMs: 2e4, backoff: "linear" } } }, manifestLoadPolicy: { default: { maxTimeToFirstByteMs: 1 / 0, maxLoadTimeMs: 2e4, timeoutRetry: { maxNumRetry: 2, retryDelayMs: 0, maxRetryDelayMs: 0 }, errorRetry: { maxNumRetry: 1, retryDelayMs: 1e3, maxRetryDelayMs: 8e3 } } }, playlistLoadPolicy: { default: { maxTimeToFirstByteMs: 1e4, maxLoadTimeMs: 2e4, timeoutRetry: { maxNumRetry: 2, retryDelayMs: 0, maxRetryDelayMs: 0 }, errorRetry: { maxNumRetry: 2, retryDelayMs: 1e3, maxRetryDelayMs: 8e3 } } }, fragLoadPolicy: { default: { maxTimeToFirstByteMs: 1e4, maxLoadTimeMs: 12e4, timeoutRetry: { maxNumRetry: 4, retryDelayMs: 0, maxRetryDelayMs: 0 }, errorRetry: { maxNumRetry: 6, retryDelayMs: 1e3, maxRetryDelayMs: 8e3 } } }, steeringManifestLoadPolicy: { default: { maxTimeToFirstByteMs: 1e4, maxLoadTimeMs: 2e4, timeoutRetry: { maxNumRetry: 2, retryDelayMs: 0, maxRetryDelayMs: 0 }, errorRetry: { maxNumRetry: 1, retryDelayMs: 1e3, maxRetryDelayMs: 8e3 } } }, interstitialAssetListLoadPolicy: { default: gn }, manifestLoadingTimeOut: 1e4, manifestLoadingMaxRetry: 1, manifestLoadingRetryDelay: 1e3, manifestLoadingMaxRetryTimeout: 64e3, levelLoadingTimeOut: 1e4, levelLoadingMaxRetry: 4, levelLoadingRetryDelay: 1e3, levelLoadingMaxRetryTimeout: 64e3, fragLoadingTimeOut: 2e4, fragLoadingMaxRetry: 6, fragLoadingRetryDelay: 1e3, fragLoadingMaxRetryTimeout: 64e3, streamController: class extends yi {
  constructor(e2, r2, i2) {
    super(e2, r2, i2, "stream-controller", v.MAIN), this.audioCodecSwap = false, this.level = -1, this._forceStartLoad = false, this._hasEnoughToStart = false, this.altAudio = en, this.audioOnly = false, this._couldBacktrack = false, this._backtrackFragment = void 0, this.audioCodecSwitch = false, this.videoBuffer = null, this.onMediaPlaying = () => {
      this.tick();
    }, this.onMediaSeeked = () => {
      const e3 = this.media, r3 = e3 ? e3.currentTime : null;
      if (null === r3 || !t(r3)) return;
      if (this.log(`Media seeked to ${r3}`), !this.getBufferedFrag(r3)) return;
      const i3 = this.getFwdBufferInfoAtPos(e3, r3, v.MAIN, 0);
      i3 && 0 !== i3.len ? this.tick() : this.log(`Main buffer empty at ${r3} on "seeked" event: ${i3 ? i3.len : i3}`);
    }, this.registerListeners();
  }
  registerListeners() {
    super.registerListeners();
    const { hls: t2 } = this;
    t2.on(n.MANIFEST_PARSED, this.onManifestParsed, this), t2.on(n.LEVEL_LOADING, this.onLevelLoading, this), t2.on(n.LEVEL_LOADED, this.onLevelLoaded, this), t2.on(n.FRAG_LOAD_EMERGENCY_ABORTED, this.onFragLoadEmergencyAborted, this), t2.on(n.AUDIO_TRACK_SWITCHING, this.onAudioTrackSwitching, this), t2.on(n.AUDIO_TRACK_SWITCHED, this.onAudioTrackSwitched, this), t2.on(n.BUFFER_CREATED, this.onBufferCreated, this), t2.on(n.BUFFER_FLUSHED, this.onBufferFlushed, this), t2.on(n.LEVELS_UPDATED, this.onLevelsUpdated, this), t2.on(n.FRAG_BUFFERED, this.onFragBuffered, this);
  }
  unregisterListeners() {
    super.unregisterListeners();
    const { hls: t2 } = this;
    t2.off(n.MANIFEST_PARSED, this.onManifestParsed, this), t2.off(n.LEVEL_LOADED, this.onLevelLoaded, this), t2.off(n.FRAG_LOAD_EMERGENCY_ABORTED, this.onFragLoadEmergencyAborted, this), t2.off(n.AUDIO_TRACK_SWITCHING, this.onAudioTrackSwitching, this), t2.off(n.AUDIO_TRACK_SWITCHED, this.onAudioTrackSwitched, this), t2.off(n.BUFFER_CREATED, this.onBufferCreated, this), t2.off(n.BUFFER_FLUSHED, this.onBufferFlushed, this), t2.off(n.LEVELS_UPDATED, this.onLevelsUpdated, this), t2.off(n.FRAG_BUFFERED, this.onFragBuffered, this);
  }
  onHandlerDestroying() {
    this.onMediaPlaying = this.onMediaSeeked = null, this.unregisterListeners(), super.onHandlerDestroying();
  }
  startLoad(t2, e2) {
    if (this.levels) {
      const { lastCurrentTime: r2, hls: i2 } = this;
      if (this.stopLoad(), this.setInterval(100), this.level = -1, !this.startFragRequested) {
        let t3 = i2.startLevel;
        -1 === t3 && (i2.config.testBandwidth && this.levels.length > 1 ? (t3 = 0, this.bitrateTest = true) : t3 = i2.firstAutoLevel), i2.nextLoadLevel = t3, this.level = i2.loadLevel, this._hasEnoughToStart = !!e2;
      }
      r2 > 0 && -1 === t2 && !e2 && this.initPTS.length && (this.log(`Override startPosition with lastCurrentTime @${r2}`), t2 = r2), this.state = Ei.IDLE, this.nextLoadPosition = this.lastCurrentTime = t2 + this.timelineOffset, this.startPosition = e2 ? -1 : t2, e2 || this.fragmentTracker.hasFragments(this.playlistType) || (this._hasEnoughToStart = this.startFragRequested = false), this.tick();
    } else this._forceStartLoad = true, this.state = Ei.STOPPED;
  }
  stopLoad() {
    this._forceStartLoad = false, super.stopLoad();
  }
  doTick() {
    switch (this.state) {
      case Ei.WAITING_LEVEL: {
        const { levels: t2, level: e2 } = this, r2 = null == t2 ? void 0 : t2[e2], i2 = null == r2 ? void 0 : r2.details;
        if (i2 && (!i2.live || this.levelLastLoaded === r2 && !this.waitForLive(r2))) {
          if (this.waitForCdnTuneIn(i2)) break;
          this.state = Ei.IDLE;
          break;
        }
        if (this.hls.nextLoadLevel !== this.level) {
          this.state = Ei.IDLE;
          break;
        }
        break;
      }
      case Ei.FRAG_LOADING_WAITING_RETRY:
        this.checkRetryDate();
    }
    this.state === Ei.IDLE && this.doTickIdle(), this.onTickEnd();
  }
  onTickEnd() {
    super.onTickEnd(), this.checkFragmentChanged();
  }
  doTickIdle() {
    const { hls: t2, levelLastLoaded: e2, levels: r2, media: i2 } = this;
    if (null === e2 || !i2 && !this.primaryPrefetch && (this.startFragRequested || !t2.config.startFragPrefetch)) return;
    if (this.altAudio && this.audioOnly) return;
    const s2 = this.buffering ? t2.nextLoadLevel : t2.loadLevel;
    if (null == r2 || !r2[s2]) return;
    const a2 = r2[s2], o2 = this.getMainFwdBufferInfo();
    if (null === o2) return;
    const l2 = this.getLevelDetails();
    if (l2 && this._streamEnded(o2, l2) && this.altAudio !== rn) {
      const t3 = { type: this.targetBufferType() };
      return this.hls.trigger(n.BUFFER_EOS, t3), void (this.state = Ei.ENDED);
    }
    if (!this.buffering) return;
    t2.loadLevel !== s2 && -1 === t2.manualLevel && this.log(`Adapting to level ${s2} from level ${this.level}`), this.level = t2.nextLoadLevel = s2;
    const d2 = a2.details;
    if (!d2 || this.state === Ei.WAITING_LEVEL || this.waitForLive(a2)) return this.level = s2, this.state = Ei.WAITING_LEVEL, void (this.startFragRequested = false);
    const h2 = o2.len, u2 = this.getMaxBufferLength(a2.maxBitrate);
    if (h2 >= u2) return;
    this.backtrackFragment && this.backtrackFragment.start > o2.end && (this.backtrackFragment = void 0);
    const c2 = this.backtrackFragment ? this.backtrackFragment.start : o2.end;
    let f2 = this.getNextFragment(c2, d2);
    if (this.couldBacktrack && !this.fragPrevious && f2 && T(f2) && this.fragmentTracker.getState(f2) !== Qr) {
      var g2;
      const t3 = (null != (g2 = this.backtrackFragment) ? g2 : f2).sn - d2.startSN, e3 = d2.fragments[t3 - 1];
      e3 && f2.cc === e3.cc && (f2 = e3, this.fragmentTracker.removeFragment(e3));
    } else this.backtrackFragment && o2.len && (this.backtrackFragment = void 0);
    if (f2 && this.isLoopLoading(f2, c2)) {
      if (!f2.gap) {
        const t3 = this.audioOnly && !this.altAudio ? E.AUDIO : E.VIDEO, e3 = (t3 === E.VIDEO ? this.videoBuffer : this.mediaBuffer) || this.media;
        e3 && this.afterBufferFlushed(e3, t3);
      }
      f2 = this.getNextFragmentLoopLoading(f2, d2, o2, v.MAIN, u2);
    }
    f2 && (this.exceedsMaxBuffer(o2, u2, f2) || this.loadFragment(f2, a2, c2));
  }
  loadFragment(t2, e2, r2) {
    const i2 = this.fragmentTracker.getState(t2);
    i2 === qr || i2 === Xr ? this.bitrateTest ? (this.log(`Fragment ${t2.sn} of level ${t2.level} is being downloaded to test bitrate and will not be buffered`), this._loadBitrateTestFrag(t2, e2)) : super.loadFragment(t2, e2, r2) : this.clearTrackerIfNeeded(t2);
  }
  immediateLevelSwitch() {
    if (this.abortCurrentFrag(), this.flushMainBuffer(0, Number.POSITIVE_INFINITY), this.altAudio !== en) {
      var t2;
      ((null == (t2 = this.getLevelDetails()) ? void 0 : t2.fragmentStart) || 0) > this.lastCurrentTime && super.flushMainBuffer(0, Number.POSITIVE_INFINITY, "audio");
    }
  }
  getBufferOutput() {
    return this.mediaBuffer && this.altAudio === sn ? this.mediaBuffer : this.media;
  }
  checkFragmentChanged() {
    const t2 = this.fragPlaying;
    if (!this.checkFragPlaying()) return false;
    const e2 = this.fragPlaying;
    if (e2) {
      const r2 = e2.level;
      this.hls.trigger(n.FRAG_CHANGED, { frag: e2, previousFrag: t2 }), (null == t2 ? void 0 : t2.level) !== r2 && this.hls.trigger(n.LEVEL_SWITCHED, { level: r2 });
    }
    return true;
  }
  get backtrackFragment() {
    return this._backtrackFragment;
  }
  set backtrackFragment(t2) {
    this._backtrackFragment = t2;
  }
  get couldBacktrack() {
    return this._couldBacktrack;
  }
  set couldBacktrack(t2) {
    this._couldBacktrack = t2;
  }
  abortCurrentFrag() {
    this.backtrackFragment = void 0, super.abortCurrentFrag();
  }
  flushMainBuffer(t2, e2) {
    super.flushMainBuffer(t2, e2, this.targetBufferType());
  }
  targetBufferType() {
    return this.altAudio !== sn || this.audioOnly ? null : "video";
  }
  onMediaAttached(t2, e2) {
    super.onMediaAttached(t2, e2);
    const r2 = e2.media;
    Or(r2, "playing", this.onMediaPlaying), Or(r2, "seeked", this.onMediaSeeked);
  }
  onMediaDetaching(t2, e2) {
    const { media: r2 } = this;
    r2 && (Mr(r2, "playing", this.onMediaPlaying), Mr(r2, "seeked", this.onMediaSeeked)), this.videoBuffer = null, super.onMediaDetaching(t2, e2);
    !!e2.transferMedia || (this._hasEnoughToStart = false);
  }
  onManifestLoading() {
    super.onManifestLoading(), this.log("Trigger BUFFER_RESET"), this.hls.trigger(n.BUFFER_RESET, void 0), this.couldBacktrack = false, this.backtrackFragment = void 0, this.altAudio = en, this.audioOnly = false;
  }
  onManifestParsed(t2, e2) {
    let r2 = false, i2 = false;
    for (let t3 = 0; t3 < e2.levels.length; t3++) {
      const s2 = e2.levels[t3].audioCodec;
      s2 && (r2 = r2 || -1 !== s2.indexOf("mp4a.40.2"), i2 = i2 || -1 !== s2.indexOf("mp4a.40.5"));
    }
    this.audioCodecSwitch = r2 && i2 && !(function() {
      var t3;
      const e3 = Zs();
      return "function" == typeof (null == e3 || null == (t3 = e3.prototype) ? void 0 : t3.changeType);
    })(), this.audioCodecSwitch && this.log("Both AAC/HE-AAC audio found in levels; declaring level codec as HE-AAC"), this.levels = e2.levels, this.startFragRequested = false;
  }
  onLevelLoading(t2, e2) {
    const { levels: r2 } = this;
    if (!r2 || this.state !== Ei.IDLE) return;
    const i2 = e2.levelInfo;
    (!i2.details || i2.details.live && (this.levelLastLoaded !== i2 || i2.details.expired) || this.waitForCdnTuneIn(i2.details)) && (this.state = Ei.WAITING_LEVEL);
  }
  onLevelLoaded(t2, e2) {
    var r2;
    const { levels: i2, startFragRequested: s2 } = this, a2 = e2.level, o2 = e2.details, l2 = o2.totalduration;
    if (!i2) return void this.warn(`Levels were reset while loading level ${a2}`);
    this.log(`Level ${a2} loaded [${o2.startSN},${o2.endSN}]${o2.lastPartSn ? `[part-${o2.lastPartSn}-${o2.lastPartIndex}]` : ""}, cc [${o2.startCC}, ${o2.endCC}] duration:${l2}`);
    const d2 = e2.levelInfo, h2 = this.fragCurrent;
    !h2 || this.state !== Ei.FRAG_LOADING && this.state !== Ei.FRAG_LOADING_WAITING_RETRY || h2.level !== e2.level && h2.loader && this.abortCurrentFrag();
    let u2 = 0;
    if (o2.live || null != (r2 = d2.details) && r2.live) {
      var c2;
      if (this.checkLiveUpdate(o2), o2.deltaUpdateFailed) return;
      u2 = this.alignPlaylists(o2, d2.details, null == (c2 = this.levelLastLoaded) ? void 0 : c2.details);
    }
    if (d2.details = o2, this.levelLastLoaded = d2, s2 || this.setStartPosition(o2, u2), this.hls.trigger(n.LEVEL_UPDATED, { details: o2, level: a2 }), this.state === Ei.WAITING_LEVEL) {
      if (this.waitForCdnTuneIn(o2)) return;
      this.state = Ei.IDLE;
    }
    s2 && o2.live && this.synchronizeToLiveEdge(o2), this.initPTS.some(((t3, e3) => {
      if (e3 >= o2.startCC) return true;
      delete this.initPTS[e3];
    })), this.tick();
  }
  synchronizeToLiveEdge(t2) {
    const { config: e2, media: r2 } = this;
    if (!r2) return;
    const i2 = this.hls.liveSyncPosition, s2 = this.playhead, n2 = t2.fragmentStart, a2 = t2.edge, o2 = s2 >= n2 - e2.maxFragLookUpTolerance && s2 <= a2;
    if (null !== i2 && r2.duration > i2 && (s2 < i2 || !o2)) {
      const n3 = void 0 !== e2.liveMaxLatencyDuration ? e2.liveMaxLatencyDuration : e2.liveMaxLatencyDurationCount * t2.targetduration;
      if ((!o2 && r2.readyState < 4 || s2 < a2 - n3) && (this._hasEnoughToStart || (this.nextLoadPosition = i2), r2.readyState)) if (this.warn(`Playback: ${s2} is located too far from the end of live sliding playlist: ${a2}, reset currentTime to : ${i2}`), "buffered" === this.config.liveSyncMode) {
        var l2;
        const t3 = wr.bufferInfo(r2, i2, 0);
        if (null == (l2 = t3.buffered) || !l2.length) return void (r2.currentTime = i2);
        if (t3.start <= s2) return void (r2.currentTime = i2);
        const { nextStart: e3 } = wr.bufferedInfo(t3.buffered, s2, 0);
        e3 && (r2.currentTime = e3);
      } else r2.currentTime = i2;
    }
  }
  _handleFragmentLoadProgress(t2) {
    var e2;
    const r2 = t2.frag, { part: i2, payload: s2 } = t2, { levels: n2 } = this;
    if (!n2) return void this.warn(`Levels were reset while fragment load was in progress. Fragment ${r2.sn} of level ${r2.level} will not be buffered`);
    const a2 = n2[r2.level];
    if (!a2) return void this.warn(`Level ${r2.level} not found on progress`);
    const o2 = a2.details;
    if (!o2) return this.warn(`Dropping fragment ${r2.sn} of level ${r2.level} after level details were reset`), void this.fragmentTracker.removeFragment(r2);
    const l2 = a2.videoCodec, d2 = o2.PTSKnown || !o2.live, h2 = null == (e2 = r2.initSegment) ? void 0 : e2.data, u2 = this._getAudioCodec(a2), c2 = this.transmuxer = this.transmuxer || new Qs(this.hls, v.MAIN, this._handleTransmuxComplete.bind(this), this._handleTransmuxerFlush.bind(this)), f2 = i2 ? i2.index : -1, g2 = -1 !== f2, { decryptRange: m2, byteRange: p2 } = di(r2, i2, this.iframesOnly), E2 = new fi(r2.level, r2.sn, r2.stats.chunkCount, p2 ? p2.end - p2.start : s2.byteLength, f2, g2, r2.duration, this.iframesOnly, m2), y2 = this.initPTS[r2.cc];
    c2.push(s2, h2, u2, l2, r2, i2, o2.totalduration, d2, E2, y2);
  }
  onAudioTrackSwitching(t2, e2) {
    const r2 = this.hls, i2 = this.altAudio !== en;
    if (Ie(e2.url, r2)) this.altAudio = rn;
    else {
      if (this.mediaBuffer !== this.media) {
        this.log("Switching on main audio, use media.buffered to schedule main fragment loading"), this.mediaBuffer = this.media;
        const t3 = this.fragCurrent;
        t3 && (this.log("Switching to main audio track, cancel main fragment load"), t3.abortRequests(), this.fragmentTracker.removeFragment(t3)), this.resetTransmuxer(), this.resetLoadingState();
      } else this.audioOnly && this.resetTransmuxer();
      if (i2) return this.altAudio = en, this.fragmentTracker.removeAllFragments(), r2.once(n.BUFFER_FLUSHED, (() => {
        this.hls && this.hls.trigger(n.AUDIO_TRACK_SWITCHED, e2);
      })), void r2.trigger(n.BUFFER_FLUSHING, { startOffset: 0, endOffset: Number.POSITIVE_INFINITY, type: null });
      r2.trigger(n.AUDIO_TRACK_SWITCHED, e2);
    }
  }
  onAudioTrackSwitched(t2, e2) {
    const r2 = Ie(e2.url, this.hls);
    if (r2) {
      const t3 = this.videoBuffer;
      t3 && this.mediaBuffer !== t3 && (this.log("Switching on alternate audio, use video.buffered to schedule main fragment loading"), this.mediaBuffer = t3);
    }
    this.altAudio = r2 ? sn : en, this.tick();
  }
  onBufferCreated(t2, e2) {
    const r2 = e2.tracks;
    let i2, s2, n2 = false;
    for (const t3 in r2) {
      const e3 = r2[t3];
      if ("main" === e3.id) {
        if (s2 = t3, i2 = e3, "video" === t3) {
          const e4 = r2[t3];
          e4 && (this.videoBuffer = e4.buffer);
        }
      } else n2 = true;
    }
    n2 && i2 ? (this.log(`Alternate track found, use ${s2}.buffered to schedule main fragment loading`), this.mediaBuffer = i2.buffer) : this.mediaBuffer = this.media;
  }
  onFragBuffered(t2, e2) {
    const { frag: r2, part: i2 } = e2, s2 = r2.type === v.MAIN;
    if (s2) {
      if (this.fragContextChanged(r2)) return this.warn(`Fragment ${r2.sn}${i2 ? " p: " + i2.index : ""} of level ${r2.level} finished buffering, but was aborted. state: ${this.state}`), void (this.state === Ei.PARSED && (this.state = Ei.IDLE));
      let t3 = false;
      if (T(r2) && (t3 = !!r2.gap && !r2.tagList.some(((t4) => "GAP" === t4[0]))), this.fragBufferedComplete(r2, i2), t3) {
        var n2;
        r2.stats.retry++;
        const t4 = null == (n2 = this.levels) ? void 0 : n2[r2.level];
        t4 && t4.fragmentError++;
      }
    }
    const a2 = this.media;
    a2 && (!this._hasEnoughToStart && wr.getBuffered(a2).length && (this.seekToStartPos(), this._hasEnoughToStart = true), s2 && this.tick());
  }
  get hasEnoughToStart() {
    return this._hasEnoughToStart;
  }
  onError(t2, e2) {
    var r2;
    if (e2.fatal) this.state = Ei.ERROR;
    else switch (e2.details) {
      case s.FRAG_GAP:
      case s.FRAG_PARSING_ERROR:
      case s.FRAG_DECRYPT_ERROR:
      case s.FRAG_LOAD_ERROR:
      case s.FRAG_LOAD_TIMEOUT:
      case s.KEY_LOAD_ERROR:
      case s.KEY_LOAD_TIMEOUT:
        this.onFragmentOrKeyLoadError(v.MAIN, e2);
        break;
      case s.LEVEL_LOAD_ERROR:
      case s.LEVEL_LOAD_TIMEOUT:
      case s.LEVEL_PARSING_ERROR:
        e2.levelRetry || this.state !== Ei.WAITING_LEVEL || (null == (r2 = e2.context) ? void 0 : r2.type) !== p.LEVEL || (this.state = Ei.IDLE);
        break;
      case s.BUFFER_APPEND_NO_PROGRESS:
        if ("main" !== e2.parent) return;
        e2.frag && (e2.appendsWithoutProgress || 0) >= this.config.appendErrorMaxRetry && (this.warn(`Marking fragment ${e2.frag.sn} of level ${e2.frag.level} as a gap after ${e2.appendsWithoutProgress} appends without buffered range growth, to prevent loop loading`), this.fragmentTracker.addAsGap(e2.frag));
        break;
      case s.MEDIA_SOURCE_REQUIRES_RESET:
        this.onSourceBufferError(v.MAIN, e2);
        break;
      case s.BUFFER_ADD_CODEC_ERROR:
      case s.BUFFER_APPEND_ERROR:
        if ("main" !== e2.parent) return;
        this.reduceLengthAndFlushBuffer(e2) && this.resetLoadingState();
        break;
      case s.BUFFER_FULL_ERROR:
        if ("main" !== e2.parent) return;
        if (this.reduceLengthAndFlushBuffer(e2)) {
          !this.config.interstitialsController && this.config.assetPlayerId ? this._hasEnoughToStart = true : this.flushMainBuffer(0, Number.POSITIVE_INFINITY);
        }
        break;
      case s.INTERNAL_EXCEPTION:
        this.recoverWorkerError(e2);
    }
  }
  onFragLoadEmergencyAborted() {
    this.state = Ei.IDLE, this._hasEnoughToStart || (this.startFragRequested = false, this.nextLoadPosition = this.lastCurrentTime), this.tickImmediate();
  }
  onBufferFlushed(t2, { type: e2 }) {
    if (e2 !== E.AUDIO || !this.altAudio) {
      const t3 = (e2 === E.VIDEO ? this.videoBuffer : this.mediaBuffer) || this.media;
      t3 && (this.afterBufferFlushed(t3, e2), this.tick());
    }
  }
  onLevelsUpdated(t2, e2) {
    this.level > -1 && this.fragCurrent && (this.level = this.fragCurrent.level, -1 === this.level && this.resetWhenMissingContext(this.fragCurrent)), this.levels = e2.levels;
  }
  swapAudioCodec() {
    this.audioCodecSwap = !this.audioCodecSwap;
  }
  seekToStartPos() {
    const { media: t2 } = this;
    if (!t2) return;
    const e2 = t2.currentTime;
    let r2 = this.startPosition;
    if (r2 >= 0 && e2 < r2) {
      if (t2.seeking) return void this.log(`could not seek to ${r2}, already seeking at ${e2}`);
      const i2 = this.timelineOffset;
      i2 && r2 && (r2 += i2);
      const s2 = this.getLevelDetails(), n2 = wr.getBuffered(t2), a2 = n2.length ? n2.start(0) : 0, o2 = a2 - r2, l2 = Math.max(this.config.maxBufferHole, this.config.maxFragLookUpTolerance);
      (this.config.startOnSegmentBoundary || o2 > 0 && (o2 < l2 || this.loadingParts && o2 < 2 * ((null == s2 ? void 0 : s2.partTarget) || 0))) && (this.log(`adjusting start position by ${o2} to match buffer start`), r2 += o2, this.startPosition = r2), e2 < r2 && (this.log(`seek to target start position ${r2} from current time ${e2} buffer start ${a2}`), t2.currentTime = r2);
    }
  }
  _getAudioCodec(t2) {
    let e2 = this.config.defaultAudioCodec || t2.audioCodec;
    return this.audioCodecSwap && e2 && (this.log("Swapping audio codec"), e2 = -1 !== e2.indexOf("mp4a.40.5") ? "mp4a.40.2" : "mp4a.40.5"), e2;
  }
  _loadBitrateTestFrag(t2, e2) {
    t2.bitrateTest = true, this._doFragLoad(t2, e2).then(((t3) => {
      const { hls: r2 } = this, i2 = null == t3 ? void 0 : t3.frag;
      if (!i2 || this.fragContextChanged(i2)) return;
      e2.fragmentError = 0, this.state = Ei.IDLE, this.startFragRequested = false, this.bitrateTest = false;
      const s2 = i2.stats;
      s2.parsing.start = s2.parsing.end = s2.buffering.start = s2.buffering.end = self.performance.now(), r2.trigger(n.FRAG_LOADED, t3), i2.bitrateTest = false;
    })).catch(((e3) => {
      this.state !== Ei.STOPPED && this.state !== Ei.ERROR && (this.warn(e3), this.resetFragmentLoading(t2));
    }));
  }
  _handleTransmuxComplete(e2) {
    const r2 = this.playlistType, { hls: i2 } = this, { remuxResult: s2, chunkMeta: a2 } = e2, o2 = this.getCurrentContext(a2);
    if (!o2) return void this.resetWhenMissingContext(a2);
    const { frag: l2, part: d2, level: h2 } = o2, { video: u2, text: c2, id3: f2, initSegment: g2 } = s2, { details: m2 } = h2, p2 = this.altAudio ? void 0 : s2.audio;
    if (this.fragContextChanged(l2)) this.fragmentTracker.removeFragment(l2);
    else {
      if (this.state = Ei.PARSING, g2) {
        const e3 = g2.tracks;
        if (e3) {
          const t2 = l2.initSegment || l2;
          if (this.unhandledEncryptionError(g2, l2)) return;
          this._bufferInitSegment(h2, e3, t2, a2), i2.trigger(n.FRAG_PARSING_INIT_SEGMENT, { frag: t2, id: r2, tracks: e3 });
        }
        const s3 = g2.initPTS, o3 = g2.timescale, d3 = this.initPTS[l2.cc];
        if (t(s3) && (!d3 || d3.baseTime !== s3 || d3.timescale !== o3)) {
          const t2 = g2.trackId;
          this.initPTS[l2.cc] = { baseTime: s3, timescale: o3, trackId: t2 };
          const e4 = this.initPTS.slice(0);
          i2.trigger(n.INIT_PTS_FOUND, { timestampOffsets: e4, frag: l2, id: r2, initPTS: s3, timescale: o3, trackId: t2 });
        }
      }
      if (u2 && m2) {
        p2 && "audiovideo" === u2.type && this.logMuxedErr(l2);
        const t2 = m2.fragments[l2.sn - 1 - m2.startSN], e3 = l2.sn === m2.startSN, r3 = !t2 || l2.cc > t2.cc;
        if (false !== s2.independent) {
          const { startPTS: t3, endPTS: i3, startDTS: s3, endDTS: n2 } = u2;
          if (d2) d2.elementaryStreams[u2.type] = { startPTS: t3, endPTS: i3, startDTS: s3, endDTS: n2 };
          else if (u2.firstKeyFrame && u2.independent && 1 === a2.id && !r3 && (this.couldBacktrack = true), u2.dropped && u2.independent) {
            const s4 = this.getMainFwdBufferInfo(), a3 = (s4 ? s4.end : this.getLoadPosition()) + this.config.maxBufferHole, o3 = u2.firstKeyFramePTS ? u2.firstKeyFramePTS : t3;
            if (!e3 && a3 < o3 - this.config.maxBufferHole && !r3) return void this.backtrack(l2);
            r3 && (l2.gap = true), l2.setElementaryStreamInfo(u2.type, l2.start, i3, l2.start, n2, true);
          } else e3 && t3 - (m2.appliedTimelineOffset || 0) > 2 && (l2.gap = true);
          l2.setElementaryStreamInfo(u2.type, t3, i3, s3, n2), this.backtrackFragment && (this.backtrackFragment = l2), this.bufferFragmentData(u2, l2, d2, a2, e3 || r3);
        } else {
          if (!e3 && !r3) return void this.backtrack(l2);
          l2.gap = true;
        }
      }
      if (p2) {
        const { startPTS: t2, endPTS: e3, startDTS: r3, endDTS: i3 } = p2;
        d2 && (d2.elementaryStreams[E.AUDIO] = { startPTS: t2, endPTS: e3, startDTS: r3, endDTS: i3 }), l2.setElementaryStreamInfo(E.AUDIO, t2, e3, r3, i3), this.bufferFragmentData(p2, l2, d2, a2);
      }
      if (m2 && null != f2 && f2.samples.length) {
        const t2 = { id: r2, frag: l2, details: m2, samples: f2.samples };
        i2.trigger(n.FRAG_PARSING_METADATA, t2);
      }
      if (m2 && c2) {
        const t2 = { id: r2, frag: l2, details: m2, samples: c2.samples };
        i2.trigger(n.FRAG_PARSING_USERDATA, t2);
      }
    }
  }
  logMuxedErr(t2) {
    this.warn(`${T(t2) ? "Media" : "Init"} segment with muxed audiovideo where only video expected: ${t2.url}`);
  }
  _bufferInitSegment(t2, e2, r2, i2) {
    if (this.state !== Ei.PARSING) return;
    this.audioOnly = !!e2.audio && !e2.video, this.altAudio && !this.audioOnly && (delete e2.audio, e2.audiovideo && this.logMuxedErr(r2));
    const { audio: s2, video: a2, audiovideo: o2 } = e2;
    if (s2) {
      const r3 = t2.audioCodec;
      let i3 = ce(s2.codec, r3);
      if ("mp4a" === i3 && (i3 = "mp4a.40.5"), this.audioCodecSwitch) {
        i3 && (i3 = -1 !== i3.indexOf("mp4a.40.5") ? "mp4a.40.2" : "mp4a.40.5");
        const t3 = s2.metadata;
        t3 && "channelCount" in t3 && 1 !== (t3.channelCount || 1) && !(function() {
          if (void 0 === Zt) {
            const t4 = Xt.match(/Firefox\/(\d+)/i);
            Zt = t4 ? parseInt(t4[1]) : 0;
          }
          return Zt;
        })() && (i3 = "mp4a.40.5");
      }
      i3 && -1 !== i3.indexOf("mp4a.40.5") && /Android/.test(Xt) && "audio/mpeg" !== s2.container && (i3 = "mp4a.40.2", this.log(`Android: force audio codec to ${i3}`)), r3 && r3 !== i3 && this.log(`Swapping manifest audio codec "${r3}" for "${i3}"`), s2.levelCodec = i3, s2.id = v.MAIN, this.log(`Init audio buffer, container:${s2.container}, codecs[selected/level/parsed]=[${i3 || ""}/${r3 || ""}/${s2.codec}]`), delete e2.audiovideo;
    }
    if (a2) {
      a2.levelCodec = t2.videoCodec, a2.id = v.MAIN;
      const r3 = a2.codec;
      if (4 === (null == r3 ? void 0 : r3.length)) switch (r3) {
        case "hvc1":
        case "hev1":
          a2.codec = "hvc1.1.6.L120.90";
          break;
        case "av01":
          a2.codec = "av01.0.04M.08";
          break;
        case "avc1":
          a2.codec = "avc1.42e01e";
      }
      this.log(`Init video buffer, container:${a2.container}, codecs[level/parsed]=[${t2.videoCodec || ""}/${r3}]${a2.codec !== r3 ? " parsed-corrected=" + a2.codec : ""}${a2.supplemental ? " supplemental=" + a2.supplemental : ""}`), delete e2.audiovideo;
    }
    o2 && (this.iframesOnly && this.logMuxedErr(r2), this.log(`Init audiovideo buffer, container:${o2.container}, codecs[level/parsed]=[${t2.codecs}/${o2.codec}]`), delete e2.video, delete e2.audio);
    const l2 = Object.keys(e2);
    if (l2.length) {
      if (this.hls.trigger(n.BUFFER_CODECS, e2), !this.hls) return;
      l2.forEach(((t3) => {
        const s3 = e2[t3].initSegment;
        null != s3 && s3.byteLength && this.hls.trigger(n.BUFFER_APPENDING, { type: t3, data: s3, frag: r2, part: null, chunkMeta: i2, parent: r2.type });
      }));
    }
    this.tickImmediate();
  }
  getMainFwdBufferInfo() {
    const t2 = this.getBufferOutput();
    return this.getFwdBufferInfo(t2, v.MAIN);
  }
  get maxBufferLength() {
    const { levels: t2, level: e2 } = this, r2 = null == t2 ? void 0 : t2[e2];
    return r2 ? this.getMaxBufferLength(r2.maxBitrate) : this.config.maxBufferLength;
  }
  backtrack(t2) {
    this.couldBacktrack = true, this.backtrackFragment = t2, this.resetTransmuxer(), this.flushBufferGap(t2), this.fragmentTracker.removeFragment(t2), this.fragPrevious = null, this.nextLoadPosition = t2.start, this.state = Ei.IDLE;
  }
  get nextLevel() {
    const t2 = this.nextBufferedFrag;
    return t2 ? t2.level : -1;
  }
  get currentFrag() {
    var e2;
    if (this.fragPlaying) return this.fragPlaying;
    const r2 = (null == (e2 = this.media) ? void 0 : e2.currentTime) || this.lastCurrentTime;
    return t(r2) ? this.getAppendedFrag(r2) : null;
  }
  get currentProgramDateTime() {
    var e2;
    const r2 = (null == (e2 = this.media) ? void 0 : e2.currentTime) || this.lastCurrentTime;
    if (t(r2)) {
      const t2 = this.getLevelDetails(), e3 = this.currentFrag || (t2 ? Ce(null, t2.fragments, r2) : null);
      if (e3) {
        const t3 = e3.programDateTime;
        if (null !== t3) {
          const i2 = t3 + 1e3 * (r2 - e3.start);
          return new Date(i2);
        }
      }
    }
    return null;
  }
  get currentLevel() {
    const t2 = this.currentFrag;
    return t2 ? t2.level : -1;
  }
  get nextBufferedFrag() {
    const t2 = this.currentFrag;
    return t2 ? this.followingBufferedFrag(t2) : null;
  }
  get forceStartLoad() {
    return this._forceStartLoad;
  }
}, abrController: ke, bufferController: Gr, capLevelController: Ti, errorController: Me, fpsController: Ri, id3TrackController: class {
  constructor(t2) {
    this.hls = void 0, this.id3Track = null, this.media = null, this.dateRangeCuesAppended = {}, this.removeCues = true, this.assetCue = void 0, this.onEventCueEnter = () => {
      this.hls && this.hls.trigger(n.EVENT_CUE_ENTER, {});
    }, this.hls = t2, this._registerListeners();
  }
  destroy() {
    this._unregisterListeners(), this.id3Track = null, this.media = null, this.dateRangeCuesAppended = {}, this.hls = this.onEventCueEnter = null;
  }
  _registerListeners() {
    const { hls: t2 } = this;
    t2 && (t2.on(n.MEDIA_ATTACHING, this.onMediaAttaching, this), t2.on(n.MEDIA_ATTACHED, this.onMediaAttached, this), t2.on(n.MEDIA_DETACHING, this.onMediaDetaching, this), t2.on(n.MANIFEST_LOADING, this.onManifestLoading, this), t2.on(n.FRAG_PARSING_METADATA, this.onFragParsingMetadata, this), t2.on(n.BUFFER_FLUSHING, this.onBufferFlushing, this), t2.on(n.LEVEL_UPDATED, this.onLevelUpdated, this), t2.on(n.LEVEL_PTS_UPDATED, this.onLevelPtsUpdated, this));
  }
  _unregisterListeners() {
    const { hls: t2 } = this;
    t2 && (t2.off(n.MEDIA_ATTACHING, this.onMediaAttaching, this), t2.off(n.MEDIA_ATTACHED, this.onMediaAttached, this), t2.off(n.MEDIA_DETACHING, this.onMediaDetaching, this), t2.off(n.MANIFEST_LOADING, this.onManifestLoading, this), t2.off(n.FRAG_PARSING_METADATA, this.onFragParsingMetadata, this), t2.off(n.BUFFER_FLUSHING, this.onBufferFlushing, this), t2.off(n.LEVEL_UPDATED, this.onLevelUpdated, this), t2.off(n.LEVEL_PTS_UPDATED, this.onLevelPtsUpdated, this));
  }
  onMediaAttaching(t2, e2) {
    this.media = e2.media;
  }
  onMediaAttached() {
    var t2;
    const e2 = null == (t2 = this.hls) ? void 0 : t2.latestLevelDetails;
    e2 && this.updateDateRangeCues(e2);
  }
  onMediaDetaching(t2, e2) {
    this.media = null;
    !!e2.transferMedia || (this.id3Track && (this.id3Track.remove(), this.id3Track = null), this.dateRangeCuesAppended = {});
  }
  onManifestLoading() {
    this.dateRangeCuesAppended = {};
  }
  createTrack(t2) {
    return (function(t3, e2, r2, i2 = "", s2 = "disabled") {
      const n2 = t3.ownerDocument.createElement("track");
      return n2.kind = e2, n2.label = r2, i2 && (n2.srclang = i2), n2.src = "data:,WEBVTT", n2.track.mode = s2, t3.appendChild(n2), n2;
    })(t2, "metadata", "id3", "", "hidden");
  }
  onFragParsingMetadata(t2, e2) {
    if (!this.media || !this.hls) return;
    const { enableEmsgMetadataCues: r2, enableID3MetadataCues: i2 } = this.hls.config;
    if (!r2 && !i2) return;
    const { samples: s2 } = e2;
    this.id3Track || (this.id3Track = this.createTrack(this.media));
    const n2 = Mi();
    if (n2) for (let t3 = 0; t3 < s2.length; t3++) {
      const e3 = s2[t3].type;
      if (e3 === wi.emsg && !r2 || !i2) continue;
      const a2 = pt(s2[t3].data), o2 = s2[t3].pts;
      let l2 = o2 + s2[t3].duration;
      l2 > Ni && (l2 = Ni);
      l2 - o2 <= 0 && (l2 = o2 + 0.25);
      for (let t4 = 0; t4 < a2.length; t4++) {
        const r3 = a2[t4];
        if (!vt(r3)) {
          this.updateId3CueEnds(o2, e3);
          const t5 = Fi(n2, o2, l2, r3, e3);
          t5 && this.id3Track.track.addCue(t5);
        }
      }
    }
  }
  updateId3CueEnds(t2, e2) {
    var r2;
    const i2 = null == (r2 = this.id3Track) ? void 0 : r2.track.cues;
    if (i2) for (let r3 = i2.length; r3--; ) {
      const s2 = i2[r3];
      s2.type === e2 && s2.startTime < t2 && s2.endTime === Ni && (s2.endTime = t2);
    }
  }
  onBufferFlushing(t2, { startOffset: e2, endOffset: r2, type: i2 }) {
    const { id3Track: s2, hls: n2 } = this;
    if (!n2) return;
    const { config: { enableEmsgMetadataCues: a2, enableID3MetadataCues: o2 } } = n2;
    if (s2 && (a2 || o2)) {
      let t3;
      t3 = "audio" === i2 ? (t4) => t4.type === wi.audioId3 && o2 : "video" === i2 ? (t4) => t4.type === wi.emsg && a2 : (t4) => t4.type === wi.audioId3 && o2 || t4.type === wi.emsg && a2, Oi(s2.track, e2, r2, t3);
    }
  }
  onLevelUpdated(t2, { details: e2 }) {
    this.updateDateRangeCues(e2, true);
  }
  onLevelPtsUpdated(t2, e2) {
    Math.abs(e2.drift) > 0.01 && this.updateDateRangeCues(e2.details);
  }
  updateDateRangeCues(e2, r2) {
    if (!this.hls || !this.media) return;
    const { assetPlayerId: i2, timelineOffset: s2, enableDateRangeMetadataCues: n2, interstitialsController: a2 } = this.hls.config;
    if (!n2) return;
    const o2 = Mi();
    if (!e2.hasProgramDateTime) return;
    const { id3Track: l2 } = this, { dateRanges: d2 } = e2, h2 = Object.keys(d2);
    let u2 = this.dateRangeCuesAppended;
    var c2;
    if (l2 && r2) if (null != (c2 = l2.track.cues) && c2.length) {
      const t2 = Object.keys(u2).filter(((t3) => -1 === h2.indexOf(t3)));
      for (let e3 = t2.length; e3--; ) {
        var f2;
        const r3 = t2[e3], i3 = null == (f2 = u2[r3]) ? void 0 : f2.cues;
        delete u2[r3], i3 && Object.keys(i3).forEach(((t3) => {
          const e4 = i3[t3];
          if (e4) {
            e4.removeEventListener("enter", this.onEventCueEnter);
            try {
              l2.track.removeCue(e4);
            } catch (t4) {
            }
          }
        }));
      }
    } else u2 = this.dateRangeCuesAppended = {};
    const g2 = e2.fragments[e2.fragments.length - 1];
    if (0 !== h2.length && t(null == g2 ? void 0 : g2.programDateTime)) {
      this.id3Track || (this.id3Track = this.createTrack(this.media));
      for (let t2 = 0; t2 < h2.length; t2++) {
        const e3 = h2[t2], r3 = d2[e3], i3 = r3.startTime, s3 = u2[e3], n3 = (null == s3 ? void 0 : s3.cues) || {};
        let a3 = (null == s3 ? void 0 : s3.durationKnown) || false, l3 = Ni;
        const { duration: c3, endDate: f3 } = r3;
        if (f3 && null !== c3) l3 = i3 + c3, a3 = true;
        else if (r3.endOnNext && !a3) {
          const t3 = h2.reduce(((t4, e4) => {
            if (e4 !== r3.id) {
              const i4 = d2[e4];
              if (i4.class === r3.class && i4.startDate > r3.startDate && (!t4 || r3.startDate < t4.startDate)) return i4;
            }
            return t4;
          }), null);
          t3 && (l3 = t3.startTime, a3 = true);
        }
        const g3 = Object.keys(r3.attr);
        for (let t3 = 0; t3 < g3.length; t3++) {
          const d3 = g3[t3];
          if ("ID" === (m2 = d3) || "CLASS" === m2 || "CUE" === m2 || "START-DATE" === m2 || "DURATION" === m2 || "END-DATE" === m2 || "END-ON-NEXT" === m2) continue;
          const h3 = n3[d3];
          if (h3) !a3 || null != s3 && s3.durationKnown ? Math.abs(h3.startTime - i3) > 0.01 && (h3.startTime = i3, h3.endTime = l3) : h3.endTime = l3;
          else if (o2) {
            let t4 = r3.attr[d3];
            Ve(d3) && (t4 = St(t4));
            const s4 = Fi(o2, i3, l3, { key: d3, data: t4 }, wi.dateRange);
            s4 && (s4.id = e3, this.id3Track.track.addCue(s4), n3[d3] = s4);
          }
        }
        u2[e3] = { cues: n3, dateRange: r3, durationKnown: a3 };
      }
      var m2;
    }
  }
}, gapController: class extends ci {
  constructor(t2, e2) {
    super("gap-controller", t2.logger), this.hls = void 0, this.fragmentTracker = void 0, this.media = null, this.mediaSource = void 0, this.nudgeRetry = 0, this.skipRetry = 0, this.stallReported = false, this.stalled = null, this.moved = false, this.seeking = false, this.buffered = {}, this.lastCurrentTime = void 0, this.ended = 0, this.waiting = 0, this.onMediaPlaying = () => {
      this.ended = 0, this.waiting = 0;
    }, this.onMediaWaiting = () => {
      var t3;
      null != (t3 = this.media) && t3.seeking || (this.waiting = self.performance.now(), this.tick());
    }, this.onMediaEnded = () => {
      var t3;
      this.hls && (this.ended = (null == (t3 = this.media) ? void 0 : t3.currentTime) || 1, this.hls.trigger(n.MEDIA_ENDED, { stalled: false }));
    }, this.hls = t2, this.fragmentTracker = e2, this.lastCurrentTime = this.getCurrentTime(), this.registerListeners();
  }
  registerListeners() {
    const { hls: t2 } = this;
    t2 && (t2.on(n.MEDIA_ATTACHED, this.onMediaAttached, this), t2.on(n.MEDIA_DETACHING, this.onMediaDetaching, this), t2.on(n.BUFFER_APPENDED, this.onBufferAppended, this));
  }
  unregisterListeners() {
    const { hls: t2 } = this;
    t2 && (t2.off(n.MEDIA_ATTACHED, this.onMediaAttached, this), t2.off(n.MEDIA_DETACHING, this.onMediaDetaching, this), t2.off(n.BUFFER_APPENDED, this.onBufferAppended, this));
  }
  destroy() {
    super.destroy(), this.unregisterListeners(), this.media = this.hls = this.fragmentTracker = null, this.mediaSource = void 0;
  }
  onMediaAttached(t2, e2) {
    this.setInterval(100), this.mediaSource = e2.mediaSource;
    const r2 = this.media = e2.media;
    Or(r2, "playing", this.onMediaPlaying), Or(r2, "waiting", this.onMediaWaiting), Or(r2, "ended", this.onMediaEnded);
  }
  onMediaDetaching(t2, e2) {
    this.clearInterval();
    const { media: r2 } = this;
    r2 && (Mr(r2, "playing", this.onMediaPlaying), Mr(r2, "waiting", this.onMediaWaiting), Mr(r2, "ended", this.onMediaEnded), this.media = null), this.mediaSource = void 0;
  }
  onBufferAppended(t2, e2) {
    this.buffered = e2.timeRanges;
  }
  get hasBuffered() {
    return Object.keys(this.buffered).length > 0;
  }
  getCurrentTime() {
    var t2;
    const e2 = (null == (t2 = this.hls) ? void 0 : t2.config.timelineOffset) || 0;
    return this.media ? Math.max(this.media.currentTime, e2) : e2;
  }
  tick() {
    var t2;
    if (null == (t2 = this.media) || !t2.readyState || !this.hasBuffered) return;
    const e2 = this.getCurrentTime();
    this.media.currentTime < e2 || (this.poll(e2, this.lastCurrentTime), this.lastCurrentTime = e2);
  }
  poll(t2, e2) {
    var r2, i2;
    const s2 = null == (r2 = this.hls) ? void 0 : r2.config;
    if (!s2) return;
    const a2 = this.media;
    if (!a2) return;
    const { seeking: o2 } = a2, l2 = this.seeking && !o2, d2 = !this.seeking && o2, h2 = a2.paused && !o2 || a2.ended || 0 === a2.playbackRate;
    if (this.seeking = o2, t2 !== e2) return e2 && (this.ended = 0), this.moved = true, o2 || (this.skipRetry = this.nudgeRetry = 0, s2.nudgeOnVideoHole && !h2 && t2 > e2 && this.nudgeOnVideoHole(t2, e2)), void (0 === this.waiting && this.stallResolved(t2));
    if (d2 || l2) return void (l2 && this.stallResolved(t2));
    if (h2) return this.skipRetry = this.nudgeRetry = 0, this.stallResolved(t2), void (!this.ended && a2.ended && this.hls && (this.ended = t2 || 1, this.hls.trigger(n.MEDIA_ENDED, { stalled: false })));
    if (!wr.getBuffered(a2).length) return void (this.skipRetry = this.nudgeRetry = 0);
    const u2 = wr.bufferInfo(a2, t2, 0), c2 = this.fragmentTracker;
    c2 && this.hls && xi(u2, t2, c2, this.hls);
    const f2 = u2.nextStart || 0;
    if (o2 && c2 && this.hls) {
      const e3 = _i(this.hls.inFlightFragments, t2), r3 = u2.len > 2, i3 = !f2 || e3 || f2 - t2 > 2 && !c2.getPartialFragment(t2);
      if (r3 || i3) return;
      this.moved = false;
    }
    const g2 = null == (i2 = this.hls) ? void 0 : i2.latestLevelDetails;
    if (!this.moved && null !== this.stalled && c2) {
      if (!(u2.len > 0) && !f2) return;
      const e3 = Math.max(f2, u2.start || 0) - t2, r3 = !(null == g2 || !g2.live) ? 2 * g2.targetduration : 2, i3 = Pi(t2, c2);
      if (e3 > 0 && (e3 <= r3 || i3)) return void (a2.paused || this._trySkipBufferHole(i3));
    }
    const m2 = s2.detectStallWithCurrentTimeMs, p2 = self.performance.now(), v2 = this.waiting;
    let E2 = this.stalled;
    if (null === E2) {
      if (!(v2 > 0 && p2 - v2 < m2)) return void (this.stalled = p2);
      E2 = this.stalled = v2;
    }
    const y2 = p2 - E2;
    if (!o2 && (y2 >= m2 || v2 && this.moved) && this.hls) {
      var T2;
      if ("ended" === (null == (T2 = this.mediaSource) ? void 0 : T2.readyState) && (null == g2 || !g2.live) && Math.abs(t2 - ((null == g2 ? void 0 : g2.edge) || 0)) < 1) {
        if (this.ended) return;
        return this.ended = t2 || 1, void this.hls.trigger(n.MEDIA_ENDED, { stalled: true });
      }
      if (this._reportStall(u2), !this.media || !this.hls) return;
      if (a2.currentTime !== t2) {
        const e3 = t2;
        return t2 = a2.currentTime, this.moved = true, void this.log(`currentTime changed ${e3} > ${t2}`);
      }
    }
    const S2 = wr.bufferInfo(a2, t2, s2.maxBufferHole);
    this._tryFixBufferStall(S2, y2, t2);
  }
  stallResolved(t2) {
    const e2 = this.stalled;
    if (e2 && this.hls && (this.stalled = null, this.stallReported)) {
      const r2 = self.performance.now() - e2;
      this.log(`playback not stuck anymore @${t2}, after ${Math.round(r2)}ms`), this.stallReported = false, this.waiting = 0, this.hls.trigger(n.STALL_RESOLVED, {});
    }
  }
  nudgeOnVideoHole(t2, e2) {
    var r2;
    const a2 = this.buffered.video;
    if (this.hls && this.media && this.fragmentTracker && null != (r2 = this.buffered.audio) && r2.length && a2 && a2.length > 1 && t2 > a2.end(0)) {
      const r3 = wr.bufferedInfo(wr.timeRangesToArray(this.buffered.audio), t2, 0);
      if (r3.len > 1 && e2 >= r3.start) {
        const r4 = wr.timeRangesToArray(a2), o2 = wr.bufferedInfo(r4, e2, 0).bufferedIndex;
        if (o2 > -1 && o2 < r4.length - 1) {
          const e3 = wr.bufferedInfo(r4, t2, 0).bufferedIndex, a3 = r4[o2].end, l2 = r4[o2 + 1].start;
          if ((-1 === e3 || e3 > o2) && l2 - a3 < 1 && t2 - a3 < 2) {
            const r5 = new Error(`nudging playhead to flush pipeline after video hole. currentTime: ${t2} hole: ${a3} -> ${l2} buffered index: ${e3}`);
            this.warn(r5.message), this.media.currentTime += 1e-6;
            let o3 = Pi(t2, this.fragmentTracker);
            o3 && "fragment" in o3 ? o3 = o3.fragment : o3 || (o3 = void 0);
            const d2 = wr.bufferInfo(this.media, t2, 0);
            this.hls.trigger(n.ERROR, { type: i.MEDIA_ERROR, details: s.BUFFER_SEEK_OVER_HOLE, fatal: false, error: r5, reason: r5.message, frag: o3, buffer: d2.len, bufferInfo: d2 });
          }
        }
      }
    }
  }
  _tryFixBufferStall(t2, e2, r2) {
    var i2, s2;
    const { fragmentTracker: n2, media: a2 } = this, o2 = null == (i2 = this.hls) ? void 0 : i2.config;
    if (!a2 || !n2 || !o2) return;
    const l2 = null == (s2 = this.hls) ? void 0 : s2.latestLevelDetails, d2 = Pi(r2, n2);
    if (d2 || null != l2 && l2.live && r2 < l2.fragmentStart) {
      if (this._trySkipBufferHole(d2) || !this.media) return;
    }
    const h2 = t2.buffered, u2 = this.adjacentTraversal(t2, r2);
    (h2 && h2.length > 1 && t2.len > o2.maxBufferHole || t2.nextStart && (t2.nextStart - r2 < o2.maxBufferHole || u2)) && (e2 > 1e3 * o2.highBufferWatchdogPeriod || this.waiting) && (this.warn("Trying to nudge playhead over buffer-hole"), this._tryNudgeBuffer(t2));
  }
  adjacentTraversal(t2, e2) {
    const r2 = this.fragmentTracker, i2 = t2.nextStart;
    if (r2 && i2) {
      const t3 = r2.getFragAtPos(e2, v.MAIN), s2 = r2.getFragAtPos(i2, v.MAIN);
      if (t3 && s2) return s2.sn - t3.sn < 2;
    }
    return false;
  }
  _reportStall(t2) {
    const { hls: e2, media: r2, stallReported: a2, stalled: o2 } = this;
    if (!a2 && null !== o2 && r2 && e2) {
      this.stallReported = true;
      const a3 = new Error(`Playback stalling at @${r2.currentTime} due to low buffer (${Re(t2)})`);
      this.warn(a3.message), e2.trigger(n.ERROR, { type: i.MEDIA_ERROR, details: s.BUFFER_STALLED_ERROR, fatal: false, error: a3, buffer: t2.len, bufferInfo: t2, stalled: { start: o2 } });
    }
  }
  _trySkipBufferHole(t2) {
    const { fragmentTracker: e2, media: r2, hls: a2 } = this, o2 = null == a2 ? void 0 : a2.config;
    if (!r2 || !e2 || !o2) return 0;
    const l2 = r2.currentTime, d2 = wr.bufferInfo(r2, l2, 0);
    xi(d2, l2, e2, a2);
    const h2 = l2 < d2.start ? d2.start : d2.nextStart;
    if (h2) {
      const c2 = d2.len <= o2.maxBufferHole, f2 = d2.len > 0 && d2.len < 1 && r2.readyState < 3, g2 = h2 - l2;
      if (g2 > 0 && (c2 || f2)) {
        if (g2 > o2.maxBufferHole) {
          let r3 = false;
          if (0 === l2) {
            const t3 = e2.getAppendedFrag(0, v.MAIN);
            t3 && h2 < t3.end && (r3 = true);
          }
          if (!r3 && t2) {
            var u2;
            if (null == (u2 = a2.loadLevelObj) || !u2.details) return 0;
            if (_i(a2.inFlightFragments, h2)) return 0;
            let r4 = false, i2 = t2.end;
            for (; i2 < h2; ) {
              const t3 = Pi(i2, e2), s2 = t3 ? t3.duration : 0;
              if (!(s2 > 0)) {
                r4 = true;
                break;
              }
              i2 += s2;
            }
            if (r4) return 0;
          }
        }
        const { nudgeMaxRetry: c3, skipBufferHolePadding: f3 } = o2, m2 = ++this.skipRetry > c3, p2 = Math.max(h2, l2) + f3;
        if (m2 || (this.warn(`skipping hole, adjusting currentTime from ${l2} to ${p2}`), this.moved = true, r2.currentTime = p2), null == t2 || !t2.gap || m2) {
          const e3 = new Error(m2 ? `Playhead still not moving after seeking over buffer hole from ${l2} to ${p2} after ${o2.nudgeMaxRetry} attempts.` : `fragment loaded with buffer holes, seeking from ${l2} to ${p2}`), r3 = { type: i.MEDIA_ERROR, details: s.BUFFER_SEEK_OVER_HOLE, fatal: m2, error: e3, reason: e3.message, buffer: d2.len, bufferInfo: d2 };
          t2 && ("fragment" in t2 ? r3.part = t2 : r3.frag = t2), a2.trigger(n.ERROR, r3);
        }
        return p2;
      }
    }
    return 0;
  }
  _tryNudgeBuffer(t2) {
    const { hls: e2, media: r2, nudgeRetry: a2 } = this, o2 = null == e2 ? void 0 : e2.config;
    if (!r2 || !o2) return 0;
    const l2 = r2.currentTime;
    if (this.nudgeRetry++, a2 < o2.nudgeMaxRetry) {
      const d2 = l2 + (a2 + 1) * o2.nudgeOffset, h2 = new Error(`Nudging 'currentTime' from ${l2} to ${d2}`);
      this.warn(h2.message), r2.currentTime = d2, e2.trigger(n.ERROR, { type: i.MEDIA_ERROR, details: s.BUFFER_NUDGE_ON_STALL, error: h2, fatal: false, buffer: t2.len, bufferInfo: t2 });
    } else {
      const r3 = new Error(`Playhead still not moving while enough data buffered @${l2} after ${o2.nudgeMaxRetry} nudges`);
      this.error(r3.message), e2.trigger(n.ERROR, { type: i.MEDIA_ERROR, details: s.BUFFER_STALLED_ERROR, error: r3, fatal: true, buffer: t2.len, bufferInfo: t2 });
    }
  }
}, latencyController: class {
  constructor(t2) {
    this.hls = void 0, this.media = null, this.currentTime = 0, this.stallCount = 0, this._latency = null, this._targetLatencyUpdated = false, this.onTimeupdate = () => {
      const { media: t3 } = this, e2 = this.levelDetails;
      if (!t3 || !e2 || !this.hls) return;
      this.currentTime = t3.currentTime;
      const r2 = this.hls.config, i2 = this.computeLatency();
      if (null === i2) return;
      this._latency = i2;
      const { lowLatencyMode: s2, maxLiveSyncPlaybackRate: n2 } = r2;
      if (!s2 || 1 === n2 || !e2.live) return;
      const a2 = this.targetLatency;
      if (null === a2) return;
      const o2 = i2 - a2;
      if (o2 < Math.min(this.maxLatency, a2 + e2.targetduration) && o2 > 0.05 && this.forwardBufferLength > 1) {
        const e3 = Math.min(2, Math.max(1, n2)), r3 = Math.round(2 / (1 + Math.exp(-0.75 * o2 - this.edgeStalled)) * 20) / 20, i3 = Math.min(e3, Math.max(1, r3));
        this.changeMediaPlaybackRate(t3, i3);
      } else 1 !== t3.playbackRate && 0 !== t3.playbackRate && this.changeMediaPlaybackRate(t3, 1);
    }, this.hls = t2, this.registerListeners();
  }
  get levelDetails() {
    var t2;
    return (null == (t2 = this.hls) ? void 0 : t2.latestLevelDetails) || null;
  }
  get latency() {
    return this._latency || 0;
  }
  get maxLatency() {
    var t2;
    const e2 = null == (t2 = this.hls) ? void 0 : t2.config;
    if (!e2) return 0;
    if (void 0 !== e2.liveMaxLatencyDuration) return e2.liveMaxLatencyDuration;
    const r2 = this.levelDetails;
    return r2 ? e2.liveMaxLatencyDurationCount * r2.targetduration : 0;
  }
  get targetLatency() {
    const t2 = this.levelDetails;
    if (null === t2 || !this.hls) return null;
    const e2 = this.hls.config, { holdBack: r2, partHoldBack: i2, targetduration: s2 } = t2, { liveSyncDuration: n2, liveSyncDurationCount: a2, lowLatencyMode: o2 } = e2, l2 = this.hls.userConfig;
    let d2 = o2 && i2 || r2;
    (this._targetLatencyUpdated || l2.liveSyncDuration || l2.liveSyncDurationCount || 0 === d2) && (d2 = void 0 !== n2 ? n2 : a2 * s2);
    const h2 = s2;
    return d2 + Math.min(this.stallCount * e2.liveSyncOnStallIncrease, h2);
  }
  set targetLatency(t2) {
    this.hls && (this.stallCount = 0, this.hls.config.liveSyncDuration = t2, this._targetLatencyUpdated = true);
  }
  get liveSyncPosition() {
    const t2 = this.estimateLiveEdge(), e2 = this.targetLatency;
    if (null === t2 || null === e2 || !this.hls) return null;
    const r2 = this.levelDetails;
    if (null === r2) return null;
    const i2 = r2.edge, s2 = t2 - e2 - this.edgeStalled, n2 = i2 - r2.totalduration, a2 = i2 - (this.hls.config.lowLatencyMode && r2.partTarget || r2.targetduration);
    return Math.min(Math.max(n2, s2), a2);
  }
  get drift() {
    const t2 = this.levelDetails;
    return null === t2 ? 1 : t2.drift;
  }
  get edgeStalled() {
    const t2 = this.levelDetails;
    if (null === t2 || !this.hls) return 0;
    const e2 = 3 * (this.hls.config.lowLatencyMode && t2.partTarget || t2.targetduration);
    return Math.max(t2.age - e2, 0);
  }
  get forwardBufferLength() {
    const { media: t2 } = this, e2 = this.levelDetails;
    if (!t2 || !e2) return 0;
    const r2 = t2.buffered.length;
    return (r2 ? t2.buffered.end(r2 - 1) : e2.edge) - this.currentTime;
  }
  destroy() {
    this.unregisterListeners(), this.onMediaDetaching(), this.hls = null;
  }
  registerListeners() {
    const { hls: t2 } = this;
    t2 && (t2.on(n.MEDIA_ATTACHED, this.onMediaAttached, this), t2.on(n.MEDIA_DETACHING, this.onMediaDetaching, this), t2.on(n.MANIFEST_LOADING, this.onManifestLoading, this), t2.on(n.LEVEL_UPDATED, this.onLevelUpdated, this), t2.on(n.ERROR, this.onError, this), t2.on(n.INTERSTITIAL_ASSET_STARTED, this.onAssetStarted, this));
  }
  unregisterListeners() {
    const { hls: t2 } = this;
    t2 && (t2.off(n.MEDIA_ATTACHED, this.onMediaAttached, this), t2.off(n.MEDIA_DETACHING, this.onMediaDetaching, this), t2.off(n.MANIFEST_LOADING, this.onManifestLoading, this), t2.off(n.LEVEL_UPDATED, this.onLevelUpdated, this), t2.off(n.ERROR, this.onError, this), t2.off(n.INTERSTITIAL_ASSET_STARTED, this.onAssetStarted, this));
  }
  onMediaAttached(t2, e2) {
    this.media = e2.media, this.media.addEventListener("timeupdate", this.onTimeupdate);
  }
  onMediaDetaching() {
    this.media && (this.media.removeEventListener("timeupdate", this.onTimeupdate), this.media = null);
  }
  onManifestLoading() {
    this._latency = null, this.stallCount = 0;
  }
  onLevelUpdated(t2, { details: e2 }) {
    e2.advanced && this.onTimeupdate(), !e2.live && this.media && this.media.removeEventListener("timeupdate", this.onTimeupdate);
  }
  onAssetStarted(t2, e2) {
    var r2;
    const i2 = this.hls, s2 = this.media || e2.event.appendInPlace && (null == i2 || null == (r2 = i2.interstitialsManager) ? void 0 : r2.playerQueue.reduce(((t3, e3) => t3 || e3.media), null));
    i2 && s2 && s2.playbackRate > 1 && s2.playbackRate <= i2.config.maxLiveSyncPlaybackRate && this.changeMediaPlaybackRate(s2, 1);
  }
  onError(t2, e2) {
    var r2;
    e2.details === s.BUFFER_STALLED_ERROR && (this.stallCount++, this.hls && null != (r2 = this.levelDetails) && r2.live && this.hls.logger.warn("[latency-controller]: Stall detected, adjusting target latency"));
  }
  changeMediaPlaybackRate(t2, e2) {
    var r2, i2;
    t2.playbackRate !== e2 && (null == (r2 = this.hls) || r2.logger.debug(`[latency-controller]: latency=${this.latency.toFixed(3)}, targetLatency=${null == (i2 = this.targetLatency) ? void 0 : i2.toFixed(3)}, forwardBufferLength=${this.forwardBufferLength.toFixed(3)}: adjusting playback rate from ${t2.playbackRate} to ${e2}`), t2.playbackRate = e2);
  }
  estimateLiveEdge() {
    const t2 = this.levelDetails;
    return null === t2 ? null : t2.edge + t2.age;
  }
  computeLatency() {
    const t2 = this.estimateLiveEdge();
    return null === t2 ? null : t2 - this.currentTime;
  }
} }, { cueHandler: Q, enableWebVTT: false, enableIMSC1: false, enableCEA708Captions: false, captionsTextTrack1Label: "English", captionsTextTrack1LanguageCode: "en", captionsTextTrack2Label: "Spanish", captionsTextTrack2LanguageCode: "es", captionsTextTrack3Label: "Unknown CC", captionsTextTrack3LanguageCode: "", captionsTextTrack4Label: "Unknown CC", captionsTextTrack4LanguageCode: "", renderTextTracksNatively: true }), {}, { subtitleStreamController: void 0, subtitleTrackController: void 0, timelineController: void 0, audioStreamController: void 0, audioTrackController: void 0, emeController: void 0, cmcdController: void 0, contentSteeringController: Si, iframeController: void 0, interstitialsController: void 0 });
function pn(t2, e2, r2) {
  if ((e2.liveSyncDurationCount || e2.liveMaxLatencyDurationCount) && (e2.liveSyncDuration || e2.liveMaxLatencyDuration)) throw new Error("Illegal hls.js config: don't mix up liveSyncDurationCount/liveMaxLatencyDurationCount and liveSyncDuration/liveMaxLatencyDuration");
  if (void 0 !== e2.liveMaxLatencyDurationCount && (void 0 === e2.liveSyncDurationCount || e2.liveMaxLatencyDurationCount <= e2.liveSyncDurationCount)) throw new Error('Illegal hls.js config: "liveMaxLatencyDurationCount" must be greater than "liveSyncDurationCount"');
  if (void 0 !== e2.liveMaxLatencyDuration && (void 0 === e2.liveSyncDuration || e2.liveMaxLatencyDuration <= e2.liveSyncDuration)) throw new Error('Illegal hls.js config: "liveMaxLatencyDuration" must be greater than "liveSyncDuration"');
  if (void 0 !== e2.liveMaxUnchangedPlaylistRefresh) {
    const t3 = e2.liveMaxUnchangedPlaylistRefresh, a3 = (i2 = t3, s2 = 2, n2 = 1 / 0, Math.max(s2, Math.min(i2, n2)));
    a3 !== t3 && r2.warn(`hls.js config: "liveMaxUnchangedPlaylistRefresh" clamped from ${t3} to ${a3}.`), e2.liveMaxUnchangedPlaylistRefresh = a3;
  }
  var i2, s2, n2;
  const a2 = vn(t2), o2 = ["TimeOut", "MaxRetry", "RetryDelay", "MaxRetryTimeout"];
  return ["manifest", "level", "frag"].forEach(((t3) => {
    const i3 = `${"level" === t3 ? "playlist" : t3}LoadPolicy`, s3 = void 0 === e2[i3], n3 = [];
    o2.forEach(((r3) => {
      const o3 = `${t3}Loading${r3}`, l2 = e2[o3];
      if (void 0 !== l2 && s3) {
        n3.push(o3);
        const t4 = a2[i3].default;
        switch (e2[i3] = { default: t4 }, r3) {
          case "TimeOut":
            t4.maxLoadTimeMs = l2, t4.maxTimeToFirstByteMs = l2;
            break;
          case "MaxRetry":
            t4.errorRetry.maxNumRetry = l2, t4.timeoutRetry.maxNumRetry = l2;
            break;
          case "RetryDelay":
            t4.errorRetry.retryDelayMs = l2, t4.timeoutRetry.retryDelayMs = l2;
            break;
          case "MaxRetryTimeout":
            t4.errorRetry.maxRetryDelayMs = l2, t4.timeoutRetry.maxRetryDelayMs = l2;
        }
      }
    })), n3.length && r2.warn(`hls.js config: "${n3.join('", "')}" setting(s) are deprecated, use "${i3}": ${Re(e2[i3])}`);
  })), _(_({}, a2), e2);
}
function vn(t2) {
  return t2 && "object" == typeof t2 ? Array.isArray(t2) ? t2.map(vn) : Object.keys(t2).reduce(((e2, r2) => (e2[r2] = vn(t2[r2]), e2)), {}) : t2;
}
var En = class extends Cr {
  constructor(t2, e2) {
    super(t2, "level-controller"), this._levels = [], this._firstLevel = -1, this._maxAutoLevel = -1, this._startLevel = void 0, this.currentLevel = null, this.currentLevelIndex = -1, this.manualLevelIndex = -1, this.steering = void 0, this.lastABRSwitchTime = -1, this._iframeVariants = [], this.onParsedComplete = void 0, this.steering = e2, this._registerListeners();
  }
  _registerListeners() {
    const { hls: t2 } = this;
    t2.on(n.MANIFEST_LOADING, this.onManifestLoading, this), t2.on(n.MANIFEST_LOADED, this.onManifestLoaded, this), t2.on(n.LEVEL_LOADED, this.onLevelLoaded, this), t2.on(n.LEVELS_UPDATED, this.onLevelsUpdated, this), t2.on(n.FRAG_BUFFERED, this.onFragBuffered, this), t2.on(n.ERROR, this.onError, this);
  }
  _unregisterListeners() {
    const { hls: t2 } = this;
    t2.off(n.MANIFEST_LOADING, this.onManifestLoading, this), t2.off(n.MANIFEST_LOADED, this.onManifestLoaded, this), t2.off(n.LEVEL_LOADED, this.onLevelLoaded, this), t2.off(n.LEVELS_UPDATED, this.onLevelsUpdated, this), t2.off(n.FRAG_BUFFERED, this.onFragBuffered, this), t2.off(n.ERROR, this.onError, this);
  }
  destroy() {
    this._unregisterListeners(), this.steering = null, this.resetLevels(), super.destroy();
  }
  stopLoad() {
    this._levels.forEach(((t2) => {
      t2.loadError = 0, t2.fragmentError = 0;
    })), super.stopLoad();
  }
  resetLevels() {
    this._startLevel = void 0, this.manualLevelIndex = -1, this.currentLevelIndex = -1, this.currentLevel = null, this._levels = [], this._maxAutoLevel = -1, this._iframeVariants = [];
  }
  onManifestLoading(t2, e2) {
    this.resetLevels();
  }
  onManifestLoaded(t2, e2) {
    const r2 = this.hls.config.preferManagedMediaSource, i2 = [], s2 = {}, n2 = {};
    let a2 = false, o2 = false, l2 = false, d2 = false;
    e2.levels.forEach(((t3) => {
      const e3 = t3.attrs, h2 = Sn(t3, r2), { audioCodec: u2, videoCodec: c2, imageCodec: f2, width: g2, height: m2 } = t3;
      if (!h2) return void this.log(`Some or all CODECS not supported "${e3.CODECS}"`);
      a2 || (a2 = !(!g2 || !m2)), o2 || (o2 = !!c2), l2 || (l2 = !!u2), d2 || (d2 = !!f2);
      const { CODECS: p2, "FRAME-RATE": v2, "HDCP-LEVEL": E2, "PATHWAY-ID": y2, RESOLUTION: T2, "VIDEO-RANGE": S2 } = e3, L2 = `${`${y2 || "."}-`}${t3.bitrate}-${T2}-${v2}-${p2}-${S2}-${E2}`;
      if (s2[L2]) if (s2[L2].uri === t3.url || t3.attrs["PATHWAY-ID"]) t3.iframes || (s2[L2].addGroupId("audio", e3.AUDIO), s2[L2].addGroupId("text", e3.SUBTITLES));
      else {
        const e4 = n2[L2] += 1;
        t3.attrs["PATHWAY-ID"] = new Array(e4 + 1).join(".");
        const r3 = this.createLevel(t3);
        s2[L2] = r3, i2.push(r3);
      }
      else {
        const e4 = this.createLevel(t3);
        s2[L2] = e4, n2[L2] = 1, i2.push(e4);
      }
    })), this.filterAndSortMediaOptions(i2, e2, a2, o2, l2, d2);
  }
  createLevel(t2) {
    const e2 = new Se(t2), r2 = t2.supplemental;
    if (null != r2 && r2.videoCodec && !Tn(r2.videoCodec, this.hls.config.preferManagedMediaSource)) {
      const t3 = new Error(`SUPPLEMENTAL-CODECS not supported "${r2.videoCodec}"`);
      this.log(t3.message), e2.supportedResult = X.getUnsupportedResult(t3, []);
    }
    return e2;
  }
  filterAndSortMediaOptions(t2, e2, r2, a2, o2, l2) {
    var d2;
    let h2 = [], u2 = [], c2 = t2;
    const f2 = (null == (d2 = e2.stats) ? void 0 : d2.parsing) || {}, g2 = this.hls.config.preferManagedMediaSource;
    if ((r2 || a2) && o2 && (c2 = c2.filter((({ videoCodec: t3, videoRange: e3, width: r3, height: i2 }) => {
      return (!!t3 || !(!r3 || !i2)) && (!!(s2 = e3) && ve.indexOf(s2) > -1);
      var s2;
    }))), a2 && l2 && (c2 = c2.filter(((t3) => !t3.imageCodec))), 0 === c2.length) return Promise.resolve().then((() => {
      if (this.hls) {
        let t3 = "no level with compatible codecs found in manifest", r3 = t3;
        e2.levels.length && (r3 = `one or more CODECS in variant not supported: ${Re(e2.levels.map(((t4) => t4.attrs.CODECS)).filter(((t4, e3, r4) => r4.indexOf(t4) === e3)))}`, this.warn(r3), t3 += ` (${r3})`);
        const a3 = new Error(t3);
        this.hls.trigger(n.ERROR, { type: i.MEDIA_ERROR, details: s.MANIFEST_INCOMPATIBLE_CODECS_ERROR, fatal: true, url: e2.url, error: a3, reason: r3 });
      }
    })), void (f2.end = performance.now());
    e2.audioTracks && (h2 = e2.audioTracks.filter(((t3) => !t3.audioCodec || yn(t3.audioCodec, g2))), Ln(h2)), e2.subtitles && (u2 = e2.subtitles, Ln(u2));
    const m2 = c2.slice(0);
    c2.sort(((t3, e3) => {
      if (t3.attrs["HDCP-LEVEL"] !== e3.attrs["HDCP-LEVEL"]) return (t3.attrs["HDCP-LEVEL"] || "") > (e3.attrs["HDCP-LEVEL"] || "") ? 1 : -1;
      if (r2 && t3.height !== e3.height) return t3.height - e3.height;
      if (t3.frameRate !== e3.frameRate) return t3.frameRate - e3.frameRate;
      if (t3.videoRange !== e3.videoRange) return ve.indexOf(t3.videoRange) - ve.indexOf(e3.videoRange);
      if (t3.videoCodec !== e3.videoCodec) {
        const r3 = oe(t3.videoCodec), i2 = oe(e3.videoCodec);
        if (r3 !== i2) return i2 - r3;
      }
      if (t3.uri === e3.uri && t3.codecSet !== e3.codecSet) {
        const r3 = le(t3.codecSet), i2 = le(e3.codecSet);
        if (r3 !== i2) return i2 - r3;
      }
      return t3.averageBitrate !== e3.averageBitrate ? t3.averageBitrate - e3.averageBitrate : 0;
    }));
    let p2 = m2[0];
    if (this.steering && (c2 = this.steering.filterParsedLevels(c2), c2.length !== m2.length)) {
      for (let t3 = 0; t3 < m2.length; t3++) if (m2[t3].pathwayId === c2[0].pathwayId) {
        p2 = m2[t3];
        break;
      }
    }
    this._levels = c2;
    for (let t3 = 0; t3 < c2.length; t3++) if (c2[t3] === p2) {
      var v2;
      this._firstLevel = t3;
      const e3 = p2.bitrate, r3 = this.hls.bandwidthEstimate;
      if (this.log(`manifest loaded, ${c2.length} level(s) found, first bitrate: ${e3}`), void 0 === (null == (v2 = this.hls.userConfig) ? void 0 : v2.abrEwmaDefaultEstimate)) {
        const t4 = Math.min(e3, this.hls.config.abrEwmaDefaultEstimateMax);
        t4 > r3 && r3 === this.hls.abrEwmaDefaultEstimate && (this.hls.bandwidthEstimate = t4);
      }
      break;
    }
    const E2 = e2.iframeVariants.filter(((t3) => Sn(t3, g2)));
    this._iframeVariants = E2;
    const y2 = o2 && !a2, T2 = this.hls.config, S2 = !(!T2.audioStreamController || !T2.audioTrackController), L2 = { levels: c2, audioTracks: h2, subtitleTracks: u2, iframeVariants: E2, sessionData: e2.sessionData, sessionKeys: e2.sessionKeys, firstLevel: this._firstLevel, stats: e2.stats, audio: o2, video: a2, altAudio: S2 && !y2 && h2.some(((t3) => !!t3.url)) };
    f2.end = performance.now(), this.hls.trigger(n.MANIFEST_PARSED, L2);
  }
  get iframeVariants() {
    return 0 === this._iframeVariants.length ? null : this._iframeVariants;
  }
  get levels() {
    return 0 === this._levels.length ? null : this._levels;
  }
  get loadLevelObj() {
    return this.currentLevel;
  }
  get level() {
    return this.currentLevelIndex;
  }
  set level(t2) {
    const e2 = this._levels;
    if (0 === e2.length) return;
    if (t2 < 0 || t2 >= e2.length) {
      const r3 = new Error("invalid level idx"), a3 = t2 < 0;
      if (this.hls.trigger(n.ERROR, { type: i.OTHER_ERROR, details: s.LEVEL_SWITCH_ERROR, level: t2, fatal: a3, error: r3, reason: r3.message }), a3) return;
      t2 = Math.min(t2, e2.length - 1);
    }
    const r2 = this.currentLevelIndex, a2 = this.currentLevel, o2 = a2 ? a2.attrs["PATHWAY-ID"] : void 0, l2 = e2[t2], d2 = l2.attrs["PATHWAY-ID"];
    if (this.currentLevelIndex = t2, this.currentLevel = l2, r2 === t2 && a2 && o2 === d2) return;
    this.log(`Switching to level ${t2} (${l2.height ? l2.height + "p " : ""}${l2.videoRange ? l2.videoRange + " " : ""}${l2.codecSet ? l2.codecSet + " " : ""}@${l2.bitrate})${d2 ? " with Pathway " + d2 : ""} from level ${r2}${o2 ? " with Pathway " + o2 : ""}`);
    const h2 = { level: t2, attrs: l2.attrs, details: l2.details, bitrate: l2.bitrate, averageBitrate: l2.averageBitrate, maxBitrate: l2.maxBitrate, realBitrate: l2.realBitrate, width: l2.width, height: l2.height, codecSet: l2.codecSet, audioCodec: l2.audioCodec, videoCodec: l2.videoCodec, audioGroups: l2.audioGroups, subtitleGroups: l2.subtitleGroups, loaded: l2.loaded, loadError: l2.loadError, fragmentError: l2.fragmentError, name: l2.name, id: l2.id, uri: l2.uri, url: l2.url, urlId: 0, audioGroupIds: l2.audioGroupIds, textGroupIds: l2.textGroupIds };
    this.hls.trigger(n.LEVEL_SWITCHING, h2);
    const u2 = l2.details;
    if (!u2 || u2.live) {
      const t3 = this.switchParams(l2.uri, null == a2 ? void 0 : a2.details, u2);
      this.loadPlaylist(t3);
    }
  }
  get manualLevel() {
    return this.manualLevelIndex;
  }
  set manualLevel(t2) {
    this.manualLevelIndex = t2, void 0 === this._startLevel && (this._startLevel = t2), -1 !== t2 && (this.level = t2);
  }
  get firstLevel() {
    return this._firstLevel;
  }
  set firstLevel(t2) {
    this._firstLevel = t2;
  }
  get startLevel() {
    if (void 0 === this._startLevel) {
      const t2 = this.hls.config.startLevel;
      return void 0 !== t2 ? t2 : this.hls.firstAutoLevel;
    }
    return this._startLevel;
  }
  set startLevel(t2) {
    this._startLevel = t2;
  }
  get pathways() {
    return this.steering ? this.steering.pathways() : [];
  }
  get pathwayPriority() {
    return this.steering ? this.steering.pathwayPriority : null;
  }
  set pathwayPriority(t2) {
    if (this.steering) {
      const e2 = this.steering.pathways(), r2 = t2.filter(((t3) => -1 !== e2.indexOf(t3)));
      if (t2.length < 1) return void this.warn(`pathwayPriority ${t2} should contain at least one pathway from list: ${e2}`);
      this.steering.pathwayPriority = r2;
    }
  }
  onError(t2, e2) {
    !e2.fatal && e2.context && e2.context.type === p.LEVEL && e2.context.level === this.level && this.checkRetry(e2);
  }
  onFragBuffered(t2, { frag: e2 }) {
    if (e2.type === v.MAIN) {
      const t3 = e2.elementaryStreams;
      if (!Object.keys(t3).some(((e3) => !!t3[e3]))) return;
      const r2 = this._levels[e2.level];
      null != r2 && r2.loadError && (this.log(`Resetting level error count of ${r2.loadError} on frag buffered`), r2.loadError = 0);
    }
  }
  onLevelLoaded(t2, e2) {
    var r2;
    const { level: i2, details: s2 } = e2, n2 = e2.levelInfo;
    var a2;
    if (!n2) return this.warn(`Invalid level index ${i2}`), void (null != (a2 = e2.deliveryDirectives) && a2.skip && (s2.deltaUpdateFailed = true));
    if (n2 === this.currentLevel || e2.withoutMultiVariant) {
      0 === n2.fragmentError && (n2.loadError = 0);
      let t3 = n2.details;
      t3 === e2.details && t3.advanced && (t3 = void 0), this.playlistLoaded(i2, e2, t3);
    } else null != (r2 = e2.deliveryDirectives) && r2.skip && (s2.deltaUpdateFailed = true);
  }
  loadPlaylist(t2) {
    super.loadPlaylist(), this.shouldLoadPlaylist(this.currentLevel) && this.scheduleLoading(this.currentLevel, t2);
  }
  loadingPlaylist(t2, e2) {
    super.loadingPlaylist(t2, e2);
    const r2 = this.getUrlWithDirectives(t2.uri, e2), i2 = this.currentLevelIndex, s2 = t2.attrs["PATHWAY-ID"], a2 = t2.details, o2 = null == a2 ? void 0 : a2.age;
    this.log(`Loading level index ${i2}${void 0 !== (null == e2 ? void 0 : e2.msn) ? " at sn " + e2.msn + " part " + e2.part : ""}${s2 ? " Pathway " + s2 : ""}${o2 && a2.live ? " age " + o2.toFixed(1) + (a2.type && " " + a2.type || "") : ""} ${r2}`), this.hls.trigger(n.LEVEL_LOADING, { url: r2, level: i2, levelInfo: t2, pathwayId: t2.attrs["PATHWAY-ID"], id: 0, deliveryDirectives: e2 || null });
  }
  get nextLoadLevel() {
    return -1 !== this.manualLevelIndex ? this.manualLevelIndex : this.hls.nextAutoLevel;
  }
  set nextLoadLevel(t2) {
    const e2 = this.currentLevelIndex;
    if (-1 === this.manualLevelIndex && t2 !== e2 && -1 !== t2) {
      const r2 = this.hls.config.abrSwitchInterval;
      if (r2 > 0) {
        const i2 = performance.now(), s2 = i2 - this.lastABRSwitchTime, n2 = 1e3 * r2;
        if (this.lastABRSwitchTime > -1 && s2 < n2) return void this.warn(`Preventing ABR level switch: ${e2} -> ${t2} (${Math.round(s2)}ms < ${n2}ms / ${r2}s)`);
        this.lastABRSwitchTime = i2, this.log(`Allowing ABR level switch: ${e2} -> ${t2} (${Math.round(s2)}ms >= ${n2}ms / ${r2}s)`);
      }
    }
    this.level = t2, -1 === this.manualLevelIndex && (this.hls.nextAutoLevel = t2);
  }
  removeLevel(t2) {
    var e2;
    if (1 === this._levels.length) return;
    const r2 = this._levels.filter(((e3, r3) => r3 !== t2 || (this.steering && this.steering.removeLevel(e3), e3 === this.currentLevel && (this.currentLevel = null, this.currentLevelIndex = -1, e3.details && e3.details.fragments.forEach(((t3) => t3.level = -1))), false)));
    Ir(r2), this._levels = r2, this.currentLevelIndex > -1 && null != (e2 = this.currentLevel) && e2.details && (this.currentLevelIndex = this.currentLevel.details.fragments[0].level), this.manualLevelIndex > -1 && (this.manualLevelIndex = this.currentLevelIndex);
    const i2 = r2.length - 1;
    this._firstLevel = Math.min(this._firstLevel, i2), this._startLevel && (this._startLevel = Math.min(this._startLevel, i2)), this.hls.trigger(n.LEVELS_UPDATED, { levels: r2 });
  }
  onLevelsUpdated(t2, { levels: e2 }) {
    this._levels = e2;
  }
  checkMaxAutoUpdated() {
    const { autoLevelCapping: t2, maxAutoLevel: e2, maxHdcpLevel: r2 } = this.hls;
    this._maxAutoLevel !== e2 && (this._maxAutoLevel = e2, this.hls.trigger(n.MAX_AUTO_LEVEL_UPDATED, { autoLevelCapping: t2, levels: this.levels, maxAutoLevel: e2, minAutoLevel: this.hls.minAutoLevel, maxHdcpLevel: r2 }));
  }
};
function yn(t2, e2) {
  return se(t2, "audio", e2);
}
function Tn(t2, e2) {
  return se(t2, "video", e2);
}
function Sn(t2, e2) {
  let { audioCodec: r2, videoCodec: i2 } = t2;
  r2 && (t2.audioCodec = r2 = ue(r2, e2) || void 0), i2 && (i2 = t2.videoCodec = (function(t3) {
    const e3 = t3.split(",");
    for (let t4 = 0; t4 < e3.length; t4++) {
      const r3 = e3[t4].split(".");
      r3.length > 2 && "avc1" === r3[0] && (e3[t4] = `avc1.${parseInt(r3[1]).toString(16)}${("000" + parseInt(r3[2]).toString(16)).slice(-4)}`);
    }
    return e3.join(",");
  })(i2));
  const { unknownCodecs: s2 } = t2;
  return !((null == s2 ? void 0 : s2.length) || 0 || r2 && !yn(r2, e2) || i2 && !Tn(i2, e2));
}
function Ln(t2) {
  const e2 = {};
  t2.forEach(((t3) => {
    const r2 = t3.groupId || "";
    t3.id = e2[r2] = e2[r2] || 0, e2[r2]++;
  }));
}
var An = class extends G {
  constructor(t2, e2) {
    super("key-loader", e2), this.config = void 0, this.keyLoaderInfo = {}, this.emeController = null, this.config = t2;
  }
  abort(t2) {
    for (const r2 in this.keyLoaderInfo) {
      const i2 = this.keyLoaderInfo[r2].loader;
      if (i2) {
        var e2;
        if (t2 && t2 !== (null == (e2 = i2.context) ? void 0 : e2.frag.type)) return;
        i2.abort();
      }
    }
  }
  destroy() {
    for (const t2 in this.keyLoaderInfo) {
      const e2 = this.keyLoaderInfo[t2].loader;
      e2 && e2.destroy();
    }
    this.emeController = null, this.keyLoaderInfo = {};
  }
  loadClear(t2, e2, r2) {
    return this.emeController ? this.emeController.loadClear(t2, e2, r2) : null;
  }
  load(t2, e2) {
    return !t2.decryptdata && t2.encrypted && this.emeController && this.config.emeEnabled ? this.emeController.selectKeySystemFormat(t2).then(((r2) => this.loadInternal(t2, e2, r2))) : this.loadInternal(t2, e2);
  }
  loadInternal(t2, e2, r2) {
    const i2 = t2.decryptdata;
    if (!i2) {
      const e3 = new Error(r2 ? `Expected frag.decryptdata to be defined after setting format ${r2}` : `Missing decryption data on fragment in onKeyLoading (emeEnabled with controller: ${this.emeController && this.config.emeEnabled})`);
      return Promise.reject(Rn(t2, s.KEY_LOAD_ERROR, e3));
    }
    const n2 = t2;
    switch (i2.method) {
      case "SAMPLE-AES":
      case "SAMPLE-AES-CENC":
      case "SAMPLE-AES-CTR":
        return "identity" === i2.keyFormat ? this.loadKeyHTTP(n2) : e2 ? e2.then((() => this.loadKeyEME(n2))) : this.loadKeyEME(n2);
      case "AES-128":
      case "AES-256":
      case "AES-256-CTR":
        return this.loadKeyHTTP(n2);
      default:
        return Promise.reject(Rn(t2, s.KEY_LOAD_ERROR, new Error(`Key supplied with unsupported METHOD: "${i2.method}"`)));
    }
  }
  loadKeyEME(t2) {
    if (this.emeController && this.config.emeEnabled) {
      var e2;
      if (!t2.decryptdata.keyId && null != (e2 = t2.initSegment) && e2.data) {
        const e3 = (function(t3) {
          const e4 = [];
          return Gt(t3, ((t4) => e4.push(t4.subarray(8, 24)))), e4;
        })(t2.initSegment.data);
        if (e3.length) {
          let r2 = e3[0];
          const i2 = t2.decryptdata.uri;
          if (r2.some(((t3) => 0 !== t3))) this.log(`Using keyId found in init segment ${Tt(r2)} keyUri: ${i2}`), Ze.setKeyIdForUri(i2, r2);
          else {
            const t3 = Ze.addKeyIdForUri(i2);
            this.log(`Patching empty keyId with ${Tt(t3)} keyUri: ${i2}`), r2 = t3;
          }
          t2.decryptdata.keyId = r2;
        }
      }
      return this.emeController.loadKey(t2).then((() => ({ frag: t2, keyInfo: { decryptdata: t2.decryptdata } })));
    }
    return Promise.reject(Rn(t2, s.KEY_LOAD_ERROR, new Error(`emeEnabled with controller: ${this.emeController && this.config.emeEnabled})`)));
  }
  loadKeyHTTP(t2) {
    const e2 = t2.decryptdata, r2 = e2.uri;
    if (!r2) return Promise.reject(Rn(t2, s.KEY_LOAD_ERROR, new Error(`Invalid key URI: "${r2}"`)));
    const i2 = this.keyLoaderInfo[r2];
    if (i2) {
      if (i2.decryptdata.key) return e2.key = i2.decryptdata.key, i2.keyLoadPromise = null, Promise.resolve({ frag: t2, keyInfo: i2 });
      if (i2.keyLoadPromise) return i2.keyLoadPromise.then(((r3) => (e2.key = i2.decryptdata.key, _(_({}, r3), {}, { frag: t2 }))));
    }
    this.log(`Loading${e2.keyId ? " keyId: " + Tt(e2.keyId) : ""} URI: ${e2.uri} from ${t2.type} ${t2.level}`);
    const n2 = this.config, a2 = new (0, n2.loader)(n2);
    t2.keyLoader = a2;
    const o2 = this.keyLoaderInfo[r2] = { decryptdata: e2, keyLoadPromise: null, loader: a2 };
    return o2.keyLoadPromise = new Promise(((e3, i3) => {
      const l2 = { type: p.KEY, keyInfo: o2, frag: t2, responseType: "arraybuffer", url: r2 }, d2 = n2.keyLoadPolicy.default, h2 = { loadPolicy: d2, timeout: d2.maxLoadTimeMs, maxRetry: 0, retryDelay: 0, maxRetryDelay: 0 }, u2 = { onSuccess: (t3, r3, n3, a3) => {
        const { frag: o3, keyInfo: l3, url: d3 } = n3;
        if (!o3.decryptdata || l3 !== this.keyLoaderInfo[d3]) return this.resetLoader(n3), i3(Rn(o3, s.KEY_LOAD_ERROR, new Error("after key load, decryptdata unset or changed"), a3));
        l3.decryptdata.key = o3.decryptdata.key = new Uint8Array(t3.data), o3.keyLoader = l3.loader = l3.keyLoadPromise = null, e3({ frag: o3, keyInfo: l3 });
      }, onError: (e4, n3, a3, o3) => {
        this.resetLoader(n3), i3(Rn(t2, s.KEY_LOAD_ERROR, new Error(`HTTP Error ${e4.code} loading key ${e4.text}`), a3, _({ url: r2, data: void 0 }, e4)));
      }, onTimeout: (e4, r3, n3) => {
        this.resetLoader(r3), i3(Rn(t2, s.KEY_LOAD_TIMEOUT, new Error("key loading timed out"), n3));
      }, onAbort: (e4, r3, n3) => {
        this.resetLoader(r3), i3(Rn(t2, s.INTERNAL_ABORTED, new Error("key loading aborted"), n3));
      } };
      a2.load(l2, h2, u2);
    }));
  }
  resetLoader(t2) {
    const { frag: e2, keyInfo: r2, url: i2 } = t2, s2 = r2.loader;
    e2.keyLoader === s2 && (e2.keyLoader = r2.loader = r2.keyLoadPromise = null), delete this.keyLoaderInfo[i2], s2 && s2.destroy();
  }
};
function Rn(t2, e2 = s.KEY_LOAD_ERROR, r2, n2, a2) {
  return new ui({ type: i.NETWORK_ERROR, details: e2, fatal: false, frag: t2, response: a2, error: r2, networkDetails: n2 || null });
}
function bn(t2) {
  const { type: e2 } = t2;
  switch (e2) {
    case p.AUDIO_TRACK:
      return v.AUDIO;
    case p.SUBTITLE_TRACK:
      return v.SUBTITLE;
    default:
      return v.MAIN;
  }
}
function Dn(t2, e2) {
  let r2 = t2.url;
  return void 0 !== r2 && 0 !== r2.indexOf("data:") || (r2 = e2.url), r2;
}
var In = class {
  constructor(t2) {
    this.hls = void 0, this.loaders = /* @__PURE__ */ Object.create(null), this.variableList = null, this.onManifestLoaded = this.checkAutostartLoad, this.hls = t2, this.registerListeners();
  }
  startLoad(t2) {
  }
  stopLoad() {
    this.destroyInternalLoaders();
  }
  registerListeners() {
    const { hls: t2 } = this;
    t2.on(n.MANIFEST_LOADING, this.onManifestLoading, this), t2.on(n.LEVEL_LOADING, this.onLevelLoading, this), t2.on(n.AUDIO_TRACK_LOADING, this.onAudioTrackLoading, this), t2.on(n.SUBTITLE_TRACK_LOADING, this.onSubtitleTrackLoading, this), t2.on(n.LEVELS_UPDATED, this.onLevelsUpdated, this);
  }
  unregisterListeners() {
    const { hls: t2 } = this;
    t2.off(n.MANIFEST_LOADING, this.onManifestLoading, this), t2.off(n.LEVEL_LOADING, this.onLevelLoading, this), t2.off(n.AUDIO_TRACK_LOADING, this.onAudioTrackLoading, this), t2.off(n.SUBTITLE_TRACK_LOADING, this.onSubtitleTrackLoading, this), t2.off(n.LEVELS_UPDATED, this.onLevelsUpdated, this);
  }
  createInternalLoader(t2) {
    const e2 = this.hls.config, r2 = e2.pLoader, i2 = e2.loader, s2 = new (r2 || i2)(e2);
    return this.loaders[t2.type] = s2, s2;
  }
  getInternalLoader(t2) {
    return this.loaders[t2.type];
  }
  resetInternalLoader(t2) {
    this.loaders[t2] && delete this.loaders[t2];
  }
  destroyInternalLoaders() {
    for (const t2 in this.loaders) {
      const e2 = this.loaders[t2];
      e2 && e2.destroy(), this.resetInternalLoader(t2);
    }
  }
  destroy() {
    this.variableList = null, this.unregisterListeners(), this.destroyInternalLoaders();
  }
  onManifestLoading(t2, e2) {
    const { url: r2 } = e2;
    this.variableList = null, this.load({ id: null, level: 0, responseType: "text", type: p.MANIFEST, url: r2, deliveryDirectives: null, levelOrTrack: null });
  }
  onLevelLoading(t2, e2) {
    const { id: r2, level: i2, pathwayId: s2, url: n2, deliveryDirectives: a2, levelInfo: o2 } = e2;
    this.load({ id: r2, level: i2, pathwayId: s2, responseType: "text", type: p.LEVEL, url: n2, deliveryDirectives: a2, levelOrTrack: o2 });
  }
  onAudioTrackLoading(t2, e2) {
    const { id: r2, groupId: i2, url: s2, deliveryDirectives: n2, track: a2 } = e2;
    this.load({ id: r2, groupId: i2, level: null, responseType: "text", type: p.AUDIO_TRACK, url: s2, deliveryDirectives: n2, levelOrTrack: a2 });
  }
  onSubtitleTrackLoading(t2, e2) {
    const { id: r2, groupId: i2, url: s2, deliveryDirectives: n2, track: a2 } = e2;
    this.load({ id: r2, groupId: i2, level: null, responseType: "text", type: p.SUBTITLE_TRACK, url: s2, deliveryDirectives: n2, levelOrTrack: a2 });
  }
  onLevelsUpdated(t2, e2) {
    const r2 = this.loaders[p.LEVEL];
    if (r2) {
      const t3 = r2.context;
      t3 && !e2.levels.some(((e3) => e3 === t3.levelOrTrack)) && (r2.abort(), delete this.loaders[p.LEVEL]);
    }
  }
  load(e2) {
    var r2;
    const i2 = this.hls.config;
    let s2, n2 = this.getInternalLoader(e2);
    if (n2) {
      const t2 = this.hls.logger, r3 = n2.context;
      if ((null == r3 ? void 0 : r3.levelOrTrack) === e2.levelOrTrack && (r3.url === e2.url || r3.deliveryDirectives && !e2.deliveryDirectives)) return void (r3.url === e2.url ? t2.log(`[playlist-loader]: ignore ${e2.url} ongoing request`) : t2.log(`[playlist-loader]: ignore ${e2.url} in favor of ${r3.url}`));
      t2.log(`[playlist-loader]: aborting previous loader for type: ${e2.type}`), n2.abort();
    }
    if (s2 = e2.type === p.MANIFEST ? i2.manifestLoadPolicy.default : I({}, i2.playlistLoadPolicy.default, { timeoutRetry: null, errorRetry: null }), n2 = this.createInternalLoader(e2), t(null == (r2 = e2.deliveryDirectives) ? void 0 : r2.part)) {
      let t2;
      if (e2.type === p.LEVEL && null !== e2.level ? t2 = this.hls.levels[e2.level].details : e2.type === p.AUDIO_TRACK && null !== e2.id ? t2 = this.hls.audioTracks[e2.id].details : e2.type === p.SUBTITLE_TRACK && null !== e2.id && (t2 = this.hls.subtitleTracks[e2.id].details), t2) {
        const e3 = t2.partTarget, r3 = t2.targetduration;
        if (e3 && r3) {
          const t3 = 1e3 * Math.max(3 * e3, 0.8 * r3);
          s2 = I({}, s2, { maxTimeToFirstByteMs: Math.min(t3, s2.maxTimeToFirstByteMs), maxLoadTimeMs: Math.min(t3, s2.maxTimeToFirstByteMs) });
        }
      }
    }
    const a2 = s2.errorRetry || s2.timeoutRetry || {}, o2 = { loadPolicy: s2, timeout: s2.maxLoadTimeMs, maxRetry: a2.maxNumRetry || 0, retryDelay: a2.retryDelayMs || 0, maxRetryDelay: a2.maxRetryDelayMs || 0 }, l2 = { onSuccess: (t2, e3, r3, i3) => {
      const s3 = this.getInternalLoader(r3);
      this.resetInternalLoader(r3.type);
      const n3 = t2.data;
      e3.parsing.start = performance.now(), sr.isMediaPlaylist(n3) || r3.type !== p.MANIFEST ? this.handleTrackOrLevelPlaylist(t2, e3, r3, i3 || null, s3) : this.handleMasterPlaylist(t2, e3, r3, i3);
    }, onError: (t2, e3, r3, i3) => {
      this.handleNetworkError(e3, r3, false, t2, i3);
    }, onTimeout: (t2, e3, r3) => {
      this.handleNetworkError(e3, r3, true, void 0, t2);
    } };
    n2.load(e2, o2, l2);
  }
  checkAutostartLoad() {
    if (!this.hls) return;
    const { config: { autoStartLoad: t2, startPosition: e2 }, forceStartLoad: r2 } = this.hls;
    (t2 || r2) && (this.hls.logger.log(`${t2 ? "auto" : "force"} startLoad with configured startPosition ${e2}`), this.hls.startLoad(e2));
  }
  handleMasterPlaylist(t2, e2, r2, i2) {
    const s2 = this.hls, a2 = t2.data, o2 = Dn(t2, r2), l2 = sr.parseMasterPlaylist(a2, o2);
    if (l2.playlistParsingError) return e2.parsing.end = performance.now(), void this.handleManifestParsingError(t2, r2, l2.playlistParsingError, i2, e2);
    const { contentSteering: d2, levels: h2, iframeVariants: u2, sessionData: c2, sessionKeys: f2, startTimeOffset: g2, variableList: m2 } = l2;
    this.variableList = m2, h2.forEach(((t3) => {
      const { unknownCodecs: e3 } = t3;
      if (e3) {
        const { preferManagedMediaSource: r3 } = this.hls.config;
        let { audioCodec: i3, videoCodec: s3 } = t3;
        for (let n2 = e3.length; n2--; ) {
          const a3 = e3[n2];
          se(a3, "audio", r3) ? (t3.audioCodec = i3 = i3 ? `${i3},${a3}` : a3, re.audio[i3.substring(0, 4)] = 2, e3.splice(n2, 1)) : se(a3, "video", r3) && (t3.videoCodec = s3 = s3 ? `${s3},${a3}` : a3, re.video[s3.substring(0, 4)] = 2, e3.splice(n2, 1));
        }
      }
    }));
    const { AUDIO: p2 = [], SUBTITLES: v2, "CLOSED-CAPTIONS": E2 } = sr.parseMasterPlaylistMedia(a2, o2, l2);
    if (p2.length) {
      p2.some(((t3) => !t3.url)) || !h2[0].audioCodec || h2[0].attrs.AUDIO || (this.hls.logger.log("[playlist-loader]: audio codec signaled in quality level, but no embedded audio track signaled, create one"), p2.unshift({ type: "main", name: "main", groupId: "main", default: false, autoselect: false, forced: false, id: -1, attrs: new Ge({}), bitrate: 0, url: "" }));
    }
    s2.trigger(n.MANIFEST_LOADED, { levels: h2, audioTracks: p2, subtitles: v2, iframeVariants: u2, captions: E2, contentSteering: d2, url: o2, stats: e2, networkDetails: i2, sessionData: c2, sessionKeys: f2, startTimeOffset: g2, variableList: m2 });
  }
  handleTrackOrLevelPlaylist(e2, r2, i2, s2, a2) {
    const o2 = this.hls, { id: l2, level: d2, type: h2 } = i2, u2 = Dn(e2, i2), c2 = t(d2) ? d2 : t(l2) ? l2 : 0, f2 = bn(i2), g2 = sr.parseLevelPlaylist(e2.data, u2, c2, f2, 0, this.variableList);
    if (h2 === p.MANIFEST) {
      const t2 = { attrs: new Ge({}), bitrate: 0, details: g2, name: "", url: u2 };
      g2.requestScheduled = r2.loading.start + Ar(g2, 0), o2.trigger(n.MANIFEST_LOADED, { levels: [t2], audioTracks: [], iframeVariants: [], url: u2, stats: r2, networkDetails: s2, sessionData: null, sessionKeys: null, contentSteering: null, startTimeOffset: null, variableList: null });
    }
    r2.parsing.end = performance.now(), i2.levelDetails = g2, this.handlePlaylistLoaded(g2, e2, r2, i2, s2, a2);
  }
  handleManifestParsingError(t2, e2, r2, a2, o2) {
    this.hls.trigger(n.ERROR, { type: i.NETWORK_ERROR, details: s.MANIFEST_PARSING_ERROR, fatal: e2.type === p.MANIFEST, url: t2.url, err: r2, error: r2, reason: r2.message, response: t2, context: e2, networkDetails: a2, stats: o2 });
  }
  handleNetworkError(t2, e2, r2 = false, a2, o2) {
    let l2 = `A network ${r2 ? "timeout" : "error" + (a2 ? " (status " + a2.code + ")" : "")} occurred while loading ${t2.type}`;
    t2.type === p.LEVEL ? l2 += `: ${t2.level} id: ${t2.id}` : t2.type !== p.AUDIO_TRACK && t2.type !== p.SUBTITLE_TRACK || (l2 += ` id: ${t2.id} group-id: "${t2.groupId}"`);
    const d2 = new Error(l2);
    this.hls.logger.warn(`[playlist-loader]: ${l2}`);
    let h2 = s.UNKNOWN, u2 = false;
    const c2 = this.getInternalLoader(t2);
    switch (t2.type) {
      case p.MANIFEST:
        h2 = r2 ? s.MANIFEST_LOAD_TIMEOUT : s.MANIFEST_LOAD_ERROR, u2 = true;
        break;
      case p.LEVEL:
        h2 = r2 ? s.LEVEL_LOAD_TIMEOUT : s.LEVEL_LOAD_ERROR, u2 = false;
        break;
      case p.AUDIO_TRACK:
        h2 = r2 ? s.AUDIO_TRACK_LOAD_TIMEOUT : s.AUDIO_TRACK_LOAD_ERROR, u2 = false;
        break;
      case p.SUBTITLE_TRACK:
        h2 = r2 ? s.SUBTITLE_TRACK_LOAD_TIMEOUT : s.SUBTITLE_LOAD_ERROR, u2 = false;
    }
    c2 && this.resetInternalLoader(t2.type);
    const f2 = { type: i.NETWORK_ERROR, details: h2, fatal: u2, url: t2.url, loader: c2, context: t2, error: d2, networkDetails: e2, stats: o2 };
    if (a2) {
      let r3 = t2.url;
      e2 && "url" in e2 && (r3 = e2.url), f2.response = _({ url: r3, data: void 0 }, a2);
    }
    this.hls.trigger(n.ERROR, f2);
  }
  handlePlaylistLoaded(t2, e2, r2, a2, o2, l2) {
    const d2 = this.hls, { type: h2, level: u2, levelOrTrack: c2, id: f2, groupId: g2, deliveryDirectives: m2 } = a2, E2 = Dn(e2, a2), y2 = bn(a2);
    let T2 = "number" == typeof a2.level && y2 === v.MAIN ? u2 : void 0;
    const S2 = t2.playlistParsingError;
    if (S2) {
      if (this.hls.logger.warn(`${S2} ${t2.url}`), !d2.config.ignorePlaylistParsingErrors) return void d2.trigger(n.ERROR, { type: i.NETWORK_ERROR, details: s.LEVEL_PARSING_ERROR, fatal: false, url: E2, error: S2, reason: S2.message, response: e2, context: a2, level: T2, parent: y2, networkDetails: o2, stats: r2 });
      t2.playlistParsingError = null;
    }
    if (t2.fragments.length) switch (t2.live && l2 && (l2.getCacheAge && (t2.ageHeader = l2.getCacheAge() || 0), l2.getCacheAge && !isNaN(t2.ageHeader) || (t2.ageHeader = 0)), h2) {
      case p.MANIFEST:
      case p.LEVEL:
        if (T2) if (c2) {
          if (c2 !== d2.levels[T2]) {
            const t3 = d2.levels.indexOf(c2);
            t3 > -1 && (T2 = t3);
          }
        } else T2 = 0;
        d2.trigger(n.LEVEL_LOADED, { details: t2, levelInfo: c2 || d2.levels[0], level: T2 || 0, id: f2 || 0, stats: r2, networkDetails: o2, deliveryDirectives: m2, withoutMultiVariant: h2 === p.MANIFEST, context: a2 });
        break;
      case p.AUDIO_TRACK:
        d2.trigger(n.AUDIO_TRACK_LOADED, { details: t2, track: c2, id: f2 || 0, groupId: g2 || "", stats: r2, networkDetails: o2, deliveryDirectives: m2, context: a2 });
        break;
      case p.SUBTITLE_TRACK:
        d2.trigger(n.SUBTITLE_TRACK_LOADED, { details: t2, track: c2, id: f2 || 0, groupId: g2 || "", stats: r2, networkDetails: o2, deliveryDirectives: m2, context: a2 });
    }
    else {
      const l3 = t2.playlistParsingError = new Error("No Segments found in Playlist");
      d2.trigger(n.ERROR, { type: i.NETWORK_ERROR, details: s.LEVEL_EMPTY_ERROR, fatal: false, url: E2, error: l3, reason: l3.message, response: e2, context: a2, level: T2, parent: y2, networkDetails: o2, stats: r2 });
    }
  }
};
var kn = class _kn {
  static get version() {
    return $i;
  }
  static isMSESupported() {
    return Js();
  }
  static isSupported() {
    return tn();
  }
  static getMediaSource() {
    return Z();
  }
  static get Events() {
    return n;
  }
  static get MetadataSchema() {
    return wi;
  }
  static get ErrorTypes() {
    return i;
  }
  static get ErrorDetails() {
    return s;
  }
  static get DefaultConfig() {
    return _kn.defaultConfig ? _kn.defaultConfig : mn;
  }
  static set DefaultConfig(t2) {
    _kn.defaultConfig = t2;
  }
  constructor(t2 = {}) {
    this.config = void 0, this.userConfig = void 0, this.logger = void 0, this._url = null, this.streamController = void 0, this.coreComponents = void 0, this.networkControllers = void 0, this._emitter = new ki(), this._autoLevelCapping = -1, this._maxHdcpLevel = null, this.abrController = void 0, this.bufferController = void 0, this.capLevelController = void 0, this.latencyController = void 0, this.levelController = void 0, this.audioStreamController = void 0, this.subtititleStreamController = void 0, this.audioTrackController = void 0, this.subtitleTrackController = void 0, this.interstitialsController = void 0, this.iframeController = void 0, this.gapController = void 0, this.emeController = void 0, this.cmcdController = void 0, this._media = null, this._sessionId = void 0, this.triggeringException = void 0, this.started = false;
    const e2 = this.logger = (function(t3, e3, r3) {
      const i3 = K();
      if ("object" == typeof console && true === t3 || "object" == typeof t3) {
        const s3 = ["debug", "log", "info", "warn", "error"];
        s3.forEach(((e4) => {
          i3[e4] = Y(e4, t3, r3);
        }));
        try {
          i3.log(`Debug logs enabled for "${e3}" in hls.js version 1.7.4`);
        } catch (t4) {
          return K();
        }
        s3.forEach(((e4) => {
          W[e4] = Y(e4, t3);
        }));
      } else I(W, i3);
      return i3;
    })(t2.debug || false, "Hls instance", t2.loggerId || t2.assetPlayerId), r2 = this.config = pn(_kn.DefaultConfig, t2, e2);
    this.userConfig = t2, r2.progressive && (function(t3, e3) {
      const r3 = t3.loader;
      r3 !== dn && r3 !== fn ? (e3.log("[config]: Custom loader detected, cannot enable progressive streaming"), t3.progressive = false) : on() && (t3.loader = dn, t3.progressive = true, t3.enableSoftwareAES = true, e3.log("[config]: Progressive streaming enabled, using FetchLoader"));
    })(r2, e2);
    const { streamController: i2, abrController: s2, bufferController: a2, capLevelController: o2, errorController: l2, fpsController: d2, id3TrackController: h2, iframeController: u2, gapController: c2 } = r2, f2 = new l2(this), g2 = this.abrController = new s2(this), m2 = new Zr(this), p2 = r2.interstitialsController, v2 = p2 ? this.interstitialsController = new p2(this, _kn) : null, E2 = a2 ? this.bufferController = new a2(this, m2) : null, y2 = o2 ? this.capLevelController = new o2(this) : null, T2 = d2 ? new d2(this) : null, S2 = r2.cmcdController, L2 = S2 ? this.cmcdController = new S2(this) : null, A2 = new In(this), R2 = r2.contentSteeringController, b2 = R2 ? new R2(this) : null, D2 = this.levelController = new En(this, b2), k2 = h2 ? new h2(this) : void 0, _2 = new An(this.config, this.logger), C2 = this.streamController = new i2(this, m2, _2), P2 = this.gapController = c2 ? new c2(this, m2) : void 0;
    y2 && y2.setStreamController(C2);
    const x2 = [A2, D2, C2];
    v2 && x2.splice(1, 0, v2), b2 && x2.splice(1, 0, b2), this.networkControllers = x2;
    const w2 = [g2];
    E2 && w2.push(E2), P2 && w2.push(P2), y2 && w2.push(y2), T2 && (T2.setStreamController(C2), w2.push(T2)), k2 && w2.push(k2), w2.push(m2), this.audioTrackController = this.createController(r2.audioTrackController, x2);
    const O2 = r2.audioStreamController;
    O2 && x2.push(this.audioStreamController = new O2(this, m2, _2)), this.subtitleTrackController = this.createController(r2.subtitleTrackController, x2);
    const M2 = r2.subtitleStreamController;
    M2 && x2.push(this.subtititleStreamController = new M2(this, m2, _2)), this.createController(r2.timelineController, w2), _2.emeController = this.emeController = this.createController(r2.emeController, w2), L2 && w2.push(L2), this.latencyController = this.createController(r2.latencyController, w2), this.coreComponents = w2, this.iframeController = u2 ? new u2(this, _kn) : void 0, x2.push(f2);
    const F2 = f2.onErrorOut;
    "function" == typeof F2 && this.on(n.ERROR, F2, f2), this.on(n.MANIFEST_LOADED, A2.onManifestLoaded, A2);
  }
  createController(t2, e2) {
    if (t2) {
      const r2 = new t2(this);
      return e2 && e2.push(r2), r2;
    }
    return null;
  }
  on(t2, e2, r2 = this) {
    this._emitter.on(t2, e2, r2);
  }
  once(t2, e2, r2 = this) {
    this._emitter.once(t2, e2, r2);
  }
  removeAllListeners(t2) {
    this._emitter.removeAllListeners(t2);
  }
  off(t2, e2, r2 = this, i2) {
    this._emitter.off(t2, e2, r2, i2);
  }
  listeners(t2) {
    return this._emitter.listeners(t2);
  }
  emit(t2, e2, r2) {
    return this._emitter.emit(t2, e2, r2);
  }
  trigger(t2, e2) {
    if (this.config.debug) return this.emit(t2, t2, e2);
    try {
      return this.emit(t2, t2, e2);
    } catch (e3) {
      if (this.logger.error("An internal error happened while handling event " + t2 + '. Error message: "' + e3.message + '". Here is a stacktrace:', e3), !this.triggeringException) {
        this.triggeringException = true;
        const r2 = t2 === n.ERROR;
        this.trigger(n.ERROR, { type: i.OTHER_ERROR, details: s.INTERNAL_EXCEPTION, fatal: r2, event: t2, error: e3 }), this.triggeringException = false;
      }
    }
    return false;
  }
  listenerCount(t2) {
    return this._emitter.listenerCount(t2);
  }
  destroy() {
    this.logger.log("destroy"), this.trigger(n.DESTROYING, void 0), this.detachMedia(), this.removeAllListeners(), this._autoLevelCapping = -1, this._url = null, this.networkControllers.forEach(((t3) => t3.destroy())), this.networkControllers.length = 0, this.coreComponents.forEach(((t3) => t3.destroy())), this.coreComponents.length = 0, this.iframeController = void 0;
    const t2 = this.config;
    t2.xhrSetup = t2.fetchSetup = void 0, this.userConfig = null;
  }
  attachMedia(t2) {
    if (!t2 || "media" in t2 && !t2.media) {
      const e3 = new Error(`attachMedia failed: invalid argument (${t2})`);
      return void this.trigger(n.ERROR, { type: i.OTHER_ERROR, details: s.ATTACH_MEDIA_ERROR, fatal: true, error: e3 });
    }
    this.logger.log("attachMedia"), this._media && (this.logger.warn("media must be detached before attaching"), this.detachMedia());
    const e2 = "media" in t2, r2 = e2 ? t2.media : t2, a2 = e2 ? t2 : { media: r2 };
    this._media = r2, this.trigger(n.MEDIA_ATTACHING, a2);
  }
  detachMedia() {
    this.logger.log("detachMedia");
    const t2 = {};
    this.trigger(n.MEDIA_DETACHING, t2), this._media = null, this.trigger(n.MEDIA_DETACHED, t2);
  }
  transferMedia() {
    var t2;
    this._media = null;
    const e2 = (null == (t2 = this.bufferController) ? void 0 : t2.transferMedia()) || null, r2 = { transferMedia: e2 };
    return this.trigger(n.MEDIA_DETACHING, r2), this.trigger(n.MEDIA_DETACHED, r2), e2;
  }
  loadSource(t2) {
    var e2;
    this.stopLoad();
    const r2 = this.media, i2 = this._url, s2 = this._url = g.buildAbsoluteURL(self.location.href, t2, { alwaysNormalize: true });
    this._autoLevelCapping = -1, this._maxHdcpLevel = null, this.logger.log(`loadSource:${s2}`), r2 && i2 && (i2 !== s2 || null != (e2 = this.bufferController) && e2.hasSourceTypes()) && (this.detachMedia(), this.attachMedia(r2)), this.trigger(n.MANIFEST_LOADING, { url: t2 });
  }
  get url() {
    return this._url;
  }
  get hasEnoughToStart() {
    return this.streamController.hasEnoughToStart;
  }
  get startPosition() {
    return this.streamController.startPositionValue;
  }
  startLoad(t2 = -1, e2) {
    this.logger.log(`startLoad(${t2 + (e2 ? ", <skip seek to start>" : "")})`), this.started = true, this.resumeBuffering();
    for (let r2 = 0; r2 < this.networkControllers.length && (this.networkControllers[r2].startLoad(t2, e2), this.started && this.networkControllers); r2++) ;
  }
  stopLoad() {
    this.logger.log("stopLoad"), this.started = false;
    for (let t2 = 0; t2 < this.networkControllers.length && (this.networkControllers[t2].stopLoad(), !this.started && this.networkControllers); t2++) ;
  }
  get loadingEnabled() {
    return this.started && this.streamController.state !== Ei.STOPPED;
  }
  get bufferingEnabled() {
    return this.streamController.bufferingEnabled;
  }
  resumeBuffering() {
    this.bufferingEnabled || (this.logger.log("resume buffering"), this.networkControllers.forEach(((t2) => {
      t2.resumeBuffering && t2.resumeBuffering();
    })));
  }
  pauseBuffering() {
    this.bufferingEnabled && (this.logger.log("pause buffering"), this.networkControllers.forEach(((t2) => {
      t2.pauseBuffering && t2.pauseBuffering();
    })));
  }
  get inFlightFragments() {
    const t2 = { [v.MAIN]: this.streamController.inFlightFrag };
    return this.audioStreamController && (t2[v.AUDIO] = this.audioStreamController.inFlightFrag), this.subtititleStreamController && (t2[v.SUBTITLE] = this.subtititleStreamController.inFlightFrag), t2;
  }
  swapAudioCodec() {
    this.logger.log("swapAudioCodec"), this.streamController.swapAudioCodec();
  }
  recoverMediaError() {
    this.logger.log("recoverMediaError");
    const t2 = this._media, e2 = this.started, r2 = null == t2 ? void 0 : t2.currentTime;
    this.detachMedia(), t2 && (this.attachMedia(t2), e2 && (r2 ? this.startLoad(r2) : this.config.autoStartLoad || this.startLoad()));
  }
  removeLevel(t2) {
    this.levelController.removeLevel(t2);
  }
  get sessionId() {
    let t2 = this._sessionId;
    return t2 || (t2 = this._sessionId = (function() {
      try {
        return crypto.randomUUID();
      } catch (t3) {
        try {
          const t4 = URL.createObjectURL(new Blob()), e2 = t4.toString();
          return URL.revokeObjectURL(t4), e2.slice(e2.lastIndexOf("/") + 1);
        } catch (t4) {
          let e2 = (/* @__PURE__ */ new Date()).getTime();
          return "xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx".replace(/[xy]/g, ((t5) => {
            const r2 = (e2 + 16 * Math.random()) % 16 | 0;
            return e2 = Math.floor(e2 / 16), ("x" == t5 ? r2 : 3 & r2 | 8).toString(16);
          }));
        }
      }
    })()), t2;
  }
  get levels() {
    const t2 = this.levelController.levels;
    return t2 || [];
  }
  get latestLevelDetails() {
    return this.streamController.getLevelDetails() || null;
  }
  get loadLevelObj() {
    return this.levelController.loadLevelObj;
  }
  get currentLevel() {
    return this.streamController.currentLevel;
  }
  set currentLevel(t2) {
    this.logger.log(`set currentLevel:${t2}`), this.levelController.manualLevel = t2, this.streamController.immediateLevelSwitch();
  }
  get nextLevel() {
    return this.streamController.nextLevel;
  }
  set nextLevel(t2) {
    this.logger.log(`set nextLevel:${t2}`), this.levelController.manualLevel = t2, this.streamController.nextLevelSwitch();
  }
  get loadLevel() {
    return this.levelController.level;
  }
  set loadLevel(t2) {
    this.logger.log(`set loadLevel:${t2}`), this.levelController.manualLevel = t2;
  }
  get nextLoadLevel() {
    return this.levelController.nextLoadLevel;
  }
  set nextLoadLevel(t2) {
    this.levelController.nextLoadLevel = t2;
  }
  get firstLevel() {
    return Math.max(this.levelController.firstLevel, this.minAutoLevel);
  }
  set firstLevel(t2) {
    this.logger.log(`set firstLevel:${t2}`), this.levelController.firstLevel = t2;
  }
  get startLevel() {
    const t2 = this.levelController.startLevel;
    return -1 === t2 && this.abrController.forcedAutoLevel > -1 ? this.abrController.forcedAutoLevel : t2;
  }
  set startLevel(t2) {
    this.logger.log(`set startLevel:${t2}`), -1 !== t2 && (t2 = Math.max(t2, this.minAutoLevel)), this.levelController.startLevel = t2;
  }
  get capLevelToPlayerSize() {
    return this.config.capLevelToPlayerSize;
  }
  set capLevelToPlayerSize(t2) {
    const e2 = this.capLevelController, r2 = !!t2;
    e2 && r2 !== this.config.capLevelToPlayerSize && (r2 ? e2.startCapping() : (e2.stopCapping(), this.autoLevelCapping = -1, this.streamController.nextLevelSwitch()), this.config.capLevelToPlayerSize = r2);
  }
  get autoLevelCapping() {
    return this._autoLevelCapping;
  }
  get bandwidthEstimate() {
    const { bwEstimator: t2 } = this.abrController;
    return t2 ? t2.getEstimate() : NaN;
  }
  set bandwidthEstimate(t2) {
    this.abrController.resetEstimator(t2);
  }
  get abrEwmaDefaultEstimate() {
    const { bwEstimator: t2 } = this.abrController;
    return t2 ? t2.defaultEstimate : NaN;
  }
  get ttfbEstimate() {
    const { bwEstimator: t2 } = this.abrController;
    return t2 ? t2.getEstimateTTFB() : NaN;
  }
  set autoLevelCapping(t2) {
    this._autoLevelCapping !== t2 && (this.logger.log(`set autoLevelCapping:${t2}`), this._autoLevelCapping = t2, this.levelController.checkMaxAutoUpdated());
  }
  get maxHdcpLevel() {
    return this._maxHdcpLevel;
  }
  set maxHdcpLevel(t2) {
    (function(t3) {
      return pe.indexOf(t3) > -1;
    })(t2) && this._maxHdcpLevel !== t2 && (this._maxHdcpLevel = t2, this.levelController.checkMaxAutoUpdated());
  }
  get autoLevelEnabled() {
    return -1 === this.levelController.manualLevel;
  }
  get manualLevel() {
    return this.levelController.manualLevel;
  }
  get minAutoLevel() {
    const { levels: t2, config: { minAutoBitrate: e2 } } = this;
    if (!t2) return 0;
    const r2 = t2.length;
    for (let i2 = 0; i2 < r2; i2++) if (t2[i2].maxBitrate >= e2) return i2;
    return 0;
  }
  get maxAutoLevel() {
    const { levels: t2, autoLevelCapping: e2, maxHdcpLevel: r2 } = this;
    let i2;
    if (i2 = -1 === e2 && null != t2 && t2.length ? t2.length - 1 : e2, r2) for (let e3 = i2; e3--; ) {
      const i3 = t2[e3].attrs["HDCP-LEVEL"];
      if (i3 && i3 <= r2) return e3;
    }
    return i2;
  }
  get firstAutoLevel() {
    return this.abrController.firstAutoLevel;
  }
  get nextAutoLevel() {
    return this.abrController.nextAutoLevel;
  }
  set nextAutoLevel(t2) {
    this.abrController.nextAutoLevel = t2;
  }
  get playingDate() {
    return this.streamController.currentProgramDateTime;
  }
  get mainForwardBufferInfo() {
    return this.streamController.getMainFwdBufferInfo();
  }
  get audioForwardBufferInfo() {
    var t2;
    return (null == (t2 = this.audioStreamController) ? void 0 : t2.getFwdBufferInfo()) || null;
  }
  get maxBufferLength() {
    return this.streamController.maxBufferLength;
  }
  setAudioOption(t2) {
    var e2;
    return (null == (e2 = this.audioTrackController) ? void 0 : e2.setAudioOption(t2)) || null;
  }
  setSubtitleOption(t2) {
    var e2;
    return (null == (e2 = this.subtitleTrackController) ? void 0 : e2.setSubtitleOption(t2)) || null;
  }
  get allAudioTracks() {
    const t2 = this.audioTrackController;
    return t2 ? t2.allAudioTracks : [];
  }
  get audioTracks() {
    const t2 = this.audioTrackController;
    return t2 ? t2.audioTracks : [];
  }
  get audioTrack() {
    const t2 = this.audioTrackController;
    return t2 ? t2.audioTrack : -1;
  }
  set audioTrack(t2) {
    const e2 = this.audioTrackController;
    e2 && (e2.audioTrack = t2);
  }
  get nextAudioTrack() {
    var t2, e2;
    return null != (t2 = null == (e2 = this.audioStreamController) ? void 0 : e2.nextAudioTrack) ? t2 : -1;
  }
  set nextAudioTrack(t2) {
    const { audioTrackController: e2 } = this;
    e2 && (e2.nextAudioTrack = t2);
  }
  get allSubtitleTracks() {
    const t2 = this.subtitleTrackController;
    return t2 ? t2.allSubtitleTracks : [];
  }
  get subtitleTracks() {
    const t2 = this.subtitleTrackController;
    return t2 ? t2.subtitleTracks : [];
  }
  get subtitleTrack() {
    const t2 = this.subtitleTrackController;
    return t2 ? t2.subtitleTrack : -1;
  }
  get media() {
    return this._media;
  }
  set subtitleTrack(t2) {
    const e2 = this.subtitleTrackController;
    e2 && (e2.subtitleTrack = t2);
  }
  get subtitleDisplay() {
    const t2 = this.subtitleTrackController;
    return !!t2 && t2.subtitleDisplay;
  }
  set subtitleDisplay(t2) {
    const e2 = this.subtitleTrackController;
    e2 && (e2.subtitleDisplay = t2);
  }
  get lowLatencyMode() {
    return this.config.lowLatencyMode;
  }
  set lowLatencyMode(t2) {
    this.config.lowLatencyMode = t2;
  }
  get liveSyncPosition() {
    var t2, e2;
    return null != (t2 = null == (e2 = this.latencyController) ? void 0 : e2.liveSyncPosition) ? t2 : null;
  }
  get latency() {
    var t2;
    return (null == (t2 = this.latencyController) ? void 0 : t2.latency) || 0;
  }
  get maxLatency() {
    var t2;
    return (null == (t2 = this.latencyController) ? void 0 : t2.maxLatency) || 0;
  }
  get targetLatency() {
    var t2;
    return (null == (t2 = this.latencyController) ? void 0 : t2.targetLatency) || null;
  }
  set targetLatency(t2) {
    this.latencyController && (this.latencyController.targetLatency = t2);
  }
  get drift() {
    var t2;
    return (null == (t2 = this.latencyController) ? void 0 : t2.drift) || null;
  }
  get forceStartLoad() {
    return this.streamController.forceStartLoad;
  }
  get pathways() {
    return this.levelController.pathways;
  }
  get pathwayPriority() {
    return this.levelController.pathwayPriority;
  }
  set pathwayPriority(t2) {
    this.levelController.pathwayPriority = t2;
  }
  get bufferedToEnd() {
    var t2;
    return !(null == (t2 = this.bufferController) || !t2.bufferedToEnd);
  }
  get interstitialsManager() {
    return null;
  }
  get iframeVariants() {
    const t2 = this.levelController.iframeVariants;
    return t2 || [];
  }
  createIFramePlayer(t2) {
    return null;
  }
  createImageIFramePlayer(t2) {
    return null;
  }
  getMediaDecodingInfo(t2, e2 = this.allAudioTracks) {
    const r2 = De(e2);
    return X.getMediaDecodingInfoPromise(t2, r2, navigator.mediaCapabilities);
  }
};
kn.defaultConfig = void 0;
var _n = X.KeySystemFormats;
var Cn = X.KeySystems;
var Pn = X.SubtitleStreamController;
var xn = X.TimelineController;
var wn = X.requestMediaKeySystemAccess;
export {
  ke as AbrController,
  Ge as AttrList,
  Q as AudioStreamController,
  Q as AudioTrackController,
  nn as BaseLoader,
  Cr as BasePlaylistController,
  y as BaseSegment,
  yi as BaseStreamController,
  Gr as BufferController,
  Q as CMCDController,
  Ti as CapLevelController,
  fi as ChunkMetadata,
  Si as ContentSteeringController,
  Q as Cues,
  He as DateRange,
  Q as EMEController,
  Oe as ErrorActionFlags,
  Me as ErrorController,
  s as ErrorDetails,
  i as ErrorTypes,
  n as Events,
  Ri as FPSController,
  dn as FetchLoader,
  A as Fragment,
  kn as Hls,
  Ee as HlsSkip,
  Te as HlsUrlParameters,
  _n as KeySystemFormats,
  Cn as KeySystems,
  Se as Level,
  Ke as LevelDetails,
  Ze as LevelKey,
  m as LoadStats,
  p as LoaderContextType,
  sr as M3U8Parser,
  wi as MetadataSchema,
  we as NetworkErrorAction,
  R as Part,
  v as PlaylistLevelType,
  Pn as SubtitleStreamController,
  Q as SubtitleTrackController,
  xn as TimelineController,
  fn as XhrLoader,
  kn as default,
  on as fetchSupported,
  Z as getMediaSource,
  Js as isMSESupported,
  tn as isSupported,
  wn as requestMediaKeySystemAccess
};
