import { setTimeout as sleep } from 'node:timers/promises';
import {
  archiveRecord,
  createRecord,
  listRecords,
  mergeRecords,
  readRecord,
  updateRecord,
} from './basic-handlers.js';
import { batchArchive, batchCreate, batchRead, batchUpdate, batchUpsert } from './batch-handlers.js';
import { EmulatorClock } from './emulator-clock.js';
import {
  resolveEmulatorOptions,
  type HubSpotEmulatorOptions,
  type ResolvedEmulatorOptions,
} from './emulator-options.js';
import { FaultPlan } from './fault-plan.js';
import type { HandlerContext, HandlerResult } from './handler-context.js';
import { correlationId, errorBody, HubSpotError, validationError } from './hubspot-error.js';
import { resolveObjectType, type ObjectType } from './object-types.js';
import { rateLimitBody, RateLimitPolicy } from './rate-limit-policy.js';
import { ObjectStore } from './record-store.js';
import { viewRecord, type RecordView } from './record-view.js';
import { PropertyCatalog } from './property-catalog.js';
import { propertyRoute } from './property-handlers.js';
import { matchRoute, scopeFor, takesBody, type Endpoint, type Route } from './router.js';
import { searchRecords } from './search-handler.js';

export interface EmulatorRequest {
  readonly method: string;
  /** Path and query, as on the request line. */
  readonly url: string;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly body: string;
  /** Set by the HTTP layer when the body exceeded the size limit (and was not kept). */
  readonly bodyTooLarge?: boolean;
}

export interface EmulatorResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: unknown;
  /** The request was applied; the HTTP layer must lose the response (`drop` at once, `hang` then drop). */
  readonly afterCommit?: 'drop' | 'hang';
}

/** A record for `preload`: its properties and, optionally, when it was created and last changed. */
export interface PreloadRecord {
  readonly properties: Readonly<Record<string, string | null>>;
  readonly createdAt?: number;
  readonly updatedAt?: number;
}

/** The API taken down as a whole (`startOutage`). */
export interface Outage {
  readonly status: number;
}

export interface EmulatorStats {
  readonly total: number;
  readonly requests: Readonly<Partial<Record<Endpoint | 'unmatched', number>>>;
  readonly rateLimited: number;
  readonly unauthorized: number;
  readonly faults: {
    readonly errors: number;
    readonly timeoutsAfterCommit: number;
    readonly delayed: number;
  };
}

const STATUS_TEXT: Readonly<Record<number, string>> = {
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
};

/**
 * The HubSpot CRM v3 emulator as an app: `handle` takes a request and gives the response, with no socket,
 * so that it can be tested directly and served on loopback for the real client library.
 */
export class HubSpotEmulatorApp {
  readonly options: ResolvedEmulatorOptions;
  readonly faults: FaultPlan;
  private readonly stores: Readonly<Record<ObjectType, ObjectStore>>;
  private readonly catalogs: Readonly<Record<ObjectType, PropertyCatalog>>;
  private readonly rateLimits: RateLimitPolicy;
  private outage: Outage | undefined;
  private counters = {
    total: 0,
    requests: {} as Partial<Record<Endpoint | 'unmatched', number>>,
    rateLimited: 0,
    unauthorized: 0,
    faults: { errors: 0, timeoutsAfterCommit: 0, delayed: 0 },
  };

  constructor(
    options: HubSpotEmulatorOptions = {},
    readonly clock = new EmulatorClock(options.clock?.now, options.clock?.frozenAt),
  ) {
    this.options = resolveEmulatorOptions(options);
    this.faults = new FaultPlan(this.options.faults);
    this.rateLimits = new RateLimitPolicy(this.options.rateLimit);
    let nextId = this.options.firstId;
    const env = {
      clock: this.clock,
      nextId: () => String(nextId++),
      indexingDelayMs: this.options.indexingDelayMs,
    };
    this.stores = {
      contacts: new ObjectStore('contacts', this.options.uniqueProperties.contacts, env, {
        readOnly: this.options.readOnlyProperties.contacts,
      }),
      companies: new ObjectStore('companies', this.options.uniqueProperties.companies, env, {
        readOnly: this.options.readOnlyProperties.companies,
      }),
    };
    const at = this.clock.now();
    this.catalogs = {
      contacts: new PropertyCatalog('contacts', this.options.customProperties.contacts, at),
      companies: new PropertyCatalog('companies', this.options.customProperties.companies, at),
    };
  }

  async handle(request: EmulatorRequest): Promise<EmulatorResponse> {
    const url = new URL(request.url, 'http://emulator.invalid');
    const route = matchRoute(request.method, url.pathname);
    const endpoint = route?.endpoint ?? 'unmatched';
    this.counters.total += 1;
    this.counters.requests[endpoint] = (this.counters.requests[endpoint] ?? 0) + 1;

    if (this.outage !== undefined) {
      this.counters.faults.errors += 1;
      const { status } = this.outage;
      if (status === 401) return json(401, {}, errorBody('INVALID_AUTHENTICATION', authMessage('revoked')));
      return json(status, {}, faultBody(status));
    }
    if (route?.endpoint === 'token-info') return this.tokenInfo(request.body);
    const token = bearerToken(request.headers.authorization);
    if (token === undefined || !this.options.tokens.includes(token)) {
      this.counters.unauthorized += 1;
      return json(401, {}, errorBody('INVALID_AUTHENTICATION', authMessage(token)));
    }
    const rate = this.rateLimits.check(token, endpoint === 'search', this.clock.now());
    if (!rate.allowed) {
      this.counters.rateLimited += 1;
      return json(429, rate.headers, rate.body);
    }
    if (route === undefined) {
      return json(404, rate.headers, errorBody('OBJECT_NOT_FOUND', `No such endpoint: ${url.pathname}`));
    }
    const type = resolveObjectType(route.object);
    const scope = type === undefined ? undefined : scopeFor(route.endpoint, type);
    if (scope !== undefined && !this.options.scopes.includes(scope))
      return json(403, rate.headers, missingScopes(scope));

    const fault = this.faults.next(endpoint);
    if (fault.latencyMs > 0) {
      this.counters.faults.delayed += 1;
      await sleep(fault.latencyMs);
    }
    if (fault.status !== undefined) {
      this.counters.faults.errors += 1;
      return json(fault.status, rate.headers, faultBody(fault.status));
    }
    const response = this.process(route, url.searchParams, request, rate.headers);
    if (fault.afterCommit === undefined) return response;
    this.counters.faults.timeoutsAfterCommit += 1;
    return { ...response, afterCommit: fault.afterCommit };
  }

  /**
   * Takes the whole API down until `endOutage`: every request is answered with `status` (503 and other
   * 5xx: HubSpot unavailable; 401: the token revoked) before anything is processed.
   */
  startOutage(outage: Outage): void {
    if (!Number.isInteger(outage.status) || outage.status < 400 || outage.status > 599)
      throw new RangeError(`an outage answers with a 4xx or 5xx status, got ${outage.status}`);
    this.outage = { status: outage.status };
  }

  endOutage(): void {
    this.outage = undefined;
  }

  get currentOutage(): Outage | undefined {
    return this.outage;
  }

  /**
   * `POST /oauth/v2/private-apps/get/access-token-info {tokenKey}`: the token's scopes, or 401 for a token
   * the portal does not know. (The response's fields besides `scopes` are the emulator's own guess.)
   */
  private tokenInfo(body: string): EmulatorResponse {
    let tokenKey: unknown;
    try {
      tokenKey = (JSON.parse(body) as { tokenKey?: unknown }).tokenKey;
    } catch {
      tokenKey = undefined;
    }
    if (typeof tokenKey !== 'string')
      return json(400, {}, errorBody('VALIDATION_ERROR', 'tokenKey is required'));
    if (!this.options.tokens.includes(tokenKey))
      return json(401, {}, errorBody('INVALID_AUTHENTICATION', authMessage(tokenKey)));
    return json(200, {}, { userId: 1, hubId: 1, appId: 1, scopes: [...this.options.scopes] });
  }

  stats(): EmulatorStats {
    return structuredClone(this.counters);
  }

  /**
   * Adds records that were in the CRM before anyone synced to it (written by people, imports, other tools):
   * no request, rate limit or statistics, searchable at once, each with its given create and last-modified
   * times (epoch ms; default: now). Values are cleaned as a create's are; a unique value (contact email, the
   * anchor) another record or another input holds is an error naming the input, and nothing is loaded.
   * Returns the new ids in input order.
   */
  preload(object: string, records: readonly PreloadRecord[]): string[] {
    const type = resolveObjectType(object);
    if (type === undefined) throw new Error(`The HubSpot emulator has no object '${object}'`);
    const store = this.stores[type];
    const now = this.clock.now();
    const cleaned = records.map((r) => store.clean(r.properties));
    const seen = new Map<string, number>();
    cleaned.forEach((properties, i) => {
      const held = (property: string, value: string, by: string): HubSpotError =>
        new HubSpotError(
          409,
          'CONFLICT',
          `record ${i}: ${property} '${value}' is held by ${by}; nothing was loaded`,
        );
      const conflict = store.conflictFor(properties);
      if (conflict !== undefined)
        throw held(conflict.property, conflict.value, `record ${conflict.existingId ?? '?'}`);
      for (const property of store.uniqueProperties) {
        const value = properties[property];
        if (value === undefined || value === null) continue;
        const key = `${property}\u0000${store.uniqueKey(property, value)}`;
        const other = seen.get(key);
        if (other !== undefined) throw held(property, value, `input ${other}`);
        seen.set(key, i);
      }
    });
    return cleaned.map((properties, i) => {
      const createdAt = records[i]!.createdAt ?? now;
      return store.create(properties, { createdAt, updatedAt: records[i]!.updatedAt ?? createdAt }).id;
    });
  }

  /** Current (not archived) records with every property, in id order: what a duplicate count looks at. */
  records(object: string): RecordView[] {
    const type = resolveObjectType(object);
    if (type === undefined) throw new Error(`The HubSpot emulator has no object '${object}'`);
    const store = this.stores[type];
    return store.list().map((r) => viewRecord(type, r, Object.keys(r.properties)));
  }

  private process(
    route: Route,
    query: URLSearchParams,
    request: EmulatorRequest,
    headers: Record<string, string>,
  ): EmulatorResponse {
    try {
      const type = resolveObjectType(route.object);
      if (type === undefined) throw validationError(`Unable to infer object type from: ${route.object}`);
      if (request.bodyTooLarge === true) {
        throw new HubSpotError(
          413,
          'VALIDATION_ERROR',
          `Request body exceeds ${this.options.maxBodyBytes} bytes`,
        );
      }
      if (route.endpoint.startsWith('properties/')) {
        const result = propertyRoute(
          route.endpoint as Extract<Endpoint, `properties/${string}`>,
          this.catalogs[type],
          this.stores[type],
          route.id,
          takesBody(route.endpoint) ? parseJson(request.body) : undefined,
          this.clock.now(),
        );
        return json(result.status, headers, result.body);
      }
      const ctx: HandlerContext = {
        store: this.stores[type],
        query,
        body: takesBody(route.endpoint) ? parseJson(request.body) : undefined,
        now: this.clock.now(),
        options: this.options,
      };
      const result = dispatch(route, ctx);
      return json(result.status, headers, result.body);
    } catch (error) {
      if (error instanceof HubSpotError) return json(error.status, headers, error.toBody());
      throw error;
    }
  }
}

export function createHubSpotApp(options: HubSpotEmulatorOptions = {}): HubSpotEmulatorApp {
  return new HubSpotEmulatorApp(options);
}

function dispatch(route: Route, ctx: HandlerContext): HandlerResult {
  const id = route.id ?? '';
  switch (route.endpoint) {
    case 'create':
      return createRecord(ctx);
    case 'read':
      return readRecord(ctx, id);
    case 'update':
      return updateRecord(ctx, id);
    case 'archive':
      return archiveRecord(ctx, id);
    case 'list':
      return listRecords(ctx);
    case 'batch/read':
      return batchRead(ctx);
    case 'batch/create':
      return batchCreate(ctx);
    case 'batch/update':
      return batchUpdate(ctx);
    case 'batch/upsert':
      return batchUpsert(ctx);
    case 'batch/archive':
      return batchArchive(ctx);
    case 'search':
      return searchRecords(ctx);
    case 'merge':
      return mergeRecords(ctx);
    default:
      throw validationError(`No handler for ${route.endpoint}`);
  }
}

/** HubSpot's 403 for a token without a scope the call needs (wording as commonly reported). */
function missingScopes(scope: string): Record<string, unknown> {
  return errorBody(
    'MISSING_SCOPES',
    "This app hasn't been granted all required scopes to make this call. Read more about required scopes here: https://developers.hubspot.com/scopes.",
    {
      errors: [
        {
          message: 'One or more of the following scopes are required.',
          context: { requiredGranularScopes: [scope] },
        },
      ],
    },
  );
}

function json(status: number, headers: Record<string, string>, body?: unknown): EmulatorResponse {
  return { status, headers, body };
}

function bearerToken(header: string | string[] | undefined): string | undefined {
  const value = Array.isArray(header) ? header[0] : header;
  const match = /^Bearer\s+(\S+)$/i.exec(value ?? '');
  return match?.[1];
}

function authMessage(token: string | undefined): string {
  return token === undefined
    ? 'Authentication credentials not found. This API supports OAuth 2.0 authentication and you can find more details at https://developers.hubspot.com/docs/methods/auth/oauth-overview'
    : 'The access token provided is invalid or has expired.';
}

function faultBody(status: number): Record<string, unknown> {
  if (status === 429) return rateLimitBody('ten-secondly');
  return {
    status: 'error',
    message: STATUS_TEXT[status] ?? `HTTP ${status}`,
    correlationId: correlationId(),
  };
}

/** Malformed JSON gets HubSpot's 400 with the line and column of the problem. */
function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    const position = Number(/position (\d+)/.exec(detail)?.[1] ?? text.length);
    const before = text.slice(0, position).split('\n');
    const line = before.length;
    const column = (before.at(-1)?.length ?? 0) + 1;
    throw validationError(`Invalid input JSON on line ${line}, column ${column}: ${detail}`);
  }
}
