/**
 * Similarity of ISO `YYYY-MM-DD` dates, scored by the strongest relation that holds:
 *
 * | score | relation                                                                        |
 * | ----- | ------------------------------------------------------------------------------- |
 * | 1     | identical strings                                                               |
 * | 0.9   | same year, day and month swapped (03-04 vs 04-03)                               |
 * | 0.85  | two parts equal, the third one digit typo off (one digit substituted, or two     |
 * |       | adjacent digits transposed, in its zero-padded form: 1985/1958, 07/01, 12/13)   |
 * | 0.7   | same year and month                                                             |
 * | 0.6   | same month and day, years at most 10 apart (a one-digit year typo already       |
 * |       | scores 0.85)                                                                    |
 * | 0.5   | at most 30 days apart                                                           |
 * | 0     | otherwise, or either value is not `YYYY-MM-DD` with month 01-12 and day 01-31   |
 *
 * Every relation is symmetric and the score is the highest tier whose condition holds.
 */

const DAY_MONTH_SWAP = 0.9;
const ONE_PART_TYPO = 0.85;
const SAME_YEAR_MONTH = 0.7;
const SAME_MONTH_DAY = 0.6;
const WITHIN_30_DAYS = 0.5;

/** Parses `YYYY-MM-DD` into `year * 10000 + month * 100 + day`, or -1. */
function parse(s: string): number {
  if (s.length !== 10 || s.charCodeAt(4) !== 45 || s.charCodeAt(7) !== 45) return -1;
  let value = 0;
  for (let i = 0; i < 10; i++) {
    if (i === 4 || i === 7) continue;
    const d = s.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return -1;
    value = value * 10 + d;
  }
  const month = Math.floor(value / 100) % 100;
  const day = value % 100;
  return month >= 1 && month <= 12 && day >= 1 && day <= 31 ? value : -1;
}

/** True when the zero-padded `width`-digit forms differ by one substitution or one adjacent swap. */
function oneDigitTypo(x: number, y: number, width: number): boolean {
  let firstDiff = -1;
  let diffs = 0;
  let lastDiff = -1;
  let xs = x;
  let ys = y;
  for (let i = 0; i < width; i++) {
    if (xs % 10 !== ys % 10) {
      diffs++;
      if (firstDiff < 0) firstDiff = i;
      lastDiff = i;
    }
    xs = Math.floor(xs / 10);
    ys = Math.floor(ys / 10);
  }
  if (diffs === 1) return true;
  if (diffs !== 2 || lastDiff !== firstDiff + 1) return false;
  const p = 10 ** firstDiff;
  const xLow = Math.floor(x / p) % 10;
  const xHigh = Math.floor(x / (p * 10)) % 10;
  const yLow = Math.floor(y / p) % 10;
  const yHigh = Math.floor(y / (p * 10)) % 10;
  return xLow === yHigh && xHigh === yLow;
}

/** Days since 1970-01-01 of a proleptic Gregorian date (days past a month's end roll over). */
function dayNumber(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const mp = (month + 9) % 12;
  const doy = Math.floor((153 * mp + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/** Similarity of two ISO dates in [0, 1], by the tiers documented above. */
export function dateSimilarity(a: string, b: string): number {
  if (a === b) return 1;
  const x = parse(a);
  const y = parse(b);
  if (x < 0 || y < 0) return 0;
  if (x === y) return 1;
  const yearA = Math.floor(x / 10000);
  const yearB = Math.floor(y / 10000);
  const monthA = Math.floor(x / 100) % 100;
  const monthB = Math.floor(y / 100) % 100;
  const dayA = x % 100;
  const dayB = y % 100;
  const sameYear = yearA === yearB;
  const sameMonth = monthA === monthB;
  const sameDay = dayA === dayB;

  if (sameYear && monthA === dayB && dayA === monthB) return DAY_MONTH_SWAP;
  if (sameYear && sameMonth && oneDigitTypo(dayA, dayB, 2)) return ONE_PART_TYPO;
  if (sameYear && sameDay && oneDigitTypo(monthA, monthB, 2)) return ONE_PART_TYPO;
  if (sameMonth && sameDay && oneDigitTypo(yearA, yearB, 4)) return ONE_PART_TYPO;
  if (sameYear && sameMonth) return SAME_YEAR_MONTH;
  if (sameMonth && sameDay && Math.abs(yearA - yearB) <= 10) return SAME_MONTH_DAY;
  const days = dayNumber(yearA, monthA, dayA) - dayNumber(yearB, monthB, dayB);
  if (days <= 30 && days >= -30) return WITHIN_30_DAYS;
  return 0;
}
