import { z } from 'zod';
import { HttpError } from '../http-error.js';
import { presentDeadLetter, presentEvent } from '../present.js';
import { readJsonObject } from '../read-json-object.js';
import { json, type RouteHandler } from '../request-context.js';
import { MAX_BULK_REPLAY } from '../../gate/bulk-replay.js';
import { operatorAndReason } from './operator-request.js';

/** `GET /v1/dead-letters`: without payloads (open one to see it). */
export const listDeadLetters: RouteHandler = {
  access: 'operator',
  async handle({ deps }) {
    const letters = await deps.store.listDeadLetters();
    const now = deps.now();
    return json(200, { items: letters.map((letter) => presentDeadLetter(letter, now, false)) });
  },
};

/** `GET /v1/dead-letters/{id}`: with the whole payload, so an operator can see what failed. */
export const getDeadLetter: RouteHandler = {
  access: 'operator',
  async handle({ params, deps, log }) {
    const letter = await deps.store.getDeadLetter(params['id'] ?? '');
    if (letter === undefined) throw new HttpError('not_found', 'no dead letter with this id', 'path.id');
    log.deadLetterId = letter.id;
    log.lane = letter.lane;
    log.eventIds = [letter.eventId];
    return json(200, presentDeadLetter(letter, deps.now(), true));
  },
};

const replayBody = z.object(operatorAndReason).strict();

const isoTime = z.iso.datetime({
  offset: true,
  message: 'must be an ISO 8601 time, e.g. 2025-06-01T10:00:00Z',
});

const bulkReplayBody = z
  .object({
    ...operatorAndReason,
    lane: z.string().min(1).optional(),
    error_code: z.string().min(1).optional(),
    from: isoTime.optional(),
    to: isoTime.optional(),
    limit: z.number().int().min(1).max(MAX_BULK_REPLAY).optional(),
  })
  .strict();

/**
 * `POST /v1/dead-letters/replay {operator, reason, lane?, error_code?, from?, to?, limit?}`: replays every
 * event dead-lettered now whose dead letter matches (all given conditions), without waiting for them.
 */
export const replayDeadLettersInBulk: RouteHandler = {
  access: 'operator',
  async handle({ request, deps, log }) {
    const body = await readJsonObject(request, deps.limits.maxBodyBytes, bulkReplayBody);
    if (body.lane !== undefined && !deps.gate.lanes.includes(body.lane))
      throw new HttpError('unknown_lane', `unknown lane '${body.lane}'`, 'lane');
    const replay = await deps.gate.replayDeadLetters(
      {
        ...(body.lane === undefined ? {} : { lane: body.lane }),
        ...(body.error_code === undefined ? {} : { errorCode: body.error_code }),
        ...(body.from === undefined ? {} : { from: new Date(body.from) }),
        ...(body.to === undefined ? {} : { to: new Date(body.to) }),
        ...(body.limit === undefined ? {} : { limit: body.limit }),
      },
      { operator: body.operator, reason: body.reason },
    );
    if (body.lane !== undefined) log.lane = body.lane;
    log.eventIds = [...replay.eventIds];
    return json(200, { replayed: replay.eventIds.length, event_ids: replay.eventIds, more: replay.more });
  },
};

/**
 * `POST /v1/dead-letters/{id}/replay {operator, reason}`: puts the event through the write path again. The
 * gate refuses (409, and records the refusal) a replay of an event that was written meanwhile.
 */
export const replayDeadLetter: RouteHandler = {
  access: 'operator',
  async handle({ request, params, deps, log }) {
    const body = await readJsonObject(request, deps.limits.maxBodyBytes, replayBody);
    const letter = await deps.store.getDeadLetter(params['id'] ?? '');
    if (letter === undefined) throw new HttpError('not_found', 'no dead letter with this id', 'path.id');
    log.deadLetterId = letter.id;
    log.lane = letter.lane;
    log.eventIds = [letter.eventId];
    const event = await deps.gate.replayDeadLetter(letter.id, {
      operator: body.operator,
      reason: body.reason,
    });
    return json(200, { event: presentEvent(event) });
  },
};
