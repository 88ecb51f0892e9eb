import { formatCreateLimit, type CreateLimit } from '../policy/create-limit.js';
import type { LanePause, StateStore } from '../store/state-store.js';
import { GateError } from './gate-error.js';
import type { GateListener } from './gate-events.js';
import type { LanePlan } from './lane-plan.js';

/** How long the paused lanes read from the store serve the workers before they are read again. */
export const PAUSES_REFRESH_MS = 200;

/** A lane as `GET /v1/lanes` shows it. */
export interface LaneStatus {
  readonly lane: string;
  readonly status: 'running' | 'paused';
  /** Who paused it, why and since when, while it is paused. */
  readonly pause?: LanePause;
  /** Creates within its current window (the circuit breaker's count); 0 without a limit. */
  readonly creates: number;
  /** `max_creates` of its contract: `{ max, per, text: '200 per hour' }`. */
  readonly maxCreates?: { readonly max: number; readonly per: string; readonly text: string };
  /** When an operator last resumed it, starting its window anew. */
  readonly windowStart?: string;
}

/**
 * The lanes that take no events: paused by the circuit breaker (`max_creates`) or by an operator. The
 * state is the store's (durable, shared by every process); the workers ask `lanesToSkip` before each lease
 * and get the store's answer at most `refreshMs` old. The breaker itself is exact: a create slot is reserved
 * in the store, atomically, before every create.
 */
export class LanePauses {
  private paused: ReadonlySet<string> = new Set();
  private readAt = Number.NEGATIVE_INFINITY;
  private reading: Promise<void> | undefined;

  constructor(
    private readonly store: StateStore,
    private readonly plans: ReadonlyMap<string, LanePlan>,
    private readonly emit: GateListener,
    private readonly refreshMs = PAUSES_REFRESH_MS,
  ) {}

  /** The paused lanes, for `StateStore.lease(…, skipLanes)` (read again when older than `refreshMs`). */
  async lanesToSkip(): Promise<readonly string[]> {
    if (performance.now() - this.readAt >= this.refreshMs) await this.refresh();
    return [...this.paused];
  }

  /** As last read (`lanesToSkip`, or this process's own pause and resume). */
  isPaused(lane: string): boolean {
    return this.paused.has(lane);
  }

  /**
   * Reserves a create slot for the event on its lane when the lane has `max_creates` (true: create it).
   * False: the lane is paused — the event was put back to `accepted`, and a trip was announced.
   */
  async mayCreate(plan: LanePlan, eventId: string): Promise<boolean> {
    const limit = plan.flow.maxCreates;
    if (limit === undefined) return true;
    const result = await this.store.reserveCreate(plan.lane, eventId, windowOf(limit));
    if (result.ok) return true;
    this.mark(plan.lane, true);
    if (result.tripped)
      this.emit({
        type: 'lane_paused',
        lane: plan.lane,
        cause: 'max_creates',
        actor: result.pause.actor,
        reason: result.pause.reason,
        creates: result.creates,
        limit: formatCreateLimit(limit),
      });
    return false;
  }

  async pause(lane: string, request: { operator: string; reason: string }): Promise<LaneStatus> {
    this.known(lane);
    const pause = { cause: 'operator', actor: request.operator, reason: request.reason } as const;
    if (!(await this.store.pauseLane(lane, pause))) {
      const now = await this.status(lane);
      throw new GateError('conflict', `lane '${lane}' is paused already (${now.pause?.reason ?? ''})`);
    }
    this.mark(lane, true);
    this.emit({ type: 'lane_paused', lane, ...pause });
    return this.status(lane);
  }

  async resume(lane: string, request: { operator: string; reason: string }): Promise<LaneStatus> {
    this.known(lane);
    if (!(await this.store.resumeLane(lane, { actor: request.operator, reason: request.reason })))
      throw new GateError('conflict', `lane '${lane}' is not paused`);
    this.mark(lane, false);
    this.emit({ type: 'lane_resumed', lane, actor: request.operator, reason: request.reason });
    return this.status(lane);
  }

  async statuses(): Promise<LaneStatus[]> {
    const windows: Record<string, number> = {};
    for (const [lane, plan] of this.plans) {
      const limit = plan.flow.maxCreates;
      if (limit !== undefined) windows[lane] = limit.windowMs;
    }
    const states = new Map((await this.store.laneStates(windows)).map((s) => [s.lane, s]));
    return [...this.plans.values()].map((plan) => {
      const state = states.get(plan.lane);
      const limit = plan.flow.maxCreates;
      return {
        lane: plan.lane,
        status: state?.pause === undefined ? 'running' : 'paused',
        ...(state?.pause === undefined ? {} : { pause: state.pause }),
        creates: state?.creates ?? 0,
        ...(limit === undefined
          ? {}
          : { maxCreates: { max: limit.max, per: limit.per, text: formatCreateLimit(limit) } }),
        ...(state?.windowStart === undefined ? {} : { windowStart: state.windowStart }),
      };
    });
  }

  async status(lane: string): Promise<LaneStatus> {
    this.known(lane);
    const found = (await this.statuses()).find((s) => s.lane === lane);
    if (found === undefined) throw new GateError('not_found', `no lane '${lane}'`);
    return found;
  }

  private known(lane: string): void {
    if (!this.plans.has(lane)) throw new GateError('not_found', `this gate serves no lane '${lane}'`);
  }

  private mark(lane: string, paused: boolean): void {
    const next = new Set(this.paused);
    if (paused) next.add(lane);
    else next.delete(lane);
    this.paused = next;
  }

  private refresh(): Promise<void> {
    this.reading ??= this.store
      .laneStates()
      .then((states) => {
        this.paused = new Set(states.filter((s) => s.pause !== undefined).map((s) => s.lane));
        this.readAt = performance.now();
      })
      .finally(() => (this.reading = undefined));
    return this.reading;
  }
}

function windowOf(limit: CreateLimit): { max: number; windowMs: number; label: string } {
  return { max: limit.max, windowMs: limit.windowMs, label: formatCreateLimit(limit) };
}
