import { CoalescingConnector } from '../../../src/connectors/coalescing-connector.js';
import { describeTargetConnectorConformance } from '../target-connector-conformance.js';
import { startHubSpotHarness } from './hubspot-harness.js';

const INDEXING_DELAY_MS = 2_000;

// The gate's batching wrapper keeps every promise of the port it wraps.
describeTargetConnectorConformance('hubspot through the coalescing connector', async () => {
  const { emulator, connector, close } = await startHubSpotHarness({ indexingDelayMs: INDEXING_DELAY_MS });
  return {
    connector: new CoalescingConnector(connector),
    object: 'contacts',
    fields: { anchor: 'lanekeeper_id', text: 'firstname', unique: 'email', searched: 'phone' },
    settle: () => {
      emulator.advance(INDEXING_DELAY_MS);
      return Promise.resolve();
    },
    close,
  };
});
