import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ALL_OUTPUTS, MAX_WINDOW_TITLE_LENGTH, outputChoices, outputLabel, readOutputList } from '../wwwroot/output-messages.js';

const windowEntry = { name: 'window:{0b1c}', x: 10, y: 20, w: 640, h: 480, scale: 1, window: 'wev' };

test('readOutputList keeps a window entry with its title, cut to the longest shown', () => {
  const read = readOutputList({
    t: 'outputs',
    list: [{ name: 'Virtual-0', w: 1280, h: 720 }, windowEntry, { name: 'window:{long}', window: 'x'.repeat(500) }, { name: 'window:{bad}', window: 7 }],
    current: 'window:{0b1c}',
  });
  assert.equal(read.outputs[1].window, 'wev');
  assert.equal(read.outputs[2].window.length, MAX_WINDOW_TITLE_LENGTH);
  assert.equal('window' in read.outputs[3], false);
  assert.equal(read.current, 'window:{0b1c}');
});

test('outputLabel names a window by its title', () => {
  assert.equal(outputLabel(windowEntry), 'Window: wev (640×480)');
  assert.equal(outputLabel({ ...windowEntry, window: '', w: 0 }), 'Window: (untitled)');
});

test('outputChoices offers All only for two outputs, not for an output and windows', () => {
  const output = { name: 'Virtual-0', x: 0, y: 0, w: 1280, h: 720, scale: 1 };
  assert.deepEqual(outputChoices([output, windowEntry]).map(c => c.name), ['Virtual-0', 'window:{0b1c}']);
  assert.deepEqual(outputChoices([output, { ...output, name: 'Virtual-1' }, windowEntry]).map(c => c.name), ['Virtual-0', 'Virtual-1', 'window:{0b1c}', ALL_OUTPUTS]);
});
