import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/core';
import metadata from 'libphonenumber-js/min/metadata';
import { INVALID, parsePlanDigits, type PlanNumber } from './phone-plan.js';

/** A phone number in E.164 (extension apart), or why the input is not one. */
export type PhoneResult =
  { ok: true; e164: string; extension?: string; country?: string } | { ok: false; reason: string };

/** A trailing extension: `x123`, `ext. 123`, `extension 123`, `#123`, `;ext=123`. */
const EXTENSION = /(?:[;,]?\s*(?:e?xt(?:ension)?\.?|x|#)\s*[:.=]?\s*|;ext=)(\d{1,10})\s*$/i;
/** Only digits and the separators people type between them, with an optional leading `+`. */
const PLAIN = /^\+?[\d\s\-.()/]+$/;
/** Characters that can introduce an extension. */
const EXTENSION_MARK = /[a-z#;]/i;
const NON_DIGIT = /\D/g;
const MIN_DIGITS = 7;
const MAX_DIGITS = 17;

function ok(e164: string, extension: string | undefined, country: string | undefined): PhoneResult {
  const r: { ok: true; e164: string; extension?: string; country?: string } = { ok: true, e164 };
  if (extension !== undefined) r.extension = extension;
  if (country !== undefined) r.country = country;
  return r;
}

function viaLibrary(text: string, region: CountryCode): PlanNumber | typeof INVALID {
  const n = parsePhoneNumberFromString(text, { defaultCountry: region, extract: false }, metadata);
  return n?.isValid() ? { e164: n.number, country: n.country } : INVALID;
}

/** Parses digits with the precompiled plans, and with the library when they cannot decide. */
function parse(
  text: string,
  digits: string,
  international: boolean,
  region: CountryCode,
): PlanNumber | typeof INVALID {
  return (
    (PLAIN.test(text) ? parsePlanDigits(digits, international, region) : undefined) ??
    viaLibrary(text, region)
  );
}

/**
 * Normalizes a phone number to E.164, reading national numbers in `defaultRegion` (ISO alpha-2):
 * `+1 (415) 555-0100`, `415.555.0100`, `001 415 555 0100` → `+14155550100` (region US). A trailing
 * extension (`x123`, `ext. 123`, `#123`) is returned apart. Invalid or too short → `ok: false`.
 */
export function normalizePhone(raw: string, defaultRegion: string): PhoneResult {
  let text = raw.trim();
  if (text === '') return { ok: false, reason: 'empty' };
  let extension: string | undefined;
  const ext = EXTENSION_MARK.test(text) ? EXTENSION.exec(text) : null;
  if (ext !== null && ext.index > 0) {
    extension = ext[1];
    text = text.slice(0, ext.index).trim();
  }
  const digits = text.replace(NON_DIGIT, '');
  if (digits.length === 0) return { ok: false, reason: 'no digits' };
  if (digits.length < MIN_DIGITS) return { ok: false, reason: 'too short' };
  if (digits.length > MAX_DIGITS) return { ok: false, reason: 'too long' };
  const region = defaultRegion.toUpperCase() as CountryCode;
  const international = text.charCodeAt(0) === 43;

  let parsed = parse(text, digits, international, region);
  if (parsed === INVALID && !international && digits.startsWith('00')) {
    // `00` is the international prefix in most of the world, even where the region's own differs.
    const intl = digits.slice(2);
    parsed = parse(`+${intl}`, intl, true, region);
  }
  if (parsed === INVALID) return { ok: false, reason: 'invalid number' };
  return ok(parsed.e164, extension, parsed.country);
}
