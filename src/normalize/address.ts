import { foldText, foldTokens } from './text.js';
import { CITY_WORDS, ORDINALS, STREET_WORDS } from './street-words.js';
import { COUNTRY_CODES, ISO2_CODES, STATE_ALIASES, STATE_CODES } from './regions.js';

const HASH_UNIT = /#\s*(?=[0-9a-z])/gi;
const HYPHEN = /-/g;
const PO_BOX = /\b(?:p o|po|pob|post office) box\b|\bpob\b/g;
const WORD = /^[a-z]+$/;
const POSTCODE_NOISE = /[^0-9a-z]/gi;
const DIGITS = /^[0-9]+$/;
const STATE_CODE_SET: ReadonlySet<string> = new Set(STATE_CODES.values());

/** `st`/`dr` before a plain word is Saint/Doctor (`St Kilda Rd`), otherwise Street/Drive. */
const TITLE_BEFORE_NAME: ReadonlyMap<string, string> = new Map([
  ['st', 'saint'],
  ['dr', 'doctor'],
]);

function beforeName(next: string | undefined): boolean {
  return (
    next !== undefined && WORD.test(next) && !STREET_WORDS.has(next) && next !== 'unit' && next !== 'suite'
  );
}

/**
 * A street line folded with one spelling per street type, direction and unit word:
 * `123 N. Main St., Apt 4B` → `123 n main street unit 4b`; `#4` → `unit 4`; `St Kilda Rd` → `saint kilda road`.
 */
export function normalizeStreet(raw: string): string {
  const folded = foldText(raw.replace(HASH_UNIT, ' unit ').replace(HYPHEN, ' ')).replace(PO_BOX, 'po box');
  if (folded === '') return '';
  const tokens = folded.split(' ');
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i] ?? '';
    const title = TITLE_BEFORE_NAME.get(t);
    if (title !== undefined && i < tokens.length - 1 && beforeName(tokens[i + 1])) tokens[i] = title;
    else tokens[i] = STREET_WORDS.get(t) ?? ORDINALS.get(t) ?? t;
  }
  return tokens.join(' ');
}

/** A city name folded with `St.`/`Mt.`/`Ft.` spelled out and hyphens as spaces (`St.-Louis` = `Saint Louis`). */
export function normalizeCity(raw: string): string {
  const tokens = foldTokens(raw.replace(HYPHEN, ' '));
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i] ?? '';
    tokens[i] = CITY_WORDS.get(t) ?? t;
  }
  return tokens.join(' ');
}

/**
 * A postcode upper-cased without spaces or dashes (`sw1a 1aa` → `SW1A1AA`). For the US (or a
 * 9-digit code with no country) the 5-digit ZIP; US ZIPs that lost leading zeros are padded.
 */
export function normalizePostcode(raw: string, country?: string): string {
  const s = raw.replace(POSTCODE_NOISE, '').toUpperCase();
  if (s === '') return '';
  const iso = country === undefined ? '' : normalizeCountry(country);
  if (DIGITS.test(s)) {
    if (s.length === 9 && (iso === '' || iso === 'us')) return s.slice(0, 5);
    if (iso === 'us' && s.length >= 3 && s.length < 5) return s.padStart(5, '0');
  }
  return s;
}

/**
 * A US state, Canadian province or Australian state as its lower-case code (`California` → `ca`,
 * `New South Wales` → `nsw`); codes pass through; anything else is returned folded.
 */
export function normalizeState(raw: string): string {
  const folded = foldText(raw);
  if (folded === '' || STATE_CODE_SET.has(folded)) return folded;
  return STATE_CODES.get(folded) ?? STATE_ALIASES.get(folded) ?? folded;
}

/**
 * A country as its lower-case ISO 3166-1 alpha-2 code: names, alpha-3 codes and aliases
 * (`United States`, `USA`, `U.S.` → `us`; `UK`, `Great Britain` → `gb`). Alpha-2 codes pass
 * through; anything else is returned folded.
 */
export function normalizeCountry(raw: string): string {
  const folded = foldText(raw);
  if (folded.length === 2 && ISO2_CODES.has(folded)) return folded;
  return COUNTRY_CODES.get(folded) ?? folded;
}
