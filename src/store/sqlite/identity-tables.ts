/** Claims, the crosswalk and the identity index on SQLite. */
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
import type { SqliteConnection } from './connection.js';

/**
 * All keys or none. The `IMMEDIATE` transaction holds the database's write lock from the first read, so the
 * owners seen are the owners when the claims are written, for every process on the file; the primary key
 * refuses a second owner regardless.
 */
export function claimKeys(
  conn: SqliteConnection,
  scope: string,
  keys: readonly string[],
  entityId: string,
  eventId: string,
  targetId: string | undefined,
): Promise<ClaimResult> {
  const wanted = sortedUnique(keys);
  return conn.write('process', (): ClaimResult => {
    const held = claimsOf(conn, scope, wanted);
    const owners = held.filter((claim) => claim.entityId !== entityId);
    if (owners.length > 0) return { ok: false, owners };
    if (targetId !== undefined) bindEntity(conn, scope, entityId, targetId);
    // A new key of an entity already bound to a target record carries that target at once.
    const bound =
      targetId ??
      (
        conn
          .statement(
            'SELECT target_id FROM claims WHERE scope = ? AND entity_id = ? AND target_id IS NOT NULL LIMIT 1',
          )
          .get(scope, entityId) as { target_id: string } | undefined
      )?.target_id;
    const insert = conn.statement(
      `INSERT INTO claims (scope, key, entity_id, target_id, event_id, claimed_at) VALUES (?, ?, ?, ?, ?, ?)`,
    );
    const already = new Set(held.map((claim) => claim.key));
    const at = new Date().toISOString();
    for (const key of wanted) {
      if (!already.has(key)) insert.run(scope, key, entityId, bound ?? null, eventId, at);
    }
    return { ok: true };
  });
}

export function claimsOf(conn: SqliteConnection, scope: string, keys: readonly string[]): EntityClaim[] {
  if (keys.length === 0) return [];
  const rows = conn
    .statement(
      `SELECT key, entity_id, target_id, event_id FROM claims
       WHERE scope = ? AND key IN (SELECT value FROM json_each(?))
       ORDER BY key`,
    )
    .all(scope, JSON.stringify(keys)) as ClaimRow[];
  return rows.map(toEntityClaim);
}

export function bindEntity(conn: SqliteConnection, scope: string, entityId: string, targetId: string): void {
  conn
    .statement('UPDATE claims SET target_id = ? WHERE scope = ? AND entity_id = ? AND target_id IS NOT ?')
    .run(targetId, scope, entityId, targetId);
}

export function crosswalkGet(
  conn: SqliteConnection,
  scope: string,
  sourceSystem: string,
  sourceId: string,
): CrosswalkEntry | undefined {
  const row = conn
    .statement(
      `SELECT scope, source_system, source_id, target_id, entity_id FROM crosswalk
       WHERE scope = ? AND source_system = ? AND source_id = ?`,
    )
    .get(scope, sourceSystem, sourceId) as CrosswalkRow | undefined;
  return row && toCrosswalkEntry(row);
}

export function lookup(conn: SqliteConnection, query: EventLookup): EventLookupResult {
  const { eventId, scope, keys, source } = query;
  const event = conn.statement('SELECT status FROM events WHERE id = ?').get(eventId) as
    { status: EventStatus } | undefined;
  const crosswalk = source === undefined ? undefined : crosswalkGet(conn, scope, source.system, source.id);
  return {
    ...(event === undefined ? {} : { status: event.status }),
    ...(crosswalk === undefined ? {} : { crosswalk }),
    claims: claimsOf(conn, scope, keys),
  };
}

export function crosswalkPut(conn: SqliteConnection, entry: CrosswalkEntry, at: string): void {
  conn
    .statement(
      `INSERT INTO crosswalk (scope, source_system, source_id, target_id, entity_id, updated_at)
       VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (scope, source_system, source_id)
       DO UPDATE SET target_id = excluded.target_id, entity_id = excluded.entity_id,
         updated_at = excluded.updated_at`,
    )
    .run(entry.scope, entry.sourceSystem, entry.sourceId, entry.targetId, entry.entityId, at);
}

/**
 * Each put takes the next value of one store-wide counter, so `indexSince` readers never miss a change;
 * inside a write transaction.
 */
export function indexPut(
  conn: SqliteConnection,
  scope: string,
  targetId: string,
  entityId: string,
  identity: Readonly<Record<string, string>>,
  at: string,
): void {
  const { value } = conn
    .statement(`UPDATE counters SET value = value + 1 WHERE name = 'identity_index' RETURNING value`)
    .get() as { value: number };
  conn
    .statement(
      `INSERT INTO identity_index (scope, target_id, entity_id, identity, seq, updated_at)
       VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (scope, target_id) DO UPDATE SET
         entity_id = excluded.entity_id, identity = excluded.identity, seq = excluded.seq,
         updated_at = excluded.updated_at, removed = 0`,
    )
    .run(scope, targetId, entityId, toJson(identity), value, at);
}

/** What a target write leaves behind (see `WriteEffects`); inside a write transaction. */
export function applyWriteEffects(conn: SqliteConnection, effects: WriteEffects, at: string): void {
  const { scope, bind, crosswalk, index } = effects;
  if (bind !== undefined) bindEntity(conn, scope, bind.entityId, bind.targetId);
  if (crosswalk !== undefined) crosswalkPut(conn, { scope, ...crosswalk }, at);
  if (index !== undefined) indexPut(conn, scope, index.targetId, index.entityId, index.identity, at);
}

export function indexSince(conn: SqliteConnection, scope: string, afterSeq: number): IndexEntry[] {
  const rows = conn
    .statement(
      `SELECT scope, target_id, entity_id, identity, seq, removed FROM identity_index
       WHERE scope = ? AND seq > ? ORDER BY seq`,
    )
    .all(scope, afterSeq) as IndexRow[];
  return rows.map((row) => toIndexEntry(row, sqliteColumns));
}
