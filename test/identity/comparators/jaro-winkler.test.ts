import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { jaro, jaroWinkler } from '../../../src/identity/comparators/jaro-winkler.js';
import { text } from './arbitraries.js';

/** Textbook Jaro with fresh arrays, matching from the shorter string. */
function naiveJaro(a: string, b: string): number {
  if (a === b) return 1;
  if (a.length === 0 || b.length === 0) return 0;
  if (a.length > b.length || (a.length === b.length && a > b)) [a, b] = [b, a];
  const window = Math.max(0, Math.floor(Math.max(a.length, b.length) / 2) - 1);
  const ma: boolean[] = new Array<boolean>(a.length).fill(false);
  const mb: boolean[] = new Array<boolean>(b.length).fill(false);
  let m = 0;
  for (let i = 0; i < a.length; i++) {
    for (let j = Math.max(0, i - window); j < Math.min(b.length, i + window + 1); j++) {
      if (!mb[j] && a[i] === b[j]) {
        ma[i] = mb[j] = true;
        m++;
        break;
      }
    }
  }
  if (m === 0) return 0;
  const sa = a.split('').filter((_, i) => ma[i]);
  const sb = b.split('').filter((_, j) => mb[j]);
  let t = 0;
  for (let k = 0; k < sa.length; k++) if (sa[k] !== sb[k]) t++;
  return (m / a.length + m / b.length + (m - Math.floor(t / 2)) / m) / 3;
}

describe('jaroWinkler', () => {
  it('matches the published examples', () => {
    expect(jaroWinkler('MARTHA', 'MARHTA')).toBeCloseTo(0.961, 3);
    expect(jaroWinkler('DWAYNE', 'DUANE')).toBeCloseTo(0.84, 3);
    expect(jaroWinkler('DIXON', 'DICKSONX')).toBeCloseTo(0.813, 3);
    expect(jaro('MARTHA', 'MARHTA')).toBeCloseTo(0.944, 3);
    expect(jaro('DWAYNE', 'DUANE')).toBeCloseTo(0.822, 3);
    expect(jaro('DIXON', 'DICKSONX')).toBeCloseTo(0.767, 3);
  });

  it('handles empty strings', () => {
    expect(jaroWinkler('', '')).toBe(1);
    expect(jaroWinkler('', 'a')).toBe(0);
    expect(jaroWinkler('a', '')).toBe(0);
    expect(jaroWinkler('abc', 'xyz')).toBe(0);
  });

  it('applies the prefix boost only above a Jaro score of 0.7', () => {
    const j = jaro('abcxyz', 'abcdef');
    expect(j).toBeCloseTo(2 / 3, 9);
    expect(jaroWinkler('abcxyz', 'abcdef')).toBe(j);
  });

  it('is symmetric, bounded and 1 on identical values', () => {
    fc.assert(
      fc.property(text, text, (a, b) => {
        const s = jaroWinkler(a, b);
        expect(jaroWinkler(b, a)).toBe(s);
        expect(s).toBeGreaterThanOrEqual(0);
        expect(s).toBeLessThanOrEqual(1);
        expect(jaroWinkler(a, a)).toBe(1);
        expect(jaroWinkler(a, b, 0.25)).toBeLessThanOrEqual(1);
      }),
      { numRuns: 2000 },
    );
  });

  it('agrees with a naive Jaro and never falls below it', () => {
    fc.assert(
      fc.property(text, text, (a, b) => {
        const j = jaro(a, b);
        expect(j).toBeCloseTo(naiveJaro(a, b), 12);
        expect(jaroWinkler(a, b)).toBeGreaterThanOrEqual(j);
      }),
      { numRuns: 2000 },
    );
  });

  it('survives long inputs that grow its buffers', () => {
    const long = 'x'.repeat(500) + 'abc';
    expect(jaroWinkler(long, long + 'd')).toBeGreaterThan(0.99);
    expect(jaroWinkler('martha', 'marhta')).toBeCloseTo(0.961, 3);
  });
});
