import type {
  CrosswalkEntry,
  EntityClaim,
  EventLookup,
  EventLookupResult,
  IndexEntry,
  StateStore,
} from '../store/state-store.js';
import { realScopeOf } from './dry-run.js';

type OverlayReads = Pick<StateStore, 'lookup' | 'claimsOf' | 'crosswalkGet' | 'indexSince'>;

/**
 * The state store as a dry run sees it: in a dry-run scope (`hubspot:contacts~dry-run`), reads see the real
 * scope's claims, crosswalk and index entries beneath the dry run's own, and writes go to the dry-run scope
 * only — so that a dry run decides as a real run would, and leaves the real identity state as it was. Every
 * other call (and every call on a real scope) passes through unchanged, whatever the port grows to hold.
 */
export function scopeOverlayStore(inner: StateStore): StateStore {
  const cursors = new Map<string, { own: number; real: number; handedOut: number }>();
  const reads: OverlayReads = {
    async lookup(query: EventLookup): Promise<EventLookupResult> {
      const real = realScopeOf(query.scope);
      if (real === undefined) return inner.lookup(query);
      const [own, beneath] = await Promise.all([
        inner.lookup(query),
        inner.lookup({ ...query, scope: real }),
      ]);
      const crosswalk = own.crosswalk ?? beneath.crosswalk;
      return {
        ...(own.status === undefined ? {} : { status: own.status }),
        ...(crosswalk === undefined ? {} : { crosswalk: { ...crosswalk, scope: query.scope } }),
        claims: mergeClaims(own.claims, beneath.claims),
      };
    },
    async claimsOf(scope: string, keys: readonly string[]): Promise<EntityClaim[]> {
      const real = realScopeOf(scope);
      if (real === undefined) return inner.claimsOf(scope, keys);
      const [own, beneath] = await Promise.all([inner.claimsOf(scope, keys), inner.claimsOf(real, keys)]);
      return mergeClaims(own, beneath);
    },
    async crosswalkGet(scope: string, system: string, sourceId: string): Promise<CrosswalkEntry | undefined> {
      const own = await inner.crosswalkGet(scope, system, sourceId);
      const real = realScopeOf(scope);
      if (own !== undefined || real === undefined) return own;
      const beneath = await inner.crosswalkGet(real, system, sourceId);
      return beneath === undefined ? undefined : { ...beneath, scope };
    },
    /**
     * Both scopes' new entries, each scope read from a cursor of its own (each is exact alone: puts commit
     * in seq order), numbered again in the order they are handed out, so that the reader's seq only grows —
     * two reads of two scopes are no snapshot, and an entry of one could commit between them below the
     * other's last seq. A reader starting again (a smaller `afterSeq`) reads both from the start.
     */
    async indexSince(scope: string, afterSeq: number): Promise<IndexEntry[]> {
      const real = realScopeOf(scope);
      if (real === undefined) return inner.indexSince(scope, afterSeq);
      let cursor = cursors.get(scope);
      if (cursor === undefined || afterSeq < cursor.handedOut)
        cursors.set(scope, (cursor = { own: 0, real: 0, handedOut: 0 }));
      const beneath = await inner.indexSince(real, cursor.real);
      const own = await inner.indexSince(scope, cursor.own);
      for (const e of beneath) cursor.real = Math.max(cursor.real, e.seq);
      for (const e of own) cursor.own = Math.max(cursor.own, e.seq);
      const c = cursor;
      return [...own, ...beneath.map((e) => ({ ...e, scope }))]
        .sort((a, b) => a.seq - b.seq)
        .map((e) => ({ ...e, seq: ++c.handedOut }));
    },
  };
  return new Proxy(inner, {
    get(target, property) {
      if (Object.hasOwn(reads, property)) return reads[property as keyof OverlayReads];
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
}

/** The dry run's claims, and the real ones on keys it has not claimed. */
function mergeClaims(own: readonly EntityClaim[], beneath: readonly EntityClaim[]): EntityClaim[] {
  const mine = new Set(own.map((c) => c.key));
  return [...own, ...beneath.filter((c) => !mine.has(c.key))];
}
