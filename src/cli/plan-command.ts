import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { loadGatewayConfig } from '../config/load-gateway-config.js';
import { importProgress } from '../import/import-progress.js';
import { AtomicOutput } from '../io/atomic-output.js';
import { parseMapArgs } from '../io/column-recognition.js';
import { renderPlanReport } from '../plan/render-plan-report.js';
import { runPlan, type PlanSummary } from '../plan/run-plan.js';
import { parseCommandArgs } from './parse-command-args.js';
import { UsageError } from './usage-error.js';

/** Files `plan` writes to its output directory. */
export const PLAN_OUTPUT_FILES = ['report.html', 'plan.json'] as const;

/** `lanekeeper plan --config FILE --lane LANE [--map FIELD=COLUMN]… [--out DIR] [--json] SOURCE_EXPORT` */
export async function runPlanCommand(args: readonly string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs(
    'plan',
    args,
    {
      config: { type: 'string', short: 'c' },
      lane: { type: 'string' },
      map: { type: 'string', multiple: true },
      out: { type: 'string' },
      json: { type: 'boolean' },
    },
    1,
  );
  const file = positionals[0];
  if (values.config === undefined) throw new UsageError('plan: --config FILE is required');
  if (values.lane === undefined) throw new UsageError('plan: --lane LANE is required');
  if (file === undefined) throw new UsageError('plan: missing SOURCE_EXPORT (a CSV, JSONL or Parquet file)');
  const map = parseMapArgs(values.map ?? []);
  const config = await loadGatewayConfig(values.config);
  const progress = importProgress(values.lane);
  const result = await runPlan({ config, lane: values.lane, file, map, onProgress: progress.update }).finally(
    () => progress.stop(),
  );
  const outDir = resolve(values.out ?? 'lanekeeper-plan');
  const out = await AtomicOutput.open(outDir, PLAN_OUTPUT_FILES);
  await writeFile(out.reserve('report.html'), renderPlanReport(result, new Date()));
  await writeFile(out.reserve('plan.json'), `${JSON.stringify(result, null, 2)}\n`);
  const files = await out.commit();
  process.stdout.write(
    values.json
      ? `${JSON.stringify({ ...result.summary, outputs: files }, null, 2)}\n`
      : formatPlan(result.summary, files),
  );
  return 0;
}

function formatPlan(s: PlanSummary, files: readonly string[]): string {
  const n = (x: number): string => x.toLocaleString('en-US');
  const p = s.prediction;
  const lines = [
    `lanekeeper plan: ${s.file} → lane ${s.lane} (dry run against the CRM as it is; nothing written)`,
    `  rows              ${n(p.rows)}`,
    `  would create      ${n(p.created)}`,
    `  would update      ${n(p.updated)}`,
    `  unchanged         ${n(p.unchanged)}`,
    `  review            ${n(p.review)}`,
    `  blocked           ${n(p.blocked + p.deadLetters)}`,
    `  bad rows          ${n(p.badRows)}`,
    `  duplicates in the file: ${n(s.sourceDuplicates.redundantRecords)} records a naive first sync would copy into the CRM (${n(s.sourceDuplicates.duplicateClusters)} groups)`,
    s.anchor.field === null
      ? '  anchor: the lane has no source.id_field'
      : `  rows without ${s.anchor.field}: ${n(s.anchor.missing)}`,
    `  value conflicts: ${n(s.conflicts.records)} records; ${s.conflicts.byProperty.map((c) => `${c.property} ${c.conflicts} (file wins ${c.sourceWins})`).join(', ') || 'none'}`,
    `  API calls ${n(s.apiCalls)}, ${s.seconds} s`,
    ...files.map((f) => `  wrote ${f}`),
  ];
  return `${lines.join('\n')}\n`;
}
