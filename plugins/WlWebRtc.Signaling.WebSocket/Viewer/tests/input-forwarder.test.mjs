import { test } from 'node:test';
import assert from 'node:assert/strict';
import { InputForwarder } from '../wwwroot/input-forwarder.js';

// A channel that records what went out; `open` false plays a closed channel or the view role.
function channel() {
  const sent = [];
  const fake = { sent, open: true, send: message => (fake.open ? (sent.push(message), true) : false) };
  return fake;
}

test('keyDown then keyUp sends the press and the release', () => {
  const c = channel();
  const f = new InputForwarder(c.send);
  f.keyDown('KeyA', false);
  assert.equal(f.keyUp('KeyA'), true);
  assert.deepEqual(c.sent, [{ t: 'k', c: 'KeyA', d: true }, { t: 'k', c: 'KeyA', d: false }]);
});

test('keyDown drops auto-repeats (the compositor repeats)', () => {
  const c = channel();
  const f = new InputForwarder(c.send);
  f.keyDown('KeyA', false);
  f.keyDown('KeyA', true);
  f.keyDown('KeyA', true);
  assert.equal(c.sent.length, 1);
});

test('keyUp of a key never sent as pressed sends nothing', () => {
  const c = channel();
  const f = new InputForwarder(c.send);
  c.open = false;
  f.keyDown('KeyB', false);
  c.open = true;
  assert.equal(f.keyUp('KeyB'), false);
  assert.equal(f.keyUp('KeyC'), false);
  assert.deepEqual(c.sent, []);
});

test('buttonUp releases only buttons sent as pressed', () => {
  const c = channel();
  const f = new InputForwarder(c.send);
  f.buttonDown(0);
  f.buttonUp(0);
  f.buttonUp(0);
  f.buttonUp(2);
  assert.deepEqual(c.sent, [{ t: 'pb', b: 0, d: true }, { t: 'pb', b: 0, d: false }]);
});

test('releaseAll sends one ra when something is held and forgets it', () => {
  const c = channel();
  const f = new InputForwarder(c.send);
  f.keyDown('ShiftLeft', false);
  f.buttonDown(1);
  f.releaseAll();
  assert.equal(f.anyPressed, false);
  assert.deepEqual(c.sent.at(-1), { t: 'ra' });
  assert.equal(f.keyUp('ShiftLeft'), false, 'the key was released by ra');
  f.buttonUp(1);
  assert.equal(c.sent.length, 3);
});

test('releaseAll sends nothing when nothing is held', () => {
  const c = channel();
  new InputForwarder(c.send).releaseAll();
  assert.deepEqual(c.sent, []);
});

test('moveBy sends relative motion, and nothing for none', () => {
  const c = channel();
  const f = new InputForwarder(c.send);
  assert.equal(f.moveBy(0, 0), false);
  assert.equal(f.moveBy(2, -1), true);
  assert.deepEqual(c.sent, [{ t: 'pr', dx: 2, dy: -1 }]);
});

test('moveTo and wheel say whether they were sent', () => {
  const c = channel();
  const f = new InputForwarder(c.send);
  assert.equal(f.moveTo({ x: 0.5, y: 0.5 }), true);
  assert.equal(f.wheel(0, 3, 1), true);
  c.open = false;
  assert.equal(f.wheel(0, 3, 1), false);
  assert.deepEqual(c.sent, [{ t: 'pm', x: 0.5, y: 0.5 }, { t: 'pw', dx: 0, dy: 3, m: 1 }]);
});

test('keyDown and keyUp carry the key value when there is one', () => {
  const c = channel();
  const f = new InputForwarder(c.send);
  f.keyDown('Quote', false, 'ä');
  f.keyUp('Quote', 'ä');
  f.keyDown('Numpad1', false, undefined);
  assert.deepEqual(c.sent, [{ t: 'k', c: 'Quote', d: true, k: 'ä' }, { t: 'k', c: 'Quote', d: false, k: 'ä' }, { t: 'k', c: 'Numpad1', d: true }]);
});
