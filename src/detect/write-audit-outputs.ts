import type { AuditSummary, ReportData } from './audit-result.js';
import type { AssembledClusters } from './assemble-clusters.js';
import type { LoadedRecords } from './load-records.js';
import type { PairScores, ScoredPair } from './score-pairs.js';
import type { AtomicOutput } from '../io/atomic-output.js';
import { writePairsCsv } from './write-pairs.js';
import { csvLine } from '../io/csv-format.js';
import { renderReport } from '../report/render-report.js';

export const AUDIT_OUTPUT_FILES = [
  'clusters.csv',
  'pairs.csv',
  'merge-plan.json',
  'report.html',
  'summary.json',
] as const;

/**
 * Writes every audit output into `out` (opened on {@link AUDIT_OUTPUT_FILES}) and commits them; on a failure
 * the caller aborts `out`, so nothing that looks complete is left. summary.json last, with the timings of the writing itself. `pairsWritten`: pairs.csv is being written elsewhere (by the
 * scoring thread, into `out.reserve('pairs.csv')`) and is complete when this settles.
 */
export async function writeAuditOutputs(
  out: AtomicOutput,
  records: LoadedRecords,
  scores: PairScores,
  clusters: AssembledClusters,
  report: ReportData,
  finalSummary: () => AuditSummary,
  pairsWritten: Promise<void> | null,
): Promise<string[]> {
  await writeClusters(out, records, scores, clusters);
  if (pairsWritten === null) {
    await writePairsCsv(
      out.stream('pairs.csv'),
      (i) => records.ids[i]!,
      scores.matches,
      scores.reviews,
      scores.scorer,
    );
  }
  await writeMergePlan(out, records, clusters);
  const html = out.stream('report.html');
  await html.write(renderReport(report));
  await html.close();
  await pairsWritten;
  const summary = out.stream('summary.json');
  await summary.write(JSON.stringify(finalSummary(), null, 2) + '\n');
  await summary.close();
  return await out.commit();
}

async function writeClusters(
  out: AtomicOutput,
  records: LoadedRecords,
  scores: PairScores,
  clusters: AssembledClusters,
): Promise<void> {
  const n = records.ids.length;
  const best = new Float64Array(n).fill(-1);
  const reviewBest = new Float64Array(n).fill(-1);
  const note = (target: Float64Array, pair: ScoredPair): void => {
    target[pair.a] = Math.max(target[pair.a]!, pair.outcome.probability);
    target[pair.b] = Math.max(target[pair.b]!, pair.outcome.probability);
  };
  for (const d of clusters.duplicates) for (const e of d.edges) note(best, e);
  for (const r of scores.reviews) note(reviewBest, r);
  const SINGLE = 0;
  const DUPLICATE = 1;
  const SURVIVOR = 2;
  const roleOf = new Uint8Array(n);
  for (const d of clusters.duplicates) {
    for (const m of d.members) roleOf[m] = records.ids[m] === d.golden.survivor ? SURVIVOR : DUPLICATE;
  }
  const file = out.stream('clusters.csv');
  await file.write(csvLine(['record_id', 'cluster_id', 'decision', 'score', 'role']));
  for (let i = 0; i < n; i++) {
    const id = records.ids[i]!;
    const matched = roleOf[i] !== SINGLE;
    const decision = matched ? 'match' : reviewBest[i]! >= 0 ? 'review' : 'unique';
    const score = matched ? best[i]! : reviewBest[i]!;
    const role = !matched ? 'single' : roleOf[i] === SURVIVOR ? 'survivor' : 'duplicate';
    await file.write(
      csvLine([id, clusters.clusterId(i), decision, score >= 0 ? score.toFixed(6) : '', role]),
    );
  }
  await file.close();
}

async function writeMergePlan(
  out: AtomicOutput,
  records: LoadedRecords,
  clusters: AssembledClusters,
): Promise<void> {
  const file = out.stream('merge-plan.json');
  await file.write('{\n  "clusters": [\n');
  let first = true;
  for (const d of clusters.duplicates) {
    const entry = {
      cluster_id: d.clusterId,
      records: d.members.map((i) => records.ids[i]!),
      survivor: d.golden.survivor,
      losers: d.golden.losers,
      survivor_why: d.golden.survivorWhy,
      weakest_probability: Number(d.weakestProbability.toFixed(6)),
      fields: d.golden.fields,
    };
    await file.write((first ? '    ' : ',\n    ') + JSON.stringify(entry));
    first = false;
  }
  await file.write('\n  ]\n}\n');
  await file.close();
}
