import { describe, expect, it } from 'vitest';
import { formatIssue } from '../../src/contract/index.js';
import { contractError, yaml } from './helpers.js';

describe('contract validation errors', () => {
  it('names the path and line of an unknown field type, with a suggestion and the known types', () => {
    const error = contractError(
      yaml(
        'version: 1',
        'identity:',
        '  preset: person',
        '  fields:',
        '    work_phone: phone',
        '    email: emial',
      ),
    );
    expect(error.code).toBe('contract_invalid');
    expect(error.issues).toHaveLength(1);
    expect(error).toMatchObject({ yamlPath: 'identity.fields.email', line: 6, file: 'lane.yaml' });
    expect(error.message).toBe(
      "lane.yaml: identity.fields.email: unknown field type 'emial' (line 6); did you mean 'email'? " +
        'Known field types: external_id, email, phone, first_name, last_name, full_name, company, domain, ' +
        'website, street, city, postcode, state, country, birth_date, title, string',
    );
  });

  it('suggests the closest defined field for a key that references an undefined one', () => {
    const error = contractError(
      yaml(
        'version: 1',
        'identity:',
        '  preset: person',
        '  keys:',
        '    - external_id',
        '    - { field: emial }',
      ),
    );
    expect(error.issues[0]).toMatchObject({
      code: 'unknown_reference',
      yamlPath: 'identity.keys[1].field',
      line: 6,
    });
    expect(error.message).toBe(
      "lane.yaml: identity.keys[1].field: no field named 'emial' (line 6); did you mean 'email'?",
    );
  });

  it('points a shorthand key at its list item', () => {
    const error = contractError(
      yaml('version: 1', 'identity:', '  preset: company', '  keys:', '    - domian'),
    );
    expect(error.issues[0]).toMatchObject({ yamlPath: 'identity.keys[0]', line: 5 });
    expect(error.message).toContain("no field named 'domian' (line 5); did you mean 'domain'?");
  });

  it('lists the defined fields when no name is close', () => {
    const error = contractError(yaml('version: 1', 'identity:', '  preset: company', '  keys: [vat_number]'));
    expect(error.message).toContain(
      "identity.keys[0]: no field named 'vat_number' (line 4); defined fields: external_id, company, domain",
    );
  });

  it('rejects a typo in a top-level key with a suggestion', () => {
    const error = contractError(yaml('version: 1', 'identity:', '  preset: person', 'descripton: x'));
    expect(error.issues[0]).toMatchObject({ code: 'unknown_key', yamlPath: 'descripton', line: 4 });
    expect(error.message).toBe(
      "lane.yaml: descripton: unknown top-level key 'descripton' (line 4); did you mean 'description'?",
    );
  });

  it('names planned sections that are not supported yet', () => {
    const error = contractError(
      yaml('version: 1', 'identity: { preset: person }', 'owners:', '  fallback: queue'),
    );
    expect(error.message).toBe(
      "lane.yaml: owners: top-level section 'owners' is not supported yet (line 3); " +
        'this version reads: version, lane, name, description, identity, source, target, fields, event_key, values, ' +
        'since, max_creates, dry_run',
    );
  });

  it('rejects a typo in an identity key with a suggestion', () => {
    const error = contractError(
      yaml('version: 1', 'identity:', '  preset: person', '  threshhold: { review: 0.4 }'),
    );
    expect(error.message).toBe(
      "lane.yaml: identity.threshhold: unknown key 'threshhold' (line 4); did you mean 'thresholds'?",
    );
  });

  it('rejects an unknown comparator with a suggestion', () => {
    const error = contractError(
      yaml(
        'version: 1',
        'identity:',
        '  preset: person',
        '  comparisons:',
        '    - field: first_name',
        '      levels:',
        '        - label: close',
        '          comparator: jarowinkler',
        '          min: 0.9',
        '          m: 0.9',
        '          u: 0.1',
        '      else: { m: 0.1, u: 0.9 }',
      ),
    );
    expect(error.issues[0]).toMatchObject({
      yamlPath: 'identity.comparisons[0].levels[0].comparator',
      line: 8,
    });
    expect(error.message).toContain(
      "unknown comparator 'jarowinkler' (line 8); did you mean 'jaro_winkler'? Known comparators: exact, jaro_winkler,",
    );
  });

  it('rejects m outside (0, 1]', () => {
    const error = contractError(
      yaml(
        'version: 1',
        'identity:',
        '  preset: person',
        '  comparisons:',
        '    - field: city',
        '      levels: [{ label: exact, comparator: exact, min: 1, m: 0.9, u: 0.02 }]',
        '      else: { m: 1.2, u: 0.98 }',
      ),
    );
    expect(error.issues[0]).toMatchObject({
      code: 'out_of_range',
      yamlPath: 'identity.comparisons[0].else.m',
      line: 7,
    });
    expect(error.message).toBe(
      'lane.yaml: identity.comparisons[0].else.m: 1.2 is out of range (line 7); must be in (0, 1]',
    );
  });

  it('rejects a review threshold above the match threshold', () => {
    const own = contractError(
      yaml(
        'version: 1',
        'identity:',
        '  preset: person',
        '  thresholds:',
        '    match: 0.8',
        '    review: 0.9',
      ),
    );
    expect(own.message).toBe(
      'lane.yaml: identity.thresholds.review: the review threshold 0.9 is above the match threshold 0.8 (line 6); ' +
        'need 0 < review <= match < 1',
    );
    const inherited = contractError(
      yaml('version: 1', 'identity:', '  preset: person', '  thresholds: { review: 0.999 }'),
    );
    expect(inherited.issues[0]).toMatchObject({ code: 'inconsistent', line: 4 });
    expect(inherited.message).toContain("the review threshold 0.999 is above the preset's match threshold");
  });

  it('reports every problem at once, in file order', () => {
    const error = contractError(
      yaml(
        'version: 1',
        'identity:',
        '  preset: persn',
        '  fields:',
        '    ssn: { type: strng }',
        '  prior: 0',
        '  default_region: us',
        '  threshold: { match: 0.9 }',
        '  blocking:',
        '    - [last_name:dmm]',
      ),
    );
    expect(error.issues.map((i) => [i.yamlPath, i.line])).toEqual([
      ['identity.preset', 3],
      ['identity.fields.ssn.type', 5],
      ['identity.prior', 6],
      ['identity.default_region', 7],
      ['identity.threshold', 8],
      ['identity.blocking[0]', 10],
    ]);
    const lines = error.message.split('\n');
    expect(lines[0]).toBe('lane.yaml: 6 problems in the lane contract');
    expect(lines.slice(1)).toEqual([
      "  - identity.preset: unknown preset 'persn' (line 3); did you mean 'person'? Known presets: person, company",
      expect.stringContaining(
        "  - identity.fields.ssn.type: unknown field type 'strng' (line 5); did you mean 'string'?",
      ),
      '  - identity.prior: 0 is out of range (line 6); must be in (0, 1)',
      "  - identity.default_region: 'us' is not a 2-letter region code (line 7); write 'US'",
      "  - identity.threshold: unknown key 'threshold' (line 8); did you mean 'thresholds'?",
      expect.stringContaining(
        "  - identity.blocking[0]: unknown derivation 'dmm' in 'last_name:dmm' (line 10); did you mean 'last_name:dm'?",
      ),
    ]);
  });

  it('reports several cross-field problems together', () => {
    const error = contractError(
      yaml(
        'version: 1',
        'identity:',
        '  preset: person',
        '  keys: [email, emial]',
        '  comparisons:',
        '    - { field: ssn, remove: true }',
        '  blocking:',
        '    - { name: a, keys: [email] }',
        '    - { name: a, keys: ["frist_name:initial"] }',
        '  thresholds: { review: 0.9999 }',
      ),
    );
    expect(error.issues.map((i) => `${i.code} ${i.yamlPath} @${i.line}`)).toEqual([
      'unknown_reference identity.keys[1] @4',
      'unknown_reference identity.comparisons[0].field @6',
      'unknown_reference identity.blocking[1].keys[0] @9',
      'duplicate identity.blocking[1].name @9',
      'inconsistent identity.thresholds.review @10',
    ]);
    expect(error.message).toContain(
      "identity.blocking[1].keys[0]: no field named 'frist_name' (line 9); did you mean 'first_name'?",
    );
    expect(error.message).toContain("identity.comparisons[0].field: no field named 'ssn' (line 6)");
  });

  it('flags a comparison level that can never be reached', () => {
    const error = contractError(
      yaml(
        'version: 1',
        'identity:',
        '  preset: person',
        '  comparisons:',
        '    - field: city',
        '      levels:',
        '        - { label: similar, comparator: jaro_winkler, min: 0.8, m: 0.1, u: 0.05 }',
        '        - { label: close, comparator: jaro_winkler, min: 0.9, m: 0.8, u: 0.01 }',
        '      else: { m: 0.1, u: 0.94 }',
      ),
    );
    expect(error.issues[0]).toMatchObject({
      code: 'inconsistent',
      yamlPath: 'identity.comparisons[0].levels[1].min',
      line: 8,
    });
    expect(error.message).toContain("level 'close' can never be reached");
  });

  it('says when a removed comparison is not in the preset', () => {
    const error = contractError(
      yaml(
        'version: 1',
        'identity:',
        '  preset: company',
        '  fields: { vat: string }',
        '  comparisons:',
        '    - { field: vat, remove: true }',
      ),
    );
    expect(error.message).toBe(
      "lane.yaml: identity.comparisons[0].field: no comparison for 'vat' to remove (line 6); preset 'company' has none",
    );
  });

  it('rejects an unsupported version and a missing identity section', () => {
    const error = contractError(yaml('version: 2', 'name: x'));
    expect(error.issues.map(formatIssue)).toEqual([
      'version: unsupported contract version 2 (line 1); this Lanekeeper reads version 1',
      "missing 'identity' (line 1)",
    ]);
  });

  it('rejects a document that is not a map', () => {
    const error = contractError(yaml('- version: 1'));
    expect(error.message).toBe(
      "lane.yaml: the contract must be a map, got a list (line 1); start with 'version: 1' and 'identity:'",
    );
  });
});
