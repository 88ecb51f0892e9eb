import { companyName, companyVariantCount } from './company-name.js';
import { caseVariant, gmailVariant } from './email-address.js';
import type { GeneratedContact, Source } from './generated-contact.js';
import type { Address, Job, Person, PersonDetails } from './person-factory.js';
import { isoTimestamp } from './iso-timestamp.js';
import { formatPhone, PHONE_STYLES } from './phone-format.js';
import type { PhoneStyle } from './phone-format.js';
import type { Random } from './random.js';
import { STATE_NAMES } from './tables/cities.js';
import { DIRECTIONS, STREET_TYPES, UNIT_TYPES } from './tables/streets.js';
import { TITLES } from './tables/titles.js';
import { applyTypo } from './typo.js';
import { weightedPicker } from './weighted-picker.js';

/** How a source system tends to fill a record: chance each field is present, and its phone style. */
interface SourceProfile {
  readonly company: number;
  readonly website: number;
  readonly title: number;
  readonly street: number;
  readonly locality: number;
  readonly phone: PhoneStyle;
}

const PROFILES: Readonly<Record<Source, SourceProfile>> = {
  web_form: { company: 0.9, website: 0.35, title: 0.5, street: 0.25, locality: 0.45, phone: 'dash' },
  help_desk: { company: 0.6, website: 0.05, title: 0.15, street: 0.08, locality: 0.2, phone: 'paren' },
  billing: { company: 0.97, website: 0.25, title: 0.3, street: 0.92, locality: 0.95, phone: 'e164' },
  enrichment: { company: 0.97, website: 0.85, title: 0.9, street: 0.55, locality: 0.85, phone: 'intl_paren' },
  csv_import: { company: 0.95, website: 0.45, title: 0.6, street: 0.6, locality: 0.7, phone: 'digits' },
};

const sourcePicker = weightedPicker<Source>(
  ['web_form', 'csv_import', 'help_desk', 'billing', 'enrichment'],
  [32, 20, 16, 14, 18],
);

const EXT_PREFIXES = [' x', ' x', ' ext. ', ' ext ', ' #'];
const COUNTRIES = weightedPicker(
  ['US', 'USA', 'United States', 'United States of America', ''],
  [70, 10, 15, 2, 3],
);
const WEBSITES = [
  (d: string) => `https://www.${d}`,
  (d: string) => `www.${d}`,
  (d: string) => d,
  (d: string) => `http://${d}`,
  (d: string) => `https://${d}/`,
];
const LATEST = Date.UTC(2025, 11, 31);
const DAY = 86_400_000;

function streetLine(a: Address, abbreviate: boolean, rng: Random): string {
  const type = STREET_TYPES[a.type] ?? ['Street', 'St'];
  const dir = a.direction >= 0 ? DIRECTIONS[a.direction] : undefined;
  let line = `${a.number} ${dir ? `${abbreviate ? dir[1] : dir[0]} ` : ''}${a.street} ${abbreviate ? type[1] : type[0]}`;
  if (abbreviate && rng.chance(0.15)) line += '.';
  if (a.unitType >= 0) {
    const unit = UNIT_TYPES[a.unitType] ?? ['Suite', 'Ste'];
    const r = rng.next();
    line += r < 0.15 ? ` #${a.unit}` : `${r < 0.6 ? ',' : ''} ${abbreviate ? unit[1] : unit[0]} ${a.unit}`;
  }
  return line;
}

function withCase(name: string, rng: Random, source: Source): string {
  if (source === 'web_form' && rng.chance(0.04)) return name.toLowerCase();
  if (source === 'csv_import' && rng.chance(0.02)) return name.toUpperCase();
  return name;
}

/** What kind of row to render: the person's first record, or a later copy (possibly after a job move). */
export interface RowKind {
  readonly duplicate: boolean;
  /** Show the person at `person.nextJob` instead of their original job. */
  readonly moved: boolean;
}

/** Renders one CRM row for a person: a first record, or a duplicate carrying realistic drift. */
export function renderContact(
  person: Person,
  kind: RowKind,
  details: PersonDetails,
  rng: Random,
  id: string,
  truthId: string,
): GeneratedContact {
  const { duplicate, moved } = kind;
  let source = sourcePicker.pick(rng);
  if (person.primary === 'role' && rng.chance(0.4)) source = 'help_desk';
  const profile = PROFILES[source];

  const job: Job | null = moved && person.nextJob ? person.nextJob : person.job;

  // Names
  let given = person.goesByNickname ? person.nickname : person.first;
  if (person.nickname && rng.chance(duplicate ? 0.3 : 0.04)) {
    given = given === person.first ? person.nickname : person.first;
  }
  let last = person.last;
  if (rng.chance(duplicate ? 0.12 : 0.015)) {
    if (rng.chance(0.55)) given = applyTypo(given, rng);
    else last = applyTypo(last, rng);
  }
  if (rng.chance(0.03)) given = `${given} ${person.middleInitial}.`;
  else if (person.nickname && given === person.first && rng.chance(0.006))
    given = `${given} "${person.nickname}"`;
  given = withCase(given, rng, source);
  last = withCase(last, rng, source);
  if (rng.chance(source === 'help_desk' ? 0.05 : 0.008)) given = '';
  else if (rng.chance(0.004)) last = '';

  // Email
  const work = job?.workEmail ?? '';
  const primaryEmail =
    person.primary === 'work'
      ? work
      : person.primary === 'personal'
        ? details.personalEmailOf(person)
        : person.primary === 'role'
          ? person.roleEmail
          : '';
  let email = primaryEmail;
  if (moved) {
    const r = rng.next();
    email = r < 0.6 ? work : r < 0.9 ? details.personalEmailOf(person) : '';
  } else if (duplicate) {
    const r = rng.next();
    if (r < 0.2) {
      if (person.primary === 'role') email = rng.chance(0.5) ? work : details.personalEmailOf(person);
      else email = person.primary === 'work' || !work ? details.personalEmailOf(person) : work;
    } else if (r < 0.28) email = '';
    else if (r < 0.31 && person.roleEmail) email = person.roleEmail;
  } else if (person.roleEmail && person.primary !== 'role' && source === 'help_desk' && rng.chance(0.3)) {
    email = person.roleEmail;
  }
  if (email) {
    if (email.endsWith('@gmail.com') && rng.chance(duplicate ? 0.35 : 0.05)) email = gmailVariant(email, rng);
    if (rng.chance(duplicate ? 0.12 : 0.02)) email = caseVariant(email, rng);
  }

  // Phone
  let phone = '';
  const extension = job?.extension ?? '';
  const digits = extension ? (job?.employer.mainLine ?? person.phone) : person.phone;
  if (digits && !rng.chance(duplicate ? 0.1 : 0.045)) {
    const style = rng.chance(0.6) ? profile.phone : (PHONE_STYLES[rng.int(PHONE_STYLES.length)] ?? 'dash');
    const ext = extension && !rng.chance(duplicate ? 0.3 : 0.1) ? extension : '';
    phone = formatPhone(digits, style, ext, EXT_PREFIXES[rng.int(EXT_PREFIXES.length)]);
  }

  // Company, website, title
  let company = '';
  let website = '';
  let title = '';
  if (job) {
    const entry = job.employer.entry;
    if (rng.chance(profile.company)) {
      const canonical = rng.chance(duplicate ? 0.45 : 0.7);
      company = companyName(entry, canonical ? 0 : 1 + rng.int(companyVariantCount(entry) - 1));
    }
    if (rng.chance(profile.website))
      website = (WEBSITES[rng.int(WEBSITES.length)] ?? WEBSITES[0]!)(entry.domain);
    if (rng.chance(profile.title)) {
      let t = job.title;
      if (duplicate && !moved && rng.chance(0.1)) t = rng.int(TITLES.length);
      const pair = TITLES[t] ?? TITLES[0]!;
      title = rng.chance(0.15) ? pair[1] : pair[0];
    }
  }

  // Address
  let street = '';
  let city = '';
  let state = '';
  let postcode = '';
  let country = '';
  const hasStreet = rng.chance(profile.street);
  if (hasStreet || rng.chance(profile.locality)) {
    const address = job?.atOffice ? job.employer.office : details.homeOf(person);
    if (hasStreet) {
      const abbreviate = rng.chance(duplicate ? 0.4 : 0.12)
        ? !person.abbreviatesStreet
        : person.abbreviatesStreet;
      street = streetLine(address, abbreviate, rng);
      if (source === 'web_form' && rng.chance(0.05)) street = street.toLowerCase();
    }
    city = address.city.city;
    if (rng.chance(0.01)) city = city.toUpperCase();
    const s = rng.next();
    state =
      s < 0.93
        ? address.city.state
        : s < 0.99
          ? (STATE_NAMES[address.city.state] ?? address.city.state)
          : address.city.state.toLowerCase();
    if (hasStreet || rng.chance(0.6)) {
      const zip = String(address.zip).padStart(5, '0');
      postcode =
        source === 'billing' && rng.chance(0.4) ? `${zip}-${String(address.zip4).padStart(4, '0')}` : zip;
      if (source === 'csv_import' && postcode.startsWith('0') && rng.chance(0.35))
        postcode = postcode.replace(/^0+/, '');
    }
    country = COUNTRIES.pick(rng);
  }

  // Timestamp
  const offset = duplicate ? rng.int(3 * 365) * DAY : rng.int(90) * DAY;
  const at = Math.min(person.createdAt + offset + rng.int(DAY), LATEST);

  return {
    id,
    first_name: given,
    last_name: last,
    email,
    phone,
    company,
    website,
    title,
    street,
    city,
    state,
    postcode,
    country,
    source,
    updated_at: isoTimestamp(at),
    truth_id: truthId,
  };
}
