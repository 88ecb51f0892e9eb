/**
 * The Lanekeeper side of the import benchmark, as `lanekeeper import` runs it: the gate loads its target
 * index of every record already in the CRM (identity fields only, paged within the connector's rate limits),
 * then the rows of one CSV file go through the lane's write path with `runImport` — the same decisions,
 * locks, review and lineage as live events.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TargetConnector } from '../../src/connectors/target-connector.js';
import type { LaneContract } from '../../src/contract/index.js';
import type { HubSpotEmulator } from '../../src/emulators/hubspot/index.js';
import { Gate } from '../../src/gate/gate.js';
import { payloadFieldsOf } from '../../src/import/payload-columns.js';
import {
  IMPORT_LINGER_MS,
  IMPORT_WORKERS,
  runImport,
  type ImportSummary,
} from '../../src/import/run-import.js';
import type { EventOutcome, StateStore } from '../../src/store/state-store.js';

export interface GateImportOptions {
  readonly store: StateStore;
  readonly lane: LaneContract;
  readonly connector: TargetConnector;
  readonly emulator: HubSpotEmulator;
  /** Payloads in file order. */
  readonly rows: readonly Readonly<Record<string, string>>[];
  readonly workers?: number;
  readonly onProgress?: (message: string) => void;
}

/** What loading the target index cost. */
export interface IndexLoad {
  readonly records: number;
  readonly api_calls: number;
  /** Requests the emulator answered 429: 0 when the load kept within HubSpot's limits. */
  readonly rate_limited: number;
  readonly seconds: number;
  /** Requests per 10 s, HubSpot's window (its top private-app tier allows 190). */
  readonly requests_per_10s: number;
}

export interface GateImport {
  readonly index: IndexLoad;
  /** Each row's outcome, in row order (a row repeating an earlier one shares its event). */
  readonly outcomes: (EventOutcome | undefined)[];
  readonly summary: ImportSummary;
  /** API calls and seconds of the import alone, after the index load. */
  readonly apiCalls: number;
  readonly seconds: number;
}

export async function importThroughGate(options: GateImportOptions): Promise<GateImport> {
  const { store, lane, connector, emulator, rows } = options;
  const flow = lane.flow!;
  const gate = new Gate({
    store,
    lanes: [lane],
    connectors: { [flow.target.system]: connector },
    workers: options.workers ?? IMPORT_WORKERS,
    pollMs: 25,
    retry: { baseDelayMs: 50, maxDelayMs: 2_000 },
    targetLingerMs: IMPORT_LINGER_MS,
    targetIndex: { refreshMs: 0, overlapMs: 300_000 },
  });

  const stats = emulator.stats();
  let started = performance.now();
  await gate.prepareTargetIndex();
  const indexSeconds = (performance.now() - started) / 1000;
  const afterIndex = emulator.stats();
  const indexCalls = afterIndex.total - stats.total;
  const loaded = gate.targetIndexReadiness().reduce((n, s) => n + s.loaded, 0);
  const index: IndexLoad = {
    records: loaded,
    api_calls: indexCalls,
    rate_limited: afterIndex.rateLimited - stats.rateLimited,
    seconds: round(indexSeconds),
    requests_per_10s: indexSeconds === 0 ? indexCalls : round((indexCalls / indexSeconds) * 10),
  };
  options.onProgress?.(`index load: ${JSON.stringify(index)}`);

  const dir = await mkdtemp(join(tmpdir(), 'lanekeeper-bench-import-'));
  try {
    const file = join(dir, 'incoming.csv');
    const fields = payloadFieldsOf(flow);
    await writeFile(file, csvOf(fields, rows));
    const byLine = new Map<number, EventOutcome | undefined>();
    const byPayload = new Map<string, EventOutcome | undefined>();
    started = performance.now();
    gate.start();
    let summary: ImportSummary;
    try {
      summary = await runImport({
        gate,
        connector,
        lane: lane.lane!,
        flow,
        principal: 'bench-import',
        file,
        onOutcome: ({ line, payload, event }) => {
          byLine.set(line, event.outcome);
          byPayload.set(JSON.stringify(payload), event.outcome);
        },
        onProgress: (p) => {
          if (p.done % 1000 === 0 && p.done > 0) options.onProgress?.(`imported ${p.done} rows`);
        },
      });
    } finally {
      await gate.stop();
    }
    const seconds = (performance.now() - started) / 1000;
    const apiCalls = emulator.stats().total - afterIndex.total;
    // Line 1 is the header; a row repeating an earlier row's event key is answered by that event.
    const outcomes = rows.map((payload, i) =>
      byLine.has(i + 2) ? byLine.get(i + 2) : byPayload.get(JSON.stringify(keep(payload, fields))),
    );
    return { index, outcomes, summary, apiCalls, seconds };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

function keep(payload: Readonly<Record<string, string>>, fields: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const f of fields) if ((payload[f] ?? '') !== '') out[f] = payload[f]!;
  return out;
}

function csvOf(fields: readonly string[], rows: readonly Readonly<Record<string, string>>[]): string {
  const cell = (v: string): string => (/[",\n\r]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
  return (
    [fields.join(','), ...rows.map((r) => fields.map((f) => cell(r[f] ?? '')).join(','))].join('\n') + '\n'
  );
}

function round(n: number): number {
  return Math.round(n * 100) / 100;
}
