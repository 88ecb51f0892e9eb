import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { damerauDistance, damerauSimilarity } from '../../../src/identity/comparators/damerau.js';
import { levenshteinDistance } from '../../../src/identity/comparators/levenshtein.js';
import { smallString, text } from './arbitraries.js';

/** Textbook optimal string alignment distance over a full matrix. */
function naiveOsa(a: string, b: string): number {
  const d: number[][] = [];
  for (let i = 0; i <= a.length; i++) d.push(new Array<number>(b.length + 1).fill(0));
  const at = (i: number, j: number): number => d[i]![j]!;
  for (let i = 0; i <= a.length; i++) d[i]![0] = i;
  for (let j = 0; j <= b.length; j++) d[0]![j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(at(i - 1, j) + 1, at(i, j - 1) + 1, at(i - 1, j - 1) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        v = Math.min(v, at(i - 2, j - 2) + 1);
      d[i]![j] = v;
    }
  }
  return at(a.length, b.length);
}

describe('damerau (optimal string alignment)', () => {
  it('counts an adjacent transposition once', () => {
    expect(damerauDistance('ca', 'ac')).toBe(1);
    expect(levenshteinDistance('ca', 'ac')).toBe(2);
    expect(damerauDistance('kitten', 'sitting')).toBe(3);
    expect(damerauDistance('martha', 'marhta')).toBe(1);
    expect(damerauDistance('ca', 'abc')).toBe(3);
    expect(damerauSimilarity('', '')).toBe(1);
    expect(damerauSimilarity('', 'ab')).toBe(0);
    expect(damerauSimilarity('ca', 'ac')).toBe(0.5);
  });

  it('agrees with a naive OSA on short, long and non-ASCII strings', () => {
    fc.assert(
      fc.property(text, text, (a, b) => {
        expect(damerauDistance(a, b)).toBe(naiveOsa(a, b));
      }),
      { numRuns: 3000 },
    );
    fc.assert(
      fc.property(smallString, smallString, (a, b) => {
        expect(damerauDistance(a, b)).toBe(naiveOsa(a, b));
      }),
      { numRuns: 3000 },
    );
  });

  it('handles strings longer than one machine word', () => {
    const a = 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGH';
    const b = 'bacdefghijklmnopqrstuvwxyz0123456789ABCDEFHG';
    expect(damerauDistance(a, b)).toBe(2);
    const c = 'ab'.repeat(40);
    const d = 'ba'.repeat(40);
    expect(damerauDistance(c, d)).toBe(naiveOsa(c, d));
  });

  it('is symmetric, bounded, 1 on identical values and never above Levenshtein', () => {
    fc.assert(
      fc.property(text, text, (a, b) => {
        const s = damerauSimilarity(a, b);
        expect(damerauSimilarity(b, a)).toBe(s);
        expect(s).toBeGreaterThanOrEqual(0);
        expect(s).toBeLessThanOrEqual(1);
        expect(damerauSimilarity(a, a)).toBe(1);
        expect(damerauDistance(a, b)).toBeLessThanOrEqual(levenshteinDistance(a, b));
      }),
      { numRuns: 2000 },
    );
  });
});
