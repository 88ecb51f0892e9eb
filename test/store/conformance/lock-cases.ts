import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sleep, within, type ConformanceContext } from './context.js';

export function lockCases(context: ConformanceContext): void {
  describe('withLocks', () => {
    it('never runs overlapping key sets at once and never deadlocks, whatever the key order', async () => {
      const store = await context.fresh();
      // Where locks hold across processes, half the callers go through a second store instance.
      const stores = context.capabilities.locksAcrossStores ? [store, await context.sibling(store)] : [store];
      const keySet = fc.uniqueArray(fc.constantFrom('email:a', 'email:b', 'phone:c', 'phone:d', 'name:e'), {
        minLength: 1,
        maxLength: 3,
      });
      await fc.assert(
        fc.asyncProperty(
          fc.array(fc.tuple(keySet, fc.nat(3)), { minLength: 2, maxLength: 24 }),
          async (tasks) => {
            const holders = new Map<string, number>();
            const overlaps: string[] = [];
            const runs = tasks.map(([keys, pauseMs], task) =>
              (stores[task % stores.length] ?? store).withLocks(keys, async () => {
                for (const key of keys) {
                  if (holders.has(key)) overlaps.push(`${key}: ${holders.get(key)} and ${task}`);
                  holders.set(key, task);
                }
                await sleep(pauseMs);
                for (const key of keys) if (holders.get(key) === task) holders.delete(key);
                return task;
              }),
            );
            expect(await within(10_000, 'concurrent lock sets', Promise.all(runs))).toEqual(
              tasks.map((_, i) => i),
            );
            expect(overlaps).toEqual([]);
          },
        ),
        // A deadlock leaves locks held for good, so shrinking could only time out again: report the first case.
        { numRuns: 15, endOnFailure: true },
      );
    });

    it('runs disjoint key sets at the same time', async () => {
      const store = await context.fresh();
      let secondEntered: () => void = () => {};
      const entered = new Promise<void>((resolve) => (secondEntered = resolve));
      // The first holder waits inside its lock for the second to enter: only possible if both run at once.
      const first = store.withLocks(['email:a', 'phone:1'], async () => {
        await entered;
        return 'first';
      });
      const second = store.withLocks(['email:b', 'phone:2'], async () => {
        secondEntered();
        return 'second';
      });
      expect(await within(5_000, 'disjoint lock sets', Promise.all([first, second]))).toEqual([
        'first',
        'second',
      ]);
    });

    it('does not deadlock on the same keys asked for in opposite orders', async () => {
      const store = await context.fresh();
      let inside = 0;
      let most = 0;
      const run = (keys: string[]) =>
        store.withLocks(keys, async () => {
          most = Math.max(most, ++inside);
          await sleep(1);
          inside--;
        });
      const runs = Array.from({ length: 20 }, (_, i) => run(i % 2 === 0 ? ['k:a', 'k:b'] : ['k:b', 'k:a']));
      await within(10_000, 'opposite key orders', Promise.all(runs));
      expect(most).toBe(1);
    });

    it('releases the keys when the function throws, and passes the error on', async () => {
      const store = await context.fresh();
      await expect(
        store.withLocks(['email:a'], async () => {
          throw new Error('target unavailable');
        }),
      ).rejects.toThrow('target unavailable');
      expect(
        await within(
          5_000,
          'lock after a throw',
          store.withLocks(['email:a'], async () => 'again'),
        ),
      ).toBe('again');
      expect(await store.withLocks([], async () => 'no keys')).toBe('no keys');
    });

    it.runIf(context.capabilities.locksAcrossStores)(
      'excludes holders in two store instances (two gateway processes)',
      async () => {
        const store = await context.fresh();
        const other = await context.sibling(store);
        const log: string[] = [];
        let secondDone: Promise<void> = Promise.resolve();
        await store.withLocks(['email:a', 'phone:1'], async () => {
          log.push('first in');
          secondDone = other.withLocks(['phone:1'], async () => {
            log.push('second in');
          });
          await sleep(150);
          log.push('first out');
        });
        await within(5_000, 'second holder', secondDone);
        expect(log).toEqual(['first in', 'first out', 'second in']);
      },
    );
  });
}
