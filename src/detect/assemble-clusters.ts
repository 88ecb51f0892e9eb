import type { FieldDef } from '../identity/rules.js';
import type { LoadedRecords } from './load-records.js';
import type { ScoredPair } from './score-pairs.js';
import {
  goldenRecord,
  type GoldenRecord,
  type MemberRecord,
  type SurvivorshipPolicy,
} from './golden-record.js';

/** A cluster of two or more records joined by match edges, with its proposed golden record. */
export interface DuplicateCluster {
  readonly clusterId: string;
  readonly members: readonly number[];
  readonly edges: readonly ScoredPair[];
  readonly weakestProbability: number;
  readonly golden: GoldenRecord;
}

export interface AssembledClusters {
  /** The cluster id of a record (by index). */
  clusterId(record: number): string;
  readonly duplicates: readonly DuplicateCluster[];
  readonly sizes: ReadonlyMap<number, number>;
  readonly clusterCount: number;
}

export function memberRecord(records: LoadedRecords, index: number): MemberRecord {
  return memberRecords(records)(index);
}

/** Reads records as `MemberRecord`s; the field list is taken once, not per record. */
export function memberRecords(records: LoadedRecords): (index: number) => MemberRecord {
  const fields = [...records.raw.keys()];
  const columns = [...records.raw.values()];
  return (index) => {
    const values: Record<string, string> = {};
    for (let f = 0; f < fields.length; f++) values[fields[f]!] = columns[f]!.at(index);
    return {
      id: records.ids[index]!,
      values,
      updatedAt: records.updatedAt[index]!,
      source: records.sources[index] ?? '',
    };
  };
}

/** Groups records by cluster, numbers the clusters in input order, and proposes a golden record per duplicate cluster. */
export function assembleClusters(
  records: LoadedRecords,
  clusterOf: Int32Array,
  applied: readonly ScoredPair[],
  fields: readonly FieldDef[],
  policy: SurvivorshipPolicy,
): AssembledClusters {
  const n = clusterOf.length;
  const size = new Int32Array(n);
  for (let i = 0; i < n; i++) size[clusterOf[i]!]!++;
  // Clusters are numbered in the order of their first record; members of clusters of two or more are laid
  // out cluster after cluster (a counting sort), in record order.
  const numberOf = new Int32Array(n).fill(-1);
  const roots: number[] = [];
  const start = new Int32Array(n);
  let laid = 0;
  for (let i = 0; i < n; i++) {
    const root = clusterOf[i]!;
    if (numberOf[root] !== -1) continue;
    numberOf[root] = roots.length;
    roots.push(root);
    if (size[root]! >= 2) {
      start[root] = laid;
      laid += size[root]!;
    }
  }
  const laidOut = new Int32Array(laid);
  const filled = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const root = clusterOf[i]!;
    if (size[root]! >= 2) laidOut[start[root]! + filled[root]!++] = i;
  }
  const width = String(roots.length).length;
  const idOf = (number: number): string => `cl-${String(number + 1).padStart(width, '0')}`;
  const clusterNumbers = Int32Array.from(clusterOf, (root) => numberOf[root]!);
  const sizes = new Map<number, number>();
  for (const root of roots) sizes.set(size[root]!, (sizes.get(size[root]!) ?? 0) + 1);

  const edgesOf = new Map<number, ScoredPair[]>();
  for (const edge of applied) {
    const root = clusterOf[edge.a]!;
    if (root !== clusterOf[edge.b]) continue;
    const list = edgesOf.get(root);
    if (list === undefined) edgesOf.set(root, [edge]);
    else list.push(edge);
  }
  const present = fields.filter((f) => records.raw.has(f.name));
  const member = memberRecords(records);
  const duplicates: DuplicateCluster[] = [];
  for (const root of roots) {
    if (size[root]! < 2) continue;
    const list = Array.from(laidOut.subarray(start[root]!, start[root]! + size[root]!));
    const edges = edgesOf.get(root) ?? [];
    duplicates.push({
      clusterId: idOf(numberOf[root]!),
      members: list,
      edges,
      weakestProbability: edges.reduce((min, e) => Math.min(min, e.outcome.probability), 1),
      golden: goldenRecord(list.map(member), present, policy),
    });
  }
  return {
    clusterId: (record) => idOf(clusterNumbers[record]!),
    duplicates,
    sizes,
    clusterCount: roots.length,
  };
}
