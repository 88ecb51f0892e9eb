/** The review queue, the dead-letter queue and the lineage on PostgreSQL: what operators see and act on. */
import type pg from 'pg';
import { StateStoreError } from '../state-store-error.js';
import {
  postgresColumns,
  toDeadLetter,
  toJson,
  toReviewItem,
  toTransactionRow,
  type DeadLetterRow,
  type ReviewRow,
  type TransactionTableRow,
} from '../row-mapping.js';
import type { DeadLetter, ReviewItem, ReviewResolution, TransactionRow } from '../state-store.js';

export async function listReview(pool: pg.Pool, status?: 'open' | 'resolved'): Promise<ReviewItem[]> {
  const { rows } =
    status === undefined
      ? await pool.query<ReviewRow>('SELECT * FROM review_items ORDER BY position')
      : await pool.query<ReviewRow>('SELECT * FROM review_items WHERE status = $1 ORDER BY position', [
          status,
        ]);
  return rows.map((row) => toReviewItem(row, postgresColumns));
}

export async function getReview(pool: pg.Pool, id: string): Promise<ReviewItem | undefined> {
  const { rows } = await pool.query<ReviewRow>('SELECT * FROM review_items WHERE id = $1', [id]);
  return rows[0] && toReviewItem(rows[0], postgresColumns);
}

/** One conditional update: of two racing resolutions exactly one finds the item still open. */
export async function resolveReview(pool: pg.Pool, id: string, resolution: ReviewResolution): Promise<void> {
  const updated = await pool.query(
    `UPDATE review_items SET status = 'resolved', resolution = $2 WHERE id = $1 AND status = 'open'`,
    [id, toJson(resolution)],
  );
  if (updated.rowCount === 1) return;
  const { rows } = await pool.query('SELECT 1 FROM review_items WHERE id = $1', [id]);
  if (rows.length === 0) throw new StateStoreError(`no review item with id ${id}`, 'not_found');
  throw new StateStoreError(`review item ${id} was already resolved`, 'already_resolved');
}

export async function listDeadLetters(pool: pg.Pool): Promise<DeadLetter[]> {
  const { rows } = await pool.query<DeadLetterRow>('SELECT * FROM dead_letters ORDER BY position');
  return rows.map((row) => toDeadLetter(row, postgresColumns));
}

export async function getDeadLetter(pool: pg.Pool, id: string): Promise<DeadLetter | undefined> {
  const { rows } = await pool.query<DeadLetterRow>('SELECT * FROM dead_letters WHERE id = $1', [id]);
  return rows[0] && toDeadLetter(rows[0], postgresColumns);
}

export async function noteReplay(
  pool: pg.Pool,
  id: string,
  replay: { operator: string; reason: string; refused?: string },
): Promise<void> {
  const entry = {
    operator: replay.operator,
    reason: replay.reason,
    ...(replay.refused === undefined ? {} : { refused: replay.refused }),
  };
  const updated = await pool.query(
    `UPDATE dead_letters
     SET replays = replays || jsonb_build_array(
       $2::jsonb || jsonb_build_object('at', to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')))
     WHERE id = $1`,
    [id, JSON.stringify(entry)],
  );
  if (updated.rowCount === 0) throw new StateStoreError(`no dead letter with id ${id}`, 'not_found');
}

export async function transactions(pool: pg.Pool, eventId: string): Promise<TransactionRow[]> {
  const { rows } = await pool.query<TransactionTableRow>(
    'SELECT * FROM transactions WHERE event_id = $1 ORDER BY position',
    [eventId],
  );
  return rows.map((row) => toTransactionRow(row, postgresColumns));
}

export async function addTransaction(
  db: pg.Pool | pg.PoolClient,
  row: Omit<TransactionRow, 'at'>,
): Promise<void> {
  await db.query(
    'INSERT INTO transactions (event_id, lane, principal, action, detail, at) VALUES ($1, $2, $3, $4, $5, now())',
    [row.eventId, row.lane, row.principal, row.action, toJson(row.detail)],
  );
}
