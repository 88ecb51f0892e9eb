import type { StateStore } from '../../src/store/state-store.js';

export interface MethodTiming {
  readonly method: string;
  readonly calls: number;
  /** Wall time from call to settlement, summed: time in the store and time waiting for it (pool, locks). */
  readonly totalMs: number;
  readonly meanMs: number;
}

/**
 * Wraps a state store so that every method call's wall time is summed per method. `withLocks` is timed
 * up to the moment the locks are held (its `fn` runs outside the measurement).
 */
export function timedStore(store: StateStore): { store: StateStore; timings: () => MethodTiming[] } {
  const totals = new Map<string, { calls: number; ms: number }>();
  const add = (method: string, ms: number): void => {
    const t = totals.get(method) ?? { calls: 0, ms: 0 };
    t.calls++;
    t.ms += ms;
    totals.set(method, t);
  };
  const proxy = new Proxy(store, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver) as unknown;
      if (typeof value !== 'function' || typeof property !== 'string') return value;
      const method = value as (...args: unknown[]) => unknown;
      if (property === 'withLocks')
        return (keys: readonly string[], fn: () => Promise<unknown>) => {
          const started = performance.now();
          return method.call(target, keys, () => {
            add('withLocks (acquire)', performance.now() - started);
            return fn();
          });
        };
      return (...args: unknown[]) => {
        const started = performance.now();
        const result = method.apply(target, args);
        if (!(result instanceof Promise)) return result;
        return result.finally(() => add(property, performance.now() - started));
      };
    },
  });
  return {
    store: proxy,
    timings: () =>
      [...totals]
        .map(([method, t]) => ({ method, calls: t.calls, totalMs: t.ms, meanMs: t.ms / t.calls }))
        .sort((a, b) => b.totalMs - a.totalMs),
  };
}
