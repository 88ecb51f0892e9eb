import type { StateStore } from '../store/state-store.js';
import type { GateListener } from './gate-events.js';
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
  /** By scope (target object). */
  readonly indexes: ReadonlyMap<string, ScopeIndex>;
  /** By scope: lanes of one scope share one set of identity rules. */
  readonly explainers: ReadonlyMap<string, PairExplainer>;
  /** By target system. */
  readonly meters: ReadonlyMap<string, TargetMeter>;
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

export function requirePlan(ctx: GateContext, lane: string): LanePlan {
  const plan = ctx.plans.get(lane);
  if (plan === undefined) throw new Error(`this gate does not serve lane '${lane}'`);
  return plan;
}

export function partsOf(
  ctx: GateContext,
  plan: LanePlan,
): { index: ScopeIndex; explainer: PairExplainer; meter: TargetMeter } {
  const index = ctx.indexes.get(plan.scope);
  const explainer = ctx.explainers.get(plan.scope);
  const meter = ctx.meters.get(plan.flow.target.system);
  if (index === undefined || explainer === undefined || meter === undefined)
    throw new Error(`lane '${plan.lane}' is not wired to its scope and connector`);
  return { index, explainer, meter };
}
