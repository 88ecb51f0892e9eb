/** A birth date as `YYYY-MM-DD`, or why the input is not one. */
export type BirthDateResult = { ok: true; iso: string } | { ok: false; reason: string };

/** Options of `normalizeBirthDate`. */
export interface BirthDateOptions {
  /** How to read an all-numeric date whose day and month are both ≤ 12. Default `mdy`. */
  readonly order?: 'dmy' | 'mdy';
  /** Latest plausible birth year, and the pivot for two-digit years. Default: the current year. */
  readonly referenceYear?: number;
}

const MIN_YEAR = 1900;
const YMD = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[T\s].*)?$/;
const COMPACT = /^(\d{4})(\d{2})(\d{2})$/;
const NUMERIC = /^(\d{1,2})[-/.](\d{1,2})[-/.](\d{2}|\d{4})$/;
const WORD_SEPARATORS = /[\s,.\-/]+/;
const ORDINAL_SUFFIX = /^(\d{1,4})(?:st|nd|rd|th)?$/;

const MONTHS: ReadonlyMap<string, number> = new Map(
  [
    ['jan', 'january'],
    ['feb', 'february'],
    ['mar', 'march'],
    ['apr', 'april'],
    ['may', 'may'],
    ['jun', 'june'],
    ['jul', 'july'],
    ['aug', 'august'],
    ['sep', 'september', 'sept'],
    ['oct', 'october'],
    ['nov', 'november'],
    ['dec', 'december'],
  ].flatMap((names, i) => names.map((n) => [n, i + 1] as const)),
);

function daysInMonth(year: number, month: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

function build(year: number, month: number, day: number, referenceYear: number): BirthDateResult {
  if (month < 1 || month > 12) return { ok: false, reason: 'invalid month' };
  if (day < 1 || day > daysInMonth(year, month)) return { ok: false, reason: 'invalid day for month' };
  if (year < MIN_YEAR) return { ok: false, reason: 'year too early' };
  if (year > referenceYear) return { ok: false, reason: 'date in the future' };
  return { ok: true, iso: `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}` };
}

/** A four-digit year; two-digit years pivot on the reference year (`85` → 1985, `07` → 2007). */
function fullYear(text: string, referenceYear: number): number {
  const y = Number(text);
  if (text.length !== 2) return y;
  const century = referenceYear - (referenceYear % 100);
  return century + y > referenceYear ? century - 100 + y : century + y;
}

function fromNumeric(
  a: number,
  b: number,
  yearText: string,
  order: 'dmy' | 'mdy',
  ref: number,
): BirthDateResult {
  const year = fullYear(yearText, ref);
  if (a > 12 && b > 12) return { ok: false, reason: 'invalid month' };
  if (a > 12) return build(year, b, a, ref);
  if (b > 12) return build(year, a, b, ref);
  return order === 'dmy' ? build(year, b, a, ref) : build(year, a, b, ref);
}

/** `1 Jan 1980`, `January 1st, 1980`, `1-JAN-80`, `1980 Jan 1`. */
function fromMonthName(s: string, ref: number): BirthDateResult | undefined {
  const parts = s
    .toLowerCase()
    .split(WORD_SEPARATORS)
    .filter((p) => p !== '');
  if (parts.length !== 3) return undefined;
  let month: number | undefined;
  const numbers: string[] = [];
  for (const p of parts) {
    const m = MONTHS.get(p);
    if (m !== undefined && month === undefined) {
      month = m;
      continue;
    }
    const n = ORDINAL_SUFFIX.exec(p);
    if (n?.[1] === undefined) return undefined;
    numbers.push(n[1]);
  }
  const [first, second] = numbers;
  if (month === undefined || first === undefined || second === undefined) return undefined;
  const yearFirst = first.length === 4;
  const dayText = yearFirst ? second : first;
  const yearText = yearFirst ? first : second;
  if (dayText.length > 2 || (yearText.length !== 4 && yearText.length !== 2)) return undefined;
  return build(fullYear(yearText, ref), month, Number(dayText), ref);
}

/**
 * Parses a birth date to ISO `YYYY-MM-DD`: `1980-01-31`, `19800131`, ISO timestamps (date part),
 * `01/31/1980` (or `31/01/1980`; ambiguous ones by `order`), `1 Jan 1980`, `January 1, 1980`.
 * Impossible dates (Feb 30), years before 1900 and future dates are rejected with a reason.
 */
export function normalizeBirthDate(raw: string, opts?: BirthDateOptions): BirthDateResult {
  const s = raw.trim();
  if (s === '') return { ok: false, reason: 'empty' };
  const ref = opts?.referenceYear ?? new Date().getFullYear();
  const ymd = YMD.exec(s) ?? COMPACT.exec(s);
  if (ymd !== null) return build(Number(ymd[1]), Number(ymd[2]), Number(ymd[3]), ref);
  const numeric = NUMERIC.exec(s);
  if (numeric !== null) {
    return fromNumeric(Number(numeric[1]), Number(numeric[2]), numeric[3] ?? '', opts?.order ?? 'mdy', ref);
  }
  return fromMonthName(s, ref) ?? { ok: false, reason: 'unrecognized date format' };
}
