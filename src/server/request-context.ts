import type { GatePort } from '../gate/gate-port.js';
import type { LimitsConfig } from '../config/gateway-config.js';
import type { StateStore } from '../store/state-store.js';
import type { Principal } from './auth.js';
import type { ServerMetrics } from './server-metrics.js';

/** What handlers work with; the app builds one per request. */
export interface RequestContext {
  readonly request: Request;
  readonly url: URL;
  readonly params: Readonly<Record<string, string>>;
  /** `null` on public routes. */
  readonly principal: Principal | null;
  readonly deps: HandlerDeps;
  /** Fields of the request's log line, filled in by handlers. */
  readonly log: LogFields;
}

export interface HandlerDeps {
  readonly gate: GatePort;
  readonly store: StateStore;
  readonly limits: LimitsConfig;
  readonly metrics: ServerMetrics;
  readonly now: () => Date;
}

export interface LogFields {
  lane?: string;
  eventIds?: string[];
  reviewId?: string;
  deadLetterId?: string;
}

export type Handler = (ctx: RequestContext) => Promise<Response>;

/** Who may call a route: anyone, a lane token (for the lane in the path), any token, or an operator token. */
export type Access = 'public' | 'lane' | 'token' | 'operator';

export interface RouteHandler {
  readonly access: Access;
  readonly handle: Handler;
}

export function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json; charset=utf-8', ...headers },
  });
}
