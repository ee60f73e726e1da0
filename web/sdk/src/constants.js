// TWebLive 1.x public constants (TWebLive.EVENT / TWebLive.TYPES).
// Values are the exact strings of tweblive@1.3.1: apps see them as `event.name`. EVENT
// also carries liveroom's own events (LIVEROOM_EVENT): they have no `t_` prefix, so they
// can never collide with a TWebLive name.

/** TWebLive 1.3.1's event names. */
export const TWEBLIVE_EVENT = Object.freeze({
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
});

/** liveroom extensions (TWebLive has no such events); docs/sdk.md lists them. */
export const LIVEROOM_EVENT = Object.freeze({
  /** IM: the current room's member count changed (or was learnt on entering): `{roomID, count}`. */
  IM_MEMBER_COUNT_CHANGED: 'liveroom_member_count_changed',
});

/** Event names, `TWebLive.EVENT`: TWebLive's and liveroom's. */
export const EVENT = Object.freeze({ ...TWEBLIVE_EVENT, ...LIVEROOM_EVENT });

/** Other constants, `TWebLive.TYPES`. */
export const TYPES = Object.freeze({
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
});

/** Event value → key, for log messages ("EVENT.IM_READY"). */
const EVENT_KEY_BY_VALUE = new Map(Object.entries(EVENT).map(([k, v]) => [v, k]));

/** The `EVENT.X` key of an event value (the value itself when unknown). */
export function eventKey(name) {
  return EVENT_KEY_BY_VALUE.get(name) ?? name;
}
