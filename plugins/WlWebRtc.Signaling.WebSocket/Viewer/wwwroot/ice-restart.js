// ICE restart and the server's trickled candidates (PROTOCOL.md: `restart-ice`, `candidate`, `end-of-candidates`).
// No DOM here, so the unit tests run it under node.

/** How long a restarted connection may take to come back before the viewer starts a new session instead. */
export const RESTART_TIMEOUT_MS = 10000;

/** Restarts in a row without getting connected in between, before the viewer starts a new session instead. */
export const MAX_RESTARTS_IN_A_ROW = 3;

const MAX_CANDIDATE_LENGTH = 1024;
const MAX_MID_LENGTH = 64;

/**
 * What the viewer does when its connection state becomes `connectionState`: 'restart' (ICE restart on the same
 * session: the network changed or the path died), 'reconnect' (a new session), or 'none'. `restarts` is how many
 * restarts ran since the connection was last connected; `restarting` whether one is under way.
 */
export function connectionAction(connectionState, restarts, restarting) {
  switch (connectionState) {
    case 'disconnected':
    case 'failed':
      if (restarting) return 'none'; // the restart's own deadline decides
      return restarts < MAX_RESTARTS_IN_A_ROW ? 'restart' : 'reconnect';
    case 'closed':
      return 'reconnect';
    default:
      return 'none';
  }
}

/** The ICE ufrag of an SDP (the first a=ice-ufrag), or null. */
export function iceUfrag(sdp) {
  const match = /^a=ice-ufrag:(\S+)/m.exec(typeof sdp === 'string' ? sdp : '');
  return match ? match[1] : null;
}

/** The message that asks the server to restart ICE with this re-offer. */
export function restartMessage(sdp) {
  return { type: 'restart-ice', sdp };
}

/**
 * A server `candidate` / `end-of-candidates` message as the argument of `pc.addIceCandidate`: an RTCIceCandidateInit,
 * null for end-of-candidates (then call `addIceCandidate()` without one), or undefined for a malformed message.
 */
export function remoteCandidate(message) {
  if (message === null || typeof message !== 'object') return undefined;
  if (message.type === 'end-of-candidates') return null;
  if (message.type !== 'candidate') return undefined;
  const { candidate, sdpMid, sdpMLineIndex } = message;
  if (typeof candidate !== 'string' || !candidate.startsWith('candidate:') || candidate.length > MAX_CANDIDATE_LENGTH) return undefined;
  const init = { candidate };
  if (typeof sdpMid === 'string' && sdpMid.length <= MAX_MID_LENGTH) init.sdpMid = sdpMid;
  if (Number.isInteger(sdpMLineIndex) && sdpMLineIndex >= 0 && sdpMLineIndex < 256) init.sdpMLineIndex = sdpMLineIndex;
  if (init.sdpMid === undefined && init.sdpMLineIndex === undefined) init.sdpMLineIndex = 0;
  return init;
}
