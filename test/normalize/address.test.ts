import { describe, expect, it } from 'vitest';
import {
  normalizeCity,
  normalizeCountry,
  normalizePostcode,
  normalizeState,
  normalizeStreet,
} from '../../src/normalize/address.js';

describe('normalizeStreet', () => {
  it('spells street types, directions and units one way', () => {
    expect(normalizeStreet('123 N. Main St., Apt 4B')).toBe('123 n main street unit 4b');
    expect(normalizeStreet('123 North Main Street Unit 4B')).toBe('123 n main street unit 4b');
    expect(normalizeStreet('12 Elm Dr #4')).toBe('12 elm drive unit 4');
    expect(normalizeStreet('5 Ocean Pde')).toBe('5 ocean parade');
    expect(normalizeStreet('7 Kings Cct')).toBe('7 kings circuit');
    expect(normalizeStreet('1 First Ave')).toBe(normalizeStreet('1 1st Avenue'));
  });

  it('reads St before a name as Saint', () => {
    expect(normalizeStreet('45 St Kilda Rd')).toBe('45 saint kilda road');
  });

  it('normalizes PO boxes', () => {
    expect(normalizeStreet('P.O. Box 12')).toBe('po box 12');
    expect(normalizeStreet('PO Box 12')).toBe('po box 12');
  });
});

describe('normalizeCity', () => {
  it('spells out saint and mount, hyphens as spaces', () => {
    expect(normalizeCity('St. Louis')).toBe('saint louis');
    expect(normalizeCity('Saint-Louis')).toBe('saint louis');
    expect(normalizeCity('Mt. Vernon')).toBe('mount vernon');
    expect(normalizeCity('São Paulo')).toBe('sao paulo');
  });
});

describe('normalizePostcode', () => {
  it('upper-cases and removes spaces', () => {
    expect(normalizePostcode('sw1a 1aa')).toBe('SW1A1AA');
    expect(normalizePostcode('SW1A 1AA', 'UK')).toBe('SW1A1AA');
    expect(normalizePostcode('K1A 0B1', 'Canada')).toBe('K1A0B1');
    expect(normalizePostcode('1234 AB', 'nl')).toBe('1234AB');
  });

  it('keeps the 5-digit US ZIP and restores lost leading zeros', () => {
    expect(normalizePostcode('94105-1234')).toBe('94105');
    expect(normalizePostcode('941051234', 'US')).toBe('94105');
    expect(normalizePostcode('2134', 'USA')).toBe('02134');
  });
});

describe('normalizeState', () => {
  it('maps names to codes for the US, Canada and Australia', () => {
    expect(normalizeState('California')).toBe('ca');
    expect(normalizeState('CA')).toBe('ca');
    expect(normalizeState('New South Wales')).toBe('nsw');
    expect(normalizeState('NSW')).toBe('nsw');
    expect(normalizeState('Québec')).toBe('qc');
    expect(normalizeState('Calif.')).toBe('ca');
  });

  it('folds unknown values', () => {
    expect(normalizeState('Bavaria')).toBe('bavaria');
  });
});

describe('normalizeCountry', () => {
  it('maps names, ISO3 codes and aliases to ISO2', () => {
    for (const us of ['United States', 'USA', 'U.S.', 'us', 'United States of America']) {
      expect(normalizeCountry(us), us).toBe('us');
    }
    for (const gb of ['UK', 'Great Britain', 'United Kingdom', 'GBR', 'gb'])
      expect(normalizeCountry(gb), gb).toBe('gb');
    expect(normalizeCountry('Deutschland')).toBe('de');
    expect(normalizeCountry('FR')).toBe('fr');
  });

  it('folds unknown values', () => {
    expect(normalizeCountry('Narnia')).toBe('narnia');
    expect(normalizeCountry('')).toBe('');
  });
});
