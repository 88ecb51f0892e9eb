import { DEMO_LANES } from '../../src/demo/event-stream.js';
import type { DemoPerson } from '../../src/demo/demo-people.js';
import { caseVariant, gmailVariant } from '../../src/generate/email-address.js';
import { companyName, companyVariantCount } from '../../src/generate/company-name.js';
import { formatPhone, PHONE_STYLES } from '../../src/generate/phone-format.js';
import type { Random } from '../../src/generate/random.js';
import type { TruthPosting } from './check-run.js';

/**
 * Deliveries about one person, as a web form and a help desk send them: email case, spacing and Gmail
 * drift, phone formats, nicknames, "Last, First" names. Every delivery of a person with an address carries
 * it; people without one always give their phone. `n` makes the event key unique.
 */
export function webFormPosting(rng: Random, person: DemoPerson, j: number): TruthPosting {
  const given = person.nickname !== '' && rng.chance(0.5) ? person.nickname : person.first;
  const payload: Record<string, string> = {
    first_name: caseDrift(rng, given),
    last_name: caseDrift(rng, person.last),
    company: companyName(person.company, rng.int(companyVariantCount(person.company))),
    form_id: rng.pick(['contact-us', 'demo-request', 'newsletter']),
    submitted_at: new Date(Date.UTC(2025, 5, 1) + person.id * 60_000 + j * 1_000).toISOString(),
  };
  if (person.email !== '') payload.email = emailDrift(rng, person.email);
  if (person.phone !== '' && (person.email === '' || rng.chance(0.6)))
    payload.phone = formatPhone(person.phone, rng.pick(PHONE_STYLES));
  return {
    lane: DEMO_LANES.webForm,
    submission: { eventKey: `wf-${person.id}-${j}`, payload },
    person: person.id,
  };
}

export function helpDeskPosting(rng: Random, person: DemoPerson, j: number, ticket: number): TruthPosting {
  const given = person.nickname !== '' && rng.chance(0.5) ? person.nickname : person.first;
  const payload: Record<string, string> = {
    requester_id: person.requesterId,
    ticket_id: String(700_000 + ticket),
    name: rng.chance(0.15) ? `${person.last}, ${given}` : caseDrift(rng, `${given} ${person.last}`),
  };
  if (person.email !== '') payload.email = emailDrift(rng, person.email);
  if (person.phone !== '' && (person.email === '' || rng.chance(0.5)))
    payload.phone = formatPhone(person.phone, rng.pick(PHONE_STYLES));
  if (rng.chance(0.3))
    payload.organization = companyName(person.company, rng.int(companyVariantCount(person.company)));
  return {
    lane: DEMO_LANES.helpDesk,
    submission: { eventKey: `hd-${person.id}-${j}`, payload },
    person: person.id,
  };
}

function emailDrift(rng: Random, email: string): string {
  let out = email;
  if (email.endsWith('@gmail.com') && rng.chance(0.35)) out = gmailVariant(out, rng);
  if (rng.chance(0.3)) out = caseVariant(out, rng);
  if (rng.chance(0.1)) out = ` ${out} `;
  return out;
}

function caseDrift(rng: Random, text: string): string {
  if (rng.chance(0.06)) return text.toUpperCase();
  if (rng.chance(0.06)) return text.toLowerCase();
  return text;
}

/** The mailbox an address reaches (Gmail ignores dots and +tags), for attributing records to people. */
export function mailboxOf(address: string): string {
  const [local = '', domain = ''] = address.trim().toLowerCase().split('@');
  return domain === 'gmail.com' || domain === 'googlemail.com'
    ? `${local.replaceAll('.', '').split('+')[0]}@gmail.com`
    : `${local}@${domain}`;
}

/** The ten digits of a North American number however it is written. */
export function phoneDigits(phone: string): string {
  return phone.replace(/\D/g, '').slice(-10);
}
