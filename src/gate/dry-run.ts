/**
 * Dry runs: a lane with `dry_run: true` decides every event and records what it would write, and writes
 * nothing. Its events carry a key of their own (so that a real delivery later is not a replay of a dry one)
 * and its identity state (claims, crosswalk, index entries) lives in a scope of its own, which reads the real
 * scope's state beneath it (`ScopeOverlayStore`) and writes only its own.
 */

/** Prefix of the event keys of events accepted by a lane in dry run. */
export const DRY_RUN_KEY_PREFIX = 'dry-run:';

/** Suffix of the scope that holds a dry run's claims, crosswalk and index entries. */
const DRY_RUN_SCOPE_SUFFIX = '~dry-run';

export function dryRunKeyOf(eventKey: string): string {
  return `${DRY_RUN_KEY_PREFIX}${eventKey}`;
}

/** Whether an event was accepted by a lane in dry run: such an event is never written to the target. */
export function isDryRunKey(eventKey: string): boolean {
  return eventKey.startsWith(DRY_RUN_KEY_PREFIX);
}

export function dryRunScopeOf(scope: string): string {
  return `${scope}${DRY_RUN_SCOPE_SUFFIX}`;
}

/** The real scope beneath a dry run's scope; undefined for a real scope. */
export function realScopeOf(scope: string): string | undefined {
  return scope.endsWith(DRY_RUN_SCOPE_SUFFIX) ? scope.slice(0, -DRY_RUN_SCOPE_SUFFIX.length) : undefined;
}

/** The key the gate's target meters are kept under: a dry run's writes go to its own connector. */
export function meterKeyOf(system: string, dryRun: boolean): string {
  return dryRun ? `${system}${DRY_RUN_SCOPE_SUFFIX}` : system;
}
