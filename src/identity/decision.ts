/** Pair decisions and their explanations: the vocabulary shared by the batch audit and the online gate. */

export const PAIR_DECISIONS = ['match', 'review', 'no_match'] as const;
export type PairDecision = (typeof PAIR_DECISIONS)[number];

/** How one field contributed to a pair's score. */
export interface FieldEvidence {
  readonly field: string;
  /** The comparison level the pair fell into: a level label, `else`, or `null` (a side was empty). */
  readonly level: string;
  /** Comparator similarity of the two normalized values (absent for `null`). */
  readonly similarity?: number;
  /** log2(m/u) of the level; 0 for `null`. */
  readonly weight: number;
  /** false when a stronger agreement in the same group counted instead (correlated fields count once). */
  readonly counted?: false;
}

/** Why a pair got its decision: which rule, which fields, which levels, which score. */
export interface Explanation {
  /** `key:<field>` when an exact key decided, `score` when the weighted comparison did. */
  readonly rule: string;
  readonly decision: PairDecision;
  /** Posterior match probability from the summed weights and the prior. */
  readonly probability: number;
  /** Sum of field weights (log2 Bayes factor). */
  readonly weight: number;
  readonly fields: readonly FieldEvidence[];
  /** False-merge guards that fired, e.g. `role_address:email`, `name_conflict`. */
  readonly guards: readonly string[];
}
