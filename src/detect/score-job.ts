import type { IdentityRules } from '../identity/rules.js';
import type { MatchModel } from '../identity/match-model.js';
import type { PairOutcome, PairScorer, PreparedParts } from '../identity/pair-scorer.js';
import { roleFlag } from '../identity/feature-names.js';
import { PAIR_DECISIONS } from '../identity/decision.js';
import type { ScoredPair } from './score-pairs.js';

/** The columns a PairScorer reads: every field and the role flags of email fields. */
export function scorerColumns(rules: IdentityRules): string[] {
  return rules.fields.flatMap((f) => (f.type === 'email' ? [f.name, roleFlag(f.name)] : [f.name]));
}

/**
 * What the helper derives from the store while the main thread blocks and estimates (the helper's first
 * message): the shared key values and the scorer's prepared parts, for both threads' scorers.
 */
export interface HelperPrepared {
  readonly shared: ReadonlyMap<string, ReadonlySet<string>>;
  readonly prepared: PreparedParts;
}

/** The main thread's reply: the estimated model and the pairs to score with it. */
export interface HelperOrder {
  readonly kind: 'score';
  readonly model: MatchModel;
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

/**
 * A thread's kept pairs as a few flat arrays: posting them to another thread copies a handful of buffers
 * instead of cloning hundreds of thousands of small objects one by one.
 */
export interface PackedPairs {
  /** Chunk numbers, and where each chunk's pairs end in the arrays below. */
  readonly chunks: Int32Array;
  readonly ends: Int32Array;
  readonly a: Int32Array;
  readonly b: Int32Array;
  readonly probability: Float64Array;
  readonly weight: Float64Array;
  readonly decision: Uint8Array;
  /** Rule and guards (joined by a newline) as codes into `texts`. */
  readonly rule: Int32Array;
  readonly guards: Int32Array;
  readonly texts: string[];
  /** Levels of pair k at [k * width, (k + 1) * width); swapped: 1, 0, or 2 when the pair has no levels. */
  readonly width: number;
  readonly levels: Uint8Array;
  readonly swapped: Uint8Array;
}

const NO_LEVELS = 2;

export function packPairs(byChunk: ReadonlyMap<number, readonly ScoredPair[]>): PackedPairs {
  let n = 0;
  let width = 0;
  for (const pairs of byChunk.values()) {
    n += pairs.length;
    for (const p of pairs) width = Math.max(width, p.levels?.levels.length ?? 0);
  }
  const texts: string[] = [];
  const codes = new Map<string, number>();
  const code = (text: string): number => {
    let c = codes.get(text);
    if (c === undefined) codes.set(text, (c = texts.push(text) - 1));
    return c;
  };
  const packed: PackedPairs = {
    chunks: Int32Array.from(byChunk.keys()),
    ends: new Int32Array(byChunk.size),
    a: new Int32Array(n),
    b: new Int32Array(n),
    probability: new Float64Array(n),
    weight: new Float64Array(n),
    decision: new Uint8Array(n),
    rule: new Int32Array(n),
    guards: new Int32Array(n),
    texts,
    width,
    levels: new Uint8Array(n * width),
    swapped: new Uint8Array(n),
  };
  let k = 0;
  let c = 0;
  for (const pairs of byChunk.values()) {
    for (const p of pairs) {
      packed.a[k] = p.a;
      packed.b[k] = p.b;
      packed.probability[k] = p.outcome.probability;
      packed.weight[k] = p.outcome.weight;
      packed.decision[k] = PAIR_DECISIONS.indexOf(p.outcome.decision);
      packed.rule[k] = code(p.outcome.rule);
      packed.guards[k] = code(p.outcome.guards.join('\n'));
      if (p.levels === undefined) packed.swapped[k] = NO_LEVELS;
      else {
        packed.levels.set(p.levels.levels, k * width);
        packed.swapped[k] = p.levels.swapped ? 1 : 0;
      }
      k++;
    }
    packed.ends[c++] = k;
  }
  return packed;
}

export function unpackPairs(packed: PackedPairs): Map<number, ScoredPair[]> {
  const out = new Map<number, ScoredPair[]>();
  let k = 0;
  for (let c = 0; c < packed.chunks.length; c++) {
    const pairs: ScoredPair[] = [];
    for (const end = packed.ends[c]!; k < end; k++) {
      const guards = packed.texts[packed.guards[k]!]!;
      const outcome: PairOutcome = {
        decision: PAIR_DECISIONS[packed.decision[k]!]!,
        probability: packed.probability[k]!,
        weight: packed.weight[k]!,
        rule: packed.texts[packed.rule[k]!]!,
        guards: guards === '' ? [] : guards.split('\n'),
      };
      const swapped = packed.swapped[k]!;
      pairs.push(
        swapped === NO_LEVELS
          ? { a: packed.a[k]!, b: packed.b[k]!, outcome }
          : {
              a: packed.a[k]!,
              b: packed.b[k]!,
              outcome,
              levels: {
                levels: packed.levels.subarray(k * packed.width, (k + 1) * packed.width),
                swapped: swapped === 1,
              },
            },
      );
    }
    out.set(packed.chunks[c]!, pairs);
  }
  return out;
}

/** The buffers of packed pairs, to transfer rather than copy them. */
export function packedBuffers(packed: PackedPairs): ArrayBuffer[] {
  const arrays = [packed.chunks, packed.ends, packed.a, packed.b, packed.probability, packed.weight];
  const more = [packed.decision, packed.rule, packed.guards, packed.levels, packed.swapped];
  return [...arrays, ...more].map((x) => x.buffer as ArrayBuffer);
}
