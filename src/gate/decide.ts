import type { LaneMode } from '../contract/index.js';
import type { Explanation } from '../identity/decision.js';

/** Where a candidate entity came from. */
export const EVIDENCE = ['crosswalk', 'claim', 'index', 'target'] as const;
export type Evidence = (typeof EVIDENCE)[number];

/** One entity (a target record, or one whose create is unfinished) that may be the event's person. */
export interface EntityCandidate {
  readonly entityId: string;
  /** Absent while the entity's create is unfinished. */
  readonly targetId?: string;
  /** False for a target record found by the pre-create check that Lanekeeper has not recorded. */
  readonly known: boolean;
  readonly via: readonly Evidence[];
  /** The event's exact keys this entity holds. */
  readonly keys: readonly string[];
  /** The identity core's pair decision: the event against what is known of the entity. */
  readonly explanation?: Explanation;
}

export type DecisionKind = 'match' | 'new' | 'review';

export interface Decision {
  readonly kind: DecisionKind;
  /** For `match`: the entity to write to. */
  readonly entity?: EntityCandidate;
  /** `create` (new record, or an unfinished create resumed), `update`, or `none` (create_only lane). */
  readonly operation?: 'create' | 'update' | 'none';
  /** Which rule decided: `crosswalk`, `key:email`, `score`, `new`, `review:<why>`. */
  readonly rule: string;
  readonly reason: string;
  /** False-merge guards that fired on any candidate. */
  readonly guards: readonly string[];
  readonly candidates: readonly EntityCandidate[];
}

/**
 * The gate's decision from the gathered evidence, with the lane mode applied. Pure.
 * - A candidate is *sure* when the crosswalk names it, or when it holds one of the event's exact keys (or
 *   scores as a match) and the identity core's pair decision is `match`.
 * - It is *doubtful* when the pair decision is `review` (review-band score, a false-merge guard such as
 *   a name conflict on a shared email), or when it holds an exact key yet the pair decision says the
 *   two are different people.
 * Exactly one sure candidate and no doubtful one → match; several distinct sure candidates, or any doubtful
 * one → review (never a guess); none → new.
 */
export function decide(candidates: readonly EntityCandidate[], mode: LaneMode): Decision {
  const sure: EntityCandidate[] = [];
  const doubtful: EntityCandidate[] = [];
  for (const c of candidates) {
    const verdict = classify(c);
    if (verdict === 'sure') sure.push(c);
    else if (verdict === 'doubtful') doubtful.push(c);
  }
  const guards = [...new Set(candidates.flatMap((c) => c.explanation?.guards ?? []))];
  const base = { guards, candidates };

  if (sure.length > 1) {
    const crosswalk = sure.some((c) => c.via.includes('crosswalk'));
    return {
      ...base,
      kind: 'review',
      rule: 'review:several_entities',
      reason: crosswalk
        ? `the source record's crosswalk entry and the event's keys name ${sure.length} different records`
        : `${sure.length} different records hold the event's keys`,
    };
  }
  if (doubtful.length > 0) {
    const fired = doubtful.flatMap((c) => c.explanation?.guards ?? []);
    const why = fired.length > 0 ? ` (guards: ${[...new Set(fired)].join(', ')})` : '';
    return {
      ...base,
      kind: 'review',
      rule: fired.length > 0 ? 'review:guard' : 'review:doubtful',
      reason:
        sure.length === 1
          ? `a match and a doubtful candidate${why}`
          : `${doubtful.length === 1 ? 'a doubtful candidate' : `${doubtful.length} doubtful candidates`}${why}`,
    };
  }
  const only = sure[0];
  if (only !== undefined) {
    const rule = ruleOf(only);
    if (mode === 'create_only')
      return {
        ...base,
        kind: 'match',
        entity: only,
        operation: 'none',
        rule,
        reason: 'create-only lane: the record exists',
      };
    return {
      ...base,
      kind: 'match',
      entity: only,
      operation: only.targetId === undefined ? 'create' : 'update',
      rule,
      reason:
        only.targetId === undefined ? 'an unfinished create of this entity is resumed' : 'one record matches',
    };
  }
  if (mode === 'update_only')
    return {
      ...base,
      kind: 'review',
      rule: 'review:no_record',
      reason: 'no record to update (update-only lane)',
    };
  return { ...base, kind: 'new', operation: 'create', rule: 'new', reason: 'no record matches' };
}

function classify(c: EntityCandidate): 'sure' | 'doubtful' | 'none' {
  if (c.via.includes('crosswalk')) return 'sure';
  const decision = c.explanation?.decision;
  const holdsKey = c.keys.length > 0;
  if (decision === 'review') return 'doubtful';
  if (decision === 'match') return 'sure';
  if (holdsKey) return decision === undefined ? 'sure' : 'doubtful';
  return 'none';
}

function ruleOf(c: EntityCandidate): string {
  if (c.via.includes('crosswalk')) return 'crosswalk';
  if (c.explanation !== undefined) return c.explanation.rule;
  const key = c.keys[0];
  return key === undefined ? 'score' : `key:${key.slice(0, key.indexOf(':'))}`;
}
