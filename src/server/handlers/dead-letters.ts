import { z } from 'zod';
import { HttpError } from '../http-error.js';
import { presentDeadLetter, presentEvent } from '../present.js';
import { readJsonObject } from '../read-json-object.js';
import { json, type RouteHandler } from '../request-context.js';
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
