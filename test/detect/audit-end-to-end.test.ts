import { mkdtemp, readFile, readdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'csv-parse/sync';
import { runAudit } from '../../src/detect/run-audit.js';
import { PRESETS } from '../../src/identity/presets/index.js';
import { InputError } from '../../src/io/input-error.js';

const fixture = new URL('../fixtures/crm-export.csv', import.meta.url).pathname;

async function audit(file: string) {
  const outDir = await mkdtemp(join(tmpdir(), 'lk-audit-'));
  const result = await runAudit({
    plan: { files: [file], explicit: {}, extraStrings: [] },
    rules: PRESETS.person,
    presetName: 'person',
    contractFile: null,
    outDir,
  });
  return { ...result, outDir };
}

describe('lanekeeper audit, end to end', () => {
  it('finds the expected clusters in a small CRM export and explains them', async () => {
    const { summary, outDir } = await audit(fixture);
    const rows = parse(await readFile(join(outDir, 'clusters.csv')), { columns: true }) as Record<
      string,
      string
    >[];
    const cluster = new Map(rows.map((r) => [r['record_id']!, r['cluster_id']!]));
    const decision = new Map(rows.map((r) => [r['record_id']!, r['decision']!]));
    const together = (...ids: string[]) => new Set(ids.map((id) => cluster.get(id))).size === 1;

    expect(together('a1', 'a2', 'a3')).toBe(true);
    expect(together('d1', 'd2')).toBe(true);
    expect(together('e1', 'e2')).toBe(true);
    expect(together('b1', 'b2')).toBe(false);
    expect(decision.get('b1')).toBe('review');
    expect(together('c1', 'c2')).toBe(false);
    expect(decision.get('f1')).toBe('unique');
    expect(summary.counts).toMatchObject({ records: 12, duplicateClusters: 3, redundantRecords: 4 });
    expect(summary.columns.mapped.map((m) => `${m.field}<-${m.column}`)).toEqual(
      expect.arrayContaining(['email<-Email', 'company<-Account.Name', 'city<-MailingCity']),
    );

    const pairs = parse(await readFile(join(outDir, 'pairs.csv')), { columns: true }) as Record<
      string,
      string
    >[];
    const family = pairs.find((p) => [p['record_a'], p['record_b']].sort().join() === 'b1,b2');
    expect(family).toMatchObject({ decision: 'review', rule: 'key:email' });
    expect(family?.['guards']).toContain('name_conflict');

    const plan = JSON.parse(await readFile(join(outDir, 'merge-plan.json'), 'utf8'));
    const smith = plan.clusters.find((c: { records: string[] }) => c.records.includes('a1'));
    expect(smith.survivor).toBe('a2');
    expect(smith.fields.first_name.value).toBe('Robert');

    const html = await readFile(join(outDir, 'report.html'), 'utf8');
    expect(html).toContain('<svg');
    expect(html).toContain('a2');
  });

  it('stops at a malformed row with file and line, and leaves no output that looks complete', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'lk-bad-'));
    const bad = join(dir, 'bad.csv');
    await writeFile(bad, 'Id,Email,First Name\n1,a@x.com,Ann\n2,"b@x.com,Bo\n');
    const outDir = join(dir, 'out');
    const run = runAudit({
      plan: { files: [bad], explicit: {}, extraStrings: [] },
      rules: PRESETS.person,
      presetName: 'person',
      contractFile: null,
      outDir,
    });
    await expect(run).rejects.toBeInstanceOf(InputError);
    await expect(run).rejects.toThrow(/bad\.csv:3/);
    const left = await readdir(outDir).catch(() => []);
    expect(left).toEqual([]);
  });

  it('refuses a --map to a column that does not exist, naming the closest one', async () => {
    const run = runAudit({
      plan: { files: [fixture], explicit: { email: 'Emial' }, extraStrings: [] },
      rules: PRESETS.person,
      presetName: 'person',
      contractFile: null,
      outDir: null,
    });
    await expect(run).rejects.toThrow(/Emial.*did you mean "Email"/);
  });
});
