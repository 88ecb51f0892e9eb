/**
 * The shared state store: PostgreSQL, for any number of gateway processes on one database and no other
 * coordination between them. Each store lives in its own schema (tables are found through `search_path`).
 */
import pg from 'pg';
import { KeyedMutex, sortedUnique } from '../keyed-mutex.js';
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
import { AdvisoryLocks, advisoryLockId } from './advisory-locks.js';
import * as events from './event-queue.js';
import * as identity from './identity-tables.js';
import * as lanes from './lane-states.js';
import * as lineage from './lineage.js';
import { checkSchemaName, migratePostgres } from './migrate.js';
import { inTransaction, SESSION_DURABILITY } from './transaction.js';
import * as operator from './operator-queues.js';
import * as targetIndex from './target-index-tables.js';

export interface PostgresStateStoreConfig {
  readonly connectionString: string;
  /** Schema holding the store's tables, created by `migrate` (default `lanekeeper`). */
  readonly schema?: string;
  /** Connections for queries (default 10). */
  readonly maxConnections?: number;
  /**
   * Connections for advisory locks (default 10): a few shared sessions on which this process's `withLocks`
   * callers hold their locks side by side, and connections on which a caller waits for locks another process
   * holds. A pool of their own, so that lock holders never take the connections their queries need.
   */
  readonly lockConnections?: number;
  /** Told about connection errors that no query is waiting for (the connection is replaced). */
  readonly onConnectionError?: (error: Error) => void;
}

/** Shared lock sessions of a store (`AdvisoryLocks`): each serves thousands of lock round trips a second. */
const SHARED_LOCK_SESSIONS = 2;

export class PostgresStateStore implements StateStore {
  readonly backend = 'postgres' as const;
  readonly schema: string;
  private readonly pool: pg.Pool;
  private readonly lockPool: pg.Pool;
  private readonly advisoryLocks: AdvisoryLocks;
  /** In front of the advisory locks, so that one process waits for its own holders without a connection. */
  private readonly locks = new KeyedMutex();
  private readonly lockNamespace: string;
  private readonly onConnectionError: (error: Error) => void;
  private closing: Promise<void> | undefined;

  constructor(config: PostgresStateStoreConfig) {
    this.schema = checkSchemaName(config.schema ?? 'lanekeeper');
    this.lockNamespace = `lanekeeper:lock:${this.schema}`;
    this.onConnectionError = config.onConnectionError ?? (() => {});
    const connection: pg.PoolConfig = { connectionString: config.connectionString };
    // Every new connection finds the store's tables first; the pool hands it out only after this ran.
    const searchPath = `SET search_path TO ${this.schema}`;
    this.pool = new pg.Pool({
      ...connection,
      max: config.maxConnections ?? 10,
      onConnect: async (client) => {
        await client.query(`${searchPath}; ${SESSION_DURABILITY}`);
      },
    });
    const lockConnections = Math.max(2, config.lockConnections ?? 10);
    this.lockPool = new pg.Pool({
      ...connection,
      max: lockConnections,
      onConnect: async (client) => {
        await client.query(searchPath);
      },
    });
    // An idle connection that fails is dropped from the pool; without a listener the error would be thrown.
    this.pool.on('error', this.onConnectionError);
    this.lockPool.on('error', this.onConnectionError);
    this.advisoryLocks = new AdvisoryLocks(
      this.lockPool,
      Math.min(SHARED_LOCK_SESSIONS, lockConnections - 1),
      this.onConnectionError,
    );
  }

  async migrate(): Promise<void> {
    await migratePostgres(this.pool, this.schema);
  }

  /** Waits for connections in use to be released, then ends both pools. */
  close(): Promise<void> {
    this.closing ??= this.advisoryLocks
      .close()
      .then(() => Promise.all([this.pool.end(), this.lockPool.end()]))
      .then(() => undefined);
    return this.closing;
  }

  accept(incoming: readonly IncomingEvent[]): Promise<AcceptResult[]> {
    return incoming.length === 0 ? Promise.resolve([]) : events.acceptEvents(this.pool, incoming);
  }

  getEvent(id: string): Promise<StoredEvent | undefined> {
    return events.getEvent(this.pool, id);
  }

  lease(
    worker: string,
    limit: number,
    leaseMs: number,
    skipLanes: readonly string[] = [],
  ): Promise<StoredEvent[]> {
    return events.leaseEvents(this.pool, worker, limit, leaseMs, skipLanes);
  }

  retryLater(id: string, error: string, notBefore: Date, countAttempt?: boolean): Promise<void> {
    return events.retryLater(this.pool, id, error, notBefore, countAttempt);
  }

  finish(
    id: string,
    outcome: EventOutcome,
    extra?: { review?: { reason: string; candidates: unknown } },
  ): Promise<void> {
    return events.finishEvent(this.pool, id, outcome, extra);
  }

  finishWrite(id: string, outcome: EventOutcome, effects: WriteEffects): Promise<void> {
    return events.finishWrite(this.pool, id, outcome, effects);
  }

  countByStatus(exceptLanes?: readonly string[]): Promise<Record<EventStatus, number>> {
    return events.countByStatus(this.pool, exceptLanes);
  }

  putBack(id: string): Promise<void> {
    return lanes.putBack(this.pool, id);
  }

  /** In-process keyed mutex first, then one advisory lock per key (`AdvisoryLocks`). */
  withLocks<T>(keys: readonly string[], fn: () => Promise<T>): Promise<T> {
    return this.locks.withKeys(keys, () =>
      this.advisoryLocks.run(
        sortedUnique(keys).map((key) => advisoryLockId(this.lockNamespace, key)),
        fn,
      ),
    );
  }

  claim(
    scope: string,
    keys: readonly string[],
    entityId: string,
    eventId: string,
    targetId?: string,
  ): Promise<ClaimResult> {
    return identity.claimKeys(this.pool, scope, keys, entityId, eventId, targetId);
  }

  claimsOf(scope: string, keys: readonly string[]): Promise<EntityClaim[]> {
    return identity.claimsOf(this.pool, scope, keys);
  }

  bindEntity(scope: string, entityId: string, targetId: string): Promise<void> {
    return identity.bindEntity(this.pool, scope, entityId, targetId);
  }

  crosswalkGet(scope: string, sourceSystem: string, sourceId: string): Promise<CrosswalkEntry | undefined> {
    return identity.crosswalkGet(this.pool, scope, sourceSystem, sourceId);
  }

  lookup(query: EventLookup): Promise<EventLookupResult> {
    return identity.lookup(this.pool, query);
  }

  crosswalkPut(entry: CrosswalkEntry): Promise<void> {
    return identity.crosswalkPut(this.pool, entry);
  }

  indexPut(
    scope: string,
    targetId: string,
    entityId: string,
    fields: Readonly<Record<string, string>>,
  ): Promise<void> {
    return identity.putIndexEntry(this.pool, scope, targetId, entityId, fields);
  }

  indexSince(scope: string, afterSeq: number): Promise<IndexEntry[]> {
    return identity.indexSince(this.pool, scope, afterSeq);
  }

  indexLoadState(scope: string): Promise<IndexLoadState | undefined> {
    return targetIndex.indexLoadState(this.pool, scope);
  }

  indexAbsorb(scope: string, records: readonly IndexedRecord[], state: IndexLoadState): Promise<number> {
    return targetIndex.indexAbsorb(this.pool, scope, records, state);
  }

  indexRemove(scope: string, targetIds: readonly string[]): Promise<number> {
    return targetIndex.indexRemove(this.pool, scope, targetIds);
  }

  repointTarget(
    scope: string,
    fromTargetId: string,
    toTargetId: string,
    survivorEntityId: string,
  ): Promise<boolean> {
    return targetIndex.repointTarget(this.pool, scope, fromTargetId, toTargetId, survivorEntityId);
  }

  listReview(status?: 'open' | 'resolved'): Promise<ReviewItem[]> {
    return operator.listReview(this.pool, status);
  }

  getReview(id: string): Promise<ReviewItem | undefined> {
    return operator.getReview(this.pool, id);
  }

  resolveReview(id: string, resolution: ReviewResolution, write?: ReviewWrite): Promise<void> {
    return operator.resolveReview(this.pool, id, resolution, write);
  }

  listDeadLetters(filter?: DeadLetterFilter): Promise<DeadLetter[]> {
    return operator.listDeadLetters(this.pool, filter);
  }

  getDeadLetter(id: string): Promise<DeadLetter | undefined> {
    return operator.getDeadLetter(this.pool, id);
  }

  noteReplay(id: string, replay: { operator: string; reason: string; refused?: string }): Promise<void> {
    return operator.noteReplay(this.pool, id, replay);
  }

  requeue(eventId: string): Promise<void> {
    return events.requeueEvent(this.pool, eventId);
  }

  reserveCreate(lane: string, eventId: string, window: CreateWindow): Promise<CreateReservation> {
    return lanes.reserveCreate(this.pool, lane, eventId, window);
  }

  pauseLane(lane: string, pause: Omit<LanePause, 'since'>): Promise<boolean> {
    return lanes.pauseLane(this.pool, lane, pause);
  }

  resumeLane(lane: string, resume: { actor: string; reason: string }): Promise<boolean> {
    return lanes.resumeLane(this.pool, lane, resume);
  }

  laneStates(windows?: Readonly<Record<string, number>>): Promise<LaneState[]> {
    return lanes.laneStates(this.pool, windows);
  }

  transactions(eventId: string): Promise<TransactionRow[]> {
    return lineage.transactions(this.pool, eventId);
  }

  addTransaction(row: Omit<TransactionRow, 'at'>): Promise<void> {
    return inTransaction(this.pool, (client) => lineage.addTransactionRow(client, row));
  }
}
