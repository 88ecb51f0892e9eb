import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

/**
 * Checkpoints on a thread of their own. SQLite runs an automatic checkpoint inside the commit that makes
 * the WAL pass its size limit: it copies the WAL's pages into the database file and syncs both, which
 * blocks the event loop for tens of milliseconds. This worker opens a second connection on the file and
 * runs a PASSIVE checkpoint every `intervalMs` (nothing to copy: nothing done). A passive checkpoint neither
 * waits for nor blocks the writer, and the writer starts the WAL over once everything has been copied.
 */
const SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.path);
db.pragma('busy_timeout = 0');
const checkpoint = db.prepare('PRAGMA wal_checkpoint(PASSIVE)');
const timer = setInterval(() => {
  try { checkpoint.get(); } catch { /* busy: the next round tries again */ }
}, workerData.intervalMs);
parentPort.on('message', () => {
  clearInterval(timer);
  db.close();
  parentPort.close();
});
parentPort.postMessage('ready');
`;

export class WalCheckpointer {
  private readonly worker: Worker;
  /** Resolves once the worker runs; rejects if it cannot start. */
  readonly ready: Promise<void>;
  /** Resolves when the worker has ended, for whatever reason. */
  readonly exited: Promise<void>;

  constructor(path: string, intervalMs: number) {
    const driver = createRequire(import.meta.url).resolve('better-sqlite3');
    this.worker = new Worker(SOURCE, { eval: true, workerData: { driver, path, intervalMs } });
    this.worker.unref();
    this.exited = new Promise((resolve) => this.worker.once('exit', () => resolve()));
    this.ready = new Promise((resolve, reject) => {
      this.worker.once('message', () => resolve());
      this.worker.once('error', reject);
      void this.exited.then(() => reject(new Error('the checkpoint thread ended before it started')));
    });
    this.ready.catch(() => undefined);
  }

  /** Ends the worker after the checkpoint it may be running. */
  async stop(): Promise<void> {
    // Unreferenced, the worker would not keep the process alive until it has ended.
    this.worker.ref();
    this.worker.postMessage('stop');
    await this.exited;
  }
}
