import type { ComparatorName } from '../rules.js';
import { damerauSimilarity } from './damerau.js';
import { dateSimilarity } from './date.js';
import { exactSimilarity } from './exact.js';
import { jaroWinkler } from './jaro-winkler.js';
import { levenshteinSimilarity } from './levenshtein.js';
import { nameVariantSimilarity } from './name-variant.js';
import { numericSimilarity } from './numeric.js';
import { phoneticSimilarity } from './phonetic.js';
import { tokenSetRatio, tokenSortRatio } from './token-ratio.js';

export { damerauDistance, damerauSimilarity } from './damerau.js';
export { dateSimilarity } from './date.js';
export { exactSimilarity } from './exact.js';
export { jaro, jaroWinkler, WINKLER_BOOST_THRESHOLD } from './jaro-winkler.js';
export { levenshteinDistance, levenshteinSimilarity } from './levenshtein.js';
export { nameVariantSimilarity } from './name-variant.js';
export { numericSimilarity } from './numeric.js';
export { phoneticSimilarity } from './phonetic.js';
export { ratio, tokenSetRatio, tokenSortRatio } from './token-ratio.js';

/**
 * Similarity in [0, 1] of two normalized values under the named comparator. `scale` is the
 * distance at which `numeric` scores 0.5; other comparators ignore it.
 */
export function compareValues(comparator: ComparatorName, a: string, b: string, scale = 1): number {
  switch (comparator) {
    case 'exact':
      return exactSimilarity(a, b);
    case 'jaro_winkler':
      return jaroWinkler(a, b);
    case 'levenshtein':
      return levenshteinSimilarity(a, b);
    case 'damerau':
      return damerauSimilarity(a, b);
    case 'token_set':
      return tokenSetRatio(a, b);
    case 'token_sort':
      return tokenSortRatio(a, b);
    case 'phonetic':
      return phoneticSimilarity(a, b);
    case 'name_variant':
      return nameVariantSimilarity(a, b);
    case 'numeric':
      return numericSimilarity(a, b, scale);
    case 'date':
      return dateSimilarity(a, b);
  }
}
