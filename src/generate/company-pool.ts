import type { CompanyEntry, LegalForm } from './tables/companies.js';
import { COMPANIES } from './tables/companies.js';
import { STREET_NAMES } from './tables/streets.js';

const TRADES = [
  'Analytics',
  'Logistics',
  'Dental',
  'Partners',
  'Labs',
  'Systems',
  'Consulting',
  'Foods',
  'Realty',
  'Media',
  'Health',
  'Capital',
  'Builders',
  'Design',
  'Solutions',
  'Networks',
  'Outfitters',
  'Studios',
  'Supply',
  'Energy',
  'Insurance',
  'Software',
  'Legal',
  'Marketing',
  'Robotics',
  'Freight',
  'Clinic',
  'Pharmacy',
  'Roofing',
  'Bakery',
] as const;
const FORMS: readonly LegalForm[] = ['inc', 'llc', 'corp', 'ltd', 'co', 'group', 'none'];

/**
 * The named companies of the table, then as many more as a CRM of this size would hold (about one per
 * `peoplePerCompany` people), named "<Place> <Trade>" with unique domains, so that big data sets do not
 * pack a million contacts into a few hundred companies.
 */
export function companyPool(expectedPeople: number, peoplePerCompany = 30): readonly CompanyEntry[] {
  const target = Math.max(COMPANIES.length, Math.ceil(expectedPeople / peoplePerCompany));
  const pool: CompanyEntry[] = [...COMPANIES];
  const domains = new Set(pool.map((c) => c.domain));
  for (let i = 0; pool.length < target; i++) {
    const place = STREET_NAMES[i % STREET_NAMES.length]!;
    const trade = TRADES[Math.floor(i / STREET_NAMES.length) % TRADES.length]!;
    const round = Math.floor(i / (STREET_NAMES.length * TRADES.length));
    const name = round === 0 ? `${place} ${trade}` : `${place} ${trade} ${round + 1}`;
    const domain = `${name.toLowerCase().replace(/[^a-z0-9]/g, '')}.com`;
    if (domains.has(domain)) continue;
    domains.add(domain);
    pool.push({ name, legalForm: FORMS[i % FORMS.length]!, domain });
  }
  return pool;
}
