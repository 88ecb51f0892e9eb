import { describe, expect, it } from 'vitest';
import { emailLocalBase, isRoleLocalPart, normalizeEmail } from '../../src/normalize/email.js';

const GMAIL = ['gmail.com', 'googlemail.com'];

function address(raw: string, providerRules?: readonly string[]): string | undefined {
  const r = normalizeEmail(raw, providerRules === undefined ? undefined : { providerRules });
  return r.ok ? r.address : undefined;
}

function reason(raw: string): string | undefined {
  const r = normalizeEmail(raw);
  return r.ok ? undefined : r.reason;
}

describe('normalizeEmail', () => {
  it('trims and lower-cases, keeping dots and plus-tags without provider rules', () => {
    expect(address('Bob.Smith+crm@GMail.com ')).toBe('bob.smith+crm@gmail.com');
  });

  it('applies provider rules only to the listed domains', () => {
    expect(address('Bob.Smith+crm@GMail.com ', GMAIL)).toBe('bobsmith@gmail.com');
    expect(address('bob.smith+crm@googlemail.com', GMAIL)).toBe('bobsmith@gmail.com');
    expect(address('bob.smith+crm@acme.com', GMAIL)).toBe('bob.smith+crm@acme.com');
  });

  it('returns the parts and flags', () => {
    expect(normalizeEmail('Ann@Acme.com')).toEqual({
      ok: true,
      address: 'ann@acme.com',
      local: 'ann',
      domain: 'acme.com',
      role: false,
      freeMail: false,
    });
  });

  it('unwraps angle brackets, mailto: and display names', () => {
    expect(address('<ann@acme.com>')).toBe('ann@acme.com');
    expect(address('mailto:Ann@Acme.com?subject=hi')).toBe('ann@acme.com');
    expect(address('<mailto:ann@acme.com>')).toBe('ann@acme.com');
    expect(address('Ann Lee <ann@acme.com>')).toBe('ann@acme.com');
  });

  it('encodes international domains as punycode', () => {
    expect(address('x@müller.de')).toBe('x@xn--mller-kva.de');
  });

  it('rejects invalid addresses with a reason', () => {
    expect(reason('')).toBe('empty');
    expect(reason('bob.acme.com')).toBe('missing @');
    expect(reason('bob@acme')).toBe('domain has no dot');
    expect(reason('bob smith@acme.com')).toBe('contains spaces');
    expect(reason('a@b@acme.com')).toBe('more than one @');
    expect(reason('@acme.com')).toBe('empty local part');
    expect(reason(`${'a'.repeat(65)}@acme.com`)).toBe('local part too long');
    expect(reason('bob@')).toBe('empty domain');
    expect(reason('bob@acme..com')).toBe('empty domain label');
    expect(reason('bob@-acme.com')).toBe('invalid domain label');
    expect(reason('bob@acme.c0m')).toBe('invalid top-level domain');
    expect(reason('.bob@acme.com')).toBe('misplaced dot in local part');
    expect(reason('bo(b)@acme.com')).toBe('invalid character in local part');
    expect(reason('bob@[10.0.0.1]')).toBe('ip literal domain');
  });

  it('flags role mailboxes, also with digits, separators and qualifiers', () => {
    for (const e of ['support@acme.com', 'info@acme.com', 'no-reply@acme.com', 'support2@acme.com']) {
      expect(normalizeEmail(e)).toMatchObject({ ok: true, role: true });
    }
    expect(isRoleLocalPart('sales-team')).toBe(true);
    expect(isRoleLocalPart('info.uk')).toBe(true);
    expect(isRoleLocalPart('do_not_reply')).toBe(true);
    expect(isRoleLocalPart('support+zendesk')).toBe(true);
  });

  it('does not flag personal mailboxes as roles', () => {
    expect(isRoleLocalPart('john.smith')).toBe(false);
    expect(isRoleLocalPart('john.sales')).toBe(false);
    expect(isRoleLocalPart('sales.johnson')).toBe(false);
    expect(isRoleLocalPart('ann')).toBe(false);
  });

  it('flags free-mail providers, including country variants', () => {
    const free = ['a@gmail.com', 'a@yahoo.co.uk', 'a@hotmail.fr', 'a@gmx.de', 'a@proton.me', 'a@icloud.com'];
    for (const e of free) expect(normalizeEmail(e)).toMatchObject({ ok: true, freeMail: true });
    for (const e of ['a@acme.com', 'a@mail.acme.com', 'a@live-events.com']) {
      expect(normalizeEmail(e)).toMatchObject({ ok: true, freeMail: false });
    }
  });
});

describe('emailLocalBase', () => {
  it('drops the plus-tag', () => {
    expect(emailLocalBase('bob.smith+crm')).toBe('bob.smith');
    expect(emailLocalBase('bob')).toBe('bob');
    expect(emailLocalBase('+tag')).toBe('+tag');
  });
});
