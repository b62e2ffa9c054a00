// Reports the viewer's stage size and devicePixelRatio on the input channel (docs/input-protocol.md, "vs"), so that a
// server following the controlling viewer (config [display] follow_viewer) sizes its output to the page. Debounced:
// a window being dragged sends one report once it rests. The server follows only the control viewer's reports; a
// view-only viewer's are ignored there (it keeps letterboxing).

/** How long the stage must keep its size before it is reported. */
export const REPORT_DELAY_MS = 300;

/** The size report: the stage in whole CSS pixels (at least 1) and the devicePixelRatio (3 decimals). */
export function viewerSizeMessage(width, height, ratio) {
  const side = v => Math.min(16384, Math.max(1, Math.round(v)));
  const r = Number.isFinite(ratio) && ratio > 0 ? Math.min(8, Math.max(0.25, Math.round(ratio * 1000) / 1000)) : 1;
  return { t: 'vs', w: side(width), h: side(height), r };
}

/**
 * Debounces size observations into reports. `send(message)` returns whether the message went out (the channel is
 * open); a report that did not go out is sent by the next `resend()`. No DOM: timers are injectable for the tests.
 */
export class ViewerSizeReporter {
  #send;
  #delay;
  #setTimer;
  #clearTimer;
  #timer = null;
  #current = null;
  #sent = null;

  // The browser's timers are wrapped: called as methods of this object they would throw "Illegal invocation".
  constructor(send, { delayMs = REPORT_DELAY_MS, setTimer = (fn, ms) => setTimeout(fn, ms), clearTimer = id => clearTimeout(id) } = {}) {
    this.#send = send;
    this.#delay = delayMs;
    this.#setTimer = setTimer;
    this.#clearTimer = clearTimer;
  }

  /** The stage is now `width` x `height` CSS pixels at `ratio`: reported once it stays so for the delay. */
  observe(width, height, ratio) {
    this.#current = viewerSizeMessage(width, height, ratio);
    if (this.#timer !== null) this.#clearTimer(this.#timer);
    this.#timer = this.#setTimer(() => { this.#timer = null; this.#report(); }, this.#delay);
  }

  /** The channel (re)opened or the role changed: the current size goes out again at once. */
  resend() {
    this.#sent = null;
    if (this.#timer === null) this.#report();
  }

  #report() {
    const m = this.#current;
    if (!m || (this.#sent && this.#sent.w === m.w && this.#sent.h === m.h && this.#sent.r === m.r)) return;
    if (this.#send(m)) this.#sent = m;
  }
}

/**
 * Watches `stage` (ResizeObserver, and the window for devicePixelRatio changes such as zoom or another monitor) and
 * sends the reports on `state.dc`. Returns the reporter (`resend()` when the channel opens or the role changes).
 */
export function attachViewerSize({ state, stage }) {
  const reporter = new ViewerSizeReporter(message => {
    const dc = state.dc;
    if (!dc || dc.readyState !== 'open') return false;
    dc.send(JSON.stringify(message));
    return true;
  });
  const observe = () => reporter.observe(stage.clientWidth, stage.clientHeight, window.devicePixelRatio || 1);
  new ResizeObserver(observe).observe(stage);
  window.addEventListener('resize', observe);
  observe();
  return reporter;
}
