import { describe, expect, it } from 'vitest';
import { naiveBaseline } from '../../bench/naive-baseline.js';
import type { NaiveRow } from '../../bench/naive-baseline.js';

const row = (id: string, first: string, last: string, email: string, company: string): NaiveRow => ({
  id,
  first_name: first,
  last_name: last,
  email,
  company,
});

describe('naiveBaseline', () => {
  it('clusters exact email duplicates after lower-casing and trimming', () => {
    const { clusters } = naiveBaseline([
      row('a', 'Robert', 'Smith', 'R.Smith@AcmeCorp.com ', 'Acme'),
      row('b', 'Bob', 'Smith', 'r.smith@acmecorp.com', 'Acme, Inc.'),
      row('c', 'Jane', 'Doe', 'jane@example.com', 'Globex'),
    ]);
    expect(clusters.get('a')).toBe(clusters.get('b'));
    expect(clusters.get('c')).not.toBe(clusters.get('a'));
    expect(clusters.get('c')).toBe('c');
  });

  it('merges two different people who share a role address (the false merge the article misses)', () => {
    const { clusters } = naiveBaseline([
      row('a', 'Maria', 'Garcia', 'support@acme.com', 'Acme, Inc.'),
      row('b', 'Kevin', 'Nguyen', 'Support@acme.com', 'Acme, Inc.'),
    ]);
    expect(clusters.get('a')).toBe(clusters.get('b'));
  });

  it('misses Bob vs Robert Smith at the same company (token_sort_ratio ≤ 85)', () => {
    const { clusters, pairsCompared } = naiveBaseline([
      row('a', 'Robert', 'Smith', 'robert.smith@acme.com', 'Acme, Inc.'),
      row('b', 'Bob', 'Smith', 'bob.smith@gmail.com', 'Acme, Inc.'),
    ]);
    expect(pairsCompared).toBe(1);
    expect(clusters.get('a')).not.toBe(clusters.get('b'));
  });

  it('links near-identical names at the same company when emails differ', () => {
    const { clusters } = naiveBaseline([
      row('a', 'Jonathan', 'Smith', 'jsmith@acme.com', 'Acme, Inc.'),
      row('b', 'Jonathon', 'Smith', 'jon.smith@gmail.com', 'Acme, Inc.'),
      row('c', 'Jonathan', 'Smith', 'jonathan@globex.com', 'Globex Corporation'),
    ]);
    expect(clusters.get('a')).toBe(clusters.get('b'));
    expect(clusters.get('c')).toBe('c');
  });

  it('compares all pairs among records with a unique email and skips blank emails', () => {
    const rows = [
      row('a', 'A', 'One', 'a@x.com', 'X'),
      row('b', 'B', 'Two', 'b@x.com', 'X'),
      row('c', 'C', 'Three', 'c@x.com', 'X'),
      row('d', 'D', 'Four', 'shared@x.com', 'X'),
      row('e', 'E', 'Five', 'shared@x.com', 'X'),
      row('f', 'F', 'Six', '', 'X'),
      row('g', 'G', 'Seven', '', 'X'),
    ];
    const { clusters, pairsCompared } = naiveBaseline(rows);
    expect(pairsCompared).toBe(3);
    expect(clusters.size).toBe(7);
    expect(clusters.get('f')).toBe('f');
    expect(clusters.get('g')).toBe('g');
    expect(clusters.get('e')).toBe('d');
  });
});
