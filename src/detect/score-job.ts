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
  readonly pairs: SharedPairs;
}

/**
 * The candidate pairs in shared memory, scored chunk by chunk by whichever thread asks for the next chunk
 * first: the threads finish together although pairs differ in cost (name-rule pairs are scored in full more
 * often) and the worker starts late (it first receives the columns).
 */
export interface SharedPairs {
  readonly a: Int32Array;
  readonly b: Int32Array;
  /** `[0]`: the next chunk to take. */
  readonly next: Int32Array;
  readonly chunkSize: number;
}

/** Pairs per chunk: small enough to even out the threads' finish, large enough to cost nothing to hand out. */
export const CHUNK_PAIRS = 65_536;

export function sharePairs(a: Int32Array, b: Int32Array, chunkSize = CHUNK_PAIRS): SharedPairs {
  const shared = (from: Int32Array): Int32Array => {
    const out = new Int32Array(new SharedArrayBuffer(from.length * Int32Array.BYTES_PER_ELEMENT));
    out.set(from);
    return out;
  };
  return { a: shared(a), b: shared(b), next: new Int32Array(new SharedArrayBuffer(4)), chunkSize };
}

export function chunkCount(pairs: SharedPairs): number {
  return Math.ceil(pairs.a.length / pairs.chunkSize);
}

/** Takes chunks until none is left; returns the kept pairs of each chunk this thread scored, by chunk. */
export function scoreChunks(
  scorer: PairScorer,
  pairs: SharedPairs,
  onChunk?: () => void,
): Map<number, ScoredPair[]> {
  const out = new Map<number, ScoredPair[]>();
  const chunks = chunkCount(pairs);
  for (;;) {
    const c = Atomics.add(pairs.next, 0, 1);
    if (c >= chunks) return out;
    const from = c * pairs.chunkSize;
    const to = Math.min(pairs.a.length, from + pairs.chunkSize);
    out.set(c, scorePairList(scorer, pairs.a.subarray(from, to), pairs.b.subarray(from, to)));
    onChunk?.();
  }
}

/** The kept pairs of all chunks, in the order of the pair list, from the threads' results. */
export function mergeChunks(pairs: SharedPairs, ...parts: ReadonlyMap<number, ScoredPair[]>[]): ScoredPair[] {
  const out: ScoredPair[] = [];
  for (let c = 0; c < chunkCount(pairs); c++) {
    const part = parts.find((p) => p.has(c))?.get(c);
    if (part === undefined) throw new Error(`chunk ${c} of the candidate pairs was not scored`);
    for (const pair of part) out.push(pair);
  }
  return out;
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
