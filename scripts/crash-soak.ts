/**
 * Crash soak: rounds of a generated event stream posted to a gateway that is killed with SIGKILL at random
 * points and restarted, on SQLite and on PostgreSQL, each round checked for lost events, events not
 * terminal, second writes and duplicate records.
 *
 *   npm run build && npm run soak:crash -- --rounds 20 --events 5000
 *   npm run soak:crash -- --rounds 2 --events 500 --stores sqlite --kills 2
 *   npm run soak:crash -- --mode cli        (bin/lanekeeper.js serve as shipped: 15 requests/s, 30 s lease)
 *
 * Options: --rounds N (20) --events N (5000) --kills N per round (4) --stores sqlite,postgres
 * --seed S (1; round r uses S + r) --fault-rate R (0.01) --indexing-delay-ms N (1000) --mode tuned|cli
 * --target-rate N (tuned: connector requests/s, 5000) --lease-ms N (tuned: 5000) --json FILE
 * PostgreSQL: LANEKEEPER_PG_URL (default postgres://postgres@127.0.0.1:5432/test), a schema per round.
 * Exit code 1 when any round broke an invariant.
 */
import { writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { runCrashRound, type CrashRoundResult } from './lib/crash-round.js';
import type { GatewayMode } from './lib/gateway-process.js';
import { DEFAULT_PG_URL } from './lib/state-stores.js';

const { values } = parseArgs({
  options: {
    rounds: { type: 'string', default: '20' },
    events: { type: 'string', default: '5000' },
    kills: { type: 'string', default: '4' },
    stores: { type: 'string', default: 'sqlite,postgres' },
    seed: { type: 'string', default: '1' },
    'fault-rate': { type: 'string', default: '0.01' },
    'indexing-delay-ms': { type: 'string', default: '1000' },
    mode: { type: 'string', default: 'tuned' },
    'target-rate': { type: 'string', default: '5000' },
    'lease-ms': { type: 'string', default: '5000' },
    json: { type: 'string' },
  },
});

const whole = (name: keyof typeof values, min = 0): number => {
  const n = Number(values[name]);
  if (!Number.isInteger(n) || n < min) throw new Error(`--${name} must be an integer ≥ ${min}`);
  return n;
};
const rounds = whole('rounds', 1);
const events = whole('events', 1);
const kills = whole('kills');
const seed = whole('seed');
const indexingDelayMs = whole('indexing-delay-ms');
const faultRate = Number(values['fault-rate']);
if (!(faultRate >= 0 && faultRate <= 1)) throw new Error('--fault-rate must be from 0 to 1');
const stores = (values.stores ?? '').split(',').map((s) => s.trim());
for (const store of stores)
  if (store !== 'sqlite' && store !== 'postgres') throw new Error(`--stores: unknown store '${store}'`);
const mode: GatewayMode =
  values.mode === 'cli'
    ? { kind: 'cli' }
    : values.mode === 'tuned'
      ? { kind: 'tuned', targetRate: whole('target-rate', 1), leaseMs: whole('lease-ms', 1) }
      : (() => {
          throw new Error("--mode must be 'tuned' or 'cli'");
        })();

const results: CrashRoundResult[] = [];
const started = performance.now();
for (const store of stores as ('sqlite' | 'postgres')[]) {
  for (let round = 1; round <= rounds; round++) {
    const result = await runCrashRound({
      store,
      pgUrl: DEFAULT_PG_URL,
      events,
      seed: seed + round,
      kills,
      mode,
      faultRate,
      indexingDelayMs,
      log: (message) => process.stderr.write(`  ${store} round ${round}: ${message}\n`),
    });
    results.push(result);
    process.stdout.write(`${line(round, result)}\n`);
    for (const problem of result.problems) process.stdout.write(`    PROBLEM: ${problem}\n`);
    for (const line of result.gatewayErrors) process.stdout.write(`    gateway error log: ${line}\n`);
    for (const c of result.createsNotRecorded)
      process.stdout.write(
        `    note: entity ${c.entity} has a record, but its outcomes report no create (claimed by event ` +
          `${c.claimedBy}, whose outcome says ${c.reported})\n`,
      );
  }
}

process.stdout.write(`\n${summary(results)}\n`);
process.stdout.write(`total ${((performance.now() - started) / 1000).toFixed(0)} s\n`);
if (values.json !== undefined) await writeFile(values.json, `${JSON.stringify(results, null, 2)}\n`);
process.exitCode = results.some((r) => r.problems.length > 0) ? 1 : 0;

function line(round: number, r: CrashRoundResult): string {
  const phases = r.kills.map((k) => (k.phase === 'intake' ? 'I' : 'B')).join('');
  return (
    `${r.store.padEnd(8)} round ${String(round).padStart(2)} seed ${r.seed}: ${r.postings} posted, ` +
    `${r.acknowledged} events acknowledged = ${r.stored} stored; written ${r.byStatus.written}, review ` +
    `${r.byStatus.review}, dead letter ${r.byStatus.dead_letter}, open ${r.byStatus.accepted + r.byStatus.processing}; ` +
    `${r.kills.length} kills (${phases}), ${r.resent} requests resent; ${r.records} records = ` +
    `${r.entities} entities (${r.createdEntities} reported created); duplicates ${r.duplicates} (unexplained ${r.unexplainedDuplicates}), ` +
    `false merges ${r.falseMerges}; ${r.seconds} s; ${r.problems.length === 0 ? 'OK' : 'FAILED'}`
  );
}

function summary(all: readonly CrashRoundResult[]): string {
  const rows = [
    '| store | rounds | events posted | acknowledged | stored | not terminal | kills (intake / backlog) | requests resent | records | entities named by outcomes | of them reported created | duplicates (unexplained) | false merges | review | dead letters | rounds failed |',
    '|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|',
  ];
  for (const store of ['sqlite', 'postgres'] as const) {
    const rs = all.filter((r) => r.store === store);
    if (rs.length === 0) continue;
    const sum = (f: (r: CrashRoundResult) => number): number => rs.reduce((s, r) => s + f(r), 0);
    rows.push(
      `| ${store} | ${rs.length} | ${sum((r) => r.postings)} | ${sum((r) => r.acknowledged)} | ${sum((r) => r.stored)} | ` +
        `${sum((r) => r.byStatus.accepted + r.byStatus.processing)} | ${sum((r) => r.kills.length)} ` +
        `(${sum((r) => r.kills.filter((k) => k.phase === 'intake').length)} / ` +
        `${sum((r) => r.kills.filter((k) => k.phase === 'backlog').length)}) | ${sum((r) => r.resent)} | ` +
        `${sum((r) => r.records)} | ${sum((r) => r.entities)} | ${sum((r) => r.createdEntities)} | ${sum((r) => r.duplicates)} ` +
        `(${sum((r) => r.unexplainedDuplicates)}) | ${sum((r) => r.falseMerges)} | ${sum((r) => r.byStatus.review)} | ` +
        `${sum((r) => r.byStatus.dead_letter)} | ${rs.filter((r) => r.problems.length > 0).length} |`,
    );
  }
  return rows.join('\n');
}
