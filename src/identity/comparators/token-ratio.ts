/**
 * Indel ratio and the fuzzywuzzy token ratios built on it.
 *
 * `ratio` is the normalized insert/delete similarity rapidfuzz uses in place of Python's
 * SequenceMatcher: `2 * LCS / (|a| + |b|)`. The longest common subsequence is computed after
 * stripping the common prefix and suffix, bit-parallel (Allison-Dix / Hyyrö) when the shorter
 * remainder fits in 32 code units, else with one dynamic-programming row.
 *
 * Tokens are maximal runs of non-whitespace (Python `str.split()` whitespace), kept as offsets
 * and sorted by UTF-16 code units; the strings being compared are rebuilt as code units in
 * module-level buffers reused across calls, so no call allocates once the buffers are large
 * enough. No case folding or punctuation stripping happens here (values arrive normalized).
 */

/** Scratch for one side of a comparison: token offsets and rebuilt code units. */
interface Side {
  starts: Int32Array;
  ends: Int32Array;
  /** Per token: 1 when the other side holds the same token (token set ratio). */
  shared: Uint8Array;
  count: number;
  units: Uint16Array;
}

const newSide = (): Side => ({
  starts: new Int32Array(16),
  ends: new Int32Array(16),
  shared: new Uint8Array(16),
  count: 0,
  units: new Uint16Array(64),
});
const sideA = newSide();
const sideB = newSide();

/** Bit mask of positions per UTF-16 code unit in the current pattern; entries are cleared after use. */
const peq = new Int32Array(0x10000);
let lcsRow = new Int32Array(64);

function reserveUnits(side: Side, length: number): void {
  if (side.units.length < length) side.units = new Uint16Array(Math.max(length, side.units.length * 2));
}

function reserveTokens(side: Side, count: number): void {
  if (side.starts.length >= count) return;
  const size = Math.max(count, side.starts.length * 2);
  const starts = new Int32Array(size);
  const ends = new Int32Array(size);
  starts.set(side.starts);
  ends.set(side.ends);
  side.starts = starts;
  side.ends = ends;
  side.shared = new Uint8Array(size);
}

function copyUnits(s: string, side: Side): void {
  reserveUnits(side, s.length);
  const u = side.units;
  for (let i = 0; i < s.length; i++) u[i] = s.charCodeAt(i);
}

function popcount(x: number): number {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  x = (x + (x >>> 4)) & 0x0f0f0f0f;
  return Math.imul(x, 0x01010101) >>> 24;
}

function lcsBitParallel(
  p: Uint16Array,
  pStart: number,
  n: number,
  t: Uint16Array,
  tStart: number,
  m: number,
): number {
  for (let i = 0; i < n; i++) peq[p[pStart + i]!]! |= 1 << i;
  let s = -1;
  for (let j = 0; j < m; j++) {
    const u = s & peq[t[tStart + j]!]!;
    s = (s + u) | (s - u);
  }
  for (let i = 0; i < n; i++) peq[p[pStart + i]!] = 0;
  return popcount(~s & (n === 32 ? -1 : (1 << n) - 1));
}

function lcsMatrix(
  p: Uint16Array,
  pStart: number,
  n: number,
  t: Uint16Array,
  tStart: number,
  m: number,
): number {
  if (lcsRow.length <= n) lcsRow = new Int32Array(Math.max(n + 1, lcsRow.length * 2));
  const row = lcsRow;
  row.fill(0, 0, n + 1);
  for (let j = 0; j < m; j++) {
    const c = t[tStart + j];
    let diag = 0;
    for (let i = 1; i <= n; i++) {
      const up = row[i]!;
      if (p[pStart + i - 1] === c) row[i] = diag + 1;
      else {
        const left = row[i - 1]!;
        if (left > up) row[i] = left;
      }
      diag = up;
    }
  }
  return row[n]!;
}

/** Length of the longest common subsequence of the first `lenA` / `lenB` units of `a` / `b`. */
function lcsLength(a: Uint16Array, lenA: number, b: Uint16Array, lenB: number): number {
  if (lenA > lenB) {
    const s = a;
    a = b;
    b = s;
    const l = lenA;
    lenA = lenB;
    lenB = l;
  }
  let start = 0;
  while (start < lenA && a[start] === b[start]) start++;
  let endA = lenA;
  let endB = lenB;
  while (endA > start && a[endA - 1] === b[endB - 1]) {
    endA--;
    endB--;
  }
  const affix = start + (lenA - endA);
  const n = endA - start;
  const m = endB - start;
  if (n === 0) return affix;
  if (n <= 32) return affix + lcsBitParallel(a, start, n, b, start, m);
  return affix + lcsMatrix(a, start, n, b, start, m);
}

/** `2 * LCS / (lenA + lenB)` of the rebuilt units of both sides; 1 when both are empty. */
function unitsRatio(lenA: number, lenB: number): number {
  if (lenA === 0 || lenB === 0) return lenA === lenB ? 1 : 0;
  return (2 * lcsLength(sideA.units, lenA, sideB.units, lenB)) / (lenA + lenB);
}

/** Indel similarity `(|a| + |b| - indelDistance) / (|a| + |b|)` in [0, 1]; two empty strings score 1. */
export function ratio(a: string, b: string): number {
  if (a === b) return 1;
  if (a.length === 0 || b.length === 0) return 0;
  copyUnits(a, sideA);
  copyUnits(b, sideB);
  return unitsRatio(a.length, b.length);
}

function isSpace(c: number): boolean {
  if (c > 32) {
    return (
      c >= 0x85 &&
      (c === 0x85 ||
        c === 0xa0 ||
        c === 0x1680 ||
        (c >= 0x2000 && c <= 0x200a) ||
        c === 0x2028 ||
        c === 0x2029 ||
        c === 0x202f ||
        c === 0x205f ||
        c === 0x3000)
    );
  }
  return c === 32 || (c >= 9 && c <= 13) || (c >= 28 && c <= 31);
}

/** Records the offsets of the whitespace-separated tokens of `s` in `side`. */
function tokenize(s: string, side: Side): void {
  let count = 0;
  let start = -1;
  for (let i = 0; i <= s.length; i++) {
    if (i === s.length || isSpace(s.charCodeAt(i))) {
      if (start >= 0) {
        reserveTokens(side, count + 1);
        side.starts[count] = start;
        side.ends[count] = i;
        count++;
        start = -1;
      }
    } else if (start < 0) start = i;
  }
  side.count = count;
}

/** Code-unit order of `x[xs, xe)` against `y[ys, ye)`: negative, 0 or positive. */
function compareSpans(x: string, xs: number, xe: number, y: string, ys: number, ye: number): number {
  const lx = xe - xs;
  const ly = ye - ys;
  const n = lx < ly ? lx : ly;
  for (let k = 0; k < n; k++) {
    const d = x.charCodeAt(xs + k) - y.charCodeAt(ys + k);
    if (d !== 0) return d;
  }
  return lx - ly;
}

/** Sorts the tokens of `side` (insertion sort: token lists are short); drops repeats when `unique`. */
function sortTokens(s: string, side: Side, unique: boolean): void {
  const starts = side.starts;
  const ends = side.ends;
  let count = 0;
  for (let r = 0; r < side.count; r++) {
    const ts = starts[r]!;
    const te = ends[r]!;
    let i = count;
    let order = 1;
    while (i > 0 && (order = compareSpans(s, starts[i - 1]!, ends[i - 1]!, s, ts, te)) > 0) {
      starts[i] = starts[i - 1]!;
      ends[i] = ends[i - 1]!;
      i--;
    }
    if (unique && i > 0 && order === 0) {
      for (let k = i; k < count; k++) {
        starts[k] = starts[k + 1]!;
        ends[k] = ends[k + 1]!;
      }
      continue;
    }
    starts[i] = ts;
    ends[i] = te;
    count++;
  }
  side.count = count;
}

/**
 * Writes the tokens of `side` joined by single spaces into its units, keeping only tokens whose
 * `shared` flag equals `shared` unless `shared` is -1; returns the length written.
 */
function writeJoined(s: string, side: Side, shared: number): number {
  reserveUnits(side, s.length);
  const u = side.units;
  let len = 0;
  for (let t = 0; t < side.count; t++) {
    if (shared >= 0 && side.shared[t] !== shared) continue;
    if (len > 0) u[len++] = 32;
    for (let i = side.starts[t]!; i < side.ends[t]!; i++) u[len++] = s.charCodeAt(i);
  }
  return len;
}

/** Ratio of the two values with their tokens sorted and joined by single spaces (fuzzywuzzy `token_sort_ratio`). */
export function tokenSortRatio(a: string, b: string): number {
  if (a === b) return 1;
  tokenize(a, sideA);
  tokenize(b, sideB);
  sortTokens(a, sideA, false);
  sortTokens(b, sideB, false);
  return unitsRatio(writeJoined(a, sideA, -1), writeJoined(b, sideB, -1));
}

/**
 * fuzzywuzzy `token_set_ratio`: with `I` the sorted common tokens and `Da`, `Db` the sorted tokens
 * only in `a` / only in `b`, the best of ratio(I, I+Da), ratio(I, I+Db) and ratio(I+Da, I+Db).
 * The first two and the shared prefix of the third are worked out from lengths alone.
 * A value sharing tokens with the other whose tokens are all among the other's scores 1;
 * two token-less values score 1, one token-less value 0.
 */
export function tokenSetRatio(a: string, b: string): number {
  if (a === b) return 1;
  tokenize(a, sideA);
  tokenize(b, sideB);
  if (sideA.count === 0 || sideB.count === 0) return sideA.count === sideB.count ? 1 : 0;
  sortTokens(a, sideA, true);
  sortTokens(b, sideB, true);

  const sa = sideA.starts;
  const ea = sideA.ends;
  const sb = sideB.starts;
  const eb = sideB.ends;
  sideA.shared.fill(0, 0, sideA.count);
  sideB.shared.fill(0, 0, sideB.count);
  let common = 0;
  let sectLen = -1;
  let i = 0;
  let j = 0;
  while (i < sideA.count && j < sideB.count) {
    const order = compareSpans(a, sa[i]!, ea[i]!, b, sb[j]!, eb[j]!);
    if (order === 0) {
      sideA.shared[i] = 1;
      sideB.shared[j] = 1;
      common++;
      sectLen += ea[i]! - sa[i]! + 1;
      i++;
      j++;
    } else if (order < 0) i++;
    else j++;
  }

  const restA = writeJoined(a, sideA, 0);
  const restB = writeJoined(b, sideB, 0);
  if (common === 0) return unitsRatio(restA, restB);
  if (restA === 0 || restB === 0) return 1;

  const withA = sectLen + 1 + restA;
  const withB = sectLen + 1 + restB;
  const sectVsA = (2 * sectLen) / (sectLen + withA);
  const sectVsB = (2 * sectLen) / (sectLen + withB);
  const combined = (2 * (sectLen + 1 + lcsLength(sideA.units, restA, sideB.units, restB))) / (withA + withB);
  let best = sectVsA > sectVsB ? sectVsA : sectVsB;
  if (combined > best) best = combined;
  return best;
}
