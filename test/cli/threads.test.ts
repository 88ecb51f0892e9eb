import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const cli = new URL('../../bin/lanekeeper.js', import.meta.url).pathname;
const built = existsSync(new URL('../../dist/detect/score-worker.js', import.meta.url));

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
});
