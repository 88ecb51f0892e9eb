import { createHash } from 'node:crypto';
import type pg from 'pg';
import { named } from './transaction.js';

/** A signed 64-bit advisory lock id: the first 8 bytes of sha256(namespace, NUL, key). */
export function advisoryLockId(namespace: string, key: string): bigint {
  return createHash('sha256').update(namespace).update('\0').update(key).digest().readBigInt64BE(0);
}

/** Lock ids in ascending numeric order, each once. */
function orderedIds(ids: readonly bigint[]): bigint[] {
  return [...new Set(ids)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
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
  const ordered = orderedIds(ids);
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
const TRY_LOCK_ALL = named(
  'lk_advisory_try_lock',
  'SELECT id::text AS id, pg_try_advisory_lock(id) AS got FROM unnest($1::bigint[]) AS id',
);
const UNLOCK_SOME = named(
  'lk_advisory_unlock',
  'SELECT pg_advisory_unlock(id) FROM unnest($1::bigint[]) AS id',
);

/**
 * Advisory locks of many callers on a few connections. A connection held for the whole time `fn` runs —
 * the target's answer included — caps the events in flight at the size of the lock pool, and with them the
 * target calls that can go out together as one batch call. So locks are first tried, all at once and
 * without waiting (`pg_try_advisory_lock`), on one of a few shared sessions; only when another process holds
 * one of them are those taken back and the caller waits for all of them, in order, on a connection of its own
 * (`withAdvisoryLocks`). No deadlock: a shared session never waits, it only holds sets it got whole, and the
 * waiting connections take ids in ascending order. Two callers of this process never hold one id at once —
 * the store's in-process mutex is taken first —, so a session's locks are never counted twice.
 *
 * Crash story as for `withAdvisoryLocks`: a shared session that fails is discarded and its locks go with it,
 * early for the callers that held them there; the claims' primary key backs that up.
 */
export class AdvisoryLocks {
  private readonly sessions: (Promise<SharedLockSession> | undefined)[];
  private turn = 0;

  constructor(
    private readonly pool: pg.Pool,
    sessions: number,
    private readonly onConnectionError?: (error: Error) => void,
  ) {
    this.sessions = Array.from({ length: Math.max(1, sessions) }, () => undefined);
  }

  async run<T>(ids: readonly bigint[], fn: () => Promise<T>): Promise<T> {
    const ordered = orderedIds(ids);
    if (ordered.length === 0) return fn();
    const session = await this.session();
    if (session === undefined || !(await session.tryLock(ordered)))
      return withAdvisoryLocks(this.pool, ordered, fn, this.onConnectionError);
    try {
      return await fn();
    } finally {
      await session.unlock(ordered);
    }
  }

  /** Ends the shared sessions (and with them any lock they hold). */
  async close(): Promise<void> {
    const open = this.sessions.splice(0);
    await Promise.all(
      open.map((s) =>
        s?.then(
          (session) => session.end(),
          () => undefined,
        ),
      ),
    );
  }

  /** The next shared session in turn, opened on first use and again after it failed. */
  private async session(): Promise<SharedLockSession | undefined> {
    if (this.sessions.length === 0) return undefined;
    const slot = this.turn++ % this.sessions.length;
    let opening = this.sessions[slot];
    if (opening === undefined) {
      opening = this.pool.connect().then((client) => new SharedLockSession(client, this.onConnectionError));
      this.sessions[slot] = opening;
    }
    try {
      const session = await opening;
      if (!session.broken) return session;
    } catch {
      // No connection now: this caller waits on a connection of its own; the next one opens the slot again.
    }
    if (this.sessions[slot] === opening) this.sessions[slot] = undefined;
    return undefined;
  }
}

/** One connection of the lock pool on which callers of this process hold their locks side by side. */
class SharedLockSession {
  broken = false;
  private readonly onError: (error: Error) => void;
  /** The session's queries, one after the other (a pg client runs one query at a time). */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly client: pg.PoolClient,
    onConnectionError?: (error: Error) => void,
  ) {
    this.onError = (error) => {
      onConnectionError?.(error);
      this.discard();
    };
    client.on('error', this.onError);
  }

  /** Takes every id, or none: what it got while another process held the rest is given back at once. */
  async tryLock(ids: readonly bigint[]): Promise<boolean> {
    if (this.broken) return false;
    try {
      const { rows } = await this.query<{ id: string; got: boolean }>(TRY_LOCK_ALL([ids.map(String)]));
      const got = rows.filter((row) => row.got).map((row) => row.id);
      if (got.length === ids.length) return true;
      if (got.length > 0) await this.query(UNLOCK_SOME([got]));
      return false;
    } catch {
      // Whether or not the locks were taken, ending the session gives them back.
      this.discard();
      return false;
    }
  }

  async unlock(ids: readonly bigint[]): Promise<void> {
    if (this.broken) return;
    try {
      await this.query(UNLOCK_SOME([ids.map(String)]));
    } catch {
      this.discard();
    }
  }

  private query<R extends pg.QueryResultRow>(config: pg.QueryConfig): Promise<pg.QueryResult<R>> {
    const run = this.queue.then(() => this.client.query<R>(config));
    this.queue = run.catch(() => undefined);
    return run;
  }

  async end(): Promise<void> {
    this.discard();
  }

  /** Ends the session: PostgreSQL releases every lock it holds. */
  private discard(): void {
    if (this.broken) return;
    this.broken = true;
    // The error listener stays: an ending connection may still report errors.
    this.client.release(true);
  }
}
