import { hashKey } from './key-set.js';
import type { Random } from './random.js';

/** Corporate address conventions, e.g. first.last → "robert.smith", flast → "rsmith". */
export const WORK_EMAIL_PATTERNS = [
  'first.last',
  'flast',
  'first',
  'firstl',
  'first_last',
  'f.last',
  'lastf',
  'firstlast',
] as const;
export type WorkEmailPattern = (typeof WORK_EMAIL_PATTERNS)[number];

const tokenCache = new Map<string, string>();

/** A name reduced to the characters an address can carry: "O'Brien" → "obrien". */
export function emailToken(name: string): string {
  let token = tokenCache.get(name);
  if (token === undefined) {
    token = name.toLowerCase().replace(/[^a-z]/g, '');
    if (tokenCache.size < 10_000) tokenCache.set(name, token);
  }
  return token;
}

/** The local part a company's convention gives a person. */
export function workLocalPart(pattern: WorkEmailPattern, first: string, last: string): string {
  const f = emailToken(first);
  const l = emailToken(last);
  switch (pattern) {
    case 'first.last':
      return `${f}.${l}`;
    case 'flast':
      return `${f.slice(0, 1)}${l}`;
    case 'first':
      return f;
    case 'firstl':
      return `${f}${l.slice(0, 1)}`;
    case 'first_last':
      return `${f}_${l}`;
    case 'f.last':
      return `${f.slice(0, 1)}.${l}`;
    case 'lastf':
      return `${l}${f.slice(0, 1)}`;
    case 'firstlast':
      return `${f}${l}`;
  }
}

/** A personal mailbox name of the kind people pick: "jsmith84", "robert.smith", "bobsmith1972". */
export function personalLocalPart(rng: Random, first: string, last: string, birthYear: number): string {
  const f = emailToken(first);
  const l = emailToken(last);
  const yy = String(birthYear % 100).padStart(2, '0');
  switch (rng.int(9)) {
    case 0:
      return `${f}${l}`;
    case 1:
      return `${f}.${l}`;
    case 2:
      return `${f.slice(0, 1)}${l}${yy}`;
    case 3:
      return `${f}.${l}${yy}`;
    case 4:
      return `${f}${l}${rng.range(1, 99)}`;
    case 5:
      return `${f}_${l}`;
    case 6:
      return `${l}${f.slice(0, 1)}${rng.range(1, 999)}`;
    case 7:
      return `${f}${l.slice(0, 1)}${birthYear}`;
    default:
      return `${f}.${l.slice(0, 1)}${rng.range(10, 99)}`;
  }
}

/**
 * Hash of the mailbox an address delivers to, built from its parts: Gmail ignores dots
 * and "+tags" in the local part, so "rob.smith" and "robsmith" at gmail.com hash alike.
 */
export function mailboxHash(local: string, domain: string): number {
  let h = 0x811c9dc5;
  const gmail = domain === 'gmail.com';
  for (let i = 0; i < local.length; i++) {
    const c = local.charCodeAt(i);
    if (gmail && c === 46) continue;
    if (gmail && c === 43) break;
    h ^= c;
    h = Math.imul(h, 0x01000193);
  }
  return hashKey(domain, Math.imul(h ^ 64, 0x01000193));
}

const PLUS_TAGS = ['crm', 'news', 'work', 'shop', 'promo', 'newsletter', 'billing', 'signup', '2021', 'spam'];

/** The same Gmail inbox written differently: dots moved or dropped, or a "+tag" added. */
export function gmailVariant(email: string, rng: Random): string {
  const at = email.lastIndexOf('@');
  const local = email.slice(0, at);
  const domain = email.slice(at);
  if (rng.chance(0.45)) return `${local}+${rng.pick(PLUS_TAGS)}${domain}`;
  const plain = local.replace(/\./g, '');
  if (plain !== local) return `${plain}${domain}`;
  if (plain.length < 4) return `${plain}+${rng.pick(PLUS_TAGS)}${domain}`;
  const cut = 1 + rng.int(plain.length - 2);
  return `${plain.slice(0, cut)}.${plain.slice(cut)}${domain}`;
}

/** The same address with different letter case: "Robert.Smith@Acme.com" or all capitals. */
export function caseVariant(email: string, rng: Random): string {
  if (rng.chance(0.3)) return email.toUpperCase();
  return email.replace(/(^|[.@_])([a-z])/g, (_m, sep: string, ch: string) => sep + ch.toUpperCase());
}
