import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { runGenerate } from '../../src/generate/run-generate.js';

const dir = mkdtempSync(join(tmpdir(), 'lanekeeper-gen-'));

describe('runGenerate', () => {
  it('writes the file and reports rows and persons', async () => {
    const out = join(dir, 'a.csv');
    const result = await runGenerate({ rows: 3_000, duplicateRate: 0.2, seed: 4, out });
    expect(result.path).toBe(out);
    expect(result.rows).toBe(3_000);
    const records = parse(readFileSync(out, 'utf8'), { columns: true }) as Record<string, string>[];
    expect(records).toHaveLength(3_000);
    expect(result.persons).toBe(new Set(records.map((r) => r.truth_id)).size);
    expect(result.persons).toBe(2_400);
  });

  it('is byte-identical for the same seed and differs for another', async () => {
    const args = { rows: 2_000, duplicateRate: 0.3, seed: 77 };
    await runGenerate({ ...args, out: join(dir, 'b1.csv') });
    await runGenerate({ ...args, out: join(dir, 'b2.csv') });
    await runGenerate({ ...args, seed: 78, out: join(dir, 'b3.csv') });
    const b1 = readFileSync(join(dir, 'b1.csv'));
    expect(b1.equals(readFileSync(join(dir, 'b2.csv')))).toBe(true);
    expect(b1.equals(readFileSync(join(dir, 'b3.csv')))).toBe(false);
  });

  it.each([
    [{ rows: 0 }, '--rows must be an integer ≥ 1, got 0'],
    [{ rows: 2.5 }, '--rows must be an integer ≥ 1, got 2.5'],
    [{ rows: Number.NaN }, '--rows must be an integer ≥ 1, got NaN'],
    [{ duplicateRate: 1.5 }, '--duplicate-rate must be a number in [0, 1), got 1.5'],
    [{ duplicateRate: 1 }, '--duplicate-rate must be a number in [0, 1), got 1'],
    [{ duplicateRate: -0.1 }, '--duplicate-rate must be a number in [0, 1), got -0.1'],
    [{ seed: 1.2 }, '--seed must be an integer, got 1.2'],
    [{ out: '' }, '--out must be a file path'],
  ])('rejects %o', async (override, message) => {
    const args = { rows: 10, duplicateRate: 0.2, seed: 1, out: join(dir, 'bad.csv'), ...override };
    await expect(runGenerate(args)).rejects.toThrow(message);
  });
});
