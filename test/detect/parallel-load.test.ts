import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ChunkNormalizer } from '../../src/detect/chunk-normalizer.js';
import { loadRecords } from '../../src/detect/load-records.js';
import { CONTACT_COLUMNS } from '../../src/generate/generated-contact.js';
import { generateContacts } from '../../src/generate/contact-generator.js';
import type { FeatureStore } from '../../src/identity/feature-store.js';
import { PRESETS } from '../../src/identity/presets/index.js';
import { InputError } from '../../src/io/input-error.js';

const QUIET = () => ({ update: () => undefined, stop: () => undefined });
let dir = '';

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'lk-parallel-load-'));
});

async function write(name: string, text: string): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, text);
  return path;
}

const quote = (v: string): string => `"${v.replace(/"/g, '""')}"`;

/**
 * Generated contacts as CSV lines (header first), several read chunks long, with the awkward bits a real
 * export has: line breaks, quotes and delimiters inside quoted values, non-ASCII text, CRLF line ends.
 */
function contactLines(rows: number): string[] {
  const lines = [CONTACT_COLUMNS.join(',')];
  let i = 0;
  for (const contact of generateContacts({ rows, duplicateRate: 0.2, seed: 11 })) {
    const values = CONTACT_COLUMNS.map((c) => contact[c]);
    if (i % 7 === 3) values[8] = `${values[8]}\nBuilding ${i}, "rear"`; // street over two lines
    if (i % 11 === 5) values[5] = `${values[5]}, Zoë & Søn`; // company with a comma
    lines.push(values.map((v) => (/[",\n]/.test(v) || i % 5 === 0 ? quote(v) : v)).join(','));
    i++;
  }
  return lines;
}

function load(files: string[], threads: number) {
  return loadRecords({ files, explicit: {}, extraStrings: [] }, PRESETS.person, QUIET, { threads });
}

function featureColumns(store: FeatureStore): Record<string, readonly string[]> {
  return Object.fromEntries(store.features.map((f) => [f, store.column(f)]));
}

async function rejection(promise: Promise<unknown>): Promise<InputError> {
  try {
    await promise;
  } catch (err) {
    expect(err).toBeInstanceOf(InputError);
    return err as InputError;
  }
  throw new Error('expected an InputError');
}

describe('loading with a normalizing worker thread', () => {
  it('starts a worker thread from the TypeScript sources too', async () => {
    const normalizer = ChunkNormalizer.start(PRESETS.person, ['email'], true);
    try {
      expect(normalizer.parallel).toBe(true);
      normalizer.push([['Ann.Lee@Example.COM']], 1, { file: 'x.csv', line: 2 });
      const store = await normalizer.finish();
      expect(store.get('email', 0)).toBe('ann.lee@example.com');
    } finally {
      await normalizer.close();
    }
  });

  it('gives exactly the records and features of a single-threaded load', async () => {
    const lines = contactLines(9000);
    const file = await write('contacts.csv', `${lines.join('\r\n')}\r\n`);
    const one = await load([file], 1);
    const two = await load([file], 2);
    expect(one.store.size).toBe(9000);
    expect(two.store.size).toBe(9000);
    expect(featureColumns(two.store)).toEqual(featureColumns(one.store));
    expect(two.records).toEqual(one.records);
    expect(two.rules).toEqual(one.rules);
    // The multi-line values were read as one record each.
    const streets = one.records.raw.get('street')!.toArray();
    expect(streets.filter((s) => s.includes('\nBuilding ')).length).toBeGreaterThan(1000);
  });

  it('links two files the same way', async () => {
    const lines = contactLines(6000);
    const a = await write('a.csv', `${lines.slice(0, 3001).join('\n')}\n`);
    const b = await write('b.csv', `${[lines[0], ...lines.slice(3001)].join('\n')}\n`);
    const one = await load([a, b], 1);
    const two = await load([a, b], 2);
    expect(two.records.linkSplit).toBe(3000);
    expect(featureColumns(two.store)).toEqual(featureColumns(one.store));
    expect(two.records).toEqual(one.records);
  });

  it('reports bad input with the same error, file, line and column as a single-threaded load', async () => {
    const lines = contactLines(7000);
    const cases: [string, string[]][] = [
      // a row cut short, in the fourth read chunk
      ['short-row.csv', [...lines.slice(0, 6500), 'c9999999,Ann', ...lines.slice(6500)]],
      // a quote never closed (the rest of the file becomes one value)
      ['open-quote.csv', [...lines.slice(0, 5000), `c9999999,"Ann,Lee`, ...lines.slice(5000)]],
      // an id used twice, far apart
      ['duplicate-id.csv', [...lines.slice(0, 6800), lines[20]!, ...lines.slice(6800)]],
    ];
    for (const [name, body] of cases) {
      const file = await write(name, `${body.join('\n')}\n`);
      const one = await rejection(load([file], 1));
      const two = await rejection(load([file], 2));
      expect(two.message).toBe(one.message);
      expect({ code: two.code, file: two.file, line: two.line, column: two.column }).toEqual({
        code: one.code,
        file: one.file,
        line: one.line,
        column: one.column,
      });
      expect(one.line).toBeGreaterThan(4000);
      // The first use of the id is named by its file and line (three values above it span two lines).
      if (one.code === 'duplicate_id')
        expect(one.message).toMatch(/ was already used at duplicate-id\.csv:24 /);
    }
  });

  it('surfaces a failure in the worker thread with the file and line of the chunk, and stops the worker', async () => {
    const normalizer = ChunkNormalizer.start(PRESETS.person, ['email'], true);
    try {
      normalizer.push([['a@example.com', 'b@example.com']], 2, { file: 'people.csv', line: 2 });
      // One value for three rows: the worker refuses the chunk.
      normalizer.push([['c@example.com']], 3, { file: 'people.csv', line: 40 });
      await expect(normalizer.finish()).rejects.toThrow(
        /^normalizing the records of people\.csv from line 40 failed in a worker thread: field email: 1 values for 3 rows/,
      );
      expect(() => normalizer.push([['c@example.com']], 1, { file: 'people.csv', line: 41 })).toThrow(
        /people\.csv from line 40/,
      );
    } finally {
      await normalizer.close();
    }
  });
});
