// The test pattern's latency barcode (see the capture plugin): 56 blocks of 16x16 pixels across the top-left of the
// frame, bright for 1, carrying 7 bytes: the low 32 bits of the capture time (Unix ms, big-endian), a 16-bit frame
// counter, and a checksum (0xA5 plus the six bytes, mod 256). Also the bookkeeping of whether the source is the
// test pattern at all. No DOM here, so the unit tests run it under node.

export const PROBE_BLOCKS = 56;
export const BLOCK_SIZE = 16;
export const PROBE_WIDTH = PROBE_BLOCKS * BLOCK_SIZE; // 896
export const PROBE_HEIGHT = BLOCK_SIZE;
/** The row the blocks are sampled on: their middle, away from the blurred edges. */
export const PROBE_ROW = BLOCK_SIZE / 2;

const TWO_TO_32 = 4294967296;
const MAX_SAMPLES = 600;

/**
 * Decodes one row through the blocks' middles: `values` holds luma bytes (`step` 1) or RGBA bytes (`step` 4) for
 * at least PROBE_WIDTH pixels. Returns { low32, counter }, or null when the checksum does not match.
 */
export function decodeBarcode(values, step) {
  const bytes = new Uint8Array(7);
  for (let i = 0; i < PROBE_BLOCKS; i++) {
    const o = (BLOCK_SIZE * i + BLOCK_SIZE / 2) * step;
    const level = step === 1 ? values[o] : (values[o] + values[o + 1] + values[o + 2]) / 3;
    if (level > 128) bytes[i >> 3] |= 0x80 >> (i & 7);
  }
  let sum = 0xA5;
  for (let i = 0; i < 6; i++) sum += bytes[i];
  if ((sum & 0xFF) !== bytes[6]) return null;
  const low32 = ((bytes[0] << 24) | (bytes[1] << 16) | (bytes[2] << 8) | bytes[3]) >>> 0;
  return { low32, counter: (bytes[4] << 8) | bytes[5] };
}

/** The full capture time (Unix ms) from its low 32 bits: the nearest of low32 + k * 2^32 to `now` (our clock). */
export function captureTime(low32, now) {
  const base = now - (now % TWO_TO_32);
  return [base - TWO_TO_32, base, base + TWO_TO_32].map(b => b + low32).reduce((a, b) => (Math.abs(a - now) <= Math.abs(b - now) ? a : b));
}

/** A fresh record of barcode sightings (state.pattern). */
export function createPatternState() {
  return { detected: false, misses: 0, frames: 0, lastCounter: null, samples: [] };
}

/** Whether to read this frame: always while the pattern is seen; after many misses, only now and then. */
export function shouldLook(pattern) {
  return pattern.detected || pattern.misses < 60 || pattern.misses % 30 === 0;
}

/** A barcode was read: the source counts as the pattern after three; a sane latency (ms) becomes a sample. */
export function recordRead(pattern, counter, latency) {
  pattern.misses = 0;
  pattern.frames++;
  pattern.detected = pattern.frames >= 3;
  pattern.lastCounter = counter;
  if (latency > -50 && latency < 10000) {
    pattern.samples.push(latency);
    if (pattern.samples.length > MAX_SAMPLES) pattern.samples.splice(0, pattern.samples.length - MAX_SAMPLES);
  }
}

/** A frame had no barcode; after 90 such frames in a row the source is no longer taken for the pattern. */
export function recordMiss(pattern) {
  pattern.misses++;
  if (pattern.misses > 90) pattern.detected = false;
}

/** A frame too small to hold the barcode was skipped. */
export function recordSkipped(pattern) {
  pattern.misses++;
}
