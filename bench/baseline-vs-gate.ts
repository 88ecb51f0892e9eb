/**
 * The seed article's naive approach (exact email, then pairwise fuzzy name + company) against
 * `lanekeeper audit`, on the same generated contacts: wall time and pairwise F1 for both.
 *
 *   npm run bench:baseline                 (20,000 rows)
 *   npm run bench:baseline -- --rows 5000
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse } from 'csv-parse/sync';
import { runGenerate } from '../src/generate/run-generate.js';
import { runAudit } from '../src/detect/run-audit.js';
import { evaluateClusters } from '../src/detect/evaluate-clusters.js';
import { PRESETS } from '../src/identity/presets/index.js';
import { naiveBaseline, type NaiveRow } from './naive-baseline.js';

const rowsArg = process.argv.indexOf('--rows');
const rows = rowsArg >= 0 ? Number(process.argv[rowsArg + 1]) : 20_000;
const out = resolve('bench/out/baseline');
mkdirSync(out, { recursive: true });
const file = join(out, `contacts-${rows}.csv`);
await runGenerate({ rows, duplicateRate: 0.2, seed: 11, out: file });

const records = parse(readFileSync(file), { columns: true }) as (NaiveRow & { truth_id: string })[];
const truth = new Map(records.map((r) => [r.id, r.truth_id]));

let started = performance.now();
const naive = naiveBaseline(records);
const naiveSeconds = (performance.now() - started) / 1000;
const naiveEval = evaluateClusters(naive.clusters, truth);

started = performance.now();
await runAudit({
  plan: { files: [file], explicit: {}, extraStrings: [] },
  rules: PRESETS.person,
  presetName: 'person',
  contractFile: null,
  outDir: join(out, 'audit'),
});
const auditSeconds = (performance.now() - started) / 1000;
const clusters = parse(readFileSync(join(out, 'audit', 'clusters.csv')), { columns: true }) as {
  record_id: string;
  cluster_id: string;
}[];
const pairRows = parse(readFileSync(join(out, 'audit', 'pairs.csv')), { columns: true }) as {
  record_a: string;
  record_b: string;
  decision: string;
}[];
const auditEval = evaluateClusters(
  new Map(clusters.map((c) => [c.record_id, c.cluster_id])),
  truth,
  pairRows.filter((p) => p.decision === 'match').map((p) => [p.record_a, p.record_b] as const),
);

const line = (name: string, seconds: number, e: typeof naiveEval, pairs: string): string =>
  `${name.padEnd(22)} ${seconds.toFixed(2).padStart(8)} s   P ${e.pairwise.precision.toFixed(4)}  R ${e.pairwise.recall.toFixed(4)}  F1 ${e.pairwise.f1.toFixed(4)}  ${pairs}`;
console.log(`${rows} generated contacts (duplicate rate 0.2, seed 11)`);
console.log(line('naive (article)', naiveSeconds, naiveEval, `${naive.pairsCompared} fuzzy comparisons`));
console.log(
  line(
    'lanekeeper audit',
    auditSeconds,
    auditEval,
    `match precision ${auditEval.matchDecisions?.precision.toFixed(4)}`,
  ),
);
console.log(`speed-up ×${(naiveSeconds / auditSeconds).toFixed(1)}`);
