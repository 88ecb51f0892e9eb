import type { StoredEvent } from '../store/state-store.js';

/** What became of the events of an import (or of a dry run), one count per event. */
export interface ImportTally {
  created: number;
  updated: number;
  /** Matched a record that already held every value. */
  unchanged: number;
  review: number;
  blocked: number;
  deadLetters: number;
}

export function emptyTally(): ImportTally {
  return { created: 0, updated: 0, unchanged: 0, review: 0, blocked: 0, deadLetters: 0 };
}

/** Counts one terminal event: review and dead letters by status, a written one by its decision and operation. */
export function tallyOutcome(tally: ImportTally, event: StoredEvent): void {
  const outcome = event.outcome;
  if (event.status === 'review') tally.review++;
  else if (event.status === 'dead_letter') tally.deadLetters++;
  else if (outcome?.decision === 'block') tally.blocked++;
  else if (outcome?.operation === 'create') tally.created++;
  else if (outcome?.operation === 'update') tally.updated++;
  else tally.unchanged++;
}
