import type { FeatureStore } from '../identity/feature-store.js';
import type { IdentityRules } from '../identity/rules.js';
import type { BlockingStats } from '../identity/blocking.js';
import type { PairOutcome } from '../identity/pair-scorer.js';
import { blockPairs } from '../identity/blocking.js';
import { compileModel, type MatchModel } from '../identity/match-model.js';
import { estimateModel } from '../identity/estimate-model.js';
import { PairScorer } from '../identity/pair-scorer.js';
import { findSharedKeys } from './shared-key-values.js';
import { ValueCounts } from '../identity/value-frequencies.js';
import type { Progress } from './load-records.js';

export interface ScoredPair {
  readonly a: number;
  readonly b: number;
  readonly outcome: PairOutcome;
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
}

/** Below these sizes the data cannot support estimation; the rules' own m/u and prior are used. */
export const MIN_PAIRS_TO_ESTIMATE = 1000;
export const MIN_RECORDS_TO_ESTIMATE = 500;

/** Block → estimate the model (when enabled) → decide every candidate pair, keeping `match` and `review` pairs. */
export function scorePairs(
  store: FeatureStore,
  rules: IdentityRules,
  options: ScoreOptions,
  makeProgress: (label: string, total: number) => Progress,
): PairScores {
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
  const scorer = new PairScorer(store, model, rules, shared, ValueCounts.of(store, rules), {
    cacheLevels: true,
  });
  const matches: ScoredPair[] = [];
  const reviews: ScoredPair[] = [];
  const progress = makeProgress('scoring', pairs.size);
  for (let k = 0; k < pairs.size; k++) {
    const a = pairs.a(k);
    const b = pairs.b(k);
    const outcome = scorer.decide(a, b);
    if (outcome.decision === 'match') matches.push({ a, b, outcome });
    else if (outcome.decision === 'review') reviews.push({ a, b, outcome });
    if ((k & 0xffff) === 0) progress.update(k);
  }
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
