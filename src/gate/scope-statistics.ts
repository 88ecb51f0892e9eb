import type { SharedKeys, ValueFrequencies } from '../identity/pair-scorer.js';
import { RecordPreparer } from '../identity/prepare-record.js';
import type { Preparer } from '../identity/remembering-preparer.js';
import type { IdentityRules } from '../identity/rules.js';
import { givenNameVariants } from '../normalize/nicknames.js';

/**
 * Pseudo-records of the model's own average behind every value share: a scope holding few records would
 * otherwise find every name "common" (one record named Robert: everyone is Robert) and let agreement on
 * names count for nothing. Real counts take over as the scope grows.
 */
const PRIOR_RECORDS = 1_000;

/**
 * The statistics single-record resolution needs over a scope's known records: how common a value is (for
 * term-frequency adjusted comparisons) and which key values several different people hold (family
 * addresses, switchboards). Kept current as index entries arrive and are replaced.
 */
export class ScopeStatistics implements ValueFrequencies, SharedKeys {
  private readonly preparer: Preparer;
  private readonly tfFields: ReadonlyMap<string, number>;
  private readonly counts = new Map<string, Map<string, number>>();
  private readonly owners = new Map<string, Map<string, Map<string, number>>>();
  private readonly sharedFields: readonly string[];
  private readonly firstName: string | undefined;
  private total = 0;

  constructor(
    private readonly rules: IdentityRules,
    preparer: Preparer = new RecordPreparer(rules),
  ) {
    this.preparer = preparer;
    this.tfFields = new Map(
      rules.comparisons.filter((c) => c.tf === true).map((c) => [c.field, c.levels[0]?.u ?? 0.01]),
    );
    for (const field of this.tfFields.keys()) this.counts.set(field, new Map());
    this.sharedFields = rules.keys.filter((k) => k.unique !== true).map((k) => k.field);
    this.firstName = rules.fields.find((f) => f.type === 'first_name')?.name;
  }

  add(identity: Readonly<Record<string, string>>): void {
    this.apply(identity, 1);
  }

  remove(identity: Readonly<Record<string, string>>): void {
    this.apply(identity, -1);
  }

  share(field: string, value: string): number {
    const u = this.tfFields.get(field);
    if (u === undefined || value === '') return 0;
    const n = this.counts.get(field)?.get(value) ?? 0;
    return (n + PRIOR_RECORDS * u) / (this.total + PRIOR_RECORDS);
  }

  isShared(field: string, value: string): boolean {
    return (this.owners.get(field)?.get(value)?.size ?? 0) > this.rules.guards.sharedKeyMaxOwners;
  }

  private apply(identity: Readonly<Record<string, string>>, delta: 1 | -1): void {
    const features = this.preparer.prepare(identity);
    this.total += delta;
    for (const [field, counts] of this.counts) bump(counts, features[field] ?? '', delta);
    if (this.firstName === undefined) return;
    const name = features[this.firstName] ?? '';
    if (name === '' || name.length === 1) return;
    const canonical = givenNameVariants(name)[0] ?? name;
    for (const field of this.sharedFields) {
      const value = features[field] ?? '';
      if (value === '') continue;
      let byValue = this.owners.get(field);
      if (byValue === undefined) this.owners.set(field, (byValue = new Map()));
      let names = byValue.get(value);
      if (names === undefined) byValue.set(value, (names = new Map()));
      bump(names, canonical, delta);
      if (names.size === 0) byValue.delete(value);
    }
  }
}

function bump(counts: Map<string, number>, key: string, delta: number): void {
  if (key === '') return;
  const next = (counts.get(key) ?? 0) + delta;
  if (next <= 0) counts.delete(key);
  else counts.set(key, next);
}
