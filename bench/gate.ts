/**
 * Gate throughput and overhead against a create-only pass-through, in one run, with the same HubSpot
 * emulator settings (its own process, fresh for each pass: indexing delay on, no faults, no rate limit).
 *
 *   npm run build && npm run bench:gate
 *   npm run bench:gate -- --events 5000 --workers 8 --stores sqlite
 *
 * Options: --events N (20000) --repeat R (0.3: share of events about a person seen before) --workers N
 * (gate workers and pass-through concurrency, 8) --batch N (events per accepted batch, 100) --senders N
 * (accept requests in flight at once, 8) --target-batches N (the gate's batch calls of one kind in flight; 0
 * sends each target call alone; 2) --shipped-limits (the connector keeps to its default request rates,
 * HubSpot's: 15/s, search 3/s; otherwise unthrottled)
 * --indexing-delay-ms N (2000) --stores sqlite,postgres --seed S (7) --skip-baseline --json FILE
 * --store-timing (wall time per store method: time in the store and waiting for it)
 * Each gate pass is checked against the stream's ground truth; what broke (duplicates without review, false
 * merges, broken invariants) is printed by person number and record id under the pass's line.
 * --paced-share R (0.5) --paced-events N (2000): after each store's full-speed pass, a pass of N events
 * accepted at R × the throughput it measured, so that the overhead is seen without a queue in front of the
 * gate (either at 0 skips it).
 * PostgreSQL: LANEKEEPER_PG_URL (default postgres://postgres@127.0.0.1:5432/test), a new schema per run.
 * Gate overhead is the `gateMs` each outcome records: the gate's time on the event minus the time spent
 * waiting for the target. At full speed it includes waiting for the identity locks and the store; the
 * table shows it also without the lock waits (`gateMs - lockMs`), the time queued behind earlier events
 * about the same person.
 * CPU per event is this process's (intake, gate, store, HTTP client: `process.cpuUsage`) and the emulator
 * process's (`/proc/<pid>/stat`; `?` where that cannot be read), with the share of the machine's cores busy.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { demoLanes } from '../src/demo/run-demo.js';
import { openStateStore } from '../src/store/open-state-store.js';
import { startEmulatorProcess, type EmulatorProcess } from '../scripts/lib/emulator-process.js';
import { DEFAULT_PG_URL, dropSchema, freshSchema } from '../scripts/lib/state-stores.js';
import { benchConnector, gatePass, passThrough, type PassResult } from './gate/passes.js';
import { timedStore } from './gate/store-timing.js';
import { gateWorkload } from './gate/workload.js';

const { values } = parseArgs({
  options: {
    events: { type: 'string', default: '20000' },
    repeat: { type: 'string', default: '0.3' },
    workers: { type: 'string', default: '8' },
    batch: { type: 'string', default: '100' },
    senders: { type: 'string', default: '8' },
    'target-batches': { type: 'string', default: '2' },
    'shipped-limits': { type: 'boolean', default: false },
    'indexing-delay-ms': { type: 'string', default: '2000' },
    stores: { type: 'string', default: 'sqlite,postgres' },
    seed: { type: 'string', default: '7' },
    'skip-baseline': { type: 'boolean', default: false },
    'store-timing': { type: 'boolean', default: false },
    'paced-share': { type: 'string', default: '0.5' },
    'paced-events': { type: 'string', default: '2000' },
    json: { type: 'string' },
  },
});
const number = (name: keyof typeof values): number => {
  const n = Number(values[name]);
  if (!Number.isFinite(n) || n < 0) throw new Error(`--${name} must be a number ≥ 0`);
  return n;
};
const events = number('events');
const workers = number('workers');
const indexingDelayMs = number('indexing-delay-ms');
const stores = (values.stores ?? '').split(',').filter((s) => s !== '');
/** Events per accepted batch of a paced pass: small, so that arrivals are spread evenly. */
const PACED_BATCH = 10;

const contracts = await demoLanes();
const lanes = contracts.filter((c) => c.flow?.target.mode !== 'update_only');
const flows = new Map(contracts.map((c) => [c.lane!, c.flow!]));
const workload = gateWorkload({ events, repeatShare: number('repeat'), seed: number('seed') });
process.stderr.write(
  `${workload.postings.length} events about ${workload.people} people (${workload.repeats} repeats), ` +
    `${workers} workers, indexing delay ${indexingDelayMs} ms\n`,
);

async function withEmulator<T>(run: (emulator: EmulatorProcess) => Promise<T>): Promise<T> {
  const emulator = await startEmulatorProcess({
    indexingDelayMs,
    rateLimit: 100_000_000,
    searchPerSecond: 10_000_000,
  });
  try {
    return await run(emulator);
  } finally {
    await emulator.stop();
  }
}
const recordViews = (emulator: EmulatorProcess) => () => emulator.records('contacts');
const recordCount = (emulator: EmulatorProcess) => async () => (await recordViews(emulator)()).length;

const results: PassResult[] = [];
if (values['skip-baseline'] !== true) {
  results.push(
    await withEmulator((emulator) =>
      passThrough({
        postings: workload.postings,
        flows,
        connector: benchConnector(emulator.url, emulator.token, values['shipped-limits'] === true),
        concurrency: workers,
        records: recordCount(emulator),
        emulatorPid: emulator.process.pid,
      }),
    ),
  );
  report(results.at(-1)!);
}

for (const kind of stores) {
  if (kind !== 'sqlite' && kind !== 'postgres') throw new Error(`--stores: unknown store '${kind}'`);
  const label = kind === 'sqlite' ? 'gate, embedded SQLite' : 'gate, PostgreSQL';
  const saturated = await storePass(kind, label, workload.postings);
  results.push(saturated);
  const share = number('paced-share');
  if (share > 0 && number('paced-events') > 0) {
    const pace = Math.max(1, Math.round(saturated.eventsPerSecond * share));
    const postings = workload.postings.slice(0, Math.min(workload.postings.length, number('paced-events')));
    results.push(await storePass(kind, `${label}, paced at ${pace}/s`, postings, pace));
  }
}

/** One gate pass on a fresh store and a fresh emulator. */
async function storePass(
  kind: 'sqlite' | 'postgres',
  name: string,
  postings: typeof workload.postings,
  pace?: number,
): Promise<PassResult> {
  const dir = await mkdtemp(join(tmpdir(), 'lanekeeper-bench-'));
  const schema = freshSchema('bench');
  const store = await openStateStore(
    kind === 'sqlite' ? { kind, path: join(dir, 'state.db') } : { kind, url: DEFAULT_PG_URL, schema },
  );
  const timed = timedStore(store);
  try {
    const result = await withEmulator((emulator) =>
      gatePass({
        name,
        postings,
        lanes,
        store: values['store-timing'] === true ? timed.store : store,
        connector: benchConnector(emulator.url, emulator.token, values['shipped-limits'] === true),
        workers,
        targetBatches: number('target-batches'),
        batchSize: pace === undefined ? number('batch') : PACED_BATCH,
        senders: number('senders'),
        ...(pace === undefined ? {} : { pace }),
        flows,
        records: recordViews(emulator),
        emulatorPid: emulator.process.pid,
      }),
    );
    report(result);
    if (values['store-timing'] === true) {
      process.stderr.write(`store calls (${name}):\n`);
      for (const t of timed.timings())
        process.stderr.write(
          `  ${t.method.padEnd(22)} ${String(t.calls).padStart(7)} calls ${(t.totalMs / 1000).toFixed(1).padStart(8)} s  ${t.meanMs.toFixed(2).padStart(8)} ms each\n`,
        );
    }
    return result;
  } finally {
    await store.close();
    if (kind === 'postgres') await dropSchema(DEFAULT_PG_URL, schema);
    await rm(dir, { recursive: true, force: true });
  }
}

process.stdout.write(`\n${table(results)}\n`);
if (values.json !== undefined) await writeFile(values.json, `${JSON.stringify(results, null, 2)}\n`);

function report(r: PassResult): void {
  process.stderr.write(
    `${r.name}: ${r.events} events in ${r.seconds.toFixed(1)} s = ${r.eventsPerSecond.toFixed(0)}/s; ` +
      `${JSON.stringify(r.outcomes)}; ${r.records} records` +
      `${r.truth === undefined ? '' : `; truth ${JSON.stringify({ ...r.truth, problems: undefined })}`}\n` +
      (r.truth?.problems ?? []).map((p) => `  ${p}\n`).join(''),
  );
}

function table(all: readonly PassResult[]): string {
  const ms = (n: number | undefined): string => (n === undefined ? '–' : n.toFixed(2));
  const rows = [
    '| pass | events | wall | events/s | accepted in | gate overhead p50 / p99 (mean) ms | without lock waits p50 / p99 ms | target p50 / p99 ms | API calls/event | CPU ms/event: this process + emulator (machine busy) | outcomes | records | duplicates (without review) / false merges / broken invariants |',
    '|---|---|---|---|---|---|---|---|---|---|---|---|---|',
  ];
  for (const r of all) {
    rows.push(
      `| ${r.name} | ${r.events} | ${r.seconds.toFixed(1)} s | **${r.eventsPerSecond.toFixed(0)}** | ` +
        `${r.acceptSeconds === undefined ? '–' : `${r.acceptSeconds.toFixed(1)} s`} | ` +
        `${r.gate === undefined ? '–' : `**${ms(r.gate.p50)} / ${ms(r.gate.p99)}** (${ms(r.gate.mean)})`} | ` +
        `${r.gateUnlocked === undefined ? '–' : `${ms(r.gateUnlocked.p50)} / ${ms(r.gateUnlocked.p99)}`} | ` +
        `${ms(r.target.p50)} / ${ms(r.target.p99)} | ${r.apiCallsPerEvent.toFixed(2)} | ` +
        `${r.cpu.ownMs.toFixed(3)} + ${r.cpu.emulatorMs === undefined ? '?' : r.cpu.emulatorMs.toFixed(3)} (${Math.round(100 * r.cpu.machineBusy)} %) | ` +
        `${Object.entries(r.outcomes)
          .map(([k, v]) => `${k} ${v}`)
          .join(', ')} | ${r.records} | ` +
        `${r.truth === undefined ? '–' : `${r.truth.duplicates} (${r.truth.unexplainedDuplicates}) / ${r.truth.falseMerges} / ${r.truth.brokenInvariants}`} |`,
    );
  }
  return rows.join('\n');
}
