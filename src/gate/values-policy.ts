import type { Properties } from '../connectors/target-connector.js';

/** Target property where the gate keeps which source set each protected property. */
export const PROVENANCE_PROPERTY = 'lanekeeper_sources';

export interface ValueRules {
  /** Source systems, highest rank first; a source not listed ranks below all listed ones. */
  readonly precedence: readonly string[];
  readonly protected: readonly string[];
}

export interface ValueDecision {
  /** Properties to write (the provenance property included when a protected property is written). */
  readonly write: Properties;
  /** Protected properties kept because a higher-ranked source set them (each one is an alert). */
  readonly kept: readonly { readonly property: string; readonly heldBy: string }[];
}

/**
 * Applies source precedence to one write. A protected property that already holds a value set by a
 * higher-ranked source keeps it; every other property is written. `current` is what the record holds
 * (absent for a create). Pure.
 */
export function applyValueRules(
  rules: ValueRules,
  source: string,
  outgoing: Properties,
  current?: Properties,
): ValueDecision {
  const write: Record<string, string | null> = {};
  const kept: { property: string; heldBy: string }[] = [];
  const provenance = parseProvenance(current?.[PROVENANCE_PROPERTY]);
  let touched = false;
  for (const [property, value] of Object.entries(outgoing)) {
    if (!rules.protected.includes(property)) {
      write[property] = value;
      continue;
    }
    const holder = provenance[property];
    const present = current?.[property];
    const unchanged = present === value && holder !== undefined;
    const holds = typeof present === 'string' && present !== '' && present !== value;
    if (holder !== undefined && holds && rank(rules, holder) < rank(rules, source)) {
      kept.push({ property, heldBy: holder });
      continue;
    }
    write[property] = value;
    // The same value sent again does not change who set it.
    if (holder !== source && !unchanged) {
      provenance[property] = source;
      touched = true;
    }
  }
  if (touched) write[PROVENANCE_PROPERTY] = JSON.stringify(sortKeys(provenance));
  return { write, kept };
}

/** Whether a write needs the record's current values first (it sets a protected property). */
export function needsCurrentValues(rules: ValueRules, outgoing: Properties): boolean {
  return rules.protected.some((p) => outgoing[p] !== undefined);
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
