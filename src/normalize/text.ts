import anyAscii from 'any-ascii';

/** Already folded: lower-case ASCII letters/digits in single-space-separated tokens. */
const FOLDED = /^[a-z0-9]+(?: [a-z0-9]+)*$/;
const NON_ASCII = /[\u0080-\uffff]/;
/** Apostrophes and hyphens between two word characters join the word (O'Brien, Smith-Jones). */
const INNER_JOINER = /([a-z0-9])['-]+(?=[a-z0-9])/g;
const NON_WORD = /[^a-z0-9]+/g;

/**
 * Folds free text to a comparable form: NFKC, ASCII transliteration, lower case, punctuation to
 * spaces (apostrophes and hyphens inside a word are dropped), single spaces, trimmed.
 * `José` → `jose`, `O'Brien` → `obrien`, `Smith-Jones` → `smithjones`.
 */
export function foldText(raw: string): string {
  if (FOLDED.test(raw)) return raw;
  let s = raw;
  if (NON_ASCII.test(s)) s = anyAscii(s.normalize('NFKC'));
  s = s.toLowerCase().replace(INNER_JOINER, '$1').replace(NON_WORD, ' ');
  const start = s.charCodeAt(0) === 32 ? 1 : 0;
  const end = s.length > start && s.charCodeAt(s.length - 1) === 32 ? s.length - 1 : s.length;
  return start === 0 && end === s.length ? s : s.slice(start, end);
}

/** Folded text split into tokens (empty array for blank input). */
export function foldTokens(raw: string): string[] {
  const folded = foldText(raw);
  return folded === '' ? [] : folded.split(' ');
}
