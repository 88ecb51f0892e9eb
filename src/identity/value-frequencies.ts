import type { FeatureStore } from './feature-store.js';
import type { IdentityRules } from './rules.js';
import type { ValueFrequencies } from './pair-scorer.js';

/** Counts of the values of term-frequency adjusted comparisons; updated as records are added. */
export class ValueCounts implements ValueFrequencies {
  private readonly counts = new Map<string, Map<string, number>>();
  private total = 0;

  constructor(readonly fields: readonly string[]) {
    for (const f of fields) this.counts.set(f, new Map());
  }

  /** Counts of every record already in a store. */
  static of(store: FeatureStore, rules: IdentityRules): ValueCounts {
    const counts = new ValueCounts(rules.comparisons.filter((c) => c.tf === true).map((c) => c.field));
    for (const field of counts.fields) {
      const map = counts.counts.get(field)!;
      for (const v of store.column(field)) if (v !== '') map.set(v, (map.get(v) ?? 0) + 1);
    }
    counts.total = store.size;
    return counts;
  }

  add(values: Readonly<Record<string, string>>): void {
    for (const [field, map] of this.counts) {
      const v = values[field] ?? '';
      if (v !== '') map.set(v, (map.get(v) ?? 0) + 1);
    }
    this.total++;
  }

  share(field: string, value: string): number {
    if (this.total === 0) return 0;
    const n = this.counts.get(field)?.get(value) ?? 0;
    return n === 0 ? 0 : n / this.total;
  }
}
