import type { Explanation } from './decision.js';
import type { IdentityRules } from './rules.js';
import { FeatureStore } from './feature-store.js';
import { RecordPreparer } from './prepare-record.js';
import type { Preparer } from './remembering-preparer.js';
import { blockKeyOf } from './blocking.js';
import { compileModel, type MatchModel } from './match-model.js';
import { PairScorer, type SharedKeys, type ValueFrequencies } from './pair-scorer.js';
import { givenNameVariants } from '../normalize/nicknames.js';
import { ValueCounts } from './value-frequencies.js';

/** The outcome of resolving one incoming record against the index. */
export type Resolution =
  | {
      readonly decision: 'match';
      readonly id: string;
      readonly explanation: Explanation;
      readonly candidates: readonly Candidate[];
    }
  | { readonly decision: 'new'; readonly candidates: readonly Candidate[] }
  | { readonly decision: 'review'; readonly reason: string; readonly candidates: readonly Candidate[] };

export interface Candidate {
  readonly id: string;
  readonly explanation: Explanation;
}

/**
 * Single-record resolution: an in-memory index of known records' identity features, with the same blocking
 * rules and the same pair decision procedure as the batch audit. One confident match → match; several, or
 * any review-band candidate → review; none → new.
 */
export class IdentityIndex {
  private readonly preparer: Preparer;
  private readonly store: FeatureStore;
  private readonly scorer: PairScorer;
  private readonly ids: string[] = [];
  private readonly blocks: Map<string, number[]>[];
  private readonly blockColumns: (readonly string[])[][];
  private readonly anyOrder: boolean[];
  private readonly owners = new Map<string, Map<string, Set<string>>>();
  private readonly firstNameField: string | undefined;
  private readonly counts: ValueCounts;

  /**
   * `statistics` replaces the index's own value counts and shared-key tracking, e.g. with figures kept by a
   * state store over all known records, so that decisions do not depend on what this index has seen.
   */
  constructor(
    private readonly rules: IdentityRules,
    model: MatchModel = compileModel(rules),
    statistics?: { readonly frequencies: ValueFrequencies; readonly sharedKeys: SharedKeys },
    preparer: Preparer = new RecordPreparer(rules),
  ) {
    this.preparer = preparer;
    this.store = new FeatureStore(this.preparer.features);
    const shared: SharedKeys = statistics?.sharedKeys ?? {
      isShared: (field, value) => this.isShared(field, value),
    };
    this.counts = new ValueCounts(rules.comparisons.filter((c) => c.tf === true).map((c) => c.field));
    this.scorer = new PairScorer(this.store, model, rules, shared, statistics?.frequencies ?? this.counts);
    this.blocks = rules.blocking.map(() => new Map());
    this.blockColumns = rules.blocking.map((b) => b.keys.map((k) => this.store.column(k)));
    this.anyOrder = rules.blocking.map((b) => b.anyOrder === true);
    this.firstNameField = rules.fields.find((f) => f.type === 'first_name')?.name;
  }

  get size(): number {
    return this.ids.length;
  }

  add(id: string, raw: Readonly<Record<string, string>>): void {
    const features = this.preparer.prepare(raw);
    const index = this.store.add(features);
    this.counts.add(features);
    this.ids.push(id);
    this.blockColumns.forEach((columns, r) => {
      const key = blockKeyOf(columns, index, this.anyOrder[r]);
      if (key === '') return;
      const members = this.blocks[r]!.get(key);
      if (members === undefined) this.blocks[r]!.set(key, [index]);
      else members.push(index);
    });
    this.noteOwners(index);
  }

  resolve(raw: Readonly<Record<string, string>>): Resolution {
    const incoming = this.store.add(this.preparer.prepare(raw));
    try {
      const candidates: Candidate[] = [];
      const matches: Candidate[] = [];
      let review = false;
      for (const c of this.candidatesOf(incoming)) {
        const explanation = this.scorer.explain(c, incoming);
        if (explanation.decision === 'no_match') continue;
        const candidate = { id: this.ids[c]!, explanation };
        candidates.push(candidate);
        if (explanation.decision === 'match') matches.push(candidate);
        else review = true;
      }
      candidates.sort((a, b) => b.explanation.probability - a.explanation.probability);
      if (matches.length === 1 && !review) {
        const only = matches[0]!;
        return { decision: 'match', id: only.id, explanation: only.explanation, candidates };
      }
      if (matches.length > 1)
        return { decision: 'review', reason: `${matches.length} records match`, candidates };
      if (review)
        return {
          decision: 'review',
          reason: matches.length === 1 ? 'a match and a doubtful candidate' : 'doubtful candidate',
          candidates,
        };
      return { decision: 'new', candidates };
    } finally {
      this.store.pop();
    }
  }

  private candidatesOf(incoming: number): Set<number> {
    const out = new Set<number>();
    this.blockColumns.forEach((columns, r) => {
      const key = blockKeyOf(columns, incoming, this.anyOrder[r]);
      if (key === '') return;
      for (const m of this.blocks[r]!.get(key) ?? []) out.add(m);
    });
    return out;
  }

  private noteOwners(index: number): void {
    if (this.firstNameField === undefined) return;
    const name = this.store.get(this.firstNameField, index);
    if (name === '' || name.length === 1) return;
    const canonical = givenNameVariants(name)[0] ?? name;
    for (const key of this.rules.keys) {
      if (key.unique) continue;
      const value = this.store.get(key.field, index);
      if (value === '') continue;
      let byValue = this.owners.get(key.field);
      if (byValue === undefined) this.owners.set(key.field, (byValue = new Map()));
      const set = byValue.get(value);
      if (set === undefined) byValue.set(value, new Set([canonical]));
      else set.add(canonical);
    }
  }

  private isShared(field: string, value: string): boolean {
    return (this.owners.get(field)?.get(value)?.size ?? 0) > this.rules.guards.sharedKeyMaxOwners;
  }
}
