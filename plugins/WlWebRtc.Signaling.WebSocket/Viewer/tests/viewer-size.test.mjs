import { test } from 'node:test';
import assert from 'node:assert/strict';
import { REPORT_DELAY_MS, ViewerSizeReporter, viewerSizeMessage } from '../wwwroot/viewer-size.js';

// Timers under the test's control: `run()` fires the pending one.
function timers() {
  const t = { pending: null, delays: [], cleared: 0 };
  t.setTimer = (fn, ms) => { t.pending = fn; t.delays.push(ms); return t.delays.length; };
  t.clearTimer = () => { t.pending = null; t.cleared++; };
  t.run = () => { const fn = t.pending; t.pending = null; fn?.(); };
  return t;
}

function reporter(open = true) {
  const sent = [];
  const channel = { open };
  const t = timers();
  const r = new ViewerSizeReporter(m => (channel.open ? (sent.push(m), true) : false), { setTimer: t.setTimer, clearTimer: t.clearTimer });
  return { r, sent, channel, t };
}

test('viewerSizeMessage rounds sides and the ratio and keeps them in the protocol range', () => {
  assert.deepEqual(viewerSizeMessage(1000, 700, 2), { t: 'vs', w: 1000, h: 700, r: 2 });
  assert.deepEqual(viewerSizeMessage(999.6, 0, 1.33333), { t: 'vs', w: 1000, h: 1, r: 1.333 });
  assert.deepEqual(viewerSizeMessage(40000, 20, NaN), { t: 'vs', w: 16384, h: 20, r: 1 });
  assert.equal(viewerSizeMessage(10, 10, 100).r, 8);
});

test('observe reports only after the delay, once, with the last size', () => {
  const { r, sent, t } = reporter();
  r.observe(800, 600, 1);
  r.observe(900, 600, 1);
  r.observe(1000, 700, 2);
  assert.deepEqual(sent, [], 'nothing before the delay');
  assert.equal(t.delays.at(-1), REPORT_DELAY_MS);
  assert.equal(t.cleared, 2, 'each new observation restarts the delay');
  t.run();
  assert.deepEqual(sent, [{ t: 'vs', w: 1000, h: 700, r: 2 }]);
});

test('an unchanged size is not reported twice', () => {
  const { r, sent, t } = reporter();
  r.observe(1000, 700, 2);
  t.run();
  r.observe(1000.2, 700, 2);
  t.run();
  assert.equal(sent.length, 1);
});

test('a report the closed channel refused goes out on resend', () => {
  const { r, sent, channel, t } = reporter(false);
  r.observe(1280, 720, 1);
  t.run();
  assert.deepEqual(sent, []);
  channel.open = true;
  r.resend();
  assert.deepEqual(sent, [{ t: 'vs', w: 1280, h: 720, r: 1 }]);
});

test('resend repeats the current size (a new channel or a new role), but waits for a pending change', () => {
  const { r, sent, t } = reporter();
  r.observe(1280, 720, 1);
  t.run();
  r.resend();
  assert.equal(sent.length, 2, 'sent again at once');
  r.observe(1300, 720, 1);
  r.resend();
  assert.equal(sent.length, 2, 'the pending change is sent when the window rests');
  t.run();
  assert.deepEqual(sent.at(-1), { t: 'vs', w: 1300, h: 720, r: 1 });
});

test('resend before any observation sends nothing', () => {
  const { r, sent } = reporter();
  r.resend();
  assert.deepEqual(sent, []);
});

test('the default timers work when called through the reporter (a browser refuses setTimeout with another this)', async () => {
  const sent = [];
  const r = new ViewerSizeReporter(m => (sent.push(m), true), { delayMs: 1 });
  const realSetTimeout = globalThis.setTimeout;
  // node's setTimeout does not check its receiver; make it do so, as browsers do
  globalThis.setTimeout = function (fn, ms) {
    if (this !== undefined && this !== globalThis) throw new TypeError('Illegal invocation');
    return realSetTimeout(fn, ms);
  };
  try {
    r.observe(640, 480, 1);
  } finally {
    globalThis.setTimeout = realSetTimeout;
  }
  await new Promise(resolve => realSetTimeout(resolve, 20));
  assert.deepEqual(sent, [{ t: 'vs', w: 640, h: 480, r: 1 }]);
});
