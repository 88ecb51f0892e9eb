import { describe, expect, it } from 'vitest';
import { formatIssue, parseContract } from '../../src/contract/index.js';
import { parseCreateLimit } from '../../src/policy/create-limit.js';
import { sinceVerdict, timeOf, type SinceRule } from '../../src/policy/since-filter.js';
import { contractError, yaml } from './helpers.js';

const LANE = [
  'version: 1',
  'lane: web-form-to-hubspot-contacts',
  'identity: { preset: person }',
  'source: { system: web_form }',
  'target: { system: hubspot, object: contacts, mode: upsert }',
  'fields:',
  '  email: { property: email, identity: email }',
  '  submitted_at: { required: true }',
];

describe('go-live keys of the lane contract', () => {
  it('reads since and max_creates', () => {
    const contract = parseContract(
      yaml(...LANE, 'since: { date: 2025-01-01, field: submitted_at }', 'max_creates: 200 per hour'),
      'lane.yaml',
    );
    expect(contract.flow?.since).toEqual({
      date: '2025-01-01',
      epochMs: Date.parse('2025-01-01T00:00:00Z'),
      field: 'submitted_at',
      undated: 'skip',
    });
    expect(contract.flow?.maxCreates).toEqual({ max: 200, per: 'hour', windowMs: 3_600_000 });
    const sync = parseContract(
      yaml(
        ...LANE,
        'since:',
        "  date: '2025-03-01T12:00:00+02:00'",
        '  field: submitted_at',
        '  undated: sync',
      ),
      'lane.yaml',
    );
    expect(sync.flow?.since).toMatchObject({ epochMs: Date.parse('2025-03-01T10:00:00Z'), undated: 'sync' });
    expect(parseContract(yaml(...LANE), 'lane.yaml').flow?.since).toBeUndefined();
  });

  it('points at the line of a bad date, an unknown field, a bad limit and a bad undated action', () => {
    const error = contractError(
      yaml(
        ...LANE,
        'since:',
        '  date: 01/02/2025',
        '  field: submited_at',
        '  undated: review',
        'max_creates: 200 an hour',
      ),
    );
    const lines = error.issues.map((issue) => formatIssue(issue));
    expect(lines).toEqual([
      expect.stringMatching(/^since\.date: '01\/02\/2025' is not a date \(line 10\); write an ISO-8601 date/),
      expect.stringMatching(
        /^since\.undated: unknown undated action 'review' \(line 12\); known undated actions: skip, sync/,
      ),
      expect.stringMatching(
        /^max_creates: '200 an hour' is not a create limit \(line 13\); write '<N> per minute'/,
      ),
    ]);
    const field = contractError(yaml(...LANE, 'since: { date: 2025-01-01, field: submited_at }'));
    expect(formatIssue(field.issues[0]!)).toMatch(
      /^since\.field: no payload field named 'submited_at' \(line 9\); did you mean 'submitted_at'\?/,
    );
  });

  it('needs the rest of the lane once a go-live key is given', () => {
    const error = contractError(yaml('version: 1', 'identity: { preset: person }', 'max_creates: 5 per day'));
    expect(error.message).toMatch(/missing 'lane'/);
  });
});

describe('create limits', () => {
  it('parses N per minute, hour or day', () => {
    expect(parseCreateLimit('1 per minute')).toEqual({
      ok: true,
      limit: { max: 1, per: 'minute', windowMs: 60_000 },
    });
    expect(parseCreateLimit(' 5000  per days ')).toMatchObject({ ok: true, limit: { per: 'day' } });
    expect(parseCreateLimit('0 per hour')).toMatchObject({ ok: false, hint: /update_only/ });
    expect(parseCreateLimit('10 per week')).toMatchObject({
      ok: false,
      message: "unknown unit 'week' in '10 per week'",
    });
    expect(parseCreateLimit('ten per hour')).toMatchObject({ ok: false });
  });
});

describe('since', () => {
  const rule: SinceRule = {
    date: '2025-01-01',
    epochMs: Date.parse('2025-01-01T00:00:00Z'),
    field: 'updated_at',
    undated: 'skip',
  };

  it('reads ISO dates and date-times, epoch seconds and milliseconds', () => {
    expect(timeOf('2025-01-01')).toBe(rule.epochMs);
    expect(timeOf('2025-01-01T01:00:00+01:00')).toBe(rule.epochMs);
    expect(timeOf('2025-01-01 00:00:00')).toBe(rule.epochMs);
    expect(timeOf(1735689600)).toBe(rule.epochMs);
    expect(timeOf('1735689600000')).toBe(rule.epochMs);
    for (const bad of ['', 'yesterday', '2025-13-45', '01/02/2025', null, undefined, true, -5])
      expect(timeOf(bad)).toBeUndefined();
  });

  it('syncs at and after the date, skips before it, and treats undated records as the rule says', () => {
    expect(sinceVerdict(rule, { updated_at: '2025-01-01T00:00:00Z' })).toEqual({ sync: true });
    expect(sinceVerdict(rule, { updated_at: '2024-12-31T23:59:59.999Z' })).toMatchObject({
      sync: false,
      rule: 'block:since',
    });
    expect(sinceVerdict(rule, {})).toMatchObject({ sync: false, rule: 'block:since_undated' });
    expect(sinceVerdict({ ...rule, undated: 'sync' }, { updated_at: 'n/a' })).toEqual({ sync: true });
  });
});
