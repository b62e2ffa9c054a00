// The remote cursor, when the server sends it as metadata (docs/input-protocol.md, "Cursor") instead of drawing it
// into the video: the controlling viewer sees it as its own CSS cursor (so it moves at once with the local pointer),
// a view-only viewer (or one in pointer lock) as an overlay at the position the server reports.
import { clientPlacement, cssCursor, CursorImages, overlayBox, readCursorMessage } from './cursor-messages.js';
import { pictureRect } from './picture-geometry.js';

/**
 * Draws the remote cursor over `video` inside `stage`. Returns `onChannelMessage(message)` (true when it was a cursor
 * message, taken here) and `setRole()` (call after the role changed). Exposes `state.cursor` (the tests read it).
 */
export function attachCursor({ state, video, stage }) {
  const images = new CursorImages();
  const overlay = document.createElement('img');
  overlay.id = 'remote-cursor';
  overlay.alt = '';
  overlay.hidden = true;
  stage.appendChild(overlay);

  const shown = { id: 0, x: 0, y: 0, w: 0, h: 0, image: null };
  const local = { x: 0, y: 0, inside: false };
  state.cursor = { metadata: false, id: 0, x: 0, y: 0, shape: 'none', css: null, image: null, width: 0, height: 0 };

  const picture = () => pictureRect(video.videoWidth, video.videoHeight, video.getBoundingClientRect());
  const followsLocalPointer = () => state.role === 'control' && document.pointerLockElement !== video;

  function render() {
    if (!state.cursor.metadata) return; // the cursor is in the video: the page leaves it alone
    const image = shown.image;
    const css = followsLocalPointer() ? cssCursor(image) : null;
    // no image known (mutter 43 sends none until the sprite changes when its pointer appeared after the cast
    // started): the controlling viewer keeps its own arrow rather than no pointer at all
    video.style.cursor = css ?? (followsLocalPointer() && !image ? 'default' : 'none');
    let at = null;
    let scale = 1;
    if (image && !css) {
      if (followsLocalPointer()) {
        at = local.inside ? { x: local.x, y: local.y } : null;
      } else {
        // in captured pixels of shown.w × shown.h, whatever size the stream is scaled to now
        const placed = clientPlacement(shown.x, shown.y, picture(), shown);
        at = placed;
        scale = placed ? placed.scale : 1;
      }
    }
    if (at) {
      const box = overlayBox(image, at.x, at.y, scale);
      if (overlay.getAttribute('src') !== image.url) overlay.src = image.url;
      Object.assign(overlay.style, { left: `${box.left}px`, top: `${box.top}px`, width: `${box.width}px`, height: `${box.height}px` });
      overlay.hidden = false;
    } else {
      overlay.hidden = true;
    }
    Object.assign(state.cursor, {
      id: shown.id, x: shown.x, y: shown.y, captureWidth: shown.w, captureHeight: shown.h, css, image,
      shape: css ? 'css' : at ? 'overlay' : 'none',
      width: image ? image.w * image.s : 0, height: image ? image.h * image.s : 0,
    });
  }

  video.addEventListener('pointermove', event => {
    Object.assign(local, { x: event.clientX, y: event.clientY, inside: true });
    if (state.cursor.metadata && state.cursor.shape === 'overlay' && followsLocalPointer()) render();
  });
  video.addEventListener('pointerleave', () => { local.inside = false; render(); });
  window.addEventListener('resize', render);
  video.addEventListener('resize', render); // the video's own size changed (a new stream size)
  document.addEventListener('pointerlockchange', render);

  function onChannelMessage(message) {
    const cursor = readCursorMessage(message);
    if (!cursor) return message?.t === 'ci' || message?.t === 'cp'; // a bad cursor message is dropped here
    if (cursor.t === 'ci') {
      images.define(cursor);
      return true;
    }
    state.cursor.metadata = true;
    Object.assign(shown, { id: cursor.id, x: cursor.x, y: cursor.y, w: cursor.w, h: cursor.h, image: images.use(cursor.id) });
    render();
    return true;
  }

  return { onChannelMessage, setRole: render };
}
