import metadataJson from 'libphonenumber-js/min/metadata';

/**
 * Digit-string phone parsing over libphonenumber-js `min` metadata with precompiled patterns.
 * It follows the library's own steps (IDD prefix, calling code without `+`, national prefix,
 * country by calling code, type-based validation) but compiles each pattern once; the library
 * builds a RegExp per check, which makes it ~10-30 µs per number. Numbers needing a
 * national-prefix transform rule, unknown regions and non-geographic codes are left to the library.
 */

type RawType = readonly [pattern: string, lengths?: readonly number[]] | 0;
/** The library's packed country tuple (metadata format v4). */
type RawCountry = readonly [
  callingCode: string,
  idd: string,
  pattern: string,
  lengths?: readonly number[] | 0,
  formats?: unknown,
  nationalPrefix?: string | 0,
  formattingRule?: unknown,
  nationalPrefixForParsing?: string | 0,
  transformRule?: string | 0,
  optional?: unknown,
  leadingDigits?: string | 0,
  types?: readonly RawType[] | 0,
];
interface RawMetadata {
  readonly country_calling_codes: Readonly<Record<string, readonly string[] | undefined>>;
  readonly countries: Readonly<Record<string, RawCountry | undefined>>;
}

interface TypePattern {
  readonly re: RegExp;
  readonly lengths: readonly number[] | undefined;
}

interface Plan {
  readonly country: string;
  readonly callingCode: string;
  readonly general: RegExp;
  readonly lengths: readonly number[] | undefined;
  readonly leading: RegExp | undefined;
  /** Undefined when the metadata has no per-type patterns for the country. */
  readonly types: readonly TypePattern[] | undefined;
  readonly idd: RegExp;
  readonly nationalPrefix: RegExp | undefined;
  readonly transformRule: boolean;
}

/** A parsed valid number. */
export interface PlanNumber {
  readonly e164: string;
  readonly country: string | undefined;
}

const META = metadataJson as unknown as RawMetadata;
const MIN_NSN = 2;
const MAX_NSN = 17;
const plans = new Map<string, Plan | null>();

function whole(pattern: string): RegExp {
  return new RegExp(`^(?:${pattern})$`);
}

function compile(country: string): Plan | null {
  const raw = META.countries[country];
  if (raw === undefined) return null;
  const lengths = raw[3] ? raw[3] : undefined;
  const rawTypes = raw[11];
  const types =
    rawTypes && rawTypes.length > 0
      ? rawTypes.flatMap((t): TypePattern[] =>
          t && t[0] !== '' ? [{ re: whole(t[0]), lengths: t[1] ?? lengths }] : [],
        )
      : undefined;
  const npp = raw[7] || raw[5] || undefined;
  return {
    country,
    callingCode: raw[0],
    general: whole(raw[2]),
    lengths,
    leading: raw[10] ? new RegExp(`^(?:${raw[10]})`) : undefined,
    types,
    idd: new RegExp(`^(?:${raw[1]})`),
    nationalPrefix: npp === undefined ? undefined : new RegExp(`^(?:${npp})`),
    transformRule: Boolean(raw[8]),
  };
}

function planFor(country: string): Plan | null {
  let plan = plans.get(country);
  if (plan === undefined) {
    plan = compile(country);
    plans.set(country, plan);
  }
  return plan;
}

function mainCountry(callingCode: string): string | undefined {
  return META.country_calling_codes[callingCode]?.[0];
}

/** A number type (fixed line, mobile, toll free, …) matches. */
function hasType(plan: Plan, n: string): boolean {
  if (plan.types === undefined || !plan.general.test(n)) return false;
  for (const t of plan.types) {
    if (t.lengths !== undefined && !t.lengths.includes(n.length)) continue;
    if (t.re.test(n)) return true;
  }
  return false;
}

function isValidFor(plan: Plan, n: string): boolean {
  return plan.types === undefined ? plan.general.test(n) : hasType(plan, n);
}

type LengthCheck = 'possible' | 'too-short' | 'too-long' | 'invalid-length';

function checkLength(plan: Plan, n: string): LengthCheck {
  const lengths = plan.lengths;
  if (lengths === undefined) return 'possible';
  const min = lengths[0] ?? 0;
  if (min === n.length) return 'possible';
  if (min > n.length) return 'too-short';
  if ((lengths[lengths.length - 1] ?? 0) < n.length) return 'too-long';
  return lengths.indexOf(n.length, 1) >= 0 ? 'possible' : 'invalid-length';
}

function countryByCallingCode(callingCode: string, n: string): string | undefined {
  const countries = META.country_calling_codes[callingCode];
  if (countries === undefined) return undefined;
  if (countries.length === 1) return countries[0];
  for (const country of countries) {
    const plan = planFor(country);
    if (plan === null) continue;
    if (plan.leading !== undefined) {
      if (n !== '' && plan.leading.test(n)) return country;
    } else if (hasType(plan, n)) return country;
  }
  return undefined;
}

/** Strips a national prefix the way the library does; undefined when a transform rule applies. */
function extractNational(number: string, plan: Plan): string | undefined {
  if (number === '' || plan.nationalPrefix === undefined) return number;
  const m = plan.nationalPrefix.exec(number);
  if (m === null) return number;
  const groups = m.length - 1;
  if (plan.transformRule && groups > 0 && m[groups]) return undefined;
  const national = number.slice(m[0].length);
  if (national === number) return number;
  if (plan.general.test(number) && !plan.general.test(national)) return number;
  if (plan.lengths !== undefined) {
    const exact = countryByCallingCode(plan.callingCode, national);
    const lengthPlan = exact === undefined ? plan : (planFor(exact) ?? plan);
    const check = checkLength(lengthPlan, national);
    if (check === 'too-short' || check === 'invalid-length') return number;
  }
  return national;
}

/** Splits off the calling code of an international number (digits after `+` or an IDD prefix). */
function splitCallingCode(digits: string): [callingCode: string, rest: string] | undefined {
  if (digits.charCodeAt(0) === 48) return undefined;
  for (let i = 1; i <= 3 && i <= digits.length; i++) {
    const cc = digits.slice(0, i);
    if (META.country_calling_codes[cc] !== undefined) return [cc, digits.slice(i)];
  }
  return undefined;
}

/** Marks a number the library would also reject. */
export const INVALID = 'invalid';

/**
 * A valid number from its digits (`international` when they followed a `+`) in the default
 * region; `INVALID` when not valid; undefined when it needs the library's full parser.
 */
export function parsePlanDigits(
  digits: string,
  international: boolean,
  region: string,
): PlanNumber | typeof INVALID | undefined {
  let callingCode: string | undefined;
  let rest = digits;
  let country: string | undefined;
  let intl = international;

  if (!intl) {
    const regionPlan = planFor(region);
    if (regionPlan === null) return undefined;
    const idd = regionPlan.idd.exec(digits);
    if (idd !== null && idd.index === 0 && idd[0].length < digits.length && digits[idd[0].length] !== '0') {
      rest = digits.slice(idd[0].length);
      intl = true;
    } else {
      const cc = regionPlan.callingCode;
      if (digits.startsWith(cc)) {
        const shorter = digits.slice(cc.length);
        const nShort = extractNational(shorter, regionPlan);
        const nFull = extractNational(digits, regionPlan);
        if (nShort === undefined || nFull === undefined) return undefined;
        if (
          (!regionPlan.general.test(nFull) && regionPlan.general.test(nShort)) ||
          checkLength(regionPlan, nFull) === 'too-long'
        ) {
          callingCode = cc;
          rest = shorter;
        }
      }
      if (callingCode === undefined) {
        country = region;
        callingCode = cc;
      }
    }
  }
  if (intl) {
    const split = splitCallingCode(rest);
    if (split === undefined) return INVALID;
    [callingCode, rest] = split;
  }
  if (callingCode === undefined || rest === '') return INVALID;

  const selected = country ?? mainCountry(callingCode);
  const plan = selected === undefined ? null : planFor(selected);
  if (plan === null) return undefined;
  const national = extractNational(rest, plan);
  if (national === undefined) return undefined;
  if (national.length < MIN_NSN || national.length > MAX_NSN) return INVALID;
  const exact = countryByCallingCode(callingCode, national);
  if (exact !== undefined) country = exact;
  const validPlan = planFor(country ?? selected ?? '');
  if (validPlan === null) return undefined;
  if (!isValidFor(validPlan, national)) return INVALID;
  return { e164: `+${callingCode}${national}`, country };
}
