import type { Comparison, FieldDef, IdentityRules } from '../identity/rules.js';
import { parseFeatureName } from '../identity/feature-names.js';
import { comparison } from '../identity/presets/level-builders.js';

/** Comparison given to a plain `string` field added with `--map string=COLUMN`; estimation refines it. */
export function stringComparison(field: string): Comparison {
  return comparison(
    field,
    [
      ['exact', 'exact', 1, 0.8, 0.01],
      ['one_edit', 'damerau', 0.8, 0.1, 0.01],
    ],
    [0.1, 0.98],
  );
}

/**
 * The rules cut down to the fields an input actually carries: comparisons, keys and blocking rules over
 * missing fields only cost time. First and last names count as present when a full name is.
 */
export function restrictRules(
  rules: IdentityRules,
  present: ReadonlySet<string>,
  extra: readonly FieldDef[],
): IdentityRules {
  const types = new Map(rules.fields.map((f) => [f.name, f.type]));
  const hasFull = rules.fields.some((f) => f.type === 'full_name' && present.has(f.name));
  const isPresent = (field: string): boolean => {
    if (present.has(field)) return true;
    const type = types.get(field);
    return hasFull && (type === 'first_name' || type === 'last_name');
  };
  const fields = [...rules.fields.filter((f) => isPresent(f.name)), ...extra];
  const comparisons = [
    ...rules.comparisons.filter((c) => isPresent(c.field)),
    ...extra
      .filter((f) => !rules.comparisons.some((c) => c.field === f.name))
      .map((f) => stringComparison(f.name)),
  ];
  return {
    ...rules,
    fields,
    keys: rules.keys.filter((k) => isPresent(k.field)),
    comparisons,
    blocking: rules.blocking.filter((b) => b.keys.every((k) => isPresent(parseFeatureName(k).field))),
  };
}
