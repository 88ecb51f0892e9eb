import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { createHubSpotConnector, type HubSpotConnector } from '../connectors/hubspot/index.js';
import { loadContract, type LaneContract } from '../contract/index.js';
import { startHubSpotEmulator, type HubSpotEmulator } from '../emulators/hubspot/index.js';
import { Gate } from '../gate/gate.js';
import { propertiesOf } from '../gate/lane-plan.js';
import { openStateStore } from '../store/open-state-store.js';
import type { StateStore } from '../store/state-store.js';
import { generateEventStream, type Delivery } from './event-stream.js';
import { runNaiveSync } from './naive-sync.js';
import type { ExistingContact } from './existing-contacts.js';
import type { LandedWrite } from './score-run.js';
import { scoreSync, type HeldRecord, type SyncScore } from './score-sync.js';

export interface DemoOptions {
  /** Deliveries in the stream (default 2,000). */
  readonly events?: number;
  readonly seed?: number;
  /** Concurrent workers of both syncs (default 4). */
  readonly workers?: number;
  /** Where the SQLite state and the report go (default: a new temporary directory). */
  readonly out?: string;
  /** The emulated CRM's search lag (default 1 s: longer than the time between related deliveries). */
  readonly indexingDelayMs?: number;
  /** Start from an empty CRM instead of one holding older records of some of the stream's people. */
  readonly emptyCrm?: boolean;
  /** Share of requests answered 503, and share applied and then cut off (each; default 0.01). */
  readonly faultRate?: number;
  readonly onProgress?: (message: string) => void;
}

/** The figures the demo compares; `--json` prints them for both syncs. */
export interface DemoFigures {
  /** Records the sync added to the CRM. */
  readonly records: number;
  readonly duplicates: number;
  readonly false_merges: number;
  /** Values the CRM's records held before the sync that it changed (`countOverwritten`). */
  readonly overwritten: number;
  readonly review: number;
  readonly api_calls: number;
}

export interface DemoResult {
  readonly naive: DemoFigures;
  readonly gate: DemoFigures;
  readonly details: {
    readonly events: number;
    readonly people: number;
    /** Contacts the CRM held before the stream, and how many of them are people of the stream. */
    readonly existing: { readonly contacts: number; readonly streamPeople: number };
    readonly redeliveries: number;
    readonly seed: number;
    readonly dir: string;
    readonly sqlite: string;
    readonly report: string;
    readonly seconds: { readonly naive: number; readonly gate: number };
    readonly deadLetters: number;
  };
}

const OBJECT = 'contacts';

/**
 * Plays one generated event stream twice against fresh HubSpot emulators (search lag and a small fault
 * rate on) that hold the same contacts before it starts: through the naive create-first sync, and through
 * the gate on an embedded SQLite store. Scores both against the stream's ground truth — records added,
 * duplicates, false merges, values overwritten — and writes a JSON report next to the SQLite file.
 */
export async function runDemo(options: DemoOptions = {}): Promise<DemoResult> {
  const events = options.events ?? 2_000;
  const seed = options.seed ?? 1;
  const workers = options.workers ?? 4;
  const progress = options.onProgress ?? (() => undefined);
  const dir =
    options.out === undefined ? await mkdtemp(join(tmpdir(), 'lanekeeper-demo-')) : resolve(options.out);
  await mkdir(dir, { recursive: true });
  const lanes = await demoLanes();
  const flows = new Map(lanes.map((c) => [c.lane!, c.flow!]));
  const stream = generateEventStream({ events, seed });
  const streamPeople = new Set(stream.people.map((p) => p.id));
  const existing = options.emptyCrm === true ? [] : stream.existing;
  progress(`generated ${stream.deliveries.length} deliveries about ${stream.people.length} people`);

  let started = performance.now();
  const naive = await withHubSpot(options, seed, existing, async (emulator, connector, before) => {
    const writes: LandedWrite[] = [];
    for (const wave of [1, 2] as const) {
      const batch = stream.deliveries.filter((d) => d.wave === wave);
      const results = await runNaiveSync(
        connector,
        batch.map((d) => ({ flow: flows.get(d.lane)!, payload: d.submission.payload })),
        workers,
      );
      batch.forEach((d, i) => writes.push(landed(d, flows, results[i]?.targetId)));
    }
    return { score: scoreSync(before, emulator.records(OBJECT), writes), apiCalls: connector.apiCalls };
  });
  const naiveSeconds = (performance.now() - started) / 1000;
  progress(`naive sync: ${naive.score.created} records`);

  started = performance.now();
  const sqlite = join(dir, 'state.db');
  const store = await openStateStore({ kind: 'sqlite', path: sqlite });
  let gateRun: { score: SyncScore; apiCalls: number; review: number; deadLetters: number };
  try {
    gateRun = await withHubSpot(options, seed, existing, async (emulator, connector, before) => {
      const gate = new Gate({
        store,
        lanes,
        connectors: { hubspot: connector },
        workers,
        pollMs: 25,
        retry: { baseDelayMs: 50, maxDelayMs: 1_000 },
        // The contacts already in the CRM are indexed before the stream starts, as `serve` does.
        targetIndex: { refreshMs: 1_000, overlapMs: 300_000 },
      });
      await gate.prepareTargetIndex();
      const writes = await playThroughGate(gate, store, stream.deliveries, flows);
      const counts = await store.countByStatus();
      return {
        score: scoreSync(before, emulator.records(OBJECT), writes),
        apiCalls: connector.apiCalls,
        review: counts.review,
        deadLetters: counts.dead_letter,
      };
    });
  } finally {
    await store.close();
  }
  const gateSeconds = (performance.now() - started) / 1000;
  progress(`gate: ${gateRun.score.created} records`);

  const result: DemoResult = {
    naive: figures(naive.score, 0, naive.apiCalls),
    gate: figures(gateRun.score, gateRun.review, gateRun.apiCalls),
    details: {
      events: stream.deliveries.length,
      people: stream.people.length,
      existing: {
        contacts: existing.length,
        streamPeople: existing.filter((c) => streamPeople.has(c.person)).length,
      },
      redeliveries: stream.deliveries.filter((d) => d.redelivery).length,
      seed,
      dir,
      sqlite,
      report: join(dir, 'demo-report.json'),
      seconds: { naive: round(naiveSeconds), gate: round(gateSeconds) },
      deadLetters: gateRun.deadLetters,
    },
  };
  await writeFile(
    result.details.report,
    `${JSON.stringify(
      {
        ...result,
        records: { naive: naive.score.after, gate: gateRun.score.after },
        overwritten: { naive: naive.score.overwritten, gate: gateRun.score.overwritten },
      },
      null,
      2,
    )}\n`,
  );
  return result;
}

/** Live deliveries are posted one by one while the workers run; the nightly enrichment follows. */
async function playThroughGate(
  gate: Gate,
  store: StateStore,
  deliveries: readonly Delivery[],
  flows: ReadonlyMap<string, NonNullable<LaneContract['flow']>>,
): Promise<LandedWrite[]> {
  const ids: string[] = [];
  gate.start();
  try {
    for (const wave of [1, 2] as const) {
      const waveIds: string[] = [];
      for (const d of deliveries) {
        if (d.wave !== wave) continue;
        const [accepted] = await gate.submit(d.lane, d.principal, [d.submission]);
        waveIds.push(accepted!.id);
      }
      await settled(store);
      ids.push(...waveIds);
    }
  } finally {
    await gate.stop();
  }
  const writes: LandedWrite[] = [];
  for (const [i, d] of deliveries.entries()) {
    const event = await store.getEvent(ids[i]!);
    const targetId = event?.status === 'written' ? event.outcome?.targetId : undefined;
    writes.push(landed(d, flows, targetId));
  }
  return writes;
}

/** Waits until no event is accepted or in flight (one cheap count instead of a look at every event). */
async function settled(store: StateStore, timeoutMs = 300_000): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const counts = await store.countByStatus();
    if (counts.accepted + counts.processing === 0) return;
    if (performance.now() > deadline) throw new Error('the gate did not settle in time');
    await sleep(25);
  }
}

/** A fresh emulated HubSpot holding the contacts that were there before, and a connector to it. */
async function withHubSpot<T>(
  options: DemoOptions,
  seed: number,
  existing: readonly ExistingContact[],
  run: (emulator: HubSpotEmulator, connector: HubSpotConnector, before: HeldRecord[]) => Promise<T>,
): Promise<T> {
  const rate = options.faultRate ?? 0.01;
  const emulator = await startHubSpotEmulator({
    indexingDelayMs: options.indexingDelayMs ?? 1_000,
    rateLimit: { max: 20_000, windowMs: 1_000, searchPerSecond: 2_000 },
    faults: {
      seed,
      errorRate: rate,
      errorStatuses: [503],
      timeoutAfterCommitRate: rate,
      timeoutMode: 'drop',
    },
  });
  try {
    const connector = createHubSpotConnector({
      accessToken: emulator.token,
      basePath: emulator.url,
      retry: { baseDelayMs: 20, maxDelayMs: 200, timeoutMs: 5_000 },
      rateLimit: { capacity: 200, refillPerSecond: 15_000 },
      searchRateLimit: { capacity: 100, refillPerSecond: 1_500 },
    });
    // Written by other tools over the past months, not during the demo.
    const longAgo = emulator.now() - 90 * 86_400_000;
    const ids = emulator.preload(
      OBJECT,
      existing.map((c, i) => ({
        properties: c.properties,
        createdAt: longAgo + i * 60_000,
        updatedAt: longAgo + i * 60_000,
      })),
    );
    const person = new Map(ids.map((id, i) => [id, existing[i]!.person]));
    const before = emulator.records(OBJECT).map((r) => ({ ...r, person: person.get(r.id)! }));
    return await run(emulator, connector, before);
  } finally {
    await emulator.close();
  }
}

function landed(
  d: Delivery,
  flows: ReadonlyMap<string, NonNullable<LaneContract['flow']>>,
  targetId: string | undefined,
): LandedWrite {
  return {
    person: d.person,
    ...(targetId === undefined ? {} : { targetId }),
    properties: propertiesOf(flows.get(d.lane)!, d.submission.payload),
  };
}

function figures(score: SyncScore, review: number, apiCalls: number): DemoFigures {
  return {
    records: score.created,
    duplicates: score.duplicates,
    false_merges: score.falseMerges,
    overwritten: score.overwritten.length,
    review,
    api_calls: apiCalls,
  };
}

/** The example lane contracts (`examples/lanes/`), found from this file up to the project root. */
export async function demoLanes(): Promise<LaneContract[]> {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const lanesDir = join(dir, 'examples', 'lanes');
    if (existsSync(lanesDir)) {
      return Promise.all(
        ['web-form', 'help-desk', 'enrichment'].map((n) =>
          loadContract(join(lanesDir, `${n}-to-hubspot-contacts.yaml`)),
        ),
      );
    }
    const parent = dirname(dir);
    if (parent === dir)
      throw new Error('the demo lane contracts (examples/lanes/) are not installed with this copy');
    dir = parent;
  }
}

const round = (x: number): number => Math.round(x * 100) / 100;
