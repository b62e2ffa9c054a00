import { test } from 'node:test';
import assert from 'node:assert/strict';
import { key, parseChannelMessage, pointerButton, pointerMove, pointerRelative, pong, releaseAll, wheel } from '../wwwroot/input-messages.js';

// The shapes of docs/input-protocol.md, field for field.
test('input messages have the fields of the input protocol', () => {
  assert.deepEqual(pointerMove(0.25, 0.75), { t: 'pm', x: 0.25, y: 0.75 });
  assert.deepEqual(pointerRelative(-3, 4.5), { t: 'pr', dx: -3, dy: 4.5 });
  assert.deepEqual(pointerButton(2, true), { t: 'pb', b: 2, d: true });
  assert.deepEqual(pointerButton(0, false), { t: 'pb', b: 0, d: false });
  assert.deepEqual(wheel(0, -120, 0), { t: 'pw', dx: 0, dy: -120, m: 0 });
  assert.deepEqual(key('KeyA', true), { t: 'k', c: 'KeyA', d: true });
  assert.deepEqual(key('ShiftLeft', false), { t: 'k', c: 'ShiftLeft', d: false });
  assert.deepEqual(releaseAll(), { t: 'ra' });
});

test('pong answers a ping with its id and timestamp', () => {
  assert.deepEqual(pong({ t: 'ping', id: 7, ts: 123.5 }), { t: 'pong', id: 7, ts: 123.5 });
});

test('parseChannelMessage reads server events', () => {
  assert.deepEqual(parseChannelMessage('{"t":"role","role":"control"}'), { t: 'role', role: 'control' });
  assert.deepEqual(parseChannelMessage('{"t":"ping","id":1,"ts":2}'), { t: 'ping', id: 1, ts: 2 });
});

test('parseChannelMessage ignores binary data, bad JSON and messages without a type', () => {
  for (const data of [new ArrayBuffer(4), '', '{', 'null', '[]', '3', '{"type":"role"}', '{"t":1}']) {
    assert.equal(parseChannelMessage(data), null, String(data));
  }
});
