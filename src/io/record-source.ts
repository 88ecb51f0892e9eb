import { stat } from 'node:fs/promises';
import { extname } from 'node:path';
import { InputError } from './input-error.js';
import { openCsv } from './csv-source.js';
import { openJsonl } from './jsonl-source.js';
import { openParquet } from './parquet-source.js';

export type RecordFormat = 'csv' | 'jsonl' | 'parquet';

/** One input record: its location and its values by column name (always strings, '' when absent). */
export interface SourceRow {
  /** 1-based physical line where the record starts (CSV, JSONL) or 1-based row number (Parquet). */
  line: number;
  values: Record<string, string>;
}

/** A streaming view of one input file. */
export interface RecordSource {
  readonly format: RecordFormat;
  readonly columns: readonly string[];
  /** Rows in chunks of a few thousand; iterate once. Errors surface as {@link InputError}. */
  readonly rows: AsyncIterable<SourceRow[]>;
  readonly bytesTotal: number;
  /** Bytes consumed so far, for progress and ETA. */
  bytesRead(): number;
}

export interface OpenRecordsOptions {
  format?: RecordFormat;
  /** Longest accepted line (CSV record / JSONL line); default 1 MiB. */
  maxLineBytes?: number;
}

export const DEFAULT_MAX_LINE_BYTES = 1 << 20;

const EXTENSIONS: Readonly<Record<string, RecordFormat>> = {
  '.csv': 'csv',
  '.tsv': 'csv',
  '.txt': 'csv',
  '.jsonl': 'jsonl',
  '.ndjson': 'jsonl',
  '.parquet': 'parquet',
};

/** The format implied by a file name, or an `unsupported_format` error. */
export function formatFromPath(path: string): RecordFormat {
  const format = EXTENSIONS[extname(path).toLowerCase()];
  if (!format) {
    throw new InputError(
      'unsupported_format',
      { file: path },
      `cannot tell the format from the extension "${extname(path) || '(none)'}"`,
      'use .csv, .tsv, .txt, .jsonl, .ndjson or .parquet, or pass the format explicitly',
    );
  }
  return format;
}

/** Opens a CSV, JSONL or Parquet file for streaming; reads only as far as needed to know its columns. */
export async function openRecords(path: string, opts: OpenRecordsOptions = {}): Promise<RecordSource> {
  const format = opts.format ?? formatFromPath(path);
  let size: number;
  try {
    const info = await stat(path);
    if (info.isDirectory()) {
      throw new InputError(
        'file_not_found',
        { file: path },
        'is a directory, not a file',
        'pass a file path',
      );
    }
    size = info.size;
  } catch (err) {
    if (err instanceof InputError) throw err;
    throw new InputError('file_not_found', { file: path }, 'file not found', 'check the path and spelling');
  }
  const maxLineBytes = opts.maxLineBytes ?? DEFAULT_MAX_LINE_BYTES;
  switch (format) {
    case 'csv':
      return openCsv(path, { size, maxLineBytes });
    case 'jsonl':
      return openJsonl(path, { size, maxLineBytes });
    case 'parquet':
      return openParquet(path, { size });
  }
}
