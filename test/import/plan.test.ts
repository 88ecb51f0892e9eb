import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { main } from '../../src/cli/main.js';
import type { ImportSummary } from '../../src/import/run-import.js';
import type { PlanSummary } from '../../src/plan/run-plan.js';
import { hubspot } from '../gate/gate-fixture.js';
import { payloadColumns } from '../../src/import/payload-columns.js';
import { EXPORT_CSV, seedCrm, webFormLane, WEB_FORM } from './import-fixture.js';

const root = resolve(import.meta.dirname, '../..');
const ENV = {
  LK_WEB_TOKEN: 'web-token-0123456789abcdef',
  LK_OPERATOR_TOKEN: 'operator-token-0123456789abcdef',
};

async function run(args: string[]): Promise<{ code: number; stdout: string }> {
  const out: string[] = [];
  const spy = vi.spyOn(process.stdout, 'write').mockImplementation((s) => (out.push(String(s)), true));
  vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
  try {
    const code = await main(args);
    return { code, stdout: out.join('') };
  } finally {
    spy.mockRestore();
  }
}

describe('lanekeeper plan', () => {
  const dirs: string[] = [];
  afterEach(async () => {
    vi.restoreAllMocks();
    for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true });
  });

  it("predicts the dry run's counts, writes nothing, and keeps values out of --json", async () => {
    const dir = await mkdtemp(join(tmpdir(), 'lanekeeper-plan-test-'));
    dirs.push(dir);
    const hub = await hubspot();
    try {
      await seedCrm(hub.connector);
      const before = hub.emulator.records('contacts');
      const file = join(dir, 'export.csv');
      await writeFile(file, `${EXPORT_CSV}\n`);
      const config = join(dir, 'lanekeeper.yaml');
      await writeFile(
        config,
        [
          'version: 1',
          'store: { sqlite: state.db }',
          `systems: { hubspot: { kind: hubspot, base_url: "${hub.emulator.url}", token_env: LK_HUBSPOT_TOKEN } }`,
          'lanes:',
          `  ${WEB_FORM}: { contract: "${join(root, 'examples/lanes/web-form-to-hubspot-contacts.yaml')}", token_env: LK_WEB_TOKEN, user: importer }`,
          'operators: { token_env: LK_OPERATOR_TOKEN }',
        ].join('\n'),
      );
      vi.stubEnv('LK_HUBSPOT_TOKEN', hub.emulator.token);
      for (const [k, v] of Object.entries(ENV)) vi.stubEnv(k, v);

      const out = join(dir, 'plan-out');
      const planned = await run([
        'plan',
        '--config',
        config,
        '--lane',
        WEB_FORM,
        '--out',
        out,
        '--json',
        file,
      ]);
      expect(planned.code).toBe(0);
      const plan = JSON.parse(planned.stdout) as PlanSummary;
      // Nothing written: neither the CRM nor the gateway's own state store.
      expect(hub.emulator.records('contacts')).toEqual(before);
      expect(existsSync(join(dir, 'state.db'))).toBe(false);

      expect(plan.sourceDuplicates).toMatchObject({ records: 8, redundantRecords: 1 }); // Carol twice
      expect(plan.anchor).toMatchObject({ field: null, missing: 8 }); // the web form lane has no source id
      expect(plan.problems).toEqual([
        { line: 8, path: 'payload.first_name', message: 'required by the lane contract' },
      ]);
      expect(plan.conflicts.byProperty).toEqual([
        expect.objectContaining({ property: 'company', conflicts: 1 }),
      ]);
      expect(planned.stdout).not.toContain('Acme Corporation');
      const report = readFileSync(join(out, 'report.html'), 'utf8');
      expect(report).toContain('Acme Corporation');
      expect(readFileSync(join(out, 'plan.json'), 'utf8')).toContain('Acme Corporation');

      const dry = await run(['import', '--config', config, '--lane', WEB_FORM, '--dry-run', '--json', file]);
      expect(dry.code).toBe(1); // one bad row
      const dryRun = JSON.parse(dry.stdout) as ImportSummary;
      expect(dryRun.dryRun).toBe(true);
      const { rows, created, updated, unchanged, review, blocked, deadLetters, badRows, repeated } = dryRun;
      expect(plan.prediction).toEqual({
        rows,
        created,
        updated,
        unchanged,
        review,
        blocked,
        deadLetters,
        badRows,
        repeated,
      });
      expect(hub.emulator.records('contacts')).toEqual(before);
    } finally {
      await hub.emulator.close();
    }
  }, 60_000);
});

describe('import column mapping', () => {
  it('refuses a file without a column for a required field before anything is submitted, naming the field', async () => {
    const flow = (await webFormLane(false)).flow!;
    const columns = ['Email', 'First Name', 'last_name', 'form_id', 'Submitted At'];
    expect(() => payloadColumns(flow, columns.slice(0, 4), {}, 'x.csv')).toThrow(
      'no column feeds the required payload field submitted_at',
    );
    const mapped = payloadColumns(flow, columns, { email: 'Email' }, 'x.csv');
    expect(Object.fromEntries(mapped)).toEqual({
      email: 'Email',
      first_name: 'First Name',
      last_name: 'last_name',
      form_id: 'form_id',
      submitted_at: 'Submitted At',
    });
    expect(() => payloadColumns(flow, columns, { emial: 'Email' }, 'x.csv')).toThrow(
      "no payload field 'emial'",
    );
  });
});
