import { describe, expect, it } from 'vitest';
import { generateEventStream } from '../../src/demo/event-stream.js';
import { scoreRun } from '../../src/demo/score-run.js';

describe('demo event stream', () => {
  const stream = generateEventStream({ events: 1_000, seed: 5 });

  it('is the same for the same seed and has the requested size', () => {
    expect(generateEventStream({ events: 1_000, seed: 5 })).toEqual(stream);
    expect(generateEventStream({ events: 1_000, seed: 6 }).deliveries).not.toEqual(stream.deliveries);
    expect(stream.deliveries).toHaveLength(1_000);
  });

  it('holds the situations the demo is about', () => {
    const kinds = new Set(stream.people.map((p) => p.kind));
    expect([...kinds].sort()).toEqual(['family', 'personal', 'phone_only', 'role', 'work']);
    const payloads = stream.deliveries.map((d) => d.submission.payload);
    expect(stream.deliveries.some((d) => d.redelivery)).toBe(true);
    expect(payloads.some((p) => p.email === undefined && p.phone !== undefined)).toBe(true);
    expect(payloads.some((p) => typeof p.email === 'string' && p.email !== p.email.toLowerCase())).toBe(true);
    const roleUsers = new Map<string, Set<number>>();
    for (const d of stream.deliveries) {
      const email = d.submission.payload.email;
      if (typeof email === 'string' && /^(support|info|sales)@/i.test(email.trim()))
        roleUsers.set(
          email.trim().toLowerCase(),
          (roleUsers.get(email.trim().toLowerCase()) ?? new Set()).add(d.person),
        );
    }
    expect([...roleUsers.values()].some((people) => people.size > 1)).toBe(true);
    expect(stream.deliveries.filter((d) => d.wave === 2).every((d) => d.lane.startsWith('enrichment'))).toBe(
      true,
    );
  });
});

describe('scoring against the ground truth', () => {
  it('counts second records of a person, records of several people, and records nobody traces to', () => {
    const records: { id: string; properties: Record<string, string> }[] = [
      { id: '1', properties: { email: 'a@x.io' } },
      { id: '2', properties: { phone: '1' } },
      { id: '3', properties: { phone: '2' } },
      { id: '4', properties: { phone: '9' } },
    ];
    const score = scoreRun(records, [
      { person: 1, targetId: '1', properties: { email: 'A@x.io' } },
      { person: 1, targetId: '2', properties: { phone: '1' } },
      { person: 2, targetId: '1', properties: { email: 'a@x.io' } },
      { person: 3, properties: { phone: '2' } },
    ]);
    expect(score).toMatchObject({ records: 4, duplicates: 2, falseMerges: 1, unattributed: 1 });
    expect(score.duplicatedPeople).toEqual([{ person: 1, records: ['1', '2'] }]);
    expect(score.mergedRecords).toEqual([{ record: '1', people: [1, 2] }]);
  });
});

describe('the CRM before the stream', () => {
  const { people, deliveries, existing } = generateEventStream({ events: 1_000, seed: 5 });
  const inStream = new Set(people.map((p) => p.id));
  const mailbox = (email: string): string => {
    const [local = '', domain = ''] = email.trim().toLowerCase().split('@');
    return domain === 'gmail.com'
      ? `${local.replaceAll('.', '').split('+')[0]}@${domain}`
      : `${local}@${domain}`;
  };
  const digits = (phone: string): string => phone.replace(/\D/g, '').replace(/^1(?=\d{10}$)/, '');

  it('holds some of the stream people, drifted, and as many others, one contact per email', () => {
    const known = existing.filter((c) => inStream.has(c.person));
    expect(known.length).toBeGreaterThan(0);
    expect(existing.length - known.length).toBe(known.length);
    const emails = existing.flatMap((c) => (c.properties.email === undefined ? [] : [c.properties.email]));
    expect(new Set(emails.map((e) => e.toLowerCase())).size).toBe(emails.length);
    const byId = new Map(people.map((p) => [p.id, p]));
    const drifted = known.map((c) => {
      const p = byId.get(c.person)!;
      return {
        email: (c.properties.email ?? p.email) !== p.email,
        nickname: c.properties.firstname !== p.first,
        phone: c.properties.phone !== undefined && digits(c.properties.phone) === p.phone,
      };
    });
    expect(drifted.some((d) => d.email)).toBe(true);
    expect(drifted.some((d) => d.nickname)).toBe(true);
    expect(drifted.some((d) => d.phone)).toBe(true);
  });

  it('keeps for every stream person an exact key one of their deliveries carries', () => {
    for (const contact of existing.filter((c) => inStream.has(c.person))) {
      const sent = deliveries.filter((d) => d.person === contact.person).map((d) => d.submission.payload);
      const { email, phone } = contact.properties;
      const shared = sent.some(
        (p) =>
          (email !== undefined && typeof p.email === 'string' && mailbox(p.email) === mailbox(email)) ||
          (phone !== undefined && typeof p.phone === 'string' && digits(p.phone) === digits(phone)),
      );
      expect(shared, `contact of person ${contact.person}`).toBe(true);
    }
  });
});
