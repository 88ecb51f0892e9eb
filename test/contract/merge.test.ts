import { describe, expect, it } from 'vitest';
import { parseContract } from '../../src/contract/index.js';
import { PRESETS } from '../../src/identity/presets/index.js';
import type { IdentityRules } from '../../src/identity/rules.js';
import { contractError, yaml } from './helpers.js';

const person = PRESETS.person;

function identity(...lines: string[]): IdentityRules {
  return parseContract(yaml('version: 1', 'identity:', ...lines), 'lane.yaml').identity;
}

describe('preset overrides', () => {
  it('a bare preset resolves to the preset itself', () => {
    const contract = parseContract(yaml('version: 1', 'identity:', '  preset: company'), 'lane.yaml');
    expect(contract.presetName).toBe('company');
    expect(contract.identity).toEqual(PRESETS.company);
    expect(contract.identity).not.toBe(PRESETS.company);
  });

  it('merges a partial thresholds section over the preset', () => {
    const rules = identity('  preset: person', '  thresholds: { review: 0.4 }');
    expect(rules.thresholds).toEqual({ match: person.thresholds.match, review: 0.4 });
    expect(rules.keys).toEqual(person.keys);
  });

  it('maps snake_case guards and em onto the preset', () => {
    const rules = identity(
      '  preset: person',
      '  guards: { max_cluster_size: 10 }',
      '  em: { enabled: false }',
    );
    expect(rules.guards).toEqual({ ...person.guards, maxClusterSize: 10 });
    expect(rules.em).toEqual({ ...person.em, enabled: false });
  });

  it('overrides a field type in place and appends new fields', () => {
    const rules = identity('  preset: person', '  fields:', '    title: string', '    ssn: { type: string }');
    expect(rules.fields.find((f) => f.name === 'title')?.type).toBe('string');
    expect(rules.fields.at(-1)).toEqual({ name: 'ssn', type: 'string' });
    expect(rules.fields).toHaveLength(person.fields.length + 1);
  });

  it('replaces comparisons per field and removes one with remove: true', () => {
    const rules = identity(
      '  preset: person',
      '  comparisons:',
      '    - { field: company, remove: true }',
      '    - field: email',
      '      levels: [{ label: exact, comparator: exact, min: 1, m: 0.9, u: 0.001 }]',
      '      else: { m: 0.1, u: 0.999 }',
    );
    const fields = rules.comparisons.map((c) => c.field);
    expect(fields).toEqual(person.comparisons.map((c) => c.field).filter((f) => f !== 'company'));
    expect(rules.comparisons[0]?.levels).toEqual([
      { label: 'exact', comparator: 'exact', min: 1, m: 0.9, u: 0.001 },
    ]);
  });

  it('replaces keys and blocking, deriving names of bare blocking lists', () => {
    const rules = identity(
      '  preset: person',
      '  keys: [email, { field: external_id, unique: true }]',
      '  blocking:',
      '    - { name: mail, keys: [email] }',
      '    - [last_name:dm, first_name:initial]',
    );
    expect(rules.keys).toEqual([{ field: 'email' }, { field: 'external_id', unique: true }]);
    expect(rules.blocking).toEqual([
      { name: 'mail', keys: ['email'] },
      { name: 'last_name:dm+first_name:initial', keys: ['last_name:dm', 'first_name:initial'] },
    ]);
  });

  it('accepts a complete contract without a preset', () => {
    const rules = identity(
      '  entity: person',
      '  fields: { email: email, name: full_name }',
      '  keys: [email]',
      '  comparisons:',
      '    - field: name',
      '      levels: [{ label: close, comparator: jaro_winkler, min: 0.9, m: 0.9, u: 0.05 }]',
      '      else: { m: 0.1, u: 0.95 }',
      '  blocking: [[name:first3]]',
      '  prior: 0.001',
      '  thresholds: { match: 0.9, review: 0.5 }',
      '  guards: { role_addresses_are_not_keys: true, shared_key_max_owners: 2, name_conflict: true, birth_date_conflict: false, max_cluster_size: 20 }',
      '  em: { enabled: false, estimate_m: false, max_iterations: 10, sample_size: 1000 }',
      '  email_provider_rules: []',
      '  default_region: DE',
    );
    expect(rules.entity).toBe('person');
    expect(rules.blocking).toEqual([{ name: 'name:first3', keys: ['name:first3'] }]);
    expect(rules.guards.birthDateConflict).toBe(false);
  });

  it('without a preset, names every missing part', () => {
    const error = contractError(
      yaml(
        'version: 1',
        'identity:',
        '  fields: { email: email }',
        '  keys: [email]',
        '  thresholds: { match: 0.9 }',
      ),
    );
    const messages = error.issues.map((i) => `${i.yamlPath} ${i.message} @${i.line}`);
    expect(messages).toContain("identity missing 'entity' @2");
    expect(messages).toContain("identity missing 'guards' @2");
    expect(messages).toContain("identity.thresholds missing 'review' @5");
    expect(error.message).toContain("required when no preset is given (or set 'preset: person')");
  });
});
