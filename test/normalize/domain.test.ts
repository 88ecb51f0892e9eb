import { describe, expect, it } from 'vitest';
import { companyDomain, registrableDomain } from '../../src/normalize/domain.js';

describe('registrableDomain', () => {
  it('reads URLs, bare domains and email addresses', () => {
    expect(registrableDomain('https://www.acme.co.uk/about')).toBe('acme.co.uk');
    expect(registrableDomain('acme.com')).toBe('acme.com');
    expect(registrableDomain('WWW.Acme.COM')).toBe('acme.com');
    expect(registrableDomain('ann@mail.acme.co.uk')).toBe('acme.co.uk');
    expect(registrableDomain('mailto:ann@acme.com')).toBe('acme.com');
  });

  it('encodes international domains as punycode', () => {
    expect(registrableDomain('http://www.bücher.de/x')).toBe('xn--bcher-kva.de');
  });

  it('is undefined for IPs, unknown suffixes and junk', () => {
    expect(registrableDomain('192.168.0.1')).toBeUndefined();
    expect(registrableDomain('http://[::1]/')).toBeUndefined();
    expect(registrableDomain('localhost')).toBeUndefined();
    expect(registrableDomain('acme.local')).toBeUndefined();
    expect(registrableDomain('not a domain')).toBeUndefined();
    expect(registrableDomain('')).toBeUndefined();
  });
});

describe('companyDomain', () => {
  it('is undefined for free-mail providers', () => {
    expect(companyDomain('bob@gmail.com')).toBeUndefined();
    expect(companyDomain('bob@yahoo.co.uk')).toBeUndefined();
    expect(companyDomain('bob@acme.com')).toBe('acme.com');
  });
});
