import type { BlockingDerivation } from './blocking-keys.js';
import type { FieldDef, IdentityRules } from './rules.js';
import { parseFeatureName, roleFlag } from './feature-names.js';
import { normalizeEmail, emailLocalBase } from '../normalize/email.js';
import { normalizePhone } from '../normalize/phone.js';
import { normalizeGivenName, normalizeFamilyName, splitFullName } from '../normalize/name.js';
import { normalizeCompany } from '../normalize/company.js';
import { registrableDomain } from '../normalize/domain.js';
import {
  normalizeStreet,
  normalizeCity,
  normalizePostcode,
  normalizeState,
  normalizeCountry,
} from '../normalize/address.js';
import { normalizeBirthDate } from '../normalize/birth-date.js';
import { phoneticKey } from '../normalize/phonetic.js';
import { foldText } from '../normalize/text.js';
import { givenNameVariants } from '../normalize/nicknames.js';

/** Normalized features of one record: feature name → value ('' when absent). */
export type Features = Record<string, string>;

/** Which features the rules read: values of every field, plus derived blocking keys and flags. */
export function requiredFeatures(rules: IdentityRules): string[] {
  const names = new Set<string>();
  for (const field of rules.fields) {
    names.add(field.name);
    if (field.type === 'email') names.add(roleFlag(field.name));
  }
  for (const rule of rules.blocking) for (const key of rule.keys) names.add(key);
  return [...names];
}

/** Field types whose values repeat across records, so their normalization is worth remembering. */
const MEMOIZED: ReadonlySet<FieldDef['type']> = new Set([
  'first_name',
  'last_name',
  'company',
  'title',
  'city',
  'postcode',
  'state',
  'country',
]);
const MAX_MEMOIZED = 200_000;

/** Turns raw values (by field name) into the normalized features the rules need. Pure. */
export class RecordPreparer {
  readonly features: readonly string[];
  private readonly fieldsByName: ReadonlyMap<string, FieldDef>;
  /**
   * Derived features, each with the values already derived when its derivation is slow enough to remember
   * (phonetic keys, canonical given names).
   */
  private readonly derived: readonly {
    name: string;
    field: string;
    derivation: BlockingDerivation;
    memo: Map<string, string> | undefined;
  }[];
  /** The fields, each with its normalized values by raw value when they repeat across records (names, company, city, …). */
  private readonly fieldPlan: readonly { field: FieldDef; memo: Map<string, string> | undefined }[];
  private readonly providerRules: readonly string[];
  private readonly region: string;
  private readonly firstField: string | undefined;
  private readonly lastField: string | undefined;
  private readonly fullField: string | undefined;

  constructor(rules: IdentityRules) {
    this.features = requiredFeatures(rules);
    this.fieldsByName = new Map(rules.fields.map((f) => [f.name, f]));
    this.derived = this.features
      .filter((n) => !this.fieldsByName.has(n) && !n.endsWith(':role'))
      .map((n) => {
        const parsed = parseFeatureName(n);
        const slow = parsed.derivation === 'dm' || parsed.derivation === 'canon';
        return { name: n, ...parsed, memo: slow ? new Map<string, string>() : undefined };
      });
    this.fieldPlan = rules.fields.map((field) => ({
      field,
      memo: MEMOIZED.has(field.type) ? new Map<string, string>() : undefined,
    }));
    this.providerRules = rules.emailProviderRules;
    this.region = rules.defaultRegion;
    this.firstField = rules.fields.find((f) => f.type === 'first_name')?.name;
    this.lastField = rules.fields.find((f) => f.type === 'last_name')?.name;
    this.fullField = rules.fields.find((f) => f.type === 'full_name')?.name;
  }

  prepare(raw: Readonly<Record<string, string | undefined>>): Features {
    const out: Features = {};
    for (const { field, memo } of this.fieldPlan) {
      const value = raw[field.name] ?? '';
      if (value === '') {
        out[field.name] = '';
        continue;
      }
      let normalized = memo?.get(value);
      if (normalized === undefined) {
        normalized = this.normalizeValue(field, value, out);
        if (memo !== undefined && memo.size < MAX_MEMOIZED) memo.set(value, normalized);
      }
      out[field.name] = normalized;
    }
    this.fillNamesFromFullName(raw, out);
    for (const d of this.derived) {
      const value = out[d.field] ?? '';
      let derived = d.memo?.get(value);
      if (derived === undefined) {
        derived = derive(d.derivation, value, raw[d.field] ?? '');
        if (d.memo !== undefined && d.memo.size < MAX_MEMOIZED) d.memo.set(value, derived);
      }
      out[d.name] = derived;
    }
    return out;
  }

  /**
   * Normalizes `rows` records given as one column of raw values per field (`values[k][r]` is field
   * `fields[k]` of row r) and returns one column per feature, in the order of {@link features}: plain data a
   * worker thread can hand back.
   */
  prepareRows(fields: readonly string[], values: readonly (readonly string[])[], rows: number): string[][] {
    const names = this.features;
    const columns = names.map(() => [] as string[]);
    const raw: Record<string, string> = {};
    const width = fields.length;
    for (let r = 0; r < rows; r++) {
      for (let k = 0; k < width; k++) raw[fields[k]!] = values[k]?.[r] ?? '';
      const features = this.prepare(raw);
      for (let f = 0; f < names.length; f++) columns[f]!.push(features[names[f]!] ?? '');
    }
    return columns;
  }

  private normalizeValue(field: FieldDef, value: string, out: Features): string {
    switch (field.type) {
      case 'external_id':
        return value.trim();
      case 'email': {
        const r = normalizeEmail(value, { providerRules: this.providerRules });
        if (!r.ok) return '';
        if (r.role) {
          out[roleFlag(field.name)] = '1';
          return '';
        }
        out[roleFlag(field.name)] = '';
        return r.address;
      }
      case 'phone': {
        const r = normalizePhone(value, this.region);
        if (!r.ok) return '';
        return r.extension !== undefined ? `${r.e164};ext=${r.extension}` : r.e164;
      }
      case 'first_name':
        return normalizeGivenName(value);
      case 'last_name':
        return normalizeFamilyName(value);
      case 'full_name': {
        const parts = splitFullName(value);
        return [parts.first, parts.last].filter((p) => p !== '').join(' ');
      }
      case 'company':
        return normalizeCompany(value).core;
      case 'domain':
      case 'website':
        return registrableDomain(value) ?? '';
      case 'street':
        return normalizeStreet(value);
      case 'city':
        return normalizeCity(value);
      case 'postcode':
        return normalizePostcode(value);
      case 'state':
        return normalizeState(value);
      case 'country':
        return normalizeCountry(value);
      case 'birth_date': {
        const r = normalizeBirthDate(value);
        return r.ok ? r.iso : '';
      }
      case 'title':
      case 'string':
        return foldText(value);
    }
  }

  /** Exports that carry only a full name (Zendesk `name`) still get first/last name features. */
  private fillNamesFromFullName(raw: Readonly<Record<string, string | undefined>>, out: Features): void {
    if (this.fullField === undefined) return;
    const full = raw[this.fullField] ?? '';
    if (full === '') return;
    const needFirst = this.firstField !== undefined && out[this.firstField] === '';
    const needLast = this.lastField !== undefined && out[this.lastField] === '';
    if (!needFirst && !needLast) return;
    const parts = splitFullName(full);
    if (needFirst && this.firstField !== undefined) out[this.firstField] = parts.first;
    if (needLast && this.lastField !== undefined) out[this.lastField] = parts.last;
  }
}

function derive(derivation: BlockingDerivation, value: string, raw: string): string {
  if (value === '') return '';
  switch (derivation) {
    case 'value':
      return value;
    case 'dm':
      return phoneticKey(value);
    case 'canon':
      return givenNameVariants(value)[0] ?? value;
    case 'initial':
      return value.charAt(0);
    case 'first3':
      return value.slice(0, 3);
    case 'year':
      return value.slice(0, 4);
    case 'local': {
      const at = value.indexOf('@');
      return at < 0 ? '' : emailLocalBase(value.slice(0, at));
    }
    case 'domain': {
      const at = value.indexOf('@');
      return at < 0 ? (registrableDomain(raw) ?? '') : value.slice(at + 1);
    }
    case 'digits7': {
      const digits = value.split(';')[0]!.replace(/\D/g, '');
      return digits.length >= 7 ? digits.slice(-7) : '';
    }
  }
}
