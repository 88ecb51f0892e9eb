import { describe, expect, it } from 'vitest';
import { clusterRecords } from '../../src/detect/cluster-records.js';

const edge = (a: number, b: number, weight: number) => ({ a, b, weight, probability: 1 });

describe('clusterRecords', () => {
  it('joins records along match edges', () => {
    const { clusterOf, cutEdges } = clusterRecords(5, [edge(0, 1, 10), edge(1, 2, 9), edge(3, 4, 8)], {
      maxClusterSize: 10,
      uniqueColumns: [],
    });
    expect([...clusterOf]).toEqual([0, 0, 0, 3, 3]);
    expect(cutEdges).toEqual([]);
  });

  it('cuts the weakest edges of a chain that would pass the size guard', () => {
    const chain = [edge(0, 1, 20), edge(1, 2, 19), edge(2, 3, 5), edge(3, 4, 18)];
    const { clusterOf, cutEdges } = clusterRecords(5, chain, { maxClusterSize: 3, uniqueColumns: [] });
    expect([...clusterOf]).toEqual([0, 0, 0, 3, 3]);
    expect(cutEdges).toEqual([edge(2, 3, 5)]);
  });

  it('never puts two different unique keys in one cluster, even through a third record', () => {
    const ext = ['A', '', 'B'];
    const { clusterOf, cutEdges } = clusterRecords(3, [edge(0, 1, 10), edge(1, 2, 9)], {
      maxClusterSize: 10,
      uniqueColumns: [ext],
    });
    expect(clusterOf[0]).toBe(clusterOf[1]);
    expect(clusterOf[2]).not.toBe(clusterOf[0]);
    expect(cutEdges).toHaveLength(1);
  });
});
