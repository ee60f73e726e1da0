// Node unit tests of the WebRTC half's pure parts: capture profiles, codec preference,
// network-quality grading, push / play URL handling, and the checks Pusher / Player do
// before touching any browser API.

import test from 'node:test';
import assert from 'node:assert/strict';

import {
  AUDIO_PROFILES,
  CAMERA_PROFILES,
  SCREEN_PROFILES,
  audioConstraints,
  audioProfile,
  lossBetween,
  networkQuality,
  preferH264,
  videoConstraints,
  videoProfile,
} from '../src/media.js';
import TWebLive, { Player, Pusher, parseRtcUrl, playEngine } from '../src/index.js';

test('camera profile table: the TRTC 4.6 values and the documented extras', () => {
  assert.deepEqual(CAMERA_PROFILES['480p'], { width: 640, height: 480, frameRate: 15, bitrate: 900 });
  assert.deepEqual(CAMERA_PROFILES['720p'], { width: 1280, height: 720, frameRate: 15, bitrate: 1500 });
  assert.deepEqual(CAMERA_PROFILES['1080p'], { width: 1920, height: 1080, frameRate: 15, bitrate: 2000 });
  assert.deepEqual(CAMERA_PROFILES['1080p_2'], { width: 1920, height: 1080, frameRate: 30, bitrate: 4000 });
  assert.deepEqual(CAMERA_PROFILES['480p_2'], { width: 640, height: 480, frameRate: 30, bitrate: 1000 });
  assert.deepEqual(CAMERA_PROFILES['720p_2'], { width: 1280, height: 720, frameRate: 30, bitrate: 3000 });
  assert.deepEqual(Object.keys(CAMERA_PROFILES), ['480p', '480p_2', '720p', '720p_2', '1080p', '1080p_2']);
  assert.deepEqual(SCREEN_PROFILES['720p'], { width: 1280, height: 720, frameRate: 5, bitrate: 1200 });
  assert.deepEqual(SCREEN_PROFILES['1080p'], { width: 1920, height: 1080, frameRate: 5, bitrate: 1600 });
  assert.equal(AUDIO_PROFILES.standard.bitrate, 40);
  assert.equal(AUDIO_PROFILES.high.bitrate, 128);
});

test('videoProfile: true = 720p, known strings, unknown strings = 480p, objects, false', () => {
  assert.deepEqual(videoProfile(true), CAMERA_PROFILES['720p']);
  assert.deepEqual(videoProfile('1080p'), CAMERA_PROFILES['1080p']);
  assert.deepEqual(videoProfile('360p'), CAMERA_PROFILES['480p'], "the demo's 360p is not in the list");
  assert.deepEqual(videoProfile('toString'), CAMERA_PROFILES['480p'], 'no prototype keys');
  assert.deepEqual(videoProfile({ width: 320, height: 240, frameRate: 10, bitrate: 300 }), { width: 320, height: 240, frameRate: 10, bitrate: 300 });
  assert.deepEqual(videoProfile({ width: 800 }), { width: 800, height: 480, frameRate: 15, bitrate: 900 });
  assert.deepEqual(videoProfile({ width: -1, height: 'x' }), CAMERA_PROFILES['480p']);
  assert.equal(videoProfile(false), null);
  assert.equal(videoProfile(undefined), null);
  assert.deepEqual(videoProfile(true, { screen: true }), SCREEN_PROFILES['1080p']);
  assert.deepEqual(videoProfile('720p_2', { screen: true }), SCREEN_PROFILES['720p_2']);
  // A returned profile is a copy: changing it does not touch the table.
  const p = videoProfile('720p');
  p.width = 1;
  assert.equal(CAMERA_PROFILES['720p'].width, 1280);
});

test('audioProfile: true / any string = standard, "high" = 128 kbps, false = none', () => {
  assert.deepEqual(audioProfile(true), AUDIO_PROFILES.standard);
  assert.deepEqual(audioProfile('standard'), AUDIO_PROFILES.standard);
  assert.deepEqual(audioProfile('whatever'), AUDIO_PROFILES.standard);
  assert.deepEqual(audioProfile('high'), AUDIO_PROFILES.high);
  assert.equal(audioProfile(false), null);
  assert.equal(audioProfile(undefined), null);
});

test('getUserMedia constraints from profiles and device ids', () => {
  assert.deepEqual(videoConstraints(CAMERA_PROFILES['720p']), {
    width: { ideal: 1280 },
    height: { ideal: 720 },
    frameRate: { ideal: 15 },
  });
  assert.deepEqual(videoConstraints(CAMERA_PROFILES['480p'], 'cam1').deviceId, { exact: 'cam1' });
  assert.equal(videoConstraints(null), false);
  const a = audioConstraints(AUDIO_PROFILES.high, 'mic1');
  assert.equal(a.sampleRate, 48000);
  assert.equal(a.channelCount, 1);
  assert.deepEqual(a.deviceId, { exact: 'mic1' });
  assert.equal(audioConstraints(null), false);
});

test('preferH264: packetization-mode=1 H.264 first, constrained baseline first among them', () => {
  const codecs = [
    { mimeType: 'video/VP8' },
    { mimeType: 'video/rtx', sdpFmtpLine: 'apt=96' },
    { mimeType: 'video/H264', sdpFmtpLine: 'level-asymmetry-allowed=1;packetization-mode=0;profile-level-id=42e01f' },
    { mimeType: 'video/H264', sdpFmtpLine: 'level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=4d001f' },
    { mimeType: 'video/H264', sdpFmtpLine: 'level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42e01f' },
    { mimeType: 'video/VP9' },
  ];
  const out = preferH264(codecs);
  assert.equal(out.length, codecs.length);
  assert.match(out[0].sdpFmtpLine, /packetization-mode=1;profile-level-id=42e01f/);
  assert.match(out[1].sdpFmtpLine, /profile-level-id=4d001f/);
  assert.deepEqual(out.slice(2).map((c) => c.mimeType), ['video/VP8', 'video/rtx', 'video/H264', 'video/VP9']);
  assert.deepEqual(preferH264([{ mimeType: 'video/VP8' }]), [{ mimeType: 'video/VP8' }]);
});

test('networkQuality grades loss and RTT as documented', () => {
  assert.equal(networkQuality({ connected: false, loss: 0, rtt: 0 }), 6);
  assert.equal(networkQuality({ loss: undefined }), 0);
  assert.equal(networkQuality({ loss: 0, rtt: 20 }), 1);
  assert.equal(networkQuality({ loss: 0 }), 1, 'no RTT counts as 0');
  assert.equal(networkQuality({ loss: 0.01, rtt: 100 }), 1);
  assert.equal(networkQuality({ loss: 0.02, rtt: 10 }), 2);
  assert.equal(networkQuality({ loss: 0, rtt: 150 }), 2);
  assert.equal(networkQuality({ loss: 0.05, rtt: 10 }), 3);
  assert.equal(networkQuality({ loss: 0, rtt: 600 }), 4);
  assert.equal(networkQuality({ loss: 0.12, rtt: 10 }), 4);
  assert.equal(networkQuality({ loss: 0.2, rtt: 10 }), 5);
  assert.equal(networkQuality({ loss: 0, rtt: 2000 }), 5);
  assert.equal(lossBetween(null, { lost: 1, received: 99 }), 0.01);
  assert.equal(lossBetween({ lost: 1, received: 99 }, { lost: 3, received: 197 }), 0.02);
  assert.equal(lossBetween({ lost: 1, received: 99 }, { lost: 1, received: 99 }), undefined);
  assert.equal(lossBetween(null, undefined), undefined);
});

test('parseRtcUrl: the push / play URL checks with their exact texts', () => {
  const url = 'room://sdkappid=1400000001&roomid=1001&userid=alice&usersig=SIG&streamid=s1';
  assert.equal(parseRtcUrl(url, 'alice').streamid, 's1');
  assert.equal(parseRtcUrl(url).roomid, 1001);
  assert.throws(() => parseRtcUrl(url, 'bob'), { message: 'userID 与 createPusher() 时传入的 userID 不匹配！' });
  assert.throws(() => parseRtcUrl('https://flv=x', 'alice'), { message: 'Unsupported protocol!' });
  assert.throws(() => parseRtcUrl('room://roomid=1&userid=a&usersig=s'), { message: 'invalid room:// URL: sdkappid is missing' });
  assert.throws(() => parseRtcUrl('room://sdkappid=1&userid=a&usersig=s'), { message: 'invalid room:// URL: roomid is missing' });
  assert.throws(() => parseRtcUrl('room://sdkappid=1&roomid=2&userid=a'), { message: 'invalid room:// URL: usersig is missing' });
  // Percent-encoded values are accepted too (a UserSig may be URL-encoded by the app).
  assert.equal(parseRtcUrl('room://sdkappid=1&roomid=2&userid=a&usersig=ab%2Acd').usersig, 'ab*cd');
});

test('playEngine: the engine is chosen per URL scheme', () => {
  assert.equal(playEngine('room://sdkappid=1&roomid=2'), 'webrtc');
  assert.equal(playEngine('https://flv=' + encodeURIComponent('https://x/a.flv')), 'cdn');
  assert.equal(playEngine('https://hls=x&flv=y'), 'cdn');
  assert.equal(playEngine('https://example.com/a.flv'), null);
  assert.equal(playEngine('rtmp://x'), null);
  assert.equal(playEngine(undefined), null);
});

test('createPusher / createPlayer: option checks before any browser API is touched', async () => {
  assert.throws(() => TWebLive.createPusher(), { message: '请填入 pusher 配置！' });
  assert.throws(() => TWebLive.createPusher({}), { message: '请填入 pusher 配置！' });
  // Node has no getDisplayMedia: a screen pusher is refused like in a browser without it.
  assert.throws(() => TWebLive.createPusher({ userID: 'a', screenCapture: true }), { message: '当前浏览器不支持屏幕分享！' });
  const pusher = TWebLive.createPusher({ userID: 'a' });
  assert.ok(pusher instanceof Pusher);
  assert.equal(pusher.isPushing(), false);
  assert.equal(pusher.getCurrentCamera(), undefined);
  assert.equal(pusher.getCurrentMicrophone(), undefined);
  assert.equal(pusher.getLiveStreamURL(), '');
  await assert.rejects(pusher.setRenderView(), { message: '请传入配置' });
  await assert.rejects(pusher.startPush('room://sdkappid=1&roomid=2&userid=b&usersig=s'), {
    message: 'userID 与 createPusher() 时传入的 userID 不匹配！',
  });
  await assert.rejects(pusher.startPush('http://x'), { message: 'Unsupported protocol!' });
  await assert.rejects(pusher.stopMicrophone(), { message: 'No Audio Track!' });
  await assert.rejects(pusher.startMicrophone(), { message: 'No Audio Track!' });
  await pusher.stopPush(); // not pushing: resolves

  const player = TWebLive.createPlayer();
  assert.ok(player instanceof Player);
  assert.notEqual(TWebLive.createPlayer(), player, 'not a singleton');
  assert.equal(player.setRenderView({ elementID: 'x' }), undefined);
  // A CDN URL plays into the render view's element (none in node).
  await assert.rejects(player.startPlay('https://flv=a&hls=b'), { message: 'no element with id "x" (call setRenderView first)' });
  assert.equal(await player.startPlay('rtmp://nothing'), undefined);
  await assert.rejects(player.pauseAudio(), { message: 'No Audio Track!' });
  await assert.rejects(player.resumeAudio(), { message: 'No Audio Track!' });
  await assert.rejects(player.pauseVideo(), { message: 'No Video Track!' });
  await assert.rejects(player.resumeVideo(), { message: 'No Video Track!' });
  assert.equal(player.isPlaying(), false);
  player.setPlayoutVolume('loud'); // non-number → 100
  assert.equal(player._volume, 1);
  player.setPlayoutVolume(25);
  assert.equal(player._volume, 0.25);
  player.setCustomConfig({ autoplay: true });
  player.setCustomConfig({ poster: 'p.png' });
  assert.deepEqual(player._config, { autoplay: true, poster: 'p.png' });
  // Player.emit is public and goes through the {name, data} model.
  const seen = [];
  player.on(TWebLive.EVENT.PLAYER_PLAYING, (ev) => seen.push(ev));
  player.emit(TWebLive.EVENT.PLAYER_PLAYING, 1);
  assert.deepEqual(seen, [{ name: 't_playing', data: 1 }]);
});
