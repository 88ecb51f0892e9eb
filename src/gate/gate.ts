import { setTimeout as sleep } from 'node:timers/promises';
import type { AcceptResult, IncomingEvent, StoredEvent } from '../store/state-store.js';
import { TERMINAL_STATUSES } from '../store/state-store.js';
import { CoalescingConnector } from '../connectors/coalescing-connector.js';
import { DryRunConnector } from '../connectors/dry-run-connector.js';
import { compileModel } from '../identity/match-model.js';
import type { IdentityRules } from '../identity/rules.js';
import type { StateStore } from '../store/state-store.js';
import type { Preparer } from '../identity/remembering-preparer.js';
import { dryRunKeyOf, dryRunScopeOf, meterKeyOf } from './dry-run.js';
import { RecordPreparer } from '../identity/prepare-record.js';
import { RememberingPreparer } from '../identity/remembering-preparer.js';
import { replayDeadLettersWhere, type BulkReplay, type ReplayFilter } from './bulk-replay.js';
import { eventKeyOf } from './event-key.js';
import type { GateContext } from './gate-context.js';
import { GateError } from './gate-error.js';
import { IGNORE_GATE_EVENTS } from './gate-events.js';
import { gateConfig, laneOf, type GateConfig, type GateOptions } from './gate-options.js';
import { SubmissionError, type GatePort, type Submission } from './gate-port.js';
import { LanePauses, type LaneStatus } from './lane-pauses.js';
import { planLane, type LanePlan } from './lane-plan.js';
import { PairExplainer } from './pair-explainer.js';
import { errorName, processEvent } from './process-event.js';
import { replayDeadLetterItem, resolveReviewItem, type ReviewRequest } from './review-actions.js';
import { ScopeIndex } from './scope-index.js';
import { scopeOverlayStore } from './scope-overlay-store.js';
import { ScopeStatistics } from './scope-statistics.js';
import { TargetHealth, type MonitoredTarget, type TargetStatus } from './target-health.js';
import { TargetMeter } from './target-meter.js';
import { targetIndexKeeper } from './target-index-wiring.js';
import type { ScopeReadiness, TargetIndexKeeper } from './target-index-keeper.js';
import { validateSubmissions } from './validate-submissions.js';

/** Longest pause between two looks of `waitFor`. */
const WAIT_POLL_MAX_MS = 100;

/**
 * The write path: validates and durably accepts events, then workers resolve who each event is under the
 * lock of its identity keys and write through the target connector with upsert semantics.
 */
export class Gate implements GatePort {
  readonly lanes: readonly string[];
  private readonly ctx: GateContext;
  private readonly config: GateConfig;
  private readonly principals = new Map<string, readonly string[] | undefined>();
  private running = false;
  private loops: Promise<void>[] = [];
  private drains = 0;
  private readonly indexKeeper: TargetIndexKeeper | undefined;

  constructor(options: GateOptions) {
    this.config = gateConfig(options);
    const plans = new Map<string, LanePlan>();
    const indexes = new Map<string, ScopeIndex>();
    const explainers = new Map<string, PairExplainer>();
    const meters = new Map<string, TargetMeter>();
    const rulesOfScope = new Map<string, { lane: string; json: string }>();
    const preparers = new Map<string, RememberingPreparer>();
    const targets = new Map<string, MonitoredTarget>();
    for (const entry of options.lanes.map(laneOf)) {
      const planned = planLane(entry.contract);
      // The lanes of one scope share its rules (checked below), so they share the records it has prepared.
      let preparer = preparers.get(planned.scope);
      if (preparer === undefined)
        preparers.set(planned.scope, (preparer = new RememberingPreparer(new RecordPreparer(planned.rules))));
      const plan: LanePlan = { ...planned, preparer };
      if (plans.has(plan.lane)) throw new GateError('invalid_config', `lane '${plan.lane}' is given twice`);
      plans.set(plan.lane, plan);
      this.principals.set(plan.lane, entry.principals);
      const system = plan.flow.target.system;
      const connector = options.connectors[system];
      if (connector === undefined)
        throw new GateError(
          'invalid_config',
          `lane '${plan.lane}' writes to '${system}', which has no connector`,
        );
      const batches = this.config.targetBatchesInFlight;
      if (!meters.has(system))
        meters.set(
          system,
          new TargetMeter(
            batches === 0
              ? connector
              : new CoalescingConnector(connector, {
                  maxInFlight: batches,
                  lingerMs: this.config.targetLingerMs,
                }),
            (err) => health.record(system, err),
          ),
        );
      const object = plan.flow.target.object;
      targets.set(system, {
        lanes: [...(targets.get(system)?.lanes ?? []), plan.lane],
        probe: () =>
          connector.ping ? connector.ping(object) : connector.read(object, ['0']).then(() => undefined),
      });
      const json = JSON.stringify(plan.rules);
      const seen = rulesOfScope.get(plan.scope);
      if (seen !== undefined && seen.json !== json)
        throw new GateError(
          'invalid_config',
          `lanes '${seen.lane}' and '${plan.lane}' write ${plan.scope} with different identity rules; one target object has one set of rules`,
        );
      if (seen === undefined) {
        rulesOfScope.set(plan.scope, { lane: plan.lane, json });
        const parts = scopeParts(options.store, plan.scope, plan.rules, preparer);
        indexes.set(plan.scope, parts.index);
        explainers.set(plan.scope, parts.explainer);
      }
    }
    // Lanes in dry run: a plan of their own, in a scope of its own over the real one, writing to an overlay.
    const dryRunPlans = new Map<string, LanePlan>();
    const store = [...plans.values()].some((p) => p.flow.dryRun)
      ? scopeOverlayStore(options.store)
      : options.store;
    for (const plan of plans.values()) {
      if (!plan.flow.dryRun) continue;
      const twin: LanePlan = { ...plan, scope: dryRunScopeOf(plan.scope), dryRun: true };
      dryRunPlans.set(plan.lane, twin);
      if (!indexes.has(twin.scope)) {
        const parts = scopeParts(store, twin.scope, twin.rules, twin.preparer);
        indexes.set(twin.scope, parts.index);
        explainers.set(twin.scope, parts.explainer);
      }
      const key = meterKeyOf(plan.flow.target.system, true);
      if (!meters.has(key))
        meters.set(
          key,
          new TargetMeter(
            new DryRunConnector(meters.get(plan.flow.target.system)!.connector, plan.anchorProperty),
          ),
        );
    }
    const health = new TargetHealth(
      targets,
      this.config.targetHealth,
      options.now ?? Date.now,
      options.random ?? Math.random,
      options.onEvent ?? IGNORE_GATE_EVENTS,
    );
    this.lanes = Object.freeze([...plans.keys()]);
    const emit = options.onEvent ?? IGNORE_GATE_EVENTS;
    this.indexKeeper =
      options.targetIndex === undefined
        ? undefined
        : targetIndexKeeper(options.store, plans, options.connectors, options.targetIndex, {
            emit,
            now: options.now ?? Date.now,
            warm: async (scope) => indexes.get(scope)?.refresh(),
          });
    this.ctx = Object.freeze({
      store,
      plans,
      dryRunPlans,
      indexes,
      explainers,
      meters,
      health,
      retry: this.config.retry,
      leaseMs: this.config.leaseMs,
      maxLeaseExpiries: this.config.maxLeaseExpiries,
      now: options.now ?? Date.now,
      random: options.random ?? Math.random,
      emit,
      pauses: new LanePauses(options.store, plans, emit),
    });
  }

  async submit(lane: string, principal: string, submissions: readonly Submission[]): Promise<AcceptResult[]> {
    const plan = this.ctx.plans.get(lane);
    if (plan === undefined) throw new SubmissionError(`unknown lane '${lane}'`, '', 'unknown_lane');
    const allowed = this.principals.get(lane);
    if (allowed !== undefined && !allowed.includes(principal))
      throw new SubmissionError(`'${principal}' may not post to lane '${lane}'`, '', 'forbidden');
    if (!Array.isArray(submissions))
      throw new SubmissionError('expected a list of submissions', '', 'invalid_body');
    const valid = validateSubmissions(plan, submissions);
    const events: IncomingEvent[] = valid.map((s) => ({
      lane,
      eventKey: plan.flow.dryRun
        ? dryRunKeyOf(eventKeyOf(plan.flow, s.payload, s.eventKey))
        : eventKeyOf(plan.flow, s.payload, s.eventKey),
      principal,
      payload: s.payload,
    }));
    return events.length === 0 ? [] : this.ctx.store.accept(events);
  }

  async waitFor(ids: readonly string[], timeoutMs: number): Promise<StoredEvent[]> {
    const deadline = performance.now() + timeoutMs;
    const known = new Map<string, StoredEvent>();
    let pending = [...new Set(ids)];
    let pause = this.config.pollMs;
    for (;;) {
      const fresh = await Promise.all(pending.map((id) => this.ctx.store.getEvent(id)));
      pending = pending.filter((id, i) => {
        const event = fresh[i];
        if (event !== undefined) known.set(id, event);
        return event === undefined || !TERMINAL_STATUSES.includes(event.status);
      });
      if (pending.length === 0 || performance.now() >= deadline)
        return ids.flatMap((id) => {
          const event = known.get(id);
          return event === undefined ? [] : [event];
        });
      await sleep(Math.min(pause, Math.max(1, deadline - performance.now())));
      pause = Math.min(pause * 2, WAIT_POLL_MAX_MS);
    }
  }

  async drain(): Promise<void> {
    this.drains++;
    try {
      const loops = Array.from({ length: this.config.workers }, (_, i) =>
        this.loop(`${this.config.workerName}-drain${this.drains}-${i}`, () => true, true),
      );
      await Promise.all(loops);
    } finally {
      this.drains--;
    }
  }

  /** Loads (or resumes loading) and refreshes the target index of every scope, then returns. */
  async prepareTargetIndex(): Promise<void> {
    await this.indexKeeper?.prepare();
  }

  /** The target index of each scope, for `/healthz`; empty without one. */
  targetIndexReadiness(): ScopeReadiness[] {
    return this.indexKeeper?.readiness() ?? [];
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.indexKeeper?.start();
    this.loops = Array.from({ length: this.config.workers }, (_, i) =>
      this.loop(`${this.config.workerName}-${i}`, () => this.running, false),
    );
  }

  async stop(): Promise<void> {
    this.running = false;
    const loops = this.loops;
    this.loops = [];
    await Promise.all([...loops, this.indexKeeper?.stop()]);
  }

  replayDeadLetters(
    filter: ReplayFilter,
    request: { operator: string; reason: string },
  ): Promise<BulkReplay> {
    return replayDeadLettersWhere(this.ctx, filter, request);
  }

  /** Each target system: up, or down since when and why (its lanes held back). */
  targetStatus(): TargetStatus[] {
    return this.ctx.health.statuses();
  }

  resolveReview(
    reviewId: string,
    resolution: { action: ReviewRequest['action']; targetId?: string; operator: string; reason: string },
  ): Promise<StoredEvent> {
    return resolveReviewItem(this.ctx, reviewId, resolution);
  }

  replayDeadLetter(
    deadLetterId: string,
    request: { operator: string; reason: string },
  ): Promise<StoredEvent> {
    return replayDeadLetterItem(this.ctx, deadLetterId, request, (id) => this.settle(id));
  }

  laneStatuses(): Promise<LaneStatus[]> {
    return this.ctx.pauses.statuses();
  }

  pauseLane(lane: string, request: { operator: string; reason: string }): Promise<LaneStatus> {
    return this.ctx.pauses.pause(lane, request);
  }

  resumeLane(lane: string, request: { operator: string; reason: string }): Promise<LaneStatus> {
    return this.ctx.pauses.resume(lane, request);
  }

  /** Processes until the event is terminal, or only waits for it when the workers run. */
  private async settle(eventId: string): Promise<void> {
    if (this.running) {
      await this.waitFor([eventId], this.config.leaseMs);
      return;
    }
    const worker = `${this.config.workerName}-replay`;
    const deadline = performance.now() + this.config.leaseMs;
    while (performance.now() < deadline) {
      const event = await this.ctx.store.getEvent(eventId);
      if (event === undefined || TERMINAL_STATUSES.includes(event.status)) return;
      const leased = await this.ctx.store.lease(worker, 1, this.config.leaseMs);
      if (leased.length === 0) await sleep(this.config.pollMs);
      for (const e of leased) await this.process(worker, e);
    }
  }

  /**
   * One worker: keeps up to `batch` events in flight, leasing more (in one store call) once half of them are
   * done, so that a slow event does not hold the others up. In drain mode it ends when no event is accepted
   * or in flight anywhere.
   */
  private async loop(worker: string, keepGoing: () => boolean, drain: boolean): Promise<void> {
    const { batch, leaseMs, pollMs } = this.config;
    const inFlight = new Set<Promise<void>>();
    while (keepGoing()) {
      if (inFlight.size > batch / 2) {
        await Promise.race(inFlight);
        continue;
      }
      let leased: StoredEvent[];
      try {
        this.ctx.health.probeDue();
        const skip = [
          ...(await this.ctx.pauses.lanesToSkip()),
          ...this.heldLanes(),
          ...this.ctx.health.pausedLanes(),
        ];
        leased = await this.ctx.store.lease(worker, batch - inFlight.size, leaseMs, skip);
      } catch (err) {
        this.ctx.emit({ type: 'worker_error', worker, error: errorName(err) });
        await sleep(pollMs);
        continue;
      }
      if (leased.length === 0) {
        if (inFlight.size > 0) await Promise.race([...inFlight, sleep(pollMs)]);
        else if (drain && (await this.idle())) return;
        else await sleep(pollMs);
        continue;
      }
      for (const event of leased) {
        const run: Promise<void> = this.process(worker, event).finally(() => inFlight.delete(run));
        inFlight.add(run);
      }
    }
    await Promise.all(inFlight);
  }

  /** Lanes whose events are not to be leased now: those waiting for their target index. */
  private heldLanes(): readonly string[] {
    return this.indexKeeper?.lanesWaiting() ?? [];
  }

  private async process(worker: string, event: StoredEvent): Promise<void> {
    try {
      await processEvent(this.ctx, event);
    } catch (err) {
      this.ctx.emit({ type: 'worker_error', worker, error: errorName(err) });
    }
  }

  private async idle(): Promise<boolean> {
    // A paused lane's events wait for an operator: a drain does not.
    const counts = await this.ctx.store.countByStatus(await this.ctx.pauses.lanesToSkip());
    return counts.accepted === 0 && counts.processing === 0;
  }
}

/** The identity index and pair explainer of one scope. */
function scopeParts(
  store: StateStore,
  scope: string,
  rules: IdentityRules,
  preparer: Preparer,
): { index: ScopeIndex; explainer: PairExplainer } {
  const model = compileModel(rules);
  const statistics = new ScopeStatistics(rules, preparer);
  return {
    index: new ScopeIndex(store, scope, rules, model, statistics, preparer),
    explainer: new PairExplainer(rules, model, statistics, preparer),
  };
}
