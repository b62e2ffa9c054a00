// The viewer's RTCPeerConnection: one recvonly video transceiver and the "input" data channel
// (docs/input-protocol.md). The offer goes out through the signaling client; the answer comes back through it.
import { peerConfiguration } from './ice-servers.js';
import { candidateMessage } from './signaling-messages.js';

/** How long a 'disconnected' connection may recover by itself (ICE consent) before the viewer reconnects. */
export const DISCONNECTED_GRACE_MS = 4000;

/**
 * Creates the peer connection and the input channel into `state.pc` / `state.dc` and sends the offer.
 * `onConnected()` runs when media flows, `onLost(reason)` when the connection is gone for good.
 * `iceServers` are the STUN/TURN servers from the server's `ready` message.
 */
export async function startPeer({ state, send, onTrack, onChannelMessage, onConnected, onLost, iceServers }) {
  const pc = new RTCPeerConnection(peerConfiguration(iceServers));
  state.pc = pc;
  pc.addTransceiver('video', { direction: 'recvonly' });
  const dc = pc.createDataChannel('input', { ordered: true });
  state.dc = dc;
  dc.onopen = () => { state.dcOpen = true; };
  dc.onclose = () => { state.dcOpen = false; };
  dc.onmessage = event => onChannelMessage(event.data);
  pc.ontrack = event => onTrack(event.track);
  pc.onicecandidate = event => send(candidateMessage(event.candidate));
  pc.onconnectionstatechange = () => {
    if (state.pc !== pc) return;
    switch (pc.connectionState) {
      case 'connected':
        onConnected();
        break;
      case 'disconnected':
        setTimeout(() => { if (state.pc === pc && pc.connectionState === 'disconnected') onLost('connection lost'); }, DISCONNECTED_GRACE_MS);
        break;
      case 'failed':
      case 'closed':
        onLost('connection ' + pc.connectionState);
        break;
      default:
        break;
    }
  };
  state.phase = 'negotiating';
  await pc.setLocalDescription(await pc.createOffer());
  send({ type: 'offer', sdp: pc.localDescription.sdp });
}

/** Closes a peer connection and its channel without letting their handlers run (a new one may already exist). */
export function closePeer(pc, dc) {
  if (dc) {
    dc.onopen = dc.onclose = dc.onmessage = null;
    try { dc.close(); } catch { /* closed */ }
  }
  if (pc) {
    pc.onconnectionstatechange = pc.onicecandidate = pc.ontrack = null;
    pc.close();
  }
}
