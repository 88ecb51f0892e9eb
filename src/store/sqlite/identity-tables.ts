/** Claims, the crosswalk and the identity index on SQLite. */
import type Database from 'better-sqlite3';
import { sortedUnique } from '../keyed-mutex.js';
import {
  sqliteColumns,
  toCrosswalkEntry,
  toEntityClaim,
  toIndexEntry,
  toJson,
  type ClaimRow,
  type CrosswalkRow,
  type IndexRow,
} from '../row-mapping.js';
import type { ClaimResult, CrosswalkEntry, EntityClaim, IndexEntry } from '../state-store.js';

type Db = Database.Database;

/**
 * All keys or none. The `IMMEDIATE` transaction holds the database's write lock from the first read, so the
 * owners seen are the owners when the claims are written, for every process on the file; the primary key
 * refuses a second owner regardless.
 */
export function claimKeys(
  db: Db,
  scope: string,
  keys: readonly string[],
  entityId: string,
  eventId: string,
): ClaimResult {
  const wanted = sortedUnique(keys);
  return db
    .transaction((): ClaimResult => {
      const held = claimsOf(db, scope, wanted);
      const owners = held.filter((claim) => claim.entityId !== entityId);
      if (owners.length > 0) return { ok: false, owners };
      // A new key of an entity already bound to a target record carries that target at once.
      const bound = db
        .prepare(
          'SELECT target_id FROM claims WHERE scope = ? AND entity_id = ? AND target_id IS NOT NULL LIMIT 1',
        )
        .get(scope, entityId) as { target_id: string } | undefined;
      const insert = db.prepare(
        `INSERT INTO claims (scope, key, entity_id, target_id, event_id, claimed_at) VALUES (?, ?, ?, ?, ?, ?)`,
      );
      const already = new Set(held.map((claim) => claim.key));
      const at = new Date().toISOString();
      for (const key of wanted) {
        if (!already.has(key)) insert.run(scope, key, entityId, bound?.target_id ?? null, eventId, at);
      }
      return { ok: true };
    })
    .immediate();
}

export function claimsOf(db: Db, scope: string, keys: readonly string[]): EntityClaim[] {
  if (keys.length === 0) return [];
  const rows = db
    .prepare(
      `SELECT key, entity_id, target_id, event_id FROM claims
       WHERE scope = ? AND key IN (SELECT value FROM json_each(?))
       ORDER BY key`,
    )
    .all(scope, JSON.stringify(keys)) as ClaimRow[];
  return rows.map(toEntityClaim);
}

export function bindEntity(db: Db, scope: string, entityId: string, targetId: string): void {
  db.prepare('UPDATE claims SET target_id = ? WHERE scope = ? AND entity_id = ?').run(
    targetId,
    scope,
    entityId,
  );
}

export function crosswalkGet(
  db: Db,
  scope: string,
  sourceSystem: string,
  sourceId: string,
): CrosswalkEntry | undefined {
  const row = db
    .prepare(
      `SELECT scope, source_system, source_id, target_id, entity_id FROM crosswalk
       WHERE scope = ? AND source_system = ? AND source_id = ?`,
    )
    .get(scope, sourceSystem, sourceId) as CrosswalkRow | undefined;
  return row && toCrosswalkEntry(row);
}

export function crosswalkPut(db: Db, entry: CrosswalkEntry): void {
  db.prepare(
    `INSERT INTO crosswalk (scope, source_system, source_id, target_id, entity_id, updated_at)
     VALUES (?, ?, ?, ?, ?, ?)
     ON CONFLICT (scope, source_system, source_id)
     DO UPDATE SET target_id = excluded.target_id, entity_id = excluded.entity_id, updated_at = excluded.updated_at`,
  ).run(
    entry.scope,
    entry.sourceSystem,
    entry.sourceId,
    entry.targetId,
    entry.entityId,
    new Date().toISOString(),
  );
}

/** Each put takes the next value of one store-wide counter, so `indexSince` readers never miss a change. */
export function indexPut(
  db: Db,
  scope: string,
  targetId: string,
  entityId: string,
  identity: Readonly<Record<string, string>>,
): void {
  db.transaction(() => {
    const { value } = db
      .prepare(`UPDATE counters SET value = value + 1 WHERE name = 'identity_index' RETURNING value`)
      .get() as { value: number };
    db.prepare(
      `INSERT INTO identity_index (scope, target_id, entity_id, identity, seq, updated_at)
       VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (scope, target_id) DO UPDATE SET
         entity_id = excluded.entity_id, identity = excluded.identity, seq = excluded.seq,
         updated_at = excluded.updated_at`,
    ).run(scope, targetId, entityId, toJson(identity), value, new Date().toISOString());
  }).immediate();
}

export function indexSince(db: Db, scope: string, afterSeq: number): IndexEntry[] {
  const rows = db
    .prepare(
      `SELECT scope, target_id, entity_id, identity, seq FROM identity_index
       WHERE scope = ? AND seq > ? ORDER BY seq`,
    )
    .all(scope, afterSeq) as IndexRow[];
  return rows.map((row) => toIndexEntry(row, sqliteColumns));
}
