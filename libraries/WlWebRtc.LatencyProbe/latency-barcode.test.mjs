// node --test libraries/WlWebRtc.LatencyProbe/: the JS reader against payloads built the way LatencyBarcode.Encode
// builds them (the C# tests pin the same vectors: 0x01020304, 0x0506 has the checksum 0xBA).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BIT_COUNT, BLOCK_SIZE, WIDTH, bitsFromRow, decodeBits, readRow, rebuildUnixMs } from './latency-barcode.js';

const bitsOf = bytes => Array.from({ length: BIT_COUNT }, (_, i) => (bytes[i >> 3] >> (7 - (i & 7))) & 1);
const known = [0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0xba];

test('decodeBits_KnownPayload_ReadsTimeAndCounter', () => {
  assert.deepEqual(decodeBits(bitsOf(known)), { low32: 0x01020304, counter: 0x0506 });
});

test('decodeBits_HighTimeBit_ReadsUnsigned', () => {
  const bytes = [0xde, 0xad, 0xbe, 0xef, 0xbe, 0xef];
  bytes.push((0xa5 + bytes.reduce((a, b) => a + b, 0)) & 0xff);
  assert.deepEqual(decodeBits(bitsOf(bytes)), { low32: 0xdeadbeef, counter: 0xbeef });
});

test('decodeBits_AnySingleBitFlip_Rejected', () => {
  for (let i = 0; i < BIT_COUNT; i++) {
    const bits = bitsOf(known);
    bits[i] ^= 1;
    assert.equal(decodeBits(bits), null, `bit ${i}`);
  }
});

test('decodeBits_AllBlack_Rejected', () => {
  assert.equal(decodeBits(new Array(BIT_COUNT).fill(0)), null);
});

test('readRow_LumaAndRgbaRows_ReadTheSameBarcode', () => {
  const bits = bitsOf(known);
  const luma = new Uint8Array(WIDTH);
  const rgba = new Uint8Array(WIDTH * 4);
  for (let x = 0; x < WIDTH; x++) {
    const level = bits[Math.floor(x / BLOCK_SIZE)] ? 235 : 16;
    luma[x] = level;
    rgba.set([level, level, level, 255], x * 4);
  }
  assert.deepEqual(bitsFromRow(luma, 1), Uint8Array.from(bits));
  assert.deepEqual(readRow(luma, 1), { low32: 0x01020304, counter: 0x0506 });
  assert.deepEqual(readRow(rgba, 4), { low32: 0x01020304, counter: 0x0506 });
});

test('rebuildUnixMs_NearAWrap_PicksTheNearestCandidate', () => {
  const wrap = 4294967296;
  const now = 5 * wrap + 10;
  assert.equal(rebuildUnixMs(5, now), 5 * wrap + 5);
  assert.equal(rebuildUnixMs(0xfffffff0, now), 4 * wrap + 0xfffffff0);
  assert.equal(rebuildUnixMs(1_700_000_000_123 % wrap, 1_700_000_000_140), 1_700_000_000_123);
});
