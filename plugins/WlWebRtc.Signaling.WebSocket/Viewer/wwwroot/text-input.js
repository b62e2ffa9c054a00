// Text input beyond single keys: what an input method composes (IME, emoji pickers) goes to the remote desktop as
// text, and the keyboard layout is reported when this viewer gets control or the layout changes, so the server can
// match its keymap (docs/input-protocol.md). Only an editable element receives compositions: a transparent textarea
// inside the stage takes the focus the stage gets, and is emptied after each composition.
import { guessLayout, layoutMessage, textMessages } from './keyboard-text.js';

/** `send(message)` sends on the input channel (only with the control role); returns `reportLayout()`. */
export function attachTextInput({ state, stage, send }) {
  const sink = document.createElement('textarea');
  sink.id = 'text-sink';
  sink.tabIndex = -1;
  sink.setAttribute('aria-hidden', 'true');
  sink.setAttribute('autocomplete', 'off');
  sink.setAttribute('autocapitalize', 'off');
  sink.spellcheck = false;
  Object.assign(sink.style, {
    position: 'absolute', left: '0', top: '0', width: '1px', height: '1px', opacity: '0', border: '0', padding: '0',
    resize: 'none', pointerEvents: 'none', overflow: 'hidden',
  });
  stage.append(sink);
  stage.addEventListener('focus', () => sink.focus());

  let composing = false;
  sink.addEventListener('compositionstart', () => { composing = true; });
  sink.addEventListener('compositionend', event => {
    composing = false;
    if (state.role === 'control') for (const message of textMessages(event.data)) send(message);
    sink.value = '';
  });
  sink.addEventListener('input', () => { if (!composing) sink.value = ''; });

  async function reportLayout() {
    let layout = '';
    try {
      if (navigator.keyboard && navigator.keyboard.getLayoutMap) layout = guessLayout(await navigator.keyboard.getLayoutMap());
    } catch {
      // no layout map (e.g. not a secure context): the layout stays unknown
    }
    send(layoutMessage(layout));
  }

  if (navigator.keyboard && navigator.keyboard.addEventListener) {
    navigator.keyboard.addEventListener('layoutchange', () => { if (state.role === 'control') reportLayout(); });
  }

  return { reportLayout };
}
