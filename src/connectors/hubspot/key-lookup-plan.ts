import type { KeyProbe } from '../target-connector.js';

export interface LookupLimits {
  /** Inputs per batch read. */
  readonly batchSize: number;
  /** HubSpot search: OR-ed groups per request, filters per request, values per IN filter. */
  readonly maxGroups: number;
  readonly maxFilters: number;
  readonly maxValuesPerFilter: number;
}

export interface DirectRead {
  readonly property: string;
  readonly values: readonly string[];
}

export interface SearchFilterSpec {
  readonly propertyName: string;
  readonly operator: 'EQ' | 'IN';
  readonly value?: string;
  readonly values?: readonly string[];
}

export interface KeyLookupPlan {
  /** Batch reads with `idProperty`: current, no index lag. */
  readonly reads: readonly DirectRead[];
  /** Search requests, each a list of OR-ed single-filter groups within the limits. */
  readonly searches: readonly (readonly SearchFilterSpec[])[];
}

/**
 * Splits identity probes into batch reads (for unique-value properties, which HubSpot reads by value
 * directly) and searches (for everything else), chunked so that no request breaks HubSpot's limits.
 * Values are deduplicated first: a batch naming one record twice is refused as a whole.
 */
export function planKeyLookups(
  probes: readonly KeyProbe[],
  direct: ReadonlySet<string>,
  limits: LookupLimits,
): KeyLookupPlan {
  const byProperty = new Map<string, Map<string, string>>();
  for (const { property, value } of probes) {
    if (value === '') continue;
    let values = byProperty.get(property);
    if (values === undefined) byProperty.set(property, (values = new Map()));
    // HubSpot compares emails case-insensitively; two spellings would name one record twice.
    values.set(property === 'email' ? value.toLowerCase() : value, value);
  }
  const reads: DirectRead[] = [];
  const groups: SearchFilterSpec[] = [];
  for (const [property, valueMap] of byProperty) {
    const values = [...valueMap.values()];
    if (direct.has(property)) {
      for (const chunk of chunks(values, limits.batchSize)) reads.push({ property, values: chunk });
      continue;
    }
    for (const chunk of chunks(values, limits.maxValuesPerFilter)) {
      groups.push(
        chunk.length === 1
          ? { propertyName: property, operator: 'EQ', value: chunk[0]! }
          : { propertyName: property, operator: 'IN', values: chunk },
      );
    }
  }
  // One filter per group, so a request holds at most min(maxGroups, maxFilters) groups.
  const perRequest = Math.max(1, Math.min(limits.maxGroups, limits.maxFilters));
  return { reads, searches: chunks(groups, perRequest) };
}

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
