import type { LaneFlow } from '../contract/index.js';
import type { TargetConnector } from '../connectors/target-connector.js';
import { SubmissionError, type GatePort, type Submission } from '../gate/gate-port.js';
import { openRecords } from '../io/record-source.js';
import { TERMINAL_STATUSES, type StoredEvent } from '../store/state-store.js';
import { payloadColumns, payloadOf } from './payload-columns.js';
import { emptyTally, tallyOutcome, type ImportTally } from './import-tally.js';

/** Rows submitted to the gate in one call (one store transaction). */
export const DEFAULT_IMPORT_BATCH = 500;
/**
 * The gate of a bulk import: enough events in flight (workers × 8) to fill the CRM's batch calls, and a
 * batch call that is not full waits this long for more before it is sent — fewer API calls per record for
 * a few milliseconds of latency, which a bulk sync does not mind.
 */
export const IMPORT_WORKERS = 16;
export const IMPORT_LINGER_MS = 250;
/** Batches submitted ahead of the one the import waits for, so that the gate's workers never run dry. */
const BATCHES_AHEAD = 2;
/** How long one look at a batch's events waits before reporting progress and looking again. */
const WAIT_SLICE_MS = 5_000;
/** Bad rows kept in the summary (all are counted). */
const MAX_PROBLEMS = 100;

/** A row the lane refused: where it is and what was wrong (field names, never values). */
export interface RowProblem {
  readonly line: number;
  readonly path: string;
  readonly message: string;
}

/** One row's event once it is terminal (or when the import gives up waiting). */
export interface RowOutcome {
  readonly line: number;
  readonly payload: Readonly<Record<string, string>>;
  readonly event: StoredEvent;
}

export interface ImportProgress {
  readonly rowsRead: number;
  readonly done: number;
  readonly bytesRead: number;
  readonly bytesTotal: number;
}

export interface ImportOptions {
  readonly gate: Pick<GatePort, 'submit' | 'waitFor'>;
  /** The lane's target connector: its API calls are counted. */
  readonly connector: Pick<TargetConnector, 'apiCalls'>;
  readonly lane: string;
  readonly flow: LaneFlow;
  /** The lane's integration user, recorded in lineage. */
  readonly principal: string;
  readonly file: string;
  /** Payload field → column, as `--map FIELD=COLUMN`. */
  readonly map?: Readonly<Record<string, string>>;
  readonly batchSize?: number;
  readonly onProgress?: (progress: ImportProgress) => void;
  /** Each row's event once it is terminal: `plan` reads the outcomes from here. */
  readonly onOutcome?: (outcome: RowOutcome) => void;
}

export interface ImportSummary extends ImportTally {
  readonly lane: string;
  readonly file: string;
  readonly dryRun: boolean;
  /** Rows read from the file. */
  readonly rows: number;
  /** Rows the lane refused (see `problems`); the others went on. */
  readonly badRows: number;
  readonly problems: readonly RowProblem[];
  /** Rows whose event an earlier run had accepted already (a resumed import): not submitted twice. */
  readonly resumed: number;
  /** Rows with the same event key as an earlier row of the file: one event, counted once. */
  readonly repeated: number;
  readonly apiCalls: number;
  readonly apiCallsPerRecord: number;
  readonly seconds: number;
}

/**
 * A bulk first sync of one file through a lane: rows become the lane's payloads (columns by name or
 * `--map`), are submitted in batches through the gate (validated, durably accepted, event keys by the
 * contract's business key) and go the gate's write path — the same decisions, locks, review and lineage as
 * any event. Resumable: a row accepted by an earlier run has the same event key, is answered as a replay and
 * waited for, never written twice. A row the lane refuses is reported with its line and skipped.
 */
export async function runImport(options: ImportOptions): Promise<ImportSummary> {
  const started = performance.now();
  const callsBefore = options.connector.apiCalls;
  const batchSize = options.batchSize ?? DEFAULT_IMPORT_BATCH;
  const source = await openRecords(options.file);
  const columns = payloadColumns(options.flow, source.columns, options.map ?? {}, options.file);
  const tally = emptyTally();
  const problems: RowProblem[] = [];
  const seen = new Set<string>();
  let rows = 0;
  let badRows = 0;
  let resumed = 0;
  let repeated = 0;
  let done = 0;
  const progress = (): void =>
    options.onProgress?.({
      rowsRead: rows,
      done,
      bytesRead: source.bytesRead(),
      bytesTotal: source.bytesTotal,
    });

  const settle = async (batch: readonly { line: number; payload: Record<string, string>; id: string }[]) => {
    let pending = [...new Set(batch.map((r) => r.id))];
    const final = new Map<string, StoredEvent>();
    while (pending.length > 0) {
      const events = await options.gate.waitFor(pending, WAIT_SLICE_MS);
      for (const e of events) if (TERMINAL_STATUSES.includes(e.status)) final.set(e.id, e);
      const before = pending.length;
      pending = pending.filter((id) => !final.has(id));
      done += before - pending.length;
      progress();
    }
    for (const row of batch) {
      const event = final.get(row.id)!;
      options.onOutcome?.({ line: row.line, payload: row.payload, event });
    }
    for (const event of final.values()) tallyOutcome(tally, event);
  };

  const waiting: Promise<void>[] = [];
  let batch: { line: number; payload: Record<string, string> }[] = [];
  const flush = async (): Promise<void> => {
    if (batch.length === 0) return;
    const accepted = await submitGood(options, batch, (p) => {
      badRows++;
      if (problems.length < MAX_PROBLEMS) problems.push(p);
    });
    batch = [];
    const fresh: typeof accepted = [];
    for (const row of accepted) {
      if (seen.has(row.id)) {
        repeated++;
        continue;
      }
      seen.add(row.id);
      if (row.duplicate) resumed++;
      fresh.push(row);
    }
    waiting.push(settle(fresh));
    if (waiting.length > BATCHES_AHEAD) await waiting.shift();
  };

  for await (const chunk of source.rows) {
    for (const row of chunk) {
      rows++;
      batch.push({ line: row.line, payload: payloadOf(row.values, columns) });
      if (batch.length >= batchSize) await flush();
    }
    progress();
  }
  await flush();
  for (const w of waiting.splice(0)) await w;
  const apiCalls = options.connector.apiCalls - callsBefore;
  const records =
    tally.created + tally.updated + tally.unchanged + tally.review + tally.blocked + tally.deadLetters;
  return {
    lane: options.lane,
    file: options.file,
    dryRun: options.flow.dryRun,
    rows,
    badRows,
    problems,
    resumed,
    repeated,
    ...tally,
    apiCalls,
    apiCallsPerRecord: records === 0 ? 0 : round(apiCalls / records, 4),
    seconds: round((performance.now() - started) / 1000, 2),
  };
}

/**
 * Submits a batch; a row the lane refuses (the gate takes a batch all or nothing) is reported and left out,
 * and the rest submitted again.
 */
async function submitGood(
  options: ImportOptions,
  rows: readonly { line: number; payload: Record<string, string> }[],
  report: (problem: RowProblem) => void,
): Promise<{ line: number; payload: Record<string, string>; id: string; duplicate: boolean }[]> {
  let left = [...rows];
  for (;;) {
    if (left.length === 0) return [];
    const submissions: Submission[] = left.map((r) => ({ payload: r.payload }));
    try {
      const results = await options.gate.submit(options.lane, options.principal, submissions);
      return left.map((r, i) => ({ ...r, id: results[i]!.id, duplicate: results[i]!.duplicate }));
    } catch (err) {
      const index = err instanceof SubmissionError ? /^\[(\d+)\]/.exec(err.path)?.[1] : undefined;
      if (err instanceof SubmissionError && index !== undefined) {
        const i = Number(index);
        const row = left[i]!;
        report({ line: row.line, path: err.path.replace(/^\[\d+\]\.?/, ''), message: err.message });
        left = left.filter((_, j) => j !== i);
        continue;
      }
      throw err;
    }
  }
}

function round(n: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(n * f) / f;
}
