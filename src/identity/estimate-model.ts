import type { CandidatePairs } from './candidate-pairs.js';
import type { FeatureStore } from './feature-store.js';
import type { IdentityRules } from './rules.js';
import { parseFeatureName } from './feature-names.js';
import { sumWeights, withParameters, withPrior, type MatchModel } from './match-model.js';
import { NULL_LEVEL, PairScorer } from './pair-scorer.js';
import { seededRandom } from './seeded-random.js';

export interface EstimateOptions {
  readonly sampleSize: number;
  readonly maxIterations: number;
  /** Link mode: records at index ≥ linkSplit come from the second input. */
  readonly linkSplit?: number;
  readonly seed?: number;
}

export interface Estimate {
  readonly model: MatchModel;
  /** EM iterations summed over the per-rule sessions. */
  readonly iterations: number;
  /** Share of candidate pairs estimated to be matches. */
  readonly candidateMatchShare: number;
}

const MIN_SESSION_PAIRS = 50;
const PSEUDO = 0.01;

/**
 * Unsupervised estimation of the Fellegi-Sunter parameters from the data being matched:
 * u from random record pairs (almost all non-matches); the prior from the share of matches among the
 * candidate pairs (EM over that one parameter) scaled to all pairs; and, when `em.estimateM` is on, m by
 * expectation-maximisation on the candidate pairs of each blocking rule, leaving out the comparisons on
 * that rule's own fields (their agreement is forced by the blocking).
 */
export function estimateModel(
  store: FeatureStore,
  rules: IdentityRules,
  start: MatchModel,
  pairs: CandidatePairs,
  options: EstimateOptions,
): Estimate {
  const random = seededRandom(options.seed ?? 42);
  const scorer = new PairScorer(store, start, rules);
  const levelCounts = start.comparisons.map((c) => c.m.length);
  const width = start.comparisons.length;

  const u = estimateU(scorer, store.size, levelCounts, options, random);
  let model = withParameters(
    start,
    start.comparisons.map((c, k) => ({ m: c.m, u: u[k]! })),
  );

  const mSums = levelCounts.map((n) => new Float64Array(n));
  const mWeights = new Float64Array(width);
  let iterations = 0;
  const perRule = Math.max(
    MIN_SESSION_PAIRS,
    Math.floor(options.sampleSize / Math.max(1, rules.blocking.length)),
  );
  if (rules.em.estimateM)
    rules.blocking.forEach((rule, r) => {
      const blockedFields = new Set(rule.keys.map((k) => parseFeatureName(k).field));
      const included = start.comparisons.map((c) => !blockedFields.has(c.field));
      const sample = samplePairs(pairs, perRule, random, r);
      if (sample.length < MIN_SESSION_PAIRS) return;
      const gammas = gammaMatrix(scorer, pairs, sample, width);
      const session = runEm(model, gammas, width, included, options.maxIterations);
      iterations += session.iterations;
      session.m.forEach((m, k) => {
        if (!included[k] || session.support[k]! <= 0) return;
        const sums = mSums[k]!;
        for (let l = 0; l < m.length; l++) sums[l]! += m[l]! * session.support[k]!;
        mWeights[k]! += session.support[k]!;
      });
    });
  model = withParameters(
    model,
    model.comparisons.map((c, k) => ({
      m: mWeights[k]! > 0 ? mSums[k]!.map((s) => s / mWeights[k]!) : c.m,
      u: c.u,
    })),
  );

  // Expected matches among the candidates, rule by rule: a pair produced by a blocking rule agrees on that
  // rule's fields by construction, so their comparisons are left out when judging it.
  let expected = 0;
  const countByRule = new Float64Array(rules.blocking.length);
  for (let k = 0; k < pairs.size; k++) countByRule[pairs.rule(k)]! += 1;
  rules.blocking.forEach((rule, r) => {
    if (countByRule[r] === 0) return;
    const blockedFields = new Set(rule.keys.map((k) => parseFeatureName(k).field));
    const sample = samplePairs(pairs, perRule, random, r);
    const gammas = gammaMatrix(scorer, pairs, sample, width);
    start.comparisons.forEach((c, k) => {
      if (!blockedFields.has(c.field)) return;
      for (let s = 0; s < sample.length; s++) gammas[s * width + k] = NULL_LEVEL;
    });
    const session = runEm(model, gammas, width, null, options.maxIterations);
    iterations += session.iterations;
    expected += session.lambda * countByRule[r]!;
  });
  const candidateMatchShare = pairs.size > 0 ? expected / pairs.size : 0;
  const total = totalPairs(store.size, options.linkSplit);
  const prior = total > 0 ? expected / total : start.prior;
  return { model: withPrior(model, prior > 0 ? prior : start.prior), iterations, candidateMatchShare };
}

function estimateU(
  scorer: PairScorer,
  n: number,
  levelCounts: readonly number[],
  options: EstimateOptions,
  random: () => number,
): Float64Array[] {
  const counts = levelCounts.map((c) => new Float64Array(c));
  const totals = new Float64Array(levelCounts.length);
  const split = options.linkSplit;
  const samples = n < 2 ? 0 : options.sampleSize;
  for (let s = 0; s < samples; s++) {
    let i: number;
    let j: number;
    if (split !== undefined && split > 0 && split < n) {
      i = Math.floor(random() * split);
      j = split + Math.floor(random() * (n - split));
    } else {
      i = Math.floor(random() * n);
      j = Math.floor(random() * (n - 1));
      if (j >= i) j++;
    }
    const g = scorer.gammas(i, j);
    for (let k = 0; k < g.length; k++) {
      const level = g[k]!;
      if (level === NULL_LEVEL) continue;
      counts[k]![level]! += 1;
      totals[k]! += 1;
    }
  }
  return counts.map((c, k) => {
    const total = totals[k]!;
    return c.map((count) => (total > 0 ? Math.max(count, 0.5) / total : 1 / c.length));
  });
}

function samplePairs(pairs: CandidatePairs, size: number, random: () => number, rule?: number): number[] {
  const sample: number[] = [];
  let seen = 0;
  for (let k = 0; k < pairs.size; k++) {
    if (rule !== undefined && pairs.rule(k) !== rule) continue;
    seen++;
    if (sample.length < size) sample.push(k);
    else {
      const slot = Math.floor(random() * seen);
      if (slot < size) sample[slot] = k;
    }
  }
  return sample;
}

function gammaMatrix(
  scorer: PairScorer,
  pairs: CandidatePairs,
  sample: readonly number[],
  width: number,
): Uint8Array {
  const out = new Uint8Array(sample.length * width);
  sample.forEach((k, s) => out.set(scorer.gammas(pairs.a(k), pairs.b(k)), s * width));
  return out;
}

/** EM over comparison vectors with u fixed; `included` = comparisons whose m is estimated (null: only lambda). */
function runEm(
  model: MatchModel,
  gammas: Uint8Array,
  width: number,
  included: readonly boolean[] | null,
  maxIterations: number,
): { m: Float64Array[]; support: Float64Array; lambda: number; iterations: number } {
  const n = gammas.length / width;
  let m = model.comparisons.map((c) => Float64Array.from(c.m));
  const logU = model.comparisons.map((c) => c.u.map(Math.log));
  let lambda = 0.5;
  const support = new Float64Array(width);
  let iteration = 0;
  for (; iteration < maxIterations; iteration++) {
    const logM = m.map((row) => row.map(Math.log));
    const sums = m.map((row) => new Float64Array(row.length));
    support.fill(0);
    let sumP = 0;
    const priorLogit = Math.log(lambda / (1 - lambda));
    for (let s = 0; s < n; s++) {
      let logit = priorLogit;
      if (included === null) logit += sumWeights(model, gammas, s * width) * Math.LN2;
      else {
        for (let k = 0; k < width; k++) {
          const level = gammas[s * width + k]!;
          if (level !== NULL_LEVEL) logit += logM[k]![level]! - logU[k]![level]!;
        }
      }
      const p = 1 / (1 + Math.exp(-logit));
      sumP += p;
      if (included === null) continue;
      for (let k = 0; k < width; k++) {
        const level = gammas[s * width + k]!;
        if (level === NULL_LEVEL || !included[k]) continue;
        sums[k]![level]! += p;
        support[k]! += p;
      }
    }
    const nextLambda = Math.min(1 - 1e-6, Math.max(1e-6, sumP / n));
    let delta = Math.abs(nextLambda - lambda);
    lambda = nextLambda;
    if (included !== null) {
      const next = m.map((row, k) => {
        if (!included[k] || support[k]! <= 0) return row;
        return row.map((_, l) => (sums[k]![l]! + PSEUDO) / (support[k]! + PSEUDO * row.length));
      });
      next.forEach((row, k) => row.forEach((v, l) => (delta = Math.max(delta, Math.abs(v - m[k]![l]!)))));
      m = next;
    }
    if (delta < 1e-5) {
      iteration++;
      break;
    }
  }
  return { m, support, lambda, iterations: iteration };
}

function totalPairs(n: number, split: number | undefined): number {
  if (split !== undefined) return split * (n - split);
  return (n * (n - 1)) / 2;
}
