import { describe, expect, it } from 'vitest';
import type { ExistingValues } from '../../src/contract/index.js';
import { applyValueRules, PROVENANCE_PROPERTY, type KeyComparison } from '../../src/gate/values-policy.js';

const rules = (existingValues: ExistingValues = 'fill_empty') => ({
  precedence: ['web_form', 'help_desk', 'enrichment'],
  protected: ['firstname', 'phone'],
  existingValues,
});

/** `email` and `phone` are keys; a phone compares by its digits, an email case-insensitively. */
const digits = (v: string) => v.replace(/\D/g, '').replace(/^1/, '');
const same: Record<string, (a: string, b: string) => boolean> = {
  phone: (a, b) => digits(a) === digits(b),
  email: (a, b) => a.toLowerCase() === b.toLowerCase(),
};
/** The comparison the gate hands in: bound to the event's own values. */
const against =
  (event: Record<string, string>): KeyComparison =>
  (property, current) =>
    same[property]?.(current, event[property] ?? '');

describe('value rules (pure)', () => {
  it('records which source set each property on a create', () => {
    const { write, kept, written } = applyValueRules(rules(), 'help_desk', {
      firstname: 'Bob',
      jobtitle: 'CTO',
    });
    expect(kept).toEqual([]);
    expect(written).toEqual(['firstname', 'jobtitle']);
    expect(write).toEqual({
      firstname: 'Bob',
      jobtitle: 'CTO',
      [PROVENANCE_PROPERTY]: '{"firstname":"help_desk","jobtitle":"help_desk"}',
    });
  });

  it('keeps a protected value a higher-ranked source set, and writes what Lanekeeper set before', () => {
    const current = {
      firstname: 'Bob',
      jobtitle: 'CEO',
      phone: '+14155550100',
      [PROVENANCE_PROPERTY]: '{"firstname":"web_form","jobtitle":"web_form","phone":"help_desk"}',
    };
    const { write, kept } = applyValueRules(
      rules(),
      'enrichment',
      { firstname: 'Robert', jobtitle: 'CTO' },
      current,
    );
    expect(write).toEqual({
      jobtitle: 'CTO',
      [PROVENANCE_PROPERTY]: '{"firstname":"web_form","jobtitle":"enrichment","phone":"help_desk"}',
    });
    expect(kept).toEqual([{ property: 'firstname', reason: 'precedence', heldBy: 'web_form' }]);
  });

  it('lets an equal or higher-ranked source overwrite, and takes over the provenance', () => {
    const current = { firstname: 'Bob', [PROVENANCE_PROPERTY]: '{"firstname":"help_desk"}' };
    const { write } = applyValueRules(rules(), 'web_form', { firstname: 'Robert' }, current);
    expect(write).toEqual({ firstname: 'Robert', [PROVENANCE_PROPERTY]: '{"firstname":"web_form"}' });
  });

  it('fill_empty: fills what is empty, keeps a value Lanekeeper did not set', () => {
    const current = { firstname: 'Robert', jobtitle: '', [PROVENANCE_PROPERTY]: 'not json' };
    const d = applyValueRules(
      rules('fill_empty'),
      'web_form',
      { firstname: 'Bob', jobtitle: 'CTO' },
      current,
    );
    expect(d.write).toEqual({ jobtitle: 'CTO', [PROVENANCE_PROPERTY]: '{"jobtitle":"web_form"}' });
    expect(d.kept).toEqual([{ property: 'firstname', reason: 'existing_value' }]);
  });

  it('keep: leaves what Lanekeeper did not set as it is, empty or not', () => {
    const current = {
      firstname: 'Robert',
      jobtitle: '',
      lastname: 'Smith',
      [PROVENANCE_PROPERTY]: '{"lastname":"web_form"}',
    };
    const d = applyValueRules(
      rules('keep'),
      'web_form',
      { firstname: 'Bob', jobtitle: 'CTO', lastname: 'Smyth' },
      current,
    );
    expect(d.write).toEqual({ lastname: 'Smyth' });
    expect(d.kept).toEqual([{ property: 'firstname', reason: 'existing_value' }]);
    expect(d.skipped).toEqual([{ property: 'jobtitle', reason: 'existing_values_keep' }]);
  });

  it('overwrite: replaces a value Lanekeeper did not set, and owns it from then on', () => {
    const current = { firstname: 'Robert', jobtitle: '' };
    const d = applyValueRules(
      rules('overwrite'),
      'enrichment',
      { firstname: 'Bob', jobtitle: 'CTO' },
      current,
    );
    expect(d.write).toEqual({
      firstname: 'Bob',
      jobtitle: 'CTO',
      [PROVENANCE_PROPERTY]: '{"firstname":"enrichment","jobtitle":"enrichment"}',
    });
  });

  it('never overwrites a key, in any mode; the same key in another format writes nothing', () => {
    const event = { email: 'bob.smith@gmail.com', phone: '(415) 555-0100' };
    const current = {
      email: 'robert.smith@acmecorp.com',
      phone: '+14155550100',
      [PROVENANCE_PROPERTY]: '{"email":"enrichment","phone":"enrichment"}',
    };
    for (const mode of ['keep', 'fill_empty', 'overwrite'] as const) {
      const d = applyValueRules(rules(mode), 'web_form', event, current, against(event));
      expect(d.write).toEqual({});
      expect(d.skipped).toEqual([{ property: 'email', reason: 'key_held' }]);
      expect(d.unchanged).toEqual(['phone']);
    }
  });

  it('fills an empty key', () => {
    const event = { email: 'bob@x.io' };
    const d = applyValueRules(rules(), 'web_form', event, { email: null }, against(event));
    expect(d.write).toEqual({ email: 'bob@x.io', [PROVENANCE_PROPERTY]: '{"email":"web_form"}' });
  });

  it('leaves the provenance alone when a lower-ranked source sends the same value', () => {
    const current = { firstname: 'Bob', [PROVENANCE_PROPERTY]: '{"firstname":"web_form"}' };
    const { write, kept, unchanged } = applyValueRules(rules(), 'enrichment', { firstname: 'Bob' }, current);
    expect(kept).toEqual([]);
    expect(write).toEqual({});
    expect(unchanged).toEqual(['firstname']);
  });
});
