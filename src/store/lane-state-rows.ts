/** Lane states as both backends store them, and the lineage rows of lane actions. */
import type { ColumnCodec } from './row-mapping.js';
import type { CreateWindow, LanePause, LaneState, PauseCause } from './state-store.js';

export interface LaneStateRow {
  lane: string;
  paused_cause: PauseCause | null;
  paused_by: string | null;
  paused_reason: string | null;
  paused_since: unknown;
  window_start: unknown;
}

export function toLaneState(row: LaneStateRow, creates: number, columns: ColumnCodec): LaneState {
  return {
    lane: row.lane,
    ...(row.paused_cause === null ? {} : { pause: toLanePause(row, columns) }),
    ...(row.window_start === null ? {} : { windowStart: columns.time(row.window_start) }),
    creates,
  };
}

export function toLanePause(row: LaneStateRow, columns: ColumnCodec): LanePause {
  return {
    cause: row.paused_cause ?? 'operator',
    actor: row.paused_by ?? '',
    reason: row.paused_reason ?? '',
    since: columns.time(row.paused_since),
  };
}

/** Lane actions are lineage rows of a pseudo event `lane:<lane>`, so that a lane's history reads as one. */
export function laneLineageId(lane: string): string {
  return `lane:${lane}`;
}

/** The pause the circuit breaker sets when a lane's window is full. */
export function breakerPause(window: CreateWindow, creates: number): Omit<LanePause, 'since'> {
  return {
    cause: 'max_creates',
    actor: 'gate',
    reason: `max_creates reached: ${creates} creates within the window (limit ${window.label})`,
  };
}
