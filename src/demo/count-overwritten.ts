import type { Properties, TargetRecord } from '../connectors/target-connector.js';

/** One value a record held before a sync and no longer holds after it. */
export interface OverwrittenValue {
  readonly record: string;
  readonly property: string;
  readonly before: string;
  /** `null`: cleared, or the record is gone. */
  readonly after: string | null;
}

/** Properties the CRM maintains itself; they change on every write and are never a sync's loss. */
const MAINTAINED = new Set(['hs_object_id', 'createdate', 'lastmodifieddate', 'hs_lastmodifieddate']);

/** Properties HubSpot keeps as a `;`-separated list: adding a value keeps the ones already there. */
const LIST_PROPERTIES = new Set(['hs_additional_emails']);

/**
 * The values records held before a sync that the sync changed: for every record that existed before, every
 * property with a non-empty value (CRM-maintained timestamps and ids aside) whose value afterwards is
 * another one, or empty, or whose record is gone. Values are compared as the CRM stores them (email
 * without case); a list property counts when one of its earlier values is missing. Reformatting counts:
 * `(415) 555-0100` rewritten as `+14155550100` is an overwritten value. Pure.
 */
export function countOverwritten(
  before: readonly TargetRecord[],
  after: readonly TargetRecord[],
): OverwrittenValue[] {
  const now = new Map(after.map((r) => [r.id, r.properties]));
  const out: OverwrittenValue[] = [];
  for (const record of before) {
    const current: Properties = now.get(record.id) ?? {};
    for (const [property, held] of Object.entries(record.properties)) {
      if (MAINTAINED.has(property) || held === null || held.trim() === '') continue;
      const value = current[property] ?? null;
      if (!keeps(property, held, value))
        out.push({ record: record.id, property, before: held, after: value });
    }
  }
  return out;
}

function keeps(property: string, held: string, value: string | null): boolean {
  if (value === null) return false;
  if (property === 'email') return held.trim().toLowerCase() === value.trim().toLowerCase();
  if (LIST_PROPERTIES.has(property)) {
    const kept = new Set(value.split(';').map((v) => v.trim().toLowerCase()));
    return held.split(';').every((v) => v.trim() === '' || kept.has(v.trim().toLowerCase()));
  }
  return held === value;
}
