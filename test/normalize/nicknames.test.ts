import { describe, expect, it } from 'vitest';
import { givenNameVariants, sameGivenName } from '../../src/normalize/nicknames.js';
import { NICKNAME_TABLE } from '../../src/normalize/nickname-table.js';

describe('givenNameVariants', () => {
  it('maps nicknames to their group', () => {
    expect(givenNameVariants('bob')).toEqual(['robert']);
    expect(givenNameVariants('Liz')).toEqual(['elizabeth']);
    expect(givenNameVariants('robert')).toEqual(['robert']);
  });

  it('maps ambiguous nicknames to several groups, the most common first', () => {
    expect(givenNameVariants('alex')).toEqual(['alexander', 'alexandra', 'alexis']);
    expect(givenNameVariants('chris')[0]).toBe('christopher');
    expect(givenNameVariants('chris')).toContain('christina');
    expect(givenNameVariants('sam')).toEqual(['samuel', 'samantha']);
    expect(givenNameVariants('pat')).toEqual(['patrick', 'patricia']);
    expect(givenNameVariants('jo').length).toBeGreaterThan(1);
  });

  it('maps an unknown name to itself, folded', () => {
    expect(givenNameVariants('Zebulon')).toEqual(['zebulon']);
    expect(givenNameVariants('')).toEqual([]);
  });

  it('uses lower-case single-word entries only', () => {
    for (const [group, variants] of NICKNAME_TABLE) {
      for (const name of [group, ...variants.split(' ')]) expect(name).toMatch(/^[a-z]+$/);
    }
    expect(NICKNAME_TABLE.length).toBeGreaterThan(150);
  });
});

describe('sameGivenName', () => {
  it('matches nicknames with their full name and with each other', () => {
    expect(sameGivenName('bob', 'robert')).toBe(true);
    expect(sameGivenName('liz', 'elizabeth')).toBe(true);
    expect(sameGivenName('beth', 'liz')).toBe(true);
    expect(sameGivenName('peggy', 'margaret')).toBe(true);
    expect(sameGivenName('kathy', 'catherine')).toBe(true);
    expect(sameGivenName('bill', 'william')).toBe(true);
  });

  it('does not match different names', () => {
    expect(sameGivenName('bob', 'william')).toBe(false);
    expect(sameGivenName('john', 'jackson')).toBe(false);
    expect(sameGivenName('anne', 'zebulon')).toBe(false);
    expect(sameGivenName('', '')).toBe(false);
  });

  it('matches equal names after folding', () => {
    expect(sameGivenName('José', 'jose')).toBe(true);
    expect(sameGivenName('Zoë', 'zoe')).toBe(true);
  });
});
