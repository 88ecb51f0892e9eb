import type { FeatureStore } from '../identity/feature-store.js';
import type { IdentityRules } from '../identity/rules.js';
import type { BlockingStats } from '../identity/blocking.js';
import type { PairLevels, PairOutcome } from '../identity/pair-scorer.js';
import { blockPairs } from '../identity/blocking.js';
import { compileModel, type MatchModel } from '../identity/match-model.js';
import { estimateModel } from '../identity/estimate-model.js';
import { NO_FREQUENCIES, PairScorer } from '../identity/pair-scorer.js';
import { findSharedKeys, sharedKeyValues } from './shared-key-values.js';
import { ValueCounts } from '../identity/value-frequencies.js';
import { mergeChunks, scoreChunks, scorePairList, sharePairs } from './score-job.js';
import type { ScoringHelper } from './scoring-helper.js';
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
  /** The scoring thread, still running and holding every kept pair (it can write `pairs.csv`); the caller stops it. */
  readonly thread: ScoringHelper | null;
}

export interface ScoreOptions {
  readonly linkSplit?: number;
  readonly maxBlockSize: number;
  readonly window: number;
  readonly seed: number;
}

/** Below these sizes the data cannot support estimation; the rules' own m/u and prior are used. */
export const MIN_PAIRS_TO_ESTIMATE = 1000;
export const MIN_RECORDS_TO_ESTIMATE = 500;

/**
 * Block → estimate the model (when enabled) → decide every candidate pair, keeping `match` and `review` pairs.
 * With `helper` (see `loadRecords`), the pairs are scored on two threads; it is stopped if the job fails.
 */
export async function scorePairs(
  store: FeatureStore,
  rules: IdentityRules,
  options: ScoreOptions,
  makeProgress: (label: string, total: number) => Progress,
  helper: ScoringHelper | null = null,
): Promise<PairScores> {
  try {
    return await scoreWith(helper, store, rules, options, makeProgress);
  } catch (error) {
    await helper?.stop();
    throw error;
  }
}

async function scoreWith(
  helper: ScoringHelper | null,
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

  const progress = makeProgress('scoring', pairs.size);
  const all = pairs.slice(0, pairs.size);
  let kept: ScoredPair[];
  let scorer: PairScorer;
  let sharedCount: number;
  let thread: ScoringHelper | null = null;
  if (helper !== null && pairs.size >= 2) {
    thread = helper;
    const ready = await helper.prepared();
    const shared = sharedKeyValues(ready.shared);
    sharedCount = shared.count;
    scorer = new PairScorer(store, model, rules, shared, NO_FREQUENCIES, { prepared: ready.prepared });
    const work = sharePairs(all.a, all.b);
    const theirs = helper.score(model, work);
    const mine = scoreChunks(scorer, work, () =>
      progress.update(Math.min(pairs.size, Atomics.load(work.next, 0) * work.chunkSize)),
    );
    const other = await theirs;
    helper.share(mine);
    kept = mergeChunks(work, mine, other);
  } else {
    await helper?.stop();
    const shared = findSharedKeys(store, rules);
    sharedCount = shared.count;
    const counts = ValueCounts.of(store, rules);
    scorer = new PairScorer(store, model, rules, shared, counts, { cacheLevels: true });
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
    sharedKeyValues: sharedCount,
    timingsMs,
    thread,
  };
}
