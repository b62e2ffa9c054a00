import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  connectionAction, iceUfrag, MAX_RESTARTS_IN_A_ROW, remoteCandidate, restartMessage,
} from '../wwwroot/ice-restart.js';

test('connectionAction restarts ICE when the connection drops or fails', () => {
  assert.equal(connectionAction('disconnected', 0, false), 'restart');
  assert.equal(connectionAction('failed', 1, false), 'restart');
});

test('connectionAction waits for a restart under way', () => {
  assert.equal(connectionAction('disconnected', 1, true), 'none');
  assert.equal(connectionAction('failed', 1, true), 'none');
});

test('connectionAction starts a new session after too many restarts in a row, or when closed', () => {
  assert.equal(connectionAction('failed', MAX_RESTARTS_IN_A_ROW, false), 'reconnect');
  assert.equal(connectionAction('closed', 0, false), 'reconnect');
});

test('connectionAction does nothing for the other states', () => {
  for (const s of ['new', 'connecting', 'connected', undefined]) assert.equal(connectionAction(s, 0, false), 'none');
});

test('iceUfrag reads the first a=ice-ufrag', () => {
  assert.equal(iceUfrag('v=0\r\na=ice-ufrag:abcd\r\na=ice-pwd:x\r\nm=video\r\na=ice-ufrag:efgh\r\n'), 'abcd');
  assert.equal(iceUfrag('v=0\r\n'), null);
  assert.equal(iceUfrag(null), null);
});

test('restartMessage carries the re-offer', () => {
  assert.deepEqual(restartMessage('v=0'), { type: 'restart-ice', sdp: 'v=0' });
});

test('remoteCandidate turns a candidate message into an RTCIceCandidateInit', () => {
  assert.deepEqual(
    remoteCandidate({ type: 'candidate', candidate: 'candidate:1 1 udp 1 203.0.113.7 50000 typ srflx raddr 10.0.0.2 rport 50000', sdpMid: '0', sdpMLineIndex: 0 }),
    { candidate: 'candidate:1 1 udp 1 203.0.113.7 50000 typ srflx raddr 10.0.0.2 rport 50000', sdpMid: '0', sdpMLineIndex: 0 });
  assert.deepEqual(remoteCandidate({ type: 'candidate', candidate: 'candidate:1 1 udp 1 1.2.3.4 5 typ relay' }), { candidate: 'candidate:1 1 udp 1 1.2.3.4 5 typ relay', sdpMLineIndex: 0 });
});

test('remoteCandidate is null for end-of-candidates', () => {
  assert.equal(remoteCandidate({ type: 'end-of-candidates' }), null);
});

test('remoteCandidate refuses malformed messages', () => {
  for (const m of [null, 7, {}, { type: 'candidate' }, { type: 'candidate', candidate: 5 }, { type: 'candidate', candidate: 'a=candidate:1' },
    { type: 'candidate', candidate: 'candidate:' + 'x'.repeat(2000) }, { type: 'answer' }]) {
    assert.equal(remoteCandidate(m), undefined, JSON.stringify(m));
  }
});

test('remoteCandidate drops fields of the wrong type or size', () => {
  assert.deepEqual(remoteCandidate({ type: 'candidate', candidate: 'candidate:1', sdpMid: 'x'.repeat(100), sdpMLineIndex: -1 }), { candidate: 'candidate:1', sdpMLineIndex: 0 });
  assert.deepEqual(remoteCandidate({ type: 'candidate', candidate: 'candidate:1', sdpMid: 5, sdpMLineIndex: 1.5 }), { candidate: 'candidate:1', sdpMLineIndex: 0 });
});
