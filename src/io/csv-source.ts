import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { Transform, pipeline, type Readable } from 'node:stream';
import { CsvError, parse } from 'csv-parse';
import { InputError } from './input-error.js';
import type { RecordSource, SourceRow } from './record-source.js';
import { InvalidUtf8Error, Utf8Guard, lineAtOffset } from './utf8-guard.js';

const CHUNK_ROWS = 2000;
const READ_BYTES = 1 << 20;
const DELIMITERS = [',', ';', '\t', '|'] as const;
type Delimiter = (typeof DELIMITERS)[number];
const DELIMITER_NAMES: Readonly<Record<Delimiter, string>> = {
  ',': 'commas',
  ';': 'semicolons',
  '\t': 'tabs',
  '|': 'pipes',
};

interface ParsedItem {
  record: string[];
  info: { lines: number; empty_lines: number };
}

/** Picks the delimiter that occurs most often outside quotes in the header line (ties: `,` `;` tab `|`). */
export function sniffDelimiter(headerText: string): Delimiter {
  const counts = [0, 0, 0, 0];
  let quoted = false;
  for (let i = 0; i < headerText.length; i++) {
    const ch = headerText[i];
    if (ch === '"') quoted = !quoted;
    else if (!quoted && (ch === '\n' || ch === '\r')) break;
    else if (!quoted) {
      const k = DELIMITERS.indexOf(ch as Delimiter);
      if (k >= 0) counts[k] = (counts[k] ?? 0) + 1;
    }
  }
  let best = 0;
  for (let k = 1; k < counts.length; k++) if ((counts[k] ?? 0) > (counts[best] ?? 0)) best = k;
  return DELIMITERS[best] ?? ',';
}

async function readHead(path: string, bytes: number): Promise<string> {
  const handle = await open(path, 'r');
  try {
    const buf = Buffer.alloc(bytes);
    const { bytesRead } = await handle.read(buf, 0, bytes, 0);
    return buf.subarray(0, bytesRead).toString('utf8');
  } finally {
    await handle.close();
  }
}

/** Streams a delimited text file: sniffed delimiter, header row, trimmed string values. */
export async function openCsv(
  path: string,
  opts: { size: number; maxLineBytes: number },
): Promise<RecordSource> {
  const head = await readHead(path, Math.min(opts.size, Math.min(opts.maxLineBytes, 1 << 16) + 3));
  if (head.replace(/^\uFEFF/, '').trim() === '') {
    throw new InputError(
      'empty_file',
      { file: path },
      'file is empty',
      'export the data again with a header row',
    );
  }
  const delimiter = sniffDelimiter(head.replace(/^\uFEFF/, ''));

  const guard = new Utf8Guard();
  let bytesRead = 0;
  const validate = new Transform({
    transform(chunk: Buffer, _enc, done) {
      bytesRead += chunk.length;
      try {
        done(null, guard.push(chunk));
      } catch (err) {
        done(err as Error);
      }
    },
    flush(done) {
      try {
        guard.end();
        done();
      } catch (err) {
        done(err as Error);
      }
    },
  });
  const parser = parse({
    delimiter,
    bom: true,
    ltrim: true,
    relax_quotes: true,
    relax_column_count: true,
    skip_empty_lines: true,
    max_record_size: opts.maxLineBytes,
    info: true,
  });
  pipeline(createReadStream(path, { highWaterMark: READ_BYTES }), validate, parser, () => {});

  const state = new CsvRowState(path, delimiter, opts.maxLineBytes);
  const chunks = readChunks(parser, state)[Symbol.asyncIterator]();
  // The header is the first record; pull the first chunk now so the columns are known.
  const first = await chunks.next();
  const columns = state.columns;
  if (!columns) {
    throw new InputError(
      'empty_file',
      { file: path },
      'file is empty',
      'export the data again with a header row',
    );
  }
  if (first.done || first.value.length === 0) {
    throw new InputError(
      'empty_file',
      { file: path },
      'file has a header but no data rows',
      'check the export finished and included the records',
    );
  }
  const firstChunk = first.value;
  async function* rows(): AsyncGenerator<SourceRow[]> {
    yield firstChunk;
    for (let next = await chunks.next(); !next.done; next = await chunks.next()) yield next.value;
  }
  return {
    format: 'csv',
    columns,
    rows: rows(),
    bytesTotal: opts.size,
    bytesRead: () => bytesRead,
  };
}

/** Turns parsed records into rows, tracking where each record starts for error messages. */
class CsvRowState {
  columns: string[] | null = null;
  private lastEnd = 0;
  private lastEmpty = 0;
  /** Records taken from the parser, including the header and blank lines. */
  taken = 0;

  constructor(
    private readonly file: string,
    private readonly delimiter: Delimiter,
    private readonly maxLineBytes: number,
  ) {}

  /** The 1-based line where the next record starts, given the parser's counters after it. */
  startLine(emptyLines: number): number {
    return this.lastEnd + 1 + (emptyLines - this.lastEmpty);
  }

  /** Converts one record; returns null for the header and blank lines. */
  take(item: ParsedItem): SourceRow | null {
    const { record, info } = item;
    const line = this.startLine(info.empty_lines);
    this.lastEnd = info.lines;
    this.lastEmpty = info.empty_lines;
    this.taken++;
    const columns = this.columns;
    if (!columns) {
      this.columns = this.header(record, line);
      return null;
    }
    const width = columns.length;
    if (record.length !== width) {
      if (record.length === 1 && record[0] === '') return null;
      if (!(record.length > width && record.slice(width).every((v) => v.trim() === ''))) {
        throw this.widthError(record.length, width, line);
      }
    }
    const values: Record<string, string> = {};
    for (let i = 0; i < width; i++) values[columns[i] as string] = (record[i] as string).trimEnd();
    return { line, values };
  }

  private header(record: string[], line: number): string[] {
    const names = record.map((name, i) => name.trim() || `column_${i + 1}`);
    if (record.every((name) => name.trim() === '')) {
      throw new InputError(
        'no_header',
        { file: this.file, line },
        'the first line has no column names',
        'add a header row',
      );
    }
    const seen = new Map<string, number>();
    names.forEach((name, i) => {
      const before = seen.get(name);
      if (before !== undefined) {
        throw new InputError(
          'duplicate_header',
          { file: this.file, line, column: name },
          `column "${name}" appears twice in the header (columns ${before + 1} and ${i + 1})`,
          'rename one of them so every column name is unique',
        );
      }
      seen.set(name, i);
    });
    return names;
  }

  private widthError(got: number, want: number, line: number): InputError {
    const delim = DELIMITER_NAMES[this.delimiter];
    const hint =
      got > want
        ? `check that values containing ${delim} are quoted`
        : `the row may be cut short, or a line break inside a value is not quoted`;
    return new InputError(
      'malformed_row',
      { file: this.file, line },
      `row has ${got} field${got === 1 ? '' : 's'} but the header has ${want}`,
      hint,
    );
  }

  /** Maps a parser or stream failure to an {@link InputError}. */
  async failure(err: unknown): Promise<unknown> {
    if (err instanceof InputError) return err;
    if (err instanceof InvalidUtf8Error) {
      const line = await lineAtOffset(this.file, err.offset);
      return new InputError(
        'invalid_encoding',
        { file: this.file, line },
        `byte 0x${err.byte.toString(16).padStart(2, '0')} is not valid UTF-8`,
        're-save the file as UTF-8 (e.g. iconv -f latin1 -t utf-8 in.csv > out.csv)',
      );
    }
    if (err instanceof CsvError) {
      const info = err as CsvError & {
        lines?: number;
        records?: number;
        empty_lines?: number;
        column?: unknown;
      };
      const resumed = info.records === this.taken && info.empty_lines !== undefined;
      const start = resumed ? this.startLine(info.empty_lines ?? 0) : (info.lines ?? 1);
      const column = typeof info.column === 'number' && this.columns ? this.columns[info.column] : undefined;
      const where = { file: this.file, line: start, ...(column ? { column } : {}) };
      switch (err.code) {
        case 'CSV_MAX_RECORD_SIZE':
          return new InputError(
            'line_too_long',
            where,
            `record is longer than the limit of ${this.maxLineBytes} bytes`,
            'a quote may be unclosed, or the file is not line-based text',
          );
        case 'CSV_QUOTE_NOT_CLOSED':
          return new InputError(
            'malformed_row',
            where,
            'a quoted value starting on this line is never closed',
            'check for a stray " in a value; quotes inside a quoted value must be doubled ("")',
          );
        default:
          return new InputError(
            'malformed_row',
            where,
            `${column ? `column "${column}": ` : ''}${err.message}`,
            'quotes inside a quoted value must be doubled ("")',
          );
      }
    }
    return err;
  }
}

/** Pulls parsed records in chunks of converted rows, without letting the parser run far ahead. */
async function* readChunks(stream: Readable, state: CsvRowState): AsyncGenerator<SourceRow[]> {
  let queue: ParsedItem[] = [];
  let ended = false;
  let failed: { error: unknown } | null = null;
  let wake: (() => void) | null = null;
  const notify = () => {
    const w = wake;
    wake = null;
    w?.();
  };
  const fill = (limit: number) => {
    let item: ParsedItem | null;
    while (queue.length < limit && (item = stream.read() as ParsedItem | null) !== null) queue.push(item);
  };
  stream.on('readable', notify);
  stream.on('end', () => {
    ended = true;
    notify();
  });
  stream.on('error', (error) => {
    // Records parsed before the failure are still buffered: keep them so their rows come first.
    fill(Infinity);
    failed = { error };
    notify();
  });
  try {
    let batch: SourceRow[] = [];
    for (;;) {
      if (!failed) fill(CHUNK_ROWS * 2);
      if (queue.length === 0) {
        if (failed) throw await state.failure((failed as { error: unknown }).error);
        if (ended) break;
        await new Promise<void>((resolve) => (wake = resolve));
        continue;
      }
      const items = queue;
      queue = [];
      for (const item of items) {
        const row = state.take(item);
        if (row === null) continue;
        batch.push(row);
        if (batch.length >= CHUNK_ROWS) {
          yield batch;
          batch = [];
        }
      }
    }
    if (batch.length > 0) yield batch;
  } finally {
    stream.destroy();
  }
}
