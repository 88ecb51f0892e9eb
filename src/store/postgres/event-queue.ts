/**
 * Events on PostgreSQL: intake, leases, retries and the one terminal outcome, correct with many gateway
 * processes on one database. Times come from the database's clock, the one clock all processes share.
 */
import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import {
  approvedReplay,
  assertNotTerminal,
  deadLetterErrorFor,
  finishLineage,
  requeueLineage,
  reviewItemFor,
} from '../event-transitions.js';
import { postgresColumns, toJson, toStoredEvent, type EventRow } from '../row-mapping.js';
import {
  EVENT_STATUSES,
  type AcceptResult,
  type DeadLetter,
  type EventOutcome,
  type EventStatus,
  type IncomingEvent,
  type StoredEvent,
} from '../state-store.js';
import { addTransaction } from './operator-queues.js';
import { inTransaction } from './transaction.js';

/**
 * Inserts in (lane, event key) order whatever the order of the batch, so two batches sharing keys wait for
 * each other instead of deadlocking. A key inserted by a concurrent, uncommitted batch makes the insert wait
 * for that batch; once it commits, the insert does nothing and the earlier event is read back.
 */
export async function acceptEvents(pool: pg.Pool, events: readonly IncomingEvent[]): Promise<AcceptResult[]> {
  const order = events
    .map((event, index) => ({ event, index }))
    .sort((a, b) => compare(a.event.lane, b.event.lane) || compare(a.event.eventKey, b.event.eventKey));
  return inTransaction(pool, async (client) => {
    const results: AcceptResult[] = [];
    for (const { event, index } of order) {
      const id = randomUUID();
      const inserted = await client.query(
        `INSERT INTO events (id, lane, event_key, principal, payload, status, attempts, received_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, 'accepted', 0, now(), now())
         ON CONFLICT (lane, event_key) DO NOTHING`,
        [id, event.lane, event.eventKey, event.principal, toJson(event.payload)],
      );
      if (inserted.rowCount === 1) {
        results[index] = { id, duplicate: false, status: 'accepted' };
        continue;
      }
      const earlier = await client.query<{ id: string; status: EventStatus }>(
        'SELECT id, status FROM events WHERE lane = $1 AND event_key = $2',
        [event.lane, event.eventKey],
      );
      const row = earlier.rows[0];
      if (row === undefined) throw new Error(`event key on lane ${event.lane} conflicted but was not found`);
      results[index] = { id: row.id, duplicate: true, status: row.status };
    }
    return results;
  });
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export async function getEvent(pool: pg.Pool, id: string): Promise<StoredEvent | undefined> {
  const { rows } = await pool.query<EventRow>('SELECT * FROM events WHERE id = $1', [id]);
  return rows[0] && toStoredEvent(rows[0], postgresColumns);
}

/**
 * One statement. `FOR UPDATE SKIP LOCKED` lets concurrent leases pass over rows another lease is taking, and
 * the row lock re-checks the condition on the latest version, so no event is handed out twice.
 */
export async function leaseEvents(
  pool: pg.Pool,
  worker: string,
  limit: number,
  leaseMs: number,
): Promise<StoredEvent[]> {
  if (limit <= 0) return [];
  const { rows } = await pool.query<EventRow & { position: string }>(
    `WITH due AS (
       SELECT id FROM events
       WHERE (status = 'accepted' AND (not_before IS NULL OR not_before <= now()))
          OR (status = 'processing' AND lease_until <= now())
       ORDER BY received_at, position
       LIMIT $2
       FOR UPDATE SKIP LOCKED
     )
     UPDATE events AS e
     SET status = 'processing', lease_owner = $1,
         lease_until = now() + $3::double precision * interval '1 millisecond', updated_at = now()
     FROM due WHERE e.id = due.id
     RETURNING e.*`,
    [worker, limit, leaseMs],
  );
  return rows
    .sort((a, b) => Number(a.position) - Number(b.position))
    .map((row) => toStoredEvent(row, postgresColumns));
}

interface EventHead {
  lane: string;
  event_key: string;
  principal: string;
  status: EventStatus;
}

/** Reads an event's head with a row lock, so that checks and the change that follows are one step. */
async function lockEvent(client: pg.PoolClient, id: string): Promise<EventHead | undefined> {
  const { rows } = await client.query<EventHead>(
    'SELECT lane, event_key, principal, status FROM events WHERE id = $1 FOR UPDATE',
    [id],
  );
  return rows[0];
}

export async function retryLater(pool: pg.Pool, id: string, error: string, notBefore: Date): Promise<void> {
  await inTransaction(pool, async (client) => {
    assertNotTerminal(id, await lockEvent(client, id));
    await client.query(
      `UPDATE events SET status = 'accepted', attempts = attempts + 1, not_before = $2, last_error = $3,
         lease_owner = NULL, lease_until = NULL, updated_at = now()
       WHERE id = $1`,
      [id, notBefore, error],
    );
  });
}

export async function finishEvent(
  pool: pg.Pool,
  id: string,
  outcome: EventOutcome,
  extra: { review?: { reason: string; candidates: unknown } } | undefined,
): Promise<void> {
  await inTransaction(pool, async (client) => {
    const event = await lockEvent(client, id);
    assertNotTerminal(id, event);
    await client.query(
      `UPDATE events SET status = $2, outcome = $3, not_before = NULL, lease_owner = NULL, lease_until = NULL,
         updated_at = now()
       WHERE id = $1`,
      [id, outcome.status, toJson(outcome)],
    );
    const lineage = finishLineage(event.event_key, outcome);
    await addTransaction(client, { eventId: id, lane: event.lane, principal: event.principal, ...lineage });
    if (outcome.status === 'review') {
      const review = reviewItemFor(outcome, extra);
      await client.query(
        `INSERT INTO review_items (id, event_id, lane, reason, candidates, status, created_at)
         VALUES ($1, $2, $3, $4, $5, 'open', now())`,
        [randomUUID(), id, event.lane, review.reason, toJson(review.candidates)],
      );
    } else if (outcome.status === 'dead_letter') {
      // The whole payload, copied as stored, so that a replay needs nothing else.
      await client.query(
        `INSERT INTO dead_letters (id, event_id, lane, error, payload, created_at)
         SELECT $1, id, lane, $2, payload, now() FROM events WHERE id = $3`,
        [randomUUID(), deadLetterErrorFor(outcome), id],
      );
    }
  });
}

export async function countByStatus(pool: pg.Pool): Promise<Record<EventStatus, number>> {
  const counts = Object.fromEntries(EVENT_STATUSES.map((status) => [status, 0])) as Record<
    EventStatus,
    number
  >;
  const { rows } = await pool.query<{ status: EventStatus; n: number }>(
    'SELECT status, count(*)::integer AS n FROM events GROUP BY status',
  );
  for (const row of rows) counts[row.status] = row.n;
  return counts;
}

export async function requeueEvent(pool: pg.Pool, eventId: string): Promise<void> {
  await inTransaction(pool, async (client) => {
    const event = await lockEvent(client, eventId);
    const { rows } = await client.query<{ id: string; replays: DeadLetter['replays'] }>(
      'SELECT id, replays FROM dead_letters WHERE event_id = $1 ORDER BY position DESC LIMIT 1',
      [eventId],
    );
    const approved = approvedReplay(eventId, event, rows[0]);
    // A fresh attempt budget: the earlier attempts and outcome stay in the lineage.
    await client.query(
      `UPDATE events SET status = 'accepted', attempts = 0, not_before = NULL, last_error = NULL, outcome = NULL,
         lease_owner = NULL, lease_until = NULL, updated_at = now()
       WHERE id = $1`,
      [eventId],
    );
    const { lane, principal } = approved.event;
    await addTransaction(client, { eventId, lane, principal, ...requeueLineage(approved) });
  });
}
