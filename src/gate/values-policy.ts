import type { Properties } from '../connectors/target-connector.js';
import type { ExistingValues } from '../contract/index.js';

/** Target property where the gate keeps which source set each property it wrote (JSON: property → source). */
export const PROVENANCE_PROPERTY = 'lanekeeper_sources';

export interface ValueRules {
  /** Source systems, highest rank first; a source not listed ranks below all listed ones. */
  readonly precedence: readonly string[];
  /** Properties a lower-ranked source never overwrites once a higher-ranked one set them. */
  readonly protected: readonly string[];
  /** What a value the record holds counts as when Lanekeeper did not set it. */
  readonly existingValues: ExistingValues;
}

/** Why the record's value stays: a higher-ranked source set it, or Lanekeeper did not set it at all. */
export type KeptReason = 'precedence' | 'existing_value';

export interface KeptValue {
  readonly property: string;
  readonly reason: KeptReason;
  /** The source that set the value (`precedence` only). */
  readonly heldBy?: string;
}

/**
 * Why an event's value is not written although the record has nothing better: a key property that holds
 * another value (never overwritten), or an empty property a `keep` lane leaves empty.
 */
export type SkipReason = 'key_held' | 'existing_values_keep';

export interface SkippedValue {
  readonly property: string;
  readonly reason: SkipReason;
}

export interface ValueDecision {
  /** Properties to write, the provenance property included when who set a property changes. */
  readonly write: Properties;
  /** Lane properties written (the provenance property left out). */
  readonly written: readonly string[];
  readonly kept: readonly KeptValue[];
  readonly skipped: readonly SkippedValue[];
  /** Properties whose value the record holds already (keys compared normalized): nothing to write. */
  readonly unchanged: readonly string[];
}

/**
 * Whether a value the record holds is the event's own value of a key property, compared normalized
 * (`(415) 555-0100` is `+14155550100`); absent for a property that is not a key.
 */
export type KeyComparison = (property: string, current: string) => boolean | undefined;

/**
 * Decides, property by property, what one write of `source` does to a record that holds `current`
 * (absent for a create: everything is written). Pure.
 * - A key property (email, phone, external id) is filled when empty and never overwritten.
 * - A property Lanekeeper set (the provenance property names the source) follows precedence: a protected
 *   property a higher-ranked source set is kept (an alert); any other is written.
 * - A property Lanekeeper did not set follows `existingValues`: `fill_empty` fills it when empty and keeps
 *   a value; `keep` leaves it as it is, empty or not; `overwrite` writes it.
 * Every property written is recorded in the provenance property as set by `source`; the same value sent
 * again writes nothing and does not change who set it.
 */
export function applyValueRules(
  rules: ValueRules,
  source: string,
  outgoing: Properties,
  current?: Properties,
  isOwnKey: KeyComparison = () => undefined,
): ValueDecision {
  const write: Record<string, string | null> = {};
  const written: string[] = [];
  const kept: KeptValue[] = [];
  const skipped: SkippedValue[] = [];
  const unchanged: string[] = [];
  const provenance = parseProvenance(current?.[PROVENANCE_PROPERTY]);
  let touched = false;
  const take = (property: string, value: string | null): void => {
    write[property] = value;
    written.push(property);
    if (provenance[property] !== source) {
      provenance[property] = source;
      touched = true;
    }
  };
  for (const [property, value] of Object.entries(outgoing)) {
    if (current === undefined) {
      take(property, value);
      continue;
    }
    const present = textOf(current[property]);
    const holder = provenance[property];
    if (present === '') {
      if (holder === undefined && rules.existingValues === 'keep')
        skipped.push({ property, reason: 'existing_values_keep' });
      else take(property, value);
      continue;
    }
    const key = isOwnKey(property, present);
    if (key === true || (key === undefined && present === textOf(value))) {
      unchanged.push(property);
      continue;
    }
    if (key === false) {
      skipped.push({ property, reason: 'key_held' });
      continue;
    }
    if (holder === undefined) {
      if (rules.existingValues === 'overwrite') take(property, value);
      else kept.push({ property, reason: 'existing_value' });
      continue;
    }
    if (rules.protected.includes(property) && rank(rules, holder) < rank(rules, source)) {
      kept.push({ property, reason: 'precedence', heldBy: holder });
      continue;
    }
    take(property, value);
  }
  if (touched) write[PROVENANCE_PROPERTY] = JSON.stringify(sortKeys(provenance));
  return { write, written, kept, skipped, unchanged };
}

function textOf(value: string | null | undefined): string {
  return typeof value === 'string' ? value.trim() : '';
}

function rank(rules: ValueRules, source: string): number {
  const i = rules.precedence.indexOf(source);
  return i < 0 ? rules.precedence.length : i;
}

function parseProvenance(value: string | null | undefined): Record<string, string> {
  if (typeof value !== 'string' || value === '') return {};
  try {
    const parsed: unknown = JSON.parse(value);
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return {};
    const out: Record<string, string> = {};
    for (const [k, v] of Object.entries(parsed)) if (typeof v === 'string') out[k] = v;
    return out;
  } catch {
    return {};
  }
}

function sortKeys(record: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
