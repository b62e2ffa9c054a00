import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  allowsToBrowser, allowsToDesktop, base64ToBytes, bytesToBase64, ItemAssembler, itemMessages, parseClipboardMessage, PNG,
  signature, TEXT,
} from '../wwwroot/clipboard-messages.js';

const bytes = n => Uint8Array.from({ length: n }, (_, i) => (i * 7 + 3) & 0xff);

test('itemMessages sends a begin then chunks of at most chunkBytes that decode to the item', () => {
  const item = bytes(10);
  const messages = itemMessages(5, PNG, item, 4);
  assert.deepEqual(messages[0], { t: 'begin', id: 5, mime: PNG, size: 10 });
  assert.equal(messages.length, 4);
  const decoded = messages.slice(1).map(m => base64ToBytes(m.d));
  assert.deepEqual(decoded.map(d => d.length), [4, 4, 2]);
  assert.deepEqual(Uint8Array.from(decoded.flatMap(d => [...d])), item);
});

test('itemMessages of an empty item is only the begin', () => {
  assert.deepEqual(itemMessages(1, TEXT, new Uint8Array(0)), [{ t: 'begin', id: 1, mime: TEXT, size: 0 }]);
});

test('bytesToBase64 round-trips every byte value, also past the batching size', () => {
  const all = bytes(20000);
  assert.deepEqual(base64ToBytes(bytesToBase64(all)), all);
});

test('ItemAssembler puts an item together from its messages', () => {
  const item = bytes(100);
  const assembler = new ItemAssembler(1000);
  const results = itemMessages(9, TEXT, item, 30).map(m => assembler.accept(JSON.parse(JSON.stringify(m))));
  assert.deepEqual(results.slice(0, -1), [null, null, null, null]);
  assert.deepEqual(results.at(-1), { id: 9, mime: TEXT, bytes: item });
});

test('ItemAssembler completes an empty item at its begin', () => {
  assert.deepEqual(new ItemAssembler(10).accept({ t: 'begin', id: 2, mime: TEXT, size: 0 }), { id: 2, mime: TEXT, bytes: new Uint8Array(0) });
});

test('ItemAssembler refuses an item over the limit, of an unknown type, or past its size', () => {
  const big = new ItemAssembler(10);
  assert.equal(big.accept({ t: 'begin', id: 1, mime: TEXT, size: 11 }), null);
  assert.equal(big.accept({ t: 'chunk', id: 1, d: bytesToBase64(bytes(11)) }), null);

  const odd = new ItemAssembler(10);
  assert.equal(odd.accept({ t: 'begin', id: 1, mime: 'text/html', size: 1 }), null);
  assert.equal(odd.accept({ t: 'chunk', id: 1, d: bytesToBase64(bytes(1)) }), null);

  const over = new ItemAssembler(10);
  over.accept({ t: 'begin', id: 1, mime: TEXT, size: 2 });
  assert.equal(over.accept({ t: 'chunk', id: 1, d: bytesToBase64(bytes(3)) }), null);
  assert.equal(over.accept({ t: 'chunk', id: 1, d: bytesToBase64(bytes(2)) }), null, 'the item was dropped');
});

test('ItemAssembler drops an item when a chunk of another id or bad base64 arrives', () => {
  const a = new ItemAssembler(10);
  a.accept({ t: 'begin', id: 1, mime: TEXT, size: 2 });
  assert.equal(a.accept({ t: 'chunk', id: 2, d: bytesToBase64(bytes(2)) }), null);
  assert.equal(a.accept({ t: 'chunk', id: 1, d: bytesToBase64(bytes(2)) }), null);

  const b = new ItemAssembler(10);
  b.accept({ t: 'begin', id: 1, mime: TEXT, size: 2 });
  assert.equal(b.accept({ t: 'chunk', id: 1, d: '%%%' }), null);
});

test('a limit of zero (view only, or not to the browser) accepts nothing but empty items', () => {
  const a = new ItemAssembler(0);
  assert.equal(a.accept({ t: 'begin', id: 1, mime: TEXT, size: 1 }), null);
  assert.equal(a.accept({ t: 'chunk', id: 1, d: bytesToBase64(bytes(1)) }), null);
});

test('parseClipboardMessage accepts objects with a type and nothing else', () => {
  assert.deepEqual(parseClipboardMessage('{"t":"config","direction":"both","max":5}'), { t: 'config', direction: 'both', max: 5 });
  assert.equal(parseClipboardMessage('{"x":1}'), null);
  assert.equal(parseClipboardMessage('nope'), null);
  assert.equal(parseClipboardMessage(new ArrayBuffer(2)), null);
  assert.equal(parseClipboardMessage('null'), null);
});

test('directions say which way content goes', () => {
  assert.deepEqual(['both', 'to_browser', 'to_desktop', 'off'].map(allowsToBrowser), [true, true, false, false]);
  assert.deepEqual(['both', 'to_browser', 'to_desktop', 'off'].map(allowsToDesktop), [true, false, true, false]);
});

test('signature tells different content apart and equal content alike', () => {
  assert.equal(signature(TEXT, bytes(5)), signature(TEXT, bytes(5)));
  assert.notEqual(signature(TEXT, bytes(5)), signature(PNG, bytes(5)));
  assert.notEqual(signature(TEXT, Uint8Array.of(1, 2)), signature(TEXT, Uint8Array.of(2, 1)));
});
