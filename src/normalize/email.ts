import { domainToASCII } from 'node:url';
import { isFreeMailDomain } from './free-mail-domains.js';
import { ROLE_MAILBOXES, ROLE_QUALIFIERS } from './role-mailboxes.js';

/** A normalized email address, or why the input is not one. */
export type EmailResult =
  | { ok: true; address: string; local: string; domain: string; role: boolean; freeMail: boolean }
  | { ok: false; reason: string };

/** Options of `normalizeEmail`. */
export interface EmailOptions {
  /**
   * Lower-case domains whose provider ignores dots and `+tag` in the local part (e.g.
   * `gmail.com`, `googlemail.com`). Only these get the provider rewrite.
   */
  readonly providerRules?: readonly string[];
}

/** Domains that are aliases of another provider domain under provider rules. */
const DOMAIN_ALIASES: ReadonlyMap<string, string> = new Map([['googlemail.com', 'gmail.com']]);

const MAX_LOCAL = 64;
const MAX_DOMAIN = 253;
const WHITESPACE = /\s/;
const MAILTO = /^mailto:/i;
/** Characters allowed in an unquoted local part (RFC 5322 atext plus dot; non-ASCII for SMTPUTF8). */
const LOCAL_CHARS = /^[a-z0-9!#$%&'*+/=?^_`{|}~.\-\u0080-\uffff]+$/;
const LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;
const TLD = /^(?:[a-z]{2,63}|xn--[a-z0-9-]{1,59})$/;
const NON_ASCII = /[\u0080-\uffff]/;
const ROLE_SPLIT = /[._\-+]+/;
const DIGITS = /[0-9]+/g;
const NOT_LETTER = /[^a-z]/;

/** Strips a display name (`Ann <ann@x.com>`), angle brackets and `mailto:` (with its `?query`). */
function unwrap(raw: string): string {
  let s = raw.trim();
  if (s.endsWith('>')) {
    const open = s.lastIndexOf('<');
    if (open >= 0) s = s.slice(open + 1, -1).trim();
  }
  if (MAILTO.test(s)) {
    s = s.slice(7);
    const query = s.indexOf('?');
    if (query >= 0) s = s.slice(0, query);
    s = s.trim();
  }
  return s;
}

/** Domains seen repeat (a company's, a provider's): what is known of each is remembered, up to a bound. */
const MAX_KNOWN_DOMAINS = 100_000;
const domainErrors = new Map<string, string | null>();
const freeMailDomains = new Map<string, boolean>();

function remembered<T>(known: Map<string, T>, domain: string, compute: (domain: string) => T): T {
  const hit = known.get(domain);
  if (hit !== undefined) return hit;
  const value = compute(domain);
  if (known.size < MAX_KNOWN_DOMAINS) known.set(domain, value);
  return value;
}

function checkDomain(domain: string): string | undefined {
  if (domain === '') return 'empty domain';
  if (domain.startsWith('[')) return 'ip literal domain';
  if (domain.length > MAX_DOMAIN) return 'domain too long';
  if (!domain.includes('.')) return 'domain has no dot';
  const labels = domain.split('.');
  for (const label of labels) {
    if (label === '') return 'empty domain label';
    if (!LABEL.test(label)) return 'invalid domain label';
  }
  if (!TLD.test(labels[labels.length - 1] ?? '')) return 'invalid top-level domain';
  return undefined;
}

function checkLocal(local: string): string | undefined {
  if (local === '') return 'empty local part';
  if (local.length > MAX_LOCAL) return 'local part too long';
  if (!LOCAL_CHARS.test(local)) return 'invalid character in local part';
  if (local.startsWith('.') || local.endsWith('.') || local.includes('..'))
    return 'misplaced dot in local part';
  return undefined;
}

/** The local part without its `+tag` (`ann+crm` → `ann`); for comparisons across plus-addresses. */
export function emailLocalBase(local: string): string {
  const plus = local.indexOf('+');
  return plus > 0 ? local.slice(0, plus) : local;
}

/** Whether a (lower-case) local part names a shared or role mailbox (`support`, `sales-team`, `info.uk`, `support2`). */
export function isRoleLocalPart(local: string): boolean {
  const base = emailLocalBase(local);
  if (ROLE_MAILBOXES.has(base)) return true;
  if (!NOT_LETTER.test(base)) return false;
  const tokens = base.replace(DIGITS, ' ').split(ROLE_SPLIT);
  const words: string[] = [];
  for (const t of tokens) {
    const w = t.trim();
    if (w !== '') words.push(...w.split(' '));
  }
  if (words.length === 0) return false;
  if (ROLE_MAILBOXES.has(words.join(''))) return true;
  if (!ROLE_MAILBOXES.has(words[0] ?? '')) return false;
  for (let i = 1; i < words.length; i++) {
    const w = words[i] ?? '';
    if (!ROLE_MAILBOXES.has(w) && !ROLE_QUALIFIERS.has(w) && w.length > 3) return false;
  }
  return true;
}

/**
 * Validates and normalizes an email address: trimmed, unwrapped (`<…>`, `mailto:`), lower-cased,
 * IDN domains in punycode. Dots and `+tag` are removed only for domains in `providerRules`.
 */
export function normalizeEmail(raw: string, opts?: EmailOptions): EmailResult {
  const s = unwrap(raw);
  if (s === '') return { ok: false, reason: 'empty' };
  if (WHITESPACE.test(s)) return { ok: false, reason: 'contains spaces' };
  const at = s.lastIndexOf('@');
  if (at < 0) return { ok: false, reason: 'missing @' };
  if (s.indexOf('@') !== at) return { ok: false, reason: 'more than one @' };
  let local = s.slice(0, at).toLowerCase();
  let domain = s.slice(at + 1).toLowerCase();
  if (domain.endsWith('.')) domain = domain.slice(0, -1);
  if (NON_ASCII.test(domain)) {
    const ascii = domainToASCII(domain);
    if (ascii === '') return { ok: false, reason: 'invalid domain label' };
    domain = ascii;
  }
  const localError = checkLocal(local);
  if (localError !== undefined) return { ok: false, reason: localError };
  const domainError = remembered(domainErrors, domain, (d) => checkDomain(d) ?? null);
  if (domainError !== null) return { ok: false, reason: domainError };

  const rules = opts?.providerRules;
  if (rules !== undefined && rules.includes(domain)) {
    local = emailLocalBase(local).replaceAll('.', '');
    if (local === '') return { ok: false, reason: 'empty local part' };
    domain = DOMAIN_ALIASES.get(domain) ?? domain;
  }
  return {
    ok: true,
    address: `${local}@${domain}`,
    local,
    domain,
    role: isRoleLocalPart(local),
    freeMail: remembered(freeMailDomains, domain, isFreeMailDomain),
  };
}
