import { createWriteStream } from 'node:fs';
import { once } from 'node:events';

import { csvField, NEEDS_QUOTES } from '../io/csv-format.js';

const CHUNK_CHARS = 1 << 18;

/**
 * Streams rows to a CSV file (header first, `\n` line ends), writing in ~1 MB chunks and
 * respecting back-pressure. Resolves with the number of data rows written.
 */
export async function writeCsv<C extends string>(
  path: string,
  columns: readonly C[],
  rows: Iterable<Readonly<Record<C, string>>>,
): Promise<number> {
  const out = createWriteStream(path, { encoding: 'utf8', highWaterMark: 1 << 23 });
  let failure: Error | null = null;
  out.on('error', (err) => {
    failure = err;
  });
  let chunk = columns.map(csvField).join(',') + '\n';
  let count = 0;
  try {
    for (const row of rows) {
      let line = row[columns[0] as C];
      for (let i = 1; i < columns.length; i++) line += ',' + row[columns[i] as C];
      if (NEEDS_QUOTES.test(line)) line = columns.map((c) => csvField(row[c])).join(',');
      chunk += line + '\n';
      count++;
      if (chunk.length >= CHUNK_CHARS) {
        if (failure) throw failure;
        if (!out.write(chunk)) await once(out, 'drain');
        chunk = '';
      }
    }
    if (failure) throw failure;
    out.end(chunk);
    await once(out, 'finish');
  } catch (err) {
    out.destroy();
    throw err;
  }
  return count;
}
