// Fullscreen with Keyboard Lock (Chromium, secure origins): while locked, Escape, Alt+Tab and friends go to the
// remote desktop instead of the browser. Holding Esc for a second releases the keyboard: the lock ends, fullscreen
// ends, and focus moves to the toolbar so keys stay on the page until the picture is clicked again. The page says
// so in the toolbar and, for a few seconds, when fullscreen starts.
import { createKeyHold, RELEASE_KEY } from './key-hold.js';
import { setPressed } from './toolbar.js';

const HINT_SECONDS = 5;

/**
 * `button`: the Fullscreen toggle; `stage`: the element that takes keys for the remote desktop; `hint`: the
 * fullscreen hint; `toolbar`: keys typed there are the page's; `releaseInput()`: releases what the remote
 * side holds down.
 */
export function attachKeyboardLock({ state, button, stage, hint, toolbar, releaseInput }) {
  const keyboard = navigator.keyboard;
  let hintTimer = null;

  const showHint = visible => {
    clearTimeout(hintTimer);
    hint.hidden = !visible;
    if (visible) hintTimer = setTimeout(() => { hint.hidden = true; }, HINT_SECONDS * 1000);
  };

  const unlock = () => {
    if (keyboard && keyboard.unlock) keyboard.unlock();
    state.keyboardLocked = false;
  };

  function releaseKeyboard() {
    releaseInput();
    unlock();
    const focusToolbar = () => button.focus();
    // The toolbar is not displayed in fullscreen: focus it once fullscreen has ended.
    if (document.fullscreenElement) document.exitFullscreen().then(focusToolbar, focusToolbar);
    else focusToolbar();
  }

  button.addEventListener('click', async () => {
    if (document.fullscreenElement) { await document.exitFullscreen(); return; }
    await document.documentElement.requestFullscreen({ navigationUI: 'hide' });
    if (keyboard && keyboard.lock) {
      keyboard.lock().then(() => { state.keyboardLocked = !!document.fullscreenElement; }, () => {});
    }
    showHint(true);
    stage.focus();
  });

  document.addEventListener('fullscreenchange', () => {
    const fullscreen = !!document.fullscreenElement;
    setPressed(button, fullscreen);
    if (!fullscreen) {
      unlock();
      showHint(false);
    }
  });

  const hold = createKeyHold({ code: RELEASE_KEY, onHold: releaseKeyboard });
  const fromToolbar = event => event.target instanceof Node && toolbar.contains(event.target);
  window.addEventListener('keydown', event => { if (!fromToolbar(event)) hold.down(event.code); });
  window.addEventListener('keyup', event => hold.up(event.code));
  window.addEventListener('blur', () => hold.cancel());

  return { releaseKeyboard };
}
