import { describe, expect, it } from 'vitest';
import { KeyedMutex } from '../../src/store/keyed-mutex.js';

/** A promise with its resolver, to hold a lock open until the test lets go. */
function gate(): { opened: Promise<void>; open: () => void } {
  let open: () => void = () => {};
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { opened, open };
}

const tick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe('KeyedMutex', () => {
  it('serves waiters for a key in arrival order', async () => {
    const mutex = new KeyedMutex();
    const order: number[] = [];
    const first = gate();
    const holder = mutex.withKeys(['email:a'], () => first.opened);
    const waiters = [1, 2, 3, 4].map((n) =>
      mutex.withKeys(['email:a'], async () => {
        order.push(n);
        await tick();
      }),
    );
    await tick();
    expect(order).toEqual([]);
    first.open();
    await Promise.all([holder, ...waiters]);
    expect(order).toEqual([1, 2, 3, 4]);
  });

  it('does not let a newcomer overtake a waiter when a key is released', async () => {
    const mutex = new KeyedMutex();
    const order: string[] = [];
    const held = gate();
    const holder = mutex.withKeys(['k'], () => held.opened);
    const waiter = mutex.withKeys(['k'], async () => void order.push('waiter'));
    held.open();
    await holder;
    const newcomer = mutex.withKeys(['k'], async () => void order.push('newcomer'));
    await Promise.all([waiter, newcomer]);
    expect(order).toEqual(['waiter', 'newcomer']);
  });

  it('takes all keys of a set before running, whatever order they are given in', async () => {
    const mutex = new KeyedMutex();
    const held = gate();
    const holder = mutex.withKeys(['b'], () => held.opened);
    let ran = false;
    const both = mutex.withKeys(['b', 'a'], async () => {
      ran = true;
    });
    await tick();
    expect(ran).toBe(false);
    // Keys are taken in sorted order: the set already holds `a` while it waits for `b`.
    let aFree = false;
    const onlyA = mutex.withKeys(['a'], async () => {
      aFree = true;
    });
    await tick();
    expect(aFree).toBe(false);
    held.open();
    await Promise.all([holder, both, onlyA]);
    expect([ran, aFree]).toEqual([true, true]);
    expect(mutex.heldKeys).toBe(0);
  });

  it('releases every key when the function throws, and counts a repeated key once', async () => {
    const mutex = new KeyedMutex();
    await expect(
      mutex.withKeys(['a', 'b', 'a'], async () => {
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(mutex.heldKeys).toBe(0);
    expect(await mutex.withKeys(['b', 'a'], async () => 'free')).toBe('free');
  });
});
