import type { IdentityRules } from '../identity/rules.js';
import type { MatchModel } from '../identity/match-model.js';
import type { PairScorer } from '../identity/pair-scorer.js';
import type { ScoredPair } from './score-pairs.js';

/** What a scoring worker needs: plain data only (structured-clone friendly). */
export interface ScoreJob {
  readonly columns: Map<string, string[]>;
  readonly rules: IdentityRules;
  readonly model: MatchModel;
  readonly shared: ReadonlyMap<string, ReadonlySet<string>>;
  readonly counts: { readonly counts: Map<string, Map<string, number>>; readonly total: number };
  readonly a: Int32Array;
  readonly b: Int32Array;
}

/** Decides pairs (a[k], b[k]) and keeps the `match` and `review` ones, in order, with their levels. */
export function scorePairList(
  scorer: PairScorer,
  a: ArrayLike<number>,
  b: ArrayLike<number>,
  onProgress?: (done: number) => void,
): ScoredPair[] {
  const kept: ScoredPair[] = [];
  for (let k = 0; k < a.length; k++) {
    const outcome = scorer.decideUnlessApart(a[k]!, b[k]!);
    if (outcome !== undefined && outcome.decision !== 'no_match')
      kept.push({ a: a[k]!, b: b[k]!, outcome, levels: scorer.lastLevels() });
    if (onProgress !== undefined && (k & 0xffff) === 0) onProgress(k);
  }
  return kept;
}
