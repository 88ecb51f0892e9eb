/**
 * The import benchmark's data: a CRM that other tools filled (no Lanekeeper anchor, no provenance, formats
 * as each tool wrote them) and an incoming file about some of the same people, with the ground truth.
 * Deterministic per seed. Pure.
 */
import { companyName, companyVariantCount } from '../../src/generate/company-name.js';
import { renderContact } from '../../src/generate/contact-row.js';
import type { GeneratedContact } from '../../src/generate/generated-contact.js';
import { createPersonFactory, type Person, type PersonFactory } from '../../src/generate/person-factory.js';
import { formatPhone, PHONE_STYLES } from '../../src/generate/phone-format.js';
import { createRandom, type Random } from '../../src/generate/random.js';

/** How an incoming row about a known person differs from what the CRM (or an earlier row) holds. */
export const DRIFTS = ['email', 'nickname', 'phone_format', 'company_suffix'] as const;
export type Drift = (typeof DRIFTS)[number];

/** A contact in the CRM before the import, as HubSpot properties, and the person it is. */
export interface ExistingContact {
  readonly person: number;
  readonly properties: Readonly<Record<string, string>>;
}

/** The import lane's payload fields. */
export type ImportPayload = Readonly<Partial<Record<ImportField, string>>>;
export const IMPORT_FIELDS = ['email', 'first_name', 'last_name', 'phone', 'company', 'job_title'] as const;
export type ImportField = (typeof IMPORT_FIELDS)[number];

/**
 * One incoming row: `existing` is about a person the CRM holds (with one drift), `new` about a person it
 * does not, `repeat` a second row about a `new` row's person (with one drift).
 */
export interface IncomingRow {
  readonly person: number;
  readonly kind: 'existing' | 'new' | 'repeat';
  readonly drift?: Drift;
  readonly payload: ImportPayload;
}

export interface ImportWorkload {
  readonly existing: readonly ExistingContact[];
  readonly rows: readonly IncomingRow[];
}

export interface WorkloadOptions {
  /** Contacts in the CRM before the import. */
  readonly existing: number;
  /** Incoming rows. */
  readonly incoming: number;
  /** Share of incoming rows about people the CRM holds (default 0.2). */
  readonly knownShare?: number;
  /** Share of incoming rows that repeat another incoming row's person (default 0.1). */
  readonly repeatShare?: number;
  readonly seed: number;
}

interface Drafted {
  readonly person: Person;
  readonly number: number;
  readonly payload: ImportPayload;
}

export function importWorkload(options: WorkloadOptions): ImportWorkload {
  const knownShare = options.knownShare ?? 0.2;
  const repeatShare = options.repeatShare ?? 0.1;
  const known = Math.round(options.incoming * knownShare);
  const repeats = Math.round(options.incoming * repeatShare);
  const fresh = options.incoming - known - repeats;
  if (known > options.existing) throw new RangeError('more incoming rows about known people than contacts');
  if (fresh < 0 || repeats > fresh) throw new RangeError('shares leave too few new people for the repeats');
  const rng = createRandom(options.seed);
  const factory = createPersonFactory(rng, options.existing + fresh);
  let people = 0;
  const draft = (): Drafted => {
    const person = factory.newPerson();
    const number = ++people;
    const row = renderContact(
      person,
      { duplicate: false, moved: false },
      factory,
      rng,
      `c${number}`,
      `p${number}`,
    );
    return { person, number, payload: payloadOf(row) };
  };

  const crm: Drafted[] = [];
  const existing: ExistingContact[] = [];
  const emails = new Set<string>();
  for (let i = 0; i < options.existing; i++) {
    const d = draft();
    // HubSpot holds one contact per email: the second holder of a shared address (a role mailbox) was
    // saved without it.
    const email = d.payload.email?.trim().toLowerCase() ?? '';
    const payload = email !== '' && emails.has(email) ? { ...d.payload, email: '' } : d.payload;
    if (email !== '') emails.add(email);
    crm.push({ ...d, payload });
    existing.push({ person: d.number, properties: { ...hubSpotProperties(payload), ...unmappedOf(d) } });
  }

  const rows: IncomingRow[] = [];
  let turn = 0;
  const drifted = (d: Drafted): { drift: Drift; payload: ImportPayload } | undefined => {
    for (let k = 0; k < DRIFTS.length; k++) {
      const drift = DRIFTS[(turn + k) % DRIFTS.length]!;
      const payload = applyDrift(drift, d, factory, rng);
      if (payload !== undefined) {
        turn++;
        return { drift, payload };
      }
    }
    return undefined;
  };
  for (const i of sample(rng, crm.length, crm.length)) {
    if (rows.length === known) break;
    const d = crm[i]!;
    const change = drifted(d);
    if (change !== undefined) rows.push({ person: d.number, kind: 'existing', ...change });
  }
  if (rows.length < known) throw new RangeError('too few contacts can be drifted; raise --existing');

  const newcomers = Array.from({ length: fresh }, draft);
  for (const d of newcomers) rows.push({ person: d.number, kind: 'new', payload: d.payload });
  for (const i of sample(rng, newcomers.length, newcomers.length)) {
    if (rows.length === options.incoming) break;
    const d = newcomers[i]!;
    const change = drifted(d);
    if (change !== undefined) rows.push({ person: d.number, kind: 'repeat', ...change });
  }
  if (rows.length < options.incoming) throw new RangeError('too few new people can be repeated');
  for (let i = rows.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    [rows[i], rows[j]] = [rows[j]!, rows[i]!];
  }
  return { existing, rows };
}

/** The row with one drift, or `undefined` when the person offers no such variant. */
function applyDrift(
  drift: Drift,
  { person, payload }: Drafted,
  factory: PersonFactory,
  rng: Random,
): ImportPayload | undefined {
  switch (drift) {
    case 'email': {
      const held = payload.email?.trim().toLowerCase() ?? '';
      const work = person.job?.workEmail ?? '';
      const other = held === work || work === '' ? factory.personalEmailOf(person) : work;
      return other === '' || other === held ? undefined : { ...payload, email: other };
    }
    case 'nickname': {
      const given = payload.first_name ?? '';
      if (person.nickname === '' || given === '') return undefined;
      const other = given.toLowerCase() === person.nickname.toLowerCase() ? person.first : person.nickname;
      return { ...payload, first_name: other };
    }
    case 'phone_format': {
      const digits = tenDigits(payload.phone ?? '');
      if (digits === undefined) return undefined;
      const styles = PHONE_STYLES.filter((s) => formatPhone(digits, s) !== payload.phone);
      return { ...payload, phone: formatPhone(digits, styles[rng.int(styles.length)]!) };
    }
    case 'company_suffix': {
      const entry = person.job?.employer.entry;
      if (entry === undefined || (payload.company ?? '') === '') return undefined;
      const variants = Array.from({ length: companyVariantCount(entry) }, (_, v) =>
        companyName(entry, v),
      ).filter((name) => name !== payload.company && name !== entry.domain);
      return variants.length === 0 ? undefined : { ...payload, company: variants[rng.int(variants.length)]! };
    }
  }
}

/** The 10 digits of a NANP number written without an extension, else `undefined`. */
function tenDigits(phone: string): string | undefined {
  if (/[a-z#]/i.test(phone)) return undefined;
  const digits = phone.replace(/\D/g, '');
  const national = digits.length === 11 && digits.startsWith('1') ? digits.slice(1) : digits;
  return national.length === 10 ? national : undefined;
}

function payloadOf(row: GeneratedContact): ImportPayload {
  const out: Partial<Record<ImportField, string>> = {};
  const fields: Readonly<Record<ImportField, string>> = {
    email: row.email,
    first_name: row.first_name,
    last_name: row.last_name,
    phone: row.phone,
    company: row.company,
    job_title: row.title,
  };
  for (const name of IMPORT_FIELDS) if (fields[name] !== '') out[name] = fields[name];
  return out;
}

/** The import lane's mapping: payload field → HubSpot property. */
export const IMPORT_PROPERTIES: Readonly<Record<ImportField, string>> = {
  email: 'email',
  first_name: 'firstname',
  last_name: 'lastname',
  phone: 'phone',
  company: 'company',
  job_title: 'jobtitle',
};

function hubSpotProperties(payload: ImportPayload): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of IMPORT_FIELDS) {
    const value = payload[name];
    if (value !== undefined && value !== '') out[IMPORT_PROPERTIES[name]] = value;
  }
  return out;
}

/** Values other tools set that the import does not map: they must come through untouched. */
function unmappedOf(d: Drafted): Record<string, string> {
  const city = d.person.homeCity;
  return { city: city.city, state: city.state, hs_lead_status: d.number % 3 === 0 ? 'OPEN' : 'CONNECTED' };
}

/** `count` distinct indexes below `n`, in random order. */
function sample(rng: Random, n: number, count: number): number[] {
  const all = Array.from({ length: n }, (_, i) => i);
  for (let i = 0; i < Math.min(count, n); i++) {
    const j = i + rng.int(n - i);
    [all[i], all[j]] = [all[j]!, all[i]!];
  }
  return all.slice(0, count);
}
