import type { ColumnMapping } from '../detect/audit-result.js';
import type { FieldType } from '../identity/field-types.js';
import { InputError } from './input-error.js';

/** Header names seen in Salesforce, HubSpot, Zendesk and Febrl exports and `lanekeeper generate`, best first. */
const HEADER_NAMES: Readonly<Record<Exclude<FieldType, 'string'>, readonly string[]>> = {
  external_id: ['external_id', 'External ID', 'ExternalId', 'External_Id__c', 'customer_id'],
  email: ['email', 'Email Address', 'email_address', 'E-mail', 'Primary Email', 'email1', 'work_email'],
  phone: [
    'phone',
    'Phone Number',
    'phone_number',
    'Work Phone',
    'MobilePhone',
    'Mobile Phone Number',
    'mobile',
  ],
  first_name: ['first_name', 'FirstName', 'given_name', 'Given Name', 'forename'],
  last_name: ['last_name', 'LastName', 'surname', 'family_name', 'Family Name'],
  full_name: ['full_name', 'name', 'Contact Name', 'Display Name'],
  company: [
    'company',
    'Company Name',
    'Account.Name',
    'Account Name',
    'Organization',
    'organization_name',
    'Organisation',
    'employer',
  ],
  domain: ['domain', 'Company Domain Name', 'email_domain', 'Website Domain'],
  website: ['website', 'Website URL', 'url', 'homepage'],
  street: [
    'street',
    'MailingStreet',
    'Street Address',
    'address',
    'address_1',
    'address_line_1',
    'BillingStreet',
  ],
  city: ['city', 'MailingCity', 'suburb', 'BillingCity', 'town'],
  postcode: ['postcode', 'MailingPostalCode', 'Postal Code', 'Zip', 'Zip Code', 'BillingPostalCode'],
  state: ['state', 'MailingState', 'State/Region', 'province', 'region', 'BillingState'],
  country: ['country', 'MailingCountry', 'Country/Region', 'BillingCountry'],
  birth_date: ['birth_date', 'Birthdate', 'Date of Birth', 'dob', 'birthday'],
  title: ['title', 'Job Title', 'jobtitle'],
};

/** Header names of the record's own id column, best first. */
const ID_NAMES = ['id', 'Record ID', 'Contact ID', 'record_id', 'rec_id', 'hs_object_id'];

/** Header key for name comparison: lower case, letters and digits only. */
export function headerKey(name: string): string {
  return name.toLowerCase().replace(/[^\p{L}\p{N}]/gu, '');
}

export interface RecognizedColumns {
  mapped: ColumnMapping[];
  id: string | null;
  ignored: string[];
}

export interface RecognizeOptions {
  /** Field name (or field type) → column, from --map or a contract. */
  explicit?: Readonly<Record<string, string>>;
  idColumn?: string;
  /** The input file, for error messages. */
  file: string;
}

/**
 * Decides which column feeds each field: explicit mappings first, then the id column,
 * then recognised header names. Each column feeds at most one field (earlier fields win).
 */
export function recognizeColumns(
  columns: readonly string[],
  fields: readonly { name: string; type: FieldType }[],
  opts: RecognizeOptions,
): RecognizedColumns {
  const used = new Set<string>();
  const byField = new Map<string, ColumnMapping>();

  for (const [key, wanted] of Object.entries(opts.explicit ?? {})) {
    const field =
      fields.find((f) => f.name === key) ?? fields.find((f) => f.type === key && !byField.has(f.name));
    if (!field) {
      throw new InputError(
        'unknown_column',
        { file: opts.file },
        `--map ${key}=${wanted}: there is no field or type named "${key}"`,
        `map one of: ${fields.map((f) => f.name).join(', ')}`,
      );
    }
    const column = findColumn(columns, wanted, opts.file, `--map ${key}=${wanted}`);
    byField.set(field.name, { field: field.name, type: field.type, column, how: 'explicit' });
    used.add(column);
  }

  let id: string | null = null;
  if (opts.idColumn !== undefined) {
    id = findColumn(columns, opts.idColumn, opts.file, `id column "${opts.idColumn}"`);
  } else {
    id = firstByKey(columns, ID_NAMES.map(headerKey), used);
  }

  const taken = new Set(used);
  if (id !== null) taken.add(id);
  for (const field of fields) {
    if (byField.has(field.name)) continue;
    const keys = [headerKey(field.name)];
    if (field.type !== 'string') for (const name of HEADER_NAMES[field.type]) keys.push(headerKey(name));
    const column = firstByKey(columns, keys, taken);
    if (column === null) continue;
    byField.set(field.name, { field: field.name, type: field.type, column, how: 'recognised' });
    taken.add(column);
    used.add(column);
  }

  const mapped = fields.flatMap((f) => byField.get(f.name) ?? []);
  const ignored = columns.filter((c) => !used.has(c) && c !== id);
  return { mapped, id, ignored };
}

/** The first unused column whose header key equals one of `keys` (keys in priority order). */
function firstByKey(
  columns: readonly string[],
  keys: readonly string[],
  taken: ReadonlySet<string>,
): string | null {
  const columnKeys = columns.map(headerKey);
  for (const key of keys) {
    for (let i = 0; i < columns.length; i++) {
      const column = columns[i] as string;
      if (columnKeys[i] === key && !taken.has(column)) return column;
    }
  }
  return null;
}

/** An explicitly named column: exact name, else a unique case-insensitive match, else an error with a suggestion. */
function findColumn(columns: readonly string[], wanted: string, file: string, what: string): string {
  if (columns.includes(wanted)) return wanted;
  const folded = columns.filter((c) => c.toLowerCase() === wanted.trim().toLowerCase());
  if (folded.length === 1 && folded[0] !== undefined) return folded[0];
  const closest = closestName(wanted, columns);
  const shown = columns.length > 40 ? [...columns.slice(0, 40), `… ${columns.length - 40} more`] : columns;
  throw new InputError(
    'unknown_column',
    { file, column: wanted },
    `${what}: there is no column "${wanted}"${closest ? `; did you mean "${closest}"?` : ''}`,
    `available columns: ${shown.join(', ')}`,
  );
}

function closestName(wanted: string, columns: readonly string[]): string | null {
  let best: string | null = null;
  let bestDistance = Infinity;
  const target = wanted.toLowerCase();
  for (const column of columns) {
    const d = editDistance(target, column.toLowerCase());
    if (d < bestDistance) {
      best = column;
      bestDistance = d;
    }
  }
  return best;
}

function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      row[j] = Math.min((prev[j] ?? 0) + 1, (row[j - 1] ?? 0) + 1, (prev[j - 1] ?? 0) + cost);
    }
    prev = row;
  }
  return prev[b.length] ?? 0;
}

/** Parses `--map TYPE=COLUMN` values (the column may contain `=`; surrounding spaces are dropped). */
export function parseMapArgs(args: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const arg of args) {
    const eq = arg.indexOf('=');
    const key = eq > 0 ? arg.slice(0, eq).trim() : '';
    const column = eq > 0 ? arg.slice(eq + 1).trim() : '';
    if (key === '' || column === '') {
      throw new InputError(
        'unknown_column',
        { file: '--map' },
        `"${arg}" is not TYPE=COLUMN`,
        'write e.g. --map email="Work Email"',
      );
    }
    if (key in out) {
      throw new InputError(
        'unknown_column',
        { file: '--map' },
        `"${key}" is mapped twice ("${out[key]}" and "${column}")`,
        'give each field one column',
      );
    }
    out[key] = column;
  }
  return out;
}
