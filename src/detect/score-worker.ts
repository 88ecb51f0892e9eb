import { parentPort, workerData } from 'node:worker_threads';
import { FeatureStore } from '../identity/feature-store.js';
import { NO_FREQUENCIES, PairScorer } from '../identity/pair-scorer.js';
import { sharedKeyValues } from './shared-key-values.js';
import { packPairs, packedBuffers, scoreChunks, type ScoreJob } from './score-job.js';

/** Worker thread entry: scores its share of the candidate pairs with the same scorer as the main thread. */
const job = workerData as ScoreJob;
const scorer = new PairScorer(
  FeatureStore.fromColumns(job.columns),
  job.model,
  job.rules,
  sharedKeyValues(job.shared),
  // Value shares come prepared; the counts behind them are not needed.
  NO_FREQUENCIES,
  { cacheLevels: true, prepared: job.prepared },
);
const packed = packPairs(scoreChunks(scorer, job.pairs));
parentPort?.postMessage(packed, packedBuffers(packed));
