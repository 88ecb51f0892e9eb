import type { GatePort } from '../gate/gate-port.js';
import type { LimitsConfig } from '../config/gateway-config.js';
import { DEFAULT_LIMITS } from '../config/gateway-config-schema.js';
import type { StateStore } from '../store/state-store.js';
import { createAuthenticator, type AuthConfig, type Principal } from './auth.js';
import type { GateEventHub } from './gate-event-hub.js';
import { HttpError, toHttpError } from './http-error.js';
import { logGateEvent } from './log-gate-event.js';
import { json, type HandlerDeps, type LogFields, type RouteHandler } from './request-context.js';
import { RefusalLedger, type RefusalLedgerOptions } from './refusal-ledger.js';
import { Router, type RouteSpec } from './router.js';
import { checkQueryText } from './query-params.js';
import { ROUTES } from './routes.js';
import { createServerLogger, type Logger } from './server-logger.js';
import { ServerMetrics } from './server-metrics.js';

/** What the HTTP app is built from. The caller owns the gate and the store (the app never closes them). */
export interface AppParts extends AuthConfig {
  readonly gate: GatePort;
  readonly store: StateStore;
  readonly limits?: Partial<LimitsConfig>;
  readonly logger?: Logger;
  readonly metrics?: ServerMetrics;
  readonly now?: () => Date;
  /** The gate's event map, for decision metrics and logs. */
  readonly gateEvents?: GateEventHub;
  /** How refused requests are kept in the lineage (defaults: 10 rows per kind and minute, the rest counted). */
  readonly refusals?: Omit<RefusalLedgerOptions, 'now' | 'onError'>;
}

/** The HTTP API as a fetch handler: testable without a socket, served by `serveApp`. */
export interface App {
  fetch(request: Request): Promise<Response>;
  /** `fetch` with a path on a placeholder origin, for tests. */
  request(path: string, init?: RequestInit): Promise<Response>;
  /** The answer to a request the socket layer could not turn into a `Request`; counted and logged. */
  refuse(method: string, error: HttpError): Response;
  readonly routes: readonly RouteSpec<RouteHandler>[];
  readonly metrics: ServerMetrics;
  readonly logger: Logger;
  /** Unsubscribes from the gate's events and writes the refusals counted but not yet recorded. */
  dispose(): Promise<void>;
}

/** Event ids on one request log line; the line also carries the count. */
const MAX_LOGGED_IDS = 50;

export function createApp(parts: AppParts): App {
  const router = new Router(ROUTES);
  const authenticate = createAuthenticator(parts);
  const metrics = parts.metrics ?? new ServerMetrics(parts.store, parts.gate.lanes);
  const logger = parts.logger ?? createServerLogger();
  const deps: HandlerDeps = {
    gate: parts.gate,
    store: parts.store,
    limits: { ...DEFAULT_LIMITS, ...parts.limits },
    metrics,
    now: parts.now ?? (() => new Date()),
  };

  const refusals = new RefusalLedger((row) => parts.store.addTransaction(row), {
    ...parts.refusals,
    now: deps.now,
    onError: (err) => logger.error({ err: describeInternal(err) }, 'could not record auth refusals'),
  });

  const unsubscribe = [
    parts.gateEvents?.subscribe(metrics.onGateEvent),
    parts.gateEvents?.subscribe(logGateEvent(logger)),
  ];

  async function fetch(request: Request): Promise<Response> {
    const started = performance.now();
    const url = new URL(request.url);
    const log: LogFields = {};
    let route = 'unmatched';
    let principal: Principal | null = null;
    let lane: string | undefined;
    let response: Response;
    try {
      const match = router.match(request.method, url.pathname);
      route = match.route.path;
      lane = match.params['lane'];
      checkQueryText(url);
      const { access, handle } = match.route.handler;
      if (access !== 'public') {
        principal = authenticate(request.headers.get('authorization'));
        authorize(access, principal, match.params['lane'], log);
      }
      response = await handle({ request, url, params: match.params, principal, deps, log });
    } catch (err) {
      const error = toHttpError(err);
      if (error.status === 401 || error.status === 403) {
        if (log.lane === undefined && lane !== undefined && parts.gate.lanes.includes(lane)) log.lane = lane;
        await recordRefusal(error, request, route, principal, log);
      }
      if (error.status >= 500) logger.error({ route, err: describeInternal(err) }, 'request failed');
      response = json(error.status, error.body(), error.extra.headers);
    }
    observe(request.method, route, started, response.status, principal, log);
    return request.method === 'HEAD' ? new Response(null, response) : response;
  }

  /** Counts and logs one answered request: method, route template, status, duration, user, lane, ids. */
  function observe(
    method: string,
    route: string,
    started: number,
    status: number,
    principal: Principal | null,
    log: LogFields,
  ): void {
    const seconds = (performance.now() - started) / 1000;
    metrics.httpRequests.inc({ method, route, status: String(status) });
    metrics.httpDuration.observe({ route }, seconds);
    const { eventIds, ...fields } = log;
    logger.info(
      {
        method,
        route,
        status,
        durationMs: Math.round(seconds * 10_000) / 10,
        ...(principal === null ? {} : { user: principal.user }),
        ...fields,
        ...(eventIds === undefined
          ? {}
          : { eventCount: eventIds.length, eventIds: eventIds.slice(0, MAX_LOGGED_IDS) }),
      },
      'request',
    );
  }

  /** Lane routes: the lane must exist (404), and the token must be one of its integration user's (403). */
  function authorize(
    access: RouteHandler['access'],
    principal: Principal,
    lane: string | undefined,
    log: LogFields,
  ): void {
    if (access === 'operator' && principal.kind !== 'operator') {
      throw new HttpError('forbidden', 'this route needs an operator token', 'header.authorization');
    }
    if (access !== 'lane') return;
    if (lane === undefined || !parts.gate.lanes.includes(lane)) {
      throw new HttpError('unknown_lane', 'no lane with this name', 'path.lane');
    }
    log.lane = lane;
    if (principal.kind !== 'lane' || !principal.lanes.has(lane)) {
      throw new HttpError('forbidden', 'this token may not post to this lane', 'path.lane');
    }
  }

  /** Every 401/403 is counted; the lineage keeps them within bounds (never with the token). */
  async function recordRefusal(
    error: HttpError,
    request: Request,
    route: string,
    principal: Principal | null,
    log: LogFields,
  ): Promise<void> {
    metrics.authRefusals.inc({ route, status: String(error.status) });
    try {
      await refusals.record({
        eventId: log.eventIds?.[0] ?? '',
        lane: log.lane ?? '',
        principal: principal?.user ?? 'anonymous',
        status: error.status,
        code: error.code,
        method: request.method,
        route,
        reason: error.message,
      });
    } catch (err) {
      logger.error({ route, err: describeInternal(err) }, 'could not record an auth refusal');
    }
  }

  return {
    fetch,
    request: (path, init) => fetch(new Request(new URL(path, 'http://lanekeeper.local'), init)),
    refuse: (method, error) => {
      observe(method, 'unmatched', performance.now(), error.status, null, {});
      return json(error.status, error.body(), error.extra.headers);
    },
    routes: router.routes,
    metrics,
    logger,
    dispose: async () => {
      unsubscribe.forEach((stop) => stop?.());
      await refusals
        .flush()
        .catch((err: unknown) =>
          logger.error({ err: describeInternal(err) }, 'could not record auth refusals'),
        );
    },
  };
}

/** An unexpected error for the log: its type and where it came from, not its message (it may quote input). */
function describeInternal(err: unknown): { type: string; code?: string; stack?: string } {
  if (!(err instanceof Error)) return { type: typeof err };
  const code = (err as { code?: unknown }).code;
  const frames = err.stack?.split('\n').slice(1, 8).join('\n');
  return {
    type: err.name,
    ...(typeof code === 'string' ? { code } : {}),
    ...(frames === undefined ? {} : { stack: frames }),
  };
}
