export interface RateDecision {
  readonly allowed: boolean;
  /** Requests left in the window after this one. */
  readonly remaining: number;
  /** When refused: how long until the oldest request leaves the window. */
  readonly retryAfterMs: number;
}

/** HubSpot's rolling-window limit: at most `max` requests per key in any `windowMs`. */
export class RollingWindowLimiter {
  private readonly hits = new Map<string, number[]>();

  constructor(
    readonly max: number,
    readonly windowMs: number,
  ) {}

  take(key: string, now: number): RateDecision {
    const hits = this.prune(key, now);
    if (hits.length >= this.max) {
      const oldest = hits[0] ?? now;
      return { allowed: false, remaining: 0, retryAfterMs: Math.max(0, oldest + this.windowMs - now) };
    }
    hits.push(now);
    return { allowed: true, remaining: this.max - hits.length, retryAfterMs: 0 };
  }

  remaining(key: string, now: number): number {
    return this.max - this.prune(key, now).length;
  }

  private prune(key: string, now: number): number[] {
    let hits = this.hits.get(key);
    if (hits === undefined) {
      hits = [];
      this.hits.set(key, hits);
    }
    let expired = 0;
    while (expired < hits.length && hits[expired]! <= now - this.windowMs) expired += 1;
    if (expired > 0) hits.splice(0, expired);
    return hits;
  }
}
