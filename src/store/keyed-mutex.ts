/**
 * In-process exclusive locks by key. Waiters are served first come, first served: a release hands the key
 * straight to the next waiter, so a steady stream of newcomers cannot starve it. Not reentrant: a holder that
 * asks for a key it already holds waits forever.
 */
export class KeyedMutex {
  /** Present while a key is held; the queue holds the waiters in arrival order. */
  private readonly waiters = new Map<string, (() => void)[]>();

  /** Runs `fn` holding every key; keys are taken in sorted order (no deadlock) and released in reverse. */
  async withKeys<T>(keys: readonly string[], fn: () => Promise<T>): Promise<T> {
    const sorted = sortedUnique(keys);
    for (const key of sorted) await this.acquire(key);
    try {
      return await fn();
    } finally {
      for (const key of [...sorted].reverse()) this.release(key);
    }
  }

  /** Keys currently held (for diagnostics and tests). */
  get heldKeys(): number {
    return this.waiters.size;
  }

  private acquire(key: string): Promise<void> {
    const queue = this.waiters.get(key);
    if (queue === undefined) {
      this.waiters.set(key, []);
      return Promise.resolve();
    }
    return new Promise((resolve) => queue.push(resolve));
  }

  private release(key: string): void {
    const queue = this.waiters.get(key);
    const next = queue?.shift();
    if (next !== undefined) next();
    else this.waiters.delete(key);
  }
}

export function sortedUnique(keys: readonly string[]): string[] {
  return [...new Set(keys)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}
