/**
 * The import benchmark: one incoming file played through the naive search-then-create and through
 * Lanekeeper, each against a fresh HubSpot emulator holding the same contacts other tools wrote, and both
 * counted against the ground truth.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createHubSpotConnector, type HubSpotConnector } from '../../src/connectors/hubspot/index.js';
import { loadContract, type LaneContract } from '../../src/contract/index.js';
import { runNaiveSync } from '../../src/demo/naive-sync.js';
import type { LandedWrite } from '../../src/demo/score-run.js';
import type { HeldRecord } from '../../src/demo/score-sync.js';
import { startHubSpotEmulator, type HubSpotEmulator } from '../../src/emulators/hubspot/index.js';
import { propertiesOf } from '../../src/gate/lane-plan.js';
import { openStateStore } from '../../src/store/open-state-store.js';
import type { StateStore } from '../../src/store/state-store.js';
import { DEFAULT_PG_URL, dropSchema, freshSchema } from '../../scripts/lib/state-stores.js';
import { importThroughGate, type IndexLoad } from './import-through-gate.js';
import { scoreImport, type ImportFigures, type ImportScore } from './score-import.js';
import { importWorkload, type ImportWorkload } from './workload.js';

/**
 * `hubspot`: the emulator enforces HubSpot's limits (190 requests per 10 s, search 5/s) and the connectors
 * keep to their shipped rates (15/s, search 3/s); `none`: no limits, to measure the logic alone.
 */
export type RateLimits = 'hubspot' | 'none';

export interface ImportBenchOptions {
  readonly existing: number;
  readonly incoming: number;
  readonly seed: number;
  readonly limits: RateLimits;
  /** Concurrent workers of both imports. */
  readonly workers: number;
  readonly store: 'sqlite' | 'postgres';
  /**
   * Opens the Lanekeeper side's store instead of a new one of kind `store` (a test's schema); the caller
   * closes it.
   */
  readonly openStore?: () => Promise<StateStore>;
  /** The emulated search lag. */
  readonly indexingDelayMs: number;
  readonly onProgress?: (message: string) => void;
}

export interface ImportBenchResult {
  readonly lanekeeper: ImportFigures;
  readonly naive: ImportFigures;
  readonly details: {
    readonly existing: number;
    readonly incoming: number;
    readonly rows: Readonly<Record<string, number>>;
    readonly limits: RateLimits;
    readonly store: 'sqlite' | 'postgres';
    readonly index_load: IndexLoad;
    readonly lanekeeper_outcomes: Readonly<Record<string, number>>;
    readonly naive_operations: Readonly<Record<string, number>>;
    readonly api_calls: { readonly lanekeeper: number; readonly naive: number };
    /** The import's requests by HubSpot endpoint (`batch/read`, `search`, `create`, …). */
    readonly requests: {
      readonly lanekeeper: Readonly<Record<string, number>>;
      readonly naive: Readonly<Record<string, number>>;
    };
    /** Records holding two or more people after each import, with those people (truth numbers). */
    readonly duplicate_records: {
      readonly lanekeeper: readonly { readonly person: number; readonly records: readonly string[] }[];
      readonly naive: readonly { readonly person: number; readonly records: readonly string[] }[];
    };
    readonly false_merge_records: {
      readonly lanekeeper: readonly { readonly record: string; readonly people: readonly number[] }[];
      readonly naive: readonly { readonly record: string; readonly people: readonly number[] }[];
    };
    readonly overwritten_by_property: {
      readonly lanekeeper: Readonly<Record<string, number>>;
      readonly naive: Readonly<Record<string, number>>;
    };
  };
}

const OBJECT = 'contacts';

export async function runImportBench(o: ImportBenchOptions): Promise<ImportBenchResult> {
  const progress = o.onProgress ?? (() => undefined);
  const workload = importWorkload({ existing: o.existing, incoming: o.incoming, seed: o.seed });
  const lane = await importLane();
  const flow = lane.flow!;
  progress(`${workload.existing.length} contacts in the CRM, ${workload.rows.length} incoming rows`);

  const naive = await withCrm(o, workload, async (emulator, connector, before) => {
    const calls = emulator.stats().total;
    const requests = emulator.stats().requests;
    const started = performance.now();
    const results = await runNaiveSync(
      connector,
      workload.rows.map((r) => ({ flow, payload: r.payload })),
      o.workers,
      'search_email_first',
    );
    const seconds = (performance.now() - started) / 1000;
    const writes = workload.rows.map((r, i): LandedWrite =>
      landed(r.person, results[i]?.targetId, propertiesOf(flow, r.payload)),
    );
    const apiCalls = emulator.stats().total - calls;
    const score = scoreImport({ before, after: emulator.records(OBJECT), writes, apiCalls, seconds });
    const byEndpoint = since(requests, emulator.stats().requests);
    return { score, apiCalls, byEndpoint, operations: tally(results.map((r) => r.operation)) };
  });
  progress(`naive: ${JSON.stringify(naive.score.figures)}`);

  const gate = await withCrm(o, workload, async (emulator, connector, before) => {
    const requests = emulator.stats().requests;
    const imported = await withStore(o, (store) =>
      importThroughGate({
        store,
        lane,
        connector,
        emulator,
        rows: workload.rows.map((r) => r.payload),
        workers: o.workers,
        onProgress: progress,
      }),
    );
    const { index, outcomes, seconds, apiCalls } = imported;
    const writes = workload.rows.map((r, i): LandedWrite =>
      landed(
        r.person,
        outcomes[i]?.status === 'written' ? outcomes[i]?.targetId : undefined,
        propertiesOf(flow, r.payload),
      ),
    );
    const score = scoreImport({ before, after: emulator.records(OBJECT), writes, apiCalls, seconds });
    // A dead letter with the start of its error (the gate's errors name no payload values).
    const decided = outcomes.map((x) =>
      x === undefined
        ? 'unfinished'
        : `${x.status}:${x.decision}${x.status === 'dead_letter' ? ` (${(x.error ?? '').slice(0, 90)})` : ''}`,
    );
    const byEndpoint = since(requests, emulator.stats().requests);
    return { score, apiCalls, byEndpoint, index, outcomes: tally(decided) };
  });
  progress(`lanekeeper: ${JSON.stringify(gate.score.figures)}`);

  return {
    lanekeeper: gate.score.figures,
    naive: naive.score.figures,
    details: {
      existing: workload.existing.length,
      incoming: workload.rows.length,
      rows: tally(workload.rows.map((r) => (r.drift === undefined ? r.kind : `${r.kind}:${r.drift}`))),
      limits: o.limits,
      store: o.store,
      index_load: gate.index,
      lanekeeper_outcomes: gate.outcomes,
      naive_operations: naive.operations,
      api_calls: { lanekeeper: gate.apiCalls, naive: naive.apiCalls },
      requests: { lanekeeper: gate.byEndpoint, naive: naive.byEndpoint },
      duplicate_records: {
        lanekeeper: gate.score.sync.after.duplicatedPeople,
        naive: naive.score.sync.after.duplicatedPeople,
      },
      false_merge_records: {
        lanekeeper: gate.score.sync.after.mergedRecords,
        naive: naive.score.sync.after.mergedRecords,
      },
      overwritten_by_property: { lanekeeper: byProperty(gate.score), naive: byProperty(naive.score) },
    },
  };
}

/** A fresh emulator holding the workload's contacts, and a connector to it. */
async function withCrm<T>(
  o: ImportBenchOptions,
  workload: ImportWorkload,
  run: (emulator: HubSpotEmulator, connector: HubSpotConnector, before: HeldRecord[]) => Promise<T>,
): Promise<T> {
  const unlimited = 1_000_000_000;
  const emulator = await startHubSpotEmulator({
    indexingDelayMs: o.indexingDelayMs,
    ...(o.limits === 'none'
      ? { rateLimit: { max: unlimited, windowMs: 1_000, searchPerSecond: unlimited } }
      : {}),
  });
  try {
    const ids = emulator.preload(OBJECT, writtenLongAgo(emulator, workload.existing));
    const person = new Map(ids.map((id, i) => [id, workload.existing[i]!.person]));
    const before = emulator.records(OBJECT).map((r) => ({ ...r, person: person.get(r.id)! }));
    const connector = createHubSpotConnector({
      accessToken: emulator.token,
      basePath: emulator.url,
      ...(o.limits === 'none'
        ? {
            rateLimit: { capacity: unlimited, refillPerSecond: unlimited },
            searchRateLimit: { capacity: unlimited, refillPerSecond: unlimited },
          }
        : {}),
    });
    return await run(emulator, connector, before);
  } finally {
    await emulator.close();
  }
}

async function withStore<T>(o: ImportBenchOptions, run: (store: StateStore) => Promise<T>): Promise<T> {
  if (o.openStore !== undefined) return run(await o.openStore());
  const kind = o.store;
  const dir = await mkdtemp(join(tmpdir(), 'lanekeeper-bench-import-'));
  const schema = freshSchema('import');
  const store = await openStateStore(
    kind === 'sqlite' ? { kind, path: join(dir, 'state.db') } : { kind, url: DEFAULT_PG_URL, schema },
  );
  try {
    return await run(store);
  } finally {
    await store.close();
    if (kind === 'postgres') await dropSchema(DEFAULT_PG_URL, schema);
    await rm(dir, { recursive: true, force: true });
  }
}

/** The benchmark's lane contract, next to this file. */
export function importLane(): Promise<LaneContract> {
  const here = dirname(fileURLToPath(import.meta.url));
  return loadContract(join(here, 'csv-import-to-hubspot-contacts.yaml'));
}

/**
 * The contacts as other tools left them: created and last changed over the past year (a minute apart), not
 * during the benchmark — as in a CRM in use, where few records changed within the index's overlap window.
 */
function writtenLongAgo(
  emulator: HubSpotEmulator,
  existing: readonly { readonly properties: Readonly<Record<string, string | null>> }[],
): { properties: Readonly<Record<string, string | null>>; createdAt: number; updatedAt: number }[] {
  const start = emulator.now() - 366 * 86_400_000;
  return existing.map((c, i) => ({
    properties: c.properties,
    createdAt: start + i * 60_000,
    updatedAt: start + i * 60_000,
  }));
}

function landed(
  person: number,
  targetId: string | undefined,
  properties: LandedWrite['properties'],
): LandedWrite {
  return targetId === undefined ? { person, properties } : { person, targetId, properties };
}

/** Request counters of `after` minus those of `before`, the endpoints that moved only. */
function since(
  before: Readonly<Record<string, number | undefined>>,
  after: Readonly<Record<string, number | undefined>>,
): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [endpoint, n] of Object.entries(after)) {
    const d = (n ?? 0) - (before[endpoint] ?? 0);
    if (d > 0) out[endpoint] = d;
  }
  return out;
}

function tally(values: readonly string[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const v of [...values].sort()) out[v] = (out[v] ?? 0) + 1;
  return out;
}

function byProperty(score: ImportScore): Record<string, number> {
  return tally(score.sync.overwritten.map((v) => v.property));
}
