import { loadGatewayConfig } from '../config/load-gateway-config.js';
import { parseMapArgs } from '../io/column-recognition.js';
import { laneRun } from '../import/lane-run.js';
import {
  runImport,
  DEFAULT_IMPORT_BATCH,
  IMPORT_LINGER_MS,
  IMPORT_WORKERS,
  type ImportSummary,
} from '../import/run-import.js';
import { importProgress } from '../import/import-progress.js';
import { openGateway } from '../server/open-gateway.js';
import { integerFlag, parseCommandArgs } from './parse-command-args.js';
import { UsageError } from './usage-error.js';

/**
 * `lanekeeper import --config FILE --lane LANE [--map FIELD=COLUMN]… [--dry-run] [--batch N] [--workers N]
 * [--json] FILE`:
 * a bulk first sync through the lane's write path. Exit 1 when a row was refused or dead-lettered.
 */
export async function runImportCommand(args: readonly string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs(
    'import',
    args,
    {
      config: { type: 'string', short: 'c' },
      lane: { type: 'string' },
      map: { type: 'string', multiple: true },
      'dry-run': { type: 'boolean' },
      batch: { type: 'string' },
      workers: { type: 'string' },
      json: { type: 'boolean' },
    },
    1,
  );
  const file = positionals[0];
  if (values.config === undefined) throw new UsageError('import: --config FILE is required');
  if (values.lane === undefined) throw new UsageError('import: --lane LANE is required');
  if (file === undefined) throw new UsageError('import: missing FILE (a CSV, JSONL or Parquet file)');
  const map = parseMapArgs(values.map ?? []);
  const batchSize = integerFlag('batch', values.batch, DEFAULT_IMPORT_BATCH, 1);
  const workers = integerFlag('workers', values.workers, IMPORT_WORKERS, 1);

  const { config, lane } = laneRun(
    await loadGatewayConfig(values.config),
    values.lane,
    values['dry-run'] === true,
  );
  const gateway = await openGateway(config, { workers, targetLingerMs: IMPORT_LINGER_MS });
  const progress = importProgress(lane.name);
  let summary: ImportSummary;
  try {
    gateway.gate.start();
    const flow = lane.contract.flow!;
    summary = await runImport({
      gate: gateway.gate,
      connector: gateway.connectors[flow.target.system]!,
      lane: lane.name,
      flow,
      principal: lane.user,
      file,
      map,
      batchSize,
      onProgress: progress.update,
    });
  } finally {
    progress.stop();
    await gateway.close();
  }
  process.stdout.write(values.json ? `${JSON.stringify(summary, null, 2)}\n` : formatImportSummary(summary));
  return summary.badRows > 0 || summary.deadLetters > 0 ? 1 : 0;
}

export function formatImportSummary(s: ImportSummary): string {
  const n = (x: number): string => x.toLocaleString('en-US');
  const lines = [
    `lanekeeper import: ${s.file} → lane ${s.lane}${s.dryRun ? ' (dry run: nothing written)' : ''}`,
    `  rows            ${n(s.rows)}${s.resumed > 0 ? ` (${n(s.resumed)} accepted by an earlier run)` : ''}${s.repeated > 0 ? `, ${n(s.repeated)} repeated rows` : ''}`,
    `  ${s.dryRun ? 'would create' : 'created     '}    ${n(s.created)}`,
    `  ${s.dryRun ? 'would update' : 'updated     '}    ${n(s.updated)}`,
    `  unchanged       ${n(s.unchanged)}`,
    `  review          ${n(s.review)}`,
    `  blocked         ${n(s.blocked)}`,
    `  dead letters    ${n(s.deadLetters)}`,
    `  bad rows        ${n(s.badRows)}`,
    `  API calls       ${n(s.apiCalls)} (${s.apiCallsPerRecord} per record)`,
    `  seconds         ${s.seconds}`,
  ];
  for (const p of s.problems) lines.push(`  ${s.file}:${p.line}: ${p.path}: ${p.message}`);
  if (s.badRows > s.problems.length) lines.push(`  … and ${n(s.badRows - s.problems.length)} more bad rows`);
  return `${lines.join('\n')}\n`;
}
