import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MAX_STAGE_MS, SERVER_STAGES_STALE_MS, currentServerStages, overlayServerStages, readServerStages, takeServerStages } from '../wwwroot/server-stages.js';
import { formatStages } from '../wwwroot/stage-latency.js';

test('readServerStages reads every stage in ms', () => {
  assert.deepEqual(readServerStages({ t: 'stages', capture: 2.5, convert: 1.2, encode: 6, send: 0.05, pacing: 3.1 }),
    { capture: 2.5, convert: 1.2, encode: 6, send: 0.05, pacing: 3.1, idle: null });
});

test('readServerStages gives null for a stage left out, of the wrong type or out of range', () => {
  assert.deepEqual(readServerStages({ t: 'stages', capture: -1, convert: '1', encode: NaN, send: MAX_STAGE_MS + 1 }),
    { capture: null, convert: null, encode: null, send: null, pacing: null, idle: null });
});

test('readServerStages ignores other messages', () => {
  for (const other of [null, 42, 'stages', { t: 'cp', id: 1, x: 0, y: 0 }, { t: 'role', role: 'view' }]) {
    assert.equal(readServerStages(other), null);
  }
});

test('overlayServerStages shows this viewer\'s pacing, else the hand-off to the viewers', () => {
  assert.equal(overlayServerStages({ capture: 1, convert: 1, encode: 1, send: 0.1, pacing: 4 }).pacingSend, 4);
  assert.equal(overlayServerStages({ capture: 1, convert: 1, encode: 1, send: 0.1, pacing: null }).pacingSend, 0.1);
});

test('takeServerStages puts the stages where the overlay reads them, and only a stages message', () => {
  const state = {};
  assert.equal(takeServerStages(state, { t: 'role', role: 'view' }), false);
  assert.equal(state.serverStages, undefined);
  assert.equal(takeServerStages(state, { t: 'stages', capture: 2, convert: 1, encode: 5, send: 0.1, pacing: 3 }, 1000), true);
  assert.deepEqual(state.serverStages, { capture: 2, convert: 1, encode: 5, pacingSend: 3 });
  assert.equal(state.serverStagesAt, 1000);
});

test('an idle report (static screen) replaces the last stages: the overlay says idle, not the old medians', () => {
  const state = {};
  takeServerStages(state, { t: 'stages', capture: 2, convert: 1, encode: 5, send: 0.1, pacing: 3 }, 1000);
  takeServerStages(state, { t: 'stages', idle: 3200 }, 2000);
  assert.deepEqual(state.serverStages, { idle: 3200 });
  const lines = formatStages({ network: 10, jitterBuffer: 20, decode: null, render: null }, currentServerStages(state, 2500));
  assert.deepEqual(lines, [
    'server: idle (no new frames for 3.2 s)',
    'viewer: network 10.0  jitter buffer 20.0  decode –  render – ms',
  ]);
  assert.deepEqual(formatStages(null, state.serverStages), ['server: idle (no new frames for 3.2 s)']);
});

test('readServerStages takes idle only as a plausible number of ms', () => {
  assert.equal(readServerStages({ t: 'stages', idle: 2500 }).idle, 2500);
  for (const bad of [-1, '2500', NaN, MAX_STAGE_MS + 1, null]) {
    assert.equal(readServerStages({ t: 'stages', idle: bad }).idle, null);
  }
  assert.equal(overlayServerStages(readServerStages({ t: 'stages', idle: 'x', capture: 1 })).capture, 1);
});

test('frames again after idle: the stages show again', () => {
  const state = {};
  takeServerStages(state, { t: 'stages', idle: 5000 }, 1000);
  takeServerStages(state, { t: 'stages', capture: 2, convert: 1, encode: 5, send: 0.1, pacing: 3 }, 2000);
  assert.equal(formatStages(null, currentServerStages(state, 2000))[0], 'server: capture 2.0  convert 1.0  encode 5.0  pacing+send 3.0 ms');
});

test('currentServerStages drops stages the server stopped renewing', () => {
  const state = {};
  assert.equal(currentServerStages(state, 0), null);
  takeServerStages(state, { t: 'stages', capture: 2, convert: 1, encode: 5, send: 0.1, pacing: 3 }, 10_000);
  assert.deepEqual(currentServerStages(state, 10_000 + SERVER_STAGES_STALE_MS), state.serverStages);
  assert.equal(currentServerStages(state, 10_001 + SERVER_STAGES_STALE_MS), null);
});

test('formatStages with the server\'s stages adds the whole budget', () => {
  const state = {};
  takeServerStages(state, { t: 'stages', capture: 2, convert: 1, encode: 5, send: 0.1, pacing: 3 });
  const lines = formatStages({ network: 10, jitterBuffer: 20, decode: 2, render: null }, state.serverStages);
  assert.deepEqual(lines, [
    'server: capture 2.0  convert 1.0  encode 5.0  pacing+send 3.0 ms',
    'viewer: network 10.0  jitter buffer 20.0  decode 2.0  render – ms',
    'stages total 43.0 ms (server 11.0 + viewer 32.0)',
  ]);
});

test('readServerStages never throws on random input (fuzz)', () => {
  let seed = 4242;
  const random = () => ((seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32);
  const values = [0, 1, -1, 0.5, 1e6, NaN, Infinity, '', '1', null, true, [], {}];
  for (let i = 0; i < 20000; i++) {
    const message = { t: 'stages' };
    for (const key of ['capture', 'convert', 'encode', 'send', 'pacing', 'idle']) {
      if (random() < 0.8) message[key] = values[Math.floor(random() * values.length)];
    }
    const read = readServerStages(message);
    for (const value of Object.values(read)) assert.ok(value === null || (Number.isFinite(value) && value >= 0 && value <= MAX_STAGE_MS));
  }
});
