import type { StateStore } from '../../src/store/state-store.js';

/** The store with each method's calls and time to settle (waits for locks and the disk included) added up. */
export function timedStore(
  store: StateStore,
  timings: Map<string, { calls: number; ms: number }>,
): StateStore {
  return new Proxy(store, {
    get(target, property, receiver) {
      const value: unknown = Reflect.get(target, property, receiver);
      if (typeof value !== 'function' || typeof property !== 'string' || property === 'withLocks')
        return typeof value === 'function' ? value.bind(target) : value;
      return (...args: unknown[]) => {
        const started = performance.now();
        const settle = (): void => {
          const entry = timings.get(property) ?? { calls: 0, ms: 0 };
          entry.calls++;
          entry.ms += performance.now() - started;
          timings.set(property, entry);
        };
        const result = (value as (...a: unknown[]) => unknown).apply(target, args);
        if (result instanceof Promise) return result.finally(settle);
        settle();
        return result;
      };
    },
  });
}

export function timingTable(timings: ReadonlyMap<string, { calls: number; ms: number }>): string {
  const rows = [...timings].sort((a, b) => b[1].ms - a[1].ms);
  return [
    '| store method | calls | total ms | mean ms |',
    '|---|---|---|---|',
    ...rows.map(
      ([name, t]) => `| ${name} | ${t.calls} | ${t.ms.toFixed(0)} | ${(t.ms / t.calls).toFixed(3)} |`,
    ),
  ].join('\n');
}
