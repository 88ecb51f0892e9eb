import { z } from 'zod';
import type { LaneStatus } from '../../gate/lane-pauses.js';
import type { TransactionRow } from '../../store/state-store.js';
import { HttpError } from '../http-error.js';
import { readJsonObject } from '../read-json-object.js';
import { json, type RequestContext, type RouteHandler } from '../request-context.js';
import { operatorAndReason } from './operator-request.js';

/** Lane actions kept in a lane's lineage, newest shown first (`GET /v1/lanes/{lane}`). */
const HISTORY_SHOWN = 50;

/** `GET /v1/lanes`: each lane's status, its creates in the current window and its limit. */
export const listLanes: RouteHandler = {
  access: 'operator',
  async handle({ deps }) {
    const lanes = await deps.gate.laneStatuses();
    return json(200, { items: lanes.map(presentLane) });
  },
};

/** `GET /v1/lanes/{lane}`: the lane's status and its pauses and resumes (who, why, when). */
export const getLane: RouteHandler = {
  access: 'operator',
  async handle(ctx) {
    const lane = knownLane(ctx);
    const status = (await ctx.deps.gate.laneStatuses()).find((s) => s.lane === lane);
    if (status === undefined) throw new HttpError('unknown_lane', 'no lane with this name', 'path.lane');
    const history = await ctx.deps.store.transactions(`lane:${lane}`);
    return json(200, {
      ...presentLane(status),
      history: history.slice(-HISTORY_SHOWN).reverse().map(presentAction),
    });
  },
};

const body = z.object(operatorAndReason).strict();

/** `POST /v1/lanes/{lane}/pause {operator, reason}`: the lane's events wait, accepted, until it is resumed. */
export const pauseLane: RouteHandler = {
  access: 'operator',
  async handle(ctx) {
    const lane = knownLane(ctx);
    const { operator, reason } = await readJsonObject(ctx.request, ctx.deps.limits.maxBodyBytes, body);
    return json(200, presentLane(await ctx.deps.gate.pauseLane(lane, { operator, reason })));
  },
};

/** `POST /v1/lanes/{lane}/resume {operator, reason}`: the lane takes events again, in a new create window. */
export const resumeLane: RouteHandler = {
  access: 'operator',
  async handle(ctx) {
    const lane = knownLane(ctx);
    const { operator, reason } = await readJsonObject(ctx.request, ctx.deps.limits.maxBodyBytes, body);
    return json(200, presentLane(await ctx.deps.gate.resumeLane(lane, { operator, reason })));
  },
};

function knownLane({ params, deps, log }: RequestContext): string {
  const lane = params['lane'] ?? '';
  if (!deps.gate.lanes.includes(lane))
    throw new HttpError('unknown_lane', 'no lane with this name', 'path.lane');
  log.lane = lane;
  return lane;
}

function presentLane(lane: LaneStatus) {
  return {
    lane: lane.lane,
    status: lane.status,
    paused:
      lane.pause === undefined
        ? null
        : {
            cause: lane.pause.cause,
            by: lane.pause.actor,
            reason: lane.pause.reason,
            since: lane.pause.since,
          },
    creates_in_window: lane.creates,
    max_creates: lane.maxCreates?.text ?? null,
    window_started_at: lane.windowStart ?? null,
  };
}

function presentAction(row: TransactionRow) {
  return { action: row.action, by: row.principal, at: row.at, detail: row.detail };
}
