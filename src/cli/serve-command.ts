import { loadGatewayConfig } from '../config/load-gateway-config.js';
import { createServerLogger } from '../server/server-logger.js';
import { startServer } from '../server/start-server.js';
import { integerFlag, parseCommandArgs } from './parse-command-args.js';
import { UsageError } from './usage-error.js';

const SHUTDOWN_SIGNALS = ['SIGTERM', 'SIGINT'] as const;
/** After a clean shutdown, how long lingering sockets may keep the process alive. */
const EXIT_GRACE_MS = 3_000;

/**
 * `lanekeeper serve --config FILE [--host H] [--port N]`: runs the gateway until SIGTERM or SIGINT, then stops
 * accepting, lets requests in flight finish, stops the gate's workers and closes the store. A second signal
 * exits at once.
 */
export async function runServeCommand(args: readonly string[]): Promise<number> {
  const { values } = parseCommandArgs('serve', args, {
    config: { type: 'string', short: 'c' },
    host: { type: 'string' },
    port: { type: 'string' },
  });
  if (values.config === undefined) throw new UsageError('serve: --config FILE is required');
  const port = values.port === undefined ? undefined : integerFlag('port', values.port, 0);
  if (port !== undefined && port > 65_535) throw new UsageError(`--port must be at most 65535, got ${port}`);

  const config = await loadGatewayConfig(values.config);
  const logger = createServerLogger();
  const server = await startServer({
    config,
    logger,
    checkTargets: true,
    ...(values.host === undefined ? {} : { host: values.host }),
    ...(port === undefined ? {} : { port }),
  });
  const lanes = Object.keys(config.lanes);
  process.stderr.write(
    `lanekeeper: serving ${lanes.length} lane${lanes.length === 1 ? '' : 's'} (${lanes.join(', ')}) on ` +
      `${server.url}, store: ${config.store.kind}; SIGTERM or Ctrl-C stops\n`,
  );

  const signal = await new Promise<string>((resolve) => {
    for (const name of SHUTDOWN_SIGNALS) process.once(name, () => resolve(name));
  });
  const force = () => {
    process.stderr.write('lanekeeper: second signal, exiting without draining\n');
    process.exit(1);
  };
  for (const name of SHUTDOWN_SIGNALS) {
    process.removeAllListeners(name);
    process.once(name, force);
  }
  const bound = config.shutdown.drainTimeoutMs;
  process.stderr.write(
    `lanekeeper: ${signal}: draining requests and events in flight (at most ${bound} ms), then closing the store\n`,
  );
  logger.info({ signal, drainTimeoutMs: bound }, 'shutting down');
  const drained = await server.close();
  for (const name of SHUTDOWN_SIGNALS) process.off(name, force);
  if (!drained) {
    logger.warn({ drainTimeoutMs: bound }, 'drain cut short; events in flight keep their leases');
    process.stderr.write(
      `lanekeeper: still busy after ${bound} ms (shutdown.drain_timeout_ms): events in flight keep their ` +
        'leases and are taken over at the next start; nothing is lost\n',
    );
  }
  logger.info('stopped');
  process.stderr.write('lanekeeper: stopped\n');
  // Keep-alive sockets of target connectors may outlive the shutdown; they must not hold the process. After a
  // cut-short drain, work still in the background (a call to an unreachable target) must not hold it either.
  setTimeout(() => process.exit(process.exitCode ?? 0), drained ? EXIT_GRACE_MS : 0).unref();
  return 0;
}
