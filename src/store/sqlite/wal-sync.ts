import { open } from 'node:fs/promises';
import { dirname } from 'node:path';

/**
 * Flushes the WAL file to disk off the event loop: `fdatasync` runs on libuv's thread pool. After a commit
 * has written its frames to the WAL, a flush started later makes them durable — what `synchronous = FULL`
 * does at every commit, without blocking the process while the disk works. A flush covers the file, so
 * callers that arrive while one runs share the next one.
 */
export class WalSync {
  private running: Promise<void> | undefined;
  private queued: Promise<void> | undefined;
  private directorySynced = false;
  /** Flushes done so far (for tests and diagnostics). */
  flushes = 0;

  constructor(private readonly walPath: string) {}

  /** Resolves once everything written to the WAL before the call is on disk. */
  sync(): Promise<void> {
    if (this.running === undefined) return this.start();
    this.queued ??= this.running
      .catch(() => undefined)
      .then(() => {
        this.queued = undefined;
        return this.start();
      });
    return this.queued;
  }

  private start(): Promise<void> {
    const run = this.flush().finally(() => {
      if (this.running === run) this.running = undefined;
    });
    this.running = run;
    return run;
  }

  private async flush(): Promise<void> {
    const wal = await open(this.walPath, 'r+');
    try {
      await wal.datasync();
    } finally {
      await wal.close();
    }
    // The WAL file's directory entry too, once: the file may be new since the database was opened.
    if (!this.directorySynced && process.platform !== 'win32') {
      const directory = await open(dirname(this.walPath), 'r');
      try {
        await directory.sync();
      } finally {
        await directory.close();
      }
      this.directorySynced = true;
    }
    this.flushes++;
  }
}
