import { setTimeout as sleep } from 'node:timers/promises';
import { createHubSpotConnector, type HubSpotConnector } from '../../src/connectors/hubspot/index.js';
import { ConnectorError } from '../../src/connectors/target-connector.js';
import type { LaneContract, LaneFlow } from '../../src/contract/index.js';
import { DEMO_PRINCIPALS } from '../../src/demo/event-stream.js';
import { Gate } from '../../src/gate/gate.js';
import { propertiesOf } from '../../src/gate/lane-plan.js';
import type { StateStore } from '../../src/store/state-store.js';
import type { RecordView } from '../../src/emulators/hubspot/index.js';
import { checkRun, type TruthPosting } from '../../scripts/lib/check-run.js';
import { startCpuMeter, type CpuUse } from './cpu-meter.js';
import { percentile } from './percentile.js';

/** What one pass measured. Times are milliseconds; `gate` is the gate's own time without the target's. */
export interface PassResult {
  readonly name: string;
  readonly events: number;
  readonly seconds: number;
  readonly eventsPerSecond: number;
  /** Time until every event was durably accepted (gate passes). */
  readonly acceptSeconds?: number;
  readonly gate?: Latency;
  /**
   * The gate's own time without the wait for the locks of the event's keys (`gateMs - lockMs`): what is left
   * once the time spent queued behind earlier events about the same person — their target calls included —
   * is taken out.
   */
  readonly gateUnlocked?: Latency;
  readonly target: Latency;
  readonly apiCallsPerEvent: number;
  /** Outcomes: written/review/dead_letter, or created/conflict for the pass-through. */
  readonly outcomes: Readonly<Record<string, number>>;
  readonly records: number;
  /** CPU per event: this process (the gate, or the pass-through's client) and the emulator's process. */
  readonly cpu: CpuUse;
  /**
   * Gate passes, against the stream's ground truth (`checkRun`): second records of one true person (and of
   * them, those of people none of whose events went to review), records holding two true people, and broken
   * invariants of events and records (lost, not terminal, written twice, records no outcome accounts for).
   */
  readonly truth?: {
    readonly duplicates: number;
    readonly unexplainedDuplicates: number;
    readonly falseMerges: number;
    readonly brokenInvariants: number;
    /** What broke, by person number and record id (`RunFigures.problems`); empty when nothing did. */
    readonly problems: readonly string[];
  };
}

export interface Latency {
  readonly p50: number;
  readonly p99: number;
  readonly mean: number;
}

/** A connector without client-side throttle (the emulator runs with a high rate limit). */
/**
 * The connector of a pass: without throttling, or (`shippedLimits`) with the request rates the connector
 * keeps to by default, HubSpot's own (15 requests/s, search 3/s).
 */
export function benchConnector(url: string, token: string, shippedLimits = false): HubSpotConnector {
  return createHubSpotConnector({
    accessToken: token,
    basePath: url,
    ...(shippedLimits
      ? {}
      : {
          rateLimit: { capacity: 100_000, refillPerSecond: 1_000_000 },
          searchRateLimit: { capacity: 100_000, refillPerSecond: 1_000_000 },
        }),
  });
}

/**
 * The create-only pass-through: each event's properties posted straight to the create endpoint through the
 * same connector, `concurrency` at a time. A repeat address is refused by the CRM (409) and counted.
 */
export async function passThrough(options: {
  readonly postings: readonly TruthPosting[];
  readonly flows: ReadonlyMap<string, LaneFlow>;
  readonly connector: HubSpotConnector;
  readonly concurrency: number;
  readonly records: () => Promise<number>;
  /** The emulator's process, for its CPU time. */
  readonly emulatorPid?: number;
}): Promise<PassResult> {
  const { postings, flows, connector } = options;
  const latencies: number[] = [];
  const outcomes = { created: 0, conflict: 0 };
  let next = 0;
  const started = performance.now();
  const cpu = startCpuMeter(options.emulatorPid);
  const worker = async (): Promise<void> => {
    for (let i = next++; i < postings.length; i = next++) {
      const p = postings[i]!;
      const sent = performance.now();
      try {
        await connector.create('contacts', propertiesOf(flows.get(p.lane)!, p.submission.payload));
        outcomes.created++;
      } catch (error) {
        if (!(error instanceof ConnectorError) || error.kind !== 'conflict') throw error;
        outcomes.conflict++;
      }
      latencies.push(performance.now() - sent);
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, worker));
  const seconds = (performance.now() - started) / 1000;
  const used = cpu(postings.length);
  return {
    name: 'pass-through (create only)',
    events: postings.length,
    seconds,
    eventsPerSecond: postings.length / seconds,
    target: latency(latencies),
    apiCallsPerEvent: connector.apiCalls / postings.length,
    outcomes,
    records: await options.records(),
    cpu: used,
  };
}

/**
 * The gate over `store`: its workers run while the events are accepted in batches (as the HTTP intake
 * would hand them over); the pass ends when every event is terminal.
 */
export async function gatePass(options: {
  readonly name: string;
  readonly postings: readonly TruthPosting[];
  readonly lanes: readonly LaneContract[];
  readonly store: StateStore;
  readonly connector: HubSpotConnector;
  readonly workers: number;
  readonly batchSize: number;
  /** Accept at most this many events per second (batches spread evenly); as fast as possible without. */
  readonly pace?: number;
  /** Requests in flight at once (1). */
  readonly senders?: number;
  /** The gate's `targetBatchesInFlight` (its default when absent; 0: no batching of target calls). */
  readonly targetBatches?: number;
  /** The lanes' flows, to check the run against the ground truth. */
  readonly flows: ReadonlyMap<string, LaneFlow>;
  readonly records: () => Promise<RecordView[]>;
  readonly timeoutMs?: number;
  /** The emulator's process, for its CPU time. */
  readonly emulatorPid?: number;
}): Promise<PassResult> {
  const { postings, store, connector } = options;
  const gateMs: number[] = [];
  const unlockedMs: number[] = [];
  const targetMs: number[] = [];
  const outcomes: Record<string, number> = {};
  const finished = new Set<string>();
  const callsBefore = connector.apiCalls;
  let onFinished = (): void => undefined;
  const gate = new Gate({
    store,
    lanes: options.lanes,
    connectors: { hubspot: connector },
    workers: options.workers,
    ...(options.targetBatches === undefined ? {} : { targetBatchesInFlight: options.targetBatches }),
    onEvent: (event) => {
      if (event.type !== 'event_finished' || finished.has(event.eventId)) return;
      finished.add(event.eventId);
      gateMs.push(event.gateMs);
      unlockedMs.push(event.gateMs - (event.lockMs ?? 0));
      targetMs.push(event.targetMs);
      outcomes[event.status] = (outcomes[event.status] ?? 0) + 1;
      onFinished();
    },
  });
  const started = performance.now();
  const cpu = startCpuMeter(options.emulatorPid);
  gate.start();
  const ids = new Set<string>();
  /** The gate's answer to each posting, by the posting's place in the stream. */
  const acks: { id: string; duplicate: boolean }[] = new Array(postings.length);
  try {
    // The stream in windows of `batchSize` postings, one request per lane and window (a sender batches
    // what it has for a lane), each due at its pace.
    const requests: { start: number; lane: string; postings: number[] }[] = [];
    for (let start = 0; start < postings.length; start += options.batchSize) {
      const byLane = new Map<string, number[]>();
      for (let i = start; i < Math.min(postings.length, start + options.batchSize); i++) {
        const lane = postings[i]!.lane;
        const list = byLane.get(lane) ?? [];
        list.push(i);
        byLane.set(lane, list);
      }
      for (const [lane, list] of byLane) requests.push({ start, lane, postings: list });
    }
    let next = 0;
    // Several senders at once, as webhooks arrive: each takes the next request when its last is answered.
    const sender = async (): Promise<void> => {
      for (let r = next++; r < requests.length; r = next++) {
        const { start, lane, postings: batch } = requests[r]!;
        if (options.pace !== undefined) {
          const due = started + (start / options.pace) * 1000;
          if (due > performance.now()) await sleep(due - performance.now());
        }
        const accepted = await gate.submit(
          lane,
          DEMO_PRINCIPALS[lane]!,
          batch.map((i) => postings[i]!.submission),
        );
        accepted.forEach((a, j) => {
          ids.add(a.id);
          acks[batch[j]!] = { id: a.id, duplicate: a.duplicate };
        });
      }
    };
    await Promise.all(Array.from({ length: options.senders ?? 1 }, sender));
    const acceptSeconds = (performance.now() - started) / 1000;
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`${finished.size} of ${ids.size} events terminal after the timeout`)),
        options.timeoutMs ?? 600_000,
      );
      onFinished = () => {
        if (finished.size < ids.size) return;
        clearTimeout(timer);
        resolve();
      };
      onFinished();
    });
    const seconds = (performance.now() - started) / 1000;
    const used = cpu(ids.size);
    const records = await options.records();
    const figures = await checkRun({ store, postings, acks, records, flows: options.flows });
    return {
      name: options.name,
      events: ids.size,
      seconds,
      eventsPerSecond: ids.size / seconds,
      acceptSeconds,
      gate: latency(gateMs),
      gateUnlocked: latency(unlockedMs),
      target: latency(targetMs),
      // HTTP requests the connector sent (one batch call serves many events).
      apiCallsPerEvent: (connector.apiCalls - callsBefore) / ids.size,
      outcomes,
      records: records.length,
      cpu: used,
      truth: {
        duplicates: figures.duplicates,
        unexplainedDuplicates: figures.unexplainedDuplicates,
        falseMerges: figures.falseMerges,
        brokenInvariants: figures.bookkeepingProblems,
        problems: figures.problems,
      },
    };
  } finally {
    await gate.stop();
  }
}

function latency(values: readonly number[]): Latency {
  const sorted = [...values].sort((a, b) => a - b);
  const mean = sorted.reduce((s, v) => s + v, 0) / Math.max(1, sorted.length);
  return { p50: percentile(sorted, 0.5), p99: percentile(sorted, 0.99), mean };
}
