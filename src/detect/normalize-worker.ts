import { parentPort, workerData } from 'node:worker_threads';
import { RecordPreparer } from '../identity/prepare-record.js';
import type { NormalizeJob, NormalizeReply, NormalizeRequest } from './chunk-normalizer.js';
import { ColumnEncoder } from './column-codec.js';
import { splitValues } from './raw-column.js';

/** Worker thread entry: normalizes the chunks of raw rows it is sent, in order, with the main thread's rules. */
const job = workerData as NormalizeJob;
const preparer = new RecordPreparer(job.rules);
const encoder = new ColumnEncoder();
parentPort?.on('message', (request: NormalizeRequest) => {
  let reply: NormalizeReply;
  try {
    const values = request.values.map((joined, k) => {
      if (joined.bounds.length !== request.rows + 1) {
        throw new Error(
          `field ${job.fields[k]}: ${joined.bounds.length - 1} values for ${request.rows} rows`,
        );
      }
      return splitValues(joined);
    });
    const columns = preparer.prepareRows(job.fields, values, request.rows);
    reply = { seq: request.seq, columns: encoder.encode(columns, request.rows) };
  } catch (error) {
    // Answered for the chunk itself, so that the main thread names the chunk that failed.
    parentPort?.postMessage({
      seq: request.seq,
      error: error instanceof Error ? error.message : String(error),
    });
    return;
  }
  parentPort?.postMessage(reply, ColumnEncoder.buffers(reply.columns));
});
