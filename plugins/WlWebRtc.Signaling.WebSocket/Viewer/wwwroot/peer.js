// The viewer's RTCPeerConnection: one recvonly video transceiver and the "input" data channel
// (docs/input-protocol.md). The offer goes out through the signaling client; the answer comes back through it.
import { peerConfiguration } from './ice-servers.js';
import { candidateMessage } from './signaling-messages.js';
import { connectionAction, iceUfrag, restartMessage, RESTART_TIMEOUT_MS } from './ice-restart.js';

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
  state.iceRestarts = 0;
  state.restarting = false;
  // After the first answer, a negotiation the page needs is an ICE restart (pc.restartIce(): the network changed, or
  // the path died): the re-offer goes to the server as `restart-ice`, and the session, its video element and its data
  // channels stay.
  pc.onnegotiationneeded = async () => {
    if (state.pc !== pc || !state.negotiated || pc.signalingState !== 'stable') return;
    const previous = iceUfrag(pc.localDescription && pc.localDescription.sdp);
    await pc.setLocalDescription(await pc.createOffer());
    if (state.pc !== pc) return;
    if (iceUfrag(pc.localDescription.sdp) === previous) return;
    state.restarting = true;
    clearTimeout(state.restartTimer);
    state.restartTimer = setTimeout(() => {
      state.restarting = false;
      if (state.pc === pc && pc.connectionState !== 'connected') onLost('the connection did not come back after an ICE restart');
    }, RESTART_TIMEOUT_MS);
    send(restartMessage(pc.localDescription.sdp));
  };
  pc.onconnectionstatechange = () => {
    if (state.pc !== pc) return;
    if (pc.connectionState === 'connected') {
      state.iceRestarts = 0;
      state.restarting = false;
      clearTimeout(state.restartTimer);
      onConnected();
      return;
    }
    switch (connectionAction(pc.connectionState, state.iceRestarts, state.restarting)) {
      case 'restart':
        state.iceRestarts++;
        pc.restartIce();
        break;
      case 'reconnect':
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
    pc.onconnectionstatechange = pc.onicecandidate = pc.ontrack = pc.onnegotiationneeded = null;
    pc.close();
  }
}
