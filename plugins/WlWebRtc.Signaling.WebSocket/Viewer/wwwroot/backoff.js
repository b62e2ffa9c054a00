// Reconnect back-off: doubling from half a second, capped at ten seconds. The attempt count goes back to zero once
// a peer connection reaches 'connected' (signaling.js), so a viewer that played for a while retries quickly.

export const FIRST_DELAY_MS = 500;
export const MAX_DELAY_MS = 10000;

/** Milliseconds to wait before reconnect attempt number `attempt` (0 for the first retry). */
export function reconnectDelay(attempt) {
  return Math.min(MAX_DELAY_MS, FIRST_DELAY_MS * 2 ** attempt);
}

/** The status line shown while waiting to reconnect. */
export function reconnectStatus(reason, delayMs) {
  return `Disconnected (${reason}); reconnecting in ${Math.round(delayMs / 1000)} s…`;
}
