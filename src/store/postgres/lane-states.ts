/**
 * Lane pauses and create slots on PostgreSQL: the circuit breaker. A reservation locks its lane's row, so
 * reservations on one lane — from any worker of any process — take their turns, and count what the ones
 * before them reserved. Times come from the database's clock.
 */
import type pg from 'pg';
import {
  breakerPause,
  laneLineageId,
  toLanePause,
  toLaneState,
  type LaneStateRow,
} from '../lane-state-rows.js';
import { postgresColumns } from '../row-mapping.js';
import type { CreateReservation, CreateWindow, LanePause, LaneState } from '../state-store.js';
import { addTransactionRow } from './lineage.js';
import { inTransaction, named } from './transaction.js';

const ENSURE_ROW = named(
  'lk_lane_ensure',
  'INSERT INTO lane_states (lane) VALUES ($1) ON CONFLICT (lane) DO NOTHING',
);
const LOCK_ROW = named('lk_lane_lock', 'SELECT * FROM lane_states WHERE lane = $1 FOR UPDATE');
const WINDOW = named(
  'lk_lane_window',
  `SELECT
     EXISTS (SELECT FROM create_slots WHERE lane = $1 AND event_id = $2) AS held,
     (SELECT count(*)::integer FROM create_slots
      WHERE lane = $1 AND at > greatest(now() - $3::double precision * interval '1 millisecond',
        coalesce($4::timestamptz, '-infinity'))) AS creates`,
);
const PUT_BACK = named(
  'lk_put_back',
  `UPDATE events SET status = 'accepted', lease_owner = NULL, lease_until = NULL, updated_at = now()
   WHERE id = $1 AND status = 'processing'`,
);
const SET_PAUSE = named(
  'lk_lane_pause',
  `UPDATE lane_states SET paused_cause = $2, paused_by = $3, paused_reason = $4, paused_since = now()
   WHERE lane = $1 RETURNING *`,
);
const TAKE_SLOT = named(
  'lk_lane_take_slot',
  `WITH pruned AS (
     DELETE FROM create_slots WHERE lane = $1 AND at <= now() - $3::double precision * interval '1 millisecond'
   )
   INSERT INTO create_slots (lane, event_id, at) VALUES ($1, $2, now())`,
);

async function lockedRow(client: pg.PoolClient, lane: string): Promise<LaneStateRow> {
  await client.query(ENSURE_ROW([lane]));
  const { rows } = await client.query<LaneStateRow>(LOCK_ROW([lane]));
  return rows[0]!;
}

export async function putBack(pool: pg.Pool, id: string): Promise<void> {
  await pool.query(PUT_BACK([id]));
}

export function reserveCreate(
  pool: pg.Pool,
  lane: string,
  eventId: string,
  window: CreateWindow,
): Promise<CreateReservation> {
  return inTransaction(
    pool,
    async (client): Promise<CreateReservation> => {
      const row = await lockedRow(client, lane);
      const { rows } = await client.query<{ held: boolean; creates: number }>(
        WINDOW([lane, eventId, window.windowMs, row.window_start]),
      );
      const { held, creates } = rows[0]!;
      if (held) return { ok: true, creates };
      if (row.paused_cause !== null) {
        await client.query(PUT_BACK([eventId]));
        return { ok: false, tripped: false, pause: toLanePause(row, postgresColumns), creates };
      }
      if (creates >= window.max) {
        const pause = breakerPause(window, creates);
        const paused = await client.query<LaneStateRow>(
          SET_PAUSE([lane, pause.cause, pause.actor, pause.reason]),
        );
        await addTransactionRow(client, {
          eventId: laneLineageId(lane),
          lane,
          principal: pause.actor,
          action: 'lane_paused',
          detail: { ...pause, creates, limit: window.label, event: eventId },
        });
        await client.query(PUT_BACK([eventId]));
        return { ok: false, tripped: true, pause: toLanePause(paused.rows[0]!, postgresColumns), creates };
      }
      await client.query(TAKE_SLOT([lane, eventId, window.windowMs]));
      return { ok: true, creates: creates + 1 };
    },
    'process',
  );
}

export function pauseLane(pool: pg.Pool, lane: string, pause: Omit<LanePause, 'since'>): Promise<boolean> {
  return inTransaction(pool, async (client) => {
    const row = await lockedRow(client, lane);
    if (row.paused_cause !== null) return false;
    await client.query(SET_PAUSE([lane, pause.cause, pause.actor, pause.reason]));
    await addTransactionRow(client, {
      eventId: laneLineageId(lane),
      lane,
      principal: pause.actor,
      action: 'lane_paused',
      detail: pause,
    });
    return true;
  });
}

export function resumeLane(
  pool: pg.Pool,
  lane: string,
  resume: { actor: string; reason: string },
): Promise<boolean> {
  return inTransaction(pool, async (client) => {
    const row = await lockedRow(client, lane);
    if (row.paused_cause === null) return false;
    await client.query(
      `UPDATE lane_states SET paused_cause = NULL, paused_by = NULL, paused_reason = NULL,
         paused_since = NULL, window_start = now()
       WHERE lane = $1`,
      [lane],
    );
    await addTransactionRow(client, {
      eventId: laneLineageId(lane),
      lane,
      principal: resume.actor,
      action: 'lane_resumed',
      detail: { reason: resume.reason, pausedBy: row.paused_by, pausedFor: row.paused_reason },
    });
    return true;
  });
}

export async function laneStates(
  pool: pg.Pool,
  windows: Readonly<Record<string, number>> = {},
): Promise<LaneState[]> {
  const limited = Object.entries(windows);
  const { rows } = await pool.query<LaneStateRow & { creates: number }>(
    `WITH limited AS (
       SELECT * FROM unnest($1::text[], $2::double precision[]) AS l (lane, window_ms)
     ), lanes AS (
       SELECT lane FROM lane_states UNION SELECT lane FROM limited
     )
     SELECT lanes.lane, s.paused_cause, s.paused_by, s.paused_reason, s.paused_since, s.window_start,
       (SELECT count(*)::integer FROM create_slots c
        WHERE l.window_ms IS NOT NULL AND c.lane = lanes.lane
          AND c.at > greatest(now() - l.window_ms * interval '1 millisecond',
            coalesce(s.window_start, '-infinity'))) AS creates
     FROM lanes LEFT JOIN lane_states s USING (lane) LEFT JOIN limited l USING (lane)
     ORDER BY lanes.lane`,
    [limited.map(([lane]) => lane), limited.map(([, ms]) => ms)],
  );
  return rows.map((row) => toLaneState(row, row.creates, postgresColumns));
}
