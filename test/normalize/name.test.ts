import { describe, expect, it } from 'vitest';
import {
  nameInitial,
  normalizeFamilyName,
  normalizeGivenName,
  splitFullName,
} from '../../src/normalize/name.js';

describe('normalizeGivenName', () => {
  it('folds accents and case', () => {
    expect(normalizeGivenName('José')).toBe(normalizeGivenName('Jose'));
    expect(normalizeGivenName(' ZOË ')).toBe('zoe');
  });

  it('strips honorifics and suffixes', () => {
    expect(normalizeGivenName('Dr. Robert')).toBe('robert');
    expect(normalizeGivenName('Mrs Ann Marie')).toBe('ann marie');
    expect(normalizeGivenName('Robert Jr.')).toBe('robert');
  });

  it('returns an empty string when only an honorific is left', () => {
    expect(normalizeGivenName('Mr.')).toBe('');
    expect(normalizeGivenName('  ')).toBe('');
  });

  it('keeps a suffix-like word that is the whole name', () => {
    expect(normalizeGivenName('J.R.')).toBe('j r');
  });
});

describe('normalizeFamilyName', () => {
  it('joins particles, hyphens and apostrophes into one token', () => {
    expect(normalizeFamilyName('van Beethoven')).toBe('vanbeethoven');
    expect(normalizeFamilyName('Van-Beethoven')).toBe('vanbeethoven');
    expect(normalizeFamilyName("O'Brien")).toBe('obrien');
    expect(normalizeFamilyName('Smith-Jones')).toBe(normalizeFamilyName('Smith Jones'));
    expect(normalizeFamilyName('Mac Donald')).toBe(normalizeFamilyName('MacDonald'));
  });

  it('strips suffixes, also spelled with dots', () => {
    expect(normalizeFamilyName('Smith Jr.')).toBe('smith');
    expect(normalizeFamilyName('Smith, Ph.D.')).toBe('smith');
    expect(normalizeFamilyName('Smith III')).toBe('smith');
    expect(normalizeFamilyName('Müller')).toBe('muller');
  });
});

describe('splitFullName', () => {
  it('reads "Last, First Middle"', () => {
    expect(splitFullName('Smith, John')).toEqual({ first: 'john', middle: '', last: 'smith' });
    expect(splitFullName('Smith Jr., John A.')).toEqual({ first: 'john', middle: 'a', last: 'smith' });
    expect(splitFullName('van Beethoven, Ludwig')).toEqual({
      first: 'ludwig',
      middle: '',
      last: 'vanbeethoven',
    });
  });

  it('reads "First Middle Last"', () => {
    expect(splitFullName('John Quincy Adams')).toEqual({ first: 'john', middle: 'quincy', last: 'adams' });
  });

  it('drops honorifics and suffixes', () => {
    expect(splitFullName('Dr. Robert Smith Jr.')).toEqual({ first: 'robert', middle: '', last: 'smith' });
    expect(splitFullName('John Smith, Jr.')).toEqual({ first: 'john', middle: '', last: 'smith' });
    expect(splitFullName('Prof. Dr. Hans Müller PhD')).toEqual({ first: 'hans', middle: '', last: 'muller' });
    expect(splitFullName('John Smith M.D.')).toEqual({ first: 'john', middle: '', last: 'smith' });
  });

  it('keeps particles with the surname, consistent with normalizeFamilyName', () => {
    const parts = splitFullName('Ludwig van Beethoven');
    expect(parts).toEqual({ first: 'ludwig', middle: '', last: 'vanbeethoven' });
    expect(parts.last).toBe(normalizeFamilyName('van Beethoven'));
    expect(splitFullName('Maria de la Cruz').last).toBe('delacruz');
    expect(splitFullName('Van Morrison')).toEqual({ first: 'van', middle: '', last: 'morrison' });
  });

  it('treats a single word as a first name and blank as empty', () => {
    expect(splitFullName('Cher')).toEqual({ first: 'cher', middle: '', last: '' });
    expect(splitFullName(' Mr. ')).toEqual({ first: '', middle: '', last: '' });
  });
});

describe('nameInitial', () => {
  it('is the first folded letter', () => {
    expect(nameInitial('Émile')).toBe('e');
    expect(nameInitial('')).toBe('');
  });
});
