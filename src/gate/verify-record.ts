import type { Properties } from '../connectors/target-connector.js';
import type { Explanation } from '../identity/decision.js';
import { partsOf, type GateContext } from './gate-context.js';
import { identityOfRecord, type LanePlan } from './lane-plan.js';

/** Why a record the store binds to an entity is no longer that entity's record. */
export interface RecordChange {
  readonly rule: 'review:record_changed';
  readonly reason: string;
  /** The identity core's pair decision between what the store knows of the entity and the record now. */
  readonly explanation?: Explanation;
}

/**
 * Checks that a record the crosswalk, a claim or the identity index names for an entity is still that
 * entity's record, from the values just read: its anchor must name the entity (or another entity the
 * store binds to the same record); a record without an anchor must still be the same person by the
 * identity rules, its identity scored against what the store knows of the entity. Undefined when it is.
 */
export function recordChange(
  ctx: GateContext,
  plan: LanePlan,
  entityId: string,
  targetId: string,
  current: Properties,
): RecordChange | undefined {
  const { index, explainer } = partsOf(ctx, plan);
  const anchor = (current[plan.anchorProperty] ?? '').trim();
  if (anchor !== '') {
    if (anchor === entityId || index.entity(anchor)?.targetId === targetId) return undefined;
    return {
      rule: 'review:record_changed',
      reason: `record ${targetId} carries another entity's anchor (${plan.anchorProperty}): it is no longer the record this entity was written to`,
    };
  }
  const known = index.entity(entityId)?.identity;
  const now = identityOfRecord(plan.flow, current);
  if (known === undefined || Object.keys(known).length === 0 || Object.keys(now).length === 0)
    return undefined;
  const explanation = explainer.explain(known, now);
  if (explanation.decision === 'match') return undefined;
  return {
    rule: 'review:record_changed',
    reason: `record ${targetId} has no anchor and no longer holds this entity's identity (${explanation.decision} by ${explanation.rule}): the target may have been emptied and refilled`,
    explanation,
  };
}
