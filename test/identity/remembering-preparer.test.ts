import { describe, expect, it } from 'vitest';
import { RecordPreparer } from '../../src/identity/prepare-record.js';
import { RememberingPreparer } from '../../src/identity/remembering-preparer.js';
import { contactRules } from './person-fixture.js';

class CountingPreparer extends RecordPreparer {
  calls = 0;
  override prepare(raw: Readonly<Record<string, string | undefined>>): Record<string, string> {
    this.calls++;
    return super.prepare(raw);
  }
}

describe('RememberingPreparer', () => {
  it('prepares each record object once, with the features the identity core gives it', () => {
    const inner = new CountingPreparer(contactRules);
    const preparer = new RememberingPreparer(inner);
    const bob = { first_name: 'Bob', last_name: 'Smith', email: 'Bob.Smith@Example.com' };
    const first = preparer.prepare(bob);
    expect(first).toEqual(new RecordPreparer(contactRules).prepare(bob));
    expect(preparer.prepare(bob)).toBe(first);
    expect(inner.calls).toBe(1);
    expect(preparer.features).toEqual(inner.features);
  });

  it('prepares another object with the same values again: records are told apart by object', () => {
    const inner = new CountingPreparer(contactRules);
    const preparer = new RememberingPreparer(inner);
    const one = { first_name: 'Ann', email: 'ann@example.com' };
    const other = { ...one };
    expect(preparer.prepare(other)).toEqual(preparer.prepare(one));
    expect(preparer.prepare(other)).not.toBe(preparer.prepare(one));
    expect(inner.calls).toBe(2);
  });
});
