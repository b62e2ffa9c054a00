// Clipboard sync for the controlling viewer over the "clipboard" data channel (docs/clipboard-protocol.md), with the
// async Clipboard API and within the browser's permission model: the browser's clipboard goes to the desktop when the
// page gains focus or the picture is clicked (reading needs focus, and a permission prompt may show once); the
// desktop's selection is written to the browser's clipboard when it changes, at once if the page has focus, else
// when it next gains it. The paste shortcut (paste-shortcut.js) sends it too, and holds the key until the server says
// the item is the desktop's selection. A view-only viewer is told "off" by the server and neither sends nor receives.
import {
  allowsToBrowser, allowsToDesktop, ItemAssembler, itemMessages, parseClipboardMessage, PNG, signature, TEXT,
} from './clipboard-messages.js';
import { isPasteShortcut, PASTE_WAIT_MS, settledWithin, usesCommandKey } from './paste-shortcut.js';

/** Sets up the sync; `attach(pc)` opens the channel on a new peer connection (the viewer calls it for each one). */
export function attachClipboard({ state, video }) {
  const info = { direction: 'off', maxBytes: 0, received: 0, sent: 0, acknowledged: 0, lastError: null, open: false };
  state.clipboard = info;
  let dc = null;
  let assembler = new ItemAssembler(0);
  let pending = null;
  let lastSignature = null;
  let writing = null;
  let nextId = 1;
  let syncing = null;
  const awaitingSet = new Map();
  const commandKey = usesCommandKey((navigator.userAgentData && navigator.userAgentData.platform) || navigator.platform);

  async function writeToBrowser(item) {
    // the same content again (GNOME's clipboard manager re-owns a selection whose owner left; an echo of what this
    // page sent): the browser holds it already, and writing it later could overwrite a newer local copy
    const sig = signature(item.mime, item.bytes);
    if (sig === lastSignature || sig === writing) { if (pending === item) pending = null; return; }
    if (!document.hasFocus()) { pending = item; return; }
    pending = null;
    writing = sig;
    try {
      if (item.mime === PNG) {
        await navigator.clipboard.write([new ClipboardItem({ [PNG]: new Blob([item.bytes], { type: PNG }) })]);
      } else {
        await navigator.clipboard.writeText(new TextDecoder().decode(item.bytes));
      }
      lastSignature = sig;
      if (item.mime === PNG) {
        // the browser re-encodes images it puts on its clipboard: remember what it holds, so the next focus does not
        // send the desktop's own image back as a new one
        const held = await readBrowser().catch(() => null);
        if (held) lastSignature = signature(held.mime, held.bytes);
      }
      info.received++;
    } catch (error) {
      info.lastError = String(error);
      pending = item; // no permission or focus yet: try again on the next focus
    } finally {
      if (writing === sig) writing = null;
    }
  }

  async function readBrowser() {
    const items = await navigator.clipboard.read();
    for (const item of items) {
      if (item.types.includes(PNG)) return { mime: PNG, bytes: new Uint8Array(await (await item.getType(PNG)).arrayBuffer()) };
    }
    for (const item of items) {
      if (item.types.includes('text/plain')) {
        return { mime: TEXT, bytes: new TextEncoder().encode(await (await item.getType('text/plain')).text()) };
      }
    }
    return null;
  }

  /**
   * Sends the browser's clipboard to the desktop unless it is what was last synced either way; resolves when the
   * server acknowledged the item (true), or when nothing was sent or no answer came in time (false). One read and send
   * at a time: a second call gets the one in progress.
   */
  function syncToDesktop() {
    if (!syncing) syncing = sendBrowserClipboard().finally(() => { syncing = null; });
    return syncing.then(sent => (sent ? sent.set : false));
  }

  async function sendBrowserClipboard() {
    if (!dc || dc.readyState !== 'open' || !allowsToDesktop(info.direction) || !navigator.clipboard) return false;
    try {
      const item = await readBrowser();
      if (!item) return false;
      const sig = signature(item.mime, item.bytes);
      if (sig === lastSignature) return false;
      if (item.bytes.length > info.maxBytes) { info.lastError = `clipboard item of ${item.bytes.length} bytes is over the limit (${info.maxBytes})`; return false; }
      const id = nextId++;
      const set = new Promise(resolve => awaitingSet.set(id, resolve));
      for (const message of itemMessages(id, item.mime, item.bytes)) dc.send(JSON.stringify(message));
      lastSignature = sig;
      info.sent++;
      return { set: settledWithin(set, PASTE_WAIT_MS).finally(() => awaitingSet.delete(id)) };
    } catch (error) {
      info.lastError = String(error); // no permission, no focus, or nothing readable
      return false;
    }
  }

  /**
   * For a keydown: when it is the paste shortcut, starts sending the browser's clipboard and returns a promise the key
   * should wait for (settles within PASTE_WAIT_MS); else null.
   */
  function beforeKey(event) {
    if (!isPasteShortcut(event, commandKey) || !dc || dc.readyState !== 'open' || !allowsToDesktop(info.direction)) return null;
    info.pasteShortcuts = (info.pasteShortcuts || 0) + 1;
    return settledWithin(syncToDesktop(), PASTE_WAIT_MS);
  }

  function onMessage(data) {
    const message = parseClipboardMessage(data);
    if (!message) return;
    if (message.t === 'config') {
      info.direction = typeof message.direction === 'string' ? message.direction : 'off';
      info.maxBytes = Number.isInteger(message.max) ? message.max : 0;
      assembler = new ItemAssembler(allowsToBrowser(info.direction) ? info.maxBytes : 0);
      if (document.hasFocus()) syncToDesktop();
    } else if (message.t === 'set') {
      info.acknowledged++;
      const resolve = awaitingSet.get(message.id);
      if (resolve) resolve(true);
    } else if (message.t === 'error') {
      info.lastError = String(message.message);
    } else {
      const item = assembler.accept(message);
      if (item) writeToBrowser(item);
    }
  }

  const onFocus = () => {
    if (pending) writeToBrowser(pending);
    else syncToDesktop();
  };
  window.addEventListener('focus', onFocus);
  video.addEventListener('pointerdown', onFocus);

  function attach(pc) {
    if (dc) { dc.onopen = dc.onclose = dc.onmessage = null; }
    for (const resolve of awaitingSet.values()) resolve(false);
    awaitingSet.clear();
    dc = pc.createDataChannel('clipboard', { ordered: true });
    info.open = false;
    info.direction = 'off';
    dc.onopen = () => { info.open = true; };
    dc.onclose = () => { info.open = false; };
    dc.onmessage = event => onMessage(event.data);
  }

  return { attach, beforeKey, syncToDesktop };
}
