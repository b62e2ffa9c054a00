import { test } from 'node:test';
import assert from 'node:assert/strict';
import { clientStages, formatStages, stageCounters } from '../wwwroot/stage-latency.js';

const inbound = (jb, emitted, decode, frames) => ({ jitterBufferDelay: jb, jitterBufferEmittedCount: emitted, totalDecodeTime: decode, framesDecoded: frames });

test('clientStages divides the growth of each total by the frames it covers', () => {
  const previous = stageCounters(inbound(1.0, 100, 0.2, 100));
  const current = stageCounters(inbound(1.6, 130, 0.263, 130));
  const stages = clientStages(previous, current, 12, [7, 9]);
  assert.equal(stages.network, 6);
  assert.ok(Math.abs(stages.jitterBuffer - 20) < 1e-9);
  assert.ok(Math.abs(stages.decode - 2.1) < 1e-9);
  assert.equal(stages.render, 8);
});

test('clientStages gives null for what it cannot know', () => {
  const stages = clientStages(null, stageCounters(inbound(1, 1, 1, 1)), null, []);
  assert.deepEqual(stages, { network: null, jitterBuffer: null, decode: null, render: null });
  const still = stageCounters(inbound(1, 5, 1, 5));
  assert.equal(clientStages(still, still, 4, [NaN, -1]).decode, null);
  assert.equal(clientStages(still, still, 4, [NaN, -1]).render, null);
  assert.equal(stageCounters(null), null);
  assert.deepEqual(stageCounters({}), { jitterBufferDelay: null, jitterBufferEmittedCount: null, totalDecodeTime: null, framesDecoded: null });
});

test('formatStages writes the server line, then the viewer line, with dashes for unknowns', () => {
  const lines = formatStages(
    { network: 6, jitterBuffer: 20.04, decode: 2.1, render: null },
    { capture: 1.5, convert: 0.8, encode: 4.25, pacingSend: 6.3 });
  assert.deepEqual(lines, [
    'server: capture 1.5  convert 0.8  encode 4.3  pacing+send 6.3 ms',
    'viewer: network 6.0  jitter buffer 20.0  decode 2.1  render – ms',
    'stages total 41.0 ms (server 12.8 + viewer 28.1)',
  ]);
  assert.deepEqual(formatStages(null, null), []);
  assert.deepEqual(formatStages({ network: null, jitterBuffer: 1, decode: 1, render: 1 }, null), ['viewer: network –  jitter buffer 1.0  decode 1.0  render 1.0 ms']);
});
