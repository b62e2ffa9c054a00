// The messages of the "clipboard" data channel (docs/clipboard-protocol.md): an item is a "begin" (id, MIME type,
// size in bytes) and "chunk" messages with base64 bytes, both ways. No DOM here, so the unit tests run it under node.

/** Decoded bytes per chunk message (the server's default too). */
export const CHUNK_BYTES = 32 * 1024;

/** The MIME types that travel. */
export const TEXT = 'text/plain;charset=utf-8';
export const PNG = 'image/png';

export function bytesToBase64(bytes) {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 8192) {
    binary += String.fromCharCode.apply(null, bytes.subarray(i, i + 8192));
  }
  return btoa(binary);
}

export function base64ToBytes(text) {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/** The messages that send `bytes` (a Uint8Array) of type `mime` as item `id`. */
export function itemMessages(id, mime, bytes, chunkBytes = CHUNK_BYTES) {
  const messages = [{ t: 'begin', id, mime, size: bytes.length }];
  for (let offset = 0; offset < bytes.length; offset += chunkBytes) {
    messages.push({ t: 'chunk', id, d: bytesToBase64(bytes.subarray(offset, offset + chunkBytes)) });
  }
  return messages;
}

/** A short fingerprint of an item, so that what came from one side is not sent straight back to it. */
export function signature(mime, bytes) {
  let hash = 2166136261;
  for (let i = 0; i < bytes.length; i++) hash = Math.imul(hash ^ bytes[i], 16777619) >>> 0;
  return `${mime}:${bytes.length}:${hash}`;
}

/** Parses a server message of the clipboard channel; null when it is not one this viewer understands. */
export function parseClipboardMessage(data) {
  if (typeof data !== 'string') return null;
  let message;
  try { message = JSON.parse(data); } catch { return null; }
  return message && typeof message === 'object' && typeof message.t === 'string' ? message : null;
}

/**
 * Puts the server's items together: `accept(message)` returns `{ id, mime, bytes }` when an item is complete, else
 * null. An item larger than `maxBytes`, a chunk of another item or past the announced size drops the item.
 */
export class ItemAssembler {
  constructor(maxBytes) {
    this.maxBytes = maxBytes;
    this.item = null;
  }

  accept(message) {
    if (message.t === 'begin') {
      const valid = Number.isInteger(message.size) && message.size >= 0 && message.size <= this.maxBytes
        && (message.mime === TEXT || message.mime === PNG);
      this.item = valid ? { id: message.id, mime: message.mime, bytes: new Uint8Array(message.size), filled: 0 } : null;
    } else if (message.t === 'chunk') {
      const item = this.item;
      if (!item || item.id !== message.id || typeof message.d !== 'string') { this.item = null; return null; }
      let chunk;
      try { chunk = base64ToBytes(message.d); } catch { this.item = null; return null; }
      if (chunk.length > item.bytes.length - item.filled) { this.item = null; return null; }
      item.bytes.set(chunk, item.filled);
      item.filled += chunk.length;
    } else {
      return null;
    }
    const item = this.item;
    if (item && item.filled === item.bytes.length) {
      this.item = null;
      return { id: item.id, mime: item.mime, bytes: item.bytes };
    }
    return null;
  }
}

/** Whether the server's "config" lets content go to the browser / to the desktop. */
export const allowsToBrowser = direction => direction === 'both' || direction === 'to_browser';
export const allowsToDesktop = direction => direction === 'both' || direction === 'to_desktop';
