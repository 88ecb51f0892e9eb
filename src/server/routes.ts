import {
  listDeadLetters,
  getDeadLetter,
  replayDeadLetter,
  replayDeadLettersInBulk,
} from './handlers/dead-letters.js';
import { getEvent } from './handlers/get-event.js';
import { getHealth, getMetrics } from './handlers/health.js';
import { getLane, listLanes, pauseLane, resumeLane } from './handlers/lanes.js';
import { postEvents } from './handlers/post-events.js';
import { getReview, listReview, resolveReview } from './handlers/review.js';
import type { RouteHandler } from './request-context.js';
import type { RouteSpec } from './router.js';

/** Every route the server answers; docs/openapi.yaml documents exactly these (a test holds them together). */
export const ROUTES: readonly RouteSpec<RouteHandler>[] = [
  { method: 'POST', path: '/v1/lanes/{lane}/events', handler: postEvents },
  { method: 'GET', path: '/v1/lanes', handler: listLanes },
  { method: 'GET', path: '/v1/lanes/{lane}', handler: getLane },
  { method: 'POST', path: '/v1/lanes/{lane}/pause', handler: pauseLane },
  { method: 'POST', path: '/v1/lanes/{lane}/resume', handler: resumeLane },
  { method: 'GET', path: '/v1/events/{id}', handler: getEvent },
  { method: 'GET', path: '/v1/review', handler: listReview },
  { method: 'GET', path: '/v1/review/{id}', handler: getReview },
  { method: 'POST', path: '/v1/review/{id}/resolve', handler: resolveReview },
  { method: 'GET', path: '/v1/dead-letters', handler: listDeadLetters },
  { method: 'POST', path: '/v1/dead-letters/replay', handler: replayDeadLettersInBulk },
  { method: 'GET', path: '/v1/dead-letters/{id}', handler: getDeadLetter },
  { method: 'POST', path: '/v1/dead-letters/{id}/replay', handler: replayDeadLetter },
  { method: 'GET', path: '/healthz', handler: getHealth },
  { method: 'GET', path: '/metrics', handler: getMetrics },
];
