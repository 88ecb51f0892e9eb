import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { main } from '../../src/cli/main.js';
import type { DemoResult } from '../../src/demo/run-demo.js';

const dir = await mkdtemp(join(tmpdir(), 'lk-demo-test-'));
afterAll(() => rm(dir, { recursive: true, force: true }));
afterEach(() => vi.restoreAllMocks());

describe('lanekeeper demo', () => {
  it('shows duplicates and false merges for the naive sync and none for the gate (empty CRM)', async () => {
    const out: string[] = [];
    vi.spyOn(process.stdout, 'write').mockImplementation((s) => (out.push(String(s)), true));
    expect(await main(['demo', '--json', '--events', '300', '--empty-crm', '--out', dir])).toBe(0);
    const result = JSON.parse(out.join('')) as DemoResult;

    expect(Object.keys(result.naive).sort()).toEqual([
      'api_calls',
      'duplicates',
      'false_merges',
      'overwritten',
      'records',
      'review',
    ]);
    expect(result.gate.duplicates).toBe(0);
    expect(result.gate.false_merges).toBe(0);
    expect(result.naive.duplicates).toBeGreaterThan(0);
    expect(result.naive.false_merges).toBeGreaterThan(0);
    expect(result.naive.records).toBeGreaterThan(result.gate.records);
    expect([result.naive.overwritten, result.gate.overwritten]).toEqual([0, 0]);
    expect(result.details).toMatchObject({
      events: 300,
      sqlite: join(dir, 'state.db'),
      deadLetters: 0,
      existing: { contacts: 0, streamPeople: 0 },
    });

    const report = JSON.parse(await readFile(result.details.report, 'utf8')) as {
      records: { gate: { mergedRecords: unknown[] }; naive: { duplicatedPeople: unknown[] } };
    };
    expect(report.records.gate.mergedRecords).toEqual([]);
    expect(report.records.naive.duplicatedPeople.length).toBeGreaterThan(0);
  });

  it('starts from a CRM holding people and counts the values each sync overwrote', async () => {
    const out: string[] = [];
    vi.spyOn(process.stdout, 'write').mockImplementation((s) => (out.push(String(s)), true));
    const at = join(dir, 'existing');
    expect(await main(['demo', '--json', '--events', '300', '--seed', '2', '--out', at])).toBe(0);
    const result = JSON.parse(out.join('')) as DemoResult;

    const { contacts, streamPeople } = result.details.existing;
    expect(streamPeople).toBeGreaterThan(0);
    expect(contacts).toBeGreaterThan(streamPeople);
    // The naive sync writes every value it gets over what the records held.
    expect(result.naive.overwritten).toBeGreaterThan(0);
    expect(result.naive.duplicates).toBeGreaterThan(0);
    // The gate indexes the contacts already there before the stream: it neither copies nor overwrites them.
    expect(result.gate).toMatchObject({ duplicates: 0, false_merges: 0, overwritten: 0 });
    expect(result.details.deadLetters).toBe(0);

    const report = JSON.parse(await readFile(result.details.report, 'utf8')) as {
      overwritten: { naive: { record: string; property: string }[]; gate: unknown[] };
    };
    expect(report.overwritten.naive).toHaveLength(result.naive.overwritten);
    expect(report.overwritten.gate).toHaveLength(result.gate.overwritten);
    expect(report.overwritten.naive.map((v) => v.property)).not.toContain('lastmodifieddate');
  });

  it('prints the side-by-side table', async () => {
    const out: string[] = [];
    vi.spyOn(process.stdout, 'write').mockImplementation((s) => (out.push(String(s)), true));
    vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    expect(await main(['demo', '--events', '60', '--seed', '3', '--out', join(dir, 'table')])).toBe(0);
    const text = out.join('');
    expect(text).toMatch(/naive sync\s+Lanekeeper gate/);
    expect(text).toMatch(/that already hold \d+ contacts, \d+ of them people of the stream/);
    expect(text).toMatch(/true duplicates\s+\d+\s+\d+\n/);
    expect(text).toMatch(/false merges\s+\d+\s+0\n/);
    expect(text).toMatch(/overwritten values\s+\d+\s+\d+\n/);
    expect(text).toContain(join(dir, 'table', 'demo-report.json'));
  });

  it('refuses a bad flag value', async () => {
    vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    expect(await main(['demo', '--events', 'many'])).toBe(2);
  });
});
