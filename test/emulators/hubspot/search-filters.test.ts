import { describe, expect, it } from 'vitest';
import {
  compareForSort,
  filterProblem,
  matchesFilter,
  matchesFilterGroups,
  matchesQuery,
  type SearchFilter,
} from '../../../src/emulators/hubspot/search-filters.js';

const ann = {
  email: 'ann@acme.com',
  firstname: 'Ann',
  phone: '+15550001',
  num_employees: '120',
  lastmodifieddate: '2024-03-01T10:00:00.000Z',
  website: null,
};

function match(filter: SearchFilter): boolean {
  return matchesFilter(ann, filter);
}

describe('search filter evaluation', () => {
  it('EQ on strings ignores case; NEQ is its negation and holds for unset properties', () => {
    expect(match({ propertyName: 'email', operator: 'EQ', value: 'ANN@Acme.com' })).toBe(true);
    expect(match({ propertyName: 'email', operator: 'NEQ', value: 'ann@acme.com' })).toBe(false);
    expect(match({ propertyName: 'website', operator: 'NEQ', value: 'x' })).toBe(true);
    expect(match({ propertyName: 'website', operator: 'EQ', value: 'x' })).toBe(false);
  });

  it('IN and NOT_IN', () => {
    expect(match({ propertyName: 'phone', operator: 'IN', values: ['+15550002', '+15550001'] })).toBe(true);
    expect(match({ propertyName: 'phone', operator: 'NOT_IN', values: ['+15550001'] })).toBe(false);
    expect(match({ propertyName: 'website', operator: 'NOT_IN', values: ['a'] })).toBe(true);
  });

  it('HAS_PROPERTY and NOT_HAS_PROPERTY', () => {
    expect(match({ propertyName: 'email', operator: 'HAS_PROPERTY' })).toBe(true);
    expect(match({ propertyName: 'website', operator: 'HAS_PROPERTY' })).toBe(false);
    expect(match({ propertyName: 'missing', operator: 'NOT_HAS_PROPERTY' })).toBe(true);
  });

  it('ranges compare numbers numerically and ISO dates against epoch milliseconds', () => {
    expect(match({ propertyName: 'num_employees', operator: 'GT', value: '99' })).toBe(true);
    expect(match({ propertyName: 'num_employees', operator: 'LT', value: '99' })).toBe(false);
    expect(match({ propertyName: 'num_employees', operator: 'GTE', value: '120' })).toBe(true);
    expect(match({ propertyName: 'num_employees', operator: 'LTE', value: '119' })).toBe(false);
    const at = String(Date.parse('2024-03-01T10:00:00.000Z'));
    expect(match({ propertyName: 'lastmodifieddate', operator: 'GTE', value: at })).toBe(true);
    expect(match({ propertyName: 'lastmodifieddate', operator: 'GT', value: at })).toBe(false);
    expect(
      match({ propertyName: 'num_employees', operator: 'BETWEEN', value: '100', highValue: '120' }),
    ).toBe(true);
    expect(match({ propertyName: 'firstname', operator: 'GT', value: '5' })).toBe(false);
  });

  it('CONTAINS_TOKEN matches words and wildcards', () => {
    expect(match({ propertyName: 'email', operator: 'CONTAINS_TOKEN', value: 'acme' })).toBe(true);
    expect(match({ propertyName: 'email', operator: 'CONTAINS_TOKEN', value: '*@acme.com' })).toBe(true);
    expect(match({ propertyName: 'email', operator: 'CONTAINS_TOKEN', value: 'acm' })).toBe(false);
    expect(match({ propertyName: 'email', operator: 'NOT_CONTAINS_TOKEN', value: 'acme' })).toBe(false);
  });

  it('ORs groups and ANDs the filters of a group; no groups match everything', () => {
    const eq = (propertyName: string, value: string): SearchFilter => ({
      propertyName,
      operator: 'EQ',
      value,
    });
    expect(matchesFilterGroups(ann, [])).toBe(true);
    expect(matchesFilterGroups(ann, [{ filters: [eq('firstname', 'ann'), eq('phone', 'x')] }])).toBe(false);
    expect(
      matchesFilterGroups(ann, [{ filters: [eq('phone', 'x')] }, { filters: [eq('firstname', 'ann')] }]),
    ).toBe(true);
  });

  it('free-text query matches word prefixes of the searchable properties', () => {
    expect(matchesQuery(ann, 'an acm', ['email', 'firstname'])).toBe(true);
    expect(matchesQuery(ann, 'bob', ['email', 'firstname'])).toBe(false);
  });
});

describe('search filter limits', () => {
  const limits = { maxGroups: 5, maxFiltersPerGroup: 6, maxFilters: 18 };
  const filter: SearchFilter = { propertyName: 'email', operator: 'HAS_PROPERTY' };
  const group = (n: number) => ({ filters: Array.from({ length: n }, () => filter) });

  it('accepts the maximum and names the limit that is exceeded', () => {
    expect(filterProblem([group(6), group(6), group(6)], limits)).toBeUndefined();
    expect(
      filterProblem(
        Array.from({ length: 6 }, () => group(1)),
        limits,
      ),
    ).toMatch(/6 filter groups.*5/);
    expect(filterProblem([group(7)], limits)).toMatch(/7 filters.*per group is 6/);
    expect(filterProblem([group(5), group(5), group(5), group(4)], limits)).toMatch(/19 filters.*18/);
  });

  it('refuses operators without their operands', () => {
    expect(filterProblem([{ filters: [{ propertyName: 'email', operator: 'EQ' }] }], limits)).toMatch(
      /value/,
    );
    expect(filterProblem([{ filters: [{ propertyName: 'x', operator: 'IN', values: [] }] }], limits)).toMatch(
      /values/,
    );
  });
});

describe('search sort order', () => {
  it('sorts by the key with unset values last, then by id', () => {
    const docs = [
      { id: '3', properties: { name: 'b' } },
      { id: '1', properties: { name: null } },
      { id: '2', properties: { name: 'a' } },
      { id: '4', properties: { name: 'a' } },
    ];
    const asc = [...docs].sort((a, b) =>
      compareForSort(a, b, [{ propertyName: 'name', direction: 'ASCENDING' }]),
    );
    expect(asc.map((d) => d.id)).toEqual(['2', '4', '3', '1']);
    const desc = [...docs].sort((a, b) =>
      compareForSort(a, b, [{ propertyName: 'name', direction: 'DESCENDING' }]),
    );
    expect(desc.map((d) => d.id)).toEqual(['3', '2', '4', '1']);
  });
});
