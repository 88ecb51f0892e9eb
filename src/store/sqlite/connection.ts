import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import Database from 'better-sqlite3';
import type { Durability } from '../durability.js';
import { WalCheckpointer } from './wal-checkpointer.js';
import { WalSync } from './wal-sync.js';

/** SQLite's default: a commit that leaves more WAL pages than this checkpoints (while no thread does). */
const AUTOCHECKPOINT_PAGES = 1000;
/** With the checkpoint thread running, a commit checkpoints only if the thread has fallen far behind. */
const AUTOCHECKPOINT_PAGES_BEHIND_THREAD = 25_000;
/** The checkpoint thread starts once the WAL has grown past what the default would have checkpointed. */
const CHECKPOINT_THREAD_AFTER_BYTES = AUTOCHECKPOINT_PAGES * 4096;
const CHECKPOINT_INTERVAL_MS = 100;
/** Commits between two looks at the WAL's size. */
const WAL_SIZE_EVERY = 128;

interface Outcome {
  readonly ok: boolean;
  readonly value: unknown;
}

interface Queued {
  readonly durability: Durability;
  readonly fn: () => unknown;
  readonly resolve: (value: never) => void;
  readonly reject: (error: unknown) => void;
}

/**
 * One better-sqlite3 connection, its statements prepared once on first use, and its write transactions.
 *
 * Group commit: the writes asked for in one turn of the event loop (concurrent requests, concurrent gate
 * workers) run back to back in one transaction and are committed together — one WAL write of the pages
 * they share. A write that throws fails alone: the group is rolled back and run again with each write in a
 * savepoint of its own (see `runGroup`).
 * Each promise settles after the commit, so nothing is acknowledged before it is stored; run back to back,
 * the writes of a group see each other as successive transactions would.
 *
 * Durability (see `Durability`), in WAL mode with `synchronous = NORMAL`: a commit is in the WAL file when
 * it returns, which survives a crash of this process but not a power cut until the WAL is flushed to disk.
 * `process` writes settle then. `durable` writes settle once an `fdatasync` of the WAL, started after the
 * commit, has returned — what `synchronous = FULL` does inside every commit, here on libuv's thread pool, so
 * that the event loop is not blocked while the disk works (better-sqlite3 is synchronous), and one flush
 * serves every durable write committed before it. The WAL is written in commit order and a flush covers
 * all of it, so a power cut loses only `process` commits made after the last flush, never one before a
 * durable commit, and what remains is consistent. Checkpoints, which also flush, move to a thread of their
 * own once the WAL grows (`WalCheckpointer`).
 */
export class SqliteConnection {
  readonly db: Database.Database;
  private readonly statements = new Map<string, Database.Statement>();
  private readonly file: string | undefined;
  private readonly walPath: string | undefined;
  private readonly walSync: WalSync | undefined;
  private readonly syncing = new Set<Promise<void>>();
  private queued: Queued[] = [];
  private commits = 0;
  private checkpointer: WalCheckpointer | undefined;
  private checkpointerTried = false;
  /** Whether a checkpoint thread runs (commits then checkpoint only if it falls far behind). */
  checkpointsOnAThread = false;

  constructor(path: string, busyTimeoutMs: number) {
    this.db = new Database(path);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = NORMAL');
    this.db.pragma(`busy_timeout = ${Math.max(0, Math.trunc(busyTimeoutMs))}`);
    this.db.pragma('foreign_keys = ON');
    if (!this.db.memory) {
      this.file = resolve(this.db.name);
      this.walPath = `${this.file}-wal`;
      this.walSync = new WalSync(this.walPath);
    }
  }

  /** WAL flushes made for durable writes so far. */
  get walFlushes(): number {
    return this.walSync?.flushes ?? 0;
  }

  /** The prepared statement for `sql`; preparing costs more than most of the store's statements take to run. */
  statement(sql: string): Database.Statement {
    let statement = this.statements.get(sql);
    if (statement === undefined) {
      statement = this.db.prepare(sql);
      this.statements.set(sql, statement);
    }
    return statement;
  }

  /**
   * Runs `fn` in the next group commit, in a transaction that holds the database's write lock from its first
   * statement (`IMMEDIATE`), so that what it reads is what it changes, for every process on the file.
   */
  write<T>(durability: Durability, fn: () => T): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queued.push({ durability, fn, resolve: resolve as (value: never) => void, reject });
      if (this.queued.length === 1) setImmediate(() => this.commitQueued());
    });
  }

  /** Commits what is queued, waits for the WAL flushes under way, then closes the connection. */
  async close(): Promise<void> {
    if (!this.db.open) return;
    this.commitQueued();
    await Promise.allSettled([...this.syncing]);
    await this.checkpointer?.stop();
    if (this.db.open) this.db.close();
  }

  private commitQueued(): void {
    const group = this.queued;
    if (group.length === 0) return;
    this.queued = [];
    let outcomes: Outcome[];
    try {
      if (!this.db.open) throw new Error('the state store is closed');
      outcomes = this.runGroup(group, group.length === 1) ?? this.runGroup(group, true)!;
    } catch (error) {
      if (this.db.open && this.db.inTransaction) this.statement('ROLLBACK').run();
      for (const q of group) q.reject(error);
      return;
    }
    const flushed = group.some((q, i) => q.durability === 'durable' && outcomes[i]!.ok)
      ? this.flushWal()
      : undefined;
    group.forEach((q, i) => {
      const { ok, value } = outcomes[i]!;
      if (!ok) q.reject(value);
      else if (q.durability === 'durable' && flushed !== undefined)
        flushed.then(() => q.resolve(value as never), q.reject);
      else q.resolve(value as never);
    });
    if (++this.commits % WAL_SIZE_EVERY === 0) this.checkpointOnAThread();
  }

  /**
   * Runs a group in one transaction and commits it. Without `isolated`, the writes run back to back with
   * nothing between them (a savepoint each costs about as much as the write itself): should one throw, the
   * whole transaction is rolled back and `undefined` returned, for the caller to run the group again with
   * each write in a savepoint of its own, where one that throws fails alone. A group of one needs no
   * savepoint: its transaction is its savepoint. The writes only touch the database, so running them again
   * after a rollback does what running them once would have done.
   */
  private runGroup(group: readonly Queued[], isolated: boolean): Outcome[] | undefined {
    const savepoints = isolated && group.length > 1;
    const outcomes: Outcome[] = [];
    this.statement('BEGIN IMMEDIATE').run();
    for (const { fn } of group) {
      if (savepoints) this.statement('SAVEPOINT queued').run();
      try {
        outcomes.push({ ok: true, value: fn() });
      } catch (error) {
        if (!savepoints) {
          this.statement('ROLLBACK').run();
          return isolated ? [{ ok: false, value: error }] : undefined;
        }
        this.statement('ROLLBACK TO queued').run();
        outcomes.push({ ok: false, value: error });
      }
      if (savepoints) this.statement('RELEASE queued').run();
    }
    this.statement('COMMIT').run();
    return outcomes;
  }

  private flushWal(): Promise<void> | undefined {
    if (this.walSync === undefined) return undefined;
    const flush = this.walSync.sync();
    this.syncing.add(flush);
    void flush.catch(() => undefined).then(() => this.syncing.delete(flush));
    return flush;
  }

  private checkpointOnAThread(): void {
    if (this.checkpointerTried || this.file === undefined || this.walPath === undefined) return;
    let size = 0;
    try {
      size = statSync(this.walPath).size;
    } catch {
      return;
    }
    if (size < CHECKPOINT_THREAD_AFTER_BYTES) return;
    this.checkpointerTried = true;
    const checkpointer = new WalCheckpointer(this.file, CHECKPOINT_INTERVAL_MS);
    this.checkpointer = checkpointer;
    void checkpointer.ready.then(
      () => this.autocheckpoint(AUTOCHECKPOINT_PAGES_BEHIND_THREAD),
      () => undefined,
    );
    // Should the thread end early, commits checkpoint again as SQLite does by default.
    void checkpointer.exited.then(() => this.autocheckpoint(AUTOCHECKPOINT_PAGES));
  }

  private autocheckpoint(pages: number): void {
    this.checkpointsOnAThread = pages !== AUTOCHECKPOINT_PAGES;
    if (this.db.open) this.db.pragma(`wal_autocheckpoint = ${pages}`);
  }
}
