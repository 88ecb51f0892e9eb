import { resolve } from 'node:path';
import type { IdentityRules } from '../identity/rules.js';
import type { AuditSummary } from '../detect/audit-result.js';
import { PRESETS, PRESET_NAMES, type PresetName } from '../identity/presets/index.js';
import { loadContract } from '../contract/load-contract.js';
import { parseMapArgs } from '../io/column-recognition.js';
import { DEFAULT_MAX_BLOCK_SIZE, DEFAULT_WINDOW, runAudit } from '../detect/run-audit.js';
import { createProgress } from '../report/progress.js';
import { integerFlag, parseCommandArgs } from './parse-command-args.js';
import { UsageError } from './usage-error.js';
import { formatAuditSummary } from './format-audit-summary.js';

/** `lanekeeper audit INPUT [...]` */
export async function runAuditCommand(args: readonly string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs(
    'audit',
    args,
    {
      preset: { type: 'string' },
      contract: { type: 'string' },
      map: { type: 'string', multiple: true },
      id: { type: 'string' },
      link: { type: 'string' },
      out: { type: 'string' },
      json: { type: 'boolean' },
      seed: { type: 'string' },
      'max-block-size': { type: 'string' },
      window: { type: 'string' },
      threads: { type: 'string' },
    },
    1,
  );
  const input = positionals[0];
  if (input === undefined) throw new UsageError('audit: missing INPUT (a CSV, JSONL or Parquet file)');
  const { rules, presetName, contractFile } = await chooseRules(values.preset, values.contract);
  const mapArgs = values.map ?? [];
  const extraStrings = mapArgs
    .filter((m) => m.startsWith('string='))
    .map((m) => m.slice('string='.length).trim());
  const explicit = parseMapArgs(mapArgs.filter((m) => !m.startsWith('string=')));
  const outDir = resolve(values.out ?? 'lanekeeper-audit');
  const { summary, files } = await runAudit({
    plan: {
      files: values.link !== undefined ? [input, values.link] : [input],
      explicit,
      extraStrings,
      ...(values.id !== undefined ? { idColumn: values.id } : {}),
    },
    rules,
    presetName,
    contractFile,
    outDir,
    makeProgress: (label, total) => createProgress({ label, total }),
    seed: integerFlag('seed', values.seed, 42),
    maxBlockSize: integerFlag('max-block-size', values['max-block-size'], DEFAULT_MAX_BLOCK_SIZE, 2),
    window: integerFlag('window', values.window, DEFAULT_WINDOW, 1),
    ...(values.threads !== undefined ? { threads: threadsFlag(values.threads) } : {}),
  });
  process.stdout.write(
    values.json
      ? JSON.stringify(jsonSummary(summary, files), null, 2) + '\n'
      : formatAuditSummary(summary, files),
  );
  return 0;
}

async function chooseRules(
  preset: string | undefined,
  contract: string | undefined,
): Promise<{ rules: IdentityRules; presetName: string; contractFile: string | null }> {
  if (contract !== undefined) {
    if (preset !== undefined) {
      throw new UsageError(
        'audit: pass --preset or --contract, not both (a contract names its preset in identity.preset)',
      );
    }
    const loaded = await loadContract(contract);
    return { rules: loaded.identity, presetName: loaded.presetName ?? 'custom', contractFile: contract };
  }
  const name = preset ?? 'person';
  if (!(PRESET_NAMES as readonly string[]).includes(name)) {
    throw new UsageError(`audit: unknown preset '${name}' (presets: ${PRESET_NAMES.join(', ')})`);
  }
  return { rules: PRESETS[name as PresetName], presetName: name, contractFile: null };
}

function jsonSummary(
  summary: AuditSummary,
  files: readonly string[],
): AuditSummary & { outputs: readonly string[] } {
  return { ...summary, outputs: files };
}

function threadsFlag(value: string): number {
  const n = integerFlag('threads', value, 1, 1);
  if (n > 2) throw new UsageError(`audit: --threads must be 1 or 2, got '${value}'`);
  return n;
}
