import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TouchForwarder, maxTouchSlots } from '../wwwroot/touch-forwarder.js';

// A channel that records what went out; `open` false plays a closed channel or the view role.
function channel() {
  const sent = [];
  const fake = { sent, open: true, send: message => (fake.open ? (sent.push(message), true) : false) };
  return fake;
}

test('a finger goes down, moves and leaves as td, tm, tu in slot 0', () => {
  const c = channel();
  const f = new TouchForwarder(c.send);
  assert.equal(f.down(7, { x: 0.25, y: 0.5 }), true);
  assert.equal(f.move(7, { x: 0.3, y: 0.6 }), true);
  assert.equal(f.up(7), true);
  assert.deepEqual(c.sent, [{ t: 'td', id: 0, x: 0.25, y: 0.5 }, { t: 'tm', id: 0, x: 0.3, y: 0.6 }, { t: 'tu', id: 0 }]);
  assert.equal(f.fingers, 0);
});

test('two fingers get slots 0 and 1; a freed slot is reused by the next finger', () => {
  const c = channel();
  const f = new TouchForwarder(c.send);
  f.down(10, { x: 0.1, y: 0.1 });
  f.down(11, { x: 0.2, y: 0.2 });
  f.up(10);
  f.down(12, { x: 0.3, y: 0.3 });
  assert.deepEqual(c.sent.map(m => [m.t, m.id]), [['td', 0], ['td', 1], ['tu', 0], ['td', 0]]);
});

test('a finger beyond the slots the server accepts is ignored', () => {
  const c = channel();
  const f = new TouchForwarder(c.send);
  for (let i = 0; i < maxTouchSlots; i++) assert.equal(f.down(i, { x: 0.5, y: 0.5 }), true);
  assert.equal(f.down(99, { x: 0.5, y: 0.5 }), false);
  assert.equal(f.move(99, { x: 0.5, y: 0.5 }), false);
  assert.equal(f.up(99), false);
  assert.equal(c.sent.length, maxTouchSlots);
});

test('a touch outside the picture is not sent; a finger dragged off it stays at the edge', () => {
  const c = channel();
  const f = new TouchForwarder(c.send);
  assert.equal(f.down(1, null), false);
  f.down(2, { x: 0.9, y: 0.5 });
  f.move(2, { x: 1.4, y: -0.2 });
  assert.deepEqual(c.sent, [{ t: 'td', id: 0, x: 0.9, y: 0.5 }, { t: 'tm', id: 0, x: 1, y: 0 }]);
});

test('move and up of a finger never sent as down send nothing', () => {
  const c = channel();
  const f = new TouchForwarder(c.send);
  c.open = false;
  assert.equal(f.down(3, { x: 0.5, y: 0.5 }), false);
  c.open = true;
  assert.equal(f.move(3, { x: 0.5, y: 0.5 }), false);
  assert.equal(f.up(3), false);
  assert.deepEqual(c.sent, []);
});

test('releaseAll lifts every finger once', () => {
  const c = channel();
  const f = new TouchForwarder(c.send);
  f.down(1, { x: 0.1, y: 0.1 });
  f.down(2, { x: 0.2, y: 0.2 });
  f.releaseAll();
  f.releaseAll();
  assert.deepEqual(c.sent.filter(m => m.t === 'tu').map(m => m.id).sort(), [0, 1]);
  assert.equal(f.fingers, 0);
});
