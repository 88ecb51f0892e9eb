/** The target index's loads on PostgreSQL: pages of records, removals, merges, progress. */
import type pg from 'pg';
import { indexLoadColumns, toIndexLoadState, toJson, type IndexLoadRow } from '../row-mapping.js';
import type { IndexedRecord, IndexLoadState } from '../state-store.js';
import { inTransaction, named } from './transaction.js';

export async function indexLoadState(pool: pg.Pool, scope: string): Promise<IndexLoadState | undefined> {
  const { rows } = await pool.query<IndexLoadRow>(
    named(
      'lk_index_load_state',
      'SELECT cursor, loaded, started_at, completed_at, watermark FROM index_loads WHERE scope = $1',
    )([scope]),
  );
  return rows[0] && toIndexLoadState(rows[0]);
}

const PUT_LOAD_STATE = named(
  'lk_index_load_put',
  `INSERT INTO index_loads (scope, cursor, loaded, started_at, completed_at, watermark, updated_at)
   VALUES ($1, $2, $3, $4, $5, $6, now())
   ON CONFLICT (scope) DO UPDATE SET cursor = excluded.cursor, loaded = excluded.loaded,
     started_at = excluded.started_at, completed_at = excluded.completed_at,
     watermark = excluded.watermark, updated_at = excluded.updated_at`,
);

/**
 * The changed entries of a page in one statement, each under the next value of the store-wide counter
 * (whose row lock, held to commit, keeps seqs in commit order: see `indexPut`). A target id already
 * indexed keeps its entity; an entry with the same identity is left as it is.
 */
const ABSORB = named(
  'lk_index_absorb',
  `WITH input AS (
     SELECT * FROM jsonb_to_recordset($2::jsonb) AS x(target_id text, entity_id text, identity jsonb)
   ), changed AS (
     SELECT i.target_id, COALESCE(e.entity_id, i.entity_id) AS entity_id, i.identity,
       row_number() OVER (ORDER BY i.target_id) AS n, count(*) OVER () AS total
     FROM input i LEFT JOIN identity_index e ON e.scope = $1 AND e.target_id = i.target_id
     WHERE e.target_id IS NULL OR e.removed OR e.identity <> i.identity
   ), next AS (
     UPDATE counters SET value = value + (SELECT count(*) FROM changed)
     WHERE name = 'identity_index' RETURNING value
   )
   INSERT INTO identity_index (scope, target_id, entity_id, identity, seq, updated_at)
   SELECT $1, c.target_id, c.entity_id, c.identity, next.value - c.total + c.n, now()
   FROM changed c CROSS JOIN next
   ON CONFLICT (scope, target_id) DO UPDATE SET
     entity_id = excluded.entity_id, identity = excluded.identity, seq = excluded.seq,
     updated_at = excluded.updated_at, removed = false
   RETURNING seq`,
);

export function indexAbsorb(
  pool: pg.Pool,
  scope: string,
  records: readonly IndexedRecord[],
  state: IndexLoadState,
): Promise<number> {
  // One row per target id (the last one given): a statement may not change a row twice.
  const byTarget = new Map(records.map((r) => [r.targetId, r]));
  const input = [...byTarget.values()].map((r) => ({
    target_id: r.targetId,
    entity_id: r.entityId,
    identity: r.identity,
  }));
  return inTransaction(
    pool,
    async (client) => {
      await client.query(PUT_LOAD_STATE([scope, ...indexLoadColumns(state)]));
      if (input.length === 0) return 0;
      const { rows } = await client.query(ABSORB([scope, toJson(input)]));
      return rows.length;
    },
    'process',
  );
}

const REMOVE = named(
  'lk_index_remove',
  `WITH next AS (
     UPDATE counters SET value = value + 1 WHERE name = 'identity_index' RETURNING value
   )
   UPDATE identity_index SET removed = true, seq = (SELECT value FROM next), updated_at = now()
   WHERE scope = $1 AND target_id = $2 AND NOT removed
   RETURNING seq`,
);

export function indexRemove(pool: pg.Pool, scope: string, targetIds: readonly string[]): Promise<number> {
  return inTransaction(
    pool,
    async (client) => {
      let removed = 0;
      for (const targetId of new Set(targetIds))
        removed += (await client.query(REMOVE([scope, targetId]))).rows.length;
      return removed;
    },
    'process',
  );
}

export function repointTarget(
  pool: pg.Pool,
  scope: string,
  fromTargetId: string,
  toTargetId: string,
  survivorEntityId: string,
): Promise<boolean> {
  return inTransaction(
    pool,
    async (client) => {
      const entityOf = async (targetId: string): Promise<string | undefined> =>
        (
          await client.query<{ entity_id: string }>(
            'SELECT entity_id FROM identity_index WHERE scope = $1 AND target_id = $2 AND NOT removed',
            [scope, targetId],
          )
        ).rows[0]?.entity_id;
      const survivor = (await entityOf(toTargetId)) ?? survivorEntityId;
      const loser = (await entityOf(fromTargetId)) ?? null;
      let moved = (
        await client.query(
          `UPDATE crosswalk SET target_id = $3, entity_id = $4, updated_at = now()
           WHERE scope = $1 AND (target_id = $2 OR entity_id = $5)`,
          [scope, fromTargetId, toTargetId, survivor, loser],
        )
      ).rowCount;
      moved =
        (moved ?? 0) +
        ((
          await client.query(
            `UPDATE claims SET target_id = $3, entity_id = $4
             WHERE scope = $1 AND (target_id = $2 OR entity_id = $5)`,
            [scope, fromTargetId, toTargetId, survivor, loser],
          )
        ).rowCount ?? 0);
      moved += (await client.query(REMOVE([scope, fromTargetId]))).rows.length;
      return moved > 0;
    },
    'process',
  );
}
