/**
 * The rules of an event's life, shared by both backends: which status changes are allowed, and what a
 * terminal outcome leaves behind. The backends check these inside the transaction that makes the change.
 */
import { StateStoreError } from './state-store-error.js';
import {
  TERMINAL_STATUSES,
  type DeadLetter,
  type EventOutcome,
  type EventStatus,
  type ReviewResolution,
  type ReviewWrite,
} from './state-store.js';

/** Every accepted event reaches exactly one terminal state (invariant 3). */
export function assertNotTerminal<T extends { status: EventStatus }>(
  id: string,
  event: T | undefined,
): asserts event is T {
  if (event === undefined) throw new StateStoreError(`no event with id ${id}`, 'not_found');
  if (TERMINAL_STATUSES.includes(event.status)) {
    throw new StateStoreError(`event ${id} is already terminal (${event.status})`, 'already_terminal');
  }
}

/**
 * The one transition out of a terminal status: an event in `review` becomes `written` when an operator's
 * `match` or `create` on its review item was carried out (recorded with the resolution, in one transaction).
 */
export function assertReviewWritable<T extends { status: EventStatus }>(
  id: string,
  event: T | undefined,
  resolution: ReviewResolution,
  write: ReviewWrite,
): asserts event is T {
  if (resolution.action === 'reject')
    throw new StateStoreError(`a rejected review item writes nothing (event ${id})`, 'wrong_status');
  if (event === undefined) throw new StateStoreError(`no event with id ${id}`, 'not_found');
  if (event.status !== 'review') {
    throw new StateStoreError(`event ${id} is ${event.status}, not in review`, 'wrong_status');
  }
  if (write.outcome.status !== 'written') {
    throw new StateStoreError(
      `a resolution writes event ${id}: its outcome is 'written', not '${write.outcome.status}'`,
      'wrong_status',
    );
  }
}

/** The lineage row of an operator's decision on a review item. */
export function reviewLineage(
  reviewId: string,
  resolution: ReviewResolution,
  write: ReviewWrite | undefined,
): { action: string; detail: unknown } {
  const { action, operator, reason } = resolution;
  return {
    action: `review_${action}`,
    detail: {
      reviewId,
      operator,
      reason,
      ...(resolution.targetId === undefined ? {} : { targetId: resolution.targetId }),
      ...write?.detail,
    },
  };
}

type Replay = DeadLetter['replays'][number];

/**
 * A dead-lettered event goes back to work only on an operator's recorded, not refused, replay request
 * (invariant 4), noted on the event's latest dead letter. Returns the request that allows it.
 */
export function approvedReplay<T extends { status: EventStatus }>(
  eventId: string,
  event: T | undefined,
  latest: { id: string; replays: readonly Replay[] } | undefined,
): { event: T; deadLetterId: string; replay: Replay } {
  if (event === undefined) throw new StateStoreError(`no event with id ${eventId}`, 'not_found');
  if (event.status !== 'dead_letter') {
    throw new StateStoreError(`event ${eventId} is ${event.status}, not dead-lettered`, 'wrong_status');
  }
  const replay = latest?.replays.findLast((request) => request.refused === undefined);
  if (latest === undefined || replay === undefined) {
    throw new StateStoreError(
      `event ${eventId}: record the operator's replay request (noteReplay) before requeueing it`,
      'replay_not_recorded',
    );
  }
  return { event, deadLetterId: latest.id, replay };
}

/** The lineage row a terminal outcome writes: what was decided and done, never the payload. */
export function finishLineage(eventKey: string, outcome: EventOutcome): { action: string; detail: unknown } {
  return { action: outcome.status, detail: { eventKey, ...outcome } };
}

/**
 * `finishLineage(eventKey, outcome).detail` as JSON, from the outcome's JSON: an outcome (with its
 * explanation) is serialized once for the event and its lineage row.
 */
export function finishLineageJson(eventKey: string, outcomeJson: string): string {
  const head = `{"eventKey":${JSON.stringify(eventKey)}`;
  return outcomeJson === '{}' ? `${head}}` : `${head},${outcomeJson.slice(1)}`;
}

/** The review item a `review` outcome opens; without details from the gate, the outcome explains itself. */
export function reviewItemFor(
  outcome: EventOutcome,
  extra: { review?: { reason: string; candidates: unknown } } | undefined,
): { reason: string; candidates: unknown } {
  return extra?.review ?? { reason: outcome.error ?? `decision: ${outcome.decision}`, candidates: null };
}

export function deadLetterErrorFor(outcome: EventOutcome): string {
  return outcome.error ?? 'failed without an error message';
}

export function requeueLineage(approved: { deadLetterId: string; replay: Replay }): {
  action: string;
  detail: unknown;
} {
  const { deadLetterId, replay } = approved;
  return { action: 'requeue', detail: { deadLetterId, operator: replay.operator, reason: replay.reason } };
}
