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
  it('shows duplicates and false merges for the naive sync and none for the gate', async () => {
    const out: string[] = [];
    vi.spyOn(process.stdout, 'write').mockImplementation((s) => (out.push(String(s)), true));
    expect(await main(['demo', '--json', '--events', '300', '--out', dir])).toBe(0);
    const result = JSON.parse(out.join('')) as DemoResult;

    expect(Object.keys(result.naive).sort()).toEqual([
      'api_calls',
      'duplicates',
      'false_merges',
      'records',
      'review',
    ]);
    expect(result.gate.duplicates).toBe(0);
    expect(result.gate.false_merges).toBe(0);
    expect(result.naive.duplicates).toBeGreaterThan(0);
    expect(result.naive.false_merges).toBeGreaterThan(0);
    expect(result.naive.records).toBeGreaterThan(result.gate.records);
    expect(result.details).toMatchObject({ events: 300, sqlite: join(dir, 'state.db'), deadLetters: 0 });

    const report = JSON.parse(await readFile(result.details.report, 'utf8')) as {
      records: { gate: { mergedRecords: unknown[] }; naive: { duplicatedPeople: unknown[] } };
    };
    expect(report.records.gate.mergedRecords).toEqual([]);
    expect(report.records.naive.duplicatedPeople.length).toBeGreaterThan(0);
  });

  it('prints the side-by-side table', async () => {
    const out: string[] = [];
    vi.spyOn(process.stdout, 'write').mockImplementation((s) => (out.push(String(s)), true));
    vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    expect(await main(['demo', '--events', '60', '--seed', '3', '--out', join(dir, 'table')])).toBe(0);
    const text = out.join('');
    expect(text).toMatch(/naive sync\s+Lanekeeper gate/);
    expect(text).toMatch(/true duplicates\s+\d+\s+0\n/);
    expect(text).toMatch(/false merges\s+\d+\s+0\n/);
    expect(text).toContain(join(dir, 'table', 'demo-report.json'));
  });

  it('refuses a bad flag value', async () => {
    vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    expect(await main(['demo', '--events', 'many'])).toBe(2);
  });
});
