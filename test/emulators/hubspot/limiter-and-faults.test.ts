import { describe, expect, it } from 'vitest';
import { EmulatorClock } from '../../../src/emulators/hubspot/emulator-clock.js';
import { resolveEmulatorOptions } from '../../../src/emulators/hubspot/emulator-options.js';
import { FaultPlan } from '../../../src/emulators/hubspot/fault-plan.js';
import { RollingWindowLimiter } from '../../../src/emulators/hubspot/rate-limiter.js';

describe('RollingWindowLimiter', () => {
  it('allows max requests per rolling window per key and says when room returns', () => {
    const limiter = new RollingWindowLimiter(3, 10_000);
    expect(limiter.take('a', 0)).toEqual({ allowed: true, remaining: 2, retryAfterMs: 0 });
    limiter.take('a', 4_000);
    limiter.take('a', 9_000);
    expect(limiter.take('a', 9_500)).toEqual({ allowed: false, remaining: 0, retryAfterMs: 500 });
    expect(limiter.take('b', 9_500).allowed).toBe(true);
    // The request at 0 leaves the window at 10 000; the one at 4 000 is still in it.
    expect(limiter.take('a', 10_000)).toEqual({ allowed: true, remaining: 0, retryAfterMs: 0 });
    expect(limiter.take('a', 10_001).allowed).toBe(false);
    expect(limiter.remaining('a', 14_000)).toBe(1);
  });
});

describe('FaultPlan', () => {
  const options = (faults: Parameters<typeof resolveEmulatorOptions>[0]) =>
    resolveEmulatorOptions(faults).faults;

  it('draws the same faults for the same seed', () => {
    const config = options({
      faults: { seed: 42, errorRate: 0.3, timeoutAfterCommitRate: 0.2, latencyMs: [0, 50] },
    });
    const run = () => {
      const plan = new FaultPlan(config);
      return Array.from({ length: 50 }, () => plan.next('create'));
    };
    const first = run();
    expect(run()).toEqual(first);
    expect(first.some((d) => d.status !== undefined)).toBe(true);
    expect(first.some((d) => d.afterCommit === 'drop')).toBe(true);
    expect(first.every((d) => d.latencyMs >= 0 && d.latencyMs <= 50)).toBe(true);
  });

  it('injected faults come first, for the named endpoint only, the given number of times', () => {
    const plan = new FaultPlan(options({}));
    plan.inject({ kind: 'status', status: 503 }, 2, 'batch/upsert');
    plan.inject({ kind: 'timeout-after-commit', mode: 'hang' });
    expect(plan.next('batch/upsert').status).toBe(503);
    expect(plan.next('create').afterCommit).toBe('hang');
    expect(plan.next('create')).toEqual({ latencyMs: 0 });
    expect(plan.next('batch/upsert').status).toBe(503);
    expect(plan.next('batch/upsert')).toEqual({ latencyMs: 0 });
  });
});

describe('EmulatorClock', () => {
  it('runs from its source with an offset, or frozen', () => {
    let t = 1_000;
    const clock = new EmulatorClock(() => t);
    clock.advance(500);
    t = 2_000;
    expect(clock.now()).toBe(2_500);
    clock.set(10);
    t = 9_999;
    clock.advance(5);
    expect(clock.now()).toBe(15);
  });
});
