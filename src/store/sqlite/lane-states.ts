/** Lane pauses and create slots on SQLite: the circuit breaker, under the database's write lock. */
import {
  breakerPause,
  laneLineageId,
  toLanePause,
  toLaneState,
  type LaneStateRow,
} from '../lane-state-rows.js';
import { sqliteColumns } from '../row-mapping.js';
import type { CreateReservation, CreateWindow, LanePause, LaneState } from '../state-store.js';
import type { SqliteConnection } from './connection.js';
import { addTransactionRow } from './lineage.js';

function stateRow(conn: SqliteConnection, lane: string): LaneStateRow | undefined {
  return conn.statement('SELECT * FROM lane_states WHERE lane = ?').get(lane) as LaneStateRow | undefined;
}

/** Creates reserved since the later of `from` and the lane's window start. */
function createsSince(conn: SqliteConnection, lane: string, from: string, row?: LaneStateRow): number {
  const start = typeof row?.window_start === 'string' && row.window_start > from ? row.window_start : from;
  const { n } = conn
    .statement('SELECT count(*) AS n FROM create_slots WHERE lane = ? AND at > ?')
    .get(lane, start) as { n: number };
  return n;
}

function setPause(conn: SqliteConnection, lane: string, pause: Omit<LanePause, 'since'>, at: string): void {
  conn
    .statement(
      `INSERT INTO lane_states (lane, paused_cause, paused_by, paused_reason, paused_since)
       VALUES (@lane, @cause, @actor, @reason, @at)
       ON CONFLICT (lane) DO UPDATE SET paused_cause = @cause, paused_by = @actor, paused_reason = @reason,
         paused_since = @at`,
    )
    .run({ lane, ...pause, at });
}

function putBackRow(conn: SqliteConnection, id: string, at: string): void {
  conn
    .statement(
      `UPDATE events SET status = 'accepted', lease_owner = NULL, lease_until = NULL, updated_at = ?
       WHERE id = ? AND status = 'processing'`,
    )
    .run(at, id);
}

export function putBack(conn: SqliteConnection, id: string): Promise<void> {
  return conn.write('process', () => putBackRow(conn, id, new Date().toISOString()));
}

export function reserveCreate(
  conn: SqliteConnection,
  lane: string,
  eventId: string,
  window: CreateWindow,
): Promise<CreateReservation> {
  return conn.write('process', (): CreateReservation => {
    const now = new Date();
    const at = now.toISOString();
    const from = new Date(now.getTime() - window.windowMs).toISOString();
    const row = stateRow(conn, lane);
    const held = conn
      .statement('SELECT 1 FROM create_slots WHERE lane = ? AND event_id = ?')
      .get(lane, eventId);
    const creates = createsSince(conn, lane, from, row);
    if (held !== undefined) return { ok: true, creates };
    if (row?.paused_cause != null) {
      putBackRow(conn, eventId, at);
      return { ok: false, tripped: false, pause: toLanePause(row, sqliteColumns), creates };
    }
    if (creates >= window.max) {
      const pause = breakerPause(window, creates);
      setPause(conn, lane, pause, at);
      addTransactionRow(
        conn,
        {
          eventId: laneLineageId(lane),
          lane,
          principal: pause.actor,
          action: 'lane_paused',
          detail: { ...pause, creates, limit: window.label, event: eventId },
        },
        at,
      );
      putBackRow(conn, eventId, at);
      return { ok: false, tripped: true, pause: { ...pause, since: at }, creates };
    }
    conn.statement('DELETE FROM create_slots WHERE lane = ? AND at <= ?').run(lane, from);
    conn.statement('INSERT INTO create_slots (lane, event_id, at) VALUES (?, ?, ?)').run(lane, eventId, at);
    return { ok: true, creates: creates + 1 };
  });
}

export function pauseLane(
  conn: SqliteConnection,
  lane: string,
  pause: Omit<LanePause, 'since'>,
): Promise<boolean> {
  return conn.write('durable', () => {
    if (stateRow(conn, lane)?.paused_cause != null) return false;
    const at = new Date().toISOString();
    setPause(conn, lane, pause, at);
    addTransactionRow(
      conn,
      { eventId: laneLineageId(lane), lane, principal: pause.actor, action: 'lane_paused', detail: pause },
      at,
    );
    return true;
  });
}

export function resumeLane(
  conn: SqliteConnection,
  lane: string,
  resume: { actor: string; reason: string },
): Promise<boolean> {
  return conn.write('durable', () => {
    const row = stateRow(conn, lane);
    if (row?.paused_cause == null) return false;
    const at = new Date().toISOString();
    conn
      .statement(
        `UPDATE lane_states SET paused_cause = NULL, paused_by = NULL, paused_reason = NULL,
           paused_since = NULL, window_start = ?
         WHERE lane = ?`,
      )
      .run(at, lane);
    addTransactionRow(
      conn,
      {
        eventId: laneLineageId(lane),
        lane,
        principal: resume.actor,
        action: 'lane_resumed',
        detail: { reason: resume.reason, pausedBy: row.paused_by, pausedFor: row.paused_reason },
      },
      at,
    );
    return true;
  });
}

export function laneStates(
  conn: SqliteConnection,
  windows: Readonly<Record<string, number>> = {},
): LaneState[] {
  const rows = conn.statement('SELECT * FROM lane_states ORDER BY lane').all() as LaneStateRow[];
  const byLane = new Map(rows.map((row) => [row.lane, row]));
  const now = Date.now();
  const lanes = [...new Set([...byLane.keys(), ...Object.keys(windows)])].sort();
  return lanes.map((lane) => {
    const row = byLane.get(lane);
    const windowMs = windows[lane];
    const creates =
      windowMs === undefined ? 0 : createsSince(conn, lane, new Date(now - windowMs).toISOString(), row);
    return toLaneState(
      row ?? {
        lane,
        paused_cause: null,
        paused_by: null,
        paused_reason: null,
        paused_since: null,
        window_start: null,
      },
      creates,
      sqliteColumns,
    );
  });
}
