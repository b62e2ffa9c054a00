import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatStats, percentile, selectStats, updateStats } from '../wwwroot/stats.js';

const emptyStats = () => ({ width: 0, height: 0, fps: 0, bitrate: 0, rtt: null, framesDecoded: 0, latencyP50: null });
const pattern = (detected, samples) => ({ detected, samples });

test('percentile takes the nearest rank below', () => {
  assert.equal(percentile([], 0.5), null);
  assert.equal(percentile([5], 0.5), 5);
  assert.equal(percentile([4, 1, 3, 2], 0.5), 3);
  assert.equal(percentile([4, 1, 3, 2], 0), 1);
  assert.equal(percentile([4, 1, 3, 2], 1), 4);
});

test('percentile does not reorder its input', () => {
  const values = [3, 1, 2];
  percentile(values, 0.5);
  assert.deepEqual(values, [3, 1, 2]);
});

test('selectStats finds the inbound video and the transport\'s selected pair', () => {
  const report = [
    { type: 'inbound-rtp', kind: 'audio', id: 'a' },
    { type: 'inbound-rtp', kind: 'video', id: 'v' },
    { type: 'candidate-pair', id: 'p1', nominated: true, state: 'succeeded' },
    { type: 'candidate-pair', id: 'p2' },
    { type: 'transport', selectedCandidatePairId: 'p2' },
  ];
  const { inbound, pair } = selectStats(report);
  assert.equal(inbound.id, 'v');
  assert.equal(pair.id, 'p2');
});

test('selectStats falls back to the nominated succeeded pair', () => {
  const { inbound, pair } = selectStats([
    { type: 'candidate-pair', id: 'p1', nominated: false, state: 'succeeded' },
    { type: 'candidate-pair', id: 'p2', nominated: true, state: 'succeeded' },
  ]);
  assert.equal(inbound, null);
  assert.equal(pair.id, 'p2');
});

test('updateStats derives rates from the previous report', () => {
  const stats = emptyStats();
  const first = updateStats({ stats, previous: null, inbound: { timestamp: 1000, framesDecoded: 10, bytesReceived: 1000, frameWidth: 1280, frameHeight: 720 }, pair: null, videoSize: { width: 0, height: 0 }, pattern: pattern(false, []) });
  assert.equal(stats.fps, 0);
  const second = updateStats({ stats, previous: first, inbound: { timestamp: 3000, framesDecoded: 130, bytesReceived: 501000, frameWidth: 1280, frameHeight: 720 }, pair: { currentRoundTripTime: 0.0125 }, videoSize: { width: 0, height: 0 }, pattern: pattern(false, []) });
  assert.equal(stats.fps, 60);
  assert.equal(stats.bitrate, 2_000_000);
  assert.equal(stats.rtt, 12.5);
  assert.equal(stats.framesDecoded, 130);
  assert.deepEqual([stats.width, stats.height], [1280, 720]);
  assert.deepEqual(second, { timestamp: 3000, framesDecoded: 130, bytesReceived: 501000 });
});

test('updateStats takes the video element\'s size when the stream does not say', () => {
  const stats = emptyStats();
  updateStats({ stats, previous: null, inbound: { timestamp: 1 }, pair: null, videoSize: { width: 640, height: 480 }, pattern: pattern(false, []) });
  assert.deepEqual([stats.width, stats.height, stats.framesDecoded, stats.rtt], [640, 480, 0, null]);
});

test('updateStats keeps the previous report when there is no inbound video', () => {
  const stats = emptyStats();
  const previous = { timestamp: 5, framesDecoded: 1, bytesReceived: 2 };
  assert.equal(updateStats({ stats, previous, inbound: null, pair: null, videoSize: { width: 0, height: 0 }, pattern: pattern(false, []) }), previous);
});

test('updateStats reports the median of recent latency samples only while the pattern is detected', () => {
  const stats = emptyStats();
  const samples = [...Array(100).keys()]; // 0..99: the last 30 are 70..99
  updateStats({ stats, previous: null, inbound: null, pair: null, videoSize: { width: 0, height: 0 }, pattern: pattern(true, samples) });
  assert.equal(stats.latencyP50, 85);
  updateStats({ stats, previous: null, inbound: null, pair: null, videoSize: { width: 0, height: 0 }, pattern: pattern(false, samples) });
  assert.equal(stats.latencyP50, null);
});

test('formatStats writes size, rates, RTT, viewers, role and latency', () => {
  const stats = { width: 1280, height: 720, fps: 59.94, bitrate: 4_250_000, rtt: 0.8, framesDecoded: 1, latencyP50: 31.25 };
  assert.equal(formatStats(stats, 2, 'control'),
    '1280x720  59.9 fps  4.25 Mb/s\nRTT 0.8 ms  viewers 2  role control\ncapture→display 31.3 ms (p50)');
});

test('formatStats shows dashes for unknown RTT and role and leaves out latency', () => {
  assert.equal(formatStats({ ...emptyStats() }, 0, null), '0x0  0.0 fps  0.00 Mb/s\nRTT –  viewers 0  role –');
});
