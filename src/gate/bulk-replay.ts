import { StateStoreError } from '../store/state-store-error.js';
import type { DeadLetterFilter } from '../store/state-store.js';
import type { GateContext } from './gate-context.js';
import { requireOperator } from './review-actions.js';

/** Which dead letters a bulk replay takes: every condition given holds. */
export type ReplayFilter = Omit<DeadLetterFilter, 'current'>;

/** Dead letters one bulk replay takes at most, unless the request says fewer. */
export const MAX_BULK_REPLAY = 1_000;

export interface BulkReplay {
  /** The events put back on their lanes, in the order their dead letters were made. */
  readonly eventIds: readonly string[];
  /** More dead letters match the filter than this replay took (`limit`): replay again to take them. */
  readonly more: boolean;
}

/**
 * Puts every event that is dead-lettered now and whose dead letter matches `filter` through the write path
 * again, each with a fresh set of attempts, and records the replay (operator and reason) on each dead letter
 * and in each event's lineage. It does not wait for them: the workers take them as any other event. An
 * event replayed meanwhile by someone else is left out.
 */
export async function replayDeadLettersWhere(
  ctx: GateContext,
  filter: ReplayFilter,
  request: { operator: string; reason: string },
): Promise<BulkReplay> {
  requireOperator(request);
  const limit = Math.min(filter.limit ?? MAX_BULK_REPLAY, MAX_BULK_REPLAY);
  const letters = await ctx.store.listDeadLetters({ ...filter, current: true, limit: limit + 1 });
  const eventIds: string[] = [];
  for (const letter of letters.slice(0, limit)) {
    try {
      await ctx.store.noteReplay(letter.id, { operator: request.operator, reason: request.reason });
      await ctx.store.requeue(letter.eventId);
      eventIds.push(letter.eventId);
    } catch (err) {
      if (!(err instanceof StateStoreError)) throw err;
    }
  }
  return { eventIds, more: letters.length > limit };
}
