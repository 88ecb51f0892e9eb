import { parse } from 'tldts';
import { isFreeMailDomain } from './free-mail-domains.js';

const PARSE_OPTIONS = { allowPrivateDomains: false } as const;
const NON_ASCII = /[\u0080-\uffff]/;
const MAILTO = /^mailto:/i;

/** The host part of an email address, URL or bare domain (punycode for IDNs). */
function hostOf(input: string): string {
  let s = input.trim();
  if (MAILTO.test(s)) s = s.slice(7);
  if (!s.includes('://')) {
    const at = s.lastIndexOf('@');
    if (at >= 0) s = s.slice(at + 1);
    if (s.endsWith('>')) s = s.slice(0, -1);
  }
  if (!NON_ASCII.test(s)) return s;
  try {
    return new URL(s.includes('://') ? s : `http://${s}`).hostname;
  } catch {
    return '';
  }
}

/**
 * The registrable domain (public suffix + one label) of an email address, URL or domain:
 * `ann@mail.acme.co.uk`, `https://www.acme.co.uk/about` → `acme.co.uk`. Undefined for IP
 * addresses, unknown suffixes and invalid input.
 */
export function registrableDomain(emailOrUrl: string): string | undefined {
  const host = hostOf(emailOrUrl);
  if (host === '') return undefined;
  const r = parse(host, PARSE_OPTIONS);
  if (r.isIp === true || r.isIcann !== true || r.domain === null) return undefined;
  return r.domain;
}

/** Like `registrableDomain`, but undefined for free-mail providers (they say nothing about a company). */
export function companyDomain(emailOrUrl: string): string | undefined {
  const domain = registrableDomain(emailOrUrl);
  return domain === undefined || isFreeMailDomain(domain) ? undefined : domain;
}
