import { companyName, companyVariantCount } from '../generate/company-name.js';
import { formatPhone, PHONE_STYLES } from '../generate/phone-format.js';
import type { Random } from '../generate/random.js';
import type { DemoPerson, PeopleFactory } from './demo-people.js';

/** A contact the CRM holds before the stream starts, written by people and other tools, and who it is. */
export interface ExistingContact {
  readonly person: number;
  readonly properties: Readonly<Record<string, string>>;
}

/** How the CRM's record of a stream person differs from what the stream sends. */
export type Drift = 'email' | 'nickname' | 'phone_format' | 'company_suffix';

/** Share of the stream's people (those with a personal, work or no address) the CRM already holds. */
const KNOWN_SHARE = 0.3;
/** People the CRM holds whom the stream never mentions, per person it does. */
const OTHERS_PER_KNOWN = 1;

/**
 * The CRM before the stream: older records of some of the stream's people, each drifted in one way from
 * what the stream sends — another address (the phone still theirs), the nickname instead of the given name
 * (or the other way round), the phone written another way, the company with another legal suffix — and
 * records of other people. Every drifted record keeps an exact key the person's deliveries carry, as the
 * stream's own deliveries do (the same address up to case and provider rules, or the same phone number
 * however written). Values the stream does not send (city, lead status) are there too.
 */
export function existingContacts(
  rng: Random,
  factory: PeopleFactory,
  people: readonly DemoPerson[],
): ExistingContact[] {
  const out: ExistingContact[] = [];
  let turn = 0;
  for (const person of people) {
    if (person.kind === 'role' || person.kind === 'family' || !rng.chance(KNOWN_SHARE)) continue;
    const drifts = applicableDrifts(person);
    if (drifts.length === 0) continue;
    const drift = drifts[turn++ % drifts.length]!;
    out.push({ person: person.id, properties: drifted(rng, factory, person, drift) });
  }
  const others = out.length * OTHERS_PER_KNOWN;
  for (let added = 0; added < others;) {
    for (const person of factory.next()) {
      if (person.kind === 'role' || person.kind === 'family' || added === others) continue;
      out.push({ person: person.id, properties: record(rng, person, person.first, person.email) });
      added++;
    }
  }
  return out;
}

function applicableDrifts(person: DemoPerson): Drift[] {
  const out: Drift[] = [];
  if (person.email !== '' && person.phone !== '') out.push('email');
  if (person.nickname !== '') out.push('nickname');
  if (person.phone !== '') out.push('phone_format');
  if (companyVariantCount(person.company) > 1 && person.kind !== 'phone_only') out.push('company_suffix');
  return out;
}

function drifted(
  rng: Random,
  factory: PeopleFactory,
  person: DemoPerson,
  drift: Drift,
): Record<string, string> {
  const email = drift === 'email' ? factory.otherEmail(person) : person.email;
  const given = drift === 'nickname' ? person.nickname : person.first;
  const properties = record(rng, person, given, email);
  if (drift === 'phone_format') properties.phone = formatPhone(person.phone, 'paren');
  if (drift === 'company_suffix')
    properties.company = companyName(person.company, 1 + rng.int(companyVariantCount(person.company) - 1));
  return properties;
}

/** The record as an older tool wrote it: the phone in one of the usual formats, the registered company name. */
function record(rng: Random, person: DemoPerson, given: string, email: string): Record<string, string> {
  const properties: Record<string, string> = {
    firstname: given,
    lastname: person.last,
    jobtitle: person.title,
    city: rng.pick(['Boston', 'Denver', 'Austin', 'Seattle', 'Chicago']),
    hs_lead_status: rng.pick(['NEW', 'OPEN', 'CONNECTED']),
  };
  if (email !== '') properties.email = email;
  if (person.phone !== '') properties.phone = formatPhone(person.phone, rng.pick(PHONE_STYLES));
  if (person.kind !== 'phone_only') properties.company = companyName(person.company, 0);
  return properties;
}
