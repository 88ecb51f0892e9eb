import { afterAll, describe, expect, it } from 'vitest';
import { runImportBench } from '../../bench/import/run-import-bench.js';
import { scoreImport } from '../../bench/import/score-import.js';
import { importWorkload, IMPORT_PROPERTIES, type ImportField } from '../../bench/import/workload.js';
import type { TargetRecord } from '../../src/connectors/target-connector.js';
import { countOverwritten } from '../../src/demo/count-overwritten.js';
import { gateBackends } from '../gate/backends.js';

describe('overwritten values', () => {
  const before: TargetRecord[] = [
    {
      id: '1',
      properties: {
        email: 'robert.smith@acmecorp.com',
        firstname: 'Robert',
        phone: '+14155550100',
        jobtitle: '',
        hs_additional_emails: 'bob@home.net',
        lastmodifieddate: '2020-01-01T00:00:00Z',
      },
    },
    { id: '2', properties: { firstname: 'Ann', company: 'Initech' } },
    { id: '3', properties: { firstname: 'Gone' } },
  ];

  it('counts every value a record held that it no longer holds, reformatting and clearing included', () => {
    const after: TargetRecord[] = [
      {
        id: '1',
        properties: {
          email: 'Robert.Smith@acmecorp.com',
          firstname: 'Bob',
          phone: '(415) 555-0100',
          jobtitle: 'CFO',
          hs_additional_emails: 'bob@home.net;bob.smith@gmail.com',
          lastmodifieddate: '2026-01-01T00:00:00Z',
        },
      },
      { id: '2', properties: { firstname: 'Ann', company: null } },
      { id: '4', properties: { firstname: 'New' } },
    ];
    expect(countOverwritten(before, after)).toEqual([
      { record: '1', property: 'firstname', before: 'Robert', after: 'Bob' },
      { record: '1', property: 'phone', before: '+14155550100', after: '(415) 555-0100' },
      { record: '2', property: 'company', before: 'Initech', after: null },
      { record: '3', property: 'firstname', before: 'Gone', after: null },
    ]);
  });

  it('counts nothing when every value is kept and only empty ones were filled', () => {
    const after = before.map((r) => ({
      ...r,
      properties: { ...r.properties, jobtitle: 'CFO', city: 'Reno' },
    }));
    expect(countOverwritten(before, after)).toEqual([]);
    const dropped = [{ id: '1', properties: { ...before[0]!.properties, hs_additional_emails: 'x@y.z' } }];
    expect(countOverwritten([before[0]!], dropped).map((v) => v.property)).toEqual(['hs_additional_emails']);
  });
});

describe('scoring an import against the ground truth', () => {
  it('counts the duplicates and false merges the import added, overwritten values and calls per row', () => {
    const before: (TargetRecord & { person: number })[] = [
      { id: '1', person: 1, properties: { email: 'ann@a.io', firstname: 'Ann' } },
      { id: '2', person: 2, properties: { email: 'bo@b.io' } },
      // Already a duplicate of person 2 before the import: not the import's doing.
      { id: '3', person: 2, properties: { phone: '+15550002' } },
    ];
    const after: TargetRecord[] = [
      { id: '1', properties: { email: 'ann@a.io', firstname: 'Annie' } },
      { id: '2', properties: { email: 'bo@b.io', jobtitle: 'CFO' } },
      { id: '3', properties: { phone: '+15550002' } },
      { id: '4', properties: { email: 'ann@home.net' } },
      { id: '5', properties: { email: 'cy@c.io' } },
      { id: '6', properties: { email: 'cy@c.io.lost' } },
    ];
    const score = scoreImport({
      before,
      after,
      writes: [
        { person: 1, targetId: '1', properties: { firstname: 'Annie' } },
        { person: 1, targetId: '4', properties: { email: 'ann@home.net' } },
        { person: 3, targetId: '2', properties: { jobtitle: 'CFO' } },
        { person: 4, targetId: '5', properties: { email: 'cy@c.io' } },
        { person: 5, properties: { email: 'dee@d.io' } },
      ],
      apiCalls: 9,
      seconds: 1.234,
    });
    // Record 4 is Ann's second record; record 6 no row can be traced to.
    expect(score.figures).toEqual({
      duplicates: 2,
      false_merges: 1,
      overwritten: 1,
      api_calls_per_record: 1.8,
      seconds: 1.23,
    });
    expect(score.sync.after.mergedRecords).toEqual([{ record: '2', people: [2, 3] }]);
  });
});

describe('import workload', () => {
  const workload = importWorkload({ existing: 400, incoming: 200, seed: 3 });

  it('is the same for the same seed, with the requested shares', () => {
    expect(importWorkload({ existing: 400, incoming: 200, seed: 3 })).toEqual(workload);
    expect(workload.existing).toHaveLength(400);
    expect(workload.rows).toHaveLength(200);
    const kinds = workload.rows.map((r) => r.kind);
    expect(kinds.filter((k) => k === 'existing')).toHaveLength(40);
    expect(kinds.filter((k) => k === 'repeat')).toHaveLength(20);
    const emails = workload.existing.flatMap((c) =>
      c.properties.email === undefined ? [] : [c.properties.email],
    );
    expect(new Set(emails.map((e) => e.toLowerCase())).size).toBe(emails.length);
  });

  it('gives each known or repeated person one drift from what the CRM or the first row holds', () => {
    const held = new Map(workload.existing.map((c) => [c.person, c.properties]));
    const firstRows = new Map(
      workload.rows.filter((r) => r.kind === 'new').map((r) => [r.person, r.payload]),
    );
    const property: Record<string, ImportField> = {
      email: 'email',
      nickname: 'first_name',
      phone_format: 'phone',
      company_suffix: 'company',
    };
    const drifts = new Set<string>();
    for (const row of workload.rows) {
      if (row.kind === 'new') {
        expect(held.has(row.person)).toBe(false);
        continue;
      }
      drifts.add(row.drift!);
      const field = property[row.drift!]!;
      const base =
        row.kind === 'existing'
          ? (name: ImportField) => held.get(row.person)![IMPORT_PROPERTIES[name]]
          : (name: ImportField) => firstRows.get(row.person)![name];
      expect(row.payload[field]).not.toBe(base(field));
      expect(row.payload[field]).toBeTruthy();
      for (const other of ['last_name', 'job_title'] as const) expect(row.payload[other]).toBe(base(other));
    }
    expect([...drifts].sort()).toEqual(['company_suffix', 'email', 'nickname', 'phone_format']);
  });
});

const backends = await gateBackends('bench-import');
afterAll(async () => {
  for (const b of backends) await b.cleanup();
});

describe.each(backends)('bench:import end to end (tiny, $name)', (backend) => {
  it('plays one file through both imports and counts them', async () => {
    const result = await runImportBench({
      existing: 300,
      incoming: 100,
      seed: 2,
      limits: 'none',
      workers: 2,
      store: backend.name,
      openStore: () => backend.open(),
      indexingDelayMs: 200,
    });
    const keys = ['api_calls_per_record', 'duplicates', 'false_merges', 'overwritten', 'seconds'];
    expect(Object.keys(result.naive).sort()).toEqual(keys);
    expect(Object.keys(result.lanekeeper).sort()).toEqual(keys);
    // The naive import looks every row up and then writes it: two calls a row.
    expect(result.naive.api_calls_per_record).toBeCloseTo(2, 1);
    expect(result.naive.duplicates).toBeGreaterThan(0);
    expect(result.naive.overwritten).toBeGreaterThan(0);
    // Lanekeeper indexes the contacts already there first: it overwrites none of their values. (A repeated
    // person whose rows share only the name, with two emails, may stay two records: the identity rules see
    // two namesakes; the bench counts them against the ground truth.)
    expect(result.lanekeeper).toMatchObject({ false_merges: 0, overwritten: 0 });
    expect(result.lanekeeper.duplicates).toBeLessThan(result.naive.duplicates);
    expect(result.lanekeeper.api_calls_per_record).toBeLessThan(result.naive.api_calls_per_record);
    // Three pages of 100, then the first refresh (latest change, records changed since, archived ones).
    expect(result.details.index_load).toMatchObject({ records: 300, rate_limited: 0 });
    expect(result.details.index_load.api_calls).toBeGreaterThanOrEqual(3);
    expect(result.details.index_load.api_calls).toBeLessThanOrEqual(8);
    expect(Object.values(result.details.lanekeeper_outcomes).reduce((a, b) => a + b, 0)).toBe(100);
  });
});
