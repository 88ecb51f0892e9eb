/** The lineage on SQLite: one transaction row per action on an event. */
import { sqliteColumns, toJson, toTransactionRow, type TransactionTableRow } from '../row-mapping.js';
import type { TransactionRow } from '../state-store.js';
import type { SqliteConnection } from './connection.js';

export function transactions(conn: SqliteConnection, eventId: string): TransactionRow[] {
  const rows = conn
    .statement('SELECT * FROM transactions WHERE event_id = ? ORDER BY position')
    .all(eventId) as TransactionTableRow[];
  return rows.map((row) => toTransactionRow(row, sqliteColumns));
}

export function addTransaction(conn: SqliteConnection, row: Omit<TransactionRow, 'at'>): Promise<void> {
  return conn.write('durable', () => addTransactionRow(conn, row, new Date().toISOString()));
}

/** One lineage row (its detail given as JSON, or as `row.detail`); inside a write transaction. */
export function addTransactionRow(
  conn: SqliteConnection,
  row: Omit<TransactionRow, 'at' | 'detail'> & { detail?: unknown },
  at: string,
  detailJson = toJson(row.detail),
): void {
  conn
    .statement(
      'INSERT INTO transactions (event_id, lane, principal, action, detail, at) VALUES (?, ?, ?, ?, ?, ?)',
    )
    .run(row.eventId, row.lane, row.principal, row.action, detailJson, at);
}
