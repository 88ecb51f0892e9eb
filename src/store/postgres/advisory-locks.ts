import { createHash } from 'node:crypto';
import type pg from 'pg';
import { named } from './transaction.js';

/** A signed 64-bit advisory lock id: the first 8 bytes of sha256(namespace, NUL, key). */
export function advisoryLockId(namespace: string, key: string): bigint {
  return createHash('sha256').update(namespace).update('\0').update(key).digest().readBigInt64BE(0);
}

/**
 * Runs `fn` holding session advisory locks on every id, on a connection of its own. Every process takes the
 * ids in ascending numeric order (no deadlock between processes) — all in one statement, which calls the
 * lock function row by row in the array's order — and releases them all at once at the end.
 *
 * Crash story: session advisory locks belong to the connection. If the process dies, its connections close
 * and PostgreSQL releases their locks; nothing is left to clean up. The same holds if the connection drops
 * while `fn` runs — the locks are then gone early, which the claims' primary key backs up: two writers may
 * then both get this far, but only one can own an identity key.
 */
export async function withAdvisoryLocks<T>(
  pool: pg.Pool,
  ids: readonly bigint[],
  fn: () => Promise<T>,
  onConnectionError?: (error: Error) => void,
): Promise<T> {
  const ordered = [...new Set(ids)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  if (ordered.length === 0) return fn();
  const client = await pool.connect();
  let broken = false;
  // A held connection sits idle while `fn` runs; its errors arrive as events, not as rejected queries.
  const onError = (error: Error): void => {
    broken = true;
    onConnectionError?.(error);
  };
  client.on('error', onError);
  try {
    try {
      await client.query(LOCK_ALL([ordered.map(String)]));
    } catch (error) {
      // Some of the locks may be held: the discarded connection takes them with it.
      broken = true;
      throw error;
    }
    return await fn();
  } finally {
    // The connection serves this call alone: every session lock it holds is one of ours.
    if (!broken) await client.query(UNLOCK_ALL()).catch(() => (broken = true));
    client.off('error', onError);
    // A discarded connection ends its session, and with it any lock it still holds.
    client.release(broken);
  }
}

const LOCK_ALL = named('lk_advisory_lock', 'SELECT pg_advisory_lock(id) FROM unnest($1::bigint[]) AS id');
const UNLOCK_ALL = named('lk_advisory_unlock_all', 'SELECT pg_advisory_unlock_all()');
