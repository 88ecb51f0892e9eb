import type { GatePort } from '../../gate/gate-port.js';
import type { TargetStatus } from '../../gate/target-health.js';

/** What `/healthz` says of the target systems: `degraded` while one is down, with which, why and since when. */
export interface TargetHealthReport {
  readonly degraded: boolean;
  readonly targets: readonly TargetStatus[];
}

export function targetHealthReport(gate: GatePort): TargetHealthReport {
  const targets = gate.targetStatus?.() ?? [];
  return { degraded: targets.some((t) => t.state === 'down'), targets };
}
