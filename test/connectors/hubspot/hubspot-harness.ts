import {
  createHubSpotConnector,
  type HubSpotConnectorOptions,
} from '../../../src/connectors/hubspot/index.js';
import type { HubSpotConnector } from '../../../src/connectors/hubspot/index.js';
import {
  startHubSpotEmulator,
  type HubSpotEmulator,
  type HubSpotEmulatorOptions,
} from '../../../src/emulators/hubspot/index.js';

export interface HubSpotHarness {
  readonly emulator: HubSpotEmulator;
  readonly connector: HubSpotConnector;
  /** Every wait the connector asked for (backoff and throttle), in order. */
  readonly sleeps: number[];
  close(): Promise<void>;
}

export const START = Date.UTC(2025, 0, 1);

/**
 * The emulator on a frozen clock, and a connector whose waits advance that clock instead of sleeping: backoff,
 * `Retry-After` and the throttle are exercised exactly and at once. Jitter draws are fixed at 0.5.
 */
export async function startHubSpotHarness(
  emulatorOptions: HubSpotEmulatorOptions = {},
  connectorOptions: Partial<HubSpotConnectorOptions> = {},
): Promise<HubSpotHarness> {
  const emulator = await startHubSpotEmulator({ clock: { frozenAt: START }, ...emulatorOptions });
  const sleeps: number[] = [];
  const connector = createHubSpotConnector({
    accessToken: emulator.token,
    basePath: emulator.url,
    retry: { baseDelayMs: 100, timeoutMs: 2_000 },
    rateLimit: { capacity: 1_000 },
    searchRateLimit: { capacity: 1_000 },
    random: () => 0.5,
    sleep: (ms) => {
      sleeps.push(ms);
      emulator.advance(ms);
      return Promise.resolve();
    },
    now: () => emulator.now(),
    ...connectorOptions,
  });
  return { emulator, connector, sleeps, close: () => emulator.close() };
}
