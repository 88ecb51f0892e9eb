/**
 * What the state store's part of the write path costs per event, step by step, with no identity work, no
 * target and no HTTP: the floor under the gate's throughput on one event loop. Each step runs for every
 * event, all calls of a step issued at once (as concurrent gate workers do), on a fresh store:
 *
 *   accept   the event durably stored (payloads of the demo's event stream, 100 per call)
 *   lease    the event handed to a worker (8 per call, the gate's default batch)
 *   lookup   crosswalk and claims of its 3 exact keys, read under its locks
 *   claim    its 3 keys claimed for a new entity, before the target is written
 *   finish   the outcome, its lineage row, the claims bound to the record, crosswalk and identity index
 *
 *   npm run build && npm run bench:store -- --events 10000 --runs 3 --stores sqlite,postgres
 *
 * Options: --events N (10000) --runs N (3) --stores sqlite,postgres (sqlite) --json FILE. Prints the median
 * over the runs of wall microseconds per event for each step, and the CPU microseconds of this process per
 * event (with PostgreSQL, the server's own CPU is not in it).
 * PostgreSQL: LANEKEEPER_PG_URL (default postgres://postgres@127.0.0.1:5432/test), a new schema per run.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { generateEventStream } from '../src/demo/event-stream.js';
import { openStateStore } from '../src/store/open-state-store.js';
import type { EventOutcome, StateStore, StoredEvent } from '../src/store/state-store.js';
import { DEFAULT_PG_URL, dropSchema, freshSchema } from '../scripts/lib/state-stores.js';

const { values } = parseArgs({
  options: {
    events: { type: 'string', default: '10000' },
    runs: { type: 'string', default: '3' },
    stores: { type: 'string', default: 'sqlite' },
    json: { type: 'string' },
  },
});
const whole = (name: 'events' | 'runs'): number => {
  const n = Number(values[name]);
  if (!Number.isInteger(n) || n < 1) throw new Error(`--${name} must be a whole number ≥ 1`);
  return n;
};
const events = whole('events');
const runs = whole('runs');
const STEPS = ['accept', 'lease', 'lookup', 'claim', 'finish'] as const;
type Step = (typeof STEPS)[number];
const SCOPE = 'hubspot:contacts';
const ACCEPT_BATCH = 100;
const LEASE_BATCH = 8;

const deliveries = generateEventStream({ events, seed: 7 }).deliveries;

/** The keys, entity and record of event `i`: every event a new person, the store's most expensive path. */
const keysOf = (i: number): string[] => [
  `external_id:web:src-${i}`,
  `email:person${i}@example.com`,
  `phone:+1415555${String(i).padStart(4, '0')}`,
];

async function pass(store: StateStore): Promise<{ wall: Record<Step, number>; cpu: number }> {
  const wall = {} as Record<Step, number>;
  const cpuBefore = process.cpuUsage();
  const timed = async (step: Step, run: () => Promise<unknown>): Promise<void> => {
    const started = performance.now();
    await run();
    wall[step] = ((performance.now() - started) * 1000) / events;
  };
  await timed('accept', () => {
    const calls: Promise<unknown>[] = [];
    for (let start = 0; start < events; start += ACCEPT_BATCH)
      calls.push(
        store.accept(
          deliveries.slice(start, start + ACCEPT_BATCH).map((d, j) => ({
            lane: d.lane,
            eventKey: `bench-${start + j}`,
            principal: d.principal,
            payload: d.submission.payload,
          })),
        ),
      );
    return Promise.all(calls);
  });
  const leased: StoredEvent[] = [];
  await timed('lease', async () => {
    const calls = Array.from({ length: Math.ceil(events / LEASE_BATCH) }, () =>
      store.lease('bench', LEASE_BATCH, 600_000),
    );
    for (const batch of await Promise.all(calls)) leased.push(...batch);
  });
  if (leased.length !== events) throw new Error(`leased ${leased.length} of ${events} events`);
  await timed('lookup', () =>
    Promise.all(
      leased.map((e, i) =>
        store.lookup({
          eventId: e.id,
          scope: SCOPE,
          keys: keysOf(i),
          source: { system: 'web', id: `src-${i}` },
        }),
      ),
    ),
  );
  await timed('claim', () =>
    Promise.all(leased.map((e, i) => store.claim(SCOPE, keysOf(i), `entity-${i}`, e.id))),
  );
  await timed('finish', () =>
    Promise.all(
      leased.map((e, i) => {
        const outcome: EventOutcome = {
          status: 'written',
          decision: 'new',
          explanation: { rule: 'new:no_candidate', reason: 'no known record matches', candidates: [] },
          operation: 'create',
          targetId: `${900_000 + i}`,
          keys: keysOf(i),
          apiCalls: 1,
          gateMs: 1.25,
          targetMs: 3.5,
        };
        return store.finishWrite(e.id, outcome, {
          scope: SCOPE,
          bind: { entityId: `entity-${i}`, targetId: `${900_000 + i}` },
          crosswalk: {
            sourceSystem: 'web',
            sourceId: `src-${i}`,
            targetId: `${900_000 + i}`,
            entityId: `entity-${i}`,
          },
          index: {
            targetId: `${900_000 + i}`,
            entityId: `entity-${i}`,
            identity: {
              email: `person${i}@example.com`,
              first_name: 'Robert',
              last_name: `Smith ${i}`,
              company: 'Acme Inc',
            },
          },
        });
      }),
    ),
  );
  const used = process.cpuUsage(cpuBefore);
  return { wall, cpu: (used.user + used.system) / events };
}

async function measure(kind: 'sqlite' | 'postgres'): Promise<{ wall: Record<Step, number>; cpu: number }> {
  const dir = await mkdtemp(join(tmpdir(), 'lanekeeper-store-bench-'));
  const schema = freshSchema('storebench');
  const store = await openStateStore(
    kind === 'sqlite' ? { kind, path: join(dir, 'state.db') } : { kind, url: DEFAULT_PG_URL, schema },
  );
  try {
    return await pass(store);
  } finally {
    await store.close();
    if (kind === 'postgres') await dropSchema(DEFAULT_PG_URL, schema);
    await rm(dir, { recursive: true, force: true });
  }
}

const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor((s.length - 1) / 2)]!;
};

const results: { store: string; steps: Record<Step | 'total', number>; cpu: number; runs: number[] }[] = [];
for (const kind of (values.stores ?? '').split(',').filter((s) => s !== '')) {
  if (kind !== 'sqlite' && kind !== 'postgres') throw new Error(`--stores: unknown store '${kind}'`);
  const all: { wall: Record<Step, number>; cpu: number }[] = [];
  for (let r = 0; r < runs; r++) {
    all.push(await measure(kind));
    const total = STEPS.reduce((sum, s) => sum + all.at(-1)!.wall[s], 0);
    process.stderr.write(`${kind} run ${r + 1}: ${total.toFixed(0)} µs per event\n`);
  }
  const steps = Object.fromEntries(STEPS.map((s) => [s, median(all.map((a) => a.wall[s]))])) as Record<
    Step | 'total',
    number
  >;
  const totals = all.map((a) => STEPS.reduce((sum, s) => sum + a.wall[s], 0));
  steps.total = median(totals);
  results.push({ store: kind, steps, cpu: median(all.map((a) => a.cpu)), runs: totals });
}

const cell = (n: number): string => n.toFixed(1);
const rows = [
  `${events} events, median of ${runs} runs; µs per event (wall; CPU of this process)`,
  '',
  `| store | ${STEPS.join(' | ')} | total | CPU | events/s on one event loop, store alone |`,
  `|---|${STEPS.map(() => '---').join('|')}|---|---|---|`,
  ...results.map(
    (r) =>
      `| ${r.store} | ${STEPS.map((s) => cell(r.steps[s])).join(' | ')} | **${cell(r.steps.total)}** | ${cell(r.cpu)} | ${Math.round(1e6 / r.steps.total)} |`,
  ),
];
process.stdout.write(`${rows.join('\n')}\n`);
if (values.json !== undefined) await writeFile(values.json, `${JSON.stringify(results, null, 2)}\n`);
