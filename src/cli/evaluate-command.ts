import { dirname, join } from 'node:path';
import { access } from 'node:fs/promises';
import { openRecords } from '../io/record-source.js';
import { InputError } from '../io/input-error.js';
import { recognizeColumns } from '../io/column-recognition.js';
import { evaluateClusters, type Evaluation } from '../detect/evaluate-clusters.js';
import { parseCommandArgs } from './parse-command-args.js';
import { UsageError } from './usage-error.js';

/** `lanekeeper evaluate --clusters FILE --truth FILE --truth-column COL [...]` */
export async function runEvaluateCommand(args: readonly string[]): Promise<number> {
  const { values } = parseCommandArgs('evaluate', args, {
    clusters: { type: 'string' },
    truth: { type: 'string', multiple: true },
    'truth-column': { type: 'string' },
    'truth-pattern': { type: 'string' },
    id: { type: 'string' },
    pairs: { type: 'string' },
    json: { type: 'boolean' },
  });
  if (values.clusters === undefined) throw new UsageError('evaluate: --clusters FILE is required');
  if (values.truth === undefined || values.truth.length === 0)
    throw new UsageError('evaluate: --truth FILE is required');
  const truthColumn = values['truth-column'];
  if (truthColumn === undefined) throw new UsageError('evaluate: --truth-column COL is required');
  const pattern = compilePattern(values['truth-pattern']);

  const predicted = await readColumns(values.clusters, 'record_id', 'cluster_id');
  const truth = new Map<string, string>();
  for (const file of values.truth) {
    for (const [id, raw] of await readTruth(file, truthColumn, values.id)) {
      const m = pattern ? pattern.exec(raw) : null;
      if (pattern && (m === null || m[1] === undefined)) {
        throw new UsageError(`evaluate: --truth-pattern does not match '${raw}' (record ${id} in ${file})`);
      }
      truth.set(id, m?.[1] ?? raw);
    }
  }
  const pairsFile = values.pairs ?? join(dirname(values.clusters), 'pairs.csv');
  const matchPairs = (await exists(pairsFile)) ? await readMatchPairs(pairsFile) : undefined;
  const result = evaluateClusters(predicted, truth, matchPairs);
  process.stdout.write(values.json ? JSON.stringify(result, null, 2) + '\n' : formatEvaluation(result));
  return 0;
}

function compilePattern(source: string | undefined): RegExp | null {
  if (source === undefined) return null;
  try {
    return new RegExp(source);
  } catch (err) {
    throw new UsageError(
      `evaluate: --truth-pattern is not a valid regular expression: ${(err as Error).message}`,
    );
  }
}

async function readColumns(file: string, key: string, value: string): Promise<Map<string, string>> {
  const source = await openRecords(file);
  for (const c of [key, value]) {
    if (!source.columns.includes(c)) {
      throw new InputError(
        'unknown_column',
        { file, column: c },
        `no column '${c}'`,
        `is this a clusters.csv written by lanekeeper audit?`,
      );
    }
  }
  const out = new Map<string, string>();
  for await (const chunk of source.rows)
    for (const row of chunk) out.set(row.values[key] ?? '', row.values[value] ?? '');
  return out;
}

async function readTruth(
  file: string,
  column: string,
  idColumn: string | undefined,
): Promise<Map<string, string>> {
  const source = await openRecords(file);
  if (!source.columns.includes(column)) {
    throw new InputError(
      'unknown_column',
      { file, column },
      `no truth column '${column}'`,
      `columns: ${source.columns.join(', ')}`,
    );
  }
  const id = recognizeColumns(source.columns, [], {
    file,
    ...(idColumn !== undefined ? { idColumn } : {}),
  }).id;
  const out = new Map<string, string>();
  for await (const chunk of source.rows) {
    for (const row of chunk)
      out.set(
        id !== null ? (row.values[id] ?? '') : `${file.split('/').pop()}:${row.line}`,
        row.values[column] ?? '',
      );
  }
  return out;
}

async function readMatchPairs(file: string): Promise<[string, string][]> {
  const source = await openRecords(file);
  const pairs: [string, string][] = [];
  for await (const chunk of source.rows) {
    for (const row of chunk)
      if (row.values['decision'] === 'match')
        pairs.push([row.values['record_a'] ?? '', row.values['record_b'] ?? '']);
  }
  return pairs;
}

async function exists(path: string): Promise<boolean> {
  try {
    await access(path);
    return true;
  } catch {
    return false;
  }
}

function formatEvaluation(e: Evaluation): string {
  const f = (x: number): string => x.toFixed(4);
  const lines = [
    `records            ${e.records}`,
    `pairwise           precision ${f(e.pairwise.precision)}  recall ${f(e.pairwise.recall)}  F1 ${f(e.pairwise.f1)}`,
    `                   (${e.pairwise.correctPairs} correct of ${e.pairwise.predictedPairs} predicted pairs; ${e.pairwise.truePairs} true pairs)`,
    `B-cubed            precision ${f(e.bcubed.precision)}  recall ${f(e.bcubed.recall)}  F1 ${f(e.bcubed.f1)}`,
  ];
  if (e.matchDecisions) {
    lines.push(
      `match decisions    precision ${f(e.matchDecisions.precision)} (${e.matchDecisions.correct} of ${e.matchDecisions.pairs})`,
    );
  }
  return lines.join('\n') + '\n';
}
