import { randomUUID } from 'node:crypto';
import type { TargetConnector } from '../connectors/target-connector.js';
import type { LaneContract } from '../contract/index.js';
import type { StateStore } from '../store/state-store.js';
import { GateError } from './gate-error.js';
import type { GateListener } from './gate-events.js';
import { DEFAULT_RETRY_POLICY, type RetryPolicy } from './retry-policy.js';
import type { TargetIndexOptions } from './target-index-keeper.js';
import { DEFAULT_TARGET_HEALTH_POLICY, type TargetHealthPolicy } from './target-health.js';

/** One lane the gate serves. */
export interface GateLane {
  readonly contract: LaneContract;
  /** Integration users allowed to post to the lane; anyone when absent. */
  readonly principals?: readonly string[];
}

export interface GateOptions {
  readonly store: StateStore;
  /** Lane contracts with a write side (source, target, fields); lanes writing one object share identity rules. */
  readonly lanes: readonly (LaneContract | GateLane)[];
  /** One connector per target system named by the lanes (`hubspot`). */
  readonly connectors: Readonly<Record<string, TargetConnector>>;
  /** Concurrent workers of `start()` and `drain()` (default 4). */
  readonly workers?: number;
  /**
   * Events a worker has in flight at most (default 8): it leases them in one store call and processes them
   * concurrently, each under the locks of its own identity keys, and leases more as they finish. Fewer when
   * the store can lock for fewer callers at once (`StateStore.lockHolders`): an event leased beyond that
   * would only wait, its lease running.
   */
  readonly batch?: number;
  /** How long a leased event is ours before another worker may take it over (default 30 s). */
  readonly leaseMs?: number;
  /**
   * An event whose lease has run out this many times (default 5) — each time the process working on it died
   * or stalled — is dead-lettered instead of tried again: an event that crashes the gateway must not do so
   * forever. 0 turns this off.
   */
  readonly maxLeaseExpiries?: number;
  /** Pause between polls when nothing is due (default 50 ms). */
  readonly pollMs?: number;
  readonly retry?: Partial<RetryPolicy>;
  /** When a failing target pauses its lanes, and how it is probed (`TargetHealth`). */
  readonly targetHealth?: Partial<TargetHealthPolicy>;
  /** Clock in epoch ms (retry times). */
  readonly now?: () => number;
  /** Source of jitter, in [0, 1). */
  readonly random?: () => number;
  /** Subscribes metrics and logs to what the gate does (ids and figures, never payloads). */
  readonly onEvent?: GateListener;
  /**
   * Target calls of events resolved at the same time go out as batch calls (`CoalescingConnector`); this
   * many batch calls of one kind in flight at once (default 2). 0 sends every call on its own.
   */
  readonly targetBatchesInFlight?: number;
  /**
   * How long a batch call that is not full waits for more calls before it is sent (default 0: at once).
   * A bulk import sets it: fuller batches, fewer API calls per record.
   */
  readonly targetLingerMs?: number;
  /** Prefix of worker names in leases (default `gate-<pid>-<random>`). */
  readonly workerName?: string;
  /**
   * Keep a target index of every record of each target object whose connector can list records
   * (`RecordLister`): `start()` loads it before the object's lanes take events, then refreshes it. Absent:
   * the identity index holds only what Lanekeeper wrote.
   */
  readonly targetIndex?: TargetIndexOptions;
}

export interface GateConfig {
  readonly workers: number;
  readonly batch: number;
  readonly leaseMs: number;
  readonly maxLeaseExpiries: number;
  readonly pollMs: number;
  readonly retry: RetryPolicy;
  readonly targetHealth: TargetHealthPolicy;
  readonly workerName: string;
  /** 0: no batching of target calls. */
  readonly targetBatchesInFlight: number;
  readonly targetLingerMs: number;
}

/** Validates the numeric options once; a bad value is an error, never a silent default. */
export function gateConfig(options: GateOptions): GateConfig {
  const retry = { ...DEFAULT_RETRY_POLICY, ...options.retry };
  const health = { ...DEFAULT_TARGET_HEALTH_POLICY, ...options.targetHealth };
  const workers = whole('workers', options.workers ?? 4, 1);
  const batch = whole('batch', options.batch ?? 8, 1);
  const holders = options.store.lockHolders ?? Number.POSITIVE_INFINITY;
  const config: GateConfig = {
    workers,
    batch: Math.max(1, Math.min(batch, Math.floor(holders / workers))),
    leaseMs: whole('leaseMs', options.leaseMs ?? 30_000, 1),
    maxLeaseExpiries: whole('maxLeaseExpiries', options.maxLeaseExpiries ?? 5, 0),
    pollMs: whole('pollMs', options.pollMs ?? 50, 1),
    retry: {
      maxAttempts: whole('retry.maxAttempts', retry.maxAttempts, 1),
      baseDelayMs: whole('retry.baseDelayMs', retry.baseDelayMs, 0),
      maxDelayMs: whole('retry.maxDelayMs', retry.maxDelayMs, 0),
      jitter: share('retry.jitter', retry.jitter),
    },
    targetHealth: {
      failuresToPause: whole('targetHealth.failuresToPause', health.failuresToPause, 1),
      probeBaseMs: whole('targetHealth.probeBaseMs', health.probeBaseMs, 1),
      probeMaxMs: whole('targetHealth.probeMaxMs', health.probeMaxMs, 1),
    },
    workerName: options.workerName ?? `gate-${process.pid}-${randomUUID().slice(0, 8)}`,
    targetBatchesInFlight: whole('targetBatchesInFlight', options.targetBatchesInFlight ?? 2, 0),
    targetLingerMs: whole('targetLingerMs', options.targetLingerMs ?? 0, 0),
  };
  return Object.freeze(config);
}

function whole(name: string, value: number, min: number): number {
  if (!Number.isInteger(value) || value < min)
    throw new GateError('invalid_config', `${name} must be a whole number ≥ ${min}, got ${value}`);
  return value;
}

function share(name: string, value: number): number {
  if (!(value >= 0 && value <= 1))
    throw new GateError('invalid_config', `${name} must be between 0 and 1, got ${value}`);
  return value;
}

export function laneOf(entry: LaneContract | GateLane): GateLane {
  return 'contract' in entry ? entry : { contract: entry };
}
