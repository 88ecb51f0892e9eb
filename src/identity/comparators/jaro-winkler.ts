/**
 * Jaro and Jaro-Winkler similarity.
 *
 * When the longer string has at most 32 UTF-16 code units, matching runs bit-parallel: one bit
 * mask per character of the longer string, the search window as a mask, the first free match
 * as the lowest set bit. Longer strings use match flags in module-level typed arrays that are
 * reused across calls and marked with a per-call stamp. Either way a call allocates nothing.
 * Inputs are compared as given (case-sensitive); fold them upstream.
 */

/** Bit mask of positions per UTF-16 code unit in the longer string; entries are cleared after use. */
const peq = new Int32Array(0x10000);
let flagsA = new Uint32Array(64);
let flagsB = new Uint32Array(64);
let stamp = 0;

/** Makes room for strings of the given lengths and returns a stamp no flag currently holds. */
function nextStamp(lenA: number, lenB: number): number {
  if (flagsA.length < lenA) flagsA = new Uint32Array(Math.max(lenA, flagsA.length * 2));
  if (flagsB.length < lenB) flagsB = new Uint32Array(Math.max(lenB, flagsB.length * 2));
  if (stamp === 0xffffffff) {
    flagsA.fill(0);
    flagsB.fill(0);
    stamp = 0;
  }
  return ++stamp;
}

/** Index of the lowest set bit of a non-zero 32-bit value. */
function lowestBit(x: number): number {
  return 31 - Math.clz32(x & -x);
}

/** Jaro of `a` (shorter or equal) against `b`, `lenB <= 32`. */
function jaroBitParallel(a: string, lenA: number, b: string, lenB: number, window: number): number {
  for (let j = 0; j < lenB; j++) peq[b.charCodeAt(j)]! |= 1 << j;
  let flagsOfA = 0;
  let flagsOfB = 0;
  let matches = 0;
  for (let i = 0; i < lenA; i++) {
    const top = i + window + 1;
    let inWindow = top >= 32 ? -1 : (1 << top) - 1;
    if (i > window) inWindow &= ~((1 << (i - window)) - 1);
    const candidates = peq[a.charCodeAt(i)]! & inWindow & ~flagsOfB;
    if (candidates !== 0) {
      flagsOfB |= candidates & -candidates;
      flagsOfA |= 1 << i;
      matches++;
    }
  }
  for (let j = 0; j < lenB; j++) peq[b.charCodeAt(j)] = 0;
  if (matches === 0) return 0;

  let outOfOrder = 0;
  while (flagsOfA !== 0) {
    if (a.charCodeAt(lowestBit(flagsOfA)) !== b.charCodeAt(lowestBit(flagsOfB))) outOfOrder++;
    flagsOfA &= flagsOfA - 1;
    flagsOfB &= flagsOfB - 1;
  }
  const t = outOfOrder >> 1;
  return (matches / lenA + matches / lenB + (matches - t) / matches) / 3;
}

/**
 * Jaro similarity in [0, 1]: `(m/|a| + m/|b| + (m - t)/m) / 3` with matches searched within
 * `floor(max(|a|, |b|) / 2) - 1` positions and `t` half the out-of-order matches, rounded down
 * as in Winkler's strcmp95 (some libraries keep the half).
 * Two empty strings score 1, one empty string 0. The pair is put in a canonical order first
 * so the greedy matching gives the same score both ways round.
 */
export function jaro(a: string, b: string): number {
  if (a === b) return 1;
  let lenA = a.length;
  let lenB = b.length;
  if (lenA === 0 || lenB === 0) return 0;
  if (lenA > lenB || (lenA === lenB && a > b)) {
    const s = a;
    a = b;
    b = s;
    lenA = a.length;
    lenB = b.length;
  }
  const window = lenB < 4 ? 0 : (lenB >> 1) - 1;
  if (lenB <= 32) return jaroBitParallel(a, lenA, b, lenB, window);
  const mark = nextStamp(lenA, lenB);
  const fa = flagsA;
  const fb = flagsB;

  let matches = 0;
  for (let i = 0; i < lenA; i++) {
    const c = a.charCodeAt(i);
    const lo = i > window ? i - window : 0;
    const hi = i + window + 1 < lenB ? i + window + 1 : lenB;
    for (let j = lo; j < hi; j++) {
      if (fb[j] !== mark && b.charCodeAt(j) === c) {
        fa[i] = mark;
        fb[j] = mark;
        matches++;
        break;
      }
    }
  }
  if (matches === 0) return 0;

  let outOfOrder = 0;
  let k = 0;
  for (let i = 0; i < lenA; i++) {
    if (fa[i] !== mark) continue;
    while (fb[k] !== mark) k++;
    if (a.charCodeAt(i) !== b.charCodeAt(k)) outOfOrder++;
    k++;
  }
  const t = outOfOrder >> 1;
  return (matches / lenA + matches / lenB + (matches - t) / matches) / 3;
}

/** Jaro score above which the Winkler prefix boost applies (Winkler's standard threshold). */
export const WINKLER_BOOST_THRESHOLD = 0.7;

/**
 * Jaro-Winkler similarity in [0, 1]: when the Jaro score exceeds 0.7, it is raised by
 * `l * prefixScale * (1 - jaro)` for a common prefix of length `l <= 4`.
 * `prefixScale` should not exceed 0.25; the result is capped at 1 either way.
 */
export function jaroWinkler(a: string, b: string, prefixScale = 0.1): number {
  if (a === b) return 1;
  const j = jaro(a, b);
  if (j <= WINKLER_BOOST_THRESHOLD) return j;
  const max = Math.min(4, a.length, b.length);
  let l = 0;
  while (l < max && a.charCodeAt(l) === b.charCodeAt(l)) l++;
  const boosted = j + l * prefixScale * (1 - j);
  return boosted > 1 ? 1 : boosted;
}
