/** The target index's loads on SQLite: pages of records, removals, merges, progress. */
import { indexLoadColumns, toIndexLoadState, toJson, type IndexLoadRow } from '../row-mapping.js';
import type { IndexedRecord, IndexLoadState } from '../state-store.js';
import type { SqliteConnection } from './connection.js';
import { indexPut } from './identity-tables.js';

export function indexLoadState(conn: SqliteConnection, scope: string): IndexLoadState | undefined {
  const row = conn
    .statement('SELECT cursor, loaded, started_at, completed_at, watermark FROM index_loads WHERE scope = ?')
    .get(scope) as IndexLoadRow | undefined;
  return row && toIndexLoadState(row);
}

/** Inside a write transaction. */
function putLoadState(conn: SqliteConnection, scope: string, state: IndexLoadState, at: string): void {
  conn
    .statement(
      `INSERT INTO index_loads (scope, cursor, loaded, started_at, completed_at, watermark, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (scope) DO UPDATE SET cursor = excluded.cursor, loaded = excluded.loaded,
         started_at = excluded.started_at, completed_at = excluded.completed_at,
         watermark = excluded.watermark, updated_at = excluded.updated_at`,
    )
    .run(scope, ...indexLoadColumns(state), at);
}

export function indexAbsorb(
  conn: SqliteConnection,
  scope: string,
  records: readonly IndexedRecord[],
  state: IndexLoadState,
): Promise<number> {
  return conn.write('process', () => {
    const at = new Date().toISOString();
    const existing = conn.statement(
      'SELECT entity_id, identity, removed FROM identity_index WHERE scope = ? AND target_id = ?',
    );
    let changed = 0;
    for (const record of records) {
      const row = existing.get(scope, record.targetId) as
        { entity_id: string; identity: string; removed: number } | undefined;
      const identity = toJson(record.identity);
      if (row !== undefined && row.removed === 0 && row.identity === identity) continue;
      indexPut(conn, scope, record.targetId, row?.entity_id ?? record.entityId, record.identity, at);
      changed += 1;
    }
    putLoadState(conn, scope, state, at);
    return changed;
  });
}

/** Marks an entry removed under a new seq; inside a write transaction. */
function removeEntry(conn: SqliteConnection, scope: string, targetId: string, at: string): boolean {
  const { value } = conn
    .statement(`UPDATE counters SET value = value + 1 WHERE name = 'identity_index' RETURNING value`)
    .get() as { value: number };
  const result = conn
    .statement(
      `UPDATE identity_index SET removed = 1, seq = ?, updated_at = ?
       WHERE scope = ? AND target_id = ? AND removed = 0`,
    )
    .run(value, at, scope, targetId);
  return result.changes > 0;
}

export function indexRemove(
  conn: SqliteConnection,
  scope: string,
  targetIds: readonly string[],
): Promise<number> {
  return conn.write('process', () => {
    const at = new Date().toISOString();
    let removed = 0;
    for (const targetId of targetIds) if (removeEntry(conn, scope, targetId, at)) removed += 1;
    return removed;
  });
}

export function repointTarget(
  conn: SqliteConnection,
  scope: string,
  fromTargetId: string,
  toTargetId: string,
  survivorEntityId: string,
): Promise<boolean> {
  return conn.write('process', () => {
    const at = new Date().toISOString();
    const entityOf = conn.statement(
      'SELECT entity_id FROM identity_index WHERE scope = ? AND target_id = ? AND removed = 0',
    );
    const survivor =
      (entityOf.get(scope, toTargetId) as { entity_id: string } | undefined)?.entity_id ?? survivorEntityId;
    const loser = (entityOf.get(scope, fromTargetId) as { entity_id: string } | undefined)?.entity_id;
    let moved = conn
      .statement(
        `UPDATE crosswalk SET target_id = ?, entity_id = ?, updated_at = ?
         WHERE scope = ? AND (target_id = ? OR entity_id = ?)`,
      )
      .run(toTargetId, survivor, at, scope, fromTargetId, loser ?? null).changes;
    moved += conn
      .statement(
        `UPDATE claims SET target_id = ?, entity_id = ?
         WHERE scope = ? AND (target_id = ? OR entity_id = ?)`,
      )
      .run(toTargetId, survivor, scope, fromTargetId, loser ?? null).changes;
    if (removeEntry(conn, scope, fromTargetId, at)) moved += 1;
    return moved > 0;
  });
}
