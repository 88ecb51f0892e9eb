/** The review queue and the dead-letter queue on PostgreSQL: what operators see and act on. */
import type pg from 'pg';
import { StateStoreError } from '../state-store-error.js';
import { assertReviewWritable, reviewLineage } from '../event-transitions.js';
import {
  postgresColumns,
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
import { lockEvent, setOutcome } from './event-queue.js';
import { applyWriteEffects } from './identity-tables.js';
import { addTransactionRow } from './lineage.js';
import { inTransaction } from './transaction.js';

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

/**
 * One conditional update of the item: of two racing resolutions exactly one finds it still open; the other
 * waits for the first to commit, then finds it resolved. The event's row is locked before it is checked.
 */
export async function resolveReview(
  pool: pg.Pool,
  id: string,
  resolution: ReviewResolution,
  write: ReviewWrite | undefined,
): Promise<void> {
  await inTransaction(pool, async (client) => {
    const updated = await client.query<{ event_id: string }>(
      `UPDATE review_items SET status = 'resolved', resolution = $2 WHERE id = $1 AND status = 'open'
       RETURNING event_id`,
      [id, toJson(resolution)],
    );
    const eventId = updated.rows[0]?.event_id;
    if (eventId === undefined) {
      const { rows } = await client.query('SELECT 1 FROM review_items WHERE id = $1', [id]);
      if (rows.length === 0) throw new StateStoreError(`no review item with id ${id}`, 'not_found');
      throw new StateStoreError(`review item ${id} was already resolved`, 'already_resolved');
    }
    const event = await lockEvent(client, eventId);
    if (event === undefined) throw new StateStoreError(`no event with id ${eventId}`, 'not_found');
    if (write !== undefined) {
      assertReviewWritable(eventId, event, resolution, write);
      await setOutcome(client, eventId, write.outcome.status, toJson(write.outcome), ['review']);
      await applyWriteEffects(client, write.effects);
    }
    const lineage = reviewLineage(id, resolution, write);
    await addTransactionRow(client, { eventId, lane: event.lane, principal: event.principal, ...lineage });
  });
}

export async function listDeadLetters(pool: pg.Pool, filter: DeadLetterFilter = {}): Promise<DeadLetter[]> {
  const where: string[] = [];
  const args: unknown[] = [];
  if (filter.lane !== undefined) {
    args.push(filter.lane);
    where.push(`d.lane = $${args.length}`);
  }
  if (filter.from !== undefined) {
    args.push(filter.from);
    where.push(`d.created_at >= $${args.length}`);
  }
  if (filter.to !== undefined) {
    args.push(filter.to);
    where.push(`d.created_at < $${args.length}`);
  }
  if (filter.current === true)
    where.push(
      `EXISTS (SELECT 1 FROM events e WHERE e.id = d.event_id AND e.status = 'dead_letter')`,
      'd.position = (SELECT max(position) FROM dead_letters l WHERE l.event_id = d.event_id)',
    );
  const { rows } = await pool.query<DeadLetterRow>(
    `SELECT d.* FROM dead_letters d${where.length === 0 ? '' : ` WHERE ${where.join(' AND ')}`}
     ORDER BY d.position`,
    args,
  );
  return selectByCode(
    rows.map((row) => toDeadLetter(row, postgresColumns)),
    filter,
  );
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
  const updated = await inTransaction(pool, (client) =>
    client.query(
      `UPDATE dead_letters
     SET replays = replays || jsonb_build_array(
       $2::jsonb || jsonb_build_object('at', to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')))
     WHERE id = $1`,
      [id, JSON.stringify(entry)],
    ),
  );
  if (updated.rowCount === 0) throw new StateStoreError(`no dead letter with id ${id}`, 'not_found');
}
