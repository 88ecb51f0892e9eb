import type { FeatureStore } from '../identity/feature-store.js';
import type { IdentityRules } from '../identity/rules.js';
import type { BlockingStats } from '../identity/blocking.js';
import type { PairLevels, PairOutcome } from '../identity/pair-scorer.js';
import { blockPairs } from '../identity/blocking.js';
import { compileModel, type MatchModel } from '../identity/match-model.js';
import { estimateModel } from '../identity/estimate-model.js';
import { PairScorer } from '../identity/pair-scorer.js';
import { findSharedKeys } from './shared-key-values.js';
import { ValueCounts } from '../identity/value-frequencies.js';
import { roleFlag } from '../identity/feature-names.js';
import {
  mergeChunks,
  scoreChunks,
  scorePairList,
  sharePairs,
  unpackPairs,
  type PackedPairs,
  type ScoreJob,
} from './score-job.js';
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { Progress } from './load-records.js';

export interface ScoredPair {
  readonly a: number;
  readonly b: number;
  readonly outcome: PairOutcome;
  /** The pair's comparison levels from scoring, for its explanation in `pairs.csv`. */
  readonly levels?: PairLevels;
}

export interface PairScores {
  readonly model: MatchModel;
  readonly scorer: PairScorer;
  readonly matches: readonly ScoredPair[];
  readonly reviews: readonly ScoredPair[];
  readonly compared: number;
  readonly blocking: BlockingStats;
  readonly emIterations: number;
  readonly estimated: boolean;
  readonly sharedKeyValues: number;
  readonly timingsMs: Record<string, number>;
}

export interface ScoreOptions {
  readonly linkSplit?: number;
  readonly maxBlockSize: number;
  readonly window: number;
  readonly seed: number;
  /** 1 scores on the main thread only; 2 also uses a worker thread (default: 2 on large inputs). */
  readonly threads?: number;
}

/** Below this many candidate pairs a worker thread costs more than it saves. */
export const PARALLEL_MIN_PAIRS = 300_000;
const WORKER_URL = new URL('./score-worker.js', import.meta.url);

function useWorker(threads: number | undefined, pairs: number): boolean {
  if (threads === 1 || pairs < 2) return false;
  if (threads === undefined && (pairs < PARALLEL_MIN_PAIRS || availableParallelism() < 2)) return false;
  // Running from TypeScript sources (tests) there is no compiled worker to start.
  return existsSync(fileURLToPath(WORKER_URL));
}

function scoreInWorker(job: ScoreJob): Promise<Map<number, ScoredPair[]>> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(WORKER_URL, { workerData: job });
    worker.once('message', (kept: PackedPairs) => resolve(unpackPairs(kept)));
    worker.once('error', reject);
    worker.once('exit', (code) => {
      if (code !== 0) reject(new Error(`scoring worker stopped with exit code ${code}`));
    });
  });
}

/** The columns a PairScorer reads: every field and the role flags of email fields. */
function scorerColumns(rules: IdentityRules): string[] {
  return rules.fields.flatMap((f) => (f.type === 'email' ? [f.name, roleFlag(f.name)] : [f.name]));
}

/** Below these sizes the data cannot support estimation; the rules' own m/u and prior are used. */
export const MIN_PAIRS_TO_ESTIMATE = 1000;
export const MIN_RECORDS_TO_ESTIMATE = 500;

/** Block → estimate the model (when enabled) → decide every candidate pair, keeping `match` and `review` pairs. */
export async function scorePairs(
  store: FeatureStore,
  rules: IdentityRules,
  options: ScoreOptions,
  makeProgress: (label: string, total: number) => Progress,
): Promise<PairScores> {
  const timingsMs: Record<string, number> = {};
  let t = performance.now();
  const lap = (name: string): void => {
    const now = performance.now();
    timingsMs[name] = Math.round(now - t);
    t = now;
  };
  const { pairs, stats } = blockPairs(store, rules.blocking, {
    maxBlockSize: options.maxBlockSize,
    window: options.window,
    sortFeatures: rules.comparisons.map((c) => c.field),
    ...(options.linkSplit !== undefined ? { linkSplit: options.linkSplit } : {}),
  });
  lap('block');

  let model = compileModel(rules);
  let emIterations = 0;
  let estimated = false;
  if (rules.em.enabled && pairs.size >= MIN_PAIRS_TO_ESTIMATE && store.size >= MIN_RECORDS_TO_ESTIMATE) {
    const estimate = estimateModel(store, rules, model, pairs, {
      sampleSize: rules.em.sampleSize,
      maxIterations: rules.em.maxIterations,
      seed: options.seed,
      ...(options.linkSplit !== undefined ? { linkSplit: options.linkSplit } : {}),
    });
    model = estimate.model;
    emIterations = estimate.iterations;
    estimated = true;
  }
  lap('estimate');

  const shared = findSharedKeys(store, rules);
  const counts = ValueCounts.of(store, rules);
  const scorer = new PairScorer(store, model, rules, shared, counts, { cacheLevels: true });
  const progress = makeProgress('scoring', pairs.size);
  const all = pairs.slice(0, pairs.size);
  let kept: ScoredPair[];
  if (useWorker(options.threads, pairs.size)) {
    const work = sharePairs(all.a, all.b);
    const worker = scoreInWorker({
      columns: store.pick(scorerColumns(rules)),
      rules,
      model,
      shared: shared.values,
      pairs: work,
      prepared: scorer.preparedParts(),
    });
    const mine = scoreChunks(scorer, work, () =>
      progress.update(Math.min(pairs.size, Atomics.load(work.next, 0) * work.chunkSize)),
    );
    kept = mergeChunks(work, mine, await worker);
  } else {
    kept = scorePairList(scorer, all.a, all.b, (done) => progress.update(done));
  }
  const matches = kept.filter((p) => p.outcome.decision === 'match');
  const reviews = kept.filter((p) => p.outcome.decision === 'review');
  progress.stop();
  lap('score');
  return {
    model,
    scorer,
    matches,
    reviews,
    compared: pairs.size,
    blocking: stats,
    emIterations,
    estimated,
    sharedKeyValues: shared.count,
    timingsMs,
  };
}
