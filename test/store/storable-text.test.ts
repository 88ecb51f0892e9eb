import { describe, expect, it } from 'vitest';
import { findUnstorableText, formatPath, unstorableTextReason } from '../../src/store/storable-text.js';

describe('text the store can keep faithfully', () => {
  it('refuses a NUL and a lone surrogate, and says where without quoting the text', () => {
    expect(unstorableTextReason('A\u0000da')).toMatch(/NUL character \(U\+0000\) at character 2/);
    expect(unstorableTextReason('sur\udc00key')).toMatch(/lone UTF-16 surrogate \(U\+DC00\) at character 4/);
    expect(unstorableTextReason('end\ud83d')).toMatch(/U\+D83D/);
    expect(unstorableTextReason('\udc00\ud83d')).toMatch(/U\+DC00 at character 1|\(U\+DC00\) at character 1/);
  });

  it('accepts U+FFFD, whole surrogate pairs and other control characters', () => {
    for (const text of ['sur\ufffdkey', 'smile \ud83d\ude00', 'tab\tnew\nline', '\u0001', '', 'Zoë'])
      expect(unstorableTextReason(text)).toBeUndefined();
  });

  it('finds the first unstorable string of a JSON value, keys included, in document order', () => {
    expect(findUnstorableText({ a: 'ok', b: ['x', 'y\u0000'], c: '\udc00' })).toEqual({
      path: ['b', 1],
      inKey: false,
      reason: expect.stringMatching(/^the value holds a NUL/),
    });
    expect(findUnstorableText({ ok: 1, ['na\u0000me']: 'x' })).toMatchObject({
      path: ['na\u0000me'],
      inKey: true,
      reason: expect.stringMatching(/^the name holds a NUL/),
    });
    expect(findUnstorableText({ a: 1, b: [true, null, { c: 'fine \ud83d\ude00' }] })).toBeUndefined();
  });

  it('formats a path without echoing the bad characters raw', () => {
    expect(formatPath(['payload', 'email'])).toBe('.payload.email');
    expect(formatPath(['b', 1])).toBe('.b[1]');
    expect(formatPath(['na\u0000me'])).toBe('["na\\u0000me"]');
    expect(formatPath(['x\udc00'])).toBe('["x\\udc00"]');
  });
});
