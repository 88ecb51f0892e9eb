/** The review queue, the dead-letter queue and the lineage on SQLite: what operators see and act on. */
import type Database from 'better-sqlite3';
import { StateStoreError } from '../state-store-error.js';
import {
  sqliteColumns,
  toDeadLetter,
  toJson,
  toReviewItem,
  toTransactionRow,
  type DeadLetterRow,
  type ReviewRow,
  type TransactionTableRow,
} from '../row-mapping.js';
import type { DeadLetter, ReviewItem, ReviewResolution, TransactionRow } from '../state-store.js';

type Db = Database.Database;

export function listReview(db: Db, status?: 'open' | 'resolved'): ReviewItem[] {
  const rows = (
    status === undefined
      ? db.prepare('SELECT * FROM review_items ORDER BY position').all()
      : db.prepare('SELECT * FROM review_items WHERE status = ? ORDER BY position').all(status)
  ) as ReviewRow[];
  return rows.map((row) => toReviewItem(row, sqliteColumns));
}

export function getReview(db: Db, id: string): ReviewItem | undefined {
  const row = db.prepare('SELECT * FROM review_items WHERE id = ?').get(id) as ReviewRow | undefined;
  return row && toReviewItem(row, sqliteColumns);
}

export function resolveReview(db: Db, id: string, resolution: ReviewResolution): void {
  db.transaction(() => {
    const row = db.prepare('SELECT status FROM review_items WHERE id = ?').get(id) as
      { status: ReviewItem['status'] } | undefined;
    if (row === undefined) throw new StateStoreError(`no review item with id ${id}`, 'not_found');
    if (row.status === 'resolved') {
      throw new StateStoreError(`review item ${id} was already resolved`, 'already_resolved');
    }
    db.prepare(`UPDATE review_items SET status = 'resolved', resolution = ? WHERE id = ?`).run(
      toJson(resolution),
      id,
    );
  }).immediate();
}

export function listDeadLetters(db: Db): DeadLetter[] {
  const rows = db.prepare('SELECT * FROM dead_letters ORDER BY position').all() as DeadLetterRow[];
  return rows.map((row) => toDeadLetter(row, sqliteColumns));
}

export function getDeadLetter(db: Db, id: string): DeadLetter | undefined {
  const row = db.prepare('SELECT * FROM dead_letters WHERE id = ?').get(id) as DeadLetterRow | undefined;
  return row && toDeadLetter(row, sqliteColumns);
}

export function noteReplay(
  db: Db,
  id: string,
  replay: { operator: string; reason: string; refused?: string },
): void {
  const entry = {
    operator: replay.operator,
    reason: replay.reason,
    at: new Date().toISOString(),
    ...(replay.refused === undefined ? {} : { refused: replay.refused }),
  };
  const { changes } = db
    .prepare(`UPDATE dead_letters SET replays = json_insert(replays, '$[#]', json(?)) WHERE id = ?`)
    .run(JSON.stringify(entry), id);
  if (changes === 0) throw new StateStoreError(`no dead letter with id ${id}`, 'not_found');
}

export function transactions(db: Db, eventId: string): TransactionRow[] {
  const rows = db
    .prepare('SELECT * FROM transactions WHERE event_id = ? ORDER BY position')
    .all(eventId) as TransactionTableRow[];
  return rows.map((row) => toTransactionRow(row, sqliteColumns));
}

export function addTransaction(db: Db, row: Omit<TransactionRow, 'at'>, at = new Date().toISOString()): void {
  db.prepare(
    'INSERT INTO transactions (event_id, lane, principal, action, detail, at) VALUES (?, ?, ?, ?, ?, ?)',
  ).run(row.eventId, row.lane, row.principal, row.action, toJson(row.detail), at);
}
