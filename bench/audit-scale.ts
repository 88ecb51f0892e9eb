/**
 * Audit throughput and memory at scale: generates contacts with `lanekeeper generate`, audits them with the
 * built CLI in a fresh process per run, and reports wall time, CPU time (all threads: on a VM whose host is
 * busy the same work takes more CPU, which tells a slow stretch from a slower build), peak RSS and F1 against
 * the truth column.
 *
 *   npm run build && npm run bench:audit                 (1M and 100k, 3 runs each, plus a growth curve)
 *   npm run bench:audit -- --sizes 20000,100000 --runs 1
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const arg = (name: string, fallback: string): string => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? (process.argv[i + 1] ?? fallback) : fallback;
};
const sizes = arg('sizes', '1000000,100000').split(',').map(Number);
const growth = arg('growth', '10000,30000,100000,300000,1000000').split(',').map(Number);
const runs = Number(arg('runs', '3'));
const out = resolve('bench/out/audit');
mkdirSync(out, { recursive: true });
const cli = resolve('bin/lanekeeper.js');

function dataset(rows: number): string {
  const file = join(out, `contacts-${rows}.csv`);
  if (!existsSync(file)) {
    execFileSync(
      'node',
      [cli, 'generate', '--rows', String(rows), '--duplicate-rate', '0.2', '--seed', '7', '--out', file],
      {
        stdio: 'inherit',
      },
    );
  }
  return file;
}

interface Run {
  readonly seconds: number;
  /** CPU seconds of the audit process (all threads; NaN where /proc is missing): the host's speed shows here. */
  readonly cpuSeconds: number;
  readonly peakRssMb: number;
  readonly pairs: number;
  readonly f1: number;
  readonly matchPrecision: number;
}

function audit(rows: number): Run {
  const file = dataset(rows);
  const dir = join(out, `audit-${rows}`);
  const cpuBefore = childCpuSeconds();
  const started = performance.now();
  const summary = JSON.parse(
    execFileSync('node', [cli, 'audit', file, '--out', dir, '--json'], { maxBuffer: 1 << 26 }).toString(),
  );
  const seconds = (performance.now() - started) / 1000;
  const cpuSeconds = childCpuSeconds() - cpuBefore;
  const evaluation = JSON.parse(
    execFileSync(
      'node',
      [
        cli,
        'evaluate',
        '--clusters',
        join(dir, 'clusters.csv'),
        '--truth',
        file,
        '--truth-column',
        'truth_id',
        '--json',
      ],
      {
        maxBuffer: 1 << 26,
      },
    ).toString(),
  );
  return {
    seconds,
    cpuSeconds,
    peakRssMb: summary.resources.peakRssMb,
    pairs: summary.counts.comparedPairs,
    f1: evaluation.pairwise.f1,
    matchPrecision: evaluation.matchDecisions?.precision ?? NaN,
  };
}

/** User + system CPU seconds of this process's finished children (Linux: cutime and cstime of /proc/self/stat). */
function childCpuSeconds(): number {
  try {
    const fields = readFileSync('/proc/self/stat', 'utf8').split(') ')[1]!.split(' ');
    // After the command name: state is field 3, so cutime (16) and cstime (17) are at 13 and 14; clock ticks of 1/100 s.
    return (Number(fields[13]) + Number(fields[14])) / 100;
  } catch {
    return NaN;
  }
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

console.log(`runs per size: ${runs}`);
for (const rows of sizes) {
  const results = Array.from({ length: runs }, () => audit(rows));
  const r = results[0]!;
  console.log(
    `${String(rows).padStart(8)} rows: wall ${median(results.map((x) => x.seconds)).toFixed(1)} s (runs ${results.map((x) => x.seconds.toFixed(1)).join(', ')}; CPU ${results.map((x) => x.cpuSeconds.toFixed(0)).join(', ')} s), ` +
      `peak RSS ${median(results.map((x) => x.peakRssMb)).toFixed(0)} MB, pairs ${r.pairs}, F1 ${r.f1.toFixed(4)}, match precision ${r.matchPrecision.toFixed(4)}`,
  );
}
if (!process.argv.includes('--no-growth')) {
  console.log('growth (1 run each):');
  let previous: { rows: number; seconds: number } | undefined;
  for (const rows of growth) {
    const r = audit(rows);
    const ratio = previous
      ? ` ×${(r.seconds / previous.seconds).toFixed(2)} time for ×${(rows / previous.rows).toFixed(1)} rows`
      : '';
    console.log(
      `${String(rows).padStart(8)} rows: ${r.seconds.toFixed(1)} s, ${((r.seconds / rows) * 1e6).toFixed(1)} µs/row, pairs ${r.pairs}${ratio}`,
    );
    previous = { rows, seconds: r.seconds };
  }
}
