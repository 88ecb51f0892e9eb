import type pg from 'pg';
import type { Durability } from '../durability.js';

/**
 * Durability (see `Durability`) on PostgreSQL. The store's query connections commit with
 * `synchronous_commit = off` (`process`): a commit does not wait for its WAL flush, which the WAL writer
 * does within a fraction of a second; it survives a crash of the gateway, and is lost only if the database
 * server crashes first. So the gate's steps are single statements or plain transactions. A `durable`
 * transaction sets the session's own value back for itself (the server's, or the connection's options), so
 * its commit waits as the server is configured to — for a synchronous standby too. Either way one round trip.
 */
export const SESSION_DURABILITY = 'SET synchronous_commit TO off';

const BEGIN: Readonly<Record<Durability, string>> = {
  durable: 'BEGIN; SET LOCAL synchronous_commit TO DEFAULT',
  process: 'BEGIN',
};

/**
 * Runs `fn` in a transaction on one pooled connection: COMMIT when it resolves, ROLLBACK when it throws. A
 * connection that cannot even roll back is discarded rather than returned to the pool.
 */
export async function inTransaction<T>(
  pool: pg.Pool,
  fn: (client: pg.PoolClient) => Promise<T>,
  durability: Durability = 'durable',
): Promise<T> {
  const client = await pool.connect();
  let broken: Error | undefined;
  try {
    await client.query(BEGIN[durability]);
    const result = await fn(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    try {
      await client.query('ROLLBACK');
    } catch (rollbackError) {
      broken = rollbackError instanceof Error ? rollbackError : new Error(String(rollbackError));
    }
    throw error;
  } finally {
    client.release(broken);
  }
}

/**
 * A statement prepared once per connection under `name` (parsed and planned once, then only bound and
 * executed). Names are per connection, and every connection of a store has the same `search_path`.
 */
export function named(name: string, text: string): (values?: unknown[]) => pg.QueryConfig {
  return (values) => ({ name, text, ...(values === undefined ? {} : { values }) });
}
