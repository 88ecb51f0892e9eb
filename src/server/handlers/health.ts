import { HttpError } from '../http-error.js';
import { json, type RouteHandler } from '../request-context.js';
import { targetHealthReport } from './target-health-report.js';
import { targetIndexHealth } from './target-index-health.js';

/**
 * `GET /healthz`: 200 when the store answers, 503 when it does not. `status` is `degraded` while a target
 * system is down (its lanes' events wait), `ok` otherwise; with a target index, its readiness per scope.
 */
export const getHealth: RouteHandler = {
  access: 'public',
  async handle({ deps }) {
    try {
      await deps.store.countByStatus();
    } catch {
      throw new HttpError('unavailable', 'the state store does not answer', '');
    }
    const targets = targetHealthReport(deps.gate);
    return json(200, {
      status: targets.degraded ? 'degraded' : 'ok',
      store: deps.store.backend,
      targets: targets.targets,
      ...targetIndexHealth(deps.gate),
    });
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
