import type { ListedRecord, RecordLister } from '../connectors/record-lister.js';
import type { IndexedRecord, IndexLoadState, StateStore } from '../store/state-store.js';
import { indexedEntityOf } from './entity-ids.js';
import type { RecordIdentity } from './record-identity.js';

export interface TargetIndexSettings {
  /** How far back of the latest change seen the next refresh asks again (the CRM's search lags). */
  readonly overlapMs: number;
  /** Epoch ms. */
  readonly now: () => number;
}

export interface LoadProgress {
  readonly scope: string;
  /** Records the full listing has read so far. */
  readonly loaded: number;
  readonly done: boolean;
}

export interface RefreshResult {
  /** Index entries added or changed. */
  readonly changed: number;
  /** Records merged away whose crosswalk, claims or index entry moved to their survivor. */
  readonly repointed: number;
  /** Archived records that left the index. */
  readonly removed: number;
}

/**
 * Loads every record of one target object into the store's identity index (identity fields only), and
 * keeps it fresh. The full load pages through the object's listing, each page stored with the listing's
 * cursor in one transaction, so that a killed load resumes at the page it had not stored; each page runs
 * under a store lock of the scope, so that processes sharing a store never load one page twice. The refresh
 * asks for records changed since the last change it saw, less an overlap window, follows merges (the
 * merged-away record's crosswalk and claims move to the survivor) and drops archived records.
 */
export class TargetIndexLoader {
  constructor(
    private readonly store: StateStore,
    readonly scope: string,
    private readonly object: string,
    private readonly lister: RecordLister,
    private readonly identity: RecordIdentity,
    private readonly settings: TargetIndexSettings,
  ) {}

  /** Whether the full load has finished (here or in another process sharing the store). */
  async loaded(): Promise<boolean> {
    return (await this.store.indexLoadState(this.scope))?.completedAt !== undefined;
  }

  /** Loads what is missing of the full listing; returns at once when it is complete. */
  async load(onProgress: (progress: LoadProgress) => void = () => undefined): Promise<void> {
    for (;;) {
      const progress = await this.store.withLocks([this.lockKey], () => this.loadPage());
      onProgress(progress);
      if (progress.done) return;
    }
  }

  /** Asks the target for what changed since the last refresh (or the start of the full load). */
  async refresh(): Promise<RefreshResult> {
    return this.store.withLocks([this.lockKey], () => this.refreshLocked());
  }

  private get lockKey(): string {
    return `target-index:${this.scope}`;
  }

  private async loadPage(): Promise<LoadProgress> {
    const before = await this.store.indexLoadState(this.scope);
    if (before?.completedAt !== undefined) return { scope: this.scope, loaded: before.loaded, done: true };
    const startedAt = before?.startedAt ?? this.settings.now();
    // A record changed while the listing ran may have been read before the change: the first refresh asks
    // again from the latest change the CRM knew of when the listing started (its clock, not ours).
    const watermark =
      before === undefined ? ((await this.lister.latestChange(this.object)) ?? 0) : before.watermark;
    const page = await this.lister.listPage(this.object, this.identity.properties, before?.cursor);
    const loaded = (before?.loaded ?? 0) + page.records.length;
    const done = page.next === undefined;
    const state: IndexLoadState = {
      loaded,
      startedAt,
      ...(watermark === undefined ? {} : { watermark }),
      ...(done ? { completedAt: this.settings.now() } : { cursor: page.next }),
    };
    await this.store.indexAbsorb(
      this.scope,
      page.records.map((r) => this.indexed(r)),
      state,
    );
    await this.followMerges(page.records);
    return { scope: this.scope, loaded, done };
  }

  private async refreshLocked(): Promise<RefreshResult> {
    let state = await this.store.indexLoadState(this.scope);
    if (state?.completedAt === undefined)
      throw new Error(`the target index of ${this.scope} is not loaded yet: load it before a refresh`);
    const since = state.watermark ?? 0;
    // Timestamps repeat (at page boundaries, and when a listing restarts from the last time seen).
    const seen = new Set<string>();
    let changed = 0;
    let repointed = 0;
    let cursor: string | undefined;
    do {
      const page = await this.lister.changedPage(this.object, since, this.identity.properties, cursor);
      const fresh = page.records.filter((r) => {
        const key = `${r.id}@${r.modifiedAt}`;
        if (seen.has(key)) return false;
        seen.add(key);
        return true;
      });
      // The next refresh asks again from a little before the latest change seen: search may not show yet
      // a record changed just before it.
      const watermark = Math.max(
        state.watermark ?? 0,
        ...fresh.map((r) => r.modifiedAt - this.settings.overlapMs),
      );
      state = { ...state, watermark };
      changed += await this.store.indexAbsorb(
        this.scope,
        fresh.map((r) => this.indexed(r)),
        state,
      );
      repointed += await this.followMerges(fresh);
      cursor = page.next;
    } while (cursor !== undefined);
    const removed = await this.dropArchived(since);
    return { changed, repointed, removed };
  }

  /** Each record merged into a listed one: its crosswalk, claims and index entry go to the survivor. */
  private async followMerges(records: readonly ListedRecord[]): Promise<number> {
    let moved = 0;
    for (const record of records) {
      for (const mergedId of record.mergedIds) {
        if (mergedId === record.id) continue;
        const entityId = this.identity.anchorOf(record.properties) ?? indexedEntityOf(record.id);
        if (await this.store.repointTarget(this.scope, mergedId, record.id, entityId)) moved += 1;
      }
    }
    return moved;
  }

  /** Records archived since `since` leave the index (merged ones have left it already). */
  private async dropArchived(since: number): Promise<number> {
    let removed = 0;
    let cursor: string | undefined;
    do {
      const page = await this.lister.archivedPage(this.object, cursor);
      const ids = page.records.filter((r) => (r.archivedAt ?? since) >= since).map((r) => r.id);
      if (ids.length > 0) removed += await this.store.indexRemove(this.scope, ids);
      cursor = page.next;
    } while (cursor !== undefined);
    return removed;
  }

  private indexed(record: ListedRecord): IndexedRecord {
    return {
      targetId: record.id,
      entityId: this.identity.anchorOf(record.properties) ?? indexedEntityOf(record.id),
      identity: this.identity.of(record.properties),
    };
  }
}
