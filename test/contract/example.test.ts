import { describe, expect, it } from 'vitest';
import { loadContract } from '../../src/contract/index.js';
import { PRESETS } from '../../src/identity/presets/index.js';

describe('examples/contracts/person.yaml', () => {
  it('loads cleanly and overrides the person preset', async () => {
    const contract = await loadContract('examples/contracts/person.yaml');
    const rules = contract.identity;
    expect(contract.presetName).toBe('person');
    expect(contract.name).toBe('Zendesk users → Salesforce Contacts');
    expect(rules.entity).toBe('person');
    expect(rules.fields.map((f) => f.name)).toEqual([
      ...PRESETS.person.fields.map((f) => f.name),
      'zendesk_id',
      'work_phone',
      'crm_id',
    ]);
    expect(rules.keys).toEqual([
      { field: 'zendesk_id', unique: true },
      { field: 'crm_id', unique: true },
      { field: 'email' },
      { field: 'work_phone' },
    ]);
    const byField = new Map(rules.comparisons.map((c) => [c.field, c]));
    expect(byField.has('title')).toBe(false);
    expect(byField.get('first_name')?.levels.map((l) => l.label)).toEqual(['exact', 'variant']);
    expect(byField.get('last_name')).toEqual(PRESETS.person.comparisons.find((c) => c.field === 'last_name'));
    expect(rules.comparisons.at(-1)?.field).toBe('work_phone');
    expect(rules.blocking.map((b) => b.name)).toEqual([
      'email',
      'work_phone',
      'last_name:dm+first_name:initial',
    ]);
    expect(rules.thresholds).toEqual({ match: PRESETS.person.thresholds.match, review: 0.6 });
    expect(rules.guards.sharedKeyMaxOwners).toBe(3);
    expect(rules.guards.nameConflict).toBe(PRESETS.person.guards.nameConflict);
    expect(rules.defaultRegion).toBe('GB');
    expect(Object.isFrozen(rules)).toBe(true);
    expect(Object.isFrozen(rules.comparisons[0]?.levels)).toBe(true);
  });
});
