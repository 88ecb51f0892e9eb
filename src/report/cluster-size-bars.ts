import type { ChartBar } from './svg-bar-chart.js';
import { formatNumber } from './format-number.js';

/** Above this many distinct sizes, sizes are grouped into ranges. */
const MAX_DISTINCT = 16;
const RANGES: readonly (readonly [number, number])[] = [
  [1, 1],
  [2, 2],
  [3, 3],
  [4, 4],
  [5, 5],
  [6, 10],
  [11, 20],
  [21, 50],
  [51, 100],
  [101, 500],
  [501, 1000],
  [1001, Infinity],
];

function bar(label: string, count: number, records: number, singletons: boolean): ChartBar {
  return {
    label,
    value: count,
    tone: singletons ? 'muted' : 'accent',
    title: `${formatNumber(count)} cluster${count === 1 ? '' : 's'} of size ${label} (${formatNumber(records)} records)`,
  };
}

/** Turns the cluster-size histogram into chart bars, one per size or per size range when sizes are many. */
export function clusterSizeBars(
  sizes: readonly { readonly size: number; readonly count: number }[],
): ChartBar[] {
  const sorted = [...sizes].filter((s) => s.count > 0).sort((a, b) => a.size - b.size);
  if (sorted.length <= MAX_DISTINCT) {
    return sorted.map((s) => bar(String(s.size), s.count, s.size * s.count, s.size === 1));
  }
  const bars: ChartBar[] = [];
  for (const [lo, hi] of RANGES) {
    const inRange = sorted.filter((s) => s.size >= lo && s.size <= hi);
    if (inRange.length === 0) continue;
    const count = inRange.reduce((n, s) => n + s.count, 0);
    const records = inRange.reduce((n, s) => n + s.size * s.count, 0);
    const label = lo === hi ? String(lo) : hi === Infinity ? `${lo}+` : `${lo}–${hi}`;
    bars.push(bar(label, count, records, hi === 1));
  }
  return bars;
}
