import { describe, expect, it } from 'vitest';
import { parsePhoneNumberFromString } from 'libphonenumber-js/min';
import { normalizePhone } from '../../src/normalize/phone.js';

function e164(raw: string, region = 'US'): string | undefined {
  const r = normalizePhone(raw, region);
  return r.ok ? r.e164 : undefined;
}

describe('normalizePhone', () => {
  it('gives one E.164 for the usual US spellings', () => {
    for (const raw of [
      '+1 (415) 555-0100',
      '415.555.0100',
      '(415) 555 0100',
      '001 415 555 0100',
      '1-415-555-0100',
    ]) {
      expect(e164(raw), raw).toBe('+14155550100');
    }
    expect(e164('+1 (415) 555-0100')).toBe(e164('415.555.0100'));
  });

  it('reads national numbers in the default region', () => {
    expect(normalizePhone('020 7946 0958', 'GB')).toEqual({ ok: true, e164: '+442079460958', country: 'GB' });
    expect(e164('02 9374 4000', 'AU')).toBe('+61293744000');
    expect(e164('0412 345 678', 'au')).toBe('+61412345678');
    expect(e164('00 44 20 7946 0958', 'DE')).toBe('+442079460958');
    expect(e164('011 44 20 7946 0958', 'US')).toBe('+442079460958');
  });

  it('handles international numbers with a national prefix in brackets', () => {
    expect(e164('+44 (0)20 7946 0958')).toBe('+442079460958');
  });

  it('keeps extensions apart', () => {
    expect(normalizePhone('415-555-0100 x123', 'US')).toEqual({
      ok: true,
      e164: '+14155550100',
      extension: '123',
      country: 'US',
    });
    expect(normalizePhone('+1 415 555 0100 ext. 45', 'US')).toMatchObject({
      e164: '+14155550100',
      extension: '45',
    });
    expect(normalizePhone('(415) 555-0100 #9', 'US')).toMatchObject({ e164: '+14155550100', extension: '9' });
    expect(normalizePhone('(415) 555-0100 extension 7', 'US')).toMatchObject({ extension: '7' });
  });

  it('rejects invalid input with a reason', () => {
    expect(normalizePhone('', 'US')).toEqual({ ok: false, reason: 'empty' });
    expect(normalizePhone('n/a', 'US')).toEqual({ ok: false, reason: 'no digits' });
    expect(normalizePhone('12345', 'US')).toEqual({ ok: false, reason: 'too short' });
    expect(normalizePhone('123456789012345678', 'US')).toEqual({ ok: false, reason: 'too long' });
    expect(normalizePhone('020 7946 0958', 'US')).toEqual({ ok: false, reason: 'invalid number' });
    expect(normalizePhone('(415) 155-0100', 'US')).toEqual({ ok: false, reason: 'invalid number' });
  });

  it('agrees with libphonenumber-js on plain digit strings across regions', () => {
    const cases: [string, string][] = [
      ['+4930123456', 'DE'],
      ['030 1234567', 'DE'],
      ['06 12 34 56 78', 'FR'],
      ['+33612345678', 'US'],
      ['+7 912 345 67 89', 'RU'],
      ['8 912 345 67 89', 'RU'],
      ['+52 55 1234 5678', 'MX'],
      ['011 15 2345 6789', 'AR'],
      ['+91 98765 43210', 'IN'],
      ['+1 268 464 1234', 'US'],
      ['+44 7624 123456', 'GB'],
      ['(11) 91234-5678', 'BR'],
      ['+81 3-1234-5678', 'JP'],
    ];
    for (const [raw, region] of cases) {
      const lib = parsePhoneNumberFromString(raw, { defaultCountry: region as 'US', extract: false });
      const expected = lib?.isValid() ? lib.number : undefined;
      expect(e164(raw, region), `${raw} in ${region}`).toBe(expected);
    }
  });
});
