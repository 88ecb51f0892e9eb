import type { LaneFlow } from '../contract/index.js';
import { headerKey } from '../io/column-recognition.js';
import { InputError } from '../io/input-error.js';
import { businessKeyFields } from '../gate/event-key.js';

/** Payload fields a lane reads: its mapped fields, the source id field and the event key's fields. */
export function payloadFieldsOf(flow: LaneFlow): string[] {
  return [...new Set([...flow.fields.map((f) => f.name), ...businessKeyFields(flow)])];
}

/**
 * Which column feeds each payload field of the lane: `--map FIELD=COLUMN` first, then a column of the same
 * name (compared without case, spaces and punctuation). Optional fields no column feeds are left out; a
 * mapping that names an unknown field or column, and a required field no column feeds, are errors.
 */
export function payloadColumns(
  flow: LaneFlow,
  columns: readonly string[],
  explicit: Readonly<Record<string, string>>,
  file: string,
): Map<string, string> {
  const fields = payloadFieldsOf(flow);
  const out = new Map<string, string>();
  for (const [field, column] of Object.entries(explicit)) {
    if (!fields.includes(field))
      throw new InputError(
        'unknown_column',
        { file: '--map' },
        `the lane has no payload field '${field}'`,
        `payload fields of this lane: ${fields.join(', ')}`,
      );
    if (!columns.includes(column))
      throw new InputError(
        'unknown_column',
        { file, column },
        `no column named "${column}" (--map ${field}=${column})`,
        `columns of the file: ${columns.join(', ')}`,
      );
    out.set(field, column);
  }
  const byKey = new Map(columns.map((c) => [headerKey(c), c]));
  for (const field of fields) {
    if (out.has(field)) continue;
    const column = columns.includes(field) ? field : byKey.get(headerKey(field));
    if (column !== undefined) out.set(field, column);
  }
  const unfed = flow.fields.filter((f) => f.required && !out.has(f.name)).map((f) => f.name);
  if (unfed.length > 0 && out.size > 0)
    throw new InputError(
      'unknown_column',
      { file },
      `no column feeds the required payload field${unfed.length === 1 ? '' : 's'} ${unfed.join(', ')}: every row would be refused`,
      `pass --map FIELD=COLUMN (columns of the file: ${columns.join(', ')})`,
    );
  if (out.size === 0)
    throw new InputError(
      'unknown_column',
      { file },
      'no column feeds a payload field of the lane',
      `name the columns after the lane's payload fields (${fields.join(', ')}) or pass --map FIELD=COLUMN`,
    );
  return out;
}

/** A row's payload: the mapped columns' non-empty values. */
export function payloadOf(
  values: Readonly<Record<string, string>>,
  columns: ReadonlyMap<string, string>,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [field, column] of columns) {
    const value = values[column] ?? '';
    if (value.trim() !== '') out[field] = value;
  }
  return out;
}
