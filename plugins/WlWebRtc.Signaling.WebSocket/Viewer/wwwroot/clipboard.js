// Clipboard sync for the controlling viewer over the "clipboard" data channel (docs/clipboard-protocol.md), with the
// async Clipboard API and within the browser's permission model: the browser's clipboard goes to the desktop when the
// page gains focus or the picture is clicked (reading needs focus, and a permission prompt may show once); the
// desktop's selection is written to the browser's clipboard when it changes, at once if the page has focus, else
// when it next gains it. A view-only viewer is told "off" by the server and neither sends nor receives.
import {
  allowsToBrowser, allowsToDesktop, ItemAssembler, itemMessages, parseClipboardMessage, PNG, signature, TEXT,
} from './clipboard-messages.js';

/** Sets up the sync; `attach(pc)` opens the channel on a new peer connection (the viewer calls it for each one). */
export function attachClipboard({ state, video }) {
  const info = { direction: 'off', maxBytes: 0, received: 0, sent: 0, acknowledged: 0, lastError: null, open: false };
  state.clipboard = info;
  let dc = null;
  let assembler = new ItemAssembler(0);
  let pending = null;
  let lastSignature = null;
  let nextId = 1;
  let syncing = false;

  async function writeToBrowser(item) {
    if (!document.hasFocus()) { pending = item; return; }
    pending = null;
    try {
      if (item.mime === PNG) {
        await navigator.clipboard.write([new ClipboardItem({ [PNG]: new Blob([item.bytes], { type: PNG }) })]);
      } else {
        await navigator.clipboard.writeText(new TextDecoder().decode(item.bytes));
      }
      lastSignature = signature(item.mime, item.bytes);
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

  /** Sends the browser's clipboard to the desktop unless it is what was last synced either way. */
  async function syncToDesktop() {
    if (syncing || !dc || dc.readyState !== 'open' || !allowsToDesktop(info.direction) || !navigator.clipboard) return;
    syncing = true;
    try {
      const item = await readBrowser();
      if (!item) return;
      const sig = signature(item.mime, item.bytes);
      if (sig === lastSignature) return;
      if (item.bytes.length > info.maxBytes) { info.lastError = `clipboard item of ${item.bytes.length} bytes is over the limit (${info.maxBytes})`; return; }
      for (const message of itemMessages(nextId++, item.mime, item.bytes)) dc.send(JSON.stringify(message));
      lastSignature = sig;
      info.sent++;
    } catch (error) {
      info.lastError = String(error); // no permission, no focus, or nothing readable
    } finally {
      syncing = false;
    }
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
    dc = pc.createDataChannel('clipboard', { ordered: true });
    info.open = false;
    info.direction = 'off';
    dc.onopen = () => { info.open = true; };
    dc.onclose = () => { info.open = false; };
    dc.onmessage = event => onMessage(event.data);
  }

  return { attach, syncToDesktop };
}
