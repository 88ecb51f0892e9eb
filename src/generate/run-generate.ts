import { resolve } from 'node:path';
import { generateContacts } from './contact-generator.js';
import type { GeneratedContact } from './generated-contact.js';
import { CONTACT_COLUMNS } from './generated-contact.js';
import { writeCsv } from './write-csv.js';

export interface RunGenerateArgs {
  readonly rows: number;
  readonly duplicateRate: number;
  readonly seed: number;
  readonly out: string;
}

export interface RunGenerateResult {
  readonly rows: number;
  /** Distinct real people (truth ids) in the file. */
  readonly persons: number;
  readonly path: string;
}

/** Validates CLI arguments; messages name the offending flag. */
export function validateGenerateArgs(args: RunGenerateArgs): void {
  const { rows, duplicateRate, seed, out } = args;
  if (typeof rows !== 'number' || !Number.isSafeInteger(rows) || rows < 1) {
    throw new Error(`--rows must be an integer ≥ 1, got ${String(rows)}`);
  }
  if (typeof duplicateRate !== 'number' || !(duplicateRate >= 0 && duplicateRate < 1)) {
    throw new Error(`--duplicate-rate must be a number in [0, 1), got ${String(duplicateRate)}`);
  }
  if (typeof seed !== 'number' || !Number.isSafeInteger(seed)) {
    throw new Error(`--seed must be an integer, got ${String(seed)}`);
  }
  if (typeof out !== 'string' || out.trim() === '') throw new Error('--out must be a file path');
}

/** Generates a synthetic CRM export and writes it as CSV. */
export async function runGenerate(args: RunGenerateArgs): Promise<RunGenerateResult> {
  validateGenerateArgs(args);
  const path = resolve(args.out);
  let persons = 0;
  function* counted(): Iterable<GeneratedContact> {
    for (const row of generateContacts(args)) {
      const truth = Number(row.truth_id.slice(1));
      if (truth > persons) persons = truth;
      yield row;
    }
  }
  const rows = await writeCsv(path, CONTACT_COLUMNS, counted());
  return { rows, persons, path };
}
