/** The lineage on PostgreSQL: one transaction row per action on an event. */
import type pg from 'pg';
import { postgresColumns, toJson, toTransactionRow, type TransactionTableRow } from '../row-mapping.js';
import type { TransactionRow } from '../state-store.js';
import { named } from './transaction.js';

export async function transactions(pool: pg.Pool, eventId: string): Promise<TransactionRow[]> {
  const { rows } = await pool.query<TransactionTableRow>(
    'SELECT * FROM transactions WHERE event_id = $1 ORDER BY position',
    [eventId],
  );
  return rows.map((row) => toTransactionRow(row, postgresColumns));
}

const ADD_TRANSACTION = named(
  'lk_add_transaction',
  'INSERT INTO transactions (event_id, lane, principal, action, detail, at) VALUES ($1, $2, $3, $4, $5, now())',
);

/** One lineage row (its detail given as JSON, or as `row.detail`). */
export async function addTransactionRow(
  db: pg.Pool | pg.PoolClient,
  row: Omit<TransactionRow, 'at' | 'detail'> & { detail?: unknown },
  detailJson = toJson(row.detail),
): Promise<void> {
  await db.query(ADD_TRANSACTION([row.eventId, row.lane, row.principal, row.action, detailJson]));
}
