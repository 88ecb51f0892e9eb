import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { GatewayConfig } from '../config/gateway-config.js';
import { runAudit } from '../detect/run-audit.js';
import { laneRun } from '../import/lane-run.js';
import { payloadColumns } from '../import/payload-columns.js';
import {
  IMPORT_LINGER_MS,
  IMPORT_WORKERS,
  runImport,
  type ImportProgress,
  type ImportSummary,
  type RowOutcome,
} from '../import/run-import.js';
import { openRecords } from '../io/record-source.js';
import { openGateway, type GateOverrides } from '../server/open-gateway.js';
import {
  conflictsByProperty,
  valueConflicts,
  type PropertyConflicts,
  type ValueConflict,
} from './value-conflicts.js';

/** Lines listed (all are counted) of rows without the anchor, and of reviews. */
const MAX_LISTED = 100;

export interface PlanOptions {
  readonly config: GatewayConfig;
  readonly lane: string;
  readonly file: string;
  readonly map?: Readonly<Record<string, string>>;
  readonly onProgress?: (progress: ImportProgress) => void;
  /** Gate options beyond the config (tests). */
  readonly overrides?: GateOverrides;
}

/** What the plan predicts and finds: names, counts, lines and record ids — never values (logs, `--json`). */
export interface PlanSummary {
  readonly lane: string;
  readonly file: string;
  /** The dry run's counts: what a first sync of the file through the lane would do now. */
  readonly prediction: Pick<
    ImportSummary,
    | 'rows'
    | 'created'
    | 'updated'
    | 'unchanged'
    | 'review'
    | 'blocked'
    | 'deadLetters'
    | 'badRows'
    | 'repeated'
  >;
  /** The duplicates inside the file (the audit with the lane's identity rules): a naive first sync copies them. */
  readonly sourceDuplicates: {
    readonly records: number;
    readonly duplicateClusters: number;
    /** Records a naive first sync would create beyond one per person. */
    readonly redundantRecords: number;
  };
  /** Rows without the source id the crosswalk anchors on (`source.id_field`); all rows when the lane has none. */
  readonly anchor: {
    readonly field: string | null;
    readonly missing: number;
    readonly lines: readonly number[];
  };
  /** Properties where an existing record and the file differ, and how the lane's rules decide them. */
  readonly conflicts: { readonly records: number; readonly byProperty: readonly PropertyConflicts[] };
  readonly reviews: readonly { readonly line: number; readonly eventId: string; readonly reason: string }[];
  readonly problems: ImportSummary['problems'];
  readonly apiCalls: number;
  readonly seconds: number;
}

export interface PlanResult {
  readonly summary: PlanSummary;
  /** With values: for the report file only. */
  readonly conflicts: readonly ValueConflict[];
}

/**
 * The readiness audit of a first sync: the file goes through the lane in dry run — the import's own code
 * path, so the prediction is what the dry run does — against the CRM as it is, on a scratch store (the real
 * one is not touched, nothing is written to the CRM); then the audit's detection counts the duplicates
 * inside the file, the rows without the anchor are listed, and the value conflicts read against the CRM.
 */
export async function runPlan(options: PlanOptions): Promise<PlanResult> {
  const started = performance.now();
  const scratch = await mkdtemp(join(tmpdir(), 'lanekeeper-plan-'));
  try {
    const { config, lane } = laneRun(options.config, options.lane, true);
    const flow = lane.contract.flow!;
    const scratchConfig: GatewayConfig = {
      ...config,
      store: { kind: 'sqlite', path: join(scratch, 'plan.db') },
    };
    const gateway = await openGateway(scratchConfig, {
      workers: IMPORT_WORKERS,
      targetLingerMs: IMPORT_LINGER_MS,
      ...options.overrides,
    });
    const outcomes: RowOutcome[] = [];
    let imported: ImportSummary;
    let conflicts: ValueConflict[];
    const connector = gateway.connectors[flow.target.system]!;
    try {
      gateway.gate.start();
      imported = await runImport({
        gate: gateway.gate,
        connector,
        lane: lane.name,
        flow,
        principal: lane.user,
        file: options.file,
        ...(options.map === undefined ? {} : { map: options.map }),
        ...(options.onProgress === undefined ? {} : { onProgress: options.onProgress }),
        onOutcome: (o) => outcomes.push(o),
      });
      conflicts = await valueConflicts(flow, connector, outcomes);
    } finally {
      await gateway.close();
    }

    const source = await openRecords(options.file);
    const columns = payloadColumns(flow, source.columns, options.map ?? {}, options.file);
    const explicit: Record<string, string> = {};
    for (const field of flow.fields) {
      const column = columns.get(field.name);
      if (field.identity !== undefined && column !== undefined) explicit[field.identity] = column;
    }
    const audit = await runAudit({
      plan: { files: [options.file], explicit, extraStrings: [] },
      rules: lane.contract.identity,
      presetName: lane.contract.presetName ?? 'custom',
      contractFile: lane.contractFile,
      outDir: null,
    });

    const idField = flow.source.idField ?? null;
    const idColumn = idField === null ? undefined : columns.get(idField);
    const missing: number[] = [];
    let missingCount = 0;
    for await (const chunk of source.rows)
      for (const row of chunk)
        if (idColumn === undefined || (row.values[idColumn] ?? '').trim() === '') {
          missingCount++;
          if (missing.length < MAX_LISTED) missing.push(row.line);
        }

    const reviews = outcomes
      .filter((o) => o.event.status === 'review')
      .slice(0, MAX_LISTED)
      .map((o) => ({
        line: o.line,
        eventId: o.event.id,
        reason: String((o.event.outcome?.explanation as { reason?: unknown } | undefined)?.reason ?? ''),
      }));
    const summary: PlanSummary = {
      lane: lane.name,
      file: options.file,
      prediction: {
        rows: imported.rows,
        created: imported.created,
        updated: imported.updated,
        unchanged: imported.unchanged,
        review: imported.review,
        blocked: imported.blocked,
        deadLetters: imported.deadLetters,
        badRows: imported.badRows,
        repeated: imported.repeated,
      },
      sourceDuplicates: {
        records: audit.summary.counts.records,
        duplicateClusters: audit.summary.counts.duplicateClusters,
        redundantRecords: audit.summary.counts.redundantRecords,
      },
      anchor: { field: idField, missing: missingCount, lines: missing },
      conflicts: {
        records: new Set(conflicts.map((c) => c.targetId)).size,
        byProperty: conflictsByProperty(conflicts),
      },
      reviews,
      problems: imported.problems,
      apiCalls: imported.apiCalls,
      seconds: Math.round((performance.now() - started) / 10) / 100,
    };
    return { summary, conflicts };
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}
