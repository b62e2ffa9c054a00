import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isPasteShortcut, KeyQueue, settledWithin, usesCommandKey } from '../wwwroot/paste-shortcut.js';

const key = (code, key, modifiers = {}) => ({ code, key, ctrlKey: false, metaKey: false, altKey: false, shiftKey: false, ...modifiers });

test('isPasteShortcut takes Ctrl+V and Ctrl+Shift+V off a Mac, Cmd+V on one, and Shift+Insert on both', () => {
  assert.equal(isPasteShortcut(key('KeyV', 'v', { ctrlKey: true })), true);
  assert.equal(isPasteShortcut(key('KeyV', 'V', { ctrlKey: true, shiftKey: true })), true);
  assert.equal(isPasteShortcut(key('Insert', 'Insert', { shiftKey: true })), true);
  assert.equal(isPasteShortcut(key('KeyV', 'v', { metaKey: true }), true), true);
  assert.equal(isPasteShortcut(key('Insert', 'Insert', { shiftKey: true }), true), true);
});

test('isPasteShortcut leaves other keys alone: plain V, Alt combinations (AltGr), the other platform\'s modifier', () => {
  assert.equal(isPasteShortcut(key('KeyV', 'v')), false);
  assert.equal(isPasteShortcut(key('KeyV', 'v', { ctrlKey: true, altKey: true })), false);
  assert.equal(isPasteShortcut(key('KeyV', 'v', { metaKey: true })), false);
  assert.equal(isPasteShortcut(key('KeyV', 'v', { ctrlKey: true }), true), false);
  assert.equal(isPasteShortcut(key('KeyC', 'c', { ctrlKey: true })), false);
  assert.equal(isPasteShortcut(key('Insert', 'Insert')), false);
  assert.equal(isPasteShortcut(null), false);
});

test('isPasteShortcut follows the produced key on other layouts (Dvorak V is on KeyK)', () => {
  assert.equal(isPasteShortcut(key('KeyK', 'v', { ctrlKey: true })), true);
});

test('usesCommandKey is true for Apple platforms only', () => {
  assert.equal(usesCommandKey('MacIntel'), true);
  assert.equal(usesCommandKey('macOS'), true);
  assert.equal(usesCommandKey('Linux x86_64'), false);
  assert.equal(usesCommandKey(undefined), false);
});

test('KeyQueue runs at once while nothing waits', () => {
  const queue = new KeyQueue();
  const log = [];
  queue.run(() => log.push('a'));
  assert.deepEqual(log, ['a']);
  assert.equal(queue.waiting, false);
});

test('KeyQueue keeps later keys behind a key that waits, in order, and runs at once again afterwards', async () => {
  const queue = new KeyQueue();
  const log = [];
  let release;
  const clipboard = new Promise(resolve => { release = resolve; });
  queue.run(() => log.push('ctrl down'));
  const done = queue.after(clipboard, () => log.push('v down'));
  queue.run(() => log.push('v up'));
  const last = queue.after(null, () => log.push('ctrl up'));
  await Promise.resolve();
  assert.deepEqual(log, ['ctrl down']);
  assert.equal(queue.waiting, true);
  release(true);
  await done;
  await last;
  assert.deepEqual(log, ['ctrl down', 'v down', 'v up', 'ctrl up']);
  assert.equal(queue.waiting, false);
  queue.run(() => log.push('x'));
  assert.equal(log.at(-1), 'x');
});

test('KeyQueue still sends the key when the wait fails', async () => {
  const queue = new KeyQueue();
  const log = [];
  await queue.after(Promise.reject(new Error('no permission')), () => log.push('v down'));
  assert.deepEqual(log, ['v down']);
});

test('settledWithin resolves with the value, or false when it rejects or the time is up', async () => {
  assert.equal(await settledWithin(Promise.resolve(7), 1000), 7);
  assert.equal(await settledWithin(Promise.reject(new Error('x')), 1000), false);
  let fire;
  const never = new Promise(() => {});
  const pending = settledWithin(never, 5, callback => { fire = callback; return 1; }, () => {});
  fire();
  assert.equal(await pending, false);
});
