// wlwebrtc built-in viewer: WebSocket signaling (PROTOCOL.md), one recvonly video track, and the "input" data
// channel (docs/input-protocol.md). Plain ES modules, no build step; this is the module the page loads, and it
// wires the others together. State is exposed as window.wlwebrtcViewer (the end-to-end tests read it).
import { createPatternState } from './barcode.js';
import { attachCursor } from './cursor.js';
import { attachClipboard } from './clipboard.js';
import { attachInput } from './input.js';
import { parseChannelMessage } from './input-messages.js';
import { attachOutputs } from './outputs.js';
import { attachKeyboardLock } from './keyboard-lock.js';
import { startLatencyProbe } from './latency-probe.js';
import { takeServerStages } from './server-stages.js';
import { createSignalingClient } from './signaling.js';
import { signalingPathFrom, signalingUrl } from './signaling-messages.js';
import { startStatsOverlay } from './stats-overlay.js';
import { attachStatsToggle, createStatus } from './toolbar.js';
import { attachViewerSize } from './viewer-size.js';

const $ = id => document.getElementById(id);
const video = $('video');
const stage = $('stage');
const toolbar = $('toolbar');
const statsBox = $('stats');
const params = new URLSearchParams(location.search);

const state = {
  phase: 'idle', role: null, viewers: 0, viewerId: null, attempt: 0, reconnects: 0, stopped: false,
  ws: null, pc: null, dc: null, dcOpen: false, lastError: null, keyboardLocked: false,
  stats: { width: 0, height: 0, fps: 0, bitrate: 0, rtt: null, framesDecoded: 0, latencyP50: null },
  pattern: createPatternState(),
};
window.wlwebrtcViewer = state;

const setStatus = createStatus($('status'));
const cursor = attachCursor({ state, video, stage });

function setRole(role) {
  state.role = role === 'control' ? 'control' : 'view';
  video.style.cursor = state.role === 'control' ? 'none' : 'default';
  viewerSize.resend(); // the server sends the role when the channel opens: the stage size follows it
  cursor.setRole();
}
const viewerSize = attachViewerSize({ state, stage });

const input = attachInput({ state, video, stage, toolbar, pointerLockBox: $('pointer-lock'), setRole });
const clipboard = attachClipboard({ state, video });
input.setBeforeKey(clipboard.beforeKey); // the paste shortcut sends the browser's clipboard before the key
const outputs = attachOutputs({ state, toolbar });
attachKeyboardLock({ state, button: $('fullscreen'), stage, hint: $('keyboard-hint'), toolbar, releaseInput: input.releaseAll });

const signaling = createSignalingClient({
  state,
  url: signalingUrl(location, signalingPathFrom(document.body.dataset.signaling)),
  // The token goes in the first message rather than the URL, so it stays out of logs.
  token: params.get('token') || '',
  setStatus,
  setRole,
  onTrack: track => {
    video.srcObject = new MediaStream([track]);
    if (state.pc) clipboard.attach(state.pc); // a new peer connection: its own "clipboard" channel
    video.play().catch(() => {});
  },
  onChannelMessage: data => {
    const message = parseChannelMessage(data);
    if (!cursor.onChannelMessage(message) && !outputs.onChannelMessage(message) && !takeServerStages(state, message)) input.onChannelMessage(data);
  },
});
window.addEventListener('pagehide', () => { signaling.send({ type: 'bye' }); signaling.teardown(); });

startLatencyProbe({ state, video, canvas: $('probe') });
const overlay = startStatsOverlay({ state, video, box: statsBox });
attachStatsToggle({ button: $('toggle-stats'), box: statsBox, render: overlay.render, visible: params.get('stats') === '1' });

signaling.connect();
