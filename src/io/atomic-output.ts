import { createWriteStream, type WriteStream } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { once } from 'node:events';

/**
 * Writes a set of files into a directory so that a failed run leaves nothing that looks complete:
 * earlier outputs of the same names are removed first, every file is written as `NAME.partial`, and all are
 * renamed into place only when every one has been written.
 */
export class AtomicOutput {
  private readonly pending: string[] = [];

  private constructor(readonly dir: string) {}

  static async open(dir: string, names: readonly string[]): Promise<AtomicOutput> {
    await mkdir(dir, { recursive: true });
    await Promise.all(names.map((n) => rm(join(dir, n), { force: true })));
    return new AtomicOutput(dir);
  }

  stream(name: string): BufferedWriter {
    return BufferedWriter.to(this.reserve(name));
  }

  /** The partial path of `name`, for a writer elsewhere (another thread); it must be complete before `commit`. */
  reserve(name: string): string {
    this.pending.push(name);
    return join(this.dir, `${name}.partial`);
  }

  async commit(): Promise<string[]> {
    const paths = this.pending.map((n) => join(this.dir, n));
    await Promise.all(this.pending.map((n) => rename(join(this.dir, `${n}.partial`), join(this.dir, n))));
    return paths;
  }

  async abort(): Promise<void> {
    await Promise.all(this.pending.map((n) => rm(join(this.dir, `${n}.partial`), { force: true })));
  }
}

/** A write stream that batches small writes and honours back-pressure. */
export class BufferedWriter {
  private buffer: string[] = [];
  private size = 0;

  constructor(private readonly out: WriteStream) {}

  static to(path: string): BufferedWriter {
    return new BufferedWriter(createWriteStream(path));
  }

  async write(text: string): Promise<void> {
    this.buffer.push(text);
    this.size += text.length;
    if (this.size >= 1 << 16) await this.flush();
  }

  async close(): Promise<void> {
    await this.flush();
    this.out.end();
    await once(this.out, 'finish');
  }

  private async flush(): Promise<void> {
    if (this.buffer.length === 0) return;
    const chunk = this.buffer.join('');
    this.buffer = [];
    this.size = 0;
    if (!this.out.write(chunk)) await once(this.out, 'drain');
  }
}
