// Input capture: pointer, wheel and keyboard events on the page become "input" channel messages
// (docs/input-protocol.md) while this viewer has the control role; the server's messages on the channel
// (role, ping, error) are handled here too.
import { InputForwarder } from './input-forwarder.js';
import { parseChannelMessage, pong } from './input-messages.js';
import { keyValue } from './keyboard-text.js';
import { KeyQueue } from './paste-shortcut.js';
import { normalisedPoint, pictureRect } from './picture-geometry.js';
import { attachTextInput } from './text-input.js';
import { attachTouch } from './touch.js';

/**
 * Listens on `video` (pointer), the window (keys) and `pointerLockBox` (the "Pointer lock" checkbox); keys typed in
 * `toolbar` stay on the page. Returns `onChannelMessage(data)` for the peer and `releaseAll()`.
 */
export function attachInput({ state, video, stage, toolbar, pointerLockBox, setRole }) {
  function sendInput(message, always) {
    const dc = state.dc;
    if (!dc || dc.readyState !== 'open' || (!always && state.role !== 'control')) return false;
    dc.send(JSON.stringify(message));
    return true;
  }

  const forwarder = new InputForwarder(message => sendInput(message));
  // key events stay in order while one waits for something (the paste shortcut waits for the clipboard)
  const keys = new KeyQueue();
  let beforeKey = () => null;
  const textInput = attachTextInput({ state, stage, send: message => sendInput(message) });
  const picture = () => pictureRect(video.videoWidth, video.videoHeight, video.getBoundingClientRect());
  const pointerLocked = () => document.pointerLockElement === video;
  const fromToolbar = event => event.target instanceof Node && toolbar.contains(event.target);
  const touch = attachTouch({ state, video, picture, send: message => sendInput(message) });

  video.addEventListener('pointermove', event => {
    if (touch.handle(event)) return;
    if (pointerLocked()) {
      const p = picture();
      if (p) forwarder.moveBy(event.movementX / p.scale, event.movementY / p.scale);
      return;
    }
    const at = normalisedPoint(event.clientX, event.clientY, picture());
    if (at) forwarder.moveTo(at);
  });

  video.addEventListener('pointerdown', event => {
    stage.focus();
    if (touch.handle(event)) return;
    if (pointerLockBox.checked && !pointerLocked() && video.requestPointerLock) {
      video.requestPointerLock();
    }
    const at = pointerLocked() ? null : normalisedPoint(event.clientX, event.clientY, picture());
    if (!pointerLocked() && !at) return;
    if (at) forwarder.moveTo(at);
    forwarder.buttonDown(event.button);
    video.setPointerCapture(event.pointerId);
    event.preventDefault();
  });

  video.addEventListener('pointerup', event => {
    if (touch.handle(event)) return;
    forwarder.buttonUp(event.button);
    event.preventDefault();
  });

  video.addEventListener('pointercancel', event => touch.handle(event));

  video.addEventListener('wheel', event => {
    if (forwarder.wheel(event.deltaX, event.deltaY, event.deltaMode)) event.preventDefault();
  }, { passive: false });

  video.addEventListener('contextmenu', event => event.preventDefault());

  pointerLockBox.addEventListener('change', () => {
    if (!pointerLockBox.checked && pointerLocked()) document.exitPointerLock();
  });

  window.addEventListener('keydown', event => {
    if (fromToolbar(event) || state.role !== 'control') return;
    if (event.isComposing || event.key === 'Process') return; // an input method has it: its text comes as tx
    event.preventDefault();
    const { code, repeat } = event;
    const value = keyValue(event.code, event.key);
    const wait = repeat ? null : beforeKey(event);
    if (wait) keys.after(wait, () => forwarder.keyDown(code, repeat, value));
    else keys.run(() => forwarder.keyDown(code, repeat, value));
  });

  window.addEventListener('keyup', event => {
    if (fromToolbar(event)) return;
    const { code } = event;
    const value = keyValue(event.code, event.key);
    if (keys.waiting) { keys.run(() => forwarder.keyUp(code, value)); event.preventDefault(); return; }
    if (forwarder.keyUp(code, value)) event.preventDefault();
  });

  const releaseAll = () => { keys.run(() => forwarder.releaseAll()); touch.releaseAll(); };
  window.addEventListener('blur', releaseAll);
  document.addEventListener('visibilitychange', () => { if (document.hidden) releaseAll(); });

  function onChannelMessage(data) {
    const message = parseChannelMessage(data);
    if (!message) return;
    if (message.t === 'role') {
      state.remoteTouch = message.touch === true; // the input plugin has a touchscreen: touches go as touches
      setRole(message.role);
      touch.syncTouchAction();
      if (message.role !== 'control') touch.releaseAll();
      if (message.role === 'control') textInput.reportLayout();
    }
    else if (message.t === 'ping') sendInput(pong(message), true);
    else if (message.t === 'error') console.warn('wlwebrtc input:', message.message);
  }

  /** `hook(keydownEvent)` returns a promise the key waits for, or null (the clipboard's paste shortcut). */
  const setBeforeKey = hook => { beforeKey = hook; };

  return { onChannelMessage, releaseAll, setBeforeKey };
}
