/**
 * The gate's own capacity: events/s and gate overhead (the `gateMs` of each outcome: the gate's time on an
 * event minus the target's) on the demo's event generator, against an in-memory target so that the figures
 * are the gate's and the store's, not a CRM's or an HTTP client's.
 *
 *   npx tsx bench/gate-throughput.ts --events 20000 --stores sqlite,postgres
 *
 * Options: --events N (20000) --stores sqlite,sqlite-memory,postgres (sqlite; `sqlite-memory` is SQLite on
 * `:memory:`: the same statements without the disk, which bounds what any change to the store's I/O can
 * gain) --workers N (4) --batch N (events a worker leases at once, gate default) --latency-ms N (target
 * latency per call, 0) --submit-batch N (the stream is posted in windows of N deliveries, one request per
 * lane and window; 50) --submitters N (requests in flight, 8) --rate N (events/s the stream is posted at;
 * 0: as fast as accepted) --seed S (1) --repeat R (1) --json FILE
 * --store-timing (prints calls and wall time per store method: time to settle, including waits).
 * PostgreSQL: LANEKEEPER_PG_URL (default postgres://postgres@127.0.0.1:5432/test), a new schema per run.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { generateEventStream, type Delivery } from '../src/demo/event-stream.js';
import { demoLanes } from '../src/demo/run-demo.js';
import { Gate } from '../src/gate/gate.js';
import type { GateOptions } from '../src/gate/gate-options.js';
import { openStateStore, type StateStoreConfig } from '../src/store/open-state-store.js';
import { percentile } from './gate/percentile.js';
import { MemoryTarget } from './gate-throughput/memory-target.js';
import { timedStore, timingTable } from './gate-throughput/timed-store.js';

const { values } = parseArgs({
  options: {
    events: { type: 'string', default: '20000' },
    stores: { type: 'string', default: 'sqlite' },
    workers: { type: 'string', default: '4' },
    batch: { type: 'string' },
    'latency-ms': { type: 'string', default: '0' },
    'submit-batch': { type: 'string', default: '50' },
    submitters: { type: 'string', default: '8' },
    rate: { type: 'string', default: '0' },
    seed: { type: 'string', default: '1' },
    repeat: { type: 'string', default: '1' },
    json: { type: 'string' },
    'store-timing': { type: 'boolean', default: false },
  },
});
const count = (name: keyof typeof values, fallback?: number): number => {
  const raw = values[name];
  const n = raw === undefined ? fallback : Number(raw);
  if (n === undefined || !Number.isInteger(n) || n < 0)
    throw new Error(`--${name} must be a whole number ≥ 0`);
  return n;
};
const PG_URL = process.env.LANEKEEPER_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

interface Run {
  readonly store: string;
  readonly events: number;
  readonly seconds: number;
  readonly eventsPerSecond: number;
  readonly acceptSeconds: number;
  /** CPU time of this process (all its threads) per event: a figure other load on the machine moves less. */
  readonly cpuMsPerEvent: number;
  readonly systemShare: number;
  readonly gateMs: { p50: number; p99: number; max: number };
  /** Gate overhead without the wait for the locks of the event's keys (`gateMs - lockMs`). */
  readonly unlockedGateMs: { p50: number; p99: number };
  readonly outcomes: Record<string, number>;
  readonly records: number;
}

const lanes = await demoLanes();
const stream = generateEventStream({ events: count('events'), seed: count('seed') }).deliveries;
const runs: Run[] = [];
for (let r = 0; r < count('repeat'); r++) {
  for (const kind of (values.stores ?? '').split(',').filter((s) => s !== '')) {
    if (kind !== 'sqlite' && kind !== 'sqlite-memory' && kind !== 'postgres')
      throw new Error(`--stores: unknown store '${kind}' (sqlite, sqlite-memory or postgres)`);
    runs.push(await withStore(kind, (config) => pass(kind, config, stream)));
    const run = runs.at(-1)!;
    process.stdout.write(
      `${run.store}: ${run.events} events in ${run.seconds.toFixed(2)} s = ${Math.round(run.eventsPerSecond)}/s ` +
        `(accepted in ${run.acceptSeconds.toFixed(2)} s, CPU ${run.cpuMsPerEvent.toFixed(3)} ms/event, ` +
        `${run.systemShare}% in the kernel); ` +
        `gate overhead p50 ${run.gateMs.p50} ms, ` +
        `p99 ${run.gateMs.p99} ms, max ${run.gateMs.max} ms (without lock waits: p50 ${run.unlockedGateMs.p50}, ` +
        `p99 ${run.unlockedGateMs.p99} ms); ${JSON.stringify(run.outcomes)}; ` +
        `${run.records} records\n`,
    );
  }
}
if (values.json !== undefined) await writeFile(values.json, `${JSON.stringify(runs, null, 2)}\n`);

async function withStore<T>(
  kind: 'sqlite' | 'sqlite-memory' | 'postgres',
  run: (config: StateStoreConfig) => Promise<T>,
): Promise<T> {
  if (kind === 'sqlite-memory') return run({ kind: 'sqlite', path: ':memory:' });
  if (kind === 'sqlite') {
    const dir = await mkdtemp(join(tmpdir(), 'lanekeeper-throughput-'));
    try {
      return await run({ kind, path: join(dir, 'state.db') });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }
  const schema = `lk_throughput_${randomBytes(4).toString('hex')}`;
  try {
    return await run({ kind, url: PG_URL, schema });
  } finally {
    const client = new pg.Client({ connectionString: PG_URL });
    await client.connect();
    await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await client.end();
  }
}

async function pass(name: string, config: StateStoreConfig, deliveries: readonly Delivery[]): Promise<Run> {
  const opened = await openStateStore(config);
  const timings = new Map<string, { calls: number; ms: number }>();
  const store = values['store-timing'] === true ? timedStore(opened, timings) : opened;
  const target = new MemoryTarget(count('latency-ms'));
  const gateMs: number[] = [];
  const unlocked: number[] = [];
  const outcomes: Record<string, number> = {};
  const batch = values.batch === undefined ? {} : { batch: count('batch') };
  let finished = 0;
  let expected = Number.POSITIVE_INFINITY;
  let done = (): void => undefined;
  const options: GateOptions = {
    store,
    lanes,
    connectors: { hubspot: target },
    workers: count('workers'),
    ...batch,
    onEvent: (event) => {
      if (event.type !== 'event_finished') return;
      finished++;
      gateMs.push(event.gateMs);
      unlocked.push(event.gateMs - (event.lockMs ?? 0));
      outcomes[event.status] = (outcomes[event.status] ?? 0) + 1;
      if (finished >= expected) done();
    },
  };
  const gate = new Gate(options);
  try {
    const started = performance.now();
    const cpu = process.cpuUsage();
    gate.start();
    const ids = new Set<string>();
    const size = Math.max(1, count('submit-batch'));
    const requests = requestsOf(deliveries, size);
    let next = 0;
    // With --rate, request i is not posted before the time its first delivery is due at that rate.
    const rate = count('rate');
    const dueAt: number[] = [];
    requests.reduce((posted, request) => (dueAt.push(posted), posted + request.length), 0);
    const submitter = async (): Promise<void> => {
      for (let i = next++; i < requests.length; i = next++) {
        const request = requests[i]!;
        const wait = rate > 0 ? started + (dueAt[i]! * 1000) / rate - performance.now() : 0;
        if (wait > 0) await sleep(wait);
        const accepted = await gate.submit(
          request[0]!.lane,
          request[0]!.principal,
          request.map((d) => d.submission),
        );
        for (const a of accepted) if (!a.duplicate) ids.add(a.id);
      }
    };
    await Promise.all(Array.from({ length: Math.max(1, count('submitters')) }, submitter));
    const acceptSeconds = (performance.now() - started) / 1000;
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${finished} of ${ids.size} finished`)), 900_000);
      done = () => {
        clearTimeout(timer);
        resolve();
      };
      expected = ids.size;
      if (finished >= expected) done();
    });
    const seconds = (performance.now() - started) / 1000;
    const used = process.cpuUsage(cpu);
    const sorted = gateMs.sort((a, b) => a - b);
    return {
      store: name,
      events: ids.size,
      seconds,
      eventsPerSecond: ids.size / seconds,
      acceptSeconds,
      cpuMsPerEvent: (used.user + used.system) / 1000 / ids.size,
      systemShare: Math.round((100 * used.system) / (used.user + used.system)),
      gateMs: { p50: percentile(sorted, 0.5), p99: percentile(sorted, 0.99), max: sorted.at(-1) ?? 0 },
      unlockedGateMs: {
        p50: round(
          percentile(
            unlocked.sort((a, b) => a - b),
            0.5,
          ),
        ),
        p99: round(percentile(unlocked, 0.99)),
      },
      outcomes,
      records: target.size,
    };
  } finally {
    await gate.stop();
    await store.close();
    if (timings.size > 0) process.stdout.write(`${timingTable(timings)}\n`);
  }
}

/**
 * Requests of up to `size` deliveries of one lane each, as sources post them: the stream is cut into
 * windows of `size` deliveries, and each window gives one request per lane, in order of first appearance.
 */
function requestsOf(deliveries: readonly Delivery[], size: number): Delivery[][] {
  const requests: Delivery[][] = [];
  for (let start = 0; start < deliveries.length; start += size) {
    const byLane = new Map<string, Delivery[]>();
    for (const d of deliveries.slice(start, start + size)) {
      const request = byLane.get(d.lane) ?? [];
      request.push(d);
      byLane.set(d.lane, request);
    }
    requests.push(...byLane.values());
  }
  return requests;
}

function round(ms: number): number {
  return Math.round(ms * 100) / 100;
}
