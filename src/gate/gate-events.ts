import type { EventStatus, PauseCause } from '../store/state-store.js';

/**
 * What the gate reports as it works, for metrics and logs to subscribe to. Carries ids, lanes and
 * figures only — never payload values.
 */
export type GateEvent =
  | {
      readonly type: 'event_finished';
      readonly eventId: string;
      readonly lane: string;
      readonly status: Extract<EventStatus, 'written' | 'review' | 'dead_letter'>;
      readonly decision: string;
      readonly operation?: string;
      readonly gateMs: number;
      /** Of `gateMs`, the wait for the locks of the event's keys. */
      readonly lockMs?: number;
      readonly targetMs: number;
      readonly apiCalls: number;
    }
  | {
      readonly type: 'event_retry';
      readonly eventId: string;
      readonly lane: string;
      readonly attempt: number;
      readonly delayMs: number;
      readonly error: string;
    }
  | {
      readonly type: 'protected_value_kept';
      readonly eventId: string;
      readonly lane: string;
      readonly property: string;
      readonly heldBy: string;
    }
  | { readonly type: 'worker_error'; readonly worker: string; readonly error: string }
  /**
   * An alert: a lane stopped taking events — its circuit breaker tripped (`max_creates`: the window's creates
   * were used up) or an operator paused it. Its events wait, accepted, until an operator resumes it.
   */
  | {
      readonly type: 'lane_paused';
      readonly lane: string;
      readonly cause: PauseCause;
      /** `gate` for the circuit breaker, else the operator. */
      readonly actor: string;
      readonly reason: string;
      /** For a trip: the creates counted in the window, and the limit. */
      readonly creates?: number;
      readonly limit?: string;
    }
  | { readonly type: 'lane_resumed'; readonly lane: string; readonly actor: string; readonly reason: string }
  /** An event whose record is older than the lane's start date (`since`), or undated: not synced. */
  | {
      readonly type: 'event_before_since';
      readonly eventId: string;
      readonly lane: string;
      readonly undated: boolean;
    }
  | {
      readonly type: 'index_progress';
      readonly scope: string;
      /** Records of the target read so far by the full load. */
      readonly loaded: number;
      readonly done: boolean;
    }
  | {
      readonly type: 'index_refreshed';
      readonly scope: string;
      readonly changed: number;
      readonly repointed: number;
      readonly removed: number;
    }
  | { readonly type: 'index_error'; readonly scope: string; readonly error: string }
  /** A target system stopped answering: its lanes are held back until a probe gets an answer. */
  | {
      readonly type: 'target_down';
      readonly system: string;
      readonly reason: string;
      readonly lanes: readonly string[];
    }
  | { readonly type: 'target_up'; readonly system: string; readonly downMs: number; readonly probes: number };

export type GateListener = (event: GateEvent) => void;

export const IGNORE_GATE_EVENTS: GateListener = () => undefined;
