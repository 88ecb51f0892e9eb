/**
 * Counts what one import did to the CRM against the ground truth. Pure.
 *
 * - duplicates: records the import added that are a second (third, …) record of a person — the CRM's
 *   duplicates after the import minus those it held before (records per person beyond the first, plus new
 *   records no row can be traced to: `scoreSync`);
 * - false merges: records holding two or more people after the import (the person a record was before, and
 *   every person whose row was written to it), minus those before;
 * - overwritten: values a record held before the import that it holds no longer (`countOverwritten`);
 * - API calls per record: HTTP requests the CRM answered during the import (retries and 429s included)
 *   per incoming row.
 */
import type { TargetRecord } from '../../src/connectors/target-connector.js';
import type { LandedWrite } from '../../src/demo/score-run.js';
import { scoreSync, type HeldRecord, type SyncScore } from '../../src/demo/score-sync.js';

/** The figures of the benchmark's last line, for one import. */
export interface ImportFigures {
  readonly duplicates: number;
  readonly false_merges: number;
  readonly overwritten: number;
  readonly api_calls_per_record: number;
  readonly seconds: number;
}

export interface ImportScore {
  readonly figures: ImportFigures;
  readonly sync: SyncScore;
}

export interface ImportObservation {
  /** Records before the import, each with the person it is. */
  readonly before: readonly HeldRecord[];
  /** Records after the import. */
  readonly after: readonly TargetRecord[];
  /** One per incoming row: its person, the record it was written to (if any) and what it sent. */
  readonly writes: readonly LandedWrite[];
  readonly apiCalls: number;
  readonly seconds: number;
}

export function scoreImport(o: ImportObservation): ImportScore {
  const sync = scoreSync(o.before, o.after, o.writes);
  return {
    figures: {
      duplicates: sync.duplicates,
      false_merges: sync.falseMerges,
      overwritten: sync.overwritten.length,
      api_calls_per_record: o.writes.length === 0 ? 0 : round(o.apiCalls / o.writes.length, 4),
      seconds: round(o.seconds, 2),
    },
    sync,
  };
}

function round(x: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}
