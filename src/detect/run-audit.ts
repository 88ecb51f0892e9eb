import type { IdentityRules } from '../identity/rules.js';
import type { AuditSummary, ClusterView, PairView, ReportData } from './audit-result.js';
import type { InputPlan, LoadedRecords, Progress } from './load-records.js';
import { loadRecords } from './load-records.js';
import { scorePairs, type PairScores, type ScoredPair } from './score-pairs.js';
import { clusterRecords } from './cluster-records.js';
import {
  assembleClusters,
  memberRecord,
  type AssembledClusters,
  type DuplicateCluster,
} from './assemble-clusters.js';
import { AUDIT_OUTPUT_FILES, writeAuditOutputs } from './write-audit-outputs.js';
import { AtomicOutput } from '../io/atomic-output.js';
import type { FeatureStore } from '../identity/feature-store.js';

export interface AuditRequest {
  readonly plan: InputPlan;
  readonly rules: IdentityRules;
  readonly presetName: string;
  readonly contractFile: string | null;
  /** Where to write the outputs; null writes nothing (summary only). */
  readonly outDir: string | null;
  readonly makeProgress?: (label: string, total: number) => Progress;
  readonly seed?: number;
  readonly sourcePriority?: readonly string[];
  readonly maxBlockSize?: number;
  /** Neighbours compared in an oversized block (default {@link DEFAULT_WINDOW}). */
  readonly window?: number;
  /** Threads for normalizing and scoring: 1 or 2 (default: 2 when the input is large enough to gain from it). */
  readonly threads?: number;
}

export interface AuditOutcome {
  readonly summary: AuditSummary;
  readonly files: readonly string[];
}

/**
 * Blocks past this many records are compared by a sorted window: namesake blocks grow with the data, and
 * past a few dozen members their extra pairs are mostly different people already reached by other rules.
 */
export const DEFAULT_MAX_BLOCK_SIZE = 25;
/**
 * Neighbours each record of an oversized block is compared with. The pairs of records that share a key
 * value of their own (email, phone, company, postcode) come from the rules over those keys; a namesake
 * block's window adds the duplicates that share the name only, and few of its pairs are.
 */
export const DEFAULT_WINDOW = 4;
const QUIET: Progress = { update: () => undefined, stop: () => undefined };
const REPORT_CLUSTERS = 8;
const REPORT_REVIEWS = 25;

/** The audit job: read → block → estimate → score → cluster → golden records → outputs. */
export async function runAudit(request: AuditRequest): Promise<AuditOutcome> {
  const makeProgress = request.makeProgress ?? (() => QUIET);
  const started = performance.now();
  const { records, rules, store, scoringThread } = await loadRecords(
    request.plan,
    request.rules,
    makeProgress,
    {
      keepScoringThread: true,
      ...(request.threads !== undefined ? { threads: request.threads } : {}),
    },
  );
  const readMs = Math.round(performance.now() - started);

  const scores = await scorePairs(
    store,
    rules,
    {
      maxBlockSize: request.maxBlockSize ?? DEFAULT_MAX_BLOCK_SIZE,
      window: request.window ?? DEFAULT_WINDOW,
      seed: request.seed ?? 42,
      ...(records.linkSplit !== undefined ? { linkSplit: records.linkSplit } : {}),
    },
    makeProgress,
    scoringThread,
  );

  try {
    return await finishAudit(request, started, readMs, records, rules, store, scores);
  } finally {
    await scores.thread?.stop();
  }
}

/** Cluster → golden records → outputs; pairs.csv is written by the scoring thread meanwhile, when there is one. */
async function finishAudit(
  request: AuditRequest,
  started: number,
  readMs: number,
  records: LoadedRecords,
  rules: IdentityRules,
  store: FeatureStore,
  scores: PairScores,
): Promise<AuditOutcome> {
  const out = request.outDir === null ? null : await AtomicOutput.open(request.outDir, AUDIT_OUTPUT_FILES);
  try {
    const pairsWritten =
      out !== null && scores.thread !== null ? scores.thread.writePairs(out.reserve('pairs.csv')) : null;
    // Awaited once the other outputs are written; a failure meanwhile must not go unhandled.
    pairsWritten?.catch(() => undefined);
    const clusterStarted = performance.now();
    const uniqueColumns = rules.keys.filter((k) => k.unique).map((k) => store.column(k.field));
    const edges = scores.matches.map((m) => ({
      a: m.a,
      b: m.b,
      probability: m.outcome.probability,
      weight: m.outcome.weight,
    }));
    const clustering = clusterRecords(records.ids.length, edges, {
      maxClusterSize: rules.guards.maxClusterSize,
      uniqueColumns,
    });
    const clusters = assembleClusters(records, clustering.clusterOf, scores.matches, rules.fields, {
      sourcePriority: request.sourcePriority ?? [],
      fieldRules: {},
    });
    const clusterMs = Math.round(performance.now() - clusterStarted);

    const summary = buildSummary(request, records, rules, scores, clusters, clustering.cutEdges.length, {
      read: readMs,
      ...scores.timingsMs,
      cluster: clusterMs,
    });
    const finish = (writeStarted?: number): AuditSummary => {
      const timings = summary.timingsMs as Record<string, number>;
      if (writeStarted !== undefined) timings['write'] = Math.round(performance.now() - writeStarted);
      timings['total'] = Math.round(performance.now() - started);
      (summary.resources as { peakRssMb: number }).peakRssMb = Math.round(
        process.resourceUsage().maxRSS / 1024,
      );
      return summary;
    };
    let files: string[] = [];
    if (out !== null) {
      const writeStarted = performance.now();
      const report = buildReportData(summary, records, rules, scores, clusters);
      files = await writeAuditOutputs(
        out,
        records,
        scores,
        clusters,
        report,
        () => finish(writeStarted),
        pairsWritten,
      );
    }
    return { summary: finish(), files };
  } catch (error) {
    await out?.abort();
    throw error;
  }
}

function buildSummary(
  request: AuditRequest,
  records: LoadedRecords,
  rules: IdentityRules,
  scores: PairScores,
  clusters: AssembledClusters,
  cutEdges: number,
  timingsMs: Record<string, number>,
): AuditSummary {
  const n = records.ids.length;
  const recordsInDuplicateClusters = clusters.duplicates.reduce((sum, d) => sum + d.members.length, 0);
  const externalId = rules.fields.find((f) => f.type === 'external_id');
  const externalColumn = externalId ? records.raw.get(externalId.name) : undefined;
  let missingExternalId = externalColumn ? 0 : n;
  if (externalColumn) for (let i = 0; i < n; i++) if (externalColumn.at(i).trim() === '') missingExternalId++;
  const first = records.mappings[0]!;
  return {
    input: { files: request.plan.files, records: n },
    mode: records.linkSplit !== undefined ? 'link' : 'dedupe',
    preset: request.presetName,
    contract: request.contractFile,
    columns: {
      mapped: records.mappings.flatMap((m) =>
        m.mapped.filter(
          (c) => m === first || !first.mapped.some((f) => f.column === c.column && f.field === c.field),
        ),
      ),
      id: first.id,
      ignored: [...new Set(records.mappings.flatMap((m) => m.ignored))],
    },
    counts: {
      records: n,
      clusters: clusters.clusterCount,
      duplicateClusters: clusters.duplicates.length,
      recordsInDuplicateClusters,
      redundantRecords: n - clusters.clusterCount,
      duplicateRate: n === 0 ? 0 : (n - clusters.clusterCount) / n,
      comparedPairs: scores.compared,
      matchPairs: scores.matches.length,
      reviewPairs: scores.reviews.length,
      missingExternalId,
      oversizedBlocks: scores.blocking.oversizedBlocks,
      cutEdges,
    },
    blocking: scores.blocking.pairsByRule,
    clusterSizes: [...clusters.sizes.entries()]
      .sort((a, b) => a[0] - b[0])
      .map(([size, count]) => ({ size, count })),
    timingsMs,
    resources: { peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024) },
    model: {
      estimated: scores.estimated,
      prior: Number(scores.model.prior.toPrecision(4)),
      emIterations: scores.emIterations,
      comparisons: scores.model.comparisons.map((c) => ({
        field: c.field,
        levels: c.labels.map((label, l) => ({
          label,
          m: Number(c.m[l]!.toPrecision(4)),
          u: Number(c.u[l]!.toPrecision(4)),
          weight: Number(c.weights[l]!.toFixed(2)),
        })),
      })),
    },
  };
}

function buildReportData(
  summary: AuditSummary,
  records: LoadedRecords,
  rules: IdentityRules,
  scores: PairScores,
  clusters: AssembledClusters,
): ReportData {
  const pairView = (pair: ScoredPair): PairView => ({
    a: records.ids[pair.a]!,
    b: records.ids[pair.b]!,
    decision: pair.outcome.decision,
    probability: pair.outcome.probability,
    explanation: scores.scorer.explain(pair.a, pair.b),
    aValues: memberRecord(records, pair.a).values,
    bValues: memberRecord(records, pair.b).values,
  });
  const clusterView = (d: DuplicateCluster): ClusterView => ({
    clusterId: d.clusterId,
    records: d.members.map((i) => ({
      ...memberRecord(records, i),
      survivor: records.ids[i] === d.golden.survivor,
    })),
    golden: Object.fromEntries(Object.entries(d.golden.fields).map(([f, v]) => [f, v.value])),
    weakestProbability: d.weakestProbability,
    edges: d.edges.map(pairView),
  });
  const largest = [...clusters.duplicates]
    .sort((x, y) => y.members.length - x.members.length)
    .slice(0, REPORT_CLUSTERS);
  const shown = new Set(largest.map((d) => d.clusterId));
  const doubtful = [...clusters.duplicates]
    .filter((d) => !shown.has(d.clusterId))
    .sort((x, y) => x.weakestProbability - y.weakestProbability || minWeight(x) - minWeight(y))
    .slice(0, REPORT_CLUSTERS);
  const review = [...scores.reviews]
    .sort((x, y) => y.outcome.probability - x.outcome.probability)
    .slice(0, REPORT_REVIEWS);
  return {
    generatedAt: new Date().toISOString(),
    summary,
    fields: rules.fields.map((f) => f.name).filter((f) => records.raw.has(f)),
    largest: largest.map(clusterView),
    doubtful: doubtful.map(clusterView),
    review: review.map(pairView),
  };
}

const minWeight = (d: DuplicateCluster): number =>
  d.edges.reduce((min, e) => Math.min(min, e.outcome.weight), Infinity);
