import { z } from 'zod';
import { REVIEW_ACTIONS } from '../../store/state-store.js';
import { HttpError } from '../http-error.js';
import { presentEvent, presentReview } from '../present.js';
import { choiceParam } from '../query-params.js';
import { readJsonObject } from '../read-json-object.js';
import { json, type RouteHandler } from '../request-context.js';
import { operatorAndReason } from './operator-request.js';

/** `GET /v1/review?status=open|resolved`. */
export const listReview: RouteHandler = {
  access: 'operator',
  async handle({ url, deps }) {
    const status = choiceParam(url, 'status', ['open', 'resolved'] as const);
    const items = await deps.store.listReview(status);
    return json(200, { items: items.map(presentReview) });
  },
};

/** `GET /v1/review/{id}`. */
export const getReview: RouteHandler = {
  access: 'operator',
  async handle({ params, deps, log }) {
    const item = await deps.store.getReview(params['id'] ?? '');
    if (item === undefined) throw new HttpError('not_found', 'no review item with this id', 'path.id');
    log.reviewId = item.id;
    log.lane = item.lane;
    return json(200, presentReview(item));
  },
};

const resolveBody = z
  .object({
    action: z.enum(REVIEW_ACTIONS),
    target_id: z.string().min(1).max(256).optional(),
    ...operatorAndReason,
  })
  .strict();

/** `POST /v1/review/{id}/resolve {action, target_id?, operator, reason}`: an operator's decision. */
export const resolveReview: RouteHandler = {
  access: 'operator',
  async handle({ request, params, deps, log }) {
    const body = await readJsonObject(request, deps.limits.maxBodyBytes, resolveBody);
    if (body.action === 'match' && body.target_id === undefined) {
      throw new HttpError(
        'invalid_body',
        "action 'match' needs the target_id of the chosen record",
        'target_id',
      );
    }
    if (body.action !== 'match' && body.target_id !== undefined) {
      throw new HttpError('invalid_body', "target_id applies only to action 'match'", 'target_id');
    }
    const item = await deps.store.getReview(params['id'] ?? '');
    if (item === undefined) throw new HttpError('not_found', 'no review item with this id', 'path.id');
    log.reviewId = item.id;
    log.lane = item.lane;
    log.eventIds = [item.eventId];
    if (item.status === 'resolved') {
      throw new HttpError(
        'conflict',
        'this review item was resolved before; a resolution is recorded once',
        'path.id',
      );
    }
    const event = await deps.gate.resolveReview(item.id, {
      action: body.action,
      ...(body.target_id === undefined ? {} : { targetId: body.target_id }),
      operator: body.operator,
      reason: body.reason,
    });
    return json(200, { event: presentEvent(event) });
  },
};
