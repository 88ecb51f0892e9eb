import { createReadStream } from 'node:fs';
import { flattenRecord, isPlainObject } from './flatten-record.js';
import { InputError } from './input-error.js';
import type { RecordSource, SourceRow } from './record-source.js';
import { InvalidUtf8Error, Utf8Guard, lineAtOffset } from './utf8-guard.js';

const CHUNK_ROWS = 2000;
const READ_BYTES = 1 << 20;
/** Columns are the keys seen in this many leading rows. */
const COLUMN_SAMPLE_ROWS = 1000;

/**
 * Streams a JSON Lines file: one object per line, values flattened to strings.
 * A key missing from a row is absent from its `values`.
 */
export async function openJsonl(
  path: string,
  opts: { size: number; maxLineBytes: number },
): Promise<RecordSource> {
  const progress = { bytes: 0 };
  const chunks = readJsonl(path, opts.maxLineBytes, progress)[Symbol.asyncIterator]();
  const first = await chunks.next();
  if (first.done) {
    throw new InputError(
      'empty_file',
      { file: path },
      'file has no records',
      'write one JSON object per line',
    );
  }
  const firstChunk = first.value;
  const seen = new Set<string>();
  for (const row of firstChunk.slice(0, COLUMN_SAMPLE_ROWS)) for (const key in row.values) seen.add(key);
  async function* rows(): AsyncGenerator<SourceRow[]> {
    yield firstChunk;
    for (let next = await chunks.next(); !next.done; next = await chunks.next()) yield next.value;
  }
  return {
    format: 'jsonl',
    columns: [...seen],
    rows: rows(),
    bytesTotal: opts.size,
    bytesRead: () => progress.bytes,
  };
}

async function* readJsonl(
  path: string,
  maxLineBytes: number,
  progress: { bytes: number },
): AsyncGenerator<SourceRow[]> {
  const guard = new Utf8Guard();
  let rest = '';
  let line = 0;
  let batch: SourceRow[] = [];
  try {
    for await (const chunk of createReadStream(path, { highWaterMark: READ_BYTES })) {
      progress.bytes += (chunk as Buffer).length;
      const text = rest + guard.push(chunk as Buffer).toString('utf8');
      let start = 0;
      for (let nl = text.indexOf('\n'); nl !== -1; nl = text.indexOf('\n', start)) {
        line++;
        const row = parseLine(path, text.slice(start, nl), line, maxLineBytes);
        start = nl + 1;
        if (row === null) continue;
        batch.push(row);
        if (batch.length >= CHUNK_ROWS) {
          yield batch;
          batch = [];
        }
      }
      rest = text.slice(start);
      if (rest.length > maxLineBytes) throw tooLong(path, line + 1, maxLineBytes);
    }
    guard.end();
  } catch (err) {
    if (err instanceof InvalidUtf8Error) {
      throw new InputError(
        'invalid_encoding',
        { file: path, line: await lineAtOffset(path, err.offset) },
        `byte 0x${err.byte.toString(16).padStart(2, '0')} is not valid UTF-8`,
        're-save the file as UTF-8 (e.g. iconv -f latin1 -t utf-8 in.jsonl > out.jsonl)',
      );
    }
    throw err;
  }
  const last = parseLine(path, rest, line + 1, maxLineBytes);
  if (last !== null) batch.push(last);
  if (batch.length > 0) yield batch;
}

function parseLine(file: string, text: string, line: number, maxLineBytes: number): SourceRow | null {
  if (
    text.length > maxLineBytes ||
    (text.length * 3 > maxLineBytes && Buffer.byteLength(text) > maxLineBytes)
  ) {
    throw tooLong(file, line, maxLineBytes);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    if (text.trim() === '') return null;
    throw new InputError(
      'invalid_json',
      { file, line },
      `line is not valid JSON: ${(err as Error).message}`,
      'each line must hold exactly one JSON object',
    );
  }
  if (!isPlainObject(value)) {
    throw new InputError(
      'invalid_json',
      { file, line },
      `line holds a JSON ${Array.isArray(value) ? 'array' : value === null ? 'null' : typeof value}, not an object`,
      'each line must hold exactly one JSON object',
    );
  }
  return { line, values: flattenRecord(value) };
}

function tooLong(file: string, line: number, maxLineBytes: number): InputError {
  return new InputError(
    'line_too_long',
    { file, line },
    `line is longer than the limit of ${maxLineBytes} bytes`,
    'check the file really is JSON Lines (one object per line, not one large JSON document)',
  );
}
