import type { FieldType } from '../identity/field-types.js';
import type { Explanation, PairDecision } from '../identity/decision.js';

export interface ColumnMapping {
  readonly field: string;
  readonly type: FieldType;
  readonly column: string;
  /** `explicit` (--map / contract), `recognised` (header name), `generated` (lanekeeper generate). */
  readonly how: 'explicit' | 'recognised';
}

export interface AuditSummary {
  readonly input: { readonly files: readonly string[]; readonly records: number };
  readonly mode: 'dedupe' | 'link';
  readonly preset: string;
  readonly contract: string | null;
  readonly columns: {
    readonly mapped: readonly ColumnMapping[];
    readonly id: string | null;
    readonly ignored: readonly string[];
  };
  readonly counts: {
    readonly records: number;
    readonly clusters: number;
    /** Clusters with two or more records. */
    readonly duplicateClusters: number;
    readonly recordsInDuplicateClusters: number;
    /** records - clusters: how many records a full merge would remove. */
    readonly redundantRecords: number;
    /** redundantRecords / records. */
    readonly duplicateRate: number;
    readonly comparedPairs: number;
    readonly matchPairs: number;
    readonly reviewPairs: number;
    /** Records that carry no external ID (the first sync cannot upsert them by key). */
    readonly missingExternalId: number;
    /** Blocks larger than the cap, compared by a sorted window instead of all pairs. */
    readonly oversizedBlocks: number;
    /** Match edges cut to keep clusters under the size guard. */
    readonly cutEdges: number;
  };
  /** Candidate pairs each blocking rule produced (each pair counted once, by the first rule that made it). */
  readonly blocking: readonly {
    readonly rule: string;
    readonly pairs: number;
    readonly oversizedBlocks: number;
  }[];
  readonly clusterSizes: readonly { readonly size: number; readonly count: number }[];
  readonly timingsMs: Readonly<Record<string, number>>;
  readonly resources: { readonly peakRssMb: number };
  readonly model: {
    /** Whether u and the prior were estimated from this data (false: too little data, or turned off). */
    readonly estimated: boolean;
    /** Prior probability that two records are the same entity. */
    readonly prior: number;
    readonly emIterations: number;
    readonly comparisons: readonly {
      readonly field: string;
      readonly levels: readonly {
        readonly label: string;
        readonly m: number;
        readonly u: number;
        readonly weight: number;
      }[];
    }[];
  };
}

export interface RecordView {
  readonly id: string;
  /** Raw input values by field name (what a person recognises). */
  readonly values: Readonly<Record<string, string>>;
  readonly survivor: boolean;
}

export interface PairView {
  readonly a: string;
  readonly b: string;
  readonly decision: PairDecision;
  readonly probability: number;
  readonly explanation: Explanation;
  readonly aValues: Readonly<Record<string, string>>;
  readonly bValues: Readonly<Record<string, string>>;
}

export interface ClusterView {
  readonly clusterId: string;
  readonly records: readonly RecordView[];
  /** The proposed golden record: field → chosen value. */
  readonly golden: Readonly<Record<string, string>>;
  /** The weakest match edge inside the cluster (its probability). */
  readonly weakestProbability: number;
  readonly edges: readonly PairView[];
}

/** Everything report.html shows. */
export interface ReportData {
  readonly generatedAt: string;
  readonly summary: AuditSummary;
  /** Field names in display order. */
  readonly fields: readonly string[];
  readonly largest: readonly ClusterView[];
  readonly doubtful: readonly ClusterView[];
  readonly review: readonly PairView[];
}
