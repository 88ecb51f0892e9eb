import { describe, expect, it } from 'vitest';
import { normalizeCompany } from '../../src/normalize/company.js';

const core = (raw: string): string => normalizeCompany(raw).core;

describe('normalizeCompany', () => {
  it('drops legal suffixes', () => {
    expect(core('ACME, Inc.')).toBe('acme');
    expect(core('Acme Incorporated')).toBe('acme');
    expect(core('Acme L.L.C.')).toBe('acme');
    expect(core('Acme Pty Ltd')).toBe('acme');
    expect(core('Siemens AG')).toBe('siemens');
    expect(core('Nestlé S.A.')).toBe('nestle');
    expect(core('Foo GmbH & Co. KG')).toBe('foo');
    expect(core('Smith & Co.')).toBe('smith');
  });

  it('keeps the folded name in clean', () => {
    expect(normalizeCompany('ACME, Inc.')).toEqual({ clean: 'acme inc', core: 'acme' });
  });

  it('spells & and + as "and"', () => {
    expect(core('AT&T Inc.')).toBe(core('AT and T'));
    expect(core('AT&T Inc.')).toBe('at and t');
    expect(core('Johnson & Johnson')).toBe('johnson and johnson');
    expect(core('Marks + Spencer')).toBe(core('Marks & Spencer'));
  });

  it('drops a leading or trailing "the"', () => {
    expect(core('The Walt Disney Company')).toBe('walt disney');
    expect(core('Walt Disney Company, The')).toBe('walt disney');
  });

  it('joins dotted abbreviations', () => {
    expect(core('I.B.M. Corp.')).toBe(core('IBM Corporation'));
  });

  it('never reduces a name to nothing', () => {
    expect(core('The Company')).toBe('company');
    expect(core('Inc')).toBe('inc');
    expect(core('')).toBe('');
  });
});
