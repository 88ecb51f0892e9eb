import { TERMINAL_STATUSES } from '../../store/state-store.js';
import { HttpError } from '../http-error.js';
import { parseEvents } from '../parse-events.js';
import { presentAccepted, presentDecided } from '../present.js';
import { booleanParam, integerParam } from '../query-params.js';
import { mediaTypeOf, readBodyText } from '../read-body.js';
import { json, type RouteHandler } from '../request-context.js';

/** Default wait of `?wait=true` without `timeout_ms`. */
export const DEFAULT_WAIT_MS = 10_000;

const EVENT_MEDIA_TYPES = { 'application/json': 'json', 'application/x-ndjson': 'ndjson' } as const;

/**
 * `POST /v1/lanes/{lane}/events`: stores the events (all or none) and answers 202 once they are durable.
 * With `?wait=true` it waits for the gate's decisions: 200 when every event is terminal, else 202 with what is
 * known at the timeout (`complete: false`).
 */
export const postEvents: RouteHandler = {
  access: 'lane',
  async handle({ request, url, params, principal, deps, log }) {
    const lane = params['lane'] ?? '';
    if (principal?.kind !== 'lane')
      throw new HttpError('forbidden', 'only a lane token may post events', 'path.lane');
    const wait = booleanParam(url, 'wait');
    const timeoutMs = integerParam(
      url,
      'timeout_ms',
      Math.min(DEFAULT_WAIT_MS, deps.limits.maxWaitMs),
      0,
      deps.limits.maxWaitMs,
    );
    if (!wait && url.searchParams.has('timeout_ms')) {
      throw new HttpError('invalid_query', 'timeout_ms applies only with wait=true', 'query.timeout_ms');
    }
    const mediaType = mediaTypeOf(request, EVENT_MEDIA_TYPES);
    const text = await readBodyText(request, deps.limits.maxBodyBytes);
    const submissions = parseEvents(text, mediaType, deps.limits.maxEventsPerRequest);

    const started = performance.now();
    const accepted = await deps.gate.submit(lane, principal.user, submissions);
    deps.metrics.gateLatency.observe({ lane, stage: 'accept' }, (performance.now() - started) / 1000);
    for (const result of accepted) {
      deps.metrics.eventsAccepted.inc({ lane, duplicate: String(result.duplicate) });
    }
    log.eventIds = accepted.map((result) => result.id);
    if (!wait) return json(202, { events: accepted.map(presentAccepted) });

    const events = await deps.gate.waitFor(log.eventIds, timeoutMs);
    const byId = new Map(events.map((event) => [event.id, event]));
    const complete = accepted.every((result) => {
      const status = byId.get(result.id)?.status;
      return status !== undefined && TERMINAL_STATUSES.includes(status);
    });
    return json(complete ? 200 : 202, {
      complete,
      events: accepted.map((result) => presentDecided(result, byId.get(result.id))),
    });
  },
};
