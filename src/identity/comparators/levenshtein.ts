import { distance } from 'fastest-levenshtein';

/** Levenshtein edit distance (insert, delete, substitute each cost 1), bit-parallel via fastest-levenshtein. */
export function levenshteinDistance(a: string, b: string): number {
  if (a === b) return 0;
  if (a.length === 0) return b.length;
  if (b.length === 0) return a.length;
  return distance(a, b);
}

/** `1 - distance / max(|a|, |b|)` in [0, 1]; two empty strings score 1. */
export function levenshteinSimilarity(a: string, b: string): number {
  if (a === b) return 1;
  const max = a.length > b.length ? a.length : b.length;
  if (a.length === 0 || b.length === 0) return 0;
  return 1 - distance(a, b) / max;
}
