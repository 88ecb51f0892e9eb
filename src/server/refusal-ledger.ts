import type { TransactionRow } from '../store/state-store.js';

/** One refused request (401/403), as kept in the lineage: never the token. */
export interface Refusal {
  readonly eventId: string;
  readonly lane: string;
  readonly principal: string;
  readonly status: number;
  readonly code: string;
  readonly method: string;
  readonly route: string;
  readonly reason: string;
}

export interface RefusalLedgerOptions {
  /** Length of one window (default a minute). */
  readonly windowMs?: number;
  /** Refusals of one kind kept row by row per window (default 10); the rest are counted on one row. */
  readonly keepPerWindow?: number;
  readonly now?: () => Date;
  /** Called when a summary row written in the background could not be stored. */
  readonly onError?: (err: unknown) => void;
}

export const DEFAULT_REFUSAL_WINDOW_MS = 60_000;
export const DEFAULT_REFUSALS_KEPT_PER_WINDOW = 10;

interface Tally {
  window: number;
  kept: number;
  /** Refusals not kept row by row in this window, and the last of them. */
  more: number;
  last: Refusal | undefined;
}

/**
 * Keeps refused requests in the lineage without letting a flood grow the store: per kind of refusal (route,
 * method, status, code, lane, principal — all from closed sets) and window, the first `keepPerWindow` are
 * kept one row each, and the rest become one row `auth_refused` whose `detail.repeated` counts them, written
 * once the window is over (or when the ledger is flushed). Rows per window are therefore bounded by the
 * kinds of refusal the configuration allows, whatever the request rate. The metric counts every refusal.
 */
export class RefusalLedger {
  private readonly windowMs: number;
  private readonly keepPerWindow: number;
  private readonly now: () => Date;
  private readonly onError: (err: unknown) => void;
  private readonly tallies = new Map<string, Tally>();
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly write: (row: Omit<TransactionRow, 'at'>) => Promise<void>,
    options: RefusalLedgerOptions = {},
  ) {
    this.windowMs = options.windowMs ?? DEFAULT_REFUSAL_WINDOW_MS;
    this.keepPerWindow = options.keepPerWindow ?? DEFAULT_REFUSALS_KEPT_PER_WINDOW;
    this.now = options.now ?? (() => new Date());
    this.onError = options.onError ?? (() => {});
  }

  /** Keeps `refusal` as a row of its own, or counts it for the window's summary row. */
  async record(refusal: Refusal): Promise<void> {
    const window = Math.floor(this.now().getTime() / this.windowMs);
    const kind = JSON.stringify([
      refusal.route,
      refusal.method,
      refusal.status,
      refusal.code,
      refusal.lane,
      refusal.principal,
    ]);
    let tally = this.tallies.get(kind);
    const rows: Omit<TransactionRow, 'at'>[] = [];
    if (tally !== undefined && tally.window !== window) {
      rows.push(...this.summaryOf(tally));
      tally = undefined;
    }
    if (tally === undefined) this.tallies.set(kind, (tally = { window, kept: 0, more: 0, last: undefined }));
    if (tally.kept < this.keepPerWindow) {
      tally.kept++;
      rows.push(rowOf(refusal, {}));
    } else {
      tally.more++;
      tally.last = refusal;
      this.schedule();
    }
    for (const row of rows) await this.write(row);
  }

  /** Writes the summary rows of every window, finished or not (at shutdown). */
  async flush(): Promise<void> {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    const rows = [...this.tallies.values()].flatMap((tally) => this.summaryOf(tally));
    this.tallies.clear();
    for (const row of rows) await this.write(row);
  }

  /** At the end of the current window, summarizes the windows that are over. */
  private schedule(): void {
    if (this.timer !== undefined) return;
    const wait = this.windowMs - (this.now().getTime() % this.windowMs) + 1;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.summarizeFinished().catch(this.onError);
    }, wait);
    this.timer.unref();
  }

  private async summarizeFinished(): Promise<void> {
    const window = Math.floor(this.now().getTime() / this.windowMs);
    const rows: Omit<TransactionRow, 'at'>[] = [];
    for (const [kind, tally] of this.tallies) {
      if (tally.window === window) continue;
      this.tallies.delete(kind);
      rows.push(...this.summaryOf(tally));
    }
    if ([...this.tallies.values()].some((tally) => tally.more > 0)) this.schedule();
    for (const row of rows) await this.write(row);
  }

  /** The row counting the refusals of `tally` not kept one by one (none when there were none). */
  private summaryOf(tally: Tally): Omit<TransactionRow, 'at'>[] {
    if (tally.more === 0 || tally.last === undefined) return [];
    const from = new Date(tally.window * this.windowMs).toISOString();
    const to = new Date((tally.window + 1) * this.windowMs).toISOString();
    const row = rowOf({ ...tally.last, eventId: '' }, { repeated: tally.more, from, to });
    tally.more = 0;
    return [row];
  }
}

function rowOf(refusal: Refusal, extra: Record<string, unknown>): Omit<TransactionRow, 'at'> {
  const { eventId, lane, principal, status, code, method, route, reason } = refusal;
  return {
    eventId,
    lane,
    principal,
    action: 'auth_refused',
    detail: { status, code, method, route, reason, ...extra },
  };
}
