/**
 * The state store conformance suite: one set of behaviours, run against every backend on a real database.
 * A backend test file supplies fresh databases, names what its backend does not promise, and removes the
 * databases afterwards.
 */
import { afterEach, describe } from 'vitest';
import { openStateStore, type StateStoreConfig } from '../../src/store/open-state-store.js';
import type { StateStore } from '../../src/store/state-store.js';
import { eventCases } from './conformance/event-cases.js';
import { identityCases } from './conformance/identity-cases.js';
import { laneCases } from './conformance/lane-cases.js';
import { lockCases } from './conformance/lock-cases.js';
import { operatorCases } from './conformance/operator-cases.js';
import { targetIndexCases } from './conformance/target-index-cases.js';
import { writeCases } from './conformance/write-cases.js';
import type { BackendCapabilities, ConformanceContext } from './conformance/context.js';

export type { BackendCapabilities } from './conformance/context.js';

export interface StoreHarness {
  /** Where a new, empty database lives (a new file, a new schema). */
  newDatabase(): Promise<StateStoreConfig>;
  readonly capabilities: BackendCapabilities;
  /** Called once the stores on a database from `newDatabase` are closed, at the end of each test. */
  release?(config: StateStoreConfig): Promise<void>;
}

export function describeStateStoreConformance(name: string, harness: StoreHarness): void {
  describe(`state store conformance: ${name}`, () => {
    const open: StateStore[] = [];
    const databases: StateStoreConfig[] = [];
    const configs = new Map<StateStore, StateStoreConfig>();

    async function openTracked(config: StateStoreConfig): Promise<StateStore> {
      const store = await openStateStore(config);
      open.push(store);
      configs.set(store, config);
      return store;
    }

    function configOf(store: StateStore): StateStoreConfig {
      const config = configs.get(store);
      if (config === undefined) throw new Error('store was not opened by this suite');
      return config;
    }

    const context: ConformanceContext = {
      capabilities: harness.capabilities,
      fresh: async () => {
        const config = await harness.newDatabase();
        databases.push(config);
        return openTracked(config);
      },
      sibling: (store) => openTracked(configOf(store)),
      configOf,
      reopen: async (store) => {
        await store.close();
        return openTracked(configOf(store));
      },
    };

    afterEach(async () => {
      await Promise.all(open.splice(0).map((store) => store.close()));
      for (const config of databases.splice(0)) await harness.release?.(config);
    });

    eventCases(context);
    identityCases(context);
    operatorCases(context);
    lockCases(context);
    writeCases(context);
    laneCases(context);
    targetIndexCases(context);
  });
}
