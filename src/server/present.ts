import { isDryRunKey } from '../gate/dry-run.js';
import type { AcceptResult, DeadLetter, ReviewItem, StoredEvent } from '../store/state-store.js';

/**
 * How stored records look in API responses (snake_case). Events are shown without their payload: the
 * payload is personal data, kept for replays and shown only on a dead letter to operators.
 */
export function presentEvent(event: StoredEvent) {
  const outcome = event.outcome;
  return {
    id: event.id,
    lane: event.lane,
    event_key: event.eventKey,
    dry_run: isDryRunKey(event.eventKey),
    status: event.status,
    attempts: event.attempts,
    received_at: event.receivedAt,
    updated_at: event.updatedAt,
    decision: outcome?.decision ?? null,
    explanation: outcome?.explanation ?? null,
    operation: outcome?.operation ?? null,
    target_id: outcome?.targetId ?? null,
    error: outcome?.error ?? event.lastError ?? null,
  };
}

export function presentAccepted(result: AcceptResult) {
  return { id: result.id, duplicate: result.duplicate, status: result.status };
}

/** An accepted event after `?wait=true`: the acceptance and what became of it. */
export function presentDecided(result: AcceptResult, event: StoredEvent | undefined) {
  return {
    ...presentAccepted(result),
    status: event?.status ?? result.status,
    decision: event?.outcome?.decision ?? null,
    explanation: event?.outcome?.explanation ?? null,
    target_id: event?.outcome?.targetId ?? null,
    error: event?.outcome?.error ?? null,
  };
}

export function presentReview(item: ReviewItem) {
  const resolution = item.resolution;
  return {
    id: item.id,
    event_id: item.eventId,
    lane: item.lane,
    reason: item.reason,
    candidates: item.candidates,
    status: item.status,
    created_at: item.createdAt,
    resolution:
      resolution === undefined
        ? null
        : {
            action: resolution.action,
            target_id: resolution.targetId ?? null,
            operator: resolution.operator,
            reason: resolution.reason,
            resolved_at: resolution.resolvedAt,
          },
  };
}

export function presentDeadLetter(letter: DeadLetter, now: Date, withPayload: boolean) {
  return {
    id: letter.id,
    event_id: letter.eventId,
    lane: letter.lane,
    error: letter.error,
    created_at: letter.createdAt,
    age_seconds: Math.max(0, Math.round((now.getTime() - Date.parse(letter.createdAt)) / 1000)),
    replays: letter.replays.map((replay) => ({
      operator: replay.operator,
      reason: replay.reason,
      at: replay.at,
      refused: replay.refused ?? null,
    })),
    ...(withPayload ? { payload: letter.payload } : {}),
  };
}
