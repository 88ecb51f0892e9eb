import type { FaultOptions } from './emulator-options.js';

export type Fault =
  | { readonly kind: 'status'; readonly status: number }
  | { readonly kind: 'timeout-after-commit'; readonly mode?: 'drop' | 'hang' }
  | { readonly kind: 'latency'; readonly ms: number };

/** What happens to one request besides its normal processing. */
export interface FaultDecision {
  /** Answer with this status before processing. */
  readonly status?: number;
  readonly latencyMs: number;
  /** Apply the request, then lose the response. */
  readonly afterCommit?: 'drop' | 'hang';
}

interface QueuedFault {
  readonly fault: Fault;
  readonly endpoint: string | undefined;
  remaining: number;
}

/** Deterministic PRNG (mulberry32): the same seed gives the same fault sequence. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/**
 * Decides the faults of each request: injected ones first (exact, for tests), then random ones drawn from
 * the seeded generator. Every request draws the same number of random values, so one fault never shifts the
 * sequence of the next.
 */
export class FaultPlan {
  private readonly random: () => number;
  private readonly queue: QueuedFault[] = [];

  constructor(private readonly options: Required<FaultOptions>) {
    this.random = seededRandom(options.seed);
  }

  /** Applies `fault` to the next `times` requests (to `endpoint` only, when given). */
  inject(fault: Fault, times = 1, endpoint?: string): void {
    this.queue.push({ fault, endpoint, remaining: times });
  }

  next(endpoint: string): FaultDecision {
    const [errorDraw, statusDraw, timeoutDraw, latencyDraw] = [
      this.random(),
      this.random(),
      this.random(),
      this.random(),
    ];
    const injected = this.takeInjected(endpoint);
    if (injected !== undefined) return injected;
    const { errorRate, errorStatuses, timeoutAfterCommitRate, timeoutMode, latencyMs } = this.options;
    const latency =
      typeof latencyMs === 'number'
        ? latencyMs
        : Math.round(latencyMs[0] + latencyDraw * (latencyMs[1] - latencyMs[0]));
    if (errorDraw < errorRate && errorStatuses.length > 0) {
      const status = errorStatuses[Math.floor(statusDraw * errorStatuses.length)] ?? 500;
      return { status, latencyMs: latency };
    }
    if (timeoutDraw < timeoutAfterCommitRate) return { latencyMs: latency, afterCommit: timeoutMode };
    return { latencyMs: latency };
  }

  private takeInjected(endpoint: string): FaultDecision | undefined {
    const index = this.queue.findIndex((q) => q.endpoint === undefined || q.endpoint === endpoint);
    if (index < 0) return undefined;
    const queued = this.queue[index]!;
    queued.remaining -= 1;
    if (queued.remaining <= 0) this.queue.splice(index, 1);
    const { fault } = queued;
    switch (fault.kind) {
      case 'status':
        return { status: fault.status, latencyMs: 0 };
      case 'timeout-after-commit':
        return { latencyMs: 0, afterCommit: fault.mode ?? this.options.timeoutMode };
      case 'latency':
        return { latencyMs: fault.ms };
    }
  }
}
