import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { jaroWinkler } from '../../../src/identity/comparators/jaro-winkler.js';
import { nameVariantSimilarity } from '../../../src/identity/comparators/name-variant.js';
import { nameString, text } from './arbitraries.js';

describe('nameVariantSimilarity', () => {
  it('scores nicknames of one name at least 0.95', () => {
    expect(nameVariantSimilarity('bob', 'robert')).toBeGreaterThanOrEqual(0.95);
    expect(nameVariantSimilarity('robert', 'bob')).toBeGreaterThanOrEqual(0.95);
    expect(nameVariantSimilarity('bill', 'william')).toBeGreaterThanOrEqual(0.95);
  });

  it('scores an initial against a name with that first letter at least 0.8', () => {
    expect(nameVariantSimilarity('j', 'john')).toBe(0.8);
    expect(nameVariantSimilarity('john', 'j.')).toBe(0.8);
    expect(nameVariantSimilarity('j', 'mary')).toBe(0);
  });

  it('falls back to Jaro-Winkler', () => {
    expect(nameVariantSimilarity('john', 'jon')).toBe(jaroWinkler('john', 'jon'));
    expect(nameVariantSimilarity('', 'john')).toBe(0);
  });

  it('is symmetric, bounded, 1 on identical values and never below Jaro-Winkler', () => {
    fc.assert(
      fc.property(fc.oneof(nameString, text), fc.oneof(nameString, text), (a, b) => {
        const s = nameVariantSimilarity(a, b);
        expect(nameVariantSimilarity(b, a)).toBe(s);
        expect(s).toBeGreaterThanOrEqual(0);
        expect(s).toBeLessThanOrEqual(1);
        expect(s).toBeGreaterThanOrEqual(jaroWinkler(a, b));
        expect(nameVariantSimilarity(a, a)).toBe(1);
      }),
      { numRuns: 2000 },
    );
  });
});
