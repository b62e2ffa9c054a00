import { test } from 'node:test';
import assert from 'node:assert/strict';
import { attachTouch } from '../wwwroot/touch.js';

// A 200x100 picture at (0, 0); events are plain objects with what touch.js reads.
function setup(state) {
  const sent = [];
  const video = { style: {}, setPointerCapture() {} };
  const picture = () => ({ left: 0, top: 0, width: 200, height: 100, scale: 1 });
  const touch = attachTouch({ state, video, picture, send: m => (sent.push(m), true) });
  const event = (type, pointerType, x, y, pointerId = 1) => ({ type, pointerType, pointerId, clientX: x, clientY: y, defaultPrevented: false, preventDefault() { this.defaultPrevented = true; } });
  return { sent, video, touch, event };
}

test('with a remote touchscreen and control, a touch becomes td/tm/tu and is not a mouse', () => {
  const { sent, video, touch, event } = setup({ remoteTouch: true, role: 'control' });
  touch.syncTouchAction();
  assert.equal(video.style.touchAction, 'none');
  const down = event('pointerdown', 'touch', 50, 50);
  assert.equal(touch.handle(down), true);
  assert.equal(down.defaultPrevented, true);
  assert.equal(touch.handle(event('pointermove', 'touch', 100, 25)), true);
  assert.equal(touch.handle(event('pointerup', 'touch', 100, 25)), true);
  assert.deepEqual(sent, [{ t: 'td', id: 0, x: 0.25, y: 0.5 }, { t: 'tm', id: 0, x: 0.5, y: 0.25 }, { t: 'tu', id: 0 }]);
});

test('without a remote touchscreen a touch stays mouse emulation', () => {
  const { sent, video, touch, event } = setup({ remoteTouch: false, role: 'control' });
  touch.syncTouchAction();
  assert.equal(video.style.touchAction, '');
  assert.equal(touch.handle(event('pointerdown', 'touch', 50, 50)), false);
  assert.equal(touch.handle(event('pointerup', 'touch', 50, 50)), false);
  assert.deepEqual(sent, []);
});

test('the mouse and a viewer without control are never taken as touch', () => {
  const mouse = setup({ remoteTouch: true, role: 'control' });
  assert.equal(mouse.touch.handle(mouse.event('pointerdown', 'mouse', 50, 50)), false);
  const viewOnly = setup({ remoteTouch: true, role: 'view' });
  assert.equal(viewOnly.touch.handle(viewOnly.event('pointerdown', 'touch', 50, 50)), false);
  assert.deepEqual([...mouse.sent, ...viewOnly.sent], []);
});

test('a cancelled touch lifts the finger', () => {
  const { sent, touch, event } = setup({ remoteTouch: true, role: 'control' });
  touch.handle(event('pointerdown', 'touch', 10, 10, 4));
  touch.handle(event('pointercancel', 'touch', 10, 10, 4));
  assert.deepEqual(sent.map(m => m.t), ['td', 'tu']);
  assert.equal(touch.fingers, 0);
});
