import type { Explanation } from '../identity/decision.js';
import { FeatureStore } from '../identity/feature-store.js';
import type { MatchModel } from '../identity/match-model.js';
import { PairScorer, type SharedKeys, type ValueFrequencies } from '../identity/pair-scorer.js';
import { RecordPreparer } from '../identity/prepare-record.js';
import type { Preparer } from '../identity/remembering-preparer.js';
import type { IdentityRules } from '../identity/rules.js';

/**
 * The identity core's pair decision between an event and one known profile (an entity whose record is
 * not in the identity index yet, or a record found in the target), with the same scorer as the index.
 */
export class PairExplainer {
  private readonly preparer: Preparer;
  private readonly store: FeatureStore;
  private readonly scorer: PairScorer;

  constructor(
    rules: IdentityRules,
    model: MatchModel,
    statistics?: SharedKeys & ValueFrequencies,
    preparer: Preparer = new RecordPreparer(rules),
  ) {
    this.preparer = preparer;
    this.store = new FeatureStore(this.preparer.features);
    this.scorer = new PairScorer(this.store, model, rules, statistics, statistics);
  }

  explain(profile: Readonly<Record<string, string>>, event: Readonly<Record<string, string>>): Explanation {
    const i = this.store.add(this.preparer.prepare(profile));
    const j = this.store.add(this.preparer.prepare(event));
    try {
      return this.scorer.explain(i, j);
    } finally {
      this.store.pop();
      this.store.pop();
    }
  }
}
