import type { TargetConnector } from '../connectors/target-connector.js';

interface Call {
  overlapped: boolean;
}

/**
 * Measures the target's own latency around connector calls and counts the API calls one event spends.
 * A connector counts every HTTP request (its retries included) in one total; a call's share of that total
 * is exact when no other call ran beside it, otherwise the call counts as one request.
 */
export class TargetMeter {
  private readonly active = new Set<Call>();

  constructor(
    readonly connector: TargetConnector,
    /** Told the outcome of every call (`undefined`: it succeeded), for the target's health. */
    private readonly observe: (err?: unknown) => void = () => undefined,
  ) {}

  /** A fresh tally for one event attempt. */
  tally(): TargetTally {
    return new TargetTally(this);
  }

  async measure<T>(tally: TargetTally, fn: (c: TargetConnector) => Promise<T>): Promise<T> {
    const call: Call = { overlapped: this.active.size > 0 };
    for (const other of this.active) other.overlapped = true;
    this.active.add(call);
    const before = this.connector.apiCalls;
    const started = performance.now();
    try {
      const result = await fn(this.connector);
      this.observe();
      return result;
    } catch (err) {
      this.observe(err);
      throw err;
    } finally {
      this.active.delete(call);
      tally.targetMs += performance.now() - started;
      const delta = this.connector.apiCalls - before;
      tally.apiCalls += call.overlapped ? 1 : Math.max(1, delta);
    }
  }
}

export class TargetTally {
  apiCalls = 0;
  targetMs = 0;

  constructor(private readonly meter: TargetMeter) {}

  call<T>(fn: (c: TargetConnector) => Promise<T>): Promise<T> {
    return this.meter.measure(this, fn);
  }
}
