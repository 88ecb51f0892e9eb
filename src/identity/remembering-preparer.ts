import type { Features, RecordPreparer } from './prepare-record.js';

/** What turns raw identity values into the features the rules read. */
export type Preparer = Pick<RecordPreparer, 'features' | 'prepare'>;

/**
 * Prepares each record object once. Single-record resolution meets the same records again and again: an
 * entity's profile is counted, indexed, compared and uncounted when it is replaced; an event's identity is
 * keyed, resolved and explained. Records are remembered by object, weakly, so a record must not change once
 * prepared, and the features handed out are shared: read them, never change them.
 */
export class RememberingPreparer implements Preparer {
  readonly features: readonly string[];
  private readonly prepared = new WeakMap<object, Features>();

  constructor(private readonly preparer: RecordPreparer) {
    this.features = preparer.features;
  }

  prepare(raw: Readonly<Record<string, string | undefined>>): Features {
    let features = this.prepared.get(raw);
    if (features === undefined) {
      features = this.preparer.prepare(raw);
      this.prepared.set(raw, features);
    }
    return features;
  }
}
