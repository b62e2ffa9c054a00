// What the viewer tells the server about its keyboard (docs/input-protocol.md, "Keyboard layouts and text"): the
// key value a key produced (`k` on key messages), the text an input method composed (`tx`), and the XKB layout
// guessed from the browser's layout map (`kl`). No DOM here, so the unit tests run it under node.

/** The protocol's limits: a key value and a text in UTF-16 units. */
export const MAX_KEY_LENGTH = 32;
export const MAX_TEXT_LENGTH = 160;

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

/**
 * The `k` to send with a key press or release, or undefined: none for keypad keys (their meaning follows the remote
 * Num Lock), for keys the browser cannot name (`Unidentified`) or that an input method is handling (`Process`), and
 * for values the server would refuse.
 */
export function keyValue(code, key) {
  if (typeof key !== 'string' || key.length === 0 || key.length > MAX_KEY_LENGTH) return undefined;
  if (typeof code === 'string' && code.startsWith('Numpad')) return undefined;
  if (key === 'Unidentified' || key === 'Process' || CONTROL.test(key) || hasLoneSurrogate(key)) return undefined;
  return key;
}

/** A composed text as `tx` messages: control characters dropped, split into pieces the server accepts (whole code points). */
export function textMessages(text) {
  if (typeof text !== 'string') return [];
  const clean = [...text].filter(c => !CONTROL.test(c) && !hasLoneSurrogate(c));
  const messages = [];
  let piece = '';
  for (const c of clean) {
    if (piece.length + c.length > MAX_TEXT_LENGTH) {
      messages.push({ t: 'tx', s: piece });
      piece = '';
    }
    piece += c;
  }
  if (piece.length > 0) messages.push({ t: 'tx', s: piece });
  return messages;
}

/** The viewer's layout report; an empty layout says "unknown" (the server then keeps its keymap). */
export const layoutMessage = layout => ({ t: 'kl', l: typeof layout === 'string' ? layout : '' });

// Layouts told apart by what a few keys give without modifiers (KeyboardLayoutMap: code → key), most specific first:
// the first whose keys all match wins. Adding a layout is adding a row (an XKB name the server can compile, and keys
// that tell it from the rows after it).
const FINGERPRINTS = [
  // Latin with a few national letters
  ['de(neo)', { KeyQ: 'x', KeyW: 'v' }],
  ['fr(bepo)', { KeyQ: 'b', KeyW: 'é' }],
  ['us(colemak)', { KeyE: 'f', KeyS: 'r', KeyD: 's' }],
  ['de', { KeyY: 'z', Semicolon: 'ö', Minus: 'ß' }],
  ['ch', { KeyY: 'z', Semicolon: 'ö', Quote: 'ä' }],
  ['ch(fr)', { KeyY: 'z', Semicolon: 'é', Quote: 'à' }],
  ['be', { KeyQ: 'a', KeyW: 'z', Semicolon: 'm', Digit1: '&', Minus: ')' }],
  ['fr', { KeyQ: 'a', KeyW: 'z', Semicolon: 'm' }],
  ['cz', { KeyY: 'z', Digit2: 'ě' }],
  ['sk', { KeyY: 'z', Digit2: 'ľ' }],
  ['hr', { KeyY: 'z', Semicolon: 'č', Quote: 'ć' }],
  ['hu', { KeyY: 'z', Semicolon: 'é' }],
  ['ee', { Semicolon: 'ö', Quote: 'ä', BracketLeft: 'ü' }],
  ['se', { Semicolon: 'ö', Quote: 'ä', BracketLeft: 'å' }],
  ['is', { Semicolon: 'æ', BracketLeft: 'ð' }],
  ['no', { Semicolon: 'ø', Quote: 'æ' }],
  ['dk', { Semicolon: 'æ', Quote: 'ø' }],
  ['latam', { Semicolon: 'ñ', Quote: '{' }],
  ['es', { Semicolon: 'ñ' }],
  ['it', { Semicolon: 'ò' }],
  ['br', { Semicolon: 'ç', Slash: ';' }],
  ['pt', { Semicolon: 'ç', Quote: 'º' }],
  ['tr', { Semicolon: 'ş' }],
  ['ro(std)', { Semicolon: 'ș' }],
  ['lt', { Digit1: 'ą', Digit2: 'č' }],
  // other scripts (Serbian Latin has the Croatian keys: it is guessed as hr, whose keymap types the same)
  ['rs', { KeyQ: 'љ', BracketRight: 'ђ' }],
  ['mk', { KeyQ: 'љ', BracketRight: 'ѓ' }],
  ['by', { KeyF: 'а', KeyO: 'ў' }],
  ['kz', { KeyF: 'а', Digit2: 'ә' }],
  ['ru', { KeyF: 'а', KeyQ: 'й' }],
  ['ua', { KeyF: 'а', KeyS: 'і' }],
  ['gr', { KeyA: 'α' }],
  ['il', { KeyA: 'ש' }],
  ['ara', { KeyA: 'ش' }],
  ['th', { KeyA: 'ฟ' }],
  ['ge', { KeyA: 'ა' }],
  // Latin letters where US has them
  ['jp', { Equal: '^', BracketLeft: '@' }],
  ['us(dvorak)', { KeyQ: "'", KeyW: ',' }],
  ['gb', { KeyA: 'a', KeyY: 'y', Backslash: '#', Quote: "'" }],
  ['us', { KeyA: 'a', KeyQ: 'q', KeyY: 'y', Semicolon: ';', Quote: "'", Backslash: '\\' }],
];

/** The table guessLayout reads: [XKB layout, { code: key }] rows, most specific first. */
export const LAYOUT_FINGERPRINTS = Object.freeze(FINGERPRINTS.map(row => Object.freeze(row)));

/**
 * The XKB layout of a KeyboardLayoutMap (anything with `get(code)`), or '' when none of the known ones matches.
 * Only base-level keys are in the map, so variants (nodeadkeys) are not told apart; the server types what differs as
 * characters anyway.
 */
export function guessLayout(layoutMap) {
  if (!layoutMap || typeof layoutMap.get !== 'function') return '';
  for (const [layout, keys] of FINGERPRINTS) {
    if (Object.entries(keys).every(([code, key]) => layoutMap.get(code) === key)) return layout;
  }
  return '';
}

function hasLoneSurrogate(text) {
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (unit >= 0xd800 && unit <= 0xdbff) {
      const next = text.charCodeAt(i + 1);
      if (!(next >= 0xdc00 && next <= 0xdfff)) return true;
      i++;
    } else if (unit >= 0xdc00 && unit <= 0xdfff) {
      return true;
    }
  }
  return false;
}
