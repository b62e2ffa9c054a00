// Several outputs (docs/input-protocol.md, "Several outputs"): reading the server's output list and writing the
// viewer's choice. No DOM here, so the unit tests run it under node.

/** The longest output name the server accepts. */
export const MAX_NAME_LENGTH = 64;

/** The longest window title shown in the picker. */
export const MAX_WINDOW_TITLE_LENGTH = 60;

/** Asks the server to show output `name` (only a controlling viewer's request is followed). */
export const selectOutput = name => ({ t: 'so', name });

/**
 * The `outputs` message as { outputs: [{ name, x, y, w, h, scale }], current, canSelect, error }, keeping only
 * well-formed entries with distinct names; null when `message` is not an output list.
 */
export function readOutputList(message) {
  if (!message || message.t !== 'outputs' || !Array.isArray(message.list)) return null;
  const seen = new Set();
  const outputs = [];
  for (const o of message.list) {
    if (!o || typeof o.name !== 'string' || o.name.length === 0 || o.name.length > MAX_NAME_LENGTH || seen.has(o.name)) continue;
    const n = v => (Number.isFinite(v) ? v : 0);
    seen.add(o.name);
    const entry = { name: o.name, x: n(o.x), y: n(o.y), w: n(o.w), h: n(o.h), scale: Number.isFinite(o.scale) && o.scale > 0 ? o.scale : 1 };
    // a window the server offers next to the outputs (KDE): its title labels the button
    if (typeof o.window === 'string') entry.window = o.window.slice(0, MAX_WINDOW_TITLE_LENGTH);
    outputs.push(entry);
  }

  return {
    outputs,
    current: typeof message.current === 'string' ? message.current : null,
    canSelect: message.canSelect === true,
    error: typeof message.error === 'string' ? message.error : null,
  };
}

/** The button's label: the name (a window's title) and the size, e.g. "HEADLESS-2 (1280×720)", "Window: wev (640×480)". */
export const outputLabel = (o) => {
  const name = typeof o.window === 'string' ? `Window: ${o.window || '(untitled)'}` : o.name;
  return o.w > 0 && o.h > 0 ? `${name} (${o.w}×${o.h})` : name;
};

/** The output name that asks the server for every output side by side in one picture (IOutputSelection.AllOutputs). */
export const ALL_OUTPUTS = '*';

/** The choices the picker offers: each output (and window), then "All" (every output side by side) when there are two or more outputs. */
export const outputChoices = list => (list.filter(o => typeof o.window !== 'string').length >= 2
  ? [...list.map(o => ({ name: o.name, label: outputLabel(o) })), { name: ALL_OUTPUTS, label: 'All' }]
  : list.map(o => ({ name: o.name, label: outputLabel(o) })));
