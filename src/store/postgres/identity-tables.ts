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
import type {
  ClaimResult,
  CrosswalkEntry,
  EntityClaim,
  EventLookup,
  EventLookupResult,
  EventStatus,
  IndexEntry,
  WriteEffects,
} from '../state-store.js';
import { inTransaction, named } from './transaction.js';

/** Thrown inside the claim transaction to roll it back: a claim takes every key or none. */
class ClaimRefused extends Error {
  constructor(readonly owners: EntityClaim[]) {
    super('identity keys are owned by other entities');
  }
}

/**
 * Every key in one statement, inserted in sorted order so that racing claims wait for each other instead of
 * deadlocking. An insert that meets a racing claim's uncommitted row waits for it; the primary key then
 * decides the owner. A new key of an entity already bound to a target record carries that target at once.
 */
const INSERT_CLAIMS = named(
  'lk_claim',
  `INSERT INTO claims (scope, key, entity_id, target_id, event_id, claimed_at)
   SELECT $1::text, key, $2::text, COALESCE($5::text, (
       SELECT target_id FROM claims WHERE scope = $1 AND entity_id = $2 AND target_id IS NOT NULL LIMIT 1)),
     $4::text, now()
   FROM unnest($3::text[]) AS key
   ORDER BY key
   ON CONFLICT (scope, key) DO NOTHING
   RETURNING key`,
);
/** A later statement than the insert: it sees the racing claims the insert waited for. */
const CLAIMS_OF = named(
  'lk_claims_of',
  `SELECT key, entity_id, target_id, event_id FROM claims
   WHERE scope = $1 AND key = ANY($2::text[])
   ORDER BY key`,
);

export async function claimKeys(
  pool: pg.Pool,
  scope: string,
  keys: readonly string[],
  entityId: string,
  eventId: string,
  targetId: string | undefined,
): Promise<ClaimResult> {
  const wanted = sortedUnique(keys);
  if (wanted.length === 0 && targetId === undefined) return { ok: true };
  try {
    return await inTransaction(
      pool,
      async (client): Promise<ClaimResult> => {
        if (targetId !== undefined) await bindEntity(client, scope, entityId, targetId);
        if (wanted.length === 0) return { ok: true };
        const inserted = await client.query<{ key: string }>(
          INSERT_CLAIMS([scope, entityId, wanted, eventId, targetId ?? null]),
        );
        if (inserted.rows.length === wanted.length) return { ok: true };
        const mine = new Set(inserted.rows.map((row) => row.key));
        const rest = wanted.filter((key) => !mine.has(key));
        const { rows } = await client.query<ClaimRow>(CLAIMS_OF([scope, rest]));
        const owners = rows.filter((row) => row.entity_id !== entityId).map(toEntityClaim);
        if (owners.length > 0) throw new ClaimRefused(owners);
        return { ok: true };
      },
      'process',
    );
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
  const { rows } = await pool.query<ClaimRow>(CLAIMS_OF([scope, [...keys]]));
  return rows.map(toEntityClaim);
}

export async function bindEntity(
  db: pg.Pool | pg.PoolClient,
  scope: string,
  entityId: string,
  targetId: string,
): Promise<void> {
  await db.query(
    named(
      'lk_bind_entity',
      `UPDATE claims SET target_id = $3
       WHERE scope = $1 AND entity_id = $2 AND target_id IS DISTINCT FROM $3`,
    )([scope, entityId, targetId]),
  );
}

export async function crosswalkGet(
  pool: pg.Pool,
  scope: string,
  sourceSystem: string,
  sourceId: string,
): Promise<CrosswalkEntry | undefined> {
  const { rows } = await pool.query<CrosswalkRow>(
    named(
      'lk_crosswalk_get',
      `SELECT scope, source_system, source_id, target_id, entity_id FROM crosswalk
       WHERE scope = $1 AND source_system = $2 AND source_id = $3`,
    )([scope, sourceSystem, sourceId]),
  );
  return rows[0] && toCrosswalkEntry(rows[0]);
}

/** `getEvent`'s status, `crosswalkGet` and `claimsOf` in one statement. */
const LOOKUP = named(
  'lk_lookup',
  `SELECT
     (SELECT status FROM events WHERE id = $1) AS status,
     (SELECT row_to_json(c) FROM (
        SELECT scope, source_system, source_id, target_id, entity_id FROM crosswalk
        WHERE scope = $2 AND source_system = $4 AND source_id = $5) AS c) AS crosswalk,
     (SELECT coalesce(json_agg(c ORDER BY c.key), '[]'::json) FROM (
        SELECT key, entity_id, target_id, event_id FROM claims
        WHERE scope = $2 AND key = ANY($3::text[])) AS c) AS claims`,
);

export async function lookup(pool: pg.Pool, query: EventLookup): Promise<EventLookupResult> {
  const { eventId, scope, keys, source } = query;
  const { rows } = await pool.query<{
    status: EventStatus | null;
    crosswalk: CrosswalkRow | null;
    claims: ClaimRow[];
  }>(LOOKUP([eventId, scope, [...keys], source?.system ?? null, source?.id ?? null]));
  const status = rows[0]?.status ?? undefined;
  const crosswalk = rows[0]?.crosswalk ?? undefined;
  return {
    ...(status === undefined ? {} : { status }),
    ...(crosswalk === undefined ? {} : { crosswalk: toCrosswalkEntry(crosswalk) }),
    claims: (rows[0]?.claims ?? []).map(toEntityClaim),
  };
}

export async function crosswalkPut(db: pg.Pool | pg.PoolClient, entry: CrosswalkEntry): Promise<void> {
  await db.query(
    named(
      'lk_crosswalk_put',
      `INSERT INTO crosswalk (scope, source_system, source_id, target_id, entity_id, updated_at)
       VALUES ($1, $2, $3, $4, $5, now())
       ON CONFLICT (scope, source_system, source_id)
       DO UPDATE SET target_id = excluded.target_id, entity_id = excluded.entity_id,
         updated_at = excluded.updated_at`,
    )([entry.scope, entry.sourceSystem, entry.sourceId, entry.targetId, entry.entityId]),
  );
}

/**
 * Each put takes the next value of one store-wide counter. The counter's row lock is held until commit, so
 * puts commit in seq order: a reader that has seen seq n never later finds a smaller seq appear (which a
 * plain sequence, handing out numbers before commit, would allow). Inside a transaction, as its last
 * statement: the lock serializes every put of the database until the commit.
 */
const INDEX_PUT = named(
  'lk_index_put',
  `WITH next AS (
     UPDATE counters SET value = value + 1 WHERE name = 'identity_index' RETURNING value
   )
   INSERT INTO identity_index (scope, target_id, entity_id, identity, seq, updated_at)
   SELECT $1::text, $2::text, $3::text, $4::jsonb, next.value, now() FROM next
   ON CONFLICT (scope, target_id) DO UPDATE SET
     entity_id = excluded.entity_id, identity = excluded.identity, seq = excluded.seq,
     updated_at = excluded.updated_at, removed = false
   RETURNING seq`,
);

export async function indexPut(
  client: pg.PoolClient,
  scope: string,
  targetId: string,
  entityId: string,
  identity: Readonly<Record<string, string>>,
): Promise<void> {
  const { rows } = await client.query(INDEX_PUT([scope, targetId, entityId, toJson(identity)]));
  if (rows.length === 0) throw new Error('the identity_index counter is missing: run migrate()');
}

/** What a target write leaves behind (see `WriteEffects`); inside a transaction, the index last. */
export async function applyWriteEffects(client: pg.PoolClient, effects: WriteEffects): Promise<void> {
  const { scope, bind, crosswalk, index } = effects;
  if (bind !== undefined) await bindEntity(client, scope, bind.entityId, bind.targetId);
  if (crosswalk !== undefined) await crosswalkPut(client, { scope, ...crosswalk });
  if (index !== undefined) await indexPut(client, scope, index.targetId, index.entityId, index.identity);
}

export async function indexSince(pool: pg.Pool, scope: string, afterSeq: number): Promise<IndexEntry[]> {
  const { rows } = await pool.query<IndexRow>(
    named(
      'lk_index_since',
      `SELECT scope, target_id, entity_id, identity, seq, removed FROM identity_index
       WHERE scope = $1 AND seq > $2 ORDER BY seq`,
    )([scope, afterSeq]),
  );
  return rows.map((row) => toIndexEntry(row, postgresColumns));
}

/** `indexPut` on its own: one statement. */
export async function putIndexEntry(
  pool: pg.Pool,
  scope: string,
  targetId: string,
  entityId: string,
  identity: Readonly<Record<string, string>>,
): Promise<void> {
  const { rows } = await pool.query(INDEX_PUT([scope, targetId, entityId, toJson(identity)]));
  if (rows.length === 0) throw new Error('the identity_index counter is missing: run migrate()');
}
