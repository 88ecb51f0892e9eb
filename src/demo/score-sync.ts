import type { TargetRecord } from '../connectors/target-connector.js';
import { countOverwritten, type OverwrittenValue } from './count-overwritten.js';
import { scoreRun, type LandedWrite, type RunScore } from './score-run.js';

/** A record the CRM held before a sync, and the person it is. */
export type HeldRecord = TargetRecord & { readonly person: number };

/** What a sync did to a CRM that already held records, against the ground truth. */
export interface SyncScore {
  /** The CRM after the sync, scored (`scoreRun`): its duplicates and false merges, whoever made them. */
  readonly after: RunScore;
  /** Records the sync added. */
  readonly created: number;
  /** Duplicates after the sync minus those before: the sync's own. */
  readonly duplicates: number;
  /** Records holding two or more people after the sync minus those before. */
  readonly falseMerges: number;
  /** Values records held before that they no longer hold (`countOverwritten`). */
  readonly overwritten: readonly OverwrittenValue[];
}

/**
 * Scores a sync onto a CRM that held records before: each record held before is its person's (a write of
 * that person to it, sending nothing), and every write of the sync is added to them. Pure.
 */
export function scoreSync(
  before: readonly HeldRecord[],
  after: readonly TargetRecord[],
  writes: readonly LandedWrite[],
): SyncScore {
  const held: LandedWrite[] = before.map((r) => ({ person: r.person, targetId: r.id, properties: {} }));
  const start = scoreRun(before, held);
  const end = scoreRun(after, [...held, ...writes]);
  return {
    after: end,
    created: after.length - before.length,
    duplicates: end.duplicates - start.duplicates,
    falseMerges: end.falseMerges - start.falseMerges,
    overwritten: countOverwritten(before, after),
  };
}
