/** Claims, the crosswalk and the identity index on PostgreSQL, shared by every gateway process. */
import type pg from 'pg';
import { sortedUnique } from '../keyed-mutex.js';
import {
  postgresColumns,
  toCrosswalkEntry,
  toEntityClaim,
  toIndexEntry,
  toJson,
  type ClaimRow,
  type CrosswalkRow,
  type IndexRow,
} from '../row-mapping.js';
import type { ClaimResult, CrosswalkEntry, EntityClaim, IndexEntry } from '../state-store.js';
import { inTransaction } from './transaction.js';

/** Thrown inside the claim transaction to roll it back: a claim takes every key or none. */
class ClaimRefused extends Error {
  constructor(readonly owners: EntityClaim[]) {
    super('identity keys are owned by other entities');
  }
}

/**
 * Inserts every key, in sorted order so that racing claims wait for each other instead of deadlocking. An
 * insert that meets a racing claim's uncommitted row waits for it; the primary key then decides the owner.
 */
export async function claimKeys(
  pool: pg.Pool,
  scope: string,
  keys: readonly string[],
  entityId: string,
  eventId: string,
): Promise<ClaimResult> {
  const wanted = sortedUnique(keys);
  if (wanted.length === 0) return { ok: true };
  try {
    return await inTransaction(pool, async (client): Promise<ClaimResult> => {
      // A new key of an entity already bound to a target record carries that target at once.
      const bound = await client.query<{ target_id: string }>(
        'SELECT target_id FROM claims WHERE scope = $1 AND entity_id = $2 AND target_id IS NOT NULL LIMIT 1',
        [scope, entityId],
      );
      const targetId = bound.rows[0]?.target_id ?? null;
      const owners: EntityClaim[] = [];
      for (const key of wanted) {
        const inserted = await client.query(
          `INSERT INTO claims (scope, key, entity_id, target_id, event_id, claimed_at)
           VALUES ($1, $2, $3, $4, $5, now())
           ON CONFLICT (scope, key) DO NOTHING`,
          [scope, key, entityId, targetId, eventId],
        );
        if (inserted.rowCount === 1) continue;
        const { rows } = await client.query<ClaimRow>(
          'SELECT key, entity_id, target_id, event_id FROM claims WHERE scope = $1 AND key = $2',
          [scope, key],
        );
        const owner = rows[0];
        if (owner !== undefined && owner.entity_id !== entityId) owners.push(toEntityClaim(owner));
      }
      if (owners.length > 0) throw new ClaimRefused(owners);
      return { ok: true };
    });
  } catch (error) {
    if (error instanceof ClaimRefused) return { ok: false, owners: error.owners };
    throw error;
  }
}

export async function claimsOf(
  pool: pg.Pool,
  scope: string,
  keys: readonly string[],
): Promise<EntityClaim[]> {
  if (keys.length === 0) return [];
  const { rows } = await pool.query<ClaimRow>(
    `SELECT key, entity_id, target_id, event_id FROM claims
     WHERE scope = $1 AND key = ANY($2::text[])
     ORDER BY key`,
    [scope, [...keys]],
  );
  return rows.map(toEntityClaim);
}

export async function bindEntity(
  pool: pg.Pool,
  scope: string,
  entityId: string,
  targetId: string,
): Promise<void> {
  await pool.query('UPDATE claims SET target_id = $3 WHERE scope = $1 AND entity_id = $2', [
    scope,
    entityId,
    targetId,
  ]);
}

export async function crosswalkGet(
  pool: pg.Pool,
  scope: string,
  sourceSystem: string,
  sourceId: string,
): Promise<CrosswalkEntry | undefined> {
  const { rows } = await pool.query<CrosswalkRow>(
    `SELECT scope, source_system, source_id, target_id, entity_id FROM crosswalk
     WHERE scope = $1 AND source_system = $2 AND source_id = $3`,
    [scope, sourceSystem, sourceId],
  );
  return rows[0] && toCrosswalkEntry(rows[0]);
}

export async function crosswalkPut(pool: pg.Pool, entry: CrosswalkEntry): Promise<void> {
  await pool.query(
    `INSERT INTO crosswalk (scope, source_system, source_id, target_id, entity_id, updated_at)
     VALUES ($1, $2, $3, $4, $5, now())
     ON CONFLICT (scope, source_system, source_id)
     DO UPDATE SET target_id = excluded.target_id, entity_id = excluded.entity_id, updated_at = excluded.updated_at`,
    [entry.scope, entry.sourceSystem, entry.sourceId, entry.targetId, entry.entityId],
  );
}

/**
 * Each put takes the next value of one store-wide counter. The counter's row lock is held until commit, so
 * puts commit in seq order: a reader that has seen seq n never later finds a smaller seq appear (which a
 * plain sequence, handing out numbers before commit, would allow).
 */
export async function indexPut(
  pool: pg.Pool,
  scope: string,
  targetId: string,
  entityId: string,
  identity: Readonly<Record<string, string>>,
): Promise<void> {
  await inTransaction(pool, async (client) => {
    const { rows } = await client.query<{ value: string }>(
      `UPDATE counters SET value = value + 1 WHERE name = 'identity_index' RETURNING value`,
    );
    const seq = rows[0]?.value;
    if (seq === undefined) throw new Error('the identity_index counter is missing: run migrate()');
    await client.query(
      `INSERT INTO identity_index (scope, target_id, entity_id, identity, seq, updated_at)
       VALUES ($1, $2, $3, $4, $5, now())
       ON CONFLICT (scope, target_id) DO UPDATE SET
         entity_id = excluded.entity_id, identity = excluded.identity, seq = excluded.seq,
         updated_at = excluded.updated_at`,
      [scope, targetId, entityId, toJson(identity), seq],
    );
  });
}

export async function indexSince(pool: pg.Pool, scope: string, afterSeq: number): Promise<IndexEntry[]> {
  const { rows } = await pool.query<IndexRow>(
    `SELECT scope, target_id, entity_id, identity, seq FROM identity_index
     WHERE scope = $1 AND seq > $2 ORDER BY seq`,
    [scope, afterSeq],
  );
  return rows.map((row) => toIndexEntry(row, postgresColumns));
}
