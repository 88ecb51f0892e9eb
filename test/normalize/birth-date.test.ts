import { describe, expect, it } from 'vitest';
import { normalizeBirthDate } from '../../src/normalize/birth-date.js';

const REF = { referenceYear: 2025 } as const;
const iso = (raw: string, order?: 'dmy' | 'mdy'): string | undefined => {
  const r = normalizeBirthDate(raw, { ...REF, order });
  return r.ok ? r.iso : undefined;
};
const reason = (raw: string): string | undefined => {
  const r = normalizeBirthDate(raw, REF);
  return r.ok ? undefined : r.reason;
};

describe('normalizeBirthDate', () => {
  it('reads ISO dates, compact dates and timestamps', () => {
    expect(iso('1980-01-31')).toBe('1980-01-31');
    expect(iso('1980-1-5')).toBe('1980-01-05');
    expect(iso('19800131')).toBe('1980-01-31');
    expect(iso('1980-01-31T10:00:00Z')).toBe('1980-01-31');
  });

  it('reads numeric dates as month-first by default, day-first on request', () => {
    expect(iso('01/02/1980')).toBe('1980-01-02');
    expect(iso('01/02/1980', 'dmy')).toBe('1980-02-01');
  });

  it('reads unambiguous numeric dates either way', () => {
    expect(iso('13/02/1980')).toBe('1980-02-13');
    expect(iso('02/13/1980', 'dmy')).toBe('1980-02-13');
  });

  it('reads month names', () => {
    expect(iso('1 Jan 1980')).toBe('1980-01-01');
    expect(iso('January 1, 1980')).toBe('1980-01-01');
    expect(iso('Jan 1st 1980')).toBe('1980-01-01');
    expect(iso('31-DEC-1979')).toBe('1979-12-31');
  });

  it('pivots two-digit years on the reference year', () => {
    expect(iso('3/4/85')).toBe('1985-03-04');
    expect(iso('3/4/07')).toBe('2007-03-04');
  });

  it('rejects impossible dates with a reason', () => {
    expect(reason('1980-02-30')).toBe('invalid day for month');
    expect(reason('2/29/1981')).toBe('invalid day for month');
    expect(iso('2/29/1980')).toBe('1980-02-29');
    expect(reason('13/13/1980')).toBe('invalid month');
    expect(reason('2030-01-01')).toBe('date in the future');
    expect(reason('1850-01-01')).toBe('year too early');
    expect(reason('someday')).toBe('unrecognized date format');
    expect(reason(' ')).toBe('empty');
  });
});
