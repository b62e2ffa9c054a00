// The cursor messages of the "input" data channel (docs/input-protocol.md, "Cursor"): `ci` defines a cursor image,
// `cp` says which image is shown where. Checking them, the viewer's image cache, and where the cursor is drawn.
// No DOM here, so the unit tests run it under node.

/** The largest image side the server sends (it halves larger ones), and the longest base64 PNG (64 KiB messages). */
export const MAX_IMAGE_SIDE = 512;
export const MAX_PNG_BASE64 = 64 * 1024;

/** The largest captured frame side a position may be given in. */
export const MAX_CAPTURE_SIDE = 65536;

/** Images the viewer keeps: twice what the server assumes it keeps (32), so every image it uses is here. */
export const IMAGE_CACHE_CAPACITY = 64;

/** Chromium ignores CSS cursor images larger than this; larger ones are drawn as an overlay. */
export const MAX_CSS_CURSOR_SIDE = 128;

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;
const isWhole = (value, min, max) => Number.isSafeInteger(value) && value >= min && value <= max;

/**
 * A parsed channel message (an object with a string `t`) as a checked cursor message, or null when it is not one
 * or any field is missing, of the wrong type or out of range.
 */
export function readCursorMessage(message) {
  if (message === null || typeof message !== 'object') return null;
  if (message.t === 'ci') {
    const { id, w, h, hx, hy, s, png } = message;
    if (!isWhole(id, 1, Number.MAX_SAFE_INTEGER) || !isWhole(w, 1, MAX_IMAGE_SIDE) || !isWhole(h, 1, MAX_IMAGE_SIDE)) return null;
    if (!isWhole(hx, -MAX_IMAGE_SIDE, MAX_IMAGE_SIDE) || !isWhole(hy, -MAX_IMAGE_SIDE, MAX_IMAGE_SIDE) || !isWhole(s, 1, 64)) return null;
    if (typeof png !== 'string' || png.length === 0 || png.length > MAX_PNG_BASE64 || !BASE64.test(png)) return null;
    return { t: 'ci', id, w, h, hx, hy, s, url: 'data:image/png;base64,' + png };
  }
  if (message.t === 'cp') {
    const { id, x, y, w, h } = message;
    if (!isWhole(id, 0, Number.MAX_SAFE_INTEGER) || !isWhole(x, -1e6, 1e6) || !isWhole(y, -1e6, 1e6)) return null;
    // the captured size the position is in (a server before it sent none: the position is in the video's pixels)
    if (w === undefined && h === undefined) return { t: 'cp', id, x, y, w: 0, h: 0 };
    if (!isWhole(w, 1, MAX_CAPTURE_SIDE) || !isWhole(h, 1, MAX_CAPTURE_SIDE)) return null;
    return { t: 'cp', id, x, y, w, h };
  }
  return null;
}

/** The images received, least recently used evicted first past `capacity`; `ci` and `cp` both count as a use. */
export class CursorImages {
  #images = new Map();

  constructor(capacity = IMAGE_CACHE_CAPACITY) {
    this.capacity = capacity;
  }

  get size() {
    return this.#images.size;
  }

  define(image) {
    this.#images.delete(image.id);
    this.#images.set(image.id, image);
    while (this.#images.size > this.capacity) this.#images.delete(this.#images.keys().next().value);
  }

  /** The image with `id`, marked as used; null when unknown (never sent, or id 0: no cursor). */
  use(id) {
    const image = this.#images.get(id);
    if (!image) return null;
    this.#images.delete(id);
    this.#images.set(id, image);
    return image;
  }
}

/** The CSS `cursor` value that shows `image` at the pointer, or null when the browser would not take it. */
export function cssCursor(image) {
  if (!image || image.s !== 1 || image.w > MAX_CSS_CURSOR_SIDE || image.h > MAX_CSS_CURSOR_SIDE) return null;
  const hx = Math.min(Math.max(image.hx, 0), image.w - 1);
  const hy = Math.min(Math.max(image.hy, 0), image.h - 1);
  return `url("${image.url}") ${hx} ${hy}, default`;
}

/**
 * Where an overlay draws `image` with its hotspot at client point (clientX, clientY), `scale` client pixels per
 * capture pixel (the picture's scale for a cursor placed by the server, 1 for one that follows the local pointer).
 */
export function overlayBox(image, clientX, clientY, scale) {
  const size = image.s * scale;
  return { left: clientX - image.hx * size, top: clientY - image.hy * size, width: image.w * size, height: image.h * size };
}

/**
 * Where the cursor at capture pixel (x, y) is drawn: the client point and the scale in client pixels per capture
 * pixel, or null without a picture (see picture-geometry.js). `capture` is the captured frame's size the server
 * sent with the position: the stream may be scaled down from it (the degradation policy, an encoder tier), so the
 * position is a fraction of that size; without one (0 × 0) the position is taken in the video's pixels.
 */
export function clientPlacement(x, y, picture, capture) {
  if (!picture) return null;
  if (!capture || !capture.w || !capture.h) {
    return { x: picture.left + x * picture.scale, y: picture.top + y * picture.scale, scale: picture.scale };
  }
  const sx = picture.width / capture.w;
  const sy = picture.height / capture.h;
  return { x: picture.left + x * sx, y: picture.top + y * sy, scale: Math.min(sx, sy) };
}
