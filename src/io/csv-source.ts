import { isAscii } from 'node:buffer';
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { CsvScanError, CsvScanner } from './csv-scanner.js';
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

  const state = new CsvRowState(path, delimiter, opts.maxLineBytes);
  let bytesRead = 0;
  const chunks = readChunks(path, delimiter, opts.maxLineBytes, state, (n) => (bytesRead += n));
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

/** Turns scanned records into rows: the first is the header, then values keyed by column name. */
class CsvRowState {
  columns: string[] | null = null;
  private width = 0;
  /** Builds a row's values object with a fixed shape from a record of at least `width` fields. */
  private makeValues: (record: string[]) => Record<string, string> = () => ({});

  constructor(
    private readonly file: string,
    private readonly delimiter: Delimiter,
    private readonly maxLineBytes: number,
  ) {}

  /** Converts one record; returns null for the header and blank lines. */
  take(record: string[], line: number): SourceRow | null {
    const width = this.width;
    if (record.length !== width || this.columns === null) {
      if (this.columns === null) {
        this.setColumns(this.header(record, line));
        return null;
      }
      if (record.length === 1 && record[0] === '') return null;
      if (!(record.length > width && record.slice(width).every((v) => v.trim() === ''))) {
        throw this.widthError(record.length, width, line);
      }
    }
    for (let i = 0; i < width; i++) {
      const v = record[i] as string;
      const last = v.charCodeAt(v.length - 1);
      // Only values ending in whitespace need trimEnd (last is NaN for '').
      if (last <= 32 || last >= 0xa0) record[i] = v.trimEnd();
    }
    return { line, values: this.makeValues(record) };
  }

  private setColumns(columns: string[]): void {
    this.columns = columns;
    this.width = columns.length;
    if (columns.includes('__proto__')) {
      this.makeValues = (record) => {
        const values: Record<string, string> = {};
        for (let i = 0; i < columns.length; i++) values[columns[i] as string] = record[i] as string;
        return values;
      };
      return;
    }
    // An object literal with the column names as keys: every row gets the same hidden class.
    // JSON.stringify makes each name a safe string literal.
    const body = columns.map((name, i) => `${JSON.stringify(name)}: r[${i}]`).join(', ');
    this.makeValues = new Function('r', `return { ${body} };`) as (
      record: string[],
    ) => Record<string, string>;
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

  /** Maps a scanner or stream failure to an {@link InputError}. */
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
    if (err instanceof CsvScanError) {
      const column = this.columns ? this.columns[err.field] : undefined;
      const where = { file: this.file, line: err.line, ...(column ? { column } : {}) };
      if (err.code === 'record_too_long') {
        return new InputError(
          'line_too_long',
          where,
          `record is longer than the limit of ${this.maxLineBytes} bytes`,
          'a quote may be unclosed, or the file is not line-based text',
        );
      }
      return new InputError(
        'malformed_row',
        where,
        'a quoted value starting on this line is never closed',
        'check for a stray " in a value; quotes inside a quoted value must be doubled ("")',
      );
    }
    return err;
  }
}

/**
 * Reads, checks and scans the file a buffer at a time, yielding rows in chunks of {@link CHUNK_ROWS}.
 * Reading pauses while the consumer works through a chunk. On a failure, the complete chunks
 * before it come first, then the error as an {@link InputError}.
 */
async function* readChunks(
  path: string,
  delimiter: Delimiter,
  maxLineBytes: number,
  state: CsvRowState,
  onBytes: (n: number) => void,
): AsyncGenerator<SourceRow[]> {
  let batch: SourceRow[] = [];
  let ready: SourceRow[][] = [];
  const scanner = new CsvScanner({ delimiter, maxRecordBytes: maxLineBytes }, (record, line) => {
    const row = state.take(record, line);
    if (row === null) return;
    batch.push(row);
    if (batch.length >= CHUNK_ROWS) {
      ready.push(batch);
      batch = [];
    }
  });
  const guard = new Utf8Guard();
  // TextDecoder is much faster than Buffer#toString for non-ASCII text; the BOM is handled below.
  const decoder = new TextDecoder('utf-8', { ignoreBOM: true });
  let atStart = true;
  const stream = createReadStream(path, { highWaterMark: READ_BYTES });
  try {
    let failed: { error: unknown } | null = null;
    try {
      for await (const chunk of stream as AsyncIterable<Buffer>) {
        onBytes(chunk.length);
        // The guard hands back whole characters only, so each piece decodes on its own.
        const bytes = guard.push(chunk);
        let text = isAscii(bytes) ? bytes.toString('latin1') : decoder.decode(bytes);
        if (atStart && text.length > 0) {
          atStart = false;
          if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
        }
        scanner.push(text);
        if (ready.length > 0) {
          const out = ready;
          ready = [];
          for (const rows of out) yield rows;
        }
      }
      guard.end();
      scanner.end();
    } catch (error) {
      failed = { error };
    }
    for (const rows of ready) yield rows;
    ready = [];
    if (failed) throw await state.failure(failed.error);
    if (batch.length > 0) yield batch;
  } finally {
    stream.destroy();
  }
}
