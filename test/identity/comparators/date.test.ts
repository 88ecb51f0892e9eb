import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dateSimilarity } from '../../../src/identity/comparators/date.js';
import { text } from './arbitraries.js';

const DAY_MS = 86_400_000;
const isoDate = fc
  .integer({ min: Date.UTC(1900, 0, 1) / DAY_MS, max: Date.UTC(2099, 11, 31) / DAY_MS })
  .map((d) => new Date(d * DAY_MS).toISOString().slice(0, 10));
const daysBetween = (a: string, b: string): number => Math.abs(Date.parse(a) - Date.parse(b)) / DAY_MS;

describe('dateSimilarity', () => {
  it('scores the documented tiers', () => {
    expect(dateSimilarity('1985-03-04', '1985-03-04')).toBe(1);
    expect(dateSimilarity('1985-03-04', '1985-04-03')).toBe(0.9);
    expect(dateSimilarity('1985-03-14', '1985-03-15')).toBe(0.85);
    expect(dateSimilarity('1985-03-12', '1985-03-21')).toBe(0.85);
    expect(dateSimilarity('1985-03-14', '1985-08-14')).toBe(0.85);
    expect(dateSimilarity('1985-03-14', '1958-03-14')).toBe(0.85);
    expect(dateSimilarity('1985-03-14', '1995-03-14')).toBe(0.85);
    expect(dateSimilarity('1985-03-14', '1985-03-27')).toBe(0.7);
    expect(dateSimilarity('1985-03-14', '1990-03-14')).toBe(0.6);
    expect(dateSimilarity('1985-03-14', '1992-03-14')).toBe(0.6);
    expect(dateSimilarity('1985-03-14', '2005-03-14')).toBe(0);
    expect(dateSimilarity('1985-03-30', '1985-04-20')).toBe(0.5);
    expect(dateSimilarity('1985-12-30', '1986-01-20')).toBe(0.5);
    expect(dateSimilarity('1985-03-14', '1985-05-20')).toBe(0);
    expect(dateSimilarity('1985-03-14', '1986-07-22')).toBe(0);
  });

  it('scores values that are not ISO dates 0 unless identical', () => {
    expect(dateSimilarity('1985-13-01', '1985-12-01')).toBe(0);
    expect(dateSimilarity('1985-3-4', '1985-03-04')).toBe(0);
    expect(dateSimilarity('', '1985-03-04')).toBe(0);
    expect(dateSimilarity('garbage', 'garbage')).toBe(1);
  });

  it('is symmetric, bounded and 1 on identical values', () => {
    fc.assert(
      fc.property(fc.oneof(isoDate, text), fc.oneof(isoDate, text), (a, b) => {
        const s = dateSimilarity(a, b);
        expect(dateSimilarity(b, a)).toBe(s);
        expect(s).toBeGreaterThanOrEqual(0);
        expect(s).toBeLessThanOrEqual(1);
        expect(dateSimilarity(a, a)).toBe(1);
      }),
      { numRuns: 3000 },
    );
  });

  it('never scores a pair below a tier whose condition it meets', () => {
    fc.assert(
      fc.property(isoDate, fc.integer({ min: -400, max: 400 }), (a, shift) => {
        const b = new Date(Date.parse(a) + shift * DAY_MS).toISOString().slice(0, 10);
        const s = dateSimilarity(a, b);
        if (a !== b) expect(s).toBeLessThan(1);
        if (daysBetween(a, b) <= 30) expect(s).toBeGreaterThanOrEqual(0.5);
        if (a.slice(0, 7) === b.slice(0, 7)) expect(s).toBeGreaterThanOrEqual(0.7);
        if (a.slice(5) === b.slice(5)) expect(s).toBeGreaterThanOrEqual(0.6);
      }),
      { numRuns: 3000 },
    );
  });

  it('scores every day/month swap 0.9', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1900, max: 2099 }),
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 1, max: 12 }),
        (y, m, d) => {
          fc.pre(m !== d);
          const pad = (n: number): string => String(n).padStart(2, '0');
          expect(dateSimilarity(`${y}-${pad(m)}-${pad(d)}`, `${y}-${pad(d)}-${pad(m)}`)).toBe(0.9);
        },
      ),
    );
  });
});
