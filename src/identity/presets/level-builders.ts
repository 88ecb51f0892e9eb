import type { ComparatorName, Comparison, ComparisonLevel } from '../rules.js';

/** Shorthand for a comparison level: [label, comparator, min, m, u]. */
export type LevelSpec = readonly [
  label: string,
  comparator: ComparatorName,
  min: number,
  m: number,
  u: number,
];

export function comparison(
  field: string,
  levels: readonly LevelSpec[],
  otherwise: readonly [m: number, u: number],
  options: { readonly group?: string; readonly tf?: boolean } = {},
): Comparison {
  return {
    field,
    ...(options.group !== undefined ? { group: options.group } : {}),
    ...(options.tf === true ? { tf: true } : {}),
    levels: levels.map(([label, comparator, min, m, u]): ComparisonLevel => ({
      label,
      comparator,
      min,
      m,
      u,
    })),
    else: { m: otherwise[0], u: otherwise[1] },
  };
}
