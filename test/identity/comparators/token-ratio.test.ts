import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ratio, tokenSetRatio, tokenSortRatio } from '../../../src/identity/comparators/token-ratio.js';
import { nameString, smallString, text } from './arbitraries.js';

/** 2 * LCS / (|a| + |b|) over a full matrix. */
function naiveRatio(a: string, b: string): number {
  if (a.length + b.length === 0) return 1;
  const d: number[][] = [];
  for (let i = 0; i <= a.length; i++) d.push(new Array<number>(b.length + 1).fill(0));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      d[i]![j] = a[i - 1] === b[j - 1] ? d[i - 1]![j - 1]! + 1 : Math.max(d[i - 1]![j]!, d[i]![j - 1]!);
    }
  }
  return (2 * d[a.length]![b.length]!) / (a.length + b.length);
}

const tokens = (s: string): string[] => s.split(' ').filter((t) => t.length > 0);

/** fuzzywuzzy token_set_ratio, literally, on top of the naive ratio (ratio with an empty side is 0). */
function naiveTokenSet(a: string, b: string): number {
  const ta = new Set(tokens(a));
  const tb = new Set(tokens(b));
  if (ta.size === 0 || tb.size === 0) return ta.size === tb.size ? 1 : 0;
  const sect = [...ta].filter((t) => tb.has(t)).sort();
  const da = [...ta].filter((t) => !tb.has(t)).sort();
  const db = [...tb].filter((t) => !ta.has(t)).sort();
  const s = sect.join(' ');
  const ca = `${s} ${da.join(' ')}`.trim();
  const cb = `${s} ${db.join(' ')}`.trim();
  const r = (x: string, y: string): number => (x.length === 0 || y.length === 0 ? 0 : naiveRatio(x, y));
  return Math.max(r(s, ca), r(s, cb), r(ca, cb));
}

const tolerance = 1e-12;

describe('ratio (indel)', () => {
  it('matches known values', () => {
    expect(ratio('', '')).toBe(1);
    expect(ratio('', 'a')).toBe(0);
    expect(ratio('abcd', 'abce')).toBe(0.75);
    expect(ratio('this is a test', 'this is a test!')).toBeCloseTo(28 / 29, 12);
  });

  it('agrees with a full LCS matrix, including long and non-ASCII strings', () => {
    fc.assert(
      fc.property(text, text, (a, b) => {
        expect(Math.abs(ratio(a, b) - naiveRatio(a, b))).toBeLessThan(tolerance);
      }),
      { numRuns: 3000 },
    );
  });

  it('is symmetric, bounded and 1 on identical values', () => {
    fc.assert(
      fc.property(text, text, (a, b) => {
        const s = ratio(a, b);
        expect(ratio(b, a)).toBe(s);
        expect(s).toBeGreaterThanOrEqual(0);
        expect(s).toBeLessThanOrEqual(1);
        expect(ratio(a, a)).toBe(1);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('tokenSortRatio', () => {
  it('ignores token order and spacing', () => {
    expect(tokenSortRatio('john smith', 'smith john')).toBe(1);
    expect(tokenSortRatio('  john   smith ', 'smith\tjohn')).toBe(1);
    expect(tokenSortRatio('john smith', 'jon smith')).toBeCloseTo(naiveRatio('john smith', 'jon smith'), 12);
  });

  it('equals the ratio of the sorted, single-spaced token strings', () => {
    fc.assert(
      fc.property(fc.oneof(smallString, nameString), fc.oneof(smallString, nameString), (a, b) => {
        const expected = naiveRatio(tokens(a).sort().join(' '), tokens(b).sort().join(' '));
        expect(Math.abs(tokenSortRatio(a, b) - expected)).toBeLessThan(tolerance);
      }),
      { numRuns: 2000 },
    );
  });

  it('is symmetric, bounded and 1 on identical values', () => {
    fc.assert(
      fc.property(text, text, (a, b) => {
        const s = tokenSortRatio(a, b);
        expect(tokenSortRatio(b, a)).toBe(s);
        expect(s).toBeGreaterThanOrEqual(0);
        expect(s).toBeLessThanOrEqual(1);
        expect(tokenSortRatio(a, a)).toBe(1);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('tokenSetRatio', () => {
  it('scores a token subset as 1', () => {
    expect(tokenSetRatio('acme corp', 'acme corp international')).toBe(1);
    expect(tokenSetRatio('corp acme acme', 'acme corp')).toBe(1);
    expect(tokenSetRatio('acme corp', 'globex inc')).toBeLessThan(0.5);
    expect(tokenSetRatio('', 'acme')).toBe(0);
  });

  it('follows fuzzywuzzy token_set_ratio', () => {
    fc.assert(
      fc.property(fc.oneof(smallString, nameString), fc.oneof(smallString, nameString), (a, b) => {
        expect(Math.abs(tokenSetRatio(a, b) - naiveTokenSet(a, b))).toBeLessThan(tolerance);
      }),
      { numRuns: 3000 },
    );
  });

  it('is symmetric, bounded and 1 on identical values', () => {
    fc.assert(
      fc.property(text, text, (a, b) => {
        const s = tokenSetRatio(a, b);
        expect(tokenSetRatio(b, a)).toBe(s);
        expect(s).toBeGreaterThanOrEqual(0);
        expect(s).toBeLessThanOrEqual(1);
        expect(tokenSetRatio(a, a)).toBe(1);
      }),
      { numRuns: 2000 },
    );
  });
});
