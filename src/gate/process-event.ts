import { ConnectorError } from '../connectors/target-connector.js';
import {
  TERMINAL_STATUSES,
  type EventOutcome,
  type StoredEvent,
  type WriteEffects,
} from '../store/state-store.js';
import type { Decision } from './decide.js';
import { eventIdentity, scopedLocks } from './event-identity.js';
import { explanationOf } from './explanation.js';
import { partsOf, type GateContext } from './gate-context.js';
import { resolveEvent, type Resolution } from './resolve-event.js';
import { retryDelay } from './retry-policy.js';
import { targetFailureOf } from './target-health.js';
import { RetryableWriteError, writeDecision, writeJob } from './write-event.js';

/**
 * One attempt at a leased event: normalize, lock every identity key, resolve, decide, write, record — or,
 * on failure, schedule a retry with backoff or dead-letter it.
 */
export async function processEvent(ctx: GateContext, event: StoredEvent): Promise<void> {
  const started = performance.now();
  const plan = ctx.plans.get(event.lane);
  if (plan === undefined) {
    // Another gateway of a rolling deployment may serve the lane already: retry, then dead-letter.
    const timing = { apiCalls: 0, gateMs: round(performance.now() - started), targetMs: 0 };
    const error = new RetryableWriteError(`this gateway has no contract for lane '${event.lane}'`);
    await fail(ctx, event, error, undefined, [], timing);
    return;
  }
  if (ctx.maxLeaseExpiries > 0 && event.takeovers >= ctx.maxLeaseExpiries) {
    await giveUpOnExpiries(ctx, event, round(performance.now() - started));
    return;
  }
  const tally = partsOf(ctx, plan).meter.tally();
  let resolution: Resolution | undefined;
  let keys: readonly string[] = [];
  let lockMs: number | undefined;
  const timing = (): Pick<EventOutcome, 'apiCalls' | 'gateMs' | 'lockMs' | 'targetMs'> => ({
    apiCalls: tally.apiCalls,
    gateMs: round(performance.now() - started - tally.targetMs),
    ...(lockMs === undefined ? {} : { lockMs }),
    targetMs: round(tally.targetMs),
  });
  try {
    const identity = eventIdentity(plan, event.payload);
    keys = identity.exactKeys;
    const asked = performance.now();
    await ctx.store.withLocks(scopedLocks(plan.scope, identity.lockKeys), async () => {
      lockMs = round(performance.now() - asked);
      const [found] = await Promise.all([
        ctx.store.lookup({
          eventId: event.id,
          scope: plan.scope,
          keys: identity.exactKeys,
          ...(identity.sourceId === undefined
            ? {}
            : { source: { system: plan.flow.source.system, id: identity.sourceId } }),
        }),
        partsOf(ctx, plan).index.refresh(),
      ]);
      // The lease may have run out while this attempt waited (a slow target, a long queue of events on the
      // same keys), and another attempt finished the event meanwhile: then there is nothing left to do.
      if (found.status === undefined || TERMINAL_STATUSES.includes(found.status)) return;
      resolution = await resolveEvent(ctx, plan, event, identity, tally, found);
      const { decision, verified } = resolution;
      if (decision.kind === 'review') {
        const explanation = explanationOf(plan, decision, { verified });
        await finish(
          ctx,
          event,
          { status: 'review', decision: 'review', explanation, keys, ...timing() },
          { review: { reason: decision.reason, candidates: explanation.candidates } },
        );
        return;
      }
      const job = writeJob(ctx, plan, event, identity, resolution.claims, tally, resolution.crosswalk);
      const written = await writeDecision(job, decision);
      const explanation = explanationOf(plan, decision, {
        verified,
        ...(written.entityId === undefined ? {} : { entityId: written.entityId }),
        ...(written.kept.length > 0 ? { kept: written.kept } : {}),
        ...(written.skipped.length > 0 ? { skipped: written.skipped } : {}),
        ...(written.healed === true ? { healed: true } : {}),
      });
      await finish(
        ctx,
        event,
        {
          status: 'written',
          decision: decision.kind,
          explanation,
          operation: written.operation,
          ...(written.targetId === undefined ? {} : { targetId: written.targetId }),
          keys,
          ...timing(),
        },
        { effects: written.effects },
      );
    });
  } catch (err) {
    await fail(ctx, event, err, resolution?.decision, keys, timing());
  }
}

async function fail(
  ctx: GateContext,
  event: StoredEvent,
  err: unknown,
  decision: Decision | undefined,
  keys: readonly string[],
  timing: Pick<EventOutcome, 'apiCalls' | 'gateMs' | 'lockMs' | 'targetMs'>,
): Promise<void> {
  const error = describe(err);
  const system = ctx.plans.get(event.lane)?.flow.target.system;
  if (system !== undefined && ctx.health.isDown(system) && targetFailureOf(err) !== undefined) {
    // The target is down: the attempt says nothing about the event, which waits for it (its lane is held
    // back until a probe gets an answer) with its attempts as they were.
    try {
      await ctx.store.retryLater(event.id, error, new Date(ctx.now()), false);
    } catch (inner) {
      ctx.emit({ type: 'worker_error', worker: 'gate', error: errorName(inner) });
    }
    return;
  }
  // Anything but a refusal by the target (a lost race, a store or network hiccup) is worth another attempt.
  const retryable = !(err instanceof ConnectorError) || err.kind === 'retryable';
  const attempt = event.attempts + 1;
  const delay = retryable ? retryDelay(ctx.retry, attempt, ctx.random) : undefined;
  try {
    if (delay !== undefined) {
      await ctx.store.retryLater(event.id, error, new Date(ctx.now() + delay));
      ctx.emit({
        type: 'event_retry',
        eventId: event.id,
        lane: event.lane,
        attempt,
        delayMs: delay,
        error: errorName(err),
      });
      return;
    }
    const plan = ctx.plans.get(event.lane);
    const explanation =
      decision !== undefined && plan !== undefined
        ? explanationOf(plan, decision, { failed: retryable ? 'attempts used up' : 'refused by the target' })
        : { rule: 'block:failed', reason: retryable ? 'attempts used up' : 'refused by the target' };
    await finish(ctx, event, {
      status: 'dead_letter',
      decision: decision?.kind ?? 'block',
      explanation,
      error,
      keys,
      ...timing,
    });
  } catch (inner) {
    ctx.emit({ type: 'worker_error', worker: 'gate', error: errorName(inner) });
  }
}

/**
 * Dead-letters an event whose leases keep running out: each attempt at it ended with the process dead or
 * stalled, so another one is not tried (an operator may replay it). Checked before anything else is done
 * with the event, since that may be what brings the process down.
 */
async function giveUpOnExpiries(ctx: GateContext, event: StoredEvent, gateMs: number): Promise<void> {
  const reason = `its lease ran out ${event.takeovers} times: the gateway working on it died or stalled each time`;
  try {
    await finish(ctx, event, {
      status: 'dead_letter',
      decision: 'block',
      explanation: { rule: 'block:lease_expiries', reason },
      error: `lease_expired: ${reason}`,
      keys: [],
      apiCalls: 0,
      gateMs,
      targetMs: 0,
    });
  } catch (inner) {
    ctx.emit({ type: 'worker_error', worker: 'gate', error: errorName(inner) });
  }
}

/** The terminal outcome — for a write with what it leaves in the store — in one store transaction. */
async function finish(
  ctx: GateContext,
  event: StoredEvent,
  outcome: EventOutcome,
  extra?: { review?: { reason: string; candidates: unknown }; effects?: WriteEffects },
): Promise<void> {
  if (extra?.effects !== undefined) await ctx.store.finishWrite(event.id, outcome, extra.effects);
  else await ctx.store.finish(event.id, outcome, extra);
  ctx.emit({
    type: 'event_finished',
    eventId: event.id,
    lane: event.lane,
    status: outcome.status,
    decision: outcome.decision,
    ...(outcome.operation === undefined ? {} : { operation: outcome.operation }),
    gateMs: outcome.gateMs,
    ...(outcome.lockMs === undefined ? {} : { lockMs: outcome.lockMs }),
    targetMs: outcome.targetMs,
    apiCalls: outcome.apiCalls,
  });
}

/** The error as stored with the event (the dead letter shows it to an operator; logs get only its name). */
function describe(err: unknown): string {
  if (err instanceof ConnectorError)
    return `${err.kind}${err.status === undefined ? '' : ` (HTTP ${err.status})`}: ${err.message}`;
  if (err instanceof Error) return `${err.name}: ${err.message}`;
  return String(err);
}

export function errorName(err: unknown): string {
  if (err instanceof ConnectorError)
    return `ConnectorError(${err.kind}${err.status === undefined ? '' : `, ${err.status}`})`;
  return err instanceof Error ? err.name : typeof err;
}

const round = (ms: number): number => Math.round(ms * 100) / 100;
