import type { CompanyEntry, LegalForm } from './tables/companies.js';

type Variant = (name: string, domain: string) => string;

const upper: Variant = (n) => n.toUpperCase();
const bare: Variant = (n) => n;
const asDomain: Variant = (_n, d) => d;

/** Spellings per legal form; the first entry is the registered (canonical) name. */
const VARIANTS: Readonly<Record<LegalForm, readonly Variant[]>> = {
  inc: [
    (n) => `${n}, Inc.`,
    (n) => `${n} Inc.`,
    (n) => `${n} Inc`,
    (n) => `${n.toUpperCase()} Inc`,
    bare,
    (n) => `${n} Incorporated`,
    (n) => `${n}, Inc`,
    asDomain,
  ],
  llc: [
    (n) => `${n} LLC`,
    (n) => `${n}, LLC`,
    (n) => `${n} L.L.C.`,
    bare,
    (n) => `${n.toUpperCase()} LLC`,
    (n) => `${n} Llc`,
    asDomain,
  ],
  corp: [
    (n) => `${n} Corporation`,
    (n) => `${n} Corp.`,
    (n) => `${n} Corp`,
    (n) => `${n.toUpperCase()} CORP`,
    bare,
    asDomain,
  ],
  ltd: [(n) => `${n} Ltd.`, (n) => `${n} Ltd`, (n) => `${n} Limited`, bare, asDomain],
  co: [(n) => `${n} Co.`, (n) => `${n} Company`, (n) => `${n} & Co.`, bare, upper],
  group: [(n) => `${n} Group`, (n) => `The ${n} Group`, (n) => `${n} Group, Inc.`, bare, upper],
  none: [bare, upper, (n) => n.toLowerCase(), asDomain, (n) => `${n} Inc.`],
};

/** Number of spellings available for a company. */
export function companyVariantCount(company: CompanyEntry): number {
  return VARIANTS[company.legalForm].length;
}

/** The company name in spelling `variant` (0 = canonical, e.g. "Acme, Inc."; others "ACME Inc", "Acme", …). */
export function companyName(company: CompanyEntry, variant: number): string {
  const list = VARIANTS[company.legalForm];
  const render = list[variant % list.length] ?? bare;
  return render(company.name, company.domain);
}
