/**
 * The embedded state store: one SQLite file serving one gateway process. Deployments with several gateway
 * processes use PostgreSQL: here `withLocks` excludes only within this process. Should a second process open
 * the file anyway, the claims' primary key still refuses a second owner of an identity key, and every write
 * transaction takes the database's write lock first.
 *
 * better-sqlite3 is synchronous: each call runs to completion on the event loop, so no two transactions of
 * this process interleave. How commits reach the disk: see `SqliteConnection`.
 */
import { KeyedMutex } from '../keyed-mutex.js';
import type {
  AcceptResult,
  ClaimResult,
  CreateReservation,
  CreateWindow,
  CrosswalkEntry,
  DeadLetter,
  DeadLetterFilter,
  EntityClaim,
  EventLookup,
  EventLookupResult,
  EventOutcome,
  EventStatus,
  IncomingEvent,
  IndexEntry,
  LanePause,
  LaneState,
  IndexedRecord,
  IndexLoadState,
  ReviewItem,
  ReviewResolution,
  ReviewWrite,
  StateStore,
  StoredEvent,
  TransactionRow,
  WriteEffects,
} from '../state-store.js';
import { SqliteConnection } from './connection.js';
import * as events from './event-queue.js';
import * as identity from './identity-tables.js';
import * as lanes from './lane-states.js';
import * as lineage from './lineage.js';
import { migrateSqlite } from './migrate.js';
import * as operator from './operator-queues.js';
import * as targetIndex from './target-index-tables.js';

export interface SqliteStateStoreConfig {
  /** The database file (created if missing), or `:memory:` (gone when closed). */
  readonly path: string;
  /** How long a write waits for another connection's lock before it fails (default 5 s). */
  readonly busyTimeoutMs?: number;
}

export class SqliteStateStore implements StateStore {
  readonly backend = 'sqlite' as const;
  private readonly conn: SqliteConnection;
  private readonly locks = new KeyedMutex();

  constructor(config: SqliteStateStoreConfig) {
    this.conn = new SqliteConnection(config.path, config.busyTimeoutMs ?? 5000);
  }

  /**
   * The journal mode and `synchronous` level of the connection, the WAL flushes made for durable writes,
   * and who checkpoints the WAL: commits (SQLite's default) or a thread of their own.
   */
  durability(): {
    journalMode: string;
    synchronous: number;
    walFlushes: number;
    checkpoints: 'commit' | 'thread';
  } {
    return {
      journalMode: this.conn.db.pragma('journal_mode', { simple: true }) as string,
      synchronous: this.conn.db.pragma('synchronous', { simple: true }) as number,
      walFlushes: this.conn.walFlushes,
      checkpoints: this.conn.checkpointsOnAThread ? 'thread' : 'commit',
    };
  }

  async migrate(): Promise<void> {
    migrateSqlite(this.conn.db);
  }

  close(): Promise<void> {
    return this.conn.close();
  }

  async accept(incoming: readonly IncomingEvent[]): Promise<AcceptResult[]> {
    return incoming.length === 0 ? [] : events.acceptEvents(this.conn, incoming);
  }

  async getEvent(id: string): Promise<StoredEvent | undefined> {
    return events.getEvent(this.conn, id);
  }

  async lease(
    worker: string,
    limit: number,
    leaseMs: number,
    skipLanes: readonly string[] = [],
  ): Promise<StoredEvent[]> {
    return events.leaseEvents(this.conn, worker, limit, leaseMs, skipLanes);
  }

  async retryLater(id: string, error: string, notBefore: Date, countAttempt?: boolean): Promise<void> {
    return events.retryLater(this.conn, id, error, notBefore, countAttempt);
  }

  async finish(
    id: string,
    outcome: EventOutcome,
    extra?: { review?: { reason: string; candidates: unknown } },
  ): Promise<void> {
    return events.finishEvent(this.conn, id, outcome, extra);
  }

  async finishWrite(id: string, outcome: EventOutcome, effects: WriteEffects): Promise<void> {
    return events.finishWrite(this.conn, id, outcome, effects);
  }

  async countByStatus(exceptLanes?: readonly string[]): Promise<Record<EventStatus, number>> {
    return events.countByStatus(this.conn, exceptLanes);
  }

  async putBack(id: string): Promise<void> {
    return lanes.putBack(this.conn, id);
  }

  withLocks<T>(keys: readonly string[], fn: () => Promise<T>): Promise<T> {
    return this.locks.withKeys(keys, fn);
  }

  async claim(
    scope: string,
    keys: readonly string[],
    entityId: string,
    eventId: string,
    targetId?: string,
  ): Promise<ClaimResult> {
    return identity.claimKeys(this.conn, scope, keys, entityId, eventId, targetId);
  }

  async claimsOf(scope: string, keys: readonly string[]): Promise<EntityClaim[]> {
    return identity.claimsOf(this.conn, scope, keys);
  }

  async bindEntity(scope: string, entityId: string, targetId: string): Promise<void> {
    return this.conn.write('process', () => identity.bindEntity(this.conn, scope, entityId, targetId));
  }

  async crosswalkGet(
    scope: string,
    sourceSystem: string,
    sourceId: string,
  ): Promise<CrosswalkEntry | undefined> {
    return identity.crosswalkGet(this.conn, scope, sourceSystem, sourceId);
  }

  async lookup(query: EventLookup): Promise<EventLookupResult> {
    return identity.lookup(this.conn, query);
  }

  async crosswalkPut(entry: CrosswalkEntry): Promise<void> {
    return this.conn.write('process', () =>
      identity.crosswalkPut(this.conn, entry, new Date().toISOString()),
    );
  }

  async indexPut(
    scope: string,
    targetId: string,
    entityId: string,
    fields: Readonly<Record<string, string>>,
  ): Promise<void> {
    return this.conn.write('process', () =>
      identity.indexPut(this.conn, scope, targetId, entityId, fields, new Date().toISOString()),
    );
  }

  async indexSince(scope: string, afterSeq: number): Promise<IndexEntry[]> {
    return identity.indexSince(this.conn, scope, afterSeq);
  }

  async indexLoadState(scope: string): Promise<IndexLoadState | undefined> {
    return targetIndex.indexLoadState(this.conn, scope);
  }

  async indexAbsorb(
    scope: string,
    records: readonly IndexedRecord[],
    state: IndexLoadState,
  ): Promise<number> {
    return targetIndex.indexAbsorb(this.conn, scope, records, state);
  }

  async indexRemove(scope: string, targetIds: readonly string[]): Promise<number> {
    return targetIndex.indexRemove(this.conn, scope, targetIds);
  }

  async repointTarget(
    scope: string,
    fromTargetId: string,
    toTargetId: string,
    survivorEntityId: string,
  ): Promise<boolean> {
    return targetIndex.repointTarget(this.conn, scope, fromTargetId, toTargetId, survivorEntityId);
  }

  async listReview(status?: 'open' | 'resolved'): Promise<ReviewItem[]> {
    return operator.listReview(this.conn, status);
  }

  async getReview(id: string): Promise<ReviewItem | undefined> {
    return operator.getReview(this.conn, id);
  }

  async resolveReview(id: string, resolution: ReviewResolution, write?: ReviewWrite): Promise<void> {
    return operator.resolveReview(this.conn, id, resolution, write);
  }

  async listDeadLetters(filter?: DeadLetterFilter): Promise<DeadLetter[]> {
    return operator.listDeadLetters(this.conn, filter);
  }

  async getDeadLetter(id: string): Promise<DeadLetter | undefined> {
    return operator.getDeadLetter(this.conn, id);
  }

  async noteReplay(
    id: string,
    replay: { operator: string; reason: string; refused?: string },
  ): Promise<void> {
    return operator.noteReplay(this.conn, id, replay);
  }

  async requeue(eventId: string): Promise<void> {
    return events.requeueEvent(this.conn, eventId);
  }

  async reserveCreate(lane: string, eventId: string, window: CreateWindow): Promise<CreateReservation> {
    return lanes.reserveCreate(this.conn, lane, eventId, window);
  }

  async pauseLane(lane: string, pause: Omit<LanePause, 'since'>): Promise<boolean> {
    return lanes.pauseLane(this.conn, lane, pause);
  }

  async resumeLane(lane: string, resume: { actor: string; reason: string }): Promise<boolean> {
    return lanes.resumeLane(this.conn, lane, resume);
  }

  async laneStates(windows?: Readonly<Record<string, number>>): Promise<LaneState[]> {
    return lanes.laneStates(this.conn, windows);
  }

  async transactions(eventId: string): Promise<TransactionRow[]> {
    return lineage.transactions(this.conn, eventId);
  }

  async addTransaction(row: Omit<TransactionRow, 'at'>): Promise<void> {
    return lineage.addTransaction(this.conn, row);
  }
}
