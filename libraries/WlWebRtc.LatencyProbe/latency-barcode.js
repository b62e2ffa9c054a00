// The test pattern's latency barcode, read in a browser. Its one C# definition is LatencyBarcode.cs beside this file:
// 56 blocks of 16x16 pixels across the top of the frame, white for 1 and black for 0, most significant bit first,
// carrying the capture time in Unix milliseconds (low 32 bits, big-endian), a 16-bit frame counter, and a checksum
// (0xA5 plus the six bytes before it, modulo 256).

export const BLOCK_SIZE = 16;
export const BIT_COUNT = 56;
/** The barcode's width: the narrowest frame that carries it. */
export const WIDTH = BLOCK_SIZE * BIT_COUNT;
/** The row the reader samples: the middle of the blocks. */
export const SAMPLE_ROW = BLOCK_SIZE / 2;
const CHECKSUM_SEED = 0xa5;

/**
 * The 56 bits from the barcode's middle row. `values` holds a pixel every `step` entries: 1 for a luma plane, 4 for
 * RGBA (the brightness is the mean of R, G and B). A block is 1 when the centre pixel is brighter than mid grey.
 */
export function bitsFromRow(values, step) {
  const bits = new Uint8Array(BIT_COUNT);
  for (let i = 0; i < BIT_COUNT; i++) {
    const o = (BLOCK_SIZE * i + BLOCK_SIZE / 2) * step;
    const level = step === 1 ? values[o] : (values[o] + values[o + 1] + values[o + 2]) / 3;
    bits[i] = level > 128 ? 1 : 0;
  }
  return bits;
}

/** Decodes 56 bits into { low32, counter }, or null when the checksum does not match. */
export function decodeBits(bits) {
  if (bits.length !== BIT_COUNT) return null;
  const bytes = new Uint8Array(7);
  for (let i = 0; i < BIT_COUNT; i++) if (bits[i]) bytes[i >> 3] |= 0x80 >> (i & 7);
  let sum = CHECKSUM_SEED;
  for (let i = 0; i < 6; i++) sum += bytes[i];
  if ((sum & 0xff) !== bytes[6]) return null;
  return {
    low32: ((bytes[0] << 24) | (bytes[1] << 16) | (bytes[2] << 8) | bytes[3]) >>> 0,
    counter: (bytes[4] << 8) | bytes[5],
  };
}

/** Reads the barcode from its middle row (see bitsFromRow); null when it does not read. */
export function readRow(values, step) {
  return decodeBits(bitsFromRow(values, step));
}

/** The full Unix-millisecond time whose low 32 bits are `low32` nearest to the reader's own clock `nowMs`. */
export function rebuildUnixMs(low32, nowMs) {
  const wrap = 4294967296;
  const base = nowMs - (nowMs % wrap);
  return [base - wrap, base, base + wrap].map(x => x + low32).reduce((a, c) => (Math.abs(a - nowMs) <= Math.abs(c - nowMs) ? a : c));
}
