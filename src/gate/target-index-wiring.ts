import { isRecordLister } from '../connectors/record-lister.js';
import type { TargetConnector } from '../connectors/target-connector.js';
import type { StateStore } from '../store/state-store.js';
import type { GateListener } from './gate-events.js';
import type { LanePlan } from './lane-plan.js';
import { RecordIdentity } from './record-identity.js';
import { TargetIndexKeeper, type TargetIndexOptions } from './target-index-keeper.js';
import { TargetIndexLoader } from './target-index-loader.js';

/**
 * One target index per scope (target object) whose connector lists records, shared by the scope's lanes:
 * a loader reading the identity fields those lanes map, and a keeper over all of them.
 */
export function targetIndexKeeper(
  store: StateStore,
  plans: ReadonlyMap<string, LanePlan>,
  connectors: Readonly<Record<string, TargetConnector>>,
  options: TargetIndexOptions,
  parts: {
    readonly emit: GateListener;
    readonly now: () => number;
    /** Pulls a loaded scope into the gate's in-memory index. */
    readonly warm: (scope: string) => Promise<void>;
  },
): TargetIndexKeeper {
  const byScope = new Map<string, LanePlan[]>();
  for (const plan of plans.values()) byScope.set(plan.scope, [...(byScope.get(plan.scope) ?? []), plan]);
  const loaders = [];
  for (const [scope, lanes] of byScope) {
    const first = lanes[0]!;
    const connector = connectors[first.flow.target.system];
    if (connector === undefined || !isRecordLister(connector)) continue;
    const loader = new TargetIndexLoader(
      store,
      scope,
      first.flow.target.object,
      connector,
      new RecordIdentity(lanes),
      { overlapMs: options.overlapMs, now: parts.now },
    );
    loaders.push({ loader, lanes: lanes.map((l) => l.lane) });
  }
  return new TargetIndexKeeper(loaders, options, parts.emit, parts.now, parts.warm);
}
