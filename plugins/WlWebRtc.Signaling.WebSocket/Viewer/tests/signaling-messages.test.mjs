import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  candidateMessage, closeReason, errorAction, parseServerMessage, signalingPathFrom, signalingUrl, UNAUTHORIZED_CLOSE,
} from '../wwwroot/signaling-messages.js';

test('signalingPathFrom uses the path the server filled in', () => {
  assert.equal(signalingPathFrom('/signal'), '/signal');
});

test('signalingPathFrom falls back to /ws for the unfilled placeholder or nothing', () => {
  assert.equal(signalingPathFrom('{{signaling-path}}'), '/ws');
  assert.equal(signalingPathFrom(undefined), '/ws');
  assert.equal(signalingPathFrom(''), '/ws');
});

test('signalingUrl uses wss under https and ws otherwise', () => {
  assert.equal(signalingUrl({ protocol: 'https:', host: 'example.org:8443' }, '/ws'), 'wss://example.org:8443/ws');
  assert.equal(signalingUrl({ protocol: 'http:', host: '127.0.0.1:8080' }, '/ws'), 'ws://127.0.0.1:8080/ws');
});

test('parseServerMessage returns objects with a string type', () => {
  assert.deepEqual(parseServerMessage('{"type":"hello","authenticated":false}'), { type: 'hello', authenticated: false });
});

test('parseServerMessage ignores bad JSON, non-objects and messages without a type', () => {
  for (const text of ['', '{', 'null', '42', '"hello"', '[]', '{"t":"role"}', '{"type":7}']) {
    assert.equal(parseServerMessage(text), null, text);
  }
});

test('closeReason names the close codes of PROTOCOL.md', () => {
  assert.equal(closeReason(1001), 'server stopping');
  assert.equal(closeReason(1013), 'server full');
  assert.equal(closeReason(4429), 'too many wrong tokens from this address');
  assert.equal(closeReason(1006), 'signaling closed');
  assert.equal(UNAUTHORIZED_CLOSE, 4401);
});

test('errorAction stops on a bad token, retries what a new session may fix, ignores the rest', () => {
  assert.equal(errorAction('unauthorized'), 'stop');
  for (const code of ['bad-offer', 'server-full', 'unavailable', 'timeout', 'internal']) assert.equal(errorAction(code), 'retry', code);
  for (const code of ['too-large', 'rate-limited', 'bad-message', undefined]) assert.equal(errorAction(code), 'ignore', String(code));
});

test('candidateMessage carries the candidate with its m-line', () => {
  assert.deepEqual(candidateMessage({ candidate: 'candidate:1 1 udp 1 127.0.0.1 5000 typ host', sdpMid: '0', sdpMLineIndex: 0 }),
    { type: 'candidate', candidate: 'candidate:1 1 udp 1 127.0.0.1 5000 typ host', sdpMid: '0', sdpMLineIndex: 0 });
});

test('candidateMessage ends the gathering for a null or empty candidate', () => {
  assert.deepEqual(candidateMessage(null), { type: 'end-of-candidates' });
  assert.deepEqual(candidateMessage({ candidate: '', sdpMid: '0', sdpMLineIndex: 0 }), { type: 'end-of-candidates' });
});
