import type pg from 'pg';
import type { Migration } from '../migration.js';
import { advisoryLockId } from './advisory-locks.js';
import { POSTGRES_MIGRATIONS } from './migrations.js';
import { inTransaction } from './transaction.js';

/**
 * Applies the versions not yet recorded in the schema's `schema_migrations`, all in one transaction. A
 * transaction-level advisory lock per schema makes gateway processes that start together take turns: the
 * first applies, the others then find nothing pending.
 */
export async function migratePostgres(
  pool: pg.Pool,
  schema: string,
  migrations: readonly Migration[] = POSTGRES_MIGRATIONS,
): Promise<void> {
  await inTransaction(pool, async (client) => {
    await client.query('SELECT pg_advisory_xact_lock($1::bigint)', [
      advisoryLockId('lanekeeper:migrate', schema).toString(),
    ]);
    // `schema` is a checked identifier (see `checkSchemaName`).
    await client.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
    await client.query(`SET LOCAL search_path TO ${schema}`);
    await client.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
      version integer PRIMARY KEY,
      name text NOT NULL,
      applied_at timestamptz NOT NULL DEFAULT now()
    )`);
    const { rows } = await client.query<{ version: number }>('SELECT version FROM schema_migrations');
    const applied = new Set(rows.map((row) => row.version));
    for (const migration of [...migrations].sort((a, b) => a.version - b.version)) {
      if (applied.has(migration.version)) continue;
      await client.query(migration.sql);
      await client.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [
        migration.version,
        migration.name,
      ]);
    }
  });
}

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/** Schema names go into SQL text, so only plain lower-case identifiers are accepted. */
export function checkSchemaName(schema: string): string {
  if (!SCHEMA_NAME.test(schema)) {
    throw new Error(
      `invalid PostgreSQL schema name '${schema}': use 1-63 lower-case letters, digits or '_', not starting with a digit`,
    );
  }
  return schema;
}
