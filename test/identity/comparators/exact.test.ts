import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { exactSimilarity } from '../../../src/identity/comparators/exact.js';
import { text } from './arbitraries.js';

describe('exactSimilarity', () => {
  it('is 1 for identical strings and 0 otherwise', () => {
    expect(exactSimilarity('a', 'a')).toBe(1);
    expect(exactSimilarity('a', 'A')).toBe(0);
    expect(exactSimilarity('', '')).toBe(1);
  });

  it('is symmetric, bounded and 1 on identical values', () => {
    fc.assert(
      fc.property(text, text, (a, b) => {
        const s = exactSimilarity(a, b);
        expect(exactSimilarity(b, a)).toBe(s);
        expect(s === 0 || s === 1).toBe(true);
        expect(exactSimilarity(a, a)).toBe(1);
      }),
    );
  });
});
