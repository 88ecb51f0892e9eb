import type { FeatureStore } from './feature-store.js';
import type { BlockingRule } from './rules.js';
import { CandidatePairs } from './candidate-pairs.js';
import { codeValues } from './value-codes.js';

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
 * (same non-empty key, and the block compared in full or the pair inside its sorted window) is not
 * produced again.
 */
export function blockPairs(
  store: FeatureStore,
  rules: readonly BlockingRule[],
  options: BlockingOptions,
): { pairs: CandidatePairs; stats: BlockingStats } {
  const pairs = new CandidatePairs();
  const codesByRule: Int32Array[] = [];
  const oversizedByRule: Uint8Array[] = [];
  /** Per rule, each record's place in its oversized block's sorted order (where the window slid). */
  const placeByRule: Int32Array[] = [];
  const pairsByRule: { rule: string; pairs: number; oversizedBlocks: number }[] = [];
  const split = options.linkSplit;
  const sortColumns = options.sortFeatures.filter((f) => store.has(f)).map((f) => store.column(f));
  const maxPairs = (options.maxBlockSize * (options.maxBlockSize - 1)) / 2;
  const values = new ValueCodes(store, rules);

  rules.forEach((rule, r) => {
    const { codes, count } = values.keyCodes(rule);
    const oversized = new Uint8Array(count);
    const place = new Int32Array(store.size);
    codesByRule.push(codes);
    oversizedByRule.push(oversized);
    placeByRule.push(place);
    let oversizedCount = 0;
    const before = pairs.size;
    /** Whether an earlier rule produced the pair: same key, and the block compared in full or the pair within its window. */
    const seenEarlier = (i: number, j: number): boolean => {
      for (let q = 0; q < r; q++) {
        const k = codesByRule[q]![i]!;
        if (k < 0 || k !== codesByRule[q]![j]) continue;
        if (oversizedByRule[q]![k] === 0) return true;
        const apart = placeByRule[q]![i]! - placeByRule[q]![j]!;
        if (apart <= options.window && apart >= -options.window) return true;
      }
      return false;
    };
    const emit = (i: number, j: number): void => {
      if (split !== undefined && i < split === j < split) return;
      if (!seenEarlier(i, j)) pairs.push(i, j, r);
    };

    forEachGroup(codes, count, (key, members) => {
      const blockPairCount = countPairs(members, split);
      if (blockPairCount <= maxPairs) {
        for (let x = 0; x < members.length; x++) {
          for (let y = x + 1; y < members.length; y++) emit(members[x]!, members[y]!);
        }
        return;
      }
      oversized[key] = 1;
      oversizedCount++;
      const sorted = sortMembers(members, sortColumns);
      for (let x = 0; x < sorted.length; x++) place[sorted[x]!] = x;
      for (let x = 0; x < sorted.length; x++) {
        const end = Math.min(sorted.length, x + 1 + options.window);
        for (let y = x + 1; y < end; y++) {
          const i = sorted[x]!;
          const j = sorted[y]!;
          emit(Math.min(i, j), Math.max(i, j));
        }
      }
    });
    pairsByRule.push({ rule: rule.name, pairs: pairs.size - before, oversizedBlocks: oversizedCount });
  });

  const oversizedBlocks = pairsByRule.reduce((sum, s) => sum + s.oversizedBlocks, 0);
  return { pairs, stats: { pairsByRule, oversizedBlocks } };
}

/**
 * Blocking keys as dense integers: every value of a key column gets a code, and every combination of
 * codes a rule uses gets a code of its own, so grouping is a counting sort and comparing keys an integer
 * comparison — no key strings are built.
 */
class ValueCodes {
  /**
   * Dictionaries by code space: a column has its own (small ones stay in cache), except that the parts of
   * a rule compared in any order must share one, so that (A, B) and (B, A) give the same codes.
   */
  private readonly dictionaries = new Map<string, Map<string, number>>();
  private readonly spaceOf = new Map<string, string>();
  private readonly columns = new Map<string, Int32Array>();

  constructor(
    private readonly store: FeatureStore,
    rules: readonly BlockingRule[],
  ) {
    for (const rule of rules) {
      if (rule.anyOrder !== true) continue;
      for (const key of rule.keys) this.spaceOf.set(key, '\u0001any order');
    }
  }

  private dictionaryOf(name: string): Map<string, number> {
    const space = this.spaceOf.get(name) ?? name;
    let dictionary = this.dictionaries.get(space);
    if (dictionary === undefined) this.dictionaries.set(space, (dictionary = new Map()));
    return dictionary;
  }

  /** Code of each record's value of one feature; -1 when empty. Codes count from 0 in the feature's space. */
  column(name: string): Int32Array {
    const known = this.columns.get(name);
    if (known !== undefined) return known;
    const column = this.store.column(name);
    const codes = codeValues(column, this.dictionaryOf(name));
    this.columns.set(name, codes);
    return codes;
  }

  /** The rule's key code of every record (-1 when any part is empty) and how many codes there are. */
  keyCodes(rule: BlockingRule): { codes: Int32Array; count: number } {
    const n = this.store.size;
    let parts = rule.keys.map((k) => this.column(k));
    const first = this.dictionaryOf(rule.keys[0]!).size;
    if (parts.length === 1) return { codes: parts[0]!, count: first };
    if (rule.anyOrder === true) parts = sortedParts(parts, n);
    let codes = parts[0]!;
    let count = first;
    for (let p = 1; p < parts.length; p++) {
      const next = parts[p]!;
      const combined = new Int32Array(n);
      // At most one new pair per record, and usually far fewer: sized for a quarter, it grows when needed.
      const pairCodes = new PairCodes(n >> 2);
      for (let i = 0; i < n; i++) {
        const x = codes[i]!;
        const y = next[i]!;
        combined[i] = x < 0 || y < 0 ? -1 : pairCodes.codeOf(x, y);
      }
      codes = combined;
      count = pairCodes.size;
    }
    return { codes, count };
  }
}

/**
 * Dense codes for pairs of codes, numbered in order of first appearance: open addressing over one typed
 * array (a slot holds x, y and the code side by side, one cache line), since a Map keyed by the combined
 * number would box every key past 2^31 and trace millions of them.
 */
class PairCodes {
  private slots: Int32Array;
  private mask: number;
  size = 0;

  /** @param expected how many pairs there may be (the table grows past it) */
  constructor(expected: number) {
    let capacity = 1 << 12;
    while (capacity < expected * 2) capacity *= 2;
    this.slots = new Int32Array(capacity * 3).fill(-1);
    this.mask = capacity - 1;
  }

  /** The code of (x, y), both ≥ 0; a new one when the pair is new. */
  codeOf(x: number, y: number): number {
    const slots = this.slots;
    let slot = PairCodes.hash(x, y) & this.mask;
    for (;;) {
      const at = slot * 3;
      const held = slots[at]!;
      if (held === -1) break;
      if (held === x && slots[at + 1] === y) return slots[at + 2]!;
      slot = (slot + 1) & this.mask;
    }
    if ((this.size + 1) * 2 > this.mask + 1) {
      this.grow();
      return this.codeOf(x, y);
    }
    const at = slot * 3;
    slots[at] = x;
    slots[at + 1] = y;
    slots[at + 2] = this.size;
    return this.size++;
  }

  private static hash(x: number, y: number): number {
    let h = Math.imul(x ^ Math.imul(y, 0x9e3779b1), 0x85ebca6b);
    h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
    return h ^ (h >>> 16);
  }

  private grow(): void {
    const old = this.slots;
    const capacity = (this.mask + 1) * 2;
    this.slots = new Int32Array(capacity * 3).fill(-1);
    this.mask = capacity - 1;
    for (let at = 0; at < old.length; at += 3) {
      const x = old[at]!;
      if (x === -1) continue;
      let slot = PairCodes.hash(x, old[at + 1]!) & this.mask;
      while (this.slots[slot * 3] !== -1) slot = (slot + 1) & this.mask;
      this.slots.set(old.subarray(at, at + 3), slot * 3);
    }
  }
}

/** The parts of each record's key in ascending code order (the key parts compared as a set). */
function sortedParts(parts: readonly Int32Array[], n: number): Int32Array[] {
  const out = parts.map(() => new Int32Array(n));
  const row = new Int32Array(parts.length);
  for (let i = 0; i < n; i++) {
    for (let p = 0; p < parts.length; p++) row[p] = parts[p]![i]!;
    row.sort();
    for (let p = 0; p < parts.length; p++) out[p]![i] = row[p]!;
  }
  return out;
}

/** Calls `visit` for every key held by two or more records, members in record order (counting sort). */
function forEachGroup(
  codes: Int32Array,
  count: number,
  visit: (key: number, members: Int32Array) => void,
): void {
  const sizes = new Int32Array(count + 1);
  for (let i = 0; i < codes.length; i++) {
    const c = codes[i]!;
    if (c >= 0) sizes[c + 1]!++;
  }
  for (let c = 0; c < count; c++) sizes[c + 1]! += sizes[c]!;
  const starts = sizes.slice(0, count);
  const members = new Int32Array(sizes[count]!);
  for (let i = 0; i < codes.length; i++) {
    const c = codes[i]!;
    if (c >= 0) members[starts[c]!++] = i;
  }
  for (let c = 0; c < count; c++) {
    const from = sizes[c]!;
    const to = sizes[c + 1]!;
    if (to - from >= 2) visit(c, members.subarray(from, to));
  }
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

function countPairs(members: Int32Array, split: number | undefined): number {
  if (split === undefined) return (members.length * (members.length - 1)) / 2;
  let left = 0;
  for (const m of members) if (m < split) left++;
  return left * (members.length - left);
}

function sortMembers(members: Int32Array, columns: readonly (readonly string[])[]): number[] {
  return Array.from(members).sort((x, y) => {
    for (const column of columns) {
      const a = column[x] ?? '';
      const b = column[y] ?? '';
      if (a !== b) return a < b ? -1 : 1;
    }
    return x - y;
  });
}
