import { describe, expect, it } from 'vitest';
import { DisjointSet } from '../../src/detect/disjoint-set.js';

describe('DisjointSet', () => {
  it('joins sets, keeps their sizes and finds one root per set', () => {
    const sets = new DisjointSet(6);
    sets.union(0, 1);
    sets.union(2, 3);
    const root = sets.union(1, 3);
    expect(sets.size(root)).toBe(4);
    expect(new Set([0, 1, 2, 3].map((i) => sets.find(i)))).toEqual(new Set([root]));
    expect(sets.find(4)).toBe(4);
    expect(sets.find(5)).not.toBe(sets.find(4));
    expect(sets.union(0, 2)).toBe(root);
  });
});
