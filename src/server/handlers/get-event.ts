import { HttpError } from '../http-error.js';
import { presentEvent } from '../present.js';
import { json, type RouteHandler } from '../request-context.js';

/** `GET /v1/events/{id}`: an event's status and outcome, for operators and the lane that posted it. */
export const getEvent: RouteHandler = {
  access: 'token',
  async handle({ params, principal, deps, log }) {
    const id = params['id'] ?? '';
    const event = await deps.store.getEvent(id);
    if (event === undefined) throw new HttpError('not_found', 'no event with this id', 'path.id');
    log.lane = event.lane;
    log.eventIds = [event.id];
    if (principal?.kind === 'lane' && !principal.lanes.has(event.lane)) {
      throw new HttpError('forbidden', 'this token may not read events of that lane', 'path.id');
    }
    return json(200, presentEvent(event));
  },
};
