import type { FieldType } from '../identity/field-types.js';

export const SURVIVORSHIP_RULES = ['survivor', 'most_recent', 'most_frequent', 'longest'] as const;
export type SurvivorshipRule = (typeof SURVIVORSHIP_RULES)[number];

/** What a merge needs to know of one record. */
export interface MemberRecord {
  readonly id: string;
  /** Raw values by field name. */
  readonly values: Readonly<Record<string, string>>;
  /** Last modification time in ms since the epoch, NaN when unknown. */
  readonly updatedAt: number;
  /** Source system of the record ('' when unknown). */
  readonly source: string;
}

export interface ChosenValue {
  readonly value: string;
  readonly from: string;
  readonly rule: SurvivorshipRule;
  readonly why: string;
}

export interface GoldenRecord {
  readonly survivor: string;
  readonly losers: readonly string[];
  readonly survivorWhy: string;
  readonly fields: Readonly<Record<string, ChosenValue>>;
}

export interface SurvivorshipPolicy {
  /** Earlier sources win ties and `survivor` choice after completeness and recency. */
  readonly sourcePriority: readonly string[];
  /** Per-field rule; fields not named use the rule for their type. */
  readonly fieldRules: Readonly<Record<string, SurvivorshipRule>>;
}

const RULE_BY_TYPE: Partial<Record<FieldType, SurvivorshipRule>> = {
  first_name: 'most_frequent',
  last_name: 'most_frequent',
  full_name: 'most_frequent',
  email: 'most_recent',
  phone: 'most_recent',
  company: 'most_recent',
  title: 'most_recent',
};

/**
 * Picks the surviving record (most complete, then most recent, then source priority, then input order)
 * and the value of each field, saying why.
 */
export function goldenRecord(
  members: readonly MemberRecord[],
  fields: readonly { readonly name: string; readonly type: FieldType }[],
  policy: SurvivorshipPolicy,
): GoldenRecord {
  const rank = (source: string): number => {
    const r = policy.sourcePriority.indexOf(source);
    return r < 0 ? policy.sourcePriority.length : r;
  };
  const completeness = (m: MemberRecord): number =>
    fields.filter((f) => (m.values[f.name] ?? '') !== '').length;
  const byPreference = members
    .map((m, order) => ({ m, order, filled: completeness(m) }))
    .sort(
      (x, y) =>
        y.filled - x.filled ||
        recency(y.m) - recency(x.m) ||
        rank(x.m.source) - rank(y.m.source) ||
        x.order - y.order,
    );
  const survivor = byPreference[0]!.m;
  const survivorWhy =
    byPreference.length > 1 && byPreference[1]!.filled === byPreference[0]!.filled
      ? 'as complete as another record; most recent / highest source priority'
      : `most complete record (${byPreference[0]!.filled} of ${fields.length} fields)`;
  const chosen: Record<string, ChosenValue> = {};
  for (const field of fields) {
    const rule = policy.fieldRules[field.name] ?? RULE_BY_TYPE[field.type] ?? 'survivor';
    const value = chooseValue(
      field.name,
      rule,
      survivor,
      byPreference.map((x) => x.m),
    );
    if (value !== undefined) chosen[field.name] = value;
  }
  return {
    survivor: survivor.id,
    losers: members.filter((m) => m !== survivor).map((m) => m.id),
    survivorWhy,
    fields: chosen,
  };
}

function chooseValue(
  field: string,
  rule: SurvivorshipRule,
  survivor: MemberRecord,
  preferred: readonly MemberRecord[],
): ChosenValue | undefined {
  const filled = preferred.filter((m) => (m.values[field] ?? '') !== '');
  if (filled.length === 0) return undefined;
  const pick = (m: MemberRecord, r: SurvivorshipRule, why: string): ChosenValue => ({
    value: m.values[field]!,
    from: m.id,
    rule: r,
    why,
  });
  switch (rule) {
    case 'survivor':
      return (survivor.values[field] ?? '') !== ''
        ? pick(survivor, 'survivor', 'value of the surviving record')
        : pick(filled[0]!, 'survivor', 'survivor has none; taken from the next most complete record');
    case 'most_recent': {
      const dated = filled.filter((m) => !Number.isNaN(m.updatedAt));
      if (dated.length === 0) return chooseValue(field, 'survivor', survivor, preferred);
      const newest = dated.reduce((a, b) => (b.updatedAt > a.updatedAt ? b : a));
      return pick(newest, 'most_recent', 'most recently updated record that has a value');
    }
    case 'most_frequent': {
      const counts = new Map<string, number>();
      for (const m of filled)
        counts.set(norm(m.values[field]!), (counts.get(norm(m.values[field]!)) ?? 0) + 1);
      const best = filled.reduce((a, b) => {
        const ca = counts.get(norm(a.values[field]!))!;
        const cb = counts.get(norm(b.values[field]!))!;
        return cb > ca || (cb === ca && b.values[field]!.length > a.values[field]!.length) ? b : a;
      });
      const n = counts.get(norm(best.values[field]!))!;
      return pick(
        best,
        'most_frequent',
        n > 1 ? `held by ${n} of ${filled.length} records` : 'no value repeats; longest',
      );
    }
    case 'longest': {
      const best = filled.reduce((a, b) => (b.values[field]!.length > a.values[field]!.length ? b : a));
      return pick(best, 'longest', 'longest value');
    }
  }
}

const recency = (m: MemberRecord): number => (Number.isNaN(m.updatedAt) ? -Infinity : m.updatedAt);
const norm = (v: string): string => v.trim().toLowerCase();
