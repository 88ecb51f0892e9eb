import { loadGatewayConfig } from '../config/load-gateway-config.js';
import type { GateEvent } from '../gate/gate-events.js';
import { openGateway } from '../server/open-gateway.js';
import { parseCommandArgs } from './parse-command-args.js';
import { UsageError } from './usage-error.js';

/**
 * `lanekeeper index --config FILE`: loads the target index of every target object the config's lanes write
 * (or resumes a load that was cut off, or refreshes one that is complete), then exits. Progress on stderr.
 */
export async function runIndexCommand(args: readonly string[]): Promise<number> {
  const { values } = parseCommandArgs('index', args, { config: { type: 'string', short: 'c' } });
  if (values.config === undefined) throw new UsageError('index: --config FILE is required');
  const config = await loadGatewayConfig(values.config);
  if (config.targetIndex === undefined)
    throw new UsageError(`index: ${values.config} turns the target index off (target_index.enabled: false)`);
  const started = performance.now();
  const gateway = await openGateway(config);
  let printed = 0;
  const stop = gateway.events.subscribe((event) => {
    const line = progressLine(event);
    // Progress at most once a second; the end of each load and each refresh always.
    const always = event.type !== 'index_progress' || event.done;
    if (line === undefined || (!always && performance.now() - printed < 1_000)) return;
    printed = performance.now();
    process.stderr.write(`lanekeeper index: ${line}\n`);
  });
  try {
    await gateway.gate.prepareTargetIndex();
  } finally {
    stop();
    await gateway.close();
  }
  const calls = Object.values(gateway.connectors).reduce((n, c) => n + c.apiCalls, 0);
  const seconds = ((performance.now() - started) / 1_000).toFixed(1);
  process.stderr.write(`lanekeeper index: ready in ${seconds} s, ${calls} API calls\n`);
  return 0;
}

function progressLine(event: GateEvent): string | undefined {
  switch (event.type) {
    case 'index_progress':
      return `${event.scope}: ${event.loaded.toLocaleString('en-US')} records${event.done ? ', loaded' : ''}`;
    case 'index_refreshed':
      return `${event.scope}: refreshed (${event.changed} changed, ${event.repointed} merged away, ${event.removed} archived)`;
    default:
      return undefined;
  }
}
