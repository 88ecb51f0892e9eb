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
  finishLineageJson,
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
  type WriteEffects,
} from '../state-store.js';
import { addTransactionRow } from './lineage.js';
import { inTransaction, named } from './transaction.js';

/**
 * The batch in one statement, inserted in (lane, event key) order whatever the order of the batch, so two
 * batches sharing keys wait for each other instead of deadlocking. A key inserted by a concurrent,
 * uncommitted batch makes the insert wait for that batch; once it commits, the insert does nothing and the
 * earlier event is read back (by a later statement, which sees that commit). A key twice in the batch is
 * inserted once; the second is a replay of the first.
 */
const INSERT_EVENTS = named(
  'lk_accept',
  `INSERT INTO events (id, lane, event_key, principal, payload, status, attempts, received_at, updated_at)
   SELECT id, lane, event_key, principal, payload::json, 'accepted', 0, now(), now()
   FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[]) WITH ORDINALITY
     AS batch (id, lane, event_key, principal, payload, n)
   ORDER BY lane, event_key, n
   ON CONFLICT (lane, event_key) DO NOTHING
   RETURNING id`,
);
const EARLIER_EVENTS = named(
  'lk_accept_earlier',
  `SELECT id, lane, event_key, status FROM events
   WHERE (lane, event_key) IN (SELECT * FROM unnest($1::text[], $2::text[]))`,
);

export async function acceptEvents(pool: pg.Pool, events: readonly IncomingEvent[]): Promise<AcceptResult[]> {
  const ids = events.map(() => randomUUID());
  return inTransaction(pool, async (client) => {
    const inserted = await client.query<{ id: string }>(
      INSERT_EVENTS([
        ids,
        events.map((e) => e.lane),
        events.map((e) => e.eventKey),
        events.map((e) => e.principal),
        events.map((e) => toJson(e.payload)),
      ]),
    );
    const fresh = new Set(inserted.rows.map((row) => row.id));
    const replays = events.filter((_, i) => !fresh.has(ids[i]!));
    const earlier = new Map<string, { id: string; status: EventStatus }>();
    if (replays.length > 0) {
      const { rows } = await client.query<{
        id: string;
        lane: string;
        event_key: string;
        status: EventStatus;
      }>(EARLIER_EVENTS([replays.map((e) => e.lane), replays.map((e) => e.eventKey)]));
      for (const row of rows) earlier.set(keyOf(row.lane, row.event_key), row);
    }
    return events.map((event, i): AcceptResult => {
      const id = ids[i]!;
      if (fresh.has(id)) return { id, duplicate: false, status: 'accepted' };
      const row = earlier.get(keyOf(event.lane, event.eventKey));
      if (row === undefined) throw new Error(`event key on lane ${event.lane} conflicted but was not found`);
      return { id: row.id, duplicate: true, status: row.status };
    });
  });
}

function keyOf(lane: string, eventKey: string): string {
  return JSON.stringify([lane, eventKey]);
}

const GET_EVENT = named('lk_get_event', 'SELECT * FROM events WHERE id = $1');

export async function getEvent(pool: pg.Pool, id: string): Promise<StoredEvent | undefined> {
  const { rows } = await pool.query<EventRow>(GET_EVENT([id]));
  return rows[0] && toStoredEvent(rows[0], postgresColumns);
}

/**
 * One statement. Each of its three parts reads an index in order and stops at `limit`: events never tried
 * (`events_ready`), retries that are due, and expired leases. `FOR UPDATE SKIP LOCKED` lets concurrent
 * leases pass over rows another lease is taking, and the row lock re-checks the condition on the latest
 * version, so no event is handed out twice.
 */
const LEASE_SQL = (skip: string) => `WITH ready AS (
     SELECT id, position FROM events WHERE status = 'accepted' AND not_before IS NULL${skip}
     ORDER BY position LIMIT $2 FOR UPDATE SKIP LOCKED
   ), retry AS (
     SELECT id, position FROM events WHERE status = 'accepted' AND not_before <= now()${skip}
     ORDER BY position LIMIT $2 FOR UPDATE SKIP LOCKED
   ), expired AS (
     SELECT id, position FROM events WHERE status = 'processing' AND lease_until <= now()${skip}
     ORDER BY position LIMIT $2 FOR UPDATE SKIP LOCKED
   ), due AS (
     SELECT id FROM (SELECT * FROM ready UNION ALL SELECT * FROM retry UNION ALL SELECT * FROM expired) AS d
     ORDER BY position LIMIT $2
   )
   UPDATE events AS e
   SET status = 'processing', lease_owner = $1,
       takeovers = e.takeovers + CASE WHEN e.status = 'processing' THEN 1 ELSE 0 END,
       lease_until = now() + $3::double precision * interval '1 millisecond', updated_at = now()
   FROM due WHERE e.id = due.id
   RETURNING e.*`;
const LEASE = named('lk_lease', LEASE_SQL(''));
const LEASE_SKIPPING = named('lk_lease_skipping', LEASE_SQL(' AND NOT (lane = ANY($4::text[]))'));

export async function leaseEvents(
  pool: pg.Pool,
  worker: string,
  limit: number,
  leaseMs: number,
  skipLanes: readonly string[] = [],
): Promise<StoredEvent[]> {
  if (limit <= 0) return [];
  const query =
    skipLanes.length === 0
      ? LEASE([worker, limit, leaseMs])
      : LEASE_SKIPPING([worker, limit, leaseMs, [...skipLanes]]);
  const { rows } = await pool.query<EventRow & { position: string }>(query);
  return rows
    .sort((a, b) => Number(a.position) - Number(b.position))
    .map((row) => toStoredEvent(row, postgresColumns));
}

export interface EventHead {
  lane: string;
  event_key: string;
  principal: string;
  status: EventStatus;
}

/** Reads an event's head with a row lock, so that checks and the change that follows are one step. */
export async function lockEvent(client: pg.PoolClient, id: string): Promise<EventHead | undefined> {
  const { rows } = await client.query<EventHead>(
    named(
      'lk_lock_event',
      'SELECT lane, event_key, principal, status FROM events WHERE id = $1 FOR UPDATE',
    )([id]),
  );
  return rows[0];
}

/**
 * A change to an event that is not terminal, in one statement: it waits for a racing change of the row and
 * re-checks the status on the version that change left. Returns the event's head, or throws as
 * `assertNotTerminal` says why nothing was changed.
 */
async function changeLiveEvent(
  db: pg.Pool | pg.PoolClient,
  id: string,
  change: pg.QueryConfig,
): Promise<EventHead> {
  const { rows } = await db.query<EventHead>(change);
  return rows[0] ?? refuse(db, id);
}

/** Why an event did not change: throws as `assertNotTerminal` says. */
async function refuse(db: pg.Pool | pg.PoolClient, id: string): Promise<never> {
  const { rows } = await db.query<EventHead>(
    named('lk_event_head', 'SELECT lane, event_key, principal, status FROM events WHERE id = $1')([id]),
  );
  assertNotTerminal(id, rows[0]);
  throw new Error(`event ${id} changed while it was updated`);
}

/** The statuses an event reaches its terminal outcome from (invariant 3: exactly one terminal state). */
const LIVE: readonly EventStatus[] = ['accepted', 'processing'];

const RETRY_LATER = named(
  'lk_retry_later',
  `UPDATE events SET status = 'accepted', attempts = attempts + $5, not_before = $2, last_error = $3,
     lease_owner = NULL, lease_until = NULL, updated_at = now()
   WHERE id = $1 AND status = ANY($4::text[])
   RETURNING lane, event_key, principal, status`,
);

export async function retryLater(
  pool: pg.Pool,
  id: string,
  error: string,
  notBefore: Date,
  countAttempt = true,
): Promise<void> {
  await changeLiveEvent(pool, id, RETRY_LATER([id, notBefore, error, LIVE, countAttempt ? 1 : 0]));
}

const SET_OUTCOME = named(
  'lk_set_outcome',
  `UPDATE events SET status = $2, outcome = $3, not_before = NULL, lease_owner = NULL, lease_until = NULL,
     updated_at = now()
   WHERE id = $1 AND status = ANY($4::text[])
   RETURNING lane, event_key, principal, status`,
);

/** Sets a terminal outcome (as JSON) on an event in one of `from`; the caller writes the lineage. */
export async function setOutcome(
  client: pg.PoolClient,
  id: string,
  status: EventOutcome['status'],
  outcomeJson: string,
  from: readonly EventStatus[],
): Promise<EventHead | undefined> {
  const { rows } = await client.query<EventHead>(SET_OUTCOME([id, status, outcomeJson, from]));
  return rows[0];
}

/** The terminal outcome, its lineage row and its review item or dead letter; inside a transaction. */
async function finishIn(
  client: pg.PoolClient,
  id: string,
  outcome: EventOutcome,
  extra: { review?: { reason: string; candidates: unknown } } | undefined,
): Promise<void> {
  const outcomeJson = toJson(outcome);
  const event = await changeLiveEvent(client, id, SET_OUTCOME([id, outcome.status, outcomeJson, LIVE]));
  const detail = finishLineageJson(event.event_key, outcomeJson);
  const row = { eventId: id, lane: event.lane, principal: event.principal, action: outcome.status };
  await addTransactionRow(client, row, detail);
  if (outcome.status === 'review') {
    const review = reviewItemFor(outcome, extra);
    await client.query(
      named(
        'lk_open_review',
        `INSERT INTO review_items (id, event_id, lane, reason, candidates, status, created_at)
         VALUES ($1, $2, $3, $4, $5, 'open', now())`,
      )([randomUUID(), id, event.lane, review.reason, toJson(review.candidates)]),
    );
  } else if (outcome.status === 'dead_letter') {
    // The whole payload, copied as stored, so that a replay needs nothing else.
    await client.query(
      named(
        'lk_dead_letter',
        `INSERT INTO dead_letters (id, event_id, lane, error, payload, created_at)
         SELECT $1, id, lane, $2, payload, now() FROM events WHERE id = $3`,
      )([randomUUID(), deadLetterErrorFor(outcome), id]),
    );
  }
}

export async function finishEvent(
  pool: pg.Pool,
  id: string,
  outcome: EventOutcome,
  extra: { review?: { reason: string; candidates: unknown } } | undefined,
): Promise<void> {
  await inTransaction(pool, (client) => finishIn(client, id, outcome, extra), 'process');
}

/**
 * A finished write in one statement (one transaction, one round trip): the outcome, its lineage row (its
 * detail built as `finishLineageJson` builds it) and the effects, each effect only when the event was
 * changed; the identity index's counter is taken last in the statement and held to its end, as in
 * `indexPut`. An absent effect has NULL parameters.
 */
const FINISH_WRITE = named(
  'lk_finish_write',
  `WITH ev AS (
     UPDATE events SET status = $2, outcome = $3::text::json, not_before = NULL, lease_owner = NULL,
       lease_until = NULL, updated_at = now()
     WHERE id = $1 AND status = ANY($14::text[])
     RETURNING id, lane, principal, event_key
   ), lineage AS (
     INSERT INTO transactions (event_id, lane, principal, action, detail, at)
     SELECT id, lane, principal, $2,
       (CASE WHEN $3::text = '{}' THEN '{"eventKey":' || to_json(event_key)::text || '}'
        ELSE '{"eventKey":' || to_json(event_key)::text || ',' || substr($3::text, 2) END)::json,
       now()
     FROM ev
   ), bound AS (
     UPDATE claims SET target_id = $6
     WHERE EXISTS (SELECT FROM ev) AND scope = $4 AND entity_id = $5 AND target_id IS DISTINCT FROM $6
   ), crosswalked AS (
     INSERT INTO crosswalk (scope, source_system, source_id, target_id, entity_id, updated_at)
     SELECT $4, $7, $8, $9, $10, now() FROM ev WHERE $7::text IS NOT NULL
     ON CONFLICT (scope, source_system, source_id)
     DO UPDATE SET target_id = excluded.target_id, entity_id = excluded.entity_id,
       updated_at = excluded.updated_at
   ), next AS (
     UPDATE counters SET value = value + 1
     WHERE name = 'identity_index' AND $11::text IS NOT NULL AND EXISTS (SELECT FROM ev)
     RETURNING value
   ), indexed AS (
     INSERT INTO identity_index (scope, target_id, entity_id, identity, seq, updated_at)
     SELECT $4, $11, $12, $13::text::jsonb, value, now() FROM next
     ON CONFLICT (scope, target_id) DO UPDATE SET
       entity_id = excluded.entity_id, identity = excluded.identity, seq = excluded.seq,
       updated_at = excluded.updated_at
   )
   SELECT count(*)::integer AS finished FROM ev`,
);

export async function finishWrite(
  pool: pg.Pool,
  id: string,
  outcome: EventOutcome,
  effects: WriteEffects,
): Promise<void> {
  const { scope, bind, crosswalk, index } = effects;
  const { rows } = await pool.query<{ finished: number }>(
    FINISH_WRITE([
      id,
      outcome.status,
      toJson(outcome),
      scope,
      bind?.entityId ?? null,
      bind?.targetId ?? null,
      crosswalk?.sourceSystem ?? null,
      crosswalk?.sourceId ?? null,
      crosswalk?.targetId ?? null,
      crosswalk?.entityId ?? null,
      index?.targetId ?? null,
      index?.entityId ?? null,
      index === undefined ? null : toJson(index.identity),
      LIVE,
    ]),
  );
  if (rows[0]?.finished !== 1) await refuse(pool, id);
}

export async function countByStatus(
  pool: pg.Pool,
  exceptLanes: readonly string[] = [],
): Promise<Record<EventStatus, number>> {
  const counts = Object.fromEntries(EVENT_STATUSES.map((status) => [status, 0])) as Record<
    EventStatus,
    number
  >;
  const { rows } = await pool.query<{ status: EventStatus; n: number }>(
    exceptLanes.length === 0
      ? named('lk_count_by_status', 'SELECT status, count(*)::integer AS n FROM events GROUP BY status')()
      : named(
          'lk_count_by_status_except',
          'SELECT status, count(*)::integer AS n FROM events WHERE NOT (lane = ANY($1::text[])) GROUP BY status',
        )([[...exceptLanes]]),
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
      `UPDATE events SET status = 'accepted', attempts = 0, takeovers = 0, not_before = NULL, last_error = NULL, outcome = NULL,
         lease_owner = NULL, lease_until = NULL, updated_at = now()
       WHERE id = $1`,
      [eventId],
    );
    const { lane, principal } = approved.event;
    await addTransactionRow(client, { eventId, lane, principal, ...requeueLineage(approved) });
  });
}
