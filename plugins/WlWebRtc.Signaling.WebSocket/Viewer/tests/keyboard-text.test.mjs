import { test } from 'node:test';
import assert from 'node:assert/strict';
import { guessLayout, keyValue, LAYOUT_FINGERPRINTS, layoutMessage, MAX_TEXT_LENGTH, textMessages } from '../wwwroot/keyboard-text.js';

const layoutMap = entries => new Map(Object.entries(entries));

test('keyValue keeps characters, dead keys and key names', () => {
  assert.equal(keyValue('Quote', 'ä'), 'ä');
  assert.equal(keyValue('KeyE', '€'), '€');
  assert.equal(keyValue('Equal', 'Dead'), 'Dead');
  assert.equal(keyValue('AltRight', 'AltGraph'), 'AltGraph');
  assert.equal(keyValue('KeyA', '😀'), '😀');
});

test('keyValue sends nothing for keypad keys, unnamed keys, IME processing and bad values', () => {
  assert.equal(keyValue('Numpad1', '1'), undefined);
  assert.equal(keyValue('KeyA', 'Unidentified'), undefined);
  assert.equal(keyValue('KeyA', 'Process'), undefined);
  assert.equal(keyValue('KeyA', ''), undefined);
  assert.equal(keyValue('KeyA', '\u0007'), undefined);
  assert.equal(keyValue('KeyA', '\ud800'), undefined);
  assert.equal(keyValue('KeyA', 'x'.repeat(33)), undefined);
  assert.equal(keyValue('KeyA', undefined), undefined);
});

test('textMessages sends a composition as tx, without control characters', () => {
  assert.deepEqual(textMessages('日本語'), [{ t: 'tx', s: '日本語' }]);
  assert.deepEqual(textMessages('a\nb'), [{ t: 'tx', s: 'ab' }]);
  assert.deepEqual(textMessages(''), []);
  assert.deepEqual(textMessages(null), []);
});

test('textMessages splits long text at the limit without cutting a code point', () => {
  const text = 'a' + '😀'.repeat(MAX_TEXT_LENGTH);
  const messages = textMessages(text);
  assert.ok(messages.length > 1);
  for (const m of messages) assert.ok(m.s.length <= MAX_TEXT_LENGTH, `${m.s.length}`);
  assert.equal(messages.map(m => m.s).join(''), text);
  assert.ok(messages.every(m => !/[\ud800-\udbff]$/.test(m.s)));
});

test('guessLayout recognises German, French, Russian and US maps', () => {
  assert.equal(guessLayout(layoutMap({ KeyA: 'a', KeyY: 'z', KeyZ: 'y', Semicolon: 'ö', Quote: 'ä', Minus: 'ß' })), 'de');
  assert.equal(guessLayout(layoutMap({ KeyQ: 'a', KeyW: 'z', Semicolon: 'm', Digit1: '&', Minus: ')' })), 'be');
  assert.equal(guessLayout(layoutMap({ KeyQ: 'a', KeyW: 'z', Semicolon: 'm', Digit1: '&', Minus: 'ç' })), 'fr');
  assert.equal(guessLayout(layoutMap({ KeyF: 'а', KeyQ: 'й' })), 'ru');
  assert.equal(guessLayout(layoutMap({ KeyA: 'a', KeyQ: 'q', KeyY: 'y', Semicolon: ';', Quote: "'", Backslash: '\\' })), 'us');
});

test('guessLayout names every layout of its table from that layout\'s keys (no row before it takes them)', () => {
  assert.ok(LAYOUT_FINGERPRINTS.length >= 40);
  for (const [layout, keys] of LAYOUT_FINGERPRINTS) {
    assert.equal(guessLayout(layoutMap(keys)), layout, layout);
    assert.match(layout, /^[a-z][a-z0-9_-]*(\([a-z0-9_-]+\))?$/, 'an XKB name the server accepts');
  }
});

test('guessLayout tells apart layouts that share keys: Estonian and Swedish, Latin American and Spanish, Swiss French and Hungarian', () => {
  assert.equal(guessLayout(layoutMap({ KeyY: 'y', Semicolon: 'ö', Quote: 'ä', BracketLeft: 'ü' })), 'ee');
  assert.equal(guessLayout(layoutMap({ KeyY: 'y', Semicolon: 'ö', Quote: 'ä', BracketLeft: 'å' })), 'se');
  assert.equal(guessLayout(layoutMap({ Semicolon: 'ñ', Quote: '{' })), 'latam');
  assert.equal(guessLayout(layoutMap({ Semicolon: 'ñ', Quote: 'Dead' })), 'es');
  assert.equal(guessLayout(layoutMap({ KeyY: 'z', Semicolon: 'é', Quote: 'à' })), 'ch(fr)');
  assert.equal(guessLayout(layoutMap({ KeyY: 'z', Semicolon: 'é', Quote: 'á' })), 'hu');
  assert.equal(guessLayout(layoutMap({ KeyA: 'a', KeyQ: 'q', Equal: '^', BracketLeft: '@' })), 'jp');
});

test('guessLayout tells Serbian from Macedonian Cyrillic (both have љ on Q) and neither from Russian', () => {
  assert.equal(guessLayout(layoutMap({ KeyQ: 'љ', KeyW: 'њ', KeyF: 'ф', BracketRight: 'ђ', Quote: 'ћ' })), 'rs');
  assert.equal(guessLayout(layoutMap({ KeyQ: 'љ', KeyW: 'њ', KeyF: 'ф', BracketRight: 'ѓ', Quote: 'ќ' })), 'mk');
  assert.equal(guessLayout(layoutMap({ KeyQ: 'й', KeyF: 'а', BracketRight: 'ъ' })), 'ru');
});

test('guessLayout says unknown for an unknown map or none', () => {
  assert.equal(guessLayout(layoutMap({ KeyA: 'x' })), '');
  assert.equal(guessLayout(undefined), '');
  assert.equal(guessLayout({}), '');
});

test('layoutMessage reports the layout, empty when unknown', () => {
  assert.deepEqual(layoutMessage('de'), { t: 'kl', l: 'de' });
  assert.deepEqual(layoutMessage(undefined), { t: 'kl', l: '' });
});
