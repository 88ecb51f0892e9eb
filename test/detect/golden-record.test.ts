import { describe, expect, it } from 'vitest';
import { goldenRecord } from '../../src/detect/golden-record.js';

const fields = [
  { name: 'first_name', type: 'first_name' as const },
  { name: 'email', type: 'email' as const },
  { name: 'city', type: 'city' as const },
];

describe('goldenRecord', () => {
  it('keeps the most complete record and picks each value by its rule, saying why', () => {
    const g = goldenRecord(
      [
        {
          id: 'a',
          values: { first_name: 'Bob', email: 'bob@old.com', city: '' },
          updatedAt: Date.parse('2024-01-01'),
          source: 'web_form',
        },
        {
          id: 'b',
          values: { first_name: 'Robert', email: 'robert@new.com', city: 'Austin' },
          updatedAt: Date.parse('2023-01-01'),
          source: 'billing',
        },
        {
          id: 'c',
          values: { first_name: 'Robert', email: '', city: '' },
          updatedAt: Date.parse('2025-01-01'),
          source: 'help_desk',
        },
      ],
      fields,
      { sourcePriority: [], fieldRules: {} },
    );
    expect(g.survivor).toBe('b');
    expect(g.losers).toEqual(['a', 'c']);
    expect(g.fields['first_name']).toMatchObject({ value: 'Robert', rule: 'most_frequent' });
    expect(g.fields['email']).toMatchObject({ value: 'bob@old.com', from: 'a', rule: 'most_recent' });
    expect(g.fields['city']).toMatchObject({ value: 'Austin', rule: 'survivor' });
  });

  it('breaks completeness ties by recency, then source priority', () => {
    const members = [
      { id: 'a', values: { first_name: 'Ann' }, updatedAt: NaN, source: 'web_form' },
      { id: 'b', values: { first_name: 'Ann' }, updatedAt: NaN, source: 'billing' },
    ];
    expect(
      goldenRecord(members, fields, { sourcePriority: ['billing', 'web_form'], fieldRules: {} }).survivor,
    ).toBe('b');
    expect(goldenRecord(members, fields, { sourcePriority: [], fieldRules: {} }).survivor).toBe('a');
  });
});
