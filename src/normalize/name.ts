import { foldTokens, foldText } from './text.js';
import { HONORIFICS, NAME_SUFFIXES, SURNAME_PARTICLES } from './name-parts.js';

/** The parts of a full name, each folded; family names are joined without spaces. */
export interface NameParts {
  first: string;
  middle: string;
  last: string;
}

const EMPTY: NameParts = Object.freeze({ first: '', middle: '', last: '' });

/** How many trailing tokens form a suffix: a suffix word, or dotted pieces of one (`ph d`, `m d`). */
function suffixLength(tokens: readonly string[], end: number): number {
  const last = tokens[end - 1] ?? '';
  if (NAME_SUFFIXES.has(last)) return 1;
  if (last.length > 2) return 0;
  let joined = last;
  for (let k = 2; k <= 3 && end - k >= 0; k++) {
    const t = tokens[end - k] ?? '';
    if (t.length > 2) return 0;
    joined = t + joined;
    if (NAME_SUFFIXES.has(joined)) return k;
  }
  return 0;
}

/**
 * Drops leading honorifics and trailing suffixes. A suffix that is the only token left is kept
 * (a given name `J R` or `Jr` stays); an honorific alone leaves nothing.
 */
function stripAffixes(tokens: readonly string[]): readonly string[] {
  let start = 0;
  while (start < tokens.length && HONORIFICS.has(tokens[start] ?? '')) start++;
  let end = tokens.length;
  for (;;) {
    const n = suffixLength(tokens, end);
    if (n === 0 || end - n <= start) break;
    end -= n;
  }
  return start === 0 && end === tokens.length ? tokens : tokens.slice(start, end);
}

/** A given name folded, without honorifics or suffixes (`Dr. Robert` → `robert`; `Mary-Ann` → `maryann`). */
export function normalizeGivenName(raw: string): string {
  return stripAffixes(foldTokens(raw)).join(' ');
}

/** A family name folded and joined without spaces (`van Beethoven` → `vanbeethoven`, `Smith Jr.` → `smith`). */
export function normalizeFamilyName(raw: string): string {
  return stripAffixes(foldTokens(raw)).join('');
}

/** Index where the family name starts: the last token plus any particles right before it. */
function familyStart(tokens: readonly string[]): number {
  let i = tokens.length - 1;
  while (i > 1 && SURNAME_PARTICLES.has(tokens[i - 1] ?? '')) i--;
  return i;
}

function givenParts(tokens: readonly string[]): { first: string; middle: string } {
  return { first: tokens[0] ?? '', middle: tokens.slice(1).join(' ') };
}

/**
 * Splits a full name into first, middle and last: `Smith, John A.`, `John A. Smith`,
 * `Dr. Robert Smith Jr.`, `Ludwig van Beethoven` (last `vanbeethoven`). A single word is a first name.
 */
export function splitFullName(raw: string): NameParts {
  const comma = raw.indexOf(',');
  if (comma >= 0) {
    const before = raw.slice(0, comma);
    const after = raw.slice(comma + 1).replaceAll(',', ' ');
    const afterTokens = foldTokens(after);
    const afterIsSuffix = afterTokens.length > 0 && stripAffixes(['x', ...afterTokens]).length === 1;
    if (!afterIsSuffix && afterTokens.length > 0) {
      const last = normalizeFamilyName(before);
      const given = stripAffixes(afterTokens);
      if (last !== '') {
        const hasGiven = given.length > 0 && !(given.length === 1 && NAME_SUFFIXES.has(given[0] ?? ''));
        return { ...(hasGiven ? givenParts(given) : { first: '', middle: '' }), last };
      }
      return splitTokens(given);
    }
    return splitTokens(stripAffixes(foldTokens(before)));
  }
  return splitTokens(stripAffixes(foldTokens(raw)));
}

function splitTokens(tokens: readonly string[]): NameParts {
  if (tokens.length === 0) return EMPTY;
  if (tokens.length === 1) return { first: tokens[0] ?? '', middle: '', last: '' };
  const start = familyStart(tokens);
  return { ...givenParts(tokens.slice(0, start)), last: tokens.slice(start).join('') };
}

/** The first letter of a folded name ('' when empty). */
export function nameInitial(name: string): string {
  return foldText(name).charAt(0);
}
