import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MAX_DELAY_MS, reconnectDelay, reconnectStatus } from '../wwwroot/backoff.js';

test('reconnectDelay doubles from half a second', () => {
  assert.deepEqual([0, 1, 2, 3, 4].map(reconnectDelay), [500, 1000, 2000, 4000, 8000]);
});

test('reconnectDelay is capped at ten seconds', () => {
  assert.equal(reconnectDelay(5), MAX_DELAY_MS);
  assert.equal(reconnectDelay(50), 10000);
});

test('reconnectStatus names the reason and the whole seconds to wait', () => {
  assert.equal(reconnectStatus('server full', 500), 'Disconnected (server full); reconnecting in 1 s…');
  assert.equal(reconnectStatus('connection lost', 8000), 'Disconnected (connection lost); reconnecting in 8 s…');
});
