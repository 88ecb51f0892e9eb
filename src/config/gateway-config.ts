import type { LaneContract } from '../contract/index.js';
import type { SystemKind } from './gateway-config-schema.js';
import type { Secret } from './secret.js';

/** Where the gateway keeps its state. */
export type StoreConfig =
  | { readonly kind: 'sqlite'; readonly path: string }
  | { readonly kind: 'postgres'; readonly url: Secret; readonly schema?: string };

export interface SystemConfig {
  readonly name: string;
  readonly kind: SystemKind;
  readonly baseUrl: string;
  readonly token: Secret;
  /** The connector's per-request retries and timeout; absent keys keep the connector's defaults. */
  readonly requests: {
    readonly attempts?: number;
    readonly baseDelayMs?: number;
    readonly maxDelayMs?: number;
    readonly maxRetryAfterMs?: number;
    readonly timeoutMs?: number;
  };
}

export interface LaneConfig {
  readonly name: string;
  /** Absolute path of the lane contract. */
  readonly contractFile: string;
  /** The lane contract, validated, with its write side (source, target, fields). */
  readonly contract: LaneContract;
  /** The integration user posting to this lane, as recorded in lineage. */
  readonly user: string;
  /** Its bearer token; lanes of one user share it. */
  readonly token: Secret;
}

export interface LimitsConfig {
  readonly maxBodyBytes: number;
  readonly maxEventsPerRequest: number;
  /** Upper bound of `?wait=true&timeout_ms=`. */
  readonly maxWaitMs: number;
}

export interface ShutdownConfig {
  /**
   * The longest a stop (SIGTERM) waits for requests and events in flight; past it they are left to their
   * leases (taken over at the next start) and the process exits.
   */
  readonly drainTimeoutMs: number;
}

/** The target index (`target_index`); absent when turned off. */
export interface TargetIndexConfig {
  readonly refreshMs: number;
  readonly overlapMs: number;
}

/** The validated gateway config, frozen, with every credential read from the environment. */
export interface GatewayConfig {
  /** The config file, as given. */
  readonly file: string;
  readonly store: StoreConfig;
  readonly listen: { readonly host: string; readonly port: number };
  readonly systems: Readonly<Record<string, SystemConfig>>;
  readonly lanes: Readonly<Record<string, LaneConfig>>;
  readonly operatorToken: Secret;
  readonly workers: number;
  readonly limits: LimitsConfig;
  readonly shutdown: ShutdownConfig;
  readonly targetIndex?: TargetIndexConfig;
  /** Retries of a failed event attempt; absent keys keep the gate's defaults. */
  readonly retry: {
    readonly maxAttempts?: number;
    readonly baseDelayMs?: number;
    readonly maxDelayMs?: number;
  };
  /** When a failing target pauses its lanes; absent keys keep the gate's defaults. */
  readonly outages: {
    readonly failuresToPause?: number;
    readonly probeBaseMs?: number;
    readonly probeMaxMs?: number;
  };
}
