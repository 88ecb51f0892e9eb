/** The review queue and the dead-letter queue on SQLite: what operators see and act on. */
import { assertReviewWritable, reviewLineage } from '../event-transitions.js';
import { StateStoreError } from '../state-store-error.js';
import {
  sqliteColumns,
  toDeadLetter,
  toJson,
  toReviewItem,
  type DeadLetterRow,
  type ReviewRow,
} from '../row-mapping.js';
import {
  selectByCode,
  type DeadLetter,
  type DeadLetterFilter,
  type ReviewItem,
  type ReviewResolution,
  type ReviewWrite,
} from '../state-store.js';
import type { SqliteConnection } from './connection.js';
import { eventHead, setOutcome } from './event-queue.js';
import { applyWriteEffects } from './identity-tables.js';
import { addTransactionRow } from './lineage.js';

export function listReview(conn: SqliteConnection, status?: 'open' | 'resolved'): ReviewItem[] {
  const rows = (
    status === undefined
      ? conn.statement('SELECT * FROM review_items ORDER BY position').all()
      : conn.statement('SELECT * FROM review_items WHERE status = ? ORDER BY position').all(status)
  ) as ReviewRow[];
  return rows.map((row) => toReviewItem(row, sqliteColumns));
}

export function getReview(conn: SqliteConnection, id: string): ReviewItem | undefined {
  const row = conn.statement('SELECT * FROM review_items WHERE id = ?').get(id) as ReviewRow | undefined;
  return row && toReviewItem(row, sqliteColumns);
}

export function resolveReview(
  conn: SqliteConnection,
  id: string,
  resolution: ReviewResolution,
  write: ReviewWrite | undefined,
): Promise<void> {
  return conn.write('durable', () => {
    const row = conn.statement('SELECT status, event_id FROM review_items WHERE id = ?').get(id) as
      { status: ReviewItem['status']; event_id: string } | undefined;
    if (row === undefined) throw new StateStoreError(`no review item with id ${id}`, 'not_found');
    if (row.status === 'resolved') {
      throw new StateStoreError(`review item ${id} was already resolved`, 'already_resolved');
    }
    const event = eventHead(conn, row.event_id);
    if (event === undefined) throw new StateStoreError(`no event with id ${row.event_id}`, 'not_found');
    const at = new Date().toISOString();
    if (write !== undefined) {
      assertReviewWritable(row.event_id, event, resolution, write);
      const { outcome } = write;
      setOutcome(conn, row.event_id, toJson(outcome), outcome.status, `('review')`, at);
      applyWriteEffects(conn, write.effects, at);
    }
    conn
      .statement(`UPDATE review_items SET status = 'resolved', resolution = ? WHERE id = ?`)
      .run(toJson(resolution), id);
    const lineage = reviewLineage(id, resolution, write);
    addTransactionRow(
      conn,
      { eventId: row.event_id, lane: event.lane, principal: event.principal, ...lineage },
      at,
    );
  });
}

export function listDeadLetters(conn: SqliteConnection, filter: DeadLetterFilter = {}): DeadLetter[] {
  const where: string[] = [];
  const args: string[] = [];
  if (filter.lane !== undefined) {
    where.push('d.lane = ?');
    args.push(filter.lane);
  }
  if (filter.from !== undefined) {
    where.push('d.created_at >= ?');
    args.push(filter.from.toISOString());
  }
  if (filter.to !== undefined) {
    where.push('d.created_at < ?');
    args.push(filter.to.toISOString());
  }
  if (filter.current === true)
    where.push(
      `EXISTS (SELECT 1 FROM events e WHERE e.id = d.event_id AND e.status = 'dead_letter')`,
      'd.position = (SELECT max(position) FROM dead_letters l WHERE l.event_id = d.event_id)',
    );
  const sql = `SELECT d.* FROM dead_letters d${where.length === 0 ? '' : ` WHERE ${where.join(' AND ')}`}
    ORDER BY d.position`;
  const rows = conn.statement(sql).all(...args) as DeadLetterRow[];
  return selectByCode(
    rows.map((row) => toDeadLetter(row, sqliteColumns)),
    filter,
  );
}

export function getDeadLetter(conn: SqliteConnection, id: string): DeadLetter | undefined {
  const row = conn.statement('SELECT * FROM dead_letters WHERE id = ?').get(id) as DeadLetterRow | undefined;
  return row && toDeadLetter(row, sqliteColumns);
}

export async function noteReplay(
  conn: SqliteConnection,
  id: string,
  replay: { operator: string; reason: string; refused?: string },
): Promise<void> {
  const entry = {
    operator: replay.operator,
    reason: replay.reason,
    at: new Date().toISOString(),
    ...(replay.refused === undefined ? {} : { refused: replay.refused }),
  };
  const { changes } = await conn.write('durable', () =>
    conn
      .statement(`UPDATE dead_letters SET replays = json_insert(replays, '$[#]', json(?)) WHERE id = ?`)
      .run(JSON.stringify(entry), id),
  );
  if (changes === 0) throw new StateStoreError(`no dead letter with id ${id}`, 'not_found');
}
