import { setTimeout as sleep } from 'node:timers/promises';
import type { GateListener } from './gate-events.js';
import { errorName } from './process-event.js';
import type { RefreshResult, TargetIndexLoader } from './target-index-loader.js';

export interface TargetIndexOptions {
  /** Pause between two refreshes of a loaded index; 0: refresh only before the lanes start. */
  readonly refreshMs: number;
  /** How far back of the last change seen a refresh asks again. */
  readonly overlapMs: number;
  /** Pause before a failed load or refresh is tried again. */
  readonly retryMs?: number;
}

export const DEFAULT_TARGET_INDEX_OPTIONS: TargetIndexOptions = {
  refreshMs: 60_000,
  overlapMs: 300_000,
  retryMs: 5_000,
};

/** How far the target index of one scope is, for `/healthz`. */
export interface ScopeReadiness {
  readonly scope: string;
  /** `loading` until the full load and a first refresh are done; its lanes' events wait until then. */
  readonly state: 'loading' | 'ready';
  /** Records read by the full load. */
  readonly loaded: number;
  /** When the index became ready (ISO). */
  readonly readySince?: string;
  /** When the last refresh finished (ISO). */
  readonly refreshedAt?: string;
  /** The kind of the last load or refresh error (`ConnectorError(retryable, 503)`), while it persists. */
  readonly error?: string;
}

interface Scope {
  readonly loader: TargetIndexLoader;
  readonly lanes: readonly string[];
  state: ScopeReadiness['state'];
  loaded: number;
  readySince?: string;
  refreshedAt?: string;
  error?: string;
}

/**
 * Keeps the target index of every scope: loads what is missing, refreshes it once, and only then lets the
 * scope's lanes take events (`lanesWaiting`); then refreshes it on an interval. Loads and refreshes that
 * fail are tried again after a pause; a failed refresh leaves the index ready (it holds what it had).
 */
export class TargetIndexKeeper {
  private readonly scopes: Scope[];
  private running = false;
  private runs: Promise<void>[] = [];
  private wake = new AbortController();

  constructor(
    loaders: readonly { loader: TargetIndexLoader; lanes: readonly string[] }[],
    private readonly options: TargetIndexOptions,
    private readonly emit: GateListener,
    private readonly now: () => number = Date.now,
    /** Pulls a loaded scope into the gate's memory before its lanes take events. */
    private readonly warm: (scope: string) => Promise<void> = () => Promise.resolve(),
  ) {
    this.scopes = loaders.map(({ loader, lanes }) => ({ loader, lanes, state: 'loading', loaded: 0 }));
  }

  /**
   * Lanes whose scope's index is not ready while the keeper runs: their events stay where they are. None
   * when it does not run (whoever drives the gate then loads the index with `prepare`, or chose not to).
   */
  lanesWaiting(): string[] {
    if (!this.running) return [];
    return this.scopes.filter((s) => s.state !== 'ready').flatMap((s) => s.lanes);
  }

  readiness(): ScopeReadiness[] {
    return this.scopes.map((s) => ({
      scope: s.loader.scope,
      state: s.state,
      loaded: s.loaded,
      ...(s.readySince === undefined ? {} : { readySince: s.readySince }),
      ...(s.refreshedAt === undefined ? {} : { refreshedAt: s.refreshedAt }),
      ...(s.error === undefined ? {} : { error: s.error }),
    }));
  }

  /** Loads and refreshes every scope once, then returns (`lanekeeper index`); errors are thrown. */
  async prepare(): Promise<void> {
    for (const scope of this.scopes) await this.prepareScope(scope);
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.wake = new AbortController();
    this.runs = this.scopes.map((scope) => this.keep(scope));
  }

  async stop(): Promise<void> {
    this.running = false;
    this.wake.abort();
    await Promise.all(this.runs.splice(0));
  }

  private async prepareScope(scope: Scope): Promise<void> {
    await scope.loader.load((progress) => {
      scope.loaded = progress.loaded;
      this.emit({ type: 'index_progress', ...progress });
    });
    await this.refreshScope(scope);
    await this.warm(scope.loader.scope);
    if (scope.state !== 'ready') {
      scope.state = 'ready';
      scope.readySince = new Date(this.now()).toISOString();
    }
  }

  private async refreshScope(scope: Scope): Promise<RefreshResult> {
    const result = await scope.loader.refresh();
    scope.refreshedAt = new Date(this.now()).toISOString();
    delete scope.error;
    this.emit({ type: 'index_refreshed', scope: scope.loader.scope, ...result });
    return result;
  }

  private async keep(scope: Scope): Promise<void> {
    while (this.running) {
      try {
        if (scope.state === 'ready') await this.refreshScope(scope);
        else await this.prepareScope(scope);
      } catch (err) {
        // The error's kind only: a CRM's message may quote a value.
        scope.error = errorName(err);
        this.emit({ type: 'index_error', scope: scope.loader.scope, error: scope.error });
        await this.pause(this.options.retryMs ?? DEFAULT_TARGET_INDEX_OPTIONS.retryMs ?? 5_000);
        continue;
      }
      if (this.options.refreshMs === 0) return;
      await this.pause(this.options.refreshMs);
    }
  }

  private async pause(ms: number): Promise<void> {
    if (!this.running) return;
    await sleep(ms, undefined, { signal: this.wake.signal }).catch(() => undefined);
  }
}
