import { ConnectorError } from '../connectors/target-connector.js';
import type { GateListener } from './gate-events.js';

/** When a failing target pauses its lanes, and how it is probed until it answers again. */
export interface TargetHealthPolicy {
  /**
   * Consecutive calls that failed after the connector's own retries (5xx, timeouts, network errors, 429)
   * that mark the target down. A refused token or scope (401, 403) marks it down at once.
   */
  readonly failuresToPause: number;
  /** First probe this long after the target went down; each failed probe doubles the wait. */
  readonly probeBaseMs: number;
  /** Longest wait between two probes. */
  readonly probeMaxMs: number;
}

export const DEFAULT_TARGET_HEALTH_POLICY: TargetHealthPolicy = {
  failuresToPause: 3,
  probeBaseMs: 1_000,
  probeMaxMs: 30_000,
};

/** What `/healthz` and operators see of one target system. */
export interface TargetStatus {
  readonly system: string;
  readonly state: 'up' | 'down';
  /** The lanes writing to it (held back while it is down). */
  readonly lanes: readonly string[];
  /** Why it is down: the status of the failing calls, never a payload or a token. */
  readonly reason?: string;
  /** Since when it is down (ISO). */
  readonly since?: string;
  /** Probes made since it went down. */
  readonly probes?: number;
  readonly nextProbeAt?: string;
}

/** One target system as the gate reaches it: its lanes and a cheap call that says whether it answers. */
export interface MonitoredTarget {
  readonly lanes: readonly string[];
  readonly probe: () => Promise<void>;
}

interface SystemState {
  readonly target: MonitoredTarget;
  failures: number;
  down?: { reason: string; since: number; probes: number; nextProbeAt: number };
  probing: boolean;
}

/**
 * The reason a failed call says the target as a whole is failing — no answer, a 5xx, a rate limit that
 * outlasted the retries, a refused token or scope — or `undefined` when the target answered (a conflict,
 * an invalid input, a record gone: the event's own business).
 */
export function targetFailureOf(err: unknown): { reason: string; immediate: boolean } | undefined {
  if (!(err instanceof ConnectorError)) return undefined;
  if (err.status === 401) return { reason: 'the target refused the token (HTTP 401)', immediate: true };
  if (err.status === 403)
    return { reason: 'the token lacks a scope the call needs (HTTP 403)', immediate: true };
  if (err.status === 429) return { reason: 'rate limited past the retries (HTTP 429)', immediate: false };
  if (err.kind !== 'retryable') return undefined;
  return {
    reason: err.status === undefined ? 'no answer (timeout or network error)' : `HTTP ${err.status}`,
    immediate: false,
  };
}

/**
 * Watches each target system through the outcomes of its calls. A target whose calls keep failing is marked
 * down: its lanes' events are held back (`pausedLanes`, passed to the store's lease) and those that fail
 * meanwhile wait without using an attempt, instead of being dead-lettered one after another. While it is
 * down it is probed with a capped exponential backoff; the first call that gets an answer — a probe or an
 * event still in flight — marks it up, and its lanes flow again.
 */
export class TargetHealth {
  private readonly states = new Map<string, SystemState>();

  constructor(
    targets: ReadonlyMap<string, MonitoredTarget>,
    private readonly policy: TargetHealthPolicy,
    private readonly now: () => number,
    private readonly random: () => number,
    private readonly emit: GateListener,
  ) {
    for (const [system, target] of targets) this.states.set(system, { target, failures: 0, probing: false });
  }

  /** The outcome of one call to `system`: `undefined` when it succeeded. */
  record(system: string, err?: unknown): void {
    const state = this.states.get(system);
    if (state === undefined) return;
    const failure = err === undefined ? undefined : targetFailureOf(err);
    if (failure === undefined) {
      state.failures = 0;
      if (state.down !== undefined) this.markUp(system, state);
      return;
    }
    state.failures += 1;
    if (state.down === undefined && (failure.immediate || state.failures >= this.policy.failuresToPause))
      this.markDown(system, state, failure.reason);
  }

  isDown(system: string): boolean {
    return this.states.get(system)?.down !== undefined;
  }

  /** Lanes whose target is down: their events stay where they are. */
  pausedLanes(): string[] {
    return [...this.states.values()].flatMap((s) => (s.down === undefined ? [] : s.target.lanes));
  }

  /** Starts the probes that are due (one at a time per target); their outcome arrives through `record`. */
  probeDue(): void {
    const now = this.now();
    for (const [system, state] of this.states) {
      const down = state.down;
      if (down === undefined || state.probing || now < down.nextProbeAt) continue;
      state.probing = true;
      down.probes += 1;
      state.target
        .probe()
        .then(
          () => this.record(system),
          (err: unknown) => {
            this.record(system, err);
            if (state.down === down) down.nextProbeAt = this.now() + this.backoff(down.probes);
          },
        )
        .finally(() => {
          state.probing = false;
        });
    }
  }

  statuses(): TargetStatus[] {
    return [...this.states].map(([system, state]) => {
      const down = state.down;
      if (down === undefined) return { system, state: 'up', lanes: state.target.lanes };
      return {
        system,
        state: 'down',
        lanes: state.target.lanes,
        reason: down.reason,
        since: new Date(down.since).toISOString(),
        probes: down.probes,
        nextProbeAt: new Date(down.nextProbeAt).toISOString(),
      };
    });
  }

  private markDown(system: string, state: SystemState, reason: string): void {
    const since = this.now();
    state.down = { reason, since, probes: 0, nextProbeAt: since + this.backoff(0) };
    this.emit({ type: 'target_down', system, reason, lanes: state.target.lanes });
  }

  private markUp(system: string, state: SystemState): void {
    const down = state.down;
    if (down === undefined) return;
    delete state.down;
    this.emit({
      type: 'target_up',
      system,
      downMs: Math.max(0, this.now() - down.since),
      probes: down.probes,
    });
  }

  /** Wait before probe `n + 1`: base · 2^n, capped, ±20 % so that several gateways do not probe together. */
  private backoff(n: number): number {
    const { probeBaseMs, probeMaxMs } = this.policy;
    const delay = Math.min(probeMaxMs, probeBaseMs * 2 ** n);
    return Math.round(delay * (0.8 + 0.4 * this.random()));
  }
}
