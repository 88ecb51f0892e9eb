import { describe, expect, it } from 'vitest';
import { formatIssue, loadContract, parseContract } from '../../src/contract/index.js';
import { contractError, yaml } from './helpers.js';

/** A valid lane contract; tests replace lines of it. */
const LANE = [
  'version: 1',
  'lane: web-form-to-hubspot-contacts',
  'identity: { preset: person }',
  'source:',
  '  system: web_form',
  '  id_field: submission_id',
  'target:',
  '  system: hubspot',
  '  object: contacts',
  '  mode: upsert',
  'fields:',
  '  email: { property: email, identity: email }',
  '  first_name: { property: firstname, identity: first_name, required: true }',
  '  phone: phone',
  '  submitted_at: { required: true }',
  'event_key: [email, submitted_at]',
  'values:',
  '  precedence: [web_form, help_desk]',
  '  protected: [firstname]',
];

function lane(replace: Record<number, string | null> = {}, extra: string[] = []): string {
  const lines = LANE.flatMap((line, i) => {
    const r = replace[i + 1];
    return r === undefined ? [line] : r === null ? [] : [r];
  });
  return yaml(...lines, ...extra);
}

describe('lane contract sections', () => {
  it('reads source, target, fields, event key and values', () => {
    const contract = parseContract(lane(), 'lane.yaml');
    expect(contract.flow).toEqual({
      source: { system: 'web_form', idField: 'submission_id' },
      target: { system: 'hubspot', object: 'contacts', mode: 'upsert' },
      fields: [
        { name: 'email', property: 'email', identity: 'email', required: false },
        { name: 'first_name', property: 'firstname', identity: 'first_name', required: true },
        { name: 'phone', property: 'phone', required: false },
        { name: 'submitted_at', required: true },
      ],
      eventKey: ['email', 'submitted_at'],
      values: {
        precedence: ['web_form', 'help_desk'],
        protected: ['firstname'],
        existingValues: 'fill_empty',
      },
      dryRun: false,
    });
    expect(Object.isFrozen(contract.flow?.fields[0])).toBe(true);
  });

  it('reads dry_run, and refuses a value that is not true or false with its line', () => {
    expect(parseContract(lane({}, ['dry_run: true']), 'lane.yaml').flow?.dryRun).toBe(true);
    const error = contractError(lane({}, ['dry_run: yes please']));
    expect(error.message).toContain('dry_run');
    expect(error.message).toContain('line 20');
  });

  it('leaves an identity-only contract without a flow', () => {
    expect(parseContract(yaml('version: 1', 'identity: { preset: person }'), 'x.yaml').flow).toBeNull();
  });

  it('loads the three example lanes with one set of identity rules', async () => {
    const names = ['web-form', 'help-desk', 'enrichment'];
    const contracts = await Promise.all(
      names.map((n) => loadContract(`examples/lanes/${n}-to-hubspot-contacts.yaml`)),
    );
    expect(contracts.map((c) => c.flow?.target.mode)).toEqual(['upsert', 'upsert', 'update_only']);
    expect(contracts.map((c) => c.flow?.source.system)).toEqual(['web_form', 'help_desk', 'enrichment']);
    const rules = contracts.map((c) => JSON.stringify(c.identity));
    expect(new Set(rules).size).toBe(1);
  });

  it('rejects an unknown lane mode with a suggestion', () => {
    const error = contractError(lane({ 10: '  mode: upsret' }));
    expect(error.message).toBe(
      "lane.yaml: target.mode: unknown lane mode 'upsret' (line 10); did you mean 'upsert'? " +
        'Known lane modes: upsert, update_only, create_only',
    );
  });

  it('reads existing_values, and names an unknown mode with its line', () => {
    const keep = parseContract(lane({}, ['  existing_values: keep']), 'lane.yaml');
    expect(keep.flow?.values.existingValues).toBe('keep');
    const error = contractError(lane({}, ['  existing_values: fill_emtpy']));
    expect(error.message).toBe(
      "lane.yaml: values.existing_values: unknown existing-values mode 'fill_emtpy' (line 20); " +
        "did you mean 'fill_empty'? Known existing-values modes: keep, fill_empty, overwrite",
    );
  });

  it('names an identity field the identity rules do not have', () => {
    const error = contractError(lane({ 12: '  email: { property: email, identity: emial }' }));
    expect(error.issues[0]).toMatchObject({
      code: 'unknown_reference',
      yamlPath: 'fields.email.identity',
      line: 12,
    });
    expect(error.message).toContain("no identity field named 'emial' (line 12); did you mean 'email'?");
  });

  it('refuses two payload fields writing one target property', () => {
    const error = contractError(lane({ 14: '  phone: email' }));
    expect(error.issues.map(formatIssue)).toEqual([
      "fields.phone: target property 'email' is written by 'email' already (line 14); " +
        'one payload field per target property',
    ]);
  });

  it('checks the event key, precedence and protected properties against the lane', () => {
    const error = contractError(
      lane({
        16: 'event_key: [email, submited_at]',
        18: '  precedence: [help_desk, help_desk]',
        19: '  protected: [lastname]',
      }),
    );
    expect(error.issues.map(formatIssue)).toEqual([
      "event_key[1]: no payload field named 'submited_at' (line 16); did you mean 'submitted_at'?",
      "values.precedence[1]: source 'help_desk' is ranked twice (line 18); rank each source once",
      "values.precedence: the lane's own source 'web_form' is not ranked (line 18); add 'web_form' to the list, highest rank first",
      "values.protected[0]: no target property named 'lastname' (line 19); did you mean 'firstname'?",
    ]);
  });

  it('needs lane, source, target and fields together', () => {
    const error = contractError(lane({ 2: null, 7: null, 8: null, 9: null, 10: null }));
    expect(error.issues.map(formatIssue)).toEqual([
      "missing 'lane' (line 1); a lane that writes needs a name, e.g. lane: web-form-to-hubspot-contacts",
      "missing 'target' (line 1); a lane that writes needs lane, source, target and fields",
    ]);
  });

  it('names a missing target object and a field with nothing to do', () => {
    const error = contractError(lane({ 9: null, 15: '  submitted_at: {}' }));
    expect(error.issues.map(formatIssue)).toEqual([
      "target: missing 'object' (line 7)",
      "fields.submitted_at: a field needs a target property, an identity field, or required: true (line 14); add 'property: <target property>', 'identity: <identity field>' or 'required: true'",
    ]);
  });

  it('asks for at least one identity field', () => {
    const error = contractError(
      lane({ 12: '  email: email', 13: '  first_name: firstname', 16: 'event_key: [email]', 19: null }),
    );
    expect(error.issues.map(formatIssue)).toEqual([
      'fields: no field feeds the identity rules (line 11); give at least one field an identity, e.g. email: { property: email, identity: email }',
    ]);
  });

  it('rejects a system name in capitals and an unknown key in a section', () => {
    const error = contractError(lane({ 5: '  system: WebForm', 6: '  idfield: submission_id' }));
    expect(error.issues.map(formatIssue)).toEqual([
      "source.system: 'WebForm' is not a system name (line 5); write 'webform'",
      "source.idfield: unknown key 'idfield' (line 6); did you mean 'id_field'?",
    ]);
  });
});
