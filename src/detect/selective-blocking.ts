import type { FeatureStore } from '../identity/feature-store.js';
import type { FieldDef, IdentityRules } from '../identity/rules.js';

/** A plain string field whose non-empty values repeat at most this often on average is identifier-like. */
const MAX_RECORDS_PER_VALUE = 4;

/**
 * Plain `string` fields added on the command line get no blocking rule from a preset. Those whose values are
 * identifier-like in this data (few records share a value: a national ID, an account number) become exact
 * blocking keys; low-cardinality ones (house numbers, flags) would only make huge blocks and are left out.
 */
export function addSelectiveBlocking(
  rules: IdentityRules,
  store: FeatureStore,
  extra: readonly FieldDef[],
): IdentityRules {
  const added = extra
    .filter((f) => !rules.blocking.some((b) => b.keys.length === 1 && b.keys[0] === f.name))
    .filter((f) => {
      const values = store.column(f.name);
      const distinct = new Set<string>();
      let filled = 0;
      for (const v of values) {
        if (v === '') continue;
        filled++;
        distinct.add(v);
      }
      return filled >= 2 && filled / distinct.size <= MAX_RECORDS_PER_VALUE;
    })
    .map((f) => ({ name: f.name, keys: [f.name] }));
  return added.length === 0 ? rules : { ...rules, blocking: [...rules.blocking, ...added] };
}
