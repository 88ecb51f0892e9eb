import { workLocalPart, personalLocalPart, WORK_EMAIL_PATTERNS } from '../generate/email-address.js';
import { companyPool } from '../generate/company-pool.js';
import type { Random } from '../generate/random.js';
import { CITIES } from '../generate/tables/cities.js';
import type { CompanyEntry } from '../generate/tables/companies.js';
import { FREE_MAIL_DOMAINS } from '../generate/tables/email-domains.js';
import { FEMALE_FIRST_NAMES, MALE_FIRST_NAMES, NICKNAMES } from '../generate/tables/first-names.js';
import { LAST_NAMES } from '../generate/tables/last-names.js';
import { TITLES } from '../generate/tables/titles.js';
import { weightedPicker, zipfWeights, type WeightedPicker } from '../generate/weighted-picker.js';
import { givenNameVariants, sameGivenName } from '../normalize/nicknames.js';
import { givenNamesConflict } from '../identity/pair-scorer.js';

/**
 * How a person reaches the CRM: a work or personal address, no address at all (help desk by phone), a
 * shared role mailbox of their company (`support@…`, used by several colleagues), or a family address
 * shared with another person.
 */
export type PersonKind = 'work' | 'personal' | 'phone_only' | 'role' | 'family';

/** One real person behind the deliveries (the ground truth). */
export interface DemoPerson {
  readonly id: number;
  readonly kind: PersonKind;
  readonly first: string;
  /** A short form the person goes by on forms (known to the nickname table), or ''. */
  readonly nickname: string;
  readonly last: string;
  readonly company: CompanyEntry;
  readonly title: string;
  /** Lower-case address as the person's mailbox knows it; '' for phone-only people. */
  readonly email: string;
  /** Ten digits, or ''. */
  readonly phone: string;
  /** The help desk's user id, once the person opened a ticket. */
  readonly requesterId: string;
}

const KIND_WEIGHTS: readonly (readonly [PersonKind, number])[] = [
  ['work', 0.52],
  ['personal', 0.24],
  ['phone_only', 0.1],
  ['role', 0.08],
  ['family', 0.04],
];

/** Role mailboxes are shared inside a few companies, so that several people use each one. */
const ROLE_COMPANIES = 12;
const ROLE_MAILBOXES = ['support', 'info', 'sales'] as const;

/** Creates people one (or, for a family, two) at a time; names are unique per person, as addresses are. */
export class PeopleFactory {
  private readonly male: WeightedPicker<string>;
  private readonly female: WeightedPicker<string>;
  private readonly lastName: WeightedPicker<string>;
  private readonly freeMail: WeightedPicker<string>;
  private readonly kinds: WeightedPicker<PersonKind>;
  private readonly companies: readonly CompanyEntry[];
  private readonly usedNames = new Set<string>();
  private readonly usedEmails = new Set<string>();
  private readonly usedPhones = new Set<string>();
  private nextId = 1;
  private nextRequester = 5001;

  constructor(
    private readonly rng: Random,
    expectedPeople: number,
  ) {
    this.male = weightedPicker(MALE_FIRST_NAMES, zipfWeights(MALE_FIRST_NAMES.length, 1, 6));
    this.female = weightedPicker(FEMALE_FIRST_NAMES, zipfWeights(FEMALE_FIRST_NAMES.length, 1, 6));
    this.lastName = weightedPicker(LAST_NAMES, zipfWeights(LAST_NAMES.length, 0.9, 8));
    this.freeMail = weightedPicker(
      FREE_MAIL_DOMAINS.map(([d]) => d),
      FREE_MAIL_DOMAINS.map(([, w]) => w),
    );
    this.kinds = weightedPicker(
      KIND_WEIGHTS.map(([k]) => k),
      KIND_WEIGHTS.map(([, w]) => w),
    );
    this.companies = companyPool(expectedPeople, 15);
  }

  /** The next person, or a family of two. */
  next(): DemoPerson[] {
    const kind = this.kinds.pick(this.rng);
    if (kind === 'family') return this.family();
    const { first, last } = this.uniqueName();
    const company =
      kind === 'role' ? this.companies[this.rng.int(ROLE_COMPANIES)]! : this.rng.pick(this.companies);
    const email =
      kind === 'work'
        ? this.uniqueEmail(workLocalPart(this.rng.pick(WORK_EMAIL_PATTERNS), first, last), company.domain)
        : kind === 'personal'
          ? this.uniqueEmail(this.personalLocal(first, last), this.freeMail.pick(this.rng))
          : kind === 'role'
            ? `${ROLE_MAILBOXES[this.rng.int(ROLE_MAILBOXES.length)]!}@${company.domain}`
            : '';
    const needsPhone = kind === 'phone_only' || kind === 'role';
    const phone = needsPhone || this.rng.chance(0.65) ? this.uniquePhone() : '';
    return [this.person(kind, first, last, company, email, phone)];
  }

  /**
   * Another address of the person, never used by anyone: a personal one for someone who writes from work,
   * else one at their company (an address they had before).
   */
  otherEmail(person: DemoPerson): string {
    return person.kind === 'work'
      ? this.uniqueEmail(this.personalLocal(person.first, person.last), this.freeMail.pick(this.rng))
      : this.uniqueEmail(
          workLocalPart(this.rng.pick(WORK_EMAIL_PATTERNS), person.first, person.last),
          person.company.domain,
        );
  }

  /**
   * Two people of one household: one family name, one shared address, and given names the identity core
   * tells apart in every form they use (its name guard tolerates typos, so names it reads as a typo of each
   * other — Chris and Charles — would be one person to it).
   */
  private family(): DemoPerson[] {
    const { first, last } = this.uniqueName();
    let second = '';
    for (let tries = 0; tries < 50 && second === ''; tries++) {
      const candidate = (this.rng.chance(0.5) ? this.male : this.female).pick(this.rng);
      if (!this.usedNames.has(nameKey(candidate, last)) && apart(first, candidate)) second = candidate;
    }
    if (second === '') return this.next();
    this.usedNames.add(nameKey(second, last));
    const email = this.uniqueEmail(
      `the${last.toLowerCase().replace(/[^a-z]/g, '')}s`,
      this.freeMail.pick(this.rng),
    );
    return [
      this.person('family', first, last, this.rng.pick(this.companies), email, ''),
      this.person('family', second, last, this.rng.pick(this.companies), email, ''),
    ];
  }

  private person(
    kind: PersonKind,
    first: string,
    last: string,
    company: CompanyEntry,
    email: string,
    phone: string,
  ): DemoPerson {
    const nicknames = (NICKNAMES[first] ?? []).filter((n) => sameGivenName(canon(n), canon(first)));
    return {
      id: this.nextId++,
      kind,
      first,
      nickname: nicknames.length > 0 && this.rng.chance(0.5) ? this.rng.pick(nicknames) : '',
      last,
      company,
      title: TITLES[this.rng.int(TITLES.length)]![0],
      email,
      phone,
      requesterId: String(this.nextRequester++),
    };
  }

  private uniqueName(): { first: string; last: string } {
    for (;;) {
      const first = (this.rng.chance(0.5) ? this.male : this.female).pick(this.rng);
      const last = this.lastName.pick(this.rng);
      const key = nameKey(first, last);
      if (this.usedNames.has(key)) continue;
      this.usedNames.add(key);
      return { first, last };
    }
  }

  private personalLocal(first: string, last: string): string {
    return personalLocalPart(this.rng, first, last, 1950 + this.rng.int(55));
  }

  private uniqueEmail(local: string, domain: string): string {
    let candidate = `${local}@${domain}`;
    for (let n = 2; this.usedEmails.has(mailbox(candidate)); n++) candidate = `${local}${n}@${domain}`;
    this.usedEmails.add(mailbox(candidate));
    return candidate;
  }

  private uniquePhone(): string {
    for (;;) {
      const city = this.rng.pick(CITIES);
      const phone = this.rng.pick(city.areaCodes) + String(this.rng.range(2_000_000, 9_999_999));
      if (this.usedPhones.has(phone)) continue;
      this.usedPhones.add(phone);
      return phone;
    }
  }
}

function canon(name: string): string {
  return name.toLowerCase();
}

/** Whether every form of one given name (the name, its nicknames) conflicts with every form of the other. */
function apart(a: string, b: string): boolean {
  const forms = (name: string): string[] => [name, ...(NICKNAMES[name] ?? [])].map(canon);
  return forms(a).every((x) => forms(b).every((y) => givenNamesConflict(x, y)));
}

/** People are told apart by canonical given name and family name (Bob Smith is Robert Smith). */
function nameKey(first: string, last: string): string {
  return `${givenNameVariants(first.toLowerCase())[0] ?? first.toLowerCase()} ${last.toLowerCase()}`;
}

/** The mailbox an address delivers to: Gmail ignores dots and `+tags`. */
function mailbox(address: string): string {
  const [local = '', domain = ''] = address.split('@');
  return domain === 'gmail.com' ? `${local.replaceAll('.', '').split('+')[0]}@${domain}` : address;
}
