import type { Decision, EntityCandidate } from './decide.js';
import type { LanePlan } from './lane-plan.js';
import type { RecordChange } from './verify-record.js';
import type { WriteResult } from './write-event.js';

/** A candidate as stored with the outcome and shown to a reviewer: ids, evidence and the pair explanation. */
export interface CandidateExplanation {
  readonly entityId: string;
  readonly targetId?: string;
  readonly known: boolean;
  readonly via: readonly string[];
  readonly keys: readonly string[];
  readonly decision?: string;
  readonly rule?: string;
  readonly probability?: number;
  readonly weight?: number;
  readonly guards?: readonly string[];
  readonly fields?: readonly { field: string; level: string; weight: number; similarity?: number }[];
}

export interface DecisionExplanation {
  readonly lane: string;
  readonly mode: string;
  readonly decision: string;
  readonly rule: string;
  readonly reason: string;
  readonly guards: readonly string[];
  readonly candidates: readonly CandidateExplanation[];
  readonly [detail: string]: unknown;
}

/** The decision's explanation as stored in the outcome: rule, reason, guards, candidates with their evidence. */
export function explanationOf(
  plan: LanePlan,
  decision: Decision,
  detail: Readonly<Record<string, unknown>> = {},
): DecisionExplanation {
  return {
    lane: plan.lane,
    mode: plan.flow.target.mode,
    decision: decision.kind,
    rule: decision.rule,
    reason: decision.reason,
    guards: decision.guards,
    candidates: decision.candidates.map(candidateExplanation),
    ...(decision.entity === undefined ? {} : { chosen: decision.entity.entityId }),
    ...detail,
  };
}

function candidateExplanation(c: EntityCandidate): CandidateExplanation {
  const e = c.explanation;
  return {
    entityId: c.entityId,
    ...(c.targetId === undefined ? {} : { targetId: c.targetId }),
    known: c.known,
    via: c.via,
    keys: c.keys,
    ...(e === undefined
      ? {}
      : {
          decision: e.decision,
          rule: e.rule,
          probability: e.probability,
          weight: e.weight,
          guards: e.guards,
          fields: e.fields.filter((f) => f.level !== 'null'),
        }),
  };
}

/** What an update or create tells in the decision's explanation: property names and reasons, never values. */
export function writeDetail(written: WriteResult): Record<string, unknown> {
  return {
    ...(written.entityId === undefined ? {} : { entityId: written.entityId }),
    ...(written.written === undefined ? {} : { written: written.written }),
    ...(written.kept.length > 0 ? { kept: written.kept } : {}),
    ...(written.skipped.length > 0 ? { skipped: written.skipped } : {}),
    ...(written.skippedBecause === undefined ? {} : { skippedBecause: written.skippedBecause }),
    ...(written.unchanged === undefined ? {} : { unchanged: written.unchanged }),
    ...(written.secondary === undefined ? {} : { secondary: written.secondary }),
    ...(written.healed === true ? { healed: true } : {}),
  };
}

/** The decision when the record turned out not to be the entity's any more: review, with the reason. */
export function reviewInstead(decision: Decision, change: RecordChange): Decision {
  return { ...decision, kind: 'review', rule: change.rule, reason: change.reason };
}

/** The record found changed: its id and the pair decision between the entity and the record now. */
export function changeDetail(written: WriteResult): Record<string, unknown> {
  const e = written.review?.explanation;
  return {
    ...(written.targetId === undefined ? {} : { targetId: written.targetId }),
    ...(e === undefined
      ? {}
      : { decision: e.decision, rule: e.rule, probability: e.probability, guards: e.guards }),
  };
}
