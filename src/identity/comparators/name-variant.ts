import { sameGivenName } from '../../normalize/nicknames.js';
import { jaroWinkler } from './jaro-winkler.js';

/** Score of an initial against a full name starting with that letter. */
const INITIAL_SCORE = 0.8;
/** Score of two names from one nickname group (bob / robert). */
const NICKNAME_SCORE = 0.95;

/** True when `s` is one character, optionally followed by a period ("j", "j."). */
function isInitial(s: string): boolean {
  return s.length === 1 || (s.length === 2 && s.charCodeAt(1) === 46);
}

/**
 * Given-name similarity in [0, 1]: 1 when equal, 0.95 when both names belong to one nickname
 * group, at least 0.8 for an initial against a name starting with that letter, else Jaro-Winkler.
 * The initial rule and Jaro-Winkler compare as given (case-sensitive); fold upstream.
 */
export function nameVariantSimilarity(a: string, b: string): number {
  if (a === b) return 1;
  if (a.length === 0 || b.length === 0) return 0;
  const jw = jaroWinkler(a, b);
  if ((isInitial(a) || isInitial(b)) && a.charCodeAt(0) === b.charCodeAt(0)) {
    return jw > INITIAL_SCORE ? jw : INITIAL_SCORE;
  }
  if (jw < NICKNAME_SCORE && sameGivenName(a, b)) return NICKNAME_SCORE;
  return jw;
}
