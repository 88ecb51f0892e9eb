import { caseVariant, gmailVariant } from '../generate/email-address.js';
import { companyName, companyVariantCount } from '../generate/company-name.js';
import { formatPhone, PHONE_STYLES } from '../generate/phone-format.js';
import { createRandom, type Random } from '../generate/random.js';
import type { Submission } from '../gate/gate-port.js';
import { PeopleFactory, type DemoPerson } from './demo-people.js';
import { existingContacts, type ExistingContact } from './existing-contacts.js';

export const DEMO_LANES = {
  webForm: 'web-form-to-hubspot-contacts',
  helpDesk: 'help-desk-to-hubspot-contacts',
  enrichment: 'enrichment-to-hubspot-contacts',
} as const;

/** The integration user of each lane. */
export const DEMO_PRINCIPALS: Readonly<Record<string, string>> = {
  [DEMO_LANES.webForm]: 'forms-integration',
  [DEMO_LANES.helpDesk]: 'helpdesk-integration',
  [DEMO_LANES.enrichment]: 'enrichment-integration',
};

/** One delivery of the stream, with its ground truth. */
export interface Delivery {
  readonly lane: string;
  readonly principal: string;
  readonly submission: Submission;
  /** The real person the delivery is about. */
  readonly person: number;
  /** 1: live traffic (forms, help desk); 2: the nightly enrichment run afterwards. */
  readonly wave: 1 | 2;
  /** A webhook sent again with the same event (same event id or business key). */
  readonly redelivery: boolean;
}

export interface EventStream {
  readonly deliveries: readonly Delivery[];
  readonly people: readonly DemoPerson[];
  /** What the CRM holds before the first delivery: some of these people (drifted) and others. */
  readonly existing: readonly ExistingContact[];
}

const REDELIVERY_RATE = 0.06;
const NEAR_SIMULTANEOUS = 0.35;

interface Timed {
  readonly at: number;
  readonly delivery: Delivery;
}

/**
 * A deterministic stream of deliveries from a web form, a help desk and an enrichment provider about the
 * same people: email case and format drift (Gmail dots and +tags), nicknames, people without email (help
 * desk by phone), shared role mailboxes used by different colleagues, family addresses, one person's
 * deliveries from two sources moments apart, and webhook re-deliveries.
 *
 * Every delivery of a person carries at least one exact key all of that person's deliveries share (the
 * same address up to case, spacing and provider rules; the same phone in another format; the help desk's
 * requester id): people who cannot be linked when written are for the scheduled detection job, not for
 * this stream.
 *
 * The CRM is not empty when the stream starts: `existing` holds older records of some of these people, with
 * drifted values (`existingContacts`), and records of people the stream never mentions.
 */
export function generateEventStream(options: { events: number; seed: number }): EventStream {
  const rng = createRandom(options.seed);
  const factory = new PeopleFactory(rng, Math.ceil(options.events / 2));
  const live: Timed[] = [];
  const nightly: Delivery[] = [];
  const people: DemoPerson[] = [];
  const counter = { webForm: 0, helpDesk: 0, ticket: 0 };
  while (live.length + nightly.length < options.events) {
    for (const person of factory.next()) {
      people.push(person);
      const start = rng.next();
      let at = start;
      for (const delivery of liveDeliveries(rng, person, counter)) {
        live.push({ at, delivery });
        if (rng.chance(REDELIVERY_RATE))
          live.push({ at: at + 0.0005 + rng.next() * 0.01, delivery: { ...delivery, redelivery: true } });
        at += rng.chance(NEAR_SIMULTANEOUS) ? 0.00001 : 0.001 + rng.next() * 0.05;
      }
      const enrichment = enrichmentDelivery(rng, person);
      if (enrichment !== undefined) nightly.push(enrichment);
    }
  }
  live.sort((a, b) => a.at - b.at);
  const deliveries = [...live.map((t) => t.delivery), ...nightly].slice(0, options.events);
  const seen = new Set(deliveries.map((d) => d.person));
  const streamed = people.filter((p) => seen.has(p.id));
  return { deliveries, people: streamed, existing: existingContacts(rng, factory, streamed) };
}

/** What the person sends through the form and the help desk, first delivery first. */
function liveDeliveries(
  rng: Random,
  person: DemoPerson,
  counter: { webForm: number; helpDesk: number; ticket: number },
): Delivery[] {
  const out: Delivery[] = [];
  const forms = person.kind === 'phone_only' ? 0 : 1 + (rng.chance(0.35) ? 1 : 0);
  const tickets = person.kind === 'phone_only' ? 1 + rng.int(3) : rng.chance(0.45) ? 1 + rng.int(2) : 0;
  const kinds = [...Array<'form'>(forms).fill('form'), ...Array<'ticket'>(tickets).fill('ticket')];
  for (let i = kinds.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    [kinds[i], kinds[j]] = [kinds[j]!, kinds[i]!];
  }
  for (const kind of kinds) {
    if (kind === 'form') out.push(webFormDelivery(rng, person, ++counter.webForm));
    else out.push(helpDeskDelivery(rng, person, ++counter.helpDesk, ++counter.ticket));
  }
  return out;
}

/** Forms ask for email and phone; the phone, when the person has one, links every delivery of theirs. */
function webFormDelivery(rng: Random, person: DemoPerson, n: number): Delivery {
  const payload: Record<string, string> = {
    first_name: caseDrift(rng, person.nickname !== '' && rng.chance(0.7) ? person.nickname : person.first),
    last_name: caseDrift(rng, person.last),
    company: companyName(person.company, rng.int(companyVariantCount(person.company))),
    form_id: rng.pick(['contact-us', 'demo-request', 'newsletter']),
    submitted_at: new Date(Date.UTC(2025, 5, 1) + n * 37_000).toISOString(),
  };
  if (person.email !== '') payload.email = emailDrift(rng, person.email);
  if (person.phone !== '') payload.phone = phoneDrift(rng, person.phone);
  if (rng.chance(0.4)) payload.job_title = person.title;
  const submission: Submission = rng.chance(0.7) ? { eventKey: `wf-evt-${n}`, payload } : { payload };
  return delivery(DEMO_LANES.webForm, submission, person, 1);
}

/** A ticket by phone (phone only) or by email; the requester id is the help desk's own anchor. */
function helpDeskDelivery(rng: Random, person: DemoPerson, n: number, ticket: number): Delivery {
  const given = person.nickname !== '' && rng.chance(0.5) ? person.nickname : person.first;
  const payload: Record<string, string> = {
    requester_id: person.requesterId,
    ticket_id: String(90_000 + ticket),
    name: rng.chance(0.15) ? `${person.last}, ${given}` : caseDrift(rng, `${given} ${person.last}`),
  };
  const byPhone = person.phone !== '' && (person.email === '' || rng.chance(0.5));
  if (person.phone !== '') payload.phone = phoneDrift(rng, person.phone);
  if (!byPhone && person.email !== '') payload.email = emailDrift(rng, person.email);
  if (rng.chance(0.3))
    payload.organization = companyName(person.company, rng.int(companyVariantCount(person.company)));
  return delivery(DEMO_LANES.helpDesk, { eventKey: `hd-evt-${n}`, payload }, person, 1);
}

/** Nightly enrichment of people with a personal or work address: full given name, title, company. */
function enrichmentDelivery(rng: Random, person: DemoPerson): Delivery | undefined {
  if ((person.kind !== 'work' && person.kind !== 'personal') || !rng.chance(0.5)) return undefined;
  const payload: Record<string, string> = {
    email: person.email,
    first_name: person.first,
    last_name: person.last,
    company: companyName(person.company, 0),
    title: person.title,
    enriched_on: '2025-07-01',
  };
  if (person.phone !== '') payload.phone = formatPhone(person.phone, 'e164');
  return delivery(DEMO_LANES.enrichment, { payload }, person, 2);
}

function delivery(lane: string, submission: Submission, person: DemoPerson, wave: 1 | 2): Delivery {
  return { lane, principal: DEMO_PRINCIPALS[lane]!, submission, person: person.id, wave, redelivery: false };
}

function emailDrift(rng: Random, email: string): string {
  let out = email;
  if (email.endsWith('@gmail.com') && rng.chance(0.35)) out = gmailVariant(out, rng);
  if (rng.chance(0.3)) out = caseVariant(out, rng);
  if (rng.chance(0.1)) out = ` ${out} `;
  return out;
}

function phoneDrift(rng: Random, digits: string): string {
  return formatPhone(digits, rng.pick(PHONE_STYLES));
}

function caseDrift(rng: Random, text: string): string {
  if (rng.chance(0.06)) return text.toUpperCase();
  if (rng.chance(0.06)) return text.toLowerCase();
  return text;
}
