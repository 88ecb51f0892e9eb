import type { FeatureStore } from './feature-store.js';
import type { BlockingRule } from './rules.js';
import { CandidatePairs } from './candidate-pairs.js';

export interface BlockingOptions {
  /** Blocks with more pairs than maxBlockSize² / 2 are compared by a sorted window instead of all pairs. */
  readonly maxBlockSize: number;
  /** Neighbours each record is compared with inside an oversized block. */
  readonly window: number;
  /** Features an oversized block is sorted by before the window slides over it. */
  readonly sortFeatures: readonly string[];
  /** Link mode: records at index ≥ linkSplit come from the second input; only cross pairs are made. */
  readonly linkSplit?: number;
}

export interface BlockingStats {
  readonly pairsByRule: readonly {
    readonly rule: string;
    readonly pairs: number;
    readonly oversizedBlocks: number;
  }[];
  readonly oversizedBlocks: number;
}

const SEPARATOR = '\u0001';

/**
 * Candidate pairs from the blocking rules, each pair once: a pair that an earlier rule already produced
 * (same non-empty key, block not oversized) is not produced again.
 */
export function blockPairs(
  store: FeatureStore,
  rules: readonly BlockingRule[],
  options: BlockingOptions,
): { pairs: CandidatePairs; stats: BlockingStats } {
  const pairs = new CandidatePairs();
  const keysByRule: (readonly string[])[] = [];
  const oversizedByRule: Set<string>[] = [];
  const pairsByRule: { rule: string; pairs: number; oversizedBlocks: number }[] = [];
  const split = options.linkSplit;
  const sortColumns = options.sortFeatures.filter((f) => store.has(f)).map((f) => store.column(f));
  const maxPairs = (options.maxBlockSize * (options.maxBlockSize - 1)) / 2;

  rules.forEach((rule, r) => {
    const keys = blockKeys(store, rule);
    const oversized = new Set<string>();
    keysByRule.push(keys);
    oversizedByRule.push(oversized);
    const before = pairs.size;
    const seenEarlier = (i: number, j: number): boolean => {
      for (let q = 0; q < r; q++) {
        const k = keysByRule[q]![i]!;
        if (k !== '' && k === keysByRule[q]![j] && !oversizedByRule[q]!.has(k)) return true;
      }
      return false;
    };
    const emit = (i: number, j: number): void => {
      if (split !== undefined && i < split === j < split) return;
      if (!seenEarlier(i, j)) pairs.push(i, j, r);
    };

    for (const [key, members] of groupByKey(keys)) {
      if (members.length < 2) continue;
      const blockPairCount = countPairs(members, split);
      if (blockPairCount <= maxPairs) {
        for (let x = 0; x < members.length; x++) {
          for (let y = x + 1; y < members.length; y++) emit(members[x]!, members[y]!);
        }
        continue;
      }
      oversized.add(key);
      const sorted = sortMembers(members, sortColumns);
      for (let x = 0; x < sorted.length; x++) {
        const end = Math.min(sorted.length, x + 1 + options.window);
        for (let y = x + 1; y < end; y++) {
          const i = sorted[x]!;
          const j = sorted[y]!;
          emit(Math.min(i, j), Math.max(i, j));
        }
      }
    }
    pairsByRule.push({ rule: rule.name, pairs: pairs.size - before, oversizedBlocks: oversized.size });
  });

  const oversizedBlocks = oversizedByRule.reduce((sum, s) => sum + s.size, 0);
  return { pairs, stats: { pairsByRule, oversizedBlocks } };
}

/** The blocking key of every record for one rule ('' when any part is empty). */
export function blockKeys(store: FeatureStore, rule: BlockingRule): string[] {
  const columns = rule.keys.map((k) => store.column(k));
  const out = new Array<string>(store.size);
  for (let i = 0; i < store.size; i++) out[i] = blockKeyOf(columns, i, rule.anyOrder === true);
  return out;
}

export function blockKeyOf(columns: readonly (readonly string[])[], i: number, anyOrder = false): string {
  if (columns.length === 1) return columns[0]![i] ?? '';
  if (anyOrder) {
    const parts = columns.map((c) => c[i] ?? '');
    return parts.includes('') ? '' : parts.sort().join(SEPARATOR);
  }
  let key = '';
  for (let c = 0; c < columns.length; c++) {
    const part = columns[c]![i] ?? '';
    if (part === '') return '';
    key = c === 0 ? part : key + SEPARATOR + part;
  }
  return key;
}

/** Records sharing a key, for keys held by two or more records (singletons cost no array). */
function groupByKey(keys: readonly string[]): Map<string, number[]> {
  const first = new Map<string, number>();
  const groups = new Map<string, number[]>();
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i]!;
    if (key === '') continue;
    const seen = first.get(key);
    if (seen === undefined) {
      first.set(key, i);
      continue;
    }
    const members = groups.get(key);
    if (members === undefined) groups.set(key, [seen, i]);
    else members.push(i);
  }
  return groups;
}

function countPairs(members: readonly number[], split: number | undefined): number {
  if (split === undefined) return (members.length * (members.length - 1)) / 2;
  let left = 0;
  for (const m of members) if (m < split) left++;
  return left * (members.length - left);
}

function sortMembers(members: readonly number[], columns: readonly (readonly string[])[]): number[] {
  const sortKey = (i: number): string => columns.map((c) => c[i] ?? '').join(SEPARATOR);
  return members
    .map((i) => ({ i, key: sortKey(i) }))
    .sort((x, y) => (x.key < y.key ? -1 : x.key > y.key ? 1 : x.i - y.i))
    .map((x) => x.i);
}
