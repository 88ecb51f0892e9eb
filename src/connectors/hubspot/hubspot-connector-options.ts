import { DEFAULT_RETRY_POLICY, type RetryPolicy } from './retry-policy.js';
import type { LookupLimits } from './key-lookup-plan.js';

export interface BucketOptions {
  readonly capacity?: number;
  readonly refillPerSecond?: number;
}

export interface HubSpotConnectorOptions {
  /** Private-app or OAuth access token. Never logged or put in error messages. */
  readonly accessToken: string;
  /** Default `https://api.hubapi.com`; the emulator's URL in tests. */
  readonly basePath?: string;
  /** The unique-value property that holds Lanekeeper's entity id on every object it writes. */
  readonly anchorProperty?: string;
  /**
   * Unique-value properties per object, besides the anchor, that HubSpot can read by value (batch read with
   * `idProperty`), hence without search lag. Default: `email` on contacts.
   */
  readonly uniqueProperties?: Readonly<Record<string, readonly string[]>>;
  /**
   * Per object, the property holding a record's further email addresses (`;`-separated). Default:
   * `hs_additional_emails` on contacts.
   */
  readonly secondaryEmailProperties?: Readonly<Record<string, string>>;
  readonly retry?: Partial<RetryPolicy>;
  /** Default 10 at once then 15/s: at most 160 per 10 s, under the 190 of HubSpot's top private-app tier. */
  readonly rateLimit?: BucketOptions;
  /** Default 1 then 3/s: at most 4 per second, under search's 5. */
  readonly searchRateLimit?: BucketOptions;
  readonly lookupLimits?: Partial<LookupLimits>;
  /** Page size of `listAll` (HubSpot allows at most 100). */
  readonly listPageSize?: number;
  /** Results one search query can page through (HubSpot: 10 000); the changed-records listing restarts before it. */
  readonly searchResultCap?: number;
  /** Seams for tests: jitter source, waiting, and the time the throttle sees. */
  readonly random?: () => number;
  readonly sleep?: (ms: number) => Promise<void>;
  readonly now?: () => number;
}

export interface ResolvedHubSpotOptions {
  readonly accessToken: string;
  readonly basePath: string;
  readonly anchorProperty: string;
  readonly uniqueProperties: Readonly<Record<string, readonly string[]>>;
  readonly secondaryEmailProperties: Readonly<Record<string, string>>;
  readonly retry: RetryPolicy;
  readonly rateLimit: Required<BucketOptions>;
  readonly searchRateLimit: Required<BucketOptions>;
  readonly lookupLimits: LookupLimits;
  readonly listPageSize: number;
  readonly searchResultCap: number;
  readonly random: () => number;
  readonly sleep: (ms: number) => Promise<void>;
  readonly now: () => number;
}

const DEFAULT_LOOKUP_LIMITS: LookupLimits = {
  batchSize: 100,
  maxGroups: 5,
  maxFilters: 18,
  maxValuesPerFilter: 100,
};

export function resolveHubSpotOptions(options: HubSpotConnectorOptions): ResolvedHubSpotOptions {
  if (options.accessToken === '') throw new TypeError('HubSpot connector: accessToken is empty');
  const retry = { ...DEFAULT_RETRY_POLICY, ...options.retry };
  if (!Number.isInteger(retry.attempts) || retry.attempts < 1) {
    throw new RangeError(
      `HubSpot connector: retry.attempts must be a positive integer, got ${retry.attempts}`,
    );
  }
  const listPageSize = options.listPageSize ?? 100;
  if (!Number.isInteger(listPageSize) || listPageSize < 1 || listPageSize > 100) {
    throw new RangeError(`HubSpot connector: listPageSize must be 1–100, got ${listPageSize}`);
  }
  return Object.freeze({
    accessToken: options.accessToken,
    basePath: (options.basePath ?? 'https://api.hubapi.com').replace(/\/+$/, ''),
    anchorProperty: options.anchorProperty ?? 'lanekeeper_id',
    uniqueProperties: options.uniqueProperties ?? { contacts: ['email'] },
    secondaryEmailProperties: options.secondaryEmailProperties ?? { contacts: 'hs_additional_emails' },
    retry,
    rateLimit: { capacity: 10, refillPerSecond: 15, ...options.rateLimit },
    searchRateLimit: { capacity: 1, refillPerSecond: 3, ...options.searchRateLimit },
    lookupLimits: { ...DEFAULT_LOOKUP_LIMITS, ...options.lookupLimits },
    listPageSize,
    searchResultCap: options.searchResultCap ?? 10_000,
    random: options.random ?? Math.random,
    sleep: options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))),
    now: options.now ?? Date.now,
  });
}
