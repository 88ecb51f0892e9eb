/**
 * The Lanekeeper side of the import benchmark: every row through the gate's write path (the same
 * decisions, locks, review and lineage as live events), accepted in batches and drained.
 *
 * This is the one place the benchmark calls Lanekeeper; when `lanekeeper import` exists, it is what this
 * function runs instead of the gate directly.
 */
import type { TargetConnector } from '../../src/connectors/target-connector.js';
import type { LaneContract } from '../../src/contract/index.js';
import { Gate } from '../../src/gate/gate.js';
import type { Submission } from '../../src/gate/gate-port.js';
import type { EventOutcome, StateStore } from '../../src/store/state-store.js';

export interface GateImportOptions {
  readonly store: StateStore;
  readonly lane: LaneContract;
  readonly connector: TargetConnector;
  readonly rows: readonly Submission[];
  /** Rows accepted per store call (default 500). */
  readonly batchSize?: number;
  readonly workers?: number;
  readonly onProgress?: (message: string) => void;
}

/** What became of each row, in row order: its outcome, or `undefined` when it did not finish. */
export async function importThroughGate(options: GateImportOptions): Promise<(EventOutcome | undefined)[]> {
  const { store, lane, connector, rows } = options;
  const batchSize = options.batchSize ?? 500;
  const target = lane.flow!.target.system;
  const gate = new Gate({
    store,
    lanes: [lane],
    connectors: { [target]: connector },
    workers: options.workers ?? 4,
    pollMs: 25,
    retry: { baseDelayMs: 50, maxDelayMs: 2_000 },
  });
  const ids: string[] = [];
  for (let i = 0; i < rows.length; i += batchSize) {
    const accepted = await gate.submit(lane.lane!, 'bench-import', rows.slice(i, i + batchSize));
    ids.push(...accepted.map((a) => a.id));
  }
  options.onProgress?.(`accepted ${ids.length} rows`);
  for (;;) {
    await gate.drain();
    const counts = await store.countByStatus();
    if (counts.accepted + counts.processing === 0) break;
  }
  const events = await Promise.all(ids.map((id) => store.getEvent(id)));
  return events.map((e) => e?.outcome);
}
