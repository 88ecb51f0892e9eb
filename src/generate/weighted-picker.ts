import type { Random } from './random.js';

/** Picks items with probability proportional to their weights (binary search over cumulative weights). */
export interface WeightedPicker<T> {
  pick(rng: Random): T;
  readonly items: readonly T[];
}

export function weightedPicker<T>(items: readonly T[], weights: readonly number[]): WeightedPicker<T> {
  if (items.length === 0 || items.length !== weights.length) {
    throw new Error('weightedPicker needs one weight per item and at least one item');
  }
  const cumulative = new Float64Array(items.length);
  let total = 0;
  for (let i = 0; i < weights.length; i++) {
    total += weights[i] ?? 0;
    cumulative[i] = total;
  }
  return {
    items,
    pick(rng) {
      const target = rng.next() * total;
      let lo = 0;
      let hi = cumulative.length - 1;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if ((cumulative[mid] ?? 0) > target) hi = mid;
        else lo = mid + 1;
      }
      return items[lo] as T;
    },
  };
}

/** Rank-frequency weights 1 / (rank + offset)^exponent, for lists ordered from most to least common. */
export function zipfWeights(count: number, exponent: number, offset = 1): number[] {
  const weights: number[] = [];
  for (let rank = 0; rank < count; rank++) weights.push(1 / Math.pow(rank + offset, exponent));
  return weights;
}
