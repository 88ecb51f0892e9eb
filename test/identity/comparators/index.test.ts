import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  compareValues,
  damerauSimilarity,
  jaroWinkler,
  levenshteinSimilarity,
  tokenSetRatio,
  tokenSortRatio,
} from '../../../src/identity/comparators/index.js';
import { COMPARATORS } from '../../../src/identity/rules.js';
import { text } from './arbitraries.js';

describe('compareValues', () => {
  it('dispatches to the named comparator', () => {
    expect(compareValues('exact', 'a', 'b')).toBe(0);
    expect(compareValues('jaro_winkler', 'MARTHA', 'MARHTA')).toBe(jaroWinkler('MARTHA', 'MARHTA'));
    expect(compareValues('levenshtein', 'kitten', 'sitting')).toBe(
      levenshteinSimilarity('kitten', 'sitting'),
    );
    expect(compareValues('damerau', 'ca', 'ac')).toBe(damerauSimilarity('ca', 'ac'));
    expect(compareValues('token_sort', 'john smith', 'smith john')).toBe(
      tokenSortRatio('john smith', 'smith john'),
    );
    expect(compareValues('token_set', 'acme', 'acme corp')).toBe(tokenSetRatio('acme', 'acme corp'));
    expect(compareValues('phonetic', 'smith', 'smyth')).toBe(1);
    expect(compareValues('name_variant', 'j', 'john')).toBe(0.8);
    expect(compareValues('numeric', '10', '11')).toBe(0.5);
    expect(compareValues('numeric', '10', '20', 10)).toBe(0.5);
    expect(compareValues('date', '1985-03-04', '1985-04-03')).toBe(0.9);
  });

  it('is symmetric, bounded and 1 on identical values for every comparator', () => {
    fc.assert(
      fc.property(fc.constantFrom(...COMPARATORS), text, text, (comparator, a, b) => {
        const s = compareValues(comparator, a, b);
        expect(compareValues(comparator, b, a)).toBe(s);
        expect(s).toBeGreaterThanOrEqual(0);
        expect(s).toBeLessThanOrEqual(1);
        expect(compareValues(comparator, a, a)).toBe(1);
      }),
      { numRuns: 3000 },
    );
  });
});
