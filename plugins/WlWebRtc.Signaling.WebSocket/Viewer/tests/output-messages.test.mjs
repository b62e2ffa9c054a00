import { test } from 'node:test';
import assert from 'node:assert/strict';
import { outputLabel, readOutputList, selectOutput } from '../wwwroot/output-messages.js';

test('selectOutput names the output', () => {
  assert.deepEqual(selectOutput('HEADLESS-2'), { t: 'so', name: 'HEADLESS-2' });
});

test('readOutputList reads the list, the current output and the right to switch', () => {
  const read = readOutputList({
    t: 'outputs',
    list: [{ name: 'HEADLESS-1', x: 0, y: 0, w: 1280, h: 720, scale: 1 }, { name: 'HEADLESS-2', x: 1280, y: 0, w: 640, h: 480, scale: 2 }],
    current: 'HEADLESS-2',
    canSelect: true,
  });
  assert.equal(read.outputs.length, 2);
  assert.deepEqual(read.outputs[1], { name: 'HEADLESS-2', x: 1280, y: 0, w: 640, h: 480, scale: 2 });
  assert.equal(read.current, 'HEADLESS-2');
  assert.equal(read.canSelect, true);
  assert.equal(read.error, null);
});

test('readOutputList drops malformed and duplicate entries and defaults the rest', () => {
  const read = readOutputList({
    t: 'outputs',
    list: [null, { name: '' }, { name: 5 }, { name: 'A', w: 'x', scale: -1 }, { name: 'A', w: 10 }, { name: 'x'.repeat(65) }],
    current: 7,
    canSelect: 'yes',
    error: 'could not switch',
  });
  assert.deepEqual(read.outputs, [{ name: 'A', x: 0, y: 0, w: 0, h: 0, scale: 1 }]);
  assert.equal(read.current, null);
  assert.equal(read.canSelect, false);
  assert.equal(read.error, 'could not switch');
});

test('readOutputList ignores other messages', () => {
  assert.equal(readOutputList(null), null);
  assert.equal(readOutputList({ t: 'role', role: 'control' }), null);
  assert.equal(readOutputList({ t: 'outputs', list: 'HEADLESS-1' }), null);
});

test('outputLabel shows the size when known', () => {
  assert.equal(outputLabel({ name: 'HEADLESS-1', w: 1280, h: 720 }), 'HEADLESS-1 (1280×720)');
  assert.equal(outputLabel({ name: 'HEADLESS-1', w: 0, h: 0 }), 'HEADLESS-1');
});

test('outputChoices adds "All" (every output side by side) from two outputs on', async () => {
  const { ALL_OUTPUTS, outputChoices } = await import('../wwwroot/output-messages.js');
  const one = [{ name: 'HEADLESS-1', w: 640, h: 480 }];
  assert.deepEqual(outputChoices(one), [{ name: 'HEADLESS-1', label: 'HEADLESS-1 (640×480)' }]);
  const two = [...one, { name: 'HEADLESS-2', w: 800, h: 600 }];
  assert.deepEqual(outputChoices(two).map(c => c.name), ['HEADLESS-1', 'HEADLESS-2', ALL_OUTPUTS]);
  assert.equal(outputChoices(two)[2].label, 'All');
  assert.deepEqual(selectOutput(ALL_OUTPUTS), { t: 'so', name: '*' });
});
