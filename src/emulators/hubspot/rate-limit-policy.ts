import { correlationId } from './hubspot-error.js';
import type { ResolvedEmulatorOptions } from './emulator-options.js';
import { RollingWindowLimiter } from './rate-limiter.js';

export interface RateVerdict {
  readonly allowed: boolean;
  readonly headers: Record<string, string>;
  /** The 429 body when refused. */
  readonly body?: Record<string, unknown>;
}

const TEN_SECONDLY_MESSAGE = 'You have reached your ten_secondly_rolling limit.';
/** The SDK's own retry decorator keys on this exact text. */
const SECONDLY_MESSAGE = 'You have reached your secondly limit.';

/**
 * HubSpot's limits per access token: a rolling window for the API as a whole (the "ten-secondly" policy)
 * and a separate per-second limit for search, which does not count against the window.
 */
export class RateLimitPolicy {
  private readonly window: RollingWindowLimiter;
  private readonly search: RollingWindowLimiter;

  constructor(private readonly options: ResolvedEmulatorOptions['rateLimit']) {
    this.window = new RollingWindowLimiter(options.max, options.windowMs);
    this.search = new RollingWindowLimiter(options.searchPerSecond, 1_000);
  }

  check(token: string, isSearch: boolean, now: number): RateVerdict {
    const headers: Record<string, string> = {
      'X-HubSpot-RateLimit-Max': String(this.options.max),
      'X-HubSpot-RateLimit-Interval-Milliseconds': String(this.options.windowMs),
    };
    const limiter = isSearch ? this.search : this.window;
    const decision = limiter.take(token, now);
    headers['X-HubSpot-RateLimit-Remaining'] = String(
      isSearch ? this.window.remaining(token, now) : decision.remaining,
    );
    if (isSearch) {
      headers['X-HubSpot-RateLimit-Secondly'] = String(this.options.searchPerSecond);
      headers['X-HubSpot-RateLimit-Secondly-Remaining'] = String(decision.remaining);
    }
    if (decision.allowed) return { allowed: true, headers };
    if (this.options.retryAfter) {
      headers['Retry-After'] = String(Math.max(1, Math.ceil(decision.retryAfterMs / 1_000)));
    }
    return { allowed: false, headers, body: rateLimitBody(isSearch ? 'secondly' : 'ten-secondly') };
  }
}

export function rateLimitBody(policy: 'secondly' | 'ten-secondly'): Record<string, unknown> {
  return policy === 'secondly'
    ? {
        status: 'error',
        message: SECONDLY_MESSAGE,
        errorType: 'RATE_LIMIT',
        correlationId: correlationId(),
        policyName: 'SECONDLY',
        groupName: 'publicapi:crm-search',
      }
    : {
        status: 'error',
        message: TEN_SECONDLY_MESSAGE,
        errorType: 'RATE_LIMIT',
        correlationId: correlationId(),
        policyName: 'TEN_SECONDLY_ROLLING',
        groupName: 'publicapi:private-app:emulator',
      };
}
