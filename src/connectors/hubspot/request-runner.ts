import { backoffDelayMs, type Failure, type RetryPolicy } from './retry-policy.js';
import type { TokenBucket } from './token-bucket.js';

/** An attempt that got no answer within the policy's timeout. */
export class RequestTimeoutError extends Error {
  constructor(readonly timeoutMs: number) {
    super(`no response within ${timeoutMs} ms`);
    this.name = 'RequestTimeoutError';
  }
}

export interface RunnerOptions {
  readonly policy: RetryPolicy;
  /** Says whether a thrown error is worth another attempt (and how long the server asked us to wait). */
  readonly classify: (error: unknown) => Failure;
  readonly random: () => number;
  readonly sleep: (ms: number) => Promise<void>;
  readonly now: () => number;
}

/**
 * The one place a connector's calls are throttled, timed out and retried, so that each API method is written
 * once as a single attempt. The last error is rethrown as is; the caller maps it.
 */
export class RequestRunner<Lane extends string> {
  constructor(
    private readonly options: RunnerOptions,
    private readonly buckets: Readonly<Record<Lane, TokenBucket>>,
  ) {}

  /** `attempts` overrides the policy's (1: a probe, tried once). */
  async run<T>(lane: Lane, attempt: () => Promise<T>, attempts?: number): Promise<T> {
    const { policy, classify, random, sleep, now } = this.options;
    const limit = attempts ?? policy.attempts;
    for (let n = 1; ; n += 1) {
      const wait = this.buckets[lane].reserve(now());
      if (wait > 0) await sleep(wait);
      try {
        return await withTimeout(attempt(), policy.timeoutMs);
      } catch (error) {
        const failure = classify(error);
        if (!failure.retryable || n >= limit) throw error;
        await sleep(backoffDelayMs(n, failure, policy, random));
      }
    }
  }
}

async function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new RequestTimeoutError(ms)), ms);
  });
  try {
    return await Promise.race([promise, deadline]);
  } finally {
    clearTimeout(timer);
  }
}
