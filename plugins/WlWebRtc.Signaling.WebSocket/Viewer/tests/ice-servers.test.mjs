import { test } from 'node:test';
import assert from 'node:assert/strict';
import { peerConfiguration } from '../wwwroot/ice-servers.js';

test('peerConfiguration keeps STUN and TURN servers with their credentials', () => {
  const config = peerConfiguration([
    { urls: ['stun:stun.example.org:3478'] },
    { urls: ['turn:turn.example.org:3478?transport=udp', 'turns:turn.example.org:5349'], username: '1700000000:viewer', credential: 'c2VjcmV0' },
  ]);
  assert.deepEqual(config, {
    iceServers: [
      { urls: ['stun:stun.example.org:3478'] },
      { urls: ['turn:turn.example.org:3478?transport=udp', 'turns:turn.example.org:5349'], username: '1700000000:viewer', credential: 'c2VjcmV0' },
    ],
  });
});

test('peerConfiguration gives no servers for a missing or malformed list', () => {
  assert.deepEqual(peerConfiguration(undefined), { iceServers: [] });
  assert.deepEqual(peerConfiguration('stun:x'), { iceServers: [] });
  assert.deepEqual(peerConfiguration([null, 3, { urls: [] }, { urls: ['http://evil'] }]), { iceServers: [] });
});

test('peerConfiguration drops a TURN server without credentials (RTCPeerConnection would throw)', () => {
  assert.deepEqual(peerConfiguration([{ urls: 'turn:t.example.org' }, { urls: 'stun:s.example.org' }]), { iceServers: [{ urls: ['stun:s.example.org'] }] });
});
