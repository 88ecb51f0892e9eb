import type { StateStore, StoredEvent } from '../store/state-store.js';
import { isDryRunKey, meterKeyOf } from './dry-run.js';
import { GateError } from './gate-error.js';
import type { GateListener } from './gate-events.js';
import type { LanePauses } from './lane-pauses.js';
import type { LanePlan } from './lane-plan.js';
import type { PairExplainer } from './pair-explainer.js';
import type { RetryPolicy } from './retry-policy.js';
import type { ScopeIndex } from './scope-index.js';
import type { TargetHealth } from './target-health.js';
import type { TargetMeter } from './target-meter.js';

/** The validated, frozen configuration and the long-lived parts every step of the write path uses. */
export interface GateContext {
  readonly store: StateStore;
  /** By lane name. */
  readonly plans: ReadonlyMap<string, LanePlan>;
  /** By lane name: the plans of lanes in dry run, for the events they accepted (`dry-run.ts`). */
  readonly dryRunPlans: ReadonlyMap<string, LanePlan>;
  /** By scope (target object). */
  readonly indexes: ReadonlyMap<string, ScopeIndex>;
  /** By scope: lanes of one scope share one set of identity rules. */
  readonly explainers: ReadonlyMap<string, PairExplainer>;
  /** By target system (`meterKeyOf`). */
  readonly meters: ReadonlyMap<string, TargetMeter>;
  /** Paused lanes and the circuit breaker (`max_creates`). */
  readonly pauses: LanePauses;
  /** Which target systems are down (their lanes held back), fed by the meters. */
  readonly health: TargetHealth;
  readonly retry: RetryPolicy;
  readonly leaseMs: number;
  /** 0: never dead-letter for lease expiries. */
  readonly maxLeaseExpiries: number;
  readonly now: () => number;
  readonly random: () => number;
  readonly emit: GateListener;
}

export function requirePlan(ctx: GateContext, event: Pick<StoredEvent, 'lane' | 'eventKey'>): LanePlan {
  const plan = planOf(ctx, event);
  if (plan === undefined && isDryRunKey(event.eventKey))
    throw new GateError(
      'conflict',
      `lane '${event.lane}' is not in dry run now: an event of its dry run is never written; reject the item instead`,
    );
  if (plan === undefined) throw new Error(`this gate does not serve lane '${event.lane}'`);
  return plan;
}

/**
 * The plan an event is processed with: an event accepted by a lane in dry run gets the lane's dry-run plan
 * (none when the lane is live now: such an event is never written).
 */
export function planOf(
  ctx: GateContext,
  event: Pick<StoredEvent, 'lane' | 'eventKey'>,
): LanePlan | undefined {
  return isDryRunKey(event.eventKey) ? ctx.dryRunPlans.get(event.lane) : ctx.plans.get(event.lane);
}

export function partsOf(
  ctx: GateContext,
  plan: LanePlan,
): { index: ScopeIndex; explainer: PairExplainer; meter: TargetMeter } {
  const index = ctx.indexes.get(plan.scope);
  const explainer = ctx.explainers.get(plan.scope);
  const meter = ctx.meters.get(meterKeyOf(plan.flow.target.system, plan.dryRun));
  if (index === undefined || explainer === undefined || meter === undefined)
    throw new Error(`lane '${plan.lane}' is not wired to its scope and connector`);
  return { index, explainer, meter };
}
