import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { main } from '../../src/cli/main.js';

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  vi.spyOn(process.stdout, 'write').mockImplementation((s) => (out.push(String(s)), true));
  vi.spyOn(process.stderr, 'write').mockImplementation((s) => (err.push(String(s)), true));
  return { out: () => out.join(''), err: () => err.join('') };
}

afterEach(() => vi.restoreAllMocks());

describe('lanekeeper CLI', () => {
  it('generates, audits and evaluates a data set', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'lk-cli-'));
    const file = join(dir, 'contacts.csv');
    const io = capture();
    expect(
      await main(['generate', '--rows', '2000', '--duplicate-rate', '0.2', '--seed', '3', '--out', file]),
    ).toBe(0);
    expect(io.out()).toMatch(/wrote 2,000 rows/);
    expect(await main(['audit', file, '--out', join(dir, 'out'), '--json'])).toBe(0);
    const summary = JSON.parse(io.out().slice(io.out().indexOf('{')));
    expect(summary.counts.records).toBe(2000);
    expect(summary.outputs).toHaveLength(5);
    const before = io.out().length;
    const args = [
      'evaluate',
      '--clusters',
      join(dir, 'out', 'clusters.csv'),
      '--truth',
      file,
      '--truth-column',
      'truth_id',
      '--json',
    ];
    expect(await main(args)).toBe(0);
    const evaluation = JSON.parse(io.out().slice(before));
    expect(evaluation.pairwise.f1).toBeGreaterThan(0.85);
    expect(evaluation.matchDecisions.precision).toBeGreaterThan(0.95);
  });

  it('answers usage mistakes with exit code 2 and a clear message', async () => {
    const io = capture();
    expect(await main(['audti'])).toBe(2);
    expect(io.err()).toMatch(/unknown command 'audti'/);
    expect(await main(['audit'])).toBe(2);
    expect(io.err()).toMatch(/missing INPUT/);
    expect(await main(['audit', 'x.csv', '--frobnicate'])).toBe(2);
    expect(io.err()).toMatch(/frobnicate/);
    expect(await main(['generate', '--rows', '10', '--duplicate-rate', '1.5', '--out', '/tmp/x.csv'])).toBe(
      2,
    );
    expect(io.err()).toMatch(/--duplicate-rate must be a number in \[0, 1\), got 1.5/);
  });

  it('compares oversized blocks by a window as wide as --window', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'lk-cli-'));
    const file = join(dir, 'contacts.csv');
    const io = capture();
    await main(['generate', '--rows', '3000', '--duplicate-rate', '0.2', '--seed', '5', '--out', file]);
    const compared = async (window: string): Promise<{ pairs: number; oversized: number }> => {
      const before = io.out().length;
      const args = ['audit', file, '--out', join(dir, `w${window}`), '--json', '--max-block-size', '3'];
      expect(await main([...args, '--window', window])).toBe(0);
      const summary = JSON.parse(io.out().slice(before));
      return { pairs: summary.counts.comparedPairs, oversized: summary.counts.oversizedBlocks };
    };
    const narrow = await compared('1');
    const wide = await compared('6');
    expect(narrow.oversized).toBeGreaterThan(0);
    expect(wide.oversized).toBe(narrow.oversized);
    expect(wide.pairs).toBeGreaterThan(narrow.pairs);
    expect(await main(['audit', file, '--window', '0'])).toBe(2);
    expect(io.err()).toMatch(/--window/);
  });

  it('reports a missing input file with exit code 1', async () => {
    const io = capture();
    expect(await main(['audit', '/nonexistent/contacts.csv'])).toBe(1);
    expect(io.err()).toMatch(/contacts\.csv: file not found/);
  });

  it('prints help for every command', async () => {
    const io = capture();
    for (const c of ['audit', 'evaluate', 'generate']) expect(await main(['help', c])).toBe(0);
    expect(io.out()).toMatch(/--truth-pattern/);
  });
});
