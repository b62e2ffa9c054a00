// The server's per-stage latency (docs/input-protocol.md, "Server → viewer: stages"): about once a second the server
// sends a `stages` message with its stages of this viewer's frames in ms (capture → encode start, conversion,
// coding, hand-off, this viewer's pacing and send); the statistics overlay (stage-latency.js) shows them beside the
// browser's own. No DOM here, so the unit tests run it under node.

/** A stage the server reports above this (ms) is not plausible and is dropped. */
export const MAX_STAGE_MS = 100000;

const FIELDS = ['capture', 'convert', 'encode', 'send', 'pacing'];

/**
 * A parsed channel message as the server's stages ({ capture, convert, encode, send, pacing }, null for a stage it
 * left out or gave out of range), or null when it is not a `stages` message.
 */
export function readServerStages(message) {
  if (message === null || typeof message !== 'object' || message.t !== 'stages') return null;
  const stages = {};
  for (const field of FIELDS) {
    const value = message[field];
    stages[field] = typeof value === 'number' && Number.isFinite(value) && value >= 0 && value <= MAX_STAGE_MS ? value : null;
  }
  return stages;
}

/**
 * The server's stages as the overlay shows them (formatStages in stage-latency.js): pacing+send is this viewer's
 * pacing and send, or the encoder's hand-off to its viewers when the transport does not measure pacing.
 */
export function overlayServerStages(stages) {
  return { capture: stages.capture, convert: stages.convert, encode: stages.encode, pacingSend: stages.pacing ?? stages.send };
}

/** Takes a `stages` message into `state.serverStages` (the overlay reads it); true when it was one. */
export function takeServerStages(state, message) {
  const stages = readServerStages(message);
  if (!stages) return false;
  state.serverStages = overlayServerStages(stages);
  return true;
}
