import { execFileSync } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MessageChannel } from 'node:worker_threads';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadRecords } from '../../src/detect/load-records.js';
import {
  mergeChunks,
  packPairs,
  packedBuffers,
  scoreChunks,
  scorePairList,
  sharePairs,
  unpackPairs,
} from '../../src/detect/score-job.js';
import type { ScoredPair } from '../../src/detect/score-pairs.js';
import { findSharedKeys } from '../../src/detect/shared-key-values.js';
import { blockPairs } from '../../src/identity/blocking.js';
import { compileModel } from '../../src/identity/match-model.js';
import { PairScorer } from '../../src/identity/pair-scorer.js';
import { personPreset } from '../../src/identity/presets/person.js';
import { ValueCounts } from '../../src/identity/value-frequencies.js';
import { seededRandom } from '../../src/identity/seeded-random.js';

const cli = new URL('../../bin/lanekeeper.js', import.meta.url).pathname;
const quiet = () => ({ update: () => undefined, stop: () => undefined });

describe('bounded batch decisions', () => {
  let scorer: PairScorer;
  let pairs: { a: Int32Array; b: Int32Array };
  let size: number;

  beforeAll(async () => {
    const dir = await mkdtemp(join(tmpdir(), 'lk-bounded-'));
    const file = join(dir, 'contacts.csv');
    execFileSync('node', [cli, 'generate', '--rows', '3000', '--seed', '9', '--out', file]);
    const { rules, store } = await loadRecords(
      { files: [file], explicit: {}, extraStrings: [] },
      personPreset,
      quiet,
    );
    const blocked = blockPairs(store, rules.blocking, {
      maxBlockSize: 100,
      window: 20,
      sortFeatures: rules.comparisons.map((c) => c.field),
    });
    pairs = blocked.pairs.slice(0, blocked.pairs.size);
    size = store.size;
    scorer = new PairScorer(
      store,
      compileModel(rules),
      rules,
      findSharedKeys(store, rules),
      ValueCounts.of(store, rules),
      {
        cacheLevels: true,
      },
    );
  });

  it('stops early only on pairs that decide() calls no_match, and agrees on every other pair', () => {
    let stopped = 0;
    const check = (i: number, j: number): void => {
      const full = scorer.decide(i, j);
      const bounded = scorer.decideUnlessApart(i, j);
      if (bounded === undefined) {
        stopped++;
        expect(full.decision, `pair ${i},${j}`).toBe('no_match');
      } else expect(bounded).toEqual(full);
    };
    for (let k = 0; k < pairs.a.length; k++) check(pairs.a[k]!, pairs.b[k]!);
    const random = seededRandom(3);
    for (let k = 0; k < 20_000; k++) check(Math.floor(random() * size), Math.floor(random() * size));
    // The early stop must actually happen, or batch scoring gains nothing from it.
    expect(stopped).toBeGreaterThan(pairs.a.length / 4);
  });

  it('keeps the levels of every pair it decides, so that explaining the pair needs no second scoring', () => {
    let kept = 0;
    for (let k = 0; k < pairs.a.length; k++) {
      const [i, j] = [pairs.a[k]!, pairs.b[k]!];
      const outcome = scorer.decideUnlessApart(i, j);
      if (outcome === undefined || outcome.decision === 'no_match') continue;
      kept++;
      const recorded = scorer.lastLevels();
      // Another pair in between: the recorded levels must not depend on the scorer's state.
      scorer.decide(j, (i + 1) % size);
      const evidence = scorer.fieldEvidence(i, j, { similarities: false });
      expect(scorer.fieldEvidence(i, j, { similarities: false, recorded }), `pair ${i},${j}`).toEqual(
        evidence,
      );
      // The one-line text of pairs.csv says the same, from the recorded levels or from a fresh scoring.
      const text = evidence
        .filter((f) => f.level !== 'null')
        .map((f) => `${f.field}=${f.level}(${f.weight >= 0 ? '+' : ''}${f.weight.toFixed(1)})`)
        .join(' ');
      expect(scorer.evidenceText(i, j, recorded)).toBe(text);
      expect(scorer.evidenceText(i, j)).toBe(text);
    }
    expect(kept).toBeGreaterThan(100);
  });

  it('scores shared chunks to the same kept pairs, in list order, as one pass over the list', () => {
    const whole = scorePairList(scorer, pairs.a, pairs.b);
    const work = sharePairs(pairs.a, pairs.b, 100);
    // Two takers, as the main thread and the worker: each scores the chunks it takes first.
    const first = new Map<number, ScoredPair[]>();
    for (let n = 0; n < 3; n++) {
      const c = Atomics.add(work.next, 0, 1);
      const from = c * work.chunkSize;
      const to = Math.min(work.a.length, from + work.chunkSize);
      first.set(c, scorePairList(scorer, work.a.subarray(from, to), work.b.subarray(from, to)));
    }
    const rest = scoreChunks(scorer, work);
    expect(first.size + rest.size).toBe(Math.ceil(pairs.a.length / 100));
    const strip = (list: readonly ScoredPair[]) => list.map((p) => [p.a, p.b, p.outcome]);
    expect(strip(mergeChunks(work, rest, first))).toEqual(strip(whole));
    expect(() => mergeChunks(work, rest)).toThrow(/chunk 0 of the candidate pairs was not scored/);
  });

  it('decides the same with the parts another scorer prepared as with its own', () => {
    const parts = PairScorer.prepare(scorer.store, scorer.model, ValueCounts.of(scorer.store, scorer.rules));
    expect(parts.levelCodes.some((c) => c !== null)).toBe(true);
    expect(parts.shares.some((x) => x !== null)).toBe(true);
    // As the worker gets them: through a structured clone, and without the store's value counts.
    const shared = findSharedKeys(scorer.store, scorer.rules);
    const twin = new PairScorer(scorer.store, scorer.model, scorer.rules, shared, undefined, {
      cacheLevels: true,
      prepared: structuredClone(parts),
    });
    const plain = new PairScorer(scorer.store, scorer.model, scorer.rules, shared);
    const strip = (list: readonly ScoredPair[]) => list.map((p) => [p.a, p.b, p.outcome]);
    const expected = strip(scorePairList(scorer, pairs.a, pairs.b));
    expect(strip(scorePairList(twin, pairs.a, pairs.b))).toEqual(expected);
    // Without the shares (no value counts), the term-frequency weights differ: the parts carry them.
    expect(strip(scorePairList(plain, pairs.a, pairs.b))).not.toEqual(expected);
  });

  it('hands kept pairs to another thread packed, and gets them back unchanged', async () => {
    const work = sharePairs(pairs.a, pairs.b, 100);
    const kept = scoreChunks(scorer, work);
    const all = [...kept.values()].flat();
    expect(all.some((p) => p.outcome.guards.length > 0)).toBe(true);
    expect(new Set(all.map((p) => p.outcome.decision))).toEqual(new Set(['match', 'review']));
    // Through a real structured clone with the buffers transferred, as from the worker.
    const packed = packPairs(kept);
    const { port1, port2 } = new MessageChannel();
    const arrived = new Promise<typeof packed>((resolve) => port2.once('message', resolve));
    port1.postMessage(packed, packedBuffers(packed));
    const back = unpackPairs(await arrived);
    port1.close();
    const plain = (m: ReadonlyMap<number, readonly ScoredPair[]>) =>
      [...m].map(([c, list]) => [
        c,
        list.map((p) => ({ ...p, levels: p.levels && { ...p.levels, levels: [...p.levels.levels] } })),
      ]);
    expect(plain(back)).toEqual(plain(kept));
  });
});
