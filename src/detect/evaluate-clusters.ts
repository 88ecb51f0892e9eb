/** Quality of a clustering against ground truth. */
export interface Evaluation {
  readonly records: number;
  readonly pairwise: {
    readonly precision: number;
    readonly recall: number;
    readonly f1: number;
    readonly truePairs: number;
    readonly predictedPairs: number;
    readonly correctPairs: number;
  };
  readonly bcubed: { readonly precision: number; readonly recall: number; readonly f1: number };
  /** Precision of the pairs decided `match` (null when no pair list was given). */
  readonly matchDecisions: {
    readonly pairs: number;
    readonly correct: number;
    readonly precision: number;
  } | null;
}

const choose2 = (n: number): number => (n * (n - 1)) / 2;
const f1 = (p: number, r: number): number => (p + r === 0 ? 0 : (2 * p * r) / (p + r));

/**
 * Pairwise precision/recall/F1 (pairs inside predicted clusters vs pairs inside true entities) and B-cubed,
 * from a cluster id and a true entity per record; plus the precision of explicit match decisions.
 */
export function evaluateClusters(
  predicted: ReadonlyMap<string, string>,
  truth: ReadonlyMap<string, string>,
  matchPairs?: readonly (readonly [string, string])[],
): Evaluation {
  const cells = new Map<string, number>();
  const clusterSize = new Map<string, number>();
  const entitySize = new Map<string, number>();
  for (const [id, cluster] of predicted) {
    const entity = truth.get(id);
    if (entity === undefined) throw new Error(`record '${id}' has no ground truth`);
    const cell = `${cluster}\u0001${entity}`;
    cells.set(cell, (cells.get(cell) ?? 0) + 1);
    clusterSize.set(cluster, (clusterSize.get(cluster) ?? 0) + 1);
    entitySize.set(entity, (entitySize.get(entity) ?? 0) + 1);
  }
  let correctPairs = 0;
  let bPrecision = 0;
  let bRecall = 0;
  for (const [cell, n] of cells) {
    const [cluster, entity] = cell.split('\u0001') as [string, string];
    correctPairs += choose2(n);
    bPrecision += (n * n) / clusterSize.get(cluster)!;
    bRecall += (n * n) / entitySize.get(entity)!;
  }
  let predictedPairs = 0;
  for (const n of clusterSize.values()) predictedPairs += choose2(n);
  let truePairs = 0;
  for (const n of entitySize.values()) truePairs += choose2(n);
  const precision = predictedPairs === 0 ? 1 : correctPairs / predictedPairs;
  const recall = truePairs === 0 ? 1 : correctPairs / truePairs;
  const records = predicted.size;
  const bp = records === 0 ? 1 : bPrecision / records;
  const br = records === 0 ? 1 : bRecall / records;
  let matchDecisions: Evaluation['matchDecisions'] = null;
  if (matchPairs !== undefined) {
    const correct = matchPairs.filter(
      ([a, b]) => truth.get(a) !== undefined && truth.get(a) === truth.get(b),
    ).length;
    matchDecisions = {
      pairs: matchPairs.length,
      correct,
      precision: matchPairs.length === 0 ? 1 : correct / matchPairs.length,
    };
  }
  return {
    records,
    pairwise: { precision, recall, f1: f1(precision, recall), truePairs, predictedPairs, correctPairs },
    bcubed: { precision: bp, recall: br, f1: f1(bp, br) },
    matchDecisions,
  };
}
