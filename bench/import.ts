/**
 * Import into a CRM that is already full: an emulated HubSpot holding contacts other tools wrote (no
 * Lanekeeper anchor, no provenance, varied formats), and an incoming file of people of whom a share is
 * already there under another email, a nickname, another phone format or company suffix, and a share
 * repeats another row's person. Played once through the naive search-then-create (look the email up,
 * update what is found with every value sent, else create) and once through Lanekeeper, against fresh
 * emulators with the same contacts, in one run; both counted against the ground truth.
 *
 *   npm run bench:import
 *   npm run bench:import -- --existing 5000 --incoming 1000 --limits none
 *
 * Options: --existing N (50000: contacts in the CRM) --incoming N (10000: rows) --seed S (1)
 * --limits hubspot|none (hubspot: the emulator enforces 190 requests per 10 s and search 5/s, and the
 * connectors keep to 15/s and search 3/s — at about 2 calls a row the naive import then takes over 20
 * minutes for 10,000 rows; none: no limits, to measure the logic alone) --workers N (16) --store
 * sqlite|postgres (sqlite; PostgreSQL: LANEKEEPER_PG_URL, a new schema per run) --indexing-delay-ms N (2000:
 * the search lag) --json FILE (the whole result).
 *
 * Progress and details go to stderr; the last line on stdout is one JSON object:
 * {"lanekeeper": {duplicates, false_merges, overwritten, api_calls_per_record, seconds}, "naive": {…}}
 * (definitions in bench/import/score-import.ts and docs/benchmarks.md).
 */
import { writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { runImportBench, type RateLimits } from './import/run-import-bench.js';

const { values } = parseArgs({
  options: {
    existing: { type: 'string', default: '50000' },
    incoming: { type: 'string', default: '10000' },
    seed: { type: 'string', default: '1' },
    limits: { type: 'string', default: 'hubspot' },
    workers: { type: 'string', default: '16' },
    store: { type: 'string', default: 'sqlite' },
    'indexing-delay-ms': { type: 'string', default: '2000' },
    json: { type: 'string' },
  },
});

function whole(name: keyof typeof values, min: number): number {
  const n = Number(values[name]);
  if (!Number.isInteger(n) || n < min)
    throw new Error(`--${name} must be a whole number ≥ ${min}, got '${String(values[name])}'`);
  return n;
}
function oneOf<T extends string>(name: keyof typeof values, allowed: readonly T[]): T {
  const v = values[name] as T;
  if (!allowed.includes(v))
    throw new Error(`--${name} must be one of ${allowed.join(', ')}, got '${String(v)}'`);
  return v;
}

const result = await runImportBench({
  existing: whole('existing', 1),
  incoming: whole('incoming', 1),
  seed: whole('seed', 0),
  limits: oneOf<RateLimits>('limits', ['hubspot', 'none']),
  workers: whole('workers', 1),
  store: oneOf('store', ['sqlite', 'postgres'] as const),
  indexingDelayMs: whole('indexing-delay-ms', 0),
  onProgress: (message) => process.stderr.write(`${message}\n`),
});
const { false_merge_records: _records, ...summary } = result.details;
process.stderr.write(`${JSON.stringify(summary, null, 2)}\n`);
if (values.json !== undefined) await writeFile(values.json, `${JSON.stringify(result, null, 2)}\n`);
process.stdout.write(`${JSON.stringify({ lanekeeper: result.lanekeeper, naive: result.naive })}\n`);
