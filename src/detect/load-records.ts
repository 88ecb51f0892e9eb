import { availableParallelism } from 'node:os';
import { basename } from 'node:path';
import type { IdentityRules } from '../identity/rules.js';
import type { ColumnMapping } from './audit-result.js';
import type { FeatureStore } from '../identity/feature-store.js';
import { openRecords } from '../io/record-source.js';
import { recognizeColumns } from '../io/column-recognition.js';
import { InputError } from '../io/input-error.js';
import { restrictRules } from './restrict-rules.js';
import { addSelectiveBlocking } from './selective-blocking.js';
import { findMetaColumns, parseTimestamp } from './meta-columns.js';
import { ChunkNormalizer } from './chunk-normalizer.js';
import { concatChunks } from './concat-chunks.js';
import { RawColumn, joinValues } from './raw-column.js';
import { ScoringHelper, wantsScoringThread } from './scoring-helper.js';

/** How a user asked to read the inputs. */
export interface InputPlan {
  readonly files: readonly string[];
  /** Field name (or field type) → column, from --map. */
  readonly explicit: Readonly<Record<string, string>>;
  /** Columns to compare as plain `string` fields (from --map string=COLUMN). */
  readonly extraStrings: readonly string[];
  readonly idColumn?: string;
}

/** Column mapping of one input file. */
export interface FileMapping {
  readonly file: string;
  readonly mapped: readonly ColumnMapping[];
  readonly id: string | null;
  readonly ignored: readonly string[];
  readonly updatedAt: string | null;
  readonly source: string | null;
}

/** Every record of the inputs: ids, raw values of the mapped fields, survivorship metadata. */
export interface LoadedRecords {
  readonly ids: readonly string[];
  /** Raw values of the mapped fields, by field name. */
  readonly raw: ReadonlyMap<string, RawColumn>;
  readonly updatedAt: Float64Array;
  readonly sources: readonly string[];
  /** Index of the first record of the second file in link mode. */
  readonly linkSplit?: number;
  readonly mappings: readonly FileMapping[];
}

export interface LoadOptions {
  /**
   * 1 reads and normalizes on this thread; 2 hands part of the normalizing to a worker thread
   * (default: 2 on inputs of {@link PARALLEL_MIN_BYTES} or more).
   */
  readonly threads?: number;
  /**
   * Keep the worker thread, which holds the scorer's columns of every record, as the second scoring thread
   * when scoring will use two (`scoringThread` of the result; the caller must use or stop it).
   */
  readonly keepScoringThread?: boolean;
}

/** Below this many input bytes starting a worker thread costs more than it saves. */
export const PARALLEL_MIN_BYTES = 4 << 20;

function useWorker(threads: number | undefined, bytes: number): boolean {
  if (threads !== undefined) return threads > 1;
  return bytes >= PARALLEL_MIN_BYTES && availableParallelism() >= 2;
}

export interface Progress {
  update(done: number): void;
  stop(): void;
}

/** Turns --map keys that name a field type into the rules' field of that type. */
export function resolveExplicitMap(
  rules: IdentityRules,
  explicit: Readonly<Record<string, string>>,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, column] of Object.entries(explicit)) {
    const byName = rules.fields.find((f) => f.name === key);
    const byType = rules.fields.find((f) => f.type === key);
    out[(byName ?? byType)?.name ?? key] = column;
  }
  return out;
}

/**
 * Streams the input files once: maps columns, cuts the rules down to the fields present, normalizes every
 * record into the feature store, and keeps the raw values of the mapped fields for the report and the merge plan.
 */
export async function loadRecords(
  plan: InputPlan,
  baseRules: IdentityRules,
  makeProgress: (label: string, total: number) => Progress,
  options: LoadOptions = {},
): Promise<{
  records: LoadedRecords;
  rules: IdentityRules;
  store: FeatureStore;
  scoringThread: ScoringHelper | null;
}> {
  const sources = await Promise.all(plan.files.map((file) => openRecords(file)));
  const extra = plan.extraStrings
    .filter((c) => !baseRules.fields.some((f) => f.name === c))
    .map((c) => ({ name: c, type: 'string' as const }));
  const withExtra: IdentityRules = { ...baseRules, fields: [...baseRules.fields, ...extra] };
  const explicit = resolveExplicitMap(withExtra, plan.explicit);
  for (const c of extra) explicit[c.name] = c.name;

  const mappings: FileMapping[] = sources.map((source, s) => {
    const file = plan.files[s]!;
    const recognised = recognizeColumns(source.columns, withExtra.fields, {
      explicit,
      ...(plan.idColumn !== undefined ? { idColumn: plan.idColumn } : {}),
      file,
    });
    const used = new Set([
      ...recognised.mapped.map((m) => m.column),
      ...(recognised.id ? [recognised.id] : []),
    ]);
    const meta = findMetaColumns(source.columns, used);
    return {
      file,
      mapped: recognised.mapped,
      id: recognised.id,
      ignored: recognised.ignored.filter((c) => c !== meta.updatedAt && c !== meta.source),
      ...meta,
    };
  });
  const present = new Set(mappings.flatMap((m) => m.mapped.map((c) => c.field)));
  const rules = restrictRules(baseRules, present, extra);
  const fieldNames = rules.fields.map((f) => f.name).filter((f) => present.has(f));
  // Values are gathered a chunk at a time and joined at the end (see concatChunks and RawColumn).
  const raw = new Map(fieldNames.map((f) => [f, new RawColumn()]));
  const rawColumns = [...raw.values()];
  const idChunks: string[][] = [];
  const sourceChunks: string[][] = [];
  const updated: number[] = [];
  /** The ids read so far, and where each record came from (for the duplicate-id error). */
  const seen = new Set<string>();
  const origin: string[] = [];
  const lines: number[] = [];
  let count = 0;
  let linkSplit: number | undefined;

  const totalBytes = sources.reduce((sum, s) => sum + s.bytesTotal, 0);
  const normalizer = ChunkNormalizer.start(rules, fieldNames, useWorker(options.threads, totalBytes));
  const progress = makeProgress('reading', totalBytes);
  let store: FeatureStore;
  let doneBytes = 0;
  try {
    for (let s = 0; s < sources.length; s++) {
      const source = sources[s]!;
      const mapping = mappings[s]!;
      if (s === 1) linkSplit = count;
      const columnOf = new Map(mapping.mapped.map((m) => [m.field, m.column]));
      const columns = fieldNames.map((field) => columnOf.get(field));
      const label = basename(mapping.file);
      for await (const chunk of source.rows) {
        if (chunk.length === 0) continue;
        /** The chunk's raw values of `fieldNames`, one column per field. */
        const values = fieldNames.map(() => [] as string[]);
        const ids: string[] = [];
        const sourceNames: string[] = [];
        for (const row of chunk) {
          const id = mapping.id !== null ? (row.values[mapping.id] ?? '').trim() : `${label}:${row.line}`;
          const where = () => ({
            file: mapping.file,
            line: row.line,
            ...(mapping.id ? { column: mapping.id } : {}),
          });
          if (id === '')
            throw new InputError(
              'missing_id',
              where(),
              'record has an empty id',
              'fill the id column or choose another with --id',
            );
          // One probe per record: a duplicate leaves the set as it was (found again only to report it).
          const known = seen.size;
          seen.add(id);
          if (seen.size === known) {
            const first = firstIndexOf(id, idChunks, ids);
            throw new InputError(
              'duplicate_id',
              where(),
              `id '${id}' was already used at ${origin[first]!}:${lines[first]!}`,
              'ids must be unique; choose another column with --id',
            );
          }
          count++;
          origin.push(label);
          lines.push(row.line);
          for (let k = 0; k < columns.length; k++) {
            const column = columns[k];
            values[k]!.push(column === undefined ? '' : (row.values[column] ?? ''));
          }
          ids.push(id);
          updated.push(parseTimestamp(mapping.updatedAt ? row.values[mapping.updatedAt] : undefined));
          sourceNames.push(mapping.source ? (row.values[mapping.source] ?? '') : '');
        }
        const joined = values.map(joinValues);
        normalizer.push(values, chunk.length, { file: mapping.file, line: chunk[0]!.line }, joined, ids);
        for (let k = 0; k < joined.length; k++) rawColumns[k]!.appendJoined(joined[k]!);
        idChunks.push(ids);
        sourceChunks.push(sourceNames);
        progress.update(doneBytes + source.bytesRead());
      }
      doneBytes += source.bytesTotal;
    }
    store = await normalizer.finish();
    if (count === 0) {
      throw new InputError(
        'empty_file',
        { file: plan.files.join(', ') },
        'no records to audit',
        'check that the file has rows below its header',
      );
    }
    const finalRules = addSelectiveBlocking(rules, store, extra);
    const worker =
      options.keepScoringThread === true && wantsScoringThread(options.threads, count)
        ? normalizer.handOver()
        : null;
    const records: LoadedRecords = {
      ids: concatChunks(idChunks),
      raw,
      updatedAt: Float64Array.from(updated),
      sources: concatChunks(sourceChunks),
      ...(linkSplit !== undefined ? { linkSplit } : {}),
      mappings,
    };
    return {
      records,
      rules: finalRules,
      store,
      scoringThread: worker === null ? null : ScoringHelper.from(worker, finalRules),
    };
  } finally {
    progress.stop();
    await normalizer.close();
  }
}

/** Index of the record with `id`, among the chunks read and the chunk being read (for error messages). */
function firstIndexOf(
  id: string,
  chunks: readonly (readonly string[])[],
  current: readonly string[],
): number {
  let offset = 0;
  for (const chunk of [...chunks, current]) {
    const at = chunk.indexOf(id);
    if (at >= 0) return offset + at;
    offset += chunk.length;
  }
  return -1;
}
