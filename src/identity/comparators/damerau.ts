/**
 * Damerau-Levenshtein distance in its optimal string alignment (OSA) form: insertions, deletions,
 * substitutions and transpositions of two adjacent characters each cost 1, and no substring is
 * edited twice.
 *
 * After the common prefix and suffix are stripped, a remainder of up to 32 code units in the
 * shorter string runs Hyyrö's bit-parallel OSA algorithm; longer ones fill a dynamic-programming
 * table row by row. Both work in module-level buffers reused across calls.
 */

/** Bit mask of positions per UTF-16 code unit in the current pattern; entries are cleared after use. */
const peq = new Int32Array(0x10000);
let rowPrev2 = new Int32Array(64);
let rowPrev = new Int32Array(64);
let rowCur = new Int32Array(64);

function osaBitParallel(a: string, aStart: number, n: number, b: string, bStart: number, m: number): number {
  for (let i = 0; i < n; i++) peq[a.charCodeAt(aStart + i)]! |= 1 << i;
  const last = 1 << (n - 1);
  let vp = -1;
  let vn = 0;
  let d0 = 0;
  let pmOld = 0;
  let dist = n;
  for (let j = 0; j < m; j++) {
    const pm = peq[b.charCodeAt(bStart + j)]!;
    const tr = (((~d0 & pm) << 1) & pmOld) | 0;
    d0 = (((pm & vp) + vp) ^ vp) | pm | vn | tr | 0;
    let hp = vn | ~(d0 | vp);
    let hn = d0 & vp;
    if ((hp & last) !== 0) dist++;
    if ((hn & last) !== 0) dist--;
    hp = (hp << 1) | 1;
    hn = hn << 1;
    vp = hn | ~(d0 | hp);
    vn = hp & d0;
    pmOld = pm;
  }
  for (let i = 0; i < n; i++) peq[a.charCodeAt(aStart + i)] = 0;
  return dist;
}

function osaMatrix(a: string, aStart: number, n: number, b: string, bStart: number, m: number): number {
  if (rowCur.length <= n) {
    const size = Math.max(n + 1, rowCur.length * 2);
    rowPrev2 = new Int32Array(size);
    rowPrev = new Int32Array(size);
    rowCur = new Int32Array(size);
  }
  let p2 = rowPrev2;
  let p1 = rowPrev;
  let cur = rowCur;
  for (let i = 0; i <= n; i++) p1[i] = i;
  let prevB = -1;
  for (let j = 1; j <= m; j++) {
    const cb = b.charCodeAt(bStart + j - 1);
    cur[0] = j;
    let prevA = -1;
    for (let i = 1; i <= n; i++) {
      const ca = a.charCodeAt(aStart + i - 1);
      const del = p1[i]! + 1;
      const ins = cur[i - 1]! + 1;
      const sub = p1[i - 1]! + (ca === cb ? 0 : 1);
      let best = del < ins ? del : ins;
      if (sub < best) best = sub;
      if (ca === prevB && cb === prevA && ca !== cb) {
        const tr = p2[i - 2]! + 1;
        if (tr < best) best = tr;
      }
      cur[i] = best;
      prevA = ca;
    }
    prevB = cb;
    const t = p2;
    p2 = p1;
    p1 = cur;
    cur = t;
  }
  return p1[n]!;
}

/** OSA Damerau-Levenshtein distance between `a` and `b`. */
export function damerauDistance(a: string, b: string): number {
  if (a === b) return 0;
  if (a.length > b.length) {
    const s = a;
    a = b;
    b = s;
  }
  let endA = a.length;
  let endB = b.length;
  let start = 0;
  while (start < endA && a.charCodeAt(start) === b.charCodeAt(start)) start++;
  while (endA > start && a.charCodeAt(endA - 1) === b.charCodeAt(endB - 1)) {
    endA--;
    endB--;
  }
  const n = endA - start;
  const m = endB - start;
  if (n === 0) return m;
  if (n <= 32) return osaBitParallel(a, start, n, b, start, m);
  return osaMatrix(a, start, n, b, start, m);
}

/** `1 - damerauDistance / max(|a|, |b|)` in [0, 1]; two empty strings score 1. */
export function damerauSimilarity(a: string, b: string): number {
  if (a === b) return 1;
  const max = a.length > b.length ? a.length : b.length;
  return 1 - damerauDistance(a, b) / max;
}
