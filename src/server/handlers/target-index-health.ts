import type { GatePort } from '../../gate/gate-port.js';

/**
 * The target index's part of `/healthz`: `ready` once every scope's index is loaded (its lanes take events
 * only then; events posted meanwhile are accepted and wait), with each scope's state.
 */
export function targetIndexHealth(gate: GatePort): Record<string, unknown> {
  const scopes = gate.targetIndexReadiness?.() ?? [];
  if (scopes.length === 0) return {};
  return {
    target_index: {
      ready: scopes.every((s) => s.state === 'ready'),
      scopes: scopes.map((s) => ({
        scope: s.scope,
        state: s.state,
        loaded: s.loaded,
        ...(s.readySince === undefined ? {} : { ready_since: s.readySince }),
        ...(s.refreshedAt === undefined ? {} : { refreshed_at: s.refreshedAt }),
        ...(s.error === undefined ? {} : { error: s.error }),
      })),
    },
  };
}
