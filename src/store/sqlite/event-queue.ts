/** Events on SQLite: intake, leases, retries and the one terminal outcome. */
import { randomUUID } from 'node:crypto';
import type Database from 'better-sqlite3';
import {
  approvedReplay,
  assertNotTerminal,
  deadLetterErrorFor,
  finishLineage,
  requeueLineage,
  reviewItemFor,
} from '../event-transitions.js';
import { addTransaction } from './operator-queues.js';
import { sqliteColumns, toJson, toStoredEvent, type EventRow } from '../row-mapping.js';
import {
  EVENT_STATUSES,
  type AcceptResult,
  type DeadLetter,
  type EventOutcome,
  type EventStatus,
  type IncomingEvent,
  type StoredEvent,
} from '../state-store.js';

type Db = Database.Database;

function now(): string {
  return new Date().toISOString();
}

export function acceptEvents(db: Db, events: readonly IncomingEvent[]): AcceptResult[] {
  const insert = db.prepare(
    `INSERT INTO events (id, lane, event_key, principal, payload, status, attempts, received_at, updated_at)
     VALUES (?, ?, ?, ?, ?, 'accepted', 0, ?, ?)
     ON CONFLICT (lane, event_key) DO NOTHING`,
  );
  const earlier = db.prepare('SELECT id, status FROM events WHERE lane = ? AND event_key = ?');
  return db
    .transaction(() => {
      const at = now();
      return events.map((event): AcceptResult => {
        const id = randomUUID();
        const { changes } = insert.run(
          id,
          event.lane,
          event.eventKey,
          event.principal,
          toJson(event.payload),
          at,
          at,
        );
        if (changes === 1) return { id, duplicate: false, status: 'accepted' };
        const row = earlier.get(event.lane, event.eventKey) as { id: string; status: EventStatus };
        return { id: row.id, duplicate: true, status: row.status };
      });
    })
    .immediate();
}

export function getEvent(db: Db, id: string): StoredEvent | undefined {
  const row = db.prepare('SELECT * FROM events WHERE id = ?').get(id) as EventRow | undefined;
  return row === undefined ? undefined : toStoredEvent(row, sqliteColumns);
}

/** One statement: SQLite runs it under the database's write lock, so no event is handed out twice. */
export function leaseEvents(db: Db, worker: string, limit: number, leaseMs: number): StoredEvent[] {
  if (limit <= 0) return [];
  const at = new Date();
  const until = new Date(at.getTime() + leaseMs).toISOString();
  const rows = db
    .prepare(
      `UPDATE events SET status = 'processing', lease_owner = ?, lease_until = ?, updated_at = ?
       WHERE position IN (
         SELECT position FROM events
         WHERE (status = 'accepted' AND (not_before IS NULL OR not_before <= ?))
            OR (status = 'processing' AND lease_until <= ?)
         ORDER BY received_at, position
         LIMIT ?
       )
       RETURNING *`,
    )
    .all(worker, until, at.toISOString(), at.toISOString(), at.toISOString(), limit) as (EventRow & {
    position: number;
  })[];
  return rows.sort((a, b) => a.position - b.position).map((row) => toStoredEvent(row, sqliteColumns));
}

interface EventHead {
  lane: string;
  event_key: string;
  principal: string;
  status: EventStatus;
}

function eventHead(db: Db, id: string): EventHead | undefined {
  return db.prepare('SELECT lane, event_key, principal, status FROM events WHERE id = ?').get(id) as
    EventHead | undefined;
}

export function retryLater(db: Db, id: string, error: string, notBefore: Date): void {
  db.transaction(() => {
    assertNotTerminal(id, eventHead(db, id));
    db.prepare(
      `UPDATE events SET status = 'accepted', attempts = attempts + 1, not_before = ?, last_error = ?,
         lease_owner = NULL, lease_until = NULL, updated_at = ?
       WHERE id = ?`,
    ).run(notBefore.toISOString(), error, now(), id);
  }).immediate();
}

export function finishEvent(
  db: Db,
  id: string,
  outcome: EventOutcome,
  extra: { review?: { reason: string; candidates: unknown } } | undefined,
): void {
  db.transaction(() => {
    const event = eventHead(db, id);
    assertNotTerminal(id, event);
    const at = now();
    db.prepare(
      `UPDATE events SET status = ?, outcome = ?, not_before = NULL, lease_owner = NULL, lease_until = NULL,
         updated_at = ?
       WHERE id = ?`,
    ).run(outcome.status, toJson(outcome), at, id);
    const lineage = finishLineage(event.event_key, outcome);
    addTransaction(db, { eventId: id, lane: event.lane, principal: event.principal, ...lineage }, at);
    if (outcome.status === 'review') {
      const review = reviewItemFor(outcome, extra);
      db.prepare(
        `INSERT INTO review_items (id, event_id, lane, reason, candidates, status, created_at)
         VALUES (?, ?, ?, ?, ?, 'open', ?)`,
      ).run(randomUUID(), id, event.lane, review.reason, toJson(review.candidates), at);
    } else if (outcome.status === 'dead_letter') {
      // The whole payload, copied as stored, so that a replay needs nothing else.
      db.prepare(
        `INSERT INTO dead_letters (id, event_id, lane, error, payload, created_at)
         SELECT ?, id, lane, ?, payload, ? FROM events WHERE id = ?`,
      ).run(randomUUID(), deadLetterErrorFor(outcome), at, id);
    }
  }).immediate();
}

export function countByStatus(db: Db): Record<EventStatus, number> {
  const counts = Object.fromEntries(EVENT_STATUSES.map((status) => [status, 0])) as Record<
    EventStatus,
    number
  >;
  const rows = db.prepare('SELECT status, count(*) AS n FROM events GROUP BY status').all() as {
    status: EventStatus;
    n: number;
  }[];
  for (const row of rows) counts[row.status] = row.n;
  return counts;
}

export function requeueEvent(db: Db, eventId: string): void {
  db.transaction(() => {
    const latest = db
      .prepare('SELECT id, replays FROM dead_letters WHERE event_id = ? ORDER BY position DESC LIMIT 1')
      .get(eventId) as { id: string; replays: string } | undefined;
    const approved = approvedReplay(
      eventId,
      eventHead(db, eventId),
      latest && { id: latest.id, replays: sqliteColumns.json(latest.replays) as DeadLetter['replays'] },
    );
    const at = now();
    // A fresh attempt budget: the earlier attempts and outcome stay in the lineage.
    db.prepare(
      `UPDATE events SET status = 'accepted', attempts = 0, not_before = NULL, last_error = NULL, outcome = NULL,
         lease_owner = NULL, lease_until = NULL, updated_at = ?
       WHERE id = ?`,
    ).run(at, eventId);
    const { event } = approved;
    const lineage = requeueLineage(approved);
    addTransaction(db, { eventId, lane: event.lane, principal: event.principal, ...lineage }, at);
  }).immediate();
}
