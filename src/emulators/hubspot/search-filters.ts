/**
 * Pure evaluation of HubSpot search filters. Without a property schema the emulator infers types from the
 * values: integers and decimals compare as numbers, ISO dates as epoch milliseconds (so that `GTE` with an
 * epoch-ms string works on `lastmodifieddate`), everything else as case-insensitive strings.
 */
export const OPERATORS = [
  'EQ',
  'NEQ',
  'LT',
  'LTE',
  'GT',
  'GTE',
  'BETWEEN',
  'IN',
  'NOT_IN',
  'HAS_PROPERTY',
  'NOT_HAS_PROPERTY',
  'CONTAINS_TOKEN',
  'NOT_CONTAINS_TOKEN',
] as const;
export type Operator = (typeof OPERATORS)[number];

export interface SearchFilter {
  readonly propertyName: string;
  readonly operator: Operator;
  readonly value?: string;
  readonly values?: readonly string[];
  readonly highValue?: string;
}

export interface FilterGroup {
  readonly filters: readonly SearchFilter[];
}

export interface FilterLimits {
  readonly maxGroups: number;
  readonly maxFiltersPerGroup: number;
  readonly maxFilters: number;
}

export interface SortKey {
  readonly propertyName: string;
  readonly direction: 'ASCENDING' | 'DESCENDING';
}

type Properties = Readonly<Record<string, string | null | undefined>>;

/** Why the filters break HubSpot's limits or rules, or `undefined` when they are acceptable. */
export function filterProblem(groups: readonly FilterGroup[], limits: FilterLimits): string | undefined {
  if (groups.length > limits.maxGroups) {
    return `The request contains ${groups.length} filter groups, but the maximum allowed is ${limits.maxGroups}.`;
  }
  let total = 0;
  for (const group of groups) {
    if (group.filters.length > limits.maxFiltersPerGroup) {
      return `A filter group contains ${group.filters.length} filters, but the maximum allowed per group is ${limits.maxFiltersPerGroup}.`;
    }
    total += group.filters.length;
    for (const filter of group.filters) {
      const problem = operandProblem(filter);
      if (problem !== undefined) return problem;
    }
  }
  if (total > limits.maxFilters) {
    return `The request contains ${total} filters, but the maximum allowed is ${limits.maxFilters}.`;
  }
  return undefined;
}

function operandProblem(filter: SearchFilter): string | undefined {
  const where = `filter on ${filter.propertyName} with operator ${filter.operator}`;
  switch (filter.operator) {
    case 'IN':
    case 'NOT_IN':
      return filter.values === undefined || filter.values.length === 0 ? `${where} needs values` : undefined;
    case 'BETWEEN':
      return filter.value === undefined || filter.highValue === undefined
        ? `${where} needs value and highValue`
        : undefined;
    case 'HAS_PROPERTY':
    case 'NOT_HAS_PROPERTY':
      return undefined;
    default:
      return filter.value === undefined ? `${where} needs a value` : undefined;
  }
}

/** Groups are OR-ed, the filters of a group AND-ed; no groups match everything. */
export function matchesFilterGroups(properties: Properties, groups: readonly FilterGroup[]): boolean {
  if (groups.length === 0) return true;
  return groups.some((group) => group.filters.every((filter) => matchesFilter(properties, filter)));
}

export function matchesFilter(properties: Properties, filter: SearchFilter): boolean {
  const raw = properties[filter.propertyName];
  const actual = raw === undefined || raw === null || raw === '' ? undefined : raw;
  const { value = '', values = [], highValue = '' } = filter;
  switch (filter.operator) {
    case 'HAS_PROPERTY':
      return actual !== undefined;
    case 'NOT_HAS_PROPERTY':
      return actual === undefined;
    case 'NEQ':
      return actual === undefined || compareValues(actual, value) !== 0;
    case 'NOT_IN':
      return actual === undefined || values.every((v) => compareValues(actual, v) !== 0);
    case 'NOT_CONTAINS_TOKEN':
      return actual === undefined || !containsToken(actual, value);
  }
  if (actual === undefined) return false;
  switch (filter.operator) {
    case 'EQ':
      return compareValues(actual, value) === 0;
    case 'IN':
      return values.some((v) => compareValues(actual, v) === 0);
    case 'LT':
      return lessThan(compareValues(actual, value), 0);
    case 'LTE':
      return lessThan(compareValues(actual, value), 1);
    case 'GT':
      return lessThan(0, compareValues(actual, value));
    case 'GTE':
      return lessThan(-1, compareValues(actual, value));
    case 'BETWEEN':
      return lessThan(-1, compareValues(actual, value)) && lessThan(compareValues(actual, highValue), 1);
    case 'CONTAINS_TOKEN':
      return containsToken(actual, value);
  }
}

function lessThan(a: number | undefined, b: number | undefined): boolean {
  return a !== undefined && b !== undefined && a < b;
}

const NUMBER = /^-?\d+(\.\d+)?$/;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/;

function comparable(value: string): number | string {
  if (NUMBER.test(value)) return Number(value);
  if (ISO_DATE.test(value)) {
    const ms = Date.parse(value);
    if (!Number.isNaN(ms)) return ms;
  }
  return value.toLowerCase();
}

/** -1, 0 or 1; `undefined` when one side is a number or date and the other is not. */
export function compareValues(a: string, b: string): number | undefined {
  const x = comparable(a);
  const y = comparable(b);
  if (typeof x !== typeof y) return undefined;
  return x < y ? -1 : x > y ? 1 : 0;
}

function tokens(value: string): string[] {
  return value
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((t) => t !== '');
}

/** A token match, or with `*` a wildcard match on the whole value or any token (`*@acme.com`). */
function containsToken(actual: string, wanted: string): boolean {
  const lower = wanted.toLowerCase();
  if (lower.includes('*')) {
    const pattern = new RegExp(
      `^${lower
        .split('*')
        .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
        .join('.*')}$`,
    );
    return pattern.test(actual.toLowerCase()) || tokens(actual).some((t) => pattern.test(t));
  }
  const have = new Set(tokens(actual));
  const need = tokens(lower);
  return need.length > 0 && need.every((t) => have.has(t));
}

/** Free-text `query`: every word must start a token of one of the object's searchable properties. */
export function matchesQuery(properties: Properties, query: string, searchable: readonly string[]): boolean {
  const words = tokens(query);
  if (words.length === 0) return true;
  const have = searchable.flatMap((name) => {
    const value = properties[name];
    return value === undefined || value === null ? [] : tokens(value);
  });
  return words.every((w) => have.some((t) => t.startsWith(w)));
}

/** Sort order for search results: by each key (unset values last), then by numeric id. */
export function compareForSort(
  a: { readonly id: string; readonly properties: Properties },
  b: { readonly id: string; readonly properties: Properties },
  sorts: readonly SortKey[],
): number {
  for (const sort of sorts) {
    const x = a.properties[sort.propertyName] ?? null;
    const y = b.properties[sort.propertyName] ?? null;
    if (x === y) continue;
    if (x === null) return 1;
    if (y === null) return -1;
    const order = compareValues(x, y) ?? (x < y ? -1 : 1);
    if (order !== 0) return sort.direction === 'DESCENDING' ? -order : order;
  }
  return Number(a.id) - Number(b.id);
}
