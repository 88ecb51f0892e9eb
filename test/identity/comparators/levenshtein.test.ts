import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { levenshteinDistance, levenshteinSimilarity } from '../../../src/identity/comparators/levenshtein.js';
import { text } from './arbitraries.js';

describe('levenshtein', () => {
  it('matches known distances', () => {
    expect(levenshteinDistance('kitten', 'sitting')).toBe(3);
    expect(levenshteinDistance('ca', 'ac')).toBe(2);
    expect(levenshteinDistance('', 'abc')).toBe(3);
    expect(levenshteinDistance('abc', '')).toBe(3);
    expect(levenshteinSimilarity('kitten', 'sitting')).toBeCloseTo(1 - 3 / 7, 12);
    expect(levenshteinSimilarity('', '')).toBe(1);
    expect(levenshteinSimilarity('', 'a')).toBe(0);
  });

  it('similarity is symmetric, bounded and 1 on identical values', () => {
    fc.assert(
      fc.property(text, text, (a, b) => {
        const s = levenshteinSimilarity(a, b);
        expect(levenshteinSimilarity(b, a)).toBe(s);
        expect(s).toBeGreaterThanOrEqual(0);
        expect(s).toBeLessThanOrEqual(1);
        expect(levenshteinSimilarity(a, a)).toBe(1);
        expect(levenshteinDistance(a, b)).toBe(levenshteinDistance(b, a));
      }),
      { numRuns: 2000 },
    );
  });

  it('distance obeys the triangle inequality', () => {
    fc.assert(
      fc.property(text, text, text, (a, b, c) => {
        expect(levenshteinDistance(a, c)).toBeLessThanOrEqual(
          levenshteinDistance(a, b) + levenshteinDistance(b, c),
        );
      }),
      { numRuns: 2000 },
    );
  });
});
