/**
 * The embedded state store: one SQLite file serving one gateway process. Deployments with several gateway
 * processes use PostgreSQL: here `withLocks` excludes only within this process. Should a second process open
 * the file anyway, the claims' primary key still refuses a second owner of an identity key, and every write
 * transaction takes the database's write lock first.
 *
 * better-sqlite3 is synchronous: each call runs to completion on the event loop, so no two transactions of
 * this process interleave.
 */
import Database from 'better-sqlite3';
import { KeyedMutex } from '../keyed-mutex.js';
import type {
  AcceptResult,
  ClaimResult,
  CrosswalkEntry,
  DeadLetter,
  EntityClaim,
  EventOutcome,
  EventStatus,
  IncomingEvent,
  IndexEntry,
  ReviewItem,
  ReviewResolution,
  StateStore,
  StoredEvent,
  TransactionRow,
} from '../state-store.js';
import * as events from './event-queue.js';
import * as identity from './identity-tables.js';
import { migrateSqlite } from './migrate.js';
import * as operator from './operator-queues.js';

export interface SqliteStateStoreConfig {
  /** The database file (created if missing), or `:memory:` (gone when closed). */
  readonly path: string;
  /** How long a write waits for another connection's lock before it fails (default 5 s). */
  readonly busyTimeoutMs?: number;
}

export class SqliteStateStore implements StateStore {
  readonly backend = 'sqlite' as const;
  private readonly db: Database.Database;
  private readonly locks = new KeyedMutex();

  constructor(config: SqliteStateStoreConfig) {
    this.db = new Database(config.path);
    this.db.pragma('journal_mode = WAL');
    // FULL: a commit is on disk before it returns, so an acknowledged event survives a power cut.
    this.db.pragma('synchronous = FULL');
    this.db.pragma(`busy_timeout = ${Math.max(0, Math.trunc(config.busyTimeoutMs ?? 5000))}`);
    this.db.pragma('foreign_keys = ON');
  }

  /** The settings that make acceptance durable, as the connection reports them. */
  durability(): { journalMode: string; synchronous: number } {
    return {
      journalMode: this.db.pragma('journal_mode', { simple: true }) as string,
      synchronous: this.db.pragma('synchronous', { simple: true }) as number,
    };
  }

  async migrate(): Promise<void> {
    migrateSqlite(this.db);
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }

  async accept(incoming: readonly IncomingEvent[]): Promise<AcceptResult[]> {
    return incoming.length === 0 ? [] : events.acceptEvents(this.db, incoming);
  }

  async getEvent(id: string): Promise<StoredEvent | undefined> {
    return events.getEvent(this.db, id);
  }

  async lease(worker: string, limit: number, leaseMs: number): Promise<StoredEvent[]> {
    return events.leaseEvents(this.db, worker, limit, leaseMs);
  }

  async retryLater(id: string, error: string, notBefore: Date): Promise<void> {
    events.retryLater(this.db, id, error, notBefore);
  }

  async finish(
    id: string,
    outcome: EventOutcome,
    extra?: { review?: { reason: string; candidates: unknown } },
  ): Promise<void> {
    events.finishEvent(this.db, id, outcome, extra);
  }

  async countByStatus(): Promise<Record<EventStatus, number>> {
    return events.countByStatus(this.db);
  }

  withLocks<T>(keys: readonly string[], fn: () => Promise<T>): Promise<T> {
    return this.locks.withKeys(keys, fn);
  }

  async claim(
    scope: string,
    keys: readonly string[],
    entityId: string,
    eventId: string,
  ): Promise<ClaimResult> {
    return identity.claimKeys(this.db, scope, keys, entityId, eventId);
  }

  async claimsOf(scope: string, keys: readonly string[]): Promise<EntityClaim[]> {
    return identity.claimsOf(this.db, scope, keys);
  }

  async bindEntity(scope: string, entityId: string, targetId: string): Promise<void> {
    identity.bindEntity(this.db, scope, entityId, targetId);
  }

  async crosswalkGet(
    scope: string,
    sourceSystem: string,
    sourceId: string,
  ): Promise<CrosswalkEntry | undefined> {
    return identity.crosswalkGet(this.db, scope, sourceSystem, sourceId);
  }

  async crosswalkPut(entry: CrosswalkEntry): Promise<void> {
    identity.crosswalkPut(this.db, entry);
  }

  async indexPut(
    scope: string,
    targetId: string,
    entityId: string,
    fields: Readonly<Record<string, string>>,
  ): Promise<void> {
    identity.indexPut(this.db, scope, targetId, entityId, fields);
  }

  async indexSince(scope: string, afterSeq: number): Promise<IndexEntry[]> {
    return identity.indexSince(this.db, scope, afterSeq);
  }

  async listReview(status?: 'open' | 'resolved'): Promise<ReviewItem[]> {
    return operator.listReview(this.db, status);
  }

  async getReview(id: string): Promise<ReviewItem | undefined> {
    return operator.getReview(this.db, id);
  }

  async resolveReview(id: string, resolution: ReviewResolution): Promise<void> {
    operator.resolveReview(this.db, id, resolution);
  }

  async listDeadLetters(): Promise<DeadLetter[]> {
    return operator.listDeadLetters(this.db);
  }

  async getDeadLetter(id: string): Promise<DeadLetter | undefined> {
    return operator.getDeadLetter(this.db, id);
  }

  async noteReplay(
    id: string,
    replay: { operator: string; reason: string; refused?: string },
  ): Promise<void> {
    operator.noteReplay(this.db, id, replay);
  }

  async requeue(eventId: string): Promise<void> {
    events.requeueEvent(this.db, eventId);
  }

  async transactions(eventId: string): Promise<TransactionRow[]> {
    return operator.transactions(this.db, eventId);
  }

  async addTransaction(row: Omit<TransactionRow, 'at'>): Promise<void> {
    operator.addTransaction(this.db, row);
  }
}
