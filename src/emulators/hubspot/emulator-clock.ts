/**
 * The emulator's notion of "now" (record timestamps, search-index lag, rate-limit windows). Tests freeze it
 * and move it by hand so that lag and windows are exact without sleeping.
 */
export class EmulatorClock {
  private frozenAt: number | undefined;
  private offset = 0;

  constructor(
    private readonly source: () => number = Date.now,
    frozenAt?: number,
  ) {
    this.frozenAt = frozenAt;
  }

  now(): number {
    return this.frozenAt ?? this.source() + this.offset;
  }

  /** Freezes the clock at `ms` (epoch milliseconds); it then moves only by `advance`. */
  set(ms: number): void {
    this.frozenAt = ms;
  }

  advance(ms: number): void {
    if (this.frozenAt === undefined) this.offset += ms;
    else this.frozenAt += ms;
  }
}
