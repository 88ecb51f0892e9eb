/** How failed write attempts are retried. */
export interface RetryPolicy {
  /** Attempts in all (the first included) before an event is dead-lettered. */
  readonly maxAttempts: number;
  /** Delay before the second attempt; doubles with each further one. */
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
  /** Share of the delay drawn at random (0.2 → ±20 %), so that retries of many events spread out. */
  readonly jitter: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxAttempts: 6,
  baseDelayMs: 1_000,
  maxDelayMs: 5 * 60_000,
  jitter: 0.2,
};

/**
 * Delay before the next attempt after `attempts` failed ones (1 → base), exponential with jitter, or
 * `undefined` when the attempts are used up. `random` returns a value in [0, 1).
 */
export function retryDelay(policy: RetryPolicy, attempts: number, random: () => number): number | undefined {
  if (attempts >= policy.maxAttempts) return undefined;
  const exponential = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, attempts - 1));
  const spread = exponential * policy.jitter * (2 * random() - 1);
  return Math.max(0, Math.round(exponential + spread));
}
