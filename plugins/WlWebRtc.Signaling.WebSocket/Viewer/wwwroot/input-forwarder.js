// Turns the viewer's input events into channel messages and remembers what is held down, so a key or button is
// released on the remote side exactly when it was pressed there (and all at once when the viewer loses focus).
// No DOM here: `send(message)` returns whether the message went out (the channel is open and the viewer may
// control), and only what went out counts as pressed.
import { key, pointerButton, pointerMove, pointerRelative, releaseAll, wheel } from './input-messages.js';

export class InputForwarder {
  #send;
  #keys = new Set();
  #buttons = new Set();

  constructor(send) {
    this.#send = send;
  }

  /** Whether any key or button sent as pressed is not released yet. */
  get anyPressed() {
    return this.#keys.size > 0 || this.#buttons.size > 0;
  }

  /**
   * A key went down, with the key value it produced (`value`, see keyboard-text.js; undefined sends none).
   * Auto-repeats are dropped: the compositor repeats keys itself.
   */
  keyDown(code, repeat, value) {
    if (repeat) return;
    if (this.#send(key(code, true, value))) this.#keys.add(code);
  }

  /** A key went up; returns whether it was pressed remotely (and so its release was sent). */
  keyUp(code, value) {
    if (!this.#keys.delete(code)) return false;
    this.#send(key(code, false, value));
    return true;
  }

  /** Pointer at a normalised position of the picture ({ x, y } in 0..1). */
  moveTo(at) {
    return this.#send(pointerMove(at.x, at.y));
  }

  /** Relative motion in video pixels; nothing is sent for no motion. */
  moveBy(dx, dy) {
    return dx || dy ? this.#send(pointerRelative(dx, dy)) : false;
  }

  buttonDown(button) {
    if (this.#send(pointerButton(button, true))) this.#buttons.add(button);
  }

  buttonUp(button) {
    if (this.#buttons.delete(button)) this.#send(pointerButton(button, false));
  }

  /** Returns whether the wheel was sent (then the page must not scroll). */
  wheel(dx, dy, mode) {
    return this.#send(wheel(dx, dy, mode));
  }

  /** Releases everything held down, with one message when there is anything. */
  releaseAll() {
    if (this.anyPressed) this.#send(releaseAll());
    this.#keys.clear();
    this.#buttons.clear();
  }
}
