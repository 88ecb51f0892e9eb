/**
 * The index load of the import benchmark: every record of the target object read through the connector,
 * identity properties only, paged at HubSpot's 100 per request and throttled by the connector's rate
 * limiter, while the emulator counts the requests and the ones it refused (429).
 *
 * Until the gate keeps a target index of its own, this reads the records the index would hold and measures
 * what that costs; the gate's run does not use them. When it does, this is the function to point at the
 * gate's index load (`lanekeeper index`), with the same figures.
 */
import type { TargetConnector } from '../../src/connectors/target-connector.js';
import type { HubSpotEmulator } from '../../src/emulators/hubspot/index.js';

export interface IndexLoad {
  readonly records: number;
  readonly api_calls: number;
  /** Requests the emulator answered 429: 0 when the load kept within HubSpot's limits. */
  readonly rate_limited: number;
  readonly seconds: number;
  /** Requests per 10 s, HubSpot's window (its top private-app tier allows 190). */
  readonly requests_per_10s: number;
}

export async function loadTargetIndex(
  emulator: HubSpotEmulator,
  connector: TargetConnector,
  object: string,
  properties: readonly string[],
): Promise<IndexLoad> {
  const before = emulator.stats();
  const started = performance.now();
  const records = await connector.listAll(object, properties);
  const seconds = (performance.now() - started) / 1000;
  const after = emulator.stats();
  const calls = after.total - before.total;
  return {
    records: records.length,
    api_calls: calls,
    rate_limited: after.rateLimited - before.rateLimited,
    seconds: Math.round(seconds * 100) / 100,
    requests_per_10s: seconds === 0 ? calls : Math.round((calls / seconds) * 10 * 10) / 10,
  };
}
