import { describe, expect, it } from 'vitest';
import { settleWithin } from '../../src/server/settle-within.js';

const never = new Promise<void>(() => {});

describe('settleWithin', () => {
  it('says whether the work settled before the bound, counting a rejection as settled', async () => {
    expect(await settleWithin(Promise.resolve(), 1_000)).toBe(true);
    expect(await settleWithin(Promise.reject(new Error('x')), 1_000)).toBe(true);
    expect(await settleWithin(never, 5)).toBe(false);
  });

  it('treats a bound too long for a timer as no bound', async () => {
    let done!: () => void;
    const work = new Promise<void>((resolve) => (done = resolve));
    const waiting = settleWithin(work, 2 ** 40);
    await new Promise((resolve) => setTimeout(resolve, 20));
    done();
    expect(await waiting).toBe(true);
  });
});
