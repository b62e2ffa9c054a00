// The WebSocket signaling protocol's messages as the viewer reads and writes them (PROTOCOL.md). No DOM here, so
// the unit tests run it under node.

export const DEFAULT_SIGNALING_PATH = '/ws';

/** Close code the server uses when no valid token arrived before its deadline: retrying would not help. */
export const UNAUTHORIZED_CLOSE = 4401;

// Close codes from PROTOCOL.md; each of these is worth retrying later (with the back-off).
const CLOSE_REASONS = new Map([
  [1001, 'server stopping'],
  [1013, 'server full'],
  [4429, 'too many wrong tokens from this address'],
]);

// Error codes after which the session is gone but a new one may work.
const RETRYABLE_ERRORS = new Set(['bad-offer', 'server-full', 'unavailable', 'timeout', 'internal']);

/**
 * The WebSocket path named by the page (index.html's data-signaling, filled in by the server), or the default when
 * the page was opened without the server's substitution (the placeholder is still there).
 */
export function signalingPathFrom(value) {
  return value && !value.startsWith('{{') ? value : DEFAULT_SIGNALING_PATH;
}

/** The WebSocket URL for the page's location: wss: under https:, ws: otherwise. */
export function signalingUrl(location, path) {
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${scheme}//${location.host}${path}`;
}

/** A server message as an object with a string `type`, or null for anything else (which the viewer ignores). */
export function parseServerMessage(text) {
  let message;
  try {
    message = JSON.parse(text);
  } catch {
    return null;
  }

  return message !== null && typeof message === 'object' && typeof message.type === 'string' ? message : null;
}

/** Why the server closed the socket, in words for the status line. */
export function closeReason(code) {
  return CLOSE_REASONS.get(code) || 'signaling closed';
}

/** What an `error` message means for the viewer: 'stop' (bad token), 'retry' (a new session may work) or 'ignore'. */
export function errorAction(code) {
  if (code === 'unauthorized') return 'stop';
  return RETRYABLE_ERRORS.has(code) ? 'retry' : 'ignore';
}

/** The trickle message for one local ICE candidate; a null or empty candidate ends the gathering. */
export function candidateMessage(candidate) {
  return candidate && candidate.candidate
    ? { type: 'candidate', candidate: candidate.candidate, sdpMid: candidate.sdpMid, sdpMLineIndex: candidate.sdpMLineIndex }
    : { type: 'end-of-candidates' };
}
