import { asyncBufferFromFile, parquetMetadataAsync, parquetReadObjects, parquetSchema } from 'hyparquet';
import type { AsyncBuffer, FileMetaData, SchemaTree } from 'hyparquet';
import { flattenRecord } from './flatten-record.js';
import { InputError } from './input-error.js';
import type { RecordSource, SourceRow } from './record-source.js';

const CHUNK_ROWS = 2000;
/** Rows decoded per read; row groups larger than this are read in slices to bound memory. */
const SLICE_ROWS = 100_000;

/** Streams a Parquet file row group by row group; `line` is the 1-based row number. */
export async function openParquet(path: string, opts: { size: number }): Promise<RecordSource> {
  let file: AsyncBuffer;
  let metadata: FileMetaData;
  try {
    file = await asyncBufferFromFile(path);
    metadata = await parquetMetadataAsync(file);
  } catch (err) {
    throw new InputError(
      'unsupported_format',
      { file: path },
      `not a readable Parquet file: ${(err as Error).message}`,
      'check the file is Parquet, or pass --format for a CSV/JSONL file',
    );
  }
  const total = Number(metadata.num_rows);
  if (total === 0) {
    throw new InputError('empty_file', { file: path }, 'Parquet file has no rows', 'export the data again');
  }
  let done = 0;
  async function* rows(): AsyncGenerator<SourceRow[]> {
    let groupStart = 0;
    for (const group of metadata.row_groups) {
      const groupEnd = groupStart + Number(group.num_rows);
      for (let sliceStart = groupStart; sliceStart < groupEnd; sliceStart += SLICE_ROWS) {
        const sliceEnd = Math.min(groupEnd, sliceStart + SLICE_ROWS);
        let objects: Record<string, unknown>[];
        try {
          objects = await parquetReadObjects({ file, metadata, rowStart: sliceStart, rowEnd: sliceEnd });
        } catch (err) {
          throw new InputError(
            'unsupported_format',
            { file: path, line: sliceStart + 1 },
            `cannot decode Parquet rows: ${(err as Error).message}`,
            'rewrite the file with snappy or no compression',
          );
        }
        for (let i = 0; i < objects.length; i += CHUNK_ROWS) {
          const end = Math.min(objects.length, i + CHUNK_ROWS);
          const chunk: SourceRow[] = new Array<SourceRow>(end - i);
          for (let k = i; k < end; k++) {
            chunk[k - i] = { line: sliceStart + k + 1, values: flattenRecord(objects[k] ?? {}) };
          }
          done = sliceStart + end;
          yield chunk;
        }
      }
      groupStart = groupEnd;
    }
  }
  return {
    format: 'parquet',
    columns: parquetColumns(parquetSchema(metadata)),
    rows: rows(),
    bytesTotal: opts.size,
    bytesRead: () => Math.round((opts.size * done) / total),
  };
}

/** Top-level column names, with struct members one level deep as `Parent.child` (as rows are flattened). */
function parquetColumns(root: SchemaTree): string[] {
  const names: string[] = [];
  for (const child of root.children) {
    const { name, converted_type, logical_type } = child.element;
    const container =
      converted_type === 'LIST' ||
      converted_type === 'MAP' ||
      converted_type === 'MAP_KEY_VALUE' ||
      logical_type?.type === 'LIST' ||
      logical_type?.type === 'MAP';
    if (child.children.length > 0 && !container) {
      for (const sub of child.children) names.push(`${name}.${sub.element.name}`);
    } else {
      names.push(name);
    }
  }
  return names;
}
