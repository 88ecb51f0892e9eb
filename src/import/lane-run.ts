import type { GatewayConfig, LaneConfig } from '../config/gateway-config.js';
import { UsageError } from '../cli/usage-error.js';

/** The lane a bulk command runs, and the config with that lane in dry run when asked. */
export function laneRun(
  config: GatewayConfig,
  lane: string,
  dryRun: boolean,
): { config: GatewayConfig; lane: LaneConfig } {
  const found = config.lanes[lane];
  if (found === undefined)
    throw new UsageError(
      `no lane '${lane}' in ${config.file} (lanes: ${Object.keys(config.lanes).join(', ') || 'none'})`,
    );
  const flow = found.contract.flow;
  if (flow === null) throw new UsageError(`lane '${lane}' has no write side (source, target, fields)`);
  if (!dryRun || flow.dryRun) return { config, lane: found };
  const inDryRun: LaneConfig = { ...found, contract: { ...found.contract, flow: { ...flow, dryRun: true } } };
  return { config: { ...config, lanes: { ...config.lanes, [lane]: inDryRun } }, lane: inDryRun };
}
