// The WebSocket signaling client (PROTOCOL.md): authenticates, negotiates the peer connection, follows the server's
// events, and reconnects with back-off when the session ends for a reason worth retrying.
import { reconnectDelay, reconnectStatus } from './backoff.js';
import { closeReason, errorAction, parseServerMessage, UNAUTHORIZED_CLOSE } from './signaling-messages.js';
import { closePeer, startPeer } from './peer.js';
import { remoteCandidate } from './ice-restart.js';

/**
 * `url`: the WebSocket URL; `token`: the access token; `setStatus(text)`: the status line (empty hides it);
 * `setRole(role)`; `onTrack(track)`; `onChannelMessage(data)`: a message on the input channel.
 */
export function createSignalingClient({ state, url, token, setStatus, setRole, onTrack, onChannelMessage }) {
  const send = message => {
    if (state.ws && state.ws.readyState === WebSocket.OPEN) state.ws.send(JSON.stringify(message));
  };

  const deny = text => {
    state.stopped = true;
    state.phase = 'unauthorized';
    setStatus(text);
  };

  function connect() {
    teardown();
    state.phase = 'signaling';
    setStatus(state.reconnects ? 'Reconnecting…' : 'Connecting…');
    const ws = new WebSocket(url);
    state.ws = ws;
    // One message at a time: a trickled candidate must not overtake the answer it belongs to.
    let handled = Promise.resolve();
    ws.onmessage = event => {
      const message = parseServerMessage(event.data);
      if (!message) return;
      handled = handled.then(() => state.ws === ws && onSignal(message)).catch(error => scheduleReconnect(String(error)));
    };
    ws.onclose = event => {
      if (state.ws !== ws) return;
      if (event.code === UNAUTHORIZED_CLOSE) {
        deny('Access denied: open the viewer with the URL (and ?token=) printed in the server log.');
        return;
      }
      scheduleReconnect(closeReason(event.code));
    };
  }

  async function onSignal(message) {
    switch (message.type) {
      case 'hello':
        // The token goes in the first message rather than the URL, so it stays out of logs.
        if (!message.authenticated) send({ type: 'auth', token });
        break;
      case 'ready':
        await startPeer({
          state, send, onTrack, onChannelMessage, iceServers: message.iceServers,
          onConnected: () => {
            state.phase = 'playing';
            state.attempt = 0;
            setStatus('');
          },
          onLost: scheduleReconnect,
        });
        break;
      case 'answer':
        // The first answer, or the answer to an ICE restart (same session id).
        state.viewerId = message.id;
        if (!state.pc || state.pc.signalingState !== 'have-local-offer') break;
        await state.pc.setRemoteDescription({ type: 'answer', sdp: message.sdp });
        state.negotiated = true;
        break;
      case 'candidate':
      case 'end-of-candidates': {
        // The server's trickled candidates (server-reflexive, relayed) and its end-of-candidates.
        const candidate = remoteCandidate(message);
        if (candidate === undefined || !state.pc || !state.pc.remoteDescription) break;
        await (candidate ? state.pc.addIceCandidate(candidate) : state.pc.addIceCandidate()).catch(error => console.warn('wlwebrtc: candidate', error));
        break;
      }
      case 'ice-restart-needed':
        // The server's addresses changed: an ICE restart on the same session; the answer carries the new addresses.
        if (state.pc && state.negotiated) state.pc.restartIce();
        break;
      case 'role':
        setRole(message.role);
        break;
      case 'viewers':
        state.viewers = message.count;
        break;
      case 'closed':
        scheduleReconnect('the session ended');
        break;
      case 'error':
        state.lastError = message;
        console.warn('wlwebrtc:', message.code, message.message);
        switch (errorAction(message.code)) {
          case 'stop':
            deny('Access denied: ' + message.message);
            break;
          case 'retry':
            scheduleReconnect(message.message);
            break;
          default:
            break;
        }
        break;
      default:
        break;
    }
  }

  function teardown() {
    const { ws, pc, dc } = state;
    state.ws = state.pc = state.dc = null;
    state.dcOpen = false;
    state.negotiated = false;
    clearTimeout(state.restartTimer);
    closePeer(pc, dc);
    if (ws) { ws.onclose = ws.onmessage = null; try { ws.close(1000); } catch { /* closed */ } }
  }

  function scheduleReconnect(reason) {
    if (state.stopped || state.reconnectTimer) return;
    teardown();
    state.phase = 'waiting';
    const delay = reconnectDelay(state.attempt);
    state.attempt++;
    setStatus(reconnectStatus(reason, delay));
    state.reconnectTimer = setTimeout(() => {
      state.reconnectTimer = null;
      state.reconnects++;
      connect();
    }, delay);
  }

  return { connect, send, teardown };
}
