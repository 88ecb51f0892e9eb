import { describe, expect, it } from 'vitest';
import { IdentityIndex } from '../../src/identity/identity-index.js';
import { FeatureStore } from '../../src/identity/feature-store.js';
import { RecordPreparer } from '../../src/identity/prepare-record.js';
import { compileModel } from '../../src/identity/match-model.js';
import { PairScorer } from '../../src/identity/pair-scorer.js';
import { findSharedKeys } from '../../src/detect/shared-key-values.js';
import { ValueCounts } from '../../src/identity/value-frequencies.js';
import { contactRules, type Contact } from './person-fixture.js';

const people: Contact[] = [
  { email: 'bob.smith@acme.com', first_name: 'Bob', last_name: 'Smith', company: 'Acme' },
  {
    email: 'robert.smith@gmail.com',
    first_name: 'Robert',
    last_name: 'Smith',
    company: 'ACME Inc',
    phone: '415-555-0100',
  },
  { phone: '(415) 555 0100', first_name: 'Rob', last_name: 'Smith', company: 'Acme' },
  { email: 'smiths@gmail.com', first_name: 'John', last_name: 'Smith' },
  { email: 'smiths@gmail.com', first_name: 'Mary', last_name: 'Smith' },
  { email: 'support@acme.com', first_name: 'Ann', last_name: 'Lee', company: 'Acme' },
  { email: 'support@acme.com', first_name: 'Raj', last_name: 'Patel', company: 'Acme' },
  { first_name: 'Jonathan', last_name: 'Miller', company: 'Globex', city: 'Springfield' },
  { first_name: 'Jonathon', last_name: 'Miller', company: 'Globex Corporation', city: 'Springfield' },
];

describe('IdentityIndex (single-record resolution)', () => {
  it('reaches the same decision as the batch scorer on every pair', () => {
    const preparer = new RecordPreparer(contactRules);
    const store = new FeatureStore(preparer.features);
    for (const p of people) store.add(preparer.prepare(p));
    const statistics = {
      frequencies: ValueCounts.of(store, contactRules),
      sharedKeys: findSharedKeys(store, contactRules),
    };
    const model = compileModel(contactRules);
    const batch = new PairScorer(store, model, contactRules, statistics.sharedKeys, statistics.frequencies);

    for (let j = 1; j < people.length; j++) {
      const index = new IdentityIndex(contactRules, model, statistics);
      for (let i = 0; i < j; i++) index.add(`r${i}`, people[i]!);
      const resolution = index.resolve(people[j]!);
      for (let i = 0; i < j; i++) {
        const expected = batch.explain(i, j);
        const online = resolution.candidates.find((c) => c.id === `r${i}`);
        if (expected.decision === 'no_match') {
          expect(online, `pair ${i}-${j}`).toBeUndefined();
        } else {
          expect(online?.explanation.decision, `pair ${i}-${j}`).toBe(expected.decision);
          expect(online?.explanation.probability).toBeCloseTo(expected.probability, 12);
        }
      }
    }
  });

  it('resolves match / new / review', () => {
    const index = new IdentityIndex(contactRules);
    index.add('c1', people[0]!);
    index.add('c4', people[3]!);
    const match = index.resolve({ email: 'BOB.SMITH@acme.com', first_name: 'Robert', last_name: 'Smith' });
    expect(match.decision).toBe('match');
    expect(match.decision === 'match' && match.id).toBe('c1');
    expect(
      index.resolve({ email: 'new.person@initech.com', first_name: 'Peter', last_name: 'Gibbons' }).decision,
    ).toBe('new');
    const family = index.resolve({ email: 'smiths@gmail.com', first_name: 'Mary', last_name: 'Smith' });
    expect(family.decision).toBe('review');
  });
});
