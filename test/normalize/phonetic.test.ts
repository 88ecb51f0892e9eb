import { describe, expect, it } from 'vitest';
import { phoneticKey, phoneticKeys } from '../../src/normalize/phonetic.js';

describe('phoneticKey', () => {
  it('gives sound-alike names the same key', () => {
    expect(phoneticKey('Smith')).toBe(phoneticKey('Smyth'));
    expect(phoneticKey('Catherine')).toBe(phoneticKey('Kathryn'));
    expect(phoneticKey('Müller')).toBe(phoneticKey('Muller'));
  });

  it('joins the words of a name', () => {
    expect(phoneticKey('van Dyke')).toBe(phoneticKey('Vandyke'));
  });

  it('is empty for an empty name', () => {
    expect(phoneticKey('')).toBe('');
    expect(phoneticKeys(' . ')).toEqual(['', '']);
  });

  it('returns the alternate code too', () => {
    expect(phoneticKeys('Schmidt')).toEqual(['XMT', 'SMT']);
  });
});
