// The server's per-stage latency (docs/input-protocol.md, "Server → viewer: stages"): about once a second the server
// sends a `stages` message with its stages of this viewer's frames in ms (capture → encode start, conversion,
// coding, hand-off, this viewer's pacing and send); the statistics overlay (stage-latency.js) shows them beside the
// browser's own. When no new frame was encoded for a while (a static screen) the message carries `idle` (ms) instead,
// and the overlay says so rather than show the last frames' stages as current; stages not renewed for
// SERVER_STAGES_STALE_MS are not shown at all. No DOM here, so the unit tests run it under node.

/** A stage the server reports above this (ms) is not plausible and is dropped. */
export const MAX_STAGE_MS = 100000;

/** The server reports once a second: with no report for this long (ms) its last stages are no longer shown. */
export const SERVER_STAGES_STALE_MS = 5000;

const FIELDS = ['capture', 'convert', 'encode', 'send', 'pacing', 'idle'];

/**
 * A parsed channel message as the server's stages ({ capture, convert, encode, send, pacing, idle }, null for a field
 * it left out or gave out of range; `idle`: no new frame for that many ms), or null when it is not a `stages` message.
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
  if (typeof stages.idle === 'number') return { idle: stages.idle };
  return { capture: stages.capture, convert: stages.convert, encode: stages.encode, pacingSend: stages.pacing ?? stages.send };
}

/** Takes a `stages` message into `state.serverStages` (the overlay reads it), received at `now` (ms); true when it was one. */
export function takeServerStages(state, message, now = Date.now()) {
  const stages = readServerStages(message);
  if (!stages) return false;
  state.serverStages = overlayServerStages(stages);
  state.serverStagesAt = now;
  return true;
}

/** The server's stages to show at `now` (ms): the last ones taken, unless none came for SERVER_STAGES_STALE_MS; else null. */
export function currentServerStages(state, now = Date.now()) {
  if (!state.serverStages || typeof state.serverStagesAt !== 'number') return null;
  return now - state.serverStagesAt <= SERVER_STAGES_STALE_MS ? state.serverStages : null;
}
