// IM.sendImageMessage and IM_IMAGE_MESSAGE_RECEIVED against a REAL liveroom server: the
// upload (POST /api/rooms/{room}/images with the stored UserSig), the sendImage command,
// absolute image URLs (sent, live, history), the server's refusals and the local ones.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';

import { EVENT } from '../src/index.js';
import { IMPool, nextEvent, record, sleep, startServer, uid } from '../testing/helpers.mjs';
import { pngBytes } from '../testing/png.mjs';

let server;
let pool;

before(async () => {
  server = await startServer();
  pool = new IMPool(server.addr);
});

after(async () => {
  if (pool) pool.shutdown();
  if (server) await server.stop();
});

async function roomWith(owner, ...members) {
  const roomID = uid('img');
  await owner.createRoom({ name: 'images', roomID });
  await owner.enterRoom(roomID);
  for (const m of members) await m.enterRoom(roomID);
  return roomID;
}

const png = (w, h, name = 'pic.png') => new File([pngBytes(w, h)], name, { type: 'image/png' });

function assertImage(message, { uuid, width, height, size }) {
  assert.equal(message.type, 'TIMImageElem');
  const p = message.payload;
  if (uuid) assert.equal(p.uuid, uuid);
  assert.match(p.uuid, /^[0-9a-f]{32}$/);
  assert.equal(p.imageFormat, 3, 'PNG');
  assert.deepEqual(p.imageInfoArray.map((i) => i.type), [0, 1, 2]);
  for (const info of p.imageInfoArray) {
    assert.ok(info.url.startsWith(`http://${server.addr}/images/`), `absolute URL on the server: ${info.url}`);
    assert.equal(info.width, width);
    assert.equal(info.height, height);
    if (size !== undefined) assert.equal(info.size, size);
  }
}

test('sendImageMessage uploads and sends; members get IM_IMAGE_MESSAGE_RECEIVED with absolute URLs, the sender no echo', async () => {
  const alice = await pool.loggedIn(uid('alice'));
  const bob = await pool.loggedIn(uid('bob'));
  const roomID = await roomWith(alice, bob);
  const own = record(alice, [EVENT.IM_IMAGE_MESSAGE_RECEIVED]);
  const got = nextEvent(bob, EVENT.IM_IMAGE_MESSAGE_RECEIVED);

  const file = png(64, 48);
  const res = await alice.sendImageMessage({ roomID, file });
  assert.equal(res.code, 0);
  const sent = res.data.message;
  assertImage(sent, { width: 64, height: 48, size: file.size });
  assert.equal(sent.flow, 'out');
  assert.equal(sent.status, 'success');
  assert.equal(sent.to, roomID);
  assert.equal(sent.priority, 'Normal');
  assert.equal(sent.payload.token, undefined, 'the upload token is not part of the message');

  const ev = await got;
  assert.equal(ev.name, 't_image_message_received');
  assert.ok(Array.isArray(ev.data) && ev.data.length === 1);
  const m = ev.data[0];
  assertImage(m, { uuid: sent.payload.uuid, width: 64, height: 48 });
  assert.equal(m.ID, sent.ID);
  assert.equal(m.from, alice._user.userID);
  assert.equal(m.flow, 'in');

  // The URL serves the very bytes.
  const img = await fetch(m.payload.imageInfoArray[0].url);
  assert.equal(img.status, 200);
  assert.equal(img.headers.get('content-type'), 'image/png');
  assert.deepEqual(Buffer.from(await img.arrayBuffer()), Buffer.from(await file.arrayBuffer()));

  await sleep(200);
  assert.equal(own.length, 0, 'the sender does not get its own image through the event');
});

test('an <input type=file>-like {files} works, priority passes through; a later member gets the image from history', async () => {
  const alice = await pool.loggedIn(uid('alice'));
  const roomID = await roomWith(alice);
  const res = await alice.sendImageMessage({ roomID, file: { files: [png(10, 20)] }, priority: 'High' });
  assert.equal(res.data.message.priority, 'High');
  assertImage(res.data.message, { width: 10, height: 20 });

  const carol = await pool.loggedIn(uid('carol'));
  const history = nextEvent(carol, EVENT.IM_IMAGE_MESSAGE_RECEIVED);
  await carol.enterRoom(roomID);
  const ev = await history;
  assertImage(ev.data[0], { uuid: res.data.message.payload.uuid, width: 10, height: 20 });
  // An anonymous viewer too (the history path of a member that never logged in).
  const anon = pool.create();
  const anonHistory = nextEvent(anon, EVENT.IM_IMAGE_MESSAGE_RECEIVED);
  await anon.enterRoom(roomID);
  assertImage((await anonHistory).data[0], { uuid: res.data.message.payload.uuid, width: 10, height: 20 });
});

test('refusals: the server\'s {code, message} (not an image, no such room); local ones (no file, empty, not logged in)', async () => {
  const alice = await pool.loggedIn(uid('alice'));
  const roomID = await roomWith(alice);
  await assert.rejects(
    alice.sendImageMessage({ roomID, file: new File(['just text'], 'note.txt', { type: 'text/plain' }) }),
    (err) => err.code === 60024 && /JPEG, PNG, GIF or WebP/.test(err.message),
  );
  // The type comes from the bytes: a PNG named and typed as text is an image.
  const disguised = await alice.sendImageMessage({ roomID, file: new File([pngBytes(5, 5)], 'x.txt', { type: 'text/plain' }) });
  assert.equal(disguised.code, 0);
  await assert.rejects(alice.sendImageMessage({ roomID: uid('missing'), file: png(4, 4) }), { code: 10015 });
  // Over the server's chat.image_max_bytes (5 MiB by default): the server says so.
  const big = new File([pngBytes(4, 4), new Uint8Array(5 * 1024 * 1024)], 'big.png', { type: 'image/png' });
  await assert.rejects(alice.sendImageMessage({ roomID, file: big }), (err) => err.code === 80002 && /larger than/.test(err.message));
  for (const file of [undefined, null, {}, { files: [] }, 'pic.png']) {
    await assert.rejects(alice.sendImageMessage({ roomID, file }), (err) => err.code === 2251 && /choose an image/.test(err.message));
  }
  await assert.rejects(alice.sendImageMessage(), { code: 2251 });
  await assert.rejects(alice.sendImageMessage({ roomID, file: new Blob([]) }), { code: 2108 });
  const anon = pool.create();
  await anon.enterRoom(roomID);
  await assert.rejects(anon.sendImageMessage({ roomID, file: png(4, 4) }), { code: 60004 });
  // A member of the app that did not enter the room: uploaded, then refused by sendImage.
  const dave = await pool.loggedIn(uid('dave'));
  await assert.rejects(dave.sendImageMessage({ roomID, file: png(4, 4) }), { code: 60005 });
});

test('the upload goes to the IM\'s server (an http(s) server option too), a dead server fails with 60010', async () => {
  const alice = await pool.loggedIn(uid('alice'), { server: `http://${server.addr}/` });
  const roomID = await roomWith(alice);
  const res = await alice.sendImageMessage({ roomID, file: png(3, 3) });
  assertImage(res.data.message, { width: 3, height: 3 });

  // The fetch is the IM's: an upload that cannot reach the server rejects with 60010,
  // naming the server's origin but never the UserSig.
  const calls = [];
  const bob = await pool.loggedIn(uid('bob'), {
    fetch: async (url) => {
      calls.push(String(url));
      throw new TypeError('Failed to fetch');
    },
  });
  await bob.enterRoom(roomID);
  await assert.rejects(bob.sendImageMessage({ roomID, file: png(3, 3) }), (err) => {
    assert.equal(err.code, 60010);
    assert.ok(err.message.includes(`http://${server.addr}`), err.message);
    assert.ok(!/usersig/i.test(err.message), 'no UserSig in the message');
    return true;
  });
  assert.equal(calls.length, 1);
  const u = new URL(calls[0]);
  assert.equal(u.origin, `http://${server.addr}`);
  assert.equal(u.pathname, `/api/rooms/${roomID}/images`);
  assert.equal(u.searchParams.get('identifier'), bob._user.userID);
  assert.ok(u.searchParams.get('usersig'));
});
