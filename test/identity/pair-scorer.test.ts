import { describe, expect, it } from 'vitest';
import { FeatureStore } from '../../src/identity/feature-store.js';
import { RecordPreparer } from '../../src/identity/prepare-record.js';
import { compileModel } from '../../src/identity/match-model.js';
import { PairScorer, givenNamesConflict } from '../../src/identity/pair-scorer.js';
import { contactRules, type Contact } from './person-fixture.js';

function decide(a: Contact, b: Contact, rules = contactRules) {
  const preparer = new RecordPreparer(rules);
  const store = new FeatureStore(preparer.features);
  store.add(preparer.prepare(a));
  store.add(preparer.prepare(b));
  return new PairScorer(store, compileModel(rules), rules).explain(0, 1);
}

describe('PairScorer', () => {
  it('matches on a normalized email key and says so', () => {
    const e = decide(
      { email: 'Bob.Smith@Acme.com ', first_name: 'Bob', last_name: 'Smith' },
      { email: 'bob.smith@acme.com', first_name: 'Robert', last_name: 'Smith' },
    );
    expect(e.decision).toBe('match');
    expect(e.rule).toBe('key:email');
    expect(e.guards).toEqual([]);
  });

  it('says in the evidence text that given and family name were compared crosswise', () => {
    const preparer = new RecordPreparer(contactRules);
    const store = new FeatureStore(preparer.features);
    store.add(preparer.prepare({ first_name: 'Margaret', last_name: 'Thornton', phone: '+1 415 555 0100' }));
    store.add(preparer.prepare({ first_name: 'Thornton', last_name: 'Margaret', phone: '(415) 555-0100' }));
    const scorer = new PairScorer(store, compileModel(contactRules), contactRules);
    const evidence = scorer.fieldEvidence(0, 1, { similarities: false });
    expect(evidence.find((f) => f.field === 'first_name')?.level).toMatch(/^swapped:/);
    const text = scorer.evidenceText(0, 1);
    expect(text).toMatch(/first_name=swapped:[a-z_]+\(\+\d+\.\d\)/);
    expect(text).toBe(
      evidence
        .filter((f) => f.level !== 'null')
        .map((f) => `${f.field}=${f.level}(${f.weight >= 0 ? '+' : ''}${f.weight.toFixed(1)})`)
        .join(' '),
    );
  });

  it('sends a shared family email with different given names to review, never match', () => {
    const e = decide(
      { email: 'smiths@gmail.com', first_name: 'John', last_name: 'Smith' },
      { email: 'smiths@gmail.com', first_name: 'Mary', last_name: 'Smith' },
    );
    expect(e.decision).toBe('review');
    expect(e.guards).toContain('name_conflict');
  });

  it('does not use a role address as a key', () => {
    const e = decide(
      { email: 'support@acme.com', first_name: 'John', last_name: 'Doe', company: 'Acme' },
      { email: 'support@acme.com', first_name: 'Priya', last_name: 'Patel', company: 'Acme' },
    );
    expect(e.decision).toBe('no_match');
    expect(e.guards).toContain('role_address:email');
    expect(e.fields.find((f) => f.field === 'email')?.level).toBe('null');
  });

  it('never matches two different external IDs, however alike the rest is', () => {
    const e = decide(
      { external_id: 'A-1', email: 'a@x.com', first_name: 'Ann', last_name: 'Lee' },
      { external_id: 'A-2', email: 'a@x.com', first_name: 'Ann', last_name: 'Lee' },
    );
    expect(e.decision).toBe('no_match');
    expect(e.guards).toEqual(['unique_key_conflict:external_id']);
  });

  it('matches phone numbers written differently', () => {
    const e = decide(
      { phone: '+1 (415) 555-0100', first_name: 'Liz', last_name: 'Taylor' },
      { phone: '415.555.0100', first_name: 'Elizabeth', last_name: 'Taylor' },
    );
    expect(e.decision).toBe('match');
    expect(e.rule).toBe('key:phone');
  });

  it('scores fuzzy evidence when no key is shared, with per-field levels', () => {
    const e = decide(
      { first_name: 'Marguerite', last_name: 'Smith', company: 'ACME, Inc.', city: 'Springfield' },
      { first_name: 'Margueritte', last_name: 'Smith', company: 'Acme Incorporated', city: 'Springfield' },
    );
    expect(e.rule).toBe('score');
    expect(e.fields.find((f) => f.field === 'company')?.level).toBe('exact');
    expect(e.fields.find((f) => f.field === 'first_name')?.level).toBe('close');
    expect(e.weight).toBeGreaterThan(0);
  });

  it('is symmetric', () => {
    const a = { first_name: 'Kate', last_name: 'Jones', company: 'Globex', email: 'kate@globex.com' };
    const b = {
      first_name: 'Katherine',
      last_name: 'Jones',
      company: 'Globex Corp',
      email: 'kjones@gmail.com',
    };
    expect(decide(a, b)).toEqual(decide(b, a));
  });
});

describe('givenNamesConflict', () => {
  it('tells different people from nicknames, initials and typos', () => {
    expect(givenNamesConflict('john', 'mary')).toBe(true);
    expect(givenNamesConflict('bob', 'robert')).toBe(false);
    expect(givenNamesConflict('j', 'john')).toBe(false);
    expect(givenNamesConflict('jonathan', 'jonathon')).toBe(false);
    // Alike to Jaro-Winkler (0.83), yet two different known given names.
    expect(givenNamesConflict('chris', 'charles')).toBe(true);
  });
});
