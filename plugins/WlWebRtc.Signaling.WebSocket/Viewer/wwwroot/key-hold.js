// Recognises a key held down on its own for a while (the viewer's "hold Esc to release the keyboard"). A tap, a
// chord (another key pressed meanwhile) or losing focus does not count, so Esc still reaches the remote desktop
// as usual. No DOM here: the timer functions are passed in, so the unit tests drive the clock.

/** The key that releases the keyboard when held, and for how long. */
export const RELEASE_KEY = 'Escape';
export const RELEASE_HOLD_MS = 1000;

/**
 * `onHold()` runs once when `code` has been down for `holdMs` without another key. Feed it every key event with
 * `down(code)` / `up(code)`; `cancel()` forgets a hold in progress (e.g. on blur).
 */
export function createKeyHold({ code = RELEASE_KEY, holdMs = RELEASE_HOLD_MS, onHold, setTimer = setTimeout, clearTimer = clearTimeout }) {
  let timer = null;

  const cancel = () => {
    if (timer !== null) clearTimer(timer);
    timer = null;
  };

  return {
    down(eventCode) {
      if (eventCode !== code) {
        cancel();
        return;
      }
      // Auto-repeated keydowns of the held key keep the first deadline.
      if (timer !== null) return;
      timer = setTimer(() => {
        timer = null;
        onHold();
      }, holdMs);
    },
    up(eventCode) {
      if (eventCode === code) cancel();
    },
    cancel,
    get holding() {
      return timer !== null;
    },
  };
}
