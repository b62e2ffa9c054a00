import { test } from 'node:test';
import assert from 'node:assert/strict';
import { normalisedPoint, pictureRect } from '../wwwroot/picture-geometry.js';

test('pictureRect letterboxes a wide picture in a tall element', () => {
  // 1920x1080 in 960x960: scale 1/2, 540 high, bars of 210 above and below.
  assert.deepEqual(pictureRect(1920, 1080, { left: 0, top: 0, width: 960, height: 960 }), { left: 0, top: 210, width: 960, height: 540, scale: 0.5 });
});

test('pictureRect pillarboxes a narrow picture in a wide element, offset by the element', () => {
  const p = pictureRect(800, 600, { left: 10, top: 20, width: 1600, height: 600 });
  assert.deepEqual(p, { left: 410, top: 20, width: 800, height: 600, scale: 1 });
});

test('pictureRect is null while the video has no size', () => {
  assert.equal(pictureRect(0, 0, { left: 0, top: 0, width: 100, height: 100 }), null);
  assert.equal(pictureRect(640, 0, { left: 0, top: 0, width: 100, height: 100 }), null);
});

test('normalisedPoint maps the picture to 0..1', () => {
  const p = { left: 410, top: 20, width: 800, height: 600 };
  assert.deepEqual(normalisedPoint(410, 20, p), { x: 0, y: 0 });
  assert.deepEqual(normalisedPoint(810, 320, p), { x: 0.5, y: 0.5 });
  assert.deepEqual(normalisedPoint(1210, 620, p), { x: 1, y: 1 });
});

test('normalisedPoint is null on the bars or without a picture', () => {
  const p = { left: 410, top: 20, width: 800, height: 600 };
  assert.equal(normalisedPoint(409, 300, p), null);
  assert.equal(normalisedPoint(1211, 300, p), null);
  assert.equal(normalisedPoint(500, 19, p), null);
  assert.equal(normalisedPoint(500, 621, p), null);
  assert.equal(normalisedPoint(500, 300, null), null);
});
