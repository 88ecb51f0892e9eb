import { parentPort, workerData } from 'node:worker_threads';
import { FeatureStore } from '../identity/feature-store.js';
import { compileModel } from '../identity/match-model.js';
import { NO_FREQUENCIES, PairScorer, type PreparedParts } from '../identity/pair-scorer.js';
import { RecordPreparer } from '../identity/prepare-record.js';
import type { IdentityRules } from '../identity/rules.js';
import { ValueCounts } from '../identity/value-frequencies.js';
import type { NormalizeJob, NormalizeReply, NormalizeRequest, WorkerRequest } from './chunk-normalizer.js';
import { ColumnEncoder } from './column-codec.js';
import { concatChunks } from './concat-chunks.js';
import { RawColumn, splitValues } from './raw-column.js';
import {
  mergeChunks,
  packPairs,
  packedBuffers,
  scoreChunks,
  scorerColumns,
  unpackPairs,
  type HelperOrder,
  type HelperPrepared,
  type PackedPairs,
  type SharedPairs,
} from './score-job.js';
import type { ScoredPair } from './score-pairs.js';
import { writePairsCsv } from './write-pairs.js';
import { BufferedWriter } from '../io/atomic-output.js';
import { findSharedKeys, type SharedKeyValues } from './shared-key-values.js';

/**
 * Worker thread entry of the audit. While the input is read it normalizes the chunks it is sent, in order,
 * with the main thread's rules, and keeps the columns a scorer reads; it is also sent the raw values of the
 * chunks the main thread normalized. When reading is done it becomes the second scoring thread: it completes
 * its copy of the scorer's columns, derives what scoring needs (shared key values, level-cache codes, value
 * shares) while the main thread blocks and estimates, then scores its share of the candidate pairs. Last, sent
 * the main thread's kept pairs, it writes pairs.csv while the main thread clusters.
 */
const job = workerData as NormalizeJob;
const preparer = new RecordPreparer(job.rules);
const encoder = new ColumnEncoder();
const scored = scorerColumns(job.rules).filter((name) => preparer.features.includes(name));
const scoredIndex = scored.map((name) => preparer.features.indexOf(name));
/** Per chunk, the scorer's columns of its records. */
const kept: string[][][] = [];
/** The records' ids, as they arrive (chunks come in order); sliced out only for the pairs written. */
const ids = new RawColumn();
let idsComplete = true;
/** Chunks the main thread normalized, to normalize here too once reading is done. */
const deferred: NormalizeRequest[] = [];
interface Scoring {
  readonly store: FeatureStore;
  readonly rules: IdentityRules;
  readonly shared: SharedKeyValues;
  readonly prepared: PreparedParts;
}
let scoring: Scoring | undefined;
/** Once scored: the scorer, the pairs, and the kept pairs of the chunks each thread scored. */
let done:
  { scorer: PairScorer; pairs: SharedPairs; own: Map<number, ScoredPair[]>; main?: PackedPairs } | undefined;

function normalize(request: NormalizeRequest): string[][] {
  const values = request.values.map((joined, k) => {
    if (joined.bounds.length !== request.rows + 1) {
      throw new Error(`field ${job.fields[k]}: ${joined.bounds.length - 1} values for ${request.rows} rows`);
    }
    return splitValues(joined);
  });
  const columns = preparer.prepareRows(job.fields, values, request.rows);
  kept[request.seq] = scoredIndex.map((f) => columns[f]!);
  return columns;
}

function keepIds(request: NormalizeRequest): void {
  if (request.ids.bounds.length === request.rows + 1) ids.appendJoined(request.ids);
  else idsComplete = false;
}

function normalizeChunk(request: NormalizeRequest): void {
  let reply: NormalizeReply;
  try {
    reply = { seq: request.seq, columns: encoder.encode(normalize(request), request.rows) };
  } catch (error) {
    // Answered for the chunk itself, so that the main thread names the chunk that failed.
    parentPort?.postMessage({
      seq: request.seq,
      error: error instanceof Error ? error.message : String(error),
    });
    return;
  }
  parentPort?.postMessage(reply, ColumnEncoder.buffers(reply.columns));
}

function prepare(rules: IdentityRules): void {
  for (const request of deferred.splice(0)) normalize(request);
  for (let seq = 0; seq < kept.length; seq++) {
    if (kept[seq] === undefined) throw new Error(`chunk ${seq} of the records never reached the worker`);
  }
  const store = FeatureStore.fromColumns(
    new Map(scored.map((name, c) => [name, concatChunks(kept.map((chunk) => chunk[c]!))])),
  );
  kept.length = 0;
  const shared = findSharedKeys(store, rules);
  // The model's comparisons and term-frequency fields come from the rules; estimation changes only weights.
  const prepared = PairScorer.prepare(store, compileModel(rules), ValueCounts.of(store, rules));
  scoring = { store, rules, shared, prepared };
  const ready: HelperPrepared = { shared: shared.values, prepared };
  parentPort?.postMessage(ready);
}

function score(order: HelperOrder): void {
  const { store, rules, shared, prepared } = scoring!;
  // Value shares come prepared; the counts behind them are not needed.
  const scorer = new PairScorer(store, order.model, rules, shared, NO_FREQUENCIES, { prepared });
  const own = scoreChunks(scorer, order.pairs);
  done = { scorer, pairs: order.pairs, own };
  const packed = packPairs(own);
  parentPort?.postMessage(packed, packedBuffers(packed));
}

/** Writes pairs.csv from every kept pair (this thread's and the main thread's), then ends the thread. */
async function writePairs(path: string): Promise<void> {
  parentPort?.off('message', onMessage);
  const { scorer, pairs, own, main } = done!;
  if (main === undefined) throw new Error("the main thread's kept pairs never reached the worker");
  if (!idsComplete || ids.length !== scorer.store.size)
    throw new Error('the record ids never reached the worker');
  const kept = mergeChunks(pairs, own, unpackPairs(main));
  const matches = kept.filter((p) => p.outcome.decision === 'match');
  const reviews = kept.filter((p) => p.outcome.decision === 'review');
  await writePairsCsv(BufferedWriter.to(path), (i) => ids.at(i), matches, reviews, scorer);
  parentPort?.postMessage({ written: path });
}

function onMessage(request: WorkerRequest): void {
  switch (request.kind) {
    case 'normalize':
      keepIds(request);
      return normalizeChunk(request);
    case 'keep':
      keepIds(request);
      deferred.push(request);
      return;
    case 'prepare':
      return prepare(request.rules);
    case 'score':
      return score(request);
    case 'kept':
      done!.main = request.pairs;
      return;
    case 'write-pairs':
      // A failure is an unhandled rejection, which ends the thread with it: the main thread's `error` event.
      void writePairs(request.path);
      return;
  }
}

parentPort?.on('message', onMessage);
