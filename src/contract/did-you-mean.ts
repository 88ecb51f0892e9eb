import { levenshteinDistance } from '../identity/comparators/levenshtein.js';

/**
 * The known name closest to `input` by edit distance, or `null` when none is close enough to be a
 * plausible typo: 1 edit for names up to 3 characters, 2 up to 6, 3 beyond.
 */
export function didYouMean(input: string, known: readonly string[]): string | null {
  const needle = input.toLowerCase();
  let best: string | null = null;
  let bestDistance = Infinity;
  for (const candidate of known) {
    const d = levenshteinDistance(needle, candidate.toLowerCase());
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  if (best === null) return null;
  const length = Math.min(needle.length, best.length);
  const limit = length <= 3 ? 1 : length <= 6 ? 2 : 3;
  return bestDistance <= limit ? best : null;
}
