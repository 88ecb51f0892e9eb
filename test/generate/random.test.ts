import { describe, expect, it } from 'vitest';
import { createRandom } from '../../src/generate/random.js';
import { weightedPicker, zipfWeights } from '../../src/generate/weighted-picker.js';
import { applyTypo } from '../../src/generate/typo.js';
import { isoTimestamp } from '../../src/generate/iso-timestamp.js';
import { formatPhone } from '../../src/generate/phone-format.js';
import { COMPANIES } from '../../src/generate/tables/companies.js';
import { LAST_NAMES } from '../../src/generate/tables/last-names.js';
import { FEMALE_FIRST_NAMES, MALE_FIRST_NAMES, NICKNAMES } from '../../src/generate/tables/first-names.js';

describe('generator building blocks', () => {
  it('random is seeded, uniform-ish and in range', () => {
    const a = createRandom(123);
    const b = createRandom(123);
    const xs = Array.from({ length: 10_000 }, () => a.next());
    expect(xs).toEqual(Array.from({ length: 10_000 }, () => b.next()));
    expect(Math.min(...xs)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...xs)).toBeLessThan(1);
    expect(Math.abs(xs.reduce((s, x) => s + x, 0) / xs.length - 0.5)).toBeLessThan(0.02);
    expect(createRandom(124).next()).not.toBe(createRandom(123).next());
  });

  it('weighted picks follow the weights', () => {
    const rng = createRandom(1);
    const picker = weightedPicker(['a', 'b'], [3, 1]);
    let a = 0;
    for (let i = 0; i < 20_000; i++) if (picker.pick(rng) === 'a') a++;
    expect(a / 20_000).toBeCloseTo(0.75, 1);
    const w = zipfWeights(3, 1);
    expect(w).toEqual([1, 1 / 2, 1 / 3]);
  });

  it('typos are a single edit that keeps the first letter', () => {
    const rng = createRandom(2);
    for (let i = 0; i < 500; i++) {
      const t = applyTypo('Elizabeth', rng);
      expect(t[0]).toBe('E');
      expect(Math.abs(t.length - 9)).toBeLessThanOrEqual(1);
    }
  });

  it('formats timestamps and phones', () => {
    expect(isoTimestamp(Date.UTC(2024, 1, 29, 23, 59, 7))).toBe('2024-02-29T23:59:07Z');
    expect(formatPhone('4155550100', 'intl_paren')).toBe('+1 (415) 555-0100');
    expect(formatPhone('4155550100', 'dot')).toBe('415.555.0100');
    expect(formatPhone('4155550100', 'dash', '12')).toBe('415-555-0100 x12');
  });

  it('tables have the expected size and uniqueness', () => {
    expect(LAST_NAMES.length).toBe(1000);
    expect(new Set(LAST_NAMES).size).toBe(1000);
    expect(MALE_FIRST_NAMES.length + FEMALE_FIRST_NAMES.length).toBeGreaterThanOrEqual(300);
    expect(NICKNAMES.Robert).toContain('Bob');
    expect(COMPANIES.length).toBeGreaterThanOrEqual(300);
    expect(new Set(COMPANIES.map((c) => c.domain)).size).toBe(COMPANIES.length);
  });
});
