import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createKeyHold, RELEASE_HOLD_MS, RELEASE_KEY } from '../wwwroot/key-hold.js';

// A hand-driven clock: timers fire only when the test advances it.
function clock() {
  let now = 0;
  let next = 1;
  const timers = new Map();
  return {
    setTimer: (fn, ms) => { timers.set(next, { fn, at: now + ms }); return next++; },
    clearTimer: id => { timers.delete(id); },
    advance(ms) {
      now += ms;
      for (const [id, t] of [...timers]) if (t.at <= now) { timers.delete(id); t.fn(); }
    },
    get pending() { return timers.size; },
  };
}

function hold(c) {
  const result = { holds: 0 };
  result.detector = createKeyHold({ onHold: () => result.holds++, setTimer: c.setTimer, clearTimer: c.clearTimer });
  return result;
}

test('the release key is Escape, held for a second', () => {
  assert.equal(RELEASE_KEY, 'Escape');
  assert.equal(RELEASE_HOLD_MS, 1000);
});

test('holding Escape for the hold time fires once', () => {
  const c = clock();
  const h = hold(c);
  h.detector.down('Escape');
  c.advance(999);
  assert.equal(h.holds, 0);
  c.advance(1);
  assert.equal(h.holds, 1);
  c.advance(5000);
  assert.equal(h.holds, 1);
});

test('auto-repeated keydowns keep the first deadline', () => {
  const c = clock();
  const h = hold(c);
  h.detector.down('Escape');
  for (let i = 0; i < 9; i++) { c.advance(100); h.detector.down('Escape'); }
  c.advance(100);
  assert.equal(h.holds, 1);
});

test('a tap of Escape does not fire', () => {
  const c = clock();
  const h = hold(c);
  h.detector.down('Escape');
  c.advance(200);
  h.detector.up('Escape');
  c.advance(2000);
  assert.equal(h.holds, 0);
  assert.equal(c.pending, 0);
});

test('another key during the hold (a chord) cancels it', () => {
  const c = clock();
  const h = hold(c);
  h.detector.down('Escape');
  c.advance(300);
  h.detector.down('ShiftLeft');
  c.advance(2000);
  assert.equal(h.holds, 0);
});

test('cancel (focus lost) forgets the hold', () => {
  const c = clock();
  const h = hold(c);
  h.detector.down('Escape');
  assert.equal(h.detector.holding, true);
  h.detector.cancel();
  assert.equal(h.detector.holding, false);
  c.advance(2000);
  assert.equal(h.holds, 0);
});

test('other keys held alone never fire', () => {
  const c = clock();
  const h = hold(c);
  h.detector.down('KeyA');
  c.advance(5000);
  assert.equal(h.holds, 0);
});

test('a second hold after releasing fires again', () => {
  const c = clock();
  const h = hold(c);
  h.detector.down('Escape');
  c.advance(1000);
  h.detector.up('Escape');
  h.detector.down('Escape');
  c.advance(1000);
  assert.equal(h.holds, 2);
});
