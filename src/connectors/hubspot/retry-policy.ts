/** How a connector retries: attempts in total, backoff bounds, and the per-request timeout. */
export interface RetryPolicy {
  /** Attempts in total, the first included. */
  readonly attempts: number;
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
  /** A server asking for a longer wait than this is waited for only this long. */
  readonly maxRetryAfterMs: number;
  readonly timeoutMs: number;
}

/** What a failed attempt means for the next one. */
export interface Failure {
  readonly retryable: boolean;
  /** The server's `Retry-After`, when it sent one. */
  readonly retryAfterMs?: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  attempts: 5,
  baseDelayMs: 250,
  maxDelayMs: 10_000,
  maxRetryAfterMs: 60_000,
  timeoutMs: 30_000,
};

/**
 * The wait before attempt `attempt + 1`: the server's `Retry-After` when present (capped), otherwise
 * exponential backoff with full jitter, a uniform draw in [0, min(max, base · 2^(attempt-1))) — spreading
 * the retries of many writers instead of having them return together.
 */
export function backoffDelayMs(
  attempt: number,
  failure: Failure,
  policy: RetryPolicy,
  random: () => number,
): number {
  if (failure.retryAfterMs !== undefined) return Math.min(failure.retryAfterMs, policy.maxRetryAfterMs);
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  return Math.floor(random() * ceiling);
}

/** `Retry-After` as delta-seconds or an HTTP date; `undefined` when absent or unreadable. */
export function parseRetryAfter(value: string | undefined, now: number): number | undefined {
  if (value === undefined) return undefined;
  const text = value.trim();
  if (/^\d+(\.\d+)?$/.test(text)) return Math.round(Number(text) * 1_000);
  const at = Date.parse(text);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}
