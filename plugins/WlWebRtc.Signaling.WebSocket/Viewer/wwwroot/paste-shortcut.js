// The paste shortcut: when the controlling viewer presses Ctrl+V (Cmd+V on a Mac; also Ctrl+Shift+V, which terminals
// use, and Shift+Insert), the browser's clipboard is read and sent to the desktop first, and the key goes out only
// once the server said the item is the desktop's selection (its "set" answer comes after the compositor applied it),
// so the remote application pastes the new content. The clipboard and input channels are separate, so the order is
// kept here: key events behind a held key wait in a queue. No DOM here, so the unit tests run it under node.

/** How long a key waits for the clipboard before it goes out anyway (a permission prompt, a slow link). */
export const PASTE_WAIT_MS = 3000;

/** Whether the platform's paste shortcut uses Cmd (Meta) rather than Ctrl. */
export const usesCommandKey = platform => typeof platform === 'string' && /mac|iphone|ipad/i.test(platform);

/**
 * Whether a keydown (`{ code, key, ctrlKey, metaKey, altKey, shiftKey }`) is a paste shortcut: V with Ctrl (Cmd on
 * a Mac), with or without Shift, without Alt (Ctrl+Alt is AltGr on some systems); or Shift+Insert.
 */
export function isPasteShortcut(event, commandKey = false) {
  if (!event || event.altKey) return false;
  if (event.code === 'Insert') return !!event.shiftKey && !event.ctrlKey && !event.metaKey;
  const v = event.code === 'KeyV' || (typeof event.key === 'string' && event.key.toLowerCase() === 'v');
  if (!v) return false;
  return commandKey ? !!event.metaKey && !event.ctrlKey : !!event.ctrlKey && !event.metaKey;
}

/** A promise that settles when `promise` does or after `ms`, whichever is first (never rejects). */
export function settledWithin(promise, ms, setTimer = setTimeout, clearTimer = clearTimeout) {
  return new Promise(resolve => {
    const timer = setTimer(() => resolve(false), ms);
    Promise.resolve(promise).then(
      value => { clearTimer(timer); resolve(value); },
      () => { clearTimer(timer); resolve(false); });
  });
}

/**
 * Keeps key events in order while one waits: `run(action)` runs at once when nothing waits, else after what is
 * queued; `after(promise, action)` queues `action` behind what is queued and `promise`.
 */
export class KeyQueue {
  #tail = null;
  #queued = 0;

  /** Whether anything waits. */
  get waiting() {
    return this.#queued > 0;
  }

  run(action) {
    if (this.#queued === 0) action();
    else this.after(null, action);
  }

  after(promise, action) {
    this.#queued++;
    const previous = this.#tail || Promise.resolve();
    this.#tail = previous
      .then(() => promise)
      .catch(() => {})
      .then(action)
      .catch(error => console.warn('wlwebrtc key:', error))
      .finally(() => {
        if (--this.#queued === 0) this.#tail = null;
      });
    return this.#tail;
  }
}
