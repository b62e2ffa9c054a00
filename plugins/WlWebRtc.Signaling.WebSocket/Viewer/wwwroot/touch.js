// Pointer events of type touch on the video become remote touches (touch-forwarder.js) while the server offers a
// touchscreen (`state.remoteTouch`, from the role message) and this viewer has control; otherwise input.js handles
// them as a mouse. `handle(event)` returns whether the event was taken here.
import { TouchForwarder } from './touch-forwarder.js';

export function attachTouch({ state, video, picture, send }) {
  const forwarder = new TouchForwarder(send);
  const active = () => state.remoteTouch === true && state.role === 'control';
  const point = event => {
    const p = picture();
    return p ? { x: (event.clientX - p.left) / p.width, y: (event.clientY - p.top) / p.height } : null;
  };
  const inside = at => at && at.x >= 0 && at.x <= 1 && at.y >= 0 && at.y <= 1;

  // the browser must not pan or zoom the page under a finger that touches the remote screen
  const syncTouchAction = () => { video.style.touchAction = active() ? 'none' : ''; };

  function handle(event) {
    if (event.pointerType !== 'touch') return false;
    if (event.type === 'pointerdown') {
      if (!active()) return false;
      const at = point(event);
      if (inside(at) && forwarder.down(event.pointerId, at)) video.setPointerCapture?.(event.pointerId);
      event.preventDefault();
      return true;
    }
    if (!forwarder.has(event.pointerId)) return active();
    if (event.type === 'pointermove') forwarder.move(event.pointerId, point(event));
    else if (event.type === 'pointerup' || event.type === 'pointercancel') forwarder.up(event.pointerId);
    event.preventDefault();
    return true;
  }

  return { handle, releaseAll: () => forwarder.releaseAll(), syncTouchAction, get fingers() { return forwarder.fingers; } };
}
