import test from 'node:test';
import assert from 'node:assert/strict';

import TWebLive, { EVENT, TYPES } from '../src/index.js';
import { LIVEROOM_EVENT, TWEBLIVE_EVENT } from '../src/constants.js';

// tweblive-api.md §6 and §7, verbatim.
const EXPECTED_EVENT = {
  IM_READY: 't_im_ready',
  IM_NOT_READY: 't_im_not_ready',
  IM_TEXT_MESSAGE_RECEIVED: 't_text_message_received',
  IM_CUSTOM_MESSAGE_RECEIVED: 't_custom_message_received',
  IM_IMAGE_MESSAGE_RECEIVED: 't_image_message_received',
  IM_REMOTE_USER_JOIN: 't_remote_user_join',
  IM_REMOTE_USER_LEAVE: 't_remote_user_leave',
  IM_KICKED_OUT: 't_kicked_out',
  IM_NET_STATE_CHANGED: 't_net_state_change',
  IM_PUSH_STOPPED: 't_push_stopped',
  PLAYER_PLAYING: 't_playing',
  PLAYER_PAUSE: 't_pause',
  PLAYER_WAITING: 't_waiting',
  PLAYER_TIMEUPDATE: 't_timeupdate',
  PLAYER_ERROR: 't_error',
  PLAYER_AUTOPLAY_NOT_ALLOWED: 't_autoplay_not_allowed',
  RTC_CONNECTION_STATE_CHANGED: 't_connection_state_changed',
  RTC_CLIENT_BANNED: 't_client_banned',
  RTC_SCREEN_CAPTURE_STOPPED: 't_screen_capture_stopped',
  RTC_NETWORK_QUALITY: 't_network-quality',
  RTC_CLIENT_ERROR: 't_rtc_client_error',
};

const EXPECTED_TYPES = {
  MSG_PRIORITY_HIGH: 'High',
  MSG_PRIORITY_NORMAL: 'Normal',
  MSG_PRIORITY_LOW: 'Low',
  MSG_PRIORITY_LOWEST: 'Lowest',
  KICKED_OUT_MULT_ACCOUNT: 'multipleAccount',
  KICKED_OUT_MULT_DEVICE: 'multipleDevice',
  KICKED_OUT_USERSIG_EXPIRED: 'userSigExpired',
  NET_STATE_CONNECTED: 'connected',
  NET_STATE_CONNECTING: 'connecting',
  NET_STATE_DISCONNECTED: 'disconnected',
  ENTER_ROOM_SUCCESS: 'JoinedSuccess',
  ALREADY_IN_ROOM: 'AlreadyInGroup',
};

// liveroom's own events (docs/sdk.md): never a `t_` name, so never a TWebLive one.
const EXPECTED_EXTENSIONS = {
  IM_MEMBER_COUNT_CHANGED: 'liveroom_member_count_changed',
};

test('EVENT has exactly the keys and values of TWebLive 1.3.1, plus the documented liveroom extensions', () => {
  assert.deepEqual({ ...TWEBLIVE_EVENT }, EXPECTED_EVENT);
  assert.equal(Object.keys(TWEBLIVE_EVENT).length, 21);
  assert.deepEqual({ ...LIVEROOM_EVENT }, EXPECTED_EXTENSIONS);
  assert.deepEqual({ ...EVENT }, { ...EXPECTED_EVENT, ...EXPECTED_EXTENSIONS });
  const tweblive = new Set(Object.values(EXPECTED_EVENT));
  for (const [key, value] of Object.entries(EXPECTED_EXTENSIONS)) {
    assert.equal(EXPECTED_EVENT[key], undefined, `${key} is not a TWebLive key`);
    assert.ok(!tweblive.has(value) && !value.startsWith('t_'), `${value} cannot collide with a TWebLive name`);
  }
});

test('TYPES has exactly the keys and values of TWebLive 1.3.1', () => {
  assert.deepEqual({ ...TYPES }, EXPECTED_TYPES);
  assert.equal(Object.keys(TYPES).length, 12);
});

test('EVENT and TYPES are frozen', () => {
  assert.ok(Object.isFrozen(EVENT));
  assert.ok(Object.isFrozen(TWEBLIVE_EVENT));
  assert.ok(Object.isFrozen(LIVEROOM_EVENT));
  assert.ok(Object.isFrozen(TYPES));
  assert.throws(() => {
    'use strict';
    EVENT.IM_READY = 'x';
  }, TypeError);
  assert.equal(EVENT.IM_READY, 't_im_ready');
});

test('TWebLive.EVENT / TWebLive.TYPES are static getters returning the same objects', () => {
  assert.equal(TWebLive.EVENT, EVENT);
  assert.equal(TWebLive.TYPES, TYPES);
  const d = Object.getOwnPropertyDescriptor(TWebLive, 'EVENT');
  assert.equal(typeof d.get, 'function');
  assert.equal(d.set, undefined);
  assert.equal(TWebLive.EVENT.RTC_NETWORK_QUALITY, 't_network-quality');
});

test('TWebLive exposes createIM / createPusher / createPlayer and no invented statics', () => {
  for (const name of ['createIM', 'createPusher', 'createPlayer']) {
    assert.equal(typeof TWebLive[name], 'function', name);
  }
  for (const name of ['ERROR', 'ERROR_CODE', 'VERSION', 'version', 'destroy', 'checkSystemRequirements']) {
    assert.equal(TWebLive[name], undefined, name);
  }
});

test('createIM is a singleton and validates its options', async () => {
  const mod = await import('../src/index.js');
  assert.throws(() => new mod.IM(), { message: '请传入 IM 配置！' });
  assert.throws(() => new mod.IM({}), { message: '请传入 IM 配置！' });
  const a = TWebLive.createIM({ SDKAppID: 1400000001, server: 'ws://127.0.0.1:9' });
  const b = TWebLive.createIM({ SDKAppID: 42 });
  assert.equal(a, b);
  assert.ok(a instanceof mod.IM);
  assert.equal(a._sdkAppID, 1400000001);
  a._shutdown(); // never connected: nothing to close, no timers left
});
