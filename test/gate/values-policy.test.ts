import { describe, expect, it } from 'vitest';
import { applyValueRules, needsCurrentValues, PROVENANCE_PROPERTY } from '../../src/gate/values-policy.js';

const rules = { precedence: ['web_form', 'help_desk', 'enrichment'], protected: ['firstname', 'phone'] };

describe('value rules (pure)', () => {
  it('records which source set each protected property on a create', () => {
    const { write, kept } = applyValueRules(rules, 'help_desk', { firstname: 'Bob', jobtitle: 'CTO' });
    expect(kept).toEqual([]);
    expect(write).toEqual({
      firstname: 'Bob',
      jobtitle: 'CTO',
      [PROVENANCE_PROPERTY]: '{"firstname":"help_desk"}',
    });
  });

  it('keeps a protected value a higher-ranked source set, and writes the rest', () => {
    const current = {
      firstname: 'Bob',
      phone: '+14155550100',
      [PROVENANCE_PROPERTY]: '{"firstname":"web_form","phone":"help_desk"}',
    };
    const { write, kept } = applyValueRules(
      rules,
      'enrichment',
      { firstname: 'Robert', jobtitle: 'CTO' },
      current,
    );
    expect(write).toEqual({ jobtitle: 'CTO' });
    expect(kept).toEqual([{ property: 'firstname', heldBy: 'web_form' }]);
  });

  it('lets an equal or higher-ranked source overwrite, and takes over the provenance', () => {
    const current = { phone: '+14155550100', [PROVENANCE_PROPERTY]: '{"phone":"help_desk"}' };
    const { write } = applyValueRules(rules, 'web_form', { phone: '+14155550199' }, current);
    expect(write).toEqual({ phone: '+14155550199', [PROVENANCE_PROPERTY]: '{"phone":"web_form"}' });
  });

  it('writes a protected property that is empty, or unchanged, or set by nobody known', () => {
    const current = { firstname: '', phone: '1', [PROVENANCE_PROPERTY]: 'not json' };
    const { write, kept } = applyValueRules(
      rules,
      'enrichment',
      { firstname: 'Robert', phone: '1' },
      current,
    );
    expect(kept).toEqual([]);
    expect(write.firstname).toBe('Robert');
  });

  it('leaves the provenance alone when a lower-ranked source sends the same value', () => {
    const current = { firstname: 'Bob', [PROVENANCE_PROPERTY]: '{"firstname":"web_form"}' };
    const { write, kept } = applyValueRules(rules, 'enrichment', { firstname: 'Bob' }, current);
    expect(kept).toEqual([]);
    expect(write).toEqual({ firstname: 'Bob' });
  });

  it('asks for the current values only when a protected property is written', () => {
    expect(needsCurrentValues(rules, { jobtitle: 'CTO' })).toBe(false);
    expect(needsCurrentValues(rules, { phone: '1' })).toBe(true);
  });
});
