import { foldTokens } from './text.js';

/** A company name folded (`clean`) and reduced to its distinctive words (`core`). */
export interface CompanyName {
  clean: string;
  core: string;
}

/**
 * Legal-form suffixes, as token sequences after folding and joining single letters
 * (`L.L.C.` → `llc`, `S.A.` → `sa`). Several may trail one name (`Pty Ltd`, `GmbH & Co. KG`).
 */
const LEGAL_SUFFIXES: readonly (readonly string[])[] = [
  'ab',
  'ag',
  'and co',
  'and company',
  'aps',
  'as',
  'asa',
  'bhd',
  'bv',
  'bvba',
  'cic',
  'co',
  'company',
  'corp',
  'corporation',
  'cv',
  'eg',
  'ev',
  'gbr',
  'gmbh',
  'inc',
  'incorporated',
  'kft',
  'kg',
  'kgaa',
  'kk',
  'lda',
  'limited',
  'llc',
  'llp',
  'lp',
  'ltd',
  'ltda',
  'mbh',
  'nv',
  'oy',
  'oyj',
  'plc',
  'pllc',
  'pc',
  'pte',
  'pty',
  'pvt',
  'sa',
  'sab',
  'sac',
  'sal',
  'sarl',
  'sas',
  'sdn',
  'se',
  'spa',
  'sp zoo',
  'srl',
  'sro',
  'ug',
  'ulc',
  'vof',
  'zrt',
].map((s) => s.split(' '));

/** Legal suffixes by their last word, longest first. */
const SUFFIXES_BY_LAST: ReadonlyMap<string, readonly (readonly string[])[]> = (() => {
  const map = new Map<string, (readonly string[])[]>();
  for (const s of [...LEGAL_SUFFIXES].sort((a, b) => b.length - a.length)) {
    const last = s[s.length - 1] ?? '';
    map.set(last, [...(map.get(last) ?? []), s]);
  }
  return map;
})();

/** Words with nothing distinctive, dropped from the ends of the core. */
const EDGE_STOPWORDS: ReadonlySet<string> = new Set(['the', 'and']);
const AMPERSAND = /[&+]/g;
/** Dotted abbreviations (`A.C.M.E.`, `L.L.C.`, `S.A.`). */
const DOTTED = /(?<![\p{L}\p{N}])(?:\p{L}\.){2,}/gu;
const DOT = /\./g;

function joinDotted(abbreviation: string): string {
  return `${abbreviation.replace(DOT, '')} `;
}

function endsWith(tokens: readonly string[], end: number, suffix: readonly string[]): boolean {
  if (suffix.length >= end) return false;
  for (let i = 0; i < suffix.length; i++) if (tokens[end - suffix.length + i] !== suffix[i]) return false;
  return true;
}

/** Drops trailing legal forms and edge stopwords; never drops the last remaining word. */
function coreTokens(tokens: readonly string[]): readonly string[] {
  let start = 0;
  let end = tokens.length;
  while (end - start > 1 && EDGE_STOPWORDS.has(tokens[start] ?? '')) start++;
  for (;;) {
    if (end - start > 1 && EDGE_STOPWORDS.has(tokens[end - 1] ?? '')) {
      end--;
      continue;
    }
    const candidates = SUFFIXES_BY_LAST.get(tokens[end - 1] ?? '');
    const suffix = candidates?.find((s) => end - start > s.length && endsWith(tokens, end, s));
    if (suffix === undefined) break;
    end -= suffix.length;
  }
  return tokens.slice(start, end);
}

/**
 * Normalizes a company name. `clean` is the folded name with `&`/`+` spelled `and`; `core` also
 * drops legal forms (`Inc.`, `Pty Ltd`, `GmbH`), a leading or trailing `the`; dotted abbreviations are joined
 * (`L.L.C.` = `LLC`): `ACME, Inc.` and `Acme Incorporated` → `acme`; `AT&T Inc.` and `AT and T` → `at and t`.
 */
export function normalizeCompany(raw: string): CompanyName {
  const tokens = foldTokens(raw.replace(DOTTED, joinDotted).replace(AMPERSAND, ' and '));
  return { clean: tokens.join(' '), core: coreTokens(tokens).join(' ') };
}
