/**
 * `lanekeeper serve --config FILE` with two settings the config file does not expose yet, for soak runs:
 *   --target-rate N   requests per second the HubSpot connector may send (serve: 15/s, search 3/s);
 *   --lease-ms N      how long a leased event is this process's (serve: 30 s) — after a kill -9, its
 *                     events wait this long before a restarted process takes them over.
 * Everything else is what serve builds: the config's store (migrated), the gate over its lanes with their
 * integration users, the HTTP app, logs on stdout. Prints the same "on URL" line on stderr.
 */
import { parseArgs } from 'node:util';
import { loadGatewayConfig } from '../../src/config/index.js';
import { createHubSpotConnector } from '../../src/connectors/hubspot/index.js';
import { Gate } from '../../src/gate/gate.js';
import { DEFAULT_ANCHOR_PROPERTY } from '../../src/gate/lane-plan.js';
import { GateEventHub, createServerLogger, startServer } from '../../src/server/index.js';
import { openStateStore } from '../../src/store/open-state-store.js';

const { values } = parseArgs({
  options: {
    config: { type: 'string' },
    'target-rate': { type: 'string', default: '5000' },
    'lease-ms': { type: 'string', default: '5000' },
  },
});
if (values.config === undefined) throw new Error('tuned-serve: --config FILE is required');
const rate = Number(values['target-rate']);
const leaseMs = Number(values['lease-ms']);
if (!(rate > 0) || !Number.isInteger(leaseMs) || leaseMs < 1)
  throw new Error('tuned-serve: --target-rate and --lease-ms must be positive numbers');

const config = await loadGatewayConfig(values.config);
const store = await openStateStore(
  config.store.kind === 'sqlite'
    ? { kind: 'sqlite', path: config.store.path }
    : {
        kind: 'postgres',
        url: config.store.url.reveal(),
        ...(config.store.schema === undefined ? {} : { schema: config.store.schema }),
      },
);
const lanes = Object.values(config.lanes);
const connectors = Object.fromEntries(
  Object.values(config.systems).map((system) => {
    const lane = lanes.find((l) => l.contract.flow?.target.system === system.name);
    const connector = createHubSpotConnector({
      accessToken: system.token.reveal(),
      basePath: system.baseUrl,
      anchorProperty: lane?.contract.flow?.target.anchorProperty ?? DEFAULT_ANCHOR_PROPERTY,
      rateLimit: { capacity: Math.ceil(rate / 10), refillPerSecond: rate },
      searchRateLimit: { capacity: Math.ceil(rate / 10), refillPerSecond: rate },
    });
    return [system.name, connector];
  }),
);
const events = new GateEventHub();
const gate = new Gate({
  store,
  lanes: lanes.map((lane) => ({ contract: lane.contract, principals: [lane.user] })),
  connectors,
  workers: config.workers,
  leaseMs,
  onEvent: events.emit,
});
const server = await startServer({
  parts: {
    gate,
    store,
    lanes: config.lanes,
    operatorToken: config.operatorToken,
    limits: config.limits,
    gateEvents: events,
  },
  host: config.listen.host,
  port: config.listen.port,
  logger: createServerLogger(),
});
gate.start();
process.stderr.write(`lanekeeper: serving ${lanes.length} lanes on ${server.url} (tuned); SIGTERM stops\n`);

process.once('SIGTERM', () => {
  void (async () => {
    await server.close();
    await gate.stop();
    await store.close();
    process.exit(0);
  })();
});
