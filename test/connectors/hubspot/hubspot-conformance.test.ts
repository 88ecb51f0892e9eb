import { describeTargetConnectorConformance } from '../target-connector-conformance.js';
import { startHubSpotHarness } from './hubspot-harness.js';

const INDEXING_DELAY_MS = 2_000;

describeTargetConnectorConformance('hubspot', async () => {
  const { emulator, connector, close } = await startHubSpotHarness({ indexingDelayMs: INDEXING_DELAY_MS });
  return {
    connector,
    object: 'contacts',
    fields: { anchor: 'lanekeeper_id', text: 'firstname', unique: 'email', searched: 'phone' },
    settle: () => {
      emulator.advance(INDEXING_DELAY_MS);
      return Promise.resolve();
    },
    close,
  };
});
