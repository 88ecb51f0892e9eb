import { OBJECT_TYPES, type ObjectType } from './object-types.js';
import type { CustomPropertySpec } from './property-catalog.js';

export interface RateLimitOptions {
  /** Requests per token in the rolling window (HubSpot private apps: 100–190 per 10 s by tier). */
  readonly max?: number;
  readonly windowMs?: number;
  /** Search has its own, much lower, per-second limit. */
  readonly searchPerSecond?: number;
  /** HubSpot does not document `Retry-After` on 429; send it only when asked. */
  readonly retryAfter?: boolean;
}

export interface SearchLimitOptions {
  readonly maxGroups?: number;
  readonly maxFiltersPerGroup?: number;
  readonly maxFilters?: number;
  readonly maxLimit?: number;
  /** Results reachable by paging one query. */
  readonly maxResults?: number;
}

export interface FaultOptions {
  /** Seeds the fault draws, so that a run with the same requests sees the same faults. */
  readonly seed?: number;
  /** Probability of answering with one of `errorStatuses` before processing. */
  readonly errorRate?: number;
  readonly errorStatuses?: readonly number[];
  /** Probability of applying the request and then losing the response. */
  readonly timeoutAfterCommitRate?: number;
  /** `drop`: the connection closes at once; `hang`: nothing is sent for `hangMs`, then it closes. */
  readonly timeoutMode?: 'drop' | 'hang';
  readonly hangMs?: number;
  /** Extra latency added to every request: a fixed value or a `[min, max]` range. */
  readonly latencyMs?: number | readonly [number, number];
}

export interface HubSpotEmulatorOptions {
  readonly host?: string;
  /** 0 picks a free port. */
  readonly port?: number;
  /** Bearer tokens accepted; anything else gets 401. */
  readonly tokens?: readonly string[];
  /**
   * Unique-value properties per object besides contact `email`; usable as `idProperty`. Default:
   * `lanekeeper_id` on contacts and companies.
   */
  readonly uniqueProperties?: Partial<Record<ObjectType, readonly string[]>>;
  /**
   * Properties per object that a write may not set: 400 VALIDATION_ERROR (`READ_ONLY_VALUE`). Default none.
   * Whether HubSpot's v3 API takes writes of contact `hs_additional_emails` is unverified (its secondary
   * addresses also have an API of their own): make it read-only here to try a target that refuses them.
   */
  readonly readOnlyProperties?: Partial<Record<ObjectType, readonly string[]>>;
  /**
   * The portal's custom properties per object (`GET /crm/v3/properties/{object}` lists them with HubSpot's
   * built-in ones). Default: the `uniqueProperties` with unique values, and `lanekeeper_sources` — a portal
   * set up for Lanekeeper. `{contacts: [], companies: []}` is a portal nobody has set up.
   */
  readonly customProperties?: Partial<Record<ObjectType, readonly CustomPropertySpec[]>>;
  /**
   * Scopes granted to every accepted token (`crm.objects.contacts.write`, `crm.schemas.contacts.read`, …);
   * a request needing another is answered 403 MISSING_SCOPES. Default: every CRM object and schema scope.
   */
  readonly scopes?: readonly string[];
  /** How long a write takes to become visible to search. */
  readonly indexingDelayMs?: number;
  readonly rateLimit?: RateLimitOptions;
  readonly searchLimits?: SearchLimitOptions;
  readonly batchLimit?: number;
  readonly maxBodyBytes?: number;
  readonly faults?: FaultOptions;
  /** Time source for records, index lag and rate windows; `frozenAt` starts the clock frozen. */
  readonly clock?: { readonly now?: () => number; readonly frozenAt?: number };
  readonly firstId?: number;
  /**
   * What a read of a merged-away id answers (HubSpot's behaviour is not documented): the record it was
   * merged into (`survivor`, the default) or 404 (`not_found`).
   */
  readonly mergedReads?: 'survivor' | 'not_found';
}

export interface ResolvedEmulatorOptions {
  readonly host: string;
  readonly port: number;
  readonly tokens: readonly string[];
  readonly uniqueProperties: Readonly<Record<ObjectType, readonly string[]>>;
  readonly readOnlyProperties: Readonly<Record<ObjectType, readonly string[]>>;
  readonly customProperties: Readonly<Record<ObjectType, readonly CustomPropertySpec[]>>;
  readonly scopes: readonly string[];
  readonly indexingDelayMs: number;
  readonly rateLimit: Required<RateLimitOptions>;
  readonly searchLimits: Required<SearchLimitOptions>;
  readonly batchLimit: number;
  readonly listLimit: number;
  readonly maxBodyBytes: number;
  readonly faults: Required<FaultOptions>;
  readonly firstId: number;
  readonly mergedReads: 'survivor' | 'not_found';
}

export const DEFAULT_TOKEN = 'pat-emulator-token';

/** Every scope of the objects the emulator serves: what a token is granted unless told otherwise. */
export const ALL_SCOPES: readonly string[] = OBJECT_TYPES.flatMap((o) => [
  `crm.objects.${o}.read`,
  `crm.objects.${o}.write`,
  `crm.schemas.${o}.read`,
  `crm.schemas.${o}.write`,
]);

/** The anchor's unique values and the provenance property: a portal set up for Lanekeeper. */
function customPropertiesOf(
  type: ObjectType,
  options: HubSpotEmulatorOptions,
): { custom: readonly CustomPropertySpec[]; unique: readonly string[] } {
  const given = options.customProperties?.[type];
  if (given !== undefined)
    return {
      custom: given,
      unique:
        options.uniqueProperties?.[type] ?? given.filter((p) => p.hasUniqueValue === true).map((p) => p.name),
    };
  const unique = options.uniqueProperties?.[type] ?? ['lanekeeper_id'];
  return {
    custom: [
      ...unique.map((name) => ({ name, hasUniqueValue: true })),
      ...(unique.includes('lanekeeper_sources') ? [] : [{ name: 'lanekeeper_sources' }]),
    ],
    unique,
  };
}

export function resolveEmulatorOptions(options: HubSpotEmulatorOptions = {}): ResolvedEmulatorOptions {
  const faults = options.faults ?? {};
  const contacts = customPropertiesOf('contacts', options);
  const companies = customPropertiesOf('companies', options);
  const resolved: ResolvedEmulatorOptions = {
    host: options.host ?? '127.0.0.1',
    port: options.port ?? 0,
    tokens: options.tokens ?? [DEFAULT_TOKEN],
    uniqueProperties: { contacts: contacts.unique, companies: companies.unique },
    customProperties: { contacts: contacts.custom, companies: companies.custom },
    scopes: options.scopes ?? ALL_SCOPES,
    readOnlyProperties: {
      contacts: options.readOnlyProperties?.contacts ?? [],
      companies: options.readOnlyProperties?.companies ?? [],
    },
    indexingDelayMs: options.indexingDelayMs ?? 2_000,
    rateLimit: {
      max: options.rateLimit?.max ?? 190,
      windowMs: options.rateLimit?.windowMs ?? 10_000,
      searchPerSecond: options.rateLimit?.searchPerSecond ?? 5,
      retryAfter: options.rateLimit?.retryAfter ?? false,
    },
    searchLimits: {
      maxGroups: options.searchLimits?.maxGroups ?? 5,
      maxFiltersPerGroup: options.searchLimits?.maxFiltersPerGroup ?? 6,
      maxFilters: options.searchLimits?.maxFilters ?? 18,
      maxLimit: options.searchLimits?.maxLimit ?? 200,
      maxResults: options.searchLimits?.maxResults ?? 10_000,
    },
    batchLimit: options.batchLimit ?? 100,
    listLimit: 100,
    maxBodyBytes: options.maxBodyBytes ?? 3_000_000,
    faults: {
      seed: faults.seed ?? 1,
      errorRate: faults.errorRate ?? 0,
      errorStatuses: faults.errorStatuses ?? [500, 502, 503],
      timeoutAfterCommitRate: faults.timeoutAfterCommitRate ?? 0,
      timeoutMode: faults.timeoutMode ?? 'drop',
      hangMs: faults.hangMs ?? 1_000,
      latencyMs: faults.latencyMs ?? 0,
    },
    firstId: options.firstId ?? 101,
    mergedReads: options.mergedReads ?? 'survivor',
  };
  return Object.freeze(resolved);
}
