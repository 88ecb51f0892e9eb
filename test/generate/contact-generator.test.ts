import { describe, expect, it } from 'vitest';
import { generateContacts } from '../../src/generate/contact-generator.js';
import type { GeneratedContact } from '../../src/generate/contact-generator.js';
import { CONTACT_COLUMNS, SOURCES } from '../../src/generate/generated-contact.js';

const generate = (rows: number, duplicateRate: number, seed: number): GeneratedContact[] => [
  ...generateContacts({ rows, duplicateRate, seed }),
];

const ROLE = /^(info|support|sales|office|billing|hello|contact|admin|accounts|team|orders|hr)@/;

describe('generateContacts', () => {
  const rows = generate(20_000, 0.2, 11);
  const byTruth = new Map<string, GeneratedContact[]>();
  for (const r of rows) byTruth.set(r.truth_id, [...(byTruth.get(r.truth_id) ?? []), r]);

  it('is deterministic per seed and differs across seeds', () => {
    expect(generate(2_000, 0.3, 5)).toEqual(generate(2_000, 0.3, 5));
    const other = generate(2_000, 0.3, 6);
    expect(other.map((r) => r.email)).not.toEqual(generate(2_000, 0.3, 5).map((r) => r.email));
  });

  it('produces exactly the requested number of rows with unique ids and all columns', () => {
    for (const n of [1, 2, 7, 1_000]) expect(generate(n, 0.25, 3)).toHaveLength(n);
    expect(rows).toHaveLength(20_000);
    expect(new Set(rows.map((r) => r.id)).size).toBe(rows.length);
    expect(Object.keys(rows[0]!)).toEqual([...CONTACT_COLUMNS]);
    for (const r of rows) {
      expect(SOURCES).toContain(r.source);
      expect(r.updated_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    }
  });

  it.each([0, 0.05, 0.2, 0.5])('hits duplicate rate %s within tolerance', (rate) => {
    const n = 10_000;
    const sample = generate(n, rate, 21);
    const people = new Set(sample.map((r) => r.truth_id)).size;
    expect(Math.abs(n - people - rate * n)).toBeLessThanOrEqual(0.01 * n);
  });

  it('builds clusters of 2–4 rows, mostly pairs, with first rows before copies', () => {
    const sizes = [...byTruth.values()].map((c) => c.length).filter((s) => s > 1);
    const pairs = sizes.filter((s) => s === 2).length;
    expect(pairs / sizes.length).toBeGreaterThan(0.5);
    expect(sizes.filter((s) => s > 4).length).toBe(0);
    let maxTruth = 0;
    for (const r of rows) {
      const t = Number(r.truth_id.slice(1));
      expect(t).toBeLessThanOrEqual(maxTruth + 1);
      maxTruth = Math.max(maxTruth, t);
    }
    expect(maxTruth).toBe(byTruth.size);
  });

  it('leaves about 10% of rows without phone and about 5% without email; emails look valid', () => {
    const noPhone = rows.filter((r) => r.phone === '').length / rows.length;
    const noEmail = rows.filter((r) => r.email === '').length / rows.length;
    expect(noPhone).toBeGreaterThan(0.07);
    expect(noPhone).toBeLessThan(0.13);
    expect(noEmail).toBeGreaterThan(0.03);
    expect(noEmail).toBeLessThan(0.08);
    for (const r of rows)
      if (r.email) expect(r.email).toMatch(/^[A-Za-z0-9._+-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$/);
  });

  it('shares role addresses among different people of one company', () => {
    const owners = new Map<string, Set<string>>();
    for (const r of rows) {
      const email = r.email.toLowerCase();
      if (ROLE.test(email)) owners.set(email, (owners.get(email) ?? new Set()).add(r.truth_id));
    }
    expect([...owners.values()].filter((s) => s.size >= 2).length).toBeGreaterThan(5);
  });

  it('has families sharing one personal email: same last name and street, different first names', () => {
    const byEmail = new Map<string, GeneratedContact[]>();
    for (const r of rows) {
      if (!r.email || ROLE.test(r.email.toLowerCase())) continue;
      const key = r.email.toLowerCase();
      byEmail.set(key, [...(byEmail.get(key) ?? []), r]);
    }
    const families = [...byEmail.values()].filter((group) => {
      const people = new Map(group.map((r) => [r.truth_id, r]));
      if (people.size < 2) return false;
      const [a, b] = [...people.values()];
      return a!.last_name.toLowerCase() === b!.last_name.toLowerCase() && a!.first_name !== b!.first_name;
    });
    expect(families.length).toBeGreaterThan(5);
    const withStreet = families.some((g) => {
      const streets = new Map<string, Set<string>>();
      for (const r of g)
        if (r.street)
          streets.set(r.truth_id, (streets.get(r.truth_id) ?? new Set()).add(r.street.toLowerCase()));
      return streets.size >= 2;
    });
    expect(withStreet).toBe(true);
  });

  it('has the same name at different companies belonging to different people', () => {
    const byName = new Map<string, Map<string, string>>();
    for (const [truth, cluster] of byTruth) {
      const r = cluster.find((x) => x.company && x.first_name) ?? cluster[0]!;
      if (!r.company || !r.first_name) continue;
      const key = `${r.first_name} ${r.last_name}`;
      byName.set(key, (byName.get(key) ?? new Map()).set(truth, r.company.toLowerCase().split(/[ ,]/)[0]!));
    }
    const namesakes = [...byName.values()].filter((m) => m.size >= 2 && new Set(m.values()).size >= 2);
    expect(namesakes.length).toBeGreaterThan(20);
  });

  it('puts realistic drift into duplicates', () => {
    const clusters = [...byTruth.values()].filter((c) => c.length > 1);
    const some = (test: (a: GeneratedContact, b: GeneratedContact) => boolean): boolean =>
      clusters.some((c) => c.slice(1).some((b) => test(c[0]!, b)));
    const digits = (p: string): string =>
      p
        .replace(/ (x|ext\.?|#).*$/, '')
        .replace(/\D/g, '')
        .slice(-10);
    expect(some((a, b) => a.first_name === 'Robert' && b.first_name === 'Bob')).toBe(true);
    expect(
      some((a, b) => !!a.phone && !!b.phone && a.phone !== b.phone && digits(a.phone) === digits(b.phone)),
    ).toBe(true);
    expect(
      some((a, b) => !!a.email && a.email !== b.email && a.email.toLowerCase() === b.email.toLowerCase()),
    ).toBe(true);
    expect(some((a, b) => a.email.endsWith('@gmail.com') === false && b.email.endsWith('@gmail.com'))).toBe(
      true,
    );
    expect(some((a, b) => !!a.company && !!b.company && a.company !== b.company)).toBe(true);
    expect(some((a, b) => /\bSt\b/.test(a.street) && /\bStreet\b/.test(b.street))).toBe(true);
    const allPhones = rows.map((r) => r.phone).join('\n');
    for (const style of [
      /^\+1 \(\d{3}\) \d{3}-\d{4}$/m,
      /^\d{3}\.\d{3}\.\d{4}$/m,
      /^\d{10}$/m,
      /^\d{3}-\d{3}-\d{4} x\d+$/m,
    ]) {
      expect(allPhones).toMatch(style);
    }
    const companies = new Set(rows.map((r) => r.company));
    expect(companies).toContain('Acme');
    expect(companies).toContain('Acme, Inc.');
    expect(companies).toContain('ACME Inc');
    expect(companies).toContain('Acme Incorporated');
  });

  it('rejects invalid options', () => {
    expect(() => generate(0, 0.2, 1)).toThrow(/rows/);
    expect(() => generate(10, 1, 1)).toThrow(/duplicateRate/);
    expect(() => generate(10, 0.2, 1.5)).toThrow(/seed/);
  });
});
