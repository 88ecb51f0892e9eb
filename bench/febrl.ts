/**
 * Febrl accuracy benchmark: audits the Febrl data sets with the person preset, nothing tuned to the data:
 * columns are recognised by name (given_name, surname, address_1, suburb, postcode, state,
 * date_of_birth); street_number, address_2 and, in the "with" cases, soc_sec_id are added as plain string
 * fields. Clusters are scored against the rec_id ground truth (rec-N-org / rec-N-dup-k → rec-N).
 *
 *   npm run bench:febrl              (expects ../shared/data/febrl, or FEBRL_DIR)
 */
import { join, resolve } from 'node:path';
import { readFile } from 'node:fs/promises';
import { runAudit } from '../src/detect/run-audit.js';
import { evaluateClusters } from '../src/detect/evaluate-clusters.js';
import { PRESETS } from '../src/identity/presets/index.js';

const dir = resolve(process.env['FEBRL_DIR'] ?? '../shared/data/febrl');
const outRoot = resolve('bench/out/febrl');

interface Case {
  readonly name: string;
  readonly files: readonly string[];
  readonly strings: readonly string[];
}

const CASES: readonly Case[] = [
  { name: 'dataset3 without soc_sec_id', files: ['dataset3.csv'], strings: ['street_number', 'address_2'] },
  {
    name: 'dataset3 with soc_sec_id',
    files: ['dataset3.csv'],
    strings: ['street_number', 'address_2', 'soc_sec_id'],
  },
  {
    name: 'dataset4a <-> dataset4b without soc_sec_id',
    files: ['dataset4a.csv', 'dataset4b.csv'],
    strings: ['street_number', 'address_2'],
  },
  {
    name: 'dataset4a <-> dataset4b with soc_sec_id',
    files: ['dataset4a.csv', 'dataset4b.csv'],
    strings: ['street_number', 'address_2', 'soc_sec_id'],
  },
];

async function truthOf(file: string): Promise<Map<string, string>> {
  const text = await readFile(file, 'utf8');
  const out = new Map<string, string>();
  for (const line of text.split('\n').slice(1)) {
    const id = line.split(',')[0]?.trim();
    if (id) out.set(id, id.replace(/-(org|dup-\d+)$/, ''));
  }
  return out;
}

async function readCsvColumns(
  file: string,
  a: string,
  b: string,
  filter?: (row: Record<string, string>) => boolean,
): Promise<[string, string][]> {
  const text = await readFile(file, 'utf8');
  const [header, ...lines] = text.trim().split('\n');
  const cols = header!.split(',');
  const out: [string, string][] = [];
  for (const line of lines) {
    const cells = line.split(',');
    const row = Object.fromEntries(cols.map((c, i) => [c, cells[i] ?? '']));
    if (!filter || filter(row)) out.push([row[a]!, row[b]!]);
  }
  return out;
}

const results = [];
for (const c of CASES) {
  const files = c.files.map((f) => join(dir, f));
  const out = join(outRoot, c.name.replace(/[^a-z0-9]+/gi, '-'));
  const started = performance.now();
  const { summary } = await runAudit({
    plan: { files, explicit: {}, extraStrings: c.strings, idColumn: 'rec_id' },
    rules: PRESETS.person,
    presetName: 'person',
    contractFile: null,
    outDir: out,
  });
  const seconds = (performance.now() - started) / 1000;
  const truth = new Map<string, string>();
  for (const f of files) for (const [k, v] of await truthOf(f)) truth.set(k, v);
  const predicted = new Map(await readCsvColumns(join(out, 'clusters.csv'), 'record_id', 'cluster_id'));
  const matchPairs = await readCsvColumns(
    join(out, 'pairs.csv'),
    'record_a',
    'record_b',
    (r) => r['decision'] === 'match',
  );
  const e = evaluateClusters(predicted, truth, matchPairs);
  results.push({
    case: c.name,
    records: summary.counts.records,
    compared: summary.counts.comparedPairs,
    precision: e.pairwise.precision,
    recall: e.pairwise.recall,
    f1: e.pairwise.f1,
    bcubedF1: e.bcubed.f1,
    matchPrecision: e.matchDecisions?.precision ?? null,
    review: summary.counts.reviewPairs,
    seconds,
  });
  const r = results.at(-1)!;
  console.log(
    `${c.name.padEnd(44)} P ${r.precision.toFixed(4)} R ${r.recall.toFixed(4)} F1 ${r.f1.toFixed(4)} ` +
      `B3-F1 ${r.bcubedF1.toFixed(4)} match-P ${r.matchPrecision?.toFixed(4)} review ${r.review} pairs ${r.compared} ${r.seconds.toFixed(1)}s`,
  );
}
if (process.argv.includes('--json')) console.log(JSON.stringify(results, null, 2));
