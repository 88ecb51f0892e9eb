export { createHubSpotConnector, HubSpotConnector } from './hubspot-connector.js';
export type { BucketOptions, HubSpotConnectorOptions } from './hubspot-connector-options.js';
export type { RetryPolicy } from './retry-policy.js';
export type { LookupLimits } from './key-lookup-plan.js';
