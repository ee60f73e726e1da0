import test from 'node:test';
import assert from 'node:assert/strict';

import { buildStreamId, liveStreamUrl, parseCdnUrl, parseRoomUrl } from '../src/index.js';

test('parseRoomUrl reads every key, in the documented order', () => {
  const sig = 'eJwtjcEKwjAQRP9lr5W6LalNCx4qgorFg1Z6LkmURRNjjCKK-25pOsd5w7wvNPUhVm9LTkE5Q8YRJ0NHUhlPJ1IOSuiuJBQE8JCXzlqSUCYMQ5KR0Lnf8kz79bF2fifkjS*a_';
  const r = parseRoomUrl(
    `room://sdkappid=1400000001&roomid=1001&userid=alice&usersig=${sig}&streamid=1400000001_1001_alice_main&livedomainname=live.example.com`,
  );
  assert.deepEqual(r, {
    sdkappid: 1400000001,
    roomid: 1001,
    userid: 'alice',
    usersig: sig,
    streamid: '1400000001_1001_alice_main',
    livedomainname: 'live.example.com',
  });
});

test('parseRoomUrl accepts any order (as the demo builds it) and ignores unknown keys', () => {
  const r = parseRoomUrl(
    'room://livedomainname=cdn.example.com&streamid=s1&usersig=SIG&userid=bob&roomid=7&sdkappid=1400000002&foo=bar&novalue&=x',
  );
  assert.equal(r.sdkappid, 1400000002);
  assert.equal(r.roomid, 7);
  assert.equal(r.userid, 'bob');
  assert.equal(r.usersig, 'SIG');
  assert.equal(r.streamid, 's1');
  assert.equal(r.livedomainname, 'cdn.example.com');
  assert.equal(r.foo, undefined);
});

test('parseRoomUrl keeps raw values and percent-decodes %XX', () => {
  const raw = parseRoomUrl('room://sdkappid=1&roomid=2&userid=a-b.c_d@e&usersig=x*y-z_');
  assert.equal(raw.userid, 'a-b.c_d@e');
  assert.equal(raw.usersig, 'x*y-z_');
  const dec = parseRoomUrl('room://sdkappid=1&roomid=2&userid=%E5%B0%8F%E6%98%8E&usersig=a%2Bb%3D');
  assert.equal(dec.userid, '小明');
  assert.equal(dec.usersig, 'a+b=');
  // value containing '=' after the first one is kept whole
  assert.equal(parseRoomUrl('room://usersig=ab==').usersig, 'ab==');
  // a broken escape stays raw instead of throwing
  assert.equal(parseRoomUrl('room://userid=50%25%ZZ').userid, '50%25%ZZ');
});

test('parseRoomUrl: keys are case-sensitive, absent keys undefined, non-numeric room kept', () => {
  const r = parseRoomUrl('room://SDKAPPID=1&RoomID=2&roomid=live_room');
  assert.equal(r.sdkappid, undefined);
  assert.equal(r.roomid, 'live_room');
  assert.equal(r.userid, undefined);
});

test('parseRoomUrl throws Unsupported protocol! for anything else', () => {
  for (const url of ['https://flv=a', 'rtmp://x', 'ROOM://sdkappid=1', '', undefined, null, 5]) {
    assert.throws(() => parseRoomUrl(url), (err) => {
      assert.ok(err instanceof Error);
      assert.equal(err.message, 'Unsupported protocol!');
      return true;
    });
  }
});

const FLV = 'https://live.example.com/live/1400000001_1001_alice_main.flv?txSecret=a&txTime=b';
const HLS = 'https://live.example.com/live/1400000001_1001_alice_main.m3u8?x=1&y=2';

test('parseCdnUrl: flv first, both percent-encoded (the demo form)', () => {
  const url = `https://flv=${encodeURIComponent(FLV)}&hls=${encodeURIComponent(HLS)}`;
  assert.deepEqual(parseCdnUrl(url), { flv: FLV, hls: HLS });
});

test('parseCdnUrl: hls first', () => {
  const url = `https://hls=${encodeURIComponent(HLS)}&flv=${encodeURIComponent(FLV)}`;
  assert.deepEqual(parseCdnUrl(url), { flv: FLV, hls: HLS });
});

test('parseCdnUrl: either part optional', () => {
  assert.deepEqual(parseCdnUrl(`https://flv=${encodeURIComponent(FLV)}`), { flv: FLV, hls: '' });
  assert.deepEqual(parseCdnUrl(`https://hls=${encodeURIComponent(HLS)}`), { flv: '', hls: HLS });
});

test('parseCdnUrl splits on the literal &hls= / &flv= (unencoded inner & survives)', () => {
  const url = 'https://flv=https://a.example/x.flv?k=1&t=2&hls=https://a.example/x.m3u8?k=1&t=2';
  assert.deepEqual(parseCdnUrl(url), {
    flv: 'https://a.example/x.flv?k=1&t=2',
    hls: 'https://a.example/x.m3u8?k=1&t=2',
  });
});

test('parseCdnUrl returns null for non-CDN URLs', () => {
  assert.equal(parseCdnUrl('room://sdkappid=1'), null);
  assert.equal(parseCdnUrl('https://live.example.com/live/x.flv'), null);
  assert.equal(parseCdnUrl('http://flv=x'), null);
  assert.equal(parseCdnUrl(undefined), null);
});

test('buildStreamId and liveStreamUrl follow §9', () => {
  const id = buildStreamId(1400000001, 1001, 'alice');
  assert.equal(id, '1400000001_1001_alice_main');
  assert.equal(liveStreamUrl('live.example.com', id), 'https://live.example.com/live/1400000001_1001_alice_main.flv');
});
