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
  /** Cluster id per record. */
  readonly clusterIds: readonly string[];
  readonly duplicates: readonly DuplicateCluster[];
  readonly sizes: ReadonlyMap<number, number>;
  readonly clusterCount: number;
}

export function memberRecord(records: LoadedRecords, index: number): MemberRecord {
  const values: Record<string, string> = {};
  for (const [field, column] of records.raw) values[field] = column[index] ?? '';
  return {
    id: records.ids[index]!,
    values,
    updatedAt: records.updatedAt[index]!,
    source: records.sources[index] ?? '',
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
  const members = new Map<number, number[]>();
  for (let i = 0; i < n; i++) {
    const root = clusterOf[i]!;
    const list = members.get(root);
    if (list === undefined) members.set(root, [i]);
    else list.push(i);
  }
  const width = String(members.size).length;
  const idOfRoot = new Map<number, string>();
  let next = 1;
  for (const root of members.keys()) idOfRoot.set(root, `cl-${String(next++).padStart(width, '0')}`);
  const clusterIds = Array.from(clusterOf, (root) => idOfRoot.get(root)!);

  const edgesOf = new Map<number, ScoredPair[]>();
  for (const edge of applied) {
    const root = clusterOf[edge.a]!;
    if (root !== clusterOf[edge.b]) continue;
    const list = edgesOf.get(root);
    if (list === undefined) edgesOf.set(root, [edge]);
    else list.push(edge);
  }
  const present = fields.filter((f) => records.raw.has(f.name));
  const sizes = new Map<number, number>();
  const duplicates: DuplicateCluster[] = [];
  for (const [root, list] of members) {
    sizes.set(list.length, (sizes.get(list.length) ?? 0) + 1);
    if (list.length < 2) continue;
    const edges = edgesOf.get(root) ?? [];
    duplicates.push({
      clusterId: idOfRoot.get(root)!,
      members: list,
      edges,
      weakestProbability: edges.reduce((min, e) => Math.min(min, e.outcome.probability), 1),
      golden: goldenRecord(
        list.map((i) => memberRecord(records, i)),
        present,
        policy,
      ),
    });
  }
  return { clusterIds, duplicates, sizes, clusterCount: members.size };
}
