// The RTCPeerConnection configuration from the server's `ready` message: the STUN/TURN servers it sends (TURN with
// short-lived credentials minted for this viewer), kept only in the shape RTCIceServer accepts.

const ICE_URL = /^(stun|turn|turns):/i;
const MAX_SERVERS = 8;
const MAX_URLS = 8;

/** `iceServers` as the server sent it (anything else: none) → `{ iceServers: [...] }` for `new RTCPeerConnection`. */
export function peerConfiguration(iceServers) {
  const servers = [];
  for (const server of Array.isArray(iceServers) ? iceServers.slice(0, MAX_SERVERS) : []) {
    if (server === null || typeof server !== 'object') continue;
    const urls = (Array.isArray(server.urls) ? server.urls : [server.urls])
      .filter(url => typeof url === 'string' && ICE_URL.test(url))
      .slice(0, MAX_URLS);
    if (urls.length === 0) continue;
    const entry = { urls };
    if (typeof server.username === 'string' && typeof server.credential === 'string') {
      entry.username = server.username;
      entry.credential = server.credential;
    } else if (urls.some(url => /^turns?:/i.test(url))) {
      continue; // a TURN server without credentials makes RTCPeerConnection throw
    }
    servers.push(entry);
  }
  return { iceServers: servers };
}
