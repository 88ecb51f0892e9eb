import type { FieldType } from '../identity/field-types.js';
import { PRESETS, type PresetName } from '../identity/presets/index.js';
import type {
  BlockingRule,
  Comparison,
  EmSettings,
  ExactKey,
  FieldDef,
  Guards,
  IdentityRules,
} from '../identity/rules.js';
import type { ContractIssueCode, PathIssue } from './contract-error.js';
import { didYouMean } from './did-you-mean.js';
import type { EmInput, GuardsInput, IdentityInput } from './identity-schema.js';

export interface ResolvedIdentity {
  /** The merged, frozen rules; `null` when `issues` is not empty. */
  readonly rules: IdentityRules | null;
  readonly presetName: PresetName | null;
  readonly issues: readonly PathIssue[];
}

type Path = readonly (string | number)[];

const GUARD_KEYS = {
  role_addresses_are_not_keys: 'roleAddressesAreNotKeys',
  shared_key_max_owners: 'sharedKeyMaxOwners',
  name_conflict: 'nameConflict',
  birth_date_conflict: 'birthDateConflict',
  max_cluster_size: 'maxClusterSize',
} as const satisfies Record<keyof GuardsInput, keyof Guards>;

const EM_KEYS = {
  enabled: 'enabled',
  estimate_m: 'estimateM',
  max_iterations: 'maxIterations',
  sample_size: 'sampleSize',
} as const satisfies Record<keyof EmInput, keyof EmSettings>;

/**
 * Merges the `identity:` section over its preset into complete `IdentityRules` and checks what a schema
 * cannot: references to defined fields, duplicates, threshold order, unreachable levels. `base` is the
 * path of the section in the contract, used in every issue.
 */
export function resolveIdentity(
  input: IdentityInput,
  base: Path = ['identity'],
  presets: Readonly<Record<PresetName, IdentityRules>> = PRESETS,
): ResolvedIdentity {
  const issues: PathIssue[] = [];
  const report = (code: ContractIssueCode, path: Path, message: string, hint: string | null = null): void => {
    issues.push({ code, path: [...base, ...path], message, hint });
  };
  const presetName = input.preset ?? null;
  const preset = presetName === null ? null : presets[presetName];

  const required = <T>(key: string, own: T | undefined, inherited: T | undefined): T | undefined => {
    const value = own ?? inherited;
    if (value === undefined)
      report('missing', [], `missing '${key}'`, "required when no preset is given (or set 'preset: person')");
    return value;
  };

  const entity = required('entity', input.entity, preset?.entity);
  const fields = required('fields', mergeFields(preset?.fields, input.fields), undefined);
  const fieldNames = fields?.map((f) => f.name) ?? [];
  const checkField = (name: string, path: Path): boolean => {
    if (fields === undefined || fieldNames.includes(name)) return true;
    const suggestion = didYouMean(name, fieldNames);
    report(
      'unknown_reference',
      path,
      `no field named '${name}'`,
      suggestion ? `did you mean '${suggestion}'?` : `defined fields: ${fieldNames.join(', ')}`,
    );
    return false;
  };

  const keys = required('keys', input.keys, preset?.keys);
  if (input.keys) checkKeys(input.keys, checkField, report);

  const comparisons = input.comparisons
    ? mergeComparisons(preset?.comparisons ?? [], input.comparisons, presetName, checkField, report)
    : required('comparisons', undefined, preset?.comparisons);

  const blocking = input.blocking
    ? blockingRules(input.blocking, checkField, report)
    : required('blocking', undefined, preset?.blocking);

  const prior = required('prior', input.prior, preset?.prior);
  const thresholds = mergeSection(
    'thresholds',
    input.thresholds,
    preset?.thresholds,
    { match: 'match', review: 'review' },
    report,
  );
  if (thresholds && thresholds.review > thresholds.match) {
    const own = input.thresholds ?? {};
    const at = own.review !== undefined ? 'review' : 'match';
    const review = `${own.review === undefined ? "the preset's " : 'the '}review threshold ${thresholds.review}`;
    const match = `${own.match === undefined ? "the preset's " : 'the '}match threshold ${thresholds.match}`;
    report('inconsistent', ['thresholds', at], `${review} is above ${match}`, 'need 0 < review <= match < 1');
  }
  const guards = mergeSection('guards', input.guards, preset?.guards, GUARD_KEYS, report);
  const em = mergeSection('em', input.em, preset?.em, EM_KEYS, report);
  const emailProviderRules = required(
    'email_provider_rules',
    input.email_provider_rules,
    preset?.emailProviderRules,
  );
  const defaultRegion = required('default_region', input.default_region, preset?.defaultRegion);

  if (keys && comparisons && keys.length === 0 && comparisons.length === 0) {
    report('inconsistent', [], 'no identity keys and no comparisons', 'give at least one key or comparison');
  }
  if (comparisons && blocking && comparisons.length > 0 && blocking.length === 0) {
    report(
      'inconsistent',
      ['blocking'],
      'comparisons are given but no blocking rule',
      'add a blocking rule so that candidate pairs are found',
    );
  }

  if (
    issues.length > 0 ||
    !entity ||
    !fields ||
    !keys ||
    !comparisons ||
    !blocking ||
    prior === undefined ||
    !thresholds ||
    !guards ||
    !em ||
    !emailProviderRules ||
    !defaultRegion
  ) {
    return { rules: null, presetName, issues };
  }
  const rules: IdentityRules = {
    entity,
    fields,
    keys: keys.map((k): ExactKey =>
      k.unique === undefined ? { field: k.field } : { field: k.field, unique: k.unique },
    ),
    comparisons,
    blocking,
    prior,
    thresholds,
    guards,
    em,
    emailProviderRules,
    defaultRegion,
  };
  return { rules: deepFreeze(structuredClone(rules)), presetName, issues };
}

type Report = (code: ContractIssueCode, path: Path, message: string, hint?: string | null) => void;
/** Reports a reference to an undefined field; `false` when it did. */
type CheckField = (name: string, path: Path) => boolean;

/** Preset fields keep their order; an override changes the type in place, a new name is appended. */
function mergeFields(
  inherited: readonly FieldDef[] | undefined,
  own: Record<string, { type: FieldType }> | undefined,
): FieldDef[] | undefined {
  if (!inherited && !own) return undefined;
  const merged = new Map<string, FieldType>((inherited ?? []).map((f) => [f.name, f.type]));
  for (const [name, spec] of Object.entries(own ?? {})) merged.set(name, spec.type);
  return [...merged].map(([name, type]) => ({ name, type }));
}

function checkKeys(keys: NonNullable<IdentityInput['keys']>, checkField: CheckField, report: Report): void {
  const seen = new Set<string>();
  keys.forEach((key, i) => {
    checkField(key.field, ['keys', i, 'field']);
    if (seen.has(key.field)) report('duplicate', ['keys', i, 'field'], `key '${key.field}' is listed twice`);
    seen.add(key.field);
  });
}

/** Entries replace the preset's comparison for their field; `remove: true` drops it; new fields are appended. */
function mergeComparisons(
  inherited: readonly Comparison[],
  own: NonNullable<IdentityInput['comparisons']>,
  presetName: string | null,
  checkField: CheckField,
  report: Report,
): Comparison[] {
  const merged = new Map<string, Comparison>(inherited.map((c) => [c.field, c]));
  const seen = new Set<string>();
  own.forEach((entry, i) => {
    const defined = checkField(entry.field, ['comparisons', i, 'field']);
    if (seen.has(entry.field)) {
      report('duplicate', ['comparisons', i, 'field'], `a comparison for '${entry.field}' is given twice`);
    }
    seen.add(entry.field);
    if (entry.remove === true) {
      if (!merged.delete(entry.field) && defined) {
        const from = presetName === null ? 'there is no preset' : `preset '${presetName}' has none`;
        report(
          'unknown_reference',
          ['comparisons', i, 'field'],
          `no comparison for '${entry.field}' to remove`,
          from,
        );
      }
      return;
    }
    if (!entry.levels || !entry.else) return;
    checkLevels(entry.levels, ['comparisons', i, 'levels'], report);
    merged.set(entry.field, {
      field: entry.field,
      levels: entry.levels,
      else: entry.else,
      ...(entry.group !== undefined ? { group: entry.group } : {}),
      ...(entry.tf !== undefined ? { tf: entry.tf } : {}),
    });
  });
  return [...merged.values()];
}

/** Labels are unique; a level after one with the same comparator and a lower or equal `min` is unreachable. */
function checkLevels(levels: Comparison['levels'], path: Path, report: Report): void {
  levels.forEach((level, j) => {
    const before = levels.slice(0, j);
    if (before.some((b) => b.label === level.label)) {
      report('duplicate', [...path, j, 'label'], `level label '${level.label}' is used twice`);
    }
    const shadow = before.find((b) => b.comparator === level.comparator && b.min <= level.min);
    if (shadow) {
      report(
        'inconsistent',
        [...path, j, 'min'],
        `level '${level.label}' can never be reached: level '${shadow.label}' (${shadow.comparator} >= ${shadow.min}) catches every pair it would`,
        'order levels of one comparator from the highest min to the lowest',
      );
    }
  });
}

function blockingRules(
  own: NonNullable<IdentityInput['blocking']>,
  checkField: CheckField,
  report: Report,
): BlockingRule[] {
  const names = new Set<string>();
  return own.map((entry, i) => {
    entry.keys.forEach((key, k) => checkField(key.split(':')[0] ?? key, ['blocking', i, 'keys', k]));
    const name = entry.name ?? entry.keys.join('+');
    if (names.has(name)) {
      report(
        'duplicate',
        ['blocking', i, ...(entry.name ? ['name'] : [])],
        `blocking rule name '${name}' is used twice`,
        'give each rule its own name',
      );
    }
    names.add(name);
    return { name, keys: entry.keys, ...(entry.any_order ? { anyOrder: true } : {}) };
  });
}

/** A partial section over the preset's; without a preset every key of the section must be given. */
function mergeSection<In extends object, Out extends object>(
  section: string,
  own: Partial<In> | undefined,
  inherited: Out | undefined,
  keys: { readonly [K in keyof In]: keyof Out },
  report: Report,
): Out | undefined {
  const merged: Record<string, unknown> = { ...inherited };
  const missing: string[] = [];
  for (const [yamlKey, key] of Object.entries(keys) as [keyof In & string, keyof Out & string][]) {
    const value = own?.[yamlKey];
    if (value !== undefined) merged[key] = value;
    else if (merged[key] === undefined) missing.push(yamlKey);
  }
  if (missing.length === 0) return merged as Out;
  const path = own === undefined ? [] : [section];
  const what =
    own === undefined ? `missing '${section}'` : `missing ${missing.map((k) => `'${k}'`).join(', ')}`;
  report('missing', path, what, "required when no preset is given (or set 'preset: person')");
  return undefined;
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}
