import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { numericSimilarity } from '../../../src/identity/comparators/numeric.js';
import { text } from './arbitraries.js';

const numberString = fc.oneof(
  fc.integer({ min: -1000, max: 1000 }).map(String),
  fc.double({ min: -1e6, max: 1e6, noNaN: true }).map(String),
);

describe('numericSimilarity', () => {
  it('decays as 1 / (1 + |a - b| / scale)', () => {
    expect(numericSimilarity('10', '10')).toBe(1);
    expect(numericSimilarity('10', '10.0')).toBe(1);
    expect(numericSimilarity('10', '11')).toBe(0.5);
    expect(numericSimilarity('10', '13')).toBe(0.25);
    expect(numericSimilarity('100', '110', 10)).toBe(0.5);
    expect(numericSimilarity(' -2.5e1 ', '-25')).toBe(1);
  });

  it('scores non-numeric values 1 only when identical', () => {
    expect(numericSimilarity('abc', 'abc')).toBe(1);
    expect(numericSimilarity('abc', 'abd')).toBe(0);
    expect(numericSimilarity('12', '12abc')).toBe(0);
    expect(numericSimilarity('', '0')).toBe(0);
    expect(numericSimilarity('0x10', '16')).toBe(0);
    expect(numericSimilarity('Infinity', '1')).toBe(0);
  });

  it('treats a non-positive scale as exact', () => {
    expect(numericSimilarity('1', '2', 0)).toBe(0);
    expect(numericSimilarity('1', '1.00', 0)).toBe(1);
  });

  it('is symmetric, bounded, 1 on identical values and decreasing in distance', () => {
    fc.assert(
      fc.property(fc.oneof(numberString, text), fc.oneof(numberString, text), (a, b) => {
        const s = numericSimilarity(a, b);
        expect(numericSimilarity(b, a)).toBe(s);
        expect(s).toBeGreaterThanOrEqual(0);
        expect(s).toBeLessThanOrEqual(1);
        expect(numericSimilarity(a, a)).toBe(1);
      }),
      { numRuns: 2000 },
    );
    fc.assert(
      fc.property(fc.integer({ min: -1000, max: 1000 }), fc.nat(100), fc.nat(100), (x, d1, d2) => {
        const near = numericSimilarity(String(x), String(x + Math.min(d1, d2)));
        const far = numericSimilarity(String(x), String(x + Math.max(d1, d2)));
        expect(near).toBeGreaterThanOrEqual(far);
      }),
    );
  });
});
