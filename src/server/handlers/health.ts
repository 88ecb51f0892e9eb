import { HttpError } from '../http-error.js';
import { json, type RouteHandler } from '../request-context.js';
import { targetIndexHealth } from './target-index-health.js';

/** `GET /healthz`: 200 when the store answers (with the target index's readiness), 503 when it does not. */
export const getHealth: RouteHandler = {
  access: 'public',
  async handle({ deps }) {
    try {
      await deps.store.countByStatus();
    } catch {
      throw new HttpError('unavailable', 'the state store does not answer', '');
    }
    return json(200, { status: 'ok', store: deps.store.backend, ...targetIndexHealth(deps.gate) });
  },
};

/** `GET /metrics`: Prometheus text format. */
export const getMetrics: RouteHandler = {
  access: 'public',
  async handle({ deps }) {
    const text = await deps.metrics.registry.metrics();
    return new Response(text, {
      status: 200,
      headers: { 'content-type': deps.metrics.registry.contentType },
    });
  },
};
