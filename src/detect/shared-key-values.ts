import type { FeatureStore } from '../identity/feature-store.js';
import type { IdentityRules } from '../identity/rules.js';
import type { SharedKeys } from '../identity/pair-scorer.js';
import { givenNameVariants } from '../normalize/nicknames.js';

/**
 * Key values held by more distinct people than the guard allows — told apart by given name, so one person's
 * duplicates do not make their own email "shared", while a family address or an office switchboard is.
 */
export function findSharedKeys(store: FeatureStore, rules: IdentityRules): SharedKeyValues {
  const firstName = rules.fields.find((f) => f.type === 'first_name');
  const shared = new Map<string, Set<string>>();
  if (firstName !== undefined) {
    const names = store.column(firstName.name);
    const canonicalOf = new Map<string, string>();
    const canonical = (name: string): string => {
      let c = canonicalOf.get(name);
      if (c === undefined) canonicalOf.set(name, (c = givenNameVariants(name)[0] ?? name));
      return c;
    };
    for (const key of rules.keys) {
      if (key.unique) continue;
      const values = store.column(key.field);
      // Most values have one owner: a Set is made only when a second given name turns up.
      const owners = new Map<string, string | Set<string>>();
      for (let i = 0; i < values.length; i++) {
        const v = values[i]!;
        const name = names[i]!;
        if (v === '' || name === '' || name.length === 1) continue;
        const given = canonical(name);
        const known = owners.get(v);
        if (known === undefined) owners.set(v, given);
        else if (typeof known === 'string') {
          if (known !== given) owners.set(v, new Set([known, given]));
        } else known.add(given);
      }
      const fieldShared = new Set<string>();
      for (const [value, set] of owners)
        if (typeof set !== 'string' && set.size > rules.guards.sharedKeyMaxOwners) fieldShared.add(value);
      shared.set(key.field, fieldShared);
    }
  }
  return sharedKeyValues(shared);
}

/** Shared key values by field; plain data (Maps and Sets), so it can be handed to a worker thread. */
export interface SharedKeyValues extends SharedKeys {
  readonly count: number;
  readonly values: ReadonlyMap<string, ReadonlySet<string>>;
}

export function sharedKeyValues(values: ReadonlyMap<string, ReadonlySet<string>>): SharedKeyValues {
  let count = 0;
  for (const set of values.values()) count += set.size;
  return { count, values, isShared: (field, value) => values.get(field)?.has(value) === true };
}
