import type { GatewayConfig } from '../config/gateway-config.js';
import { checkTargets, hasProblems, TargetSetupError } from './check-targets.js';
import { createApp, type App, type AppParts } from './create-app.js';
import { openGateway, type Gateway, type GateOverrides } from './open-gateway.js';
import { DEFAULT_DRAIN_TIMEOUT_MS } from '../config/gateway-config-schema.js';
import { serveApp } from './serve-app.js';
import { settleWithin } from './settle-within.js';
import type { Logger } from './server-logger.js';

export interface StartServerOptions {
  /** Builds the store, connectors and gate from the config; the server owns them and closes them. */
  readonly config?: GatewayConfig;
  /** Ready-made parts; the caller owns the gate and the store. One of `config` or `parts`. */
  readonly parts?: AppParts;
  /** Defaults: the config's `listen`, else 127.0.0.1 and a free port. */
  readonly host?: string;
  readonly port?: number;
  readonly logger?: Logger;
  /** With `config`: whether to start the gate's workers (default true). With `parts` the caller runs the gate. */
  readonly startWorkers?: boolean;
  /** Gate options beyond the config (with `config`). */
  readonly gateOptions?: GateOverrides;
  /** The bound of `close()`; default the config's `shutdown.drain_timeout_ms` (10 s without a config). */
  readonly drainTimeoutMs?: number;
  /**
   * With `config`: check each target system (token, scopes, properties) before anything is served, and
   * throw `TargetSetupError` naming what is wrong (`lanekeeper serve` does; default false).
   */
  readonly checkTargets?: boolean;
}

export interface RunningServer {
  readonly url: string;
  readonly app: App;
  /** The gate and store built from `config` (absent with `parts`). */
  readonly gateway?: Gateway;
  /**
   * Stops accepting, drains requests in flight, then stops the gate and closes the store it owns, all within
   * the drain bound. `false` when the bound cut it short: connections were closed, and events still in flight
   * keep their leases (taken over at the next start).
   */
  close(): Promise<boolean>;
}

/** Starts the HTTP service in this process: for `lanekeeper serve` and for tests. */
export async function startServer(options: StartServerOptions): Promise<RunningServer> {
  if ((options.config === undefined) === (options.parts === undefined)) {
    throw new Error('startServer needs exactly one of config or parts');
  }
  const config = options.config;
  const gateway = config === undefined ? undefined : await openGateway(config, options.gateOptions);
  try {
    if (config && gateway && options.checkTargets === true) {
      const checks = await checkTargets(config, gateway.connectors);
      if (hasProblems(checks)) throw new TargetSetupError(checks, config.file);
    }
    const parts: AppParts =
      config && gateway
        ? {
            gate: gateway.gate,
            store: gateway.store,
            lanes: config.lanes,
            operatorToken: config.operatorToken,
            limits: config.limits,
            gateEvents: gateway.events,
          }
        : (options.parts as AppParts);
    const app = createApp(options.logger ? { ...parts, logger: options.logger } : parts);
    const served = await serveApp(app, {
      host: options.host ?? options.config?.listen.host ?? '127.0.0.1',
      port: options.port ?? options.config?.listen.port ?? 0,
    });
    if (gateway && options.startWorkers !== false) gateway.gate.start();
    const budget = options.drainTimeoutMs ?? config?.shutdown.drainTimeoutMs ?? DEFAULT_DRAIN_TIMEOUT_MS;
    let closing: Promise<boolean> | undefined;
    return {
      url: served.url,
      app,
      ...(gateway ? { gateway } : {}),
      close: () =>
        (closing ??= (async () => {
          const deadline = performance.now() + budget;
          const left = () => Math.max(0, deadline - performance.now());
          await served.close({ drainTimeoutMs: budget });
          const disposed = await settleWithin(app.dispose(), left());
          if (gateway === undefined) return disposed;
          return (await gateway.close({ timeoutMs: left() })) && disposed;
        })()),
    };
  } catch (err) {
    await gateway?.close();
    throw err;
  }
}
