import { createHash } from 'node:crypto';
import { REVIEW_ACTIONS, type ReviewAction, type StoredEvent } from '../store/state-store.js';
import type { EntityCandidate } from './decide.js';
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
 * the item as it is. Each is recorded with operator and reason in the transaction log.
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

  let written: WriteResult | undefined;
  if (request.action !== 'reject') written = await writeForReview(ctx, event, reviewId, request);
  const targetId = written?.targetId ?? request.targetId;
  await ctx.store.resolveReview(reviewId, {
    action: request.action,
    ...(targetId === undefined ? {} : { targetId }),
    operator: request.operator,
    reason: request.reason,
    resolvedAt: new Date(ctx.now()).toISOString(),
  });
  await ctx.store.addTransaction({
    eventId: event.id,
    lane: event.lane,
    principal: event.principal,
    action: `review_${request.action}`,
    detail: {
      reviewId,
      operator: request.operator,
      reason: request.reason,
      ...(written === undefined
        ? {}
        : {
            operation: written.operation,
            targetId: written.targetId,
            entityId: written.entityId,
            skipped: written.skipped,
            kept: written.kept,
          }),
    },
  });
  return (await ctx.store.getEvent(event.id)) ?? event;
}

async function writeForReview(
  ctx: GateContext,
  event: StoredEvent,
  reviewId: string,
  request: ReviewRequest,
): Promise<WriteResult> {
  const plan = requirePlan(ctx, event.lane);
  const { index, meter } = partsOf(ctx, plan);
  const identity = eventIdentity(plan, event.payload);
  const tally = meter.tally();
  return ctx.store.withLocks(scopedLocks(plan.scope, identity.lockKeys), async () => {
    await index.refresh();
    const claims = await ctx.store.claimsOf(plan.scope, identity.exactKeys);
    if (request.action === 'create') {
      const job = writeJob(ctx, plan, event, identity, claims, tally);
      return createRecord(job, reviewEntityId(reviewId));
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
    return updateRecord(job, entity, targetId);
  });
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

function requireOperator(request: { operator?: unknown; reason?: unknown }): void {
  const missing = (['operator', 'reason'] as const).filter(
    (k) => typeof request[k] !== 'string' || (request[k] as string).trim() === '',
  );
  if (missing.length > 0)
    throw new GateError(
      'invalid_request',
      `${missing.join(' and ')} required: operator actions are on the record`,
    );
}

/** The entity of a review's create: derived from the review id, so that repeating the call creates nothing new. */
function reviewEntityId(reviewId: string): string {
  const h = createHash('sha256').update(`review:${reviewId}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}
