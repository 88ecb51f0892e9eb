import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import { InputError, openRecords, type SourceRow } from '../../src/io/index.js';

/** This test run's temporary folder. */
export const fixtureDir = mkdtempSync(join(tmpdir(), 'lanekeeper-io-'));
let n = 0;

/** Writes a fixture file into this test run's temporary folder and returns its path. */
export function fixture(name: string, content: string | Buffer): string {
  const path = join(fixtureDir, `${n++}-${name}`);
  writeFileSync(path, content);
  return path;
}

/** Every row of a file, with its source. */
export async function readAll(path: string, opts?: Parameters<typeof openRecords>[1]) {
  const source = await openRecords(path, opts);
  const rows: SourceRow[] = [];
  for await (const chunk of source.rows) rows.push(...chunk);
  return { source, rows };
}

/** The InputError a promise rejects with (fails the test when it resolves or throws something else). */
export async function inputError(promise: Promise<unknown>): Promise<InputError> {
  try {
    await promise;
  } catch (err) {
    expect(err).toBeInstanceOf(InputError);
    return err as InputError;
  }
  throw new Error('expected an InputError');
}
