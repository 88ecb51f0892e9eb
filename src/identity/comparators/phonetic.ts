import { phoneticKeys } from '../../normalize/phonetic.js';

/**
 * Double-metaphone keys (of the folded value, as blocking uses them) of the last two distinct
 * values seen. Candidate pairs are scored one record against many, so one side usually repeats;
 * this skips recomputing its keys.
 */
let memoValue0 = '';
let memoKeys0: readonly [string, string] = ['', ''];
let memoValue1 = '';
let memoKeys1: readonly [string, string] = ['', ''];
let memoNext = 0;

function keysOf(value: string): readonly [string, string] {
  if (value === memoValue0) return memoKeys0;
  if (value === memoValue1) return memoKeys1;
  const keys = phoneticKeys(value);
  if (memoNext === 0) {
    memoValue0 = value;
    memoKeys0 = keys;
  } else {
    memoValue1 = value;
    memoKeys1 = keys;
  }
  memoNext ^= 1;
  return keys;
}

/**
 * 1 when the values are equal or their primary double-metaphone keys are equal, 0.9 when any
 * primary or secondary key of one equals one of the other's, else 0. Case, diacritics and spaces
 * do not matter (keys come from the folded value); empty keys (no letters) never match.
 */
export function phoneticSimilarity(a: string, b: string): number {
  if (a === b) return 1;
  const [pa, sa] = keysOf(a);
  const [pb, sb] = keysOf(b);
  if (pa.length !== 0 && pa === pb) return 1;
  if (pa.length !== 0 && pa === sb) return 0.9;
  if (sa.length !== 0 && (sa === pb || sa === sb)) return 0.9;
  return 0;
}
