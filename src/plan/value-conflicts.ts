import type { LaneFlow } from '../contract/index.js';
import type { TargetConnector } from '../connectors/target-connector.js';
import { DRY_RUN_ID_PREFIX } from '../connectors/dry-run-connector.js';
import { propertiesOf } from '../gate/lane-plan.js';
import { isBlank, sameValue } from '../report/same-value.js';
import type { RowOutcome } from '../import/run-import.js';

/** One property where the CRM's record and the source row hold different values, and who wins. */
export interface ValueConflict {
  readonly line: number;
  readonly eventId: string;
  readonly targetId: string;
  readonly property: string;
  readonly crm: string;
  readonly source: string;
  /** `source`: the write path would write the source's value; `crm`: it keeps the record's. */
  readonly winner: 'source' | 'crm';
}

/** Conflicts of one property, counted (names and counts only: what logs and `--json` may carry). */
export interface PropertyConflicts {
  readonly property: string;
  readonly conflicts: number;
  readonly sourceWins: number;
  readonly crmWins: number;
}

/**
 * The values the lane's precedence and value rules decide on: for each row the dry run would update an
 * existing CRM record with, the properties where the record (as the CRM holds it now) and the row hold
 * different non-empty values. The winner is what the write path decided: the source's value wins where the
 * dry run would write the property.
 */
export async function valueConflicts(
  flow: LaneFlow,
  connector: TargetConnector,
  outcomes: readonly RowOutcome[],
): Promise<ValueConflict[]> {
  const updates = outcomes.filter(
    (o) =>
      o.event.status === 'written' &&
      o.event.outcome?.operation === 'update' &&
      o.event.outcome.targetId !== undefined &&
      !o.event.outcome.targetId.startsWith(DRY_RUN_ID_PREFIX),
  );
  const properties = flow.fields.flatMap((f) => (f.property === undefined ? [] : [f.property]));
  const ids = [...new Set(updates.map((o) => o.event.outcome!.targetId!))];
  const records = new Map<string, Readonly<Record<string, string | null>>>();
  for (let i = 0; i < ids.length; i += connector.batchLimit)
    for (const r of await connector.read(
      flow.target.object,
      ids.slice(i, i + connector.batchLimit),
      properties,
    ))
      records.set(r.id, r.properties);
  const out: ValueConflict[] = [];
  for (const o of updates) {
    const targetId = o.event.outcome!.targetId!;
    const crm = records.get(targetId);
    if (crm === undefined) continue;
    const written = writtenProperties(o.event.outcome!.explanation);
    for (const [property, source] of Object.entries(propertiesOf(flow, o.payload))) {
      const held = crm[property] ?? '';
      if (source === null || isBlank(held) || isBlank(source) || sameValue(held, source)) continue;
      out.push({
        line: o.line,
        eventId: o.event.id,
        targetId,
        property,
        crm: held,
        source,
        winner: written.includes(property) ? 'source' : 'crm',
      });
    }
  }
  return out;
}

export function conflictsByProperty(conflicts: readonly ValueConflict[]): PropertyConflicts[] {
  const by = new Map<string, { conflicts: number; sourceWins: number; crmWins: number }>();
  for (const c of conflicts) {
    const entry = by.get(c.property) ?? { conflicts: 0, sourceWins: 0, crmWins: 0 };
    entry.conflicts++;
    if (c.winner === 'source') entry.sourceWins++;
    else entry.crmWins++;
    by.set(c.property, entry);
  }
  return [...by].map(([property, e]) => ({ property, ...e })).sort((a, b) => b.conflicts - a.conflicts);
}

/** The property names a dry run's explanation says it would write. */
function writtenProperties(explanation: unknown): readonly string[] {
  const dryRun = (explanation as { dryRun?: { properties?: unknown } } | undefined)?.dryRun;
  return Array.isArray(dryRun?.properties) ? (dryRun.properties as string[]) : [];
}
