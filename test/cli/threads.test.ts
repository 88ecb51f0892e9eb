import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const cli = new URL('../../bin/lanekeeper.js', import.meta.url).pathname;
const built = existsSync(new URL('../../dist/detect/audit-worker.js', import.meta.url));

// The worker thread runs compiled code: `npm test` builds first (pretest).
describe.runIf(built)('audit with a scoring worker thread', () => {
  it('gives exactly the outputs of a single-threaded run', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'lk-threads-'));
    const file = join(dir, 'contacts.csv');
    execFileSync('node', [cli, 'generate', '--rows', '4000', '--seed', '5', '--out', file]);
    for (const threads of ['1', '2']) {
      execFileSync('node', [cli, 'audit', file, '--out', join(dir, `t${threads}`), '--threads', threads]);
    }
    for (const name of ['clusters.csv', 'pairs.csv', 'merge-plan.json']) {
      const one = await readFile(join(dir, 't1', name), 'utf8');
      const two = await readFile(join(dir, 't2', name), 'utf8');
      expect(two, name).toBe(one);
      expect(one.length).toBeGreaterThan(100);
    }
  });

  it('stops its worker threads and reports the bad line when the input is malformed', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'lk-threads-'));
    const file = join(dir, 'contacts.csv');
    execFileSync('node', [cli, 'generate', '--rows', '6000', '--seed', '5', '--out', file]);
    const lines = (await readFile(file, 'utf8')).split('\n');
    lines.splice(5000, 0, 'c9999999,"Ann,Lee');
    await writeFile(file, lines.join('\n'));
    const run = spawnSync('node', [cli, 'audit', file, '--out', join(dir, 'out'), '--threads', '2'], {
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(run.error).toBeUndefined(); // no timeout: nothing kept the process alive
    expect(run.status).not.toBe(0);
    expect(run.stderr).toContain(`${file}:5001: row has 13 fields but the header has 16`);
  });
});
