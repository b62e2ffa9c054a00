// The page's own controls: the status line, the statistics toggle, and the pressed state of toggle buttons, which
// assistive technology reads from aria-pressed.

/** Keeps a toggle button's aria-pressed in step with what it controls. */
export function setPressed(button, pressed) {
  button.setAttribute('aria-pressed', pressed ? 'true' : 'false');
}

/** A function that shows `text` in the status box, or hides the box for an empty text. */
export function createStatus(box) {
  return text => {
    box.textContent = text || '';
    box.classList.toggle('hidden', !text);
  };
}

/** The Stats button shows and hides the statistics overlay; `render()` fills it at once when shown. */
export function attachStatsToggle({ button, box, render, visible }) {
  const show = on => {
    box.hidden = !on;
    setPressed(button, on);
    render();
  };
  button.addEventListener('click', () => show(box.hidden));
  show(visible);
}
