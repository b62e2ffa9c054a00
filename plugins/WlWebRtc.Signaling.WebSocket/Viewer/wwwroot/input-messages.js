// The messages of the "input" data channel (docs/input-protocol.md): what the viewer sends, and reading what the
// server sends. No DOM here, so the unit tests run it under node.

/** Pointer moved to (x, y), normalised to the video frame (0..1, letterboxing removed). */
export const pointerMove = (x, y) => ({ t: 'pm', x, y });

/** Relative pointer motion in pixels of the video frame (pointer lock). */
export const pointerRelative = (dx, dy) => ({ t: 'pr', dx, dy });

/** Button `button` (DOM MouseEvent.button) pressed or released. */
export const pointerButton = (button, down) => ({ t: 'pb', b: button, d: down });

/** Wheel deltas with the DOM WheelEvent.deltaMode (0 pixels, 1 lines, 2 pages). */
export const wheel = (dx, dy, mode) => ({ t: 'pw', dx, dy, m: mode });

/**
 * Key `code` (DOM KeyboardEvent.code, a physical position) pressed or released; `value` (optional) is what the key
 * produced (DOM KeyboardEvent.key), so that the server can type it whatever its keymap.
 */
export const key = (code, down, value) => (value === undefined ? { t: 'k', c: code, d: down } : { t: 'k', c: code, d: down, k: value });

/** Release every pressed key and button. */
export const releaseAll = () => ({ t: 'ra' });

/** The answer to a `ping`: the same id and timestamp. */
export const pong = ping => ({ t: 'pong', id: ping.id, ts: ping.ts });

/**
 * A server message on the channel as an object with a string `t`, or null for binary data, bad JSON or anything
 * else (which the viewer ignores).
 */
export function parseChannelMessage(data) {
  if (typeof data !== 'string') return null;
  let message;
  try {
    message = JSON.parse(data);
  } catch {
    return null;
  }

  return message !== null && typeof message === 'object' && typeof message.t === 'string' ? message : null;
}
