/** Events on SQLite: intake, leases, retries and the one terminal outcome. */
import { randomUUID } from 'node:crypto';
import {
  approvedReplay,
  assertNotTerminal,
  deadLetterErrorFor,
  finishLineageJson,
  requeueLineage,
  reviewItemFor,
} from '../event-transitions.js';
import { sqliteColumns, toJson, toStoredEvent, type EventRow } from '../row-mapping.js';
import {
  EVENT_STATUSES,
  type AcceptResult,
  type DeadLetter,
  type EventOutcome,
  type EventStatus,
  type IncomingEvent,
  type StoredEvent,
  type WriteEffects,
} from '../state-store.js';
import type { SqliteConnection } from './connection.js';
import { applyWriteEffects } from './identity-tables.js';
import { addTransactionRow } from './lineage.js';

function now(): string {
  return new Date().toISOString();
}

/** One transaction; a key seen earlier (in this batch too) is a replay of that event. */
export function acceptEvents(
  conn: SqliteConnection,
  events: readonly IncomingEvent[],
): Promise<AcceptResult[]> {
  const insert = conn.statement(
    `INSERT INTO events (id, lane, event_key, principal, payload, status, attempts, received_at, updated_at)
     VALUES (?, ?, ?, ?, ?, 'accepted', 0, ?, ?)
     ON CONFLICT (lane, event_key) DO NOTHING`,
  );
  const earlier = conn.statement('SELECT id, status FROM events WHERE lane = ? AND event_key = ?');
  const rows = events.map((event) => ({ id: randomUUID(), event, payload: toJson(event.payload) }));
  return conn.write('durable', () => {
    const at = now();
    return rows.map(({ id, event, payload }): AcceptResult => {
      const { changes } = insert.run(id, event.lane, event.eventKey, event.principal, payload, at, at);
      if (changes === 1) return { id, duplicate: false, status: 'accepted' };
      const row = earlier.get(event.lane, event.eventKey) as { id: string; status: EventStatus };
      return { id: row.id, duplicate: true, status: row.status };
    });
  });
}

export function getEvent(conn: SqliteConnection, id: string): StoredEvent | undefined {
  const row = conn.statement('SELECT * FROM events WHERE id = ?').get(id) as EventRow | undefined;
  return row === undefined ? undefined : toStoredEvent(row, sqliteColumns);
}

const SKIP = ' AND lane NOT IN (SELECT value FROM json_each(@skip))';

/**
 * One statement, under the database's write lock, so no event is handed out twice. Each of its three parts
 * reads an index in order and stops at `limit`: events never tried (`events_due`, where rows with equal
 * status and no `not_before` follow in position order), retries that are due, and expired leases.
 */
const LEASE = (
  skip: boolean,
) => `UPDATE events SET status = 'processing', lease_owner = @worker, lease_until = @until, updated_at = @now,
    takeovers = takeovers + (status = 'processing')
  WHERE position IN (
    SELECT position FROM (
      SELECT position FROM events WHERE status = 'accepted' AND not_before IS NULL${skip ? SKIP : ''}
      ORDER BY position LIMIT @limit)
    UNION ALL
    SELECT position FROM (
      SELECT position FROM events WHERE status = 'accepted' AND not_before <= @now${skip ? SKIP : ''}
      ORDER BY position LIMIT @limit)
    UNION ALL
    SELECT position FROM (
      SELECT position FROM events WHERE status = 'processing' AND lease_until <= @now${skip ? SKIP : ''}
      ORDER BY position LIMIT @limit)
    ORDER BY position LIMIT @limit
  )
  RETURNING *`;

export async function leaseEvents(
  conn: SqliteConnection,
  worker: string,
  limit: number,
  leaseMs: number,
  skipLanes: readonly string[] = [],
): Promise<StoredEvent[]> {
  if (limit <= 0) return [];
  const skip = skipLanes.length > 0;
  const rows = await conn.write('process', () => {
    const at = new Date();
    const until = new Date(at.getTime() + leaseMs).toISOString();
    const params = {
      worker,
      until,
      now: at.toISOString(),
      limit,
      ...(skip ? { skip: JSON.stringify(skipLanes) } : {}),
    };
    return conn.statement(LEASE(skip)).all(params) as (EventRow & {
      position: number;
    })[];
  });
  return rows.sort((a, b) => a.position - b.position).map((row) => toStoredEvent(row, sqliteColumns));
}

export interface EventHead {
  lane: string;
  event_key: string;
  principal: string;
  status: EventStatus;
}

export function eventHead(conn: SqliteConnection, id: string): EventHead | undefined {
  return conn.statement('SELECT lane, event_key, principal, status FROM events WHERE id = ?').get(id) as
    EventHead | undefined;
}

export function retryLater(
  conn: SqliteConnection,
  id: string,
  error: string,
  notBefore: Date,
  countAttempt = true,
): Promise<void> {
  return conn.write('process', () => {
    assertNotTerminal(id, eventHead(conn, id));
    conn
      .statement(
        `UPDATE events SET status = 'accepted', attempts = attempts + ?, not_before = ?, last_error = ?,
           lease_owner = NULL, lease_until = NULL, updated_at = ?
         WHERE id = ?`,
      )
      .run(countAttempt ? 1 : 0, notBefore.toISOString(), error, now(), id);
  });
}

/** The statuses an event reaches its terminal outcome from (invariant 3: exactly one terminal state). */
const LIVE = `('accepted', 'processing')`;

/**
 * Sets a terminal outcome on an event whose status is one of `from` (SQL list); returns its head, or
 * `undefined` when the event is missing or in another status. The caller writes the lineage.
 */
export function setOutcome(
  conn: SqliteConnection,
  id: string,
  outcomeJson: string,
  status: EventOutcome['status'],
  from: string,
  at: string,
): EventHead | undefined {
  return conn
    .statement(
      `UPDATE events SET status = ?, outcome = ?, not_before = NULL, lease_owner = NULL, lease_until = NULL,
         updated_at = ?
       WHERE id = ? AND status IN ${from}
       RETURNING lane, event_key, principal, status`,
    )
    .get(status, outcomeJson, at, id) as EventHead | undefined;
}

/** The terminal outcome, its lineage row and its review item or dead letter; inside a transaction. */
function finishIn(
  conn: SqliteConnection,
  id: string,
  outcome: EventOutcome,
  extra: { review?: { reason: string; candidates: unknown } } | undefined,
  at: string,
): void {
  const outcomeJson = toJson(outcome);
  const event = setOutcome(conn, id, outcomeJson, outcome.status, LIVE, at);
  if (event === undefined) {
    assertNotTerminal(id, eventHead(conn, id));
    throw new Error(`event ${id} cannot finish from its status`);
  }
  const detail = finishLineageJson(event.event_key, outcomeJson);
  const row = { eventId: id, lane: event.lane, principal: event.principal, action: outcome.status };
  addTransactionRow(conn, row, at, detail);
  if (outcome.status === 'review') {
    const review = reviewItemFor(outcome, extra);
    conn
      .statement(
        `INSERT INTO review_items (id, event_id, lane, reason, candidates, status, created_at)
         VALUES (?, ?, ?, ?, ?, 'open', ?)`,
      )
      .run(randomUUID(), id, event.lane, review.reason, toJson(review.candidates), at);
  } else if (outcome.status === 'dead_letter') {
    // The whole payload, copied as stored, so that a replay needs nothing else.
    conn
      .statement(
        `INSERT INTO dead_letters (id, event_id, lane, error, payload, created_at)
         SELECT ?, id, lane, ?, payload, ? FROM events WHERE id = ?`,
      )
      .run(randomUUID(), deadLetterErrorFor(outcome), at, id);
  }
}

export function finishEvent(
  conn: SqliteConnection,
  id: string,
  outcome: EventOutcome,
  extra: { review?: { reason: string; candidates: unknown } } | undefined,
): Promise<void> {
  return conn.write('process', () => finishIn(conn, id, outcome, extra, now()));
}

export function finishWrite(
  conn: SqliteConnection,
  id: string,
  outcome: EventOutcome,
  effects: WriteEffects,
): Promise<void> {
  return conn.write('process', () => {
    const at = now();
    finishIn(conn, id, outcome, undefined, at);
    applyWriteEffects(conn, effects, at);
  });
}

export function countByStatus(
  conn: SqliteConnection,
  exceptLanes: readonly string[] = [],
): Record<EventStatus, number> {
  const counts = Object.fromEntries(EVENT_STATUSES.map((status) => [status, 0])) as Record<
    EventStatus,
    number
  >;
  const rows = (
    exceptLanes.length === 0
      ? conn.statement('SELECT status, count(*) AS n FROM events GROUP BY status').all()
      : conn
          .statement(
            'SELECT status, count(*) AS n FROM events WHERE lane NOT IN (SELECT value FROM json_each(?)) GROUP BY status',
          )
          .all(JSON.stringify(exceptLanes))
  ) as {
    status: EventStatus;
    n: number;
  }[];
  for (const row of rows) counts[row.status] = row.n;
  return counts;
}

export function requeueEvent(conn: SqliteConnection, eventId: string): Promise<void> {
  return conn.write('durable', () => {
    const latest = conn
      .statement('SELECT id, replays FROM dead_letters WHERE event_id = ? ORDER BY position DESC LIMIT 1')
      .get(eventId) as { id: string; replays: string } | undefined;
    const approved = approvedReplay(
      eventId,
      eventHead(conn, eventId),
      latest && { id: latest.id, replays: sqliteColumns.json(latest.replays) as DeadLetter['replays'] },
    );
    const at = now();
    // A fresh attempt budget: the earlier attempts and outcome stay in the lineage.
    conn
      .statement(
        `UPDATE events SET status = 'accepted', attempts = 0, takeovers = 0, not_before = NULL, last_error = NULL,
           outcome = NULL, lease_owner = NULL, lease_until = NULL, updated_at = ?
         WHERE id = ?`,
      )
      .run(at, eventId);
    const { event } = approved;
    const lineage = requeueLineage(approved);
    addTransactionRow(conn, { eventId, lane: event.lane, principal: event.principal, ...lineage }, at);
  });
}
