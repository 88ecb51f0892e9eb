import { describe, expect, it } from 'vitest';
import { foldText, foldTokens } from '../../src/normalize/text.js';

describe('foldText', () => {
  it('removes accents and lower-cases', () => {
    expect(foldText('José')).toBe('jose');
    expect(foldText('Müller')).toBe('muller');
    expect(foldText('Zoë')).toBe('zoe');
    expect(foldText('José')).toBe(foldText('Jose'));
  });

  it('applies NFKC and transliterates non-Latin scripts', () => {
    expect(foldText('Ｆｕｌｌ')).toBe('full');
    expect(foldText('ﬁne')).toBe('fine');
    expect(foldText('Дмитрий')).toBe('dmitriy');
  });

  it('joins words at inner apostrophes and hyphens', () => {
    expect(foldText("O'Brien")).toBe('obrien');
    expect(foldText('O’Brien')).toBe('obrien');
    expect(foldText('Smith-Jones')).toBe('smithjones');
  });

  it('turns other punctuation into single spaces and trims', () => {
    expect(foldText('  J.R.R.   Tolkien ')).toBe('j r r tolkien');
    expect(foldText(' - ')).toBe('');
    expect(foldText('')).toBe('');
  });

  it('returns folded input unchanged', () => {
    expect(foldText('already folded 42')).toBe('already folded 42');
  });

  it('splits into tokens', () => {
    expect(foldTokens(' Ann  Marie ')).toEqual(['ann', 'marie']);
    expect(foldTokens('  ')).toEqual([]);
  });
});
