import type { Worker } from 'node:worker_threads';
import { FeatureStore } from '../identity/feature-store.js';
import type { IdentityRules } from '../identity/rules.js';
import { RecordPreparer } from '../identity/prepare-record.js';
import { startWorker } from './start-worker.js';
import { ColumnDecoder, type EncodedColumn } from './column-codec.js';
import { concatChunks } from './concat-chunks.js';
import { joinValues, type JoinedValues } from './raw-column.js';
import type { HelperOrder, PackedPairs } from './score-job.js';

/** What the normalizing worker needs to prepare records exactly as this thread does (plain data). */
export interface NormalizeJob {
  readonly rules: IdentityRules;
  /** The fields whose raw values each row carries, in order. */
  readonly fields: readonly string[];
}

/**
 * One chunk for the worker: `rows` records, their raw values as one column per field, each joined. `normalize`:
 * the worker normalizes it and answers; `keep`: this thread normalized it, the worker keeps the values for
 * when it scores (see `audit-worker`).
 */
export interface NormalizeRequest {
  readonly kind: 'normalize' | 'keep';
  readonly seq: number;
  readonly values: readonly JoinedValues[];
  readonly rows: number;
  /** The records' ids, for the `pairs.csv` the worker writes when it scores. */
  readonly ids: JoinedValues;
}

/** What the worker is sent: chunks while the input is read, then the scoring requests of `ScoringHelper`. */
export type WorkerRequest =
  | NormalizeRequest
  | { readonly kind: 'prepare'; readonly rules: IdentityRules }
  | HelperOrder
  /** The main thread's kept pairs, so that the worker holds every kept pair. */
  | { readonly kind: 'kept'; readonly pairs: PackedPairs }
  | { readonly kind: 'write-pairs'; readonly path: string };

/** The worker's answer: one column per feature of the chunk, encoded by a `ColumnEncoder`. */
export interface NormalizeReply {
  readonly seq: number;
  readonly columns: EncodedColumn[];
}

/** The worker's answer when normalizing the chunk failed. */
export interface NormalizeFailure {
  readonly seq: number;
  readonly error: string;
}

/** Where a chunk's first record is, to name it when normalizing the chunk fails. */
export interface ChunkOrigin {
  readonly file: string;
  readonly line: number;
}

interface Chunk {
  readonly origin: ChunkOrigin;
  /** One column per feature; null while the worker has the chunk. */
  columns: string[][] | null;
}

/**
 * Chunks the worker may hold at once. The reading thread takes up a chunk itself when the worker is this far
 * behind, so the work splits by how fast each thread goes; the worker should never run dry in between.
 */
const MAX_IN_FLIGHT = 8;

/**
 * Normalizes chunks of raw rows into a feature store, in input order. With a worker thread, the worker
 * takes chunks while it keeps up and this thread (which also reads the input) the rest; results are the
 * same either way, since normalizing a record depends on that record only. The store is built once every
 * chunk is done.
 */
export class ChunkNormalizer {
  private readonly preparer: RecordPreparer;
  /** Decodes the worker's replies, which arrive in the order it encoded them. */
  private readonly decoder = new ColumnDecoder();
  /** Every chunk pushed, in order; chunk `seq` is `chunks[seq]`. */
  private readonly chunks: Chunk[] = [];
  /** Chunks the worker has and has not answered yet. */
  private inFlight = 0;
  private failure: Error | null = null;
  private closed = false;
  private wake: (() => void) | null = null;

  private constructor(
    rules: IdentityRules,
    private readonly fields: readonly string[],
    private readonly worker: Worker | null,
  ) {
    this.preparer = new RecordPreparer(rules);
    if (worker === null) return;
    worker.on('message', this.onMessage);
    worker.on('error', this.onError);
    worker.on('exit', this.onExit);
  }

  private readonly onMessage = (reply: NormalizeReply | NormalizeFailure): void => this.receive(reply);
  private readonly onError = (error: Error): void => this.fail(error);
  private readonly onExit = (code: number): void => {
    if (!this.closed) this.fail(new Error(`the worker thread stopped with exit code ${code}`));
  };

  /**
   * @param fields the fields whose raw values each pushed chunk carries, in order
   * @param parallel share the work with a worker thread (when one can be started)
   */
  static start(rules: IdentityRules, fields: readonly string[], parallel: boolean): ChunkNormalizer {
    const job: NormalizeJob = { rules, fields };
    return new ChunkNormalizer(rules, fields, parallel ? startWorker('audit-worker', job) : null);
  }

  /** True when a worker thread shares the work. */
  get parallel(): boolean {
    return this.worker !== null;
  }

  /**
   * Takes `rows` records whose raw values `values` holds as one column per field, in the order of the
   * fields (`joined`: the same columns joined, when the caller has them), and their ids. Throws the worker's
   * failure, if it has failed.
   */
  push(
    values: readonly (readonly string[])[],
    rows: number,
    origin: ChunkOrigin,
    joined?: readonly JoinedValues[],
    ids: readonly string[] = [],
  ): void {
    if (this.failure !== null) throw this.failure;
    if (rows === 0) return;
    const seq = this.chunks.length;
    const toWorker = this.worker !== null && this.inFlight < MAX_IN_FLIGHT;
    // A chunk normalized here is still sent to the worker, which keeps it for when it scores.
    this.chunks.push({
      origin,
      columns: toWorker ? null : this.preparer.prepareRows(this.fields, values, rows),
    });
    if (this.worker === null) return;
    const request: NormalizeRequest = {
      kind: toWorker ? 'normalize' : 'keep',
      seq,
      values: joined ?? values.map(joinValues),
      rows,
      ids: joinValues(ids),
    };
    if (toWorker) this.inFlight++;
    this.worker.postMessage(request);
  }

  /** The features of every record pushed, once all are done; rejects with the worker's failure. */
  async finish(): Promise<FeatureStore> {
    while (this.failure === null && this.inFlight > 0) {
      await new Promise<void>((resolve) => (this.wake = resolve));
    }
    if (this.failure !== null) throw this.failure;
    const features = this.preparer.features;
    const columns = features.map((_, f) => concatChunks(this.chunks.map((c) => c.columns![f]!)));
    this.chunks.length = 0;
    return FeatureStore.fromColumns(new Map(features.map((name, f) => [name, columns[f]!])));
  }

  /**
   * After `finish`: gives up the worker thread, which holds the scorer's columns of every record, for the
   * caller to score with (see `ScoringHelper.from`); null when there is none. `close` then leaves it running.
   */
  handOver(): Worker | null {
    const worker = this.worker;
    if (worker === null || this.closed) return null;
    this.closed = true;
    worker.off('message', this.onMessage);
    worker.off('error', this.onError);
    worker.off('exit', this.onExit);
    return worker;
  }

  /** Stops the worker thread, unless handed over. Call once done, after a failure too. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.worker?.terminate();
  }

  private receive(reply: NormalizeReply | NormalizeFailure): void {
    const chunk = this.chunks[reply.seq];
    if (chunk === undefined || this.closed) return;
    if ('error' in reply) {
      this.fail(new Error(reply.error), chunk);
      return;
    }
    chunk.columns = this.decoder.decode(reply.columns);
    this.inFlight--;
    if (this.inFlight === 0) this.wakeUp();
  }

  /** Fails the job; `failed`: the chunk the worker could not normalize, when it said which. */
  private fail(error: unknown, failed?: Chunk): void {
    if (this.failure !== null || this.closed) return;
    const chunk = failed ?? this.chunks.find((c) => c.columns === null);
    const where = chunk === undefined ? '' : ` of ${chunk.origin.file} from line ${chunk.origin.line}`;
    const reason = error instanceof Error ? error.message : String(error);
    this.failure = new Error(`normalizing the records${where} failed in a worker thread: ${reason}`, {
      cause: error,
    });
    this.wakeUp();
  }

  private wakeUp(): void {
    const wake = this.wake;
    this.wake = null;
    wake?.();
  }
}
