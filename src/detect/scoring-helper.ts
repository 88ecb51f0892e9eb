import { availableParallelism } from 'node:os';
import type { Worker } from 'node:worker_threads';
import type { MatchModel } from '../identity/match-model.js';
import type { IdentityRules } from '../identity/rules.js';
import type { WorkerRequest } from './chunk-normalizer.js';
import {
  packPairs,
  packedBuffers,
  unpackPairs,
  type HelperOrder,
  type HelperPrepared,
  type PackedPairs,
  type SharedPairs,
} from './score-job.js';
import type { ScoredPair } from './score-pairs.js';

/** Below this many records a second scoring thread costs more than it saves. */
export const PARALLEL_MIN_RECORDS = 50_000;

/** Whether scoring `records` records uses a second thread (`threads`: as asked, else by size and cores). */
export function wantsScoringThread(threads: number | undefined, records: number): boolean {
  if (threads !== undefined) return threads > 1;
  return records >= PARALLEL_MIN_RECORDS && availableParallelism() >= 2;
}

/**
 * The second scoring thread, once the input is read: it derives the scorer's prepared parts while the main
 * thread blocks and estimates, then scores its share of the pairs, and can then write pairs.csv. Its replies
 * come in order — {@link HelperPrepared}, the packed kept pairs, the written file — and a failure of the
 * thread fails whichever reply is awaited.
 */
export class ScoringHelper {
  private readonly replies: unknown[] = [];
  private readonly waiting: { resolve: (reply: unknown) => void; reject: (error: Error) => void }[] = [];
  private failure: Error | undefined;
  /** This thread's kept pairs by chunk, sent along when the thread is to write pairs.csv. */
  private mainKept: ReadonlyMap<number, readonly ScoredPair[]> = new Map();

  private constructor(private readonly worker: Worker) {
    worker.on('message', (reply: unknown) => {
      const next = this.waiting.shift();
      if (next !== undefined) next.resolve(reply);
      else this.replies.push(reply);
    });
    const fail = (error: Error): void => {
      this.failure ??= error;
      for (const w of this.waiting.splice(0)) w.reject(this.failure);
    };
    worker.once('error', fail);
    worker.once('exit', (code) =>
      fail(new Error(`scoring worker stopped (exit code ${code}) before it replied`)),
    );
  }

  /**
   * Turns the worker that normalized the input (see `ChunkNormalizer.handOver`) into the scoring helper: it
   * starts deriving the scorer's prepared parts for `rules` at once.
   */
  static from(worker: Worker, rules: IdentityRules): ScoringHelper {
    const helper = new ScoringHelper(worker);
    const request: WorkerRequest = { kind: 'prepare', rules };
    worker.postMessage(request);
    return helper;
  }

  prepared(): Promise<HelperPrepared> {
    return this.reply() as Promise<HelperPrepared>;
  }

  /** Sends the model and the shared pairs; resolves to the kept pairs of the chunks the thread scored. */
  async score(model: MatchModel, pairs: SharedPairs): Promise<Map<number, ScoredPair[]>> {
    const order: HelperOrder = { kind: 'score', model, pairs };
    this.worker.postMessage(order);
    return unpackPairs((await this.reply()) as PackedPairs);
  }

  /** Keeps this thread's kept pairs (by chunk), for the thread to write pairs.csv from every kept pair. */
  share(kept: ReadonlyMap<number, readonly ScoredPair[]>): void {
    this.mainKept = kept;
  }

  /**
   * Has the thread write `pairs.csv` to `path` from its kept pairs and those {@link share}d (then it ends);
   * resolves once the file is complete.
   */
  async writePairs(path: string): Promise<void> {
    const pairs = packPairs(this.mainKept);
    const kept: WorkerRequest = { kind: 'kept', pairs };
    this.worker.postMessage(kept, packedBuffers(pairs));
    const request: WorkerRequest = { kind: 'write-pairs', path };
    this.worker.postMessage(request);
    await this.reply();
  }

  /** Stops the thread (when the job fails or ends before scoring). */
  async stop(): Promise<void> {
    await this.worker.terminate();
  }

  private reply(): Promise<unknown> {
    if (this.replies.length > 0) return Promise.resolve(this.replies.shift());
    if (this.failure !== undefined) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => this.waiting.push({ resolve, reject }));
  }
}
