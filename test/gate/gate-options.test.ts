import { describe, expect, it } from 'vitest';
import { gateConfig, type GateOptions } from '../../src/gate/gate-options.js';
import type { StateStore } from '../../src/store/state-store.js';

/** Options over a stand-in store: `gateConfig` reads nothing of the store but its lock capacity. */
function options(lockHolders: number | undefined, rest: Partial<GateOptions> = {}): GateOptions {
  const store = { backend: 'postgres', ...(lockHolders === undefined ? {} : { lockHolders }) };
  return { store: store as StateStore, lanes: [], connectors: {}, ...rest };
}

describe('gate options', () => {
  it('keeps 8 events in flight per worker by default', () => {
    expect(gateConfig(options(undefined))).toMatchObject({ workers: 4, batch: 8 });
    expect(gateConfig(options(undefined, { workers: 2, batch: 32 }))).toMatchObject({ batch: 32 });
  });

  it("leases no more at once than the store's lock holders can serve, and at least one per worker", () => {
    expect(gateConfig(options(10))).toMatchObject({ workers: 4, batch: 2 });
    expect(gateConfig(options(10, { workers: 1 }))).toMatchObject({ batch: 8 });
    expect(gateConfig(options(10, { workers: 16 }))).toMatchObject({ batch: 1 });
  });

  it('refuses a batch that is not a whole number of at least 1', () => {
    expect(() => gateConfig(options(undefined, { batch: 0 }))).toThrow(/batch must be a whole number ≥ 1/);
    expect(() => gateConfig(options(undefined, { batch: 2.5 }))).toThrow(/batch/);
  });
});
