import type { Random } from './random.js';

const KEYBOARD_NEIGHBOURS: Readonly<Record<string, string>> = {
  a: 'qwsz',
  b: 'vghn',
  c: 'xdfv',
  d: 'serfcx',
  e: 'wsdr',
  f: 'drtgvc',
  g: 'ftyhbv',
  h: 'gyujnb',
  i: 'ujko',
  j: 'huikmn',
  k: 'jiolm',
  l: 'kop',
  m: 'njk',
  n: 'bhjm',
  o: 'iklp',
  p: 'ol',
  q: 'wa',
  r: 'edft',
  s: 'awedxz',
  t: 'rfgy',
  u: 'yhji',
  v: 'cfgb',
  w: 'qase',
  x: 'zsdc',
  y: 'tghu',
  z: 'asx',
};

function neighbour(ch: string, rng: Random): string {
  const lower = ch.toLowerCase();
  const options = KEYBOARD_NEIGHBOURS[lower];
  if (!options) return ch;
  const picked = options[rng.int(options.length)] ?? lower;
  return ch === lower ? picked : picked.toUpperCase();
}

/**
 * Applies one keyboard-style edit to a word: insert, delete, substitute or transpose a
 * character. The first letter is kept so the word still reads as the same name.
 */
export function applyTypo(word: string, rng: Random): string {
  if (word.length < 3) return word;
  const pos = 1 + rng.int(word.length - 1);
  const ch = word[pos] ?? '';
  switch (rng.int(4)) {
    case 0:
      return word.slice(0, pos) + neighbour(ch, rng) + word.slice(pos);
    case 1:
      return word.slice(0, pos) + word.slice(pos + 1);
    case 2:
      return word.slice(0, pos) + neighbour(ch, rng) + word.slice(pos + 1);
    default: {
      if (pos >= word.length - 1) return word.slice(0, pos - 1) + ch + (word[pos - 1] ?? '');
      return word.slice(0, pos) + (word[pos + 1] ?? '') + ch + word.slice(pos + 2);
    }
  }
}
