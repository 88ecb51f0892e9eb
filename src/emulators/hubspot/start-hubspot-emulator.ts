import { HubSpotEmulatorApp, type EmulatorStats, type PreloadRecord } from './emulator-app.js';
import type { HubSpotEmulatorOptions } from './emulator-options.js';
import type { Fault } from './fault-plan.js';
import type { RecordView } from './record-view.js';
import type { Endpoint } from './router.js';
import { serveOnLoopback } from './serve-on-loopback.js';

/** A running emulator, for tests and the demo. */
export interface HubSpotEmulator {
  /** Base URL for the client (`basePath`), e.g. `http://127.0.0.1:40123`. */
  readonly url: string;
  readonly port: number;
  /** The first accepted access token. */
  readonly token: string;
  readonly app: HubSpotEmulatorApp;
  close(): Promise<void>;
  stats(): EmulatorStats;
  /** Current records of `contacts` or `companies`, with every property. */
  records(object: string): RecordView[];
  /** Adds records other tools wrote before, at once (see `HubSpotEmulatorApp.preload`); returns their ids. */
  preload(object: string, records: readonly PreloadRecord[]): string[];
  now(): number;
  /** Freezes the emulator clock at `ms` (epoch milliseconds). */
  setClock(ms: number): void;
  advance(ms: number): void;
  /** Applies `fault` to the next `times` requests (default 1), to `endpoint` only when given. */
  injectFault(fault: Fault, options?: { readonly times?: number; readonly endpoint?: Endpoint }): void;
}

export async function startHubSpotEmulator(options: HubSpotEmulatorOptions = {}): Promise<HubSpotEmulator> {
  const app = new HubSpotEmulatorApp(options);
  const served = await serveOnLoopback(app);
  return {
    url: served.url,
    port: served.port,
    token: app.options.tokens[0] ?? '',
    app,
    close: () => served.close(),
    stats: () => app.stats(),
    records: (object) => app.records(object),
    preload: (object, records) => app.preload(object, records),
    now: () => app.clock.now(),
    setClock: (ms) => app.clock.set(ms),
    advance: (ms) => app.clock.advance(ms),
    injectFault: (fault, opts = {}) => app.faults.inject(fault, opts.times ?? 1, opts.endpoint),
  };
}
