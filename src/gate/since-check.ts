import { sinceVerdict } from '../policy/since-filter.js';
import type { EventOutcome, StoredEvent } from '../store/state-store.js';
import type { LanePlan } from './lane-plan.js';

/**
 * The outcome of an event the lane's start date (`since`) keeps out: `written` with decision `block`,
 * operation `none` and rule `block:since` (or `block:since_undated`) — a terminal state in which nothing was
 * written. `undefined`: the event is synced.
 */
export function beforeSinceOutcome(
  plan: LanePlan,
  event: StoredEvent,
  gateMs: number,
): { readonly outcome: EventOutcome; readonly undated: boolean } | undefined {
  const since = plan.flow.since;
  if (since === undefined) return undefined;
  const verdict = sinceVerdict(since, event.payload);
  if (verdict.sync) return undefined;
  const outcome: EventOutcome = {
    status: 'written',
    decision: 'block',
    operation: 'none',
    explanation: {
      lane: plan.lane,
      mode: plan.flow.target.mode,
      decision: 'block',
      rule: verdict.rule,
      reason: verdict.reason,
      guards: [],
      candidates: [],
      since: { date: since.date, field: since.field, undated: since.undated },
    },
    keys: [],
    apiCalls: 0,
    gateMs,
    targetMs: 0,
  };
  return { outcome, undated: verdict.rule === 'block:since_undated' };
}
