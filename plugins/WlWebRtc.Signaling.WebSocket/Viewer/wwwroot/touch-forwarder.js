// Touch on the page as touch on the remote session (docs/input-protocol.md: td, tm, tu) when the server says its input
// plugin has a touchscreen (the role message's `touch`); otherwise the page's touches stay mouse emulation. Each
// pointer id of type touch gets the lowest free slot (0..9); an eleventh finger is ignored. No DOM here, so the unit
// tests run it under node: `send(message)` returns whether the message went out.

/** The slots the server accepts (InputMessageParser.MaxTouchSlots). */
export const maxTouchSlots = 10;

/** A finger in slot `id` touches down at (x, y), normalised to the picture (0..1). */
export const touchDown = (id, x, y) => ({ t: 'td', id, x, y });

/** The finger in slot `id` moves to (x, y). */
export const touchMotion = (id, x, y) => ({ t: 'tm', id, x, y });

/** The finger in slot `id` leaves. */
export const touchUp = id => ({ t: 'tu', id });

const clamp = value => Math.min(1, Math.max(0, value));

export class TouchForwarder {
  #send;
  #slots = new Map(); // pointer id -> slot

  constructor(send) {
    this.#send = send;
  }

  /** How many fingers are down remotely. */
  get fingers() {
    return this.#slots.size;
  }

  /** Whether this pointer id is a finger sent as down. */
  has(pointerId) {
    return this.#slots.has(pointerId);
  }

  /** A finger touched at `at` ({ x, y } in 0..1; null outside the picture: ignored); returns whether it went out. */
  down(pointerId, at) {
    if (!at || this.#slots.has(pointerId)) return false;
    const used = new Set(this.#slots.values());
    let slot = 0;
    while (slot < maxTouchSlots && used.has(slot)) slot++;
    if (slot === maxTouchSlots) return false;
    if (!this.#send(touchDown(slot, clamp(at.x), clamp(at.y)))) return false;
    this.#slots.set(pointerId, slot);
    return true;
  }

  /** A finger moved; a point off the picture is held at its edge (the finger is still down). */
  move(pointerId, at) {
    const slot = this.#slots.get(pointerId);
    if (slot === undefined || !at) return false;
    return this.#send(touchMotion(slot, clamp(at.x), clamp(at.y)));
  }

  /** A finger left (or the browser cancelled it). */
  up(pointerId) {
    const slot = this.#slots.get(pointerId);
    if (slot === undefined) return false;
    this.#slots.delete(pointerId);
    this.#send(touchUp(slot));
    return true;
  }

  /** Lifts every finger (the page lost focus, the role or the channel went). */
  releaseAll() {
    for (const pointerId of [...this.#slots.keys()]) this.up(pointerId);
  }
}
