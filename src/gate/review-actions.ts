import {
  REVIEW_ACTIONS,
  type EventOutcome,
  type ReviewAction,
  type ReviewWrite,
  type StoredEvent,
} from '../store/state-store.js';
import type { EntityCandidate } from './decide.js';
import { reviewEntityOf } from './entity-ids.js';
import { eventIdentity, scopedLocks } from './event-identity.js';
import { GateError } from './gate-error.js';
import { partsOf, requirePlan, type GateContext } from './gate-context.js';
import { createRecord, updateRecord, writeJob, type WriteResult } from './write-event.js';

export interface ReviewRequest {
  readonly action: ReviewAction;
  readonly targetId?: string;
  readonly operator: string;
  readonly reason: string;
}

/**
 * An operator's decision on a review item. `match` updates the chosen target record and claims the event's
 * free keys for it; `create` takes the create path (keys another record holds stay with it); `reject` ends
 * the item as it is. The resolution is recorded with operator and reason in the transaction log; after a
 * `match` or `create` the event is `written`, with the operator's decision as its outcome.
 */
export async function resolveReviewItem(
  ctx: GateContext,
  reviewId: string,
  request: ReviewRequest,
): Promise<StoredEvent> {
  requireOperator(request);
  if (!(REVIEW_ACTIONS as readonly string[]).includes(request.action))
    throw new GateError('invalid_request', `action must be one of ${REVIEW_ACTIONS.join(', ')}`);
  if (request.action === 'match' && (request.targetId ?? '').trim() === '')
    throw new GateError('invalid_request', "a 'match' resolution names the target record (targetId)");
  const item = await ctx.store.getReview(reviewId);
  if (item === undefined) throw new GateError('not_found', `no review item '${reviewId}'`);
  if (item.status === 'resolved')
    throw new GateError('conflict', `review item '${reviewId}' is resolved already`);
  const event = await ctx.store.getEvent(item.eventId);
  if (event === undefined) throw new GateError('not_found', `the event of review item '${reviewId}' is gone`);

  const write = request.action === 'reject' ? undefined : await writeForReview(ctx, event, reviewId, request);
  const targetId = write?.result.targetId ?? request.targetId;
  await ctx.store.resolveReview(
    reviewId,
    {
      action: request.action,
      ...(targetId === undefined ? {} : { targetId }),
      operator: request.operator,
      reason: request.reason,
      resolvedAt: new Date(ctx.now()).toISOString(),
    },
    write && reviewWrite(event, reviewId, request, write),
  );
  return (await ctx.store.getEvent(event.id)) ?? event;
}

interface ReviewedWrite {
  readonly result: WriteResult;
  readonly keys: readonly string[];
  readonly timing: Pick<EventOutcome, 'apiCalls' | 'gateMs' | 'targetMs'>;
}

/** The event's outcome after the operator's `match` or `create`, and the lineage of what was written. */
function reviewWrite(
  event: StoredEvent,
  reviewId: string,
  request: ReviewRequest,
  { result, keys, timing }: ReviewedWrite,
): ReviewWrite {
  const done = {
    operation: result.operation,
    ...(result.targetId === undefined ? {} : { targetId: result.targetId }),
    ...(result.entityId === undefined ? {} : { entityId: result.entityId }),
    skipped: result.skipped,
    kept: result.kept,
  };
  return {
    outcome: {
      status: 'written',
      decision: request.action === 'match' ? 'match' : 'new',
      explanation: {
        lane: event.lane,
        decision: request.action === 'match' ? 'match' : 'new',
        rule: `operator:${request.action}`,
        reason: request.reason,
        operator: request.operator,
        reviewId,
        ...done,
        review: event.outcome?.explanation ?? null,
      },
      operation: result.operation,
      ...(result.targetId === undefined ? {} : { targetId: result.targetId }),
      keys,
      ...timing,
    },
    effects: result.effects,
    detail: done,
  };
}

async function writeForReview(
  ctx: GateContext,
  event: StoredEvent,
  reviewId: string,
  request: ReviewRequest,
): Promise<ReviewedWrite> {
  const started = performance.now();
  const plan = requirePlan(ctx, event);
  const { index, meter } = partsOf(ctx, plan);
  const identity = eventIdentity(plan, event.payload);
  const tally = meter.tally();
  const result = await ctx.store.withLocks(scopedLocks(plan.scope, identity.lockKeys), async () => {
    await index.refresh();
    const claims = await ctx.store.claimsOf(plan.scope, identity.exactKeys);
    if (request.action === 'create') {
      const job = writeJob(ctx, plan, event, identity, claims, tally);
      return createRecord(job, reviewEntityOf(reviewId));
    }
    const targetId = request.targetId!.trim();
    const [found] = await tally.call((c) => c.read(plan.flow.target.object, [targetId]));
    if (found === undefined) throw new GateError('invalid_request', `no record '${targetId}' in the target`);
    const known =
      index.entityOfTarget(targetId)?.entityId ?? claims.find((c) => c.targetId === targetId)?.entityId;
    const entity: EntityCandidate = {
      entityId: known ?? `target:${targetId}`,
      targetId,
      known: known !== undefined,
      via: ['claim'],
      keys: [],
    };
    const job = writeJob(ctx, plan, event, identity, claims, tally);
    return updateRecord(job, entity, targetId, { verify: false });
  });
  const round = (ms: number): number => Math.round(ms * 100) / 100;
  return {
    result,
    keys: identity.exactKeys,
    timing: {
      apiCalls: tally.apiCalls,
      gateMs: round(performance.now() - started - tally.targetMs),
      targetMs: round(tally.targetMs),
    },
  };
}

/**
 * Puts a dead-lettered event through the write path again. Without operator and reason nothing is
 * recorded; an event that was written since (or is not dead-lettered) is refused, and the refusal recorded.
 */
export async function replayDeadLetterItem(
  ctx: GateContext,
  deadLetterId: string,
  request: { operator: string; reason: string },
  process: (eventId: string) => Promise<void>,
): Promise<StoredEvent> {
  requireOperator(request);
  const letter = await ctx.store.getDeadLetter(deadLetterId);
  if (letter === undefined) throw new GateError('not_found', `no dead letter '${deadLetterId}'`);
  const event = await ctx.store.getEvent(letter.eventId);
  if (event === undefined)
    throw new GateError('not_found', `the event of dead letter '${deadLetterId}' is gone`);
  if (event.status !== 'dead_letter') {
    const refused =
      event.status === 'written'
        ? 'the event was written already'
        : `the event is ${event.status}, not dead-lettered`;
    await ctx.store.noteReplay(deadLetterId, { operator: request.operator, reason: request.reason, refused });
    throw new GateError('conflict', `replay refused: ${refused}`);
  }
  await ctx.store.noteReplay(deadLetterId, { operator: request.operator, reason: request.reason });
  await ctx.store.requeue(event.id);
  await process(event.id);
  return (await ctx.store.getEvent(event.id)) ?? event;
}

export function requireOperator(request: { operator?: unknown; reason?: unknown }): void {
  const missing = (['operator', 'reason'] as const).filter(
    (k) => typeof request[k] !== 'string' || (request[k] as string).trim() === '',
  );
  if (missing.length > 0)
    throw new GateError(
      'invalid_request',
      `${missing.join(' and ')} required: operator actions are on the record`,
    );
}
