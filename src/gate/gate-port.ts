/**
 * What the outside (HTTP service, CLI, demo) asks of the gate. The gate itself (`src/gate/gate.ts`) builds the
 * write path from the state store, the identity core and the target connectors.
 */
import type { ScopeReadiness } from './target-index-keeper.js';
import type { AcceptResult, StoredEvent, ReviewAction } from '../store/state-store.js';
import type { LaneStatus } from './lane-pauses.js';
import type { BulkReplay, ReplayFilter } from './bulk-replay.js';
import type { TargetStatus } from './target-health.js';

/** One event as posted to a lane: its payload, and the source's event id when it has one. */
export interface Submission {
  /** Replays are recognised by this key; without one, a hash of the lane's composite business key is used. */
  readonly eventKey?: string;
  readonly payload: Readonly<Record<string, unknown>>;
}

/** A payload that does not satisfy the lane contract: nothing of the request was stored. */
export class SubmissionError extends Error {
  constructor(
    message: string,
    /** Where: `[3].payload.email`. */
    readonly path: string,
    readonly code:
      'invalid_field' | 'missing_field' | 'unstorable_text' | 'unknown_lane' | 'forbidden' | 'invalid_body',
  ) {
    super(message);
    this.name = 'SubmissionError';
  }
}

export interface GatePort {
  /** Lane names this gate serves. */
  readonly lanes: readonly string[];
  /**
   * Validates every submission against the lane contract (all or nothing), then stores them durably.
   * Throws `SubmissionError` for bad input, before anything is stored.
   */
  submit(lane: string, principal: string, submissions: readonly Submission[]): Promise<AcceptResult[]>;
  /** Resolves when every event is terminal, or after `timeoutMs` with what is known then. */
  waitFor(ids: readonly string[], timeoutMs: number): Promise<StoredEvent[]>;
  /** Processes until no event is due (tests, the demo, the CLI). */
  drain(): Promise<void>;
  /** Starts the background workers that process accepted events. */
  start(): void;
  /** Stops taking new work and waits for events in flight. */
  stop(): Promise<void>;
  /** An operator's decision on a review item; writes through the connector when it says match or create. */
  resolveReview(
    reviewId: string,
    resolution: { action: ReviewAction; targetId?: string; operator: string; reason: string },
  ): Promise<StoredEvent>;
  /**
   * Puts a dead-lettered event through the write path again. Operator and reason are required; a replay of
   * an event already written is refused and the refusal recorded.
   */
  replayDeadLetter(deadLetterId: string, request: { operator: string; reason: string }): Promise<StoredEvent>;
  /** Each lane: running or paused (who, why, since when), its creates in the current window and its limit. */
  laneStatuses(): Promise<LaneStatus[]>;
  /** An operator stops a lane: its events wait, accepted. Refused (conflict) when it is paused already. */
  pauseLane(lane: string, request: { operator: string; reason: string }): Promise<LaneStatus>;
  /**
   * An operator resumes a paused lane (after the circuit breaker tripped, or a pause by hand); its create
   * window starts anew. Refused (conflict) when it is not paused.
   */
  resumeLane(lane: string, request: { operator: string; reason: string }): Promise<LaneStatus>;
  /** How far the target index of each scope is (`/healthz`); absent or empty without a target index. */
  targetIndexReadiness?(): readonly ScopeReadiness[];
  /**
   * Puts every event dead-lettered now whose dead letter matches the filter (lane, error code, time range)
   * through the write path again, recording operator and reason on each; does not wait for them.
   */
  replayDeadLetters(filter: ReplayFilter, request: { operator: string; reason: string }): Promise<BulkReplay>;
  /** Each target system: up, or down since when and why (its lanes held back until it answers). */
  targetStatus?(): TargetStatus[];
}
