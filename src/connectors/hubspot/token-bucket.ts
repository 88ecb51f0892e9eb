/**
 * Client-side throttle: `capacity` requests may go at once, then `refillPerSecond`. In any window of W
 * seconds at most `capacity + refillPerSecond · W` requests start, which is how the defaults stay under
 * HubSpot's limits. Reservations are taken in call order, so waiting callers keep their turn.
 */
export class TokenBucket {
  private tokens: number;
  private last: number;

  constructor(
    readonly capacity: number,
    readonly refillPerSecond: number,
    now: number,
  ) {
    if (capacity < 1 || refillPerSecond <= 0) {
      throw new RangeError('A token bucket needs capacity ≥ 1 and a positive refill rate');
    }
    this.tokens = capacity;
    this.last = now;
  }

  /** Takes one token and returns how many milliseconds the caller must wait before using it. */
  reserve(now: number): number {
    const elapsed = Math.max(0, now - this.last);
    this.tokens = Math.min(this.capacity, this.tokens + (elapsed * this.refillPerSecond) / 1_000);
    this.last = Math.max(this.last, now);
    this.tokens -= 1;
    return this.tokens >= 0 ? 0 : Math.ceil((-this.tokens * 1_000) / this.refillPerSecond);
  }
}
