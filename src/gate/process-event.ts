import { ConnectorError } from '../connectors/target-connector.js';
import {
  TERMINAL_STATUSES,
  type EventOutcome,
  type StoredEvent,
  type WriteEffects,
} from '../store/state-store.js';
import type { Decision } from './decide.js';
import { eventIdentity, scopedLocks } from './event-identity.js';
import { changeDetail, explanationOf, reviewInstead, writeDetail } from './explanation.js';
import { partsOf, planOf, type GateContext } from './gate-context.js';
import { resolveEvent, type Resolution } from './resolve-event.js';
import { beforeSinceOutcome } from './since-check.js';
import { retryDelay } from './retry-policy.js';
import {
  RecordGoneError,
  RetryableWriteError,
  writeDecision,
  writeJob,
  type WriteResult,
} from './write-event.js';
import { isDryRunKey } from './dry-run.js';
import { targetFailureOf } from './target-health.js';

/**
 * One attempt at a leased event: normalize, lock every identity key, resolve, decide, write, record — or,
 * on failure, schedule a retry with backoff or dead-letter it.
 */
export async function processEvent(ctx: GateContext, event: StoredEvent): Promise<void> {
  const started = performance.now();
  const plan = planOf(ctx, event);
  if (plan === undefined) {
    // Another gateway of a rolling deployment may serve the lane already (or, for an event of a dry run,
    // still run it in dry run): retry, then dead-letter. An event of a dry run is never written for real.
    const timing = { apiCalls: 0, gateMs: round(performance.now() - started), targetMs: 0 };
    const error = new RetryableWriteError(
      isDryRunKey(event.eventKey)
        ? `lane '${event.lane}' is not in dry run on this gateway: an event of its dry run is never written`
        : `this gateway has no contract for lane '${event.lane}'`,
    );
    await fail(ctx, event, error, undefined, [], timing);
    return;
  }
  if (ctx.maxLeaseExpiries > 0 && event.takeovers >= ctx.maxLeaseExpiries) {
    await giveUpOnExpiries(ctx, event, round(performance.now() - started));
    return;
  }
  if (ctx.pauses.isPaused(event.lane)) {
    // Leased before this process saw the pause: it waits with the lane's other events.
    await ctx.store.putBack(event.id);
    return;
  }
  const skipped = beforeSinceOutcome(plan, event, round(performance.now() - started));
  if (skipped !== undefined) {
    await finish(ctx, event, skipped.outcome);
    ctx.emit({ type: 'event_before_since', eventId: event.id, lane: event.lane, undated: skipped.undated });
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
      let heldBack = false;
      const attempt = async (gone: ReadonlySet<string>): Promise<WriteResult | undefined> => {
        resolution = await resolveEvent(ctx, plan, event, identity, tally, found, gone);
        if (resolution.decision.kind === 'review') return undefined;
        // The circuit breaker: no slot in the lane's create window → the event waits, the lane pauses.
        if (
          resolution.decision.operation === 'create' &&
          !plan.dryRun &&
          !(await ctx.pauses.mayCreate(plan, event.id))
        ) {
          heldBack = true;
          return undefined;
        }
        const job = writeJob(ctx, plan, event, identity, resolution.claims, tally, resolution.crosswalk);
        return writeDecision(job, resolution.decision);
      };
      let written: WriteResult | undefined;
      try {
        written = await attempt(new Set());
      } catch (err) {
        // The record the crosswalk or a claim names is gone (the target was emptied): resolve again without it.
        if (!(err instanceof RecordGoneError)) throw err;
        written = await attempt(new Set([err.targetId]));
      }
      if (heldBack) return;
      const resolved = resolution as Resolution | undefined;
      if (resolved === undefined) throw new Error('the event was not resolved');
      const { verified } = resolved;
      const decision =
        written?.review === undefined ? resolved.decision : reviewInstead(resolved.decision, written.review);
      if (written === undefined || decision.kind === 'review') {
        const explanation = explanationOf(plan, decision, {
          verified,
          ...(written?.review === undefined ? {} : { recordChanged: changeDetail(written) }),
          ...(plan.dryRun ? { dryRun: {} } : {}),
        });
        await finish(
          ctx,
          event,
          { status: 'review', decision: 'review', explanation, keys, ...timing() },
          { review: { reason: decision.reason, candidates: explanation.candidates } },
        );
        return;
      }
      const explanation = explanationOf(plan, decision, {
        verified,
        ...writeDetail(written),
        ...(plan.dryRun ? { dryRun: wouldWrite(written) } : {}),
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

/** What a dry run would have written: the operation, the record and the property names (never values). */
function wouldWrite(written: WriteResult): Record<string, unknown> {
  return {
    operation: written.operation,
    ...(written.targetId === undefined ? {} : { targetId: written.targetId }),
    properties: written.written ?? [],
  };
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
    const plan = planOf(ctx, event);
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
