import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  clientPlacement, cssCursor, CursorImages, IMAGE_CACHE_CAPACITY, MAX_PNG_BASE64, overlayBox, readCursorMessage,
} from '../wwwroot/cursor-messages.js';

const image = (id, extra = {}) => ({ t: 'ci', id, w: 24, h: 24, hx: 3, hy: 4, s: 1, png: 'iVBORw0KGgo=', ...extra });

test('readCursorMessage reads an image as a data URL', () => {
  const read = readCursorMessage(image(7));
  assert.deepEqual(read, { t: 'ci', id: 7, w: 24, h: 24, hx: 3, hy: 4, s: 1, url: 'data:image/png;base64,iVBORw0KGgo=' });
});

test('readCursorMessage reads a position, id 0 meaning no cursor', () => {
  assert.deepEqual(readCursorMessage({ t: 'cp', id: 7, x: 10, y: -2 }), { t: 'cp', id: 7, x: 10, y: -2, w: 0, h: 0 });
  assert.deepEqual(readCursorMessage({ t: 'cp', id: 0, x: 0, y: 0 }), { t: 'cp', id: 0, x: 0, y: 0, w: 0, h: 0 });
});

test('readCursorMessage reads the captured size a position is in', () => {
  assert.deepEqual(readCursorMessage({ t: 'cp', id: 7, x: 10, y: 20, w: 1280, h: 720 }), { t: 'cp', id: 7, x: 10, y: 20, w: 1280, h: 720 });
});

test('readCursorMessage refuses a field missing, of the wrong type or out of range', () => {
  for (const bad of [
    image(0), image(1.5), image('1'), image(1, { w: 0 }), image(1, { h: 513 }), image(1, { s: 0 }), image(1, { hx: 1e9 }),
    image(1, { png: '' }), image(1, { png: 'not base64!' }), image(1, { png: 'A'.repeat(MAX_PNG_BASE64 + 4) }),
    image(1, { png: 'javascript:alert(1)' }), image(1, { png: 'AAAA")' }), image(1, { png: 42 }),
    { t: 'cp', id: -1, x: 0, y: 0 }, { t: 'cp', id: 1, x: Infinity, y: 0 }, { t: 'cp', id: 1, x: 0 }, { t: 'cp', id: 1, x: '1', y: 2 },
    { t: 'cp', id: 1, x: 0, y: 0, w: 640 }, { t: 'cp', id: 1, x: 0, y: 0, w: 0, h: 480 }, { t: 'cp', id: 1, x: 0, y: 0, w: 640, h: 1e9 },
    { t: 'cp', id: 1, x: 0, y: 0, w: '640', h: 480 }, { t: 'cp', id: 1, x: 0, y: 0, w: 6.5, h: 480 },
    { t: 'role', role: 'control' }, null, 'ci', 42,
  ]) {
    assert.equal(readCursorMessage(bad), null, JSON.stringify(bad));
  }
});

test('readCursorMessage never throws and only returns checked messages on random input (fuzz)', () => {
  let seed = 12345;
  const random = () => ((seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32);
  const values = [0, 1, -1, 7, 512, 513, 1e6, 1e7, 0.5, NaN, Infinity, '', 'x', 'AAAA', '=', null, true, [], {}, 2 ** 53];
  const keys = ['t', 'id', 'w', 'h', 'hx', 'hy', 's', 'png', 'x', 'y'];
  for (let i = 0; i < 100000; i++) {
    const message = { t: random() < 0.5 ? 'ci' : 'cp' };
    for (const key of keys) {
      if (key !== 't' && random() < 0.9) message[key] = values[Math.floor(random() * values.length)];
    }
    const read = readCursorMessage(message);
    if (read === null) continue;
    assert.ok(Number.isSafeInteger(read.id) && read.id >= 0);
    if (read.t === 'ci') assert.match(read.url, /^data:image\/png;base64,[A-Za-z0-9+/]+={0,2}$/);
    else assert.ok(Number.isSafeInteger(read.x) && Number.isSafeInteger(read.y) && Number.isSafeInteger(read.w) && Number.isSafeInteger(read.h) && (read.w > 0) === (read.h > 0));
  }
});

test('CursorImages evicts the least recently used image, a use counting', () => {
  const images = new CursorImages(3);
  for (const id of [1, 2, 3]) images.define(readCursorMessage(image(id)));
  assert.ok(images.use(1));
  images.define(readCursorMessage(image(4)));

  assert.equal(images.size, 3);
  assert.equal(images.use(2), null);
  assert.ok(images.use(1) && images.use(3) && images.use(4));
});

test('CursorImages keeps twice the 32 images the server assumes a viewer holds', () => {
  assert.equal(IMAGE_CACHE_CAPACITY, 64);
  const images = new CursorImages();
  for (let id = 1; id <= 100; id++) images.define(readCursorMessage(image(id)));
  assert.equal(images.size, 64);
  assert.equal(images.use(36), null);
  assert.ok(images.use(37));
  assert.equal(images.use(0), null);
});

test('cssCursor names the data URL with the hotspot and a fallback', () => {
  assert.equal(cssCursor(readCursorMessage(image(1))), 'url("data:image/png;base64,iVBORw0KGgo=") 3 4, default');
});

test('cssCursor is null for an image a browser would not take as a cursor', () => {
  assert.equal(cssCursor(null), null);
  assert.equal(cssCursor(readCursorMessage(image(1, { w: 256, h: 256 }))), null);
  assert.equal(cssCursor(readCursorMessage(image(1, { s: 2 }))), null);
});

test('cssCursor keeps the hotspot inside the image', () => {
  assert.equal(cssCursor(readCursorMessage(image(1, { hx: -5, hy: 40 }))), 'url("data:image/png;base64,iVBORw0KGgo=") 0 23, default');
});

test('overlayBox puts the hotspot on the point, scaled', () => {
  const halved = readCursorMessage(image(1, { w: 10, h: 20, hx: 2, hy: 4, s: 2 }));
  assert.deepEqual(overlayBox(halved, 100, 50, 0.5), { left: 98, top: 46, width: 10, height: 20 });
});

test('clientPlacement without a captured size maps video pixels through the picture', () => {
  assert.deepEqual(clientPlacement(100, 40, { left: 10, top: 210, width: 320, height: 240, scale: 0.5 }, { w: 0, h: 0 }), { x: 60, y: 230, scale: 0.5 });
  assert.equal(clientPlacement(1, 1, null, { w: 640, h: 480 }), null);
});

// A 1280x720 capture shown in a 960x540 picture at (20, 30): the stream's own size does not matter, only the picture's box.
const picture = (videoWidth, videoHeight) => ({ left: 20, top: 30, width: 960, height: 540, scale: 960 / videoWidth });

test('clientPlacement places a captured position by its fraction of the captured size, whatever the stream is scaled to', () => {
  const capture = { w: 1280, h: 720 };
  for (const [videoWidth, videoHeight] of [[1280, 720], [960, 540], [640, 360]]) {
    const placed = clientPlacement(640, 180, picture(videoWidth, videoHeight), capture);
    assert.deepEqual(placed, { x: 20 + 480, y: 30 + 135, scale: 0.75 }, `stream ${videoWidth}x${videoHeight}`);
  }
});

test('clientPlacement with a scaled stream: the overlay box keeps the cursor at its captured size on the page', () => {
  const arrow = readCursorMessage(image(1, { w: 32, h: 32, hx: 4, hy: 8, s: 1 }));
  const placed = clientPlacement(1280, 720, picture(640, 360), { w: 1280, h: 720 });
  assert.deepEqual(overlayBox(arrow, placed.x, placed.y, placed.scale), { left: 980 - 3, top: 570 - 6, width: 24, height: 24 });
});
