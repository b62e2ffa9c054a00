import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  captureTime, createPatternState, decodeBarcode, PROBE_BLOCKS, PROBE_WIDTH, recordMiss, recordRead, recordSkipped, shouldLook,
} from '../wwwroot/barcode.js';

// One row through the blocks' middles as the test pattern draws it: 7 bytes, MSB first, 16 pixels a bit.
function row(bytes, step, bright = 235, dark = 16) {
  const values = new Uint8Array(PROBE_WIDTH * step);
  for (let i = 0; i < PROBE_BLOCKS; i++) {
    const level = bytes[i >> 3] & (0x80 >> (i & 7)) ? bright : dark;
    for (let x = 16 * i; x < 16 * i + 16; x++) {
      for (let c = 0; c < Math.min(step, 3); c++) values[x * step + c] = level;
      if (step === 4) values[x * step + 3] = 255;
    }
  }
  return values;
}

function barcode(low32, counter) {
  const bytes = [low32 >>> 24, (low32 >>> 16) & 0xFF, (low32 >>> 8) & 0xFF, low32 & 0xFF, counter >> 8, counter & 0xFF];
  return [...bytes, (0xA5 + bytes.reduce((a, b) => a + b, 0)) & 0xFF];
}

test('decodeBarcode reads a luma row', () => {
  assert.deepEqual(decodeBarcode(row(barcode(0xDEADBEEF, 0x1234), 1), 1), { low32: 0xDEADBEEF, counter: 0x1234 });
});

test('decodeBarcode reads an RGBA row', () => {
  assert.deepEqual(decodeBarcode(row(barcode(123456789, 65535), 4), 4), { low32: 123456789, counter: 65535 });
});

test('decodeBarcode rejects a wrong checksum', () => {
  const bytes = barcode(42, 7);
  bytes[6] ^= 1;
  assert.equal(decodeBarcode(row(bytes, 1), 1), null);
});

test('decodeBarcode rejects a frame without a barcode', () => {
  // All dark decodes to zeros, whose checksum would be 0xA5.
  assert.equal(decodeBarcode(new Uint8Array(PROBE_WIDTH), 1), null);
});

test('captureTime picks the wrap of the low 32 bits nearest to now', () => {
  const now = 1_764_000_000_000; // Nov 2025, in Unix ms
  const captured = now - 40;
  assert.equal(captureTime(captured % 4294967296, now), captured);
  // Across a 2^32 boundary in either direction.
  const boundary = Math.ceil(now / 4294967296) * 4294967296;
  assert.equal(captureTime((boundary - 10) % 4294967296, boundary + 5), boundary - 10);
  assert.equal(captureTime((boundary + 3) % 4294967296, boundary - 2), boundary + 3);
});

test('the pattern counts as detected after three reads', () => {
  const p = createPatternState();
  recordRead(p, 1, 20);
  recordRead(p, 2, 21);
  assert.equal(p.detected, false);
  recordRead(p, 3, 22);
  assert.equal(p.detected, true);
  assert.equal(p.lastCounter, 3);
  assert.deepEqual(p.samples, [20, 21, 22]);
});

test('insane latencies are not sampled', () => {
  const p = createPatternState();
  recordRead(p, 1, -51);
  recordRead(p, 2, 10000);
  recordRead(p, 3, -49);
  assert.deepEqual(p.samples, [-49]);
});

test('samples keep the last 600', () => {
  const p = createPatternState();
  for (let i = 0; i < 700; i++) recordRead(p, i, i);
  assert.equal(p.samples.length, 600);
  assert.equal(p.samples[0], 100);
});

test('more than 90 misses in a row undetect the pattern', () => {
  const p = createPatternState();
  for (let i = 0; i < 3; i++) recordRead(p, i, 10);
  for (let i = 0; i < 90; i++) recordMiss(p);
  assert.equal(p.detected, true);
  recordMiss(p);
  assert.equal(p.detected, false);
});

test('after 60 misses the probe looks only every 30th frame', () => {
  const p = createPatternState();
  assert.equal(shouldLook(p), true);
  for (let i = 0; i < 60; i++) recordSkipped(p);
  assert.equal(shouldLook(p), true, '60 is a multiple of 30');
  recordSkipped(p);
  assert.equal(shouldLook(p), false);
  for (let i = 0; i < 29; i++) recordSkipped(p);
  assert.equal(shouldLook(p), true);
});

test('a detected pattern is always looked at', () => {
  const p = createPatternState();
  for (let i = 0; i < 3; i++) recordRead(p, i, 10);
  p.misses = 61;
  assert.equal(shouldLook(p), true);
});
