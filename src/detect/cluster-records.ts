import { DisjointSet } from './disjoint-set.js';

/** A match edge between two records. */
export interface MatchEdge {
  readonly a: number;
  readonly b: number;
  readonly probability: number;
  readonly weight: number;
}

export interface ClusterOptions {
  /** A cluster may not grow past this many records. */
  readonly maxClusterSize: number;
  /** Values that must not differ inside one cluster (external IDs of one system), one column per key. */
  readonly uniqueColumns: readonly (readonly string[])[];
}

export interface Clustering {
  /** Cluster representative (smallest record index of the cluster) per record. */
  readonly clusterOf: Int32Array;
  /** Edges not applied: they would have grown a cluster past the size guard or joined two unique keys. */
  readonly cutEdges: readonly MatchEdge[];
}

/**
 * Joins records along match edges, strongest first, refusing any join that would pass the size guard
 * or put two different unique keys in one cluster — so a chain of weak edges cannot snowball.
 */
export function clusterRecords(n: number, edges: readonly MatchEdge[], options: ClusterOptions): Clustering {
  const sets = new DisjointSet(n);
  const uniques = options.uniqueColumns.map((column) => {
    const values = new Map<number, string>();
    column.forEach((v, i) => {
      if (v !== '') values.set(i, v);
    });
    return values;
  });
  const ordered = [...edges].sort((x, y) => y.weight - x.weight || x.a - y.a || x.b - y.b);
  const cutEdges: MatchEdge[] = [];
  for (const edge of ordered) {
    const ra = sets.find(edge.a);
    const rb = sets.find(edge.b);
    if (ra === rb) continue;
    if (sets.size(ra) + sets.size(rb) > options.maxClusterSize || uniquesConflict(uniques, ra, rb)) {
      cutEdges.push(edge);
      continue;
    }
    const root = sets.unionRoots(ra, rb);
    const other = root === ra ? rb : ra;
    for (const values of uniques) {
      const v = values.get(other);
      if (v !== undefined && !values.has(root)) values.set(root, v);
    }
  }
  const clusterOf = new Int32Array(n);
  const smallest = new Map<number, number>();
  for (let i = 0; i < n; i++) {
    const root = sets.find(i);
    if (!smallest.has(root)) smallest.set(root, i);
    clusterOf[i] = smallest.get(root)!;
  }
  return { clusterOf, cutEdges };
}

function uniquesConflict(uniques: readonly Map<number, string>[], ra: number, rb: number): boolean {
  for (const values of uniques) {
    const a = values.get(ra);
    const b = values.get(rb);
    if (a !== undefined && b !== undefined && a !== b) return true;
  }
  return false;
}
