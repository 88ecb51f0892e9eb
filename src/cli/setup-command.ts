import { loadGatewayConfig } from '../config/load-gateway-config.js';
import { openConnectors } from '../server/open-gateway.js';
import { setUpTargets } from '../server/set-up-targets.js';
import { parseCommandArgs } from './parse-command-args.js';
import { UsageError } from './usage-error.js';

/**
 * `lanekeeper setup --config FILE [--dry-run]`: checks each target system of the config and creates the
 * properties its lanes need (or prints what an admin must create). Exit 0 when every target is ready.
 */
export async function runSetupCommand(args: readonly string[]): Promise<number> {
  const { values } = parseCommandArgs('setup', args, {
    config: { type: 'string', short: 'c' },
    'dry-run': { type: 'boolean' },
  });
  if (values.config === undefined) throw new UsageError('setup: --config FILE is required');
  const config = await loadGatewayConfig(values.config);
  const outcome = await setUpTargets(config, openConnectors(config), {
    dryRun: values['dry-run'] === true,
  });
  for (const line of outcome.lines) process.stdout.write(`${line}\n`);
  return outcome.ok ? 0 : 1;
}
