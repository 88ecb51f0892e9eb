import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { beforeAll, describe, expect, it } from 'vitest';
import { ChunkNormalizer } from '../../src/detect/chunk-normalizer.js';
import { loadRecords } from '../../src/detect/load-records.js';
import { mergeChunks, scorePairList, sharePairs } from '../../src/detect/score-job.js';
import type { ScoredPair } from '../../src/detect/score-pairs.js';
import { ScoringHelper } from '../../src/detect/scoring-helper.js';
import { writePairsCsv } from '../../src/detect/write-pairs.js';
import { BufferedWriter } from '../../src/io/atomic-output.js';
import { findSharedKeys } from '../../src/detect/shared-key-values.js';
import { blockPairs } from '../../src/identity/blocking.js';
import type { FeatureStore } from '../../src/identity/feature-store.js';
import { compileModel } from '../../src/identity/match-model.js';
import { PairScorer } from '../../src/identity/pair-scorer.js';
import { PRESETS } from '../../src/identity/presets/index.js';
import type { IdentityRules } from '../../src/identity/rules.js';
import { ValueCounts } from '../../src/identity/value-frequencies.js';

const cli = new URL('../../bin/lanekeeper.js', import.meta.url).pathname;
const QUIET = () => ({ update: () => undefined, stop: () => undefined });

describe('the normalizing worker as the second scoring thread', () => {
  let store: FeatureStore;
  let rules: IdentityRules;
  let fields: string[];
  let raw: string[][];
  let ids: readonly string[];
  let dir: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'lk-scoring-thread-'));
    const file = join(dir, 'contacts.csv');
    execFileSync('node', [cli, 'generate', '--rows', '6000', '--seed', '3', '--out', file]);
    const loaded = await loadRecords(
      { files: [file], explicit: {}, extraStrings: [] },
      PRESETS.person,
      QUIET,
      {
        threads: 1,
      },
    );
    ({ store, rules } = loaded);
    fields = [...loaded.records.raw.keys()];
    raw = [...loaded.records.raw.values()].map((c) => c.toArray());
    ids = loaded.records.ids;
  });

  /** A worker that normalized some chunks, with the rest normalized here (pushed faster than it answers). */
  async function handedOver(): Promise<{ worker: NonNullable<ReturnType<ChunkNormalizer['handOver']>> }> {
    const normalizer = ChunkNormalizer.start(rules, fields, true);
    try {
      const rows = 250;
      for (let from = 0; from < store.size; from += rows) {
        const to = Math.min(store.size, from + rows);
        normalizer.push(
          raw.map((column) => column.slice(from, to)),
          to - from,
          { file: 'contacts.csv', line: from + 2 },
          undefined,
          ids.slice(from, to),
        );
      }
      const again = await normalizer.finish();
      expect(again.record(store.size - 1)).toEqual(store.record(store.size - 1));
      const worker = normalizer.handOver();
      expect(worker).not.toBeNull();
      return { worker: worker! };
    } finally {
      // Leaves a handed-over worker running.
      await normalizer.close();
    }
  }

  it('prepares and scores exactly what this thread would, over chunks normalized on either thread', async () => {
    const { worker } = await handedOver();
    const helper = ScoringHelper.from(worker, rules);
    try {
      const model = compileModel(rules);
      const ready = await helper.prepared();
      const shared = findSharedKeys(store, rules);
      expect(ready.shared).toEqual(shared.values);
      expect(ready.prepared).toEqual(PairScorer.prepare(store, model, ValueCounts.of(store, rules)));

      const blocked = blockPairs(store, rules.blocking, {
        maxBlockSize: 25,
        window: 4,
        sortFeatures: rules.comparisons.map((c) => c.field),
      });
      const { a, b } = blocked.pairs.slice(0, blocked.pairs.size);
      expect(a.length).toBeGreaterThan(2000);
      const scorer = new PairScorer(store, model, rules, shared, ValueCounts.of(store, rules), {
        cacheLevels: true,
      });
      const work = sharePairs(a, b, 500);
      // This thread takes the first two chunks before the helper starts, the helper the rest.
      const mine = new Map<number, ScoredPair[]>();
      for (let n = 0; n < 2; n++) {
        const c = Atomics.add(work.next, 0, 1);
        const to = Math.min(a.length, (c + 1) * work.chunkSize);
        mine.set(
          c,
          scorePairList(scorer, a.subarray(c * work.chunkSize, to), b.subarray(c * work.chunkSize, to)),
        );
      }
      const theirs = await helper.score(model, work);
      const strip = (list: readonly ScoredPair[]) =>
        list.map((p) => [p.a, p.b, p.outcome, p.levels && [...p.levels.levels], p.levels?.swapped]);
      const all = scorePairList(scorer, a, b);
      expect(all.length).toBeGreaterThan(100);
      expect(strip(mergeChunks(work, mine, theirs))).toEqual(strip(all));

      // Given this thread's kept pairs, the helper writes pairs.csv exactly as this thread would.
      helper.share(mine);
      const written = join(dir, 'pairs-by-helper.csv');
      await helper.writePairs(written);
      const expected = join(dir, 'pairs-here.csv');
      const matches = all.filter((p) => p.outcome.decision === 'match');
      const reviews = all.filter((p) => p.outcome.decision === 'review');
      await writePairsCsv(BufferedWriter.to(expected), (i) => ids[i]!, matches, reviews, scorer);
      const text = await readFile(expected, 'utf8');
      expect(text.split('\n').length).toBe(all.length + 2);
      expect(await readFile(written, 'utf8')).toBe(text);
    } finally {
      await helper.stop();
    }
  });

  it('fails the awaited reply when the thread fails, instead of waiting for ever', async () => {
    const { worker } = await handedOver();
    // A key over a field the worker never kept: deriving the scorer's parts throws in the thread.
    const other: IdentityRules = { ...rules, keys: [...rules.keys, { field: 'nickname' }] };
    const helper = ScoringHelper.from(worker, other);
    try {
      await expect(helper.prepared()).rejects.toThrow(/feature 'nickname' is not in the store/);
      await expect(helper.prepared()).rejects.toThrow(/feature 'nickname'/);
    } finally {
      await helper.stop();
    }
  });
});
