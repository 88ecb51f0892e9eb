import { parentPort, workerData } from 'node:worker_threads';
import { RecordPreparer } from '../identity/prepare-record.js';
import type { NormalizeJob, NormalizeReply, NormalizeRequest } from './chunk-normalizer.js';
import { ColumnEncoder } from './column-codec.js';

/** Worker thread entry: normalizes the chunks of raw rows it is sent, in order, with the main thread's rules. */
const job = workerData as NormalizeJob;
const preparer = new RecordPreparer(job.rules);
const encoder = new ColumnEncoder();
parentPort?.on('message', (request: NormalizeRequest) => {
  const columns = preparer.prepareRows(job.fields, request.values, request.rows);
  const reply: NormalizeReply = { seq: request.seq, columns: encoder.encode(columns, request.rows) };
  parentPort?.postMessage(reply, ColumnEncoder.buffers(reply.columns));
});
