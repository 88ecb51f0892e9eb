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
    /** Both scopes' entries in seq order (one counter per store): the dry run's are the later versions. */
    async indexSince(scope: string, afterSeq: number): Promise<IndexEntry[]> {
      const real = realScopeOf(scope);
      if (real === undefined) return inner.indexSince(scope, afterSeq);
      const [own, beneath] = await Promise.all([
        inner.indexSince(scope, afterSeq),
        inner.indexSince(real, afterSeq),
      ]);
      return [...own, ...beneath.map((e) => ({ ...e, scope }))].sort((a, b) => a.seq - b.seq);
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
