import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createHubSpotConnector,
  type HubSpotConnector,
  type HubSpotConnectorOptions,
} from '../../src/connectors/hubspot/index.js';
import { loadContract, type LaneContract } from '../../src/contract/index.js';
import {
  startHubSpotEmulator,
  type HubSpotEmulator,
  type HubSpotEmulatorOptions,
} from '../../src/emulators/hubspot/index.js';
import { Gate } from '../../src/gate/gate.js';
import type { GateOptions } from '../../src/gate/gate-options.js';
import { openStateStore } from '../../src/store/open-state-store.js';
import type { StateStore } from '../../src/store/state-store.js';

export const WEB_FORM = 'web-form-to-hubspot-contacts';
export const HELP_DESK = 'help-desk-to-hubspot-contacts';
export const ENRICHMENT = 'enrichment-to-hubspot-contacts';

export async function exampleLanes(): Promise<LaneContract[]> {
  return Promise.all(
    ['web-form', 'help-desk', 'enrichment'].map((n) =>
      loadContract(`examples/lanes/${n}-to-hubspot-contacts.yaml`),
    ),
  );
}

/** A HubSpot emulator on loopback with limits high enough for tests, and a connector with short backoff. */
export async function hubspot(
  options: HubSpotEmulatorOptions = {},
  connectorOptions: Partial<HubSpotConnectorOptions> = {},
): Promise<{ emulator: HubSpotEmulator; connector: HubSpotConnector }> {
  const emulator = await startHubSpotEmulator({
    indexingDelayMs: 0,
    rateLimit: { max: 100_000, windowMs: 1_000, searchPerSecond: 10_000 },
    ...options,
  });
  const connector = createHubSpotConnector({
    accessToken: emulator.token,
    basePath: emulator.url,
    retry: { baseDelayMs: 5, maxDelayMs: 50, timeoutMs: 5_000 },
    rateLimit: { capacity: 10_000, refillPerSecond: 100_000 },
    searchRateLimit: { capacity: 10_000, refillPerSecond: 100_000 },
    ...connectorOptions,
  });
  return { emulator, connector };
}

/** A fresh SQLite store in a temp directory. */
export async function sqliteStore(): Promise<{ store: StateStore; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'lanekeeper-gate-'));
  const store = await openStateStore({ kind: 'sqlite', path: join(dir, 'state.db') });
  return {
    store,
    cleanup: async () => {
      await store.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

export interface GateRig {
  readonly gate: Gate;
  readonly store: StateStore;
  readonly emulator: HubSpotEmulator;
  readonly connector: HubSpotConnector;
  close(): Promise<void>;
}

/** The gate over the example lanes, a store and an emulator; short retry delays for tests. */
export async function gateRig(
  store: StateStore,
  options: {
    emulator?: HubSpotEmulatorOptions;
    connector?: Partial<HubSpotConnectorOptions>;
    gate?: Partial<GateOptions>;
  } = {},
): Promise<GateRig> {
  const { emulator, connector } = await hubspot(options.emulator, options.connector);
  const gate = new Gate({
    store,
    lanes: await exampleLanes(),
    connectors: { hubspot: connector },
    workers: 4,
    pollMs: 5,
    leaseMs: 10_000,
    retry: { baseDelayMs: 5, maxDelayMs: 50 },
    ...options.gate,
  });
  return {
    gate,
    store,
    emulator,
    connector,
    close: async () => {
      await gate.stop();
      await emulator.close();
    },
  };
}

/** A web form payload; every field can be replaced. */
export function webForm(fields: Record<string, string | undefined>): Record<string, string> {
  const base: Record<string, string | undefined> = {
    first_name: 'Robert',
    last_name: 'Smith',
    form_id: 'contact-us',
    submitted_at: '2025-06-01T10:00:00Z',
    ...fields,
  };
  return Object.fromEntries(Object.entries(base).filter((e): e is [string, string] => e[1] !== undefined));
}
