import type { Properties } from '../connectors/target-connector.js';

/** A write a sync made for one delivery: where it landed (if it did) and whom it was about. */
export interface LandedWrite {
  readonly person: number;
  readonly targetId?: string;
  /** The properties sent; used to attribute a record no answer named (a create whose response was lost). */
  readonly properties: Properties;
}

export interface RunScore {
  /** Records in the target after the run. */
  readonly records: number;
  /**
   * Records that are a second (third, …) record of a person: the sum over people of (records holding
   * their deliveries − 1), plus records no delivery can be traced to (made by a retried create).
   */
  readonly duplicates: number;
  /** Records holding deliveries of two or more different people. */
  readonly falseMerges: number;
  /** Records no delivery can be traced to. */
  readonly unattributed: number;
  readonly duplicatedPeople: readonly { readonly person: number; readonly records: readonly string[] }[];
  readonly mergedRecords: readonly { readonly record: string; readonly people: readonly number[] }[];
}

/** Scores a run's records against the ground truth of the stream. Pure. */
export function scoreRun(
  records: readonly { readonly id: string; readonly properties: Properties }[],
  writes: readonly LandedWrite[],
): RunScore {
  const peopleOf = new Map<string, Set<number>>();
  for (const r of records) peopleOf.set(r.id, new Set());
  for (const w of writes) if (w.targetId !== undefined) peopleOf.get(w.targetId)?.add(w.person);
  let unattributed = 0;
  for (const r of records) {
    const people = peopleOf.get(r.id)!;
    if (people.size > 0) continue;
    for (const w of writes) if (carries(r.properties, w.properties)) people.add(w.person);
    if (people.size === 0) unattributed++;
  }
  const recordsOf = new Map<number, string[]>();
  const mergedRecords: { record: string; people: number[] }[] = [];
  for (const [record, people] of peopleOf) {
    for (const p of people) {
      const list = recordsOf.get(p);
      if (list === undefined) recordsOf.set(p, [record]);
      else list.push(record);
    }
    if (people.size >= 2) mergedRecords.push({ record, people: [...people].sort((a, b) => a - b) });
  }
  const duplicatedPeople = [...recordsOf]
    .filter(([, list]) => list.length > 1)
    .map(([person, list]) => ({ person, records: list }))
    .sort((a, b) => a.person - b.person);
  const extra = duplicatedPeople.reduce((sum, d) => sum + d.records.length - 1, 0);
  return {
    records: records.length,
    duplicates: extra + unattributed,
    falseMerges: mergedRecords.length,
    unattributed,
    duplicatedPeople,
    mergedRecords,
  };
}

/** Whether a record holds every value a write sent (email compared as the CRM stores it, lower-cased). */
function carries(record: Properties, sent: Properties): boolean {
  const entries = Object.entries(sent);
  if (entries.length === 0) return false;
  return entries.every(([name, value]) => {
    const held = record[name];
    if (value === null || held === null || held === undefined) return false;
    return name === 'email' ? held.trim().toLowerCase() === value.trim().toLowerCase() : held === value;
  });
}
