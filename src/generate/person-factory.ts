import {
  emailToken,
  mailboxHash,
  personalLocalPart,
  WORK_EMAIL_PATTERNS,
  workLocalPart,
} from './email-address.js';
import type { WorkEmailPattern } from './email-address.js';
import { KeySet } from './key-set.js';
import type { Random } from './random.js';
import { CITIES } from './tables/cities.js';
import type { CityEntry } from './tables/cities.js';
import { companyPool } from './company-pool.js';
import type { CompanyEntry } from './tables/companies.js';
import { FREE_MAIL_DOMAINS, ROLE_LOCAL_PARTS } from './tables/email-domains.js';
import { FEMALE_FIRST_NAMES, MALE_FIRST_NAMES, NICKNAMES } from './tables/first-names.js';
import { LAST_NAMES } from './tables/last-names.js';
import { DIRECTIONS, STREET_NAMES, STREET_TYPES } from './tables/streets.js';
import { TITLES } from './tables/titles.js';
import { weightedPicker, zipfWeights } from './weighted-picker.js';

/** A postal address held in parts so rows can spell it in different ways. */
export interface Address {
  readonly number: number;
  /** Index into DIRECTIONS, or -1. */
  readonly direction: number;
  readonly street: string;
  /** Index into STREET_TYPES. */
  readonly type: number;
  /** Index into UNIT_TYPES, or -1. */
  readonly unitType: number;
  readonly unit: string;
  readonly city: CityEntry;
  /** Five-digit ZIP as a number (format with leading zeros). */
  readonly zip: number;
  readonly zip4: number;
}

/** A company with the office details its employees share. */
export interface Employer {
  readonly entry: CompanyEntry;
  readonly emailPattern: WorkEmailPattern;
  readonly roleAddresses: readonly string[];
  readonly office: Address;
  /** Main line digits; employees on it are told apart only by extension. */
  readonly mainLine: string;
}

export interface Job {
  readonly employer: Employer;
  /** Index into TITLES. */
  readonly title: number;
  readonly workEmail: string;
  /** Extension on the company main line, or '' when the person has a direct number. */
  readonly extension: string;
  readonly atOffice: boolean;
}

export type PrimaryEmail = 'work' | 'personal' | 'role' | 'none';

/** One real human: the truth behind one or more CRM rows. */
export interface Person {
  readonly female: boolean;
  readonly first: string;
  /** Preferred short form (e.g. "Bob"), or '' when the name has none. */
  readonly nickname: string;
  readonly goesByNickname: boolean;
  readonly middleInitial: string;
  readonly last: string;
  readonly birthYear: number;
  readonly job: Job | null;
  /** A later job, created the first time a duplicate shows the person after a move. */
  nextJob: Job | null;
  /** Free-mail address; '' until first needed (see `PersonDetails.personalEmailOf`). */
  personalEmail: string;
  readonly roleEmail: string;
  readonly primary: PrimaryEmail;
  readonly phone: string;
  readonly homeCity: CityEntry;
  /** Home address; null until first needed (see `PersonDetails.homeOf`). */
  home: Address | null;
  readonly abbreviatesStreet: boolean;
  /** Epoch milliseconds of the first record. */
  readonly createdAt: number;
}

/** Details that are created only when a row first shows them. */
export interface PersonDetails {
  personalEmailOf(person: Person): string;
  homeOf(person: Person): Address;
}

export interface PersonFactory extends PersonDetails {
  /** A new, unrelated person. */
  newPerson(): Person;
  /** A different person with the same first and last name at another company. */
  namesakeOf(person: Person): Person;
  /** Two people of one household: different given names, same last name, home and personal email. */
  newFamily(): [Person, Person];
  /** The job a person moved to (another company, new title and work address). */
  nextJobFor(person: Person): Job;
}

/** Conventions that scale to thousands of employees (no bare first names). */
const LARGE_COMPANY_PATTERNS: readonly WorkEmailPattern[] = [
  'first.last',
  'flast',
  'f.last',
  'first_last',
  'firstlast',
];

const START = Date.UTC(2018, 0, 1);
const SPAN = Date.UTC(2025, 5, 30) - START;

/** Creates people from the tables; work and personal mailboxes are never reused by two people. */
export function createPersonFactory(rng: Random, expectedPeople: number): PersonFactory {
  const maleName = weightedPicker(MALE_FIRST_NAMES, zipfWeights(MALE_FIRST_NAMES.length, 1, 6));
  const femaleName = weightedPicker(FEMALE_FIRST_NAMES, zipfWeights(FEMALE_FIRST_NAMES.length, 1, 6));
  const lastName = weightedPicker(LAST_NAMES, zipfWeights(LAST_NAMES.length, 0.9, 8));
  const city = weightedPicker(
    CITIES,
    CITIES.map((c) => c.population),
  );
  const title = weightedPicker(
    TITLES.map((_t, i) => i),
    zipfWeights(TITLES.length, 0.7, 3),
  );
  const freeMail = weightedPicker(
    FREE_MAIL_DOMAINS.map(([d]) => d),
    FREE_MAIL_DOMAINS.map(([, w]) => w),
  );
  const streetType = weightedPicker(
    STREET_TYPES.map((_t, i) => i),
    zipfWeights(STREET_TYPES.length, 1.2, 1),
  );
  const used = new KeySet(expectedPeople * 2);

  const makeAddress = (inCity: CityEntry, office: boolean): Address => {
    const unitType = office
      ? rng.chance(0.6)
        ? 0
        : rng.chance(0.3)
          ? 3
          : -1
      : rng.chance(0.25)
        ? rng.pick([1, 1, 1, 2])
        : -1;
    return {
      number: office ? rng.range(1, 9999) : rng.range(1, 24000),
      direction: rng.chance(0.15) ? rng.int(DIRECTIONS.length) : -1,
      street: rng.pick(STREET_NAMES),
      type: streetType.pick(rng),
      unitType,
      unit:
        unitType === 0
          ? String(rng.range(1, 30) * 100 + rng.pick([0, 0, 10, 50]))
          : unitType === 3
            ? String(rng.range(2, 40))
            : `${rng.range(1, 30)}${rng.pick(['', '', 'A', 'B', 'C'])}`,
      city: inCity,
      zip: inCity.zipStart + rng.int(inCity.zipCount),
      zip4: rng.range(1, 9999),
    };
  };

  const makePhone = (inCity: CityEntry): string =>
    rng.pick(inCity.areaCodes) + String(rng.range(2_000_000, 9_999_999));

  const employers: Employer[] = companyPool(expectedPeople).map((entry, i) => {
    const hq = city.pick(rng);
    const roles = [
      ROLE_LOCAL_PARTS[(i * 5) % ROLE_LOCAL_PARTS.length],
      ROLE_LOCAL_PARTS[(i * 7 + 3) % ROLE_LOCAL_PARTS.length],
    ];
    return {
      entry,
      emailPattern:
        (i < 40 ? LARGE_COMPANY_PATTERNS : WORK_EMAIL_PATTERNS)[(i * 3) % (i < 40 ? 5 : 8)] ?? 'first.last',
      roleAddresses: [...new Set(roles)].map((local) => `${local ?? 'info'}@${entry.domain}`),
      office: makeAddress(hq, true),
      mainLine: makePhone(hq).slice(0, 6) + rng.pick(['0100', '1000', '2000', '5000', '0000', '4400']),
    };
  });
  const employer = weightedPicker(employers, zipfWeights(employers.length, 0.9, 4));

  /**
   * Claims a mailbox: the preferred local part, else the alternates (e.g. with a middle
   * initial), else the local part with a number appended, as mail admins do.
   */
  const claim = (local: string, domain: string, alternates?: () => readonly string[]): string => {
    if (used.addHash(mailboxHash(local, domain))) return `${local}@${domain}`;
    for (const option of alternates?.() ?? []) {
      if (used.addHash(mailboxHash(option, domain))) return `${option}@${domain}`;
    }
    for (let limit = 100; ; limit *= 10) {
      const numbered = `${local}${rng.range(2, limit)}`;
      if (used.addHash(mailboxHash(numbered, domain))) return `${numbered}@${domain}`;
    }
  };

  const makeJob = (
    first: string,
    nickname: string,
    last: string,
    middle: string,
    exclude: Employer | null,
  ): Job => {
    let at = employer.pick(rng);
    while (at === exclude) at = employer.pick(rng);
    const given = nickname && rng.chance(0.3) ? nickname : first;
    return {
      employer: at,
      title: title.pick(rng),
      workEmail: claim(workLocalPart(at.emailPattern, given, last), at.entry.domain, () => {
        const f = emailToken(given);
        const l = emailToken(last);
        const m = middle.toLowerCase();
        return [`${f}.${m}.${l}`, `${f.slice(0, 1)}${m}${l}`, `${f}.${l}`];
      }),
      extension: rng.chance(0.12) ? String(rng.range(10, 499)) : '',
      atOffice: rng.chance(0.55),
    };
  };

  const makePersonalEmail = (first: string, nickname: string, last: string, birthYear: number): string => {
    const domain = freeMail.pick(rng);
    return claim(
      personalLocalPart(rng, nickname && rng.chance(0.25) ? nickname : first, last, birthYear),
      domain,
    );
  };

  interface Draft {
    female: boolean;
    first: string;
    last: string;
    job: Job | null | undefined;
    home?: Address;
    personalEmail?: string;
    phone?: string;
    primary?: PrimaryEmail;
  }

  const build = (draft: Draft): Person => {
    const { female, first, last } = draft;
    const nicknames = NICKNAMES[first] ?? [];
    const nickname =
      nicknames.length === 0 ? '' : rng.chance(0.6) ? (nicknames[0] ?? '') : rng.pick(nicknames);
    const birthYear = rng.range(1950, 2003);
    const middleInitial = String.fromCharCode(65 + rng.int(26));
    const job =
      draft.job === undefined
        ? rng.chance(0.85)
          ? makeJob(first, nickname, last, middleInitial, null)
          : null
        : draft.job;
    const home = draft.home ?? null;
    const homeCity = home?.city ?? (job && rng.chance(0.7) ? job.employer.office.city : city.pick(rng));
    let primary: PrimaryEmail;
    let roleEmail = '';
    if (draft.primary) primary = draft.primary;
    else if (job) {
      const r = rng.next();
      primary = r < 0.77 ? 'work' : r < 0.925 ? 'personal' : r < 0.96 ? 'role' : 'none';
    } else primary = rng.chance(0.96) ? 'personal' : 'none';
    const personalEmail =
      draft.personalEmail ??
      (primary === 'personal' ? makePersonalEmail(first, nickname, last, birthYear) : '');
    if (job && (primary === 'role' || rng.chance(0.05))) roleEmail = rng.pick(job.employer.roleAddresses);
    return {
      female,
      first,
      nickname,
      goesByNickname: nickname !== '' && rng.chance(0.3),
      middleInitial,
      last,
      birthYear,
      job,
      nextJob: null,
      personalEmail,
      roleEmail,
      primary,
      phone: draft.phone ?? (rng.chance(0.95) ? makePhone(homeCity) : ''),
      homeCity,
      home,
      abbreviatesStreet: rng.chance(0.55),
      createdAt: START + Math.floor(rng.next() * SPAN),
    };
  };

  const homeOf = (person: Person): Address => (person.home ??= makeAddress(person.homeCity, false));
  const personalEmailOf = (person: Person): string =>
    person.personalEmail ||
    (person.personalEmail = makePersonalEmail(person.first, person.nickname, person.last, person.birthYear));

  const pickLast = (): string => {
    const last = lastName.pick(rng);
    return rng.chance(0.012) ? `${last}-${lastName.pick(rng)}` : last;
  };

  return {
    homeOf,
    personalEmailOf,
    newPerson() {
      const female = rng.chance(0.5);
      return build({
        female,
        first: (female ? femaleName : maleName).pick(rng),
        last: pickLast(),
        job: undefined,
      });
    },
    namesakeOf(person) {
      const exclude = person.job?.employer ?? null;
      return build({
        female: person.female,
        first: person.first,
        last: person.last,
        job: makeJob(person.first, '', person.last, String.fromCharCode(65 + rng.int(26)), exclude),
      });
    },
    newFamily() {
      const female = rng.chance(0.5);
      const last = pickLast();
      const first = (female ? femaleName : maleName).pick(rng);
      const otherFemale = rng.chance(0.8) ? !female : female;
      let other = (otherFemale ? femaleName : maleName).pick(rng);
      while (other === first) other = (otherFemale ? femaleName : maleName).pick(rng);
      const shared = rng.chance(0.5)
        ? claim(familyLocalPart(last, first, other, rng.int(4)), freeMail.pick(rng))
        : undefined;
      const a = build({ female, first, last, job: undefined, personalEmail: shared, primary: 'personal' });
      const home = homeOf(a);
      const b = build({
        female: otherFemale,
        first: other,
        last,
        job: undefined,
        home,
        personalEmail: a.personalEmail,
        phone: rng.chance(0.3) ? a.phone : undefined,
        primary: 'personal',
      });
      return [a, b];
    },
    nextJobFor(person) {
      return makeJob(
        person.first,
        person.nickname,
        person.last,
        person.middleInitial,
        person.job?.employer ?? null,
      );
    },
  };
}

/** A shared household mailbox name such as "thesmiths" or "bobandmary". */
function familyLocalPart(last: string, firstA: string, firstB: string, variant: number): string {
  const l = emailToken(last);
  switch (variant % 4) {
    case 0:
      return `the${l}s`;
    case 1:
      return `${l}family`;
    case 2:
      return `${emailToken(firstA)}and${emailToken(firstB)}`;
    default:
      return `${l}.household`;
  }
}
