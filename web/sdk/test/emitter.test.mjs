import test from 'node:test';
import assert from 'node:assert/strict';

import { Emitter } from '../src/emitter.js';
import { EVENT } from '../src/constants.js';

function quietLogger() {
  const lines = [];
  return { lines, error: (...args) => lines.push(args) };
}

test('handlers get ONE argument {name, data}', () => {
  const e = new Emitter(quietLogger());
  const got = [];
  e.on(EVENT.IM_TEXT_MESSAGE_RECEIVED, function (...args) {
    got.push(args);
  });
  e.emit(EVENT.IM_TEXT_MESSAGE_RECEIVED, [{ ID: 'm1' }]);
  e.emit(EVENT.IM_TEXT_MESSAGE_RECEIVED);
  assert.deepEqual(got, [
    [{ name: 't_text_message_received', data: [{ ID: 'm1' }] }],
    [{ name: 't_text_message_received', data: undefined }],
  ]);
});

test('context is used as `this`', () => {
  const e = new Emitter(quietLogger());
  const ctx = { hits: 0 };
  e.on('x', function () {
    this.hits += 1;
  }, ctx);
  e.emit('x');
  assert.equal(ctx.hits, 1);
});

test('off(name, handler) really removes that handler only', () => {
  const e = new Emitter(quietLogger());
  const calls = [];
  const a = () => calls.push('a');
  const b = () => calls.push('b');
  e.on('x', a);
  e.on('x', b);
  e.off('x', a);
  e.emit('x');
  assert.deepEqual(calls, ['b']);
  assert.equal(e.listenerCount('x'), 1);
  e.off('x', b);
  e.emit('x');
  assert.deepEqual(calls, ['b']);
  assert.equal(e.listenerCount('x'), 0);
});

test('off(name, handler, context) removes only the registration with that context', () => {
  const e = new Emitter(quietLogger());
  const c1 = { n: 0 };
  const c2 = { n: 0 };
  function h() {
    this.n += 1;
  }
  e.on('x', h, c1);
  e.on('x', h, c2);
  e.off('x', h, c1);
  e.emit('x');
  assert.deepEqual([c1.n, c2.n], [0, 1]);
  e.off('x', h); // without context: every registration of h
  e.emit('x');
  assert.deepEqual([c1.n, c2.n], [0, 1]);
});

test('off(name) removes every handler of that event and nothing else', () => {
  const e = new Emitter(quietLogger());
  const calls = [];
  e.on('x', () => calls.push('x1'));
  e.on('x', () => calls.push('x2'));
  e.on('y', () => calls.push('y'));
  e.off('x');
  e.emit('x');
  e.emit('y');
  assert.deepEqual(calls, ['y']);
});

test('registering the same handler twice calls it once', () => {
  const e = new Emitter(quietLogger());
  let n = 0;
  const h = () => {
    n += 1;
  };
  e.on('x', h);
  e.on('x', h);
  e.emit('x');
  assert.equal(n, 1);
  e.off('x', h);
  e.emit('x');
  assert.equal(n, 1);
});

test('a throwing handler is logged and does not stop the others', () => {
  const log = quietLogger();
  const e = new Emitter(log);
  const calls = [];
  e.on(EVENT.IM_READY, () => calls.push('first'));
  e.on(EVENT.IM_READY, () => {
    throw new Error('boom');
  });
  e.on(EVENT.IM_READY, () => calls.push('third'));
  assert.doesNotThrow(() => e.emit(EVENT.IM_READY));
  assert.deepEqual(calls, ['first', 'third']);
  assert.equal(log.lines.length, 1);
  assert.equal(log.lines[0][0], "the integrator's callback for EVENT.IM_READY is broken");
  assert.equal(log.lines[0][1].message, 'boom');
});

test('a handler may remove itself or others while the event is dispatched', () => {
  const e = new Emitter(quietLogger());
  const calls = [];
  const b = () => calls.push('b');
  const a = () => {
    calls.push('a');
    e.off('x', a);
    e.off('x', b);
  };
  e.on('x', a);
  e.on('x', b);
  e.emit('x'); // snapshot: b still runs this time
  e.emit('x');
  assert.deepEqual(calls, ['a', 'b']);
});

test('non-function handlers are ignored', () => {
  const e = new Emitter(quietLogger());
  e.on('x', null);
  e.on('x', 'nope');
  assert.equal(e.listenerCount('x'), 0);
  assert.equal(e.emit('x'), 0);
});
