import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { phoneticSimilarity } from '../../../src/identity/comparators/phonetic.js';
import { text } from './arbitraries.js';

describe('phoneticSimilarity', () => {
  it('scores equal primary keys 1 and cross-matching keys 0.9', () => {
    expect(phoneticSimilarity('smith', 'smyth')).toBe(1);
    expect(phoneticSimilarity('Catherine', 'kathryn')).toBe(1);
    // schmidt: XMT / SMT; smith: SM0 / XMT
    expect(phoneticSimilarity('schmidt', 'smith')).toBe(0.9);
    expect(phoneticSimilarity('smith', 'jones')).toBe(0);
  });

  it('compares folded values', () => {
    expect(phoneticSimilarity('José', 'jose')).toBe(1);
    expect(phoneticSimilarity('van dyke', 'Vandyke')).toBe(1);
  });

  it('never matches values without letters', () => {
    expect(phoneticSimilarity('123', '456')).toBe(0);
    expect(phoneticSimilarity('', '!')).toBe(0);
    expect(phoneticSimilarity('', '')).toBe(1);
  });

  it('is symmetric, bounded and 1 on identical values', () => {
    fc.assert(
      fc.property(text, text, (a, b) => {
        const s = phoneticSimilarity(a, b);
        expect(phoneticSimilarity(b, a)).toBe(s);
        expect([0, 0.9, 1]).toContain(s);
        expect(phoneticSimilarity(a, a)).toBe(1);
      }),
      { numRuns: 2000 },
    );
  });
});
