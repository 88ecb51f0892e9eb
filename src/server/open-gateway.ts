import { createHubSpotConnector } from '../connectors/hubspot/index.js';
import type { TargetConnector } from '../connectors/target-connector.js';
import type { GatewayConfig, SystemConfig } from '../config/gateway-config.js';
import { Gate } from '../gate/gate.js';
import type { GateOptions } from '../gate/gate-options.js';
import { DEFAULT_ANCHOR_PROPERTY } from '../gate/lane-plan.js';
import { openStateStore } from '../store/open-state-store.js';
import type { StateStore } from '../store/state-store.js';
import { GateEventHub } from './gate-event-hub.js';
import { settleWithin } from './settle-within.js';

/** The long-lived parts built from a gateway config; whoever opens them closes them. */
export interface Gateway {
  readonly gate: Gate;
  readonly store: StateStore;
  readonly connectors: Readonly<Record<string, TargetConnector>>;
  /** The gate's event map (decisions, retries, worker errors), for metrics and logs to subscribe to. */
  readonly events: GateEventHub;
  /**
   * Stops the gate's workers (waiting for events in flight), then closes the store. With `timeoutMs`, waits
   * no longer than that: events still in flight keep their leases (another process, or the next start, takes
   * them over) and the answer is `false`.
   */
  close(options?: { timeoutMs?: number }): Promise<boolean>;
}

/** Gate options a caller may set beyond the config (tests: poll interval, retry timing). */
export type GateOverrides = Partial<Omit<GateOptions, 'store' | 'lanes' | 'connectors' | 'onEvent'>>;

/** The composition root: store (migrated), one connector per system, and the gate over every lane. */
export async function openGateway(config: GatewayConfig, overrides: GateOverrides = {}): Promise<Gateway> {
  const store = await openStateStore(
    config.store.kind === 'sqlite'
      ? { kind: 'sqlite', path: config.store.path }
      : {
          kind: 'postgres',
          url: config.store.url.reveal(),
          ...(config.store.schema === undefined ? {} : { schema: config.store.schema }),
        },
  );
  try {
    const lanes = Object.values(config.lanes);
    const connectors = openConnectors(config);
    const events = new GateEventHub();
    const gate = new Gate({
      workers: config.workers,
      ...(config.targetIndex === undefined ? {} : { targetIndex: config.targetIndex }),
      retry: config.retry,
      targetHealth: config.outages,
      ...overrides,
      store,
      lanes: lanes.map((lane) => ({ contract: lane.contract, principals: [lane.user] })),
      connectors,
      onEvent: events.emit,
    });
    return {
      gate,
      store,
      connectors,
      events,
      close: async ({ timeoutMs } = {}) => {
        if (timeoutMs === undefined) {
          try {
            await gate.stop();
          } finally {
            await store.close();
          }
          return true;
        }
        const deadline = performance.now() + timeoutMs;
        const stopped = await settleWithin(gate.stop(), deadline - performance.now());
        // A store connection may be held by an event waiting on the target: closing must not wait for it either.
        const closed = await settleWithin(store.close(), deadline - performance.now());
        return stopped && closed;
      },
    };
  } catch (err) {
    await store.close();
    throw err;
  }
}

/** One connector per target system of the config, with the anchor property its lanes use. */
export function openConnectors(config: GatewayConfig): Record<string, TargetConnector> {
  const lanes = Object.values(config.lanes);
  const connectors: Record<string, TargetConnector> = {};
  for (const system of Object.values(config.systems)) {
    const lane = lanes.find((l) => l.contract.flow?.target.system === system.name);
    const anchor = lane?.contract.flow?.target.anchorProperty ?? DEFAULT_ANCHOR_PROPERTY;
    connectors[system.name] = connectorFor(system, anchor);
  }
  return connectors;
}

function connectorFor(system: SystemConfig, anchorProperty: string): TargetConnector {
  switch (system.kind) {
    case 'hubspot':
      return createHubSpotConnector({
        accessToken: system.token.reveal(),
        basePath: system.baseUrl,
        anchorProperty,
        retry: system.requests,
      });
  }
}
